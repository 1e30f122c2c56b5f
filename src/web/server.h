/* The HTTP server: libmicrohttpd with a thread pool over epoll, one
 * database connection per worker from a small pool, the access log, and a
 * graceful stop (stop accepting, finish what is in flight, close the DB). */
#ifndef KOPA_WEB_SERVER_H
#define KOPA_WEB_SERVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/result.h"

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
} kp_web_options;

/* Checks the route table, opens the database pool and the key, and starts
 * listening. On failure returns non-zero with a message in err. The app is
 * freed by kp_web_stop. */
kp_rc kp_web_start(const kp_web_options *o, kp_web_app **out, char *err, size_t errlen);
/* The port actually listened on. */
unsigned kp_web_port(const kp_web_app *app);
/* Stops accepting, waits (up to 10 s) for requests in flight, stops the
 * workers and closes the database. NULL is fine. */
void kp_web_stop(kp_web_app *app);

#endif
