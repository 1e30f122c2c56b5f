/* Progress at a glance (service/figures/progress.h) and cost after EU
 * funding (service/figures/cost.h) over a tiny hand-made region: five
 * people in Bauskas and Dobeles novads, a project 2022–2023, three
 * indicators (a computed count, an entered survey value, a count whose
 * target is a fall). Every expected value below is worked out by hand from
 * the records this file makes and data/unit_costs.csv (day care 22,80 €,
 * workshop 17,90 €, respite 55,00 € from 01.07.2021); the rules are in
 * docs/figures.md ("Progress at a glance", "Cost after EU funding"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "cost_rows.h"
#include "progress_region.h"
#include "service/figures/cost.h"
#include "service/figures/figure_records.h"
#include "service/figures/figures.h"
#include "service/figures/progress.h"
#include "service/sql.h"

static fixture g_f;
static int64_t g_i_assessed, g_i_trained, g_i_centres; /* indicator ids */
static int64_t g_bauska, g_dobele, g_jelgava;

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static int64_t muni_id(const char *atvk) { return progress_muni_id(g_f.db, atvk); }

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "progress-cost"))
        return -1;
    kp_ctx *ctx = &g_f.ctx;
    snprintf(ctx->now, sizeof ctx->now, "2024-06-15T10:00:00Z");
    progress_ids ids = {0};
    kp_rc rc = progress_region_make(ctx, &ids);
    g_i_assessed = ids.assessed;
    g_i_trained = ids.trained;
    g_i_centres = ids.centres;
    g_bauska = muni_id(BAUSKA);
    g_dobele = muni_id(DOBELE);
    g_jelgava = muni_id(JELGAVA_NOV);
    return rc || !g_bauska || !g_dobele || !g_jelgava ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

static kp_ctx as(kp_role role, int64_t municipality, const char *region)
{
    kp_ctx c = g_f.ctx;
    c.role = role;
    c.municipality_id = municipality;
    snprintf(c.region, sizeof c.region, "%s", region ? region : "");
    return c;
}

static const kp_progress_item *item(const kp_progress *p, int64_t id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->items[i].id == id)
            return &p->items[i];
    fail_msg("indicator %lld missing", (long long)id);
    return NULL;
}

/* ---- the status rule ------------------------------------------------------ */

static void test_status_rule(void **state)
{
    (void)state;
    int64_t ex = -1;
    /* A rise 0 → 100 over days 0..100. */
    assert_int_equal(kp_progress_status_of(50, 0, 0, 100, 100, 50, &ex), KP_PROGRESS_ON_TRACK); /* on the line */
    assert_int_equal(ex, 50);
    assert_int_equal(kp_progress_status_of(49, 0, 0, 100, 100, 50, &ex), KP_PROGRESS_BEHIND);
    assert_int_equal(kp_progress_status_of(100, 0, 0, 100, 100, 50, &ex), KP_PROGRESS_REACHED);
    /* 1/3 of the way: the line is 33,3…: 34 is on track, 33 behind. */
    assert_int_equal(kp_progress_status_of(34, 0, 0, 100, 300, 100, &ex), KP_PROGRESS_ON_TRACK);
    assert_int_equal(ex, 33);
    assert_int_equal(kp_progress_status_of(33, 0, 0, 100, 300, 100, &ex), KP_PROGRESS_BEHIND);
    /* Before the start the line is the baseline; after the end, the target. */
    assert_int_equal(kp_progress_status_of(10, 10, 100, 50, 200, 20, &ex), KP_PROGRESS_ON_TRACK);
    assert_int_equal(ex, 10);
    assert_int_equal(kp_progress_status_of(49, 10, 100, 50, 200, 900, &ex), KP_PROGRESS_BEHIND);
    assert_int_equal(ex, 50);
    /* A fall 100 → 20 over days 0..80: at day 40 the line is 60. */
    assert_int_equal(kp_progress_status_of(60, 100, 0, 20, 80, 40, &ex), KP_PROGRESS_ON_TRACK);
    assert_int_equal(ex, 60);
    assert_int_equal(kp_progress_status_of(61, 100, 0, 20, 80, 40, &ex), KP_PROGRESS_BEHIND);
    assert_int_equal(kp_progress_status_of(20, 100, 0, 20, 80, 40, &ex), KP_PROGRESS_REACHED);
    /* No line: no status. */
    assert_int_equal(kp_progress_status_of(5, 0, 100, 10, 100, 50, &ex), KP_PROGRESS_NONE);
    assert_int_equal(kp_progress_status_of(5, 0, KP_DATE_NONE, 10, 100, 50, NULL), KP_PROGRESS_NONE);
    assert_string_equal(kp_progress_status_code(KP_PROGRESS_ON_TRACK), "on_track");
    assert_string_equal(kp_progress_status_code(KP_PROGRESS_BEHIND), "behind");
    assert_string_equal(kp_progress_status_code(KP_PROGRESS_REACHED), "reached");
    assert_string_equal(kp_progress_status_code(KP_PROGRESS_NONE), "");
}

/* ---- progress for the region ---------------------------------------------- */

static void test_region_progress_today(void **state)
{
    (void)state;
    kp_ctx c = as(KP_ROLE_REGION, 0, "ZPR");
    kp_progress p;
    assert_int_equal(kp_progress_compute(&c, "", 0, day("2024-06-15"), &p), KP_OK);
    assert_string_equal(p.region, "ZPR");
    assert_int_equal(p.municipality, 0);
    assert_int_equal(p.n, 3);
    /* grt_assessed: A, B, C, D, E assessed by the date = 5. The line runs
     * 0 (31.12.2021) → 8 (31.12.2023); after its end it is the target, 8:
     * behind. Trend: 31.12.2021 0, 31.12.2022 4 (C came in 2023),
     * 31.12.2023 5, 15.06.2024 5. */
    const kp_progress_item *a = item(&p, g_i_assessed);
    assert_true(a->found);
    assert_int_equal(a->value, 5);
    assert_int_equal(a->expected, 8);
    assert_int_equal(a->status, KP_PROGRESS_BEHIND);
    assert_int_equal(a->ntrend, 4);
    static const int64_t TREND[] = {0, 4, 5, 5};
    for (size_t k = 0; k < 4; k++) {
        assert_true(a->trend[k].found);
        assert_int_equal(a->trend[k].value, TREND[k]);
    }
    assert_int_equal(a->trend[0].on, day("2021-12-31"));
    assert_int_equal(a->trend[3].on, day("2024-06-15"));
    /* specialists_trained (entered): the last year ended by the date is
     * 2023, value 4 ≥ target 3: reached. No baseline: the line starts at
     * the project's start, from 0. Trend from the project's first year:
     * 2022's value 2, 2023's 4, 4 at the date. */
    const kp_progress_item *t = item(&p, g_i_trained);
    assert_true(t->found);
    assert_int_equal(t->value, 4);
    assert_int_equal(t->value_year, 2023);
    assert_false(t->has_baseline);
    assert_int_equal(t->line_start, day("2022-01-01"));
    assert_int_equal(t->status, KP_PROGRESS_REACHED);
    assert_int_equal(t->ntrend, 3);
    assert_int_equal(t->trend[0].value, 2);
    assert_int_equal(t->trend[0].year, 2022);
    assert_int_equal(t->trend[1].value, 4);
    assert_int_equal(t->trend[2].value, 4);
    /* day_care_centres_grt: Zīle (Bauska) and Ozols (Dobele) = 2; the
     * target is a fall 5 → 1, the line at the date is 1: 2 > 1, behind. */
    const kp_progress_item *d = item(&p, g_i_centres);
    assert_int_equal(d->value, 2);
    assert_int_equal(d->expected, 1);
    assert_int_equal(d->status, KP_PROGRESS_BEHIND);
    assert_int_equal(d->trend[0].value, 2); /* 31.12.2021: both opened on 01.08.2021 */
    kp_progress_free(&p);
}

static void test_region_progress_at_a_past_date(void **state)
{
    (void)state;
    kp_ctx c = as(KP_ROLE_REGION, 0, "ZPR");
    kp_progress p;
    assert_int_equal(kp_progress_compute(&c, "ZPR", 0, day("2022-12-31"), &p), KP_OK);
    /* grt_assessed at 31.12.2022: 4; the line is half-way (365 of 730
     * days): 0 + 8 × 365 / 730 = 4; 4 ≥ 4: on track. */
    const kp_progress_item *a = item(&p, g_i_assessed);
    assert_int_equal(a->value, 4);
    assert_int_equal(a->expected, 4);
    assert_int_equal(a->status, KP_PROGRESS_ON_TRACK);
    assert_int_equal(a->ntrend, 2); /* 31.12.2021 and the date */
    /* The entered value at 31.12.2022 is 2022's 2 (entered later, in
     * January 2023: a year's value counts whenever entered); the line
     * 0 (01.01.2022) → 3 (31.12.2023) at 364 of 729 days is 1,49…; 2 is
     * on track, rounded line 1. */
    const kp_progress_item *t = item(&p, g_i_trained);
    assert_int_equal(t->value, 2);
    assert_int_equal(t->expected, 1);
    assert_int_equal(t->status, KP_PROGRESS_ON_TRACK);
    /* The centres: 5 → 1, half-way 3; 2 ≤ 3: on track. */
    const kp_progress_item *d = item(&p, g_i_centres);
    assert_int_equal(d->value, 2);
    assert_int_equal(d->expected, 3);
    assert_int_equal(d->status, KP_PROGRESS_ON_TRACK);
    kp_progress_free(&p);
}

/* ---- progress for a municipality ------------------------------------------ */

static void test_head_sees_own_municipality(void **state)
{
    (void)state;
    kp_ctx c = as(KP_ROLE_MUNICIPAL_HEAD, g_bauska, NULL);
    kp_progress p;
    assert_int_equal(kp_progress_compute(&c, NULL, 0, day("2024-06-15"), &p), KP_OK);
    assert_string_equal(p.region, "ZPR");
    assert_int_equal(p.municipality, g_bauska);
    assert_string_equal(p.municipality_name, "Bauskas novads");
    /* Bauska's own records: A, B, C assessed; Zīle's centre. No status
     * (the targets are the region's); no entered value. */
    const kp_progress_item *a = item(&p, g_i_assessed);
    assert_int_equal(a->value, 3);
    assert_false(a->has_line);
    assert_int_equal(a->status, KP_PROGRESS_NONE);
    assert_int_equal(a->trend[1].value, 2); /* 31.12.2022: A, B */
    assert_false(item(&p, g_i_trained)->found);
    assert_int_equal(item(&p, g_i_centres)->value, 1);
    kp_progress_free(&p);
    /* Naming their own municipality is the same; another one, or another
     * region, is not found. */
    assert_int_equal(kp_progress_compute(&c, "ZPR", g_bauska, day("2024-06-15"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 3);
    kp_progress_free(&p);
    assert_int_equal(kp_progress_compute(&c, NULL, g_dobele, day("2024-06-15"), &p), KP_ENOTFOUND);
    assert_int_equal(p.n, 0);
    assert_int_equal(kp_progress_compute(&c, "KPR", 0, day("2024-06-15"), &p), KP_ENOTFOUND);
    /* The region's coordinator may look at one municipality too. */
    kp_ctx r = as(KP_ROLE_REGION, 0, "ZPR");
    assert_int_equal(kp_progress_compute(&r, NULL, g_dobele, day("2024-06-15"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 2); /* D, E */
    kp_progress_free(&p);
}

static void test_scope_refusals(void **state)
{
    (void)state;
    kp_progress p;
    kp_ctx other = as(KP_ROLE_REGION, 0, "KPR");
    assert_int_equal(kp_progress_compute(&other, "ZPR", 0, day("2024-06-15"), &p), KP_ENOTFOUND);
    /* A municipality outside the coordinator's region: not found. */
    kp_ctx zpr = as(KP_ROLE_REGION, 0, "ZPR");
    int64_t riga = muni_id("0010000");
    assert_true(riga > 0);
    assert_int_equal(kp_progress_compute(&zpr, NULL, riga, day("2024-06-15"), &p), KP_ENOTFOUND);
    kp_ctx sw = as(KP_ROLE_SOCIAL_WORKER, g_bauska, NULL);
    assert_int_equal(kp_progress_compute(&sw, NULL, 0, day("2024-06-15"), &p), KP_EDENIED);
    kp_ctx prov = as(KP_ROLE_PROVIDER, 0, NULL);
    assert_int_equal(kp_progress_compute(&prov, NULL, 0, day("2024-06-15"), &p), KP_EDENIED);
    /* The ministry names a region; an unknown one is not found. */
    kp_ctx min = as(KP_ROLE_MINISTRY, 0, NULL);
    assert_int_equal(kp_progress_compute(&min, "", 0, day("2024-06-15"), &p), KP_EINVAL);
    assert_int_equal(kp_progress_compute(&min, "XXX", 0, day("2024-06-15"), &p), KP_ENOTFOUND);
    assert_int_equal(kp_progress_compute(&min, "ZPR", 0, day("2024-06-15"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 5);
    kp_progress_free(&p);
    /* Bad arguments. */
    assert_int_equal(kp_progress_compute(NULL, "ZPR", 0, day("2024-06-15"), &p), KP_EINVAL);
    assert_int_equal(kp_progress_compute(&min, "ZPR", 0, day("2024-06-15"), NULL), KP_EINVAL);
    assert_int_equal(kp_progress_compute(&min, "ZPR", 0, KP_DATE_NONE, &p), KP_EINVAL);
    assert_int_equal(kp_progress_compute(&min, "ZPR", -1, day("2024-06-15"), &p), KP_EINVAL);
    char region[8];
    int64_t m = 0;
    assert_int_equal(kp_figures_scope(NULL, "ZPR", 0, day("2024-06-15"), region, &m), KP_EINVAL);
    assert_int_equal(kp_figures_scope(&min, "ZPR", 0, day("2024-06-15"), NULL, &m), KP_EINVAL);
    assert_int_equal(kp_figures_scope(&min, "ZPR", 0, day("2024-06-15"), region, NULL), KP_EINVAL);
    kp_progress_free(NULL);
    kp_indicator_at v = {.indicator_id = g_i_assessed};
    assert_int_equal(kp_indicator_values_at(NULL, "ZPR", 0, day("2024-06-15"), day("2024-06-15"), &v, 1), KP_EINVAL);
    assert_int_equal(kp_indicator_values_at(&min, NULL, 0, day("2024-06-15"), day("2024-06-15"), &v, 1), KP_EINVAL);
    assert_int_equal(kp_indicator_values_at(&min, "ZPR", 0, day("2024-06-15"), day("2024-06-15"), NULL, 1), KP_EINVAL);
    assert_int_equal(kp_indicator_values_at(&min, "ZPR", 0, KP_DATE_NONE, day("2024-06-15"), &v, 1), KP_EINVAL);
    assert_int_equal(kp_indicator_values_at(&min, "KPR", 0, day("2024-06-15"), day("2024-06-15"), &v, 1),
                     KP_ENOTFOUND);
    assert_int_equal(kp_indicator_values_at(&min, "ZPR", 0, day("2024-06-15"), day("2024-06-15"), &v, 1), KP_OK);
    assert_true(v.found);
    assert_int_equal(v.value, 5);
}

/* ---- cost after EU funding ------------------------------------------------ */

static void test_cost_region(void **state)
{
    (void)state;
    kp_ctx c = as(KP_ROLE_REGION, 0, "ZPR");
    kp_cost k;
    assert_int_equal(kp_cost_compute(&c, NULL, 0, day("2024-06-15"), 5, &k), KP_OK);
    assert_int_equal(k.first_year, 2022);
    assert_int_equal(k.end_year, 2023);
    assert_int_equal(k.base_year, 2023);
    assert_int_equal(k.last_year, 2028);
    /* The project's years: day care 10 units in 2022 (A), 25 in 2023 (A 20,
     * B 5) at 22,80 €; Dobele: workshop 4 × 17,90 €, respite 3 × 55,00 €. */
    expect_row(&k, g_bauska, "day_care", 2022, 1, 10, 22800);
    expect_row(&k, g_bauska, "day_care", 2023, 2, 25, 57000);
    expect_row(&k, g_dobele, "workshop", 2023, 1, 4, 7160);
    expect_row(&k, g_dobele, "respite", 2023, 1, 3, 16500);
    /* Projection: Bauska's day care has one person not yet served (C): in
     * 2024–2027 1 × k / 5 = 0 added, in 2028 1; units 25 + 1 × 25 / 2 = 37.
     * Bauska's respite: B, not served; no base of its own, so the region's
     * 3 units per person: 2028 1 person, 3 units, 165,00 €. Dobele stays at
     * its base year. */
    for (int y = 2024; y <= 2027; y++) {
        expect_row(&k, g_bauska, "day_care", y, 2, 25, 57000);
        expect_row(&k, g_bauska, "respite", y, 0, 0, 0);
    }
    expect_row(&k, g_bauska, "day_care", 2028, 3, 37, 84360);
    expect_row(&k, g_bauska, "respite", 2028, 1, 3, 16500);
    assert_int_equal(cost_row(&k, g_bauska, "respite", 2028)->unmet_added, 1);
    assert_int_equal(cost_row(&k, g_bauska, "respite", 2028)->unit_cost, 5500);
    assert_true(cost_row(&k, g_bauska, "respite", 2028)->projected);
    assert_false(cost_row(&k, g_bauska, "day_care", 2023)->projected);
    expect_row(&k, g_dobele, "workshop", 2028, 1, 4, 7160);
    expect_row(&k, g_dobele, "respite", 2026, 1, 3, 16500);
    assert_null(cost_row(&k, g_dobele, "day_care", 2024));
    int64_t persons = 0, units = 0;
    kp_cents cost = 0;
    kp_cost_year_total(&k, 2028, &persons, &units, &cost);
    assert_int_equal(persons, 6);
    assert_int_equal(units, 47);
    assert_int_equal(cost, 124520);
    kp_cost_year_total(&k, 2024, &persons, &units, &cost);
    assert_int_equal(persons, 4);
    assert_int_equal(units, 32);
    assert_int_equal(cost, 80660);
    /* Each year of the project: the drill-down (catalogue section
     * cost_history) lists as many persons as the row counts, and the
     * year's total ("all") as many as kp_cost_year_total adds. */
    for (size_t i = 0; i < k.n; i++) {
        const kp_cost_row *x = &k.rows[i];
        if (x->projected)
            continue;
        kp_figure_ref ref = {.section = "cost_history", .measure = "persons", .period = x->year};
        snprintf(ref.item, sizeof ref.item, "%s", x->service);
        kp_figure_records fr;
        assert_int_equal(kp_figure_records_list(&c, "ZPR", day("2024-06-15"), &ref, x->municipality, &fr), KP_OK);
        assert_int_equal((int64_t)fr.n, x->persons);
        kp_figure_records_free(&fr);
    }
    for (int y = 2022; y <= 2023; y++) {
        kp_figure_ref ref = {.section = "cost_history", .item = "all", .measure = "persons", .period = y};
        kp_figure_records fr;
        assert_int_equal(kp_figure_records_list(&c, "ZPR", day("2024-06-15"), &ref, 0, &fr), KP_OK);
        kp_cost_year_total(&k, y, &persons, &units, &cost);
        assert_int_equal((int64_t)fr.n, persons);
        assert_int_equal((int64_t)fr.n, y == 2022 ? 1 : 4); /* 2022: A; 2023: A, B, D, E */
        kp_figure_records_free(&fr);
    }
    /* Rows by municipality, service (catalogue order), year. */
    for (size_t i = 1; i < k.n; i++) {
        const kp_cost_row *p = &k.rows[i - 1], *q = &k.rows[i];
        assert_true(p->municipality < q->municipality ||
                    (p->municipality == q->municipality &&
                     (p->service_sort < q->service_sort || (p->service_sort == q->service_sort && p->year < q->year))));
    }
    kp_cost_free(&k);
    /* At 30.06.2023 the base year is 2022 (the last ended): Bauska's day
     * care 1 person, 10 units; B and C not served in 2022 → 2 unmet; 2028
     * 1 + 2 = 3 persons, 10 + 2 × 10 / 1 = 30 units. */
    assert_int_equal(kp_cost_compute(&c, "ZPR", 0, day("2023-06-30"), 5, &k), KP_OK);
    assert_int_equal(k.base_year, 2022);
    expect_row(&k, g_bauska, "day_care", 2023, 2, 25, 57000); /* to the date */
    expect_row(&k, g_bauska, "day_care", 2026, 2, 20, 45600); /* 2 × 3 / 5 = 1 added */
    expect_row(&k, g_bauska, "day_care", 2028, 3, 30, 68400);
    kp_cost_free(&k);
}

/* A unit cost that changes inside the project (cost.c reads each service's
 * cost per stretch of days between the days a family's unit cost can
 * change): day care 22,80 € to 10.05.2023, 30,00 € from 11.05.2023 to
 * 31.05.2023, none after. 2023's day care: A 15 units on 10.05 at 22,80 €
 * = 342,00 €, A 5 units on 11.05 at 30,00 € = 150,00 €, B 5 units on
 * 01.06 at no unit cost = 0: 492,00 €; 2022 (A, 10 units on 15.03 at
 * 22,80 €) stays 228,00 €. Rolled back afterwards. */
static void test_cost_unit_cost_changes_within_a_year(void **state)
{
    (void)state;
    kp_ctx c = as(KP_ROLE_REGION, 0, "ZPR");
    assert_int_equal(kp_store_exec(g_f.db, "BEGIN"), KP_OK);
    assert_int_equal(kp_store_exec(g_f.db, "UPDATE unit_cost SET valid_to = '2023-05-10'"
                                           " WHERE service_code = 'day_care' AND valid_to IS NULL"),
                     KP_OK);
    assert_int_equal(kp_store_exec(g_f.db, "INSERT INTO unit_cost(service_code, amount_cents, valid_from, valid_to,"
                                           " source) VALUES ('day_care', 3000, '2023-05-11', '2023-05-31', 'test')"),
                     KP_OK);
    kp_cost k;
    kp_rc rc = kp_cost_compute(&c, NULL, 0, day("2024-06-15"), 5, &k);
    assert_int_equal(kp_store_exec(g_f.db, "ROLLBACK"), KP_OK);
    assert_int_equal(rc, KP_OK);
    expect_row(&k, g_bauska, "day_care", 2022, 1, 10, 22800);
    expect_row(&k, g_bauska, "day_care", 2023, 2, 25, 49200);
    expect_row(&k, g_dobele, "workshop", 2023, 1, 4, 7160); /* other services as before */
    kp_cost_free(&k);
}

static void test_cost_head_and_scope(void **state)
{
    (void)state;
    kp_ctx h = as(KP_ROLE_MUNICIPAL_HEAD, g_bauska, NULL);
    kp_cost k;
    assert_int_equal(kp_cost_compute(&h, NULL, 0, day("2024-06-15"), 5, &k), KP_OK);
    assert_int_equal(k.municipality, g_bauska);
    for (size_t i = 0; i < k.n; i++)
        assert_int_equal(k.rows[i].municipality, g_bauska);
    /* The same numbers as in the region's view, the region's units per
     * person included. */
    expect_row(&k, g_bauska, "respite", 2028, 1, 3, 16500);
    expect_row(&k, g_bauska, "day_care", 2028, 3, 37, 84360);
    kp_cost_free(&k);
    kp_ctx other = as(KP_ROLE_MUNICIPAL_HEAD, g_dobele, NULL);
    assert_int_equal(kp_cost_compute(&other, NULL, g_bauska, day("2024-06-15"), 5, &k), KP_ENOTFOUND);
    assert_int_equal(k.n, 0);
    assert_int_equal(kp_cost_compute(&other, NULL, 0, day("2024-06-15"), 5, &k), KP_OK);
    assert_null(cost_row(&k, g_bauska, "day_care", 2023));
    kp_cost_free(&k);
    kp_ctx sw = as(KP_ROLE_SOCIAL_WORKER, g_bauska, NULL);
    assert_int_equal(kp_cost_compute(&sw, NULL, 0, day("2024-06-15"), 5, &k), KP_EDENIED);
    kp_ctx min = as(KP_ROLE_MINISTRY, 0, NULL);
    assert_int_equal(kp_cost_compute(&min, "ZPR", 0, day("2024-06-15"), 0, &k), KP_EINVAL);
    assert_int_equal(kp_cost_compute(&min, "ZPR", 0, day("2024-06-15"), 21, &k), KP_EINVAL);
    assert_int_equal(kp_cost_compute(&min, "ZPR", 0, KP_DATE_NONE, 5, &k), KP_EINVAL);
    assert_int_equal(kp_cost_compute(NULL, "ZPR", 0, day("2024-06-15"), 5, &k), KP_EINVAL);
    assert_int_equal(kp_cost_compute(&min, "ZPR", 0, day("2024-06-15"), 5, NULL), KP_EINVAL);
    /* A region without records: no rows. */
    assert_int_equal(kp_cost_compute(&min, "KPR", 0, day("2024-06-15"), 5, &k), KP_OK);
    assert_int_equal(k.n, 0);
    kp_cost_free(&k);
    kp_cost_free(NULL);
    kp_cost_year_total(NULL, 2024, NULL, NULL, NULL);
}

/* ---- a record made before the reform -------------------------------------- */

/* F, registered in 2020 in the Bauskas novads of before the reform
 * (0400200, merged into today's 0025000 on 01.07.2021), assessed 2020
 * (day care needed, never given). Runs last: it adds a person. */
static void test_predecessor_records_count_under_today(void **state)
{
    (void)state;
    kp_ctx *sys = &g_f.ctx;
    kp_errors e;
    kp_errors_init(&e);
    int64_t f = 0;
    kp_client_in c = {.personal_code = "070986-11071", .given_name = "Vārds", .family_name = "Uzvārds",
                      .birth_date = "1986-09-07", .municipality = "0400200", .target_group = "grt",
                      .disability_group = "1", .registered_on = "2020-05-01"};
    assert_int_equal(kp_client_register(sys, &c, &e, &f), KP_OK);
    char fid[24];
    kp_assessment_in a = {.client_id = num(f, fid), .round = "1", .assessed_on = "2020-06-01", .place = "family",
                          .assessor = "Eksperte", .needs = "day_care"};
    assert_int_equal(kp_assessment_record(sys, &a, &e, NULL), KP_OK);
    kp_errors_free(&e);
    kp_ctx head = as(KP_ROLE_MUNICIPAL_HEAD, g_bauska, NULL);
    kp_ctx region = as(KP_ROLE_REGION, 0, "ZPR");
    kp_progress p;
    /* At 31.12.2020 the head's Bauska is the territory of today: F counts
     * under it; the region (its map of 2020) has F under the old Bauska. */
    assert_int_equal(kp_progress_compute(&head, NULL, 0, day("2020-12-31"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 1);
    kp_progress_free(&p);
    assert_int_equal(kp_progress_compute(&region, NULL, 0, day("2020-12-31"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 1);
    kp_progress_free(&p);
    /* Today: Bauska A, B, C, F; the region 6. The old code names today's
     * Bauska too. */
    assert_int_equal(kp_progress_compute(&head, NULL, 0, day("2024-06-15"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 4);
    assert_int_equal(item(&p, g_i_assessed)->trend[0].value, 1); /* 31.12.2021: F */
    kp_progress_free(&p);
    assert_int_equal(kp_progress_compute(&region, NULL, muni_id("0400200"), day("2024-06-15"), &p), KP_OK);
    assert_int_equal(p.municipality, g_bauska);
    assert_int_equal(item(&p, g_i_assessed)->value, 4);
    kp_progress_free(&p);
    assert_int_equal(kp_progress_compute(&region, NULL, 0, day("2024-06-15"), &p), KP_OK);
    assert_int_equal(item(&p, g_i_assessed)->value, 6);
    kp_progress_free(&p);
    /* Cost: F's day care is a need not yet served beside C's: 2 unmet;
     * 2026 2 × 3 / 5 = 1 comes in (37 units), 2028 both (25 + 2 × 25 / 2
     * = 50 units, 1 140,00 €) — for the head and the region alike. */
    kp_cost k;
    assert_int_equal(kp_cost_compute(&head, NULL, 0, day("2024-06-15"), 5, &k), KP_OK);
    expect_row(&k, g_bauska, "day_care", 2026, 3, 37, 84360);
    expect_row(&k, g_bauska, "day_care", 2028, 4, 50, 114000);
    kp_cost_free(&k);
    assert_int_equal(kp_cost_compute(&region, NULL, 0, day("2024-06-15"), 5, &k), KP_OK);
    expect_row(&k, g_bauska, "day_care", 2028, 4, 50, 114000);
    kp_cost_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_rule),
        cmocka_unit_test(test_region_progress_today),
        cmocka_unit_test(test_region_progress_at_a_past_date),
        cmocka_unit_test(test_head_sees_own_municipality),
        cmocka_unit_test(test_scope_refusals),
        cmocka_unit_test(test_cost_region),
        cmocka_unit_test(test_cost_unit_cost_changes_within_a_year),
        cmocka_unit_test(test_cost_head_and_scope),
        cmocka_unit_test(test_predecessor_records_count_under_today),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
