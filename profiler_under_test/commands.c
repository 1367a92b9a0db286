/*
 * commands.c - what the harness asks of the profiler, run on the profiler's
 * own command thread (after InitializeCurrentThread), each answered with a
 * REPLY frame carrying the command's id and an HRESULT.
 *
 *   resolve method=Assembly!Namespace.Type::Method
 *       -> hr, module-id, token (found), or hr and why (not found; the
 *          metadata call's HRESULT, or CLDB_E_RECORD_NOTFOUND).
 */
#include <stdio.h>
#include <string.h>

#include "profiler.h"

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

void commands_run(const struct wire_msg *msg)
{
    const struct wire_field *id = wire_msg_get(msg, "id");
    char command[64];
    uint8_t buf[4096];
    struct wire_writer w;

    field_str(msg, "command", command, sizeof command);
    wire_writer_init(&w, buf, sizeof buf, WIRE_REPLY);
    wire_put_u64(&w, "id", id && id->type == WIRE_U64 ? id->u : 0);
    if (strcmp(command, "resolve") == 0) {
        run_resolve(msg, &w);
    } else {
        wire_put_hr(&w, "hr", CP_E_INVALIDARG);
        wire_put_str(&w, "why", "unknown command");
    }
    reply(&w);
}
