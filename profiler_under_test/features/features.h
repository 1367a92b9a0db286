/*
 * features.h - what the reference profiler does besides recording
 * (docs/architecture.md): ReJIT requests and plans (rejit.c), inlining
 * (inlining.c), unloads (unload.c), metadata changes (metadata.c), attach
 * and detach (attach.c), injected faults (fault.c), the harness's commands
 * (commands.c) and its CONFIG (config.c).  They use core/ and each other,
 * never the callback object above them.
 */
#ifndef PROFCHECK_FEATURES_H
#define PROFCHECK_FEATURES_H

#include "core/core.h"

/* What request_run did (rejit.c). */
struct request_result {
    int resolved;      /* 0: a name did not resolve and no request was made */
    cp_hr hr;          /* the API's HRESULT, or why resolving failed */
    char why[512];
    char statuses[1024]; /* RequestRevert's per-method statuses, space-separated */
};

/* attach.c */
/* Puts the attach callbacks into vtbl; InitializeForAttach goes on with start
 * once it has the channel's path. */
void attach_setup(struct cp_callback_vtbl *vtbl, cp_hr (*start)(struct cp_unknown *unk, const char *channel));
/* RequestProfilerDetach, recorded as an event; its HRESULT. */
cp_hr attach_request_detach(uint32_t expected_ms);

/* rejit.c */
void request_init(struct request *rq);
/* Frees the request's strings and empties it. */
void request_release(struct request *rq);
/* Resolves, plans and calls RequestReJIT / RequestRevert, recording the
 * call as an event; `from` names the thread or callback it runs in.
 * 0, or -1 when a name did not resolve (res->why says which). */
int request_run(const struct request *rq, const char *from, struct request_result *res);
/* GetReJITParameters: applies the method's plan, adding il* fields to em. */
cp_hr rejit_parameters(cp_module_id module, cp_token method, struct cp_function_control *control, struct emit *em);
const char *plan_mode_name(enum plan_mode mode);

/* The metadata of one module, open for reading and writing (rejit.c). */
struct md_scope {
    cp_module_id module;
    struct cp_md_import *imp;
    struct cp_md_emit *emit; /* an IMetaDataEmit2 */
    char assembly[256];
};

int md_scope_open(cp_module_id module, struct md_scope *sc);
void md_scope_close(struct md_scope *sc);
/* A token for a name as IL text writes it ("A!N.T", "A!N.T::M(int32)"); 0 or -1 with why. */
int md_scope_resolve(struct md_scope *sc, enum il_operand_kind kind, const char *name, cp_token *token,
                     struct il_call_shape *shape, char *why, size_t why_size);
/* IL text assembled as the body of method; 0 or -1 with why. */
int md_scope_assemble(struct md_scope *sc, cp_token method, const char *text, struct il_body *out, char *why,
                      size_t why_size);
/* The first loaded module of an assembly, or 0. */
cp_module_id module_of_assembly(const char *assembly);

/* metadata.c: the `define` command */
void metadata_define(const struct wire_msg *msg, struct wire_writer *reply);

/* fault.c: faults injected on the harness's request (CONFIG `fault`) */
/* A fault that breaks the channel after an event sets prof.after_event. */
void fault_configure(const char *spec);
/* A crash in JITCompilationStarted, when asked for this method. */
void fault_in_jit(cp_function_id fid);

/* unload.c: modules that go away, dynamic methods */
void unload_setup(struct cp_callback_vtbl *vtbl);

/* trigger.c: requests made when a callback matches (CONFIG t<N>-*) */
void triggers_configure(const struct wire_msg *msg);
/* Fires the triggers that wait for `callback` about `name`: a method (fid
 * its FunctionID) or an assembly (fid 0).  Inside the callback, or handed
 * to the command thread for a trigger of its own thread. */
void trigger_check(const char *callback, const char *name, cp_function_id fid);
/* On the command thread: the requests the callbacks handed over. */
void triggers_run_queued(void);

/* fail.c: callbacks failed on purpose (CONFIG fail-callback) */
/* "Name=0xHHHHHHHH ..." (the HRESULTs in hex); the callbacks named return
 * that HRESULT instead of doing their work, or after it with after_work. */
void fail_configure(const char *spec, int after_work);

/* inlining.c */
/* The most inlinings remembered; a request with tracked inliners adds at most so many. */
#define INLINING_PAIRS_MAX 16384
/* 1 when the case denies inlining `inlinee` (a method name). */
int inlining_denied(const char *inlinee);
/* Remembers that `inliner` inlines `inlinee`. */
void inlining_record(cp_function_id inliner, cp_function_id inlinee);
/* Appends to the n methods every remembered inliner of one of them, to any
 * depth, up to cap in all; returns how many were added. */
size_t inlining_add_inliners(cp_module_id *modules, cp_token *tokens, size_t n, size_t cap);

/* config.c: CONFIG applied to prof and the features */
void config_apply(const struct wire_msg *msg);

/* commands.c */
void commands_run(const struct wire_msg *msg);
/* The request described by msg's fields named prefix+"request", "methods", ... */
int request_from_msg(const struct wire_msg *msg, const char *prefix, struct request *rq);

#endif
