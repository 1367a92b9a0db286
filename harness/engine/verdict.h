/*
 * verdict.h - from the outcome of a case's attempts to its reported verdict.
 *
 * A case may be run more than once (--retries, or <case retries="N">): a
 * failure is tried again, and a case that passes after failing is a flaky
 * pass.  Then a known-issue mark turns a failure into XFAIL and a pass into
 * XPASS, and a self-test compares what came out with the verdict it
 * requires.  Works on results only: no processes here.
 */
#ifndef PROFCHECK_VERDICT_H
#define PROFCHECK_VERDICT_H

#include "../model/case.h"
#include "../model/result.h"

/* 1 when a result with this verdict should be run again (attempts left
 * permitting): a failure of a case that expects to pass. */
int verdict_retryable(const struct case_def *c, enum verdict v);

/* Moves `failed` (a result that will be run again) into final's attempts;
 * failed is released.  0 or -1 (out of memory). */
int verdict_keep_attempt(struct result *attempts_holder, struct result *failed);

/* Applies flakiness, the known-issue mark and the self-test to r, in that
 * order.  0 or -1 (out of memory). */
int verdict_finish(const struct case_def *c, struct result *r);

#endif
