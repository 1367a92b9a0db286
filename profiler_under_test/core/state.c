/*
 * state.c - the reference profiler's state, all of it in one struct,
 * `prof`.  Every layer reads and writes it; it is defined in the lowest
 * one so that none has to reach up for it.
 */
#include "core/core.h"

struct profiler prof = {
    .fd = -1,
    .wake_fd = -1,
    .send_lock = PTHREAD_MUTEX_INITIALIZER,
    .plan_lock = PTHREAD_MUTEX_INITIALIZER,
};
