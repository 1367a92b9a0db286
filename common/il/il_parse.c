/*
 * il_parse.c - the IL text form (il.h) into a struct il_prog.
 *
 * One cursor walks the whole text.  A piece ends at ';', at a newline or at
 * the end of the text; inside the parentheses of a switch list or of
 * .locals newlines are plain white space.  "//" comments run to the end of
 * the line.  Labels may be used before they are defined; after the last
 * piece every used label must have a definition and every local index must
 * be below the number of locals.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "il_internal.h"

#define WORD_MAX 64

struct parser {
    struct il_prog *p;
    const char *s;
    size_t pos;
    int line;
    size_t line_start;
    struct il_error *err;
};

struct mark {
    size_t pos;
    int line, column;
};

/* ---- errors and small helpers shared by the module ---- */

void il_error_init(struct il_error *err)
{
    if (!err)
        return;
    err->line = 0;
    err->column = 0;
    err->msg[0] = '\0';
}

int il_fail(struct il_error *err, int line, int column, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void il_insn_quote(const struct il_prog *p, const struct il_insn *in, char *buf, size_t size)
{
    size_t n = 0;
    int space = 0, quoted = 0;

    if (size == 0)
        return;
    for (size_t i = in->src_start; i < in->src_end; i++) {
        char c = p->src[i];

        if (!quoted && c == '/' && i + 1 < in->src_end && p->src[i + 1] == '/') {
            while (i + 1 < in->src_end && p->src[i + 1] != '\n')
                i++;
            space = 1;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')) {
            space = 1;
            continue;
        }
        if (space && n > 0 && n + 1 < size)
            buf[n++] = ' ';
        space = 0;
        if (n + 1 >= size || n >= IL_QUOTE_MAX) {
            if (n >= 3)
                buf[n - 3] = buf[n - 2] = buf[n - 1] = '.';
            break;
        }
        buf[n++] = c;
        if (c == '"') {
            quoted = !quoted;
        } else if (quoted && c == '\\' && i + 1 < in->src_end && n + 1 < size && n < IL_QUOTE_MAX) {
            /* An escaped quote does not end the string. */
            buf[n++] = p->src[++i];
        }
    }
    buf[n] = '\0';
}

int il_opcode_is_local(const struct il_opcode *op, int *fixed)
{
    uint16_t v = op->value;

    *fixed = -1;
    if (v >= 0x06 && v <= 0x09) {
        *fixed = v - 0x06;
        return 1;
    }
    if (v >= 0x0A && v <= 0x0D) {
        *fixed = v - 0x0A;
        return 1;
    }
    return v == 0x11 || v == 0x12 || v == 0x13 || v == 0xFE0C || v == 0xFE0D || v == 0xFE0E;
}

/* ---- the cursor ---- */

static char peek(const struct parser *ps, size_t ahead)
{
    /* The text is NUL-terminated: never look past the terminator. */
    for (size_t i = 0; i < ahead; i++) {
        if (ps->s[ps->pos + i] == '\0')
            return '\0';
    }
    return ps->s[ps->pos + ahead];
}

static void advance(struct parser *ps)
{
    if (ps->s[ps->pos] == '\0')
        return;
    if (ps->s[ps->pos] == '\n') {
        ps->line++;
        ps->line_start = ps->pos + 1;
    }
    ps->pos++;
}

static struct mark here(const struct parser *ps)
{
    struct mark m;

    m.pos = ps->pos;
    m.line = ps->line;
    m.column = (int)(ps->pos - ps->line_start) + 1;
    return m;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Skips spaces and comments; newlines too when newlines is set. */
static void skip_blank(struct parser *ps, int newlines)
{
    for (;;) {
        char c = peek(ps, 0);

        if (is_blank(c) || (newlines && c == '\n')) {
            advance(ps);
        } else if (c == '/' && peek(ps, 1) == '/') {
            while (peek(ps, 0) != '\0' && peek(ps, 0) != '\n')
                advance(ps);
        } else {
            return;
        }
    }
}

static int at_piece_end(const struct parser *ps)
{
    char c = peek(ps, 0);

    return c == '\0' || c == ';' || c == '\n';
}

/* ASCII only, whatever the process's locale says. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int is_word_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_label_char(char c)
{
    return is_word_start(c) || is_digit(c);
}

static int is_word_char(char c)
{
    return is_label_char(c) || c == '.';
}

/* Copies up to size-1 bytes of the token at the cursor (up to white space,
 * ';', ',', ')' or a comment) into buf, for messages. */
static void token_text(const struct parser *ps, char *buf, size_t size)
{
    size_t n = 0;
    const char *t = ps->s + ps->pos;

    while (t[n] && !is_blank(t[n]) && t[n] != '\n' && t[n] != ';' && !(t[n] == '/' && t[n + 1] == '/') &&
           n + 1 < size) {
        if (n > 0 && (t[n] == ',' || t[n] == ')'))
            break;
        n++;
    }
    if (n == 0 && t[0] && t[0] != '\n' && size > 1)
        n = 1;
    memcpy(buf, t, n);
    buf[n] = '\0';
}

/* Reads a token for a number: everything up to white space, ';', ',', '(',
 * ')' or a comment.  Returns its length; *m gets its position. */
static size_t read_number_token(struct parser *ps, struct mark *m, char *buf, size_t size)
{
    size_t n = 0;

    *m = here(ps);
    for (;;) {
        char c = peek(ps, 0);

        if (c == '\0' || is_blank(c) || c == '\n' || c == ';' || c == ',' || c == '(' || c == ')' ||
            (c == '/' && peek(ps, 1) == '/'))
            break;
        if (n + 1 < size)
            buf[n] = c;
        n++;
        advance(ps);
    }
    buf[n < size ? n : size - 1] = '\0';
    return n;
}

static size_t read_word(struct parser *ps, int (*is_char)(char), char *buf, size_t size)
{
    size_t n = 0;

    while (is_char(peek(ps, 0))) {
        if (n + 1 < size)
            buf[n] = peek(ps, 0);
        n++;
        advance(ps);
    }
    buf[n < size ? n : size - 1] = '\0';
    return n;
}

/* Compares the word at the cursor with w (followed by a non-word char). */
static int word_is(const struct parser *ps, const char *w)
{
    size_t n = strlen(w);

    return strncmp(ps->s + ps->pos, w, n) == 0 && !is_word_char(ps->s[ps->pos + n]);
}

static int oom(struct parser *ps)
{
    return il_fail(ps->err, ps->line, (int)(ps->pos - ps->line_start) + 1, "out of memory");
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *n;

    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    n = realloc(*arr, ncap * elem);
    if (!n)
        return -1;
    *arr = n;
    *cap = ncap;
    return 0;
}

static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- numbers ---- */

/* Parses a decimal or 0x hex integer with an optional '-'.  0, -1 when
 * it is not an integer, -2 when it does not fit 64 bits. */
static int parse_integer(const char *t, uint64_t *mag, int *neg)
{
    uint64_t v = 0;
    int base = 10, any = 0, over = 0;

    *neg = 0;
    if (*t == '-') {
        *neg = 1;
        t++;
    }
    if (t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        base = 16;
        t += 2;
    }
    for (; *t; t++) {
        int d = hex_value(*t);

        if (d < 0 || d >= base)
            return -1;
        if (v > (UINT64_MAX - (unsigned)d) / (uint64_t)base)
            over = 1;
        else
            v = v * (uint64_t)base + (unsigned)d;
        any = 1;
    }
    if (!any)
        return -1;
    if (over)
        return -2;
    *mag = v;
    return 0;
}

/* An integer operand within [min, max]; stored two's complement in *out. */
static int integer_operand(struct parser *ps, const char *what, int64_t min, uint64_t max, uint64_t *out,
                           struct mark *m)
{
    char buf[WORD_MAX];
    uint64_t mag = 0;
    int neg = 0;
    size_t n = read_number_token(ps, m, buf, sizeof buf);
    int rc = n >= sizeof buf ? -1 : parse_integer(buf, &mag, &neg);

    if (rc == -1)
        return il_fail(ps->err, m->line, m->column, "bad integer '%s'", buf);
    if (rc == -2 || (neg ? (min >= 0 ? mag != 0 : mag > (uint64_t)(-(min + 1)) + 1) : mag > max))
        return il_fail(ps->err, m->line, m->column, "integer '%s' is out of range for %s (%lld to %llu)", buf,
                       what, (long long)min, (unsigned long long)max);
    *out = neg ? (uint64_t)0 - mag : mag;
    return 0;
}

static int is_float_syntax(const char *t)
{
    int digits = 0;

    if (*t == '-' || *t == '+')
        t++;
    while (is_digit(*t)) {
        t++;
        digits++;
    }
    if (*t == '.') {
        t++;
        while (is_digit(*t)) {
            t++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*t == 'e' || *t == 'E') {
        t++;
        if (*t == '-' || *t == '+')
            t++;
        if (!is_digit(*t))
            return 0;
        while (is_digit(*t))
            t++;
    }
    return *t == '\0';
}

/* Reads a float with the C locale's decimal point, whatever the process's
 * locale is. */
static int float_operand(struct parser *ps, const char *opname, int single, struct il_insn *in, struct mark *m)
{
    char buf[WORD_MAX];
    size_t n = read_number_token(ps, m, buf, sizeof buf);
    locale_t c;
    char *end = NULL;

    if (n >= sizeof buf || !is_float_syntax(buf))
        return il_fail(ps->err, m->line, m->column, "bad number '%s'", buf);
    c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c == (locale_t)0)
        return oom(ps);
    if (single)
        in->fval = strtof_l(buf, &end, c);
    else
        in->dval = strtod_l(buf, &end, c);
    freelocale(c);
    if (!end || *end != '\0')
        return il_fail(ps->err, m->line, m->column, "bad number '%s'", buf);
    if (single ? isinf(in->fval) : isinf(in->dval))
        return il_fail(ps->err, m->line, m->column, "number '%s' is out of range for '%s'", buf, opname);
    return 0;
}

/* ---- strings ---- */

/* Four hex digits at t; stops at the first other byte (never reading past
 * a NUL). */
static int hex4(const char *t, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_value(t[i]);

        if (d < 0)
            return -1;
        *v = *v << 4 | (unsigned)d;
    }
    return 0;
}

static size_t utf8_put(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Quotes the escape at t (a backslash) for a message: the backslash and
 * its letter, and for \u up to four more bytes of the same line. */
static void escape_text(const char *t, char *buf, size_t size)
{
    size_t n = 0, max = t[1] == 'u' ? 6 : 2;

    while (n < max && n + 1 < size && t[n] && t[n] != '\n' && !(n > 1 && (t[n] == '"' || t[n] == '\\'))) {
        buf[n] = t[n];
        n++;
    }
    buf[n] = '\0';
}

/* Decodes the string literal at the cursor (at '"') into in->str. */
static int string_operand(struct parser *ps, struct il_insn *in)
{
    struct mark open = here(ps);
    size_t cap = 32, n = 0;
    char *out = malloc(cap);

    if (!out)
        return oom(ps);
    advance(ps);
    for (;;) {
        char c = peek(ps, 0);
        char enc[8];
        size_t k;

        if (c == '\0' || c == '\n') {
            free(out);
            return il_fail(ps->err, open.line, open.column, "unterminated string");
        }
        if (c == '"') {
            advance(ps);
            break;
        }
        if (c != '\\') {
            enc[0] = c;
            k = 1;
            advance(ps);
        } else {
            struct mark esc = here(ps);
            const char *t = ps->s + ps->pos;
            char quoted[16];

            k = 1;
            switch (t[1]) {
            case '"': enc[0] = '"'; break;
            case '\\': enc[0] = '\\'; break;
            case 'n': enc[0] = '\n'; break;
            case 't': enc[0] = '\t'; break;
            case 'r': enc[0] = '\r'; break;
            case 'u': {
                unsigned cp, lo;
                size_t len = 6;

                if (hex4(t + 2, &cp) < 0) {
                    escape_text(t, quoted, sizeof quoted);
                    free(out);
                    return il_fail(ps->err, esc.line, esc.column, "bad escape '%s' in string", quoted);
                }
                if (cp >= 0xD800 && cp <= 0xDBFF && t[6] == '\\' && t[7] == 'u' && hex4(t + 8, &lo) == 0 &&
                    lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    len = 12;
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    escape_text(t, quoted, sizeof quoted);
                    free(out);
                    return il_fail(ps->err, esc.line, esc.column, "lone surrogate '%s' in string", quoted);
                }
                k = utf8_put(cp, enc);
                for (size_t i = 0; i < len - 2; i++)
                    advance(ps);
                break;
            }
            default:
                escape_text(t, quoted, sizeof quoted);
                free(out);
                if (t[1] == '\0' || t[1] == '\n')
                    return il_fail(ps->err, open.line, open.column, "unterminated string");
                return il_fail(ps->err, esc.line, esc.column, "bad escape '%s' in string", quoted);
            }
            advance(ps);
            advance(ps);
        }
        if (n + k + 1 > cap) {
            char *g = realloc(out, cap * 2);

            if (!g) {
                free(out);
                return oom(ps);
            }
            out = g;
            cap *= 2;
        }
        memcpy(out + n, enc, k);
        n += k;
    }
    out[n] = '\0';
    in->str = out;
    in->str_len = n;
    return 0;
}

/* ---- labels ---- */

static long label_find(const struct il_prog *p, const char *name)
{
    for (size_t i = 0; i < p->nlabels; i++) {
        if (strcmp(p->labels[i].name, name) == 0)
            return (long)i;
    }
    return -1;
}

static long label_add(struct parser *ps, const char *name, const struct mark *m)
{
    struct il_prog *p = ps->p;
    struct il_label *l;

    if (grow((void **)&p->labels, &p->label_cap, p->nlabels + 1, sizeof *p->labels) < 0)
        return oom(ps);
    l = &p->labels[p->nlabels];
    memset(l, 0, sizeof *l);
    l->name = dup_range(name, strlen(name));
    if (!l->name)
        return oom(ps);
    l->line = m->line;
    l->column = m->column;
    return (long)p->nlabels++;
}

static int label_define(struct parser *ps, const char *name, const struct mark *m)
{
    long i = label_find(ps->p, name);
    struct il_label *l;

    if (i >= 0 && ps->p->labels[i].defined)
        return il_fail(ps->err, m->line, m->column, "label '%s' is already defined at line %d, column %d", name,
                       ps->p->labels[i].line, ps->p->labels[i].column);
    if (i < 0 && (i = label_add(ps, name, m)) < 0)
        return -1;
    l = &ps->p->labels[i];
    l->defined = 1;
    l->line = m->line;
    l->column = m->column;
    l->insn = ps->p->ninsns;
    return 0;
}

/* Reads a label name used as an operand; *index gets its entry. */
static int label_use(struct parser *ps, const char *what, size_t *index)
{
    char name[WORD_MAX];
    struct mark m = here(ps);
    size_t n;
    long i;

    if (at_piece_end(ps) || peek(ps, 0) == ')' || peek(ps, 0) == ',')
        return il_fail(ps->err, m.line, m.column, "missing label in %s", what);
    if (!is_word_start(peek(ps, 0))) {
        char tok[WORD_MAX];

        token_text(ps, tok, sizeof tok);
        return il_fail(ps->err, m.line, m.column, "bad label name '%s' in %s", tok, what);
    }
    n = read_word(ps, is_label_char, name, sizeof name);
    if (n >= sizeof name)
        return il_fail(ps->err, m.line, m.column, "label name '%s...' is too long", name);
    if (is_word_char(peek(ps, 0)) || peek(ps, 0) == '.') {
        char tok[WORD_MAX];

        ps->pos = m.pos;
        token_text(ps, tok, sizeof tok);
        return il_fail(ps->err, m.line, m.column, "bad label name '%s' in %s", tok, what);
    }
    i = label_find(ps->p, name);
    if (i < 0 && (i = label_add(ps, name, &m)) < 0)
        return -1;
    *index = (size_t)i;
    return 0;
}

/* ---- names and tokens ---- */

static int is_raw_token(const char *t, size_t n, uint32_t *value)
{
    uint64_t v = 0;

    if (n < 3 || t[0] != '0' || (t[1] != 'x' && t[1] != 'X'))
        return 0;
    for (size_t i = 2; i < n; i++) {
        if (hex_value(t[i]) < 0)
            return -1;
        v = v * 16 + (uint64_t)hex_value(t[i]);
        if (v > 0xFFFFFFFFu)
            return -1;
    }
    *value = (uint32_t)v;
    return 1;
}

/* Reads a member or type name: up to white space outside brackets, ';', a
 * newline or a comment.  Returns its length at *start. */
static size_t read_name(struct parser *ps, size_t *start)
{
    int depth = 0;

    *start = ps->pos;
    for (;;) {
        char c = peek(ps, 0);

        if (c == '\0' || c == '\n' || c == ';' || (c == '/' && peek(ps, 1) == '/'))
            break;
        if (c == '(' || c == '[' || c == '<')
            depth++;
        else if ((c == ')' || c == ']' || c == '>') && depth > 0)
            depth--;
        else if (is_blank(c) && depth == 0)
            break;
        advance(ps);
    }
    return ps->pos - *start;
}

/* Skips a leading "class" or "valuetype" keyword; 1 when there was one. */
static int skip_type_keyword(struct parser *ps)
{
    size_t n = word_is(ps, "class") ? 5 : word_is(ps, "valuetype") ? 9 : 0;

    if (n == 0 || !is_blank(ps->s[ps->pos + n]))
        return 0;
    ps->pos += n;
    skip_blank(ps, 0);
    return 1;
}

/* A type name or raw token (catch clauses, .locals): sets *name or *raw. */
static int type_name(struct parser *ps, const char *what, char **name, int *raw, uint32_t *token)
{
    struct mark m = here(ps);
    size_t start, n = 0;
    int r;

    for (;;) {
        char c = peek(ps, 0);

        if (c == '\0' || is_blank(c) || c == '\n' || c == ';' || c == ',' || c == ')' || c == '[' ||
            (c == '/' && peek(ps, 1) == '/'))
            break;
        advance(ps);
        n++;
    }
    start = m.pos;
    if (n == 0)
        return il_fail(ps->err, m.line, m.column, "missing type name in %s", what);
    r = is_raw_token(ps->s + start, n, token);
    if (r < 0) {
        char *t = dup_range(ps->s + start, n);

        il_fail(ps->err, m.line, m.column, "bad token '%s'", t ? t : "");
        free(t);
        return -1;
    }
    *raw = r;
    if (r)
        return 0;
    *name = dup_range(ps->s + start, n);
    return *name ? 0 : oom(ps);
}

static const char *kind_noun(enum il_operand_kind k)
{
    switch (k) {
    case IL_OP_I8:
    case IL_OP_I32:
    case IL_OP_I64:
        return "integer";
    case IL_OP_R4:
    case IL_OP_R8:
        return "number";
    case IL_OP_STRING:
        return "string";
    case IL_OP_METHOD:
        return "method";
    case IL_OP_FIELD:
        return "field";
    case IL_OP_TYPE:
        return "type";
    case IL_OP_TOKEN:
        return "token";
    case IL_OP_SIG:
        return "signature";
    case IL_OP_BRANCH8:
    case IL_OP_BRANCH32:
        return "label";
    case IL_OP_SWITCH:
        return "label list";
    case IL_OP_VAR8:
    case IL_OP_VAR16:
        return "index";
    case IL_OP_NONE:
        break;
    }
    return "";
}

/* "$name": a token the resolver keeps under that name (letters, digits,
 * '_', '-', '.'), for any token operand, ldstr's included.  1 when the
 * operand is one, 0 when not, -1 on a bad name. */
static int named_operand(struct parser *ps, struct il_insn *in)
{
    struct mark m = here(ps);
    size_t start = ps->pos, n = 1;

    if (peek(ps, 0) != '$')
        return 0;
    for (char c = peek(ps, n); is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                               c == '-' || c == '.';
         c = peek(ps, n))
        n++;
    if (n == 1)
        return il_fail(ps->err, m.line, m.column, "'%s' needs a name after '$' (letters, digits, _ - .)",
                       in->op->name);
    ps->pos += n;
    in->named = 1;
    in->name_kind = in->op->operand;
    in->str = dup_range(ps->s + start, n);
    if (!in->str)
        return oom(ps);
    in->str_len = n;
    return 1;
}

/* Method, field, type, token and signature operands. */
static int member_operand(struct parser *ps, struct il_insn *in, struct mark *m)
{
    const char *opname = in->op->name;
    size_t start, n;
    int r;

    in->name_kind = in->op->operand;
    if (in->op->operand == IL_OP_TOKEN) {
        if (word_is(ps, "method") && is_blank(ps->s[ps->pos + 6])) {
            in->name_kind = IL_OP_METHOD;
            ps->pos += 6;
            skip_blank(ps, 0);
        } else if (word_is(ps, "field") && is_blank(ps->s[ps->pos + 5])) {
            in->name_kind = IL_OP_FIELD;
            ps->pos += 5;
            skip_blank(ps, 0);
        } else if (skip_type_keyword(ps)) {
            in->name_kind = IL_OP_TYPE;
        }
    } else if (in->op->operand == IL_OP_TYPE) {
        skip_type_keyword(ps);
    }
    *m = here(ps);
    n = read_name(ps, &start);
    if (n == 0)
        return il_fail(ps->err, in->line, in->column, "missing %s operand for '%s'", kind_noun(in->op->operand),
                       opname);
    r = is_raw_token(ps->s + start, n, &in->token);
    if (r < 0) {
        char *t = dup_range(ps->s + start, n);

        il_fail(ps->err, m->line, m->column, "bad token '%s'", t ? t : "");
        free(t);
        return -1;
    }
    if (r > 0) {
        in->raw = 1;
        in->str = dup_range(ps->s + start, n);
        return in->str ? 0 : oom(ps);
    }
    in->str = dup_range(ps->s + start, n);
    if (!in->str)
        return oom(ps);
    in->str_len = n;
    if (in->name_kind == IL_OP_METHOD || in->name_kind == IL_OP_FIELD) {
        const char *sep = strstr(in->str, "::");

        if (!sep || sep == in->str || sep[2] == '\0' || sep[2] == '(')
            return il_fail(ps->err, m->line, m->column,
                           "'%s' needs a %s name like Asm!Ns.Type::%s, not '%s'", opname,
                           in->name_kind == IL_OP_METHOD ? "method" : "field",
                           in->name_kind == IL_OP_METHOD ? "Method" : "Field", in->str);
    }
    return 0;
}

/* ---- instructions ---- */

static int insn_operand(struct parser *ps, struct il_insn *in)
{
    const struct il_opcode *op = in->op;
    struct mark m = here(ps);
    char what[WORD_MAX + 4];
    int rc = 0;

    snprintf(what, sizeof what, "'%s'", op->name);
    if (op->operand != IL_OP_NONE && at_piece_end(ps))
        return il_fail(ps->err, in->line, in->column, "missing %s operand for '%s'", kind_noun(op->operand),
                       op->name);
    switch (op->operand) {
    case IL_OP_NONE:
        break;
    case IL_OP_I8:
        if (op->value == 0x1F)
            rc = integer_operand(ps, what, -128, 127, &in->ival, &m);
        else
            rc = integer_operand(ps, what, 0, 255, &in->ival, &m);
        break;
    case IL_OP_I32:
        rc = integer_operand(ps, what, INT32_MIN, UINT32_MAX, &in->ival, &m);
        break;
    case IL_OP_I64:
        rc = integer_operand(ps, what, INT64_MIN, UINT64_MAX, &in->ival, &m);
        break;
    case IL_OP_VAR8:
        rc = integer_operand(ps, what, 0, 255, &in->ival, &m);
        break;
    case IL_OP_VAR16:
        rc = integer_operand(ps, what, 0, 65534, &in->ival, &m);
        break;
    case IL_OP_R4:
    case IL_OP_R8:
        rc = float_operand(ps, op->name, op->operand == IL_OP_R4, in, &m);
        break;
    case IL_OP_STRING:
        if (peek(ps, 0) == '$') {
            rc = named_operand(ps, in) < 0 ? -1 : 0;
            break;
        }
        if (peek(ps, 0) != '"') {
            char tok[WORD_MAX];

            token_text(ps, tok, sizeof tok);
            return il_fail(ps->err, m.line, m.column, "'%s' needs a string in double quotes, not '%s'", op->name,
                           tok);
        }
        rc = string_operand(ps, in);
        break;
    case IL_OP_METHOD:
    case IL_OP_FIELD:
    case IL_OP_TYPE:
    case IL_OP_TOKEN:
    case IL_OP_SIG:
        rc = named_operand(ps, in);
        if (rc == 0)
            rc = member_operand(ps, in, &m);
        rc = rc < 0 ? -1 : 0;
        break;
    case IL_OP_BRANCH8:
    case IL_OP_BRANCH32:
        rc = label_use(ps, what, &in->label);
        break;
    case IL_OP_SWITCH: {
        struct mark open = m;
        size_t cap = 0;

        if (peek(ps, 0) != '(') {
            char tok[WORD_MAX];

            token_text(ps, tok, sizeof tok);
            return il_fail(ps->err, m.line, m.column, "'switch' needs a list of labels like (L1, L2), not '%s'", tok);
        }
        advance(ps);
        skip_blank(ps, 1);
        if (peek(ps, 0) == ')') {
            advance(ps);
            break;
        }
        for (;;) {
            size_t index;
            struct mark at;

            skip_blank(ps, 1);
            if (peek(ps, 0) == '\0')
                return il_fail(ps->err, open.line, open.column, "missing ')' after the labels of 'switch'");
            if (label_use(ps, "'switch'", &index) < 0)
                return -1;
            if (grow((void **)&in->targets, &cap, in->ntargets + 1, sizeof *in->targets) < 0)
                return oom(ps);
            in->targets[in->ntargets++] = index;
            skip_blank(ps, 1);
            at = here(ps);
            if (peek(ps, 0) == ',') {
                advance(ps);
                continue;
            }
            if (peek(ps, 0) == ')') {
                advance(ps);
                break;
            }
            if (peek(ps, 0) == '\0')
                return il_fail(ps->err, open.line, open.column, "missing ')' after the labels of 'switch'");
            {
                char tok[WORD_MAX];

                token_text(ps, tok, sizeof tok);
                return il_fail(ps->err, at.line, at.column, "expected ',' or ')' in the labels of 'switch', not '%s'",
                               tok);
            }
        }
        break;
    }
    }
    if (rc < 0)
        return -1;
    in->oline = m.line;
    in->ocolumn = m.column;
    if (op->operand == IL_OP_NONE) {
        in->oline = in->line;
        in->ocolumn = in->column;
    }
    return 0;
}

/* After an instruction or directive: only white space and a comment may
 * come before the end of the piece. */
static int piece_end(struct parser *ps, const char *name, int has_operand)
{
    struct mark m;
    char tok[WORD_MAX];

    skip_blank(ps, 0);
    if (at_piece_end(ps))
        return 0;
    m = here(ps);
    token_text(ps, tok, sizeof tok);
    if (!has_operand)
        return il_fail(ps->err, m.line, m.column, "'%s' takes no operand, found '%s'", name, tok);
    return il_fail(ps->err, m.line, m.column, "unexpected '%s' after the operand of '%s'", tok, name);
}

static int parse_insn(struct parser *ps, const struct mark *m, const char *word, size_t wlen)
{
    struct il_prog *p = ps->p;
    const struct il_opcode *op = wlen < WORD_MAX ? il_opcode_by_name(word) : NULL;
    struct il_insn *in;

    if (!op)
        return il_fail(ps->err, m->line, m->column, "unknown opcode '%s'", word);
    if (grow((void **)&p->insns, &p->insn_cap, p->ninsns + 1, sizeof *p->insns) < 0)
        return oom(ps);
    in = &p->insns[p->ninsns++];
    memset(in, 0, sizeof *in);
    in->op = op;
    in->line = m->line;
    in->column = m->column;
    in->src_start = m->pos;
    skip_blank(ps, 0);
    if (insn_operand(ps, in) < 0)
        return -1;
    in->src_end = ps->pos;
    while (in->src_end > in->src_start && is_blank(p->src[in->src_end - 1]))
        in->src_end--;
    if (op->flow == IL_FLOW_META) {
        /* A prefix may share its piece with the instruction it prefixes. */
        skip_blank(ps, 0);
        if (is_word_start(peek(ps, 0))) {
            struct mark next = here(ps);
            char word[WORD_MAX];
            size_t n = read_word(ps, is_word_char, word, sizeof word);

            return parse_insn(ps, &next, word, n);
        }
    }
    return piece_end(ps, op->name, op->operand != IL_OP_NONE);
}

/* ---- directives ---- */

static int directive_maxstack(struct parser *ps, const struct mark *dm)
{
    char buf[WORD_MAX];
    struct mark m;
    uint64_t mag;
    int neg;
    size_t n;

    if (ps->p->maxstack >= 0)
        return il_fail(ps->err, dm->line, dm->column, "'.maxstack' is given twice");
    if (at_piece_end(ps))
        return il_fail(ps->err, dm->line, dm->column, "missing integer operand for '.maxstack'");
    n = read_number_token(ps, &m, buf, sizeof buf);
    if (n >= sizeof buf || parse_integer(buf, &mag, &neg) < 0)
        return il_fail(ps->err, m.line, m.column, "bad integer '%s'", buf);
    if ((neg && mag != 0) || mag > 0xFFFF)
        return il_fail(ps->err, m.line, m.column, "'.maxstack' must be between 0 and 65535, not %s", buf);
    ps->p->maxstack = (long)mag;
    ps->p->maxstack_line = dm->line;
    ps->p->maxstack_column = dm->column;
    return piece_end(ps, ".maxstack", 1);
}

static const struct {
    const char *name;
    uint8_t elem;
} il_prim_types[] = {
    {"bool", 0x02},    {"char", 0x03},    {"int8", 0x04},   {"uint8", 0x05},   {"int16", 0x06},
    {"uint16", 0x07},  {"int32", 0x08},   {"uint32", 0x09}, {"int64", 0x0A},   {"uint64", 0x0B},
    {"float32", 0x0C}, {"float64", 0x0D}, {"string", 0x0E}, {"nint", 0x18},    {"nuint", 0x19},
    {"object", 0x1C},
};

int il_prim_elem(const char *name, uint8_t *elem)
{
    for (size_t i = 0; i < sizeof il_prim_types / sizeof il_prim_types[0]; i++) {
        if (strcmp(il_prim_types[i].name, name) == 0) {
            *elem = il_prim_types[i].elem;
            return 0;
        }
    }
    return -1;
}

static int local_type(struct parser *ps, struct il_local *l)
{
    char word[WORD_MAX];
    struct mark m = here(ps);
    size_t n;

    l->line = m.line;
    l->column = m.column;
    if (!is_word_start(peek(ps, 0))) {
        char tok[WORD_MAX];

        token_text(ps, tok, sizeof tok);
        return il_fail(ps->err, m.line, m.column, "unknown type '%s' in '.locals'", tok);
    }
    n = read_word(ps, is_label_char, word, sizeof word);
    if (n >= sizeof word)
        return il_fail(ps->err, m.line, m.column, "unknown type '%s...' in '.locals'", word);
    if (strcmp(word, "native") == 0) {
        char second[WORD_MAX];

        skip_blank(ps, 0);
        read_word(ps, is_label_char, second, sizeof second);
        if (strcmp(second, "int") == 0)
            l->elem = 0x18;
        else if (strcmp(second, "uint") == 0)
            l->elem = 0x19;
        else
            return il_fail(ps->err, m.line, m.column, "unknown type 'native %s' in '.locals'", second);
    } else if (strcmp(word, "class") == 0 || strcmp(word, "valuetype") == 0) {
        l->elem = word[0] == 'c' ? IL_ELEMENT_CLASS : IL_ELEMENT_VALUETYPE;
        skip_blank(ps, 0);
        if (type_name(ps, "'.locals'", &l->type_name, &l->raw, &l->token) < 0)
            return -1;
    } else if (strcmp(word, "void") == 0) {
        return il_fail(ps->err, m.line, m.column, "'void' is not a valid type for a local");
    } else {
        size_t i;

        for (i = 0; i < sizeof il_prim_types / sizeof il_prim_types[0]; i++) {
            if (strcmp(word, il_prim_types[i].name) == 0)
                break;
        }
        if (i == sizeof il_prim_types / sizeof il_prim_types[0]) {
            if (is_word_char(peek(ps, 0)) || peek(ps, 0) == '!') {
                char tok[WORD_MAX];

                ps->pos = m.pos;
                token_text(ps, tok, sizeof tok);
                return il_fail(ps->err, m.line, m.column, "unknown type '%s' in '.locals'", tok);
            }
            return il_fail(ps->err, m.line, m.column, "unknown type '%s' in '.locals'", word);
        }
        l->elem = il_prim_types[i].elem;
    }
    skip_blank(ps, 0);
    while (peek(ps, 0) == '[') {
        struct mark b = here(ps);

        advance(ps);
        skip_blank(ps, 0);
        if (peek(ps, 0) != ']')
            return il_fail(ps->err, b.line, b.column, "only '[]' arrays are supported in '.locals'");
        advance(ps);
        l->arrays++;
        skip_blank(ps, 0);
    }
    if (is_word_start(peek(ps, 0))) {
        char name[WORD_MAX];

        read_word(ps, is_label_char, name, sizeof name);
    }
    return 0;
}

static int directive_locals(struct parser *ps, const struct mark *dm)
{
    struct il_prog *p = ps->p;
    struct mark open;

    if (p->has_locals)
        return il_fail(ps->err, dm->line, dm->column, "'.locals' is given twice");
    p->has_locals = 1;
    p->locals_line = dm->line;
    p->locals_column = dm->column;
    if (word_is(ps, "init")) {
        p->init_locals = 1;
        ps->pos += 4;
        skip_blank(ps, 0);
    }
    open = here(ps);
    if (peek(ps, 0) != '(') {
        char tok[WORD_MAX];

        if (at_piece_end(ps))
            return il_fail(ps->err, dm->line, dm->column, "'.locals' needs a list of types like (int32, string)");
        token_text(ps, tok, sizeof tok);
        return il_fail(ps->err, open.line, open.column,
                       "'.locals' needs a list of types like (int32, string), not '%s'", tok);
    }
    advance(ps);
    skip_blank(ps, 1);
    if (peek(ps, 0) == ')')
        return il_fail(ps->err, open.line, open.column, "'.locals' lists no types");
    for (;;) {
        struct il_local *l;
        struct mark at;

        skip_blank(ps, 1);
        if (peek(ps, 0) == '\0')
            return il_fail(ps->err, open.line, open.column, "missing ')' after the types of '.locals'");
        if (p->nlocals >= 0xFFFE) {
            at = here(ps);
            return il_fail(ps->err, at.line, at.column, "'.locals' lists more than 65534 types");
        }
        if (grow((void **)&p->locals, &p->local_cap, p->nlocals + 1, sizeof *p->locals) < 0)
            return oom(ps);
        l = &p->locals[p->nlocals++];
        memset(l, 0, sizeof *l);
        if (local_type(ps, l) < 0)
            return -1;
        skip_blank(ps, 1);
        at = here(ps);
        if (peek(ps, 0) == ',') {
            advance(ps);
            continue;
        }
        if (peek(ps, 0) == ')') {
            advance(ps);
            break;
        }
        if (peek(ps, 0) == '\0')
            return il_fail(ps->err, open.line, open.column, "missing ')' after the types of '.locals'");
        {
            char tok[WORD_MAX];

            token_text(ps, tok, sizeof tok);
            return il_fail(ps->err, at.line, at.column, "expected ',' or ')' in '.locals', not '%s'", tok);
        }
    }
    return piece_end(ps, ".locals", 1);
}

static int expect_word(struct parser *ps, const char *w)
{
    struct mark m;
    char tok[WORD_MAX];

    skip_blank(ps, 0);
    if (word_is(ps, w)) {
        ps->pos += strlen(w);
        skip_blank(ps, 0);
        return 0;
    }
    m = here(ps);
    if (at_piece_end(ps))
        return il_fail(ps->err, m.line, m.column, "expected '%s' in '.try', found the end of the line", w);
    token_text(ps, tok, sizeof tok);
    return il_fail(ps->err, m.line, m.column, "expected '%s' in '.try', not '%s'", w, tok);
}

static int directive_try(struct parser *ps, const struct mark *dm)
{
    struct il_prog *p = ps->p;
    struct il_try *t;
    struct mark m;

    if (grow((void **)&p->tries, &p->try_cap, p->ntries + 1, sizeof *p->tries) < 0)
        return oom(ps);
    t = &p->tries[p->ntries++];
    memset(t, 0, sizeof *t);
    t->line = dm->line;
    t->column = dm->column;
    if (label_use(ps, "'.try'", &t->try_start) < 0 || expect_word(ps, "to") < 0 ||
        label_use(ps, "'.try'", &t->try_end) < 0)
        return -1;
    skip_blank(ps, 0);
    m = here(ps);
    if (word_is(ps, "catch")) {
        t->flags = IL_EH_CATCH;
        ps->pos += 5;
        skip_blank(ps, 0);
        skip_type_keyword(ps);
        if (type_name(ps, "'.try'", &t->class_name, &t->raw, &t->token) < 0)
            return -1;
    } else if (word_is(ps, "filter")) {
        t->flags = IL_EH_FILTER;
        ps->pos += 6;
        skip_blank(ps, 0);
        if (label_use(ps, "'.try'", &t->filter) < 0)
            return -1;
    } else if (word_is(ps, "finally")) {
        t->flags = IL_EH_FINALLY;
        ps->pos += 7;
    } else if (word_is(ps, "fault")) {
        t->flags = IL_EH_FAULT;
        ps->pos += 5;
    } else {
        char tok[WORD_MAX];

        if (at_piece_end(ps))
            return il_fail(ps->err, m.line, m.column,
                           "'.try' needs 'catch', 'filter', 'finally' or 'fault' after its labels");
        token_text(ps, tok, sizeof tok);
        return il_fail(ps->err, m.line, m.column,
                       "expected 'catch', 'filter', 'finally' or 'fault' in '.try', not '%s'", tok);
    }
    if (expect_word(ps, "handler") < 0 || label_use(ps, "'.try'", &t->handler_start) < 0 ||
        expect_word(ps, "to") < 0 || label_use(ps, "'.try'", &t->handler_end) < 0)
        return -1;
    return piece_end(ps, ".try", 1);
}

static int parse_directive(struct parser *ps)
{
    struct mark m = here(ps);
    char word[WORD_MAX];

    advance(ps);
    read_word(ps, is_word_char, word + 1, sizeof word - 1);
    word[0] = '.';
    skip_blank(ps, 0);
    if (strcmp(word, ".maxstack") == 0)
        return directive_maxstack(ps, &m);
    if (strcmp(word, ".locals") == 0)
        return directive_locals(ps, &m);
    if (strcmp(word, ".try") == 0)
        return directive_try(ps, &m);
    return il_fail(ps->err, m.line, m.column, "unknown directive '%s'", word);
}

/* ---- pieces ---- */

static int parse_piece(struct parser *ps)
{
    for (;;) {
        struct mark m = here(ps);
        char word[WORD_MAX];
        size_t n;

        if (peek(ps, 0) == '.')
            return parse_directive(ps);
        if (!is_word_start(peek(ps, 0))) {
            char tok[WORD_MAX];

            token_text(ps, tok, sizeof tok);
            return il_fail(ps->err, m.line, m.column, "expected an instruction, not '%s'", tok);
        }
        n = read_word(ps, is_word_char, word, sizeof word);
        if (peek(ps, 0) == ':' && peek(ps, 1) != ':') {
            if (strchr(word, '.') || n >= sizeof word)
                return il_fail(ps->err, m.line, m.column, "bad label name '%s'", word);
            if (label_define(ps, word, &m) < 0)
                return -1;
            advance(ps);
            skip_blank(ps, 0);
            if (at_piece_end(ps))
                return 0;
            continue;
        }
        return parse_insn(ps, &m, word, n);
    }
}

/* The first problem found after the last piece, in text order: a label
 * used but not defined, or a local index beyond the .locals count. */
static int parse_finish(struct parser *ps)
{
    struct il_prog *p = ps->p;
    const struct il_label *undefined = NULL;
    const struct il_insn *bad_local = NULL;
    int bad_index = 0;

    for (size_t i = 0; i < p->nlabels && !undefined; i++) {
        if (!p->labels[i].defined)
            undefined = &p->labels[i];
    }
    for (size_t i = 0; i < p->ninsns && !bad_local; i++) {
        int fixed;
        const struct il_insn *in = &p->insns[i];

        if (!il_opcode_is_local(in->op, &fixed))
            continue;
        bad_index = fixed >= 0 ? fixed : (int)in->ival;
        if ((size_t)bad_index >= p->nlocals)
            bad_local = in;
    }
    if (bad_local && (!undefined || bad_local->oline < undefined->line ||
                      (bad_local->oline == undefined->line && bad_local->ocolumn < undefined->column))) {
        if (!p->has_locals)
            return il_fail(ps->err, bad_local->oline, bad_local->ocolumn,
                           "local index %d is out of range: there is no '.locals'", bad_index);
        return il_fail(ps->err, bad_local->oline, bad_local->ocolumn,
                       "local index %d is out of range: '.locals' declares %zu", bad_index, p->nlocals);
    }
    if (undefined)
        return il_fail(ps->err, undefined->line, undefined->column, "label '%s' is not defined", undefined->name);
    return 0;
}

void il_prog_free(struct il_prog *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ninsns; i++) {
        free(p->insns[i].str);
        free(p->insns[i].targets);
    }
    for (size_t i = 0; i < p->nlabels; i++)
        free(p->labels[i].name);
    for (size_t i = 0; i < p->nlocals; i++)
        free(p->locals[i].type_name);
    for (size_t i = 0; i < p->ntries; i++)
        free(p->tries[i].class_name);
    free(p->insns);
    free(p->labels);
    free(p->locals);
    free(p->tries);
    free(p->src);
    free(p);
}

int il_parse(const char *text, struct il_prog **out, struct il_error *err)
{
    struct parser ps;
    struct il_prog *p;
    struct il_error scratch;

    if (!err)
        err = &scratch;
    il_error_init(err);
    if (out)
        *out = NULL;
    if (!text || !out)
        return il_fail(err, 0, 0, "no text to parse");
    p = calloc(1, sizeof *p);
    if (!p)
        return il_fail(err, 0, 0, "out of memory");
    p->maxstack = -1;
    p->src = dup_range(text, strlen(text));
    if (!p->src) {
        free(p);
        return il_fail(err, 0, 0, "out of memory");
    }
    memset(&ps, 0, sizeof ps);
    ps.p = p;
    ps.s = p->src;
    ps.line = 1;
    ps.err = err;
    for (;;) {
        skip_blank(&ps, 1);
        while (peek(&ps, 0) == ';') {
            advance(&ps);
            skip_blank(&ps, 1);
        }
        if (peek(&ps, 0) == '\0')
            break;
        if (parse_piece(&ps) < 0) {
            il_prog_free(p);
            return -1;
        }
    }
    if (parse_finish(&ps) < 0) {
        il_prog_free(p);
        return -1;
    }
    *out = p;
    return 0;
}
