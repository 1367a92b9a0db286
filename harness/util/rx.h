/*
 * rx.h - the regular expressions of case files (<wait stdout-re>, <stdout
 * matches>): POSIX extended syntax, matched by PCRE2 within fixed limits.
 *
 * A pattern is read as POSIX ERE: a backslash inside a bracket expression
 * is an ordinary character, \< \> \` \' are GNU's word and text
 * boundaries; what ERE leaves undefined takes PCRE2's meaning (\d, \t,
 * lookarounds).  A quantifier followed by '+', which PCRE2 reads as
 * possessive and POSIX as a repeated repeat, is refused.  Patterns and lines
 * are bytes (no UTF-8 mode); '.' matches any byte.
 *
 * Compiling refuses patterns over RX_PATTERN_MAX bytes, nested deeper than
 * RX_NEST_MAX groups, or compiled larger than RX_CODE_MAX.  Matching one
 * line stops after RX_MATCH_LIMIT backtracking steps, RX_DEPTH_LIMIT
 * nested backtracking points or RX_HEAP_LIMIT_KIB of memory and says so:
 * no line can keep a match running for long.
 */
#ifndef PROFCHECK_RX_H
#define PROFCHECK_RX_H

#include <stddef.h>

#define RX_PATTERN_MAX 4096
#define RX_NEST_MAX 64
#define RX_CODE_MAX (64u * 1024)
#define RX_MATCH_LIMIT 1000000u
#define RX_DEPTH_LIMIT 100000u
#define RX_HEAP_LIMIT_KIB 32768u

/* rx_match's answers besides 1 (matches) and 0 (does not). */
#define RX_LIMIT (-2) /* a limit was hit: the line's answer is unknown */
#define RX_NOMEM (-1)

struct rx;

/* 0 with *out set, or -1 with why ("missing closing parenthesis at
 * offset 3") written into why. */
int rx_compile(const char *pattern, struct rx **out, char *why, size_t why_size);

/* 1 when some part of s[0..len) matches, 0 when none does, RX_LIMIT or
 * RX_NOMEM.  s need not be NUL-terminated and may hold NUL bytes. */
int rx_match(const struct rx *rx, const char *s, size_t len);

/* rx_match, and on a match [*start, *end) of s is what the first group
 * took, or the whole match when there is no group or it took no part. */
int rx_capture(const struct rx *rx, const char *s, size_t len, size_t *start, size_t *end);

/* The number of capturing groups of the pattern. */
int rx_groups(const struct rx *rx);

void rx_free(struct rx *rx);

#endif
