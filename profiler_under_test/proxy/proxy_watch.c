/*
 * proxy_watch.c - which callback of the agent's each thread is inside
 * (proxy.h): the innermost one, which AgentCall events name (proxy_info.c),
 * and the outermost one with the time it began, which the watchdog looks
 * at (proxy.c).
 */
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proxy/proxy.h"

#define WATCH_MAX 512

struct watch {
    atomic_long tid;             /* 0: free */
    _Atomic(const char *) name;  /* the outermost callback, NULL when none */
    atomic_ullong since_ns;
    atomic_int reported;
};

static struct watch watches[WATCH_MAX];
static _Thread_local int my_watch = -1;
static _Thread_local const char *current;
static _Thread_local int depth;
static pthread_key_t watch_key;
static pthread_once_t watch_once = PTHREAD_ONCE_INIT;

uint64_t proxy_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void watch_free(void *arg)
{
    struct watch *w = arg;

    w->name = NULL;
    w->tid = 0;
}

static void watch_key_make(void)
{
    pthread_key_create(&watch_key, watch_free);
}

static struct watch *watch_mine(void)
{
    if (my_watch < 0) {
        long tid = (long)syscall(SYS_gettid);
        pthread_once(&watch_once, watch_key_make);
        for (int i = 0; i < WATCH_MAX; i++) {
            long expect = 0;
            if (atomic_compare_exchange_strong(&watches[i].tid, &expect, tid)) {
                my_watch = i;
                pthread_setspecific(watch_key, &watches[i]);
                break;
            }
        }
        if (my_watch < 0)
            return NULL; /* more threads than slots: this one is not watched */
    }
    return &watches[my_watch];
}

void proxy_enter(struct proxy_frame *f, const char *name)
{
    f->saved = current;
    current = name;
    if (depth++ == 0) {
        struct watch *w = watch_mine();
        if (w) {
            w->since_ns = proxy_now_ns();
            w->reported = 0;
            w->name = name;
        }
    }
}

void proxy_leave(struct proxy_frame *f)
{
    current = f->saved;
    if (--depth == 0 && my_watch >= 0)
        watches[my_watch].name = NULL;
}

const char *proxy_current_callback(void)
{
    return current;
}

void proxy_overdue(uint64_t now, uint64_t limit_ns, void (*hung)(const char *callback, long tid, uint64_t ms))
{
    for (int i = 0; i < WATCH_MAX; i++) {
        struct watch *w = &watches[i];
        const char *name = w->name;
        uint64_t since = w->since_ns;

        if (!name || w->reported || now < since || now - since < limit_ns)
            continue;
        w->reported = 1;
        hung(name, (long)w->tid, (now - since) / 1000000u);
    }
}
