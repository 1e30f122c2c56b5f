/* Dispatch from the storage interface to the chosen backend, and the
 * nesting of transactions into savepoints, which is the same everywhere. */
#include "store/store_backend.h"
#include "core/mem.h"
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static kp_rc check_uri(const char *uri, char *err, size_t errlen)
{
    if (!uri || !*uri) {
        snprintf(err, errlen, "no database given");
        return KP_EUSAGE;
    }
    return KP_OK;
}

/* Backups, restores and moves are of files: a PostgreSQL URL as their
 * target is refused with what to use instead. */
static kp_rc check_file(const char *uri, char *err, size_t errlen)
{
    kp_rc rc = check_uri(uri, err, errlen);
    if (!rc && kp_pg_is_url(uri)) {
        snprintf(err, errlen, "%s names a PostgreSQL database, not a file: use pg_dump and pg_restore for it, or "
                              "kopa migrate to copy a database into it", "the target");
        rc = KP_EUSAGE;
    }
    return rc;
}

static kp_rc open_mode(const char *uri, kp_open_mode mode, kp_store **out, char *err, size_t errlen)
{
    *out = NULL;
    kp_rc rc = check_uri(uri, err, errlen);
    if (rc)
        return rc;
    kp_store *st = NULL;
    bool pg = kp_pg_is_url(uri);
    rc = pg ? kp_pg_open(uri, mode, &st, err, errlen) : kp_sqlite_open(uri, mode, &st, err, errlen);
    if (rc) {
        if (mode == KP_OPEN_CREATE && rc != KP_ECONFLICT && !pg)
            kp_sqlite_remove(uri);
        return rc;
    }
    rc = st->ops->migrate(st, err, errlen);
    if (rc) {
        kp_store_close(st);
        if (mode == KP_OPEN_CREATE && !pg)
            kp_sqlite_remove(uri);
        return rc;
    }
    *out = st;
    return KP_OK;
}

kp_rc kp_store_open(const char *uri, kp_store **out, char *err, size_t errlen)
{
    return open_mode(uri, KP_OPEN_ANY, out, err, errlen);
}

kp_rc kp_store_open_existing(const char *uri, kp_store **out, char *err, size_t errlen)
{
    return open_mode(uri, KP_OPEN_EXISTING, out, err, errlen);
}

kp_rc kp_store_create(const char *uri, kp_store **out, char *err, size_t errlen)
{
    return open_mode(uri, KP_OPEN_CREATE, out, err, errlen);
}

kp_rc kp_store_check(kp_store *st, bool quick, char *err, size_t errlen)
{
    return st->ops->check(st, quick, err, errlen);
}

kp_rc kp_store_list_files(kp_store *st, kp_store_files *out, char *err, size_t errlen)
{
    return st->ops->list_files(st, out, err, errlen);
}

kp_rc kp_store_backup(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen)
{
    kp_rc rc = check_file(path, err, errlen);
    return rc ? rc : st->ops->backup(st, path, out, err, errlen);
}

kp_rc kp_store_restore_from(kp_store *st, const char *path, kp_store_files *out, char *err, size_t errlen)
{
    kp_rc rc = check_file(path, err, errlen);
    return rc ? rc : st->ops->restore_from(st, path, out, err, errlen);
}

kp_rc kp_store_replace(const kp_store_files *from, const char *to, const char *keep_old_as, char *err,
                       size_t errlen)
{
    kp_rc rc = check_file(to, err, errlen);
    return rc ? rc : kp_sqlite_replace(from, to, keep_old_as, err, errlen);
}

void kp_store_remove(const char *uri)
{
    char err[64];
    /* A PostgreSQL database is dropped by its owner (DROP DATABASE), never
     * by Kopā. */
    if (check_uri(uri, err, sizeof err) == KP_OK && !kp_pg_is_url(uri))
        kp_sqlite_remove(uri);
}

void kp_store_close(kp_store *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < KP_STORE_MEMOS; i++)
        if (st->memo[i].value && st->memo[i].free_fn)
            st->memo[i].free_fn(st->memo[i].value);
    st->ops->close(st);
}

kp_rc kp_store_data_stamp(kp_store *st, int64_t stamp[2])
{
    if (!st || !stamp)
        return KP_EINVAL;
    if (st->stamp_held && st->stamp_have) {
        stamp[0] = st->stamp_other;
        stamp[1] = st->ops->own_changes(st);
        return KP_OK;
    }
    kp_rc rc = st->ops->data_stamp(st, stamp);
    if (!rc && st->stamp_held) {
        st->stamp_other = stamp[0];
        st->stamp_have = true;
    }
    return rc;
}

void kp_store_hold_stamp(kp_store *st, bool hold)
{
    if (!st)
        return;
    st->stamp_held = hold;
    st->stamp_have = false;
}

void *kp_store_memo(kp_store *st, const void *tag)
{
    if (!st || !tag)
        return NULL;
    for (size_t i = 0; i < KP_STORE_MEMOS; i++)
        if (st->memo[i].tag == tag)
            return st->memo[i].value;
    return NULL;
}

bool kp_store_set_memo(kp_store *st, const void *tag, void *value, void (*free_fn)(void *))
{
    if (!st || !tag)
        return false;
    size_t slot = KP_STORE_MEMOS;
    for (size_t i = 0; i < KP_STORE_MEMOS && slot == KP_STORE_MEMOS; i++)
        if (st->memo[i].tag == tag)
            slot = i;
    for (size_t i = 0; i < KP_STORE_MEMOS && slot == KP_STORE_MEMOS; i++)
        if (!st->memo[i].tag)
            slot = i;
    if (slot == KP_STORE_MEMOS)
        return false;
    if (st->memo[slot].value && st->memo[slot].free_fn)
        st->memo[slot].free_fn(st->memo[slot].value);
    st->memo[slot].tag = value ? tag : NULL;
    st->memo[slot].value = value;
    st->memo[slot].free_fn = value ? free_fn : NULL;
    return true;
}

/* The values of a tag used through kp_store_kept / kp_store_keep. */
typedef struct kept_set {
    struct {
        char *key;
        int64_t stamp[2];
        void *value;
        void (*free_fn)(void *);
    } e[KP_STORE_KEPT_WAYS];
    unsigned next;      /* the way to take next when none is free */
    int64_t read[2];    /* the stamp kp_store_kept read last */
    bool have_read;
} kept_set;

static void kept_set_free(void *p)
{
    kept_set *k = p;
    for (size_t i = 0; i < KP_STORE_KEPT_WAYS; i++) {
        if (k->e[i].value && k->e[i].free_fn)
            k->e[i].free_fn(k->e[i].value);
        free(k->e[i].key);
    }
    free(k);
}

void *kp_store_kept(kp_store *st, const void *tag, const char *key)
{
    if (!st || !tag || !key)
        return NULL;
    kept_set *k = kp_store_memo(st, tag);
    if (!k) {
        k = kp_xcalloc(1, sizeof *k);
        if (!kp_store_set_memo(st, tag, k, kept_set_free)) {
            free(k);
            return NULL;
        }
    }
    k->have_read = kp_store_data_stamp(st, k->read) == KP_OK;
    for (size_t i = 0; k->have_read && i < KP_STORE_KEPT_WAYS; i++)
        if (k->e[i].value && strcmp(k->e[i].key, key) == 0)
            return k->e[i].stamp[0] == k->read[0] && k->e[i].stamp[1] == k->read[1] ? k->e[i].value : NULL;
    return NULL;
}

bool kp_store_keep(kp_store *st, const void *tag, const char *key, size_t ways, void *value,
                   void (*free_fn)(void *))
{
    if (!st || !tag || !key || !value || ways < 1 || ways > KP_STORE_KEPT_WAYS)
        return false;
    kept_set *k = kp_store_memo(st, tag);
    if (!k || !k->have_read)
        return false;
    size_t way = ways;
    for (size_t i = 0; i < ways && way == ways; i++)
        if (k->e[i].value && strcmp(k->e[i].key, key) == 0)
            way = i;
    /* A free way, or one read from records that have changed since. */
    for (size_t i = 0; i < ways && way == ways; i++)
        if (!k->e[i].value || k->e[i].stamp[0] != k->read[0] || k->e[i].stamp[1] != k->read[1])
            way = i;
    if (way == ways)
        way = k->next++ % ways;
    if (k->e[way].value && k->e[way].free_fn)
        k->e[way].free_fn(k->e[way].value);
    free(k->e[way].key);
    k->e[way].key = kp_xstrdup(key);
    k->e[way].stamp[0] = k->read[0];
    k->e[way].stamp[1] = k->read[1];
    k->e[way].value = value;
    k->e[way].free_fn = free_fn;
    return true;
}

int kp_store_schema_version(kp_store *st) { return st->ops->schema_version(st); }

kp_rc kp_store_sync_ids(kp_store *st)
{
    if (!st)
        return KP_EINVAL;
    return st->ops->sync_ids ? st->ops->sync_ids(st) : KP_OK;
}

/* A transaction is only ever acknowledged when the database says COMMIT
 * succeeded. Any failure on the way (a full disk, an I/O error, a lock that
 * did not come) ends the whole outermost transaction: its work is rolled
 * back, the nesting depth returns to 0 and the connection is as good as new
 * for the next caller. Counting levels without asking the database whether
 * the transaction still exists once left a connection inside a transaction
 * that was never committed again, acknowledging every later write. */

static bool db_in_tx(kp_store *st) { return st->ops->in_tx(st); }

static kp_rc note(kp_store *st, kp_rc rc)
{
    if (rc == KP_EUNAVAIL) {
        st->unavailable++;
        /* SQLite may undo only the failed statement (a multi-row write that
         * found the database full) and keep the transaction open; the rest
         * of it must not commit without that statement's work. */
        if (st->tx_depth > 0)
            st->tx_broken = true;
    }
    return rc;
}

/* Rolls back whatever the database still holds open and forgets all levels. */
static void abandon_tx(kp_store *st)
{
    if (db_in_tx(st) && st->ops->exec(st, "ROLLBACK") != KP_OK)
        fprintf(stderr, "kopa: could not roll back a failed transaction: %s\n", st->ops->errmsg(st));
    st->tx_depth = 0;
    st->tx_broken = false;
}

/* Inside a transaction that the database no longer has, nothing may run:
 * it would run on its own, outside the all-or-nothing the caller asked for. */
static bool tx_lost(kp_store *st)
{
    if (st->tx_depth > 0 && !st->tx_broken && !db_in_tx(st))
        st->tx_broken = true;
    return st->tx_depth > 0 && st->tx_broken;
}

static kp_rc begin_tx(kp_store *st, kp_tx_lock lock)
{
    kp_rc rc;
    if (st->tx_depth == 0) {
        if (db_in_tx(st) || st->tx_broken)
            abandon_tx(st);
        rc = st->ops->begin(st, lock);
        st->tx_lock = lock;
    } else {
        if (tx_lost(st))
            return note(st, KP_EUNAVAIL);
#ifdef KOPA_CHECK_LOCKS
        /* A side write after a side read, in a transaction that did not
         * take the side tables' lock before reading them
         * (kp_store_begin_both, kp_store_claim_side), fails only when
         * another connection writes them in between: rarely, so the
         * sanitizer build (the tests) refuses it always. */
        if ((lock & KP_LOCK_SIDE) && !(st->tx_lock & KP_LOCK_SIDE) && st->ops->side_read_pinned &&
            st->ops->side_read_pinned(st)) {
            fprintf(stderr, "kopa: side tables written after being read without their lock: begin with "
                            "kp_store_begin_both\n");
            return note(st, KP_ESTATE);
        }
#endif
        rc = st->ops->exec(st, "SAVEPOINT kp_nested");
        if (rc)
            tx_lost(st);
    }
    if (rc == KP_OK)
        st->tx_depth++;
    return note(st, rc);
}

kp_rc kp_store_begin(kp_store *st) { return begin_tx(st, KP_LOCK_RECORDS); }
kp_rc kp_store_begin_read(kp_store *st) { return begin_tx(st, KP_LOCK_NONE); }
kp_rc kp_store_begin_side(kp_store *st) { return begin_tx(st, KP_LOCK_SIDE); }
kp_rc kp_store_begin_both(kp_store *st) { return begin_tx(st, KP_LOCK_BOTH); }

kp_rc kp_store_claim_side(kp_store *st)
{
    if (!st || st->tx_depth <= 0)
        return KP_ESTATE;
    if (st->tx_lock & KP_LOCK_SIDE)
        return KP_OK;
    if (tx_lost(st))
        return note(st, KP_EUNAVAIL);
    /* Too late once the side tables were read: the lock taken now would
     * not make that snapshot the newest. */
    if (st->ops->side_read_pinned && st->ops->side_read_pinned(st))
        return KP_ESTATE;
    kp_rc rc = st->ops->claim_side(st);
    if (rc == KP_OK)
        st->tx_lock |= KP_LOCK_SIDE;
    return note(st, rc);
}

kp_rc kp_store_commit(kp_store *st)
{
    if (st->tx_depth <= 0)
        return KP_ESTATE;
    if (st->tx_depth > 1) {
        kp_rc rc = tx_lost(st) ? KP_EUNAVAIL : st->ops->exec(st, "RELEASE kp_nested");
        if (rc)
            st->tx_broken = true; /* the outer level cannot commit half of it */
        st->tx_depth--;
        return note(st, rc);
    }
    if (tx_lost(st)) {
        abandon_tx(st);
        return note(st, KP_EUNAVAIL);
    }
    kp_rc rc = st->ops->exec(st, "COMMIT");
    if (rc) {
        fprintf(stderr, "kopa: commit failed, transaction rolled back: %s\n", st->ops->errmsg(st));
        abandon_tx(st);
        /* Whatever the cause, nothing of this transaction was stored. */
        return note(st, KP_EUNAVAIL);
    }
    st->tx_depth = 0;
    st->tx_broken = false;
    return KP_OK;
}

kp_rc kp_store_rollback(kp_store *st)
{
    if (st->tx_depth <= 0)
        return KP_ESTATE;
    if (st->tx_depth == 1) {
        kp_rc rc = db_in_tx(st) ? st->ops->exec(st, "ROLLBACK") : KP_OK;
        if (rc)
            abandon_tx(st);
        st->tx_depth = 0;
        st->tx_broken = false;
        return rc;
    }
    kp_rc rc = KP_OK;
    if (!tx_lost(st)) {
        /* Undo the savepoint's work, then drop it so the outer level goes on. */
        rc = st->ops->exec(st, "ROLLBACK TO kp_nested");
        if (rc == KP_OK)
            rc = st->ops->exec(st, "RELEASE kp_nested");
        if (rc)
            st->tx_broken = true;
    }
    st->tx_depth--;
    return rc;
}

kp_rc kp_store_finish(kp_store *st, kp_rc rc)
{
    if (rc) {
        kp_store_rollback(st);
        /* A statement that failed because the database lost the transaction
         * is reported as such, not as the statement's own error. */
        return rc;
    }
    return kp_store_commit(st);
}

kp_rc kp_store_reset(kp_store *st)
{
    bool was_open = st->tx_depth != 0 || st->tx_broken || db_in_tx(st);
    if (was_open)
        abandon_tx(st);
    if (db_in_tx(st))
        return KP_EDB;
    return was_open ? KP_ESTATE : KP_OK;
}

kp_rc kp_store_prepare(kp_store *st, const char *sql, kp_stmt **out) { return note(st, st->ops->prepare(st, sql, out)); }
kp_rc kp_store_exec(kp_store *st, const char *sql)
{
    if (tx_lost(st))
        return note(st, KP_EUNAVAIL);
    return note(st, st->ops->exec(st, sql));
}
unsigned long kp_store_unavailable_count(const kp_store *st) { return st->unavailable; }

bool kp_store_writing(const kp_store *st) { return st && st->tx_depth > 0 && st->tx_lock != KP_LOCK_NONE; }
int64_t kp_store_last_id(kp_store *st) { return st->ops->last_id(st); }
bool kp_store_ids_in_values_order(const kp_store *st) { return st && st->ops->ids_in_values_order; }
bool kp_store_round_trips(const kp_store *st) { return st && st->ops->round_trips; }
int64_t kp_store_changes(kp_store *st) { return st->ops->own_changes(st); }
void kp_store_set_busy_ms(kp_store *st, int ms) { st->ops->set_busy_ms(st, ms); }
kp_rc kp_store_optimize(kp_store *st)
{
    if (!st)
        return KP_EINVAL;
    if (st->tx_depth > 0 || db_in_tx(st))
        return KP_ESTATE;
    st->ops->optimize(st);
    return KP_OK;
}

kp_rc kp_store_check_references(kp_store *st, bool on)
{
    if (!st)
        return KP_EINVAL;
    if (st->tx_depth > 0 || db_in_tx(st))
        return KP_ESTATE;
    return st->ops->check_references ? st->ops->check_references(st, on) : KP_OK;
}

kp_rc kp_store_set_cache_kib(kp_store *st, int kib)
{
    if (!st || kib < KP_STORE_CACHE_MIN_KIB || kib > KP_STORE_CACHE_MAX_KIB)
        return KP_EINVAL;
    return st->ops->set_cache_kib(st, kib);
}
const char *kp_store_errmsg(kp_store *st) { return st->ops->errmsg(st); }

kp_rc kp_stmt_bind_int(kp_stmt *s, int idx, int64_t v) { return s->ops->bind_int(s, idx, v); }
kp_rc kp_stmt_bind_text(kp_stmt *s, int idx, const char *v)
{
    return v ? s->ops->bind_text(s, idx, v) : s->ops->bind_null(s, idx);
}
kp_rc kp_stmt_bind_blob(kp_stmt *s, int idx, const void *v, size_t n) { return s->ops->bind_blob(s, idx, v, n); }
kp_rc kp_stmt_bind_null(kp_stmt *s, int idx) { return s->ops->bind_null(s, idx); }
kp_rc kp_stmt_step(kp_stmt *s, bool *row)
{
    if (tx_lost(s->store)) {
        *row = false;
        return note(s->store, KP_EUNAVAIL);
    }
    return note(s->store, s->ops->step(s, row));
}
kp_rc kp_stmt_reset(kp_stmt *s) { return s->ops->reset(s); }

kp_rc kp_stmt_exec(kp_stmt *s)
{
    bool row;
    kp_rc rc;
    do {
        rc = kp_stmt_step(s, &row);
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
kp_sql_type kp_stmt_type(kp_stmt *s, int col) { return s ? s->ops->col_type(s, col) : KP_SQL_NULL; }

void kp_stmt_free(kp_stmt *s)
{
    if (s)
        s->ops->free_stmt(s);
}
