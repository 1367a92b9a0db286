#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KILL_ROUNDS 100

void proc_init(struct proc *p)
{
    p->pid = -1;
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

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        fcntl((int)fd, F_SETFD, FD_CLOEXEC);
        return (int)fd;
    }
#else
    (void)pid;
#endif
    return -1;
}

int proc_spawn(struct proc *p, const struct proc_spec *spec, struct err *e)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1}, reply[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    sigset_t none, all;
    int rc;

    proc_init(p);
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 ||
        (spec->reply_fd > 2 && pipe2(reply, O_CLOEXEC) < 0)) {
        err_errno(e, "cannot create pipes");
        goto fail_pipes;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    if (spec->reply_fd > 2)
        posix_spawn_file_actions_adddup2(&fa, reply[1], spec->reply_fd);
    if (spec->cwd)
        posix_spawn_file_actions_addchdir_np(&fa, spec->cwd);
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    rc = posix_spawn(&p->pid, spec->path, &fa, &attr, spec->argv, spec->envp);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        errno = rc;
        err_errno(e, "cannot start '%s'", spec->path);
        p->pid = -1;
        goto fail_pipes;
    }
    close(in[0]);
    close(out[1]);
    close(errp[1]);
    if (reply[1] >= 0)
        close(reply[1]);
    p->in_fd = in[1];
    p->out_fd = out[0];
    p->err_fd = errp[0];
    p->reply_fd = reply[0];
    if (p->reply_fd >= 0)
        fcntl(p->reply_fd, F_SETFL, O_NONBLOCK);
    fcntl(p->in_fd, F_SETFL, O_NONBLOCK);
    fcntl(p->out_fd, F_SETFL, O_NONBLOCK);
    fcntl(p->err_fd, F_SETFL, O_NONBLOCK);
    p->pidfd = open_pidfd(p->pid);
    return 0;

fail_pipes:
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (out[i] >= 0)
            close(out[i]);
        if (errp[i] >= 0)
            close(errp[i]);
        if (reply[i] >= 0)
            close(reply[i]);
    }
    return -1;
}

int proc_check_exit(struct proc *p)
{
    int status;
    pid_t r;

    if (p->exited || p->pid <= 0)
        return 1;
    do
        r = waitpid(p->pid, &status, WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == p->pid) {
        p->exited = 1;
        p->status = status;
        return 1;
    }
    if (r < 0 && errno == ECHILD) {
        /* Someone else reaped it; treat as gone. */
        p->exited = 1;
        p->status = 0;
        return 1;
    }
    return 0;
}

/* Reads a small /proc file into buf (NUL-terminated); returns its length or -1. */
static ssize_t read_proc_file(pid_t pid, const char *name, char *buf, size_t size)
{
    char path[64];
    ssize_t n, total = 0;
    int fd;

    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while ((size_t)total < size - 1) {
        n = read(fd, buf + total, size - 1 - (size_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += n;
    }
    close(fd);
    buf[total] = '\0';
    return total;
}

/* 1 when the process's environment holds PROFCHECK_RUN=cookie. */
static int has_cookie(pid_t pid, const char *needle, size_t nlen)
{
    char path[64];
    char buf[65536];
    size_t have = 0;
    int fd, found = 0;

    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        size_t start = 0;

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
        /* Look at each complete NUL-terminated entry. */
        for (size_t i = 0; i < have; i++) {
            if (buf[i] != '\0')
                continue;
            if (i - start == nlen && memcmp(buf + start, needle, nlen) == 0) {
                found = 1;
                break;
            }
            start = i + 1;
        }
        if (found)
            break;
        if (start == 0 && have == sizeof buf) {
            /* One huge entry: skip it. */
            have = 0;
            continue;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
    }
    close(fd);
    return found;
}

/* State letter and parent of pid from /proc/pid/stat; 0 or -1. */
static int proc_stat(pid_t pid, char *state, pid_t *ppid, char *comm, size_t commsize)
{
    char buf[1024];
    char *open, *close_paren;
    int pp;

    if (read_proc_file(pid, "stat", buf, sizeof buf) <= 0)
        return -1;
    open = strchr(buf, '(');
    close_paren = strrchr(buf, ')');
    if (!open || !close_paren || close_paren < open)
        return -1;
    if (comm && commsize) {
        size_t n = (size_t)(close_paren - open - 1);
        if (n >= commsize)
            n = commsize - 1;
        memcpy(comm, open + 1, n);
        comm[n] = '\0';
    }
    if (sscanf(close_paren + 1, " %c %d", state, &pp) != 2)
        return -1;
    *ppid = pp;
    return 0;
}

typedef int (*pid_visit)(pid_t pid, void *data);

static void each_pid(pid_visit visit, void *data)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    pid_t self = getpid();

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        char *end;
        long v = strtol(de->d_name, &end, 10);

        if (*end || v <= 0 || (pid_t)v == self)
            continue;
        if (visit((pid_t)v, data))
            break;
    }
    closedir(d);
}

#define MAX_RECORDED 1024

struct cookie_scan {
    char needle[128];
    size_t nlen;
    int kill;
    int alive;
    pid_t first;
    char *comm;
    size_t commsize;
    pid_t *seen; /* pids killed, to reap afterwards */
    size_t *nseen;
};

static void record(struct cookie_scan *cs, pid_t pid)
{
    if (!cs->seen || *cs->nseen >= MAX_RECORDED)
        return;
    for (size_t i = 0; i < *cs->nseen; i++)
        if (cs->seen[i] == pid)
            return;
    cs->seen[(*cs->nseen)++] = pid;
}

static int scan_cookie(pid_t pid, void *data)
{
    struct cookie_scan *cs = data;
    char state;
    pid_t ppid;

    if (!has_cookie(pid, cs->needle, cs->nlen))
        return 0;
    if (proc_stat(pid, &state, &ppid, cs->alive == 0 ? cs->comm : NULL, cs->commsize) == 0 && state == 'Z')
        return 0;
    if (cs->alive == 0)
        cs->first = pid;
    cs->alive++;
    if (cs->kill) {
        kill(pid, SIGKILL);
        record(cs, pid);
    }
    return 0;
}

static int cookie_pass(const char *cookie, pid_t *seen, size_t *nseen, pid_t *first, char *comm,
                       size_t commsize)
{
    struct cookie_scan cs;

    memset(&cs, 0, sizeof cs);
    snprintf(cs.needle, sizeof cs.needle, "%s=%s", PROC_COOKIE_VAR, cookie);
    cs.nlen = strlen(cs.needle);
    cs.kill = seen != NULL;
    cs.comm = comm;
    cs.commsize = commsize;
    cs.seen = seen;
    cs.nseen = nseen;
    each_pid(scan_cookie, &cs);
    if (first)
        *first = cs.first;
    return cs.alive;
}

int proc_count_cookie(const char *cookie, pid_t *first, char *comm, size_t commsize)
{
    return cookie_pass(cookie, NULL, NULL, first, comm, commsize);
}

int proc_kill_tree(struct proc *p, const char *cookie)
{
    struct timespec pause = {0, 5 * 1000 * 1000};
    pid_t *seen = calloc(MAX_RECORDED, sizeof *seen);
    size_t nseen = 0;
    pid_t dummy[1];

    if (p->pid > 0 && !p->exited)
        kill(-p->pid, SIGKILL);
    for (int round = 0; round < KILL_ROUNDS; round++) {
        /* Without memory for the list, still kill (into a one-slot list). */
        size_t none = MAX_RECORDED;
        int alive = seen ? cookie_pass(cookie, seen, &nseen, NULL, NULL, 0)
                         : cookie_pass(cookie, dummy, &none, NULL, NULL, 0);

        if (p->pid > 0 && !p->exited) {
            kill(p->pid, SIGKILL);
            proc_check_exit(p);
        }
        if (alive == 0 && (p->pid <= 0 || p->exited))
            break;
        nanosleep(&pause, NULL);
    }
    if (p->pid > 0 && !p->exited) {
        int status;
        pid_t r;
        do
            r = waitpid(p->pid, &status, 0);
        while (r < 0 && errno == EINTR);
        p->exited = 1;
        p->status = r == p->pid ? status : 0;
    }
    /* Killed descendants whose parents died were adopted by us: reap them. */
    for (size_t i = 0; i < nseen; i++)
        if (seen[i] != p->pid)
            while (waitpid(seen[i], NULL, WNOHANG) < 0 && errno == EINTR)
                ;
    free(seen);
    return cookie_pass(cookie, NULL, NULL, NULL, NULL, 0);
}

int proc_become_subreaper(struct err *e)
{
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        return err_errno(e, "cannot become a child subreaper");
    return 0;
}

static int scan_children(pid_t pid, void *data)
{
    int *count = data;
    char state;
    pid_t ppid;

    if (proc_stat(pid, &state, &ppid, NULL, 0) == 0 && ppid == getpid()) {
        if (state != 'Z')
            kill(pid, SIGKILL);
        (*count)++;
    }
    return 0;
}

void proc_sweep(void)
{
    struct timespec pause = {0, 5 * 1000 * 1000};

    for (int round = 0; round < KILL_ROUNDS; round++) {
        int count = 0;

        each_pid(scan_children, &count);
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (count == 0)
            break;
        nanosleep(&pause, NULL);
    }
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
