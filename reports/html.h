/*
 * html.h - results as one self-contained HTML page a person can open.
 *
 * The page has a summary line (the closing line's totals, then a chip per
 * kind of verdict that also filters), the run's facts, and a matrix: one
 * row per case, grouped by area in order of first appearance, one column
 * per runtime (a result's runtime_version; without one the run's runtime,
 * html_meta.runtime, or "unknown runtime"; columns in order of first
 * appearance), each cell a result (html_cell.h).  The table has a fixed
 * layout: the case column takes a fixed share that depends on the number
 * of runtimes, the runtime columns share the rest equally, so the page is
 * never wider than the window.  A case with no result on a runtime has an
 * empty cell.  A message that is the same in every cell of a row that has
 * one (at least two) is shown once, under the case id; else each cell
 * shows its own.  Under each case's row is a row that holds the panes of
 * its cells, full width.
 *
 * A small script filters rows by kind and by a text search over ids and
 * messages, shows the pane of a cell when it is clicked (one per row),
 * opens the cell that index.html#open=AREA/CASE or #open=AREA/CASE@RUNTIME
 * names, and marks the page with data-fits="yes" when it is no wider than
 * the window (the browser test reads it).  Without the script every row
 * shows and each pane is a closed <details> under its case.
 *
 * The page loads nothing: the style sheet and the script are inline and a
 * Content-Security-Policy allows exactly those two (by their SHA-256), no
 * other script, style, frame, form target or connection.  Every text of a
 * result is escaped (html_text.h): app output can neither add an element
 * nor a link.  The only links are to dotnet/runtime issues, made from the
 * number of a known-issue ref of the exact form "dotnet/runtime#N".
 *
 * The page uses of a result only what a JUnit report carries (junit_read.h
 * reads it back), so `profcheck merge --html` shows the same as the run.
 */
#ifndef PROFCHECK_HTML_H
#define PROFCHECK_HTML_H

#include <stddef.h>
#include <time.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"
#include "../harness/util/strbuf.h"
#include "junit.h"

struct html_meta {
    const char *title;     /* "profcheck" */
    time_t timestamp;      /* of the run's start; 0: not shown */
    const char *runtime;   /* the column of results without a runtime_version; NULL: "unknown runtime" */
    const struct property *props; /* the run's facts, shown under the summary */
    size_t nprops;
};

/* Appends the page to out; 0, or -1 when memory ran out. */
int html_render(const struct result *results, size_t n, const struct html_meta *meta, struct strbuf *out);

/* Writes the page to path (atomic_write.h); 0, or -1 with the reason in e. */
int html_write(const char *path, const struct result *results, size_t n, const struct html_meta *meta,
               struct err *e);

#endif
