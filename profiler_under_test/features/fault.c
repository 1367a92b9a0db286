/*
 * fault.c - faults the reference profiler injects on request, so that the
 * harness's handling of a broken profiler can be tested (cases/faults/,
 * docs/cases.md "Faults").  CONFIG's `fault` field names one:
 *
 *   crash-in-jit:GLOB   a SIGSEGV (a write to an inaccessible page) inside the
 *                       JITCompilationStarted of a method matching GLOB
 *   close-after:N       after the Nth event, the channel is shut down
 *   garbage-after:N     after the Nth event, bytes that are not a frame
 *   oversized-after:N   after the Nth event, a frame header announcing a
 *                       payload beyond WIRE_MAX_PAYLOAD
 *
 * Without a fault none of this runs.  The faults after the Nth event run
 * from the hook emit_send calls after each event (prof.after_event), which
 * fault_configure sets: the channel knows nothing of faults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "features/features.h"

static enum { FAULT_NONE, FAULT_CRASH_IN_JIT, FAULT_CLOSE, FAULT_GARBAGE, FAULT_OVERSIZED } fault;
static char fault_glob[256];
static uint64_t fault_after;

/* A broken channel after event seq, when asked for; the caller holds send_lock. */
static void fault_after_event(uint64_t seq)
{
    static const char garbage[] = "this is not a frame of the profcheck channel, just bytes";
    uint8_t header[WIRE_HEADER_SIZE] = {'P', 'C', 'W', '1', 0, 0, 0, 0, WIRE_EVENT, 0, 1, 0};
    uint32_t too_long = WIRE_MAX_PAYLOAD + 1;

    if (fault == FAULT_NONE || fault == FAULT_CRASH_IN_JIT || seq != fault_after)
        return;
    switch (fault) {
    case FAULT_CLOSE:
        shutdown(prof.fd, SHUT_RDWR);
        prof.connected = 0; /* nothing more goes to the ring either */
        break;
    case FAULT_GARBAGE:
        link_write(garbage, sizeof garbage - 1);
        break;
    case FAULT_OVERSIZED:
        for (int i = 0; i < 4; i++)
            header[4 + i] = (uint8_t)(too_long >> (8 * i));
        link_write(header, sizeof header);
        break;
    default:
        break;
    }
}

void fault_configure(const char *spec)
{
    static const struct {
        const char *prefix;
        int kind;
    } kinds[] = {{"crash-in-jit:", FAULT_CRASH_IN_JIT},
                 {"close-after:", FAULT_CLOSE},
                 {"garbage-after:", FAULT_GARBAGE},
                 {"oversized-after:", FAULT_OVERSIZED}};

    fault = FAULT_NONE;
    prof.after_event = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        size_t n = strlen(kinds[i].prefix);
        if (strncmp(spec, kinds[i].prefix, n) != 0)
            continue;
        fault = kinds[i].kind;
        if (fault == FAULT_CRASH_IN_JIT) {
            snprintf(fault_glob, sizeof fault_glob, "%s", spec + n);
        } else {
            fault_after = strtoull(spec + n, NULL, 10);
            prof.after_event = fault_after_event;
        }
        return;
    }
}

void fault_in_jit(cp_function_id fid)
{
    char method[NAME_MAX_BYTES] = "";

    if (fault != FAULT_CRASH_IN_JIT)
        return;
    names_method(fid, method, sizeof method);
    if (glob_match(fault_glob, method)) {
        /* A write to a page mapped without access: a real fault, which a
         * sanitizer build does not turn into a report of its own first. */
        volatile int *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *page = 1;
    }
}
