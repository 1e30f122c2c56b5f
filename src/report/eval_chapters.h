/* The evaluation as the document a region publishes: the figures' chapters
 * (report/eval_model.h) with the coordinator's chapters of text placed
 * where seed 003 has them, rendered in any format, and approved as
 * numbered versions (service/figures/evaluations.h). The CLI and the web
 * pages both go through here, so the file approved on a page and on the
 * command line are made the same way. */
#ifndef KOPA_REPORT_EVAL_CHAPTERS_H
#define KOPA_REPORT_EVAL_CHAPTERS_H
#include "core/buf.h"
#include "report/model.h"
#include "service/figures/chapters.h"
#include "service/figures/evaluations.h"
#include "service/figures/figures.h"

/* Latvian title of a chapter key ("Ievads un tiesiskais pamats"); NULL for
 * an unknown key. */
const char *kp_eval_chapter_title(const char *key);

/* Adds the chapters that have text to a document kp_eval_build made: the
 * introduction first, the others (deviation factors, findings,
 * recommendations, opinions) before the first appendix, or at the end.
 * Plain text: an empty line starts a paragraph, a line starting with "- ",
 * "* " or "• " is a list item; nothing in it is markup. KP_EINVAL for NULL. */
kp_rc kp_eval_add_chapters(kp_doc *doc, const kp_chapter chapters[KP_CHAPTER_COUNT]);

/* kp_eval_build and the chapters: `chapters` as kp_chapters_current gives
 * them, or NULL to read the current ones (a region's; "ALL" has none).
 * `version_line` (may be NULL) is added to the state line and the footer
 * ("apstiprināta versija 2, 01.12.2026."). Contract of kp_eval_build. */
kp_rc kp_eval_document(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs,
                       const kp_chapter *chapters, const char *version_line, kp_doc *doc);

/* The evaluation in `format` (csv, json: the tidy rows; pdf, xlsx, html:
 * the document) appended to out. KP_EINVAL for an unknown format. */
kp_rc kp_eval_render(kp_ctx *ctx, const char *region, kp_date at, const char *format, const kp_figures *figs,
                     const kp_chapter *chapters, const char *version_line, kp_buf *out);

/* Approves the region's evaluation at `at` as its next version: computes
 * the figures, reads the current chapters, renders each of `formats` (1 to
 * KP_EVAL_MAX_FILES) saying which version it is, and stores them
 * (kp_evaluation_approve_version). expect_version: the number the page
 * showed (0 = any); KP_ECONFLICT when another approval came first.
 * `first` (may be NULL) gets the bytes of formats[0]. */
kp_rc kp_eval_publish(kp_ctx *ctx, const char *region, kp_date at, const char *const *formats, size_t nformats,
                      int64_t expect_version, kp_eval_version *out, kp_buf *first);

#endif
