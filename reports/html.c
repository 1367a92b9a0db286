#include "html.h"

#include <stdlib.h>
#include <string.h>

#include "../harness/model/runtime.h"
#include "atomic_write.h"
#include "c_numeric.h"
#include "html_cell.h"
#include "html_text.h"

/* The style sheet and the script (reports/html/), embedded at build time
 * with the base64 of their SHA-256 (cmake/embed_asset.cmake). */
extern const char html_report_css[];
extern const char html_report_css_sha256[];
extern const char html_report_js[];
extern const char html_report_js_sha256[];

#define UNKNOWN_RUNTIME "unknown runtime"

/* The column of a result. */
static const char *runtime_of(const struct result *r, const char *fallback)
{
    return r->runtime_version ? r->runtime_version : fallback ? fallback : UNKNOWN_RUNTIME;
}

static const char *area_of(const struct result *r)
{
    return r->area ? r->area : "cases";
}

/* The row of a result: its id without the label of the runtime it ran on
 * ("rejit/basic [net8.0]" is a cell of the row "rejit/basic"); a copy. */
static char *row_of(const struct result *r)
{
    const char *id = r->id ? r->id : "?";

    return strndup(id, runtime_label_strip(id, r->runtime));
}

/* The rows and columns of the matrix, as strings per result. */
struct grid {
    const char **runtime, **area; /* of results[i] */
    char **id;                    /* the row of results[i] (row_of) */
    size_t *runtimes, *areas, *ids;     /* the first result of each distinct value */
    size_t nruntimes, nareas, nids;
};

/* The first index of each distinct key, in order of first appearance. */
static size_t *distinct(const char *const *keys, size_t n, size_t *count)
{
    size_t *first = malloc((n ? n : 1) * sizeof *first);

    *count = 0;
    if (!first)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;

        while (j < *count && strcmp(keys[first[j]], keys[i]) != 0)
            j++;
        if (j == *count)
            first[(*count)++] = i;
    }
    return first;
}

static void grid_release(struct grid *g, size_t n)
{
    free(g->runtime);
    free(g->area);
    for (size_t i = 0; g->id && i < n; i++)
        free(g->id[i]);
    free(g->id);
    free(g->runtimes);
    free(g->areas);
    free(g->ids);
}

static int grid_init(struct grid *g, const struct result *results, size_t n, const char *fallback)
{
    memset(g, 0, sizeof *g);
    g->runtime = malloc((n ? n : 1) * sizeof *g->runtime);
    g->area = malloc((n ? n : 1) * sizeof *g->area);
    g->id = calloc(n ? n : 1, sizeof *g->id);
    if (!g->runtime || !g->area || !g->id) {
        grid_release(g, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        g->runtime[i] = runtime_of(&results[i], fallback);
        g->area[i] = area_of(&results[i]);
        if (!(g->id[i] = row_of(&results[i]))) {
            grid_release(g, n);
            return -1;
        }
    }
    g->runtimes = distinct(g->runtime, n, &g->nruntimes);
    g->areas = distinct(g->area, n, &g->nareas);
    g->ids = distinct((const char *const *)g->id, n, &g->nids);
    if (!g->runtimes || !g->areas || !g->ids) {
        grid_release(g, n);
        return -1;
    }
    return 0;
}

/* The result of case `id` on column c, or NULL. */
static const struct result *find(const struct result *results, size_t n, const struct grid *g, const char *id,
                                 size_t c)
{
    const char *runtime = g->runtime[g->runtimes[c]];

    for (size_t i = 0; i < n; i++)
        if (strcmp(g->id[i], id) == 0 && strcmp(g->runtime[i], runtime) == 0)
            return &results[i];
    return NULL;
}

static int head(struct strbuf *out, const struct html_meta *meta, const struct tally *t)
{
    int rc = strbuf_addf(out,
                         "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                         "style-src 'sha256-%s'; script-src 'sha256-%s'; img-src data:; base-uri 'none'; "
                         "form-action 'none'\">\n"
                         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                         "<meta name=\"referrer\" content=\"no-referrer\">\n<title>",
                         html_report_css_sha256, html_report_js_sha256);

    if (rc == 0)
        rc = html_text(out, meta->title);
    if (rc == 0)
        rc = strbuf_addf(out, ": %zu passed, %zu failed, %zu skipped</title>\n<style>", t->passed, t->failed,
                         t->skipped);
    if (rc == 0)
        rc = strbuf_adds(out, html_report_css);
    /* The script marks the page at once (the style sheet then hides the
     * closed panes from the first paint) and does the rest when the page
     * has loaded. */
    if (rc == 0)
        rc = strbuf_adds(out, "</style>\n<script>");
    if (rc == 0)
        rc = strbuf_adds(out, html_report_js);
    return rc == 0 ? strbuf_adds(out, "</script>\n</head>\n") : -1;
}

static int facts(struct strbuf *out, const struct html_meta *meta)
{
    int rc;

    if (!meta->nprops)
        return 0;
    rc = strbuf_adds(out, "<dl class=\"meta\">\n");
    for (size_t i = 0; i < meta->nprops && rc == 0; i++) {
        rc = strbuf_adds(out, "<dt>");
        if (rc == 0)
            rc = html_text(out, meta->props[i].name);
        if (rc == 0)
            rc = strbuf_adds(out, "</dt><dd>");
        if (rc == 0)
            rc = html_text(out, meta->props[i].value);
        if (rc == 0)
            rc = strbuf_adds(out, "</dd>\n");
    }
    return rc == 0 ? strbuf_adds(out, "</dl>\n") : -1;
}

/* The header: title, time, the closing line's totals, a chip per kind. */
static int summary(struct strbuf *out, const struct html_meta *meta, const struct tally *t,
                   const size_t counts[HTML_KINDS], size_t n)
{
    int rc = strbuf_adds(out, "<body>\n<header class=\"top\">\n<h1>");

    if (rc == 0)
        rc = html_text(out, meta->title);
    if (rc == 0 && meta->timestamp) {
        char stamp[40];
        struct tm tm;

        gmtime_r(&meta->timestamp, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S UTC", &tm);
        rc = strbuf_addf(out, "<span class=\"when\">%s</span>", stamp);
    }
    if (rc == 0)
        rc = strbuf_addf(out,
                         "</h1>\n<div class=\"summary\" id=\"summary\"><span class=\"tally %s\" data-cases=\"%zu\" "
                         "data-passed=\"%zu\" data-failed=\"%zu\" data-skipped=\"%zu\">%zu passed, %zu failed, %zu "
                         "skipped</span>\n",
                         t->failed ? "bad" : "good", n, t->passed, t->failed, t->skipped, t->passed, t->failed,
                         t->skipped);
    for (int k = 0; k < HTML_KINDS && rc == 0; k++)
        rc = strbuf_addf(out,
                         "<label class=\"chip %s%s\"><input type=\"checkbox\" data-filter=\"%s\" checked>"
                         "<span class=\"badge\">%s</span><span class=\"n\" data-count=\"%s\">%zu</span></label>\n",
                         html_kind_class((enum html_kind)k), counts[k] ? "" : " zero", html_kind_name((enum html_kind)k),
                         html_kind_name((enum html_kind)k), html_kind_name((enum html_kind)k), counts[k]);
    if (rc == 0)
        rc = strbuf_adds(out, "</div>\n");
    if (rc == 0)
        rc = facts(out, meta);
    if (rc == 0)
        rc = strbuf_addf(out,
                         "</header>\n<nav class=\"tools\"><input type=\"search\" id=\"search\" placeholder=\"Search "
                         "cases and messages\" aria-label=\"Search cases and messages\">"
                         "<button type=\"button\" id=\"problems\">Only problems</button>"
                         "<button type=\"button\" id=\"everything\">Everything</button>"
                         "<button type=\"button\" id=\"expand\">Open problems</button>"
                         "<button type=\"button\" id=\"collapse\">Close all</button>"
                         "<span class=\"shown\" id=\"shown\">%zu cases</span></nav>\n",
                         n);
    return rc;
}

/* The gist a row shows once, under the case id: the gist of its cells when
 * at least two have one and every cell that has one has the same (a run
 * over several runtimes that failed alike on each); else NULL, and each
 * cell shows its own. */
static const char *shared_gist(const struct strbuf *gists, size_t n)
{
    const char *shared = NULL;
    size_t with = 0;

    for (size_t c = 0; c < n; c++) {
        if (!gists[c].len)
            continue;
        if (shared && strcmp(shared, gists[c].buf) != 0)
            return NULL;
        shared = gists[c].buf;
        with++;
    }
    return with >= 2 ? shared : NULL;
}

/* The case's row: its id (and the shared gist), then a cell per runtime;
 * under it the row of the cells' panes. */
static int row_cells(struct strbuf *out, const struct result *const *cells, const struct strbuf *gists,
                     const struct grid *g, const char *id)
{
    const char *shared = shared_gist(gists, g->nruntimes);
    struct strbuf kinds = STRBUF_INIT, search = STRBUF_INIT;
    int rc = strbuf_adds(&search, id);

    /* what the filters look at: the kinds of its cells, its id and messages */
    for (size_t c = 0; c < g->nruntimes && rc == 0; c++) {
        const struct result *r = cells[c];

        if (!r)
            continue;
        rc = strbuf_addf(&kinds, "%s%s", kinds.len ? " " : "", html_kind_name(html_kind_of(r)));
        if (rc == 0 && r->message && r->verdict != VERDICT_PASS && r->verdict != VERDICT_XFAIL)
            rc = strbuf_addf(&search, " %s", r->message);
    }
    if (rc == 0)
        rc = strbuf_addf(out, "<tr class=\"case\" data-verdicts=\"%s\" data-id=\"", strbuf_str(&kinds));
    if (rc == 0)
        rc = html_text(out, id);
    if (rc == 0)
        rc = strbuf_adds(out, "\" data-search=\"");
    if (rc == 0)
        rc = html_text(out, strbuf_str(&search));
    if (rc == 0)
        rc = strbuf_adds(out, "\"><th scope=\"row\"><span class=\"id mono\">");
    if (rc == 0)
        rc = html_text(out, id);
    if (rc == 0)
        rc = strbuf_adds(out, "</span>");
    if (rc == 0 && shared)
        rc = html_gist_span(out, "gist shared", shared);
    if (rc == 0)
        rc = strbuf_adds(out, "</th>");
    for (size_t c = 0; c < g->nruntimes && rc == 0; c++)
        rc = cells[c] ? html_cell(out, cells[c], c, !shared) : strbuf_adds(out, "<td class=\"none\">&#8212;</td>");
    if (rc == 0)
        rc = strbuf_addf(out, "</tr>\n<tr class=\"more\"><td colspan=\"%zu\">", g->nruntimes + 1);
    for (size_t c = 0; c < g->nruntimes && rc == 0; c++)
        if (cells[c])
            rc = html_cell_pane(out, cells[c], c, g->runtime[g->runtimes[c]]);
    strbuf_release(&kinds);
    strbuf_release(&search);
    return rc == 0 ? strbuf_adds(out, "</td></tr>\n") : -1;
}

static int row(struct strbuf *out, const struct result *results, size_t n, const struct grid *g, const char *id)
{
    const struct result **cells = calloc(g->nruntimes ? g->nruntimes : 1, sizeof *cells);
    struct strbuf *gists = calloc(g->nruntimes ? g->nruntimes : 1, sizeof *gists);
    int rc = cells && gists ? 0 : -1;

    for (size_t c = 0; c < g->nruntimes && rc == 0; c++) {
        cells[c] = find(results, n, g, id, c);
        if (cells[c])
            rc = html_cell_gist(&gists[c], cells[c]);
    }
    if (rc == 0)
        rc = row_cells(out, cells, gists, g, id);
    for (size_t c = 0; gists && c < g->nruntimes; c++)
        strbuf_release(&gists[c]);
    free(gists);
    free(cells);
    return rc;
}

static int matrix(struct strbuf *out, const struct result *results, size_t n, const char *fallback)
{
    struct grid g;
    int rc;

    if (grid_init(&g, results, n, fallback) < 0)
        return -1;
    /* the case column's share depends on how many runtime columns share the rest */
    rc = strbuf_addf(out, "<main>\n<table class=\"matrix rt-%s\">\n<colgroup><col class=\"case\">",
                     g.nruntimes <= 1 ? "1" : g.nruntimes == 2 ? "2" : g.nruntimes == 3 ? "3" : "many");
    for (size_t c = 0; c < g.nruntimes && rc == 0; c++)
        rc = strbuf_adds(out, "<col class=\"rt\">");
    if (rc == 0)
        rc = strbuf_adds(out, "</colgroup>\n<thead><tr><th class=\"case\">case</th>");
    for (size_t c = 0; c < g.nruntimes && rc == 0; c++) {
        rc = strbuf_adds(out, "<th class=\"rt\">");
        if (rc == 0)
            rc = html_text(out, g.runtime[g.runtimes[c]]);
        if (rc == 0)
            rc = strbuf_adds(out, "</th>");
    }
    if (rc == 0)
        rc = strbuf_adds(out, "</tr></thead>\n");
    for (size_t a = 0; a < g.nareas && rc == 0; a++) {
        const char *area = g.area[g.areas[a]];
        size_t cases = 0;

        for (size_t i = 0; i < g.nids; i++)
            cases += strcmp(g.area[g.ids[i]], area) == 0;
        rc = strbuf_adds(out, "<tbody class=\"area\" data-area=\"");
        if (rc == 0)
            rc = html_text(out, area);
        if (rc == 0)
            rc = strbuf_addf(out, "\">\n<tr class=\"area\"><th colspan=\"%zu\">", g.nruntimes + 1);
        if (rc == 0)
            rc = html_text(out, area);
        if (rc == 0)
            rc = strbuf_addf(out, "<span class=\"count\">%zu case%s</span></th></tr>\n", cases,
                             cases == 1 ? "" : "s");
        for (size_t i = 0; i < g.nids && rc == 0; i++)
            if (strcmp(g.area[g.ids[i]], area) == 0)
                rc = row(out, results, n, &g, g.id[g.ids[i]]);
        if (rc == 0)
            rc = strbuf_adds(out, "</tbody>\n");
    }
    if (rc == 0)
        rc = strbuf_adds(out, "</table>\n</main>\n");
    grid_release(&g, n);
    return rc;
}

static int render(const struct result *results, size_t n, const struct html_meta *meta, struct strbuf *out)
{
    size_t counts[HTML_KINDS] = {0};
    struct tally t = {0, 0, 0};
    int rc;

    for (size_t i = 0; i < n; i++) {
        counts[html_kind_of(&results[i])]++;
        tally_add(&t, results[i].verdict);
    }
    rc = head(out, meta, &t);
    if (rc == 0)
        rc = summary(out, meta, &t, counts, n);
    if (rc == 0)
        rc = matrix(out, results, n, meta->runtime);
    if (rc == 0)
        rc = strbuf_adds(out, "<footer>Written by profcheck.  Every text of the apps is shown as text; "
                              "control characters and bytes that are not UTF-8 appear as \\x1b, \\xff, "
                              "\\u0085.</footer>\n</body>\n</html>\n");
    return rc;
}

int html_render(const struct result *results, size_t n, const struct html_meta *meta, struct strbuf *out)
{
    size_t before = out->len;
    struct c_numeric cn;
    int rc;

    /* Times are "%.2f" with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0)
        return -1;
    rc = render(results, n, meta, out);
    c_numeric_release(&cn);
    if (rc < 0) {
        out->len = before;
        if (out->buf)
            out->buf[before] = '\0';
    }
    return rc;
}

int html_write(const char *path, const struct result *results, size_t n, const struct html_meta *meta,
               struct err *e)
{
    struct strbuf page = STRBUF_INIT;
    int rc;

    if (html_render(results, n, meta, &page) < 0) {
        strbuf_release(&page);
        return err_set(e, "%s: out of memory while writing the HTML report", path);
    }
    rc = atomic_write(path, page.buf, page.len, e);
    strbuf_release(&page);
    return rc;
}
