/*
 * utf16.h - UTF-16 <-> UTF-8, shared by the harness (the attach command's
 * profiler path) and the reference profiler (the runtime's WCHAR strings).
 * Unpaired surrogates and malformed UTF-8 become U+FFFD.
 */
#ifndef PROFCHECK_UTF16_H
#define PROFCHECK_UTF16_H

#include <stddef.h>
#include <uchar.h>

/* Up to in_len units (stopping at a 0 unit) into out, always
 * NUL-terminated; returns the bytes written, without the NUL. */
size_t utf16_to_utf8(const char16_t *in, size_t in_len, char *out, size_t out_size);
/* Up to in_len bytes (stopping at a NUL) into out, always 0-terminated;
 * returns the units written, without the terminator. */
size_t utf8_to_utf16(const char *in, size_t in_len, char16_t *out, size_t out_cap);

#endif
