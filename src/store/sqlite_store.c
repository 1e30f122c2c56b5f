/* The embedded SQLite backend: connection settings, statements, migrations.
 * Everything SQLite-specific lives in sqlite*.c. */
#include "store/sqlite_migrations.h"
#include "store/store_backend.h"
#include "core/mem.h"
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct sq_store {
    kp_store base;
    sqlite3 *db;
    int busy_ms;          /* longest wait for a lock */
    int64_t busy_since;   /* when the current wait began (ms, monotonic) */
} sq_store;

/* When a wait for a lock ran out (ms, monotonic), in any connection of this
 * process: a long writer (an import) holds the lock, and for a while the
 * next callers give up quickly instead of each waiting the full time. */
static atomic_llong g_gave_up_at;

enum { SQ_BUSY_DEFAULT_MS = 5000, SQ_BUSY_AFTER_GIVING_UP_MS = 100, SQ_GIVE_UP_MEMORY_MS = 2000 };

typedef struct sq_stmt {
    kp_stmt base;
    sqlite3_stmt *st;
} sq_stmt;

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

static void sq_close(kp_store *st)
{
    sq_store *s = (sq_store *)st;
    /* Closing with statements still open would leak them silently; v2 keeps
     * the connection until they are finalised, which makes such bugs visible
     * to the sanitizer instead of corrupting anything. */
    sqlite3_close_v2(s->db);
    free(s);
}

static kp_rc sq_exec(kp_store *st, const char *sql)
{
    return map_rc(sqlite3_exec(db_of(st), sql, NULL, NULL, NULL));
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
    rc = sq_exec(st, lock == KP_LOCK_RECORDS ? "DELETE FROM main.kp_writer" : "DELETE FROM live.kp_writer");
    if (rc)
        sq_exec(st, "ROLLBACK");
    return rc;
}

static const kp_store_ops SQ_OPS;

static kp_rc sq_prepare(kp_store *st, const char *sql, kp_stmt **out)
{
    sqlite3_stmt *raw = NULL;
    int rc = sqlite3_prepare_v2(db_of(st), sql, -1, &raw, NULL);
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
    *out = &s->base;
    return KP_OK;
}

static void sq_set_busy_ms(kp_store *st, int ms) { ((sq_store *)st)->busy_ms = ms > 0 ? ms : 0; }

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
static kp_rc migrate_schema(sqlite3 *db, const char *schema, const kp_migration *list, size_t count, char *err,
                            size_t errlen)
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
    }
    return KP_OK;
}

/* The side database first: migration 7 of main moves tables into it. */
static kp_rc sq_migrate(kp_store *st, char *err, size_t errlen)
{
    sqlite3 *db = db_of(st);
    kp_rc rc = migrate_schema(db, "live", kp_sqlite_live_migrations, kp_sqlite_live_migration_count, err, errlen);
    if (!rc)
        rc = migrate_schema(db, "main", kp_sqlite_migrations, kp_sqlite_migration_count, err, errlen);
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
    return KP_OK;
}

static bool sq_in_tx(kp_store *st) { return sqlite3_get_autocommit(db_of(st)) == 0; }

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
    if (k != KP_ECONFLICT)
        fprintf(stderr, "kopa: SQL step failed: %s\n", sqlite3_errmsg(db_of(s->store)));
    sqlite3_reset(st_of(s));
    return k;
}

static kp_rc sq_reset(kp_stmt *s)
{
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
static void sq_free_stmt(kp_stmt *s)
{
    sqlite3_finalize(st_of(s));
    free(s);
}

static const kp_store_ops SQ_OPS = {
    .name = "sqlite",
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .prepare = sq_prepare,
    .last_id = sq_last_id,
    .set_busy_ms = sq_set_busy_ms,
    .errmsg = sq_errmsg,
    .schema_version = sq_schema_version,
    .in_tx = sq_in_tx,
    .migrate = sq_migrate,
    .check = kp_sqlite_check,
    .list_files = kp_sqlite_list_files,
    .backup = kp_sqlite_backup,
    .restore_from = kp_sqlite_restore_from,
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

kp_rc kp_sqlite_open(const char *path, kp_open_mode mode, kp_store **out, char *err, size_t errlen)
{
    kp_rc krc = kp_sqlite_probe(path, mode, err, errlen);
    if (krc)
        return krc;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | (mode == KP_OPEN_ANY ? SQLITE_OPEN_CREATE : 0);
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
