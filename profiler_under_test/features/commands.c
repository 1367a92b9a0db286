/*
 * commands.c - what the harness asks of the profiler, run on the profiler's
 * own command thread (after InitializeCurrentThread), each answered with a
 * REPLY frame carrying the command's id and an HRESULT (docs/protocol.md,
 * "Commands").
 *
 *   resolve method=...           -> hr, module-id, token / why
 *   request request=rejit|rejit-with-inliners|revert methods=... parts=N
 *                                -> hr of RequestReJIT / RequestReJITWithInliners /
 *                                   RequestRevert, resolved, why, statuses
 *   request-part methods=...     names ahead of the next request; not answered
 *   set-event-mask mask mask-high -> hr of SetEventMask2
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/features.h"

static void field_str(const struct wire_msg *msg, const char *key, char *buf, size_t size)
{
    const struct wire_field *f = wire_msg_get(msg, key);
    size_t n = 0;

    if (f && f->type == WIRE_STR)
        n = f->len < size - 1 ? f->len : size - 1;
    if (n)
        memcpy(buf, f->str, n);
    buf[n] = '\0';
}

static uint64_t field_u64(const struct wire_msg *msg, const char *key)
{
    const struct wire_field *f = wire_msg_get(msg, key);

    return f && f->type == WIRE_U64 ? f->u : 0;
}

/* A string field as a new string ("" when absent); NULL when out of memory. */
static char *field_dup(const struct wire_msg *msg, const char *key)
{
    const struct wire_field *f = wire_msg_get(msg, key);
    size_t n = f && f->type == WIRE_STR ? f->len : 0;
    char *s = malloc(n + 1);

    if (s) {
        if (n)
            memcpy(s, f->str, n);
        s[n] = '\0';
    }
    return s;
}

int request_from_msg(const struct wire_msg *msg, const char *prefix, struct request *rq)
{
    char key[64], value[64];

    request_init(rq);
#define KEY(name) (snprintf(key, sizeof key, "%s%s", prefix, name), key)
    field_str(msg, KEY("request"), value, sizeof value);
    if (strcmp(value, "revert") == 0)
        rq->revert = 1;
    else if (strcmp(value, "rejit-with-inliners") == 0)
        rq->with_inliners = 1;
    else if (strcmp(value, "rejit") != 0)
        return -1;
    rq->rejit_flags = (uint32_t)field_u64(msg, KEY("rejit-flags"));
    rq->codegen = (uint32_t)field_u64(msg, KEY("codegen"));
    field_str(msg, KEY("inliners"), value, sizeof value);
    rq->tracked = strcmp(value, "tracked") == 0;
    rq->methods = field_dup(msg, KEY("methods"));
    field_str(msg, KEY("raw-assembly"), rq->raw_assembly, sizeof rq->raw_assembly);
    rq->raw_token = (cp_token)field_u64(msg, KEY("raw-token"));
    field_str(msg, KEY("il-mode"), value, sizeof value);
    if (strcmp(value, "text") == 0)
        rq->mode = PLAN_TEXT;
    else if (strcmp(value, "prologue") == 0)
        rq->mode = PLAN_PROLOGUE;
    else if (strcmp(value, "original") == 0)
        rq->mode = PLAN_ORIGINAL;
    else
        rq->mode = PLAN_NONE;
    rq->text = field_dup(msg, KEY("il"));
    field_str(msg, KEY("call"), value, sizeof value);
    if (strcmp(value, "zero-count") == 0)
        rq->call = CALL_ZERO_COUNT;
    else if (strcmp(value, "null-arrays") == 0)
        rq->call = CALL_NULL_ARRAYS;
    else
        rq->call = CALL_NORMAL;
#undef KEY
    if (!rq->methods || !rq->text) {
        request_release(rq);
        return -1;
    }
    return 0;
}

static void reply(struct wire_writer *w)
{
    long len = wire_writer_finish(w);

    if (len > 0)
        link_send(w->buf, (size_t)len);
}

static void run_resolve(const struct wire_msg *msg, struct wire_writer *w)
{
    char method[NAME_MAX_BYTES], why[256] = "";
    cp_module_id module = 0;
    cp_token token = 0;
    cp_hr hr;

    field_str(msg, "method", method, sizeof method);
    hr = names_resolve(method, &module, &token, why, sizeof why);
    wire_put_hr(w, "hr", hr);
    wire_put_str(w, "method", method);
    if (hr == CP_S_OK) {
        wire_put_u64(w, "module-id", module);
        wire_put_u64(w, "token", token);
    }
    if (why[0])
        wire_put_str(w, "why", why);
}

/* request-part: names of the next request's methods, sent ahead of it
 * when they do not fit in one frame; not answered. */
static void run_request_part(const struct wire_msg *msg)
{
    const struct wire_field *f = wire_msg_get(msg, "methods");
    size_t have = prof.pending_methods ? strlen(prof.pending_methods) : 0;
    size_t add = f && f->type == WIRE_STR ? f->len : 0;
    char *grown = realloc(prof.pending_methods, have + add + 2);

    if (!grown) {
        link_log("out of memory for the methods of a request");
        return;
    }
    prof.pending_methods = grown;
    if (have && add)
        grown[have++] = ' ';
    memcpy(grown + have, add ? f->str : "", add);
    grown[have + add] = '\0';
    prof.pending_parts++;
}

/* The methods sent ahead in request-part commands go in front of the request's own. */
static int take_parts(const struct wire_msg *msg, struct request *rq, char *why, size_t why_size)
{
    uint64_t parts = field_u64(msg, "parts");
    char *all;

    if (parts != prof.pending_parts) {
        snprintf(why, why_size, "the request came with %zu of its %ju parts", prof.pending_parts, (uintmax_t)parts);
        return -1;
    }
    if (!parts)
        return 0;
    all = malloc(strlen(prof.pending_methods) + strlen(rq->methods) + 2);
    if (!all) {
        snprintf(why, why_size, "out of memory for the methods of a request");
        return -1;
    }
    sprintf(all, "%s%s%s", prof.pending_methods, rq->methods[0] ? " " : "", rq->methods);
    free(rq->methods);
    rq->methods = all;
    return 0;
}

static void run_request(const struct wire_msg *msg, struct wire_writer *w)
{
    struct request rq;
    struct request_result res;
    char why[128] = "";

    if (request_from_msg(msg, "", &rq) < 0 || take_parts(msg, &rq, why, sizeof why) < 0) {
        wire_put_hr(w, "hr", CP_E_INVALIDARG);
        wire_put_u64(w, "resolved", 0);
        wire_put_str(w, "why", why[0] ? why : "bad request");
    } else {
        request_run(&rq, "command-thread", &res);
        wire_put_hr(w, "hr", res.hr);
        wire_put_u64(w, "resolved", (uint64_t)res.resolved);
        if (res.why[0])
            wire_put_str(w, "why", res.why);
        if (res.statuses[0])
            wire_put_str(w, "statuses", res.statuses);
    }
    request_release(&rq);
    free(prof.pending_methods);
    prof.pending_methods = NULL;
    prof.pending_parts = 0;
}

static void run_set_event_mask(const struct wire_msg *msg, struct wire_writer *w)
{
    uint32_t mask = (uint32_t)field_u64(msg, "mask"), high = (uint32_t)field_u64(msg, "mask-high");
    struct emit em;
    cp_hr hr;

    if (prof.info_version >= 5)
        hr = prof.info->vtbl->SetEventMask2(prof.info, mask, high);
    else
        hr = prof.info->vtbl->SetEventMask(prof.info, mask);
    emit_begin(&em, "SetEventMask");
    emit_u64(&em, "mask", mask);
    emit_u64(&em, "mask-high", high);
    emit_hr(&em, "hr", hr);
    emit_str(&em, "from", "command-thread");
    emit_send(&em);
    wire_put_hr(w, "hr", hr);
}

void commands_run(const struct wire_msg *msg)
{
    const struct wire_field *id = wire_msg_get(msg, "id");
    char command[64];
    uint8_t buf[4096];
    struct wire_writer w;

    field_str(msg, "command", command, sizeof command);
    wire_writer_init(&w, buf, sizeof buf, WIRE_REPLY);
    wire_put_u64(&w, "id", id && id->type == WIRE_U64 ? id->u : 0);
    if (strcmp(command, "request-part") == 0) {
        run_request_part(msg);
        return;
    }
    if (strcmp(command, "resolve") == 0) {
        run_resolve(msg, &w);
    } else if (strcmp(command, "request") == 0) {
        run_request(msg, &w);
    } else if (strcmp(command, "set-event-mask") == 0) {
        run_set_event_mask(msg, &w);
    } else if (strcmp(command, "define") == 0) {
        metadata_define(msg, &w);
    } else if (strcmp(command, "detach") == 0) {
        wire_put_hr(&w, "hr", attach_request_detach((uint32_t)field_u64(msg, "expected-ms")));
    } else {
        wire_put_hr(&w, "hr", CP_E_INVALIDARG);
        wire_put_str(&w, "why", "unknown command");
    }
    reply(&w);
}
