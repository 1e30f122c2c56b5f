/* Progress at a glance on start pages and /cost with its CSV and JSON, in
 * process over the tiny region of tests/unit/service/progress_region.h
 * with the server's clock at 15 June 2024: the region's coordinator, the
 * ministry (naming the region) and each municipal head see the figures of
 * their scope; a head of another municipality sees nothing of Bauska, and
 * naming it answers 404; social workers are refused. Every HTML answer goes
 * through tidy. The expected values are worked out by hand in
 * tests/unit/service/test_progress_cost.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check_db.h"
#include "http_client.h"
#include "../service/progress_region.h"
#include "service/accounts/accounts.h"
#include "service/transfer/catalogue.h"
#include "store/keyring.h"
#include "web/server.h"

#define PASSWORD "progress-pass-1234"
/* 2024-06-15T10:00:00Z */
#define JUNE_15 1718445600LL

static kp_web_app *g_app;
static char g_db[512];
static atomic_llong g_clock;
static tc_conn g_conn;

static int64_t test_clock(void *arg)
{
    (void)arg;
    return atomic_load(&g_clock);
}

static int setup(void **state)
{
    (void)state;
    kp_password_fast_for_tests(true);
    atomic_store(&g_clock, JUNE_15);
    snprintf(g_db, sizeof g_db, "%s/test_progress_pages.db", KOPA_TEST_TMP);
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
    snprintf(ctx.now, sizeof ctx.now, "2024-06-15T10:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    rc = kp_catalogue_load(&ctx, kp_catalogue_dir(), &e);
    progress_ids ids;
    if (!rc)
        rc = progress_region_make(&ctx, &ids);
    static const struct {
        const char *name, *role, *muni, *region;
    } U[] = {{"head-b", "municipal_head", BAUSKA, NULL}, {"head-d", "municipal_head", DOBELE, NULL},
             {"sw-b", "social_worker", BAUSKA, NULL},    {"region-zpr", "region", NULL, "ZPR"},
             {"region-kpr", "region", NULL, "KPR"},      {"ministry", "ministry", NULL, NULL}};
    for (size_t i = 0; i < sizeof U / sizeof U[0] && !rc; i++) {
        kp_user_in u = {.username = U[i].name, .password = PASSWORD, .role = U[i].role, .municipality = U[i].muni,
                        .region = U[i].region};
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
    kp_web_options o = {.db_path = g_db, .listen = "127.0.0.1:0", .threads = 2, .clock = test_clock};
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
    g_app = NULL;
    check_db_remove(g_db);
    return 0;
}

/* ---- requests ------------------------------------------------------------- */

typedef struct who {
    char auth[512];
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
    snprintf(w->auth, sizeof w->auth, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", c,
             json_string_value(json_object_get(j, "csrf")));
    json_decref(j);
    free(c);
    tc_resp_free(&r);
}

static void tidy_ok(const char *html, const char *what)
{
    char path[600];
    snprintf(path, sizeof path, "%s/test_progress_pages.html", KOPA_TEST_TMP);
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

/* A GET; HTML answers of 200 go through tidy. */
static int get(const who *w, const char *path, tc_resp *out)
{
    tc_resp r;
    assert_int_equal(tc_request(&g_conn, "GET", path, w->auth, NULL, NULL, 0, &r), 0);
    char *ct = tc_header(&r, "Content-Type");
    if (r.status == 200 && ct && strstr(ct, "text/html"))
        tidy_ok(r.body, path);
    free(ct);
    int st = r.status;
    if (out)
        *out = r;
    else
        tc_resp_free(&r);
    return st;
}

static json_t *get_json(const who *w, const char *path)
{
    tc_resp r;
    assert_int_equal(get(w, path, &r), 200);
    json_error_t err;
    json_t *j = json_loads(r.body, 0, &err);
    if (!j)
        fail_msg("%s: not JSON: %s", path, err.text);
    tc_resp_free(&r);
    return j;
}

static json_t *ind(json_t *body, const char *key)
{
    json_t *items = json_object_get(body, "indicators");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *x = json_array_get(items, i);
        if (!strcmp(json_string_value(json_object_get(x, "key")), key))
            return x;
    }
    fail_msg("no indicator %s", key);
    return NULL;
}

static int64_t jint(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    if (!json_is_integer(v))
        fail_msg("%s is not a number", name);
    return (int64_t)json_integer_value(v);
}

static const char *jstr(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void expect_in(const tc_resp *r, const char *text)
{
    if (!strstr(r->body, text))
        fail_msg("\"%s\" is not in the page", text);
}

static void expect_not_in(const tc_resp *r, const char *text)
{
    if (strstr(r->body, text))
        fail_msg("\"%s\" is in the page", text);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_region_start_page(void **state)
{
    (void)state;
    who w;
    log_in("region-zpr", &w);
    tc_resp r;
    assert_int_equal(get(&w, "/", &r), 200);
    expect_in(&r, "Progress īsumā: Zemgales plānošanas reģions, 15.06.2024.");
    expect_in(&r, "<svg class=\"spark\"");
    /* grt_assessed's trend as text, and its status; the rule stated. */
    expect_in(&r, "31.12.2021.: 0; 31.12.2022.: 4; 31.12.2023.: 5; 15.06.2024.: 5");
    expect_in(&r, "atpaliek");
    expect_in(&r, "sasniegts");
    expect_in(&r, "mērķa līnija ir taisne no bāzes vērtības");
    expect_in(&r, "<a href=\"/cost?date=2024-06-15&amp;region=ZPR\">Izmaksas pēc ES finansējuma beigām</a>");
    tc_resp_free(&r);
    /* At a chosen date: 31.12.2022, on track (4 on a line of 4). */
    json_t *j = get_json(&w, "/api/v1/progress?date=2022-12-31");
    assert_string_equal(jstr(j, "region"), "ZPR");
    assert_true(json_is_null(json_object_get(j, "municipality")));
    json_t *a = ind(j, "grt_assessed");
    assert_int_equal(jint(a, "value"), 4);
    assert_int_equal(jint(a, "target_line"), 4);
    assert_string_equal(jstr(a, "status"), "on_track");
    assert_string_equal(jstr(a, "line_start"), "2021-12-31");
    assert_string_equal(jstr(a, "line_end"), "2023-12-31");
    assert_int_equal(json_array_size(json_object_get(a, "trend")), 2);
    json_t *t = ind(j, "specialists_trained");
    assert_int_equal(jint(t, "value"), 2);
    assert_int_equal(jint(t, "value_year"), 2022);
    assert_true(json_is_null(json_object_get(t, "baseline")));
    json_decref(j);
    j = get_json(&w, "/api/v1/progress");
    assert_string_equal(jstr(j, "date"), "2024-06-15");
    assert_string_equal(jstr(ind(j, "grt_assessed"), "status"), "behind");
    assert_string_equal(jstr(ind(j, "specialists_trained"), "status"), "reached");
    json_decref(j);
    /* Another region's coordinator sees none of it. */
    who k;
    log_in("region-kpr", &k);
    assert_int_equal(get(&k, "/api/v1/progress?region=ZPR", NULL), 404);
    assert_int_equal(get(&k, "/api/v1/cost?region=ZPR", NULL), 404);
    assert_int_equal(get(&k, "/cost?region=ZPR", NULL), 404);
    assert_int_equal(get(&k, "/?region=ZPR", NULL), 404);
    /* The indicators page shows the value today. */
    assert_int_equal(get(&w, "/indicators", &r), 200);
    expect_in(&r, "Vērtība šodien");
    expect_in(&r, "<td class=\"num\">4 (2023)</td>");
    tc_resp_free(&r);
    /* A date as people type it is one; a day that does not exist is not. */
    j = get_json(&w, "/api/v1/progress?date=31.12.2022.");
    assert_string_equal(jstr(j, "date"), "2022-12-31");
    json_decref(j);
    assert_int_equal(get(&w, "/api/v1/progress?date=30.02.2022", NULL), 400);
    assert_int_equal(get(&w, "/?date=2022-13-01", NULL), 400);
}

static void test_ministry_chooses_a_region(void **state)
{
    (void)state;
    who w;
    log_in("ministry", &w);
    tc_resp r;
    /* Without a choice: the first region with indicators. */
    assert_int_equal(get(&w, "/", &r), 200);
    expect_in(&r, "<select id=\"f-region\" name=\"region\">");
    expect_in(&r, "Progress īsumā: Zemgales plānošanas reģions");
    tc_resp_free(&r);
    assert_int_equal(get(&w, "/?region=KPR", &r), 200);
    expect_in(&r, "Reģionam nav rādītāju.");
    tc_resp_free(&r);
    assert_int_equal(get(&w, "/?region=XYZ", NULL), 404);
    json_t *j = get_json(&w, "/api/v1/cost?region=ZPR");
    json_t *totals = json_object_get(j, "totals");
    bool seen = false;
    for (size_t i = 0; i < json_array_size(totals); i++) {
        json_t *x = json_array_get(totals, i);
        if (jint(x, "year") == 2028) {
            seen = true;
            assert_true(json_is_true(json_object_get(x, "projected")));
            assert_int_equal(jint(x, "persons"), 6);
            assert_int_equal(jint(x, "units"), 47);
            assert_int_equal(jint(x, "cost_cents"), 124520);
        }
    }
    assert_true(seen);
    assert_int_equal(jint(j, "base_year"), 2023);
    assert_int_equal(jint(j, "project_end_year"), 2023);
    json_decref(j);
    assert_int_equal(get(&w, "/cost?region=ZPR&date=2024-06-15", &r), 200);
    expect_in(&r, "Izmaksas pēc ES finansējuma beigām");
    expect_in(&r, "Bauskas novads");
    expect_in(&r, "Dobeles novads");
    expect_in(&r, "<svg class=\"chart\"");
    /* 2028's bar is the tallest (1 245,20 €): the full 172 of 220. */
    expect_in(&r, "height=\"172\" fill=\"#9db8d9\"/><text");
    expect_in(&r, "Neapmierināta vajadzība");
    tc_resp_free(&r);
}

static void test_head_sees_own_municipality_only(void **state)
{
    (void)state;
    who b, d, sw;
    log_in("head-b", &b);
    log_in("head-d", &d);
    log_in("sw-b", &sw);
    tc_resp r;
    /* The head's start page is progress at a glance for Bauska. */
    assert_int_equal(get(&b, "/", &r), 200);
    expect_in(&r, "Progress īsumā: Bauskas novads, 15.06.2024.");
    expect_in(&r, "31.12.2021.: 0; 31.12.2022.: 2; 31.12.2023.: 3; 15.06.2024.: 3");
    expect_in(&r, "ir noteikti reģionam");
    tc_resp_free(&r);
    json_t *j = get_json(&b, "/api/v1/progress");
    assert_string_equal(jstr(json_object_get(j, "municipality"), "atvk"), BAUSKA);
    assert_int_equal(jint(ind(j, "grt_assessed"), "value"), 3);
    assert_true(json_is_null(json_object_get(ind(j, "grt_assessed"), "status")));
    assert_true(json_is_null(json_object_get(ind(j, "specialists_trained"), "value")));
    json_decref(j);
    /* Dobele's head: D and E; nothing of Bauska, and naming it is 404. */
    j = get_json(&d, "/api/v1/progress");
    assert_int_equal(jint(ind(j, "grt_assessed"), "value"), 2);
    json_decref(j);
    assert_int_equal(get(&d, "/api/v1/progress?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(get(&d, "/api/v1/cost?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(get(&d, "/cost?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(get(&d, "/cost?municipality=9999999", NULL), 404);
    assert_int_equal(get(&d, "/", &r), 200);
    expect_not_in(&r, "Bauska");
    tc_resp_free(&r);
    assert_int_equal(get(&d, "/cost", &r), 200);
    expect_in(&r, "Dobeles novads");
    expect_not_in(&r, "Bauska");
    tc_resp_free(&r);
    /* Bauska's cost as CSV: its rows only, the projection worked out by
     * hand (2028: C's day care counted in, 37 units × 22,80 €; B's respite
     * at the region's 3 units per person). */
    assert_int_equal(get(&b, "/cost?format=csv", &r), 200);
    char *ct = tc_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/csv"));
    free(ct);
    expect_in(&r, "municipality_atvk,municipality,service,year,projected,persons,units,unit_cost,cost,unmet_added\n");
    expect_in(&r, "0025000,Bauskas novads,day_care,2022,0,1,10,,228.00,\n");
    expect_in(&r, "0025000,Bauskas novads,day_care,2023,0,2,25,,570.00,\n");
    expect_in(&r, "0025000,Bauskas novads,day_care,2028,1,3,37,22.80,843.60,1\n");
    expect_in(&r, "0025000,Bauskas novads,respite,2028,1,1,3,55.00,165.00,1\n");
    expect_not_in(&r, DOBELE);
    tc_resp_free(&r);
    assert_int_equal(get(&b, "/cost?format=pdf", NULL), 400);
    /* Social workers have neither. */
    assert_int_equal(get(&sw, "/cost", NULL), 403);
    assert_int_equal(get(&sw, "/api/v1/progress", NULL), 403);
    assert_int_equal(get(&sw, "/api/v1/cost", NULL), 403);
    assert_int_equal(get(&sw, "/", NULL), 303);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_start_page),
        cmocka_unit_test(test_ministry_chooses_a_region),
        cmocka_unit_test(test_head_sees_own_municipality_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
