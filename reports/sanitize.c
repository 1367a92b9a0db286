#include "sanitize.h"

#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (1-4) and its code point, or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t len, uint32_t *cp)
{
    uint32_t c;
    size_t n;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        c = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        c = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

/* 1 for a code point shown as an escape: C0 controls but TAB, LF and CR;
 * DEL; the C1 controls; the noncharacters U+FFFE and U+FFFF. */
static int escaped(uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\r';
    return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

int sanitize_text(const char *in, size_t len, struct strbuf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;

    if (strbuf_grow(out, len) < 0)
        return -1;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_sequence(s + i, len - i, &cp);
        int rc;

        if (n == 0) {
            /* A byte that starts no valid sequence: shown as its value. */
            rc = strbuf_addf(out, "\\x%02x", (unsigned)s[i]);
            n = 1;
        } else if (escaped(cp)) {
            rc = cp <= 0x7F ? strbuf_addf(out, "\\x%02x", (unsigned)cp) : strbuf_addf(out, "\\u%04x", (unsigned)cp);
        } else {
            rc = strbuf_add(out, s + i, n);
        }
        if (rc < 0)
            return -1;
        i += n;
    }
    return 0;
}

int sanitize_line(const char *in, size_t len, struct strbuf *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;

    if (strbuf_grow(out, len) < 0)
        return -1;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_sequence(s + i, len - i, &cp);
        int rc;

        if (n == 0) {
            rc = strbuf_addf(out, "\\x%02x", (unsigned)s[i]);
            n = 1;
        } else if (cp == '\t' || cp == '\n' || cp == '\r') {
            rc = strbuf_adds(out, cp == '\t' ? "\\t" : cp == '\n' ? "\\n" : "\\r");
        } else if (cp < 0x20 || cp == 0x7F) {
            rc = strbuf_addf(out, "\\x%02x", (unsigned)cp);
        } else if (cp >= 0x80 && cp <= 0x9F) {
            rc = strbuf_addf(out, "\\u%04x", (unsigned)cp);
        } else if (cp == 0xFFFE || cp == 0xFFFF) {
            rc = strbuf_addf(out, "\\u%04x", (unsigned)cp);
        } else {
            rc = strbuf_add(out, s + i, n);
        }
        if (rc < 0)
            return -1;
        i += n;
    }
    return 0;
}

int sanitize_cut(const char *in, size_t len, size_t left_out, struct strbuf *out)
{
    size_t half = len / 2;

    if (left_out == 0)
        return sanitize_text(in, len, out);
    if (sanitize_text(in, half, out) < 0 || strbuf_addf(out, "\n[... %zu bytes left out ...]\n", left_out) < 0)
        return -1;
    return sanitize_text(in + half, len - half, out);
}

int sanitize_capped(const char *in, size_t len, size_t cap, struct strbuf *out)
{
    size_t half = cap / 2;

    if (len <= cap)
        return sanitize_text(in, len, out);
    if (sanitize_text(in, half, out) < 0 ||
        strbuf_addf(out, "\n[... %zu bytes left out ...]\n", len - 2 * half) < 0)
        return -1;
    return sanitize_text(in + len - half, half, out);
}
