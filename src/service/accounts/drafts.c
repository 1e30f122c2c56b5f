/* Form drafts and one-time form tokens (see drafts.h). */
#include "service/accounts/drafts.h"
#include "service/access.h"
#include "service/accounts/accounts_sql.h"
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
    rc = kp_q_drafts_prune(ctx->db, now - KP_DRAFT_MAX_AGE);
    if (!rc)
        rc = kp_q_draft_put(ctx->db, ctx->user_id, form, record_key, body, now);
    /* At most KP_DRAFTS_PER_USER: the oldest go (the one just saved is the newest). */
    if (!rc)
        rc = kp_q_drafts_trim(ctx->db, ctx->user_id, KP_DRAFTS_PER_USER);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_draft_load(kp_ctx *ctx, const char *form, const char *record_key, int64_t now, char **body)
{
    if (!ok_ctx(ctx, form) || !body)
        return KP_EINVAL;
    *body = NULL;
    kp_q_draft d;
    bool row = false;
    int64_t id = 0;
    kp_rc rc = kp_q_draft_get(ctx->db, ctx->user_id, form, record_key, &d, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc && d.updated_at < now - KP_DRAFT_MAX_AGE) {
        id = d.id;
        rc = KP_ENOTFOUND;
    }
    if (!rc) {
        *body = d.body ? d.body : kp_xstrdup("");
        d.body = NULL;
    }
    if (row)
        free(d.body);
    if (id) {
        kp_rc drc = kp_q_draft_delete_id(ctx->db, id);
        if (drc)
            rc = drc;
    }
    return rc;
}

kp_rc kp_draft_delete(kp_ctx *ctx, const char *form, const char *record_key)
{
    if (!ok_ctx(ctx, form))
        return KP_EINVAL;
    return kp_q_draft_delete(ctx->db, ctx->user_id, form, record_key);
}

kp_rc kp_idem_find(kp_ctx *ctx, const char *token, int64_t *created_id)
{
    if (!ctx || ctx->user_id <= 0 || !token || !*token || !created_id)
        return KP_EINVAL;
    *created_id = -1;
    kp_rc rc = kp_q_idem_find(ctx->db, ctx->user_id, token, created_id);
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
    kp_rc rc = kp_q_idem_insert(ctx->db, token, ctx->user_id, created_id, now);
    /* A week of tokens is plenty to catch a double submit. */
    if (!rc)
        rc = kp_q_idem_prune(ctx->db, now - 7 * 86400);
    return rc;
}
