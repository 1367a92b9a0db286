/*
 * test_matcher.c - glob matching, event predicates, the <events> checks of
 * a case over an event log, and the canonical text of fields and events.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "../engine/matcher.h"
#include "../model/case.h"
#include "../model/event.h"
#include "text/glob.h"
#include "../util/strbuf.h"

void test_register(void);

#define FID_COMPUTE 0x7ffa12340000u
#define FID_MAIN 0x7ffa12340100u
#define FID_OTHER 0x7ffa12340200u
#define HR_REJIT_NOT_ENABLED ((int32_t)0x8013137Cu)
#define HR_E_FAIL ((int32_t)0x80004005u)

/* ---- building events ---- */

static void add_str(struct event *ev, const char *key, const char *s)
{
    CU_ASSERT_EQUAL_FATAL(event_add_str(ev, key, s, strlen(s)), 0);
}

static void add_u64(struct event *ev, const char *key, uint64_t v)
{
    CU_ASSERT_EQUAL_FATAL(event_add_u64(ev, key, v), 0);
}

static void add_hr(struct event *ev, const char *key, int32_t hr)
{
    CU_ASSERT_EQUAL_FATAL(event_add_hr(ev, key, hr), 0);
}

/* The fields every event has, in the order the channel delivers them. */
static void add_common(struct event *ev, const char *name, uint64_t seq)
{
    add_str(ev, "event", name);
    add_u64(ev, "seq", seq);
    add_u64(ev, "tid", 0x1a2b);
    add_u64(ev, "time", 1000 + seq);
}

static void push(struct event_log *log, struct event *ev)
{
    CU_ASSERT_EQUAL_FATAL(event_log_push(log, ev), 0);
}

/* A JIT event: JITCompilationStarted or JITCompilationFinished (with hr). */
static void push_jit(struct event_log *log, const char *name, uint64_t fid, const char *method, int with_hr,
                     int32_t hr)
{
    struct event ev = {0};

    add_common(&ev, name, log->len + 1);
    add_u64(&ev, "function-id", fid);
    add_str(&ev, "method", method);
    if (with_hr)
        add_hr(&ev, "hr", hr);
    push(log, &ev);
}

static void push_started(struct event_log *log, uint64_t fid, const char *method)
{
    push_jit(log, "JITCompilationStarted", fid, method, 0, 0);
}

static void push_finished(struct event_log *log, uint64_t fid, const char *method, int32_t hr)
{
    push_jit(log, "JITCompilationFinished", fid, method, 1, hr);
}

static void push_exception(struct event_log *log, const char *type)
{
    struct event ev = {0};

    add_common(&ev, "ExceptionThrown", log->len + 1);
    add_str(&ev, "type", type);
    push(log, &ev);
}

/* ---- building patterns and cases ---- */

/*
 * Fills p from "key=value key=value ...": "$name" is a capture, a value
 * with '*' or '?' a glob, anything else an equality (as the loader does).
 */
static void parse_pattern(struct pattern *p, const char *spec)
{
    char *copy = strdup(spec), *save = NULL;
    size_t n = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    for (const char *c = spec; *c; c++)
        n += *c == '=';
    p->preds = calloc(n ? n : 1, sizeof *p->preds);
    p->npreds = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->preds);
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '=');
        struct pred *pr = &p->preds[p->npreds];

        CU_ASSERT_PTR_NOT_NULL_FATAL(eq);
        *eq = '\0';
        pr->key = strdup(tok);
        if (eq[1] == '$') {
            pr->op = PRED_CAPTURE;
            pr->value = strdup(eq + 2);
        } else {
            pr->op = glob_has_wildcard(eq + 1) ? PRED_GLOB : PRED_EQUAL;
            pr->value = strdup(eq + 1);
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(pr->key);
        CU_ASSERT_PTR_NOT_NULL_FATAL(pr->value);
        p->npreds++;
    }
    free(copy);
}

static void case_setup(struct case_def *c, size_t nchecks)
{
    case_init(c);
    c->id = strdup("t");
    c->path = strdup("t.xml");
    c->checks = calloc(nchecks, sizeof *c->checks);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->checks);
    c->nchecks = nchecks;
}

static void set_check(struct case_def *c, size_t i, enum check_kind kind, int line, const char *source,
                      const char *spec)
{
    struct check *k = &c->checks[i];

    k->kind = kind;
    k->line = line;
    k->source = strdup(source);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k->source);
    k->min = 0;
    k->max = -1;
    parse_pattern(&k->pattern, spec);
}

static void set_count(struct case_def *c, size_t i, int line, const char *source, const char *spec, long min,
                      long max)
{
    set_check(c, i, CHECK_COUNT, line, source, spec);
    c->checks[i].min = min;
    c->checks[i].max = max;
}

/* Runs the case's checks; message and details are reset first. */
static int run(const struct case_def *c, const struct event_log *log, struct strbuf *message,
               struct strbuf *details)
{
    strbuf_reset(message);
    strbuf_reset(details);
    return matcher_run(c, log, message, details);
}

static int contains(const struct strbuf *sb, const char *needle)
{
    return strstr(strbuf_str(sb), needle) != NULL;
}

static int starts_with(const struct strbuf *sb, const char *prefix)
{
    return strncmp(strbuf_str(sb), prefix, strlen(prefix)) == 0;
}

/* Three Started/Finished pairs, all S_OK: Main, then Compute and Other
 * interleaved as a runtime would. */
static void standard_log(struct event_log *log)
{
    push_started(log, FID_MAIN, "Basic!Program::Main");        /* #1 */
    push_finished(log, FID_MAIN, "Basic!Program::Main", 0);    /* #2 */
    push_started(log, FID_COMPUTE, "Basic!Calc::Compute");     /* #3 */
    push_started(log, FID_OTHER, "Basic!Calc::Other");         /* #4 */
    push_finished(log, FID_OTHER, "Basic!Calc::Other", 0);     /* #5 */
    push_finished(log, FID_COMPUTE, "Basic!Calc::Compute", 0); /* #6 */
}

/* ---- glob ---- */

static void test_glob_match(void)
{
    CU_ASSERT_EQUAL(glob_match("*", ""), 1);
    CU_ASSERT_EQUAL(glob_match("*", "anything at all"), 1);
    CU_ASSERT_EQUAL(glob_match("**", ""), 1);
    CU_ASSERT_EQUAL(glob_match("**", "abc"), 1);
    CU_ASSERT_EQUAL(glob_match("a**b", "aXYb"), 1);
    CU_ASSERT_EQUAL(glob_match("", ""), 1);
    CU_ASSERT_EQUAL(glob_match("", "a"), 0);
    CU_ASSERT_EQUAL(glob_match("a", ""), 0);
    CU_ASSERT_EQUAL(glob_match("a*b", "ab"), 1);
    CU_ASSERT_EQUAL(glob_match("a*b", "axxb"), 1);
    CU_ASSERT_EQUAL(glob_match("a*b", "abab"), 1);
    CU_ASSERT_EQUAL(glob_match("a*b", "axxbc"), 0);
    CU_ASSERT_EQUAL(glob_match("a*b", "xab"), 0);
    CU_ASSERT_EQUAL(glob_match("a*b", "a"), 0);
    CU_ASSERT_EQUAL(glob_match("?", "a"), 1);
    CU_ASSERT_EQUAL(glob_match("?", ""), 0);
    CU_ASSERT_EQUAL(glob_match("?", "ab"), 0);
    CU_ASSERT_EQUAL(glob_match("??", "ab"), 1);
    CU_ASSERT_EQUAL(glob_match("?*", ""), 0);
    CU_ASSERT_EQUAL(glob_match("Basic!*", "Basic!Program::Main"), 1);
    CU_ASSERT_EQUAL(glob_match("Basic!*", "Basic!"), 1);
    CU_ASSERT_EQUAL(glob_match("Basic!*", "basic!Program::Main"), 0);
    CU_ASSERT_EQUAL(glob_match("Basic!*", "Other!Basic!Main"), 0);
    CU_ASSERT_EQUAL(glob_match("*::Compute", "Basic!Calc::Compute"), 1);
    CU_ASSERT_EQUAL(glob_match("*::Compute", "Basic!Calc::Compute2"), 0);
    CU_ASSERT_EQUAL(glob_match("*::Compute", "Basic!Calc::ComputeAll::Compute"), 1);
    CU_ASSERT_EQUAL(glob_match("*Calc*Comp?te", "Basic!Calc::Compute"), 1);
    CU_ASSERT_EQUAL(glob_match("Basic!Calc::Compute", "Basic!Calc::Compute"), 1);
    CU_ASSERT_EQUAL(glob_match("Basic!Calc::Compute", "Basic!Calc::Comput"), 0);
    CU_ASSERT_EQUAL(glob_match("*a", "bbb"), 0);
    CU_ASSERT_EQUAL(glob_match("a?c*", "abc"), 1);
    CU_ASSERT_EQUAL(glob_match("a?c*", "ac"), 0);

    CU_ASSERT_EQUAL(glob_has_wildcard("Basic!*"), 1);
    CU_ASSERT_EQUAL(glob_has_wildcard("a?"), 1);
    CU_ASSERT_EQUAL(glob_has_wildcard("Basic!Main"), 0);
    CU_ASSERT_EQUAL(glob_has_wildcard(""), 0);
}

/* ---- pattern_match ---- */

/* 1 or 0 from pattern_match of spec against ev with bindings b. */
static int matches(const char *spec, const struct event *ev, const struct bindings *b)
{
    struct pattern p = {0};
    int rc;

    parse_pattern(&p, spec);
    rc = pattern_match(&p, ev, b);
    pattern_release(&p);
    return rc;
}

/* One event with a field of each type. */
static void sample_event(struct event *ev)
{
    memset(ev, 0, sizeof *ev);
    add_common(ev, "JITCompilationFinished", 12);
    add_u64(ev, "function-id", FID_COMPUTE);
    add_str(ev, "method", "Basic!Calc::Compute");
    add_hr(ev, "hr", 0);
    add_hr(ev, "rejit-hr", HR_REJIT_NOT_ENABLED);
    add_u64(ev, "count", UINT64_MAX);
    CU_ASSERT_EQUAL_FATAL(event_add_i64(ev, "delta", -5), 0);
}

static void test_pattern_equal_string(void)
{
    struct event ev;
    struct bindings b;

    bindings_init(&b);
    sample_event(&ev);
    CU_ASSERT_EQUAL(matches("event=JITCompilationFinished", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("event=JITCompilationStarted", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("event=jitcompilationfinished", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("event=JITCompilation", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("method=Basic!Calc::Compute", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("event=JITCompilationFinished method=Basic!Calc::Compute", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("event=JITCompilationFinished method=Basic!Calc::Other", &ev, &b), 0);
    /* The empty pattern holds for every event. */
    CU_ASSERT_EQUAL(matches("", &ev, &b), 1);
    event_release(&ev);
}

static void test_pattern_equal_u64(void)
{
    struct event ev;
    struct bindings b;

    bindings_init(&b);
    sample_event(&ev);
    CU_ASSERT_EQUAL(matches("function-id=140712023949312", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=0x7ffa12340000", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=0x7FFA12340000", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=0x7ffa12340001", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("function-id=140712023949313", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("function-id=0x7ffa1234000g", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("function-id=", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=12", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("seq=0xc", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("seq=13", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=12abc", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("count=18446744073709551615", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("count=0xffffffffffffffff", &ev, &b), 1);
    /* No wrap-around: -1 is not UINT64_MAX, and out of range is no match. */
    CU_ASSERT_EQUAL(matches("count=-1", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("count=18446744073709551616", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("delta=-5", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("delta=-0x5", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("delta=5", &ev, &b), 0);
    /* Decimal or 0x hex only: a leading zero is not octal, no sign. */
    CU_ASSERT_EQUAL(matches("seq=012", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("seq=014", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=+12", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=-12", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=0x", &ev, &b), 0);
    event_release(&ev);
}

static void test_pattern_equal_hr(void)
{
    struct event ev;
    struct bindings b;

    bindings_init(&b);
    sample_event(&ev);
    CU_ASSERT_EQUAL(matches("hr=S_OK", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=0x0", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=0x00000000", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=0", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=S_FALSE", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("hr=E_FAIL", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("hr=s_ok", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("rejit-hr=CORPROF_E_REJIT_NOT_ENABLED", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=0x8013137C", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=0x8013137c", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=-2146233476", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=CORPROF_E_REJIT_INLINING_DISABLED", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("rejit-hr=0x8013137D", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("rejit-hr=S_OK", &ev, &b), 0);
    event_release(&ev);
}

static void test_pattern_missing_field(void)
{
    struct event ev;
    struct bindings b;

    bindings_init(&b);
    sample_event(&ev);
    CU_ASSERT_EQUAL(matches("module-id=0x1", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("module-id=*", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("module-id=$m", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("event=JITCompilationFinished module-id=*", &ev, &b), 0);
    event_release(&ev);
}

static void test_pattern_glob(void)
{
    struct event ev;
    struct bindings b;

    bindings_init(&b);
    sample_event(&ev);
    CU_ASSERT_EQUAL(matches("method=Basic!*", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("method=*::Compute", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("method=*::Comput?", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("method=Other!*", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("method=*::Main", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("event=JIT*", &ev, &b), 1);
    /* Numbers are matched on their canonical text. */
    CU_ASSERT_EQUAL(matches("function-id=0x7ffa*", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=*0000", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=1407*", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("seq=1?", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("seq=?", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("hr=S_OK*", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=CORPROF_E_REJIT_*", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=*(0x8013137C)", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("rejit-hr=*(0x8013137c)", &ev, &b), 0);
    CU_ASSERT_EQUAL(matches("delta=-*", &ev, &b), 1);
    event_release(&ev);
}

static void test_pattern_capture(void)
{
    struct event ev, other;
    struct bindings b;
    struct pattern p = {0};

    bindings_init(&b);
    sample_event(&ev);
    memset(&other, 0, sizeof other);
    add_common(&other, "JITCompilationFinished", 13);
    add_u64(&other, "function-id", FID_OTHER);
    add_str(&other, "method", "Basic!Calc::Other");

    /* Unbound: any present field. */
    CU_ASSERT_EQUAL(matches("function-id=$f", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=$f", &other, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=$h", &ev, &b), 1);

    parse_pattern(&p, "event=JITCompilationFinished function-id=$f method=$m hr=$h");
    CU_ASSERT_EQUAL(pattern_bind(&p, &ev, &b), 0);
    CU_ASSERT_EQUAL(b.n, 3);
    CU_ASSERT_PTR_NOT_NULL(bindings_get(&b, "f"));
    if (bindings_get(&b, "f"))
        CU_ASSERT_STRING_EQUAL(bindings_get(&b, "f"), "0x7ffa12340000");
    if (bindings_get(&b, "m"))
        CU_ASSERT_STRING_EQUAL(bindings_get(&b, "m"), "Basic!Calc::Compute");
    if (bindings_get(&b, "h"))
        CU_ASSERT_STRING_EQUAL(bindings_get(&b, "h"), "S_OK (0x00000000)");
    CU_ASSERT_PTR_NULL(bindings_get(&b, "x"));
    /* Binding again keeps the first values. */
    CU_ASSERT_EQUAL(pattern_bind(&p, &other, &b), 0);
    CU_ASSERT_EQUAL(b.n, 3);
    if (bindings_get(&b, "f"))
        CU_ASSERT_STRING_EQUAL(bindings_get(&b, "f"), "0x7ffa12340000");
    pattern_release(&p);

    /* Bound: must be equal. */
    CU_ASSERT_EQUAL(matches("function-id=$f", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("function-id=$f", &other, &b), 0);
    CU_ASSERT_EQUAL(matches("method=$m", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("method=$m", &other, &b), 0);
    /* Still required to be present. */
    CU_ASSERT_EQUAL(matches("hr=$h", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("hr=$h", &other, &b), 0);
    /* Several bound captures at once. */
    CU_ASSERT_EQUAL(matches("method=$m function-id=$f", &ev, &b), 1);
    CU_ASSERT_EQUAL(matches("method=$m function-id=$f", &other, &b), 0);

    bindings_release(&b);
    CU_ASSERT_EQUAL(b.n, 0);
    event_release(&ev);
    event_release(&other);
}

/* ---- matcher_run: checks that hold ---- */

static void test_run_ordered_in_order(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 3);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" method=\"*::Main\"/>",
              "event=JITCompilationStarted method=*::Main");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"JITCompilationStarted\" method=\"*::Compute\"/>",
              "event=JITCompilationStarted method=*::Compute");
    set_check(&c, 2, CHECK_ORDERED, 7, "<check event=\"JITCompilationFinished\" method=\"*::Compute\"/>",
              "event=JITCompilationFinished method=*::Compute hr=S_OK");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_no_checks(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    case_init(&c);
    c.path = strdup("t.xml");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    standard_log(&log);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

/* The same check twice matches two distinct events. */
static void test_run_same_check_twice(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 4);
    for (size_t i = 0; i < 4; i++)
        set_check(&c, i, CHECK_ORDERED, 10 + (int)i, "<check event=\"JITCompilationFinished\"/>",
                  "event=JITCompilationFinished");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    /* Finished events are #1, #4, #5: the fourth check starts after #5. */
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg),
                           "t.xml:13: <check event=\"JITCompilationFinished\"/> not found after event #6");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "events #4 to #6 of 6:\n"
                                             "  #4 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other\n"
                                             "  #5 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other hr=S_OK (0x00000000)\n"
                                             "  #6 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute hr=S_OK (0x00000000)\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_capture_across_checks(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 2);
    /* Binds $f to Compute's id at #2; the Finished with that id is #5,
     * not the first Finished after #2 (#4, Other). */
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" method=\"*::Compute\" "
                                       "function-id=\"$f\"/>",
              "event=JITCompilationStarted method=*::Compute function-id=$f");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"JITCompilationFinished\" function-id=\"$f\"/>",
              "event=JITCompilationFinished function-id=$f");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    /* A <not> after the pair with the bound id: nothing after #5 has it. */
    case_release(&c);
    case_setup(&c, 3);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" method=\"*::Compute\" "
                                       "function-id=\"$f\"/>",
              "event=JITCompilationStarted method=*::Compute function-id=$f");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"JITCompilationFinished\" function-id=\"$f\"/>",
              "event=JITCompilationFinished function-id=$f");
    set_check(&c, 2, CHECK_NOT, 7, "<not function-id=\"$f\"/>", "function-id=$f");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_not_between_checks_holds(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_exception(&log, "System.ArgumentException"); /* #1: before the first check */
    standard_log(&log);                               /* #1 .. #6 */
    push_exception(&log, "System.ArgumentException"); /* #8: after the last check */
    case_setup(&c, 3);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" method=\"*::Compute\"/>",
              "event=JITCompilationStarted method=*::Compute");
    set_check(&c, 1, CHECK_NOT, 6, "<not event=\"ExceptionThrown\"/>", "event=ExceptionThrown");
    set_check(&c, 2, CHECK_ORDERED, 7, "<check event=\"JITCompilationFinished\" method=\"*::Compute\"/>",
              "event=JITCompilationFinished method=*::Compute");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_not_after_last_check_holds(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_exception(&log, "System.ArgumentException"); /* #1 */
    standard_log(&log);
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\"/>", "event=JITCompilationStarted");
    set_check(&c, 1, CHECK_NOT, 6, "<not event=\"ExceptionThrown\"/>", "event=ExceptionThrown");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_count_within_bounds(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 5);
    set_count(&c, 0, 5, "<count event=\"JITCompilationStarted\" min=\"3\" max=\"3\"/>",
              "event=JITCompilationStarted", 3, 3);
    set_count(&c, 1, 6, "<count event=\"JITCompilationFinished\" min=\"1\"/>", "event=JITCompilationFinished", 1,
              -1);
    set_count(&c, 2, 7, "<count method=\"Basic!*\" min=\"2\" max=\"10\"/>", "method=Basic!*", 2, 10);
    set_count(&c, 3, 8, "<count event=\"ExceptionThrown\" max=\"0\"/>", "event=ExceptionThrown", 0, 0);
    set_count(&c, 4, 9, "<count hr=\"E_FAIL\" max=\"0\"/>", "hr=E_FAIL", 0, 0);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

/* <count distinct as>, and bounds over a bound count. */
static void test_run_count_bound(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    push_started(&log, FID_OTHER, "Basic!Calc::Other"); /* #7: a method seen again */
    case_setup(&c, 4);
    set_count(&c, 0, 5, "<count event=\"JITCompilationStarted\" distinct=\"method\" as=\"n\"/>",
              "event=JITCompilationStarted", 0, -1);
    c.checks[0].distinct = strdup("method");
    c.checks[0].as = strdup("n");
    set_count(&c, 1, 6, "<count event=\"JITCompilationFinished\" min=\"$n\" max=\"$n\"/>",
              "event=JITCompilationFinished", 0, 0);
    c.checks[1].min_var = strdup("n");
    c.checks[1].max_var = strdup("n");
    set_count(&c, 2, 7, "<count event=\"JITCompilationStarted\" as=\"all\"/>", "event=JITCompilationStarted", 0, -1);
    c.checks[2].as = strdup("all");
    set_count(&c, 3, 8, "<count event=\"JITCompilation*\" min=\"$all+3\" max=\"$n+4\"/>", "event=JITCompilation*",
              3, 4);
    c.checks[3].min_var = strdup("all");
    c.checks[3].max_var = strdup("n");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "");

    /* One more than the bound count: the failure names both numbers and the capture. */
    c.checks[1].min = 1;
    c.checks[1].max = 1;
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:6: <count event=\"JITCompilationFinished\" min=\"$n\" "
                                             "max=\"$n\"/>: 3 matching events, expected 4 to 4");
    CU_ASSERT_TRUE(contains(&det, "$n=3"));

    /* A distinct count that is too small says so. */
    c.checks[1].min = 0;
    c.checks[1].max = 0;
    c.checks[0].min = 4;
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_TRUE(contains(&msg, ": 3 matching events (distinct values), expected at least 4"));

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

/* ---- matcher_run: checks that fail ---- */

static void test_run_missing_event(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\"/>", "event=JITCompilationStarted");
    set_check(&c, 1, CHECK_ORDERED, 7, "<check event=\"ModuleLoadFinished\"/>", "event=ModuleLoadFinished");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:7: <check event=\"ModuleLoadFinished\"/> not found after event #1");
    /* A one-predicate pattern has no near miss. */
    CU_ASSERT_FALSE(contains(&det, "closest events"));
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "events #1 to #6 of 6:\n"
                                             "  #1 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340100 "
                                             "method=Basic!Program::Main\n"
                                             "  #2 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340100 "
                                             "method=Basic!Program::Main hr=S_OK (0x00000000)\n"
                                             "  #3 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute\n"
                                             "  #4 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other\n"
                                             "  #5 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other hr=S_OK (0x00000000)\n"
                                             "  #6 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute hr=S_OK (0x00000000)\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_missing_event_empty_log(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    case_setup(&c, 1);
    set_check(&c, 0, CHECK_ORDERED, 3, "<check event=\"Initialize\"/>", "event=Initialize");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:3: <check event=\"Initialize\"/> not found");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "the profiler recorded no events\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_near_miss(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute");                  /* #1 */
    push_finished(&log, FID_COMPUTE, "Basic!Calc::Compute", HR_E_FAIL);      /* #2 */
    push_finished(&log, FID_OTHER, "Basic!Calc::Other", HR_REJIT_NOT_ENABLED); /* #3 */
    case_setup(&c, 1);
    set_check(&c, 0, CHECK_ORDERED, 8,
              "<check event=\"JITCompilationFinished\" method=\"*::Compute\" hr=\"S_OK\"/>",
              "event=JITCompilationFinished method=*::Compute hr=S_OK");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:8: <check event=\"JITCompilationFinished\" method=\"*::Compute\" "
                                             "hr=\"S_OK\"/> not found");
    /* #1 meets two predicates of three; #0 and #2 only one. */
    CU_ASSERT_TRUE(starts_with(&det, "closest events (meeting all but some fields):\n"
                                     "  #2 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                     "method=Basic!Calc::Compute hr=E_FAIL (0x80004005)   <- hr differs\n"
                                     "events #1 to #3 of 3:\n"));
    CU_ASSERT_FALSE(contains(&det, "Basic!Calc::Other hr=CORPROF_E_REJIT_NOT_ENABLED (0x8013137C)   <-"));

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_out_of_order(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_finished(&log, FID_COMPUTE, "Basic!Calc::Compute", 0); /* #1 */
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute");     /* #2 */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" method=\"*::Compute\"/>",
              "event=JITCompilationStarted method=*::Compute");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"JITCompilationFinished\" method=\"*::Compute\"/>",
              "event=JITCompilationFinished method=*::Compute");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:6: <check event=\"JITCompilationFinished\" "
                                             "method=\"*::Compute\"/> not found after event #2");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "events #1 to #2 of 2:\n"
                                             "  #1 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute hr=S_OK (0x00000000)\n"
                                             "  #2 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_capture_mismatch(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute");   /* #1 */
    push_started(&log, FID_OTHER, "Basic!Calc::Other");       /* #2 */
    push_finished(&log, FID_OTHER, "Basic!Calc::Other", 0);   /* #3 */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" function-id=\"$f\"/>",
              "event=JITCompilationStarted function-id=$f");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"JITCompilationFinished\" function-id=\"$f\"/>",
              "event=JITCompilationFinished function-id=$f");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:6: <check event=\"JITCompilationFinished\" "
                                             "function-id=\"$f\"/> not found after event #1");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "captures: $f=0x7ffa12340000\n"
                                             "closest events (meeting all but some fields):\n"
                                             "  #3 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other hr=S_OK (0x00000000)   <- function-id "
                                             "differs\n"
                                             "events #1 to #3 of 3:\n"
                                             "  #1 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute\n"
                                             "  #2 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other\n"
                                             "  #3 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other hr=S_OK (0x00000000)\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_not_between_checks_fails(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute");      /* #1 */
    push_started(&log, FID_OTHER, "Basic!Calc::Other");          /* #2 */
    push_exception(&log, "System.InvalidOperationException");    /* #3 */
    push_exception(&log, "System.ArgumentException");            /* #4 */
    push_finished(&log, FID_COMPUTE, "Basic!Calc::Compute", 0);  /* #5 */
    case_setup(&c, 4);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"JITCompilationStarted\" function-id=\"$f\"/>",
              "event=JITCompilationStarted function-id=$f");
    set_check(&c, 1, CHECK_NOT, 6, "<not event=\"JITCompilationFinished\"/>", "event=JITCompilationFinished");
    set_check(&c, 2, CHECK_NOT, 7, "<not event=\"ExceptionThrown\" type=\"*Argument*\"/>",
              "event=ExceptionThrown type=*Argument*");
    set_check(&c, 3, CHECK_ORDERED, 8, "<check event=\"JITCompilationFinished\" function-id=\"$f\"/>",
              "event=JITCompilationFinished function-id=$f");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg),
                           "t.xml:7: <not event=\"ExceptionThrown\" type=\"*Argument*\"/> matched event #4");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "forbidden event: #4 ExceptionThrown tid=0x1a2b "
                                             "type=System.ArgumentException\n"
                                             "captures: $f=0x7ffa12340000\n"
                                             "events #1 to #5 of 5:\n"
                                             "  #1 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute\n"
                                             "  #2 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340200 "
                                             "method=Basic!Calc::Other\n"
                                             "  #3 ExceptionThrown tid=0x1a2b "
                                             "type=System.InvalidOperationException\n"
                                             "  #4 ExceptionThrown tid=0x1a2b type=System.ArgumentException\n"
                                             "  #5 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                             "method=Basic!Calc::Compute hr=S_OK (0x00000000)\n");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_not_before_first_check(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_started(&log, FID_MAIN, "Basic!Program::Main");   /* #1 */
    push_exception(&log, "System.ArgumentException");      /* #2 */
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute"); /* #3 */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_NOT, 4, "<not event=\"ExceptionThrown\"/>", "event=ExceptionThrown");
    set_check(&c, 1, CHECK_ORDERED, 5, "<check method=\"*::Compute\"/>", "method=*::Compute");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:4: <not event=\"ExceptionThrown\"/> matched event #2");
    CU_ASSERT_TRUE(starts_with(&det, "forbidden event: #2 ExceptionThrown tid=0x1a2b "
                                     "type=System.ArgumentException\nevents #1 to #3 of 3:\n"));

    /* The forbidden event after the check's match is allowed. */
    event_log_release(&log);
    push_started(&log, FID_COMPUTE, "Basic!Calc::Compute");
    push_exception(&log, "System.ArgumentException");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_not_after_last_check_fails(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);                                 /* #0 .. #5 */
    push_exception(&log, "System.ArgumentException");   /* #7 */
    push_started(&log, FID_OTHER, "Basic!Calc::Other"); /* #8 */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check method=\"*::Main\"/>", "method=*::Main");
    set_check(&c, 1, CHECK_NOT, 6, "<not event=\"ExceptionThrown\"/>", "event=ExceptionThrown");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:6: <not event=\"ExceptionThrown\"/> matched event #7");
    CU_ASSERT_TRUE(starts_with(&det, "forbidden event: #7 ExceptionThrown tid=0x1a2b "
                                     "type=System.ArgumentException\nevents #4 to #8 of 8:\n"));

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_count_below_min(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 1);
    set_count(&c, 0, 12, "<count method=\"*::Main\" min=\"3\"/>", "method=*::Main", 3, -1);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg),
                           "t.xml:12: <count method=\"*::Main\" min=\"3\"/>: 2 matching events, expected at least 3");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "matching events:\n"
                                             "  #1 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340100 "
                                             "method=Basic!Program::Main\n"
                                             "  #2 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340100 "
                                             "method=Basic!Program::Main hr=S_OK (0x00000000)\n");

    /* None at all: no list of matching events. */
    case_release(&c);
    case_setup(&c, 1);
    set_count(&c, 0, 13, "<count event=\"ClassLoadFinished\" min=\"1\"/>", "event=ClassLoadFinished", 1, -1);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:13: <count event=\"ClassLoadFinished\" min=\"1\"/>: "
                                             "0 matching events, expected at least 1");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&det), "");

    /* Below a min that comes with a max. */
    case_release(&c);
    case_setup(&c, 1);
    set_count(&c, 0, 14, "<count event=\"JITCompilationStarted\" min=\"4\" max=\"5\"/>",
              "event=JITCompilationStarted", 4, 5);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:14: <count event=\"JITCompilationStarted\" min=\"4\" max=\"5\"/>: "
                                             "3 matching events, expected 4 to 5");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_count_above_max(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check method=\"*::Compute\" function-id=\"$f\"/>",
              "method=*::Compute function-id=$f");
    set_count(&c, 1, 15, "<count event=\"JITCompilationFinished\" min=\"1\" max=\"2\"/>",
              "event=JITCompilationFinished", 1, 2);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:15: <count event=\"JITCompilationFinished\" min=\"1\" "
                                             "max=\"2\"/>: 3 matching events, expected 1 to 2");
    CU_ASSERT_TRUE(starts_with(&det, "captures: $f=0x7ffa12340000\nmatching events:\n"
                                     "  #2 JITCompilationFinished "));
    CU_ASSERT_TRUE(contains(&det, "\n  #5 JITCompilationFinished "));
    CU_ASSERT_TRUE(contains(&det, "\n  #6 JITCompilationFinished "));
    CU_ASSERT_FALSE(contains(&det, "#1 "));

    /* max 0: any match is too many. */
    case_release(&c);
    case_setup(&c, 1);
    set_count(&c, 0, 16, "<count hr=\"S_OK\" max=\"0\"/>", "hr=S_OK", 0, 0);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg),
                           "t.xml:16: <count hr=\"S_OK\" max=\"0\"/>: 3 matching events, expected 0 to 0");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

/* The first failing check stops the run: later checks add nothing. */
static void test_run_first_failure_wins(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    case_setup(&c, 3);
    set_check(&c, 0, CHECK_ORDERED, 5, "<check event=\"Nope\"/>", "event=Nope");
    set_check(&c, 1, CHECK_ORDERED, 6, "<check event=\"AlsoNope\"/>", "event=AlsoNope");
    set_count(&c, 2, 7, "<count event=\"Nope\" min=\"1\"/>", "event=Nope", 1, -1);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:5: <check event=\"Nope\"/> not found");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

/* ---- canonical text ---- */

static void assert_field_text(const struct field *f, const char *expect)
{
    struct strbuf sb = STRBUF_INIT;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(field_format(f, &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), expect);
    strbuf_release(&sb);
}

static void test_field_format(void)
{
    struct event ev = {0};

    add_u64(&ev, "function-id", FID_COMPUTE);
    add_u64(&ev, "module-id", 0);
    add_u64(&ev, "tid", 0x1a2b);
    add_u64(&ev, "mask", 0x8);
    add_u64(&ev, "mask-high", 0x40);
    add_u64(&ev, "token", 0x06000001);
    add_u64(&ev, "seq", 12);
    add_u64(&ev, "count", UINT64_MAX);
    add_u64(&ev, "size", 0);
    CU_ASSERT_EQUAL_FATAL(event_add_i64(&ev, "delta", -5), 0);
    CU_ASSERT_EQUAL_FATAL(event_add_i64(&ev, "low", INT64_MIN), 0);
    CU_ASSERT_EQUAL_FATAL(event_add_i64(&ev, "offset-id", 255), 0);
    add_hr(&ev, "hr", 0);
    add_hr(&ev, "rejit-hr", HR_REJIT_NOT_ENABLED);
    add_hr(&ev, "fail-hr", HR_E_FAIL);
    add_hr(&ev, "arg-hr", (int32_t)0x80070057u);
    add_hr(&ev, "odd-hr", (int32_t)0x80001234u);
    add_hr(&ev, "false-hr", 1);
    add_str(&ev, "method", "Basic!Calc::Compute");
    add_str(&ev, "empty", "");

    assert_field_text(event_get(&ev, "function-id"), "0x7ffa12340000");
    assert_field_text(event_get(&ev, "module-id"), "0x0");
    assert_field_text(event_get(&ev, "tid"), "0x1a2b");
    assert_field_text(event_get(&ev, "mask"), "0x8");
    assert_field_text(event_get(&ev, "mask-high"), "0x40");
    assert_field_text(event_get(&ev, "token"), "0x6000001");
    assert_field_text(event_get(&ev, "seq"), "12");
    assert_field_text(event_get(&ev, "count"), "18446744073709551615");
    assert_field_text(event_get(&ev, "size"), "0");
    assert_field_text(event_get(&ev, "delta"), "-5");
    assert_field_text(event_get(&ev, "low"), "-9223372036854775808");
    /* Signed numbers stay decimal whatever the key. */
    assert_field_text(event_get(&ev, "offset-id"), "255");
    assert_field_text(event_get(&ev, "hr"), "S_OK (0x00000000)");
    assert_field_text(event_get(&ev, "rejit-hr"), "CORPROF_E_REJIT_NOT_ENABLED (0x8013137C)");
    assert_field_text(event_get(&ev, "fail-hr"), "E_FAIL (0x80004005)");
    /* Shared values are named by the first name listed. */
    assert_field_text(event_get(&ev, "arg-hr"), "E_INVALIDARG (0x80070057)");
    assert_field_text(event_get(&ev, "odd-hr"), "0x80001234");
    assert_field_text(event_get(&ev, "false-hr"), "S_FALSE (0x00000001)");
    assert_field_text(event_get(&ev, "method"), "Basic!Calc::Compute");
    assert_field_text(event_get(&ev, "empty"), "");

    CU_ASSERT_PTR_NULL(event_get(&ev, "function"));
    CU_ASSERT_PTR_NULL(event_get(&ev, "missing"));
    CU_ASSERT_STRING_EQUAL(event_name(&ev), "");
    event_release(&ev);
    CU_ASSERT_EQUAL(ev.nfields, 0);
}

static void test_event_format(void)
{
    struct event_log log;
    struct event ev = {0};
    struct strbuf sb = STRBUF_INIT;

    event_log_init(&log);
    standard_log(&log);
    add_common(&ev, "ModuleLoadFinished", 99);
    add_u64(&ev, "module-id", 0x55d0c0de0000u);
    add_str(&ev, "path", "/tmp/my app/Basic.dll");
    add_str(&ev, "name", "");
    add_hr(&ev, "hr", HR_REJIT_NOT_ENABLED);
    CU_ASSERT_EQUAL_FATAL(event_add_i64(&ev, "delta", -3), 0);
    push(&log, &ev);
    CU_ASSERT_EQUAL(log.len, 7);
    CU_ASSERT_EQUAL(log.v[6].index, 6);
    CU_ASSERT_PTR_NULL(ev.fields);
    CU_ASSERT_STRING_EQUAL(event_name(&log.v[6]), "ModuleLoadFinished");

    /* event, seq and time are left out; strings with a space or empty are
     * quoted, others (and HRESULT text) are not. */
    CU_ASSERT_EQUAL(event_format(&log.v[6], &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "#7 ModuleLoadFinished tid=0x1a2b module-id=0x55d0c0de0000 "
                                            "path=\"/tmp/my app/Basic.dll\" name=\"\" "
                                            "hr=CORPROF_E_REJIT_NOT_ENABLED (0x8013137C) delta=-3");
    strbuf_reset(&sb);
    CU_ASSERT_EQUAL(event_format(&log.v[0], &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "#1 JITCompilationStarted tid=0x1a2b function-id=0x7ffa12340100 "
                                            "method=Basic!Program::Main");

    /* A range, clamped to the log's end. */
    strbuf_reset(&sb);
    CU_ASSERT_EQUAL(matcher_dump_events(&log, 5, 100, &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "  #6 JITCompilationFinished tid=0x1a2b function-id=0x7ffa12340000 "
                                            "method=Basic!Calc::Compute hr=S_OK (0x00000000)\n"
                                            "  #7 ModuleLoadFinished tid=0x1a2b module-id=0x55d0c0de0000 "
                                            "path=\"/tmp/my app/Basic.dll\" name=\"\" "
                                            "hr=CORPROF_E_REJIT_NOT_ENABLED (0x8013137C) delta=-3\n");
    strbuf_reset(&sb);
    CU_ASSERT_EQUAL(matcher_dump_events(&log, 2, 2, &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");

    strbuf_release(&sb);
    event_log_release(&log);
    CU_ASSERT_EQUAL(log.len, 0);
    CU_ASSERT_PTR_NULL(log.v);
}

/* ---- next, unordered, each ---- */

/* An event on a thread, with one more u64 field (key NULL: none). */
static void push_on(struct event_log *log, const char *name, uint64_t thread, const char *key, uint64_t value)
{
    struct event ev = {0};

    add_str(&ev, "event", name);
    add_u64(&ev, "seq", log->len + 1);
    add_u64(&ev, "thread", thread);
    if (key)
        add_u64(&ev, key, value);
    push(log, &ev);
}

static void test_run_next_same_thread(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_on(&log, "ReJITCompilationStarted", 1, "rejit-id", 2);  /* #1 */
    push_on(&log, "JITCompilationStarted", 2, NULL, 0);          /* #2, another thread */
    push_on(&log, "ReJITCompilationFinished", 1, "rejit-id", 2); /* #3 */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 3, "<check .../>", "event=ReJITCompilationStarted rejit-id=$r");
    set_check(&c, 1, CHECK_NEXT, 4, "<next .../>", "event=ReJITCompilationFinished rejit-id=$r");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);

    /* The next event on thread 1 is not what <next> wants. */
    pattern_release(&c.checks[1].pattern);
    parse_pattern(&c.checks[1].pattern, "event=ReJITError");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg),
                           "t.xml:4: <next .../>: the next event on thread 1 after #1 is #3 ReJITCompilationFinished");
    case_release(&c);

    /* No later event on that thread at all. */
    case_setup(&c, 2);
    set_check(&c, 0, CHECK_ORDERED, 3, "<check .../>", "event=ReJITCompilationFinished");
    set_check(&c, 1, CHECK_NEXT, 4, "<next .../>", "event=Shutdown");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:4: <next .../>: no event on thread 1 after #3");

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void test_run_unordered(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;
    struct check *group;

    event_log_init(&log);
    push_on(&log, "B", 1, "n", 1); /* #1 */
    push_on(&log, "A", 1, "n", 2); /* #2 */
    push_on(&log, "C", 1, "n", 3); /* #3 */
    push_on(&log, "A", 1, "n", 4); /* #4 */
    case_setup(&c, 2);
    group = &c.checks[0];
    group->kind = CHECK_UNORDERED;
    group->line = 2;
    group->source = strdup("<unordered>");
    group->children = calloc(2, sizeof *group->children);
    CU_ASSERT_PTR_NOT_NULL_FATAL(group->children);
    group->nchildren = 2;
    group->children[0].kind = CHECK_ORDERED;
    group->children[0].line = 3;
    group->children[0].source = strdup("<check event=\"A\"/>");
    parse_pattern(&group->children[0].pattern, "event=A n=$n");
    group->children[1].kind = CHECK_ORDERED;
    group->children[1].line = 4;
    group->children[1].source = strdup("<check event=\"B\"/>");
    parse_pattern(&group->children[1].pattern, "event=B");
    /* Any order: A (#1) and B (#0) match; the cursor goes past #1, so C (#2) follows. */
    set_check(&c, 1, CHECK_ORDERED, 5, "<check event=\"C\"/>", "event=C");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);

    /* After the group, a check for B (only at #0) is not found. */
    pattern_release(&c.checks[1].pattern);
    parse_pattern(&c.checks[1].pattern, "event=B");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_TRUE(starts_with(&msg, "t.xml:5: <check event=\"C\"/> not found after event #2"));

    /* Two children wanting the same kind of event need two events. */
    pattern_release(&group->children[1].pattern);
    parse_pattern(&group->children[1].pattern, "event=C");
    pattern_release(&c.checks[1].pattern);
    parse_pattern(&c.checks[1].pattern, "event=A");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0); /* A #1, C #2, then A #3 */
    pattern_release(&group->children[0].pattern);
    parse_pattern(&group->children[0].pattern, "event=C");
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_TRUE(starts_with(&msg, "t.xml:4: ")); /* the second C finds no event left */
    CU_ASSERT_TRUE(contains(&det, "(in the <unordered> group at line 2)"));

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}

static void set_each(struct case_def *c, size_t i, const char *outer, const char *related, int after)
{
    struct check *k;

    set_check(c, i, CHECK_EACH, 6, "<each>", outer);
    k = &c->checks[i];
    k->children = calloc(1, sizeof *k->children);
    CU_ASSERT_PTR_NOT_NULL_FATAL(k->children);
    k->nchildren = 1;
    k->children[0].after = after;
    k->children[0].line = 7;
    k->children[0].source = strdup(after ? "<after/>" : "<before/>");
    parse_pattern(&k->children[0].pattern, related);
    /* "=field" refers to the <each> event's field. */
    for (size_t p = 0; p < k->children[0].pattern.npreds; p++) {
        struct pred *pr = &k->children[0].pattern.preds[p];
        if (pr->value[0] == '=') {
            memmove(pr->value, pr->value + 1, strlen(pr->value));
            pr->op = PRED_SAME;
        }
    }
}

static void test_run_each(void)
{
    struct case_def c;
    struct event_log log;
    struct strbuf msg = STRBUF_INIT, det = STRBUF_INIT;

    event_log_init(&log);
    push_on(&log, "ReJITCompilationStarted", 1, "rejit-id", 2);  /* #1 */
    push_on(&log, "ReJITCompilationStarted", 2, "rejit-id", 3);  /* #2 */
    push_on(&log, "ReJITCompilationFinished", 2, "rejit-id", 3); /* #3 */
    push_on(&log, "ReJITCompilationFinished", 1, "rejit-id", 2); /* #4 */
    case_setup(&c, 1);
    set_each(&c, 0, "event=ReJITCompilationFinished",
             "event=ReJITCompilationStarted rejit-id==rejit-id thread==thread", 0);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);
    case_release(&c);

    /* A Finished whose Started is on another thread. */
    push_on(&log, "ReJITCompilationFinished", 3, "rejit-id", 2); /* #5 */
    case_setup(&c, 1);
    set_each(&c, 0, "event=ReJITCompilationFinished",
             "event=ReJITCompilationStarted rejit-id==rejit-id thread==thread", 0);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 1);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&msg), "t.xml:7: event #5 ReJITCompilationFinished has no <before/>");
    case_release(&c);

    /* <after>: every Started is followed by its Finished (#0 by #3, #1 by #2). */
    case_setup(&c, 1);
    set_each(&c, 0, "event=ReJITCompilationStarted", "event=ReJITCompilationFinished rejit-id==rejit-id", 1);
    CU_ASSERT_EQUAL(run(&c, &log, &msg, &det), 0);

    strbuf_release(&msg);
    strbuf_release(&det);
    case_release(&c);
    event_log_release(&log);
}


void test_register(void)
{
    CU_pSuite s = CU_add_suite("matcher", NULL, NULL);

    if (!s)
        return;
    CU_add_test(s, "glob_match", test_glob_match);
    CU_add_test(s, "pattern_equal_string", test_pattern_equal_string);
    CU_add_test(s, "pattern_equal_u64", test_pattern_equal_u64);
    CU_add_test(s, "pattern_equal_hr", test_pattern_equal_hr);
    CU_add_test(s, "pattern_missing_field", test_pattern_missing_field);
    CU_add_test(s, "pattern_glob", test_pattern_glob);
    CU_add_test(s, "pattern_capture", test_pattern_capture);
    CU_add_test(s, "run_ordered_in_order", test_run_ordered_in_order);
    CU_add_test(s, "run_no_checks", test_run_no_checks);
    CU_add_test(s, "run_same_check_twice", test_run_same_check_twice);
    CU_add_test(s, "run_capture_across_checks", test_run_capture_across_checks);
    CU_add_test(s, "run_not_between_checks_holds", test_run_not_between_checks_holds);
    CU_add_test(s, "run_not_after_last_check_holds", test_run_not_after_last_check_holds);
    CU_add_test(s, "run_count_within_bounds", test_run_count_within_bounds);
    CU_add_test(s, "run_count_bound", test_run_count_bound);
    CU_add_test(s, "run_missing_event", test_run_missing_event);
    CU_add_test(s, "run_missing_event_empty_log", test_run_missing_event_empty_log);
    CU_add_test(s, "run_near_miss", test_run_near_miss);
    CU_add_test(s, "run_out_of_order", test_run_out_of_order);
    CU_add_test(s, "run_capture_mismatch", test_run_capture_mismatch);
    CU_add_test(s, "run_not_between_checks_fails", test_run_not_between_checks_fails);
    CU_add_test(s, "run_not_before_first_check", test_run_not_before_first_check);
    CU_add_test(s, "run_not_after_last_check_fails", test_run_not_after_last_check_fails);
    CU_add_test(s, "run_count_below_min", test_run_count_below_min);
    CU_add_test(s, "run_count_above_max", test_run_count_above_max);
    CU_add_test(s, "run_first_failure_wins", test_run_first_failure_wins);
    CU_add_test(s, "field_format", test_field_format);
    CU_add_test(s, "event_format", test_event_format);
    CU_add_test(s, "run_next_same_thread", test_run_next_same_thread);
    CU_add_test(s, "run_unordered", test_run_unordered);
    CU_add_test(s, "run_each", test_run_each);
}
