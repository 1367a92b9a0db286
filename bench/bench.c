/*
 * bench.c - what profcheck costs (make bench; docs/performance.md).
 *
 * Measures, side by side in one run:
 *   - the harness overhead: the scenario of bench/scenario.txt run bare
 *     (`dotnet Basic.dll < scenario.txt`), through `profcheck run` without a
 *     profiler, with the reference profiler recording JIT events, and with
 *     every event group the suite uses; the runs interleaved, medians
 *     compared with the bare run; and the same as one case of twenty in one
 *     profcheck run, against twenty bare runs, where profcheck's own start
 *     is paid once;
 *   - scaling: the whole suite with -j1 and -j2 on the installed runtime,
 *     and 10, 20 and 40 copies of one case with -j2;
 *   - runtimes: the whole suite with -j2 on each runtime of
 *     BUILD/dotnet/runtimes.txt (--runtime R), and on all of them in one run
 *     (the matrix), wall and CPU seconds (docs/runtimes.md);
 *   - the cost of one event: the fixture compiles 5000 emitted methods
 *     (Basic's jit-many, 10 000 JIT events), under the profiler subscribed to
 *     the JIT callbacks with and without recording them, the difference
 *     divided by the number of events; and the runtime's own cost of
 *     delivering them (subscribed against not subscribed);
 *   - against `dotnet test`: an xUnit project (bench/dotnet-test) whose N
 *     tests each start the fixture under the profiler and check its output,
 *     against profcheck running N copies of the same case with -j1;
 *   - against the runtime's own pattern: a managed runner (bench/relaunch)
 *     started once per test, which relaunches the fixture under the profiler;
 *   - memory: profcheck's own peak RSS over the whole suite, and the app's
 *     resident memory at the end of the scenario with and without the
 *     profiler.
 * Results go to BUILD/reports/bench.json and a table on stdout.  Nothing
 * here asserts a time: a benchmark measures.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_RUNS 100

struct sample {
    double seconds;
    double cpu_seconds; /* user and system, of the process and the children it waited for */
    long maxrss_kib; /* of the process and the children it waited for */
    int ok;          /* exited with 0 */
    int exit_code;   /* -1 when killed by a signal */
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs argv with stdin from in_path (or /dev/null), output discarded. */
static struct sample run(char *const argv[], const char *in_path)
{
    struct sample s = {0, 0, 0, 0, -1};
    posix_spawn_file_actions_t fa;
    struct rusage ru;
    double t0;
    pid_t pid;
    int status;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in_path ? in_path : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    t0 = now();
    if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return s;
    }
    posix_spawn_file_actions_destroy(&fa);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    s.seconds = now() - t0;
    s.cpu_seconds = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                    (double)ru.ru_stime.tv_usec / 1e6;
    s.maxrss_kib = ru.ru_maxrss;
    s.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    s.ok = s.exit_code == 0;
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(const struct sample *v, size_t n)
{
    double t[MAX_RUNS];

    for (size_t i = 0; i < n; i++)
        t[i] = v[i].seconds;
    qsort(t, n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* The number after "key": in a JSON file (the first one), or -1. */
static long json_number(const char *path, const char *key)
{
    char buf[1 << 16], pattern[128], *p;
    size_t n;
    FILE *f = fopen(path, "r");

    if (!f)
        return -1;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    snprintf(pattern, sizeof pattern, "\"%s\": ", key);
    p = strstr(buf, pattern);
    if (!p)
        return -1;
    p += strlen(pattern);
    if (*p == '"')
        p++;
    return strtol(p, NULL, 10);
}

static int copy_file(const char *from, const char *to)
{
    char buf[65536];
    size_t n;
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int rc = in && out ? 0 : -1;

    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            rc = -1;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    return rc;
}

/* The whole suite with -j2 per runtime of the build, and over all of them. */
#define MAX_RUNTIMES 8

struct runtime_times {
    size_t n;
    char names[MAX_RUNTIMES][16];
    struct sample each[MAX_RUNTIMES];
    struct sample matrix;
};

static int measure_runtimes(char *profcheck, const char *build, char *cases_dir, char *report_dir,
                            struct runtime_times *t)
{
    char listing[PATH_MAX], line[1024], all[] = "all", name_arg[16];
    FILE *f;
    int failures = 0;

    memset(t, 0, sizeof *t);
    snprintf(listing, sizeof listing, "%s/dotnet/runtimes.txt", build);
    f = fopen(listing, "r");
    if (!f) {
        fprintf(stderr, "profcheck_bench: no %s: the suite is not measured per runtime\n", listing);
        return 0;
    }
    while (t->n < MAX_RUNTIMES && fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%15s", t->names[t->n]) == 1)
            t->n++;
    fclose(f);
    for (size_t i = 0; i < t->n; i++) {
        snprintf(name_arg, sizeof name_arg, "%s", t->names[i]);
        char *a[] = {profcheck, "run", "-q", "--no-progress", "-j", "2", "--runtime", name_arg, "--report-dir",
                     report_dir, cases_dir, NULL};
        t->each[i] = run(a, NULL);
        failures += !t->each[i].ok;
        fprintf(stderr, "suite on %s: -j2 %.1fs (CPU %.1fs)\n", t->names[i], t->each[i].seconds,
                t->each[i].cpu_seconds);
    }
    {
        char *a[] = {profcheck, "run", "-q", "--no-progress", "-j", "2", "--runtime", all, "--report-dir",
                     report_dir, cases_dir, NULL};
        t->matrix = run(a, NULL);
        failures += !t->matrix.ok;
        fprintf(stderr, "suite on every runtime: -j2 %.1fs (CPU %.1fs)\n", t->matrix.seconds, t->matrix.cpu_seconds);
    }
    return failures;
}

static void usage(void)
{
    fputs("usage: profcheck_bench [--build DIR] [--source DIR] [--runs N] [--quick]\n"
          "  --build DIR   the build directory (default: build)\n"
          "  --source DIR  the source tree, for bench/ and cases/ (default: .)\n"
          "  --runs N      runs of each overhead variant, interleaved (default 10)\n"
          "  --quick       skip the whole-suite and copies measurements\n",
          stderr);
}

/* The overhead inside a suite: cases per run, rounds. */
#define SUITE_N 20
#define SUITE_ROUNDS 3

int main(int argc, char **argv)
{
    const char *build = "build", *source = ".";
    int runs = 10, quick = 0;
    char profcheck[PATH_MAX], dll[PATH_MAX], scenario[PATH_MAX], reports[PATH_MAX], json_path[PATH_MAX];
    char fixtures[PATH_MAX]; /* --fixtures: every run but those over runtimes is on the installed runtime alone */
    char tmp[] = "/tmp/profcheck-bench-XXXXXX";
    static const char *const variants[] = {"none", "jit", "all"};
    struct sample bare[MAX_RUNS], wrapped[3][MAX_RUNS], quiet[MAX_RUNS], subscribed[MAX_RUNS], recording[MAX_RUNS];
    double m_quiet, m_subscribed, m_recording, per_event_ns = 0, runtime_event_ns = 0;
    long nevents = -1;
    double m_bare, m[3], suite_j1 = 0, suite_j2 = 0, suite_j2_cpu = 0, copies[3] = {0, 0, 0}, m_in_suite[2] = {0, 0},
           m_bare_n[2] = {0, 0};
    struct runtime_times rt;
    static const int ncopies[3] = {10, 20, 40};
    long harness_rss = -1, app_rss[3] = {-1, -1, -1};
    double vs_dotnet_test = 0, dotnet_test_s = 0, profcheck_n_s = 0, relaunch_s = 0, vs_relaunch = 0;
    const int ntests = 20;
    int failures = 0;
    FILE *out;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--build") == 0 && i + 1 < argc)
            build = argv[++i];
        else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            source = argv[++i];
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--quick") == 0)
            quick = 1;
        else {
            usage();
            return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "profcheck_bench: --runs must be 1..%d\n", MAX_RUNS);
        return 2;
    }
    snprintf(profcheck, sizeof profcheck, "%s/bin/profcheck", build);
    snprintf(dll, sizeof dll, "%s/fixtures/Basic/Basic.dll", build);
    snprintf(fixtures, sizeof fixtures, "%s/fixtures", build);
    snprintf(scenario, sizeof scenario, "%s/bench/scenario.txt", source);
    snprintf(reports, sizeof reports, "%s/reports", build);
    if (access(profcheck, X_OK) != 0 || access(dll, R_OK) != 0 || access(scenario, R_OK) != 0) {
        fprintf(stderr, "profcheck_bench: needs %s, %s and %s (run `make build`)\n", profcheck, dll, scenario);
        return 3;
    }
    if (!mkdtemp(tmp)) {
        perror("profcheck_bench: mkdtemp");
        return 3;
    }
    mkdir(reports, 0755);

    /* 1. Overhead: a, b, c, d interleaved, `runs` times. */
    for (int r = 0; r < runs; r++) {
        char *bare_argv[] = {"dotnet", dll, NULL};
        bare[r] = run(bare_argv, scenario);
        failures += !bare[r].ok;
        for (int v = 0; v < 3; v++) {
            char case_path[PATH_MAX], report_dir[PATH_MAX + 32];
            snprintf(case_path, sizeof case_path, "%s/bench/cases/%s.xml", source, variants[v]);
            snprintf(report_dir, sizeof report_dir, "%s/reports-%s", tmp, variants[v]);
            snprintf(json_path, sizeof json_path, "%s/%s.json", tmp, variants[v]);
            char *argv_v[] = {profcheck, "run", "-q", "--no-progress", "-j", "1",
                              "--fixtures", fixtures, "--report-dir", report_dir, "--json", json_path,
                              case_path, NULL};
            wrapped[v][r] = run(argv_v, NULL);
            failures += !wrapped[v][r].ok;
            if (r == runs - 1)
                app_rss[v] = json_number(json_path, "end.rss-kib");
        }
        fprintf(stderr, "\roverhead runs: %d/%d", r + 1, runs);
    }
    fputc('\n', stderr);
    /*
     * 2. The cost of one event, interleaved too: the profiler with no
     * callbacks, subscribed to the JIT callbacks but recording none, and
     * recording them.  The first difference is the runtime's own cost of
     * delivering the callbacks, the second the profiler's of recording them.
     */
    for (int r = 0; r < runs; r++) {
        static const char *const names[] = {"events-quiet", "events-subscribed", "events-jit"};
        struct sample *into[] = {quiet, subscribed, recording};
        for (int k = 0; k < 3; k++) {
            char case_path[PATH_MAX], report_dir[PATH_MAX + 32];
            snprintf(case_path, sizeof case_path, "%s/bench/cases/%s.xml", source, names[k]);
            snprintf(report_dir, sizeof report_dir, "%s/reports-events", tmp);
            snprintf(json_path, sizeof json_path, "%s/events.json", tmp);
            char *argv_k[] = {profcheck, "run", "-q", "--no-progress", "-j", "1",
                              "--fixtures", fixtures, "--report-dir", report_dir, "--json", json_path,
                              case_path, NULL};
            into[k][r] = run(argv_k, NULL);
            failures += !into[k][r].ok;
            if (k == 2 && r == runs - 1)
                nevents = json_number(json_path, "event_count");
        }
        fprintf(stderr, "\revent-cost runs: %d/%d", r + 1, runs);
    }
    fputc('\n', stderr);
    m_quiet = median(quiet, (size_t)runs);
    m_subscribed = median(subscribed, (size_t)runs);
    m_recording = median(recording, (size_t)runs);
    if (nevents > 0) {
        per_event_ns = (m_recording - m_subscribed) / (double)nevents * 1e9;
        runtime_event_ns = (m_subscribed - m_quiet) / (double)nevents * 1e9;
    }

    m_bare = median(bare, (size_t)runs);
    for (int v = 0; v < 3; v++)
        m[v] = median(wrapped[v], (size_t)runs);

    /*
     * 1b. The same overheads inside a suite: one profcheck run of SUITE_N
     * copies of the no-profiler case (and of the JIT-events case) with -j1
     * against SUITE_N bare runs back to back, interleaved, SUITE_ROUNDS
     * times.  profcheck's own start (the process, libxml2, the schema) is
     * paid once per run here, as in real use.
     */
    for (int v = 0; v < 2; v++) {
        struct sample in_suite[SUITE_ROUNDS], bare_n[SUITE_ROUNDS];
        char dir[PATH_MAX], from[PATH_MAX], to[PATH_MAX + 32], report_dir[PATH_MAX + 32];

        snprintf(dir, sizeof dir, "%s/%s-%d", tmp, variants[v], SUITE_N);
        mkdir(dir, 0755);
        snprintf(from, sizeof from, "%s/bench/cases/%s.xml", source, variants[v]);
        for (int c = 0; c < SUITE_N; c++) {
            snprintf(to, sizeof to, "%s/n%02d.xml", dir, c);
            copy_file(from, to);
        }
        snprintf(report_dir, sizeof report_dir, "%s/reports-%s-n", tmp, variants[v]);
        for (int k = 0; k < SUITE_ROUNDS; k++) {
            char *an[] = {profcheck, "run", "-q", "--no-progress", "-j", "1",
                          "--fixtures", fixtures, "--report-dir", report_dir, dir, NULL};
            char *bare_argv[] = {"dotnet", dll, NULL};
            in_suite[k] = run(an, NULL);
            failures += !in_suite[k].ok;
            bare_n[k].seconds = 0;
            bare_n[k].ok = 1;
            for (int c = 0; c < SUITE_N; c++) {
                struct sample b = run(bare_argv, scenario);
                bare_n[k].seconds += b.seconds;
                bare_n[k].ok &= b.ok;
            }
            failures += !bare_n[k].ok;
        }
        m_in_suite[v] = median(in_suite, SUITE_ROUNDS);
        m_bare_n[v] = median(bare_n, SUITE_ROUNDS);
        fprintf(stderr, "in a suite (%s): %d cases %.2fs, %d bare runs %.2fs\n", variants[v], SUITE_N, m_in_suite[v],
                SUITE_N, m_bare_n[v]);
    }

    /* 3 and 5. The whole suite with -j1 and -j2 on the installed runtime
     * (--fixtures keeps a run on one), profcheck's own peak RSS. */
    memset(&rt, 0, sizeof rt);
    if (!quick) {
        char cases_dir[PATH_MAX], report_dir[PATH_MAX + 32];
        snprintf(cases_dir, sizeof cases_dir, "%s/cases", source);
        snprintf(report_dir, sizeof report_dir, "%s/reports-suite", tmp);
        snprintf(json_path, sizeof json_path, "%s/suite.json", tmp);
        {
            char *a1[] = {profcheck, "run", "-q", "--no-progress", "-j", "1", "--fixtures", fixtures, "--report-dir",
                          report_dir, "--json", json_path, cases_dir, NULL};
            struct sample s = run(a1, NULL);
            suite_j1 = s.seconds;
            failures += !s.ok;
            harness_rss = json_number(json_path, "peak_rss_kib");
        }
        {
            char *a2[] = {profcheck, "run", "-q", "--no-progress", "-j", "2", "--fixtures", fixtures, "--report-dir",
                          report_dir, cases_dir, NULL};
            struct sample s = run(a2, NULL);
            suite_j2 = s.seconds;
            suite_j2_cpu = s.cpu_seconds;
            failures += !s.ok;
        }
        fprintf(stderr, "suite: -j1 %.1fs, -j2 %.1fs\n", suite_j1, suite_j2);
        failures += measure_runtimes(profcheck, build, cases_dir, report_dir, &rt);
        /* Copies of one case: 10, 20, 40 with -j2. */
        for (int k = 0; k < 3; k++) {
            char dir[PATH_MAX], from[PATH_MAX], to[PATH_MAX + 32];
            snprintf(dir, sizeof dir, "%s/copies-%d", tmp, ncopies[k]);
            mkdir(dir, 0755);
            snprintf(from, sizeof from, "%s/bench/cases/jit.xml", source);
            for (int c = 0; c < ncopies[k]; c++) {
                snprintf(to, sizeof to, "%s/c%02d.xml", dir, c);
                copy_file(from, to);
            }
            char *ac[] = {profcheck, "run", "-q", "--no-progress", "-j", "2",
                          "--fixtures", fixtures, "--report-dir", report_dir, dir, NULL};
            struct sample s = run(ac, NULL);
            copies[k] = s.seconds;
            failures += !s.ok;
            fprintf(stderr, "copies: %d cases in %.1fs\n", ncopies[k], copies[k]);
        }
    }

    /* 4. Against `dotnet test`, the same N runs (built first, untimed). */
    if (!quick) {
        char project[PATH_MAX], out_dir[PATH_MAX], test_dll[PATH_MAX + 32], n_text[16], profiler_path[PATH_MAX],
            dll_abs[PATH_MAX], profiler_abs[PATH_MAX], bench_out[PATH_MAX + 32];
        struct sample dt[3], pc[3];
        snprintf(project, sizeof project, "%s/bench/dotnet-test", source);
        snprintf(out_dir, sizeof out_dir, "%s/bench/dotnet-test", build);
        snprintf(test_dll, sizeof test_dll, "%s/DotnetTestBench.dll", out_dir);
        {
            char build_abs[PATH_MAX];
            if (!realpath(build, build_abs))
                snprintf(build_abs, sizeof build_abs, "%s", build);
            snprintf(bench_out, sizeof bench_out, "-p:ProfcheckBenchOut=%s/bench", build_abs);
        }
        snprintf(profiler_path, sizeof profiler_path, "%s/lib/libprofcheck_ref.so", build);
        char *ab[] = {"dotnet", "build", project, "-c", "Release", "-o", out_dir, "-nologo", "-v:q", bench_out, NULL};
        if (run(ab, NULL).ok && realpath(dll, dll_abs) && realpath(profiler_path, profiler_abs)) {
            char copies_dir[PATH_MAX], report_dir[PATH_MAX + 32];
            snprintf(n_text, sizeof n_text, "%d", ntests);
            setenv("PROFCHECK_BENCH_DLL", dll_abs, 1);
            setenv("PROFCHECK_BENCH_PROFILER", profiler_abs, 1);
            setenv("PROFCHECK_BENCH_N", n_text, 1);
            snprintf(copies_dir, sizeof copies_dir, "%s/copies-%d", tmp, ntests);
            snprintf(report_dir, sizeof report_dir, "%s/reports-vs", tmp);
            char *at[] = {"dotnet", "test", test_dll, NULL};
            char *ap[] = {profcheck, "run", "-q", "--no-progress", "-j", "1",
                          "--fixtures", fixtures, "--report-dir", report_dir, copies_dir, NULL};
            for (int r = 0; r < 3; r++) {
                dt[r] = run(at, NULL);
                pc[r] = run(ap, NULL);
                failures += !dt[r].ok + !pc[r].ok;
            }
            dotnet_test_s = median(dt, 3);
            profcheck_n_s = median(pc, 3);
            vs_dotnet_test = dotnet_test_s > 0 ? profcheck_n_s / dotnet_test_s : 0;
            /* The relaunching runner: ntests runner processes, one after the other. */
            {
                char rproject[PATH_MAX], rout[PATH_MAX], rdll[PATH_MAX + 32];
                snprintf(rproject, sizeof rproject, "%s/bench/relaunch", source);
                snprintf(rout, sizeof rout, "%s/bench/relaunch", build);
                snprintf(rdll, sizeof rdll, "%s/Relaunch.dll", rout);
                char *arb[] = {"dotnet", "build", rproject, "-c", "Release", "-o", rout, "-nologo", "-v:q", bench_out,
                               NULL};
                if (run(arb, NULL).ok) {
                    struct sample rs[3];
                    char *ar[] = {"dotnet", rdll, dll_abs, profiler_abs, NULL};
                    for (int r = 0; r < 3; r++) {
                        double t0 = now();
                        for (int t = 0; t < ntests; t++) {
                            /* The runner says it passed with exit code 100. */
                            failures += run(ar, NULL).exit_code != 100;
                        }
                        rs[r].seconds = now() - t0;
                    }
                    relaunch_s = median(rs, 3);
                    vs_relaunch = relaunch_s > 0 ? profcheck_n_s / relaunch_s : 0;
                    fprintf(stderr, "relaunching runner: %d tests in %.2fs\n", ntests, relaunch_s);
                }
            }
            fprintf(stderr, "dotnet test: %d tests in %.2fs; profcheck -j1: %.2fs\n", ntests, dotnet_test_s,
                    profcheck_n_s);
        } else {
            fprintf(stderr, "profcheck_bench: cannot build %s: skipping the dotnet test comparison\n", project);
        }
    }

    /* The report. */
    snprintf(json_path, sizeof json_path, "%s/bench.json", reports);
    out = fopen(json_path, "w");
    if (out) {
        fprintf(out, "{\n  \"runs\": %d,\n  \"bare_median_s\": %.4f,\n", runs, m_bare);
        fprintf(out, "  \"profcheck_no_profiler_median_s\": %.4f,\n", m[0]);
        fprintf(out, "  \"profcheck_jit_events_median_s\": %.4f,\n", m[1]);
        fprintf(out, "  \"profcheck_all_events_median_s\": %.4f,\n", m[2]);
        fprintf(out, "  \"harness_overhead_ratio\": %.3f,\n", m[0] / m_bare);
        fprintf(out, "  \"harness_overhead_ratio_in_suite\": %.3f,\n", m_bare_n[0] > 0 ? m_in_suite[0] / m_bare_n[0] : 0);
        fprintf(out, "  \"profiler_startup_ratio_in_suite\": %.3f,\n", m_bare_n[1] > 0 ? m_in_suite[1] / m_bare_n[1] : 0);
        fprintf(out, "  \"profiler_startup_ratio\": %.3f,\n", m[1] / m_bare);
        fprintf(out, "  \"all_events_ratio\": %.3f,\n", m[2] / m_bare);
        fprintf(out, "  \"events_recorded\": %ld,\n  \"per_event_ns\": %.0f,\n  \"events_per_second\": %.0f,\n",
                nevents, per_event_ns, per_event_ns > 0 ? 1e9 / per_event_ns : 0);
        fprintf(out, "  \"runtime_callback_ns\": %.0f,\n", runtime_event_ns);
        fprintf(out, "  \"app_rss_kib_no_profiler\": %ld,\n  \"app_rss_kib_jit\": %ld,\n  \"app_rss_kib_all\": %ld",
                app_rss[0], app_rss[1], app_rss[2]);
        if (!quick) {
            fprintf(out, ",\n  \"suite_j1_s\": %.2f,\n  \"suite_j2_s\": %.2f,\n  \"parallel_speedup_j2\": %.3f,\n",
                    suite_j1, suite_j2, suite_j2 > 0 ? suite_j1 / suite_j2 : 0);
            fprintf(out, "  \"suite_j2_cpu_s\": %.2f,\n", suite_j2_cpu);
            for (size_t i = 0; i < rt.n; i++)
                fprintf(out, "  \"suite_j2_s_%s\": %.2f,\n  \"suite_j2_cpu_s_%s\": %.2f,\n", rt.names[i],
                        rt.each[i].seconds, rt.names[i], rt.each[i].cpu_seconds);
            if (rt.n)
                fprintf(out,
                        "  \"matrix_runtimes\": %zu,\n  \"matrix_suite_j2_s\": %.2f,\n"
                        "  \"matrix_suite_j2_cpu_s\": %.2f,\n  \"matrix_vs_suite_j2_ratio\": %.3f,\n"
                        "  \"matrix_vs_suite_j2_cpu_ratio\": %.3f,\n",
                        rt.n, rt.matrix.seconds, rt.matrix.cpu_seconds,
                        suite_j2 > 0 ? rt.matrix.seconds / suite_j2 : 0,
                        suite_j2_cpu > 0 ? rt.matrix.cpu_seconds / suite_j2_cpu : 0);
            fprintf(out, "  \"copies_10_s\": %.2f,\n  \"copies_20_s\": %.2f,\n  \"copies_40_s\": %.2f,\n", copies[0],
                    copies[1], copies[2]);
            fprintf(out, "  \"harness_peak_rss_kib\": %ld,\n", harness_rss);
            fprintf(out, "  \"dotnet_test_%d_s\": %.2f,\n  \"profcheck_%d_s\": %.2f,\n  \"vs_dotnet_test_ratio\": %.3f,\n",
                    ntests, dotnet_test_s, ntests, profcheck_n_s, vs_dotnet_test);
            fprintf(out, "  \"relaunch_runner_%d_s\": %.2f,\n  \"vs_relaunch_runner_ratio\": %.3f", ntests, relaunch_s,
                    vs_relaunch);
        }
        fprintf(out, ",\n  \"failed_runs\": %d\n}\n", failures);
        fclose(out);
    }

    printf("%-44s %10s %8s\n", "measurement", "value", "ratio");
    printf("%-44s %9.3fs %8s\n", "bare: dotnet Basic.dll < scenario (median)", m_bare, "1.00");
    printf("%-44s %9.3fs %8.3f\n", "profcheck run, no profiler", m[0], m[0] / m_bare);
    printf("%-44s %9.3fs %8.3f\n", "  the same as one of 20 cases of a run", m_in_suite[0] / SUITE_N,
           m_bare_n[0] > 0 ? m_in_suite[0] / m_bare_n[0] : 0);
    printf("%-44s %9.3fs %8.3f\n", "profcheck run, profiler with JIT events", m[1], m[1] / m_bare);
    printf("%-44s %9.3fs %8.3f\n", "  the same as one of 20 cases of a run", m_in_suite[1] / SUITE_N,
           m_bare_n[1] > 0 ? m_in_suite[1] / m_bare_n[1] : 0);
    printf("%-44s %9.3fs %8.3f\n", "profcheck run, profiler with all events", m[2], m[2] / m_bare);
    printf("%-44s %8.0f ns (%ld events, %.0f events/s)\n", "cost of one recorded event", per_event_ns, nevents,
           per_event_ns > 0 ? 1e9 / per_event_ns : 0);
    printf("%-44s %8.0f ns%s\n", "the runtime's cost of delivering it", runtime_event_ns,
           runtime_event_ns < 0 ? " (below the noise)" : "");
    printf("%-44s %8ld KiB / %ld / %ld\n", "app RSS at the end: none / jit / all", app_rss[0], app_rss[1],
           app_rss[2]);
    if (!quick) {
        printf("%-44s %9.2fs\n", "whole suite -j1", suite_j1);
        printf("%-44s %9.2fs %8.3f\n", "whole suite -j2 (speed-up)", suite_j2, suite_j2 > 0 ? suite_j1 / suite_j2 : 0);
        for (size_t i = 0; i < rt.n; i++) {
            char label[64];
            snprintf(label, sizeof label, "whole suite -j2 on %s (CPU s)", rt.names[i]);
            printf("%-44s %9.2fs %8.2f\n", label, rt.each[i].seconds, rt.each[i].cpu_seconds);
        }
        if (rt.n)
            printf("%-44s %9.2fs %8.3f\n", "whole suite -j2 on every runtime (vs -j2)", rt.matrix.seconds,
                   suite_j2 > 0 ? rt.matrix.seconds / suite_j2 : 0);
        for (int k = 0; k < 3; k++) {
            char label[64];
            snprintf(label, sizeof label, "%d copies of one case, -j2 (s per case)", ncopies[k]);
            printf("%-44s %9.2fs %8.3f\n", label, copies[k], copies[k] / ncopies[k]);
        }
        printf("%-44s %8ld KiB\n", "profcheck peak RSS over the whole suite", harness_rss);
        printf("%-44s %9.2fs\n", "dotnet test: 20 xUnit tests, each one run", dotnet_test_s);
        printf("%-44s %9.2fs %8.3f\n", "profcheck -j1: the same 20 runs (vs dotnet test)", profcheck_n_s,
               vs_dotnet_test);
        printf("%-44s %9.2fs %8.3f\n", "relaunching runner: 20 runs (profcheck vs it)", relaunch_s, vs_relaunch);
    }
    printf("failed runs: %d; results in %s\n", failures, json_path);
    {
        char *rm[] = {"rm", "-rf", tmp, NULL};
        run(rm, NULL);
    }
    return failures ? 1 : 0;
}
