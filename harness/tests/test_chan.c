/*
 * test_chan.c - the channel belongs to the run: a peer outside the app's
 * process tree is refused (SO_PEERCRED), one inside is accepted.
 */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "../channel/chan.h"

void test_register(void);

static int connect_to(const char *path)
{
    struct sockaddr_un addr;
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Accepts until n connections were handled (accepted or refused). */
static void accept_n(struct chan *ch, int n)
{
    for (int tries = 0; tries < 200 && ch->connected + ch->foreign + ch->extra < n; tries++) {
        struct pollfd pfd = {ch->listen_fd, POLLIN, 0};
        struct err e;
        err_init(&e);
        if (poll(&pfd, 1, 50) > 0)
            CU_ASSERT_EQUAL(chan_accept(ch, &e), 0);
    }
}

static void test_tree(void)
{
    CU_ASSERT_TRUE(chan_pid_in_tree(getpid(), getpid()));
    CU_ASSERT_TRUE(chan_pid_in_tree(getpid(), getppid()));
    CU_ASSERT_FALSE(chan_pid_in_tree(getppid(), getpid()));
}

static void test_foreign_refused(void)
{
    char dir[] = "/tmp/profcheck-chan-XXXXXX";
    int go[2], self_fd;
    struct chan ch;
    struct err e;
    pid_t child;
    char c = 0;

    CU_ASSERT_FATAL(mkdtemp(dir) != NULL);
    CU_ASSERT_FATAL(pipe(go) == 0);
    chan_init(&ch);
    err_init(&e);
    CU_ASSERT_EQUAL_FATAL(chan_listen(&ch, dir, &e), 0);

    child = fork();
    CU_ASSERT_FATAL(child >= 0);
    if (child == 0) {
        /* The app: connects, then waits to be told to go. */
        int fd = connect_to(ch.path);
        char b;
        close(go[1]);
        if (read(go[0], &b, 1) < 0)
            _exit(2);
        _exit(fd >= 0 ? 0 : 1);
    }
    close(go[0]);
    ch.owner = child;
    accept_n(&ch, 1);
    CU_ASSERT_EQUAL(ch.connected, 1);
    CU_ASSERT_EQUAL(ch.foreign, 0);

    /* This test process is the app's parent, not part of its tree. */
    self_fd = connect_to(ch.path);
    CU_ASSERT(self_fd >= 0);
    accept_n(&ch, 2);
    CU_ASSERT_EQUAL(ch.foreign, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(ch.foreign_why, "outside the app's process tree"));
    if (self_fd >= 0)
        close(self_fd);

    CU_ASSERT_EQUAL(write(go[1], &c, 1), 1);
    close(go[1]);
    waitpid(child, NULL, 0);
    chan_release(&ch);
    unlink(ch.path);
    rmdir(dir);
}

void test_register(void)
{
    CU_pSuite s = CU_add_suite("chan", NULL, NULL);

    CU_add_test(s, "process tree", test_tree);
    CU_add_test(s, "a peer outside the app's tree is refused", test_foreign_refused);
}
