/*
 * client.c - finding a process's diagnostics socket, sending the attach
 * command and reading the reply.
 */
#include "client.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "abi/cp_hresults.h"

#define ENVIRON_MAX (256u * 1024)

/* The whole of a small /proc file, NUL-terminated; its length, or -1. */
static ssize_t read_small_file(const char *path, char *buf, size_t size)
{
    size_t got = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    while (got + 1 < size) {
        ssize_t n = read(fd, buf + got, size - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    return (ssize_t)got;
}

/* The value of name in the process's environment (NUL-separated), or NULL. */
static const char *environ_get(const char *env, size_t len, const char *name)
{
    size_t nlen = strlen(name);

    for (size_t i = 0; i < len; i += strlen(env + i) + 1) {
        if (strncmp(env + i, name, nlen) == 0 && env[i + nlen] == '=')
            return env + i + nlen + 1;
    }
    return NULL;
}

/* Field 22 of /proc/PID/stat (start time in clock ticks), the socket's key. */
static int start_time_key(pid_t pid, unsigned long long *key)
{
    char path[64], stat[1024];
    const char *p;
    int field = 2;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    if (read_small_file(path, stat, sizeof stat) <= 0)
        return -1;
    p = strrchr(stat, ')'); /* the command name may hold spaces */
    if (!p)
        return -1;
    p++;
    while (*p && field < 22) {
        if (*p == ' ')
            field++;
        p++;
    }
    if (field != 22)
        return -1;
    *key = strtoull(p, NULL, 10);
    return 0;
}

static int is_socket(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* Why the runtime of a process with this environment opened no socket:
 * the setting that turned diagnostics off, or NULL.  The runtime reads
 * DOTNET_name first and COMPlus_name only when DOTNET_name is unset. */
static const char *diagnostics_switch_off(const char *env, size_t len)
{
    static const char *const pairs[][2] = {{"DOTNET_EnableDiagnostics", "COMPlus_EnableDiagnostics"},
                                          {"DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics_IPC"}};

    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        const char *name = pairs[i][0], *v = environ_get(env, len, name);
        if (!v) {
            name = pairs[i][1];
            v = environ_get(env, len, name);
        }
        if (v && strcmp(v, "0") == 0)
            return name;
    }
    return NULL;
}

/* The newest socket in dir whose name starts with prefix and, when
 * suffix is given, ends with it; 1 with path, or 0. */
static int newest_socket(const char *dir, const char *prefix, const char *suffix, char *path, size_t size)
{
    size_t plen = strlen(prefix), slen = suffix ? strlen(suffix) : 0;
    time_t newest = 0;
    struct dirent *de;
    struct stat st;
    int found = 0;
    DIR *d = opendir(dir);

    while (d && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        char candidate[PATH_MAX];
        if (n < plen + slen || strncmp(de->d_name, prefix, plen) != 0 ||
            (suffix && strcmp(de->d_name + n - slen, suffix) != 0))
            continue;
        if ((size_t)snprintf(candidate, sizeof candidate, "%s/%s", dir, de->d_name) >= sizeof candidate ||
            stat(candidate, &st) < 0 || !S_ISSOCK(st.st_mode))
            continue;
        if ((!found || st.st_mtime > newest) && (size_t)snprintf(path, size, "%s", candidate) < size) {
            newest = st.st_mtime;
            found = 1;
        }
    }
    if (d)
        closedir(d);
    return found;
}

int attach_socket_find(pid_t pid, char *path, size_t size, struct err *e)
{
    char proc[64], dir[PATH_MAX], prefix[64], full[PATH_MAX + 96];
    char *env = NULL;
    ssize_t envlen = -1;
    const char *tmp = NULL, *disabled = NULL;
    unsigned long long key;
    int have_key;
    struct stat st;

    if (pid <= 0)
        return err_set(e, "%ld is not a process id", (long)pid), ATTACH_NO_PROCESS;
    snprintf(proc, sizeof proc, "/proc/%ld", (long)pid);
    if ((kill(pid, 0) < 0 && errno == ESRCH) || stat(proc, &st) < 0)
        return err_set(e, "no process with id %ld", (long)pid), ATTACH_NO_PROCESS;

    env = malloc(ENVIRON_MAX);
    if (env) {
        snprintf(proc, sizeof proc, "/proc/%ld/environ", (long)pid);
        envlen = read_small_file(proc, env, ENVIRON_MAX);
    }
    if (envlen > 0) {
        tmp = environ_get(env, (size_t)envlen, "TMPDIR");
        disabled = diagnostics_switch_off(env, (size_t)envlen);
    }
    if (!tmp || !*tmp)
        tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    snprintf(dir, sizeof dir, "%s", tmp);
    free(env);
    while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
        dir[strlen(dir) - 1] = '\0';

    /* Whether a socket is there decides, whatever the environment says. */
    have_key = start_time_key(pid, &key) == 0;
    if (have_key) {
        snprintf(full, sizeof full, "%s/dotnet-diagnostic-%ld-%llu-socket", dir, (long)pid, key);
        /* The runtime cuts its socket's path to what a Unix socket address
         * holds (107 bytes); the cut name is the one to look for. */
        if (strlen(full) > ATTACH_SOCKET_PATH_MAX)
            full[ATTACH_SOCKET_PATH_MAX] = '\0';
        if (strlen(full) < size && is_socket(full)) {
            snprintf(path, size, "%s", full);
            return 0;
        }
    }
    /* The key may be 0 when the runtime could not read its start time:
     * take the newest socket of the pid. */
    snprintf(prefix, sizeof prefix, "dotnet-diagnostic-%ld-", (long)pid);
    if (newest_socket(dir, prefix, "-socket", path, size))
        return 0;
    if (disabled)
        return err_set(e, "process %ld runs with %s=0: its runtime opened no diagnostics socket", (long)pid,
                       disabled),
               ATTACH_NO_SOCKET;
    if (strlen(dir) + 1 + strlen("dotnet-diagnostic-") >= ATTACH_SOCKET_PATH_MAX)
        return err_set(e, "process %ld has no diagnostics socket: its TMPDIR %s is too long for one (a Unix "
                          "socket path holds %d bytes)",
                       (long)pid, dir, ATTACH_SOCKET_PATH_MAX),
               ATTACH_NO_SOCKET;
    err_set(e, "process %ld has no diagnostics socket in %s: it is not a .NET process, its runtime has not "
               "started yet, or diagnostics are disabled (DOTNET_EnableDiagnostics=0)",
            (long)pid, dir);
    return ATTACH_NO_SOCKET;
}

int attach_client_start(pid_t pid, const struct attach_request *rq, int *fd, struct err *e)
{
    char path[PATH_MAX];
    struct sockaddr_un addr;
    uint8_t *msg = NULL;
    size_t len = 0, sent = 0;
    int rc, s;

    *fd = -1;
    rc = attach_socket_find(pid, path, sizeof path, e);
    if (rc < 0)
        return rc;
    if (ipc_attach_encode(rq, &msg, &len, e) < 0)
        return ATTACH_LOCAL;
    if (strlen(path) >= sizeof addr.sun_path) {
        free(msg);
        return err_set(e, "the socket path %s is too long for a Unix socket address", path), ATTACH_LOCAL;
    }
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, path);
    s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) {
        free(msg);
        return err_errno(e, "cannot create a socket"), ATTACH_LOCAL;
    }
    while ((rc = connect(s, (struct sockaddr *)&addr, sizeof addr)) < 0 && errno == EINTR)
        ;
    if (rc < 0) {
        int saved = errno;
        free(msg);
        close(s);
        errno = saved;
        if (errno == ECONNREFUSED)
            err_set(e, "%s refused the connection: nothing listens on it (a socket left by a runtime that "
                       "exited?)",
                    path);
        else
            err_errno(e, "cannot connect to %s", path);
        return ATTACH_REFUSED;
    }
    while (sent < len) {
        ssize_t n = send(s, msg + sent, len - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            err_errno(e, "cannot send the attach command to %s", path);
            free(msg);
            close(s);
            return ATTACH_NO_REPLY;
        }
        sent += (size_t)n;
    }
    free(msg);
    fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_NONBLOCK);
    *fd = s;
    return 0;
}

int attach_client_read(int fd, struct attach_reader *rd, int32_t *hr, struct err *e)
{
    for (;;) {
        struct ipc_reply reply;
        size_t used = 0;
        ssize_t n;
        int rc;

        if (rd->len > 0) {
            rc = ipc_reply_parse(rd->buf, rd->len, &reply, &used, e);
            if (rc < 0)
                return ATTACH_BAD_REPLY;
            if (rc > 0) {
                *hr = reply.hr;
                return 1;
            }
        }
        if (rd->len == sizeof rd->buf)
            return err_set(e, "the reply is longer than %zu bytes", sizeof rd->buf), ATTACH_BAD_REPLY;
        n = read(fd, rd->buf + rd->len, sizeof rd->buf - rd->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0)
            return err_errno(e, "cannot read the runtime's reply"), ATTACH_NO_REPLY;
        if (n == 0) {
            if (rd->len == 0)
                err_set(e, "the runtime closed the connection without a reply (did the process exit?)");
            else
                err_set(e, "the runtime closed the connection after %zu bytes of a reply", rd->len);
            return ATTACH_NO_REPLY;
        }
        rd->len += (size_t)n;
    }
}

static double monotonic_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int attach_client_run(pid_t pid, const struct attach_request *rq, double timeout, int32_t *hr, struct err *e)
{
    struct attach_reader rd = {.len = 0};
    double deadline = monotonic_seconds() + timeout;
    int fd, rc;

    *hr = 0;
    rc = attach_client_start(pid, rq, &fd, e);
    if (rc < 0)
        return rc;
    for (;;) {
        struct pollfd pfd = {fd, POLLIN, 0};
        double left = deadline - monotonic_seconds();
        int pr;

        rc = attach_client_read(fd, &rd, hr, e);
        if (rc != 0)
            break;
        if (left <= 0) {
            err_set(e, "no reply from process %ld within %.1f s", (long)pid, timeout);
            rc = ATTACH_TIMEOUT;
            break;
        }
        pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno != EINTR) {
            err_errno(e, "poll");
            rc = ATTACH_LOCAL;
            break;
        }
    }
    close(fd);
    if (rc < 0)
        return rc;
    if (*hr < 0) {
        const char *meaning = ipc_hr_meaning(*hr);
        char text[96];
        cp_hr_format(*hr, text, sizeof text);
        err_set(e, "the runtime refused the attach with %s%s%s", text, meaning ? ": " : "", meaning ? meaning : "");
        return ATTACH_RUNTIME_ERROR;
    }
    return ATTACH_OK;
}
