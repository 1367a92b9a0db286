/*
 * console.h - what profcheck prints while and after it runs cases:
 * one line per finished case ("PASS: jit/basic (1 of 5) 0.41s"), the
 * details of every case that did not pass, and the closing line
 * "N passed, N failed, N skipped".
 */
#ifndef PROFCHECK_CONSOLE_H
#define PROFCHECK_CONSOLE_H

#include <stddef.h>
#include <stdio.h>

#include "../harness/model/result.h"

void console_case_line(FILE *f, const struct result *r, size_t index, size_t total);
void console_failures(FILE *f, const struct result *results, size_t n);
void console_summary(FILE *f, const struct tally *t);

#endif
