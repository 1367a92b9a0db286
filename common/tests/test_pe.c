/*
 * test_pe.c - finding the CLI metadata in a PE image (common/pe/
 * pe.c), on an image built here byte by byte (ECMA-335 II.25): the same
 * image laid out flat (as the file) and mapped (section by section), every
 * truncation of it, and images that are not CLI images.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "pe/pe.h"

void test_register(void);

#define FILE_SIZE 0x400u
#define IMAGE_SIZE 0x2000u
#define SECTION_VA 0x1000u
#define SECTION_RAW 0x200u
#define CLI_RVA SECTION_VA
#define MD_RVA (SECTION_VA + 0x48u)
#define MD_SIZE 0x20u

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The headers of a PE32+ image with one section holding the CLI header and
 * the metadata root; the section's bytes at `at` (its file offset when
 * flat, its RVA when mapped). */
static void build(uint8_t *img, int flat)
{
    const uint32_t nt = 0x80, opt = nt + 24, sections = opt + 240;
    uint8_t *sec = img + (flat ? SECTION_RAW : SECTION_VA);

    img[0] = 'M';
    img[1] = 'Z';
    put32(img + 0x3C, nt);
    memcpy(img + nt, "PE\0\0", 4);
    put16(img + nt + 4, 0x8664);
    put16(img + nt + 6, 1);      /* sections */
    put16(img + nt + 20, 240);   /* size of the optional header */
    put16(img + opt, 0x20B);     /* PE32+ */
    put32(img + opt + 56, IMAGE_SIZE);
    put32(img + opt + 108, 16);  /* data directories */
    put32(img + opt + 112 + 8 * 14, CLI_RVA);
    put32(img + opt + 112 + 8 * 14 + 4, 72);
    put32(img + sections + 8, 0x200);  /* virtual size */
    put32(img + sections + 12, SECTION_VA);
    put32(img + sections + 16, 0x200); /* raw size */
    put32(img + sections + 20, SECTION_RAW);
    put32(sec, 72);                    /* the CLI header */
    put32(sec + 8, MD_RVA);
    put32(sec + 12, MD_SIZE);
    memcpy(sec + (MD_RVA - SECTION_VA), "BSJB", 4);
}

static void test_flat_and_mapped(void)
{
    uint8_t *file = calloc(1, FILE_SIZE), *image = calloc(1, IMAGE_SIZE);
    const void *md = NULL;
    uint32_t size = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_PTR_NOT_NULL_FATAL(image);
    build(file, 1);
    build(image, 0);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), 0);
    CU_ASSERT_PTR_EQUAL(md, file + SECTION_RAW + (MD_RVA - SECTION_VA));
    CU_ASSERT_EQUAL(size, MD_SIZE);
    CU_ASSERT_EQUAL(pe_metadata(image, IMAGE_SIZE, 0, &md, &size), 0);
    CU_ASSERT_PTR_EQUAL(md, image + MD_RVA);
    CU_ASSERT_EQUAL(pe_metadata(image, 0, 0, &md, &size), 0); /* trusting SizeOfImage */
    CU_ASSERT_PTR_EQUAL(md, image + MD_RVA);
    /* Read the wrong way, neither layout finds the root. */
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 0, &md, &size), -1);
    CU_ASSERT_EQUAL(pe_metadata(image, IMAGE_SIZE, 1, &md, &size), -1);
    free(file);
    free(image);
}

static void test_truncated(void)
{
    uint8_t *file = calloc(1, FILE_SIZE);
    const void *md = NULL;
    uint32_t size = 0;
    size_t ok = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    build(file, 1);
    /* A prefix is enough exactly when it holds the whole metadata root;
     * none is read past its end (ASan). */
    const size_t need = SECTION_RAW + (MD_RVA - SECTION_VA) + MD_SIZE;
    for (size_t len = 1; len < FILE_SIZE; len++) {
        uint8_t *copy = malloc(len);
        CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
        memcpy(copy, file, len);
        if (pe_metadata(copy, len, 1, &md, &size) == 0) {
            ok++;
            CU_ASSERT(len >= need);
        } else {
            CU_ASSERT(len < need);
        }
        free(copy);
    }
    CU_ASSERT_EQUAL(ok, FILE_SIZE - need);
    free(file);
}

static void test_not_cli(void)
{
    uint8_t *file = calloc(1, FILE_SIZE);
    const void *md = NULL;
    uint32_t size = 0;

    CU_ASSERT_PTR_NOT_NULL_FATAL(file);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), -1); /* no MZ */
    build(file, 1);
    memcpy(file + SECTION_RAW + (MD_RVA - SECTION_VA), "XSJB", 4);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), -1); /* no BSJB */
    build(file, 1);
    put32(file + 0x80 + 24 + 112 + 8 * 14, 0);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), -1); /* no CLI header */
    build(file, 1);
    put16(file + 0x80 + 24, 0x107);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), -1); /* unknown optional header */
    build(file, 1);
    put32(file + 0x3C, 0x10000);
    CU_ASSERT_EQUAL(pe_metadata(file, FILE_SIZE, 1, &md, &size), -1); /* PE header far away */
    CU_ASSERT_EQUAL(pe_metadata(NULL, 0, 1, &md, &size), -1);
    free(file);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("pe", NULL, NULL);

    CU_add_test(s, "flat and mapped", test_flat_and_mapped);
    CU_add_test(s, "truncated", test_truncated);
    CU_add_test(s, "not a CLI image", test_not_cli);
}
