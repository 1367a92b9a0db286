#include "requires.h"

#include "app_path.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../proc/proc.h"
#include "../util/path.h"
#include "../util/strbuf.h"

const char *const requires_features[] = {"x64", "arm64", "linux", "root", "setsid", NULL};

void host_facts_init(struct host_facts *f)
{
    memset(f, 0, sizeof *f);
}

void host_facts_release(struct host_facts *f)
{
    for (size_t i = 0; i < f->nruntimes; i++)
        free(f->runtimes[i]);
    free(f->runtimes);
    host_facts_init(f);
}

/* Runs `dotnet --list-runtimes` and keeps the Microsoft.NETCore.App versions. */
static int list_runtimes(struct host_facts *f, const char *dotnet, struct err *e)
{
    char *argv[] = {(char *)dotnet, "--list-runtimes", NULL};
    char path_env[4096], cookie_env[96], cookie[64];
    char *envp[] = {path_env, cookie_env, "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_NOLOGO=1", NULL};
    struct proc_spec spec = {dotnet, argv, envp, NULL, 0};
    struct strbuf out = STRBUF_INIT;
    struct proc p;
    char *line, *save = NULL;
    int rc = 0;

    snprintf(path_env, sizeof path_env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    snprintf(cookie, sizeof cookie, "%d-list-runtimes", (int)getpid());
    snprintf(cookie_env, sizeof cookie_env, "%s=%s", PROC_COOKIE_VAR, cookie);
    if (proc_spawn(&p, &spec, e) < 0)
        return -1;
    close(p.in_fd);
    p.in_fd = -1;
    for (int rounds = 0; p.out_fd >= 0 && rounds < 600; rounds++) {
        struct pollfd pfd = {p.out_fd, POLLIN, 0};
        char buf[4096];
        ssize_t n;

        if (poll(&pfd, 1, 100) <= 0)
            continue;
        n = read(p.out_fd, buf, sizeof buf);
        if (n > 0) {
            strbuf_add(&out, buf, (size_t)n);
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            close(p.out_fd);
            p.out_fd = -1;
        }
    }
    /* Output ends before the process does: give it a moment to exit. */
    for (int rounds = 0; !proc_check_exit(&p) && rounds < 100; rounds++)
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    proc_kill_tree(&p, cookie);
    if (!WIFEXITED(p.status) || WEXITSTATUS(p.status) != 0) {
        char status[96];

        proc_describe_status(p.status, status, sizeof status);
        rc = err_set(e, "`%s --list-runtimes` failed (%s)", dotnet, status);
    }
    for (line = rc == 0 && out.len ? strtok_r(out.buf, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
        static const char prefix[] = "Microsoft.NETCore.App ";
        char **v;
        size_t n;

        if (strncmp(line, prefix, sizeof prefix - 1) != 0)
            continue;
        line += sizeof prefix - 1;
        n = strcspn(line, " ");
        v = realloc(f->runtimes, (f->nruntimes + 1) * sizeof *v);
        if (!v || !(v[f->nruntimes] = strndup(line, n))) {
            if (v)
                f->runtimes = v;
            rc = err_set(e, "out of memory");
            break;
        }
        f->runtimes = v;
        f->nruntimes++;
    }
    proc_release(&p);
    strbuf_release(&out);
    return rc;
}

int host_facts_probe(struct host_facts *f, const char *dotnet, struct err *e)
{
    char setsid_path[4096];
    struct utsname un;

    if (uname(&un) == 0) {
        if (strcmp(un.machine, "x86_64") == 0)
            snprintf(f->arch, sizeof f->arch, "x64");
        else if (strcmp(un.machine, "aarch64") == 0)
            snprintf(f->arch, sizeof f->arch, "arm64");
        else
            snprintf(f->arch, sizeof f->arch, "%s", un.machine);
    }
    f->root = geteuid() == 0;
    f->have_setsid = path_search("setsid", setsid_path, sizeof setsid_path) == 0;
    if (!dotnet)
        return 0;
    f->probed = 1;
    return list_runtimes(f, dotnet, e);
}

/* The next numeric component of a version; -1 at the end. */
static long next_component(const char **p)
{
    long v = 0;

    if (!**p)
        return -1;
    while (isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    /* Stop at a pre-release part ("-rc.1"): compare numbers only. */
    if (**p == '.')
        (*p)++;
    else
        *p += strlen(*p);
    return v;
}

int version_compare(const char *a, const char *b)
{
    for (;;) {
        long x = next_component(&a), y = next_component(&b);

        if (x < 0 && y < 0)
            return 0;
        if (x < 0)
            x = 0;
        if (y < 0)
            y = 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
}

static int version_valid(const char *v)
{
    if (!isdigit((unsigned char)*v))
        return 0;
    for (; *v; v++)
        if (!isdigit((unsigned char)*v) && *v != '.')
            return 0;
    return v[-1] != '.';
}

/* version compared with v on as many components as v has, so that v names
 * a line of versions: against "9.0", "9.0.20" compares equal, "10.0.1"
 * greater; <0, 0, >0. */
static int compare_on(const char *version, const char *v)
{
    char cut[64];
    size_t dots = 0, n = 0;

    for (const char *p = v; *p; p++)
        dots += *p == '.';
    while (version[n] && (version[n] != '.' || dots-- > 0) && n + 1 < sizeof cut) {
        cut[n] = version[n];
        n++;
    }
    cut[n] = '\0';
    return version_compare(cut, v);
}

int version_condition(const char *op, const char *v, const char *version)
{
    int cmp;

    if (!version_valid(v))
        return -1;
    cmp = compare_on(version, v);
    if (strcmp(op, ">=") == 0)
        return cmp >= 0;
    if (strcmp(op, "<=") == 0)
        return cmp <= 0;
    if (strcmp(op, ">") == 0)
        return cmp > 0;
    if (strcmp(op, "<") == 0)
        return cmp < 0;
    if (strcmp(op, "=") == 0)
        return cmp == 0;
    if (strcmp(op, "!=") == 0)
        return cmp != 0;
    return -1;
}

int version_in_range(const char *range, const char *version)
{
    char *copy = strdup(range), *save = NULL;
    int ok = 1, any = 0;

    if (!copy)
        return -1;
    for (char *c = strtok_r(copy, " \t", &save); c; c = strtok_r(NULL, " \t", &save)) {
        size_t oplen = strspn(c, "<>=");
        char op[3];
        int holds;

        any = 1;
        if (oplen == 0 || oplen > 2) {
            free(copy);
            return -1;
        }
        memcpy(op, c, oplen);
        op[oplen] = '\0';
        holds = version_condition(op, c + oplen, version);
        if (holds < 0) {
            free(copy);
            return -1;
        }
        ok &= holds;
    }
    free(copy);
    return any ? ok : -1;
}

/* The framework version in a runtimeconfig.json ("version": "10.0.0"). */
static int runtimeconfig_version(const char *path, char *version, size_t size)
{
    char buf[8192];
    size_t n;
    FILE *f = fopen(path, "r");
    const char *k, *q1, *q2;

    if (!f)
        return -1;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    k = strstr(buf, "\"version\"");
    if (!k)
        return -1;
    q1 = strchr(k + 9, '"');
    q2 = q1 ? strchr(q1 + 1, '"') : NULL;
    if (!q2 || (size_t)(q2 - q1 - 1) >= size)
        return -1;
    snprintf(version, size, "%.*s", (int)(q2 - q1 - 1), q1 + 1);
    return 0;
}

int requires_runtime_for(const struct host_facts *f, const char *fixtures_dir, const char *fixture, char *version,
                         size_t size, char *why, size_t why_size)
{
    char path[4096], wanted[64];
    const char *best = NULL;
    long major;

    /* A fixture by name in the search path, or an app's own dll. */
    if (strchr(fixture, '/')) {
        app_path_runtimeconfig(fixture, path, sizeof path);
    } else {
        char dll[4096];
        app_path_fixture(fixtures_dir, fixture, dll, sizeof dll, NULL, 0);
        app_path_runtimeconfig(dll, path, sizeof path);
    }
    if (runtimeconfig_version(path, wanted, sizeof wanted) < 0) {
        snprintf(why, why_size, "cannot read the framework version from %s", path);
        return -1;
    }
    major = strtol(wanted, NULL, 10);
    for (size_t i = 0; i < f->nruntimes; i++) {
        if (strtol(f->runtimes[i], NULL, 10) != major || version_compare(f->runtimes[i], wanted) < 0)
            continue;
        if (!best || version_compare(f->runtimes[i], best) > 0)
            best = f->runtimes[i];
    }
    if (!best) {
        snprintf(why, why_size, "no installed runtime can run %s (it targets %s)", fixture, wanted);
        return -1;
    }
    snprintf(version, size, "%s", best);
    return 0;
}

static int has_feature(const struct host_facts *f, const char *name)
{
    if (strcmp(name, "linux") == 0)
        return 1;
    if (strcmp(name, "root") == 0)
        return f->root;
    if (strcmp(name, "setsid") == 0)
        return f->have_setsid;
    return strcmp(name, f->arch) == 0;
}

/*
 * In a run over several runtimes the case is loaded for one (c->runtime):
 * its app must be built for that runtime's MAJOR.MINOR, or the host would
 * run it on another one under this one's name.  The fixtures of
 * BUILD/fixtures/<tfm>/ are; an app of one's own (<app dll>, or a fixture
 * found in a --fixtures DIR) is built for one runtime and skipped on the
 * others.  1 when it may run (or the app is not there: the run says so),
 * 0 with why.
 */
static int app_fits_runtime(const struct case_def *c, const char *fixtures_dir, char *why, size_t why_size)
{
    char dll[4096], path[4096], wanted[64], line[64];
    size_t dots = 0, n = 0;

    if (!c->runtime || !c->runtime_version)
        return 1;
    if (c->app_dll)
        snprintf(dll, sizeof dll, "%s", c->app_dll);
    else if (!c->fixture || app_path_fixture(fixtures_dir, c->fixture, dll, sizeof dll, NULL, 0) < 0)
        return 1;
    app_path_runtimeconfig(dll, path, sizeof path);
    if (runtimeconfig_version(path, wanted, sizeof wanted) < 0)
        return 1;
    /* The framework's MAJOR.MINOR: "8.0.0" -> "8.0". */
    while (wanted[n] && (wanted[n] != '.' || ++dots < 2) && n + 1 < sizeof line) {
        line[n] = wanted[n];
        n++;
    }
    line[n] = '\0';
    if (version_condition("=", line, c->runtime_version) != 0)
        return 1;
    snprintf(why, why_size, "the app %s is built for runtime %s, not for %s (the runtime of %s)", dll, line,
             c->runtime_version, c->runtime);
    return 0;
}

int requires_check(const struct case_def *c, const struct host_facts *f, const char *fixtures_dir, char *why,
                   size_t why_size)
{
    const struct requirements *rq = &c->requires;

    if (!app_fits_runtime(c, fixtures_dir, why, why_size))
        return 0;

    for (size_t i = 0; i < rq->nfeatures; i++) {
        const char *name = rq->features[i];
        int negate = name[0] == '!';

        if (has_feature(f, name + negate) == negate) {
            snprintf(why, why_size, negate ? "requires no feature '%s', which this machine has"
                                           : "requires the feature '%s', which this machine lacks",
                     name + negate);
            return 0;
        }
    }
    if (rq->runtime) {
        char version[64];
        int in;

        if (c->runtime_version)
            snprintf(version, sizeof version, "%s", c->runtime_version);
        else if (requires_runtime_for(f, fixtures_dir, c->app_dll ? c->app_dll : c->fixture, version, sizeof version,
                                      why, why_size) < 0)
            return -1;
        in = version_in_range(rq->runtime, version);
        if (in < 0) {
            snprintf(why, why_size, "malformed runtime range '%s'", rq->runtime);
            return -1;
        }
        if (!in) {
            snprintf(why, why_size, "requires runtime %s; the fixture runs on %s", rq->runtime, version);
            return 0;
        }
    }
    return 1;
}
