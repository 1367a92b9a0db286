/*
 * pe.h - the CLI metadata inside a loaded PE image (pe.c).  Pure: it reads
 * only the bytes it is given.
 */
#ifndef PROFCHECK_PE_H
#define PROFCHECK_PE_H

#include <stddef.h>
#include <stdint.h>

/* The metadata root of the image at base (flat: mapped as the file is, not
 * section by section) and its size; 0, or -1 when base holds no CLI image.
 * len bounds every read; 0 trusts the image's own sizes, as for an image
 * the runtime loaded. */
int pe_metadata(const uint8_t *base, size_t len, int flat, const void **md, uint32_t *size);

#endif
