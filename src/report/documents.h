/* Case documents made from the data already entered: support plan,
 * service assignment decision, referral to a provider, and a provider's
 * monthly delivery statement for a municipality. Each is a PDF that prints
 * its version and the SHA-256 of its data; the same data always gives the
 * same bytes (the creation date comes from the data, not the clock). A plan
 * that is not approved is marked "MELNRAKSTS" on every page.
 *
 * The PDF is appended to `pdf_out` (caller-owned kp_buf). Access follows the
 * records: KP_ENOTFOUND for a record that does not exist or is outside the
 * caller's scope; KP_ECRYPTO when a personal code is needed and ctx->keys is
 * not loaded; KP_EINVAL for a bad argument. Reads are audited. */
#ifndef KOPA_REPORT_DOCUMENTS_H
#define KOPA_REPORT_DOCUMENTS_H
#include <stdint.h>
#include "core/buf.h"
#include "service/ctx.h"

kp_rc kp_document_support_plan(kp_ctx *ctx, int64_t plan_id, kp_buf *pdf_out);
kp_rc kp_document_decision(kp_ctx *ctx, int64_t assignment_id, kp_buf *pdf_out);
kp_rc kp_document_referral(kp_ctx *ctx, int64_t assignment_id, kp_buf *pdf_out);
/* month "YYYY-MM"; atvk the municipality's ATVK code. */
kp_rc kp_document_statement(kp_ctx *ctx, int64_t provider_id, const char *atvk, const char *month, kp_buf *pdf_out);

#endif
