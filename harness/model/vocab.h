/*
 * vocab.h - the names a case may use: callbacks the reference profiler
 * records, the fields its events carry, and the event groups of
 * <profiler events="..."> with the event-mask bits each one sets.
 *
 * Case files are checked against these lists when they are loaded, so a
 * misspelt name fails loudly instead of making a <not> check vacuous.
 */
#ifndef PROFCHECK_VOCAB_H
#define PROFCHECK_VOCAB_H

#include <stddef.h>
#include <stdint.h>

struct event_group {
    const char *name;
    uint32_t mask;      /* COR_PRF_MONITOR bits */
    uint32_t mask_high; /* COR_PRF_HIGH_MONITOR bits */
    const char *events; /* the events the group brings, space-separated */
};

/* NULL-terminated lists. */
extern const char *const vocab_events[];
extern const char *const vocab_fields[];
extern const struct event_group vocab_groups[];

int vocab_is_event(const char *name);
int vocab_is_field(const char *key);
const struct event_group *vocab_group(const char *name);
/* 1 when name is a method of ICorProfilerCallback11 (common/abi/cp_callback_slots.h). */
int vocab_is_callback(const char *name);
/* 1 when the reference profiler can fail the callback on purpose: every
 * callback but reference counting, the start (Initialize, InitializeForAttach)
 * and Shutdown. */
int vocab_can_fail(const char *callback);

#endif
