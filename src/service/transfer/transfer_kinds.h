/* Internal to the transfer module (transfer*.c): how each kind of record is
 * exported and imported. Not for other callers; use transfer.h. */
#ifndef KOPA_SERVICE_TRANSFER_KINDS_H
#define KOPA_SERVICE_TRANSFER_KINDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/transfer/csv_file.h"
#include "service/ctx.h"
#include "service/errors.h"

/* How a column is turned into text on export and read back on import. */
typedef enum kp_col_type {
    KP_COL_TEXT,  /* a typed value as stored (number, date, code, catalogue
                     value): it never starts with a character a spreadsheet
                     runs; NULL → empty */
    KP_COL_FREE,  /* free text (names, goals, reasons, numbers people choose):
                     guarded on export — a value starting with = + - @ TAB CR
                     LF (or their full-width forms) or with ' gets one ' in
                     front — and one leading ' is dropped on import */
    KP_COL_MONEY, /* integer cents → "9412350.00" */
    KP_COL_CODE,  /* sealed personal code → the code (needs ctx->keys) */
    KP_COL_NEEDS, /* assessment id → its service codes joined with '|' */
    KP_COL_BLANK, /* always empty (a value the database chooses on import) */
} kp_col_type;

typedef struct kp_transfer_col {
    const char *name;
    bool required; /* the header must have it */
    kp_col_type type;
} kp_transfer_col;

/* The new records of an import and the lines they came from, for a check
 * that can only run once the whole file is in (kind->finish). */
typedef struct kp_transfer_lines {
    int64_t *ids;
    long *lines;
    size_t n, cap;
} kp_transfer_lines;
void kp_transfer_lines_add(kp_transfer_lines *l, int64_t id, long line);
/* The line record `id` came from; 0 when it was not imported now. */
long kp_transfer_lines_find(const kp_transfer_lines *l, int64_t id);
void kp_transfer_lines_free(kp_transfer_lines *l);

/* What a kind keeps from one row of a file to the next (the facts its
 * checks read once per file, not once per row); one per import. */
typedef struct kp_transfer_state kp_transfer_state;
kp_transfer_state *kp_transfer_state_new(void);
void kp_transfer_state_free(kp_transfer_state *st);
/* Writes what the kind's rows left waiting (deliveries queued for one
 * insert of many); before the commit. Refusals go to e with their lines;
 * KP_EINVAL then. */
kp_rc kp_transfer_state_flush(kp_ctx *ctx, kp_transfer_state *st, kp_errors *e);

/* One data row of an imported file, read by column name. */
typedef struct kp_transfer_row {
    const kp_csv_row *header;
    const kp_csv_row *row;
    kp_transfer_lines *lines; /* a kind whose finish needs them records its new ids here */
    kp_transfer_state *state; /* NULL: every row on its own */
    /* at[i]: the file's column of the kind's cols[i] (-1: the file has
     * none), found once per file; NULL: looked up by name in every row. */
    const int *at;
} kp_transfer_row;

/* The row's value in `column`, or "" when the file has no such column; for
 * a KP_COL_FREE column without the guard's leading ' (see kp_col_type). */
const char *kp_transfer_get(const kp_transfer_row *r, const char *column, kp_col_type type);
/* The same for the kind's column i (its place in the kind's cols), which is
 * named `column`: through r->at when the file's columns were found. */
const char *kp_transfer_get_at(const kp_transfer_row *r, size_t i, const char *column, kp_col_type type);

/* The character export puts in front of a free-text value that a
 * spreadsheet would run as a formula (see kp_col_type). */
#define KP_TRANSFER_GUARD '\''
/* Whether export must put KP_TRANSFER_GUARD in front of free-text value v. */
bool kp_transfer_needs_guard(const char *v);

typedef kp_rc (*kp_transfer_import_fn)(kp_ctx *ctx, const kp_transfer_row *r, kp_errors *e);
/* Runs after every row of a file was taken without a refusal, in the same
 * transaction: a check of the rows together (plan_object_changes: the
 * objects' histories chain). Adds errors stamped with their lines. */
typedef kp_rc (*kp_transfer_finish_fn)(kp_ctx *ctx, const kp_transfer_lines *lines, kp_errors *e);

typedef struct kp_transfer_kind {
    const char *name;
    const kp_transfer_col *cols; /* in the order of the use case's input struct */
    size_t ncols;
    /* Its export query (one column per entry of cols, aliased with its
     * name, ordered by id) is in transfer_sql.c under the same name. */
    kp_transfer_import_fn import_row;
    /* A column that may name the id of a row later in the same file
     * (clients.representative_id): such rows are imported after it. */
    const char *self_ref;
} kp_transfer_kind;

/* The kind's finishing check, or NULL. */
kp_transfer_finish_fn kp_transfer_finish_of(const kp_transfer_kind *k);
/* Whether the kind's use case reads, in the import's transaction, the row
 * each of its rows refers to and refuses the row when there is none, before
 * anything is written: then the database's own check of the same reference
 * (a foreign-key look-up per row) is a second one and is left out for the
 * import (kp_store_check_references). */
bool kp_transfer_reads_references(const kp_transfer_kind *k);

/* KP_OK when the caller may import or export: both touch every record
 * regardless of scope, so they belong to the operator and administrators. */
kp_rc kp_transfer_allowed(const kp_ctx *ctx);

/* The kind called `name`, or NULL. */
const kp_transfer_kind *kp_transfer_kind_find(const char *name);

/* The order in which to import rows[0..n) (read under `header`): the
 * result's n entries are indexes into rows. When kind->self_ref is set, a
 * row whose self_ref value is the id of another of the rows comes after that
 * row (rows in a cycle keep their file order and are refused by the use
 * case). Caller frees. */
size_t *kp_transfer_order(const kp_transfer_kind *kind, const kp_csv_row *header, const kp_csv_row *rows, size_t n);
/* The same order for a file read as a stream, in two passes. First pass:
 * kp_transfer_refs_add for every row in file order with its id and self_ref
 * values, then kp_transfer_refs_done. Second pass, in file order:
 * kp_transfer_refs_wait says whether row `row` (from 0) must wait for a
 * later row of the file — its self_ref names the id of a later row, or of a
 * row that waits itself; rows that wait are imported after the others, in
 * kp_transfer_order. */
typedef struct kp_transfer_refs kp_transfer_refs;
kp_transfer_refs *kp_transfer_refs_new(void);
void kp_transfer_refs_add(kp_transfer_refs *t, const char *id, const char *ref);
void kp_transfer_refs_done(kp_transfer_refs *t);
bool kp_transfer_refs_wait(kp_transfer_refs *t, size_t row);
void kp_transfer_refs_free(kp_transfer_refs *t);

/* The positive whole number s, or 0 for anything else (blank or malformed
 * ids are left for the use case to refuse). */
int64_t kp_transfer_parse_id(const char *s);

#endif
