/*
 * wire.h - frames of the harness <-> profiler channel (docs/protocol.md).
 *
 * A frame is a 12-byte header followed by a payload of typed, named fields:
 *
 *   0  4  magic "PCW1"
 *   4  4  payload length, u32 little-endian (at most WIRE_MAX_PAYLOAD)
 *   8  2  kind, u16 LE (enum wire_kind)
 *  10  2  number of fields, u16 LE (at most WIRE_MAX_FIELDS)
 *
 * Each field: u8 type ('u' u64, 'i' i64, 'h' HRESULT, 's' string),
 * u8 key length (1..WIRE_MAX_KEY), the key ([a-z0-9-]), then the value:
 * 8 bytes LE for 'u'/'i', 4 bytes LE for 'h', or a u16 LE length and that
 * many bytes of UTF-8 for 's'.  The fields fill the payload exactly.
 *
 * This file is shared by the harness and the profiler: no allocation, no
 * I/O, no global state.
 */
#ifndef PROFCHECK_WIRE_H
#define PROFCHECK_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define WIRE_MAGIC "PCW1"
#define WIRE_HEADER_SIZE 12u
#define WIRE_MAX_PAYLOAD 65536u
#define WIRE_MAX_FIELDS 64u
#define WIRE_MAX_KEY 63u
/* The u16 length limit of a string; the whole field must also fit in the
 * payload, so with a one-character key a string holds at most 65531 bytes. */
#define WIRE_MAX_STR 65535u

enum wire_kind {
    WIRE_HELLO = 1,   /* profiler -> harness, first frame of a connection */
    WIRE_CONFIG = 2,  /* harness -> profiler, answer to HELLO */
    WIRE_EVENT = 3,   /* profiler -> harness, one recorded callback */
    WIRE_COMMAND = 4, /* harness -> profiler */
    WIRE_REPLY = 5,   /* profiler -> harness, answer to a COMMAND */
    WIRE_LOG = 6,     /* profiler -> harness, a diagnostic line */
    WIRE_BYE = 7      /* profiler -> harness, last frame before the profiler goes quiet */
};
#define WIRE_KIND_MAX 7

enum wire_type {
    WIRE_U64 = 'u',
    WIRE_I64 = 'i',
    WIRE_HR = 'h',
    WIRE_STR = 's'
};

enum wire_error {
    WIRE_E_MAGIC = -1,
    WIRE_E_LENGTH = -2,
    WIRE_E_KIND = -3,
    WIRE_E_COUNT = -4,
    WIRE_E_TYPE = -5,
    WIRE_E_KEY = -6,
    WIRE_E_TRUNCATED = -7,
    WIRE_E_TRAILING = -8,
    WIRE_E_OVERFLOW = -9
};

struct wire_field {
    enum wire_type type;
    const char *key; /* not NUL-terminated: use keylen */
    uint8_t keylen;
    uint64_t u;
    int64_t i;
    int32_t hr;
    const char *str; /* not NUL-terminated: use len */
    uint32_t len;
};

struct wire_msg {
    enum wire_kind kind;
    uint16_t nfields;
    struct wire_field fields[WIRE_MAX_FIELDS];
};

/* Encoding into a caller-supplied buffer.  Puts that do not fit set the
 * overflow mark; wire_writer_finish then fails. */
struct wire_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;
    uint16_t nfields;
    int overflow;
};

void wire_writer_init(struct wire_writer *w, void *buf, size_t cap, enum wire_kind kind);
void wire_put_u64(struct wire_writer *w, const char *key, uint64_t v);
void wire_put_i64(struct wire_writer *w, const char *key, int64_t v);
void wire_put_hr(struct wire_writer *w, const char *key, int32_t hr);
void wire_put_str(struct wire_writer *w, const char *key, const char *s);
void wire_put_strn(struct wire_writer *w, const char *key, const char *s, size_t n);
/* Completes the header; returns the frame length, or WIRE_E_OVERFLOW. */
long wire_writer_finish(struct wire_writer *w);

/*
 * Decodes the frame at the start of buf.  Returns 1 and sets *used to the
 * frame's length when a whole frame is there (msg's pointers point into
 * buf), 0 when more bytes are needed to decide, or a negative enum
 * wire_error when the bytes cannot be a frame.
 */
int wire_decode(const uint8_t *buf, size_t len, struct wire_msg *msg, size_t *used);

const char *wire_error_str(int code);
const char *wire_kind_name(enum wire_kind kind);

/* The first field called key, or NULL. */
const struct wire_field *wire_msg_get(const struct wire_msg *msg, const char *key);
/* 1 when f's key equals key. */
int wire_key_is(const struct wire_field *f, const char *key);

#endif
