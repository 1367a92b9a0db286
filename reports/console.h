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

/* Colour only when f is a terminal and NO_COLOR is unset (no-color.org). */
struct console {
    FILE *f;
    int tty;        /* f is a terminal: the progress line may be drawn */
    int color;
    int progress;   /* draw the progress line */
    int line_drawn; /* a progress line is on screen */
};

void console_init(struct console *c, FILE *f, int want_progress);
void console_case_line(struct console *c, const struct result *r, size_t index, size_t total);
/* "[=====>    ] 12/49  running: rejit/basic, jit/x" on one line, redrawn. */
void console_progress(struct console *c, size_t finished, size_t total, const char *const *running, size_t nrunning);
/* Removes the progress line (before other output). */
void console_clear(struct console *c);
void console_failures(FILE *f, const struct result *results, size_t n);
void console_summary(FILE *f, const struct tally *t);

#endif
