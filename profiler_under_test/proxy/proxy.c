/*
 * proxy.c - the proxy's callback side (proxy.h): loading the agent, the
 * callback object the runtime holds, and the watchdog that reports
 * callbacks that do not return (proxy_watch.c knows which callback each
 * thread is inside).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/slots.h"
#include "proxy/proxy.h"

#define SLOT_OF(member) (offsetof(struct cp_callback_vtbl, member) / sizeof(void *))
#define WATCH_PERIOD_MS 50
#define DEFAULT_HANG_MS 10000

typedef cp_hr (*get_class_object_fn)(const struct cp_guid *, const struct cp_guid *, void **);

static struct {
    int active;
    char path[1024];
    char clsid[64];
    char error[512];             /* why the agent could not be loaded, "" when it was */
    void *handle;
    struct cp_callback *agent;   /* the agent's callback object */
    int agent_max;               /* highest ICorProfilerCallbackN it answers */
    struct cp_callback object;   /* what the runtime holds */
    atomic_int stopping;         /* the watchdog ends */
    pthread_t watchdog;
    int watchdog_started;
} px;

static const struct cp_guid *const cb_iids[] = {
    &cp_iid_ICorProfilerCallback,   &cp_iid_ICorProfilerCallback2,  &cp_iid_ICorProfilerCallback3,
    &cp_iid_ICorProfilerCallback4,  &cp_iid_ICorProfilerCallback5,  &cp_iid_ICorProfilerCallback6,
    &cp_iid_ICorProfilerCallback7,  &cp_iid_ICorProfilerCallback8,  &cp_iid_ICorProfilerCallback9,
    &cp_iid_ICorProfilerCallback10, &cp_iid_ICorProfilerCallback11,
};

/* The last slot of each ICorProfilerCallbackN: a slot exists for an agent
 * answering version N when it is at most slot_end[N - 1]. */
static const unsigned slot_end[] = {71, 79, 82, 88, 89, 90, 91, 93, 94, 96, 97};

int proxy_wanted(void)
{
    const char *p = getenv("PROFCHECK_AGENT");
    return p && *p;
}

/* ---- the watchdog ------------------------------------------------------------ */

/* A callback of the agent's that has not returned within the limit. */
static void report_hang(const char *callback, long tid, uint64_t ms)
{
    struct emit em;

    emit_begin(&em, "CallbackHang");
    emit_str(&em, "callback", callback);
    emit_u64(&em, "hung-thread", (uint64_t)tid);
    emit_u64(&em, "ms", ms);
    emit_send(&em);
}

static void *watchdog_main(void *arg)
{
    (void)arg;
    while (!px.stopping) {
        struct timespec ts = {0, WATCH_PERIOD_MS * 1000000L};
        uint64_t now = proxy_now_ns(), limit = (uint64_t)(prof.hang_ms ? prof.hang_ms : DEFAULT_HANG_MS) * 1000000u;

        nanosleep(&ts, NULL);
        proxy_overdue(now, limit, report_hang);
    }
    return NULL;
}

/* ---- loading the agent ----------------------------------------------------- */

static int guid_parse(const char *s, struct cp_guid *g)
{
    unsigned d[11];
    char end;

    if (*s == '{')
        s++;
    if (sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x%c", &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6],
               &d[7], &d[8], &d[9], &d[10], &end) < 11)
        return -1;
    g->data1 = d[0];
    g->data2 = (uint16_t)d[1];
    g->data3 = (uint16_t)d[2];
    for (int i = 0; i < 8; i++)
        g->data4[i] = (uint8_t)d[3 + i];
    return 0;
}

static void load_agent(void)
{
    struct cp_class_factory *factory = NULL;
    get_class_object_fn get;
    struct cp_guid clsid;
    void *cb = NULL;
    cp_hr hr;

    snprintf(px.path, sizeof px.path, "%s", getenv("PROFCHECK_AGENT"));
    snprintf(px.clsid, sizeof px.clsid, "%s", getenv("PROFCHECK_AGENT_CLSID") ? getenv("PROFCHECK_AGENT_CLSID") : "");
    if (guid_parse(px.clsid, &clsid) < 0) {
        snprintf(px.error, sizeof px.error, "PROFCHECK_AGENT_CLSID '%s' is not a GUID", px.clsid);
        return;
    }
    /* The agent reads its own CLSID and path, as if the runtime had loaded
     * it: from here on the profiler variables name the agent, not the proxy
     * (the runtime read them before it created the proxy). */
    setenv("CORECLR_PROFILER", px.clsid, 1);
    setenv("CORECLR_PROFILER_PATH", px.path, 1);
    px.handle = dlopen(px.path, RTLD_NOW | RTLD_LOCAL);
    if (!px.handle) {
        snprintf(px.error, sizeof px.error, "dlopen: %s", dlerror());
        return;
    }
    *(void **)&get = dlsym(px.handle, "DllGetClassObject");
    if (!get) {
        snprintf(px.error, sizeof px.error, "the library exports no DllGetClassObject");
        return;
    }
    hr = get(&clsid, &cp_iid_IClassFactory, (void **)&factory);
    if (CP_FAILED(hr) || !factory) {
        char h[96];
        cp_hr_format(hr, h, sizeof h);
        snprintf(px.error, sizeof px.error, "DllGetClassObject(%s) answered %s%s", px.clsid, h,
                 hr == CP_CLASS_E_CLASSNOTAVAILABLE ? ": the library does not serve this CLSID" : "");
        return;
    }
    /* As the runtime does: an ICorProfilerCallback2 first, higher versions by QueryInterface. */
    hr = factory->vtbl->CreateInstance(factory, NULL, &cp_iid_ICorProfilerCallback2, &cb);
    factory->vtbl->Release(factory);
    if (CP_FAILED(hr) || !cb) {
        char h[96];
        cp_hr_format(hr, h, sizeof h);
        snprintf(px.error, sizeof px.error, "CreateInstance(ICorProfilerCallback2) answered %s", h);
        return;
    }
    px.agent = cb;
    px.agent_max = 2;
    for (int v = 3; v <= 11; v++) {
        void *p = NULL;
        if (CP_SUCCEEDED(px.agent->vtbl->QueryInterface(px.agent, cb_iids[v - 1], &p)) && p) {
            px.agent_max = v;
            px.agent->vtbl->Release(px.agent);
        }
    }
}

/* ---- forwarding ------------------------------------------------------------ */

/* Whether the case's events (CONFIG mask) ask for the profiler's recorder of
 * a slot; slots it does not record answer 0. */
static int records(size_t slot)
{
    uint32_t m = prof.mask, h = prof.mask_high;

    switch (slot) {
    case SLOT_OF(AssemblyLoadFinished):
        return (m & COR_PRF_MONITOR_ASSEMBLY_LOADS) != 0;
    case SLOT_OF(ModuleUnloadStarted):
        return 1; /* the profiler must forget the module's names whatever is recorded */
    case SLOT_OF(ModuleLoadFinished):
    case SLOT_OF(ModuleUnloadFinished):
        return (m & COR_PRF_MONITOR_MODULE_LOADS) != 0;
    case SLOT_OF(ClassLoadFinished):
    case SLOT_OF(ClassUnloadStarted):
    case SLOT_OF(ClassUnloadFinished):
        return (m & COR_PRF_MONITOR_CLASS_LOADS) != 0;
    case SLOT_OF(JITCompilationStarted):
    case SLOT_OF(JITCompilationFinished):
    case SLOT_OF(JITInlining):
    case SLOT_OF(DynamicMethodJITCompilationStarted):
    case SLOT_OF(DynamicMethodJITCompilationFinished):
        return (m & COR_PRF_MONITOR_JIT_COMPILATION) != 0;
    case SLOT_OF(JITCachedFunctionSearchStarted):
    case SLOT_OF(JITCachedFunctionSearchFinished):
        return (m & COR_PRF_MONITOR_CACHE_SEARCHES) != 0;
    case SLOT_OF(ExceptionThrown):
        return (m & COR_PRF_MONITOR_EXCEPTIONS) != 0;
    case SLOT_OF(DynamicMethodUnloaded):
        return (h & COR_PRF_HIGH_MONITOR_DYNAMIC_FUNCTION_UNLOADS) != 0;
    case SLOT_OF(ReJITError):
        return 1; /* the lint rejit-error-ignored needs it whatever is recorded */
    case SLOT_OF(ReJITCompilationStarted):
    case SLOT_OF(ReJITCompilationFinished):
        return (m & COR_PRF_ENABLE_REJIT) != 0;
    default:
        return 0;
    }
}

static int agent_has(size_t slot)
{
    return px.agent && slot <= slot_end[px.agent_max - 1];
}

/* Slot `slot` of a vtable (copied out: the table is a struct, not an array). */
static slot_fn slot_of(const void *vtbl, size_t slot)
{
    slot_fn f;

    memcpy(&f, (const char *)vtbl + slot * sizeof f, sizeof f);
    return f;
}

static slot_fn ref_slot(size_t slot)
{
    return slot_of(&prof.vtbl, slot);
}

static slot_fn agent_slot(size_t slot)
{
    return slot_of(px.agent->vtbl, slot);
}


/*
 * One forwarder per slot.  Every parameter of every callback is an integer
 * or a pointer, which the platform ABI passes in the same registers and
 * stack slots as uintptr_t, so a forwarder can hand the arguments on
 * without knowing their types; the recorder and the agent get them exactly
 * as the runtime passed them.  The slots with something to do besides
 * forwarding are written out below and replace these in the table.
 */
#define FORWARD(slot, name, n)                                                                             \
    __attribute__((unused)) static cp_hr fw_##name(struct cp_callback *self ARGS_##n)                                            \
    {                                                                                                      \
        typedef cp_hr (*fn_t)(void *ARGT_##n);                                                             \
        struct proxy_frame f;                                                                              \
        cp_hr hr = CP_S_OK;                                                                                \
        (void)self;                                                                                        \
        if (records(slot))                                                                                 \
            ((fn_t)ref_slot(slot))(&prof.callback PASS_##n);                                               \
        if (agent_has(slot)) {                                                                             \
            proxy_enter(&f, #name);                                                                        \
            hr = ((fn_t)agent_slot(slot))(px.agent PASS_##n);                                              \
            proxy_leave(&f);                                                                               \
        }                                                                                                  \
        return hr;                                                                                         \
    }

#define CHECK_SLOT(slot, name, n) _Static_assert(SLOT_OF(name) == (slot), "slot of " #name);

CALLBACK_SLOTS(CHECK_SLOT)
CALLBACK_SLOTS(FORWARD)

/* ---- the slots that do more than forward ----------------------------------- */

static cp_hr px_QueryInterface(struct cp_callback *self, const struct cp_guid *iid, void **out)
{
    void *p = NULL;
    int callback_iid = cp_guid_equal(iid, &cp_iid_IUnknown);
    cp_hr hr;

    if (!out)
        return CP_E_POINTER;
    *out = NULL;
    for (int v = 1; v <= 11 && !callback_iid; v++)
        callback_iid = cp_guid_equal(iid, cb_iids[v - 1]);
    if (!px.agent) {
        /* The agent did not load: the runtime still gets an object, whose
         * Initialize reports why and fails. */
        if (!callback_iid)
            return CP_E_NOINTERFACE;
        *out = self;
        return CP_S_OK;
    }
    hr = px.agent->vtbl->QueryInterface(px.agent, iid, &p);
    if (CP_FAILED(hr) || !p)
        return CP_FAILED(hr) ? hr : CP_E_NOINTERFACE;
    if (!callback_iid) {
        /* Not an interface the proxy stands in for: no pointer to the agent leaks past it. */
        px.agent->vtbl->Release(px.agent);
        return CP_E_NOINTERFACE;
    }
    /* The agent's reference stands for ours: Release is forwarded. */
    *out = self;
    return hr;
}

static cp_ulong px_AddRef(struct cp_callback *self)
{
    (void)self;
    return px.agent ? px.agent->vtbl->AddRef(px.agent) : 1;
}

static cp_ulong px_Release(struct cp_callback *self)
{
    (void)self;
    return px.agent ? px.agent->vtbl->Release(px.agent) : 1;
}

static void emit_agent(const char *event, cp_hr hr)
{
    struct emit em;

    emit_begin(&em, event);
    emit_str(&em, "path", px.path);
    emit_str(&em, "clsid", px.clsid);
    if (px.error[0])
        emit_str(&em, "error", px.error);
    else
        emit_u64(&em, "callbacks", (uint64_t)px.agent_max);
    emit_hr(&em, "hr", hr);
    emit_send(&em);
}

static cp_hr px_Initialize(struct cp_callback *self, struct cp_unknown *unk)
{
    struct proxy_frame f;
    cp_hr hr;

    (void)self;
    hr = callback_start(unk, getenv("PROFCHECK_CHANNEL"), "startup", 0);
    if (CP_FAILED(hr))
        return hr;
    if (!px.agent) {
        hr = CP_E_FAIL;
        emit_agent("AgentLoadFailed", hr);
    } else {
        /* Started first: an Initialize that never returns is a hang too. */
        px.watchdog_started = pthread_create(&px.watchdog, NULL, watchdog_main, NULL) == 0;
        emit_agent("AgentLoaded", CP_S_OK);
        proxy_enter(&f, "Initialize");
        hr = px.agent->vtbl->Initialize(px.agent, proxy_info_wrap(prof.info));
        proxy_leave(&f);
        emit_agent("AgentInitialized", hr);
    }
    if (CP_FAILED(hr)) {
        /* The runtime unloads a profiler whose Initialize fails: no thread
         * of ours may still run its code then. */
        link_bye();
        link_stop_commands();
        px.stopping = 1;
        if (px.watchdog_started)
            pthread_join(px.watchdog, NULL);
        px.watchdog_started = 0;
    }
    return hr;
}

static cp_hr px_InitializeForAttach(struct cp_callback *self, struct cp_unknown *unk, void *data, cp_ulong size)
{
    (void)self;
    (void)unk;
    (void)data;
    (void)size;
    fprintf(stderr, "profcheck_ref: proxy mode supports startup loading only; the attach is refused\n");
    return CP_E_FAIL;
}

static cp_hr px_Shutdown(struct cp_callback *self)
{
    struct proxy_frame f;
    cp_hr hr = CP_S_OK;

    /* The agent first: what it does in Shutdown is still recorded, then the BYE. */
    if (px.agent) {
        proxy_enter(&f, "Shutdown");
        hr = px.agent->vtbl->Shutdown(px.agent);
        proxy_leave(&f);
    }
    prof.vtbl.Shutdown(self);
    return hr;
}

static cp_hr px_GetReJITParameters(struct cp_callback *self, cp_module_id mid, cp_token method,
                                   struct cp_function_control *control)
{
    struct cp_function_control *wrapped;
    char name[NAME_MAX_BYTES] = "";
    struct proxy_frame f;
    cp_hr hr = CP_S_OK;

    (void)self;
    if ((prof.mask & COR_PRF_ENABLE_REJIT) && !prof_quiet()) {
        struct emit em;
        names_method_token(mid, method, name, sizeof name);
        if (names_selected(name, 0)) {
            emit_begin(&em, "GetReJITParameters");
            emit_u64(&em, "module-id", mid);
            emit_u64(&em, "token", method);
            emit_str(&em, "method", name);
            emit_send(&em);
        }
    }
    if (!agent_has(SLOT_OF(GetReJITParameters)))
        return CP_S_OK;
    wrapped = proxy_control_begin(control, mid, method);
    proxy_enter(&f, "GetReJITParameters");
    hr = px.agent->vtbl->GetReJITParameters(px.agent, mid, method, wrapped ? wrapped : control);
    proxy_leave(&f);
    if (wrapped)
        proxy_control_end(wrapped);
    return hr;
}

static struct cp_callback_vtbl proxy_vtbl;

cp_hr proxy_create(const struct cp_guid *iid, void **out)
{
    if (!px.active) {
        const slot_fn forwarders[] = {
#define ENTRY(slot, name, n) (slot_fn)fw_##name,
            CALLBACK_SLOTS(ENTRY)
#undef ENTRY
        };
        _Static_assert(sizeof forwarders == sizeof proxy_vtbl, "one forwarder per slot");
        if (!prof.callback.vtbl)
            callback_setup();
        memcpy(&proxy_vtbl, forwarders, sizeof proxy_vtbl);
        proxy_vtbl.QueryInterface = px_QueryInterface;
        proxy_vtbl.AddRef = px_AddRef;
        proxy_vtbl.Release = px_Release;
        proxy_vtbl.Initialize = px_Initialize;
        proxy_vtbl.InitializeForAttach = px_InitializeForAttach;
        proxy_vtbl.Shutdown = px_Shutdown;
        proxy_vtbl.GetReJITParameters = px_GetReJITParameters;
        px.object.vtbl = &proxy_vtbl;
        load_agent();
        px.active = 1;
    }
    return px.object.vtbl->QueryInterface(&px.object, iid, out);
}
