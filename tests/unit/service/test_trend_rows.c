/* Figures 1-3 as rows of the evaluation's figures (kp_figures_for: the
 * CSV/JSON output, stored versions, figures check) and the catalogue's
 * national fold of them (kp_figures_fold_*), over the tiny country of
 * trends_world.h; the people and the hand-worked counts are listed at the
 * top of test_trends.c:
 *   Zemgale's grt adults living at the year's end 2016-2021: 1 2 3 2 3 3,
 *   ft children in families 2 2 2 2 1 1, in institutions 1 1 1 0 0 0, in
 *   foster families 0 0 0 1 1 1; population 1.1.2019 of Zemgale's 2018
 *   territories 20 000 (rates 2018: grt 3 x 100 000 / 20 000 = 15
 *   hundredths, ft 2 x 100 000 / 20 000 = 10); the country's 117 000, its
 *   grt adults at 31.12.2018 A B C H = 4 -> 3,42 -> 3 hundredths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "trends_world.h"
#include "service/figures/catalogue.h"
#include "service/figures/disclosure.h"
#include "service/figures/figures.h"
#include "service/figures/trends.h"

static int setup(void **state)
{
    (void)state;
    return trends_world_make("trend_rows");
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

/* The index of a trend row of the whole (municipality 0), or -1. */
static long at_row(const kp_figures *f, const char *item, const char *measure, int year)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == 0 && x->period == year && !strcmp(x->section, "trends") && !strcmp(x->item, item) &&
            !strcmp(x->measure, measure))
            return (long)i;
    }
    return -1;
}

static int64_t value(const kp_figures *f, const char *item, const char *measure, int year)
{
    long i = at_row(f, item, measure, year);
    return i < 0 ? -1 : f->items[i].value;
}

static size_t trend_rows(const kp_figures *f)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += !strcmp(f->items[i].section, "trends");
    return n;
}

static void test_region_rows(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_figures_for(&g_f.ctx, "ZPR", day("2021-12-31"), &f), KP_OK);
    static const int64_t grt[] = {1, 2, 3, 2, 3, 3}, ft[] = {2, 2, 2, 2, 1, 1}, inst[] = {1, 1, 1, 0, 0, 0},
                         foster[] = {0, 0, 0, 1, 1, 1};
    for (int y = 2016; y <= 2021; y++) {
        int k = y - 2016;
        assert_int_equal(value(&f, "grt_adults_living", "persons", y), grt[k]);
        assert_int_equal(value(&f, "ft_children_living", "persons", y), ft[k]);
        assert_int_equal(value(&f, "in_institutions", "persons", y), inst[k]);
        assert_int_equal(value(&f, "foster_family", "persons", y), foster[k]);
        assert_int_equal(value(&f, "guardianship", "persons", y), 0);
    }
    /* Six years: nothing for 2015. */
    assert_int_equal(value(&f, "grt_adults_living", "persons", 2015), -1);
    assert_int_equal(value(&f, "population", "inhabitants", 2018), 20000);
    assert_int_equal(value(&f, "grt_adults_living", "per_1000", 2018), 15);
    assert_int_equal(value(&f, "ft_children_living", "per_1000", 2018), 10);
    assert_int_equal(value(&f, "population", "inhabitants", 2017), -1);
    assert_int_equal(value(&f, "grt_adults_living", "per_1000", 2016), -1);
    /* 6 counts x 6 years, one population and two rates. */
    assert_int_equal(trend_rows(&f), 39);
    /* Kinds and the whole only; after every other row (the others keep
     * their order). */
    bool seen = false;
    for (size_t i = 0; i < f.n; i++) {
        const kp_figure *x = &f.items[i];
        bool t = !strcmp(x->section, "trends");
        assert_false(seen && !t);
        seen = seen || t;
        if (!t)
            continue;
        assert_int_equal(x->municipality_id, 0);
        assert_string_equal(x->municipality, "");
        assert_int_equal(x->kind, !strcmp(x->measure, "per_1000") ? KP_VAL_HUNDREDTHS : KP_VAL_COUNT);
    }
    char v[32];
    kp_figure_value_plain(&f.items[at_row(&f, "grt_adults_living", "per_1000", 2018)], v);
    assert_string_equal(v, "0.15");
    kp_figures_free(&f);
}

static void test_national_fold(void **state)
{
    (void)state;
    kp_figures f, t;
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_figures_for(&g_f.ctx, "ALL", at, &f), KP_OK);
    assert_int_equal(value(&f, "grt_adults_living", "persons", 2016), 2); /* A and H */
    assert_int_equal(value(&f, "grt_adults_living", "persons", 2018), 4);
    assert_int_equal(value(&f, "population", "inhabitants", 2018), 117000);
    /* Recomputed from the sums: 4 x 100 000 / 117 000, not Zemgale's 15
     * plus Rīga's. */
    assert_int_equal(value(&f, "grt_adults_living", "per_1000", 2018), 3);
    assert_int_equal(value(&f, "ft_children_living", "per_1000", 2018), 2); /* 1,709 -> 2 */
    assert_int_equal(value(&f, "population", "inhabitants", 2016), -1);
    /* Not units of the regions. */
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].section, "trends"))
            assert_int_equal(f.items[i].municipality_id, 0);
    /* The chapter's own call gives the same rows. */
    assert_int_equal(kp_trends_for(&g_f.ctx, "ALL", 2016, at, &t), KP_OK);
    assert_int_equal(trend_rows(&f), t.n);
    for (size_t i = 0; i < t.n; i++)
        assert_int_equal(value(&f, t.items[i].item, t.items[i].measure, t.items[i].period), t.items[i].value);
    kp_figures_free(&t);
    kp_figures_free(&f);
}

/* One year whose population only one region has: the region's rate, no
 * country's. 1.1.2017 for Jelgava too: Zemgale's 31.12.2016 is 21 x 500 +
 * 600 = 11 100, grt 1 x 100 000 / 11 100 = 9,009 -> 9, ft 2 -> 18,018 -> 18. */
static void test_partial_population(void **state)
{
    (void)state;
    exec("INSERT INTO population(municipality_id, year, population, source)"
         " SELECT id, 2017, 600, 'test' FROM municipality WHERE atvk = '0090000' AND valid_to IS NOT NULL", NULL, 0);
    kp_figures f;
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_figures_for(&g_f.ctx, "ZPR", at, &f), KP_OK);
    assert_int_equal(value(&f, "population", "inhabitants", 2016), 11100);
    assert_int_equal(value(&f, "grt_adults_living", "per_1000", 2016), 9);
    assert_int_equal(value(&f, "ft_children_living", "per_1000", 2016), 18);
    kp_figures_free(&f);
    assert_int_equal(kp_figures_for(&g_f.ctx, "ALL", at, &f), KP_OK);
    assert_int_equal(value(&f, "grt_adults_living", "persons", 2016), 2);
    assert_int_equal(value(&f, "population", "inhabitants", 2016), -1);
    assert_int_equal(value(&f, "grt_adults_living", "per_1000", 2016), -1);
    assert_int_equal(value(&f, "ft_children_living", "per_1000", 2016), -1);
    assert_int_equal(value(&f, "population", "inhabitants", 2018), 117000);
    kp_figures_free(&f);
    exec("DELETE FROM population WHERE year = 2017 AND population = 600", NULL, 0);
}

/* Trend counts are counts of persons: small ones are suppressed in open
 * data, and a rate goes with its count; the population never. */
static void test_disclosure(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_figures_for(&g_f.ctx, "ZPR", day("2021-12-31"), &f), KP_OK);
    kp_disclosure_rule r = {.threshold = 5};
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&r, &f, &d), KP_OK);
    assert_true(d.figure[at_row(&f, "grt_adults_living", "persons", 2018)]);
    assert_true(d.figure[at_row(&f, "grt_adults_living", "per_1000", 2018)]);
    assert_true(d.figure[at_row(&f, "ft_children_living", "per_1000", 2018)]);
    assert_false(d.figure[at_row(&f, "population", "inhabitants", 2018)]);
    assert_false(d.figure[at_row(&f, "foster_family", "persons", 2016)]); /* 0 */
    kp_disclosure_free(&d);
    /* Threshold 2: only the ones go; grt 2018 (3) and its rate stay, ft
     * 2018 (2) and its rate stay, ft 2020 (1) goes. */
    r.threshold = 2;
    kp_disclosure e = {0};
    assert_int_equal(kp_disclosure_figures(&r, &f, &e), KP_OK);
    assert_true(e.figure[at_row(&f, "grt_adults_living", "persons", 2016)]);
    assert_false(e.figure[at_row(&f, "grt_adults_living", "persons", 2018)]);
    assert_false(e.figure[at_row(&f, "grt_adults_living", "per_1000", 2018)]);
    assert_false(e.figure[at_row(&f, "ft_children_living", "per_1000", 2018)]);
    assert_true(e.figure[at_row(&f, "ft_children_living", "persons", 2020)]);
    kp_disclosure_free(&e);
    kp_figures_free(&f);
}

static kp_figure fig(int64_t muni, const char *item, const char *measure, int year, int64_t v)
{
    kp_figure x;
    memset(&x, 0, sizeof x);
    snprintf(x.section, sizeof x.section, "trends");
    x.municipality_id = muni;
    snprintf(x.item, sizeof x.item, "%s", item);
    snprintf(x.measure, sizeof x.measure, "%s", measure);
    x.period = year;
    x.kind = !strcmp(measure, "per_1000") ? KP_VAL_HUNDREDTHS : KP_VAL_COUNT;
    x.value = v;
    return x;
}

/* The fold alone, on rows made by hand: two regions; 2018 both have a
 * population (20 000 + 97 000), 2017 only the first. */
static void test_fold_by_hand(void **state)
{
    (void)state;
    kp_figure a[] = {fig(0, "grt_adults_living", "persons", 2017, 2), fig(0, "population", "inhabitants", 2017, 10000),
                     fig(0, "grt_adults_living", "per_1000", 2017, 20), fig(0, "grt_adults_living", "persons", 2018, 3),
                     fig(0, "population", "inhabitants", 2018, 20000), fig(0, "grt_adults_living", "per_1000", 2018, 15),
                     fig(7, "grt_adults_living", "persons", 2018, 3)};
    kp_figure b[] = {fig(0, "grt_adults_living", "persons", 2017, 1), fig(0, "grt_adults_living", "persons", 2018, 1),
                     fig(0, "population", "inhabitants", 2018, 97000), fig(0, "grt_adults_living", "per_1000", 2018, 1)};
    kp_figures fa = {a, sizeof a / sizeof a[0], sizeof a / sizeof a[0], true};
    kp_figures fb = {b, sizeof b / sizeof b[0], sizeof b / sizeof b[0], false};
    kp_figures_fold fold = {0};
    kp_figures_fold_add(&fold, &fa);
    kp_figures_fold_add(&fold, &fb);
    kp_figures out;
    kp_figures_fold_end(&fold, &out);
    assert_true(out.has_data);
    assert_int_equal(out.n, 4); /* persons 2017, 2018; population and rate 2018; no municipality row */
    assert_int_equal(value(&out, "grt_adults_living", "persons", 2017), 3);
    assert_int_equal(value(&out, "population", "inhabitants", 2017), -1);
    assert_int_equal(value(&out, "grt_adults_living", "per_1000", 2017), -1);
    assert_int_equal(value(&out, "grt_adults_living", "persons", 2018), 4);
    assert_int_equal(value(&out, "population", "inhabitants", 2018), 117000);
    assert_int_equal(value(&out, "grt_adults_living", "per_1000", 2018), 3); /* not 15 + 1 */
    assert_null(fold.seen);
    kp_figures_free(&out);
    /* A fold not ended is freed; NULL arguments do nothing. */
    kp_figures_fold g = {0};
    kp_figures_fold_add(&g, &fa);
    kp_figures_fold_free(&g);
    assert_int_equal(g.sums.n, 0);
    kp_figures_fold_add(NULL, &fa);
    kp_figures_fold_add(&g, NULL);
    kp_figures_fold_end(NULL, &out);
    kp_figures_fold_end(&g, NULL);
    kp_figures_fold_free(NULL);
}

/* Every region's rows from the one pass (kp_trends_regions): Zemgale's
 * grt adults 1 2 3 2 3 3 at the ends of 2016-2021 and its 2018 rate 15;
 * Rīga's only H (registered 01.03.2016), 1 each year; the other regions
 * none. Each region's rows are those of kp_trends_for for it alone. */
static void test_regions_in_one_pass(void **state)
{
    (void)state;
    kp_date at = day("2021-12-31");
    kp_trends_by_region b;
    assert_int_equal(kp_trends_regions(&g_f.ctx, 2016, at, &b), KP_OK);
    assert_true(b.n >= 2);
    static const int64_t zpr[] = {1, 2, 3, 2, 3, 3};
    bool saw_zpr = false, saw_rpr = false;
    for (size_t r = 0; r < b.n; r++) {
        const kp_figures *f = &b.rows[r];
        for (int y = 2016; y <= 2021; y++) {
            int64_t v = value(f, "grt_adults_living", "persons", y);
            if (!strcmp(b.regions[r], "ZPR"))
                assert_int_equal(v, zpr[y - 2016]);
            else if (!strcmp(b.regions[r], "RPR"))
                assert_int_equal(v, 1);
            else
                assert_int_equal(v, 0);
        }
        if (!strcmp(b.regions[r], "ZPR")) {
            saw_zpr = true;
            assert_int_equal(value(f, "grt_adults_living", "per_1000", 2018), 15);
            assert_int_equal(value(f, "ft_children_living", "persons", 2020), 1);
        }
        saw_rpr = saw_rpr || !strcmp(b.regions[r], "RPR");
        kp_figures one;
        assert_int_equal(kp_trends_for(&g_f.ctx, b.regions[r], 2016, at, &one), KP_OK);
        assert_int_equal(one.n, f->n);
        for (size_t i = 0; i < one.n; i++)
            assert_int_equal(value(f, one.items[i].item, one.items[i].measure, one.items[i].period),
                             one.items[i].value);
        kp_figures_free(&one);
    }
    assert_true(saw_zpr && saw_rpr);
    kp_trends_by_region_free(&b);
    kp_trends_by_region_free(&b); /* freed twice: nothing left to free */
    kp_trends_by_region_free(NULL);
    /* Bad arguments; another region's coordinator may not read them all. */
    assert_int_equal(kp_trends_regions(NULL, 2016, at, &b), KP_EINVAL);
    assert_int_equal(kp_trends_regions(&g_f.ctx, 2016, at, NULL), KP_EINVAL);
    assert_int_equal(kp_trends_regions(&g_f.ctx, 2016, KP_DATE_NONE, &b), KP_EINVAL);
    assert_int_equal(kp_trends_regions(&g_f.ctx, 1989, at, &b), KP_EINVAL);
    assert_int_equal(kp_trends_regions(&g_f.ctx, 2022, at, &b), KP_EINVAL);
    assert_int_equal(b.n, 0);
    kp_ctx other = g_f.ctx;
    other.role = KP_ROLE_REGION;
    snprintf(other.region, sizeof other.region, "KPR");
    kp_rc rc = kp_trends_regions(&other, 2016, at, &b);
    assert_true(rc == KP_ENOTFOUND || rc == KP_EDENIED);
    assert_int_equal(b.n, 0);
    assert_null(b.rows);
    /* kp_figures_append_rows: copies after what is there; NULL does nothing. */
    kp_figures dst = {0}, src = {0};
    kp_figure one_row = fig(0, "x", "y", 0, 7);
    src.items = &one_row;
    src.n = 1;
    kp_figures_append_rows(&dst, &src);
    kp_figures_append_rows(&dst, &src);
    kp_figures_append_rows(NULL, &src);
    kp_figures_append_rows(&dst, NULL);
    assert_int_equal(dst.n, 2);
    assert_int_equal(dst.items[1].value, 7);
    kp_figures_free(&dst);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_date at = day("2021-12-31");
    assert_int_equal(kp_trends_first_year(at), 2016);
    assert_int_equal(kp_trends_first_year(day("2022-06-30")), 2017);
    kp_figures f = {0};
    assert_int_equal(kp_figures_add_trends(NULL, "ZPR", at, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_trends(&g_f.ctx, NULL, at, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_trends(&g_f.ctx, "ZPR", at, NULL), KP_EINVAL);
    assert_int_equal(kp_figures_add_trends(&g_f.ctx, "ZPR", KP_DATE_NONE, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_trends(&g_f.ctx, "XYZ", at, &f), KP_ENOTFOUND);
    assert_int_equal(f.n, 0);
    kp_ctx other = g_f.ctx;
    other.role = KP_ROLE_REGION;
    snprintf(other.region, sizeof other.region, "KPR");
    kp_rc rc = kp_figures_add_trends(&other, "ZPR", at, &f);
    assert_true(rc == KP_ENOTFOUND || rc == KP_EDENIED);
    assert_int_equal(f.n, 0);
    /* Appends after what is there. */
    kp_figure keep = fig(0, "x", "y", 0, 42);
    f.items = malloc(sizeof keep);
    f.items[0] = keep;
    f.n = f.cap = 1;
    assert_int_equal(kp_figures_add_trends(&g_f.ctx, "ZPR", at, &f), KP_OK);
    assert_int_equal(f.n, 40);
    assert_int_equal(f.items[0].value, 42);
    assert_int_equal(value(&f, "grt_adults_living", "persons", 2018), 3);
    kp_figures_free(&f);
    kp_figures g;
    assert_int_equal(kp_figures_for(&g_f.ctx, NULL, at, &g), KP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_region_rows),  cmocka_unit_test(test_national_fold),
        cmocka_unit_test(test_partial_population), cmocka_unit_test(test_disclosure),
        cmocka_unit_test(test_fold_by_hand), cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_regions_in_one_pass),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
