#include "html_cell.h"

#include <math.h>
#include <string.h>

#include "html_events.h"
#include "html_text.h"
#include "sanitize.h"

static const char *const kind_names[HTML_KINDS] = {"FAIL", "ERROR", "TIMEOUT", "XPASS",
                                                   "FLAKY", "XFAIL", "SKIP", "PASS"};
static const char *const kind_classes[HTML_KINDS] = {"v-fail",  "v-error", "v-timeout", "v-xpass",
                                                     "v-flaky", "v-xfail", "v-skip",    "v-pass"};

enum html_kind html_kind_of(const struct result *r)
{
    switch (r->verdict) {
    case VERDICT_FAIL:
        return HTML_FAIL;
    case VERDICT_ERROR:
        return HTML_ERROR;
    case VERDICT_TIMEOUT:
        return HTML_TIMEOUT;
    case VERDICT_XPASS:
        return HTML_XPASS;
    case VERDICT_XFAIL:
        return HTML_XFAIL;
    case VERDICT_SKIP:
        return HTML_SKIP;
    default:
        return r->nattempts ? HTML_FLAKY : HTML_PASS;
    }
}

const char *html_kind_name(enum html_kind k)
{
    return (unsigned)k < HTML_KINDS ? kind_names[k] : "?";
}

const char *html_kind_class(enum html_kind k)
{
    return (unsigned)k < HTML_KINDS ? kind_classes[k] : "v-fail";
}

static const char *prop(const struct result *r, const char *name)
{
    for (size_t i = 0; i < r->nprops; i++)
        if (strcmp(r->props[i].name, name) == 0)
            return r->props[i].value;
    return NULL;
}

/* The message a cell shows: what the verdict says (a pass has none; an
 * XFAIL's is rebuilt from its properties, the same from a run and from a
 * JUnit file). */
static const char *shown_message(const struct result *r)
{
    switch (r->verdict) {
    case VERDICT_PASS:
    case VERDICT_XFAIL:
        return NULL;
    default:
        return r->message ? r->message : verdict_name(r->verdict);
    }
}

static int shows_details(enum verdict v)
{
    return v == VERDICT_FAIL || v == VERDICT_ERROR || v == VERDICT_TIMEOUT || v == VERDICT_XPASS;
}

/* len, or less so that text[0..len) ends between two characters. */
static size_t char_boundary(const char *text, size_t len)
{
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
        len--;
    return len;
}

/* The first line of text, at most `max` bytes, then " ..." when cut. */
static int first_line(struct strbuf *out, const char *text, size_t max)
{
    size_t line = strcspn(text, "\n");
    size_t len = line > max ? char_boundary(text, max) : line;

    if (html_text_n(out, text, len) < 0)
        return -1;
    return len < line || text[line] ? strbuf_adds(out, " &#8230;") : 0;
}

/* Seconds as JUnit keeps them (milliseconds), shown to the hundredth. */
static double ms(double s)
{
    if (!isfinite(s) || s < 0 || s > 1e12)
        return s;
    return (double)(long long)(s * 1000 + 0.5) / 1000;
}

static int seconds(struct strbuf *out, double s)
{
    if (!isfinite(s) || s < 0)
        return 0;
    return strbuf_addf(out, "<span class=\"secs\">%.2f s</span>", ms(s));
}

/* The known issue: a link when it is dotnet/runtime#N, else its text. */
static int known_issue(struct strbuf *out, const char *ref)
{
    unsigned long n = html_runtime_issue(ref);
    int rc;

    if (n)
        return strbuf_addf(out,
                           "<a href=\"https://github.com/dotnet/runtime/issues/%lu\" rel=\"noopener noreferrer\" "
                           "target=\"_blank\">dotnet/runtime#%lu</a>",
                           n, n);
    rc = strbuf_adds(out, "<code>");
    if (rc == 0)
        rc = html_text(out, ref);
    return rc == 0 ? strbuf_adds(out, "</code>") : -1;
}

static int headline(struct strbuf *out, const struct result *r)
{
    const char *message = shown_message(r);
    const char *ref = prop(r, "known-issue");
    const char *why = prop(r, "xfail");
    int rc = 0;

    if (message) {
        rc = strbuf_adds(out, "<p class=\"message\">");
        if (rc == 0)
            rc = html_text(out, message);
        if (rc == 0)
            rc = strbuf_adds(out, "</p>\n");
    }
    if (rc == 0 && r->verdict == VERDICT_PASS && r->nattempts)
        rc = strbuf_addf(out, "<p class=\"message\">Passed on attempt %zu of %zu.</p>\n", r->nattempts + 1,
                         r->nattempts + 1);
    if (rc == 0 && ref) {
        rc = strbuf_adds(out, r->verdict == VERDICT_XFAIL ? "<p class=\"issue\">Failed as known issue "
                                                          : "<p class=\"issue\">Marked as known issue ");
        if (rc == 0)
            rc = known_issue(out, ref);
        if (rc == 0 && why && why[0]) {
            rc = strbuf_adds(out, " says it does:</p>\n<pre class=\"text\">");
            if (rc == 0)
                rc = html_text(out, why);
            if (rc == 0)
                rc = strbuf_adds(out, "</pre>\n");
        } else if (rc == 0) {
            rc = strbuf_adds(out, ".</p>\n");
        }
    }
    return rc;
}

static int attempts(struct strbuf *out, const struct result *r)
{
    int rc = 0;

    if (!r->nattempts)
        return 0;
    rc = strbuf_adds(out, "<p class=\"block-title\">Earlier attempts</p>\n");
    for (size_t i = 0; i < r->nattempts && rc == 0; i++) {
        const struct attempt *a = &r->attempts[i];
        struct result as;
        int shown;

        result_init(&as);
        as.verdict = a->verdict;
        rc = strbuf_addf(out, "<details class=\"attempt\"><summary><span class=\"badge %s\">%s</span>",
                         html_kind_class(html_kind_of(&as)), verdict_name(a->verdict));
        if (rc == 0)
            rc = strbuf_addf(out, " <span class=\"first-line\">attempt %zu of %zu: ", i + 1, r->nattempts + 1);
        if (rc == 0)
            rc = first_line(out, a->message ? a->message : verdict_name(a->verdict), 200);
        if (rc == 0)
            rc = strbuf_adds(out, "</span></summary><div class=\"detail\">");
        if (rc == 0 && a->message) {
            rc = strbuf_adds(out, "<p class=\"message\">");
            if (rc == 0)
                rc = html_text(out, a->message);
            if (rc == 0)
                rc = strbuf_adds(out, "</p>\n");
        }
        if (rc == 0)
            rc = html_details(out, a->details, &shown);
        if (rc == 0)
            rc = strbuf_adds(out, "</div></details>\n");
    }
    return rc;
}

/* The last HTML_OUTPUT_LINES lines of a stream, as the reports keep it. */
static int output(struct strbuf *out, const char *name, const char *text, size_t left_out)
{
    struct strbuf clean = STRBUF_INIT;
    size_t start, lines = 0, end;
    int rc;

    if (!text || !text[0])
        return 0;
    if (sanitize_cut(text, strlen(text), left_out, &clean) < 0)
        return -1;
    end = clean.len;
    while (end > 0 && clean.buf[end - 1] == '\n')
        end--;
    start = end;
    while (start > 0 && lines < HTML_OUTPUT_LINES) {
        start--;
        if (clean.buf[start] == '\n' && ++lines == HTML_OUTPUT_LINES) {
            start++;
            break;
        }
    }
    if (start == 0)
        rc = strbuf_addf(out, "<p class=\"block-title\">%s</p>\n<pre class=\"output\">", name);
    else
        rc = strbuf_addf(out, "<p class=\"block-title\">last %d lines of %s</p>\n<pre class=\"output\">",
                         HTML_OUTPUT_LINES, name);
    if (rc == 0)
        rc = html_text_n(out, clean.buf + start, end - start);
    if (rc == 0)
        rc = strbuf_adds(out, "\n</pre>\n");
    strbuf_release(&clean);
    return rc;
}

/* Measurements and the other properties, the runtime and the time. */
static int properties(struct strbuf *out, const struct result *r)
{
    int rc = strbuf_adds(out, "<table class=\"props\">");

    if (rc == 0 && r->runtime_version) {
        rc = strbuf_adds(out, "<tr><th>runtime</th><td>");
        if (rc == 0)
            rc = html_text(out, r->runtime_version);
        if (rc == 0)
            rc = strbuf_adds(out, "</td></tr>");
    }
    if (rc == 0 && isfinite(r->seconds))
        rc = strbuf_addf(out, "<tr><th>time</th><td>%.3f s</td></tr>", ms(r->seconds));
    for (size_t i = 0; i < r->nprops && rc == 0; i++) {
        if (strcmp(r->props[i].name, "known-issue") == 0 || strcmp(r->props[i].name, "xfail") == 0)
            continue;
        rc = strbuf_adds(out, "<tr><th>");
        if (rc == 0)
            rc = html_text(out, r->props[i].name);
        if (rc == 0)
            rc = strbuf_adds(out, "</th><td>");
        if (rc == 0)
            rc = html_text(out, r->props[i].value);
        if (rc == 0)
            rc = strbuf_adds(out, "</td></tr>");
    }
    return rc == 0 ? strbuf_adds(out, "</table>\n") : -1;
}

int html_cell_gist(struct strbuf *out, const struct result *r)
{
    const char *message = shown_message(r);
    const char *ref = prop(r, "known-issue");

    if (message)
        return strbuf_adds(out, message);
    if (ref)
        return strbuf_addf(out, "known issue %s", ref);
    if (html_kind_of(r) == HTML_FLAKY)
        return strbuf_addf(out, "passed on attempt %zu of %zu", r->nattempts + 1, r->nattempts + 1);
    return 0;
}

int html_gist_span(struct strbuf *out, const char *cls, const char *gist)
{
    size_t whole = strlen(gist);
    size_t title = whole > HTML_TITLE_MAX ? char_boundary(gist, HTML_TITLE_MAX) : whole;
    int rc;

    if (!whole)
        return 0;
    rc = strbuf_addf(out, "<span class=\"%s\" title=\"", cls);
    if (rc == 0)
        rc = html_text_n(out, gist, title);
    if (rc == 0)
        rc = strbuf_adds(out, title < whole ? " &#8230;\">" : "\">");
    if (rc == 0)
        rc = first_line(out, gist, HTML_GIST_MAX);
    return rc == 0 ? strbuf_adds(out, "</span>") : -1;
}

int html_cell(struct strbuf *out, const struct result *r, size_t col, int with_gist)
{
    enum html_kind k = html_kind_of(r);
    struct strbuf gist = STRBUF_INIT;
    int rc;

    rc = strbuf_addf(out,
                     "<td class=\"cell %s\" data-verdict=\"%s\" data-col=\"%zu\"><button type=\"button\" "
                     "class=\"pick\" aria-expanded=\"false\"><span class=\"badge\">%s</span>",
                     html_kind_class(k), html_kind_name(k), col, html_kind_name(k));
    if (rc == 0)
        rc = seconds(out, r->seconds);
    if (rc == 0 && with_gist)
        rc = html_cell_gist(&gist, r);
    if (rc == 0)
        rc = html_gist_span(out, "gist", strbuf_str(&gist));
    strbuf_release(&gist);
    return rc == 0 ? strbuf_adds(out, "</button></td>") : -1;
}

int html_cell_pane(struct strbuf *out, const struct result *r, size_t col, const char *runtime)
{
    enum html_kind k = html_kind_of(r);
    int shown = 0, rc;

    rc = strbuf_addf(out, "<details class=\"pane %s\" data-col=\"%zu\"><summary><span class=\"rt\">",
                     html_kind_class(k), col);
    if (rc == 0)
        rc = html_text(out, runtime);
    if (rc == 0)
        rc = strbuf_addf(out, "</span><span class=\"badge\">%s</span>", html_kind_name(k));
    if (rc == 0)
        rc = seconds(out, r->seconds);
    if (rc == 0)
        rc = strbuf_adds(out, "</summary>\n<div class=\"detail\">\n");
    if (rc == 0)
        rc = headline(out, r);
    /* Details as JUnit keeps them: those of a failure or an error.  (A pass,
     * an XFAIL and a skip are no failure there; the page of a run and the
     * page of its report show the same.) */
    if (rc == 0 && shows_details(r->verdict))
        rc = html_details(out, r->details, &shown);
    if (rc == 0)
        rc = attempts(out, r);
    if (rc == 0 && !(shown & HTML_SHOWN_REPLIES))
        rc = output(out, "replies", r->replies_text, r->replies_left_out);
    if (rc == 0 && !(shown & HTML_SHOWN_STDOUT))
        rc = output(out, "stdout", r->stdout_text, r->stdout_left_out);
    if (rc == 0 && !(shown & HTML_SHOWN_STDERR))
        rc = output(out, "stderr", r->stderr_text, r->stderr_left_out);
    if (rc == 0)
        rc = properties(out, r);
    return rc == 0 ? strbuf_adds(out, "</div></details>") : -1;
}
