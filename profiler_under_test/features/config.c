/*
 * config.c - the harness's CONFIG frame applied (docs/protocol.md): the
 * event mask and what to record, the event ring, the proxy's hang limit,
 * a fault to inject and a trigger.  It comes once, in Initialize or
 * InitializeForAttach, before the event mask is set (callback_start hands
 * config_apply to link_await_config).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "features/features.h"

void config_apply(const struct wire_msg *msg)
{
    const struct wire_field *f;

    f = wire_msg_get(msg, "mask");
    prof.mask = f && f->type == WIRE_U64 ? (uint32_t)f->u : 0;
    f = wire_msg_get(msg, "mask-high");
    prof.mask_high = f && f->type == WIRE_U64 ? (uint32_t)f->u : 0;
    f = wire_msg_get(msg, "only");
    prof.only[0] = '\0';
    if (f && f->type == WIRE_STR && f->len < sizeof prof.only) {
        memcpy(prof.only, f->str, f->len);
        prof.only[f->len] = '\0';
    }
    f = wire_msg_get(msg, "deny-inline");
    prof.deny_inline[0] = '\0';
    if (f && f->type == WIRE_STR && f->len < sizeof prof.deny_inline) {
        memcpy(prof.deny_inline, f->str, f->len);
        prof.deny_inline[f->len] = '\0';
    }
    f = wire_msg_get(msg, "ring");
    if (f && f->type == WIRE_STR && f->len < 512) {
        char path[512];
        memcpy(path, f->str, f->len);
        path[f->len] = '\0';
        if (ring_attach(&prof.ring, path) < 0)
            link_log("cannot map the event ring '%s' (%s): events go over the socket", path, strerror(errno));
    }
    f = wire_msg_get(msg, "record");
    prof.record_none = f && f->type == WIRE_U64 && f->u == 0;
    f = wire_msg_get(msg, "hang-ms");
    if (f && f->type == WIRE_U64)
        prof.hang_ms = (uint32_t)f->u;
    f = wire_msg_get(msg, "fault");
    if (f && f->type == WIRE_STR && f->len < 512) {
        char spec[512];
        memcpy(spec, f->str, f->len);
        spec[f->len] = '\0';
        fault_configure(spec);
    }
    f = wire_msg_get(msg, "fail-callback");
    if (f && f->type == WIRE_STR && f->len < 4096) {
        char spec[4096];
        const struct wire_field *after = wire_msg_get(msg, "fail-after-work");
        memcpy(spec, f->str, f->len);
        spec[f->len] = '\0';
        fail_configure(spec, after && after->type == WIRE_U64 && after->u);
    }
    triggers_configure(msg);
}
