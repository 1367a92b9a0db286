/*
 * test_files.h - helpers of the unit tests: whole-file read and write,
 * scratch directories, golden-file comparison, string copies.
 */
#ifndef PROFCHECK_TEST_FILES_H
#define PROFCHECK_TEST_FILES_H

#include <stddef.h>

/* Prints `  label (N bytes): "..."` on stderr, bytes outside printable
 * ASCII (and '"', '\\') as \xNN: for showing two texts that differ. */
void test_print_escaped(const char *label, const char *s, size_t len);
/* strdup that aborts when memory runs out; NULL stays NULL. */
char *test_dup(const char *s);
/* The whole file (NUL-terminated, "" when empty) and its length, or NULL. */
char *test_read_file(const char *path, size_t *len);
/* 0, or -1 when the file cannot be written in full. */
int test_write_file(const char *path, const char *data, size_t len);
/* A fresh directory /tmp/profcheck-test-?????? into dir; 0 or -1. */
int test_temp_dir(char *dir, size_t size);
/* Entries of a directory other than "." and "..", or -1. */
int test_count_entries(const char *dir);
/* Removes a file or a whole directory tree; errors are ignored. */
void test_remove_tree(const char *path);
/*
 * 1 when doc equals the golden file PROFCHECK_TEST_DATA/name, else 0 with
 * the first differing byte on stderr.  When PROFCHECK_GOLDEN_OUT names a
 * directory, a differing document is written there for inspection.
 */
int test_matches_golden(const char *name, const char *doc, size_t len);

#endif
