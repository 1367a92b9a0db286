/*
 * test_caseload.c - case files -> struct case_def, and every way a case file
 * can be wrong, each with its own "file:line: message".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#include <sys/stat.h>

#include <CUnit/CUnit.h>

#include "util/strbuf.h"

#include "caseload/caseload.h"
#include "engine/suite.h"
#include "util/strbuf.h"
#include "test_files.h"

void test_register(void);

static struct caseload cl;

static int suite_init(void)
{
    struct err e;

    err_init(&e);
    return caseload_init(&cl, &e);
}

static int suite_clean(void)
{
    caseload_release(&cl);
    return 0;
}

#define HEAD "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:profcheck:case:1\">\n"
#define DESC "  <description>d</description>\n"
#define APP "  <app fixture=\"Basic\"/>\n"

/* Loads xml (a case without variants); returns the loader's result, the message in e. */
static int load(const char *xml, struct case_def *c, struct err *e)
{
    struct case_set set;
    int rc;

    err_init(e);
    rc = caseload_memory(&cl, xml, strlen(xml), "t.xml", "area/t", &set, e);
    if (rc == 0) {
        CU_ASSERT_EQUAL(set.n, 1);
        *c = set.v[0];
        for (size_t i = 1; i < set.n; i++)
            case_release(&set.v[i]);
        free(set.v);
    }
    return rc;
}

/* The load must fail with a message starting with `prefix` and containing `part`. */
static void expect_error(const char *xml, const char *prefix, const char *part)
{
    struct case_def c;
    struct err e;
    int rc = load(xml, &c, &e);

    CU_ASSERT_EQUAL(rc, -1);
    if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || !strstr(e.msg, part)) {
        fprintf(stderr, "\n    got: %s\n    want: %s...%s\n", e.msg, prefix, part);
        CU_FAIL("unexpected error message");
    }
    if (rc == 0)
        case_release(&c);
}

static void test_full_case(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\" timeout=\"12.5\">\n"
        "  <description>  what it checks  </description>\n"
        "  <tags>jit startup</tags>\n"
        "  <app fixture=\"Basic\" args=\"one  two\">\n"
        "    <env name=\"DOTNET_TieredCompilation\" value=\"0\"/>\n"
        "  </app>\n"
        "  <profiler events=\"jit module\" only=\"Basic!*\" callbacks=\"4\" disable-inlining=\"true\"\n"
        "            disable-tiering=\"true\" mask=\"0x40000\"/>\n"
        "  <steps>\n"
        "    <wait stdout=\"ready\"/>\n"
        "    <send stdin=\"call X\"/>\n"
        "    <wait stderr-re=\"^err [0-9]+$\" timeout=\"2\"/>\n"
        "    <wait event=\"JITCompilationStarted\" method=\"Basic!*\" timeout=\"3\"/>\n"
        "    <resolve method=\"Basic!Fixtures.Jit::Compute\" expect-hr=\"CLDB_E_RECORD_NOTFOUND\"/>\n"
        "  </steps>\n"
        "  <events>\n"
        "    <check event=\"JITCompilationStarted\" function-id=\"$f\" thread=\"$t\"/>\n"
        "    <not event=\"JITCompilationFinished\" function-id=\"$f\"/>\n"
        "    <count event=\"JIT*\" min=\"1\" max=\"3\"/>\n"
        "    <count event=\"ReJITError\" max=\"0\"/>\n"
        "  </events>\n"
        "  <outcome exit=\"0\">\n"
        "    <stdout contains=\"X=1\"/>\n"
        "    <stderr empty=\"true\"/>\n"
        "  </outcome>\n"
        "  <selftest verdict=\"timeout\" reason=\"step 3\"/>\n"
        "</case>\n";
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(xml, &c, &e), 0);
    CU_ASSERT_STRING_EQUAL(c.id, "area/t");
    CU_ASSERT_STRING_EQUAL(c.path, "t.xml");
    CU_ASSERT_PTR_NOT_NULL(strstr(c.description, "what it checks"));
    CU_ASSERT_DOUBLE_EQUAL(c.timeout, 12.5, 1e-9);
    CU_ASSERT_EQUAL(c.ntags, 2);
    CU_ASSERT_STRING_EQUAL(c.tags[1], "startup");
    CU_ASSERT_STRING_EQUAL(c.fixture, "Basic");
    CU_ASSERT_EQUAL_FATAL(c.nargs, 2);
    CU_ASSERT_STRING_EQUAL(c.args[0], "one");
    CU_ASSERT_STRING_EQUAL(c.args[1], "two");
    CU_ASSERT_EQUAL_FATAL(c.nenv, 1);
    CU_ASSERT_STRING_EQUAL(c.env[0].name, "DOTNET_TieredCompilation");
    CU_ASSERT_STRING_EQUAL(c.env[0].value, "0");

    /* jit 0x20 | module 0x4 | disable-inlining 0x200000 | mask 0x40000 */
    CU_ASSERT_EQUAL(c.profiler.load, LOAD_STARTUP);
    CU_ASSERT_EQUAL(c.profiler.mask, 0x20u | 0x4u | 0x200000u | 0x40000u);
    CU_ASSERT_EQUAL(c.profiler.mask_high, 0x8u);
    CU_ASSERT_STRING_EQUAL(c.profiler.only, "Basic!*");
    CU_ASSERT_EQUAL(c.profiler.callback_max, 4);

    CU_ASSERT_EQUAL_FATAL(c.nsteps, 5);
    CU_ASSERT_EQUAL(c.steps[0].kind, STEP_WAIT_LINE);
    CU_ASSERT_EQUAL(c.steps[0].line, 11);
    CU_ASSERT_EQUAL(c.steps[0].stream, STREAM_STDOUT);
    CU_ASSERT_STRING_EQUAL(c.steps[0].match.text, "ready");
    CU_ASSERT_FALSE(c.steps[0].match.is_regex);
    CU_ASSERT_STRING_EQUAL(c.steps[0].source, "<wait stdout=\"ready\"/>");
    CU_ASSERT_EQUAL(c.steps[1].kind, STEP_SEND);
    CU_ASSERT_STRING_EQUAL(c.steps[1].text, "call X");
    CU_ASSERT_EQUAL(c.steps[2].stream, STREAM_STDERR);
    CU_ASSERT_TRUE(c.steps[2].match.is_regex);
    CU_ASSERT_DOUBLE_EQUAL(c.steps[2].timeout, 2.0, 1e-9);
    CU_ASSERT_EQUAL(c.steps[3].kind, STEP_WAIT_EVENT);
    CU_ASSERT_EQUAL_FATAL(c.steps[3].pattern.npreds, 2);
    CU_ASSERT_EQUAL(pattern_find(&c.steps[3].pattern, "method")->op, PRED_GLOB);
    CU_ASSERT_PTR_NULL(pattern_find(&c.steps[3].pattern, "timeout"));
    CU_ASSERT_EQUAL(c.steps[4].kind, STEP_RESOLVE);
    CU_ASSERT_TRUE(c.steps[4].has_expect_hr);
    CU_ASSERT_EQUAL((uint32_t)c.steps[4].expect_hr, 0x80131130u);

    CU_ASSERT_EQUAL_FATAL(c.nchecks, 4);
    CU_ASSERT_EQUAL(c.checks[0].kind, CHECK_ORDERED);
    CU_ASSERT_EQUAL(pattern_find(&c.checks[0].pattern, "function-id")->op, PRED_CAPTURE);
    CU_ASSERT_STRING_EQUAL(pattern_find(&c.checks[0].pattern, "function-id")->value, "f");
    CU_ASSERT_EQUAL(c.checks[1].kind, CHECK_NOT);
    CU_ASSERT_EQUAL(c.checks[2].kind, CHECK_COUNT);
    CU_ASSERT_EQUAL(c.checks[2].min, 1);
    CU_ASSERT_EQUAL(c.checks[2].max, 3);
    CU_ASSERT_EQUAL(c.checks[3].min, 0);
    CU_ASSERT_EQUAL(c.checks[3].max, 0);
    CU_ASSERT_PTR_NULL(pattern_find(&c.checks[2].pattern, "min"));

    CU_ASSERT_TRUE(c.outcome.has_exit);
    CU_ASSERT_EQUAL(c.outcome.exit_code, 0);
    CU_ASSERT_EQUAL(c.outcome.line, 23);
    CU_ASSERT_EQUAL_FATAL(c.outcome.nstreams, 2);
    CU_ASSERT_EQUAL(c.outcome.streams[0].op, STREAM_CONTAINS);
    CU_ASSERT_EQUAL(c.outcome.streams[1].op, STREAM_EMPTY);
    CU_ASSERT_EQUAL(c.outcome.streams[1].stream, STREAM_STDERR);

    CU_ASSERT_TRUE(c.selftest.present);
    CU_ASSERT_EQUAL(c.selftest.verdict, VERDICT_TIMEOUT);
    CU_ASSERT_STRING_EQUAL(c.selftest.reason, "step 3");
    case_release(&c);
}

static void test_defaults(void)
{
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC APP "</case>\n", &c, &e), 0);
    CU_ASSERT_DOUBLE_EQUAL(c.timeout, 60.0, 1e-9);
    CU_ASSERT_EQUAL(c.profiler.load, LOAD_STARTUP);
    CU_ASSERT_EQUAL(c.profiler.mask, 0);
    CU_ASSERT_EQUAL(c.profiler.callback_max, 11);
    CU_ASSERT_EQUAL(c.nsteps, 0);
    CU_ASSERT_EQUAL(c.nchecks, 0);
    CU_ASSERT_FALSE(c.outcome.has_exit);
    CU_ASSERT_FALSE(c.selftest.present);
    case_release(&c);
}

static void test_xml_errors(void)
{
    expect_error(HEAD DESC "  <app fixture=\"Basic\">\n</case>\n", "t.xml:5: ", "mismatch");
    expect_error("", "t.xml:1: ", "");
    expect_error("<?xml version=\"1.0\"?>\n<case>\n", "t.xml:", "");
    expect_error("<?xml version=\"1.0\"?>\n<other xmlns=\"urn:profcheck:case:1\"/>\n", "t.xml:2: ",
                 "root element must be <case");
    expect_error("<?xml version=\"1.0\"?>\n<case><description>d</description><app fixture=\"B\"/></case>\n",
                 "t.xml:2: ", "root element must be <case");
}

static void test_doctype_refused(void)
{
    /* Entity expansion bombs and external entities never get anywhere. */
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE case [\n"
                 "  <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
                 "  <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
                 "  <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
                 "  <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
                 "]>\n"
                 "<case xmlns=\"urn:profcheck:case:1\"><description>&d;</description>"
                 "<app fixture=\"Basic\"/></case>\n",
                 "t.xml:2: ", "a DOCTYPE is not allowed");
    expect_error("<?xml version=\"1.0\"?>\n"
                 "<!DOCTYPE case [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
                 "<case xmlns=\"urn:profcheck:case:1\"><description>&x;</description>"
                 "<app fixture=\"Basic\"/></case>\n",
                 "t.xml:2: ", "a DOCTYPE is not allowed");
}

static void test_schema_errors(void)
{
    expect_error(HEAD APP "</case>\n", "t.xml:3: ", "description");
    expect_error(HEAD DESC "</case>\n", "t.xml:2: ", "app");
    expect_error(HEAD DESC APP "  <bogus/>\n</case>\n", "t.xml:5: ", "bogus");
    expect_error(HEAD DESC "  <app/>\n</case>\n", "t.xml:4: ", "fixture");
    expect_error(HEAD DESC APP "  <profiler load=\"later\"/>\n</case>\n", "t.xml:5: ", "load");
    expect_error(HEAD DESC APP "  <profiler callbacks=\"12\"/>\n</case>\n", "t.xml:5: ", "callbacks");
    expect_error(HEAD DESC APP "  <outcome exit=\"256\"/>\n</case>\n", "t.xml:5: ", "exit");
    expect_error("<?xml version=\"1.0\"?>\n<case xmlns=\"urn:profcheck:case:1\" timeout=\"-1\">\n" DESC APP
                 "</case>\n",
                 "t.xml:2: ", "timeout");
    expect_error(HEAD "  <description>   </description>\n" APP "</case>\n", "t.xml:3: ", "description");
}

static void test_semantic_errors(void)
{
    expect_error(HEAD DESC APP "  <events><check evnt=\"Shutdown\"/></events>\n</case>\n", "t.xml:5: ",
                 "unknown event field 'evnt'");
    expect_error(HEAD DESC APP "  <events><check event=\"JitCompilationStarted\"/></events>\n</case>\n", "t.xml:5: ",
                 "unknown event 'JitCompilationStarted'");
    expect_error(HEAD DESC APP "  <events><check event=\"Shutdown\" hr=\"S_OKAY\"/></events>\n</case>\n",
                 "t.xml:5: ", "unknown HRESULT 'S_OKAY'");
    expect_error(HEAD DESC APP "  <events>\n    <not event=\"Shutdown\" thread=\"$t\"/>\n  </events>\n</case>\n",
                 "t.xml:6: ", "capture '$t' is used before a <check> binds it");
    expect_error(HEAD DESC APP "  <events><check event=\"Shutdown\" thread=\"$1x\"/></events>\n</case>\n", "t.xml:5: ",
                 "bad capture name");
    expect_error(HEAD DESC APP "  <events><check/></events>\n</case>\n", "t.xml:5: ", "at least one event field");
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\"/></events>\n</case>\n", "t.xml:5: ",
                 "needs min, max or both");
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\" min=\"3\" max=\"2\"/></events>\n</case>\n",
                 "t.xml:5: ", "max (2) is below min (3)");
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\" min=\"-1\"/></events>\n</case>\n", "t.xml:5: ",
                 "min must be a count");
    expect_error(HEAD DESC APP "  <steps><wait event=\"Shutdown\" thread=\"$t\"/></steps>\n</case>\n", "t.xml:5: ",
                 "captures ('thread') are allowed in <events> checks only");
    expect_error(HEAD DESC APP "  <steps><wait/></steps>\n</case>\n", "t.xml:5: ", "needs an output line");
    expect_error(HEAD DESC APP "  <steps><wait stdout=\"a\" stderr=\"b\"/></steps>\n</case>\n", "t.xml:5: ",
                 "takes one of stdout");
    expect_error(HEAD DESC APP "  <steps><wait stdout=\"a\" event=\"Shutdown\"/></steps>\n</case>\n", "t.xml:5: ",
                 "cannot also have 'event'");
    expect_error(HEAD DESC APP "  <steps><wait stdout-re=\"(unclosed\"/></steps>\n</case>\n", "t.xml:5: ",
                 "bad regular expression '(unclosed'");
    expect_error(HEAD DESC APP "  <steps><send stdin=\"a&#10;b\"/></steps>\n</case>\n", "t.xml:5: ", "is one line");
    expect_error(HEAD DESC APP "  <steps><resolve method=\"Basic.Jit.Compute\"/></steps>\n</case>\n", "t.xml:5: ",
                 "not of the form Assembly!Namespace.Type::Method");
    expect_error(HEAD DESC APP "  <steps><resolve method=\"A!B::C\" expect-hr=\"nope\"/></steps>\n</case>\n",
                 "t.xml:5: ", "unknown HRESULT 'nope'");
    expect_error(HEAD DESC APP "  <profiler events=\"jit gcc\"/>\n</case>\n", "t.xml:5: ", "unknown event group 'gcc'");
    expect_error(HEAD DESC APP "  <profiler load=\"none\" events=\"jit\"/>\n</case>\n", "t.xml:5: ",
                 "load=\"none\" runs no profiler");
    expect_error(HEAD DESC APP "  <profiler load=\"none\"/>\n  <events><check event=\"Shutdown\"/></events>\n</case>\n",
                 "t.xml:6: ", "event checks need the profiler");
    expect_error(HEAD DESC APP "  <profiler load=\"none\"/>\n  <steps><wait event=\"Shutdown\"/></steps>\n</case>\n",
                 "t.xml:6: ", "this step needs the profiler");
    expect_error(HEAD DESC "  <app fixture=\"Basic\"><env name=\"CORECLR_PROFILER\" value=\"x\"/></app>\n</case>\n",
                 "t.xml:4: ", "is set by profcheck itself");
    expect_error(HEAD DESC APP "  <outcome signal=\"SIGWHAT\"/>\n</case>\n", "t.xml:5: ", "unknown signal 'SIGWHAT'");
    expect_error(HEAD DESC APP "  <outcome exit=\"0\" signal=\"SIGSEGV\"/>\n</case>\n", "t.xml:5: ",
                 "takes exit or signal, not both");
    expect_error(HEAD DESC APP "  <outcome><stdout contains=\"a\" matches=\"b\"/></outcome>\n</case>\n", "t.xml:5: ",
                 "takes exactly one of");
    expect_error(HEAD DESC APP "  <outcome><stdout empty=\"false\"/></outcome>\n</case>\n", "t.xml:5: ",
                 "checks nothing");
}

static void test_signal_names(void)
{
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC APP "  <outcome signal=\"SIGSEGV\"/>\n</case>\n", &c, &e), 0);
    CU_ASSERT_TRUE(c.outcome.has_signal);
    CU_ASSERT_EQUAL(c.outcome.signal, 11);
    case_release(&c);
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC APP "  <outcome signal=\"6\"/>\n</case>\n", &c, &e), 0);
    CU_ASSERT_EQUAL(c.outcome.signal, 6);
    case_release(&c);
}

static void test_missing_file(void)
{
    struct case_set c;
    struct err e;

    err_init(&e);
    CU_ASSERT_EQUAL(caseload_file(&cl, "/nonexistent/x.xml", "x", &c, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/nonexistent/x.xml: cannot open"));
}

/* Every case of the shipped suite loads. */
static void test_suite_files_load(void)
{
    char dir[4096];
    char *paths[1] = {dir};
    struct case_list list;
    struct err e;
    size_t bad = 0;

    snprintf(dir, sizeof dir, "%s/cases", PROFCHECK_SOURCE_DIR);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(suite_collect(paths, 1, &list, &e), 0);
    CU_ASSERT_TRUE(list.len >= 3);
    for (size_t i = 0; i < list.len; i++) {
        struct case_set set;

        err_init(&e);
        if (caseload_file(&cl, list.v[i].path, list.v[i].id, &set, &e) < 0) {
            fprintf(stderr, "\n    %s\n", e.msg);
            bad++;
            continue;
        }
        /* Ids are the path under cases/ without ".xml" (and the variant). */
        for (size_t k = 0; k < set.n; k++) {
            CU_ASSERT_PTR_NOT_NULL(strchr(set.v[k].id, '/'));
            CU_ASSERT_PTR_NULL(strstr(set.v[k].id, ".xml"));
            CU_ASSERT_EQUAL(strncmp(set.v[k].id, list.v[i].id, strlen(list.v[i].id)), 0);
        }
        case_set_release(&set);
    }
    CU_ASSERT_EQUAL(bad, 0);
    case_list_release(&list);
}

static void test_selection(void)
{
    char *filters[] = {"jit/*", "!jit/slow*"};
    char *tags[] = {"startup"};
    struct selection s = {filters, 2, NULL, 0};
    struct case_def c;
    struct err e;

    CU_ASSERT_TRUE(selection_keeps_id(&s, "jit/basic", NULL));
    CU_ASSERT_FALSE(selection_keeps_id(&s, "jit/slow-one", NULL));
    CU_ASSERT_FALSE(selection_keeps_id(&s, "rejit/basic", NULL));
    s.nfilters = 1;
    s.filters = filters + 1;
    CU_ASSERT_TRUE(selection_keeps_id(&s, "rejit/basic", NULL));
    CU_ASSERT_FALSE(selection_keeps_id(&s, "jit/slowest", NULL));

    s.tags = tags;
    s.ntags = 1;
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC "  <tags>jit startup</tags>\n" APP "</case>\n", &c, &e), 0);
    CU_ASSERT_TRUE(selection_keeps_tags(&s, &c));
    case_release(&c);
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC "  <tags>jit</tags>\n" APP "</case>\n", &c, &e), 0);
    CU_ASSERT_FALSE(selection_keeps_tags(&s, &c));
    case_release(&c);
}


/* Loads a case with variants into set (which the caller releases). */
static int load_set(const char *xml, struct case_set *set, struct err *e)
{
    err_init(e);
    return caseload_memory(&cl, xml, strlen(xml), "t.xml", "area/t", set, e);
}

static void test_matrix(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <matrix>\n"
        "    <axis name=\"tc\">\n"
        "      <value name=\"on\"/>\n"
        "      <value name=\"off\"><env name=\"DOTNET_TieredCompilation\" value=\"0\"/></value>\n"
        "    </axis>\n"
        "    <axis name=\"r2r\">\n"
        "      <value name=\"on\"/>\n"
        "      <value name=\"off\"><profiler disable-ngen=\"true\"/></value>\n"
        "    </axis>\n"
        "  </matrix>\n"
        "  <known-issue ref=\"dotnet/runtime#1\" when=\"tc=off r2r=off\" intermittent=\"true\">both off</known-issue>\n"
        "  <app fixture=\"Basic\"><env name=\"DOTNET_TieredCompilation\" value=\"1\"/></app>\n"
        "  <profiler events=\"jit\">\n"
        "    <request-in when=\"tc=on\" callback=\"ModuleLoadFinished\" name=\"Basic\"><rejit method=\"A!N.T::M\"/></request-in>\n"
        "    <request-in when=\"tc=off\" callback=\"JITCompilationStarted\" name=\"A!*\"><revert method=\"A!N.T::M\"/></request-in>\n"
        "  </profiler>\n"
        "  <steps>\n"
        "    <wait stdout=\"ready\"/>\n"
        "    <send when=\"tc=off\" stdin=\"only when tc is off\"/>\n"
        "    <send when=\"r2r!=on\" stdin=\"only when r2r is not on\"/>\n"
        "  </steps>\n"
        "  <events><count when=\"tc=on\" event=\"Shutdown\" min=\"1\"/></events>\n"
        "  <outcome when=\"tc=on\" exit=\"0\"/>\n"
        "  <outcome when=\"tc=off\" exit=\"3\"/>\n"
        "</case>\n";
    struct case_set set;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load_set(xml, &set, &e), 0);
    CU_ASSERT_EQUAL_FATAL(set.n, 4);
    /* The last axis turns fastest. */
    CU_ASSERT_STRING_EQUAL(set.v[0].id, "area/t[tc=on,r2r=on]");
    CU_ASSERT_STRING_EQUAL(set.v[1].id, "area/t[tc=on,r2r=off]");
    CU_ASSERT_STRING_EQUAL(set.v[2].id, "area/t[tc=off,r2r=on]");
    CU_ASSERT_STRING_EQUAL(set.v[3].id, "area/t[tc=off,r2r=off]");
    CU_ASSERT_STRING_EQUAL(set.v[3].variant, "tc=off,r2r=off");

    /* A value's <env> replaces the case's variable of the same name. */
    CU_ASSERT_EQUAL(set.v[0].nenv, 1);
    CU_ASSERT_STRING_EQUAL(set.v[0].env[0].value, "1");
    CU_ASSERT_EQUAL(set.v[2].nenv, 1);
    CU_ASSERT_STRING_EQUAL(set.v[2].env[0].value, "0");
    /* A value's <profiler> adds its switches. */
    CU_ASSERT_EQUAL(set.v[0].profiler.mask, 0x20u);
    CU_ASSERT_EQUAL(set.v[1].profiler.mask, 0x20u | 0x80000000u);
    /* The <request-in> whose when holds. */
    CU_ASSERT_EQUAL_FATAL(set.v[1].profiler.ntriggers, 1);
    CU_ASSERT_STRING_EQUAL(set.v[1].profiler.triggers[0].callback, "ModuleLoadFinished");
    CU_ASSERT_FALSE(set.v[1].profiler.triggers[0].request.revert);
    CU_ASSERT_EQUAL_FATAL(set.v[2].profiler.ntriggers, 1);
    CU_ASSERT_STRING_EQUAL(set.v[2].profiler.triggers[0].callback, "JITCompilationStarted");
    CU_ASSERT_TRUE(set.v[2].profiler.triggers[0].request.revert);

    CU_ASSERT_EQUAL(set.v[0].nsteps, 1);
    CU_ASSERT_EQUAL(set.v[1].nsteps, 2);
    CU_ASSERT_STRING_EQUAL(set.v[1].steps[1].text, "only when r2r is not on");
    CU_ASSERT_EQUAL(set.v[3].nsteps, 3);
    CU_ASSERT_EQUAL(set.v[0].nchecks, 1);
    CU_ASSERT_EQUAL(set.v[2].nchecks, 0);
    CU_ASSERT_EQUAL(set.v[0].outcome.exit_code, 0);
    CU_ASSERT_EQUAL(set.v[2].outcome.exit_code, 3);

    CU_ASSERT_PTR_NULL(set.v[2].known.ref);
    CU_ASSERT_STRING_EQUAL(set.v[3].known.ref, "dotnet/runtime#1");
    CU_ASSERT_EQUAL(set.v[3].known.intermittent, 1);
    CU_ASSERT_STRING_EQUAL(set.v[3].known.text, "both off");
    case_set_release(&set);
}

#define MATRIX "  <matrix><axis name=\"tc\"><value name=\"on\"/><value name=\"off\"/></axis></matrix>\n"

/* A variant may set deny-inline, fail callbacks and add requests on callbacks. */
static void test_matrix_profiler_values(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <matrix>\n"
        "    <axis name=\"how\">\n"
        "      <value name=\"plain\"/>\n"
        "      <value name=\"knobs\"><profiler deny-inline=\"A!N.T::B\" fail-callback=\"ReJITError=E_FAIL\">\n"
        "        <request-in callback=\"ModuleLoadFinished\" name=\"A\"><rejit method=\"A!N.T::M\"/></request-in>\n"
        "      </profiler></value>\n"
        "    </axis>\n"
        "  </matrix>\n"
        "  <app fixture=\"Basic\"/>\n"
        "  <profiler events=\"jit\" deny-inline=\"A!N.T::C\"/>\n"
        "</case>\n";
    struct case_set set;
    struct err e;

    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(load_set(xml, &set, &e), 0);
    CU_ASSERT_EQUAL_FATAL(set.n, 2);
    CU_ASSERT_STRING_EQUAL(set.v[0].profiler.deny_inline, "A!N.T::C");
    CU_ASSERT_EQUAL(set.v[0].profiler.ntriggers, 0);
    CU_ASSERT_EQUAL(set.v[0].profiler.nfails, 0);
    CU_ASSERT_STRING_EQUAL(set.v[1].profiler.deny_inline, "A!N.T::B");
    CU_ASSERT_EQUAL(set.v[1].profiler.ntriggers, 1);
    CU_ASSERT_EQUAL(set.v[1].profiler.nfails, 1);
    case_set_release(&set);
}

static void test_matrix_errors(void)
{
    expect_error(HEAD DESC MATRIX APP "  <steps><send when=\"tier=on\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:6: ",
                 "when=\"tier=on\": no axis 'tier' in <matrix>");
    expect_error(HEAD DESC MATRIX APP "  <steps><send when=\"tc=maybe\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:6: ",
                 "axis 'tc' has no value 'maybe'");
    expect_error(HEAD DESC APP "  <steps><send when=\"tc=on\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:5: ",
                 "no axis 'tc'");
    expect_error(HEAD DESC "  <matrix><axis name=\"a\"><value name=\"x\"/><value name=\"x\"/></axis></matrix>\n" APP
                 "</case>\n",
                 "t.xml:4: ", "axis 'a' has the value 'x' twice");
    expect_error(HEAD DESC MATRIX APP "  <outcome exit=\"0\"/>\n  <outcome when=\"tc=on\" exit=\"1\"/>\n</case>\n",
                 "t.xml:7: ", "two <outcome> elements apply");
    expect_error(HEAD DESC MATRIX APP
                 "  <profiler><request-in callback=\"ModuleLoadFinished\" name=\"x\"><rejit method=\"A!N.T::M\"/></request-in>"
                 "<request-on callback=\"ModuleLoadFinished\" name=\"x\"><rejit method=\"A!N.T::M\"/></request-on>"
                 "<request-in when=\"tc=off\" callback=\"ModuleLoadFinished\" name=\"y\"><rejit method=\"A!N.T::M\"/></request-in>"
                 "<request-in callback=\"JITCompilationStarted\" name=\"x\"><rejit method=\"A!N.T::M\"/></request-in>"
                 "<request-in when=\"tc=on\" callback=\"ModuleLoadFinished\" name=\"y\"><rejit method=\"A!N.T::M\"/></request-in>"
                 "</profiler>\n</case>\n",
                 "t.xml:6: ", "at most 3 <request-in> and <request-on> apply to a variant (when= picks them)");
}

/* when="runtime..." decided for the runtime the case is loaded for, with
 * the matrix's axes; <case runtimes="once">. */
static const char runtime_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<case xmlns=\"urn:profcheck:case:1\" runtimes=\"once\">\n"
    "  <description>d</description>\n"
    "  <requires when=\"runtime=8.0\" runtime=\"&gt;=99\"/>\n"
    "  <matrix><axis name=\"tc\"><value name=\"on\"/><value name=\"off\"/></axis></matrix>\n"
    "  <known-issue ref=\"dotnet/runtime#1\" when=\"runtime&lt;9.0 tc=off\">old and off</known-issue>\n"
    "  <app fixture=\"Basic\"/>\n"
    "  <steps>\n"
    "    <send when=\"runtime&lt;10.0\" stdin=\"before 10\"/>\n"
    "    <send when=\"runtime&gt;=10.0\" stdin=\"10 and later\"/>\n"
    "    <send when=\"runtime&lt;=9.0\" stdin=\"9.0 and earlier\"/>\n"
    "    <send when=\"runtime&gt;9.0\" stdin=\"after 9.0\"/>\n"
    "    <send when=\"runtime!=9.0 tc=on\" stdin=\"not 9, tc on\"/>\n"
    "  </steps>\n"
    "  <outcome when=\"runtime&lt;10\" exit=\"1\"/>\n"
    "  <outcome when=\"runtime&gt;=10\" exit=\"2\"/>\n"
    "</case>\n";

/* The texts of the sends of c, joined by '|'. */
static void sends(const struct case_def *c, char *out, size_t size)
{
    size_t at = 0;

    out[0] = '\0';
    for (size_t i = 0; i < c->nsteps && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s%s", i ? "|" : "", c->steps[i].text);
}

static void test_runtime_when(void)
{
    struct case_set set;
    struct err e;
    char got[256];

    cl.runtime_version = "8.0.31";
    CU_ASSERT_EQUAL_FATAL(load_set(runtime_xml, &set, &e), 0);
    CU_ASSERT_EQUAL_FATAL(set.n, 2);
    sends(&set.v[0], got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "before 10|9.0 and earlier|not 9, tc on");
    sends(&set.v[1], got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "before 10|9.0 and earlier");
    CU_ASSERT_EQUAL(set.v[0].outcome.exit_code, 1);
    CU_ASSERT_PTR_NULL(set.v[0].known.ref);
    CU_ASSERT_STRING_EQUAL(set.v[1].known.ref, "dotnet/runtime#1");
    CU_ASSERT_EQUAL(set.v[1].known.intermittent, 0);
    CU_ASSERT_STRING_EQUAL(set.v[0].requires.runtime, ">=99");
    CU_ASSERT_TRUE(set.v[0].run_once);
    case_set_release(&set);

    /* 9.0.20 is "<=9.0" and "!>9.0": a version compares on as many parts as the condition names */
    cl.runtime_version = "9.0.20";
    CU_ASSERT_EQUAL_FATAL(load_set(runtime_xml, &set, &e), 0);
    sends(&set.v[0], got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "before 10|9.0 and earlier");
    CU_ASSERT_PTR_NULL(set.v[1].known.ref);
    CU_ASSERT_PTR_NULL(set.v[0].requires.runtime);
    case_set_release(&set);

    cl.runtime_version = "10.0.12";
    CU_ASSERT_EQUAL_FATAL(load_set(runtime_xml, &set, &e), 0);
    sends(&set.v[0], got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "10 and later|after 9.0|not 9, tc on");
    CU_ASSERT_EQUAL(set.v[0].outcome.exit_code, 2);
    case_set_release(&set);

    /* No runtime known (profcheck validate without a build): every runtime condition is false. */
    cl.runtime_version = NULL;
    CU_ASSERT_EQUAL_FATAL(load_set(runtime_xml, &set, &e), 0);
    CU_ASSERT_EQUAL(set.v[0].nsteps, 0);
    CU_ASSERT_EQUAL(set.v[0].outcome.line, 0);
    case_set_release(&set);
}

static void test_runtime_when_errors(void)
{
    cl.runtime_version = "10.0.12";
    expect_error(HEAD DESC APP "  <steps><send when=\"runtime~10\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:5: ",
                 "when=\"runtime~10\": a condition is axis=value, axis!=value or a runtime condition");
    expect_error(HEAD DESC APP "  <steps><send when=\"runtime&gt;=ten\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:5: ",
                 "a runtime condition is runtime followed by >=, >, <=, <, = or != and a version");
    expect_error(HEAD DESC APP "  <steps><send when=\"runtime=&gt;10\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:5: ",
                 "a runtime condition is runtime");
    expect_error(HEAD DESC APP "  <steps><send when=\"runtime&lt;&lt;&lt;10\" stdin=\"x\"/></steps>\n</case>\n",
                 "t.xml:5: ", "the operator is one of >= > <= < = !=");
    expect_error(HEAD DESC "  <matrix><axis name=\"runtime\"><value name=\"a\"/><value name=\"b\"/></axis></matrix>\n"
                 APP "</case>\n",
                 "t.xml:4: ", "no axis may be called 'runtime'");
    /* a malformed condition is an error whatever the runtime */
    cl.runtime_version = NULL;
    expect_error(HEAD DESC APP "  <steps><send when=\"runtime&gt;=ten\" stdin=\"x\"/></steps>\n</case>\n", "t.xml:5: ",
                 "a runtime condition");
    /* two outcomes for 10.0: an error only when loaded for a runtime they both apply to */
    {
        static const char two[] = HEAD DESC APP "  <outcome when=\"runtime&gt;=10\" exit=\"0\"/>\n"
                                                "  <outcome when=\"runtime&gt;=9\" exit=\"1\"/>\n</case>\n";
        struct case_def c;
        struct err e;

        CU_ASSERT_EQUAL(load(two, &c, &e), 0);
        case_release(&c);
        cl.runtime_version = "9.0.20";
        CU_ASSERT_EQUAL(load(two, &c, &e), 0);
        CU_ASSERT_EQUAL(c.outcome.exit_code, 1);
        case_release(&c);
        cl.runtime_version = "10.0.12";
        expect_error(two, "t.xml:6: ", "two <outcome> elements apply");
    }
    cl.runtime_version = NULL;
}

#define PROF "  <profiler events=\"jit rejit\"/>\n"

static void test_request_steps(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <app fixture=\"Rejit\"/>\n"
        "  <profiler events=\"jit rejit\">\n"
        "    <request-in callback=\"ModuleLoadFinished\" name=\"Rejit\">\n"
        "      <revert method=\"A!N.T::M\"/>\n"
        "    </request-in>\n"
        "  </profiler>\n"
        "  <steps>\n"
        "    <rejit method=\"A!N.T::M A!N.T::Twice(int64)\" il=\"ldc.i4 42; ret\" expect-hr=\"S_OK\"/>\n"
        "    <rejit method=\"A!N.T::M\"><il>ldc.i4 1\n ret</il></rejit>\n"
        "    <rejit method=\"A!N.T::M\" prologue=\"A!N.Probe::Hit\"/>\n"
        "    <rejit method=\"A!N.T::M\" original=\"true\" call=\"null-arrays\" expect-hr=\"E_INVALIDARG\"/>\n"
        "    <rejit token=\"0x06FFFFFF\" assembly=\"A\"/>\n"
        "    <revert method=\"A!N.T::M\" expect-status=\"S_OK\" call=\"zero-count\"/>\n"
        "    <set-event-mask events=\"jit rejit\" mask=\"0x4\" expect-hr=\"E_FAIL\"/>\n"
        "    <measure name=\"before\"/>\n"
        "    <repeat times=\"3\"><send stdin=\"x\"/><wait stdout=\"y\"/></repeat>\n"
        "    <measure name=\"after\" since=\"before\"/>\n"
        "    <repeat times=\"2\"><repeat times=\"3\"><rejit token=\"0x06000010\" token-step=\"2\" assembly=\"A\"/></repeat></repeat>\n"
        "  </steps>\n"
        "</case>\n";
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(xml, &c, &e), 0);
    CU_ASSERT_EQUAL_FATAL(c.profiler.ntriggers, 1);
    CU_ASSERT_STRING_EQUAL(c.profiler.triggers[0].callback, "ModuleLoadFinished");
    CU_ASSERT_STRING_EQUAL(c.profiler.triggers[0].name, "Rejit");
    CU_ASSERT_TRUE(c.profiler.triggers[0].request.revert);
    CU_ASSERT_FALSE(c.profiler.triggers[0].own_thread);
    CU_ASSERT_FALSE(c.profiler.triggers[0].event_method);
    CU_ASSERT_EQUAL(c.profiler.triggers[0].times, 1);
    CU_ASSERT_EQUAL_FATAL(c.nsteps, 21);
    CU_ASSERT_EQUAL(c.steps[0].kind, STEP_REQUEST);
    CU_ASSERT_STRING_EQUAL(c.steps[0].request.methods, "A!N.T::M A!N.T::Twice(int64)");
    CU_ASSERT_EQUAL(c.steps[0].request.body, BODY_TEXT);
    CU_ASSERT_STRING_EQUAL(c.steps[0].request.il, "ldc.i4 42; ret");
    CU_ASSERT_EQUAL(c.steps[1].request.body, BODY_TEXT);
    CU_ASSERT_STRING_EQUAL(c.steps[1].request.il, "ldc.i4 1\n ret");
    CU_ASSERT_EQUAL(c.steps[2].request.body, BODY_PROLOGUE);
    CU_ASSERT_STRING_EQUAL(c.steps[2].request.il, "A!N.Probe::Hit");
    CU_ASSERT_EQUAL(c.steps[3].request.body, BODY_ORIGINAL);
    CU_ASSERT_EQUAL(c.steps[3].request.call, CALL_MODE_NULL_ARRAYS);
    CU_ASSERT_EQUAL((uint32_t)c.steps[3].expect_hr, 0x80070057u);
    CU_ASSERT_PTR_NULL(c.steps[4].request.methods);
    CU_ASSERT_STRING_EQUAL(c.steps[4].request.raw_assembly, "A");
    CU_ASSERT_EQUAL(c.steps[4].request.raw_token, 0x06FFFFFFu);
    CU_ASSERT_TRUE(c.steps[5].request.revert);
    CU_ASSERT_EQUAL(c.steps[5].request.call, CALL_MODE_ZERO_COUNT);
    CU_ASSERT_STRING_EQUAL(c.steps[5].expect_status, "S_OK");
    CU_ASSERT_EQUAL(c.steps[6].kind, STEP_SET_MASK);
    CU_ASSERT_EQUAL(c.steps[6].mask, 0x40024u);
    CU_ASSERT_EQUAL(c.steps[7].kind, STEP_MEASURE);
    CU_ASSERT_STRING_EQUAL(c.steps[7].text, "before");
    /* repeat is unrolled */
    CU_ASSERT_EQUAL(c.steps[8].kind, STEP_SEND);
    CU_ASSERT_EQUAL(c.steps[13].kind, STEP_WAIT_LINE);
    CU_ASSERT_STRING_EQUAL(c.steps[14].since, "before");
    /* token-step counts the rounds of the innermost repeat */
    CU_ASSERT_EQUAL(c.steps[15].request.raw_token, 0x06000010u);
    CU_ASSERT_EQUAL(c.steps[16].request.raw_token, 0x06000012u);
    CU_ASSERT_EQUAL(c.steps[17].request.raw_token, 0x06000014u);
    CU_ASSERT_EQUAL(c.steps[18].request.raw_token, 0x06000010u);
    CU_ASSERT_EQUAL(c.steps[20].request.raw_token, 0x06000014u);
    case_release(&c);
}

/* Callbacks failed on purpose, and requests made on a callback. */
static void test_profiler_knobs(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <app fixture=\"Rejit\"/>\n"
        "  <profiler events=\"jit rejit\" fail-callback=\"GetReJITParameters=E_FAIL ReJITError=0x80004001\"\n"
        "            fail-after-work=\"true\">\n"
        "    <request-on callback=\"JITCompilationFinished\" name=\"Rejit!*\" times=\"all\">\n"
        "      <rejit il=\"ldc.i4 42; ret\"/>\n"
        "    </request-on>\n"
        "    <request-in callback=\"JITCompilationStarted\" name=\"Rejit!N.T::M\" times=\"2\">\n"
        "      <rejit method=\"Rejit!N.T::Other\"/>\n"
        "    </request-in>\n"
        "  </profiler>\n"
        "</case>\n";
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(xml, &c, &e), 0);
    CU_ASSERT_EQUAL_FATAL(c.profiler.nfails, 2);
    CU_ASSERT_STRING_EQUAL(c.profiler.fails[0].callback, "GetReJITParameters");
    CU_ASSERT_EQUAL((uint32_t)c.profiler.fails[0].hr, 0x80004005u);
    CU_ASSERT_EQUAL((uint32_t)c.profiler.fails[1].hr, 0x80004001u);
    CU_ASSERT_TRUE(c.profiler.fail_after_work);
    CU_ASSERT_EQUAL_FATAL(c.profiler.ntriggers, 2);
    CU_ASSERT_TRUE(c.profiler.triggers[0].own_thread);
    CU_ASSERT_TRUE(c.profiler.triggers[0].event_method);
    CU_ASSERT_EQUAL(c.profiler.triggers[0].times, 0);
    CU_ASSERT_PTR_NULL(c.profiler.triggers[0].request.methods);
    CU_ASSERT_FALSE(c.profiler.triggers[1].own_thread);
    CU_ASSERT_FALSE(c.profiler.triggers[1].event_method);
    CU_ASSERT_EQUAL(c.profiler.triggers[1].times, 2);
    case_release(&c);

#define TRIG(cb, req) "  <profiler><request-on callback=\"" cb "\" name=\"*\">" req "</request-on></profiler>\n</case>\n"
    expect_error(HEAD DESC APP "  <profiler fail-callback=\"GetReJITParameters\"/>\n</case>\n", "t.xml:5: ",
                 "is not CALLBACK=HRESULT");
    expect_error(HEAD DESC APP "  <profiler fail-callback=\"GetReJITParams=E_FAIL\"/>\n</case>\n", "t.xml:5: ",
                 "GetReJITParams is not a method of ICorProfilerCallback11");
    expect_error(HEAD DESC APP "  <profiler fail-callback=\"Shutdown=E_FAIL\"/>\n</case>\n", "t.xml:5: ",
                 "Shutdown cannot be failed");
    expect_error(HEAD DESC APP "  <profiler fail-callback=\"ReJITError=E_NOPE\"/>\n</case>\n", "t.xml:5: ",
                 "unknown HRESULT 'E_NOPE'");
    expect_error(HEAD DESC APP "  <profiler load=\"agent\" fail-callback=\"ReJITError=E_FAIL\"/>\n</case>\n",
                 "t.xml:5: ", "fail-callback");
    expect_error(HEAD DESC APP TRIG("ModuleLoadFinished", "<rejit/>"), "t.xml:5: ",
                 "a request on ModuleLoadFinished must name its methods");
    expect_error(HEAD DESC APP
                 "  <profiler><request-in callback=\"JITCompilationStarted\" name=\"*\" times=\"0\"><rejit/>"
                 "</request-in></profiler>\n</case>\n",
                 "t.xml:5: ", "times");
    expect_error(HEAD DESC APP
                 "  <profiler><request-in callback=\"JITCompilationStarted\" name=\"*\"><rejit/></request-in>"
                 "<request-in callback=\"JITCompilationStarted\" name=\"*\"><rejit/></request-in>"
                 "<request-in callback=\"JITCompilationStarted\" name=\"*\"><rejit/></request-in>"
                 "<request-on callback=\"JITCompilationStarted\" name=\"*\"><rejit/></request-on>"
                 "</profiler>\n</case>\n",
                 "t.xml:5: ", "");
#undef TRIG
}

/* <app dll>, and paths relative to the case file. */
static void test_app_and_paths(void)
{
    struct case_def c;
    struct err e;
    char cwd[1024], want[1200];

    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC "  <app dll=\"bin/My.App.dll\" args=\"a b\"/>\n"
                               "  <profiler load=\"agent\" path=\"agents/libmine.so\" clsid=\"{4708FB50-9DBC-4578-A2BA-4C2853F148FA}\"/>\n"
                               "</case>\n",
                               &c, &e),
                          0);
    CU_ASSERT_PTR_NULL(c.fixture);
    snprintf(want, sizeof want, "%s/bin/My.App.dll", cwd);
    CU_ASSERT_STRING_EQUAL(c.app_dll, want);
    snprintf(want, sizeof want, "%s/agents/libmine.so", cwd);
    CU_ASSERT_STRING_EQUAL(c.profiler.path, want);
    case_release(&c);
    /* Absolute paths stay; a bare library name is left to the loader's search. */
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC "  <app dll=\"/opt/x/App.dll\"/>\n  <profiler path=\"libm.so.6\"/>\n</case>\n",
                               &c, &e),
                          0);
    CU_ASSERT_STRING_EQUAL(c.app_dll, "/opt/x/App.dll");
    CU_ASSERT_STRING_EQUAL(c.profiler.path, "libm.so.6");
    case_release(&c);
    /* <property>: one stream, one group at most, each name once */
    CU_ASSERT_EQUAL_FATAL(load(HEAD DESC APP "  <outcome><property name=\"n.count\" stderr-re=\"n=([0-9]+)\"/>"
                               "</outcome>\n</case>\n",
                               &c, &e),
                          0);
    CU_ASSERT_EQUAL_FATAL(c.outcome.nprops, 1);
    CU_ASSERT_STRING_EQUAL(c.outcome.props[0].name, "n.count");
    CU_ASSERT_EQUAL(c.outcome.props[0].stream, STREAM_STDERR);
    case_release(&c);
    expect_error(HEAD DESC APP "  <outcome><property name=\"x\"/></outcome>\n</case>\n", "t.xml:5: ",
                 "takes stdout-re or stderr-re");
    expect_error(HEAD DESC APP "  <outcome><property name=\"x\" stdout-re=\"(a)(b)\"/></outcome>\n</case>\n",
                 "t.xml:5: ", "has 2 groups");
    expect_error(HEAD DESC APP "  <outcome><property name=\"x\" stdout-re=\"a\"/><property name=\"x\" "
                 "stderr-re=\"b\"/></outcome>\n</case>\n",
                 "t.xml:5: ", "captured twice");
    expect_error(HEAD DESC "  <app/>\n</case>\n", "t.xml:4: ", "<app> takes fixture=");
    expect_error(HEAD DESC "  <app fixture=\"Basic\" dll=\"x/Basic.dll\"/>\n</case>\n", "t.xml:4: ",
                 "one of them");
    expect_error(HEAD DESC "  <app dll=\"bin/App.exe\"/>\n</case>\n", "t.xml:4: ", "name its .dll");
}

/* What validate checks of a request's size, each with a short message. */
static void test_request_limits(void)
{
    struct strbuf xml = STRBUF_INIT;
    struct case_def c;
    struct err e;

    /* Two hundred methods in one request: fine (they are sent in parts). */
    strbuf_adds(&xml, HEAD DESC APP PROF "  <steps><rejit method=\"");
    for (int i = 0; i < 200; i++)
        strbuf_addf(&xml, "%sRejit!Fixtures.Target::Method%d", i ? " " : "", i);
    strbuf_adds(&xml, "\"/></steps>\n</case>\n");
    CU_ASSERT_EQUAL(load(strbuf_str(&xml), &c, &e), 0);
    if (e.msg[0])
        fprintf(stderr, "\n    %s\n", e.msg);
    else
        case_release(&c);
    /* A message about a long request names the problem, not the whole attribute. */
    strbuf_reset(&xml);
    strbuf_adds(&xml, HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::");
    for (int i = 0; i < 1100; i++)
        strbuf_addch(&xml, 'M');
    strbuf_adds(&xml, "\"/></steps>\n</case>\n");
    CU_ASSERT_EQUAL(load(strbuf_str(&xml), &c, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "method name 1 is 1107 bytes long; a name may have 1000"));
    CU_ASSERT(strlen(e.msg) < 120);
    strbuf_reset(&xml);
    strbuf_adds(&xml, HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" il=\"");
    for (int i = 0; i < 4000; i++)
        strbuf_adds(&xml, "nop;nop;nop;");
    strbuf_adds(&xml, "ret\"/></steps>\n</case>\n");
    CU_ASSERT_EQUAL(load(strbuf_str(&xml), &c, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "the IL text is 48003 bytes long; a request may carry 32768"));
    /* A step's source in messages keeps long values short. */
    strbuf_reset(&xml);
    strbuf_adds(&xml, HEAD DESC APP PROF "  <steps><rejit method=\"");
    for (int i = 0; i < 20; i++)
        strbuf_addf(&xml, "%sRejit!Fixtures.Target::Method%d", i ? " " : "", i);
    strbuf_adds(&xml, "\"/></steps>\n</case>\n");
    CU_ASSERT_EQUAL_FATAL(load(strbuf_str(&xml), &c, &e), 0);
    CU_ASSERT(strlen(c.steps[0].source) < 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(c.steps[0].source, "...\"/>"));
    case_release(&c);
    strbuf_release(&xml);
}

static void test_request_errors(void)
{
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" il=\"ldc.i4 1; ret\" prologue=\"A!N.P::H\"/></steps>\n</case>\n",
                 "t.xml:6: ", "<rejit> takes one of il, prologue, original");
    expect_error(HEAD DESC APP PROF "  <steps><revert method=\"A!N.T::M\" original=\"true\"/></steps>\n</case>\n",
                 "t.xml:6: ", "<revert> takes no new body");
    expect_error(HEAD DESC APP PROF "  <steps><rejit/></steps>\n</case>\n", "t.xml:6: ",
                 "<rejit> takes method=\"...\" or token=\"...\"");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" token=\"1\" assembly=\"A\"/></steps>\n</case>\n",
                 "t.xml:6: ", "takes method=");
    expect_error(HEAD DESC APP PROF "  <steps><rejit token=\"0x06000001\"/></steps>\n</case>\n", "t.xml:6: ",
                 "token=\"...\" needs assembly=");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" token-step=\"1\"/></steps>\n</case>\n",
                 "t.xml:6: ", "token-step=\"...\" goes with token=");
    expect_error(HEAD DESC APP PROF "  <steps><repeat times=\"3\"><rejit token=\"0x06FFFFFE\" token-step=\"1\" assembly=\"A\"/></repeat></steps>\n</case>\n",
                 "t.xml:6: ", "token-step carries token 0x06FFFFFE out of its table in round 3");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M junk\"/></steps>\n</case>\n", "t.xml:6: ",
                 "method 'junk' is not of the form");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" expect-status=\"S_OK\"/></steps>\n</case>\n",
                 "t.xml:6: ", "only <revert> has per-method statuses");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" il=\"ldc.i4 1; rett\"/></steps>\n</case>\n",
                 "t.xml:6: IL 1:11: ", "unknown opcode 'rett'");
    expect_error(HEAD DESC APP PROF "  <steps>\n    <rejit method=\"A!N.T::M\">\n      <il>ldc.i4 1\n br L9</il>\n    </rejit>\n  </steps>\n</case>\n",
                 "t.xml:8: IL 2:", "label 'L9' is not defined");
    expect_error(HEAD DESC APP PROF "  <steps><measure name=\"after\" since=\"before\"/></steps>\n</case>\n", "t.xml:6: ",
                 "since=\"before\" names no earlier <measure>");
    expect_error(HEAD DESC APP "  <profiler load=\"none\"/>\n  <steps><rejit method=\"A!N.T::M\"/></steps>\n</case>\n",
                 "t.xml:6: ", "this step needs the profiler");
}

static void test_attach_steps(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <app fixture=\"Basic\"/>\n"
        "  <profiler load=\"attach\" events=\"jit\" callbacks=\"2\"/>\n"
        "  <steps>\n"
        "    <attach clsid=\"00000000-0000-0000-0000-000000000001\" profiler=\"/x.so\" client-data=\"\" expect-hr=\"E_FAIL\"/>\n"
        "    <attach expect-error=\"no-socket\"/>\n"
        "    <attach hold=\"true\"/>\n"
        "    <attach-reply release=\"false\" expect-error=\"no-reply\"/>\n"
        "    <detach expected-ms=\"500\" expect-hr=\"CORPROF_E_IRREVERSIBLE_INSTRUMENTATION_PRESENT\"/>\n"
        "    <define kind=\"user-string\" assembly=\"Metadata\" text=\"hi\" as=\"s\"/>\n"
        "  </steps>\n"
        "</case>\n";
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(xml, &c, &e), 0);
    CU_ASSERT_EQUAL(c.profiler.load, LOAD_ATTACH);
    CU_ASSERT_EQUAL(c.profiler.callback_max, 2); /* in the app's environment from its start */
    CU_ASSERT_EQUAL_FATAL(c.nsteps, 6);
    CU_ASSERT_EQUAL(c.steps[0].kind, STEP_ATTACH);
    CU_ASSERT_STRING_EQUAL(c.steps[0].attach.clsid, "00000000-0000-0000-0000-000000000001");
    CU_ASSERT_STRING_EQUAL(c.steps[0].attach.profiler, "/x.so");
    CU_ASSERT_STRING_EQUAL(c.steps[0].attach.client_data, "");
    CU_ASSERT_EQUAL(c.steps[0].expect_hr, (int32_t)0x80004005u);
    CU_ASSERT_STRING_EQUAL(c.steps[1].attach.expect_error, "no-socket");
    CU_ASSERT_PTR_NULL(c.steps[1].attach.client_data);
    CU_ASSERT_EQUAL(c.steps[2].attach.hold, 1);
    CU_ASSERT_EQUAL(c.steps[3].kind, STEP_ATTACH_REPLY);
    CU_ASSERT_EQUAL(c.steps[3].attach.keep_held, 1);
    CU_ASSERT_EQUAL(c.steps[4].kind, STEP_DETACH);
    CU_ASSERT_EQUAL(c.steps[4].mask, 500u);
    CU_ASSERT_EQUAL(c.steps[5].kind, STEP_DEFINE);
    CU_ASSERT_EQUAL_FATAL(c.steps[5].nargs, 4);
    CU_ASSERT_STRING_EQUAL(c.steps[5].args[0].key, "kind");
    CU_ASSERT_STRING_EQUAL(c.steps[5].args[2].value, "hi");
    case_release(&c);
}

static void test_attach_errors(void)
{
#define ATT "  <profiler load=\"attach\"/>\n"
    expect_error(HEAD DESC APP ATT "  <steps><attach expect-error=\"gone\"/></steps>\n</case>\n", "t.xml:",
                 "");
    expect_error(HEAD DESC APP ATT "  <steps><attach expect-error=\"refused\" expect-hr=\"S_OK\"/></steps>\n</case>\n",
                 "t.xml:6: ", "expect-error and expect-hr exclude each other");
    expect_error(HEAD DESC APP ATT "  <steps><attach hold=\"true\" expect-hr=\"S_OK\"/></steps>\n</case>\n", "t.xml:6: ",
                 "awaited by <attach-reply>");
    expect_error(HEAD DESC APP ATT "  <steps><attach/><attach-reply/></steps>\n</case>\n", "t.xml:6: ",
                 "answers an earlier <attach hold=\"true\"/>");
    expect_error(HEAD DESC APP ATT "  <steps><attach hold=\"true\"/><attach-reply expect-error=\"refused\"/></steps>\n</case>\n",
                 "t.xml:6: ", "only error left is expect-error=\"no-reply\"");
    expect_error(HEAD DESC APP ATT "  <steps><detach expected-ms=\"9999999\"/></steps>\n</case>\n", "t.xml:6: ",
                 "is not a number of milliseconds");
    expect_error(HEAD DESC APP "  <profiler load=\"none\"/>\n  <steps><attach/></steps>\n</case>\n", "t.xml:6: ",
                 "this step needs the profiler");
#undef ATT
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" app-ends=\"true\"/><send stdin=\"x\"/></steps>\n</case>\n",
                 "t.xml:6: ", "app-ends=\"true\" belongs on the last step");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" app-ends=\"true\" expect-hr=\"S_OK\"/></steps>\n</case>\n",
                 "t.xml:6: ", "expects no reply");
}

static void test_inlining_requests(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n"
        "<case xmlns=\"urn:profcheck:case:1\">\n"
        "  <description>d</description>\n"
        "  <app fixture=\"Inlining\"/>\n"
        "  <profiler events=\"jit rejit\" deny-inline=\"A!N.Leaf::*\"/>\n"
        "  <steps>\n"
        "    <rejit-with-inliners flags=\"block-inlining inlining-callbacks\" method=\"A!N.T::M\" il=\"ldc.i4 1; ret\"/>\n"
        "    <rejit-with-inliners flags=\"0\" method=\"A!N.T::M\" expect-hr=\"E_INVALIDARG\"/>\n"
        "    <rejit method=\"A!N.T::M\" inliners=\"tracked\" codegen=\"disable-inlining\"/>\n"
        "    <rejit method=\"A!N.T::M\" codegen=\"0x3\" inliners=\"none\"/>\n"
        "  </steps>\n"
        "  <events>\n"
        "    <count event=\"JITInlining\" distinct=\"root\" as=\"roots\"/>\n"
        "    <count event=\"ReJITCompilationStarted\" min=\"$roots+1\" max=\"$roots+1\"/>\n"
        "    <count event=\"GetReJITParameters\" min=\"$roots-1\" max=\"$roots\"/>\n"
        "  </events>\n"
        "</case>\n";
    struct case_def c;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(load(xml, &c, &e), 0);
    CU_ASSERT_STRING_EQUAL(c.profiler.deny_inline, "A!N.Leaf::*");
    CU_ASSERT_EQUAL_FATAL(c.nsteps, 4);
    CU_ASSERT_TRUE(c.steps[0].request.with_inliners);
    CU_ASSERT_EQUAL(c.steps[0].request.rejit_flags, 3u);
    CU_ASSERT_TRUE(c.steps[1].request.with_inliners);
    CU_ASSERT_EQUAL(c.steps[1].request.rejit_flags, 0u);
    CU_ASSERT_FALSE(c.steps[2].request.with_inliners);
    CU_ASSERT_TRUE(c.steps[2].request.tracked);
    CU_ASSERT_EQUAL(c.steps[2].request.codegen, 1u);
    CU_ASSERT_FALSE(c.steps[3].request.tracked);
    CU_ASSERT_EQUAL(c.steps[3].request.codegen, 3u);
    CU_ASSERT_EQUAL_FATAL(c.nchecks, 3);
    CU_ASSERT_STRING_EQUAL(c.checks[0].distinct, "root");
    CU_ASSERT_STRING_EQUAL(c.checks[0].as, "roots");
    CU_ASSERT_STRING_EQUAL(c.checks[1].min_var, "roots");
    CU_ASSERT_EQUAL(c.checks[1].min, 1);
    CU_ASSERT_STRING_EQUAL(c.checks[1].max_var, "roots");
    CU_ASSERT_EQUAL(c.checks[1].max, 1);
    CU_ASSERT_EQUAL(c.checks[2].min, -1);
    CU_ASSERT_EQUAL(c.checks[2].max, 0);
    case_release(&c);
}

static void test_inlining_errors(void)
{
    expect_error(HEAD DESC APP PROF "  <steps><rejit-with-inliners method=\"A!N.T::M\"/></steps>\n</case>\n", "t.xml:6: ",
                 "<rejit-with-inliners> needs flags=");
    expect_error(HEAD DESC APP PROF
                 "  <steps><rejit-with-inliners flags=\"block-inlining nope\" method=\"A!N.T::M\"/></steps>\n</case>\n",
                 "t.xml:6: ", "unknown flags 'nope' (known: block-inlining inlining-callbacks, or a number)");
    expect_error(HEAD DESC APP PROF "  <steps><rejit method=\"A!N.T::M\" codegen=\"fast\"/></steps>\n</case>\n", "t.xml:6: ",
                 "unknown codegen 'fast'");
    expect_error(HEAD DESC APP PROF "  <steps><revert method=\"A!N.T::M\" inliners=\"tracked\"/></steps>\n</case>\n",
                 "t.xml:6: ", "only <rejit> takes inliners");
    expect_error(HEAD DESC APP PROF
                 "  <steps><rejit-with-inliners flags=\"1\" inliners=\"tracked\" method=\"A!N.T::M\"/></steps>\n</case>\n",
                 "t.xml:6: ", "only <rejit> takes inliners");
    expect_error(HEAD DESC APP PROF "  <steps><revert method=\"A!N.T::M\" codegen=\"disable-inlining\"/></steps>\n</case>\n",
                 "t.xml:6: ", "<revert> takes no codegen flags");
    expect_error(HEAD DESC APP "  <profiler load=\"none\" deny-inline=\"*\"/>\n</case>\n", "t.xml:5: ",
                 "load=\"none\" runs no profiler");
}

static void test_count_bindings(void)
{
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\" min=\"$n\"/></events>\n</case>\n", "t.xml:5: ",
                 "'$n' is not a count bound earlier with <count as=\"n\">");
    expect_error(HEAD DESC APP
                 "  <events><count event=\"Shutdown\" as=\"n\"/><count event=\"Shutdown\" max=\"$n*2\"/></events>\n</case>\n",
                 "t.xml:5: ", "max must be a count (0 or more), or $name, $name+K, $name-K");
    expect_error(HEAD DESC APP
                 "  <events><count event=\"Shutdown\" as=\"n\"/><count event=\"Shutdown\" min=\"$n3\"/></events>\n</case>\n",
                 "t.xml:5: ", "'$n3' is not a count bound");
    expect_error(HEAD DESC APP
                 "  <events><count event=\"Shutdown\" as=\"n\"/><count event=\"Shutdown\" as=\"n\"/></events>\n</case>\n",
                 "t.xml:5: ", "as=\"n\": a capture name not bound before is needed");
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\" distinct=\"colour\" min=\"1\"/></events>\n</case>\n",
                 "t.xml:5: ", "distinct=\"colour\" is not an event field");
    expect_error(HEAD DESC APP "  <events><count event=\"Shutdown\"/></events>\n</case>\n", "t.xml:5: ",
                 "<count> needs min, max or both (or as=\"name\" to bind the count)");
}

static void test_check_directives(void)
{
    expect_error(HEAD DESC APP "  <events><next event=\"Shutdown\"/></events>\n</case>\n", "t.xml:5: ",
                 "<next> needs a <check> (or <unordered>) before it");
    expect_error(HEAD DESC APP "  <events><each event=\"Shutdown\"><before event=\"Initialize\" thread=\"=thred\"/></each></events>\n</case>\n",
                 "t.xml:5: ", "'=thred' refers to an unknown event field 'thred'");
    expect_error(HEAD DESC APP "  <events><unordered><check event=\"Shutdown\"/></unordered></events>\n</case>\n",
                 "t.xml:5: ", "check");
}

/* What a case file may cost is bounded before the work is done (docs/cases.md, "Limits"). */
#ifndef CASE_TEXT_MAX
#define CASE_TEXT_MAX (64u << 10) /* (docs/cases.md) */
#endif
static void test_limits(void)
{
    struct strbuf sb = STRBUF_INIT;
    struct case_def c;
    struct err e;
    char *pad = malloc(CASE_TEXT_MAX + 2);

    CU_ASSERT_PTR_NOT_NULL_FATAL(pad);
    memset(pad, 'x', CASE_TEXT_MAX + 1);
    pad[CASE_TEXT_MAX + 1] = '\0';

    /* A text or attribute one byte over the limit; the limit itself loads. */
    strbuf_addf(&sb, HEAD "  <description>%s</description>\n" APP "</case>\n", pad);
    expect_error(strbuf_str(&sb), "t.xml:3: ", "<description> holds 65537 bytes of text; at most 65536");
    strbuf_reset(&sb);
    strbuf_addf(&sb, HEAD DESC APP "  <steps><send stdin=\"%s\"/></steps>\n</case>\n", pad);
    expect_error(strbuf_str(&sb), "t.xml:5: ", "the attribute stdin holds 65537 bytes");
    strbuf_reset(&sb);
    pad[CASE_TEXT_MAX] = '\0';
    strbuf_addf(&sb, HEAD "  <description>%s</description>\n" APP "</case>\n", pad);
    CU_ASSERT_EQUAL(load(strbuf_str(&sb), &c, &e), 0);
    if (e.msg[0] == '\0')
        case_release(&c);

    /* The whole file: one byte over 1 MiB is refused before parsing. */
    {
        size_t big = (1u << 20) + 1;
        char *xml = malloc(big);
        struct case_set set;

        CU_ASSERT_PTR_NOT_NULL_FATAL(xml);
        memset(xml, ' ', big);
        memcpy(xml, HEAD, strlen(HEAD));
        err_init(&e);
        CU_ASSERT_EQUAL(caseload_memory(&cl, xml, big, "t.xml", "area/t", &set, &e), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "t.xml:1: the file has 1048577 bytes; a case file may have at most"));
        free(xml);
    }

    /* Unrolled steps: counted before the first round. */
    expect_error(HEAD DESC APP "  <steps><repeat times=\"10000\"><send stdin=\"a\"/><send stdin=\"b\"/>"
                               "<send stdin=\"c\"/></repeat></steps>\n</case>\n",
                 "t.xml:5: ", "<repeat times=\"10000\"> of 3 steps makes more than 20000 steps in all");
    expect_error(HEAD DESC APP "  <steps>\n    <repeat times=\"10000\"><send stdin=\"a\"/></repeat>\n"
                               "    <repeat times=\"10000\"><send stdin=\"a\"/></repeat>\n"
                               "    <send stdin=\"one too many\"/>\n  </steps>\n</case>\n",
                 "t.xml:8: ", "the steps unroll to more than 20000");
    free(pad);
    strbuf_release(&sb);

    /* A FIFO named as a case file is refused, not waited on for a writer. */
    {
        char dir[256], fifo[300];
        struct case_set set;

        CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
        snprintf(fifo, sizeof fifo, "%s/case.xml", dir);
        CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
        err_init(&e);
        CU_ASSERT_EQUAL(caseload_file(&cl, fifo, "x", &set, &e), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "not a regular file"));
        test_remove_tree(dir);
    }
}

/*
 * The bad-case corpus (data/bad-corpus): every file starts with a comment
 * "<!-- expect LINE: TEXT -->" and must be refused with a message that
 * begins "FILE:LINE: " and contains TEXT — never loaded, never a crash.
 */
static void test_bad_corpus(void)
{
    const char *dir = PROFCHECK_TEST_DATA "/bad-corpus";
    DIR *d = opendir(dir);
    struct dirent *de;
    int files = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    while ((de = readdir(d)) != NULL) {
        char path[1024], want[256], prefix[1100];
        char *text, *mark, *end;
        size_t len = 0;
        struct case_set set;
        struct err e;
        int line = 0;

        if (de->d_name[0] == '.' || !strstr(de->d_name, ".xml"))
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        text = test_read_file(path, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        mark = strstr(text, "<!-- expect ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(mark);
        line = atoi(mark + 12);
        mark = strchr(mark, ':');
        end = strstr(mark, " -->");
        CU_ASSERT_FATAL(mark && end && end >= mark + 1);
        snprintf(want, sizeof want, "%.*s", (int)(end - mark - 1), mark + 1);
        free(text);
        {
            char *w = want;
            while (*w == ' ')
                w++;
            memmove(want, w, strlen(w) + 1);
        }
        err_init(&e);
        snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
        if (caseload_file(&cl, path, "bad/x", &set, &e) == 0) {
            fprintf(stderr, "\n    %s was loaded\n", de->d_name);
            CU_FAIL("a bad case file was loaded");
            case_set_release(&set);
        } else if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || !strstr(e.msg, want)) {
            fprintf(stderr, "\n    %s: got '%s', want '%s...%s'\n", de->d_name, e.msg, prefix, want);
            CU_FAIL("unexpected message for a bad case file");
        }
        files++;
    }
    closedir(d);
    CU_ASSERT(files >= 15);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("caseload", suite_init, suite_clean);

    CU_add_test(s, "full_case", test_full_case);
    CU_add_test(s, "defaults", test_defaults);
    CU_add_test(s, "xml_errors", test_xml_errors);
    CU_add_test(s, "doctype_refused", test_doctype_refused);
    CU_add_test(s, "schema_errors", test_schema_errors);
    CU_add_test(s, "semantic_errors", test_semantic_errors);
    CU_add_test(s, "signal_names", test_signal_names);
    CU_add_test(s, "missing_file", test_missing_file);
    CU_add_test(s, "suite_files_load", test_suite_files_load);
    CU_add_test(s, "selection", test_selection);
    CU_add_test(s, "matrix", test_matrix);
    CU_add_test(s, "matrix_errors", test_matrix_errors);
    CU_add_test(s, "runtime_when", test_runtime_when);
    CU_add_test(s, "runtime_when_errors", test_runtime_when_errors);
    CU_add_test(s, "request_steps", test_request_steps);
    CU_add_test(s, "request_errors", test_request_errors);
    CU_add_test(s, "profiler_knobs", test_profiler_knobs);
    CU_add_test(s, "app_and_paths", test_app_and_paths);
    CU_add_test(s, "request_limits", test_request_limits);
    CU_add_test(s, "matrix_profiler_values", test_matrix_profiler_values);
    CU_add_test(s, "check_directives", test_check_directives);
    CU_add_test(s, "inlining_requests", test_inlining_requests);
    CU_add_test(s, "inlining_errors", test_inlining_errors);
    CU_add_test(s, "count_bindings", test_count_bindings);
    CU_add_test(s, "attach_steps", test_attach_steps);
    CU_add_test(s, "attach_errors", test_attach_errors);
    CU_add_test(s, "limits", test_limits);
    CU_add_test(s, "bad_corpus", test_bad_corpus);
}
