/*
 * test_junit.c - the text sanitiser, the JUnit writer and the JUnit merger.
 *
 * The rendered documents are compared byte for byte with golden files in
 * PROFCHECK_TEST_DATA and, independently of those files, parsed with
 * libxml2 and queried with XPath, so that a golden file regenerated from
 * wrong output is still caught.  When PROFCHECK_GOLDEN_OUT names a
 * directory, a document that differs from its golden file is written there
 * for inspection (the test still fails).
 */
#include <dirent.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "../../reports/junit.h"
#include "../../reports/junit_merge.h"
#include "../../reports/sanitize.h"
#include "../model/result.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "test_files.h"

void test_register(void);

#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---------------------------------------------------------- */

/* 1 when the two byte strings are equal; otherwise shows both on stderr. */
static int same_bytes(const char *got, size_t got_len, const char *want, size_t want_len)
{
    if (got && got_len == want_len && memcmp(got, want, want_len) == 0)
        return 1;
    fputs("\nbyte strings differ:\n", stderr);
    test_print_escaped("got ", got ? got : "", got ? got_len : 0);
    test_print_escaped("want", want, want_len);
    return 0;
}

/* Sanitises in[0..len) into a fresh buffer and compares with want. */
static int sanitizes_to(const char *in, size_t len, const char *want, size_t want_len)
{
    struct strbuf sb = STRBUF_INIT;
    int ok = sanitize_text(in, len, &sb) == 0 && same_bytes(sb.buf, sb.len, want, want_len);

    strbuf_release(&sb);
    return ok;
}

static int capped_to(const char *in, size_t len, size_t cap, const char *want, size_t want_len)
{
    struct strbuf sb = STRBUF_INIT;
    int ok = sanitize_capped(in, len, cap, &sb) == 0 && same_bytes(sb.buf, sb.len, want, want_len);

    strbuf_release(&sb);
    return ok;
}

/* Expected output given as a string literal (may contain NUL bytes). */
#define ASSERT_SANITIZES(in, want) CU_ASSERT_TRUE(sanitizes_to((in), sizeof(in) - 1, (want), sizeof(want) - 1))

static void set_result(struct result *r, const char *id, const char *area, enum verdict v, const char *message,
                       const char *details, const char *out_text, const char *err_text, double seconds)
{
    result_init(r);
    r->id = test_dup(id);
    r->area = test_dup(area);
    r->verdict = v;
    r->message = test_dup(message);
    r->details = test_dup(details);
    r->stdout_text = test_dup(out_text);
    r->stderr_text = test_dup(err_text);
    r->seconds = seconds;
}

static void release_results(struct result *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        result_release(&r[i]);
}

static const struct property fixed_props[] = {
    {"runtime.version", "8.0.1"},
    {"harness.version", "0.1.0"},
};

static void fixed_meta(struct junit_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    meta->name = "profcheck";
    meta->classname_prefix = "profcheck";
    meta->hostname = "testhost";
    meta->timestamp = 1700000000; /* 2023-11-14T22:13:20 UTC */
    meta->props = fixed_props;
    meta->nprops = sizeof fixed_props / sizeof *fixed_props;
}

#define MIXED_N 5

/* Two areas, interleaved, every verdict once. */
static void mixed_results(struct result r[MIXED_N])
{
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, "hello from jit/a\n", "", 0.1234);
    set_result(&r[1], "selftest/x", "selftest", VERDICT_FAIL, "expected 2 JITCompilationStarted, saw 1",
               "check: count(JITCompilationStarted) == 2\nevents:\n  #1 JITCompilationStarted Main\n  #2 Shutdown\n",
               NULL, "boom\n", 12.5);
    set_result(&r[2], "jit/b", "jit", VERDICT_TIMEOUT, "did not finish within 2 s", NULL, NULL, NULL, 2.0);
    set_result(&r[3], "selftest/y", "selftest", VERDICT_ERROR, "cannot start the app", NULL, NULL, NULL, 0.75);
    set_result(&r[4], "jit/c", "jit", VERDICT_SKIP, "needs .NET 9", NULL, NULL, NULL, 0.25);
}

#define HOSTILE_N 2

static const char hostile_stdout[] = "\x1b[31mred\x1b[0m plain\n"
                                     "lone \x80 continuation, \xff\xfe pair\n"
                                     "cdata end ]]> and <&>\"' chars\n";
static const char hostile_stdout_clean[] = "\\x1b[31mred\\x1b[0m plain\n"
                                           "lone \\x80 continuation, \\xff\\xfe pair\n"
                                           "cdata end ]]> and <&>\"' chars\n";
static const char hostile_stderr[] = "soh\x01 bell\x07 esc\x1b us\x1f tab\t end\n";
static const char hostile_stderr_clean[] = "soh\\x01 bell\\x07 esc\\x1b us\\x1f tab\t end\n";

static void hostile_results(struct result r[HOSTILE_N])
{
    set_result(&r[0], "hostile/<tag>&\"q\"", "hostile", VERDICT_FAIL, "line one\nline two",
               "expected <a> & \"b\"\n]]>\n", hostile_stdout, hostile_stderr, 0.001);
    set_result(&r[1], "hostile/bytes", "hostile", VERDICT_ERROR, "bad \xff\xfe bytes \x1b[0m", "tab\there\n",
               "]]>]]>", NULL, 1.5);
}

static xmlDocPtr parse_memory(const char *doc, size_t len)
{
    return xmlReadMemory(doc, (int)len, "junit.xml", NULL, XML_PARSE_NONET);
}

/* The XPath expression's value as a string (the caller frees it), or NULL. */
static char *xpath_value(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr obj = ctx ? xmlXPathEvalExpression((const xmlChar *)expr, ctx) : NULL;
    char *value = NULL;

    if (obj) {
        xmlChar *s = xmlXPathCastToString(obj);

        if (s) {
            value = test_dup((const char *)s);
            xmlFree(s);
        }
        xmlXPathFreeObject(obj);
    }
    xmlXPathFreeContext(ctx);
    return value;
}

static int xpath_equals(xmlDocPtr doc, const char *expr, const char *want)
{
    char *got = doc ? xpath_value(doc, expr) : NULL;
    int same = got && strcmp(got, want) == 0;

    if (!same) {
        fprintf(stderr, "\nXPath %s\n", expr);
        test_print_escaped("got ", got ? got : "(none)", strlen(got ? got : "(none)"));
        test_print_escaped("want", want, strlen(want));
    }
    free(got);
    return same;
}

#define ASSERT_XPATH(doc, expr, want) CU_ASSERT_TRUE(xpath_equals((doc), (expr), (want)))

/* 1 when the bytes are valid UTF-8 with no C0 control other than TAB/LF/CR. */
static int clean_utf8(const char *doc, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)doc[i];

        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            fprintf(stderr, "\nraw control byte 0x%02x at %zu\n", c, i);
            return 0;
        }
    }
    if (xmlCheckUTF8((const unsigned char *)doc) == 0 || strlen(doc) != len) {
        fputs("\ndocument is not valid UTF-8\n", stderr);
        return 0;
    }
    return 1;
}

/* Renders n results with fixed_meta and releases them; junit_render's result. */
static int render_results(struct result *r, size_t n, char **doc, size_t *len)
{
    struct junit_meta meta;
    struct err e;
    int rc;

    fixed_meta(&meta);
    err_init(&e);
    rc = junit_render(r, n, &meta, doc, len, &e);
    if (rc < 0)
        fprintf(stderr, "\njunit_render: %s\n", e.msg);
    release_results(r, n);
    return rc;
}

static int render_mixed(char **doc, size_t *len)
{
    struct result r[MIXED_N];

    mixed_results(r);
    return render_results(r, MIXED_N, doc, len);
}

/* Appends an earlier failed attempt to r. */
static void add_attempt(struct result *r, enum verdict v, const char *message, const char *details, double seconds)
{
    struct attempt *grown = realloc(r->attempts, (r->nattempts + 1) * sizeof *grown);

    if (!grown)
        abort();
    r->attempts = grown;
    grown[r->nattempts].verdict = v;
    grown[r->nattempts].message = test_dup(message);
    grown[r->nattempts].details = test_dup(details);
    grown[r->nattempts].seconds = seconds;
    r->nattempts++;
}

#define RETRIES_N 4

/* What --retries 2 leaves behind: a flaky pass after a failure, a flaky
 * pass after a timeout, a case that failed all three times, and a case
 * that passed at once. */
static void retries_results(struct result r[RETRIES_N])
{
    set_result(&r[0], "rejit/flaky", "rejit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.5);
    add_attempt(&r[0], VERDICT_FAIL, "expected ReJITCompilationFinished, saw Shutdown",
                "events:\n  #1 Shutdown\n", 0.25);
    set_result(&r[1], "rejit/slow", "rejit", VERDICT_PASS, NULL, NULL, NULL, NULL, 1.0);
    add_attempt(&r[1], VERDICT_TIMEOUT, "did not finish within 2 s", "waiting on: step 2 (call Target.Value)\n", 2.0);
    set_result(&r[2], "rejit/broken", "rejit", VERDICT_FAIL, "exit code 3, expected 0", NULL, NULL, "boom\n", 0.75);
    add_attempt(&r[2], VERDICT_FAIL, "exit code 3, expected 0", NULL, 0.75);
    add_attempt(&r[2], VERDICT_ERROR, "cannot start the app", NULL, 0.125);
    set_result(&r[3], "jit/steady", "jit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.125);
}

static int render_retries(char **doc, size_t *len)
{
    struct result r[RETRIES_N];

    retries_results(r);
    return render_results(r, RETRIES_N, doc, len);
}

/* 1 when the document is valid against the schema file (under the source
 * tree); prints why not. */
static int valid_against(xmlDocPtr doc, const char *xsd)
{
    char path[512];
    xmlSchemaParserCtxtPtr pctx;
    xmlSchemaPtr schema;
    xmlSchemaValidCtxtPtr vctx;
    int rc = -1;

    snprintf(path, sizeof path, "%s/%s", PROFCHECK_SOURCE_DIR, xsd);
    pctx = xmlSchemaNewParserCtxt(path);
    schema = pctx ? xmlSchemaParse(pctx) : NULL;
    vctx = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
    if (vctx)
        rc = xmlSchemaValidateDoc(vctx, doc);
    else
        fprintf(stderr, "\ncannot load %s\n", path);
    xmlSchemaFreeValidCtxt(vctx);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctx);
    return rc == 0;
}

/* reports/junit.xsd: what profcheck writes. */
static int schema_valid(xmlDocPtr doc)
{
    return valid_against(doc, "reports/junit.xsd");
}

/* reports/junit-jenkins.xsd: what Jenkins accepts. */
static int jenkins_valid(xmlDocPtr doc)
{
    return valid_against(doc, "reports/junit-jenkins.xsd");
}

/* Valid against both schemas. */
static int schema_valid_memory(const char *doc, size_t len)
{
    xmlDocPtr x = parse_memory(doc, len);
    int valid;

    if (!x)
        return 0;
    valid = schema_valid(x) && jenkins_valid(x);
    xmlFreeDoc(x);
    return valid;
}

/* Valid against reports/junit.xsd alone. */
static int ours_valid_memory(const char *doc, size_t len)
{
    xmlDocPtr x = parse_memory(doc, len);
    int valid;

    if (!x)
        return 0;
    valid = schema_valid(x);
    xmlFreeDoc(x);
    return valid;
}

/* ---- sanitize_text ---------------------------------------------------- */

static void test_sanitize_ascii_unchanged(void)
{
    ASSERT_SANITIZES("plain text, with punctuation: <a href=\"x\">&amp;</a> 0123456789 ~",
                     "plain text, with punctuation: <a href=\"x\">&amp;</a> 0123456789 ~");
}

static void test_sanitize_multibyte_unchanged(void)
{
    /* 2-, 3- and 4-byte sequences, the highest code point and U+FFFD itself. */
    ASSERT_SANITIZES("caf\xC3\xA9 \xE2\x82\xAC \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF " FFFD,
                     "caf\xC3\xA9 \xE2\x82\xAC \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF " FFFD);
    /* The last code points before the surrogates and before U+FFFE. */
    ASSERT_SANITIZES("\xED\x9F\xBF\xEF\xBF\xBD", "\xED\x9F\xBF\xEF\xBF\xBD");
}

static void test_sanitize_empty_input(void)
{
    struct strbuf sb = STRBUF_INIT;

    CU_ASSERT_EQUAL(sanitize_text("", 0, &sb), 0);
    CU_ASSERT_EQUAL(sb.len, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");
    strbuf_release(&sb);
}

static void test_sanitize_appends_to_buffer(void)
{
    struct strbuf sb = STRBUF_INIT;

    CU_ASSERT_EQUAL(strbuf_adds(&sb, "kept:"), 0);
    CU_ASSERT_EQUAL(sanitize_text("a\x1b", 2, &sb), 0);
    CU_ASSERT_TRUE(same_bytes(sb.buf, sb.len, "kept:a\\x1b", 10));
    strbuf_release(&sb);
}

static void test_sanitize_escape_visible(void)
{
    ASSERT_SANITIZES("\x1b", "\\x1b");
    ASSERT_SANITIZES("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m");
}

static void test_sanitize_nul_visible(void)
{
    ASSERT_SANITIZES("a\0b", "a\\x00b");
    ASSERT_SANITIZES("\0", "\\x00");
    ASSERT_SANITIZES("end\0", "end\\x00");
}

static void test_sanitize_other_controls_visible(void)
{
    ASSERT_SANITIZES("\x01|\x07|\x08|\x0b|\x0c|\x1f", "\\x01|\\x07|\\x08|\\x0b|\\x0c|\\x1f");
}

static void test_sanitize_tab_lf_cr_kept(void)
{
    ASSERT_SANITIZES("a\tb\nc\rd\r\n", "a\tb\nc\rd\r\n");
}

static void test_sanitize_del_visible(void)
{
    ASSERT_SANITIZES("a\x7f" "b", "a\\x7f" "b");
}

static void test_sanitize_c1_visible(void)
{
    /* U+0080, U+0085 (NEL), U+009B (CSI) and U+009F as UTF-8; U+00A0 is kept. */
    ASSERT_SANITIZES("\xC2\x80|\xC2\x85|\xC2\x9B[31m|\xC2\x9F|\xC2\xA0",
                     "\\u0080|\\u0085|\\u009b[31m|\\u009f|\xC2\xA0");
}

static void test_sanitize_idempotent(void)
{
    static const char in[] = "\x1b[1m\xff\xC2\x85\x7f\xEF\xBF\xBE\xE2\x82 \\x41 ok\n";
    struct strbuf once = STRBUF_INIT, twice = STRBUF_INIT;

    CU_ASSERT_EQUAL(sanitize_text(in, sizeof in - 1, &once), 0);
    CU_ASSERT_EQUAL(sanitize_text(once.buf, once.len, &twice), 0);
    CU_ASSERT_TRUE(same_bytes(twice.buf, twice.len, once.buf, once.len));
    strbuf_release(&once);
    strbuf_release(&twice);
}

static void test_sanitize_invalid_ff(void)
{
    ASSERT_SANITIZES("\xff", "\\xff");
    ASSERT_SANITIZES("a\xff" "b", "a\\xff" "b");
    ASSERT_SANITIZES("\xff\xfe", "\\xff\\xfe");
}

static void test_sanitize_lone_continuation(void)
{
    ASSERT_SANITIZES("a\x80" "b", "a\\x80" "b");
    ASSERT_SANITIZES("\xbf\x80", "\\xbf\\x80");
}

static void test_sanitize_overlong(void)
{
    /* C0 and C1 never start a valid sequence; E0 80 80 and F0 80 80 80 are overlong. */
    ASSERT_SANITIZES("\xC0\x80", "\\xc0\\x80");
    ASSERT_SANITIZES("\xC1\xBF", "\\xc1\\xbf");
    ASSERT_SANITIZES("\xE0\x80\x80", "\\xe0\\x80\\x80");
    ASSERT_SANITIZES("\xF0\x80\x80\x80", "\\xf0\\x80\\x80\\x80");
}

static void test_sanitize_surrogate(void)
{
    ASSERT_SANITIZES("\xED\xA0\x80", "\\xed\\xa0\\x80");
    ASSERT_SANITIZES("x\xED\xBF\xBFy", "x\\xed\\xbf\\xbfy");
}

static void test_sanitize_truncated_sequence(void)
{
    /* The first two bytes of the euro sign (E2 82 AC) at the end ... */
    ASSERT_SANITIZES("a\xE2\x82", "a\\xe2\\x82");
    /* ... and in the middle, followed by ASCII. */
    ASSERT_SANITIZES("\xE2\x82" "b", "\\xe2\\x82" "b");
    /* A 4-byte lead alone at the end. */
    ASSERT_SANITIZES("z\xF0", "z\\xf0");
}

static void test_sanitize_beyond_unicode(void)
{
    ASSERT_SANITIZES("\xF5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
    ASSERT_SANITIZES("\xF4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* U+110000 */
    ASSERT_SANITIZES("\xF8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
}

static void test_sanitize_noncharacters(void)
{
    ASSERT_SANITIZES("\xEF\xBF\xBE", "\\ufffe");
    ASSERT_SANITIZES("\xEF\xBF\xBF", "\\uffff");
    ASSERT_SANITIZES("a\xEF\xBF\xBE\xEF\xBF\xBF" "b", "a\\ufffe\\uffff" "b");
}

static void test_sanitize_cdata_end_unchanged(void)
{
    ASSERT_SANITIZES("]]>", "]]>");
    ASSERT_SANITIZES("<![CDATA[x]]>]]>", "<![CDATA[x]]>]]>");
}

/* ---- sanitize_capped -------------------------------------------------- */

static void test_capped_short_input_unchanged(void)
{
    CU_ASSERT_TRUE(capped_to("short", 5, 64, "short", 5));
    CU_ASSERT_TRUE(capped_to("exactly10!", 10, 10, "exactly10!", 10));
    CU_ASSERT_TRUE(capped_to("a\x1b", 2, 64, "a\\x1b", 5));
}

static void test_capped_keeps_head_and_tail(void)
{
    static const char want[] = "0123456789\n[... 80 bytes left out ...]\nQRSTUVWXYZ";
    char in[100];

    for (size_t i = 0; i < sizeof in; i++)
        in[i] = '-';
    memcpy(in, "0123456789", 10);
    memcpy(in + 90, "QRSTUVWXYZ", 10);
    CU_ASSERT_TRUE(capped_to(in, sizeof in, 20, want, sizeof want - 1));
    /* An odd cap keeps cap/2 bytes at each end, so one more is left out. */
    CU_ASSERT_TRUE(capped_to(in, sizeof in, 21, want, sizeof want - 1));
}

static void test_capped_one_byte_over(void)
{
    static const char want[] = "ab\n[... 1 bytes left out ...]\nde";

    CU_ASSERT_TRUE(capped_to("abcde", 5, 4, want, sizeof want - 1));
}

static void test_capped_sanitizes_both_halves(void)
{
    static const char in[] = "\x1b" "AAA" "middle part that goes" "BBB\xff";
    static const char want[] = "\\x1b" "AAA\n[... 21 bytes left out ...]\nBBB\\xff";

    CU_ASSERT_TRUE(capped_to(in, sizeof in - 1, 8, want, sizeof want - 1));
}

/* Text cut when the result was made (sanitize_cut) reads as the whole text capped here. */
static void test_cut_matches_capped(void)
{
    static const char in[] = "\x1b" "AAA" "middle part that goes" "BBB\xff";
    const size_t len = sizeof in - 1, half = 4;
    struct strbuf capped = STRBUF_INIT, cut = STRBUF_INIT;
    char kept[2 * 4];

    memcpy(kept, in, half);
    memcpy(kept + half, in + len - half, half);
    CU_ASSERT_EQUAL(sanitize_capped(in, len, 2 * half, &capped), 0);
    CU_ASSERT_EQUAL(sanitize_cut(kept, sizeof kept, len - 2 * half, &cut), 0);
    CU_ASSERT_TRUE(same_bytes(capped.buf, capped.len, cut.buf, cut.len));
    strbuf_reset(&cut);
    CU_ASSERT_EQUAL(sanitize_cut("whole", 5, 0, &cut), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&cut), "whole");
    strbuf_release(&capped);
    strbuf_release(&cut);
}

/* ---- junit_render ----------------------------------------------------- */

static void test_render_mixed_matches_golden(void)
{
    char *doc = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(render_mixed(&doc, &len), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_EQUAL(strlen(doc), len);
    CU_ASSERT_TRUE(test_matches_golden("junit-mixed.xml", doc, len));
    CU_ASSERT_TRUE(clean_utf8(doc, len));
    free(doc);
}

static void test_render_mixed_structure(void)
{
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(render_mixed(&doc, &len), 0);
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        /* Root totals: errors are ERROR plus TIMEOUT. */
        ASSERT_XPATH(x, "name(/*)", "testsuites");
        ASSERT_XPATH(x, "string(/testsuites/@name)", "profcheck");
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "5");
        ASSERT_XPATH(x, "string(/testsuites/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/@errors)", "2");
        ASSERT_XPATH(x, "string(/testsuites/@time)", "15.623");
        /* Suites in order of first appearance. */
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@name)", "jit");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@id)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@tests)", "3");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@failures)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@errors)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@skipped)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@time)", "2.373");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@timestamp)", "2023-11-14T22:13:20");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@hostname)", "testhost");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@name)", "selftest");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@id)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@tests)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@errors)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@skipped)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@time)", "13.250");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@timestamp)", "2023-11-14T22:13:20");
        /* Properties on every suite. */
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/properties/property)", "2");
        ASSERT_XPATH(x, "count(/testsuites/testsuite[2]/properties/property)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/properties/property[1]/@name)", "runtime.version");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/properties/property[1]/@value)", "8.0.1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/properties/property[2]/@name)", "harness.version");
        /* Cases in input order within their suite. */
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/@name)", "jit/a");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[2]/@name)", "jit/b");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[3]/@name)", "jit/c");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[1]/@name)", "selftest/x");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[2]/@name)", "selftest/y");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/a']/@classname)", "profcheck.jit");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/@classname)", "profcheck.selftest");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/a']/@time)", "0.123");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/@time)", "12.500");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/b']/@time)", "2.000");
        /* Outcome elements. */
        ASSERT_XPATH(x, "count(//testcase[@name='jit/a']/*)", "1"); /* only system-out */
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/failure/@type)", "CheckFailed");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/failure/@message)",
                     "expected 2 JITCompilationStarted, saw 1");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/failure)",
                     "expected 2 JITCompilationStarted, saw 1\n"
                     "check: count(JITCompilationStarted) == 2\nevents:\n  #1 JITCompilationStarted Main\n"
                     "  #2 Shutdown\n");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/b']/error/@type)", "Timeout");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/b']/error/@message)", "did not finish within 2 s");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/y']/error/@type)", "CaseError");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/c']/skipped/@message)", "needs .NET 9");
        ASSERT_XPATH(x, "count(//testcase[@name='jit/c']/skipped/@type)", "0");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/c']/skipped)", "");
        ASSERT_XPATH(x, "count(//failure)", "1");
        ASSERT_XPATH(x, "count(//error)", "2");
        ASSERT_XPATH(x, "count(//skipped)", "1");
        /* Captured output only where there was some. */
        ASSERT_XPATH(x, "count(//system-out)", "1");
        ASSERT_XPATH(x, "count(//system-err)", "1");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/a']/system-out)", "hello from jit/a\n");
        ASSERT_XPATH(x, "string(//testcase[@name='selftest/x']/system-err)", "boom\n");
        xmlFreeDoc(x);
    }
    free(doc);
}

static void test_render_hostile_matches_golden(void)
{
    struct result r[HOSTILE_N];
    struct junit_meta meta;
    struct err e;
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    hostile_results(r);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_render(r, HOSTILE_N, &meta, &doc, &len, &e), 0);
    release_results(r, HOSTILE_N);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_TRUE(test_matches_golden("junit-hostile.xml", doc, len));
    CU_ASSERT_TRUE(clean_utf8(doc, len));
    CU_ASSERT_PTR_NULL(strstr(doc, "]]>]]>"));
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        /* What a reader of the file gets back is the sanitised text, exactly. */
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/@name)", "hostile/<tag>&\"q\"");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/system-out)", hostile_stdout_clean);
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/system-err)", hostile_stderr_clean);
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/failure/@message)", "line one\nline two");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[1]/failure)",
                     "line one\nline two\nexpected <a> & \"b\"\n]]>\n");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[2]/error/@message)",
                     "bad \\xff\\xfe bytes \\x1b[0m");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[2]/error)",
                     "bad \\xff\\xfe bytes \\x1b[0m\ntab\there\n");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/testcase[2]/system-out)", "]]>]]>");
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/testcase[2]/system-err)", "0");
        ASSERT_XPATH(x, "string(/testsuites/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/@errors)", "1");
        xmlFreeDoc(x);
    }
    free(doc);
}

static void test_render_hostile_carriage_return_survives(void)
{
    struct result r[1];
    struct junit_meta meta;
    struct err e;
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    set_result(&r[0], "cr/case", "cr", VERDICT_PASS, NULL, NULL, "progress 10%\rprogress 100%\r\ndone\n", NULL, 0);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_render(r, 1, &meta, &doc, &len, &e), 0);
    release_results(r, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "string(//system-out)", "progress 10%\rprogress 100%\r\ndone\n");
        xmlFreeDoc(x);
    }
    free(doc);
}

static void test_render_defaults_for_missing_fields(void)
{
    struct result r[2];
    struct junit_meta meta;
    struct err e;
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    set_result(&r[0], "loose/one", NULL, VERDICT_FAIL, NULL, NULL, NULL, NULL, 0.5);
    set_result(&r[1], "loose/two", NULL, VERDICT_SKIP, NULL, NULL, NULL, NULL, 0);
    fixed_meta(&meta);
    meta.hostname = NULL;
    meta.props = NULL;
    meta.nprops = 0;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_render(r, 2, &meta, &doc, &len, &e), 0);
    release_results(r, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite/@name)", "cases");
        ASSERT_XPATH(x, "string(/testsuites/testsuite/@hostname)", "localhost");
        ASSERT_XPATH(x, "count(/testsuites/testsuite/properties/property)", "0");
        ASSERT_XPATH(x, "string(//testcase[1]/@classname)", "profcheck.cases");
        ASSERT_XPATH(x, "string(//testcase[1]/failure/@message)", "FAIL");
        ASSERT_XPATH(x, "string(//testcase[2]/skipped/@message)", "SKIP");
        xmlFreeDoc(x);
    }
    free(doc);
}

static void test_render_empty_run(void)
{
    struct junit_meta meta;
    struct err e;
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_render(NULL, 0, &meta, &doc, &len, &e), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "0");
        ASSERT_XPATH(x, "string(/testsuites/@time)", "0.000");
        ASSERT_XPATH(x, "count(/testsuites/*)", "0");
        xmlFreeDoc(x);
    }
    free(doc);
}

/* ---- locale ------------------------------------------------------------ */

/* Switches LC_NUMERIC to a locale with a decimal comma if one is installed,
 * else to C.UTF-8; returns the locale's name, or NULL when neither exists. */
static const char *numeric_locale_with_comma(void)
{
    static const char *const candidates[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8",
                                             "C.UTF-8"};

    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (setlocale(LC_NUMERIC, candidates[i]))
            return candidates[i];
    return NULL;
}

static void test_render_times_ignore_locale(void)
{
    const char *loc = numeric_locale_with_comma();
    char *doc = NULL;
    size_t len = 0;
    int rc;

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
    rc = render_mixed(&doc, &len);
    setlocale(LC_NUMERIC, "C");
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(doc, "time=\"0.123\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(doc, "time=\"15.623\""));
    CU_ASSERT_PTR_NULL(strstr(doc, "0,123"));
    CU_ASSERT_TRUE(test_matches_golden("junit-mixed.xml", doc, len));
    free(doc);
}

/* ---- junit_write -------------------------------------------------------- */

static void test_write_matches_render(void)
{
    struct result r[MIXED_N];
    struct junit_meta meta;
    struct err e;
    char dir[64], path[128];
    char *doc = NULL, *written;
    size_t len = 0, written_len = 0;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/report.xml", dir);
    mixed_results(r);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, MIXED_N, &meta, &e), 0);
    CU_ASSERT_EQUAL(junit_render(r, MIXED_N, &meta, &doc, &len, &e), 0);
    release_results(r, MIXED_N);
    written = test_read_file(path, &written_len);
    CU_ASSERT_PTR_NOT_NULL(written);
    if (written && doc)
        CU_ASSERT_TRUE(same_bytes(written, written_len, doc, len));
    CU_ASSERT_EQUAL(test_count_entries(dir), 1); /* no temporary file left behind */
    free(written);
    free(doc);
    test_remove_tree(dir);
}

static void test_write_replaces_existing_file(void)
{
    struct result r[1];
    struct junit_meta meta;
    struct err e;
    char dir[64], path[128];
    char *written;
    size_t written_len = 0;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/report.xml", dir);
    CU_ASSERT_EQUAL(test_write_file(path, "old contents that are longer than nothing", 41), 0);
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.5);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, 1, &meta, &e), 0);
    release_results(r, 1);
    written = test_read_file(path, &written_len);
    CU_ASSERT_PTR_NOT_NULL(written);
    if (written) {
        CU_ASSERT_PTR_NULL(strstr(written, "old contents"));
        CU_ASSERT_PTR_NOT_NULL(strstr(written, "name=\"jit/a\""));
    }
    CU_ASSERT_EQUAL(test_count_entries(dir), 1);
    free(written);
    test_remove_tree(dir);
}

static void test_write_missing_directory_fails(void)
{
    struct result r[1];
    struct junit_meta meta;
    struct err e;
    char dir[64], missing[128], path[160];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(missing, sizeof missing, "%s/missing", dir);
    snprintf(path, sizeof path, "%s/report.xml", missing);
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.5);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, 1, &meta, &e), -1);
    release_results(r, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, path));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, strerror(ENOENT)));
    CU_ASSERT_EQUAL(access(missing, F_OK), -1);
    CU_ASSERT_EQUAL(test_count_entries(dir), 0);
    test_remove_tree(dir);
}

static void test_write_onto_directory_removes_temporary(void)
{
    struct result r[1];
    struct junit_meta meta;
    struct err e;
    char dir[64], path[128];

    /* The temporary file can be written but not renamed over a directory. */
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/report.xml", dir);
    CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.5);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_write(path, r, 1, &meta, &e), -1);
    release_results(r, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, path));
    CU_ASSERT_EQUAL(test_count_entries(dir), 1); /* only the directory itself */
    CU_ASSERT_EQUAL(test_count_entries(path), 0);
    test_remove_tree(dir);
}

/* ---- junit_merge -------------------------------------------------------- */

/* A report in another tool's style: one <testsuite> as the root, with
 * totals and an id that do not match its test cases. */
static const char foreign_report[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<testsuite name=\"unit.caseload\" tests=\"7\" failures=\"0\" errors=\"3\" skipped=\"9\" time=\"99.0\""
    " id=\"42\">\n"
    "  <testcase name=\"parses\" classname=\"unit.caseload\" time=\"0.5\"/>\n"
    "  <testcase name=\"rejects\" classname=\"unit.caseload\" time=\"0.25\">\n"
    "    <failure message=\"assertion failed\" type=\"assert\">test.c:10: x == 1</failure>\n"
    "  </testcase>\n"
    "  <testcase name=\"later\" classname=\"unit.caseload\" time=\"0\">\n"
    "    <skipped/>\n"
    "  </testcase>\n"
    "</testsuite>\n";

/* Writes the two inputs (ours: jit/a PASS, jit/b FAIL, gc/c TIMEOUT; and
 * foreign_report) into dir; 0 or -1. */
static int write_merge_inputs(const char *dir, char *ours, char *foreign, size_t size)
{
    struct result r[3];
    struct junit_meta meta;
    struct err e;
    int rc;

    snprintf(ours, size, "%s/ours.xml", dir);
    snprintf(foreign, size, "%s/foreign.xml", dir);
    set_result(&r[0], "jit/a", "jit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.125);
    set_result(&r[1], "jit/b", "jit", VERDICT_FAIL, "missing event", "details\n", NULL, NULL, 1.0);
    set_result(&r[2], "gc/c", "gc", VERDICT_TIMEOUT, "timed out", NULL, NULL, NULL, 2.0);
    fixed_meta(&meta);
    err_init(&e);
    rc = junit_write(ours, r, 3, &meta, &e);
    release_results(r, 3);
    if (rc < 0) {
        fprintf(stderr, "\n%s\n", e.msg);
        return -1;
    }
    return test_write_file(foreign, foreign_report, sizeof foreign_report - 1);
}

static void test_merge_recounts_totals(void)
{
    char dir[64], ours[128], foreign[128], out[128];
    char *inputs[2];
    struct tally t = {99, 99, 99};
    struct err e;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    inputs[0] = ours;
    inputs[1] = foreign;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), 0);
    if (e.msg[0])
        fprintf(stderr, "\njunit_merge: %s\n", e.msg);
    CU_ASSERT_EQUAL(t.passed, 2);
    CU_ASSERT_EQUAL(t.failed, 3);
    CU_ASSERT_EQUAL(t.skipped, 1);
    CU_ASSERT_EQUAL(test_count_entries(dir), 3); /* ours, foreign, merged: no temporary left */
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "name(/*)", "testsuites");
        ASSERT_XPATH(x, "string(/testsuites/@name)", "profcheck");
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "6");
        ASSERT_XPATH(x, "string(/testsuites/@failures)", "2");
        ASSERT_XPATH(x, "string(/testsuites/@errors)", "1");
        ASSERT_XPATH(x, "string(/testsuites/@time)", "3.875");
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "3");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@name)", "jit");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@id)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@tests)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@errors)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@skipped)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@name)", "gc");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@id)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@errors)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@name)", "unit.caseload");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@id)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@tests)", "3");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@errors)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@skipped)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@time)", "0.750");
        /* Contents are carried over. */
        ASSERT_XPATH(x, "count(//testcase)", "6");
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/properties/property)", "2");
        ASSERT_XPATH(x, "string(//testcase[@name='rejects']/failure)", "test.c:10: x == 1");
        ASSERT_XPATH(x, "string(//testcase[@name='jit/b']/failure/@type)", "CheckFailed");
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

static void test_merge_same_file_twice_joins_suites(void)
{
    char dir[64], ours[128], foreign[128], out[128];
    char *inputs[2];
    struct tally t = {0, 0, 0};
    struct err e;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    inputs[0] = ours;
    inputs[1] = ours;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), 0);
    CU_ASSERT_EQUAL(t.passed, 2);
    CU_ASSERT_EQUAL(t.failed, 4);
    CU_ASSERT_EQUAL(t.skipped, 0);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@name)", "jit");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@id)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@tests)", "4");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@failures)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@name)", "gc");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@id)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@errors)", "2");
        /* one <properties>, first in the suite, with no property twice */
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/properties)", "1");
        ASSERT_XPATH(x, "name(/testsuites/testsuite[1]/*[1])", "properties");
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/properties/property)", "2");
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "6");
        CU_ASSERT_TRUE(schema_valid(x));
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

/* Writes shard `index` of 3 of the mixed-area run into path: the cases at
 * positions index-1, index+2, ... of a fixed list over two areas. */
static int write_shard(const char *path, size_t index, const char *hostname)
{
    static const struct {
        const char *id, *area;
        enum verdict v;
    } all[] = {
        {"gc/a", "gc", VERDICT_PASS},      {"jit/a", "jit", VERDICT_FAIL},  {"jit/b", "jit", VERDICT_PASS},
        {"gc/b", "gc", VERDICT_SKIP},      {"jit/c", "jit", VERDICT_TIMEOUT}, {"gc/c", "gc", VERDICT_XFAIL},
        {"jit/d", "jit", VERDICT_PASS},
    };
    struct result r[3];
    struct junit_meta meta;
    struct property props[2] = {{"runtime.version", "8.0.1"}, {"host.name", hostname}};
    struct err e;
    size_t n = 0;
    int rc;

    for (size_t i = index - 1; i < sizeof all / sizeof *all; i += 3, n++) {
        set_result(&r[n], all[i].id, all[i].area, all[i].v, all[i].v == VERDICT_PASS ? NULL : "why", NULL, NULL,
                   NULL, 0.25);
        if (all[i].v == VERDICT_XFAIL) {
            result_add_prop(&r[n], "xfail", "why");
            result_add_prop(&r[n], "known-issue", "dotnet/runtime#1");
        }
    }
    fixed_meta(&meta);
    meta.hostname = hostname;
    meta.props = props;
    meta.nprops = 2;
    err_init(&e);
    rc = junit_write(path, r, n, &meta, &e);
    release_results(r, n);
    return rc;
}

/* Three shards of one run merge into one suite per area, recounted. */
static void test_merge_shards_one_suite_per_area(void)
{
    char dir[64], shard[3][128], out[128];
    char *inputs[3];
    struct tally t = {0, 0, 0};
    struct err e;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    for (size_t i = 0; i < 3; i++) {
        char host[16];

        snprintf(shard[i], sizeof shard[i], "%s/shard-%zu.xml", dir, i + 1);
        snprintf(host, sizeof host, "runner-%zu", i + 1);
        CU_ASSERT_EQUAL(write_shard(shard[i], i + 1, host), 0);
        inputs[i] = shard[i];
    }
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 3, out, &t, &e), 0);
    CU_ASSERT_EQUAL(t.passed, 4); /* three passes and the XFAIL */
    CU_ASSERT_EQUAL(t.failed, 2);
    CU_ASSERT_EQUAL(t.skipped, 1);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "2");
        /* shard 1 holds gc/a first, so gc comes first */
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@name)", "gc");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@tests)", "3");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@skipped)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@failures)", "0");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@time)", "0.750");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@name)", "jit");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@tests)", "4");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/@errors)", "1");
        /* test cases in input order: shard 1's, then shard 2's, then 3's */
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[1]/@name)", "jit/d");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[2]/@name)", "jit/a");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[3]/@name)", "jit/c");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/testcase[4]/@name)", "jit/b");
        ASSERT_XPATH(x, "count(//testcase)", "7");
        /* the first shard's properties win; none is there twice */
        ASSERT_XPATH(x, "count(/testsuites/testsuite[1]/properties/property)", "2");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/properties/property[@name='host.name']/@value)",
                     "runner-1");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[2]/properties/property[@name='host.name']/@value)",
                     "runner-1");
        ASSERT_XPATH(x, "string(//testcase[@name='gc/c']/properties/property[@name='known-issue']/@value)",
                     "dotnet/runtime#1");
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "7");
        ASSERT_XPATH(x, "string(/testsuites/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/@errors)", "1");
        ASSERT_XPATH(x, "count(/testsuites/@skipped)", "0");
        CU_ASSERT_TRUE(schema_valid(x));
        CU_ASSERT_TRUE(jenkins_valid(x));
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

/* A shard of a run over two runtimes: one suite, one case on `version`. */
static int write_runtime_shard(const char *path, const char *label, const char *version)
{
    char doc[1024];
    int n = snprintf(doc, sizeof doc,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<testsuites name=\"profcheck\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"0.1\">\n"
                     "  <testsuite name=\"jit\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.1\">\n"
                     "    <properties>\n"
                     "      <property name=\"dotnet.runtime.versions\" value=\"%s\"/>\n"
                     "      <property name=\"dotnet.runtime.version\" value=\"%s\"/>\n"
                     "    </properties>\n"
                     "    <testcase name=\"jit/a [%s]\" classname=\"profcheck.jit\" time=\"0.1\">\n"
                     "      <properties><property name=\"dotnet.runtime.version\" value=\"%s\"/></properties>\n"
                     "    </testcase>\n"
                     "  </testsuite>\n"
                     "</testsuites>\n",
                     version, version, label, version);

    return test_write_file(path, doc, (size_t)n);
}

/* The merged suite lists the runtimes of all its test cases; the one
 * version property stays only while there is one version. */
static void test_merge_runtime_versions(void)
{
    char dir[64], a[128], b[128], out[128];
    char *inputs[2];
    struct tally t = {0, 0, 0};
    struct err e;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    CU_ASSERT_EQUAL(write_runtime_shard(a, "net8.0", "8.0.31"), 0);
    CU_ASSERT_EQUAL(write_runtime_shard(b, "net10.0", "10.0.12"), 0);
    inputs[0] = a;
    inputs[1] = b;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), 0);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "count(/testsuites/testsuite)", "1");
        ASSERT_XPATH(x, "string(//testsuite/properties/property[@name='dotnet.runtime.versions']/@value)",
                     "8.0.31 10.0.12");
        ASSERT_XPATH(x, "count(//testsuite/properties/property[@name='dotnet.runtime.version'])", "0");
        ASSERT_XPATH(x, "count(//testcase)", "2");
        ASSERT_XPATH(x, "string(//testcase[2]/@name)", "jit/a [net10.0]");
        CU_ASSERT_TRUE(schema_valid(x));
        xmlFreeDoc(x);
    }
    /* One runtime: both properties, as written. */
    inputs[1] = a;
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), 0);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "string(//testsuite/properties/property[@name='dotnet.runtime.versions']/@value)", "8.0.31");
        ASSERT_XPATH(x, "string(//testsuite/properties/property[@name='dotnet.runtime.version']/@value)", "8.0.31");
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

static void test_merge_times_ignore_locale(void)
{
    char dir[64], ours[128], foreign[128], out[128];
    char *inputs[2];
    struct tally t = {0, 0, 0};
    struct err e;
    const char *loc;
    xmlDocPtr x;
    int rc;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    inputs[0] = ours;
    inputs[1] = foreign;
    err_init(&e);
    loc = numeric_locale_with_comma();
    rc = junit_merge(inputs, 2, out, &t, &e);
    setlocale(LC_NUMERIC, "C");
    (void)loc;
    CU_ASSERT_EQUAL(rc, 0);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        ASSERT_XPATH(x, "string(/testsuites/@time)", "3.875");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[1]/@time)", "1.125");
        ASSERT_XPATH(x, "string(/testsuites/testsuite[3]/@time)", "0.750");
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

/* Merging `bad` (written with `text`, or absent when text is NULL) after a
 * good input fails, names the file and writes no output. */
static void check_merge_rejects(const char *text, const char *name, const char *reason)
{
    char dir[64], ours[128], foreign[128], bad[128], out[128];
    char *inputs[2];
    struct tally t = {0, 0, 0};
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(bad, sizeof bad, "%s/%s", dir, name);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    if (text)
        CU_ASSERT_EQUAL(test_write_file(bad, text, strlen(text)), 0);
    inputs[0] = ours;
    inputs[1] = bad;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, bad));
    if (reason)
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, reason));
    CU_ASSERT_EQUAL(access(out, F_OK), -1);
    CU_ASSERT_EQUAL(test_count_entries(dir), text ? 3 : 2);
    test_remove_tree(dir);
}

static void test_merge_rejects_non_xml(void)
{
    check_merge_rejects("this is not XML <testsuite", "notes.txt", "not a well-formed XML file");
}

static void test_merge_rejects_html_root(void)
{
    check_merge_rejects("<html><body><testsuite name=\"x\"/></body></html>\n", "page.html", "not a JUnit file");
}

static void test_merge_rejects_missing_file(void)
{
    check_merge_rejects(NULL, "absent.xml", NULL);
}

static void test_merge_rejects_doctype(void)
{
    check_merge_rejects("<?xml version=\"1.0\"?>\n<!DOCTYPE testsuites [<!ENTITY e \"x\">]>\n"
                        "<testsuites><testsuite name=\"&e;\"/></testsuites>\n",
                        "doctype.xml", "DOCTYPE");
}

static void test_merge_unwritable_output_fails(void)
{
    char dir[64], ours[128], foreign[128], out[160];
    char *inputs[1];
    struct tally t = {0, 0, 0};
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(out, sizeof out, "%s/missing/merged.xml", dir);
    inputs[0] = ours;
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 1, out, &t, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, out));
    CU_ASSERT_EQUAL(test_count_entries(dir), 2);
    test_remove_tree(dir);
}

/* ---- retried cases -------------------------------------------------------- */

static void test_render_retries_matches_golden(void)
{
    char *doc = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(render_retries(&doc, &len), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_TRUE(test_matches_golden("junit-retries.xml", doc, len));
    free(doc);
}

static void test_render_retries_structure(void)
{
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(render_retries(&doc, &len), 0);
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        /* One entry per case, however often it ran; a flaky pass is a pass. */
        ASSERT_XPATH(x, "string(/testsuites/@tests)", "4");
        ASSERT_XPATH(x, "string(/testsuites/@failures)", "1");
        ASSERT_XPATH(x, "string(/testsuites/@errors)", "0");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/flaky'])", "1");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/flaky']/failure)", "0");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/flaky']/flakyFailure)", "1");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/flaky']/flakyFailure/@message)",
                     "attempt 1 of 2: expected ReJITCompilationFinished, saw Shutdown");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/flaky']/flakyFailure/@type)", "CheckFailed");
        /* the details in a stackTrace child, and no text of the element's own */
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/flaky']/flakyFailure/stackTrace)",
                     "attempt 1 of 2: expected ReJITCompilationFinished, saw Shutdown\nevents:\n  #1 Shutdown\n");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/flaky']/flakyFailure/text()[normalize-space()])", "0");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/flaky']/flakyFailure/*)", "1");
        /* a timeout before the pass is a flakyFailure too: Jenkins reads no flakyError */
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/slow']/flakyFailure)", "1");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/slow']/flakyFailure/@type)", "Timeout");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/slow']/flakyFailure/stackTrace)",
                     "attempt 1 of 2: did not finish within 2 s\nwaiting on: step 2 (call Target.Value)\n");
        ASSERT_XPATH(x, "count(//flakyError|//rerunError)", "0");
        /* how many runs a retried case took */
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/slow']/properties/property[@name='attempts']/@value)", "2");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/broken']/properties/property[@name='attempts']/@value)",
                     "3");
        ASSERT_XPATH(x, "count(//testcase[@name='jit/steady']/properties)", "0");
        /* Failed every time: its failure first, then each earlier run. */
        ASSERT_XPATH(x, "name(//testcase[@name='rejit/broken']/*[1])", "properties");
        ASSERT_XPATH(x, "name(//testcase[@name='rejit/broken']/*[2])", "failure");
        ASSERT_XPATH(x, "name(//testcase[@name='rejit/broken']/*[3])", "rerunFailure");
        ASSERT_XPATH(x, "name(//testcase[@name='rejit/broken']/*[4])", "rerunFailure");
        ASSERT_XPATH(x, "name(//testcase[@name='rejit/broken']/*[5])", "system-err");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/broken']/rerunFailure[2]/@message)",
                     "attempt 2 of 3: cannot start the app");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/broken']/rerunFailure[2]/@type)", "CaseError");
        ASSERT_XPATH(x, "count(//testcase[@name='jit/steady']/*)", "0");
        ASSERT_XPATH(x, "count(//flakyFailure|//flakyError|//rerunFailure|//rerunError)", "4");
        ASSERT_XPATH(x, "count(//testcase/*[not(@message)][not(self::system-out|self::system-err|self::properties)])",
                     "0");
        xmlFreeDoc(x);
    }
    free(doc);
}

/* ---- test-case properties ------------------------------------------------ */

static void test_render_case_properties(void)
{
    struct result r[2];
    char *doc = NULL;
    size_t len = 0;
    xmlDocPtr x;

    set_result(&r[0], "rejit/known", "rejit", VERDICT_XFAIL, "known issue dotnet/runtime#117823: saw 0", NULL,
               "app line\n", NULL, 0.5);
    r[0].runtime_version = test_dup("10.0.12");
    result_add_prop(&r[0], "before.rss-kib", "%d", 26440);
    result_add_prop(&r[0], "xfail", "%s", "saw 0");
    result_add_prop(&r[0], "known-issue", "%s", "dotnet/runtime#117823");
    set_result(&r[1], "rejit/plain", "rejit", VERDICT_PASS, NULL, NULL, NULL, NULL, 0.5);
    CU_ASSERT_EQUAL_FATAL(render_results(r, 2, &doc, &len), 0);
    CU_ASSERT_TRUE(schema_valid_memory(doc, len));
    x = parse_memory(doc, len);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        const char *props = "//testcase[@name='rejit/known']/properties/property";

        ASSERT_XPATH(x, "name(//testcase[@name='rejit/known']/*[1])", "properties");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/known']/properties/property)", "4");
        {
            char expr[256];

            snprintf(expr, sizeof expr, "string(%s[1]/@name)", props);
            ASSERT_XPATH(x, expr, "before.rss-kib");
            snprintf(expr, sizeof expr, "string(%s[@name='known-issue']/@value)", props);
            ASSERT_XPATH(x, expr, "dotnet/runtime#117823");
            snprintf(expr, sizeof expr, "string(%s[@name='xfail']/@value)", props);
            ASSERT_XPATH(x, expr, "saw 0");
            snprintf(expr, sizeof expr, "string(%s[@name='dotnet.runtime.version']/@value)", props);
            ASSERT_XPATH(x, expr, "10.0.12");
        }
        /* an XFAIL is a passing test case; the [[PROPERTY|...]] lines stay for GitLab */
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/known']/failure|//testcase[@name='rejit/known']/error)", "0");
        ASSERT_XPATH(x, "string(//testcase[@name='rejit/known']/system-out)",
                     "[[PROPERTY|before.rss-kib=26440]]\n[[PROPERTY|xfail=saw 0]]\n"
                     "[[PROPERTY|known-issue=dotnet/runtime#117823]]\napp line\n");
        ASSERT_XPATH(x, "count(//testcase[@name='rejit/plain']/*)", "0");
        xmlFreeDoc(x);
    }
    free(doc);
}

/* ---- reports/junit.xsd ---------------------------------------------------- */

static void test_schema_accepts_rendered_reports(void)
{
    struct result hostile[HOSTILE_N];
    struct junit_meta meta;
    struct err e;
    char *doc = NULL;
    size_t len = 0;

    CU_ASSERT_EQUAL_FATAL(render_mixed(&doc, &len), 0);
    CU_ASSERT_TRUE(schema_valid_memory(doc, len));
    free(doc);
    CU_ASSERT_EQUAL_FATAL(render_retries(&doc, &len), 0);
    CU_ASSERT_TRUE(schema_valid_memory(doc, len));
    free(doc);
    hostile_results(hostile);
    fixed_meta(&meta);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(junit_render(hostile, HOSTILE_N, &meta, &doc, &len, &e), 0);
    release_results(hostile, HOSTILE_N);
    CU_ASSERT_TRUE(schema_valid_memory(doc, len));
    free(doc);
    CU_ASSERT_EQUAL_FATAL(junit_render(NULL, 0, &meta, &doc, &len, &e), 0);
    CU_ASSERT_TRUE(schema_valid_memory(doc, len));
    free(doc);
}

static void test_schema_accepts_merged_report(void)
{
    char dir[64], ours[128], foreign[128], out[128];
    char *inputs[2];
    struct tally t = {0, 0, 0};
    struct err e;
    xmlDocPtr x;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    CU_ASSERT_EQUAL(write_merge_inputs(dir, ours, foreign, sizeof ours), 0);
    snprintf(out, sizeof out, "%s/merged.xml", dir);
    inputs[0] = ours;
    inputs[1] = foreign; /* a <testsuite> root that is not valid as it stands */
    err_init(&e);
    CU_ASSERT_EQUAL(junit_merge(inputs, 2, out, &t, &e), 0);
    x = xmlReadFile(out, NULL, XML_PARSE_NONET);
    CU_ASSERT_PTR_NOT_NULL(x);
    if (x) {
        CU_ASSERT_TRUE(schema_valid(x));
        CU_ASSERT_TRUE(jenkins_valid(x));
        xmlFreeDoc(x);
    }
    test_remove_tree(dir);
}

static void quiet_errors(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* The schema can fail: each of these breaks one rule of it. */
static void test_schema_rejects_bad_reports(void)
{
    static const char *const bad[] = {
        /* two verdicts on one test case */
        "<testsuites name=\"p\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"1\"><testsuite name=\"a\" "
        "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1\"><testcase name=\"t\" "
        "classname=\"c\" time=\"1\"><failure message=\"m\"/><error message=\"m\"/></testcase></testsuite>"
        "</testsuites>",
        /* a time with an exponent */
        "<testsuites name=\"p\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"1e3\"/>",
        /* a time with a decimal comma */
        "<testsuites name=\"p\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"1,5\"/>",
        /* a test case without classname */
        "<testsuites name=\"p\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"1\"><testsuite name=\"a\" "
        "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"1\"><testcase name=\"t\" "
        "time=\"1\"/></testsuite></testsuites>",
        /* a flaky attempt before the verdict */
        "<testsuites name=\"p\" tests=\"1\" failures=\"1\" errors=\"0\" time=\"1\"><testsuite name=\"a\" "
        "tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1\"><testcase name=\"t\" "
        "classname=\"c\" time=\"1\"><rerunFailure message=\"m\"/><failure message=\"m\"/></testcase>"
        "</testsuite></testsuites>",
        /* a timestamp with a zone */
        "<testsuites name=\"p\" tests=\"1\" failures=\"0\" errors=\"0\" time=\"1\"><testsuite name=\"a\" "
        "tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"1\" timestamp=\"2026-01-01T00:00:00Z\">"
        "<testcase name=\"t\" classname=\"c\" time=\"1\"/></testsuite></testsuites>",
    };

    xmlSetGenericErrorFunc(NULL, quiet_errors);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int valid = ours_valid_memory(bad[i], strlen(bad[i]));

        if (valid)
            fprintf(stderr, "\naccepted: %s\n", bad[i]);
        CU_ASSERT_FALSE(valid);
    }
    xmlSetGenericErrorFunc(NULL, NULL);
}

/* reports/junit-jenkins.xsd can fail too: each of these breaks one of its rules. */
static void test_jenkins_schema_rejects_bad_reports(void)
{
    static const char *const bad[] = {
        /* a skipped count at the top level */
        "<testsuites name=\"p\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"1\"/>",
        /* an attempt without a type */
        "<testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase name=\"t\">"
        "<flakyFailure message=\"m\"><stackTrace>x</stackTrace></flakyFailure></testcase></testsuite></testsuites>",
        /* an attempt's children out of order */
        "<testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase name=\"t\">"
        "<rerunFailure type=\"x\"><system-out/><stackTrace/></rerunFailure></testcase></testsuite></testsuites>",
        /* a time with four decimals */
        "<testsuites time=\"1.2345\"/>",
        /* a suite without errors */
        "<testsuites><testsuite name=\"a\" tests=\"0\" failures=\"0\"/></testsuites>",
        /* an element Jenkins does not know in a test case */
        "<testsuites><testsuite name=\"a\" tests=\"1\" failures=\"0\" errors=\"0\"><testcase name=\"t\">"
        "<warning/></testcase></testsuite></testsuites>",
    };

    xmlSetGenericErrorFunc(NULL, quiet_errors);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        xmlDocPtr x = parse_memory(bad[i], strlen(bad[i]));
        int valid = x && jenkins_valid(x);

        if (valid)
            fprintf(stderr, "\naccepted: %s\n", bad[i]);
        CU_ASSERT_FALSE(valid);
        xmlFreeDoc(x);
    }
    xmlSetGenericErrorFunc(NULL, NULL);
}

/* ---- registration -------------------------------------------------------- */

void test_register(void)
{
    static const struct {
        const char *name;
        CU_TestFunc fn;
    } tests[] = {
        {"sanitize_ascii_unchanged", test_sanitize_ascii_unchanged},
        {"sanitize_multibyte_unchanged", test_sanitize_multibyte_unchanged},
        {"sanitize_empty_input", test_sanitize_empty_input},
        {"sanitize_appends_to_buffer", test_sanitize_appends_to_buffer},
        {"sanitize_escape_visible", test_sanitize_escape_visible},
        {"sanitize_nul_visible", test_sanitize_nul_visible},
        {"sanitize_other_controls_visible", test_sanitize_other_controls_visible},
        {"sanitize_tab_lf_cr_kept", test_sanitize_tab_lf_cr_kept},
        {"sanitize_del_visible", test_sanitize_del_visible},
        {"sanitize_c1_visible", test_sanitize_c1_visible},
        {"sanitize_idempotent", test_sanitize_idempotent},
        {"sanitize_invalid_ff", test_sanitize_invalid_ff},
        {"sanitize_lone_continuation", test_sanitize_lone_continuation},
        {"sanitize_overlong", test_sanitize_overlong},
        {"sanitize_surrogate", test_sanitize_surrogate},
        {"sanitize_truncated_sequence", test_sanitize_truncated_sequence},
        {"sanitize_beyond_unicode", test_sanitize_beyond_unicode},
        {"sanitize_noncharacters", test_sanitize_noncharacters},
        {"sanitize_cdata_end_unchanged", test_sanitize_cdata_end_unchanged},
        {"capped_short_input_unchanged", test_capped_short_input_unchanged},
        {"capped_keeps_head_and_tail", test_capped_keeps_head_and_tail},
        {"capped_one_byte_over", test_capped_one_byte_over},
        {"capped_sanitizes_both_halves", test_capped_sanitizes_both_halves},
        {"cut_matches_capped", test_cut_matches_capped},
        {"render_mixed_matches_golden", test_render_mixed_matches_golden},
        {"render_mixed_structure", test_render_mixed_structure},
        {"render_hostile_matches_golden", test_render_hostile_matches_golden},
        {"render_hostile_carriage_return_survives", test_render_hostile_carriage_return_survives},
        {"render_defaults_for_missing_fields", test_render_defaults_for_missing_fields},
        {"render_empty_run", test_render_empty_run},
        {"render_retries_matches_golden", test_render_retries_matches_golden},
        {"render_retries_structure", test_render_retries_structure},
        {"render_times_ignore_locale", test_render_times_ignore_locale},
        {"write_matches_render", test_write_matches_render},
        {"write_replaces_existing_file", test_write_replaces_existing_file},
        {"write_missing_directory_fails", test_write_missing_directory_fails},
        {"write_onto_directory_removes_temporary", test_write_onto_directory_removes_temporary},
        {"merge_recounts_totals", test_merge_recounts_totals},
        {"merge_same_file_twice_joins_suites", test_merge_same_file_twice_joins_suites},
        {"merge_shards_one_suite_per_area", test_merge_shards_one_suite_per_area},
        {"merge_times_ignore_locale", test_merge_times_ignore_locale},
        {"merge_runtime_versions", test_merge_runtime_versions},
        {"merge_rejects_non_xml", test_merge_rejects_non_xml},
        {"merge_rejects_html_root", test_merge_rejects_html_root},
        {"merge_rejects_missing_file", test_merge_rejects_missing_file},
        {"merge_rejects_doctype", test_merge_rejects_doctype},
        {"merge_unwritable_output_fails", test_merge_unwritable_output_fails},
        {"schema_accepts_rendered_reports", test_schema_accepts_rendered_reports},
        {"schema_accepts_merged_report", test_schema_accepts_merged_report},
        {"schema_rejects_bad_reports", test_schema_rejects_bad_reports},
        {"jenkins_schema_rejects_bad_reports", test_jenkins_schema_rejects_bad_reports},
        {"render_case_properties", test_render_case_properties},
    };
    CU_pSuite suite = CU_add_suite("junit", NULL, NULL);

    if (!suite)
        return;
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        if (!CU_add_test(suite, tests[i].name, tests[i].fn))
            return;
}
