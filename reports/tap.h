/*
 * tap.h - results as a TAP version 13 stream.
 *
 *   TAP version 13
 *   1..N
 *   ok 1 - jit/started-finished
 *   not ok 2 - rejit/basic[tc=off,r2r=on]
 *     ---
 *     verdict: FAIL
 *     message: "expected 2 events, saw 1"
 *     seconds: 0.123
 *     details: |
 *       check: ...
 *     attempts: 3
 *     ...
 *
 * One test line per result, numbered from 1 in input order.
 *
 *   PASS     "ok"; a flaky pass (one with earlier failed attempts) gets a
 *            YAML block with only `flaky: "passed on attempt K of K"`, K
 *            being the number of attempts in all.
 *   SKIP     "ok ... # SKIP <message>", no YAML block.
 *   XFAIL    "not ok ... # <TAP's expected-failure directive> <reason>": the
 *            message when it names the known issue (the engine's messages
 *            do), else "known issue <ref>: <message>" ("known issue <ref>"
 *            without a message), <ref> being the "known-issue" property;
 *            then a YAML block.
 *   FAIL, ERROR, TIMEOUT, XPASS
 *            "not ok" and a YAML block.
 *
 * The YAML block holds, in this order and each only when there is a value:
 * verdict; known_issue (XFAIL and XPASS, from the "known-issue" property);
 * message; seconds ("%.3f" in the C locale, null when not finite);
 * runtime_version (the runtime the case ran on); details; attempts (the
 * number of attempts in all, only when earlier ones failed).  In a run
 * over several runtimes the test line's description, the case id, ends in
 * the runtime's label: "ok 3 - rejit/basic [net8.0]".
 *
 * Every text is first sanitised (sanitize.h), so readers get the same text
 * as from the JUnit report: a control byte shows as "\x1b", a byte of
 * invalid UTF-8 as "\xff", a C1 control as "\u0085".  Then:
 *
 *   - on the test line (id and directive reason), "\" becomes "\\" and "#"
 *     becomes "\#" (the TAP 14 escapes, which TAP 13 consumers read as
 *     plain text), and a line feed, carriage return and tab become the two
 *     characters "\n", "\r", "\t", so that the line stays one line;
 *   - message, known_issue and flaky are YAML double-quoted strings:
 *     "\" "\"" LF CR TAB as \\ \" \n \r \t, the characters YAML does not
 *     allow raw (C0, DEL, C1, U+FEFF) as \xNN or \uNNNN, and U+2028/U+2029
 *     as \u2028/\u2029;
 *   - details is a literal block scalar ("|", "|-" without a final line
 *     feed, "|+" with several; "|2" when its first non-empty line starts
 *     with a space), every line indented by four spaces, empty lines too.
 *     When details is empty or only line feeds, or holds a character a
 *     literal block cannot carry (a carriage return, or any character
 *     escaped above), it is a double-quoted string instead.
 */
#ifndef PROFCHECK_TAP_H
#define PROFCHECK_TAP_H

#include <stddef.h>

#include "../harness/model/result.h"
#include "../harness/util/err.h"
#include "../harness/util/strbuf.h"

/* Appends the stream to out; 0, or -1 when memory ran out (out is then as
 * it was before the call). */
int tap_render(const struct result *results, size_t n, struct strbuf *out);

/* Writes the stream to path (atomic_write.h); 0, or -1 with the reason in e. */
int tap_write(const char *path, const struct result *results, size_t n, struct err *e);

#endif
