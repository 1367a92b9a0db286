/*
 * case.h - one conformance case, as loaded from its XML file.
 *
 * Plain data: the loader (caseload/) fills it, the engine runs it, nothing
 * here does I/O.  Every element keeps the line it came from so that errors
 * and failures can point at the case file.
 */
#ifndef PROFCHECK_CASE_H
#define PROFCHECK_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* One predicate on an event field, written as an attribute: key="value". */
enum pred_op {
    PRED_EQUAL,   /* the field's canonical text (or number) equals the value */
    PRED_GLOB,    /* the value has '*' or '?': shell-style match on the text */
    PRED_CAPTURE, /* "$name": binds on first match, must equal afterwards */
    PRED_SAME     /* "=field" (inside <each>): equals that field of the <each> event */
};

struct pred {
    char *key;
    char *value; /* for PRED_CAPTURE, the variable name without '$' */
    enum pred_op op;
};

struct pattern {
    struct pred *preds;
    size_t npreds;
};

enum stream_id {
    STREAM_STDOUT,
    STREAM_STDERR,
    STREAM_REPLIES /* the fixtures' reply channel (docs/fixtures.md); <wait stdout> reads it once the app uses it */
};

/* A line of the app's output: exact text or a POSIX extended regex (util/rx.h). */
struct line_match {
    char *text;
    int is_regex;
    struct rx *re; /* when is_regex */
};

enum step_kind {
    STEP_WAIT_LINE,  /* <wait stdout="..."/> or stderr */
    STEP_WAIT_EVENT, /* <wait event="..." .../> */
    STEP_SEND,       /* <send stdin="..."/> */
    STEP_RESOLVE,    /* <resolve method="..."/>: a command to the profiler */
    STEP_REQUEST,    /* <rejit>, <rejit-with-inliners>, <revert> */
    STEP_SET_MASK,   /* <set-event-mask> */
    STEP_MEASURE,    /* <measure name="..."/>: the app's memory now */
    STEP_ATTACH,     /* <attach/>: AttachProfiler over the diagnostics socket */
    STEP_ATTACH_REPLY, /* <attach-reply/>: the answer to an <attach hold="true"/> */
    STEP_DETACH,     /* <detach/>: RequestProfilerDetach from the profiler's thread */
    STEP_DEFINE      /* <define kind="..."/>: a metadata change and ApplyMetaData */
};

/* <attach>: what is sent, and what must come back. */
struct attach_spec {
    char *clsid;        /* NULL: the profiler's own */
    char *profiler;     /* NULL: the profiler's library */
    char *client_data;  /* NULL: the channel's socket path */
    int hold;           /* CONFIG waits until <attach-reply>: the attach stays in InitializeForAttach */
    int keep_held;      /* <attach-reply release="false">: CONFIG stays held while waiting */
    char *expect_error; /* "no-socket", "refused", "no-reply", or NULL: a reply is expected */
};

/* One attribute of a step passed on to the profiler as is (<define>). */
struct step_arg {
    char *key;
    char *value;
};

/* What GetReJITParameters hands back (docs/cases.md, "IL"). */
enum body_mode {
    BODY_NONE,
    BODY_TEXT,
    BODY_PROLOGUE,
    BODY_ORIGINAL
};

enum call_mode {
    CALL_MODE_NORMAL,
    CALL_MODE_ZERO_COUNT, /* cFunctions = 0 */
    CALL_MODE_NULL_ARRAYS /* NULL moduleIds and methodIds */
};

struct request_spec {
    int revert;
    int with_inliners;   /* <rejit-with-inliners>: RequestReJITWithInliners */
    uint32_t rejit_flags; /* its COR_PRF_REJIT_* flags */
    int tracked;         /* inliners="tracked": add the inliners seen in JITInlining */
    uint32_t codegen;    /* COR_PRF_CODEGEN_* set in GetReJITParameters */
    char *methods;       /* names separated by spaces, or NULL with a raw token */
    char *raw_assembly;  /* with raw_token */
    uint32_t raw_token;
    enum body_mode body;
    char *il;            /* IL text, or the probe method for BODY_PROLOGUE */
    enum call_mode call;
};

struct step {
    enum step_kind kind;
    int line;
    char *source;        /* the element as written, for messages */
    double timeout;      /* seconds; 0 means the case's default */
    enum stream_id stream;
    struct line_match match;
    struct pattern pattern;
    char *text;          /* STEP_SEND: the line; STEP_RESOLVE: method name; STEP_MEASURE: name */
    char *since;         /* STEP_MEASURE: an earlier measurement to compare with */
    int has_expect_hr;
    int32_t expect_hr;
    struct request_spec request; /* STEP_REQUEST */
    char *expect_status; /* STEP_REQUEST (revert): each method's status must be this */
    uint32_t mask;       /* STEP_SET_MASK; STEP_DETACH: the expected milliseconds */
    uint32_t mask_high;
    struct attach_spec attach; /* STEP_ATTACH, STEP_ATTACH_REPLY (expect_error) */
    struct step_arg *args;     /* STEP_DEFINE: its attributes but when, timeout and expect-hr */
    int app_ends;              /* STEP_REQUEST app-ends="true": the app ending during it completes it */
    size_t nargs;
};

enum check_kind {
    CHECK_ORDERED,   /* <check>: next matching event at or after the cursor */
    CHECK_NEXT,      /* <next>: the very next event on the thread of the previous match */
    CHECK_NOT,       /* <not>: no matching event between the neighbouring checks */
    CHECK_COUNT,     /* <count min max>: number of matching events in the whole log */
    CHECK_UNORDERED, /* <unordered>: its <check>s match distinct events in any order */
    CHECK_EACH       /* <each>: every matching event has a related one before/after it */
};

struct check {
    enum check_kind kind;
    int line;
    char *source;
    struct pattern pattern;
    long min;
    long max; /* -1: no upper bound */
    /* <count>: a bound may be "$n", "$n+K" or "$n-K" over a count bound
     * earlier with as="n"; then *_var names n and min/max hold K. */
    char *min_var;
    char *max_var;
    char *distinct; /* <count distinct="field">: count distinct values of the field */
    char *as;       /* <count as="n">: bind the count to capture n */
    struct check *children; /* CHECK_UNORDERED: its checks; CHECK_EACH: one <before> or <after> */
    size_t nchildren;
    int after;              /* CHECK_EACH's child: <after> rather than <before> */
};

struct stream_check {
    enum stream_id stream;
    int line;
    char *source;
    enum { STREAM_CONTAINS, STREAM_NOT_CONTAINS, STREAM_MATCHES, STREAM_EMPTY } op;
    struct line_match match;
};

/* <property name="n" stdout-re="ERE"/>: a figure the app prints, as a
 * report property (the first group of the last line that matches). */
struct prop_capture {
    char *name;
    enum stream_id stream; /* STREAM_STDOUT: the replies, then stdout */
    struct line_match match; /* compiled with sub-matches */
    int line;
};

struct outcome {
    int line; /* of <outcome>, 0 when the case has none */
    struct prop_capture *props;
    size_t nprops;
    int has_exit;
    int exit_code;
    int has_signal;
    int signal;
    struct stream_check *streams;
    size_t nstreams;
};

struct env_var {
    char *name;
    char *value;
};

enum load_mode {
    LOAD_STARTUP, /* CORECLR_ENABLE_PROFILING at process start */
    LOAD_NONE,    /* no profiler at all */
    LOAD_ATTACH   /* the app starts without one; an <attach> step loads it */
};

/* A request the profiler makes by itself when a callback matches: inside
 * the callback (<request-in>) or on its own thread (<request-on>). */
#define TRIGGERS_MAX 3

struct trigger_spec {
    char *callback;
    char *name;       /* glob on the assembly or method */
    int own_thread;   /* <request-on>: the callback hands the request to the profiler's thread */
    int event_method; /* the request names no method: it is about the callback's own method */
    unsigned times;   /* how many matching callbacks fire it; 0: every one */
    struct request_spec request;
};

/* A callback the reference profiler fails on purpose (fail-callback). */
struct fail_spec {
    char *callback;
    int32_t hr;
};

struct profiler_setup {
    enum load_mode load;
    uint32_t mask;       /* COR_PRF_MONITOR flags */
    uint32_t mask_high;  /* COR_PRF_HIGH_MONITOR flags */
    char *only;          /* record only events whose method/module/assembly matches this glob */
    char *deny_inline;   /* JITInlining answers FALSE for callees matching this glob */
    char *fault;         /* a fault the profiler injects (docs/cases.md, "Faults"), or NULL */
    char *path;          /* another profiler library for this case, or NULL */
    char *clsid;         /* another CLSID for this case, or NULL */
    int callback_max;    /* highest ICorProfilerCallbackN answered by QueryInterface (1..11) */
    int record_none;     /* record="false": subscribe to the groups' callbacks, record none */
    int agent;           /* load="agent": the reference profiler as a proxy in front of an agent
                          * (load is LOAD_STARTUP); path and clsid then name the agent */
    char *demo_agent;    /* load="agent": one of the demonstration agents (fixtures/agents), or NULL */
    struct trigger_spec triggers[TRIGGERS_MAX];
    size_t ntriggers;
    struct fail_spec *fails; /* fail-callback="Name=HR ..." */
    size_t nfails;
    int fail_after_work; /* fail-after-work="true": the failed callbacks do their work first */
};

struct selftest {
    int present;
    enum verdict verdict; /* the verdict the inner run must produce */
    char *reason;         /* substring its message must contain, or NULL */
};

/* What the case needs of the machine (engine/requires.h). */
struct requirements {
    char *runtime;   /* version range of the runtime the fixture runs on, or NULL */
    char **features; /* "setsid", "!root", ... */
    size_t nfeatures;
};

/* A known runtime defect the case (variant) runs into. */
struct known_issue {
    char *ref;  /* "dotnet/runtime#117823" */
    char *text; /* what the defect is, as the case says */
    int intermittent; /* a race: a run may pass; that pass is not an XPASS */
};

struct case_def {
    char *id;          /* path under cases/ without ".xml", e.g. "jit/basic", "rejit/basic[tc=off]";
                        * in a run over several runtimes with the runtime's label: "jit/basic [net8.0]" */
    char *variant;     /* "tc=off,r2r=on", or NULL for a case without a matrix */
    char *path;        /* the file */
    char *description;
    char **tags;
    size_t ntags;
    double timeout;    /* seconds for the whole case */
    int retries;       /* extra attempts a failure may have (<case retries>), 0 by default */
    struct requirements requires;
    char *fixture;     /* <app fixture="Name">, or NULL */
    char *app_dll;     /* <app dll="...">: the app's own dll, as an absolute path, or NULL */
    char **args;
    size_t nargs;
    struct env_var *env;
    size_t nenv;
    struct profiler_setup profiler;
    struct step *steps;
    size_t nsteps;
    struct check *checks;
    size_t nchecks;
    struct outcome outcome;
    struct selftest selftest;
    struct known_issue known; /* ref NULL when none applies */
    /* The runtime this case (variant) is loaded for (model/runtime.h). */
    int run_once;          /* <case runtimes="once">: runs on one runtime of a run, not on each */
    char *runtime;         /* its label in the id ("net8.0"), or NULL */
    char *runtime_version; /* the version it runs on, when known before it starts ("8.0.31"), or NULL */
    char *fixtures_dir;    /* the fixtures built for that runtime, or NULL: the run's */
};

/* The cases one file gives: one, or one per variant. */
struct case_set {
    struct case_def *v;
    size_t n;
};

void case_set_release(struct case_set *s);

void case_init(struct case_def *c);
void case_release(struct case_def *c);

void pattern_release(struct pattern *p);
void check_release(struct check *k);
void request_spec_release(struct request_spec *r);
/* The value of the predicate on key, or NULL. */
const struct pred *pattern_find(const struct pattern *p, const char *key);

/* "jit/basic" -> "jit"; a case directly under cases/ has area "cases". */
void case_area(const char *id, char *out, size_t size);

#endif
