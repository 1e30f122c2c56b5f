/* Progress at a glance on start pages (region coordinators, the ministry,
 * municipal heads): each indicator's value at today or a chosen date,
 * baseline, target, trend (an inline SVG sparkline with its values as
 * text) and status against the target line (service/figures/progress.h),
 * with the rule stated and a link to /cost for the same scope and date.
 * Also the scope form (date, and a region choice
 * for the ministry and administrators) that /cost shares. */
#ifndef KOPA_WEB_PROGRESS_PANEL_H
#define KOPA_WEB_PROGRESS_PANEL_H
#include "core/date.h"
#include "web/web.h"
#include "service/figures/disclosure.h"

/* The date asked for (`date`, ISO) or today; false (and a 400 answer
 * prepared in r->errors) when the input is not a date. */
bool kp_progress_date(kp_req *r, kp_date *at, char iso[11]);

/* The municipality named by ATVK code in `municipality` (any time's code:
 * the service rolls it up to the date's territory): 0 when none is named,
 * -1 when it names none (answer 404: unknown and out of scope look alike). */
int64_t kp_progress_municipality(kp_req *r);

/* The region asked for: `region` if given, else the caller's own, else
 * (ministry, administrators) the first region with indicators, else the
 * first region. */
void kp_progress_region(kp_req *r, char region[8]);

/* A GET form to `action` with the date field and, for the ministry and
 * administrators, the region select. */
void kp_progress_form(kp_req *r, const char *action, const char *region, const char *date_iso);

/* Writes the panel; answers nothing and returns the HTTP status of a
 * refusal (404 outside scope) or 0 when written. */
int kp_progress_panel(kp_req *r);

/* A small line chart of `n` values as inline SVG with `label` as its
 * accessible name (the values in words). */
void kp_sparkline(kp_req *r, const int64_t *values, const bool *found, size_t n, const char *label);

/* ---- open data without small numbers on the figure pages -----------------
 * (/cost, /need, the progress panel and their JSON; docs/figures.md). */

/* 1 and *rule filled when the caller gets the suppressed figures of
 * `region` (kp_disclosure_needed; a municipal head, shown only their own
 * municipality, gets exact figures), 0 for exact figures, -1 when the rule
 * cannot be read (answer 500). */
int kp_open_rule(kp_req *r, const char *region, kp_disclosure_rule *rule);

/* The rule stated on a page, in the page's language, as a paragraph. */
void kp_open_statement(kp_req *r, const kp_disclosure_rule *rule);

/* The rule as the JSON answers state it, like the evaluation's open data
 * (metadata.disclosure): {threshold, rule, noteikums, suppressed}; JSON
 * null for exact figures (rule NULL). */
json_t *kp_open_json(const kp_disclosure_rule *rule, size_t nsuppressed);

/* A suppressed cell's mark on pages and in CSV, and the JSON flag. */
#define KP_OPEN_MARK "c"

#endif
