#include "suite.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/glob.h"
#include "../util/strbuf.h"

void case_list_init(struct case_list *l)
{
    l->v = NULL;
    l->len = 0;
    l->cap = 0;
}

void case_list_release(struct case_list *l)
{
    for (size_t i = 0; i < l->len; i++) {
        free(l->v[i].path);
        free(l->v[i].id);
    }
    free(l->v);
    case_list_init(l);
}

static int list_add(struct case_list *l, const char *path, const char *id, struct err *e)
{
    if (l->len == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        struct case_ref *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return err_set(e, "out of memory");
        l->v = v;
        l->cap = cap;
    }
    l->v[l->len].path = strdup(path);
    l->v[l->len].id = strdup(id);
    if (!l->v[l->len].path || !l->v[l->len].id) {
        free(l->v[l->len].path);
        free(l->v[l->len].id);
        return err_set(e, "out of memory");
    }
    l->len++;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* id = rel without ".xml". */
static int add_file(struct case_list *l, const char *path, const char *rel, struct err *e)
{
    char id[PATH_MAX];
    size_t n = strlen(rel) - 4;

    if (n >= sizeof id)
        return err_set(e, "%s: path too long", path);
    memcpy(id, rel, n);
    id[n] = '\0';
    return list_add(l, path, id, e);
}

/* The directories a walk has entered, by device and inode: a directory
 * reached again (a symlink cycle such as sub/up -> .., or two links to
 * one directory) is not walked twice. */
struct walk {
    struct case_list *l;
    struct dir_seen {
        dev_t dev;
        ino_t ino;
    } *seen;
    size_t nseen, capseen;
    struct err *e;
};

#define WALK_DEPTH_MAX 64

static int walk_enter(struct walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 0;
    if (w->nseen == w->capseen) {
        size_t cap = w->capseen ? w->capseen * 2 : 32;
        struct dir_seen *v = realloc(w->seen, cap * sizeof *v);
        if (!v)
            return err_set(w->e, "out of memory");
        w->seen = v;
        w->capseen = cap;
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir (without dot files), sorted; 0 or -1. */
static int read_names(const char *dir, char ***out, size_t *n, struct err *e)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;
    size_t len = 0, cap = 0;

    *out = NULL;
    *n = 0;
    if (!d)
        return err_errno(e, "%s: cannot read directory", dir);
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            char **nv = realloc(v, ncap * sizeof *nv);
            if (!nv)
                break;
            v = nv;
            cap = ncap;
        }
        if (!(v[len] = strdup(de->d_name)))
            break;
        len++;
    }
    closedir(d);
    if (de) {
        for (size_t i = 0; i < len; i++)
            free(v[i]);
        free(v);
        return err_set(e, "out of memory");
    }
    if (len)
        qsort(v, len, sizeof *v, by_name);
    *out = v;
    *n = len;
    return 0;
}

static int walk(struct walk *w, const char *dir, const struct stat *dir_st, const char *rel, int depth)
{
    char **names;
    size_t n;
    int rc;

    rc = walk_enter(w, dir_st);
    if (rc <= 0)
        return rc;
    if (depth > WALK_DEPTH_MAX)
        return err_set(w->e, "%s: directories nested deeper than %d levels", dir, WALK_DEPTH_MAX);
    if (read_names(dir, &names, &n, w->e) < 0)
        return -1;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char path[PATH_MAX], sub[PATH_MAX];
        struct stat st;
        int n1, n2;

        n1 = snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        n2 = rel[0] ? snprintf(sub, sizeof sub, "%s/%s", rel, names[i]) : snprintf(sub, sizeof sub, "%s", names[i]);
        if (n1 < 0 || (size_t)n1 >= sizeof path || n2 < 0 || (size_t)n2 >= sizeof sub) {
            rc = err_set(w->e, "%s/%s: path too long", dir, names[i]);
            break;
        }
        if (stat(path, &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = walk(w, path, &st, sub, depth + 1);
        else if (S_ISREG(st.st_mode) && ends_with(names[i], ".xml"))
            rc = add_file(w->l, path, sub, w->e);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/*
 * The id prefix of a path: its location under the nearest directory (itself
 * included for a directory) that holds case.xsd, or "" when there is none.
 */
static int root_relative(const char *path, int is_dir, char *rel, size_t size)
{
    char abs[PATH_MAX], dir[PATH_MAX], probe[PATH_MAX + 16];

    if (!realpath(path, abs))
        return -1;
    snprintf(dir, sizeof dir, "%s", abs);
    if (!is_dir) {
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
    }
    for (;;) {
        char *slash;

        snprintf(probe, sizeof probe, "%s/case.xsd", dir);
        if (access(probe, F_OK) == 0) {
            size_t n = strlen(dir);
            snprintf(rel, size, "%s", abs[n] == '/' ? abs + n + 1 : abs + n);
            return 0;
        }
        slash = strrchr(dir, '/');
        if (!slash || slash == dir)
            break;
        *slash = '\0';
    }
    rel[0] = '\0';
    return 0;
}

/* A single file: id from the suite root; without one, the parent
 * directory's name and the file's name. */
static int add_single(struct case_list *l, const char *path, struct err *e)
{
    char abs[PATH_MAX], rel[PATH_MAX], dir[PATH_MAX], fallback[PATH_MAX + 8];
    const char *base, *parent;

    if (root_relative(path, 0, rel, sizeof rel) < 0 || !realpath(path, abs))
        return err_errno(e, "%s", path);
    if (rel[0])
        return add_file(l, path, rel, e);
    base = strrchr(abs, '/');
    snprintf(dir, sizeof dir, "%.*s", (int)(base - abs), abs);
    parent = strrchr(dir, '/');
    snprintf(fallback, sizeof fallback, "%s/%s", parent ? parent + 1 : dir, base + 1);
    return add_file(l, path, fallback, e);
}

static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    if (stat(a, &sa) < 0 || stat(b, &sb) < 0)
        return strcmp(a, b) == 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int by_id(const void *a, const void *b)
{
    const struct case_ref *x = a, *y = b;

    return strcmp(x->id, y->id);
}

int suite_collect(char *const *paths, size_t npaths, struct case_list *out, struct err *e)
{
    size_t w = 0;

    case_list_init(out);
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        int rc;

        if (stat(paths[i], &st) < 0) {
            case_list_release(out);
            return err_errno(e, "%s", paths[i]);
        }
        if (S_ISDIR(st.st_mode)) {
            char root[PATH_MAX], rel[PATH_MAX];
            struct walk w = {out, NULL, 0, 0, e};

            snprintf(root, sizeof root, "%s", paths[i]);
            while (strlen(root) > 1 && root[strlen(root) - 1] == '/')
                root[strlen(root) - 1] = '\0';
            if (root_relative(root, 1, rel, sizeof rel) < 0)
                rc = err_errno(e, "%s", root);
            else
                rc = walk(&w, root, &st, rel, 0);
            free(w.seen);
        } else if (ends_with(paths[i], ".xml")) {
            rc = add_single(out, paths[i], e);
        } else {
            rc = err_set(e, "%s: not a case file (*.xml) or a directory", paths[i]);
        }
        if (rc < 0) {
            case_list_release(out);
            return rc;
        }
    }
    if (out->len)
        qsort(out->v, out->len, sizeof *out->v, by_id);
    /* One file named twice (a directory and a file in it) is one case; two
     * files with one id would make one of them silently never run. */
    for (size_t r = 0; r < out->len; r++) {
        if (w > 0 && strcmp(out->v[w - 1].id, out->v[r].id) == 0) {
            if (!same_file(out->v[w - 1].path, out->v[r].path)) {
                err_set(e, "two case files have the id '%s': %s and %s (ids must be unique: run them apart or "
                           "rename one)",
                        out->v[r].id, out->v[w - 1].path, out->v[r].path);
                for (size_t k = r; k < out->len; k++) {
                    free(out->v[k].path);
                    free(out->v[k].id);
                }
                out->len = w;
                case_list_release(out);
                return -1;
            }
            free(out->v[r].path);
            free(out->v[r].id);
            continue;
        }
        out->v[w++] = out->v[r];
    }
    out->len = w;
    return 0;
}

int selection_keeps_id(const struct selection *s, const char *id, const char *base_id)
{
    int has_include = 0, included = 0;

    if (!base_id)
        base_id = id;
    for (size_t i = 0; i < s->nfilters; i++) {
        const char *f = s->filters[i];
        if (f[0] == '!') {
            if (glob_match(f + 1, id) || glob_match(f + 1, base_id))
                return 0;
        } else {
            has_include = 1;
            if (glob_match(f, id) || glob_match(f, base_id))
                included = 1;
        }
    }
    return !has_include || included;
}

int selection_keeps_tags(const struct selection *s, const struct case_def *c)
{
    for (size_t i = 0; i < s->ntags; i++) {
        int found = 0;
        for (size_t t = 0; t < c->ntags && !found; t++)
            found = strcmp(c->tags[t], s->tags[i]) == 0;
        if (!found)
            return 0;
    }
    return 1;
}
