/* The DI plan editor's use cases (issue 11, item 1) on a hand-made plan:
 *
 *   object "DAC Iecava", Iecavas novads (pre-reform, ZPR), grt day_care,
 *     10 places, ERDF 100 000,00 €, state 10 000,00 €, municipality 5 000,00 €,
 *     in the plan from 01.01.2020; its facility's provider has one client
 *     assigned day care 01.01.2021–31.12.2021
 *   amendment No. 1, from 01.03.2021, decision No. 5 of 20.02.2021:
 *     places 10 → 14
 *
 * Worked out by hand: cost per place = (100 000 + 10 000 + 5 000) € / 10 =
 * 11 500,00 € before the amendment, 115 000 € / 14 = 8 214,2857… → 8 214,28 €
 * (rounded down to the cent) from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/casework/cases.h"
#include "service/programme/diplan.h"
#include "service/programme/programme.h"
#include "service/sql.h"

#define IECAVA_PRE "0406400" /* Iecavas novads before the reform (ZPR) */

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "diplan-editor"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static void show(const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++)
        fprintf(stderr, "  %s: %s\n", e->items[i].field, e->items[i].message);
}

static kp_date day(const char *iso)
{
    kp_date d = 0;
    assert_int_equal(kp_date_parse_iso(iso, &d), KP_OK);
    return d;
}

static bool has_error(const kp_errors *e, const char *field)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->items[i].field, field) == 0)
            return true;
    return false;
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static int64_t facility(fixture *f)
{
    kp_errors e;
    kp_errors_init(&e);
    int64_t pid = 0, fid = 0;
    kp_provider_in p = {.name = "Iecavas sociālais dienests", .reg_no = "90000000001", .municipality = IECAVA_PRE,
                        .registered_on = "2019-01-01"};
    assert_int_equal(kp_provider_add(&f->ctx, &p, &e, &pid), KP_OK);
    char ps[24], fs[24];
    snprintf(ps, sizeof ps, "%lld", (long long)pid);
    kp_facility_in fa = {.provider_id = ps, .name = "DAC Iecava", .address = "Rīgas iela 20, Iecava",
                         .municipality = IECAVA_PRE, .opened_on = "2019-01-01"};
    assert_int_equal(kp_facility_add(&f->ctx, &fa, &e, &fid), KP_OK);
    snprintf(fs, sizeof fs, "%lld", (long long)fid);
    kp_facility_service_in s = {.facility_id = fs, .service = "day_care", .target_group = "grt", .places = "10",
                                .valid_from = "2019-01-01"};
    assert_int_equal(kp_facility_service_add(&f->ctx, &s, &e, NULL), KP_OK);
    kp_client_in c = {.personal_code = "161175-19997", .given_name = "Anna", .family_name = "Bērziņa",
                      .birth_date = "1975-11-16", .municipality = IECAVA_PRE, .target_group = "grt",
                      .registered_on = "2020-01-02"};
    int64_t cid = 0;
    assert_int_equal(kp_client_register(&f->ctx, &c, &e, &cid), KP_OK);
    char cs[24];
    snprintf(cs, sizeof cs, "%lld", (long long)cid);
    kp_assignment_in a = {.client_id = cs, .service = "day_care", .provider_id = ps, .start_date = "2021-01-01",
                          .end_date = "2021-12-31", .units = "200", .decided_on = "2021-01-01"};
    kp_rc rc = kp_assignment_create(&f->ctx, &a, &e, NULL);
    show(&e);
    assert_int_equal(rc, KP_OK);
    kp_errors_free(&e);
    return fid;
}

static int64_t object(fixture *f)
{
    int64_t fid = facility(f);
    char fs[24];
    snprintf(fs, sizeof fs, "%lld", (long long)fid);
    kp_errors e;
    kp_errors_init(&e);
    kp_plan_object_in in = {.region = "ZPR", .municipality = IECAVA_PRE, .name = "DAC Iecava", .target_group = "grt",
                            .service = "day_care", .places = "10", .erdf = "100000.00", .status = "planned",
                            .added_on = "2020-01-01", .facility_id = fs, .address = "Rīgas iela 20, Iecava",
                            .state = "10000.00", .municipal = "5000.00", .planned_completion = "2022-06-30"};
    int64_t id = 0;
    kp_rc rc = kp_plan_object_add(&f->ctx, &in, &e, &id);
    show(&e);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static const kp_diplan_object *find(const kp_diplan *p, int64_t id)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->objects[i].id == id)
            return &p->objects[i];
    return NULL;
}

static void test_object_and_amendment_from_a_date(void **state)
{
    fixture *f = *state;
    int64_t id = object(f);
    int64_t audits = count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'plan_object' AND action = 'create'"
                              " AND effective_on = '2020-01-01'");
    assert_int_equal(audits, 1);

    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    kp_amendment_in a = {.region = "ZPR", .number = "1", .approved_on = "2021-03-01", .decision_no = "Nr. 5",
                         .decision_on = "2021-02-20", .reason = "Vairāk vietu",
                         .text = "Grozījumi Nr. 1. Iecavas novadā DAC personām ar GRT 14 vietas (iepriekš 10)."};
    kp_object_change_in c = {.object_id = oid, .field = "places", .new_value = "14"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t clients = 0, am = 0;
    /* One client has the service on 01.03.2021: not without confirmation,
     * and nothing is written. */
    assert_int_equal(kp_diplan_amend(&f->ctx, &a, &c, false, &e, &clients, &am), KP_ECONFLICT);
    assert_int_equal(clients, 1);
    assert_true(has_error(&e, "confirm"));
    assert_int_equal(am, 0);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM plan_amendment"), 0);
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_rc rc = kp_diplan_amend(&f->ctx, &a, &c, true, &e, &clients, &am);
    show(&e);
    assert_int_equal(rc, KP_OK);
    assert_true(am > 0);
    kp_errors_free(&e);
    /* The change's audit entry is effective on the amendment's date. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'plan_object' AND action = 'amend'"
                              " AND effective_on = '2021-03-01' AND changes LIKE '%\"places\"%'"),
                     1);

    kp_diplan before, after;
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2021-02-28"), 0, &before), KP_OK);
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2021-03-01"), 0, &after), KP_OK);
    const kp_diplan_object *b = find(&before, id), *x = find(&after, id);
    assert_non_null(b);
    assert_non_null(x);
    assert_int_equal(b->places, 10);
    assert_int_equal(x->places, 14);
    assert_int_equal(b->cost_per_place, 1150000);
    assert_int_equal(x->cost_per_place, 821428);
    assert_string_equal(x->address, "Rīgas iela 20, Iecava");
    assert_int_equal(x->state, 1000000);
    assert_int_equal(x->municipal, 500000);
    assert_string_equal(x->planned_completion, "2022-06-30");
    assert_int_equal(before.namendments, 0);
    assert_int_equal(after.namendments, 1);
    assert_string_equal(after.amendments[0].decision_no, "Nr. 5");
    assert_string_equal(after.amendments[0].decision_on, "2021-02-20");
    assert_string_equal(after.amendments[0].text,
                        "Grozījumi Nr. 1. Iecavas novadā DAC personām ar GRT 14 vietas (iepriekš 10).");
    assert_int_equal(after.amendments[0].nchanges, 1);
    kp_diplan_free(&before);
    kp_diplan_free(&after);

    /* The object's own view at a date and its history. */
    kp_diplan_object o;
    kp_diplan_history h;
    char region[8];
    assert_int_equal(kp_diplan_object_at(&f->ctx, id, day("2021-02-28"), &o, region, &h), KP_OK);
    assert_string_equal(region, "ZPR");
    assert_int_equal(o.places, 10);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.items[0].field, "places");
    assert_string_equal(h.items[0].old_value, "10");
    assert_string_equal(h.items[0].new_value, "14");
    assert_int_equal(h.items[0].amendment_number, 1);
    kp_diplan_history_free(&h);
    /* Before it entered the plan. */
    assert_int_equal(kp_diplan_object_at(&f->ctx, id, day("2019-12-31"), &o, NULL, NULL), KP_ENOTFOUND);

    /* What is not plan history: the actual completion, audited. */
    kp_errors_init(&e);
    kp_plan_object_edit_in ed = {.object_id = oid, .actual_completion = "2021-08-31", .effective_on = "2021-08-31",
                                 .reason = "Būvdarbi pieņemti ekspluatācijā"};
    rc = kp_plan_object_edit(&f->ctx, &ed, &e);
    show(&e);
    assert_int_equal(rc, KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_diplan_object_at(&f->ctx, id, day("2021-09-01"), &o, NULL, NULL), KP_OK);
    assert_string_equal(o.actual_completion, "2021-08-31");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE entity = 'plan_object' AND action = 'correct'"
                              " AND effective_on = '2021-08-31' AND reason = 'Būvdarbi pieņemti ekspluatācijā'"),
                     1);
}

/* A change that fails leaves no amendment behind; fields are named. */
static void test_bad_input_names_the_field(void **state)
{
    fixture *f = *state;
    int64_t id = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT MAX(id) FROM plan_object", NULL, 0, 0, &id), KP_OK);
    assert_true(id > 0);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    int64_t amendments = count(f, "SELECT COUNT(*) FROM plan_amendment");
    kp_errors e;
    kp_errors_init(&e);
    kp_amendment_in a = {.region = "ZPR", .number = "2", .approved_on = "2021-05-01", .reason = "Vietas"};
    kp_object_change_in c = {.object_id = oid, .field = "places", .new_value = "daudz"};
    assert_int_equal(kp_diplan_amend(&f->ctx, &a, &c, true, &e, NULL, NULL), KP_EINVAL);
    assert_true(has_error(&e, "new_value"));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM plan_amendment"), amendments);
    kp_errors_free(&e);

    /* The decision after the day the amendment takes effect. */
    kp_errors_init(&e);
    kp_amendment_in late = {.region = "ZPR", .number = "2", .approved_on = "2021-05-01", .reason = "Vietas",
                            .decision_on = "2021-05-02"};
    assert_int_equal(kp_amendment_add(&f->ctx, &late, &e, NULL), KP_EINVAL);
    assert_true(has_error(&e, "decision_on"));
    kp_errors_free(&e);

    /* Other money without naming its sources; a completion in the future
     * (the fixture's today is 01.09.2021). */
    kp_errors_init(&e);
    kp_plan_object_in o = {.region = "ZPR", .municipality = IECAVA_PRE, .name = "X", .target_group = "grt",
                           .service = "day_care", .status = "planned", .added_on = "2020-01-01", .other = "1.00",
                           .actual_completion = "2030-01-01", .state = "1,5"};
    assert_int_equal(kp_plan_object_add(&f->ctx, &o, &e, NULL), KP_EINVAL);
    assert_true(has_error(&e, "other_sources"));
    assert_true(has_error(&e, "actual_completion"));
    assert_true(has_error(&e, "state"));
    kp_errors_free(&e);

    /* An edit with nothing to change. */
    kp_errors_init(&e);
    kp_plan_object_edit_in ed = {.object_id = oid, .effective_on = "2021-08-31", .reason = "x"};
    assert_int_equal(kp_plan_object_edit(&f->ctx, &ed, &e), KP_EINVAL);
    assert_true(has_error(&e, "actual_completion"));
    kp_errors_free(&e);

    /* NULL arguments. */
    kp_errors_init(&e);
    kp_diplan p;
    kp_diplan_object x;
    int64_t n = 5;
    assert_int_equal(kp_plan_object_add(NULL, &o, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_plan_object_add(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_amendment_add(&f->ctx, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_amend(&f->ctx, NULL, &c, false, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_amend(&f->ctx, &a, &c, false, NULL, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_change(&f->ctx, NULL, false, &e, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_plan_object_change(NULL, &c, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_plan_object_edit(&f->ctx, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_diplan_object_clients(&f->ctx, 0, day("2021-01-01"), &n), KP_EINVAL);
    assert_int_equal(n, 0);
    assert_int_equal(kp_diplan_object_clients(&f->ctx, id, KP_DATE_NONE, &n), KP_EINVAL);
    assert_int_equal(kp_diplan_object_clients(&f->ctx, 999999, day("2021-01-01"), &n), KP_ENOTFOUND);
    assert_int_equal(kp_diplan_object_at(&f->ctx, id, KP_DATE_NONE, &x, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_object_at(NULL, id, day("2021-01-01"), &x, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_object_at(&f->ctx, 999999, day("2021-01-01"), &x, NULL, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_diplan_at(&f->ctx, "ZPR", day("2021-01-01"), 0, NULL), KP_EINVAL);
    assert_int_equal(kp_diplan_at(&f->ctx, NULL, day("2021-01-01"), 0, &p), KP_EINVAL);
    kp_errors_free(&e);
    kp_diplan_history_free(NULL);
}

/* Another region's coordinator: the object is unknown, not forbidden. */
static void test_other_region_sees_nothing(void **state)
{
    fixture *f = *state;
    int64_t id = 0;
    assert_int_equal(kp_sql_int(f->db, "SELECT MIN(id) FROM plan_object", NULL, 0, 0, &id), KP_OK);
    char oid[24];
    snprintf(oid, sizeof oid, "%lld", (long long)id);
    kp_ctx kpr = f->ctx;
    kpr.role = KP_ROLE_REGION;
    snprintf(kpr.region, sizeof kpr.region, "KPR");
    kp_diplan p;
    kp_diplan_object o;
    assert_int_equal(kp_diplan_at(&kpr, "ZPR", day("2021-06-01"), 0, &p), KP_ENOTFOUND);
    assert_int_equal(kp_diplan_object_at(&kpr, id, day("2021-06-01"), &o, NULL, NULL), KP_ENOTFOUND);
    kp_errors e;
    kp_errors_init(&e);
    kp_object_change_in c = {.object_id = oid, .field = "status", .new_value = "building",
                             .effective_on = "2021-06-01", .reason = "Būvdarbi"};
    assert_int_equal(kp_diplan_change(&kpr, &c, true, &e, NULL, NULL), KP_ENOTFOUND);
    kp_plan_object_edit_in ed = {.object_id = oid, .actual_completion = "2021-08-31", .effective_on = "2021-08-31",
                                 .reason = "x"};
    assert_int_equal(kp_plan_object_edit(&kpr, &ed, &e), KP_ENOTFOUND);
    int64_t n = 0;
    assert_int_equal(kp_diplan_object_clients(&kpr, id, day("2021-06-01"), &n), KP_ENOTFOUND);
    kp_errors_free(&e);
    /* The region's own coordinator sees it. */
    kp_ctx zpr = kpr;
    snprintf(zpr.region, sizeof zpr.region, "ZPR");
    assert_int_equal(kp_diplan_object_at(&zpr, id, day("2021-06-01"), &o, NULL, NULL), KP_OK);
    assert_int_equal(o.id, id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_and_amendment_from_a_date),
        cmocka_unit_test(test_bad_input_names_the_field),
        cmocka_unit_test(test_other_region_sees_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
