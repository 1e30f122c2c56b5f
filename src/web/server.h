/* The HTTP server: libmicrohttpd with a thread pool over epoll, one
 * database connection per worker from a small pool, the access log, limits
 * and deadlines per connection (guard.h), and a graceful stop (stop
 * accepting, finish what is in flight, close the DB). */
#ifndef KOPA_WEB_SERVER_H
#define KOPA_WEB_SERVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/result.h"
#include "service/quality/checks.h"

typedef struct kp_web_app kp_web_app;
typedef int64_t (*kp_clock_fn)(void *arg);

typedef struct kp_web_options {
    const char *db_path;      /* an initialised database (its key file next to it) */
    const char *listen;       /* "127.0.0.1:8080"; port 0 picks a free port */
    unsigned threads;         /* worker threads (≥ 2); 0 means 4 */
    bool secure_cookies;      /* cookies get Secure (the site is served over TLS) */
    bool trust_proxy;         /* honour X-Forwarded-Proto/-For from a reverse proxy */
    bool access_log;          /* one line per request on stderr */
    kp_clock_fn clock;        /* Unix seconds; NULL = the system clock (tests move it) */
    void *clock_arg;
    /* Limits against clients that hold connections (0: the default). */
    unsigned max_connections;   /* open connections before new requests get 503; default from
                                   the open-file limit, at most 16384 */
    unsigned max_per_address;   /* per IPv4 address or IPv6 /64; default 1024 (fewer when the
                                   open-file limit is low), none with trust_proxy;
                                   KP_WEB_NO_LIMIT: none */
    unsigned header_timeout;    /* seconds from connecting (or from the previous answer) until a
                                   request's headers are complete; default 10 */
    unsigned keepalive_timeout; /* seconds an answered connection may wait for its next request's
                                   headers; default 5 */
    unsigned body_timeout;      /* seconds for a request's body to arrive whole; default 30 */
    unsigned statistics_every;  /* seconds between two kp_store_optimize of a pooled connection,
                                   done by a background thread; default 3600 */
} kp_web_options;

#define KP_WEB_NO_LIMIT 0xFFFFFFFFu

/* The limits a running server applies, after defaults and the open-file
 * limit (for the start-up message and tests). */
typedef struct kp_web_limits {
    unsigned long open_files;      /* RLIMIT_NOFILE when it started */
    unsigned max_connections;      /* over it: 503 (after making room) */
    unsigned hard_connections;     /* over it: not accepted at all */
    unsigned max_per_address;      /* 0: none */
    unsigned header_timeout, keepalive_timeout, body_timeout, response_timeout; /* seconds */
} kp_web_limits;

/* Checks the route table, opens the database pool (an existing database
 * only) and the key (refused when it belongs to another database, or is
 * missing while the database records its check value), and starts
 * listening. On failure returns non-zero with a message in err. The app is
 * freed by kp_web_stop. */
kp_rc kp_web_start(const kp_web_options *o, kp_web_app **out, char *err, size_t errlen);
/* The limits in force. */
void kp_web_get_limits(const kp_web_app *app, kp_web_limits *out);
/* The port actually listened on. */
unsigned kp_web_port(const kp_web_app *app);
/* The counts of data-quality findings on start pages are at most this old
 * (the /check page itself is always computed afresh). */
#define KP_WEB_CHECK_CACHE_SECONDS 300u
/* The app's cache of today's findings (owned by the app); NULL for NULL. */
kp_check_cache *kp_web_check_cache(kp_web_app *app);

/* Stops accepting, waits (up to 10 s) for requests in flight, stops the
 * workers and closes the database. NULL is fine. */
void kp_web_stop(kp_web_app *app);

#endif
