/*
 * json.h - results as one JSON document for programs ("profcheck-results/1").
 *
 *   {
 *     "format": "profcheck-results/1",
 *     "name": "profcheck",
 *     "profcheck_version": "0.1.0",
 *     "profcheck_revision": "v0.1.0-12-g0a2afd6-dirty",   (only when built from git)
 *     "timestamp": "2023-11-14T22:13:20Z",
 *     "hostname": "ci-7",
 *     "profiler": {
 *       "path": ".../libprofcheck_ref.so",
 *       "build_id": "26df0594..."
 *     },
 *     "runtime_version": "10.0.12",
 *     "runtime_versions": ["10.0.12"],
 *     "totals": {"cases": 5, "passed": 2, "failed": 2, "skipped": 1},
 *     "cases": [
 *       {"id": ..., "area": ..., "verdict": "FAIL", "seconds": 0.123,
 *        "message": ..., "details": ..., "runtime": "net10.0",
 *        "runtime_version": ...,
 *        "properties": {"before.rss-kib": "26440"},
 *        "attempts": [{"verdict": "FAIL", "seconds": 0.100,
 *                      "message": ..., "details": ...}],
 *        "events": [{"event": "JITCompilationStarted", "seq": 1, ...}]}
 *     ]
 *   }
 *
 * Layout: members in the order above, each on its own line, indented by
 * two spaces per level (the sketch above is compressed); an empty object or
 * array is "{}" or "[]"; the document ends with a line feed.
 *
 * Values:
 *   - a meta or result string that is NULL is null ("runtime", the label
 *     of the runtime a case ran on in a run over several, "net8.0", which
 *     also ends its "id": "rejit/basic [net8.0]"); the top-level
 *     "runtime_versions" lists every result's "runtime_version" once, in
 *     order of first appearance, and "runtime_version" is the one of them
 *     when there is exactly one, else null; "timestamp" is null when meta
 *     is NULL;
 *   - "timestamp" is meta->timestamp in UTC, "YYYY-MM-DDTHH:MM:SSZ";
 *   - "totals" count as tally_add does: XFAIL passed, XPASS failed, ERROR
 *     and TIMEOUT failed;
 *   - "seconds" are "%.3f" in the C locale, null when not finite;
 *   - "properties" and "attempts" are always there (maybe empty);
 *     "events" only when the verdict is not PASS: every event, as an object
 *     whose members are its fields in order, VAL_U64 and VAL_I64 as
 *     decimal JSON integers (ids too; readers that hold numbers as doubles
 *     lose precision above 2^53), VAL_HR as the text field_format gives
 *     ("S_OK (0x00000000)"), VAL_STR as strings.
 *
 * Strings: every string (keys of properties and event fields too) is first
 * sanitised (sanitize.h), then JSON-escaped: '"' and '\' as \" and \\,
 * line feed, carriage return, tab, backspace and form feed as \n \r \t \b
 * \f, any other control character as \u00XX; all else is raw UTF-8.  So a
 * JSON parser returns exactly the sanitised text, the same text a JUnit or
 * TAP reader sees: an ESC byte arrives as the four characters "\x1b", a
 * byte of invalid UTF-8 as "\xff", a C1 control as "\u0085", never as the
 * raw bytes.
 */
#ifndef PROFCHECK_JSON_H
#define PROFCHECK_JSON_H

#include <stddef.h>
#include <time.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"
#include "../harness/util/strbuf.h"

struct json_meta {
    const char *name;              /* "profcheck" */
    const char *profcheck_version; /* "0.1.0" */
    const char *profcheck_revision; /* `git describe` at build time; NULL or "": left out */
    const char *profiler_path;
    const char *profiler_build_id;
    const char *hostname;
    time_t timestamp;              /* of the run's start */
    long harness_peak_rss_kib;     /* profcheck's own peak resident memory; 0: not reported */
};

/* Appends text as a JSON string (sanitised first; NULL gives null); 0 or -1. */
int json_string(struct strbuf *out, const char *text);

/* Appends the document to out; meta may be NULL.  0, or -1 when memory
 * ran out (out is then as it was before the call). */
int json_render(const struct result *results, size_t n, const struct json_meta *meta, struct strbuf *out);

/* Writes the document to path (atomic_write.h); 0, or -1 with the reason in e. */
int json_write(const char *path, const struct result *results, size_t n, const struct json_meta *meta,
               struct err *e);

#endif
