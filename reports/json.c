#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "atomic_write.h"
#include "c_numeric.h"
#include "sanitize.h"

/* Writes a pretty-printed document into out. */
struct json_writer {
    struct strbuf *out;
    int depth;
    int fresh; /* the innermost open container has no member yet */
};

/* A JSON string of the sanitised text. */
int json_string(struct strbuf *out, const char *text)
{
    struct strbuf clean = STRBUF_INIT;
    int rc;

    if (!text)
        return strbuf_adds(out, "null");
    rc = sanitize_text(text, strlen(text), &clean);
    if (rc == 0)
        rc = strbuf_addch(out, '"');
    for (size_t i = 0; rc == 0 && i < clean.len; i++) {
        unsigned char c = (unsigned char)clean.buf[i];

        switch (c) {
        case '"':
            rc = strbuf_adds(out, "\\\"");
            break;
        case '\\':
            rc = strbuf_adds(out, "\\\\");
            break;
        case '\n':
            rc = strbuf_adds(out, "\\n");
            break;
        case '\r':
            rc = strbuf_adds(out, "\\r");
            break;
        case '\t':
            rc = strbuf_adds(out, "\\t");
            break;
        case '\b':
            rc = strbuf_adds(out, "\\b");
            break;
        case '\f':
            rc = strbuf_adds(out, "\\f");
            break;
        default:
            rc = c < 0x20 ? strbuf_addf(out, "\\u%04x", (unsigned)c) : strbuf_addch(out, (char)c);
            break;
        }
    }
    if (rc == 0)
        rc = strbuf_addch(out, '"');
    strbuf_release(&clean);
    return rc;
}

static int add_seconds(struct strbuf *out, double seconds)
{
    if (!isfinite(seconds))
        return strbuf_adds(out, "null");
    return strbuf_addf(out, "%.3f", seconds);
}

static int newline_indent(struct json_writer *w)
{
    if (strbuf_addch(w->out, '\n') < 0)
        return -1;
    for (int i = 0; i < w->depth; i++)
        if (strbuf_adds(w->out, "  ") < 0)
            return -1;
    return 0;
}

/* Before an array element: the comma after the previous one, a new line. */
static int element(struct json_writer *w)
{
    if (!w->fresh && strbuf_addch(w->out, ',') < 0)
        return -1;
    w->fresh = 0;
    return newline_indent(w);
}

/* Before an object member's value: separator, "key": */
static int key(struct json_writer *w, const char *name)
{
    if (element(w) < 0 || json_string(w->out, name) < 0)
        return -1;
    return strbuf_adds(w->out, ": ");
}

static int open_container(struct json_writer *w, char bracket)
{
    if (strbuf_addch(w->out, bracket) < 0)
        return -1;
    w->depth++;
    w->fresh = 1;
    return 0;
}

static int close_container(struct json_writer *w, char bracket)
{
    w->depth--;
    if (!w->fresh && newline_indent(w) < 0)
        return -1;
    w->fresh = 0;
    return strbuf_addch(w->out, bracket);
}

static int member_string(struct json_writer *w, const char *name, const char *value)
{
    return key(w, name) < 0 ? -1 : json_string(w->out, value);
}

static int member_count(struct json_writer *w, const char *name, size_t value)
{
    return key(w, name) < 0 ? -1 : strbuf_addf(w->out, "%zu", value);
}

static int member_seconds(struct json_writer *w, const char *name, double value)
{
    return key(w, name) < 0 ? -1 : add_seconds(w->out, value);
}

static int member_open(struct json_writer *w, const char *name, char bracket)
{
    return key(w, name) < 0 ? -1 : open_container(w, bracket);
}

static int add_field(struct json_writer *w, const struct field *f)
{
    struct strbuf text = STRBUF_INIT;
    int rc;

    if (key(w, f->key) < 0)
        return -1;
    switch (f->type) {
    case VAL_U64:
        return strbuf_addf(w->out, "%" PRIu64, f->u);
    case VAL_I64:
        return strbuf_addf(w->out, "%" PRId64, f->i);
    default:
        rc = field_format(f, &text);
        if (rc == 0)
            rc = json_string(w->out, strbuf_str(&text));
        strbuf_release(&text);
        return rc;
    }
}

static int add_events(struct json_writer *w, const struct event_log *log)
{
    if (member_open(w, "events", '[') < 0)
        return -1;
    for (size_t i = 0; i < log->len; i++) {
        const struct event *ev = &log->v[i];

        if (element(w) < 0 || open_container(w, '{') < 0)
            return -1;
        for (size_t j = 0; j < ev->nfields; j++)
            if (add_field(w, &ev->fields[j]) < 0)
                return -1;
        if (close_container(w, '}') < 0)
            return -1;
    }
    return close_container(w, ']');
}

static int add_attempts(struct json_writer *w, const struct result *r)
{
    if (member_open(w, "attempts", '[') < 0)
        return -1;
    for (size_t i = 0; i < r->nattempts; i++) {
        const struct attempt *a = &r->attempts[i];

        if (element(w) < 0 || open_container(w, '{') < 0 ||
            member_string(w, "verdict", verdict_name(a->verdict)) < 0 ||
            member_seconds(w, "seconds", a->seconds) < 0 || member_string(w, "message", a->message) < 0 ||
            member_string(w, "details", a->details) < 0 || close_container(w, '}') < 0)
            return -1;
    }
    return close_container(w, ']');
}

static int add_case(struct json_writer *w, const struct result *r)
{
    if (element(w) < 0 || open_container(w, '{') < 0 || member_string(w, "id", r->id) < 0 ||
        member_string(w, "area", r->area) < 0 || member_string(w, "verdict", verdict_name(r->verdict)) < 0 ||
        member_seconds(w, "seconds", r->seconds) < 0 ||
        (r->event_count > 0 && member_count(w, "event_count", r->event_count) < 0) ||
        member_string(w, "message", r->message) < 0 ||
        member_string(w, "details", r->details) < 0 || member_string(w, "runtime", r->runtime) < 0 ||
        member_string(w, "runtime_version", r->runtime_version) < 0 || member_open(w, "properties", '{') < 0)
        return -1;
    for (size_t i = 0; i < r->nprops; i++)
        if (member_string(w, r->props[i].name ? r->props[i].name : "", r->props[i].value) < 0)
            return -1;
    if (close_container(w, '}') < 0 || add_attempts(w, r) < 0)
        return -1;
    if (r->verdict != VERDICT_PASS && add_events(w, &r->events) < 0)
        return -1;
    return close_container(w, '}');
}

/* 1 when results[i] has a runtime version no earlier result has. */
static int first_of_version(const struct result *results, size_t i)
{
    if (!results[i].runtime_version)
        return 0;
    for (size_t j = 0; j < i; j++)
        if (results[j].runtime_version && strcmp(results[j].runtime_version, results[i].runtime_version) == 0)
            return 0;
    return 1;
}

/* "runtime_version": the one version every result that has one ran on
 * (null when none has, or they differ), "runtime_versions": all of them. */
static int add_runtimes(struct json_writer *w, const struct result *results, size_t n)
{
    size_t count = 0, first = 0;

    for (size_t i = 0; i < n; i++)
        if (first_of_version(results, i) && count++ == 0)
            first = i;
    if (member_string(w, "runtime_version", count == 1 ? results[first].runtime_version : NULL) < 0 ||
        member_open(w, "runtime_versions", '[') < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (first_of_version(results, i) && (element(w) < 0 || json_string(w->out, results[i].runtime_version) < 0))
            return -1;
    return close_container(w, ']');
}

static int add_timestamp(struct json_writer *w, const struct json_meta *meta)
{
    char stamp[64];
    struct tm tm;

    if (key(w, "timestamp") < 0)
        return -1;
    if (!meta || !gmtime_r(&meta->timestamp, &tm) || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return strbuf_adds(w->out, "null");
    return json_string(w->out, stamp);
}

static int render(const struct result *results, size_t n, const struct json_meta *meta, struct strbuf *out)
{
    static const struct json_meta none;
    const struct json_meta *m = meta ? meta : &none;
    struct json_writer w = {out, 0, 1};
    struct tally t = {0, 0, 0};

    for (size_t i = 0; i < n; i++)
        tally_add(&t, results[i].verdict);
    if (open_container(&w, '{') < 0 || member_string(&w, "format", "profcheck-results/1") < 0 ||
        member_string(&w, "name", m->name) < 0 ||
        member_string(&w, "profcheck_version", m->profcheck_version) < 0 ||
        (m->profcheck_revision && m->profcheck_revision[0] &&
         member_string(&w, "profcheck_revision", m->profcheck_revision) < 0) ||
        add_timestamp(&w, meta) < 0 ||
        member_string(&w, "hostname", m->hostname) < 0 || member_open(&w, "profiler", '{') < 0 ||
        member_string(&w, "path", m->profiler_path) < 0 || member_string(&w, "build_id", m->profiler_build_id) < 0 ||
        close_container(&w, '}') < 0 ||
        (m->harness_peak_rss_kib > 0 &&
         (member_open(&w, "harness", '{') < 0 ||
          member_count(&w, "peak_rss_kib", (size_t)m->harness_peak_rss_kib) < 0 || close_container(&w, '}') < 0)) ||
        add_runtimes(&w, results, n) < 0 ||
        member_open(&w, "totals", '{') < 0 || member_count(&w, "cases", n) < 0 ||
        member_count(&w, "passed", t.passed) < 0 || member_count(&w, "failed", t.failed) < 0 ||
        member_count(&w, "skipped", t.skipped) < 0 || close_container(&w, '}') < 0 ||
        member_open(&w, "cases", '[') < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (add_case(&w, &results[i]) < 0)
            return -1;
    if (close_container(&w, ']') < 0 || close_container(&w, '}') < 0)
        return -1;
    return strbuf_addch(out, '\n');
}

int json_render(const struct result *results, size_t n, const struct json_meta *meta, struct strbuf *out)
{
    size_t start = out->len;
    struct c_numeric cn;
    int rc;

    /* Seconds are "%.3f" with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0)
        return -1;
    rc = render(results, n, meta, out);
    c_numeric_release(&cn);
    if (rc < 0 && out->buf) {
        out->len = start;
        out->buf[start] = '\0';
    }
    return rc;
}

int json_write(const char *path, const struct result *results, size_t n, const struct json_meta *meta,
               struct err *e)
{
    struct strbuf doc = STRBUF_INIT;
    int rc;

    if (json_render(results, n, meta, &doc) < 0) {
        strbuf_release(&doc);
        return err_set(e, "%s: cannot render the JSON report (out of memory)", path);
    }
    rc = atomic_write(path, strbuf_str(&doc), doc.len, e);
    strbuf_release(&doc);
    return rc;
}
