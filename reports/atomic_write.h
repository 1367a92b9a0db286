/*
 * atomic_write.h - a report file appears whole or not at all: the data is
 * written to "<path>.tmp<pid>" and renamed over path.
 */
#ifndef PROFCHECK_ATOMIC_WRITE_H
#define PROFCHECK_ATOMIC_WRITE_H

#include <stddef.h>

#include "../harness/util/err.h"

/* 0, or -1 with "path: cannot write ...: reason" in e (no file left behind). */
int atomic_write(const char *path, const void *data, size_t len, struct err *e);

#endif
