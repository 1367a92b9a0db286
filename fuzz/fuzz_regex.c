/* fuzz_regex.c - the regular expressions of case files (util/rx.h):
 * translation from POSIX ERE, PCRE2 compilation under its limits, and a
 * match and a capture (<property>) against a line.  Input: the pattern, a NUL byte, the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t plen = nul ? (size_t)(nul - data) : size;
    char *pattern = malloc(plen + 1), why[256];
    struct rx *rx;

    if (!pattern)
        return 0;
    memcpy(pattern, data, plen);
    pattern[plen] = '\0';
    if (rx_compile(pattern, &rx, why, sizeof why) == 0) {
        const char *line = nul ? (const char *)nul + 1 : "";
        size_t len = nul ? size - plen - 1 : 0;
        int m = rx_match(rx, line, len), c;
        size_t start = 0, end = 0;

        if (m != 0 && m != 1 && m != RX_LIMIT && m != RX_NOMEM)
            abort();
        /* The <property> capture agrees with the match and stays in the line. */
        c = rx_capture(rx, line, len, &start, &end);
        if ((m == 0 || m == 1) && (c == 0 || c == 1) && c != m)
            abort();
        if (c == 1 && (start > end || end > len))
            abort();
        if (rx_groups(rx) < 0)
            abort();
        rx_free(rx);
    } else if (why[0] == '\0') {
        abort(); /* a refusal always says why */
    }
    free(pattern);
    return 0;
}
