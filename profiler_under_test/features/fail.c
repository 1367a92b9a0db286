/*
 * fail.c - callbacks that return a failure on purpose (CONFIG
 * fail-callback), to record what the runtime does when a profiler's
 * callback fails: a GetReJITParameters that returns E_FAIL, say.
 *
 * For each callback named, a forwarder takes the callback's place in
 * prof.vtbl (the timing forwarders of busy.c call through prof.vtbl, so
 * the runtime reaches it).  It either returns the HRESULT without doing the
 * callback's work, or does the work first (a GetReJITParameters then hands
 * over its body) and returns the HRESULT instead of the work's.  Either
 * way a CallbackFailed event records it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/slots.h"
#include "features/features.h"

_Static_assert(CP_CALLBACK_SLOT_COUNT == CALLBACK_SLOTS_MAX, "one entry per callback slot");

static void record(const char *callback, cp_hr returned, int worked, cp_hr work_hr)
{
    struct emit em;

    if (prof_quiet())
        return;
    emit_begin(&em, "CallbackFailed");
    emit_str(&em, "callback", callback);
    emit_hr(&em, "hr", returned);
    emit_str(&em, "work", worked ? "done" : "skipped");
    if (worked)
        emit_hr(&em, "work-hr", work_hr);
    emit_send(&em);
}

/* Integer and pointer parameters only, as in core/busy.c. */
#define FAILING(slot, name, n)                                                                             \
    static cp_hr fl_##name(struct cp_callback *self ARGS_##n)                                              \
    {                                                                                                      \
        typedef cp_hr (*fn_t)(struct cp_callback *ARGT_##n);                                               \
        const struct fail_entry *f = &prof.fail[slot];                                                     \
        cp_hr work = CP_S_OK;                                                                              \
        if (f->after_work)                                                                                 \
            work = ((fn_t)f->original)(self PASS_##n);                                                     \
        record(#name, f->hr, f->after_work, work);                                                         \
        return f->hr;                                                                                      \
    }

CALLBACK_SLOTS(FAILING)

static const struct {
    const char *name;
    slot_fn forwarder;
} failing[] = {
#define ENTRY(slot, name, n) {#name, (slot_fn)fl_##name},
    CALLBACK_SLOTS(ENTRY)
#undef ENTRY
};

/* Slots that cannot be failed: reference counting, the start and the end. */
static int refused(size_t slot)
{
    static const char *const names[] = {"QueryInterface", "AddRef", "Release", "Initialize", "InitializeForAttach",
                                        "Shutdown"};

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(failing[slot].name, names[i]) == 0)
            return 1;
    return 0;
}

static void fail_one(const char *name, cp_hr hr, int after_work)
{
    char *table = (char *)&prof.vtbl;

    for (size_t slot = 0; slot < CALLBACK_SLOTS_MAX; slot++) {
        if (strcmp(failing[slot].name, name) != 0)
            continue;
        if (refused(slot)) {
            link_log("fail-callback: %s cannot be failed", name);
            return;
        }
        if (!prof.fail[slot].active)
            memcpy(&prof.fail[slot].original, table + slot * sizeof(slot_fn), sizeof(slot_fn));
        prof.fail[slot].hr = hr;
        prof.fail[slot].after_work = after_work;
        prof.fail[slot].active = 1;
        memcpy(table + slot * sizeof(slot_fn), &failing[slot].forwarder, sizeof(slot_fn));
        return;
    }
    link_log("fail-callback: no callback named %s", name);
}

void fail_configure(const char *spec, int after_work)
{
    char copy[4096], *save = NULL;

    snprintf(copy, sizeof copy, "%s", spec);
    for (char *item = strtok_r(copy, " ", &save); item; item = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(item, '=');
        if (!eq) {
            link_log("fail-callback: '%s' is not NAME=HRESULT", item);
            continue;
        }
        *eq = '\0';
        fail_one(item, (cp_hr)strtoul(eq + 1, NULL, 0), after_work);
    }
}
