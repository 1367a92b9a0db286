/*
 * callback.h - the reference profiler's callback object (callback.c): the
 * vtable the runtime calls, which records what a case asks for and hands
 * the rest to features/; and the table of quiet slots every callback
 * object here starts from (callback_quiet.c).
 */
#ifndef PROFCHECK_CALLBACK_H
#define PROFCHECK_CALLBACK_H

#include "core/core.h"

/* Every slot answers S_OK and does nothing; QueryInterface, AddRef and
 * Release are to be set by whoever copies it. */
extern const struct cp_callback_vtbl callback_quiet_vtbl;

/* Fills prof.vtbl with the profiler's callbacks and makes prof.callback the
 * object the runtime holds. */
void callback_setup(void);
/* Initialize and InitializeForAttach: takes the Info interface, connects to
 * the channel, says HELLO (load "startup" or "attach"), applies CONFIG,
 * sets the event mask when own_mask (not behind the proxy, whose agent sets
 * it) and starts the command thread. */
cp_hr callback_start(struct cp_unknown *unk, const char *channel, const char *load, int own_mask);

#endif
