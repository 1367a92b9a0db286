/*
 * test_proc.c - children are started with their streams on pipes, and a
 * whole tree (including a descendant in its own session) is killed and
 * reaped.  Real processes (/bin/sh, sleep, setsid); no timing assertions.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "proc/proc.h"
#include "util/strbuf.h"

void test_register(void);

static char cookie[64];
static char cookie_env[96];
static char path_env[4096];

static int suite_init(void)
{
    struct err e;

    snprintf(cookie, sizeof cookie, "test-proc-%d", (int)getpid());
    snprintf(cookie_env, sizeof cookie_env, "%s=%s", PROC_COOKIE_VAR, cookie);
    snprintf(path_env, sizeof path_env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    err_init(&e);
    return proc_become_subreaper(&e);
}

static int suite_clean(void)
{
    proc_sweep();
    return 0;
}

static int spawn_sh(struct proc *p, const char *script)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    char *envp[] = {cookie_env, path_env, NULL};
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL, 0};
    struct err e;

    err_init(&e);
    return proc_spawn(p, &spec, &e);
}

/* Reads fd to EOF (bounded by a generous poll limit). */
static void read_all(int *fd, struct strbuf *out)
{
    char buf[4096];

    for (int rounds = 0; *fd >= 0 && rounds < 1000; rounds++) {
        struct pollfd pfd = {*fd, POLLIN, 0};
        ssize_t n;

        if (poll(&pfd, 1, 100) <= 0)
            continue;
        n = read(*fd, buf, sizeof buf);
        if (n > 0) {
            strbuf_add(out, buf, (size_t)n);
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            close(*fd);
            *fd = -1;
        }
    }
}

static void wait_exit(struct proc *p)
{
    for (int i = 0; i < 1000 && !proc_check_exit(p); i++)
        poll(NULL, 0, 10);
}

/* A reply pipe: what the child writes to fd 3 comes on reply_fd, apart from stdout. */
static void test_reply_fd(void)
{
    char *argv[] = {"/bin/sh", "-c", "printf 'noise'; echo answer >&3; echo out", NULL};
    char *envp[] = {cookie_env, path_env, NULL};
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL, 3};
    struct strbuf out = STRBUF_INIT, reply = STRBUF_INIT;
    struct proc p;
    struct err e;

    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(proc_spawn(&p, &spec, &e), 0);
    CU_ASSERT_TRUE(p.reply_fd >= 0);
    read_all(&p.reply_fd, &reply);
    read_all(&p.out_fd, &out);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&reply), "answer\n");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "noiseout\n");
    wait_exit(&p);
    proc_release(&p);
    strbuf_release(&out);
    strbuf_release(&reply);
    /* Without one, there is no reply pipe (the child's fd 3 is whatever it
     * inherited, e.g. make's jobserver under make check). */
    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "echo out"), 0);
    CU_ASSERT_EQUAL(p.reply_fd, -1);
    read_all(&p.out_fd, &out);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "out\n");
    wait_exit(&p);
    proc_release(&p);
    strbuf_release(&out);
}

static void test_output_and_exit_code(void)
{
    struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
    struct proc p;
    char desc[96];

    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "echo hello; echo oops >&2; exit 3"), 0);
    CU_ASSERT_TRUE(p.pid > 0);
    read_all(&p.out_fd, &out);
    read_all(&p.err_fd, &err);
    wait_exit(&p);
    CU_ASSERT_TRUE(p.exited);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "hello\n");
    CU_ASSERT_STRING_EQUAL(strbuf_str(&err), "oops\n");
    CU_ASSERT_TRUE(WIFEXITED(p.status));
    CU_ASSERT_EQUAL(WEXITSTATUS(p.status), 3);
    proc_describe_status(p.status, desc, sizeof desc);
    CU_ASSERT_STRING_EQUAL(desc, "exit code 3");
    proc_release(&p);
    strbuf_release(&out);
    strbuf_release(&err);
}

static void test_stdin(void)
{
    struct strbuf out = STRBUF_INIT;
    struct proc p;

    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "read line; echo \"got $line\""), 0);
    CU_ASSERT_EQUAL(write(p.in_fd, "ping\n", 5), 5);
    close(p.in_fd);
    p.in_fd = -1;
    read_all(&p.out_fd, &out);
    wait_exit(&p);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), "got ping\n");
    proc_release(&p);
    strbuf_release(&out);
}

static void test_environment_is_explicit(void)
{
    struct strbuf out = STRBUF_INIT;
    char want[160];
    struct proc p;

    /* Only what the spec lists reaches the child, not our own environment. */
    setenv("PROFCHECK_TEST_LEAK", "leaked", 1);
    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "echo \"[$PROFCHECK_TEST_LEAK][$" PROC_COOKIE_VAR "]\""), 0);
    read_all(&p.out_fd, &out);
    wait_exit(&p);
    snprintf(want, sizeof want, "[][%s]\n", cookie);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&out), want);
    unsetenv("PROFCHECK_TEST_LEAK");
    proc_release(&p);
    strbuf_release(&out);
}

static void test_signal_status(void)
{
    struct proc p;
    char desc[96];

    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "kill -SEGV $$"), 0);
    wait_exit(&p);
    CU_ASSERT_TRUE(WIFSIGNALED(p.status));
    CU_ASSERT_EQUAL(WTERMSIG(p.status), 11);
    proc_describe_status(p.status, desc, sizeof desc);
    CU_ASSERT_PTR_NOT_NULL(strstr(desc, "signal SIGSEGV (11)"));
    proc_release(&p);
}

static void test_spawn_failure(void)
{
    char *argv[] = {"/nonexistent/program", NULL};
    char *envp[] = {cookie_env, NULL};
    struct proc_spec spec = {"/nonexistent/program", argv, envp, NULL, 0};
    struct proc p;
    struct err e;

    err_init(&e);
    if (proc_spawn(&p, &spec, &e) == 0) {
        /* Where posix_spawn cannot report a failed exec (under valgrind, for
         * one), the child exits with 127 as the shell convention has it. */
        wait_exit(&p);
        CU_ASSERT_TRUE(WIFEXITED(p.status) && WEXITSTATUS(p.status) == 127);
        proc_release(&p);
        return;
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "cannot start '/nonexistent/program'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "No such file"));
}

/* The keeper holds none of profcheck's descriptors, those above the ones
 * it keeps included: another case's pipe held open there would keep that
 * case waiting for an end of file that never comes. */
static void test_keeper_holds_nothing(void)
{
    char path[64];
    struct proc p;
    int fds[2], high;

    CU_ASSERT_EQUAL_FATAL(pipe2(fds, O_CLOEXEC), 0);
    high = fcntl(fds[1], F_DUPFD_CLOEXEC, 900);
    CU_ASSERT_FATAL(high >= 900);
    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "sleep 5"), 0);
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)p.keeper, high);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)p.keeper, fds[0]);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    proc_kill_tree(&p, cookie);
    proc_release(&p);
    close(high);
    close(fds[0]);
    close(fds[1]);
}

/* A tree of four: the shell, a background sleep, a sleep that left the
 * session with setsid, and the shell's foreground sleep. */
static void test_kill_tree(void)
{
    struct strbuf out = STRBUF_INIT;
    struct proc p;
    int alive = 0;

    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "sleep 600 & setsid sleep 600 & echo started; sleep 600"), 0);
    /* Wait until the shell says it started its children, then until they show up. */
    for (int i = 0; i < 1000 && !strstr(strbuf_str(&out), "started"); i++) {
        char buf[256];
        ssize_t n;
        poll(NULL, 0, 10);
        n = read(p.out_fd, buf, sizeof buf);
        if (n > 0)
            strbuf_add(&out, buf, (size_t)n);
    }
    for (int i = 0; i < 1000 && (alive = proc_count_cookie(cookie, NULL, NULL, 0)) < 4; i++)
        poll(NULL, 0, 10);
    CU_ASSERT_EQUAL(alive, 4);
    CU_ASSERT_EQUAL(proc_kill_tree(&p, cookie), 0);
    CU_ASSERT_EQUAL(proc_count_cookie(cookie, NULL, NULL, 0), 0);
    CU_ASSERT_TRUE(p.exited);
    CU_ASSERT_TRUE(WIFSIGNALED(p.status));
    proc_release(&p);
    strbuf_release(&out);
}

/* The first number the child printed, waiting for it. */
static long read_number(struct proc *p, struct strbuf *out)
{
    for (int i = 0; i < 1000 && !strchr(strbuf_str(out), '\n'); i++) {
        char buf[256];
        ssize_t n;
        poll(NULL, 0, 10);
        n = read(p->out_fd, buf, sizeof buf);
        if (n > 0)
            strbuf_add(out, buf, (size_t)n);
    }
    return strtol(strbuf_str(out), NULL, 10);
}

static int gone(pid_t pid)
{
    char path[64], st[512];
    FILE *f;
    int zombie = 0;

    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return 1;
    if (fgets(st, sizeof st, f) && strrchr(st, ')'))
        zombie = strrchr(st, ')')[2] == 'Z';
    fclose(f);
    return zombie;
}

/* A grandchild without any environment (so without the cookie) whose
 * parent ended at once: an orphan in a session of its own.  It is found
 * under the keeper, said to have dropped the cookie, and killed. */
static void test_orphan_without_cookie(void)
{
    struct strbuf out = STRBUF_INIT;
    struct proc_hidden hidden;
    struct proc p;
    long orphan;

    CU_ASSERT_EQUAL_FATAL(spawn_sh(&p, "(setsid env -i sleep 600 & echo $!); sleep 600"), 0);
    orphan = read_number(&p, &out);
    CU_ASSERT_TRUE_FATAL(orphan > 0);
    /* Its parent, the subshell, is gone: wait until the orphan has come back
     * to the keeper and is sleep (setsid and env exec'd into it). */
    for (int i = 0; i < 500; i++) {
        char path[64], st[512], *paren;
        int ppid = 0;
        FILE *f;
        snprintf(path, sizeof path, "/proc/%ld/stat", orphan);
        f = fopen(path, "r");
        if (f && fgets(st, sizeof st, f) && (paren = strrchr(st, ')')) != NULL)
            sscanf(paren + 1, " %*c %d", &ppid);
        if (f)
            fclose(f);
        if (ppid == p.keeper && strstr(st, "(sleep)"))
            break;
        poll(NULL, 0, 10);
    }
    CU_ASSERT_EQUAL(proc_kill_run(&p, cookie, &hidden), 0);
    CU_ASSERT_EQUAL(hidden.count, 1);
    CU_ASSERT_EQUAL(hidden.first, (pid_t)orphan);
    CU_ASSERT_STRING_EQUAL(hidden.comm, "sleep");
    CU_ASSERT_TRUE(gone((pid_t)orphan));
    if (!gone((pid_t)orphan))
        kill((pid_t)orphan, SIGKILL);
    proc_release(&p);
    strbuf_release(&out);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("proc", suite_init, suite_clean);

    CU_add_test(s, "output_and_exit_code", test_output_and_exit_code);
    CU_add_test(s, "stdin", test_stdin);
    CU_add_test(s, "reply_fd", test_reply_fd);
    CU_add_test(s, "environment_is_explicit", test_environment_is_explicit);
    CU_add_test(s, "signal_status", test_signal_status);
    CU_add_test(s, "spawn_failure", test_spawn_failure);
    CU_add_test(s, "keeper_holds_nothing", test_keeper_holds_nothing);
    CU_add_test(s, "kill_tree", test_kill_tree);
    CU_add_test(s, "orphan_without_cookie", test_orphan_without_cookie);
}
