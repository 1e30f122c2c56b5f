/* The PostgreSQL backend (libpq): connections, statements, transactions.
 * Chosen by a postgresql:// or postgres:// URL (store.c). The SQL the
 * services give is translated by pg_sql.c, the schema by pg_migrate.c.
 *
 * How SQLite's behaviour is kept:
 * - One writer of records at a time: kp_store_begin takes a transaction
 *   advisory lock (KP_PG_LOCK_RECORDS), kp_store_begin_side another
 *   (KP_PG_LOCK_SIDE); waits end after the busy time (lock_timeout), then
 *   KP_EUNAVAIL. A read transaction (kp_store_begin_read) is REPEATABLE
 *   READ: one snapshot from its first read, as SQLite's WAL readers.
 * - A failed statement fails alone: in a transaction each write (and each
 *   statement whose parameter types are only known when bound) runs inside
 *   a savepoint, so a refused insert (KP_ECONFLICT) leaves the transaction
 *   usable, as in SQLite. Other failures of a read leave PostgreSQL's
 *   transaction aborted; what follows answers KP_EUNAVAIL. The savepoint,
 *   the statement and the release go in one round trip (libpq's pipeline
 *   mode); only a failure costs another (back to the savepoint).
 * - Results are read whole (text format) when a statement is first stepped,
 *   so statements interleave on one connection as SQLite's do.
 * - Ids: identity columns. An INSERT into a table with one (and no
 *   RETURNING or DO UPDATE of its own) is sent with RETURNING <column>;
 *   kp_store_last_id answers the last row's id it returned, with no round
 *   trip, as SQLite's last_insert_rowid: an explicit id too, the last of
 *   several rows, unchanged by an INSERT that inserted nothing. After any
 *   other INSERT (kp_store_exec, a table made since) it asks lastval() (0
 *   when this connection made none). An explicit id beyond its sequence
 *   moves the sequence up in the same statement (the RETURNING added
 *   calls setval), so the next id made is new at once, in that
 *   transaction and after, as SQLite's next rowid. setval is not
 *   transactional and the check before it is not locked: two transactions
 *   inserting explicit ids into one table at the same moment could leave
 *   the sequence at the smaller id, and a later made id then meets a
 *   duplicate key (refused, never overwritten) until the next opening
 *   moves the sequence up again. Rows written with explicit ids otherwise
 *   (kp_store_exec: only db_copy, which then calls kp_store_sync_ids)
 *   wait for kp_store_sync_ids; opening a database runs it whenever a
 *   commit changed records since it last ran (kp_data_stamp.synced).
 * - The data stamp: public.kp_data_stamp.n, moved on in the same
 *   transaction by every commit that changed records (not the side tables
 *   of schema live), and after each such write outside a transaction; the
 *   second number is this connection's count of changed rows.
 * - Files: PostgreSQL keeps its own; backups are pg_dump / pg_restore. */
#include "store/pg_lib.h"
#include "store/pg_sql.h"
#include "store/store_backend.h"
#include "core/mem.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pg_stmt pg_stmt;

typedef struct pg_store {
    kp_store base;
    PGconn *conn;
    int busy_ms;
    char err[512];
    unsigned next_name;
    unsigned gen; /* moves on when the connection was re-established */
    pg_stmt *idle;
    size_t nidle;
    int64_t changes;       /* rows changed through this connection */
    bool records_changed;  /* by the open transaction */
    char *live_tables;     /* ",a,b," : the tables of schema live */
    char *id_columns;      /* ",t:id,live.u:id," : the tables with an identity column, and it */
    bool id_columns_stale; /* tables were made or changed since it was read */
    int64_t last_id;       /* the id the last INSERT … RETURNING gave */
    bool last_id_kept;     /* last_id holds; else lastval() is asked */
    bool closing;          /* the server forgets the prepared statements itself */
    /* Savepoints of nested transactions (store.c) begun or released but
     * not yet sent: they go in front of whatever is sent next, in the same
     * round trip, and one begun and released with nothing sent between
     * is never sent (queue_nested). */
    const char *pending[8];
    int npending;
} pg_store;

enum { PG_CACHE_MAX = 96, PG_BUSY_DEFAULT_MS = 5000, PG_PENDING_MAX = 8 };
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_TEXT = 25 };
enum { OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_NUMERIC = 1700 };

struct pg_stmt {
    kp_stmt base;
    char *sql; /* the caller's text (cache key); NULL: not kept */
    uint64_t hash;
    const char *given;
    char *pgsql; /* translated */
    kp_pg_sql_info info;
    char name[24]; /* prepared statement; "" when typed at each run (deferred) */
    unsigned gen;
    char **values;
    int *lengths, *formats;
    Oid *types;
    PGresult *res, *desc;
    Oid *untyped_types; /* unprepared: bound types the server could not type with */
    int row;
    bool finished, failed;
    bool returns_id; /* RETURNING the identity column added (rows not shown) */
    unsigned char *blob;
    pg_stmt *next;
};

static const kp_store_ops PG_OPS;

static pg_store *pg_of(kp_store *st) { return (pg_store *)st; }

static void set_err(pg_store *pg, const char *msg)
{
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        n--;
    snprintf(pg->err, sizeof pg->err, "%.*s", (int)n, msg);
}

/* SQLSTATE classes as SQLite's codes map (sqlite_store.c map_rc):
 * constraints and a trigger's RAISE → KP_ECONFLICT; conditions of the
 * moment (lock timeouts, deadlocks, serialisation, cancelled, resources,
 * the connection, a transaction already failed) → KP_EUNAVAIL. */
static kp_rc map_error(pg_store *pg, const PGresult *r)
{
    set_err(pg, r ? PQresultErrorMessage(r) : PQerrorMessage(pg->conn));
    if (PQstatus(pg->conn) != CONNECTION_OK)
        return KP_EUNAVAIL;
    const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (!s)
        return KP_EDB;
    if (strncmp(s, "23", 2) == 0 || strcmp(s, "P0001") == 0)
        return KP_ECONFLICT;
    if (strncmp(s, "40", 2) == 0 || strcmp(s, "55P03") == 0 || strcmp(s, "57014") == 0 || strncmp(s, "53", 2) == 0 ||
        strncmp(s, "08", 2) == 0 || strncmp(s, "57P", 3) == 0 || strcmp(s, "25P02") == 0)
        return KP_EUNAVAIL;
    return KP_EDB;
}

static bool ok_status(const PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* PQexec of sql (may be ""), the pending savepoint commands sent first in
 * the same text (one round trip; when one fails the server runs nothing
 * after it, and its error is the result). */
static PGresult *exec_q(pg_store *pg, const char *sql)
{
    if (pg->npending == 0)
        return PQexec(pg->conn, sql);
    size_t len = strlen(sql) + 1;
    for (int i = 0; i < pg->npending; i++)
        len += strlen(pg->pending[i]) + 2;
    char *all = kp_xmalloc(len);
    size_t at = 0;
    for (int i = 0; i < pg->npending; i++)
        at += (size_t)snprintf(all + at, len - at, "%s%s", i ? "; " : "", pg->pending[i]);
    if (*sql)
        snprintf(all + at, len - at, "; %s", sql);
    pg->npending = 0;
    PGresult *r = PQexec(pg->conn, all);
    free(all);
    return r;
}

/* Sends the pending savepoint commands now. */
static kp_rc flush_pending(pg_store *pg)
{
    if (pg->npending == 0)
        return KP_OK;
    PGresult *r = exec_q(pg, "");
    kp_rc rc = ok_status(r) ? KP_OK : map_error(pg, r);
    PQclear(r);
    return rc;
}

/* Runs fixed SQL; KP_OK or the mapped failure. */
static kp_rc simple(pg_store *pg, const char *sql)
{
    PGresult *r = exec_q(pg, sql);
    kp_rc rc = ok_status(r) ? KP_OK : map_error(pg, r);
    PQclear(r);
    return rc;
}

/* ---- several queries in one round trip (libpq's pipeline mode) ---- */

typedef enum { PIPE_SQL, PIPE_PREPARE, PIPE_RUN } pipe_kind;

typedef struct pipe_item {
    pipe_kind kind;
    const char *sql;  /* PIPE_SQL: fixed text, no parameters */
    pg_stmt *s;       /* PIPE_PREPARE, PIPE_RUN */
    const Oid *types; /* PIPE_PREPARE: declared; PIPE_RUN of an unprepared statement: bound */
    int ntypes;       /* PIPE_PREPARE */
    PGresult *res;    /* its result; NULL when none came (not sent, or the connection failed) */
} pipe_item;

static bool send_item(pg_store *pg, const pipe_item *it)
{
    pg_stmt *s = it->s;
    if (it->kind == PIPE_SQL)
        return PQsendQueryParams(pg->conn, it->sql, 0, NULL, NULL, NULL, NULL, 0) == 1;
    if (it->kind == PIPE_PREPARE)
        return PQsendPrepare(pg->conn, s->name, s->pgsql, it->ntypes, it->types) == 1;
    int n = s->info.nparams;
    const char *const *v = (const char *const *)s->values;
    if (s->name[0])
        return PQsendQueryPrepared(pg->conn, s->name, n, v, s->lengths, s->formats, 0) == 1;
    return PQsendQueryParams(pg->conn, s->pgsql, n, it->types, v, s->lengths, s->formats, 0) == 1;
}

/* Sends the items together, with one sync, and reads each one's result:
 * one round trip. The server runs them in order; after one fails it skips
 * the rest up to the sync (their results are PGRES_PIPELINE_ABORTED).
 * Inside a transaction block the failure leaves the transaction aborted,
 * exactly as when they are sent one by one. The caller clears the
 * results (pipe_clear). */
static void pipe_send(pg_store *pg, pipe_item *items, int n)
{
    PGconn *c = pg->conn;
    for (int i = 0; i < n; i++)
        items[i].res = NULL;
    if (PQenterPipelineMode(c) != 1)
        return;
    for (int i = 0; i < n && send_item(pg, &items[i]); i++)
        ;
    /* The sync even after a failed send: it ends what was sent. Each item's
     * results end with a NULL, the sync's result ends all; two NULLs in a
     * row: nothing more comes (the connection failed). */
    bool synced = PQpipelineSync(c) == 1;
    int i = 0, nulls = 0;
    bool got = false;
    while (synced) {
        PGresult *r = PQgetResult(c);
        if (!r) {
            if (++nulls >= 2)
                break;
            if (got)
                i++;
            got = false;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (i < n && !items[i].res) {
            items[i].res = r;
            got = true;
        } else
            PQclear(r);
    }
    /* Fails only with results still due on a failed connection; PQreset
     * (usable) leaves pipeline mode. */
    (void)PQexitPipelineMode(c);
}

/* pipe_send with the pending savepoint commands in front. When one of
 * them fails, its error stands as the first item's result (the items were
 * skipped). */
static void pipe_run(pg_store *pg, pipe_item *items, int n)
{
    if (pg->npending == 0) {
        pipe_send(pg, items, n);
        return;
    }
    pipe_item all[PG_PENDING_MAX + 4];
    int np = pg->npending, total = np + n;
    if (n > 4) { /* not used so: sent apart */
        (void)flush_pending(pg);
        pipe_send(pg, items, n);
        return;
    }
    for (int i = 0; i < np; i++)
        all[i] = (pipe_item){.kind = PIPE_SQL, .sql = pg->pending[i]};
    memcpy(all + np, items, (size_t)n * sizeof *items);
    pg->npending = 0;
    pipe_send(pg, all, total);
    for (int i = 0; i < n; i++)
        items[i].res = all[np + i].res;
    for (int i = 0; i < np; i++) {
        if (all[i].res && !ok_status(all[i].res) && n > 0) {
            PQclear(items[0].res);
            items[0].res = all[i].res;
            all[i].res = NULL;
        }
        PQclear(all[i].res);
    }
}

static void pipe_clear(pipe_item *items, int n)
{
    for (int i = 0; i < n; i++) {
        PQclear(items[i].res);
        items[i].res = NULL;
    }
}

static bool in_tx_now(pg_store *pg)
{
    PGTransactionStatusType t = PQtransactionStatus(pg->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static kp_rc session_settings(pg_store *pg)
{
    return simple(pg, "SET search_path = public, live; SET client_min_messages = warning;"
                      " SET client_encoding = 'UTF8'");
}

/* A lost connection is re-established between transactions (never inside
 * one: its work is gone, which the caller learns as KP_EUNAVAIL). */
static kp_rc usable(pg_store *pg)
{
    if (PQstatus(pg->conn) == CONNECTION_OK)
        return KP_OK;
    if (pg->base.tx_depth > 0)
        return KP_EUNAVAIL;
    pg->npending = 0; /* the transaction they belonged to is gone */
    PQreset(pg->conn);
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        set_err(pg, PQerrorMessage(pg->conn));
        return KP_EUNAVAIL;
    }
    pg->gen++;
    return session_settings(pg);
}

static bool is_live_table(pg_store *pg, const char *target)
{
    if (strncmp(target, "live.", 5) == 0)
        return true;
    if (!*target || !pg->live_tables)
        return false;
    char key[80];
    snprintf(key, sizeof key, ",%s,", target);
    return strstr(pg->live_tables, key) != NULL;
}

static kp_rc bump_stamp(pg_store *pg) { return simple(pg, "UPDATE public.kp_data_stamp SET n = n + 1 WHERE id = 1"); }

/* Counts what a write changed; records changed outside a transaction move
 * the stamp on at once, inside one at its commit. */
static kp_rc count_changes(pg_store *pg, const PGresult *r, const char *target)
{
    const char *cmd = PQcmdStatus((PGresult *)r);
    if (strncmp(cmd, "INSERT", 6) != 0 && strncmp(cmd, "UPDATE", 6) != 0 && strncmp(cmd, "DELETE", 6) != 0 &&
        strncmp(cmd, "MERGE", 5) != 0)
        return KP_OK;
    long long n = strtoll(PQcmdTuples((PGresult *)r), NULL, 10);
    if (n <= 0)
        return KP_OK;
    pg->changes += n;
    if (is_live_table(pg, target))
        return KP_OK;
    if (in_tx_now(pg)) {
        pg->records_changed = true;
        return KP_OK;
    }
    return bump_stamp(pg);
}

static void stmt_destroy(pg_store *pg, pg_stmt *s);

/* The tables of schema live, and the identity columns of the tables an
 * INSERT may name (public's bare, as public.x too; live's as live.x, and
 * bare unless a table of public has the name), each with its sequence
 * ("t:id:public.t_id_seq"): one query. On failure the lists are left as
 * they were. */
static kp_rc load_tables(pg_store *pg)
{
    PGresult *r = exec_q(pg,
                         "SELECT (SELECT string_agg(c.relname, ',') FROM pg_class c"
                         "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                         "  WHERE n.nspname = 'live' AND c.relkind IN ('r', 'v')),"
                         " (SELECT string_agg(CASE WHEN n.nspname = 'public'"
                         "   THEN c.relname || ':' || k.col || ',public.' || c.relname || ':' || k.col"
                         "   ELSE 'live.' || c.relname || ':' || k.col || CASE WHEN EXISTS (SELECT 1 FROM pg_class p"
                         "    JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                         "    WHERE pn.nspname = 'public' AND p.relname = c.relname)"
                         "    THEN '' ELSE ',' || c.relname || ':' || k.col END END, ',')"
                         "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                         "  JOIN pg_namespace n ON n.oid = c.relnamespace"
                         "  CROSS JOIN LATERAL (SELECT quote_ident(a.attname) || COALESCE(':' || pg_get_serial_sequence("
                         "   format('%I.%I', n.nspname, c.relname), a.attname), '') AS col) k"
                         "  WHERE a.attidentity <> '' AND NOT a.attisdropped AND n.nspname IN ('public', 'live')"
                         "  AND c.relkind = 'r')");
    kp_rc rc = KP_OK;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        char **lists[2] = {&pg->live_tables, &pg->id_columns};
        for (int i = 0; i < 2; i++) {
            const char *v = PQgetvalue(r, 0, i);
            size_t n = strlen(v);
            free(*lists[i]);
            *lists[i] = kp_xmalloc(n + 3);
            (*lists[i])[0] = ',';
            memcpy(*lists[i] + 1, v, n);
            memcpy(*lists[i] + 1 + n, ",", 2);
        }
        pg->id_columns_stale = false;
    } else
        rc = map_error(pg, r);
    PQclear(r);
    return rc;
}

/* The identity column of the table an INSERT names (its target), into
 * out, and its sequence into seq ("" if unknown); NULL when it has none or
 * the list may be out of date. */
static const char *id_column(pg_store *pg, const char *target, char *out, size_t outlen, char *seq, size_t seqlen)
{
    *seq = '\0';
    if (pg->id_columns_stale && PQtransactionStatus(pg->conn) == PQTRANS_IDLE && load_tables(pg) != KP_OK) {
        free(pg->id_columns);
        pg->id_columns = NULL;
        pg->id_columns_stale = false;
    }
    if (pg->id_columns_stale || !*target || !pg->id_columns)
        return NULL;
    char key[80];
    snprintf(key, sizeof key, ",%s:", target);
    const char *p = strstr(pg->id_columns, key);
    if (!p)
        return NULL;
    p += strlen(key);
    size_t n = strcspn(p, ",:");
    if (n == 0 || n >= outlen)
        return NULL;
    memcpy(out, p, n);
    out[n] = '\0';
    if (p[n] == ':') {
        /* A name to quote in SQL: none of the schema's has a quote. */
        size_t m = strcspn(p + n + 1, ",");
        if (m < seqlen && !memchr(p + n + 1, '\'', m)) {
            memcpy(seq, p + n + 1, m);
            seq[m] = '\0';
        }
    }
    return out;
}

static void pg_close(kp_store *st)
{
    pg_store *pg = pg_of(st);
    pg->closing = true;
    while (pg->idle) {
        pg_stmt *x = pg->idle;
        pg->idle = x->next;
        stmt_destroy(pg, x);
    }
    PQfinish(pg->conn);
    free(pg->live_tables);
    free(pg->id_columns);
    free(pg);
}

/* The texts store.c sends to begin and end transactions and savepoints. */
static bool tx_control(const char *sql)
{
    static const char *const fixed[] = {"COMMIT", "ROLLBACK", "SAVEPOINT kp_nested", "RELEASE kp_nested",
                                        "ROLLBACK TO kp_nested"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (strcmp(sql, fixed[i]) == 0)
            return true;
    return false;
}

/* Whether the text may make, change or drop a table (outside literals). */
static bool makes_tables(const char *sql)
{
    for (const char *p = sql; *p;) {
        const char *q = kp_pg_skip_quoted(p);
        if (q != p) {
            p = q;
            continue;
        }
        if (kp_pg_word_at(sql, p, "CREATE") || kp_pg_word_at(sql, p, "ALTER") || kp_pg_word_at(sql, p, "DROP"))
            return true;
        p++;
    }
    return false;
}

/* A nested transaction's savepoint command (store.c), kept to go with
 * whatever is sent next, when the transaction is in good order (so that
 * it cannot fail but with the connection, which the next round trip
 * reports). A savepoint begun and then released or rolled back to with
 * nothing sent since has nothing to keep or undo: not sent at all. True
 * when sql was taken so. */
static bool queue_nested(pg_store *pg, const char *sql)
{
    static const char begin[] = "SAVEPOINT kp_nested", release[] = "RELEASE kp_nested",
                      back[] = "ROLLBACK TO kp_nested";
    bool is_begin = strcmp(sql, begin) == 0, is_release = strcmp(sql, release) == 0;
    if (!is_begin && !is_release && strcmp(sql, back) != 0)
        return false;
    if (PQstatus(pg->conn) != CONNECTION_OK || PQtransactionStatus(pg->conn) != PQTRANS_INTRANS)
        return false;
    bool begun_last = pg->npending > 0 && pg->pending[pg->npending - 1] == begin;
    if (!is_begin && !is_release) /* back to a savepoint: nothing done since it began */
        return begun_last;
    if (is_release && begun_last) {
        pg->npending--;
        return true;
    }
    if (pg->npending == PG_PENDING_MAX && flush_pending(pg) != KP_OK)
        return false;
    pg->pending[pg->npending++] = is_begin ? begin : release;
    return true;
}

static kp_rc pg_exec(kp_store *st, const char *sql)
{
    pg_store *pg = pg_of(st);
    kp_rc rc = usable(pg);
    if (rc)
        return rc;
    if (queue_nested(pg, sql))
        return KP_OK;
    if (strcmp(sql, "ROLLBACK") == 0)
        pg->npending = 0; /* all undone: nothing to send first */
    bool commit = strcmp(sql, "COMMIT") == 0;
    kp_pg_sql_info info;
    char *t = kp_pg_translate(sql, &info);
    if (!tx_control(sql)) {
        pg->last_id_kept = false; /* an INSERT here: lastval() tells */
        if (makes_tables(t))
            pg->id_columns_stale = true;
    }
    /* The stamp moved on with the commit, in one round trip: when the
     * UPDATE fails the server skips the COMMIT, and the transaction is
     * left as it was after a failed statement. */
    const char *run = t;
    char *both = NULL;
    if (commit && pg->records_changed && PQtransactionStatus(pg->conn) == PQTRANS_INTRANS) {
        static const char bump[] = "UPDATE public.kp_data_stamp SET n = n + 1 WHERE id = 1; ";
        both = kp_xmalloc(sizeof bump + strlen(t));
        memcpy(both, bump, sizeof bump - 1);
        memcpy(both + sizeof bump - 1, t, strlen(t) + 1);
        run = both;
    }
    PGresult *r = exec_q(pg, run);
    free(both);
    free(t);
    if (ok_status(r))
        rc = count_changes(pg, r, info.target);
    else
        rc = map_error(pg, r);
    /* A COMMIT of a transaction PostgreSQL had aborted (a statement in it
     * failed) succeeds as a ROLLBACK: nothing was stored. */
    if (!rc && commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        set_err(pg, "the transaction had failed and was rolled back");
        rc = KP_EUNAVAIL;
    }
    PQclear(r);
    if (commit || strcmp(sql, "ROLLBACK") == 0)
        pg->records_changed = false;
    return rc;
}

static kp_rc pg_begin(kp_store *st, kp_tx_lock lock)
{
    pg_store *pg = pg_of(st);
    kp_rc rc = usable(pg);
    if (rc)
        return rc;
    char sql[256];
    int ms = pg->busy_ms > 0 ? pg->busy_ms : 1;
    if (lock == KP_LOCK_NONE)
        snprintf(sql, sizeof sql, "BEGIN ISOLATION LEVEL REPEATABLE READ; SET LOCAL lock_timeout = %d", ms);
    else if (lock == KP_LOCK_BOTH)
        snprintf(sql, sizeof sql,
                 "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(%d, %d);"
                 " SELECT pg_advisory_xact_lock(%d, %d)",
                 ms, KP_PG_LOCK_KEY, KP_PG_LOCK_RECORDS, KP_PG_LOCK_KEY, KP_PG_LOCK_SIDE);
    else
        snprintf(sql, sizeof sql, "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(%d, %d)", ms,
                 KP_PG_LOCK_KEY, lock == KP_LOCK_RECORDS ? KP_PG_LOCK_RECORDS : KP_PG_LOCK_SIDE);
    pg->records_changed = false;
    rc = simple(pg, sql);
    if (rc && in_tx_now(pg))
        PQclear(exec_q(pg, "ROLLBACK"));
    return rc;
}

/* kp_store_claim_side: the side tables' advisory lock, now, for the rest
 * of the transaction (taken after the records' when both are held, as in
 * pg_begin). */
static kp_rc pg_claim_side(kp_store *st)
{
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_advisory_xact_lock(%d, %d)", KP_PG_LOCK_KEY, KP_PG_LOCK_SIDE);
    return pg_exec(st, sql);
}

/* FNV-1a over the text, and its length. */
static uint64_t sql_hash(const char *sql, size_t *len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    const unsigned char *p = (const unsigned char *)sql;
    for (; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    *len = (size_t)(p - (const unsigned char *)sql);
    return h;
}

static pg_stmt *cache_take(pg_store *pg, const char *sql, uint64_t hash, bool by_address)
{
    for (pg_stmt **pp = &pg->idle; *pp; pp = &(*pp)->next) {
        pg_stmt *x = *pp;
        if ((by_address ? x->given == sql : x->hash == hash) && strcmp(x->sql, sql) == 0) {
            *pp = x->next;
            x->next = NULL;
            pg->nidle--;
            return x;
        }
    }
    return NULL;
}

/* A parameter's type could not be determined (indeterminate datatype, or
 * ambiguous parameter as the planner reports `$1 IS NULL OR x = $1`). */
static bool untyped(const char *state) { return strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0; }

/* The declared types of s's parameters for PQprepare: text for a number
 * the text skips (`?3` given, `?2` never: nothing to infer its type from,
 * and its value is never read), the rest left to the server (0). NULL
 * when every parameter appears. Caller frees. */
static Oid *skipped_as_text(const pg_stmt *s)
{
    Oid *types = NULL;
    for (int i = 1; i <= s->info.nparams; i++) {
        if (kp_pg_param_used(&s->info, i))
            continue;
        if (!types)
            types = kp_xcalloc((size_t)s->info.nparams, sizeof *types);
        types[i - 1] = OID_TEXT;
    }
    return types;
}

/* Prepares s->pgsql under a new name, a skipped parameter number declared
 * text. A statement whose parameter types PostgreSQL cannot infer from the
 * text alone (`?2 IS NULL`, `SELECT ?1 UNION …`) is left unprepared and
 * run typed by its bindings each time. Inside a transaction the attempt
 * runs in a savepoint, so that its failure does not abort the
 * transaction; the savepoint, the preparation and the release go in one
 * round trip. */
static kp_rc prepare_named(pg_store *pg, pg_stmt *s)
{
    bool guard = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
    kp_rc rc = KP_OK;
    snprintf(s->name, sizeof s->name, "kp%u", ++pg->next_name);
    Oid *types = skipped_as_text(s);
    int ntypes = types ? s->info.nparams : 0;
    PGresult *r;
    if (guard) {
        pipe_item it[3] = {{.kind = PIPE_SQL, .sql = "SAVEPOINT kp_prep"},
                           {.kind = PIPE_PREPARE, .s = s, .types = types, .ntypes = ntypes},
                           {.kind = PIPE_SQL, .sql = "RELEASE kp_prep"}};
        pipe_run(pg, it, 3);
        if (!it[0].res || PQresultStatus(it[0].res) != PGRES_COMMAND_OK) {
            rc = map_error(pg, it[0].res);
            pipe_clear(it, 3);
            free(types);
            s->name[0] = '\0';
            return rc;
        }
        r = it[1].res;
        it[1].res = NULL;
        pipe_clear(it, 3);
    } else
        r = PQprepare(pg->conn, s->name, s->pgsql, ntypes, types);
    free(types);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (state && (untyped(state) || strcmp(state, "42804") == 0 || strcmp(state, "42883") == 0 ||
                      strcmp(state, "42725") == 0)) {
            s->name[0] = '\0';
        } else {
            rc = map_error(pg, r);
            fprintf(stderr, "kopa: SQL prepare failed (%s): %s\n", state ? state : "-", pg->err);
            if (rc == KP_OK || rc == KP_ECONFLICT)
                rc = KP_EDB;
        }
        /* The preparation failed: the release was skipped, and the
         * transaction goes on from the savepoint. */
        if (guard && PQstatus(pg->conn) == CONNECTION_OK)
            PQclear(exec_q(pg, "ROLLBACK TO kp_prep; RELEASE kp_prep"));
    }
    PQclear(r);
    s->gen = pg->gen;
    return rc;
}

static void clear_result(pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->finished = false;
    if (s->blob)
        PQfreemem(s->blob);
    s->blob = NULL;
}

static void clear_bindings(pg_stmt *s)
{
    for (int i = 0; i < s->info.nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
        s->lengths[i] = 0;
        s->formats[i] = 0;
        s->types[i] = 0;
    }
}

static void stmt_destroy(pg_store *pg, pg_stmt *s)
{
    clear_result(s);
    clear_bindings(s);
    PQclear(s->desc);
    free(s->untyped_types);
    if (s->name[0] && !pg->closing && s->gen == pg->gen && PQstatus(pg->conn) == CONNECTION_OK &&
        PQtransactionStatus(pg->conn) != PQTRANS_INERROR) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(exec_q(pg, sql));
    }
    free(s->values);
    free(s->lengths);
    free(s->formats);
    free(s->types);
    free(s->pgsql);
    free(s->sql);
    free(s);
}

static kp_rc pg_prepare(kp_store *st, const char *sql, kp_stmt **out)
{
    pg_store *pg = pg_of(st);
    *out = NULL;
    kp_rc rc = usable(pg);
    if (rc)
        return rc;
    size_t len = 0;
    pg_stmt *s = cache_take(pg, sql, 0, true);
    uint64_t hash = 0;
    if (!s) {
        hash = sql_hash(sql, &len);
        s = cache_take(pg, sql, hash, false);
    }
    if (s) {
        s->given = sql;
        *out = &s->base;
        return KP_OK;
    }
    s = kp_xcalloc(1, sizeof *s);
    s->base.ops = &PG_OPS;
    s->base.store = st;
    s->row = -1;
    s->pgsql = kp_pg_translate(sql, &s->info);
    char col[64], seq[192];
    if (s->info.is_insert && !s->info.returning && !s->info.upsert &&
        id_column(pg, s->info.target, col, sizeof col, seq, sizeof seq)) {
        /* An explicit id beyond the sequence moves it up to that id in the
         * same statement, as SQLite's next rowid follows the largest: the
         * next id made is new, in this transaction and after it, without
         * waiting for kp_store_sync_ids (a made id is never beyond it).
         * pg_sequence_last_value is PostgreSQL's own (undocumented, in
         * every version since 10): NULL before the first nextval. */
        char tail[1024];
        int w;
        if (*seq)
            w = snprintf(tail, sizeof tail,
                         " RETURNING %s, CASE WHEN %s > COALESCE(pg_sequence_last_value('%s'::regclass), 0)"
                         " THEN setval('%s'::regclass, %s) END",
                         col, col, seq, seq, col);
        else
            w = snprintf(tail, sizeof tail, " RETURNING %s", col);
        if (w < 0 || (size_t)w >= sizeof tail) /* names longer than PostgreSQL allows */
            abort();
        char *t = kp_pg_with_tail(s->pgsql, tail);
        free(s->pgsql);
        s->pgsql = t;
        s->returns_id = true;
    }
    int n = s->info.nparams > 0 ? s->info.nparams : 1;
    s->values = kp_xcalloc((size_t)n, sizeof *s->values);
    s->lengths = kp_xcalloc((size_t)n, sizeof *s->lengths);
    s->formats = kp_xcalloc((size_t)n, sizeof *s->formats);
    s->types = kp_xcalloc((size_t)n, sizeof *s->types);
    rc = prepare_named(pg, s);
    if (rc) {
        s->name[0] = '\0';
        stmt_destroy(pg, s);
        return rc;
    }
    s->sql = kp_xmalloc(len + 1);
    memcpy(s->sql, sql, len + 1);
    s->hash = hash;
    s->given = sql;
    *out = &s->base;
    return KP_OK;
}

static void pg_set_busy_ms(kp_store *st, int ms)
{
    pg_store *pg = pg_of(st);
    pg->busy_ms = ms > 0 ? ms : 0;
    /* Writes outside a transaction wait as long (a transaction sets its own
     * at BEGIN). */
    if (PQstatus(pg->conn) == CONNECTION_OK && !in_tx_now(pg)) {
        char sql[64];
        snprintf(sql, sizeof sql, "SET lock_timeout = %d", pg->busy_ms > 0 ? pg->busy_ms : 1);
        PQclear(exec_q(pg, sql));
    }
}

/* PostgreSQL's shared buffers are the server's: nothing to set per
 * connection. */
static kp_rc pg_set_cache_kib(kp_store *st, int kib)
{
    (void)st;
    (void)kib;
    return KP_OK;
}

/* Statistics are the server's autovacuum's business. */
static void pg_optimize(kp_store *st) { (void)st; }

static int64_t query_int(pg_store *pg, const char *sql, int64_t fallback)
{
    PGresult *r = exec_q(pg, sql);
    int64_t v = fallback;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else if (PQresultStatus(r) != PGRES_TUPLES_OK)
        map_error(pg, r);
    PQclear(r);
    return v;
}

static int64_t pg_last_id(kp_store *st)
{
    pg_store *pg = pg_of(st);
    return pg->last_id_kept ? pg->last_id : query_int(pg, "SELECT public.kp_last_id()", 0);
}
static const char *pg_errmsg(kp_store *st) { return pg_of(st)->err; }

static int pg_schema_version(kp_store *st)
{
    return (int)query_int(pg_of(st), "SELECT COALESCE(MAX(version), 0) FROM public.schema_migration", 0);
}

static bool pg_in_tx(kp_store *st) { return in_tx_now(pg_of(st)); }

static kp_rc pg_data_stamp(kp_store *st, int64_t stamp[2])
{
    pg_store *pg = pg_of(st);
    kp_rc rc = usable(pg);
    if (rc)
        return rc;
    PGresult *r = exec_q(pg, "SELECT n FROM public.kp_data_stamp WHERE id = 1");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        stamp[0] = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        stamp[1] = pg->changes;
    } else
        rc = PQresultStatus(r) == PGRES_TUPLES_OK ? KP_EDB : map_error(pg, r);
    PQclear(r);
    return rc;
}

static int64_t pg_own_changes(kp_store *st) { return pg_of(st)->changes; }

static kp_rc pg_migrate(kp_store *st, char *err, size_t errlen)
{
    pg_store *pg = pg_of(st);
    kp_rc rc = flush_pending(pg);
    if (rc) {
        snprintf(err, errlen, "%s", pg->err);
        return rc;
    }
    rc = kp_pg_migrate(pg->conn, err, errlen);
    pg->last_id_kept = false;
    if (!rc)
        rc = load_tables(pg);
    if (rc && !*err)
        snprintf(err, errlen, "%s", pg->err);
    return rc;
}

static kp_rc pg_sync_ids(kp_store *st)
{
    char err[256];
    pg_store *pg = pg_of(st);
    kp_rc rc = flush_pending(pg);
    if (rc)
        return rc;
    rc = kp_pg_sync_ids(pg->conn, err, sizeof err);
    pg->last_id_kept = false;
    if (rc)
        set_err(pg, err);
    return rc;
}

/* A sanity check: the schema is readable and every index is valid (a
 * damaged index or table is the server's to find: amcheck, pg_dump). */
static kp_rc pg_check(kp_store *st, bool quick, char *err, size_t errlen)
{
    pg_store *pg = pg_of(st);
    int64_t v = query_int(pg, "SELECT COALESCE(MAX(version), 0) FROM public.schema_migration", -1);
    if (v <= 0) {
        snprintf(err, errlen, "the database's schema cannot be read: %s", pg->err);
        return KP_EDB;
    }
    if (!quick) {
        int64_t bad = query_int(pg,
                                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                                " WHERE n.nspname IN ('public', 'live') AND NOT (i.indisvalid AND i.indisready)",
                                -1);
        if (bad != 0) {
            snprintf(err, errlen, "%lld index(es) of the database are not valid; rebuild them with REINDEX",
                     (long long)bad);
            return KP_EDB;
        }
    }
    return KP_OK;
}

static kp_rc no_files(char *err, size_t errlen)
{
    snprintf(err, errlen,
             "a PostgreSQL database has no files of Kopā's to copy: back it up with pg_dump and restore it with "
             "pg_restore");
    return KP_EUSAGE;
}

static kp_rc pg_list_files(kp_store *st, kp_store_files *out, char *err, size_t errlen)
{
    (void)st;
    if (out)
        out->n = 0;
    return no_files(err, errlen);
}

static kp_rc pg_backup(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen)
{
    (void)path;
    return pg_list_files(st, out, err, errlen);
}

/* ---- statements ---- */

static kp_rc bind_slot(kp_stmt *stmt, int idx, char *value, int length, int format, Oid type)
{
    pg_stmt *s = (pg_stmt *)stmt;
    if (idx < 1 || idx > s->info.nparams) {
        free(value);
        return KP_EDB; /* as SQLite's SQLITE_RANGE */
    }
    if (!kp_pg_param_used(&s->info, idx)) {
        /* A number the text skips: declared text and never read, so no
         * value (bytes of a blob need not be valid text). */
        free(value);
        value = NULL;
        length = format = 0;
        type = 0;
    }
    free(s->values[idx - 1]);
    s->values[idx - 1] = value;
    s->lengths[idx - 1] = length;
    s->formats[idx - 1] = format;
    s->types[idx - 1] = type;
    return KP_OK;
}

static kp_rc pg_bind_int(kp_stmt *s, int idx, int64_t v)
{
    char *t = kp_xmalloc(24);
    snprintf(t, 24, "%lld", (long long)v);
    return bind_slot(s, idx, t, 0, 0, OID_INT8);
}

static kp_rc pg_bind_text(kp_stmt *s, int idx, const char *v)
{
    return bind_slot(s, idx, kp_xstrdup(v), 0, 0, 0);
}

static kp_rc pg_bind_blob(kp_stmt *s, int idx, const void *v, size_t n)
{
    if (n > INT_MAX)
        return KP_ETOOBIG;
    char *copy = kp_xmalloc(n ? n : 1);
    if (n)
        memcpy(copy, v, n);
    return bind_slot(s, idx, copy, (int)n, 1, OID_BYTEA);
}

static kp_rc pg_bind_null(kp_stmt *s, int idx) { return bind_slot(s, idx, NULL, 0, 0, 0); }

/* The types an unprepared statement runs with: its bindings', a skipped
 * number text, and with all_text a parameter bound to text or NULL text
 * too (what PostgreSQL cannot tell otherwise). Caller frees. */
static Oid *run_types(const pg_stmt *s, bool all_text)
{
    int n = s->info.nparams;
    Oid *t = kp_xcalloc((size_t)(n > 0 ? n : 1), sizeof *t);
    for (int i = 0; i < n; i++) {
        if (s->types[i])
            t[i] = s->types[i];
        else if (all_text || !kp_pg_param_used(&s->info, i + 1))
            t[i] = OID_TEXT;
    }
    return t;
}

/* Runs s once, typed by `types` when it is not prepared. With `open` (in
 * a transaction: "SAVEPOINT kp_stmt", or "ROLLBACK TO kp_stmt" to run in
 * it again) the savepoint, the statement and its release go in one round
 * trip. Returns the statement's result (its own failure included), or
 * NULL when it did not run: then *rc says why. *rc also holds a failed
 * release after a statement that went through. */
static PGresult *run_once(pg_store *pg, pg_stmt *s, const Oid *types, const char *open, kp_rc *rc)
{
    *rc = KP_OK;
    int n = s->info.nparams;
    const char *const *v = (const char *const *)s->values;
    if (!open && pg->npending > 0) { /* the pending savepoints with it */
        pipe_item it = {.kind = PIPE_RUN, .s = s, .types = types};
        pipe_run(pg, &it, 1);
        if (!it.res)
            *rc = map_error(pg, NULL);
        return it.res;
    }
    if (!open) {
        if (s->name[0])
            return PQexecPrepared(pg->conn, s->name, n, v, s->lengths, s->formats, 0);
        return PQexecParams(pg->conn, s->pgsql, n, types, v, s->lengths, s->formats, 0);
    }
    pipe_item it[3] = {{.kind = PIPE_SQL, .sql = open},
                       {.kind = PIPE_RUN, .s = s, .types = types},
                       {.kind = PIPE_SQL, .sql = "RELEASE kp_stmt"}};
    pipe_run(pg, it, 3);
    PGresult *r = NULL;
    if (!it[0].res || PQresultStatus(it[0].res) != PGRES_COMMAND_OK)
        *rc = map_error(pg, it[0].res);
    else if (!it[1].res)
        *rc = map_error(pg, NULL);
    else {
        r = it[1].res;
        it[1].res = NULL;
        if (ok_status(r) && (!it[2].res || PQresultStatus(it[2].res) != PGRES_COMMAND_OK))
            *rc = map_error(pg, it[2].res);
    }
    pipe_clear(it, 3);
    return r;
}

/* An INSERT sent with RETURNING its id: the last row's id is kept for
 * kp_store_last_id (none inserted: the one before stays, as in SQLite).
 * Any other INSERT leaves lastval() to tell. */
static void note_id(pg_store *pg, const pg_stmt *s, const PGresult *r)
{
    if (!s->info.is_insert)
        return;
    if (!s->returns_id) {
        pg->last_id_kept = false;
        return;
    }
    int n = PQntuples(r);
    if (n > 0 && !PQgetisnull(r, n - 1, 0)) {
        pg->last_id = strtoll(PQgetvalue(r, n - 1, 0), NULL, 10);
        pg->last_id_kept = true;
    }
}

/* Runs the statement with its bindings and keeps the whole result. */
static kp_rc run_stmt(pg_stmt *s)
{
    pg_store *pg = pg_of(s->base.store);
    kp_rc rc = usable(pg);
    if (rc)
        return rc;
    if (s->gen != pg->gen && s->name[0]) {
        rc = prepare_named(pg, s);
        if (rc)
            return rc;
    }
    bool guard = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS && (s->info.is_write || !s->name[0]);
    int n = s->info.nparams;
    Oid *types = NULL;
    bool all_text = false;
    if (!s->name[0]) {
        /* Typed by the bindings (a skipped number as text); text and NULL
         * as text when PostgreSQL cannot tell otherwise: at once when these
         * bound types failed so before (the server's typing depends on the
         * text and the types alone). */
        types = run_types(s, false);
        if (s->untyped_types && memcmp(s->untyped_types, types, (size_t)(n > 0 ? n : 1) * sizeof *types) == 0) {
            free(types);
            types = run_types(s, true);
            all_text = true;
        }
    }
    kp_rc guard_rc;
    PGresult *r = run_once(pg, s, types, guard ? "SAVEPOINT kp_stmt" : NULL, &guard_rc);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (r && !s->name[0] && !all_text && state && untyped(state)) {
        free(s->untyped_types);
        s->untyped_types = types;
        types = run_types(s, true);
        PQclear(r);
        r = run_once(pg, s, types, guard ? "ROLLBACK TO kp_stmt" : NULL, &guard_rc);
    }
    free(types);
    if (r && ok_status(r)) {
        s->res = r;
        s->row = -1;
        note_id(pg, s, r);
        rc = count_changes(pg, r, s->info.target);
        return rc ? rc : guard_rc;
    }
    rc = r ? map_error(pg, r) : guard_rc;
    PQclear(r);
    /* Back to the savepoint (the release was skipped), which goes: the
     * transaction is usable again. */
    if (guard && PQstatus(pg->conn) == CONNECTION_OK && PQtransactionStatus(pg->conn) == PQTRANS_INERROR)
        PQclear(exec_q(pg, "ROLLBACK TO kp_stmt; RELEASE kp_stmt"));
    return rc;
}

static kp_rc pg_step(kp_stmt *stmt, bool *row)
{
    pg_stmt *s = (pg_stmt *)stmt;
    *row = false;
    if (s->finished) /* stepped past the end: runs again, as SQLite does */
        clear_result(s);
    if (!s->res) {
        kp_rc rc = run_stmt(s);
        if (rc) {
            if (rc != KP_ECONFLICT) {
                fprintf(stderr, "kopa: SQL step failed: %s\n", pg_of(stmt->store)->err);
                s->failed = true;
            }
            clear_result(s);
            return rc;
        }
    }
    if (s->blob) {
        PQfreemem(s->blob);
        s->blob = NULL;
    }
    if (PQresultStatus(s->res) == PGRES_TUPLES_OK && !s->returns_id && s->row + 1 < PQntuples(s->res)) {
        s->row++;
        *row = true;
    } else
        s->finished = true;
    return KP_OK;
}

static kp_rc pg_reset(kp_stmt *stmt)
{
    pg_stmt *s = (pg_stmt *)stmt;
    clear_result(s);
    clear_bindings(s);
    return KP_OK;
}

static bool have_cell(pg_stmt *s, int col)
{
    return s->res && s->row >= 0 && s->row < PQntuples(s->res) && col >= 0 && col < PQnfields(s->res);
}

static bool pg_is_null(kp_stmt *stmt, int col)
{
    pg_stmt *s = (pg_stmt *)stmt;
    return !have_cell(s, col) || PQgetisnull(s->res, s->row, col);
}

/* As sqlite3_column_int64: integers, booleans as 1/0, a number with a
 * fraction truncated towards zero (clamped to the range). */
static int64_t pg_col_int(kp_stmt *stmt, int col)
{
    pg_stmt *s = (pg_stmt *)stmt;
    if (pg_is_null(stmt, col))
        return 0;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (PQftype(s->res, col) == OID_BOOL)
        return v[0] == 't';
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end && (*end == '.' || *end == 'e' || *end == 'E' || errno == ERANGE)) {
        double d = strtod(v, NULL);
        if (isnan(d))
            return 0;
        if (d >= 9223372036854775807.0)
            return INT64_MAX;
        if (d <= -9223372036854775808.0)
            return INT64_MIN;
        return (int64_t)d;
    }
    return n;
}

static const char *pg_col_text(kp_stmt *stmt, int col)
{
    pg_stmt *s = (pg_stmt *)stmt;
    return have_cell(s, col) ? PQgetvalue(s->res, s->row, col) : "";
}

static const void *pg_col_blob(kp_stmt *stmt, int col, size_t *n)
{
    pg_stmt *s = (pg_stmt *)stmt;
    *n = 0;
    if (pg_is_null(stmt, col))
        return NULL;
    const char *v = PQgetvalue(s->res, s->row, col);
    if (PQftype(s->res, col) != OID_BYTEA) {
        *n = (size_t)PQgetlength(s->res, s->row, col);
        return v;
    }
    if (s->blob)
        PQfreemem(s->blob);
    s->blob = PQunescapeBytea((const unsigned char *)v, n);
    if (!s->blob) {
        fprintf(stderr, "kopa: out of memory in libpq\n");
        abort();
    }
    return s->blob;
}

/* The result's shape before the first step: asked of the server once. */
static const PGresult *shape(pg_stmt *s)
{
    if (s->res)
        return s->res;
    if (!s->desc && s->name[0]) {
        pg_store *pg = pg_of(s->base.store);
        if (flush_pending(pg) != KP_OK)
            return NULL;
        PGresult *d = PQdescribePrepared(pg->conn, s->name);
        if (PQresultStatus(d) == PGRES_COMMAND_OK)
            s->desc = d;
        else
            PQclear(d);
    }
    return s->desc;
}

static int pg_columns(kp_stmt *stmt)
{
    const PGresult *r = ((pg_stmt *)stmt)->returns_id ? NULL : shape((pg_stmt *)stmt);
    return r ? PQnfields(r) : 0;
}

static int pg_param_count(kp_stmt *stmt) { return ((pg_stmt *)stmt)->info.nparams; }

static const char *pg_column_name(kp_stmt *stmt, int col)
{
    const PGresult *r = ((pg_stmt *)stmt)->returns_id ? NULL : shape((pg_stmt *)stmt);
    return r && col >= 0 && col < PQnfields(r) ? PQfname(r, col) : NULL;
}

static kp_sql_type pg_col_type(kp_stmt *stmt, int col)
{
    pg_stmt *s = (pg_stmt *)stmt;
    if (pg_is_null(stmt, col))
        return KP_SQL_NULL;
    switch (PQftype(s->res, col)) {
    case OID_BOOL:
    case OID_INT8:
    case OID_INT2:
    case OID_INT4:
        return KP_SQL_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return KP_SQL_REAL;
    case OID_BYTEA:
        return KP_SQL_BLOB;
    default:
        return KP_SQL_TEXT;
    }
}

static void pg_free_stmt(kp_stmt *stmt)
{
    pg_stmt *s = (pg_stmt *)stmt;
    pg_store *pg = pg_of(stmt->store);
    if (!s->sql || s->failed) {
        stmt_destroy(pg, s);
        return;
    }
    clear_result(s);
    clear_bindings(s);
    s->next = pg->idle;
    pg->idle = s;
    pg->nidle++;
    if (pg->nidle > PG_CACHE_MAX) {
        pg_stmt **pp = &pg->idle;
        while ((*pp)->next)
            pp = &(*pp)->next;
        stmt_destroy(pg, *pp);
        *pp = NULL;
        pg->nidle--;
    }
}

static const kp_store_ops PG_OPS = {
    .name = "postgresql",
    .round_trips = true,          /* every statement goes to the server */
    .ids_in_values_order = false, /* sequences are shared with other transactions */
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .prepare = pg_prepare,
    .last_id = pg_last_id,
    .set_busy_ms = pg_set_busy_ms,
    .set_cache_kib = pg_set_cache_kib,
    .optimize = pg_optimize,
    .errmsg = pg_errmsg,
    .schema_version = pg_schema_version,
    .in_tx = pg_in_tx,
    .data_stamp = pg_data_stamp,
    .own_changes = pg_own_changes,
    .claim_side = pg_claim_side,
    .migrate = pg_migrate,
    .check = pg_check,
    .list_files = pg_list_files,
    .backup = pg_backup,
    .restore_from = pg_backup,
    .sync_ids = pg_sync_ids,
    .tables = kp_pg_tables,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .reset = pg_reset,
    .is_null = pg_is_null,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .columns = pg_columns,
    .param_count = pg_param_count,
    .column_name = pg_column_name,
    .col_type = pg_col_type,
    .free_stmt = pg_free_stmt,
};

bool kp_pg_is_url(const char *uri)
{
    return uri && (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0);
}

kp_rc kp_pg_open(const char *uri, kp_open_mode mode, kp_store **out, char *err, size_t errlen)
{
    *out = NULL;
    const char *missing = kp_pg_lib_load();
    if (missing) {
        snprintf(err, errlen, "the PostgreSQL client library cannot be loaded (install Debian's libpq5): %s",
                 missing);
        return KP_EUNAVAIL;
    }
    PGconn *c = PQconnectdb(uri);
    if (!c) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: out of memory");
        return KP_EUNAVAIL;
    }
    if (PQstatus(c) != CONNECTION_OK) {
        /* The URL may hold a password: name the database, not the URL. */
        const char *m = PQerrorMessage(c);
        size_t n = strlen(m);
        while (n > 0 && m[n - 1] == '\n')
            n--;
        snprintf(err, errlen, "cannot connect to the PostgreSQL database %s: %.*s", PQdb(c) ? PQdb(c) : "", (int)n,
                 m);
        PQfinish(c);
        return KP_EUNAVAIL;
    }
    pg_store *pg = kp_xcalloc(1, sizeof *pg);
    pg->base.ops = &PG_OPS;
    pg->conn = c;
    pg->busy_ms = PG_BUSY_DEFAULT_MS;
    kp_rc rc = session_settings(pg);
    if (!rc) {
        char sql[64];
        snprintf(sql, sizeof sql, "SET lock_timeout = %d", pg->busy_ms);
        rc = simple(pg, sql);
    }
    if (rc) {
        snprintf(err, errlen, "cannot configure the connection to %s: %s", PQdb(c), pg->err);
        goto fail;
    }
    if (mode != KP_OPEN_ANY) {
        int64_t kopa = query_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                                     " AND tablename = 'schema_migration'", -1);
        int64_t tables = query_int(pg, "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'live')", -1);
        if (kopa < 0 || tables < 0) {
            snprintf(err, errlen, "cannot read the PostgreSQL database %s: %s", PQdb(c), pg->err);
            rc = KP_EDB;
        } else if (mode == KP_OPEN_EXISTING && kopa == 0) {
            snprintf(err, errlen,
                     tables == 0 ? "no Kopā database in the PostgreSQL database %s (it holds no tables); create one "
                                   "with kopa init --db URL"
                                 : "the PostgreSQL database %s holds tables of another program, not a Kopā database; "
                                   "check the URL",
                     PQdb(c));
            rc = tables == 0 ? KP_ENOTFOUND : KP_ESTATE;
        } else if (mode == KP_OPEN_CREATE && tables > 0) {
            snprintf(err, errlen, "the PostgreSQL database %s is not empty; create Kopā's database in an empty one",
                     PQdb(c));
            rc = KP_ECONFLICT;
        }
        if (rc)
            goto fail;
    }
    *out = &pg->base;
    return KP_OK;
fail:
    PQfinish(c);
    free(pg);
    return rc;
}
