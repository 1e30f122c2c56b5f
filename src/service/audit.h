/* The audit trail: who did what to which record, when. */
#ifndef KOPA_SERVICE_AUDIT_H
#define KOPA_SERVICE_AUDIT_H
#include <stdint.h>
#include "service/ctx.h"

/* Writes one audit record of a change, in the caller's transaction (so the
 * change and its record are stored together or not at all). `detail` must
 * never contain a personal code. client_id 0 = the record is not a client's. */
kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail);

/* Writes one record of access: somebody saw a client's data (a list, a card,
 * a document, a personal code) or logged in or out. It goes to the access
 * log of the side tables, which a long writer holding the records' lock
 * does not block; the read it records must not be shown when this fails. */
kp_rc kp_audit_access(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *detail);

#endif
