/* The in-process web test fixture (see web_fixture.h): what the page tests
 * in tests/unit/web/ had each copied, in one place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check_db.h"
#include "pg_fixture.h"
#include "web_fixture.h"
#include "core/personal_code.h"
#include "demo/demo.h"
#include "service/accounts/accounts.h"
#include "service/transfer/catalogue.h"
#include "store/keyring.h"
#include "store/store.h"

wf_fixture wf;

static bool g_fixed_clock;

static int64_t fixture_clock(void *arg)
{
    (void)arg;
    return atomic_load(&wf.clock) + (g_fixed_clock ? 0 : (int64_t)time(NULL));
}

int wf_start(const wf_options *o)
{
    wf.name = o->name;
    wf.password = o->password;
    g_fixed_clock = o->clock != 0;
    atomic_store(&wf.clock, o->clock);
    kp_password_fast_for_tests(true); /* hashing at full cost would take most of the run */
    snprintf(wf.db, sizeof wf.db, "%s/%s.db", KOPA_TEST_TMP, o->name);
    check_db_remove(wf.db);
    char *kpath = kp_keyring_path_for(wf.db);
    /* On PostgreSQL the database is a fresh one of the cluster, or a copy of
     * its demo template; the key file stays beside where the SQLite file
     * would be. */
    bool copied = false; /* the demo template's copy, its key beside */
    if (pg_test_cluster()) {
        unlink(kpath);
        copied = o->demo;
        if (copied ? pg_test_demo(o->name, kpath, wf.db, sizeof wf.db)
                   : pg_test_create(o->name, wf.db, sizeof wf.db)) {
            free(kpath);
            return -1;
        }
        setenv("KOPA_KEY_FILE", kpath, 1);
    }
    char err[512];
    kp_keyring keys;
    kp_store *st = NULL;
    kp_rc rc = copied ? KP_OK : kp_keyring_create(kpath, err, sizeof err);
    if (!rc)
        rc = kp_keyring_load(kpath, &keys, err, sizeof err);
    free(kpath);
    if (!rc)
        rc = kp_store_open(wf.db, &st, err, sizeof err);
    if (rc) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    kp_ctx ctx = {.db = st, .keys = &keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "lv"};
    if (o->now)
        snprintf(ctx.now, sizeof ctx.now, "%s", o->now);
    else
        kp_ctx_set_now(&ctx);
    kp_errors e;
    kp_errors_init(&e);
    if (!copied)
        rc = kp_catalogue_load(&ctx, kp_catalogue_dir(), &e);
    if (!rc && o->demo && !copied) {
        char figures[600];
        snprintf(figures, sizeof figures, "%s/demo/zemgale-2021.json", kp_catalogue_dir());
        rc = kp_demo_build(&ctx, figures, &e);
    }
    if (!rc && o->build)
        rc = o->build(&ctx, &e);
    if (!rc)
        rc = kp_store_sync_ids(st); /* the catalogues and builders give ids */
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    kp_store_close(st);
    kp_keyring_wipe(&keys);
    if (rc) {
        fprintf(stderr, "setup: %s\n", kp_strerror(rc));
        return -1;
    }
    kp_web_options wo = {.db_path = wf.db, .listen = "127.0.0.1:0", .threads = 2, .clock = fixture_clock,
                         .statistics_every = o->statistics_every, .access_log = o->access_log};
    if (kp_web_start(&wo, &wf.app, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    tc_init(&wf.conn, kp_web_port(wf.app));
    return 0;
}

int wf_stop(void)
{
    tc_close(&wf.conn);
    kp_web_stop(wf.app);
    wf.app = NULL;
    if (pg_test_cluster()) {
        char *kpath = getenv("KOPA_KEY_FILE") ? strdup(getenv("KOPA_KEY_FILE")) : NULL;
        check_db_close(); /* the drop would end its connection */
        pg_test_drop(wf.db);
        if (kpath)
            unlink(kpath);
        free(kpath);
    } else
        check_db_remove(wf.db);
    return 0;
}

kp_rc wf_add_users(kp_ctx *ctx, kp_errors *e, const wf_user *u, size_t n, int64_t *ids)
{
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        kp_user_in in = {.username = u[i].name, .password = wf.password, .role = u[i].role,
                         .municipality = u[i].municipality, .region = u[i].region};
        rc = kp_user_add(ctx, &in, e, ids ? &ids[i] : NULL);
    }
    return rc;
}

void wf_personal_code(int n, char out[16])
{
    for (int k = n;; k++) {
        char d[16];
        snprintf(d, sizeof d, "32%08d", k % 100000000);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9) {
            snprintf(out, 16, "%.6s-%.4s%d", d, d + 6, c);
            return;
        }
    }
}

void wf_log_in(const char *user, wf_who *w)
{
    json_t *req = json_pack("{ssss}", "username", user, "password", wf.password);
    char *body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    tc_resp r;
    assert_int_equal(
        tc_request(&wf.conn, "POST", "/api/v1/login", NULL, "application/json", body, strlen(body), &r), 0);
    free(body);
    assert_int_equal(r.status, 200);
    char *c = tc_set_cookie(&r, "kopa_session");
    assert_non_null(c);
    json_t *j = json_loads(r.body, 0, NULL);
    const char *csrf = json_string_value(json_object_get(j, "csrf"));
    assert_non_null(csrf);
    snprintf(w->csrf, sizeof w->csrf, "%s", csrf);
    snprintf(w->cookie, sizeof w->cookie, "Cookie: %s\r\n", c);
    snprintf(w->auth, sizeof w->auth, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", c, w->csrf);
    json_decref(j);
    free(c);
    tc_resp_free(&r);
}

wf_who wf_without_token(const wf_who *w)
{
    wf_who bare = *w;
    snprintf(bare.auth, sizeof bare.auth, "%s", w->cookie);
    return bare;
}

void wf_tidy_ok(const char *html, const char *what)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s.html", KOPA_TEST_TMP, wf.name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(html, f);
    fclose(f);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "tidy -q -e '%s' 2>'%s.tidy'", path, path);
    int st = system(cmd);
    /* tidy exits 0 when clean, 1 with warnings only, 2 with errors. */
    if (!WIFEXITED(st) || WEXITSTATUS(st) >= 2)
        fail_msg("tidy found errors in %s (see %s.tidy)", what, path);
}

int wf_request(const char *headers, const char *method, const char *path, const char *ctype, const char *body,
               tc_resp *out)
{
    tc_resp r;
    assert_int_equal(tc_request(&wf.conn, method, path, headers, ctype, body, body ? strlen(body) : 0, &r), 0);
    /* Pages a person sees: shown (200), refused input shown again (422),
     * a conflict explained (409). */
    char *ct = tc_header(&r, "Content-Type");
    if ((r.status == 200 || r.status == 409 || r.status == 422) && ct && strstr(ct, "text/html"))
        wf_tidy_ok(r.body, path);
    free(ct);
    int st = r.status;
    if (out)
        *out = r;
    else
        tc_resp_free(&r);
    return st;
}

int wf_get(const wf_who *w, const char *path, tc_resp *out)
{
    return wf_request(w ? w->auth : NULL, "GET", path, NULL, NULL, out);
}

void wf_form_add(kp_buf *b, const char *name, const char *value)
{
    if (b->len)
        kp_buf_putc(b, '&');
    kp_buf_puts(b, name);
    kp_buf_putc(b, '=');
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_')
            kp_buf_putc(b, (char)*p);
        else
            kp_buf_printf(b, "%%%02X", *p);
    }
}

int wf_post_form(const wf_who *w, const char *path, const char *const *kv, tc_resp *out)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    for (size_t i = 0; kv[i]; i += 2)
        wf_form_add(&b, kv[i], kv[i + 1]);
    int st = wf_request(w ? w->auth : NULL, "POST", path, "application/x-www-form-urlencoded", kp_buf_str(&b), out);
    kp_buf_free(&b);
    return st;
}

int wf_post_json(const wf_who *w, const char *path, const char *json, tc_resp *out)
{
    return wf_request(w ? w->auth : NULL, "POST", path, "application/json", json, out);
}

void wf_expect_in(const tc_resp *r, const char *text)
{
    if (!strstr(r->body, text))
        fail_msg("expected '%s' in:\n%.3000s", text, r->body);
}

void wf_expect_not_in(const tc_resp *r, const char *text)
{
    if (strstr(r->body, text))
        fail_msg("did not expect '%s' in:\n%.3000s", text, r->body);
}

const char *wf_find(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("expected '%s' in:\n%.4000s", needle, hay);
    return p;
}

int64_t wf_db_int(const char *sql)
{
    return check_db_int(wf.db, sql);
}

const char *wf_path(const char *tpl, int64_t id)
{
    static char buf[8][200];
    static int next;
    char *b = buf[next++ % 8];
    const char *hole = strstr(tpl, "%lld");
    assert_non_null(hole);
    snprintf(b, 200, "%.*s%lld%s", (int)(hole - tpl), tpl, (long long)id, hole + 4);
    return b;
}
