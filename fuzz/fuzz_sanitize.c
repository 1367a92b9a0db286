/* fuzz_sanitize.c - the text sanitiser every report string passes through,
 * the one-line form the console and list print, and the JSON string writer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/json.h"
#include "../reports/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct strbuf out = STRBUF_INIT, json = STRBUF_INIT;
    char *text;

    (void)sanitize_text((const char *)data, size, &out);
    (void)sanitize_capped((const char *)data, size, 100, &out);
    strbuf_reset(&out);
    if (sanitize_line((const char *)data, size, &out) == 0 && memchr(strbuf_str(&out), '\n', out.len))
        abort(); /* a line stays one line */
    text = malloc(size + 1);
    if (text) {
        memcpy(text, data, size);
        text[size] = '\0';
        (void)json_string(&json, text);
        free(text);
    }
    strbuf_release(&out);
    strbuf_release(&json);
    return 0;
}
