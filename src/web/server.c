/* libmicrohttpd glue: request life cycle, dispatch through the route table,
 * security headers, the access log, the database pool and the connection
 * guard's limits and deadlines (see server.h). */
#include "service/audit.h"
#include "web/server.h"
#include "service/intake/applications.h"
#include "web/guard.h"
#include "web/router.h"
#include "web/web.h"
#include "core/mem.h"
#include "service/accounts/sessions.h"
#include "service/accounts/drafts.h"
#include "web/pages.h"
#include "store/key_check.h"
#include "store/keyring.h"
#include "store/store.h"
#include <arpa/inet.h>
#include <sodium.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct kp_web_app {
    struct MHD_Daemon *daemon;
    kp_web_options opt;
    char *db_path;
    kp_keyring keys;
    bool have_keys;
    kp_store **pool;
    bool *busy;
    int64_t *optimized_at; /* per pooled connection: last kp_store_optimize (or the start),
                              monotonic s; under mu */
    size_t npool;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_long inflight;
    unsigned port;
    kp_web_limits limits;
    kp_guard *guard;
    /* The sweeper: ends connections past their deadline. */
    pthread_t sweeper;
    bool sweeper_started;
    bool stopping;
    pthread_mutex_t smu;
    pthread_cond_t scv;
    /* Today's data-quality findings for the counts on start pages. */
    kp_check_cache *checks;
    /* The access log's group commit: one thread with its own connection
     * commits the records of every request waiting meanwhile (audit.h). */
    kp_access_writer *access_writer;
};

/* What one connection's current request has received so far. */
typedef struct conn_state {
    kp_buf body;
    bool too_big;
    struct timespec start;
    kp_guard_conn *gc; /* the connection in the guard (NULL if unknown) */
    /* A request answered but not sent: its access records wait for the
     * access writer's commit, the connection suspended meanwhile. */
    struct kp_req *pending;
    int pending_status;
    atomic_int commit_rc; /* kp_rc of that commit, set before the resume */
    struct MHD_Connection *conn;
} conn_state;

/* Memory libmicrohttpd reserves per connection, for the request line and
 * headers (bodies are copied out as they arrive; cookies are copied once
 * more) and the answer's headers. It zeroes all of it after each request,
 * so a kept-alive connection costs this much. Browsers send 1-2 KiB of
 * headers and our cookies are small; 12 KiB takes a request head of about
 * 5 KiB with a large cookie, more without (431 beyond, from the library). */
#define CONN_MEMORY ((size_t)12 * 1024)
/* Descriptors kept back from connections: database files (main, WAL and
 * shared memory, and the attached side database, per pooled connection),
 * the listening socket, epoll and wake-up pipes, logs. */
#define FD_RESERVE(threads) (64u + 8u * (threads))
/* A connection with nothing in progress is not ended to make room before
 * it has had this long to send its request. */
#define GRACE_MS 2000
/* The whole answer must be sent within this (a large report over a slow link). */
#define RESPONSE_TIMEOUT 120

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                          "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* ---- Database pool ---- */

/* How long a request waits for the records' write lock. A long writer (an
 * import) holds it for minutes: a write then answers 503 with Retry-After
 * after this wait, instead of stalling its worker and the requests queued
 * behind it. Ordinary writers hold the lock for milliseconds. */
enum { KP_WEB_BUSY_MS = 1000 };
/* Page cache of each pooled connection: a page reads what it shows, and the
 * whole pool stays well inside the server's memory budget (issue 10). */
enum { KP_WEB_CACHE_KIB = 4096 };
/* Page cache of the access writer's connection (appends to the access log). */
enum { KP_WEB_WRITER_CACHE_KIB = 1024 };
/* How often, by default, a pooled connection refreshes the table statistics
 * its queries showed would help (kp_store_optimize; SQLite advises every few
 * hours for connections that stay open). The sweeper does it, not a request. */
enum { KP_WEB_OPTIMIZE_S = 3600 };

static kp_store *pool_acquire(kp_web_app *app)
{
    pthread_mutex_lock(&app->mu);
    for (;;) {
        for (size_t i = 0; i < app->npool; i++)
            if (!app->busy[i]) {
                app->busy[i] = true;
                pthread_mutex_unlock(&app->mu);
                /* Kept reads are checked against the records as they
                 * were when the request began (store.h). */
                kp_store_hold_stamp(app->pool[i], true);
                return app->pool[i];
            }
        pthread_cond_wait(&app->cv, &app->mu);
    }
}

/* Gives a connection back. One whose state cannot be cleaned (a transaction
 * that would not roll back) is closed and replaced by a fresh one, so no
 * later request ever runs inside what a failed one left behind. */
static void pool_release(kp_web_app *app, kp_store *st)
{
    kp_store *fresh = NULL;
    kp_store_hold_stamp(st, false);
    if (kp_store_reset(st) == KP_EDB) {
        char err[256];
        if (kp_store_open_existing(app->db_path, &fresh, err, sizeof err) == KP_OK) {
            kp_store_set_busy_ms(fresh, KP_WEB_BUSY_MS);
            kp_store_set_cache_kib(fresh, KP_WEB_CACHE_KIB);
            fprintf(stderr, "kopa: database connection replaced after a failure it could not recover from\n");
        }
        else
            fprintf(stderr, "kopa: database connection could not be replaced: %s\n", err);
    }
    pthread_mutex_lock(&app->mu);
    for (size_t i = 0; i < app->npool; i++)
        if (app->pool[i] == st) {
            if (fresh)
                app->pool[i] = fresh;
            app->busy[i] = false;
        }
    pthread_cond_signal(&app->cv);
    pthread_mutex_unlock(&app->mu);
    if (fresh)
        kp_store_close(st);
}

/* Keeps the statistics of a long-lived pool current: takes at most one idle
 * connection whose last kp_store_optimize is statistics_every old out of
 * the pool, optimises it and gives it back. Run by the sweeper, so that no
 * request waits for it; a request finds the other connections meanwhile. */
static void pool_optimize_due(kp_web_app *app, int64_t now_s)
{
    kp_store *st = NULL;
    size_t slot = 0;
    int64_t every = app->opt.statistics_every ? app->opt.statistics_every : KP_WEB_OPTIMIZE_S;
    pthread_mutex_lock(&app->mu);
    for (size_t i = 0; i < app->npool && !st; i++)
        if (!app->busy[i] && now_s - app->optimized_at[i] >= every) {
            app->busy[i] = true;
            app->optimized_at[i] = now_s;
            st = app->pool[i];
            slot = i;
        }
    pthread_mutex_unlock(&app->mu);
    if (!st)
        return;
    kp_store_optimize(st); /* only statistics: a failure changes nothing */
    pthread_mutex_lock(&app->mu);
    app->busy[slot] = false;
    pthread_cond_signal(&app->cv);
    pthread_mutex_unlock(&app->mu);
}

/* ---- Request helpers (web.h) ---- */

const char *kp_req_header(const kp_req *r, const char *name)
{
    if (!r || !r->conn || !name)
        return NULL;
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

const char *kp_req_cookie(const kp_req *r, const char *name)
{
    if (!r || !r->conn || !name)
        return NULL;
    return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_COOKIE_KIND, name);
}

void kp_add_header(kp_req *r, const char *name, const char *value)
{
    if (r->nheaders < sizeof r->headers / sizeof r->headers[0]) {
        r->headers[r->nheaders].name = kp_arena_strdup(&r->arena, name);
        r->headers[r->nheaders].value = kp_arena_strdup(&r->arena, value);
        r->nheaders++;
    }
}

static bool cookie_value_ok(const char *v)
{
    for (; *v; v++)
        if (*v <= 0x20 || *v >= 0x7F || *v == ';' || *v == ',' || *v == '"' || *v == '\\')
            return false;
    return true;
}

void kp_set_cookie(kp_req *r, const char *name, const char *value, long max_age)
{
    if (!value || !cookie_value_ok(value) || r->ncookies >= sizeof r->cookies / sizeof r->cookies[0])
        return;
    char age[48] = "";
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    r->cookies[r->ncookies++] = kp_arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name,
                                                value, r->secure ? "; Secure" : "", age);
}

bool kp_local_path(const char *p)
{
    if (!p || p[0] != '/' || p[1] == '/' || p[1] == '\\')
        return false;
    for (; *p; p++)
        if ((unsigned char)*p < 0x21 || *p == '\\' || (unsigned char)*p >= 0x7F)
            return false;
    return true;
}

int kp_redirect(kp_req *r, const char *local_path)
{
    r->location = kp_arena_strdup(&r->arena, kp_local_path(local_path) ? local_path : "/");
    return 303;
}

int kp_status_for(kp_rc rc)
{
    switch (rc) {
    case KP_OK: return 200;
    case KP_EINVAL: return 400;
    case KP_ENOTFOUND: return 404;
    case KP_EDENIED: return 403;
    case KP_ECONFLICT: return 409;
    case KP_ERULE: return 409;
    case KP_ETOOBIG: return 413;
    case KP_EUNAVAIL: return 503;
    case KP_ERESTRICTED: return 423;
    default: return 500;
    }
}

int kp_json(kp_req *r, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(body);
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    if (!text)
        return 500;
    html_raw_trusted(&r->out, text); /* JSON text from jansson, not HTML */
    free(text);
    r->content_type = "application/json";
    return status;
}

void kp_json_start(kp_req *r, kp_jw *w)
{
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    r->content_type = "application/json";
    kp_jw_init(w, &r->out);
}

static const char *status_message(kp_req *r, int status)
{
    switch (status) {
    case 400: return KP_S(r, S_ERR_400);
    case 401: return KP_S(r, S_ERR_401);
    case 403: return KP_S(r, S_ERR_403);
    case 404: return KP_S(r, S_ERR_404);
    case 405: return KP_S(r, S_ERR_405);
    case 413: return KP_S(r, S_ERR_413);
    case 423: return KP_S(r, S_ERR_423);
    case 429: return KP_S(r, S_ERR_429);
    case 503: return KP_S(r, S_ERR_503);
    default: return KP_S(r, S_ERR_500);
    }
}

int kp_json_error(kp_req *r, int status, const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "error", json_string(message ? message : status_message(r, status)));
    if (r->errors.n) {
        json_t *f = json_object();
        for (size_t i = 0; i < r->errors.n; i++)
            if (!json_object_get(f, r->errors.items[i].field))
                json_object_set_new(f, r->errors.items[i].field[0] ? r->errors.items[i].field : "body",
                                    json_string(r->errors.items[i].message));
        json_object_set_new(o, "fields", f);
    }
    return kp_json(r, status, o);
}

static bool is_api(const kp_req *r)
{
    return (r->route && (r->route->flags & KP_R_API)) || strncmp(r->path, "/api/", 5) == 0;
}

/* The HTML error page with a message. */
static int error_page(kp_req *r, int status, const char *message)
{
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    r->content_type = NULL;
    kp_page_begin(r, KP_S(r, S_ERR_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_ERR_TITLE));
    html_raw_trusted(&r->out, " ");
    html_int(&r->out, status);
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, message);
    html_raw_trusted(&r->out, "</p>\n");
    kp_form_errors(r);
    html_raw_trusted(&r->out, "<p><a href=\"/\">");
    html_text(&r->out, KP_S(r, S_BACK_HOME));
    html_raw_trusted(&r->out, "</a></p>\n");
    kp_page_end(r);
    return status;
}

int kp_error(kp_req *r, int status)
{
    /* A refusal says nothing about the record it refused: messages gathered
     * before the scope check must not reach the page. */
    if (status == 401 || status == 403 || status == 404)
        r->errors.n = 0;
    if (is_api(r)) {
        const char *msg = status_message(r, status);
        if (status == 400 && r->errors.n) {
            /* Name the first field in the message too. */
            msg = kp_arena_printf(&r->arena, "%s: %s", r->errors.items[0].field[0] ? r->errors.items[0].field : "body",
                                  r->errors.items[0].message);
        }
        return kp_json_error(r, status, msg);
    }
    return error_page(r, status, status_message(r, status));
}

/* ---- Dispatch ---- */

static int64_t app_now(const kp_web_app *app)
{
    return app->opt.clock ? app->opt.clock(app->opt.clock_arg) : (int64_t)time(NULL);
}

static void set_ctx_now(kp_ctx *ctx, int64_t now)
{
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(ctx->now, sizeof ctx->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    kp_req *r = cls;
    if (!key || strcmp(key, "csrf") == 0)
        return MHD_YES;
    bool known = false;
    const char *v = value ? value : "";
    kp_input_set(r, KP_IN_QUERY, key, v, strlen(v), &known);
    return MHD_YES;
}

static bool content_type_is(const char *ct, const char *want)
{
    if (!ct)
        return false;
    size_t n = strlen(want);
    return strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static void client_address(kp_req *r, struct MHD_Connection *conn, bool trust_proxy)
{
    char buf[INET6_ADDRSTRLEN] = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf, sizeof buf);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf, sizeof buf);
    }
    r->address = kp_arena_strdup(&r->arena, buf);
    if (trust_proxy) {
        const char *xff = kp_req_header(r, "X-Forwarded-For");
        if (xff && *xff) {
            /* The rightmost entry is the one our proxy added; those to its
             * left are whatever the client sent and cannot be trusted. */
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ')
                last++;
            size_t n = strcspn(last, ", ");
            if (n > 0 && n < 64)
                r->address = kp_arena_strndup(&r->arena, last, n);
        }
    }
}

/* Sets r->session from the cookie. */
static void load_session(kp_req *r)
{
    const char *tok = kp_req_cookie(r, KP_COOKIE_SESSION);
    if (!tok || !*tok)
        return;
    r->cookie_token = tok;
    kp_session s;
    kp_rc rc = kp_session_lookup(&r->ctx, tok, r->now, &s);
    if (rc == KP_ENOTFOUND) {
        kp_set_cookie(r, KP_COOKIE_SESSION, "gone", 0);
        return;
    }
    /* Any other failure (the database unavailable for a moment) says
     * nothing about the session: the request fails, the session goes on. */
    if (rc)
        return;
    r->session = kp_arena_alloc(&r->arena, sizeof *r->session);
    *r->session = s;
    kp_session_ctx(r->session, &r->ctx);
    r->lang = r->ctx.lang;
}


/* ---- Nothing typed is lost: drafts kept by the server ---- */

/* The draft name of the form that posts to `path`. */
static const char *draft_name(kp_req *r, const char *path)
{
    return kp_arena_printf(&r->arena, "form:%s", path);
}

static bool input_is_secret(const kp_route *rt, const char *name, size_t n)
{
    for (const kp_input *in = rt->inputs; in && in->name; in++)
        if (in->kind == KP_IN_SECRET && strlen(in->name) == n && strncmp(in->name, name, n) == 0)
            return true;
    return false;
}

/* The posted form without its CSRF token and without secret fields (a
 * personal code is never kept outside the records), as urlencoded text. */
static char *form_without_secrets(kp_req *r, const kp_route *rt, const char *body, size_t len, bool *had_secret)
{
    *had_secret = false;
    kp_html b;
    kp_html_init(&b);
    size_t at = 0;
    while (at < len) {
        const char *p = body + at;
        const char *amp = memchr(p, '&', len - at);
        size_t n = amp ? (size_t)(amp - p) : len - at;
        const char *eq = memchr(p, '=', n);
        size_t kn = eq ? (size_t)(eq - p) : n;
        bool secret = input_is_secret(rt, p, kn);
        bool drop = (kn == 4 && strncmp(p, "csrf", 4) == 0) || secret;
        if (secret && eq && eq + 1 < p + n)
            *had_secret = true; /* a value the person must type again */
        if (n && !drop) {
            if (kp_html_len(&b))
                html_raw_trusted(&b, "&");
            char *piece = kp_arena_strndup(&r->arena, p, n);
            html_raw_trusted(&b, piece); /* urlencoded text kept as it came, not HTML */
        }
        at += n + 1;
    }
    char *out = kp_arena_strdup(&r->arena, kp_html_str(&b));
    kp_html_free(&b);
    return out;
}

/* A POST to a page that needs a login arrived without a live session: the
 * login form in its place. When the session had just ended and the form
 * carried that session's CSRF token (so it came from our own page), what
 * was sent is kept as a draft of that session's user, to be sent again
 * after they log in (kp_replay_after_login); nobody else can reach it. */
static int login_in_place(kp_req *r, const kp_route *rt, const char *body, size_t len)
{
    bool kept = false, had_secret = false;
    const char *ct = kp_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    int64_t owner = 0;
    char old_csrf[KP_TOKEN_CHARS + 1];
    if (r->cookie_token && body && len > 0 && len <= KP_DRAFT_MAX && ct &&
        strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0 &&
        kp_session_expired_owner(&r->ctx, r->cookie_token, r->now, &owner, old_csrf) == KP_OK) {
        const char *text = kp_arena_strndup(&r->arena, body, len);
        kp_session old;
        memset(&old, 0, sizeof old);
        snprintf(old.csrf, sizeof old.csrf, "%s", old_csrf);
        const char *given = kp_urlencoded_value(r, text, "csrf");
        if (kp_csrf_ok(&old, given)) {
            kp_ctx octx = r->ctx;
            octx.user_id = owner;
            kept = kp_draft_save(&octx, draft_name(r, r->path), "", form_without_secrets(r, rt, body, len, &had_secret),
                                 r->now) == KP_OK;
        }
        sodium_memzero(old_csrf, sizeof old_csrf);
    }
    /* The pre-login token the login form carries (double submit). */
    const char *pre = kp_req_cookie(r, KP_COOKIE_PRELOGIN);
    if (pre && strlen(pre) == KP_TOKEN_CHARS && cookie_value_ok(pre)) {
        r->form_csrf = pre;
    } else {
        char *tok = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(tok);
        r->form_csrf = tok;
        kp_set_cookie(r, KP_COOKIE_PRELOGIN, tok, -1);
    }
    r->errors.n = 0;
    int st = page_login_in_place(r, kept ? r->path : NULL, kept, had_secret);
    return st == 200 ? 401 : st;
}

int kp_replay_after_login(kp_req *r, const char *path, const kp_session *s)
{
    if (!r || !path || !s || !kp_local_path(path))
        return 0;
    kp_session *ses = kp_arena_alloc(&r->arena, sizeof *ses);
    *ses = *s;
    kp_ctx ctx = r->ctx;
    kp_session_ctx(ses, &ctx);
    char *body = NULL;
    const char *name = draft_name(r, path);
    /* The draft is looked up for the user now logged in: another user's
     * (the one whose session ended on this browser) is not found. */
    if (kp_draft_load(&ctx, name, "", r->now, &body) != KP_OK)
        return 0;
    char *text = kp_arena_strdup(&r->arena, body);
    free(body);
    const kp_route *rt = NULL;
    if (kp_route_find(kp_routes, kp_route_count, "POST", path, r, &rt) != KP_MATCH_OK || !rt ||
        (rt->flags & (KP_R_API | KP_R_PUBLIC)) || !(rt->flags & KP_R_STATE_CHANGING) ||
        !(rt->roles & KP_ROLE_BIT(ses->user.role)))
        return 0;
    /* From here on the request is that POST, under the new session. */
    r->route = rt;
    r->path = kp_arena_strdup(&r->arena, path);
    r->session = ses;
    r->ctx = ctx;
    r->lang = r->ctx.lang;
    r->form_csrf = ses->csrf;
    memset(r->values, 0, sizeof r->values);
    r->errors.n = 0;
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    r->location = NULL;
    /* CSRF, checked again against the new session: the form is sent with
     * the new session's token, which only this login's answer knows. */
    if (!kp_csrf_ok(ses, r->form_csrf))
        return kp_error(r, 403);
    const char *ignored = NULL;
    kp_rc rc = kp_parse_urlencoded(r, KP_IN_BODY, text, strlen(text), &ignored);
    int st;
    if (rc) {
        if (rt->rerender && r->errors.n) {
            st = rt->rerender(r);
            return st == 200 ? 400 : st;
        }
        return kp_error(r, 400);
    }
    r->draft_restored = true;
    st = rt->handler(r);
    if (st >= 300 && st < 400)
        kp_draft_delete(&r->ctx, name, "");
    return st;
}

/* A form page opened again: if the person has a draft of the form that
 * posts here (typed before their session ended, or saved while typing),
 * the page shows it, as when a stale form is shown again. */
static int restore_draft(kp_req *r, const kp_route *get_rt, int *status)
{
    if (!r->session)
        return 0;
    const kp_route *post = NULL;
    for (size_t i = 0; i < kp_route_count; i++)
        if (strcmp(kp_routes[i].method, "POST") == 0 && kp_routes[i].rerender == get_rt->handler &&
            strcmp(kp_routes[i].pattern, get_rt->pattern) == 0 && !(kp_routes[i].flags & KP_R_API)) {
            post = &kp_routes[i];
            break;
        }
    if (!post)
        return 0;
    char *body = NULL;
    if (kp_draft_load(&r->ctx, draft_name(r, r->path), "", r->now, &body) != KP_OK)
        return 0;
    const char *text = kp_arena_strdup(&r->arena, body);
    free(body);
    r->route = post;
    const char *ignored = NULL;
    memset(r->values, 0, sizeof r->values);
    (void)kp_parse_urlencoded(r, KP_IN_BODY, text, strlen(text), &ignored);
    r->method = "POST";
    r->draft_restored = true;
    int st = get_rt->handler(r);
    *status = st;
    return 1;
}

static int dispatch(kp_web_app *app, kp_req *r, const char *body, size_t len, bool too_big)
{
    const kp_route *rt = NULL;
    /* HEAD is GET without the body (libmicrohttpd leaves the body out). */
    const char *as = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
    kp_match m = kp_route_find(kp_routes, kp_route_count, as, r->path, r, &rt);
    r->route = rt;
    const char *lc = kp_req_cookie(r, KP_COOKIE_LANG);
    r->lang = lc && strcmp(lc, "en") == 0 ? "en" : "lv";
    r->ctx.lang = r->lang;
    load_session(r);
    if (m == KP_MATCH_NONE)
        return kp_error(r, 404);
    if (m == KP_MATCH_METHOD) {
        kp_add_header(r, "Allow", kp_route_allow(kp_routes, kp_route_count, r->path, &r->arena));
        return kp_error(r, 405);
    }
    /* A route without a declared scope rule is refused here as well as at
     * start-up: deny by default. */
    unsigned scope = rt->flags & (KP_R_PUBLIC | KP_R_NEEDS_LOGIN);
    if (scope != KP_R_PUBLIC && scope != KP_R_NEEDS_LOGIN)
        return kp_error(r, 500);
    /* Refused with 400 and a message, as the API contract says for bodies
     * that are too large, badly encoded or carry unknown fields. */
    if (too_big) {
        if (rt->flags & KP_R_API) {
            kp_errors_add(&r->errors, "body", "", "%s", KP_S(r, S_ERR_413));
            return kp_json_error(r, 400, KP_S(r, S_ERR_413));
        }
        return kp_error(r, 400);
    }
    if (scope == KP_R_NEEDS_LOGIN) {
        if (!r->session) {
            if (rt->flags & KP_R_API)
                return kp_error(r, 401);
            if (strcmp(r->method, "GET") == 0) {
                const char *next = kp_arena_printf(&r->arena, "/login?next=%s", r->path);
                /* The path has been matched by a pattern: only safe characters. */
                return kp_redirect(r, r->cookie_token ? kp_arena_printf(&r->arena, "%s&expired=1", next) : next);
            }
            return login_in_place(r, rt, body, len);
        }
        if (!(rt->roles & KP_ROLE_BIT(r->session->user.role)))
            return kp_error(r, 403);
    }
    /* The token forms carry: the session's, or before login a random one
     * kept in a cookie (double submit). */
    if (r->session) {
        r->form_csrf = r->session->csrf;
    } else {
        const char *pre = kp_req_cookie(r, KP_COOKIE_PRELOGIN);
        if (pre && strlen(pre) == KP_TOKEN_CHARS && cookie_value_ok(pre)) {
            r->form_csrf = pre;
        } else if (!(rt->flags & KP_R_API)) {
            char *t = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
            kp_token_random(t);
            r->form_csrf = t;
            kp_set_cookie(r, KP_COOKIE_PRELOGIN, t, -1);
        }
    }

    /* Declared inputs only. */
    kp_rc rc = KP_OK;
    MHD_get_connection_values((struct MHD_Connection *)r->conn, MHD_GET_ARGUMENT_KIND, collect_query, r);
    if (r->errors.n)
        rc = KP_EINVAL;
    const char *body_csrf = NULL;
    if (strcmp(r->method, "POST") == 0) {
        const char *ct = kp_req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
        kp_rc brc = KP_OK;
        if (rt->flags & KP_R_JSON_BODY) {
            if (!content_type_is(ct, "application/json")) {
                kp_errors_add(&r->errors, "Content-Type", "", "%s",
                              strcmp(r->lang, "en") == 0 ? "send application/json" : "jāsūta application/json");
                brc = KP_EINVAL;
            } else {
                brc = kp_parse_json_body(r, body ? body : "", len);
            }
        } else if (len > 0 || content_type_is(ct, "application/x-www-form-urlencoded")) {
            if (!content_type_is(ct, "application/x-www-form-urlencoded")) {
                kp_errors_add(&r->errors, "Content-Type", "", "%s",
                              strcmp(r->lang, "en") == 0 ? "send application/x-www-form-urlencoded"
                                                         : "jāsūta application/x-www-form-urlencoded");
                brc = KP_EINVAL;
            } else {
                brc = kp_parse_urlencoded(r, KP_IN_BODY, body ? body : "", len, &body_csrf);
            }
        }
        if (brc)
            rc = brc;
    }
    if (rc) {
        /* A form with a value it cannot take (a date typed wrong) comes
         * back with what was typed and the message on its field, instead of
         * an error page that loses the rest. */
        if (!(rt->flags & KP_R_API) && rt->rerender && strcmp(r->method, "POST") == 0 && r->errors.n) {
            int st = rt->rerender(r);
            return st == 200 ? 400 : st;
        }
        return kp_error(r, 400);
    }

    /* A public form without a session carries a token signed for its
     * route instead: nothing to keep per visitor, no cookie needed. */
    if ((rt->flags & KP_R_SIGNED_FORM) &&
        !(r->ctx.keys && kp_form_token_check(r->ctx.keys, rt->pattern, body_csrf, r->now, r->form_nonce))) {
        if (rt->rerender) {
            r->csrf_stale = true;
            int st = rt->rerender(r);
            return st == 200 ? 403 : st;
        }
        return kp_error(r, 403);
    }
    if (rt->flags & KP_R_STATE_CHANGING) {
        const char *given = kp_req_header(r, "X-CSRF-Token");
        if (!given)
            given = body_csrf;
        bool ok = false;
        if (r->session) {
            ok = kp_csrf_ok(r->session, given);
        } else if (r->form_csrf && given) {
            kp_session pre;
            memset(&pre, 0, sizeof pre);
            snprintf(pre.csrf, sizeof pre.csrf, "%s", kp_req_cookie(r, KP_COOKIE_PRELOGIN) ? r->form_csrf : "");
            ok = kp_csrf_ok(&pre, given);
        }
        if (!ok) {
            if (rt->flags & KP_R_API)
                return kp_json_error(r, 403, strcmp(r->lang, "en") == 0 ? "CSRF token missing or stale"
                                                                        : "trūkst CSRF žetona vai tas ir novecojis");
            if (rt->rerender) {
                r->csrf_stale = true;
                int st = rt->rerender(r);
                return st == 200 ? 403 : st;
            }
            return kp_error(r, 403);
        }
    }
    (void)app;
    if (strcmp(r->method, "GET") == 0 && r->session && !(rt->flags & KP_R_API)) {
        int st = 0;
        if (restore_draft(r, rt, &st))
            return st;
    }
    int st = rt->handler(r);
    /* A form saved: its draft is done with. */
    if (st >= 300 && st < 400 && r->session && strcmp(r->method, "POST") == 0 && !(rt->flags & KP_R_API) &&
        (rt->flags & KP_R_STATE_CHANGING))
        kp_draft_delete(&r->ctx, draft_name(r, r->path), "");
    return st;
}

/* ---- libmicrohttpd callbacks ---- */

static void access_log(kp_req *r, int status, const struct timespec *start)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - start->tv_sec) * 1000.0 + (double)(end.tv_nsec - start->tv_nsec) / 1e6;
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    struct tm tm;
    time_t t = wall.tv_sec;
    gmtime_r(&t, &tm);
    char at[32];
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S", &tm);
    /* The path only when a route matched it and its parameters are numbers:
     * a path typed by hand might hold personal data, and a {name} segment
     * can spell a personal code ("/static/161175-19997"), so those routes
     * log their pattern. */
    const char *path = !r->route ? "(unmatched)" : r->path_name ? r->route->pattern : r->path;
    fprintf(stderr, "%s.%03ldZ method=%s path=%s status=%d ms=%.1f user=%lld\n", at, wall.tv_nsec / 1000000L,
            r->method, path, status, ms, r->session ? (long long)r->session->user.id : 0LL);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, kp_req *r, int status)
{
    if (r->out.overflow) {
        kp_html_free(&r->out);
        kp_html_init(&r->out);
        status = 500;
        html_raw_trusted(&r->out, "500");
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(kp_html_len(&r->out), (void *)kp_html_str(&r->out),
                                                                MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                            r->content_type ? r->content_type : "text/html; charset=utf-8");
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    bool cache_set = false;
    for (size_t i = 0; i < r->nheaders; i++) {
        MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
        if (strcasecmp(r->headers[i].name, "Cache-Control") == 0)
            cache_set = true;
    }
    if (!cache_set)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (size_t i = 0; i < r->ncookies; i++)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
    if (r->location && (status == 301 || status == 302 || status == 303 || status == 307))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result finish(kp_web_app *app, struct MHD_Connection *conn, conn_state *cs, kp_req *r, int status);
static void on_committed(void *arg, kp_rc rc);

static enum MHD_Result serve(kp_web_app *app, struct MHD_Connection *conn, const char *url, const char *method,
                             conn_state *cs)
{
    kp_req *r = kp_xcalloc(1, sizeof *r);
    kp_arena_init(&r->arena);
    kp_html_init(&r->out);
    kp_errors_init(&r->errors);
    r->app = app;
    r->conn = conn;
    r->method = method;
    r->path = url;
    r->now = app_now(app);
    r->lang = "lv";
    const char *proto = app->opt.trust_proxy ? kp_req_header(r, "X-Forwarded-Proto") : NULL;
    r->secure = app->opt.secure_cookies || (proto && strcasecmp(proto, "https") == 0);
    client_address(r, conn, app->opt.trust_proxy);
    kp_store *st = pool_acquire(app);
    unsigned long unavailable = kp_store_unavailable_count(st);
    r->ctx.db = st;
    r->ctx.keys = app->have_keys ? &app->keys : NULL;
    r->ctx.role = KP_ROLE_ANONYMOUS;
    r->ctx.actor = "anonymous";
    set_ctx_now(&r->ctx, r->now);
    /* The access records of this request's reads are kept, and committed
     * below by the access writer together with those of the requests that
     * flush meanwhile, before the answer leaves. */
    r->ctx.access_batch = kp_access_batch_new_grouped(app->access_writer);

    int status = dispatch(app, r, cs->body.data, cs->body.len, cs->too_big);
    if (status < 100 || status > 599)
        status = 500;
    /* Whatever the handler made of it, a request during which the database
     * was unavailable is never answered as a success: part of what it did
     * (a write, the audit record of a read) was not stored. */
    if (kp_store_unavailable_count(st) != unavailable && status != 503) {
        fprintf(stderr, "kopa: database unavailable during %s %s; answering 503 instead of %d\n", r->method,
                r->route ? r->route->pattern : "(unmatched)", status);
        status = kp_error(r, 503);
    }
    if (kp_store_reset(st) != KP_OK && status < 400) {
        /* A handler returned inside a transaction: what it wrote is gone. */
        fprintf(stderr, "kopa: %s %s left a transaction open; rolled back\n", r->method,
                r->route ? r->route->pattern : "(unmatched)");
        status = kp_error(r, 500);
    }
    /* No answer leaves before the records of what it shows are committed:
     * when they cannot be, the answer is a 503 instead. With the access
     * writer, the connection waits suspended (this thread goes on to other
     * requests) and the answer is sent when the commit holding its records
     * is done (on_committed, then on_request again). */
    if (app->access_writer && kp_access_batch_count(r->ctx.access_batch) > 0) {
        pool_release(app, st);
        cs->pending = r;
        cs->pending_status = status;
        cs->conn = conn;
        atomic_store(&cs->commit_rc, (int)KP_OK);
        MHD_suspend_connection(conn);
        if (kp_access_writer_submit(app->access_writer, r->ctx.access_batch, on_committed, cs) != KP_OK) {
            atomic_store(&cs->commit_rc, (int)KP_EUNAVAIL);
            MHD_resume_connection(conn);
        }
        return MHD_YES;
    }
    if (kp_access_batch_flush(&r->ctx) != KP_OK && status != 503) {
        fprintf(stderr, "kopa: access records of %s %s not stored; answering 503 instead of %d\n", r->method,
                r->route ? r->route->pattern : "(unmatched)", status);
        status = kp_error(r, 503);
    }
    pool_release(app, st);
    return finish(app, conn, cs, r, status);
}

static void req_free(kp_req *r)
{
    kp_access_batch_free(r->ctx.access_batch);
    kp_errors_free(&r->errors);
    kp_html_free(&r->out);
    kp_arena_free(&r->arena);
    free(r);
}

/* Sends the answer of a request whose records are stored (or a 503). */
static enum MHD_Result finish(kp_web_app *app, struct MHD_Connection *conn, conn_state *cs, kp_req *r, int status)
{
    if (status == 503)
        kp_add_header(r, "Retry-After", "5");
    enum MHD_Result ret = send_response(conn, r, status);
    if (app->opt.access_log)
        access_log(r, status, &cs->start);
    req_free(r);
    return ret;
}

/* The access writer's word on a suspended request's records (its thread). */
static void on_committed(void *arg, kp_rc rc)
{
    conn_state *cs = arg;
    atomic_store(&cs->commit_rc, (int)rc);
    MHD_resume_connection(cs->conn);
}

/* The connection is resumed: its answer goes now, or a 503 when the
 * records could not be stored. */
static enum MHD_Result finish_pending(kp_web_app *app, struct MHD_Connection *conn, conn_state *cs)
{
    kp_req *r = cs->pending;
    int status = cs->pending_status;
    cs->pending = NULL;
    if ((kp_rc)atomic_load(&cs->commit_rc) != KP_OK && status != 503) {
        fprintf(stderr, "kopa: access records of %s %s not stored; answering 503 instead of %d\n", r->method,
                r->route ? r->route->pattern : "(unmatched)", status);
        status = kp_error(r, 503);
    }
    return finish(app, conn, cs, r, status);
}

/* 503 for a connection over a limit, without touching the database: the
 * security headers, Retry-After, and Connection: close so that the client
 * gives the connection back. */
static enum MHD_Result busy_answer(kp_web_app *app, struct MHD_Connection *conn, const char *url,
                                   const char *method, conn_state *cs)
{
    kp_req *r = kp_xcalloc(1, sizeof *r);
    kp_arena_init(&r->arena);
    kp_html_init(&r->out);
    kp_errors_init(&r->errors);
    r->app = app;
    r->conn = conn;
    r->method = method;
    r->path = url;
    r->now = app_now(app);
    const char *lc = kp_req_cookie(r, KP_COOKIE_LANG);
    r->lang = lc && strcmp(lc, "en") == 0 ? "en" : "lv";
    int status = 503;
    if (strncmp(url, "/api/", 5) == 0)
        kp_json_error(r, status, KP_S(r, S_ERR_BUSY));
    else
        error_page(r, status, KP_S(r, S_ERR_BUSY));
    kp_add_header(r, "Retry-After", "5");
    kp_add_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = send_response(conn, r, status);
    if (app->opt.access_log)
        access_log(r, status, &cs->start);
    kp_errors_free(&r->errors);
    kp_html_free(&r->out);
    kp_arena_free(&r->arena);
    free(r);
    return ret;
}

static kp_guard_conn *guard_conn(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? (kp_guard_conn *)ci->socket_context : NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)version;
    kp_web_app *app = cls;
    conn_state *cs = *con_cls;
    if (cs && cs->pending)
        return finish_pending(app, conn, cs);
    if (!cs) {
        /* The request's headers are complete. */
        cs = kp_xcalloc(1, sizeof *cs);
        kp_buf_init(&cs->body, KP_WEB_BODY_MAX);
        clock_gettime(CLOCK_MONOTONIC, &cs->start);
        cs->gc = guard_conn(conn);
        *con_cls = cs;
        atomic_fetch_add(&app->inflight, 1);
        if (cs->gc && !kp_guard_request(app->guard, cs->gc))
            return busy_answer(app, conn, url, method, cs);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl) {
            char *end = NULL;
            unsigned long long n = strtoull(cl, &end, 10);
            if (!end || *end || n > KP_WEB_BODY_MAX)
                cs->too_big = true;
        }
        if (cs->too_big) {
            if (cs->gc)
                kp_guard_busy(app->guard, cs->gc);
            return serve(app, conn, url, method, cs); /* answer 413 before reading the body */
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!cs->too_big && kp_buf_append(&cs->body, upload_data, *upload_data_size))
            cs->too_big = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (cs->gc)
        kp_guard_busy(app->guard, cs->gc);
    return serve(app, conn, url, method, cs);
}

/* The answer has been sent, or the request was abandoned. */
static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)conn;
    (void)toe;
    kp_web_app *app = cls;
    conn_state *cs = *con_cls;
    if (!cs)
        return;
    if (cs->gc)
        kp_guard_idle(app->guard, cs->gc);
    if (cs->pending) /* ended while suspended (the daemon stopping) */
        req_free(cs->pending);
    kp_buf_free(&cs->body);
    free(cs);
    *con_cls = NULL;
    atomic_fetch_sub(&app->inflight, 1);
}

/* A connection opens or closes. libmicrohttpd 0.9.75 calls CLOSED before it
 * closes the socket (MHD_cleanup_connections in daemon.c), so the guard,
 * which shuts sockets only under its lock, never touches a reused fd. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    kp_web_app *app = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        const union MHD_ConnectionInfo *ad = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (fd)
            *socket_context = kp_guard_open(app->guard, fd->connect_fd, ad ? ad->client_addr : NULL);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        kp_guard_close(app->guard, *socket_context);
        *socket_context = NULL;
    }
}

/* ---- The sweeper ---- */

/* A line on stderr about connections ended or refused, at most every 10 s,
 * so that an attack shows in the log without flooding it. */
static void report_guard(kp_guard_stats *last, const kp_guard_stats *now)
{
    uint64_t deadline = (now->ended_header - last->ended_header) + (now->ended_keepalive - last->ended_keepalive) +
                        (now->ended_body - last->ended_body) + (now->ended_response - last->ended_response);
    uint64_t room = now->made_room - last->made_room, refused = now->refused - last->refused;
    if (!deadline && !room && !refused)
        return;
    fprintf(stderr,
            "kopa: connections: %zu open (peak %zu); ended %llu past their deadline (headers %llu, body %llu, "
            "keep-alive %llu, answer %llu), %llu to make room; %llu requests answered 503 over a limit\n",
            now->open, now->peak, (unsigned long long)deadline,
            (unsigned long long)(now->ended_header - last->ended_header),
            (unsigned long long)(now->ended_body - last->ended_body),
            (unsigned long long)(now->ended_keepalive - last->ended_keepalive),
            (unsigned long long)(now->ended_response - last->ended_response), (unsigned long long)room,
            (unsigned long long)refused);
    *last = *now;
}

static void *sweeper_main(void *arg)
{
    kp_web_app *app = arg;
    kp_guard_stats last = {0}, now;
    struct timespec last_report;
    clock_gettime(CLOCK_MONOTONIC, &last_report);
    /* Requests waiting for their records' commit hold their answers (up to
     * one per connection, issue 10); what they freed goes back to the
     * system once the server is idle, so that a burst does not leave the
     * server's resident memory at its peak (glibc keeps freed memory in
     * each thread's arena otherwise). */
    bool busy_since_trim = false;
    pthread_mutex_lock(&app->smu);
    while (!app->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000 * 1000;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&app->scv, &app->smu, &until);
        if (app->stopping)
            break;
        pthread_mutex_unlock(&app->smu);
        kp_guard_sweep(app->guard);
        if (atomic_load(&app->inflight) > 0) {
            busy_since_trim = true;
        } else if (busy_since_trim) {
            malloc_trim(0);
            busy_since_trim = false;
        }
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        pool_optimize_due(app, t.tv_sec);
        if (t.tv_sec - last_report.tv_sec >= 10) {
            kp_guard_stats_get(app->guard, &now);
            report_guard(&last, &now);
            last_report = t;
        }
        pthread_mutex_lock(&app->smu);
    }
    pthread_mutex_unlock(&app->smu);
    kp_guard_stats_get(app->guard, &now);
    report_guard(&last, &now);
    return NULL;
}

static void sweeper_stop(kp_web_app *app)
{
    if (!app->sweeper_started)
        return;
    pthread_mutex_lock(&app->smu);
    app->stopping = true;
    pthread_cond_signal(&app->scv);
    pthread_mutex_unlock(&app->smu);
    pthread_join(app->sweeper, NULL);
    app->sweeper_started = false;
}

/* ---- Start and stop ---- */

static kp_rc parse_listen(const char *listen, struct sockaddr_in *sa, char *err, size_t errlen)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    char host[64];
    if (!colon || (size_t)(colon - listen) >= sizeof host || colon == listen) {
        snprintf(err, errlen, "--listen: give HOST:PORT, e.g. 127.0.0.1:8080");
        return KP_EINVAL;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end = NULL;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (!end || *end || colon[1] == '\0' || port > 65535) {
        snprintf(err, errlen, "--listen: the port must be a number 0-65535");
        return KP_EINVAL;
    }
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        snprintf(err, errlen, "--listen: the host must be an IPv4 address such as 127.0.0.1");
        return KP_EINVAL;
    }
    sa->sin_port = htons((uint16_t)port);
    return KP_OK;
}

static void app_free(kp_web_app *app)
{
    if (!app)
        return;
    kp_access_writer_stop(app->access_writer); /* commits what is queued */
    app->access_writer = NULL;
    for (size_t i = 0; i < app->npool; i++)
        kp_store_close(app->pool[i]);
    free(app->pool);
    free(app->busy);
    free(app->optimized_at);
    if (app->have_keys)
        kp_keyring_wipe(&app->keys);
    kp_guard_free(app->guard);
    pthread_mutex_destroy(&app->mu);
    pthread_cond_destroy(&app->cv);
    pthread_mutex_destroy(&app->smu);
    pthread_cond_destroy(&app->scv);
    kp_check_cache_free(app->checks);
    free(app->db_path);
    free(app);
}

/* The limits from the options, the defaults and the open-file limit. */
static kp_rc compute_limits(const kp_web_options *o, unsigned threads, kp_web_limits *l, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    struct rlimit rl;
    rlim_t files = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
        files = rl.rlim_cur == RLIM_INFINITY ? (rlim_t)1048576 : rl.rlim_cur;
    l->open_files = (unsigned long)files;
    rlim_t reserve = FD_RESERVE(threads);
    if (files < reserve + 64) {
        snprintf(err, errlen, "the open-file limit (%lu) is too low to serve; raise it (ulimit -n) to at least %lu",
                 (unsigned long)files, (unsigned long)(reserve + 64));
        return KP_EINVAL;
    }
    rlim_t avail = files - reserve;
    if (avail > 4000000u)
        avail = 4000000u;
    /* Beyond the soft cap there must be room left to accept connections
     * and answer them 503. */
    unsigned soft_max = (unsigned)(avail - avail / 16);
    if (o->max_connections > soft_max) {
        snprintf(err, errlen,
                 "--max-connections: at most %u with the open-file limit of %lu (raise it with ulimit -n)", soft_max,
                 (unsigned long)files);
        return KP_EINVAL;
    }
    l->max_connections = o->max_connections ? o->max_connections : (soft_max < 16384 ? soft_max : 16384);
    unsigned long hard = (unsigned long)l->max_connections + l->max_connections / 8 + 64;
    l->hard_connections = hard < avail ? (unsigned)hard : (unsigned)avail;
    if (o->max_per_address == KP_WEB_NO_LIMIT || (o->max_per_address == 0 && o->trust_proxy)) {
        l->max_per_address = 0; /* behind a proxy every connection comes from the proxy */
    } else if (o->max_per_address) {
        l->max_per_address = o->max_per_address;
    } else {
        unsigned quarter = l->max_connections / 4;
        l->max_per_address = quarter > 1024 ? 1024 : quarter < 16 ? 16 : quarter;
    }
    l->header_timeout = o->header_timeout ? o->header_timeout : 10;
    l->keepalive_timeout = o->keepalive_timeout ? o->keepalive_timeout : 5;
    l->body_timeout = o->body_timeout ? o->body_timeout : 30;
    l->response_timeout = RESPONSE_TIMEOUT;
    return KP_OK;
}

void kp_web_get_limits(const kp_web_app *app, kp_web_limits *out)
{
    if (app)
        *out = app->limits;
    else
        memset(out, 0, sizeof *out);
}

kp_rc kp_web_start(const kp_web_options *o, kp_web_app **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!o || !o->db_path) {
        snprintf(err, errlen, "no database given");
        return KP_EINVAL;
    }
    kp_rc rc = kp_routes_check(kp_routes, kp_route_count, err, errlen);
    if (rc)
        return rc;
    struct sockaddr_in sa;
    rc = parse_listen(o->listen ? o->listen : "127.0.0.1:8080", &sa, err, errlen);
    if (rc)
        return rc;
    kp_web_app *app = kp_xcalloc(1, sizeof *app);
    app->opt = *o;
    app->db_path = kp_xstrdup(o->db_path);
    app->opt.db_path = app->db_path;
    app->opt.listen = NULL;
    unsigned threads = o->threads ? o->threads : 4;
    if (threads < 2)
        threads = 2;
    pthread_mutex_init(&app->mu, NULL);
    pthread_cond_init(&app->cv, NULL);
    pthread_mutex_init(&app->smu, NULL);
    pthread_cond_init(&app->scv, NULL);
    app->checks = kp_check_cache_new(KP_WEB_CHECK_CACHE_SECONDS);
    rc = compute_limits(o, threads, &app->limits, err, errlen);
    if (rc) {
        app_free(app);
        return rc;
    }
    kp_guard_limits gl = {
        .max_connections = app->limits.max_connections,
        .max_per_address = app->limits.max_per_address,
        .header_ms = (int64_t)app->limits.header_timeout * 1000,
        .keepalive_ms = (int64_t)app->limits.keepalive_timeout * 1000,
        .body_ms = (int64_t)app->limits.body_timeout * 1000,
        .response_ms = (int64_t)app->limits.response_timeout * 1000,
        .grace_ms = GRACE_MS,
    };
    app->guard = kp_guard_new(&gl, NULL, NULL);
    atomic_init(&app->inflight, 0);
    app->npool = threads;
    app->pool = kp_xcalloc(threads, sizeof *app->pool);
    app->busy = kp_xcalloc(threads, sizeof *app->busy);
    app->optimized_at = kp_xcalloc(threads, sizeof *app->optimized_at);
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    for (size_t i = 0; i < threads; i++)
        app->optimized_at[i] = started.tv_sec;
    for (size_t i = 0; i < app->npool; i++) {
        rc = kp_store_open_existing(app->db_path, &app->pool[i], err, errlen);
        if (rc) {
            app->npool = i;
            app_free(app);
            return rc;
        }
        kp_store_set_busy_ms(app->pool[i], KP_WEB_BUSY_MS);
        kp_store_set_cache_kib(app->pool[i], KP_WEB_CACHE_KIB);
    }
    /* The access writer's own connection (the side tables' one writer for
     * reads' records; logins and changes still write in their own
     * transactions). */
    kp_store *aw = NULL;
    rc = kp_store_open_existing(app->db_path, &aw, err, errlen);
    if (!rc) {
        kp_store_set_busy_ms(aw, KP_WEB_BUSY_MS);
        /* It only appends: a small page cache keeps the server in its
         * memory budget (the default would grow to 16 MiB). */
        kp_store_set_cache_kib(aw, KP_WEB_WRITER_CACHE_KIB);
        rc = kp_access_writer_start(aw, &app->access_writer);
        if (rc) {
            kp_store_close(aw);
            snprintf(err, errlen, "cannot start a thread");
        }
    }
    if (rc) {
        app_free(app);
        return rc;
    }
    /* The same check of the key as every command's (store/key_check.h). */
    rc = kp_key_check_load(app->pool[0], app->db_path, NULL, false, &app->keys, &app->have_keys, err, errlen);
    if (rc) {
        app_free(app);
        return rc;
    }
    /* libmicrohttpd's own timeout (reset by every byte) stays as a backstop;
     * the guard's deadlines are the ones trickling cannot reset. Its
     * connection limit is the hard one: beyond it connections wait in the
     * listen queue. */
    app->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0,
        NULL, NULL, on_request,
        app, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT, app->limits.hard_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED, on_completed, app,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, app, MHD_OPTION_END);
    if (!app->daemon) {
        snprintf(err, errlen, "cannot listen on the given address (in use, or not allowed)");
        app_free(app);
        return KP_EIO;
    }
    if (pthread_create(&app->sweeper, NULL, sweeper_main, app) != 0) {
        MHD_stop_daemon(app->daemon);
        app->daemon = NULL;
        snprintf(err, errlen, "cannot start a thread");
        app_free(app);
        return KP_EIO;
    }
    app->sweeper_started = true;
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(app->daemon, MHD_DAEMON_INFO_BIND_PORT);
    app->port = di ? di->port : ntohs(sa.sin_port);
    *out = app;
    return KP_OK;
}

unsigned kp_web_port(const kp_web_app *app)
{
    return app ? app->port : 0;
}

kp_check_cache *kp_web_check_cache(kp_web_app *app)
{
    return app ? app->checks : NULL;
}

void kp_web_stop(kp_web_app *app)
{
    if (!app)
        return;
    if (app->daemon) {
        MHD_socket lsock = MHD_quiesce_daemon(app->daemon);
        /* Let requests that have started finish (bounded). */
        for (int i = 0; i < 1000 && atomic_load(&app->inflight) > 0; i++) {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        /* Commits what waits and resumes those connections before the
         * daemon goes; later flushes answer 503. */
        kp_access_writer_quiesce(app->access_writer);
        sweeper_stop(app);
        MHD_stop_daemon(app->daemon);
        if (lsock != MHD_INVALID_SOCKET)
            close(lsock);
        app->daemon = NULL;
    }
    sweeper_stop(app);
    app_free(app);
}
