/*
 * test_agent.c - the profiler-library preflight: the reference profiler is
 * loadable and exports only its two entry points; a file that is not ELF,
 * an executable without DllGetClassObject, a copy patched to another
 * machine or class, and a copy whose DT_NEEDED library is missing are not.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "../agent/inspect.h"
#include "test_files.h"

void test_register(void);

/* An e_machine that is not this machine's: AArch64 (183), or x86-64 (62) on AArch64. */
#if defined(__aarch64__)
#define OTHER_MACHINE 62
#else
#define OTHER_MACHINE 183
#endif

static int verdict_of(const char *path, struct strbuf *problems, struct strbuf *warnings, struct agent_facts *f)
{
    struct err e;

    err_init(&e);
    strbuf_reset(problems);
    strbuf_reset(warnings);
    if (agent_inspect(path, f, &e) < 0) {
        fprintf(stderr, "\n    %s\n", e.msg);
        return -2;
    }
    return agent_verdict(f, problems, warnings);
}

/* A copy of src at dst with byte `at` replaced by `value` (when at >= 0). */
static int patched_copy(const char *src, const char *dst, long at, unsigned char value)
{
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    char buf[65536];
    size_t n;
    int rc = in && out ? 0 : -1;

    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    if (rc == 0 && at >= 0) {
        int fd = open(dst, O_WRONLY);
        rc = fd >= 0 && pwrite(fd, &value, 1, at) == 1 ? 0 : -1;
        if (fd >= 0)
            close(fd);
    }
    return rc;
}

static void test_reference_profiler(void)
{
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    struct agent_facts f;

    CU_ASSERT_EQUAL_FATAL(verdict_of(PROFCHECK_REF_PROFILER, &problems, &warnings, &f), 0);
    CU_ASSERT_TRUE(f.is_elf);
    CU_ASSERT_TRUE(f.is_shared);
    CU_ASSERT_TRUE(f.exports_get_class_object);
    CU_ASSERT_TRUE(f.exports_can_unload_now);
    CU_ASSERT_EQUAL(f.nexports, 2); /* nothing of the static libraries leaks out */
    CU_ASSERT_FALSE(f.exec_stack);
    CU_ASSERT_FALSE(f.textrel);
    CU_ASSERT_STRING_EQUAL(f.soname, "libprofcheck_ref.so");
    CU_ASSERT_EQUAL(strlen(f.build_id), 40);
    for (size_t i = 0; i < f.nneeded; i++)
        CU_ASSERT_PTR_NOT_NULL(f.needed[i].found);
    CU_ASSERT_EQUAL(warnings.len, 0);
    agent_facts_release(&f);
    strbuf_release(&problems);
    strbuf_release(&warnings);
}

/* The demonstration agents (fixtures/agents): each loadable but no_export. */
static void test_demo_agents(void)
{
    static const char *const loadable[] = {"correct", "rejit_in_callback", "no_block_inlining", "bad_branch",
                                           "hang_shutdown"};
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    struct agent_facts f;
    char path[4096];

    for (size_t i = 0; i < sizeof loadable / sizeof *loadable; i++) {
        snprintf(path, sizeof path, "%s/libagent_%s.so", PROFCHECK_AGENTS_DIR, loadable[i]);
        CU_ASSERT_EQUAL(verdict_of(path, &problems, &warnings, &f), 0);
        CU_ASSERT_EQUAL(f.nexports, 2);
        agent_facts_release(&f);
        strbuf_reset(&problems);
        strbuf_reset(&warnings);
    }
    snprintf(path, sizeof path, "%s/libagent_no_export.so", PROFCHECK_AGENTS_DIR);
    CU_ASSERT_EQUAL(verdict_of(path, &problems, &warnings, &f), 1);
    CU_ASSERT_FALSE(f.exports_get_class_object);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&problems), "does not export DllGetClassObject"));
    agent_facts_release(&f);
    strbuf_release(&problems);
    strbuf_release(&warnings);
}

static void test_refusals(void)
{
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    struct agent_facts f;
    char dir[] = "/tmp/profcheck-agent-XXXXXX", path[256];

    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);

    /* Not ELF. */
    CU_ASSERT_EQUAL(verdict_of(PROFCHECK_SOURCE_DIR "/README.md", &problems, &warnings, &f), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&problems), "not an ELF file"));
    agent_facts_release(&f);

    /* ELF, but no DllGetClassObject: the profcheck binary itself. */
    CU_ASSERT_EQUAL(verdict_of(PROFCHECK_BINARY, &problems, &warnings, &f), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&problems), "does not export DllGetClassObject"));
    agent_facts_release(&f);

    /* Another machine: e_machine (offset 18) set to AArch64 (183), or x86-64 (62) on AArch64. */
    snprintf(path, sizeof path, "%s/other-machine.so", dir);
    CU_ASSERT_EQUAL_FATAL(patched_copy(PROFCHECK_REF_PROFILER, path, 18, OTHER_MACHINE), 0);
    CU_ASSERT_EQUAL(verdict_of(path, &problems, &warnings, &f), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&problems), "but this machine is"));
    agent_facts_release(&f);
    unlink(path);

    /* A missing DT_NEEDED library: "libc.so.6" renamed in the string table
     * is found by searching the copy for the name. */
    snprintf(path, sizeof path, "%s/missing-needed.so", dir);
    CU_ASSERT_EQUAL_FATAL(patched_copy(PROFCHECK_REF_PROFILER, path, -1, 0), 0);
    {
        FILE *fp = fopen(path, "r+b");
        char *data;
        long size, at = -1;
        CU_ASSERT_FATAL(fp != NULL);
        fseek(fp, 0, SEEK_END);
        size = ftell(fp);
        rewind(fp);
        data = malloc((size_t)size);
        CU_ASSERT_FATAL(data != NULL && fread(data, 1, (size_t)size, fp) == (size_t)size);
        for (long i = 0; i + 10 <= size && at < 0; i++)
            if (memcmp(data + i, "libc.so.6\0", 10) == 0)
                at = i;
        CU_ASSERT_FATAL(at >= 0);
        fseek(fp, at, SEEK_SET);
        fputc('X', fp); /* "Xibc.so.6" */
        fclose(fp);
        free(data);
    }
    CU_ASSERT_EQUAL(verdict_of(path, &problems, &warnings, &f), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&problems), "needs Xibc.so.6, which does not resolve"));
    agent_facts_release(&f);
    unlink(path);

    rmdir(dir);
    strbuf_release(&problems);
    strbuf_release(&warnings);
}

static void test_unreadable(void)
{
    struct agent_facts f;
    struct err e;

    err_init(&e);
    CU_ASSERT_EQUAL(agent_inspect("/nonexistent/lib.so", &f, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/nonexistent/lib.so"));
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("agent", NULL, NULL);

    CU_add_test(s, "reference profiler is loadable", test_reference_profiler);
    CU_add_test(s, "demonstration agents", test_demo_agents);
    CU_add_test(s, "refusals", test_refusals);
    CU_add_test(s, "unreadable file", test_unreadable);
}
