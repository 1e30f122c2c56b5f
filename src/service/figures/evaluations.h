/* Approved evaluations: when a region approves its progress evaluation the
 * rendered files, the tidy figures and the chapter texts behind them are
 * frozen with each file's SHA-256 as version N (approving again makes
 * N+1), so every approved document can be given out unchanged later, and
 * each version says which figures and texts moved since the one before. */
#ifndef KOPA_SERVICE_EVALUATIONS_H
#define KOPA_SERVICE_EVALUATIONS_H
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/date.h"
#include "service/ctx.h"
#include "service/figures/chapters.h"

/* SHA-256 of bytes as 64 lowercase hex digits (+ NUL). */
void kp_sha256_hex(const void *data, size_t n, char out[65]);

/* A rendered file of an approval: format (pdf, xlsx, html, csv or json)
 * and its bytes (not owned). */
typedef struct kp_eval_file_in {
    const char *format;
    const void *content;
    size_t n;
} kp_eval_file_in;

#define KP_EVAL_MAX_FILES 5

/* One approval: version N of a region's evaluation at a date. */
typedef struct kp_eval_version {
    int64_t id;
    int64_t version;          /* 1, 2, … */
    char region[8];
    char at[11];              /* the evaluation's date, ISO */
    char approved_on[11];     /* ISO */
    char approved_at[24];     /* UTC, ISO 8601 */
    char approved_by[64];
    size_t nfiles;
    struct {
        char format[8];
        char sha256[65];
        int64_t bytes;
    } files[KP_EVAL_MAX_FILES];
    size_t nchanges;          /* figures and chapters changed since version N-1 */
} kp_eval_version;

/* One difference between an approval and the one before it (or between the
 * latest approval and the records now). kind "figure": item is the
 * figure's key SECTION/MUNICIPALITY/GROUP/ITEM/MEASURE/PERIOD, values as in
 * the tidy rows ("" = none: a new or gone figure). kind "chapter": item is
 * the chapter key, values the chapter's version numbers ("" = none). */
typedef struct kp_eval_change {
    char kind[8];
    char item[256];
    char old_value[48];
    char new_value[48];
} kp_eval_change;

typedef struct kp_eval_changes {
    kp_eval_change *items;
    size_t n, cap;
} kp_eval_changes;

void kp_eval_changes_free(kp_eval_changes *c);

/* Approves the region's evaluation at `at` as the next version: the files
 * (1..KP_EVAL_MAX_FILES, distinct formats, non-empty) rendered from
 * `figures_csv` (the tidy rows) and the chapter texts `chapters` (the
 * versions the files were drawn with, KP_CHAPTER_COUNT of them, as
 * kp_chapters_current gave them). Stores the version, the texts, every
 * file with its SHA-256 and the list of figures and chapters changed since
 * the previous version, with an audit record, in one transaction. Needs
 * write access to the region (coordinator, administrator): KP_ENOTFOUND
 * for an unknown region or another region, KP_EDENIED for a reader.
 * `expect_version` (0 = any) must be the number this approval gets, and
 * each chapter must still be its current version: else KP_ECONFLICT
 * (someone approved or saved meanwhile; nothing is written). KP_EINVAL for
 * a bad argument. On success *out describes the new version. */
kp_rc kp_evaluation_approve_version(kp_ctx *ctx, const char *region, kp_date at, const kp_eval_file_in *files,
                                    size_t nfiles, const char *figures_csv, const kp_chapter *chapters,
                                    int64_t expect_version, kp_eval_version *out);

/* The number of the next approval of region at `at` (1 when none).
 * Scope as kp_evaluation_versions. */
kp_rc kp_evaluation_next_version(kp_ctx *ctx, const char *region, kp_date at, int64_t *next);

/* Every approval of a region at a date, oldest first, into a new array
 * *out of *n (caller frees). Read access to the region (coordinator,
 * ministry, administrator); KP_ENOTFOUND outside scope or unknown. */
kp_rc kp_evaluation_versions(kp_ctx *ctx, const char *region, kp_date at, kp_eval_version **out, size_t *n);

/* One approval by its id, with what changed since the version before it
 * (changes may be NULL). KP_ENOTFOUND for an unknown id or one of a region
 * outside the caller's scope. */
kp_rc kp_evaluation_version_get(kp_ctx *ctx, int64_t id, kp_eval_version *out, kp_eval_changes *changes);

/* The file of approval `id` in `format`, byte for byte, appended to
 * `content`; sha_out gets its stored hash, checked against the bytes
 * (KP_ESTATE when they no longer match). KP_ENOTFOUND when that approval
 * has no such file or is outside scope. Audited as a read. */
kp_rc kp_evaluation_version_file(kp_ctx *ctx, int64_t id, const char *format, kp_buf *content, char sha_out[65]);

/* What approving now would list: the differences between the latest
 * approval of region at `at` and `fresh_csv` with `chapters` (current
 * versions). *last is the latest version (0 when none; then nothing is
 * listed). Read access to the region. */
kp_rc kp_evaluation_pending(kp_ctx *ctx, const char *region, kp_date at, const char *fresh_csv,
                            const kp_chapter *chapters, int64_t *last, kp_eval_changes *out);

/* Approves one file as the next version (kp_evaluation_approve_version with
 * one file, the current chapters, any version number); sha_out gets the
 * file's SHA-256 and *id_out (may be NULL) the version's id. */
kp_rc kp_evaluation_approve(kp_ctx *ctx, const char *region, kp_date at, const char *format, const void *content,
                            size_t n, const char *figures_csv, char sha_out[65], int64_t *id_out);

/* The file of the latest approval of region and date that has `format`, byte for byte, appended
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
