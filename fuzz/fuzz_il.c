/* fuzz_il.c - the IL text parser and assembler (whole bodies and prologues),
 * and the binary body verifier on the same bytes taken as a method body. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "il/il.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A shape from the token's low bits, so that the stack simulation runs. */
static int fuzz_shape(void *ctx, uint16_t opcode, uint32_t token, struct il_call_shape *shape)
{
    (void)ctx;
    (void)opcode;
    shape->params = (int)(token & 3);
    shape->has_this = (int)(token >> 2 & 1);
    shape->returns = (int)(token >> 3 & 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct il_verify_context vc = {NULL, fuzz_shape, size > 0 ? data[size - 1] % 3 - 1 : -1};
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
    (void)il_verify(data, size, NULL, &err);
    (void)il_verify(data, size, &vc, &err);
    return 0;
}
