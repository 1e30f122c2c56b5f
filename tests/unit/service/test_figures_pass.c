/* The national pass (kp_figures_pass, service/figures/figures.h): the
 * figures of several regions read once for all of them and split by the
 * region holding each record on the date must be each region's figures
 * as it computes them alone, row for row. Hand-made data: the tiny
 * Zemgale region of progress_region.h (project from 2022), projects
 * 2020–2023 in Kurzeme and Rīga (another start: read apart from
 * Zemgale's where "since the project began" matters), and
 *   T: grt, registered 01.02.2020 in the Tukuma novads of before the
 *      reform (0900200, Rīga planning region until 30.06.2021, then part
 *      of today's Tukuma novads 0052000 in Kurzeme), day care with ESF
 *      deliveries on 10.03.2020 and 10.08.2021;
 *   R: grt, registered 01.08.2021 in Olaines novads (0041000, Rīga),
 *      respite delivered on 10.08.2021;
 * with the indicator "grt receiving ESF services" in Kurzeme and Rīga.
 * Worked out by hand: on 30.06.2021 T is Rīga's (received ESF services
 * in 2020, the project's first delivery: services_provided day_care 1 in
 * Rīga; none in 2021 by then, so "receiving" 0) and Kurzeme has nobody;
 * on 31.12.2021 T is Kurzeme's (day care 1, receiving 1: the delivery of
 * 10.08.2021) and Rīga has R (respite 1, receiving 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "progress_region.h"
#include "service/figures/eval_details.h"
#include "service/figures/figures.h"
#include "service/figures/trends.h"

#define OLD_TUKUMS "0900200"
#define OLAINE "0041000"

static fixture g_f;
static const char *const REGIONS[] = {"KPR", "LPR", "RPR", "VPR", "ZPR"};
#define NREGIONS (sizeof REGIONS / sizeof REGIONS[0])

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

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

static kp_rc receiving(kp_ctx *ctx, kp_errors *e, const char *region)
{
    kp_indicator_in in = {.region = region, .key = "grt_receiving_esf_services", .kind = "output",
                          .name_lv = "Saņem", .name_en = "Receiving", .source = "computed",
                          .computation = "grt_receiving_esf_services", .target_year = "2023", .target = "4",
                          .sort = "1"};
    return kp_indicator_add(ctx, &in, e, NULL);
}

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "figures-pass"))
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
    DO(receiving(ctx, &e, "KPR"));
    DO(receiving(ctx, &e, "RPR"));
    DO(person_on(ctx, &e, "101080-11019", "1980-10-10", OLD_TUKUMS, "2020-02-01", "day_care", &t));
    DO(person_on(ctx, &e, "111181-11018", "1981-11-11", OLAINE, "2021-08-01", "respite", &r));
    static const char *const T_DAYS[] = {"2020-03-10", "10", "2021-08-10", "6", NULL};
    static const char *const R_DAYS[] = {"2021-08-10", "2", NULL};
    DO(service(ctx, &e, t, "day_care", "2020-03-01", "2021-12-31", "100", NULL, T_DAYS));
    DO(service(ctx, &e, r, "respite", "2021-08-10", "2021-08-20", "5", "day", R_DAYS));
    if (rc)
        progress_show(&e);
    kp_errors_free(&e);
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&g_f);
    return 0;
}

/* The sum of the rows of section, group, item and measure (whole-region
 * rows with `whole`, else the municipalities'), or -1 when there is none. */
static int64_t figure(const kp_figures *f, bool whole, const char *section, const char *tg, const char *item,
                      const char *measure)
{
    int64_t v = -1;
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if ((x->municipality_id == 0) == whole && !strcmp(x->section, section) && !strcmp(x->target_group, tg) &&
            !strcmp(x->item, item) && !strcmp(x->measure, measure))
            v = (v < 0 ? 0 : v) + x->value;
    }
    return v;
}

/* Every region at `at` through one pass and alone: the same rows in the
 * same order; the pass's figures of each region kept for the checks. */
static void same_through_pass(const char *at, kp_figures got[NREGIONS])
{
    kp_figures_pass *pass = NULL;
    assert_int_equal(kp_figures_pass_new(&g_f.ctx, REGIONS, NREGIONS, &pass), KP_OK);
    for (size_t k = 0; k < NREGIONS; k++) {
        kp_figures alone;
        assert_int_equal(kp_figures_compute(&g_f.ctx, REGIONS[k], day(at), &alone), KP_OK);
        assert_int_equal(kp_figures_compute_in_pass(&g_f.ctx, REGIONS[k], day(at), NULL, pass, &got[k]), KP_OK);
        assert_int_equal(got[k].n, alone.n);
        assert_int_equal(got[k].has_data, alone.has_data);
        for (size_t i = 0; i < alone.n; i++) {
            const kp_figure *a = &alone.items[i], *b = &got[k].items[i];
            if (strcmp(a->section, b->section) || strcmp(a->item, b->item) || strcmp(a->measure, b->measure) ||
                strcmp(a->target_group, b->target_group) || a->municipality_id != b->municipality_id ||
                a->period != b->period || a->value != b->value)
                fail_msg("%s %s row %zu: %s/%s/%s %lld alone, %s/%s/%s %lld in the pass", REGIONS[k], at, i,
                         a->section, a->item, a->measure, (long long)a->value, b->section, b->item, b->measure,
                         (long long)b->value);
        }
        kp_figures_free(&alone);
    }
    kp_figures_pass_free(pass);
}

static void free_all(kp_figures f[NREGIONS])
{
    for (size_t k = 0; k < NREGIONS; k++)
        kp_figures_free(&f[k]);
}

/* Before the reform: T's records are Rīga's. */
static void test_pass_before_reform(void **state)
{
    (void)state;
    kp_figures f[NREGIONS];
    same_through_pass("2021-06-30", f);
    const kp_figures *kpr = &f[0], *rpr = &f[2];
    assert_int_equal(figure(rpr, false, "services_provided", "grt", "day_care", "persons"), 1);
    assert_int_equal(figure(rpr, true, "recipients", "grt", "grt_adults", "persons"), 1);
    assert_int_equal(figure(kpr, true, "recipients", "grt", "grt_adults", "persons"), 0);
    assert_int_equal(figure(rpr, true, "output_indicators", "", "grt_receiving_esf_services", "achieved"), 0);
    assert_int_equal(figure(kpr, true, "output_indicators", "", "grt_receiving_esf_services", "achieved"), 0);
    free_all(f);
}

/* After it: T is Kurzeme's, R Rīga's. */
static void test_pass_after_reform(void **state)
{
    (void)state;
    kp_figures f[NREGIONS];
    same_through_pass("2021-12-31", f);
    const kp_figures *kpr = &f[0], *rpr = &f[2];
    assert_int_equal(figure(kpr, false, "services_provided", "grt", "day_care", "persons"), 1);
    assert_int_equal(figure(rpr, false, "services_provided", "grt", "day_care", "persons"), -1);
    assert_int_equal(figure(rpr, false, "services_provided", "grt", "respite", "persons"), 1);
    assert_int_equal(figure(kpr, true, "output_indicators", "", "grt_receiving_esf_services", "achieved"), 1);
    assert_int_equal(figure(rpr, true, "output_indicators", "", "grt_receiving_esf_services", "achieved"), 1);
    free_all(f);
}

/* Zemgale's project starts in 2022: its figures at the end of 2023 come
 * from its own reads of "since the project began", the others' from
 * theirs. */
static void test_pass_other_start(void **state)
{
    (void)state;
    kp_figures f[NREGIONS];
    same_through_pass("2023-12-31", f);
    free_all(f);
}

/* The region chapter's ESF recipients per municipality of record
 * (kp_eval_by_record_municipality): grt persons of the row of `atvk`
 * (-1 when the region lists no such row), and of all rows in *total. */
static int64_t recipients(const char *region, const char *at, const char *atvk, int64_t *total)
{
    kp_eval_list l = {0};
    assert_int_equal(kp_eval_by_record_municipality(&g_f.ctx, region, day(at), &l), KP_OK);
    int64_t id = progress_muni_id(g_f.db, atvk), n = -1;
    assert_true(id > 0);
    *total = 0;
    const kp_eval_record_muni *r = l.items;
    for (size_t i = 0; i < l.n; i++) {
        *total += r[i].grt;
        assert_int_equal(r[i].ft + r[i].parents, 0); /* both people are grt */
        if (r[i].id == id)
            n = r[i].grt;
    }
    kp_eval_list_free(&l);
    return n;
}

/* Worked out by hand from the data above (projects from 01.01.2020): on
 * 30.06.2021 Rīga's old Tukuma novads has T (the delivery of 10.03.2020;
 * that of 10.08.2021 is after the date) and Olaine nobody (R's only
 * delivery is 10.08.2021); on 31.12.2021 Rīga has R in Olaine and
 * Kurzeme T under the old Tukuma novads — once, with two deliveries in
 * the period. */
static void test_recipients_by_record_municipality(void **state)
{
    (void)state;
    int64_t total = 0;
    assert_int_equal(recipients("RPR", "2021-06-30", OLD_TUKUMS, &total), 1);
    assert_int_equal(total, 1);
    int64_t olaine = recipients("RPR", "2021-06-30", OLAINE, &total);
    assert_true(olaine == 0 || olaine == -1);
    assert_int_equal(recipients("RPR", "2021-12-31", OLAINE, &total), 1);
    assert_int_equal(total, 1);
    assert_int_equal(recipients("KPR", "2021-12-31", OLD_TUKUMS, &total), 1);
    assert_int_equal(total, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_before_reform),
        cmocka_unit_test(test_pass_after_reform),
        cmocka_unit_test(test_pass_other_start),
        cmocka_unit_test(test_recipients_by_record_municipality),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
