/* The daily case-work pages and JSON calls of issue 9, in-process over a
 * small hand-made database with the server's clock at 15 June 2022:
 * assigning from a plan item fills the form; the provider choice is the
 * client's municipality and its cooperation neighbours, in Latvian order,
 * with free places on the date; warnings (no assessment, no approved plan)
 * are confirmed, never refused, on the page and in the API; registration
 * keeps what was typed (the personal code too), takes the birth date from
 * an old-format code, asks to confirm a failing new-format check digit,
 * links a duplicate in scope and never one outside it, and records the
 * social worker through the API as through the form; approving a plan asks
 * first and is refused without a review date. Every HTML answer goes
 * through tidy. Expected values are worked out by hand from the setup. */
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
#include "service/casework/cases.h"
#include "service/programme/programme.h"
#include "web/server.h"

#define PASSWORD "daily-pass-1234"
#define BAUSKA "0025000"
#define DOBELE "0028000"
#define JELGAVA_NOV "0030000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL

static int64_t g_ilze, g_janis, g_other; /* Bauska's clients */
static int64_t g_item;                   /* Ilze's approved plan item: day care */
static int64_t g_zile, g_abele, g_ozols; /* providers in Bauska, Jelgavas novads (neighbour), Dobele */

#define OK(x)                                                                                                          \
    do {                                                                                                               \
        if (!rc)                                                                                                       \
            rc = (x);                                                                                                  \
    } while (0)

static kp_rc provider(kp_ctx *ctx, kp_errors *e, const char *name, const char *reg, const char *muni,
                      const char *places, int64_t *id)
{
    kp_provider_in p = {.name = name, .reg_no = reg, .municipality = muni, .registered_on = "2021-08-01"};
    kp_rc rc = kp_provider_add(ctx, &p, e, id);
    char pid[24], fid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)*id);
    int64_t facility = 0;
    kp_facility_in f = {.provider_id = pid, .name = name, .address = "Iela 1", .municipality = muni,
                        .opened_on = "2021-08-01"};
    OK(kp_facility_add(ctx, &f, e, &facility));
    snprintf(fid, sizeof fid, "%lld", (long long)facility);
    kp_facility_service_in fs = {.facility_id = fid, .service = "day_care", .target_group = "grt", .places = places,
                                 .valid_from = "2021-08-01"};
    OK(kp_facility_service_add(ctx, &fs, e, NULL));
    return rc;
}

/* The test's records, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"sw-b", "social_worker", BAUSKA, NULL}, {"sw-d", "social_worker", DOBELE, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    /* Byte order would put "Zīle" (Z) before "Ābele" (0xC4 …); Latvian
     * order puts Ā right after A. Ozols is in Dobele: not a neighbour. */
    OK(provider(ctx, e, "Zīle", "40000000001", BAUSKA, "10", &g_zile));
    OK(provider(ctx, e, "Ābele", "40000000002", JELGAVA_NOV, "5", &g_abele));
    OK(provider(ctx, e, "Ozols", "40000000003", DOBELE, "8", &g_ozols));
    kp_cooperation_in co = {.municipality = BAUSKA, .partner = JELGAVA_NOV, .service = "day_care",
                            .target_group = "grt", .kind = "existing", .places = "2"};
    OK(kp_cooperation_add(ctx, &co, e, NULL));
    kp_client_in a = {.personal_code = "121282-11210", .given_name = "Ilze", .family_name = "Ozola",
                      .birth_date = "1982-12-12", .municipality = BAUSKA, .target_group = "grt",
                      .disability_group = "2", .registered_on = "2022-01-10"};
    kp_client_in b = {.personal_code = "280794-12344", .given_name = "Jānis", .family_name = "Bērziņš",
                      .birth_date = "1994-07-28", .municipality = BAUSKA, .target_group = "grt",
                      .disability_group = "2", .registered_on = "2022-01-10"};
    kp_client_in c = {.personal_code = "290156-11605", .given_name = "Anna", .family_name = "Liepa",
                      .birth_date = "1956-01-29", .municipality = BAUSKA, .target_group = "grt",
                      .disability_group = "1", .registered_on = "2022-01-10"};
    OK(kp_client_register(ctx, &a, e, &g_ilze));
    OK(kp_client_register(ctx, &b, e, &g_janis));
    OK(kp_client_register(ctx, &c, e, &g_other));
    char ilze[24], other[24], zile[24], plan_s[24];
    snprintf(ilze, sizeof ilze, "%lld", (long long)g_ilze);
    snprintf(other, sizeof other, "%lld", (long long)g_other);
    snprintf(zile, sizeof zile, "%lld", (long long)g_zile);
    kp_assessment_in as = {.client_id = ilze, .round = "1", .assessed_on = "2022-02-01", .place = "family",
                           .assessor = "Eksperte", .needs = "day_care"};
    OK(kp_assessment_record(ctx, &as, e, NULL));
    int64_t plan = 0;
    kp_plan_in p = {.client_id = ilze, .goals = "Patstāvība", .review_on = "2022-12-01", .created_on = "2022-03-01"};
    OK(kp_plan_create(ctx, &p, e, &plan));
    snprintf(plan_s, sizeof plan_s, "%lld", (long long)plan);
    kp_plan_item_in it = {.plan_id = plan_s, .service = "day_care", .volume = "40", .provider_id = zile,
                          .start_date = "2022-07-01", .end_date = "2022-12-31", .goal = "Sociālās prasmes"};
    OK(kp_plan_add_item(ctx, &it, e, &g_item));
    OK(kp_plan_approve(ctx, plan, "2022-03-02", e));
    /* Anna takes one of Zīle's ten day-care places on 15 June 2022. */
    kp_assignment_in taken = {.client_id = other, .service = "day_care", .provider_id = zile,
                              .start_date = "2022-06-01", .end_date = "2022-12-31", .units = "100",
                              .decided_on = "2022-05-20"};
    OK(kp_assignment_create(ctx, &taken, e, NULL));
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_daily_pages", .password = PASSWORD,
                    .now = "2022-06-15T10:00:00Z", .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

/* ---- tests --------------------------------------------------------------- */

static void test_assign_filled_from_plan_item(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    char path[120];
    snprintf(path, sizeof path, "/clients/%lld/assign?plan_item=%lld", (long long)g_ilze, (long long)g_item);
    tc_resp r;
    assert_int_equal(wf_get(&sw, path, &r), 200);
    /* The plan item's service, provider, dates and volume. */
    wf_expect_in(&r, "<option value=\"day_care\" selected>");
    char zile[64];
    snprintf(zile, sizeof zile, "<option value=\"%lld\" selected>", (long long)g_zile);
    wf_expect_in(&r, zile);
    wf_expect_in(&r, "name=\"start_date\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" class=\"date\" value=\"01.07.2022.\"");
    wf_expect_in(&r, "name=\"end_date\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" class=\"date\" value=\"31.12.2022.\"");
    wf_expect_in(&r, "name=\"units\" type=\"text\" value=\"40\"");
    /* Free places on the start date (1 July 2022): Zīle 10 − Anna's 1 = 9;
     * Ābele in the neighbour Jelgavas novads 5 − 0. Latvian order. */
    const char *sel = wf_find(r.body, "<select id=\"f-provider_id\"");
    const char *abele = wf_find(sel, "Ābele — Jelgavas novads: 5 brīvas vietas no 5");
    const char *zile_opt = wf_find(sel, "Zīle — Bauskas novads: 9 brīvas vietas no 10");
    assert_true(abele < zile_opt);
    assert_null(strstr(sel, "Ozols")); /* Dobele is no neighbour of Bauska */
    tc_resp_free(&r);
    /* The same without JavaScript: choosing the item and "fill" (POST). */
    char item[24];
    snprintf(item, sizeof item, "%lld", (long long)g_item);
    const char *fill[] = {"plan_item_id", item, "action", "fill", "form_token", "tok-fill-1", NULL};
    snprintf(path, sizeof path, "/clients/%lld/assign", (long long)g_ilze);
    assert_int_equal(wf_post_form(&sw, path, fill, &r), 200);
    wf_expect_in(&r, "name=\"units\" type=\"text\" value=\"40\"");
    wf_expect_in(&r, "Aizpildīts no atbalsta plāna pozīcijas");
    tc_resp_free(&r);
    /* Another client's plan item fills nothing. */
    snprintf(path, sizeof path, "/clients/%lld/assign?plan_item=%lld", (long long)g_janis, (long long)g_item);
    assert_int_equal(wf_get(&sw, path, &r), 200);
    assert_null(strstr(r.body, "value=\"01.07.2022.\""));
    tc_resp_free(&r);
    /* The API gives the same choice: Ābele first, Zīle with 9 free on 1 July. */
    snprintf(path, sizeof path, "/api/v1/clients/%lld/providers?service=day_care&on=2022-07-01", (long long)g_ilze);
    assert_int_equal(wf_get(&sw, path, &r), 200);
    json_t *j = json_loads(r.body, 0, NULL);
    json_t *list = json_object_get(j, "providers");
    assert_int_equal(json_array_size(list), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), g_abele);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "id")), g_zile);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "free_places")), 9);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "taken")), 1);
    json_decref(j);
    tc_resp_free(&r);
    /* Outside the scope: as no such client. */
    wf_who swd;
    wf_log_in("sw-d", &swd);
    assert_int_equal(wf_get(&swd, path, NULL), 404);
    snprintf(path, sizeof path, "/clients/%lld/assign?plan_item=%lld", (long long)g_ilze, (long long)g_item);
    assert_int_equal(wf_get(&swd, path, NULL), 404);
}

static void test_plan_form_fits_and_sorts(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    char path[80];
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)g_ilze);
    tc_resp r;
    assert_int_equal(wf_get(&sw, path, &r), 200);
    /* One service in the plan: it and two empty rows (3), goals wide. */
    wf_expect_in(&r, "<textarea id=\"f-goal_1\" name=\"goal_1\" aria-label=\"Mērķis, Rinda 1\" rows=\"3\" cols=\"60\">"
                  "Sociālās prasmes</textarea>");
    wf_expect_in(&r, "id=\"f-goal_3\"");
    assert_null(strstr(r.body, "id=\"f-goal_4\""));
    const char *sel = wf_find(r.body, "<select id=\"f-provider_id_1\"");
    const char *abele = wf_find(sel, "Ābele — Jelgavas novads");
    const char *zile = wf_find(sel, "Zīle — Bauskas novads");
    assert_true(abele < zile);
    const char *end = strstr(sel, "</select>");
    const char *ozols = strstr(sel, "Ozols");
    assert_true(!ozols || ozols > end);
    tc_resp_free(&r);
    /* "One more row" adds a fourth, saving nothing. */
    int64_t plans = wf_db_int("SELECT COUNT(*) FROM support_plan");
    const char *more[] = {"service_1", "day_care", "goal_1", "Sociālās prasmes", "action", "more", NULL};
    assert_int_equal(wf_post_form(&sw, path, more, &r), 200);
    wf_expect_in(&r, "id=\"f-goal_4\"");
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM support_plan"), plans);
}

static void test_warnings_are_confirmed_not_refused(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    char path[80];
    snprintf(path, sizeof path, "/clients/%lld/assign", (long long)g_janis);
    tc_resp r;
    /* Jānis has no assessment and no plan: the form says so up front. */
    assert_int_equal(wf_get(&sw, path, &r), 200);
    wf_expect_in(&r, "klientam nav reģistrēta vajadzību izvērtējuma");
    wf_expect_in(&r, "klientam nav apstiprināta atbalsta plāna");
    wf_expect_in(&r, "name=\"confirm\"");
    tc_resp_free(&r);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM assignment WHERE client_id = %lld", (long long)g_janis);
    const char *form[] = {"service", "day_care", "start_date", "2022-07-01", "end_date", "2022-07-31", "units", "20",
                          "decided_on", "2022-06-15", "action", "save", "form_token", "tok-warn-1", NULL};
    assert_int_equal(wf_post_form(&sw, path, form, &r), 200);
    wf_expect_in(&r, "Pakalpojums vēl nav piešķirts");
    wf_expect_in(&r, "name=\"units\" type=\"text\" value=\"20\"");
    tc_resp_free(&r);
    assert_int_equal(wf_db_int(sql), 0);
    const char *confirmed[] = {"service", "day_care", "start_date", "2022-07-01", "end_date", "2022-07-31", "units",
                               "20", "decided_on", "2022-06-15", "action", "save", "confirm", "1", "form_token",
                               "tok-warn-1", NULL};
    assert_int_equal(wf_post_form(&sw, path, confirmed, NULL), 303);
    assert_int_equal(wf_db_int(sql), 1);
    /* The API: "confirm": false shows the warnings and writes nothing;
     * without it the record is written and the warnings come back. */
    snprintf(path, sizeof path, "/api/v1/clients/%lld/assignments", (long long)g_janis);
    const char *body = "{\"service\":\"day_care\",\"start_date\":\"2022-08-01\",\"end_date\":\"2022-08-31\","
                       "\"units\":\"20\",\"decided_on\":\"2022-06-15\",\"confirm\":false}";
    assert_int_equal(wf_post_json(&sw, path, body, &r), 409);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_true(json_is_true(json_object_get(j, "confirm_required")));
    assert_non_null(json_object_get(json_object_get(j, "warnings"), "assessment"));
    assert_non_null(json_object_get(json_object_get(j, "warnings"), "plan"));
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int(sql), 1);
    body = "{\"service\":\"day_care\",\"start_date\":\"2022-08-01\",\"end_date\":\"2022-08-31\","
           "\"units\":\"20\",\"decided_on\":\"2022-06-15\"}";
    assert_int_equal(wf_post_json(&sw, path, body, &r), 201);
    j = json_loads(r.body, 0, NULL);
    assert_true(json_integer_value(json_object_get(j, "id")) > 0);
    assert_int_equal(json_object_size(json_object_get(j, "warnings")), 2);
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int(sql), 2);
    /* Ilze has both: no warnings, written at once (201, empty warnings). */
    snprintf(path, sizeof path, "/api/v1/clients/%lld/assignments", (long long)g_ilze);
    char ok[300];
    snprintf(ok, sizeof ok,
             "{\"plan_item_id\":\"%lld\",\"service\":\"day_care\",\"start_date\":\"2022-07-01\",\"end_date\":\"2022-12-31\","
             "\"units\":\"40\",\"decided_on\":\"2022-06-15\",\"confirm\":false}",
             (long long)g_item);
    assert_int_equal(wf_post_json(&sw, path, ok, &r), 201);
    j = json_loads(r.body, 0, NULL);
    assert_int_equal(json_object_size(json_object_get(j, "warnings")), 0);
    json_decref(j);
    tc_resp_free(&r);
    /* A bad field is 400 naming it; outside the scope 404. */
    assert_int_equal(wf_post_json(&sw, path, "{\"service\":\"day_care\",\"units\":\"x\"}", &r), 400);
    wf_expect_in(&r, "units");
    tc_resp_free(&r);
    wf_who swd;
    wf_log_in("sw-d", &swd);
    assert_int_equal(wf_post_json(&swd, path, body, NULL), 404);
}

static void test_registration_keeps_and_derives(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    tc_resp r;
    /* A missing given name: everything typed comes back, the code too. */
    const char *bad[] = {"personal_code", "161175-19997", "given_name", "", "family_name", "Kalniņa", "birth_date", "",
                         "municipality", BAUSKA, "target_group", "grt", "registered_on", "2022-06-15",
                         "form_token", "tok-reg-1", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", bad, &r), 422);
    wf_expect_in(&r, "name=\"personal_code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" data-secret required"
                  " aria-describedby=\"f-personal_code-hint\" value=\"161175-19997\"");
    wf_expect_in(&r, "value=\"Kalniņa\"");
    wf_expect_in(&r, "<option value=\"grt\" selected>");
    tc_resp_free(&r);
    /* The birth date left blank comes from the old-format code:
     * 16 11 75, century digit 1 → 1975-11-16. */
    const char *good[] = {"personal_code", "161175-19997", "given_name", "Ieva", "family_name", "Kalniņa",
                          "birth_date", "", "municipality", BAUSKA, "target_group", "grt", "registered_on",
                          "2022-06-15", "form_token", "tok-reg-1", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", good, &r), 303);
    tc_resp_free(&r);
    int64_t id = wf_db_int("SELECT id FROM client WHERE family_name = 'Kalniņa' AND given_name = 'Ieva'");
    assert_true(id > 0);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM client WHERE id = %lld AND birth_date = '1975-11-16'", (long long)id);
    assert_int_equal(wf_db_int(sql), 1);
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM client_worker w JOIN app_user u ON u.id = w.user_id WHERE w.client_id = %lld"
             " AND u.username = 'sw-b'",
             (long long)id);
    assert_int_equal(wf_db_int(sql), 1);
    /* The same person again: the message links the record in scope. */
    const char *again[] = {"personal_code", "16117519997", "given_name", "Ieva", "family_name", "Kalniņa",
                           "municipality", BAUSKA, "target_group", "grt", "registered_on", "2022-06-15",
                           "form_token", "tok-reg-2", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", again, &r), 422);
    char link[80];
    snprintf(link, sizeof link, "<a href=\"/clients/%lld\">Atvērt jau reģistrētā klienta kartīti</a>", (long long)id);
    wf_expect_in(&r, link);
    tc_resp_free(&r);
    /* From Dobele: refused with how to move a person, no link, no number. */
    wf_who swd;
    wf_log_in("sw-d", &swd);
    const char *elsewhere[] = {"personal_code", "161175-19997", "given_name", "Ieva", "family_name", "Kalniņa",
                               "municipality", DOBELE, "target_group", "grt", "registered_on", "2022-06-15",
                               "form_token", "tok-reg-3", NULL};
    assert_int_equal(wf_post_form(&swd, "/clients/new", elsewhere, &r), 422);
    wf_expect_in(&r, "citas pašvaldības klients");
    snprintf(link, sizeof link, "/clients/%lld\"", (long long)id);
    assert_null(strstr(r.body, link));
    assert_null(strstr(r.body, "Atvērt jau reģistrētā"));
    tc_resp_free(&r);
    /* A new-format code whose check digit fails (latvia.md: 328673-00677):
     * a warning to confirm, nothing written until then. */
    const char *warn[] = {"personal_code", "328673-00677", "given_name", "Pēteris", "family_name", "Kalns",
                          "birth_date", "1990-03-04", "municipality", BAUSKA, "target_group", "grt",
                          "registered_on", "2022-06-15", "form_token", "tok-reg-4", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", warn, &r), 200);
    wf_expect_in(&r, "kontrolcipars nesakrīt");
    wf_expect_in(&r, "name=\"confirm\"");
    wf_expect_in(&r, "value=\"328673-00677\"");
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM client WHERE family_name = 'Kalns'"), 0);
    const char *warn_ok[] = {"personal_code", "328673-00677", "given_name", "Pēteris", "family_name", "Kalns",
                             "birth_date", "1990-03-04", "municipality", BAUSKA, "target_group", "grt",
                             "registered_on", "2022-06-15", "confirm", "1", "form_token", "tok-reg-4", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", warn_ok, NULL), 303);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM client WHERE family_name = 'Kalns'"), 1);
    /* A new-format code carries no birth date: it must be typed. */
    const char *no_birth[] = {"personal_code", "323691-93794", "given_name", "Rūta", "family_name", "Kalns",
                              "municipality", BAUSKA, "target_group", "grt", "registered_on", "2022-06-15",
                              "form_token", "tok-reg-5", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/new", no_birth, &r), 422);
    wf_expect_in(&r, "f-birth_date-err");
    tc_resp_free(&r);
}

static void test_api_registration_records_the_worker(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    tc_resp r;
    const char *body = "{\"personal_code\":\"180565-05610\",\"given_name\":\"Māra\",\"family_name\":\"Avotiņa\","
                       "\"municipality\":\"" BAUSKA "\",\"target_group\":\"grt\",\"registered_on\":\"2022-06-15\"}";
    assert_int_equal(wf_post_json(&sw, "/api/v1/clients", body, &r), 201);
    json_t *j = json_loads(r.body, 0, NULL);
    int64_t id = json_integer_value(json_object_get(j, "id"));
    json_decref(j);
    tc_resp_free(&r);
    char sql[240];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM client_worker w JOIN app_user u ON u.id = w.user_id WHERE w.client_id = %lld"
             " AND u.username = 'sw-b'",
             (long long)id);
    assert_int_equal(wf_db_int(sql), 1);
    /* 18 05 65, century 0 → 1865-05-18. */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM client WHERE id = %lld AND birth_date = '1865-05-18'", (long long)id);
    assert_int_equal(wf_db_int(sql), 1);
}

static void test_plan_approval_asks_first(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    /* A draft version 2 without a review date, with one service. */
    char path[80];
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)g_ilze);
    const char *draft[] = {"goals", "Darbs", "review_on", "", "service_1", "day_care", "volume_1", "30",
                           "start_date_1", "2023-01-01", "end_date_1", "2023-06-30", "action", "save",
                           "form_token", "tok-plan-a", NULL};
    assert_int_equal(wf_post_form(&sw, path, draft, NULL), 303);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM support_plan WHERE client_id = %lld AND version = 2", (long long)g_ilze);
    int64_t plan = wf_db_int(sql);
    assert_true(plan > 0);
    char pid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)plan);
    snprintf(path, sizeof path, "/clients/%lld/plan/approve", (long long)g_ilze);
    tc_resp r;
    /* The card's button (no confirm): the question, what will happen. */
    const char *ask[] = {"plan_id", pid, "approved_on", "2022-06-15", "form_token", "tok-appr-1", NULL};
    assert_int_equal(wf_post_form(&sw, path, ask, &r), 200);
    wf_expect_in(&r, "Apstiprināt atbalsta plānu?");
    wf_expect_in(&r, "līdz šim spēkā esošā versija 1 tiks aizstāta");
    wf_expect_in(&r, "plānam nav pārskatīšanas datuma");
    tc_resp_free(&r);
    /* Confirmed anyway: refused, naming the field. */
    const char *yes[] = {"plan_id", pid, "approved_on", "2022-06-15", "confirm", "1", "form_token", "tok-appr-1", NULL};
    assert_int_equal(wf_post_form(&sw, path, yes, &r), 422);
    wf_expect_in(&r, "Pārskatīt līdz");
    tc_resp_free(&r);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM support_plan WHERE id = %lld AND status = 'draft'", (long long)plan);
    assert_int_equal(wf_db_int(sql), 1);
    /* With a review date: the question names it, and yes approves. */
    const char *dated[] = {"plan_id", pid, "goals", "Darbs", "review_on", "2023-05-01", "service_1", "day_care",
                           "volume_1", "30", "start_date_1", "2023-01-01", "end_date_1", "2023-06-30",
                           "action", "save", "form_token", "tok-plan-b", NULL};
    snprintf(path, sizeof path, "/clients/%lld/plan", (long long)g_ilze);
    assert_int_equal(wf_post_form(&sw, path, dated, NULL), 303);
    snprintf(path, sizeof path, "/clients/%lld/plan/approve?plan_id=%lld", (long long)g_ilze, (long long)plan);
    assert_int_equal(wf_get(&sw, path, &r), 200);
    wf_expect_in(&r, "plāns jāpārskata līdz 01.05.2023.");
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/clients/%lld/plan/approve", (long long)g_ilze);
    const char *yes2[] = {"plan_id", pid, "approved_on", "2022-06-15", "confirm", "1", "form_token", "tok-appr-2", NULL};
    assert_int_equal(wf_post_form(&sw, path, yes2, NULL), 303);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM support_plan WHERE id = %lld AND status = 'approved'", (long long)plan);
    assert_int_equal(wf_db_int(sql), 1);
    /* The API approves by the plan's id; a second time names the status. */
    snprintf(path, sizeof path, "/api/v1/plans/%lld/approve", (long long)plan);
    assert_int_equal(wf_post_json(&sw, path, "{\"approved_on\":\"2022-06-16\"}", &r), 400);
    wf_expect_in(&r, "status");
    tc_resp_free(&r);
    wf_who swd;
    wf_log_in("sw-d", &swd);
    assert_int_equal(wf_post_json(&swd, path, "{\"approved_on\":\"2022-06-16\"}", NULL), 404);
    snprintf(path, sizeof path, "/clients/%lld/plan/approve?plan_id=%lld", (long long)g_janis, (long long)plan);
    assert_int_equal(wf_get(&sw, path, NULL), 404); /* another client's plan */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assign_filled_from_plan_item),
        cmocka_unit_test(test_plan_form_fits_and_sorts),
        cmocka_unit_test(test_warnings_are_confirmed_not_refused),
        cmocka_unit_test(test_registration_keeps_and_derives),
        cmocka_unit_test(test_api_registration_records_the_worker),
        cmocka_unit_test(test_plan_approval_asks_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
