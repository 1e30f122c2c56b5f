/* One INSERT and its audit record (see insert.h). */
#include "service/insert.h"
#include "service/audit.h"

kp_rc kp_insert_audited_end(kp_ctx *ctx, kp_rc rc, const char *entity, int64_t id, int64_t client, int64_t *id_out)
{
    if (!ctx)
        return KP_EINVAL; /* no store to end the transaction on */
    if (!entity && !rc)
        rc = KP_EINVAL;
    if (!rc)
        rc = kp_audit(ctx, "create", entity, id, client, "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}
