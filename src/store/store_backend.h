/* What a storage backend provides. Only store.c and the backends see this. */
#ifndef KOPA_STORE_BACKEND_H
#define KOPA_STORE_BACKEND_H
#include "store/store.h"

typedef struct kp_store_ops {
    const char *name;
    /* kp_store_round_trips: every statement is a round trip to a server. */
    bool round_trips;
    /* kp_store_ids_in_values_order: one INSERT of many VALUES rows numbers
     * them consecutively in VALUES order. */
    bool ids_in_values_order;
    void (*close)(kp_store *st);
    kp_rc (*exec)(kp_store *st, const char *sql);
    /* Starts the outermost transaction, taking at once the write lock that
     * `lock` names (see kp_tx_lock in store.h). */
    kp_rc (*begin)(kp_store *st, kp_tx_lock lock);
    kp_rc (*prepare)(kp_store *st, const char *sql, kp_stmt **out);
    int64_t (*last_id)(kp_store *st);
    void (*set_busy_ms)(kp_store *st, int ms);
    kp_rc (*set_cache_kib)(kp_store *st, int kib);
    void (*optimize)(kp_store *st);
    /* kp_store_check_references; NULL when references are always checked
     * (PostgreSQL). */
    kp_rc (*check_references)(kp_store *st, bool on);
    const char *(*errmsg)(kp_store *st);
    int (*schema_version)(kp_store *st);
    /* True while the connection is inside a transaction, as the database
     * itself sees it (it may have rolled one back on its own after an I/O
     * error or a full disk). */
    bool (*in_tx)(kp_store *st);
    /* True when the transaction has read the side tables without holding
     * their write lock: a side write now can find that snapshot stale and
     * fail at once (SQLite's WAL) instead of waiting. NULL: never (a write
     * on PostgreSQL reads what is committed). */
    bool (*side_read_pinned)(kp_store *st);
    /* kp_store_claim_side: the side tables' write lock, now. */
    kp_rc (*claim_side)(kp_store *st);
    /* kp_store_data_stamp. */
    kp_rc (*data_stamp)(kp_store *st, int64_t stamp[2]);
    /* The second number of the stamp alone (this connection's changes). */
    int64_t (*own_changes)(kp_store *st);
    kp_rc (*migrate)(kp_store *st, char *err, size_t errlen);
    kp_rc (*check)(kp_store *st, bool quick, char *err, size_t errlen);
    kp_rc (*list_files)(kp_store *st, kp_store_files *out, char *err, size_t errlen);
    kp_rc (*backup)(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
    kp_rc (*restore_from)(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
    /* kp_store_sync_ids; NULL when ids need no care (SQLite). */
    kp_rc (*sync_ids)(kp_store *st);
    /* kp_store_tables_list before ordering: the tables and their refs, in
     * any order (store_tables.c). */
    kp_rc (*tables)(kp_store *st, kp_store_tables *out);

    kp_rc (*bind_int)(kp_stmt *s, int idx, int64_t v);
    kp_rc (*bind_text)(kp_stmt *s, int idx, const char *v);
    kp_rc (*bind_blob)(kp_stmt *s, int idx, const void *v, size_t n);
    kp_rc (*bind_null)(kp_stmt *s, int idx);
    kp_rc (*step)(kp_stmt *s, bool *row);
    kp_rc (*reset)(kp_stmt *s);
    bool (*is_null)(kp_stmt *s, int col);
    int64_t (*col_int)(kp_stmt *s, int col);
    const char *(*col_text)(kp_stmt *s, int col);
    const void *(*col_blob)(kp_stmt *s, int col, size_t *n);
    int (*columns)(kp_stmt *s);
    int (*param_count)(kp_stmt *s);
    const char *(*column_name)(kp_stmt *s, int col);
    kp_sql_type (*col_type)(kp_stmt *s, int col);
    void (*free_stmt)(kp_stmt *s);
} kp_store_ops;

/* Common head of every backend's store and statement structs. */
struct kp_store {
    const kp_store_ops *ops;
    int tx_depth;
    /* The outermost transaction was lost (rolled back by the database or by
     * a failed savepoint); nothing more may run in it and its commit fails. */
    bool tx_broken;
    /* How many times the database was unavailable (KP_EUNAVAIL) on this
     * connection; the server compares it before and after a request. */
    unsigned long unavailable;
    /* The write lock the outermost transaction took (while tx_depth > 0). */
    kp_tx_lock tx_lock;
    /* kp_store_memo: values services keep with the connection. */
    struct {
        const void *tag;
        void *value;
        void (*free_fn)(void *);
    } memo[KP_STORE_MEMOS];
    /* kp_store_hold_stamp: the other connections' part of the stamp, read
     * once while held. */
    bool stamp_held, stamp_have;
    int64_t stamp_other;
};

struct kp_stmt {
    const kp_store_ops *ops;
    kp_store *store;
};

/* How kp_sqlite_open treats the file. */
typedef enum kp_open_mode {
    KP_OPEN_ANY,      /* open, or create when missing */
    KP_OPEN_EXISTING, /* must exist and be a database */
    KP_OPEN_CREATE,   /* must not exist; created owner-only */
} kp_open_mode;

kp_rc kp_sqlite_open(const char *path, kp_open_mode mode, kp_store **out, char *err, size_t errlen);
/* pg_store.c: the PostgreSQL backend, for postgresql:// and postgres://
 * URLs (kp_pg_is_url). */
bool kp_pg_is_url(const char *uri);
kp_rc kp_pg_open(const char *uri, kp_open_mode mode, kp_store **out, char *err, size_t errlen);
/* store_tables.c: each backend's list of tables (kp_store_ops.tables). */
kp_rc kp_sqlite_tables(kp_store *st, kp_store_tables *out);
kp_rc kp_pg_tables(kp_store *st, kp_store_tables *out);
/* sqlite_files.c: the file-level side of the SQLite backend. */
kp_rc kp_sqlite_probe(const char *path, kp_open_mode mode, char *err, size_t errlen);
kp_rc kp_sqlite_check(kp_store *st, bool quick, char *err, size_t errlen);
kp_rc kp_sqlite_list_files(kp_store *st, kp_store_files *out, char *err, size_t errlen);
kp_rc kp_sqlite_backup(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
kp_rc kp_sqlite_restore_from(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen);
kp_rc kp_sqlite_replace(const kp_store_files *from, const char *to, const char *keep_old_as, char *err,
                        size_t errlen);
void kp_sqlite_remove(const char *path);
/* Creates path as an empty owner-only file when it does not exist. */
void kp_sqlite_precreate(const char *path);
/* The prepared-statement cache of a SQLite connection (sqlite_store.c):
 * counts since the connection was opened, and how many statements wait in
 * it now. kp_sqlite_cache_flush finalises every waiting statement (before
 * the database under the connection is replaced). */
typedef struct kp_stmt_cache_stats {
    unsigned long hits, misses, evictions;
    size_t idle;
} kp_stmt_cache_stats;
kp_rc kp_sqlite_cache_stats(kp_store *st, kp_stmt_cache_stats *out);
void kp_sqlite_cache_flush(kp_store *st);
/* Statements started so far on all SQLite connections of the process (every
 * statement and trigger program, BEGIN and COMMIT included): tests bound what
 * a page runs with the difference before and after a request. */
uint64_t kp_sqlite_statements(void);
/* Rows stepped over by full table scans so far, in all statements given
 * back or reset through the store (not those of sqlite3_exec): tests check
 * that a page searches indexes rather than scanning tables. */
uint64_t kp_sqlite_fullscan_steps(void);
/* The SQLite connection of a store of this backend (sqlite_files.c). */
struct sqlite3;
struct sqlite3 *kp_sqlite_db(kp_store *st);

#endif
