/*
 * test_attach.c - the diagnostics IPC attach client: the CLSID parser, the
 * AttachProfiler encoder byte by byte, the reply parser on whole, short and
 * malformed replies, the reader over a real socket, and the socket finder's
 * answers for processes that have no socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "../attach/client.h"
#include "../attach/ipc.h"
#include "text/utf16.h"

void test_register(void);

static const uint8_t magic[14] = "DOTNET_IPC_V1";

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void reply_bytes(uint8_t out[24], uint8_t set, uint8_t id, uint16_t size, uint32_t hr)
{
    memcpy(out, magic, 14);
    out[14] = (uint8_t)size;
    out[15] = (uint8_t)(size >> 8);
    out[16] = set;
    out[17] = id;
    out[18] = out[19] = 0;
    out[20] = (uint8_t)hr;
    out[21] = (uint8_t)(hr >> 8);
    out[22] = (uint8_t)(hr >> 16);
    out[23] = (uint8_t)(hr >> 24);
}

static void test_guid_layout(void)
{
    struct ipc_guid g;
    struct err e;
    static const uint8_t want[16] = {0xFE, 0xE2, 0x4B, 0xD4, 0x87, 0x57, 0xB9, 0x48,
                                     0xAD, 0xD7, 0xED, 0x24, 0x97, 0xA9, 0xA7, 0x4A};

    err_init(&e);
    CU_ASSERT_EQUAL(ipc_guid_parse("D44BE2FE-5787-48B9-ADD7-ED2497A9A74A", &g, &e), 0);
    CU_ASSERT_EQUAL(memcmp(g.bytes, want, 16), 0);
    CU_ASSERT_EQUAL(ipc_guid_parse("{d44be2fe-5787-48b9-add7-ed2497a9a74a}", &g, &e), 0);
    CU_ASSERT_EQUAL(memcmp(g.bytes, want, 16), 0);
}

static void test_guid_errors(void)
{
    static const char *const bad[] = {"", "D44BE2FE", "D44BE2FE-5787-48B9-ADD7-ED2497A9A74",
                                      "D44BE2FE-5787-48B9-ADD7-ED2497A9A74AA", "D44BE2FE_5787-48B9-ADD7-ED2497A9A74A",
                                      "{D44BE2FE-5787-48B9-ADD7-ED2497A9A74A", "G44BE2FE-5787-48B9-ADD7-ED2497A9A74A",
                                      NULL};
    struct ipc_guid g;
    struct err e;

    for (size_t i = 0; bad[i]; i++) {
        err_init(&e);
        CU_ASSERT_EQUAL(ipc_guid_parse(bad[i], &g, &e), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "GUID"));
    }
}

static void test_encode_bytes(void)
{
    struct attach_request rq;
    struct err e;
    uint8_t *m = NULL;
    size_t len = 0;
    const char *path = "/p/\xc3\xa9.so"; /* "/p/é.so": 7 UTF-16 units */

    memset(&rq, 0, sizeof rq);
    err_init(&e);
    CU_ASSERT_EQUAL(ipc_guid_parse("D44BE2FE-5787-48B9-ADD7-ED2497A9A74A", &rq.clsid, &e), 0);
    rq.timeout = 5000;
    rq.profiler_path = path;
    rq.client_data = "abc";
    rq.client_data_len = 3;
    CU_ASSERT_EQUAL_FATAL(ipc_attach_encode(&rq, &m, &len, &e), 0);
    CU_ASSERT_EQUAL(len, 20u + 4 + 16 + 4 + 8 * 2 + 4 + 3);
    CU_ASSERT_EQUAL(memcmp(m, magic, 14), 0);
    CU_ASSERT_EQUAL(m[14] | m[15] << 8, (int)len);
    CU_ASSERT_EQUAL(m[16], 0x03);
    CU_ASSERT_EQUAL(m[17], 0x01);
    CU_ASSERT_EQUAL(m[18] | m[19], 0);
    CU_ASSERT_EQUAL(le32(m + 20), 5000u);
    CU_ASSERT_EQUAL(memcmp(m + 24, rq.clsid.bytes, 16), 0);
    CU_ASSERT_EQUAL(le32(m + 40), 8u); /* units with the NUL */
    CU_ASSERT_EQUAL(m[44], '/');
    CU_ASSERT_EQUAL(m[45], 0);
    CU_ASSERT_EQUAL(m[50], 0xE9); /* é */
    CU_ASSERT_EQUAL(m[51], 0x00);
    CU_ASSERT_EQUAL(m[58] | m[59], 0); /* the terminating unit */
    CU_ASSERT_EQUAL(le32(m + 60), 3u);
    CU_ASSERT_EQUAL(memcmp(m + 64, "abc", 3), 0);
    free(m);
}

static void test_encode_limits(void)
{
    struct attach_request rq;
    struct err e;
    uint8_t *m = NULL;
    size_t len = 0;
    char *big = malloc(40000);

    memset(&rq, 0, sizeof rq);
    err_init(&e);
    rq.profiler_path = "";
    CU_ASSERT_EQUAL(ipc_attach_encode(&rq, &m, &len, &e), -1);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_FATAL(big != NULL);
    memset(big, 'a', 39999);
    big[39999] = '\0';
    rq.profiler_path = big; /* 80000 bytes as UTF-16: over the u16 size */
    CU_ASSERT_EQUAL(ipc_attach_encode(&rq, &m, &len, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "65535"));
    free(big);
}

static void test_reply_ok_and_error(void)
{
    uint8_t b[24];
    struct ipc_reply r;
    struct err e;
    size_t used = 0;

    err_init(&e);
    reply_bytes(b, 0xFF, 0x00, 24, 0);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), 1);
    CU_ASSERT_EQUAL(r.hr, 0);
    CU_ASSERT_EQUAL(used, 24u);
    reply_bytes(b, 0xFF, 0xFF, 24, 0x8013136Au);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), 1);
    CU_ASSERT_EQUAL((uint32_t)r.hr, 0x8013136Au);
    CU_ASSERT_EQUAL(r.command_id, 0xFF);
}

static void test_reply_short(void)
{
    uint8_t b[24];
    struct ipc_reply r;
    struct err e;
    size_t used = 0;

    err_init(&e);
    reply_bytes(b, 0xFF, 0x00, 24, 0);
    for (size_t n = 1; n < 24; n++)
        CU_ASSERT_EQUAL(ipc_reply_parse(b, n, &r, &used, &e), 0);
}

static void test_reply_malformed(void)
{
    uint8_t b[24];
    struct ipc_reply r;
    struct err e;
    size_t used = 0;

    err_init(&e);
    reply_bytes(b, 0xFF, 0x00, 24, 0);
    b[0] = 'X';
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 1, &r, &used, &e), -1); /* told at the first byte */
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "magic"));
    reply_bytes(b, 0x03, 0x00, 24, 0);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "command set"));
    reply_bytes(b, 0xFF, 0x05, 24, 0);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "command id"));
    reply_bytes(b, 0xFF, 0x00, 20, 0);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "too short"));
    reply_bytes(b, 0xFF, 0x00, 12, 0);
    CU_ASSERT_EQUAL(ipc_reply_parse(b, 24, &r, &used, &e), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "less than the header"));
}

/* The reader over a socket pair: bytes arrive in pieces, then EOF. */
static void test_reader(void)
{
    int sv[2];
    uint8_t b[24];
    struct attach_reader rd = {.len = 0};
    struct err e;
    int32_t hr = 0;

    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    reply_bytes(b, 0xFF, 0xFF, 24, 0x80131385u);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), 0); /* nothing yet */
    CU_ASSERT_EQUAL(write(sv[1], b, 10), 10);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), 0);
    CU_ASSERT_EQUAL(write(sv[1], b + 10, 14), 14);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), 1);
    CU_ASSERT_EQUAL((uint32_t)hr, 0x80131385u);
    close(sv[0]);
    close(sv[1]);

    /* A connection closed halfway through a reply. */
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    rd.len = 0;
    CU_ASSERT_EQUAL(write(sv[1], b, 7), 7);
    close(sv[1]);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), ATTACH_NO_REPLY);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "after 7 bytes"));
    close(sv[0]);

    /* Closed with nothing sent; and garbage. */
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    rd.len = 0;
    close(sv[1]);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), ATTACH_NO_REPLY);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "without a reply"));
    close(sv[0]);
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    rd.len = 0;
    CU_ASSERT_EQUAL(write(sv[1], "HTTP/1.1 400", 12), 12);
    CU_ASSERT_EQUAL(attach_client_read(sv[0], &rd, &hr, &e), ATTACH_BAD_REPLY);
    close(sv[0]);
    close(sv[1]);
}

static void test_find_socket(void)
{
    char path[4096];
    struct err e;
    pid_t child;
    int status;

    err_init(&e);
    /* This test process is not a .NET process: no socket. */
    CU_ASSERT_EQUAL(attach_socket_find(getpid(), path, sizeof path, &e), ATTACH_NO_SOCKET);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "no diagnostics socket"));
    /* A reaped child's pid names no process. */
    child = fork();
    if (child == 0)
        _exit(0);
    CU_ASSERT_FATAL(child > 0);
    CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
    CU_ASSERT_EQUAL(attach_socket_find(child, path, sizeof path, &e), ATTACH_NO_PROCESS);
    CU_ASSERT_EQUAL(attach_socket_find(0, path, sizeof path, &e), ATTACH_NO_PROCESS);
}

/* A child that sleeps with env as its whole environment; its pid. */
static pid_t sleeper(char *const env[])
{
    char *const argv[] = {"sleep", "30", NULL};
    int gate[2];
    char c;
    pid_t pid;

    /* The pipe closes at the exec: after it, /proc shows the new environment. */
    if (pipe2(gate, O_CLOEXEC) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        execve("/bin/sleep", argv, env);
        _exit(127);
    }
    close(gate[1]);
    while (read(gate[0], &c, 1) < 0 && errno == EINTR)
        ;
    close(gate[0]);
    return pid;
}

static void reap(pid_t pid)
{
    int status;

    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
}

/* A listening Unix socket at path; its descriptor. */
static int listen_at(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int s = socket(AF_UNIX, SOCK_STREAM, 0);

    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 1) < 0) {
        if (s >= 0)
            close(s);
        return -1;
    }
    return s;
}

/* The socket decides; DOTNET_ before COMPlus_ only explains its absence. */
static void test_find_socket_environment(void)
{
    char dir[] = "/tmp/pc-attach-XXXXXX", tmpdir[64], path[4096], sock[256];
    char *on_off[] = {tmpdir, "COMPlus_EnableDiagnostics=0", "DOTNET_EnableDiagnostics=1", NULL};
    char *off[] = {tmpdir, "DOTNET_EnableDiagnostics=0", "COMPlus_EnableDiagnostics=1", NULL};
    char *complus_off[] = {tmpdir, "COMPlus_EnableDiagnostics_IPC=0", NULL};
    struct err e;
    pid_t pid;
    int s;

    err_init(&e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);

    /* DOTNET_EnableDiagnostics=1 wins over COMPlus_=0: no socket, and the
     * message does not blame the setting. */
    pid = sleeper(on_off);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), ATTACH_NO_SOCKET);
    CU_ASSERT_PTR_NULL(strstr(e.msg, "EnableDiagnostics=0:"));
    /* Its socket is there (any key): found, whatever the environment. */
    snprintf(sock, sizeof sock, "%s/dotnet-diagnostic-%ld-0-socket", dir, (long)pid);
    s = listen_at(sock);
    CU_ASSERT_FATAL(s >= 0);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), 0);
    CU_ASSERT_STRING_EQUAL(path, sock);
    close(s);
    unlink(sock);
    reap(pid);

    pid = sleeper(off);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), ATTACH_NO_SOCKET);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "runs with DOTNET_EnableDiagnostics=0"));
    /* Even disabled, a socket that exists is used. */
    snprintf(sock, sizeof sock, "%s/dotnet-diagnostic-%ld-7-socket", dir, (long)pid);
    s = listen_at(sock);
    CU_ASSERT_FATAL(s >= 0);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), 0);
    close(s);
    unlink(sock);
    reap(pid);

    pid = sleeper(complus_off);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), ATTACH_NO_SOCKET);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "runs with COMPlus_EnableDiagnostics_IPC=0"));
    reap(pid);
    rmdir(dir);
}

/* Field 22 of /proc/PID/stat, as the runtime keys its socket. */
static unsigned long long start_key(pid_t pid)
{
    char path[64], buf[1024];
    FILE *f;
    char *p;
    int field = 2;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    f = fopen(path, "r");
    if (!f)
        return 0;
    buf[fread(buf, 1, sizeof buf - 1, f)] = '\0';
    fclose(f);
    p = strrchr(buf, ')') + 1;
    while (*p && field < 22)
        field += *p++ == ' ';
    return strtoull(p, NULL, 10);
}

/* A long TMPDIR: the runtime cuts its socket's path to 107 bytes, and the
 * cut path is found; a TMPDIR that leaves no room is named as the cause. */
static void test_find_socket_long_tmpdir(void)
{
    char dir[160], tmpdir[192], full[400], path[4096];
    char *env[] = {tmpdir, NULL};
    struct err e;
    pid_t pid;
    int s;

    err_init(&e);
    snprintf(dir, sizeof dir, "/tmp/pc-attach-%ld-", (long)getpid());
    while (strlen(dir) < 80)
        strcat(dir, "d");
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);
    pid = sleeper(env);
    CU_ASSERT_FATAL(pid > 0);
    snprintf(full, sizeof full, "%s/dotnet-diagnostic-%ld-%llu-socket", dir, (long)pid, start_key(pid));
    full[ATTACH_SOCKET_PATH_MAX] = '\0';
    s = listen_at(full);
    CU_ASSERT_FATAL(s >= 0);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), 0);
    CU_ASSERT_STRING_EQUAL(path, full);
    close(s);
    unlink(full);
    reap(pid);
    rmdir(dir);

    while (strlen(dir) < 100)
        strcat(dir, "d");
    CU_ASSERT_EQUAL_FATAL(mkdir(dir, 0700), 0);
    snprintf(tmpdir, sizeof tmpdir, "TMPDIR=%s", dir);
    pid = sleeper(env);
    CU_ASSERT_EQUAL(attach_socket_find(pid, path, sizeof path, &e), ATTACH_NO_SOCKET);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "is too long for one"));
    reap(pid);
    rmdir(dir);
}

static void test_utf16_roundtrip(void)
{
    char16_t w[16];
    char back[32];

    CU_ASSERT_EQUAL(utf8_to_utf16("a\xf0\x9f\x8e\x89", 5, w, 16), 3u); /* a + a surrogate pair */
    CU_ASSERT_EQUAL(w[1], 0xD83C);
    CU_ASSERT_EQUAL(w[2], 0xDF89);
    CU_ASSERT_EQUAL(utf16_to_utf8(w, 3, back, sizeof back), 5u);
    CU_ASSERT_STRING_EQUAL(back, "a\xf0\x9f\x8e\x89");
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("attach", NULL, NULL);

    CU_add_test(s, "CLSID text to the in-memory layout", test_guid_layout);
    CU_add_test(s, "malformed CLSIDs", test_guid_errors);
    CU_add_test(s, "AttachProfiler message, byte by byte", test_encode_bytes);
    CU_add_test(s, "empty path, message over 64 KiB", test_encode_limits);
    CU_add_test(s, "OK and error replies", test_reply_ok_and_error);
    CU_add_test(s, "short replies wait for more", test_reply_short);
    CU_add_test(s, "malformed replies", test_reply_malformed);
    CU_add_test(s, "reading a reply from a socket", test_reader);
    CU_add_test(s, "finding the socket of a process", test_find_socket);
    CU_add_test(s, "the socket decides, DOTNET_ before COMPlus_", test_find_socket_environment);
    CU_add_test(s, "a long TMPDIR: the cut socket path", test_find_socket_long_tmpdir);
    CU_add_test(s, "UTF-8 and UTF-16", test_utf16_roundtrip);
}
