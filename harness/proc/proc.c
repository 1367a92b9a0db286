/*
 * proc.c - starting a child under a keeper, and learning how it ended
 * (proc.h); proc_tree.c finds and kills what a run left.
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void proc_init(struct proc *p)
{
    p->pid = -1;
    p->keeper = -1;
    p->pidfd = -1;
    p->in_fd = -1;
    p->out_fd = -1;
    p->err_fd = -1;
    p->reply_fd = -1;
    p->exited = 0;
    p->status = 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void proc_release(struct proc *p)
{
    close_fd(&p->in_fd);
    close_fd(&p->out_fd);
    close_fd(&p->err_fd);
    close_fd(&p->reply_fd);
    close_fd(&p->pidfd);
}

/* ---- between fork and exec: async-signal-safe calls only ------------------ */

/* Writes an int whole, or not at all. */
static void put_int(int fd, int v)
{
    while (write(fd, &v, sizeof v) < 0 && errno == EINTR)
        ;
}

/* Default dispositions, an empty mask, SIGKILL when the parent thread dies
 * (checked against the parent it was forked by); 0, or -1 when the parent
 * is gone already. */
static int child_setup(pid_t parent)
{
    struct sigaction dfl;
    sigset_t none;

    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &dfl, NULL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    return getppid() == parent ? 0 : -1;
}

/* Closes every descriptor from `from` on except the sorted keep[0..n). */
static void close_all_but(int from, const int *keep, int n)
{
    for (int i = 0; i <= n; i++) {
        /* The gap below keep[i]; above the last kept one, everything. */
        unsigned first = (unsigned)from, last = i < n ? (unsigned)keep[i] - 1 : ~0u;

        if (i < n && keep[i] <= from) {
            from = keep[i] + 1;
            continue;
        }
        if (syscall(SYS_close_range, first, last, 0) < 0) {
            long max = sysconf(_SC_OPEN_MAX);
            unsigned top = i < n ? last : (unsigned)(max > 0 ? max - 1 : 1023);
            for (unsigned fd = first; fd <= top; fd++)
                close((int)fd);
        }
        if (i < n)
            from = keep[i] + 1;
    }
}

/* The app: a session of its own, its pipes as 0, 1 and 2 (and the reply
 * pipe as spec->reply_fd, when there is one), then execve.  An errno goes
 * up the report pipe when that fails.  The keeper put every descriptor it
 * passes above spec->reply_fd, so that these dup2 clobber none of them and
 * each new descriptor is one that exec keeps. */
static __attribute__((noreturn)) void app_exec(const struct proc_spec *spec, pid_t keeper, const int *fds, int report)
{
    int e;

    if (child_setup(keeper) < 0)
        _exit(127);
    setsid();
    for (int i = 0; i < 3; i++)
        if (dup2(fds[i], i) < 0)
            goto fail;
    if (fds[3] >= 0 && dup2(fds[3], spec->reply_fd) < 0)
        goto fail;
    if (spec->cwd && chdir(spec->cwd) < 0)
        goto fail;
    execve(spec->path, spec->argv, spec->envp);
fail:
    e = errno;
    put_int(report, e);
    _exit(127);
}

static void sort_ints(int *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
            int t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
}

/*
 * The keeper: a copy of profcheck that is the app's parent and a child
 * subreaper, so that every orphan of the app's tree comes back to it and
 * is known to be the run's (profcheck kills whatever descends from the
 * keeper).  It says the app's pid, then its wait status, on the status
 * pipe, reaps orphans, and ends when nothing is left under it.  fds: the
 * app's stdin, stdout and stderr ends and its reply pipe's (-1 when there
 * is none); all else profcheck had open is closed, so that no other case's
 * pipe is held open here.
 */
static __attribute__((noreturn)) void keeper_main(const struct proc_spec *spec, pid_t profcheck, int *fds, int report,
                                                  int status)
{
    int keep[6], nkeep = 0, null;
    /* Its descriptors go above the app's reply fd, which app_exec makes. */
    int low = spec->reply_fd > 2 ? spec->reply_fd + 1 : 3;
    pid_t self = getpid(), app;

    if (child_setup(profcheck) < 0)
        _exit(127);
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    /* Its own descriptors above 2 (whatever profcheck's 0, 1 and 2 were),
     * those three on /dev/null, and nothing else of profcheck's. */
    for (int i = 0; i < 4; i++)
        if (i < 3 || fds[i] >= 0)
            fds[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, low);
    report = fcntl(report, F_DUPFD_CLOEXEC, low);
    status = fcntl(status, F_DUPFD_CLOEXEC, low);
    if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0 || report < 0 || status < 0 || (spec->reply_fd > 2 && fds[3] < 0))
        _exit(127);
    null = open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int i = 0; i < 3 && null >= 0; i++)
        dup2(null, i);
    for (int i = 0; i < 4; i++)
        if (fds[i] >= 0)
            keep[nkeep++] = fds[i];
    keep[nkeep++] = report;
    keep[nkeep++] = status;
    sort_ints(keep, nkeep);
    close_all_but(3, keep, nkeep);
    app = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); /* fork without atfork handlers */
    if (app < 0) {
        put_int(report, errno);
        _exit(127);
    }
    if (app == 0)
        app_exec(spec, self, fds, report);
    for (int i = 0; i < 4; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    close(report);
    put_int(status, (int)app);
    for (;;) {
        int st;
        pid_t w = waitpid(-1, &st, __WALL);

        if (w == app)
            put_int(status, st);
        else if (w < 0 && errno == ECHILD)
            _exit(0);
    }
}

/* ---- profcheck's side -------------------------------------------------------- */

/* Reads one int, blocking; 1, 0 at end of file, -1 on error. */
static int get_int(int fd, int *v)
{
    size_t got = 0;

    while (got < sizeof *v) {
        ssize_t n = read(fd, (char *)v + got, sizeof *v - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 && got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

static void reap(pid_t pid)
{
    while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

int proc_spawn(struct proc *p, const struct proc_spec *spec, struct err *e)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1}, report[2] = {-1, -1}, status[2] = {-1, -1};
    int reply[2] = {-1, -1};
    int app = 0, child_errno = 0, rc;
    pid_t profcheck = getpid();

    proc_init(p);
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 ||
        pipe2(report, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0 ||
        (spec->reply_fd > 2 && pipe2(reply, O_CLOEXEC) < 0)) {
        err_errno(e, "cannot create pipes");
        goto fail;
    }
    p->keeper = fork();
    if (p->keeper < 0) {
        err_errno(e, "cannot start '%s'", spec->path);
        goto fail;
    }
    if (p->keeper == 0) {
        int fds[4] = {in[0], out[1], errp[1], reply[1]};
        keeper_main(spec, profcheck, fds, report[1], status[1]);
    }
    close_fd(&report[1]);
    close_fd(&status[1]);
    /* The app's pid; then the report pipe closes at its exec, or carries
     * the errno of what failed. */
    rc = get_int(status[0], &app);
    if (rc == 1 && get_int(report[0], &child_errno) == 0) {
        close_fd(&report[0]);
        close_fd(&in[0]);
        close_fd(&out[1]);
        close_fd(&errp[1]);
        close_fd(&reply[1]);
        p->pid = (pid_t)app;
        p->in_fd = in[1];
        p->out_fd = out[0];
        p->err_fd = errp[0];
        p->reply_fd = reply[0];
        p->pidfd = status[0];
        fcntl(p->in_fd, F_SETFL, O_NONBLOCK);
        fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
        fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
        if (p->reply_fd >= 0)
            fcntl(p->reply_fd, F_SETFL, O_NONBLOCK);
        fcntl(p->pidfd, F_SETFL, O_NONBLOCK);
        return 0;
    }
    if (rc != 1)
        get_int(report[0], &child_errno);
    errno = child_errno ? child_errno : ECHILD;
    err_errno(e, "cannot start '%s'", spec->path);
    reap(p->keeper); /* it ends once the app it started is reaped */
    p->keeper = -1;
fail:
    for (int i = 0; i < 2; i++) {
        close_fd(&in[i]);
        close_fd(&out[i]);
        close_fd(&errp[i]);
        close_fd(&reply[i]);
        close_fd(&report[i]);
        close_fd(&status[i]);
    }
    return -1;
}

int proc_check_exit(struct proc *p)
{
    int status;
    ssize_t n;

    if (p->exited || p->pid <= 0)
        return 1;
    if (p->pidfd < 0) {
        p->exited = 1;
        return 1;
    }
    do
        n = read(p->pidfd, &status, sizeof status);
    while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof status) {
        p->exited = 1;
        p->status = status;
        return 1;
    }
    if (n == 0) {
        /* The keeper went without saying: killed, and the app with it. */
        p->exited = 1;
        p->status = SIGKILL;
        return 1;
    }
    return 0;
}

/* Waits (up to about a second) for the keeper to say how the app ended. */
void proc_wait_exit(struct proc *p)
{
    for (int i = 0; i < 200 && !proc_check_exit(p); i++)
        nanosleep(&(struct timespec){0, 5 * 1000 * 1000}, NULL);
}

int proc_become_subreaper(struct err *e)
{
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        return err_errno(e, "cannot become a child subreaper");
    return 0;
}

void proc_describe_status(int status, char *buf, size_t size)
{
    if (WIFEXITED(status)) {
        snprintf(buf, size, "exit code %d", WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *name = sigabbrev_np(sig);
        snprintf(buf, size, "signal SIG%s (%d)%s", name ? name : "?", sig,
                 WCOREDUMP(status) ? ", core dumped" : "");
    } else {
        snprintf(buf, size, "wait status 0x%x", (unsigned)status);
    }
}
