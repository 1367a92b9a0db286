/*
 * inspect.h - can this file be loaded as a profiler on this machine?  The
 * facts libelf gives about a profiler library, and the verdict drawn from
 * them (docs/vendor-guide.md, "Preflight").
 */
#ifndef PROFCHECK_INSPECT_H
#define PROFCHECK_INSPECT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/err.h"
#include "../util/strbuf.h"

/* More exported symbols than this and an agent is likely to clash with the
 * app's own native libraries (a warning, not a refusal). */
#define INSPECT_MANY_EXPORTS 1000

struct needed_lib {
    char *name;
    char *found; /* where it resolves, or NULL */
};

struct agent_facts {
    char path[PATH_MAX];
    int is_elf;
    int elf_class;        /* 32 or 64 */
    int machine;          /* e_machine */
    int host_machine;
    int host_class;
    int is_shared;        /* ET_DYN */
    int has_dynamic;      /* a PT_DYNAMIC segment */
    int exports_get_class_object;
    int exports_can_unload_now;
    size_t nexports;      /* defined global/weak symbols of default or protected visibility */
    int has_gnu_stack;
    int exec_stack;
    int textrel;
    struct needed_lib *needed;
    size_t nneeded;
    char *rpath;
    char *runpath;
    char *soname;
    char build_id[129];   /* "" when there is none */
};

void agent_facts_init(struct agent_facts *f);
void agent_facts_release(struct agent_facts *f);

/* Reads the facts of the file at path.  0, or -1 with a message when the
 * file cannot be read at all (a file that is not ELF is a fact: is_elf 0). */
int agent_inspect(const char *path, struct agent_facts *f, struct err *e);

/* The reasons the file cannot be loaded as a profiler (one per line) into
 * problems and the things worth knowing into warnings; returns the number
 * of problems (0: loadable), or -1 when out of memory. */
int agent_verdict(const struct agent_facts *f, struct strbuf *problems, struct strbuf *warnings);

/* Prints each line of lines (problems or warnings) to f as "  PREFIXline". */
void agent_print_lines(FILE *f, const char *prefix, const struct strbuf *lines);

/* The name of an e_machine value ("x86-64", "AArch64", ...). */
const char *agent_machine_name(int machine);

#endif
