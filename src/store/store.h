/* The one storage interface the service layer talks to. A backend (SQLite
 * now, PostgreSQL later) implements it behind store_backend.h; SQL given to it
 * is portable: `?` placeholders, standard types, no backend functions.
 *
 * Ownership: a kp_store is owned by whoever opened it and closed with
 * kp_store_close. A kp_stmt belongs to its store and is released with
 * kp_stmt_free before the store is closed. Text returned by kp_stmt_text is
 * valid until the next step or free of that statement. */
#ifndef KOPA_STORE_STORE_H
#define KOPA_STORE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/result.h"

typedef struct kp_store kp_store;
typedef struct kp_stmt kp_stmt;

/* Opens the database named by `uri` (a file path selects the embedded SQLite
 * backend, a postgresql:// or postgres:// URL the PostgreSQL one) and applies pending migrations; a missing file is created (for
 * tests and tools; the commands use the two functions below). On failure
 * returns non-zero and writes a message into err. */
kp_rc kp_store_open(const char *uri, kp_store **out, char *err, size_t errlen);
/* Opens a database that must already exist: a missing or empty file, or one
 * that is not a database, is refused (KP_ENOTFOUND, KP_ESTATE) with a message
 * naming the file and what to do; nothing is created or changed then. */
kp_rc kp_store_open_existing(const char *uri, kp_store **out, char *err, size_t errlen);
/* Creates a new database (its files readable by the owner only, whatever the
 * umask) and applies the migrations. Refuses (KP_ECONFLICT) when the file, or
 * a -wal/-journal file left by another database of that name, exists. */
kp_rc kp_store_create(const char *uri, kp_store **out, char *err, size_t errlen);
/* Closes the connection, finalising the statements it kept. Before that it
 * keeps the database's table statistics current, as SQLite advises: a
 * connection that changed many rows (an import) analyses the database, any
 * other runs PRAGMA optimize; opening a large database without statistics
 * analyses it too. Both sample about a thousand rows per index and take
 * milliseconds. */
void kp_store_close(kp_store *st);
/* Removes every file of the database named by `uri` (SQLite: the main file,
 * its journal/WAL/shared memory and the side database `.live` with its
 * own), not the key file. For a closed database only; missing files are
 * fine. */
void kp_store_remove(const char *uri);

/* After rows were written with ids given by the caller (a copy, a bulk
 * load): makes ids that the database hands out later come after every id
 * in use. PostgreSQL's identity sequences do not follow explicit ids as
 * SQLite's rowids do; there it moves each sequence up to its table's
 * largest id (never down); SQLite: nothing. Run after migrations by the
 * backend itself. KP_EINVAL for NULL. */
kp_rc kp_store_sync_ids(kp_store *st);

/* The tables that hold a store's data: the records (schema "main") and
 * the side tables (schema "live"), not the backend's bookkeeping (schema
 * versions, the database's own identity and the side tables' owner, the
 * PostgreSQL data stamp, SQLite's internal tables). Ordered so that every
 * table comes after the tables its foreign keys refer to (a table's
 * references to itself aside), and among those that may come next: tables
 * that take part in a foreign key before those that take part in none
 * (a table kept up to date by triggers, such as public_data_version, is of
 * the latter and so is written after the tables whose triggers touch it),
 * then by schema and name. KP_EINVAL for NULL, KP_ESTATE when the foreign
 * keys form a cycle, or a backend failure. Free with kp_store_tables_free. */
typedef struct kp_store_table {
    char schema[8]; /* "main" or "live" */
    char name[64];
    char refs[1024]; /* ",schema.name,…," of the tables its foreign keys refer to */
} kp_store_table;
typedef struct kp_store_tables {
    size_t n;
    kp_store_table *t;
} kp_store_tables;
kp_rc kp_store_tables_list(kp_store *st, kp_store_tables *out);
void kp_store_tables_free(kp_store_tables *t);

/* Schema version after migrations (the number of the last one applied). */
int kp_store_schema_version(kp_store *st);

/* Transactions nest: the outermost begin/commit is a real transaction, inner
 * ones are savepoints, so a use case can run inside a bigger one (an import,
 * the demo) and still be all-or-nothing on its own.
 *
 * kp_store_begin starts a transaction that changes records: it takes the
 * records' write lock at once (one writer at a time), waiting at most the
 * connection's busy time, then KP_EUNAVAIL. kp_store_begin_read starts one
 * that only reads records and writes the side tables (the access log,
 * sessions, login attempts, drafts: the `live` schema), which lock apart
 * from the records — so reads, logins and drafts go on while a long writer
 * such as an import holds the records' lock. */
kp_rc kp_store_begin(kp_store *st);
kp_rc kp_store_begin_read(kp_store *st);
/* A transaction that reads the side tables and then changes them (the login
 * throttle counts attempts, then adds one): takes the side tables' write
 * lock at once so that two such transactions are serialised, never the
 * records'. */
kp_rc kp_store_begin_side(kp_store *st);
/* A transaction that reads the side tables and then changes them as well
 * as records (a subject's export reads the access log, then records its own
 * access with the change): takes both write locks at once. With only the
 * records' lock, its side-table read would pin a snapshot that the access
 * writer's next commit makes stale, and its own side write would then fail
 * at once ("database is locked") instead of waiting its turn. */
kp_rc kp_store_begin_both(kp_store *st);
/* The side tables' write lock, taken now inside a transaction that began
 * without it and has not read them yet (retention: the records' long work
 * first, then the access log's count and deletion, without holding the
 * side tables from the start). KP_OK when held already; KP_ESTATE outside
 * a transaction or once the side tables were read; KP_EUNAVAIL when the
 * lock stays busy. */
kp_rc kp_store_claim_side(kp_store *st);

/* Which write locks the outermost begin takes (backends only). */
typedef enum kp_tx_lock { KP_LOCK_NONE = 0, KP_LOCK_RECORDS = 1, KP_LOCK_SIDE = 2, KP_LOCK_BOTH = 3 } kp_tx_lock;
kp_rc kp_store_commit(kp_store *st);
kp_rc kp_store_rollback(kp_store *st);
/* Ends the transaction a use case began: commits when rc is KP_OK, rolls
 * back otherwise. Returns rc, or the commit's own failure.
 *
 * A write is stored only when the outermost commit returns KP_OK. When the
 * database fails underneath (disk full, I/O error, lock timeout) the whole
 * outermost transaction is rolled back, inner levels and later statements
 * in it answer KP_EUNAVAIL, and the outermost commit returns KP_EUNAVAIL;
 * the next begin starts clean. */
kp_rc kp_store_finish(kp_store *st, kp_rc rc);
/* Brings a connection back to "no transaction" whatever happened before (a
 * caller that returned without finishing, a failure in the middle). Returns
 * KP_OK when nothing was open, KP_ESTATE when something had to be rolled
 * back, KP_EDB when the connection cannot be cleaned and must be closed. */
kp_rc kp_store_reset(kp_store *st);
/* How many calls on this connection found the database unavailable
 * (KP_EUNAVAIL) since it was opened: a caller that compares the count
 * before and after a piece of work knows whether any of it failed so,
 * even where an error was not passed on. */
unsigned long kp_store_unavailable_count(const kp_store *st);
/* Whether the connection is inside a transaction that took a write lock
 * (kp_store_begin, kp_store_begin_side or kp_store_begin_both); false outside any transaction,
 * inside a kp_store_begin_read one, and for NULL. */
bool kp_store_writing(const kp_store *st);

/* Prepares `sql` (one statement). The connection keeps statements given
 * back with kp_stmt_free and hands one out again for the same text (the
 * text is the key, not its address): reset, with no parameter bound, never
 * to two callers at once. The caller sees no difference from a fresh
 * statement except the time saved. */
kp_rc kp_store_prepare(kp_store *st, const char *sql, kp_stmt **out);
/* Runs a statement without parameters or results (DDL, fixed updates). */
kp_rc kp_store_exec(kp_store *st, const char *sql);
int64_t kp_store_last_id(kp_store *st);
/* Whether one INSERT of several VALUES rows, inside a transaction that
 * holds the write lock of its database, numbers them consecutively in
 * VALUES order, so that kp_store_last_id minus the row count plus one is
 * the first row's id. SQLite: yes (a new rowid is the largest plus one, and
 * nobody else writes meanwhile). PostgreSQL: no (its sequences are shared
 * with transactions that do not take the same lock), so ids are read back
 * with RETURNING there. A caller uses it to leave RETURNING out where it
 * costs most (SQLite builds a temporary table for it: issue 10). */
bool kp_store_ids_in_values_order(const kp_store *st);

/* Whether every statement is a round trip to a server (PostgreSQL), so
 * that sending many rows in one statement pays. On SQLite a statement is a
 * function call, and one that writes many rows in a transaction keeps a
 * statement journal, which spills to a file past 64 KiB. */
bool kp_store_round_trips(const kp_store *st);
/* Rows inserted, changed or deleted through this connection so far: by the
 * statements that completed and, on SQLite, the rows an INSERT OR FAIL kept
 * before the row that failed (on PostgreSQL a failed statement keeps none).
 * The difference across one statement is that statement's rows. */
int64_t kp_store_changes(kp_store *st);
/* The longest this connection waits for a lock another holds before the
 * call answers KP_EUNAVAIL (default 5 s; the web server uses less so that a
 * long import turns writes into quick 503s instead of stalled workers).
 * Once a wait in this process has run out, the next ones for a short while
 * give up after 0.1 s. */
void kp_store_set_busy_ms(kp_store *st, int ms);
/* The most memory this connection's page cache may take, in KiB (default
 * 16 MiB: enough that an import's transaction is not spilled to disk as it
 * grows). Pages are read in as they are used, so the cache of a connection
 * that reads little stays small. KP_EINVAL outside 256 KiB .. 1 GiB or for
 * a NULL store. */
#define KP_STORE_CACHE_MIN_KIB 256
#define KP_STORE_CACHE_MAX_KIB (1024 * 1024)
kp_rc kp_store_set_cache_kib(kp_store *st, int kib);
/* Keeps the table statistics of a long-lived connection current (the web
 * server does it for each pooled connection about once an hour; other
 * connections do it when they close): PRAGMA optimize, which analyses, on a
 * sample, the tables this connection's queries showed would gain. Waits at
 * most 0.2 s for the lock, otherwise leaves it for next time, and its giving
 * up does not shorten other connections' waits. KP_EINVAL for NULL,
 * KP_ESTATE inside a transaction (nothing runs), else KP_OK. */
kp_rc kp_store_optimize(kp_store *st);
/* Whether the database itself checks the references (foreign keys) of each
 * row this connection writes: on unless switched off here. Only for a bulk
 * write whose use case reads, in the same write transaction, every row its
 * rows refer to before writing them (an import of deliveries), so that the
 * database's look-up of the same row is a second one; switched on again when
 * that transaction ends. SQLite only: PostgreSQL always checks (KP_OK,
 * nothing changes). KP_EINVAL for NULL, KP_ESTATE inside a transaction
 * (SQLite cannot change it there). */
kp_rc kp_store_check_references(kp_store *st, bool on);
/* Two numbers that together change whenever the records (the main
 * database) may have changed since the last call: a commit by another
 * connection or a change made on this one. A service that keeps what it
 * read between calls (kp_store_memo) keeps it only while they stay the
 * same. KP_EINVAL for NULL arguments. */
kp_rc kp_store_data_stamp(kp_store *st, int64_t stamp[2]);
/* Holds the stamp for the length of one request (the server, between taking
 * a pooled connection and giving it back; issue 10: a card asked for it ten
 * times): while held, the other connections' commits are read once, at the
 * first kp_store_data_stamp, and this connection's own changes at every
 * call. So what is kept with the connection is, during the request, as
 * fresh as the request's start — as if the request had read it then — and
 * any change the request makes itself still counts at once. hold = false
 * ends it (the next call reads afresh). NULL: nothing. */
void kp_store_hold_stamp(kp_store *st, bool hold);
/* Values services keep with this connection between calls (the client
 * list keeps its sorted order there, the caseload what it read; issue 10),
 * one per tag (its owner's address), at most KP_STORE_MEMOS tags: NULL when
 * none is held for the tag. Setting one frees the value the tag held with
 * its own free function (value NULL: only that); closing the connection
 * frees them all. A connection is used by one thread at a time, so its
 * values are too. Setting a new tag when all are taken returns false and
 * keeps nothing (the caller frees its value). */
#define KP_STORE_MEMOS 12
void *kp_store_memo(kp_store *st, const void *tag);
bool kp_store_set_memo(kp_store *st, const void *tag, void *value, void (*free_fn)(void *));
/* Reads kept by key while the records stay as they were (issue 10), on
 * top of kp_store_memo: one tag holds up to `ways` values, each under its
 * key (the caller's scope, day, language … as text) and the data stamp of
 * the records it was read from. kp_store_kept reads the stamp and returns
 * the value kept for the key when the records have not changed since, else
 * NULL (also for NULL arguments and when the stamp cannot be read). After a
 * NULL the caller reads from the records and hands what it read to
 * kp_store_keep, which keeps it as of the stamp that kp_store_kept read
 * (both in one read transaction when the reading takes several
 * statements), replacing the key's older value, else taking a free way
 * or one whose records have changed, else the ways in turn; values are freed with free_fn when replaced
 * and when the connection closes. A value returned by kp_store_kept may be
 * filled further by its owner. kp_store_keep returns false and keeps
 * nothing (the value stays the caller's) for NULL arguments, ways outside
 * 1..KP_STORE_KEPT_WAYS, without a kp_store_kept of the tag before it, or
 * when no tag place is left. A tag is used either with these two or with
 * kp_store_memo, never both. */
#define KP_STORE_KEPT_WAYS 8
void *kp_store_kept(kp_store *st, const void *tag, const char *key);
bool kp_store_keep(kp_store *st, const void *tag, const char *key, size_t ways, void *value,
                   void (*free_fn)(void *));
/* Last error message of the backend (for logs; contains no parameter values). */
const char *kp_store_errmsg(kp_store *st);

/* Binding: idx counts from 1. Text and blobs are copied by the backend. */
kp_rc kp_stmt_bind_int(kp_stmt *s, int idx, int64_t v);
kp_rc kp_stmt_bind_text(kp_stmt *s, int idx, const char *v); /* NULL binds NULL */
kp_rc kp_stmt_bind_blob(kp_stmt *s, int idx, const void *v, size_t n);
kp_rc kp_stmt_bind_null(kp_stmt *s, int idx);

/* Advances: *row is true when a row is available. KP_ECONFLICT when a
 * uniqueness or foreign-key constraint refuses a write. */
kp_rc kp_stmt_step(kp_stmt *s, bool *row);
/* Runs a write statement to completion. */
kp_rc kp_stmt_exec(kp_stmt *s);
kp_rc kp_stmt_reset(kp_stmt *s);

bool kp_stmt_is_null(kp_stmt *s, int col);
int64_t kp_stmt_int(kp_stmt *s, int col);
const char *kp_stmt_text(kp_stmt *s, int col); /* "" for NULL */
const void *kp_stmt_blob(kp_stmt *s, int col, size_t *n);
int kp_stmt_columns(kp_stmt *s);
/* Number of parameters the statement takes (the largest ?NNN). */
int kp_stmt_param_count(kp_stmt *s);
const char *kp_stmt_column_name(kp_stmt *s, int col);
/* What a result column holds in the current row: SQLite gives each value's
 * own kind, PostgreSQL the column's type (integers and booleans INT,
 * floating point REAL, bytea BLOB, anything else TEXT). KP_SQL_NULL for
 * a NULL, before the first row and for a column out of range. A copy that
 * reads a value by its kind gives it back unchanged (kp_db_copy). */
typedef enum kp_sql_type {
    KP_SQL_NULL = 0,
    KP_SQL_INT = 1,
    KP_SQL_REAL = 2,
    KP_SQL_TEXT = 3,
    KP_SQL_BLOB = 4,
} kp_sql_type;
kp_sql_type kp_stmt_type(kp_stmt *s, int col);

/* Gives the statement back (see kp_store_prepare); its text and blob
 * pointers are invalid from here on. NULL is fine. */
void kp_stmt_free(kp_stmt *s);

/* ---- Files: checks, backup and restore ---- */

/* Checks the whole database's structure (quick: pages and b-trees; full: also
 * that every index matches its table). KP_OK when sound; KP_EDB with the first
 * problems in err when damaged. */
kp_rc kp_store_check(kp_store *st, bool quick, char *err, size_t errlen);

/* The files of a store: one per database, the main one first, then each side
 * database it attaches (schema name and file). */
#define KP_STORE_MAX_FILES 8
typedef struct kp_store_file {
    char schema[32];
    char path[4096];
    int64_t bytes; /* size after a backup or restore; -1 when not copied */
} kp_store_file;
typedef struct kp_store_files {
    size_t n;
    kp_store_file f[KP_STORE_MAX_FILES];
} kp_store_files;
kp_rc kp_store_list_files(kp_store *st, kp_store_files *out, char *err, size_t errlen);

/* Online backup of every database of the store into new files: the main one
 * into `path`, a side database with schema S into "path.S". A consistent
 * snapshot as of the start, taken while other connections keep writing (they
 * are never made to wait). Each copy is created readable by the owner only,
 * synced, and verified with a full integrity check. Refuses (KP_ECONFLICT)
 * when any target exists; on failure removes what it created. out (may be
 * NULL) receives each written file and its size. */
kp_rc kp_store_backup(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
/* The reverse: replaces the content of every database of the store (opened
 * on a new file, inside no transaction) by the backup at `path` ("path.S" for
 * a side database S; a missing side file leaves that database as it is,
 * bytes -1 in out). The caller checks the result (kp_store_check) and moves
 * it into place with kp_store_replace. */
kp_rc kp_store_restore_from(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
/* Moves the closed database whose files are listed in `from` (as
 * kp_store_list_files gave them while it was open; each side file's path must
 * begin with the main file's) to `to`, atomically file by file: each is synced
 * and renamed ("to" plus the side file's suffix), stale -wal/-shm/-journal
 * files of the target are removed first, and the directory is synced. When
 * `to` exists it is refused (KP_ECONFLICT) unless keep_old_as names where to
 * keep it (renamed there with its -wal/-journal and side files; refused when
 * that exists); refused too (KP_EUNAVAIL) while another connection has `to`
 * open. */
kp_rc kp_store_replace(const kp_store_files *from, const char *to, const char *keep_old_as, char *err,
                       size_t errlen);
#endif
