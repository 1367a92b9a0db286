/*
 * unit_main.c - main() of every unit-test executable.
 *
 * Each test file defines test_register(), which adds its CUnit suite.  The
 * tests run in CUnit's basic mode (its console output is what CI logs
 * show); then, when PROFCHECK_UNIT_REPORT_DIR is set, the results are also
 * written as JUnit (<dir>/<executable>.xml) with profcheck's own writer,
 * one <testcase> per CUnit test, so that `make check` can merge them with
 * the suite's report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "../../reports/junit.h"
#include "../util/strbuf.h"

void test_register(void);

static int write_report(const char *dir, const char *exe)
{
    CU_pTestRegistry reg = CU_get_registry();
    struct result *results;
    size_t n = 0, cap = 0;
    char path[4096];
    const char *base = strrchr(exe, '/');
    struct junit_meta meta;
    struct err e;
    int rc;

    for (CU_pSuite s = reg->pSuite; s; s = s->pNext)
        cap += s->uiNumberOfTests;
    results = calloc(cap ? cap : 1, sizeof *results);
    if (!results)
        return -1;
    for (CU_pSuite s = reg->pSuite; s; s = s->pNext) {
        for (CU_pTest t = s->pTest; t; t = t->pNext) {
            struct result *r = &results[n++];
            struct strbuf sb = STRBUF_INIT;
            int failures = 0;

            result_init(r);
            strbuf_addf(&sb, "%s/%s", s->pName, t->pName);
            r->id = strbuf_detach(&sb);
            strbuf_addf(&sb, "unit.%s", s->pName);
            r->area = strbuf_detach(&sb);
            r->verdict = t->fActive ? VERDICT_PASS : VERDICT_SKIP;
            for (CU_pFailureRecord f = CU_get_failure_list(); f; f = f->pNext) {
                if (f->pTest != t || f->pSuite != s)
                    continue;
                failures++;
                strbuf_addf(&sb, "%s:%u: %s\n", f->strFileName ? f->strFileName : "?", f->uiLineNumber,
                            f->strCondition ? f->strCondition : "");
            }
            if (failures) {
                r->verdict = VERDICT_FAIL;
                r->details = strbuf_detach(&sb);
                r->message = strdup("assertion failed");
            } else if (!t->fActive) {
                r->message = strdup("test inactive");
            }
            strbuf_release(&sb);
        }
    }
    snprintf(path, sizeof path, "%s/%s.xml", dir, base ? base + 1 : exe);
    memset(&meta, 0, sizeof meta);
    meta.name = "profcheck-unit";
    meta.classname_prefix = "profcheck";
    meta.hostname = "localhost";
    meta.timestamp = time(NULL);
    err_init(&e);
    rc = junit_write(path, results, n, &meta, &e);
    if (rc < 0)
        fprintf(stderr, "%s\n", e.msg);
    for (size_t i = 0; i < n; i++)
        result_release(&results[i]);
    free(results);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir = getenv("PROFCHECK_UNIT_REPORT_DIR");
    unsigned failed;

    (void)argc;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 2;
    test_register();
    if (CU_get_error() != CUE_SUCCESS) {
        fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
        CU_cleanup_registry();
        return 2;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    failed = CU_get_number_of_tests_failed() + CU_get_number_of_suites_failed();
    if (dir && *dir && write_report(dir, argv[0]) < 0)
        failed++;
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
