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

int attach_socket_find(pid_t pid, char *path, size_t size, struct err *e)
{
    char proc[64], dir[PATH_MAX], prefix[64];
    char *env = NULL;
    ssize_t envlen = -1;
    const char *tmp = NULL, *disabled = NULL;
    unsigned long long key;
    struct stat st;
    DIR *d;
    struct dirent *de;
    time_t newest = 0;
    int found = 0;

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
        static const char *const switches[] = {"DOTNET_EnableDiagnostics", "COMPlus_EnableDiagnostics",
                                               "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics_IPC"};
        tmp = environ_get(env, (size_t)envlen, "TMPDIR");
        for (size_t i = 0; i < sizeof switches / sizeof *switches && !disabled; i++) {
            const char *v = environ_get(env, (size_t)envlen, switches[i]);
            if (v && strcmp(v, "0") == 0)
                disabled = switches[i];
        }
    }
    if (!tmp || !*tmp)
        tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    snprintf(dir, sizeof dir, "%s", tmp);
    while (strlen(dir) > 1 && dir[strlen(dir) - 1] == '/')
        dir[strlen(dir) - 1] = '\0';
    if (disabled) {
        err_set(e, "process %ld runs with %s=0: its runtime opened no diagnostics socket", (long)pid, disabled);
        free(env);
        return ATTACH_NO_SOCKET;
    }
    free(env);

    if (start_time_key(pid, &key) == 0 &&
        (size_t)snprintf(path, size, "%s/dotnet-diagnostic-%ld-%llu-socket", dir, (long)pid, key) < size &&
        is_socket(path))
        return 0;
    /* The key may be 0 when the runtime could not read its start time:
     * take the newest socket of the pid. */
    snprintf(prefix, sizeof prefix, "dotnet-diagnostic-%ld-", (long)pid);
    d = opendir(dir);
    while (d && (de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);
        char candidate[PATH_MAX];
        if (strncmp(de->d_name, prefix, strlen(prefix)) != 0 || n < 7 || strcmp(de->d_name + n - 7, "-socket") != 0)
            continue;
        if ((size_t)snprintf(candidate, sizeof candidate, "%s/%s", dir, de->d_name) >= sizeof candidate ||
            stat(candidate, &st) < 0 || !S_ISSOCK(st.st_mode))
            continue;
        if (!found || st.st_mtime > newest) {
            if ((size_t)snprintf(path, size, "%s", candidate) >= size)
                continue;
            newest = st.st_mtime;
            found = 1;
        }
    }
    if (d)
        closedir(d);
    if (found)
        return 0;
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
