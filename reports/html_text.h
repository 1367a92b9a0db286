/*
 * html_text.h - text into HTML that stays text.
 *
 * Everything the page shows of a result (ids, messages, details, output,
 * property names and values) goes through html_text: it is sanitised
 * first (sanitize.h: valid UTF-8, control characters as "\x1b"), then
 * '&', '<', '>', '"' and '\'' become character references, so that the
 * text can stand in element content and in a quoted attribute alike and
 * no byte of it can open a tag, end an attribute or start an entity.
 */
#ifndef PROFCHECK_HTML_TEXT_H
#define PROFCHECK_HTML_TEXT_H

#include <stddef.h>

#include "../harness/util/strbuf.h"

/* Appends text[0..len) sanitised and escaped; 0 or -1. */
int html_text_n(struct strbuf *out, const char *text, size_t len);
/* The same for a NUL-terminated string; NULL appends nothing. */
int html_text(struct strbuf *out, const char *text);

/*
 * The issue number when ref names an issue of dotnet/runtime exactly as
 * "dotnet/runtime#N" (N a decimal number without a leading zero, at most
 * eight digits), else 0.  Only such a ref becomes a link, and the link is
 * made from the number alone.
 */
unsigned long html_runtime_issue(const char *ref);

#endif
