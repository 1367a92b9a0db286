/*
 * run_loop.c - the poll loop of a run: the app's output, the channel, the
 * listening socket, the pidfd and the attach socket, with the case's and
 * the step's deadlines (runner_internal.h).
 */
#include "runner_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DRAIN_SECONDS 5.0 /* after exit, for streams to close */
#define RING_POLL_MS 2    /* how often the event ring is looked at */

static void fail_waiting_step(struct run *r, enum verdict v, const char *why)
{
    const struct step *s = &r->c->steps[r->step];

    if (s->kind == STEP_SEND && r->stdin_off < r->stdin_queue.len)
        run_decide(r, v,
                   "%s:%d: %s while waiting at step %zu %s: the app does not read its stdin (%zu bytes not taken)",
                   r->c->path, s->line, why, r->step + 1, s->source, r->stdin_queue.len - r->stdin_off);
    else
        run_decide(r, v, "%s:%d: %s while waiting at step %zu %s", r->c->path, s->line, why, r->step + 1, s->source);
}

static int all_streams_closed(struct run *r)
{
    int chan_done = r->c->profiler.load == LOAD_NONE || !r->chan.connected || r->chan.eof;

    return r->proc.out_fd < 0 && r->proc.err_fd < 0 && r->proc.reply_fd < 0 && chan_done;
}

/* Reads everything that is waiting, without blocking: the app's output
 * and replies, a connection, the channel, the attach socket; and writes
 * what stdin can take.  0, or -1 when memory runs out. */
static int take_in(struct run *r)
{
    if (drain_fd(&r->proc.out_fd, &r->out[STREAM_STDOUT], DRAIN_CHUNK) < 0 ||
        drain_fd(&r->proc.err_fd, &r->out[STREAM_STDERR], DRAIN_CHUNK) < 0 ||
        drain_fd(&r->proc.reply_fd, &r->out[STREAM_REPLIES], DRAIN_CHUNK) < 0)
        return -1;
    run_note_runtime(r);
    if (r->chan.listen_fd >= 0) {
        struct err e;
        err_init(&e);
        if (chan_accept(&r->chan, &e) < 0)
            strbuf_addf(&r->details, "%s\n", e.msg);
    }
    if (pump_channel(r) < 0)
        return -1;
    pump_attach(r);
    return flush_stdin(r);
}

int run_loop(struct run *r)
{
    /* A deadline is judged only after a look at what was already there:
     * profcheck itself may have been held up (SIGSTOP, a loaded machine)
     * while the app finished in time. */
    int looked_late = 0;

    for (;;) {
        struct pollfd fds[8];
        nfds_t nfds = 0;
        double now, wake;
        int timeout_ms;

        if (*r->env->stop) {
            r->interrupted = !r->decided;
            if (r->step < r->c->nsteps)
                fail_waiting_step(r, VERDICT_ERROR, "interrupted");
            else
                run_decide(r, VERDICT_ERROR, "%s: interrupted while waiting for the app to exit", r->c->path);
            return add_tail(r);
        }
        if (take_in(r) < 0 || advance_steps(r) < 0)
            return -1;
        if (r->decided)
            return 0;
        if (r->step >= r->c->nsteps && r->proc.in_fd >= 0 && r->stdin_off == r->stdin_queue.len) {
            close(r->proc.in_fd);
            r->proc.in_fd = -1;
        }
        now = now_seconds();
        if (proc_check_exit(&r->proc) && r->drain_deadline == 0)
            r->drain_deadline = now + DRAIN_SECONDS * r->env->timeout_scale;
        if (r->proc.exited && all_streams_closed(r)) {
            char st[96], why[128];
            if (r->step + 1 == r->c->nsteps && r->c->steps[r->step].app_ends) {
                run_trace(r, "the app ended during the last step, as app-ends=\"true\" says");
                r->step++;
                return 0;
            }
            if (r->step < r->c->nsteps) {
                proc_describe_status(r->proc.status, st, sizeof st);
                snprintf(why, sizeof why, "the app ended (%s)", st);
                fail_waiting_step(r, VERDICT_FAIL, why);
                return add_tail(r);
            }
            return 0;
        }
        if (!looked_late && (now >= r->deadline || (r->step < r->c->nsteps && now >= r->step_deadline))) {
            looked_late = 1;
            continue;
        }
        if (now >= r->deadline) {
            if (r->step < r->c->nsteps) {
                char why[64];
                snprintf(why, sizeof why, "timed out after %.0fs", r->c->timeout * r->env->timeout_scale);
                fail_waiting_step(r, VERDICT_TIMEOUT, why);
            } else {
                run_decide(r, VERDICT_TIMEOUT, "%s: timed out after %.0fs waiting for the app to exit", r->c->path,
                       r->c->timeout * r->env->timeout_scale);
            }
            return add_tail(r);
        }
        if (r->step < r->c->nsteps && now >= r->step_deadline) {
            char why[64];
            snprintf(why, sizeof why, "step timed out after %.1fs",
                     r->c->steps[r->step].timeout * r->env->timeout_scale);
            fail_waiting_step(r, VERDICT_TIMEOUT, why);
            return add_tail(r);
        }
        if (r->drain_deadline > 0 && now >= r->drain_deadline) {
            strbuf_adds(&r->details, "the app exited but its output streams stayed open (held by a descendant?)\n");
            return 0;
        }

        wake = r->deadline;
        if (r->step < r->c->nsteps && r->step_deadline < wake)
            wake = r->step_deadline;
        if (r->drain_deadline > 0 && r->drain_deadline < wake)
            wake = r->drain_deadline;
        timeout_ms = (int)((wake - now) * 1000) + 1;
        if (timeout_ms > 250)
            timeout_ms = 250; /* the stop flag and exits without pidfd */
        if (r->chan.ring.map && r->chan.connected && timeout_ms > RING_POLL_MS)
            timeout_ms = RING_POLL_MS; /* events arrive in the ring without a wakeup */

        if (r->proc.in_fd >= 0 && r->stdin_off < r->stdin_queue.len)
            fds[nfds++] = (struct pollfd){r->proc.in_fd, POLLOUT, 0};
        if (r->proc.out_fd >= 0)
            fds[nfds++] = (struct pollfd){r->proc.out_fd, POLLIN, 0};
        if (r->proc.err_fd >= 0)
            fds[nfds++] = (struct pollfd){r->proc.err_fd, POLLIN, 0};
        if (r->proc.reply_fd >= 0)
            fds[nfds++] = (struct pollfd){r->proc.reply_fd, POLLIN, 0};
        if (r->chan.fd >= 0)
            fds[nfds++] = (struct pollfd){r->chan.fd, POLLIN, 0};
        if (r->chan.listen_fd >= 0)
            fds[nfds++] = (struct pollfd){r->chan.listen_fd, POLLIN, 0};
        if (r->proc.pidfd >= 0 && !r->proc.exited)
            fds[nfds++] = (struct pollfd){r->proc.pidfd, POLLIN, 0};
        if (r->attach_fd >= 0)
            fds[nfds++] = (struct pollfd){r->attach_fd, POLLIN, 0};
        if (poll(fds, nfds, timeout_ms) < 0 && errno != EINTR) {
            run_decide(r, VERDICT_ERROR, "poll failed: %s", strerror(errno));
            return 0;
        }
        looked_late = 0;
    }
}
