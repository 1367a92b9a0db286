/*
 * proxy_info.c - the ICorProfilerInfo and ICorProfilerFunctionControl the
 * agent is given in proxy mode (proxy.h).  Every call is recorded as an
 * AgentCall event (api, args, hr, callback: the callback the calling thread
 * is inside, "" on a thread of the agent's own) and forwarded to the
 * runtime.  The calls the agent lints look at are written out and record
 * more: the event masks, the methods of ReJIT requests, and for new IL
 * bodies whether they are well formed and whether the method was compiled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slots.h"
#include "proxy/proxy.h"
#include "proxy/proxy_il.h"

#define INFO_SLOT(member) (offsetof(struct cp_info_vtbl, member) / sizeof(void *))
#define ARGS_TEXT 256
#define METHODS_TEXT 2048

struct proxy_info {
    const slot_fn *vtbl;
    struct cp_info *inner;
};

static slot_fn info_vtbl[INFO_SLOT(EnumerateGCHeapObjects) + 1];
static struct proxy_info wrapper = {info_vtbl, NULL};

static void begin_call(struct emit *em, const char *api)
{
    const char *cb = proxy_current_callback();

    emit_begin(em, "AgentCall");
    emit_str(em, "api", api);
    emit_str(em, "callback", cb ? cb : "");
}

static void record(const char *api, const uintptr_t *args, int n, cp_hr hr)
{
    char text[ARGS_TEXT];
    size_t used = 0;
    struct emit em;

    if (prof_quiet())
        return;
    text[0] = '\0';
    for (int i = 0; i < n && used < sizeof text; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s0x%jx", i ? "," : "", (uintmax_t)args[i]);
    begin_call(&em, api);
    emit_str(&em, "args", text);
    emit_hr(&em, "hr", hr);
    emit_send(&em);
}

/* ---- every slot: forward and record ------------------------------------------ */

static slot_fn inner_slot(const struct proxy_info *self, size_t slot)
{
    slot_fn f;

    memcpy(&f, (const char *)self->inner->vtbl + slot * sizeof f, sizeof f);
    return f;
}


/*
 * As for the callbacks (proxy.c): integer and pointer parameters travel
 * as uintptr_t does, so one forwarder per argument count serves every
 * slot.  The one slot with a struct passed by value
 * (EventPipeAddProviderToSession) and the slots written out below replace
 * theirs in the table.
 */
#define FORWARD(slot, name, n)                                                                             \
    __attribute__((unused)) static cp_hr fi_##name(struct proxy_info *self ARGS_##n)                      \
    {                                                                                                      \
        typedef cp_hr (*fn_t)(struct cp_info *ARGT_##n);                                                   \
        const uintptr_t args[] = {0 PASS_##n};                                                             \
        cp_hr hr = ((fn_t)inner_slot(self, slot))(self->inner PASS_##n);                                   \
        record(#name, args + 1, n, hr);                                                                    \
        return hr;                                                                                         \
    }

#define CHECK_SLOT(slot, name, n) _Static_assert(INFO_SLOT(name) == (slot), "slot of " #name);

INFO_SLOTS(CHECK_SLOT)
INFO_SLOTS(FORWARD)

/* ---- written out --------------------------------------------------------------- */

static const struct cp_guid *const info_iids[] = {
    &cp_iid_ICorProfilerInfo,   &cp_iid_ICorProfilerInfo2,  &cp_iid_ICorProfilerInfo3,
    &cp_iid_ICorProfilerInfo4,  &cp_iid_ICorProfilerInfo5,  &cp_iid_ICorProfilerInfo6,
    &cp_iid_ICorProfilerInfo7,  &cp_iid_ICorProfilerInfo8,  &cp_iid_ICorProfilerInfo9,
    &cp_iid_ICorProfilerInfo10, &cp_iid_ICorProfilerInfo11, &cp_iid_ICorProfilerInfo12,
    &cp_iid_ICorProfilerInfo13, &cp_iid_ICorProfilerInfo14, &cp_iid_ICorProfilerInfo15,
};

static cp_hr pi_QueryInterface(struct proxy_info *self, const struct cp_guid *iid, void **out)
{
    int ours = cp_guid_equal(iid, &cp_iid_IUnknown);
    const uintptr_t args[] = {(uintptr_t)iid, (uintptr_t)out};
    cp_hr hr;

    for (size_t i = 0; i < sizeof info_iids / sizeof *info_iids && !ours; i++)
        ours = cp_guid_equal(iid, info_iids[i]);
    hr = self->inner->vtbl->QueryInterface(self->inner, iid, out);
    /* The runtime's reference stands for the wrapper's: Release is forwarded. */
    if (ours && CP_SUCCEEDED(hr) && out && *out)
        *out = self;
    record("QueryInterface", args, 2, hr);
    return hr;
}

static cp_ulong pi_AddRef(struct proxy_info *self)
{
    return self->inner->vtbl->AddRef(self->inner);
}

static cp_ulong pi_Release(struct proxy_info *self)
{
    return self->inner->vtbl->Release(self->inner);
}

static cp_hr pi_SetEventMask(struct proxy_info *self, cp_ulong mask)
{
    cp_hr hr = self->inner->vtbl->SetEventMask(self->inner, mask);
    struct emit em;

    if (!prof_quiet()) {
        begin_call(&em, "SetEventMask");
        emit_u64(&em, "mask", mask);
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

static cp_hr pi_SetEventMask2(struct proxy_info *self, cp_ulong low, cp_ulong high)
{
    cp_hr hr = self->inner->vtbl->SetEventMask2(self->inner, low, high);
    struct emit em;

    if (!prof_quiet()) {
        begin_call(&em, "SetEventMask2");
        emit_u64(&em, "mask", low);
        emit_u64(&em, "mask-high", high);
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

/* "count" and "methods": the names of the methods a request is about. */
static void put_methods(struct emit *em, cp_ulong n, const cp_module_id *mods, const cp_token *toks)
{
    char text[METHODS_TEXT], name[NAME_MAX_BYTES];
    size_t used = 0;

    text[0] = '\0';
    for (cp_ulong i = 0; mods && toks && i < n && used < sizeof text; i++) {
        if (names_method_token(mods[i], toks[i], name, sizeof name) < 0)
            snprintf(name, sizeof name, "0x%jx:0x%08X", (uintmax_t)mods[i], (unsigned)toks[i]);
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s", i ? " " : "", name);
    }
    emit_u64(em, "count", n);
    emit_str(em, "methods", text);
}

/*
 * A ReJIT request is recorded before it is forwarded, since it may never
 * return (the contract's deadlock) or call back first (ReJITError), and
 * its answer afterwards as AgentCallReturned.
 */
static void request_recorded(const char *api, int has_flags, cp_ulong flags, cp_ulong n, const cp_module_id *mods,
                             const cp_token *toks)
{
    struct emit em;

    if (prof_quiet())
        return;
    begin_call(&em, api);
    if (has_flags)
        emit_u64(&em, "flags", flags);
    put_methods(&em, n, mods, toks);
    emit_send(&em);
}

static void request_returned(const char *api, cp_hr hr)
{
    struct emit em;

    if (prof_quiet())
        return;
    emit_begin(&em, "AgentCallReturned");
    emit_str(&em, "api", api);
    emit_hr(&em, "hr", hr);
    emit_send(&em);
}

static cp_hr pi_RequestReJIT(struct proxy_info *self, cp_ulong n, cp_module_id mods[], cp_token toks[])
{
    cp_hr hr;

    request_recorded("RequestReJIT", 0, 0, n, mods, toks);
    hr = self->inner->vtbl->RequestReJIT(self->inner, n, mods, toks);
    request_returned("RequestReJIT", hr);
    return hr;
}

static cp_hr pi_RequestReJITWithInliners(struct proxy_info *self, cp_ulong flags, cp_ulong n, cp_module_id mods[],
                                         cp_token toks[])
{
    cp_hr hr;

    request_recorded("RequestReJITWithInliners", 1, flags, n, mods, toks);
    hr = self->inner->vtbl->RequestReJITWithInliners(self->inner, flags, n, mods, toks);
    request_returned("RequestReJITWithInliners", hr);
    return hr;
}

static cp_hr pi_RequestRevert(struct proxy_info *self, cp_ulong n, cp_module_id mods[], cp_token toks[],
                              cp_hr status[])
{
    cp_hr hr;

    request_recorded("RequestRevert", 0, 0, n, mods, toks);
    hr = self->inner->vtbl->RequestRevert(self->inner, n, mods, toks, status);
    request_returned("RequestRevert", hr);
    return hr;
}

/* il-size, and il-error when the body is malformed. */
static void put_body(struct emit *em, cp_module_id module, cp_token method, const cp_byte *body, size_t len)
{
    char why[256];

    emit_u64(em, "il-size", len);
    if (len == 0)
        emit_str(em, "il-error", "the method header is neither tiny nor fat");
    else if (proxy_body_check(module, method, body, len, why, sizeof why) < 0)
        emit_str(em, "il-error", why);
}

static void put_method(struct emit *em, cp_module_id module, cp_token method)
{
    char name[NAME_MAX_BYTES];

    if (names_method_token(module, method, name, sizeof name) < 0)
        snprintf(name, sizeof name, "0x%jx:0x%08X", (uintmax_t)module, (unsigned)method);
    emit_str(em, "method", name);
}

static cp_hr pi_SetILFunctionBody(struct proxy_info *self, cp_module_id module, cp_token method,
                                  const cp_byte *body)
{
    int compiled = 0, quiet = prof_quiet();
    struct emit em;
    cp_hr hr;

    if (!quiet) {
        /* Asked before the body goes in: the answer is about the method as the agent found it. */
        compiled = proxy_method_compiled(module, method);
        begin_call(&em, "SetILFunctionBody");
        put_method(&em, module, method);
        emit_u64(&em, "compiled", (uint64_t)compiled);
        put_body(&em, module, method, body, proxy_body_extent(body));
    }
    hr = self->inner->vtbl->SetILFunctionBody(self->inner, module, method, body);
    if (!quiet) {
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

static cp_hr pi_EventPipeAddProviderToSession(struct proxy_info *self, cp_evpipe_session session,
                                              struct cp_evpipe_provider_config config)
{
    cp_hr hr = self->inner->vtbl->EventPipeAddProviderToSession(self->inner, session, config);
    const uintptr_t args[] = {(uintptr_t)session};

    record("EventPipeAddProviderToSession", args, 1, hr);
    return hr;
}

struct cp_unknown *proxy_info_wrap(struct cp_info *real)
{
    const slot_fn forwarders[] = {
#define ENTRY(slot, name, n) (slot_fn)fi_##name,
        INFO_SLOTS(ENTRY)
#undef ENTRY
    };
    _Static_assert(sizeof forwarders == sizeof info_vtbl, "one forwarder per slot");

    memcpy(info_vtbl, forwarders, sizeof info_vtbl);
    info_vtbl[INFO_SLOT(QueryInterface)] = (slot_fn)pi_QueryInterface;
    info_vtbl[INFO_SLOT(AddRef)] = (slot_fn)pi_AddRef;
    info_vtbl[INFO_SLOT(Release)] = (slot_fn)pi_Release;
    info_vtbl[INFO_SLOT(SetEventMask)] = (slot_fn)pi_SetEventMask;
    info_vtbl[INFO_SLOT(SetEventMask2)] = (slot_fn)pi_SetEventMask2;
    info_vtbl[INFO_SLOT(RequestReJIT)] = (slot_fn)pi_RequestReJIT;
    info_vtbl[INFO_SLOT(RequestReJITWithInliners)] = (slot_fn)pi_RequestReJITWithInliners;
    info_vtbl[INFO_SLOT(RequestRevert)] = (slot_fn)pi_RequestRevert;
    info_vtbl[INFO_SLOT(SetILFunctionBody)] = (slot_fn)pi_SetILFunctionBody;
    info_vtbl[INFO_SLOT(EventPipeAddProviderToSession)] = (slot_fn)pi_EventPipeAddProviderToSession;
    wrapper.inner = real;
    return (struct cp_unknown *)&wrapper;
}

/* ---- ICorProfilerFunctionControl ------------------------------------------------ */

/*
 * One per GetReJITParameters, never freed: an agent may keep the pointer,
 * and a later call through it must find the wrapper (which then refuses
 * with E_UNEXPECTED and records the call: the runtime's object is gone).
 */
struct proxy_control {
    struct cp_function_control base;
    struct cp_function_control *inner;
    cp_module_id module;
    cp_token method;
    atomic_int live;
};

static struct proxy_control *control_of(struct cp_function_control *self)
{
    return (struct proxy_control *)self;
}

static void control_record(struct proxy_control *c, const char *api, struct emit *em)
{
    begin_call(em, api);
    put_method(em, c->module, c->method);
    emit_u64(em, "live", (uint64_t)c->live);
}

static cp_hr pc_QueryInterface(struct cp_function_control *self, const struct cp_guid *iid, void **out)
{
    struct proxy_control *c = control_of(self);
    cp_hr hr;

    if (!c->live)
        return CP_E_UNEXPECTED;
    hr = c->inner->vtbl->QueryInterface(c->inner, iid, out);
    if (CP_SUCCEEDED(hr) && out && *out &&
        (cp_guid_equal(iid, &cp_iid_IUnknown) || cp_guid_equal(iid, &cp_iid_ICorProfilerFunctionControl)))
        *out = self;
    return hr;
}

static cp_ulong pc_AddRef(struct cp_function_control *self)
{
    struct proxy_control *c = control_of(self);
    return c->live ? c->inner->vtbl->AddRef(c->inner) : 1;
}

static cp_ulong pc_Release(struct cp_function_control *self)
{
    struct proxy_control *c = control_of(self);
    return c->live ? c->inner->vtbl->Release(c->inner) : 1;
}

static cp_hr pc_SetCodegenFlags(struct cp_function_control *self, cp_ulong flags)
{
    struct proxy_control *c = control_of(self);
    cp_hr hr = c->live ? c->inner->vtbl->SetCodegenFlags(c->inner, flags) : CP_E_UNEXPECTED;
    struct emit em;

    if (!prof_quiet()) {
        control_record(c, "FunctionControl.SetCodegenFlags", &em);
        emit_u64(&em, "codegen", flags);
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

static cp_hr pc_SetILFunctionBody(struct cp_function_control *self, cp_ulong size, const cp_byte *body)
{
    struct proxy_control *c = control_of(self);
    int quiet = prof_quiet();
    struct emit em;
    cp_hr hr;

    if (!quiet) {
        control_record(c, "FunctionControl.SetILFunctionBody", &em);
        put_body(&em, c->module, c->method, body, body ? size : 0);
    }
    hr = c->live ? c->inner->vtbl->SetILFunctionBody(c->inner, size, body) : CP_E_UNEXPECTED;
    if (!quiet) {
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

static cp_hr pc_SetILInstrumentedCodeMap(struct cp_function_control *self, cp_ulong n, struct cp_il_map map[])
{
    struct proxy_control *c = control_of(self);
    cp_hr hr = c->live ? c->inner->vtbl->SetILInstrumentedCodeMap(c->inner, n, map) : CP_E_UNEXPECTED;
    struct emit em;

    if (!prof_quiet()) {
        control_record(c, "FunctionControl.SetILInstrumentedCodeMap", &em);
        emit_u64(&em, "count", n);
        emit_hr(&em, "hr", hr);
        emit_send(&em);
    }
    return hr;
}

static const struct cp_function_control_vtbl control_vtbl = {
    pc_QueryInterface, pc_AddRef,           pc_Release,
    pc_SetCodegenFlags, pc_SetILFunctionBody, pc_SetILInstrumentedCodeMap,
};

struct cp_function_control *proxy_control_begin(struct cp_function_control *real, cp_module_id module,
                                                cp_token method)
{
    struct proxy_control *c = calloc(1, sizeof *c);

    if (!c)
        return NULL;
    c->base.vtbl = &control_vtbl;
    c->inner = real;
    c->module = module;
    c->method = method;
    c->live = 1;
    return &c->base;
}

void proxy_control_end(struct cp_function_control *wrapped)
{
    control_of(wrapped)->live = 0;
}
