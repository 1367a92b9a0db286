/*
 * lint.c - the agent lints (lint.h).  Each rule reads the event log once;
 * the events are the proxy's (profiler_under_test/proxy/proxy_info.c):
 *
 *   AgentCall      api, callback ("" on a thread of the agent's own), hr,
 *                  and by api: mask, rejit-flags, methods, il-size,
 *                  il-error, compiled, live
 *   ReJITError     method, hr (the runtime's callback, recorded before the
 *                  agent gets it)
 *   CallbackHang   callback, hung-thread, ms
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"

#define COR_PRF_ENABLE_REJIT 0x40000u
#define COR_PRF_REJIT_BLOCK_INLINING 0x1u

const struct lint_rule lint_rules[] = {
    {"agent-preflight", "the library cannot be loaded as a profiler on this machine",
     "profcheck inspect-agent; ICorProfilerCallback (learn.microsoft.com, \"Profiling Overview\")"},
    {"rejit-in-callback",
     "ReJIT or revert requested from a runtime thread inside a profiler callback",
     "ICorProfilerInfo4::RequestReJIT, Remarks: call it from a thread the profiler created, not from a "
     "CLR thread executing a callback"},
    {"inliners-without-block-inlining",
     "RequestReJITWithInliners without COR_PRF_REJIT_BLOCK_INLINING: new inliners keep inlining the old code",
     "ICorProfilerInfo10::RequestReJITWithInliners; COR_PRF_REJIT_FLAGS"},
    {"rejit-without-enable-rejit", "ReJIT requested, but the event mask set in Initialize lacks COR_PRF_ENABLE_REJIT",
     "COR_PRF_MONITOR enumeration: COR_PRF_ENABLE_REJIT must be set at startup"},
    {"malformed-il", "a new method body is not valid IL (header, code size, branch targets, EH clauses, max stack)",
     "ECMA-335 Partition II 25.4 and Partition III; ICorProfilerInfo::SetILFunctionBody"},
    {"set-il-after-compile",
     "ICorProfilerInfo::SetILFunctionBody on a method that already has native code.  JITCompilationStarted "
     "comes again for a method the runtime recompiles (tier 1 after tier 0, on-stack replacement of a loop, "
     "a ReJIT's new version): instrument each method once, at its first JITCompilationStarted, and change "
     "compiled methods only through ReJIT",
     "ICorProfilerInfo::SetILFunctionBody, Remarks: only before the method is first compiled; "
     "use ReJIT afterwards"},
    {"function-control-outside-rejit", "ICorProfilerFunctionControl used after GetReJITParameters returned",
     "ICorProfilerCallback4::GetReJITParameters: the control is valid during the callback only"},
    {"rejit-error-ignored",
     "ReJITError received and nothing followed: no API call in the callback, no new request for the method",
     "ICorProfilerCallback4::ReJITError; ICorProfilerInfo4::RequestReJIT (failures arrive only there)"},
    {"callback-hang", "a callback did not return within half the case's timeout",
     "ICorProfilerCallback: callbacks run on runtime threads that hold locks; a callback that blocks "
     "hangs the app"},
    {NULL, NULL, NULL},
};

const struct lint_rule *lint_rule(const char *name)
{
    for (const struct lint_rule *r = lint_rules; r->name; r++)
        if (strcmp(r->name, name) == 0)
            return r;
    return NULL;
}

void lint_report_init(struct lint_report *rep)
{
    memset(rep, 0, sizeof *rep);
}

void lint_report_release(struct lint_report *rep)
{
    for (size_t i = 0; i < rep->len; i++) {
        free(rep->v[i].text);
        free(rep->v[i].subject);
    }
    free(rep->v);
    lint_report_init(rep);
}

int lint_report_add(struct lint_report *rep, const char *rule, size_t event, const char *subject, const char *fmt,
                    ...)
{
    const struct lint_rule *r = lint_rule(rule);
    struct lint_finding *f;
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    if (!r)
        return -1;
    for (size_t i = 0; i < rep->len; i++) {
        f = &rep->v[i];
        if (f->rule == r && strcmp(f->subject, subject) == 0) {
            f->count++;
            f->last = event;
            return 0;
        }
    }
    if (rep->len == rep->cap) {
        size_t cap = rep->cap ? rep->cap * 2 : 8;
        struct lint_finding *v = realloc(rep->v, cap * sizeof *v);
        if (!v)
            return -1;
        rep->v = v;
        rep->cap = cap;
    }
    va_start(ap, fmt);
    if (strbuf_vaddf(&sb, fmt, ap) < 0) {
        va_end(ap);
        strbuf_release(&sb);
        return -1;
    }
    va_end(ap);
    f = &rep->v[rep->len];
    f->rule = r;
    f->text = strbuf_detach(&sb);
    f->subject = strdup(subject);
    f->event = event;
    f->last = event;
    f->count = 1;
    if (!f->text || !f->subject) {
        free(f->text);
        free(f->subject);
        return -1;
    }
    rep->len++;
    return 0;
}

int lint_report_rules(const struct lint_report *rep, struct strbuf *out)
{
    int first = 1;

    for (const struct lint_rule *r = lint_rules; r->name; r++) {
        for (size_t i = 0; i < rep->len; i++) {
            if (rep->v[i].rule != r)
                continue;
            if (strbuf_addf(out, "%s%s", first ? "" : ", ", r->name) < 0)
                return -1;
            first = 0;
            break;
        }
    }
    return 0;
}

/* ---- reading events ----------------------------------------------------------- */

static const char *str_of(const struct event *ev, const char *key)
{
    const struct field *f = event_get(ev, key);
    return f && f->type == VAL_STR && f->s ? f->s : "";
}

static int has(const struct event *ev, const char *key)
{
    return event_get(ev, key) != NULL;
}

static uint64_t u64_of(const struct event *ev, const char *key)
{
    const struct field *f = event_get(ev, key);
    return f && f->type == VAL_U64 ? f->u : 0;
}

static int32_t hr_of(const struct event *ev)
{
    const struct field *f = event_get(ev, "hr");
    return f && f->type == VAL_HR ? f->hr : 0;
}

static int is(const struct event *ev, const char *name)
{
    const char *n = event_name(ev);
    return n && strcmp(n, name) == 0;
}

static int is_call(const struct event *ev, const char *api)
{
    return is(ev, "AgentCall") && strcmp(str_of(ev, "api"), api) == 0;
}

static int is_request(const struct event *ev)
{
    return is_call(ev, "RequestReJIT") || is_call(ev, "RequestReJITWithInliners") || is_call(ev, "RequestRevert");
}

/* 1 when the space-separated list holds name. */
static int list_has(const char *list, const char *name)
{
    size_t n = strlen(name);

    if (n == 0)
        return 0;
    for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

/* ---- the rules ---------------------------------------------------------------- */

static int rule_requests(const struct event_log *log, struct lint_report *rep)
{
    int64_t startup_mask = -1; /* the mask the agent set in Initialize, -1 before any */
    int reported_mask = 0;

    for (size_t i = 0; i < log->len; i++) {
        const struct event *ev = &log->v[i];
        const char *api = str_of(ev, "api"), *cb = str_of(ev, "callback");

        if ((is_call(ev, "SetEventMask") || is_call(ev, "SetEventMask2")) && strcmp(cb, "Initialize") == 0 &&
            hr_of(ev) >= 0)
            startup_mask = (int64_t)u64_of(ev, "mask");
        if (!is_request(ev))
            continue;
        if (*cb && lint_report_add(rep, "rejit-in-callback", i, str_of(ev, "methods"), "%s of %s inside %s (thread %ju)",
                                   api, str_of(ev, "methods"), cb, (uintmax_t)u64_of(ev, "thread")) < 0)
            return -1;
        if (strcmp(api, "RequestReJITWithInliners") == 0 &&
            !(u64_of(ev, "flags") & COR_PRF_REJIT_BLOCK_INLINING) &&
            lint_report_add(rep, "inliners-without-block-inlining", i, str_of(ev, "methods"), "%s(flags 0x%jx) of %s",
                            api, (uintmax_t)u64_of(ev, "flags"), str_of(ev, "methods")) < 0)
            return -1;
        if (strcmp(api, "RequestRevert") != 0 && !reported_mask &&
            (startup_mask < 0 || !((uint64_t)startup_mask & COR_PRF_ENABLE_REJIT))) {
            reported_mask = 1;
            if ((startup_mask < 0 ? lint_report_add(rep, "rejit-without-enable-rejit", i, "",
                                                   "%s of %s, and no event mask was set in Initialize", api,
                                                   str_of(ev, "methods"))
                                 : lint_report_add(rep, "rejit-without-enable-rejit", i, "",
                                                   "%s of %s; the mask set in Initialize was 0x%jx", api,
                                                   str_of(ev, "methods"), (uintmax_t)startup_mask)) < 0)
                return -1;
        }
    }
    return 0;
}

static int rule_bodies(const struct event_log *log, struct lint_report *rep)
{
    for (size_t i = 0; i < log->len; i++) {
        const struct event *ev = &log->v[i];
        const char *api = str_of(ev, "api");
        int info = is_call(ev, "SetILFunctionBody");
        int control = is(ev, "AgentCall") && strncmp(api, "FunctionControl.", 16) == 0;

        if (!info && !control)
            continue;
        if (has(ev, "il-error") && lint_report_add(rep, "malformed-il", i, str_of(ev, "method"), "%s for %s: %s", api,
                                                   str_of(ev, "method"), str_of(ev, "il-error")) < 0)
            return -1;
        if (info && u64_of(ev, "compiled") &&
            lint_report_add(rep, "set-il-after-compile", i, str_of(ev, "method"),
                            "%s for %s, which already has native code", api, str_of(ev, "method")) < 0)
            return -1;
        if (control && has(ev, "live") && !u64_of(ev, "live") &&
            lint_report_add(rep, "function-control-outside-rejit", i, str_of(ev, "method"),
                            "%s for %s after its GetReJITParameters returned", api, str_of(ev, "method")) < 0)
            return -1;
    }
    return 0;
}

/* Something followed a ReJITError at i: an API call inside that callback on
 * its thread, or a later request naming the method. */
static int rejit_error_followed(const struct event_log *log, size_t i)
{
    const struct event *err = &log->v[i];
    uint64_t thread = u64_of(err, "thread");
    const char *method = str_of(err, "method");
    int inside = 1;

    for (size_t j = i + 1; j < log->len; j++) {
        const struct event *ev = &log->v[j];
        if (u64_of(ev, "thread") == thread && inside) {
            if (is(ev, "AgentCall") && strcmp(str_of(ev, "callback"), "ReJITError") == 0)
                return 1;
            if (!is(ev, "AgentCall"))
                inside = 0; /* the thread went on to something else */
        }
        if (is_request(ev) && list_has(str_of(ev, "methods"), method))
            return 1;
    }
    return 0;
}

static int rule_rejit_errors(const struct event_log *log, struct lint_report *rep)
{
    for (size_t i = 0; i < log->len; i++) {
        const struct event *ev = &log->v[i];
        if (is(ev, "ReJITError") && !rejit_error_followed(log, i) &&
            lint_report_add(rep, "rejit-error-ignored", i, str_of(ev, "method"),
                            "ReJITError for %s (hr 0x%08X) and nothing after it",
                            *str_of(ev, "method") ? str_of(ev, "method") : "a method", (unsigned)hr_of(ev)) < 0)
            return -1;
    }
    return 0;
}

static int rule_hangs(const struct event_log *log, struct lint_report *rep)
{
    for (size_t i = 0; i < log->len; i++) {
        const struct event *ev = &log->v[i];
        if (is(ev, "CallbackHang") &&
            lint_report_add(rep, "callback-hang", i, str_of(ev, "callback"), "%s had not returned after %ju ms (thread %ju)",
                            str_of(ev, "callback"), (uintmax_t)u64_of(ev, "ms"),
                            (uintmax_t)u64_of(ev, "hung-thread")) < 0)
            return -1;
    }
    return 0;
}

int lint_run(const struct event_log *log, struct lint_report *rep)
{
    if (rule_requests(log, rep) < 0 || rule_bodies(log, rep) < 0 || rule_rejit_errors(log, rep) < 0 ||
        rule_hangs(log, rep) < 0)
        return -1;
    return 0;
}
