/*
 * runner.c - runs one case (runner.h): the run directory and the channel,
 * the app started and driven by the poll loop, everything of the run killed,
 * then the verdict and the result; run_*.c hold the parts (runner_internal.h).
 */
#include "runner_internal.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void trace(struct run *r, const char *fmt, ...)
{
    va_list ap;

    if (!r->env->trace)
        return;
    fprintf(r->env->trace, "  [%s %.3fs] ", r->c->id, now_seconds() - r->started);
    va_start(ap, fmt);
    vfprintf(r->env->trace, fmt, ap);
    va_end(ap);
    fputc('\n', r->env->trace);
    fflush(r->env->trace);
}

/* Decides the verdict (the first decision wins). */
void decide(struct run *r, enum verdict v, const char *fmt, ...)
{
    va_list ap;

    if (r->decided)
        return;
    r->decided = 1;
    r->verdict = v;
    strbuf_reset(&r->message);
    va_start(ap, fmt);
    strbuf_vaddf(&r->message, fmt, ap);
    va_end(ap);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static int make_run_dir(struct run *r)
{
    int n = snprintf(r->dir, sizeof r->dir, "%s/profcheck-XXXXXX", r->env->tmp_root);

    if (n < 0 || (size_t)n >= sizeof r->dir || !mkdtemp(r->dir)) {
        decide(r, VERDICT_ERROR, "cannot create a run directory under '%s': %s", r->env->tmp_root, strerror(errno));
        r->dir[0] = '\0';
        return 0;
    }
    /* The cookie: unique among concurrent runs, derived from the directory. */
    snprintf(r->cookie, sizeof r->cookie, "%d-%s", (int)getpid(), strrchr(r->dir, '-') + 1);
    return 0;
}

/* What a result keeps of a stream: all of it, or its first and last
 * RESULT_OUTPUT_KEEP / 2 bytes (the rest is counted in *left_out). */
static char *kept_output(const struct strbuf *text, size_t *left_out)
{
    const char *s = strbuf_str(text);
    size_t len = strlen(s), half = RESULT_OUTPUT_KEEP / 2;
    char *kept;

    *left_out = 0;
    if (len <= RESULT_OUTPUT_KEEP)
        return strdup(s);
    kept = malloc(2 * half + 1);
    if (!kept)
        return NULL;
    memcpy(kept, s, half);
    memcpy(kept + half, s + len - half, half);
    kept[2 * half] = '\0';
    *left_out = len - 2 * half;
    return kept;
}

static int finish(struct run *r, struct result *out)
{
    char area[128];

    out->verdict = r->verdict;
    out->interrupted = r->interrupted;
    out->seconds = now_seconds() - r->started;
    case_area(r->c->id, area, sizeof area);
    out->id = strdup(r->c->id);
    out->area = strdup(area);
    out->message = r->message.len ? strdup(r->message.buf) : NULL;
    out->details = r->details.len ? strdup(r->details.buf) : NULL;
    out->stdout_text = kept_output(&r->out[0].text, &out->stdout_left_out);
    out->stderr_text = kept_output(&r->out[1].text, &out->stderr_left_out);
    out->replies_text = r->out[STREAM_REPLIES].text.len
                            ? kept_output(&r->out[STREAM_REPLIES].text, &out->replies_left_out)
                            : NULL;
    out->runtime_version = r->runtime_version;
    out->event_count = r->log.len;
    r->runtime_version = NULL;
    if (r->verdict != VERDICT_PASS) {
        out->events = r->log;
        event_log_init(&r->log);
    }
    if (!out->id || !out->area || (r->message.len && !out->message) || (r->details.len && !out->details) ||
        !out->stdout_text || !out->stderr_text || (r->out[STREAM_REPLIES].text.len && !out->replies_text))
        return -1;
    return 0;
}

int runner_run(const struct run_env *env, const struct case_def *c, struct result *out)
{
    struct run r;
    int rc = 0;
    int survivors;

    memset(&r, 0, sizeof r);
    r.env = env;
    r.c = c;
    r.started = now_seconds();
    r.deadline = r.started + c->timeout * env->timeout_scale;
    proc_init(&r.proc);
    chan_init(&r.chan);
    capture_init(&r.out[0]);
    capture_init(&r.out[1]);
    capture_init(&r.out[2]);
    event_log_init(&r.log);
    strbuf_init(&r.profiler_log);
    strbuf_init(&r.reply_text);
    strbuf_init(&r.message);
    strbuf_init(&r.details);
    result_init(out);
    out->started = time(NULL);
    r.result = out;

    make_run_dir(&r);
    r.attach_fd = -1;
    if (!r.decided && c->profiler.agent) {
        agent_run_resolve(env, c, &r.agent);
        rc = agent_run_preflight(&r.agent, out, &r.message, &r.details);
        if (rc == 1) {
            r.decided = 1;
            r.verdict = VERDICT_FAIL;
        }
        rc = rc < 0 ? -1 : 0;
    }
    if (!r.decided && (c->profiler.load == LOAD_STARTUP || c->profiler.load == LOAD_ATTACH)) {
        struct err e;
        err_init(&e);
        if (chan_listen(&r.chan, r.dir, &e) < 0)
            decide(&r, VERDICT_ERROR, "%s", e.msg);
        else if (chan_ring_create(&r.chan, r.dir, &e) < 0)
            trace(&r, "no event ring (%s): events come over the socket", e.msg);
    }
    if (rc == 0 && !r.decided)
        rc = start_app(&r);
    if (rc == 0 && !r.decided) {
        step_begin(&r);
        rc = loop(&r);
    }

    /* Whatever happened, nothing of the run stays alive. */
    if (r.proc.pid > 0) {
        survivors = proc_kill_tree(&r.proc, r.cookie);
        drain_fd(&r.proc.out_fd, &r.out[0]);
        drain_fd(&r.proc.err_fd, &r.out[1]);
        drain_fd(&r.proc.reply_fd, &r.out[STREAM_REPLIES]);
        capture_finish(&r.out[0]);
        capture_finish(&r.out[1]);
        capture_finish(&r.out[2]);
        if (rc == 0)
            rc = pump_channel(&r);
        if (survivors > 0) {
            pid_t first = 0;
            char comm[64] = "";
            proc_count_cookie(r.cookie, &first, comm, sizeof comm);
            decide(&r, VERDICT_ERROR, "%d process(es) of the run survived the kill (pid %d, %s)", survivors,
                   (int)first, comm);
        }
    }
    if (rc == 0 && !r.decided)
        rc = evaluate(&r);
    if (rc == 0 && c->profiler.agent && r.hello && !r.interrupted)
        rc = judge_agent(&r);
    if (rc == 0 && r.decided && r.verdict != VERDICT_PASS && !r.interrupted && add_crash(&r) < 0)
        rc = -1;
    if (rc == 0 && r.proc.pid > 0 && add_props(&r) < 0)
        rc = -1;
    if (r.chan.error[0])
        strbuf_addf(&r.details, "%s\n", r.chan.error);
    if (r.chan.extra)
        strbuf_addf(&r.details, "%d further connection(s) to the channel were refused\n", r.chan.extra);
    if (r.chan.connected && r.chan.eof && !r.bye && !r.chan.error[0] && r.proc.exited &&
        WIFEXITED(r.proc.status) && r.c->profiler.load == LOAD_STARTUP)
        strbuf_addf(&r.details, "the profiler's channel closed after %zu events without BYE, while the app ran on\n",
                    r.log.len);
    if (r.chan.foreign)
        strbuf_addf(&r.details, "%d connection(s) to the channel were refused for who made them; the first: %s\n",
                    r.chan.foreign, r.chan.foreign_why);
    if (c->profiler.load == LOAD_STARTUP && !r.chan.connected && r.proc.pid > 0 && r.verdict != VERDICT_ERROR)
        strbuf_adds(&r.details, "the profiler never connected to the channel (was it loaded?)\n");
    if (r.profiler_log.len)
        strbuf_addf(&r.details, "profiler log:\n%s", strbuf_str(&r.profiler_log));
    if (rc == 0)
        rc = finish(&r, out);
    trace(&r, "verdict %s", verdict_name(r.verdict));

    if (r.attach_fd >= 0)
        close(r.attach_fd);
    proc_release(&r.proc);
    chan_release(&r.chan);
    if (r.dir[0])
        nftw(r.dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    capture_release(&r.out[0]);
    capture_release(&r.out[1]);
    capture_release(&r.out[2]);
    event_log_release(&r.log);
    strbuf_release(&r.profiler_log);
    strbuf_release(&r.reply_text);
    event_release(&r.reply);
    for (size_t i = 0; i < r.nmeasures; i++)
        free(r.measures[i].name);
    free(r.measures);
    strbuf_release(&r.message);
    strbuf_release(&r.details);
    free(r.runtime_version);
    return rc;
}
