/* One INSERT and its audit record, in a nested transaction. */
#ifndef KOPA_SERVICE_INSERT_H
#define KOPA_SERVICE_INSERT_H
#include "service/ctx.h"
#include "service/sql.h"

kp_rc kp_insert_audited(kp_ctx *ctx, const char *sql, const kp_param *p, size_t n, const char *entity, int64_t client,
                        int64_t *id_out);

#endif
