/* Retention (GDPR Art. 5(1)(e)): pseudonymising closed cases and deleting
 * old access records by the rules of data/retention.csv (privacy.h). */
#include "service/privacy/privacy.h"
#include "core/date.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_retention_result_free(kp_retention_result *r)
{
    if (!r)
        return;
    free(r->items);
    memset(r, 0, sizeof *r);
}

/* `at` minus `years` whole years (29 February → 28 February). */
static kp_date years_before(kp_date at, int years)
{
    int y, m, d;
    kp_date_to_ymd(at, &y, &m, &d);
    y -= years;
    if (m == 2 && d == 29 && !kp_date_valid_ymd(y, m, d))
        d = 28;
    return kp_date_from_ymd(y, m, d);
}

/* The cases due: the version in force is closed, on or before `before`. */
static const char DUE_SQL[] =
    "SELECT v.client_id, v.valid_from,"
    " EXISTS (SELECT 1 FROM client_restriction r WHERE r.client_id = v.client_id AND r.lifted_at IS NULL),"
    " EXISTS (SELECT 1 FROM client_representative cr JOIN client_version o ON o.client_id = cr.client_id"
    "   AND o.valid_to IS NULL AND o.case_status = 'open'"
    "   WHERE cr.representative_id = v.client_id AND (cr.valid_to IS NULL OR cr.valid_to >= ?2)),"
    " EXISTS (SELECT 1 FROM client_pseudonymised p WHERE p.client_id = v.client_id)"
    " FROM client_version v WHERE v.valid_to IS NULL AND v.case_status = 'closed' AND v.valid_from <= ?1"
    " ORDER BY v.client_id";

/* What pseudonymising one client replaces and erases; the records the
 * figures count (dates, services, municipalities, target groups, units)
 * stay as they were. */
static const char *const PSEUDONYMISE[] = {
    "UPDATE client SET given_name = 'Pseidonimizēts', family_name = 'P-' || id WHERE id = ?1",
    "UPDATE client_version SET given_name = 'Pseidonimizēts', family_name = 'P-' || client_id, closed_note = '',"
    " correct_reason = '', move_reason = '', reopen_reason = '' WHERE client_id = ?1",
    "DELETE FROM personal_code WHERE client_id = ?1",
    "UPDATE client_contact SET note = '' WHERE client_id = ?1",
    "UPDATE client_task SET what = '' WHERE client_id = ?1",
    "UPDATE support_plan SET goals = '' WHERE client_id = ?1",
    "UPDATE plan_item SET goal = '' WHERE plan_id IN (SELECT id FROM support_plan WHERE client_id = ?1)",
    "UPDATE assignment_suspension SET reason = '' WHERE assignment_id IN"
    " (SELECT id FROM assignment WHERE client_id = ?1)",
    "UPDATE client_legal_basis SET note = '' WHERE client_id = ?1",
    /* The history keeps what happened and which fields changed, not the
     * values or the free-text reasons. */
    "UPDATE audit SET reason = '' WHERE client_id = ?1",
    "INSERT INTO client_pseudonymised(client_id, rule, at, by) VALUES (?1, 'closed_case', ?2, ?3)",
};

/* Each history record of the client keeps only the names of the fields it
 * changed: [{"field":…,"old":…,"new":…},…] becomes [{"field":…},…]. Done
 * here with jansson rather than in SQL, whose JSON functions differ between
 * SQLite and PostgreSQL. */
static kp_rc strip_change_values(kp_ctx *ctx, int64_t client_id)
{
    kp_param p[] = {KP_PINT(client_id)};
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, changes FROM audit WHERE client_id = ?1 AND changes IS NOT NULL"
                                " AND changes <> '' ORDER BY id",
                                &s);
    if (!rc)
        rc = kp_sql_bind(s, p, 1);
    size_t n = 0, cap = 0;
    int64_t *ids = NULL;
    char **texts = NULL;
    bool row = false;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        json_error_t err;
        json_t *in = json_loads(kp_stmt_text(s, 1), 0, &err);
        json_t *out = json_array();
        size_t i;
        json_t *ch;
        if (!json_is_array(in))
            rc = KP_EDB;
        json_array_foreach(in, i, ch) {
            json_t *f = json_is_object(ch) ? json_object_get(ch, "field") : NULL;
            json_t *o = json_object();
            json_object_set_new(o, "field", f ? json_incref(f) : json_null());
            json_array_append_new(out, o);
        }
        char *t = rc ? NULL : json_dumps(out, JSON_COMPACT);
        json_decref(in);
        json_decref(out);
        if (!rc && !t)
            rc = KP_EDB;
        if (rc)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            ids = kp_xrealloc(ids, cap * sizeof *ids);
            texts = kp_xrealloc(texts, cap * sizeof *texts);
        }
        ids[n] = kp_stmt_int(s, 0);
        texts[n++] = t;
    }
    kp_stmt_free(s);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_param q[] = {{.t = KP_P_TEXT, .s = texts[i]}, KP_PINT(ids[i])};
        rc = kp_sql_exec(ctx->db, "UPDATE audit SET changes = ?1 WHERE id = ?2", q, 2);
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(ids);
    return rc;
}

static kp_rc pseudonymise(kp_ctx *ctx, const kp_retention_rule *rule, int64_t client_id)
{
    kp_rc rc = KP_OK;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(ctx->now), KP_PTEXT(ctx->actor ? ctx->actor : "unknown")};
    for (size_t i = 0; i < sizeof PSEUDONYMISE / sizeof PSEUDONYMISE[0] && !rc; i++)
        rc = kp_sql_exec(ctx->db, PSEUDONYMISE[i], p, i + 1 == sizeof PSEUDONYMISE / sizeof PSEUDONYMISE[0] ? 3 : 1);
    if (!rc)
        rc = strip_change_values(ctx, client_id);
    if (rc)
        return rc;
    kp_field_change ch[] = {{"given_name", NULL, NULL},  {"family_name", NULL, NULL}, {"personal_code", NULL, NULL},
                            {"contact_notes", NULL, NULL}, {"task_texts", NULL, NULL}, {"plan_goals", NULL, NULL}};
    char reason[160];
    snprintf(reason, sizeof reason, "retention rule %s: case closed more than %d years ago", rule->rule, rule->years);
    return kp_audit_change(ctx, "privacy_pseudonymise", "client", client_id, client_id, NULL, reason, ch,
                           sizeof ch / sizeof ch[0]);
}

kp_rc kp_retention_run(kp_ctx *ctx, const kp_privacy_config *cfg, const char *at, bool apply,
                       kp_retention_result *out)
{
    if (!ctx || !cfg || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (ctx->role != KP_ROLE_SYSTEM && ctx->role != KP_ROLE_ADMIN)
        return KP_EDENIED;
    kp_date day = kp_ctx_today(ctx);
    if (at && *at && kp_date_parse_iso(at, &day))
        return KP_EINVAL;
    kp_date_format_iso(day, out->at);
    const kp_retention_rule *cases = kp_privacy_rule(cfg, "closed_case");
    const kp_retention_rule *access = kp_privacy_rule(cfg, "access_log");
    kp_rc rc = apply ? kp_store_begin(ctx->db) : kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    if (cases) {
        kp_date_format_iso(years_before(day, cases->years), out->closed_before);
        kp_stmt *s = NULL;
        bool row = false;
        rc = kp_store_prepare(ctx->db, DUE_SQL, &s);
        if (!rc)
            rc = kp_stmt_bind_text(s, 1, out->closed_before);
        if (!rc)
            rc = kp_stmt_bind_text(s, 2, out->at);
        while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
            if (kp_stmt_int(s, 4)) {
                out->already++;
                continue;
            }
            if (kp_stmt_int(s, 2)) {
                out->held_restricted++;
                continue;
            }
            if (kp_stmt_int(s, 3)) {
                out->held_representative++;
                continue;
            }
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 16;
                out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
            }
            kp_retention_item *it = &out->items[out->n++];
            it->client_id = kp_stmt_int(s, 0);
            snprintf(it->closed_on, sizeof it->closed_on, "%s", kp_stmt_text(s, 1));
        }
        kp_stmt_free(s);
        for (size_t i = 0; apply && !rc && i < out->n; i++)
            rc = pseudonymise(ctx, cases, out->items[i].client_id);
    }
    if (!rc && access) {
        char before[11];
        kp_date_format_iso(years_before(day, access->years), before);
        snprintf(out->access_before, sizeof out->access_before, "%sT00:00:00Z", before);
        kp_param p[] = {KP_PTEXT(out->access_before)};
        rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM access_log WHERE at < ?", p, 1, 0, &out->access_rows);
        if (!rc && apply && out->access_rows) {
            /* access_log is a view (one row per client read) over the
             * records and the clients each showed (sqlite_live.c). */
            rc = kp_sql_exec(ctx->db,
                             "DELETE FROM access_client WHERE access_id IN (SELECT id FROM access_record WHERE at < ?)",
                             p, 1);
            if (!rc)
                rc = kp_sql_exec(ctx->db, "DELETE FROM access_record WHERE at < ?", p, 1);
            if (!rc) {
                char detail[96];
                snprintf(detail, sizeof detail, "retention rule access_log: %lld records before %s",
                         (long long)out->access_rows, out->access_before);
                rc = kp_audit(ctx, "privacy_retention", "access_log", 0, 0, detail);
            }
        }
    }
    rc = kp_store_finish(ctx->db, rc);
    if (rc) {
        kp_retention_result_free(out);
        return rc;
    }
    out->applied = apply;
    return KP_OK;
}
