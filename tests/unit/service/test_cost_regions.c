/* Cost after EU funding for several regions at once (kp_cost_compute_regions,
 * service/figures/cost.h): the national roll-up read once and split by the
 * region holding each record on the date. Hand-made data: the tiny Zemgale
 * region of progress_region.h (project 2022–2023; its numbers are worked out
 * in test_progress_cost.c), and projects 2020–2023 in Kurzeme and Rīga, whose
 * records are read together (same dates) and apart from Zemgale's:
 *   T: registered 01.02.2020 in the Tukuma novads of before the reform
 *      (0900200, Rīga planning region until 30.06.2021; merged into today's
 *      Tukuma novads 0052000, Kurzeme); day care 10 units on 10.03.2020,
 *      4 on 10.05.2021, 6 on 10.08.2021 — the day care unit cost changes in
 *      the middle of 2021 (data/unit_costs.csv: 18,50 € to 30.06.2021,
 *      22,80 € from 01.07.2021);
 *   R: registered 01.08.2021 in Olaines novads (0041000, Rīga), respite
 *      needed and 2 units given on 10.08.2021 (55,00 € from 01.07.2021).
 * Each expected value below is computed by hand from these records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "cost_rows.h"
#include "progress_region.h"
#include "service/figures/chapters_sql.h"
#include "service/figures/cost.h"
#include "service/figures/cost_sql.h"
#include "service/sql.h"

#define OLD_TUKUMS "0900200"
#define TUKUMS "0052000"
#define OLAINE "0041000"

static fixture g_f;
static int64_t g_bauska, g_dobele, g_old_tukums, g_tukums, g_olaine;

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static int64_t muni_id(const char *atvk) { return progress_muni_id(g_f.db, atvk); }

/* A person registered on `registered` with one assessment on that day. */
static kp_rc person_on(kp_ctx *ctx, kp_errors *e, const char *code, const char *birth, const char *muni,
                       const char *registered, const char *needs, int64_t *id)
{
    kp_client_in c = {.personal_code = code, .given_name = "Vārds", .family_name = "Uzvārds", .birth_date = birth,
                      .municipality = muni, .target_group = "grt", .disability_group = "2",
                      .registered_on = registered};
    kp_rc rc = kp_client_register(ctx, &c, e, id);
    char cid[24];
    kp_assessment_in a = {.client_id = num(*id, cid), .round = "1", .assessed_on = registered, .place = "family",
                          .assessor = "Eksperte", .needs = needs};
    if (!rc)
        rc = kp_assessment_record(ctx, &a, e, NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "cost-regions"))
        return -1;
    kp_ctx *ctx = &g_f.ctx;
    snprintf(ctx->now, sizeof ctx->now, "2024-06-15T10:00:00Z");
    progress_ids ids = {0};
    kp_rc rc = progress_region_make(ctx, &ids);
    kp_errors e;
    kp_errors_init(&e);
    int64_t t = 0, r = 0;
    kp_project_in kpr = {.number = "9.2.2.1/15/I/003", .name = "Kurzeme", .region = "KPR", .start_date = "2020-01-01",
                         .end_date = "2023-12-31", .budget = "1000.00", .esf = "850.00", .state = "150.00"};
    kp_project_in rpr = {.number = "9.2.2.1/15/I/004", .name = "Rīga", .region = "RPR", .start_date = "2020-01-01",
                         .end_date = "2023-12-31", .budget = "1000.00", .esf = "850.00", .state = "150.00"};
    DO(kp_project_add(ctx, &kpr, &e, NULL));
    DO(kp_project_add(ctx, &rpr, &e, NULL));
    DO(person_on(ctx, &e, "101080-11019", "1980-10-10", OLD_TUKUMS, "2020-02-01", "day_care", &t));
    DO(person_on(ctx, &e, "111181-11018", "1981-11-11", OLAINE, "2021-08-01", "respite", &r));
    static const char *const T_DAYS[] = {"2020-03-10", "10", "2021-05-10", "4", "2021-08-10", "6", NULL};
    static const char *const R_DAYS[] = {"2021-08-10", "2", NULL};
    DO(service(ctx, &e, t, "day_care", "2020-03-01", "2021-12-31", "100", NULL, T_DAYS));
    DO(service(ctx, &e, r, "respite", "2021-08-10", "2021-08-20", "5", "day", R_DAYS));
    kp_errors_free(&e);
    g_bauska = muni_id(BAUSKA);
    g_dobele = muni_id(DOBELE);
    g_old_tukums = muni_id(OLD_TUKUMS);
    g_tukums = muni_id(TUKUMS);
    g_olaine = muni_id(OLAINE);
    return rc || !g_bauska || !g_dobele || !g_old_tukums || !g_tukums || !g_olaine ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

/* The table of one region computed alone and the one computed with the
 * others: the same rows in the same order. */
static void expect_same(const kp_cost *alone, const kp_cost *together)
{
    assert_string_equal(alone->region, together->region);
    assert_int_equal(alone->first_year, together->first_year);
    assert_int_equal(alone->base_year, together->base_year);
    assert_int_equal(alone->end_year, together->end_year);
    assert_int_equal(alone->last_year, together->last_year);
    assert_int_equal(alone->n, together->n);
    for (size_t i = 0; i < alone->n; i++) {
        const kp_cost_row *a = &alone->rows[i], *b = &together->rows[i];
        assert_int_equal(a->municipality, b->municipality);
        assert_string_equal(a->municipality_atvk, b->municipality_atvk);
        assert_string_equal(a->municipality_name, b->municipality_name);
        assert_string_equal(a->service, b->service);
        assert_string_equal(a->service_name, b->service_name);
        assert_int_equal(a->year, b->year);
        assert_int_equal(a->projected, b->projected);
        assert_int_equal(a->persons, b->persons);
        assert_int_equal(a->units, b->units);
        assert_int_equal(a->unmet_added, b->unmet_added);
        assert_int_equal(a->unit_cost, b->unit_cost);
        assert_int_equal(a->cost, b->cost);
        assert_int_equal(a->service_sort, b->service_sort);
    }
}

static void test_regions_today(void **state)
{
    (void)state;
    kp_ctx min = g_f.ctx;
    min.role = KP_ROLE_MINISTRY;
    const char *const regions[] = {"ZPR", "KPR", "RPR"};
    kp_cost c[3];
    assert_int_equal(kp_cost_compute_regions(&min, regions, 3, day("2024-06-15"), 5, c), KP_OK);
    /* Zemgale: as test_progress_cost.c works it out. */
    assert_string_equal(c[0].region, "ZPR");
    assert_int_equal(c[0].first_year, 2022);
    expect_row(&c[0], g_bauska, "day_care", 2022, 1, 10, 22800);
    expect_row(&c[0], g_bauska, "day_care", 2023, 2, 25, 57000);
    expect_row(&c[0], g_dobele, "workshop", 2023, 1, 4, 7160);
    expect_row(&c[0], g_dobele, "respite", 2023, 1, 3, 16500);
    expect_row(&c[0], g_bauska, "day_care", 2028, 3, 37, 84360);
    int64_t persons = 0, units = 0;
    kp_cents cost = 0;
    kp_cost_year_total(&c[0], 2028, &persons, &units, &cost);
    assert_int_equal(persons, 6);
    assert_int_equal(units, 47);
    assert_int_equal(cost, 124520);
    /* Kurzeme: T's records were made under the old Tukuma novads (Rīga's
     * then) and are held today by the new one, in Kurzeme. 2020: 10 ×
     * 18,50 € = 185,00 €; 2021: 4 × 18,50 € + 6 × 22,80 € = 74,00 € +
     * 136,80 € = 210,80 €. Base year 2023: T got no day care, so a need not
     * yet served: 1 × k / 5 added, 0 until 2028; no base units of its own
     * nor the region's, so no units. 2 + 5 rows. */
    assert_string_equal(c[1].region, "KPR");
    assert_int_equal(c[1].first_year, 2020);
    assert_int_equal(c[1].base_year, 2023);
    assert_int_equal(c[1].last_year, 2028);
    assert_int_equal(c[1].n, 7);
    expect_row(&c[1], g_tukums, "day_care", 2020, 1, 10, 18500);
    expect_row(&c[1], g_tukums, "day_care", 2021, 1, 10, 21080);
    assert_string_equal(cost_row(&c[1], g_tukums, "day_care", 2020)->municipality_atvk, TUKUMS);
    for (int y = 2024; y <= 2027; y++)
        expect_row(&c[1], g_tukums, "day_care", y, 0, 0, 0);
    expect_row(&c[1], g_tukums, "day_care", 2028, 1, 0, 0);
    assert_int_equal(cost_row(&c[1], g_tukums, "day_care", 2028)->unmet_added, 1);
    assert_int_equal(cost_row(&c[1], g_tukums, "day_care", 2028)->unit_cost, 2280);
    assert_null(cost_row(&c[1], g_old_tukums, "day_care", 2020));
    /* Rīga: only R (2 × 55,00 €); T is not counted here too. R's respite
     * in the base year 2023: none, so 1 unmet, no units. */
    assert_string_equal(c[2].region, "RPR");
    assert_int_equal(c[2].n, 6);
    expect_row(&c[2], g_olaine, "respite", 2021, 1, 2, 11000);
    expect_row(&c[2], g_olaine, "respite", 2028, 1, 0, 0);
    for (size_t i = 0; i < c[2].n; i++)
        assert_int_equal(c[2].rows[i].municipality, g_olaine);
    /* Each as computed alone. */
    for (size_t i = 0; i < 3; i++) {
        kp_cost one;
        assert_int_equal(kp_cost_compute(&min, regions[i], 0, day("2024-06-15"), 5, &one), KP_OK);
        expect_same(&one, &c[i]);
        kp_cost_free(&one);
        kp_cost_free(&c[i]);
    }
}

/* At 31.12.2020 the old Tukuma novads holds T's records, in Rīga: 2020's
 * 10 units count there, and the base year is 2020 (the last ended): T's
 * 1 person and 10 units go on, at the 22,80 € of 1 January of each
 * projected year, 228,00 €. Kurzeme has nothing; Zemgale's project has not
 * begun. */
static void test_regions_before_the_reform(void **state)
{
    (void)state;
    kp_ctx min = g_f.ctx;
    min.role = KP_ROLE_MINISTRY;
    const char *const regions[] = {"KPR", "RPR", "ZPR"};
    kp_cost c[3];
    assert_int_equal(kp_cost_compute_regions(&min, regions, 3, day("2020-12-31"), 5, c), KP_OK);
    assert_int_equal(c[0].n, 0);
    assert_int_equal(c[1].base_year, 2020);
    assert_int_equal(c[1].n, 6);
    expect_row(&c[1], g_old_tukums, "day_care", 2020, 1, 10, 18500);
    for (int y = 2024; y <= 2028; y++)
        expect_row(&c[1], g_old_tukums, "day_care", y, 1, 10, 22800);
    assert_null(cost_row(&c[1], g_tukums, "day_care", 2020));
    assert_int_equal(c[2].n, 0);
    for (size_t i = 0; i < 3; i++) {
        kp_cost one;
        assert_int_equal(kp_cost_compute(&min, regions[i], 0, day("2020-12-31"), 5, &one), KP_OK);
        expect_same(&one, &c[i]);
        kp_cost_free(&one);
        kp_cost_free(&c[i]);
    }
}

/* A claimed delivery costs its claim line's amount when the line is
 * pending or accepted; a rejected line costs as no line, and a line in
 * another status (refused) is not looked at. T's 6 units on 10.08.2021: an
 * accepted line of 100,00 € (not 6 × 22,80 €); his 10 units of 2020: a
 * rejected line of 1,00 € (still 185,00 €); his 4 units of 10.05.2021: a
 * refused line of 5,00 € (still 74,00 €); R's 2 units: a pending line of
 * 99,00 € (not 110,00 €). Kurzeme 2021: 74,00 + 100,00 = 174,00 €. Made in
 * a transaction rolled back afterwards. */
static void test_claimed_deliveries(void **state)
{
    (void)state;
    kp_ctx min = g_f.ctx;
    min.role = KP_ROLE_MINISTRY;
    assert_int_equal(kp_store_exec(g_f.db, "BEGIN"), KP_OK);
    assert_int_equal(kp_store_exec(g_f.db, "INSERT INTO claim(id, municipality_id, project_id, month, status, built_on,"
                                           " built_by) SELECT 900, m.id, (SELECT MIN(id) FROM project), '2021-08',"
                                           " 'submitted', '2021-09-01', 'test' FROM municipality m"
                                           " WHERE m.atvk = '" OLD_TUKUMS "'"),
                     KP_OK);
    assert_int_equal(kp_store_exec(g_f.db,
                                   "INSERT INTO claim_line(claim_id, line_no, delivery_id, client_id, service_code,"
                                   " delivered_on, units, unit_cost_cents, amount_cents, status)"
                                   " SELECT 900, ROW_NUMBER() OVER (ORDER BY d.id), d.id, a.client_id, a.service_code,"
                                   " d.delivered_on, d.units, 0, CASE d.delivered_on WHEN '2021-08-10' THEN"
                                   " (CASE a.service_code WHEN 'day_care' THEN 10000 ELSE 9900 END)"
                                   " WHEN '2020-03-10' THEN 100 ELSE 500 END,"
                                   " CASE d.delivered_on WHEN '2021-08-10' THEN"
                                   " (CASE a.service_code WHEN 'day_care' THEN 'accepted' ELSE 'pending' END)"
                                   " WHEN '2020-03-10' THEN 'rejected' ELSE 'refused' END"
                                   " FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                                   " WHERE d.delivered_on IN ('2020-03-10', '2021-05-10', '2021-08-10')"),
                     KP_OK);
    const char *const regions[] = {"KPR", "RPR"};
    kp_cost c[2], one[2];
    kp_rc rc = kp_cost_compute_regions(&min, regions, 2, day("2024-06-15"), 5, c);
    kp_rc rc0 = kp_cost_compute(&min, "KPR", 0, day("2024-06-15"), 5, &one[0]);
    kp_rc rc1 = kp_cost_compute(&min, "RPR", 0, day("2024-06-15"), 5, &one[1]);
    assert_int_equal(kp_store_exec(g_f.db, "ROLLBACK"), KP_OK);
    assert_int_equal(rc, KP_OK);
    assert_int_equal(rc0, KP_OK);
    assert_int_equal(rc1, KP_OK);
    expect_row(&c[0], g_tukums, "day_care", 2020, 1, 10, 18500);
    expect_row(&c[0], g_tukums, "day_care", 2021, 1, 10, 17400);
    expect_row(&c[1], g_olaine, "respite", 2021, 1, 2, 9900);
    for (size_t i = 0; i < 2; i++) {
        expect_same(&one[i], &c[i]);
        kp_cost_free(&one[i]);
        kp_cost_free(&c[i]);
    }
}

static void test_regions_bad_arguments_and_scope(void **state)
{
    (void)state;
    kp_ctx min = g_f.ctx;
    min.role = KP_ROLE_MINISTRY;
    const char *const regions[] = {"ZPR", "KPR"};
    const char *const with_null[] = {"ZPR", NULL};
    const char *const unknown[] = {"ZPR", "XXX"};
    kp_cost c[2];
    kp_date at = day("2024-06-15");
    assert_int_equal(kp_cost_compute_regions(NULL, regions, 2, at, 5, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, NULL, 2, at, 5, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, regions, 0, at, 5, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, regions, 2, at, 5, NULL), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, with_null, 2, at, 5, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, regions, 2, KP_DATE_NONE, 5, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, regions, 2, at, 0, c), KP_EINVAL);
    assert_int_equal(kp_cost_compute_regions(&min, regions, 2, at, 21, c), KP_EINVAL);
    /* An unknown region, or one outside the caller's scope: nothing. */
    assert_int_equal(kp_cost_compute_regions(&min, unknown, 2, at, 5, c), KP_ENOTFOUND);
    assert_int_equal(c[0].n, 0);
    assert_null(c[0].rows);
    kp_ctx zpr = g_f.ctx;
    zpr.role = KP_ROLE_REGION;
    snprintf(zpr.region, sizeof zpr.region, "ZPR");
    assert_int_equal(kp_cost_compute_regions(&zpr, regions, 2, at, 5, c), KP_ENOTFOUND);
    assert_int_equal(c[0].n, 0);
    assert_int_equal(c[1].n, 0);
}

static kp_rc count_row(void *row, void *arg)
{
    (void)row;
    (*(size_t *)arg)++;
    return KP_OK;
}

/* The needs and services given that kp_q_cost_needs_each gave. */
typedef struct needs_seen {
    size_t needs, served;
    char service[32]; /* the last need's */
} needs_seen;

static kp_rc keep_need(void *row, void *arg)
{
    const kp_q_cost_need *x = row;
    needs_seen *s = arg;
    if (x->served) {
        s->served++;
    } else {
        s->needs++;
        snprintf(s->service, sizeof s->service, "%s", x->service);
    }
    return KP_OK;
}

/* The assignments a query gave (at most eight). */
typedef struct assignments {
    kp_q_cost_assignment items[8];
    size_t n;
} assignments;

static kp_rc keep_assignment(void *row, void *arg)
{
    assignments *l = arg;
    if (l->n < 8)
        l->items[l->n] = *(const kp_q_cost_assignment *)row;
    l->n++;
    return KP_OK;
}

/* The query files check their arguments themselves. */
static void test_query_bad_arguments(void **state)
{
    (void)state;
    kp_store *st = g_f.db;
    kp_q_cost_service_list svcs = {0};
    assert_int_equal(kp_q_cost_services(NULL, false, &svcs), KP_EINVAL);
    assert_int_equal(kp_q_cost_services(st, false, NULL), KP_EINVAL);
    size_t n = 0;
    assert_int_equal(kp_q_cost_assignments_each(NULL, "2024-06-15", "[]", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_assignments_each(st, NULL, "[]", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_assignments_each(st, "2024-06-15", NULL, count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_assignments_each(st, "2024-06-15", "[]", NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_deliveries_each(NULL, "[]", "2020-01-01", "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_deliveries_each(st, NULL, "2020-01-01", "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_deliveries_each(st, "[]", NULL, "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_deliveries_each(st, "[]", "2020-01-01", NULL, count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_deliveries_each(st, "[]", "2020-01-01", "2024-06-15", NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_claims_each(NULL, "2020-01-01", "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_claims_each(st, NULL, "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_claims_each(st, "2020-01-01", "2024-06-15", NULL, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_rates(NULL, &(kp_q_cost_rate_list){0}), KP_EINVAL);
    assert_int_equal(kp_q_cost_rates(st, NULL), KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(NULL, "2024-06-15", "[]", "2023-01-01", "2023-12-31", count_row, &n),
                     KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(st, NULL, "[]", "2023-01-01", "2023-12-31", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", NULL, "2023-01-01", "2023-12-31", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", "[]", NULL, "2024-06-15", count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", "[]", "2023-01-01", NULL, count_row, &n), KP_EINVAL);
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", "[]", "2023-01-01", "2023-12-31", NULL, &n), KP_EINVAL);
    /* R's need of respite, and in 2021 the respite he was given; in 2023
     * only the need. */
    char olaine[32];
    snprintf(olaine, sizeof olaine, "[%lld]", (long long)g_olaine);
    needs_seen seen = {0};
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", olaine, "2021-01-01", "2021-12-31", keep_need, &seen),
                     KP_OK);
    assert_int_equal(seen.needs, 1);
    assert_int_equal(seen.served, 1);
    assert_string_equal(seen.service, "respite");
    seen = (needs_seen){0};
    assert_int_equal(kp_q_cost_needs_each(st, "2024-06-15", olaine, "2023-01-01", "2023-12-31", keep_need, &seen),
                     KP_OK);
    assert_int_equal(seen.needs, 1);
    assert_int_equal(seen.served, 0);
    /* No origins: no assignments; no assignments: no deliveries. T's
     * assignment by his origin: one, with three deliveries (two from
     * 2021-01-01 on). */
    assert_int_equal(kp_q_cost_assignments_each(st, "2024-06-15", "[]", count_row, &n), KP_OK);
    assert_int_equal(n, 0);
    assert_int_equal(kp_q_cost_deliveries_each(st, "[]", "2020-01-01", "2024-06-15", count_row, &n), KP_OK);
    assert_int_equal(n, 0);
    char origins[32];
    snprintf(origins, sizeof origins, "[%lld]", (long long)g_old_tukums);
    assignments asg = {0};
    assert_int_equal(kp_q_cost_assignments_each(st, "2024-06-15", origins, keep_assignment, &asg), KP_OK);
    assert_int_equal(asg.n, 1);
    assert_string_equal(asg.items[0].service, "day_care");
    assert_string_equal(asg.items[0].family, "day_care");
    assert_int_equal(asg.items[0].origin, g_old_tukums);
    char ids[32];
    snprintf(ids, sizeof ids, "[%lld]", (long long)asg.items[0].id);
    assert_int_equal(kp_q_cost_deliveries_each(st, ids, "2020-01-01", "2024-06-15", count_row, &n), KP_OK);
    assert_int_equal(n, 3);
    n = 0;
    assert_int_equal(kp_q_cost_deliveries_each(st, ids, "2021-01-01", "2024-06-15", count_row, &n), KP_OK);
    assert_int_equal(n, 2);
    /* Day care's stretches: none before 2016 (0 €), 18,50 € to 30.06.2021,
     * 22,80 € after; no gap. */
    kp_q_cost_rate_list rates = {0};
    assert_int_equal(kp_q_cost_rates(st, &rates), KP_OK);
    size_t k = 0;
    while (k < rates.n && strcmp(rates.items[k].code, "day_care"))
        k++;
    assert_true(k + 3 <= rates.n);
    assert_string_equal(rates.items[k].first_day, "0000-01-01");
    assert_string_equal(rates.items[k].last_day, "2015-12-31");
    assert_int_equal(rates.items[k].cents, 0);
    assert_string_equal(rates.items[k + 1].first_day, "2016-01-01");
    assert_string_equal(rates.items[k + 1].last_day, "2021-06-30");
    assert_int_equal(rates.items[k + 1].cents, 1850);
    assert_string_equal(rates.items[k + 2].first_day, "2021-07-01");
    assert_string_equal(rates.items[k + 2].last_day, "9999-12-31");
    assert_int_equal(rates.items[k + 2].cents, 2280);
    free(rates.items);
    kp_cents cents = -1;
    assert_int_equal(kp_q_cost_unit_cost_on(NULL, "day_care", "2021-06-30", &cents), KP_EINVAL);
    assert_int_equal(kp_q_cost_unit_cost_on(st, NULL, "2021-06-30", &cents), KP_EINVAL);
    assert_int_equal(kp_q_cost_unit_cost_on(st, "day_care", NULL, &cents), KP_EINVAL);
    assert_int_equal(kp_q_cost_unit_cost_on(st, "day_care", "2021-06-30", NULL), KP_EINVAL);
    assert_int_equal(kp_q_cost_unit_cost_on(st, "day_care", "2021-06-30", &cents), KP_OK);
    assert_int_equal(cents, 1850);
    assert_int_equal(kp_q_cost_unit_cost_on(st, "day_care", "2021-07-01", &cents), KP_OK);
    assert_int_equal(cents, 2280);
    kp_q_chapter_list ch = {0};
    assert_int_equal(kp_q_chapters_current(NULL, "ZPR", "2024-06-15", &ch), KP_EINVAL);
    assert_int_equal(kp_q_chapters_current(st, NULL, "2024-06-15", &ch), KP_EINVAL);
    assert_int_equal(kp_q_chapters_current(st, "ZPR", NULL, &ch), KP_EINVAL);
    assert_int_equal(kp_q_chapters_current(st, "ZPR", "2024-06-15", NULL), KP_EINVAL);
    assert_int_equal(kp_q_chapter_versions(st, "ZPR", "2024-06-15", NULL, &ch), KP_EINVAL);
    assert_int_equal(kp_q_chapter_versions(NULL, "ZPR", "2024-06-15", "findings", &ch), KP_EINVAL);
    assert_int_equal(kp_q_chapter_insert(NULL, "ZPR", "2024-06-15", "findings", 1, "x", "a", "t", NULL), KP_EINVAL);
    assert_int_equal(kp_q_chapter_insert(st, "ZPR", "2024-06-15", "findings", 1, NULL, "a", "t", NULL), KP_EINVAL);
    assert_int_equal(kp_q_chapter_insert(st, "ZPR", "2024-06-15", "findings", 1, "x", NULL, "t", NULL), KP_EINVAL);
    assert_int_equal(ch.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regions_today),
        cmocka_unit_test(test_regions_before_the_reform),
        cmocka_unit_test(test_claimed_deliveries),
        cmocka_unit_test(test_regions_bad_arguments_and_scope),
        cmocka_unit_test(test_query_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
