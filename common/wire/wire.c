#include "wire.h"

#include <string.h>

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static int key_ok(const char *key, size_t n)
{
    if (n == 0 || n > WIRE_MAX_KEY)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return 1;
}

void wire_writer_init(struct wire_writer *w, void *buf, size_t cap, enum wire_kind kind)
{
    w->buf = buf;
    w->cap = cap;
    w->len = WIRE_HEADER_SIZE;
    w->nfields = 0;
    w->overflow = cap < WIRE_HEADER_SIZE;
    if (!w->overflow) {
        memcpy(w->buf, WIRE_MAGIC, 4);
        put_le16(w->buf + 8, (uint16_t)kind);
    }
}

/* Reserves room for a field with the given value size; NULL on overflow. */
static uint8_t *field_begin(struct wire_writer *w, char type, const char *key, size_t valsize)
{
    size_t keylen = strlen(key);
    size_t need = 2 + keylen + valsize;
    uint8_t *p;

    if (w->overflow || !key_ok(key, keylen) || w->nfields >= WIRE_MAX_FIELDS ||
        need > w->cap - w->len || w->len - WIRE_HEADER_SIZE + need > WIRE_MAX_PAYLOAD) {
        w->overflow = 1;
        return NULL;
    }
    p = w->buf + w->len;
    p[0] = (uint8_t)type;
    p[1] = (uint8_t)keylen;
    memcpy(p + 2, key, keylen);
    w->len += need;
    w->nfields++;
    return p + 2 + keylen;
}

void wire_put_u64(struct wire_writer *w, const char *key, uint64_t v)
{
    uint8_t *p = field_begin(w, WIRE_U64, key, 8);

    if (p)
        put_le64(p, v);
}

void wire_put_i64(struct wire_writer *w, const char *key, int64_t v)
{
    uint8_t *p = field_begin(w, WIRE_I64, key, 8);

    if (p)
        put_le64(p, (uint64_t)v);
}

void wire_put_hr(struct wire_writer *w, const char *key, int32_t hr)
{
    uint8_t *p = field_begin(w, WIRE_HR, key, 4);

    if (p)
        put_le32(p, (uint32_t)hr);
}

void wire_put_strn(struct wire_writer *w, const char *key, const char *s, size_t n)
{
    uint8_t *p;

    if (n > WIRE_MAX_STR) {
        w->overflow = 1;
        return;
    }
    p = field_begin(w, WIRE_STR, key, 2 + n);
    if (p) {
        put_le16(p, (uint16_t)n);
        if (n)
            memcpy(p + 2, s, n);
    }
}

void wire_put_str(struct wire_writer *w, const char *key, const char *s)
{
    wire_put_strn(w, key, s ? s : "", s ? strlen(s) : 0);
}

long wire_writer_finish(struct wire_writer *w)
{
    if (w->overflow)
        return WIRE_E_OVERFLOW;
    put_le32(w->buf + 4, (uint32_t)(w->len - WIRE_HEADER_SIZE));
    put_le16(w->buf + 10, w->nfields);
    return (long)w->len;
}

int wire_decode(const uint8_t *buf, size_t len, struct wire_msg *msg, size_t *used)
{
    uint32_t plen;
    uint16_t kind, count;
    const uint8_t *p, *end;

    /* Reject a bad magic as soon as its first bytes arrive. */
    for (size_t i = 0; i < 4 && i < len; i++)
        if (buf[i] != (uint8_t)WIRE_MAGIC[i])
            return WIRE_E_MAGIC;
    if (len < WIRE_HEADER_SIZE)
        return 0;
    plen = get_le32(buf + 4);
    kind = get_le16(buf + 8);
    count = get_le16(buf + 10);
    if (plen > WIRE_MAX_PAYLOAD)
        return WIRE_E_LENGTH;
    if (kind < 1 || kind > WIRE_KIND_MAX)
        return WIRE_E_KIND;
    if (count > WIRE_MAX_FIELDS)
        return WIRE_E_COUNT;
    if (len - WIRE_HEADER_SIZE < plen)
        return 0;

    msg->kind = (enum wire_kind)kind;
    msg->nfields = count;
    p = buf + WIRE_HEADER_SIZE;
    end = p + plen;
    for (uint16_t n = 0; n < count; n++) {
        struct wire_field *f = &msg->fields[n];
        uint8_t type, keylen;

        if (end - p < 2)
            return WIRE_E_TRUNCATED;
        type = p[0];
        keylen = p[1];
        p += 2;
        if (type != WIRE_U64 && type != WIRE_I64 && type != WIRE_HR && type != WIRE_STR)
            return WIRE_E_TYPE;
        if (end - p < keylen)
            return WIRE_E_TRUNCATED;
        if (!key_ok((const char *)p, keylen))
            return WIRE_E_KEY;
        memset(f, 0, sizeof *f);
        f->type = (enum wire_type)type;
        f->key = (const char *)p;
        f->keylen = keylen;
        p += keylen;
        switch (type) {
        case WIRE_U64:
        case WIRE_I64:
            if (end - p < 8)
                return WIRE_E_TRUNCATED;
            f->u = get_le64(p);
            f->i = (int64_t)f->u;
            p += 8;
            break;
        case WIRE_HR:
            if (end - p < 4)
                return WIRE_E_TRUNCATED;
            f->hr = (int32_t)get_le32(p);
            p += 4;
            break;
        default:
            if (end - p < 2)
                return WIRE_E_TRUNCATED;
            f->len = get_le16(p);
            p += 2;
            if ((size_t)(end - p) < f->len)
                return WIRE_E_TRUNCATED;
            f->str = (const char *)p;
            p += f->len;
            break;
        }
    }
    if (p != end)
        return WIRE_E_TRAILING;
    *used = WIRE_HEADER_SIZE + plen;
    return 1;
}

const char *wire_error_str(int code)
{
    switch (code) {
    case WIRE_E_MAGIC:
        return "bad frame magic";
    case WIRE_E_LENGTH:
        return "frame payload longer than 65536 bytes";
    case WIRE_E_KIND:
        return "unknown frame kind";
    case WIRE_E_COUNT:
        return "too many fields in frame";
    case WIRE_E_TYPE:
        return "unknown field type";
    case WIRE_E_KEY:
        return "bad field key";
    case WIRE_E_TRUNCATED:
        return "field runs past the end of the frame";
    case WIRE_E_TRAILING:
        return "bytes left over after the last field";
    case WIRE_E_OVERFLOW:
        return "frame does not fit";
    default:
        return "unknown channel error";
    }
}

const char *wire_kind_name(enum wire_kind kind)
{
    static const char *const names[] = {"?", "hello", "config", "event", "command", "reply", "log", "bye"};

    return (unsigned)kind <= WIRE_KIND_MAX ? names[kind] : "?";
}

int wire_key_is(const struct wire_field *f, const char *key)
{
    size_t n = strlen(key);

    return n == f->keylen && memcmp(f->key, key, n) == 0;
}

const struct wire_field *wire_msg_get(const struct wire_msg *msg, const char *key)
{
    for (uint16_t i = 0; i < msg->nfields; i++)
        if (wire_key_is(&msg->fields[i], key))
            return &msg->fields[i];
    return NULL;
}
