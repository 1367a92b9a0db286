#include "targets.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../engine/app_path.h"
#include "../engine/runtimes.h"
#include "../util/path.h"
#include "../util/strbuf.h"

void targets_init(struct targets *t)
{
    memset(t, 0, sizeof *t);
    runtime_set_init(&t->set);
    host_facts_init(&t->facts);
}

void targets_release(struct targets *t)
{
    runtime_set_release(&t->set);
    host_facts_release(&t->facts);
}

int targets_runtime_ok(const char *command, const char *value)
{
    char *copy = strdup(value), *save = NULL;
    int words = 0, ok = copy != NULL;

    for (char *w = copy ? strtok_r(copy, ", ", &save) : NULL; w && ok; w = strtok_r(NULL, ", ", &save)) {
        words++;
        ok = runtimes_word_ok(w);
    }
    free(copy);
    if (!ok || !words) {
        fprintf(stderr,
                "profcheck %s: --runtime takes MAJOR.MINOR (8.0), a target framework (net8.0) or all, "
                "several separated by commas; not '%s'\n",
                command, value);
        return 0;
    }
    return 1;
}

/* The version the host runs the fixtures of dir on: that of the first
 * fixture (by name) with a runtimeconfig.json, rolled forward as the host
 * does.  0; 1 with why when dir holds no fixture; -1 with why. */
static int fixtures_version(const struct host_facts *facts, const char *dir, const char *hint, char *version,
                            size_t size, char *why, size_t why_size)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort), rc = 1;

    if (n < 0) {
        snprintf(why, why_size, "fixtures directory '%s': %s (%s)", dir, strerror(errno), hint);
        return 1;
    }
    for (int i = 0; i < n; i++) {
        char config[PATH_MAX];

        if (rc > 0 && names[i]->d_name[0] != '.' &&
            (size_t)snprintf(config, sizeof config, "%s/%s/%s.runtimeconfig.json", dir, names[i]->d_name,
                             names[i]->d_name) < sizeof config &&
            access(config, R_OK) == 0)
            rc = requires_runtime_for(facts, dir, names[i]->d_name, version, size, why, why_size);
        free(names[i]);
    }
    free(names);
    if (rc > 0)
        snprintf(why, why_size, "no fixture is built in '%s' (%s)", dir, hint);
    return rc;
}

/* Appends dir to a search path; 0, or -1 when it does not fit. */
static int search_add(char *path, size_t size, const char *dir)
{
    size_t used = strlen(path);
    int n = snprintf(path + used, size - used, "%s%s", used ? (char[]){APP_PATH_SEP, '\0'} : "", dir);

    return n < 0 || (size_t)n >= size - used ? -1 : 0;
}

/* The fixtures search path of a runtime (targets.h): each --fixtures DIR
 * (as DIR/tfm, when it is a directory, then DIR), then the build's (its
 * tfm/ folder with a tfm; left out when it does not exist and directories
 * were given).  tfm is NULL on one runtime.  0, or -1 when a path is too
 * long or the current directory is gone. */
static int search_path(const struct target_opts *o, const char *build_fixtures, const char *tfm, char *out,
                       size_t size)
{
    char dir[PATH_MAX], sub[PATH_MAX + 64];
    struct stat st;

    out[0] = '\0';
    for (size_t i = 0; i < o->nfixtures; i++) {
        if (path_absolute(o->fixtures[i], dir, sizeof dir) < 0)
            return -1;
        if (tfm && (size_t)snprintf(sub, sizeof sub, "%s/%s", dir, tfm) < sizeof sub && stat(sub, &st) == 0 &&
            S_ISDIR(st.st_mode) && search_add(out, size, sub) < 0)
            return -1;
        if (search_add(out, size, dir) < 0)
            return -1;
    }
    if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", build_fixtures, tfm ? "/" : "", tfm ? tfm : "") >= sizeof sub)
        return -1;
    if ((o->nfixtures == 0 || access(sub, F_OK) == 0) && search_add(out, size, sub) < 0)
        return -1;
    return 0;
}

/* The host's newest runtime of line name ("8.0": 8.0.x), or NULL. */
static const char *host_newest(const struct host_facts *f, const char *name)
{
    const char *best = NULL;

    for (size_t i = 0; i < f->nruntimes; i++)
        if (version_condition("=", name, f->runtimes[i]) == 1 &&
            (!best || version_compare(f->runtimes[i], best) > 0))
            best = f->runtimes[i];
    return best;
}

/* The host's runtimes, "8.0.31, 10.0.12", into sb. */
static void host_list(const struct host_facts *f, struct strbuf *sb)
{
    for (size_t i = 0; i < f->nruntimes; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", f->runtimes[i]);
    if (f->nruntimes == 0)
        strbuf_addf(sb, "none");
}

/*
 * A data directory's runtimes on the host (targets.h): each target gets
 * the host's newest version of its line, or is left out.  Without a host
 * that answers, the targets stay as listed and t->problem says why (run
 * stops in targets_check).  0, or EXIT_ENVIRONMENT with a message: a
 * runtime --runtime named is missing, or none is left.
 */
static int match_host(const char *command, const struct target_opts *o, struct targets *t)
{
    struct strbuf left = STRBUF_INIT, lines = STRBUF_INIT, have = STRBUF_INIT;
    struct runtime_set kept;
    size_t nleft = 0;
    struct err e;
    int rc = 0;

    t->by_line = 1;
    err_init(&e);
    if (!t->dotnet[0] || access(t->dotnet, X_OK) != 0) {
        host_facts_probe(&t->facts, NULL, &e);
        if (t->dotnet[0])
            snprintf(t->problem, sizeof t->problem, "'%s' is not an executable dotnet host", t->dotnet);
        else
            snprintf(t->problem, sizeof t->problem, "no 'dotnet' on PATH");
        return 0;
    }
    if (host_facts_probe(&t->facts, t->dotnet, &e) < 0) {
        snprintf(t->problem, sizeof t->problem, "%s", e.msg);
        t->host_broken = 1;
        return 0;
    }
    runtime_set_init(&kept);
    kept.labelled = 1;
    for (size_t i = 0; i < t->set.n && rc == 0; i++) {
        const struct runtime_target *r = &t->set.v[i];
        const char *v = host_newest(&t->facts, r->name);

        if (v) {
            rc = runtime_set_add(&kept, r->name, v, r->tfm, r->fixtures_dir);
        } else {
            strbuf_addf(&left, "%s%s", nleft ? ", " : "", r->tfm);
            strbuf_addf(&lines, "%s%s", nleft ? " or " : "", r->name);
            nleft++;
        }
    }
    host_list(&t->facts, &have);
    if (rc < 0) {
        fprintf(stderr, "profcheck %s: out of memory\n", command);
        rc = EXIT_ENVIRONMENT;
    } else if (nleft && o->nruntimes && !(o->nruntimes == 1 && strcmp(o->runtimes[0], "all") == 0)) {
        fprintf(stderr, "profcheck %s: %s has no %s runtime (it has %s): install it, or pass --dotnet PATH\n",
                command, t->dotnet, strbuf_str(&lines), strbuf_str(&have));
        rc = EXIT_ENVIRONMENT;
    } else if (kept.n == 0) {
        fprintf(stderr,
                "profcheck %s: %s has none of the runtimes the fixtures of %s are built for (%s; it has %s): "
                "install one, or pass --dotnet PATH\n",
                command, t->dotnet, t->build_fixtures, strbuf_str(&left), strbuf_str(&have));
        rc = EXIT_ENVIRONMENT;
    } else if (nleft) {
        snprintf(t->skipped, sizeof t->skipped, "%s: %s has no %s runtime (it has %s)", strbuf_str(&left),
                 t->dotnet, strbuf_str(&lines), strbuf_str(&have));
        if (!o->quiet)
            fprintf(stderr, "profcheck %s: left out %s\n", command, t->skipped);
    }
    if (rc == 0) {
        runtime_set_release(&t->set);
        t->set = kept;
    } else {
        runtime_set_release(&kept);
    }
    strbuf_release(&left);
    strbuf_release(&lines);
    strbuf_release(&have);
    return rc;
}

static int several(const char *command, const struct target_opts *o, const struct cli_paths *paths,
                   struct targets *t)
{
    static char *all_words[] = {"all"};
    char root[PATH_MAX], found[PATH_MAX];
    struct runtime_set all;
    struct err e;
    int rc;

    err_init(&e);
    if (path_absolute(paths->fixtures, root, sizeof root) < 0 ||
        (o->dotnet && path_absolute(o->dotnet, t->dotnet, sizeof t->dotnet) < 0) ||
        search_path(o, root, NULL, t->fixtures, sizeof t->fixtures) < 0) {
        fprintf(stderr, "profcheck %s: a path is too long, or the current directory is gone\n", command);
        return EXIT_ENVIRONMENT;
    }
    /* The build's private host, or (a data directory) dotnet on PATH. */
    if (!o->dotnet && paths->dotnet[0])
        snprintf(t->dotnet, sizeof t->dotnet, "%s", paths->dotnet);
    else if (!o->dotnet && path_search("dotnet", found, sizeof found) == 0 &&
             path_absolute(found, t->dotnet, sizeof t->dotnet) < 0)
        t->dotnet[0] = '\0';
    snprintf(t->build_fixtures, sizeof t->build_fixtures, "%s", root);
    if (access(t->listing, F_OK) != 0) {
        if (paths->dotnet[0])
            fprintf(stderr,
                    "profcheck %s: no runtimes are built: %s does not exist (`make build` makes it, "
                    "docs/runtimes.md)\n",
                    command, t->listing);
        else
            fprintf(stderr, "profcheck %s: no fixtures are installed: %s does not exist (%s)\n", command, t->listing,
                    paths->hint);
        return EXIT_ENVIRONMENT;
    }
    if (runtimes_read(t->listing, root, &all, &e) < 0) {
        fprintf(stderr, "profcheck %s: %s\n", command, e.msg);
        return EXIT_ENVIRONMENT;
    }
    rc = runtimes_select(&all, t->listing,
                         paths->dotnet[0] ? NULL : "only the fixtures of those are installed (docs/install.md)",
                         o->nruntimes ? o->runtimes : all_words, o->nruntimes ? o->nruntimes : 1, &t->set, &e);
    runtime_set_release(&all);
    if (rc < 0) {
        fprintf(stderr, "profcheck %s: %s\n", command, e.msg);
        return EXIT_ENVIRONMENT;
    }
    /* Each runtime's fixtures: the --fixtures directories, then the build's. */
    for (size_t i = 0; i < t->set.n; i++) {
        char search[sizeof t->fixtures], *copy;

        if (search_path(o, root, t->set.v[i].tfm, search, sizeof search) < 0) {
            fprintf(stderr, "profcheck %s: a path is too long, or the current directory is gone\n", command);
            return EXIT_ENVIRONMENT;
        }
        if (!(copy = strdup(search))) {
            fprintf(stderr, "profcheck %s: out of memory\n", command);
            return EXIT_ENVIRONMENT;
        }
        free(t->set.v[i].fixtures_dir);
        t->set.v[i].fixtures_dir = copy;
    }
    if (!paths->dotnet[0])
        return match_host(command, o, t);
    err_init(&e);
    host_facts_probe(&t->facts, NULL, &e); /* the machine's features; the host is asked in targets_check */
    return 0;
}

static int one(const struct target_opts *o, const struct cli_paths *paths, struct targets *t)
{
    char found[PATH_MAX], version[64] = "";
    struct err e;

    t->set.labelled = 0;
    if (o->dotnet) {
        if (path_absolute(o->dotnet, t->dotnet, sizeof t->dotnet) < 0)
            t->dotnet[0] = '\0';
    } else if (path_search("dotnet", found, sizeof found) == 0 &&
               path_absolute(found, t->dotnet, sizeof t->dotnet) < 0) {
        t->dotnet[0] = '\0';
    }
    if (path_absolute(paths->fixtures, t->build_fixtures, sizeof t->build_fixtures) < 0)
        snprintf(t->build_fixtures, sizeof t->build_fixtures, "%s", paths->fixtures);
    if (search_path(o, t->build_fixtures, NULL, t->fixtures, sizeof t->fixtures) < 0)
        snprintf(t->fixtures, sizeof t->fixtures, "%s", t->build_fixtures);
    err_init(&e);
    if (!t->dotnet[0] || access(t->dotnet, X_OK) != 0) {
        host_facts_probe(&t->facts, NULL, &e);
        snprintf(t->problem, sizeof t->problem, "no dotnet host to ask for its runtimes");
    } else if (host_facts_probe(&t->facts, t->dotnet, &e) < 0) {
        snprintf(t->problem, sizeof t->problem, "%s", e.msg);
        t->host_broken = 1;
    } else if (t->facts.nruntimes == 0) {
        snprintf(t->problem, sizeof t->problem, "`%s --list-runtimes` names no Microsoft.NETCore.App runtime",
                 t->dotnet);
        t->host_broken = 1;
    } else {
        /* The first directory of the search path with a fixture decides. */
        const char *p = t->fixtures;
        int rc = 1;

        while (p && rc > 0) {
            const char *end = strchr(p, APP_PATH_SEP);
            int len = end ? (int)(end - p) : (int)strlen(p);

            snprintf(t->version_dir, sizeof t->version_dir, "%.*s", len, p);
            rc = fixtures_version(&t->facts, t->version_dir, paths->hint, version, sizeof version, t->problem,
                                  sizeof t->problem);
            p = end ? end + 1 : NULL;
        }
        if (rc == 0)
            t->problem[0] = '\0';
        else if (rc > 0)
            t->version_dir[0] = '\0';
    }
    return runtime_set_add(&t->set, NULL, version[0] ? version : NULL, NULL, NULL) < 0 ? -1 : 0;
}

int targets_resolve(const char *command, const struct target_opts *given, const struct cli_paths *paths,
                    struct targets *t)
{
    struct target_opts with_env = *given;
    const struct target_opts *o = given;
    char *from_env[1] = {getenv("PROFCHECK_RUNTIME")};

    /* PROFCHECK_RUNTIME=R stands for --runtime R when none is given. */
    if (!given->nruntimes && from_env[0] && from_env[0][0]) {
        if (!targets_runtime_ok(command, from_env[0]))
            return EXIT_USAGE;
        with_env.runtimes = from_env;
        with_env.nruntimes = 1;
        o = &with_env;
    }
    t->given = o->fixtures;
    t->ngiven = o->nfixtures;
    t->hint = paths->hint;
    snprintf(t->listing, sizeof t->listing, "%s", paths->runtimes);
    /* A data directory has no host of its own: --dotnet names the host its runtimes run on. */
    if (o->nruntimes > 0 || (!o->nfixtures && (!o->dotnet || !paths->dotnet[0]) && access(t->listing, F_OK) == 0))
        return several(command, o, paths, t);
    t->listing[0] = '\0';
    if (one(o, paths, t) < 0) {
        fprintf(stderr, "profcheck %s: out of memory\n", command);
        return EXIT_ENVIRONMENT;
    }
    return 0;
}

/* 1 when the host listed version. */
static int host_has(const struct host_facts *f, const char *version)
{
    for (size_t i = 0; i < f->nruntimes; i++)
        if (strcmp(f->runtimes[i], version) == 0)
            return 1;
    return 0;
}

int targets_check(const char *command, struct targets *t)
{
    char real[PATH_MAX];
    struct stat st;
    struct err e;

    if (!t->dotnet[0]) {
        fprintf(stderr,
                "profcheck %s: no 'dotnet' on PATH: the cases run on a .NET runtime (8.0 or later); install the .NET "
                "runtime or SDK, or pass --dotnet PATH (docs/install.md)\n",
                command);
        return EXIT_ENVIRONMENT;
    }
    if (stat(t->dotnet, &st) != 0 || !S_ISREG(st.st_mode) || access(t->dotnet, X_OK) != 0) {
        fprintf(stderr, "profcheck %s: '%s' is not an executable dotnet host%s\n", command, t->dotnet,
                stat(t->dotnet, &st) == 0 && S_ISDIR(st.st_mode) ? " (it is a directory)"
                : t->set.labelled && !t->by_line                  ? " (run `make build`)"
                                                                  : "");
        return EXIT_ENVIRONMENT;
    }
    /* Every directory given must be there; the build's when none was given. */
    for (size_t i = 0; i < t->ngiven; i++) {
        int bad = stat(t->given[i], &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

        if (bad) {
            fprintf(stderr, "profcheck %s: fixtures directory '%s': %s\n", command, t->given[i], strerror(bad));
            return EXIT_ENVIRONMENT;
        }
    }
    if (!t->set.labelled) {
        if (!t->ngiven && !realpath(t->build_fixtures, real)) {
            fprintf(stderr, "profcheck %s: fixtures directory '%s': %s (%s)\n", command, t->build_fixtures,
                    strerror(errno), t->hint);
            return EXIT_ENVIRONMENT;
        }
        if (t->host_broken) {
            fprintf(stderr, "profcheck %s: %s does not work as a dotnet host: %s\n", command, t->dotnet, t->problem);
            return EXIT_ENVIRONMENT;
        }
        if (t->problem[0]) {
            fprintf(stderr, "profcheck %s: %s cannot run the fixtures of %s: %s\n", command, t->dotnet,
                    t->version_dir[0] ? t->version_dir : t->fixtures, t->problem);
            return EXIT_ENVIRONMENT;
        }
        return 0;
    }
    for (size_t i = 0; i < t->set.n && !t->ngiven; i++) {
        char dir[sizeof t->build_fixtures + 64];

        snprintf(dir, sizeof dir, "%s/%s", t->build_fixtures, t->set.v[i].tfm);
        if (!realpath(dir, real)) {
            fprintf(stderr, "profcheck %s: the fixtures of %s, '%s': %s (%s)\n", command, t->set.v[i].tfm, dir,
                    strerror(errno), t->hint);
            return EXIT_ENVIRONMENT;
        }
    }
    if (t->by_line && t->host_broken) {
        fprintf(stderr, "profcheck %s: %s does not work as a dotnet host: %s\n", command, t->dotnet, t->problem);
        return EXIT_ENVIRONMENT;
    }
    err_init(&e);
    if (!t->facts.probed && host_facts_probe(&t->facts, t->dotnet, &e) < 0) {
        fprintf(stderr, "profcheck %s: %s does not work as a dotnet host: %s\n", command, t->dotnet, e.msg);
        return EXIT_ENVIRONMENT;
    }
    for (size_t i = 0; i < t->set.n; i++) {
        if (!host_has(&t->facts, t->set.v[i].version)) {
            fprintf(stderr, "profcheck %s: %s has no runtime %s, which %s lists (run `make build`)\n", command,
                    t->dotnet, t->set.v[i].version, t->listing);
            return EXIT_ENVIRONMENT;
        }
    }
    return 0;
}
