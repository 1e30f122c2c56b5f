/* Compensation claims: ESF/state rounding on constructed cases, a bundle
 * whose per-payment rounding differs from a flat 85 %, and refusals of lines
 * outside the assignment or already claimed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "service/casework/cases.h"
#include "service/programme/claims.h"
#include "service/programme/programme.h"
#include "service/sql.h"

static void test_split_one_cent(void **state)
{
    (void)state;
    kp_cents one = 1;
    kp_split_summary s;
    kp_claim_split_bundle(&one, 1, &s);
    assert_int_equal(s.esf, 1);
    assert_int_equal(s.state, 0);
    assert_int_equal(s.difference, 0);
}

static void test_split_esf_budget(void **state)
{
    (void)state;
    kp_cents amount = 800049750; /* 8 000 497,50 € */
    kp_split_summary s;
    kp_claim_split_bundle(&amount, 1, &s);
    assert_int_equal(s.esf, 680042288);   /* 85 % = 6 800 422,875 → ,88 half up */
    assert_int_equal(s.state, 120007462); /* 1 200 074,62 */
    assert_int_equal(s.esf + s.state, amount);
}

static void test_split_bundle_difference(void **state)
{
    (void)state;
    /* Three payments of 0,10 €: each ESF part 0,085 → 0,09, together 0,27;
     * 85 % of 0,30 is 0,255 → 0,26 rounded once. The difference is
     * reported, not hidden. */
    kp_cents amounts[] = {10, 10, 10};
    kp_split_summary s;
    kp_claim_split_bundle(amounts, 3, &s);
    assert_int_equal(s.total, 30);
    assert_int_equal(s.esf, 27);
    assert_int_equal(s.state, 3);
    assert_int_equal(s.flat_esf, 26);
    assert_int_equal(s.difference, 1);
    /* Amounts whose halves fall the other way: 7 × 0,03 € (0,0255 → 0,03). */
    kp_cents small[] = {3, 3, 3, 3, 3, 3, 3};
    kp_claim_split_bundle(small, 7, &s);
    assert_int_equal(s.esf, 21);      /* 7 × 0,03 */
    assert_int_equal(s.flat_esf, 18); /* 85 % of 0,21 = 0,1785 → 0,18 */
    assert_int_equal(s.difference, 3);
    kp_claim_split_bundle(NULL, 0, &s);
    assert_int_equal(s.total, 0);
}

/* The world is built in the service fixture's database (fixture.h): a
 * SQLite file, or with KOPA_TEST_PG a fresh PostgreSQL database. */
typedef struct world {
    fixture f;
    kp_store *db;
    kp_ctx ctx;
    int64_t assignment, good_delivery, bad_delivery;
} world;

static world w;

static int setup(void **state)
{
    memset(&w, 0, sizeof w);
    if (fixture_open(&w.f, "claims"))
        return -1;
    w.db = w.f.db;
    w.ctx = w.f.ctx;
    w.ctx.lang = "en";
    snprintf(w.ctx.now, sizeof w.ctx.now, "2021-11-20T09:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    int64_t client = 0;
    kp_project_in pj = {.number = "9.2.2.1/15/I/001", .name = "Atver sirdi Zemgalē", .region = "ZPR",
                        .start_date = "2015-07-01", .end_date = "2023-12-31", .budget = "9412350.00",
                        .esf = "8000497.43", .state = "1411852.57"};
    kp_client_in c = {.personal_code = "161175-19997", .given_name = "Jānis", .family_name = "Bērziņš",
                      .birth_date = "1975-11-16", .municipality = "0003000", .target_group = "grt",
                      .disability_group = "2", .registered_on = "2021-08-01"};
    kp_rc rc = kp_project_add(&w.ctx, &pj, &e, NULL);
    if (!rc)
        rc = kp_client_register(&w.ctx, &c, &e, &client);
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)client);
    kp_assignment_in a = {.client_id = cid, .service = "home_care", .start_date = "2021-10-10",
                          .end_date = "2021-12-31", .units = "100", .decided_on = "2021-10-01"};
    if (!rc)
        rc = kp_assignment_create(&w.ctx, &a, &e, &w.assignment);
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)w.assignment);
    kp_delivery_in d = {.assignment_id = aid, .delivered_on = "2021-10-12", .units = "5", .confirmed = "1"};
    if (!rc)
        rc = kp_delivery_record(&w.ctx, &d, &e, &w.good_delivery);
    /* A delivery before the assignment began, as an old import might bring:
     * the use case would refuse it, so it is written directly. */
    kp_param p[] = {KP_PINT(w.assignment)};
    if (!rc)
        rc = kp_sql_insert(w.db,
                           "INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-10-05', 3, 1)",
                           p, 1, &w.bad_delivery);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    *state = &w;
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&w.f);
    return 0;
}

static void test_build_verify_pay(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t claim = 0;
    size_t lines = 0, refused = 0;
    assert_int_equal(kp_claim_build(&w.ctx, "0003000", "2021-10", &e, &claim, &lines, &refused), KP_OK);
    assert_true(claim > 0);
    assert_int_equal(lines, 1);
    assert_int_equal(refused, 1);

    char reason[320] = "";
    kp_param p[] = {KP_PINT(w.bad_delivery)};
    kp_sql_text(w.db, "SELECT status || ': ' || reason FROM claim_line WHERE delivery_id = ?", p, 1, reason, sizeof reason);
    assert_non_null(strstr(reason, "refused: outside its assignment"));
    int64_t amount = 0;
    kp_param q[] = {KP_PINT(w.good_delivery)};
    kp_sql_int(w.db, "SELECT amount_cents FROM claim_line WHERE delivery_id = ?", q, 1, 0, &amount);
    assert_int_equal(amount, 5 * 850); /* 5 hours × 8,50 € valid from 2021-07-01 */

    /* Adding the refused delivery by hand is refused with the same reason. */
    assert_int_equal(kp_claim_add_delivery(&w.ctx, claim, w.bad_delivery, &e, NULL), KP_ERULE);
    assert_non_null(strstr(e.items[e.n - 1].message, "outside its assignment"));

    /* Not verified yet: cannot be paid. */
    assert_int_equal(kp_claim_pay(&w.ctx, &claim, 1, "2021-11-15", &e, NULL, NULL), KP_EINVAL);
    /* A rejection needs a reason; an unknown verdict is refused. */
    int64_t good = 0, bad = 0;
    kp_sql_int(w.db, "SELECT line_no FROM claim_line WHERE delivery_id = ?", q, 1, 0, &good);
    kp_sql_int(w.db, "SELECT line_no FROM claim_line WHERE delivery_id = ?", p, 1, 0, &bad);
    assert_int_equal(kp_claim_verify(&w.ctx, claim, good, "reject", "", &e), KP_EINVAL);
    assert_int_equal(kp_claim_verify(&w.ctx, claim, good, "maybe", NULL, &e), KP_EINVAL);
    assert_int_equal(kp_claim_verify(&w.ctx, claim, good, "accept", NULL, &e), KP_OK);
    /* The refused line cannot be verified. */
    assert_int_equal(kp_claim_verify(&w.ctx, claim, bad, "accept", NULL, &e), KP_EINVAL);

    kp_split_summary s;
    int64_t bundle = 0;
    assert_int_equal(kp_claim_pay(&w.ctx, &claim, 1, "2021-11-15", &e, &bundle, &s), KP_OK);
    assert_int_equal(s.total, 4250);
    assert_int_equal(s.esf, 3613); /* 36,125 → 36,13 */
    assert_int_equal(s.state, 637);
    int64_t paid = 0, esf = 0;
    kp_sql_int(w.db, "SELECT amount_cents FROM compensation_payment ORDER BY id DESC LIMIT 1", NULL, 0, 0, &paid);
    kp_sql_int(w.db, "SELECT esf_cents FROM compensation_payment ORDER BY id DESC LIMIT 1", NULL, 0, 0, &esf);
    assert_int_equal(paid, 4250);
    assert_int_equal(esf, 3613);

    /* Already claimed: the paid delivery cannot be claimed again, and a new
     * build finds nothing left to claim. */
    size_t before = e.n;
    assert_int_equal(kp_claim_add_delivery(&w.ctx, claim, w.good_delivery, &e, NULL), KP_ERULE);
    assert_true(e.n > before);
    assert_non_null(strstr(e.items[e.n - 1].message, "already claimed"));
    int64_t again = 0;
    assert_int_equal(kp_claim_build(&w.ctx, "0003000", "2021-10", &e, &again, &lines, &refused), KP_OK);
    assert_int_equal(lines, 0); /* only the refused delivery comes back, refused again */
    assert_int_equal(refused, 1);
    /* Paying twice is refused. */
    assert_int_equal(kp_claim_pay(&w.ctx, &claim, 1, "2021-11-16", &e, NULL, NULL), KP_EINVAL);

    kp_buf b;
    kp_buf_init(&b, 0);
    assert_int_equal(kp_claim_show(&w.ctx, claim, &b), KP_OK);
    assert_non_null(strstr(kp_buf_str(&b), "paid"));
    kp_buf_free(&b);
    kp_errors_free(&e);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    size_t a = 0, b = 0;
    assert_int_equal(kp_claim_build(&w.ctx, "0003000", "2021-13", &e, &id, &a, &b), KP_EINVAL);
    assert_int_equal(kp_claim_build(&w.ctx, "9999999", "2021-10", &e, &id, &a, &b), KP_EINVAL);
    /* Jelgavas valstspilsēta did not exist for the whole of June 2021. */
    assert_int_equal(kp_claim_build(&w.ctx, "0003000", "2021-06", &e, &id, &a, &b), KP_EINVAL);
    assert_int_equal(kp_claim_build(NULL, "0003000", "2021-10", &e, &id, &a, &b), KP_EINVAL);
    assert_int_equal(kp_claim_verify(&w.ctx, 999999, 1, "accept", NULL, &e), KP_ENOTFOUND);
    int64_t none = 999999;
    assert_int_equal(kp_claim_pay(&w.ctx, &none, 1, "2021-11-15", &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_claim_pay(&w.ctx, NULL, 0, "2021-11-15", &e, NULL, NULL), KP_EINVAL);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_split_one_cent),
        cmocka_unit_test(test_split_esf_budget),
        cmocka_unit_test(test_split_bundle_difference),
    };
    const struct CMUnitTest db[] = {
        cmocka_unit_test(test_build_verify_pay),
        cmocka_unit_test(test_bad_arguments),
    };
    int failed = cmocka_run_group_tests(pure, NULL, NULL);
    return failed + cmocka_run_group_tests(db, setup, teardown);
}
