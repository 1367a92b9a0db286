/*
 * link.c - the profiler's end of the harness channel (docs/protocol.md).
 *
 * The profiler connects to the Unix socket the harness named, says HELLO,
 * waits for CONFIG, and from then on writes EVENT frames from whatever
 * thread a callback runs on (whole frames, under send_lock) while its own
 * command thread reads COMMAND frames and answers with REPLY frames.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/core.h"

int link_connect(const char *path)
{
    struct sockaddr_un addr;
    int fd;

    if (strlen(path) >= sizeof addr.sun_path)
        return -1;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    while (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        if (errno == EINTR)
            continue;
        close(fd);
        return -1;
    }
    prof.fd = fd;
    prof.connected = 1;
    return 0;
}

int link_write(const void *frame, size_t len)
{
    const uint8_t *p = frame;

    while (len > 0 && prof.connected) {
        ssize_t n = send(prof.fd, p, len, MSG_NOSIGNAL);

        if (n > 0) {
            p += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            /* The harness is gone: stop sending, let the app run on. */
            prof.connected = 0;
            return -1;
        }
    }
    return prof.connected ? 0 : -1;
}

/* How long an event waits for room in a full ring before recording stops. */
#define RING_WAIT_MS 10000

int link_write_event(const void *frame, size_t len)
{
    if (!prof.ring.map)
        return link_write(frame, len);
    if (!prof.connected)
        return -1;
    if (ring_put(&prof.ring, frame, len, RING_WAIT_MS) < 0) {
        /* The harness stopped reading: stop recording, let the app run on. */
        prof.connected = 0;
        return -1;
    }
    return 0;
}

int link_send(const void *frame, size_t len)
{
    int rc;

    pthread_mutex_lock(&prof.send_lock);
    rc = link_write(frame, len);
    pthread_mutex_unlock(&prof.send_lock);
    return rc;
}

int link_hello(const char *load_mode)
{
    uint8_t buf[1024];
    struct wire_writer w;
    long len;

    wire_writer_init(&w, buf, sizeof buf, WIRE_HELLO);
    wire_put_u64(&w, "pid", (uint64_t)getpid());
    wire_put_str(&w, "runtime-version", prof.runtime_version);
    wire_put_str(&w, "runtime-type", prof.runtime_type);
    wire_put_u64(&w, "info-version", (uint64_t)prof.info_version);
    wire_put_str(&w, "load", load_mode);
    wire_put_str(&w, "profiler-version", PROFCHECK_REF_VERSION);
    len = wire_writer_finish(&w);
    return len < 0 ? -1 : link_send(buf, (size_t)len);
}

void link_log(const char *fmt, ...)
{
    uint8_t buf[2048];
    char text[1536];
    struct wire_writer w;
    va_list ap;
    long len;

    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    wire_writer_init(&w, buf, sizeof buf, WIRE_LOG);
    wire_put_str(&w, "text", text);
    len = wire_writer_finish(&w);
    if (len > 0)
        link_send(buf, (size_t)len);
}

void link_bye(void)
{
    uint8_t buf[64];
    struct wire_writer w;
    long len;

    wire_writer_init(&w, buf, sizeof buf, WIRE_BYE);
    len = wire_writer_finish(&w);
    if (len > 0)
        link_send(buf, (size_t)len);
}

/*
 * Reads until a whole frame is buffered.  Returns 1 with *msg decoded from
 * prof.rbuf and *used its length, 0 on EOF or timeout, -1 on garbage.
 */
static int read_frame(struct wire_msg *msg, size_t *used, int timeout_ms)
{
    for (;;) {
        int rc = wire_decode(prof.rbuf, prof.rlen, msg, used);
        ssize_t n;

        if (rc != 0)
            return rc < 0 ? -1 : 1;
        if (timeout_ms >= 0) {
            struct pollfd pfd = {prof.fd, POLLIN, 0};
            int pr = poll(&pfd, 1, timeout_ms);
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr <= 0)
                return 0;
        } else if (prof.wake_fd >= 0) {
            /* The command thread: the socket, or work a callback handed over. */
            struct pollfd pfd[2] = {{prof.fd, POLLIN, 0}, {prof.wake_fd, POLLIN, 0}};
            int pr = poll(pfd, 2, -1);
            if (pr < 0 && errno == EINTR)
                continue;
            if (pr < 0)
                return 0;
            if (pfd[1].revents & POLLIN) {
                uint64_t count;
                if (read(prof.wake_fd, &count, sizeof count) < 0 && errno != EAGAIN)
                    return 0;
                if (prof.on_wake && !prof.shutdown)
                    prof.on_wake();
            }
            if (!(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
        }
        n = read(prof.fd, prof.rbuf + prof.rlen, sizeof prof.rbuf - prof.rlen);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        prof.rlen += (size_t)n;
    }
}

static void consume(size_t used)
{
    memmove(prof.rbuf, prof.rbuf + used, prof.rlen - used);
    prof.rlen -= used;
}

int link_await_config(int timeout_ms, void (*apply)(const struct wire_msg *config))
{
    struct wire_msg msg;
    size_t used;

    if (read_frame(&msg, &used, timeout_ms) != 1 || msg.kind != WIRE_CONFIG)
        return -1;
    apply(&msg);
    consume(used);
    return 0;
}

static void *command_main(void *arg)
{
    struct wire_msg *msg = arg;
    size_t used;
    cp_hr hr = prof.info->vtbl->InitializeCurrentThread(prof.info);

    if (CP_FAILED(hr))
        link_log("InitializeCurrentThread on the command thread failed: 0x%08X", (unsigned)hr);
    for (;;) {
        int rc = read_frame(msg, &used, -1);

        if (rc <= 0)
            break;
        if (msg->kind == WIRE_COMMAND && !prof.shutdown)
            prof.command_run(msg);
        consume(used);
    }
    return NULL;
}

void link_wake(void)
{
    uint64_t one = 1;

    if (prof.wake_fd >= 0 && write(prof.wake_fd, &one, sizeof one) < 0)
        return; /* the counter is full: the thread is awake anyway */
}

int link_start_commands(void (*run)(const struct wire_msg *command))
{
    prof.command_run = run;
    prof.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    /* Joinable: a detach waits for it (link_stop_commands). */
    if (pthread_create(&prof.command_thread, NULL, command_main, &prof.command_msg) != 0)
        return -1;
    prof.command_thread_started = 1;
    return 0;
}

void link_stop_commands(void)
{
    pthread_mutex_lock(&prof.send_lock);
    prof.connected = 0;
    if (prof.fd >= 0)
        shutdown(prof.fd, SHUT_RDWR); /* the command thread's read returns 0 */
    ring_release(&prof.ring);
    pthread_mutex_unlock(&prof.send_lock);
    if (prof.command_thread_started && !pthread_equal(pthread_self(), prof.command_thread)) {
        pthread_join(prof.command_thread, NULL);
        prof.command_thread_started = 0;
        if (prof.wake_fd >= 0) {
            int fd = prof.wake_fd;
            prof.wake_fd = -1;
            close(fd);
        }
    }
    if (prof.fd >= 0) {
        close(prof.fd);
        prof.fd = -1;
    }
}
