/*
 * ipc.h - the diagnostics IPC messages profcheck sends and reads
 * (docs/attach.md, "Wire format").
 *
 * Every message starts with a 20-byte header: the magic "DOTNET_IPC_V1\0",
 * a little-endian u16 total size (header included), a command set, a
 * command id and two reserved bytes.  profcheck sends one command,
 * AttachProfiler (set 0x03, id 0x01), and reads the runtime's answer: a
 * Server (0xFF) message, OK (0x00) or Error (0xFF), whose payload is an
 * i32 HRESULT.  Pure encoding and decoding: no I/O here.
 */
#ifndef PROFCHECK_IPC_H
#define PROFCHECK_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

#define IPC_HEADER_SIZE 20
#define IPC_MAX_MESSAGE 65535u
#define IPC_SET_PROFILER 0x03
#define IPC_PROFILER_ATTACH 0x01
#define IPC_SET_SERVER 0xFF
#define IPC_SERVER_OK 0x00
#define IPC_SERVER_ERROR 0xFF
#define IPC_REPLY_SIZE (IPC_HEADER_SIZE + 4)

/* A CLSID in its in-memory layout: Data1 (u32), Data2, Data3 (u16) little
 * endian, then Data4's 8 bytes. */
struct ipc_guid {
    uint8_t bytes[16];
};

/* "D44BE2FE-5787-48B9-ADD7-ED2497A9A74A", braces allowed; 0 or -1. */
int ipc_guid_parse(const char *text, struct ipc_guid *out, struct err *e);

struct attach_request {
    uint32_t timeout;          /* handed to the runtime as is (it reads ms) */
    struct ipc_guid clsid;
    const char *profiler_path; /* UTF-8; sent as UTF-16LE with its NUL */
    const void *client_data;
    size_t client_data_len;
};

/* The whole AttachProfiler message in a malloc'd buffer; 0 or -1. */
int ipc_attach_encode(const struct attach_request *rq, uint8_t **out, size_t *len, struct err *e);

struct ipc_reply {
    uint8_t command_set;
    uint8_t command_id;
    int32_t hr; /* the payload's HRESULT */
};

/* Looks at the bytes read so far: 1 with *reply filled when a whole reply
 * is there (*used its size), 0 when more bytes are needed, -1 with a
 * message when the bytes cannot be a reply. */
int ipc_reply_parse(const uint8_t *buf, size_t len, struct ipc_reply *reply, size_t *used, struct err *e);

/* What an HRESULT from the attach means, or NULL when it is not one the
 * runtime documents for it. */
const char *ipc_hr_meaning(int32_t hr);

#endif
