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
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http_client.h"
#include "web_fixture.h"
#include "service/programme/programme.h"
#include "web/server.h"

#define PASSWORD "diplan-pass-1234"
#define BAUSKA "0025000"
#define DOBELE "0028000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL

static int64_t g_object;

/* The test's records, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"region-zpr", "region", NULL, "ZPR"},
                                {"region-kpr", "region", NULL, "KPR"},
                                {"ministry", "ministry", NULL, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    kp_plan_object_in o = {.region = "ZPR", .municipality = BAUSKA, .name = "DAC Rūpniecības ielā",
                           .target_group = "grt", .service = "day_care", .places = "10", .erdf = "50000.00",
                           .status = "planned", .added_on = "2022-01-10", .address = "Rūpniecības iela 9, Bauska"};
    if (!rc)
        rc = kp_plan_object_add(ctx, &o, e, &g_object);
    /* A project, so the region's evaluation has data to report. */
    kp_project_in pr = {.number = "9.2.2.1/15/I/002", .name = "Atver sirdi Zemgalē", .region = "ZPR",
                        .start_date = "2016-01-01", .end_date = "2023-12-31", .budget = "100000.00",
                        .esf = "85000.00", .state = "15000.00"};
    if (!rc)
        rc = kp_project_add(ctx, &pr, e, NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_diplan_pages", .password = PASSWORD,
                    .now = "2022-06-15T10:00:00Z", .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

/* The places cell of the object named `name` in the plan's table. */
static int64_t places_of(const char *body, const char *name)
{
    const char *row = wf_find(body, name);
    const char *cell = wf_find(row, "data-label=\"Vietas\">");
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
    wf_who zpr;
    wf_log_in("region-zpr", &zpr);
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/di-plan?at=2022-02-01", &r), 200);
    wf_expect_in(&r, "DAC Rūpniecības ielā");
    wf_expect_in(&r, "Rūpniecības iela 9, Bauska");
    wf_expect_in(&r, "href=\"/di-plan\" aria-current"); /* the menu has the page */
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 10);
    /* 50 000,00 € / 10 places = 5 000,00 € a place. */
    wf_expect_in(&r, "data-label=\"Izmaksas uz vietu\">5 000,00");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/di-plan/objects/new", NULL), 200);
    assert_int_equal(wf_get(&zpr, "/di-plan/amendments/new", NULL), 200);

    /* A new object: bad values come back on their fields. */
    const char *bad[] = {"name", "Grupu dzīvoklis", "municipality", DOBELE, "target_group", "grt", "service",
                         "group_home", "places", "daudz", "status", "planned", "added_on", "01.04.2022.",
                         "erdf", "1,5,0", NULL};
    assert_int_equal(wf_post_form(&zpr, "/di-plan/objects/new", bad, &r), 422);
    wf_expect_in(&r, "id=\"f-places-err\"");
    wf_expect_in(&r, "id=\"f-erdf-err\"");
    wf_expect_in(&r, "value=\"Grupu dzīvoklis\""); /* what was typed stays */
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_object"), 1);
    const char *good[] = {"name", "Grupu dzīvoklis Ādama ielā", "address", "Ādama iela 2, Dobele",
                          "municipality", DOBELE, "target_group", "grt", "service", "group_home", "places", "6",
                          "status", "planned", "added_on", "01.04.2022.", "erdf", "120000.00", "municipal",
                          "6000.00", "planned_completion", "31.12.2023.", NULL};
    assert_int_equal(wf_post_form(&zpr, "/di-plan/objects/new", good, &r), 303);
    char *l = location(&r);
    assert_non_null(strstr(l, "/di-plan/objects/"));
    free(l);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_object WHERE name = 'Grupu dzīvoklis Ādama ielā'"
                            " AND municipal_cents = 600000 AND planned_completion = '2023-12-31'"),
                     1);

    /* An amendment from 01.03.2022 changing the first object's places. */
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)g_object);
    const char *am[] = {"number", "1", "approved_on", "01.03.2022.", "decision_no", "Nr. 4", "decision_on",
                        "24.02.2022.", "reason", "Vairāk vietu Bauskā",
                        "text", "Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).",
                        "object_id", oid, "field", "places", "new_value", "14", NULL};
    assert_int_equal(wf_post_form(&zpr, "/di-plan/amendments/new", am, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/di-plan?at=2022-02-28", &r), 200);
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 10);
    wf_expect_in(&r, "Līdz šim datumam grozījumu nav.");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/di-plan?at=2022-03-01", &r), 200);
    assert_int_equal(places_of(r.body, "DAC Rūpniecības ielā"), 14);
    wf_expect_in(&r, "Grozījumi Nr. 1");
    wf_expect_in(&r, "Nr. 4, 24.02.2022.");
    wf_expect_in(&r, "<p>Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).</p>");
    tc_resp_free(&r);
    /* The object's page: its history names the amendment. */
    char path[120];
    snprintf(path, sizeof path, "/di-plan/objects/%lld?at=2022-03-01", (long long)g_object);
    assert_int_equal(wf_get(&zpr, path, &r), 200);
    wf_expect_in(&r, "<td data-label=\"Bija\">10</td><td data-label=\"Kļūst\">14</td>");
    tc_resp_free(&r);

    /* A status event of its own needs its date and reason. */
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    const char *ev[] = {"amendment_id", "", "field", "status", "new_value", "building", NULL};
    assert_int_equal(wf_post_form(&zpr, path, ev, &r), 422);
    wf_expect_in(&r, "id=\"f-amendment_id-err\"");
    tc_resp_free(&r);
    const char *ev2[] = {"amendment_id", "", "field", "status", "new_value", "building", "effective_on",
                         "02.05.2022.", "reason", "Uzsākti būvdarbi", NULL};
    assert_int_equal(wf_post_form(&zpr, path, ev2, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit WHERE entity = 'plan_object' AND action = 'status'"
                            " AND effective_on = '2022-05-02'"),
                     1);
    /* Without the CSRF token: refused, nothing written. */
    wf_who bare = wf_without_token(&zpr);
    const char *ev3[] = {"amendment_id", "", "field", "status", "new_value", "operating", "effective_on",
                         "03.06.2022.", "reason", "Darbojas", NULL};
    assert_int_equal(wf_post_form(&bare, path, ev3, NULL), 403);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_object WHERE status = 'operating'"), 0);
    /* The facts form takes the completion date as the page shows it. */
    snprintf(path, sizeof path, "/di-plan/objects/%lld/edit", (long long)g_object);
    const char *done[] = {"actual_completion", "10.06.2022.", "edit_on", "14.06.2022.", "edit_reason", "Akts", NULL};
    assert_int_equal(wf_post_form(&zpr, path, done, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_object WHERE actual_completion = '2022-06-10'"), 1);
}

static void test_other_region_and_ministry(void **state)
{
    (void)state;
    wf_who kpr, min;
    wf_log_in("region-kpr", &kpr);
    wf_log_in("ministry", &min);
    char path[120];
    snprintf(path, sizeof path, "/di-plan/objects/%lld", (long long)g_object);
    assert_int_equal(wf_get(&kpr, path, NULL), 404);
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    const char *ev[] = {"amendment_id", "", "field", "status", "new_value", "cancelled", "effective_on",
                        "03.06.2022.", "reason", "x", NULL};
    assert_int_equal(wf_post_form(&kpr, path, ev, NULL), 404);
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld", (long long)g_object);
    assert_int_equal(wf_get(&kpr, path, NULL), 404);
    tc_resp r;
    /* Their own plan is empty. */
    assert_int_equal(wf_get(&kpr, "/di-plan", &r), 200);
    assert_null(strstr(r.body, "DAC Rūpniecības ielā"));
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_object WHERE status = 'cancelled'"), 0);
    /* The ministry reads any region's plan, and changes nothing. */
    assert_int_equal(wf_get(&min, "/di-plan?region=ZPR&at=2022-03-01", &r), 200);
    wf_expect_in(&r, "DAC Rūpniecības ielā");
    assert_null(strstr(r.body, "/di-plan/objects/new"));
    tc_resp_free(&r);
    assert_int_equal(wf_get(&min, "/di-plan?region=XYZ", NULL), 404);
    assert_int_equal(wf_get(&min, "/di-plan/objects/new", NULL), 403);
    snprintf(path, sizeof path, "/di-plan/objects/%lld/change", (long long)g_object);
    assert_int_equal(wf_post_form(&min, path, ev, NULL), 403);
}

static void test_api(void **state)
{
    (void)state;
    wf_who zpr, kpr;
    wf_log_in("region-zpr", &zpr);
    wf_log_in("region-kpr", &kpr);
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/api/v1/di-plan?at=2022-02-28", &r), 200);
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
    int64_t before = wf_db_int("SELECT COUNT(*) FROM plan_amendment");
    char body[400];
    snprintf(body, sizeof body,
             "{\"number\":\"2\",\"approved_on\":\"2022-06-01\",\"reason\":\"ERAF\",\"object_id\":\"%lld\","
             "\"field\":\"colour\",\"new_value\":\"red\"}",
             (long long)g_object);
    assert_int_equal(wf_post_json(&zpr, "/api/v1/di-plan/amendments", body, &r), 400);
    j = json_loads(r.body, 0, NULL);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "field"));
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM plan_amendment"), before);
    /* The ERDF sum from 01.06.2022, in cents as a change names it. */
    snprintf(body, sizeof body,
             "{\"number\":\"2\",\"approved_on\":\"2022-06-01\",\"reason\":\"ERAF\",\"text\":\"Izmaksas\","
             "\"object_id\":\"%lld\",\"field\":\"erdf_cents\",\"new_value\":\"6300000\"}",
             (long long)g_object);
    assert_int_equal(wf_post_json(&zpr, "/api/v1/di-plan/amendments", body, &r), 200);
    tc_resp_free(&r);
    char path[120];
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld?at=2022-06-01", (long long)g_object);
    assert_int_equal(wf_get(&zpr, path, &r), 200);
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
    assert_int_equal(wf_post_json(&kpr, path, "{\"field\":\"status\",\"new_value\":\"cancelled\","
                                           "\"effective_on\":\"2022-06-02\",\"reason\":\"x\"}", NULL),
                     404);
    /* The facts: a completion in the future is refused on its field. */
    snprintf(path, sizeof path, "/api/v1/di-plan/objects/%lld/facts", (long long)g_object);
    assert_int_equal(wf_post_json(&zpr, path, "{\"actual_completion\":\"2022-07-01\",\"effective_on\":\"2022-06-15\","
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
    wf_who zpr;
    wf_log_in("region-zpr", &zpr);
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=html", &r), 200);
    const char *app = wf_find(r.body, "2. pielikums. DI plāna grozījumi");
    wf_find(app, "Grozījumi Nr. 1 (spēkā no 01.03.2022.)");
    wf_find(app, "Grozījumi Nr. 1. Bauskas novadā DAC personām ar GRT 14 vietas (iepriekš 10).");
    wf_find(app, "Nr. 4, 24.02.2022.");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/evaluation/file?region=ZPR&at=2022-02-28&format=html", &r), 200);
    app = wf_find(r.body, "2. pielikums. DI plāna grozījumi");
    wf_find(app, "Līdz izvērtējuma datumam DI plānam grozījumu nav.");
    assert_null(strstr(app, "Grozījumi Nr. 1."));
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=pdf", &r), 200);
    assert_true(r.body_len > 1000);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/evaluation/file?region=ZPR&at=2022-03-01&format=xlsx", &r), 200);
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
