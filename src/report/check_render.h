/* The data-quality report (service/quality/checks.h) as text, CSV and a
 * standalone HTML page, in Latvian or English (`lang` "lv" or "en"; the
 * findings' messages are in the language the checks ran in). Each appends
 * to `out` (the caller owns and frees it) and fails only with the buffer's
 * KP_ETOOBIG, leaving a partial result the caller discards; KP_EINVAL for
 * NULL arguments. `scope` names what was checked ("region ZPR"), may be NULL. */
#ifndef KOPA_REPORT_CHECK_RENDER_H
#define KOPA_REPORT_CHECK_RENDER_H
#include "core/buf.h"
#include "service/quality/checks.h"

/* A summary line, every check with its count, then the findings grouped by
 * check with what to do. */
kp_rc kp_check_render_text(const kp_check_report *r, const char *lang, const char *scope, kp_buf *out);

/* One row per finding (header first; RFC 4180; LF line ends). Free text a
 * spreadsheet would run as a formula gets a leading ' as `kopa export`
 * does (docs/import.md, "Spreadsheets"). */
kp_rc kp_check_render_csv(const kp_check_report *r, const char *lang, kp_buf *out);

/* A standalone HTML5 page with inline CSS: the summary table and one
 * section per check with findings; every text escaped. */
kp_rc kp_check_render_html(const kp_check_report *r, const char *lang, const char *scope, kp_buf *out);

#endif
