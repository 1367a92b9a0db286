/*
 * ring.h - the event ring: a file in the run's private directory that the
 * harness and the profiler both map, through which the profiler's EVENT
 * frames travel (docs/protocol.md, "The event ring").
 *
 * One producer (the profiler, under its send lock) appends whole wire
 * frames; one consumer (the harness) takes bytes out.  head and tail count
 * bytes ever written and taken; the data wraps around.  A frame in the
 * ring costs the profiler a copy, not a system call and a wakeup, and
 * survives a crash of the app as the socket's buffer would.  Shared by the
 * harness and the reference profiler; no allocation, errno on failure.
 */
#ifndef PROFCHECK_RING_H
#define PROFCHECK_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define RING_MAGIC 0x31474E4952435050ull /* "PPCRING1" */
#define RING_HEADER_SIZE 4096u
#define RING_DEFAULT_SIZE (1u << 20)

struct ring_header {
    uint64_t magic;
    uint64_t size;                /* bytes of data after the header: a power of two */
    _Alignas(64) _Atomic uint64_t head; /* written by the producer */
    _Alignas(64) _Atomic uint64_t tail; /* written by the consumer */
};

struct ring {
    void *map;
    size_t map_len;
    struct ring_header *hdr;
    uint8_t *data;
    uint64_t size;
};

void ring_init(struct ring *r);
/* The harness: creates the file at path (O_EXCL, 0600) with size bytes of
 * data (a power of two), its blocks reserved (posix_fallocate), and maps
 * it.  0, or -1 with errno (ENOSPC on a full file system; no file is left). */
int ring_create(struct ring *r, const char *path, uint64_t size);
/* The profiler: maps an existing ring and checks its header.  0, or -1
 * with errno (EPROTO for a header that is not a ring's). */
int ring_attach(struct ring *r, const char *path);
void ring_release(struct ring *r);

/*
 * Appends len bytes, waiting up to timeout_ms while the ring is too full.
 * 0, or -1: EMSGSIZE (never fits), ETIMEDOUT (the consumer does not take
 * anything).  One producer at a time.
 */
int ring_put(struct ring *r, const void *bytes, size_t len, int timeout_ms);

/*
 * Takes up to cap bytes into buf; returns how many, or -1 with EPROTO when
 * the producer's head is impossible (ahead by more than the ring holds, or
 * behind the tail).  One consumer at a time.
 */
long ring_take(struct ring *r, uint8_t *buf, size_t cap);

#endif
