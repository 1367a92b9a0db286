#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_paths_default(struct cli_paths *p)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;

    memset(p, 0, sizeof *p);
    if (n > 0) {
        exe[n] = '\0';
        /* .../build/bin/profcheck -> .../build */
        slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        snprintf(p->build, sizeof p->build, "%s", exe);
    } else {
        snprintf(p->build, sizeof p->build, ".");
    }
    snprintf(p->fixtures, sizeof p->fixtures, "%.*s/fixtures", PATH_MAX - 16, p->build);
    snprintf(p->profiler, sizeof p->profiler, "%.*s/lib/libprofcheck_ref.so", PATH_MAX - 32, p->build);
    snprintf(p->reports, sizeof p->reports, "%.*s/reports", PATH_MAX - 16, p->build);
#ifdef PROFCHECK_SOURCE_DIR
    snprintf(p->cases, sizeof p->cases, "%s/cases", PROFCHECK_SOURCE_DIR);
#else
    snprintf(p->cases, sizeof p->cases, "cases");
#endif
}

int strv_push(char ***v, size_t *n, const char *s)
{
    char **nv = realloc(*v, (*n + 2) * sizeof **v);

    if (!nv)
        return -1;
    *v = nv;
    nv[*n] = strdup(s);
    if (!nv[*n])
        return -1;
    (*n)++;
    nv[*n] = NULL;
    return 0;
}

void strv_clear(char ***v, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free((*v)[i]);
    free(*v);
    *v = NULL;
    *n = 0;
}

void loaded_cases_release(struct loaded_cases *l)
{
    for (size_t i = 0; i < l->len; i++)
        case_release(&l->v[i]);
    free(l->v);
    l->v = NULL;
    l->len = 0;
}

int cli_load_cases(char **paths, size_t npaths, const struct cli_paths *defaults, const struct selection *sel,
                   struct loaded_cases *out, FILE *errf)
{
    char *fallback[1];
    struct case_list list;
    struct caseload cl;
    struct err e;
    int bad = 0;

    out->v = NULL;
    out->len = 0;
    err_init(&e);
    if (npaths == 0) {
        fallback[0] = (char *)defaults->cases;
        paths = fallback;
        npaths = 1;
    }
    if (suite_collect(paths, npaths, &list, &e) < 0) {
        fprintf(errf, "profcheck: %s\n", e.msg);
        return -1;
    }
    if (caseload_init(&cl, &e) < 0) {
        fprintf(errf, "profcheck: %s\n", e.msg);
        case_list_release(&list);
        return -1;
    }
    for (size_t i = 0; i < list.len; i++) {
        struct case_set set;

        err_init(&e);
        if (caseload_file(&cl, list.v[i].path, list.v[i].id, &set, &e) < 0) {
            fprintf(errf, "%s\n", e.msg);
            bad++;
            continue;
        }
        for (size_t k = 0; k < set.n; k++) {
            struct case_def *c = &set.v[k];
            struct case_def *grown;

            if (sel && (!selection_keeps_id(sel, c->id, list.v[i].id) || !selection_keeps_tags(sel, c))) {
                case_release(c);
                continue;
            }
            grown = realloc(out->v, (out->len + 1) * sizeof *grown);
            if (!grown) {
                case_release(c);
                bad++;
                fprintf(errf, "profcheck: out of memory\n");
                continue;
            }
            out->v = grown;
            out->v[out->len++] = *c;
        }
        free(set.v);
    }
    caseload_release(&cl);
    case_list_release(&list);
    return bad;
}
