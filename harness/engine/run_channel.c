/*
 * run_channel.c - the harness's end of the channel during a run: the
 * CONFIG frame, events from the socket and the ring, replies, log lines,
 * and commands sent for the steps (runner_internal.h, docs/protocol.md).
 */
#include "runner_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/wire.h"
#include "abi/cp_hresults.h"

static const char *const body_modes[] = {"none", "text", "prologue", "original"};
static const char *const call_modes[] = {"normal", "zero-count", "null-arrays", "null-modules", "null-methods",
                                         "null-statuses"};

/* The fields of a request (docs/protocol.md, "request"), keys after prefix. */
void put_request(struct wire_writer *w, const char *prefix, const struct request_spec *rq)
{
    char key[64];

#define KEY(name) (snprintf(key, sizeof key, "%s%s", prefix, name), key)
    wire_put_str(w, KEY("request"), rq->revert ? "revert" : rq->with_inliners ? "rejit-with-inliners" : "rejit");
    if (rq->with_inliners)
        wire_put_u64(w, KEY("rejit-flags"), rq->rejit_flags);
    if (rq->tracked)
        wire_put_str(w, KEY("inliners"), "tracked");
    if (rq->all_jitted)
        wire_put_u64(w, KEY("all-jitted"), 1);
    if (rq->codegen)
        wire_put_u64(w, KEY("codegen"), rq->codegen);
    if (rq->methods)
        wire_put_str(w, KEY("methods"), rq->methods);
    if (rq->raw_assembly) {
        wire_put_str(w, KEY("raw-assembly"), rq->raw_assembly);
        wire_put_u64(w, KEY("raw-token"), rq->raw_token);
    }
    wire_put_str(w, KEY("il-mode"), body_modes[rq->body]);
    if (rq->il)
        wire_put_str(w, KEY("il"), rq->il);
    if (rq->il_map)
        wire_put_str(w, KEY("il-map"), rq->il_map);
    wire_put_str(w, KEY("call"), call_modes[rq->call]);
#undef KEY
}

/* "Name=0x80004005 ..." for CONFIG fail-callback. */
static int fail_text(const struct profiler_setup *p, struct strbuf *out)
{
    for (size_t i = 0; i < p->nfails; i++)
        if (strbuf_addf(out, "%s%s=0x%08X", i ? " " : "", p->fails[i].callback, (unsigned)p->fails[i].hr) < 0)
            return -1;
    return 0;
}

/* CONFIG define-in: one record per <define> of every <define-in>, records
 * separated by RS (0x1E), and in a record the callback, the name glob, then
 * each attribute's key and value, separated by US (0x1F).  XML text cannot
 * hold either byte. */
static int define_ins_text(const struct profiler_setup *p, struct strbuf *out)
{
    for (size_t i = 0; i < p->ndefine_ins; i++) {
        const struct define_in_spec *d = &p->define_ins[i];
        for (size_t k = 0; k < d->ndefines; k++) {
            if (strbuf_addf(out, "%s%s\x1f%s", out->len ? "\x1e" : "", d->callback, d->name) < 0)
                return -1;
            for (size_t j = 0; j < d->defines[k].nargs; j++)
                if (strbuf_addf(out, "\x1f%s\x1f%s", d->defines[k].args[j].key, d->defines[k].args[j].value) < 0)
                    return -1;
        }
    }
    return 0;
}

int send_config(struct run *r)
{
    const struct profiler_setup *p = &r->c->profiler;
    uint8_t *frame = malloc(WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD);
    struct strbuf fails = STRBUF_INIT, defines = STRBUF_INIT;
    struct wire_writer w;
    struct err e;
    long len;

    if (!frame || fail_text(p, &fails) < 0 || define_ins_text(p, &defines) < 0) {
        free(frame);
        strbuf_release(&fails);
        strbuf_release(&defines);
        return -1;
    }
    wire_writer_init(&w, frame, WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD, WIRE_CONFIG);
    wire_put_u64(&w, "mask", p->mask);
    wire_put_u64(&w, "mask-high", p->mask_high);
    if (p->only)
        wire_put_str(&w, "only", p->only);
    if (p->deny_inline)
        wire_put_str(&w, "deny-inline", p->deny_inline);
    if (p->queries)
        wire_put_str(&w, "queries", p->queries);
    if (p->reject_cached)
        wire_put_str(&w, "reject-cached", p->reject_cached);
    if (p->ndefine_ins)
        wire_put_str(&w, "define-in", strbuf_str(&defines));
    if (p->fault)
        wire_put_str(&w, "fault", p->fault);
    if (p->record_none)
        wire_put_u64(&w, "record", 0);
    if (r->chan.ring.map)
        wire_put_str(&w, "ring", r->chan.ring_path);
    if (p->agent) /* a callback still running at half the timeout is reported (lint callback-hang) */
        wire_put_u64(&w, "hang-ms", (uint64_t)(r->c->timeout * r->env->timeout_scale * 500.0));
    if (p->nfails) {
        wire_put_str(&w, "fail-callback", strbuf_str(&fails));
        wire_put_u64(&w, "fail-after-work", (uint64_t)p->fail_after_work);
    }
    if (p->ntriggers)
        wire_put_u64(&w, "triggers", p->ntriggers);
    for (size_t i = 0; i < p->ntriggers; i++) {
        const struct trigger_spec *t = &p->triggers[i];
        char prefix[16], key[32];

        snprintf(prefix, sizeof prefix, "t%zu-", i);
#define KEY(name) (snprintf(key, sizeof key, "%s%s", prefix, name), key)
        wire_put_str(&w, KEY("callback"), t->callback);
        wire_put_str(&w, KEY("name"), t->name);
        wire_put_str(&w, KEY("thread"), t->own_thread ? "profiler" : "callback");
        wire_put_u64(&w, KEY("times"), t->times);
        if (t->event_method)
            wire_put_u64(&w, KEY("event-method"), 1);
#undef KEY
        put_request(&w, prefix, &t->request);
    }
    len = wire_writer_finish(&w);
    strbuf_release(&fails);
    strbuf_release(&defines);
    if (len < 0) {
        free(frame);
        run_decide(r, VERDICT_ERROR, "the profiler configuration does not fit in one frame");
        return 0;
    }
    err_init(&e);
    if (chan_send(&r->chan, frame, (size_t)len, &e) < 0)
        strbuf_addf(&r->details, "cannot configure the profiler: %s\n", e.msg);
    free(frame);
    return 0;
}

/* The proxy could not load the agent: nothing the case waits for can come,
 * so the case is an ERROR at once, whatever its steps wait for. */
static int agent_load_failed(struct run *r, const struct event *ev)
{
    const struct field *why = event_get(ev, "error");
    const char *name = event_name(ev);

    if (!r->c->profiler.agent || r->decided || !name || strcmp(name, "AgentLoadFailed") != 0)
        return 0;
    run_decide(r, VERDICT_ERROR, "%s: the proxy could not load the agent %s: %s", r->c->path, r->agent.path,
           why && why->type == VAL_STR ? why->s : "no reason given");
    return add_tail(r);
}

static int handle_msg(struct run *r, const struct wire_msg *msg)
{
    const struct wire_field *f;
    struct event ev;

    switch (msg->kind) {
    case WIRE_HELLO:
        f = wire_msg_get(msg, "runtime-version");
        if (f && f->type == WIRE_STR && !r->runtime_version) {
            r->runtime_version = strndup(f->str, f->len);
            if (!r->runtime_version)
                return -1;
        }
        r->greeted = 1;
        run_trace(r, "profiler connected, runtime %s%s", r->runtime_version ? r->runtime_version : "?",
              r->hold_config ? " (configuration held back)" : "");
        if (r->hold_config)
            return 0;
        r->hello = 1;
        return send_config(r);
    case WIRE_EVENT:
        if (chan_msg_to_event(msg, &ev) < 0 || event_log_push(&r->log, &ev) < 0)
            return -1;
        if (r->env->trace) {
            struct strbuf sb = STRBUF_INIT;
            if (event_format(&r->log.v[r->log.len - 1], &sb) == 0)
                run_trace(r, "event %s", strbuf_str(&sb));
            strbuf_release(&sb);
        }
        return agent_load_failed(r, &r->log.v[r->log.len - 1]);
    case WIRE_REPLY:
        f = wire_msg_get(msg, "id");
        if (!f || f->type != WIRE_U64 || f->u != r->cmd_waiting)
            return 0;
        r->reply_ready = 1;
        f = wire_msg_get(msg, "hr");
        r->reply_hr = f && f->type == WIRE_HR ? f->hr : CP_E_FAIL;
        strbuf_reset(&r->reply_text);
        event_release(&r->reply);
        if (chan_msg_to_event(msg, &r->reply) < 0)
            return -1;
        for (size_t i = 0; i < r->reply.nfields; i++) {
            if (strcmp(r->reply.fields[i].key, "id") == 0)
                continue;
            strbuf_addf(&r->reply_text, "%s%s=", r->reply_text.len ? " " : "", r->reply.fields[i].key);
            field_format(&r->reply.fields[i], &r->reply_text);
        }
        return 0;
    case WIRE_LOG:
        f = wire_msg_get(msg, "text");
        if (f && f->type == WIRE_STR) {
            strbuf_add(&r->profiler_log, f->str, f->len);
            strbuf_addch(&r->profiler_log, '\n');
        }
        return 0;
    case WIRE_BYE:
        r->bye = 1;
        return 0;
    default:
        return 0;
    }
}

/* Handles every event in the ring so far. */
static int pump_ring(struct run *r, struct wire_msg *msg)
{
    while (chan_ring_next(&r->chan, msg) > 0)
        if (handle_msg(r, msg) < 0)
            return -1;
    return 0; /* a broken ring is noted in chan.error */
}

/*
 * Handles every frame that has arrived; reads until the socket has no more.
 * The ring is emptied before each socket frame: the profiler put its events
 * there before it wrote the frame, so events and replies keep their order.
 */
int pump_channel(struct run *r)
{
    struct wire_msg *msg = malloc(sizeof *msg);
    int rc = 0;

    if (!msg)
        return -1;
    while (rc == 0) {
        int got;
        size_t before;

        if (pump_ring(r, msg) < 0) {
            rc = -1;
            break;
        }
        got = chan_next(&r->chan, msg);
        if (got > 0) {
            rc = handle_msg(r, msg);
            continue;
        }
        if (got < 0 || r->chan.fd < 0)
            break; /* a malformed frame (noted in chan.error) or the end */
        before = r->chan.inlen;
        if (chan_fill(&r->chan) < 0 || r->chan.inlen == before)
            break; /* nothing more to read now */
    }
    if (rc == 0)
        rc = pump_ring(r, msg); /* what came after the last socket frame */
    free(msg);
    return rc;
}

/* Bytes of method names in one request-part command. */
#define REQUEST_PART_MAX 8000

int request_send(struct run *r, const struct request_spec *rq)
{
    size_t size = WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD, off = 0, parts = 0, len;
    uint8_t *frame = malloc(size);
    struct request_spec last = *rq;
    struct wire_writer w;

    if (!frame)
        return -1;
    len = rq->methods ? strlen(rq->methods) : 0;
    /* Names that do not fit in one frame go ahead in parts, cut between two names. */
    while (len - off > REQUEST_PART_MAX && !r->decided) {
        size_t cut = off + REQUEST_PART_MAX;
        while (cut > off && rq->methods[cut] != ' ')
            cut--;
        if (cut == off) /* one name longer than a part: it goes whole */
            cut = off + strcspn(rq->methods + off, " ");
        command_begin(r, &w, frame, size, "request-part");
        wire_put_strn(&w, "methods", rq->methods + off, cut - off);
        command_send(r, &w, "request-part");
        parts++;
        off = cut + (rq->methods[cut] == ' ');
    }
    last.methods = rq->methods ? rq->methods + off : NULL;
    command_begin(r, &w, frame, size, "request");
    put_request(&w, "", &last);
    if (parts)
        wire_put_u64(&w, "parts", parts);
    command_send(r, &w, "request");
    free(frame);
    return 0;
}

/* Starts a COMMAND frame for `command` with a fresh id. */
void command_begin(struct run *r, struct wire_writer *w, uint8_t *buf, size_t size, const char *command)
{
    r->cmd_waiting = ++r->next_cmd_id;
    r->reply_ready = 0;
    wire_writer_init(w, buf, size, WIRE_COMMAND);
    wire_put_u64(w, "id", r->cmd_waiting);
    wire_put_str(w, "command", command);
}

void command_send(struct run *r, struct wire_writer *w, const char *command)
{
    long len = wire_writer_finish(w);
    struct err e;

    err_init(&e);
    if (len < 0) {
        run_decide(r, VERDICT_ERROR, "%s:%d: command '%s' does not fit in one frame", r->c->path,
               r->c->steps[r->step].line, command);
        return;
    }
    if (chan_send(&r->chan, w->buf, (size_t)len, &e) < 0)
        run_decide(r, VERDICT_FAIL, "%s:%d: cannot send command '%s': %s", r->c->path, r->c->steps[r->step].line,
               command, e.msg);
}
