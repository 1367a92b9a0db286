/*
 * runner.c - runs one case (runner.h): the run directory and the channel,
 * the app started and driven by the poll loop, everything of the run killed,
 * then the verdict and the result; run_*.c hold the parts (runner_internal.h).
 */
#include "runner_internal.h"

#include "../../reports/sanitize.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
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

void run_trace(struct run *r, const char *fmt, ...)
{
    struct strbuf raw = STRBUF_INIT, line = STRBUF_INIT;
    va_list ap;

    if (!r->env->trace)
        return;
    /* Ids, steps and events may hold what a terminal would obey: escaped. */
    strbuf_addf(&raw, "[%s %.3fs] ", r->c->id, now_seconds() - r->started);
    va_start(ap, fmt);
    strbuf_vaddf(&raw, fmt, ap);
    va_end(ap);
    if (sanitize_line(raw.buf ? raw.buf : "", raw.len, &line) == 0)
        fprintf(r->env->trace, "  %s\n", strbuf_str(&line));
    fflush(r->env->trace);
    strbuf_release(&raw);
    strbuf_release(&line);
}

/* Decides the verdict (the first decision wins). */
void run_decide(struct run *r, enum verdict v, const char *fmt, ...)
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

/*
 * Empties the directory open as fd, and closes fd.  The directory's own
 * descriptor was taken when it was made, so that removing what is in it
 * never waits for a free one (with -j cases near the descriptor limit a
 * removal that needed one failed, and left the directory); only a
 * subdirectory needs another, and what cannot be removed now goes with
 * the run's directory at the end.
 */
static void empty_dir(int fd)
{
    DIR *d = fdopendir(fd);
    int removed = 1;

    if (!d) {
        close(fd);
        return;
    }
    for (int pass = 0; removed && pass < 4; pass++) {
        struct dirent *de;

        removed = 0;
        rewinddir(d);
        while ((de = readdir(d)) != NULL) {
            int sub;

            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            if (unlinkat(fd, de->d_name, 0) == 0) {
                removed = 1;
                continue;
            }
            if (errno != EISDIR && errno != EPERM)
                continue;
            sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                empty_dir(sub);
            if (unlinkat(fd, de->d_name, AT_REMOVEDIR) == 0)
                removed = 1;
        }
    }
    closedir(d);
}

static int make_run_dir(struct run *r)
{
    int n = snprintf(r->dir, sizeof r->dir, "%s/XXXXXX", r->env->tmp_root);

    r->dir_fd = -1;
    if (n < 0 || (size_t)n >= sizeof r->dir || !mkdtemp(r->dir)) {
        run_decide(r, VERDICT_ERROR, "cannot create a run directory under '%s': %s", r->env->tmp_root, strerror(errno));
        r->dir[0] = '\0';
        return 0;
    }
    r->dir_fd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r->dir_fd < 0) {
        run_decide(r, VERDICT_ERROR, "cannot open the run directory %s: %s", r->dir, strerror(errno));
        rmdir(r->dir);
        r->dir[0] = '\0';
        return 0;
    }
    /* The cookie: unique among concurrent runs, derived from the directory. */
    snprintf(r->cookie, sizeof r->cookie, "%d-%s", (int)getpid(), strrchr(r->dir, '/') + 1);
    return 0;
}

/* What a result keeps of a stream: all of it, or its first and last
 * RESULT_OUTPUT_KEEP / 2 bytes (the rest is counted in *left_out).  The
 * first come from the capture's head once its window has moved on. */
static char *kept_output(const struct capture *cp, size_t *left_out)
{
    const char *s = strbuf_str(&cp->text);
    size_t len = cp->base ? cp->text.len : strlen(s), half = RESULT_OUTPUT_KEEP / 2;
    char *kept;

    *left_out = 0;
    if (cp->base == 0 && len <= RESULT_OUTPUT_KEEP)
        return strdup(s);
    kept = malloc(2 * half + 1);
    if (!kept)
        return NULL;
    memcpy(kept, cp->base ? strbuf_str(&cp->head) : s, half);
    memcpy(kept + half, s + len - half, half);
    kept[2 * half] = '\0';
    *left_out = (cp->base ? capture_total(cp) : len) - 2 * half;
    return kept;
}

/* Says in the details how much of a stream the app wrote when the window moved on. */
static void note_cut(struct run *r, int stream)
{
    static const char *const names[] = {"stdout", "stderr", "replies"};
    const struct capture *cp = &r->out[stream];

    if (cp->base == 0)
        return;
    strbuf_addf(&r->details,
                "%s: the app wrote %zu bytes (%zu lines); past %u MiB profcheck keeps the last %u MiB, so the "
                "output shown was cut; waits and output checks saw every line\n",
                names[stream], capture_total(cp), capture_end_line(cp), CAPTURE_MAX >> 20, CAPTURE_KEEP >> 20);
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
    out->stdout_text = kept_output(&r->out[0], &out->stdout_left_out);
    out->stderr_text = kept_output(&r->out[1], &out->stderr_left_out);
    out->replies_text = capture_total(&r->out[STREAM_REPLIES])
                            ? kept_output(&r->out[STREAM_REPLIES], &out->replies_left_out)
                            : NULL;
    out->runtime_version = r->runtime_version ? r->runtime_version : r->mapped_runtime;
    out->event_count = r->log.len;
    if (r->runtime_version)
        r->runtime_version = NULL;
    else
        r->mapped_runtime = NULL;
    if (r->verdict != VERDICT_PASS) {
        out->events = r->log;
        event_log_init(&r->log);
    }
    if (!out->id || !out->area || (r->message.len && !out->message) || (r->details.len && !out->details) ||
        !out->stdout_text || !out->stderr_text || (capture_total(&r->out[STREAM_REPLIES]) && !out->replies_text))
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
    for (int i = 0; i < 3; i++) {
        capture_init(&r.out[i]);
        r.out[i].on_drop = check_dropped_line;
        r.out[i].ctx = &r;
        r.out[i].stream = i;
    }
    r.stream_hits = c->outcome.nstreams ? calloc(c->outcome.nstreams, 1) : NULL;
    r.prop_dropped = c->outcome.nprops ? calloc(3 * c->outcome.nprops, sizeof *r.prop_dropped) : NULL;
    crash_pick_init(&r.crash);
    event_log_init(&r.log);
    strbuf_init(&r.profiler_log);
    strbuf_init(&r.reply_text);
    strbuf_init(&r.stdin_queue);
    strbuf_init(&r.message);
    strbuf_init(&r.details);
    result_init(out);
    out->started = time(NULL);
    r.result = out;

    if ((c->outcome.nstreams && !r.stream_hits) || (c->outcome.nprops && !r.prop_dropped))
        run_decide(&r, VERDICT_ERROR, "out of memory");
    else
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
            run_decide(&r, VERDICT_ERROR, "%s", e.msg);
        else if (chan_ring_create(&r.chan, r.dir, &e) < 0)
            run_trace(&r, "no event ring (%s): events come over the socket", e.msg);
    }
    if (rc == 0 && !r.decided)
        rc = start_app(&r);
    if (rc == 0 && !r.decided) {
        step_begin(&r);
        rc = run_loop(&r);
    }

    /* Whatever happened, nothing of the run stays alive. */
    if (r.proc.pid > 0) {
        struct proc_hidden hidden;

        survivors = proc_kill_run(&r.proc, r.cookie, &hidden);
        drain_fd(&r.proc.out_fd, &r.out[0], SIZE_MAX);
        drain_fd(&r.proc.err_fd, &r.out[1], SIZE_MAX);
        drain_fd(&r.proc.reply_fd, &r.out[STREAM_REPLIES], SIZE_MAX);
        capture_finish(&r.out[0]);
        capture_finish(&r.out[1]);
        capture_finish(&r.out[STREAM_REPLIES]);
        if (rc == 0)
            rc = pump_channel(&r);
        if (survivors > 0) {
            pid_t first = 0;
            char comm[64] = "";
            proc_count_cookie(r.cookie, &first, comm, sizeof comm);
            run_decide(&r, VERDICT_ERROR, "%d process(es) of the run survived the kill (pid %d, %s)", survivors,
                   (int)first, comm);
        }
        if (hidden.count > 0)
            run_decide(&r, VERDICT_ERROR,
                   "%d process(es) of the run had dropped the run's cookie from their environment (pid %d, %s): "
                   "found under the run's keeper and killed, but such a process could outlive a run",
                   hidden.count, (int)hidden.first, hidden.comm);
    }
    if (rc == 0 && !r.decided)
        rc = run_evaluate(&r);
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
    note_cut(&r, STREAM_STDOUT);
    note_cut(&r, STREAM_STDERR);
    note_cut(&r, STREAM_REPLIES);
    if (r.profiler_log.len)
        strbuf_addf(&r.details, "profiler log:\n%s", strbuf_str(&r.profiler_log));
    if (rc == 0)
        rc = finish(&r, out);
    run_trace(&r, "verdict %s", verdict_name(r.verdict));

    if (r.attach_fd >= 0)
        close(r.attach_fd);
    proc_release(&r.proc);
    chan_release(&r.chan);
    if (r.dir[0]) {
        empty_dir(r.dir_fd);
        rmdir(r.dir);
    }
    for (int i = 0; i < 3; i++)
        capture_release(&r.out[i]);
    free(r.stream_hits);
    for (size_t i = 0; r.prop_dropped && i < 3 * c->outcome.nprops; i++)
        free(r.prop_dropped[i]);
    free(r.prop_dropped);
    crash_pick_release(&r.crash);
    event_log_release(&r.log);
    strbuf_release(&r.profiler_log);
    strbuf_release(&r.reply_text);
    strbuf_release(&r.stdin_queue);
    event_release(&r.reply);
    for (size_t i = 0; i < r.nmeasures; i++)
        free(r.measures[i].name);
    free(r.measures);
    strbuf_release(&r.message);
    strbuf_release(&r.details);
    free(r.runtime_version);
    free(r.mapped_runtime);
    return rc;
}
