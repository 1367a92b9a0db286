/*
 * test_runtimes.c - the runtimes of a run: runtimes.txt read, --runtime
 * picked, the runtime's label in ids, version conditions, absolute paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "engine/requires.h"
#include "engine/runtimes.h"
#include "model/result.h"
#include "model/runtime.h"
#include "util/path.h"

void test_register(void);

static const char listing[] = "# The runtimes of build/dotnet/dotnet:\n"
                              "# runtime, version, target framework, where it came from, Crossgen2 pack\n"
                              "8.0\t8.0.31\tnet8.0\t/packages/runtime/8.0.31\t/packages/crossgen2/8.0.31\n"
                              "9.0\t9.0.20\tnet9.0\t/packages/runtime/9.0.20\t-\n"
                              "\n"
                              "10.0\t10.0.12\tnet10.0\t/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12\t-\n";

static void test_parse(void)
{
    struct runtime_set s;
    struct err e;

    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(runtimes_parse(listing, "runtimes.txt", "/b/fixtures", &s, &e), 0);
    CU_ASSERT_EQUAL_FATAL(s.n, 3);
    CU_ASSERT_TRUE(s.labelled);
    CU_ASSERT_STRING_EQUAL(s.v[0].name, "8.0");
    CU_ASSERT_STRING_EQUAL(s.v[0].version, "8.0.31");
    CU_ASSERT_STRING_EQUAL(s.v[0].tfm, "net8.0");
    CU_ASSERT_STRING_EQUAL(s.v[0].fixtures_dir, "/b/fixtures/net8.0");
    CU_ASSERT_STRING_EQUAL(s.v[2].fixtures_dir, "/b/fixtures/net10.0");
    CU_ASSERT_EQUAL(runtime_set_newest(&s), 2);
    runtime_set_release(&s);

    /* A line that is not RUNTIME, VERSION, TFM is named by its number. */
    CU_ASSERT_EQUAL(runtimes_parse("8.0\t8.0.31\n", "r.txt", "/f", &s, &e), -1);
    CU_ASSERT_STRING_EQUAL(e.msg, "r.txt:1: not \"RUNTIME<tab>VERSION<tab>TFM...\" (e.g. 8.0, 8.0.31, net8.0)");
    CU_ASSERT_EQUAL(s.n, 0);
    CU_ASSERT_EQUAL(runtimes_parse("# x\n8.0\t8.0.31\tnet8.0\n8.0\t8.0.30\tnet8.0\n", "r.txt", "/f", &s, &e), -1);
    CU_ASSERT_STRING_EQUAL(e.msg, "r.txt:3: runtime 8.0 is listed twice");
    CU_ASSERT_EQUAL(runtimes_parse("8.x\t8.0.31\tnet8.0\n", "r.txt", "/f", &s, &e), -1);
    CU_ASSERT_EQUAL(runtimes_parse("8.0\t8.0.31\tnetcoreapp\n", "r.txt", "/f", &s, &e), -1);
    /* An empty listing parses; selecting from it does not. */
    CU_ASSERT_EQUAL(runtimes_parse("# nothing\n", "r.txt", "/f", &s, &e), 0);
    CU_ASSERT_EQUAL(s.n, 0);
    runtime_set_release(&s);
}

/* The names of the set, joined by spaces. */
static const char *names(const struct runtime_set *s, char *buf, size_t size)
{
    size_t at = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < s->n && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? " " : "", s->v[i].name);
    return buf;
}

static void test_select(void)
{
    struct runtime_set all, got;
    struct err e;
    char buf[128];
    char *one[] = {"10.0"}, *two[] = {"net10.0", "8"}, *list[] = {"9.0,8.0, 9.0"}, *every[] = {"all"},
         *missing[] = {"7.0", "net6.0", "8.0"}, *empty[] = {","};

    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(runtimes_parse(listing, "runtimes.txt", "/f", &all, &e), 0);
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, one, 1, &got, &e), 0);
    CU_ASSERT_STRING_EQUAL(names(&got, buf, sizeof buf), "10.0");
    CU_ASSERT_TRUE(got.labelled);
    runtime_set_release(&got);
    /* in the order of the listing, each once, whatever the order asked */
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, two, 2, &got, &e), 0);
    CU_ASSERT_STRING_EQUAL(names(&got, buf, sizeof buf), "8.0 10.0");
    runtime_set_release(&got);
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, list, 1, &got, &e), 0);
    CU_ASSERT_STRING_EQUAL(names(&got, buf, sizeof buf), "8.0 9.0");
    runtime_set_release(&got);
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, every, 1, &got, &e), 0);
    CU_ASSERT_STRING_EQUAL(names(&got, buf, sizeof buf), "8.0 9.0 10.0");
    CU_ASSERT_STRING_EQUAL(got.v[1].version, "9.0.20");
    runtime_set_release(&got);
    /* what is not built: named, with what is and how to build it */
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, missing, 1, &got, &e), -1);
    CU_ASSERT_STRING_EQUAL(e.msg, "runtime 7.0 is not built: runtimes.txt has 8.0, 9.0, 10.0; "
                                  "`make build RUNTIMES=8.0,9.0,10.0,7.0` builds it from the runtime packs the package "
                                  "registry serves");
    CU_ASSERT_EQUAL(got.n, 0);
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, missing, 3, &got, &e), -1);
    CU_ASSERT_STRING_EQUAL(e.msg, "runtimes 7.0, net6.0 are not built: runtimes.txt has 8.0, 9.0, 10.0; "
                                  "`make build RUNTIMES=8.0,9.0,10.0,7.0,6.0` builds them from the runtime packs the package "
                                  "registry serves");
    /* an installation says something else than make build */
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", "only those are installed", missing, 1, &got, &e), -1);
    CU_ASSERT_STRING_EQUAL(e.msg, "runtime 7.0 is not built: runtimes.txt has 8.0, 9.0, 10.0; only those are installed");
    CU_ASSERT_EQUAL(runtimes_select(&all, "runtimes.txt", NULL, empty, 1, &got, &e), -1);
    runtime_set_release(&all);

    CU_ASSERT_TRUE(runtimes_word_ok("all"));
    CU_ASSERT_TRUE(runtimes_word_ok("8.0"));
    CU_ASSERT_TRUE(runtimes_word_ok("10"));
    CU_ASSERT_TRUE(runtimes_word_ok("net10.0"));
    CU_ASSERT_FALSE(runtimes_word_ok("net"));
    CU_ASSERT_FALSE(runtimes_word_ok("eight"));
    CU_ASSERT_FALSE(runtimes_word_ok("8.0."));
    CU_ASSERT_FALSE(runtimes_word_ok(""));
}

static void test_labels(void)
{
    const char *label;
    size_t id_len, label_len;

    CU_ASSERT_EQUAL(runtime_label_strip("rejit/basic [net8.0]", "net8.0"), strlen("rejit/basic"));
    CU_ASSERT_EQUAL(runtime_label_strip("rejit/basic[tc=off] [net10.0]", "net10.0"), strlen("rejit/basic[tc=off]"));
    CU_ASSERT_EQUAL(runtime_label_strip("rejit/basic [net8.0]", "net9.0"), strlen("rejit/basic [net8.0]"));
    CU_ASSERT_EQUAL(runtime_label_strip("rejit/basic", NULL), strlen("rejit/basic"));
    CU_ASSERT_EQUAL(runtime_label_strip("[net8.0]", "net8.0"), strlen("[net8.0]"));

    CU_ASSERT_TRUE(runtime_label_find("collectible/rejit-silent[api=rejit] [net9.0]", &id_len, &label, &label_len));
    CU_ASSERT_EQUAL(id_len, strlen("collectible/rejit-silent[api=rejit]"));
    CU_ASSERT_EQUAL(label_len, 6);
    CU_ASSERT_EQUAL(strncmp(label, "net9.0", 6), 0);
    /* a variant, another tool's parameter, no id: not a runtime label */
    CU_ASSERT_FALSE(runtime_label_find("rejit/basic[tc=off]", &id_len, &label, &label_len));
    CU_ASSERT_FALSE(runtime_label_find("test_sum [1]", &id_len, &label, &label_len));
    CU_ASSERT_FALSE(runtime_label_find("a [net8.0 x]", &id_len, &label, &label_len));
    CU_ASSERT_FALSE(runtime_label_find(" [net8.0]", &id_len, &label, &label_len));
    CU_ASSERT_FALSE(runtime_label_find("a [netx]", &id_len, &label, &label_len));
}

static void test_version_conditions(void)
{
    /* a condition's version names a line: compared on as many parts as it has */
    CU_ASSERT_EQUAL(version_condition("<", "10.0", "9.0.20"), 1);
    CU_ASSERT_EQUAL(version_condition("<", "10.0", "10.0.12"), 0);
    CU_ASSERT_EQUAL(version_condition(">=", "10.0", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_condition("<=", "9.0", "9.0.20"), 1);
    CU_ASSERT_EQUAL(version_condition(">", "9.0", "9.0.20"), 0);
    CU_ASSERT_EQUAL(version_condition(">", "9.0", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_condition("=", "8.0", "8.0.31"), 1);
    CU_ASSERT_EQUAL(version_condition("=", "8", "8.0.31"), 1);
    CU_ASSERT_EQUAL(version_condition("=", "8.0.31", "8.0.31"), 1);
    CU_ASSERT_EQUAL(version_condition("=", "8.0.3", "8.0.31"), 0);
    CU_ASSERT_EQUAL(version_condition("!=", "8.0", "8.0.31"), 0);
    CU_ASSERT_EQUAL(version_condition("!=", "8.0", "9.0.20"), 1);
    CU_ASSERT_EQUAL(version_condition(">", "10.0.5", "10.0.12"), 1);
    CU_ASSERT_EQUAL(version_condition("<", "11", "11.0.0-preview.1"), 0);
    CU_ASSERT_EQUAL(version_condition("<", "12", "11.0.0-preview.1"), 1);
    /* malformed */
    CU_ASSERT_EQUAL(version_condition("=>", "10", "10.0"), -1);
    CU_ASSERT_EQUAL(version_condition("<", "ten", "10.0"), -1);
    CU_ASSERT_EQUAL(version_condition("<", "", "10.0"), -1);
    CU_ASSERT_EQUAL(version_condition("~", "10", "10.0"), -1);
    /* the range of <requires runtime> follows the same rule */
    CU_ASSERT_EQUAL(version_in_range(">=8.0 <=9.0", "9.0.20"), 1);
    CU_ASSERT_EQUAL(version_in_range(">8.0", "8.0.31"), 0);
}

static void test_result_versions(void)
{
    struct result r[4];
    struct strbuf sb = STRBUF_INIT;

    for (int i = 0; i < 4; i++)
        result_init(&r[i]);
    CU_ASSERT_EQUAL(result_runtime_versions(r, 4, &sb), 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "");
    r[0].runtime_version = strdup("8.0.31");
    r[1].runtime_version = strdup("10.0.12");
    r[3].runtime_version = strdup("8.0.31");
    CU_ASSERT_EQUAL(result_runtime_versions(r, 4, &sb), 2);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&sb), "8.0.31 10.0.12");
    for (int i = 0; i < 4; i++)
        result_release(&r[i]);
    strbuf_release(&sb);
}

static void test_path_absolute(void)
{
    char cwd[4096], want[4200], got[4200];

    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    CU_ASSERT_EQUAL(path_absolute("/usr/bin/dotnet", got, sizeof got), 0);
    CU_ASSERT_STRING_EQUAL(got, "/usr/bin/dotnet");
    snprintf(want, sizeof want, "%s/build/dotnet/dotnet", cwd);
    CU_ASSERT_EQUAL(path_absolute("build/dotnet/dotnet", got, sizeof got), 0);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(path_absolute("./build/dotnet/dotnet", got, sizeof got), 0);
    CU_ASSERT_STRING_EQUAL(got, want);
    /* links are not resolved, "..": kept */
    snprintf(want, sizeof want, "%s/../x", cwd);
    CU_ASSERT_EQUAL(path_absolute("../x", got, sizeof got), 0);
    CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(path_absolute("x", got, 4), -1);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("runtimes", NULL, NULL);

    CU_add_test(s, "parse", test_parse);
    CU_add_test(s, "select", test_select);
    CU_add_test(s, "labels", test_labels);
    CU_add_test(s, "version_conditions", test_version_conditions);
    CU_add_test(s, "result_versions", test_result_versions);
    CU_add_test(s, "path_absolute", test_path_absolute);
}
