/*
 * err.h - the one error message of a failed operation.
 *
 * Functions return 0 on success and a negative value on failure; the
 * function that finds the failure writes the message once with err_set,
 * and callers pass it up unchanged (or prefix it with err_prefix).
 */
#ifndef PROFCHECK_ERR_H
#define PROFCHECK_ERR_H

#include <stddef.h>

#define ERR_MSG_MAX 1024

struct err {
    char msg[ERR_MSG_MAX];
};

void err_init(struct err *e);

/* Sets the message; returns -1 so callers can `return err_set(...)`. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like err_set, then appends ": strerror(errno)" for the errno on entry. */
int err_errno(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Puts "prefix: " before the current message; returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
