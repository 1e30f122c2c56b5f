/* The audit trail: who did what to which record, when. */
#ifndef KOPA_SERVICE_AUDIT_H
#define KOPA_SERVICE_AUDIT_H
#include <stdint.h>
#include "service/ctx.h"

/* Writes one audit record. `detail` must never contain a personal code.
 * client_id 0 = the record is not a client's. */
kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail);

#endif
