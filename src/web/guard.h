/* The connection guard: every open HTTP connection with its peer address,
 * what it is doing and since when, so that no client holds the server by
 * opening connections and sending slowly or nothing at all.
 *
 * A connection is in one of four states, each with a deadline that only a
 * change of state resets (bytes trickling in do not):
 *   waiting   connected, request headers not complete yet   header_ms
 *   idle      answered, next request not complete yet       keepalive_ms
 *   body      headers complete, body still arriving         body_ms
 *   busy      handler running, answer being sent            response_ms
 * kp_guard_sweep ends connections past their deadline. Ending is
 * shutdown(fd, SHUT_RDWR) under the guard's lock; kp_guard_close takes the
 * same lock, and the HTTP library calls it before it closes the fd, so an
 * fd is never shut after it has been closed and reused.
 *
 * Limits: at most max_per_address connections from one IPv4 address (or
 * IPv6 /64) and max_connections in all. A new connection over a limit makes
 * room by ending the oldest connection that has nothing in progress (an
 * idle keep-alive, or one waiting longer than grace_ms for its request) of
 * the same address, or of anyone for the global limit. When there is none,
 * the new connection is "over": its request is refused (the caller answers
 * 503 and closes) unless room has appeared by the time it arrives.
 *
 * Thread-safe: every function takes the guard's lock. */
#ifndef KOPA_WEB_GUARD_H
#define KOPA_WEB_GUARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct kp_guard kp_guard;
typedef struct kp_guard_conn kp_guard_conn;
/* Monotonic milliseconds. */
typedef int64_t (*kp_guard_clock)(void *arg);

typedef struct kp_guard_limits {
    size_t max_connections;  /* ≥ 1 */
    size_t max_per_address;  /* 0: no limit */
    int64_t header_ms;       /* deadlines; 0: none for that state */
    int64_t keepalive_ms;
    int64_t body_ms;
    int64_t response_ms;
    int64_t grace_ms;        /* a waiting connection younger than this is not ended to make room */
} kp_guard_limits;

typedef struct kp_guard_stats {
    size_t open;             /* connections not ended */
    size_t peak;             /* most open at once */
    uint64_t ended_header;   /* ended by each deadline */
    uint64_t ended_keepalive;
    uint64_t ended_body;
    uint64_t ended_response;
    uint64_t made_room;      /* ended to make room for a newer connection */
    uint64_t refused;        /* requests refused for being over a limit */
} kp_guard_stats;

/* A guard with the given limits; clock NULL: CLOCK_MONOTONIC. Free with
 * kp_guard_free once every connection has been closed. */
kp_guard *kp_guard_new(const kp_guard_limits *lim, kp_guard_clock clock, void *clock_arg);
/* Frees the guard and whatever connections are still registered (without
 * touching their fds). NULL is fine. */
void kp_guard_free(kp_guard *g);

/* Registers a new connection on socket fd from sa (NULL or an unknown
 * family: counted as one shared address). Never NULL; the entry is the
 * guard's and lives until kp_guard_close. */
kp_guard_conn *kp_guard_open(kp_guard *g, int fd, const struct sockaddr *sa);
/* The request's headers are complete. true: serve it (the connection is
 * now receiving the body); false: it is over a limit and no room could be
 * made: answer 503 and close the connection. */
bool kp_guard_request(kp_guard *g, kp_guard_conn *c);
/* The body is complete: the handler runs and the answer is sent. */
void kp_guard_busy(kp_guard *g, kp_guard_conn *c);
/* The answer was sent (or the request abandoned): the connection waits
 * for its next request. */
void kp_guard_idle(kp_guard *g, kp_guard_conn *c);
/* Forgets the connection. Call before its fd is closed; after this the
 * guard never touches the fd. NULL is fine. */
void kp_guard_close(kp_guard *g, kp_guard_conn *c);

/* Ends every connection past its state's deadline; returns how many. */
size_t kp_guard_sweep(kp_guard *g);
/* A copy of the counters. */
void kp_guard_stats_get(kp_guard *g, kp_guard_stats *out);

#endif
