/*
 * utf16.c - UTF-16 (the runtime's WCHAR strings) <-> UTF-8 (the channel,
 * case files).
 * Unpaired surrogates become U+FFFD; output is always NUL-terminated and
 * truncated at a character boundary when it does not fit.
 */
#include "utf16.h"

#include <stdint.h>

size_t utf16_to_utf8(const char16_t *in, size_t in_len, char *out, size_t out_size)
{
    size_t o = 0;

    if (out_size == 0)
        return 0;
    for (size_t i = 0; i < in_len && in[i]; i++) {
        uint32_t c = in[i];
        char enc[4];
        size_t n;

        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < in_len && in[i + 1] >= 0xDC00 && in[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (uint32_t)(in[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            enc[0] = (char)c;
            n = 1;
        } else if (c < 0x800) {
            enc[0] = (char)(0xC0 | (c >> 6));
            enc[1] = (char)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            enc[0] = (char)(0xE0 | (c >> 12));
            enc[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            enc[2] = (char)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            enc[0] = (char)(0xF0 | (c >> 18));
            enc[1] = (char)(0x80 | ((c >> 12) & 0x3F));
            enc[2] = (char)(0x80 | ((c >> 6) & 0x3F));
            enc[3] = (char)(0x80 | (c & 0x3F));
            n = 4;
        }
        if (o + n >= out_size)
            break;
        for (size_t k = 0; k < n; k++)
            out[o++] = enc[k];
    }
    out[o] = '\0';
    return o;
}

size_t utf8_to_utf16(const char *in, size_t in_len, char16_t *out, size_t out_cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0, i = 0;

    if (out_cap == 0)
        return 0;
    while (i < in_len && s[i]) {
        uint32_t c;
        size_t n;

        if (s[i] < 0x80) {
            c = s[i];
            n = 1;
        } else if ((s[i] & 0xE0) == 0xC0 && i + 1 < in_len) {
            c = (uint32_t)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
            n = 2;
        } else if ((s[i] & 0xF0) == 0xE0 && i + 2 < in_len) {
            c = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
            n = 3;
        } else if ((s[i] & 0xF8) == 0xF0 && i + 3 < in_len) {
            c = (uint32_t)(s[i] & 0x07) << 18 | (uint32_t)(s[i + 1] & 0x3F) << 12 |
                (uint32_t)(s[i + 2] & 0x3F) << 6 | (s[i + 3] & 0x3F);
            n = 4;
        } else {
            c = 0xFFFD;
            n = 1;
        }
        i += n;
        if (c >= 0x10000) {
            if (o + 2 >= out_cap)
                break;
            c -= 0x10000;
            out[o++] = (char16_t)(0xD800 + (c >> 10));
            out[o++] = (char16_t)(0xDC00 + (c & 0x3FF));
        } else {
            if (o + 1 >= out_cap)
                break;
            out[o++] = (char16_t)c;
        }
    }
    out[o] = 0;
    return o;
}
