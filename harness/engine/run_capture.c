/*
 * run_capture.c - the app's stdout and stderr as they come: kept up to
 * CAPTURE_MAX bytes each and cut into lines for <wait> and <outcome>
 * (runner_internal.h).
 */
#include "runner_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAPTURE_MAX (8u * 1024 * 1024) /* bytes of each stream kept */

void capture_init(struct capture *cp)
{
    memset(cp, 0, sizeof *cp);
    strbuf_init(&cp->text);
}

void capture_release(struct capture *cp)
{
    strbuf_release(&cp->text);
    free(cp->lines);
    memset(cp, 0, sizeof *cp);
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

static int capture_add(struct capture *cp, const char *data, size_t n)
{
    size_t room = CAPTURE_MAX > cp->text.len ? CAPTURE_MAX - cp->text.len : 0;
    size_t keep = n < room ? n : room;
    size_t from = cp->text.len;

    cp->dropped += n - keep;
    if (keep == 0)
        return 0;
    if (strbuf_add(&cp->text, data, keep) < 0)
        return -1;
    for (size_t i = from; i < cp->text.len; i++) {
        if (cp->text.buf[i] != '\n')
            continue;
        if (capture_push_line(cp, cp->partial, i) < 0)
            return -1;
        cp->partial = i + 1;
    }
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
    char *copy;
    int ok;

    if (!m->is_regex)
        return strlen(m->text) == len && memcmp(m->text, s, len) == 0;
    copy = strndup(s, len);
    if (!copy)
        return 0;
    ok = regexec(&m->re, copy, 0, NULL, 0) == 0;
    free(copy);
    return ok;
}

int line_capture(const struct line_match *m, const char *s, size_t len, size_t *start, size_t *end)
{
    regmatch_t pm[2];
    char *copy = strndup(s, len);
    int ok;

    if (!copy)
        return 0;
    ok = regexec(&m->re, copy, 2, pm, 0) == 0;
    free(copy);
    if (!ok)
        return 0;
    /* The first group when there is one and it took part, else the whole match. */
    if (m->re.re_nsub >= 1 && pm[1].rm_so >= 0) {
        *start = (size_t)pm[1].rm_so;
        *end = (size_t)pm[1].rm_eo;
    } else {
        *start = (size_t)pm[0].rm_so;
        *end = (size_t)pm[0].rm_eo;
    }
    return 1;
}

/* Reads what is available from fd into cp; closes fd at EOF. */
int drain_fd(int *fd, struct capture *cp)
{
    char buf[65536];

    while (*fd >= 0) {
        ssize_t n = read(*fd, buf, sizeof buf);

        if (n > 0) {
            if (capture_add(cp, buf, (size_t)n) < 0)
                return -1;
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
