/*
 * busy.c - how long the profiler's own callbacks take.  The runtime holds a
 * table of timing forwarders, one per slot (slots.h): each calls the
 * profiler's slot and adds the time to a total, which the Shutdown event
 * reports (busy-ns over busy-callbacks).  It is the profiler's own cost per
 * callback, what make bench sets against the wall-clock difference.
 */
#include <string.h>
#include <time.h>

#include "core/core.h"
#include "core/slots.h"

static atomic_ullong busy_ns;
static atomic_ullong busy_calls;
static struct cp_callback_vtbl timed_vtbl;

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}


/* Slot `slot` of the profiler's own table. */
static slot_fn own_slot(size_t slot)
{
    slot_fn f;

    memcpy(&f, (const char *)&prof.vtbl + slot * sizeof f, sizeof f);
    return f;
}

/* Integer and pointer parameters only, as in proxy/proxy.c. */
#define TIMED(slot, name, n)                                                                               \
    static cp_hr tm_##name(struct cp_callback *self ARGS_##n)                                              \
    {                                                                                                      \
        typedef cp_hr (*fn_t)(struct cp_callback *ARGT_##n);                                               \
        uint64_t start = now_ns();                                                                         \
        cp_hr hr = ((fn_t)own_slot(slot))(self PASS_##n);                                                  \
        atomic_fetch_add_explicit(&busy_ns, now_ns() - start, memory_order_relaxed);                       \
        atomic_fetch_add_explicit(&busy_calls, 1, memory_order_relaxed);                                   \
        return hr;                                                                                         \
    }

CALLBACK_SLOTS(TIMED)

void busy_setup(void)
{
    const slot_fn timed[] = {
#define ENTRY(slot, name, n) (slot_fn)tm_##name,
        CALLBACK_SLOTS(ENTRY)
#undef ENTRY
    };
    _Static_assert(sizeof timed == sizeof timed_vtbl, "one forwarder per slot");

    memcpy(&timed_vtbl, timed, sizeof timed_vtbl);
    /* Reference counting and the start and end are not the profiler's cost per callback. */
    timed_vtbl.QueryInterface = prof.vtbl.QueryInterface;
    timed_vtbl.AddRef = prof.vtbl.AddRef;
    timed_vtbl.Release = prof.vtbl.Release;
    timed_vtbl.Initialize = prof.vtbl.Initialize;
    timed_vtbl.InitializeForAttach = prof.vtbl.InitializeForAttach;
    timed_vtbl.Shutdown = prof.vtbl.Shutdown;
    prof.callback.vtbl = &timed_vtbl;
}

void busy_totals(uint64_t *ns, uint64_t *calls)
{
    *ns = atomic_load(&busy_ns);
    *calls = atomic_load(&busy_calls);
}
