/* Service availability, figures 4–6 (service/figures/service_availability.h):
 * a small hand-made Zemgale with facilities opened, closed and offers
 * ended between the two dates (31.12.2019. and 31.12.2021.), across the
 * 2021 reform; every expected number is worked out by hand in the
 * comments (the facilities F1–F6 in availability_region.h). Then the
 * drill-down's lists, the dates and bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "fixture.h"
#include "availability_region.h"
#include "service/figures/catalogue.h"
#include "service/figures/figure_records.h"
#include "service/figures/service_availability.h"
#include "service/sql.h"
#include "service/territory.h"

static fixture F;
/* The territories of availability_region.h (F1–F6 are described there). */
static int64_t BAUSKA, BAUSKA_OLD, IECAVA, DOBELE_OLD, DOBELE, JELGAVA_CITY, JELGAVA_OLD;

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&F, "availability"))
        return -1;
    availability_ids m;
    if (availability_region_make(F.db, &m))
        return -1;
    BAUSKA = m.bauska;
    BAUSKA_OLD = m.bauska_old;
    IECAVA = m.iecava;
    DOBELE_OLD = m.dobele_old;
    DOBELE = m.dobele;
    JELGAVA_CITY = m.jelgava_city;
    JELGAVA_OLD = m.jelgava_old;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&F);
    return 0;
}

static kp_date day(const char *iso)
{
    kp_date d = KP_DATE_NONE;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

/* The value of a figure of the section; -1 when there is none. */
static int64_t value(const kp_figures *f, int64_t m, const char *item, const char *measure, int period)
{
    int64_t v = -1;
    int seen = 0;
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == m && x->period == period && !strcmp(x->section, "service_availability") &&
            !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            v = x->value;
            seen++;
        }
    }
    assert_true(seen <= 1);
    return v;
}

static size_t rows(const kp_figures *f, const char *item, const char *measure, int period)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        n += x->municipality_id > 0 && x->period == period && !strcmp(x->section, "service_availability") &&
             !strcmp(x->item, item) && !strcmp(x->measure, measure);
    }
    return n;
}

static void test_hand_made(void **state)
{
    (void)state;
    kp_figures f;
    assert_int_equal(kp_figures_compute(&F.ctx, "ZPR", day("2021-12-31"), &f), KP_OK);

    /* 31.12.2019.: Zemgale's 22 municipalities of then (2 cities, 20
     * novadi), each with a number of kinds, 0 included. */
    assert_int_equal(rows(&f, "all", "kinds", 2019), 22);
    assert_int_equal(value(&f, IECAVA, "all", "kinds", 2019), 2); /* day care, social rehabilitation */
    assert_int_equal(value(&f, IECAVA, "all", "facilities", 2019), 1);
    assert_int_equal(value(&f, IECAVA, "day_care", "facilities", 2019), 1);
    assert_int_equal(value(&f, IECAVA, "social_rehab", "facilities", 2019), 1);
    assert_int_equal(value(&f, IECAVA, "adapted_pool", "facilities", 2019), -1); /* folded into its family */
    assert_int_equal(value(&f, BAUSKA_OLD, "all", "kinds", 2019), 1);
    assert_int_equal(value(&f, BAUSKA_OLD, "group_home", "facilities", 2019), 1);
    assert_int_equal(value(&f, DOBELE_OLD, "all", "kinds", 2019), 2); /* home care, support groups; not care */
    assert_int_equal(value(&f, DOBELE_OLD, "care", "facilities", 2019), -1);
    assert_int_equal(value(&f, JELGAVA_OLD, "all", "kinds", 2019), 0); /* workshop from 2020 */
    assert_int_equal(value(&f, JELGAVA_OLD, "all", "facilities", 2019), 0);
    assert_int_equal(value(&f, BAUSKA, "all", "kinds", 2019), -1); /* not yet a territory */

    /* 31.12.2021.: the 6 municipalities after the reform. */
    assert_int_equal(rows(&f, "all", "kinds", 2021), 6);
    assert_int_equal(value(&f, BAUSKA, "all", "kinds", 2021), 3);      /* day care, respite, social rehab */
    assert_int_equal(value(&f, BAUSKA, "all", "facilities", 2021), 2); /* F1 (ex-Iecava) and F3 */
    assert_int_equal(value(&f, BAUSKA, "day_care", "facilities", 2021), 2);
    assert_int_equal(value(&f, BAUSKA, "respite", "facilities", 2021), 1);
    assert_int_equal(value(&f, BAUSKA, "social_rehab", "facilities", 2021), 1);
    assert_int_equal(value(&f, BAUSKA, "group_home", "facilities", 2021), -1);
    assert_int_equal(value(&f, JELGAVA_CITY, "all", "kinds", 2021), 1);
    assert_int_equal(value(&f, JELGAVA_CITY, "workshop", "facilities", 2021), 1);
    assert_int_equal(value(&f, DOBELE, "all", "kinds", 2021), 0); /* its provider closed */
    assert_int_equal(value(&f, IECAVA, "all", "kinds", 2021), -1);

    /* The region: per family offered at either date (not care, not the
     * families nobody offers), 2019 → 2021 and the change. */
    static const struct {
        const char *item;
        int64_t before, now;
    } want[] = {{"day_care", 1, 2},  {"group_home", 1, 0},     {"workshop", 0, 1}, {"respite", 0, 1},
                {"home_care", 1, 0}, {"social_rehab", 1, 1}, {"support_groups", 1, 0}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_int_equal(value(&f, 0, want[i].item, "facilities", 2019), want[i].before);
        assert_int_equal(value(&f, 0, want[i].item, "facilities", 2021), want[i].now);
        assert_int_equal(value(&f, 0, want[i].item, "change", 0), want[i].now - want[i].before);
    }
    assert_int_equal(value(&f, 0, "care", "change", 0), -1);
    assert_int_equal(value(&f, 0, "family_like_care", "facilities", 2021), -1);
    /* Facilities once each: F1, F2, F5 in 2019; F1, F3, F4 in 2021. */
    assert_int_equal(value(&f, 0, "all", "facilities", 2019), 3);
    assert_int_equal(value(&f, 0, "all", "facilities", 2021), 3);
    assert_int_equal(value(&f, 0, "all", "change", 0), 0);
    /* Every row is a catalogue figure. */
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].section, "service_availability"))
            assert_non_null(kp_catalogue_find(f.items[i].section, f.items[i].item, f.items[i].measure));
    kp_figures_free(&f);

    /* The national roll-up adds the regions: only Zemgale has these. */
    assert_int_equal(kp_figures_for(&F.ctx, KP_REGION_ALL, day("2021-12-31"), &f), KP_OK);
    /* Rīga's F6 is recorded under the state city of 2021, a territory
     * that did not exist on 31.12.2019.: it counts at the later date only. */
    assert_int_equal(value(&f, 0, "day_care", "facilities", 2019), 1); /* F1 */
    assert_int_equal(value(&f, 0, "day_care", "facilities", 2021), 3); /* F1, F3 and F6 */
    assert_int_equal(value(&f, 0, "day_care", "change", 0), 2);
    kp_figures_free(&f);
}

static void test_records(void **state)
{
    (void)state;
    kp_figure_ref ref;
    kp_figure_records r;
    /* Day care in Bauska at 31.12.2021.: F1 and F3. */
    assert_int_equal(kp_figure_ref_parse("service_availability..day_care.facilities.2021", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, BAUSKA, &r), KP_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.total, 2);
    assert_int_equal(r.items[0].record_id + r.items[1].record_id, 1 + 3);
    assert_int_equal(r.items[0].municipality_id, BAUSKA);
    assert_int_equal(r.items[1].municipality_id, BAUSKA);
    assert_string_equal(r.items[r.items[0].record_id == 3 ? 0 : 1].name, "Bauskas dienas centrs");
    kp_figure_records_free(&r);
    /* The kinds in Bauska: a row per facility and family, the first of a
     * family adds 1: F1 day care, F1 social rehab, F3 day care (0), F3
     * respite — 3. */
    assert_int_equal(kp_figure_ref_parse("service_availability..all.kinds.2021", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, BAUSKA, &r), KP_OK);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.total, 3);
    kp_figure_records_free(&r);
    /* The region's facilities two years before: F1, F2, F5 once each. */
    assert_int_equal(kp_figure_ref_parse("service_availability..all.facilities.2019", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, 0, &r), KP_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.total, 3);
    assert_int_equal(r.items[0].municipality_id + r.items[1].municipality_id + r.items[2].municipality_id,
                     IECAVA + BAUSKA_OLD + DOBELE_OLD);
    kp_figure_records_free(&r);
    /* The change in day care: F1 and F3 on 31.12.2021. add 1 each, F1 on
     * 31.12.2019. −1. In all: F1, F3, F4 less F1, F2, F5 — six rows, 0. */
    assert_int_equal(kp_figure_ref_parse("service_availability..day_care.change.0", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, 0, &r), KP_OK);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.total, 1);
    int64_t minus = 0;
    for (size_t i = 0; i < r.n; i++)
        if (r.items[i].amount < 0)
            minus += r.items[i].record_id;
    assert_int_equal(minus, 1); /* F1 at the earlier date */
    kp_figure_records_free(&r);
    assert_int_equal(kp_figure_ref_parse("service_availability..all.change.0", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, 0, &r), KP_OK);
    assert_int_equal(r.n, 6);
    assert_int_equal(r.total, 0);
    kp_figure_records_free(&r);
    /* A change has no year; a figure of a year has one of the two dates. */
    assert_int_equal(kp_figure_ref_parse("service_availability..all.change.2021", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, 0, &r), KP_EINVAL);
    /* A year that is neither date. */
    assert_int_equal(kp_figure_ref_parse("service_availability..all.facilities.2020", &ref), KP_OK);
    assert_int_equal(kp_figure_records_list(&F.ctx, "ZPR", day("2021-12-31"), &ref, 0, &r), KP_EINVAL);
}

static void test_dates(void **state)
{
    (void)state;
    kp_date d[2];
    char a[11], b[11];
    assert_int_equal(kp_availability_dates(day("2021-12-31"), d), KP_OK);
    kp_date_format_iso(d[0], a);
    kp_date_format_iso(d[1], b);
    assert_string_equal(a, "2019-12-31");
    assert_string_equal(b, "2021-12-31");
    assert_int_equal(kp_availability_dates(day("2024-02-29"), d), KP_OK);
    kp_date_format_iso(d[0], a);
    assert_string_equal(a, "2022-02-28");
}

static void count_hits(void *arg, int64_t holder, int64_t facility, const char *name, const char *family)
{
    (void)holder;
    (void)facility;
    (void)name;
    (void)family;
    (*(int *)arg)++;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_date d[2];
    assert_int_equal(kp_availability_dates(KP_DATE_NONE, d), KP_EINVAL);
    assert_int_equal(kp_availability_dates(day("2021-12-31"), NULL), KP_EINVAL);

    kp_territories t = {0};
    assert_int_equal(kp_territories_load(&F.ctx, &t), KP_OK);
    kp_date at = day("2021-12-31");
    int n = 0;
    assert_int_equal(kp_availability_each(NULL, &t, "ZPR", at, count_hits, &n), KP_EINVAL);
    assert_int_equal(kp_availability_each(&F.ctx, NULL, "ZPR", at, count_hits, &n), KP_EINVAL);
    assert_int_equal(kp_availability_each(&F.ctx, &t, NULL, at, count_hits, &n), KP_EINVAL);
    assert_int_equal(kp_availability_each(&F.ctx, &t, "ZPR", KP_DATE_NONE, count_hits, &n), KP_EINVAL);
    assert_int_equal(kp_availability_each(&F.ctx, &t, "ZPR", at, NULL, &n), KP_EINVAL);
    assert_int_equal(n, 0);
    /* An unknown region has no territories: nothing. */
    assert_int_equal(kp_availability_each(&F.ctx, &t, "XXX", at, count_hits, &n), KP_OK);
    assert_int_equal(n, 0);
    /* Zemgale on the date: F1 × 2 families, F3 × 2, F4. */
    assert_int_equal(kp_availability_each(&F.ctx, &t, "ZPR", at, count_hits, &n), KP_OK);
    assert_int_equal(n, 5);

    kp_figures f = {0};
    assert_int_equal(kp_figures_add_availability(NULL, "ZPR", at, &t, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_availability(&F.ctx, NULL, at, &t, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_availability(&F.ctx, "ZPR", at, NULL, &f), KP_EINVAL);
    assert_int_equal(kp_figures_add_availability(&F.ctx, "ZPR", at, &t, NULL), KP_EINVAL);
    assert_int_equal(kp_figures_add_availability(&F.ctx, "ZPR", KP_DATE_NONE, &t, &f), KP_EINVAL);
    assert_int_equal(f.n, 0);
    kp_territories_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_made),
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
