/* Dispatch from the storage interface to the chosen backend, and the
 * nesting of transactions into savepoints, which is the same everywhere. */
#include "store/store_backend.h"
#include <stdio.h>
#include <string.h>

kp_rc kp_store_open(const char *uri, kp_store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!uri || !*uri) {
        snprintf(err, errlen, "no database given");
        return KP_EUSAGE;
    }
    if (strncmp(uri, "postgresql:", 11) == 0 || strncmp(uri, "postgres:", 9) == 0) {
        snprintf(err, errlen, "the PostgreSQL backend is not built into this kopa; use a file path");
        return KP_EUSAGE;
    }
    kp_store *st = NULL;
    kp_rc rc = kp_sqlite_open(uri, &st, err, errlen);
    if (rc)
        return rc;
    rc = st->ops->migrate(st, err, errlen);
    if (rc) {
        kp_store_close(st);
        return rc;
    }
    *out = st;
    return KP_OK;
}

void kp_store_close(kp_store *st)
{
    if (st)
        st->ops->close(st);
}

int kp_store_schema_version(kp_store *st) { return st->ops->schema_version(st); }

kp_rc kp_store_begin(kp_store *st)
{
    kp_rc rc = st->ops->exec(st, st->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT kp_nested");
    if (rc == KP_OK)
        st->tx_depth++;
    return rc;
}

kp_rc kp_store_commit(kp_store *st)
{
    if (st->tx_depth <= 0)
        return KP_ESTATE;
    kp_rc rc = st->ops->exec(st, st->tx_depth == 1 ? "COMMIT" : "RELEASE kp_nested");
    if (rc == KP_OK)
        st->tx_depth--;
    return rc;
}

kp_rc kp_store_rollback(kp_store *st)
{
    if (st->tx_depth <= 0)
        return KP_ESTATE;
    kp_rc rc;
    if (st->tx_depth == 1) {
        rc = st->ops->exec(st, "ROLLBACK");
    } else {
        /* Undo the savepoint's work, then drop it so the outer level goes on. */
        rc = st->ops->exec(st, "ROLLBACK TO kp_nested");
        if (rc == KP_OK)
            rc = st->ops->exec(st, "RELEASE kp_nested");
    }
    st->tx_depth--;
    return rc;
}

kp_rc kp_store_finish(kp_store *st, kp_rc rc)
{
    if (rc) {
        kp_store_rollback(st);
        return rc;
    }
    return kp_store_commit(st);
}

kp_rc kp_store_prepare(kp_store *st, const char *sql, kp_stmt **out) { return st->ops->prepare(st, sql, out); }
kp_rc kp_store_exec(kp_store *st, const char *sql) { return st->ops->exec(st, sql); }
int64_t kp_store_last_id(kp_store *st) { return st->ops->last_id(st); }
const char *kp_store_errmsg(kp_store *st) { return st->ops->errmsg(st); }

kp_rc kp_stmt_bind_int(kp_stmt *s, int idx, int64_t v) { return s->ops->bind_int(s, idx, v); }
kp_rc kp_stmt_bind_text(kp_stmt *s, int idx, const char *v)
{
    return v ? s->ops->bind_text(s, idx, v) : s->ops->bind_null(s, idx);
}
kp_rc kp_stmt_bind_blob(kp_stmt *s, int idx, const void *v, size_t n) { return s->ops->bind_blob(s, idx, v, n); }
kp_rc kp_stmt_bind_null(kp_stmt *s, int idx) { return s->ops->bind_null(s, idx); }
kp_rc kp_stmt_step(kp_stmt *s, bool *row) { return s->ops->step(s, row); }
kp_rc kp_stmt_reset(kp_stmt *s) { return s->ops->reset(s); }

kp_rc kp_stmt_exec(kp_stmt *s)
{
    bool row;
    kp_rc rc;
    do {
        rc = s->ops->step(s, &row);
    } while (rc == KP_OK && row);
    return rc;
}

bool kp_stmt_is_null(kp_stmt *s, int col) { return s->ops->is_null(s, col); }
int64_t kp_stmt_int(kp_stmt *s, int col) { return s->ops->col_int(s, col); }
const char *kp_stmt_text(kp_stmt *s, int col) { return s->ops->col_text(s, col); }
const void *kp_stmt_blob(kp_stmt *s, int col, size_t *n) { return s->ops->col_blob(s, col, n); }
int kp_stmt_columns(kp_stmt *s) { return s->ops->columns(s); }
int kp_stmt_param_count(kp_stmt *s) { return s->ops->param_count(s); }
const char *kp_stmt_column_name(kp_stmt *s, int col) { return s->ops->column_name(s, col); }

void kp_stmt_free(kp_stmt *s)
{
    if (s)
        s->ops->free_stmt(s);
}
