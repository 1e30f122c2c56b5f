/* Moving a database from SQLite to PostgreSQL (kopa migrate). */
#ifndef KOPA_STORE_STORE_COPY_H
#define KOPA_STORE_STORE_COPY_H
#include "store/store.h"

#define KP_STORE_COPY_MAX_TABLES 200
typedef struct kp_store_copy_table {
    char schema[8]; /* "main" (records) or "live" (side tables) */
    char name[64];
    int64_t rows;
} kp_store_copy_table;
typedef struct kp_store_copy_report {
    size_t n;
    kp_store_copy_table t[KP_STORE_COPY_MAX_TABLES];
} kp_store_copy_report;

/* Copies every table of `from` (a SQLite store) into `to` (a PostgreSQL
 * store just created, its migrations applied: the same schema), with the
 * rows' own ids, in one transaction of `to`: what the target's migrations
 * put in a table is replaced. Then moves the id sequences up and compares
 * the row counts of every table on both sides; any difference fails the
 * copy (KP_EDB, the table named in err) and nothing is kept. rep lists the
 * tables and rows copied. KP_EINVAL for NULL or the wrong backends. */
kp_rc kp_store_copy(kp_store *from, kp_store *to, kp_store_copy_report *rep, char *err, size_t errlen);

#endif
