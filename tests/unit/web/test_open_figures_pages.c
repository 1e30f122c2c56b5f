/* Open data without small numbers on /need, /cost, the progress panel and
 * their JSON (docs/figures.md), in process over the tiny region of
 * tests/unit/service/progress_region.h with six more persons in Dobele
 * who need day care and get none, the server's clock at 15 June 2024.
 *
 * Worked out by hand from the records (test_progress_cost.c has the rest):
 * need at 15.06.2024 — Bauska: day care A, B, C = 3, respite B = 1;
 * Dobele: day care the six = 6, workshop D = 1, respite E = 1; nobody
 * receives anything on that date (every assignment has ended); both
 * centres have 10 free day-care places, so day care is short 0. Day care's
 * total is 9, the whole 12.
 * The ministry (threshold 5): Bauska's 3 is small; in day care's line
 * (3 + 6 = 9) the smallest other part, Dobele's 6, goes too; 9 stays. The
 * same flags when the ministry asks for Dobele alone (6 stays hidden, or
 * 9 − 6 would give Bauska's 3). The region's coordinator sees 3, 6, 9. */
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

#define PASSWORD "open-figures-pass-4417"
/* 2024-06-15T10:00:00Z */
#define JUNE_15 1718445600LL

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    progress_ids ids;
    kp_rc rc = progress_region_make(ctx, &ids);
    /* Six more in Dobele, assessed 2022-05-01, day care needed. */
    for (int i = 0; i < 6 && !rc; i++) {
        char code[16];
        int64_t id = 0;
        wf_personal_code(700000 + i * 1000, code);
        rc = person(ctx, e, code, "1990-01-11", DOBELE, "2022-05-01", "day_care", &id);
    }
    static const wf_user U[] = {{"region-zpr", "region", NULL, "ZPR"},
                                {"ministry", "ministry", NULL, NULL},
                                {"head-d", "municipal_head", DOBELE, NULL}};
    if (!rc)
        rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_open_figures_pages", .password = PASSWORD,
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

static json_t *need_row(json_t *body, const char *atvk, const char *service)
{
    json_t *rows = json_object_get(body, "rows");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *x = json_array_get(rows, i);
        if (!strcmp(json_string_value(json_object_get(x, "municipality")), atvk) &&
            !strcmp(json_string_value(json_object_get(x, "service")), service))
            return x;
    }
    fail_msg("no row %s %s", atvk, service);
    return NULL;
}

static json_t *need_total(json_t *body, const char *service)
{
    json_t *rows = json_object_get(body, "totals");
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *x = json_array_get(rows, i);
        if (!strcmp(json_string_value(json_object_get(x, "service")), service))
            return x;
    }
    fail_msg("no total %s", service);
    return NULL;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* A count that is shown: its value. */
static int64_t shown(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    if (!json_is_integer(v))
        fail_msg("%s is not a number", name);
    assert_null(json_object_get(json_object_get(o, "flags"), name));
    return (int64_t)json_integer_value(v);
}

/* A count that is suppressed: null, with the flag "c". */
static void hidden(json_t *o, const char *name)
{
    if (!json_is_null(json_object_get(o, name)))
        fail_msg("%s is not null", name);
    json_t *f = json_object_get(json_object_get(o, "flags"), name);
    if (!json_is_string(f) || strcmp(json_string_value(f), "c") != 0)
        fail_msg("%s has no flag c", name);
}

static void test_need_ministry_and_coordinator(void **state)
{
    (void)state;
    wf_who m, w;
    wf_log_in("ministry", &m);
    wf_log_in("region-zpr", &w);
    json_t *j = get_json(&m, "/api/v1/need?region=ZPR&at=2024-06-15");
    hidden(need_row(j, BAUSKA, "day_care"), "need");   /* 3: small */
    hidden(need_row(j, DOBELE, "day_care"), "need");   /* 6: beside the 3 in day care's line */
    hidden(need_row(j, BAUSKA, "day_care"), "unmet");  /* 3 */
    hidden(need_row(j, DOBELE, "day_care"), "unmet");  /* 6 */
    assert_int_equal(shown(need_row(j, BAUSKA, "day_care"), "receiving"), 0);
    assert_int_equal(shown(need_row(j, DOBELE, "day_care"), "shortfall"), 0);
    assert_int_equal(shown(need_row(j, DOBELE, "day_care"), "places"), 10); /* places are never hidden */
    hidden(need_row(j, BAUSKA, "respite"), "need");    /* 1 */
    assert_int_equal(shown(need_total(j, "day_care"), "need"), 9);
    assert_int_equal(shown(need_total(j, "day_care"), "unmet"), 9);
    hidden(need_total(j, "respite"), "need");          /* 2 */
    hidden(need_total(j, "workshop"), "need");         /* 1 */
    assert_int_equal(shown(need_total(j, ""), "need"), 12);
    json_t *d = json_object_get(j, "disclosure");
    assert_int_equal(json_integer_value(json_object_get(d, "threshold")), 5);
    assert_non_null(strstr(json_string_value(json_object_get(d, "rule")), "from 1 to 4"));
    assert_non_null(strstr(json_string_value(json_object_get(d, "noteikums")), "no 1 līdz 4"));
    json_decref(j);
    /* Dobele alone: its 6 stays hidden (the region's flags). */
    j = get_json(&m, "/api/v1/need?region=ZPR&at=2024-06-15&municipality=" DOBELE);
    hidden(need_row(j, DOBELE, "day_care"), "need");
    hidden(need_total(j, "day_care"), "need");
    json_decref(j);
    /* The region's coordinator: the exact figures. */
    j = get_json(&w, "/api/v1/need?at=2024-06-15");
    assert_int_equal(shown(need_row(j, BAUSKA, "day_care"), "need"), 3);
    assert_int_equal(shown(need_row(j, DOBELE, "day_care"), "need"), 6);
    assert_int_equal(shown(need_row(j, BAUSKA, "respite"), "need"), 1);
    assert_int_equal(shown(need_total(j, "day_care"), "need"), 9);
    assert_true(json_is_null(json_object_get(j, "disclosure")));
    json_decref(j);
    /* The pages: "c" without a link for the ministry, the rule stated, no
     * chart or map; the coordinator's 3 leads to its persons. */
    tc_resp r;
    assert_int_equal(wf_get(&m, "/need?at=2024-06-15&region=ZPR&service=day_care", &r), 200);
    wf_expect_in(&r, "data-label=\"Vajadzība\">c</td>");
    wf_expect_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    /* Only the shown total (9) leads to the records; not the 3 nor the 6. */
    assert_int_equal(count_of(r.body, "need_places..day_care.need"), 1);
    wf_expect_in(&r, "need_places..day_care.need.0&amp;region=ZPR&amp;date=2024-06-15\">9</a>");
    wf_expect_not_in(&r, "need-map");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/need?at=2024-06-15&service=day_care", &r), 200);
    assert_int_equal(count_of(r.body, "need_places..day_care.need"), 3);
    wf_expect_in(&r, ">3</a>");
    wf_expect_not_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    tc_resp_free(&r);
}

/* Cost: 2022's one person (A's day care) is small: the ministry's year
 * total and row are null with flag c and the CSV says "c" under the
 * rule's lines; the coordinator sees 1. In 2028 the rows (Bauska day
 * care 3, respite 1; Dobele workshop 1, respite 1, day care the six
 * counted in) are all hidden or shown in pairs, never one alone beside a
 * shown total. */
static void test_cost_ministry_and_coordinator(void **state)
{
    (void)state;
    wf_who m, w;
    wf_log_in("ministry", &m);
    wf_log_in("region-zpr", &w);
    json_t *j = get_json(&m, "/api/v1/cost?region=ZPR&date=2024-06-15");
    json_t *totals = json_object_get(j, "totals");
    bool seen = false;
    for (size_t i = 0; i < json_array_size(totals); i++) {
        json_t *x = json_array_get(totals, i);
        if (json_integer_value(json_object_get(x, "year")) == 2022) {
            seen = true;
            hidden(x, "persons");
            assert_int_equal(shown(x, "units"), 10); /* units are not persons */
        }
    }
    assert_true(seen);
    json_t *rows = json_object_get(j, "rows");
    for (int y = 2022; y <= 2028; y++) {
        size_t nhidden = 0;
        bool total_shown = false;
        for (size_t i = 0; i < json_array_size(rows); i++) {
            json_t *x = json_array_get(rows, i);
            if (json_integer_value(json_object_get(x, "year")) != y)
                continue;
            json_t *p = json_object_get(x, "persons");
            if (json_is_null(p))
                nhidden++;
            else
                assert_true(json_integer_value(p) == 0 || json_integer_value(p) >= 5);
        }
        for (size_t i = 0; i < json_array_size(totals); i++) {
            json_t *x = json_array_get(totals, i);
            if (json_integer_value(json_object_get(x, "year")) == y)
                total_shown = json_is_integer(json_object_get(x, "persons"));
        }
        if (total_shown && nhidden == 1)
            fail_msg("%d: one person count hidden beside a shown total", y);
    }
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "disclosure"), "threshold")), 5);
    json_decref(j);
    j = get_json(&w, "/api/v1/cost?date=2024-06-15");
    totals = json_object_get(j, "totals");
    for (size_t i = 0; i < json_array_size(totals); i++) {
        json_t *x = json_array_get(totals, i);
        if (json_integer_value(json_object_get(x, "year")) == 2022)
            assert_int_equal(shown(x, "persons"), 1);
    }
    assert_true(json_is_null(json_object_get(j, "disclosure")));
    json_decref(j);
    tc_resp r;
    assert_int_equal(wf_get(&m, "/cost?format=csv&region=ZPR&date=2024-06-15", &r), 200);
    wf_expect_in(&r, "# disclosure threshold: 5\n");
    wf_expect_in(&r, "# noteikums: Atvērtie dati bez mazajiem skaitļiem");
    /* A's 2022 day care: 1 person, 10 units × 22,80 €. */
    wf_expect_in(&r, BAUSKA ",Bauskas novads,day_care,2022,0,c,10,,228.00,\n");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/cost?format=csv&date=2024-06-15", &r), 200);
    wf_expect_not_in(&r, "# disclosure");
    wf_expect_in(&r, BAUSKA ",Bauskas novads,day_care,2022,0,1,10,,228.00,\n");
    tc_resp_free(&r);
    /* The page: 2022's persons "c" with no link to the records. */
    assert_int_equal(wf_get(&m, "/cost?region=ZPR&date=2024-06-15", &r), 200);
    wf_expect_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    wf_expect_not_in(&r, "cost_history..all.persons.2022");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/cost?date=2024-06-15", &r), 200);
    wf_expect_in(&r, "cost_history..all.persons.2022");
    tc_resp_free(&r);
}

/* Progress: specialists_trained's 4 (entered for 2023) and the 2 day-care
 * centres (an output indicator: the catalogue counts it as persons) are
 * small; grt_assessed's 11 (A–E and the six) is shown. */
static void test_progress_ministry_and_coordinator(void **state)
{
    (void)state;
    wf_who m, w;
    wf_log_in("ministry", &m);
    wf_log_in("region-zpr", &w);
    json_t *j = get_json(&m, "/api/v1/progress?region=ZPR&date=2024-06-15");
    json_t *items = json_object_get(j, "indicators");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *x = json_array_get(items, i);
        const char *key = json_string_value(json_object_get(x, "key"));
        if (!strcmp(key, "grt_assessed")) {
            assert_int_equal(json_integer_value(json_object_get(x, "value")), 11);
            assert_true(json_is_null(json_object_get(x, "flag")));
        } else {
            assert_true(json_is_null(json_object_get(x, "value")));
            assert_string_equal(json_string_value(json_object_get(x, "flag")), "c");
        }
    }
    assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "disclosure"), "threshold")), 5);
    json_decref(j);
    j = get_json(&w, "/api/v1/progress?date=2024-06-15");
    items = json_object_get(j, "indicators");
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *x = json_array_get(items, i);
        if (!strcmp(json_string_value(json_object_get(x, "key")), "specialists_trained"))
            assert_int_equal(json_integer_value(json_object_get(x, "value")), 4);
    }
    assert_true(json_is_null(json_object_get(j, "disclosure")));
    json_decref(j);
    tc_resp r;
    assert_int_equal(wf_get(&m, "/?region=ZPR", &r), 200);
    wf_expect_in(&r, "<td class=\"num\">c</td>");
    wf_expect_in(&r, "Atvērtie dati bez mazajiem skaitļiem");
    wf_expect_not_in(&r, "indicator_table..specialists_trained.achieved");
    tc_resp_free(&r);
    /* A municipal head keeps the exact figures of their own municipality. */
    wf_who d;
    wf_log_in("head-d", &d);
    j = get_json(&d, "/api/v1/need?at=2024-06-15");
    assert_int_equal(shown(need_row(j, DOBELE, "day_care"), "need"), 6);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_need_ministry_and_coordinator),
        cmocka_unit_test(test_cost_ministry_and_coordinator),
        cmocka_unit_test(test_progress_ministry_and_coordinator),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
