/* The server in-process on 127.0.0.1 (a free port) over the demo database:
 * every role × page and API route × own and foreign scope → status, CSRF,
 * scoped lists with an audit record per client read, throttling, session
 * expiry (the server's clock is moved), body limits, and every HTML page
 * through tidy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "core/buf.h"
#include "core/mem.h"
#include "service/accounts/accounts.h"
#include "service/casework/cases.h"
#include "service/transfer/catalogue.h"
#include "core/personal_code.h"
#include "demo/demo.h"
#include "service/sql.h"
#include "web/server.h"
#include "web_fixture.h"

#define PASSWORD "demo-pass-123"

static unsigned g_port;
static int64_t g_own_bauska, g_own_dobele, g_own_provider, g_not_provider;
static char g_claim_month[8]; /* a month with confirmed deliveries of Bauska's clients */
static char g_dobele_code[16]; /* the personal code of g_own_dobele */
static char g_dobele_birth[11];
static char g_nobody_code[16]; /* a valid code with the same first seven digits that nobody holds */

/* ---- A minimal HTTP/1.1 client (Connection: close, bounded in time) ---- */

typedef struct resp {
    int status;
    char *head; /* status line and headers */
    char *body;
} resp;

static void resp_free(resp *r)
{
    free(r->head);
    free(r->body);
    memset(r, 0, sizeof *r);
}

/* Sends the bytes of a request as they are and reads the answer to the end
 * (the server closes: Connection: close). */
static int raw_http(const char *req, size_t len, resp *out)
{
    memset(out, 0, sizeof *out);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct timeval tv = {20, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may answer (413) before reading everything */
        off += (size_t)n;
    }
    kp_buf in;
    kp_buf_init(&in, 0);
    char chunk[8192];
    for (;;) {
        ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            break;
        kp_buf_append(&in, chunk, (size_t)n);
    }
    close(fd);
    const char *all = kp_buf_str(&in);
    const char *sep = strstr(all, "\r\n\r\n");
    if (!sep || sscanf(all, "HTTP/1.1 %d", &out->status) != 1) {
        kp_buf_free(&in);
        return -1;
    }
    out->head = kp_xstrndup(all, (size_t)(sep - all) + 2);
    out->body = kp_xstrdup(sep + 4);
    kp_buf_free(&in);
    return 0;
}

static int http(const char *method, const char *path, const char *cookie, const char *csrf, const char *ctype,
                const char *body, size_t body_len, resp *out)
{
    kp_buf req;
    kp_buf_init(&req, 0);
    kp_buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", method, path);
    if (cookie && *cookie)
        kp_buf_printf(&req, "Cookie: %s\r\n", cookie);
    if (csrf)
        kp_buf_printf(&req, "X-CSRF-Token: %s\r\n", csrf);
    if (ctype)
        kp_buf_printf(&req, "Content-Type: %s\r\n", ctype);
    if (body || strcmp(method, "POST") == 0)
        kp_buf_printf(&req, "Content-Length: %zu\r\n", body ? body_len : 0);
    kp_buf_puts(&req, "\r\n");
    if (body)
        kp_buf_append(&req, body, body_len);
    int rc = raw_http(req.data, req.len, out);
    kp_buf_free(&req);
    return rc;
}

static int get(const char *path, const char *cookie, resp *out)
{
    return http("GET", path, cookie, NULL, NULL, NULL, 0, out);
}

/* Value of a response header line "Name: value" (first one), or NULL. */
static char *header(const resp *r, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = r->head; p && *p; p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL) {
        if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            return kp_xstrndup(v, strcspn(v, "\r\n"));
        }
    }
    return NULL;
}

/* "name=value" of a Set-Cookie for `name`, or NULL. */
static char *set_cookie(const resp *r, const char *name)
{
    char key[64];
    snprintf(key, sizeof key, "Set-Cookie: %s=", name);
    const char *p = strstr(r->head, key);
    if (!p)
        return NULL;
    p += strlen("Set-Cookie: ");
    return kp_xstrndup(p, strcspn(p, ";\r\n"));
}

typedef struct login {
    char cookie[128];
    char csrf[64];
    char device[128]; /* "kopa_device=…" this browser was given */
} login;

/* Logs in through the API presenting `cookie` (may be NULL, e.g. a device
 * cookie); *r (may be NULL) gets the response, which the caller frees. */
static int api_login_as(const char *user, const char *pw, const char *cookie, login *out, resp *keep)
{
    char body[256];
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
    resp r;
    if (http("POST", "/api/v1/login", cookie, NULL, "application/json", body, strlen(body), &r))
        return -1;
    int st = r.status;
    if (st == 200) {
        char *c = set_cookie(&r, "kopa_session");
        char *d = set_cookie(&r, "kopa_device");
        json_t *j = json_loads(r.body, 0, NULL);
        snprintf(out->cookie, sizeof out->cookie, "%s", c ? c : "");
        snprintf(out->device, sizeof out->device, "%s", d ? d : "");
        snprintf(out->csrf, sizeof out->csrf, "%s", j ? json_string_value(json_object_get(j, "csrf")) : "");
        free(c);
        free(d);
        json_decref(j);
    }
    if (keep)
        *keep = r;
    else
        resp_free(&r);
    return st;
}

static int api_login(const char *user, const char *pw, login *out)
{
    return api_login_as(user, pw, NULL, out, NULL);
}

/* ---- Fixture: the demo database and a running server ---- */

/* The demo with its accounts, and records to test scope with
 * (tests/support/web_fixture.c builds the database around it). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    ctx->actor = "demo";
    ctx->lang = "en";
    kp_store *st = ctx->db;
    char figures[600];
    snprintf(figures, sizeof figures, "%s/demo/zemgale-2021.json", kp_catalogue_dir());
    kp_rc rc = kp_demo_build(ctx, figures, e);
    if (!rc)
        rc = kp_accounts_create_demo(ctx, PASSWORD, e);
    if (rc) {
        fprintf(stderr, "setup: demo failed\n");
        return rc;
    }
    /* Records to test scope with, chosen here with plain SQL. */
    kp_param none[1];
    (void)none;
    kp_sql_int(st,
               "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id WHERE m.key = 'bauska'"
               " ORDER BY c.id LIMIT 1",
               NULL, 0, 0, &g_own_bauska);
    kp_sql_int(st,
               "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id WHERE m.key = 'dobele'"
               " ORDER BY c.id LIMIT 1",
               NULL, 0, 0, &g_own_dobele);
    kp_sql_int(st, "SELECT MIN(client_id) FROM assignment WHERE provider_id = 1", NULL, 0, 0, &g_own_provider);
    kp_sql_int(st, "SELECT MIN(id) FROM client WHERE id NOT IN (SELECT client_id FROM assignment WHERE provider_id = 1)",
               NULL, 0, 0, &g_not_provider);
    kp_sql_text(st,
                "SELECT substr(d.delivered_on, 1, 7) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                " JOIN client c ON c.id = a.client_id JOIN municipality m ON m.id = c.municipality_id"
                " WHERE d.confirmed = 1 AND d.delivered_on >= (SELECT valid_from FROM municipality WHERE key = 'bauska')"
                " AND (m.key = 'bauska' OR m.successor_id = (SELECT id FROM municipality WHERE key = 'bauska'))"
                " GROUP BY 1 ORDER BY COUNT(*), 1 LIMIT 1",
                NULL, 0, g_claim_month, sizeof g_claim_month);
    /* A code registered in Dobele, and one registered nowhere that differs
     * only in the serial (same birth date and century). */
    if (kp_client_personal_code(ctx, g_own_dobele, g_dobele_code, sizeof g_dobele_code) == KP_OK) {
        kp_param bp[] = {KP_PINT(g_own_dobele)};
        kp_sql_text(st, "SELECT birth_date FROM client WHERE id = ?", bp, 1, g_dobele_birth, sizeof g_dobele_birth);
        for (int serial = 101; serial < 999 && !g_nobody_code[0]; serial++) {
            char digits[11];
            snprintf(digits, sizeof digits, "%.6s%c%03d", g_dobele_code, g_dobele_code[7], serial);
            int check = kp_pc_check_digit(digits);
            int64_t holder = 0;
            char cand[16];
            snprintf(cand, sizeof cand, "%.6s-%s%d", digits, digits + 6, check);
            if (check >= 0 && check <= 9 && kp_client_find_by_code(ctx, cand, &holder) == KP_ENOTFOUND)
                snprintf(g_nobody_code, sizeof g_nobody_code, "%s", cand);
        }
    }
    if (!g_dobele_code[0] || !g_nobody_code[0] || !g_dobele_birth[0]) {
        fprintf(stderr, "setup: no personal codes for the registration oracle test\n");
        return KP_ENOTFOUND;
    }
    if (!g_claim_month[0]) {
        fprintf(stderr, "setup: the demo has no confirmed deliveries of Bauska's clients to claim\n");
        return KP_ENOTFOUND;
    }
    if (!g_own_bauska || !g_own_dobele || !g_own_provider || !g_not_provider) {
        fprintf(stderr, "setup: the demo lacks the records this test needs\n");
        return KP_ENOTFOUND;
    }
    return KP_OK;
}

static int setup(void **state)
{
    (void)state;
    /* statistics_every: the sweeper takes idle connections out of the pool to
     * optimise them every second, while the tests' requests run. */
    wf_options o = {.name = "test_server", .password = PASSWORD, .now = "2022-01-15T09:00:00Z", .build = build,
                    .statistics_every = 1};
    if (wf_start(&o))
        return -1;
    g_port = kp_web_port(wf.app);
    return g_port ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop(); /* graceful; ASan checks that everything is freed */
}

/* ---- The access matrix ---- */

enum { U_SW, U_HEAD, U_PROV, U_REGION, U_MINISTRY, U_ADMIN, U_ANON, U_COUNT };
static const char *const USERS[U_COUNT] = {"sw-bauska", "head-bauska", "provider-1", "region-zpr",
                                           "ministry",  "admin",       NULL};

typedef struct row {
    const char *method;
    const char *path; /* %s: the own or foreign client id */
    int scope;        /* 0: no id, 1: own client, 2: foreign client */
    int expect[U_COUNT];
    bool html;        /* run the page through tidy when 200 */
} row;

/*                                                       sw   head prov reg  min  admin anon */
static const row MATRIX[] = {
    /* People who work with cases start at their work: caseload, referrals; heads,
     * coordinators and the ministry at progress at a glance. */
    {"GET", "/", 0, {303, 200, 303, 200, 200, 200, 303}, true},
    {"GET", "/?date=2021-12-31", 0, {303, 200, 303, 200, 200, 200, 303}, true},
    {"GET", "/cost", 0, {403, 200, 403, 200, 200, 403, 303}, true},
    {"GET", "/cost?format=csv", 0, {403, 200, 403, 200, 200, 403, 303}, false},
    {"GET", "/api/v1/progress", 0, {403, 200, 403, 200, 200, 403, 401}, false},
    {"GET", "/api/v1/cost?date=2021-12-31", 0, {403, 200, 403, 200, 200, 403, 401}, false},
    {"GET", "/login", 0, {303, 303, 303, 303, 303, 303, 200}, true},
    {"GET", "/admin/audit", 0, {403, 403, 403, 403, 403, 200, 303}, true},
    {"GET", "/admin/audit?client=1&from=2020-01-01&to=2030-12-31", 0, {403, 403, 403, 403, 403, 200, 303}, true},
    {"GET", "/privacy/record", 0, {403, 200, 403, 403, 403, 200, 303}, true},
    {"GET", "/static/kopa.css", 0, {200, 200, 200, 200, 200, 200, 200}, false},
    {"GET", "/static/nothing.css", 0, {404, 404, 404, 404, 404, 404, 404}, false},
    {"GET", "/no/such/page", 0, {404, 404, 404, 404, 404, 404, 404}, true},
    {"GET", "/api/v1/me", 0, {200, 200, 200, 200, 200, 200, 401}, false},
    {"GET", "/api/v1/clients", 0, {200, 200, 200, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients?q=a&limit=5&offset=1", 0, {200, 200, 200, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients/%s", 1, {200, 200, 200, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients/%s", 2, {404, 404, 404, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients/%s?include=personal_code", 1, {200, 200, 200, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients/%s?include=personal_code", 2, {404, 404, 404, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/clients/999999999", 0, {404, 404, 404, 403, 403, 403, 401}, false},
    {"GET", "/api/v1/audit?client=%s", 1, {403, 403, 403, 403, 403, 200, 401}, false},
    {"POST", "/api/v1/clients", 0, {400, 400, 403, 403, 403, 403, 401}, false},
    {"DELETE", "/api/v1/clients/%s", 1, {405, 405, 405, 405, 405, 405, 405}, false},
    /* Case work pages and files */
    {"GET", "/caseload", 0, {200, 200, 403, 403, 403, 403, 303}, true},
    {"GET", "/clients", 0, {200, 200, 200, 403, 403, 403, 303}, true},
    {"GET", "/clients/new", 0, {200, 200, 403, 403, 403, 403, 303}, true},
    {"GET", "/clients/%s", 1, {200, 200, 200, 403, 403, 403, 303}, true},
    {"GET", "/clients/%s", 2, {404, 404, 404, 403, 403, 403, 303}, true},
    {"GET", "/clients/%s/assign", 2, {404, 404, 403, 403, 403, 403, 303}, true},
    {"GET", "/clients/%s/privacy", 1, {200, 200, 403, 403, 403, 403, 303}, true},
    {"GET", "/clients/%s/privacy", 2, {404, 404, 403, 403, 403, 403, 303}, true},
    {"GET", "/api/v1/clients/%s/export", 2, {404, 404, 403, 403, 403, 403, 401}, false},
    {"GET", "/caseloads", 0, {403, 200, 403, 403, 403, 403, 303}, true},
    {"GET", "/referrals", 0, {403, 403, 200, 403, 403, 403, 303}, true},
    {"GET", "/attendance", 0, {403, 403, 200, 403, 403, 403, 303}, true},
    {"GET", "/statement", 0, {403, 403, 200, 403, 403, 403, 303}, true},
    {"GET", "/evaluation", 0, {403, 403, 403, 200, 200, 200, 303}, true},
    /* The records behind a figure: the region's list is not a municipality's to see. */
    {"GET", "/figures/records?figure=context.grt.grt_adults_living.persons.0&region=ZPR&date=2021-12-31", 0,
     {404, 404, 403, 200, 200, 200, 303}, true},
    {"GET", "/figures/records?figure=nonsense&region=ZPR&date=2021-12-31", 0, {400, 400, 403, 400, 400, 400, 303}, true},
    {"GET", "/api/v1/figures/records?figure=recipients.ft.ft_children.persons.0&region=ZPR&date=2021-12-31", 0,
     {404, 404, 403, 200, 200, 200, 401}, false},
    {"GET", "/api/v1/figures/records?figure=context.grt.grt_adults_living.persons.0&region=KPR&date=2021-12-31", 0,
     {404, 404, 403, 404, 200, 200, 401}, false},
    /* Compensation claims and indicators */
    {"GET", "/claims", 0, {403, 200, 403, 200, 403, 403, 303}, true},
    {"GET", "/claims/999999999", 0, {403, 404, 403, 404, 403, 403, 303}, true},
    {"GET", "/indicators", 0, {403, 403, 403, 200, 403, 403, 303}, true},
    {"GET", "/indicators?indicator=16&saved=1", 0, {403, 403, 403, 200, 403, 403, 303}, true},
    {"GET", "/evaluation/file?region=ZPR&at=2021-12-31&format=csv", 0, {403, 403, 403, 200, 200, 200, 303}, false},
    {"GET", "/evaluation/file?region=KPR&at=2021-12-31&format=csv", 0, {403, 403, 403, 404, 200, 200, 303}, false},
    /* The DI plan editor: the coordinator keeps it, the ministry and administrators read it */
    {"GET", "/di-plan", 0, {403, 403, 403, 200, 200, 200, 303}, true},
    {"GET", "/di-plan/objects/new", 0, {403, 403, 403, 200, 403, 403, 303}, true},
    {"GET", "/di-plan/amendments/new", 0, {403, 403, 403, 200, 403, 403, 303}, true},
    {"GET", "/di-plan/objects/999999999", 0, {403, 403, 403, 404, 404, 404, 303}, true},
    {"GET", "/api/v1/di-plan", 0, {403, 403, 403, 200, 200, 200, 401}, false},
    {"POST", "/api/v1/di-plan/objects", 0, {403, 403, 403, 400, 403, 403, 401}, false},
    /* Data quality: the head's municipality, the region's, the ministry's counts */
    {"GET", "/check", 0, {403, 200, 403, 200, 200, 200, 303}, true},
    {"GET", "/check?at=2021-12-31&check=services_without_assessment", 0, {403, 200, 403, 200, 200, 200, 303}, true},
    {"GET", "/check?check=no_such_check", 0, {403, 400, 403, 400, 400, 400, 303}, true},
    {"GET", "/check?region=ZPR&municipality=0025000", 0, {403, 200, 403, 200, 200, 200, 303}, true},
    {"GET", "/check?region=KPR", 0, {403, 404, 403, 404, 200, 200, 303}, true},
    {"GET", "/check?at=2021-02-30", 0, {403, 400, 403, 400, 400, 400, 303}, true},
    {"GET", "/api/v1/check?at=2021-12-31&limit=5", 0, {403, 200, 403, 200, 200, 200, 401}, false},
    {"GET", "/api/v1/check?limit=0", 0, {403, 400, 403, 400, 400, 400, 401}, false},
    /* Need against places: the head's municipality, the region's, any region for the ministry */
    {"GET", "/need?at=2021-12-31", 0, {403, 200, 403, 200, 200, 403, 303}, true},
    {"GET", "/need?at=2021-12-31&region=ZPR&municipality=0028000&service=day_care", 0,
     {403, 404, 403, 200, 200, 403, 303}, true},
    {"GET", "/need?region=KPR", 0, {403, 404, 403, 404, 200, 403, 303}, true},
    {"GET", "/need?at=2019-12-31&municipality=0406400", 0, {403, 200, 403, 200, 404, 403, 303}, true},
    {"GET", "/need?at=2021-02-30", 0, {403, 400, 403, 400, 400, 403, 303}, true},
    {"GET", "/api/v1/need?at=2021-12-31", 0, {403, 200, 403, 200, 400, 403, 401}, false},
    {"GET", "/api/v1/need?at=2021-12-31&region=ZPR&municipality=0028000", 0, {403, 404, 403, 200, 200, 403, 401},
     false},
    {"POST", "/api/v1/cooperation", 0, {403, 403, 403, 400, 403, 400, 401}, false},
    /* Cooperation agreements: the region's, read by the ministry and the heads concerned */
    {"GET", "/cooperation", 0, {403, 200, 403, 200, 200, 200, 303}, true},
    {"GET", "/cooperation?all=1&municipality=0028000&service=day_care", 0, {403, 200, 403, 200, 200, 200, 303}, true},
    {"GET", "/cooperation?region=KPR", 0, {403, 404, 403, 404, 200, 200, 303}, true},
    {"GET", "/cooperation?at=2021-02-30", 0, {403, 400, 403, 400, 400, 400, 303}, true},
    {"GET", "/cooperation/999999", 0, {403, 404, 403, 404, 404, 404, 303}, true},
    {"GET", "/api/v1/cooperation", 0, {403, 200, 403, 200, 400, 400, 401}, false},
    {"GET", "/api/v1/cooperation/999999", 0, {403, 404, 403, 404, 404, 404, 401}, false},
    {"POST", "/api/v1/cooperation/999999/end", 0, {403, 403, 403, 404, 403, 404, 401}, false},
    {"POST", "/api/v1/cooperation/999999/corrections", 0, {403, 403, 403, 404, 403, 404, 401}, false},
};

static void test_access_matrix(void **state)
{
    (void)state;
    login who[U_COUNT];
    memset(who, 0, sizeof who);
    for (int u = 0; u < U_ANON; u++)
        assert_int_equal(api_login(USERS[u], PASSWORD, &who[u]), 200);
    for (size_t i = 0; i < sizeof MATRIX / sizeof MATRIX[0]; i++) {
        const row *m = &MATRIX[i];
        for (int u = 0; u < U_COUNT; u++) {
            char id[32] = "", path[256];
            if (m->scope) {
                int64_t v;
                if (u == U_PROV)
                    v = m->scope == 1 ? g_own_provider : g_not_provider;
                else
                    v = m->scope == 1 ? g_own_bauska : g_own_dobele;
                snprintf(id, sizeof id, "%lld", (long long)v);
            }
            const char *hole = strstr(m->path, "%s");
            if (hole)
                snprintf(path, sizeof path, "%.*s%s%s", (int)(hole - m->path), m->path, id, hole + 2);
            else
                snprintf(path, sizeof path, "%s", m->path);
            resp r;
            const char *body = strcmp(m->method, "POST") == 0 ? "{}" : NULL;
            assert_int_equal(http(m->method, path, who[u].cookie, u == U_ANON ? NULL : who[u].csrf,
                                  body ? "application/json" : NULL, body, body ? 2 : 0, &r),
                             0);
            if (r.status != m->expect[u])
                fail_msg("%s %s as %s: %d, expected %d", m->method, path, USERS[u] ? USERS[u] : "anonymous",
                         r.status, m->expect[u]);
            if (m->html && r.status == 200)
                wf_tidy_ok(r.body, path);
            resp_free(&r);
        }
    }
}

/* Every response carries the security headers; pages are never cached. */
static void test_security_headers(void **state)
{
    (void)state;
    resp r;
    assert_int_equal(get("/login", NULL, &r), 0);
    char *csp = header(&r, "Content-Security-Policy");
    assert_non_null(csp);
    assert_non_null(strstr(csp, "frame-ancestors 'none'"));
    assert_null(strstr(csp, "unsafe-inline"));
    free(csp);
    char *v = header(&r, "X-Content-Type-Options");
    assert_string_equal(v, "nosniff");
    free(v);
    v = header(&r, "Referrer-Policy");
    assert_non_null(v);
    free(v);
    v = header(&r, "Cache-Control");
    assert_string_equal(v, "no-store");
    free(v);
    char *pre = set_cookie(&r, "kopa_pre");
    assert_non_null(pre);
    free(pre);
    assert_non_null(strstr(r.head, "HttpOnly; SameSite=Strict"));
    assert_non_null(strstr(r.body, "<html lang=\"lv\">"));
    assert_non_null(strstr(r.body, "class=\"skip\" href=\"#main\""));
    resp_free(&r);
    /* Static assets: cached, with an ETag that answers 304. */
    assert_int_equal(get("/static/kopa.css", NULL, &r), 0);
    char *etag = header(&r, "ETag");
    assert_non_null(etag);
    v = header(&r, "Cache-Control");
    assert_non_null(strstr(v, "max-age"));
    free(v);
    resp_free(&r);
    char hdr[128];
    snprintf(hdr, sizeof hdr, "x=1\r\nIf-None-Match: %s", etag); /* rides on the Cookie line */
    assert_int_equal(get("/static/kopa.css", hdr, &r), 0);
    assert_int_equal(r.status, 304);
    resp_free(&r);
    free(etag);
}

/* The security headers every answer of ours carries. */
static void assert_security_headers(const resp *r, const char *what)
{
    static const char *const want[][2] = {
        {"Content-Security-Policy", "default-src 'none'"}, {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "same-origin"},                {"X-Frame-Options", "DENY"},
        {"Cache-Control", "no-store"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *v = header(r, want[i][0]);
        if (!v || !strstr(v, want[i][1]))
            fail_msg("%s: %s is %s", what, want[i][0], v ? v : "missing");
        free(v);
    }
}

/* Error answers carry the security headers too, and 405 says which
 * methods the path has (Allow). Requests that libmicrohttpd itself cannot
 * parse are answered by it, with its fixed text and Connection: close:
 * version 0.9.75 has no way to add headers to those (see docs/web.md). */
static void test_error_answers(void **state)
{
    (void)state;
    login b;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    struct {
        const char *request; /* %s: the session cookie */
        int status;
        const char *allow;   /* expected Allow, or NULL for none */
    } cases[] = {
        {"DELETE /api/v1/clients/1 HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nConnection: close\r\n\r\n", 405, "GET, HEAD"},
        {"PUT /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 405, "GET, HEAD, POST"},
        {"OPTIONS /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "POST"},
        {"GET /api/v1/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405, "POST"},
        {"GET /no/such/page HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, NULL},
        /* Malformed requests that reach us: a NUL and bad escapes in the
         * path, a control character in the query, bad JSON, a form to the
         * API, a body too large. */
        {"GET /clients/%%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, NULL},
        {"GET /%%zz%%c3%%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404, NULL},
        {"GET /api/v1/clients?q=%%01 HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nConnection: close\r\n\r\n", 400, NULL},
        {"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1\r\n"
         "Connection: close\r\n\r\n{",
         400, NULL},
        {"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
         "Content-Length: 3\r\nConnection: close\r\n\r\na=b",
         400, NULL},
        {"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
         "Content-Length: 99999999\r\nConnection: close\r\n\r\n",
         400, NULL},
        {"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 401, NULL},
        {"HEAD /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char req[1024];
        const char *hole = strstr(cases[i].request, "%s");
        if (hole)
            snprintf(req, sizeof req, "%.*s%s%s", (int)(hole - cases[i].request), cases[i].request, b.cookie, hole + 2);
        else
            snprintf(req, sizeof req, "%s", cases[i].request);
        /* %% in the table stands for a literal %. */
        char lit[1024];
        size_t o = 0;
        for (const char *p = req; *p && o + 1 < sizeof lit; p++) {
            lit[o++] = *p;
            if (p[0] == '%' && p[1] == '%')
                p++;
        }
        lit[o] = '\0';
        resp r;
        if (raw_http(lit, strlen(lit), &r) != 0)
            fail_msg("no answer to %.40s", lit);
        if (r.status != cases[i].status)
            fail_msg("%.40s: %d, expected %d", lit, r.status, cases[i].status);
        assert_security_headers(&r, lit);
        char *allow = header(&r, "Allow");
        if (cases[i].allow) {
            if (!allow || strcmp(allow, cases[i].allow) != 0)
                fail_msg("%.40s: Allow is %s, expected %s", lit, allow ? allow : "missing", cases[i].allow);
        } else {
            assert_null(allow);
        }
        free(allow);
        resp_free(&r);
    }

    /* Request heads of a few KiB, the most browsers send, still fit in the
     * memory each connection has. */
    kp_buf big;
    kp_buf_init(&big, 0);
    kp_buf_printf(&big, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: %s; other=", b.cookie);
    for (int i = 0; i < 2500; i++)
        kp_buf_putc(&big, 'a');
    kp_buf_puts(&big, "\r\nUser-Agent: ");
    for (int i = 0; i < 1500; i++)
        kp_buf_putc(&big, 'u');
    kp_buf_puts(&big, "\r\n\r\n");
    resp r;
    assert_int_equal(raw_http(big.data, big.len, &r), 0);
    assert_int_equal(r.status, 200);
    assert_security_headers(&r, "a 4 KiB request head");
    resp_free(&r);

    /* What libmicrohttpd answers itself: a header line without a colon, a
     * request line with a stray word, an unknown HTTP version, a bad
     * Content-Length, a request head far too large. Each is answered and
     * the connection closed. */
    kp_buf_reset(&big);
    kp_buf_puts(&big, "GET /login HTTP/1.1\r\nHost: x\r\nX-Big: ");
    for (int i = 0; i < 64 * 1024; i++)
        kp_buf_putc(&big, 'a');
    kp_buf_puts(&big, "\r\n\r\n");
    struct {
        const char *request;
        size_t len;
        int status;
    } lib[] = {
        {"GET /login HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", 0, 400},
        {"GET /login HTTP/1.1 extra\r\nHost: x\r\n\r\n", 0, 400},
        {"GET /login HTTP/2.0\r\nHost: x\r\n\r\n", 0, 505},
        {"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n\r\n", 0, 400},
        {big.data, big.len, 431},
    };
    for (size_t i = 0; i < sizeof lib / sizeof lib[0]; i++) {
        size_t len = lib[i].len ? lib[i].len : strlen(lib[i].request);
        if (raw_http(lib[i].request, len, &r) != 0)
            fail_msg("no answer to %.40s", lib[i].request);
        if (r.status != lib[i].status)
            fail_msg("%.40s: %d, expected %d", lib[i].request, r.status, lib[i].status);
        char *conn = header(&r, "Connection");
        assert_non_null(conn);
        assert_string_equal(conn, "close");
        free(conn);
        resp_free(&r);
    }
    kp_buf_free(&big);
}

static json_t *get_json(const char *path, const login *who, int *status)
{
    resp r;
    if (get(path, who ? who->cookie : NULL, &r))
        return NULL;
    *status = r.status;
    json_t *j = json_loads(r.body, 0, NULL);
    resp_free(&r);
    return j;
}

/* Has the admin's audit view a record of `actor` doing `action` to `client`? */
static bool audited(const login *admin, int64_t client, const char *actor, const char *action)
{
    char path[128];
    snprintf(path, sizeof path, "/api/v1/audit?client=%lld&limit=1000", (long long)client);
    int st = 0;
    json_t *j = get_json(path, admin, &st);
    bool found = false;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "actor")), actor) == 0 &&
            strcmp(json_string_value(json_object_get(it, "action")), action) == 0 &&
            json_integer_value(json_object_get(it, "client_id")) == client)
            found = true;
    }
    json_decref(j);
    return st == 200 && found;
}

/* sw-bauska and sw-dobele each see only their own clients, 404 on the
 * other's, and every client read leaves an audit record. */
static void test_scoped_lists_and_audit(void **state)
{
    (void)state;
    login b, d, admin;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    assert_int_equal(api_login("sw-dobele", PASSWORD, &d), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    const login *sides[2] = {&b, &d};
    const char *names[2] = {"sw-bauska", "sw-dobele"};
    for (int s = 0; s < 2; s++) {
        int st = 0;
        json_t *list = get_json("/api/v1/clients?limit=20", sides[s], &st);
        assert_int_equal(st, 200);
        json_t *items = json_object_get(list, "items");
        assert_true(json_array_size(items) == 20);
        assert_true(json_integer_value(json_object_get(list, "total")) > 20);
        size_t i;
        json_t *it;
        const char *prev = "";
        json_array_foreach(items, i, it)
        {
            int64_t id = json_integer_value(json_object_get(it, "id"));
            for (const char *const *k = (const char *const[]){"given_name", "family_name", "birth_date",
                                                               "municipality", "target_group", NULL};
                 *k; k++)
                assert_non_null(json_object_get(it, *k));
            assert_null(json_object_get(it, "personal_code"));
            (void)prev;
            char path[64];
            snprintf(path, sizeof path, "/api/v1/clients/%lld", (long long)id);
            int st2 = 0;
            json_t *mine = get_json(path, sides[s], &st2);
            assert_int_equal(st2, 200);
            json_decref(mine);
            json_t *theirs = get_json(path, sides[1 - s], &st2);
            assert_int_equal(st2, 404);
            json_decref(theirs);
            assert_true(audited(&admin, id, names[s], "list"));
            assert_true(audited(&admin, id, names[s], "view"));
            assert_false(audited(&admin, id, names[1 - s], "view"));
        }
        json_decref(list);
    }
}

/* A personal code finds its holder (exactly); reading it is audited; it
 * never appears in the audit trail. */
static void test_personal_code(void **state)
{
    (void)state;
    login b, d, admin;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    assert_int_equal(api_login("sw-dobele", PASSWORD, &d), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    char path[128];
    snprintf(path, sizeof path, "/api/v1/clients/%lld?include=personal_code", (long long)g_own_bauska);
    int st = 0;
    json_t *c = get_json(path, &b, &st);
    assert_int_equal(st, 200);
    const char *code = json_string_value(json_object_get(c, "personal_code"));
    assert_non_null(code);
    /* A personal code is never sent in a URL: GET refuses it … */
    char q[128];
    snprintf(q, sizeof q, "/api/v1/clients?q=%s", code);
    json_t *found = get_json(q, &b, &st);
    assert_int_equal(st, 400);
    json_decref(found);
    /* … and the search takes it in the body. */
    char body[160];
    snprintf(body, sizeof body, "{\"q\": \"%s\"}", code);
    resp sr;
    assert_int_equal(http("POST", "/api/v1/clients/search", b.cookie, b.csrf, "application/json", body, strlen(body), &sr), 0);
    assert_int_equal(sr.status, 200);
    found = json_loads(sr.body, 0, NULL);
    resp_free(&sr);
    assert_int_equal(json_array_size(json_object_get(found, "items")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(found, "items"), 0), "id")),
                     g_own_bauska);
    json_decref(found);
    /* Out of scope: nothing. */
    assert_int_equal(http("POST", "/api/v1/clients/search", d.cookie, d.csrf, "application/json", body, strlen(body), &sr), 0);
    assert_int_equal(sr.status, 200);
    found = json_loads(sr.body, 0, NULL);
    resp_free(&sr);
    assert_int_equal(json_array_size(json_object_get(found, "items")), 0);
    json_decref(found);
    assert_true(audited(&admin, g_own_bauska, "sw-bauska", "read_personal_code"));
    assert_true(audited(&admin, g_own_bauska, "sw-bauska", "search_by_code"));
    resp r;
    snprintf(path, sizeof path, "/api/v1/audit?client=%lld&limit=1000", (long long)g_own_bauska);
    assert_int_equal(get(path, admin.cookie, &r), 0);
    assert_null(strstr(r.body, code));
    resp_free(&r);
    json_decref(c);
}

static void test_csrf_and_bad_bodies(void **state)
{
    (void)state;
    login b;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    resp r;
    const char ok[] = "{\"given_name\":\"Anna\"}";
    /* Missing and stale tokens. */
    assert_int_equal(http("POST", "/api/v1/clients", b.cookie, NULL, "application/json", ok, strlen(ok), &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    assert_int_equal(http("POST", "/api/v1/clients", b.cookie, "stale-token-stale-token-stale-token-stale-t",
                          "application/json", ok, strlen(ok), &r),
                     0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    /* Unknown field, malformed JSON, invalid UTF-8, wrong type: 400 naming it. */
    struct {
        const char *body, *field;
    } bad[] = {
        {"{\"given_name\":\"Anna\",\"shoe_size\":\"42\"}", "shoe_size"},
        {"{\"given_name\":", "body"},
        {"{\"given_name\":\"\xc3\x28\"}", "body"},
        {"{\"given_name\":[1]}", "given_name"},
        {"{\"given_name\":\"Anna\"}", "family_name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(http("POST", "/api/v1/clients", b.cookie, b.csrf, "application/json", bad[i].body,
                              strlen(bad[i].body), &r),
                         0);
        assert_int_equal(r.status, 400);
        json_t *j = json_loads(r.body, 0, NULL);
        assert_non_null(json_object_get(j, "error"));
        if (!json_object_get(json_object_get(j, "fields"), bad[i].field))
            fail_msg("no message for '%s' in %s", bad[i].field, r.body);
        json_decref(j);
        resp_free(&r);
    }
    /* Too big: refused before it is read. */
    size_t big = 2 * 1024 * 1024;
    char *huge = kp_xmalloc(big);
    memset(huge, 'a', big);
    assert_int_equal(http("POST", "/api/v1/clients", b.cookie, b.csrf, "application/json", huge, big, &r), 0);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"error\""));
    resp_free(&r);
    free(huge);
    /* A good registration, then the same form token again: one client. */
    const char reg[] = "{\"personal_code\":\"121282-11210\",\"given_name\":\"Anna\",\"family_name\":\"Bērziņa\","
                       "\"birth_date\":\"1982-12-12\",\"municipality\":\"0025000\",\"target_group\":\"grt\","
                       "\"disability_group\":2,\"registered_on\":\"2024-01-10\"}";
    char cookie_and_key[256];
    snprintf(cookie_and_key, sizeof cookie_and_key, "%s\r\nIdempotency-Key: form-123", b.cookie);
    assert_int_equal(http("POST", "/api/v1/clients", cookie_and_key, b.csrf, "application/json", reg, strlen(reg), &r),
                     0);
    if (r.status != 201)
        fail_msg("register: %d %s", r.status, r.body);
    json_t *j = json_loads(r.body, 0, NULL);
    int64_t id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    resp_free(&r);
    assert_int_equal(http("POST", "/api/v1/clients", cookie_and_key, b.csrf, "application/json", reg, strlen(reg), &r),
                     0);
    assert_int_equal(r.status, 200);
    j = json_loads(r.body, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "id")), id);
    assert_true(json_is_true(json_object_get(j, "replayed")));
    json_decref(j);
    resp_free(&r);
    /* Into another municipality: refused. */
    const char other[] = "{\"personal_code\":\"280794-12344\",\"given_name\":\"Ilze\",\"family_name\":\"Kalna\","
                         "\"birth_date\":\"1994-07-28\",\"municipality\":\"0028000\",\"target_group\":\"grt\","
                         "\"disability_group\":1,\"registered_on\":\"2024-01-10\"}";
    assert_int_equal(http("POST", "/api/v1/clients", b.cookie, b.csrf, "application/json", other, strlen(other), &r),
                     0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
}

/* HTML forms: a stale token is refused with 403 and what was typed is kept;
 * a good one logs in and goes where the person was heading. */
static void test_html_login_and_stale_form(void **state)
{
    (void)state;
    resp r;
    assert_int_equal(get("/login", NULL, &r), 0);
    char *pre = set_cookie(&r, "kopa_pre");
    assert_non_null(pre);
    resp_free(&r);
    const char *token = strchr(pre, '=') + 1;
    const char stale[] = "csrf=old-token&username=sw-bauska&password=" PASSWORD;
    assert_int_equal(http("POST", "/login", pre, NULL, "application/x-www-form-urlencoded", stale, strlen(stale), &r),
                     0);
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.body, "value=\"sw-bauska\""));
    assert_null(strstr(r.body, PASSWORD));
    assert_non_null(strstr(r.body, "role=\"alert\""));
    wf_tidy_ok(r.body, "stale login form");
    resp_free(&r);
    char body[256];
    snprintf(body, sizeof body, "csrf=%s&username=sw-bauska&password=wrong-one&next=%%2Fadmin%%2Faudit", token);
    assert_int_equal(http("POST", "/login", pre, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "aria-describedby=\"f-password-err\""));
    wf_tidy_ok(r.body, "failed login form");
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&username=head-bauska&password=%s&next=%%2F%%2Fevil.example", token, PASSWORD);
    assert_int_equal(http("POST", "/login", pre, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 303);
    char *loc = header(&r, "Location");
    assert_string_equal(loc, "/");
    free(loc);
    char *session = set_cookie(&r, "kopa_session");
    assert_non_null(session);
    resp_free(&r);
    /* The language switch needs the token too; then the page is English. */
    const char nolang[] = "lang=en&back=%2F";
    assert_int_equal(http("POST", "/lang", session, NULL, "application/x-www-form-urlencoded", nolang, strlen(nolang), &r),
                     0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    login me;
    memset(&me, 0, sizeof me);
    assert_int_equal(get("/api/v1/me", session, &r), 0);
    json_t *j = json_loads(r.body, 0, NULL);
    snprintf(me.csrf, sizeof me.csrf, "%s", json_string_value(json_object_get(j, "csrf")));
    json_decref(j);
    resp_free(&r);
    snprintf(body, sizeof body, "csrf=%s&lang=en&back=%%2F", me.csrf);
    assert_int_equal(http("POST", "/lang", session, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    /* head-bauska's start page is progress at a glance for Bauska. */
    assert_int_equal(get("/", session, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Progress at a glance: Bauska"));
    wf_tidy_ok(r.body, "home in English");
    resp_free(&r);
    assert_int_equal(get("/caseloads", session, &r), 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<html lang=\"en\">"));
    wf_tidy_ok(r.body, "caseloads in English");
    resp_free(&r);
    /* Logout ends the session. */
    snprintf(body, sizeof body, "csrf=%s", me.csrf);
    assert_int_equal(http("POST", "/logout", session, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r),
                     0);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    assert_int_equal(get("/api/v1/me", session, &r), 0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    free(session);
    free(pre);
}

/* ---- Compensation claims and indicators ---- */

static void form_post(const char *path, const login *who, const char *body, resp *out)
{
    assert_int_equal(http("POST", path, who->cookie, who->csrf, "application/x-www-form-urlencoded", body, strlen(body), out),
                     0);
}

static void page_ok(const char *path, const login *who, const char *needle)
{
    resp r;
    assert_int_equal(get(path, who->cookie, &r), 0);
    int st = r.status;
    if (st != 200) {
        resp_free(&r);
        fail_msg("GET %s: %d", path, st);
    }
    if (needle && !strstr(r.body, needle)) {
        fprintf(stderr, "%s\n", r.body);
        resp_free(&r);
        fail_msg("GET %s: no '%s' in the page", path, needle);
    }
    wf_tidy_ok(r.body, path);
    resp_free(&r);
}

/* A number or text read from the database beside the running server.
 * db_int binds ?1 = a and ?2 = b (a statement that needs one says "?2 = ?2"). */
static int64_t db_int(const char *sql, int64_t a, int64_t b)
{
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(wf.db, &st, err, sizeof err), 0);
    int64_t v = -1;
    kp_param p[] = {KP_PINT(a), KP_PINT(b)};
    assert_int_equal(kp_sql_int(st, sql, p, 2, -1, &v), 0);
    kp_store_close(st);
    return v;
}

/* The same with ?1 = a and ?2 = the text t (a date, say: SQL's own "today"
 * is not portable between SQLite and PostgreSQL, so tests bind it). */
static int64_t db_int_text(const char *sql, int64_t a, const char *t)
{
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(wf.db, &st, err, sizeof err), 0);
    int64_t v = -1;
    kp_param p[] = {KP_PINT(a), KP_PTEXT(t)};
    assert_int_equal(kp_sql_int(st, sql, p, 2, -1, &v), 0);
    kp_store_close(st);
    return v;
}

/* The server's today (YYYY-MM-DD, UTC as its ctx.now): the fixture's clock,
 * the real time moved by wf.clock. */
static void server_today(char out[11])
{
    time_t t = (time_t)(time(NULL) + atomic_load(&wf.clock));
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static void db_text(const char *sql, int64_t a, char *out, size_t n)
{
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(wf.db, &st, err, sizeof err), 0);
    kp_param p[] = {KP_PINT(a)};
    assert_int_equal(kp_sql_text(st, sql, p, 1, out, n), 0);
    kp_store_close(st);
}

/* ---- Data quality ---- */

/* A personal code (DDMMYY-NNNNN) anywhere in a text? */
static bool has_personal_code(const char *s)
{
    for (const char *p = s; p && *p; p++) {
        size_t k = 0;
        while (k < 12 && p[k] && (k == 6 ? p[k] == '-' : (p[k] >= '0' && p[k] <= '9')))
            k++;
        if (k == 12 && !(p[12] >= '0' && p[12] <= '9'))
            return true;
    }
    return false;
}

/* The body of GET path as who (status into *status); the caller frees it. */
static char *get_body(const char *path, const login *who, int *status)
{
    resp r;
    assert_int_equal(get(path, who->cookie, &r), 0);
    *status = r.status;
    char *b = r.body;
    r.body = NULL;
    resp_free(&r);
    return b;
}

static void set_lang(const login *who, const char *lang)
{
    char body[64];
    snprintf(body, sizeof body, "lang=%s&back=%%2F", lang);
    resp r;
    form_post("/lang", who, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
}

/* The provider's statement takes the month as people write it (10.2021.)
 * or as links carry it (2021-10), shows it in words, and names the field
 * when it is no month. */
static void test_statement_month(void **state)
{
    (void)state;
    login prov;
    assert_int_equal(api_login(USERS[U_PROV], PASSWORD, &prov), 200);
    set_lang(&prov, "lv");
    page_ok("/statement?month=10.2021.", &prov, "value=\"10.2021.\"");
    page_ok("/statement?month=10.2021", &prov, "2021. gada oktobris");
    page_ok("/statement?month=2021-10", &prov, "value=\"10.2021.\"");
    int st = 0;
    char *body = get_body("/statement?month=13.2021", &prov, &st);
    assert_int_equal(st, 422);
    assert_non_null(strstr(body, "id=\"f-month-err\""));
    wf_tidy_ok(body, "/statement with a bad month");
    free(body);
}

/* The demo reproduces the source's recipients without an assessment: in
 * Bauska 74 GRT adults received services and 72 were assessed, so the
 * head of Bauska sees 2 findings, with names and links to the cards; the
 * head of Dobele none of Bauska's; the region's coordinator all 77 of
 * Zemgale (those 76 and the project's ESF part), with client numbers only
 * and no card links; the ministry counts. Reading findings that name clients
 * is in the access log, for the findings listed and no others. */
static size_t count_of(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* /need: the region's page has a row per row of the API, a map with one
 * shape per municipality of the region (6 in Zemgale after the reform), a
 * bar chart; the head's page has one municipality; another head's is 404. */
static void test_need_page(void **state)
{
    (void)state;
    login head, other, region;
    assert_int_equal(api_login("head-bauska", PASSWORD, &head), 200);
    assert_int_equal(api_login("head-dobele", PASSWORD, &other), 200);
    assert_int_equal(api_login("region-zpr", PASSWORD, &region), 200);
    set_lang(&region, "lv");
    int st = 0;
    json_t *j = get_json("/api/v1/need?at=2021-12-31", &region, &st);
    assert_int_equal(st, 200);
    size_t rows = json_array_size(json_object_get(j, "rows"));
    assert_int_equal(json_array_size(json_object_get(j, "municipalities")), 6);
    assert_true(rows > 6);
    json_decref(j);
    resp r;
    assert_int_equal(get("/need?at=2021-12-31", region.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    wf_tidy_ok(r.body, "/need");
    assert_int_equal(count_of(r.body, "<g class=\"area\""), 6);
    assert_non_null(strstr(r.body, "<title id=\"need-map-title\">"));
    assert_non_null(strstr(r.body, "<desc id=\"need-chart-desc\">"));
    /* Table rows: one <tr><th scope="row"> per API row, and the total. */
    assert_int_equal(count_of(r.body, "<tr><th scope=\"row\" data-label"), rows);
    assert_int_equal(count_of(r.body, "<rect class=\"bar\""), 6 * 3);
    resp_free(&r);
    assert_int_equal(get("/need?at=2021-12-31", head.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_of(r.body, "<g class=\"area\""), 1);
    assert_non_null(strstr(r.body, "data-atvk=\"0025000\""));
    resp_free(&r);
    assert_int_equal(get("/need?at=2021-12-31&municipality=0025000", other.cookie, &r), 0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    j = get_json("/api/v1/need?at=2021-12-31&municipality=0025000", &other, &st);
    assert_int_equal(st, 404);
    json_decref(j);
}

static void test_check_scope(void **state)
{
    (void)state;
    login head, other, region, ministry, admin;
    assert_int_equal(api_login("head-bauska", PASSWORD, &head), 200);
    assert_int_equal(api_login("head-dobele", PASSWORD, &other), 200);
    assert_int_equal(api_login("region-zpr", PASSWORD, &region), 200);
    assert_int_equal(api_login("ministry", PASSWORD, &ministry), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    set_lang(&head, "lv");
    set_lang(&region, "lv");
    int st = 0;
    json_t *j = get_json("/api/v1/check?at=2021-12-31", &head, &st);
    assert_int_equal(st, 200);
    assert_string_equal(json_string_value(json_object_get(j, "at")), "2021-12-31");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "counts"), "error")), 2);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 2);
    assert_true(json_is_true(json_object_get(j, "names")));
    json_t *items = json_object_get(j, "findings");
    assert_int_equal(json_array_size(items), 2);
    int64_t named[2] = {0, 0};
    char name[256] = "";
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        assert_string_equal(json_string_value(json_object_get(it, "check")), "services_without_assessment");
        assert_string_equal(json_string_value(json_object_get(json_object_get(it, "municipality"), "atvk")), "0025000");
        const char *n = json_string_value(json_object_get(it, "client_name"));
        assert_non_null(n);
        assert_true(strlen(n) > 3);
        named[i] = json_integer_value(json_object_get(it, "client_id"));
        snprintf(name, sizeof name, "%s", n);
    }
    json_decref(j);
    assert_true(audited(&admin, named[0], "head-bauska", "check"));
    assert_true(audited(&admin, named[1], "head-bauska", "check"));
    char link[64];
    snprintf(link, sizeof link, "href=\"/clients/%lld\"", (long long)named[1]);
    page_ok("/check?at=2021-12-31", &head, link);
    page_ok("/check?at=2021-12-31", &head, name);
    page_ok("/check?at=2021-12-31&check=services_without_assessment", &head, "Parādīti 1–2 no 2.");
    page_ok("/caseloads", &head, "Kļūdas: 2, brīdinājumi: 0, informācijai: 0.");

    /* Dobele's head: Dobele's findings only, never Bauska's; asking for
     * Bauska's is a record that is not there. */
    j = get_json("/api/v1/check?at=2021-12-31&limit=1000", &other, &st);
    assert_int_equal(st, 200);
    assert_true(json_integer_value(json_object_get(j, "total")) > 0);
    json_array_foreach(json_object_get(j, "findings"), i, it)
    {
        assert_string_not_equal(json_string_value(json_object_get(json_object_get(it, "municipality"), "atvk")),
                                "0025000");
        assert_true(json_integer_value(json_object_get(it, "client_id")) != named[0]);
        assert_true(json_integer_value(json_object_get(it, "client_id")) != named[1]);
    }
    json_decref(j);
    char *body = get_body("/check?at=2021-12-31", &other, &st);
    assert_int_equal(st, 200);
    assert_null(strstr(body, name));
    assert_null(strstr(body, link));
    assert_null(strstr(body, "0025000"));
    wf_tidy_ok(body, "/check as head-dobele");
    free(body);
    body = get_body("/check?municipality=0025000", &other, &st);
    assert_int_equal(st, 404);
    assert_null(strstr(body, name));
    free(body);
    j = get_json("/api/v1/check?municipality=0025000", &other, &st);
    assert_int_equal(st, 404);
    json_decref(j);
    assert_false(audited(&admin, named[0], "head-dobele", "check"));

    /* The region: every finding of Zemgale, numbers without names, no card
     * links; the same order as the administrator's list of the region. */
    j = get_json("/api/v1/check?at=2021-12-31&limit=100", &region, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), 77);
    assert_true(json_is_false(json_object_get(j, "names")));
    json_array_foreach(json_object_get(j, "findings"), i, it)
    {
        assert_null(json_object_get(it, "client_name"));
        assert_string_equal(json_string_value(json_object_get(it, "region")), "ZPR");
    }
    json_decref(j);
    resp r;
    assert_int_equal(get("/check?at=2021-12-31&check=services_without_assessment", region.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, name));
    assert_null(strstr(r.body, "href=\"/clients/"));
    assert_non_null(strstr(r.body, "klients Nr."));
    assert_false(has_personal_code(r.body));
    wf_tidy_ok(r.body, "/check as region-zpr");
    resp_free(&r);
    page_ok("/", &region, "Kļūdas: 76, brīdinājumi: 0, informācijai: 1.");

    /* Paging: a page of five is five of the same list, and only the
     * clients on it are in the access log. */
    j = get_json("/api/v1/check?at=2021-12-31&region=ZPR&check=services_without_assessment&limit=1000", &admin, &st);
    assert_int_equal(st, 200);
    json_t *all = json_object_get(j, "findings");
    assert_int_equal(json_array_size(all), 76);
    int64_t fifth = json_integer_value(json_object_get(json_array_get(all, 5), "client_id"));
    int64_t last = json_integer_value(json_object_get(json_array_get(all, 75), "client_id"));
    int64_t first = json_integer_value(json_object_get(json_array_get(all, 0), "client_id"));
    json_t *p2 = get_json("/api/v1/check?at=2021-12-31&check=services_without_assessment&limit=5&offset=5", &region, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_array_size(json_object_get(p2, "findings")), 5);
    assert_int_equal(json_integer_value(json_object_get(p2, "total")), 76);
    assert_int_equal(json_integer_value(json_object_get(p2, "offset")), 5);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(p2, "findings"), 0), "client_id")),
                     fifth);
    json_decref(p2);
    json_decref(j);
    assert_true(audited(&admin, fifth, "region-zpr", "check"));
    assert_true(audited(&admin, first, "region-zpr", "check")); /* listed above with limit=100 */
    p2 = get_json("/api/v1/check?at=2021-12-31&check=services_without_assessment&offset=100", &region, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_array_size(json_object_get(p2, "findings")), 0);
    json_decref(p2);
    (void)last;

    /* The ministry: counts per region and check, nothing listed, no
     * access record; a region filter keeps that region's counts. */
    j = get_json("/api/v1/check?at=2021-12-31", &ministry, &st);
    assert_int_equal(st, 200);
    assert_true(json_is_false(json_object_get(j, "listed")));
    assert_int_equal(json_array_size(json_object_get(j, "findings")), 0);
    int64_t zpr = 0;
    json_array_foreach(json_object_get(j, "totals"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "region")), "ZPR") == 0)
            zpr += json_integer_value(json_object_get(it, "count"));
    }
    assert_int_equal(zpr, 77);
    json_decref(j);
    j = get_json("/api/v1/check?at=2021-12-31&region=KPR", &ministry, &st);
    assert_int_equal(st, 200);
    json_array_foreach(json_object_get(j, "totals"), i, it)
        assert_string_equal(json_string_value(json_object_get(it, "region")), "KPR");
    json_decref(j);
    page_ok("/check?at=2021-12-31", &ministry, "ZPR");
    page_ok("/check?at=2021-12-31&region=ZPR", &ministry, "<option value=\"ZPR\" selected>");
    assert_false(audited(&admin, named[0], "ministry", "check"));

    /* The administrator: everything, client numbers only, no card links. */
    body = get_body("/check?at=2021-12-31&region=ZPR", &admin, &st);
    assert_int_equal(st, 200);
    assert_null(strstr(body, name));
    assert_null(strstr(body, "href=\"/clients/"));
    assert_false(has_personal_code(body));
    wf_tidy_ok(body, "/check as admin");
    free(body);
}

/* Bad filters get a message naming the field, on the page (400) and in
 * the API (400 with "fields"); a region outside the caller's is not there. */
/* The drill-down on the web: the region's coordinator and the ministry
 * see pseudonyms and counts, a municipality's head and social worker the
 * names of their own municipality's persons with links to the cards, and
 * nothing of another; every figure of the browser's HTML report links to
 * its records. */
static void test_figure_records_web(void **state)
{
    (void)state;
    login sw, head, other, region, ministry;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &sw), 200);
    assert_int_equal(api_login("head-bauska", PASSWORD, &head), 200);
    assert_int_equal(api_login("head-dobele", PASSWORD, &other), 200);
    assert_int_equal(api_login("region-zpr", PASSWORD, &region), 200);
    assert_int_equal(api_login("ministry", PASSWORD, &ministry), 200);
    const char *fig = "/api/v1/figures/records?figure=context.grt.grt_adults_living.persons.0&region=ZPR&date=2021-12-31";
    int st = 0;
    json_t *j = get_json(fig, &region, &st);
    assert_int_equal(st, 200);
    int64_t whole = json_integer_value(json_object_get(j, "count"));
    assert_true(whole > 0);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), whole);
    int64_t bauska = 0, dobele = 0, in_bauska = 0;
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(j, "records"), i, it)
    {
        /* No name, no client id for the region: a pseudonym. */
        assert_true(json_is_null(json_object_get(it, "name")));
        assert_true(json_is_null(json_object_get(it, "client_id")));
        assert_int_equal(strlen(json_string_value(json_object_get(it, "pseudonym"))), 16);
        const char *m = json_string_value(json_object_get(it, "municipality"));
        if (!strcmp(m, "Bauskas novads")) {
            bauska = json_integer_value(json_object_get(it, "municipality_id"));
            in_bauska++;
        }
        if (!strcmp(m, "Dobeles novads"))
            dobele = json_integer_value(json_object_get(it, "municipality_id"));
    }
    json_decref(j);
    assert_true(bauska > 0 && dobele > 0 && in_bauska > 0);
    /* The ministry: the country's list has the region's persons, unnamed. */
    j = get_json("/api/v1/figures/records?figure=context.grt.grt_adults_living.persons.0&region=ALL&date=2021-12-31",
                 &ministry, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "count")), whole);
    json_array_foreach(json_object_get(j, "records"), i, it) assert_true(json_is_null(json_object_get(it, "name")));
    json_decref(j);

    char path[256];
    snprintf(path, sizeof path, "%s&municipality=%lld", fig, (long long)bauska);
    const login *own[] = {&sw, &head};
    for (size_t k = 0; k < 2; k++) {
        j = get_json(path, own[k], &st);
        assert_int_equal(st, 200);
        assert_int_equal(json_integer_value(json_object_get(j, "count")), in_bauska);
        size_t named = 0;
        json_array_foreach(json_object_get(j, "records"), i, it)
        {
            if (json_is_string(json_object_get(it, "name"))) {
                named++;
                assert_true(json_integer_value(json_object_get(it, "client_id")) > 0);
            }
            assert_string_equal(json_string_value(json_object_get(it, "municipality")), "Bauskas novads");
        }
        assert_true(named > 0);
        json_decref(j);
    }
    /* The page: names linked to the cards for the head, none for the region. */
    snprintf(path, sizeof path,
             "/figures/records?figure=context.grt.grt_adults_living.persons.0&region=ZPR&date=2021-12-31&municipality=%lld",
             (long long)bauska);
    page_ok(path, &head, "<a href=\"/clients/");
    char *body = get_body(path, &region, &st);
    assert_int_equal(st, 200);
    assert_null(strstr(body, "/clients/"));
    assert_non_null(strstr(body, "<code>"));
    wf_tidy_ok(body, path);
    free(body);
    /* Another municipality's head, or the head asking for Dobele: 404. */
    body = get_body(path, &other, &st);
    assert_int_equal(st, 404);
    free(body);
    snprintf(path, sizeof path, "%s&municipality=%lld", fig, (long long)dobele);
    j = get_json(path, &head, &st);
    assert_int_equal(st, 404);
    json_decref(j);
    /* A share lists its numerator's records. */
    j = get_json("/api/v1/figures/records?figure=compensation..total.pct.0&region=ZPR&date=2021-12-31", &region, &st);
    assert_int_equal(st, 200);
    assert_true(json_is_true(json_object_get(j, "derived")));
    assert_string_equal(json_string_value(json_object_get(j, "unit")), "cents");
    json_decref(j);
    /* The browser's HTML report links its figures to their records. */
    body = get_body("/evaluation/file?region=ZPR&at=2021-12-31&format=html", &region, &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(body, "<a href=\"/figures/records?region=ZPR&amp;date=2021-12-31&amp;figure="
                                 "context.grt.grt_adults_living.persons.0&amp;municipality="));
    free(body);
}

static void test_check_bad_input(void **state)
{
    (void)state;
    login head, region, ministry;
    assert_int_equal(api_login("head-bauska", PASSWORD, &head), 200);
    assert_int_equal(api_login("region-zpr", PASSWORD, &region), 200);
    assert_int_equal(api_login("ministry", PASSWORD, &ministry), 200);
    set_lang(&head, "lv");
    set_lang(&ministry, "en");
    int st = 0;
    char *body = get_body("/check?at=2021-02-30", &head, &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(body, "datums jānorāda formā dd.mm.gggg."));
    wf_tidy_ok(body, "/check with a bad date");
    free(body);
    body = get_body("/check?check=no_such_check", &head, &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(body, "nav tādas pārbaudes"));
    assert_non_null(strstr(body, "id=\"f-check\" name=\"check\" aria-invalid=\"true\""));
    wf_tidy_ok(body, "/check with an unknown check");
    free(body);
    body = get_body("/check?region=XYZ", &ministry, &st);
    assert_int_equal(st, 400);
    assert_non_null(strstr(body, "unknown planning region"));
    wf_tidy_ok(body, "/check with an unknown region");
    free(body);
    body = get_body("/check?region=KPR", &region, &st);
    assert_int_equal(st, 404);
    free(body);

    json_t *j = get_json("/api/v1/check?check=no_such_check", &head, &st);
    assert_int_equal(st, 400);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "check"));
    json_decref(j);
    j = get_json("/api/v1/check?at=2021-13-01", &head, &st);
    assert_int_equal(st, 400);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "at"));
    json_decref(j);
    const char *const bad_limits[] = {"/api/v1/check?limit=0", "/api/v1/check?limit=1001", "/api/v1/check?limit=x"};
    for (size_t k = 0; k < sizeof bad_limits / sizeof bad_limits[0]; k++) {
        j = get_json(bad_limits[k], &head, &st);
        assert_int_equal(st, 400);
        assert_non_null(json_object_get(json_object_get(j, "fields"), "limit"));
        json_decref(j);
    }
    j = get_json("/api/v1/check?region=KPR", &region, &st);
    assert_int_equal(st, 404);
    json_decref(j);
}

/* head-bauska builds a month's claim; head-dobele cannot see it; region-zpr
 * accepts a line (a reject without a reason is refused next to the field),
 * then the rest, and pays it; the statuses follow. Then a year's indicator
 * value, and the same year again refused. Every page through tidy. */
static void test_claims_and_indicators(void **state)
{
    (void)state;
    login head, other, region, admin;
    assert_int_equal(api_login("head-bauska", PASSWORD, &head), 200);
    assert_int_equal(api_login("head-dobele", PASSWORD, &other), 200);
    assert_int_equal(api_login("region-zpr", PASSWORD, &region), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    resp r;
    char body[256], path[128];
    /* Latvian pages (an earlier test switched head-bauska to English). */
    const login *lv[] = {&head, &region};
    for (size_t i = 0; i < 2; i++) {
        form_post("/lang", lv[i], "lang=lv&back=%2F", &r);
        assert_int_equal(r.status, 303);
        resp_free(&r);
    }

    /* A bad month: 422, the message next to the field, the value kept. */
    form_post("/claims/build", &head, "month=2021-13", &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "id=\"f-month-err\""));
    assert_non_null(strstr(r.body, "value=\"2021-13\""));
    wf_tidy_ok(r.body, "claim build error");
    resp_free(&r);

    /* Build: without confirmation the preview comes (nothing written),
     * with the preview's own numbers a redirect to the new claim; stale
     * numbers show the preview again (409). */
    int64_t claims_before = db_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?2", 0, 0);
    snprintf(body, sizeof body, "month=%s", g_claim_month);
    form_post("/claims/build", &head, body, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Apstiprināt un iesniegt"));
    wf_tidy_ok(r.body, "claim preview");
    char *el = strstr(r.body, "name=\"expect_lines\" value=\"");
    char *et = strstr(r.body, "name=\"expect_total\" value=\"");
    assert_non_null(el);
    assert_non_null(et);
    long long exp_lines = 0, exp_total = 0;
    assert_int_equal(sscanf(el + strlen("name=\"expect_lines\" value=\""), "%lld", &exp_lines), 1);
    assert_int_equal(sscanf(et + strlen("name=\"expect_total\" value=\""), "%lld", &exp_total), 1);
    assert_true(exp_lines > 0 && exp_total > 0);
    resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?2", 0, 0), claims_before);
    snprintf(path, sizeof path, "/claims/preview?month=%s", g_claim_month);
    page_ok(path, &head, "name=\"confirm\" value=\"1\"");
    snprintf(body, sizeof body, "month=%s&confirm=1&expect_lines=%lld&expect_total=%lld", g_claim_month, exp_lines,
             exp_total - 1);
    form_post("/claims/build", &head, body, &r);
    assert_int_equal(r.status, 409);
    assert_non_null(strstr(r.body, "kopš priekšskatījuma"));
    wf_tidy_ok(r.body, "claim changed since the preview");
    resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?2", 0, 0), claims_before);
    snprintf(body, sizeof body, "month=%s&confirm=1&expect_lines=%lld&expect_total=%lld", g_claim_month, exp_lines,
             exp_total);
    form_post("/claims/build", &head, body, &r);
    if (r.status != 303)
        fail_msg("build %s: %d %s", g_claim_month, r.status, r.body);
    char *loc = header(&r, "Location");
    resp_free(&r);
    long long claim = 0;
    assert_int_equal(sscanf(loc, "/claims/%lld", &claim), 1);
    free(loc);
    char status[16] = "";
    db_text("SELECT status FROM claim WHERE id = ?", claim, status, sizeof status);
    assert_string_equal(status, "submitted");
    int64_t line = db_int("SELECT MIN(line_no) FROM claim_line WHERE claim_id = ?1 AND status = 'pending' AND ?2 = ?2",
                          claim, 0);
    assert_true(line > 0);
    int64_t client = db_int("SELECT client_id FROM claim_line WHERE claim_id = ?1 AND line_no = ?2", claim, line);

    snprintf(path, sizeof path, "/claims/%lld", claim);
    page_ok(path, &head, "gaida lēmumu");
    assert_true(audited(&admin, client, "head-bauska", "list"));
    page_ok("/claims", &head, path);
    assert_int_equal(get(path, other.cookie, &r), 0);
    assert_int_equal(r.status, 404); /* another municipality's claim */
    resp_free(&r);

    /* The region: the claim waits; its page has the one verification form. */
    page_ok("/claims", &region, path);
    snprintf(body, sizeof body, "action=\"/claims/%lld/verify-all\"", claim);
    page_ok(path, &region, body);
    snprintf(path, sizeof path, "/claims/%lld/verify", claim);
    form_post(path, &head, "line=1&verdict=accept", &r);
    assert_int_equal(r.status, 403); /* the head does not verify */
    resp_free(&r);
    snprintf(body, sizeof body, "line=%lld&verdict=reject&reason=", (long long)line);
    form_post(path, &region, body, &r);
    assert_int_equal(r.status, 422);
    /* The one-line call stays (the page now decides many at once): its
     * message is in the summary at the top. */
    assert_non_null(strstr(r.body, "role=\"alert\""));
    assert_non_null(strstr(r.body, "href=\"#f-reason\""));
    wf_tidy_ok(r.body, "verdict without a reason");
    resp_free(&r);
    snprintf(body, sizeof body, "line=%lld&verdict=accept&reason=", (long long)line);
    form_post(path, &region, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND line_no = ?2 AND status = 'accepted'",
                            claim, line),
                     1);
    int64_t left = db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND status = 'pending' AND ?2 = ?2", claim, 0);
    db_text("SELECT status FROM claim WHERE id = ?", claim, status, sizeof status);
    assert_string_equal(status, left ? "submitted" : "verified");
    snprintf(path, sizeof path, "/claims/%lld", claim);
    page_ok(path, &head, "pieņemta");

    /* Accept all but one with a reason: first what will happen (nothing
     * written), a missing reason named next to its slot (422), then the
     * confirmed verdicts in one go. */
    int64_t pending = db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND status = 'pending' AND ?2 = ?2",
                             claim, 0);
    /* The first waiting line: the first slot of the first page. */
    int64_t last = db_int("SELECT COALESCE(MIN(line_no), 0) FROM claim_line WHERE claim_id = ?1 AND status = 'pending'"
                          " AND ?2 = ?2",
                          claim, 0);
    if (pending >= 2) {
        snprintf(path, sizeof path, "/claims/%lld/verify-all", claim);
        snprintf(body, sizeof body, "accept_rest=1&expect_pending=%lld&reject_1=%lld&reason_1=", (long long)pending,
                 (long long)last);
        form_post(path, &region, body, &r);
        assert_int_equal(r.status, 422);
        assert_non_null(strstr(r.body, "id=\"f-reason_1-err\""));
        wf_tidy_ok(r.body, "verify-all without a reason");
        resp_free(&r);
        form_post(path, &head, body, &r);
        assert_int_equal(r.status, 403);
        resp_free(&r);
        snprintf(body, sizeof body, "accept_rest=1&expect_pending=%lld&reject_1=%lld&reason_1=Nav+paraksta",
                 (long long)pending, (long long)last);
        form_post(path, &region, body, &r);
        assert_int_equal(r.status, 200);
        assert_non_null(strstr(r.body, "Tiks noraidītas šīs rindas"));
        assert_non_null(strstr(r.body, "Nav paraksta"));
        wf_tidy_ok(r.body, "verify-all confirmation");
        resp_free(&r);
        assert_int_equal(db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND status = 'pending' AND ?2 = ?2",
                                claim, 0),
                         pending);
        snprintf(body, sizeof body, "confirm=1&accept_rest=1&expect_pending=%lld&reject_1=%lld&reason_1=Nav+paraksta",
                 (long long)pending, (long long)last);
        form_post(path, &region, body, &r);
        assert_int_equal(r.status, 303);
        resp_free(&r);
        assert_int_equal(db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND line_no = ?2"
                                " AND status = 'rejected' AND reason = 'Nav paraksta'",
                                claim, last),
                         1);
        assert_int_equal(db_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ?1 AND status = 'pending' AND ?2 = ?2",
                                claim, 0),
                         0);
    }
    /* Accept the rest, then pay: the split with the rounding difference. */
    while ((line = db_int("SELECT COALESCE(MIN(line_no), 0) FROM claim_line WHERE claim_id = ?1 AND status = 'pending'"
                          " AND ?2 = ?2",
                          claim, 0)) > 0) {
        snprintf(path, sizeof path, "/claims/%lld/verify", claim);
        snprintf(body, sizeof body, "line=%lld&verdict=accept", (long long)line);
        form_post(path, &region, body, &r);
        assert_int_equal(r.status, 303);
        resp_free(&r);
    }
    db_text("SELECT status FROM claim WHERE id = ?", claim, status, sizeof status);
    assert_string_equal(status, "verified");
    page_ok("/claims", &region, "name=\"c_1\"");
    form_post("/claims/pay", &region, "paid_on=2022-01-20", &r);
    assert_int_equal(r.status, 422); /* nothing chosen */
    assert_non_null(strstr(r.body, "id=\"f-claim-err\""));
    wf_tidy_ok(r.body, "pay without claims");
    resp_free(&r);
    snprintf(body, sizeof body, "c_1=%lld&paid_on=2022-01-20", claim);
    form_post("/claims/pay", &region, body, &r);
    assert_int_equal(r.status, 303);
    loc = header(&r, "Location");
    resp_free(&r);
    assert_non_null(strstr(loc, "/claims?paid="));
    page_ok(loc, &region, "Noapaļošanas starpība");
    free(loc);
    db_text("SELECT status FROM claim WHERE id = ?", claim, status, sizeof status);
    assert_string_equal(status, "paid");

    /* Indicators: an entered one gets a year's value once. */
    int64_t ind = db_int("SELECT MIN(id) FROM indicator WHERE region_code = 'ZPR' AND source = 'entered' AND ?1 = ?2", 0, 0);
    assert_true(ind > 0);
    snprintf(body, sizeof body, "indicator_id=%lld&period_year=2023&value=261", (long long)ind);
    form_post("/indicators/value", &region, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    page_ok("/indicators?saved=1", &region, "<strong>261</strong> (region-zpr");
    form_post("/indicators/value", &region, body, &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "id=\"f-period_year-err\""));
    assert_non_null(strstr(r.body, "viena vērtība gadā"));
    wf_tidy_ok(r.body, "indicator value twice");
    resp_free(&r);
    form_post("/indicators/value", &head, body, &r);
    assert_int_equal(r.status, 403);
    resp_free(&r);

    /* A value is corrected with a reason; the page shows the correction
     * beside the value, and the old value stays in the history. */
    snprintf(path, sizeof path, "/indicators?indicator=%lld&correct=2023", (long long)ind);
    page_ok(path, &region, "action=\"/indicators/correct\"");
    snprintf(body, sizeof body, "indicator_id=%lld&period_year=2023&value=270&reason=", (long long)ind);
    form_post("/indicators/correct", &region, body, &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "id=\"f-reason-err\""));
    wf_tidy_ok(r.body, "correction without a reason");
    resp_free(&r);
    snprintf(body, sizeof body, "indicator_id=%lld&period_year=2023&value=270&reason=Aptauja+precizēta",
             (long long)ind);
    form_post("/indicators/correct", &head, body, &r);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    form_post("/indicators/correct", &region, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    page_ok("/indicators?saved=2", &region, "261 → 270 (region-zpr: Aptauja precizēta)");
    assert_int_equal(db_int("SELECT COUNT(*) FROM indicator_value_version h JOIN indicator_value v"
                            " ON v.id = h.indicator_value_id WHERE v.indicator_id = ?1 AND h.value = 261 AND ?2 = ?2",
                            ind, 0),
                     1);
    /* The same through the API; a value that changes nothing names the field. */
    snprintf(path, sizeof path, "/api/v1/indicators/%lld/corrections", (long long)ind);
    const char *fix = "{\"period_year\": 2023, \"value\": 272, \"reason\": \"Vēlreiz\"}";
    assert_int_equal(http("POST", path, region.cookie, region.csrf, "application/json", fix, strlen(fix), &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(http("POST", path, region.cookie, region.csrf, "application/json", fix, strlen(fix), &r), 0);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"value\""));
    resp_free(&r);
    assert_int_equal(http("POST", path, head.cookie, head.csrf, "application/json", fix, strlen(fix), &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);

    /* A compensation payment corrected through the API: the region's
     * coordinator, with a reason; the old amount is kept. */
    int64_t pay = db_int("SELECT MIN(c.id) FROM compensation_payment c JOIN project j ON j.id = c.project_id"
                         " WHERE j.region_code = 'ZPR' AND ?1 = ?2", 0, 0);
    int64_t cents = db_int("SELECT amount_cents FROM compensation_payment WHERE id = ?1 AND ?2 = ?2", pay, 0);
    assert_true(pay > 0 && cents > 0);
    snprintf(path, sizeof path, "/api/v1/compensation-payments/%lld/corrections", (long long)pay);
    snprintf(body, sizeof body, "{\"amount\": \"%lld.%02lld\"}", (long long)((cents + 100) / 100),
             (long long)((cents + 100) % 100));
    assert_int_equal(http("POST", path, region.cookie, region.csrf, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 400); /* no reason */
    assert_non_null(strstr(r.body, "\"reason\""));
    resp_free(&r);
    snprintf(body, sizeof body, "{\"amount\": \"%lld.%02lld\", \"reason\": \"Rēķins labots\"}",
             (long long)((cents + 100) / 100), (long long)((cents + 100) % 100));
    assert_int_equal(http("POST", path, region.cookie, region.csrf, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(db_int("SELECT amount_cents FROM compensation_payment WHERE id = ?1 AND ?2 = ?2", pay, 0),
                     cents + 100);
    assert_int_equal(db_int("SELECT amount_cents FROM compensation_payment_version WHERE payment_id = ?1 AND ?2 = ?2",
                            pay, 0),
                     cents);

    /* A provider is closed by an administrator only. */
    int64_t prov = db_int("SELECT MIN(id) FROM provider WHERE closed_on IS NULL AND ?1 = ?2", 0, 0);
    snprintf(path, sizeof path, "/api/v1/providers/%lld/closure", (long long)prov);
    const char *close = "{\"closed_on\": \"2099-12-31\", \"reason\": \"Darbība beigta\"}";
    assert_int_equal(http("POST", path, region.cookie, region.csrf, "application/json", close, strlen(close), &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    assert_int_equal(http("POST", path, admin.cookie, admin.csrf, "application/json", close, strlen(close), &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(http("POST", path, admin.cookie, admin.csrf, "application/json", close, strlen(close), &r), 0);
    assert_int_equal(r.status, 400); /* already closed */
    assert_non_null(strstr(r.body, "\"closed_on\""));
    resp_free(&r);
    assert_int_equal(http("POST", "/api/v1/providers/99999999/closure", admin.cookie, admin.csrf, "application/json",
                          close, strlen(close), &r),
                     0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    /* The head's claims are a paged list: one claim, counted, on page 1;
     * page 2 of 25 shows none of it. */
    int st = 0;
    char *p1 = get_body("/claims", &head, &st);
    assert_int_equal(st, 200);
    assert_non_null(strstr(p1, "class=\"count\" role=\"status\""));
    assert_non_null(strstr(p1, "href=\"/claims/"));
    wf_tidy_ok(p1, "/claims paged");
    free(p1);
    char *p2 = get_body("/claims?page=2&per=25", &head, &st);
    assert_int_equal(st, 200);
    const char *tbody = strstr(p2, "<tbody>");
    assert_true(tbody == NULL || strstr(tbody, "href=\"/claims/") == NULL);
    free(p2);
}

/* Registration is no oracle: the same bad request (a wrong target group)
 * with a code registered in another municipality and with one registered
 * nowhere gets byte-identical answers from the form and the API; only a
 * request that is right in every field learns that the person is someone
 * else's client, and that is audited. */
static void test_register_oracle(void **state)
{
    (void)state;
    login b, admin;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    resp r;
    form_post("/lang", &b, "lang=lv&back=%2F", &r);
    resp_free(&r);
    const char *codes[2] = {g_dobele_code, g_nobody_code};
    char *form[2] = {NULL, NULL}, *api[2] = {NULL, NULL};
    int form_st[2] = {0, 0}, api_st[2] = {0, 0};
    char body[512];
    for (int k = 0; k < 2; k++) {
        snprintf(body, sizeof body,
                 "form_token=oracle-form-1&personal_code=%s&given_name=J%%C4%%81nis&family_name=Ozoli%%C5%%86%%C5%%A1"
                 "&birth_date=%s&municipality=0025000&target_group=xyz&registered_on=2024-01-10",
                 codes[k], g_dobele_birth);
        form_post("/clients/new", &b, body, &r);
        form_st[k] = r.status;
        form[k] = kp_xstrdup(r.body);
        resp_free(&r);
        snprintf(body, sizeof body,
                 "{\"personal_code\":\"%s\",\"given_name\":\"Jānis\",\"family_name\":\"Ozoliņš\","
                 "\"birth_date\":\"%s\",\"municipality\":\"0025000\",\"target_group\":\"xyz\","
                 "\"registered_on\":\"2024-01-10\"}",
                 codes[k], g_dobele_birth);
        char ck[256];
        snprintf(ck, sizeof ck, "%s\r\nIdempotency-Key: oracle-api-1", b.cookie);
        assert_int_equal(http("POST", "/api/v1/clients", ck, b.csrf, "application/json", body, strlen(body), &r), 0);
        api_st[k] = r.status;
        api[k] = kp_xstrdup(r.body);
        resp_free(&r);
    }
    assert_int_equal(form_st[0], 422);
    assert_int_equal(form_st[0], form_st[1]);
    /* The form keeps what was typed, the code too (issue 9): apart from
     * that echo the two answers must be the same bytes. */
    for (int k = 0; k < 2; k++) {
        char *at = strstr(form[k], codes[k]);
        assert_non_null(at);
        memset(at, '#', strlen(codes[k]));
        assert_null(strstr(form[k], codes[k]));
    }
    if (strcmp(form[0], form[1]) != 0)
        fail_msg("the registration form answers differently for a registered code");
    assert_non_null(strstr(form[0], "id=\"f-target_group-err\""));
    assert_null(strstr(form[0], "id=\"f-personal_code-err\""));
    wf_tidy_ok(form[0], "registration with a bad target group");
    assert_true(api_st[0] == 400 || api_st[0] == 422);
    assert_int_equal(api_st[0], api_st[1]);
    if (strcmp(api[0], api[1]) != 0)
        fail_msg("the API answers differently for a registered code: %s / %s", api[0], api[1]);
    assert_null(strstr(api[0], "personal_code"));
    for (int k = 0; k < 2; k++) {
        free(form[k]);
        free(api[k]);
    }
    assert_false(audited(&admin, g_own_dobele, "sw-bauska", "register_duplicate_elsewhere"));
    /* Right in every field: refused, with how a move is recorded, and audited. */
    snprintf(body, sizeof body,
             "form_token=oracle-form-2&personal_code=%s&given_name=J%%C4%%81nis&family_name=Ozoli%%C5%%86%%C5%%A1"
             "&birth_date=%s&municipality=0025000&target_group=grt&disability_group=2&registered_on=2024-01-10",
             g_dobele_code, g_dobele_birth);
    form_post("/clients/new", &b, body, &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "id=\"f-personal_code-err\""));
    assert_non_null(strstr(r.body, "pārcelšanos"));
    /* The code shows only where the worker typed it (kept, issue 9), never
     * in a message: exactly once, as the field's value. */
    char typed[40];
    snprintf(typed, sizeof typed, "value=\"%s\"", g_dobele_code);
    const char *once = strstr(r.body, g_dobele_code);
    assert_non_null(once);
    assert_true(once >= r.body + 7 && strncmp(once - 7, typed, strlen(typed)) == 0);
    assert_null(strstr(once + 1, g_dobele_code));
    wf_tidy_ok(r.body, "registration of another municipality's client");
    resp_free(&r);
    assert_true(audited(&admin, g_own_dobele, "sw-bauska", "register_duplicate_elsewhere"));
    /* Someone already in the worker's own municipality: a link to the card. */
    char code[16];
    snprintf(body, sizeof body, "/api/v1/clients/%lld?include=personal_code", (long long)g_own_bauska);
    int st = 0;
    json_t *j = get_json(body, &b, &st);
    assert_int_equal(st, 200);
    snprintf(code, sizeof code, "%s", json_string_value(json_object_get(j, "personal_code")));
    char birth[11];
    snprintf(birth, sizeof birth, "%s", json_string_value(json_object_get(j, "birth_date")));
    json_decref(j);
    snprintf(body, sizeof body,
             "form_token=oracle-form-3&personal_code=%s&given_name=J%%C4%%81nis&family_name=Ozoli%%C5%%86%%C5%%A1"
             "&birth_date=%s&municipality=0025000&target_group=grt&disability_group=2&registered_on=2024-01-10",
             code, birth);
    form_post("/clients/new", &b, body, &r);
    assert_int_equal(r.status, 422);
    char link[64];
    snprintf(link, sizeof link, "<a href=\"/clients/%lld\">", (long long)g_own_bauska);
    if (!strstr(r.body, link))
        fail_msg("no link to the existing record: %s", r.body);
    wf_tidy_ok(r.body, "registration of an own client again");
    resp_free(&r);
}

/* Every route that takes a record id beside the client in the URL checks
 * that the record is that client's: a plan, a plan item, a draft. Another
 * client's record (even one the caller may see) answers as an unknown one. */
static void test_record_ids_belong_to_client(void **state)
{
    (void)state;
    login b;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    resp r;
    form_post("/lang", &b, "lang=lv&back=%2F", &r);
    resp_free(&r);
    int64_t A = g_own_bauska;
    int64_t B = db_int("SELECT MIN(c.id) FROM client c JOIN municipality m ON m.id = c.municipality_id"
                       " WHERE m.key = 'bauska' AND c.id <> ?1 AND ?2 = ?2",
                       A, 0);
    assert_true(B > 0);
    char path[128], body[600];
    const char *plan_row = "goals=Patst%C4%81v%C4%ABba&review_on=2099-06-30&action=save&service_1=day_care&volume_1=10"
                      "&start_date_1=2022-02-01&end_date_1=2022-06-30";
    /* B's new draft plan, made the ordinary way. */
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)B);
    snprintf(body, sizeof body, "form_token=ids-1&%s", plan_row);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    int64_t p1 = db_int("SELECT MAX(id) FROM support_plan WHERE client_id = ?1 AND status = 'draft' AND ?2 = ?2", B, 0);
    assert_true(p1 > 0);

    /* The issue: approving B's plan under A's URL. */
    snprintf(path, sizeof path, "/clients/%lld/plan/approve", (long long)A);
    snprintf(body, sizeof body, "form_token=ids-2&plan_id=%lld&approved_on=2022-01-16&confirm=1", (long long)p1);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    char status[16] = "";
    db_text("SELECT status FROM support_plan WHERE id = ?", p1, status, sizeof status);
    assert_string_equal(status, "draft");
    /* Under its own client's URL it is approved. */
    snprintf(path, sizeof path, "/clients/%lld/plan/approve", (long long)B);
    snprintf(body, sizeof body, "form_token=ids-3&plan_id=%lld&approved_on=2022-01-16", (long long)p1);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 200); /* the card's button asks first (issue 9) */
    resp_free(&r);
    db_text("SELECT status FROM support_plan WHERE id = ?", p1, status, sizeof status);
    assert_string_equal(status, "draft");
    snprintf(body, sizeof body, "form_token=ids-3&plan_id=%lld&approved_on=2022-01-16&confirm=1", (long long)p1);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    db_text("SELECT status FROM support_plan WHERE id = ?", p1, status, sizeof status);
    assert_string_equal(status, "approved");

    /* A second version of B's plan; comparing B's versions under A's URL. */
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)B);
    snprintf(body, sizeof body, "form_token=ids-4&%s", plan_row);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    int64_t p2 = db_int("SELECT MAX(id) FROM support_plan WHERE client_id = ?1 AND status = 'draft' AND ?2 = ?2", B, 0);
    assert_true(p2 > p1);
    snprintf(path, sizeof path, "/clients/%lld/plans/diff?a=%lld&b=%lld", (long long)A, (long long)p1, (long long)p2);
    assert_int_equal(get(path, b.cookie, &r), 0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    snprintf(path, sizeof path, "/clients/%lld/plans/diff?a=%lld&b=%lld", (long long)B, (long long)p1, (long long)p2);
    page_ok(path, &b, NULL);

    /* Changing B's draft through A's plan form. */
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)A);
    snprintf(body, sizeof body, "form_token=ids-5&plan_id=%lld&%s", (long long)p2, plan_row);
    form_post(path, &b, body, &r);
    assert_int_equal(r.status, 404);
    resp_free(&r);

    /* Granting A a service of B's plan item: refused, nothing written. An
     * item of another municipality's client reads as an unknown one. */
    int64_t item = db_int("SELECT MIN(id) FROM plan_item WHERE plan_id = ?1 AND ?2 = ?2", p1, 0);
    int64_t foreign = db_int("SELECT MIN(i.id) FROM plan_item i JOIN support_plan p ON p.id = i.plan_id"
                             " JOIN client c ON c.id = p.client_id JOIN municipality m ON m.id = c.municipality_id"
                             " WHERE m.key LIKE 'dobele%' AND ?1 = ?2",
                             0, 0);
    assert_true(item > 0 && foreign > 0);
    int64_t before = db_int("SELECT COUNT(*) FROM assignment WHERE client_id = ?1 AND ?2 = ?2", A, 0);
    const int64_t items[3] = {item, foreign, 999999999};
    char *msg[3] = {NULL, NULL, NULL};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "/clients/%lld/assign", (long long)A);
        snprintf(body, sizeof body,
                 "form_token=ids-6-%d&plan_item_id=%lld&service=day_care&start_date=2022-02-01&end_date=2022-02-28"
                 "&units=5&decided_on=2022-01-16",
                 k, (long long)items[k]);
        form_post(path, &b, body, &r);
        assert_int_equal(r.status, 422);
        const char *err = strstr(r.body, "id=\"f-plan_item_id-err\">");
        assert_non_null(err);
        err += strlen("id=\"f-plan_item_id-err\">");
        msg[k] = kp_xstrndup(err, strcspn(err, "<"));
        resp_free(&r);
    }
    assert_non_null(strstr(msg[0], "cita klienta"));
    assert_string_equal(msg[1], msg[2]);
    for (int k = 0; k < 3; k++)
        free(msg[k]);
    assert_int_equal(db_int("SELECT COUNT(*) FROM assignment WHERE client_id = ?1 AND ?2 = ?2", A, 0), before);

    /* A draft of another municipality's client's form. */
    snprintf(body, sizeof body, "form=plan&record_key=%lld&body=goals%%3Dx", (long long)g_own_dobele);
    form_post("/drafts", &b, body, &r);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    form_post("/drafts", &b, "form=plan&record_key=not-a-client&body=goals%3Dx", &r);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    snprintf(body, sizeof body, "form=plan&record_key=%lld&body=goals%%3Dx", (long long)A);
    form_post("/drafts", &b, body, &r);
    assert_int_equal(r.status, 204);
    resp_free(&r);
}

/* 300 guesses at one account in an hour (the server's clock moves 12 s a
 * guess): at most 100 are checked, each refusal is 429 with Retry-After and
 * a message, and the owner, whose browser has the device cookie, logs in
 * throughout. Moves the clock on by an hour. */
/* ---- An assignment over time (page_assignment.c, api_assignments.c) ---- */

/* Count of `needle` in `hay`. */
static int occurrences(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The pages and API calls that cancel, suspend and end: roles, scope, CSRF,
 * field errors, tidy; and the card and the provider's referrals no longer
 * say "in force" for a service that ended (every demo service ended before
 * the server's today). */
static void test_assignment_changes(void **state)
{
    (void)state;
    login sw, other, prov;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &sw), 200);
    assert_int_equal(api_login("sw-dobele", PASSWORD, &other), 200);
    /* A Bauska client's assignment with days left after its last delivery. */
    int64_t a = db_int("SELECT a.id FROM assignment a JOIN client c ON c.id = a.client_id JOIN municipality m"
                       " ON m.id = c.municipality_id WHERE m.key = 'bauska-pre2021' AND a.provider_id BETWEEN 1 AND 3 AND ?1 = ?1 AND ?2 = ?2"
                       " AND a.end_date > date(COALESCE((SELECT MAX(delivered_on) FROM delivery WHERE assignment_id = a.id),"
                       " a.start_date), '+3 day') ORDER BY a.id LIMIT 1",
                       0, 0);
    assert_true(a > 0);
    int64_t client = db_int("SELECT client_id FROM assignment WHERE id = ?1 AND ?2 = ?2", a, 0);
    int64_t pid = db_int("SELECT provider_id FROM assignment WHERE id = ?1 AND ?2 = ?2", a, 0);
    char puser[32];
    snprintf(puser, sizeof puser, "provider-%lld", (long long)pid);
    assert_int_equal(api_login(puser, PASSWORD, &prov), 200);
    char from[11] = "", to[11] = "", path[128], body[256];
    db_text("SELECT date(COALESCE((SELECT MAX(delivered_on) FROM delivery WHERE assignment_id = a.id), a.start_date),"
            " '+1 day') FROM assignment a WHERE a.id = ?1",
            a, from, sizeof from);
    db_text("SELECT date(COALESCE((SELECT MAX(delivered_on) FROM delivery WHERE assignment_id = a.id), a.start_date),"
            " '+2 day') FROM assignment a WHERE a.id = ?1",
            a, to, sizeof to);

    /* The page: own worker 200 (tidy), another municipality's 404, provider 403. */
    snprintf(path, sizeof path, "/assignments/%lld", (long long)a);
    page_ok(path, &sw, "beidzies");
    resp r;
    assert_int_equal(get(path, other.cookie, &r), 0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    assert_int_equal(get(path, prov.cookie, &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    snprintf(path, sizeof path, "/assignments/%lld?at=%s", (long long)a, from);
    page_ok(path, &sw, "spēkā");

    /* The API: status on a date; scope; the provider reads its referral. */
    snprintf(path, sizeof path, "/api/v1/assignments/%lld?at=%s", (long long)a, from);
    int st = 0;
    json_t *j = get_json(path, &sw, &st);
    assert_int_equal(st, 200);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "in_force");
    json_decref(j);
    j = get_json(path, &prov, &st);
    assert_int_equal(st, 200);
    json_decref(j);
    j = get_json(path, &other, &st);
    assert_int_equal(st, 404);
    json_decref(j);

    /* Suspend through the API: CSRF first, then the fields, then 201. */
    snprintf(path, sizeof path, "/api/v1/assignments/%lld/suspend", (long long)a);
    snprintf(body, sizeof body, "{\"suspended_from\":\"%s\",\"suspended_to\":\"%s\",\"reason\":\"COVID-19\"}", from, to);
    assert_int_equal(http("POST", path, sw.cookie, NULL, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    const char *noreason = "{\"suspended_from\":\"2000-01-01\"}";
    assert_int_equal(http("POST", path, sw.cookie, sw.csrf, "application/json", noreason, strlen(noreason), &r), 0);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"reason\""));
    resp_free(&r);
    assert_int_equal(http("POST", path, other.cookie, other.csrf, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    assert_int_equal(http("POST", path, prov.cookie, prov.csrf, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    assert_int_equal(http("POST", path, sw.cookie, sw.csrf, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 201);
    resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/assignments/%lld?at=%s", (long long)a, to);
    j = get_json(path, &sw, &st);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "suspended");
    assert_int_equal(json_array_size(json_object_get(j, "suspensions")), 1);
    json_decref(j);

    /* The form: a wrong date is shown again next to its field (422, tidy);
     * a right one redirects; the event is in the client's history. */
    snprintf(path, sizeof path, "/assignments/%lld/end", (long long)a);
    form_post(path, &sw, "end_date=1999-01-01&end_reason=x", &r);
    assert_int_equal(r.status, 422);
    assert_non_null(strstr(r.body, "f-end_date-err"));
    wf_tidy_ok(r.body, "end form with an error");
    resp_free(&r);
    snprintf(body, sizeof body, "end_date=%s&end_reason=m%%C4%%93r%%C4%%B7i+sasniegti", to);
    form_post(path, &sw, body, &r);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM audit WHERE entity = 'assignment' AND entity_id = ?1 AND ?2 = ?2"
                            " AND action IN ('suspend', 'end') AND reason <> ''",
                            a, 0),
                     2);
    assert_int_equal(http("POST", path, sw.cookie, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_true(r.status == 403 || r.status == 200); /* no CSRF token: refused, the form shown again */
    resp_free(&r);

    /* The card and the referrals: none of these services is in force today. */
    snprintf(path, sizeof path, "/clients/%lld", (long long)client);
    assert_int_equal(get(path, sw.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    assert_int_equal(occurrences(r.body, "<td>spēkā"), 0);
    assert_true(occurrences(r.body, "<td>beidzies") > 0);
    resp_free(&r);
    assert_int_equal(get("/referrals?all=1", prov.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    char today[11];
    server_today(today);
    int64_t in_force = db_int_text("SELECT COUNT(*) FROM assignment WHERE provider_id = ?1 AND cancelled_from IS NULL"
                                   " AND start_date <= ?2 AND end_date >= ?2",
                                   pid, today);
    assert_int_equal(occurrences(r.body, "<td>spēkā</td>"), in_force);
    assert_true(occurrences(r.body, "<td>beidzies</td>") > 0);
    resp_free(&r);

    /* Ending a plan: the page, then a wrong date. */
    int64_t plan = db_int("SELECT p.id FROM support_plan p WHERE p.client_id = ?1 AND p.status = 'approved' AND ?2 = ?2",
                          client, 0);
    if (plan > 0) {
        snprintf(path, sizeof path, "/plans/%lld/end", (long long)plan);
        page_ok(path, &sw, "Izbeigt");
        form_post(path, &sw, "ended_on=1900-01-01&reason=x", &r);
        assert_int_equal(r.status, 422);
        wf_tidy_ok(r.body, "plan end with an error");
        resp_free(&r);
        assert_int_equal(get(path, other.cookie, &r), 0);
        assert_int_equal(r.status, 404);
        resp_free(&r);
    }
}

static void test_throttling(void **state)
{
    (void)state;
    login owner, x;
    assert_int_equal(api_login("head-dobele", PASSWORD, &owner), 200);
    assert_non_null(strstr(owner.device, "kopa_device="));
    int checked = 0, refused = 0, owner_ok = 0;
    long long base = atomic_load(&wf.clock);
    for (int i = 0; i < 300; i++) {
        atomic_store(&wf.clock, base + 1 + i * 12);
        resp r;
        int st = api_login_as("head-dobele", "not-the-password", NULL, &x, &r);
        if (st == 401) {
            checked++;
        } else {
            assert_int_equal(st, 429);
            char *ra = header(&r, "Retry-After");
            assert_non_null(ra);
            long secs = strtol(ra, NULL, 10);
            assert_true(secs >= 1 && secs <= 15 * 60);
            free(ra);
            json_t *j = json_loads(r.body, 0, NULL);
            assert_non_null(strstr(json_string_value(json_object_get(j, "error")), "min."));
            json_decref(j);
            refused++;
        }
        resp_free(&r);
        if (i % 60 == 59) {
            login again;
            assert_int_equal(api_login_as("head-dobele", PASSWORD, owner.device, &again, NULL), 200);
            assert_string_equal(again.device, owner.device);
            owner_ok++;
        }
    }
    if (checked > 100)
        fail_msg("%d of 300 guesses in an hour were checked", checked);
    assert_true(checked >= 10 && refused >= 200);
    assert_int_equal(owner_ok, 5);
    /* The right password from a browser without the cookie waits too. */
    assert_int_equal(api_login("head-dobele", PASSWORD, &x), 429);
    /* The HTML form says the same, next to the password field. */
    resp r;
    assert_int_equal(get("/login", NULL, &r), 0);
    char *pre = set_cookie(&r, "kopa_pre");
    resp_free(&r);
    char body[256];
    snprintf(body, sizeof body, "csrf=%s&username=head-dobele&password=%s", strchr(pre, '=') + 1, PASSWORD);
    assert_int_equal(http("POST", "/login", pre, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 429);
    char *ra = header(&r, "Retry-After");
    assert_non_null(ra);
    free(ra);
    assert_non_null(strstr(r.body, "id=\"f-password-err\""));
    assert_non_null(strstr(r.body, "Mēģiniet vēlreiz pēc"));
    wf_tidy_ok(r.body, "throttled login form");
    resp_free(&r);
    /* With the device cookie the form logs the owner in. */
    char cookies[300];
    snprintf(cookies, sizeof cookies, "%s; %s", pre, owner.device);
    assert_int_equal(http("POST", "/login", cookies, NULL, "application/x-www-form-urlencoded", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 303);
    resp_free(&r);
    free(pre);
    /* An hour on, the window has passed. */
    atomic_store(&wf.clock, base + 3600 + 15 * 60);
    assert_int_equal(api_login("head-dobele", PASSWORD, &x), 200);
}

/* Runs last: moves the server's clock past the idle limit. */
static void test_session_expiry(void **state)
{
    (void)state;
    login b;
    assert_int_equal(api_login("sw-jelgava-city", PASSWORD, &b), 200);
    resp r;
    assert_int_equal(get("/api/v1/me", b.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    long long base = atomic_load(&wf.clock);
    atomic_store(&wf.clock, base + 20 * 60);
    assert_int_equal(get("/api/v1/me", b.cookie, &r), 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    atomic_store(&wf.clock, base + 20 * 60 + 31 * 60);
    assert_int_equal(get("/api/v1/me", b.cookie, &r), 0);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    assert_int_equal(get("/", b.cookie, &r), 0);
    assert_int_equal(r.status, 303);
    char *loc = header(&r, "Location");
    assert_non_null(strstr(loc, "/login?next=/"));
    assert_non_null(strstr(loc, "expired=1"));
    free(loc);
    resp_free(&r);
}

/* Reads at once from many connections: every one answered 200 and every one
 * left its record, which the admin's audit view shows (the access writer
 * commits many requests' records together, audit.h). */
enum { READERS = 8, READS_EACH = 10 };
typedef struct reader {
    const login *who;
    int64_t client;
    int ok;
} reader;

static void *reader_main(void *arg)
{
    reader *rd = arg;
    char path[64];
    snprintf(path, sizeof path, "/api/v1/clients/%lld", (long long)rd->client);
    for (int i = 0; i < READS_EACH; i++) {
        resp r;
        if (get(path, rd->who->cookie, &r) == 0) {
            rd->ok += r.status == 200;
            resp_free(&r);
        }
    }
    return NULL;
}

static void test_concurrent_reads_all_audited(void **state)
{
    (void)state;
    login b, admin;
    assert_int_equal(api_login("sw-bauska", PASSWORD, &b), 200);
    assert_int_equal(api_login("admin", PASSWORD, &admin), 200);
    const char *count_sql = "SELECT COUNT(*) FROM access_log WHERE actor = 'sw-bauska' AND action = 'view'"
                            " AND entity = 'client' AND client_id = ?1 AND ?2 = ?2";
    int64_t before = db_int(count_sql, g_own_bauska, 0);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/audit?client=%lld&user=sw-bauska&action=view&limit=1",
             (long long)g_own_bauska);
    int st = 0;
    json_t *j = get_json(path, &admin, &st);
    assert_int_equal(st, 200);
    json_int_t shown_before = json_integer_value(json_object_get(j, "total"));
    json_decref(j);
    pthread_t t[READERS];
    reader rd[READERS];
    for (int i = 0; i < READERS; i++) {
        rd[i] = (reader){.who = &b, .client = g_own_bauska, .ok = 0};
        assert_int_equal(pthread_create(&t[i], NULL, reader_main, &rd[i]), 0);
    }
    int ok = 0;
    for (int i = 0; i < READERS; i++) {
        pthread_join(t[i], NULL);
        ok += rd[i].ok;
    }
    assert_int_equal(ok, READERS * READS_EACH);
    assert_int_equal(db_int(count_sql, g_own_bauska, 0), before + READERS * READS_EACH);
    /* The audit viewer shows them too. */
    j = get_json(path, &admin, &st);
    assert_int_equal(st, 200);
    assert_int_equal(json_integer_value(json_object_get(j, "total")), shown_before + READERS * READS_EACH);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_matrix),
        cmocka_unit_test(test_security_headers),
        cmocka_unit_test(test_error_answers),
        cmocka_unit_test(test_scoped_lists_and_audit),
        cmocka_unit_test(test_personal_code),
        cmocka_unit_test(test_csrf_and_bad_bodies),
        cmocka_unit_test(test_html_login_and_stale_form),
        cmocka_unit_test(test_check_scope),
        cmocka_unit_test(test_need_page),
        cmocka_unit_test(test_figure_records_web),
        cmocka_unit_test(test_check_bad_input),
        cmocka_unit_test(test_statement_month),
        cmocka_unit_test(test_claims_and_indicators),
        cmocka_unit_test(test_register_oracle),
        cmocka_unit_test(test_record_ids_belong_to_client),
        cmocka_unit_test(test_assignment_changes),
        cmocka_unit_test(test_throttling),
        cmocka_unit_test(test_session_expiry),
        cmocka_unit_test(test_concurrent_reads_all_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
