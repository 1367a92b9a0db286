/*
 * proc.h - child processes that never outlive a run.
 *
 * A child is started with fork and execve in a new session (so it is the
 * leader of its own process group), with an explicit environment, its
 * standard streams connected to pipes, and SIGKILL as its parent-death
 * signal: if profcheck itself is killed, its apps die with it.  Its parent
 * is a keeper, a copy of profcheck that is a child subreaper: an orphan of
 * the child's tree is re-parented to the keeper, so that everything under
 * the keeper belongs to the run, even a process that dropped the cookie
 * or whose parent ended long before.  The environment carries a run cookie
 * (PROFCHECK_RUN=<cookie>) that every descendant inherits; proc_kill_tree
 * kills the process group and then every process that still carries the
 * cookie, even one that started its own session, and reaps what it can.  The
 * harness is a child subreaper, so orphaned descendants come back to it and
 * proc_sweep reaps them at the end.
 */
#ifndef PROFCHECK_PROC_H
#define PROFCHECK_PROC_H

#include <sys/types.h>

#include "../util/err.h"

#define PROC_COOKIE_VAR "PROFCHECK_RUN"

struct proc {
    pid_t pid;
    pid_t keeper; /* the child's parent, a subreaper: every orphan of its tree comes back to it */
    int pidfd;  /* readable when the child has exited (the keeper's status pipe) */
    int in_fd;  /* write end of the child's stdin, -1 once closed */
    int out_fd; /* read end of the child's stdout, -1 once closed */
    int err_fd; /* read end of the child's stderr, -1 once closed */
    int reply_fd; /* read end of the child's reply pipe (proc_spec.reply_fd), -1 when none or closed */
    int exited;
    int status; /* wait status, valid when exited */
};

struct proc_spec {
    const char *path;   /* executable */
    char *const *argv;
    char *const *envp;  /* must contain PROC_COOKIE_VAR=cookie */
    const char *cwd;    /* NULL: inherit */
    int reply_fd;       /* > 2: the write end of one more pipe becomes this fd in the child
                         * (the fixtures' reply channel); 0: none */
};

void proc_init(struct proc *p);

/* Starts the child (the thread that calls this is its parent for the
 * parent-death signal: it must outlive the child).  Its pipes are
 * non-blocking and close-on-exec here; the child gets stdin, stdout,
 * stderr and, when asked, spec->reply_fd. */
int proc_spawn(struct proc *p, const struct proc_spec *spec, struct err *e);

/* Takes the child's exit status if it has exited; 1 when it has, 0 when
 * still running. */
int proc_check_exit(struct proc *p);
/* The same, waiting up to about a second. */
void proc_wait_exit(struct proc *p);

/* Kills the child's process group and every process carrying cookie, then
 * reaps the child and what it can of the others.  Returns the number of
 * processes that carry the cookie and are still alive afterwards (0 is the
 * only good answer). */
int proc_kill_tree(struct proc *p, const char *cookie);

/* What proc_kill_run found alive under the keeper without the cookie. */
struct proc_hidden {
    int count;
    pid_t first;
    char comm[32];
};

/* proc_kill_tree, and hidden (may be NULL) says how many processes of the
 * run had dropped the cookie (`setsid env -i ...`): found all the same, as
 * descendants of the keeper, and killed. */
int proc_kill_run(struct proc *p, const char *cookie, struct proc_hidden *hidden);

/* Number of live processes (not zombies) whose environment has cookie. */
int proc_count_cookie(const char *cookie, pid_t *first, char *comm, size_t commsize);

/* Closes the pipes and pidfd (does not kill or wait). */
void proc_release(struct proc *p);

/* Kills the processes of this user that carry the cookie of a profcheck
 * that no longer runs ("<pid>-XXXXXX" with pid gone): what a run killed
 * with SIGKILL left (descendants in sessions of their own, which the
 * parent-death signal of the app does not reach).  Returns how many. */
int proc_kill_stale_runs(void);

/* Makes this process a child subreaper (Linux); 0 or -1. */
int proc_become_subreaper(struct err *e);

/* Kills and reaps every remaining child of this process (orphans adopted as
 * a subreaper included).  Call when no run is in progress. */
void proc_sweep(void);

/* "exit code 3", "signal SIGSEGV (11)". */
void proc_describe_status(int status, char *buf, size_t size);

#endif
