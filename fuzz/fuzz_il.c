/* fuzz_il.c - the IL text parser and assembler (whole bodies and prologues). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    struct il_error err;

    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    il_error_init(&err);
    (void)il_check(text, &err);
    il_error_init(&err);
    (void)il_check_code(text, &err);
    free(text);
    return 0;
}
