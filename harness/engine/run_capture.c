/*
 * run_capture.c - the app's stdout, stderr and replies (its reply channel,
 * docs/fixtures.md) as they come, cut into lines for <wait> and <outcome>
 * (runner_internal.h).
 *
 * However much the app writes, a capture keeps a window of at most
 * CAPTURE_MAX bytes and CAPTURE_LINES_MAX lines: when it is full, the
 * oldest part goes, down to CAPTURE_KEEP bytes (half the lines), and each
 * complete line that goes is handed to on_drop first, so that the checks
 * over the whole output see every line.  A <wait> sees each line as it
 * arrives (a drain takes at most DRAIN_CHUNK at a time and the steps look
 * between two), so nothing passes unseen; the report keeps the stream's
 * first bytes (head) and the window's last.
 */
#include "runner_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void capture_init(struct capture *cp)
{
    memset(cp, 0, sizeof *cp);
    strbuf_init(&cp->text);
    strbuf_init(&cp->head);
}

void capture_release(struct capture *cp)
{
    strbuf_release(&cp->text);
    strbuf_release(&cp->head);
    free(cp->lines);
    memset(cp, 0, sizeof *cp);
}

size_t capture_total(const struct capture *cp)
{
    return cp->base + cp->text.len;
}

size_t capture_end_line(const struct capture *cp)
{
    return cp->first_line + cp->nlines;
}

int capture_line(const struct capture *cp, size_t n, const char **s, size_t *len)
{
    if (n < cp->first_line || n >= cp->first_line + cp->nlines)
        return 0;
    *s = cp->text.buf + cp->lines[n - cp->first_line].start;
    *len = cp->lines[n - cp->first_line].len;
    return 1;
}

static int capture_push_line(struct capture *cp, size_t start, size_t end)
{
    if (cp->nlines == cp->cap) {
        size_t cap = cp->cap ? cp->cap * 2 : 64;
        struct line *v = realloc(cp->lines, cap * sizeof *v);
        if (!v)
            return -1;
        cp->lines = v;
        cp->cap = cap;
    }
    if (end > start && cp->text.buf[end - 1] == '\r')
        end--;
    cp->lines[cp->nlines].start = start;
    cp->lines[cp->nlines].len = end - start;
    cp->nlines++;
    return 0;
}

/* Moves the window on: the bytes before `shift` and the lines that end
 * there go (each complete one through on_drop); a line that began before
 * shift keeps its rest. */
static void capture_slide(struct capture *cp, size_t shift)
{
    size_t gone = 0;

    if (cp->base == 0 && cp->head.len == 0) {
        size_t keep = RESULT_OUTPUT_KEEP / 2 < cp->text.len ? RESULT_OUTPUT_KEEP / 2 : cp->text.len;
        strbuf_add(&cp->head, cp->text.buf, keep); /* without memory the report shows less */
    }
    while (gone < cp->nlines && cp->lines[gone].start + cp->lines[gone].len <= shift) {
        if (cp->on_drop)
            cp->on_drop(cp->ctx, cp->stream, cp->first_line + gone, cp->text.buf + cp->lines[gone].start,
                        cp->lines[gone].len);
        gone++;
    }
    for (size_t i = gone; i < cp->nlines; i++) {
        size_t start = cp->lines[i].start, end = start + cp->lines[i].len;
        cp->lines[i - gone].start = start > shift ? start - shift : 0;
        cp->lines[i - gone].len = end - shift - cp->lines[i - gone].start;
    }
    cp->nlines -= gone;
    cp->first_line += gone;
    memmove(cp->text.buf, cp->text.buf + shift, cp->text.len - shift);
    cp->text.len -= shift;
    cp->text.buf[cp->text.len] = '\0';
    cp->partial = cp->partial > shift ? cp->partial - shift : 0;
    cp->base += shift;
}

static int capture_add(struct capture *cp, const char *data, size_t n)
{
    size_t from = cp->text.len;

    if (strbuf_add(&cp->text, data, n) < 0)
        return -1;
    for (size_t i = from; i < cp->text.len; i++) {
        if (cp->text.buf[i] != '\n')
            continue;
        if (capture_push_line(cp, cp->partial, i) < 0)
            return -1;
        cp->partial = i + 1;
    }
    if (cp->text.len > CAPTURE_MAX)
        capture_slide(cp, cp->text.len - CAPTURE_KEEP);
    if (cp->nlines > CAPTURE_LINES_MAX)
        capture_slide(cp, cp->lines[cp->nlines - CAPTURE_LINES_MAX / 2].start);
    return 0;
}

int capture_finish(struct capture *cp)
{
    cp->eof = 1;
    if (cp->partial < cp->text.len) {
        if (capture_push_line(cp, cp->partial, cp->text.len) < 0)
            return -1;
        cp->partial = cp->text.len;
    }
    return 0;
}

int line_matches(const struct line_match *m, const char *s, size_t len)
{
    if (!m->is_regex)
        return strlen(m->text) == len && memcmp(m->text, s, len) == 0;
    return rx_match(m->re, s, len);
}

int line_capture(const struct line_match *m, const char *s, size_t len, size_t *start, size_t *end)
{
    if (!m->is_regex) {
        *start = 0;
        *end = len;
        return strlen(m->text) == len && memcmp(m->text, s, len) == 0;
    }
    return rx_capture(m->re, s, len, start, end);
}

/* Reads what is available from fd into cp, up to max bytes (the steps then
 * get their turn); closes fd at EOF. */
int drain_fd(int *fd, struct capture *cp, size_t max)
{
    char buf[65536];
    size_t taken = 0;

    while (*fd >= 0 && taken < max) {
        ssize_t n = read(*fd, buf, sizeof buf);

        if (n > 0) {
            if (capture_add(cp, buf, (size_t)n) < 0)
                return -1;
            taken += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        close(*fd);
        *fd = -1;
        return capture_finish(cp);
    }
    return 0;
}
