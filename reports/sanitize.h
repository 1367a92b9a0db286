/*
 * sanitize.h - text that is safe for XML 1.0 and for a terminal.
 *
 * Whatever an app or a profiler printed becomes valid UTF-8 made only of
 * characters XML 1.0 allows, with nothing a terminal or a browser would act
 * on, and every byte still readable:
 *   - a byte that starts no valid UTF-8 sequence (a stray continuation
 *     byte, a truncated or overlong sequence, a surrogate, anything past
 *     U+10FFFF) becomes "\xNN", its value in two lower-case hex digits;
 *   - C0 control characters other than TAB, LF and CR, and DEL, become
 *     "\x1b", "\x7f", ...;
 *   - the C1 control characters U+0080..U+009F and the noncharacters
 *     U+FFFE and U+FFFF become "\u0085", "\ufffe", ...;
 *   - everything else is kept as it is (a backslash too: the escapes are
 *     for reading, not for decoding back).
 * Sanitising sanitised text changes nothing.
 */
#ifndef PROFCHECK_SANITIZE_H
#define PROFCHECK_SANITIZE_H

#include <stddef.h>

#include "../harness/util/strbuf.h"

int sanitize_text(const char *in, size_t len, struct strbuf *out);

/* For one line of a terminal (ids, file names, messages): as sanitize_text,
 * and TAB, LF and CR become "\t", "\n" and "\r", DEL and the C1 controls
 * (U+0080-U+009F) "\x7f" and "\u0085": the text stays on its line and
 * nothing in it can steer the terminal. */
int sanitize_line(const char *in, size_t len, struct strbuf *out);

/* Like sanitize_text, but keeps at most `cap` bytes of input: the first and
 * last cap/2, with "[... N bytes left out ...]" between them. */
int sanitize_capped(const char *in, size_t len, size_t cap, struct strbuf *out);

/* The same for text that was cut already: in holds the first and the last
 * len/2 bytes, and left_out bytes were between them (0: in is whole). */
int sanitize_cut(const char *in, size_t len, size_t left_out, struct strbuf *out);

#endif
