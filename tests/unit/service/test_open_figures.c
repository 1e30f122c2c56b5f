/* Open data without small numbers in the cost, need and progress tables
 * (kp_cost_suppress, kp_need_suppress, kp_progress_suppress): hand-made
 * tables with the suppression worked out by hand under threshold 5, and
 * bad arguments. The suppression itself is disclosure.c's; these tests
 * check the lines each table gives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "service/figures/cost.h"
#include "service/figures/progress.h"
#include "service/programme/need_places.h"

static const kp_disclosure_rule RULE5 = {5};

static kp_cost_row cost_row(int64_t muni, int year, bool projected, int64_t persons, int64_t units, int64_t added)
{
    kp_cost_row r = {.municipality = muni, .year = year, .projected = projected, .persons = persons,
                     .units = units, .unmet_added = added, .cost = units * 1000};
    snprintf(r.service, sizeof r.service, "day_care");
    return r;
}

/* Bauska (1), Dobele (3), Jelgavas novads (2); project 2022–2023, base
 * year 2023, projected 2024–2025; day care only, 10 € a unit.
 *   row 0 Bauska 2023: 3 persons, 60 units
 *   row 1 Bauska 2024 (projected): 3 + 1 added = 4, 60 + 1 × 60 / 3 = 80 units
 *   row 2 Dobele 2022: 10, 200     row 3 Dobele 2023: 9, 180
 *   row 4 Dobele 2024: 9 + 0, 180
 *   row 5 Jelgava 2022: 7, 140     row 6 Jelgava 2023: 8, 160
 *   row 7 Jelgava 2024: 8 + 0, 160
 * Year totals of persons: 2022 17, 2023 20, 2024 21, 2025 none. */
static void cost_table(kp_cost *c, kp_cost_row rows[8])
{
    rows[0] = cost_row(1, 2023, false, 3, 60, 0);
    rows[1] = cost_row(1, 2024, true, 4, 80, 1);
    rows[2] = cost_row(3, 2022, false, 10, 200, 0);
    rows[3] = cost_row(3, 2023, false, 9, 180, 0);
    rows[4] = cost_row(3, 2024, true, 9, 180, 0);
    rows[5] = cost_row(2, 2022, false, 7, 140, 0);
    rows[6] = cost_row(2, 2023, false, 8, 160, 0);
    rows[7] = cost_row(2, 2024, true, 8, 160, 0);
    memset(c, 0, sizeof *c);
    snprintf(c->region, sizeof c->region, "ZPR");
    c->first_year = 2022;
    c->base_year = 2023;
    c->end_year = 2023;
    c->last_year = 2025;
    c->rows = rows;
    c->n = 8;
}

static void test_cost_hand_made(void **state)
{
    (void)state;
    kp_cost c;
    kp_cost_row rows[8];
    cost_table(&c, rows);
    assert_int_equal(kp_cost_suppress(&RULE5, &c), KP_OK);
    assert_true(c.suppressed);
    assert_int_equal(c.rule.threshold, 5);
    /* Persons: Bauska 2023's 3 and 2024's 4 are small. In 2023 the rows add
     * up to 20: with Bauska hidden, the smallest other part, Jelgava's 8,
     * goes too; in 2024 (total 21) likewise Jelgava's 8 beside Bauska's 4.
     * Bauska 2024's 1 added person is small. Dobele and 2022 stay. */
    static const bool persons_c[8] = {true, true, false, false, false, false, true, true};
    for (size_t i = 0; i < 8; i++)
        if (rows[i].persons_c != persons_c[i])
            fail_msg("row %zu: persons_c %d, expected %d", i, rows[i].persons_c, persons_c[i]);
    assert_true(rows[1].unmet_added_c);
    assert_false(rows[4].unmet_added_c);
    assert_false(rows[7].unmet_added_c); /* 0 added: shown */
    /* Units: Bauska 2024's 80 = 60 + 1 × 60 / base persons would give the
     * 3 back, so it is hidden, with its cost; the 2024 units add up to 420,
     * so the smallest other, Jelgava's 160, goes too. */
    static const bool units_c[8] = {false, true, false, false, false, false, false, true};
    for (size_t i = 0; i < 8; i++) {
        if (rows[i].units_c != units_c[i] || rows[i].cost_c != units_c[i])
            fail_msg("row %zu: units_c %d cost_c %d, expected %d", i, rows[i].units_c, rows[i].cost_c, units_c[i]);
    }
    /* Year totals (17, 20, 21, 0 persons) are all shown. */
    for (size_t y = 0; y < 4; y++) {
        assert_false(c.year_persons_c[y]);
        assert_false(c.year_units_c[y]);
    }
    /* Published cells hidden: 4 persons + 1 added + 2 units + 2 costs. */
    assert_int_equal(c.nsuppressed, 9);
}

/* A year whose total itself is small: 2022 has only Bauska's 2 persons
 * (one row): the row and the total are both hidden (both small). */
static void test_cost_small_year(void **state)
{
    (void)state;
    kp_cost_row rows[2] = {cost_row(1, 2022, false, 2, 40, 0), cost_row(2, 2023, false, 12, 240, 0)};
    kp_cost c = {.first_year = 2022, .base_year = 2023, .end_year = 2023, .last_year = 2023, .rows = rows, .n = 2};
    assert_int_equal(kp_cost_suppress(&RULE5, &c), KP_OK);
    assert_true(rows[0].persons_c);
    assert_true(c.year_persons_c[0]);
    assert_false(rows[1].persons_c);
    assert_false(c.year_persons_c[1]);
    assert_false(rows[0].units_c); /* a year of the project: units are not persons */
}

static void test_cost_bad_arguments(void **state)
{
    (void)state;
    kp_cost c;
    kp_cost_row rows[8];
    cost_table(&c, rows);
    kp_disclosure_rule one = {1}, big = {KP_DISCLOSURE_MAX_THRESHOLD + 1};
    assert_int_equal(kp_cost_suppress(NULL, &c), KP_EINVAL);
    assert_int_equal(kp_cost_suppress(&RULE5, NULL), KP_EINVAL);
    assert_int_equal(kp_cost_suppress(&one, &c), KP_EINVAL);
    assert_int_equal(kp_cost_suppress(&big, &c), KP_EINVAL);
    c.last_year = c.first_year + KP_COST_MAX_YEARS;
    assert_int_equal(kp_cost_suppress(&RULE5, &c), KP_EINVAL);
    c.last_year = c.first_year - 1;
    assert_int_equal(kp_cost_suppress(&RULE5, &c), KP_EINVAL);
    cost_table(&c, rows);
    assert_int_equal(kp_cost_suppress_in_region(NULL, &RULE5, &c), KP_EINVAL);
    assert_false(c.suppressed);
}

static kp_need_row need_row(int64_t muni, const char *service, int64_t need, int64_t receiving, int64_t unmet,
                            int64_t free_here, int64_t shortfall)
{
    kp_need_row r = {.municipality_id = muni, .need = need, .receiving = receiving, .unmet = unmet,
                     .free_here = free_here, .places = free_here, .shortfall = shortfall};
    snprintf(r.service, sizeof r.service, "%s", service);
    return r;
}

/* Day care: Bauska 3 in need, none receiving (3 unmet, no place: short
 * 3); Dobele 7 in need, 7 receiving; Jelgava 6 in need, 2 receiving (4
 * unmet, 10 free: short 0). Group home: Dobele 9 in need, 9 receiving.
 * Totals: day care need 16, receiving 9, unmet 7, short 3; group home
 * 9, 9, 0, 0; the whole 25, 18, 7, 3. */
static void need_table(kp_need *n, kp_need_row rows[4], kp_need_muni munis[3])
{
    rows[0] = need_row(1, "day_care", 3, 0, 3, 0, 3);
    rows[1] = need_row(3, "day_care", 7, 7, 0, 0, 0);
    rows[2] = need_row(3, "group_home", 9, 9, 0, 0, 0);
    rows[3] = need_row(2, "day_care", 6, 2, 4, 10, 0);
    munis[0] = (kp_need_muni){.id = 1, .atvk = "0025000", .name = "Bauskas novads"};
    munis[1] = (kp_need_muni){.id = 3, .atvk = "0028000", .name = "Dobeles novads"};
    munis[2] = (kp_need_muni){.id = 2, .atvk = "0030000", .name = "Jelgavas novads"};
    memset(n, 0, sizeof *n);
    snprintf(n->region, sizeof n->region, "ZPR");
    snprintf(n->at, sizeof n->at, "2022-03-01");
    n->rows = rows;
    n->n = 4;
    n->munis = munis;
    n->nmunis = 3;
}

static void test_need_hand_made(void **state)
{
    (void)state;
    kp_need n;
    kp_need_row rows[4];
    kp_need_muni munis[3];
    need_table(&n, rows, munis);
    assert_int_equal(kp_need_suppress(&RULE5, &n), KP_OK);
    assert_true(n.suppressed);
    /* Need: Bauska's 3 is small; day care's rows 3 + 7 + 6 = 16: the
     * smallest other, Jelgava's 6, goes too. Bauska's total over services
     * is its 3 (small); Jelgava's is its one row, 6, hidden with it;
     * Dobele's 16 stays. */
    assert_true(rows[0].need_c);
    assert_true(rows[3].need_c);
    assert_false(rows[1].need_c);
    assert_false(rows[2].need_c);
    /* Receiving: Jelgava's 2 is small; day care 0 + 7 + 2 = 9: the smallest
     * non-zero other part is Dobele's 7 (Bauska's 0 says nobody). Dobele's
     * total over services 7 + 9 = 16 then loses a part: its group home's 9
     * goes, and the group home's total (9, its only row) with it. Jelgava's
     * total over services (2) is small and Bauska's is 0, so Dobele's total
     * goes as the second cell of the line of municipalities. The services'
     * totals (9 + 9 = 18) then have the group home's hidden alone: day
     * care's 9 goes too, and the whole, 18, stays. */
    assert_false(rows[0].receiving_c);
    assert_true(rows[3].receiving_c);
    assert_true(rows[1].receiving_c);
    assert_true(rows[2].receiving_c);
    /* Unmet: Bauska 3 and Jelgava 4 small; Dobele's 0 and the total 7 stay.
     * Short: Bauska's 3 = its unmet (no place) and small; Jelgava's 0
     * shown (more free places than unmet); the total 3 = Bauska's alone, so
     * the total goes too. */
    assert_true(rows[0].unmet_c);
    assert_true(rows[3].unmet_c);
    assert_false(rows[1].unmet_c);
    assert_true(rows[0].shortfall_c);
    assert_false(rows[3].shortfall_c);
    kp_need_row t;
    kp_need_total(&n, "day_care", &t);
    assert_int_equal(t.need, 16);
    assert_false(t.need_c);
    assert_int_equal(t.receiving, 9);
    assert_true(t.receiving_c);
    assert_false(t.unmet_c);
    assert_true(t.shortfall_c);
    kp_need_total(&n, "group_home", &t);
    assert_true(t.receiving_c);
    assert_false(t.need_c);
    kp_need_total(&n, NULL, &t);
    assert_int_equal(t.need, 25);
    assert_false(t.need_c);
    assert_false(t.receiving_c);
    assert_true(t.shortfall_c); /* 3: small itself */
    free(n.totals);
}

/* The region's coordinator is not suppressed: nothing marks the table
 * until kp_need_suppress is called (who gets it: kp_disclosure_needed,
 * test_disclosure.c). */
static void test_need_exact_without(void **state)
{
    (void)state;
    kp_need n;
    kp_need_row rows[4];
    kp_need_muni munis[3];
    need_table(&n, rows, munis);
    kp_need_row t;
    kp_need_total(&n, NULL, &t);
    assert_false(n.suppressed);
    assert_false(t.need_c || t.receiving_c || t.unmet_c || t.shortfall_c);
    assert_int_equal(rows[0].need, 3);
    assert_false(rows[0].need_c);
}

static void test_need_bad_arguments(void **state)
{
    (void)state;
    kp_need n;
    kp_need_row rows[4];
    kp_need_muni munis[3];
    need_table(&n, rows, munis);
    kp_disclosure_rule one = {1};
    assert_int_equal(kp_need_suppress(NULL, &n), KP_EINVAL);
    assert_int_equal(kp_need_suppress(&RULE5, NULL), KP_EINVAL);
    assert_int_equal(kp_need_suppress(&one, &n), KP_EINVAL);
    assert_int_equal(kp_need_suppress_in_region(NULL, &RULE5, &n), KP_EINVAL);
    assert_false(n.suppressed);
    assert_null(n.totals);
}

static void test_progress_hand_made(void **state)
{
    (void)state;
    kp_progress_item items[3] = {0};
    /* An output indicator at 3 (small) with the trend 0, 7, 3. */
    snprintf(items[0].kind, sizeof items[0].kind, "output");
    items[0].found = true;
    items[0].value = 3;
    items[0].ntrend = 3;
    items[0].trend[0] = (kp_progress_point){.found = true, .value = 0};
    items[0].trend[1] = (kp_progress_point){.found = true, .value = 7};
    items[0].trend[2] = (kp_progress_point){.found = true, .value = 3};
    /* A result indicator at 12; the DI plan's 2 centres (not persons). */
    snprintf(items[1].kind, sizeof items[1].kind, "result");
    items[1].found = true;
    items[1].value = 12;
    snprintf(items[2].kind, sizeof items[2].kind, "di_plan");
    items[2].found = true;
    items[2].value = 2;
    kp_progress p = {.items = items, .n = 3};
    assert_int_equal(kp_progress_suppress(&RULE5, &p), KP_OK);
    assert_true(p.suppressed);
    assert_true(items[0].value_c);
    assert_false(items[0].trend[0].c); /* 0 is shown */
    assert_false(items[0].trend[1].c);
    assert_true(items[0].trend[2].c);
    assert_false(items[1].value_c);
    assert_false(items[2].value_c);
    assert_false(items[2].persons);
    assert_int_equal(p.nsuppressed, 2);
    assert_int_equal(kp_progress_suppress(NULL, &p), KP_EINVAL);
    assert_int_equal(kp_progress_suppress(&RULE5, NULL), KP_EINVAL);
    kp_disclosure_rule one = {1};
    assert_int_equal(kp_progress_suppress(&one, &p), KP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost_hand_made),     cmocka_unit_test(test_cost_small_year),
        cmocka_unit_test(test_cost_bad_arguments), cmocka_unit_test(test_need_hand_made),
        cmocka_unit_test(test_need_exact_without), cmocka_unit_test(test_need_bad_arguments),
        cmocka_unit_test(test_progress_hand_made),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
