/* Retention (GDPR Art. 5(1)(e)): pseudonymising closed cases and deleting
 * old access records by the rules of data/retention.csv (privacy.h). */
#include "service/privacy/privacy.h"
#include "core/date.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/audit_sql.h"
#include "service/privacy/privacy_sql.h"
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

/* Each history record of the client keeps only the names of the fields it
 * changed: [{"field":…,"old":…,"new":…},…] becomes [{"field":…},…]. Done
 * here with jansson rather than in SQL, whose JSON functions differ between
 * SQLite and PostgreSQL. */
static kp_rc strip_change_values(kp_ctx *ctx, int64_t client_id)
{
    kp_q_changes v = {0};
    kp_rc rc = kp_q_audit_changes_of(ctx->db, client_id, &v);
    size_t n = 0;
    char **texts = kp_xcalloc(v.n ? v.n : 1, sizeof *texts);
    for (size_t k = 0; !rc && k < v.n; k++) {
        json_error_t err;
        json_t *in = json_loads(v.items[k].changes ? v.items[k].changes : "", 0, &err);
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
        texts[n++] = t;
    }
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_q_audit_set_changes(ctx->db, v.items[i].id, texts[i]);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    kp_q_changes_free(&v);
    return rc;
}

static kp_rc pseudonymise(kp_ctx *ctx, const kp_retention_rule *rule, int64_t client_id)
{
    kp_rc rc = kp_q_pseudonymise(ctx->db, client_id, ctx->now, ctx->actor ? ctx->actor : "unknown");
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
        kp_q_dues due = {0};
        rc = kp_q_retention_due(ctx->db, out->closed_before, out->at, &due);
        for (size_t k = 0; !rc && k < due.n; k++) {
            const kp_q_due *d = &due.items[k];
            if (d->pseudonymised) {
                out->already++;
                continue;
            }
            if (d->restricted) {
                out->held_restricted++;
                continue;
            }
            if (d->representative) {
                out->held_representative++;
                continue;
            }
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 16;
                out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
            }
            kp_retention_item *it = &out->items[out->n++];
            it->client_id = d->client_id;
            memcpy(it->closed_on, d->closed_on, sizeof it->closed_on);
        }
        free(due.items);
        for (size_t i = 0; apply && !rc && i < out->n; i++)
            rc = pseudonymise(ctx, cases, out->items[i].client_id);
    }
    if (!rc && access) {
        char before[11];
        kp_date_format_iso(years_before(day, access->years), before);
        snprintf(out->access_before, sizeof out->access_before, "%sT00:00:00Z", before);
        /* Applying counts the access log's old records, then deletes them:
         * the side tables' lock before the count (kp_store_claim_side), not
         * from the start, so the access writer waits only for this part. */
        if (apply)
            rc = kp_store_claim_side(ctx->db);
        if (!rc)
            rc = kp_q_access_log_count_before(ctx->db, out->access_before, &out->access_rows);
        if (!rc && apply && out->access_rows) {
            rc = kp_q_access_delete_before(ctx->db, out->access_before);
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
