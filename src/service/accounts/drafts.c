/* Form drafts and one-time form tokens (see drafts.h). */
#include "service/accounts/drafts.h"
#include "service/access.h"
#include "service/sql.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

static bool ok_ctx(const kp_ctx *ctx, const char *form)
{
    return ctx && ctx->user_id > 0 && form && *form && strlen(form) <= 64;
}

/* Forms whose record key is a client id. */
static const char *const CLIENT_FORMS[] = {"plan", "assessment", NULL};

/* A draft of a client's form belongs to someone who may change that
 * client's records; any other client id answers as an unknown one. */
static kp_rc draft_scope(kp_ctx *ctx, const char *form, const char *record_key)
{
    for (size_t i = 0; CLIENT_FORMS[i]; i++) {
        if (strcmp(form, CLIENT_FORMS[i]) != 0)
            continue;
        char *end = NULL;
        long long id = record_key && *record_key ? strtoll(record_key, &end, 10) : 0;
        if (id <= 0 || !end || *end)
            return KP_ENOTFOUND;
        return kp_access_client(ctx, id, true);
    }
    return KP_OK;
}

kp_rc kp_draft_save(kp_ctx *ctx, const char *form, const char *record_key, const char *body, int64_t now)
{
    if (!ok_ctx(ctx, form) || !body)
        return KP_EINVAL;
    if (strlen(body) > KP_DRAFT_MAX)
        return KP_ETOOBIG;
    kp_rc rc = draft_scope(ctx, form, record_key);
    if (rc)
        return rc;
    /* Drafts are side tables: a long writer holding the records' lock does
     * not stop an autosave. */
    rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    /* Everyone's stale drafts go on the way (an index range, usually empty). */
    kp_param old[] = {KP_PINT(now - KP_DRAFT_MAX_AGE)};
    rc = kp_sql_exec(ctx->db, "DELETE FROM form_draft WHERE updated_at < ?", old, 1);
    kp_param p[] = {KP_PINT(ctx->user_id), KP_PTEXT(form), {.t = KP_P_TEXT, .s = record_key ? record_key : ""},
                    {.t = KP_P_TEXT, .s = body}, KP_PINT(now)};
    if (!rc)
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO form_draft(user_id, form, record_key, body, updated_at) VALUES (?, ?, ?, ?, ?)"
                         " ON CONFLICT (user_id, form, record_key) DO UPDATE SET body = excluded.body,"
                         " updated_at = excluded.updated_at",
                         p, KP_NPARAMS(p));
    /* At most KP_DRAFTS_PER_USER: the oldest go (the one just saved is the newest). */
    kp_param q[] = {KP_PINT(ctx->user_id), KP_PINT(KP_DRAFTS_PER_USER)};
    if (!rc)
        rc = kp_sql_exec(ctx->db,
                         "DELETE FROM form_draft WHERE user_id = ?1 AND id NOT IN (SELECT id FROM form_draft"
                         " WHERE user_id = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2)",
                         q, 2);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_draft_load(kp_ctx *ctx, const char *form, const char *record_key, int64_t now, char **body)
{
    if (!ok_ctx(ctx, form) || !body)
        return KP_EINVAL;
    *body = NULL;
    kp_stmt *s = NULL;
    bool row = false;
    int64_t id = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT body, id, updated_at FROM form_draft WHERE user_id = ? AND form = ? AND record_key = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, ctx->user_id);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, form);
    if (!rc)
        rc = kp_stmt_bind_text(s, 3, record_key ? record_key : "");
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc && kp_stmt_int(s, 2) < now - KP_DRAFT_MAX_AGE) {
        id = kp_stmt_int(s, 1);
        rc = KP_ENOTFOUND;
    }
    if (!rc)
        *body = kp_xstrdup(kp_stmt_text(s, 0));
    kp_stmt_free(s);
    if (id) {
        kp_param p[] = {KP_PINT(id)};
        kp_rc drc = kp_sql_exec(ctx->db, "DELETE FROM form_draft WHERE id = ?", p, 1);
        if (drc)
            rc = drc;
    }
    return rc;
}

kp_rc kp_draft_delete(kp_ctx *ctx, const char *form, const char *record_key)
{
    if (!ok_ctx(ctx, form))
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(ctx->user_id), KP_PTEXT(form), {.t = KP_P_TEXT, .s = record_key ? record_key : ""}};
    return kp_sql_exec(ctx->db, "DELETE FROM form_draft WHERE user_id = ? AND form = ? AND record_key = ?", p, 3);
}

kp_rc kp_idem_find(kp_ctx *ctx, const char *token, int64_t *created_id)
{
    if (!ctx || ctx->user_id <= 0 || !token || !*token || !created_id)
        return KP_EINVAL;
    *created_id = -1;
    kp_param p[] = {KP_PINT(ctx->user_id), KP_PTEXT(token)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT COALESCE(created_id, 0) FROM idempotency WHERE user_id = ? AND token = ?", p,
                          2, -1, created_id);
    if (!rc && *created_id < 0) {
        *created_id = 0;
        rc = KP_ENOTFOUND;
    }
    return rc;
}

kp_rc kp_idem_record(kp_ctx *ctx, const char *token, int64_t created_id, int64_t now)
{
    if (!ctx || ctx->user_id <= 0 || !token || !*token || strlen(token) > 128)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(token), KP_PINT(ctx->user_id), KP_PREF(created_id), KP_PINT(now)};
    kp_rc rc = kp_sql_exec(ctx->db, "INSERT INTO idempotency(token, user_id, created_id, at) VALUES (?, ?, ?, ?)", p,
                           KP_NPARAMS(p));
    /* A week of tokens is plenty to catch a double submit. */
    kp_param q[] = {KP_PINT(now - 7 * 86400)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "DELETE FROM idempotency WHERE at < ?", q, 1);
    return rc;
}
