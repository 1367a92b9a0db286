/*
 * test_html.c - the HTML report and the JUnit reader behind merge --html.
 *
 * Three fixed sets of results are rendered and compared byte for byte with
 * golden files in PROFCHECK_TEST_DATA: one with every kind of verdict
 * (html-mixed.html), one over three runtimes (html-runtimes.html: a
 * message shown once for its row, messages that differ in their cells)
 * and one whose every text is hostile (html-hostile.html: markup, a
 * javascript: link, an attribute break-out, bytes that are not UTF-8,
 * control characters).  `make check` also opens the hostile one in a
 * real browser (ci/browser_test.sh).  Independently of the golden files, the
 * pages are searched for what must and must not be there, and a page made
 * from results equals the page made from their JUnit report read back.
 * When PROFCHECK_GOLDEN_OUT names a directory, a document that differs
 * from its golden file is written there (the test still fails).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>
#include <libxml/parser.h>

#include "../../reports/html.h"
#include "../../reports/html_cell.h"
#include "../../reports/html_events.h"
#include "../../reports/html_text.h"
#include "../../reports/junit.h"
#include "../../reports/junit_read.h"
#include "../model/result.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "test_files.h"

void test_register(void);

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
    r->runtime_version = test_dup("10.0.12");
}

static void add_attempt(struct result *r, enum verdict v, const char *message, const char *details)
{
    struct attempt *grown = realloc(r->attempts, (r->nattempts + 1) * sizeof *grown);

    if (!grown)
        abort();
    r->attempts = grown;
    grown[r->nattempts].verdict = v;
    grown[r->nattempts].message = test_dup(message);
    grown[r->nattempts].details = test_dup(details);
    grown[r->nattempts].seconds = 0.5;
    r->nattempts++;
}

static void release_results(struct result *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        result_release(&r[i]);
}

static const struct property run_props[] = {
    {"dotnet.runtime.version", "10.0.12"},
    {"profcheck.version", "0.1.0"},
};

static void fixed_meta(struct html_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    meta->title = "profcheck";
    meta->timestamp = 1700000000; /* 2023-11-14T22:13:20 UTC */
    meta->runtime = "10.0.12";
    meta->props = run_props;
    meta->nprops = sizeof run_props / sizeof *run_props;
}

static const char near_miss_details[] =
    "closest events (meeting all but some fields):\n"
    "  #3 JITCompilationStarted thread=77 function-id=0x7f01 method=Basic!Fixtures.Jit::Other safe-to-block=1   "
    "<- method differs\n"
    "events #0 to #4 of 9:\n"
    "  #0 Initialize thread=77 runtime-version=10.0.12 runtime-type=core mask=0x20 hr=S_OK (0x00000000)\n"
    "  #3 JITCompilationStarted thread=77 function-id=0x7f01 method=Basic!Fixtures.Jit::Other safe-to-block=1\n"
    "  #4 JITCompilationFinished thread=77 function-id=0x7f01 method=Basic!Fixtures.Jit::Other hr=S_OK "
    "(0x00000000) safe-to-block=1\n";

static const char timeout_details[] = "last 2 of 2 events:\n"
                                      "  #0 Initialize thread=5 runtime-version=10.0.12 hr=S_OK (0x00000000)\n"
                                      "  #1 ModuleLoadFinished thread=5 module-id=0x10 module=Basic.dll "
                                      "assembly=Basic hr=S_OK (0x00000000)\n"
                                      "last lines of stdout:\n"
                                      "  ready\n"
                                      "  step 2\n";

#define MIXED_N 9

/* Every kind a cell can show, over two areas and one runtime. */
static void mixed_results(struct result r[MIXED_N])
{
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, 0.1234);
    r[0].stdout_text = test_dup("ready\nJit.Compute=42\n");
    set_result(&r[1], "jit/b", "jit", VERDICT_FAIL,
               "cases/jit/b.xml:15: <check event=\"JITCompilationStarted\" method=\"Basic!Fixtures.Jit::Compute\"/> "
               "not found after event #0",
               near_miss_details, 0.25);
    r[1].stdout_text = test_dup("ready\n");
    set_result(&r[2], "jit/c", "jit", VERDICT_TIMEOUT,
               "cases/jit/c.xml:12: timed out after 3s while waiting at step 3 <wait stdout=\"done\"/>",
               timeout_details, 3.0);
    r[2].stdout_text = test_dup("ready\nstep 2\n");
    set_result(&r[3], "jit/d", "jit", VERDICT_SKIP, "requires runtime >=99.0; the fixture runs on 10.0.12", NULL,
               0);
    free(r[3].runtime_version);
    r[3].runtime_version = NULL; /* never ran: the run's runtime column */
    set_result(&r[4], "rejit/e", "rejit", VERDICT_ERROR,
               "cases/rejit/e.xml: fixture 'NotBuilt' is not built: no build/fixtures/NotBuilt/NotBuilt.dll", NULL,
               0.001);
    set_result(&r[5], "rejit/f", "rejit", VERDICT_XFAIL,
               "known issue dotnet/runtime#117823: expected 1 ReJITCompilationStarted, saw 0", NULL, 0.5);
    result_add_prop(&r[5], "xfail", "%s", "expected 1 ReJITCompilationStarted, saw 0");
    result_add_prop(&r[5], "known-issue", "%s", "dotnet/runtime#117823");
    set_result(&r[6], "rejit/g", "rejit", VERDICT_XPASS,
               "cases/rejit/g.xml: passed, but is marked as known issue dotnet/runtime#2", NULL, 0.5);
    result_add_prop(&r[6], "known-issue", "%s", "dotnet/runtime#2");
    set_result(&r[7], "rejit/h", "rejit", VERDICT_PASS, NULL, NULL, 1.5);
    add_attempt(&r[7], VERDICT_TIMEOUT, "step timed out after 1.0s while waiting at step 3", timeout_details);
    result_add_prop(&r[7], "before.rss-kib", "%d", 26440);
    set_result(&r[8], "rejit/i", "rejit", VERDICT_FAIL, "exit code 3, expected 0", NULL, 0.75);
    add_attempt(&r[8], VERDICT_FAIL, "exit code 3, expected 0", NULL);
    r[8].stderr_text = test_dup("Unhandled exception.\n   at Program.Main()\n");
}

/* Every text hostile: markup, links, attribute break-outs, invalid UTF-8,
 * control characters, and a known-issue ref that only looks like one. */
#define HOSTILE_N 3

static void hostile_results(struct result r[HOSTILE_N])
{
    set_result(&r[0], "hostile/<script>alert(1)</script>", "hostile\"><b>x</b>", VERDICT_FAIL,
               "<a href=\"javascript:alert(2)\">click</a> \"><img src=x onerror=alert(3)> \x1b[31mred\x1b[0m \xff\xfe",
               "check: <iframe src=\"https://example.com/\"></iframe>\n"
               "closest events (meeting all but some fields):\n"
               "  #1 <svg/onload=alert(4)> thread=\"><script>alert(5)</script> method=\"<a href=javascript:x>m</a>\" "
               "hr=</td><td>   <- method differs\n"
               "reply:\n"
               "  </pre><script>alert(6)</script>\n",
               0.5);
    r[0].stdout_text = test_dup("<style>body{display:none}</style>\n&lt;not an entity&gt; &amp; \x01\x07\x7f\xc2\x85"
                                "\xc2\x9b" "31m \xed\xa0\x80 \xe2\x82\n");
    r[0].stderr_text = test_dup("</details></td></tr></table><script>alert(7)</script>\n");
    free(r[0].runtime_version);
    r[0].runtime_version = test_dup("10.0.12<script>alert(8)</script>");
    set_result(&r[1], "hostile/issue", "hostile\"><b>x</b>", VERDICT_XFAIL, "known issue", NULL, 0.25);
    result_add_prop(&r[1], "xfail", "%s", "<b onmouseover=alert(9)>reason</b>");
    result_add_prop(&r[1], "known-issue", "%s", "dotnet/runtime#1\"><script>alert(10)</script>");
    result_add_prop(&r[1], "<i>name</i>", "%s", "javascript:alert(11)");
    set_result(&r[2], "hostile/link", "hostile\"><b>x</b>", VERDICT_XPASS, "passed, but marked", NULL, 0.25);
    result_add_prop(&r[2], "known-issue", "%s", "dotnet/runtime#42");
}

static int render(struct result *r, size_t n, struct strbuf *out)
{
    struct html_meta meta;

    fixed_meta(&meta);
    return html_render(r, n, &meta, out);
}

static size_t count(const char *haystack, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- the pages ------------------------------------------------------------ */

static void test_mixed_matches_golden(void)
{
    struct result r[MIXED_N];
    struct strbuf page = STRBUF_INIT;

    mixed_results(r);
    CU_ASSERT_EQUAL_FATAL(render(r, MIXED_N, &page), 0);
    release_results(r, MIXED_N);
    CU_ASSERT_TRUE(test_matches_golden("html-mixed.html", page.buf, page.len));
    strbuf_release(&page);
}

static void test_mixed_structure(void)
{
    struct result r[MIXED_N];
    struct strbuf page = STRBUF_INIT;
    const char *s;

    mixed_results(r);
    CU_ASSERT_EQUAL_FATAL(render(r, MIXED_N, &page), 0);
    release_results(r, MIXED_N);
    s = strbuf_str(&page);
    /* one cell per result, each kind once, and the counts of the chips */
    CU_ASSERT_EQUAL(count(s, "<td class=\"cell "), MIXED_N);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"FAIL\""), 2);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"TIMEOUT\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"ERROR\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"SKIP\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"XFAIL\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"XPASS\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"FLAKY\""), 1);
    CU_ASSERT_EQUAL(count(s, "data-verdict=\"PASS\""), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<span class=\"n\" data-count=\"FAIL\">2</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-passed=\"3\" data-failed=\"5\" data-skipped=\"1\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>profcheck: 3 passed, 5 failed, 1 skipped</title>"));
    /* one runtime column; the skipped case that never ran is in it too */
    CU_ASSERT_EQUAL(count(s, "<th class=\"rt\">"), 1);
    CU_ASSERT_EQUAL(count(s, "<td class=\"none\">"), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<table class=\"matrix rt-1\">\n<colgroup><col class=\"case\"><col class=\"rt\">"
                                     "</colgroup>"));
    /* a pane per cell, in a row of panes under each case's row */
    CU_ASSERT_EQUAL(count(s, "<details class=\"pane "), MIXED_N);
    CU_ASSERT_EQUAL(count(s, "<tr class=\"more\"><td colspan=\"2\">"), MIXED_N);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<details class=\"pane v-fail\" data-col=\"0\"><summary><span class=\"rt\">"
                                     "10.0.12</span><span class=\"badge\">FAIL</span>"));
    /* on one runtime each cell has its gist; a pass has none */
    CU_ASSERT_EQUAL(count(s, "<span class=\"gist shared\""), 0);
    CU_ASSERT_EQUAL(count(s, "<span class=\"gist\" title="), MIXED_N - 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<td class=\"cell v-pass\" data-verdict=\"PASS\" data-col=\"0\"><button "
                                     "type=\"button\" class=\"pick\" aria-expanded=\"false\"><span class=\"badge\">"
                                     "PASS</span><span class=\"secs\">0.12 s</span></button></td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<span class=\"gist\" title=\"known issue dotnet/runtime#117823\">known issue "
                                     "dotnet/runtime#117823</span>"));
    /* areas in order of first appearance */
    CU_ASSERT_TRUE(strstr(s, "data-area=\"jit\"") < strstr(s, "data-area=\"rejit\""));
    /* the near miss as a timeline row, the differing field marked */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<tr class=\"near\"><td class=\"seq\">3</td><td class=\"thread\">77</td>"
                                     "<td class=\"callback\">JITCompilationStarted</td>"
                                     "<td class=\"method differs\">Basic!Fixtures.Jit::Other</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<td class=\"hr\">S_OK (0x00000000)</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<p class=\"block-title\">last lines of stdout</p>\n"
                                     "<pre class=\"output\">ready\nstep 2\n</pre>"));
    /* the known issue links to dotnet/runtime, made from its number */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<a href=\"https://github.com/dotnet/runtime/issues/117823\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<a href=\"https://github.com/dotnet/runtime/issues/2\""));
    CU_ASSERT_EQUAL(count(s, "<a "), 2);
    /* a flaky pass says how it passed and keeps its attempt */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "passed on attempt 2 of 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "attempt 1 of 2: step timed out after 1.0s while waiting at step 3"));
    /* self-contained: nothing is loaded */
    CU_ASSERT_EQUAL(count(s, "<script"), 1);
    CU_ASSERT_EQUAL(count(s, "<style"), 1);
    CU_ASSERT_PTR_NULL(strstr(s, " src="));
    CU_ASSERT_PTR_NULL(strstr(s, "<link"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "default-src 'none'; style-src 'sha256-"));
    strbuf_release(&page);
}

static void test_hostile_matches_golden(void)
{
    struct result r[HOSTILE_N];
    struct strbuf page = STRBUF_INIT;

    hostile_results(r);
    CU_ASSERT_EQUAL_FATAL(render(r, HOSTILE_N, &page), 0);
    release_results(r, HOSTILE_N);
    CU_ASSERT_TRUE(test_matches_golden("html-hostile.html", page.buf, page.len));
    strbuf_release(&page);
}

/* No text of a result makes an element, an attribute or a link. */
static void test_hostile_stays_text(void)
{
    struct result r[HOSTILE_N];
    struct strbuf page = STRBUF_INIT;
    const char *s;

    hostile_results(r);
    CU_ASSERT_EQUAL_FATAL(render(r, HOSTILE_N, &page), 0);
    release_results(r, HOSTILE_N);
    s = strbuf_str(&page);
    CU_ASSERT_EQUAL(count(s, "<script"), 1); /* the page's own */
    CU_ASSERT_EQUAL(count(s, "<style"), 1);
    CU_ASSERT_EQUAL(count(s, "<img"), 0);
    CU_ASSERT_EQUAL(count(s, "<iframe"), 0);
    CU_ASSERT_EQUAL(count(s, "<svg"), 0);
    CU_ASSERT_EQUAL(count(s, "<b>") + count(s, "<b "), 0);
    CU_ASSERT_EQUAL(count(s, "<i>"), 0);
    CU_ASSERT_EQUAL(count(s, "</pre><script"), 0);
    CU_ASSERT_EQUAL(count(s, "\"javascript:"), 0);
    /* only the ref of the exact form links, and only to its number */
    CU_ASSERT_EQUAL(count(s, "<a "), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<a href=\"https://github.com/dotnet/runtime/issues/42\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;"));
    /* bytes and controls as escapes */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\\x1b[31mred\\x1b[0m \\xff\\xfe"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\\x01\\x07\\x7f\\u0085\\u009b31m \\xed\\xa0\\x80 \\xe2\\x82"));
    for (size_t i = 0; i < page.len; i++) {
        unsigned char c = (unsigned char)page.buf[i];

        if (c < 0x20 && c != '\n') {
            CU_FAIL("a raw control character in the page");
            break;
        }
    }
    CU_ASSERT_TRUE(xmlCheckUTF8((const unsigned char *)s) != 0);
    strbuf_release(&page);
}

static void test_runtime_issue_pattern(void)
{
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#117823"), 117823);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#1"), 1);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#99999999"), 99999999);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#123456789"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#0"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#012"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#12 "), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#12\"><b>"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtime#1/../../x"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue(" dotnet/runtime#12"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("dotnet/runtimes#12"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("evil/runtime#12"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue("example/runtime#1"), 0);
    CU_ASSERT_EQUAL(html_runtime_issue(NULL), 0);
}

static void test_event_row(void)
{
    struct strbuf out = STRBUF_INIT;
    const char *line = "  #12 ReJITError thread=9 module-id=0x1 token=0x6000001 method=\"A!B::C with space\" "
                       "function-id=0x0 hr=CORPROF_E_FUNCTION_IS_COLLECTIBLE (0x80131374)";

    CU_ASSERT_EQUAL(html_event_row(&out, line, strlen(line)), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out),
                           "<tr><td class=\"seq\">12</td><td class=\"thread\">9</td>"
                           "<td class=\"callback\">ReJITError</td><td class=\"method\">A!B::C with space</td>"
                           "<td class=\"hr\">CORPROF_E_FUNCTION_IS_COLLECTIBLE (0x80131374)</td>"
                           "<td class=\"fields\"><span class=\"k\">module-id=</span>0x1 "
                           "<span class=\"k\">token=</span>0x6000001 <span class=\"k\">function-id=</span>0x0"
                           "</td></tr>\n");
    strbuf_reset(&out);
    CU_ASSERT_EQUAL(html_event_row(&out, "  no event here", 15), 1);
    CU_ASSERT_EQUAL(html_event_row(&out, "#x Name", 7), 1);
    CU_ASSERT_EQUAL(html_event_row(&out, "#3", 2), 1);
    CU_ASSERT_EQUAL(out.len, 0);
    strbuf_release(&out);
}

/* Details lines that are not events stay text; events outside a header too. */
static void test_details_blocks(void)
{
    struct strbuf out = STRBUF_INIT;
    int shown = -1;

    CU_ASSERT_EQUAL(html_details(&out, "reply: hr=E_FAIL why=<x>\nlast lines of stderr:\n  boom\n", &shown), 0);
    CU_ASSERT_EQUAL(shown, HTML_SHOWN_STDERR);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "<pre class=\"text\">reply: hr=E_FAIL why=&lt;x&gt;\n</pre>\n"
                                             "<p class=\"block-title\">last lines of stderr</p>\n"
                                             "<pre class=\"output\">boom\n</pre>\n");
    strbuf_reset(&out);
    CU_ASSERT_EQUAL(html_details(&out, NULL, &shown), 0);
    CU_ASSERT_EQUAL(out.len, 0);
    CU_ASSERT_EQUAL(shown, 0);
    strbuf_release(&out);
}

/* ---- JUnit read back -------------------------------------------------------- */

/* The page of results equals the page of their JUnit report read back. */
static void check_round_trip(struct result *r, size_t n)
{
    struct strbuf direct = STRBUF_INIT, again = STRBUF_INIT;
    struct junit_meta jmeta;
    struct html_meta hmeta;
    struct junit_doc d;
    struct err e;
    char dir[64], path[128];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    memset(&jmeta, 0, sizeof jmeta);
    jmeta.name = "profcheck";
    jmeta.classname_prefix = "profcheck";
    jmeta.hostname = "testhost";
    jmeta.timestamp = 1700000000;
    jmeta.props = run_props;
    jmeta.nprops = sizeof run_props / sizeof *run_props;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, n, &jmeta, &e), 0);
    CU_ASSERT_EQUAL(render(r, n, &direct), 0);
    CU_ASSERT_EQUAL_FATAL(junit_read(path, &d, &e), 0);
    CU_ASSERT_EQUAL(d.n, n);
    for (size_t i = 0; i < n && i < d.n; i++) {
        CU_ASSERT_STRING_EQUAL(d.results[i].id, r[i].id);
        if (r[i].runtime && d.results[i].runtime) {
            CU_ASSERT_STRING_EQUAL(d.results[i].runtime, r[i].runtime);
        } else {
            CU_ASSERT_PTR_EQUAL(d.results[i].runtime, r[i].runtime);
        }
    }
    CU_ASSERT_EQUAL(d.timestamp, 1700000000);
    CU_ASSERT_EQUAL(d.nprops, 2);
    memset(&hmeta, 0, sizeof hmeta);
    hmeta.title = "profcheck";
    hmeta.timestamp = d.timestamp;
    hmeta.runtime = "10.0.12";
    hmeta.props = d.prop_view;
    hmeta.nprops = d.nprops;
    CU_ASSERT_EQUAL(html_render(d.results, d.n, &hmeta, &again), 0);
    if (direct.len != again.len || memcmp(direct.buf, again.buf, direct.len) != 0) {
        size_t at = 0;

        while (at < direct.len && at < again.len && direct.buf[at] == again.buf[at])
            at++;
        fprintf(stderr, "\npages differ at byte %zu:\n  run:    %.120s\n  report: %.120s\n", at, direct.buf + at,
                again.buf + at);
        CU_FAIL("the page of the JUnit report differs from the page of the run");
    }
    junit_doc_release(&d);
    strbuf_release(&direct);
    strbuf_release(&again);
    test_remove_tree(dir);
}

static void test_round_trip_mixed(void)
{
    struct result r[MIXED_N];

    mixed_results(r);
    check_round_trip(r, MIXED_N);
    release_results(r, MIXED_N);
}

static void test_round_trip_hostile(void)
{
    struct result r[HOSTILE_N];

    hostile_results(r);
    check_round_trip(r, HOSTILE_N);
    release_results(r, HOSTILE_N);
}

/* The app's replies: their own block on the page, and apart from stdout
 * again when the JUnit report is read back. */
static void test_round_trip_replies(void)
{
    struct result r[2];
    struct junit_meta jmeta;
    struct junit_doc d;
    struct strbuf page = STRBUF_INIT;
    struct err e;
    char dir[64], path[128];

    set_result(&r[0], "agent/a", "agent", VERDICT_PASS, NULL, NULL, 0.1);
    r[0].replies_text = test_dup("ready\ntargets=42\n");
    r[0].stdout_text = test_dup("\r\nJITCompilationStarted 7f00\r\nJITCompilationFinished 7f00");
    set_result(&r[1], "agent/b", "agent", VERDICT_FAIL, "t.xml:5: step 3 <wait stdout=\"x=1\"/>: the app answered 'x=2'",
               "expected: x=1\n     got: x=2\nlast lines of replies:\n  ready\n  x=2\n", 0.2);
    r[1].replies_text = test_dup("ready\nx=2\n");
    r[1].stdout_text = test_dup("");
    check_round_trip(r, 2);
    CU_ASSERT_EQUAL(render(r, 2, &page), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&page), "<p class=\"block-title\">replies</p>"));
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    memset(&jmeta, 0, sizeof jmeta);
    jmeta.name = "profcheck";
    jmeta.classname_prefix = "profcheck";
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, 2, &jmeta, &e), 0);
    CU_ASSERT_EQUAL_FATAL(junit_read(path, &d, &e), 0);
    CU_ASSERT_STRING_EQUAL(d.results[0].replies_text, "ready\ntargets=42\n");
    CU_ASSERT_STRING_EQUAL(d.results[0].stdout_text, "\r\nJITCompilationStarted 7f00\r\nJITCompilationFinished 7f00");
    junit_doc_release(&d);
    release_results(r, 2);
    strbuf_release(&page);
    test_remove_tree(dir);
}

/* A run over three runtimes: one row per case, a column per runtime, the
 * runtime's label taken off the ids; a case run once has empty cells.  A
 * case that failed alike on two runtimes shows its message once; one whose
 * messages differ shows each in its cell. */
#define RUNTIMES_N 10

static void runtimes_results(struct result r[RUNTIMES_N])
{
    static const char *const labels[] = {"net8.0", "net9.0", "net10.0"};
    static const char *const versions[] = {"8.0.31", "9.0.20", "10.0.12"};
    char id[64], message[64];

    for (int i = 0; i < 3; i++) {
        snprintf(id, sizeof id, "attach/event-mask [%s]", labels[i]);
        set_result(&r[i], id, "attach", i < 2 ? VERDICT_FAIL : VERDICT_PASS, i < 2 ? "returned E_FAIL" : NULL, NULL,
                   0.05);
        snprintf(id, sizeof id, "rejit/basic[tc=off] [%s]", labels[i]);
        set_result(&r[3 + i], id, "rejit", VERDICT_PASS, NULL, NULL, 0.2);
        snprintf(id, sizeof id, "selftest/crash [%s]", labels[i]);
        snprintf(message, sizeof message, "the app died of SIGSEGV on thread %d", 100 + i);
        set_result(&r[7 + i], id, "selftest", VERDICT_FAIL, message, "last lines of stderr:\n  boom\n", 0.5);
    }
    set_result(&r[6], "selftest/hang-timeout [net10.0]", "selftest", VERDICT_PASS, NULL, NULL, 2.0);
    for (int i = 0; i < RUNTIMES_N; i++) {
        int k = i == 6 ? 2 : i < 6 ? i % 3 : i - 7;

        free(r[i].runtime_version);
        r[i].runtime_version = test_dup(versions[k]);
        r[i].runtime = test_dup(labels[k]);
    }
}

static int render_runtimes(struct result *r, struct strbuf *out)
{
    struct html_meta meta;

    fixed_meta(&meta);
    meta.runtime = NULL;
    return html_render(r, RUNTIMES_N, &meta, out);
}

static void test_runtimes_matrix(void)
{
    struct result r[RUNTIMES_N];
    struct strbuf page = STRBUF_INIT;
    const char *s;

    runtimes_results(r);
    CU_ASSERT_EQUAL_FATAL(render_runtimes(r, &page), 0);
    s = strbuf_str(&page);
    CU_ASSERT_EQUAL(count(s, "<th class=\"rt\">"), 3);
    CU_ASSERT_TRUE(strstr(s, "<th class=\"rt\">8.0.31</th>") < strstr(s, "<th class=\"rt\">9.0.20</th>"));
    CU_ASSERT_TRUE(strstr(s, "<th class=\"rt\">9.0.20</th>") < strstr(s, "<th class=\"rt\">10.0.12</th>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<table class=\"matrix rt-3\">\n<colgroup><col class=\"case\"><col class=\"rt\">"
                                     "<col class=\"rt\"><col class=\"rt\"></colgroup>"));
    CU_ASSERT_EQUAL(count(s, "<tr class=\"case\""), 4);
    CU_ASSERT_EQUAL(count(s, "<td class=\"cell "), RUNTIMES_N);
    CU_ASSERT_EQUAL(count(s, "<td class=\"none\">"), 2);
    CU_ASSERT_EQUAL(count(s, "<details class=\"pane "), RUNTIMES_N);
    CU_ASSERT_EQUAL(count(s, "<tr class=\"more\"><td colspan=\"4\">"), 4);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-id=\"attach/event-mask\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-id=\"rejit/basic[tc=off]\""));
    CU_ASSERT_PTR_NULL(strstr(s, "data-id=\"attach/event-mask ["));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-passed=\"5\" data-failed=\"5\" data-skipped=\"0\""));
    /* the same message on both runtimes that failed: once, under the case */
    CU_ASSERT_EQUAL(count(s, "returned E_FAIL</span>"), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<span class=\"id mono\">attach/event-mask</span><span class=\"gist shared\" "
                                     "title=\"returned E_FAIL\">returned E_FAIL</span></th>"));
    /* messages that differ: each in its cell, none under the case */
    CU_ASSERT_EQUAL(count(s, "<span class=\"gist shared\""), 1);
    for (int i = 0; i < 3; i++) {
        char cell[96];

        snprintf(cell, sizeof cell, "on thread %d\">the app died of SIGSEGV on thread %d</span>", 100 + i, 100 + i);
        CU_ASSERT_EQUAL(count(s, cell), 1);
    }
    /* each pane names its runtime */
    CU_ASSERT_EQUAL(count(s, "<summary><span class=\"rt\">8.0.31</span>"), 3);
    CU_ASSERT_EQUAL(count(s, "<summary><span class=\"rt\">10.0.12</span>"), 4);
    strbuf_release(&page);
    /* The same page from the JUnit report, which has the labels in its test names. */
    check_round_trip(r, RUNTIMES_N);
    release_results(r, RUNTIMES_N);
}

static void test_runtimes_matches_golden(void)
{
    struct result r[RUNTIMES_N];
    struct strbuf page = STRBUF_INIT;

    runtimes_results(r);
    CU_ASSERT_EQUAL_FATAL(render_runtimes(r, &page), 0);
    release_results(r, RUNTIMES_N);
    CU_ASSERT_TRUE(test_matches_golden("html-runtimes.html", page.buf, page.len));
    strbuf_release(&page);
}

/* Four runtimes and more: the case column takes a smaller share; a row
 * with one failure among passes shows its message in its cell. */
static void test_many_runtimes(void)
{
    static const char *const versions[] = {"6.0.36", "8.0.31", "9.0.20", "10.0.12"};
    struct result r[4];
    struct strbuf page = STRBUF_INIT;
    const char *s;

    for (int i = 0; i < 4; i++) {
        set_result(&r[i], "jit/a", "jit", i == 1 ? VERDICT_FAIL : VERDICT_PASS, i == 1 ? "no JIT events" : NULL,
                   NULL, 0.1);
        free(r[i].runtime_version);
        r[i].runtime_version = test_dup(versions[i]);
    }
    CU_ASSERT_EQUAL_FATAL(render(r, 4, &page), 0);
    s = strbuf_str(&page);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<table class=\"matrix rt-many\">"));
    CU_ASSERT_EQUAL(count(s, "<col class=\"rt\">"), 4);
    CU_ASSERT_EQUAL(count(s, "<tr class=\"case\""), 1);
    CU_ASSERT_EQUAL(count(s, "<span class=\"gist shared\""), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "data-col=\"1\"><button type=\"button\" class=\"pick\" aria-expanded=\"false\">"
                                     "<span class=\"badge\">FAIL</span><span class=\"secs\">0.10 s</span><span "
                                     "class=\"gist\" title=\"no JIT events\">no JIT events</span></button></td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<tr class=\"more\"><td colspan=\"5\">"));
    release_results(r, 4);
    strbuf_release(&page);
}

/* A gist: its first line, at most HTML_GIST_MAX bytes, cut between
 * characters; the title has the whole text, escaped. */
static void test_gist_span(void)
{
    struct strbuf out = STRBUF_INIT, long_text = STRBUF_INIT;
    const char *s;

    CU_ASSERT_EQUAL(html_gist_span(&out, "gist", ""), 0);
    CU_ASSERT_EQUAL(out.len, 0);
    CU_ASSERT_EQUAL(html_gist_span(&out, "gist", "a \"<b>\"\nsecond line"), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "<span class=\"gist\" title=\"a &quot;&lt;b&gt;&quot;\nsecond line\">"
                                             "a &quot;&lt;b&gt;&quot; &#8230;</span>");
    strbuf_reset(&out);
    /* 299 bytes of 'x', then a two-byte character that does not fit */
    for (int i = 0; i < HTML_GIST_MAX - 1; i++)
        CU_ASSERT_EQUAL(strbuf_addch(&long_text, 'x'), 0);
    CU_ASSERT_EQUAL(strbuf_adds(&long_text, "\xc3\xa9 and more"), 0);
    CU_ASSERT_EQUAL(html_gist_span(&out, "gist", strbuf_str(&long_text)), 0);
    s = strstr(strbuf_str(&out), "\">");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(strlen(s), 2 + HTML_GIST_MAX - 1 + strlen(" &#8230;</span>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "title=\"xxx"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&out), "\xc3\xa9 and more\">"));
    /* a title of more than HTML_TITLE_MAX bytes is cut too */
    strbuf_reset(&out);
    while (long_text.len <= HTML_TITLE_MAX)
        CU_ASSERT_EQUAL_FATAL(strbuf_addch(&long_text, 'y'), 0);
    CU_ASSERT_EQUAL(html_gist_span(&out, "gist", strbuf_str(&long_text)), 0);
    s = strstr(strbuf_str(&out), "title=\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(strstr(s, "\">") - s, (long)(strlen("title=\"") + HTML_TITLE_MAX + strlen(" &#8230;")));
    strbuf_release(&out);
    strbuf_release(&long_text);
}

/* What the reader makes of each verdict and of an attempt. */
static void test_read_verdicts(void)
{
    struct result r[MIXED_N];
    struct junit_meta jmeta;
    struct junit_doc d;
    struct err e;
    char dir[64], path[128];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/junit.xml", dir);
    mixed_results(r);
    memset(&jmeta, 0, sizeof jmeta);
    jmeta.name = "profcheck";
    jmeta.classname_prefix = "profcheck";
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, MIXED_N, &jmeta, &e), 0);
    CU_ASSERT_EQUAL_FATAL(junit_read(path, &d, &e), 0);
    CU_ASSERT_EQUAL_FATAL(d.n, MIXED_N);
    for (size_t i = 0; i < MIXED_N; i++) {
        CU_ASSERT_STRING_EQUAL(d.results[i].id, r[i].id);
        CU_ASSERT_STRING_EQUAL(d.results[i].area, r[i].area);
        CU_ASSERT_EQUAL(d.results[i].verdict, r[i].verdict);
        CU_ASSERT_EQUAL(d.results[i].nattempts, r[i].nattempts);
    }
    CU_ASSERT_STRING_EQUAL(d.results[1].details, near_miss_details);
    CU_ASSERT_PTR_NULL(d.results[3].runtime_version);
    CU_ASSERT_STRING_EQUAL(d.results[2].runtime_version, "10.0.12");
    CU_ASSERT_STRING_EQUAL(d.results[7].attempts[0].message, "step timed out after 1.0s while waiting at step 3");
    CU_ASSERT_EQUAL(d.results[7].attempts[0].verdict, VERDICT_TIMEOUT);
    CU_ASSERT_STRING_EQUAL(d.results[7].attempts[0].details, timeout_details);
    CU_ASSERT_EQUAL(d.results[7].nprops, 1); /* not the runtime, not the runs */
    CU_ASSERT_STRING_EQUAL(d.results[0].stdout_text, "ready\nJit.Compute=42\n");
    CU_ASSERT_PTR_NULL(d.results[5].stdout_text && d.results[5].stdout_text[0] ? d.results[5].stdout_text : NULL);
    release_results(r, MIXED_N);
    junit_doc_release(&d);
    test_remove_tree(dir);
}

static void test_read_rejects_non_junit(void)
{
    struct junit_doc d;
    struct err e;
    char dir[64], path[128];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/page.html", dir);
    CU_ASSERT_EQUAL(test_write_file(path, "<html><body/></html>", 20), 0);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_read(path, &d, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "not a JUnit file"));
    CU_ASSERT_EQUAL(d.n, 0);
    test_remove_tree(dir);
}

void test_register(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"mixed_matches_golden", test_mixed_matches_golden},
        {"mixed_structure", test_mixed_structure},
        {"hostile_matches_golden", test_hostile_matches_golden},
        {"hostile_stays_text", test_hostile_stays_text},
        {"runtime_issue_pattern", test_runtime_issue_pattern},
        {"event_row", test_event_row},
        {"details_blocks", test_details_blocks},
        {"round_trip_mixed", test_round_trip_mixed},
        {"round_trip_hostile", test_round_trip_hostile},
        {"round_trip_replies", test_round_trip_replies},
        {"runtimes_matrix", test_runtimes_matrix},
        {"runtimes_matches_golden", test_runtimes_matches_golden},
        {"many_runtimes", test_many_runtimes},
        {"gist_span", test_gist_span},
        {"read_verdicts", test_read_verdicts},
        {"read_rejects_non_junit", test_read_rejects_non_junit},
    };
    CU_pSuite suite = CU_add_suite("html", NULL, NULL);

    if (!suite)
        return;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        if (!CU_add_test(suite, tests[i].name, tests[i].fn))
            return;
}
