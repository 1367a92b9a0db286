/*
 * rundir.h - where one `profcheck run` keeps its cases' directories.
 *
 * Every run has one private 0700 directory, "<root>/profcheck-<pid>-XXXXXX",
 * and each case's directory (its channel socket, its event ring, the app's
 * TMPDIR and so the runtime's diagnostics socket) is made inside it.  The
 * root is $TMPDIR (or /tmp) when the longest socket path a case can have
 * fits the 107 bytes of a Unix socket address; otherwise the first of
 * $XDG_RUNTIME_DIR, /tmp and /dev/shm where it does.  Before the first case
 * the root must take a directory and the space of an event ring per job.
 *
 * The pid in the name says whose it is: directories of runs whose process
 * is gone (killed with SIGKILL, say) are removed when the next run starts.
 */
#ifndef PROFCHECK_RUNDIR_H
#define PROFCHECK_RUNDIR_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

struct run_base {
    char root[PATH_MAX]; /* the directory it was made in */
    char path[PATH_MAX]; /* the run's own directory; "" when none */
    char note[PATH_MAX + 256]; /* why the root is not $TMPDIR, or "" */
};

/* The longest name of a case directory inside the run's, and the longest
 * socket name inside a case directory (the runtime's
 * "dotnet-diagnostic-<pid>-<start time>-socket"): what the root's length
 * must leave room for. */
size_t run_base_room_needed(void);

/*
 * Picks the root from tmpdir ($TMPDIR, NULL or "" for /tmp), removes the
 * directories of dead runs there, makes the run's directory and checks that
 * it has room for `reserve` bytes (the event rings of all jobs).  0, or -1
 * with a message that names the directory and what is wrong with it
 * (cannot be written, full, too long with no shorter one to use).
 */
int run_base_make(struct run_base *b, const char *tmpdir, uint64_t reserve, struct err *e);

/* Removes the run's directory and everything in it. */
void run_base_remove(struct run_base *b);

/* Removes, under root, the directories "profcheck-<pid>-XXXXXX" of this
 * user whose pid no longer runs; returns how many. */
int run_base_sweep(const char *root);

#endif
