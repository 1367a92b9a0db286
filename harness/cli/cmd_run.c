/*
 * cmd_run.c - `profcheck run`: runs cases and reports them.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../../reports/atomic_write.h"
#include "../../reports/console.h"
#include "../../reports/html.h"
#include "../../reports/json.h"
#include "../../reports/junit.h"
#include "../../reports/tap.h"
#include "../agent/elfinfo.h"
#include "../agent/inspect.h"
#include "../attach/ipc.h"
#include "../engine/requires.h"
#include "../engine/rundir.h"
#include "../engine/schedule.h"
#include "../proc/proc.h"
#include "../util/path.h"
#include "../util/strbuf.h"
#include "cli.h"
#include "help.h"
#include "opts.h"
#include "targets.h"
#include "wire/ref_clsid.h"
#include "wire/ring.h"

/* --timeout-scale: below 0.05 no app gets to start, above 1000 a hang is never noticed. */
#define TIMEOUT_SCALE_MIN 0.05
#define TIMEOUT_SCALE_MAX 1000.0

/* The only mutable global of the harness: set by SIGINT/SIGTERM/SIGHUP. */
static volatile sig_atomic_t stop_requested; /* the signal number */

static void on_stop_signal(int sig)
{
    stop_requested = sig;
}

enum {
    OPT_FILTER = 1,
    OPT_TAG,
    OPT_JOBS,
    OPT_SHARD,
    OPT_RETRIES,
    OPT_ALLOW_EMPTY,
    OPT_JUNIT,
    OPT_TAP,
    OPT_JSON,
    OPT_HTML,
    OPT_REPORT_DIR,
    OPT_RAW_SELFTESTS,
    OPT_TIMEOUT_SCALE,
    OPT_VERBOSE,
    OPT_QUIET,
    OPT_NO_PROGRESS,
    OPT_DOTNET,
    OPT_RUNTIME,
    OPT_PROFILER,
    OPT_FIXTURES,
    OPT_CHILD_ENV,
    OPT_AGENT,
    OPT_CLSID,
    OPT_HELP,
};

static const struct opt_spec specs[] = {
    {"filter", 0, 1, OPT_FILTER},
    {"tag", 0, 1, OPT_TAG},
    {"jobs", 'j', 1, OPT_JOBS},
    {"shard", 0, 1, OPT_SHARD},
    {"retries", 0, 1, OPT_RETRIES},
    {"allow-empty", 0, 0, OPT_ALLOW_EMPTY},
    {"junit", 0, 1, OPT_JUNIT},
    {"tap", 0, 1, OPT_TAP},
    {"json", 0, 1, OPT_JSON},
    {"html", 0, 1, OPT_HTML},
    {"report-dir", 0, 1, OPT_REPORT_DIR},
    {"raw-selftests", 0, 0, OPT_RAW_SELFTESTS},
    {"timeout-scale", 0, 1, OPT_TIMEOUT_SCALE},
    {"verbose", 'v', 0, OPT_VERBOSE},
    {"quiet", 'q', 0, OPT_QUIET},
    {"no-progress", 0, 0, OPT_NO_PROGRESS},
    {"dotnet", 0, 1, OPT_DOTNET},
    {"runtime", 0, 1, OPT_RUNTIME},
    {"profiler", 0, 1, OPT_PROFILER},
    {"fixtures", 0, 1, OPT_FIXTURES},
    {"child-env", 0, 1, OPT_CHILD_ENV},
    {"agent", 0, 1, OPT_AGENT},
    {"clsid", 0, 1, OPT_CLSID},
    {"help", 'h', 0, OPT_HELP},
    {NULL, 0, 0, 0},
};

/* The --help text: man/profcheck-run.txt (cli/help.h). */
static void usage(FILE *f)
{
    fputs(help_run, f);
}

struct run_options {
    struct selection sel;
    char **paths;
    size_t npaths;
    long jobs;
    size_t shard_index;
    size_t shard_total;
    long retries;
    int allow_empty;
    const char *junit;
    const char *tap;
    const char *json;
    const char *html;
    const char *report_dir;
    int raw_selftests;
    double timeout_scale;
    int verbose;
    int quiet;
    int no_progress;
    struct target_opts targets;
    struct targets resolved; /* what they came to (targets_resolve) */
    const char *profiler;
    char **child_env;
    size_t nchild_env;
    const char *agent;
    const char *clsid;
};

static void options_release(struct run_options *o)
{
    strv_clear(&o->sel.filters, &o->sel.nfilters);
    strv_clear(&o->sel.tags, &o->sel.ntags);
    strv_clear(&o->paths, &o->npaths);
    strv_clear(&o->child_env, &o->nchild_env);
    strv_clear(&o->targets.runtimes, &o->targets.nruntimes);
    strv_clear(&o->targets.fixtures, &o->targets.nfixtures);
    targets_release(&o->resolved);
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
        case OPT_JOBS:
            ok = cli_parse_count("run", "-j", value, 1, 256, &ro->jobs);
            break;
        case OPT_SHARD:
            ok = cli_parse_shard("run", value, &ro->shard_index, &ro->shard_total);
            break;
        case OPT_RETRIES:
            ok = cli_parse_count("run", "--retries", value, 0, 10, &ro->retries);
            break;
        case OPT_ALLOW_EMPTY:
            ro->allow_empty = 1;
            break;
        case OPT_JUNIT:
            ro->junit = value;
            break;
        case OPT_TAP:
            ro->tap = value;
            break;
        case OPT_JSON:
            ro->json = value;
            break;
        case OPT_HTML:
            ro->html = value;
            break;
        case OPT_REPORT_DIR:
            ro->report_dir = value;
            break;
        case OPT_RAW_SELFTESTS:
            ro->raw_selftests = 1;
            break;
        case OPT_TIMEOUT_SCALE:
            errno = 0;
            ro->timeout_scale = strtod(value, &end);
            if (errno || end == value || *end || !(ro->timeout_scale >= TIMEOUT_SCALE_MIN) ||
                ro->timeout_scale > TIMEOUT_SCALE_MAX) {
                fprintf(stderr, "profcheck run: --timeout-scale needs a number from %g to %g, not '%s'\n",
                        TIMEOUT_SCALE_MIN, TIMEOUT_SCALE_MAX, value);
                return EXIT_USAGE;
            }
            break;
        case OPT_VERBOSE:
            ro->verbose = 1;
            break;
        case OPT_QUIET:
            ro->quiet = 1;
            break;
        case OPT_NO_PROGRESS:
            ro->no_progress = 1;
            break;
        case OPT_DOTNET:
            ro->targets.dotnet = value;
            break;
        case OPT_RUNTIME:
            if (!targets_runtime_ok("run", value))
                return EXIT_USAGE;
            ok = strv_push(&ro->targets.runtimes, &ro->targets.nruntimes, value);
            break;
        case OPT_PROFILER:
            ro->profiler = value;
            break;
        case OPT_FIXTURES:
            ok = strv_push(&ro->targets.fixtures, &ro->targets.nfixtures, value);
            break;
        case OPT_CHILD_ENV:
            if (!strchr(value, '=') || value[0] == '=') {
                fprintf(stderr, "profcheck run: --child-env wants NAME=VALUE, not '%s'\n", value);
                return EXIT_USAGE;
            }
            ok = strv_push(&ro->child_env, &ro->nchild_env, value);
            break;
        case OPT_AGENT:
            ro->agent = value;
            break;
        case OPT_CLSID:
            ro->clsid = value;
            break;
        case OPT_HELP:
            usage(stdout);
            return -1;
        }
        if (ok < 0)
            return EXIT_USAGE;
    }
    if (!ro->agent != !ro->clsid) {
        fprintf(stderr, "profcheck run: --agent and --clsid go together\n");
        return EXIT_USAGE;
    }
    if (ro->clsid) {
        struct ipc_guid g;
        if (ipc_guid_parse(ro->clsid, &g, &e) < 0) {
            fprintf(stderr, "profcheck run: --clsid: %s\n", e.msg);
            return EXIT_USAGE;
        }
    }
    if (ro->verbose && ro->quiet) {
        fprintf(stderr, "profcheck run: -v and -q exclude each other\n");
        return EXIT_USAGE;
    }
    return cli_shard_from_env("run", &ro->shard_index, &ro->shard_total) < 0 ? EXIT_USAGE : 0;
}

/* The first executable `name` on PATH, into buf. */
/* The library must be loadable as a profiler (profcheck inspect-agent):
 * otherwise every case would fail the same obscure way. */
static int preflight_profiler(const char *profiler)
{
    struct strbuf problems = STRBUF_INIT, warnings = STRBUF_INIT;
    struct agent_facts f;
    struct err e;
    int n;

    err_init(&e);
    if (agent_inspect(profiler, &f, &e) < 0) {
        fprintf(stderr, "profcheck run: profiler library: %s\n", e.msg);
        return -1;
    }
    n = agent_verdict(&f, &problems, &warnings);
    if (n > 0) {
        fprintf(stderr, "profcheck run: %s cannot be loaded as a profiler (see `profcheck inspect-agent %s`):\n",
                profiler, profiler);
        agent_print_lines(stderr, "", &problems);
    }
    agent_facts_release(&f);
    strbuf_release(&problems);
    strbuf_release(&warnings);
    return n == 0 ? 0 : -1;
}

/* 1 when a selected case loads a profiler (at startup or by an attach). */
/* With --agent only the agent-neutral cases run: load="agent" without an
 * agent of their own.  Returns how many were left out, or -1. */
static long keep_agent_neutral(struct loaded_cases *l)
{
    size_t kept = 0, total = l->len;

    for (size_t i = 0; i < l->len; i++) {
        const struct profiler_setup *p = &l->v[i].profiler;
        if (p->agent && !p->demo_agent && !p->path)
            l->v[kept++] = l->v[i];
        else
            case_release(&l->v[i]);
    }
    l->len = kept;
    return (long)(total - kept);
}

static int cases_need_profiler(const struct loaded_cases *cases)
{
    for (size_t i = 0; i < cases->len; i++)
        if (cases->v[i].profiler.load != LOAD_NONE)
            return 1;
    return 0;
}

/*
 * A profiler built with AddressSanitizer needs the sanitizer runtime loaded
 * into dotnet before it.  When the library needs libasan and the user did
 * not say otherwise with --child-env, every app gets it preloaded, with
 * leak checking off (the runtime's own allocations) and SIGSEGV left to the
 * runtime.  0, or -1 when out of memory.
 */
static int sanitizer_preload(const char *profiler, struct run_options *ro)
{
    static const char asan_options[] =
        "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:abort_on_error=1:handle_segv=0:allow_user_segv_handler=1";
    static const char ubsan_options[] = "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1";
    struct agent_facts f;
    const char *runtime = NULL;
    int ubsan = 0, rc = 0;
    char preload[PATH_MAX + 16];
    struct err e;

    err_init(&e);
    if (agent_inspect(profiler, &f, &e) < 0)
        return 0;
    for (size_t i = 0; i < f.nneeded; i++) {
        if (strncmp(f.needed[i].name, "libasan.so", 10) == 0 && f.needed[i].found)
            runtime = f.needed[i].found;
        ubsan |= strncmp(f.needed[i].name, "libubsan.so", 11) == 0;
    }
    for (size_t i = 0; runtime && i < ro->nchild_env; i++)
        if (strncmp(ro->child_env[i], "LD_PRELOAD=", 11) == 0)
            runtime = NULL; /* the user's own choice stands */
    if (runtime) {
        snprintf(preload, sizeof preload, "LD_PRELOAD=%s", runtime);
        if (!ro->quiet)
            fprintf(stderr, "profcheck run: the profiler is built with AddressSanitizer: %s is preloaded into "
                            "every app\n",
                    runtime);
        rc = strv_push(&ro->child_env, &ro->nchild_env, preload);
        if (rc == 0)
            rc = strv_push(&ro->child_env, &ro->nchild_env, asan_options);
        if (rc == 0 && ubsan)
            rc = strv_push(&ro->child_env, &ro->nchild_env, ubsan_options);
    }
    agent_facts_release(&f);
    return rc < 0 ? -1 : 0;
}

/* The profiler library exists: its absolute path into profiler; -1 (with a
 * message printed) when it does not. */
static int check_profiler(const struct run_options *ro, const struct cli_paths *paths, char *profiler)
{
    const char *want_profiler = ro->profiler ? ro->profiler : paths->profiler;

    if (!realpath(want_profiler, profiler)) {
        fprintf(stderr, "profcheck run: profiler library '%s': %s (%s)\n", want_profiler, strerror(errno),
                ro->profiler ? "--profiler" : paths->hint);
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

/* Creates the directories a report file goes into; 0, or -1 with a message. */
static int make_parent_dir(const char *file)
{
    char dir[PATH_MAX];
    char *slash;

    if (snprintf(dir, sizeof dir, "%s", file) >= (int)sizeof dir)
        return 0; /* too long: let the write report it */
    slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return 0;
    *slash = '\0';
    if (mkdir_p(dir) < 0) {
        fprintf(stderr, "profcheck run: cannot create the directory '%s' for %s: %s\n", dir, file, strerror(errno));
        return -1;
    }
    return 0;
}

/* The report files of a run, checked before the first case starts: two
 * options naming one file are a usage error (2); a file that cannot be
 * written is an environment error (3).  Files a killed run left half
 * written next to them are removed. */
static int check_reports(const struct run_options *ro, const struct cli_paths *paths, char *junit_path,
                         char *page, size_t size)
{
    const char *dir = ro->report_dir ? ro->report_dir : paths->reports;
    const char *name[4] = {"--junit", "--tap", "--json", "--html"};
    const char *path[4];
    struct err e;

    if (ro->junit) {
        snprintf(junit_path, size, "%s", ro->junit);
    } else {
        if (mkdir_p(dir) < 0) {
            fprintf(stderr, "profcheck run: cannot create the report directory '%s': %s\n", dir, strerror(errno));
            return EXIT_ENVIRONMENT;
        }
        snprintf(junit_path, size, "%s/junit.xml", dir);
        name[0] = "the JUnit report (--report-dir)";
    }
    /* The HTML page: --html, or index.html next to the default JUnit
     * report (and in an explicit --report-dir); none otherwise. */
    if (ro->html) {
        snprintf(page, size, "%s", ro->html);
    } else if (!ro->junit || ro->report_dir) {
        if (mkdir_p(dir) < 0) {
            fprintf(stderr, "profcheck run: cannot create the report directory '%s': %s\n", dir, strerror(errno));
            return EXIT_ENVIRONMENT;
        }
        snprintf(page, size, "%s/index.html", dir);
        name[3] = "the HTML page (--report-dir)";
    } else {
        page[0] = '\0';
    }
    path[0] = junit_path;
    path[1] = ro->tap;
    path[2] = ro->json;
    path[3] = page[0] ? page : NULL;
    for (int i = 0; i < 4; i++)
        for (int k = i + 1; k < 4; k++)
            if (path[i] && path[k] && report_path_same(path[i], path[k])) {
                fprintf(stderr, "profcheck run: %s and %s name the same file, %s: give each report its own\n",
                        name[i], name[k], path[k]);
                return EXIT_USAGE;
            }
    for (int i = 0; i < 4; i++) {
        if (!path[i])
            continue;
        err_init(&e);
        if ((i == 1 || i == 2 || (i == 0 && ro->junit) || (i == 3 && ro->html)) && make_parent_dir(path[i]) < 0)
            return EXIT_ENVIRONMENT;
        if (report_path_check(path[i], &e) < 0) {
            fprintf(stderr, "profcheck run: %s %s: nothing was run\n", name[i], e.msg);
            return EXIT_ENVIRONMENT;
        }
        report_tmp_sweep(path[i]);
    }
    return 0;
}

/*
 * File descriptors: a case holds up to FDS_PER_CASE at once (its pipes and
 * those of the spawn, the channel's sockets, its directory, a pidfd, the
 * attach socket, files read in /proc), profcheck itself FDS_BASE.  The
 * soft limit is raised towards the hard one as far as -j needs; if that is
 * not enough -j is lowered, said once, and a limit too low for one case is
 * exit 3 — instead of cases failing with "Too many open files".
 */
#define FDS_PER_CASE 20
#define FDS_BASE 12

static int fit_jobs_to_descriptors(long *jobs, size_t ncases, int quiet)
{
    long want = *jobs < (long)ncases ? *jobs : (long)ncases;
    rlim_t need = (rlim_t)(FDS_BASE + FDS_PER_CASE * (want > 0 ? want : 1));
    struct rlimit rl;

    if (ncases == 0 || getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
        return 0;
    if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > rl.rlim_cur) {
        struct rlimit raised = rl;
        raised.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            rl = raised;
    }
    if (rl.rlim_cur >= need)
        return 0;
    if (rl.rlim_cur < FDS_BASE + FDS_PER_CASE) {
        fprintf(stderr,
                "profcheck run: %llu file descriptors (ulimit -n) are too few to run a case: at least %d are needed; "
                "nothing was run\n",
                (unsigned long long)rl.rlim_cur, FDS_BASE + FDS_PER_CASE);
        return -1;
    }
    *jobs = (long)((rl.rlim_cur - FDS_BASE) / FDS_PER_CASE);
    if (!quiet)
        fprintf(stderr, "profcheck run: -j %ld needs %llu file descriptors, the limit is %llu (ulimit -n): running -j %ld\n",
                want, (unsigned long long)need, (unsigned long long)rl.rlim_cur, *jobs);
    return 0;
}

/* The first case loaded for the newest runtime of the run (the first case
 * when the run has one runtime): the agent probe's model. */
static const struct case_def *newest_case(const struct loaded_cases *cases)
{
    const struct case_def *best = &cases->v[0];

    for (size_t i = 1; i < cases->len; i++) {
        const struct case_def *c = &cases->v[i];
        if (c->runtime_version && (!best->runtime_version || version_compare(c->runtime_version,
                                                                             best->runtime_version) > 0))
            best = c;
    }
    return best;
}

static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal went away: stop as for SIGTERM */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sigaction(SIGXFSZ, &sa, NULL); /* a file size limit is an error (EFBIG), not the end */
}

/* Results of the cases that ran, in the order of the list. */
struct outcome_list {
    struct result *v;
    size_t n;
};

static int write_reports(const struct run_options *ro, const char *junit_path, const char *page,
                         const char *profiler, const char *dotnet, const struct outcome_list *out, time_t started)
{
    char build_id[128] = "unknown", host[256] = "localhost", os[300] = "";
    struct strbuf versions = STRBUF_INIT;
    struct utsname un;
    struct property props[9];
    size_t nprops = 0;
    int nversions;
    struct junit_meta meta;
    struct json_meta jmeta;
    struct html_meta hmeta;
    struct err e;
    int rc = 0;

    err_init(&e);
    /* Every runtime the results ran on; the one version too when there is
     * only one, as before (docs/running.md, "Reports"). */
    nversions = result_runtime_versions(out->v, out->n, &versions);
    if (nversions < 0) {
        fprintf(stderr, "profcheck run: out of memory\n");
        return -1;
    }
    if (elfinfo_build_id(profiler, build_id, sizeof build_id, &e) < 0)
        snprintf(build_id, sizeof build_id, "unknown");
    gethostname(host, sizeof host - 1);
    if (uname(&un) == 0)
        snprintf(os, sizeof os, "%s %s %s", un.sysname, un.release, un.machine);
    props[nprops++] = (struct property){JUNIT_PROP_RUNTIMES, nversions ? strbuf_str(&versions) : "unknown"};
    if (nversions <= 1)
        props[nprops++] = (struct property){JUNIT_PROP_RUNTIME, nversions ? strbuf_str(&versions) : "unknown"};
    props[nprops++] = (struct property){"dotnet.host", dotnet};
    props[nprops++] = (struct property){"profiler.path", profiler};
    props[nprops++] = (struct property){"profiler.build-id", build_id};
    props[nprops++] = (struct property){"profcheck.version", PROFCHECK_VERSION};
    if (profcheck_revision[0])
        props[nprops++] = (struct property){"profcheck.revision", profcheck_revision};
    props[nprops++] = (struct property){"host.name", host};
    props[nprops++] = (struct property){"host.os", os};
    meta.name = "profcheck";
    meta.classname_prefix = "profcheck";
    meta.hostname = host;
    meta.timestamp = started;
    meta.props = props;
    meta.nprops = nprops;
    if (junit_write(junit_path, out->v, out->n, &meta, &e) < 0) {
        fprintf(stderr, "profcheck run: %s\n", e.msg);
        rc = -1;
    } else if (!ro->quiet) {
        printf("report: %s\n", junit_path);
    }
    if (page[0]) {
        hmeta.title = "profcheck";
        hmeta.timestamp = started;
        hmeta.runtime = nversions == 1 ? strbuf_str(&versions) : NULL;
        hmeta.props = props;
        hmeta.nprops = nprops;
        if (html_write(page, out->v, out->n, &hmeta, &e) < 0) {
            fprintf(stderr, "profcheck run: %s\n", e.msg);
            rc = -1;
        } else if (!ro->quiet) {
            printf("page: %s\n", page);
        }
    }
    if (ro->tap && tap_write(ro->tap, out->v, out->n, &e) < 0) {
        fprintf(stderr, "profcheck run: %s\n", e.msg);
        rc = -1;
    }
    if (ro->json) {
        jmeta.name = "profcheck";
        jmeta.profcheck_version = PROFCHECK_VERSION;
        jmeta.profcheck_revision = profcheck_revision;
        jmeta.profiler_path = profiler;
        jmeta.profiler_build_id = build_id;
        jmeta.hostname = host;
        jmeta.timestamp = started;
        {
            struct rusage ru;
            jmeta.harness_peak_rss_kib = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
        }
        if (json_write(ro->json, out->v, out->n, &jmeta, &e) < 0) {
            fprintf(stderr, "profcheck run: %s\n", e.msg);
            rc = -1;
        }
    }
    strbuf_release(&versions);
    return rc;
}

/* What the scheduler's callbacks need. */
struct run_view {
    struct console console;
    const struct loaded_cases *cases;
    struct result *results;
    size_t finished;
    size_t total;
    int quiet;
    struct tally tally;
};

static void on_finish(void *ctx, size_t index, const char *trace)
{
    struct run_view *v = ctx;
    const struct result *r = &v->results[index];

    v->finished++;
    tally_add(&v->tally, r->verdict);
    if (trace && *trace) {
        console_clear(&v->console);
        fputs(trace, v->console.f);
    }
    if (!v->quiet || (r->verdict != VERDICT_PASS && r->verdict != VERDICT_XFAIL && r->verdict != VERDICT_SKIP))
        console_case_line(&v->console, r, v->finished, v->total);
}

static void on_tick(void *ctx, const char *const *running, size_t nrunning)
{
    struct run_view *v = ctx;

    console_progress(&v->console, v->finished, v->total, running, nrunning);
}

int cmd_run(int argc, char **argv)
{
    struct run_options ro;
    struct cli_paths paths;
    struct loaded_cases cases = {NULL, 0};
    struct result *results = NULL;
    unsigned char *done = NULL;
    struct outcome_list out = {NULL, 0};
    char profiler[PATH_MAX], agents_dir[PATH_MAX + 16], agent_path[PATH_MAX];
    char junit_path[PATH_MAX], page[PATH_MAX];
    struct run_base base;
    struct run_env env;
    struct schedule sched;
    struct run_view view;
    struct err e;
    time_t started = time(NULL);
    int rc, bad;

    memset(&ro, 0, sizeof ro);
    ro.timeout_scale = 1.0;
    ro.jobs = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
    targets_init(&ro.resolved);
    memset(&base, 0, sizeof base);
    cli_paths_default(&paths);
    rc = parse(argc, argv, &ro);
    ro.targets.quiet = ro.quiet;
    if (rc == 0)
        rc = targets_resolve("run", &ro.targets, &paths, &ro.resolved);
    if (rc != 0) {
        options_release(&ro);
        return rc < 0 ? EXIT_PASSED : rc;
    }

    bad = cli_load_cases(ro.paths, ro.npaths, &paths, &ro.sel, &ro.resolved.set, ro.agent != NULL, &cases, stderr);
    if (bad != 0) {
        if (bad > 0) {
            fprintf(stderr, "profcheck run: %d case file%s invalid; nothing was run\n", bad,
                    bad == 1 ? " is" : "s are");
            loaded_cases_release(&cases);
        }
        options_release(&ro);
        return EXIT_USAGE;
    }
    if (ro.agent) {
        long left_out = keep_agent_neutral(&cases);
        if (left_out > 0 && !ro.quiet)
            printf("--agent: %ld case%s left out (they need the reference profiler or an agent of their own)\n",
                   left_out, left_out == 1 ? " is" : "s are");
    }
    if (ro.raw_selftests)
        for (size_t i = 0; i < cases.len; i++)
            cases.v[i].selftest.present = 0;
    if (cases.len == 0 && !ro.allow_empty) {
        fprintf(stderr, "profcheck run: no case matches the selection (--allow-empty accepts that)\n");
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_USAGE;
    }
    /* A shard may well be empty (more shards than cases): that is no error. */
    if (cli_apply_shard(&cases, ro.shard_index, ro.shard_total) < 0) {
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_ENVIRONMENT;
    }
    /* Report paths that cannot be written fail the run before it starts. */
    rc = check_reports(&ro, &paths, junit_path, page, sizeof junit_path);
    if (rc != 0) {
        loaded_cases_release(&cases);
        options_release(&ro);
        return rc;
    }
    if (cases.len == 0) {
        /* Nothing will start, so nothing needs to exist: an empty shard runs anywhere. */
        snprintf(profiler, sizeof profiler, "%s", ro.profiler ? ro.profiler : paths.profiler);
    } else if (check_profiler(&ro, &paths, profiler) < 0 ||
               (cases_need_profiler(&cases) &&
                (preflight_profiler(profiler) < 0 || sanitizer_preload(profiler, &ro) < 0)) ||
               targets_check("run", &ro.resolved) != 0) {
        loaded_cases_release(&cases);
        options_release(&ro);
        return EXIT_ENVIRONMENT;
    }
    err_init(&e);

    if (proc_become_subreaper(&e) < 0)
        fprintf(stderr, "profcheck run: %s; orphaned processes are found by their run cookie only\n", e.msg);
    install_signals();
    if (fit_jobs_to_descriptors(&ro.jobs, cases.len, ro.quiet) < 0) {
        rc = EXIT_ENVIRONMENT;
        goto release;
    }
    /* The run's directory, with room for an event ring per job: a TMPDIR
     * that cannot take it is said once, before any case. */
    if (cases.len > 0) {
        long jobs = ro.jobs < (long)cases.len ? ro.jobs : (long)cases.len;
        int stale = proc_kill_stale_runs();

        if (stale > 0 && !ro.quiet)
            fprintf(stderr, "profcheck run: killed %d process%s left running by an earlier run that was killed\n",
                    stale, stale == 1 ? "" : "es");
        uint64_t reserve = cases_need_profiler(&cases) ? (uint64_t)jobs * (RING_HEADER_SIZE + RING_DEFAULT_SIZE) : 0;

        err_init(&e);
        if (run_base_make(&base, getenv("TMPDIR"), reserve, &e) < 0) {
            fprintf(stderr, "profcheck run: %s: nothing was run\n", e.msg);
            rc = EXIT_ENVIRONMENT;
            goto release;
        }
        if (base.note[0] && !ro.quiet)
            fprintf(stderr, "profcheck run: %s\n", base.note);
    }

    memset(&env, 0, sizeof env);
    env.dotnet = ro.resolved.dotnet;
    env.fixtures_dir = ro.resolved.fixtures;
    env.profiler_path = profiler;
    env.clsid = PROFCHECK_REF_CLSID_TEXT;
    env.tmp_root = base.path;
    env.child_env = (const char *const *)ro.child_env;
    env.nchild_env = ro.nchild_env;
    env.timeout_scale = ro.timeout_scale;
    env.stop = &stop_requested;
    /* The app runs in a directory of its own: the agent's path must not be relative. */
    if (ro.agent && !realpath(ro.agent, agent_path)) {
        fprintf(stderr, "profcheck run: --agent %s: %s\n", ro.agent, strerror(errno));
        rc = EXIT_ENVIRONMENT;
        goto release;
    }
    env.agent_path = ro.agent ? agent_path : NULL;
    env.agent_clsid = ro.clsid;
    /* The demonstration agents: BUILD/agents, or PREFIX/lib/profcheck (cli/layout.h). */
    snprintf(agents_dir, sizeof agents_dir, "%s", paths.agents);
    env.agents_dir = agents_dir;

    /* An agent that does not load would fail every case the same way: one
     * message instead, from one app on the newest runtime of the run. */
    if (ro.agent && cases.len > 0) {
        struct strbuf why = STRBUF_INIT;
        const struct case_def *like = newest_case(&cases);
        struct run_env probe_env = env;
        int probed;

        if (like->fixtures_dir)
            probe_env.fixtures_dir = like->fixtures_dir;
        probed = agent_probe(&probe_env, like, &why);
        if (probed != 0) {
            fprintf(stderr, "profcheck run: the agent %s with --clsid %s cannot be used: %s\n", env.agent_path,
                    env.agent_clsid, probed < 0 ? "out of memory" : strbuf_str(&why));
            strbuf_release(&why);
            rc = EXIT_ENVIRONMENT;
            goto release;
        }
        strbuf_release(&why);
    }

    results = calloc(cases.len ? cases.len : 1, sizeof *results);
    done = calloc(cases.len ? cases.len : 1, 1);
    out.v = calloc(cases.len ? cases.len : 1, sizeof *out.v);
    if (!results || !done || !out.v) {
        fprintf(stderr, "profcheck run: out of memory\n");
        rc = EXIT_ENVIRONMENT;
        goto release;
    }

    memset(&view, 0, sizeof view);
    console_init(&view.console, stdout, !ro.no_progress && !ro.verbose);
    view.cases = &cases;
    view.results = results;
    view.total = cases.len;
    view.quiet = ro.quiet;
    memset(&sched, 0, sizeof sched);
    sched.env = &env;
    sched.facts = &ro.resolved.facts;
    sched.jobs = (int)ro.jobs;
    sched.retries = (int)ro.retries;
    sched.verbose = ro.verbose;
    sched.live = stdout;
    sched.on_finish = on_finish;
    sched.on_tick = on_tick;
    sched.ctx = &view;

    rc = EXIT_PASSED;
    if (schedule_run(&sched, cases.v, cases.len, results, done) < 0) {
        fprintf(stderr, "profcheck run: out of memory while running cases\n");
        rc = EXIT_ENVIRONMENT;
    }
    console_clear(&view.console);
    proc_sweep();
    run_base_remove(&base);

    /* The report lists what ran, in the order of the case list. */
    for (size_t i = 0; i < cases.len; i++) {
        if (!done[i])
            continue;
        out.v[out.n++] = results[i];
        result_init(&results[i]);
    }
    if (stop_requested)
        fprintf(stderr, "profcheck run: interrupted by %s: %zu of %zu cases started, the rest did not run\n",
                stop_requested == SIGTERM ? "SIGTERM" : stop_requested == SIGHUP ? "SIGHUP" : "SIGINT", out.n,
                cases.len);
    console_failures(stdout, out.v, out.n);
    if (write_reports(&ro, junit_path, page, profiler, ro.resolved.dotnet, &out, started) < 0 && rc == EXIT_PASSED)
        rc = EXIT_ENVIRONMENT;
    console_summary(stdout, &view.tally);
    if (rc == EXIT_PASSED && (view.tally.failed > 0 || stop_requested))
        rc = EXIT_FAILED;

release:
    run_base_remove(&base);
    if (results)
        for (size_t i = 0; i < cases.len; i++)
            result_release(&results[i]);
    for (size_t i = 0; i < out.n; i++)
        result_release(&out.v[i]);
    free(out.v);
    free(results);
    free(done);
    loaded_cases_release(&cases);
    options_release(&ro);
    return rc;
}
