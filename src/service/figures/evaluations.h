/* Approved evaluations: when a region approves its progress evaluation the
 * rendered file and the tidy figures behind it are frozen with a SHA-256,
 * so the approved document can be given out unchanged later, and a new
 * draft can say which figures moved since. */
#ifndef KOPA_SERVICE_EVALUATIONS_H
#define KOPA_SERVICE_EVALUATIONS_H
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/date.h"
#include "service/ctx.h"

/* SHA-256 of bytes as 64 lowercase hex digits (+ NUL). */
void kp_sha256_hex(const void *data, size_t n, char out[65]);

/* Freezes an evaluation the region approves: `content` (n bytes, the
 * rendered file in `format`: pdf, xlsx, html, csv or json) and
 * `figures_csv` (the tidy rows it was drawn from). Needs write access to
 * the region (coordinator, administrator). KP_ECONFLICT when this region,
 * date and format are already approved; KP_EINVAL for a bad argument.
 * On success sha_out holds the content's SHA-256 and *id_out the id. */
kp_rc kp_evaluation_approve(kp_ctx *ctx, const char *region, kp_date at, const char *format, const void *content,
                            size_t n, const char *figures_csv, char sha_out[65], int64_t *id_out);

/* The approved file for region, date and format, byte for byte, appended
 * to `content` (caller-owned); sha_out gets its stored hash. The hash is
 * checked against the bytes: KP_ESTATE when they no longer match.
 * KP_ENOTFOUND when nothing was approved. Audited as a read. */
kp_rc kp_evaluation_approved(kp_ctx *ctx, const char *region, kp_date at, const char *format, kp_buf *content,
                             char sha_out[65]);

/* Compares freshly computed tidy rows (`fresh_csv`, the CSV form of
 * report/evaluation_rows.h) with the figures of the latest approval for the
 * region and date, and appends one line per difference to `report`:
 * "changed SECTION/MUNICIPALITY/GROUP/ITEM/MEASURE/PERIOD: OLD -> NEW",
 * "new …: VALUE", "gone …: VALUE". *nchanged counts them. KP_ENOTFOUND when
 * nothing was approved for that region and date. */
kp_rc kp_evaluation_changes(kp_ctx *ctx, const char *region, kp_date at, const char *fresh_csv, kp_buf *report,
                            size_t *nchanged);

#endif
