/*
 * run_crash.c - what the runtime says when the app dies: the lines of its
 * stderr that name the cause ("Unhandled exception. System.X: ...", "Fatal
 * error. ...", "Process terminated. ...", "Stack overflow."), with the inner
 * exceptions under them, picked out so that a report shows them first
 * instead of leaving them above a stack trace that the tail cut
 * (runner_internal.h).
 */
#include "runner_internal.h"

#include <string.h>

#define CRASH_LINES_MAX 6 /* lines picked out */
#define CRASH_LINE_MAX 300 /* bytes of each kept */

static const char *const crash_starts[] = {"Unhandled exception.", "Fatal error.", "Process terminated.",
                                           "Stack overflow.", NULL};

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

int crash_lines(const struct capture *err, struct strbuf *out)
{
    int n = 0, inside = 0;

    for (size_t i = 0; i < err->nlines && n < CRASH_LINES_MAX; i++) {
        const char *s = err->text.buf + err->lines[i].start;
        size_t len = err->lines[i].len;

        /* An inner exception continues the line above it: " ---> System.Y: ...". */
        if (is_crash_line(s, len) || (inside && starts_with(s, len, " ---> "))) {
            if (strbuf_addf(out, "%.*s%s\n", (int)(len > CRASH_LINE_MAX ? CRASH_LINE_MAX : len), s,
                            len > CRASH_LINE_MAX ? "..." : "") < 0)
                return -1;
            n++;
            inside = 1;
        } else if (!starts_with(s, len, "   at ")) {
            inside = 0;
        }
    }
    return n;
}

int add_crash(struct run *r)
{
    struct strbuf lines = STRBUF_INIT, details = STRBUF_INIT;
    int n = crash_lines(&r->out[STREAM_STDERR], &lines), rc = 0;
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
