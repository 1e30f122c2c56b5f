/* A small HTTP/1.1 client for tests: one kept-alive connection to
 * 127.0.0.1:port, requests with Content-Length bodies, responses read up to
 * their Content-Length. Bounded in time (every send and receive times out).
 * Not thread-safe per connection; use one tc_conn per thread. */
#ifndef KOPA_TESTS_HTTP_CLIENT_H
#define KOPA_TESTS_HTTP_CLIENT_H
#include <stdbool.h>
#include <stddef.h>

typedef struct tc_conn {
    unsigned port;
    int fd;             /* -1 when not connected; a request connects */
    int timeout_ms;     /* per send/receive; 0 means 20 s (120 s with KOPA_TEST_PG) */
    int last_errno;     /* why the last request failed (ECONNREFUSED, …) */
} tc_conn;

typedef struct tc_resp {
    int status;
    char *head;        /* status line and headers, "\r\n" separated (owned) */
    char *body;        /* NUL-terminated (owned) */
    size_t body_len;
} tc_resp;

/* A connection that will connect on its first request. */
void tc_init(tc_conn *c, unsigned port);
void tc_close(tc_conn *c);

/* Sends one request and reads its response. `headers` is zero or more
 * complete header lines ("Name: value\r\n…") or NULL; `ctype` and `body` may
 * be NULL. Returns 0 with *out filled (free with tc_resp_free), or -1 when
 * the server could not be reached or did not answer (the connection is
 * closed; the next request reconnects; c->last_errno says why). */
int tc_request(tc_conn *c, const char *method, const char *path, const char *headers, const char *ctype,
               const char *body, size_t body_len, tc_resp *out);
void tc_resp_free(tc_resp *r);

/* Value of the first header `name` (case-insensitive), or NULL (free it). */
char *tc_header(const tc_resp *r, const char *name);
/* "name=value" of the Set-Cookie for `name`, or NULL (free it). */
char *tc_set_cookie(const tc_resp *r, const char *name);

#endif
