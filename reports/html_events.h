/*
 * html_events.h - a result's details as HTML.
 *
 * The details text (what the console prints under a case that did not
 * pass, and what JUnit carries in the failure's body) is read back into
 * blocks: the lines about the unmet check as preformatted text; each list
 * of events ("closest events ...:", "events #3 to #9 of 40:", "last 12 of
 * 40 events:", "matching events:", one "  #N Callback key=value ..." line
 * per event) as a timeline table with the columns #, thread, callback,
 * method, HRESULT and the other fields, the field a near miss differs in
 * marked; and "last lines of stdout:" / "of stderr:" as output.  Reading
 * the text rather than the event log lets a page made from a JUnit file
 * (profcheck merge --html) show the same as one made by the run.  A line
 * that does not parse is shown as it is; every text is escaped
 * (html_text.h).
 */
#ifndef PROFCHECK_HTML_EVENTS_H
#define PROFCHECK_HTML_EVENTS_H

#include "../harness/util/strbuf.h"

/* Streams whose last lines the details already show (html_details' *shown). */
#define HTML_SHOWN_STDOUT 1
#define HTML_SHOWN_STDERR 2
#define HTML_SHOWN_REPLIES 4

/* Appends the details as HTML; *shown gets HTML_SHOWN_* bits.  0 or -1. */
int html_details(struct strbuf *out, const char *details, int *shown);

/* One event line ("#12 JITCompilationStarted thread=7 ...", leading blanks
 * allowed) as a <tr> of the timeline table; 0, -1 (out of memory), or 1
 * when the line is not an event line (nothing appended). */
int html_event_row(struct strbuf *out, const char *line, size_t len);

#endif
