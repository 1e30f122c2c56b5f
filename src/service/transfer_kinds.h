/* Internal to the transfer module (transfer*.c): how each kind of record is
 * exported and imported. Not for other callers; use transfer.h. */
#ifndef KOPA_SERVICE_TRANSFER_KINDS_H
#define KOPA_SERVICE_TRANSFER_KINDS_H
#include <stdbool.h>
#include <stddef.h>
#include "service/csv_file.h"
#include "service/ctx.h"
#include "service/errors.h"

/* How an exported column is turned into text. */
typedef enum kp_col_type {
    KP_COL_TEXT,  /* as stored; NULL → empty */
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

/* One data row of an imported file, read by column name. */
typedef struct kp_transfer_row {
    const kp_csv *csv;
    const kp_csv_row *row;
} kp_transfer_row;

/* The row's value in `column`, or "" when the file has no such column. */
const char *kp_transfer_get(const kp_transfer_row *r, const char *column);

typedef kp_rc (*kp_transfer_import_fn)(kp_ctx *ctx, const kp_transfer_row *r, kp_errors *e);

typedef struct kp_transfer_kind {
    const char *name;
    const kp_transfer_col *cols; /* in the order of the use case's input struct */
    size_t ncols;
    /* One column per entry of cols, aliased with its name, ordered by id. */
    const char *select_sql;
    kp_transfer_import_fn import_row;
    /* A column that may name the id of a row later in the same file
     * (clients.representative_id): such rows are imported after it. */
    const char *self_ref;
} kp_transfer_kind;

/* KP_OK when the caller may import or export: both touch every record
 * regardless of scope, so they belong to the operator and administrators. */
kp_rc kp_transfer_allowed(const kp_ctx *ctx);

/* The kind called `name`, or NULL. */
const kp_transfer_kind *kp_transfer_kind_find(const char *name);

/* The order in which to import the rows of `csv`: rows[0..n) are indexes
 * into csv->rows. When kind->self_ref is set, a row whose self_ref value is
 * the id of another row of the file comes after that row (rows in a cycle
 * keep their file order and are refused by the use case). Caller frees. */
size_t *kp_transfer_order(const kp_transfer_kind *kind, const kp_csv *csv);

#endif
