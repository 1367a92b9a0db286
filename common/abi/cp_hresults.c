/*
 * cp_hresults.c - lookups over CP_HRESULT_LIST: value to name, text to value
 * and value to display text.
 */
#include "cp_hresults.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct hr_entry {
    const char *name;
    uint32_t value;
};

#define CP_HR_ENTRY(name, value) {#name, value},

static const struct hr_entry hr_entries[] = {CP_HRESULT_LIST(CP_HR_ENTRY)};

#define HR_ENTRY_COUNT (sizeof hr_entries / sizeof hr_entries[0])

/* The cp_hr with the bit pattern v, without relying on out-of-range conversion. */
static cp_hr hr_from_bits(uint32_t v)
{
    if (v <= (uint32_t)INT32_MAX) {
        return (cp_hr)v;
    }
    return (cp_hr)(int32_t)(v - 0x80000000u) + INT32_MIN;
}

const char *cp_hr_name(cp_hr hr)
{
    uint32_t bits = (uint32_t)hr;

    for (size_t i = 0; i < HR_ENTRY_COUNT; i++) {
        if (hr_entries[i].value == bits) {
            return hr_entries[i].name;
        }
    }
    return NULL;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The part after "0x": 1-8 hex digits and nothing else. */
static int parse_hex(const char *digits, cp_hr *out)
{
    uint32_t v = 0;
    size_t n = 0;

    for (; digits[n] != '\0'; n++) {
        int d = hex_digit(digits[n]);
        if (d < 0 || n == 8) {
            return -1;
        }
        v = (v << 4) | (uint32_t)d;
    }
    if (n == 0) {
        return -1;
    }
    *out = hr_from_bits(v);
    return 0;
}

/* Optional minus, then 1 or more decimal digits, within int32_t. */
static int parse_decimal(const char *text, cp_hr *out)
{
    int negative = 0;
    int64_t v = 0;
    const int64_t limit = (int64_t)INT32_MAX + 1; /* magnitude of INT32_MIN */

    if (*text == '-') {
        negative = 1;
        text++;
    }
    if (*text == '\0') {
        return -1;
    }
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9') {
            return -1;
        }
        v = v * 10 + (*text - '0');
        if (v > limit) {
            return -1;
        }
    }
    if (negative) {
        v = -v;
    }
    if (v > INT32_MAX) {
        return -1;
    }
    *out = (cp_hr)v;
    return 0;
}

int cp_hr_parse(const char *text, cp_hr *out)
{
    if (text == NULL || out == NULL) {
        return -1;
    }
    for (size_t i = 0; i < HR_ENTRY_COUNT; i++) {
        if (strcmp(text, hr_entries[i].name) == 0) {
            *out = hr_from_bits(hr_entries[i].value);
            return 0;
        }
    }
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        return parse_hex(text + 2, out);
    }
    return parse_decimal(text, out);
}

int cp_hr_format(cp_hr hr, char *buf, size_t size)
{
    const char *name = cp_hr_name(hr);
    uint32_t bits = (uint32_t)hr;

    if (name != NULL) {
        return snprintf(buf, size, "%s (0x%08" PRIX32 ")", name, bits);
    }
    return snprintf(buf, size, "0x%08" PRIX32, bits);
}
