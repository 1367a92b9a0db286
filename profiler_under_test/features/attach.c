/*
 * attach.c - the reference profiler loaded into a running process, and
 * unloaded from it (docs/attach.md).
 *
 * The harness attaches with the channel's socket path as client data;
 * InitializeForAttach connects there and goes on as Initialize does,
 * through the start function the callback layer hands attach_setup.
 * A detach requested with the `detach` command ends with
 * ProfilerDetachSucceeded, after which the runtime unloads the library:
 * the command thread is stopped and joined before that callback returns,
 * so no code of ours runs once the runtime lets go of it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "features/features.h"

static cp_hr cb_InitializeForAttach(struct cp_callback *self, struct cp_unknown *unk, void *client_data,
                                    cp_ulong client_data_size)
{
    char channel[sizeof ((struct sockaddr_un *)0)->sun_path];

    (void)self;
    if (!client_data || client_data_size == 0 || client_data_size >= sizeof channel) {
        fprintf(stderr, "profcheck_ref: the attach's client data must be the harness channel's socket path "
                        "(got %lu bytes); the profiler stays unloaded\n",
                (unsigned long)client_data_size);
        return CP_E_FAIL;
    }
    memcpy(channel, client_data, client_data_size);
    channel[client_data_size] = '\0';
    return prof.attach_start(unk, channel);
}

static cp_hr cb_ProfilerAttachComplete(struct cp_callback *self)
{
    struct emit em;

    (void)self;
    if (prof_quiet())
        return CP_S_OK;
    emit_begin(&em, "ProfilerAttachComplete");
    emit_send(&em);
    return CP_S_OK;
}

static cp_hr cb_ProfilerDetachSucceeded(struct cp_callback *self)
{
    struct emit em;

    (void)self;
    if (prof.connected) {
        emit_begin(&em, "ProfilerDetachSucceeded");
        emit_send(&em);
        link_bye();
    }
    prof.shutdown = 1;
    link_stop_commands();
    queries_stop();
    return CP_S_OK;
}

void attach_setup(struct cp_callback_vtbl *vtbl, cp_hr (*start)(struct cp_unknown *unk, const char *channel))
{
    prof.attach_start = start;
    vtbl->InitializeForAttach = cb_InitializeForAttach;
    vtbl->ProfilerAttachComplete = cb_ProfilerAttachComplete;
    vtbl->ProfilerDetachSucceeded = cb_ProfilerDetachSucceeded;
}

cp_hr attach_request_detach(uint32_t expected_ms)
{
    struct emit em;
    cp_hr hr = prof.info_version >= 3 ? prof.info->vtbl->RequestProfilerDetach(prof.info, expected_ms) : CP_E_NOTIMPL;

    emit_begin(&em, "RequestProfilerDetach");
    emit_u64(&em, "expected-ms", expected_ms);
    emit_hr(&em, "hr", hr);
    emit_str(&em, "from", "command-thread");
    emit_send(&em);
    return hr;
}
