/* Which work waits for which lock: a transaction that changes records holds
 * the records' write lock; reads that leave an access-log record, logins and
 * drafts (the side tables) go on meanwhile, and another writer gives up with
 * KP_EUNAVAIL instead of waiting for ever; statistics wait only briefly and
 * their giving up shortens no one else's wait. Also: a side database left from
 * another database is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "store/store.h"
#include "store_test.h"

static char g_path[512];

static int setup(void **state)
{
    (void)state;
    snprintf(g_path, sizeof g_path, "%s/test_store_locks-%d.db", KOPA_TEST_TMP, (int)getpid());
    kp_store_remove(g_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_remove(g_path);
    return 0;
}


static void test_long_writer_leaves_side_tables_free(void **state)
{
    (void)state;
    kp_store *writer = store_test_open(g_path);
    kp_store *web = store_test_open(g_path);
    kp_store_set_busy_ms(web, 200);

    /* The long writer: an import's transaction, open. */
    assert_int_equal(kp_store_begin(writer), KP_OK);
    store_test_exec(writer, "INSERT INTO region(code, name_lv, name_en) VALUES ('XX', 'Tests', 'Test')");

    /* A read that records its access: goes on, and is stored. */
    assert_int_equal(kp_store_begin_read(web), KP_OK);
    assert_int_equal(store_test_int(web, "SELECT COUNT(*) FROM region WHERE code = 'XX'"), 0); /* not committed yet */
    store_test_exec(web, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t', 'a', 'r', 'view', 'client')");
    assert_int_equal(kp_store_commit(web), KP_OK);

    /* A login's throttle: reads then writes the side tables under their own lock. */
    assert_int_equal(kp_store_begin_side(web), KP_OK);
    assert_int_equal(store_test_int(web, "SELECT COUNT(*) FROM login_attempt"), 0);
    store_test_exec(web, "INSERT INTO login_attempt(username, address, at, ok) VALUES ('u', 'a', 1, 0)");
    assert_int_equal(kp_store_commit(web), KP_OK);

    /* Another writer of records gives up, and says why. */
    unsigned long before = kp_store_unavailable_count(web);
    assert_int_equal(kp_store_begin(web), KP_EUNAVAIL);
    assert_true(kp_store_unavailable_count(web) > before);
    assert_int_equal(kp_store_reset(web), KP_OK); /* nothing was left open */

    assert_int_equal(kp_store_commit(writer), KP_OK);

    /* Once the lock is free, the same call works. */
    assert_int_equal(kp_store_begin(web), KP_OK);
    store_test_exec(web, "INSERT INTO region(code, name_lv, name_en) VALUES ('XY', 'Tests 2', 'Test 2')");
    assert_int_equal(kp_store_commit(web), KP_OK);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM region WHERE code IN ('XX', 'XY')"), 2);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM access_log"), 1);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM login_attempt"), 1);
    kp_store_close(web);
    kp_store_close(writer);
}

/* Two side-table writers that read first are serialised, never left to
 * fail on a stale snapshot. */
static void test_side_writers_serialised(void **state)
{
    (void)state;
    kp_store *a = store_test_open(g_path);
    kp_store *b = store_test_open(g_path);
    kp_store_set_busy_ms(b, 200);
    assert_int_equal(kp_store_begin_side(a), KP_OK);
    store_test_exec(a, "INSERT INTO login_attempt(username, address, at, ok) VALUES ('u', 'a', 2, 0)");
    assert_int_equal(kp_store_begin_side(b), KP_EUNAVAIL);
    assert_int_equal(kp_store_commit(a), KP_OK);
    assert_int_equal(kp_store_begin_side(b), KP_OK);
    assert_int_equal(store_test_int(b, "SELECT COUNT(*) FROM login_attempt WHERE at = 2"), 1);
    store_test_exec(b, "INSERT INTO login_attempt(username, address, at, ok) VALUES ('u', 'a', 3, 0)");
    assert_int_equal(kp_store_commit(b), KP_OK);
    kp_store_close(a);
    kp_store_close(b);
}

/* A transaction that reads the side tables and then writes them with a
 * change of records (a subject's export) holds both locks from its start:
 * a side writer that comes meanwhile (the access writer's group commit)
 * waits for it, so the read snapshot never goes stale under it. Without
 * both, the side write after another connection's commit fails at once. */
static void test_both_locks_keep_the_side_read_fresh(void **state)
{
    (void)state;
    kp_store *a = store_test_open(g_path);
    kp_store *b = store_test_open(g_path);
    kp_store_set_busy_ms(b, 200);
    store_test_exec(b, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t0', 'a', 'r', 'view', 'client')");

    /* The hazard: records' lock only, the side tables read, another
     * connection commits to them, a side write fails (written here without
     * kp_store_begin_side, which the sanitizer build refuses, below). */
    assert_int_equal(kp_store_begin(a), KP_OK);
    assert_int_equal(store_test_int(a, "SELECT COUNT(*) FROM access_record"), 1);
    assert_int_equal(kp_store_begin_side(b), KP_OK);
    store_test_exec(b, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t1', 'b', 'r', 'view', 'client')");
    assert_int_equal(kp_store_commit(b), KP_OK);
#ifdef KOPA_CHECK_LOCKS
    /* The sanitizer build refuses the nested side write outright, whether
     * or not another connection wrote in between. */
    assert_int_equal(kp_store_begin_side(a), KP_ESTATE);
#endif
    assert_int_not_equal(
        kp_store_exec(a, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t2', 'a', 'r', 'view', 'client')"),
        KP_OK);
    assert_int_equal(kp_store_reset(a), KP_ESTATE);

    /* Both locks: the other side writer waits (here: gives up) and the
     * export-like transaction reads, writes and commits. */
    assert_int_equal(kp_store_begin_both(a), KP_OK);
    assert_int_equal(store_test_int(a, "SELECT COUNT(*) FROM access_record"), 2);
    assert_int_equal(kp_store_begin_side(b), KP_EUNAVAIL);
    assert_int_equal(kp_store_reset(b), KP_OK);
    assert_int_equal(kp_store_begin(b), KP_EUNAVAIL); /* and the records' lock is held too */
    assert_int_equal(kp_store_reset(b), KP_OK);
    store_test_exec(a, "INSERT INTO region(code, name_lv, name_en) VALUES ('XB', 'Abi', 'Both')");
    assert_int_equal(kp_store_begin_side(a), KP_OK);
    store_test_exec(a, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t3', 'a', 'r', 'export', 'client')");
    assert_int_equal(kp_store_commit(a), KP_OK);
    assert_int_equal(kp_store_commit(a), KP_OK);
    assert_int_equal(store_test_int(b, "SELECT COUNT(*) FROM access_record"), 3);
    assert_int_equal(store_test_int(b, "SELECT COUNT(*) FROM region WHERE code = 'XB'"), 1);
    assert_false(kp_store_writing(a));
    kp_store_close(a);
    kp_store_close(b);
}

/* The side tables' lock taken in the middle of a records transaction,
 * before reading them: a side writer waits from then on, and the read and
 * write that follow commit; once they were read it is too late. */
static void test_side_lock_claimed_later(void **state)
{
    (void)state;
    kp_store *a = store_test_open(g_path);
    kp_store *b = store_test_open(g_path);
    kp_store_set_busy_ms(b, 200);
    assert_int_equal(kp_store_claim_side(a), KP_ESTATE); /* no transaction */
    assert_int_equal(kp_store_begin(a), KP_OK);
    store_test_exec(a, "INSERT INTO region(code, name_lv, name_en) VALUES ('XC', 'Vēlāk', 'Later')");
    /* Before the claim a side writer goes on. */
    assert_int_equal(kp_store_begin_side(b), KP_OK);
    store_test_exec(b, "INSERT INTO access_record(at, actor, role, action, entity) VALUES ('t5', 'b', 'r', 'view', 'client')");
    assert_int_equal(kp_store_commit(b), KP_OK);
    assert_int_equal(kp_store_claim_side(a), KP_OK);
    assert_int_equal(kp_store_claim_side(a), KP_OK); /* held already */
    assert_true(kp_store_writing(a));
    assert_int_equal(kp_store_begin_side(b), KP_EUNAVAIL);
    assert_int_equal(kp_store_reset(b), KP_OK);
    assert_int_equal(store_test_int(a, "SELECT COUNT(*) FROM access_record WHERE at = 't5'"), 1);
    assert_int_equal(kp_store_begin_side(a), KP_OK);
    store_test_exec(a, "DELETE FROM access_record WHERE at = 't5'");
    assert_int_equal(kp_store_commit(a), KP_OK);
    assert_int_equal(kp_store_commit(a), KP_OK);
    assert_int_equal(store_test_int(b, "SELECT COUNT(*) FROM access_record WHERE at = 't5'"), 0);
    assert_int_equal(store_test_int(b, "SELECT COUNT(*) FROM region WHERE code = 'XC'"), 1);

    /* Too late once read. */
    assert_int_equal(kp_store_begin(a), KP_OK);
    assert_int_equal(store_test_int(a, "SELECT COUNT(*) FROM access_record WHERE at = 't5'"), 0);
    assert_int_equal(kp_store_claim_side(a), KP_ESTATE);
    assert_int_equal(kp_store_rollback(a), KP_OK);
    kp_store_close(a);
    kp_store_close(b);
}

static int64_t mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Statistics never wait long for the lock, and their giving up is not taken
 * for a long writer's: the next writer still waits its full time. (Runs
 * first: a writer that gave up shortens waits in the whole process for a
 * while.) */
static void test_statistics_give_up_quietly(void **state)
{
    (void)state;
    kp_store *writer = store_test_open(g_path);
    kp_store *stats = store_test_open(g_path);
    kp_store *web = store_test_open(g_path);
    kp_store_set_busy_ms(web, 600);
    store_test_exec(stats, "CREATE TABLE w(k INTEGER, v INTEGER)");
    store_test_exec(stats, "CREATE INDEX w_k ON w(k)");
    /* Enough changes that closing analyses the whole database. */
    store_test_exec(stats, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)"
                   " INSERT INTO w SELECT i % 7, i FROM n");
    /* A query that would gain from w's statistics, so optimising analyses w. */
    assert_int_equal(store_test_int(stats, "SELECT COUNT(*) FROM w WHERE k = 3 AND v > 100"), 343);

    assert_int_equal(kp_store_begin(writer), KP_OK);
    store_test_exec(writer, "INSERT INTO region(code, name_lv, name_en) VALUES ('XX', 'Tests', 'Test')");
    int64_t t0 = mono_ms();
    assert_int_equal(kp_store_optimize(stats), KP_OK); /* gave up: statistics only */
    kp_store_close(stats);                             /* ANALYZE gives up too */
    int64_t t1 = mono_ms();
    assert_true(t1 - t0 < 2000);
    assert_int_equal(kp_store_begin(web), KP_EUNAVAIL);
    assert_true(mono_ms() - t1 >= 600); /* its own wait, not one shortened by the statistics' */
    assert_int_equal(kp_store_commit(writer), KP_OK);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), 0);

    /* Once the lock is free, a connection's queries are what optimising analyses. */
    assert_int_equal(store_test_int(web, "SELECT COUNT(*) FROM w WHERE k = 3 AND v > 100"), 343);
    assert_int_equal(kp_store_optimize(web), KP_OK);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'w_k'"), 1);
    kp_store_close(web);
    kp_store_close(writer);
}

/* The side database of a removed database is not mixed into a new one. */
static void test_foreign_side_database_refused(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    kp_store_close(st);
    char main_wal[600];
    unlink(g_path);
    snprintf(main_wal, sizeof main_wal, "%s-wal", g_path);
    unlink(main_wal);
    snprintf(main_wal, sizeof main_wal, "%s-shm", g_path);
    unlink(main_wal);
    char err[512] = "";
    st = NULL;
    assert_int_not_equal(kp_store_open(g_path, &st, err, sizeof err), KP_OK);
    assert_null(st);
    assert_non_null(strstr(err, ".live"));
    assert_non_null(strstr(err, "belongs to another database"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_statistics_give_up_quietly, setup, teardown),
        cmocka_unit_test_setup_teardown(test_both_locks_keep_the_side_read_fresh, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_lock_claimed_later, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_writer_leaves_side_tables_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_side_writers_serialised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_side_database_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
