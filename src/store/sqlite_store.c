/* The embedded SQLite backend: connection settings, statements, migrations.
 * Everything SQLite-specific lives in sqlite*.c. */
#include "store/sqlite_migrations.h"
#include "store/store_backend.h"
#include "core/mem.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct sq_stmt sq_stmt;

/* The transaction statements every request runs (store.c and sq_begin),
 * prepared once per connection instead of parsed by sqlite3_exec each time
 * (issue 10: a page's BEGIN/COMMIT/SAVEPOINT cost more to parse than to
 * run). Any other text goes through sqlite3_exec. */
static const char *const SQ_TX_TEXTS[] = {
    "BEGIN",           "COMMIT",          "ROLLBACK",   "SAVEPOINT kp_nested", "RELEASE kp_nested",
    "ROLLBACK TO kp_nested", "DELETE FROM main.kp_writer", "DELETE FROM live.kp_writer",
};
enum { SQ_TX_N = sizeof SQ_TX_TEXTS / sizeof SQ_TX_TEXTS[0] };

typedef struct sq_store {
    kp_store base;
    sqlite3 *db;
    int busy_ms;          /* longest wait for a lock */
    int64_t busy_since;   /* when the current wait began (ms, monotonic) */
    bool keeping_statistics; /* a wait that runs out tells nothing of other writers */
    /* Statements given back with kp_stmt_free, reset and unbound, most
     * recently used first; at most SQ_CACHE_MAX. A statement handed out is
     * never in this list, so one is never in use twice. */
    sq_stmt *idle;
    size_t nidle;
    kp_stmt_cache_stats stats;
    int64_t changes_at_open; /* sqlite3_total_changes64 after migrations */
    sqlite3_stmt *tx[SQ_TX_N]; /* SQ_TX_TEXTS, prepared when first run */
} sq_store;

/* When a wait for a lock ran out (ms, monotonic), in any connection of this
 * process: a long writer (an import) holds the lock, and for a while the
 * next callers give up quickly instead of each waiting the full time. */
static atomic_llong g_gave_up_at;

/* Statements started on every connection of this process (SQLITE_TRACE_STMT:
 * each prepared statement's first step, each statement of an exec, each
 * trigger program): what tests bound a page's work by (issue 10). */
static atomic_ullong g_statements;

static int count_statement(unsigned type, void *ctx, void *p, void *x)
{
    (void)type;
    (void)ctx;
    (void)p;
    (void)x;
    atomic_fetch_add_explicit(&g_statements, 1, memory_order_relaxed);
    return 0;
}

uint64_t kp_sqlite_statements(void) { return atomic_load(&g_statements); }

/* Rows stepped over by full table scans, summed when a statement is reset
 * or given back (SQLITE_STMTSTATUS_FULLSCAN_STEP): a page that scans a
 * table instead of searching an index shows here, whatever its timing. */
static atomic_ullong g_fullscan_steps;

static void count_scans(sqlite3_stmt *st)
{
    if (st)
        atomic_fetch_add_explicit(&g_fullscan_steps,
                                  (unsigned long long)sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1),
                                  memory_order_relaxed);
}

uint64_t kp_sqlite_fullscan_steps(void) { return atomic_load(&g_fullscan_steps); }

enum { SQ_BUSY_DEFAULT_MS = 5000, SQ_BUSY_AFTER_GIVING_UP_MS = 100, SQ_GIVE_UP_MEMORY_MS = 2000 };

/* Prepared statements kept per connection: enough for the distinct
 * statements of the busiest path (the evaluation, an import). */
enum { SQ_CACHE_MAX = 96 };

/* Table statistics (sqlite_stat1) are Kopā's own business: a connection that
 * changed at least this many rows analyses the database when it closes
 * (imports, the demo builder), every other one runs PRAGMA optimize then,
 * which analyses only tables that its queries showed would gain. Both look
 * at about SQ_ANALYSIS_LIMIT rows per index, so they take milliseconds
 * whatever the size, and wait at most SQ_ANALYZE_BUSY_MS for the lock. */
enum { SQ_ANALYZE_AFTER_CHANGES = 2000, SQ_ANALYSIS_LIMIT = 1000, SQ_ANALYZE_BUSY_MS = 200 };
/* Page cache of a connection, KiB (kp_store_set_cache_kib changes it). */
enum { SQ_CACHE_KIB = 16384 };
/* See stats_at_open: 4 MiB of 4 KiB pages. */
enum { SQ_ANALYZE_MIN_PAGES = 1024 };

struct sq_stmt {
    kp_stmt base;
    sqlite3_stmt *st;
    /* The SQL text it was prepared from (own copy) and its hash, for the
     * cache; NULL for a statement that is not kept (see sq_prepare). */
    char *sql;
    uint64_t hash;
    const char *given; /* the caller's pointer when prepared: a quick first guess */
    bool failed;   /* a step failed other than by a constraint: not kept */
    sq_stmt *next; /* in the idle list */
};

static sqlite3 *db_of(kp_store *st) { return ((sq_store *)st)->db; }
sqlite3 *kp_sqlite_db(kp_store *st) { return db_of(st); }
static sqlite3_stmt *st_of(kp_stmt *s) { return ((sq_stmt *)s)->st; }

static kp_rc map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return KP_OK;
    case SQLITE_CONSTRAINT:
        return KP_ECONFLICT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
        /* Conditions of the moment: the same request may work later. */
        return KP_EUNAVAIL;
    case SQLITE_NOMEM:
        fprintf(stderr, "kopa: out of memory in SQLite\n");
        abort();
    default:
        return KP_EDB;
    }
}

/* Keeps the database's statistics current (see SQ_ANALYZE_AFTER_CHANGES).
 * Never inside a transaction, never an error to the caller: statistics only
 * make plans better. `closing`: the connection's last call, which may
 * analyse everything after many changes; otherwise only PRAGMA optimize. */
static void keep_statistics(sq_store *s, bool closing)
{
    if (!s->db || sqlite3_get_autocommit(s->db) == 0 || sqlite3_db_readonly(s->db, "main") == 1)
        return;
    int64_t changed = sqlite3_total_changes64(s->db) - s->changes_at_open;
    int saved = s->busy_ms;
    s->busy_ms = s->busy_ms < SQ_ANALYZE_BUSY_MS ? s->busy_ms : SQ_ANALYZE_BUSY_MS;
    s->keeping_statistics = true;
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA analysis_limit=%d; %s", SQ_ANALYSIS_LIMIT,
             closing && changed >= SQ_ANALYZE_AFTER_CHANGES ? "ANALYZE main;" : "PRAGMA main.optimize;");
    sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    s->keeping_statistics = false;
    s->busy_ms = saved;
}

static void sq_optimize(kp_store *st) { keep_statistics((sq_store *)st, false); }

static void stmt_destroy(sq_stmt *s)
{
    sqlite3_finalize(s->st);
    free(s->sql);
    free(s);
}

static void cache_flush(sq_store *s)
{
    for (size_t i = 0; i < SQ_TX_N; i++) {
        sqlite3_finalize(s->tx[i]);
        s->tx[i] = NULL;
    }
    while (s->idle) {
        sq_stmt *x = s->idle;
        s->idle = x->next;
        stmt_destroy(x);
    }
    s->nidle = 0;
}

void kp_sqlite_cache_flush(kp_store *st) { cache_flush((sq_store *)st); }

kp_rc kp_sqlite_cache_stats(kp_store *st, kp_stmt_cache_stats *out)
{
    if (!st || !out)
        return KP_EINVAL;
    *out = ((sq_store *)st)->stats;
    out->idle = ((sq_store *)st)->nidle;
    return KP_OK;
}

static void sq_close(kp_store *st)
{
    sq_store *s = (sq_store *)st;
    keep_statistics(s, true);
    cache_flush(s);
    /* Closing with statements still open would leak them silently; v2 keeps
     * the connection until they are finalised, which makes such bugs visible
     * to the sanitizer instead of corrupting anything. */
    sqlite3_close_v2(s->db);
    free(s);
}

static kp_rc sq_exec(kp_store *st, const char *sql)
{
    sq_store *s = (sq_store *)st;
    size_t i = 0;
    while (i < SQ_TX_N && SQ_TX_TEXTS[i] != sql && strcmp(SQ_TX_TEXTS[i], sql) != 0)
        i++;
    if (i < SQ_TX_N) {
        /* A text that does not prepare yet (kp_writer before its migration)
         * goes through sqlite3_exec, which reports the same error. */
        if (!s->tx[i] &&
            sqlite3_prepare_v3(s->db, SQ_TX_TEXTS[i], -1, SQLITE_PREPARE_PERSISTENT, &s->tx[i], NULL) != SQLITE_OK) {
            sqlite3_finalize(s->tx[i]);
            s->tx[i] = NULL;
        }
        if (s->tx[i]) {
            int rc = sqlite3_step(s->tx[i]);
            sqlite3_reset(s->tx[i]);
            return map_rc(rc);
        }
    }
    return map_rc(sqlite3_exec(s->db, sql, NULL, NULL, NULL));
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SQLite calls this while a lock it needs is held by another connection;
 * returning 0 gives up (SQLITE_BUSY, then KP_EUNAVAIL). */
static int sq_busy(void *arg, int count)
{
    sq_store *s = arg;
    int64_t now = mono_ms();
    if (count == 0)
        s->busy_since = now;
    int64_t limit = s->busy_ms;
    int64_t gave_up = atomic_load(&g_gave_up_at);
    if (gave_up && now - gave_up < SQ_GIVE_UP_MEMORY_MS && limit > SQ_BUSY_AFTER_GIVING_UP_MS)
        limit = SQ_BUSY_AFTER_GIVING_UP_MS;
    if (now - s->busy_since >= limit) {
        /* Statistics wait briefly by choice: their giving up does not mean
         * that a long writer holds the lock. */
        if (!s->keeping_statistics)
            atomic_store(&g_gave_up_at, now);
        return 0;
    }
    static const int steps[] = {1, 2, 5, 10, 20};
    int ms = steps[count < 5 ? count : 4];
    struct timespec ts = {0, (long)ms * 1000000L};
    nanosleep(&ts, NULL);
    return 1;
}

/* A transaction claims a write lock at its start by touching an empty
 * kp_writer table of that database: unlike BEGIN IMMEDIATE, which locks
 * every attached database, this leaves the other one free. */
static kp_rc sq_begin(kp_store *st, kp_tx_lock lock)
{
    kp_rc rc = sq_exec(st, "BEGIN");
    if (rc || lock == KP_LOCK_NONE)
        return rc;
    /* Both: the records' first, as every records writer that also writes
     * the side tables takes them (in a savepoint, later). */
    if (lock == KP_LOCK_RECORDS || lock == KP_LOCK_BOTH)
        rc = sq_exec(st, "DELETE FROM main.kp_writer");
    if (!rc && (lock == KP_LOCK_SIDE || lock == KP_LOCK_BOTH))
        rc = sq_exec(st, "DELETE FROM live.kp_writer");
    if (rc)
        sq_exec(st, "ROLLBACK");
    return rc;
}

static const kp_store_ops SQ_OPS;

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

static sq_stmt *unlink_idle(sq_store *s, sq_stmt **pp)
{
    sq_stmt *x = *pp;
    *pp = x->next;
    x->next = NULL;
    s->nidle--;
    return x;
}

/* A statement of the same text from the idle list, taken out of it. Most
 * callers pass the same string literal every time: a statement prepared
 * from the same address whose text still matches is taken without
 * hashing. The text always decides, so a buffer reused for other SQL never
 * gets the wrong statement. */
static sq_stmt *cache_take_same_address(sq_store *s, const char *sql)
{
    for (sq_stmt **pp = &s->idle; *pp; pp = &(*pp)->next)
        if ((*pp)->given == sql && strcmp((*pp)->sql, sql) == 0)
            return unlink_idle(s, pp);
    return NULL;
}

static sq_stmt *cache_take(sq_store *s, const char *sql, uint64_t hash)
{
    for (sq_stmt **pp = &s->idle; *pp; pp = &(*pp)->next) {
        sq_stmt *x = *pp;
        if (x->hash == hash && strcmp(x->sql, sql) == 0)
            return unlink_idle(s, pp);
    }
    return NULL;
}

static kp_rc sq_prepare(kp_store *st, const char *sql, kp_stmt **out)
{
    sq_store *store = (sq_store *)st;
    sq_stmt *hit = cache_take_same_address(store, sql);
    size_t len = 0;
    uint64_t hash = 0;
    if (!hit) {
        hash = sql_hash(sql, &len);
        hit = cache_take(store, sql, hash);
    }
    if (hit) {
        hit->given = sql;
        store->stats.hits++;
        *out = &hit->base;
        return KP_OK;
    }
    store->stats.misses++;
    sqlite3_stmt *raw = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(db_of(st), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "kopa: SQL prepare failed: %s\n", sqlite3_errmsg(db_of(st)));
        *out = NULL;
        /* Reading the schema can fail like any read (I/O, a lock): that is
         * unavailability, not a broken statement. */
        kp_rc k = map_rc(rc);
        return k == KP_OK || k == KP_ECONFLICT ? KP_EDB : k;
    }
    sq_stmt *s = kp_xcalloc(1, sizeof *s);
    s->base.ops = &SQ_OPS;
    s->base.store = st;
    s->st = raw;
    /* Kept for reuse when the text is one whole statement (text after the
     * first statement would be ignored by a cached one just the same, but
     * such calls are rare and need not be kept). */
    while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
        tail++;
    if (raw && tail && *tail == '\0') {
        s->sql = kp_xmalloc(len + 1);
        memcpy(s->sql, sql, len + 1);
        s->hash = hash;
        s->given = sql;
    }
    *out = &s->base;
    return KP_OK;
}

static void sq_set_busy_ms(kp_store *st, int ms) { ((sq_store *)st)->busy_ms = ms > 0 ? ms : 0; }

static kp_rc sq_set_cache_kib(kp_store *st, int kib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA main.cache_size=-%d", kib);
    return sq_exec(st, sql);
}

static kp_rc sq_check_references(kp_store *st, bool on)
{
    return sq_exec(st, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
}

static int64_t sq_last_id(kp_store *st) { return sqlite3_last_insert_rowid(db_of(st)); }
static const char *sq_errmsg(kp_store *st) { return sqlite3_errmsg(db_of(st)); }

static int sq_schema_version(kp_store *st)
{
    sqlite3_stmt *s = NULL;
    int v = 0;
    if (sqlite3_prepare_v2(db_of(st), "SELECT COALESCE(MAX(version),0) FROM schema_migration", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Applies each migration of one schema ("main" or "live") that the schema
 * has not recorded, each in its own transaction, so a failed migration
 * leaves the previous version intact. */
static kp_rc migrate_schema(sqlite3 *db, const char *schema, const kp_migration *list, size_t count, int *applied,
                            char *err, size_t errlen)
{
    char *msg = NULL;
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TABLE IF NOT EXISTS %s.schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
             schema);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot prepare the database (%s): %s", schema, msg ? msg : "unknown error");
        sqlite3_free(msg);
        return KP_EDB;
    }
    /* Every migration not yet recorded runs, not only those above the
     * highest: work developed side by side lands in any order, and a
     * database that has 16 must still get 14 and 15. */
    for (size_t i = 0; i < count; i++) {
        const kp_migration *m = &list[i];
        int have = 0;
        sqlite3_stmt *q = NULL;
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s.schema_migration WHERE version = ?", schema);
        if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
            sqlite3_bind_int(q, 1, m->version);
            if (sqlite3_step(q) == SQLITE_ROW)
                have = sqlite3_column_int(q, 0);
        }
        sqlite3_finalize(q);
        if (have)
            continue;
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "migration %s %d (%s) failed: %s", schema, m->version, m->name,
                     msg ? msg : "unknown error");
            sqlite3_free(msg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return KP_EDB;
        }
        sqlite3_stmt *ins = NULL;
        snprintf(sql, sizeof sql, "INSERT INTO %s.schema_migration(version, name) VALUES (?, ?)", schema);
        int rc = sqlite3_prepare_v2(db, sql, -1, &ins, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int(ins, 1, m->version);
            sqlite3_bind_text(ins, 2, m->name, -1, SQLITE_STATIC);
            rc = sqlite3_step(ins);
        }
        sqlite3_finalize(ins);
        if ((rc != SQLITE_DONE) || sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "migration %s %d (%s) could not be recorded", schema, m->version, m->name);
            sqlite3_free(msg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return KP_EDB;
        }
        (*applied)++;
    }
    return KP_OK;
}

/* A database that has records but no statistics (made before Kopā kept
 * them, or filled by a program that crashed), or whose schema a migration
 * just changed, is analysed once when opened: without statistics SQLite
 * guesses, and for the evaluation's queries it guesses badly (issue 10:
 * 36 s instead of 2 s). Small databases are left alone: their statistics
 * would describe tables about to grow. */
static void stats_at_open(sq_store *s, bool migrated)
{
    sqlite3 *db = s->db;
    sqlite3_stmt *q = NULL;
    int64_t pages = 0;
    int have_stats = 0;
    if (sqlite3_prepare_v2(db, "SELECT (SELECT page_count FROM pragma_page_count),"
                               " EXISTS (SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_stat1')",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        pages = sqlite3_column_int64(q, 0);
        have_stats = sqlite3_column_int(q, 1);
    }
    sqlite3_finalize(q);
    if (pages < SQ_ANALYZE_MIN_PAGES || (have_stats && !migrated) || sqlite3_db_readonly(db, "main") == 1)
        return;
    int saved = s->busy_ms;
    s->busy_ms = s->busy_ms < SQ_ANALYZE_BUSY_MS ? s->busy_ms : SQ_ANALYZE_BUSY_MS;
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA analysis_limit=%d; ANALYZE main;", SQ_ANALYSIS_LIMIT);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    s->busy_ms = saved;
}

/* The side database first: migration 7 of main moves tables into it. */
static kp_rc sq_migrate(kp_store *st, char *err, size_t errlen)
{
    sqlite3 *db = db_of(st);
    int applied = 0, live_applied = 0;
    kp_rc rc = migrate_schema(db, "live", kp_sqlite_live_migrations, kp_sqlite_live_migration_count, &live_applied,
                              err, errlen);
    if (!rc)
        rc = migrate_schema(db, "main", kp_sqlite_migrations, kp_sqlite_migration_count, &applied, err, errlen);
    if (rc)
        return rc;
    /* A new side database takes the main one's identity; one that holds
     * another's (left behind by a database removed by hand, or restored
     * without its pair) is refused rather than mixed in. */
    sqlite3_stmt *q = NULL;
    int same = 0;
    if (sqlite3_exec(db,
                     "INSERT INTO live.kp_owner SELECT id FROM main.kp_identity"
                     " WHERE NOT EXISTS (SELECT 1 FROM live.kp_owner)",
                     NULL, NULL, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT (SELECT id FROM live.kp_owner) = (SELECT id FROM main.kp_identity)", -1, &q,
                           NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        same = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (!same) {
        snprintf(err, errlen,
                 "the side database %s belongs to another database; move it away (it holds sessions, drafts and "
                 "the access log of that other database)",
                 sqlite3_db_filename(db, "live"));
        return KP_ESTATE;
    }
    sq_store *sq = (sq_store *)st;
    stats_at_open(sq, applied > 0);
    /* What this connection changes from here on decides whether it
     * analyses the database when it closes. */
    sq->changes_at_open = sqlite3_total_changes64(db);
    return KP_OK;
}

static bool sq_in_tx(kp_store *st) { return sqlite3_get_autocommit(db_of(st)) == 0; }

/* PRAGMA data_version changes with every commit of another connection to
 * main; this connection's own changes show in its change counter. */
static kp_rc sq_data_stamp(kp_store *st, int64_t stamp[2])
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, "PRAGMA main.data_version", &s);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_EDB;
    if (!rc) {
        stamp[0] = kp_stmt_int(s, 0);
        stamp[1] = sqlite3_total_changes64(db_of(st));
    }
    kp_stmt_free(s);
    return rc;
}

static int64_t sq_own_changes(kp_store *st) { return sqlite3_total_changes64(db_of(st)); }

static bool sq_side_read_pinned(kp_store *st) { return sqlite3_txn_state(db_of(st), "live") == SQLITE_TXN_READ; }
static kp_rc sq_claim_side(kp_store *st) { return sq_exec(st, "DELETE FROM live.kp_writer"); }

static kp_rc sq_bind_int(kp_stmt *s, int idx, int64_t v) { return map_rc(sqlite3_bind_int64(st_of(s), idx, v)); }
static kp_rc sq_bind_text(kp_stmt *s, int idx, const char *v)
{
    return map_rc(sqlite3_bind_text(st_of(s), idx, v, -1, SQLITE_TRANSIENT));
}
static kp_rc sq_bind_blob(kp_stmt *s, int idx, const void *v, size_t n)
{
    if (n > 0x7fffffff)
        return KP_ETOOBIG;
    return map_rc(sqlite3_bind_blob(st_of(s), idx, v, (int)n, SQLITE_TRANSIENT));
}
static kp_rc sq_bind_null(kp_stmt *s, int idx) { return map_rc(sqlite3_bind_null(st_of(s), idx)); }

static kp_rc sq_step(kp_stmt *s, bool *row)
{
    int rc = sqlite3_step(st_of(s));
    *row = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return KP_OK;
    kp_rc k = map_rc(rc);
    if (k != KP_ECONFLICT) {
        fprintf(stderr, "kopa: SQL step failed: %s\n", sqlite3_errmsg(db_of(s->store)));
        ((sq_stmt *)s)->failed = true;
    }
    sqlite3_reset(st_of(s));
    return k;
}

static kp_rc sq_reset(kp_stmt *s)
{
    count_scans(st_of(s));
    sqlite3_reset(st_of(s));
    return map_rc(sqlite3_clear_bindings(st_of(s)));
}

static bool sq_is_null(kp_stmt *s, int col) { return sqlite3_column_type(st_of(s), col) == SQLITE_NULL; }
static int64_t sq_col_int(kp_stmt *s, int col) { return sqlite3_column_int64(st_of(s), col); }
static const char *sq_col_text(kp_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(st_of(s), col);
    return t ? (const char *)t : "";
}
static const void *sq_col_blob(kp_stmt *s, int col, size_t *n)
{
    const void *b = sqlite3_column_blob(st_of(s), col);
    *n = (size_t)sqlite3_column_bytes(st_of(s), col);
    return b;
}
static int sq_columns(kp_stmt *s) { return sqlite3_column_count(st_of(s)); }
static int sq_param_count(kp_stmt *s) { return sqlite3_bind_parameter_count(st_of(s)); }
static const char *sq_column_name(kp_stmt *s, int col) { return sqlite3_column_name(st_of(s), col); }
static kp_sql_type sq_col_type(kp_stmt *s, int col)
{
    switch (sqlite3_column_type(st_of(s), col)) {
    case SQLITE_INTEGER:
        return KP_SQL_INT;
    case SQLITE_FLOAT:
        return KP_SQL_REAL;
    case SQLITE_TEXT:
        return KP_SQL_TEXT;
    case SQLITE_BLOB:
        return KP_SQL_BLOB;
    default:
        return KP_SQL_NULL;
    }
}
/* Gives a statement back: reset and unbound into the idle list when it can
 * be used again, the least recently used one finalised when the list is
 * full; finalised at once otherwise. */
static void sq_free_stmt(kp_stmt *stmt)
{
    sq_stmt *s = (sq_stmt *)stmt;
    sq_store *store = (sq_store *)stmt->store;
    count_scans(s->st);
    if (!s->sql || s->failed || !s->st) {
        stmt_destroy(s);
        return;
    }
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    s->next = store->idle;
    store->idle = s;
    store->nidle++;
    if (store->nidle > SQ_CACHE_MAX) {
        sq_stmt **pp = &store->idle;
        while ((*pp)->next)
            pp = &(*pp)->next;
        stmt_destroy(*pp);
        *pp = NULL;
        store->nidle--;
        store->stats.evictions++;
    }
}

static const kp_store_ops SQ_OPS = {
    .name = "sqlite",
    .round_trips = false,        /* a statement is a function call */
    .ids_in_values_order = true, /* a new rowid is the largest plus one */
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .prepare = sq_prepare,
    .last_id = sq_last_id,
    .set_busy_ms = sq_set_busy_ms,
    .set_cache_kib = sq_set_cache_kib,
    .optimize = sq_optimize,
    .check_references = sq_check_references,
    .errmsg = sq_errmsg,
    .schema_version = sq_schema_version,
    .in_tx = sq_in_tx,
    .data_stamp = sq_data_stamp,
    .own_changes = sq_own_changes,
    .side_read_pinned = sq_side_read_pinned,
    .claim_side = sq_claim_side,
    .migrate = sq_migrate,
    .check = kp_sqlite_check,
    .list_files = kp_sqlite_list_files,
    .backup = kp_sqlite_backup,
    .restore_from = kp_sqlite_restore_from,
    .tables = kp_sqlite_tables,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .reset = sq_reset,
    .is_null = sq_is_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .columns = sq_columns,
    .param_count = sq_param_count,
    .column_name = sq_column_name,
    .col_type = sq_col_type,
    .free_stmt = sq_free_stmt,
};

/* A message that says what to do when the file itself is the problem. */
static void open_failed(sqlite3 *db, int rc, const char *what, const char *path, const char *msg, char *err,
                        size_t errlen)
{
    int code = (db ? sqlite3_errcode(db) : rc) & 0xff;
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        snprintf(err, errlen,
                 "database %s is damaged (%s); stop using it and restore the last good backup: "
                 "kopa restore --from BACKUP --db %s --force",
                 path, msg, path);
    else
        snprintf(err, errlen, "cannot %s database %s: %s", what, path, msg);
}

/* An existing file must already be a Kopā database: migrations are never
 * applied to some other program's SQLite file. */
static kp_rc is_kopa_db(sqlite3 *db, const char *path, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master", -1, &s, NULL);
    int tables = -1;
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        tables = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (tables < 0 && (sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB) {
        snprintf(err, errlen,
                 "%s is not a Kopā database (it does not begin like an SQLite database); check the path, or "
                 "restore the last good backup: kopa restore --from BACKUP --db %s --force",
                 path, path);
        return KP_ESTATE;
    }
    if (tables < 0) {
        open_failed(db, rc, "read", path, sqlite3_errmsg(db), err, errlen);
        return KP_EDB;
    }
    s = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'",
                           -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        found = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (!found) {
        snprintf(err, errlen,
                 tables == 0 ? "no database here: %s holds no tables, it is not a Kopā database; create one with "
                               "kopa init --db FILE (on a new file)"
                             : "%s is an SQLite database of another program, not a Kopā database; check the path",
                 path);
        return KP_ESTATE;
    }
    return KP_OK;
}

/* SQLite counts every allocation under one process-wide mutex unless told
 * not to; Kopā never asks for the counts, and with a pool of connections
 * on several threads the mutex is a queue. Must come before SQLite is
 * first used; when something in the process used it earlier (a test's own
 * VFS) the call is refused and nothing changes. */
static pthread_once_t g_config_once = PTHREAD_ONCE_INIT;
/* Every page cache SQLite opens takes 20 pages (about 90 KiB) at once by
 * default, the throwaway ones of a single statement included (a CHECK with
 * an IN list, a sorter): a client's import row opened and freed several,
 * and each time the freed memory went back to the system and came back as
 * page faults (issue 10: 16 000 page faults for 3 000 clients, 1 600 with
 * pages taken one by one as they are used). */
static void configure_sqlite(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
}

kp_rc kp_sqlite_open(const char *path, kp_open_mode mode, kp_store **out, char *err, size_t errlen)
{
    pthread_once(&g_config_once, configure_sqlite);
    kp_rc krc = kp_sqlite_probe(path, mode, err, errlen);
    if (krc)
        return krc;
    /* Multi-thread mode: a connection is used by one thread at a time (the
     * pool hands each to one request; store.h), so SQLite need not take its
     * own mutex on every call, which cost pages about a tenth of their time
     * (issue 10). */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == KP_OPEN_ANY ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, flags, NULL);
    if (rc != SQLITE_OK) {
        open_failed(db, rc, "open", path, db ? sqlite3_errmsg(db) : "out of memory", err, errlen);
        sqlite3_close(db);
        return KP_EDB;
    }
    sq_store *s = kp_xcalloc(1, sizeof *s);
    s->base.ops = &SQ_OPS;
    s->db = db;
    s->busy_ms = SQ_BUSY_DEFAULT_MS;
    sqlite3_busy_handler(db, sq_busy, s);
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT, count_statement, NULL);
    /* WAL lets readers (pages, reports) run while one writer works; foreign
     * keys are off by default in SQLite and must be asked for per connection.
     * synchronous=FULL: a commit of records is on disk before it is
     * acknowledged, power cut included (NORMAL would survive a crash of the
     * program but not of the machine). The side database keeps NORMAL: its
     * sessions and access records of the last moments before a power cut
     * may be lost, never to a crash of the program. */
    char *msg = NULL;
    if (mode == KP_OPEN_EXISTING && (krc = is_kopa_db(db, path, err, errlen)) != KP_OK) {
        sqlite3_close(db);
        free(s);
        return krc;
    }
    if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        open_failed(db, SQLITE_ERROR, "configure", path, msg ? msg : "unknown error", err, errlen);
        goto fail;
    }
    /* The page cache: SQLite's default of 2 MiB spills an import's
     * transaction to the WAL again and again (issue 10: 68 s for a million
     * deliveries with 2 MiB, 37 s with 16 MiB, no faster with 64 MiB).
     * Memory-mapped reads are left off: the evaluation is no faster with
     * them and every mapped page counts as resident. */
    char tune[96];
    snprintf(tune, sizeof tune, "PRAGMA main.cache_size=-%d;", SQ_CACHE_KIB);
    if (sqlite3_exec(db, tune, NULL, NULL, &msg) != SQLITE_OK) {
        open_failed(db, SQLITE_ERROR, "configure", path, msg ? msg : "unknown error", err, errlen);
        goto fail;
    }
    /* The side database (sqlite_live.c) lies beside the main file. */
    size_t n = strlen(path);
    char *live = kp_xmalloc(n + sizeof ".live");
    memcpy(live, path, n);
    memcpy(live + n, ".live", sizeof ".live");
    /* Owner-only like the main file (SQLite gives its -wal/-shm its mode). */
    kp_sqlite_precreate(live);
    sqlite3_stmt *att = NULL;
    int rc2 = sqlite3_prepare_v2(db, "ATTACH DATABASE ? AS live", -1, &att, NULL);
    if (rc2 == SQLITE_OK) {
        sqlite3_bind_text(att, 1, live, -1, SQLITE_TRANSIENT);
        rc2 = sqlite3_step(att);
    }
    sqlite3_finalize(att);
    if (rc2 != SQLITE_DONE) {
        snprintf(err, errlen, "cannot open the side database %s: %s", live, sqlite3_errmsg(db));
        free(live);
        goto fail;
    }
    free(live);
    if (sqlite3_exec(db, "PRAGMA live.journal_mode=WAL; PRAGMA live.synchronous=NORMAL;", NULL, NULL, &msg) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot configure the side database of %s: %s", path, msg ? msg : "unknown error");
        goto fail;
    }
    *out = &s->base;
    return KP_OK;
fail:
    sqlite3_free(msg);
    sqlite3_close(db);
    free(s);
    return KP_EDB;
}

void kp_sqlite_remove(const char *path)
{
    static const char *const suffixes[] = {"",          "-wal",      "-shm",      "-journal",
                                           ".live",     ".live-wal", ".live-shm", ".live-journal"};
    size_t n = strlen(path);
    char *p = kp_xmalloc(n + 16);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        memcpy(p, path, n);
        memcpy(p + n, suffixes[i], strlen(suffixes[i]) + 1);
        unlink(p);
    }
    free(p);
}
