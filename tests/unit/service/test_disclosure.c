/* Disclosure control (service/figures/disclosure.h): hand-made tables with
 * the suppression worked out by hand, the rule file, and bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "service/figures/disclosure.h"
#include "service/figures/open_data.h"

static const kp_disclosure_rule RULE5 = {5};

/* cells from values (all count persons) */
static void cells_of(kp_sdc_cell *c, const int64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c[i] = (kp_sdc_cell){.value = v[i], .persons = true};
}

static void expect_hidden(const kp_sdc_cell *c, size_t n, const char *want)
{
    for (size_t i = 0; i < n; i++) {
        if (c[i].suppressed != (want[i] == 'x'))
            fail_msg("cell %zu (value %lld): suppressed %d, expected %c", i, (long long)c[i].value, c[i].suppressed,
                     want[i]);
    }
}

static void test_small(void **state)
{
    (void)state;
    assert_false(kp_disclosure_small(&RULE5, 0)); /* zero is shown */
    assert_true(kp_disclosure_small(&RULE5, 1));
    assert_true(kp_disclosure_small(&RULE5, 4));
    assert_false(kp_disclosure_small(&RULE5, 5));
    assert_false(kp_disclosure_small(&RULE5, -3));
    kp_disclosure_rule three = {3};
    assert_true(kp_disclosure_small(&three, 2));
    assert_false(kp_disclosure_small(&three, 3));
    assert_true(kp_disclosure_small(NULL, 4)); /* the default, 5 */
    kp_disclosure_rule bad = {0};
    assert_true(kp_disclosure_small(&bad, 4));
    assert_false(kp_disclosure_small(&bad, 5));
}

/* One line: 3 is small; the line then has one suppressed cell, so the next
 * smallest non-zero part (7, not the 0) goes too; the total stays. */
static void test_primary_and_next_smallest(void **state)
{
    (void)state;
    int64_t v[] = {3, 10, 0, 7, 20};
    kp_sdc_cell c[5];
    cells_of(c, v, 5);
    size_t parts[] = {0, 1, 2, 3};
    kp_sdc_line l = {parts, 4, 4, false};
    size_t n = 0;
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 5, &l, 1, &n), KP_OK);
    expect_hidden(c, 5, "x..x.");
    assert_true(c[0].primary);
    assert_false(c[3].primary);
    assert_int_equal(n, 2);
}

/* A row with two small cells protects itself: nothing more goes. */
static void test_two_small_cells(void **state)
{
    (void)state;
    int64_t v[] = {2, 3, 20, 25};
    kp_sdc_cell c[4];
    cells_of(c, v, 4);
    size_t parts[] = {0, 1, 2};
    kp_sdc_line l = {parts, 3, 3, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 4, &l, 1, NULL), KP_OK);
    expect_hidden(c, 4, "xx..");
}

/*        c1  c2 | sum
 *   r1    3  10 | 13
 *   r2    8   9 | 17
 *   sum  11  19 | 30
 * 3 is small. Row r1 then has one: 10 goes. Column c1 has one: 8 goes.
 * Row r2 now has one (8): 9 goes. Column c2 has 10 and 9: safe. Every line
 * has two: stable after iterating. No total is suppressed. */
static void test_iterates(void **state)
{
    (void)state;
    /* 0:r1c1 1:r1c2 2:r1sum 3:r2c1 4:r2c2 5:r2sum 6:c1sum 7:c2sum 8:all */
    int64_t v[] = {3, 10, 13, 8, 9, 17, 11, 19, 30};
    kp_sdc_cell c[9];
    cells_of(c, v, 9);
    size_t r1[] = {0, 1}, r2[] = {3, 4}, c1[] = {0, 3}, c2[] = {1, 4}, sums[] = {2, 5}, tot[] = {6, 7};
    kp_sdc_line l[] = {{r1, 2, 2, false},   {r2, 2, 5, false},  {c1, 2, 6, false},
                       {c2, 2, 7, false},   {sums, 2, 8, false}, {tot, 2, 8, false}};
    size_t n = 0;
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 9, l, 6, &n), KP_OK);
    expect_hidden(c, 9, "xx.xx....");
    assert_int_equal(n, 4);
}

/* A total that would give a cell away: y (7) is the only part of a line
 * whose total T2 (7) is published. x = 2 is small; its line {x, y} → T1
 * takes y; then the line {y} → T2 has one suppressed cell and no other
 * part: the total T2 itself is suppressed. */
static void test_total_gives_away(void **state)
{
    (void)state;
    /* 0:x 1:y 2:T1 3:T2 */
    int64_t v[] = {2, 7, 9, 7};
    kp_sdc_cell c[4];
    cells_of(c, v, 4);
    size_t a[] = {0, 1}, b[] = {1};
    kp_sdc_line l[] = {{a, 2, 2, false}, {b, 1, 3, false}};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 4, l, 2, NULL), KP_OK);
    expect_hidden(c, 4, "xx.x");
}

/* A small total: its parts are small too (each ≤ the total). A suppressed
 * total alone with published parts would be their sum: a total suppressed
 * beforehand (e.g. by another line) takes the smallest part with it. */
static void test_suppressed_total(void **state)
{
    (void)state;
    int64_t v[] = {6, 9, 15};
    kp_sdc_cell c[3];
    cells_of(c, v, 3);
    c[2].suppressed = true;
    size_t p[] = {0, 1};
    kp_sdc_line l = {p, 2, 2, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 3, &l, 1, NULL), KP_OK);
    expect_hidden(c, 3, "x.x");
}

/* Only counts of persons are suppressed or chosen: euros (persons false)
 * stay, even small; the complement skips them. */
static void test_only_persons(void **state)
{
    (void)state;
    int64_t v[] = {3, 1, 8, 12};
    kp_sdc_cell c[4];
    cells_of(c, v, 4);
    c[1].persons = false;
    size_t p[] = {0, 1, 2};
    kp_sdc_line l = {p, 3, 3, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 4, &l, 1, NULL), KP_OK);
    expect_hidden(c, 4, "x.x.");
}

/* Equal cells (a figure repeated): one suppressed, all are. */
static void test_equal(void **state)
{
    (void)state;
    int64_t v[] = {4, 4, 50};
    kp_sdc_cell c[3];
    cells_of(c, v, 3);
    c[1].persons = true;
    size_t p[] = {0, 1};
    kp_sdc_line l = {p, 2, KP_SDC_NO_TOTAL, true};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 3, &l, 1, NULL), KP_OK);
    expect_hidden(c, 3, "xx.");
}

/* A line without a published total cannot give anything away. */
static void test_no_total(void **state)
{
    (void)state;
    int64_t v[] = {3, 30};
    kp_sdc_cell c[2];
    cells_of(c, v, 2);
    size_t p[] = {0, 1};
    kp_sdc_line l = {p, 2, KP_SDC_NO_TOTAL, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 2, &l, 1, NULL), KP_OK);
    expect_hidden(c, 2, "x.");
}

static void test_suppress_bad_arguments(void **state)
{
    (void)state;
    kp_sdc_cell c[2] = {{.value = 3, .persons = true}, {.value = 9, .persons = true}};
    size_t p[] = {0, 1}, far[] = {0, 2};
    kp_sdc_line l = {p, 2, KP_SDC_NO_TOTAL, false};
    kp_disclosure_rule one = {1}, huge = {KP_DISCLOSURE_MAX_THRESHOLD + 1};
    size_t n = 99;
    assert_int_equal(kp_disclosure_suppress(NULL, c, 2, &l, 1, &n), KP_EINVAL);
    assert_int_equal(n, 0);
    assert_int_equal(kp_disclosure_suppress(&one, c, 2, &l, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_disclosure_suppress(&huge, c, 2, &l, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_disclosure_suppress(&RULE5, NULL, 2, &l, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 2, NULL, 1, NULL), KP_EINVAL);
    kp_sdc_line out_of_range = {far, 2, KP_SDC_NO_TOTAL, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 2, &out_of_range, 1, NULL), KP_EINVAL);
    kp_sdc_line bad_total = {p, 2, 2, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 2, &bad_total, 1, NULL), KP_EINVAL);
    kp_sdc_line null_parts = {NULL, 1, KP_SDC_NO_TOTAL, false};
    assert_int_equal(kp_disclosure_suppress(&RULE5, c, 2, &null_parts, 1, NULL), KP_EINVAL);
    assert_false(c[0].suppressed); /* nothing was touched */
    /* Nothing to do is fine. */
    assert_int_equal(kp_disclosure_suppress(&RULE5, NULL, 0, NULL, 0, &n), KP_OK);
    assert_int_equal(n, 0);
}

/* ---- the evaluation's figures --------------------------------------------- */

typedef struct fig_in {
    const char *section;
    int64_t unit;
    const char *tg, *item, *measure;
    kp_value_kind kind;
    int64_t value;
} fig_in;

static void figures_of(kp_figures *f, const fig_in *in, size_t n)
{
    memset(f, 0, sizeof *f);
    f->items = calloc(n, sizeof *f->items);
    f->n = f->cap = n;
    f->has_data = true;
    for (size_t i = 0; i < n; i++) {
        kp_figure *x = &f->items[i];
        snprintf(x->section, sizeof x->section, "%s", in[i].section);
        x->municipality_id = in[i].unit;
        snprintf(x->municipality, sizeof x->municipality, "%s", in[i].unit ? "M" : "");
        snprintf(x->target_group, sizeof x->target_group, "%s", in[i].tg);
        snprintf(x->item, sizeof x->item, "%s", in[i].item);
        snprintf(x->measure, sizeof x->measure, "%s", in[i].measure);
        x->kind = in[i].kind;
        x->value = in[i].value;
    }
}

static void expect_figures(const kp_disclosure *d, const char *want)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->figure[i] != (want[i] == 'x'))
            fail_msg("figure %zu: suppressed %d, expected %c", i, d->figure[i], want[i]);
}

/* Over the territories: 3 children in institutions in one municipality is
 * small; the region's total (35) is published, so the next smallest
 * municipality (12) goes too; 20 and the total stay. */
static void test_figures_territories(void **state)
{
    (void)state;
    const fig_in in[] = {
        {"context", 1, "bsac", "in_institutions", "persons", KP_VAL_COUNT, 3},
        {"context", 2, "bsac", "in_institutions", "persons", KP_VAL_COUNT, 12},
        {"context", 3, "bsac", "in_institutions", "persons", KP_VAL_COUNT, 20},
        {"context", 0, "bsac", "in_institutions", "persons", KP_VAL_COUNT, 35},
    };
    kp_figures f;
    figures_of(&f, in, 4);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    expect_figures(&d, "xx..");
    assert_int_equal(d.nsuppressed, 2);
    assert_int_equal(d.rule.threshold, 5);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

/* Not persons: euros, objects and places stay however small; the
 * disability count of 2 goes; an indicator's achieved count of 3 goes with
 * its attainment share (the target, 40, is published, so the share would
 * give it away), the target stays. */
static void test_figures_measures(void **state)
{
    (void)state;
    const fig_in in[] = {
        {"compensation", 1, "", "total", "eur", KP_VAL_CENTS, 300},
        {"di_plan_infrastructure", 1, "", "day_care", "objects", KP_VAL_COUNT, 2},
        {"di_plan_infrastructure", 1, "", "day_care", "places", KP_VAL_COUNT, 4},
        {"disability", 1, "", "group_1_age_65_plus", "persons", KP_VAL_COUNT, 2},
        {"output_indicators", 0, "", "grt_started_independent_life", "achieved", KP_VAL_COUNT, 3},
        {"output_indicators", 0, "", "grt_started_independent_life", "target", KP_VAL_COUNT, 40},
        {"output_indicators", 0, "", "grt_started_independent_life", "pct", KP_VAL_HUNDREDTHS, 750},
        {"indicator_table", 0, "", "group_homes", "achieved", KP_VAL_COUNT, 3},
    };
    kp_figures f;
    figures_of(&f, in, 8);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    expect_figures(&d, "...xx.x.");
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

/* The services provided to adults in a municipality add up to its adult
 * recipients; the recipients of a unit add up to the row sum the documents
 * print ("Kopā"), and the units to the whole.
 *   unit 1: day care 15, respite 2, home care 6 → recipients grt 23;
 *           ft 40, parents 9                     (row sum 72)
 *   unit 2: grt 3, ft 10, parents 7              (row sum 20)
 *   whole:  grt 26, ft 50, parents 16            (row sum 92)
 * Small: respite (2) and unit 2's grt (3). The lines in their order:
 * the grt column over the units has one (3) and takes unit 1's grt (23,
 * the only other part); ft and parents have none yet; unit 1's services
 * now have two (respite and their total 23): home care stays; unit 1's row
 * has one (grt) and takes its smallest, parents 9; unit 2's row has one
 * and takes parents 7 (smaller than ft 10); the whole's row and the column
 * of row sums have none. Second pass: the parents column has two (9, 7).
 * Stable: every line with a suppressed cell has two. */
static void test_figures_recipients(void **state)
{
    (void)state;
    const fig_in in[] = {
        /* 0 */ {"services_provided", 1, "grt", "day_care", "persons", KP_VAL_COUNT, 15},
        /* 1 */ {"services_provided", 1, "grt", "respite", "persons", KP_VAL_COUNT, 2},
        /* 2 */ {"services_provided", 1, "grt", "home_care", "persons", KP_VAL_COUNT, 6},
        /* 3 */ {"recipients", 1, "grt", "grt_adults", "persons", KP_VAL_COUNT, 23},
        /* 4 */ {"recipients", 1, "ft", "ft_children", "persons", KP_VAL_COUNT, 40},
        /* 5 */ {"recipients", 1, "parents", "parents", "persons", KP_VAL_COUNT, 9},
        /* 6 */ {"recipients", 2, "grt", "grt_adults", "persons", KP_VAL_COUNT, 3},
        /* 7 */ {"recipients", 2, "ft", "ft_children", "persons", KP_VAL_COUNT, 10},
        /* 8 */ {"recipients", 2, "parents", "parents", "persons", KP_VAL_COUNT, 7},
        /* 9 */ {"recipients", 0, "grt", "grt_adults", "persons", KP_VAL_COUNT, 26},
        /* 10 */ {"recipients", 0, "ft", "ft_children", "persons", KP_VAL_COUNT, 50},
        /* 11 */ {"recipients", 0, "parents", "parents", "persons", KP_VAL_COUNT, 16},
    };
    kp_figures f;
    figures_of(&f, in, 12);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    expect_figures(&d, ".x.x.xx.x...");
    assert_int_equal(d.nsums, 3);
    const kp_disclosure_sum *s1 = kp_disclosure_sum_of(&d, "recipients", 1),
                            *s2 = kp_disclosure_sum_of(&d, "recipients", 2),
                            *s0 = kp_disclosure_sum_of(&d, "recipients", 0);
    assert_non_null(s1);
    assert_non_null(s2);
    assert_non_null(s0);
    assert_int_equal(s1->value, 72);
    assert_int_equal(s2->value, 20);
    assert_int_equal(s0->value, 92);
    assert_false(s1->suppressed || s2->suppressed || s0->suppressed);
    assert_null(kp_disclosure_sum_of(&d, "recipients", 7));
    assert_null(kp_disclosure_sum_of(&d, NULL, 1));
    assert_null(kp_disclosure_sum_of(NULL, "recipients", 1));
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

/* A row sum is protected too: unit 1 has grt 3 and ft 0 and nothing else
 * but its printed sum 3 — the sum is small itself. Unit 2 has grt 30 and ft
 * 2: ft is small, its row takes grt (30), and the sum (32) stays. */
static void test_figures_row_sum(void **state)
{
    (void)state;
    const fig_in in[] = {
        {"recipients", 1, "grt", "grt_adults", "persons", KP_VAL_COUNT, 3},
        {"recipients", 1, "ft", "ft_children", "persons", KP_VAL_COUNT, 0},
        {"recipients", 2, "grt", "grt_adults", "persons", KP_VAL_COUNT, 30},
        {"recipients", 2, "ft", "ft_children", "persons", KP_VAL_COUNT, 2},
    };
    kp_figures f;
    figures_of(&f, in, 4);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    /* Unit 1: grt 3 small, the row sum 3 small: two in the row, ft 0 stays.
     * Unit 2: ft 2 small, grt 30 goes. The sums over the units have no
     * whole here. */
    expect_figures(&d, "x.xx");
    assert_true(kp_disclosure_sum_of(&d, "recipients", 1)->suppressed);
    assert_false(kp_disclosure_sum_of(&d, "recipients", 2)->suppressed);
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

/* The assessed adults in all (50) are those in municipalities (47) and in a
 * state centre (3): 3 goes, then 47, and the context figure that repeats
 * 47 (its column) goes with it. */
static void test_figures_detail(void **state)
{
    (void)state;
    const fig_in in[] = {
        {"output_indicators_detail", 0, "grt", "grt_assessed_total", "persons", KP_VAL_COUNT, 50},
        {"output_indicators_detail", 0, "grt", "grt_assessed_in_municipalities", "persons", KP_VAL_COUNT, 47},
        {"output_indicators_detail", 0, "grt", "grt_assessed_living_in_vsac", "persons", KP_VAL_COUNT, 3},
        {"context", 0, "grt", "grt_assessed", "persons", KP_VAL_COUNT, 47},
        {"context", 0, "ft", "ft_assessed", "persons", KP_VAL_COUNT, 47},
    };
    kp_figures f;
    figures_of(&f, in, 5);
    kp_disclosure d = {0};
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    expect_figures(&d, ".xxx.");
    kp_disclosure_free(&d);
    kp_figures_free(&f);
}

static void test_figures_bad_arguments(void **state)
{
    (void)state;
    kp_figures f = {0};
    kp_disclosure d = {0};
    kp_disclosure_rule bad = {1};
    assert_int_equal(kp_disclosure_figures(NULL, &f, &d), KP_EINVAL);
    assert_int_equal(kp_disclosure_figures(&bad, &f, &d), KP_EINVAL);
    assert_int_equal(kp_disclosure_figures(&RULE5, NULL, &d), KP_EINVAL);
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, NULL), KP_EINVAL);
    kp_figures broken = {.items = NULL, .n = 3};
    assert_int_equal(kp_disclosure_figures(&RULE5, &broken, &d), KP_EINVAL);
    /* No figures: nothing suppressed. */
    assert_int_equal(kp_disclosure_figures(&RULE5, &f, &d), KP_OK);
    assert_int_equal(d.nsuppressed, 0);
    kp_disclosure_free(&d);
    kp_disclosure_free(NULL);
}

/* ---- the approved rows read back, and who gets exact figures --------------- */

static void test_rows_read_back(void **state)
{
    (void)state;
    kp_figures f;
    const char *csv = "section,municipality,target_group,item,measure,period,value\n"
                      "context,Bauskas novads,bsac,in_institutions,persons,,3\n"
                      "context,,bsac,in_institutions,persons,,35\n"
                      "compensation,Bauskas novads,,total,eur,2019,1234.50\n"
                      "output_indicators,,,grt_assessed,pct,,130.20\n"
                      "context,\"Dobeles novads\",bsac,in_institutions,persons,,12\n"
                      "context,Bauskas novads,ft,ft_assessed,persons,,7\n";
    assert_int_equal(kp_figures_from_rows_csv(csv, &f), KP_OK);
    assert_int_equal(f.n, 6);
    assert_true(f.has_data);
    assert_int_equal(f.items[0].municipality_id, 1); /* Bauska, first seen */
    assert_int_equal(f.items[0].value, 3);
    assert_int_equal(f.items[0].kind, KP_VAL_COUNT);
    assert_int_equal(f.items[1].municipality_id, 0); /* the whole */
    assert_int_equal(f.items[2].kind, KP_VAL_CENTS);
    assert_int_equal(f.items[2].value, 123450);
    assert_int_equal(f.items[2].period, 2019);
    assert_int_equal(f.items[3].kind, KP_VAL_HUNDREDTHS);
    assert_int_equal(f.items[3].value, 13020);
    assert_int_equal(f.items[4].municipality_id, 2);
    assert_string_equal(f.items[4].municipality, "Dobeles novads");
    assert_int_equal(f.items[5].municipality_id, 1); /* Bauska again */
    kp_figures_free(&f);
    /* The header alone: no figures. */
    assert_int_equal(kp_figures_from_rows_csv("section,municipality,target_group,item,measure,period,value\n", &f),
                     KP_OK);
    assert_int_equal(f.n, 0);
    kp_figures_free(&f);
}

static void test_rows_read_back_bad(void **state)
{
    (void)state;
    kp_figures f;
    static const char *const bad[] = {
        "",
        "section,municipality,target_group,item,measure,period\n",
        "section,municipality,target_group,item,measure,period,amount\ncontext,,grt,x,persons,,3\n",
        "section,municipality,target_group,item,measure,period,value\ncontext,,grt,x,persons,,3,c\n",
        "section,municipality,target_group,item,measure,period,value\ncontext,,grt,x,persons,,abc\n",
        "section,municipality,target_group,item,measure,period,value\ncontext,,grt,x,persons,20x1,3\n",
        "section,municipality,target_group,item,measure,period,value\ncontext,,grt,grt_assessed,persons,,4.5\n",
        "section,municipality,target_group,item,measure,period,value\ncontext,,grt,x,persons,,\"3\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (kp_figures_from_rows_csv(bad[i], &f) != KP_EINVAL)
            fail_msg("rows %zu read", i);
    assert_int_equal(kp_figures_from_rows_csv(NULL, &f), KP_EINVAL);
    assert_int_equal(kp_figures_from_rows_csv("x", NULL), KP_EINVAL);
}

static void test_who_gets_exact_figures(void **state)
{
    (void)state;
    kp_ctx c = {0};
    c.role = KP_ROLE_REGION;
    snprintf(c.region, sizeof c.region, "ZPR");
    assert_false(kp_disclosure_needed(&c, "ZPR")); /* the region's own coordinator */
    assert_true(kp_disclosure_needed(&c, "LPR"));
    assert_true(kp_disclosure_needed(&c, "ALL"));
    assert_true(kp_disclosure_needed(&c, NULL));
    c.role = KP_ROLE_MINISTRY; /* its downloads are what it publishes */
    assert_true(kp_disclosure_needed(&c, "ZPR"));
    assert_true(kp_disclosure_needed(&c, "ALL"));
    c.role = KP_ROLE_ADMIN;
    assert_false(kp_disclosure_needed(&c, "ZPR"));
    c.role = KP_ROLE_SYSTEM;
    assert_false(kp_disclosure_needed(&c, "ALL"));
    c.role = KP_ROLE_SOCIAL_WORKER;
    assert_true(kp_disclosure_needed(&c, "ZPR"));
    c.role = KP_ROLE_PROVIDER;
    assert_true(kp_disclosure_needed(&c, "ZPR"));
    assert_true(kp_disclosure_needed(NULL, "ZPR"));
}

static void test_open_evaluation_bad_arguments(void **state)
{
    (void)state;
    kp_ctx c = {0};
    kp_open_evaluation e;
    kp_disclosure_rule one = {1};
    assert_int_equal(kp_open_evaluation_latest(NULL, "ZPR", 1, &RULE5, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_latest(&c, NULL, 1, &RULE5, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_latest(&c, "ZPR", KP_DATE_NONE, &RULE5, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_latest(&c, "ZPR", 1, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_latest(&c, "ZPR", 1, &one, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_latest(&c, "ZPR", 1, &RULE5, NULL), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_version(NULL, 1, &RULE5, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_version(&c, 0, &RULE5, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_version(&c, 1, &one, &e), KP_EINVAL);
    assert_int_equal(kp_open_evaluation_version(&c, 1, &RULE5, NULL), KP_EINVAL);
    kp_open_evaluation_free(NULL);
}

/* ---- the rule file ---------------------------------------------------------- */

static char dir[512];

static void write_rule(const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, KP_DISCLOSURE_FILE);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int dir_setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/disclosure-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(dir, 0700);
    return 0;
}

static int dir_teardown(void **state)
{
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, KP_DISCLOSURE_FILE);
    unlink(path);
    rmdir(dir);
    return 0;
}

static void test_load(void **state)
{
    (void)state;
    kp_disclosure_rule r = {0};
    char err[512];
    /* No file: the default. */
    assert_int_equal(kp_disclosure_load(dir, &r, err, sizeof err), KP_OK);
    assert_int_equal(r.threshold, 5);
    write_rule("setting,value\nthreshold,10\n");
    assert_int_equal(kp_disclosure_load(dir, &r, err, sizeof err), KP_OK);
    assert_int_equal(r.threshold, 10);
    /* The project's own file says 5. */
    assert_int_equal(kp_disclosure_load(KOPA_DEFAULT_DATA_DIR, &r, err, sizeof err), KP_OK);
    assert_int_equal(r.threshold, 5);
}

static void load_fails(const char *text, const char *needle)
{
    kp_disclosure_rule r = {0};
    char err[512] = "";
    write_rule(text);
    assert_int_equal(kp_disclosure_load(dir, &r, err, sizeof err), KP_EINVAL);
    assert_int_equal(r.threshold, 5); /* the default, never half of a bad file */
    if (!strstr(err, needle))
        fail_msg("message '%s' lacks '%s'", err, needle);
    assert_non_null(strstr(err, KP_DISCLOSURE_FILE));
}

static void test_load_bad(void **state)
{
    (void)state;
    load_fails("key,value\nthreshold,5\n", "setting,value");
    load_fails("setting,value\nthreshold,abc\n", "line 2, column 2: threshold 'abc'");
    load_fails("setting,value\nthreshold,1\n", "from 2 to 100");
    load_fails("setting,value\nthreshold,101\n", "from 2 to 100");
    load_fails("setting,value\nthreshold,\n", "threshold ''");
    load_fails("setting,value\nthreshold,5\nthreshold,6\n", "line 3, column 1: threshold is given twice");
    load_fails("setting,value\nlimit,5\n", "unknown setting 'limit'");
    load_fails("setting,value\nthreshold,5,6\n", "expected 2 fields");
    kp_disclosure_rule r;
    assert_int_equal(kp_disclosure_load(NULL, &r, NULL, 0), KP_EINVAL);
    assert_int_equal(r.threshold, 5);
    assert_int_equal(kp_disclosure_load(dir, NULL, NULL, 0), KP_EINVAL);
}

static void test_statement(void **state)
{
    (void)state;
    char en[640], lv[640];
    kp_disclosure_rule ten = {10};
    kp_disclosure_statement(&ten, true, en, sizeof en);
    kp_disclosure_statement(&RULE5, false, lv, sizeof lv);
    assert_non_null(strstr(en, "from 1 to 9 are suppressed (threshold 10)"));
    assert_non_null(strstr(lv, "no 1 līdz 4 nav parādīts (slieksnis 5)"));
    kp_disclosure_statement(&RULE5, true, NULL, 10); /* nothing happens */
    char tiny[8];
    kp_disclosure_statement(&RULE5, true, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_primary_and_next_smallest),
        cmocka_unit_test(test_two_small_cells),
        cmocka_unit_test(test_iterates),
        cmocka_unit_test(test_total_gives_away),
        cmocka_unit_test(test_suppressed_total),
        cmocka_unit_test(test_only_persons),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_no_total),
        cmocka_unit_test(test_suppress_bad_arguments),
        cmocka_unit_test(test_figures_territories),
        cmocka_unit_test(test_figures_measures),
        cmocka_unit_test(test_figures_recipients),
        cmocka_unit_test(test_figures_row_sum),
        cmocka_unit_test(test_figures_detail),
        cmocka_unit_test(test_figures_bad_arguments),
        cmocka_unit_test(test_rows_read_back),
        cmocka_unit_test(test_rows_read_back_bad),
        cmocka_unit_test(test_who_gets_exact_figures),
        cmocka_unit_test(test_open_evaluation_bad_arguments),
        cmocka_unit_test_setup_teardown(test_load, dir_setup, dir_teardown),
        cmocka_unit_test_setup_teardown(test_load_bad, dir_setup, dir_teardown),
        cmocka_unit_test(test_statement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
