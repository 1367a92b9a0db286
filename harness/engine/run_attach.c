/*
 * run_attach.c - <attach> and <attach-reply>: the diagnostics IPC request
 * to the app, read in pieces from the poll loop, and its answer checked
 * (runner_internal.h, docs/attach.md).
 */
#include "runner_internal.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "abi/cp_hresults.h"

static const char *attach_status_name(int status)
{
    switch (status) {
    case ATTACH_NO_SOCKET: return "no-socket";
    case ATTACH_REFUSED: return "refused";
    case ATTACH_NO_REPLY: return "no-reply";
    case ATTACH_BAD_REPLY: return "bad-reply";
    case ATTACH_NO_PROCESS: return "no-process";
    case ATTACH_TIMEOUT: return "timeout";
    default: return "local-error";
    }
}

static void attach_end(struct run *r, int status, int32_t hr, const char *msg)
{
    if (r->attach_fd >= 0)
        close(r->attach_fd);
    r->attach_fd = -1;
    r->attach_done = 1;
    r->attach_status = status;
    r->attach_hr = hr;
    snprintf(r->attach_msg, sizeof r->attach_msg, "%s", msg);
    if (status == ATTACH_OK || status == ATTACH_RUNTIME_ERROR) {
        char text[96];
        cp_hr_format(hr, text, sizeof text);
        run_trace(r, "attach answered %s", text);
    } else {
        run_trace(r, "attach ended without an answer (%s): %s", attach_status_name(status), msg);
    }
}

/* Reads the runtime's answer as it comes. */
void pump_attach(struct run *r)
{
    struct err e;
    int32_t hr = 0;
    int rc;

    if (r->attach_fd < 0)
        return;
    err_init(&e);
    rc = attach_client_read(r->attach_fd, &r->attach_rd, &hr, &e);
    if (rc > 0)
        attach_end(r, hr < 0 ? ATTACH_RUNTIME_ERROR : ATTACH_OK, hr, "");
    else if (rc < 0)
        attach_end(r, rc, 0, e.msg);
}

/* Sends the CONFIG an <attach hold="true"> kept back. */
int release_config(struct run *r)
{
    if (!r->hold_config)
        return 0;
    r->hold_config = 0;
    if (!r->greeted)
        return 0;
    run_trace(r, "configuration released");
    r->hello = 1;
    return send_config(r);
}

/* Compares how the attach ended with what the step expects. */
void check_attach(struct run *r, const struct step *s)
{
    char got[160], want[96];

    if (r->attach_status == ATTACH_OK || r->attach_status == ATTACH_RUNTIME_ERROR) {
        cp_hr_format(r->attach_hr, got, sizeof got);
    } else {
        snprintf(got, sizeof got, "no answer (%s)", attach_status_name(r->attach_status));
    }
    if (s->attach.expect_error) {
        if (strcmp(attach_status_name(r->attach_status), s->attach.expect_error) != 0 ||
            r->attach_status == ATTACH_OK || r->attach_status == ATTACH_RUNTIME_ERROR)
            run_decide(r, VERDICT_FAIL, "%s:%d: %s: the attach ended with %s, expected %s", r->c->path, s->line,
                   s->source, got, s->attach.expect_error);
    } else if (r->attach_status != ATTACH_OK && r->attach_status != ATTACH_RUNTIME_ERROR) {
        run_decide(r, VERDICT_FAIL, "%s:%d: %s: %s", r->c->path, s->line, s->source, r->attach_msg);
    } else if (r->attach_hr != (s->has_expect_hr ? s->expect_hr : 0)) {
        cp_hr_format(s->has_expect_hr ? s->expect_hr : 0, want, sizeof want);
        run_decide(r, VERDICT_FAIL, "%s:%d: %s: the runtime answered %s, expected %s", r->c->path, s->line, s->source,
               got, want);
    }
    if (r->decided && r->attach_msg[0] && s->attach.expect_error)
        strbuf_addf(&r->details, "attach: %s\n", r->attach_msg);
}

int attach_step(struct run *r, const struct step *s)
{
    if (!r->attach_pending) {
        struct attach_request rq;
        struct err e;
        int fd = -1, rc;

        memset(&rq, 0, sizeof rq);
        err_init(&e);
        if (ipc_guid_parse(s->attach.clsid      ? s->attach.clsid
                           : r->c->profiler.clsid ? r->c->profiler.clsid
                                                  : r->env->clsid,
                           &rq.clsid, &e) < 0) {
            run_decide(r, VERDICT_ERROR, "%s:%d: %s: %s", r->c->path, s->line, s->source, e.msg);
            return 1;
        }
        rq.profiler_path = s->attach.profiler      ? s->attach.profiler
                           : r->c->profiler.path ? r->c->profiler.path
                                                 : r->env->profiler_path;
        rq.client_data = s->attach.client_data ? s->attach.client_data : r->chan.path;
        rq.client_data_len = strlen(rq.client_data);
        rq.timeout = 10000;
        r->attach_pending = 1;
        r->attach_done = 0;
        r->attach_rd.len = 0;
        r->greeted = r->hello; /* a profiler already there has said its HELLO */
        r->hold_config = s->attach.hold;
        rc = attach_client_start(r->proc.pid, &rq, &fd, &e);
        if (rc < 0) {
            attach_end(r, rc, 0, e.msg);
        } else {
            r->attach_fd = fd;
            run_trace(r, "attach sent to pid %d", (int)r->proc.pid);
        }
    }
    if (s->attach.hold) {
        /* Done once the profiler is inside InitializeForAttach (or it never got there). */
        if (!(r->greeted && !r->hello) && !r->attach_done)
            return 0;
        r->attach_pending = 0;
        return 1;
    }
    pump_attach(r);
    if (!r->attach_done)
        return 0;
    r->attach_pending = 0;
    check_attach(r, s);
    return 1;
}
