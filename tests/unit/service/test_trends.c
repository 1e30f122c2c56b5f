/* Figures 1–3 (service/figures/trends.h) over a tiny hand-made country:
 * seven people in Zemgale and one in Rīga, registered, closed and moved
 * between residences over 2016–2021, and a population file replaced by
 * round numbers, so that every count and rate below is worked out by hand.
 *
 *   A grt adult, Bauskas nov. (pre-2021), registered 01.05.2016
 *   B grt adult, Dobeles nov., registered 01.02.2018
 *   C grt adult, Iecavas nov., registered 01.03.2017, case closed 30.06.2019
 *   I grt adult, Ozolnieku nov., registered 01.02.2016, in a VSAC until
 *     31.12.2019, in a family from 01.01.2020
 *   D ft child born 05.05.2010, Jelgava, registered 10.01.2016
 *   E ft child born 01.06.2002, Auces nov., registered 01.02.2016 (an adult
 *     from 01.06.2020, so a child at the ends of 2016–2019)
 *   G bsac child born 01.01.2012, Jēkabpils, registered 01.06.2016, in a
 *     children's home until 31.03.2019, in a foster family from 01.04.2019
 *   H grt adult, Rīga, registered 01.03.2016 (another region)
 *
 * Zemgale's grt adults living in a municipality at the year's end:
 *   2016 A = 1; 2017 A C = 2; 2018 A B C = 3; 2019 A B = 2 (C closed);
 *   2020 A B I = 3; 2021 = 3.
 * ft children in families: 2016–2019 D E = 2; 2020, 2021 D = 1.
 * In institutions: 2016–2018 1; in foster families 2019–2021 1.
 *
 * Population: 1.1.2019 for Zemgale's 22 territories of 2018: 21 × 900 +
 * 1 100 (Jelgava) = 20 000, so 31.12.2018 gives grt 3 × 100 000 / 20 000
 * = 15 hundredths (0,15 per 1 000) and ft 2 × 100 000 / 20 000 = 10.
 * 1.1.2017 for 21 of the 22 only: no rate for 2016. The country's 97
 * other territories of 2018 get 1 000 each on 1.1.2019: 117 000 in all;
 * the country's grt adults at 31.12.2018 are A B C H = 4, so 4 × 100 000 /
 * 117 000 = 3,4188 → 3 hundredths (not a sum of the regions' rates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "trends_world.h"
#include "service/figures/figures.h"
#include "service/figures/figure_records.h"
#include "service/figures/trends.h"

static int setup(void **state)
{
    (void)state;
    return trends_world_make("trends");
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

/* The value of a row, or -1 when there is none. */
static int64_t row(const kp_figures *f, const char *item, const char *measure, int year)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->period == year && !strcmp(x->section, "trends") && !strcmp(x->item, item) &&
            !strcmp(x->measure, measure))
            return x->value;
    }
    return -1;
}

static void test_region_counts(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2016, day("2021-12-31"), &f), KP_OK);
    assert_true(f.has_data);
    static const int64_t grt[] = {1, 2, 3, 2, 3, 3}, ft[] = {2, 2, 2, 2, 1, 1}, inst[] = {1, 1, 1, 0, 0, 0},
                         foster[] = {0, 0, 0, 1, 1, 1};
    for (int y = 2016; y <= 2021; y++) {
        int k = y - 2016;
        assert_int_equal(row(&f, "grt_adults_living", "persons", y), grt[k]);
        assert_int_equal(row(&f, "ft_children_living", "persons", y), ft[k]);
        assert_int_equal(row(&f, "in_institutions", "persons", y), inst[k]);
        assert_int_equal(row(&f, "foster_family", "persons", y), foster[k]);
        assert_int_equal(row(&f, "guardianship", "persons", y), 0);
        assert_int_equal(row(&f, "children_disability_special_care", "persons", y), 0);
    }
    /* The whole region only; target groups from the catalogue. */
    for (size_t i = 0; i < f.n; i++) {
        assert_int_equal(f.items[i].municipality_id, 0);
        if (!strcmp(f.items[i].item, "grt_adults_living"))
            assert_string_equal(f.items[i].target_group, "grt");
    }
    kp_figures_free(&f);
}

static void test_region_rates(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2016, day("2021-12-31"), &f), KP_OK);
    /* Only 31.12.2018 has a complete population (1.1.2019). */
    assert_int_equal(row(&f, "population", "inhabitants", 2018), 20000);
    assert_int_equal(row(&f, "grt_adults_living", "per_1000", 2018), 15);
    assert_int_equal(row(&f, "ft_children_living", "per_1000", 2018), 10);
    for (int y = 2016; y <= 2021; y++) {
        if (y == 2018)
            continue;
        assert_int_equal(row(&f, "population", "inhabitants", y), -1);
        assert_int_equal(row(&f, "grt_adults_living", "per_1000", y), -1);
    }
    kp_figures_free(&f);
    bool found = true;
    int64_t v = 1;
    /* 1.1.2017: one territory is missing, so no sum at all. */
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", day("2016-12-31"), 2017, &found, &v), KP_OK);
    assert_false(found);
    assert_int_equal(v, 0);
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", day("2018-12-31"), 2019, &found, &v), KP_OK);
    assert_true(found);
    assert_int_equal(v, 20000);
    /* The 2021 territories on 31.12.2021 have no figure for 2019. */
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", day("2021-12-31"), 2019, &found, &v), KP_OK);
    assert_false(found);
}

static void test_national(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_trends_for(&g_f.ctx, "ALL", 2016, day("2021-12-31"), &f), KP_OK);
    /* H of Rīga joins Zemgale's adults. */
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2016), 2);
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2018), 4);
    assert_int_equal(row(&f, "ft_children_living", "persons", 2018), 2);
    assert_int_equal(row(&f, "population", "inhabitants", 2018), 117000);
    assert_int_equal(row(&f, "grt_adults_living", "per_1000", 2018), 3);
    assert_int_equal(row(&f, "ft_children_living", "per_1000", 2018), 2); /* 1,709 → 2 */
    /* 1.1.2017 only for Zemgale's 21: no country total. */
    assert_int_equal(row(&f, "population", "inhabitants", 2016), -1);
    kp_figures_free(&f);
}

static void test_dates_and_rounding(void **state)
{
    (void)state;
    assert_int_equal(kp_trend_date(2018, day("2021-12-31")), day("2018-12-31"));
    assert_int_equal(kp_trend_date(2021, day("2021-06-15")), day("2021-06-15"));
    assert_int_equal(kp_trend_population_year(day("2018-12-31")), 2019);
    assert_int_equal(kp_trend_population_year(day("2021-06-15")), 2021);
    assert_int_equal(kp_per_1000_hundredths(3, 20000), 15);
    assert_int_equal(kp_per_1000_hundredths(1, 200000), 1);  /* 0,005 per 1 000: half up */
    assert_int_equal(kp_per_1000_hundredths(1, 600000), 0);  /* 0,0017 */
    assert_int_equal(kp_per_1000_hundredths(2913, 230331), 1265); /* 12,647 */
    assert_int_equal(kp_per_1000_hundredths(5, 0), 0);
    assert_int_equal(kp_per_1000_hundredths(-1, 100), 0);
    /* A date in the middle of the year: its last point is the date. */
    kp_figures f;
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2019, day("2020-06-15"), &f), KP_OK);
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2019), 2);
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2020), 3); /* I left the VSAC on 1.1.2020 */
    assert_int_equal(row(&f, "ft_children_living", "persons", 2020), 1); /* E turned 18 on 1.6.2020: D only */
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2021), -1);
    kp_figures_free(&f);
}

static void test_catalogue_entries(void **state)
{
    (void)state;
    const kp_figure_def *d = kp_catalogue_find("trends", "grt_adults_living", "persons");
    assert_non_null(d);
    assert_int_equal(d->query, KP_Q_TRENDS);
    assert_string_equal(d->column, "grt_adults_living");
    /* Every count names a context figure with a condition. */
    const kp_figure_def *s = NULL;
    size_t n = kp_catalogue_section("trends", &s);
    assert_int_equal(n, 9);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s[i].measure, "persons"))
            assert_non_null(kp_catalogue_find("context", s[i].column, "persons")->condition);
    const kp_figure_def *r = kp_catalogue_find("trends", "ft_children_living", "per_1000");
    assert_int_equal(r->fold, KP_FOLD_PER_1000);
    assert_string_equal(r->den[1], "population");
    assert_string_equal(kp_catalogue_label(r, "en", false), "Children with functional impairments per 1 000 inhabitants");
}

static void test_scope_and_bad_arguments(void **state)
{
    (void)state;
    kp_figures f;
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_trends_for(NULL, "ZPR", 2016, at, &f), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, NULL, 2016, at, &f), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2016, at, NULL), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2016, KP_DATE_NONE, &f), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 2022, at, &f), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 1989, day("2000-12-31"), &f), KP_EINVAL);
    assert_int_equal(kp_trends_for(&g_f.ctx, "ZPR", 1991, at, &f), KP_EINVAL); /* 31 years */
    assert_int_equal(f.n, 0);
    assert_int_equal(kp_trends_for(&g_f.ctx, "XYZ", 2016, at, &f), KP_ENOTFOUND);
    /* Another region's coordinator: as if the region did not exist. */
    kp_ctx other = g_f.ctx;
    other.role = KP_ROLE_REGION;
    snprintf(other.region, sizeof other.region, "KPR");
    kp_rc rc = kp_trends_for(&other, "ZPR", 2016, at, &f);
    assert_true(rc == KP_ENOTFOUND || rc == KP_EDENIED);
    assert_int_equal(f.n, 0);
    assert_int_equal(kp_trends_for(&other, "KPR", 2016, at, &f), KP_OK);
    assert_int_equal(row(&f, "grt_adults_living", "persons", 2018), 0);
    kp_figures_free(&f);
    bool found = true;
    int64_t v = 7;
    assert_int_equal(kp_trend_population(NULL, "ZPR", at, 2019, &found, &v), KP_EINVAL);
    assert_false(found);
    assert_int_equal(v, 0);
    assert_int_equal(kp_trend_population(&g_f.ctx, NULL, at, 2019, &found, &v), KP_EINVAL);
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", at, 2019, NULL, &v), KP_EINVAL);
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", at, 2019, &found, NULL), KP_EINVAL);
    assert_int_equal(kp_trend_population(&g_f.ctx, "ZPR", KP_DATE_NONE, 2019, &found, &v), KP_EINVAL);
    assert_int_equal(kp_trend_population(&g_f.ctx, "XYZ", at, 2019, &found, &v), KP_ENOTFOUND);
}

static int64_t territory(const char *atvk)
{
    kp_stmt *s = NULL;
    bool found = false;
    kp_param p[] = {KP_PTEXT(atvk)};
    assert_int_equal(kp_store_prepare(g_f.db, "SELECT id FROM municipality WHERE atvk = ?1", &s), KP_OK);
    assert_int_equal(kp_sql_bind(s, p, 1), KP_OK);
    assert_int_equal(kp_stmt_step(s, &found), KP_OK);
    assert_true(found);
    int64_t id = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return id;
}

static void test_records_behind(void **state)
{
    (void)state;
    kp_date at = day("2021-12-31");
    kp_figure_ref ref;
    kp_figure_records r;
    /* 31.12.2018: A, B, C under their pre-reform territories. */
    assert_int_equal(kp_figure_ref_parse("trends.grt.grt_adults_living.persons.2018", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, 0, &r), KP_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.total, 3);
    assert_false(r.derived);
    int64_t bauska = territory("0400200"), dobele = territory("0460200"), iecava = territory("0406400");
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.items[i].municipality_id == bauska || r.items[i].municipality_id == dobele ||
                    r.items[i].municipality_id == iecava);
    kp_figure_records_free(&r);
    /* Only Dobele's: B. */
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, dobele, &r), KP_OK);
    assert_int_equal(r.n, 1);
    kp_figure_records_free(&r);
    /* 31.12.2021: A under Bauska of 2021, B under Dobele, I under Jelgavas novads. */
    assert_int_equal(kp_figure_ref_parse("trends.grt.grt_adults_living.persons.2021", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, territory("0025000"), &r), KP_OK);
    assert_int_equal(r.n, 1);
    kp_figure_records_free(&r);
    /* A rate lists its numerator's people. */
    assert_int_equal(kp_figure_ref_parse("trends.ft.ft_children_living.per_1000.2018", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, 0, &r), KP_OK);
    assert_true(r.derived);
    assert_int_equal(r.n, 2);
    kp_figure_records_free(&r);
    /* The population has no records of its own; a year after the date none. */
    assert_int_equal(kp_figure_ref_parse("trends..population.inhabitants.2018", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, 0, &r), KP_EINVAL);
    assert_int_equal(kp_figure_ref_parse("trends.grt.grt_adults_living.persons.2022", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&g_f.ctx, "ZPR", at, &ref, 0, &r), KP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_counts),    cmocka_unit_test(test_region_rates),
        cmocka_unit_test(test_national),         cmocka_unit_test(test_dates_and_rounding),
        cmocka_unit_test(test_catalogue_entries), cmocka_unit_test(test_scope_and_bad_arguments),
        cmocka_unit_test(test_records_behind),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
