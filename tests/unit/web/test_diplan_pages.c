/* The DI plan editor's pages and JSON calls (issue 11, item 1), in-process
 * over a small hand-made database with the server's clock at 15 June 2022:
 *
 *   object "DAC Rūpniecības ielā", Bauskas novads (ZPR), grt day_care,
 *     10 places, ERDF 50 000,00 €, in the plan from 10.01.2022
 *
 * The coordinator of ZPR adds an object and an amendment (No. 1, from
 * 01.03.2022) that changes the first object's places 10 → 14: the plan on
 * 28.02.2022 still shows 10, on 01.03.2022 14; the amendment's text is in
 * the list. Bad input comes back with the message on its field (422), a
 * form without its CSRF token is refused (403), another region's
 * coordinator finds the objects unknown (404), the ministry reads and
 * cannot write (403). Every HTML answer goes through tidy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check_db.h"
#include "http_client.h"
#include "core/buf.h"
#include "service/accounts/accounts.h"
#include "service/programme/programme.h"
#include "service/transfer/catalogue.h"
#include "web/server.h"

#define PASSWORD "diplan-pass-1234"
#define BAUSKA "0025000"
#define DOBELE "0028000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL

static kp_web_app *g_app;
static char g_db[512];
static atomic_llong g_clock;
static int64_t g_object;
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
    snprintf(g_db, sizeof g_db, "%s/test_diplan_pages.db", KOPA_TEST_TMP);
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
    rc = kp_catalogue_load(&ctx, kp_catalogue_dir(), &e);
    static const struct {
        const char *name, *role, *region;
    } U[] = {{"region-zpr", "region", "ZPR"}, {"region-kpr", "region", "KPR"}, {"ministry", "ministry", NULL}};
    for (size_t i = 0; i < sizeof U / sizeof U[0] && !rc; i++) {
        kp_user_in u = {.username = U[i].name, .password = PASSWORD, .role = U[i].role, .region = U[i].region};
        rc = kp_user_add(&ctx, &u, &e, NULL);
    }
    kp_plan_object_in o = {.region = "ZPR", .municipality = BAUSKA, .name = "DAC Rūpniecības ielā",
                           .target_group = "grt", .service = "day_care", .places = "10", .erdf = "50000.00",
                           .status = "planned", .added_on = "2022-01-10", .address = "Rūpniecības iela 9, Bauska"};
    if (!rc)
        rc = kp_plan_object_add(&ctx, &o, &e, &g_object);
    /* A project, so the region's evaluation has data to report. */
    kp_project_in pr = {.number = "9.2.2.1/15/I/002", .name = "Atver sirdi Zemgalē", .region = "ZPR",
                        .start_date = "2016-01-01", .end_date = "2023-12-31", .budget = "100000.00",
                        .esf = "85000.00", .state = "15000.00"};
    if (!rc)
        rc = kp_project_add(&ctx, &pr, &e, NULL);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    kp_store_close(st);
    kp_keyring_wipe(&keys);
    if (rc) {
        fprintf(stderr, "setup: %s\n", kp_strerror(rc));
        return -1;
    }
    kp_web_options opt = {.db_path = g_db, .listen = "127.0.0.1:0", .threads = 2, .clock = test_clock};
    if (kp_web_start(&opt, &g_app, err, sizeof err)) {
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
    char auth[512]; /* Cookie and X-CSRF-Token header lines */
    char cookie[200];
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
    snprintf(w->cookie, sizeof w->cookie, "Cookie: %s\r\n", c);
    snprintf(w->auth, sizeof w->auth, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", c,
             json_string_value(json_object_get(j, "csrf")));
    json_decref(j);
    free(c);
    tc_resp_free(&r);
}

static void tidy_ok(const char *html, const char *what)
{
    char path[600];
    snprintf(path, sizeof path, "%s/test_diplan_pages.html", KOPA_TEST_TMP);
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

/* A request; HTML answers of 200 and 422 go through tidy. */
static int req(const who *w, const char *method, const char *path, const char *ctype, const char *body, tc_resp *out)
{
    tc_resp r;
    assert_int_equal(tc_request(&g_conn, method, path, w ? w->auth : NULL, ctype, body, body ? strlen(body) : 0, &r), 0);
    char *ct = tc_header(&r, "Content-Type");
    if ((r.status == 200 || r.status == 422) && ct && strstr(ct, "text/html"))
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
    return req(w, "GET", path, NULL, NULL, out);
}

/* Form fields, URL-encoded. */
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

static int post_form(const who *w, const char *path, const char *const *kv, tc_resp *out)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    for (size_t i = 0; kv[i]; i += 2)
        enc(&b, kv[i], kv[i + 1]);
    int st = req(w, "POST", path, "application/x-www-form-urlencoded", kp_buf_str(&b), out);
    kp_buf_free(&b);
    return st;
}

static int post_json(const who *w, const char *path, const char *json, tc_resp *out)
{
    return req(w, "POST", path, "application/json", json, out);
}

static void expect_in(const tc_resp *r, const char *text)
{
    if (!strstr(r->body, text))
        fail_msg("expected '%s' in:\n%.3000s", text, r->body);
}

static int64_t db_int(const char *sql)
{
    return check_db_int(g_db, sql);
}

static const char *find_after(const char *hay, const char *needle)
{
    const char *p = strstr(hay, needle);
    if (!p)
        fail_msg("expected '%s' in:\n%.4000s", needle, hay);
    return p;
}

/* The places cell of the object named `name` in the plan's table. */
static int64_t places_of(const char *body, const char *name)
{
    const char *row = find_after(body, name);
    const char *cell = find_after(row, "data-label=\"Vietas\">");
    return strtoll(cell + strlen("data-label=\"Vietas\">"), NULL, 10);
}

static char *location(const tc_resp *r)
{
    char *l = tc_header(r, "Location");
    assert_non_null(l);
    return l;
}

/* ---- tests --------------------------------------------------------------- */

static void test_coordinator_keeps_the_plan(void **state)
{
    (void)state;
    who zpr;
    log_in("region-zpr", &zpr);
    tc_resp r;
    assert_int_equal(get(&zpr, "/di-plan?at=2022-02-01", &r), 200);
    expect_in(&r, "DAC Rūpniecības ielā");
    expect_in(&r, "Rūpniecības iela 9, Bauska");
    expect_in(&r, "href=\"/di-plan\" aria-current"); /* the menu has the page */
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 10);
    /* 50 000,00 € / 10 places = 5 000,00 € a place. */
    expect_in(&r, "data-label=\"Izmaksas uz vietu\">5 000,00");
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/di-plan/objects/new", NULL), 200);
    assert_int_equal(get(&zpr, "/di-plan/amendments/new", NULL), 200);

    /* A new object: bad values come back on their fields. */
    const char *bad[] = {"name", "Grupu dzīvoklis", "municipality", DOBELE, "target_group", "grt", "service",
                         "group_home", "places", "daudz", "status", "planned", "added_on", "01.04.2022.",
                         "erdf", "1,5,0", NULL};
    assert_int_equal(post_form(&zpr, "/di-plan/objects/new", bad, &r), 422);
    expect_in(&r, "id=\"f-places-err\"");
    expect_in(&r, "id=\"f-erdf-err\"");
    expect_in(&r, "value=\"Grupu dzīvoklis\""); /* what was typed stays */
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_object"), 1);
    const char *good[] = {"name", "Grupu dzīvoklis Ādama ielā", "address", "Ādama iela 2, Dobele",
                          "municipality", DOBELE, "target_group", "grt", "service", "group_home", "places", "6",
                          "status", "planned", "added_on", "01.04.2022.", "erdf", "120000.00", "municipal",
                          "6000.00", "planned_completion", "31.12.2023.", NULL};
    assert_int_equal(post_form(&zpr, "/di-plan/objects/new", good, &r), 303);
    char *l = location(&r);
    assert_non_null(strstr(l, "/di-plan/objects/"));
    free(l);
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_object WHERE name = 'Grupu dzīvoklis Ādama ielā'"
                            " AND municipal_cents = 600000 AND planned_completion = '2023-12-31'"),
                     1);

    /* An amendment from 01.03.2022 changing the first object's places. */
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)g_object);
    const char *am[] = {"number", "1", "approved_on", "01.03.2022.", "decision_no", "Nr. 4", "decision_on",
                        "24.02.2022.", "reason", "Vairāk vietu Bauskā",
                        "text", "Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).",
                        "object_id", oid, "field", "places", "new_value", "14", NULL};
    assert_int_equal(post_form(&zpr, "/di-plan/amendments/new", am, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/di-plan?at=2022-02-28", &r), 200);
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 10);
    expect_in(&r, "Līdz šim datumam grozījumu nav.");
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/di-plan?at=2022-03-01", &r), 200);
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 14);
    expect_in(&r, "Grozījumi Nr. 1");
    expect_in(&r, "Nr. 4, 24.02.2022.");
    expect_in(&r, "<p>Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).</p>");
    tc_resp_free(&r);
    /* The object's page: its history names the amendment. */
    char path[120];
    snprintf(path, sizeof path, "/di-plan/objects/%lld?at=2022-03-01", (long long)g_object);
    assert_int_equal(get(&zpr, path, &r), 200);
    expect_in(&r, "<td data-label=\"Bija\">10</td><td data-label=\"Kļūst\">14</td>");
    tc_resp_free(&r);

    /* A status event of its own needs its date and reason. */
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    const char *ev[] = {"amendment_id", "", "field", "status", "new_value", "building", NULL};
    assert_int_equal(post_form(&zpr, path, ev, &r), 422);
    expect_in(&r, "id=\"f-amendment_id-err\"");
    tc_resp_free(&r);
    const char *ev2[] = {"amendment_id", "", "field", "status", "new_value", "building", "effective_on",
                         "02.05.2022.", "reason", "Uzsākti būvdarbi", NULL};
    assert_int_equal(post_form(&zpr, path, ev2, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM audit WHERE entity = 'plan_object' AND action = 'status'"
                            " AND effective_on = '2022-05-02'"),
                     1);
    /* Without the CSRF token: refused, nothing written. */
    who bare = zpr;
    snprintf(bare.auth, sizeof bare.auth, "%s", zpr.cookie);
    const char *ev3[] = {"amendment_id", "", "field", "status", "new_value", "operating", "effective_on",
                         "03.06.2022.", "reason", "Darbojas", NULL};
    assert_int_equal(post_form(&bare, path, ev3, NULL), 403);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_object WHERE status = 'operating'"), 0);
    /* The facts form takes the completion date as the page shows it. */
    snprintf(path, sizeof path, "/di-plan/objects/%lld/edit", (long long)g_object);
    const char *done[] = {"actual_completion", "10.06.2022.", "edit_on", "14.06.2022.", "edit_reason", "Akts", NULL};
    assert_int_equal(post_form(&zpr, path, done, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_object WHERE actual_completion = '2022-06-10'"), 1);
}

static void test_other_region_and_ministry(void **state)
{
    (void)state;
    who kpr, min;
    log_in("region-kpr", &kpr);
    log_in("ministry", &min);
    char path[120];
    snprintf(path, sizeof path, "/di-plan/objects/%lld", (long long)g_object);
    assert_int_equal(get(&kpr, path, NULL), 404);
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    const char *ev[] = {"amendment_id", "", "field", "status", "new_value", "cancelled", "effective_on",
                        "03.06.2022.", "reason", "x", NULL};
    assert_int_equal(post_form(&kpr, path, ev, NULL), 404);
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld", (long long)g_object);
    assert_int_equal(get(&kpr, path, NULL), 404);
    tc_resp r;
    /* Their own plan is empty. */
    assert_int_equal(get(&kpr, "/di-plan", &r), 200);
    assert_null(strstr(r.body, "DAC Rūpniecības ielā"));
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_object WHERE status = 'cancelled'"), 0);
    /* The ministry reads any region's plan, and changes nothing. */
    assert_int_equal(get(&min, "/di-plan?region=ZPR&at=2022-03-01", &r), 200);
    expect_in(&r, "DAC Rūpniecības ielā");
    assert_null(strstr(r.body, "/di-plan/objects/new"));
    tc_resp_free(&r);
    assert_int_equal(get(&min, "/di-plan?region=XYZ", NULL), 404);
    assert_int_equal(get(&min, "/di-plan/objects/new", NULL), 403);
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    assert_int_equal(post_form(&min, path, ev, NULL), 403);
}

static void test_api(void **state)
{
    (void)state;
    who zpr, kpr;
    log_in("region-zpr", &zpr);
    log_in("region-kpr", &kpr);
    tc_resp r;
    assert_int_equal(get(&zpr, "/api/v1/di-plan?at=2022-02-28", &r), 200);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "region")), "ZPR");
    json_t *objects = json_object_get(j, "objects"), *o;
    size_t i;
    bool seen = false;
    json_array_foreach(objects, i, o)
    {
        if (json_integer_value(json_object_get(o, "id")) != g_object)
            continue;
        seen = true;
        assert_int_equal(json_integer_value(json_object_get(o, "places")), 10);
        assert_string_equal(json_string_value(json_object_get(o, "erdf")), "50000.00");
        assert_string_equal(json_string_value(json_object_get(o, "cost_per_place")), "5000.00");
    }
    assert_true(seen);
    json_decref(j);
    tc_resp_free(&r);
    /* An amendment with a change named wrongly: 400 naming the field,
     * nothing written. */
    int64_t before = db_int("SELECT COUNT(*) FROM plan_amendment");
    char body[400];
    snprintf(body, sizeof body,
             "{\"number\":\"2\",\"approved_on\":\"2022-06-01\",\"reason\":\"ERAF\",\"object_id\":\"%lld\","
             "\"field\":\"colour\",\"new_value\":\"red\"}",
             (long long)g_object);
    assert_int_equal(post_json(&zpr, "/api/v1/di-plan/amendments", body, &r), 400);
    j = json_loads(r.body, 0, NULL);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "field"));
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(db_int("SELECT COUNT(*) FROM plan_amendment"), before);
    /* The ERDF sum from 01.06.2022, in cents as a change names it. */
    snprintf(body, sizeof body,
             "{\"number\":\"2\",\"approved_on\":\"2022-06-01\",\"reason\":\"ERAF\",\"text\":\"Izmaksas\","
             "\"object_id\":\"%lld\",\"field\":\"erdf_cents\",\"new_value\":\"6300000\"}",
             (long long)g_object);
    assert_int_equal(post_json(&zpr, "/api/v1/di-plan/amendments", body, &r), 200);
    tc_resp_free(&r);
    char path[120];
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld?at=2022-06-01", (long long)g_object);
    assert_int_equal(get(&zpr, path, &r), 200);
    j = json_loads(r.body, 0, NULL);
    json_t *x = json_object_get(j, "object");
    assert_string_equal(json_string_value(json_object_get(x, "erdf")), "63000.00");
    /* 63 000,00 € / 14 places = 4 500,00 €. */
    assert_string_equal(json_string_value(json_object_get(x, "cost_per_place")), "4500.00");
    assert_true(json_array_size(json_object_get(j, "history")) >= 2);
    json_decref(j);
    tc_resp_free(&r);
    /* Another region's coordinator: unknown. */
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld/changes", (long long)g_object);
    assert_int_equal(post_json(&kpr, path, "{\"field\":\"status\",\"new_value\":\"cancelled\","
                                           "\"effective_on\":\"2022-06-02\",\"reason\":\"x\"}", NULL),
                     404);
    /* The facts: a completion in the future is refused on its field. */
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld/facts", (long long)g_object);
    assert_int_equal(post_json(&zpr, path, "{\"actual_completion\":\"2022-07-01\",\"effective_on\":\"2022-06-15\","
                                           "\"reason\":\"Pieņemts\"}", &r),
                     400);
    j = json_loads(r.body, 0, NULL);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "actual_completion"));
    json_decref(j);
    tc_resp_free(&r);
}

/* The evaluation's appendix lists the amendments by its date, with texts,
 * in every format. */
static void test_evaluation_appendix(void **state)
{
    (void)state;
    who zpr;
    log_in("region-zpr", &zpr);
    tc_resp r;
    assert_int_equal(get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=html", &r), 200);
    const char *app = find_after(r.body, "5. pielikums. DI plāna grozījumi");
    find_after(app, "Grozījumi Nr. 1 (spēkā no 01.03.2022.)");
    find_after(app, "Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).");
    find_after(app, "Nr. 4, 24.02.2022.");
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/evaluation/file?region=ZPR&at=2022-02-28&format=html", &r), 200);
    app = find_after(r.body, "5. pielikums. DI plāna grozījumi");
    find_after(app, "Līdz izvērtējuma datumam DI plānam grozījumu nav.");
    assert_null(strstr(app, "Grozījumi Nr. 1."));
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=pdf", &r), 200);
    assert_true(r.body_len > 1000);
    tc_resp_free(&r);
    assert_int_equal(get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=xlsx", &r), 200);
    tc_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coordinator_keeps_the_plan),
        cmocka_unit_test(test_other_region_and_ministry),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_evaluation_appendix),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
