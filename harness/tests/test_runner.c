/*
 * test_runner.c - the run's poll loop (engine/run_loop.c) with a real
 * child (/bin/sh standing in for an app; the loop does not care what the
 * app is): what was pending when a deadline passed is read before the
 * deadline is judged; the reply channel; and the capture of a stream larger
 * than its window, with the checks that must see all of it.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "engine/runner_internal.h"
#include "model/case.h"

void test_register(void);

static volatile sig_atomic_t no_stop;

/* A case of one step, <wait stdout="ready"/>, without a profiler. */
static void one_wait_case(struct case_def *c)
{
    case_init(c);
    c->id = strdup("runner/one-wait");
    c->path = strdup("one-wait.xml");
    c->timeout = 1;
    c->profiler.load = LOAD_NONE;
    c->steps = calloc(1, sizeof *c->steps);
    c->nsteps = 1;
    c->steps[0].kind = STEP_WAIT_LINE;
    c->steps[0].stream = STREAM_STDOUT;
    c->steps[0].line = 3;
    c->steps[0].source = strdup("<wait stdout=\"ready\"/>");
    c->steps[0].match.text = strdup("ready");
}

static void run_init(struct run *r, const struct run_env *env, const struct case_def *c)
{
    memset(r, 0, sizeof *r);
    r->env = env;
    r->c = c;
    r->attach_fd = -1;
    proc_init(&r->proc);
    chan_init(&r->chan);
    for (int i = 0; i < 3; i++) {
        capture_init(&r->out[i]);
        r->out[i].on_drop = check_dropped_line;
        r->out[i].ctx = r;
        r->out[i].stream = i;
    }
    crash_pick_init(&r->crash);
    event_log_init(&r->log);
    strbuf_init(&r->message);
    strbuf_init(&r->details);
    r->started = now_seconds();
}

static void run_release(struct run *r)
{
    proc_kill_tree(&r->proc, "test-runner");
    proc_release(&r->proc);
    chan_release(&r->chan);
    for (int i = 0; i < 3; i++)
        capture_release(&r->out[i]);
    crash_pick_release(&r->crash);
    event_log_release(&r->log);
    strbuf_release(&r->stdin_queue);
    strbuf_release(&r->message);
    strbuf_release(&r->details);
}

/*
 * The app said "ready" and ended before profcheck looked (as when
 * profcheck was stopped with SIGSTOP past the deadline): the case is done,
 * not a TIMEOUT.  Until the deadline was judged after reading what was
 * pending, it was.
 */
static void test_deadline_after_pending(void)
{
    char *argv[] = {"/bin/sh", "-c", "echo ready; exit 0", NULL};
    char *envp[] = {"PROFCHECK_RUN=test-runner", NULL};
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL, 0};
    struct run_env env;
    struct case_def c;
    struct run r;
    struct err e;

    memset(&env, 0, sizeof env);
    env.timeout_scale = 1;
    env.stop = &no_stop;
    one_wait_case(&c);
    run_init(&r, &env, &c);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(proc_spawn(&r.proc, &spec, &e), 0);
    /* The app has ended (its keeper has the status ready) and its line waits in the pipe. */
    {
        struct pollfd ended = {r.proc.pidfd, POLLIN, 0}, output = {r.proc.out_fd, POLLIN, 0};
        CU_ASSERT_EQUAL(poll(&ended, 1, 10000), 1);
        CU_ASSERT_EQUAL(poll(&output, 1, 10000), 1);
    }
    /* Both deadlines have passed by the time the loop first looks. */
    r.deadline = now_seconds() - 1;
    r.step_deadline = r.deadline;
    CU_ASSERT_EQUAL(run_loop(&r), 0);
    if (r.decided)
        fprintf(stderr, "\n    decided: %s\n", strbuf_str(&r.message));
    CU_ASSERT_FALSE(r.decided);
    CU_ASSERT_EQUAL(r.step, 1);
    CU_ASSERT_TRUE(r.proc.exited);
    run_release(&r);
    case_release(&c);
}

/* When nothing came before the deadline, it is a TIMEOUT all the same. */
static void test_deadline_without_output(void)
{
    char *argv[] = {"/bin/sh", "-c", "sleep 30", NULL};
    char *envp[] = {"PROFCHECK_RUN=test-runner", NULL};
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL, 0};
    struct run_env env;
    struct case_def c;
    struct run r;
    struct err e;

    memset(&env, 0, sizeof env);
    env.timeout_scale = 1;
    env.stop = &no_stop;
    one_wait_case(&c);
    run_init(&r, &env, &c);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(proc_spawn(&r.proc, &spec, &e), 0);
    r.deadline = now_seconds() - 1;
    r.step_deadline = r.deadline;
    CU_ASSERT_EQUAL(run_loop(&r), 0);
    CU_ASSERT_TRUE(r.decided);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_TIMEOUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&r.message), "one-wait.xml:3: timed out after 1s while waiting at step 1"));
    run_release(&r);
    case_release(&c);
}

/* Runs the one-wait case (waiting for `want`) with sh -c script for an
 * app that has a reply pipe as fd 3, until the loop ends. */
static void run_with_replies(struct run *r, struct case_def *c, const struct run_env *env, const char *script,
                             const char *want)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    char *envp[] = {"PROFCHECK_RUN=test-runner", NULL};
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL, RUN_REPLY_FD};
    struct err e;

    one_wait_case(c);
    c->timeout = 10;
    free(c->steps[0].match.text);
    c->steps[0].match.text = strdup(want);
    run_init(r, env, c);
    r->deadline = r->started + 10;
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(proc_spawn(&r->proc, &spec, &e), 0);
    step_begin(r);
    CU_ASSERT_EQUAL(run_loop(r), 0);
}

/* <wait stdout> takes the answer from the reply channel, whatever the app
 * printed on stdout around it; a reply with the wait's KEY= and another
 * value fails the step at once. */
static void test_replies(void)
{
    struct run_env env;
    struct case_def c;
    struct run r;

    memset(&env, 0, sizeof env);
    env.timeout_scale = 1;
    env.stop = &no_stop;
    run_with_replies(&r, &c, &env, "printf 'noise'; echo x=1 >&3; echo more", "x=1");
    if (r.decided)
        fprintf(stderr, "\n    decided: %s\n", strbuf_str(&r.message));
    CU_ASSERT_FALSE(r.decided);
    CU_ASSERT_EQUAL(r.line_cursor[STREAM_REPLIES], 1);
    CU_ASSERT_EQUAL(r.line_cursor[STREAM_STDOUT], 0);
    run_release(&r);
    case_release(&c);

    run_with_replies(&r, &c, &env, "echo x=2 >&3; sleep 30", "x=1");
    CU_ASSERT_TRUE(r.decided);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_FAIL);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&r.message), "the app answered 'x=2'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&r.details), "expected: x=1\n     got: x=2\n"));
    run_release(&r);
    case_release(&c);
}

struct drop_count {
    size_t lines;
    size_t next;    /* the number the next dropped line must have */
    int in_order;
};

static void count_drop(void *ctx, int stream, size_t line, const char *s, size_t len)
{
    struct drop_count *d = ctx;
    char want[32];

    (void)stream;
    snprintf(want, sizeof want, "line %zu", line);
    d->in_order &= line == d->next && len >= strlen(want) && memcmp(s, want, strlen(want)) == 0 &&
                   (len == strlen(want) || s[strlen(want)] == ' ');
    d->next = line + 1;
    d->lines++;
}

/* Writes `lines` lines "line N" (padded to `width` bytes with spaces when
 * width > 0) to a temporary file; returns it open for reading at its start. */
static int lines_file(size_t lines, size_t width)
{
    char path[] = "/tmp/profcheck-capture-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0)
        return -1;
    unlink(path);
    f = fdopen(dup(fd), "w");
    for (size_t i = 0; f && i < lines; i++) {
        int n = fprintf(f, "line %zu", i);
        for (size_t k = (size_t)n; k + 1 < width; k++)
            fputc(' ', f);
        fputc('\n', f);
    }
    if (f)
        fclose(f);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* However much comes, the window stays bounded, every line that leaves it
 * goes through on_drop in order, and the last lines are still there. */
static void test_capture_window(void)
{
    static const struct {
        size_t lines, width;
    } t[] = {{12 * 1024, 1024}, {600 * 1024, 0}};

    for (size_t k = 0; k < sizeof t / sizeof *t; k++) {
        struct drop_count d = {0, 0, 1};
        struct capture cp;
        const char *s;
        size_t len, seen_lines;
        int fd = lines_file(t[k].lines, t[k].width);

        CU_ASSERT_TRUE_FATAL(fd >= 0);
        capture_init(&cp);
        cp.on_drop = count_drop;
        cp.ctx = &d;
        while (fd >= 0)
            CU_ASSERT_EQUAL_FATAL(drain_fd(&fd, &cp, DRAIN_CHUNK), 0);
        CU_ASSERT_TRUE(cp.text.len <= CAPTURE_MAX);
        CU_ASSERT_TRUE(cp.nlines <= CAPTURE_LINES_MAX);
        CU_ASSERT_TRUE(cp.base > 0);
        CU_ASSERT_TRUE(d.in_order);
        seen_lines = d.lines + cp.nlines;
        CU_ASSERT_EQUAL(seen_lines, t[k].lines);
        CU_ASSERT_EQUAL(capture_end_line(&cp), t[k].lines);
        CU_ASSERT_TRUE(capture_line(&cp, t[k].lines - 1, &s, &len));
        CU_ASSERT_TRUE(len >= 5 && strncmp(s, "line ", 5) == 0);
        CU_ASSERT_FALSE(capture_line(&cp, 0, &s, &len));
        CU_ASSERT_EQUAL(cp.head.len, RESULT_OUTPUT_KEEP / 2);
        CU_ASSERT_EQUAL(strncmp(cp.head.buf, "line 0", 6), 0);
        capture_release(&cp);
    }
}

/*
 * The checks over a whole stream see the lines that left the window: the
 * runtime's crash lines at the start of stderr, a property's last value
 * and an <stderr contains> hit, with 600 Ki lines after them.
 */
static void test_checks_past_window(void)
{
    static const char start[] = "Unhandled exception. System.Exception: boom\n"
                                " ---> System.InvalidOperationException: inner\n"
                                "   at Fixtures.Program.Main()\n"
                                "value=6\nvalue=7\n";
    struct run_env env;
    struct case_def c;
    struct result res;
    struct strbuf lines = STRBUF_INIT;
    struct run r;
    char why[256];
    int fd = lines_file(600 * 1024, 0), head[2];

    CU_ASSERT_TRUE_FATAL(fd >= 0);
    memset(&env, 0, sizeof env);
    env.timeout_scale = 1;
    env.stop = &no_stop;
    one_wait_case(&c);
    c.outcome.props = calloc(1, sizeof *c.outcome.props);
    c.outcome.nprops = 1;
    c.outcome.props[0].name = strdup("v");
    c.outcome.props[0].stream = STREAM_STDERR;
    c.outcome.props[0].match.is_regex = 1;
    c.outcome.props[0].match.text = strdup("^value=([0-9]+)$");
    CU_ASSERT_EQUAL_FATAL(rx_compile(c.outcome.props[0].match.text, &c.outcome.props[0].match.re, why, sizeof why), 0);
    c.outcome.streams = calloc(1, sizeof *c.outcome.streams);
    c.outcome.nstreams = 1;
    c.outcome.streams[0].stream = STREAM_STDERR;
    c.outcome.streams[0].op = STREAM_CONTAINS;
    c.outcome.streams[0].source = strdup("<stderr contains=\"value=6\"/>");
    c.outcome.streams[0].match.text = strdup("value=6");
    run_init(&r, &env, &c);
    r.deadline = r.started + 60;
    r.stream_hits = calloc(1, 1);
    r.prop_dropped = calloc(3, sizeof *r.prop_dropped);
    result_init(&res);
    r.result = &res;
    CU_ASSERT_EQUAL_FATAL(pipe(head), 0);
    CU_ASSERT_EQUAL_FATAL(write(head[1], start, sizeof start - 1), (ssize_t)(sizeof start - 1));
    close(head[1]);
    /* All of it, then the file's lines after it, as one stream. */
    while (head[0] >= 0)
        CU_ASSERT_EQUAL_FATAL(drain_fd(&head[0], &r.out[STREAM_STDERR], DRAIN_CHUNK), 0);
    r.out[STREAM_STDERR].eof = 0;
    while (fd >= 0)
        CU_ASSERT_EQUAL_FATAL(drain_fd(&fd, &r.out[STREAM_STDERR], DRAIN_CHUNK), 0);
    CU_ASSERT_TRUE(r.out[STREAM_STDERR].first_line > 5); /* the first lines have left the window */

    CU_ASSERT_EQUAL(crash_lines(&r.crash, &r.out[STREAM_STDERR], &lines), 2);
    CU_ASSERT_STRING_EQUAL(strbuf_str(&lines), "Unhandled exception. System.Exception: boom\n"
                                               " ---> System.InvalidOperationException: inner\n");
    CU_ASSERT_EQUAL(r.stream_hits[0], 1);
    CU_ASSERT_EQUAL(add_props(&r), 0);
    CU_ASSERT_EQUAL_FATAL(res.nprops, 1);
    CU_ASSERT_STRING_EQUAL(res.props[0].name, "v");
    CU_ASSERT_STRING_EQUAL(res.props[0].value, "7");

    strbuf_release(&lines);
    result_release(&res);
    free(r.stream_hits);
    for (int i = 0; i < 3; i++)
        free(r.prop_dropped[i]);
    free(r.prop_dropped);
    run_release(&r);
    case_release(&c);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("runner", NULL, NULL);

    CU_add_test(s, "deadline_after_pending", test_deadline_after_pending);
    CU_add_test(s, "deadline_without_output", test_deadline_without_output);
    CU_add_test(s, "capture_window", test_capture_window);
    CU_add_test(s, "replies", test_replies);
    CU_add_test(s, "checks_past_window", test_checks_past_window);
}
