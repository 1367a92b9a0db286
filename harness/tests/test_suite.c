/*
 * test_suite.c - which case files a command works on (engine/suite.c):
 * the directory walk over symlink cycles and links to one directory, and
 * ids that two files claim.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "engine/suite.h"
#include "test_files.h"

void test_register(void);

static void put(const char *dir, const char *name)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_EQUAL(test_write_file(path, "<case/>\n", 8), 0);
}

static void mkdir_in(const char *dir, const char *name)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_EQUAL(mkdir(path, 0755), 0);
}

static void link_in(const char *dir, const char *name, const char *target)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    CU_ASSERT_EQUAL(symlink(target, path), 0);
}

/* The ids collected from one directory, joined by spaces. */
static int collect_ids(const char *dir, char *ids, size_t size, struct err *e)
{
    char *paths[1] = {(char *)dir};
    struct case_list list;
    size_t n = 0;

    ids[0] = '\0';
    err_init(e);
    if (suite_collect(paths, 1, &list, e) < 0)
        return -1;
    for (size_t i = 0; i < list.len; i++)
        n += (size_t)snprintf(ids + n, n < size ? size - n : 0, "%s%s", i ? " " : "", list.v[i].id);
    case_list_release(&list);
    return 0;
}

/* sub/up -> .. leads back to the root: each case once, not once per lap
 * until the kernel gives up following links. */
static void test_symlink_cycle(void)
{
    char dir[256], ids[4096];
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    put(dir, "a.xml");
    mkdir_in(dir, "sub");
    put(dir, "sub/b.xml");
    link_in(dir, "sub/up", "..");
    CU_ASSERT_EQUAL(collect_ids(dir, ids, sizeof ids, &e), 0);
    CU_ASSERT_STRING_EQUAL(ids, "a sub/b");
    test_remove_tree(dir);
}

/* Two links back up make the naive walk exponential; the walk enters each
 * directory once. */
static void test_two_cycles(void)
{
    char dir[256], ids[4096];
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    put(dir, "a.xml");
    mkdir_in(dir, "sub");
    mkdir_in(dir, "sub/deeper");
    put(dir, "sub/deeper/c.xml");
    link_in(dir, "sub/up", "..");
    link_in(dir, "sub/deeper/up", "../..");
    link_in(dir, "sub/deeper/self", ".");
    CU_ASSERT_EQUAL(collect_ids(dir, ids, sizeof ids, &e), 0);
    CU_ASSERT_STRING_EQUAL(ids, "a sub/deeper/c");
    test_remove_tree(dir);
}

/* A second link to a directory is not walked again (the first by name wins). */
static void test_linked_directory_once(void)
{
    char dir[256], ids[4096];
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    mkdir_in(dir, "b");
    put(dir, "b/x.xml");
    link_in(dir, "a", "b");
    link_in(dir, "c", "b");
    CU_ASSERT_EQUAL(collect_ids(dir, ids, sizeof ids, &e), 0);
    CU_ASSERT_STRING_EQUAL(ids, "a/x");
    test_remove_tree(dir);
}

/* Two files with one id: an error that names both, not one case dropped. */
static void test_duplicate_ids(void)
{
    char one[256], two[256], first[300], second[300];
    char *paths[2] = {one, two};
    struct case_list list;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(one, sizeof one), 0);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(two, sizeof two), 0);
    put(one, "same.xml");
    put(two, "same.xml");
    put(two, "other.xml");
    snprintf(first, sizeof first, "%s/same.xml", one);
    snprintf(second, sizeof second, "%s/same.xml", two);
    err_init(&e);
    CU_ASSERT_EQUAL(suite_collect(paths, 2, &list, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "two case files have the id 'same': "));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, first));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, second));
    test_remove_tree(one);
    test_remove_tree(two);
}

/* One file named twice (its directory, then itself) is one case. */
static void test_same_file_twice(void)
{
    char dir[256];
    char *paths[2] = {dir, dir};
    struct case_list list;
    struct err e;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    put(dir, "a.xml");
    put(dir, "b.xml");
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(suite_collect(paths, 2, &list, &e), 0);
    CU_ASSERT_EQUAL(list.len, 2);
    case_list_release(&list);
    test_remove_tree(dir);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("suite", NULL, NULL);

    CU_add_test(s, "symlink_cycle", test_symlink_cycle);
    CU_add_test(s, "two_cycles", test_two_cycles);
    CU_add_test(s, "linked_directory_once", test_linked_directory_once);
    CU_add_test(s, "duplicate_ids", test_duplicate_ids);
    CU_add_test(s, "same_file_twice", test_same_file_twice);
}
