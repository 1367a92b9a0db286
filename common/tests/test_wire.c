/*
 * test_wire.c - the frame format of the harness <-> profiler channel:
 * encoding, decoding, every error code, and robustness against garbage.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "wire/wire.h"

void test_register(void);

/* The UTF-8 text "héllo → 世界 🎉": 22 bytes. */
#define UTF8_TEXT "h\xc3\xa9llo \xe2\x86\x92 \xe4\xb8\x96\xe7\x95\x8c \xf0\x9f\x8e\x89"
#define UTF8_LEN 22u

/* Payload length of the sample frame, counted field by field. */
#define SAMPLE_PAYLOAD (14u + 13u + 13u + 13u + 13u + 8u + 11u + 9u + 21u + 30u)
#define SAMPLE_LEN (WIRE_HEADER_SIZE + SAMPLE_PAYLOAD)

static uint32_t le32_at(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16_at(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void set_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void set_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Writes a header into b (at least 12 bytes); returns 12. */
static size_t raw_header(uint8_t *b, uint32_t plen, uint16_t kind, uint16_t count)
{
    memcpy(b, WIRE_MAGIC, 4);
    set_le32(b + 4, plen);
    set_le16(b + 8, kind);
    set_le16(b + 10, count);
    return WIRE_HEADER_SIZE;
}

/* Appends a field's type byte, key length and key at b[*n]. */
static void raw_field_head(uint8_t *b, size_t *n, uint8_t type, const char *key, size_t keylen)
{
    b[(*n)++] = type;
    b[(*n)++] = (uint8_t)keylen;
    memcpy(b + *n, key, keylen);
    *n += keylen;
}

/*
 * Decodes a copy of bytes[0, len) held in a heap block of exactly len
 * bytes, so that a read past len is an error for ASan and valgrind.  The
 * copy is freed at once: msg's pointers must not be used afterwards.
 */
static int decode_exact(const uint8_t *bytes, size_t len, struct wire_msg *msg, size_t *used)
{
    uint8_t *copy = malloc(len ? len : 1);
    int rc;

    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    if (len)
        memcpy(copy, bytes, len);
    rc = wire_decode(len ? copy : NULL, len, msg, used);
    free(copy);
    return rc;
}

/* As decode_exact, but the copy (which msg points into) is handed back in
 * *keep for the caller to free. */
static int decode_keep(const uint8_t *bytes, size_t len, struct wire_msg *msg, size_t *used, uint8_t **keep)
{
    uint8_t *copy = malloc(len ? len : 1);

    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    if (len)
        memcpy(copy, bytes, len);
    *keep = copy;
    return wire_decode(len ? copy : NULL, len, msg, used);
}

/* Encodes the sample event frame; returns its length. */
static long write_sample(uint8_t *buf, size_t cap)
{
    struct wire_writer w;

    wire_writer_init(&w, buf, cap, WIRE_EVENT);
    wire_put_u64(&w, "zero", 0);
    wire_put_u64(&w, "one", 1);
    wire_put_u64(&w, "max", UINT64_MAX);
    wire_put_i64(&w, "neg", -42);
    wire_put_i64(&w, "min", INT64_MIN);
    wire_put_hr(&w, "ok", 0);
    wire_put_hr(&w, "rejit", (int32_t)0x8013137Cu);
    wire_put_str(&w, "empty", "");
    wire_put_str(&w, "ascii", "hello, world");
    wire_put_str(&w, "utf8", UTF8_TEXT);
    return wire_writer_finish(&w);
}

static void assert_field_key(const struct wire_field *f, enum wire_type type, const char *key)
{
    CU_ASSERT_EQUAL(f->type, type);
    CU_ASSERT_EQUAL(f->keylen, strlen(key));
    CU_ASSERT_EQUAL(memcmp(f->key, key, strlen(key)), 0);
}

static void assert_str_field(const struct wire_field *f, const char *key, const char *value, size_t len)
{
    assert_field_key(f, WIRE_STR, key);
    CU_ASSERT_EQUAL(f->len, len);
    CU_ASSERT_PTR_NOT_NULL(f->str);
    if (f->str && f->len == len)
        CU_ASSERT_EQUAL(memcmp(f->str, value, len), 0);
}

static void assert_sample_fields(const struct wire_msg *m)
{
    assert_field_key(&m->fields[0], WIRE_U64, "zero");
    CU_ASSERT_EQUAL(m->fields[0].u, 0);
    assert_field_key(&m->fields[1], WIRE_U64, "one");
    CU_ASSERT_EQUAL(m->fields[1].u, 1);
    assert_field_key(&m->fields[2], WIRE_U64, "max");
    CU_ASSERT_EQUAL(m->fields[2].u, UINT64_MAX);
    assert_field_key(&m->fields[3], WIRE_I64, "neg");
    CU_ASSERT_EQUAL(m->fields[3].i, -42);
    assert_field_key(&m->fields[4], WIRE_I64, "min");
    CU_ASSERT_EQUAL(m->fields[4].i, INT64_MIN);
    assert_field_key(&m->fields[5], WIRE_HR, "ok");
    CU_ASSERT_EQUAL(m->fields[5].hr, 0);
    assert_field_key(&m->fields[6], WIRE_HR, "rejit");
    CU_ASSERT_EQUAL(m->fields[6].hr, (int32_t)0x8013137Cu);
    CU_ASSERT_EQUAL(m->fields[6].hr, -2146233476);
    assert_str_field(&m->fields[7], "empty", "", 0);
    assert_str_field(&m->fields[8], "ascii", "hello, world", 12);
    assert_str_field(&m->fields[9], "utf8", UTF8_TEXT, UTF8_LEN);
}

static void test_round_trip_all_types(void)
{
    uint8_t buf[512], *copy;
    struct wire_msg msg;
    size_t used = 0;
    long n = write_sample(buf, sizeof buf);

    CU_ASSERT_EQUAL_FATAL(n, (long)SAMPLE_LEN);
    /* The header as documented. */
    CU_ASSERT_EQUAL(memcmp(buf, "PCW1", 4), 0);
    CU_ASSERT_EQUAL(le32_at(buf + 4), SAMPLE_PAYLOAD);
    CU_ASSERT_EQUAL(le16_at(buf + 8), WIRE_EVENT);
    CU_ASSERT_EQUAL(le16_at(buf + 10), 10);
    /* The first fields byte by byte: type, key length, key, LE value. */
    CU_ASSERT_EQUAL(memcmp(buf + 12, "u\x04zero\0\0\0\0\0\0\0\0", 14), 0);
    CU_ASSERT_EQUAL(memcmp(buf + 26, "u\x03one\x01\0\0\0\0\0\0\0", 13), 0);
    CU_ASSERT_EQUAL(memcmp(buf + 12 + 14 + 13 * 4 + 8, "h\x05rejit\x7c\x13\x13\x80", 11), 0);

    CU_ASSERT_EQUAL(decode_keep(buf, (size_t)n, &msg, &used, &copy), 1);
    CU_ASSERT_EQUAL(used, SAMPLE_LEN);
    CU_ASSERT_EQUAL(msg.kind, WIRE_EVENT);
    CU_ASSERT_EQUAL(msg.nfields, 10);
    if (msg.nfields == 10)
        assert_sample_fields(&msg);
    free(copy);
}

static void test_round_trip_kinds(void)
{
    for (int k = 1; k <= WIRE_KIND_MAX; k++) {
        uint8_t buf[64];
        struct wire_writer w;
        struct wire_msg msg;
        size_t used = 0;
        long n;

        wire_writer_init(&w, buf, sizeof buf, (enum wire_kind)k);
        wire_put_u64(&w, "k", (uint64_t)k);
        n = wire_writer_finish(&w);
        CU_ASSERT_EQUAL(n, 12 + 2 + 1 + 8);
        CU_ASSERT_EQUAL(decode_exact(buf, (size_t)n, &msg, &used), 1);
        CU_ASSERT_EQUAL(msg.kind, (enum wire_kind)k);
        CU_ASSERT_EQUAL(msg.nfields, 1);
        CU_ASSERT_EQUAL(msg.fields[0].u, (uint64_t)k);
        CU_ASSERT_EQUAL(used, (size_t)n);
    }
}

static void test_round_trip_empty_frame(void)
{
    uint8_t buf[WIRE_HEADER_SIZE];
    struct wire_writer w;
    struct wire_msg msg;
    size_t used = 0;

    wire_writer_init(&w, buf, sizeof buf, WIRE_BYE);
    CU_ASSERT_EQUAL_FATAL(wire_writer_finish(&w), 12);
    CU_ASSERT_EQUAL(memcmp(buf, "PCW1\0\0\0\0\x07\0\0\0", 12), 0);
    CU_ASSERT_EQUAL(decode_exact(buf, sizeof buf, &msg, &used), 1);
    CU_ASSERT_EQUAL(msg.kind, WIRE_BYE);
    CU_ASSERT_EQUAL(msg.nfields, 0);
    CU_ASSERT_EQUAL(used, 12);
}

/*
 * The longest string a frame can carry: the payload limit (65536) less the
 * field's own bytes (type, key length, 1-byte key, u16 length) is 65531.
 * WIRE_MAX_STR (65535) is the u16 bound; such a string cannot fit the payload.
 */
static void test_round_trip_long_string(void)
{
    const size_t longest = WIRE_MAX_PAYLOAD - 5;
    size_t cap = WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD + 64;
    uint8_t *buf = malloc(cap);
    char *s = malloc(WIRE_MAX_STR + 2);
    struct wire_writer w;
    struct wire_msg msg;
    size_t used = 0;
    long n;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    for (size_t i = 0; i < WIRE_MAX_STR + 1; i++)
        s[i] = (char)('a' + i % 26);
    s[WIRE_MAX_STR + 1] = '\0';

    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "s", s, longest);
    n = wire_writer_finish(&w);
    CU_ASSERT_EQUAL(n, (long)(WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD));
    if (n > 0) {
        uint8_t *copy;

        CU_ASSERT_EQUAL(le32_at(buf + 4), WIRE_MAX_PAYLOAD);
        CU_ASSERT_EQUAL(decode_keep(buf, (size_t)n, &msg, &used, &copy), 1);
        CU_ASSERT_EQUAL(used, (size_t)n);
        CU_ASSERT_EQUAL(msg.nfields, 1);
        assert_str_field(&msg.fields[0], "s", s, longest);
        free(copy);
    }

    /* One byte more breaks the payload limit. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "s", s, longest + 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    /* WIRE_MAX_STR bytes, room in the buffer to spare: still over the payload limit. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "s", s, WIRE_MAX_STR);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    /* Beyond the u16 length. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "s", s, WIRE_MAX_STR + 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    /* A frame big enough for a 65535-byte string field is refused by the
     * decoder as soon as its header arrives. */
    raw_header(buf, WIRE_MAX_PAYLOAD + 4, WIRE_LOG, 1);
    CU_ASSERT_EQUAL(wire_decode(buf, 12, &msg, &used), WIRE_E_LENGTH);

    free(s);
    free(buf);
}

static void test_put_str_null_is_empty(void)
{
    uint8_t buf[64], *copy;
    struct wire_writer w;
    struct wire_msg msg;
    size_t used = 0;
    long n;

    wire_writer_init(&w, buf, sizeof buf, WIRE_REPLY);
    wire_put_str(&w, "name", NULL);
    n = wire_writer_finish(&w);
    CU_ASSERT_EQUAL_FATAL(n, 12 + 2 + 4 + 2);
    CU_ASSERT_EQUAL(decode_keep(buf, (size_t)n, &msg, &used, &copy), 1);
    CU_ASSERT_EQUAL(msg.nfields, 1);
    assert_str_field(&msg.fields[0], "name", "", 0);
    free(copy);
}

static void test_msg_get_and_key_is(void)
{
    uint8_t buf[128], *copy;
    struct wire_writer w;
    struct wire_msg msg;
    const struct wire_field *f;
    size_t used = 0;
    long n;

    wire_writer_init(&w, buf, sizeof buf, WIRE_COMMAND);
    wire_put_str(&w, "command", "resolve");
    wire_put_u64(&w, "id", 7);
    wire_put_u64(&w, "id", 8);
    wire_put_hr(&w, "hr", 0);
    n = wire_writer_finish(&w);
    CU_ASSERT_FATAL(n > 0);
    CU_ASSERT_EQUAL(decode_keep(buf, (size_t)n, &msg, &used, &copy), 1);
    CU_ASSERT_EQUAL(msg.nfields, 4);
    if (msg.nfields != 4) {
        free(copy);
        return;
    }

    f = wire_msg_get(&msg, "id");
    CU_ASSERT_PTR_EQUAL(f, &msg.fields[1]);
    if (f)
        CU_ASSERT_EQUAL(f->u, 7);
    CU_ASSERT_PTR_EQUAL(wire_msg_get(&msg, "command"), &msg.fields[0]);
    CU_ASSERT_PTR_EQUAL(wire_msg_get(&msg, "hr"), &msg.fields[3]);
    CU_ASSERT_PTR_NULL(wire_msg_get(&msg, "i"));
    CU_ASSERT_PTR_NULL(wire_msg_get(&msg, "ids"));
    CU_ASSERT_PTR_NULL(wire_msg_get(&msg, "comman"));
    CU_ASSERT_PTR_NULL(wire_msg_get(&msg, "ID"));
    CU_ASSERT_PTR_NULL(wire_msg_get(&msg, ""));

    CU_ASSERT_EQUAL(wire_key_is(&msg.fields[0], "command"), 1);
    CU_ASSERT_EQUAL(wire_key_is(&msg.fields[0], "commands"), 0);
    CU_ASSERT_EQUAL(wire_key_is(&msg.fields[0], "comma"), 0);
    CU_ASSERT_EQUAL(wire_key_is(&msg.fields[1], "id"), 1);
    CU_ASSERT_EQUAL(wire_key_is(&msg.fields[1], "hr"), 0);
    free(copy);
}

static void test_two_frames_back_to_back(void)
{
    uint8_t buf[512], *copy;
    struct wire_writer w;
    struct wire_msg msg;
    size_t used = 0, used2 = 0;
    long first = write_sample(buf, sizeof buf), second;

    CU_ASSERT_EQUAL_FATAL(first, (long)SAMPLE_LEN);
    wire_writer_init(&w, buf + first, sizeof buf - (size_t)first, WIRE_LOG);
    wire_put_str(&w, "text", "second frame");
    second = wire_writer_finish(&w);
    CU_ASSERT_EQUAL_FATAL(second, 12 + 2 + 4 + 2 + 12);

    CU_ASSERT_EQUAL_FATAL(decode_exact(buf, (size_t)(first + second), &msg, &used), 1);
    CU_ASSERT_EQUAL_FATAL(used, (size_t)first);
    CU_ASSERT_EQUAL(msg.kind, WIRE_EVENT);
    CU_ASSERT_EQUAL(msg.nfields, 10);

    CU_ASSERT_EQUAL(decode_keep(buf + used, (size_t)(first + second) - used, &msg, &used2, &copy), 1);
    CU_ASSERT_EQUAL(used2, (size_t)second);
    CU_ASSERT_EQUAL(msg.kind, WIRE_LOG);
    CU_ASSERT_EQUAL(msg.nfields, 1);
    if (msg.nfields == 1)
        assert_str_field(&msg.fields[0], "text", "second frame", 12);
    free(copy);

    /* The second frame cut short: the first still decodes whole. */
    CU_ASSERT_EQUAL(decode_exact(buf, (size_t)(first + 5), &msg, &used), 1);
    CU_ASSERT_EQUAL(used, (size_t)first);
    CU_ASSERT_EQUAL(decode_exact(buf + first, 5, &msg, &used2), 0);
}

static void test_incremental_prefixes(void)
{
    uint8_t buf[512];
    long n = write_sample(buf, sizeof buf);
    struct wire_msg msg;
    size_t used;

    CU_ASSERT_EQUAL_FATAL(n, (long)SAMPLE_LEN);
    for (size_t len = 0; len < (size_t)n; len++) {
        used = 12345;
        CU_ASSERT_EQUAL(decode_exact(buf, len, &msg, &used), 0);
        CU_ASSERT_EQUAL(used, 12345);
    }
    used = 0;
    CU_ASSERT_EQUAL(decode_exact(buf, (size_t)n, &msg, &used), 1);
    CU_ASSERT_EQUAL(used, (size_t)n);
}

static void test_error_bad_magic(void)
{
    struct wire_msg msg;
    size_t used = 0;
    uint8_t good[12];

    raw_header(good, 0, WIRE_HELLO, 0);
    /* A wrong byte at position i is reported once i + 1 bytes are there. */
    for (size_t i = 0; i < 4; i++) {
        uint8_t b[12];

        memcpy(b, good, sizeof b);
        b[i] ^= 0x20;
        for (size_t len = i + 1; len <= sizeof b; len++)
            CU_ASSERT_EQUAL(decode_exact(b, len, &msg, &used), WIRE_E_MAGIC);
        /* Before the wrong byte, the correct prefix needs more. */
        CU_ASSERT_EQUAL(decode_exact(b, i, &msg, &used), 0);
    }
    CU_ASSERT_EQUAL(decode_exact((const uint8_t *)"X", 1, &msg, &used), WIRE_E_MAGIC);
    CU_ASSERT_EQUAL(decode_exact((const uint8_t *)"PCW2", 4, &msg, &used), WIRE_E_MAGIC);
    CU_ASSERT_EQUAL(decode_exact((const uint8_t *)"pcw1", 4, &msg, &used), WIRE_E_MAGIC);
    CU_ASSERT_EQUAL(decode_exact((const uint8_t *)"PCW", 3, &msg, &used), 0);
    CU_ASSERT_EQUAL(decode_exact((const uint8_t *)"PCW1", 4, &msg, &used), 0);
    CU_ASSERT_EQUAL(decode_exact(good, 12, &msg, &used), 1);
}

static void test_error_length(void)
{
    struct wire_msg msg;
    size_t used = 0;
    uint8_t b[12];

    raw_header(b, WIRE_MAX_PAYLOAD + 1, WIRE_EVENT, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_LENGTH);
    raw_header(b, UINT32_MAX, WIRE_EVENT, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_LENGTH);
    /* The length is checked before the kind and the count. */
    raw_header(b, WIRE_MAX_PAYLOAD + 1, 0, 1000);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_LENGTH);
    /* At the limit it is only a frame still arriving. */
    raw_header(b, WIRE_MAX_PAYLOAD, WIRE_EVENT, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), 0);
}

static void test_error_kind(void)
{
    struct wire_msg msg;
    size_t used = 0;
    uint8_t b[12];

    raw_header(b, 0, 0, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_KIND);
    raw_header(b, 0, 8, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_KIND);
    raw_header(b, 0, 0xFFFF, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_KIND);
    /* Known before the payload arrives. */
    raw_header(b, 100, 8, 0);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_KIND);
    for (uint16_t k = 1; k <= WIRE_KIND_MAX; k++) {
        raw_header(b, 0, k, 0);
        CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), 1);
        CU_ASSERT_EQUAL(msg.kind, (enum wire_kind)k);
    }
}

static void test_error_count(void)
{
    struct wire_msg msg;
    size_t used = 0;
    uint8_t b[12];

    raw_header(b, 0, WIRE_EVENT, WIRE_MAX_FIELDS + 1);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_COUNT);
    raw_header(b, 0, WIRE_EVENT, 0xFFFF);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_COUNT);
    raw_header(b, 500, WIRE_EVENT, 65);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_COUNT);
    /* 64 announced fields but an empty payload: the fields are missing. */
    raw_header(b, 0, WIRE_EVENT, WIRE_MAX_FIELDS);
    CU_ASSERT_EQUAL(decode_exact(b, 12, &msg, &used), WIRE_E_TRUNCATED);
}

static void test_error_type(void)
{
    static const uint8_t bad_types[] = {'x', 'U', 'S', 0, 0xFF};
    struct wire_msg msg;
    size_t used = 0;

    for (size_t t = 0; t < sizeof bad_types; t++) {
        uint8_t b[64];
        size_t n = WIRE_HEADER_SIZE;

        raw_field_head(b, &n, bad_types[t], "a", 1);
        memset(b + n, 0, 8);
        n += 8;
        raw_header(b, (uint32_t)(n - WIRE_HEADER_SIZE), WIRE_EVENT, 1);
        CU_ASSERT_EQUAL(decode_exact(b, n, &msg, &used), WIRE_E_TYPE);
    }
}

static int decode_one_key(const char *key, size_t keylen)
{
    uint8_t b[WIRE_HEADER_SIZE + 2 + 255 + 8];
    struct wire_msg msg;
    size_t used = 0, n = WIRE_HEADER_SIZE;

    raw_field_head(b, &n, WIRE_U64, key, keylen);
    memset(b + n, 0, 8);
    n += 8;
    raw_header(b, (uint32_t)(n - WIRE_HEADER_SIZE), WIRE_EVENT, 1);
    return decode_exact(b, n, &msg, &used);
}

static void test_error_key(void)
{
    char long_key[65];

    CU_ASSERT_EQUAL(decode_one_key("", 0), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("Bad", 3), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("badK", 4), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("a b", 3), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("a_b", 3), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("a.b", 3), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("a\0b", 3), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("caf\xc3\xa9", 5), WIRE_E_KEY);
    CU_ASSERT_EQUAL(decode_one_key("function-id", 11), 1);
    CU_ASSERT_EQUAL(decode_one_key("x86-64", 6), 1);
    memset(long_key, 'k', sizeof long_key);
    CU_ASSERT_EQUAL(decode_one_key(long_key, WIRE_MAX_KEY), 1);
    CU_ASSERT_EQUAL(decode_one_key(long_key, WIRE_MAX_KEY + 1), WIRE_E_KEY);
}

/*
 * Decodes a one-field frame whose payload is body[0, bodylen) and announces
 * count fields.  The buffer holds 16 more bytes after the frame (zeros), as
 * if the next frame followed: the decoder must stop at the payload's end.
 */
static int decode_body(const uint8_t *body, size_t bodylen, uint16_t count)
{
    uint8_t b[WIRE_HEADER_SIZE + 128 + 16];
    struct wire_msg msg;
    size_t used = 0;

    CU_ASSERT_FATAL(bodylen <= 128);
    raw_header(b, (uint32_t)bodylen, WIRE_EVENT, count);
    memcpy(b + WIRE_HEADER_SIZE, body, bodylen);
    memset(b + WIRE_HEADER_SIZE + bodylen, 0, 16);
    return decode_exact(b, WIRE_HEADER_SIZE + bodylen + 16, &msg, &used);
}

static void test_error_truncated(void)
{
    /* The value cut one byte short, for each type. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"u\x01" "a" "\1\2\3\4\5\6\7", 10, 1), WIRE_E_TRUNCATED);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"i\x01" "a" "\1\2\3\4\5\6\7", 10, 1), WIRE_E_TRUNCATED);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"h\x01" "a" "\1\2\3", 6, 1), WIRE_E_TRUNCATED);
    /* String: half a length, then a length running past the payload. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"s\x01" "a" "\x03", 4, 1), WIRE_E_TRUNCATED);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"s\x01" "a" "\x05\x00" "abcd", 9, 1), WIRE_E_TRUNCATED);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"s\x01" "a" "\xff\xff" "abcd", 9, 1), WIRE_E_TRUNCATED);
    /* The same fields whole decode. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"u\x01" "a" "\1\2\3\4\5\6\7\x08", 11, 1), 1);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"h\x01" "a" "\1\2\3\4", 7, 1), 1);
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"s\x01" "a" "\x04\x00" "abcd", 9, 1), 1);
    /* The key running past the payload. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"u\x0a" "abc", 5, 1), WIRE_E_TRUNCATED);
    /* Only the type byte of a field. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"u", 1, 1), WIRE_E_TRUNCATED);
    /* Two fields announced, one present. */
    CU_ASSERT_EQUAL(decode_body((const uint8_t *)"h\x01" "a" "\0\0\0\0", 7, 2), WIRE_E_TRUNCATED);
}

static void test_error_trailing(void)
{
    uint8_t b[WIRE_HEADER_SIZE + 32];
    struct wire_msg msg;
    size_t used = 0, n = WIRE_HEADER_SIZE;

    /* One whole field, then one extra byte inside the payload. */
    raw_field_head(b, &n, WIRE_HR, "hr", 2);
    memset(b + n, 0, 4);
    n += 4;
    b[n++] = 'u';
    raw_header(b, (uint32_t)(n - WIRE_HEADER_SIZE), WIRE_EVENT, 1);
    CU_ASSERT_EQUAL(decode_exact(b, n, &msg, &used), WIRE_E_TRAILING);
    /* The same frame without the extra byte is fine. */
    raw_header(b, (uint32_t)(n - 1 - WIRE_HEADER_SIZE), WIRE_EVENT, 1);
    CU_ASSERT_EQUAL(decode_exact(b, n - 1, &msg, &used), 1);
    CU_ASSERT_EQUAL(used, n - 1);
    /* No fields at all and a 3-byte payload. */
    raw_header(b, 3, WIRE_EVENT, 0);
    memset(b + WIRE_HEADER_SIZE, 0, 3);
    CU_ASSERT_EQUAL(decode_exact(b, WIRE_HEADER_SIZE + 3, &msg, &used), WIRE_E_TRAILING);
}

static void test_writer_overflow_small_buffer(void)
{
    uint8_t buf[64];
    struct wire_writer w;

    /* Not even a header. */
    memset(buf, 0xAA, sizeof buf);
    wire_writer_init(&w, buf, WIRE_HEADER_SIZE - 1, WIRE_EVENT);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    for (size_t i = 0; i < sizeof buf; i++)
        CU_ASSERT_EQUAL(buf[i], 0xAA);

    /* A u64 field with a 1-byte key takes 11 bytes: 22 is one short. */
    wire_writer_init(&w, buf, 22, WIRE_EVENT);
    wire_put_u64(&w, "a", 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    wire_writer_init(&w, buf, 23, WIRE_EVENT);
    wire_put_u64(&w, "a", 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), 23);

    /* Once overflowed, a later field that would fit does not repair it. */
    wire_writer_init(&w, buf, 30, WIRE_EVENT);
    wire_put_str(&w, "s", "0123456789abcdef");
    wire_put_hr(&w, "h", 0);
    CU_ASSERT_EQUAL(w.overflow, 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    /* Each type one byte short. */
    wire_writer_init(&w, buf, 12 + 2 + 1 + 8 - 1, WIRE_EVENT);
    wire_put_i64(&w, "i", -1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    wire_writer_init(&w, buf, 12 + 2 + 1 + 4 - 1, WIRE_EVENT);
    wire_put_hr(&w, "h", -1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    wire_writer_init(&w, buf, 12 + 2 + 1 + 2 + 3 - 1, WIRE_EVENT);
    wire_put_str(&w, "s", "abc");
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    wire_writer_init(&w, buf, 12 + 2 + 1 + 2 + 3, WIRE_EVENT);
    wire_put_str(&w, "s", "abc");
    CU_ASSERT_EQUAL(wire_writer_finish(&w), 12 + 2 + 1 + 2 + 3);
}

static void test_writer_bad_key(void)
{
    static const char *const bad[] = {"Bad", "", "a b", "a_b", "key\n"};
    uint8_t buf[256];
    struct wire_writer w;
    char long_key[WIRE_MAX_KEY + 2];

    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
        wire_put_u64(&w, bad[k], 1);
        CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
        wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
        wire_put_str(&w, bad[k], "v");
        CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
    }
    memset(long_key, 'k', sizeof long_key);
    long_key[WIRE_MAX_KEY] = '\0';
    wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
    wire_put_u64(&w, long_key, 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), (long)(12 + 2 + WIRE_MAX_KEY + 8));
    long_key[WIRE_MAX_KEY] = 'k';
    long_key[WIRE_MAX_KEY + 1] = '\0';
    wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
    wire_put_u64(&w, long_key, 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
}

static void test_writer_too_many_fields(void)
{
    uint8_t buf[2048];
    struct wire_writer w;
    struct wire_msg msg;
    size_t used = 0;
    long n;

    wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
    for (unsigned i = 0; i < WIRE_MAX_FIELDS; i++)
        wire_put_u64(&w, "f", i);
    n = wire_writer_finish(&w);
    CU_ASSERT_EQUAL_FATAL(n, (long)(12 + WIRE_MAX_FIELDS * 11));
    CU_ASSERT_EQUAL(decode_exact(buf, (size_t)n, &msg, &used), 1);
    CU_ASSERT_EQUAL(msg.nfields, WIRE_MAX_FIELDS);
    CU_ASSERT_EQUAL(msg.fields[WIRE_MAX_FIELDS - 1].u, WIRE_MAX_FIELDS - 1);

    wire_writer_init(&w, buf, sizeof buf, WIRE_EVENT);
    for (unsigned i = 0; i < WIRE_MAX_FIELDS + 1; i++)
        wire_put_u64(&w, "f", i);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);
}

static void test_writer_payload_limit(void)
{
    size_t cap = 3 * WIRE_MAX_PAYLOAD;
    uint8_t *buf = malloc(cap);
    char *s = malloc(40000);
    struct wire_writer w;

    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    memset(s, 'x', 40000);

    /* Two 40000-byte strings: the buffer has room, the payload has not. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "a", s, 40000);
    wire_put_strn(&w, "b", s, 40000);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    /* Two fields filling the payload to exactly 65536 bytes. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "a", s, 40000);
    wire_put_strn(&w, "b", s, WIRE_MAX_PAYLOAD - 40005 - 5);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), (long)(WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD));

    /* And one byte more through a fixed-size field. */
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "a", s, 40000);
    wire_put_strn(&w, "b", s, WIRE_MAX_PAYLOAD - 40005 - 5 - 11);
    wire_put_u64(&w, "c", 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), (long)(WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD));
    wire_writer_init(&w, buf, cap, WIRE_LOG);
    wire_put_strn(&w, "a", s, 40000);
    wire_put_strn(&w, "b", s, WIRE_MAX_PAYLOAD - 40005 - 5 - 10);
    wire_put_u64(&w, "c", 1);
    CU_ASSERT_EQUAL(wire_writer_finish(&w), WIRE_E_OVERFLOW);

    free(s);
    free(buf);
}

static uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

static void test_garbage(void)
{
    uint64_t rng = 0x9E3779B97F4A7C15u;
    unsigned out_of_range = 0, bad_used = 0, unstable = 0;
    unsigned seen[11] = {0}; /* by return code + 9 */

    for (int round = 0; round < 10000; round++) {
        size_t len = (size_t)(xorshift64(&rng) % 301);
        uint8_t *b = malloc(len ? len : 1);
        struct wire_msg msg;
        size_t used = 0, used2 = 0;
        int rc, rc2;

        CU_ASSERT_PTR_NOT_NULL_FATAL(b);
        for (size_t i = 0; i < len; i++)
            b[i] = (uint8_t)xorshift64(&rng);
        if (round % 2 == 0 && len >= WIRE_HEADER_SIZE) {
            uint64_t r = xorshift64(&rng);
            uint32_t plen = (uint32_t)(r % (len - WIRE_HEADER_SIZE + 8));
            uint16_t kind = (uint16_t)((r >> 16) % 9);
            uint16_t count = (uint16_t)((r >> 32) % 67);

            /* Magic and a plausible header: payload up to the buffer's
             * end (or a little past), kinds 0..8, counts 0..66, now and
             * then an empty frame or an oversized payload; fields that
             * often start with a valid type and a small key. */
            if ((r >> 56) % 16 == 0) {
                plen = WIRE_MAX_PAYLOAD + 1 + (uint32_t)(r >> 60);
            } else if ((r >> 56) % 16 == 1) {
                plen = 0;
                count = 0;
            }
            raw_header(b, plen, kind, count);
            if (len > WIRE_HEADER_SIZE + 2 && (r >> 48) % 2) {
                static const uint8_t types[] = {'u', 'i', 'h', 's'};
                b[WIRE_HEADER_SIZE] = types[(r >> 50) % 4];
                b[WIRE_HEADER_SIZE + 1] = (uint8_t)((r >> 52) % 8);
            }
        }
        rc = wire_decode(len ? b : NULL, len, &msg, &used);
        if (rc < WIRE_E_OVERFLOW || rc > 1)
            out_of_range++;
        else
            seen[rc + 9]++;
        if (rc == 1 && (used < WIRE_HEADER_SIZE || used > len || used != WIRE_HEADER_SIZE + le32_at(b + 4)))
            bad_used++;
        rc2 = wire_decode(len ? b : NULL, len, &msg, &used2);
        if (rc2 != rc || (rc == 1 && used2 != used))
            unstable++;
        free(b);
    }
    CU_ASSERT_EQUAL(out_of_range, 0);
    CU_ASSERT_EQUAL(bad_used, 0);
    CU_ASSERT_EQUAL(unstable, 0);
    /* The generator reaches past the header checks. */
    CU_ASSERT(seen[WIRE_E_MAGIC + 9] > 0);
    CU_ASSERT(seen[WIRE_E_LENGTH + 9] > 0);
    CU_ASSERT(seen[1 + 9] > 0);
    CU_ASSERT(seen[WIRE_E_KIND + 9] > 0);
    CU_ASSERT(seen[WIRE_E_TRUNCATED + 9] > 0);
    CU_ASSERT(seen[0 + 9] > 0);
    /* WIRE_E_OVERFLOW is the writer's error, never the decoder's. */
    CU_ASSERT_EQUAL(seen[WIRE_E_OVERFLOW + 9], 0);
}

static void test_error_strings(void)
{
    const char *s[9];

    for (int code = WIRE_E_OVERFLOW; code <= WIRE_E_MAGIC; code++) {
        const char *t = wire_error_str(code);

        CU_ASSERT_PTR_NOT_NULL_FATAL(t);
        CU_ASSERT(t[0] != '\0');
        CU_ASSERT_STRING_NOT_EQUAL(t, wire_error_str(0));
        s[-code - 1] = t;
    }
    for (int a = 0; a < 9; a++)
        for (int b = a + 1; b < 9; b++)
            CU_ASSERT_STRING_NOT_EQUAL(s[a], s[b]);
    CU_ASSERT_STRING_EQUAL(wire_error_str(WIRE_E_MAGIC), "bad frame magic");
    CU_ASSERT_STRING_EQUAL(wire_error_str(WIRE_E_TRAILING), "bytes left over after the last field");
    CU_ASSERT_STRING_EQUAL(wire_error_str(WIRE_E_OVERFLOW), "frame does not fit");
    CU_ASSERT_STRING_EQUAL(wire_error_str(1), "unknown channel error");
    CU_ASSERT_STRING_EQUAL(wire_error_str(-10), "unknown channel error");
}

static void test_kind_names(void)
{
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_HELLO), "hello");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_CONFIG), "config");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_EVENT), "event");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_COMMAND), "command");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_REPLY), "reply");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_LOG), "log");
    CU_ASSERT_STRING_EQUAL(wire_kind_name(WIRE_BYE), "bye");
    CU_ASSERT_STRING_EQUAL(wire_kind_name((enum wire_kind)0), "?");
    CU_ASSERT_STRING_EQUAL(wire_kind_name((enum wire_kind)8), "?");
    CU_ASSERT_STRING_EQUAL(wire_kind_name((enum wire_kind)-1), "?");
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("wire", NULL, NULL);

    if (!s)
        return;
    CU_add_test(s, "round_trip_all_types", test_round_trip_all_types);
    CU_add_test(s, "round_trip_kinds", test_round_trip_kinds);
    CU_add_test(s, "round_trip_empty_frame", test_round_trip_empty_frame);
    CU_add_test(s, "round_trip_long_string", test_round_trip_long_string);
    CU_add_test(s, "put_str_null_is_empty", test_put_str_null_is_empty);
    CU_add_test(s, "msg_get_and_key_is", test_msg_get_and_key_is);
    CU_add_test(s, "two_frames_back_to_back", test_two_frames_back_to_back);
    CU_add_test(s, "incremental_prefixes", test_incremental_prefixes);
    CU_add_test(s, "error_bad_magic", test_error_bad_magic);
    CU_add_test(s, "error_length", test_error_length);
    CU_add_test(s, "error_kind", test_error_kind);
    CU_add_test(s, "error_count", test_error_count);
    CU_add_test(s, "error_type", test_error_type);
    CU_add_test(s, "error_key", test_error_key);
    CU_add_test(s, "error_truncated", test_error_truncated);
    CU_add_test(s, "error_trailing", test_error_trailing);
    CU_add_test(s, "writer_overflow_small_buffer", test_writer_overflow_small_buffer);
    CU_add_test(s, "writer_bad_key", test_writer_bad_key);
    CU_add_test(s, "writer_too_many_fields", test_writer_too_many_fields);
    CU_add_test(s, "writer_payload_limit", test_writer_payload_limit);
    CU_add_test(s, "garbage", test_garbage);
    CU_add_test(s, "error_strings", test_error_strings);
    CU_add_test(s, "kind_names", test_kind_names);
}
