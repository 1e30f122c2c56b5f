/* Services over time (services.h) on hand-made records: an assignment's
 * status on every boundary day, a suspension during an epidemic that
 * refuses deliveries, an early end, a cancellation that leaves past figures
 * as they were, plan status and ending, rules counted per course, per
 * calendar year and across a year boundary. Every expected value is worked
 * out by hand from the dates below and from data/service_rules.csv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/casework/cases.h"
#include "service/casework/services.h"
#include "service/figures/figures.h"
#include "service/sql.h"
#include "service/transfer/transfer.h"
#include "core/personal_code.h"

#define IECAVA_PRE "0406400" /* Iecavas novads before the reform (ZPR) */
#define KULDIGA "0033000"    /* Kuldīgas novads from 2021-07-01 (KPR) */

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "services"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void show(const kp_errors *e, const char *what)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "%s: %s: %s\n", what, e->items[i].field, e->items[i].message);
}

static int64_t client(fixture *f, const char *code, const char *birth, const char *tg, const char *muni,
                      const char *registered)
{
    kp_client_in in = {.personal_code = code, .given_name = "Anna", .family_name = "Bērziņa", .birth_date = birth,
                       .municipality = muni, .target_group = tg, .registered_on = registered};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_client_register(&f->ctx, &in, &e, &id);
    show(&e, "register");
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static kp_rc assign(fixture *f, int64_t cl, const char *service, const char *start, const char *end,
                    const char *units, kp_errors *e, int64_t *id)
{
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)cl);
    kp_assignment_in in = {.client_id = cid, .service = service, .start_date = start, .end_date = end,
                           .units = units, .decided_on = start};
    return kp_assignment_create(&f->ctx, &in, e, id);
}

static int64_t assign_ok(fixture *f, int64_t cl, const char *service, const char *start, const char *end,
                         const char *units)
{
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = assign(f, cl, service, start, end, units, &e, &id);
    show(&e, "assign");
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static kp_rc deliver(fixture *f, int64_t asg, const char *on, const char *units, kp_errors *e)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)asg);
    kp_delivery_in in = {.assignment_id = aid, .delivered_on = on, .units = units};
    return kp_delivery_record(&f->ctx, &in, e, NULL);
}

static void deliver_ok(fixture *f, int64_t asg, const char *on, const char *units)
{
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = deliver(f, asg, on, units, &e);
    show(&e, "deliver");
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
}

static const char *status(fixture *f, int64_t asg, const char *on)
{
    kp_assignment_status s = 0;
    assert_int_equal(kp_assignment_status_on(&f->ctx, asg, on, &s), KP_OK);
    return kp_assignment_status_name(s);
}

static void expect_status(fixture *f, int64_t asg, const char *on, const char *want)
{
    const char *got = status(f, asg, on);
    if (strcmp(got, want) != 0)
        fail_msg("assignment %lld on %s: %s, expected %s", (long long)asg, on, got, want);
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

/* Day care 15.01.2020–31.12.2020, stopped from 13.03.2020 to 31.05.2020
 * (seed 003: services were stopped during COVID-19). */
static void test_suspension_during_epidemic(void **state)
{
    fixture *f = *state;
    int64_t c = client(f, "161175-19997", "1975-11-16", "grt", IECAVA_PRE, "2020-01-02");
    int64_t a = assign_ok(f, c, "day_care", "2020-01-15", "2020-12-31", "200");
    deliver_ok(f, a, "2020-02-03", "1");
    kp_errors e;
    kp_errors_init(&e);
    int64_t sid = 0;
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2020-03-13", "2020-05-31", "COVID-19: pakalpojumi apturēti",
                                           &e, &sid),
                     KP_OK);
    assert_true(sid > 0);
    /* Every boundary day. */
    expect_status(f, a, "2020-01-14", "planned");
    expect_status(f, a, "2020-01-15", "in_force");
    expect_status(f, a, "2020-03-12", "in_force");
    expect_status(f, a, "2020-03-13", "suspended");
    expect_status(f, a, "2020-04-01", "suspended");
    expect_status(f, a, "2020-05-31", "suspended");
    expect_status(f, a, "2020-06-01", "in_force");
    expect_status(f, a, "2020-12-31", "in_force");
    expect_status(f, a, "2021-01-01", "ended");

    /* A delivery on 01.04.2020 is refused, saying why, on the date. */
    assert_int_equal(deliver(f, a, "2020-04-01", "1", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "delivered_on");
    assert_string_equal(e.items[0].message,
                        "piešķīrums ir apturēts no 13.03.2020. līdz 31.05.2020. (COVID-19: pakalpojumi apturēti): "
                        "apturēšanas laikā pakalpojumus neieraksta");
    kp_errors_free(&e);
    kp_errors_init(&e);
    deliver_ok(f, a, "2020-06-01", "1");

    /* A second suspension may not overlap the first, nor cover a delivery. */
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2020-05-01", "2020-06-10", "x", &e, NULL), KP_EINVAL);
    assert_string_equal(e.items[0].field, "suspended_from");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2020-06-01", "", "x", &e, NULL), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "suspended_from");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Outside the assignment, or without a reason. */
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2021-01-01", "", "x", &e, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2020-07-01", "2020-07-02", "", &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason"));
    kp_errors_free(&e);
    kp_errors_init(&e);

    /* An open suspension lasts until it is lifted; lifted on 15.08.2020 it
     * ends on 14.08.2020. */
    int64_t open = 0;
    assert_int_equal(kp_assignment_suspend(&f->ctx, a, "2020-08-01", NULL, "remonts", &e, &open), KP_OK);
    expect_status(f, a, "2020-12-31", "suspended");
    assert_int_equal(kp_assignment_resume(&f->ctx, open, "2020-07-31", "x", &e), KP_EINVAL); /* before it */
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_resume(&f->ctx, open, "2020-08-15", "remonts pabeigts", &e), KP_OK);
    expect_status(f, a, "2020-08-14", "suspended");
    expect_status(f, a, "2020-08-15", "in_force");
    /* Lifting the epidemic one on its first day withdraws it. */
    assert_int_equal(kp_assignment_resume(&f->ctx, sid, "2020-03-13", "ievadīts kļūdaini", &e), KP_OK);
    expect_status(f, a, "2020-04-01", "in_force");
    assert_int_equal(kp_assignment_resume(&f->ctx, sid, "2020-03-14", "x", &e), KP_ENOTFOUND); /* gone */
    /* Each event is in the history with its date and reason. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'assignment' AND action IN"
                              " ('suspend', 'resume', 'withdraw_suspension') AND reason <> '' AND effective_on IS NOT NULL"),
                     4);
    kp_errors_free(&e);
}

/* Ended early on 31.10.2020 instead of 31.12.2020. */
static void test_end_early(void **state)
{
    fixture *f = *state;
    int64_t c = client(f, "121282-11210", "1982-12-12", "grt", IECAVA_PRE, "2020-01-02");
    int64_t a = assign_ok(f, c, "day_care", "2020-01-15", "2020-12-31", "200");
    deliver_ok(f, a, "2020-11-02", "1");
    kp_errors e;
    kp_errors_init(&e);
    /* Not before the last delivery. */
    assert_int_equal(kp_assignment_end(&f->ctx, a, "2020-10-31", "mērķi sasniegti", &e), KP_EINVAL);
    assert_string_equal(e.items[0].message, "sniegtie pakalpojumi ir ierakstīti līdz 02.11.2020.: beigām jābūt ne agrāk");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_end(&f->ctx, a, "2020-11-02", "mērķi sasniegti", &e), KP_OK);
    expect_status(f, a, "2020-11-02", "in_force");
    expect_status(f, a, "2020-11-03", "ended");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM assignment WHERE granted_end_date = '2020-12-31'"
                              " AND end_date = '2020-11-02'"),
                     1);
    /* A delivery after the new end is outside the assignment. */
    assert_int_equal(deliver(f, a, "2020-11-10", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "delivered_on");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Only earlier, never before the start, never after the end. */
    assert_int_equal(kp_assignment_end(&f->ctx, a, "2020-12-01", "x", &e), KP_EINVAL);
    assert_int_equal(kp_assignment_end(&f->ctx, a, "2020-01-14", "x", &e), KP_EINVAL);
    kp_errors_free(&e);
}

/* Cancelled from 01.09.2020 after deliveries in February: a report at a date
 * before the cancellation is the same before and after it is recorded, and
 * deliveries made while it held still count; one cancelled from its start
 * never counts. */
static void test_cancel_and_figures(void **state)
{
    fixture *f = *state;
    kp_date mid = kp_date_from_ymd(2020, 6, 30), end = kp_date_from_ymd(2020, 12, 31);
    int64_t before_mid = 0, before_end = 0;
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", mid, &before_mid), KP_OK);
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", end, &before_end), KP_OK);

    int64_t c = client(f, "280794-12344", "1994-07-28", "grt", IECAVA_PRE, "2020-01-02");
    int64_t a = assign_ok(f, c, "day_care", "2020-02-01", "2020-12-31", "100");
    deliver_ok(f, a, "2020-02-03", "1");
    int64_t at_mid = 0;
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", mid, &at_mid), KP_OK);
    assert_int_equal(at_mid, before_mid + 1);

    kp_errors e;
    kp_errors_init(&e);
    /* Not from a day with a delivery (or before it), not after the end. */
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "2020-02-03", "x", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "cancelled_from");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "2021-01-01", "x", &e), KP_EINVAL);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "2020-09-01", "lēmums atcelts: klients atteicās", &e), KP_OK);
    expect_status(f, a, "2020-08-31", "in_force");
    expect_status(f, a, "2020-09-01", "cancelled");
    expect_status(f, a, "2021-06-01", "cancelled");
    expect_status(f, a, "2020-01-31", "planned");
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "2020-10-01", "x", &e), KP_EINVAL); /* already */
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(deliver(f, a, "2020-09-02", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].message, "piešķīrums ir atcelts no 01.09.2020. (lēmums atcelts: klients atteicās): "
                                            "no šīs dienas pakalpojumus neieraksta");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* The report at 30.06.2020 is unchanged; at 31.12.2020 the February
     * delivery still counts (it was made while the decision held). */
    int64_t v = 0;
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", mid, &v), KP_OK);
    assert_int_equal(v, before_mid + 1);
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", end, &v), KP_OK);
    assert_int_equal(v, before_end + 1);

    /* Cancelled from its first day (no deliveries): never held. */
    int64_t c2 = client(f, "290156-11605", "1956-01-29", "grt", IECAVA_PRE, "2020-01-02");
    int64_t b = assign_ok(f, c2, "day_care", "2020-03-01", "2020-12-31", "100");
    assert_int_equal(kp_assignment_cancel(&f->ctx, b, "2020-03-01", "kļūdains lēmums", &e), KP_OK);
    expect_status(f, b, "2020-02-29", "planned");
    expect_status(f, b, "2020-03-01", "cancelled");
    /* A delivery on a void assignment (as one cancelled before migration 12
     * may hold) never counts. */
    assert_int_equal(kp_sql_exec(f->db, "INSERT INTO delivery(assignment_id, delivered_on, units) VALUES (?, '2020-03-02', 1)",
                                 (kp_param[]){KP_PINT(b)}, 1),
                     KP_OK);
    assert_int_equal(kp_indicator_compute(&f->ctx, "grt_receiving_esf_services", "ZPR", end, &v), KP_OK);
    assert_int_equal(v, before_end + 1);
    kp_errors_free(&e);
}

/* "Services provided" counts each person once, under the service of their
 * first ESF-funded delivery in the project: a delivery on a void assignment
 * (cancelled from its first day) does not count, and of two first
 * deliveries on one day the assignment made first (lower id) wins. */
static int64_t provided(fixture *f, const char *service, kp_date at)
{
    kp_figures figs;
    assert_int_equal(kp_figures_compute(&f->ctx, "ZPR", at, &figs), KP_OK);
    int64_t n = 0;
    for (size_t i = 0; i < figs.n; i++)
        if (!strcmp(figs.items[i].section, "services_provided") && !strcmp(figs.items[i].target_group, "grt") &&
            !strcmp(figs.items[i].item, service))
            n += figs.items[i].value;
    kp_figures_free(&figs);
    return n;
}

static void test_first_delivery_service(void **state)
{
    fixture *f = *state;
    kp_date end = kp_date_from_ymd(2020, 12, 31);
    int64_t day0 = provided(f, "day_care", end), work0 = provided(f, "workshop", end),
            resp0 = provided(f, "respite", end);

    /* Void respite delivered 02.03, workshop 10.04, day care 06.04: day care. */
    int64_t c = client(f, "110385-10406", "1985-03-11", "grt", IECAVA_PRE, "2020-01-02");
    int64_t v = assign_ok(f, c, "respite", "2020-03-01", "2020-12-31", "10");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_cancel(&f->ctx, v, "2020-03-01", "kļūdains lēmums", &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_sql_exec(f->db, "INSERT INTO delivery(assignment_id, delivered_on, units) VALUES (?, '2020-03-02', 1)",
                                 (kp_param[]){KP_PINT(v)}, 1),
                     KP_OK);
    deliver_ok(f, assign_ok(f, c, "workshop", "2020-04-01", "2020-12-31", "100"), "2020-04-10", "1");
    deliver_ok(f, assign_ok(f, c, "day_care", "2020-04-01", "2020-12-31", "100"), "2020-04-06", "1");
    assert_int_equal(provided(f, "day_care", end), day0 + 1);
    assert_int_equal(provided(f, "workshop", end), work0);
    assert_int_equal(provided(f, "respite", end), resp0);

    /* Both first delivered on 04.05.2020: the workshop, assigned first. */
    int64_t c2 = client(f, "020477-11408", "1977-04-02", "grt", IECAVA_PRE, "2020-01-02");
    int64_t w = assign_ok(f, c2, "workshop", "2020-05-01", "2020-12-31", "100");
    int64_t d = assign_ok(f, c2, "day_care", "2020-05-01", "2020-12-31", "100");
    deliver_ok(f, d, "2020-05-04", "1");
    deliver_ok(f, w, "2020-05-04", "1");
    deliver_ok(f, d, "2020-05-05", "1");
    assert_int_equal(provided(f, "day_care", end), day0 + 1);
    assert_int_equal(provided(f, "workshop", end), work0 + 1);
}

/* Plan versions over time and ending a plan. */
static void test_plan_status_and_end(void **state)
{
    fixture *f = *state;
    int64_t c = client(f, "323691-93794", "1956-01-29", "grt", IECAVA_PRE, "2020-01-02");
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_errors e;
    kp_errors_init(&e);
    int64_t v1 = 0, v2 = 0;
    kp_plan_in p1 = {.client_id = cid, .created_on = "2020-01-05", .review_on = "2020-12-01"};
    assert_int_equal(kp_plan_create(&f->ctx, &p1, &e, &v1), KP_OK);
    char pid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)v1);
    kp_plan_item_in it = {.plan_id = pid, .service = "day_care", .volume = "100", .start_date = "2020-01-10",
                          .end_date = "2020-12-31"};
    assert_int_equal(kp_plan_add_item(&f->ctx, &it, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&f->ctx, v1, "2020-01-10", &e), KP_OK);
    kp_plan_in p2 = {.client_id = cid, .created_on = "2020-05-20", .review_on = "2021-05-01"};
    assert_int_equal(kp_plan_create(&f->ctx, &p2, &e, &v2), KP_OK);
    snprintf(pid, sizeof pid, "%lld", (long long)v2);
    it.plan_id = pid;
    assert_int_equal(kp_plan_add_item(&f->ctx, &it, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&f->ctx, v2, "2020-06-01", &e), KP_OK);
    show(&e, "plan");

    kp_plan_status s;
    assert_int_equal(kp_plan_status_on(&f->ctx, v1, "2020-01-04", &s), KP_ENOTFOUND); /* not made yet */
    assert_int_equal(kp_plan_status_on(&f->ctx, v1, "2020-01-05", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_DRAFT);
    assert_int_equal(kp_plan_status_on(&f->ctx, v1, "2020-01-10", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_APPROVED);
    assert_int_equal(kp_plan_status_on(&f->ctx, v1, "2020-05-31", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_APPROVED);
    assert_int_equal(kp_plan_status_on(&f->ctx, v1, "2020-06-01", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_SUPERSEDED);
    assert_int_equal(kp_plan_status_on(&f->ctx, v2, "2020-05-31", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_DRAFT);

    /* Only the approved one can end; not before its approval; with a reason. */
    assert_int_equal(kp_plan_end(&f->ctx, v1, "2021-01-01", "x", &e), KP_EINVAL);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_plan_end(&f->ctx, v2, "2020-05-31", "x", &e), KP_EINVAL);
    assert_int_equal(kp_plan_end(&f->ctx, v2, "2021-01-01", "", &e), KP_EINVAL);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_plan_end(&f->ctx, v2, "2021-01-01", "pārcēlās uz citu novadu", &e), KP_OK);
    assert_int_equal(kp_plan_status_on(&f->ctx, v2, "2020-12-31", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_APPROVED);
    assert_int_equal(kp_plan_status_on(&f->ctx, v2, "2021-01-01", &s), KP_OK);
    assert_int_equal(s, KP_PLAN_ENDED);
    assert_int_equal(kp_plan_end(&f->ctx, v2, "2021-02-01", "x", &e), KP_EINVAL); /* already */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'support_plan' AND action = 'end'"
                              " AND effective_on = '2021-01-01' AND reason = 'pārcēlās uz citu novadu'"),
                     1);
    kp_errors_free(&e);
}

/* Kurzeme: 10 sessions of each kind — per course (data/service_rules.csv
 * row 6), then, for a region whose rule counts a calendar year, per year. */
static void test_sessions_per_course_and_per_year(void **state)
{
    fixture *f = *state;
    int64_t child = client(f, "328673-00679", "2012-05-04", "ft", KULDIGA, "2021-08-01");
    kp_errors e;
    kp_errors_init(&e);
    /* A course of 11 sessions is over the limit. */
    assert_int_equal(assign(f, child, "montessori", "2022-01-10", "2022-03-31", "11", &e, NULL), KP_ERULE);
    assert_string_equal(e.items[0].field, "units");
    assert_string_equal(e.items[0].message, "Sociālā rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam "
                                            "vienā kursā; izmantotas 0, pieprasītas 11");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Two courses of 10 in one year: each is its own course. */
    int64_t a1 = assign_ok(f, child, "montessori", "2022-01-10", "2022-03-31", "10");
    assign_ok(f, child, "montessori", "2022-04-01", "2022-06-30", "10");
    /* Deliveries count within the course too: the 10 of a1 fit, no 11th. */
    for (int d = 1; d <= 10; d++) {
        char day[11];
        snprintf(day, sizeof day, "2022-02-%02d", d);
        deliver_ok(f, a1, day, "1");
    }
    /* Per calendar year the same request is refused: 20 used in 2022. */
    assert_int_equal(kp_sql_exec(f->db, "UPDATE service_rule SET period = 'calendar_year' WHERE id = 6", NULL, 0), KP_OK);
    assert_int_equal(assign(f, child, "montessori", "2022-07-01", "2022-07-31", "1", &e, NULL), KP_ERULE);
    assert_string_equal(e.items[0].message, "Sociālā rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam "
                                            "2022. kalendārajā gadā; izmantotas 20, pieprasīta 1");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* … and allowed in the next year. */
    assign_ok(f, child, "montessori", "2023-01-10", "2023-03-31", "10");
    /* Over the whole time (the old behaviour) 30 are used. */
    assert_int_equal(kp_sql_exec(f->db, "UPDATE service_rule SET period = 'lifetime' WHERE id = 6", NULL, 0), KP_OK);
    assert_int_equal(assign(f, child, "montessori", "2024-01-10", "2024-03-31", "1", &e, NULL), KP_ERULE);
    assert_string_equal(e.items[0].message, "Sociālā rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam "
                                            "visā laikā; izmantotas 30, pieprasīta 1");
    kp_errors_free(&e);
    assert_int_equal(kp_sql_exec(f->db, "UPDATE service_rule SET period = 'course' WHERE id = 6", NULL, 0), KP_OK);
}

/* Respite: 30 days in a calendar year (row 1), across the year boundary;
 * a cancelled assignment uses what was delivered. */
static void test_respite_across_year_boundary(void **state)
{
    fixture *f = *state;
    int64_t c = client(f, "180565-05610", "1865-05-18", "grt", KULDIGA, "2021-08-01");
    int64_t dec = assign_ok(f, c, "respite", "2021-12-01", "2021-12-25", "25");
    kp_errors e;
    kp_errors_init(&e);
    /* Ten more in December 2021: 35 > 30. */
    assert_int_equal(assign(f, c, "respite", "2021-12-26", "2021-12-31", "10", &e, NULL), KP_ERULE);
    assert_string_equal(e.items[0].message,
                        "Atelpas brīdis: ne vairāk kā 30 diennaktis 2021. kalendārajā gadā; izmantotas 25, pieprasītas 10");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Across the boundary it must be split at 31 December. */
    assert_int_equal(assign(f, c, "respite", "2021-12-28", "2022-01-05", "5", &e, NULL), KP_EINVAL);
    assert_string_equal(e.items[0].field, "end_date");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* January 2022 starts a new year: 30 fit. */
    int64_t jan = assign_ok(f, c, "respite", "2022-01-01", "2022-01-30", "30");
    /* English, with the period named. */
    f->ctx.lang = "en";
    assert_int_equal(assign(f, c, "respite", "2022-02-01", "2022-02-01", "1", &e, NULL), KP_ERULE);
    assert_string_equal(e.items[0].message, "Respite: at most 30 days in calendar year 2022; used 30, requested 1");
    f->ctx.lang = "lv";
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* The December one cancelled from 11.12 after 10 days delivered uses 10:
     * 20 more fit in December, 21 do not. */
    deliver_ok(f, dec, "2021-12-01", "10");
    assert_int_equal(kp_assignment_cancel(&f->ctx, dec, "2021-12-11", "klients slimnīcā", &e), KP_OK);
    assert_int_equal(assign(f, c, "respite", "2021-12-12", "2021-12-31", "21", &e, NULL), KP_ERULE);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assign_ok(f, c, "respite", "2021-12-12", "2021-12-31", "20");
    /* Deliveries above the yearly rule are refused too (naming the year):
     * 30 granted in January, delivered 30, then a day on another one. */
    deliver_ok(f, jan, "2022-01-01", "30");
    int64_t mar = 0;
    assert_int_equal(kp_sql_insert(f->db,
                                   "INSERT INTO assignment(client_id, service_code, start_date, end_date, units, decided_on)"
                                   " VALUES (?, 'respite', '2022-03-01', '2022-03-31', 5, '2022-02-20')",
                                   (kp_param[]){KP_PINT(c)}, 1, &mar),
                     KP_OK);
    assert_int_equal(deliver(f, mar, "2022-03-02", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "units");
    assert_string_equal(e.items[0].message,
                        "Atelpas brīdis: ne vairāk kā 30 diennaktis 2022. kalendārajā gadā; izmantotas 30, pieprasīta 1");
    kp_errors_free(&e);
}


/* A valid old-format personal code for birth date DDMMYY (first serial
 * whose check digit is a digit). */
static void code_for(const char ddmmyy[7], char out[13])
{
    for (int serial = 100; serial < 1000; serial++) {
        char d10[11];
        snprintf(d10, sizeof d10, "%s1%03d", ddmmyy, serial);
        int check = kp_pc_check_digit(d10);
        if (check < 0 || check > 9)
            continue;
        snprintf(out, 13, "%.6s-%.4s%d", d10, d10 + 6, check);
        kp_pc pc;
        if (kp_pc_parse(out, &pc) == KP_OK && !pc.warning)
            return;
    }
    fail_msg("no valid code for %s", ddmmyy);
}

static kp_rc batch_deliver(fixture *f, kp_delivery_batch *b, const char *id, int64_t asg, const char *on,
                           const char *units, kp_errors *e)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)asg);
    kp_delivery_in in = {.id = id, .assignment_id = aid, .delivered_on = on, .units = units};
    return kp_delivery_batch_record(&f->ctx, b, &in, e, NULL);
}

/* Deliveries recorded as a batch (an import) answer as kp_delivery_record
 * does, with the units delivered counted on across the batch's rows, and
 * leave no audit record per row. */
static void test_delivery_batch(void **state)
{
    fixture *f = *state;
    char code[13], code2[13];
    code_for("150390", code);
    code_for("020170", code2);
    int64_t c = client(f, code, "1990-03-15", "grt", KULDIGA, "2021-08-01");
    int64_t c2 = client(f, code2, "1970-01-02", "grt", KULDIGA, "2021-08-01");
    int64_t day = assign_ok(f, c, "day_care", "2022-01-01", "2022-12-31", "10");
    int64_t home = assign_ok(f, c, "home_care", "2022-01-01", "2022-12-31", "100");
    int64_t jan = assign_ok(f, c2, "respite", "2022-01-01", "2022-01-30", "30");
    int64_t mar = 0;
    assert_int_equal(kp_sql_insert(f->db,
                                   "INSERT INTO assignment(client_id, service_code, start_date, end_date, units, decided_on)"
                                   " VALUES (?, 'respite', '2022-03-01', '2022-03-31', 5, '2022-02-20')",
                                   (kp_param[]){KP_PINT(c2)}, 1, &mar),
                     KP_OK);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_suspend(&f->ctx, day, "2022-03-13", "2022-05-31", "epidēmija", &e, NULL), KP_OK);
    int64_t audits = count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'delivery'");
    int64_t deliveries = count(f, "SELECT COUNT(*) FROM delivery");

    /* Bad arguments, and outside a writing transaction. */
    assert_null(kp_delivery_batch_new(NULL));
    kp_delivery_batch *b = kp_delivery_batch_new(&f->ctx);
    kp_delivery_in in = {.assignment_id = "1", .delivered_on = "2022-01-03", .units = "1"};
    assert_int_equal(kp_delivery_batch_record(NULL, b, &in, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_delivery_batch_record(&f->ctx, NULL, &in, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_delivery_batch_record(&f->ctx, b, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_delivery_batch_record(&f->ctx, b, &in, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_delivery_batch_record(&f->ctx, b, &in, &e, NULL), KP_ESTATE);
    assert_int_equal(e.n, 0);
    kp_delivery_batch_free(NULL);

    assert_int_equal(kp_store_begin(f->db), KP_OK);
    /* 4 + 4 of 10 granted; a third 4 would make 12. */
    assert_int_equal(batch_deliver(f, b, "", day, "2022-01-03", "4", &e), KP_OK);
    assert_int_equal(batch_deliver(f, b, "", day, "2022-01-04", "4", &e), KP_OK);
    assert_int_equal(batch_deliver(f, b, "", day, "2022-01-05", "4", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "units");
    assert_string_equal(e.items[0].message, "pārsniedz piešķirto apjomu: piešķirtas 10, sniegtas 8, ierakstāt 4");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Outside the period; during the suspension; after it, in force again. */
    assert_int_equal(batch_deliver(f, b, "", day, "2023-01-02", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "delivered_on");
    assert_string_equal(e.items[0].message,
                        "datums ir ārpus piešķīruma perioda (01.01.2022.–31.12.2022.): izvēlieties datumu šajā periodā");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(batch_deliver(f, b, "", day, "2022-04-01", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "delivered_on");
    assert_string_equal(e.items[0].message, "piešķīrums ir apturēts no 13.03.2022. līdz 31.05.2022. (epidēmija):"
                                            " apturēšanas laikā pakalpojumus neieraksta");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(batch_deliver(f, b, "", day, "2022-06-01", "1", &e), KP_OK);
    /* The yearly respite rule counts what the batch itself recorded: 30 in
     * January, then one day in March is the 31st of 2022. */
    assert_int_equal(batch_deliver(f, b, "", jan, "2022-01-10", "30", &e), KP_OK);
    assert_int_equal(batch_deliver(f, b, "", mar, "2022-03-02", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].field, "units");
    assert_string_equal(e.items[0].message,
                        "Atelpas brīdis: ne vairāk kā 30 diennaktis 2022. kalendārajā gadā; izmantotas 30, pieprasīta 1");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* An id given twice: the second is refused on "id". */
    assert_int_equal(batch_deliver(f, b, "900001", day, "2022-06-02", "1", &e), KP_OK);
    assert_int_equal(batch_deliver(f, b, "900001", home, "2022-06-03", "1", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "id");
    assert_string_equal(e.items[0].message, "šāds numurs jau ir aizņemts");
    kp_errors_free(&e);
    kp_errors_init(&e);
    /* Bad values name their fields; an unknown assignment answers like one
     * out of scope, with nothing to say. */
    assert_int_equal(batch_deliver(f, b, "", day, "2022-02-30", "0", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "delivered_on"));
    assert_non_null(kp_errors_for(&e, "units"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(batch_deliver(f, b, "", 987654, "2022-06-02", "1", &e), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    /* 8 units were delivered, and 1, and 1 (day care 10 of 10 now): one more is refused. */
    assert_int_equal(batch_deliver(f, b, "", day, "2022-06-04", "1", &e), KP_EINVAL);
    assert_string_equal(e.items[0].message, "pārsniedz piešķirto apjomu: piešķirtas 10, sniegtas 10, ierakstāt 1");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_delivery_batch_flush(&f->ctx, b, &e), KP_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(kp_store_commit(f->db), KP_OK);
    kp_delivery_batch_free(b);
    /* Five rows stored (4, 4, 1, 30, 1), none with an audit record of its own. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery") - deliveries, 5);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(units), 0) FROM delivery WHERE assignment_id = %lld", (long long)day);
    assert_int_equal(count(f, sql), 10);
    snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(units), 0) FROM delivery WHERE assignment_id IN (%lld, %lld)",
             (long long)mar, (long long)home);
    assert_int_equal(count(f, sql), 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'delivery'"), audits);
}

/* Scope: another municipality's worker sees none of it; provider staff read
 * only; unknown records answer as out of scope. */
static void test_scope_and_bad_arguments(void **state)
{
    fixture *f = *state;
    int64_t c = client(f, "311299-11115", "1999-12-31", "grt", IECAVA_PRE, "2020-01-02");
    int64_t a = assign_ok(f, c, "day_care", "2020-02-01", "2020-12-31", "100");
    kp_errors e;
    kp_errors_init(&e);
    kp_assignment_status s;
    kp_plan_status ps;
    kp_ctx other = f->ctx;
    other.role = KP_ROLE_SOCIAL_WORKER;
    int64_t dobele = 0;
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = '0028000'", NULL, 0, 0, &dobele);
    other.municipality_id = dobele;
    assert_int_equal(kp_assignment_status_on(&other, a, NULL, &s), KP_ENOTFOUND);
    assert_int_equal(kp_assignment_cancel(&other, a, "2020-03-01", "x", &e), KP_ENOTFOUND);
    assert_int_equal(kp_assignment_suspend(&other, a, "2020-03-01", NULL, "x", &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_assignment_end(&other, a, "2020-03-01", "x", &e), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    kp_ctx prov = f->ctx;
    prov.role = KP_ROLE_PROVIDER;
    prov.provider_id = 999;
    assert_int_equal(kp_assignment_cancel(&prov, a, "2020-03-01", "x", &e), KP_ENOTFOUND);
    assert_int_equal(kp_assignment_status_on(&f->ctx, 999999, NULL, &s), KP_ENOTFOUND);
    assert_int_equal(kp_assignment_resume(&f->ctx, 999999, "2020-03-01", "x", &e), KP_ENOTFOUND);
    assert_int_equal(kp_plan_end(&f->ctx, 999999, "2020-03-01", "x", &e), KP_ENOTFOUND);
    assert_int_equal(kp_plan_status_on(&f->ctx, 999999, NULL, &ps), KP_ENOTFOUND);

    /* Bad arguments. */
    assert_int_equal(kp_assignment_status_on(NULL, a, NULL, &s), KP_EINVAL);
    assert_int_equal(kp_assignment_status_on(&f->ctx, a, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_status_on(&f->ctx, a, "2020-02-30", &s), KP_EINVAL);
    assert_int_equal(kp_assignment_status_on(&f->ctx, a, "31.12.2020", &s), KP_EINVAL);
    assert_int_equal(kp_assignment_cancel(NULL, a, "2020-03-01", "x", &e), KP_EINVAL);
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "2020-03-01", "x", NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_suspend(NULL, a, "2020-03-01", NULL, "x", &e, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_resume(NULL, 1, "2020-03-01", "x", &e), KP_EINVAL);
    assert_int_equal(kp_assignment_end(&f->ctx, a, "2020-03-01", "x", NULL), KP_EINVAL);
    assert_int_equal(kp_plan_end(NULL, 1, "2020-03-01", "x", &e), KP_EINVAL);
    assert_int_equal(kp_plan_status_on(&f->ctx, 1, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_suspensions(NULL, a, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_view_load(&f->ctx, a, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_assignment_change_import(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_plan_ending_import(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    /* Nonsense dates and an unknown action, named by field. */
    assert_int_equal(kp_assignment_cancel(&f->ctx, a, "vakar", "x", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "cancelled_from"));
    kp_assignment_change_in ch = {.assignment_id = "1", .action = "delete", .reason = "x"};
    assert_int_equal(kp_assignment_change_import(&f->ctx, &ch, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "action"));
    kp_assignment_change_in missing = {.assignment_id = "987654", .action = "cancel", .from_date = "2020-01-01",
                                       .reason = "x"};
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_assignment_change_import(&f->ctx, &missing, &e, NULL), KP_EINVAL);
    assert_string_equal(e.items[0].field, "assignment_id");
    assert_string_equal(e.items[0].message, "nav tāda ieraksta: pārbaudiet numuru");
    /* Names and labels. */
    assert_null(kp_assignment_status_name((kp_assignment_status)0));
    assert_null(kp_assignment_status_name((kp_assignment_status)6));
    assert_int_equal(kp_assignment_status_parse(NULL, &s), KP_EINVAL);
    assert_int_equal(kp_assignment_status_parse("active", &s), KP_EINVAL);
    assert_int_equal(kp_assignment_status_parse("suspended", &s), KP_OK);
    assert_int_equal(s, KP_ASG_SUSPENDED);
    assert_string_equal(kp_assignment_status_label(&f->ctx, KP_ASG_IN_FORCE), "spēkā");
    assert_string_equal(kp_assignment_status_label(&f->ctx, KP_ASG_ENDED), "beidzies");
    assert_string_equal(kp_assignment_status_label(NULL, (kp_assignment_status)9), "");
    assert_null(kp_plan_status_name((kp_plan_status)0));
    assert_string_equal(kp_plan_status_name(KP_PLAN_ENDED), "ended");
    kp_errors_free(&e);
}

/* An import of deliveries reads each row's assignment itself, so the
 * database's own look-up of it (SQLite's foreign-key check) is left out for
 * the import: a row naming no assignment is still refused on its line with
 * nothing written, and afterwards the connection checks references again. */
static void test_delivery_import_references(void **state)
{
    fixture *f = *state;
    char code[13];
    code_for("110580", code);
    int64_t c = client(f, code, "1980-05-11", "grt", KULDIGA, "2021-08-01");
    int64_t day = assign_ok(f, c, "day_care", "2022-01-01", "2022-12-31", "10");
    int64_t before = count(f, "SELECT COUNT(*) FROM delivery");
    char path[512];
    snprintf(path, sizeof path, "%s/services-%d-deliveries.csv", KOPA_TEST_TMP, (int)getpid());
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,assignment_id,delivered_on,units,confirmed\n,%lld,2022-01-03,1,1\n,987654,2022-01-04,1,1\n",
            (long long)day);
    fclose(fp);
    kp_errors e;
    kp_errors_init(&e);
    size_t rows = 0;
    assert_int_equal(kp_import_kind(&f->ctx, "deliveries", path, &e, &rows), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.items[0].line, 3);
    assert_string_equal(e.items[0].field, "assignment_id");
    assert_string_equal(e.items[0].message, "nav tāda ieraksta: pārbaudiet numuru");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before);
    kp_errors_free(&e);

    fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,assignment_id,delivered_on,units,confirmed\n,%lld,2022-01-03,2,1\n", (long long)day);
    fclose(fp);
    kp_errors_init(&e);
    assert_int_equal(kp_import_kind(&f->ctx, "deliveries", path, &e, &rows), KP_OK);
    assert_int_equal(rows, 1);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before + 1);
    unlink(path);

    /* Written directly, a delivery of no assignment is refused again. */
    int64_t id = 0;
    assert_int_equal(kp_sql_insert(f->db,
                                   "INSERT INTO delivery(assignment_id, delivered_on, units, confirmed)"
                                   " VALUES (987654, '2022-01-05', 1, 0)",
                                   NULL, 0, &id),
                     KP_ECONFLICT);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before + 1);
}

/* Writes a deliveries file of n rows for assignment asg, one unit each on
 * days from 2022-02-01, ids first_id, first_id + 1, … (none when 0), but
 * the row on line bad_line (0: none) has id bad_id. */
/* A rule of sessions per service in a calendar year counts the rows that
 * wait in the batch's queue: 6 Montessori rows and 6 pool rows wait, then a
 * second Montessori assignment takes 4 more (10 of 10) and its 5th is
 * refused, none of them stored yet (the test fails when the waiting rows of
 * the service are not counted). The pool's rows go in too: a row the
 * batch's count would refuse is judged again by kp_delivery_record, so an
 * over-count could only slow a batch down, never refuse a row. */
static void test_delivery_batch_sessions(void **state)
{
    fixture *f = *state;
    /* A code of the new kind (no birth date in it) that parses cleanly. */
    char code[13] = "";
    for (int serial = 100; serial < 1000 && !code[0]; serial++) {
        char d10[11];
        snprintf(d10, sizeof d10, "3286741%03d", serial);
        int check = kp_pc_check_digit(d10);
        if (check < 0 || check > 9)
            continue;
        snprintf(code, sizeof code, "%.6s-%.4s%d", d10, d10 + 6, check);
        kp_pc pc;
        if (kp_pc_parse(code, &pc) != KP_OK || pc.warning)
            code[0] = '\0';
    }
    assert_true(code[0]);
    int64_t child = client(f, code, "2014-06-15", "ft", KULDIGA, "2021-08-01");
    assert_int_equal(kp_sql_exec(f->db, "UPDATE service_rule SET period = 'calendar_year' WHERE id = 6", NULL, 0), KP_OK);
    int64_t mon1 = assign_ok(f, child, "montessori", "2022-01-10", "2022-03-31", "10");
    int64_t pool = assign_ok(f, child, "adapted_pool", "2022-01-10", "2022-03-31", "10");
    int64_t mon2 = 0; /* past the yearly limit when assigned: written directly */
    assert_int_equal(kp_sql_insert(f->db,
                                   "INSERT INTO assignment(client_id, service_code, start_date, end_date, units, decided_on)"
                                   " VALUES (?, 'montessori', '2022-04-01', '2022-06-30', 10, '2022-03-20')",
                                   (kp_param[]){KP_PINT(child)}, 1, &mon2),
                     KP_OK);
    int64_t deliveries = count(f, "SELECT COUNT(*) FROM delivery");
    kp_delivery_batch *b = kp_delivery_batch_new(&f->ctx);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_store_begin(f->db), KP_OK);
    char day[11];
    for (int d = 1; d <= 6; d++) {
        snprintf(day, sizeof day, "2022-02-%02d", d);
        assert_int_equal(batch_deliver(f, b, "", mon1, day, "1", &e), KP_OK);
        assert_int_equal(batch_deliver(f, b, "", pool, day, "1", &e), KP_OK);
    }
    for (int d = 1; d <= 4; d++) {
        snprintf(day, sizeof day, "2022-05-%02d", d);
        assert_int_equal(batch_deliver(f, b, "", mon2, day, "1", &e), KP_OK);
    }
    assert_int_equal(e.n, 0);
    assert_int_equal(batch_deliver(f, b, "", mon2, "2022-05-05", "1", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "units");
    assert_string_equal(e.items[0].message, "Sociālā rehabilitācija: ne vairāk kā 10 nodarbības vienam pakalpojumam "
                                            "2022. kalendārajā gadā; izmantotas 10, pieprasīta 1");
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_delivery_batch_flush(&f->ctx, b, &e), KP_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery") - deliveries, 16);
    kp_store_rollback(f->db);
    kp_delivery_batch_free(b);
    kp_errors_free(&e);
    assert_int_equal(kp_sql_exec(f->db, "UPDATE service_rule SET period = 'course' WHERE id = 6", NULL, 0), KP_OK);
}

static void deliveries_file(const char *path, int64_t asg, int n, int64_t first_id, long bad_line, int64_t bad_id)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp, "id,assignment_id,delivered_on,units,confirmed\n");
    for (int i = 0; i < n; i++) {
        long line = i + 2;
        int64_t id = line == bad_line ? bad_id : first_id ? first_id + i : 0;
        if (id)
            fprintf(fp, "%lld", (long long)id);
        fprintf(fp, ",%lld,2022-02-%02d,1,0\n", (long long)asg, 1 + i % 28);
    }
    fclose(fp);
}

/* The file is refused with one error: on `line`, for `field`, in these
 * words (any, when NULL). */
static void import_refused(fixture *f, const char *path, long line, const char *field, const char *message)
{
    kp_errors e;
    kp_errors_init(&e);
    size_t rows = 0;
    assert_int_equal(kp_import_kind(&f->ctx, "deliveries", path, &e, &rows), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.items[0].line, line);
    assert_string_equal(e.items[0].field, field);
    if (message)
        assert_string_equal(e.items[0].message, message);
    kp_errors_free(&e);
}

/* Rows of an import wait to go in many at a time (one insert of up to 128
 * rows): a waiting row whose id is in use is still refused on its own line,
 * with kp_delivery_record's words, and nothing of the file is written; the
 * same file without it goes in whole, past the size of one insert. */
static void test_delivery_import_waiting_rows(void **state)
{
    fixture *f = *state;
    char code[13];
    code_for("120681", code);
    int64_t c = client(f, code, "1981-06-12", "grt", KULDIGA, "2021-08-01");
    int64_t day = assign_ok(f, c, "day_care", "2022-01-01", "2022-12-31", "400");
    int64_t taken = 0;
    assert_int_equal(kp_sql_insert(f->db,
                                   "INSERT INTO delivery(id, assignment_id, delivered_on, units, confirmed)"
                                   " VALUES (905000, ?, '2022-01-02', 1, 0)",
                                   (kp_param[]){KP_PINT(day)}, 1, &taken),
                     KP_OK);
    int64_t before = count(f, "SELECT COUNT(*) FROM delivery");
    char path[512];
    snprintf(path, sizeof path, "%s/services-%d-waiting.csv", KOPA_TEST_TMP, (int)getpid());
    /* 150 rows; the one on line 140 has the id of the delivery stored before. */
    deliveries_file(path, day, 150, 910001, 140, 905000);
    import_refused(f, path, 140, "id", "šāds numurs jau ir aizņemts");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before);

    /* The id in use inside the first full insert (line 50 of 150): the rows
     * before it that the insert kept (SQLite) are not judged again, which
     * would refuse each of them as an id in use: one refusal, on line 50. */
    deliveries_file(path, day, 150, 910001, 50, 905000);
    import_refused(f, path, 50, "id", "šāds numurs jau ir aizņemts");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before);

    /* An id twice among the waiting rows (lines 5 and 9): the second is refused on line 9. */
    deliveries_file(path, day, 20, 910001, 9, 910004);
    import_refused(f, path, 9, "id", NULL);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before);

    kp_errors e;
    size_t rows = 0;
    /* The same 150 rows with their own ids, then 140 numbered by the database. */
    deliveries_file(path, day, 150, 910001, 0, 0);
    kp_errors_init(&e);
    assert_int_equal(kp_import_kind(&f->ctx, "deliveries", path, &e, &rows), KP_OK);
    assert_int_equal(rows, 150);
    assert_int_equal(e.n, 0);
    deliveries_file(path, day, 140, 0, 0, 0);
    assert_int_equal(kp_import_kind(&f->ctx, "deliveries", path, &e, &rows), KP_OK);
    assert_int_equal(rows, 140);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
    unlink(path);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery"), before + 290);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM delivery WHERE id BETWEEN 910001 AND 910150"), 150);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COALESCE(SUM(units), 0) FROM delivery WHERE assignment_id = %lld", (long long)day);
    assert_int_equal(count(f, sql), 1 + 150 + 140);
    /* 291 of 400 granted: a file of 110 more is refused on its 110th row (line 111). */
    deliveries_file(path, day, 110, 0, 0, 0);
    import_refused(f, path, 111, "units", "pārsniedz piešķirto apjomu: piešķirtas 400, sniegtas 400, ierakstāt 1");
    unlink(path);
    assert_int_equal(count(f, sql), 291);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suspension_during_epidemic),
        cmocka_unit_test(test_end_early),
        cmocka_unit_test(test_cancel_and_figures),
        cmocka_unit_test(test_first_delivery_service),
        cmocka_unit_test(test_plan_status_and_end),
        cmocka_unit_test(test_sessions_per_course_and_per_year),
        cmocka_unit_test(test_respite_across_year_boundary),
        cmocka_unit_test(test_scope_and_bad_arguments),
        cmocka_unit_test(test_delivery_batch),
        cmocka_unit_test(test_delivery_batch_sessions),
        cmocka_unit_test(test_delivery_import_references),
        cmocka_unit_test(test_delivery_import_waiting_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
