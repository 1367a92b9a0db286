/*
 * core.h - the reference profiler's lowest layer (docs/architecture.md):
 * its state, all in one struct `prof`; the harness channel (link.c); event
 * frames (emit.c); naming (names.c, sig.c, image.c); the modules seen
 * (modules.c); the time spent in callbacks (busy.c).  Nothing here uses a
 * layer above; where the channel or an event must call one, the layer
 * above hands down a function (prof.command_run, prof.after_event,
 * prof.attach_start, link_await_config's apply).
 *
 * The profiler records the callbacks a case asks for as events on the
 * harness channel and executes the harness's commands on its own native
 * thread.  It knows nothing of case files.
 */
#ifndef PROFCHECK_CORE_H
#define PROFCHECK_CORE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/cp_callback.h"
#include "abi/cp_hresults.h"
#include "abi/cp_info.h"
#include "abi/cp_metadata.h"
#include "abi/cp_types.h"
#include "abi/cp_unknown.h"
#include "text/glob.h"
#include "il/il.h"
#include "text/utf16.h"
#include "wire/ref_clsid.h"
#include "wire/ring.h"
#include "wire/wire.h"

#define PROFCHECK_REF_VERSION "0.1.0"

/* Longest name recorded (UTF-8 bytes, truncated beyond). */
#define NAME_MAX_BYTES 1024
#define EMIT_BUFFER 8192

/* What GetReJITParameters hands back for a method (features/rejit.c); the
 * plans, requests and trigger are kept in prof, so they are declared here. */
enum plan_mode {
    PLAN_NONE,     /* nothing: the runtime recompiles the IL it has */
    PLAN_TEXT,     /* IL text assembled in the method's module */
    PLAN_PROLOGUE, /* the original body with a call to a probe method in front */
    PLAN_ORIGINAL  /* the original body, handed back unchanged */
};

/* The longest IL text a request or a define carries (it comes in one frame). */
#define IL_TEXT_MAX (32 * 1024)

/* Plans grow as requests come. */
struct plan {
    cp_module_id module;
    cp_token method;
    enum plan_mode mode;
    uint32_t codegen;         /* COR_PRF_CODEGEN_* for SetCodegenFlags, 0: not called */
    char *text;               /* IL text, or the probe method's name; "" for none */
};

/* How the API is called: normally, or deliberately wrong. */
enum request_call {
    CALL_NORMAL,
    CALL_ZERO_COUNT, /* cFunctions = 0 */
    CALL_NULL_ARRAYS /* moduleIds = methodIds = NULL */
};

/* A request; methods and text are the request's own (request_release). */
struct request {
    int revert;                 /* RequestRevert instead of RequestReJIT */
    int with_inliners;          /* RequestReJITWithInliners instead of RequestReJIT */
    uint32_t rejit_flags;       /* its COR_PRF_REJIT_* flags */
    int tracked;                /* add the inliners seen in JITInlining, recursively */
    uint32_t codegen;           /* COR_PRF_CODEGEN_* set in GetReJITParameters */
    char *methods;              /* names, separated by spaces; any number of them */
    char raw_assembly[256];     /* with raw_token: a token asked for as is */
    cp_token raw_token;
    cp_module_id module;        /* with token: one method given by id (a trigger's event's method) */
    cp_token token;
    enum plan_mode mode;
    char *text;                 /* IL text or the probe method's name */
    enum request_call call;
};

/* A request made when a callback matches (CONFIG triggers). */
#define TRIGGER_MAX 3

struct trigger {
    int armed;
    char callback[64];
    char name[512];      /* glob on the callback's method or assembly */
    int own_thread;      /* 1: made on the command thread, handed over from the callback */
    int event_method;    /* 1: the request is about the callback's own method */
    uint32_t times;      /* how many matches fire it; 0: every one */
    uint32_t fired;
    struct request request;
};

/* A trigger fired for the command thread to run (own_thread). */
#define TRIGGER_QUEUE 256

struct trigger_fire {
    size_t trigger;
    cp_module_id module;
    cp_token token;
};

/* A callback failed on purpose (CONFIG fail-callback, features/fail.c). */
struct fail_entry {
    int active;
    int after_work;      /* 1: the callback does its work first */
    cp_hr hr;            /* what it returns */
    void (*original)(void); /* the slot it stands in front of */
};

#define CALLBACK_SLOTS_MAX 98 /* CP_CALLBACK_SLOT_COUNT */

struct profiler {
    struct cp_callback callback;  /* the object the runtime holds */
    struct cp_callback_vtbl vtbl; /* callback_quiet_vtbl with our slots put in */
    atomic_uint refs;

    struct cp_info *info;         /* the highest ICorProfilerInfoN the runtime gave */
    int info_version;
    int callback_max;             /* highest ICorProfilerCallbackN QueryInterface answers */
    atomic_int shutdown;          /* set by Shutdown or a detach: later callbacks do nothing */
    int attached;                 /* loaded by InitializeForAttach */

    /* The channel.  Frames are written whole under send_lock; EVENT frames
     * go to the event ring when the harness made one (CONFIG ring). */
    int fd;
    struct ring ring;
    pthread_mutex_t send_lock;
    uint64_t seq;
    atomic_int connected;
    pthread_t command_thread;
    int command_thread_started;
    uint8_t rbuf[WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD]; /* bytes read, not yet decoded */
    size_t rlen;
    struct wire_msg command_msg; /* the command thread's decoded frame */

    /* From the harness's CONFIG. */
    uint32_t mask;
    uint32_t mask_high;
    char only[512];
    char deny_inline[512]; /* JITInlining answers FALSE for callees matching this glob */
    int record_none;       /* subscribe to the callbacks but record none (CONFIG record=0) */
    uint32_t hang_ms;      /* the proxy reports a callback running longer; 0: its default */

    char runtime_version[64];
    const char *runtime_type;

    /* What the layers above hand down, so that a layer here can call up
     * without naming what is above it (docs/architecture.md). */
    /* The command thread runs each COMMAND frame by it (link_start_commands). */
    void (*command_run)(const struct wire_msg *command);
    /* Called after each event, under send_lock (fault_configure), or NULL. */
    void (*after_event)(uint64_t seq);
    /* InitializeForAttach goes on here once it has the channel (attach_setup). */
    cp_hr (*attach_start)(struct cp_unknown *unk, const char *channel);
    /* The command thread calls it when link_wake woke it (triggers_run_queued). */
    void (*on_wake)(void);
    int wake_fd;                  /* an eventfd the command thread waits on besides the socket */

    /* Method names sent ahead of a request in request-part commands (the
     * command thread's alone). */
    char *pending_methods;
    size_t pending_parts;

    /* ReJIT plans and the triggers, under plan_lock. */
    pthread_mutex_t plan_lock;
    struct plan *plans;
    size_t nplans, plans_cap;
    struct trigger triggers[TRIGGER_MAX];
    size_t ntriggers;
    atomic_int triggers_armed;    /* some trigger may still fire */
    struct trigger_fire fires[TRIGGER_QUEUE];
    size_t nfires;

    /* Callbacks failed on purpose, by slot. */
    struct fail_entry fail[CALLBACK_SLOTS_MAX];
};

extern struct profiler prof;

/* 1 when callbacks record nothing: after Shutdown or a detach, or with no
 * harness to send to. */
static inline int prof_quiet(void)
{
    return prof.shutdown || !prof.connected;
}

/* 1 when a callback of the case's event groups records nothing: prof_quiet,
 * or a case that only measures what subscribing costs (record="false"). */
static inline int prof_silent(void)
{
    return prof_quiet() || prof.record_none;
}

/* busy.c: the time spent in callbacks, for the Shutdown event */
/* Puts timing forwarders in front of prof.vtbl (once its slots are set). */
void busy_setup(void);
void busy_totals(uint64_t *ns, uint64_t *calls);

/* link.c: the harness channel */
int link_connect(const char *path);
int link_hello(const char *load_mode);
/* Waits for the CONFIG frame and hands it to apply; 0, or -1 when none came. */
int link_await_config(int timeout_ms, void (*apply)(const struct wire_msg *config));
/* Starts the command thread, which hands every COMMAND frame to run. */
int link_start_commands(void (*run)(const struct wire_msg *command));
/* Ends the command thread (closing the channel) and waits for it. */
void link_stop_commands(void);
/* Wakes the command thread, which then calls prof.on_wake; any thread, any
 * time (a callback hands work over this way without waiting for it). */
void link_wake(void);
/* Sends a whole frame under send_lock. */
int link_send(const void *frame, size_t len);
/* Sends a whole frame; the caller holds send_lock. */
int link_write(const void *frame, size_t len);
/* Puts a whole EVENT frame into the ring, or on the socket without one;
 * the caller holds send_lock. */
int link_write_event(const void *frame, size_t len);
void link_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void link_bye(void);

/* emit.c: one event frame at a time */
struct emit {
    struct wire_writer w;
    uint8_t buf[EMIT_BUFFER];
};

void emit_begin(struct emit *em, const char *event);
void emit_u64(struct emit *em, const char *key, uint64_t v);
void emit_hr(struct emit *em, const char *key, cp_hr hr);
void emit_str(struct emit *em, const char *key, const char *s);
void emit_send(struct emit *em);

/* image.c: a module's metadata from its loaded image (pe.c finds it) */
/* A read-only IMetaDataImport over the module's image, or NULL (dynamic
 * modules, no dispenser). */
struct cp_md_import *image_import(cp_module_id module);

/* names.c: ids <-> names */
int names_method(cp_function_id fid, char *buf, size_t size);
/* The method's name when the `only` filter selects it: 1 with buf filled;
 * 0 when the filter drops it (a method of an assembly the filter cannot
 * match is not named at all); -1 when it cannot be named. */
int names_method_selected(cp_function_id fid, char *buf, size_t size);
/* Forgets every cached FunctionID name (a module is being unloaded). */
void names_cache_clear(void);
int names_method_token(cp_module_id module, cp_token token, char *buf, size_t size);
int names_module(cp_module_id mid, char *file, size_t file_size, char *assembly, size_t assembly_size);
int names_class(cp_class_id cid, char *buf, size_t size);
cp_hr names_resolve(const char *method, cp_module_id *module, cp_token *token, char *why, size_t why_size);
/* 1 when the event naming `name` (a method, or an assembly when
 * is_assembly) passes the harness's `only` filter. */
int names_selected(const char *name, int is_assembly);

/* "Assembly!Ns.Type::Member(sig)" in parts; 0, or -1 when malformed. */
struct member_name {
    char assembly[256];
    char type[NAME_MAX_BYTES];
    char member[512];
    char sig[512];
    int has_sig;
};
int names_split(const char *full, struct member_name *out);
cp_hr names_find_type(struct cp_md_import *imp, const char *path, cp_token *out);
/* 1 when two parameter lists read the same, spaces aside: "(int32, string)"
 * is "(int32,string)". */
int names_same_params(const char *a, const char *b);
/* A method of type by name, and by parameter text when sig is not NULL. */
cp_hr names_find_method(struct cp_md_import *imp, cp_token type, const char *name, const char *sig,
                        cp_token *out, struct il_call_shape *shape, char *why, size_t why_size);

/* modules.c: the modules seen, and which of them are unloaded */
void modules_note_loaded(cp_module_id id, const char *assembly);
/* ModuleUnloadStarted came for the module. */
void modules_note_unloading(cp_module_id id);
/* 1 once ModuleUnloadStarted came for the module: never ask about it again. */
int modules_is_unloaded(cp_module_id id);
/* The latest unloaded module of an assembly, or 0. */
cp_module_id modules_unloaded_of(const char *assembly);

/* sig.c: "(int32,string)" and the call shape of a method signature; 0 or -1. */
int sig_describe(struct cp_md_import *imp, cp_sig sig, cp_ulong len, char *params, size_t size,
                 struct il_call_shape *shape);

#endif
