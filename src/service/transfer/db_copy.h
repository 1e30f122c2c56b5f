/* Copying a whole database into a new one, through the generic store API
 * (kopa migrate): SQLite → PostgreSQL, and just as well SQLite → SQLite or
 * PostgreSQL → SQLite. */
#ifndef KOPA_SERVICE_TRANSFER_DB_COPY_H
#define KOPA_SERVICE_TRANSFER_DB_COPY_H
#include "store/store.h"

typedef struct kp_db_copy_table {
    char schema[8]; /* "main" (records) or "live" (side tables) */
    char name[64];
    int64_t rows;   /* rows in the source, and (verified) in the target */
} kp_db_copy_table;

typedef struct kp_db_copy_report {
    size_t n;
    kp_db_copy_table *t; /* in the order copied; free with kp_db_copy_report_free */
    int64_t rows;        /* all rows copied */
} kp_db_copy_report;

/* Run after the copy, before it is committed, with the source in its read
 * transaction and the target in its write transaction (both see the copy
 * as it will be): KP_OK lets it be committed; anything else rolls the copy
 * back, with a message in err. */
typedef kp_rc (*kp_db_copy_verify)(kp_store *from, kp_store *to, void *arg, char *err, size_t errlen);

/* Copies every table that holds data (kp_store_tables_list: the records and
 * the side tables, not the backends' bookkeeping) from `from` into `to`,
 * which must be a database just created by the same program, with the same
 * schema version as `from` (its tables hold only what the migrations put
 * there: those rows are replaced). Reads `from` in one read transaction
 * (one snapshot) and writes `to` in one transaction: tables in foreign-key
 * order, rows in the order of their first column (the id), in batches of
 * prepared multi-row inserts; every value as it is stored, ids included,
 * sealed personal codes as the same bytes. Then moves the target's id
 * sequences past the largest ids (kp_store_sync_ids), compares the row
 * count of every table in both, calls verify (may be NULL) and commits.
 *
 * On any failure nothing of the copy is left in `to` (its tables stay as
 * the migrations made them) and err names the table, and for a refused
 * row its position and id, with the database's reason: KP_ESTATE schema
 * versions or tables differ, or the foreign keys form a cycle; KP_ECONFLICT
 * a row refused by a constraint; KP_EDB a count differs; else the failure
 * of the store or of verify. KP_EINVAL for NULL stores or the same store
 * twice. out (may be NULL) receives the tables and their rows; free it
 * with kp_db_copy_report_free, also after a failure. */
kp_rc kp_db_copy(kp_store *from, kp_store *to, kp_db_copy_verify verify, void *arg, kp_db_copy_report *out,
                 char *err, size_t errlen);
void kp_db_copy_report_free(kp_db_copy_report *r);

#endif
