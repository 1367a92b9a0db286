/*
 * junit_merge.h - joins JUnit files (ours, or any with <testsuite> elements
 * under a <testsuites> root or as the root) into one.  Suites of the same
 * name become one (in order of first appearance, test cases in input
 * order; properties of the first input win, others are added), so shards
 * of a run merge into one suite per area.  Totals are counted again from
 * the <testcase> elements, suite ids are renumbered, and a suite's
 * "dotnet.runtime.versions" (and "dotnet.runtime.version") property is
 * made again from the test cases' "dotnet.runtime.version" (junit.h).
 */
#ifndef PROFCHECK_JUNIT_MERGE_H
#define PROFCHECK_JUNIT_MERGE_H

#include <stddef.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"

int junit_merge(char *const *inputs, size_t n, const char *out, struct tally *t, struct err *e);

#endif
