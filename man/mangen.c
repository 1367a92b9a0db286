/*
 * mangen.c - one source, two outputs: a command's manual page (troff, for
 * man) and its --help text (a C string the command prints), from one page
 * source man/<page>.txt, so that the two cannot drift apart
 * (docs/architecture.md, "Help and manual pages").
 *
 *   mangen SOURCE VERSION OUT.1 OUT.c SYMBOL
 *
 * A page source is ASCII text in blocks, each started by a directive:
 *
 *   @name profcheck-run          the page's name
 *   @summary run cases ...       its one-line summary (NAME in the page)
 *   @usage                       usage lines (SYNOPSIS; "usage: ..." in --help);
 *                                a continuation line keeps its indentation
 *   @text [TITLE]                paragraphs in both (in the page under TITLE,
 *                                by default DESCRIPTION)
 *   @options [TITLE]             option entries in both: a line at the left
 *                                margin is the term ("-j, --jobs N"), the
 *                                indented lines below it its description
 *                                ("TITLE:" above them in --help; in the page
 *                                under OPTIONS, or COMMANDS for "Commands",
 *                                TITLE as a subsection)
 *   @man TITLE                   paragraphs of the page only
 *   @help                        paragraphs of --help only
 *   @# ...                       a comment
 *
 * In paragraphs a blank line separates paragraphs, a line starting with
 * "* " starts a list item, lines indented by two spaces are shown as they
 * are (examples), and `code` is bold in the page (kept in --help, with its
 * backquotes).  "name(1)" is bold in the page.  --help is wrapped to 79
 * columns.  Errors are "SOURCE:LINE: message", exit status 1.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH 79
#define TERM_MAX 24 /* a longer term has its description on the next line */

enum kind { K_USAGE, K_TEXT, K_OPTIONS, K_MAN, K_HELP };

struct block {
    enum kind kind;
    char *title; /* "" when none */
    char **lines;
    size_t n;
};

struct page {
    const char *path;
    char *name;
    char *summary;
    struct block *v;
    size_t n;
};

/* A growing string; on allocation failure the program ends. */
struct out {
    char *s;
    size_t len, cap;
};

static void die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *grow(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        die("mangen: out of memory");
    return p;
}

static char *copy(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(grow(NULL, n), s, n);
}

static void put(struct out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->s = grow(o->s, o->cap);
    }
    memcpy(o->s + o->len, s, n);
    o->len += n;
    o->s[o->len] = '\0';
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putc_(struct out *o, char c)
{
    put(o, &c, 1);
}

/* ---- reading ----------------------------------------------------------- */

static void add_line(struct block *b, const char *line)
{
    b->lines = grow(b->lines, (b->n + 1) * sizeof *b->lines);
    b->lines[b->n++] = copy(line);
}

static struct block *add_block(struct page *p, enum kind kind, const char *title)
{
    p->v = grow(p->v, (p->n + 1) * sizeof *p->v);
    p->v[p->n] = (struct block){kind, copy(title), NULL, 0};
    return &p->v[p->n++];
}

static void read_page(struct page *p, const char *path)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    struct block *cur = NULL;
    int lineno = 0;

    memset(p, 0, sizeof *p);
    p->path = path;
    if (!f)
        die("mangen: cannot read %s", path);
    while (fgets(line, sizeof line, f)) {
        size_t n = strlen(line);
        char *arg;

        lineno++;
        if (n && line[n - 1] != '\n' && !feof(f))
            die("%s:%d: line too long", path, lineno);
        while (n && isspace((unsigned char)line[n - 1]))
            line[--n] = '\0';
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)line[i] > 126 || (line[i] < 32 && line[i] != '\n'))
                die("%s:%d: only printable ASCII, no tabs", path, lineno);
        if (line[0] != '@') {
            if (!cur && n)
                die("%s:%d: text before the first block", path, lineno);
            if (cur && cur->kind == K_USAGE && n + 7 > WIDTH)
                die("%s:%d: a usage line is longer than %d columns after \"usage: \"", path, lineno, WIDTH);
            if (cur)
                add_line(cur, line);
            continue;
        }
        arg = strchr(line, ' ');
        if (arg)
            *arg++ = '\0';
        else
            arg = line + n;
        if (strcmp(line, "@#") == 0)
            continue;
        if (strcmp(line, "@name") == 0 && *arg)
            p->name = copy(arg), cur = NULL;
        else if (strcmp(line, "@summary") == 0 && *arg)
            p->summary = copy(arg), cur = NULL;
        else if (strcmp(line, "@usage") == 0)
            cur = add_block(p, K_USAGE, "");
        else if (strcmp(line, "@text") == 0)
            cur = add_block(p, K_TEXT, *arg ? arg : "DESCRIPTION");
        else if (strcmp(line, "@options") == 0)
            cur = add_block(p, K_OPTIONS, arg);
        else if (strcmp(line, "@man") == 0 && *arg)
            cur = add_block(p, K_MAN, arg);
        else if (strcmp(line, "@help") == 0)
            cur = add_block(p, K_HELP, "");
        else
            die("%s:%d: unknown directive or missing argument: %s", path, lineno, line);
    }
    fclose(f);
    if (!p->name || !p->summary || p->n == 0 || p->v[0].kind != K_USAGE)
        die("%s: needs @name, @summary and @usage first", path);
}

/* ---- --help ------------------------------------------------------------ */

/* Appends text word-wrapped: the first line after `first` columns already
 * used, the rest indented by `indent`. */
static void wrap(struct out *o, const char *text, size_t first, size_t indent)
{
    size_t col = first;
    int fresh = 1; /* no word on this line yet */

    for (const char *p = text; *p;) {
        size_t w, gap = strspn(p, " ");

        p += gap;
        w = strcspn(p, " ");
        if (!w)
            break;
        gap = gap >= 2 ? 2 : 1; /* two spaces after a sentence, as written */
        if (!fresh && col + gap + w > WIDTH) {
            putc_(o, '\n');
            for (col = 0; col < indent; col++)
                putc_(o, ' ');
            fresh = 1;
        }
        if (!fresh) {
            put(o, "  ", gap);
            col += gap;
        }
        put(o, p, w);
        col += w;
        p += w;
        fresh = 0;
    }
    putc_(o, '\n');
}

/* The lines [i, j) joined by spaces. */
static char *joined(char **lines, size_t i, size_t j)
{
    struct out o = {0};

    for (size_t k = i; k < j; k++) {
        const char *s = lines[k];
        while (*s == ' ')
            s++;
        if (o.len) /* a sentence that ends a line is followed by two spaces */
            puts_(&o, strchr(".?!", o.s[o.len - 1]) ? "  " : " ");
        puts_(&o, s);
    }
    if (!o.s)
        puts_(&o, "");
    return o.s;
}

static int preformatted(const char *line)
{
    return line[0] == ' ' && line[1] == ' ';
}

/* The end of the paragraph or list item that starts at i. */
static size_t para_end(char **lines, size_t n, size_t i)
{
    size_t j = i + 1;

    if (preformatted(lines[i])) {
        while (j < n && preformatted(lines[j]))
            j++;
        return j;
    }
    while (j < n && lines[j][0] && !preformatted(lines[j]) && strncmp(lines[j], "* ", 2) != 0)
        j++;
    return j;
}

static void help_paragraphs(struct out *o, const struct block *b)
{
    size_t i = 0;
    int first = 1;

    while (i < b->n) {
        size_t j;

        if (!b->lines[i][0]) {
            i++;
            continue;
        }
        j = para_end(b->lines, b->n, i);
        /* a blank line between paragraphs, none between the items of a list */
        if (!first && !(strncmp(b->lines[i], "* ", 2) == 0 && b->lines[i - 1][0]))
            putc_(o, '\n');
        first = 0;
        if (preformatted(b->lines[i])) {
            for (size_t k = i; k < j; k++) {
                puts_(o, b->lines[k]);
                putc_(o, '\n');
            }
        } else if (strncmp(b->lines[i], "* ", 2) == 0) {
            char *t = joined(b->lines, i, j);
            puts_(o, "* ");
            wrap(o, t + 2, 2, 2);
            free(t);
        } else {
            char *t = joined(b->lines, i, j);
            wrap(o, t, 0, 0);
            free(t);
        }
        i = j;
    }
}

/* The width of the term column of the page's option blocks. */
static size_t term_width(const struct page *p)
{
    size_t w = 0;

    for (size_t i = 0; i < p->n; i++)
        for (size_t k = 0; p->v[i].kind == K_OPTIONS && k < p->v[i].n; k++) {
            size_t n = strlen(p->v[i].lines[k]);
            if (p->v[i].lines[k][0] && p->v[i].lines[k][0] != ' ' && n <= TERM_MAX && n > w)
                w = n;
        }
    return w;
}

static void help_options(struct out *o, const struct block *b, size_t width)
{
    size_t indent = width + 4;

    if (b->title[0]) {
        puts_(o, b->title);
        puts_(o, ":\n");
    }
    for (size_t i = 0; i < b->n;) {
        const char *term = b->lines[i];
        size_t j = i + 1, n = strlen(term);
        char *desc;

        if (!term[0]) {
            i++;
            continue;
        }
        while (j < b->n && b->lines[j][0] == ' ')
            j++;
        desc = joined(b->lines, i + 1, j);
        puts_(o, "  ");
        puts_(o, term);
        if (!desc[0]) {
            putc_(o, '\n');
        } else if (n + 2 + 2 > indent) {
            putc_(o, '\n');
            for (size_t c = 0; c < indent; c++)
                putc_(o, ' ');
            wrap(o, desc, indent, indent);
        } else {
            for (size_t c = 2 + n; c < indent; c++)
                putc_(o, ' ');
            wrap(o, desc, indent, indent);
        }
        free(desc);
        i = j;
    }
}

static void render_help(const struct page *p, struct out *o)
{
    size_t width = term_width(p);
    enum kind last = K_USAGE;

    for (size_t i = 0; i < p->n; i++) {
        const struct block *b = &p->v[i];

        if (b->kind == K_MAN)
            continue;
        if (b->kind == K_USAGE) {
            for (size_t k = 0; k < b->n; k++) {
                if (!b->lines[k][0])
                    continue;
                /* a continuation keeps its indentation, after that of "usage: " */
                puts_(o, k == 0 ? "usage: " : "       ");
                puts_(o, b->lines[k]);
                putc_(o, '\n');
            }
            last = K_USAGE;
            continue;
        }
        /* option blocks follow each other without a blank line */
        if (!(b->kind == K_OPTIONS && last == K_OPTIONS))
            putc_(o, '\n');
        if (b->kind == K_OPTIONS)
            help_options(o, b, width);
        else
            help_paragraphs(o, b);
        last = b->kind;
    }
}

/* ---- the manual page -------------------------------------------------- */

/* A character of text, escaped for troff. */
static void man_char(struct out *o, char c)
{
    if (c == '\\')
        puts_(o, "\\e");
    else if (c == '-')
        puts_(o, "\\-");
    else
        putc_(o, c);
}

/* One line of text: `code` bold (a span may go on over the next lines:
 * code says whether one is open, and the result whether one still is),
 * name(1) bold, a leading '.' or '\'' made harmless. */
static int man_text(struct out *o, const char *s, int code)
{
    if (*s == '.' || *s == '\'')
        puts_(o, "\\&");
    if (code)
        puts_(o, "\\fB");
    for (const char *p = s; *p; p++) {
        if (*p == '`') {
            puts_(o, code ? "\\fR" : "\\fB");
            code = !code;
            continue;
        }
        if (!code && islower((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]))) {
            size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
            if (p[w] == '(' && isdigit((unsigned char)p[w + 1]) && p[w + 2] == ')') {
                puts_(o, "\\fB");
                for (size_t k = 0; k < w; k++)
                    man_char(o, p[k]);
                puts_(o, "\\fR");
                p += w - 1;
                continue;
            }
        }
        man_char(o, *p);
    }
    if (code)
        puts_(o, "\\fR");
    putc_(o, '\n');
    return code;
}

/* Lines [i, j) as one paragraph; a ` left open at its end is an error. */
static void man_lines(struct out *o, char **lines, size_t i, size_t j, size_t skip_first, const char *path)
{
    int code = 0;

    for (size_t k = i; k < j; k++)
        code = man_text(o, lines[k] + (k == i ? skip_first : strspn(lines[k], " ")), code);
    if (code)
        die("%s: an unmatched ` in the paragraph starting: %s", path, lines[i]);
}

/* A term or usage line: option names and words bold, placeholders
 * (starting with a capital) italic, punctuation roman. */
static void man_term(struct out *o, const char *s)
{
    const char *p = s;

    while (*p) {
        size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=/.-");

        while (w > 0 && p[w - 1] == '.')
            w--; /* "IN.xml...": the dots are punctuation */
        if (w == 0) {
            man_char(o, *p++);
            continue;
        }
        puts_(o, isupper((unsigned char)p[0]) ? "\\fI" : "\\fB");
        for (size_t k = 0; k < w; k++)
            man_char(o, p[k]);
        puts_(o, "\\fR");
        p += w;
    }
    putc_(o, '\n');
}

static void man_paragraphs(struct out *o, const struct block *b, const char *path)
{
    for (size_t i = 0; i < b->n;) {
        size_t j;

        if (!b->lines[i][0]) {
            i++;
            continue;
        }
        j = para_end(b->lines, b->n, i);
        if (preformatted(b->lines[i])) {
            puts_(o, ".PP\n.RS 4\n.nf\n");
            for (size_t k = i; k < j; k++)
                man_lines(o, b->lines, k, k + 1, 2, path);
            puts_(o, ".fi\n.RE\n");
        } else {
            int item = strncmp(b->lines[i], "* ", 2) == 0;

            puts_(o, item ? ".IP \\(bu 2\n" : ".PP\n");
            man_lines(o, b->lines, i, j, item ? 2 : 0, path);
        }
        i = j;
    }
}

static void upper(struct out *o, const char *s)
{
    for (; *s; s++)
        man_char(o, (char)toupper((unsigned char)*s));
}

static void render_man(const struct page *p, const char *version, struct out *o)
{
    const char *section = "";

    puts_(o, ".\\\" Generated by man/mangen.c from ");
    puts_(o, strrchr(p->path, '/') ? strrchr(p->path, '/') + 1 : p->path);
    puts_(o, "; edit that file.\n.TH ");
    upper(o, p->name);
    puts_(o, " 1 \"\" \"profcheck ");
    puts_(o, version);
    puts_(o, "\" \"profcheck manual\"\n.nh\n.ad l\n.SH NAME\n");
    man_text(o, p->name, 0);
    o->len--; /* the newline */
    puts_(o, " \\- ");
    man_text(o, p->summary, 0);
    for (size_t i = 0; i < p->n; i++) {
        const struct block *b = &p->v[i];
        const char *want;

        switch (b->kind) {
        case K_USAGE:
            puts_(o, ".SH SYNOPSIS\n.nf\n");
            for (size_t k = 0; k < b->n; k++) {
                size_t indent = strspn(b->lines[k], " ");

                if (!b->lines[k][0])
                    continue;
                for (size_t c = 0; c < indent; c++) /* as written: .nf keeps the spaces */
                    putc_(o, ' ');
                man_term(o, b->lines[k] + indent);
            }
            puts_(o, ".fi\n");
            section = "SYNOPSIS";
            break;
        case K_TEXT:
        case K_MAN:
            if (strcmp(section, b->title) != 0) {
                puts_(o, ".SH ");
                upper(o, b->title);
                putc_(o, '\n');
                section = b->title;
            }
            man_paragraphs(o, b, p->path);
            break;
        case K_OPTIONS:
            want = strcmp(b->title, "Commands") == 0 ? "COMMANDS" : "OPTIONS";
            if (strcmp(section, want) != 0) {
                puts_(o, ".SH ");
                puts_(o, want);
                putc_(o, '\n');
                section = want;
            }
            if (b->title[0] && strcmp(b->title, "Commands") != 0) {
                puts_(o, ".SS ");
                man_text(o, b->title, 0);
            }
            for (size_t k = 0; k < b->n;) {
                size_t j = k + 1;

                if (!b->lines[k][0]) {
                    k++;
                    continue;
                }
                while (j < b->n && b->lines[j][0] == ' ')
                    j++;
                puts_(o, ".TP\n");
                man_term(o, b->lines[k]);
                if (j > k + 1)
                    man_lines(o, b->lines, k + 1, j, strspn(b->lines[k + 1], " "), p->path);
                k = j;
            }
            break;
        case K_HELP:
            break;
        }
    }
}

/* ---- output ------------------------------------------------------------ */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f || fputs(text, f) < 0 || fclose(f) != 0)
        die("mangen: cannot write %s", path);
}

/* The help text as a C array named symbol. */
static void render_c(const struct page *p, const char *symbol, const char *help, struct out *o)
{
    puts_(o, "/* Generated by man/mangen.c from ");
    puts_(o, strrchr(p->path, '/') ? strrchr(p->path, '/') + 1 : p->path);
    puts_(o, ": the --help text of ");
    puts_(o, p->name);
    puts_(o, " (cli/help.h). */\nconst char ");
    puts_(o, symbol);
    puts_(o, "[] =\n    \"");
    for (const char *s = help; *s; s++) {
        if (*s == '\n') {
            puts_(o, s[1] ? "\\n\"\n    \"" : "\\n");
            continue;
        }
        if (*s == '"' || *s == '\\' || *s == '?')
            putc_(o, '\\');
        putc_(o, *s);
    }
    puts_(o, "\";\n");
}

static void page_release(struct page *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t k = 0; k < p->v[i].n; k++)
            free(p->v[i].lines[k]);
        free(p->v[i].lines);
        free(p->v[i].title);
    }
    free(p->v);
    free(p->name);
    free(p->summary);
}

int main(int argc, char **argv)
{
    struct page p;
    struct out help = {0}, man = {0}, c = {0};

    if (argc != 6)
        die("usage: mangen SOURCE VERSION OUT.1 OUT.c SYMBOL");
    read_page(&p, argv[1]);
    render_help(&p, &help);
    render_man(&p, argv[2], &man);
    render_c(&p, argv[5], help.s, &c);
    write_file(argv[3], man.s);
    write_file(argv[4], c.s);
    page_release(&p);
    free(help.s);
    free(man.s);
    free(c.s);
    return 0;
}
