/*
 * test_runner.c - the run's poll loop (engine/run_loop.c) with a real
 * child (/bin/sh standing in for an app; the loop does not care what the
 * app is): what was pending when a deadline passed is read before the
 * deadline is judged.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    capture_init(&r->out[0]);
    capture_init(&r->out[1]);
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
    capture_release(&r->out[0]);
    capture_release(&r->out[1]);
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
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL};
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
    CU_ASSERT_EQUAL(loop(&r), 0);
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
    struct proc_spec spec = {"/bin/sh", argv, envp, NULL};
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
    CU_ASSERT_EQUAL(loop(&r), 0);
    CU_ASSERT_TRUE(r.decided);
    CU_ASSERT_EQUAL(r.verdict, VERDICT_TIMEOUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&r.message), "one-wait.xml:3: timed out after 1s while waiting at step 1"));
    run_release(&r);
    case_release(&c);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("runner", NULL, NULL);

    CU_add_test(s, "deadline_after_pending", test_deadline_after_pending);
    CU_add_test(s, "deadline_without_output", test_deadline_without_output);
}
