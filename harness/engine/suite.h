/*
 * suite.h - which case files a command works on.
 *
 * Arguments are case files or directories (searched recursively for
 * *.xml, in name order; a directory reached a second time, through a
 * symlink cycle or a second link, by its device and inode, is not walked
 * again).  A case's id is its path under the suite root without ".xml"
 * ("jit/basic"): the root is the directory given on the command line, or
 * for a file the nearest parent directory holding case.xsd.  The list is
 * sorted by id; one file named twice is listed once, and two files with
 * one id are an error naming both.
 */
#ifndef PROFCHECK_SUITE_H
#define PROFCHECK_SUITE_H

#include <stddef.h>

#include "../model/case.h"
#include "../util/err.h"

struct case_ref {
    char *path;
    char *id;
};

struct case_list {
    struct case_ref *v;
    size_t len;
    size_t cap;
};

void case_list_init(struct case_list *l);
void case_list_release(struct case_list *l);

int suite_collect(char *const *paths, size_t npaths, struct case_list *out, struct err *e);

/* Selection: --filter globs on ids ("!glob" excludes; a case is kept when
 * it matches some including glob, or there is none, and no excluding one)
 * and --tag (a case is kept when it has every tag asked for).  A glob
 * matches a variant when it matches its own id ("rejit/basic[tc=off]") or
 * its case's ("rejit/basic"). */
struct selection {
    char **filters;
    size_t nfilters;
    char **tags;
    size_t ntags;
};

int selection_keeps_id(const struct selection *s, const char *id, const char *base_id);
int selection_keeps_tags(const struct selection *s, const struct case_def *c);

#endif
