#include "cli.h"

#include "../../reports/sanitize.h"
#include "../engine/schedule.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_print_line(FILE *f, const char *prefix, const char *text)
{
    struct strbuf sb = STRBUF_INIT;

    if (sanitize_line(text, strlen(text), &sb) == 0)
        fprintf(f, "%s%s\n", prefix, strbuf_str(&sb));
    strbuf_release(&sb);
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

/* Gives case c the runtime it was loaded for: its label in the id, the
 * version and the fixtures (only the version in a run on one runtime). */
static int label_case(struct case_def *c, const struct runtime_set *rs, const struct runtime_target *t)
{
    if (t->version && !(c->runtime_version = strdup(t->version)))
        return -1;
    if (rs->labelled) {
        size_t n = strlen(c->id) + strlen(t->tfm) + 4;
        char *id = malloc(n);

        if (!id)
            return -1;
        snprintf(id, n, "%s [%s]", c->id, t->tfm);
        free(c->id);
        c->id = id;
        if (!(c->runtime = strdup(t->tfm)) || (t->fixtures_dir && !(c->fixtures_dir = strdup(t->fixtures_dir))))
            return -1;
    }
    return 0;
}

/* Appends c to out (which then owns it); 0, or -1 (c released). */
static int keep_case(struct loaded_cases *out, struct case_def *c)
{
    struct case_def *grown = realloc(out->v, (out->len + 1) * sizeof *grown);

    if (!grown) {
        case_release(c);
        return -1;
    }
    out->v = grown;
    out->v[out->len++] = *c;
    return 0;
}

/*
 * The cases of one file: loaded once per runtime of rs (its `when`
 * conditions decided for that runtime), then each variant on each runtime
 * in turn, filtered by the plain id, labelled.  A case that runs once
 * keeps the newest runtime only.  The number of broken loads (each
 * printed once), or -1 when memory ran out.
 */
static int load_file(struct caseload *cl, const struct case_ref *ref, const struct selection *sel,
                     const struct runtime_set *rs, struct loaded_cases *out, FILE *errf)
{
    size_t nt = rs && rs->n ? rs->n : 1, newest = rs ? runtime_set_newest(rs) : 0, nvariants = SIZE_MAX;
    struct case_set *sets = calloc(nt, sizeof *sets);
    char last_error[ERR_MSG_MAX] = "";
    int bad = 0, rc = 0;
    struct err e;

    if (!sets)
        return -1;
    for (size_t t = 0; t < nt; t++) {
        err_init(&e);
        cl->runtime_version = rs && rs->n ? rs->v[t].version : NULL;
        if (caseload_file(cl, ref->path, ref->id, &sets[t], &e) < 0) {
            if (strcmp(e.msg, last_error) != 0)
                cli_print_line(errf, "", e.msg);
            snprintf(last_error, sizeof last_error, "%s", e.msg);
            bad = 1;
        }
        if (sets[t].n < nvariants)
            nvariants = sets[t].n;
    }
    for (size_t k = 0; !bad && k < nvariants && rc == 0; k++) {
        for (size_t t = 0; t < nt && rc == 0; t++) {
            struct case_def *c = &sets[t].v[k];

            if ((c->run_once && rs && rs->labelled && t != newest) ||
                (sel && (!selection_keeps_id(sel, c->id, ref->id) || !selection_keeps_tags(sel, c)))) {
                case_release(c);
                memset(c, 0, sizeof *c);
                continue;
            }
            if (rs && rs->n && label_case(c, rs, &rs->v[t]) < 0) {
                case_release(c);
                rc = -1;
            } else {
                rc = keep_case(out, c);
            }
            memset(c, 0, sizeof *c);
        }
    }
    for (size_t t = 0; t < nt; t++)
        case_set_release(&sets[t]);
    free(sets);
    cl->runtime_version = NULL;
    if (rc < 0)
        fprintf(errf, "profcheck: out of memory\n");
    return rc < 0 ? rc : bad;
}

/*
 * A CASE or DIR argument that names nothing here but names a case id or
 * an area of the default suite ("jit/started-finished", "jit") stands for
 * that file or directory, so that an installed profcheck runs its cases
 * by id from anywhere.  Into out: the path to use (arg itself otherwise).
 */
static void case_arg(const char *arg, const struct cli_paths *defaults, char *out, size_t size)
{
    struct stat st;

    snprintf(out, size, "%s", arg);
    if (arg[0] == '/' || lstat(arg, &st) == 0 || errno != ENOENT || strstr(arg, ".."))
        return;
    if ((size_t)snprintf(out, size, "%s/%s.xml", defaults->cases, arg) < size && stat(out, &st) == 0 &&
        S_ISREG(st.st_mode))
        return;
    if ((size_t)snprintf(out, size, "%s/%s", defaults->cases, arg) < size && stat(out, &st) == 0 &&
        S_ISDIR(st.st_mode))
        return;
    snprintf(out, size, "%s", arg);
}

int cli_load_cases(char **paths, size_t npaths, const struct cli_paths *defaults, const struct selection *sel,
                   const struct runtime_set *runtimes, int vendor_agent, struct loaded_cases *out, FILE *errf)
{
    char *fallback[1], **args = NULL;
    struct case_list list;
    struct caseload cl;
    struct err e;
    size_t nargs = 0;
    int bad = 0, rc;

    out->v = NULL;
    out->len = 0;
    err_init(&e);
    if (npaths == 0) {
        fallback[0] = (char *)defaults->cases;
        paths = fallback;
        npaths = 1;
    }
    for (size_t i = 0; i < npaths; i++) {
        char arg[PATH_MAX];

        case_arg(paths[i], defaults, arg, sizeof arg);
        if (strv_push(&args, &nargs, arg) < 0) {
            strv_clear(&args, &nargs);
            fprintf(errf, "profcheck: out of memory\n");
            return -1;
        }
    }
    rc = suite_collect(args, nargs, &list, &e);
    strv_clear(&args, &nargs);
    if (rc < 0) {
        cli_print_line(errf, "profcheck: ", e.msg);
        return -1;
    }
    if (caseload_init(&cl, &e) < 0) {
        fprintf(errf, "profcheck: %s\n", e.msg);
        case_list_release(&list);
        return -1;
    }
    cl.vendor_agent = vendor_agent;
    for (size_t i = 0; i < list.len; i++) {
        int rc = load_file(&cl, &list.v[i], sel, runtimes, out, errf);

        bad += rc < 0 ? 1 : rc;
    }
    caseload_release(&cl);
    case_list_release(&list);
    return bad;
}

int cli_parse_count(const char *command, const char *what, const char *value, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < min || v > max) {
        fprintf(stderr, "profcheck %s: %s needs a number from %ld to %ld, not '%s'\n", command, what, min, max, value);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_shard(const char *command, const char *value, size_t *index, size_t *total)
{
    const char *slash = strchr(value, '/');
    char first[32];
    long i, n;

    if (!slash || (size_t)(slash - value) >= sizeof first) {
        fprintf(stderr, "profcheck %s: --shard takes I/N (e.g. 2/3), not '%s'\n", command, value);
        return -1;
    }
    snprintf(first, sizeof first, "%.*s", (int)(slash - value), value);
    if (cli_parse_count(command, "the shard count", slash + 1, 1, 10000, &n) < 0 ||
        cli_parse_count(command, "the shard index", first, 1, n, &i) < 0)
        return -1;
    *index = (size_t)i;
    *total = (size_t)n;
    return 0;
}

static int env_count(const char *name, long *out)
{
    const char *v = getenv(name);
    char *end;

    if (!v || !*v)
        return 0;
    *out = strtol(v, &end, 10);
    if (*end || *out < 1 || *out > 10000)
        return -1;
    return 1;
}

int cli_shard_from_env(const char *command, size_t *index, size_t *total)
{
    long i = 0, n = 0;
    int has_i, has_n;

    if (*total)
        return 0;
    has_i = env_count("PROFCHECK_SHARD_INDEX", &i);
    has_n = env_count("PROFCHECK_TOTAL_SHARDS", &n);
    if (has_i < 0 || has_n < 0 || has_i != has_n || (has_i && i > n)) {
        fprintf(stderr,
                "profcheck %s: PROFCHECK_SHARD_INDEX and PROFCHECK_TOTAL_SHARDS go together, "
                "1 <= index <= total\n",
                command);
        return -1;
    }
    if (has_i) {
        *index = (size_t)i;
        *total = (size_t)n;
    }
    return 0;
}

int cli_apply_shard(struct loaded_cases *l, size_t index, size_t total)
{
    size_t *picked, kept;
    struct case_def *v;

    if (total == 0)
        return 0;
    picked = calloc(l->len ? l->len : 1, sizeof *picked);
    v = calloc(l->len ? l->len : 1, sizeof *v);
    if (!picked || !v) {
        free(picked);
        free(v);
        fprintf(stderr, "profcheck: out of memory\n");
        return -1;
    }
    kept = shard_select(l->len, index, total, picked);
    for (size_t k = 0, j = 0; k < l->len; k++) {
        if (j < kept && picked[j] == k) {
            v[j++] = l->v[k];
        } else {
            case_release(&l->v[k]);
        }
    }
    free(l->v);
    free(picked);
    l->v = v;
    l->len = kept;
    return 0;
}
