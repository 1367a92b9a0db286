#include "chan.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHAN_MAX_BUFFER (4u * (WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD))

void chan_init(struct chan *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->listen_fd = -1;
    ch->fd = -1;
    ring_init(&ch->ring);
}

int chan_listen(struct chan *ch, const char *dir, struct err *e)
{
    struct sockaddr_un addr;
    int n;

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    n = snprintf(addr.sun_path, sizeof addr.sun_path, "%s/channel.sock", dir);
    if (n < 0 || (size_t)n >= sizeof addr.sun_path)
        return err_set(e, "channel path '%s/channel.sock' is too long for a Unix socket", dir);
    memcpy(ch->path, addr.sun_path, sizeof ch->path);
    ch->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (ch->listen_fd < 0)
        return err_errno(e, "cannot create the channel socket");
    if (bind(ch->listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        return err_errno(e, "cannot bind the channel socket '%s'", ch->path);
    if (listen(ch->listen_fd, 4) < 0)
        return err_errno(e, "cannot listen on '%s'", ch->path);
    return 0;
}

static pid_t parent_of(pid_t pid)
{
    char path[64], buf[512];
    const char *p;
    ssize_t n;
    int fd;

    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    p = strrchr(buf, ')'); /* the command name may hold anything */
    if (!p || p[1] != ' ' || !p[2] || p[3] != ' ')
        return -1;
    return (pid_t)strtol(p + 4, NULL, 10);
}

int chan_pid_in_tree(pid_t pid, pid_t ancestor)
{
    for (int depth = 0; pid > 1 && depth < 64; depth++) {
        if (pid == ancestor)
            return 1;
        pid = parent_of(pid);
    }
    return pid == ancestor;
}

/* 1 when the peer must not join: another uid, or not of the owner's tree. */
static int peer_refused(struct chan *ch, int fd)
{
    struct ucred cred;
    socklen_t len = sizeof cred;
    char why[sizeof ch->foreign_why] = "";

    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || len != sizeof cred)
        snprintf(why, sizeof why, "a connection whose credentials cannot be read was refused");
    else if (cred.uid != getuid())
        snprintf(why, sizeof why, "a connection from pid %ld of uid %ld (not ours) was refused", (long)cred.pid,
                 (long)cred.uid);
    else if (ch->owner > 0 && !chan_pid_in_tree(cred.pid, ch->owner))
        snprintf(why, sizeof why, "a connection from pid %ld, outside the app's process tree, was refused",
                 (long)cred.pid);
    if (!why[0])
        return 0;
    if (ch->foreign++ == 0)
        snprintf(ch->foreign_why, sizeof ch->foreign_why, "%s", why);
    return 1;
}

int chan_accept(struct chan *ch, struct err *e)
{
    int fd = accept4(ch->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return 0;
        return err_errno(e, "cannot accept on the channel");
    }
    if (peer_refused(ch, fd)) {
        close(fd);
        return 0;
    }
    if (ch->connected) {
        /* One profiler per run; a second connection is refused. */
        ch->extra++;
        close(fd);
        return 0;
    }
    ch->fd = fd;
    ch->connected = 1;
    return 0;
}

static void chan_close(struct chan *ch)
{
    if (ch->fd >= 0)
        close(ch->fd);
    ch->fd = -1;
    ch->eof = 1;
}

/* Drops the frame handed out by the last chan_next. */
static void drop_consumed(struct chan *ch)
{
    ch->start += ch->consumed;
    ch->consumed = 0;
    if (ch->start == ch->inlen)
        ch->start = ch->inlen = 0;
}

/* Moves the undecoded bytes to the front of buf: once per read, not per frame. */
static void compact(uint8_t *buf, size_t *start, size_t *len)
{
    if (*start == 0)
        return;
    memmove(buf, buf + *start, *len - *start);
    *len -= *start;
    *start = 0;
}

int chan_fill(struct chan *ch)
{
    drop_consumed(ch);
    compact(ch->in, &ch->start, &ch->inlen);
    for (;;) {
        ssize_t n;

        if (ch->fd < 0)
            return 0;
        if (ch->incap - ch->inlen < 4096) {
            size_t cap = ch->incap ? ch->incap * 2 : 65536;
            uint8_t *p;

            if (cap > CHAN_MAX_BUFFER)
                cap = CHAN_MAX_BUFFER;
            if (cap <= ch->incap)
                return 0; /* full: the caller decodes first */
            p = realloc(ch->in, cap);
            if (!p)
                return -1;
            ch->in = p;
            ch->incap = cap;
        }
        n = read(ch->fd, ch->in + ch->inlen, ch->incap - ch->inlen);
        if (n > 0) {
            ch->inlen += (size_t)n;
            continue;
        }
        if (n == 0) {
            chan_close(ch);
            return 0;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        snprintf(ch->error, sizeof ch->error, "channel read failed: %s", strerror(errno));
        chan_close(ch);
        return -1;
    }
}

int chan_next(struct chan *ch, struct wire_msg *msg)
{
    size_t used = 0;
    int rc;

    drop_consumed(ch);
    if (ch->inlen == ch->start)
        return 0;
    rc = wire_decode(ch->in + ch->start, ch->inlen - ch->start, msg, &used);
    if (rc < 0) {
        snprintf(ch->error, sizeof ch->error, "malformed frame from the profiler: %s", wire_error_str(rc));
        ch->inlen = ch->start = 0;
        chan_close(ch);
        return -1;
    }
    if (rc == 0)
        return 0;
    /* msg points into ch->in: the bytes stay until the next call. */
    ch->consumed = used;
    return 1;
}

int chan_send(struct chan *ch, const void *frame, size_t len, struct err *e)
{
    const uint8_t *p = frame;

    while (len > 0) {
        ssize_t n;

        if (ch->fd < 0)
            return err_set(e, "the profiler's channel is closed");
        n = send(ch->fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {ch->fd, POLLOUT, 0};
            if (poll(&pfd, 1, 5000) <= 0)
                return err_set(e, "the profiler does not read its channel");
            continue;
        }
        return err_errno(e, "cannot write to the profiler's channel");
    }
    return 0;
}

void chan_release(struct chan *ch)
{
    if (ch->fd >= 0)
        close(ch->fd);
    if (ch->listen_fd >= 0)
        close(ch->listen_fd);
    if (ch->path[0])
        unlink(ch->path);
    ring_release(&ch->ring);
    if (ch->ring_path[0])
        unlink(ch->ring_path);
    free(ch->in);
    free(ch->rin);
    chan_init(ch);
}

int chan_ring_create(struct chan *ch, const char *dir, struct err *e)
{
    int n = snprintf(ch->ring_path, sizeof ch->ring_path, "%s/events.ring", dir);

    if (n < 0 || (size_t)n >= sizeof ch->ring_path) {
        ch->ring_path[0] = '\0';
        return err_set(e, "ring path '%s/events.ring' is too long", dir);
    }
    ch->rincap = RING_TAKE_MAX;
    ch->rin = malloc(ch->rincap);
    if (!ch->rin) {
        ch->ring_path[0] = '\0';
        return err_set(e, "out of memory");
    }
    if (ring_create(&ch->ring, ch->ring_path, RING_DEFAULT_SIZE) < 0) {
        int saved = errno;
        ch->ring_path[0] = '\0';
        errno = saved;
        return err_errno(e, "cannot make the event ring in '%s'", dir);
    }
    return 0;
}

static int ring_broken(struct chan *ch, const char *why)
{
    snprintf(ch->error, sizeof ch->error, "the profiler broke the event ring: %s", why);
    ring_release(&ch->ring);
    ch->rstart = ch->rinlen = ch->rconsumed = 0;
    return -1;
}

int chan_ring_next(struct chan *ch, struct wire_msg *msg)
{
    size_t used = 0;
    int rc;

    ch->rstart += ch->rconsumed;
    ch->rconsumed = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (ch->rinlen > ch->rstart) {
            rc = wire_decode(ch->rin + ch->rstart, ch->rinlen - ch->rstart, msg, &used);
            if (rc < 0)
                return ring_broken(ch, wire_error_str(rc));
            if (rc > 0) {
                if (msg->kind != WIRE_EVENT)
                    return ring_broken(ch, "a frame other than EVENT");
                ch->rconsumed = used;
                return 1;
            }
        }
        if (pass == 1 || !ch->ring.map)
            break;
        /* No whole frame yet: take what the ring has. */
        compact(ch->rin, &ch->rstart, &ch->rinlen);
        long n = ring_take(&ch->ring, ch->rin + ch->rinlen, ch->rincap - ch->rinlen);
        if (n < 0)
            return ring_broken(ch, "its head is not between its tail and its end");
        ch->rinlen += (size_t)n;
    }
    return 0;
}

int chan_msg_to_event(const struct wire_msg *msg, struct event *ev)
{
    size_t size = msg->nfields * sizeof(struct field);
    struct field *fields;
    char *text;

    /* One allocation for the whole event: thousands arrive per second. */
    memset(ev, 0, sizeof *ev);
    for (uint16_t i = 0; i < msg->nfields; i++) {
        size += msg->fields[i].keylen + 1u;
        if (msg->fields[i].type == WIRE_STR)
            size += msg->fields[i].len + 1u;
    }
    ev->block = malloc(size ? size : 1);
    if (!ev->block)
        return -1;
    fields = ev->block;
    text = (char *)(fields + msg->nfields);
    for (uint16_t i = 0; i < msg->nfields; i++) {
        const struct wire_field *w = &msg->fields[i];
        struct field *f = &fields[i];

        memset(f, 0, sizeof *f);
        f->key = text;
        memcpy(text, w->key, w->keylen);
        text[w->keylen] = '\0';
        text += w->keylen + 1u;
        switch (w->type) {
        case WIRE_U64:
            f->type = VAL_U64;
            f->u = w->u;
            break;
        case WIRE_I64:
            f->type = VAL_I64;
            f->i = w->i;
            break;
        case WIRE_HR:
            f->type = VAL_HR;
            f->hr = w->hr;
            break;
        default:
            f->type = VAL_STR;
            f->s = text;
            memcpy(text, w->str, w->len);
            text[w->len] = '\0';
            text += w->len + 1u;
            break;
        }
    }
    ev->fields = fields;
    ev->nfields = msg->nfields;
    return 0;
}
