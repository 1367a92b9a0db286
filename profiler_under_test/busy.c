/*
 * busy.c - how long the profiler's own callbacks take.  The runtime holds a
 * table of timing forwarders, one per slot (proxy_slots.h): each calls the
 * profiler's slot and adds the time to a total, which the Shutdown event
 * reports (busy-ns over busy-callbacks).  It is the profiler's own cost per
 * callback, what make bench sets against the wall-clock difference.
 */
#include <string.h>
#include <time.h>

#include "profiler.h"
#include "proxy.h"
#include "proxy_slots.h"

static atomic_ullong busy_ns;
static atomic_ullong busy_calls;
static struct cp_callback_vtbl timed_vtbl;

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#define ARGT_0
#define ARGT_1 , uintptr_t
#define ARGT_2 ARGT_1, uintptr_t
#define ARGT_3 ARGT_2, uintptr_t
#define ARGT_4 ARGT_3, uintptr_t
#define ARGT_5 ARGT_4, uintptr_t
#define ARGT_6 ARGT_5, uintptr_t
#define ARGT_7 ARGT_6, uintptr_t
#define ARGT_8 ARGT_7, uintptr_t
#define ARGT_9 ARGT_8, uintptr_t
#define ARGT_10 ARGT_9, uintptr_t
#define ARGT_11 ARGT_10, uintptr_t
#define ARGT_12 ARGT_11, uintptr_t
#define ARGS_0
#define ARGS_1 , uintptr_t a1
#define ARGS_2 ARGS_1, uintptr_t a2
#define ARGS_3 ARGS_2, uintptr_t a3
#define ARGS_4 ARGS_3, uintptr_t a4
#define ARGS_5 ARGS_4, uintptr_t a5
#define ARGS_6 ARGS_5, uintptr_t a6
#define ARGS_7 ARGS_6, uintptr_t a7
#define ARGS_8 ARGS_7, uintptr_t a8
#define ARGS_9 ARGS_8, uintptr_t a9
#define ARGS_10 ARGS_9, uintptr_t a10
#define ARGS_11 ARGS_10, uintptr_t a11
#define ARGS_12 ARGS_11, uintptr_t a12
#define PASS_0
#define PASS_1 , a1
#define PASS_2 PASS_1, a2
#define PASS_3 PASS_2, a3
#define PASS_4 PASS_3, a4
#define PASS_5 PASS_4, a5
#define PASS_6 PASS_5, a6
#define PASS_7 PASS_6, a7
#define PASS_8 PASS_7, a8
#define PASS_9 PASS_8, a9
#define PASS_10 PASS_9, a10
#define PASS_11 PASS_10, a11
#define PASS_12 PASS_11, a12

/* Slot `slot` of the profiler's own table. */
static proxy_fn own_slot(size_t slot)
{
    proxy_fn f;

    memcpy(&f, (const char *)&prof.vtbl + slot * sizeof f, sizeof f);
    return f;
}

/* Integer and pointer parameters only, as in proxy.c. */
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

PROXY_CALLBACK_SLOTS(TIMED)

void busy_setup(void)
{
    const proxy_fn timed[] = {
#define ENTRY(slot, name, n) (proxy_fn)tm_##name,
        PROXY_CALLBACK_SLOTS(ENTRY)
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
