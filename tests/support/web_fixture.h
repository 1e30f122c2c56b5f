/* The in-process web test fixture: a fresh database built by the test, a
 * server on 127.0.0.1 over it with a clock the test moves, and requests as a
 * logged-in user whose HTML answers go through tidy. One fixture per test
 * process (cmocka group setup/teardown), so its state is one global, `wf`.
 * Failures inside the request helpers fail the current cmocka test. */
#ifndef KOPA_TESTS_WEB_FIXTURE_H
#define KOPA_TESTS_WEB_FIXTURE_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "http_client.h"
#include "core/buf.h"
#include "service/ctx.h"
#include "service/errors.h"
#include "web/server.h"

/* Builds the test's records on a system context (actor "test", lang "lv";
 * it may change them) after the catalogue is loaded; messages go to `e`
 * (printed by wf_start when it fails). */
typedef kp_rc (*wf_build_fn)(kp_ctx *ctx, kp_errors *e);

typedef struct wf_options {
    const char *name;     /* the test's name: KOPA_TEST_TMP/<name>.db and .html */
    const char *password; /* every user's password (wf_add_users, wf_log_in) */
    const char *now;      /* the builder's ctx.now, "YYYY-MM-DDTHH:MM:SSZ"; NULL: the real time */
    int64_t clock;        /* the server's time in Unix seconds; 0: the real clock (see wf.clock) */
    /* The database starts as the Zemgale demo: on SQLite kp_demo_build on
     * the builder's context after the catalogue; on PostgreSQL a copy of the
     * demo template `kopa demo` built once for the cluster (pg_test_demo,
     * which says how it differs: by "demo" at 2022-01-15T09:00:00Z, with
     * the demo accounts and their caseloads). `build` runs after it. */
    bool demo;
    wf_build_fn build;    /* may be NULL */
    unsigned statistics_every; /* kp_web_options' (0: its default) */
    bool access_log;      /* the server writes its access log to stderr */
} wf_options;

typedef struct wf_fixture {
    const char *name, *password;
    char db[512];       /* the database's path: check_db_* read it fresh */
    /* The server's time when wf_options.clock was set, else seconds added
     * to the real clock; tests move time by storing into it. */
    atomic_llong clock;
    kp_web_app *app;
    tc_conn conn; /* one kept-alive connection to the server */
} wf_fixture;

extern wf_fixture wf;

/* Group setup: removes and creates the database with its keyring, loads the
 * catalogue, runs o->build, starts the server and connects. 0, or -1 with
 * the reason on stderr (cmocka then fails the whole group). */
int wf_start(const wf_options *o);
/* Group teardown: closes, stops the server (ASan checks it frees all),
 * removes the database. Always 0. */
int wf_stop(void);

typedef struct wf_user {
    const char *name, *role, *municipality, *region; /* municipality, region may be NULL */
} wf_user;

/* Adds n users with the fixture's password; ids (n of them, or NULL) gets
 * their ids. Stops at the first failure and returns it. */
kp_rc wf_add_users(kp_ctx *ctx, kp_errors *e, const wf_user *u, size_t n, int64_t *ids);
/* A valid new-format personal code "32xxxx-xxxxx", the first at or after n
 * whose check digit is a digit; distinct n far apart give distinct codes. */
void wf_personal_code(int n, char out[16]);

/* A logged-in user's request headers. */
typedef struct wf_who {
    char auth[512];   /* "Cookie: …\r\nX-CSRF-Token: …\r\n" */
    char cookie[200]; /* "Cookie: …\r\n" only: a request without its token */
    char csrf[80];    /* the token alone, for a form's csrf field */
} wf_who;

/* Logs `user` in through POST /api/v1/login; fails the test unless 200. */
void wf_log_in(const char *user, wf_who *w);
/* The same session without its X-CSRF-Token header: what a forged form
 * sends, which the router must refuse. */
wf_who wf_without_token(const wf_who *w);

/* One request with `headers` (complete lines, may be NULL) and a
 * NUL-terminated `body` (may be NULL). HTML answers of 200, 409 and 422 go
 * through tidy; an unreachable server fails the test. Returns the status;
 * *out (may be NULL) gets the response, which the caller frees. */
int wf_request(const char *headers, const char *method, const char *path, const char *ctype, const char *body,
               tc_resp *out);
/* The same as `w` (NULL: without a login). */
int wf_get(const wf_who *w, const char *path, tc_resp *out);
/* kv: name, value, …, NULL; sent URL-encoded. */
int wf_post_form(const wf_who *w, const char *path, const char *const *kv, tc_resp *out);
int wf_post_json(const wf_who *w, const char *path, const char *json, tc_resp *out);
/* Appends "name=value" URL-encoded to a form body, with '&' after the first. */
void wf_form_add(kp_buf *b, const char *name, const char *value);

/* Fails the test unless tidy finds no errors in `html` (warnings pass:
 * tidy does not know every HTML5 attribute, e.g. aria-current). */
void wf_tidy_ok(const char *html, const char *what);
/* Fail the test, showing the start of the body, when `text` is (not) in it. */
void wf_expect_in(const tc_resp *r, const char *text);
void wf_expect_not_in(const tc_resp *r, const char *text);
/* Where `needle` starts in `hay`; fails the test when it is not there. */
const char *wf_find(const char *hay, const char *needle);
/* check_db_int on the fixture's database. */
int64_t wf_db_int(const char *sql);
/* `tpl` with its one "%lld" replaced by id, in one of 8 rotating buffers:
 * a few paths may be alive at once in one call; single-threaded tests only. */
const char *wf_path(const char *tpl, int64_t id);

#endif
