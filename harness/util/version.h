/*
 * version.h - what profcheck is: the release, PROFCHECK_VERSION (the
 * project VERSION of CMakeLists.txt), and the revision it was built from.
 */
#ifndef PROFCHECK_VERSION_H
#define PROFCHECK_VERSION_H

#ifndef PROFCHECK_VERSION
#define PROFCHECK_VERSION "0.0.0"
#endif

/* `git describe --always --dirty` of the source tree at build time
 * ("v0.1.0-12-g0a2afd6-dirty", "0a2afd6"), or "" when it was not built
 * from a git checkout (cmake/version.cmake, generated/version.c). */
extern const char profcheck_revision[];

#endif
