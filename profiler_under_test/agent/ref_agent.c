/*
 * ref_agent.c - the reference profiler's own agent (CLSID
 * PROFCHECK_AGENT_CLSID_TEXT), which the agent-neutral cases run through
 * the proxy when no vendor's agent is given.  It does what an
 * instrumentation agent does, the way the contract says to:
 *
 *   - ENABLE_REJIT in the event mask set in Initialize;
 *   - every method of the app's own assemblies that finishes its first
 *     compilation is queued; a thread of the agent's own asks for ReJIT of
 *     the queue with RequestReJITWithInliners(BLOCK_INLINING), never a
 *     runtime thread inside a callback;
 *   - GetReJITParameters hands back the method's original IL through the
 *     function control with a counting probe in front of it (an increment
 *     of a counter of the agent's own, by address: no metadata, no call),
 *     so the app's results cannot change but the new code is seen to run;
 *   - ReJITError is looked at and reported on stderr;
 *   - Shutdown stops the thread, waits for it, and writes on stderr how
 *     often each probed method ran: "profcheck reference agent: probe
 *     Ns.Type::Method hits=N" (the agent-neutral cases check it when the
 *     agent is this one: when="agent=reference").
 *
 * Framework assemblies, dynamic and collectible modules are left alone
 * (ReJIT refuses the last two).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agent/agent.h"
#include "callback/callback.h"
#include "il/il.h"

#define QUEUE_MAX 4096
#define MODULES_MAX 256
#define BATCH_PERIOD_MS 20
#define JOIN_WAIT_S 5

/* PROFCHECK_AGENT_CLSID_TEXT */
const struct cp_guid profcheck_agent_clsid = {
    0x6C1D3E42, 0x0B7A, 0x4F0E, {0x9A, 0x51, 0x3E, 0x7D, 0x21, 0xC4, 0x58, 0x90}};

struct pending {
    cp_module_id module;
    cp_token token;
};

static struct {
    struct cp_callback callback;
    struct cp_callback_vtbl vtbl;
    struct cp_info *info;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int thread_started;
    int stop;
    struct pending queue[QUEUE_MAX]; /* every method ever queued; [sent, count) not yet asked for */
    size_t count, sent;
    /* Per queued method: the probe's counter (incremented by the rejitted
     * code, without synchronisation: a lower bound under threads), and
     * whether its body got the probe. */
    int32_t hits[QUEUE_MAX];
    int probed[QUEUE_MAX];
    struct {
        cp_module_id id;
        int app; /* 1: an assembly of the app's own */
    } modules[MODULES_MAX];
    size_t nmodules;
} ag = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static int framework_assembly(const char *name)
{
    static const char *const prefixes[] = {"System", "Microsoft.", "netstandard", "mscorlib", "WindowsBase"};

    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* 1 when the module belongs to the app's own assemblies; under ag.lock. */
static int app_module(cp_module_id module)
{
    cp_wchar wname[512];
    cp_ulong len = 0, flags = 0;
    cp_assembly_id assembly = 0;
    const cp_byte *base = NULL;
    char name[512] = "";
    int app = 0;

    for (size_t i = 0; i < ag.nmodules; i++)
        if (ag.modules[i].id == module)
            return ag.modules[i].app;
    if (CP_SUCCEEDED(ag.info->vtbl->GetModuleInfo2(ag.info, module, &base, 0, &len, NULL, &assembly, &flags)) &&
        !(flags & (COR_PRF_MODULE_DYNAMIC | COR_PRF_MODULE_COLLECTIBLE)) &&
        CP_SUCCEEDED(ag.info->vtbl->GetAssemblyInfo(ag.info, assembly, 512, &len, wname, NULL, NULL))) {
        utf16_to_utf8(wname, len, name, sizeof name);
        app = name[0] && !framework_assembly(name);
    }
    if (ag.nmodules < MODULES_MAX) {
        ag.modules[ag.nmodules].id = module;
        ag.modules[ag.nmodules].app = app;
        ag.nmodules++;
    }
    return app;
}

/* "Ns.Type::Method" of a methodDef, from the module's metadata. */
static void method_name(cp_module_id module, cp_token method, char *buf, size_t size)
{
    struct cp_md_import *imp = NULL;
    cp_wchar wtype[256], wmethod[256];
    cp_ulong tlen = 0, mlen = 0;
    cp_token type = 0;
    char t[512] = "?", m[512] = "?";

    if (CP_SUCCEEDED(ag.info->vtbl->GetModuleMetaData(ag.info, module, ofRead, &cp_iid_IMetaDataImport,
                                                      (struct cp_unknown **)&imp)) &&
        imp) {
        if (CP_SUCCEEDED(imp->vtbl->GetMethodProps(imp, method, &type, wmethod, 256, &mlen, NULL, NULL, NULL, NULL,
                                                   NULL)))
            utf16_to_utf8(wmethod, mlen, m, sizeof m);
        if (type && CP_SUCCEEDED(imp->vtbl->GetTypeDefProps(imp, type, wtype, 256, &tlen, NULL, NULL)))
            utf16_to_utf8(wtype, tlen, t, sizeof t);
        imp->vtbl->Release(imp);
    }
    snprintf(buf, size, "%s::%s", t, m);
}

static void *agent_main(void *arg)
{
    static cp_module_id mods[QUEUE_MAX];
    static cp_token toks[QUEUE_MAX];

    (void)arg;
    pthread_mutex_lock(&ag.lock);
    while (!ag.stop) {
        struct timespec until;
        size_t n = 0;

        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += BATCH_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&ag.wake, &ag.lock, &until);
        for (; ag.sent < ag.count; ag.sent++, n++) {
            mods[n] = ag.queue[ag.sent].module;
            toks[n] = ag.queue[ag.sent].token;
        }
        if (n == 0 || ag.stop)
            continue;
        pthread_mutex_unlock(&ag.lock);
        cp_hr hr = ag.info->vtbl->RequestReJITWithInliners(ag.info, COR_PRF_REJIT_BLOCK_INLINING, (cp_ulong)n,
                                                           mods, toks);
        if (CP_FAILED(hr))
            fprintf(stderr, "profcheck reference agent: RequestReJITWithInliners of %zu methods: 0x%08X\n", n,
                    (unsigned)hr);
        pthread_mutex_lock(&ag.lock);
    }
    pthread_mutex_unlock(&ag.lock);
    return NULL;
}

/* ---- callbacks --------------------------------------------------------------- */

static cp_hr ag_QueryInterface(struct cp_callback *self, const struct cp_guid *iid, void **out)
{
    static const struct cp_guid *const iids[] = {
        &cp_iid_IUnknown,               &cp_iid_ICorProfilerCallback,   &cp_iid_ICorProfilerCallback2,
        &cp_iid_ICorProfilerCallback3,  &cp_iid_ICorProfilerCallback4,  &cp_iid_ICorProfilerCallback5,
        &cp_iid_ICorProfilerCallback6,  &cp_iid_ICorProfilerCallback7,  &cp_iid_ICorProfilerCallback8,
        &cp_iid_ICorProfilerCallback9,  &cp_iid_ICorProfilerCallback10, &cp_iid_ICorProfilerCallback11,
    };

    if (!out)
        return CP_E_POINTER;
    for (size_t i = 0; i < sizeof iids / sizeof *iids; i++) {
        if (cp_guid_equal(iid, iids[i])) {
            *out = self;
            return CP_S_OK;
        }
    }
    *out = NULL;
    return CP_E_NOINTERFACE;
}

/* The object is static: reference counts do not matter. */
static cp_ulong ag_AddRef(struct cp_callback *self)
{
    (void)self;
    return 2;
}

static cp_ulong ag_Release(struct cp_callback *self)
{
    (void)self;
    return 1;
}

static cp_hr ag_Initialize(struct cp_callback *self, struct cp_unknown *unk)
{
    void *p = NULL;
    cp_hr hr;

    (void)self;
    hr = unk->vtbl->QueryInterface(unk, &cp_iid_ICorProfilerInfo10, &p);
    if (CP_FAILED(hr) || !p) {
        fprintf(stderr, "profcheck reference agent: no ICorProfilerInfo10: 0x%08X\n", (unsigned)hr);
        return CP_E_FAIL;
    }
    ag.info = p;
    hr = ag.info->vtbl->SetEventMask(ag.info, COR_PRF_MONITOR_JIT_COMPILATION | COR_PRF_ENABLE_REJIT);
    if (CP_FAILED(hr))
        return hr;
    if (pthread_create(&ag.thread, NULL, agent_main, NULL) != 0)
        return CP_E_FAIL;
    ag.thread_started = 1;
    return CP_S_OK;
}

static cp_hr ag_Shutdown(struct cp_callback *self)
{
    struct timespec until;

    (void)self;
    if (!ag.thread_started)
        return CP_S_OK;
    pthread_mutex_lock(&ag.lock);
    ag.stop = 1;
    pthread_cond_signal(&ag.wake);
    pthread_mutex_unlock(&ag.lock);
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += JOIN_WAIT_S;
    if (pthread_timedjoin_np(ag.thread, NULL, &until) != 0)
        fprintf(stderr, "profcheck reference agent: its thread did not stop within %d s\n", JOIN_WAIT_S);
    ag.thread_started = 0;
    for (size_t i = 0; i < ag.count; i++) {
        char name[1100];
        if (!ag.probed[i])
            continue;
        method_name(ag.queue[i].module, ag.queue[i].token, name, sizeof name);
        fprintf(stderr, "profcheck reference agent: probe %s hits=%d\n", name, (int)ag.hits[i]);
    }
    return CP_S_OK;
}

static cp_hr ag_JITCompilationFinished(struct cp_callback *self, cp_function_id fid, cp_hr status, cp_bool safe)
{
    cp_class_id cls = 0;
    cp_module_id module = 0;
    cp_token token = 0;

    (void)self;
    (void)safe;
    if (CP_FAILED(status) || CP_FAILED(ag.info->vtbl->GetFunctionInfo(ag.info, fid, &cls, &module, &token)))
        return CP_S_OK;
    pthread_mutex_lock(&ag.lock);
    if (ag.count < QUEUE_MAX && app_module(module)) {
        int seen = 0;
        for (size_t i = 0; i < ag.count && !seen; i++)
            seen = ag.queue[i].module == module && ag.queue[i].token == token;
        if (!seen) {
            ag.queue[ag.count].module = module;
            ag.queue[ag.count].token = token;
            ag.count++;
        }
    }
    pthread_mutex_unlock(&ag.lock);
    return CP_S_OK;
}

/* The probe in front of a body: ldc.i8 &counter; conv.i; dup; ldind.i4;
 * ldc.i4.1; add; stind.i4 (15 bytes, stack 3). */
static size_t probe_code(int32_t *counter, uint8_t code[15])
{
    uint64_t addr = (uint64_t)(uintptr_t)counter;

    code[0] = 0x21; /* ldc.i8 */
    for (int i = 0; i < 8; i++)
        code[1 + i] = (uint8_t)(addr >> (8 * i));
    code[9] = 0xD3;  /* conv.i */
    code[10] = 0x25; /* dup */
    code[11] = 0x4A; /* ldind.i4 */
    code[12] = 0x17; /* ldc.i4.1 */
    code[13] = 0x58; /* add */
    code[14] = 0x54; /* stind.i4 */
    return 15;
}

static cp_hr ag_GetReJITParameters(struct cp_callback *self, cp_module_id module, cp_token method,
                                   struct cp_function_control *control)
{
    const cp_byte *body = NULL;
    cp_ulong size = 0;
    size_t slot = QUEUE_MAX;
    struct il_method m;
    struct il_body probed = {NULL, 0};
    struct il_error err;
    uint8_t code[15];
    cp_hr hr;

    (void)self;
    hr = ag.info->vtbl->GetILFunctionBody(ag.info, module, method, &body, &size);
    if (CP_FAILED(hr))
        return hr;
    pthread_mutex_lock(&ag.lock);
    for (size_t i = 0; i < ag.count && slot == QUEUE_MAX; i++)
        if (ag.queue[i].module == module && ag.queue[i].token == method)
            slot = i;
    pthread_mutex_unlock(&ag.lock);
    memset(&err, 0, sizeof err);
    if (slot < QUEUE_MAX && il_method_parse(body, size, &m, &err) == 0) {
        if (il_method_prepend(&m, code, probe_code(&ag.hits[slot], code), 3, &probed, &err) == 0) {
            hr = control->vtbl->SetILFunctionBody(control, (cp_ulong)probed.len, probed.bytes);
            ag.probed[slot] = CP_SUCCEEDED(hr);
        }
        il_method_release(&m);
        il_body_release(&probed);
        if (ag.probed[slot])
            return hr;
    }
    /* Not queued by the agent, or a body it cannot read: the original IL as it is. */
    return control->vtbl->SetILFunctionBody(control, size, body);
}


static cp_hr ag_ReJITError(struct cp_callback *self, cp_module_id module, cp_token method, cp_function_id fid,
                           cp_hr status)
{
    cp_wchar wname[512];
    char name[512] = "";
    cp_ulong len = 0;
    const cp_byte *base = NULL;
    cp_assembly_id assembly = 0;

    (void)self;
    (void)fid;
    if (CP_SUCCEEDED(ag.info->vtbl->GetModuleInfo(ag.info, module, &base, 512, &len, wname, &assembly)))
        utf16_to_utf8(wname, len, name, sizeof name);
    fprintf(stderr, "profcheck reference agent: ReJIT of 0x%08X in %s failed: 0x%08X\n", (unsigned)method,
            name[0] ? name : "?", (unsigned)status);
    return CP_S_OK;
}

/* ---- the object ---------------------------------------------------------------- */

cp_hr ref_agent_create(const struct cp_guid *iid, void **out)
{
    if (!ag.callback.vtbl) {
        ag.vtbl = callback_quiet_vtbl;
        ag.vtbl.QueryInterface = ag_QueryInterface;
        ag.vtbl.AddRef = ag_AddRef;
        ag.vtbl.Release = ag_Release;
        ag.vtbl.Initialize = ag_Initialize;
        ag.vtbl.Shutdown = ag_Shutdown;
        ag.vtbl.JITCompilationFinished = ag_JITCompilationFinished;
        ag.vtbl.GetReJITParameters = ag_GetReJITParameters;
        ag.vtbl.ReJITError = ag_ReJITError;
        ag.callback.vtbl = &ag.vtbl;
    }
    return ag.callback.vtbl->QueryInterface(&ag.callback, iid, out);
}
