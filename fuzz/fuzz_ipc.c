/* fuzz_ipc.c - the diagnostics IPC reply parser and the CLSID parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attach/ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ipc_reply reply;
    struct ipc_guid guid;
    size_t used = 0;
    struct err e;
    char *text;

    err_init(&e);
    /* Every prefix, as the bytes would arrive one read at a time. */
    for (size_t n = 1; n <= size && n <= 64; n++)
        if (ipc_reply_parse(data, n, &reply, &used, &e) != 0)
            break;
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    (void)ipc_guid_parse(text, &guid, &e);
    free(text);
    return 0;
}
