/* Scoped access, decided here once for every front end. Deny by default:
 * a role not named in a rule is refused. A record outside the caller's scope
 * answers KP_ENOTFOUND, so its existence does not leak. */
#ifndef KOPA_SERVICE_ACCESS_H
#define KOPA_SERVICE_ACCESS_H
#include <stdbool.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/errors.h"

/* The municipality that holds `id`'s records on `at`: itself, or the
 * successor it merged into (followed through several reforms). */
kp_rc kp_municipality_rollup(kp_ctx *ctx, int64_t id, kp_date at, int64_t *out);

/* May the caller read (write=false) or change a client's records? The
 * scope only: whether the record is restricted (GDPR Art. 18) is
 * kp_client_unrestricted's question, asked at the audit of every change. */
kp_rc kp_access_client(kp_ctx *ctx, int64_t client_id, bool write);
/* KP_ERESTRICTED when the client's record is restricted now, KP_OK when
 * not (or client_id <= 0), KP_EDB when it cannot be read. kp_audit and
 * kp_audit_change call it for every change of a client's records (in the
 * change's transaction), so no use case can change a frozen record. */
kp_rc kp_client_unrestricted(kp_ctx *ctx, int64_t client_id);
/* A client id from a form or file, scope-checked before anything about the
 * client is looked at, so that validation messages cannot leak what lies
 * outside the caller's scope. KP_OK with *out = the id (0 when the field
 * is empty or not a number: a message is added to e); or KP_ENOTFOUND /
 * KP_EDENIED with e as it was before the call (an unknown id and one out
 * of scope answer the same). */
kp_rc kp_scope_client_field(kp_ctx *ctx, kp_errors *e, const char *field, const char *value, bool write,
                            int64_t *out);

/* May the caller create case records in this municipality? */
kp_rc kp_access_municipality(kp_ctx *ctx, int64_t municipality_id, bool write);
/* May the caller read or change a region's programme records (projects,
 * DI plan, indicators)? region "" = national records. */
kp_rc kp_access_region(kp_ctx *ctx, const char *region, bool write);
/* May the caller record deliveries or read records of this provider? */
kp_rc kp_access_provider(kp_ctx *ctx, int64_t provider_id, bool write);

/* ATVK code of a municipality by id into out (≥ 8 bytes); KP_ENOTFOUND. */
kp_rc kp_municipality_atvk(kp_ctx *ctx, int64_t id, char *out, size_t outlen);

/* Today's date from ctx->now. */
kp_date kp_ctx_today(const kp_ctx *ctx);

#endif
