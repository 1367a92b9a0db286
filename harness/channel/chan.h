/*
 * chan.h - the harness end of the channel: a Unix stream socket in the run's
 * private 0700 directory, one profiler connection, frames in both ways.
 */
#ifndef PROFCHECK_CHAN_H
#define PROFCHECK_CHAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "../model/event.h"
#include "../util/err.h"
#include "wire/ring.h"
#include "wire/wire.h"

/* Bytes taken out of the ring at a time: room for a few frames of the largest size. */
#define RING_TAKE_MAX (4u * (WIRE_HEADER_SIZE + WIRE_MAX_PAYLOAD))

struct chan {
    int listen_fd;
    int fd;          /* the accepted profiler connection, -1 before and after */
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    uint8_t *in;     /* bytes received; [start, inlen) not yet decoded */
    size_t start;
    size_t inlen;
    size_t incap;
    size_t consumed; /* length of the frame last handed out by chan_next */
    struct ring ring;         /* the event ring, when one was made (map NULL otherwise) */
    char ring_path[sizeof(((struct sockaddr_un *)0)->sun_path) + 16];
    uint8_t *rin;             /* bytes taken from the ring; [rstart, rinlen) not yet decoded */
    size_t rstart, rinlen, rincap, rconsumed;
    int connected;   /* a connection was accepted at some point */
    int eof;         /* the connection is closed */
    int extra;       /* further connection attempts, refused */
    int foreign;     /* connections refused because of who made them */
    char foreign_why[256]; /* the first such refusal, or "" */
    pid_t owner;     /* only this process and its descendants may connect (0: any of our uid) */
    char error[256]; /* protocol error that closed the connection, or "" */
};

void chan_init(struct chan *ch);
/* Listens at dir/channel.sock. */
int chan_listen(struct chan *ch, const char *dir, struct err *e);
/* Accepts a pending connection (listen_fd readable); 0 or -1.  A peer of
 * another uid, or outside the owner's process tree (SO_PEERCRED), is
 * refused and counted in foreign. */
int chan_accept(struct chan *ch, struct err *e);
/* Reads what is available.  Returns 0, or -1 on a read error (sets eof). */
int chan_fill(struct chan *ch);
/* Takes the next whole frame out of the buffer: 1 with *msg set (valid until
 * the next chan_* call), 0 when none is complete, -1 on a malformed frame
 * (the connection is then closed and ch->error says why). */
int chan_next(struct chan *ch, struct wire_msg *msg);
/* Makes the event ring at dir/events.ring (ring.h).  0 or -1. */
int chan_ring_create(struct chan *ch, const char *dir, struct err *e);
/* The next EVENT frame from the ring, as chan_next: 1, 0 (none complete),
 * or -1 when the ring's content breaks the protocol (ch->error says why;
 * the ring is then no longer read). */
int chan_ring_next(struct chan *ch, struct wire_msg *msg);
/* Sends one frame (blocking, bounded by the socket's buffer). */
int chan_send(struct chan *ch, const void *frame, size_t len, struct err *e);
void chan_release(struct chan *ch);

/* 1 when pid is ancestor or one of its descendants (by /proc parent links). */
int chan_pid_in_tree(pid_t pid, pid_t ancestor);

/* EVENT frame -> event (fields copied). 0 or -1. */
int chan_msg_to_event(const struct wire_msg *msg, struct event *ev);

#endif
