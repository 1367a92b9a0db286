/*
 * ipc.c - encoding the AttachProfiler command and decoding the reply.
 */
#include "ipc.h"

#include <stdlib.h>
#include <string.h>

#include "text/utf16.h"

#define GUID_FORM "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"

static const uint8_t ipc_magic[14] = {'D', 'O', 'T', 'N', 'E', 'T', '_', 'I', 'P', 'C', '_', 'V', '1', '\0'};

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int ipc_guid_parse(const char *text, struct ipc_guid *out, struct err *e)
{
    /* Groups of 8-4-4-4-12 hex digits; the text order is Data1, Data2,
     * Data3 (each most significant digit first), then Data4 byte by byte. */
    static const int group_len[5] = {8, 4, 4, 4, 12};
    uint8_t text_bytes[16];
    const char *p = text;
    size_t nb = 0;
    int braced = 0;

    if (*p == '{') {
        braced = 1;
        p++;
    }
    for (int g = 0; g < 5; g++) {
        if (g > 0 && *p++ != '-')
            return err_set(e, "'%s' is not a GUID (expected " GUID_FORM ")", text);
        for (int k = 0; k < group_len[g]; k += 2) {
            int hi = hex_value(p[0]), lo = hi < 0 ? -1 : hex_value(p[1]);
            if (hi < 0 || lo < 0)
                return err_set(e, "'%s' is not a GUID (expected " GUID_FORM ")", text);
            text_bytes[nb++] = (uint8_t)(hi << 4 | lo);
            p += 2;
        }
    }
    if (braced && *p++ != '}')
        return err_set(e, "'%s' is not a GUID: the '{' is not closed", text);
    if (*p != '\0')
        return err_set(e, "'%s' is not a GUID: text after the last group", text);
    /* Data1..Data3 are stored little endian. */
    out->bytes[0] = text_bytes[3];
    out->bytes[1] = text_bytes[2];
    out->bytes[2] = text_bytes[1];
    out->bytes[3] = text_bytes[0];
    out->bytes[4] = text_bytes[5];
    out->bytes[5] = text_bytes[4];
    out->bytes[6] = text_bytes[7];
    out->bytes[7] = text_bytes[6];
    memcpy(out->bytes + 8, text_bytes + 8, 8);
    return 0;
}

static void put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint16_t get_u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int ipc_attach_encode(const struct attach_request *rq, uint8_t **out, size_t *len, struct err *e)
{
    size_t path_bytes = strlen(rq->profiler_path);
    size_t units, total;
    char16_t *wide;
    uint8_t *buf, *p;

    *out = NULL;
    *len = 0;
    if (path_bytes == 0)
        return err_set(e, "the profiler path is empty");
    /* UTF-16 never needs more units than UTF-8 has bytes. */
    wide = malloc((path_bytes + 1) * sizeof *wide);
    if (!wide)
        return err_set(e, "out of memory encoding the profiler path");
    units = utf8_to_utf16(rq->profiler_path, path_bytes, wide, path_bytes + 1);
    total = IPC_HEADER_SIZE + 4 + 16 + 4 + (units + 1) * 2 + 4 + rq->client_data_len;
    if (total > IPC_MAX_MESSAGE) {
        free(wide);
        return err_set(e, "the attach message would be %zu bytes; the protocol allows %u (shorten the path or "
                          "the client data)",
                       total, IPC_MAX_MESSAGE);
    }
    buf = malloc(total);
    if (!buf) {
        free(wide);
        return err_set(e, "out of memory encoding the attach message");
    }
    p = buf;
    memcpy(p, ipc_magic, sizeof ipc_magic);
    put_u16(p + 14, (uint16_t)total);
    p[16] = IPC_SET_PROFILER;
    p[17] = IPC_PROFILER_ATTACH;
    put_u16(p + 18, 0);
    p += IPC_HEADER_SIZE;
    put_u32(p, rq->timeout);
    p += 4;
    memcpy(p, rq->clsid.bytes, 16);
    p += 16;
    put_u32(p, (uint32_t)(units + 1));
    p += 4;
    for (size_t i = 0; i <= units; i++, p += 2)
        put_u16(p, i < units ? (uint16_t)wide[i] : 0);
    put_u32(p, (uint32_t)rq->client_data_len);
    p += 4;
    if (rq->client_data_len)
        memcpy(p, rq->client_data, rq->client_data_len);
    free(wide);
    *out = buf;
    *len = total;
    return 0;
}

int ipc_reply_parse(const uint8_t *buf, size_t len, struct ipc_reply *reply, size_t *used, struct err *e)
{
    size_t have = len < sizeof ipc_magic ? len : sizeof ipc_magic;
    uint16_t size;

    /* Check what is there as early as possible: a wrong first byte is
     * reported without waiting for more. */
    if (memcmp(buf, ipc_magic, have) != 0)
        return err_set(e, "the reply does not start with the DOTNET_IPC_V1 magic");
    if (len < IPC_HEADER_SIZE)
        return 0;
    size = get_u16(buf + 14);
    reply->command_set = buf[16];
    reply->command_id = buf[17];
    if (size < IPC_HEADER_SIZE)
        return err_set(e, "the reply's header gives a size of %u bytes, less than the header itself", size);
    if (reply->command_set != IPC_SET_SERVER)
        return err_set(e, "the reply is of command set 0x%02X, not a server reply (0xFF)", reply->command_set);
    if (reply->command_id != IPC_SERVER_OK && reply->command_id != IPC_SERVER_ERROR)
        return err_set(e, "the reply has command id 0x%02X, neither OK (0x00) nor error (0xFF)", reply->command_id);
    if (size < IPC_REPLY_SIZE)
        return err_set(e, "the reply is %u bytes, too short to hold an HRESULT", size);
    if (len < size)
        return 0;
    reply->hr = (int32_t)get_u32(buf + IPC_HEADER_SIZE);
    *used = size;
    return 1;
}

const char *ipc_hr_meaning(int32_t hr)
{
    switch ((uint32_t)hr) {
    case 0x00000000u:
        return "the profiler is attached";
    case 0x8013136Au:
        return "a profiler is already loaded in the process";
    case 0x80131384u:
        return "the runtime could not decode the attach message";
    case 0x80131385u:
        return "the runtime does not know the attach command";
    case 0x80131386u:
        return "the runtime did not recognise the message header";
    case 0x80131515u:
        return "this runtime does not support attaching a profiler";
    case 0x8013135Bu:
        return "the runtime is not ready to load a profiler yet";
    case 0x80131371u:
        return "the runtime has not finished starting";
    case 0x80040111u:
        return "the library does not provide that CLSID (DllGetClassObject refused it)";
    case 0x80131368u:
        return "the profiler does not support attaching: it does not implement ICorProfilerCallback3, or its "
               "InitializeForAttach returned E_NOTIMPL";
    case 0x8013136Eu:
        return "the profiler does not implement ICorProfilerCallback3";
    case 0x80004005u:
        return "the profiler's InitializeForAttach failed (it returned E_FAIL)";
    case 0x8007007Eu:
        return "the runtime could not load the library (missing, not a shared library for this machine, or a "
               "dependency missing)";
    case 0x8007007Fu:
        return "the library does not export DllGetClassObject";
    case 0x80070057u:
        return "the runtime rejected an argument of the attach";
    default:
        return NULL;
    }
}
