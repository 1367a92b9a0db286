/*
 * junit_read.h - a JUnit report read back into results, for the HTML page
 * of merged reports (profcheck merge --html).
 *
 * Each <testcase> becomes a result: id its name (runtime the label a name
 * such as "rejit/basic [net8.0]" ends in, model/runtime.h), area its suite's name,
 * and the verdict from what the writer (junit.h) puts there: <failure>
 * FAIL (type UnexpectedPass: XPASS), <error> ERROR (type Timeout:
 * TIMEOUT), <skipped> SKIP, none PASS, or XFAIL when the test case has a
 * "known-issue" property.  The message is the element's message, the
 * details its text after the message's own line; each flakyFailure,
 * rerunFailure (and flakyError, rerunError of other writers) is an earlier
 * attempt, its verdict from its type, its message without "attempt i of
 * n: ", its details from <stackTrace> (or its text).  Test-case
 * properties become the result's properties, but for
 * "dotnet.runtime.version" (its runtime_version) and "attempts"; system-out without the
 * [[PROPERTY|...]] lines the writer put before the app's output is its
 * stdout, system-err its stderr.  Other tools' reports read the same way
 * (a test case without a suite name is in area "cases").
 */
#ifndef PROFCHECK_JUNIT_READ_H
#define PROFCHECK_JUNIT_READ_H

#include <stddef.h>
#include <time.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"
#include "junit.h"

struct junit_doc {
    struct result *results;
    size_t n;
    struct result_prop *props;   /* the first suite's properties */
    struct property *prop_view;  /* the same as struct property, for html_meta */
    size_t nprops;
    time_t timestamp;            /* the first suite's timestamp (UTC); 0 without one */
};

void junit_doc_init(struct junit_doc *d);
void junit_doc_release(struct junit_doc *d);

/* Reads path (no DTD, no network); 0, or -1 with the reason in e. */
int junit_read(const char *path, struct junit_doc *d, struct err *e);

#endif
