/* Copying a SQLite database into a new PostgreSQL one (kopa migrate): every
 * table of both schemas, row by row with their ids, in one transaction of
 * the target; then the id sequences are moved up and the row counts
 * compared table by table. */
#include "store/store_copy.h"
#include "store/store_backend.h"
#include "core/mem.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables that are the backend's own, not records: each database keeps its
 * own migrations and writer-lock tables. */
static bool own_table(const char *name)
{
    return strcmp(name, "schema_migration") == 0 || strcmp(name, "kp_writer") == 0 ||
           strncmp(name, "sqlite_", 7) == 0;
}

static int64_t count_rows(kp_store *st, const char *schema, const char *table)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s.\"%s\"", schema, table);
    kp_stmt *s = NULL;
    bool row = false;
    int64_t n = -1;
    if (kp_store_prepare(st, sql, &s) == KP_OK && kp_stmt_step(s, &row) == KP_OK && row)
        n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return n;
}

/* Copies one table: its rows replace what the target's migrations put there. */
static kp_rc copy_table(sqlite3 *db, kp_store *to, const char *schema, const char *table, int64_t *rows, char *err,
                        size_t errlen)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT * FROM %s.\"%s\"", schema, table);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "cannot read %s.%s: %s", schema, table, sqlite3_errmsg(db));
        return KP_EDB;
    }
    int ncol = sqlite3_column_count(q);
    /* INSERT INTO schema."table"("a", "b") VALUES (?1, ?2) */
    size_t cap = 256 + (size_t)ncol * 80;
    char *ins = kp_xmalloc(cap);
    size_t n = (size_t)snprintf(ins, cap, "INSERT INTO %s.\"%s\"(", strcmp(schema, "main") == 0 ? "public" : schema,
                                table);
    for (int i = 0; i < ncol; i++)
        n += (size_t)snprintf(ins + n, cap - n, "%s\"%s\"", i ? ", " : "", sqlite3_column_name(q, i));
    n += (size_t)snprintf(ins + n, cap - n, ") VALUES (");
    for (int i = 0; i < ncol; i++)
        n += (size_t)snprintf(ins + n, cap - n, "%s?%d", i ? ", " : "", i + 1);
    snprintf(ins + n, cap - n, ")");
    snprintf(sql, sizeof sql, "DELETE FROM %s.\"%s\"", strcmp(schema, "main") == 0 ? "public" : schema, table);
    kp_rc rc = kp_store_exec(to, sql);
    kp_stmt *s = NULL;
    if (!rc)
        rc = kp_store_prepare(to, ins, &s);
    *rows = 0;
    int step;
    while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
        for (int i = 0; i < ncol && !rc; i++) {
            switch (sqlite3_column_type(q, i)) {
            case SQLITE_NULL:
                rc = kp_stmt_bind_null(s, i + 1);
                break;
            case SQLITE_INTEGER:
                rc = kp_stmt_bind_int(s, i + 1, sqlite3_column_int64(q, i));
                break;
            case SQLITE_BLOB:
                rc = kp_stmt_bind_blob(s, i + 1, sqlite3_column_blob(q, i), (size_t)sqlite3_column_bytes(q, i));
                break;
            default: /* text, and reals as their text */
                rc = kp_stmt_bind_text(s, i + 1, (const char *)sqlite3_column_text(q, i));
                break;
            }
        }
        if (!rc)
            rc = kp_stmt_exec(s);
        if (!rc)
            rc = kp_stmt_reset(s);
        if (!rc)
            (*rows)++;
    }
    if (!rc && step != SQLITE_DONE)
        rc = KP_EDB;
    if (rc)
        snprintf(err, errlen, "copying %s.%s (row %lld) failed: %s", schema, table, (long long)*rows + 1,
                 kp_store_errmsg(to));
    kp_stmt_free(s);
    sqlite3_finalize(q);
    free(ins);
    return rc;
}

kp_rc kp_store_copy(kp_store *from, kp_store *to, kp_store_copy_report *rep, char *err, size_t errlen)
{
    if (!from || !to || !rep || strcmp(from->ops->name, "sqlite") != 0 || strcmp(to->ops->name, "postgresql") != 0) {
        snprintf(err, errlen, "a copy goes from a SQLite database to a PostgreSQL one");
        return KP_EINVAL;
    }
    memset(rep, 0, sizeof *rep);
    sqlite3 *db = kp_sqlite_db(from);
    kp_rc rc = kp_store_begin(to);
    if (rc) {
        snprintf(err, errlen, "cannot start the copy: %s", kp_store_errmsg(to));
        return rc;
    }
    /* Foreign keys and triggers (the public data version, new ids) are
     * left aside while rows come in any order with their own ids; the
     * source's keys were checked as they were written. Needs a role that
     * may do it (the database's owner as superuser); otherwise the rows
     * go in table by table as they are and a key refers forward fails. */
    kp_store_exec(to, "SAVEPOINT kp_copy_role");
    if (kp_store_exec(to, "SET LOCAL session_replication_role = replica") == KP_OK)
        kp_store_exec(to, "RELEASE kp_copy_role");
    else
        kp_store_exec(to, "ROLLBACK TO kp_copy_role");
    static const char *const schemas[] = {"main", "live"};
    for (size_t k = 0; k < 2 && !rc; k++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT name FROM %s.sqlite_master WHERE type = 'table' ORDER BY rowid", schemas[k]);
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
            snprintf(err, errlen, "cannot list the tables: %s", sqlite3_errmsg(db));
            rc = KP_EDB;
            break;
        }
        while (!rc && sqlite3_step(q) == SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(q, 0);
            if (own_table(name))
                continue;
            if (rep->n == KP_STORE_COPY_MAX_TABLES) {
                snprintf(err, errlen, "more than %d tables", KP_STORE_COPY_MAX_TABLES);
                rc = KP_ETOOBIG;
                break;
            }
            kp_store_copy_table *t = &rep->t[rep->n++];
            snprintf(t->schema, sizeof t->schema, "%s", schemas[k]);
            snprintf(t->name, sizeof t->name, "%s", name);
            rc = copy_table(db, to, schemas[k], name, &t->rows, err, errlen);
        }
        sqlite3_finalize(q);
    }
    if (!rc)
        rc = kp_store_sync_ids(to);
    /* The same number of rows on both sides, table by table. */
    for (size_t i = 0; i < rep->n && !rc; i++) {
        kp_store_copy_table *t = &rep->t[i];
        int64_t a = count_rows(from, t->schema, t->name);
        int64_t b = count_rows(to, strcmp(t->schema, "main") == 0 ? "public" : t->schema, t->name);
        if (a != t->rows || b != t->rows) {
            snprintf(err, errlen, "%s.%s: %lld rows in the source, %lld copied, %lld in the target", t->schema,
                     t->name, (long long)a, (long long)t->rows, (long long)b);
            rc = KP_EDB;
        }
    }
    return kp_store_finish(to, rc);
}
