/*
 * proc.h - child processes that never outlive a run.
 *
 * A child is started with posix_spawn in a new session (so it is the leader
 * of its own process group), with an explicit environment and with its
 * standard streams connected to pipes.  The environment carries a run cookie
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
    int pidfd;  /* readable when the child exits; -1 when the kernel has no pidfd */
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

/* Starts the child.  Its pipes are non-blocking and close-on-exec here; the
 * child gets stdin, stdout, stderr and, when asked, spec->reply_fd. */
int proc_spawn(struct proc *p, const struct proc_spec *spec, struct err *e);

/* Reaps the child if it has exited; 1 when it has, 0 when still running. */
int proc_check_exit(struct proc *p);

/* Kills the child's process group and every process carrying cookie, then
 * reaps the child and what it can of the others.  Returns the number of
 * processes that carry the cookie and are still alive afterwards (0 is the
 * only good answer). */
int proc_kill_tree(struct proc *p, const char *cookie);

/* Number of live processes (not zombies) whose environment has cookie. */
int proc_count_cookie(const char *cookie, pid_t *first, char *comm, size_t commsize);

/* Closes the pipes and pidfd (does not kill or wait). */
void proc_release(struct proc *p);

/* Makes this process a child subreaper (Linux); 0 or -1. */
int proc_become_subreaper(struct err *e);

/* Kills and reaps every remaining child of this process (orphans adopted as
 * a subreaper included).  Call when no run is in progress. */
void proc_sweep(void);

/* "exit code 3", "signal SIGSEGV (11)". */
void proc_describe_status(int status, char *buf, size_t size);

#endif
