/*
 * callback.c - the callbacks the reference profiler records.
 *
 * Each recorded callback becomes one EVENT frame (docs/protocol.md lists
 * the fields).  Callbacks that arrive after Shutdown do nothing and answer
 * S_OK.  The profiler never changes what the runtime proposes: JITInlining
 * keeps the runtime's answer, cache searches keep using cached code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "callback/callback.h"
#include "features/features.h"

#define CONFIG_TIMEOUT_MS 30000

static const struct cp_guid *const callback_iids[] = {
    &cp_iid_ICorProfilerCallback,   &cp_iid_ICorProfilerCallback2,  &cp_iid_ICorProfilerCallback3,
    &cp_iid_ICorProfilerCallback4,  &cp_iid_ICorProfilerCallback5,  &cp_iid_ICorProfilerCallback6,
    &cp_iid_ICorProfilerCallback7,  &cp_iid_ICorProfilerCallback8,  &cp_iid_ICorProfilerCallback9,
    &cp_iid_ICorProfilerCallback10, &cp_iid_ICorProfilerCallback11,
};

static const struct cp_guid *const info_iids[] = {
    &cp_iid_ICorProfilerInfo,   &cp_iid_ICorProfilerInfo2,  &cp_iid_ICorProfilerInfo3,
    &cp_iid_ICorProfilerInfo4,  &cp_iid_ICorProfilerInfo5,  &cp_iid_ICorProfilerInfo6,
    &cp_iid_ICorProfilerInfo7,  &cp_iid_ICorProfilerInfo8,  &cp_iid_ICorProfilerInfo9,
    &cp_iid_ICorProfilerInfo10, &cp_iid_ICorProfilerInfo11, &cp_iid_ICorProfilerInfo12,
    &cp_iid_ICorProfilerInfo13, &cp_iid_ICorProfilerInfo14, &cp_iid_ICorProfilerInfo15,
};

static int quiet(void)
{
    return prof_silent();
}

/* ---- IUnknown -------------------------------------------------------------- */

static cp_hr cb_QueryInterface(struct cp_callback *self, const struct cp_guid *iid, void **out)
{
    if (!out)
        return CP_E_POINTER;
    *out = NULL;
    if (cp_guid_equal(iid, &cp_iid_IUnknown)) {
        *out = self;
    } else {
        for (int v = 1; v <= prof.callback_max && v <= 11; v++) {
            if (cp_guid_equal(iid, callback_iids[v - 1])) {
                *out = self;
                break;
            }
        }
    }
    if (!*out)
        return CP_E_NOINTERFACE;
    self->vtbl->AddRef(self);
    return CP_S_OK;
}

static cp_ulong cb_AddRef(struct cp_callback *self)
{
    (void)self;
    return atomic_fetch_add(&prof.refs, 1) + 1;
}

static cp_ulong cb_Release(struct cp_callback *self)
{
    unsigned prev = atomic_fetch_sub(&prof.refs, 1);

    (void)self;
    /* The object is static: nothing is freed when the count reaches 0. */
    return prev > 0 ? prev - 1 : 0;
}

/* ---- start and end --------------------------------------------------------- */

static void read_runtime_info(void)
{
    uint16_t clr = 0, major = 0, minor = 0, build = 0, qfe = 0;
    int type = 0;
    cp_wchar wversion[64];
    cp_ulong len = 0;
    cp_hr hr;

    prof.runtime_type = "unknown";
    snprintf(prof.runtime_version, sizeof prof.runtime_version, "unknown");
    if (prof.info_version < 3)
        return;
    hr = prof.info->vtbl->GetRuntimeInformation(prof.info, &clr, &type, &major, &minor, &build, &qfe,
                                                sizeof wversion / sizeof *wversion, &len, wversion);
    if (CP_FAILED(hr))
        return;
    prof.runtime_type = type == COR_PRF_CORE_CLR ? "core" : type == COR_PRF_DESKTOP_CLR ? "desktop" : "unknown";
    snprintf(prof.runtime_version, sizeof prof.runtime_version, "%u.%u.%u", major, minor, build);
    if (qfe)
        snprintf(prof.runtime_version + strlen(prof.runtime_version),
                 sizeof prof.runtime_version - strlen(prof.runtime_version), ".%u", qfe);
}

cp_hr callback_start(struct cp_unknown *unk, const char *channel, const char *load, int own_mask)
{
    const int attach = strcmp(load, "attach") == 0;
    struct emit em;
    cp_hr hr;

    for (int v = 15; v >= 1 && !prof.info; v--) {
        void *p = NULL;
        if (CP_SUCCEEDED(unk->vtbl->QueryInterface(unk, info_iids[v - 1], &p)) && p) {
            prof.info = p;
            prof.info_version = v;
        }
    }
    if (!prof.info)
        return CP_E_FAIL;
    read_runtime_info();
    if (!channel || !*channel) {
        fprintf(stderr, "profcheck_ref: %s; the profiler stays unloaded\n",
                attach ? "no channel in the attach's client data" : "PROFCHECK_CHANNEL is not set");
        return CP_E_FAIL;
    }
    if (link_connect(channel) < 0) {
        fprintf(stderr, "profcheck_ref: cannot connect to the harness at '%s'; the profiler stays unloaded\n",
                channel);
        return CP_E_FAIL;
    }
    if (link_hello(load) < 0 || link_await_config(CONFIG_TIMEOUT_MS, config_apply) < 0) {
        fprintf(stderr, "profcheck_ref: the harness did not configure the profiler; it stays unloaded\n");
        prof.connected = 0;
        close(prof.fd);
        prof.fd = -1;
        return CP_E_FAIL;
    }
    prof.attached = attach;
    if (!own_mask)
        hr = CP_S_OK; /* the mask is the agent's to set; prof.mask only says what to record */
    else if (prof.info_version >= 5)
        hr = prof.info->vtbl->SetEventMask2(prof.info, prof.mask, prof.mask_high);
    else
        hr = prof.info->vtbl->SetEventMask(prof.info, prof.mask);

    emit_begin(&em, attach ? "InitializeForAttach" : "Initialize");
    emit_str(&em, "runtime-version", prof.runtime_version);
    emit_str(&em, "runtime-type", prof.runtime_type);
    emit_u64(&em, "mask", prof.mask);
    emit_u64(&em, "mask-high", prof.mask_high);
    emit_hr(&em, "hr", hr);
    emit_send(&em);

    if (link_start_commands(commands_run) < 0)
        link_log("cannot start the command thread");
    return CP_S_OK;
}

static cp_hr cb_Initialize(struct cp_callback *self, struct cp_unknown *unk)
{
    (void)self;
    return callback_start(unk, getenv("PROFCHECK_CHANNEL"), "startup", 1);
}

/* InitializeForAttach goes on here once attach.c has the channel's path. */
static cp_hr start_attached(struct cp_unknown *unk, const char *channel)
{
    return callback_start(unk, channel, "attach", 1);
}

static cp_hr cb_Shutdown(struct cp_callback *self)
{
    struct emit em;

    (void)self;
    if (prof_quiet())
        return CP_S_OK;
    emit_begin(&em, "Shutdown");
    {
        uint64_t ns, calls;
        busy_totals(&ns, &calls);
        emit_u64(&em, "busy-ns", ns);
        emit_u64(&em, "busy-callbacks", calls);
    }
    emit_send(&em);
    link_bye();
    prof.shutdown = 1;
    return CP_S_OK;
}

/* ---- loads ----------------------------------------------------------------- */

static cp_hr cb_AssemblyLoadFinished(struct cp_callback *self, cp_assembly_id aid, cp_hr status)
{
    cp_wchar wname[512];
    cp_ulong len = 0;
    cp_appdomain_id ad = 0;
    cp_module_id manifest = 0;
    char name[NAME_MAX_BYTES] = "";
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    if (CP_SUCCEEDED(prof.info->vtbl->GetAssemblyInfo(prof.info, aid, 512, &len, wname, &ad, &manifest)))
        utf16_to_utf8(wname, len, name, sizeof name);
    if (!names_selected(name, 1))
        return CP_S_OK;
    emit_begin(&em, "AssemblyLoadFinished");
    emit_u64(&em, "assembly-id", aid);
    emit_str(&em, "assembly", name);
    emit_hr(&em, "hr", status);
    emit_send(&em);
    return CP_S_OK;
}

static void emit_module(const char *event, cp_module_id mid, int has_status, cp_hr status)
{
    char file[NAME_MAX_BYTES] = "", assembly[256] = "";
    struct emit em;

    names_module(mid, file, sizeof file, assembly, sizeof assembly);
    if (!names_selected(assembly, 1))
        return;
    emit_begin(&em, event);
    emit_u64(&em, "module-id", mid);
    emit_str(&em, "module", file);
    emit_str(&em, "assembly", assembly);
    if (has_status)
        emit_hr(&em, "hr", status);
    emit_send(&em);
}

static cp_hr cb_ModuleLoadFinished(struct cp_callback *self, cp_module_id mid, cp_hr status)
{
    char assembly[256] = "";

    (void)self;
    if (quiet())
        return CP_S_OK;
    emit_module("ModuleLoadFinished", mid, 1, status);
    if (names_module(mid, NULL, 0, assembly, sizeof assembly) == 0) {
        modules_note_loaded(mid, assembly);
        if (prof.triggers_armed)
            trigger_check("ModuleLoadFinished", assembly, 0);
    }
    return CP_S_OK;
}

static cp_hr cb_ClassLoadFinished(struct cp_callback *self, cp_class_id cid, cp_hr status)
{
    char name[NAME_MAX_BYTES] = "";
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    names_class(cid, name, sizeof name);
    if (!names_selected(name, 0))
        return CP_S_OK;
    emit_begin(&em, "ClassLoadFinished");
    emit_u64(&em, "class-id", cid);
    emit_str(&em, "class", name);
    emit_hr(&em, "hr", status);
    emit_send(&em);
    return CP_S_OK;
}

/* ---- JIT ------------------------------------------------------------------- */

/* Starts an event about a function; 0 when the filter drops it. */
static int begin_function(struct emit *em, const char *event, cp_function_id fid)
{
    char name[NAME_MAX_BYTES] = "";
    int selected = names_method_selected(fid, name, sizeof name);

    /* Unnamed methods pass an empty filter only, as names_selected(""). */
    if (selected == 0 || (selected < 0 && !names_selected("", 0)))
        return 0;
    emit_begin(em, event);
    emit_u64(em, "function-id", fid);
    emit_str(em, "method", name);
    return 1;
}

/* Fires the triggers that wait for `callback` on this function. */
static void trigger_function(const char *callback, cp_function_id fid)
{
    char name[NAME_MAX_BYTES] = "";

    if (prof.triggers_armed && names_method(fid, name, sizeof name) == 0)
        trigger_check(callback, name, fid);
}

/*
 * The compilations running on this thread, innermost last: JITInlining
 * names the method whose compilation an inlining belongs to (its root),
 * which for a chain of inlines differs from the inliner it reports.
 */
#define COMPILING_MAX 8

static _Thread_local cp_function_id compiling[COMPILING_MAX];
static _Thread_local int ncompiling;

static void compiling_push(cp_function_id fid)
{
    if (ncompiling < COMPILING_MAX)
        compiling[ncompiling] = fid;
    ncompiling++;
}

static void compiling_pop(cp_function_id fid)
{
    if (ncompiling > 0 && (ncompiling > COMPILING_MAX || compiling[ncompiling - 1] == fid))
        ncompiling--;
}

static cp_function_id compiling_root(void)
{
    return ncompiling > 0 && ncompiling <= COMPILING_MAX ? compiling[ncompiling - 1] : 0;
}

static cp_hr cb_JITCompilationStarted(struct cp_callback *self, cp_function_id fid, cp_bool safe)
{
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    compiling_push(fid);
    if (begin_function(&em, "JITCompilationStarted", fid)) {
        emit_u64(&em, "safe-to-block", safe != 0);
        emit_send(&em);
    }
    fault_in_jit(fid);
    trigger_function("JITCompilationStarted", fid);
    return CP_S_OK;
}

static cp_hr cb_JITCompilationFinished(struct cp_callback *self, cp_function_id fid, cp_hr status, cp_bool safe)
{
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    compiling_pop(fid);
    if (begin_function(&em, "JITCompilationFinished", fid)) {
        emit_hr(&em, "hr", status);
        emit_u64(&em, "safe-to-block", safe != 0);
        emit_send(&em);
    }
    trigger_function("JITCompilationFinished", fid);
    return CP_S_OK;
}

static cp_hr cb_JITCachedFunctionSearchStarted(struct cp_callback *self, cp_function_id fid, cp_bool *use_cached)
{
    struct emit em;

    (void)self;
    if (quiet() || !begin_function(&em, "JITCachedFunctionSearchStarted", fid))
        return CP_S_OK;
    emit_u64(&em, "use-cached", use_cached ? *use_cached != 0 : 1);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_JITCachedFunctionSearchFinished(struct cp_callback *self, cp_function_id fid, cp_ulong result)
{
    struct emit em;

    (void)self;
    if (quiet() || !begin_function(&em, "JITCachedFunctionSearchFinished", fid))
        return CP_S_OK;
    emit_str(&em, "result", result == COR_PRF_CACHED_FUNCTION_FOUND ? "found" : "not-found");
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_JITInlining(struct cp_callback *self, cp_function_id caller, cp_function_id callee,
                            cp_bool *should_inline)
{
    char inliner[NAME_MAX_BYTES] = "", inlinee[NAME_MAX_BYTES] = "";
    cp_function_id root = compiling_root();
    cp_bool proposed;
    struct emit em;

    (void)self;
    if (quiet() || !should_inline)
        return CP_S_OK;
    proposed = *should_inline;
    names_method(caller, inliner, sizeof inliner);
    names_method(callee, inlinee, sizeof inlinee);
    if (proposed && inlining_denied(inlinee))
        *should_inline = 0;
    if (*should_inline)
        inlining_record(caller, callee);
    if (!names_selected(inliner, 0) && !names_selected(inlinee, 0))
        return CP_S_OK;
    emit_begin(&em, "JITInlining");
    emit_u64(&em, "inliner-id", caller);
    emit_str(&em, "inliner", inliner);
    emit_u64(&em, "inlinee-id", callee);
    emit_str(&em, "inlinee", inlinee);
    if (root) {
        char name[NAME_MAX_BYTES] = "";
        names_method(root, name, sizeof name);
        emit_u64(&em, "root-id", root);
        emit_str(&em, "root", name);
    }
    emit_u64(&em, "proposed", proposed != 0);
    emit_u64(&em, "should-inline", *should_inline != 0);
    emit_send(&em);
    return CP_S_OK;
}

/* ---- exceptions ------------------------------------------------------------ */

static cp_hr cb_ExceptionThrown(struct cp_callback *self, cp_object_id object)
{
    cp_class_id cls = 0;
    char name[NAME_MAX_BYTES] = "";
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    if (CP_SUCCEEDED(prof.info->vtbl->GetClassFromObject(prof.info, object, &cls)))
        names_class(cls, name, sizeof name);
    emit_begin(&em, "ExceptionThrown");
    emit_str(&em, "exception", name);
    emit_send(&em);
    return CP_S_OK;
}

/* ---- ReJIT ----------------------------------------------------------------- */

static cp_hr cb_ReJITCompilationStarted(struct cp_callback *self, cp_function_id fid, cp_rejit_id rejit,
                                        cp_bool safe)
{
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    compiling_push(fid);
    if (!begin_function(&em, "ReJITCompilationStarted", fid))
        return CP_S_OK;
    emit_u64(&em, "rejit-id", rejit);
    emit_u64(&em, "safe-to-block", safe != 0);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_GetReJITParameters(struct cp_callback *self, cp_module_id mid, cp_token method,
                                   struct cp_function_control *control)
{
    char name[NAME_MAX_BYTES] = "";
    struct emit em;
    cp_hr hr;

    (void)self;
    if (quiet())
        return CP_S_OK;
    names_method_token(mid, method, name, sizeof name);
    emit_begin(&em, "GetReJITParameters");
    emit_u64(&em, "module-id", mid);
    emit_u64(&em, "token", method);
    emit_str(&em, "method", name);
    /* The plan is applied whatever the filter says; only the event is filtered. */
    hr = rejit_parameters(mid, method, control, &em);
    if (names_selected(name, 0))
        emit_send(&em);
    return hr;
}

static cp_hr cb_ReJITCompilationFinished(struct cp_callback *self, cp_function_id fid, cp_rejit_id rejit,
                                         cp_hr status, cp_bool safe)
{
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    compiling_pop(fid);
    if (!begin_function(&em, "ReJITCompilationFinished", fid))
        return CP_S_OK;
    emit_u64(&em, "rejit-id", rejit);
    emit_hr(&em, "hr", status);
    emit_u64(&em, "safe-to-block", safe != 0);
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_ReJITError(struct cp_callback *self, cp_module_id mid, cp_token method, cp_function_id fid,
                           cp_hr status)
{
    char name[NAME_MAX_BYTES] = "";
    struct emit em;

    (void)self;
    if (quiet())
        return CP_S_OK;
    names_method_token(mid, method, name, sizeof name);
    emit_begin(&em, "ReJITError");
    emit_u64(&em, "module-id", mid);
    emit_u64(&em, "token", method);
    emit_str(&em, "method", name);
    emit_u64(&em, "function-id", fid);
    emit_hr(&em, "hr", status);
    emit_send(&em);
    return CP_S_OK;
}

void callback_setup(void)
{
    const char *max = getenv("PROFCHECK_CALLBACKS");
    int v = max ? atoi(max) : 11;

    prof.callback_max = v >= 2 && v <= 11 ? v : 11;
    prof.vtbl = callback_quiet_vtbl;
    prof.vtbl.QueryInterface = cb_QueryInterface;
    prof.vtbl.AddRef = cb_AddRef;
    prof.vtbl.Release = cb_Release;
    prof.vtbl.Initialize = cb_Initialize;
    prof.vtbl.Shutdown = cb_Shutdown;
    prof.vtbl.AssemblyLoadFinished = cb_AssemblyLoadFinished;
    prof.vtbl.ModuleLoadFinished = cb_ModuleLoadFinished;
    prof.vtbl.ClassLoadFinished = cb_ClassLoadFinished;
    prof.vtbl.JITCompilationStarted = cb_JITCompilationStarted;
    prof.vtbl.JITCompilationFinished = cb_JITCompilationFinished;
    prof.vtbl.JITCachedFunctionSearchStarted = cb_JITCachedFunctionSearchStarted;
    prof.vtbl.JITCachedFunctionSearchFinished = cb_JITCachedFunctionSearchFinished;
    prof.vtbl.JITInlining = cb_JITInlining;
    prof.vtbl.ExceptionThrown = cb_ExceptionThrown;
    prof.vtbl.ReJITCompilationStarted = cb_ReJITCompilationStarted;
    prof.vtbl.GetReJITParameters = cb_GetReJITParameters;
    prof.vtbl.ReJITCompilationFinished = cb_ReJITCompilationFinished;
    prof.vtbl.ReJITError = cb_ReJITError;
    attach_setup(&prof.vtbl, start_attached);
    unload_setup(&prof.vtbl);
    prof.callback.vtbl = &prof.vtbl;
    busy_setup();
}
