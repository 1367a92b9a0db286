/*
 * atomic_write.h - where a report goes, and how it gets there.
 *
 * A regular file (or a name that does not exist yet) is written to
 * "<file>.tmp<pid>" in its own directory and renamed over it, so that it
 * appears whole or not at all.  A symbolic link is followed: the file it
 * leads to is written that way, and the link stays.  A character device or
 * a FIFO (/dev/null, /dev/stdout, a pipe someone reads) is written in place
 * and never replaced; so is an open descriptor named as /dev/fd/N or
 * /proc/PID/fd/N (/dev/stdout leads there).  A directory, socket or block
 * device is refused.
 */
#ifndef PROFCHECK_ATOMIC_WRITE_H
#define PROFCHECK_ATOMIC_WRITE_H

#include <stddef.h>

#include "../harness/util/err.h"

/* 0, or -1 with "path: cannot write the report: reason" in e (no
 * temporary file left behind, the target untouched). */
int atomic_write(const char *path, const void *data, size_t len, struct err *e);

/*
 * Before a run: 0 when path can take a report — its directory exists (it
 * is made if not) and a file can be created in it, or it is a device or
 * FIFO that can be written — or -1 with the reason in e.
 */
int report_path_check(const char *path, struct err *e);

/* 1 when a and b name the same file (links followed; for names that do
 * not exist yet, the same name in the same directory), else 0. */
int report_path_same(const char *a, const char *b);

/* Removes the "<file>.tmp<pid>" files a killed profcheck left next to the
 * report path (only those whose pid no longer runs). */
void report_tmp_sweep(const char *path);

#endif
