/* One INSERT and its audit record (see insert.h). */
#include "service/insert.h"
#include "service/audit.h"

kp_rc kp_insert_audited(kp_ctx *ctx, const char *sql, const kp_param *p, size_t n, const char *entity, int64_t client,
                        int64_t *id_out)
{
    int64_t id = 0;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_sql_insert(ctx->db, sql, p, n, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", entity, id, client, "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}
