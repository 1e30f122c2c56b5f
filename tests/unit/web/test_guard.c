/* The connection guard with a clock the test moves and socket pairs for
 * connections: deadlines per state that only a change of state resets,
 * limits per address (IPv4, IPv6 /64) and in all, making room by ending the
 * oldest connection with nothing in progress, and refusing when there is
 * none. A connection counts as ended when its peer reads end-of-file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "web/guard.h"

static int64_t g_now;

static int64_t fake_clock(void *arg)
{
    (void)arg;
    return g_now;
}

typedef struct pair {
    int ours;  /* the server's end, given to the guard */
    int peer;  /* the client's end */
    kp_guard_conn *c;
} pair;

static struct sockaddr_in v4(const char *a)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    inet_pton(AF_INET, a, &sa.sin_addr);
    return sa;
}

static struct sockaddr_in6 v6(const char *a)
{
    struct sockaddr_in6 sa;
    memset(&sa, 0, sizeof sa);
    sa.sin6_family = AF_INET6;
    inet_pton(AF_INET6, a, &sa.sin6_addr);
    return sa;
}

static void open_pair(kp_guard *g, pair *p, const void *sa)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    p->ours = sv[0];
    p->peer = sv[1];
    p->c = kp_guard_open(g, p->ours, sa);
    assert_non_null(p->c);
}

/* Has the guard shut our end? The peer then reads end-of-file at once. */
static bool ended(const pair *p)
{
    char b;
    ssize_t n = recv(p->peer, &b, 1, MSG_DONTWAIT);
    return n == 0;
}

static void close_pair(kp_guard *g, pair *p)
{
    kp_guard_close(g, p->c);
    close(p->ours);
    close(p->peer);
    memset(p, 0, sizeof *p);
}

static kp_guard *guard(size_t max, size_t per_address)
{
    kp_guard_limits lim = {.max_connections = max,
                           .max_per_address = per_address,
                           .header_ms = 10000,
                           .keepalive_ms = 5000,
                           .body_ms = 30000,
                           .response_ms = 120000,
                           .grace_ms = 2000};
    g_now = 1000000;
    return kp_guard_new(&lim, fake_clock, NULL);
}

/* Each state's deadline counts from when the state began; nothing a
 * client sends within a state moves it. */
static void test_deadlines(void **state)
{
    (void)state;
    kp_guard *g = guard(100, 0);
    struct sockaddr_in a = v4("192.0.2.1");
    pair waiting, idle, body, busy;
    open_pair(g, &waiting, &a);
    open_pair(g, &idle, &a);
    open_pair(g, &body, &a);
    open_pair(g, &busy, &a);
    assert_true(kp_guard_request(g, idle.c));
    kp_guard_busy(g, idle.c);
    kp_guard_idle(g, idle.c);
    assert_true(kp_guard_request(g, body.c));
    assert_true(kp_guard_request(g, busy.c));
    kp_guard_busy(g, busy.c);

    g_now += 4999;
    assert_int_equal(kp_guard_sweep(g), 0);
    g_now += 1; /* 5 s: the idle keep-alive */
    assert_int_equal(kp_guard_sweep(g), 1);
    assert_true(ended(&idle));
    assert_false(ended(&waiting));
    g_now += 5000; /* 10 s: the request head that never completed */
    assert_int_equal(kp_guard_sweep(g), 1);
    assert_true(ended(&waiting));
    assert_false(ended(&body));
    g_now += 20000; /* 30 s: the body */
    assert_int_equal(kp_guard_sweep(g), 1);
    assert_true(ended(&body));
    assert_false(ended(&busy));
    g_now += 90000; /* 120 s: the answer */
    assert_int_equal(kp_guard_sweep(g), 1);
    assert_true(ended(&busy));
    assert_int_equal(kp_guard_sweep(g), 0);

    kp_guard_stats st;
    kp_guard_stats_get(g, &st);
    assert_int_equal(st.open, 0);
    assert_int_equal(st.peak, 4);
    assert_int_equal(st.ended_header, 1);
    assert_int_equal(st.ended_keepalive, 1);
    assert_int_equal(st.ended_body, 1);
    assert_int_equal(st.ended_response, 1);
    /* Calls after the end change nothing; closing frees the entries. */
    kp_guard_idle(g, busy.c);
    assert_int_equal(kp_guard_sweep(g), 0);
    close_pair(g, &waiting);
    close_pair(g, &idle);
    close_pair(g, &body);
    close_pair(g, &busy);
    kp_guard_free(g);
}

/* A new request on a kept-alive connection starts its deadlines afresh. */
static void test_keepalive_request_resets(void **state)
{
    (void)state;
    kp_guard *g = guard(100, 0);
    struct sockaddr_in a = v4("192.0.2.1");
    pair p;
    open_pair(g, &p, &a);
    for (int i = 0; i < 5; i++) {
        g_now += 4000;
        assert_true(kp_guard_request(g, p.c));
        kp_guard_busy(g, p.c);
        kp_guard_idle(g, p.c);
        assert_int_equal(kp_guard_sweep(g), 0);
    }
    assert_false(ended(&p));
    close_pair(g, &p);
    kp_guard_free(g);
}

/* Over the per-address limit a newcomer makes room by ending the oldest
 * idle connection of that address at once, or one still waiting for its
 * request once it has had the grace time; connections with a request in
 * progress are never ended for room. Without room the request is refused. */
static void test_per_address(void **state)
{
    (void)state;
    kp_guard *g = guard(100, 2);
    struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
    pair p1, p2, p3, other;
    open_pair(g, &p1, &a);
    g_now += 10;
    open_pair(g, &p2, &a);
    open_pair(g, &other, &b); /* another address: not counted */
    g_now += 10;
    open_pair(g, &p3, &a);    /* over: p1 and p2 are too young to end */
    assert_false(ended(&p1));
    assert_false(ended(&p2));
    assert_false(kp_guard_request(g, p3.c));
    kp_guard_stats st;
    kp_guard_stats_get(g, &st);
    assert_int_equal(st.refused, 1);
    close_pair(g, &p3);

    /* After the grace time the oldest waiting one makes room. */
    g_now += 2000;
    open_pair(g, &p3, &a);
    assert_true(ended(&p1));
    assert_false(ended(&p2));
    assert_true(kp_guard_request(g, p3.c));
    close_pair(g, &p1);

    /* An idle keep-alive makes room at once, however young; one with a
     * request in progress (p2) never does. */
    assert_true(kp_guard_request(g, p2.c));
    kp_guard_busy(g, p3.c);
    kp_guard_idle(g, p3.c);
    pair p4;
    open_pair(g, &p4, &a);
    assert_true(ended(&p3));
    assert_false(ended(&p2));
    assert_true(kp_guard_request(g, p4.c));
    close_pair(g, &p3);

    /* Both in progress: nothing may be ended, the newcomer is refused,
     * however long it waits. */
    pair p5;
    open_pair(g, &p5, &a);
    g_now += 5000;
    assert_false(kp_guard_request(g, p5.c));
    assert_false(ended(&p2));
    assert_false(ended(&p4));
    close_pair(g, &p5); /* its 503 is sent with Connection: close */
    /* Once p2 is answered, a newcomer takes its place. */
    kp_guard_busy(g, p2.c);
    kp_guard_idle(g, p2.c);
    pair p6;
    open_pair(g, &p6, &a);
    assert_true(ended(&p2));
    assert_false(ended(&p4));
    assert_true(kp_guard_request(g, p6.c));
    assert_false(ended(&other));
    kp_guard_stats_get(g, &st);
    assert_int_equal(st.refused, 2);
    assert_int_equal(st.made_room, 3);
    close_pair(g, &p2);
    close_pair(g, &p4);
    close_pair(g, &p6);
    close_pair(g, &other);
    kp_guard_free(g);
}

/* The global limit makes room from anyone, oldest first. */
static void test_global(void **state)
{
    (void)state;
    kp_guard *g = guard(3, 0);
    struct sockaddr_in a = v4("192.0.2.1"), b = v4("198.51.100.7"), c = v4("203.0.113.9");
    pair p[5];
    open_pair(g, &p[0], &a);
    g_now += 100;
    open_pair(g, &p[1], &b);
    g_now += 100;
    open_pair(g, &p[2], &c);
    open_pair(g, &p[3], &c); /* over, nobody old enough */
    assert_false(kp_guard_request(g, p[3].c));
    close_pair(g, &p[3]);
    g_now += 3000;
    open_pair(g, &p[3], &c); /* the oldest, from another address, makes room */
    assert_true(ended(&p[0]));
    assert_false(ended(&p[1]));
    assert_true(kp_guard_request(g, p[3].c));
    /* The one that has waited longest in its state goes first, idle or
     * waiting for its first request. */
    assert_true(kp_guard_request(g, p[1].c));
    kp_guard_busy(g, p[1].c);
    g_now += 10;
    kp_guard_idle(g, p[1].c);
    g_now += 10;
    open_pair(g, &p[4], &a);
    assert_true(ended(&p[2])); /* waiting since the start */
    assert_false(ended(&p[1]));
    assert_true(kp_guard_request(g, p[4].c));
    pair q;
    open_pair(g, &q, &b);
    assert_true(ended(&p[1])); /* now the idle one */
    assert_false(ended(&p[3]));
    assert_false(ended(&p[4]));
    assert_true(kp_guard_request(g, q.c));
    close_pair(g, &q);
    for (int i = 0; i < 5; i++)
        close_pair(g, &p[i]);
    kp_guard_free(g);
}

/* IPv6 counts by /64; an IPv4-mapped address is the IPv4 address. */
static void test_addresses(void **state)
{
    (void)state;
    kp_guard *g = guard(100, 1);
    struct sockaddr_in6 x1 = v6("2001:db8:1:2::1"), x2 = v6("2001:db8:1:2:ffff::9"), y = v6("2001:db8:1:3::1");
    struct sockaddr_in6 mapped = v6("::ffff:192.0.2.1");
    struct sockaddr_in plain = v4("192.0.2.1");
    pair a, b, c, d, e;
    open_pair(g, &a, &x1);
    open_pair(g, &b, &x2); /* same /64 */
    assert_false(kp_guard_request(g, b.c));
    open_pair(g, &c, &y);  /* another /64 */
    assert_true(kp_guard_request(g, c.c));
    open_pair(g, &d, &plain);
    open_pair(g, &e, &mapped);
    assert_true(kp_guard_request(g, d.c));
    assert_false(kp_guard_request(g, e.c));
    close_pair(g, &a);
    close_pair(g, &b);
    close_pair(g, &c);
    close_pair(g, &d);
    close_pair(g, &e);
    /* No address at all: one shared slot; NULLs are fine. */
    pair f;
    open_pair(g, &f, NULL);
    assert_true(kp_guard_request(g, f.c));
    close_pair(g, &f);
    kp_guard_close(g, NULL);
    kp_guard_free(g);
    kp_guard_free(NULL);
}

/* Freeing with connections still registered leaks nothing (ASan). */
static void test_free_with_open(void **state)
{
    (void)state;
    kp_guard *g = guard(100, 0);
    struct sockaddr_in a = v4("192.0.2.1");
    pair p, q;
    open_pair(g, &p, &a);
    open_pair(g, &q, &a);
    kp_guard_free(g);
    close(p.ours);
    close(p.peer);
    close(q.ours);
    close(q.peer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadlines),  cmocka_unit_test(test_keepalive_request_resets),
        cmocka_unit_test(test_per_address), cmocka_unit_test(test_global),
        cmocka_unit_test(test_addresses),  cmocka_unit_test(test_free_with_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
