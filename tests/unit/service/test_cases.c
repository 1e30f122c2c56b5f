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
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/casework/casework.h"
#include "service/accounts/drafts.h"
#include "service/transfer/transfer.h"
#include "core/personal_code.h"
#include "service/figures/figures.h"
#include "service/programme/programme.h"
#include "service/sql.h"
#include "service/casework/commands.h"
/* The API's path: the command table, confirmed (commands.h). */
static kp_rc api_register(kp_ctx *ctx, const char *token, const kp_client_in *in, kp_errors *e, int64_t now,
                          int64_t *id_out, bool *replayed)
{
    kp_cmd_register c = {.client = *in, .confirmed = true};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(ctx, KP_CMD_REGISTER_CLIENT, &c, sizeof c, token, now, e, e, &out);
    if (id_out)
        *id_out = out.id;
    if (replayed)
        *replayed = out.repeated;
    return rc;
}


/* ATVK codes from data/municipalities.csv. */
#define BAUSKA "0025000"
#define IECAVA_PRE "0406400"
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
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)id);
    kp_code_change_in cc = {.client_id = cid, .personal_code = "323691-93794", .since = "2021-08-20",
                            .reason = "new-format code"};
    assert_int_equal(kp_client_code_change(&f->ctx, &cc, &e, NULL), KP_OK);
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
    assert_string_equal(e.items[0].message, "Atelpas brīdis: ne vairāk kā 30 diennaktis 2021. kalendārajā gadā; izmantotas 27, pieprasītas 5");
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
    /* A plan without a review date would never come due: its approval is
     * refused, naming the field. */
    int64_t v0 = 0;
    kp_plan_in p0 = {.client_id = cid, .goals = "Bez datuma", .created_on = "2021-08-10"};
    assert_int_equal(kp_plan_create(&f->ctx, &p0, &e, &v0), KP_OK);
    snprintf(pid, sizeof pid, "%lld", (long long)v0);
    kp_plan_item_in item0 = {.plan_id = pid, .service = "day_care", .volume = "40", .start_date = "2021-09-01",
                             .end_date = "2021-12-31"};
    assert_int_equal(kp_plan_add_item(&f->ctx, &item0, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&f->ctx, v0, "2021-08-11", &e), KP_EINVAL);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.items[0].field, "review_on");
    assert_non_null(strstr(e.items[0].message, "Pārskatīt līdz"));
    e.n = 0;
    assert_int_equal(kp_plan_approve(NULL, v0, "2021-08-11", &e), KP_EINVAL);
    assert_int_equal(kp_plan_approve(&f->ctx, v0, "2021-08-11", NULL), KP_EINVAL);
    kp_plan_in p1 = {.client_id = cid, .goals = "Patstāvība", .created_on = "2021-08-10", .review_on = "2022-08-01"};
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
    assert_int_equal(version, 3); /* after v0 (never approved) and v1 */
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
                          .birth_date = "1980-01-01", .municipality = "0055000", .target_group = "grt",
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
    int64_t traces = count(f, "SELECT COUNT(*) FROM audit WHERE action = 'register_duplicate_elsewhere'");
    assert_int_equal(kp_client_register(&sw, &dup, &e, NULL), KP_EINVAL);
    assert_null(strstr(kp_errors_for(&e, "personal_code"), "Nr."));
    assert_non_null(strstr(kp_errors_for(&e, "personal_code"), "pārcelšanos"));
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE action = 'register_duplicate_elsewhere'"), traces + 1);
    kp_errors_free(&e);
    /* Region coordinators and the ministry work with aggregates only. */
    kp_ctx region = f->ctx;
    region.role = KP_ROLE_REGION;
    snprintf(region.region, sizeof region.region, "ZPR");
    assert_int_equal(kp_access_client(&region, bauska_client, false), KP_ENOTFOUND);
}

/* A valid old-format code with the same birth date as `code` that nobody
 * holds (into out, ≥ 13 bytes). */
static void unused_code_like(fixture *f, const char *code, char *out)
{
    for (int serial = 234; serial < 999; serial++) {
        char digits[11];
        snprintf(digits, sizeof digits, "%.6s%c%03d", code, code[7], serial);
        int check = kp_pc_check_digit(digits);
        if (check < 0 || check > 9)
            continue;
        snprintf(out, 13, "%.6s-%s%d", digits, digits + 6, check);
        int64_t id = 0;
        if (kp_client_find_by_code(&f->ctx, out, &id) == KP_ENOTFOUND)
            return;
    }
    fail_msg("no unused code like %s", code);
}

static bool same_errors(const kp_errors *a, const kp_errors *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->items[i].field, b->items[i].field) || strcmp(a->items[i].value, b->items[i].value) ||
            strcmp(a->items[i].message, b->items[i].message) || a->items[i].line != b->items[i].line)
            return false;
    return true;
}

/* The issue: with a bad target group, the answer carried a personal-code
 * error only when the code was registered in another municipality. Now a
 * request with any invalid field gets the same answer whoever holds the
 * code, nothing is audited for it, and the duplicate check speaks only
 * once everything else is right. */
static void test_register_no_existence_oracle(void **state)
{
    fixture *f = *state;
    char nobody[13];
    unused_code_like(f, "161175-19997", nobody); /* same birth date as the Bauska client's */
    int64_t dobele = 0;
    kp_param d[] = {KP_PTEXT(DOBELE)};
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", d, 1, 0, &dobele);
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = dobele;
    sw.user_id = 77;
    sw.actor = "sw-dobele-oracle";
    /* One bad field at a time (and one out of scope). */
    static const struct {
        const char *field, *value;
    } bad[] = {{"target_group", "xyz"}, {"target_group", "ft"},  /* an adult in a children's group */
               {"given_name", ""},      {"registered_on", "2021-02-30"},
               {"birth_date", "1975-11-17"}, {"disability_group", "7"},
               {"municipality", BAUSKA}, {"representative_id", "99999999"},
               {"parents_working", "maybe"}};
    int64_t audits = count(f, "SELECT COUNT(*) FROM audit");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kp_errors ea, eb;
        kp_errors_init(&ea);
        kp_errors_init(&eb);
        kp_rc ra = 0, rb = 0;
        for (int k = 0; k < 2; k++) {
            kp_client_in in = {.personal_code = k ? nobody : "161175-19997", .given_name = "Jānis",
                               .family_name = "Ozoliņš", .birth_date = "1975-11-16", .municipality = DOBELE,
                               .target_group = "grt", .registered_on = "2021-08-01"};
            const char **slot = strcmp(bad[i].field, "target_group") == 0       ? &in.target_group
                                : strcmp(bad[i].field, "given_name") == 0       ? &in.given_name
                                : strcmp(bad[i].field, "registered_on") == 0    ? &in.registered_on
                                : strcmp(bad[i].field, "birth_date") == 0       ? &in.birth_date
                                : strcmp(bad[i].field, "disability_group") == 0 ? &in.disability_group
                                : strcmp(bad[i].field, "municipality") == 0     ? &in.municipality
                                : strcmp(bad[i].field, "representative_id") == 0 ? &in.representative_id
                                                                                 : &in.parents_working;
            *slot = bad[i].value;
            /* Directly, and behind the web form's and the API's wrappers. */
            kp_rc r1 = kp_client_register(&sw, &in, k ? &eb : &ea, NULL);
            kp_rc r2 = kp_cw_client_register(&sw, &in, "tok-oracle", 1700000000, k ? &eb : &ea, NULL, NULL);
            bool replayed = false;
            kp_rc r3 = api_register(&sw, "tok-oracle-2", &in, k ? &eb : &ea, 1700000000, NULL, &replayed);
            assert_int_equal(r1, r2);
            assert_int_equal(r1, r3);
            if (k)
                rb = r1;
            else
                ra = r1;
        }
        if (ra != rb || !same_errors(&ea, &eb))
            fail_msg("bad %s: the answer depends on whether the code is registered", bad[i].field);
        assert_true(ra == KP_EINVAL || ra == KP_EDENIED);
        assert_non_null(kp_errors_for(&ea, bad[i].field));
        assert_null(kp_errors_for(&ea, "personal_code"));
        kp_errors_free(&ea);
        kp_errors_free(&eb);
    }
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit"), audits); /* nothing learnt, nothing to audit */

    /* The same for an import row (as the operator, who sees every client). */
    char pa[600], pb[600];
    snprintf(pa, sizeof pa, "%s/oracle-a-%d.csv", KOPA_TEST_TMP, (int)getpid());
    snprintf(pb, sizeof pb, "%s/oracle-b-%d.csv", KOPA_TEST_TMP, (int)getpid());
    const char *codes[2] = {"161175-19997", nobody};
    kp_errors ie[2];
    for (int k = 0; k < 2; k++) {
        FILE *out = fopen(k ? pb : pa, "w");
        assert_non_null(out);
        fprintf(out, "personal_code,given_name,family_name,birth_date,municipality,target_group,registered_on\n"
                     "%s,Jānis,Ozoliņš,1975-11-16,%s,xyz,2021-08-01\n",
                codes[k], DOBELE);
        fclose(out);
        kp_errors_init(&ie[k]);
        assert_int_equal(kp_import_kind(&f->ctx, "clients", k ? pb : pa, &ie[k], NULL), KP_EINVAL);
        for (size_t i = 0; i < ie[k].n; i++)
            snprintf(ie[k].items[i].file, sizeof ie[k].items[i].file, "%s", "clients.csv");
    }
    assert_true(same_errors(&ie[0], &ie[1]));
    assert_null(kp_errors_for(&ie[0], "personal_code"));
    kp_errors_free(&ie[0]);
    kp_errors_free(&ie[1]);
    unlink(pa);
    unlink(pb);
}

/* A registration that finds the person in another municipality is refused
 * with how a move is recorded, audited for good (also behind a form token,
 * whose transaction is rolled back) and limited per user and day; in the
 * caller's own municipality the answer names the record. */
static void test_register_duplicate_elsewhere(void **state)
{
    fixture *f = *state;
    int64_t bauska_client = find(f, "161175-19997");
    int64_t dobele = 0, bauska = 0;
    kp_param d[] = {KP_PTEXT(DOBELE)}, b[] = {KP_PTEXT(BAUSKA)};
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", d, 1, 0, &dobele);
    kp_sql_int(f->db, "SELECT id FROM municipality WHERE atvk = ?", b, 1, 0, &bauska);
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    sw.municipality_id = dobele;
    sw.user_id = 78;
    sw.actor = "sw-dobele-limit";
    snprintf(sw.now, sizeof sw.now, "2021-10-05T08:00:00Z");
    kp_client_in in = {.personal_code = "161175-19997", .given_name = "Jānis", .family_name = "Ozoliņš",
                       .birth_date = "1975-11-16", .municipality = DOBELE, .target_group = "grt",
                       .registered_on = "2021-08-01"};
    const char *hits = "SELECT COUNT(*) FROM audit WHERE action = 'register_duplicate_elsewhere' AND actor = 'sw-dobele-limit'";
    const char *limits = "SELECT COUNT(*) FROM audit WHERE action = 'register_duplicate_limit' AND actor = 'sw-dobele-limit'";
    for (int i = 0; i < KP_REGISTER_ELSEWHERE_PER_DAY; i++) {
        kp_errors e;
        kp_errors_init(&e);
        char token[32];
        snprintf(token, sizeof token, "tok-limit-%d", i);
        kp_rc rc = i % 2 ? kp_cw_client_register(&sw, &in, token, 1700000000, &e, NULL, NULL)
                         : kp_client_register(&sw, &in, &e, NULL);
        assert_int_equal(rc, KP_EINVAL);
        assert_int_equal(e.n, 1);
        assert_non_null(strstr(kp_errors_for(&e, "personal_code"), "reģistrēt pārcelšanos"));
        assert_string_equal(e.items[0].value, ""); /* neither the code nor the holder */
        kp_errors_free(&e);
        assert_int_equal(count(f, hits), i + 1);
    }
    /* The audit records name who asked and that it was another municipality's client, never the code. */
    assert_int_equal(count(f, "SELECT COUNT(*) FROM audit WHERE actor = 'sw-dobele-limit' AND (detail LIKE '%161175%'"
                              " OR detail LIKE '%19997%')"),
                     0);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(api_register(&sw, "tok-limit-x", &in, &e, 1700000000, NULL, &(bool){false}), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "personal_code"), "ierobežojums"));
    kp_errors_free(&e);
    assert_int_equal(count(f, hits), KP_REGISTER_ELSEWHERE_PER_DAY);
    assert_int_equal(count(f, limits), 1);
    /* Registrations without such a hit go on as usual that day. */
    char nobody[13];
    unused_code_like(f, "161175-19997", nobody);
    in.personal_code = nobody;
    kp_errors_init(&e);
    int64_t id = 0;
    assert_int_equal(kp_client_register(&sw, &in, &e, &id), KP_OK);
    kp_errors_free(&e);
    /* The next day the count starts again. */
    in.personal_code = "161175-19997";
    snprintf(sw.now, sizeof sw.now, "2021-10-06T08:00:00Z");
    kp_errors_init(&e);
    assert_int_equal(kp_client_register(&sw, &in, &e, NULL), KP_EINVAL);
    assert_non_null(strstr(kp_errors_for(&e, "personal_code"), "pārcelšanos"));
    kp_errors_free(&e);
    /* In the worker's own municipality: the record it already is. */
    sw.municipality_id = bauska;
    in.municipality = BAUSKA;
    kp_errors_init(&e);
    assert_int_equal(kp_client_register(&sw, &in, &e, NULL), KP_EINVAL);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)bauska_client);
    assert_string_equal(e.items[0].value, idtext);
    assert_non_null(strstr(e.items[0].message, idtext));
    kp_errors_free(&e);
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
        cmocka_unit_test(test_register_no_existence_oracle),
        cmocka_unit_test(test_register_duplicate_elsewhere),
        cmocka_unit_test(test_rules_over_the_whole_period),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
