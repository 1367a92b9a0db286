/*
 * client.h - attaching a profiler to a running .NET process over its
 * diagnostics socket (docs/attach.md).
 *
 * The pieces are separate so that a caller with its own poll loop (the
 * case runner) can open the connection, send the command and read the
 * reply as bytes arrive; attach_client_run does it all, blocking, for the
 * `profcheck attach` command.
 */
#ifndef PROFCHECK_ATTACH_CLIENT_H
#define PROFCHECK_ATTACH_CLIENT_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "../util/err.h"
#include "ipc.h"

/* Why an attach did not happen; each is a distinct negative return. */
enum attach_status {
    ATTACH_OK = 0,
    ATTACH_NO_PROCESS = -2,   /* no process with that pid */
    ATTACH_NO_SOCKET = -3,    /* no diagnostics socket: not .NET, or diagnostics disabled */
    ATTACH_REFUSED = -4,      /* the socket is there but the connection was refused */
    ATTACH_RUNTIME_ERROR = -5, /* the runtime answered a failure HRESULT */
    ATTACH_TIMEOUT = -6,      /* no reply in time */
    ATTACH_NO_REPLY = -7,     /* the connection closed before a whole reply came */
    ATTACH_BAD_REPLY = -8,    /* bytes that are not a reply */
    ATTACH_LOCAL = -9         /* a failure on our side (memory, arguments) */
};

/* The longest path of a Unix socket (sun_path less its NUL).  The runtime
 * cuts its socket's path to this length. */
#define ATTACH_SOCKET_PATH_MAX 107

/* The socket of process pid: $TMPDIR/dotnet-diagnostic-PID-KEY-socket,
 * TMPDIR as the process sees it (its environment, when readable), else
 * ours, else /tmp, the path cut to ATTACH_SOCKET_PATH_MAX bytes as the
 * runtime cuts it.  The socket's existence decides; the environment
 * (DOTNET_ before COMPlus_ EnableDiagnostics[_IPC]=0) only explains its
 * absence.  0, or ATTACH_NO_PROCESS / ATTACH_NO_SOCKET. */
int attach_socket_find(pid_t pid, char *path, size_t size, struct err *e);

/* Finds the socket, connects, and sends the whole command; 0 with *fd
 * (non-blocking, close-on-exec), or a negative status. */
int attach_client_start(pid_t pid, const struct attach_request *rq, int *fd, struct err *e);

/* Reads what fd has; 1 with *hr when the reply is complete, 0 when more is
 * to come, or a negative status (ATTACH_NO_REPLY, ATTACH_BAD_REPLY). */
struct attach_reader {
    uint8_t buf[256];
    size_t len;
};
int attach_client_read(int fd, struct attach_reader *rd, int32_t *hr, struct err *e);

/* The whole attach, waiting at most timeout seconds for the reply.
 * ATTACH_OK with *hr = S_OK, ATTACH_RUNTIME_ERROR with *hr the runtime's
 * HRESULT, or another negative status; the message says what happened. */
int attach_client_run(pid_t pid, const struct attach_request *rq, double timeout, int32_t *hr, struct err *e);

#endif
