#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void err_init(struct err *e)
{
    e->msg[0] = '\0';
}

/* Copies src into the message, cut to fit. */
static void set_truncated(struct err *e, const char *src)
{
    size_t n = strlen(src);

    if (n >= sizeof e->msg)
        n = sizeof e->msg - 1;
    memcpy(e->msg, src, n);
    e->msg[n] = '\0';
}

int err_set(struct err *e, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

int err_errno(struct err *e, const char *fmt, ...)
{
    char buf[2 * ERR_MSG_MAX];
    int saved = errno;
    const char *reason = strerror(saved);
    size_t len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, ERR_MSG_MAX, fmt, ap);
    va_end(ap);
    len = strlen(buf);
    buf[len++] = ':';
    buf[len++] = ' ';
    buf[len] = '\0';
    strncat(buf, reason, sizeof buf - len - 1);
    set_truncated(e, buf);
    errno = saved;
    return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
    char buf[2 * ERR_MSG_MAX + 2];
    size_t len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, ERR_MSG_MAX, fmt, ap);
    va_end(ap);
    len = strlen(buf);
    buf[len++] = ':';
    buf[len++] = ' ';
    memcpy(buf + len, e->msg, strlen(e->msg) + 1);
    set_truncated(e, buf);
    return -1;
}
