/*
 * test_lint.c - the agent lints (engine/lint.c) on event logs written by
 * hand in the shape the proxy sends them: each rule fires on the mistake it
 * is made for, stays quiet on the right way of doing the same thing, and
 * names the event that shows it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "engine/agent_run.h"
#include "engine/lint.h"
#include "model/event.h"

void test_register(void);

/* Appends an event: name, then key/value pairs; a value starting with '#'
 * is a number, with '!' an HRESULT, anything else a string. */
static void add(struct event_log *log, const char *name, ...)
{
    struct event ev = {0, NULL, 0, NULL};
    const char *key;
    va_list ap;

    ev.index = log->len;
    CU_ASSERT_FATAL(event_add_str(&ev, "event", name, strlen(name)) == 0);
    va_start(ap, name);
    while ((key = va_arg(ap, const char *)) != NULL) {
        const char *v = va_arg(ap, const char *);
        int rc;
        if (v[0] == '#')
            rc = event_add_u64(&ev, key, strtoull(v + 1, NULL, 0));
        else if (v[0] == '!')
            rc = event_add_hr(&ev, key, (int32_t)strtoul(v + 1, NULL, 0));
        else
            rc = event_add_str(&ev, key, v, strlen(v));
        CU_ASSERT_FATAL(rc == 0);
    }
    va_end(ap);
    CU_ASSERT_FATAL(event_log_push(log, &ev) == 0);
}

/* A well-behaved start: the mask with ENABLE_REJIT set in Initialize. */
static void good_start(struct event_log *log)
{
    add(log, "AgentLoaded", "path", "/x.so", NULL);
    add(log, "AgentCall", "thread", "#1", "api", "SetEventMask", "callback", "Initialize", "mask", "#0x40024", "hr",
        "!0", NULL);
    add(log, "AgentInitialized", "hr", "!0", NULL);
}

/* The rules that fire on log, "a, b" ("" for none); the caller frees. */
static char *rules_of(const struct event_log *log, size_t *first_event)
{
    struct lint_report rep;
    struct strbuf sb = STRBUF_INIT;

    lint_report_init(&rep);
    CU_ASSERT_FATAL(lint_run(log, &rep) == 0);
    CU_ASSERT_FATAL(lint_report_rules(&rep, &sb) == 0);
    if (first_event)
        *first_event = rep.len ? rep.v[0].event : (size_t)-1;
    lint_report_release(&rep);
    strbuf_adds(&sb, "");
    return strbuf_detach(&sb);
}

static void expect(const struct event_log *log, const char *rules)
{
    char *got = rules_of(log, NULL);
    CU_ASSERT_STRING_EQUAL(got, rules);
    free(got);
}

static void test_clean(void)
{
    struct event_log log;

    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJITWithInliners", "callback", "", "flags", "#1",
        "methods", "A!N.T::M", NULL);
    add(&log, "AgentCall", "thread", "#2", "api", "FunctionControl.SetILFunctionBody", "callback",
        "GetReJITParameters", "method", "A!N.T::M", "live", "#1", "il-size", "#10", "hr", "!0", NULL);
    add(&log, "AgentCall", "thread", "#2", "api", "SetILFunctionBody", "callback", "JITCompilationStarted", "method",
        "A!N.T::F", "compiled", "#0", "il-size", "#3", "hr", "!0", NULL);
    expect(&log, "");
    event_log_release(&log);
}

static void test_rejit_in_callback(void)
{
    struct event_log log;
    size_t first;
    char *got;

    event_log_init(&log);
    good_start(&log);
    add(&log, "ModuleLoadFinished", "thread", "#1", NULL);
    add(&log, "AgentCall", "thread", "#1", "api", "RequestReJIT", "callback", "ModuleLoadFinished", "methods",
        "A!N.T::M", NULL);
    got = rules_of(&log, &first);
    CU_ASSERT_STRING_EQUAL(got, "rejit-in-callback");
    CU_ASSERT_EQUAL(first, 4);
    free(got);
    /* RequestRevert inside a callback is the same mistake. */
    event_log_release(&log);
    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#1", "api", "RequestRevert", "callback", "JITCompilationFinished", "methods",
        "A!N.T::M", NULL);
    expect(&log, "rejit-in-callback");
    event_log_release(&log);
}

static void test_block_inlining(void)
{
    struct event_log log;

    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJITWithInliners", "callback", "", "flags", "#0",
        "methods", "A!N.T::M", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJITWithInliners", "callback", "", "flags", "#2",
        "methods", "A!N.T::M", NULL);
    expect(&log, "inliners-without-block-inlining");
    event_log_release(&log);
}

static void test_enable_rejit(void)
{
    struct event_log log;

    /* The mask set in Initialize lacks ENABLE_REJIT: reported once, however many requests. */
    event_log_init(&log);
    add(&log, "AgentCall", "thread", "#1", "api", "SetEventMask2", "callback", "Initialize", "mask", "#0x24",
        "mask-high", "#0", "hr", "!0", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::M", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::M", NULL);
    expect(&log, "rejit-without-enable-rejit");
    event_log_release(&log);

    /* Set later, outside Initialize, does not count. */
    event_log_init(&log);
    add(&log, "AgentCall", "thread", "#7", "api", "SetEventMask", "callback", "", "mask", "#0x40000", "hr", "!0", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::M", NULL);
    expect(&log, "rejit-without-enable-rejit");
    event_log_release(&log);

    /* A refused mask does not count either. */
    event_log_init(&log);
    add(&log, "AgentCall", "thread", "#1", "api", "SetEventMask", "callback", "Initialize", "mask", "#0x40000", "hr",
        "!0x80004005", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::M", NULL);
    expect(&log, "rejit-without-enable-rejit");
    event_log_release(&log);
}

static void test_bodies(void)
{
    struct event_log log;

    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#1", "api", "SetILFunctionBody", "callback", "ModuleLoadFinished", "method",
        "A!N.T::M", "compiled", "#0", "il-size", "#4", "il-error", "IL_0001: br.s target IL_0067 is outside the code",
        "hr", "!0", NULL);
    expect(&log, "malformed-il");
    event_log_release(&log);

    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#7", "api", "SetILFunctionBody", "callback", "", "method", "A!N.T::M",
        "compiled", "#1", "il-size", "#4", "hr", "!0", NULL);
    expect(&log, "set-il-after-compile");
    event_log_release(&log);

    event_log_init(&log);
    good_start(&log);
    add(&log, "AgentCall", "thread", "#7", "api", "FunctionControl.SetILFunctionBody", "callback", "", "method",
        "A!N.T::M", "live", "#0", "il-size", "#4", "hr", "!0x8000FFFF", NULL);
    add(&log, "AgentCall", "thread", "#7", "api", "FunctionControl.SetCodegenFlags", "callback", "", "method",
        "A!N.T::M", "live", "#0", "codegen", "#1", "hr", "!0x8000FFFF", NULL);
    expect(&log, "function-control-outside-rejit");
    event_log_release(&log);
}

static void test_rejit_error(void)
{
    struct event_log log;

    /* Ignored: the callback makes no call and nothing asks for the method again. */
    event_log_init(&log);
    good_start(&log);
    add(&log, "ReJITError", "thread", "#3", "method", "A!N.T::M", "hr", "!0x80131363", NULL);
    add(&log, "JITCompilationStarted", "thread", "#3", NULL);
    add(&log, "AgentCall", "thread", "#3", "api", "GetFunctionInfo", "callback", "JITCompilationStarted", NULL);
    expect(&log, "rejit-error-ignored");
    event_log_release(&log);

    /* Looked at inside the callback. */
    event_log_init(&log);
    good_start(&log);
    add(&log, "ReJITError", "thread", "#3", "method", "A!N.T::M", "hr", "!0x80131363", NULL);
    add(&log, "AgentCall", "thread", "#3", "api", "GetModuleInfo", "callback", "ReJITError", NULL);
    expect(&log, "");
    event_log_release(&log);

    /* Asked for again later, from another thread. */
    event_log_init(&log);
    good_start(&log);
    add(&log, "ReJITError", "thread", "#3", "method", "A!N.T::M", "hr", "!0x80131363", NULL);
    add(&log, "AgentCall", "thread", "#9", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::X A!N.T::M", NULL);
    expect(&log, "");
    event_log_release(&log);

    /* A request for a method whose name merely contains the failed one's does not count. */
    event_log_init(&log);
    good_start(&log);
    add(&log, "ReJITError", "thread", "#3", "method", "A!N.T::M", "hr", "!0x80131363", NULL);
    add(&log, "AgentCall", "thread", "#9", "api", "RequestReJIT", "callback", "", "methods", "A!N.T::Mx", NULL);
    expect(&log, "rejit-error-ignored");
    event_log_release(&log);
}

static void test_hang_and_order(void)
{
    struct event_log log;
    struct strbuf message = STRBUF_INIT, details = STRBUF_INIT;

    event_log_init(&log);
    good_start(&log);
    add(&log, "CallbackHang", "thread", "#5", "callback", "Shutdown", "hung-thread", "#1", "ms", "#5012", NULL);
    add(&log, "AgentCall", "thread", "#1", "api", "RequestReJITWithInliners", "callback", "ModuleLoadFinished",
        "flags", "#0", "methods", "A!N.T::M", NULL);
    /* Rules listed in the order of lint_rules, whatever the order of the events. */
    expect(&log, "rejit-in-callback, inliners-without-block-inlining, callback-hang");
    CU_ASSERT_EQUAL(agent_run_lints(&log, &message, &details), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&message),
                                  "agent lints failed: rejit-in-callback, inliners-without-block-inlining, "
                                  "callback-hang: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&details), "lint callback-hang: Shutdown had not returned after 5012 ms"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&details), "See: "));
    strbuf_release(&message);
    strbuf_release(&details);
    event_log_release(&log);
}

/* Findings alike (rule and method) are one line with a count; rules list
 * their explanation once. */
static void test_grouped(void)
{
    struct event_log log;
    struct strbuf message = STRBUF_INIT, details = STRBUF_INIT;
    const char *d;

    event_log_init(&log);
    good_start(&log);
    for (int i = 0; i < 50; i++)
        add(&log, "AgentCall", "thread", "#2", "api", "SetILFunctionBody", "callback", "JITCompilationStarted",
            "method", "A!N.T::M", "compiled", "#1", "il-size", "#3", "hr", "!0", NULL);
    add(&log, "AgentCall", "thread", "#2", "api", "SetILFunctionBody", "callback", "JITCompilationStarted", "method",
        "A!N.T::F", "compiled", "#1", "il-size", "#3", "hr", "!0", NULL);
    CU_ASSERT_EQUAL(agent_run_lints(&log, &message, &details), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&message), "agent lints failed: set-il-after-compile: SetILFunctionBody for "
                                                 "A!N.T::M, which already has native code (51 findings in all)");
    d = strbuf_str(&details);
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "lint set-il-after-compile: SetILFunctionBody for A!N.T::M, which already has "
                                     "native code (event #4; 50 times, the last #53)\n"
                                     "lint set-il-after-compile: SetILFunctionBody for A!N.T::F, which already has "
                                     "native code (event #54)\n  ICorProfilerInfo::SetILFunctionBody on a method"));
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "tier 1"));
    /* The explanation comes once. */
    CU_ASSERT_PTR_NULL(strstr(strstr(d, "See: ") + 1, "See: "));
    strbuf_release(&message);
    strbuf_release(&details);
    event_log_release(&log);

    /* More than ten methods: ten are listed, the rest counted. */
    event_log_init(&log);
    good_start(&log);
    for (int i = 0; i < 12; i++) {
        char method[32];
        snprintf(method, sizeof method, "A!N.T::M%d", i);
        add(&log, "AgentCall", "thread", "#2", "api", "SetILFunctionBody", "callback", "JITCompilationStarted",
            "method", method, "compiled", "#1", "il-size", "#3", "hr", "!0", NULL);
    }
    CU_ASSERT_EQUAL(agent_run_lints(&log, &message, &details), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&details), "lint set-il-after-compile: and 2 more of this rule\n"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&details), "A!N.T::M10"));
    strbuf_release(&message);
    strbuf_release(&details);
    event_log_release(&log);
}

static void test_rules_documented(void)
{
    size_t n = 0;

    for (const struct lint_rule *r = lint_rules; r->name; r++, n++) {
        CU_ASSERT_PTR_EQUAL(lint_rule(r->name), r);
        CU_ASSERT(strlen(r->summary) > 10);
        CU_ASSERT(strlen(r->source) > 10);
    }
    CU_ASSERT_EQUAL(n, 9);
    CU_ASSERT_PTR_NULL(lint_rule("no-such-rule"));
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("lint", NULL, NULL);

    CU_add_test(s, "clean", test_clean);
    CU_add_test(s, "rejit_in_callback", test_rejit_in_callback);
    CU_add_test(s, "block_inlining", test_block_inlining);
    CU_add_test(s, "enable_rejit", test_enable_rejit);
    CU_add_test(s, "bodies", test_bodies);
    CU_add_test(s, "rejit_error", test_rejit_error);
    CU_add_test(s, "hang_and_order", test_hang_and_order);
    CU_add_test(s, "grouped", test_grouped);
    CU_add_test(s, "rules_documented", test_rules_documented);
}
