#include "console.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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

/* Prints text (an id, a message) on the current line, escaped for a terminal. */
static void print_safe(FILE *f, const char *text)
{
    struct strbuf sb = STRBUF_INIT;

    if (text && sanitize_line(text, strlen(text), &sb) == 0)
        fputs(strbuf_str(&sb), f);
    strbuf_release(&sb);
}

void console_init(struct console *c, FILE *f, int want_progress)
{
    const char *no_color = getenv("NO_COLOR");

    c->f = f;
    c->tty = isatty(fileno(f));
    c->color = c->tty && !(no_color && *no_color);
    c->progress = c->tty && want_progress;
    c->line_drawn = 0;
}

void console_clear(struct console *c)
{
    if (c->line_drawn) {
        fputs("\r\033[K", c->f);
        c->line_drawn = 0;
    }
}

static const char *verdict_color(enum verdict v)
{
    switch (v) {
    case VERDICT_PASS:
    case VERDICT_XFAIL:
        return "\033[32m";
    case VERDICT_SKIP:
        return "\033[33m";
    default:
        return "\033[1;31m";
    }
}

void console_case_line(struct console *c, const struct result *r, size_t index, size_t total)
{
    console_clear(c);
    if (c->color)
        fprintf(c->f, "%s%s\033[0m: ", verdict_color(r->verdict), verdict_name(r->verdict));
    else
        fprintf(c->f, "%s: ", verdict_name(r->verdict));
    print_safe(c->f, r->id);
    fprintf(c->f, " (%zu of %zu) %.2fs", index, total, r->seconds);
    if (r->verdict == VERDICT_PASS && r->nattempts) {
        fprintf(c->f, " (flaky: passed on attempt %zu)", r->nattempts + 1);
    } else if (r->verdict == VERDICT_SKIP && r->message) {
        fputs(" (", c->f);
        print_safe(c->f, r->message);
        fputc(')', c->f);
    }
    fputc('\n', c->f);
    fflush(c->f);
}

void console_progress(struct console *c, size_t finished, size_t total, const char *const *running, size_t nrunning)
{
    enum { WIDTH = 24 };
    size_t filled = total ? finished * WIDTH / total : WIDTH;
    struct winsize ws;
    size_t columns = 80;
    char line[1024];
    int n;

    if (!c->progress)
        return;
    if (ioctl(fileno(c->f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
        columns = ws.ws_col;
    n = snprintf(line, sizeof line, "[");
    for (size_t i = 0; i < WIDTH; i++)
        line[n++] = i < filled ? '=' : (i == filled ? '>' : ' ');
    n += snprintf(line + n, sizeof line - (size_t)n, "] %zu/%zu", finished, total);
    for (size_t i = 0; i < nrunning && (size_t)n < sizeof line; i++) {
        struct strbuf id = STRBUF_INIT;

        sanitize_line(running[i], strlen(running[i]), &id);
        n += snprintf(line + n, sizeof line - (size_t)n, "%s%s", i ? ", " : "  running: ", strbuf_str(&id));
        strbuf_release(&id);
    }
    /* One screen line at most, or clearing it would leave the rest behind. */
    if ((size_t)n >= columns)
        n = (int)columns - 1;
    if ((size_t)n >= sizeof line)
        n = (int)sizeof line - 1;
    line[n] = '\0';
    fprintf(c->f, "\r\033[K%s", line);
    fflush(c->f);
    c->line_drawn = 1;
}

void console_failures(FILE *f, const struct result *results, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct result *r = &results[i];

        if (r->verdict == VERDICT_PASS || r->verdict == VERDICT_SKIP || r->verdict == VERDICT_XFAIL)
            continue;
        fprintf(f, "\n%s: ", verdict_name(r->verdict));
        print_safe(f, r->id);
        fputc('\n', f);
        print_indented(f, r->message, "  ");
        print_indented(f, r->details, "  ");
        for (size_t a = 0; a < r->nattempts; a++) {
            fprintf(f, "  attempt %zu of %zu: %s\n", a + 1, r->nattempts + 1, verdict_name(r->attempts[a].verdict));
            print_indented(f, r->attempts[a].message, "    ");
        }
    }
}

void console_summary(FILE *f, const struct tally *t)
{
    fprintf(f, "%zu passed, %zu failed, %zu skipped\n", t->passed, t->failed, t->skipped);
    fflush(f);
}
