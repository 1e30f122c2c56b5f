/* The storage interface under injected disk faults (tests/support/faulty_vfs):
 * transactions as the service layer runs them — flat, and with nested
 * savepoints — with a write, sync or truncate failing at every index of a
 * commit big enough to spill pages before COMMIT, transient (one call) and
 * persistent (a full disk). After each: nothing is left open, the next
 * transaction on the same connection commits, and a fresh connection without
 * the fault sees exactly the acknowledged transactions, whole, in a database
 * whose integrity check says ok. Also: statements in a transaction the
 * database dropped are refused, not run on their own; the unavailability
 * count; kp_store_reset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check_db.h"
#include "faulty_vfs.h"
#include "store/store.h"

#define ROWS 64     /* rows of a transaction: ~20 pages with the index */
#define PAD 600     /* bytes of each row's unique padding */
#define MAX_TX 8192
#define MAX_SWEEP 3000

enum shape { NONE = 0, FLAT, NESTED, MARKER };

typedef struct world {
    kp_store *st;
    char path[512];
    int64_t next_tx;
    unsigned char acked[MAX_TX]; /* enum shape of each acknowledged transaction */
} world;

static world g;

static int setup(void **state)
{
    (void)state;
    memset(&g, 0, sizeof g);
    snprintf(g.path, sizeof g.path, "%s/store-faults-%d.db", KOPA_TEST_TMP, (int)getpid());
    check_db_remove(g.path);
    char err[256];
    if (kp_store_open(g.path, &g.st, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    /* A small page cache makes a transaction of ~40 pages spill to the WAL
     * before COMMIT, so faults hit the middle of a transaction too. */
    if (kp_store_exec(g.st, "CREATE TABLE fault_t (id INTEGER PRIMARY KEY, tx INTEGER NOT NULL,"
                            " part TEXT NOT NULL, pad TEXT NOT NULL UNIQUE)") ||
        kp_store_exec(g.st, "PRAGMA cache_size = 10"))
        return -1;
    g.next_tx = 1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    faulty_vfs_clear();
    kp_store_close(g.st);
    check_db_remove(g.path);
    return 0;
}

/* ---- Transactions shaped like the service layer's ---- */

static kp_rc insert_rows(kp_store *st, int64_t tx, const char *part, int n)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st, "INSERT INTO fault_t(tx, part, pad) VALUES (?, ?, ?)", &s);
    char pad[PAD + 1];
    for (int i = 0; i < n && !rc; i++) {
        int k = snprintf(pad, sizeof pad, "%lld-%s-%d-", (long long)tx, part, i);
        memset(pad + k, 'x', (size_t)(PAD - k));
        pad[PAD] = '\0';
        rc = kp_stmt_bind_int(s, 1, tx);
        if (!rc)
            rc = kp_stmt_bind_text(s, 2, part);
        if (!rc)
            rc = kp_stmt_bind_text(s, 3, pad);
        if (!rc)
            rc = kp_stmt_exec(s);
        kp_stmt_reset(s);
    }
    kp_stmt_free(s);
    return rc;
}

/* The same rows in one statement (INSERT … SELECT): SQLite can undo just
 * such a statement and keep the transaction open. */
static kp_rc insert_rows_bulk(kp_store *st, int64_t tx, const char *part, int n)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(st,
                                "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?3)"
                                " INSERT INTO fault_t(tx, part, pad)"
                                " SELECT ?1, ?2, substr(?1 || '-' || ?2 || '-' || i || '-' || printf('%.*c', ?4, 'x'), 1, ?4)"
                                " FROM k",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, tx);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, part);
    if (!rc)
        rc = kp_stmt_bind_int(s, 3, n);
    if (!rc)
        rc = kp_stmt_bind_int(s, 4, PAD);
    if (!rc)
        rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return rc;
}

static kp_rc run_flat(kp_store *st, int64_t tx)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    rc = insert_rows(st, tx, "a", ROWS);
    return kp_store_finish(st, rc);
}

/* A use case inside a bigger one: its own begin/finish, a savepoint. One
 * that `refuses` undoes its work and answers KP_ERULE, which its caller
 * accepts and goes on (as an import reporting a refused row would not). */
static kp_rc inner_case(kp_store *st, int64_t tx, const char *part, int n, bool refuses)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    rc = insert_rows(st, tx, part, n);
    if (!rc && refuses)
        rc = KP_ERULE;
    return kp_store_finish(st, rc);
}

static kp_rc run_nested(kp_store *st, int64_t tx)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    rc = insert_rows(st, tx, "a", ROWS / 2);
    if (!rc)
        rc = inner_case(st, tx, "b", ROWS / 2, false);
    if (!rc) {
        kp_rc refused = inner_case(st, tx, "c", 5, true);
        if (refused != KP_ERULE)
            rc = refused;
    }
    return kp_store_finish(st, rc);
}

static kp_rc run_marker(kp_store *st, int64_t tx)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    rc = insert_rows(st, tx, "m", 1);
    return kp_store_finish(st, rc);
}

static int64_t new_tx(void)
{
    assert_true(g.next_tx < MAX_TX);
    return g.next_tx++;
}

/* Rows a transaction of `shape` leaves for `part`. */
static int64_t expected_rows(int shape, const char *part)
{
    switch (shape) {
    case FLAT: return strcmp(part, "a") == 0 ? ROWS : 0;
    case NESTED: return strcmp(part, "a") == 0 || strcmp(part, "b") == 0 ? ROWS / 2 : 0;
    case MARKER: return strcmp(part, "m") == 0 ? 1 : 0;
    default: return 0;
    }
}

static int parts_of(int shape) { return shape == NESTED ? 2 : shape == NONE ? 0 : 1; }

/* A fresh connection without faults sees exactly the acknowledged
 * transactions, each whole, and the integrity check says ok. */
static void verify(const char *when)
{
    char why[256];
    if (!check_db_integrity(g.path, why, sizeof why))
        fail_msg("%s: integrity_check: %s", when, why);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(g.path, &db, SQLITE_OPEN_READONLY, faulty_vfs_base_name()), SQLITE_OK);
    sqlite3_stmt *s = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT tx, part, COUNT(*) FROM fault_t GROUP BY tx, part", -1, &s, NULL),
                     SQLITE_OK);
    int64_t seen = 0, want = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t tx = sqlite3_column_int64(s, 0);
        const char *part = (const char *)sqlite3_column_text(s, 1);
        int64_t n = sqlite3_column_int64(s, 2);
        int shape = tx > 0 && tx < MAX_TX ? g.acked[tx] : NONE;
        if (shape == NONE)
            fail_msg("%s: transaction %lld was not acknowledged, yet %lld of its rows (%s) are stored", when,
                     (long long)tx, (long long)n, part);
        if (n != expected_rows(shape, part))
            fail_msg("%s: transaction %lld has %lld rows of part %s, expected %lld", when, (long long)tx,
                     (long long)n, part, (long long)expected_rows(shape, part));
        seen++;
    }
    assert_int_equal(rc, SQLITE_DONE);
    sqlite3_finalize(s);
    sqlite3_close(db);
    for (int64_t tx = 1; tx < g.next_tx; tx++)
        want += parts_of(g.acked[tx]);
    if (seen != want)
        fail_msg("%s: %lld parts of acknowledged transactions stored, expected %lld (an acknowledged write was lost)",
                 when, (long long)seen, (long long)want);
}

/* Runs one transaction of `shape` with `plan` armed, then checks the
 * aftermath. Returns how many faults were injected. */
static unsigned long one_round(int shape, const fault_plan *plan, unsigned *failed)
{
    int64_t tx = new_tx();
    unsigned long before = kp_store_unavailable_count(g.st);
    faulty_vfs_arm(plan);
    kp_rc rc = shape == FLAT ? run_flat(g.st, tx) : run_nested(g.st, tx);
    unsigned long injected = faulty_vfs_injected();
    faulty_vfs_clear();
    char when[160];
    snprintf(when, sizeof when, "ops %#x files %#x nth %lu %s: %s", plan->ops, plan->files, plan->nth,
             plan->persist ? "on" : "once", kp_strerror(rc));
    if (rc == KP_OK) {
        g.acked[tx] = (unsigned char)shape;
    } else {
        (*failed)++;
        if (rc != KP_EUNAVAIL)
            fail_msg("%s: a failing disk must answer KP_EUNAVAIL", when);
        if (kp_store_unavailable_count(g.st) <= before)
            fail_msg("%s: the unavailability count did not move", when);
        if (injected == 0)
            fail_msg("%s: failed without an injected fault", when);
    }
    /* Nothing is left open, and the same connection commits again. */
    if (kp_store_reset(g.st) != KP_OK)
        fail_msg("%s: the transaction was left open", when);
    int64_t m = new_tx();
    rc = run_marker(g.st, m);
    if (rc != KP_OK)
        fail_msg("%s: the next transaction on the same connection failed: %s", when, kp_strerror(rc));
    g.acked[m] = MARKER;
    verify(when);
    return injected;
}

/* A fault at every index of the transaction's matching calls, until an
 * index past its last call. */
static void sweep(int shape, fault_plan plan, unsigned min_rounds)
{
    unsigned failed = 0, rounds = 0;
    for (plan.nth = 1;; plan.nth++) {
        if (plan.nth > MAX_SWEEP)
            fail_msg("the sweep did not end: a transaction of more than %d calls?", MAX_SWEEP);
        rounds++;
        if (one_round(shape, &plan, &failed) == 0)
            break;
    }
    print_message("ops %#x %s: %u rounds, %u failed with KP_EUNAVAIL, %u acknowledged\n", plan.ops,
                  plan.persist ? "persistent" : "transient", rounds, failed, rounds - failed);
    /* The sweep covered faults that made the transaction fail. */
    assert_true(failed > 0);
    assert_true(rounds >= min_rounds);
}

/* The sweeps below hit the middle of a transaction, not only its commit:
 * the page cache spills to the WAL before COMMIT. */
static void test_transaction_spills(void **state)
{
    (void)state;
    int64_t tx = new_tx();
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    faulty_vfs_reset_counts();
    assert_int_equal(insert_rows(g.st, tx, "a", ROWS), KP_OK);
    unsigned long before_commit = faulty_vfs_calls(FAULT_WRITE);
    assert_int_equal(kp_store_commit(g.st), KP_OK);
    g.acked[tx] = FLAT;
    unsigned long all = faulty_vfs_calls(FAULT_WRITE);
    print_message("%lu writes before COMMIT, %lu in all\n", before_commit, all);
    assert_true(before_commit > 5);
    assert_true(all > before_commit);
    verify("a spilling transaction");
}

static void test_flat_write_error_once(void **state)
{
    (void)state;
    sweep(FLAT, (fault_plan){.ops = FAULT_WRITE, .err = SQLITE_IOERR_WRITE}, 20);
}

static void test_flat_disk_full(void **state)
{
    (void)state;
    sweep(FLAT, (fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL}, 20);
}

static void test_nested_write_error_once(void **state)
{
    (void)state;
    sweep(NESTED, (fault_plan){.ops = FAULT_WRITE, .err = SQLITE_IOERR_WRITE}, 20);
}

static void test_nested_disk_full(void **state)
{
    (void)state;
    sweep(NESTED, (fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL}, 20);
}

/* A transient disk full: one write fails with SQLITE_FULL, the rest go. */
static void test_nested_disk_full_once(void **state)
{
    (void)state;
    sweep(NESTED, (fault_plan){.ops = FAULT_WRITE, .err = SQLITE_FULL}, 20);
}

/* Records are committed with synchronous=FULL: a commit syncs the WAL, and
 * an fsync that fails is a commit that fails. */
static void test_commit_fsync_fails(void **state)
{
    (void)state;
    sweep(FLAT, (fault_plan){.ops = FAULT_SYNC}, 2);
    sweep(FLAT, (fault_plan){.ops = FAULT_SYNC | FAULT_WRITE, .persist = true}, 20);
}

/* Checkpoints move the WAL into the database file: writes, syncs and the
 * WAL's truncation failing at each index lose nothing acknowledged. */
static void test_checkpoint_faults(void **state)
{
    (void)state;
    static const fault_plan PLANS[] = {
        {.ops = FAULT_WRITE | FAULT_SYNC | FAULT_TRUNCATE},
        {.ops = FAULT_SYNC, .persist = true},
        {.ops = FAULT_TRUNCATE, .persist = true},
        {.ops = FAULT_WRITE, .files = FAULT_FILE_DB, .persist = true, .err = SQLITE_FULL},
    };
    for (size_t k = 0; k < sizeof PLANS / sizeof PLANS[0]; k++) {
        unsigned failed = 0, rounds = 0;
        for (unsigned long nth = 1;; nth++) {
            assert_true(nth < MAX_SWEEP);
            unsigned dummy = 0;
            /* Something in the WAL to move. */
            one_round(FLAT, &(fault_plan){0}, &dummy);
            fault_plan p = PLANS[k];
            p.nth = nth;
            unsigned long before = kp_store_unavailable_count(g.st);
            faulty_vfs_arm(&p);
            kp_rc rc = kp_store_exec(g.st, "PRAGMA wal_checkpoint(TRUNCATE)");
            unsigned long injected = faulty_vfs_injected();
            faulty_vfs_clear();
            rounds++;
            if (rc) {
                failed++;
                assert_int_equal(rc, KP_EUNAVAIL);
                assert_true(kp_store_unavailable_count(g.st) > before);
            }
            char when[96];
            snprintf(when, sizeof when, "checkpoint, ops %#x nth %lu: %s", p.ops, nth, kp_strerror(rc));
            verify(when);
            if (injected == 0)
                break;
        }
        print_message("checkpoint ops %#x: %u rounds, %u failed\n", PLANS[k].ops, rounds, failed);
        assert_true(failed > 0);
    }
}

/* When the database itself ends the transaction (an I/O error in the middle
 * of a statement rolls everything back), later statements of that
 * transaction are refused with KP_EUNAVAIL instead of running on their own,
 * and so is its commit. */
static void test_dropped_transaction_refuses_statements(void **state)
{
    (void)state;
    int64_t tx = new_tx();
    unsigned long before = kp_store_unavailable_count(g.st);
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    faulty_vfs_arm(&(fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_IOERR_WRITE});
    kp_rc rc = insert_rows(g.st, tx, "a", ROWS);
    faulty_vfs_clear();
    assert_int_equal(rc, KP_EUNAVAIL);
    assert_int_equal(kp_store_unavailable_count(g.st), before + 1);
    /* The disk is fine again; a small write would now succeed on its own. */
    assert_int_equal(insert_rows(g.st, tx, "z", 1), KP_EUNAVAIL);
    assert_int_equal(kp_store_exec(g.st, "INSERT INTO fault_t(tx, part, pad) VALUES (0, 'z', 'exec')"), KP_EUNAVAIL);
    assert_int_equal(kp_store_begin(g.st), KP_EUNAVAIL); /* a nested level */
    assert_int_equal(kp_store_commit(g.st), KP_EUNAVAIL);
    assert_int_equal(kp_store_unavailable_count(g.st), before + 5);
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    verify("after a dropped transaction");
    assert_int_equal(check_db_int(g.path, "SELECT COUNT(*) FROM fault_t WHERE part = 'z'"), 0);

    /* The same when the transaction ends under a nested level. */
    tx = new_tx();
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    assert_int_equal(insert_rows(g.st, tx, "a", 3), KP_OK);
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    assert_int_equal(kp_store_exec(g.st, "ROLLBACK"), KP_OK); /* as the database would */
    assert_int_equal(insert_rows(g.st, tx, "z", 1), KP_EUNAVAIL);
    assert_int_equal(kp_store_finish(g.st, KP_EUNAVAIL), KP_EUNAVAIL); /* inner level */
    assert_int_equal(kp_store_commit(g.st), KP_EUNAVAIL);               /* outer level */
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    verify("after a transaction dropped under a savepoint");

    /* The next transaction starts clean. */
    tx = new_tx();
    assert_int_equal(run_flat(g.st, tx), KP_OK);
    g.acked[tx] = FLAT;
    verify("after recovery");
}

/* A statement that fails for lack of space inside a bigger transaction,
 * whose caller goes on regardless, must not let that transaction commit
 * the rest: store.h promises that later statements and the outermost commit
 * answer KP_EUNAVAIL. A full disk under the pager ends the transaction in
 * SQLite itself; a quota (max_page_count) fails only the statement and
 * leaves the transaction open, which the store must end all the same. */
static int64_t page_count(void)
{
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(g.st, "PRAGMA page_count", &s), KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_true(row);
    int64_t n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return n;
}

static kp_rc inner_bulk(kp_store *st, int64_t tx, const char *part, int n)
{
    kp_rc rc = kp_store_begin(st);
    if (rc)
        return rc;
    rc = insert_rows_bulk(st, tx, part, n);
    return kp_store_finish(st, rc);
}

static void careless_caller(bool quota, bool nested)
{
    int64_t tx = new_tx();
    unsigned long before = kp_store_unavailable_count(g.st);
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    assert_int_equal(insert_rows(g.st, tx, "a", ROWS / 2), KP_OK);
    char sql[96];
    if (quota) {
        snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)page_count() + 3);
        assert_int_equal(kp_store_exec(g.st, sql), KP_OK);
    } else {
        faulty_vfs_arm(&(fault_plan){.ops = FAULT_WRITE, .persist = true, .err = SQLITE_FULL});
    }
    kp_rc inner = nested ? inner_bulk(g.st, tx, "b", ROWS / 2) : insert_rows_bulk(g.st, tx, "b", ROWS / 2);
    faulty_vfs_clear();
    assert_int_equal(inner, KP_EUNAVAIL);
    /* The caller carries on regardless and commits. */
    kp_rc more = insert_rows(g.st, tx, "c", 1);
    kp_rc commit = kp_store_commit(g.st);
    if (quota) /* the limit is the connection's, not the transaction's */
        assert_int_equal(kp_store_exec(g.st, "PRAGMA max_page_count = 1073741823"), KP_OK);
    if (commit == KP_OK)
        fail_msg("%s, %s: a transaction in which a statement found the disk full committed the rest (later insert: %s)",
                 quota ? "quota" : "disk", nested ? "savepoint" : "flat", kp_strerror(more));
    assert_int_equal(more, KP_EUNAVAIL);
    assert_int_equal(commit, KP_EUNAVAIL);
    assert_true(kp_store_unavailable_count(g.st) >= before + 3);
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    verify(quota ? "after a careless caller (quota)" : "after a careless caller (disk)");
}

static void test_failed_statement_fails_the_transaction(void **state)
{
    (void)state;
    careless_caller(false, true);
    careless_caller(true, true);
    careless_caller(false, false);
    careless_caller(true, false);
    /* The connection works again afterwards. */
    int64_t tx = new_tx();
    assert_int_equal(run_flat(g.st, tx), KP_OK);
    g.acked[tx] = FLAT;
    verify("after careless callers");
}

/* BEGIN that cannot get the write lock is unavailability too, and leaves
 * nothing open. */
static void test_busy_begin(void **state)
{
    (void)state;
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open_v2(g.path, &other, SQLITE_OPEN_READWRITE, faulty_vfs_base_name()), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    kp_store_set_busy_ms(g.st, 50);
    unsigned long before = kp_store_unavailable_count(g.st);
    assert_int_equal(kp_store_begin(g.st), KP_EUNAVAIL);
    assert_int_equal(kp_store_unavailable_count(g.st), before + 1);
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    kp_store_set_busy_ms(g.st, 5000);
    int64_t tx = new_tx();
    assert_int_equal(run_flat(g.st, tx), KP_OK);
    g.acked[tx] = FLAT;
    verify("after a busy begin");
}

/* kp_store_reset: KP_OK when nothing is open; KP_ESTATE after rolling back
 * what a caller left open (at any depth); the next begin is a real one. */
static void test_reset(void **state)
{
    (void)state;
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    int64_t tx = new_tx();
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    assert_int_equal(insert_rows(g.st, tx, "a", 2), KP_OK);
    assert_int_equal(kp_store_begin(g.st), KP_OK);
    assert_int_equal(insert_rows(g.st, tx, "b", 2), KP_OK);
    assert_int_equal(kp_store_reset(g.st), KP_ESTATE);
    assert_int_equal(kp_store_reset(g.st), KP_OK);
    assert_int_equal(kp_store_commit(g.st), KP_ESTATE); /* nothing to commit */
    verify("after reset");
    /* One begin/commit is a whole transaction again: stored on commit. */
    tx = new_tx();
    assert_int_equal(run_marker(g.st, tx), KP_OK);
    g.acked[tx] = MARKER;
    verify("after reset and a new transaction");
    /* A raw BEGIN left behind (no level counted) is rolled back too. */
    assert_int_equal(kp_store_exec(g.st, "BEGIN"), KP_OK);
    assert_int_equal(kp_store_reset(g.st), KP_ESTATE);
    assert_int_equal(kp_store_reset(g.st), KP_OK);
}

/* Reads that fail are unavailability as well (a GET answers 503). */
static void test_read_errors(void **state)
{
    (void)state;
    /* Another connection's view of the file, so the cache cannot answer. */
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open(g.path, &st, err, sizeof err), KP_OK);
    faulty_vfs_arm(&(fault_plan){.ops = FAULT_READ, .persist = true});
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, "SELECT SUM(length(pad)) FROM fault_t", &s);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    kp_stmt_free(s);
    unsigned long injected = faulty_vfs_injected();
    faulty_vfs_clear();
    assert_true(injected > 0);
    assert_true(rc == KP_EUNAVAIL || rc == KP_EDB);
    assert_true(kp_store_unavailable_count(st) >= (rc == KP_EUNAVAIL ? 1u : 0u));
    assert_int_equal(kp_store_reset(st), KP_OK);
    kp_store_close(st);
    /* Shared memory that cannot be mapped: the connection cannot be opened,
     * and nothing crashes; once it can, it opens. */
    faulty_vfs_arm(&(fault_plan){.ops = FAULT_SHMMAP, .persist = true});
    st = NULL;
    rc = kp_store_open(g.path, &st, err, sizeof err);
    injected = faulty_vfs_injected();
    faulty_vfs_clear();
    if (injected > 0)
        assert_int_not_equal(rc, KP_OK);
    kp_store_close(st);
    assert_int_equal(kp_store_open(g.path, &st, err, sizeof err), KP_OK);
    kp_store_close(st);
    verify("after read faults");
}

int main(void)
{
    if (faulty_vfs_install() != SQLITE_OK) {
        fprintf(stderr, "cannot install the faulty VFS\n");
        return 1;
    }
    faulty_vfs_skip_real_sync(true); /* hundreds of commits; no power cut here */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_busy_begin),
        cmocka_unit_test(test_dropped_transaction_refuses_statements),
        cmocka_unit_test(test_failed_statement_fails_the_transaction),
        cmocka_unit_test(test_transaction_spills),
        cmocka_unit_test(test_flat_write_error_once),
        cmocka_unit_test(test_flat_disk_full),
        cmocka_unit_test(test_nested_write_error_once),
        cmocka_unit_test(test_nested_disk_full),
        cmocka_unit_test(test_nested_disk_full_once),
        cmocka_unit_test(test_commit_fsync_fails),
        cmocka_unit_test(test_checkpoint_faults),
        cmocka_unit_test(test_read_errors),
    };
    /* One database for the whole run: later tests also check that nothing
     * an earlier one acknowledged was lost. */
    return cmocka_run_group_tests(tests, setup, teardown);
}
