/* Pango and cairo, opened at the first PDF (see pdf_lib.c). */
#ifndef KOPA_REPORT_PDF_LIB_H
#define KOPA_REPORT_PDF_LIB_H

/* Opens them once (thread-safe). NULL when they are there, else why not. */
const char *kp_pdf_lib_load(void);

#endif
