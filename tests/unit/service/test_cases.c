/* Case-work use cases against a real database: registration and personal
 * codes, rules on assignments (with the refusal people read), deliveries,
 * plan versions, scope, and all-or-nothing writes. Expected values come from
 * the rules in ../shared/reference/latvia.md, not from running this code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>

#include "fixture.h"
#include "service/access.h"
#include "service/cases.h"
#include "service/figures.h"
#include "service/programme.h"
#include "service/sql.h"

/* ATVK codes from data/municipalities.csv. */
#define BAUSKA "0025000"
#define IECAVA_PRE "0992520"
#define DOBELE "0028000"

static int setup(void **state)
{
    static fixture f;
    if (fixture_open(&f, "cases"))
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture_close(*state);
    return 0;
}

static int64_t count(fixture *f, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(f->db, sql, NULL, 0, -1, &n), KP_OK);
    return n;
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
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "register: %s: %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static void test_register_and_find(void **state)
{
    fixture *f = *state;
    int64_t id = client(f, "161175-19997", "1975-11-16", "grt", BAUSKA, "2021-08-01");
    int64_t found = 0;
    assert_int_equal(kp_client_find_by_code(&f->ctx, "16117519997", &found), KP_OK);
    assert_int_equal(found, id);
    char code[16];
    assert_int_equal(kp_client_personal_code(&f->ctx, id, code, sizeof code), KP_OK);
    assert_string_equal(code, "161175-19997");
    /* The database holds no readable code. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM personal_code WHERE CAST(sealed AS TEXT) LIKE '%161175%'"), 0);
    assert_true(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'create' AND entity = 'client'") >= 1);
}

static void test_register_refusals(void **state)
{
    fixture *f = *state;
    int64_t before = count(f, "SELECT COUNT(*) FROM client");
    kp_errors e;
    kp_errors_init(&e);
    /* Wrong check digit (old format), birth date that disagrees, unknown
     * municipality: every field named, nothing written. */
    kp_client_in bad = {.personal_code = "161175-19996", .given_name = "", .family_name = "Liepiņš",
                        .birth_date = "1975-11-16", .municipality = "0000000", .target_group = "grt",
                        .registered_on = "2021-08-01"};
    assert_int_equal(kp_client_register(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "personal_code"));
    assert_non_null(kp_errors_for(&e, "given_name"));
    assert_non_null(kp_errors_for(&e, "municipality"));
    assert_null(strstr(e.items[0].value, "161175"));
    kp_errors_free(&e);
    /* A duplicate code, written without the hyphen. */
    kp_errors_init(&e);
    kp_client_in dup = {.personal_code = "16117519997", .given_name = "Jānis", .family_name = "Ozoliņš",
                        .birth_date = "1975-11-16", .municipality = BAUSKA, .target_group = "grt",
                        .registered_on = "2021-08-01"};
    assert_int_equal(kp_client_register(&f->ctx, &dup, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "personal_code"));
    kp_errors_free(&e);
    /* A municipality that no longer existed on the registration date. */
    kp_errors_init(&e);
    kp_client_in old = {.personal_code = "121282-11210", .given_name = "Jānis", .family_name = "Ozoliņš",
                        .birth_date = "1982-12-12", .municipality = IECAVA_PRE, .target_group = "grt",
                        .registered_on = "2021-08-01"};
    assert_int_equal(kp_client_register(&f->ctx, &old, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "municipality"));
    kp_errors_free(&e);
    assert_int_equal(count(f, "SELECT COUNT(*) FROM client"), before);
}

static void test_new_format_warning(void **state)
{
    fixture *f = *state;
    kp_client_in in = {.personal_code = "328673-00677", .given_name = "Ieva", .family_name = "Kalniņa",
                       .birth_date = "2019-04-02", .municipality = BAUSKA, .target_group = "ft",
                       .registered_on = "2021-08-02"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, &id), KP_OK);
    assert_true(id > 0);
    assert_int_equal(e.n, 1); /* the warning, not a refusal */
    assert_non_null(strstr(e.items[0].message, "kontrolcipars"));
    kp_errors_free(&e);
}

static void test_code_change_keeps_history(void **state)
{
    fixture *f = *state;
    int64_t id = client(f, "280794-12344", "1994-07-28", "grt", BAUSKA, "2021-08-03");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_client_change_code(&f->ctx, id, "323691-93794", "2021-08-20", &e), KP_OK);
    kp_errors_free(&e);
    int64_t a = 0, b = 0;
    assert_int_equal(kp_client_find_by_code(&f->ctx, "280794-12344", &a), KP_OK);
    assert_int_equal(kp_client_find_by_code(&f->ctx, "323691-93794", &b), KP_OK);
    assert_int_equal(a, id);
    assert_int_equal(b, id);
    char code[16];
    assert_int_equal(kp_client_personal_code(&f->ctx, id, code, sizeof code), KP_OK);
    assert_string_equal(code, "323691-93794");
}

static kp_rc assign(fixture *f, int64_t client_id, const char *service, const char *start, const char *end,
                    const char *units, const char *hours, kp_errors *e, int64_t *id)
{
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)client_id);
    kp_assignment_in in = {.client_id = cid, .service = service, .start_date = start, .end_date = end,
                           .units = units, .hours_per_week = hours, .decided_on = start};
    return kp_assignment_create(&f->ctx, &in, e, id);
}

static void test_respite_thirty_days_a_year(void **state)
{
    fixture *f = *state;
    int64_t child = client(f, "290156-11605", "1956-01-29", "grt", BAUSKA, "2021-08-04");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(assign(f, child, "respite", "2021-09-01", "2021-09-27", "27", NULL, &e, NULL), KP_OK);
    int64_t before = count(f, "SELECT COUNT(*) FROM assignment");
    assert_int_equal(assign(f, child, "respite", "2021-10-01", "2021-10-05", "5", NULL, &e, NULL), KP_ERULE);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].message, "Atelpas brīdis: ne vairāk kā 30 diennaktis gadā; izmantotas 27, pieprasītas 5");
    assert_int_equal(count(f, "SELECT COUNT(*) FROM assignment"), before);
    kp_errors_free(&e);
    /* Up to the limit is fine, and a new year starts afresh. */
    kp_errors_init(&e);
    assert_int_equal(assign(f, child, "respite", "2021-10-01", "2021-10-03", "3", NULL, &e, NULL), KP_OK);
    assert_int_equal(assign(f, child, "respite", "2022-01-10", "2022-01-20", "10", NULL, &e, NULL), KP_OK);
    kp_errors_free(&e);
}

static void test_child_care_hours(void **state)
{
    fixture *f = *state;
    /* Born 2018, so three years old in 2021; parents not working: 10 h a week. */
    kp_client_in in = {.personal_code = "32073120115", .given_name = "Marta", .family_name = "Zariņa",
                       .birth_date = "2018-05-05", .municipality = BAUSKA, .target_group = "ft",
                       .parents_working = "0", .registered_on = "2021-08-05"};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    assert_int_equal(kp_client_register(&f->ctx, &in, &e, &id), KP_OK);
    e.n = 0;
    assert_int_equal(assign(f, id, "care", "2021-09-01", "2021-12-31", "100", "12", &e, NULL), KP_ERULE);
    assert_non_null(kp_errors_for(&e, "hours_per_week"));
    assert_non_null(strstr(e.items[0].message, "10 stundas nedēļā"));
    e.n = 0;
    assert_int_equal(assign(f, id, "care", "2021-09-01", "2021-12-31", "100", NULL, &e, NULL), KP_EINVAL);
    e.n = 0;
    assert_int_equal(assign(f, id, "care", "2021-09-01", "2021-12-31", "100", "10", &e, NULL), KP_OK);
    /* Care is a children's service: an adult is not eligible. */
    e.n = 0;
    int64_t adult = client(f, "180565-05610", "1865-05-18", "grt", BAUSKA, "2021-08-06");
    assert_int_equal(assign(f, adult, "care", "2021-09-01", "2021-12-31", "10", "5", &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "service"));
    kp_errors_free(&e);
}

static void test_deliveries_within_assignment(void **state)
{
    fixture *f = *state;
    int64_t id = client(f, "121282-11210", "1982-12-12", "grt", BAUSKA, "2021-08-07");
    kp_errors e;
    kp_errors_init(&e);
    int64_t a = 0;
    assert_int_equal(assign(f, id, "day_care", "2021-09-01", "2021-09-30", "10", NULL, &e, &a), KP_OK);
    char aid[24];
    snprintf(aid, sizeof aid, "%lld", (long long)a);
    kp_delivery_in ok = {.assignment_id = aid, .delivered_on = "2021-09-10", .units = "8"};
    assert_int_equal(kp_delivery_record(&f->ctx, &ok, &e, NULL), KP_OK);
    kp_delivery_in too_many = {.assignment_id = aid, .delivered_on = "2021-09-11", .units = "3"};
    assert_int_equal(kp_delivery_record(&f->ctx, &too_many, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "units"));
    e.n = 0;
    kp_delivery_in outside = {.assignment_id = aid, .delivered_on = "2021-10-01", .units = "1"};
    assert_int_equal(kp_delivery_record(&f->ctx, &outside, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "delivered_on"));
    kp_errors_free(&e);
}

static int64_t find(fixture *f, const char *code)
{
    int64_t id = 0;
    assert_int_equal(kp_client_find_by_code(&f->ctx, code, &id), KP_OK);
    return id;
}

static void test_plan_versions(void **state)
{
    fixture *f = *state;
    int64_t c = find(f, "161175-19997");
    char cid[24], pid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_errors e;
    kp_errors_init(&e);
    int64_t v1 = 0, v2 = 0;
    kp_plan_in p1 = {.client_id = cid, .goals = "Patstāvība", .created_on = "2021-08-10"};
    assert_int_equal(kp_plan_create(&f->ctx, &p1, &e, &v1), KP_OK);
    /* An empty plan cannot be approved. */
    assert_int_equal(kp_plan_approve(&f->ctx, v1, "2021-08-11", &e), KP_EINVAL);
    e.n = 0;
    snprintf(pid, sizeof pid, "%lld", (long long)v1);
    kp_plan_item_in item = {.plan_id = pid, .service = "day_care", .volume = "40", .start_date = "2021-09-01",
                            .end_date = "2021-12-31"};
    assert_int_equal(kp_plan_add_item(&f->ctx, &item, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&f->ctx, v1, "2021-08-11", &e), KP_OK);
    assert_int_equal(kp_plan_create(&f->ctx, &p1, &e, &v2), KP_OK);
    snprintf(pid, sizeof pid, "%lld", (long long)v2);
    item.plan_id = pid;
    assert_int_equal(kp_plan_add_item(&f->ctx, &item, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&f->ctx, v2, "2021-08-20", &e), KP_OK);
    char status[16];
    kp_param p[] = {KP_PINT(v1)};
    kp_sql_text(f->db, "SELECT status FROM support_plan WHERE id = ?", p, 1, status, sizeof status);
    assert_string_equal(status, "superseded");
    kp_param q[] = {KP_PINT(v2)};
    int64_t version = 0;
    kp_sql_int(f->db, "SELECT version FROM support_plan WHERE id = ?", q, 1, 0, &version);
    assert_int_equal(version, 2);
    /* Approving it twice is refused. */
    assert_int_equal(kp_plan_approve(&f->ctx, v2, "2021-08-21", &e), KP_EINVAL);
    kp_errors_free(&e);
}

static void test_scope(void **state)
{
    fixture *f = *state;
    int64_t bauska_client = find(f, "161175-19997");
    int64_t bauska = 0, dobele = 0, iecava = 0;
    kp_param b[] = {KP_PTEXT(BAUSKA)}, d[] = {KP_PTEXT(DOBELE)}, i[] = {KP_PTEXT(IECAVA_PRE)};
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", b, 1, 0, &bauska);
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", d, 1, 0, &dobele);
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", i, 1, 0, &iecava);
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = dobele;
    /* Outside the scope: not found, so existence does not leak. */
    assert_int_equal(kp_access_client(&sw, bauska_client, false), KP_ENOTFOUND);
    int64_t found = 0;
    assert_int_equal(kp_client_find_by_code(&sw, "161175-19997", &found), KP_ENOTFOUND);
    sw.municipality_id = bauska;
    assert_int_equal(kp_access_client(&sw, bauska_client, false), KP_OK);
    /* Records made under Iecavas novads before the reform belong to Bauskas novads now. */
    assert_int_equal(kp_access_municipality(&sw, iecava, false), KP_OK);
    /* Aggregate-only roles see no client. */
    kp_ctx ministry = f->ctx;
    ministry.role = KP_ROLE_MINISTRY;
    assert_int_equal(kp_access_client(&ministry, bauska_client, false), KP_ENOTFOUND);
    /* A provider sees only clients referred to it. */
    kp_ctx provider = f->ctx;
    provider.role = KP_ROLE_PROVIDER;
    provider.provider_id = 424242;
    assert_int_equal(kp_access_client(&provider, bauska_client, false), KP_ENOTFOUND);
}

static void test_money_split_and_one_value_a_year(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_project_in pr = {.number = "9.2.2.1/15/I/099", .name = "Tests", .region = "ZPR", .start_date = "2016-01-01",
                        .end_date = "2023-12-31", .budget = "100.00", .esf = "85.00", .state = "15.00"};
    assert_int_equal(kp_project_add(&f->ctx, &pr, &e, NULL), KP_OK);
    int64_t id = 0;
    kp_compensation_in cent = {.project = "9.2.2.1/15/I/099", .municipality = BAUSKA, .period_start = "2021-08-01",
                               .period_end = "2021-08-31", .paid_on = "2021-09-20", .amount = "0.01"};
    assert_int_equal(kp_compensation_add(&f->ctx, &cent, &e, &id), KP_OK);
    kp_param p[] = {KP_PINT(id)};
    int64_t esf = -1, state_part = -1;
    kp_sql_int(f->db, "SELECT esf_cents FROM compensation_payment WHERE id = ?", p, 1, -1, &esf);
    kp_sql_int(f->db, "SELECT state_cents FROM compensation_payment WHERE id = ?", p, 1, -1, &state_part);
    assert_int_equal(esf, 1);
    assert_int_equal(state_part, 0);
    /* A split that is not the per-payment rounding is refused. */
    kp_compensation_in wrong = cent;
    wrong.amount = "8000497.50";
    wrong.esf = "6800422.87";
    assert_int_equal(kp_compensation_add(&f->ctx, &wrong, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "esf"));
    e.n = 0;
    wrong.esf = "6800422.88";
    wrong.state = "1200074.62";
    assert_int_equal(kp_compensation_add(&f->ctx, &wrong, &e, NULL), KP_OK);
    /* Thousands separators are refused with a message, never guessed. */
    kp_compensation_in comma = cent;
    comma.amount = "156,584,49";
    assert_int_equal(kp_compensation_add(&f->ctx, &comma, &e, NULL), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "amount"), "156584.49"));
    e.n = 0;
    kp_indicator_in ind = {.region = "ZPR", .key = "test_staff", .kind = "di_plan", .name_lv = "Speciālisti",
                           .name_en = "Specialists", .source = "entered", .entered_by_role = "municipal_head",
                           .target = "10"};
    int64_t ind_id = 0;
    assert_int_equal(kp_indicator_add(&f->ctx, &ind, &e, &ind_id), KP_OK);
    char iid[24];
    snprintf(iid, sizeof iid, "%lld", (long long)ind_id);
    kp_indicator_value_in v = {.indicator_id = iid, .period_year = "2021", .value = "7", .entered_by = "Test",
                               .entered_on = "2022-01-31"};
    assert_int_equal(kp_indicator_value_add(&f->ctx, &v, &e, NULL), KP_OK);
    v.value = "8";
    assert_int_equal(kp_indicator_value_add(&f->ctx, &v, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "period_year"));
    kp_errors_free(&e);
}

static void test_residence_one_place_at_a_time(void **state)
{
    fixture *f = *state;
    int64_t c = find(f, "121282-11210");
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)c);
    kp_errors e;
    kp_errors_init(&e);
    kp_residence_in vsac = {.client_id = cid, .kind = "vsac", .start_date = "2010-01-01", .end_date = "2019-05-31"};
    kp_residence_in home = {.client_id = cid, .kind = "own_home", .start_date = "2019-06-01"};
    kp_residence_in overlap = {.client_id = cid, .kind = "group_home", .start_date = "2019-05-01", .end_date = "2019-07-01"};
    assert_int_equal(kp_residence_add(&f->ctx, &vsac, &e, NULL), KP_OK);
    assert_int_equal(kp_residence_add(&f->ctx, &home, &e, NULL), KP_OK);
    assert_int_equal(kp_residence_add(&f->ctx, &overlap, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "start_date"));
    kp_errors_free(&e);
}

static int64_t figure(const kp_figures *f, const char *section, const char *municipality, const char *item)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->items[i].section, section) && !strcmp(f->items[i].municipality, municipality) &&
            !strcmp(f->items[i].item, item))
            return f->items[i].value;
    return -1;
}

/* Varakļānu novads merged into Madonas novads with effect from 30.06.2024:
 * a record made there counts under Varakļāni before and Madona after. */
static void test_rollup_across_2024_merger(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_client_in other = {.personal_code = "010180-10000", .given_name = "Uldis", .family_name = "Vanags",
                          .birth_date = "1980-01-01", .municipality = "0054000", .target_group = "grt",
                          .registered_on = "2022-01-10"};
    kp_errors_init(&e);
    assert_int_equal(kp_client_register(&f->ctx, &other, &e, NULL), KP_OK);
    kp_errors_free(&e);
    kp_figures before, after;
    kp_date d2023, d2025;
    kp_date_parse_iso("2023-01-01", &d2023);
    kp_date_parse_iso("2025-01-01", &d2025);
    assert_int_equal(kp_figures_compute(&f->ctx, "VPR", d2023, &before), KP_OK);
    assert_int_equal(kp_figures_compute(&f->ctx, "VPR", d2025, &after), KP_OK);
    assert_int_equal(figure(&before, "context", "Varakļānu novads", "grt_adults_living"), 1);
    assert_int_equal(figure(&before, "context", "Madonas novads", "grt_adults_living"), 0);
    assert_int_equal(figure(&after, "context", "Varakļānu novads", "grt_adults_living"), -1); /* no longer reported */
    assert_int_equal(figure(&after, "context", "Madonas novads", "grt_adults_living"), 1);
    kp_figures_free(&before);
    kp_figures_free(&after);
}

/* Out-of-scope requests learn nothing: the scope check comes before any
 * check that reads the record (review finding: birth dates leaked through
 * "assessment before birth" messages). */
static void test_scope_before_validation(void **state)
{
    fixture *f = *state;
    int64_t bauska_client = find(f, "161175-19997");
    int64_t dobele = 0;
    kp_param d[] = {KP_PTEXT(DOBELE)};
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", d, 1, 0, &dobele);
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = dobele;
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)bauska_client);
    kp_errors e;
    kp_errors_init(&e);
    kp_assessment_in a = {.client_id = cid, .round = "1", .assessed_on = "1900-01-01", .place = "family"};
    assert_int_equal(kp_assessment_record(&sw, &a, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    kp_assignment_in as = {.client_id = cid, .service = "care", .start_date = "2021-09-01", .end_date = "2021-09-30",
                           .units = "10", .hours_per_week = "5", .decided_on = "2021-09-01"};
    assert_int_equal(kp_assignment_create(&sw, &as, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    /* A nonexistent client answers exactly the same. */
    a.client_id = "99999999";
    assert_int_equal(kp_assessment_record(&sw, &a, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    /* Registering someone else's client's code: a neutral refusal, and a trace. */
    kp_client_in dup = {.personal_code = "161175-19997", .given_name = "Jānis", .family_name = "Ozoliņš",
                        .birth_date = "1975-11-16", .municipality = DOBELE, .target_group = "grt",
                        .registered_on = "2021-08-01"};
    int64_t traces = count(f, "SELECT COUNT(*) FROM audit WHERE action = 'register_refused_duplicate'");
    assert_int_equal(kp_client_register(&sw, &dup, &e, NULL), KP_EINVAL);
    assert_null(strstr(kp_errors_for(&e, "personal_code"), "meklējiet"));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'register_refused_duplicate'"), traces + 1);
    kp_errors_free(&e);
    /* Region coordinators and the ministry work with aggregates only. */
    kp_ctx region = f->ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    assert_int_equal(kp_access_client(&region, bauska_client, false), KP_ENOTFOUND);
}

/* The yearly respite limit cannot be stepped round by an assignment that
 * runs into the next year, and a child who turns five during a care
 * assignment falls under the stricter weekly limit. */
static void test_rules_over_the_whole_period(void **state)
{
    fixture *f = *state;
    int64_t c = find(f, "121282-11210");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(assign(f, c, "respite", "2023-12-02", "2024-01-31", "30", NULL, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "end_date"));
    kp_errors_free(&e);
    /* Born 2019-03-07 with working parents: 50 h a week until the fifth
     * birthday on 2024-03-07, then 10. */
    kp_client_in kid = {.personal_code = "070319-20005", .given_name = "Roberts", .family_name = "Siliņš",
                        .birth_date = "2019-03-07", .municipality = BAUSKA, .target_group = "ft",
                        .parents_working = "1", .registered_on = "2021-08-09"};
    int64_t id = 0;
    kp_errors_init(&e);
    assert_int_equal(kp_client_register(&f->ctx, &kid, &e, &id), KP_OK);
    e.n = 0;
    assert_int_equal(assign(f, id, "care", "2023-06-01", "2023-12-31", "1000", "50", &e, NULL), KP_OK);
    assert_int_equal(assign(f, id, "care", "2024-01-01", "2024-12-31", "1000", "40", &e, NULL), KP_ERULE);
    assert_non_null(strstr(kp_errors_for(&e, "hours_per_week"), "10 stundas"));
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_and_find),
        cmocka_unit_test(test_register_refusals),
        cmocka_unit_test(test_new_format_warning),
        cmocka_unit_test(test_code_change_keeps_history),
        cmocka_unit_test(test_respite_thirty_days_a_year),
        cmocka_unit_test(test_child_care_hours),
        cmocka_unit_test(test_deliveries_within_assignment),
        cmocka_unit_test(test_plan_versions),
        cmocka_unit_test(test_scope),
        cmocka_unit_test(test_money_split_and_one_value_a_year),
        cmocka_unit_test(test_residence_one_place_at_a_time),
        cmocka_unit_test(test_rollup_across_2024_merger),
        cmocka_unit_test(test_scope_before_validation),
        cmocka_unit_test(test_rules_over_the_whole_period),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
