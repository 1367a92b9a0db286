/*
 * test_cli.c - the profcheck command as users meet it: exit codes, --help,
 * and file:line errors for broken case files.  Runs the built binary.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "proc/proc.h"
#include "util/strbuf.h"
#include "test_files.h"

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

/* Runs profcheck with args (NULL-terminated), environment PATH and extra
 * (NULL or NULL-terminated NAME=VALUE strings) only. */
static void run_cli_env(struct cli_result *r, const char *const *args, const char *const *extra)
{
    char *argv[32];
    char path_env[4096], cookie_env[96], cookie[64];
    char *envp[8];
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
    n = 2;
    for (const char *const *x = extra; x && *x && n < 7; x++)
        envp[n++] = (char *)*x;
    envp[n] = NULL;
    spec.path = PROFCHECK_BINARY;
    spec.argv = argv;
    spec.envp = envp;
    spec.cwd = NULL;
    spec.reply_fd = 0;
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

static void run_cli(struct cli_result *r, const char *const *args)
{
    run_cli_env(r, args, NULL);
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

    run_cli(&r, (const char *[]){"run", "--agent", "/x/agent.so", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--agent and --clsid go together"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--agent", "/x/agent.so", "--clsid", "{not-a-guid}", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--clsid: "));
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

#ifdef PROFCHECK_WITH_FIXTURES
/* The fault cases come out with their verdicts and leave nothing behind in
 * the temporary directory; a report directory that cannot be made stops the
 * run before anything starts. */
static void test_faults_leave_nothing(void)
{
    struct cli_result r;
    char tmp[256], reports[256], env[300];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(tmp, sizeof tmp), 0);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(reports, sizeof reports), 0);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    run_cli_env(&r, (const char *[]){"run", "-q", "--no-progress", "-j", "2", "--report-dir", reports,
                                     CASES "/faults", NULL},
                (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_EQUAL(test_count_entries(tmp), 0);
    release(&r);

    run_cli(&r, (const char *[]){"run", "--report-dir", "/dev/null/reports", CASES "/faults/huge-output.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    release(&r);
    test_remove_tree(tmp);
    test_remove_tree(reports);
}

/* --child-env reaches the app; a case's own variable wins. */
static void test_child_env(void)
{
    struct cli_result r;
    char dir[256];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    run_cli(&r, (const char *[]){"run", "-q", "--no-progress", "--report-dir", dir, "--child-env",
                                 "CHILD_ENV_TEST=from-cli", "--child-env", "CASE_ENV_TEST=cli",
                                 DATA "/cases/child-env.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    test_remove_tree(dir);

    run_cli(&r, (const char *[]){"run", "--child-env", "NOEQUALS", DATA "/cases/child-env.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--child-env wants NAME=VALUE"));
    release(&r);
}
#endif

/* `profcheck inspect-agent`, and the same preflight before `run`. */
static void test_inspect_agent(void)
{
    struct cli_result r;

    run_cli(&r, (const char *[]){"inspect-agent", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);

    run_cli(&r, (const char *[]){"inspect-agent", "/nonexistent/lib.so", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    release(&r);

    run_cli(&r, (const char *[]){"inspect-agent", PROFCHECK_BINARY, NULL});
    CU_ASSERT_EQUAL(r.code, 1);
    CU_ASSERT_TRUE(has(&r.out, "does not export DllGetClassObject"));
    CU_ASSERT_TRUE(has(&r.out, "verdict: not loadable as a profiler"));
    release(&r);

    run_cli(&r, (const char *[]){"inspect-agent", "--json", PROFCHECK_BINARY, NULL});
    CU_ASSERT_EQUAL(r.code, 1);
    CU_ASSERT_TRUE(has(&r.out, "\"loadable\":false"));
    CU_ASSERT_TRUE(has(&r.out, "\"dll_get_class_object\":false"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--profiler", PROFCHECK_BINARY, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "cannot be loaded as a profiler"));
    release(&r);
}

/* `profcheck attach`: each refusal that needs no .NET process has its own code. */
static void test_attach_refusals(void)
{
    static const char clsid[] = "D44BE2FE-5787-48B9-ADD7-ED2497A9A74A";
    struct cli_result r;
    char self[32];

    snprintf(self, sizeof self, "%d", (int)getpid());
    run_cli(&r, (const char *[]){"attach", "--help", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "Exit codes"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", self, "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--profiler is required"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", self, "--profiler", "/bin/sh", "--clsid", "not-a-guid", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "is not a GUID"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", "12x", "--profiler", "/bin/sh", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "'12x' is not a process id"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", self, "--profiler", "/nonexistent/lib.so", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "/nonexistent/lib.so"));
    release(&r);

    /* This test program is not a .NET process: no diagnostics socket. */
    run_cli(&r, (const char *[]){"attach", self, "--profiler", "/bin/sh", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 5);
    CU_ASSERT_TRUE(has(&r.err, "has no diagnostics socket"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", "2147483647", "--profiler", "/bin/sh", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 4);
    CU_ASSERT_TRUE(has(&r.err, "no process with id 2147483647"));
    release(&r);

    /* The process is checked before the library. */
    run_cli(&r, (const char *[]){"attach", "2147483647", "--profiler", "/nonexistent/lib.so", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 4);
    CU_ASSERT_TRUE(has(&r.err, "no process with id 2147483647"));
    release(&r);

    run_cli(&r, (const char *[]){"attach", self, "--profiler", "/tmp", "--clsid", clsid, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "/tmp: not a regular file"));
    release(&r);

    /* Client data the protocol cannot carry is a usage error, found before
     * anything is sent. */
    {
        static char big[70001];
        memset(big, 'a', sizeof big - 1);
        run_cli(&r, (const char *[]){"attach", self, "--profiler", "/bin/sh", "--clsid", clsid, "--client-data", big, NULL});
        CU_ASSERT_EQUAL(r.code, 2);
        CU_ASSERT_TRUE(has(&r.err, "the protocol allows"));
        release(&r);
    }
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

    /* Unmet requirements are shown as run would report them. */
    run_cli(&r, (const char *[]){"list", CASES "/selftest/requires-feature.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out),
                           "selftest/requires-feature  (skipped: requires no feature 'linux', which this machine has)\n");
    release(&r);

    run_cli(&r, (const char *[]){"list", "--dotnet", "/bin/false", CASES "/selftest/requires-runtime.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "selftest/requires-runtime  (requirements not checked: `/bin/false --list-runtimes` "
                               "failed (exit code 1))\n"));
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

#ifdef PROFCHECK_WITH_FIXTURES
/* run --agent with a CLSID the library does not serve: exit 3 after one
 * probe, with one message that names the cause, and no case run. */
static void test_agent_probe(void)
{
    struct cli_result r;
    const char *msg;

    run_cli(&r, (const char *[]){"run", "-q", "--no-progress", "--agent",
                                 PROFCHECK_AGENTS_DIR "/libagent_printer.so", "--clsid",
                                 "{00000000-0000-0000-0000-0000000000AA}", CASES "/agent", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    msg = strbuf_str(&r.err);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "cannot be used: the proxy could not load it: DllGetClassObject("
                                       "{00000000-0000-0000-0000-0000000000AA}) answered CLASS_E_CLASSNOTAVAILABLE"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "likely cause: --clsid"));
    CU_ASSERT_PTR_NULL(strstr(strstr(msg, "cannot be used") + 1, "cannot be used"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR:"));
    release(&r);
}

/* A figure the app prints, as a property in the JSON report. */
static void test_property_capture(void)
{
    struct cli_result r;
    char dir[256], json[512];
    size_t doc_len = 0;
    char *doc;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(json, sizeof json, "%s/r.json", dir);
    run_cli(&r, (const char *[]){"run", "-q", "--no-progress", "--report-dir", dir, "--json", json,
                                 CASES "/selftest/property-capture.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    doc = test_read_file(json, &doc_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_PTR_NOT_NULL(strstr(doc, "\"jitted.sum\": \"1225\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(doc, "\"first\": \"2\"")); /* the last line that matches */
    free(doc);
    test_remove_tree(dir);
}

/* The demonstration agent that prints on every callback passes every
 * agent-neutral case, as run --agent runs a vendor's. */
static void test_printer_agent(void)
{
    struct cli_result r;
    char dir[256];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    run_cli(&r, (const char *[]){"run", "-q", "--no-progress", "-j", "2", "--report-dir", dir, "--agent",
                                 PROFCHECK_AGENTS_DIR "/libagent_printer.so", "--clsid",
                                 "{8E0F5C7A-3B1D-4E29-9C6A-2F4D7B8E1A05}", CASES "/agent", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    if (r.code != 0)
        fprintf(stderr, "\n%s%s\n", strbuf_str(&r.out), strbuf_str(&r.err));
    release(&r);
    test_remove_tree(dir);
}

/* A vendor's own directory: an app and an agent outside build/, named in
 * the case file by paths relative to it. */
static void test_vendor_dir(void)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:profcheck:case:1\" timeout=\"60\">\n"
        "  <description>an app and an agent of the vendor's own</description>\n"
        "  <app dll=\"../app/Basic.dll\"/>\n"
        "  <profiler load=\"agent\" path=\"../agents/libagent_correct.so\"\n"
        "            clsid=\"{4708FB50-9DBC-4578-A2BA-4C2853F148FA}\"/>\n"
        "  <steps><wait stdout=\"ready\"/><send stdin=\"call Jit.Compute\"/><wait stdout=\"Jit.Compute=42\"/></steps>\n"
        "</case>\n";
    struct cli_result r;
    char dir[256], path[512], reports[512];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/cases", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/app", dir);
    CU_ASSERT_EQUAL_FATAL(symlink(PROFCHECK_FIXTURES_DIR "/Basic", path), 0);
    snprintf(path, sizeof path, "%s/agents", dir);
    CU_ASSERT_EQUAL_FATAL(symlink(PROFCHECK_AGENTS_DIR, path), 0);
    snprintf(path, sizeof path, "%s/cases/mine.xml", dir);
    CU_ASSERT_EQUAL_FATAL(test_write_file(path, xml, strlen(xml)), 0);
    snprintf(reports, sizeof reports, "%s/reports", dir);
    run_cli(&r, (const char *[]){"run", "--no-progress", "--report-dir", reports, path, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    if (r.code != 0)
        fprintf(stderr, "\n%s%s\n", strbuf_str(&r.out), strbuf_str(&r.err));
    release(&r);
    test_remove_tree(dir);
}
#endif

/* ---- selection: empty selections and shards ---------------------------- */

static void test_allow_empty(void)
{
    struct cli_result r;
    char dir[64], junit[128];
    char *doc;
    size_t len;

    run_cli(&r, (const char *[]){"list", "--filter", "no-such-case*", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "no case matches the selection (--allow-empty accepts that)"));
    release(&r);

    run_cli(&r, (const char *[]){"list", "--allow-empty", "--filter", "no-such-case*", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "");
    release(&r);

    /* An empty run still writes a (valid, empty) report: CI steps expect one. */
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);
    run_cli(&r, (const char *[]){"run", "--allow-empty", "--filter", "no-such-case*", "--junit", junit, CASES,
                                 NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "0 passed, 0 failed, 0 skipped"));
    release(&r);
    doc = test_read_file(junit, &len);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (doc)
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "<testsuites name=\"profcheck\" tests=\"0\""));
    free(doc);
    test_remove_tree(dir);
}

/* Report files go where asked, directories made as needed; a path that
 * cannot be made stops the run before anything starts. */
static void test_report_paths(void)
{
    struct cli_result r;
    char dir[64], junit[160], tap[160], json[160];
    size_t len;
    char *doc;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(junit, sizeof junit, "%s/a/b/junit.xml", dir);
    snprintf(tap, sizeof tap, "%s/c/run.tap", dir);
    snprintf(json, sizeof json, "%s/d/run.json", dir);
    run_cli(&r, (const char *[]){"run", "-q", "--allow-empty", "--filter", "no-such-case*", "--junit", junit, "--tap",
                                 tap, "--json", json, CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    doc = test_read_file(tap, &len);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (doc)
        CU_ASSERT_STRING_EQUAL(doc, "TAP version 13\n1..0\n");
    free(doc);
    doc = test_read_file(json, &len);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (doc)
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "\"format\": \"profcheck-results/1\""));
    free(doc);
    CU_ASSERT_EQUAL(test_count_entries(dir), 3);
    test_remove_tree(dir);

    run_cli(&r, (const char *[]){"run", "--junit", "/proc/self/none/junit.xml", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "cannot create the directory '/proc/self/none'"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    release(&r);
}

/* Splits a list output into lines (in place); returns how many. */
static size_t split_lines(char *text, char **lines, size_t max)
{
    size_t n = 0;

    for (char *line = strtok(text, "\n"); line && n < max; line = strtok(NULL, "\n"))
        lines[n++] = line;
    return n;
}

static void test_shards_cover_the_list(void)
{
    enum { MAX_IDS = 1024 };
    struct cli_result all, part;
    static char *full[MAX_IDS], *got[MAX_IDS];
    int seen[MAX_IDS] = {0};
    size_t nfull, total = 0;

    run_cli(&all, (const char *[]){"list", CASES, NULL});
    CU_ASSERT_EQUAL_FATAL(all.code, 0);
    nfull = split_lines(all.out.buf, full, MAX_IDS);
    CU_ASSERT_TRUE_FATAL(nfull >= 3);
    for (int i = 1; i <= 3; i++) {
        char spec[16];
        size_t n;

        snprintf(spec, sizeof spec, "%d/3", i);
        run_cli(&part, (const char *[]){"list", "--shard", spec, CASES, NULL});
        CU_ASSERT_EQUAL(part.code, 0);
        n = split_lines(part.out.buf, got, MAX_IDS);
        CU_ASSERT_TRUE(n > 0);
        /* Shards differ in size by one at most. */
        CU_ASSERT_TRUE(n * 3 + 3 > nfull && n * 3 < nfull + 3);
        for (size_t k = 0; k < n; k++) {
            size_t j = 0;

            while (j < nfull && strcmp(full[j], got[k]) != 0)
                j++;
            CU_ASSERT_TRUE(j < nfull);
            if (j < nfull)
                seen[j]++;
        }
        total += n;
        release(&part);
    }
    /* Every case once: none missing, none twice. */
    CU_ASSERT_EQUAL(total, nfull);
    for (size_t j = 0; j < nfull; j++)
        CU_ASSERT_EQUAL(seen[j], 1);
    release(&all);
}

static void test_shard_from_environment(void)
{
    struct cli_result opt, env;

    run_cli(&opt, (const char *[]){"list", "--shard", "2/3", CASES, NULL});
    run_cli_env(&env, (const char *[]){"list", CASES, NULL},
                (const char *[]){"PROFCHECK_SHARD_INDEX=2", "PROFCHECK_TOTAL_SHARDS=3", NULL});
    CU_ASSERT_EQUAL(opt.code, 0);
    CU_ASSERT_EQUAL(env.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&opt.out), strbuf_str(&env.out));
    release(&opt);
    release(&env);

    /* The option wins over the environment. */
    run_cli(&opt, (const char *[]){"list", "--shard", "1/3", CASES, NULL});
    run_cli_env(&env, (const char *[]){"list", "--shard", "1/3", CASES, NULL},
                (const char *[]){"PROFCHECK_SHARD_INDEX=2", "PROFCHECK_TOTAL_SHARDS=3", NULL});
    CU_ASSERT_STRING_EQUAL(strbuf_str(&opt.out), strbuf_str(&env.out));
    release(&opt);
    release(&env);

    /* More shards than cases: an empty shard is no error. */
    run_cli(&opt, (const char *[]){"list", "--shard", "9999/10000", CASES, NULL});
    CU_ASSERT_EQUAL(opt.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&opt.out), "");
    release(&opt);
}

static void test_shard_refusals(void)
{
    static const char *const bad[] = {"0/3", "4/3", "3", "a/b", "1/0", "/3", "1/", "-1/3"};
    struct cli_result r;

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        run_cli(&r, (const char *[]){"list", "--shard", bad[i], CASES, NULL});
        CU_ASSERT_EQUAL(r.code, 2);
        CU_ASSERT_TRUE(has(&r.err, "shard"));
        release(&r);
    }
    run_cli_env(&r, (const char *[]){"run", CASES, NULL}, (const char *[]){"PROFCHECK_SHARD_INDEX=2", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "PROFCHECK_SHARD_INDEX and PROFCHECK_TOTAL_SHARDS go together"));
    release(&r);
    run_cli_env(&r, (const char *[]){"run", CASES, NULL},
                (const char *[]){"PROFCHECK_SHARD_INDEX=4", "PROFCHECK_TOTAL_SHARDS=3", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);
    run_cli(&r, (const char *[]){"run", "-j", "0", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "-j"));
    release(&r);
    run_cli(&r, (const char *[]){"run", "--retries", "x", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--retries"));
    release(&r);
}

#ifdef PROFCHECK_WITH_FIXTURES
/* ---- SIGINT in the middle of a run ------------------------------------------ */

/* Live processes whose environment has PROFCHECK_RUN=<prefix>... */
static int count_run_processes(const char *prefix)
{
    char needle[96];
    size_t nlen;
    DIR *d = opendir("/proc");
    struct dirent *de;
    int n = 0;

    snprintf(needle, sizeof needle, "%s=%s", PROC_COOKIE_VAR, prefix);
    nlen = strlen(needle);
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        char path[64], stat_path[64], *env, *st;
        size_t len, stat_len;

        if (de->d_name[0] < '1' || de->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/environ", de->d_name);
        snprintf(stat_path, sizeof stat_path, "/proc/%s/stat", de->d_name);
        env = test_read_file(path, &len);
        st = test_read_file(stat_path, &stat_len);
        /* Zombies are dead already; their parent reaps them. */
        if (env && st && !(strrchr(st, ')') && strrchr(st, ')')[1] == ' ' && strrchr(st, ')')[2] == 'Z'))
            for (size_t at = 0; at < len; at += strlen(env + at) + 1)
                if (strncmp(env + at, needle, nlen) == 0) {
                    n++;
                    break;
                }
        free(env);
        free(st);
    }
    closedir(d);
    return n;
}

/*
 * Starts a run whose first case hangs after its app spawned a descendant
 * in a session of its own, sends SIGINT once the case waits at its last
 * step, and checks what a user gets: exit 1, a report of what ran, and no
 * process of the run left.
 */
static void test_interrupt_mid_run(void)
{
    char dir[64], junit[128], json[128], prefix[32], cookie[64], cookie_env[96], path_env[4096];
    char *argv[] = {PROFCHECK_BINARY, "run", "-v", "-j1", "--timeout-scale", "20", "--junit", junit, "--json",
                    json, CASES "/selftest/hang-detached-child.xml", CASES "/selftest/wrong-expectation.xml",
                    NULL};
    char *envp[] = {path_env, cookie_env, NULL};
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    struct proc_spec spec = {PROFCHECK_BINARY, argv, envp, NULL, 0};
    struct proc p;
    struct err e;
    int signalled = 0, left;
    char *doc;
    size_t len;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(junit, sizeof junit, "%s/junit.xml", dir);
    snprintf(json, sizeof json, "%s/run.json", dir);
    snprintf(path_env, sizeof path_env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    snprintf(cookie, sizeof cookie, "test-cli-int-%d", (int)getpid());
    snprintf(cookie_env, sizeof cookie_env, "%s=%s", PROC_COOKIE_VAR, cookie);
    err_init(&e);
    if (proc_spawn(&p, &spec, &e) < 0) {
        CU_FAIL(e.msg);
        test_remove_tree(dir);
        return;
    }
    close(p.in_fd);
    p.in_fd = -1;
    snprintf(prefix, sizeof prefix, "%d-", (int)p.pid);
    /* At most two minutes for the app to start and reach its last step. */
    for (int i = 0; i < 1200 && (p.out_fd >= 0 || p.err_fd >= 0); i++) {
        struct pollfd fds[2] = {{p.out_fd, POLLIN, 0}, {p.err_fd, POLLIN, 0}};

        poll(fds, 2, 100);
        read_some(&p.out_fd, &out);
        read_some(&p.err_fd, &err);
        if (!signalled && strstr(strbuf_str(&out), "] step 5: ")) {
            /* The app and its detached descendant are alive now (looked for
             * a few times: a process in the middle of an exec may briefly
             * show no environment)... */
            int alive = 0;
            for (int tries = 0; tries < 50 && (alive = count_run_processes(prefix)) < 2; tries++)
                usleep(100 * 1000);
            CU_ASSERT_TRUE(alive >= 2);
            kill(p.pid, SIGINT);
            signalled = 1;
        }
    }
    CU_ASSERT_TRUE(signalled);
    proc_kill_tree(&p, cookie);
    CU_ASSERT_TRUE(p.exited && WIFEXITED(p.status));
    if (p.exited && WIFEXITED(p.status))
        CU_ASSERT_EQUAL(WEXITSTATUS(p.status), 1);
    CU_ASSERT_TRUE(has(&err, "interrupted by SIGINT: 1 of 2 cases started, the rest did not run"));
    CU_ASSERT_TRUE(has(&out, "ERROR: selftest/hang-detached-child"));
    CU_ASSERT_TRUE(has(&out, "interrupted while waiting at step 5"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&out), "wrong-expectation"));
    /* ...and gone after it, the descendant that called setsid included. */
    left = count_run_processes(prefix);
    CU_ASSERT_EQUAL(left, 0);
    /* The reports hold the case that ran, and only that one. */
    doc = test_read_file(junit, &len);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (doc) {
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "tests=\"1\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "<error message=\"" CASES "/selftest/hang-detached-child.xml:"));
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "interrupted while waiting at step 5"));
        free(doc);
    }
    doc = test_read_file(json, &len);
    CU_ASSERT_PTR_NOT_NULL(doc);
    if (doc) {
        CU_ASSERT_PTR_NOT_NULL(strstr(doc, "\"verdict\": \"ERROR\""));
        free(doc);
    }
    proc_release(&p);
    strbuf_release(&out);
    strbuf_release(&err);
    test_remove_tree(dir);
}
#endif

void test_register(void)
{
    CU_pSuite s = CU_add_suite("cli", NULL, NULL);

    CU_add_test(s, "version_and_help", test_version_and_help);
    CU_add_test(s, "usage_errors", test_usage_errors);
    CU_add_test(s, "validate", test_validate);
    CU_add_test(s, "list", test_list);
    CU_add_test(s, "run_refusals", test_run_refusals);
    CU_add_test(s, "allow_empty", test_allow_empty);
    CU_add_test(s, "report_paths", test_report_paths);
    CU_add_test(s, "shards_cover_the_list", test_shards_cover_the_list);
    CU_add_test(s, "shard_from_environment", test_shard_from_environment);
    CU_add_test(s, "shard_refusals", test_shard_refusals);
    CU_add_test(s, "attach_refusals", test_attach_refusals);
    CU_add_test(s, "inspect_agent", test_inspect_agent);
#ifdef PROFCHECK_WITH_FIXTURES
    CU_add_test(s, "interrupt_mid_run", test_interrupt_mid_run);
    CU_add_test(s, "agent_probe", test_agent_probe);
    CU_add_test(s, "vendor_dir", test_vendor_dir);
    CU_add_test(s, "property_capture", test_property_capture);
    CU_add_test(s, "printer_agent", test_printer_agent);
    CU_add_test(s, "child_env", test_child_env);
    CU_add_test(s, "faults_leave_nothing", test_faults_leave_nothing);
#endif
}
