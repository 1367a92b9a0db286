/*
 * html_cell.h - one result as a cell of the report's matrix, and its pane.
 *
 * A cell is compact: the verdict as a coloured badge, the time and, when
 * the row does not show it once for all its cells, the gist (the message,
 * the known issue of an XFAIL, the attempts of a flaky pass) cut to its
 * first line, the full text in the title.  What explains the verdict is in
 * the cell's pane, a <details> in a row of its own under the case's row
 * (html.c): the message, the known issue (a link only for
 * dotnet/runtime#N), the details with the events as timelines
 * (html_events.h), the earlier attempts, the last lines of output and the
 * measurements.  The page's script shows the pane of the cell clicked,
 * full width; without the script every pane is there, closed.  A flaky
 * pass (PASS after failed attempts) has a kind of its own, FLAKY.
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

/* Bytes of the gist a cell or a row shows (then " ..."); the title has
 * up to HTML_TITLE_MAX. */
#define HTML_GIST_MAX 300
#define HTML_TITLE_MAX 2000

/* Appends the gist of r as plain text (not escaped): the message of a
 * result that did not pass, "known issue REF" of one with a known issue and
 * no message, "passed on attempt K of K" of a flaky pass; else nothing.
 * 0 or -1. */
int html_cell_gist(struct strbuf *out, const struct result *r);

/* Appends <span class="CLS" title="...">gist</span>: the first line of
 * gist, at most HTML_GIST_MAX bytes, escaped; nothing for "".  0 or -1. */
int html_gist_span(struct strbuf *out, const char *cls, const char *gist);

/* Appends the cell of r in column col, <td class="cell v-..."
 * data-verdict="..." data-col="col">; with_gist 0 leaves the gist to the
 * row.  0 or -1. */
int html_cell(struct strbuf *out, const struct result *r, size_t col, int with_gist);

/* Appends the pane of the cell of r in column col (on runtime), <details
 * class="pane v-..." data-col="col">.  0 or -1. */
int html_cell_pane(struct strbuf *out, const struct result *r, size_t col, const char *runtime);

#endif
