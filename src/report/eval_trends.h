/* The evaluation's chapter "Mērķa grupas personu skaita izmaiņas" (seed
 * 003, figures 1–3): the target groups at each year's end over the six
 * years up to the evaluation's date, the children in out-of-family care,
 * and the rates per 1 000 inhabitants, each as a bar chart with a table of
 * the same numbers and the sentences comparing the first and the last
 * year. The figures come from kp_trends_for (service/figures/trends.h);
 * this file only lays them out. */
#ifndef KOPA_REPORT_EVAL_TRENDS_H
#define KOPA_REPORT_EVAL_TRENDS_H
#include "core/buf.h"
#include "report/model.h"
#include "service/figures/trends.h"

/* The first year of the chapter for an evaluation at `at`: five years
 * before the date's year (2016 for 31.12.2021). */
int kp_eval_trends_first_year(kp_date at);

/* The sentence comparing a count of the first and the last year, e.g.
 * "Bērnu ar FT skaits 2016.–2021. gadā pieaudzis par 39 bērniem jeb 3,8 %
 * (no 1026 līdz 1065)." `subject` names what is counted in the genitive
 * ("Bērnu ar FT skaits"); one and many are the noun after "par" for a
 * number ending in 1 (not 11) and for the others ("bērnu", "bērniem").
 * Without a first value the share is left out. out: kp_buf_init'ed by the
 * caller. KP_EINVAL for NULL. */
kp_rc kp_eval_trend_sentence(const char *subject, const char *one, const char *many, int first_year, int last_year,
                             int64_t first, int64_t last, kp_buf *out);

/* Appends the chapter for `region` (or "ALL") at `at` to *doc: its
 * numbers are the rows of section "trends" (municipality 0) of `figs`, the
 * evaluation's figures of the region at `at` (kp_figures_for), or, with
 * figs NULL, kp_trends_for's. KP_EINVAL for NULL arguments (figs aside) or
 * KP_DATE_NONE; the errors of kp_trends_for. */
kp_rc kp_eval_trends_chapter(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc);

#endif
