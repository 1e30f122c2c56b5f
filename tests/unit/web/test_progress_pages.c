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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http_client.h"
#include "web_fixture.h"
#include "../service/progress_region.h"
#include "web/server.h"

#define PASSWORD "progress-pass-1234"
/* 2024-06-15T10:00:00Z */
#define JUNE_15 1718445600LL

/* The test's records, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    progress_ids ids;
    kp_rc rc = progress_region_make(ctx, &ids);
    static const wf_user U[] = {{"head-b", "municipal_head", BAUSKA, NULL},
                                {"head-d", "municipal_head", DOBELE, NULL},
                                {"sw-b", "social_worker", BAUSKA, NULL},
                                {"region-zpr", "region", NULL, "ZPR"},
                                {"region-kpr", "region", NULL, "KPR"},
                                {"ministry", "ministry", NULL, NULL}};
    if (!rc)
        rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_progress_pages", .password = PASSWORD,
                    .now = "2024-06-15T10:00:00Z", .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static json_t *get_json(const wf_who *w, const char *path)
{
    tc_resp r;
    assert_int_equal(wf_get(w, path, &r), 200);
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

/* ---- tests ---------------------------------------------------------------- */

static void test_region_start_page(void **state)
{
    (void)state;
    wf_who w;
    wf_log_in("region-zpr", &w);
    tc_resp r;
    assert_int_equal(wf_get(&w, "/", &r), 200);
    wf_expect_in(&r, "Progress īsumā: Zemgales plānošanas reģions, 15.06.2024.");
    wf_expect_in(&r, "<svg class=\"spark\"");
    /* grt_assessed's trend as text, and its status; the rule stated. */
    wf_expect_in(&r, "31.12.2021.: 0; 31.12.2022.: 4; 31.12.2023.: 5; 15.06.2024.: 5");
    wf_expect_in(&r, "atpaliek");
    wf_expect_in(&r, "sasniegts");
    wf_expect_in(&r, "mērķa līnija ir taisne no bāzes vērtības");
    wf_expect_in(&r, "<a href=\"/cost?date=2024-06-15&amp;region=ZPR\">Izmaksas pēc ES finansējuma beigām</a>");
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
    wf_who k;
    wf_log_in("region-kpr", &k);
    assert_int_equal(wf_get(&k, "/api/v1/progress?region=ZPR", NULL), 404);
    assert_int_equal(wf_get(&k, "/api/v1/cost?region=ZPR", NULL), 404);
    assert_int_equal(wf_get(&k, "/cost?region=ZPR", NULL), 404);
    assert_int_equal(wf_get(&k, "/?region=ZPR", NULL), 404);
    /* The indicators page shows the value today. */
    assert_int_equal(wf_get(&w, "/indicators", &r), 200);
    wf_expect_in(&r, "Vērtība šodien");
    wf_expect_in(&r, "<td class=\"num\"><a href=\"/figures/records?figure=indicator_table..specialists_trained.achieved.0"
                     "&amp;region=ZPR&amp;date=2024-06-15\">4</a> (2023)</td>");
    tc_resp_free(&r);
    /* A date as people type it is one; a day that does not exist is not. */
    j = get_json(&w, "/api/v1/progress?date=31.12.2022.");
    assert_string_equal(jstr(j, "date"), "2022-12-31");
    json_decref(j);
    assert_int_equal(wf_get(&w, "/api/v1/progress?date=30.02.2022", NULL), 400);
    assert_int_equal(wf_get(&w, "/?date=2022-13-01", NULL), 400);
}

static void test_ministry_chooses_a_region(void **state)
{
    (void)state;
    wf_who w;
    wf_log_in("ministry", &w);
    tc_resp r;
    /* Without a choice: the first region with indicators. */
    assert_int_equal(wf_get(&w, "/", &r), 200);
    wf_expect_in(&r, "<select id=\"f-region\" name=\"region\">");
    wf_expect_in(&r, "Progress īsumā: Zemgales plānošanas reģions");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/?region=KPR", &r), 200);
    wf_expect_in(&r, "Reģionam nav rādītāju.");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/?region=XYZ", NULL), 404);
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
    assert_int_equal(wf_get(&w, "/cost?region=ZPR&date=2024-06-15", &r), 200);
    wf_expect_in(&r, "Izmaksas pēc ES finansējuma beigām");
    wf_expect_in(&r, "Bauskas novads");
    wf_expect_in(&r, "Dobeles novads");
    wf_expect_in(&r, "<svg class=\"chart\"");
    /* 2028's bar is the tallest (1 245,20 €): the full 172 of 220. */
    wf_expect_in(&r, "height=\"172\" fill=\"#9db8d9\"/><text");
    wf_expect_in(&r, "Neapmierināta vajadzība");
    tc_resp_free(&r);
}

static void test_head_sees_own_municipality_only(void **state)
{
    (void)state;
    wf_who b, d, sw;
    wf_log_in("head-b", &b);
    wf_log_in("head-d", &d);
    wf_log_in("sw-b", &sw);
    tc_resp r;
    /* The head's start page is progress at a glance for Bauska. */
    assert_int_equal(wf_get(&b, "/", &r), 200);
    wf_expect_in(&r, "Progress īsumā: Bauskas novads, 15.06.2024.");
    wf_expect_in(&r, "31.12.2021.: 0; 31.12.2022.: 2; 31.12.2023.: 3; 15.06.2024.: 3");
    wf_expect_in(&r, "ir noteikti reģionam");
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
    assert_int_equal(wf_get(&d, "/api/v1/progress?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(wf_get(&d, "/api/v1/cost?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(wf_get(&d, "/cost?municipality=" BAUSKA, NULL), 404);
    assert_int_equal(wf_get(&d, "/cost?municipality=9999999", NULL), 404);
    assert_int_equal(wf_get(&d, "/", &r), 200);
    wf_expect_not_in(&r, "Bauska");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&d, "/cost", &r), 200);
    wf_expect_in(&r, "Dobeles novads");
    wf_expect_not_in(&r, "Bauska");
    tc_resp_free(&r);
    /* Bauska's cost as CSV: its rows only, the projection worked out by
     * hand (2028: C's day care counted in, 37 units × 22,80 €; B's respite
     * at the region's 3 units per person). */
    assert_int_equal(wf_get(&b, "/cost?format=csv", &r), 200);
    char *ct = tc_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/csv"));
    free(ct);
    wf_expect_in(&r, "municipality_atvk,municipality,service,year,projected,persons,units,unit_cost,cost,unmet_added\n");
    wf_expect_in(&r, "0025000,Bauskas novads,day_care,2022,0,1,10,,228.00,\n");
    wf_expect_in(&r, "0025000,Bauskas novads,day_care,2023,0,2,25,,570.00,\n");
    wf_expect_in(&r, "0025000,Bauskas novads,day_care,2028,1,3,37,22.80,843.60,1\n");
    wf_expect_in(&r, "0025000,Bauskas novads,respite,2028,1,1,3,55.00,165.00,1\n");
    wf_expect_not_in(&r, DOBELE);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&b, "/cost?format=pdf", NULL), 400);
    /* Social workers have neither. */
    assert_int_equal(wf_get(&sw, "/cost", NULL), 403);
    assert_int_equal(wf_get(&sw, "/api/v1/progress", NULL), 403);
    assert_int_equal(wf_get(&sw, "/api/v1/cost", NULL), 403);
    assert_int_equal(wf_get(&sw, "/", NULL), 303);
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
