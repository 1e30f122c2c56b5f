/* The data-quality checks on hand-made records: a clean set that breaks no
 * rule, then for each check one planted defect (in a savepoint that is
 * rolled back) found exactly once, with the record and the numbers worked
 * out by hand; scope by role, the check date, bad arguments, the access
 * record, and the message templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/personal_code.h"
#include "service/casework/cases.h"
#include "service/quality/checks_sql.h"
#include "service/programme/programme.h"
#include "service/quality/checks.h"
#include "service/casework/people.h"
#include "service/sql.h"
#include "fixture.h"

#define AT "2021-12-31"

static fixture f;
static kp_errors e;

/* The clean records. */
static int64_t c1, c2, c3, parent, child;          /* clients */
static int64_t a1, a2, a3, a_parent;               /* their assignments */
static int64_t d1_sep, d1_oct, d2, d3;             /* deliveries */
static int64_t pay1, req1, project, prov_a, prov_b, fac_a, object, plan1, code1;
static int64_t bauska, dobele, iecava;
static int serial = 100;

/* ---- building records through the use cases ------------------------------------------ */

static void must(kp_rc rc, const char *what)
{
    if (rc) {
        for (size_t i = 0; i < e.n; i++)
            fprintf(stderr, "%s: %s: %s\n", what, e.items[i].field, e.items[i].message);
        fail_msg("%s failed: %s", what, kp_strerror(rc));
    }
    e.n = 0;
}

static const char *id(int64_t v)
{
    static char buf[8][24];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%lld", (long long)v);
    return buf[k];
}

/* A valid old-format personal code for birth date `birth` (YYYY-MM-DD). */
static void code_for(const char *birth, char out[13])
{
    for (;;) {
        char digits[16];
        snprintf(digits, sizeof digits, "%.2s%.2s%.2s%c%03d", birth + 8, birth + 5, birth + 2,
                 birth[0] == '2' ? '2' : '1', serial++ % 1000);
        int check = kp_pc_check_digit(digits);
        if (check >= 0 && check <= 9) {
            snprintf(out, 13, "%.6s-%.4s%d", digits, digits + 6, check);
            return;
        }
    }
}

static int64_t client(const char *given, const char *family, const char *birth, const char *atvk, const char *tg,
                      const char *registered, int64_t representative)
{
    char code[13];
    code_for(birth, code);
    kp_client_in in = {.personal_code = code, .given_name = given, .family_name = family, .birth_date = birth,
                       .municipality = atvk, .target_group = tg, .registered_on = registered,
                       .disability_group = strcmp(tg, "grt") == 0 ? "1" : "",
                       .representative_id = representative ? id(representative) : NULL};
    int64_t out = 0;
    must(kp_client_register(&f.ctx, &in, &e, &out), "client");
    return out;
}

static void assess(int64_t who, const char *on, const char *needs)
{
    kp_assessment_in in = {.client_id = id(who), .round = "1", .assessed_on = on, .place = "family",
                           .assessor = "Eksperts", .needs = needs};
    must(kp_assessment_record(&f.ctx, &in, &e, NULL), "assessment");
}

/* An approved plan with one item; returns the item. */
static int64_t plan(int64_t who, const char *service, const char *approved, const char *review, const char *start,
                    const char *end, int64_t *plan_out)
{
    kp_plan_in p = {.client_id = id(who), .goals = "Patstāvība", .review_on = review, .created_on = approved};
    int64_t pid = 0, item = 0;
    must(kp_plan_create(&f.ctx, &p, &e, &pid), "plan");
    kp_plan_item_in it = {.plan_id = id(pid), .service = service, .volume = "100", .start_date = start,
                          .end_date = end, .goal = "Mērķis"};
    must(kp_plan_add_item(&f.ctx, &it, &e, &item), "plan item");
    must(kp_plan_approve(&f.ctx, pid, approved, &e), "plan approval");
    if (plan_out)
        *plan_out = pid;
    return item;
}

static int64_t assign(int64_t who, int64_t item, const char *service, int64_t provider, const char *start,
                      const char *end, const char *units, const char *decided)
{
    kp_assignment_in in = {.client_id = id(who), .plan_item_id = item ? id(item) : NULL, .service = service,
                           .provider_id = provider ? id(provider) : NULL, .start_date = start, .end_date = end,
                           .units = units, .decided_on = decided, .esf_funded = "1"};
    int64_t out = 0;
    must(kp_assignment_create(&f.ctx, &in, &e, &out), "assignment");
    return out;
}

static int64_t deliver(int64_t assignment, const char *on, const char *units)
{
    kp_delivery_in in = {.assignment_id = id(assignment), .delivered_on = on, .units = units, .confirmed = "1"};
    int64_t out = 0;
    must(kp_delivery_record(&f.ctx, &in, &e, &out), "delivery");
    return out;
}

static int64_t pay(const char *atvk, const char *from, const char *to, const char *paid, const char *amount)
{
    kp_compensation_in in = {.project = "T/1", .municipality = atvk, .period_start = from, .period_end = to,
                             .paid_on = paid, .amount = amount};
    int64_t out = 0;
    must(kp_compensation_add(&f.ctx, &in, &e, &out), "compensation");
    return out;
}

static int64_t sql_int(const char *sql, int64_t a)
{
    int64_t v = 0;
    kp_param p[] = {KP_PINT(a)};
    kp_sql_int(f.db, sql, p, strchr(sql, '?') ? 1 : 0, 0, &v);
    return v;
}

static void exec(const char *sql, int64_t a)
{
    kp_param p[] = {KP_PINT(a)};
    assert_int_equal(kp_sql_exec(f.db, sql, p, strchr(sql, '?') ? 1 : 0), KP_OK);
}

static int setup(void **state)
{
    (void)state;
    kp_errors_init(&e);
    if (fixture_open(&f, "checks"))
        return -1;
    f.ctx.lang = "en";
    snprintf(f.ctx.now, sizeof f.ctx.now, "2022-01-15T10:00:00Z");
    kp_sql_int(f.db, "SELECT id FROM municipality WHERE atvk = '0025000'", NULL, 0, 0, &bauska);
    kp_sql_int(f.db, "SELECT id FROM municipality WHERE atvk = '0028000'", NULL, 0, 0, &dobele);
    kp_sql_int(f.db, "SELECT id FROM municipality WHERE atvk = '0406400'", NULL, 0, 0, &iecava);

    kp_project_in pj = {.number = "T/1", .name = "Tests", .region = "ZPR", .start_date = "2020-01-01",
                        .end_date = "2023-12-31", .budget = "1000.00", .esf = "850.00", .state = "150.00"};
    must(kp_project_add(&f.ctx, &pj, &e, &project), "project");
    kp_payment_request_in rq = {.project = "T/1", .number = "1", .period_start = "2021-07-01",
                                .period_end = "2021-09-30", .submitted_on = "2021-10-20", .amount = "600.00"};
    must(kp_payment_request_add(&f.ctx, &rq, &e, &req1), "payment request");

    kp_provider_in pa = {.name = "Sniedzējs A", .reg_no = "40003000001", .municipality = "0025000",
                         .registered_on = "2021-07-01"};
    must(kp_provider_add(&f.ctx, &pa, &e, &prov_a), "provider A");
    kp_facility_in fa = {.provider_id = id(prov_a), .name = "DAC Saulstari", .address = "Skolas iela 1",
                         .municipality = "0025000", .opened_on = "2021-07-01"};
    must(kp_facility_add(&f.ctx, &fa, &e, &fac_a), "facility");
    kp_facility_service_in fs = {.facility_id = id(fac_a), .service = "day_care", .target_group = "grt",
                                 .places = "2", .valid_from = "2021-07-01"};
    must(kp_facility_service_add(&f.ctx, &fs, &e, NULL), "facility service");
    kp_provider_in pb = {.name = "Sniedzējs B", .reg_no = "40003000002", .municipality = "0406400",
                         .registered_on = "2019-01-01"};
    must(kp_provider_add(&f.ctx, &pb, &e, &prov_b), "provider B");

    /* C1: Bauska, day care from August; compensated for September exactly. */
    c1 = client("Jānis", "Bērziņš", "1980-05-05", "0025000", "grt", "2021-07-10", 0);
    code1 = sql_int("SELECT id FROM personal_code WHERE client_id = ?", c1);
    assess(c1, "2021-07-20", "day_care");
    int64_t item1 = plan(c1, "day_care", "2021-07-28", "2022-07-01", "2021-08-01", "2022-07-31", &plan1);
    a1 = assign(c1, item1, "day_care", prov_a, "2021-08-01", "2021-12-31", "40", "2021-07-30");
    d1_sep = deliver(a1, "2021-09-15", "10");
    d1_oct = deliver(a1, "2021-10-15", "10");
    pay1 = pay("0025000", "2021-09-01", "2021-09-30", "2021-10-30", "228.00"); /* 10 × 22,80 */

    /* C2: Dobele, day care at A until November. */
    c2 = client("Anna", "Kalniņa", "1975-03-03", "0028000", "grt", "2021-07-12", 0);
    assess(c2, "2021-07-21", "day_care");
    int64_t item2 = plan(c2, "day_care", "2021-07-29", "2022-07-01", "2021-08-01", "2022-07-31", NULL);
    a2 = assign(c2, item2, "day_care", prov_a, "2021-08-01", "2021-11-30", "20", "2021-07-31");
    d2 = deliver(a2, "2021-09-20", "5");

    /* C3: pre-reform Iecava, support groups in 2020 at B; held by Bauska now. */
    c3 = client("Pēteris", "Ozoliņš", "1970-01-01", "0406400", "grt", "2020-03-01", 0);
    assess(c3, "2020-03-10", "support_groups");
    int64_t item3 = plan(c3, "support_groups", "2020-03-20", "2021-03-01", "2020-04-01", "2020-12-31", NULL);
    a3 = assign(c3, item3, "support_groups", prov_b, "2020-04-01", "2020-12-31", "10", "2020-03-25");
    d3 = deliver(a3, "2020-05-01", "5");

    /* A parent whose child was assessed: the child's assessment counts. */
    parent = client("Inese", "Liepiņa", "1985-02-02", "0025000", "parents", "2021-07-15", 0);
    child = client("Ieva", "Liepiņa", "2012-06-06", "0025000", "ft", "2021-07-15", parent);
    assess(child, "2021-07-22", "social_rehab");
    int64_t item_p = plan(parent, "specialist_consultations", "2021-07-30", "2022-07-01", "2021-08-01",
                          "2022-07-31", NULL);
    a_parent = assign(parent, item_p, "specialist_consultations", 0, "2021-08-01", "2021-12-31", "8", "2021-08-01");

    /* A DI object whose two amendments chain. */
    kp_plan_object_in ob = {.region = "ZPR", .municipality = "0025000", .name = "DAC Bauskā", .target_group = "grt",
                            .service = "day_care", .places = "10", .erdf = "100000.00", .status = "planned",
                            .added_on = "2021-07-05"};
    must(kp_plan_object_add(&f.ctx, &ob, &e, &object), "plan object");
    kp_amendment_in am1 = {.region = "ZPR", .number = "1", .approved_on = "2021-09-01", .reason = "Vietas"};
    kp_amendment_in am2 = {.region = "ZPR", .number = "2", .approved_on = "2021-10-01", .reason = "Būvniecība"};
    int64_t am1_id = 0, am2_id = 0;
    must(kp_amendment_add(&f.ctx, &am1, &e, &am1_id), "amendment 1");
    must(kp_amendment_add(&f.ctx, &am2, &e, &am2_id), "amendment 2");
    kp_object_change_in ch1 = {.amendment_id = id(am1_id), .object_id = id(object), .field = "places",
                               .new_value = "12"};
    kp_object_change_in ch2 = {.amendment_id = id(am2_id), .object_id = id(object), .field = "status",
                               .new_value = "building"};
    must(kp_plan_object_change(&f.ctx, &ch1, &e, NULL), "change 1");
    must(kp_plan_object_change(&f.ctx, &ch2, &e, NULL), "change 2");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_errors_free(&e);
    fixture_close(&f);
    return 0;
}

/* ---- running ---------------------------------------------------------------------------- */

static size_t index_of(const char *check)
{
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].id, check) == 0)
            return i;
    fail_msg("no check %s", check);
    return 0;
}

static void run_at(kp_ctx *ctx, const char *at, kp_check_report *r)
{
    kp_check_opts o = {.at = at};
    kp_rc rc = kp_check_run(ctx, &o, &e, r);
    if (rc)
        fail_msg("check run: %s (%s)", kp_strerror(rc), e.n ? e.items[0].message : "");
}

/* The report has exactly `count` findings, all of check `check`. */
static void only(const kp_check_report *r, const char *check, size_t count)
{
    size_t want = index_of(check);
    for (size_t i = 0; i < r->checks; i++)
        if (r->per_check[i] != (i == want ? count : 0))
            fail_msg("check %s: %zu findings, expected %zu (planted: %s)", kp_checks(NULL)[i].id, r->per_check[i],
                     i == want ? count : 0, check);
    assert_int_equal(r->n, count);
}

/* Plants a defect (SQL or use cases) in a transaction, runs the checks into
 * `r`; DONE() frees the report and rolls the defect back. */
#define PLANTED(...)                                                                                                 \
    {                                                                                                                \
        kp_check_report r;                                                                                           \
        assert_int_equal(kp_store_begin(f.db), KP_OK);                                                               \
        __VA_ARGS__;                                                                                                 \
        run_at(&f.ctx, AT, &r);

#define DONE()                                                                                                       \
    kp_check_report_free(&r);                                                                                        \
    assert_int_equal(kp_store_rollback(f.db), KP_OK);                                                                \
    }

static void test_clean_records_have_no_findings(void **state)
{
    (void)state;
    kp_check_report r;
    run_at(&f.ctx, AT, &r);
    for (size_t i = 0; i < r.n; i++)
        fprintf(stderr, "unexpected: %s %s %lld: %s\n", r.items[i].check->id, r.items[i].kind,
                (long long)r.items[i].record_id, r.items[i].message);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.severity[0] + r.severity[1] + r.severity[2], 0);
    assert_true(r.details);
    assert_true(r.names);
    assert_string_equal(r.at, AT);
    kp_check_report_free(&r);
}

static void test_compensation_twice(void **state)
{
    (void)state;
    int64_t again = 0;
    /* 16 September – 15 October overlaps the September payment. */
    PLANTED(again = pay("0025000", "2021-09-16", "2021-10-15", "2021-11-05", "100.00"));
    only(&r, "compensation_twice", 1);
    assert_string_equal(r.items[0].kind, "compensation_payment");
    assert_int_equal(r.items[0].record_id, again);
    assert_int_equal(r.items[0].holder_id, bauska);
    assert_int_equal(r.items[0].n[0], 10000);
    assert_int_equal(r.items[0].n[1], pay1);
    assert_int_equal(r.items[0].n[2], 22800);
    assert_non_null(strstr(r.items[0].message, "covers 2021-09-16–2021-09-30"));
    DONE();
    /* Paid after the check date: not yet a record on it. */
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    pay("0025000", "2021-09-16", "2021-10-15", "2022-02-01", "100.00");
    kp_check_report r2;
    run_at(&f.ctx, AT, &r2);
    assert_int_equal(r2.n, 0);
    kp_check_report_free(&r2);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

static void test_compensation_above_deliveries(void **state)
{
    (void)state;
    int64_t oct = 0;
    /* October: C1's 10 units × 22,80 € = 228,00 €; C2 is Dobele's. */
    PLANTED(oct = pay("0025000", "2021-10-01", "2021-10-31", "2021-11-30", "300.00"));
    only(&r, "compensation_above_deliveries", 1);
    assert_int_equal(r.items[0].record_id, oct);
    assert_int_equal(r.items[0].n[0], 30000);
    assert_int_equal(r.items[0].n[1], 22800);
    assert_int_equal(r.items[0].n[2], 7200);
    assert_int_equal(r.items[0].n[3], 1);
    assert_string_equal(r.items[0].message, "Paid 300,00 € for 2021-10-01–2021-10-31, but the confirmed ESF deliveries "
                                            "to its clients in that period are worth 228,00 € (units × the unit cost on "
                                            "the day; deliveries: 1): 72,00 € more than delivered.");
    DONE();
    /* Pre-reform Iecava paid for May 2020: C3's 5 sessions × 15,00 € = 75,00 €. */
    PLANTED(pay("0406400", "2020-05-01", "2020-05-31", "2020-06-30", "75.00"));
    only(&r, "compensation_above_deliveries", 0);
    DONE();
    PLANTED(pay("0406400", "2020-05-01", "2020-05-31", "2020-06-30", "75.01"));
    only(&r, "compensation_above_deliveries", 1);
    assert_int_equal(r.items[0].n[1], 7500);
    assert_int_equal(r.items[0].municipality_id, iecava);
    assert_int_equal(r.items[0].holder_id, bauska);
    assert_string_equal(r.items[0].recorded_atvk, "0406400");
    DONE();
    /* Unconfirmed deliveries are not worth anything yet. */
    PLANTED(exec("UPDATE delivery SET confirmed = 0 WHERE id = ?", d1_sep));
    only(&r, "compensation_above_deliveries", 1);
    assert_int_equal(r.items[0].record_id, pay1);
    assert_int_equal(r.items[0].n[1], 0);
    DONE();
}

static void test_esf_split(void **state)
{
    (void)state;
    /* 85 % of 228,00 € is 193,80 €: one cent off is rounding, two are not. */
    PLANTED(exec("UPDATE compensation_payment SET esf_cents = esf_cents + 1, state_cents = state_cents - 1 WHERE id = ?",
                 pay1));
    only(&r, "esf_split_payment", 0);
    DONE();
    PLANTED(exec("UPDATE compensation_payment SET esf_cents = esf_cents + 2, state_cents = state_cents - 2 WHERE id = ?",
                 pay1));
    only(&r, "esf_split_payment", 1);
    assert_int_equal(r.items[0].record_id, pay1);
    assert_int_equal(r.items[0].n[0], 22800);
    assert_int_equal(r.items[0].n[1], 19382);
    assert_int_equal(r.items[0].n[2], 19380);
    assert_int_equal(r.items[0].n[3], 2);
    DONE();
    /* The project's parts: 849,93 € of 1 000,00 € is 7 cents under 85 %. */
    PLANTED(exec("UPDATE project SET esf_cents = 84993, state_cents = 15007 WHERE id = ?", project));
    only(&r, "esf_split_project", 1);
    assert_int_equal(r.severity[KP_CHECK_INFO], 1);
    assert_int_equal(r.severity[KP_CHECK_ERROR], 0);
    assert_string_equal(r.items[0].kind, "project");
    assert_int_equal(r.items[0].holder_id, 0);
    assert_string_equal(r.items[0].region, "ZPR");
    assert_int_equal(r.items[0].n[0], 100000);
    assert_int_equal(r.items[0].n[1], 84993);
    assert_int_equal(r.items[0].n[2], 85000);
    assert_int_equal(r.items[0].n[3], -7);
    assert_non_null(strstr(r.items[0].message, "by -0,07 €"));
    DONE();
    PLANTED(exec("UPDATE project SET esf_cents = 84999, state_cents = 15001 WHERE id = ?", project));
    only(&r, "esf_split_project", 0);
    DONE();
}

static void test_payment_requests_above_budget(void **state)
{
    (void)state;
    int64_t second = 0;
    kp_payment_request_in r2 = {.project = "T/1", .number = "2", .period_start = "2021-10-01",
                                .period_end = "2021-12-31", .submitted_on = "2021-12-20", .amount = "500.00"};
    kp_payment_request_in r3 = {.project = "T/1", .number = "3", .period_start = "2021-10-01",
                                .period_end = "2021-12-31", .submitted_on = "2021-12-21", .amount = "50.00"};
    /* 600 + 500 = 1 100 € > 1 000 €; the third request goes further but the
     * finding is the request that crossed the budget. */
    PLANTED(must(kp_payment_request_add(&f.ctx, &r2, &e, &second), "request 2");
            must(kp_payment_request_add(&f.ctx, &r3, &e, NULL), "request 3"));
    only(&r, "payment_requests_above_budget", 1);
    assert_int_equal(r.items[0].record_id, second);
    assert_int_equal(r.items[0].n[0], 110000);
    assert_int_equal(r.items[0].n[1], 100000);
    assert_int_equal(r.items[0].n[2], 10000);
    assert_int_equal(r.items[0].n[3], 2);
    DONE();
}

static void test_assessment_and_plan(void **state)
{
    (void)state;
    int64_t c4 = 0, c5 = 0, c7 = 0, a7 = 0;
    /* No assessment at all: two assignments, one finding for the person. */
    PLANTED(c4 = client("Kārlis", "Zariņš", "1990-09-09", "0025000", "grt", "2021-08-01", 0);
            int64_t it = plan(c4, "home_care", "2021-08-05", "2022-08-01", "2021-08-10", "2022-08-31", NULL);
            assign(c4, it, "home_care", 0, "2021-08-10", "2021-10-31", "20", "2021-08-06");
            assign(c4, it, "home_care", 0, "2021-11-01", "2021-12-31", "20", "2021-10-20"));
    only(&r, "services_without_assessment", 1);
    assert_string_equal(r.items[0].kind, "client");
    assert_int_equal(r.items[0].record_id, c4);
    assert_int_equal(r.items[0].client_id, c4);
    assert_int_equal(r.items[0].n[0], 2);
    assert_string_equal(r.items[0].date, "2021-08-06");
    assert_string_equal(r.items[0].client_name, "Kārlis Zariņš");
    DONE();
    /* Assessed only after the first decision. */
    PLANTED(c5 = client("Dace", "Vītola", "1992-10-10", "0025000", "grt", "2021-08-01", 0);
            int64_t it = plan(c5, "home_care", "2021-08-05", "2022-08-01", "2021-08-10", "2022-08-31", NULL);
            assign(c5, it, "home_care", 0, "2021-08-10", "2021-10-31", "20", "2021-08-06");
            assign(c5, it, "home_care", 0, "2021-11-01", "2021-12-31", "20", "2021-10-20");
            assess(c5, "2021-09-01", "home_care"));
    only(&r, "service_before_assessment", 1);
    assert_int_equal(r.items[0].record_id, c5);
    assert_int_equal(r.items[0].n[0], 1);
    assert_string_equal(r.items[0].message,
                        "1 service assignment(s) decided since 2021-08-06, before the first needs assessment on "
                        "2021-09-01.");
    DONE();
    /* Assessed on the day of the decision: in order. */
    PLANTED(c5 = client("Dace", "Vītola", "1992-10-10", "0025000", "grt", "2021-08-01", 0);
            int64_t it = plan(c5, "home_care", "2021-08-05", "2022-08-01", "2021-08-10", "2022-08-31", NULL);
            assign(c5, it, "home_care", 0, "2021-08-10", "2021-10-31", "20", "2021-08-06");
            assess(c5, "2021-08-06", "home_care"));
    only(&r, "service_before_assessment", 0);
    DONE();
    /* An assignment with no approved plan on its decision date. */
    PLANTED(c7 = client("Rūta", "Grante", "1991-11-11", "0025000", "grt", "2021-08-01", 0);
            assess(c7, "2021-08-02", "home_care");
            a7 = assign(c7, 0, "home_care", 0, "2021-08-10", "2021-10-31", "20", "2021-08-06");
            plan(c7, "home_care", "2021-08-07", "2022-08-01", "2021-08-10", "2022-08-31", NULL));
    only(&r, "assignment_without_plan", 1);
    assert_string_equal(r.items[0].kind, "assignment");
    assert_int_equal(r.items[0].record_id, a7);
    assert_int_equal(r.items[0].client_id, c7);
    assert_string_equal(r.items[0].message,
                        "Home care was assigned on 2021-08-06 without an approved support plan of the person on that "
                        "date.");
    DONE();
    /* The plan in force has no review date. */
    PLANTED(exec("UPDATE support_plan SET review_on = NULL WHERE id = ?", plan1));
    only(&r, "plan_without_review", 1);
    assert_int_equal(r.items[0].record_id, plan1);
    assert_int_equal(r.items[0].n[0], 1);
    DONE();
    /* Due on 30 November, 31 days before the check date, and its item runs on. */
    PLANTED(exec("UPDATE support_plan SET review_on = '2021-11-30' WHERE id = ?", plan1));
    only(&r, "plan_review_overdue", 1);
    assert_int_equal(r.items[0].record_id, plan1);
    assert_string_equal(r.items[0].message, "Support plan version 1 was due for review on 2021-11-30, 31 days before "
                                             "the check date, and its services still run.");
    DONE();
    /* On 30 November it was not overdue yet. */
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    exec("UPDATE support_plan SET review_on = '2021-11-30' WHERE id = ?", plan1);
    kp_check_report early;
    run_at(&f.ctx, "2021-11-30", &early);
    assert_int_equal(early.per_check[index_of("plan_review_overdue")], 0);
    kp_check_report_free(&early);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

static void test_people(void **state)
{
    (void)state;
    int64_t former = 0, twin = 0;
    char code[13];
    code_for("1980-05-05", code);
    /* A former code still valid after C1's present code took effect (10 July).
     * The use case refuses such a period now, so it is planted the way old
     * or imported records may hold it: a correct period, then its end moved. */
    kp_former_code_in fc = {.client_id = id(c1), .personal_code = code, .valid_from = "2020-01-01",
                            .valid_to = "2021-07-09"};
    PLANTED(must(kp_client_add_former_code(&f.ctx, &fc, &e, &former), "former code");
            exec("UPDATE personal_code SET valid_to = '2021-08-31' WHERE id = ?", former));
    only(&r, "personal_codes_overlap", 1);
    assert_int_equal(r.items[0].record_id, c1);
    assert_int_equal(r.items[0].n[0], code1);
    assert_int_equal(r.items[0].n[1], former);
    char want[160];
    snprintf(want, sizeof want,
             "Two personal codes of the person (records no. %lld and %lld) are valid at the same time: "
             "2021-07-10–2021-08-31.",
             (long long)code1, (long long)former);
    assert_string_equal(r.items[0].message, want);
    DONE();
    /* The same name and birth date in Dobele: one finding on each record. */
    PLANTED(twin = client("JĀNIS", "Bērziņš", "1980-05-05", "0028000", "grt", "2021-09-01", 0));
    only(&r, "same_person_twice", 2);
    int64_t seen[2] = {r.items[0].record_id, r.items[1].record_id};
    assert_true((seen[0] == c1 && seen[1] == twin) || (seen[0] == twin && seen[1] == c1));
    for (int i = 0; i < 2; i++) {
        const kp_finding *x = &r.items[i];
        assert_int_equal(x->n[0], x->record_id == c1 ? twin : c1);
        assert_int_equal(x->n[1], 2);
        assert_int_equal(x->holder_id, x->record_id == c1 ? bauska : dobele);
        assert_non_null(strstr(x->message, x->record_id == c1 ? "(Dobeles novads)" : "(Bauskas novads)"));
    }
    DONE();
    /* A client registered under Iecava after Iecava ceased (30 June 2021). */
    PLANTED(exec("UPDATE client SET registered_on = '2021-08-01' WHERE id = ?", c3);
            exec("UPDATE client_version SET valid_from = '2021-08-01' WHERE client_id = ?", c3));
    only(&r, "record_outside_municipality", 1);
    assert_string_equal(r.items[0].kind, "client");
    assert_int_equal(r.items[0].record_id, c3);
    assert_string_equal(r.items[0].recorded_atvk, "0406400");
    assert_string_equal(r.items[0].atvk, "0025000");
    assert_string_equal(r.items[0].message, "Dated 2021-08-01, but the territory it names existed 2009-07-01–2021-06-30.");
    DONE();
}

static void test_deliveries(void **state)
{
    (void)state;
    int64_t d = 0;
    /* Before the assignment began (1 August). */
    PLANTED(d = sql_int("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-07-15', 5, 1)"
                        " RETURNING id", a1));
    only(&r, "delivery_outside_assignment", 1);
    assert_string_equal(r.items[0].kind, "delivery");
    assert_int_equal(r.items[0].record_id, d);
    assert_int_equal(r.items[0].n[0], a1);
    assert_int_equal(r.items[0].n[1], 5);
    DONE();
    PLANTED(exec("UPDATE assignment SET status = 'cancelled' WHERE id = ?", a2));
    only(&r, "delivery_cancelled_assignment", 1);
    assert_int_equal(r.items[0].record_id, d2);
    assert_int_equal(r.items[0].client_id, c2);
    DONE();
    /* 10 + 10 + 25 = 45 units of the 40 granted. */
    PLANTED(exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-11-15', 25, 1)", a1));
    only(&r, "delivery_above_granted", 1);
    assert_string_equal(r.items[0].kind, "assignment");
    assert_int_equal(r.items[0].record_id, a1);
    assert_int_equal(r.items[0].n[0], 40);
    assert_int_equal(r.items[0].n[1], 45);
    assert_int_equal(r.items[0].n[2], 5);
    DONE();
    /* Respite: at most 30 days a calendar year (rule 1); 20 + 15 delivered in 2021. */
    PLANTED(int64_t ar = sql_int("INSERT INTO assignment(client_id, service_code, start_date, end_date, units, mode,"
                                 " decided_on) VALUES (?, 'respite', '2021-08-01', '2021-12-31', 40, 'full', '2021-07-30')"
                                 " RETURNING id", c1);
            exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-11-02', 20, 1)", ar);
            exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-12-02', 15, 1)", ar));
    only(&r, "delivery_above_yearly_limit", 1);
    assert_int_equal(r.items[0].record_id, c1);
    assert_int_equal(r.items[0].n[0], 30);
    assert_int_equal(r.items[0].n[1], 35);
    assert_int_equal(r.items[0].n[2], 5);
    assert_int_equal(r.items[0].n[3], 1);
    assert_string_equal(r.items[0].date, "2021-11-02");
    assert_string_equal(r.items[0].message, "Respite: at most 30 a year (Cabinet Regulation No. 313 of 16 June 2015); "
                                            "35 delivered in 2021, 5 more.");
    DONE();
    /* The provider closed on 15 April 2020; C3's delivery was on 1 May. */
    PLANTED(exec("UPDATE provider SET closed_on = '2020-04-15' WHERE id = ?", prov_b));
    only(&r, "delivery_provider_closed", 1);
    assert_int_equal(r.items[0].record_id, d3);
    assert_int_equal(r.items[0].n[1], prov_b);
    assert_int_equal(r.items[0].holder_id, bauska);
    DONE();
    /* One place and two persons with day care at A on 31 December. */
    PLANTED(exec("UPDATE facility_service SET places = 1 WHERE facility_id = ?", fac_a);
            exec("UPDATE assignment SET end_date = '2022-03-31' WHERE id = ?", a2));
    only(&r, "facility_places_exceeded", 1);
    assert_string_equal(r.items[0].kind, "facility");
    assert_int_equal(r.items[0].record_id, fac_a);
    assert_int_equal(r.items[0].n[0], 1);
    assert_int_equal(r.items[0].n[1], 2);
    assert_int_equal(r.items[0].n[2], 1);
    DONE();
}

/* Kurzeme's social rehabilitation rules: 10 sessions per service, 4 services. */
static void test_course_and_services_limits(void **state)
{
    (void)state;
    int64_t kid = 0;
    static const char *const KINDS[] = {"adapted_pool", "montessori", "hippotherapy", "music_therapy", "physiotherapy"};
    PLANTED(kid = client("Marta", "Kļaviņa", "2014-04-04", "0033000", "ft", "2021-08-01", 0);
            assess(kid, "2021-08-02", "hippotherapy");
            plan(kid, "hippotherapy", "2021-08-03", "2022-08-01", "2021-08-10", "2022-08-31", NULL);
            int64_t a = sql_int("INSERT INTO assignment(client_id, service_code, start_date, end_date, units, decided_on)"
                                " VALUES (?, 'hippotherapy', '2021-08-10', '2021-12-31', 12, '2021-08-05') RETURNING id",
                                kid);
            exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-09-01', 7, 1)", a);
            exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-10-01', 5, 1)", a));
    only(&r, "delivery_above_course_limit", 1);
    assert_int_equal(r.items[0].record_id, kid);
    assert_int_equal(r.items[0].n[0], 10);
    assert_int_equal(r.items[0].n[1], 12);
    assert_int_equal(r.items[0].n[3], 6);
    assert_string_equal(r.items[0].region, "KPR");
    assert_non_null(strstr(r.items[0].message, "Hippotherapy: at most 10 sessions of one service"));
    DONE();
    PLANTED(kid = client("Marta", "Kļaviņa", "2014-04-04", "0033000", "ft", "2021-08-01", 0);
            assess(kid, "2021-08-02", "hippotherapy");
            plan(kid, "hippotherapy", "2021-08-03", "2022-08-01", "2021-08-10", "2022-08-31", NULL);
            for (int k = 0; k < 5; k++) {
                kp_param p[] = {KP_PINT(kid), KP_PTEXT(KINDS[k])};
                int64_t a = 0;
                assert_int_equal(kp_sql_int(f.db,
                                            "INSERT INTO assignment(client_id, service_code, start_date, end_date, units,"
                                            " decided_on) VALUES (?, ?, '2021-08-10', '2021-12-31', 2, '2021-08-05')"
                                            " RETURNING id",
                                            p, 2, 0, &a),
                                 KP_OK);
                exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-09-01', 1, 1)",
                     a);
            });
    only(&r, "delivery_above_services_limit", 1);
    assert_int_equal(r.items[0].n[0], 4);
    assert_int_equal(r.items[0].n[1], 5);
    assert_int_equal(r.items[0].n[3], 5);
    DONE();
}

static void test_object_history(void **state)
{
    (void)state;
    int64_t am3 = 0, change = 0;
    kp_amendment_in in = {.region = "ZPR", .number = "3", .approved_on = "2021-11-01", .reason = "Imports"};
    /* An imported change that says places were 99 when they were 12. */
    PLANTED(must(kp_amendment_add(&f.ctx, &in, &e, &am3), "amendment 3");
            kp_object_change_in ch = {.amendment_id = id(am3), .object_id = id(object), .field = "places",
                                      .old_value = "99", .new_value = "12"};
            must(kp_plan_object_change_record(&f.ctx, &ch, &e, &change), "change 3"));
    only(&r, "object_history_chain", 1);
    assert_string_equal(r.items[0].kind, "plan_object");
    assert_int_equal(r.items[0].record_id, object);
    assert_int_equal(r.items[0].n[0], 3);
    assert_int_equal(r.items[0].n[1], change);
    assert_string_equal(r.items[0].message, "Amendment no. 3 (2021-11-01) changes places from “99”, but it was “12” then.");
    DONE();
    /* The object holds 30 places, but its last change made them 12. */
    PLANTED(exec("UPDATE plan_object SET places = 30 WHERE id = ?", object));
    only(&r, "object_history_end", 1);
    assert_int_equal(r.items[0].record_id, object);
    assert_int_equal(r.items[0].n[0], 1);
    assert_non_null(strstr(r.items[0].message, "sets places to “12”, but the object holds “30”"));
    DONE();
    /* Before amendment 1 took effect the object's history had nothing to chain. */
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    exec("UPDATE plan_object SET places = 30 WHERE id = ?", object);
    kp_check_report early;
    run_at(&f.ctx, "2021-08-31", &early);
    assert_int_equal(early.per_check[index_of("object_history_end")], 0);
    kp_check_report_free(&early);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

/* ---- scope ------------------------------------------------------------------------------ */

static void test_scope(void **state)
{
    (void)state;
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    /* Bauska's C1 (plan without review), Dobele's C2 (the same), pre-reform
     * Iecava's C3 (provider closed), the region's project (split). */
    exec("UPDATE support_plan SET review_on = NULL WHERE client_id IN (?, (SELECT id FROM client WHERE family_name = 'Kalniņa'))",
         c1);
    exec("UPDATE provider SET closed_on = '2020-04-15' WHERE id = ?", prov_b);
    exec("UPDATE project SET esf_cents = 84993, state_cents = 15007 WHERE id = ?", project);

    kp_ctx head = f.ctx;
    head.role = KP_ROLE_MUNICIPAL_HEAD;
    head.municipality_id = bauska;
    head.actor = "head-bauska";
    kp_check_report r;
    run_at(&head, AT, &r);
    assert_int_equal(r.n, 2); /* C1 and C3 (Iecava is Bauska's now); not Dobele's, not the project */
    assert_true(r.names);
    for (size_t i = 0; i < r.n; i++) {
        assert_int_equal(r.items[i].holder_id, bauska);
        assert_true(r.items[i].client_id == c1 || r.items[i].client_id == c3);
        assert_true(r.items[i].client_name[0] != '\0');
        assert_true(r.items[i].client_open); /* the head may open both cards */
    }
    int64_t second = r.items[1].client_id;
    kp_check_report_free(&r);
    /* A window lists some and counts all; a head sees no other region. */
    kp_check_opts win = {.at = AT, .offset = 1, .limit = 5};
    assert_int_equal(kp_check_run(&head, &win, &e, &r), KP_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.total, 2);
    assert_int_equal(r.items[0].client_id, second);
    kp_check_report_free(&r);
    kp_check_opts capped = {.at = AT, .per_check = 1};
    assert_int_equal(kp_check_run(&head, &capped, &e, &r), KP_OK);
    assert_int_equal(r.total, 2);
    for (size_t i = 1; i < r.n; i++)
        assert_true(r.items[i].check != r.items[i - 1].check);
    kp_check_report_free(&r);
    kp_check_opts elsewhere = {.at = AT, .region = "KPR"};
    assert_int_equal(kp_check_run(&head, &elsewhere, &e, &r), KP_ENOTFOUND);
    kp_check_report_free(&r);

    kp_ctx region = f.ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    region.actor = "region-zpr";
    run_at(&region, AT, &r);
    assert_int_equal(r.n, 4); /* the three clients' findings and the project */
    assert_false(r.names);
    for (size_t i = 0; i < r.n; i++) {
        assert_string_equal(r.items[i].client_name, "");
        assert_false(r.items[i].client_open); /* coordinators read no client records */
    }
    kp_check_report_free(&r);
    /* Another region's coordinator sees none of it. */
    snprintf(region.region, sizeof region.region, "KPR");
    run_at(&region, AT, &r);
    assert_int_equal(r.n, 0);
    kp_check_report_free(&r);
    kp_check_opts other = {.at = AT, .region = "ZPR"};
    assert_int_equal(kp_check_run(&region, &other, &e, &r), KP_ENOTFOUND);
    kp_check_report_free(&r);

    kp_ctx ministry = f.ctx;
    ministry.role = KP_ROLE_MINISTRY;
    run_at(&ministry, AT, &r);
    assert_false(r.details);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 3);
    assert_int_equal(r.severity[KP_CHECK_INFO], 1);
    size_t zpr = 0;
    for (size_t i = 0; i < r.ntotals; i++)
        if (strcmp(r.totals[i].region, "ZPR") == 0)
            zpr += r.totals[i].n;
    assert_int_equal(zpr, 4);
    kp_check_report_free(&r);

    kp_ctx provider = f.ctx;
    provider.role = KP_ROLE_PROVIDER;
    provider.provider_id = prov_a;
    kp_check_opts none = {.at = AT};
    assert_int_equal(kp_check_run(&provider, &none, &e, &r), KP_EDENIED);
    kp_check_report_free(&r);

    /* The operator's options: a region on the check date, a territory. */
    kp_check_opts by_muni = {.at = AT, .municipality = "0406400"};
    assert_int_equal(kp_check_run(&f.ctx, &by_muni, &e, &r), KP_OK);
    assert_int_equal(r.n, 1); /* recorded under Iecava */
    assert_int_equal(r.items[0].client_id, c3);
    kp_check_report_free(&r);
    kp_check_opts kpr = {.at = AT, .region = "KPR"};
    assert_int_equal(kp_check_run(&f.ctx, &kpr, &e, &r), KP_OK);
    assert_int_equal(r.n, 0);
    kp_check_report_free(&r);
    kp_check_opts counts = {.at = AT, .counts_only = true};
    assert_int_equal(kp_check_run(&head, &counts, &e, &r), KP_OK);
    assert_false(r.details);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 2);
    kp_check_report_free(&r);
    kp_check_opts one = {.at = AT, .check = "esf_split_project"};
    assert_int_equal(kp_check_run(&f.ctx, &one, &e, &r), KP_OK);
    assert_int_equal(r.n, 1);
    kp_check_report_free(&r);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

/* A person who moved after the check date: the finding stays where the
 * person was on that date (Dobele), and is seen by the municipality
 * responsible today (Bauska), which may open the card; Dobele no longer. */
static void test_moved_person(void **state)
{
    (void)state;
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    exec("UPDATE support_plan SET review_on = NULL WHERE client_id = ?", c2);
    kp_ctx dob = f.ctx;
    dob.role = KP_ROLE_MUNICIPAL_HEAD;
    dob.municipality_id = dobele;
    dob.actor = "head-dobele";
    kp_move_in mv = {.client_id = id(c2), .effective_on = "2022-01-10", .municipality = "0025000", .reason = "moved"};
    int64_t moved = 0;
    must(kp_client_move(&dob, &mv, &e, &moved), "move");
    kp_check_report r;
    run_at(&dob, AT, &r);
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.items[i].client_id != c2);
    kp_check_report_free(&r);
    kp_ctx head = f.ctx;
    head.role = KP_ROLE_MUNICIPAL_HEAD;
    head.municipality_id = bauska;
    head.actor = "head-bauska";
    run_at(&head, AT, &r);
    size_t seen = 0;
    for (size_t i = 0; i < r.n; i++) {
        if (r.items[i].client_id != c2)
            continue;
        seen++;
        assert_int_equal(r.items[i].holder_id, dobele); /* where the person was on the check date */
        assert_true(r.items[i].client_open);
    }
    assert_int_equal(seen, 1);
    kp_check_report_free(&r);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

/* Every client a listed finding names leaves one access record; counts leave none. */
static void test_access_records(void **state)
{
    (void)state;
    /* Rolled back at the end: it reads the access log and the check writes
     * it, so both locks (kp_store_begin_both). */
    assert_int_equal(kp_store_begin_both(f.db), KP_OK);
    exec("UPDATE support_plan SET review_on = NULL WHERE client_id = ?", c1);
    exec("INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-07-15', 5, 1)", a1);
    kp_ctx head = f.ctx;
    head.role = KP_ROLE_MUNICIPAL_HEAD;
    head.municipality_id = bauska;
    head.actor = "head-for-audit";
    kp_check_report r;
    kp_check_opts counts = {.at = AT, .counts_only = true};
    assert_int_equal(kp_check_run(&head, &counts, &e, &r), KP_OK);
    kp_check_report_free(&r);
    int64_t n = 0;
    kp_sql_int(f.db, "SELECT COUNT(*) FROM access_log WHERE actor = 'head-for-audit'", NULL, 0, 0, &n);
    assert_int_equal(n, 0);
    run_at(&head, AT, &r);
    assert_int_equal(r.n, 2);
    kp_check_report_free(&r);
    kp_param p[] = {KP_PINT(c1)};
    kp_sql_int(f.db, "SELECT COUNT(*) FROM access_log WHERE actor = 'head-for-audit' AND action = 'check'"
                     " AND client_id = ? AND entity = 'client'",
               p, 1, 0, &n);
    assert_int_equal(n, 1);
    kp_sql_int(f.db, "SELECT COUNT(*) FROM access_log WHERE actor = 'head-for-audit'", NULL, 0, 0, &n);
    assert_int_equal(n, 1);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
}

/* Start pages count from a cache younger than its age; it refills after. */
static void test_cache(void **state)
{
    (void)state;
    kp_check_cache *cache = kp_check_cache_new(60);
    assert_int_equal(kp_store_begin(f.db), KP_OK);
    exec("UPDATE support_plan SET review_on = NULL WHERE client_id IN (?, (SELECT id FROM client WHERE family_name = 'Kalniņa'))",
         c1);
    kp_ctx head = f.ctx;
    head.role = KP_ROLE_MUNICIPAL_HEAD;
    head.municipality_id = bauska;
    kp_ctx region = f.ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    kp_check_report r;
    kp_check_opts o = {.counts_only = true, .cache = cache, .now = 1000};
    assert_int_equal(kp_check_run(&head, &o, &e, &r), KP_OK);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 1);
    assert_int_equal(r.per_check[index_of("plan_without_review")], 1);
    kp_check_report_free(&r);
    assert_int_equal(kp_check_run(&region, &o, &e, &r), KP_OK);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 2);
    assert_int_equal(r.ntotals, 1);
    assert_string_equal(r.totals[0].region, "ZPR");
    kp_check_report_free(&r);
    /* A third plan without review: not counted until the cache is a minute old. */
    exec("UPDATE support_plan SET review_on = NULL WHERE client_id = ?", parent);
    o.now = 1059;
    assert_int_equal(kp_check_run(&head, &o, &e, &r), KP_OK);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 1);
    kp_check_report_free(&r);
    o.now = 1060;
    assert_int_equal(kp_check_run(&head, &o, &e, &r), KP_OK);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 2);
    kp_check_report_free(&r);
    /* A date or a filter does not use the cache. */
    kp_check_opts dated = {.counts_only = true, .cache = cache, .now = 1061, .at = "2021-12-31"};
    assert_int_equal(kp_check_run(&region, &dated, &e, &r), KP_OK);
    assert_int_equal(r.severity[KP_CHECK_WARNING], 3);
    kp_check_report_free(&r);
    assert_int_equal(kp_store_rollback(f.db), KP_OK);
    kp_check_cache_free(cache);
    kp_check_cache_free(NULL);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_check_report r;
    kp_check_opts o = {.at = AT};
    assert_int_equal(kp_check_run(NULL, &o, &e, &r), KP_EINVAL);
    assert_int_equal(kp_check_run(&f.ctx, &o, NULL, &r), KP_EINVAL);
    assert_int_equal(kp_check_run(&f.ctx, &o, &e, NULL), KP_EINVAL);
    static const struct {
        kp_check_opts o;
        const char *field;
    } BAD[] = {
        {{.at = "2021-02-30"}, "at"},      {{.at = "yesterday"}, "at"},          {{.region = "XXX"}, "region"},
        {{.municipality = "9999999"}, "municipality"}, {{.check = "no_such_check"}, "check"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        e.n = 0;
        assert_int_equal(kp_check_run(&f.ctx, &BAD[i].o, &e, &r), KP_EINVAL);
        assert_true(e.n >= 1);
        assert_string_equal(e.items[0].field, BAD[i].field);
        kp_check_report_free(&r);
    }
    e.n = 0;
    /* NULL options: every check, today. */
    assert_int_equal(kp_check_run(&f.ctx, NULL, &e, &r), KP_OK);
    assert_string_equal(r.at, "2022-01-15");
    kp_check_report_free(&r);
    kp_check_report_free(NULL);
    assert_null(kp_check_find(NULL));
    assert_null(kp_check_find("nothing"));
    assert_non_null(kp_check_find("compensation_twice"));
    assert_int_equal(kp_check_report_hit(NULL, kp_check_find("compensation_twice"), NULL), KP_EINVAL);
    assert_string_equal(kp_check_severity_name(KP_CHECK_ERROR), "error");
    assert_string_equal(kp_check_severity_name((kp_check_severity)9), "unknown");
}

/* Every row keeps the table's contract: a query or a finder, ids unique,
 * texts in both languages. */
static void test_table(void **state)
{
    (void)state;
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        assert_true(kp_q_check_has_query(t[i].id) != (t[i].find != NULL));
        assert_true(t[i].title_lv[0] && t[i].title_en[0] && t[i].message_lv[0] && t[i].message_en[0] &&
                    t[i].todo_lv[0] && t[i].todo_en[0]);
        for (size_t k = 0; k < i; k++)
            assert_true(strcmp(t[i].id, t[k].id) != 0);
    }
}

static void test_format(void **state)
{
    (void)state;
    kp_check_hit h;
    memset(&h, 0, sizeof h);
    h.n[0] = 182177678;
    h.n[1] = -7;
    h.n[2] = 3;
    snprintf(h.t[0], sizeof h.t[0], "2021-11-30");
    snprintf(h.t[1], sizeof h.t[1], "Atelpas brīdis");
    char out[256];
    kp_check_format("{m1} {m2} {n3} {d1} {days1} {t2} {d4} {x} {n9} {", &h, false, "2021-12-31", out, sizeof out);
    assert_string_equal(out, "1 821 776,78 € -0,07 € 3 30.11.2021. 31 Atelpas brīdis … {x} {n9} {");
    kp_check_format("{d1}", &h, true, "2021-12-31", out, sizeof out);
    assert_string_equal(out, "2021-11-30");
    kp_check_format("{days2}", &h, true, "2021-12-31", out, sizeof out);
    assert_string_equal(out, "…");
    /* Cut without splitting a character: "Atelpas brī" + 'd' would be 12 bytes. */
    kp_check_format("{t2}", &h, true, NULL, out, 12);
    assert_string_equal(out, "Atelpas br");
    kp_check_format(NULL, &h, true, NULL, out, sizeof out);
    assert_string_equal(out, "");
    kp_check_format("{n1}", NULL, true, NULL, out, sizeof out);
    assert_string_equal(out, "");
    kp_check_format("{n1}", &h, true, NULL, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_clean_records_have_no_findings),
        cmocka_unit_test(test_compensation_twice),
        cmocka_unit_test(test_compensation_above_deliveries),
        cmocka_unit_test(test_esf_split),
        cmocka_unit_test(test_payment_requests_above_budget),
        cmocka_unit_test(test_assessment_and_plan),
        cmocka_unit_test(test_people),
        cmocka_unit_test(test_deliveries),
        cmocka_unit_test(test_course_and_services_limits),
        cmocka_unit_test(test_object_history),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_moved_person),
        cmocka_unit_test(test_access_records),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
