/*
 * emit.c - builds one EVENT frame on the caller's stack and sends it whole.
 *
 * Every event starts with the fields seq, event, thread and time.  The
 * sequence number is written last, under the send lock, so that the order
 * of seq is the order of the frames on the channel.
 */
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"

/* Offset of seq's value: header, type byte, key length byte, "seq". */
#define SEQ_VALUE_OFFSET (WIRE_HEADER_SIZE + 2 + 3)

/* The calling thread's id, asked of the kernel once per thread. */
static uint64_t thread_id(void)
{
    static _Thread_local uint64_t tid;

    if (!tid)
        tid = (uint64_t)syscall(SYS_gettid);
    return tid;
}

void emit_begin(struct emit *em, const char *event)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    wire_writer_init(&em->w, em->buf, sizeof em->buf, WIRE_EVENT);
    wire_put_u64(&em->w, "seq", 0);
    wire_put_str(&em->w, "event", event);
    wire_put_u64(&em->w, "thread", thread_id());
    wire_put_u64(&em->w, "time", (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

void emit_u64(struct emit *em, const char *key, uint64_t v)
{
    wire_put_u64(&em->w, key, v);
}

void emit_hr(struct emit *em, const char *key, cp_hr hr)
{
    wire_put_hr(&em->w, key, hr);
}

void emit_str(struct emit *em, const char *key, const char *s)
{
    wire_put_str(&em->w, key, s);
}

void emit_send(struct emit *em)
{
    long len = wire_writer_finish(&em->w);
    uint64_t seq;

    if (len < 0 || !prof.connected)
        return;
    pthread_mutex_lock(&prof.send_lock);
    seq = ++prof.seq;
    for (int i = 0; i < 8; i++)
        em->buf[SEQ_VALUE_OFFSET + i] = (uint8_t)(seq >> (8 * i));
    link_write_event(em->buf, (size_t)len);
    if (prof.after_event)
        prof.after_event(seq); /* under the lock: nothing else is written in between */
    pthread_mutex_unlock(&prof.send_lock);
}
