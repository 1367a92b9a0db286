/*
 * test_layout.c - where profcheck finds its files (cli/layout.h): a build
 * tree by its layout.txt, an installation by its prefix, and the
 * directories PROFCHECK_DATA_DIR and PROFCHECK_LIB_DIR give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "cli/layout.h"
#include "test_files.h"

void test_register(void);

static void at(char *out, size_t size, const char *dir, const char *rel)
{
    snprintf(out, size, "%s/%s", dir, rel);
}

static void test_build_tree(void)
{
    char dir[256], path[PATH_MAX], want[PATH_MAX];
    struct cli_paths *p = calloc(1, sizeof *p);

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    at(path, sizeof path, dir, "layout.txt");
    CU_ASSERT_EQUAL_FATAL(test_write_file(path, "# a build tree\nsource=/src/profcheck\n", 37), 0);
    at(path, sizeof path, dir, "bin/profcheck");
    layout_detect(p, path, NULL, NULL);
    CU_ASSERT_EQUAL(p->layout, LAYOUT_BUILD);
    CU_ASSERT_STRING_EQUAL(p->build, dir);
    CU_ASSERT_STRING_EQUAL(p->source, "/src/profcheck");
    CU_ASSERT_STRING_EQUAL(p->cases, "/src/profcheck/cases");
    CU_ASSERT_STRING_EQUAL(p->schemas, "/src/profcheck/reports");
    CU_ASSERT_STRING_EQUAL(p->data, "");
    at(want, sizeof want, dir, "fixtures");
    CU_ASSERT_STRING_EQUAL(p->fixtures, want);
    at(want, sizeof want, dir, "dotnet/runtimes.txt");
    CU_ASSERT_STRING_EQUAL(p->runtimes, want);
    at(want, sizeof want, dir, "dotnet/dotnet");
    CU_ASSERT_STRING_EQUAL(p->dotnet, want);
    at(want, sizeof want, dir, "lib/libprofcheck_ref.so");
    CU_ASSERT_STRING_EQUAL(p->profiler, want);
    at(want, sizeof want, dir, "agents");
    CU_ASSERT_STRING_EQUAL(p->agents, want);
    at(want, sizeof want, dir, "reports");
    CU_ASSERT_STRING_EQUAL(p->reports, want);
    CU_ASSERT_STRING_EQUAL(p->data_from, "build tree");

    /* PROFCHECK_DATA_DIR: the data of an installation, the host from PATH */
    layout_detect(p, path, "/opt/pc/share/profcheck", "/opt/pc/lib/profcheck");
    CU_ASSERT_EQUAL(p->layout, LAYOUT_BUILD);
    CU_ASSERT_STRING_EQUAL(p->cases, "/opt/pc/share/profcheck/cases");
    CU_ASSERT_STRING_EQUAL(p->fixtures, "/opt/pc/share/profcheck/fixtures");
    CU_ASSERT_STRING_EQUAL(p->runtimes, "/opt/pc/share/profcheck/runtimes.txt");
    CU_ASSERT_STRING_EQUAL(p->dotnet, "");
    CU_ASSERT_STRING_EQUAL(p->profiler, "/opt/pc/lib/profcheck/libprofcheck_ref.so");
    CU_ASSERT_STRING_EQUAL(p->agents, "/opt/pc/lib/profcheck");
    CU_ASSERT_STRING_EQUAL(p->data_from, "PROFCHECK_DATA_DIR");
    CU_ASSERT_STRING_EQUAL(p->lib_from, "PROFCHECK_LIB_DIR");

    /* a layout.txt without a source line is no build tree */
    at(path, sizeof path, dir, "layout.txt");
    CU_ASSERT_EQUAL(test_write_file(path, "source=relative\n", 16), 0);
    at(path, sizeof path, dir, "bin/profcheck");
    layout_detect(p, path, NULL, NULL);
    CU_ASSERT_EQUAL(p->layout, LAYOUT_INSTALLED);
    test_remove_tree(dir);
    free(p);
}

static void test_installed(void)
{
    struct cli_paths *p = calloc(1, sizeof *p);

    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    layout_detect(p, "/nonexistent-prefix/bin/profcheck", NULL, "");
    CU_ASSERT_EQUAL(p->layout, LAYOUT_INSTALLED);
    CU_ASSERT_STRING_EQUAL(p->build, "/nonexistent-prefix");
    CU_ASSERT_STRING_EQUAL(p->data, "/nonexistent-prefix/share/profcheck");
    CU_ASSERT_STRING_EQUAL(p->cases, "/nonexistent-prefix/share/profcheck/cases");
    CU_ASSERT_STRING_EQUAL(p->fixtures, "/nonexistent-prefix/share/profcheck/fixtures");
    CU_ASSERT_STRING_EQUAL(p->runtimes, "/nonexistent-prefix/share/profcheck/runtimes.txt");
    CU_ASSERT_STRING_EQUAL(p->schemas, "/nonexistent-prefix/share/profcheck/schemas");
    CU_ASSERT_STRING_EQUAL(p->profiler, "/nonexistent-prefix/lib/profcheck/libprofcheck_ref.so");
    CU_ASSERT_STRING_EQUAL(p->agents, "/nonexistent-prefix/lib/profcheck");
    CU_ASSERT_STRING_EQUAL(p->reports, "profcheck-reports");
    CU_ASSERT_STRING_EQUAL(p->dotnet, "");
    CU_ASSERT_STRING_EQUAL(p->data_from, "installed");

    /* /bin/profcheck: the prefix is / */
    layout_detect(p, "/bin/profcheck", NULL, NULL);
    CU_ASSERT_STRING_EQUAL(p->build, "/");
    CU_ASSERT_STRING_EQUAL(p->cases, "/share/profcheck/cases");
    CU_ASSERT_STRING_EQUAL(p->profiler, "/lib/profcheck/libprofcheck_ref.so");

    /* where the binary is not known: the current directory stands for the prefix */
    layout_detect(p, NULL, NULL, NULL);
    CU_ASSERT_STRING_EQUAL(p->exe, "");
    CU_ASSERT_STRING_EQUAL(p->cases, "./share/profcheck/cases");
    free(p);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("layout", NULL, NULL);

    CU_add_test(s, "build_tree", test_build_tree);
    CU_add_test(s, "installed", test_installed);
}
