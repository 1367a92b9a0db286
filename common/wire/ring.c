/*
 * ring.c - the event ring (ring.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"

#define WAIT_STEP_NS 100000L

_Static_assert(sizeof(struct ring_header) <= RING_HEADER_SIZE, "the header fits its page");

void ring_init(struct ring *r)
{
    memset(r, 0, sizeof *r);
}

static int map_fd(struct ring *r, int fd, size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

    if (p == MAP_FAILED)
        return -1;
    r->map = p;
    r->map_len = len;
    r->hdr = p;
    r->data = (uint8_t *)p + RING_HEADER_SIZE;
    return 0;
}

int ring_create(struct ring *r, const char *path, uint64_t size)
{
    int fd, rc = -1, saved;

    ring_init(r);
    if (size == 0 || (size & (size - 1)) != 0 || size > (1ull << 30)) {
        errno = EINVAL;
        return -1;
    }
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    /* The blocks are reserved, not just the size set: a sparse file on a
     * full file system would map fine and then fault (SIGBUS) on the first
     * write that needs a block, in the profiler or here. */
    rc = posix_fallocate(fd, 0, (off_t)(RING_HEADER_SIZE + size));
    if (rc != 0) {
        errno = rc;
        rc = -1;
    } else if (map_fd(r, fd, RING_HEADER_SIZE + size) == 0) {
        r->hdr->magic = RING_MAGIC;
        r->hdr->size = size;
        atomic_store(&r->hdr->head, 0);
        atomic_store(&r->hdr->tail, 0);
        r->size = size;
    } else {
        rc = -1;
    }
    saved = errno;
    close(fd);
    if (rc < 0)
        unlink(path);
    errno = saved;
    return rc;
}

int ring_attach(struct ring *r, const char *path)
{
    struct stat st;
    int fd = open(path, O_RDWR | O_CLOEXEC), rc = -1, saved;

    ring_init(r);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0 && (size_t)st.st_size > RING_HEADER_SIZE &&
        map_fd(r, fd, (size_t)st.st_size) == 0) {
        uint64_t size = r->hdr->size;
        if (r->hdr->magic != RING_MAGIC || size == 0 || (size & (size - 1)) != 0 ||
            size != (uint64_t)st.st_size - RING_HEADER_SIZE) {
            ring_release(r);
            errno = EPROTO;
        } else {
            r->size = size;
            rc = 0;
        }
    }
    saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

void ring_release(struct ring *r)
{
    if (r->map)
        munmap(r->map, r->map_len);
    ring_init(r);
}

int ring_put(struct ring *r, const void *bytes, size_t len, int timeout_ms)
{
    uint64_t head = atomic_load_explicit(&r->hdr->head, memory_order_relaxed);
    uint64_t off, first;
    long waited_ns = 0;

    if (len > r->size) {
        errno = EMSGSIZE;
        return -1;
    }
    while (r->size - (head - atomic_load_explicit(&r->hdr->tail, memory_order_acquire)) < len) {
        struct timespec ts = {0, WAIT_STEP_NS};
        if (waited_ns >= (long)timeout_ms * 1000000L) {
            errno = ETIMEDOUT;
            return -1;
        }
        nanosleep(&ts, NULL);
        waited_ns += WAIT_STEP_NS;
    }
    off = head & (r->size - 1);
    first = r->size - off < len ? r->size - off : len;
    memcpy(r->data + off, bytes, first);
    memcpy(r->data, (const uint8_t *)bytes + first, len - first);
    atomic_store_explicit(&r->hdr->head, head + len, memory_order_release);
    return 0;
}

long ring_take(struct ring *r, uint8_t *buf, size_t cap)
{
    uint64_t tail = atomic_load_explicit(&r->hdr->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&r->hdr->head, memory_order_acquire);
    uint64_t n = head - tail, off, first;

    if (head < tail || n > r->size) {
        errno = EPROTO;
        return -1;
    }
    if (n > cap)
        n = cap;
    off = tail & (r->size - 1);
    first = r->size - off < n ? r->size - off : n;
    memcpy(buf, r->data + off, first);
    memcpy(buf + first, r->data, n - first);
    atomic_store_explicit(&r->hdr->tail, tail + n, memory_order_release);
    return (long)n;
}
