/* Reading and writing the project's CSV files (RFC 4180, UTF-8, header row)
 * on top of libcsv. Files are read as a stream, row by row, in bounded
 * memory; every row remembers the line it started on, so messages can name
 * file, line and column. */
#ifndef KOPA_SERVICE_CSV_FILE_H
#define KOPA_SERVICE_CSV_FILE_H
#include <stdbool.h>
#include <stdio.h>
#include "core/result.h"

/* Limits of what the reader accepts: far above any record's text (the
 * longest field a use case takes is 4000 bytes), low enough that a hostile
 * or mistaken file cannot exhaust memory. */
#define KP_CSV_FIELD_MAX (1024u * 1024u)   /* bytes in one value */
#define KP_CSV_ROW_MAX (4u * 1024u * 1024u) /* bytes in one row */
#define KP_CSV_FIELDS_MAX 256u              /* values kept per row; more are only counted */

typedef struct kp_csv_row {
    char **fields; /* fields[0..nkept), each NUL-terminated, no NUL inside; one
                      allocation holds the pointers and the text */
    size_t n;      /* number of values in the row */
    size_t nkept;  /* values kept in fields: min(n, KP_CSV_FIELDS_MAX) */
    long line;     /* line the row starts on; the header is line 1 */
} kp_csv_row;

typedef struct kp_csv {
    kp_csv_row header;
    kp_csv_row *rows;
    size_t n, cap;
} kp_csv;

/* Why a file could not be read; kp_csv_describe says it for people. */
typedef enum kp_csv_fault {
    KP_CSV_OK = 0,
    KP_CSV_E_OPEN,       /* cannot open (sys_errno) */
    KP_CSV_E_SYMLINK,    /* a symbolic link, refused with KP_CSV_NOFOLLOW */
    KP_CSV_E_NOT_FILE,   /* a directory, device, FIFO or socket */
    KP_CSV_E_READ,       /* read error (sys_errno) */
    KP_CSV_E_EMPTY,      /* no header row */
    KP_CSV_E_QUOTES,     /* a quote in the wrong place (libcsv strict mode) */
    KP_CSV_E_UNCLOSED,   /* the file ends inside a quoted value */
    KP_CSV_E_UTF8,       /* a value that is not UTF-8 */
    KP_CSV_E_NUL,        /* a value with a NUL byte */
    KP_CSV_E_FIELD_LONG, /* a value longer than KP_CSV_FIELD_MAX */
    KP_CSV_E_ROW_LONG,   /* a row longer than KP_CSV_ROW_MAX */
} kp_csv_fault;

typedef struct kp_csv_problem {
    kp_csv_fault fault;
    long line;       /* line where it was found, 0 when not about a line */
    long column;     /* field number from 1, 0 when not about a value */
    size_t at;       /* byte of the value from 1 (UTF-8, NUL), else 0 */
    int sys_errno;   /* for E_OPEN and E_READ */
    char mode[24];   /* for E_NOT_FILE: "directory", "FIFO", … */
} kp_csv_problem;

/* Writes a message about p into out, in English when `en` else in Latvian,
 * without the file name (the caller puts it in front). */
void kp_csv_describe(const kp_csv_problem *p, bool en, char *out, size_t outlen);

/* ---- streaming ---- */

typedef struct kp_csv_reader kp_csv_reader;

#define KP_CSV_NOFOLLOW 1u /* refuse a symbolic link (the last part of the path) */

/* Opens the regular file at `path` and reads its header row. A directory,
 * device, FIFO or socket is refused before anything is read from it. On
 * failure returns KP_EIO (cannot open or read) or KP_EINVAL (not a regular
 * file, no header, bad quoting or encoding in the header) with *p filled and
 * *out NULL. The caller closes a reader it got with kp_csv_close. */
kp_rc kp_csv_open(const char *path, unsigned flags, kp_csv_reader **out, kp_csv_problem *p);
/* The header row; valid until kp_csv_close. */
const kp_csv_row *kp_csv_header(const kp_csv_reader *r);
/* The next data row in *row, or NULL at the end of the file. The row and
 * its fields belong to the reader and are valid until the next call of
 * kp_csv_next, kp_csv_rewind or kp_csv_close. A value that is not UTF-8,
 * holds a NUL or is too long ends the reading: KP_EINVAL (or KP_EIO for a
 * read error) with *p filled; rows whose field count differs from the
 * header's are returned for the caller to report. */
kp_rc kp_csv_next(kp_csv_reader *r, const kp_csv_row **row, kp_csv_problem *p);
/* Hands the row last returned by kp_csv_next over to the caller, who frees
 * it with kp_csv_row_free. */
void kp_csv_take(kp_csv_reader *r, kp_csv_row *out);
/* Back to the first data row, on the same open file. */
kp_rc kp_csv_rewind(kp_csv_reader *r, kp_csv_problem *p);
void kp_csv_close(kp_csv_reader *r);
void kp_csv_row_free(kp_csv_row *row);

/* ---- whole files (small ones: the catalogues) ---- */

/* Reads the whole file through the streaming reader (symbolic links are
 * followed). Fails (message in err, in English, starting with the path)
 * on a missing file, bad quoting, invalid UTF-8, a NUL or an empty file;
 * rows whose field count differs from the header's are kept and left for
 * the caller to report. */
kp_rc kp_csv_read(const char *path, kp_csv *out, char *err, size_t errlen);
void kp_csv_free(kp_csv *c);
/* Index of a header column, or -1. */
int kp_csv_column(const kp_csv *c, const char *name);
/* Index of column `name` in a header row, or -1. */
int kp_csv_header_column(const kp_csv_row *header, const char *name);
/* Field `col` of a row, or "" when the row is short or col < 0. */
const char *kp_csv_field(const kp_csv_row *r, int col);

/* ---- writing ---- */

/* Writes one field, quoted when it needs to be, with sep before it unless it
 * is the first of the row. */
void kp_csv_put(FILE *f, const char *v, int first);
void kp_csv_end_row(FILE *f);

#endif
