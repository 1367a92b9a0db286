/*
 * path.h - finding a program the way a shell would.
 */
#ifndef PROFCHECK_PATH_H
#define PROFCHECK_PATH_H

#include <stddef.h>

/* The first executable `name` in the directories of $PATH, into buf.
 * 0, or -1 (buf emptied) when there is none. */
int path_search(const char *name, char *buf, size_t size);

#endif
