/*
 * elfinfo.h - facts about a profiler library read with libelf.
 */
#ifndef PROFCHECK_ELFINFO_H
#define PROFCHECK_ELFINFO_H

#include <stddef.h>

#include "../util/err.h"

/* The GNU build-id of the ELF file at path, as lowercase hex. */
int elfinfo_build_id(const char *path, char *hex, size_t size, struct err *e);

#endif
