/* fuzz_sanitize.c - the text sanitiser every report string passes through,
 * and the JSON string writer on top of it. */
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
