/*
 * il_body.c - method bodies (ECMA-335 II.25.4): parsing, encoding and the
 * prologue transform.
 *
 * Tiny header: one byte, (code size << 2) | 0x2; max stack 8, no locals,
 * no EH.  Fat header: 12 bytes, u16 flags (low 12 bits) | size in dwords
 * (high 4 bits, 3), u16 max stack, u32 code size, u32 local signature
 * token.  After the code of a fat body with the MoreSects flag, data
 * sections start at 4-byte boundaries: a kind byte (EHTable 0x01, FatFormat
 * 0x40, MoreSects 0x80), a data size that counts the section header (one
 * byte and two reserved bytes when small, three bytes when fat), then
 * clauses of 12 bytes (small) or 24 bytes (fat).
 */
#include <stdlib.h>
#include <string.h>

#include "il_internal.h"

#define TINY_FORMAT 0x2u
#define FAT_FORMAT 0x3u
#define FAT_MORE_SECTS 0x8u
#define FAT_INIT_LOCALS 0x10u
#define FAT_SIZE_DWORDS 3u
#define FAT_HEADER_BYTES 12u
#define TINY_CODE_MAX 63u
#define TINY_MAX_STACK 8u

#define SECT_EH_TABLE 0x01u
#define SECT_FAT 0x40u
#define SECT_MORE 0x80u
#define SECT_KIND_MASK 0x3Fu
#define SMALL_CLAUSE 12u
#define FAT_CLAUSE 24u
#define SMALL_CLAUSES_MAX ((0xFFu - 4u) / SMALL_CLAUSE)
#define FAT_CLAUSES_MAX ((0xFFFFFFu - 4u) / FAT_CLAUSE)

static uint16_t le16(const uint8_t *b)
{
    return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void put16(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

void il_body_init(struct il_body *b)
{
    b->bytes = NULL;
    b->len = 0;
}

void il_body_release(struct il_body *b)
{
    if (!b)
        return;
    free(b->bytes);
    il_body_init(b);
}

void il_method_init(struct il_method *m)
{
    memset(m, 0, sizeof *m);
}

void il_method_release(struct il_method *m)
{
    if (!m)
        return;
    free(m->clauses);
    il_method_init(m);
}

/* ---- encoding ---- */

static int clause_shifted(const struct il_eh_clause *in, uint32_t shift, struct il_eh_clause *out)
{
    *out = *in;
    if (in->try_offset > UINT32_MAX - shift || in->handler_offset > UINT32_MAX - shift)
        return -1;
    out->try_offset += shift;
    out->handler_offset += shift;
    if (in->flags & IL_EH_FILTER) {
        if (in->class_token_or_filter > UINT32_MAX - shift)
            return -1;
        out->class_token_or_filter += shift;
    }
    return 0;
}

static int clause_fits_small(const struct il_eh_clause *c)
{
    return c->flags <= 0xFFFF && c->try_offset <= 0xFFFF && c->try_length <= 0xFF &&
           c->handler_offset <= 0xFFFF && c->handler_length <= 0xFF;
}

int il_body_build(const uint8_t *prefix, size_t prefix_len, const uint8_t *code, size_t code_len,
                  uint32_t max_stack, uint32_t local_sig, int init_locals, const struct il_eh_clause *clauses,
                  size_t nclauses, uint32_t clause_shift, int force_fat, struct il_body *out,
                  struct il_error *err)
{
    size_t code_size, header, pad = 0, sect = 0, total;
    int tiny, small = 1;
    uint8_t *b;

    il_body_init(out);
    if (prefix_len > UINT32_MAX || code_len > UINT32_MAX - prefix_len)
        return il_fail(err, 0, 0, "the code is larger than a method header can declare");
    code_size = prefix_len + code_len;
    if (max_stack > 0xFFFF)
        return il_fail(err, 0, 0, "max stack %u does not fit a method header", max_stack);
    for (size_t i = 0; i < nclauses; i++) {
        struct il_eh_clause c;

        if (clause_shifted(&clauses[i], clause_shift, &c) < 0)
            return il_fail(err, 0, 0, "exception clause %zu moves past 4 GiB", i + 1);
        if (!clause_fits_small(&c))
            small = 0;
    }
    if (nclauses > SMALL_CLAUSES_MAX)
        small = 0;
    if (nclauses > FAT_CLAUSES_MAX)
        return il_fail(err, 0, 0, "%zu exception clauses do not fit an EH section", nclauses);
    tiny = !force_fat && code_size <= TINY_CODE_MAX && max_stack <= TINY_MAX_STACK && local_sig == 0 &&
           !init_locals && nclauses == 0;
    header = tiny ? 1 : FAT_HEADER_BYTES;
    if (nclauses > 0) {
        pad = (4 - (header + code_size) % 4) % 4;
        sect = 4 + nclauses * (small ? SMALL_CLAUSE : FAT_CLAUSE);
    }
    total = header + code_size + pad + sect;
    b = calloc(total, 1);
    if (!b)
        return il_fail(err, 0, 0, "out of memory");
    if (tiny) {
        b[0] = (uint8_t)(code_size << 2 | TINY_FORMAT);
    } else {
        uint32_t flags = FAT_FORMAT | (nclauses ? FAT_MORE_SECTS : 0) | (init_locals ? FAT_INIT_LOCALS : 0);

        put16(b, flags | FAT_SIZE_DWORDS << 12);
        put16(b + 2, max_stack);
        put32(b + 4, (uint32_t)code_size);
        put32(b + 8, local_sig);
    }
    if (prefix_len)
        memcpy(b + header, prefix, prefix_len);
    if (code_len)
        memcpy(b + header + prefix_len, code, code_len);
    if (nclauses > 0) {
        uint8_t *s = b + header + code_size + pad;
        uint8_t *c = s + 4;

        if (small) {
            s[0] = SECT_EH_TABLE;
            s[1] = (uint8_t)sect;
        } else {
            s[0] = SECT_EH_TABLE | SECT_FAT;
            s[1] = (uint8_t)sect;
            s[2] = (uint8_t)(sect >> 8);
            s[3] = (uint8_t)(sect >> 16);
        }
        for (size_t i = 0; i < nclauses; i++) {
            struct il_eh_clause e;

            clause_shifted(&clauses[i], clause_shift, &e);
            if (small) {
                put16(c, e.flags);
                put16(c + 2, e.try_offset);
                c[4] = (uint8_t)e.try_length;
                put16(c + 5, e.handler_offset);
                c[7] = (uint8_t)e.handler_length;
                put32(c + 8, e.class_token_or_filter);
                c += SMALL_CLAUSE;
            } else {
                put32(c, e.flags);
                put32(c + 4, e.try_offset);
                put32(c + 8, e.try_length);
                put32(c + 12, e.handler_offset);
                put32(c + 16, e.handler_length);
                put32(c + 20, e.class_token_or_filter);
                c += FAT_CLAUSE;
            }
        }
    }
    out->bytes = b;
    out->len = total;
    return 0;
}

/* ---- parsing ---- */

static int sections_parse(const uint8_t *h, size_t available, size_t at, struct il_method *m,
                          struct il_error *err)
{
    size_t cap = 0;

    for (;;) {
        size_t data, count, csize;
        uint8_t kind;
        struct il_eh_clause *g;

        at = (at + 3) & ~(size_t)3;
        if (at > available || available - at < 4)
            return il_fail(err, 0, 0, "EH section at offset %zu is truncated: %zu bytes available", at,
                           at > available ? 0 : available - at);
        kind = h[at];
        if ((kind & SECT_KIND_MASK) != SECT_EH_TABLE)
            return il_fail(err, 0, 0, "unsupported method data section kind 0x%02X at offset %zu", kind, at);
        if (kind & SECT_FAT) {
            data = (size_t)h[at + 1] | (size_t)h[at + 2] << 8 | (size_t)h[at + 3] << 16;
            csize = FAT_CLAUSE;
        } else {
            data = h[at + 1];
            csize = SMALL_CLAUSE;
        }
        if (data < 4)
            return il_fail(err, 0, 0, "EH section at offset %zu has data size %zu, less than its header", at, data);
        if (data > available - at)
            return il_fail(err, 0, 0, "EH section at offset %zu is truncated: %zu of %zu bytes available", at,
                           available - at, data);
        count = (data - 4) / csize;
        if (count > 0) {
            if (m->nclauses + count > cap) {
                size_t ncap = m->nclauses + count;

                g = realloc(m->clauses, ncap * sizeof *g);
                if (!g)
                    return il_fail(err, 0, 0, "out of memory");
                m->clauses = g;
                cap = ncap;
            }
            for (size_t i = 0; i < count; i++) {
                const uint8_t *c = h + at + 4 + i * csize;
                struct il_eh_clause *e = &m->clauses[m->nclauses];

                if (csize == FAT_CLAUSE) {
                    e->flags = le32(c);
                    e->try_offset = le32(c + 4);
                    e->try_length = le32(c + 8);
                    e->handler_offset = le32(c + 12);
                    e->handler_length = le32(c + 16);
                    e->class_token_or_filter = le32(c + 20);
                } else {
                    e->flags = le16(c);
                    e->try_offset = le16(c + 2);
                    e->try_length = c[4];
                    e->handler_offset = le16(c + 5);
                    e->handler_length = c[7];
                    e->class_token_or_filter = le32(c + 8);
                }
                m->nclauses++;
                if ((uint64_t)e->try_offset + e->try_length > m->code_size ||
                    (uint64_t)e->handler_offset + e->handler_length > m->code_size ||
                    ((e->flags & IL_EH_FILTER) && e->class_token_or_filter >= m->code_size))
                    return il_fail(err, 0, 0, "exception clause %zu lies outside the %u bytes of code", m->nclauses,
                                   m->code_size);
            }
        }
        m->total_len = at + data;
        if (!(kind & SECT_MORE))
            return 0;
        at += data;
    }
}

int il_method_parse(const uint8_t *header, size_t available, struct il_method *out, struct il_error *err)
{
    struct il_error scratch;
    size_t hsize;
    uint16_t flags;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (!out)
        return il_fail(err, 0, 0, "nowhere to put the method");
    il_method_init(out);
    if (!header || available == 0)
        return il_fail(err, 0, 0, "the method body is empty");
    if ((header[0] & 0x3) == TINY_FORMAT) {
        out->code_size = header[0] >> 2;
        out->max_stack = TINY_MAX_STACK;
        if (available - 1 < out->code_size) {
            il_fail(err, 0, 0, "the method code is truncated: %u bytes of code, %zu available", out->code_size,
                    available - 1);
            il_method_init(out);
            return -1;
        }
        out->code = header + 1;
        out->total_len = 1 + out->code_size;
        return 0;
    }
    if ((header[0] & 0x3) != FAT_FORMAT)
        return il_fail(err, 0, 0, "bad method header format 0x%X", header[0] & 0x3u);
    if (available < FAT_HEADER_BYTES)
        return il_fail(err, 0, 0, "the fat method header is truncated: %zu of %u bytes available", available,
                       FAT_HEADER_BYTES);
    flags = le16(header);
    hsize = (size_t)(flags >> 12) * 4;
    if (hsize < FAT_HEADER_BYTES)
        return il_fail(err, 0, 0, "the fat method header declares %zu bytes, less than %u", hsize,
                       FAT_HEADER_BYTES);
    out->fat = 1;
    out->max_stack = le16(header + 2);
    out->code_size = le32(header + 4);
    out->local_sig = le32(header + 8);
    out->init_locals = (flags & FAT_INIT_LOCALS) != 0;
    if (hsize > available || available - hsize < out->code_size) {
        il_fail(err, 0, 0, "the method code is truncated: %u bytes of code, %zu available", out->code_size,
                hsize > available ? 0 : available - hsize);
        il_method_init(out);
        return -1;
    }
    out->code = header + hsize;
    out->total_len = hsize + out->code_size;
    if ((flags & FAT_MORE_SECTS) && sections_parse(header, available, hsize + out->code_size, out, err) < 0) {
        il_method_release(out);
        return -1;
    }
    return 0;
}

/* ---- the prologue transform ---- */

int il_method_prepend(const struct il_method *m, const uint8_t *prefix, size_t prefix_len, uint16_t prefix_stack,
                      struct il_body *out, struct il_error *err)
{
    struct il_error scratch;
    uint32_t max_stack;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (!m || !out || (prefix_len && !prefix))
        return il_fail(err, 0, 0, "nothing to rewrite");
    if (prefix_len > UINT32_MAX)
        return il_fail(err, 0, 0, "the prefix is larger than a method header can declare");
    max_stack = m->max_stack > prefix_stack ? m->max_stack : prefix_stack;
    return il_body_build(prefix, prefix_len, m->code, m->code_size, max_stack, m->local_sig, m->init_locals,
                         m->clauses, m->nclauses, (uint32_t)prefix_len, m->fat, out, err);
}
