/*
 * test_cli.c - the profcheck command as users meet it: exit codes, --help,
 * and file:line errors for broken case files.  Runs the built binary.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "proc/proc.h"
#include "util/strbuf.h"

void test_register(void);

#define DATA PROFCHECK_TEST_DATA
#define CASES PROFCHECK_SOURCE_DIR "/cases"

struct cli_result {
    int code; /* exit code, or -1 when killed by a signal */
    struct strbuf out;
    struct strbuf err;
};

static void read_some(int *fd, struct strbuf *sb)
{
    char buf[4096];
    ssize_t n;

    while (*fd >= 0) {
        n = read(*fd, buf, sizeof buf);
        if (n > 0) {
            strbuf_add(sb, buf, (size_t)n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        close(*fd);
        *fd = -1;
    }
}

/* Runs profcheck with args (NULL-terminated), environment PATH only. */
static void run_cli(struct cli_result *r, const char *const *args)
{
    char *argv[32];
    char path_env[4096], cookie_env[96], cookie[64];
    char *envp[3];
    struct proc_spec spec;
    struct proc p;
    struct err e;
    int n = 0;

    strbuf_init(&r->out);
    strbuf_init(&r->err);
    r->code = -2;
    argv[n++] = PROFCHECK_BINARY;
    for (const char *const *a = args; *a && n < 31; a++)
        argv[n++] = (char *)*a;
    argv[n] = NULL;
    snprintf(path_env, sizeof path_env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    snprintf(cookie, sizeof cookie, "test-cli-%d", (int)getpid());
    snprintf(cookie_env, sizeof cookie_env, "%s=%s", PROC_COOKIE_VAR, cookie);
    envp[0] = path_env;
    envp[1] = cookie_env;
    envp[2] = NULL;
    spec.path = PROFCHECK_BINARY;
    spec.argv = argv;
    spec.envp = envp;
    spec.cwd = NULL;
    err_init(&e);
    if (proc_spawn(&p, &spec, &e) < 0) {
        CU_FAIL(e.msg);
        return;
    }
    close(p.in_fd);
    p.in_fd = -1;
    for (int i = 0; i < 6000 && (p.out_fd >= 0 || p.err_fd >= 0); i++) {
        struct pollfd fds[2] = {{p.out_fd, POLLIN, 0}, {p.err_fd, POLLIN, 0}};
        poll(fds, 2, 100);
        read_some(&p.out_fd, &r->out);
        read_some(&p.err_fd, &r->err);
    }
    proc_kill_tree(&p, cookie);
    if (p.exited)
        r->code = WIFEXITED(p.status) ? WEXITSTATUS(p.status) : -1;
    proc_release(&p);
}

static void release(struct cli_result *r)
{
    strbuf_release(&r->out);
    strbuf_release(&r->err);
}

static int has(const struct strbuf *sb, const char *text)
{
    if (strstr(strbuf_str(sb), text))
        return 1;
    fprintf(stderr, "\n    missing '%s' in:\n%s\n", text, strbuf_str(sb));
    return 0;
}

static void test_version_and_help(void)
{
    struct cli_result r;

    run_cli(&r, (const char *[]){"--version", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "profcheck " PROFCHECK_VERSION "\n"));
    release(&r);

    run_cli(&r, (const char *[]){"--help", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "run [CASE|DIR]"));
    CU_ASSERT_TRUE(has(&r.out, "list"));
    CU_ASSERT_TRUE(has(&r.out, "validate"));
    CU_ASSERT_TRUE(has(&r.out, "merge"));
    release(&r);

    for (const char *const *cmd = (const char *[]){"run", "list", "validate", "merge", NULL}; *cmd; cmd++) {
        run_cli(&r, (const char *[]){*cmd, "--help", NULL});
        CU_ASSERT_EQUAL(r.code, 0);
        CU_ASSERT_TRUE(has(&r.out, "usage: profcheck "));
        release(&r);
    }
}

static void test_usage_errors(void)
{
    struct cli_result r;

    run_cli(&r, (const char *[]){NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);

    run_cli(&r, (const char *[]){"frobnicate", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "unknown command 'frobnicate'"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--bogus", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "unknown option '--bogus'"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--timeout-scale", "abc", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--timeout-scale needs a positive number"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--filter", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "needs a value"));
    release(&r);

    run_cli(&r, (const char *[]){"validate", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);

    run_cli(&r, (const char *[]){"merge", "out.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);
}

static void test_validate(void)
{
    struct cli_result r;

    run_cli(&r, (const char *[]){"validate", DATA "/good/minimal.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "1 case file is valid"));
    release(&r);

    run_cli(&r, (const char *[]){"validate", DATA "/bad/not-well-formed.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, DATA "/bad/not-well-formed.xml:5: Opening and ending tag mismatch"));
    release(&r);

    run_cli(&r, (const char *[]){"validate", DATA "/bad", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, DATA "/bad/unknown-field.xml:6: unknown event field 'methd'"));
    CU_ASSERT_TRUE(has(&r.err, DATA "/bad/missing-app.xml:4: "));
    CU_ASSERT_TRUE(has(&r.err, "3 of 3 case files are invalid"));
    release(&r);

    run_cli(&r, (const char *[]){"validate", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
}

static void test_list(void)
{
    struct cli_result r;
    const char *s;

    run_cli(&r, (const char *[]){"list", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "jit/started-finished\n"));
    CU_ASSERT_TRUE(has(&r.out, "selftest/wrong-expectation\n"));
    /* sorted: every jit/ id before every selftest/ id */
    s = strbuf_str(&r.out);
    CU_ASSERT_TRUE(strstr(s, "jit/") < strstr(s, "selftest/"));
    release(&r);

    run_cli(&r, (const char *[]){"list", "--filter", "selftest/*", "--filter", "!selftest/hang*", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "jit/"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "selftest/hang"));
    CU_ASSERT_TRUE(has(&r.out, "selftest/wrong-expectation\n"));
    release(&r);

    run_cli(&r, (const char *[]){"list", "--tag", "exception", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "jit/exception-thrown\n");
    release(&r);

    run_cli(&r, (const char *[]){"list", CASES "/jit/module-load.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "jit/module-load\n");
    release(&r);
}

static void test_run_refusals(void)
{
    struct cli_result r;

    run_cli(&r, (const char *[]){"run", "--filter", "no-such-case*", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "no case matches the selection"));
    release(&r);

    run_cli(&r, (const char *[]){"run", DATA "/bad", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "nothing was run"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--dotnet", "/nonexistent/dotnet", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "'/nonexistent/dotnet' is not an executable dotnet host"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--profiler", "/nonexistent/lib.so", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "profiler library '/nonexistent/lib.so'"));
    release(&r);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("cli", NULL, NULL);

    CU_add_test(s, "version_and_help", test_version_and_help);
    CU_add_test(s, "usage_errors", test_usage_errors);
    CU_add_test(s, "validate", test_validate);
    CU_add_test(s, "list", test_list);
    CU_add_test(s, "run_refusals", test_run_refusals);
}
