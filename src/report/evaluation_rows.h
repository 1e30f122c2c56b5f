/* The evaluation's figures as open-data rows: CSV with the header
 * section,municipality,target_group,item,measure,period,value, or JSON with
 * the same fields. */
#ifndef KOPA_REPORT_EVALUATION_ROWS_H
#define KOPA_REPORT_EVALUATION_ROWS_H
#include <stdio.h>
#include "service/figures/disclosure.h"
#include "service/figures/figures.h"

kp_rc kp_rows_write_csv(const kp_figures *f, FILE *out);
kp_rc kp_rows_write_json(const kp_figures *f, FILE *out);

/* The open-data rows (service/figures/disclosure.h): `d` made from the
 * same figures. CSV: metadata lines starting with "# " first (what, the
 * rule in English and Latvian, the threshold, the number of suppressed
 * cells; `source` (may be NULL) e.g. "approved version 2"), then the
 * header with an 8th column flag: a suppressed value is empty with flag
 * "c" (confidential, as Eurostat writes it). JSON: "metadata" with the
 * same, rows with "value": null and "flag": "c" when suppressed.
 * KP_EINVAL when d does not match f or an argument is NULL. */
kp_rc kp_rows_write_csv_open(const kp_figures *f, const kp_disclosure *d, const char *region, const char *at,
                             const char *source, FILE *out);
kp_rc kp_rows_write_json_open(const kp_figures *f, const kp_disclosure *d, const char *region, const char *at,
                              const char *source, FILE *out);

#endif
