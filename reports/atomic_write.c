#include "atomic_write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LINKS_MAX 40        /* as the kernel follows */
#define FIFO_WAIT_MS 10000  /* for a reader to open a FIFO */
#define STALL_MS 30000      /* for a reader that stopped reading */

/* Where path leads. */
struct target {
    char path[PATH_MAX]; /* the last name reached: a file, or a name to create */
    int in_place;        /* write into it as it is (/dev/fd/N, /proc/PID/fd/N: an open descriptor) */
};

/* 1 for a name of an open descriptor: /dev/fd/N, /proc/PID/fd/N (self, thread-self). */
static int is_fd_path(const char *p)
{
    const char *slash;

    if (strncmp(p, "/dev/fd/", 8) == 0)
        p += 8;
    else if (strncmp(p, "/proc/", 6) == 0 && (slash = strchr(p + 6, '/')) != NULL && strncmp(slash, "/fd/", 4) == 0)
        p = slash + 4;
    else
        return 0;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return *p == '\0';
}

/* Follows symbolic links from path; 0, or -1 with errno (ELOOP, ENAMETOOLONG). */
static int follow(const char *path, struct target *t)
{
    char link[PATH_MAX];

    t->in_place = is_fd_path(path);
    if ((size_t)snprintf(t->path, sizeof t->path, "%s", path) >= sizeof t->path)
        return errno = ENAMETOOLONG, -1;
    for (int round = 0; round < LINKS_MAX && !t->in_place; round++) {
        struct stat st;
        ssize_t n;
        char *slash;

        if (lstat(t->path, &st) < 0 || !S_ISLNK(st.st_mode))
            return 0;
        n = readlink(t->path, link, sizeof link - 1);
        if (n < 0)
            return -1;
        link[n] = '\0';
        if (link[0] == '/') {
            memcpy(t->path, link, (size_t)n + 1);
        } else {
            char next[PATH_MAX];
            slash = strrchr(t->path, '/');
            if ((size_t)snprintf(next, sizeof next, "%.*s%s", slash ? (int)(slash - t->path + 1) : 0, t->path,
                                 link) >= sizeof next)
                return errno = ENAMETOOLONG, -1;
            memcpy(t->path, next, strlen(next) + 1);
        }
        t->in_place = is_fd_path(t->path);
    }
    if (!t->in_place) {
        struct stat st;
        if (lstat(t->path, &st) == 0 && S_ISLNK(st.st_mode))
            return errno = ELOOP, -1;
    }
    return 0;
}

/* "<file>.tmp<pid>" next to file. */
static int temp_name(const char *file, char *tmp, size_t size)
{
    return (size_t)snprintf(tmp, size, "%s.tmp%d", file, (int)getpid()) < size ? 0 : -1;
}

/* Creates the temporary file (replacing one a dead process of our pid left). */
static int open_temp(const char *tmp, mode_t mode)
{
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);

    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    return fd;
}

/* Writes all of data to fd, which may be non-blocking (a FIFO): waits for
 * room, but not for a reader that stopped reading.  0 or -1 with errno.
 * SIGPIPE is held back in this thread: a reader that went away is EPIPE. */
static int write_all(int fd, const char *data, size_t len)
{
    sigset_t pipe_set, old;
    int rc = 0, saved = 0;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n > 0) {
            data += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {fd, POLLOUT, 0};
            int r = poll(&pfd, 1, STALL_MS);
            if (r > 0 || (r < 0 && errno == EINTR))
                continue;
            errno = r == 0 ? ETIMEDOUT : errno;
        } else if (n == 0) {
            errno = EIO;
        }
        rc = -1;
        saved = errno;
        break;
    }
    if (saved == EPIPE) {
        /* Take the SIGPIPE that write raised before unblocking. */
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return rc;
}

/* Opens a device or FIFO (or a descriptor in /proc) for writing without
 * blocking; a FIFO gets FIFO_WAIT_MS for its reader to come. */
static int open_in_place(const char *path)
{
    for (int waited = 0;; waited += 20) {
        int fd = open(path, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);

        if (fd >= 0 || errno != ENXIO || waited >= FIFO_WAIT_MS)
            return fd;
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
}

static int write_in_place(const char *path, const char *shown, const void *data, size_t len, struct err *e)
{
    int fd = open_in_place(path);

    if (fd < 0) {
        if (errno == ENXIO)
            return err_set(e, "%s: cannot write the report: nobody opened the FIFO for reading within %d s", shown,
                           FIFO_WAIT_MS / 1000);
        return err_errno(e, "%s: cannot write the report", shown);
    }
    if (write_all(fd, data, len) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        if (saved == ETIMEDOUT)
            return err_set(e, "%s: cannot write the report: its reader took nothing for %d s", shown,
                           STALL_MS / 1000);
        return err_errno(e, "%s: cannot write the report", shown);
    }
    if (close(fd) < 0 && errno != EINTR)
        return err_errno(e, "%s: cannot write the report", shown);
    return 0;
}

static int write_replacing(const char *file, const char *shown, const struct stat *old, const void *data, size_t len,
                           struct err *e)
{
    char tmp[PATH_MAX + 32];
    int fd, saved;

    if (temp_name(file, tmp, sizeof tmp) < 0)
        return err_set(e, "%s: cannot write the report: path too long", shown);
    fd = open_temp(tmp, old ? old->st_mode & 0777 : 0666);
    if (fd < 0)
        return err_errno(e, "%s: cannot write the report", shown);
    if (old)
        fchmod(fd, old->st_mode & 07777); /* the replacement keeps the file's permissions */
    if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
        saved = errno;
        close(fd);
        unlink(tmp);
        errno = saved;
        return err_errno(e, "%s: cannot write the report", shown);
    }
    if (close(fd) < 0 || rename(tmp, file) < 0) {
        saved = errno;
        unlink(tmp);
        errno = saved;
        return err_errno(e, "%s: cannot write the report", shown);
    }
    return 0;
}

int atomic_write(const char *path, const void *data, size_t len, struct err *e)
{
    struct target t;
    struct stat st;

    if (follow(path, &t) < 0)
        return err_errno(e, "%s: cannot write the report", path);
    if (t.in_place)
        return write_in_place(t.path, path, data, len, e);
    if (lstat(t.path, &st) < 0) {
        if (errno != ENOENT)
            return err_errno(e, "%s: cannot write the report", path);
        return write_replacing(t.path, path, NULL, data, len, e);
    }
    if (S_ISREG(st.st_mode))
        return write_replacing(t.path, path, &st, data, len, e);
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return write_in_place(t.path, path, data, len, e);
    return err_set(e, "%s: cannot write the report: %s", path,
                   S_ISDIR(st.st_mode) ? "it is a directory" : "not a regular file, character device or FIFO");
}

int report_path_check(const char *path, struct err *e)
{
    char tmp[PATH_MAX + 32], dir[PATH_MAX];
    struct target t;
    struct stat st;
    char *slash;
    int fd;

    if (follow(path, &t) < 0)
        return err_errno(e, "%s", path);
    if (t.in_place || (lstat(t.path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))) {
        if (access(t.path, W_OK) < 0)
            return err_errno(e, "%s: cannot be written", path);
        return 0;
    }
    if (lstat(t.path, &st) == 0 && !S_ISREG(st.st_mode))
        return err_set(e, "%s: %s", path,
                       S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file, character device or FIFO");
    /* The file is written next to itself and renamed: its directory must
     * take a new file.  Trying is the only sure test (read-only mounts,
     * /proc, a file where a directory should be). */
    snprintf(dir, sizeof dir, "%s", t.path);
    slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (stat(dir, &st) < 0)
        return err_errno(e, "%s: its directory %s", path, dir);
    if (!S_ISDIR(st.st_mode))
        return err_set(e, "%s: %s is not a directory", path, dir);
    if (temp_name(t.path, tmp, sizeof tmp) < 0)
        return err_set(e, "%s: path too long", path);
    fd = open_temp(tmp, 0600);
    if (fd < 0)
        return err_errno(e, "%s: no file can be created in %s", path, dir);
    close(fd);
    unlink(tmp);
    return 0;
}

/* The file path leads to, as a canonical directory and a last name. */
static int canonical(const char *path, char *out, size_t size)
{
    char dir[PATH_MAX], real[PATH_MAX];
    struct target t;
    const char *base;
    char *slash;

    if (follow(path, &t) < 0)
        return -1;
    if (realpath(t.path, real)) {
        snprintf(out, size, "%s", real);
        return 0;
    }
    snprintf(dir, sizeof dir, "%s", t.path);
    slash = strrchr(dir, '/');
    base = slash ? t.path + (slash - dir) + 1 : t.path;
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, real))
        return -1;
    return (size_t)snprintf(out, size, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base) < size ? 0 : -1;
}

int report_path_same(const char *a, const char *b)
{
    char ca[PATH_MAX], cb[PATH_MAX];
    struct stat sa, sb;

    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    if (canonical(a, ca, sizeof ca) == 0 && canonical(b, cb, sizeof cb) == 0)
        return strcmp(ca, cb) == 0;
    return strcmp(a, b) == 0;
}

void report_tmp_sweep(const char *path)
{
    char dir[PATH_MAX];
    struct target t;
    const char *base;
    struct dirent *de;
    size_t blen;
    char *slash;
    DIR *d;

    if (follow(path, &t) < 0 || t.in_place)
        return;
    snprintf(dir, sizeof dir, "%s", t.path);
    slash = strrchr(dir, '/');
    base = slash ? t.path + (slash - dir) + 1 : t.path;
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    blen = strlen(base);
    d = opendir(dir);
    while (d && (de = readdir(d)) != NULL) {
        const char *p = de->d_name + blen + 4;
        char *end;
        long pid;

        if (strncmp(de->d_name, base, blen) != 0 || strncmp(de->d_name + blen, ".tmp", 4) != 0 || *p < '1' ||
            *p > '9')
            continue;
        pid = strtol(p, &end, 10);
        if (*end || pid <= 0 || pid > INT_MAX || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT)
            continue;
    }
    if (d)
        closedir(d);
}
