/*
 * cmd_run.c - `profcheck run`: runs cases and reports them.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../../reports/console.h"
#include "../../reports/junit.h"
#include "../agent/elfinfo.h"
#include "../engine/runner.h"
#include "../proc/proc.h"
#include "cli.h"
#include "ref_clsid.h"
#include "opts.h"

/* The only mutable global of the harness: set by SIGINT/SIGTERM. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

enum {
    OPT_FILTER = 1,
    OPT_TAG,
    OPT_JUNIT,
    OPT_REPORT_DIR,
    OPT_TIMEOUT_SCALE,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_DOTNET,
    OPT_PROFILER,
    OPT_FIXTURES,
    OPT_HELP,
};

static const struct opt_spec specs[] = {
    {"filter", 0, 1, OPT_FILTER},
    {"tag", 0, 1, OPT_TAG},
    {"junit", 0, 1, OPT_JUNIT},
    {"report-dir", 0, 1, OPT_REPORT_DIR},
    {"timeout-scale", 0, 1, OPT_TIMEOUT_SCALE},
    {"verbose", 'v', 0, OPT_VERBOSE},
    {"quiet", 'q', 0, OPT_QUIET},
    {"dotnet", 0, 1, OPT_DOTNET},
    {"profiler", 0, 1, OPT_PROFILER},
    {"fixtures", 0, 1, OPT_FIXTURES},
    {"help", 'h', 0, OPT_HELP},
    {NULL, 0, 0, 0},
};

static void usage(FILE *f)
{
    fputs("usage: profcheck run [OPTIONS] [CASE|DIR]...\n"
          "\n"
          "Runs the selected cases (the whole suite when no CASE or DIR is given) and\n"
          "writes a JUnit report.  Exit code: 0 all passed, 1 a case failed, 2 usage or\n"
          "case-file error, 3 environment error.\n"
          "\n"
          "Selection:\n"
          "  --filter GLOB         keep cases whose id matches GLOB; '!GLOB' drops them\n"
          "  --tag TAG             keep cases tagged TAG (repeat to require several)\n"
          "Reports:\n"
          "  --junit FILE          JUnit XML file (default: REPORT-DIR/junit.xml)\n"
          "  --report-dir DIR      directory for reports (default: build/reports)\n"
          "  -v, --verbose         print each step and event as it happens\n"
          "  -q, --quiet           print only failures and the summary\n"
          "Running:\n"
          "  --timeout-scale X     multiply every timeout by X (e.g. 3 on a slow machine)\n"
          "  --dotnet PATH         the dotnet host (default: dotnet on PATH)\n"
          "  --profiler LIB.so     the reference profiler (default: build/lib/libprofcheck_ref.so)\n"
          "  --fixtures DIR        built fixtures (default: build/fixtures)\n",
          f);
}

struct run_options {
    struct selection sel;
    char **paths;
    size_t npaths;
    const char *junit;
    const char *report_dir;
    double timeout_scale;
    int verbose;
    int quiet;
    const char *dotnet;
    const char *profiler;
    const char *fixtures;
};

static void options_release(struct run_options *o)
{
    strv_clear(&o->sel.filters, &o->sel.nfilters);
    strv_clear(&o->sel.tags, &o->sel.ntags);
    strv_clear(&o->paths, &o->npaths);
}

/* 0, EXIT_USAGE on a bad option, or -1 after --help. */
static int parse(int argc, char **argv, struct run_options *ro)
{
    const char *value;
    struct opts o;
    struct err e;
    int id;

    opts_init(&o, argc, argv);
    err_init(&e);
    while ((id = opts_next(&o, specs, &value, &e)) != -1) {
        int ok = 0;
        char *end;

        switch (id) {
        case -2:
            fprintf(stderr, "profcheck run: %s\n", e.msg);
            usage(stderr);
            return EXIT_USAGE;
        case 0:
            ok = strv_push(&ro->paths, &ro->npaths, value);
            break;
        case OPT_FILTER:
            ok = strv_push(&ro->sel.filters, &ro->sel.nfilters, value);
            break;
        case OPT_TAG:
            ok = strv_push(&ro->sel.tags, &ro->sel.ntags, value);
            break;
        case OPT_JUNIT:
            ro->junit = value;
            break;
        case OPT_REPORT_DIR:
            ro->report_dir = value;
            break;
        case OPT_TIMEOUT_SCALE:
            errno = 0;
            ro->timeout_scale = strtod(value, &end);
            if (errno || end == value || *end || !(ro->timeout_scale > 0) || ro->timeout_scale > 1000) {
                fprintf(stderr, "profcheck run: --timeout-scale needs a positive number, not '%s'\n", value);
                return EXIT_USAGE;
            }
            break;
        case OPT_VERBOSE:
            ro->verbose = 1;
            break;
        case OPT_QUIET:
            ro->quiet = 1;
            break;
        case OPT_DOTNET:
            ro->dotnet = value;
            break;
        case OPT_PROFILER:
            ro->profiler = value;
            break;
        case OPT_FIXTURES:
            ro->fixtures = value;
            break;
        case OPT_HELP:
            usage(stdout);
            return -1;
        }
        if (ok < 0) {
            fprintf(stderr, "profcheck run: out of memory\n");
            return EXIT_USAGE;
        }
    }
    if (ro->verbose && ro->quiet) {
        fprintf(stderr, "profcheck run: -v and -q exclude each other\n");
        return EXIT_USAGE;
    }
    return 0;
}

/* The first executable `name` on PATH, into buf. */
static int find_on_path(const char *name, char *buf, size_t size)
{
    const char *path = getenv("PATH");

    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t n = colon ? (size_t)(colon - path) : strlen(path);

        if (n > 0 && (size_t)snprintf(buf, size, "%.*s/%s", (int)n, path, name) < size && access(buf, X_OK) == 0)
            return 0;
        path += n + (colon ? 1 : 0);
    }
    return -1;
}

/* The dotnet host, the profiler and the fixtures exist; -1 (with a message
 * printed) when one does not. */
static int check_environment(const struct run_options *ro, const struct cli_paths *paths, char *dotnet,
                             char *profiler, char *fixtures)
{
    const char *want_profiler = ro->profiler ? ro->profiler : paths->profiler;
    const char *want_fixtures = ro->fixtures ? ro->fixtures : paths->fixtures;

    if (ro->dotnet) {
        snprintf(dotnet, PATH_MAX, "%s", ro->dotnet);
        if (access(dotnet, X_OK) != 0) {
            fprintf(stderr, "profcheck run: '%s' is not an executable dotnet host\n", dotnet);
            return -1;
        }
    } else if (find_on_path("dotnet", dotnet, PATH_MAX) < 0) {
        fprintf(stderr, "profcheck run: no 'dotnet' on PATH; install the .NET SDK or pass --dotnet PATH\n");
        return -1;
    }
    if (!realpath(want_profiler, profiler)) {
        fprintf(stderr, "profcheck run: profiler library '%s': %s (run `make build`)\n", want_profiler,
                strerror(errno));
        return -1;
    }
    if (!realpath(want_fixtures, fixtures)) {
        fprintf(stderr, "profcheck run: fixtures directory '%s': %s (run `make build`)\n", want_fixtures,
                strerror(errno));
        return -1;
    }
    return 0;
}

static int mkdir_p(const char *dir)
{
    char tmp[PATH_MAX];
    size_t n = strlen(dir);

    if (n == 0 || n >= sizeof tmp)
        return -1;
    memcpy(tmp, dir, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
        return -1;
    return 0;
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

static int write_reports(const struct run_options *ro, const struct cli_paths *paths, const char *profiler,
                         const char *dotnet, struct result *results, size_t n, time_t started)
{
    char junit_path[PATH_MAX], build_id[128] = "unknown", host[256] = "localhost", os[300] = "";
    const char *runtime = "unknown";
    const char *dir = ro->report_dir ? ro->report_dir : paths->reports;
    struct utsname un;
    struct property props[7];
    struct junit_meta meta;
    struct err e;

    err_init(&e);
    if (ro->junit) {
        snprintf(junit_path, sizeof junit_path, "%s", ro->junit);
    } else {
        if (mkdir_p(dir) < 0) {
            fprintf(stderr, "profcheck run: cannot create the report directory '%s': %s\n", dir, strerror(errno));
            return -1;
        }
        snprintf(junit_path, sizeof junit_path, "%s/junit.xml", dir);
    }
    for (size_t i = 0; i < n; i++) {
        if (results[i].runtime_version) {
            runtime = results[i].runtime_version;
            break;
        }
    }
    if (elfinfo_build_id(profiler, build_id, sizeof build_id, &e) < 0)
        snprintf(build_id, sizeof build_id, "unknown");
    gethostname(host, sizeof host - 1);
    if (uname(&un) == 0)
        snprintf(os, sizeof os, "%s %s %s", un.sysname, un.release, un.machine);
    props[0] = (struct property){"dotnet.runtime.version", runtime};
    props[1] = (struct property){"dotnet.host", dotnet};
    props[2] = (struct property){"profiler.path", profiler};
    props[3] = (struct property){"profiler.build-id", build_id};
    props[4] = (struct property){"profcheck.version", PROFCHECK_VERSION};
    props[5] = (struct property){"host.name", host};
    props[6] = (struct property){"host.os", os};
    meta.name = "profcheck";
    meta.classname_prefix = "profcheck";
    meta.hostname = host;
    meta.timestamp = started;
    meta.props = props;
    meta.nprops = sizeof props / sizeof *props;
    if (junit_write(junit_path, results, n, &meta, &e) < 0) {
        fprintf(stderr, "profcheck run: %s\n", e.msg);
        return -1;
    }
    if (!ro->quiet)
        printf("report: %s\n", junit_path);
    return 0;
}

int cmd_run(int argc, char **argv)
{
    struct run_options ro;
    struct cli_paths paths;
    struct loaded_cases cases = {NULL, 0};
    struct result *results = NULL;
    struct tally tally = {0, 0, 0};
    char dotnet[PATH_MAX], profiler[PATH_MAX], fixtures[PATH_MAX];
    const char *tmp_root;
    struct run_env env;
    struct err e;
    time_t started = time(NULL);
    size_t done = 0;
    int rc, bad;

    memset(&ro, 0, sizeof ro);
    ro.timeout_scale = 1.0;
    cli_paths_default(&paths);
    rc = parse(argc, argv, &ro);
    if (rc != 0) {
        options_release(&ro);
        return rc < 0 ? EXIT_PASSED : rc;
    }

    bad = cli_load_cases(ro.paths, ro.npaths, &paths, &ro.sel, &cases, stderr);
    if (bad != 0) {
        if (bad > 0) {
            fprintf(stderr, "profcheck run: %d case file%s invalid; nothing was run\n", bad,
                    bad == 1 ? " is" : "s are");
            loaded_cases_release(&cases);
        }
        options_release(&ro);
        return EXIT_USAGE;
    }
    if (cases.len == 0) {
        fprintf(stderr, "profcheck run: no case matches the selection\n");
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_USAGE;
    }

    if (check_environment(&ro, &paths, dotnet, profiler, fixtures) < 0) {
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_ENVIRONMENT;
    }

    err_init(&e);
    if (proc_become_subreaper(&e) < 0)
        fprintf(stderr, "profcheck run: %s; orphaned processes are found by their run cookie only\n", e.msg);
    install_signals();
    tmp_root = getenv("TMPDIR");
    if (!tmp_root || !*tmp_root)
        tmp_root = "/tmp";

    env.dotnet = dotnet;
    env.fixtures_dir = fixtures;
    env.profiler_path = profiler;
    env.clsid = PROFCHECK_REF_CLSID_TEXT;
    env.tmp_root = tmp_root;
    env.timeout_scale = ro.timeout_scale;
    env.trace = ro.verbose ? stdout : NULL;
    env.stop = &stop_requested;

    results = calloc(cases.len, sizeof *results);
    if (!results) {
        fprintf(stderr, "profcheck run: out of memory\n");
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_ENVIRONMENT;
    }
    rc = EXIT_PASSED;
    for (size_t i = 0; i < cases.len && !stop_requested; i++) {
        if (runner_run(&env, &cases.v[i], &results[i]) < 0) {
            fprintf(stderr, "profcheck run: out of memory while running %s\n", cases.v[i].id);
            result_release(&results[i]);
            rc = EXIT_ENVIRONMENT;
            break;
        }
        done++;
        tally_add(&tally, results[i].verdict);
        if (!ro.quiet || results[i].verdict != VERDICT_PASS)
            console_case_line(stdout, &results[i], i + 1, cases.len);
    }
    proc_sweep();
    if (stop_requested)
        fprintf(stderr, "profcheck run: interrupted after %zu of %zu cases\n", done, cases.len);

    console_failures(stdout, results, done);
    if (write_reports(&ro, &paths, profiler, dotnet, results, done, started) < 0 && rc == EXIT_PASSED)
        rc = EXIT_ENVIRONMENT;
    console_summary(stdout, &tally);
    if (rc == EXIT_PASSED && (tally.failed > 0 || stop_requested))
        rc = EXIT_FAILED;

    for (size_t i = 0; i < done; i++)
        result_release(&results[i]);
    free(results);
    loaded_cases_release(&cases);
    options_release(&ro);
    return rc;
}
