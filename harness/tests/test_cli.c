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
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
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
/* --fixtures keeps a run on one runtime, with plain ids (docs/runtimes.md). */
#define FIXTURES PROFCHECK_BUILD_DIR "/fixtures"
#define RUNTIMES_TXT PROFCHECK_BUILD_DIR "/dotnet/runtimes.txt"

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
 * (NULL or NULL-terminated NAME=VALUE strings, a PATH there replacing
 * this one's) only, in directory cwd (NULL: this one). */
static void run_cli_in(struct cli_result *r, const char *cwd, const char *const *args, const char *const *extra)
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
    n = 0;
    envp[n++] = cookie_env;
    for (const char *const *x = extra; x && *x && n < 6; x++) {
        if (strncmp(*x, "PATH=", 5) == 0) /* extra's PATH instead of this one's */
            path_env[0] = '\0';
        envp[n++] = (char *)*x;
    }
    if (path_env[0])
        envp[n++] = path_env;
    envp[n] = NULL;
    spec.path = PROFCHECK_BINARY;
    spec.argv = argv;
    spec.envp = envp;
    spec.cwd = cwd;
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

static void run_cli_env(struct cli_result *r, const char *const *args, const char *const *extra)
{
    run_cli_in(r, NULL, args, extra);
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

    /* the release, and the revision when built from git */
    run_cli(&r, (const char *[]){"--version", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "profcheck " PROFCHECK_VERSION));
    CU_ASSERT_EQUAL(r.out.len - 1, strcspn(strbuf_str(&r.out), "\n")); /* one line */
    release(&r);

    /* --version --verbose: where each file comes from, as `profcheck paths` */
    run_cli(&r, (const char *[]){"--version", "--verbose", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "layout     build tree " PROFCHECK_BUILD_DIR ", sources " PROFCHECK_SOURCE_DIR "\n"));
    CU_ASSERT_TRUE(has(&r.out, "cases      " CASES " (build tree)\n"));
    CU_ASSERT_TRUE(has(&r.out, "profiler   " PROFCHECK_BUILD_DIR "/lib/libprofcheck_ref.so (build tree)"));
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

    /* The range is said, whichever way the value is out of it. */
    for (const char *const *v = (const char *[]){"abc", "0", "-1", "1e308", "1e-300", "0.01", "1001", NULL}; *v; v++) {
        run_cli(&r, (const char *[]){"run", "--timeout-scale", *v, NULL});
        CU_ASSERT_EQUAL(r.code, 2);
        CU_ASSERT_TRUE(has(&r.err, "--timeout-scale needs a number from 0.05 to 1000, not '"));
        release(&r);
    }

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

/* Makes a directory path of exactly len characters under base (which must be shorter). */
static int long_dir(const char *base, size_t len, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "%s/", base);

    while (n < len && n + 1 < size)
        out[n++] = 'd';
    out[n] = '\0';
    return mkdir(out, 0700);
}

/* A TMPDIR too long for the sockets of a case (the runtime cuts its own
 * diagnostics socket's path at 107 bytes): run directories go to a shorter
 * root, said once, and every case runs — attach cases included. */
static void test_long_tmpdir(void)
{
    struct cli_result r;
    char base[64], tmp[160], env[200];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(base, sizeof base), 0);
    for (size_t len = 60; len <= 100; len += 40) {
        CU_ASSERT_EQUAL_FATAL(long_dir(base, len, tmp, sizeof tmp), 0);
        snprintf(env, sizeof env, "TMPDIR=%s", tmp);
        run_cli_env(&r, (const char *[]){"run", "--no-progress", "--fixtures", FIXTURES, "--report-dir", base,
                                         CASES "/attach/basic.xml",
                                         CASES "/jit/module-load.xml", NULL},
                    (const char *[]){env, NULL});
        CU_ASSERT_EQUAL(r.code, 0);
        CU_ASSERT_TRUE(has(&r.err, "is too long for the sockets of a case"));
        CU_ASSERT_TRUE(has(&r.out, "PASS: attach/basic"));
        CU_ASSERT_TRUE(has(&r.out, "2 passed, 0 failed"));
        CU_ASSERT_EQUAL(test_count_entries(tmp), 0);
        release(&r);
    }
    test_remove_tree(base);
}

/* A TMPDIR that cannot take the run is one message and exit 3, before any
 * case: not writable, or full (a 1 MiB tmpfs, when this test may mount one). */
static void test_unusable_tmpdir(void)
{
    struct cli_result r;
    char dir[64], env[100];

    for (const char *const *t = (const char *[]){"TMPDIR=/proc/self", "TMPDIR=/sys", NULL}; *t; t++) {
        run_cli_env(&r, (const char *[]){"run", "--no-progress", CASES "/jit", NULL}, (const char *[]){*t, NULL});
        CU_ASSERT_EQUAL(r.code, 3);
        CU_ASSERT_TRUE(has(&r.err, "cannot create a run directory in TMPDIR "));
        CU_ASSERT_TRUE(has(&r.err, "nothing was run"));
        CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
        release(&r);
    }

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    if (geteuid() == 0 && mount("tmpfs", dir, "tmpfs", 0, "size=1m") == 0) {
        snprintf(env, sizeof env, "TMPDIR=%s", dir);
        run_cli_env(&r, (const char *[]){"run", "--no-progress", "-j", "2", CASES "/jit", NULL},
                    (const char *[]){env, NULL});
        CU_ASSERT_EQUAL(r.code, 3);
        CU_ASSERT_TRUE(has(&r.err, "has no room for the event rings of this run"));
        CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
        CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "FAIL"));
        CU_ASSERT_EQUAL(test_count_entries(dir), 0);
        release(&r);
        umount2(dir, MNT_DETACH);
    }
    test_remove_tree(dir);
}

/* What a run killed with SIGKILL left in TMPDIR (its directory, socket and
 * ring) is removed by the next run: the pid in the name is gone. */
static void test_stale_run_dirs(void)
{
    struct cli_result r;
    char tmp[64], env[100], stale[160], ring[200], live[160];
    pid_t dead = fork();

    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(tmp, sizeof tmp), 0);
    snprintf(stale, sizeof stale, "%s/profcheck-%d-AbC123", tmp, (int)dead);
    snprintf(ring, sizeof ring, "%s/q1W2e3", stale);
    CU_ASSERT_EQUAL(mkdir(stale, 0700), 0);
    CU_ASSERT_EQUAL(mkdir(ring, 0700), 0);
    snprintf(ring, sizeof ring, "%s/q1W2e3/events.ring", stale);
    CU_ASSERT_EQUAL(test_write_file(ring, "ring", 4), 0);
    /* ...but not a live process's, nor what is not profcheck's. */
    snprintf(live, sizeof live, "%s/profcheck-%d-AbC123", tmp, (int)getpid());
    CU_ASSERT_EQUAL(mkdir(live, 0700), 0);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    run_cli_env(&r, (const char *[]){"run", "-q", "--report-dir", tmp, CASES "/jit/module-load.xml", NULL},
                (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    CU_ASSERT_NOT_EQUAL(access(stale, F_OK), 0);
    CU_ASSERT_EQUAL(access(live, F_OK), 0);
    test_remove_tree(tmp);
}

/* Runs profcheck under a descriptor limit (soft and hard, as `ulimit -n` sets
 * them); root only, to raise the hard limit again afterwards.  0, or -1
 * when the limit cannot be set. */
static int run_with_nofile(struct cli_result *r, rlim_t limit, const char *const *args, const char *const *env)
{
    struct rlimit old, low = {limit, limit};

    if (geteuid() != 0 || getrlimit(RLIMIT_NOFILE, &old) < 0 || setrlimit(RLIMIT_NOFILE, &low) < 0)
        return -1;
    run_cli_env(r, args, env);
    setrlimit(RLIMIT_NOFILE, &old);
    return 0;
}

/* With few descriptors, -j is lowered to what they allow (said once) and
 * nothing is left in TMPDIR; with too few for one case, exit 3.  The apps
 * inherit the limit: a fixture on 10.0 with its reply pipe needs 41
 * (observed: at 40 its Console.ReadLine fails with "Too many open files"),
 * so the limit here leaves it a few more. */
static void test_few_descriptors(void)
{
    struct cli_result r;
    char tmp[64], env[100];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(tmp, sizeof tmp), 0);
    snprintf(env, sizeof env, "TMPDIR=%s", tmp);
    if (run_with_nofile(&r, 44,
                        (const char *[]){"run", "--no-progress", "-j", "8", "--fixtures", FIXTURES, "--report-dir", tmp,
                                         CASES "/jit", NULL},
                        (const char *[]){env, NULL}) == 0) {
        CU_ASSERT_EQUAL(r.code, 0);
        CU_ASSERT_TRUE(has(&r.err, "-j 4 needs"));
        CU_ASSERT_TRUE(has(&r.err, "the limit is 44 (ulimit -n): running -j 1"));
        CU_ASSERT_TRUE(has(&r.out, "4 passed, 0 failed"));
        CU_ASSERT_EQUAL(test_count_entries(tmp), 2); /* junit.xml, index.html */
        release(&r);
    }
    if (run_with_nofile(&r, 24, (const char *[]){"run", "--no-progress", "--report-dir", tmp, CASES "/jit", NULL},
                        (const char *[]){env, NULL}) == 0) {
        CU_ASSERT_EQUAL(r.code, 3);
        CU_ASSERT_TRUE(has(&r.err, "24 file descriptors (ulimit -n) are too few to run a case"));
        CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
        release(&r);
    }
    test_remove_tree(tmp);
}

/* A relative --dotnet works (the apps start in directories of their own);
 * a host without a runtime for the fixtures stops the run once, exit 3. */
static void test_host_paths(void)
{
    struct cli_result r;
    char dir[256], dotnet[4096], fake[512], config[600];
    static const char runtimeconfig[] = "{\"runtimeOptions\": {\"tfm\": \"net1.0\", \"framework\": "
                                        "{\"name\": \"Microsoft.NETCore.App\", \"version\": \"1.0.0\"}}}\n";
    const char *path = getenv("PATH");

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    /* dotnet on PATH, as the relative path "./dotnet" from dir */
    dotnet[0] = '\0';
    while (path && *path && !dotnet[0]) {
        size_t n = strcspn(path, ":");

        snprintf(dotnet, sizeof dotnet, "%.*s/dotnet", (int)n, path);
        if (access(dotnet, X_OK) != 0)
            dotnet[0] = '\0';
        path += n + (path[n] == ':');
    }
    CU_ASSERT_TRUE_FATAL(dotnet[0] != '\0');
    snprintf(fake, sizeof fake, "%s/dotnet", dir);
    CU_ASSERT_EQUAL_FATAL(symlink(dotnet, fake), 0);
    run_cli_in(&r, dir, (const char *[]){"run", "-q", "--no-progress", "--report-dir", "reports", "--dotnet",
                                         "./dotnet", "--fixtures", FIXTURES, CASES "/jit/module-load.xml", NULL},
               NULL);
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "1 passed, 0 failed, 0 skipped"));
    release(&r);

    /* Fixtures for a runtime no host has: one message, no case started. */
    snprintf(fake, sizeof fake, "%s/fixtures", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(fake, 0700), 0);
    snprintf(fake, sizeof fake, "%s/fixtures/Fake", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(fake, 0700), 0);
    snprintf(config, sizeof config, "%s/Fake.runtimeconfig.json", fake);
    CU_ASSERT_EQUAL_FATAL(test_write_file(config, runtimeconfig, sizeof runtimeconfig - 1), 0);
    run_cli_in(&r, dir, (const char *[]){"run", "--report-dir", "reports", "--fixtures", "fixtures",
                                         CASES "/jit/module-load.xml", NULL},
               NULL);
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "cannot run the fixtures of "));
    CU_ASSERT_TRUE(has(&r.err, "no installed runtime can run Fake (it targets 1.0.0)"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
    release(&r);
    test_remove_tree(dir);
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

/* A fake host that has 8.0.5, 8.0.11 and 10.0.1, into dir/dotnet. */
static void fake_host(const char *dir, char *host, size_t size)
{
    static const char script[] = "#!/bin/sh\n"
                                 "echo 'Microsoft.AspNetCore.App 8.0.11 [/x]'\n"
                                 "echo 'Microsoft.NETCore.App 8.0.5 [/x]'\n"
                                 "echo 'Microsoft.NETCore.App 8.0.11 [/x]'\n"
                                 "echo 'Microsoft.NETCore.App 10.0.1 [/x]'\n";

    snprintf(host, size, "%s/dotnet", dir);
    CU_ASSERT_EQUAL(test_write_file(host, script, sizeof script - 1), 0);
    CU_ASSERT_EQUAL(chmod(host, 0755), 0);
}

/* A data directory as installed (share/profcheck) under dir/name: the
 * suite and, with fixtures NULL, a runtimes list of 8.0, 9.0 and 10.0 with
 * empty fixture folders; otherwise the runtimes list `listing` (a file,
 * copied) and fixtures a link to that directory. */
static void data_dir(const char *dir, const char *name, const char *listing, const char *fixtures, char *data,
                     size_t size)
{
    static const char three[] = "# installed\n8.0\t8.0.31\tnet8.0\t-\t-\n9.0\t9.0.20\tnet9.0\t-\t-\n"
                                "10.0\t10.0.12\tnet10.0\t-\t-\n";
    char path[600], *text;
    size_t len;

    snprintf(data, size, "%s/%s", dir, name);
    CU_ASSERT_EQUAL(mkdir(data, 0700), 0);
    snprintf(path, sizeof path, "%s/cases", data);
    CU_ASSERT_EQUAL(symlink(CASES, path), 0);
    snprintf(path, sizeof path, "%s/fixtures", data);
    if (fixtures) {
        CU_ASSERT_EQUAL(symlink(fixtures, path), 0);
        text = test_read_file(listing, &len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    } else {
        CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
        for (const char *const *tfm = (const char *[]){"net8.0", "net9.0", "net10.0", NULL}; *tfm; tfm++) {
            snprintf(path, sizeof path, "%s/fixtures/%s", data, *tfm);
            CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
        }
        text = test_dup(three);
        len = sizeof three - 1;
    }
    snprintf(path, sizeof path, "%s/runtimes.txt", data);
    CU_ASSERT_EQUAL(test_write_file(path, text, len), 0);
    free(text);
}

/*
 * An installed profcheck's data (PROFCHECK_DATA_DIR) has no .NET root: each
 * runtime runs on the host's newest of its line, one the host lacks is
 * left out and said so, and one asked for by name is an error.  Case ids
 * and areas of the installed suite work as arguments from anywhere.
 */
static void test_data_dir(void)
{
    struct cli_result r;
    char dir[256], host[300], data[300], env[400];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    fake_host(dir, host, sizeof host);
    data_dir(dir, "data", NULL, NULL, data, sizeof data);
    snprintf(env, sizeof env, "PROFCHECK_DATA_DIR=%s", data);

    run_cli_in(&r, "/", (const char *[]){"list", "--dotnet", host, "jit/module-load", NULL},
               (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "jit/module-load [net8.0]\njit/module-load [net10.0]\n");
    CU_ASSERT_TRUE(has(&r.err, "left out net9.0: "));
    CU_ASSERT_TRUE(has(&r.err, "has no 9.0 runtime (it has 8.0.5, 8.0.11, 10.0.1)"));
    release(&r);

    /* an area by its name */
    run_cli_in(&r, "/", (const char *[]){"list", "--dotnet", host, "--runtime", "10", "jit", NULL},
               (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "jit/started-finished [net10.0]\n"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "[net8.0]"));
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.err), "");
    release(&r);

    run_cli_in(&r, "/", (const char *[]){"list", "--dotnet", host, "--runtime", "9.0", "jit", NULL},
               (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "has no 9.0 runtime (it has 8.0.5, 8.0.11, 10.0.1): install it, or pass --dotnet"));
    release(&r);

    /* a runtime without installed fixtures says so, without make build */
    run_cli_in(&r, "/", (const char *[]){"list", "--dotnet", host, "--runtime", "7.0", "jit", NULL},
               (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "runtime 7.0 is not built: "));
    CU_ASSERT_TRUE(has(&r.err, "only the fixtures of those are installed"));
    release(&r);

    /* paths: where everything comes from, and the host's versions */
    run_cli_in(&r, "/", (const char *[]){"paths", "--dotnet", host, NULL}, (const char *[]){env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "(PROFCHECK_DATA_DIR)"));
    CU_ASSERT_TRUE(has(&r.out, "runtime    net8.0 on 8.0.11 (the host's)\n"));
    CU_ASSERT_TRUE(has(&r.out, "runtime    net10.0 on 10.0.1 (the host's)\n"));
    CU_ASSERT_TRUE(has(&r.out, "left out   net9.0: "));
    release(&r);

    /* no host at all: list still lists, run stops with what to do */
    run_cli_in(&r, "/", (const char *[]){"list", "jit/module-load", NULL},
               (const char *[]){"PATH=/nonexistent", env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "jit/module-load [net9.0]\n"));
    CU_ASSERT_TRUE(has(&r.err, "no 'dotnet' on PATH: every runtime of "));
    release(&r);
    run_cli_in(&r, "/", (const char *[]){"run", "--report-dir", dir, "jit/module-load", NULL},
               (const char *[]){"PATH=/nonexistent", env, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "no 'dotnet' on PATH: the cases run on a .NET runtime"));
    release(&r);

#ifdef PROFCHECK_WITH_FIXTURES
    /* a real run on the build's .NET root as the host, matched by line: the
     * build's fixtures and runtimes list, one case on each of its runtimes */
    {
        size_t len;
        char want[64], *listing = test_read_file(RUNTIMES_TXT, &len);
        int n = 0;

        CU_ASSERT_PTR_NOT_NULL_FATAL(listing);
        for (const char *line = listing; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
            n += *line != '#' && *line != '\n';
        free(listing);
        data_dir(dir, "real", RUNTIMES_TXT, FIXTURES, data, sizeof data);
        snprintf(env, sizeof env, "PROFCHECK_DATA_DIR=%s", data);
        run_cli_in(&r, dir, (const char *[]){"run", "-q", "--no-progress", "--report-dir", "reports", "--dotnet",
                                             PROFCHECK_BUILD_DIR "/dotnet/dotnet", "jit/module-load", NULL},
                   (const char *[]){env, NULL});
        CU_ASSERT_EQUAL(r.code, 0);
        snprintf(want, sizeof want, "%d passed, 0 failed, 0 skipped", n);
        CU_ASSERT_TRUE(has(&r.out, want));
        release(&r);
    }
#endif
    test_remove_tree(dir);
}

static void test_list(void)
{
    struct cli_result r;
    const char *s;

    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "jit/started-finished\n"));
    CU_ASSERT_TRUE(has(&r.out, "selftest/wrong-expectation\n"));
    /* sorted: every jit/ id before every selftest/ id */
    s = strbuf_str(&r.out);
    CU_ASSERT_TRUE(strstr(s, "jit/") < strstr(s, "selftest/"));
    release(&r);

    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, "--filter", "selftest/*", "--filter",
                                 "!selftest/hang*", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "jit/"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "selftest/hang"));
    CU_ASSERT_TRUE(has(&r.out, "selftest/wrong-expectation\n"));
    release(&r);

    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, "--tag", "exception", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "jit/exception-thrown\n");
    release(&r);

    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, CASES "/jit/module-load.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "jit/module-load\n");
    release(&r);

    /* Unmet requirements are shown as run would report them. */
    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, CASES "/selftest/requires-feature.xml", NULL});
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

/* ---- runtimes: --runtime, the default over build/dotnet/runtimes.txt ------ */

/* The labels (target frameworks) of the built runtimes, in runtimes.txt
 * order, and which of them is the newest; how many. */
static size_t built_runtimes(char labels[][16], size_t max, size_t *newest)
{
    size_t len, n = 0;
    long best = -1;
    char *text = test_read_file(RUNTIMES_TXT, &len), *save = NULL;

    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line && n < max; line = strtok_r(NULL, "\n", &save)) {
        char name[16], version[32], tfm[16];

        if (line[0] == '#' || sscanf(line, "%15s %31s %15s", name, version, tfm) != 3)
            continue;
        snprintf(labels[n], 16, "%s", tfm);
        if (strtol(name, NULL, 10) > best) {
            best = strtol(name, NULL, 10);
            *newest = n;
        }
        n++;
    }
    free(text);
    return n;
}

static void test_runtimes(void)
{
    char labels[8][16], want[1024], arg[32];
    struct cli_result r;
    size_t newest = 0, n = built_runtimes(labels, 8, &newest), at = 0;

    run_cli(&r, (const char *[]){"list", "--runtime", "eight", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--runtime takes MAJOR.MINOR (8.0), a target framework (net8.0) or all"));
    release(&r);
    /* A runtime that is not built: exit 3, saying what is and how to build it. */
    run_cli(&r, (const char *[]){"list", "--runtime", "1.0", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, n ? "runtime 1.0 is not built: " : "no runtimes are built: "));
    if (n)
        CU_ASSERT_TRUE(has(&r.err, "`make build RUNTIMES="));
    release(&r);
    run_cli(&r, (const char *[]){"run", "--runtime", "1.0", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    release(&r);
    /* PROFCHECK_RUNTIME stands for --runtime */
    run_cli_env(&r, (const char *[]){"list", CASES, NULL}, (const char *[]){"PROFCHECK_RUNTIME=1.0", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    release(&r);
    run_cli_env(&r, (const char *[]){"list", CASES, NULL}, (const char *[]){"PROFCHECK_RUNTIME=x", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    release(&r);
    if (n == 0)
        return;

    /* Every case once per runtime, the runtime's label in its id; the default is all of them. */
    want[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(want + at, sizeof want - at, "jit/module-load [%s]\n", labels[i]);
    run_cli(&r, (const char *[]){"list", "--runtime", "all", CASES "/jit/module-load.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);
    run_cli(&r, (const char *[]){"list", CASES "/jit/module-load.xml", NULL});
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);
    snprintf(want, sizeof want, "jit/module-load [%s]\n", labels[newest]);
    snprintf(arg, sizeof arg, "PROFCHECK_RUNTIME=%s", labels[newest]);
    run_cli_env(&r, (const char *[]){"list", CASES "/jit/module-load.xml", NULL}, (const char *[]){arg, NULL});
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);

    /* --filter sees the id without the runtime; a runtime by its target framework or MAJOR.MINOR. */
    snprintf(arg, sizeof arg, "%s", labels[0]);
    snprintf(want, sizeof want, "rejit/basic[tc=off,r2r=on] [%s]\n", labels[0]);
    run_cli(&r, (const char *[]){"list", "--runtime", arg, "--filter", "rejit/basic[tc=off,r2r=on]", CASES, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);
    run_cli(&r, (const char *[]){"list", "--runtime", arg + 3, "--filter", "rejit/basic[tc=off,r2r=on]", CASES, NULL});
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);

    /* A case that runs once: on the newest runtime only. */
    snprintf(want, sizeof want, "selftest/hang-timeout [%s]\n", labels[newest]);
    run_cli(&r, (const char *[]){"list", "--runtime", "all", CASES "/selftest/hang-timeout.xml", NULL});
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), want);
    release(&r);

    /* <requires runtime> per runtime, with that runtime's version. */
    run_cli(&r, (const char *[]){"list", "--runtime", "all", CASES "/selftest/requires-runtime.xml", NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want,
                 "selftest/requires-runtime [%s]  (skipped: requires runtime >=99.0; the fixture runs on %s", labels[i],
                 labels[i] + 3);
        CU_ASSERT_TRUE(has(&r.out, want));
    }
    release(&r);
}

#ifdef PROFCHECK_WITH_FIXTURES
/* --fixtures DIR on several runtimes: DIR/<tfm>/ first, then DIR/, then the
 * build's; a fixture found built for another runtime skips the case there.
 * On one runtime: DIR, then build/fixtures.  A DIR that is not there is exit 3. */
static void test_fixtures_search(void)
{
    static const char xml[] = "<?xml version=\"1.0\"?>\n<case xmlns=\"urn:profcheck:case:1\" timeout=\"60\">\n"
                              "  <description>a fixture by name</description>\n  <app fixture=\"Basic\"/>\n"
                              "  <steps><wait stdout=\"ready\"/></steps>\n</case>\n";
    char labels[8][16], dir[256], path[512], target[512], want[256];
    size_t newest = 0, n = built_runtimes(labels, 8, &newest);
    struct cli_result r;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(path, sizeof path, "%s/mine", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/mine/basic.xml", dir);
    CU_ASSERT_EQUAL_FATAL(test_write_file(path, xml, strlen(xml)), 0);
    snprintf(path, sizeof path, "%s/vendor", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
    if (n > 0) {
        /* vendor/<first>/Basic is that runtime's; vendor/Basic the newest's. */
        snprintf(path, sizeof path, "%s/vendor/%s", dir, labels[0]);
        CU_ASSERT_EQUAL_FATAL(mkdir(path, 0755), 0);
        snprintf(path, sizeof path, "%s/vendor/%s/Basic", dir, labels[0]);
        snprintf(target, sizeof target, "%s/%s/Basic", FIXTURES, labels[0]);
        CU_ASSERT_EQUAL_FATAL(symlink(target, path), 0);
        snprintf(path, sizeof path, "%s/vendor/Basic", dir);
        snprintf(target, sizeof target, "%s/%s/Basic", FIXTURES, labels[newest]);
        CU_ASSERT_EQUAL_FATAL(symlink(target, path), 0);
        snprintf(path, sizeof path, "%s/vendor", dir);
        run_cli_in(&r, dir, (const char *[]){"list", "--runtime", "all", "--fixtures", "vendor", "mine", NULL}, NULL);
        CU_ASSERT_EQUAL(r.code, 0);
        for (size_t i = 0; i < n; i++) {
            int fits = i == 0 || i == newest;

            snprintf(want, sizeof want, "basic [%s]%s", labels[i], fits ? "\n" : "  (skipped: the app ");
            CU_ASSERT_TRUE(has(&r.out, want));
            if (!fits) {
                snprintf(want, sizeof want, "/vendor/Basic/Basic.dll is built for runtime %s, not for ",
                         labels[newest] + 3);
                CU_ASSERT_TRUE(has(&r.out, want));
            }
        }
        release(&r);
    }
    /* One runtime: plain ids. */
    run_cli_in(&r, dir, (const char *[]){"list", "--fixtures", "vendor", "mine", NULL}, NULL);
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "basic\n");
    release(&r);
    run_cli_in(&r, dir, (const char *[]){"run", "--report-dir", "reports", "--fixtures", "nowhere", "mine", NULL},
               NULL);
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "fixtures directory 'nowhere': No such file or directory"));
    release(&r);
    test_remove_tree(dir);
}
#endif

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

    /* A host that is no dotnet is found once, before any case runs. */
    run_cli(&r, (const char *[]){"run", "--dotnet", "/tmp", CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "'/tmp' is not an executable dotnet host (it is a directory)"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--dotnet", "/bin/true", CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "/bin/true does not work as a dotnet host: `/bin/true --list-runtimes` names no "
                               "Microsoft.NETCore.App runtime"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--dotnet", "/bin/false", CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "/bin/false does not work as a dotnet host: `/bin/false --list-runtimes` failed"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "ERROR"));
    release(&r);
}

/* Two case files with one id stop the run before anything starts, both named. */
static void test_duplicate_ids(void)
{
    struct cli_result r;
    char one[64], two[64], a[128], b[128];
    char *doc;
    size_t len;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(one, sizeof one), 0);
    CU_ASSERT_EQUAL_FATAL(test_temp_dir(two, sizeof two), 0);
    doc = test_read_file(DATA "/good/minimal.xml", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    snprintf(a, sizeof a, "%s/same.xml", one);
    snprintf(b, sizeof b, "%s/same.xml", two);
    CU_ASSERT_EQUAL(test_write_file(a, doc, len), 0);
    CU_ASSERT_EQUAL(test_write_file(b, doc, len), 0);
    free(doc);
    for (const char *const *cmd = (const char *[]){"run", "list", NULL}; *cmd; cmd++) {
        run_cli(&r, (const char *[]){*cmd, one, two, NULL});
        CU_ASSERT_EQUAL(r.code, 2);
        CU_ASSERT_TRUE(has(&r.err, "two case files have the id 'same': "));
        CU_ASSERT_TRUE(has(&r.err, a));
        CU_ASSERT_TRUE(has(&r.err, b));
        CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
        release(&r);
    }
    test_remove_tree(one);
    test_remove_tree(two);
}

/* A case file whose name holds an escape sequence and a newline: every
 * line a terminal gets shows them as text, and list prints one line. */
static void test_hostile_names(void)
{
    static const char name[] = "red\x1b[31mcase\nsecond";
    struct cli_result r;
    char dir[64], path[160], broken[160];
    char *doc;
    size_t len;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    doc = test_read_file(DATA "/good/minimal.xml", &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    snprintf(path, sizeof path, "%s/%s.xml", dir, name);
    CU_ASSERT_EQUAL(test_write_file(path, doc, len), 0);
    free(doc);

    run_cli(&r, (const char *[]){"list", "--fixtures", FIXTURES, dir, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&r.out), "red\\x1b[31mcase\\nsecond\n");
    release(&r);

#ifdef PROFCHECK_WITH_FIXTURES
    run_cli(&r, (const char *[]){"run", "--no-progress", "--fixtures", FIXTURES, "--report-dir", dir, dir, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.out, "PASS: red\\x1b[31mcase\\nsecond (1 of 1)"));
    CU_ASSERT_PTR_NULL(strchr(strbuf_str(&r.out), '\x1b'));
    release(&r);
#endif

    snprintf(broken, sizeof broken, "%s/%s-broken.xml", dir, name);
    CU_ASSERT_EQUAL(test_write_file(broken, "<case", 5), 0);
    run_cli(&r, (const char *[]){"validate", broken, NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "red\\x1b[31mcase\\nsecond-broken.xml:1: "));
    CU_ASSERT_PTR_NULL(strchr(strbuf_str(&r.err), '\x1b'));
    release(&r);
    test_remove_tree(dir);
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
    /* The app is built for the SDK's runtime: it runs there, and is skipped
     * on any other runtime of the build (docs/runtimes.md). */
    CU_ASSERT_TRUE(has(&r.out, "1 passed, 0 failed, "));
    if (!has(&r.out, "1 passed, 0 failed, 0 skipped"))
        CU_ASSERT_TRUE(has(&r.out, "/app/Basic.dll is built for runtime "));
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

/* An empty run (no case selected) that writes its JUnit report to junit. */
static void empty_run_to(struct cli_result *r, const char *junit)
{
    run_cli(r, (const char *[]){"run", "-q", "--allow-empty", "--filter", "no-such-case*", "--junit", junit, CASES,
                                NULL});
}

static int is_char_device(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

/* Reads a FIFO to its end in a child process, into out. */
static pid_t fifo_reader(const char *fifo, const char *out)
{
    pid_t pid = fork();

    if (pid == 0) {
        char buf[4096];
        ssize_t n;
        FILE *in = fopen(fifo, "rb"), *o = fopen(out, "wb");
        if (!in || !o)
            _exit(1);
        while ((n = (ssize_t)fread(buf, 1, sizeof buf, in)) > 0)
            fwrite(buf, 1, (size_t)n, o);
        _exit(fclose(o) == 0 ? 0 : 1);
    }
    return pid;
}

/* What a report path is, is kept: a device or FIFO is written in place and
 * never replaced by a regular file, a link stays a link. */
static void test_report_targets_kept(void)
{
    struct cli_result r;
    char dir[64], dev[128], fifo[128], got[128], link[128], real[128], junit[128];
    struct stat st;
    char *doc;
    size_t len;
    pid_t reader;
    int status;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);

    /* A device: /dev/full's twin (made here, so that no test ever risks the
     * real one) takes the write, fails it, and stays a device. */
    snprintf(dev, sizeof dev, "%s/full", dir);
    if (geteuid() == 0 && mknod(dev, S_IFCHR | 0666, makedev(1, 7)) == 0) {
        empty_run_to(&r, dev);
        CU_ASSERT_EQUAL(r.code, 3);
        CU_ASSERT_TRUE(has(&r.err, "cannot write the report: No space left on device"));
        CU_ASSERT_TRUE(is_char_device(dev));
        release(&r);
        unlink(dev);
        /* ...and /dev/null's twin is a report thrown away, exit 0. */
        snprintf(dev, sizeof dev, "%s/null", dir);
        CU_ASSERT_EQUAL(mknod(dev, S_IFCHR | 0666, makedev(1, 3)), 0);
        empty_run_to(&r, dev);
        CU_ASSERT_EQUAL(r.code, 0);
        CU_ASSERT_TRUE(is_char_device(dev));
        release(&r);
        unlink(dev);
    }

    /* A FIFO: the reader gets the report, the FIFO stays. */
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    snprintf(got, sizeof got, "%s/from-fifo.xml", dir);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    reader = fifo_reader(fifo, got);
    CU_ASSERT_TRUE_FATAL(reader > 0);
    empty_run_to(&r, fifo);
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    /* The reader ends with the report; one that got nothing is not waited for. */
    for (int i = 0; i < 100 && waitpid(reader, &status, WNOHANG) == 0; i++)
        usleep(50 * 1000);
    if (kill(reader, SIGKILL) == 0) {
        CU_FAIL("the FIFO's reader got no report");
        waitpid(reader, &status, 0);
    }
    CU_ASSERT_TRUE(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
    doc = test_read_file(got, &len);
    CU_ASSERT_TRUE(doc && strstr(doc, "<testsuites name=\"profcheck\" tests=\"0\""));
    free(doc);

    /* A link to a regular file: the file gets the report, the link stays. */
    snprintf(real, sizeof real, "%s/real.xml", dir);
    snprintf(link, sizeof link, "%s/link.xml", dir);
    CU_ASSERT_EQUAL(test_write_file(real, "old", 3), 0);
    CU_ASSERT_EQUAL(symlink("real.xml", link), 0);
    empty_run_to(&r, link);
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    CU_ASSERT_TRUE(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    doc = test_read_file(real, &len);
    CU_ASSERT_TRUE(doc && strstr(doc, "<testsuites name=\"profcheck\""));
    free(doc);

    /* A dangling link: the file it names is made. */
    unlink(real);
    empty_run_to(&r, link);
    CU_ASSERT_EQUAL(r.code, 0);
    release(&r);
    CU_ASSERT_TRUE(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    CU_ASSERT_TRUE(stat(real, &st) == 0 && S_ISREG(st.st_mode));

    /* A temporary file a killed run left next to the report is removed. */
    {
        pid_t dead = fork();
        char stale[160];

        if (dead == 0)
            _exit(0);
        waitpid(dead, NULL, 0);
        snprintf(junit, sizeof junit, "%s/junit.xml", dir);
        snprintf(stale, sizeof stale, "%s.tmp%d", junit, (int)dead);
        CU_ASSERT_EQUAL(test_write_file(stale, "<half", 5), 0);
        empty_run_to(&r, junit);
        CU_ASSERT_EQUAL(r.code, 0);
        release(&r);
        CU_ASSERT_NOT_EQUAL(access(stale, F_OK), 0);
    }
    test_remove_tree(dir);
}

/* Every report path is checked before the first case starts: two options
 * naming one file are exit 2, a path that cannot take a file exit 3. */
static void test_report_paths_checked_first(void)
{
    struct cli_result r;
    char dir[64], file[128], under[160], same[160], dotted[170];

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(dir, sizeof dir), 0);
    snprintf(same, sizeof same, "%s/same.xml", dir);
    snprintf(dotted, sizeof dotted, "%s/./same.xml", dir);
    run_cli(&r, (const char *[]){"run", "--junit", same, "--json", dotted, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--junit and --json name the same file"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    CU_ASSERT_NOT_EQUAL(access(same, F_OK), 0);
    release(&r);

    run_cli(&r, (const char *[]){"run", "--report-dir", dir, "--tap", same, "--json", same, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--tap and --json name the same file"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--junit", same, "--html", dotted, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 2);
    CU_ASSERT_TRUE(has(&r.err, "--junit and --html name the same file"));
    release(&r);

    /* A regular file where the report's directory should be. */
    snprintf(file, sizeof file, "%s/file", dir);
    snprintf(under, sizeof under, "%s/junit.xml", file);
    CU_ASSERT_EQUAL(test_write_file(file, "x", 1), 0);
    run_cli(&r, (const char *[]){"run", "--junit", under, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "nothing was run"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    release(&r);

    /* Directories that take no file: /proc, a read-only mount (/sys). */
    run_cli(&r, (const char *[]){"run", "--report-dir", "/proc/self", CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "no file can be created in /proc/self"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--report-dir", "/proc/1/x/y", CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    release(&r);

    run_cli(&r, (const char *[]){"run", "--json", "/sys/kernel/profcheck.json", "--report-dir", dir, CASES "/jit",
                                 NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "--json /sys/kernel/profcheck.json: no file can be created in /sys/kernel"));
    CU_ASSERT_PTR_NULL(strstr(strbuf_str(&r.out), "PASS"));
    release(&r);

    /* A directory named as a report file. */
    run_cli(&r, (const char *[]){"run", "--junit", dir, CASES "/jit", NULL});
    CU_ASSERT_EQUAL(r.code, 3);
    CU_ASSERT_TRUE(has(&r.err, "is a directory"));
    release(&r);
    test_remove_tree(dir);
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
static void interrupt_with(int sig, const char *name)
{
    char dir[64], junit[128], json[128], prefix[32], cookie[64], cookie_env[96], path_env[4096];
    char *argv[] = {PROFCHECK_BINARY, "run", "-v", "-j1", "--timeout-scale", "20", "--fixtures", FIXTURES, "--junit",
                    junit, "--json", json, CASES "/selftest/hang-detached-child.xml",
                    CASES "/selftest/wrong-expectation.xml", NULL};
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
            kill(p.pid, sig);
            signalled = 1;
        }
    }
    CU_ASSERT_TRUE(signalled);
    proc_kill_tree(&p, cookie);
    CU_ASSERT_TRUE(p.exited && WIFEXITED(p.status));
    if (p.exited && WIFEXITED(p.status))
        CU_ASSERT_EQUAL(WEXITSTATUS(p.status), 1);
    {
        char want[128];
        snprintf(want, sizeof want, "interrupted by %s: 1 of 2 cases started, the rest did not run", name);
        CU_ASSERT_TRUE(has(&err, want));
    }
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

static void test_interrupt_mid_run(void)
{
    interrupt_with(SIGINT, "SIGINT");
}

/* A closed terminal (SIGHUP) stops a run as SIGTERM does. */
static void test_hangup_mid_run(void)
{
    interrupt_with(SIGHUP, "SIGHUP");
}

/* Kills every live process whose cookie starts with prefix (a test's own leftovers). */
static void kill_run_processes(const char *prefix)
{
    for (int round = 0; round < 50 && count_run_processes(prefix) > 0; round++) {
        DIR *d = opendir("/proc");
        struct dirent *de;
        char needle[96];

        snprintf(needle, sizeof needle, "%s=%s", PROC_COOKIE_VAR, prefix);
        while (d && (de = readdir(d)) != NULL) {
            char path[64], *env;
            size_t len;

            if (de->d_name[0] < '1' || de->d_name[0] > '9')
                continue;
            snprintf(path, sizeof path, "/proc/%s/environ", de->d_name);
            env = test_read_file(path, &len);
            for (size_t at = 0; env && at < len; at += strlen(env + at) + 1)
                if (strncmp(env + at, needle, strlen(needle)) == 0)
                    kill((pid_t)atoi(de->d_name), SIGKILL);
            free(env);
        }
        if (d)
            closedir(d);
        usleep(20 * 1000);
    }
}

/* The state letter of pid ('Z' a zombie), or 0 when it is gone. */
static char process_state(pid_t pid)
{
    char path[64], *st, *paren, state = 0;
    size_t len;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    st = test_read_file(path, &len);
    paren = st ? strrchr(st, ')') : NULL;
    if (paren && paren[1] == ' ')
        state = paren[2];
    free(st);
    return state;
}

/* The first child of parent (by /proc), or 0. */
static pid_t child_of(pid_t parent)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    pid_t found = 0;

    while (d && !found && (de = readdir(d)) != NULL) {
        char path[64], *st, *paren;
        size_t len;
        int ppid;

        if (de->d_name[0] < '1' || de->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
        st = test_read_file(path, &len);
        paren = st ? strrchr(st, ')') : NULL;
        if (paren && sscanf(paren + 1, " %*c %d", &ppid) == 1 && ppid == (int)parent)
            found = (pid_t)atoi(de->d_name);
        free(st);
    }
    if (d)
        closedir(d);
    return found;
}

/*
 * profcheck killed with SIGKILL in the middle of a case: its app dies with
 * it (parent-death signal), and what cannot — a descendant in a session of
 * its own, the run's directory with socket and ring — is cleaned up by the
 * next run.
 */
static void test_killed_run_cleaned_up(void)
{
    char tmp[64], tmp_env[96], prefix[32], cookie_env[96], path_env[4096];
    char *argv[] = {PROFCHECK_BINARY, "run", "-v", "-j1", "--timeout-scale", "20", "--report-dir", tmp,
                    CASES "/selftest/hang-detached-child.xml", NULL};
    char *envp[] = {path_env, cookie_env, tmp_env, NULL};
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    struct proc_spec spec = {PROFCHECK_BINARY, argv, envp, NULL, 0};
    struct cli_result r;
    struct proc p;
    struct err e;
    pid_t app = 0;
    char state = 1;

    CU_ASSERT_EQUAL_FATAL(test_temp_dir(tmp, sizeof tmp), 0);
    snprintf(path_env, sizeof path_env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    snprintf(cookie_env, sizeof cookie_env, "%s=test-cli-kill-%d", PROC_COOKIE_VAR, (int)getpid());
    snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", tmp);
    err_init(&e);
    if (proc_spawn(&p, &spec, &e) < 0) {
        CU_FAIL(e.msg);
        test_remove_tree(tmp);
        return;
    }
    close(p.in_fd);
    p.in_fd = -1;
    snprintf(prefix, sizeof prefix, "%d-", (int)p.pid);
    for (int i = 0; i < 1200 && !app && (p.out_fd >= 0 || p.err_fd >= 0); i++) {
        struct pollfd fds[2] = {{p.out_fd, POLLIN, 0}, {p.err_fd, POLLIN, 0}};

        poll(fds, 2, 100);
        read_some(&p.out_fd, &out);
        read_some(&p.err_fd, &err);
        if (strstr(strbuf_str(&out), "] step 5: ")) {
            for (int tries = 0; tries < 50 && count_run_processes(prefix) < 2; tries++)
                usleep(100 * 1000);
            app = child_of(p.pid);
        }
    }
    CU_ASSERT_TRUE_FATAL(app > 0);
    kill(p.pid, SIGKILL);
    proc_check_exit(&p);
    while (!p.exited) {
        usleep(10 * 1000);
        proc_check_exit(&p);
    }
    /* The app goes with profcheck. */
    for (int i = 0; i < 250 && (state = process_state(app)) != 0 && state != 'Z'; i++)
        usleep(20 * 1000);
    CU_ASSERT_TRUE(state == 0 || state == 'Z');
    CU_ASSERT_TRUE(test_count_entries(tmp) >= 1); /* the run's directory, left behind */

    /* The next run removes the rest. */
    run_cli_env(&r, (const char *[]){"run", "--no-progress", "--report-dir", tmp, CASES "/jit/module-load.xml", NULL},
                (const char *[]){tmp_env, NULL});
    CU_ASSERT_EQUAL(r.code, 0);
    CU_ASSERT_TRUE(has(&r.err, "killed 1 process left running by an earlier run that was killed"));
    release(&r);
    CU_ASSERT_EQUAL(count_run_processes(prefix), 0);
    {
        /* Only the reports of the second run are left. */
        DIR *d = opendir(tmp);
        struct dirent *de;
        while (d && (de = readdir(d)) != NULL)
            if (strncmp(de->d_name, "profcheck-", 10) == 0) {
                fprintf(stderr, "\n    left behind: %s\n", de->d_name);
                CU_FAIL("a run directory was left behind");
            }
        if (d)
            closedir(d);
    }
    kill_run_processes(prefix);
    proc_release(&p);
    strbuf_release(&out);
    strbuf_release(&err);
    test_remove_tree(tmp);
}
#endif

void test_register(void)
{
    CU_pSuite s = CU_add_suite("cli", NULL, NULL);

    CU_add_test(s, "version_and_help", test_version_and_help);
    CU_add_test(s, "usage_errors", test_usage_errors);
    CU_add_test(s, "validate", test_validate);
    CU_add_test(s, "list", test_list);
    CU_add_test(s, "data_dir", test_data_dir);
    CU_add_test(s, "runtimes", test_runtimes);
    CU_add_test(s, "run_refusals", test_run_refusals);
    CU_add_test(s, "duplicate_ids", test_duplicate_ids);
    CU_add_test(s, "hostile_names", test_hostile_names);
    CU_add_test(s, "allow_empty", test_allow_empty);
    CU_add_test(s, "report_paths", test_report_paths);
    CU_add_test(s, "report_targets_kept", test_report_targets_kept);
    CU_add_test(s, "report_paths_checked_first", test_report_paths_checked_first);
    CU_add_test(s, "shards_cover_the_list", test_shards_cover_the_list);
    CU_add_test(s, "shard_from_environment", test_shard_from_environment);
    CU_add_test(s, "shard_refusals", test_shard_refusals);
    CU_add_test(s, "attach_refusals", test_attach_refusals);
    CU_add_test(s, "inspect_agent", test_inspect_agent);
#ifdef PROFCHECK_WITH_FIXTURES
    CU_add_test(s, "interrupt_mid_run", test_interrupt_mid_run);
    CU_add_test(s, "agent_probe", test_agent_probe);
    CU_add_test(s, "vendor_dir", test_vendor_dir);
    CU_add_test(s, "fixtures_search", test_fixtures_search);
    CU_add_test(s, "property_capture", test_property_capture);
    CU_add_test(s, "printer_agent", test_printer_agent);
    CU_add_test(s, "hangup_mid_run", test_hangup_mid_run);
    CU_add_test(s, "killed_run_cleaned_up", test_killed_run_cleaned_up);
    CU_add_test(s, "child_env", test_child_env);
    CU_add_test(s, "host_paths", test_host_paths);
    CU_add_test(s, "faults_leave_nothing", test_faults_leave_nothing);
    CU_add_test(s, "long_tmpdir", test_long_tmpdir);
    CU_add_test(s, "unusable_tmpdir", test_unusable_tmpdir);
    CU_add_test(s, "stale_run_dirs", test_stale_run_dirs);
    CU_add_test(s, "few_descriptors", test_few_descriptors);
#endif
}
