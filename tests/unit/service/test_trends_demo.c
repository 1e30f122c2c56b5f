/* Figures 1–3 of the Zemgale demo against the records: each year's count
 * is recounted here with a query of its own over the client versions,
 * residences and region memberships (2016–2020, before the reform, when a
 * record's territory is itself the region's), the 2021 count must be the
 * context figure of the evaluation at the same date (one definition), and
 * the rates of 2016 and 2018 divide by the population files' figures: the
 * 22 territories' 1 January 2017 figures of the planning region's CSB
 * table, added by hand below, and their 2019 figures summed by SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "demo/demo.h"
#include "service/figures/figures.h"
#include "service/figures/trends.h"
#include "service/sql.h"
#include "store/store.h"

static fixture g_f;
static kp_figures g_trends;

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static int setup(void **state)
{
    (void)state;
    if (fixture_open_demo(&g_f, "trends-demo", "2022-01-15T09:00:00Z", "lv"))
        return -1;
    return kp_trends_for(&g_f.ctx, "ZPR", 2016, day("2021-12-31"), &g_trends) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_figures_free(&g_trends);
    fixture_close(&g_f);
    return 0;
}

static int64_t row(const kp_figures *f, const char *section, const char *item, const char *measure, int year)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == 0 && x->period == year && !strcmp(x->section, section) && !strcmp(x->item, item) &&
            !strcmp(x->measure, measure))
            return x->value;
    }
    return -1;
}

/* People of Zemgale on ?1 (before the reform), as they were then: open
 * case, target group ?3, adults (?4 = 1: born on or before ?2) or
 * children, a residence on ?1 other than ?5. */
static const char RECOUNT[] =
    "SELECT COUNT(*) FROM client c JOIN client_version v ON v.client_id = c.id"
    " AND v.valid_from <= MAX(?1, c.registered_on) AND (v.valid_to IS NULL OR v.valid_to >= MAX(?1, c.registered_on))"
    " WHERE c.registered_on <= ?1 AND v.case_status = 'open' AND v.target_group = ?3"
    " AND ((?4 = 1 AND v.birth_date <= ?2) OR (?4 = 0 AND v.birth_date > ?2))"
    " AND v.municipality_id IN (SELECT r.municipality_id FROM municipality_region r WHERE r.region_code = 'ZPR'"
    "  AND r.valid_from <= ?1 AND (r.valid_to IS NULL OR r.valid_to >= ?1))"
    " AND COALESCE((SELECT s.kind FROM residence s WHERE s.client_id = c.id AND s.start_date <= ?1"
    "  AND (s.end_date IS NULL OR s.end_date >= ?1) ORDER BY s.start_date DESC LIMIT 1), '') <> ?5";

static int64_t recount(int year, const char *tg, bool adult, const char *not_residence)
{
    char d[24], cut[24]; /* room for any int the compiler can imagine */
    snprintf(d, sizeof d, "%d-12-31", year);
    snprintf(cut, sizeof cut, "%d-12-31", year - 18);
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(cut), KP_PTEXT(tg), KP_PINT(adult ? 1 : 0), KP_PTEXT(not_residence)};
    kp_stmt *s = NULL;
    bool found = false;
    assert_int_equal(kp_store_prepare(g_f.db, RECOUNT, &s), KP_OK);
    assert_int_equal(kp_sql_bind(s, p, 5), KP_OK);
    assert_int_equal(kp_stmt_step(s, &found), KP_OK);
    assert_true(found);
    int64_t n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return n;
}

static void test_counts_from_records(void **state)
{
    (void)state;
    for (int y = 2016; y <= 2020; y++) {
        int64_t grt = recount(y, "grt", true, "vsac"), ft = recount(y, "ft", false, "children_institution");
        assert_int_equal(row(&g_trends, "trends", "grt_adults_living", "persons", y), grt);
        assert_int_equal(row(&g_trends, "trends", "ft_children_living", "persons", y), ft);
        assert_true(grt > 0 && ft > 0);
    }
    /* 31.12.2021 after the reform: the evaluation's own context figures. */
    kp_figures f;
    assert_int_equal(kp_figures_compute(&g_f.ctx, "ZPR", day("2021-12-31"), &f), KP_OK);
    static const char *const items[] = {"grt_adults_living", "ft_children_living", "children_disability_special_care",
                                        "foster_family", "guardianship", "in_institutions"};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        int64_t want = row(&f, "context", items[i], "persons", 0);
        assert_true(want >= 0);
        assert_int_equal(row(&g_trends, "trends", items[i], "persons", 2021), want);
    }
    kp_figures_free(&f);
}

static void test_rates_from_population(void **state)
{
    (void)state;
    /* 1.1.2017, the planning region's table (data/population.csv): Jelgava,
     * Jēkabpils and the 20 novadi, from Aizkraukles to Viesītes. */
    int64_t pop2017 = 56743 + 22412 + 8256 + 2791 + 6413 + 23387 + 20080 + 8455 + 5334 + 22443 + 4548 + 5099 + 5747 +
                      3507 + 9609 + 5165 + 3421 + 3496 + 3413 + 3398 + 7999 + 3701;
    assert_int_equal(row(&g_trends, "trends", "population", "inhabitants", 2016), pop2017);
    kp_stmt *s = NULL;
    bool found = false;
    assert_int_equal(kp_store_prepare(g_f.db,
                                      "SELECT SUM(p.population), COUNT(*) FROM population p JOIN municipality_region r"
                                      " ON r.municipality_id = p.municipality_id AND r.region_code = 'ZPR'"
                                      " AND r.valid_from <= '2018-12-31' AND (r.valid_to IS NULL OR r.valid_to >= '2018-12-31')"
                                      " WHERE p.year = 2019",
                                      &s),
                     KP_OK);
    assert_int_equal(kp_stmt_step(s, &found), KP_OK);
    int64_t pop2019 = kp_stmt_int(s, 0), n = kp_stmt_int(s, 1);
    kp_stmt_free(s);
    assert_int_equal(n, 22);
    assert_int_equal(row(&g_trends, "trends", "population", "inhabitants", 2018), pop2019);
    for (int y = 2016; y <= 2018; y += 2) {
        int64_t pop = y == 2016 ? pop2017 : pop2019;
        int64_t grt = recount(y, "grt", true, "vsac"), ft = recount(y, "ft", false, "children_institution");
        /* Hundredths per 1 000, half up. */
        assert_int_equal(row(&g_trends, "trends", "grt_adults_living", "per_1000", y), (grt * 200000 + pop) / (2 * pop));
        assert_int_equal(row(&g_trends, "trends", "ft_children_living", "per_1000", y), (ft * 200000 + pop) / (2 * pop));
    }
    /* No population for 1.1.2018, 2020, 2021 or 2022: no rate. */
    static const int none[] = {2017, 2019, 2020, 2021};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(row(&g_trends, "trends", "population", "inhabitants", none[i]), -1);
        assert_int_equal(row(&g_trends, "trends", "grt_adults_living", "per_1000", none[i]), -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_from_records),
        cmocka_unit_test(test_rates_from_population),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
