#include "console.h"

#include <string.h>

#include "sanitize.h"

#define CONSOLE_DETAILS_CAP (64u * 1024u)

/* Prints text with each line indented, made safe for a terminal. */
static void print_indented(FILE *f, const char *text, const char *indent)
{
    struct strbuf sb = STRBUF_INIT;
    const char *p;

    if (!text || !*text)
        return;
    if (sanitize_capped(text, strlen(text), CONSOLE_DETAILS_CAP, &sb) < 0) {
        strbuf_release(&sb);
        return;
    }
    p = strbuf_str(&sb);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);

        fprintf(f, "%s%.*s\n", indent, (int)n, p);
        p += n;
        if (*p == '\n')
            p++;
    }
    strbuf_release(&sb);
}

void console_case_line(FILE *f, const struct result *r, size_t index, size_t total)
{
    fprintf(f, "%s: %s (%zu of %zu) %.2fs\n", verdict_name(r->verdict), r->id, index, total, r->seconds);
    fflush(f);
}

void console_failures(FILE *f, const struct result *results, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct result *r = &results[i];

        if (r->verdict == VERDICT_PASS || r->verdict == VERDICT_SKIP || r->verdict == VERDICT_XFAIL)
            continue;
        fprintf(f, "\n%s: %s\n", verdict_name(r->verdict), r->id);
        print_indented(f, r->message, "  ");
        print_indented(f, r->details, "  ");
    }
}

void console_summary(FILE *f, const struct tally *t)
{
    fprintf(f, "%zu passed, %zu failed, %zu skipped\n", t->passed, t->failed, t->skipped);
    fflush(f);
}
