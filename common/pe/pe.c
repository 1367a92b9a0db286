/*
 * pe.c - where the CLI metadata of a loaded PE image is (pe.h): the DOS and
 * PE headers, the CLI header (data directory 14), the metadata root with its
 * "BSJB" signature.  An image is either mapped section by section (RVAs are
 * offsets from the base) or flat, as the file is (RVAs go through the
 * section table).
 */
#include <stddef.h>
#include <string.h>

#include "pe.h"

#define CLI_DIRECTORY 14
#define METADATA_SIGNATURE 0x424A5342u /* "BSJB" */

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

struct pe {
    const uint8_t *base;
    size_t len;               /* bytes readable at base; 0 when only the headers say */
    int flat;                 /* mapped as the file is, not section by section */
    uint32_t size_of_image;
    const uint8_t *sections;
    uint16_t nsections;
};

/* 1 when n bytes at p may be read. */
static int readable(const struct pe *pe, const uint8_t *p, size_t n)
{
    size_t off;

    if (p < pe->base)
        return 0;
    off = (size_t)(p - pe->base);
    if (pe->len)
        return off <= pe->len && n <= pe->len - off;
    return pe->flat || (off <= pe->size_of_image && n <= pe->size_of_image - off);
}

/* The address of len bytes at rva in the loaded image, or NULL. */
static const uint8_t *rva_ptr(const struct pe *pe, uint32_t rva, uint32_t len)
{
    if (!pe->flat)
        return readable(pe, pe->base + rva, len) && rva < pe->size_of_image && len <= pe->size_of_image - rva
                   ? pe->base + rva
                   : NULL;
    for (uint16_t i = 0; i < pe->nsections; i++) {
        const uint8_t *s = pe->sections + 40u * i;
        uint32_t va, raw_size, raw;
        if (!readable(pe, s, 40))
            return NULL;
        va = rd32(s + 12);
        raw_size = rd32(s + 16);
        raw = rd32(s + 20);
        if (rva >= va && rva - va < raw_size && len <= raw_size - (rva - va))
            return readable(pe, pe->base + raw + (rva - va), len) ? pe->base + raw + (rva - va) : NULL;
    }
    return NULL;
}

int pe_metadata(const uint8_t *base, size_t len, int flat, const void **md, uint32_t *size)
{
    struct pe pe = {base, len, flat, 0, NULL, 0};
    const uint8_t *nt, *opt, *dirs, *cli, *root;
    uint32_t lfanew, ndirs, md_rva, md_size;
    uint16_t magic;

    /* Until SizeOfImage is known, a mapped image is trusted as far as its headers go. */
    pe.size_of_image = 4096 + 512;
    if (!base || !readable(&pe, base, 0x40) || base[0] != 'M' || base[1] != 'Z')
        return -1;
    lfanew = rd32(base + 0x3C);
    if (lfanew > 4096)
        return -1;
    nt = base + lfanew;
    if (!readable(&pe, nt, 24 + 2) || memcmp(nt, "PE\0\0", 4) != 0)
        return -1;
    pe.nsections = rd16(nt + 6);
    opt = nt + 24;
    magic = rd16(opt);
    if (magic == 0x10B && readable(&pe, opt, 96 + 8 * (CLI_DIRECTORY + 1))) {
        ndirs = rd32(opt + 92);
        dirs = opt + 96;
    } else if (magic == 0x20B && readable(&pe, opt, 112 + 8 * (CLI_DIRECTORY + 1))) {
        ndirs = rd32(opt + 108);
        dirs = opt + 112;
    } else {
        return -1;
    }
    pe.size_of_image = rd32(opt + 56);
    pe.sections = opt + rd16(nt + 20);
    if (ndirs <= CLI_DIRECTORY || rd32(dirs + 8 * CLI_DIRECTORY) == 0)
        return -1;
    cli = rva_ptr(&pe, rd32(dirs + 8 * CLI_DIRECTORY), 16);
    if (!cli)
        return -1;
    md_rva = rd32(cli + 8);
    md_size = rd32(cli + 12);
    if (md_size < 16)
        return -1;
    root = rva_ptr(&pe, md_rva, md_size);
    if (!root || rd32(root) != METADATA_SIGNATURE)
        return -1;
    *md = root;
    *size = md_size;
    return 0;
}
