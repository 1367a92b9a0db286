/*
 * runtimes.h - which runtimes a build holds, and which a run picks.
 *
 * `make build` writes BUILD/dotnet/runtimes.txt (docs/runtimes.md): one
 * line per runtime of the private .NET root BUILD/dotnet/, tab-separated
 * runtime (MAJOR.MINOR), version, target framework, where it came from,
 * and the Crossgen2 pack; '#' starts a comment.  The fixtures of each are
 * in BUILD/fixtures/<tfm>/.  `profcheck run --runtime` picks from them.
 */
#ifndef PROFCHECK_RUNTIMES_H
#define PROFCHECK_RUNTIMES_H

#include <stddef.h>

#include "../model/runtime.h"
#include "../util/err.h"

/* The runtimes listed in text, each with fixtures_dir "<fixtures_root>/<tfm>",
 * labelled.  `source` names the text in messages.  0, or -1 with the
 * line that is wrong. */
int runtimes_parse(const char *text, const char *source, const char *fixtures_root, struct runtime_set *out,
                   struct err *e);

/* The same from a file; -1 with the reason (ENOENT: errno is kept). */
int runtimes_read(const char *path, const char *fixtures_root, struct runtime_set *out, struct err *e);

/* 1 when word can name a runtime: "all", MAJOR.MINOR ("8.0"), MAJOR ("8",
 * meaning 8.0) or a target framework ("net8.0"). */
int runtimes_word_ok(const char *word);

/*
 * The runtimes of `all` that `wanted` names, in the order of `all`, each
 * once, labelled.  Each wanted string is a word or a comma-separated list
 * of words (runtimes_word_ok).  0; -1 with a message naming what is not
 * in `all` (`source` is where `all` came from) and what is, and how to
 * build it (`make build RUNTIMES=...`), or `advice` instead when not NULL.
 */
int runtimes_select(const struct runtime_set *all, const char *source, const char *advice, char *const *wanted,
                    size_t nwanted, struct runtime_set *out, struct err *e);

#endif
