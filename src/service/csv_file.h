/* Reading and writing the project's CSV files (RFC 4180, UTF-8, header row)
 * on top of libcsv. Every row remembers the line it started on, so messages
 * can name file, line and column. */
#ifndef KOPA_SERVICE_CSV_FILE_H
#define KOPA_SERVICE_CSV_FILE_H
#include <stdio.h>
#include "core/result.h"

typedef struct kp_csv_row {
    char **fields;
    size_t n;
    long line; /* the header is line 1 */
} kp_csv_row;

typedef struct kp_csv {
    kp_csv_row header;
    kp_csv_row *rows;
    size_t n, cap;
} kp_csv;

/* Reads the whole file. Fails (message in err) on a missing file, bad
 * quoting, invalid UTF-8 or an empty file; rows whose field count differs
 * from the header's are kept and left for the caller to report. */
kp_rc kp_csv_read(const char *path, kp_csv *out, char *err, size_t errlen);
void kp_csv_free(kp_csv *c);
/* Index of a header column, or -1. */
int kp_csv_column(const kp_csv *c, const char *name);
/* Field `col` of a row, or "" when the row is short or col < 0. */
const char *kp_csv_field(const kp_csv_row *r, int col);

/* Writes one field, quoted when it needs to be, with sep before it unless it
 * is the first of the row. */
void kp_csv_put(FILE *f, const char *v, int first);
void kp_csv_end_row(FILE *f);

#endif
