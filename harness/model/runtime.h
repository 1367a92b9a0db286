/*
 * runtime.h - the .NET runtimes a run targets (docs/runtimes.md).
 *
 * A run over several runtimes runs every selected case once per runtime;
 * the case's id then ends in the runtime's target framework, its label:
 * "rejit/basic [net8.0]", "collectible/rejit-silent[api=rejit] [net9.0]".
 * A run on one runtime chosen by --dotnet/--fixtures has one unlabelled
 * target and plain ids, as before.  Plain data and pure functions.
 */
#ifndef PROFCHECK_RUNTIME_H
#define PROFCHECK_RUNTIME_H

#include <stddef.h>

struct runtime_target {
    char *name;         /* "8.0": MAJOR.MINOR */
    char *version;      /* "8.0.31": what the host runs the fixtures on; NULL when unknown */
    char *tfm;          /* "net8.0": the label in ids, and the fixtures' folder */
    char *fixtures_dir; /* the fixtures built for it */
};

struct runtime_set {
    struct runtime_target *v;
    size_t n;
    int labelled; /* ids carry " [tfm]" */
};

void runtime_set_init(struct runtime_set *s);
void runtime_set_release(struct runtime_set *s);
/* Appends a copy of each string (version may be NULL); 0 or -1. */
int runtime_set_add(struct runtime_set *s, const char *name, const char *version, const char *tfm,
                    const char *fixtures_dir);

/* The target a case that runs once (<case runtimes="once">) runs on: the
 * newest of the set.  Its index; 0 for an empty set. */
size_t runtime_set_newest(const struct runtime_set *s);

/* The length of id without its runtime label " [label]" (strlen(id) when
 * it has none, or label is NULL). */
size_t runtime_label_strip(const char *id, const char *label);

/* A test name "ID [netX.Y]" as written by the reports: 1 with the length
 * of ID and the label's start and length, 0 when the name has no label
 * (a label is "net" followed by a digit, then digits, letters and dots). */
int runtime_label_find(const char *name, size_t *id_len, const char **label, size_t *label_len);

#endif
