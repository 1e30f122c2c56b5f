/* One INSERT and its audit record, in a nested transaction. */
#ifndef KOPA_SERVICE_INSERT_H
#define KOPA_SERVICE_INSERT_H
#include "service/ctx.h"
#include "service/sql.h"

/* Runs the caller's INSERT (sql with p) and records "create" of `entity`.
 * For use cases whose SQL has not moved to a query file yet (issue 13);
 * new code uses kp_insert_audited_by. */
kp_rc kp_insert_audited(kp_ctx *ctx, const char *sql, const kp_param *p, size_t n, const char *entity, int64_t client,
                        int64_t *id_out);

/* As kp_insert_audited with the insert made by a query function:
 * insert(ctx->db, arg, &id) writes the row and gives its id. */
typedef kp_rc (*kp_insert_fn)(kp_store *st, const void *arg, int64_t *id);
kp_rc kp_insert_audited_by(kp_ctx *ctx, kp_insert_fn insert, const void *arg, const char *entity, int64_t client,
                           int64_t *id_out);

#endif
