/* The receipt of an application made online (issue 12, item 2): a PDF with
 * the reference number, the status code, when and to whom it was made and
 * what happens next — nothing of the person. */
#ifndef KOPA_REPORT_RECEIPT_H
#define KOPA_REPORT_RECEIPT_H
#include <stdint.h>
#include "core/buf.h"
#include "service/ctx.h"

/* Appends the receipt PDF, in ctx->lang, to pdf_out (caller-owned) for the
 * application named by `reference` and `code`, checked and throttled as a
 * status look-up (kp_app_status_get): KP_ENOTFOUND for an unknown or wrong
 * pair, KP_ERULE with *retry_after, KP_EINVAL for NULL arguments. */
kp_rc kp_document_application_receipt(kp_ctx *ctx, const char *reference, const char *code, const char *address,
                                      int64_t now, kp_buf *pdf_out, int64_t *retry_after);

#endif
