/*
 * test_ring.c - the event ring (channel/ring.c) and the harness reading
 * EVENT frames out of it (chan_ring_next): bytes in order across the wrap,
 * a full ring that times out, headers that are not a ring's, a producer
 * whose head lies, frames the ring must not carry, and no ring where its
 * blocks cannot be had.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "../channel/chan.h"
#include "wire/ring.h"

void test_register(void);

static char dir[] = "/tmp/profcheck-ring-XXXXXX";

static int suite_init(void)
{
    return mkdtemp(dir) ? 0 : -1;
}

static int suite_clean(void)
{
    char path[256];

    snprintf(path, sizeof path, "%s/r", dir);
    unlink(path);
    return rmdir(dir);
}

static void path_of(char *buf, size_t size)
{
    snprintf(buf, size, "%s/r", dir);
    unlink(buf);
}

static void test_wraps_in_order(void)
{
    struct ring prod, cons;
    uint8_t in[700], out[4096];
    char path[256];
    uint64_t total = 0, taken = 0;

    path_of(path, sizeof path);
    CU_ASSERT_EQUAL_FATAL(ring_create(&cons, path, 1024), 0);
    CU_ASSERT_EQUAL_FATAL(ring_attach(&prod, path), 0);
    CU_ASSERT_EQUAL(prod.size, 1024);
    /* 700-byte pieces through a 1024-byte ring: every other one wraps. */
    for (int round = 0; round < 20; round++) {
        long n;
        for (size_t i = 0; i < sizeof in; i++)
            in[i] = (uint8_t)(total + i);
        CU_ASSERT_EQUAL_FATAL(ring_put(&prod, in, sizeof in, 0), 0);
        total += sizeof in;
        n = ring_take(&cons, out, sizeof out);
        CU_ASSERT_EQUAL_FATAL(n, (long)sizeof in);
        for (long i = 0; i < n; i++)
            CU_ASSERT_EQUAL_FATAL(out[i], (uint8_t)(taken + (uint64_t)i));
        taken += (uint64_t)n;
    }
    CU_ASSERT_EQUAL(ring_take(&cons, out, sizeof out), 0);
    ring_release(&prod);
    ring_release(&cons);
}

static void test_full_and_too_big(void)
{
    struct ring prod, cons;
    uint8_t buf[1024] = {0};
    char path[256];

    path_of(path, sizeof path);
    CU_ASSERT_EQUAL_FATAL(ring_create(&cons, path, 1024), 0);
    CU_ASSERT_EQUAL_FATAL(ring_attach(&prod, path), 0);
    CU_ASSERT_EQUAL(ring_put(&prod, buf, 1000, 0), 0);
    errno = 0;
    CU_ASSERT_EQUAL(ring_put(&prod, buf, 100, 1), -1);
    CU_ASSERT_EQUAL(errno, ETIMEDOUT);
    errno = 0;
    CU_ASSERT_EQUAL(ring_put(&prod, buf, 1025, 0), -1);
    CU_ASSERT_EQUAL(errno, EMSGSIZE);
    /* Taking only part frees only that part. */
    CU_ASSERT_EQUAL(ring_take(&cons, buf, 50), 50);
    CU_ASSERT_EQUAL(ring_put(&prod, buf, 74, 0), 0);
    CU_ASSERT_EQUAL(ring_put(&prod, buf, 1, 0), -1);
    ring_release(&prod);
    ring_release(&cons);
}

static void test_refusals(void)
{
    struct ring r, cons;
    char path[256];
    FILE *f;

    path_of(path, sizeof path);
    CU_ASSERT_EQUAL(ring_create(&r, path, 1000), -1); /* not a power of two */
    CU_ASSERT_EQUAL(errno, EINVAL);
    f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < 8192; i++)
        fputc('x', f);
    fclose(f);
    CU_ASSERT_EQUAL(ring_attach(&r, path), -1);
    CU_ASSERT_EQUAL(errno, EPROTO);
    CU_ASSERT_EQUAL(ring_create(&r, path, 1024), -1); /* the file exists */
    CU_ASSERT_EQUAL(errno, EEXIST);
    unlink(path);
    CU_ASSERT_EQUAL(ring_attach(&r, path), -1);
    CU_ASSERT_EQUAL(errno, ENOENT);

    /* A head that runs ahead of what the ring holds, or behind the tail. */
    CU_ASSERT_EQUAL_FATAL(ring_create(&cons, path, 1024), 0);
    {
        uint8_t buf[64];
        atomic_store(&cons.hdr->head, 2048);
        CU_ASSERT_EQUAL(ring_take(&cons, buf, sizeof buf), -1);
        CU_ASSERT_EQUAL(errno, EPROTO);
        atomic_store(&cons.hdr->tail, 100);
        atomic_store(&cons.hdr->head, 50);
        CU_ASSERT_EQUAL(ring_take(&cons, buf, sizeof buf), -1);
        /* The consumer keeps the size it made, whatever the header says now. */
        cons.hdr->size = 1u << 30;
        atomic_store(&cons.hdr->head, 100 + 4096);
        CU_ASSERT_EQUAL(ring_take(&cons, buf, sizeof buf), -1);
    }
    ring_release(&cons);
}

static size_t frame(uint8_t *buf, size_t size, enum wire_kind kind, const char *event)
{
    struct wire_writer w;
    long len;

    wire_writer_init(&w, buf, size, kind);
    wire_put_str(&w, "event", event);
    len = wire_writer_finish(&w);
    CU_ASSERT_FATAL(len > 0);
    return (size_t)len;
}

static void test_chan_reads_events(void)
{
    struct chan ch;
    struct ring prod;
    struct wire_msg msg;
    struct err e;
    uint8_t buf[256];
    int got = 0;

    chan_init(&ch);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(chan_ring_create(&ch, dir, &e), 0);
    CU_ASSERT_EQUAL_FATAL(ring_attach(&prod, ch.ring_path), 0);
    CU_ASSERT_EQUAL(chan_ring_next(&ch, &msg), 0);
    for (int i = 0; i < 3000; i++) {
        char name[32];
        snprintf(name, sizeof name, "E%d", i);
        CU_ASSERT_EQUAL_FATAL(ring_put(&prod, buf, frame(buf, sizeof buf, WIRE_EVENT, name), 0), 0);
        if (i % 7 == 6) {
            while (chan_ring_next(&ch, &msg) == 1) {
                const struct wire_field *f = wire_msg_get(&msg, "event");
                char want[32];
                snprintf(want, sizeof want, "E%d", got++);
                CU_ASSERT_FATAL(f && f->len == strlen(want) && memcmp(f->str, want, f->len) == 0);
            }
        }
    }
    while (chan_ring_next(&ch, &msg) == 1) {
        if (++got == 3000) {
            /* The event made of the last frame: one block, which grows when a field is added. */
            struct event ev;
            CU_ASSERT_EQUAL_FATAL(chan_msg_to_event(&msg, &ev), 0);
            CU_ASSERT_PTR_NOT_NULL(ev.block);
            CU_ASSERT_STRING_EQUAL(event_name(&ev), "E2999");
            CU_ASSERT_EQUAL(event_add_u64(&ev, "seq", 7), 0);
            CU_ASSERT_PTR_NULL(ev.block);
            CU_ASSERT_STRING_EQUAL(event_name(&ev), "E2999");
            CU_ASSERT_EQUAL(event_get(&ev, "seq")->u, 7);
            event_release(&ev);
        }
    }
    CU_ASSERT_EQUAL(got, 3000);
    CU_ASSERT_STRING_EQUAL(ch.error, "");

    /* Only EVENT frames may come through the ring. */
    CU_ASSERT_EQUAL(ring_put(&prod, buf, frame(buf, sizeof buf, WIRE_BYE, "x"), 0), 0);
    CU_ASSERT_EQUAL(chan_ring_next(&ch, &msg), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(ch.error, "the profiler broke the event ring: a frame other than EVENT"));
    CU_ASSERT_PTR_NULL(ch.ring.map);
    CU_ASSERT_EQUAL(chan_ring_next(&ch, &msg), 0); /* and it is not read any more */
    ring_release(&prod);
    chan_release(&ch);

    /* Garbage is a broken ring too. */
    chan_init(&ch);
    CU_ASSERT_EQUAL_FATAL(chan_ring_create(&ch, dir, &e), 0);
    CU_ASSERT_EQUAL_FATAL(ring_attach(&prod, ch.ring_path), 0);
    CU_ASSERT_EQUAL(ring_put(&prod, "not a frame of anything", 23, 0), 0);
    CU_ASSERT_EQUAL(chan_ring_next(&ch, &msg), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(ch.error, "the profiler broke the event ring"));
    ring_release(&prod);
    {
        char made[sizeof ch.ring_path];
        memcpy(made, ch.ring_path, sizeof made);
        chan_release(&ch);
        CU_ASSERT_EQUAL(access(made, F_OK), -1); /* the ring's file goes with the channel */
    }
}

/* On a file system with less room than the ring (a 256 KiB tmpfs, when this
 * test may mount one) no ring is made: a sparse ring would map fine and
 * then fault (SIGBUS) on the first write into a block that cannot be had. */
static void test_full_file_system(void)
{
    char fs[] = "/tmp/profcheck-ringfs-XXXXXX", path[64];
    struct ring r;

    if (geteuid() != 0 || !mkdtemp(fs))
        return;
    if (mount("tmpfs", fs, "tmpfs", 0, "size=256k") == 0) {
        snprintf(path, sizeof path, "%s/r", fs);
        errno = 0;
        CU_ASSERT_EQUAL(ring_create(&r, path, RING_DEFAULT_SIZE), -1);
        CU_ASSERT_EQUAL(errno, ENOSPC);
        CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0); /* nothing left behind */
        if (r.map)
            ring_release(&r);
        umount2(fs, MNT_DETACH);
    }
    rmdir(fs);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("ring", suite_init, suite_clean);

    CU_add_test(s, "bytes in order across the wrap", test_wraps_in_order);
    CU_add_test(s, "full, too big", test_full_and_too_big);
    CU_add_test(s, "refusals", test_refusals);
    CU_add_test(s, "chan reads events out of it", test_chan_reads_events);
    CU_add_test(s, "no ring on a full file system", test_full_file_system);
}
