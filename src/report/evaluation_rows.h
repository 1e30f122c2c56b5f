/* The evaluation's figures as open-data rows: CSV with the header
 * section,municipality,target_group,item,measure,period,value, or JSON with
 * the same fields. */
#ifndef KOPA_REPORT_EVALUATION_ROWS_H
#define KOPA_REPORT_EVALUATION_ROWS_H
#include <stdio.h>
#include "service/figures/figures.h"

kp_rc kp_rows_write_csv(const kp_figures *f, FILE *out);
kp_rc kp_rows_write_json(const kp_figures *f, FILE *out);

#endif
