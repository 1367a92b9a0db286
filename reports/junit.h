/*
 * junit.h - results as a JUnit XML file that CI systems read.
 *
 * One <testsuite> per area (the top folder under cases/), in order of first
 * appearance; one <testcase> per case, classname "profcheck.<area>", name
 * the case id.  A failed check is a <failure>, a case that could not run or
 * timed out an <error>, a skipped case <skipped>.  Suite <properties> carry
 * the runtime version, the profiler library and the harness version; a
 * test case's <properties> its measurements, its known issue ("known-issue",
 * "xfail"), the runtime it ran on and how many runs it took (also as
 * [[PROPERTY|name=value]] lines in system-out, for readers that only show
 * output).  Earlier failed attempts are <flakyFailure> (the case passed in
 * the end) or <rerunFailure> (it did not) with the details in a
 * <stackTrace> child.  All text is sanitised (sanitize.h), times are "%.3f"
 * seconds, timestamps UTC without a zone.  The file is written to a
 * temporary name and renamed.  reports/junit.xsd and reports/junit-jenkins.xsd
 * describe the document.
 */
#ifndef PROFCHECK_JUNIT_H
#define PROFCHECK_JUNIT_H

#include <stddef.h>
#include <time.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"

#define JUNIT_OUTPUT_CAP RESULT_OUTPUT_KEEP

/* Test-case properties besides the result's own. */
#define JUNIT_PROP_RUNTIME "dotnet.runtime.version" /* the runtime the case ran on; of a suite: the one
                                                     * runtime all its cases ran on, when there is one */
#define JUNIT_PROP_RUNTIMES "dotnet.runtime.versions" /* of a suite: every runtime the report's cases ran
                                                       * on, separated by spaces, in order of first use */
#define JUNIT_PROP_ATTEMPTS "attempts"              /* runs in all, when there was more than one */
/* The app's replies (its reply channel) open system-out, between these lines. */
#define JUNIT_REPLIES_BEGIN "[[REPLIES]]"
#define JUNIT_REPLIES_END "[[/REPLIES]]"

struct property {
    const char *name;
    const char *value;
};

struct junit_meta {
    const char *name;      /* <testsuites name>, e.g. "profcheck" */
    const char *classname_prefix; /* "profcheck" */
    const char *hostname;
    time_t timestamp;      /* of the run's start */
    const struct property *props;
    size_t nprops;
};

/* Writes to `path`; 0, or -1 with the reason in e. */
int junit_write(const char *path, const struct result *results, size_t n, const struct junit_meta *meta,
                struct err *e);

/* The same document into memory (for tests); the caller frees *out. */
int junit_render(const struct result *results, size_t n, const struct junit_meta *meta, char **out,
                 size_t *len, struct err *e);

#endif
