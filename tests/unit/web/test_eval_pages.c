/* The evaluation as the published document, in-process over the Zemgale
 * demo: read chapter by chapter (contents, print view), the coordinator's
 * chapters saved as versions (CSRF, escaping, all or none), approval after
 * a confirmation page, a record changed, approval again: version 2 lists
 * the changed figure (Jelgava city's compensation, 398 161,28 € + 100,00 €,
 * worked out by hand) and the chapter; files served byte for byte with
 * their SHA-256; another region's coordinator gets 404 everywhere. Every
 * HTML answer goes through tidy. */
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
#include <unistd.h>
#include "check_db.h"
#include "http_client.h"
#include "core/buf.h"
#include "demo/demo.h"
#include "service/accounts/accounts.h"
#include "service/figures/evaluations.h"
#include "service/transfer/catalogue.h"
#include "web/server.h"

#define PASSWORD "eval-pages-pass-8812"

static kp_web_app *g_app;
static char g_db[512];
static tc_conn g_conn;

static int setup(void **state)
{
    (void)state;
    kp_password_fast_for_tests(true);
    snprintf(g_db, sizeof g_db, "%s/test_eval_pages.db", KOPA_TEST_TMP);
    check_db_remove(g_db);
    char *kpath = kp_keyring_path_for(g_db);
    char err[512];
    kp_keyring keys;
    kp_store *st = NULL;
    kp_rc rc = kp_keyring_create(kpath, err, sizeof err);
    if (!rc)
        rc = kp_keyring_load(kpath, &keys, err, sizeof err);
    free(kpath);
    if (!rc)
        rc = kp_store_open(g_db, &st, err, sizeof err);
    if (rc) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    kp_ctx ctx = {.db = st, .keys = &keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    char figures[600];
    snprintf(figures, sizeof figures, "%s/demo/zemgale-2021.json", KOPA_DEFAULT_DATA_DIR);
    rc = kp_catalogue_load(&ctx, kp_catalogue_dir(), &e);
    if (!rc)
        rc = kp_demo_build(&ctx, figures, &e);
    static const struct {
        const char *name, *role, *region, *muni;
    } U[] = {{"coord-zpr", "region", "ZPR", NULL},
             {"coord-lpr", "region", "LPR", NULL},
             {"analyst", "ministry", NULL, NULL},
             {"sw-x", "social_worker", NULL, "0025000"}};
    for (size_t i = 0; i < sizeof U / sizeof U[0] && !rc; i++) {
        kp_user_in u = {.username = U[i].name, .password = PASSWORD, .role = U[i].role, .region = U[i].region,
                        .municipality = U[i].muni};
        rc = kp_user_add(&ctx, &u, &e, NULL);
    }
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    kp_store_close(st);
    kp_keyring_wipe(&keys);
    if (rc) {
        fprintf(stderr, "setup: %s\n", kp_strerror(rc));
        return -1;
    }
    kp_web_options o = {.db_path = g_db, .listen = "127.0.0.1:0", .threads = 2};
    if (kp_web_start(&o, &g_app, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    tc_init(&g_conn, kp_web_port(g_app));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tc_close(&g_conn);
    kp_web_stop(g_app);
    check_db_remove(g_db);
    return 0;
}

typedef struct who {
    char auth[512];   /* Cookie and X-CSRF-Token header lines */
    char cookie[200]; /* Cookie only: a form without its token */
    char csrf[80];
} who;

static void log_in(const char *user, who *w)
{
    char body[160];
    snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"" PASSWORD "\"}", user);
    tc_resp r;
    assert_int_equal(tc_request(&g_conn, "POST", "/api/v1/login", NULL, "application/json", body, strlen(body), &r), 0);
    assert_int_equal(r.status, 200);
    char *c = tc_set_cookie(&r, "kopa_session");
    assert_non_null(c);
    json_t *j = json_loads(r.body, 0, NULL);
    snprintf(w->csrf, sizeof w->csrf, "%s", json_string_value(json_object_get(j, "csrf")));
    snprintf(w->cookie, sizeof w->cookie, "Cookie: %s\r\n", c);
    snprintf(w->auth, sizeof w->auth, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", c, w->csrf);
    json_decref(j);
    free(c);
    tc_resp_free(&r);
}

static void tidy_ok(const char *html, const char *what)
{
    char path[600];
    snprintf(path, sizeof path, "%s/test_eval_pages.html", KOPA_TEST_TMP);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(html, f);
    fclose(f);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "tidy -q -e '%s' 2>'%s.tidy'", path, path);
    int st = system(cmd);
    if (!WIFEXITED(st) || WEXITSTATUS(st) >= 2)
        fail_msg("tidy found errors in %s (see %s.tidy)", what, path);
}

static int req(const char *headers, const char *method, const char *path, const char *ctype, const char *body,
               tc_resp *out)
{
    tc_resp r;
    assert_int_equal(tc_request(&g_conn, method, path, headers, ctype, body, body ? strlen(body) : 0, &r), 0);
    char *ct = tc_header(&r, "Content-Type");
    if ((r.status == 200 || r.status == 422 || r.status == 409) && ct && strstr(ct, "text/html"))
        tidy_ok(r.body, path);
    free(ct);
    int st = r.status;
    if (out)
        *out = r;
    else
        tc_resp_free(&r);
    return st;
}

static int get(const who *w, const char *path, tc_resp *out)
{
    return req(w->auth, "GET", path, NULL, NULL, out);
}

static void enc(kp_buf *b, const char *name, const char *value)
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

static int post_form(const char *headers, const char *path, const char *const *kv, tc_resp *out)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    for (size_t i = 0; kv[i]; i += 2)
        enc(&b, kv[i], kv[i + 1]);
    int st = req(headers, "POST", path, "application/x-www-form-urlencoded", kp_buf_str(&b), out);
    kp_buf_free(&b);
    return st;
}

static void expect_in(const tc_resp *r, const char *text)
{
    if (!strstr(r->body, text))
        fail_msg("expected '%s' in:\n%.3000s", text, r->body);
}

static void expect_not_in(const tc_resp *r, const char *text)
{
    if (strstr(r->body, text))
        fail_msg("did not expect '%s' in:\n%.3000s", text, r->body);
}

#define VIEW "/evaluation/view?region=ZPR&at=2021-12-31"

static void test_view_pages_and_scope(void **state)
{
    (void)state;
    who zpr, lpr, min, sw;
    log_in("coord-zpr", &zpr);
    log_in("coord-lpr", &lpr);
    log_in("analyst", &min);
    log_in("sw-x", &sw);
    tc_resp r;
    /* Page 1 is the introduction the demo wrote (seed 003 starts with it);
     * the contents list every chapter, ending with the appendices. */
    assert_int_equal(get(&zpr, VIEW, &r), 200);
    const char *toc = strstr(r.body, "<ol>");
    assert_non_null(toc);
    const char *first = strstr(toc, "<li>");
    assert_non_null(first);
    assert_non_null(strstr(first, "Ievads un tiesiskais pamats"));
    assert_true(strstr(first, "Ievads un tiesiskais pamats") < strstr(first, "Projekts un budžets"));
    assert_true(strstr(toc, "Ieteikumi") < strstr(toc, "1. pielikums"));
    expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    expect_in(&r, "MK noteikumu Nr. 313");
    expect_in(&r, "rel=\"next\"");
    expect_in(&r, "/evaluation/file?region=ZPR&amp;at=2021-12-31&amp;format=pdf");
    expect_not_in(&r, "style=\""); /* the page's CSP forbids inline styles */
    tc_resp_free(&r);
    /* Page 2: the project, with a link back. */
    assert_int_equal(get(&zpr, VIEW "&page=2", &r), 200);
    expect_in(&r, "<h2>Projekts un budžets</h2>");
    expect_in(&r, "rel=\"prev\"");
    expect_not_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    tc_resp_free(&r);
    /* page=0: the whole document (print). */
    assert_int_equal(get(&zpr, VIEW "&page=0", &r), 200);
    expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    expect_in(&r, "<h2>Projekts un budžets</h2>");
    expect_in(&r, "<h3>Pakalpojumu saņēmēju viedoklis</h3>");
    tc_resp_free(&r);
    /* The downloads carry the chapters too. */
    assert_int_equal(get(&zpr, "/evaluation/file?region=ZPR&at=2021-12-31&format=html", &r), 200);
    expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, VIEW "&page=999", NULL), 404);
    assert_int_equal(get(&zpr, "/evaluation/view?at=2021-12-31", NULL), 200); /* the coordinator's own region */
    /* Another region's coordinator: as unknown; the ministry reads;
     * case workers have no evaluation. */
    assert_int_equal(get(&lpr, VIEW, NULL), 404);
    assert_int_equal(get(&lpr, "/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(get(&lpr, "/evaluation/approve?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(get(&lpr, "/evaluation/versions?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(get(&lpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=findings", NULL), 404);
    assert_int_equal(get(&lpr, "/api/v1/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(get(&min, VIEW, NULL), 200);
    assert_int_equal(get(&min, "/evaluation/view?region=ALL&at=2021-12-31", NULL), 200);
    assert_int_equal(get(&min, "/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 403);
    assert_int_equal(get(&sw, VIEW, NULL), 403);
    assert_int_equal(get(&zpr, "/evaluation/view?region=ZPR&at=31.13.2021", NULL), 400);
    assert_int_equal(get(&zpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=preface", &r), 400);
    expect_in(&r, "tādas nodaļas nav: izvēlieties nodaļu");
    tc_resp_free(&r);
    /* The ministry must name the region: the page says so. */
    assert_int_equal(get(&min, "/evaluation/versions?at=2021-12-31", &r), 400);
    expect_in(&r, "nav norādīts plānošanas reģions");
    tc_resp_free(&r);
}

static void test_chapters_saved_as_versions(void **state)
{
    (void)state;
    who zpr, lpr;
    log_in("coord-zpr", &zpr);
    log_in("coord-lpr", &lpr);
    tc_resp r;
    assert_int_equal(get(&zpr, "/evaluation/chapters?region=ZPR&at=2021-12-31", &r), 200);
    expect_in(&r, "<textarea");
    expect_in(&r, "name=\"recommendations\"");
    expect_in(&r, "versija 1, test"); /* the demo was built as "test" */
    tc_resp_free(&r);
    const char *form[] = {"region", "ZPR", "at", "2021-12-31", "findings",
                          "Jauns secinājums <script>alert(1)</script>.\n\n- pirmais punkts", NULL};
    /* Without the CSRF token: refused, nothing written. */
    assert_int_equal(post_form(zpr.cookie, "/evaluation/chapters", form, NULL), 403);
    assert_int_equal(check_db_int(g_db, "SELECT MAX(version) FROM evaluation_chapter WHERE chapter = 'findings'"), 1);
    /* Another region's coordinator posting for Zemgale: 404. */
    assert_int_equal(post_form(lpr.auth, "/evaluation/chapters", form, NULL), 404);
    assert_int_equal(post_form(zpr.auth, "/evaluation/chapters", form, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(check_db_int(g_db, "SELECT MAX(version) FROM evaluation_chapter WHERE chapter = 'findings'"), 2);
    assert_int_equal(check_db_int(g_db, "SELECT COUNT(*) FROM evaluation_chapter WHERE chapter = 'introduction'"), 1);
    /* The text is escaped in the document, the list item a bullet. */
    assert_int_equal(get(&zpr, VIEW "&page=0", &r), 200);
    expect_in(&r, "Jauns secinājums &lt;script&gt;alert(1)&lt;/script&gt;.");
    expect_not_in(&r, "<script>alert");
    expect_in(&r, "\xe2\x80\xa2 pirmais punkts");
    tc_resp_free(&r);
    /* History, newest first. */
    assert_int_equal(get(&zpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=findings", &r), 200);
    const char *v2 = strstr(r.body, "Versija 2"), *v1 = strstr(r.body, "Versija 1");
    assert_non_null(v2);
    assert_non_null(v1);
    assert_true(v2 < v1);
    expect_in(&r, "coord-zpr");
    tc_resp_free(&r);
    /* The API: a new version, then the same text is none. */
    const char *js = "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"chapter\":\"recommendations\",\"body\":\"Ieteikums.\"}";
    assert_int_equal(req(zpr.auth, "POST", "/api/v1/evaluation/chapters", "application/json", js, &r), 200);
    expect_in(&r, "\"version\":2");
    tc_resp_free(&r);
    assert_int_equal(req(zpr.auth, "POST", "/api/v1/evaluation/chapters", "application/json", js, &r), 200);
    expect_in(&r, "\"version\":2");
    tc_resp_free(&r);
    const char *bad = "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"chapter\":\"preface\",\"body\":\"x\"}";
    assert_int_equal(req(zpr.auth, "POST", "/api/v1/evaluation/chapters", "application/json", bad, &r), 400);
    expect_in(&r, "chapter");
    tc_resp_free(&r);
    assert_int_equal(req(lpr.auth, "POST", "/api/v1/evaluation/chapters", "application/json", js, NULL), 404);
}

static int64_t approve(const who *w, const char *expect)
{
    const char *yes[] = {"region", "ZPR", "at", "2021-12-31", "expect", expect, "confirm", "1", NULL};
    tc_resp r;
    assert_int_equal(post_form(w->auth, "/evaluation/approve", yes, &r), 303);
    char *loc = tc_header(&r, "Location");
    assert_non_null(loc);
    const char *p = strstr(loc, "/evaluation/versions/");
    assert_non_null(p);
    int64_t id = strtoll(p + strlen("/evaluation/versions/"), NULL, 10);
    free(loc);
    tc_resp_free(&r);
    return id;
}

static void test_approve_change_approve(void **state)
{
    (void)state;
    who zpr, lpr;
    log_in("coord-zpr", &zpr);
    log_in("coord-lpr", &lpr);
    tc_resp r;
    assert_int_equal(get(&zpr, "/evaluation/approve?region=ZPR&at=2021-12-31", &r), 200);
    expect_in(&r, "Apstiprināt versiju 1");
    expect_in(&r, "name=\"csrf\"");
    tc_resp_free(&r);
    /* Without confirm=1 the page asks; without the token it is refused. */
    const char *ask[] = {"region", "ZPR", "at", "2021-12-31", "expect", "1", NULL};
    assert_int_equal(post_form(zpr.auth, "/evaluation/approve", ask, NULL), 200);
    const char *yes[] = {"region", "ZPR", "at", "2021-12-31", "expect", "1", "confirm", "1", NULL};
    assert_int_equal(post_form(zpr.cookie, "/evaluation/approve", yes, NULL), 403);
    assert_int_equal(post_form(lpr.auth, "/evaluation/approve", yes, NULL), 404);
    assert_int_equal(check_db_int(g_db, "SELECT COUNT(*) FROM evaluation_version"), 0);
    int64_t v1 = approve(&zpr, "1");
    /* The same form again: another approval came first. */
    assert_int_equal(post_form(zpr.auth, "/evaluation/approve", yes, &r), 409);
    tc_resp_free(&r);
    /* A record changes: one more payment of 100,00 € to Jelgava city. */
    assert_int_equal(check_db_int(g_db, "INSERT INTO compensation_payment(project_id, municipality_id, period_start,"
                                        " period_end, paid_on, amount_cents, esf_cents, state_cents) SELECT 1, id,"
                                        " '2021-10-01', '2021-12-31', '2022-01-10', 10000, 8500, 1500 FROM municipality"
                                        " WHERE atvk = '0003000' RETURNING 1"),
                     1);
    assert_int_equal(get(&zpr, "/evaluation/approve?region=ZPR&at=2021-12-31", &r), 200);
    expect_in(&r, "Izmaiņas kopš versijas 1");
    expect_in(&r, "compensation/Jelgavas valstspilsēta//total/eur/</td><td class=\"num\" data-label=\"Bija\">398161.28"
                  "</td><td class=\"num\" data-label=\"Ir\">398261.28</td>");
    tc_resp_free(&r);
    int64_t v2 = approve(&zpr, "2");
    char path[96];
    snprintf(path, sizeof path, "/evaluation/versions/%lld", (long long)v2);
    assert_int_equal(get(&zpr, path, &r), 200);
    expect_in(&r, "Apstiprinātā versija 2");
    expect_in(&r, "398161.28");
    expect_in(&r, "398261.28");
    tc_resp_free(&r);
    assert_int_equal(get(&lpr, path, NULL), 404);
    /* The list has both, newest first, with their hashes. */
    assert_int_equal(get(&zpr, "/evaluation/versions?region=ZPR&at=2021-12-31", &r), 200);
    snprintf(path, sizeof path, "href=\"/evaluation/versions/%lld\">2<", (long long)v2);
    const char *row2 = strstr(r.body, path);
    snprintf(path, sizeof path, "href=\"/evaluation/versions/%lld\">1<", (long long)v1);
    const char *row1 = strstr(r.body, path);
    assert_non_null(row2);
    assert_non_null(row1);
    assert_true(row2 < row1);
    tc_resp_free(&r);
    /* The approved PDF byte for byte, its hash the stored one. */
    snprintf(path, sizeof path, "/evaluation/versions/%lld/file?format=pdf", (long long)v1);
    assert_int_equal(get(&zpr, path, &r), 200);
    char sha[65];
    kp_sha256_hex(r.body, r.body_len, sha);
    char *hdr = tc_header(&r, "X-Content-SHA256");
    assert_non_null(hdr);
    assert_string_equal(hdr, sha);
    free(hdr);
    assert_int_equal(check_db_int_text(g_db, "SELECT COUNT(*) FROM evaluation_snapshot WHERE sha256 = ?", sha), 1);
    assert_memory_equal(r.body, "%PDF", 4);
    tc_resp_free(&r);
    assert_int_equal(get(&lpr, path, NULL), 404);
    snprintf(path, sizeof path, "/evaluation/versions/%lld/file?format=docx", (long long)v1);
    assert_int_equal(get(&zpr, path, NULL), 400);
    /* The API: version 2 lists the change; a stale expected version is 409. */
    snprintf(path, sizeof path, "/api/v1/evaluation/versions/%lld", (long long)v2);
    assert_int_equal(get(&zpr, path, &r), 200);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
    json_t *changes = json_object_get(j, "changes");
    bool found = false;
    for (size_t i = 0; i < json_array_size(changes); i++) {
        json_t *c = json_array_get(changes, i);
        if (!strcmp(json_string_value(json_object_get(c, "item")), "compensation/Jelgavas valstspilsēta//total/eur/")) {
            assert_string_equal(json_string_value(json_object_get(c, "old")), "398161.28");
            assert_string_equal(json_string_value(json_object_get(c, "new")), "398261.28");
            found = true;
        }
    }
    assert_true(found);
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(req(zpr.auth, "POST", "/api/v1/evaluation/approve", "application/json",
                         "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"expect_version\":2}", NULL),
                     409);
    assert_int_equal(req(lpr.auth, "POST", "/api/v1/evaluation/approve", "application/json",
                         "{\"region\":\"ZPR\",\"at\":\"2021-12-31\"}", NULL),
                     404);
    assert_int_equal(check_db_int(g_db, "SELECT COUNT(*) FROM evaluation_version"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_pages_and_scope),
        cmocka_unit_test(test_chapters_saved_as_versions),
        cmocka_unit_test(test_approve_change_approve),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
