/*
 * glob.h - shell-style matching of names: '*' matches any run of
 * characters, '?' one character; everything else matches itself.  Shared by
 * the harness (event predicates) and the profiler (the `only` filter).
 */
#ifndef PROFCHECK_GLOB_H
#define PROFCHECK_GLOB_H

int glob_match(const char *pattern, const char *text);

/* 1 when s has a '*' or '?'. */
int glob_has_wildcard(const char *s);

#endif
