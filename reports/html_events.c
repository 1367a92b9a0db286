#include "html_events.h"

#include <string.h>

#include "html_text.h"

/* The columns of the timeline besides # and callback: the first field
 * found of each list; the rest go to "other fields". */
static const char *const thread_keys[] = {"thread", "tid", NULL};
static const char *const method_keys[] = {"method", "methods", "class", "module", "assembly", "api", "path", NULL};
static const char *const hr_keys[] = {"hr", NULL};

struct field_span {
    const char *key, *value;
    size_t key_len, value_len;
};

#define MAX_FIELDS 64

struct event_line {
    const char *index, *name;
    size_t index_len, name_len;
    struct field_span f[MAX_FIELDS];
    size_t nf;
    const char *note; /* the text after "<- " of a near miss, or NULL */
    size_t note_len;
    const char *rest; /* what did not fit in MAX_FIELDS */
    size_t rest_len;
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Splits "#12 Name k=v k="v w" ...   <- k differs"; 0, or -1 when the line
 * is no event line. */
static int parse_event_line(const char *s, size_t len, struct event_line *ev)
{
    const char *end = s + len, *p, *mark;
    static const char note_mark[] = "   <- ";

    memset(ev, 0, sizeof *ev);
    while (s < end && *s == ' ')
        s++;
    if (s >= end || *s != '#' || s + 1 >= end || !is_digit(s[1]))
        return -1;
    for (mark = s; mark + sizeof note_mark - 1 <= end; mark++) {
        if (memcmp(mark, note_mark, sizeof note_mark - 1) == 0) {
            ev->note = mark + sizeof note_mark - 1;
            ev->note_len = (size_t)(end - ev->note);
            end = mark;
            break;
        }
    }
    ev->index = ++s;
    while (s < end && is_digit(*s))
        s++;
    ev->index_len = (size_t)(s - ev->index);
    if (s >= end || *s != ' ')
        return -1;
    s++;
    ev->name = s;
    while (s < end && *s != ' ')
        s++;
    ev->name_len = (size_t)(s - ev->name);
    if (ev->name_len == 0)
        return -1;
    while (s < end) {
        while (s < end && *s == ' ')
            s++;
        if (s >= end)
            break;
        p = s;
        while (p < end && *p != '=' && *p != ' ')
            p++;
        if (p >= end || *p != '=' || p == s) {
            /* a word without '=' belongs to the value before it ("S_OK (0x0)") */
            const char *w = s;
            while (s < end && *s != ' ')
                s++;
            if (ev->nf > 0 && ev->f[ev->nf - 1].value + ev->f[ev->nf - 1].value_len <= w)
                ev->f[ev->nf - 1].value_len = (size_t)(s - ev->f[ev->nf - 1].value);
            continue;
        }
        if (ev->nf == MAX_FIELDS) {
            ev->rest = s;
            ev->rest_len = (size_t)(end - s);
            break;
        }
        ev->f[ev->nf].key = s;
        ev->f[ev->nf].key_len = (size_t)(p - s);
        s = p + 1;
        if (s < end && *s == '"') {
            const char *q = s + 1;
            while (q < end && !(*q == '"' && (q + 1 == end || q[1] == ' ')))
                q++;
            ev->f[ev->nf].value = s + 1;
            ev->f[ev->nf].value_len = (size_t)((q < end ? q : end) - (s + 1));
            s = q < end ? q + 1 : end;
        } else {
            ev->f[ev->nf].value = s;
            while (s < end && *s != ' ')
                s++;
            ev->f[ev->nf].value_len = (size_t)(s - ev->f[ev->nf].value);
        }
        ev->nf++;
    }
    return 0;
}

static int key_is(const struct field_span *f, const char *key)
{
    return f->key_len == strlen(key) && memcmp(f->key, key, f->key_len) == 0;
}

/* The index of the first field named in keys, or -1. */
static int find_field(const struct event_line *ev, const char *const *keys)
{
    for (const char *const *k = keys; *k; k++)
        for (size_t i = 0; i < ev->nf; i++)
            if (key_is(&ev->f[i], *k))
                return (int)i;
    return -1;
}

/* 1 when the near-miss note names field i ("hr differs"). */
static int differs(const struct event_line *ev, int i)
{
    const struct field_span *f;

    if (i < 0 || !ev->note)
        return 0;
    f = &ev->f[i];
    return ev->note_len > f->key_len && memcmp(ev->note, f->key, f->key_len) == 0 && ev->note[f->key_len] == ' ';
}

static int cell(struct strbuf *out, const struct event_line *ev, int i, const char *cls)
{
    int rc = strbuf_addf(out, "<td class=\"%s%s\">", cls, differs(ev, i) ? " differs" : "");

    if (rc == 0 && i >= 0)
        rc = html_text_n(out, ev->f[i].value, ev->f[i].value_len);
    return rc == 0 ? strbuf_adds(out, "</td>") : -1;
}

int html_event_row(struct strbuf *out, const char *line, size_t len)
{
    struct event_line ev;
    int thread, method, hr, first = 1, rc;

    if (parse_event_line(line, len, &ev) < 0)
        return 1;
    thread = find_field(&ev, thread_keys);
    method = find_field(&ev, method_keys);
    hr = find_field(&ev, hr_keys);
    rc = strbuf_adds(out, ev.note ? "<tr class=\"near\"><td class=\"seq\">" : "<tr><td class=\"seq\">");
    if (rc == 0)
        rc = html_text_n(out, ev.index, ev.index_len);
    if (rc == 0)
        rc = strbuf_adds(out, "</td>");
    if (rc == 0)
        rc = cell(out, &ev, thread, "thread");
    if (rc == 0)
        rc = strbuf_adds(out, "<td class=\"callback\">");
    if (rc == 0)
        rc = html_text_n(out, ev.name, ev.name_len);
    if (rc == 0)
        rc = strbuf_adds(out, "</td>");
    if (rc == 0)
        rc = cell(out, &ev, method, "method");
    if (rc == 0)
        rc = cell(out, &ev, hr, "hr");
    if (rc == 0)
        rc = strbuf_adds(out, "<td class=\"fields\">");
    for (size_t i = 0; i < ev.nf && rc == 0; i++) {
        int mark;

        if ((int)i == thread || (int)i == method || (int)i == hr)
            continue;
        mark = differs(&ev, (int)i);
        rc = strbuf_adds(out, first ? "" : " ");
        first = 0;
        if (rc == 0 && mark)
            rc = strbuf_adds(out, "<mark>");
        if (rc == 0)
            rc = strbuf_adds(out, "<span class=\"k\">");
        if (rc == 0)
            rc = html_text_n(out, ev.f[i].key, ev.f[i].key_len);
        if (rc == 0)
            rc = strbuf_adds(out, "=</span>");
        if (rc == 0)
            rc = html_text_n(out, ev.f[i].value, ev.f[i].value_len);
        if (rc == 0 && mark)
            rc = strbuf_adds(out, "</mark>");
    }
    if (rc == 0 && ev.rest)
        rc = html_text_n(out, ev.rest, ev.rest_len);
    if (rc == 0 && ev.note) {
        rc = strbuf_adds(out, " <span class=\"note\">&#8592; ");
        if (rc == 0)
            rc = html_text_n(out, ev.note, ev.note_len);
        if (rc == 0)
            rc = strbuf_adds(out, "</span>");
    }
    return rc == 0 ? strbuf_adds(out, "</td></tr>\n") : -1;
}

/* ---- the details, block by block ----------------------------------------- */

struct line {
    const char *s;
    size_t len;
};

static struct line next_line(const char **p)
{
    struct line l = {*p, 0};
    const char *nl = strchr(*p, '\n');

    l.len = nl ? (size_t)(nl - *p) : strlen(*p);
    *p += l.len + (nl ? 1 : 0);
    return l;
}

static int indented(const char *p)
{
    return p[0] == ' ' && p[1] == ' ';
}

/* A header: a line that ends in ':', starts with no blank and is followed
 * by indented lines. */
static int is_header(struct line l, const char *after)
{
    return l.len > 1 && l.s[0] != ' ' && l.s[l.len - 1] == ':' && indented(after);
}

static int starts_with(struct line l, const char *prefix)
{
    size_t n = strlen(prefix);
    return l.len >= n && memcmp(l.s, prefix, n) == 0;
}

static int open_text(struct strbuf *out, int *in_text)
{
    if (*in_text)
        return 0;
    *in_text = 1;
    return strbuf_adds(out, "<pre class=\"text\">");
}

static int close_text(struct strbuf *out, int *in_text)
{
    if (!*in_text)
        return 0;
    *in_text = 0;
    return strbuf_adds(out, "</pre>\n");
}

/* The title of a block: the header without its ':', first letter as is. */
static int block_title(struct strbuf *out, const char *cls, struct line header)
{
    int rc = strbuf_addf(out, "<p class=\"%s\">", cls);

    if (rc == 0)
        rc = html_text_n(out, header.s, header.len - 1);
    return rc == 0 ? strbuf_adds(out, "</p>\n") : -1;
}

/* The indented lines after a header of events: a table (lines that are
 * not events appear as rows of one cell). */
static int events_block(struct strbuf *out, struct line header, const char **p)
{
    int rc = strbuf_adds(out, "<div class=\"events\">");

    if (rc == 0)
        rc = block_title(out, "block-title", header);
    if (rc == 0)
        rc = strbuf_adds(out, "<table class=\"timeline\"><thead><tr><th>#</th><th>thread</th><th>callback</th>"
                              "<th>method</th><th>HRESULT</th><th>other fields</th></tr></thead><tbody>\n");
    while (rc == 0 && indented(*p)) {
        struct line l = next_line(p);
        int row = html_event_row(out, l.s, l.len);

        if (row < 0)
            rc = -1;
        else if (row == 1) {
            rc = strbuf_adds(out, "<tr><td colspan=\"6\" class=\"raw\">");
            if (rc == 0)
                rc = html_text_n(out, l.s + 2, l.len - 2);
            if (rc == 0)
                rc = strbuf_adds(out, "</td></tr>\n");
        }
    }
    return rc == 0 ? strbuf_adds(out, "</tbody></table></div>\n") : -1;
}

/* "last lines of stdout:" and its lines, without their indentation. */
static int lines_block(struct strbuf *out, struct line header, const char **p)
{
    int rc = block_title(out, "block-title", header);

    if (rc == 0)
        rc = strbuf_adds(out, "<pre class=\"output\">");
    while (rc == 0 && indented(*p)) {
        struct line l = next_line(p);

        rc = html_text_n(out, l.s + 2, l.len - 2);
        if (rc == 0)
            rc = strbuf_addch(out, '\n');
    }
    return rc == 0 ? strbuf_adds(out, "</pre>\n") : -1;
}

/* 1 when the indented lines after p start with an event line. */
static int events_follow(const char *p)
{
    while (*p == ' ')
        p++;
    return p[0] == '#' && is_digit(p[1]);
}

int html_details(struct strbuf *out, const char *details, int *shown)
{
    const char *p = details ? details : "";
    int in_text = 0, rc = 0;

    *shown = 0;
    while (*p && rc == 0) {
        struct line l = next_line(&p);

        if (is_header(l, p) && starts_with(l, "last lines of ")) {
            if (starts_with(l, "last lines of stdout"))
                *shown |= HTML_SHOWN_STDOUT;
            if (starts_with(l, "last lines of stderr"))
                *shown |= HTML_SHOWN_STDERR;
            if (starts_with(l, "last lines of replies"))
                *shown |= HTML_SHOWN_REPLIES;
            rc = close_text(out, &in_text);
            if (rc == 0)
                rc = lines_block(out, l, &p);
        } else if (is_header(l, p) && events_follow(p)) {
            rc = close_text(out, &in_text);
            if (rc == 0)
                rc = events_block(out, l, &p);
        } else {
            rc = open_text(out, &in_text);
            if (rc == 0)
                rc = html_text_n(out, l.s, l.len);
            if (rc == 0)
                rc = strbuf_addch(out, '\n');
        }
    }
    if (rc == 0)
        rc = close_text(out, &in_text);
    return rc;
}
