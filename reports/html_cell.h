/*
 * html_cell.h - one result as a cell of the report's matrix.
 *
 * A cell shows the verdict as a coloured badge, the time and the first line
 * of the message; a <details> under it opens what explains the verdict:
 * the message, the known issue (a link only for dotnet/runtime#N), the
 * details with the events as timelines (html_events.h), the earlier
 * attempts, the last lines of output and the measurements.  A flaky pass
 * (PASS after failed attempts) has a kind of its own, FLAKY.
 */
#ifndef PROFCHECK_HTML_CELL_H
#define PROFCHECK_HTML_CELL_H

#include "../harness/model/result.h"
#include "../harness/util/strbuf.h"

/* Lines of output the page shows of each stream. */
#define HTML_OUTPUT_LINES 40

/* The kinds a cell can show, in the order of the summary and the filters. */
enum html_kind {
    HTML_FAIL,
    HTML_ERROR,
    HTML_TIMEOUT,
    HTML_XPASS,
    HTML_FLAKY,
    HTML_XFAIL,
    HTML_SKIP,
    HTML_PASS,
    HTML_KINDS
};

enum html_kind html_kind_of(const struct result *r);
const char *html_kind_name(enum html_kind k);  /* "FAIL", ..., "FLAKY" */
const char *html_kind_class(enum html_kind k); /* "v-fail", ... */

/* Appends <td class="cell v-..." data-verdict="...">...</td>; 0 or -1. */
int html_cell(struct strbuf *out, const struct result *r);

#endif
