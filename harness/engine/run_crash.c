/*
 * run_crash.c - what the runtime says when the app dies: the lines of its
 * stderr that name the cause ("Unhandled exception. System.X: ...", "Fatal
 * error. ...", "Process terminated. ...", "Stack overflow."), with the inner
 * exceptions under them, picked out so that a report shows them first
 * instead of leaving them above a stack trace that the tail cut
 * (runner_internal.h).
 *
 * The picking goes over the whole of stderr: lines that leave the capture's
 * window are handed to crash_pick_line as they go (check_dropped_line), and
 * the window's lines after them at the end, so that a crash followed by
 * megabytes of output is still named.
 */
#include "runner_internal.h"

#include <string.h>

#define CRASH_LINES_MAX 6 /* lines picked out */
#define CRASH_LINE_MAX 300 /* bytes of each kept */

static const char *const crash_starts[] = {"Unhandled exception.", "Fatal error.", "Process terminated.",
                                           "Stack overflow.", NULL};

void crash_pick_init(struct crash_pick *cp)
{
    memset(cp, 0, sizeof *cp);
    strbuf_init(&cp->lines);
}

void crash_pick_release(struct crash_pick *cp)
{
    strbuf_release(&cp->lines);
    memset(cp, 0, sizeof *cp);
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

static int is_crash_line(const char *s, size_t len)
{
    for (const char *const *p = crash_starts; *p; p++)
        if (starts_with(s, len, *p))
            return 1;
    return 0;
}

int crash_pick_line(struct crash_pick *cp, const char *s, size_t len)
{
    if (cp->n >= CRASH_LINES_MAX)
        return 0;
    /* An inner exception continues the line above it: " ---> System.Y: ...". */
    if (is_crash_line(s, len) || (cp->inside && starts_with(s, len, " ---> "))) {
        if (strbuf_addf(&cp->lines, "%.*s%s\n", (int)(len > CRASH_LINE_MAX ? CRASH_LINE_MAX : len), s,
                        len > CRASH_LINE_MAX ? "..." : "") < 0) {
            cp->failed = 1;
            return -1;
        }
        cp->n++;
        cp->inside = 1;
    } else if (!starts_with(s, len, "   at ")) {
        cp->inside = 0;
    }
    return 0;
}

int crash_lines(const struct crash_pick *dropped, const struct capture *err, struct strbuf *out)
{
    struct crash_pick all;
    int n;

    /* What the lines that left the window gave, continued over the window's. */
    crash_pick_init(&all);
    all.n = dropped->n;
    all.inside = dropped->inside;
    if (dropped->failed || strbuf_add(&all.lines, strbuf_str(&dropped->lines), dropped->lines.len) < 0) {
        crash_pick_release(&all);
        return -1;
    }
    for (size_t i = 0; i < err->nlines && all.n < CRASH_LINES_MAX; i++)
        if (crash_pick_line(&all, err->text.buf + err->lines[i].start, err->lines[i].len) < 0)
            break;
    n = all.failed ? -1 : all.n;
    if (n > 0 && strbuf_add(out, all.lines.buf, all.lines.len) < 0)
        n = -1;
    crash_pick_release(&all);
    return n;
}

int add_crash(struct run *r)
{
    struct strbuf lines = STRBUF_INIT, details = STRBUF_INIT;
    int n = crash_lines(&r->crash, &r->out[STREAM_STDERR], &lines), rc = 0;
    size_t first;

    if (n <= 0) {
        strbuf_release(&lines);
        return n;
    }
    /* The first line goes into the message, all of them in front of the details. */
    first = strcspn(lines.buf, "\n");
    if (strbuf_addf(&r->message, "; the runtime said: %.*s", (int)first, lines.buf) < 0 ||
        strbuf_adds(&details, "the runtime said (stderr):\n") < 0)
        rc = -1;
    for (const char *p = lines.buf; rc == 0 && *p;) {
        size_t len = strcspn(p, "\n");
        if (strbuf_addf(&details, "  %.*s\n", (int)len, p) < 0)
            rc = -1;
        p += len + (p[len] == '\n');
    }
    if (rc == 0 && strbuf_add(&details, r->details.buf ? r->details.buf : "", r->details.len) < 0)
        rc = -1;
    if (rc == 0) {
        strbuf_reset(&r->details);
        rc = strbuf_add(&r->details, details.buf, details.len);
    }
    strbuf_release(&lines);
    strbuf_release(&details);
    return rc < 0 ? -1 : n;
}
