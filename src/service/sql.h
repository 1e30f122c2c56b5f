/* Small helpers over the storage interface for the common shapes of
 * parameterised statements: run one, insert one, read one number. Values are
 * always bound, never pasted into SQL. */
#ifndef KOPA_SERVICE_SQL_H
#define KOPA_SERVICE_SQL_H
#include <stddef.h>
#include <stdint.h>
#include "store/store.h"

typedef enum kp_param_type { KP_P_NULL, KP_P_INT, KP_P_TEXT, KP_P_BLOB } kp_param_type;

typedef struct kp_param {
    kp_param_type t;
    int64_t i;
    const char *s;
    const void *b;
    size_t n;
} kp_param;

#define KP_PINT(v) ((kp_param){.t = KP_P_INT, .i = (v)})
/* 0 binds NULL: for optional references. */
#define KP_PREF(v) ((kp_param){.t = (v) ? KP_P_INT : KP_P_NULL, .i = (v)})
/* NULL or blank text binds NULL. */
#define KP_PTEXT(v) ((kp_param){.t = kp_blank(v) ? KP_P_NULL : KP_P_TEXT, .s = (v)})
#define KP_PBLOB(p, len) ((kp_param){.t = KP_P_BLOB, .b = (p), .n = (len)})
#define KP_PNULL ((kp_param){.t = KP_P_NULL})
#define KP_NPARAMS(arr) (sizeof(arr) / sizeof((arr)[0]))

#include <stdbool.h>
bool kp_blank(const char *s);

kp_rc kp_sql_bind(kp_stmt *s, const kp_param *p, size_t n);
/* Runs a write. An insert may bind its id as NULL (KP_PREF(0)): the
 * database numbers the row on every backend (SQLite's rowid; on
 * PostgreSQL the store's trigger on identity columns). */
kp_rc kp_sql_exec(kp_store *st, const char *sql, const kp_param *p, size_t n);
/* Runs an INSERT (as kp_sql_exec); *id gets the new row's id: the given one
 * when the id is the first column and a number is its parameter, else the
 * one the database gave (id may be NULL). */
kp_rc kp_sql_insert(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t *id);
/* First column of the first row as a number; *out = dflt when no row or NULL. */
kp_rc kp_sql_int(kp_store *st, const char *sql, const kp_param *p, size_t n, int64_t dflt, int64_t *out);
/* Whether the query answers yes: *out is true when its first row's first
 * column is neither NULL nor 0, so "SELECT 1 … WHERE …" is true when a row
 * matches, "SELECT COUNT(*) …" when the count is above 0, a flag column
 * when it is set; false when there is no row (and when the query fails).
 * KP_EINVAL for a NULL st, sql or out, or parameters missing (n > 0 and p
 * NULL); otherwise the store's answer. */
kp_rc kp_sql_exists(kp_store *st, const char *sql, const kp_param *p, size_t n, bool *out);
/* First column of the first row as text into out; "" when none. */
kp_rc kp_sql_text(kp_store *st, const char *sql, const kp_param *p, size_t n, char *out, size_t outlen);

#endif
