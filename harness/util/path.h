/*
 * path.h - finding a program the way a shell would; absolute paths.
 */
#ifndef PROFCHECK_PATH_H
#define PROFCHECK_PATH_H

#include <stddef.h>

/* The first executable `name` in the directories of $PATH, into buf.
 * 0, or -1 (buf emptied) when there is none. */
int path_search(const char *name, char *buf, size_t size);

/* path made absolute against the current directory, without resolving
 * links ("dotnet" -> "/home/me/build/dotnet/dotnet"): the host finds its
 * root from the path it was started by.  0, or -1 when it does not fit or
 * the current directory cannot be had. */
int path_absolute(const char *path, char *buf, size_t size);

#endif
