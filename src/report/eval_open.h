/* The evaluation as open data: the same files (CSV, JSON, PDF, XLSX, HTML)
 * with counts of persons below the threshold suppressed and the cells that
 * would give them away suppressed too (service/figures/disclosure.h). What
 * is published beyond the officials who need exact figures — the
 * ministry's downloads, the public open-data URL, `kopa report evaluation
 * --open-data` — is made here. Each file states the rule and threshold:
 * metadata lines in CSV, "metadata" in JSON, the first page's notice in
 * PDF, HTML and XLSX. */
#ifndef KOPA_REPORT_EVAL_OPEN_H
#define KOPA_REPORT_EVAL_OPEN_H
#include "core/buf.h"
#include "report/model.h"
#include "service/figures/chapters.h"
#include "service/figures/disclosure.h"
#include "service/figures/figures.h"

/* A suppressed cell as printed in the documents. */
#define KP_SUPPRESSED_MARK "c"

/* Suppresses the cells of a document built from `f` (kp_eval_build):
 * every cell naming a figure that d suppresses, the recipients' row sums d
 * suppresses, and the counts of persons the report computed itself
 * (kp_cell.persons, e.g. the cost chapter): those are suppressed when
 * small, and each table column of them with one suppressed cell gets its
 * next smallest suppressed too. A suppressed cell becomes the text
 * KP_SUPPRESSED_MARK; a bar chart of persons becomes a paragraph (its
 * bars are the figures of the table beside it). The rule is stated in
 * the document's notice. KP_EINVAL for NULL arguments or d not made from
 * f. */
kp_rc kp_doc_disclose(kp_doc *doc, const kp_figures *f, const kp_disclosure *d);

/* kp_eval_render (report/eval_chapters.h) for open data: the figures
 * suppressed under `rule`. `source` (may be NULL) names the version in
 * the CSV/JSON metadata ("approved version 2"). KP_EINVAL for an unknown
 * format or a NULL argument. */
kp_rc kp_eval_render_open(kp_ctx *ctx, const char *region, kp_date at, const char *format, const kp_figures *figs,
                          const kp_disclosure_rule *rule, const kp_chapter *chapters, const char *version_line,
                          const char *source, kp_buf *out);

#endif
