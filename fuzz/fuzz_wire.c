/* fuzz_wire.c - the channel's frame decoder, frame after frame. */
#include <stdint.h>
#include <string.h>

#include "wire/wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct wire_msg msg;
    size_t off = 0;

    while (off < size) {
        size_t used = 0;
        if (wire_decode(data + off, size - off, &msg, &used) != 1 || used == 0)
            break;
        for (size_t i = 0; i < msg.nfields; i++) {
            /* Keys in a frame are not NUL-terminated; lookups take C strings. */
            char key[WIRE_MAX_KEY + 1];
            memcpy(key, msg.fields[i].key, msg.fields[i].keylen);
            key[msg.fields[i].keylen] = '\0';
            if (wire_msg_get(&msg, key) == NULL)
                __builtin_trap(); /* a decoded field must be found by its own key */
        }
        off += used;
    }
    return 0;
}
