/*
 * rundir.c - the run's private directory, its root, and what dead runs
 * left behind (rundir.h).
 */
#include "rundir.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define PREFIX "profcheck-"
#define SOCKET_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path) - 1) /* 107 */
#define KEY_DIGITS 10 /* the runtime's start-time key: ticks since boot, years of uptime */

/* Digits of the largest pid this machine hands out. */
static size_t pid_digits(void)
{
    char buf[32] = "";
    size_t n = 0;
    FILE *f = fopen("/proc/sys/kernel/pid_max", "re");

    if (f) {
        if (fgets(buf, sizeof buf, f))
            for (const char *p = buf; isdigit((unsigned char)*p); p++)
                n++;
        fclose(f);
    }
    return n ? n : 7; /* 4194304, the kernel's limit */
}

size_t run_base_room_needed(void)
{
    size_t p = pid_digits();

    /* "/profcheck-<pid>-XXXXXX" "/XXXXXX" "/dotnet-diagnostic-<pid>-<key>-socket" */
    return (1 + strlen(PREFIX) + p + 7) + 7 + (1 + strlen("dotnet-diagnostic-") + p + 1 + KEY_DIGITS + strlen("-socket"));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* The pid in "profcheck-<pid>-XXXXXX", or 0 when name is not of that form. */
static long owner_pid(const char *name)
{
    const char *p = name + strlen(PREFIX);
    char *end;
    long pid;

    if (strncmp(name, PREFIX, strlen(PREFIX)) != 0 || *p < '1' || *p > '9')
        return 0;
    pid = strtol(p, &end, 10);
    if (*end != '-' || strlen(end + 1) != 6)
        return 0;
    for (const char *q = end + 1; *q; q++)
        if (!isalnum((unsigned char)*q))
            return 0;
    return pid;
}

int run_base_sweep(const char *root)
{
    DIR *d = opendir(root);
    struct dirent *de;
    int removed = 0;

    while (d && (de = readdir(d)) != NULL) {
        char path[PATH_MAX];
        struct stat st;
        long pid = owner_pid(de->d_name);

        if (pid <= 0 || pid == (long)getpid() || (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", root, de->d_name) >= sizeof path)
            continue;
        if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
            continue;
        remove_tree(path);
        removed++;
    }
    if (d)
        closedir(d);
    return removed;
}

/* A root where the run's directory can be made: an existing directory. */
static int usable_root(const char *dir)
{
    struct stat st;

    return dir && dir[0] == '/' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
}

/* Makes root/profcheck-<pid>-XXXXXX; 0 or -1 with errno. */
static int make_in(struct run_base *b, const char *root)
{
    snprintf(b->root, sizeof b->root, "%s", root);
    if ((size_t)snprintf(b->path, sizeof b->path, "%s/" PREFIX "%d-XXXXXX", root, (int)getpid()) >= sizeof b->path) {
        b->path[0] = '\0';
        errno = ENAMETOOLONG;
        return -1;
    }
    if (!mkdtemp(b->path)) {
        b->path[0] = '\0';
        return -1;
    }
    return 0;
}

/* Room for `reserve` bytes in the run's directory, tried by reserving them. */
static int check_space(struct run_base *b, uint64_t reserve, struct err *e)
{
    char probe[PATH_MAX + 16];
    int fd, rc;

    if (reserve == 0)
        return 0;
    snprintf(probe, sizeof probe, "%s/space", b->path);
    fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_errno(e, "cannot create a file in the run directory %s", b->path);
    rc = posix_fallocate(fd, 0, (off_t)reserve);
    close(fd);
    unlink(probe);
    if (rc != 0) {
        errno = rc;
        return err_errno(e, "%s has no room for the event rings of this run (%llu KiB)", b->root,
                         (unsigned long long)(reserve >> 10));
    }
    return 0;
}

int run_base_make(struct run_base *b, const char *tmpdir, uint64_t reserve, struct err *e)
{
    const char *fallbacks[] = {getenv("XDG_RUNTIME_DIR"), "/tmp", "/dev/shm"};
    size_t room = run_base_room_needed();
    char root[PATH_MAX];
    size_t len;

    memset(b, 0, sizeof *b);
    snprintf(root, sizeof root, "%s", tmpdir && *tmpdir ? tmpdir : "/tmp");
    len = strlen(root);
    while (len > 1 && root[len - 1] == '/')
        root[--len] = '\0';
    run_base_sweep(root);
    if (len + room > SOCKET_PATH_MAX) {
        /* The runtime cuts its diagnostics socket's path to what an address
         * holds; a case's sockets need a shorter root. */
        for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++) {
            const char *f = fallbacks[i];
            if (!f || strcmp(f, root) == 0 || strlen(f) + room > SOCKET_PATH_MAX || !usable_root(f))
                continue;
            run_base_sweep(f);
            if (make_in(b, f) == 0) {
                snprintf(b->note, sizeof b->note,
                         "TMPDIR %s is too long for the sockets of a case (a Unix socket path holds %zu bytes, "
                         "it may have %zu): run directories go to %s",
                         root, SOCKET_PATH_MAX, SOCKET_PATH_MAX - room, f);
                break;
            }
        }
        if (!b->path[0])
            return err_set(e,
                           "TMPDIR %s is too long for the sockets of a case (a Unix socket path holds %zu bytes, it "
                           "may have %zu), and none of $XDG_RUNTIME_DIR, /tmp, /dev/shm can be used instead",
                           root, SOCKET_PATH_MAX, SOCKET_PATH_MAX - room);
    } else if (make_in(b, root) < 0) {
        return err_errno(e, "cannot create a run directory in TMPDIR %s", root);
    }
    if (check_space(b, reserve, e) < 0) {
        run_base_remove(b);
        return -1;
    }
    return 0;
}

void run_base_remove(struct run_base *b)
{
    if (b->path[0])
        remove_tree(b->path);
    b->path[0] = '\0';
}
