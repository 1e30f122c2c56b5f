/* One INSERT and its audit record, in a nested transaction: the use case
 * opens it (kp_store_begin), inserts through its query file and ends it
 * here. */
#ifndef KOPA_SERVICE_INSERT_H
#define KOPA_SERVICE_INSERT_H
#include "service/ctx.h"

/* Ends the transaction of one INSERT whose result is `rc`: when rc is 0
 * writes the "create" audit record of `entity` `id` (of client `client`, 0
 * for none) and commits, else rolls back. *id_out (may be NULL) = id on
 * success. Returns rc or the failure of the audit or commit. */
kp_rc kp_insert_audited_end(kp_ctx *ctx, kp_rc rc, const char *entity, int64_t id, int64_t client, int64_t *id_out);

#endif
