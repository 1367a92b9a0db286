/*
 * proc_tree.c - the processes of a run, found by their cookie and by their
 * parent links under the keeper, killed and reaped; and what dead runs
 * left (proc.h).
 */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KILL_ROUNDS 100

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

/* Parent, state, start time and name of pid from /proc/pid/stat; 0 or -1. */
static int proc_stat_full(pid_t pid, pid_t *ppid, char *state, unsigned long long *start, char *comm, size_t commsize)
{
    char buf[1024];
    const char *open, *p;
    int field = 2, pp;

    if (read_proc_file(pid, "stat", buf, sizeof buf) <= 0)
        return -1;
    open = strchr(buf, '(');
    p = strrchr(buf, ')');
    if (!open || !p || p < open || sscanf(p + 1, " %c %d", state, &pp) != 2)
        return -1;
    *ppid = pp;
    if (comm && commsize) {
        size_t n = (size_t)(p - open - 1);
        if (n >= commsize)
            n = commsize - 1;
        memcpy(comm, open + 1, n);
        comm[n] = '\0';
    }
    /* Field 22 (1-based; the command is field 2, each space starts the next). */
    for (p++; *p && field < 22; p++)
        if (*p == ' ')
            field++;
    if (field != 22)
        return -1;
    *start = strtoull(p, NULL, 10);
    return 0;
}

/* State letter and parent of pid from /proc/pid/stat; 0 or -1. */
static int proc_stat(pid_t pid, char *state, pid_t *ppid, char *comm, size_t commsize)
{
    unsigned long long start;

    return proc_stat_full(pid, ppid, state, &start, comm, commsize);
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

/* ---- the run's tree by parent links -------------------------------------- */

/* The keeper's descendants as seen, each with its start time so that a
 * reused pid is never taken for one of them. */
struct tree {
    struct seen_proc {
        pid_t pid;
        unsigned long long start; /* clock ticks since boot (/proc/PID/stat, field 22) */
        char comm[32];
    } *v;
    size_t n, cap;
};

/* 1 when t->v[i] is still the process seen (same pid, same start) and not a zombie. */
static int tree_alive(const struct tree *t, size_t i)
{
    unsigned long long start;
    pid_t ppid;
    char state;

    return proc_stat_full(t->v[i].pid, &ppid, &state, &start, NULL, 0) == 0 && start == t->v[i].start &&
           state != 'Z';
}

/* 1 when pid (started at start) is root or a process of t. */
static int tree_has(const struct tree *t, pid_t root, pid_t pid)
{
    if (pid == root)
        return 1;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].pid == pid)
            return 1;
    return 0;
}

struct tree_pass {
    struct tree *t;
    pid_t root;
    int added;
};

static int tree_visit(pid_t pid, void *data)
{
    struct tree_pass *tp = data;
    struct tree *t = tp->t;
    unsigned long long start;
    char state, comm[sizeof t->v->comm];
    pid_t ppid;

    if (proc_stat_full(pid, &ppid, &state, &start, comm, sizeof comm) < 0 || state == 'Z' ||
        !tree_has(t, tp->root, ppid))
        return 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].pid == pid && t->v[i].start == start)
            return 0;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        struct seen_proc *v = cap <= MAX_RECORDED ? realloc(t->v, cap * sizeof *v) : NULL;
        if (!v)
            return 1; /* what is known is killed; the rest by the cookie */
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].pid = pid;
    t->v[t->n].start = start;
    snprintf(t->v[t->n].comm, sizeof t->v[t->n].comm, "%s", comm);
    t->n++;
    tp->added = 1;
    return 0;
}

/* Adds the live descendants of root, and of every process already in t. */
static void tree_scan(struct tree *t, pid_t root)
{
    struct tree_pass tp = {t, root, 1};

    /* Until nothing new: a child may be listed before its parent. */
    for (int round = 0; tp.added && round < 16; round++) {
        tp.added = 0;
        each_pid(tree_visit, &tp);
    }
}

/* Kills the processes of t that are still the ones seen; returns how many were alive. */
static int kill_tracked(const struct tree *t)
{
    int alive = 0;

    for (size_t i = 0; i < t->n; i++)
        if (tree_alive(t, i)) {
            kill(t->v[i].pid, SIGKILL);
            alive++;
        }
    return alive;
}

int proc_count_cookie(const char *cookie, pid_t *first, char *comm, size_t commsize)
{
    return cookie_pass(cookie, NULL, NULL, first, comm, commsize);
}

int proc_kill_tree(struct proc *p, const char *cookie)
{
    return proc_kill_run(p, cookie, NULL);
}

int proc_kill_run(struct proc *p, const char *cookie, struct proc_hidden *hidden)
{
    struct timespec pause = {0, 5 * 1000 * 1000};
    pid_t *seen = calloc(MAX_RECORDED, sizeof *seen);
    struct tree t = {NULL, 0, 0};
    size_t nseen = 0;
    pid_t dummy[1];
    char needle[128];
    int survivors;

    snprintf(needle, sizeof needle, "%s=%s", PROC_COOKIE_VAR, cookie);
    if (hidden)
        memset(hidden, 0, sizeof *hidden);
    /* Everything under the keeper is the run's, the app and every orphan
     * of its tree; whoever there does not carry the cookie dropped it. */
    if (p->keeper > 0)
        tree_scan(&t, p->keeper);
    for (size_t i = 0; hidden && i < t.n; i++) {
        if (!tree_alive(&t, i) || has_cookie(t.v[i].pid, needle, strlen(needle)))
            continue;
        if (hidden->count++ == 0) {
            hidden->first = t.v[i].pid;
            snprintf(hidden->comm, sizeof hidden->comm, "%s", t.v[i].comm);
        }
    }
    if (p->pid > 0 && !p->exited)
        kill(-p->pid, SIGKILL);
    for (int round = 0; round < KILL_ROUNDS; round++) {
        /* Without memory for the list, still kill (into a one-slot list). */
        size_t none = MAX_RECORDED;
        int alive = seen ? cookie_pass(cookie, seen, &nseen, NULL, NULL, 0)
                         : cookie_pass(cookie, dummy, &none, NULL, NULL, 0);

        if (p->keeper > 0)
            tree_scan(&t, p->keeper);
        alive += kill_tracked(&t);
        if (p->pid > 0 && !p->exited) {
            kill(p->pid, SIGKILL);
            proc_check_exit(p);
        }
        if (alive == 0 && (p->pid <= 0 || p->exited))
            break;
        nanosleep(&pause, NULL);
    }
    if (p->pid > 0 && !p->exited)
        proc_wait_exit(p);
    if (p->keeper > 0) {
        kill(p->keeper, SIGKILL);
        while (waitpid(p->keeper, NULL, 0) < 0 && errno == EINTR)
            ;
        p->keeper = -1;
    }
    /* Killed descendants whose parents died were adopted by us: reap them. */
    for (size_t i = 0; i < nseen; i++)
        while (waitpid(seen[i], NULL, WNOHANG) < 0 && errno == EINTR)
            ;
    for (size_t i = 0; i < t.n; i++)
        while (waitpid(t.v[i].pid, NULL, WNOHANG) < 0 && errno == EINTR)
            ;
    free(seen);
    survivors = cookie_pass(cookie, NULL, NULL, NULL, NULL, 0);
    for (size_t i = 0; i < t.n; i++)
        if (tree_alive(&t, i) && !has_cookie(t.v[i].pid, needle, strlen(needle)))
            survivors++; /* (one with the cookie is counted above) */
    free(t.v);
    return survivors;
}

/* The pid of the profcheck whose cookie env holds ("PROFCHECK_RUN=<pid>-XXXXXX"), or 0. */
static long cookie_owner(pid_t pid)
{
    static const char var[] = PROC_COOKIE_VAR "=";
    char path[64], buf[65536];
    ssize_t n;
    long owner = 0;
    int fd;

    snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1) {
        const char *v = buf + i + sizeof var - 1;
        char *end;
        size_t suffix = 0;

        if (strncmp(buf + i, var, sizeof var - 1) != 0 || *v < '1' || *v > '9')
            continue;
        owner = strtol(v, &end, 10);
        if (*end != '-')
            return 0;
        for (end++; (*end >= '0' && *end <= '9') || (*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z');
             end++)
            suffix++;
        return *end == '\0' && suffix == 6 ? owner : 0;
    }
    return 0;
}

static int kill_stale(pid_t pid, void *data)
{
    int *killed = data;
    char path[64];
    struct stat st;
    long owner;

    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    if (stat(path, &st) < 0 || st.st_uid != geteuid())
        return 0;
    owner = cookie_owner(pid);
    if (owner <= 0 || owner == (long)getpid() || kill((pid_t)owner, 0) == 0 || errno != ESRCH)
        return 0;
    if (kill(pid, SIGKILL) == 0)
        (*killed)++;
    return 0;
}

int proc_kill_stale_runs(void)
{
    int killed = 0;

    each_pid(kill_stale, &killed);
    return killed;
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

