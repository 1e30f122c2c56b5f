/* A claim seen before it is made and verified in one action: the preview
 * shows the lines, the total and its ESF/state split without writing; a
 * submit that no longer matches the confirmed preview writes nothing; the
 * region accepts all lines but the listed exceptions, with reasons, in one
 * transaction, and a bad exception leaves every line as it was.
 *
 * The world: Jelgavas valstspilsēta (0003000, ZPR), home care granted
 * 10.10.–31.12.2021, 100 h; confirmed deliveries of 5, 2 and 3 hours on 12,
 * 13 and 14 October, and 3 hours on 5 October (before the grant: refused).
 * Unit cost of home care from 1 July 2021: 8,50 € an hour (catalogue). */
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

/* Built in the service fixture's database (fixture.h): a SQLite file, or
 * with KOPA_TEST_PG a fresh PostgreSQL database. */
typedef struct world {
    fixture f;
    kp_store *db;
    kp_ctx ctx, region, other_region, head;
    int64_t d12, d13, d14, d05;
} world;

static world w;

static int64_t one_int(const char *sql, int64_t a)
{
    int64_t v = -1;
    kp_param p[] = {KP_PINT(a)};
    assert_int_equal(kp_sql_int(w.db, sql, p, 1, -1, &v), KP_OK);
    return v;
}

static int setup(void **state)
{
    memset(&w, 0, sizeof w);
    if (fixture_open(&w.f, "claims-confirm"))
        return -1;
    w.db = w.f.db;
    w.ctx = w.f.ctx;
    w.ctx.lang = "en";
    snprintf(w.ctx.now, sizeof w.ctx.now, "2021-11-20T09:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    int64_t client = 0, assignment = 0;
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
        rc = kp_assignment_create(&w.ctx, &a, &e, &assignment);
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)assignment);
    static const struct {
        const char *on, *units;
    } D[] = {{"2021-10-12", "5"}, {"2021-10-13", "2"}, {"2021-10-14", "3"}};
    int64_t *ids[] = {&w.d12, &w.d13, &w.d14};
    for (size_t i = 0; i < 3 && !rc; i++) {
        kp_delivery_in d = {.assignment_id = aid, .delivered_on = D[i].on, .units = D[i].units, .confirmed = "1"};
        rc = kp_delivery_record(&w.ctx, &d, &e, ids[i]);
    }
    kp_param p[] = {KP_PINT(assignment)};
    if (!rc) /* before the grant, as an old import might bring it */
        rc = kp_sql_insert(w.db,
                           "INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, '2021-10-05', 3, 1)",
                           p, 1, &w.d05);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "setup: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    w.region = w.ctx;
    w.region.role = KP_ROLE_REGION;
    w.region.actor = "region-zpr";
    snprintf(w.region.region, sizeof w.region.region, "ZPR");
    w.other_region = w.region;
    w.other_region.actor = "region-kpr";
    snprintf(w.other_region.region, sizeof w.other_region.region, "KPR");
    w.head = w.ctx;
    w.head.role = KP_ROLE_MUNICIPAL_HEAD;
    w.head.actor = "head-other";
    kp_param m[] = {KP_PTEXT("0028000")}; /* Dobeles novads: not Jelgava */
    if (!rc)
        rc = kp_sql_int(w.db, "SELECT id FROM municipality WHERE atvk = ?", m, 1, 0, &w.head.municipality_id);
    *state = &w;
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    fixture_close(&w.f);
    return 0;
}

static int64_t line_of(int64_t claim, int64_t delivery)
{
    int64_t v = -1;
    kp_param p[] = {KP_PINT(claim), KP_PINT(delivery)};
    assert_int_equal(kp_sql_int(w.db, "SELECT line_no FROM claim_line WHERE claim_id = ? AND delivery_id = ?", p, 2, -1, &v),
                     KP_OK);
    return v;
}

static void line_status(int64_t claim, int64_t delivery, char *out, size_t n)
{
    kp_param p[] = {KP_PINT(claim), KP_PINT(delivery)};
    assert_int_equal(kp_sql_text(w.db, "SELECT status || ':' || reason FROM claim_line WHERE claim_id = ? AND delivery_id = ?",
                                 p, 2, out, n),
                     KP_OK);
}

static void test_preview_then_submit(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    kp_claim_preview pv;
    assert_int_equal(kp_claim_preview_get(&w.ctx, "0003000", "2021-10", &e, &pv), KP_OK);
    assert_int_equal(pv.n, 4);
    assert_int_equal(pv.claimable, 3);
    assert_int_equal(pv.refused, 1);
    assert_int_equal(pv.total, 10 * 850);  /* 5 + 2 + 3 hours × 8,50 € */
    assert_int_equal(pv.esf, 7225);        /* 85 % of 85,00 € */
    assert_int_equal(pv.state, 1275);
    assert_string_equal(pv.month, "2021-10");
    assert_string_equal(pv.region, "ZPR");
    assert_string_equal(pv.project, "9.2.2.1/15/I/001");
    /* In date order: the refused line of 5 October first, with its reason. */
    assert_int_equal(pv.lines[0].delivery_id, w.d05);
    assert_non_null(strstr(pv.lines[0].reason, "outside its assignment"));
    assert_int_equal(pv.lines[0].amount, 0);
    assert_int_equal(pv.lines[1].delivery_id, w.d12);
    assert_int_equal(pv.lines[1].units, 5);
    assert_int_equal(pv.lines[1].unit_cost, 850);
    assert_int_equal(pv.lines[1].amount, 4250);
    assert_string_equal(pv.lines[1].reason, "");
    assert_string_equal(pv.lines[1].client_name, "Jānis Bērziņš");
    assert_string_equal(pv.lines[1].service, "home_care");
    kp_claim_preview_free(&pv);
    /* Nothing was written. */
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?1", 0), 0);
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim_line WHERE ?1 = ?1", 0), 0);

    /* A preview that no longer matches (one cent less): nothing written. */
    int64_t claim = 0;
    size_t lines = 9, refused = 9;
    kp_claim_expect stale = {.lines = 3, .total = 8499};
    assert_int_equal(kp_claim_submit(&w.ctx, "0003000", "2021-10", &stale, &e, &claim, &lines, &refused), KP_ECONFLICT);
    assert_int_equal(claim, 0);
    assert_int_equal(lines, 0);
    assert_non_null(kp_errors_for(&e, "month"));
    assert_non_null(strstr(kp_errors_for(&e, "month"), "changed since the preview"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?1", 0), 0);
    kp_claim_expect fewer = {.lines = 2, .total = 8500};
    assert_int_equal(kp_claim_submit(&w.ctx, "0003000", "2021-10", &fewer, &e, &claim, &lines, &refused), KP_ECONFLICT);
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim WHERE ?1 = ?1", 0), 0);

    /* The confirmed preview: written, as previewed, with its history. */
    kp_claim_expect seen = {.lines = 3, .total = 8500};
    assert_int_equal(kp_claim_submit(&w.ctx, "0003000", "2021-10", &seen, &e, &claim, &lines, &refused), KP_OK);
    assert_true(claim > 0);
    assert_int_equal(lines, 3);
    assert_int_equal(refused, 1);
    assert_int_equal(one_int("SELECT COALESCE(SUM(amount_cents), 0) FROM claim_line WHERE claim_id = ?", claim), 8500);
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE entity = 'claim' AND entity_id = ? AND action = 'create'"
                             " AND changes LIKE '%\"total\"%85.00%'",
                             claim),
                     1);
    /* Built: a new preview of the month has only the refused line. */
    assert_int_equal(kp_claim_preview_get(&w.ctx, "0003000", "2021-10", &e, &pv), KP_OK);
    assert_int_equal(pv.n, 1);
    assert_int_equal(pv.claimable, 0);
    assert_int_equal(pv.total, 0);
    kp_claim_preview_free(&pv);
    kp_errors_free(&e);
}

static void test_accept_all_but(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    int64_t claim = one_int("SELECT MAX(id) FROM claim WHERE ?1 = ?1", 0);
    assert_true(claim > 0);
    int64_t l13 = line_of(claim, w.d13), l05 = line_of(claim, w.d05);
    char st[400];
    kp_claim_verified out;

    /* Another region's coordinator: the claim is unknown. */
    kp_claim_exception one[KP_CLAIM_EXCEPTIONS_MAX] = {{l13, "nav klienta paraksta"}};
    assert_int_equal(kp_claim_verify_all(&w.other_region, claim, one, 1, NULL, true, 3, &e, &out), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);

    /* An exception without a reason: refused next to its slot, nothing written. */
    kp_claim_exception noreason[] = {{0, NULL}, {l13, ""}};
    assert_int_equal(kp_claim_verify_all(&w.region, claim, noreason, 2, NULL, true, 3, &e, &out), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason_2"));
    assert_null(kp_errors_for(&e, "reason_1"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ? AND status = 'pending'", claim), 3);
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* The refused line cannot be an exception; a line given twice is named. */
    kp_claim_exception bad[] = {{l05, "x"}, {l13, "a"}, {l13, "b"}};
    assert_int_equal(kp_claim_verify_all(&w.region, claim, bad, 3, NULL, true, 3, &e, &out), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "reject_1"), "already decided or refused"));
    assert_null(kp_errors_for(&e, "reject_2"));
    assert_non_null(strstr(kp_errors_for(&e, "reject_3"), "given twice"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ? AND status = 'pending'", claim), 3);
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* The region saw 2 pending lines, 3 wait now: nothing is accepted. */
    assert_int_equal(kp_claim_verify_all(&w.region, claim, one, 1, NULL, true, 2, &e, &out), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "pending"));
    assert_int_equal(one_int("SELECT COUNT(*) FROM claim_line WHERE claim_id = ? AND status = 'pending'", claim), 3);
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* Nothing marked and nothing accepted: said so. */
    assert_int_equal(kp_claim_verify_all(&w.region, claim, NULL, 0, NULL, false, -1, &e, &out), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reject_1"));
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* All but 13 October: 5 + 3 hours accepted (68,00 €), one rejected. */
    assert_int_equal(kp_claim_verify_all(&w.region, claim, one, KP_CLAIM_EXCEPTIONS_MAX, NULL, true, 3, &e, &out), KP_OK);
    assert_int_equal(out.accepted, 2);
    assert_int_equal(out.rejected, 1);
    assert_int_equal(out.pending, 0);
    assert_int_equal(out.accepted_total, 6800);
    line_status(claim, w.d13, st, sizeof st);
    assert_string_equal(st, "rejected:nav klienta paraksta");
    line_status(claim, w.d12, st, sizeof st);
    assert_string_equal(st, "accepted:");
    line_status(claim, w.d05, st, sizeof st);
    assert_non_null(strstr(st, "refused:"));
    char status[16] = "";
    kp_param p[] = {KP_PINT(claim)};
    kp_sql_text(w.db, "SELECT status FROM claim WHERE id = ?", p, 1, status, sizeof status);
    assert_string_equal(status, "verified");
    /* The history: the rejection with its reason, the acceptance, the verification. */
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE entity = 'claim' AND entity_id = ? AND action = 'verify'"
                             " AND reason = 'nav klienta paraksta' AND actor = 'region-zpr'",
                             claim),
                     1);
    assert_int_equal(one_int("SELECT COUNT(*) FROM audit WHERE entity = 'claim' AND entity_id = ?"
                             " AND action = 'verify_all' AND changes LIKE '%68.00%'",
                             claim),
                     1);
    /* Nothing left: a second call finds nothing to decide. */
    assert_int_equal(kp_claim_verify_all(&w.region, claim, one, 1, NULL, true, 0, &e, &out), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reject_1"));
    kp_errors_free(&e);
}

static void test_scope_and_bad_arguments(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    kp_claim_preview pv;
    /* Another municipality's head may not preview Jelgava's claim. */
    assert_int_equal(kp_claim_preview_get(&w.head, "0003000", "2021-10", &e, &pv), KP_ENOTFOUND);
    assert_int_equal(pv.n, 0);
    assert_int_equal(kp_claim_preview_get(&w.ctx, "0003000", "2021-13", &e, &pv), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "month"));
    assert_int_equal(kp_claim_preview_get(&w.ctx, "9999999", "2021-10", &e, &pv), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "municipality"));
    assert_int_equal(kp_claim_preview_get(NULL, "0003000", "2021-10", &e, &pv), KP_EINVAL);
    assert_int_equal(kp_claim_preview_get(&w.ctx, "0003000", "2021-10", NULL, &pv), KP_EINVAL);
    assert_int_equal(kp_claim_preview_get(&w.ctx, "0003000", "2021-10", &e, NULL), KP_EINVAL);
    kp_claim_preview_free(NULL);
    int64_t id = 0;
    size_t a = 0, b = 0;
    kp_claim_expect x = {0, 0};
    assert_int_equal(kp_claim_submit(NULL, "0003000", "2021-10", &x, &e, &id, &a, &b), KP_EINVAL);
    assert_int_equal(kp_claim_submit(&w.ctx, "0003000", "2021-10", &x, &e, NULL, &a, &b), KP_EINVAL);
    assert_int_equal(kp_claim_submit(&w.head, "0003000", "2021-11", NULL, &e, &id, &a, &b), KP_ENOTFOUND);
    kp_claim_exception many[KP_CLAIM_EXCEPTIONS_MAX + 1];
    memset(many, 0, sizeof many);
    assert_int_equal(kp_claim_verify_all(NULL, 1, NULL, 0, NULL, true, -1, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_claim_verify_all(&w.region, 1, NULL, 0, NULL, true, -1, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_claim_verify_all(&w.region, 1, NULL, 2, NULL, true, -1, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_claim_verify_all(&w.region, 1, many, KP_CLAIM_EXCEPTIONS_MAX + 1, NULL, true, -1, &e, NULL),
                     KP_EINVAL);
    assert_int_equal(kp_claim_verify_all(&w.region, 999999, NULL, 0, NULL, true, -1, &e, NULL), KP_ENOTFOUND);
    /* A bad verdict for the exceptions is named. */
    int64_t claim = one_int("SELECT MAX(id) FROM claim WHERE ?1 = ?1", 0);
    kp_claim_exception one[] = {{1, "x"}};
    size_t before = e.n;
    assert_int_equal(kp_claim_verify_all(&w.region, claim, one, 1, "maybe", false, -1, &e, NULL), KP_EINVAL);
    assert_true(e.n > before);
    assert_non_null(kp_errors_for(&e, "verdict"));
    /* The head does not verify. */
    assert_int_equal(kp_claim_verify_all(&w.head, claim, NULL, 0, NULL, true, -1, &e, NULL) != KP_OK, 1);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preview_then_submit),
        cmocka_unit_test(test_accept_all_but),
        cmocka_unit_test(test_scope_and_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
