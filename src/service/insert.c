/* One INSERT and its audit record (see insert.h). */
#include "service/insert.h"
#include "service/audit.h"

kp_rc kp_insert_audited_by(kp_ctx *ctx, kp_insert_fn insert, const void *arg, const char *entity, int64_t client,
                           int64_t *id_out)
{
    if (!ctx || !insert || !entity)
        return KP_EINVAL;
    int64_t id = 0;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = insert(ctx->db, arg, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", entity, id, client, "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

/* The caller's statement, as kp_insert_audited_by's insert. */
typedef struct sql_insert {
    const char *sql;
    const kp_param *p;
    size_t n;
} sql_insert;

static kp_rc run_sql_insert(kp_store *st, const void *arg, int64_t *id)
{
    const sql_insert *q = arg;
    return kp_sql_insert(st, q->sql, q->p, q->n, id);
}

kp_rc kp_insert_audited(kp_ctx *ctx, const char *sql, const kp_param *p, size_t n, const char *entity, int64_t client,
                        int64_t *id_out)
{
    sql_insert q = {sql, p, n};
    return kp_insert_audited_by(ctx, run_sql_insert, &q, entity, client, id_out);
}
