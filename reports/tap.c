#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "atomic_write.h"
#include "c_numeric.h"
#include "sanitize.h"

/* TAP's directive for an expected failure. */
#define TAP_EXPECTED_FAILURE "TO" "DO"

/* The code point of the UTF-8 sequence at s (valid after sanitize_text) and
 * its length. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;

    if (n > len)
        n = len;
    *cp = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7F >> n));
    for (size_t i = 1; i < n; i++)
        *cp = *cp << 6 | (s[i] & 0x3F);
    return n;
}

/* 1 for the characters YAML does not allow raw in a document, or reads as
 * line breaks or a byte order mark. */
static int yaml_unprintable(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == '\r' || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF;
}

static int sanitized(const char *text, struct strbuf *clean)
{
    return sanitize_text(text, strlen(text), clean);
}

/* Text on a test line: "\" and "#" escaped, line breaks and tabs shown. */
static int add_line_text(struct strbuf *out, const char *text)
{
    struct strbuf clean = STRBUF_INIT;
    int rc = sanitized(text, &clean);

    for (size_t i = 0; rc == 0 && i < clean.len; i++) {
        switch (clean.buf[i]) {
        case '\\':
            rc = strbuf_adds(out, "\\\\");
            break;
        case '#':
            rc = strbuf_adds(out, "\\#");
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
        default:
            rc = strbuf_addch(out, clean.buf[i]);
            break;
        }
    }
    strbuf_release(&clean);
    return rc;
}

/* A YAML double-quoted string of already sanitised text. */
static int add_yaml_quoted_clean(struct strbuf *out, const struct strbuf *clean)
{
    const unsigned char *s = (const unsigned char *)strbuf_str(clean);
    size_t i = 0;

    if (strbuf_addch(out, '"') < 0)
        return -1;
    while (i < clean->len) {
        uint32_t cp;
        size_t n = utf8_next(s + i, clean->len - i, &cp);
        int rc;

        if (cp == '\\')
            rc = strbuf_adds(out, "\\\\");
        else if (cp == '"')
            rc = strbuf_adds(out, "\\\"");
        else if (cp == '\n')
            rc = strbuf_adds(out, "\\n");
        else if (cp == '\r')
            rc = strbuf_adds(out, "\\r");
        else if (cp == '\t')
            rc = strbuf_adds(out, "\\t");
        else if (cp <= 0xFF && yaml_unprintable(cp))
            rc = strbuf_addf(out, "\\x%02x", (unsigned)cp);
        else if (yaml_unprintable(cp))
            rc = strbuf_addf(out, "\\u%04x", (unsigned)cp);
        else
            rc = strbuf_add(out, s + i, n);
        if (rc < 0)
            return -1;
        i += n;
    }
    return strbuf_addch(out, '"');
}

/* "  key: \"text\"\n" */
static int add_yaml_string(struct strbuf *out, const char *key, const char *text)
{
    struct strbuf clean = STRBUF_INIT;
    int rc = sanitized(text, &clean);

    if (rc == 0)
        rc = strbuf_addf(out, "  %s: ", key);
    if (rc == 0)
        rc = add_yaml_quoted_clean(out, &clean);
    if (rc == 0)
        rc = strbuf_addch(out, '\n');
    strbuf_release(&clean);
    return rc;
}

/* 1 when the sanitised text can be a literal block scalar. */
static int literal_block_fits(const struct strbuf *clean)
{
    const unsigned char *s = (const unsigned char *)strbuf_str(clean);
    size_t i = 0;

    while (i < clean->len) {
        uint32_t cp;

        i += utf8_next(s + i, clean->len - i, &cp);
        if (yaml_unprintable(cp))
            return 0;
    }
    return 1;
}

/* 1 when the first line with any character starts with a space, which a
 * YAML reader would take for indentation. */
static int needs_indent_indicator(const struct strbuf *clean)
{
    for (size_t i = 0; i < clean->len; i++)
        if (clean->buf[i] != '\n')
            return clean->buf[i] == ' ';
    return 0;
}

/* "  details: |\n" and the lines, or a quoted string when a block cannot
 * carry the text. */
static int add_yaml_block(struct strbuf *out, const char *key, const char *text)
{
    struct strbuf clean = STRBUF_INIT;
    size_t body, trailing = 0;
    int rc = sanitized(text, &clean);

    if (rc < 0)
        return -1;
    body = clean.len;
    while (body > 0 && clean.buf[body - 1] == '\n') {
        body--;
        trailing++;
    }
    if (body == 0 || !literal_block_fits(&clean)) {
        rc = strbuf_addf(out, "  %s: ", key);
        if (rc == 0)
            rc = add_yaml_quoted_clean(out, &clean);
        if (rc == 0)
            rc = strbuf_addch(out, '\n');
        strbuf_release(&clean);
        return rc;
    }
    rc = strbuf_addf(out, "  %s: |%s%s\n", key, needs_indent_indicator(&clean) ? "2" : "",
                     trailing == 0 ? "-" : trailing == 1 ? "" : "+");
    for (size_t start = 0; rc == 0 && start < body;) {
        const char *nl = memchr(clean.buf + start, '\n', body - start);
        size_t end = nl ? (size_t)(nl - clean.buf) : body;

        rc = strbuf_adds(out, "    ");
        if (rc == 0)
            rc = strbuf_add(out, clean.buf + start, end - start);
        if (rc == 0)
            rc = strbuf_addch(out, '\n');
        start = end + 1;
    }
    for (size_t i = 1; rc == 0 && i < trailing; i++)
        rc = strbuf_adds(out, "    \n");
    strbuf_release(&clean);
    return rc;
}

static int add_seconds(struct strbuf *out, double seconds)
{
    if (!isfinite(seconds))
        return strbuf_adds(out, "null");
    return strbuf_addf(out, "%.3f", seconds);
}

static const char *prop_value(const struct result *r, const char *name)
{
    for (size_t i = 0; i < r->nprops; i++)
        if (r->props[i].name && strcmp(r->props[i].name, name) == 0)
            return r->props[i].value;
    return NULL;
}

/* The reason after the expected-failure directive. */
static int add_xfail_reason(struct strbuf *out, const struct result *r)
{
    const char *ref = prop_value(r, "known-issue");
    const char *message = r->message && r->message[0] ? r->message : NULL;
    struct strbuf reason = STRBUF_INIT;
    int rc;

    if (message && (!ref || strstr(message, ref)))
        rc = strbuf_adds(&reason, message);
    else if (ref && message)
        rc = strbuf_addf(&reason, "known issue %s: %s", ref, message);
    else if (ref)
        rc = strbuf_addf(&reason, "known issue %s", ref);
    else
        rc = strbuf_adds(&reason, "known issue");
    if (rc == 0)
        rc = add_line_text(out, strbuf_str(&reason));
    strbuf_release(&reason);
    return rc;
}

static int add_test_line(struct strbuf *out, const struct result *r, size_t number)
{
    int ok = r->verdict == VERDICT_PASS || r->verdict == VERDICT_SKIP;

    if (strbuf_addf(out, "%sok %zu", ok ? "" : "not ", number) < 0)
        return -1;
    if (r->id && r->id[0] && (strbuf_adds(out, " - ") < 0 || add_line_text(out, r->id) < 0))
        return -1;
    if (r->verdict == VERDICT_SKIP) {
        if (strbuf_adds(out, " # SKIP") < 0)
            return -1;
        if (r->message && r->message[0] && (strbuf_addch(out, ' ') < 0 || add_line_text(out, r->message) < 0))
            return -1;
    } else if (r->verdict == VERDICT_XFAIL) {
        if (strbuf_adds(out, " # " TAP_EXPECTED_FAILURE " ") < 0 || add_xfail_reason(out, r) < 0)
            return -1;
    }
    return strbuf_addch(out, '\n');
}

static int add_yaml_diagnostics(struct strbuf *out, const struct result *r)
{
    const char *ref = prop_value(r, "known-issue");

    if (r->verdict == VERDICT_SKIP)
        return 0;
    if (r->verdict == VERDICT_PASS) {
        if (r->nattempts == 0)
            return 0;
        return strbuf_addf(out, "  ---\n  flaky: \"passed on attempt %zu of %zu\"\n  ...\n", r->nattempts + 1,
                           r->nattempts + 1);
    }
    if (strbuf_addf(out, "  ---\n  verdict: %s\n", verdict_name(r->verdict)) < 0)
        return -1;
    if (ref && (r->verdict == VERDICT_XFAIL || r->verdict == VERDICT_XPASS) &&
        add_yaml_string(out, "known_issue", ref) < 0)
        return -1;
    if (r->message && add_yaml_string(out, "message", r->message) < 0)
        return -1;
    if (strbuf_adds(out, "  seconds: ") < 0 || add_seconds(out, r->seconds) < 0 || strbuf_addch(out, '\n') < 0)
        return -1;
    if (r->runtime_version && add_yaml_string(out, "runtime_version", r->runtime_version) < 0)
        return -1;
    if (r->details && add_yaml_block(out, "details", r->details) < 0)
        return -1;
    if (r->nattempts && strbuf_addf(out, "  attempts: %zu\n", r->nattempts + 1) < 0)
        return -1;
    return strbuf_adds(out, "  ...\n");
}

static int render(const struct result *results, size_t n, struct strbuf *out)
{
    if (strbuf_addf(out, "TAP version 13\n1..%zu\n", n) < 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (add_test_line(out, &results[i], i + 1) < 0 || add_yaml_diagnostics(out, &results[i]) < 0)
            return -1;
    return 0;
}

int tap_render(const struct result *results, size_t n, struct strbuf *out)
{
    size_t start = out->len;
    struct c_numeric cn;
    int rc;

    /* Times are "%.3f" with a '.', whatever LC_NUMERIC the process has. */
    if (c_numeric_init(&cn) != 0)
        return -1;
    rc = render(results, n, out);
    c_numeric_release(&cn);
    if (rc < 0 && out->buf) {
        out->len = start;
        out->buf[start] = '\0';
    }
    return rc;
}

int tap_write(const char *path, const struct result *results, size_t n, struct err *e)
{
    struct strbuf doc = STRBUF_INIT;
    int rc;

    if (tap_render(results, n, &doc) < 0) {
        strbuf_release(&doc);
        return err_set(e, "%s: cannot render the TAP report (out of memory)", path);
    }
    rc = atomic_write(path, strbuf_str(&doc), doc.len, e);
    strbuf_release(&doc);
    return rc;
}
