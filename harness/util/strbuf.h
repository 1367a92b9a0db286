/*
 * strbuf.h - a growable, always NUL-terminated byte string.
 *
 * Appending returns 0, or -1 when memory runs out; the buffer is then left
 * as it was before the call.
 */
#ifndef PROFCHECK_STRBUF_H
#define PROFCHECK_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
};

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);

int strbuf_grow(struct strbuf *sb, size_t extra);
int strbuf_add(struct strbuf *sb, const void *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* The contents ("" for an empty buffer, never NULL). */
const char *strbuf_str(const struct strbuf *sb);

/* Hands the string over to the caller (who frees it) and empties sb. */
char *strbuf_detach(struct strbuf *sb);

#endif
