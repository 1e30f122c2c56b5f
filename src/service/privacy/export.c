/* The subject access export (GDPR Art. 15): everything held about one
 * client as one JSON object (privacy.h). */
#include "service/privacy/privacy.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns whose values are whole numbers; every other column is text. */
static bool int_column(const char *name)
{
    static const char *const INTS[] = {"units", "volume", "version", "round", "hours_per_week", "disability_group",
                                       "parents_working", "esf_funded", "confirmed", "check_warning", "line_no",
                                       "unit_cost_cents", "amount_cents", "withdrawn", NULL};
    size_t n = strlen(name);
    if (strcmp(name, "id") == 0 || (n > 3 && strcmp(name + n - 3, "_id") == 0))
        return true;
    for (size_t i = 0; INTS[i]; i++)
        if (strcmp(name, INTS[i]) == 0)
            return true;
    return false;
}

/* Runs `sql` with the ids in p and appends one object per row to `arr`
 * (column name → value, NULL → null). */
static kp_rc rows(kp_ctx *ctx, const char *sql, const kp_param *p, size_t np, json_t *arr)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        json_t *o = json_object();
        int nc = kp_stmt_columns(s);
        for (int c = 0; c < nc; c++) {
            const char *name = kp_stmt_column_name(s, c);
            json_t *v;
            if (kp_stmt_is_null(s, c))
                v = json_null();
            else if (int_column(name))
                v = json_integer(kp_stmt_int(s, c));
            else
                v = json_string(kp_stmt_text(s, c));
            json_object_set_new(o, name, v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    kp_stmt_free(s);
    return rc;
}

/* A list of the client's rows under `key` of `into`, counted in `counts`. */
static kp_rc section(kp_ctx *ctx, json_t *into, json_t *counts, const char *key, const char *sql, int64_t client_id)
{
    json_t *arr = json_array();
    kp_param p[] = {KP_PINT(client_id)};
    kp_rc rc = rows(ctx, sql, p, 1, arr);
    json_object_set_new(counts, key, json_integer((json_int_t)json_array_size(arr)));
    json_object_set_new(into, key, arr);
    return rc;
}

/* Rows nested under each parent row: for every element of `parents`, the
 * rows of `sql` bound with its "id" under `key`; their number is added to
 * counts[key]. */
static kp_rc nested(kp_ctx *ctx, json_t *parents, json_t *counts, const char *key, const char *sql)
{
    size_t i, total = 0;
    json_t *parent;
    kp_rc rc = KP_OK;
    json_array_foreach(parents, i, parent)
    {
        json_t *arr = json_array();
        kp_param p[] = {KP_PINT(json_integer_value(json_object_get(parent, "id")))};
        rc = rows(ctx, sql, p, 1, arr);
        total += json_array_size(arr);
        json_object_set_new(parent, key, arr);
        if (rc)
            break;
    }
    json_object_set_new(counts, key, json_integer((json_int_t)total));
    return rc;
}

/* Every personal code the person held, opened with the key. */
static kp_rc codes(kp_ctx *ctx, int64_t client_id, json_t *into, json_t *counts)
{
    if (!ctx->keys)
        return KP_ECRYPTO;
    json_t *arr = json_array();
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, sealed, valid_from, valid_to, check_warning FROM personal_code"
                                " WHERE client_id = ? ORDER BY valid_from, id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        char code[64];
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 1, &n);
        rc = kp_keyring_open(ctx->keys, b, n, code, sizeof code);
        if (rc)
            break;
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(kp_stmt_int(s, 0)));
        json_object_set_new(o, "personal_code", json_string(code));
        json_object_set_new(o, "valid_from", json_string(kp_stmt_text(s, 2)));
        json_object_set_new(o, "valid_to", kp_stmt_is_null(s, 3) ? json_null() : json_string(kp_stmt_text(s, 3)));
        json_object_set_new(o, "check_warning", json_integer(kp_stmt_int(s, 4)));
        json_array_append_new(arr, o);
    }
    kp_stmt_free(s);
    json_object_set_new(counts, "personal_codes", json_integer((json_int_t)json_array_size(arr)));
    json_object_set_new(into, "personal_codes", arr);
    return rc;
}

static const char CLIENT_SQL[] =
    "SELECT c.id, c.given_name, c.family_name, c.birth_date, m.atvk AS municipality_atvk,"
    " m.name_lv AS municipality, c.target_group, c.disability_group, c.special_care_from, c.parents_working,"
    " c.registered_on FROM client c JOIN municipality m ON m.id = c.municipality_id WHERE c.id = ?";

kp_rc kp_subject_export(kp_ctx *ctx, int64_t client_id, const char *format, json_t **out)
{
    if (!ctx || !out || !format || (strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0))
        return KP_EINVAL;
    *out = NULL;
    if (client_id <= 0)
        return KP_ENOTFOUND;
    /* The person's whole file is for municipal staff in scope, not for a
     * provider's staff (who see referrals only). */
    if (ctx->role == KP_ROLE_PROVIDER || ctx->role == KP_ROLE_REGION || ctx->role == KP_ROLE_MINISTRY)
        return KP_ENOTFOUND;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    json_t *doc = json_object(), *counts = json_object();
    rc = kp_access_client(ctx, client_id, false);
    if (rc)
        goto out;
    json_object_set_new(doc, "format", json_string("kopa-subject-export/1"));
    json_object_set_new(doc, "generated_at", json_string(ctx->now));
    json_object_set_new(doc, "generated_by", json_string(ctx->actor ? ctx->actor : "unknown"));
    json_t *client = json_array();
    kp_param p[] = {KP_PINT(client_id)};
    rc = rows(ctx, CLIENT_SQL, p, 1, client);
    if (!rc && json_array_size(client) != 1)
        rc = KP_ENOTFOUND;
    json_object_set(doc, "client", json_array_get(client, 0) ? json_array_get(client, 0) : json_null());
    json_decref(client);
    if (rc)
        goto out;
    json_object_set_new(counts, "client", json_integer(1));
    rc = codes(ctx, client_id, doc, counts);
#define SECTION(key, sql)                                                                                              \
    do {                                                                                                               \
        if (!rc)                                                                                                       \
            rc = section(ctx, doc, counts, key, sql, client_id);                                                       \
    } while (0)
    SECTION("versions",
            "SELECT v.id, v.valid_from, v.valid_to, v.given_name, v.family_name, v.birth_date, m.name_lv AS"
            " municipality, v.target_group, v.disability_group, v.special_care_from, v.parents_working,"
            " v.case_status, v.closed_reason, v.closed_note, v.correct_reason, v.move_reason, v.reopen_reason"
            " FROM client_version v JOIN municipality m ON m.id = v.municipality_id WHERE v.client_id = ?"
            " ORDER BY v.valid_from, v.id");
    SECTION("residences", "SELECT r.id, r.kind, m.name_lv AS municipality, r.start_date, r.end_date FROM residence r"
                          " LEFT JOIN municipality m ON m.id = r.municipality_id WHERE r.client_id = ?"
                          " ORDER BY r.start_date, r.id");
    SECTION("assessments", "SELECT id, round, assessed_on, place, assessor FROM assessment WHERE client_id = ?"
                           " ORDER BY assessed_on, id");
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assessments"), counts, "needs",
                    "SELECT service_code FROM assessment_need WHERE assessment_id = ? ORDER BY service_code");
    SECTION("support_plans", "SELECT id, version, status, goals, review_on, created_on, approved_on FROM support_plan"
                             " WHERE client_id = ? ORDER BY version");
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "support_plans"), counts, "plan_items",
                    "SELECT i.id, i.service_code, i.volume, p.name AS provider, i.start_date, i.end_date, i.goal"
                    " FROM plan_item i LEFT JOIN provider p ON p.id = i.provider_id WHERE i.plan_id = ?"
                    " ORDER BY i.id");
    SECTION("assignments", "SELECT a.id, a.plan_item_id, a.service_code, p.name AS provider, a.start_date,"
                           " a.end_date, a.units, a.hours_per_week, a.mode, a.decided_on, a.esf_funded, a.status"
                           " FROM assignment a LEFT JOIN provider p ON p.id = a.provider_id WHERE a.client_id = ?"
                           " ORDER BY a.start_date, a.id");
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assignments"), counts, "suspensions",
                    "SELECT id, start_date, end_date, reason, withdrawn FROM assignment_suspension"
                    " WHERE assignment_id = ? ORDER BY start_date, id");
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assignments"), counts, "deliveries",
                    "SELECT id, delivered_on, units, confirmed FROM delivery WHERE assignment_id = ?"
                    " ORDER BY delivered_on, id");
    SECTION("claim_lines", "SELECT id, claim_id, delivery_id, service_code, delivered_on, units, amount_cents, status"
                           " FROM claim_line WHERE client_id = ? ORDER BY delivered_on, id");
    SECTION("contacts", "SELECT id, kind, contact_on, note, recorded_by, recorded_at FROM client_contact"
                        " WHERE client_id = ? ORDER BY contact_on, id");
    SECTION("tasks", "SELECT id, what, due_on, assigned_to, created_by, created_at, done_on, done_by FROM client_task"
                     " WHERE client_id = ? ORDER BY due_on, id");
    SECTION("representatives",
            "SELECT r.id, r.representative_id, r.kind, r.valid_from, r.valid_to, c.given_name, c.family_name"
            " FROM client_representative r JOIN client c ON c.id = r.representative_id WHERE r.client_id = ?"
            " ORDER BY r.valid_from, r.id");
    SECTION("represented",
            "SELECT r.id, r.client_id AS represented_id, r.kind, r.valid_from, r.valid_to, c.given_name, c.family_name"
            " FROM client_representative r JOIN client c ON c.id = r.client_id WHERE r.representative_id = ?"
            " ORDER BY r.valid_from, r.id");
    SECTION("worker", "SELECT w.* FROM client_worker w WHERE w.client_id = ?");
    SECTION("legal_bases", "SELECT id, purpose, art6, art9, consent_given_on, consent_withdrawn_on, note, recorded_by,"
                           " recorded_at, superseded_at FROM client_legal_basis WHERE client_id = ?"
                           " ORDER BY purpose, id");
    SECTION("restrictions", "SELECT id, reason, restricted_at, restricted_by, lifted_at, lifted_by, lift_reason"
                            " FROM client_restriction WHERE client_id = ? ORDER BY id");
    SECTION("documents", "SELECT at, actor, role, entity, entity_id FROM access_log WHERE client_id = ?"
                         " AND detail = 'document' ORDER BY at, id");
    SECTION("history", "SELECT id, at, actor, role, action, entity, entity_id, effective_on, reason, changes, detail"
                       " FROM audit WHERE client_id = ? ORDER BY at, id");
    SECTION("access", "SELECT at, actor, role, action, entity, entity_id, detail FROM access_log WHERE client_id = ?"
                      " ORDER BY at, id");
#undef SECTION
    if (rc)
        goto out;
    json_object_set(doc, "counts", counts);
    /* The export itself goes into the history, and the read into the
     * access log, with the change's transaction. */
    rc = kp_audit(ctx, "privacy_export", "client", client_id, client_id, format);
    if (!rc)
        rc = kp_audit_access(ctx, "export", "client", client_id, client_id, format);
out:
    rc = kp_store_finish(ctx->db, rc);
    json_decref(counts);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return KP_OK;
}
