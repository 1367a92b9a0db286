/*
 * test_reports.c - the TAP and JSON report writers.
 *
 * One fixed set of results (every verdict, a flaky pass, a failure on
 * every attempt, properties, events with every field type, hostile text)
 * is rendered and compared byte for byte with golden files in
 * PROFCHECK_TEST_DATA.  Independently of those files, the TAP stream is
 * checked line by line (plan, one test line per result, directives, YAML
 * blocks) and the JSON document is run through a strict JSON checker
 * written here, which also decodes every string so that the text a reader
 * gets back can be compared.  When PROFCHECK_GOLDEN_OUT names a directory,
 * a document that differs from its golden file is written there for
 * inspection (the test still fails).
 */
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "../../reports/json.h"
#include "../../reports/sanitize.h"
#include "../../reports/tap.h"
#include "../model/event.h"
#include "../model/result.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "test_files.h"

void test_register(void);

/* TAP's directive for an expected failure. */
#define XFAIL_DIRECTIVE " # TO" "DO "

/* ---- building results ---------------------------------------------------- */

static void set_result(struct result *r, const char *id, const char *area, enum verdict v, const char *message,
                       const char *details, double seconds)
{
    result_init(r);
    r->id = test_dup(id);
    r->area = test_dup(area);
    r->verdict = v;
    r->message = test_dup(message);
    r->details = test_dup(details);
    r->seconds = seconds;
}

static void add_prop(struct result *r, const char *name, const char *value)
{
    struct result_prop *v = realloc(r->props, (r->nprops + 1) * sizeof *v);

    if (!v)
        abort();
    r->props = v;
    v[r->nprops].name = test_dup(name);
    v[r->nprops].value = test_dup(value);
    r->nprops++;
}

static void add_attempt(struct result *r, enum verdict verdict, const char *message, const char *details,
                        double seconds)
{
    struct attempt *v = realloc(r->attempts, (r->nattempts + 1) * sizeof *v);

    if (!v)
        abort();
    r->attempts = v;
    v[r->nattempts].verdict = verdict;
    v[r->nattempts].message = test_dup(message);
    v[r->nattempts].details = test_dup(details);
    v[r->nattempts].seconds = seconds;
    r->nattempts++;
}

/* The fields every event has. */
static void begin_event(struct event *ev, const char *name, uint64_t seq, uint64_t tid, uint64_t time)
{
    memset(ev, 0, sizeof *ev);
    if (event_add_str(ev, "event", name, strlen(name)) < 0 || event_add_u64(ev, "seq", seq) < 0 ||
        event_add_u64(ev, "tid", tid) < 0 || event_add_u64(ev, "time", time) < 0)
        abort();
}

static void push_event(struct result *r, struct event *ev)
{
    if (event_log_push(&r->events, ev) < 0)
        abort();
}

static void release_results(struct result *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        result_release(&r[i]);
}

#define MIXED_N 10

/* In JSON every string of these results must come back as its sanitised text. */
static const char hostile_id[] = "hostile/#1 \\ \"q\" \x1b[31m\xff";
static const char hostile_id_clean[] = "hostile/#1 \\ \"q\" \\x1b[31m\\xff";
static const char hostile_message[] = "line one\nnot ok 5 - \"two\" \\ back # hash \x01 \x1b[0m \xff end";
static const char hostile_message_clean[] = "line one\nnot ok 5 - \"two\" \\ back # hash \\x01 \\x1b[0m \\xff end";
static const char hostile_details[] = "  leading spaces\nraw \x01 ctrl\n\ttab line\n\nok 99 - not a test line\n"
                                      "---\n...\n  ...\nbad \xc3\x28 utf-8 \xe2\x82\xac\n";
static const char hostile_details_clean[] = "  leading spaces\nraw \\x01 ctrl\n\ttab line\n\nok 99 - not a test line\n"
                                            "---\n...\n  ...\nbad \\xc3( utf-8 \xe2\x82\xac\n";
static const char hostile_prop_name[] = "note \"x\" #";
static const char hostile_prop_value[] = "a\\b\x1b";
static const char hostile_prop_value_clean[] = "a\\b\\x1b";
static const char hostile_method[] = "\x1b[1mA!B::C\xff \"q\"\n";
static const char hostile_method_clean[] = "\\x1b[1mA!B::C\\xff \"q\"\n";
static const char cr_details[] = "progress 10%\rprogress 100%\r\ndone\n";

/* Every verdict, a flaky pass, a failure on every attempt, hostile text. */
static void mixed_results(struct result r[MIXED_N])
{
    struct event ev;

    set_result(&r[0], "jit/started-finished", "jit", VERDICT_PASS, NULL, NULL, 0.0321);
    r[0].runtime_version = test_dup("10.0.12");
    r[0].stdout_text = test_dup("ready\nJit.Compute=42\n");
    add_prop(&r[0], "before.rss-kib", "26440");
    add_prop(&r[0], "after.rss-kib", "27012");

    set_result(&r[1], "rejit/basic[tc=off,r2r=on]", "rejit", VERDICT_FAIL,
               "expected 2 JITCompilationStarted, saw 1",
               "cases/rejit/basic.xml:15: <check event=\"JITCompilationStarted\"/> not found after event #1\n"
               "events #0 to #2 of 3:\n"
               "  #0 JITCompilationStarted tid=0x1092 method=Basic!Fixtures.Jit::Compute\n",
               1.5);
    r[1].runtime_version = test_dup("10.0.12");
    add_attempt(&r[1], VERDICT_FAIL, "expected 2 JITCompilationStarted, saw 0", "first attempt\n", 1.25);
    add_attempt(&r[1], VERDICT_TIMEOUT, "did not finish within 2 s", NULL, 2.0);
    begin_event(&ev, "JITCompilationStarted", 1, 4242, 1000000001);
    if (event_add_u64(&ev, "function-id", 0x7f33a2b43f48u) < 0 ||
        event_add_str(&ev, "method", "Basic!Fixtures.Jit::Compute", 27) < 0 ||
        event_add_i64(&ev, "safe-to-block", 1) < 0)
        abort();
    push_event(&r[1], &ev);
    begin_event(&ev, "JITCompilationFinished", 2, 4242, 1000000002);
    if (event_add_u64(&ev, "function-id", 0x7f33a2b43f48u) < 0 || event_add_hr(&ev, "hr", 0) < 0)
        abort();
    push_event(&r[1], &ev);
    begin_event(&ev, "ReJITError", 3, 4243, UINT64_MAX);
    if (event_add_hr(&ev, "hr", (int32_t)0x80131351u) < 0 ||
        event_add_hr(&ev, "hr-unknown", (int32_t)0x8badf00du) < 0 || event_add_i64(&ev, "delta", INT64_MIN) < 0 ||
        event_add_str(&ev, "empty", "", 0) < 0)
        abort();
    push_event(&r[1], &ev);

    set_result(&r[2], "selftest/cannot-start", "selftest", VERDICT_ERROR,
               "cannot start the app: fixture Basic is not built", NULL, 0.004);

    set_result(&r[3], "selftest/hang", "selftest", VERDICT_TIMEOUT, "did not finish within 2 s",
               "step 3 <wait stdout=\"never\"/> still waiting", 2.0);
    r[3].runtime_version = test_dup("10.0.12");
    begin_event(&ev, "Initialize", 1, 4242, 5);
    if (event_add_str(&ev, "runtime-version", "10.0.12", 7) < 0 || event_add_u64(&ev, "mask", 0x20) < 0)
        abort();
    push_event(&r[3], &ev);

    set_result(&r[4], "selftest/needs-net9", "selftest", VERDICT_SKIP, "needs .NET 9", NULL, 0.0);

    set_result(&r[5], "rejit/inline[tc=on]", "rejit", VERDICT_XFAIL,
               "known issue dotnet/runtime#1: expected 1 ReJITCompilationStarted, saw 0",
               "the inlining caller keeps its old code\n\n", 0.75);
    add_prop(&r[5], "xfail", "expected 1 ReJITCompilationStarted, saw 0");
    add_prop(&r[5], "known-issue", "dotnet/runtime#1");
    begin_event(&ev, "Shutdown", 9, 4242, 77);
    push_event(&r[5], &ev);

    set_result(&r[6], "rejit/revert", "rejit", VERDICT_XPASS,
               "cases/rejit/revert.xml: passed, but is marked as known issue dotnet/runtime#2; if the runtime no "
               "longer has it, remove the mark (or narrow its when=)",
               NULL, 0.5);
    add_prop(&r[6], "known-issue", "dotnet/runtime#2");

    set_result(&r[7], "jit/module-load", "jit", VERDICT_PASS,
               "flaky: passed on attempt 2 of 2 after: timed out waiting for \"ready\"", NULL, 0.25);
    add_attempt(&r[7], VERDICT_TIMEOUT, "timed out waiting for \"ready\"", "step 1 <wait stdout=\"ready\"/>\n", 2.0);

    set_result(&r[8], hostile_id, "hostile", VERDICT_FAIL, hostile_message, hostile_details, 0.001);
    add_prop(&r[8], hostile_prop_name, hostile_prop_value);
    begin_event(&ev, "JITCompilationStarted", 4, 1, 2);
    if (event_add_str(&ev, "method", hostile_method, sizeof hostile_method - 1) < 0)
        abort();
    push_event(&r[8], &ev);

    set_result(&r[9], "hostile/cr", "hostile", VERDICT_ERROR, NULL, cr_details, 12.5);
}

static void fixed_meta(struct json_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    meta->name = "profcheck";
    meta->profcheck_version = "0.1.0";
    meta->profcheck_revision = "v0.1.0-12-g0a2afd6-dirty";
    meta->profiler_path = "/opt/profcheck/lib/libprofcheck_ref.so";
    meta->profiler_build_id = "26df05945bde2632198e1fc6681c1c3462ef125e";
    meta->hostname = "testhost";
    meta->timestamp = 1700000000; /* 2023-11-14T22:13:20Z */
}

static int render_mixed_tap(struct strbuf *out)
{
    struct result r[MIXED_N];
    int rc;

    mixed_results(r);
    rc = tap_render(r, MIXED_N, out);
    release_results(r, MIXED_N);
    return rc;
}

static int render_mixed_json(struct strbuf *out)
{
    struct result r[MIXED_N];
    struct json_meta meta;
    int rc;

    mixed_results(r);
    fixed_meta(&meta);
    rc = json_render(r, MIXED_N, &meta, out);
    release_results(r, MIXED_N);
    return rc;
}

/* ---- files ------------------------------------------------------------- */

static int same_text(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    fputs("\ntexts differ:\n", stderr);
    test_print_escaped("got ", got ? got : "", got ? strlen(got) : 0);
    test_print_escaped("want", want, strlen(want));
    return 0;
}

/* ---- a strict JSON checker ------------------------------------------------ */

/* Checks RFC 8259 syntax with UTF-8 text and collects every decoded string
 * (keys too), in document order. */
struct json_check {
    const unsigned char *s;
    size_t len;
    size_t pos;
    int depth;
    const char *problem; /* the first one, or NULL */
    size_t problem_at;
    char **strings;
    size_t nstrings;
};

static void json_check_init(struct json_check *c, const char *text, size_t len)
{
    memset(c, 0, sizeof *c);
    c->s = (const unsigned char *)text;
    c->len = len;
}

static void json_check_release(struct json_check *c)
{
    for (size_t i = 0; i < c->nstrings; i++)
        free(c->strings[i]);
    free(c->strings);
    c->strings = NULL;
    c->nstrings = 0;
}

static int jc_fail(struct json_check *c, const char *problem)
{
    if (!c->problem) {
        c->problem = problem;
        c->problem_at = c->pos;
    }
    return -1;
}

static void jc_space(struct json_check *c)
{
    while (c->pos < c->len &&
           (c->s[c->pos] == ' ' || c->s[c->pos] == '\t' || c->s[c->pos] == '\n' || c->s[c->pos] == '\r'))
        c->pos++;
}

static int jc_literal(struct json_check *c, const char *word)
{
    size_t n = strlen(word);

    if (c->len - c->pos < n || memcmp(c->s + c->pos, word, n) != 0)
        return jc_fail(c, "unknown literal");
    c->pos += n;
    return 0;
}

static int jc_digits(struct json_check *c)
{
    size_t start = c->pos;

    while (c->pos < c->len && c->s[c->pos] >= '0' && c->s[c->pos] <= '9')
        c->pos++;
    return c->pos > start ? 0 : jc_fail(c, "digit expected");
}

static int jc_number(struct json_check *c)
{
    if (c->pos < c->len && c->s[c->pos] == '-')
        c->pos++;
    if (c->pos < c->len && c->s[c->pos] == '0') {
        c->pos++;
        if (c->pos < c->len && c->s[c->pos] >= '0' && c->s[c->pos] <= '9')
            return jc_fail(c, "leading zero");
    } else if (jc_digits(c) < 0) {
        return -1;
    }
    if (c->pos < c->len && c->s[c->pos] == '.') {
        c->pos++;
        if (jc_digits(c) < 0)
            return -1;
    }
    if (c->pos < c->len && (c->s[c->pos] == 'e' || c->s[c->pos] == 'E')) {
        c->pos++;
        if (c->pos < c->len && (c->s[c->pos] == '+' || c->s[c->pos] == '-'))
            c->pos++;
        if (jc_digits(c) < 0)
            return -1;
    }
    return 0;
}

static int jc_hex4(struct json_check *c, uint32_t *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++, c->pos++) {
        unsigned char h = c->pos < c->len ? c->s[c->pos] : 0;

        if (h >= '0' && h <= '9')
            *v = *v << 4 | (uint32_t)(h - '0');
        else if (h >= 'a' && h <= 'f')
            *v = *v << 4 | (uint32_t)(h - 'a' + 10);
        else if (h >= 'A' && h <= 'F')
            *v = *v << 4 | (uint32_t)(h - 'A' + 10);
        else
            return jc_fail(c, "bad \\u escape");
    }
    return 0;
}

static int add_utf8(struct strbuf *sb, uint32_t cp)
{
    char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | cp >> 6);
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | cp >> 12);
        b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | cp >> 18);
        b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return strbuf_add(sb, b, n);
}

/* Length of a valid UTF-8 sequence at s (strict: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t len)
{
    size_t n;
    uint32_t cp;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        n = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        n = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        n = 4;
    else
        return 0;
    if (len < n)
        return 0;
    cp = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

static int jc_escape(struct json_check *c, struct strbuf *sb)
{
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    const char *hit;
    uint32_t cp, low;

    if (c->pos >= c->len)
        return jc_fail(c, "unterminated escape");
    if (c->s[c->pos] != 'u') {
        hit = c->s[c->pos] ? strchr(from, c->s[c->pos]) : NULL;
        if (!hit)
            return jc_fail(c, "unknown escape");
        c->pos++;
        return strbuf_addch(sb, to[hit - from]);
    }
    c->pos++;
    if (jc_hex4(c, &cp) < 0)
        return -1;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return jc_fail(c, "lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (c->len - c->pos < 2 || c->s[c->pos] != '\\' || c->s[c->pos + 1] != 'u')
            return jc_fail(c, "lone high surrogate");
        c->pos += 2;
        if (jc_hex4(c, &low) < 0)
            return -1;
        if (low < 0xDC00 || low > 0xDFFF)
            return jc_fail(c, "bad low surrogate");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    return add_utf8(sb, cp);
}

static int jc_string(struct json_check *c)
{
    struct strbuf sb = STRBUF_INIT;
    char **v;

    c->pos++; /* the opening quote */
    for (;;) {
        unsigned char ch;
        size_t n;

        if (c->pos >= c->len) {
            strbuf_release(&sb);
            return jc_fail(c, "unterminated string");
        }
        ch = c->s[c->pos];
        if (ch == '"') {
            c->pos++;
            break;
        }
        if (ch < 0x20) {
            strbuf_release(&sb);
            return jc_fail(c, "raw control character in a string");
        }
        if (ch == '\\') {
            c->pos++;
            if (jc_escape(c, &sb) < 0) {
                strbuf_release(&sb);
                return -1;
            }
            continue;
        }
        n = utf8_valid(c->s + c->pos, c->len - c->pos);
        if (n == 0) {
            strbuf_release(&sb);
            return jc_fail(c, "invalid UTF-8 in a string");
        }
        if (strbuf_add(&sb, c->s + c->pos, n) < 0)
            abort();
        c->pos += n;
    }
    v = realloc(c->strings, (c->nstrings + 1) * sizeof *v);
    if (!v)
        abort();
    c->strings = v;
    c->strings[c->nstrings++] = sb.buf ? strbuf_detach(&sb) : test_dup("");
    return 0;
}

static int jc_value(struct json_check *c);

static int jc_container(struct json_check *c, char close, int object)
{
    c->pos++; /* the opening bracket */
    if (++c->depth > 64)
        return jc_fail(c, "nested too deeply");
    jc_space(c);
    if (c->pos < c->len && c->s[c->pos] == close) {
        c->pos++;
        c->depth--;
        return 0;
    }
    for (;;) {
        jc_space(c);
        if (object) {
            if (c->pos >= c->len || c->s[c->pos] != '"')
                return jc_fail(c, "member name expected");
            if (jc_string(c) < 0)
                return -1;
            jc_space(c);
            if (c->pos >= c->len || c->s[c->pos] != ':')
                return jc_fail(c, "':' expected");
            c->pos++;
        }
        if (jc_value(c) < 0)
            return -1;
        if (c->pos < c->len && c->s[c->pos] == ',') {
            c->pos++;
            continue;
        }
        if (c->pos < c->len && c->s[c->pos] == close) {
            c->pos++;
            c->depth--;
            return 0;
        }
        return jc_fail(c, object ? "',' or '}' expected" : "',' or ']' expected");
    }
}

/* A value with the white space around it. */
static int jc_value(struct json_check *c)
{
    int rc;

    jc_space(c);
    if (c->pos >= c->len)
        return jc_fail(c, "value expected");
    switch (c->s[c->pos]) {
    case '{':
        rc = jc_container(c, '}', 1);
        break;
    case '[':
        rc = jc_container(c, ']', 0);
        break;
    case '"':
        rc = jc_string(c);
        break;
    case 't':
        rc = jc_literal(c, "true");
        break;
    case 'f':
        rc = jc_literal(c, "false");
        break;
    case 'n':
        rc = jc_literal(c, "null");
        break;
    default:
        rc = jc_number(c);
        break;
    }
    if (rc == 0)
        jc_space(c);
    return rc;
}

/* 0 when text is one well-formed JSON value; otherwise says why on stderr. */
static int json_check_run(struct json_check *c)
{
    if (jc_value(c) == 0 && c->pos != c->len)
        jc_fail(c, "text after the value");
    if (c->problem) {
        fprintf(stderr, "\nJSON: %s at byte %zu\n", c->problem, c->problem_at);
        return -1;
    }
    return 0;
}

static int json_well_formed(const char *text, size_t len)
{
    struct json_check c;
    int rc;

    json_check_init(&c, text, len);
    rc = json_check_run(&c);
    json_check_release(&c);
    return rc == 0;
}

/* 1 when one of the decoded strings equals want. */
static int json_has_string(const struct json_check *c, const char *want)
{
    for (size_t i = 0; i < c->nstrings; i++)
        if (strcmp(c->strings[i], want) == 0)
            return 1;
    fprintf(stderr, "\nno JSON string equals the wanted text\n");
    test_print_escaped("want", want, strlen(want));
    return 0;
}

/* ---- TAP stream checks ---------------------------------------------------- */

/* Number of '#' on the line not escaped by a backslash. */
static size_t unescaped_hashes(const char *line, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++) {
        if (line[i] == '\\')
            i++;
        else if (line[i] == '#')
            n++;
    }
    return n;
}

static int verdict_is_ok(enum verdict v)
{
    return v == VERDICT_PASS || v == VERDICT_SKIP;
}

/* Checks the stream's structure against the results it was rendered from:
 * version, plan, one numbered test line per result in order with the
 * right ok/not ok, directives only where due, and YAML blocks whose every
 * line is indented.  1 when all hold; otherwise says what on stderr. */
static int tap_structure_ok(const char *doc, const struct result *r, size_t n)
{
    const char *p = doc;
    size_t lineno = 0, tests = 0;
    int in_yaml = 0, after_test = 0;
    char plan[64];

    snprintf(plan, sizeof plan, "1..%zu", n);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len;

        if (!nl) {
            fprintf(stderr, "\nTAP: last line has no line feed\n");
            return 0;
        }
        len = (size_t)(nl - p);
        lineno++;
        if (lineno == 1) {
            if (len != 14 || memcmp(p, "TAP version 13", 14) != 0) {
                fprintf(stderr, "\nTAP: first line is not the version\n");
                return 0;
            }
        } else if (lineno == 2) {
            if (len != strlen(plan) || memcmp(p, plan, len) != 0) {
                fprintf(stderr, "\nTAP: plan is not %s\n", plan);
                return 0;
            }
        } else if (in_yaml) {
            if (len == 5 && memcmp(p, "  ...", 5) == 0)
                in_yaml = 0;
            else if (len < 2 || p[0] != ' ' || p[1] != ' ') {
                fprintf(stderr, "\nTAP: line %zu in a YAML block is not indented\n", lineno);
                return 0;
            }
        } else if (after_test && len == 5 && memcmp(p, "  ---", 5) == 0) {
            in_yaml = 1;
        } else if ((len >= 3 && memcmp(p, "ok ", 3) == 0) || (len >= 7 && memcmp(p, "not ok ", 7) == 0)) {
            int ok = p[0] == 'o';
            const char *num = p + (ok ? 3 : 7);
            char *end;
            unsigned long got = strtoul(num, &end, 10);
            size_t hashes = unescaped_hashes(p, len);
            const struct result *want;

            if (tests >= n || got != tests + 1 || (*end != ' ' && *end != '\n')) {
                fprintf(stderr, "\nTAP: line %zu: test number %lu, expected %zu\n", lineno, got, tests + 1);
                return 0;
            }
            want = &r[tests++];
            if (ok != verdict_is_ok(want->verdict)) {
                fprintf(stderr, "\nTAP: test %zu: %s for %s\n", tests, ok ? "ok" : "not ok",
                        verdict_name(want->verdict));
                return 0;
            }
            if (want->verdict == VERDICT_SKIP || want->verdict == VERDICT_XFAIL) {
                const char *directive = want->verdict == VERDICT_SKIP ? " # SKIP" : XFAIL_DIRECTIVE;
                const char *at = strstr(p, directive);

                if (hashes != 1 || !at || at >= nl) {
                    fprintf(stderr, "\nTAP: test %zu: directive missing or '#' unescaped\n", tests);
                    return 0;
                }
            } else if (hashes != 0) {
                fprintf(stderr, "\nTAP: test %zu: unescaped '#' on the line\n", tests);
                return 0;
            }
            after_test = 1;
            p = nl + 1;
            continue;
        } else {
            fprintf(stderr, "\nTAP: line %zu is neither a test line nor in a YAML block\n", lineno);
            test_print_escaped("line", p, len);
            return 0;
        }
        after_test = 0;
        p = nl + 1;
    }
    if (in_yaml || tests != n) {
        fprintf(stderr, "\nTAP: %zu test lines for %zu results%s\n", tests, n, in_yaml ? ", YAML block open" : "");
        return 0;
    }
    return 1;
}

/* The TAP of one result, rendered alone. */
static char *tap_of(struct result *r)
{
    struct strbuf sb = STRBUF_INIT;

    if (tap_render(r, 1, &sb) < 0)
        abort();
    result_release(r);
    return strbuf_detach(&sb);
}

/* ---- locale ---------------------------------------------------------------- */

/* Switches LC_NUMERIC to a locale with a decimal comma if one is installed,
 * else to C.UTF-8; returns the locale's name, or NULL when neither exists. */
static const char *numeric_locale_with_comma(void)
{
    static const char *const candidates[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
                                             "C.UTF-8"};
    const char *loc = NULL;

    for (size_t i = 0; !loc && i < sizeof candidates / sizeof *candidates; i++)
        if (setlocale(LC_NUMERIC, candidates[i]))
            loc = candidates[i];
    if (!loc) {
        fputs("\n  note: no de_DE, fr_FR or C.UTF-8 locale installed; rendering in \"C\" only\n", stdout);
    } else if (strcmp(localeconv()->decimal_point, ",") != 0) {
        fprintf(stdout, "\n  note: no decimal-comma locale installed; rendering under %s ('%s')\n", loc,
                localeconv()->decimal_point);
    } else {
        char probe[16];

        snprintf(probe, sizeof probe, "%.1f", 0.5);
        CU_ASSERT_STRING_EQUAL(probe, "0,5"); /* the locale really is in effect */
    }
    return loc;
}

/* ---- TAP ------------------------------------------------------------------- */

static void test_tap_mixed_matches_golden(void)
{
    struct strbuf doc = STRBUF_INIT;

    CU_ASSERT_EQUAL_FATAL(render_mixed_tap(&doc), 0);
    CU_ASSERT_EQUAL(strlen(strbuf_str(&doc)), doc.len);
    CU_ASSERT_TRUE(test_matches_golden("tap-mixed.txt", strbuf_str(&doc), doc.len));
    strbuf_release(&doc);
}

static void test_tap_mixed_structure(void)
{
    struct strbuf doc = STRBUF_INIT;
    struct result r[MIXED_N];

    mixed_results(r);
    CU_ASSERT_EQUAL(tap_render(r, MIXED_N, &doc), 0);
    CU_ASSERT_TRUE(tap_structure_ok(strbuf_str(&doc), r, MIXED_N));
    release_results(r, MIXED_N);
    strbuf_release(&doc);
}

static void test_tap_mixed_lines(void)
{
    struct strbuf doc = STRBUF_INIT;
    const char *s;

    CU_ASSERT_EQUAL_FATAL(render_mixed_tap(&doc), 0);
    s = strbuf_str(&doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nok 1 - jit/started-finished\nnot ok 2 - rejit/basic[tc=off,r2r=on]\n"
                                     "  ---\n  verdict: FAIL\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nok 5 - selftest/needs-net9 # SKIP needs .NET 9\nnot ok 6"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nnot ok 6 - rejit/inline[tc=on]" XFAIL_DIRECTIVE
                                     "known issue dotnet/runtime\\#1: expected 1 ReJITCompilationStarted, saw 0\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "  verdict: XPASS\n  known_issue: \"dotnet/runtime#2\"\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nok 8 - jit/module-load\n  ---\n  flaky: \"passed on attempt 2 of 2\"\n"
                                     "  ...\nnot ok 9"));
    /* Three attempts in all: two earlier ones and the last. */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "  attempts: 3\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nnot ok 9 - hostile/\\#1 \\\\ \"q\" \\\\x1b[31m\\\\xff\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "  message: \"line one\\nnot ok 5 - \\\"two\\\" \\\\ back # hash \\\\x01 "
                                     "\\\\x1b[0m \\\\xff end\"\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "  details: |2\n      leading spaces\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "    ok 99 - not a test line\n    ---\n    ...\n      ...\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\nnot ok 10 - hostile/cr\n  ---\n  verdict: ERROR\n  seconds: 12.500\n"
                                     "  details: \"progress 10%\\rprogress 100%\\r\\ndone\\n\"\n  ...\n"));
    CU_ASSERT_PTR_NULL(strchr(s, '\x1b'));
    CU_ASSERT_PTR_NULL(strchr(s, '\x01'));
    CU_ASSERT_PTR_NULL(strchr(s, '\r'));
    strbuf_release(&doc);
}

static void test_tap_details_forms(void)
{
    static const struct {
        const char *details;
        const char *want;
    } forms[] = {
        {"a\nb\n", "  details: |\n    a\n    b\n"},
        {"a", "  details: |-\n    a\n"},
        {"a\n\n", "  details: |+\n    a\n    \n"},
        {"a\n\nb\n", "  details: |\n    a\n    \n    b\n"},
        {"\n  x\n", "  details: |2\n    \n      x\n"},
        {"   \nx\n", "  details: |2\n       \n    x\n"},
        {"\tx\n", "  details: |\n    \tx\n"},
        {"a\r\nb", "  details: \"a\\r\\nb\"\n"},
        /* DEL and C1 controls reach TAP as the sanitiser's escapes */
        {"del \x7f\n", "  details: |\n    del \\x7f\n"},
        {"c1 \xc2\x85\n", "  details: |\n    c1 \\u0085\n"},
        {"ls \xe2\x80\xa8 bom \xef\xbb\xbf\n", "  details: \"ls \\u2028 bom \\ufeff\\n\"\n"},
        {"\n", "  details: \"\\n\"\n"},
        {"", "  details: \"\"\n"},
    };

    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        struct result r;
        char *doc;
        const char *at;

        set_result(&r, "a/b", "a", VERDICT_FAIL, NULL, forms[i].details, 1.0);
        doc = tap_of(&r);
        at = strstr(doc, "  details: ");
        CU_ASSERT_PTR_NOT_NULL(at);
        if (at) {
            const char *end = strstr(at, "  ...\n");
            size_t len = end ? (size_t)(end - at) : strlen(at);
            char *got = strndup(at, len);

            if (!got)
                abort();
            CU_ASSERT_TRUE(same_text(got, forms[i].want));
            free(got);
        }
        free(doc);
    }
}

static void test_tap_yaml_strings(void)
{
    struct result r;
    char *doc;

    /* DEL and C1 controls arrive as the sanitiser's escapes (their backslash
     * escaped by YAML), line separators are escaped; other text is raw UTF-8. */
    set_result(&r, "a/b", "a", VERDICT_TIMEOUT,
               "\x7f|\xc2\x80|\xc2\x9f|\xc2\xa0|\xe2\x80\xa9|\xc3\xa9|\xf0\x9f\x98\x80", NULL, 0.5);
    doc = tap_of(&r);
    CU_ASSERT_TRUE(same_text(doc, "TAP version 13\n1..1\nnot ok 1 - a/b\n  ---\n  verdict: TIMEOUT\n"
                                  "  message: \"\\\\x7f|\\\\u0080|\\\\u009f|\xc2\xa0|\\u2029|\xc3\xa9|\xf0\x9f\x98\x80\"\n"
                                  "  seconds: 0.500\n  ...\n"));
    free(doc);
}

static void test_tap_test_line_escapes(void)
{
    struct result r;
    char *doc;

    set_result(&r, "a/#b\\# c\td\ne\r", "a", VERDICT_SKIP, "not # a \\# directive\nsecond", NULL, 0);
    doc = tap_of(&r);
    CU_ASSERT_TRUE(same_text(doc, "TAP version 13\n1..1\n"
                                  "ok 1 - a/\\#b\\\\\\# c\\td\\ne\\r # SKIP not \\# a \\\\\\# directive\\nsecond\n"));
    free(doc);
    /* No id: no description; a skip without a message. */
    set_result(&r, NULL, "a", VERDICT_SKIP, NULL, NULL, 0);
    doc = tap_of(&r);
    CU_ASSERT_TRUE(same_text(doc, "TAP version 13\n1..1\nok 1 # SKIP\n"));
    free(doc);
}

static void test_tap_xfail_reasons(void)
{
    static const struct {
        const char *message;
        const char *ref;
        const char *want;
    } cases[] = {
        {"known issue o/r#7: boom", "o/r#7", "known issue o/r\\#7: boom"},
        {"boom", "o/r#7", "known issue o/r\\#7: boom"},
        {NULL, "o/r#7", "known issue o/r\\#7"},
        {"", "o/r#7", "known issue o/r\\#7"},
        {"boom", NULL, "boom"},
        {NULL, NULL, "known issue"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct result r;
        struct strbuf want = STRBUF_INIT;
        char *doc;

        set_result(&r, "a/x", "a", VERDICT_XFAIL, cases[i].message, NULL, 0.25);
        if (cases[i].ref)
            add_prop(&r, "known-issue", cases[i].ref);
        doc = tap_of(&r);
        if (strbuf_addf(&want, "not ok 1 - a/x" XFAIL_DIRECTIVE "%s\n  ---\n  verdict: XFAIL\n", cases[i].want) < 0)
            abort();
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, strbuf_str(&want)));
        if (!strstr(doc, strbuf_str(&want)))
            same_text(doc, strbuf_str(&want));
        strbuf_release(&want);
        free(doc);
    }
}

static void test_tap_passes_without_block(void)
{
    struct result r[3];
    struct strbuf doc = STRBUF_INIT;

    /* Properties and output do not make a pass a diagnostic. */
    set_result(&r[0], "a/one", "a", VERDICT_PASS, NULL, NULL, 0.5);
    add_prop(&r[0], "before.rss-kib", "1");
    set_result(&r[1], "a/two", "a", VERDICT_PASS, NULL, "details of a pass\n", 0.5);
    set_result(&r[2], "a/three", "a", VERDICT_SKIP, "later", "details of a skip\n", 0.5);
    CU_ASSERT_EQUAL(tap_render(r, 3, &doc), 0);
    CU_ASSERT_TRUE(same_text(strbuf_str(&doc), "TAP version 13\n1..3\nok 1 - a/one\nok 2 - a/two\n"
                                               "ok 3 - a/three # SKIP later\n"));
    release_results(r, 3);
    strbuf_release(&doc);
}

static void test_tap_empty_run(void)
{
    struct strbuf doc = STRBUF_INIT;

    CU_ASSERT_EQUAL(tap_render(NULL, 0, &doc), 0);
    CU_ASSERT_TRUE(same_text(strbuf_str(&doc), "TAP version 13\n1..0\n"));
    strbuf_release(&doc);
}

static void test_tap_appends_and_non_finite(void)
{
    struct result r;
    struct strbuf doc = STRBUF_INIT;

    CU_ASSERT_EQUAL(strbuf_adds(&doc, "kept\n"), 0);
    set_result(&r, "a/b", "a", VERDICT_FAIL, "m", NULL, NAN);
    CU_ASSERT_EQUAL(tap_render(&r, 1, &doc), 0);
    CU_ASSERT_TRUE(same_text(strbuf_str(&doc), "kept\nTAP version 13\n1..1\nnot ok 1 - a/b\n  ---\n"
                                               "  verdict: FAIL\n  message: \"m\"\n  seconds: null\n  ...\n"));
    result_release(&r);
    strbuf_release(&doc);
}

/* ---- JSON ------------------------------------------------------------------ */

static void test_json_mixed_matches_golden(void)
{
    struct strbuf doc = STRBUF_INIT;

    CU_ASSERT_EQUAL_FATAL(render_mixed_json(&doc), 0);
    CU_ASSERT_EQUAL(strlen(strbuf_str(&doc)), doc.len);
    CU_ASSERT_TRUE(test_matches_golden("json-mixed.json", strbuf_str(&doc), doc.len));
    strbuf_release(&doc);
}

static void test_json_mixed_well_formed(void)
{
    struct strbuf doc = STRBUF_INIT;
    struct json_check c;

    CU_ASSERT_EQUAL_FATAL(render_mixed_json(&doc), 0);
    json_check_init(&c, strbuf_str(&doc), doc.len);
    CU_ASSERT_EQUAL(json_check_run(&c), 0);
    /* What a reader gets back is the sanitised text, exactly. */
    CU_ASSERT_TRUE(json_has_string(&c, hostile_id_clean));
    CU_ASSERT_TRUE(json_has_string(&c, hostile_message_clean));
    CU_ASSERT_TRUE(json_has_string(&c, hostile_details_clean));
    CU_ASSERT_TRUE(json_has_string(&c, hostile_prop_name));
    CU_ASSERT_TRUE(json_has_string(&c, hostile_prop_value_clean));
    CU_ASSERT_TRUE(json_has_string(&c, hostile_method_clean));
    CU_ASSERT_TRUE(json_has_string(&c, cr_details));
    CU_ASSERT_TRUE(json_has_string(&c, "S_OK (0x00000000)"));
    CU_ASSERT_TRUE(json_has_string(&c, "CORPROF_E_DATAINCOMPLETE (0x80131351)"));
    CU_ASSERT_TRUE(json_has_string(&c, "0x8BADF00D"));
    CU_ASSERT_TRUE(json_has_string(&c, "2023-11-14T22:13:20Z"));
    for (size_t i = 0; i < c.nstrings; i++)
        CU_ASSERT_PTR_NULL(strchr(c.strings[i], '\x1b'));
    json_check_release(&c);
    strbuf_release(&doc);
}

static void test_json_mixed_values(void)
{
    static const char head[] = "{\n  \"format\": \"profcheck-results/1\",\n  \"name\": \"profcheck\",\n";
    struct strbuf doc = STRBUF_INIT;
    const char *s;

    CU_ASSERT_EQUAL_FATAL(render_mixed_json(&doc), 0);
    s = strbuf_str(&doc);
    CU_ASSERT_EQUAL(strncmp(s, head, sizeof head - 1), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\n  \"runtime_version\": \"10.0.12\",\n"));
    /* XFAIL and the flaky pass passed; XPASS, ERROR and TIMEOUT failed. */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\n  \"totals\": {\n    \"cases\": 10,\n    \"passed\": 3,\n"
                                     "    \"failed\": 6,\n    \"skipped\": 1\n  },\n"));
    /* Numbers as numbers, to the last digit. */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"function-id\": 139859749781320,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"time\": 18446744073709551615,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"delta\": -9223372036854775808,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"seconds\": 0.032,"));
    /* Events only where the verdict is not PASS: 8 of the 10 results. */
    {
        size_t events = 0;

        for (const char *p = s; (p = strstr(p, "\"events\": ")) != NULL; p++)
            events++;
        CU_ASSERT_EQUAL(events, 8);
    }
    CU_ASSERT_PTR_NULL(strchr(s, '\x1b'));
    CU_ASSERT_PTR_NULL(strchr(s, '\r'));
    CU_ASSERT_EQUAL(s[doc.len - 1], '\n');
    strbuf_release(&doc);
}

static void test_json_events_only_when_not_pass(void)
{
    struct result r[2];
    struct strbuf doc = STRBUF_INIT;
    struct event ev;
    const char *pass, *skip;

    set_result(&r[0], "a/pass", "a", VERDICT_PASS, NULL, NULL, 0.5);
    begin_event(&ev, "Initialize", 1, 2, 3);
    push_event(&r[0], &ev);
    set_result(&r[1], "a/skip", "a", VERDICT_SKIP, "later", NULL, 0);
    CU_ASSERT_EQUAL(json_render(r, 2, NULL, &doc), 0);
    release_results(r, 2);
    CU_ASSERT_TRUE(json_well_formed(strbuf_str(&doc), doc.len));
    pass = strstr(strbuf_str(&doc), "\"id\": \"a/pass\"");
    skip = strstr(strbuf_str(&doc), "\"id\": \"a/skip\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pass);
    CU_ASSERT_PTR_NOT_NULL_FATAL(skip);
    CU_ASSERT_PTR_NULL(strstr(pass, "Initialize"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&doc), "\"events\": [\n")); /* only the empty one */
    CU_ASSERT_PTR_NOT_NULL(strstr(skip, "\"attempts\": [],\n      \"events\": []\n    }\n  ]\n}\n"));
    strbuf_release(&doc);
}

static void test_json_null_meta_and_fields(void)
{
    struct result r[3];
    struct strbuf doc = STRBUF_INIT;

    set_result(&r[0], NULL, NULL, VERDICT_ERROR, NULL, NULL, INFINITY);
    set_result(&r[1], "a/b", "a", VERDICT_PASS, NULL, NULL, -NAN);
    r[1].runtime_version = test_dup("9.0.1");
    set_result(&r[2], "a/c [net10.0]", "a", VERDICT_PASS, NULL, NULL, 0.0);
    r[2].runtime_version = test_dup("10.0.12");
    r[2].runtime = test_dup("net10.0");
    CU_ASSERT_EQUAL(json_render(r, 3, NULL, &doc), 0);
    release_results(r, 3);
    CU_ASSERT_TRUE(json_well_formed(strbuf_str(&doc), doc.len));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&doc),
                                  "{\n  \"format\": \"profcheck-results/1\",\n  \"name\": null,\n"
                                  "  \"profcheck_version\": null,\n  \"timestamp\": null,\n  \"hostname\": null,\n"
                                  "  \"profiler\": {\n    \"path\": null,\n    \"build_id\": null\n  },\n"
                                  "  \"runtime_version\": null,\n  \"runtime_versions\": [\n    \"9.0.1\",\n"
                                  "    \"10.0.12\"\n  ],\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&doc), "      \"id\": null,\n      \"area\": null,\n"
                                                    "      \"verdict\": \"ERROR\",\n      \"seconds\": null,\n"
                                                    "      \"message\": null,\n      \"details\": null,\n"
                                                    "      \"runtime\": null,\n      \"runtime_version\": null,\n"
                                                    "      \"properties\": {},\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&doc), "      \"id\": \"a/c [net10.0]\",\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&doc), "      \"runtime\": \"net10.0\",\n"
                                                    "      \"runtime_version\": \"10.0.12\",\n"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&doc), "nan"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&doc), "inf"));
    strbuf_release(&doc);
}

static void test_json_empty_run(void)
{
    struct strbuf doc = STRBUF_INIT;
    struct json_meta meta;

    fixed_meta(&meta);
    meta.profcheck_revision = NULL; /* not built from git: no member */
    CU_ASSERT_EQUAL(strbuf_adds(&doc, "kept:"), 0);
    CU_ASSERT_EQUAL(json_render(NULL, 0, &meta, &doc), 0);
    CU_ASSERT_TRUE(same_text(strbuf_str(&doc),
                             "kept:{\n  \"format\": \"profcheck-results/1\",\n  \"name\": \"profcheck\",\n"
                             "  \"profcheck_version\": \"0.1.0\",\n  \"timestamp\": \"2023-11-14T22:13:20Z\",\n"
                             "  \"hostname\": \"testhost\",\n  \"profiler\": {\n"
                             "    \"path\": \"/opt/profcheck/lib/libprofcheck_ref.so\",\n"
                             "    \"build_id\": \"26df05945bde2632198e1fc6681c1c3462ef125e\"\n  },\n"
                             "  \"runtime_version\": null,\n  \"runtime_versions\": [],\n"
                             "  \"totals\": {\n    \"cases\": 0,\n    \"passed\": 0,\n"
                             "    \"failed\": 0,\n    \"skipped\": 0\n  },\n  \"cases\": []\n}\n"));
    CU_ASSERT_TRUE(json_well_formed(strbuf_str(&doc) + 5, doc.len - 5));
    strbuf_release(&doc);
}

static void test_json_checker_rejects(void)
{
    static const char *const bad[] = {
        "",          "{",         "{\"a\":1,}",   "[1,]",         "[01]",     "[1.]",       "[.5]",
        "[1e]",      "[-]",       "[+1]",         "{\"a\" 1}",    "{a:1}",    "['a']",      "\"\x01\"",
        "\"a\nb\"",  "\"\xff\"",  "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\\x41\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\u12\"", "[NaN]",     "[Infinity]",   "{} x",         "[1] [2]",  "tru",        "[nul]",
    };
    static const char *const good[] = {
        "{}", "[]", " [ ] ", "0", "-0.5e+3", "[1, 2.25, -3E-2, true, false, null]",
        "{\"a\": {\"b\": [\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"]}}", "\"\xf0\x9f\x98\x80\"",
    };

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct json_check c;

        json_check_init(&c, bad[i], strlen(bad[i]));
        if (jc_value(&c) == 0 && c.pos == c.len && !c.problem) {
            fprintf(stderr, "\naccepted bad JSON #%zu\n", i);
            CU_FAIL("the JSON checker accepted bad JSON");
        }
        json_check_release(&c);
    }
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct json_check c;

        json_check_init(&c, good[i], strlen(good[i]));
        CU_ASSERT_EQUAL(json_check_run(&c), 0);
        if (i == 6) {
            CU_ASSERT_EQUAL(c.nstrings, 3);
            if (c.nstrings == 3)
                CU_ASSERT_TRUE(same_text(c.strings[2], "\xc3\xa9\xf0\x9f\x98\x80/\b\f\n\r\t\"\\"));
        }
        json_check_release(&c);
    }
}

/* ---- locale ---------------------------------------------------------------- */

static void test_times_ignore_locale(void)
{
    struct strbuf tap = STRBUF_INIT, json = STRBUF_INIT;
    int tap_rc, json_rc;

    numeric_locale_with_comma();
    tap_rc = render_mixed_tap(&tap);
    json_rc = render_mixed_json(&json);
    setlocale(LC_NUMERIC, "C");
    CU_ASSERT_EQUAL(tap_rc, 0);
    CU_ASSERT_EQUAL(json_rc, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&tap), "  seconds: 1.500\n"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&tap), "1,500"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&json), "\"seconds\": 1.500,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&json), "\"seconds\": 0.032,"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&json), "1,500"));
    CU_ASSERT_TRUE(test_matches_golden("tap-mixed.txt", strbuf_str(&tap), tap.len));
    CU_ASSERT_TRUE(test_matches_golden("json-mixed.json", strbuf_str(&json), json.len));
    strbuf_release(&tap);
    strbuf_release(&json);
}

/* ---- writing files ---------------------------------------------------------- */

static void test_write_matches_render(void)
{
    struct result r[MIXED_N];
    struct json_meta meta;
    struct strbuf tap = STRBUF_INIT, json = STRBUF_INIT;
    char dir[64], tap_path[128], json_path[128];
    char *written;
    size_t len;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(tap_path, sizeof tap_path, "%s/results.tap", dir);
    snprintf(json_path, sizeof json_path, "%s/results.json", dir);
    CU_ASSERT_EQUAL(test_write_file(json_path, "old", 3), 0);
    mixed_results(r);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(tap_write(tap_path, r, MIXED_N, &e), 0);
    CU_ASSERT_EQUAL(json_write(json_path, r, MIXED_N, &meta, &e), 0);
    CU_ASSERT_EQUAL(tap_render(r, MIXED_N, &tap), 0);
    CU_ASSERT_EQUAL(json_render(r, MIXED_N, &meta, &json), 0);
    release_results(r, MIXED_N);
    written = test_read_file(tap_path, &len);
    CU_ASSERT_TRUE(written && len == tap.len && memcmp(written, tap.buf, len) == 0);
    free(written);
    written = test_read_file(json_path, &len);
    CU_ASSERT_TRUE(written && len == json.len && memcmp(written, json.buf, len) == 0);
    free(written);
    CU_ASSERT_EQUAL(test_count_entries(dir), 2); /* no temporary file left behind */
    strbuf_release(&tap);
    strbuf_release(&json);
    test_remove_tree(dir);
}

static void test_write_missing_directory_fails(void)
{
    struct result r[1];
    struct json_meta meta;
    char dir[64], missing[128], tap_path[160], json_path[160];
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(missing, sizeof missing, "%s/missing", dir);
    snprintf(tap_path, sizeof tap_path, "%s/results.tap", missing);
    snprintf(json_path, sizeof json_path, "%s/results.json", missing);
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, 0.5);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(tap_write(tap_path, r, 1, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, tap_path));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, strerror(ENOENT)));
    err_init(&e);
    CU_ASSERT_EQUAL(json_write(json_path, r, 1, &meta, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, json_path));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, strerror(ENOENT)));
    release_results(r, 1);
    CU_ASSERT_EQUAL(access(missing, F_OK), -1);
    CU_ASSERT_EQUAL(test_count_entries(dir), 0);
    test_remove_tree(dir);
}

/* ---- registration ------------------------------------------------------------ */

void test_register(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"tap_mixed_matches_golden", test_tap_mixed_matches_golden},
        {"tap_mixed_structure", test_tap_mixed_structure},
        {"tap_mixed_lines", test_tap_mixed_lines},
        {"tap_details_forms", test_tap_details_forms},
        {"tap_yaml_strings", test_tap_yaml_strings},
        {"tap_test_line_escapes", test_tap_test_line_escapes},
        {"tap_xfail_reasons", test_tap_xfail_reasons},
        {"tap_passes_without_block", test_tap_passes_without_block},
        {"tap_empty_run", test_tap_empty_run},
        {"tap_appends_and_non_finite", test_tap_appends_and_non_finite},
        {"json_mixed_matches_golden", test_json_mixed_matches_golden},
        {"json_mixed_well_formed", test_json_mixed_well_formed},
        {"json_mixed_values", test_json_mixed_values},
        {"json_events_only_when_not_pass", test_json_events_only_when_not_pass},
        {"json_null_meta_and_fields", test_json_null_meta_and_fields},
        {"json_empty_run", test_json_empty_run},
        {"json_checker_rejects", test_json_checker_rejects},
        {"times_ignore_locale", test_times_ignore_locale},
        {"write_matches_render", test_write_matches_render},
        {"write_missing_directory_fails", test_write_missing_directory_fails},
    };
    CU_pSuite suite = CU_add_suite("reports", NULL, NULL);

    if (!suite)
        return;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        if (!CU_add_test(suite, tests[i].name, tests[i].fn))
            return;
}
