/*
 * trigger.c - requests the profiler makes by itself when a callback
 * matches, without a round trip to the harness (CONFIG fields t<N>-*,
 * docs/protocol.md "Triggers").
 *
 * A trigger names a callback (ModuleLoadFinished, JITCompilationStarted,
 * JITCompilationFinished) and a glob on its assembly or method.  When it
 * fires, the request runs either inside the callback, on the runtime's
 * thread (what the documentation says not to do, recorded to see what
 * happens), or on the profiler's own command thread: the callback queues it,
 * wakes the thread and returns at once.  The request may be about the
 * callback's own method (its module and token, from the FunctionID).
 */
#include <stdio.h>
#include <string.h>

#include "features/features.h"

static int load_trigger(const struct wire_msg *msg, size_t i, struct trigger *t)
{
    const struct wire_field *f;
    char key[32];

    memset(t, 0, sizeof *t);
#define KEY(name) (snprintf(key, sizeof key, "t%zu-%s", i, name), key)
    f = wire_msg_get(msg, KEY("callback"));
    if (!f || f->type != WIRE_STR || f->len >= sizeof t->callback)
        return -1;
    memcpy(t->callback, f->str, f->len);
    f = wire_msg_get(msg, KEY("name"));
    snprintf(t->name, sizeof t->name, "%.*s", f && f->type == WIRE_STR ? (int)f->len : 1,
             f && f->type == WIRE_STR ? f->str : "*");
    f = wire_msg_get(msg, KEY("thread"));
    t->own_thread = f && f->type == WIRE_STR && f->len == 8 && memcmp(f->str, "profiler", 8) == 0;
    f = wire_msg_get(msg, KEY("times"));
    t->times = f && f->type == WIRE_U64 ? (uint32_t)f->u : 1;
    f = wire_msg_get(msg, KEY("event-method"));
    t->event_method = f && f->type == WIRE_U64 && f->u;
    snprintf(key, sizeof key, "t%zu-", i);
    if (request_from_msg(msg, key, &t->request) < 0)
        return -1;
#undef KEY
    t->armed = 1;
    return 0;
}

void triggers_configure(const struct wire_msg *msg)
{
    const struct wire_field *f = wire_msg_get(msg, "triggers");
    size_t n = f && f->type == WIRE_U64 ? (size_t)f->u : 0;

    if (n > TRIGGER_MAX)
        n = TRIGGER_MAX;
    for (size_t i = 0; i < n; i++) {
        if (load_trigger(msg, i, &prof.triggers[prof.ntriggers]) < 0) {
            link_log("trigger %zu of the configuration is malformed: left out", i);
            continue;
        }
        prof.ntriggers++;
    }
    prof.triggers_armed = prof.ntriggers > 0;
    if (prof.triggers_armed)
        prof.on_wake = triggers_run_queued;
}

/* Runs trigger t's request, about (module, token) when it asks for the event's method. */
static void run_one(const struct trigger *t, cp_module_id module, cp_token token, const char *from)
{
    struct request rq = t->request;
    struct request_result res;

    if (t->event_method) {
        rq.module = module;
        rq.token = token;
    }
    if (request_run(&rq, from, &res) < 0)
        link_log("the request on %s could not be made: %s", t->callback, res.why);
}

void trigger_check(const char *callback, const char *name, cp_function_id fid)
{
    cp_module_id module = 0;
    cp_token token = 0;
    int still_armed = 0;

    if (!prof.triggers_armed || !name)
        return;
    for (size_t i = 0; i < prof.ntriggers; i++) {
        struct trigger *t = &prof.triggers[i];
        int fire = 0;

        pthread_mutex_lock(&prof.plan_lock);
        if (t->armed && strcmp(t->callback, callback) == 0 && glob_match(t->name, name)) {
            fire = 1;
            t->fired++;
            if (t->times && t->fired >= t->times)
                t->armed = 0;
        }
        pthread_mutex_unlock(&prof.plan_lock);
        if (!fire)
            continue;
        if (t->event_method && fid) {
            cp_class_id cls;
            if (CP_FAILED(prof.info->vtbl->GetFunctionInfo(prof.info, fid, &cls, &module, &token))) {
                link_log("the request on %s: GetFunctionInfo failed for %s", callback, name);
                continue;
            }
        }
        if (!t->own_thread) {
            run_one(t, module, token, callback);
            continue;
        }
        pthread_mutex_lock(&prof.plan_lock);
        if (prof.nfires < TRIGGER_QUEUE)
            prof.fires[prof.nfires++] = (struct trigger_fire){i, module, token};
        else
            link_log("more than %d requests waiting for the profiler's thread: the one on %s is dropped",
                     TRIGGER_QUEUE, name);
        pthread_mutex_unlock(&prof.plan_lock);
        link_wake();
    }
    for (size_t i = 0; i < prof.ntriggers; i++)
        still_armed |= prof.triggers[i].armed;
    prof.triggers_armed = still_armed;
}

void triggers_run_queued(void)
{
    for (;;) {
        struct trigger_fire fire;
        char from[96];

        pthread_mutex_lock(&prof.plan_lock);
        if (prof.nfires == 0) {
            pthread_mutex_unlock(&prof.plan_lock);
            return;
        }
        fire = prof.fires[0];
        memmove(prof.fires, prof.fires + 1, (prof.nfires - 1) * sizeof *prof.fires);
        prof.nfires--;
        pthread_mutex_unlock(&prof.plan_lock);
        snprintf(from, sizeof from, "command-thread after %s", prof.triggers[fire.trigger].callback);
        run_one(&prof.triggers[fire.trigger], fire.module, fire.token, from);
    }
}
