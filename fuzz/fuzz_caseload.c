/* fuzz_caseload.c - the case-file loader (XML, schema, every semantic check). */
#include <stdint.h>
#include <stdlib.h>

#include "caseload/caseload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct caseload cl;
    static int ready;
    struct case_set set;
    struct err e;

    err_init(&e);
    if (!ready) {
        if (caseload_init(&cl, &e) < 0)
            abort();
        ready = 1;
    }
    if (caseload_memory(&cl, (const char *)data, size, "fuzz.xml", "fuzz/case", &set, &e) == 0)
        case_set_release(&set);
    return 0;
}
