/* The subject access export (GDPR Art. 15): everything held about one
 * client as one JSON object (privacy.h). */
#include "service/privacy/privacy.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/privacy/privacy_sql.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A list of the client's rows under `key` of `into`, counted in `counts`. */
static kp_rc section(kp_ctx *ctx, json_t *into, json_t *counts, const char *key, kp_q_export_part part,
                     int64_t client_id)
{
    json_t *arr = json_array();
    kp_rc rc = kp_q_export_rows(ctx->db, part, client_id, arr);
    json_object_set_new(counts, key, json_integer((json_int_t)json_array_size(arr)));
    json_object_set_new(into, key, arr);
    return rc;
}

/* Rows nested under each parent row: for every element of `parents`, the
 * rows of `sql` bound with its "id" under `key`; their number is added to
 * counts[key]. */
static kp_rc nested(kp_ctx *ctx, json_t *parents, json_t *counts, const char *key, kp_q_export_part part)
{
    size_t i, total = 0;
    json_t *parent;
    kp_rc rc = KP_OK;
    json_array_foreach(parents, i, parent)
    {
        json_t *arr = json_array();
        rc = kp_q_export_rows(ctx->db, part, json_integer_value(json_object_get(parent, "id")), arr);
        total += json_array_size(arr);
        json_object_set_new(parent, key, arr);
        if (rc)
            break;
    }
    json_object_set_new(counts, key, json_integer((json_int_t)total));
    return rc;
}

/* One personal code, opened with the key, appended to the array arg. */
typedef struct code_walk {
    kp_ctx *ctx;
    json_t *arr;
} code_walk;

static kp_rc code_add(const kp_q_sealed_code *c, void *arg)
{
    code_walk *w = arg;
    char code[64];
    kp_rc rc = kp_keyring_open(w->ctx->keys, c->sealed, c->sealed_len, code, sizeof code);
    if (rc)
        return rc;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "personal_code", json_string(code));
    json_object_set_new(o, "valid_from", json_string(c->valid_from));
    json_object_set_new(o, "valid_to", c->valid_to ? json_string(c->valid_to) : json_null());
    json_object_set_new(o, "check_warning", json_integer(c->check_warning));
    json_array_append_new(w->arr, o);
    return KP_OK;
}

/* Every personal code the person held, opened with the key. */
static kp_rc codes(kp_ctx *ctx, int64_t client_id, json_t *into, json_t *counts)
{
    if (!ctx->keys)
        return KP_ECRYPTO;
    code_walk w = {ctx, json_array()};
    kp_rc rc = kp_q_sealed_codes_each(ctx->db, client_id, code_add, &w);
    json_object_set_new(counts, "personal_codes", json_integer((json_int_t)json_array_size(w.arr)));
    json_object_set_new(into, "personal_codes", w.arr);
    return rc;
}

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
    /* Both locks: the export reads the access log (side tables) and then
     * records its own access there (see kp_store_begin_both). */
    kp_rc rc = kp_store_begin_both(ctx->db);
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
    rc = kp_q_export_rows(ctx->db, KP_Q_EXPORT_CLIENT, client_id, client);
    if (!rc && json_array_size(client) != 1)
        rc = KP_ENOTFOUND;
    json_object_set(doc, "client", json_array_get(client, 0) ? json_array_get(client, 0) : json_null());
    json_decref(client);
    if (rc)
        goto out;
    json_object_set_new(counts, "client", json_integer(1));
    rc = codes(ctx, client_id, doc, counts);
#define SECTION(key, part)                                                                                             \
    do {                                                                                                               \
        if (!rc)                                                                                                       \
            rc = section(ctx, doc, counts, key, part, client_id);                                                      \
    } while (0)
    SECTION("versions", KP_Q_EXPORT_VERSIONS);
    SECTION("residences", KP_Q_EXPORT_RESIDENCES);
    SECTION("assessments", KP_Q_EXPORT_ASSESSMENTS);
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assessments"), counts, "needs", KP_Q_EXPORT_NEEDS);
    SECTION("support_plans", KP_Q_EXPORT_SUPPORT_PLANS);
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "support_plans"), counts, "plan_items", KP_Q_EXPORT_PLAN_ITEMS);
    SECTION("assignments", KP_Q_EXPORT_ASSIGNMENTS);
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assignments"), counts, "suspensions", KP_Q_EXPORT_SUSPENSIONS);
    if (!rc)
        rc = nested(ctx, json_object_get(doc, "assignments"), counts, "deliveries", KP_Q_EXPORT_DELIVERIES);
    SECTION("claim_lines", KP_Q_EXPORT_CLAIM_LINES);
    SECTION("contacts", KP_Q_EXPORT_CONTACTS);
    SECTION("tasks", KP_Q_EXPORT_TASKS);
    SECTION("representatives", KP_Q_EXPORT_REPRESENTATIVES);
    SECTION("represented", KP_Q_EXPORT_REPRESENTED);
    SECTION("worker", KP_Q_EXPORT_WORKER);
    SECTION("legal_bases", KP_Q_EXPORT_LEGAL_BASES);
    SECTION("restrictions", KP_Q_EXPORT_RESTRICTIONS);
    SECTION("documents", KP_Q_EXPORT_DOCUMENTS);
    SECTION("history", KP_Q_EXPORT_HISTORY);
    SECTION("access", KP_Q_EXPORT_ACCESS);
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
