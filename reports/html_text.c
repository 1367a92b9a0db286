#include "html_text.h"

#include <string.h>

#include "sanitize.h"

int html_text_n(struct strbuf *out, const char *text, size_t len)
{
    struct strbuf clean = STRBUF_INIT;
    int rc = 0;

    if (sanitize_text(text, len, &clean) < 0)
        return -1;
    for (size_t i = 0; i < clean.len && rc == 0; i++) {
        char c = clean.buf[i];

        switch (c) {
        case '&':
            rc = strbuf_adds(out, "&amp;");
            break;
        case '<':
            rc = strbuf_adds(out, "&lt;");
            break;
        case '>':
            rc = strbuf_adds(out, "&gt;");
            break;
        case '"':
            rc = strbuf_adds(out, "&quot;");
            break;
        case '\'':
            rc = strbuf_adds(out, "&#39;");
            break;
        default:
            rc = strbuf_addch(out, c);
            break;
        }
    }
    strbuf_release(&clean);
    return rc;
}

int html_text(struct strbuf *out, const char *text)
{
    return text ? html_text_n(out, text, strlen(text)) : 0;
}

unsigned long html_runtime_issue(const char *ref)
{
    static const char prefix[] = "dotnet/runtime#";
    unsigned long n = 0;
    size_t digits = 0;
    const char *p;

    if (!ref || strncmp(ref, prefix, sizeof prefix - 1) != 0)
        return 0;
    p = ref + sizeof prefix - 1;
    if (*p < '1' || *p > '9')
        return 0;
    for (; *p; p++, digits++) {
        if (*p < '0' || *p > '9' || digits == 8)
            return 0;
        n = n * 10 + (unsigned long)(*p - '0');
    }
    return n;
}
