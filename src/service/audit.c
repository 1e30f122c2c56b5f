/* Audit records (see audit.h). */
#include "service/audit.h"

static kp_rc write_record(kp_ctx *ctx, const char *sql, const char *action, const char *entity, int64_t entity_id,
                   int64_t client_id, const char *detail)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (rc)
        return rc;
    kp_stmt_bind_text(s, 1, ctx->now);
    kp_stmt_bind_text(s, 2, ctx->actor ? ctx->actor : "unknown");
    kp_stmt_bind_text(s, 3, kp_role_name(ctx->role));
    kp_stmt_bind_text(s, 4, action);
    kp_stmt_bind_text(s, 5, entity);
    if (entity_id)
        kp_stmt_bind_int(s, 6, entity_id);
    if (client_id)
        kp_stmt_bind_int(s, 7, client_id);
    kp_stmt_bind_text(s, 8, detail ? detail : "");
    rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail)
{
    return write_record(ctx,
                 "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 action, entity, entity_id, client_id, detail);
}

kp_rc kp_audit_access(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *detail)
{
    return write_record(ctx,
                 "INSERT INTO access_log(at, actor, role, action, entity, entity_id, client_id, detail)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 action, entity, entity_id, client_id, detail);
}
