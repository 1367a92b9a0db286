/*
 * rx.c - POSIX extended regular expressions on PCRE2, with limits (rx.h).
 */
#include "rx.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

struct rx {
    pcre2_code *code;
    pcre2_match_context *limits;
};

/* Length of a valid interval "{n}", "{n,}" or "{n,m}" at p, or 0. */
static size_t interval_len(const char *p)
{
    const char *q = p + 1;

    if (*p != '{' || !isdigit((unsigned char)*q))
        return 0;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q == ',')
        for (q++; isdigit((unsigned char)*q);)
            q++;
    return *q == '}' ? (size_t)(q - p + 1) : 0;
}

/* The bracket expression at p ('[' ...), copied with its backslashes made
 * literal; returns where it ends (after ']'), or NULL when it does not. */
static const char *copy_bracket(const char *p, struct strbuf *out)
{
    strbuf_addch(out, *p++);
    if (*p == '^')
        strbuf_addch(out, *p++);
    if (*p == ']')
        strbuf_addch(out, *p++); /* a leading ']' is a member in both */
    while (*p && *p != ']') {
        if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
            /* [:class:], [.coll.], [=equiv=] go through whole. */
            char close = p[1];
            const char *end = p + 2;
            while (*end && !(end[0] == close && end[1] == ']'))
                end++;
            if (!*end)
                return NULL;
            strbuf_add(out, p, (size_t)(end + 2 - p));
            p = end + 2;
            continue;
        }
        if (*p == '\\')
            strbuf_adds(out, "\\\\");
        else
            strbuf_addch(out, *p);
        p++;
    }
    if (*p != ']')
        return NULL;
    strbuf_addch(out, *p++);
    return p;
}

/* ERE text -> PCRE2 pattern of the same meaning; 0, or -1 with why. */
static int translate(const char *p, struct strbuf *out, char *why, size_t why_size)
{
    int after_quantifier = 0;

    while (*p) {
        size_t n;

        if (*p == '+' && after_quantifier) {
            snprintf(why, why_size, "'%c+' is a possessive repeat to PCRE2 but a repeated repeat to POSIX: write "
                                    "(x%c)+ or x%c", p[-1], p[-1], p[-1]);
            return -1;
        }
        after_quantifier = 0;
        if (*p == '\\') {
            switch (p[1]) {
            case '\0':
                snprintf(why, why_size, "a backslash ends the pattern");
                return -1;
            case '<':
                strbuf_adds(out, "\\b(?=\\w)");
                break;
            case '>':
                strbuf_adds(out, "\\b(?<=\\w)");
                break;
            case '`':
                strbuf_adds(out, "\\A");
                break;
            case '\'':
                strbuf_adds(out, "\\z");
                break;
            case 'Q': {
                /* PCRE2's quoting: copied as is up to \E. */
                const char *end = strstr(p + 2, "\\E");
                n = end ? (size_t)(end + 2 - p) : strlen(p);
                strbuf_add(out, p, n);
                p += n;
                continue;
            }
            default:
                strbuf_add(out, p, 2);
                break;
            }
            p += 2;
            continue;
        }
        if (*p == '[') {
            const char *end = copy_bracket(p, out);
            if (!end) {
                snprintf(why, why_size, "a bracket expression is not closed with ']'");
                return -1;
            }
            p = end;
            continue;
        }
        if ((n = interval_len(p)) > 0) {
            strbuf_add(out, p, n);
            p += n;
            after_quantifier = 1;
            continue;
        }
        after_quantifier = *p == '*' || *p == '+' || *p == '?';
        strbuf_addch(out, *p++);
    }
    return 0;
}

int rx_compile(const char *pattern, struct rx **out, char *why, size_t why_size)
{
    struct strbuf pcre = STRBUF_INIT;
    pcre2_compile_context *cc = NULL;
    struct rx *rx = NULL;
    PCRE2_SIZE offset = 0, size = 0;
    int code = 0;

    *out = NULL;
    why[0] = '\0';
    if (strlen(pattern) > RX_PATTERN_MAX) {
        snprintf(why, why_size, "the pattern has %zu bytes; at most %d are allowed", strlen(pattern), RX_PATTERN_MAX);
        return -1;
    }
    /* Translating at most quadruples a pattern (\< becomes \b(?=\w)):
     * with room made first, no append below can fail. */
    if (strbuf_grow(&pcre, 5 * strlen(pattern) + 16) < 0) {
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    if (translate(pattern, &pcre, why, why_size) < 0) {
        strbuf_release(&pcre);
        return -1;
    }
    rx = calloc(1, sizeof *rx);
    cc = pcre2_compile_context_create(NULL);
    if (!rx || !cc)
        goto nomem;
    pcre2_set_max_pattern_length(cc, 4 * RX_PATTERN_MAX);
    pcre2_set_parens_nest_limit(cc, RX_NEST_MAX);
    rx->code = pcre2_compile((PCRE2_SPTR)pcre.buf, pcre.len,
                             PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP |
                                 PCRE2_NEVER_BACKSLASH_C,
                             &code, &offset, cc);
    pcre2_compile_context_free(cc);
    cc = NULL;
    if (!rx->code) {
        PCRE2_UCHAR msg[160];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", code);
        snprintf(why, why_size, "%s", (const char *)msg);
        goto fail;
    }
    if (pcre2_pattern_info(rx->code, PCRE2_INFO_SIZE, &size) != 0 || size > RX_CODE_MAX) {
        snprintf(why, why_size, "the compiled pattern takes %zu bytes; at most %u are allowed", (size_t)size,
                 RX_CODE_MAX);
        goto fail;
    }
    rx->limits = pcre2_match_context_create(NULL);
    if (!rx->limits)
        goto nomem;
    pcre2_set_match_limit(rx->limits, RX_MATCH_LIMIT);
    pcre2_set_depth_limit(rx->limits, RX_DEPTH_LIMIT);
    pcre2_set_heap_limit(rx->limits, RX_HEAP_LIMIT_KIB);
    strbuf_release(&pcre);
    *out = rx;
    return 0;
nomem:
    snprintf(why, why_size, "out of memory");
fail:
    pcre2_compile_context_free(cc);
    strbuf_release(&pcre);
    rx_free(rx);
    return -1;
}

int rx_match(const struct rx *rx, const char *s, size_t len)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int rc;

    if (!md)
        return RX_NOMEM;
    rc = pcre2_match(rx->code, (PCRE2_SPTR)(s ? s : ""), len, 0, 0, md, rx->limits);
    pcre2_match_data_free(md);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return RX_NOMEM;
    return RX_LIMIT; /* match, depth or heap limit (or an internal refusal) */
}

int rx_capture(const struct rx *rx, const char *s, size_t len, size_t *start, size_t *end)
{
    pcre2_match_data *md = pcre2_match_data_create(2, NULL);
    PCRE2_SIZE *ov;
    int rc;

    if (!md)
        return RX_NOMEM;
    /* 0 says the match had more groups than md has room for: its first two are there. */
    rc = pcre2_match(rx->code, (PCRE2_SPTR)(s ? s : ""), len, 0, 0, md, rx->limits);
    if (rc >= 0) {
        ov = pcre2_get_ovector_pointer(md);
        /* The first group when it took part, else the whole match. */
        if ((rc == 0 || rc >= 2) && ov[2] != PCRE2_UNSET) {
            *start = ov[2];
            *end = ov[3];
        } else {
            *start = ov[0];
            *end = ov[1];
        }
        rc = 1;
    } else if (rc == PCRE2_ERROR_NOMATCH) {
        rc = 0;
    } else {
        rc = rc == PCRE2_ERROR_NOMEMORY ? RX_NOMEM : RX_LIMIT;
    }
    pcre2_match_data_free(md);
    return rc;
}

int rx_groups(const struct rx *rx)
{
    uint32_t n = 0;

    pcre2_pattern_info(rx->code, PCRE2_INFO_CAPTURECOUNT, &n);
    return (int)n;
}

void rx_free(struct rx *rx)
{
    if (!rx)
        return;
    pcre2_code_free(rx->code);
    pcre2_match_context_free(rx->limits);
    free(rx);
}
