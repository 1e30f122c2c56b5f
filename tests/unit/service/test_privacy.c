/* Data-protection rights over hand-made records: the subject export holds
 * every record made for the client (counted per kind) and nothing of
 * another client; a restricted record refuses every change and still reads
 * (audited), lifting is audited; retention's dry run writes nothing and its
 * apply pseudonymises exactly the cases its rule names; the configuration's
 * bad values name file, line and column; bad arguments of every call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fixture.h"
#include "core/personal_code.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/contacts.h"
#include "service/casework/people.h"
#include "service/casework/queries.h"
#include "service/privacy/privacy.h"
#include "service/sql.h"

#define BAUSKA "0400200" /* Bauskas novads before the 2021 reform */

static fixture F;
static kp_privacy_config CFG;

static int setup(void **state)
{
    if (fixture_open(&F, "privacy"))
        return -1;
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_privacy_config_load(KOPA_DEFAULT_DATA_DIR, &CFG, &e);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "config: %s:%ld %s %s\n", e.items[i].file, e.items[i].line, e.items[i].field,
                e.items[i].message);
    kp_errors_free(&e);
    *state = &F;
    return rc ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_privacy_config_free(&CFG);
    fixture_close(&F);
    return 0;
}

static void code_for(int n, char out[16])
{
    for (int k = n;; k++) {
        char d[16];
        snprintf(d, sizeof d, "32%08d", k % 100000000);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9) {
            snprintf(out, 16, "%.6s-%.4s%d", d, d + 6, c);
            return;
        }
    }
}

static int64_t q(const char *sql, int64_t id)
{
    int64_t n = -1;
    kp_param p[] = {KP_PINT(id)};
    assert_int_equal(kp_sql_int(F.db, sql, p, strchr(sql, '?') ? 1 : 0, -1, &n), KP_OK);
    return n;
}

static int64_t reg(int n, const char *given, const char *family, const char *on)
{
    char code[16];
    code_for(n, code);
    kp_client_in in = {.personal_code = code, .given_name = given, .family_name = family,
                       .birth_date = "1970-05-05", .municipality = BAUSKA, .target_group = "grt",
                       .disability_group = "2", .registered_on = on};
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_client_register(&F.ctx, &in, &e, &id);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "reg: %s %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
    return id;
}

static char *idtext(int64_t id)
{
    static char buf[4][24];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%lld", (long long)id);
    return buf[k];
}

/* One of each kind of record for a client: a residence, an assessment with
 * two needs, a plan with two services, an assignment with three
 * deliveries, two contacts and a legal basis. */
static void fill(int64_t c, const char *note)
{
    kp_errors e;
    kp_errors_init(&e);
    kp_residence_in res = {.client_id = idtext(c), .kind = "family", .start_date = "2020-02-01"};
    assert_int_equal(kp_residence_add(&F.ctx, &res, &e, NULL), KP_OK);
    kp_assessment_in as = {.client_id = idtext(c), .round = "1", .assessed_on = "2020-03-01", .place = "family",
                           .assessor = "Eksperte", .needs = "day_care|home_care"};
    assert_int_equal(kp_assessment_record(&F.ctx, &as, &e, NULL), KP_OK);
    int64_t plan = 0;
    kp_plan_in pl = {.client_id = idtext(c), .goals = note, .review_on = "2021-12-01", .created_on = "2021-01-10"};
    assert_int_equal(kp_plan_create(&F.ctx, &pl, &e, &plan), KP_OK);
    kp_plan_item_in i1 = {.plan_id = idtext(plan), .service = "day_care", .volume = "40", .start_date = "2021-02-01",
                          .end_date = "2021-12-31", .goal = note};
    kp_plan_item_in i2 = {.plan_id = idtext(plan), .service = "home_care", .volume = "10",
                          .start_date = "2021-02-01", .end_date = "2021-12-31"};
    assert_int_equal(kp_plan_add_item(&F.ctx, &i1, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_add_item(&F.ctx, &i2, &e, NULL), KP_OK);
    assert_int_equal(kp_plan_approve(&F.ctx, plan, "2021-01-20", &e), KP_OK);
    int64_t asg = 0;
    kp_assignment_in a = {.client_id = idtext(c), .service = "day_care", .start_date = "2021-02-01",
                          .end_date = "2021-06-30", .units = "60", .decided_on = "2021-01-25"};
    assert_int_equal(kp_assignment_create(&F.ctx, &a, &e, &asg), KP_OK);
    const char *days[] = {"2021-02-02", "2021-02-03", "2021-02-04"};
    for (int i = 0; i < 3; i++) {
        kp_delivery_in d = {.assignment_id = idtext(asg), .delivered_on = days[i], .units = "1"};
        assert_int_equal(kp_delivery_record(&F.ctx, &d, &e, NULL), KP_OK);
    }
    kp_contact_in k1 = {.kind = "visit", .contact_on = "2021-03-01", .note = note};
    kp_contact_in k2 = {.kind = "call", .contact_on = "2021-03-02", .note = note};
    assert_int_equal(kp_contact_add(&F.ctx, c, &k1, &e, NULL), KP_OK);
    assert_int_equal(kp_contact_add(&F.ctx, c, &k2, &e, NULL), KP_OK);
    kp_basis_in b = {.purpose = "case_work", .art6 = "c", .art9 = "b"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &b, &e, NULL), KP_OK);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "fill: %s %s\n", e.items[i].field, e.items[i].message);
    assert_int_equal(e.n, 0);
    kp_errors_free(&e);
}

static int64_t count_of(json_t *doc, const char *kind)
{
    json_t *v = json_object_get(json_object_get(doc, "counts"), kind);
    assert_non_null(v);
    return json_integer_value(v);
}

static void test_export_holds_everything_of_one(void **state)
{
    (void)state;
    int64_t a = reg(1000, "Anna", "Bērziņa", "2020-01-15");
    int64_t b = reg(2000, "Otto", "Citsklients", "2020-01-15");
    fill(a, "Annas piezīme");
    fill(b, "Otto slepenā piezīme");
    /* A legal basis changed once: two versions, both exported. */
    kp_errors e;
    kp_errors_init(&e);
    kp_basis_in info = {.purpose = "information", .art6 = "a", .art9 = "a", .consent_given_on = "2021-04-01"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, a, &info, &e, NULL), KP_OK);
    kp_basis_in withdrawn = {.purpose = "information", .art6 = "a", .art9 = "a", .consent_given_on = "2021-04-01",
                             .consent_withdrawn_on = "2021-05-01"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, a, &withdrawn, &e, NULL), KP_OK);
    kp_errors_free(&e);
    /* Somebody viewed the card. */
    kp_client_row row;
    assert_int_equal(kp_client_get(&F.ctx, a, &row), KP_OK);

    int64_t changes = q("SELECT COUNT(*) FROM audit WHERE client_id = ?", a);
    json_t *doc = NULL;
    assert_int_equal(kp_subject_export(&F.ctx, a, "json", &doc), KP_OK);
    assert_int_equal(count_of(doc, "client"), 1);
    assert_int_equal(count_of(doc, "personal_codes"), 1);
    assert_int_equal(count_of(doc, "residences"), 1);
    assert_int_equal(count_of(doc, "assessments"), 1);
    assert_int_equal(count_of(doc, "needs"), 2);
    assert_int_equal(count_of(doc, "support_plans"), 1);
    assert_int_equal(count_of(doc, "plan_items"), 2);
    assert_int_equal(count_of(doc, "assignments"), 1);
    assert_int_equal(count_of(doc, "deliveries"), 3);
    assert_int_equal(count_of(doc, "contacts"), 2);
    assert_int_equal(count_of(doc, "tasks"), 0);
    assert_int_equal(count_of(doc, "legal_bases"), 3); /* case_work, information twice */
    assert_int_equal(count_of(doc, "restrictions"), 0);
    /* The history: registration, residence, assessment, plan, 2 items,
     * approval, assignment, 3 deliveries, 2 contacts, 3 legal bases = 16
     * changes, every one recorded before the export. */
    assert_int_equal(changes, 16);
    assert_int_equal(count_of(doc, "history"), 16);
    /* Who viewed: the card read above is there. */
    assert_true(count_of(doc, "access") >= 1);
    char code[16];
    code_for(1000, code);
    char *text = json_dumps(doc, JSON_COMPACT);
    assert_non_null(strstr(text, code));         /* the person's own code is in it */
    assert_non_null(strstr(text, "Annas piezīme"));
    char other[16];
    code_for(2000, other);
    assert_null(strstr(text, other));             /* nothing of the other client */
    assert_null(strstr(text, "Citsklients"));
    assert_null(strstr(text, "Otto"));
    free(text);
    json_decref(doc);
    /* The export itself is in the history, without the code. */
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE action = 'privacy_export' AND client_id = ?", a), 1);
    kp_param p[] = {KP_PTEXT(code)};
    int64_t leaked = -1;
    assert_int_equal(kp_sql_int(F.db,
                                "SELECT (SELECT COUNT(*) FROM audit WHERE replace(detail || reason || COALESCE(changes, ''), ?1, '') <> detail || reason || COALESCE(changes, ''))"
                                " + (SELECT COUNT(*) FROM access_log WHERE replace(detail, ?1, '') <> detail)",
                                p, 1, -1, &leaked),
                     KP_OK);
    assert_int_equal(leaked, 0);

    /* Another municipality's worker and a provider: no such client. */
    kp_ctx other_sw = F.ctx;
    other_sw.role = KP_ROLE_SOCIAL_WORKER;
    other_sw.municipality_id = q("SELECT id FROM municipality WHERE atvk = '0028000'", 0);
    assert_int_equal(kp_subject_export(&other_sw, a, "json", &doc), KP_ENOTFOUND);
    assert_null(doc);
    kp_ctx provider = F.ctx;
    provider.role = KP_ROLE_PROVIDER;
    assert_int_equal(kp_subject_export(&provider, a, "json", &doc), KP_ENOTFOUND);
    assert_int_equal(kp_subject_export(&F.ctx, 999999, "json", &doc), KP_ENOTFOUND);
}

static void test_restriction_freezes_changes(void **state)
{
    (void)state;
    int64_t c = reg(3000, "Laura", "Kalna", "2020-01-15");
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_privacy_restrict(&F.ctx, c, "", &e), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "reason"));
    e.n = 0;
    assert_int_equal(kp_privacy_lift(&F.ctx, c, "nav", &e), KP_ECONFLICT);
    e.n = 0;
    assert_int_equal(kp_privacy_restrict(&F.ctx, c, "Persona apstrīd datu precizitāti", &e), KP_OK);
    assert_int_equal(kp_privacy_restrict(&F.ctx, c, "vēlreiz", &e), KP_ECONFLICT);
    e.n = 0;
    int64_t before = q("SELECT COUNT(*) FROM audit WHERE client_id = ?", c);

    /* Every kind of change refuses. */
    kp_contact_in k = {.kind = "visit", .contact_on = "2021-03-01", .note = "x"};
    assert_int_equal(kp_contact_add(&F.ctx, c, &k, &e, NULL), KP_ERESTRICTED);
    kp_residence_in res = {.client_id = idtext(c), .kind = "family", .start_date = "2020-02-01"};
    assert_int_equal(kp_residence_add(&F.ctx, &res, &e, NULL), KP_ERESTRICTED);
    kp_assessment_in as = {.client_id = idtext(c), .round = "1", .assessed_on = "2020-03-01", .place = "family"};
    assert_int_equal(kp_assessment_record(&F.ctx, &as, &e, NULL), KP_ERESTRICTED);
    kp_assignment_in a = {.client_id = idtext(c), .service = "day_care", .start_date = "2021-02-01",
                          .end_date = "2021-06-30", .units = "60", .decided_on = "2021-01-25"};
    assert_int_equal(kp_assignment_create(&F.ctx, &a, &e, NULL), KP_ERESTRICTED);
    kp_case_status_in close = {.client_id = idtext(c), .effective_on = "2021-08-01", .status = "closed",
                               .closing_reason = "refused"};
    assert_int_equal(kp_case_status_record(&F.ctx, &close, &e, NULL), KP_ERESTRICTED);
    /* Even a use case that reaches the audit without the scope check. */
    assert_int_equal(kp_store_begin(F.db), KP_OK);
    assert_int_equal(kp_audit_change(&F.ctx, "correct", "client", c, c, NULL, "x", NULL, 0), KP_ERESTRICTED);
    assert_int_equal(kp_audit(&F.ctx, "create", "delivery", 1, c, ""), KP_ERESTRICTED);
    assert_int_equal(kp_store_rollback(F.db), KP_OK);
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ?", c), before);
    assert_int_equal(q("SELECT COUNT(*) FROM client_contact WHERE client_id = ?", c), 0);
    assert_int_equal(q("SELECT COUNT(*) FROM residence WHERE client_id = ?", c), 0);
    assert_int_equal(q("SELECT COUNT(*) FROM assignment WHERE client_id = ?", c), 0);
    assert_int_equal(kp_client_unrestricted(&F.ctx, c), KP_ERESTRICTED);

    /* Reads work and are recorded. */
    int64_t reads = q("SELECT COUNT(*) FROM access_log WHERE client_id = ?", c);
    kp_client_row row;
    assert_int_equal(kp_client_get(&F.ctx, c, &row), KP_OK);
    kp_restriction x;
    assert_int_equal(kp_privacy_restriction(&F.ctx, c, &x), KP_OK);
    assert_true(x.active);
    assert_string_equal(x.reason, "Persona apstrīd datu precizitāti");
    assert_string_equal(x.by, "test");
    assert_true(q("SELECT COUNT(*) FROM access_log WHERE client_id = ?", c) >= reads + 2);
    /* Consent can still be withdrawn. */
    kp_basis_in b = {.purpose = "information", .art6 = "a", .consent_given_on = "2021-01-01",
                     .consent_withdrawn_on = "2021-02-01"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &b, &e, NULL), KP_OK);
    /* The card's one read gives what the two reads give, and records both. */
    kp_basis_in s2 = {.purpose = "statistics", .art6 = "e", .art9 = "j"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &s2, &e, NULL), KP_OK);
    int64_t before_card = q("SELECT COUNT(*) FROM access_log WHERE client_id = ?", c);
    kp_restriction cx;
    kp_bases cb;
    assert_int_equal(kp_privacy_card(&F.ctx, c, &cx, &cb), KP_OK);
    assert_true(cx.active);
    assert_int_equal(cx.id, x.id);
    assert_string_equal(cx.reason, "Persona apstrīd datu precizitāti");
    assert_int_equal(cb.n, 2);
    assert_string_equal(cb.items[0].purpose, "information"); /* by purpose */
    assert_string_equal(cb.items[0].consent_withdrawn_on, "2021-02-01");
    assert_string_equal(cb.items[1].purpose, "statistics");
    assert_string_equal(cb.items[1].art9, "j");
    kp_bases_free(&cb);
    assert_int_equal(q("SELECT COUNT(*) FROM access_log WHERE client_id = ?", c), before_card + 2);

    /* Lifted (audited): changes work again. */
    assert_int_equal(kp_privacy_lift(&F.ctx, c, "Precizitāte pārbaudīta", &e), KP_OK);
    assert_int_equal(kp_contact_add(&F.ctx, c, &k, &e, NULL), KP_OK);
    assert_int_equal(kp_privacy_restriction(&F.ctx, c, &x), KP_OK);
    assert_false(x.active);
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ? AND action IN"
                       " ('privacy_restrict', 'privacy_lift_restriction')",
                       c),
                     2);
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ? AND action = 'privacy_lift_restriction'"
                       " AND reason = 'Precizitāte pārbaudīta'",
                       c),
                     1);
    kp_errors_free(&e);

    /* Outside the scope: no such client. */
    kp_ctx other = F.ctx;
    other.role = KP_ROLE_SOCIAL_WORKER;
    other.municipality_id = q("SELECT id FROM municipality WHERE atvk = '0028000'", 0);
    kp_errors_init(&e);
    assert_int_equal(kp_privacy_restrict(&other, c, "x", &e), KP_ENOTFOUND);
    assert_int_equal(e.n, 0);
    assert_int_equal(kp_privacy_restriction(&other, c, &x), KP_ENOTFOUND);
    kp_errors_free(&e);
}

static void close_case(int64_t c, const char *on)
{
    kp_errors e;
    kp_errors_init(&e);
    kp_case_status_in close = {.client_id = idtext(c), .effective_on = on, .status = "closed",
                               .closing_reason = "moved_away"};
    kp_rc rc = kp_case_status_record(&F.ctx, &close, &e, NULL);
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "close: %s %s\n", e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    assert_int_equal(rc, KP_OK);
}

/* A fingerprint of everything retention may touch. */
static int64_t fingerprint(void)
{
    int64_t n = 0;
    assert_int_equal(kp_sql_int(F.db,
                                "SELECT (SELECT COUNT(*) FROM personal_code) * 1000003"
                                " + (SELECT COUNT(*) FROM client WHERE given_name = 'Pseidonimizēts') * 1009"
                                " + (SELECT COUNT(*) FROM client_contact WHERE note = '')"
                                " + (SELECT COUNT(*) FROM audit) * 7 + (SELECT COUNT(*) FROM access_log) * 13"
                                " + (SELECT COUNT(*) FROM client_pseudonymised) * 100003",
                                NULL, 0, -1, &n),
                     KP_OK);
    return n;
}

static void test_retention(void **state)
{
    (void)state;
    /* 2026-03-01 with 10 years: cases closed on or before 2016-03-01 are due. */
    int64_t old = reg(4000, "Vecā", "Lieta", "2010-01-10");
    int64_t edge = reg(5000, "Robeža", "Lieta", "2010-01-10");
    int64_t young = reg(6000, "Jaunā", "Lieta", "2010-01-10");
    int64_t frozen = reg(7000, "Ierobežotā", "Lieta", "2010-01-10");
    int64_t open = reg(8000, "Atvērtā", "Lieta", "2010-01-10");
    kp_errors e;
    kp_errors_init(&e);
    kp_contact_in k = {.kind = "visit", .contact_on = "2011-03-01", .note = "Vecās lietas piezīme"};
    assert_int_equal(kp_contact_add(&F.ctx, old, &k, &e, NULL), KP_OK);
    close_case(old, "2015-03-01");
    close_case(edge, "2016-03-01");
    close_case(young, "2016-03-02");
    close_case(frozen, "2014-01-01");
    assert_int_equal(kp_privacy_restrict(&F.ctx, frozen, "Tiesvedība", &e), KP_OK);
    kp_errors_free(&e);
    (void)open;

    kp_retention_result r;
    int64_t fp = fingerprint();
    assert_int_equal(kp_retention_run(&F.ctx, &CFG, "2026-03-01", false, &r), KP_OK);
    assert_string_equal(r.closed_before, "2016-03-01");
    assert_string_equal(r.access_before, "2021-03-01T00:00:00Z");
    assert_int_equal(r.n, 2);
    assert_int_equal(r.items[0].client_id, old);
    assert_int_equal(r.items[1].client_id, edge);
    assert_string_equal(r.items[0].closed_on, "2015-03-01");
    assert_int_equal(r.held_restricted, 1);
    assert_false(r.applied);
    kp_retention_result_free(&r);
    assert_int_equal(fingerprint(), fp); /* the dry run wrote nothing */

    assert_int_equal(kp_retention_run(&F.ctx, &CFG, "2026-03-01", true, &r), KP_OK);
    assert_int_equal(r.n, 2);
    assert_true(r.applied);
    kp_retention_result_free(&r);
    assert_int_equal(q("SELECT COUNT(*) FROM client_pseudonymised", 0), 2);
    assert_int_equal(q("SELECT COUNT(*) FROM client_pseudonymised WHERE client_id = ?", old), 1);
    assert_int_equal(q("SELECT COUNT(*) FROM client_pseudonymised WHERE client_id = ?", edge), 1);
    assert_int_equal(q("SELECT COUNT(*) FROM personal_code WHERE client_id = ?", old), 0);
    assert_int_equal(q("SELECT COUNT(*) FROM personal_code WHERE client_id = ?", young), 1);
    assert_int_equal(q("SELECT COUNT(*) FROM personal_code WHERE client_id = ?", frozen), 1);
    assert_int_equal(q("SELECT COUNT(*) FROM client WHERE id = ? AND given_name = 'Pseidonimizēts'"
                       " AND family_name = 'P-' || id",
                       old),
                     1);
    assert_int_equal(q("SELECT COUNT(*) FROM client_version WHERE client_id = ? AND given_name <> 'Pseidonimizēts'",
                       old),
                     0);
    assert_int_equal(q("SELECT COUNT(*) FROM client_contact WHERE client_id = ? AND note = ''", old), 1);
    /* What the figures count stays: the person, the dates, the case status. */
    assert_int_equal(q("SELECT COUNT(*) FROM client_version WHERE client_id = ? AND case_status = 'closed'"
                       " AND valid_from = '2015-03-01' AND birth_date = '1970-05-05'",
                       old),
                     1);
    /* The history keeps which fields changed, not what they were. */
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ? AND (replace(changes, 'Vecā', '') <> changes"
                       " OR replace(changes, 'Vecās lietas', '') <> changes)",
                       old),
                     0);
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ? AND action = 'privacy_pseudonymise'", old), 1);
    /* Again: nothing more is due. */
    assert_int_equal(kp_retention_run(&F.ctx, &CFG, "2026-03-01", false, &r), KP_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.already, 2);
    kp_retention_result_free(&r);

    /* Only the operator and administrators. */
    kp_ctx sw = F.ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    assert_int_equal(kp_retention_run(&sw, &CFG, "2026-03-01", false, &r), KP_EDENIED);
    assert_int_equal(kp_retention_run(&F.ctx, &CFG, "2026-02-30", false, &r), KP_EINVAL);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The configuration is kept between loads while its files are unchanged,
 * and read again as soon as either changes: a new value (even of the same
 * length, written within the same second) shows at once, and a broken file
 * is reported, not hidden behind what was kept. */
static void test_config_kept_until_files_change(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/privacy-kept-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(dir, 0700);
    static const char PURPOSES[] = "code,name_lv,name_en,art6,art9,law,categories_lv,categories_en,recipients_lv,"
                                   "recipients_en,retention,consent\nx,a,b,c,,l,c,c,r,r,closed_case,0\n";
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,10,a,b\n");
    write_file(dir, "processing_purposes.csv", PURPOSES);
    kp_privacy_config c;
    kp_errors e;
    kp_errors_init(&e);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_OK);
        assert_int_equal(c.nrules, 1);
        assert_int_equal(kp_privacy_rule(&c, "closed_case")->years, 10);
        assert_int_equal(c.npurposes, 1);
        assert_string_equal(c.purposes[0].code, "x");
        kp_privacy_config_free(&c);
    }
    /* Same length, same second: 10 years become 12. */
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,12,a,b\n");
    assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_OK);
    assert_int_equal(kp_privacy_rule(&c, "closed_case")->years, 12);
    kp_privacy_config_free(&c);
    /* The purposes file changed: a second purpose. */
    write_file(dir, "processing_purposes.csv",
               "code,name_lv,name_en,art6,art9,law,categories_lv,categories_en,recipients_lv,"
               "recipients_en,retention,consent\nx,a,b,c,,l,c,c,r,r,closed_case,0\ny,a,b,e,,l,c,c,r,r,closed_case,0\n");
    assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_OK);
    assert_int_equal(c.npurposes, 2);
    assert_string_equal(c.purposes[1].code, "y");
    kp_privacy_config_free(&c);
    /* Broken: the error every time, nothing from before. */
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,x,a,b\n");
    for (int i = 0; i < 2; i++) {
        e.n = 0;
        assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_EINVAL);
        assert_int_equal(c.nrules, 0);
        assert_null(c.purposes);
        assert_true(e.n >= 1);
        assert_string_equal(e.items[0].field, "years");
    }
    kp_errors_free(&e);
    char path[700];
    snprintf(path, sizeof path, "%s/retention.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/processing_purposes.csv", dir);
    unlink(path);
    rmdir(dir);
}

/* The card's purpose names: one name from the kept configuration of the
 * catalogue folder (KOPA_DATA_DIR), read again at once when a file changes,
 * and none (false, "") for an unknown purpose or a broken configuration. */
static void test_purpose_name(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/privacy-names-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(dir, 0700);
    static const char HEAD[] = "code,name_lv,name_en,art6,art9,law,categories_lv,categories_en,recipients_lv,"
                               "recipients_en,retention,consent\n";
    char text[600];
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,10,a,b\n");
    snprintf(text, sizeof text, "%sx,Darbs,Work,c,,l,c,c,r,r,closed_case,0\n", HEAD);
    write_file(dir, "processing_purposes.csv", text);
    const char *was = getenv("KOPA_DATA_DIR");
    char *before = was ? strdup(was) : NULL;
    setenv("KOPA_DATA_DIR", dir, 1);
    char name[200];
    for (int i = 0; i < 2; i++) { /* read, then kept */
        assert_true(kp_privacy_purpose_name("x", false, name, sizeof name));
        assert_string_equal(name, "Darbs");
        assert_true(kp_privacy_purpose_name("x", true, name, sizeof name));
        assert_string_equal(name, "Work");
    }
    assert_false(kp_privacy_purpose_name("y", false, name, sizeof name));
    assert_string_equal(name, "");
    /* Too small a buffer: no name rather than a cut one. */
    assert_false(kp_privacy_purpose_name("x", false, name, 5));
    /* Same length, same second: the new name at once. */
    snprintf(text, sizeof text, "%sx,Lieta,Case,c,,l,c,c,r,r,closed_case,0\n", HEAD);
    write_file(dir, "processing_purposes.csv", text);
    assert_true(kp_privacy_purpose_name("x", false, name, sizeof name));
    assert_string_equal(name, "Lieta");
    /* Broken: no name, also not the one kept before. */
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,x,a,b\n");
    for (int i = 0; i < 2; i++)
        assert_false(kp_privacy_purpose_name("x", false, name, sizeof name));
    assert_false(kp_privacy_purpose_name(NULL, false, name, sizeof name));
    assert_false(kp_privacy_purpose_name("x", false, NULL, 10));
    if (before)
        setenv("KOPA_DATA_DIR", before, 1);
    else
        unsetenv("KOPA_DATA_DIR");
    free(before);
    char path[700];
    snprintf(path, sizeof path, "%s/retention.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/processing_purposes.csv", dir);
    unlink(path);
    rmdir(dir);
}

static void test_config_errors(void **state)
{
    (void)state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/privacy-config-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(dir, 0700);
    write_file(dir, "retention.csv",
               "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,x,a,b\naccess_log,erase,5,a,b\n");
    write_file(dir, "processing_purposes.csv",
               "code,name_lv,name_en,art6,art9,law,categories_lv,categories_en,recipients_lv,recipients_en,"
               "retention,consent\n");
    kp_privacy_config c;
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_EINVAL);
    assert_int_equal(e.n, 2);
    assert_string_equal(e.items[0].file, "retention.csv");
    assert_int_equal(e.items[0].line, 2);
    assert_string_equal(e.items[0].field, "years");
    assert_int_equal(e.items[1].line, 3);
    assert_string_equal(e.items[1].field, "action");
    e.n = 0;
    write_file(dir, "retention.csv", "rule,action,years,what_lv,what_en\nclosed_case,pseudonymise,10,a,b\n");
    write_file(dir, "processing_purposes.csv",
               "code,name_lv,name_en,art6,art9,law,categories_lv,categories_en,recipients_lv,recipients_en,"
               "retention,consent\nx,a,b,z,,l,c,c,r,r,closed_case,0\ny,a,b,c,,l,c,c,r,r,forever,0\n"
               "w,a,b,c,,l,c,c,r,r,closed_case,1\n");
    assert_int_equal(kp_privacy_config_load(dir, &c, &e), KP_EINVAL);
    assert_int_equal(e.n, 3);
    assert_string_equal(e.items[0].field, "art6");
    assert_int_equal(e.items[0].line, 2);
    assert_string_equal(e.items[1].field, "retention");
    assert_int_equal(e.items[1].line, 3);
    assert_string_equal(e.items[2].field, "art6"); /* consent needs point a */
    assert_int_equal(e.items[2].line, 4);
    e.n = 0;
    assert_int_equal(kp_privacy_config_load("/nonexistent-kopa-dir", &c, &e), KP_EIO);
    assert_true(e.n >= 1);
    kp_errors_free(&e);
    char path[700];
    snprintf(path, sizeof path, "%s/retention.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/processing_purposes.csv", dir);
    unlink(path);
    rmdir(dir);
}

static void test_basis_errors(void **state)
{
    (void)state;
    int64_t c = reg(9000, "Pārbaude", "Pamats", "2020-01-15");
    kp_errors e;
    kp_errors_init(&e);
    kp_basis_in bad = {.purpose = "marketing", .art6 = "z", .art9 = "k", .consent_given_on = "2021-13-01"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "purpose"));
    assert_non_null(kp_errors_for(&e, "art6"));
    assert_non_null(kp_errors_for(&e, "art9"));
    assert_non_null(kp_errors_for(&e, "consent_given_on"));
    e.n = 0;
    kp_basis_in no_date = {.purpose = "information", .art6 = "a"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &no_date, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "consent_given_on"));
    e.n = 0;
    kp_basis_in backwards = {.purpose = "information", .art6 = "a", .consent_given_on = "2021-05-01",
                             .consent_withdrawn_on = "2021-04-01"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &backwards, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "consent_withdrawn_on"));
    assert_int_equal(q("SELECT COUNT(*) FROM client_legal_basis WHERE client_id = ?", c), 0);
    e.n = 0;
    kp_basis_in ok = {.purpose = "statistics", .art6 = "e", .art9 = "j"};
    int64_t id = 0;
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &ok, &e, &id), KP_OK);
    kp_basis_in again = {.purpose = "statistics", .art6 = "c", .art9 = "j", .note = "likums"};
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, c, &again, &e, NULL), KP_OK);
    kp_bases b;
    assert_int_equal(kp_privacy_bases(&F.ctx, c, &b), KP_OK);
    assert_int_equal(b.n, 1);
    assert_string_equal(b.items[0].art6, "c");
    assert_string_equal(b.items[0].note, "likums");
    kp_bases_free(&b);
    assert_int_equal(q("SELECT COUNT(*) FROM client_legal_basis WHERE client_id = ? AND superseded_at IS NOT NULL", c),
                     1);
    assert_int_equal(q("SELECT COUNT(*) FROM audit WHERE client_id = ? AND action = 'privacy_legal_basis'"
                       " AND replace(changes, '\"old\":\"e\",\"new\":\"c\"', '') <> changes",
                       c),
                     1);
    kp_errors_free(&e);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_errors e;
    kp_errors_init(&e);
    kp_restriction x;
    kp_bases b;
    kp_basis_in in = {0};
    json_t *doc = NULL;
    kp_retention_result r;
    kp_privacy_config c;
    assert_int_equal(kp_privacy_restrict(NULL, 1, "x", &e), KP_EINVAL);
    assert_int_equal(kp_privacy_restrict(&F.ctx, 1, "x", NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_restrict(&F.ctx, 0, "x", &e), KP_ENOTFOUND);
    assert_int_equal(kp_privacy_lift(NULL, 1, "x", &e), KP_EINVAL);
    assert_int_equal(kp_privacy_restriction(NULL, 1, &x), KP_EINVAL);
    assert_int_equal(kp_privacy_restriction(&F.ctx, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_restriction(&F.ctx, -1, &x), KP_ENOTFOUND);
    assert_int_equal(kp_privacy_basis_set(NULL, &CFG, 1, &in, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_basis_set(&F.ctx, NULL, 1, &in, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, 1, NULL, &e, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, 1, &in, NULL, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_basis_set(&F.ctx, &CFG, 0, &in, &e, NULL), KP_ENOTFOUND);
    assert_int_equal(kp_privacy_bases(NULL, 1, &b), KP_EINVAL);
    assert_int_equal(kp_privacy_bases(&F.ctx, 1, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_bases(&F.ctx, 0, &b), KP_ENOTFOUND);
    kp_restriction cx;
    assert_int_equal(kp_privacy_card(NULL, 1, &cx, &b), KP_EINVAL);
    assert_int_equal(kp_privacy_card(&F.ctx, 1, NULL, &b), KP_EINVAL);
    assert_int_equal(kp_privacy_card(&F.ctx, 1, &cx, NULL), KP_EINVAL);
    assert_int_equal(kp_privacy_card(&F.ctx, 0, &cx, &b), KP_ENOTFOUND);
    assert_int_equal(kp_subject_export(NULL, 1, "json", &doc), KP_EINVAL);
    assert_int_equal(kp_subject_export(&F.ctx, 1, "json", NULL), KP_EINVAL);
    assert_int_equal(kp_subject_export(&F.ctx, 1, NULL, &doc), KP_EINVAL);
    assert_int_equal(kp_subject_export(&F.ctx, 1, "xml", &doc), KP_EINVAL);
    assert_int_equal(kp_subject_export(&F.ctx, 0, "json", &doc), KP_ENOTFOUND);
    assert_int_equal(kp_retention_run(NULL, &CFG, NULL, false, &r), KP_EINVAL);
    assert_int_equal(kp_retention_run(&F.ctx, NULL, NULL, false, &r), KP_EINVAL);
    assert_int_equal(kp_retention_run(&F.ctx, &CFG, NULL, false, NULL), KP_EINVAL);
    assert_int_equal(kp_retention_run(&F.ctx, &CFG, "01.01.2026", false, &r), KP_EINVAL);
    assert_int_equal(kp_privacy_config_load(NULL, NULL, &e), KP_EINVAL);
    assert_int_equal(kp_privacy_config_load(NULL, &c, NULL), KP_EINVAL);
    assert_null(kp_privacy_purpose(NULL, "case_work"));
    assert_null(kp_privacy_purpose(&CFG, NULL));
    assert_null(kp_privacy_purpose(&CFG, "nope"));
    assert_non_null(kp_privacy_purpose(&CFG, "case_work"));
    assert_null(kp_privacy_rule(&CFG, NULL));
    assert_int_equal(kp_privacy_rule(&CFG, "closed_case")->years, 10);
    assert_int_equal(kp_privacy_rule(&CFG, "access_log")->years, 5);
    assert_int_equal(kp_client_unrestricted(NULL, 1), KP_OK);
    assert_int_equal(kp_client_unrestricted(&F.ctx, 0), KP_OK);
    assert_int_equal(kp_audit(NULL, "a", "b", 1, 0, ""), KP_EINVAL);
    assert_int_equal(kp_audit(&F.ctx, NULL, "b", 1, 0, ""), KP_EINVAL);
    kp_privacy_config_free(NULL);
    kp_bases_free(NULL);
    kp_retention_result_free(NULL);
    kp_errors_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_export_holds_everything_of_one),
        cmocka_unit_test(test_restriction_freezes_changes),
        cmocka_unit_test(test_retention),
        cmocka_unit_test(test_config_kept_until_files_change),
        cmocka_unit_test(test_purpose_name),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_basis_errors),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
