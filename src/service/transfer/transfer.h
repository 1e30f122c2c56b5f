/* Moving records in and out as CSV: one file per kind of record, columns
 * named exactly as the fields of the use cases' inputs (cases.h,
 * programme.h), so an import goes through the same validation as a form.
 * The file format of every kind is described in docs/import.md. */
#ifndef KOPA_SERVICE_TRANSFER_H
#define KOPA_SERVICE_TRANSFER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "service/ctx.h"
#include "service/errors.h"

/* The kinds ("clients", "former_codes", … "indicator_values") as a
 * NULL-terminated static list in dependency order: a kind refers only to
 * kinds before it, so importing them in this order always works. */
const char *const *kp_transfer_kinds(void);
/* Whether `kind` is one of kp_transfer_kinds(). NULL is not. */
bool kp_transfer_kind_known(const char *kind);

/* Writes every record of `kind` to `out` as CSV (header row, then one row
 * per record ordered by id, LF line ends, UTF-8). Municipalities are written
 * as ATVK codes, money as plain "9412350.00", NULL as an empty field.
 * Free text that a spreadsheet would run as a formula (starting with = + -
 * @ TAB CR LF) and free text starting with ' get one ' in front, which
 * kp_import_kind drops again (docs/import.md, "Spreadsheets").
 * The output of "clients" and "former_codes" holds decrypted personal codes:
 * it is personal data. Reads in one transaction and leaves one audit record
 * ("export", entity = kind, detail = the row count).
 * Only the installation's operator and administrators may export everything.
 * Returns KP_EINVAL for an unknown kind, KP_EDENIED for another role,
 * KP_ECRYPTO when personal codes are exported without ctx->keys or cannot be
 * opened, KP_EIO when writing fails, KP_EDB when the store fails. What was
 * written before a failure is incomplete: the caller discards it. */
kp_rc kp_export_kind(kp_ctx *ctx, const char *kind, FILE *out);

/* At most this many problems of an import are listed; the rest are counted
 * in kp_errors.more. */
#define KP_IMPORT_MAX_ERRORS 1000

/* Imports the CSV file at `path` as records of `kind`, all or nothing.
 * `path` must name a regular file: a symbolic link, directory, device, FIFO
 * or socket is refused before anything is read from it. The file is read
 * as a stream, in memory bounded by its longest row (see csv_file.h), not
 * by its size; its header must name only known columns, each once, and
 * every required column. Then every row goes through its use case inside
 * one outer transaction; the import carries on after a bad row so that
 * every problem is reported, each stamped with the file, line (header = 1),
 * column and a short escaped piece of the value; after KP_IMPORT_MAX_ERRORS
 * problems the rest are only counted, in e->more. A value that is not
 * UTF-8 or holds a NUL byte ends the reading with a message naming line and
 * column. A personal code never appears in a message. Free-text columns
 * lose one leading ' (the guard exports put in front of values a
 * spreadsheet would run). On any error everything is rolled back and
 * KP_EINVAL (or the store's failure code) is returned with the errors in
 * `e`; nothing is written.
 * On success the transaction is committed with one more audit record
 * ("import", entity = kind, detail = the row count), *rows_out (may be NULL)
 * gets the number of rows imported, and `e` holds only warnings (for
 * example a new-format personal code whose check digit does not match) —
 * the same convention as the use cases: entries added on success are
 * warnings (at most KP_IMPORT_MAX_ERRORS of them; e->more counts the
 * rest). Rows of "clients" whose representative_id names a client later
 * in the same file are imported after that client; ids given in the file
 * are kept. The caller owns `e` and sets nothing in it beforehand; e->file
 * and e->line are restored on return. */
kp_rc kp_import_kind(kp_ctx *ctx, const char *kind, const char *path, kp_errors *e, size_t *rows_out);

#endif
