#include "vocab.h"

#include <string.h>

#include "abi/cp_callback_slots.h"

const char *const vocab_events[] = {
    "Initialize",
    "InitializeForAttach",
    "ProfilerAttachComplete",
    "ProfilerDetachSucceeded",
    "Shutdown",
    "AssemblyLoadFinished",
    "ModuleLoadFinished",
    "ModuleUnloadStarted",
    "ModuleUnloadFinished",
    "ClassLoadFinished",
    "ClassUnloadStarted",
    "ClassUnloadFinished",
    "JITCompilationStarted",
    "JITCompilationFinished",
    "JITCachedFunctionSearchStarted",
    "JITCachedFunctionSearchFinished",
    "JITInlining",
    "DynamicMethodJITCompilationStarted",
    "DynamicMethodJITCompilationFinished",
    "DynamicMethodUnloaded",
    "ExceptionThrown",
    "ReJITCompilationStarted",
    "GetReJITParameters",
    "ReJITCompilationFinished",
    "ReJITError",
    /* Calls the profiler made, recorded like callbacks. */
    "RequestReJIT",
    "RequestReJITWithInliners",
    "RequestRevert",
    "SetEventMask",
    "RequestProfilerDetach",
    "Define",
    /* A callback the case failed on purpose (fail-callback). */
    "CallbackFailed",
    /* Proxy mode (load="agent"): the agent and the calls it makes. */
    "AgentLoaded",
    "AgentLoadFailed",
    "AgentInitialized",
    "AgentCall",
    "AgentCallReturned",
    "CallbackHang",
    NULL,
};

const char *const vocab_fields[] = {
    "event",           /* callback name */
    "seq",             /* profiler sequence number, from 1 */
    "thread",          /* OS thread id of the callback */
    "time",            /* monotonic nanoseconds */
    "hr",              /* HRESULT the callback received or an API call returned */
    "method",          /* Assembly!Namespace.Type::Method */
    "function-id",
    "module-id",
    "class-id",
    "assembly-id",
    "rejit-id",
    "token",           /* metadata token of the method */
    "module",          /* file name of the module */
    "assembly",        /* simple assembly name */
    "class",           /* Assembly!Namespace.Type of a class */
    "safe-to-block",   /* fIsSafeToBlock, 0 or 1 */
    "use-cached",      /* JITCachedFunctionSearchStarted: the runtime's proposal, 0 or 1 */
    "result",          /* JITCachedFunctionSearchFinished: found or not-found */
    "inliner",         /* JITInlining: the caller being compiled */
    "inliner-id",
    "inlinee",         /* JITInlining: the callee considered for inlining */
    "inlinee-id",
    "root",            /* JITInlining: the method whose compilation this is (differs from inliner in a chain) */
    "root-id",
    "proposed",        /* JITInlining: the answer the runtime proposed, 0 or 1 */
    "should-inline",   /* JITInlining: the profiler's answer, 0 or 1 */
    "exception",       /* ExceptionThrown: Assembly!Namespace.Type of the thrown object */
    "runtime-version", /* Initialize, InitializeForAttach: from GetRuntimeInformation */
    "runtime-type",    /* Initialize, InitializeForAttach: core or desktop */
    "mask",            /* Initialize, InitializeForAttach: the event mask asked for */
    "mask-high",
    "count",           /* RequestReJIT/RequestRevert: number of methods passed */
    "methods",         /* RequestReJIT/RequestRevert: the names asked for, space-separated */
    "from",            /* RequestReJIT/RequestRevert/SetEventMask: command-thread, "command-thread after X"
                        * for a request a callback X handed over, or the callback it ran in */
    "statuses",        /* RequestRevert: per-method statuses, space-separated */
    "flags",           /* RequestReJITWithInliners: COR_PRF_REJIT_* flags passed */
    "inliners",        /* RequestReJIT with tracked inliners: the inliners added, space-separated */
    "codegen",         /* RequestReJIT*: COR_PRF_CODEGEN_* flags GetReJITParameters will set */
    "codegen-hr",      /* GetReJITParameters: HRESULT of SetCodegenFlags */
    "il",              /* GetReJITParameters, RequestReJIT: text, prologue, original or none */
    "il-hr",           /* GetReJITParameters: HRESULT of SetILFunctionBody */
    "il-size",         /* GetReJITParameters: bytes handed to SetILFunctionBody */
    "il-error",        /* GetReJITParameters: why no body was handed over */
    "expected-ms",     /* RequestProfilerDetach: the time the profiler expects to need */
    "kind",            /* Define: the metadata change (user-string, type-def, method, ...) */
    "apply-hr",        /* Define: HRESULT of ApplyMetaData after the change */
    "dynamic",         /* DynamicMethodJITCompilationStarted: IsFunctionDynamic's answer, 0 or 1 */
    "dynamic-hr",      /* DynamicMethodJITCompilationStarted: HRESULT of IsFunctionDynamic */
    "busy-ns",         /* Shutdown: nanoseconds the profiler spent inside callbacks (Initialize and Shutdown aside) */
    "busy-callbacks",  /* Shutdown: how many callbacks that was */
    "api",             /* AgentCall: the method the agent called (FunctionControl.X for the control's) */
    "args",            /* AgentCall: its arguments as hex words, for calls without fields of their own */
    "callback",        /* AgentCall: the callback the calling thread was inside, "" on the agent's own thread;
                        * CallbackHang: the callback that did not return; CallbackFailed: the one failed */
    "work",            /* CallbackFailed: done (the callback's work ran first) or skipped */
    "work-hr",         /* CallbackFailed: what the work returned, when it ran */
    "compiled",        /* AgentCall SetILFunctionBody: 1 when the method already had native code */
    "live",            /* AgentCall FunctionControl.*: 0 when used after GetReJITParameters returned */
    "path",            /* AgentLoaded, AgentLoadFailed: the agent library */
    "clsid",           /* AgentLoaded, AgentLoadFailed: the agent's CLSID */
    "error",           /* AgentLoadFailed: why the agent could not be loaded */
    "callbacks",       /* AgentLoaded: highest ICorProfilerCallbackN the agent answers */
    "hung-thread",     /* CallbackHang: the thread inside the callback */
    "ms",              /* CallbackHang: how long the callback had run */
    NULL,
};

/* Bit values: COR_PRF_MONITOR_* and COR_PRF_HIGH_MONITOR_* (corprof.idl). */
const struct event_group vocab_groups[] = {
    {"module", 0x4, 0, "ModuleLoadFinished ModuleUnloadStarted ModuleUnloadFinished"},
    {"assembly", 0x8, 0, "AssemblyLoadFinished"},
    {"class", 0x2, 0, "ClassLoadFinished ClassUnloadStarted ClassUnloadFinished"},
    {"jit", 0x20, 0,
     "JITCompilationStarted JITCompilationFinished JITInlining DynamicMethodJITCompilationStarted "
     "DynamicMethodJITCompilationFinished"},
    {"cache", 0x20000, 0, "JITCachedFunctionSearchStarted JITCachedFunctionSearchFinished"},
    {"exception", 0x40, 0, "ExceptionThrown"},
    {"dynamic-unload", 0, 0x4, "DynamicMethodUnloaded"},
    {"rejit", 0x40000, 0, "ReJITCompilationStarted GetReJITParameters ReJITCompilationFinished ReJITError"},
    {NULL, 0, 0, NULL},
};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

int vocab_is_event(const char *name)
{
    return in_list(vocab_events, name);
}

int vocab_is_field(const char *key)
{
    return in_list(vocab_fields, key);
}

const struct event_group *vocab_group(const char *name)
{
    for (const struct event_group *g = vocab_groups; g->name; g++)
        if (strcmp(g->name, name) == 0)
            return g;
    return NULL;
}

static const char *const callback_names[] = {
#define NAME(slot, name, n) #name,
    CP_CALLBACK_SLOTS(NAME)
#undef NAME
    NULL,
};

int vocab_is_callback(const char *name)
{
    return in_list(callback_names, name);
}

int vocab_can_fail(const char *callback)
{
    static const char *const fixed[] = {"QueryInterface", "AddRef", "Release", "Initialize", "InitializeForAttach",
                                        "Shutdown", NULL};

    return vocab_is_callback(callback) && !in_list(fixed, callback);
}
