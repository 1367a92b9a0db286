/*
 * test_schedule.c - shard selection, version ranges and requirements, and
 * how attempts, known issues and self-tests make a verdict.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "engine/app_path.h"
#include "engine/requires.h"
#include "engine/schedule.h"
#include "engine/verdict.h"
#include "test_files.h"

void test_register(void);

static void test_shard_select_partitions(void)
{
    size_t picked[100];

    /* For every list length and shard count: the shards together are the
     * whole list, every case in exactly one shard, and sizes differ by one. */
    for (size_t n = 0; n <= 40; n++) {
        for (size_t total = 1; total <= 7; total++) {
            unsigned seen[41] = {0};
            size_t smallest = (size_t)-1, largest = 0;

            for (size_t index = 1; index <= total; index++) {
                size_t k = shard_select(n, index, total, picked);
                for (size_t j = 0; j < k; j++) {
                    CU_ASSERT_TRUE_FATAL(picked[j] < n);
                    seen[picked[j]]++;
                    if (j > 0)
                        CU_ASSERT_TRUE(picked[j] > picked[j - 1]);
                }
                if (k < smallest)
                    smallest = k;
                if (k > largest)
                    largest = k;
            }
            for (size_t i = 0; i < n; i++)
                CU_ASSERT_EQUAL(seen[i], 1);
            CU_ASSERT_TRUE(largest - smallest <= 1);
        }
    }
}

static void test_shard_select_values(void)
{
    size_t picked[10];

    CU_ASSERT_EQUAL(shard_select(7, 2, 3, picked), 2);
    CU_ASSERT_EQUAL(picked[0], 1);
    CU_ASSERT_EQUAL(picked[1], 4);
    CU_ASSERT_EQUAL(shard_select(2, 3, 3, picked), 0); /* more shards than cases */
    CU_ASSERT_EQUAL(shard_select(5, 0, 3, picked), 0);
    CU_ASSERT_EQUAL(shard_select(5, 4, 3, picked), 0);
    CU_ASSERT_EQUAL(shard_select(5, 1, 0, picked), 0);
}

static void test_version_compare(void)
{
    CU_ASSERT_TRUE(version_compare("10.0.12", "10.0.9") > 0);
    CU_ASSERT_TRUE(version_compare("9.0.1", "10.0") < 0);
    CU_ASSERT_EQUAL(version_compare("10.0", "10.0.0"), 0);
    CU_ASSERT_EQUAL(version_compare("8", "8.0.0"), 0);
    CU_ASSERT_TRUE(version_compare("11.0.0-preview.1", "10.0.12") > 0);
}

static void test_version_in_range(void)
{
    CU_ASSERT_EQUAL(version_in_range(">=8.0", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_in_range(">=8.0 <11", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_in_range(">=8.0 <10", "10.0.12"), 0);
    CU_ASSERT_EQUAL(version_in_range(">10.0.12", "10.0.12"), 0);
    CU_ASSERT_EQUAL(version_in_range("<=10.0.12", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_in_range("=10.0", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_in_range("=10.0", "10.01.1"), 0);
    CU_ASSERT_EQUAL(version_in_range("=10", "100.0"), 0);
    CU_ASSERT_EQUAL(version_in_range(">=99.0", "10.0.12"), 0);
    /* malformed */
    CU_ASSERT_EQUAL(version_in_range("", "10.0"), -1);
    CU_ASSERT_EQUAL(version_in_range("8.0", "10.0"), -1);
    CU_ASSERT_EQUAL(version_in_range(">=", "10.0"), -1);
    CU_ASSERT_EQUAL(version_in_range(">=8.x", "10.0"), -1);
    CU_ASSERT_EQUAL(version_in_range(">=8.", "10.0"), -1);
    CU_ASSERT_EQUAL(version_in_range("~8", "10.0"), -1);
}

/* A fixtures directory with one fixture whose runtimeconfig names `version`. */
static void make_fixture(char *dir, size_t size, const char *version)
{
    char path[512];
    FILE *f;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, size), 0);
    snprintf(path, sizeof path, "%s/App", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/App/App.runtimeconfig.json", dir);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f,
            "{\n  \"runtimeOptions\": {\n    \"tfm\": \"net10.0\",\n    \"framework\": {\n"
            "      \"name\": \"Microsoft.NETCore.App\",\n      \"version\": \"%s\"\n    }\n  }\n}\n",
            version);
    fclose(f);
}

static void fake_facts(struct host_facts *f)
{
    static char *runtimes[] = {"8.0.20", "10.0.9", "10.0.12", "11.0.1"};

    host_facts_init(f);
    f->runtimes = runtimes;
    f->nruntimes = 4;
    f->probed = 1;
    snprintf(f->arch, sizeof f->arch, "x64");
    f->root = 0;
    f->have_setsid = 1;
}

static void test_runtime_for(void)
{
    struct host_facts f;
    char dir[64], version[32], why[256];

    fake_facts(&f);
    make_fixture(dir, sizeof dir, "10.0.0");
    CU_ASSERT_EQUAL(requires_runtime_for(&f, dir, "App", version, sizeof version, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(version, "10.0.12"); /* the highest patch of the same major, not 11 */
    test_remove_tree(dir);

    make_fixture(dir, sizeof dir, "9.0.0");
    CU_ASSERT_EQUAL(requires_runtime_for(&f, dir, "App", version, sizeof version, why, sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "no installed runtime can run App (it targets 9.0.0)"));
    test_remove_tree(dir);

    CU_ASSERT_EQUAL(requires_runtime_for(&f, "/nonexistent", "App", version, sizeof version, why, sizeof why), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "cannot read the framework version"));
}

/* A fixture is looked for in each directory of the search path; an app's
 * own dll has its runtimeconfig next to it. */
static void test_app_paths(void)
{
    struct host_facts f;
    char d1[64], d2[64], search[160], dll[512], looked[1024], version[32], why[256];

    fake_facts(&f);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(d1, sizeof d1), 0);
    make_fixture(d2, sizeof d2, "10.0.0");
    snprintf(dll, sizeof dll, "%s/App/App.dll", d2);
    CU_ASSERT_EQUAL_FATAL(test_write_file(dll, "", 0), 0);
    snprintf(search, sizeof search, "%s:%s", d1, d2);
    CU_ASSERT_EQUAL(app_path_fixture(search, "App", dll, sizeof dll, looked, sizeof looked), 0);
    CU_ASSERT_TRUE(strncmp(dll, d2, strlen(d2)) == 0);
    CU_ASSERT_EQUAL(app_path_fixture(search, "Other", dll, sizeof dll, looked, sizeof looked), -1);
    CU_ASSERT_TRUE(strncmp(dll, d1, strlen(d1)) == 0); /* the first place looked */
    CU_ASSERT_PTR_NOT_NULL(strstr(looked, ", "));
    /* requires looks in the search path too, or next to a dll given by path */
    CU_ASSERT_EQUAL(requires_runtime_for(&f, search, "App", version, sizeof version, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(version, "10.0.12");
    snprintf(dll, sizeof dll, "%s/App/App.dll", d2);
    CU_ASSERT_EQUAL(requires_runtime_for(&f, "/nonexistent", dll, version, sizeof version, why, sizeof why), 0);
    app_path_runtimeconfig("/x/My.App.dll", dll, sizeof dll);
    CU_ASSERT_STRING_EQUAL(dll, "/x/My.App.runtimeconfig.json");
    test_remove_tree(d1);
    test_remove_tree(d2);
}

static void test_requires_check(void)
{
    struct host_facts f;
    struct case_def c;
    char dir[64], why[256];
    char *features[] = {"setsid", "!root"};

    fake_facts(&f);
    make_fixture(dir, sizeof dir, "10.0.0");
    case_init(&c);
    c.fixture = "App";
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 1);

    c.requires.features = features;
    c.requires.nfeatures = 2;
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 1);
    f.root = 1;
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(why, "requires no feature 'root', which this machine has");
    f.root = 0;
    f.have_setsid = 0;
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(why, "requires the feature 'setsid', which this machine lacks");
    c.requires.nfeatures = 0;

    c.requires.runtime = ">=10.0.10 <11";
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 1);
    c.requires.runtime = ">=10.0.13";
    CU_ASSERT_EQUAL(requires_check(&c, &f, dir, why, sizeof why), 0);
    CU_ASSERT_STRING_EQUAL(why, "requires runtime >=10.0.13; the fixture runs on 10.0.12");
    test_remove_tree(dir);
}

/* ---- verdicts ---- */

static void result_with(struct result *r, enum verdict v, const char *message)
{
    result_init(r);
    r->id = strdup("area/t");
    r->area = strdup("area");
    r->verdict = v;
    r->message = message ? strdup(message) : NULL;
}

static void test_retryable(void)
{
    struct case_def c;

    case_init(&c);
    CU_ASSERT_TRUE(verdict_retryable(&c, VERDICT_FAIL));
    CU_ASSERT_TRUE(verdict_retryable(&c, VERDICT_TIMEOUT));
    CU_ASSERT_TRUE(verdict_retryable(&c, VERDICT_ERROR));
    CU_ASSERT_FALSE(verdict_retryable(&c, VERDICT_PASS));
    CU_ASSERT_FALSE(verdict_retryable(&c, VERDICT_SKIP));
    c.known.ref = "dotnet/runtime#1";
    CU_ASSERT_FALSE(verdict_retryable(&c, VERDICT_FAIL)); /* an expected failure */
    c.known.ref = NULL;
    c.selftest.present = 1;
    c.selftest.verdict = VERDICT_FAIL;
    CU_ASSERT_FALSE(verdict_retryable(&c, VERDICT_FAIL));
    c.selftest.verdict = VERDICT_PASS;
    CU_ASSERT_TRUE(verdict_retryable(&c, VERDICT_FAIL));
}

static void test_flaky_pass(void)
{
    struct case_def c;
    struct result holder, failed, r;

    case_init(&c);
    result_init(&holder);
    result_with(&failed, VERDICT_TIMEOUT, "t.xml:5: step timed out");
    failed.details = strdup("last lines");
    failed.seconds = 1.5;
    CU_ASSERT_EQUAL(verdict_keep_attempt(&holder, &failed), 0);
    CU_ASSERT_EQUAL_FATAL(holder.nattempts, 1);
    CU_ASSERT_EQUAL(holder.attempts[0].verdict, VERDICT_TIMEOUT);
    CU_ASSERT_STRING_EQUAL(holder.attempts[0].message, "t.xml:5: step timed out");
    CU_ASSERT_STRING_EQUAL(holder.attempts[0].details, "last lines");

    result_with(&r, VERDICT_PASS, NULL);
    r.attempts = holder.attempts;
    r.nattempts = holder.nattempts;
    holder.attempts = NULL;
    holder.nattempts = 0;
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_PASS);
    CU_ASSERT_STRING_EQUAL(r.message, "flaky: passed on attempt 2 of 2 after: t.xml:5: step timed out");
    result_release(&r);
    result_release(&holder);
}

static void test_known_issue(void)
{
    struct case_def c;
    struct result r;

    case_init(&c);
    c.path = "t.xml";
    c.known.ref = "dotnet/runtime#117823";
    result_with(&r, VERDICT_FAIL, "t.xml:9: <check/> not found");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_XFAIL);
    CU_ASSERT_STRING_EQUAL(r.message, "known issue dotnet/runtime#117823: t.xml:9: <check/> not found");
    CU_ASSERT_EQUAL_FATAL(r.nprops, 2);
    CU_ASSERT_STRING_EQUAL(r.props[0].name, "xfail");
    CU_ASSERT_STRING_EQUAL(r.props[1].value, "dotnet/runtime#117823");
    result_release(&r);

    result_with(&r, VERDICT_PASS, NULL);
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_XPASS);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "passed, but is marked as known issue dotnet/runtime#117823"));
    result_release(&r);

    result_with(&r, VERDICT_ERROR, "fixture not built");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_ERROR); /* errors stay errors */
    result_release(&r);

    /* An intermittent issue: a pass is a pass that says the race was not
     * seen; a failure is still XFAIL. */
    c.known.intermittent = 1;
    result_with(&r, VERDICT_PASS, NULL);
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NULL(r.message);
    CU_ASSERT_EQUAL_FATAL(r.nprops, 1);
    CU_ASSERT_STRING_EQUAL(r.props[0].name, "known-issue-not-seen");
    CU_ASSERT_STRING_EQUAL(r.props[0].value, "dotnet/runtime#117823");
    result_release(&r);
    result_with(&r, VERDICT_TIMEOUT, "t.xml:9: step timed out");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_XFAIL);
    result_release(&r);
}

static void test_selftest(void)
{
    struct case_def c;
    struct result r;

    case_init(&c);
    c.selftest.present = 1;
    c.selftest.verdict = VERDICT_FAIL;
    c.selftest.reason = "not found";
    result_with(&r, VERDICT_FAIL, "t.xml:3: <check/> not found after event #0");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_PASS);
    CU_ASSERT_PTR_NULL(r.message);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.details, "selftest: the run came out FAIL as required"));
    result_release(&r);

    result_with(&r, VERDICT_PASS, NULL);
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(r.message, "selftest: expected verdict FAIL, got PASS");
    result_release(&r);

    result_with(&r, VERDICT_FAIL, "something else");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_FAIL);
    CU_ASSERT_STRING_EQUAL(r.message, "selftest: verdict FAIL as required, but the message lacks 'not found': "
                                      "something else");
    result_release(&r);
}

static void test_selftest_reason_wildcards(void)
{
    struct case_def c;
    struct result r;

    case_init(&c);
    c.selftest.present = 1;
    c.selftest.verdict = VERDICT_TIMEOUT;
    c.selftest.reason = "timed out after *s while waiting at step 3";
    result_with(&r, VERDICT_TIMEOUT, "t.xml:9: timed out after 6s while waiting at step 3 <wait/>");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_PASS);
    result_release(&r);

    result_with(&r, VERDICT_TIMEOUT, "t.xml:9: timed out after 6s while waiting at step 4 <wait/>");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_FAIL);
    result_release(&r);

    /* Without a wildcard, '[' and the rest are plain text. */
    c.selftest.reason = "[tc=on]";
    result_with(&r, VERDICT_TIMEOUT, "rejit/basic[tc=on] timed out");
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_PASS);
    result_release(&r);
}

/* A case cut short by SIGINT is ERROR whatever it expected. */
static void test_interrupted_not_judged(void)
{
    struct case_def c;
    struct result r;

    case_init(&c);
    c.selftest.present = 1;
    c.selftest.verdict = VERDICT_TIMEOUT;
    result_with(&r, VERDICT_ERROR, "t.xml:9: interrupted while waiting at step 3 <wait/>");
    r.interrupted = 1;
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_ERROR);
    CU_ASSERT_STRING_EQUAL(r.message, "t.xml:9: interrupted while waiting at step 3 <wait/>");
    result_release(&r);

    case_init(&c);
    c.path = "t.xml";
    c.known.ref = "dotnet/runtime#1";
    result_with(&r, VERDICT_ERROR, "interrupted");
    r.interrupted = 1;
    CU_ASSERT_EQUAL(verdict_finish(&c, &r), 0);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_ERROR);
    result_release(&r);
}

/* Workers that have nothing to do finish at once, possibly before the
 * next one is even created: the scheduler must still see them all go
 * (it once counted them after starting them and waited forever). */
static void test_nothing_to_run(void)
{
    static volatile sig_atomic_t stop;
    struct schedule sch;
    struct run_env env;
    struct result r;
    unsigned char done = 0;

    memset(&sch, 0, sizeof sch);
    memset(&env, 0, sizeof env);
    env.stop = &stop;
    sch.env = &env;
    for (int jobs = 1; jobs <= 4; jobs++) {
        sch.jobs = jobs;
        for (int round = 0; round < 5000; round++)
            CU_ASSERT_EQUAL(schedule_run(&sch, NULL, 0, &r, &done), 0);
    }
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("schedule", NULL, NULL);

    CU_add_test(s, "shard_select_partitions", test_shard_select_partitions);
    CU_add_test(s, "nothing_to_run", test_nothing_to_run);
    CU_add_test(s, "app_paths", test_app_paths);
    CU_add_test(s, "shard_select_values", test_shard_select_values);
    CU_add_test(s, "version_compare", test_version_compare);
    CU_add_test(s, "version_in_range", test_version_in_range);
    CU_add_test(s, "runtime_for", test_runtime_for);
    CU_add_test(s, "requires_check", test_requires_check);
    CU_add_test(s, "retryable", test_retryable);
    CU_add_test(s, "flaky_pass", test_flaky_pass);
    CU_add_test(s, "known_issue", test_known_issue);
    CU_add_test(s, "selftest", test_selftest);
    CU_add_test(s, "selftest_reason_wildcards", test_selftest_reason_wildcards);
    CU_add_test(s, "interrupted_not_judged", test_interrupted_not_judged);
}
