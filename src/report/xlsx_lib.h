/* libxlsxwriter, opened at the first workbook (see xlsx_lib.c). */
#ifndef KOPA_REPORT_XLSX_LIB_H
#define KOPA_REPORT_XLSX_LIB_H

/* Opens it once (thread-safe). NULL when it is there, else why not. */
const char *kp_xlsx_lib_load(void);

#endif
