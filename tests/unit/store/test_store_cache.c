/* The SQLite backend's per-connection statement cache and the statistics it
 * keeps by itself: a statement given back is handed out again for the same
 * text, reset and unbound; one in use is never handed out twice; text, not
 * the address of the text, is the key; the cache is bounded; a statement
 * whose step failed is not kept; a schema change does not serve a stale
 * statement; a connection that changed many rows leaves statistics behind,
 * a big database without statistics gets them when opened, and
 * kp_store_optimize analyses what a long-lived connection's queries used.
 * Migration 32's index serves a person's latest and first assessment by a
 * date without a sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/store_backend.h"
#include "store_test.h"

static char g_path[512];

static kp_stmt_cache_stats stats(kp_store *st)
{
    kp_stmt_cache_stats c;
    assert_int_equal(kp_sqlite_cache_stats(st, &c), KP_OK);
    return c;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_path, sizeof g_path, "%s/test_store_cache-%d.db", KOPA_TEST_TMP, (int)getpid());
    kp_store_remove(g_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_remove(g_path);
    return 0;
}

static void test_reused_statement_is_reset_and_unbound(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(x INTEGER)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "INSERT INTO t VALUES (1), (2), (3)"), KP_OK);
    const char *sql = "SELECT x, ?1 IS NULL FROM t ORDER BY x";
    kp_stmt_cache_stats before = stats(st);

    kp_stmt *a = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, sql, &a), KP_OK);
    assert_int_equal(kp_stmt_bind_int(a, 1, 7), KP_OK);
    assert_int_equal(kp_stmt_step(a, &row), KP_OK);
    assert_true(row);
    assert_int_equal(kp_stmt_int(a, 0), 1);
    assert_int_equal(kp_stmt_int(a, 1), 0); /* bound */
    assert_int_equal(kp_stmt_step(a, &row), KP_OK);
    assert_int_equal(kp_stmt_int(a, 0), 2);
    kp_stmt_free(a); /* given back in the middle of its rows */
    assert_int_equal(stats(st).idle, before.idle + 1);

    kp_stmt *b = NULL;
    assert_int_equal(kp_store_prepare(st, sql, &b), KP_OK);
    assert_ptr_equal(b, a); /* the same statement again */
    assert_int_equal(stats(st).hits, before.hits + 1);
    assert_int_equal(stats(st).idle, before.idle);
    /* From the first row again, and the parameter no longer bound. */
    assert_int_equal(kp_stmt_step(b, &row), KP_OK);
    assert_true(row);
    assert_int_equal(kp_stmt_int(b, 0), 1);
    assert_int_equal(kp_stmt_int(b, 1), 1);
    kp_stmt_free(b);
    kp_store_close(st);
}

static void test_statement_in_use_is_not_handed_out_twice(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(x INTEGER)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "INSERT INTO t VALUES (10), (20)"), KP_OK);
    const char *sql = "SELECT x FROM t ORDER BY x";
    kp_stmt *outer = NULL, *inner = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, sql, &outer), KP_OK);
    assert_int_equal(kp_stmt_step(outer, &row), KP_OK);
    assert_int_equal(kp_stmt_int(outer, 0), 10);
    /* The same text while the first is in use: another statement, and each
     * keeps its own position. */
    assert_int_equal(kp_store_prepare(st, sql, &inner), KP_OK);
    assert_ptr_not_equal(inner, outer);
    assert_int_equal(kp_stmt_step(inner, &row), KP_OK);
    assert_int_equal(kp_stmt_int(inner, 0), 10);
    assert_int_equal(kp_stmt_step(outer, &row), KP_OK);
    assert_int_equal(kp_stmt_int(outer, 0), 20);
    kp_stmt_free(inner);
    /* inner waits in the cache; outer is still in use and must not be. */
    kp_stmt *third = NULL;
    assert_int_equal(kp_store_prepare(st, sql, &third), KP_OK);
    assert_ptr_equal(third, inner);
    assert_ptr_not_equal(third, outer);
    kp_stmt_free(third);
    kp_stmt_free(outer);
    /* Both wait now; two takes give the two, a third prepares anew. */
    kp_stmt *x = NULL, *y = NULL, *z = NULL;
    assert_int_equal(kp_store_prepare(st, sql, &x), KP_OK);
    assert_int_equal(kp_store_prepare(st, sql, &y), KP_OK);
    assert_int_equal(kp_store_prepare(st, sql, &z), KP_OK);
    assert_true((x == outer && y == inner) || (x == inner && y == outer));
    assert_ptr_not_equal(z, outer);
    assert_ptr_not_equal(z, inner);
    kp_stmt_free(x);
    kp_stmt_free(y);
    kp_stmt_free(z);
    kp_store_close(st); /* closes with statements waiting: no leak */
}

static void test_key_is_the_text_not_its_address(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    char buf[64];
    snprintf(buf, sizeof buf, "SELECT %d", 1);
    assert_int_equal(store_test_int(st, buf), 1);
    snprintf(buf, sizeof buf, "SELECT %d", 2); /* same buffer, other text */
    assert_int_equal(store_test_int(st, buf), 2);
    snprintf(buf, sizeof buf, "SELECT %d", 1);
    unsigned long hits = stats(st).hits;
    assert_int_equal(store_test_int(st, buf), 1);
    assert_int_equal(stats(st).hits, hits + 1);
    kp_store_close(st);
}

static void test_cache_is_bounded(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    kp_stmt_cache_stats before = stats(st);
    char sql[64];
    for (int i = 0; i < 300; i++) {
        snprintf(sql, sizeof sql, "SELECT %d + 0", i);
        assert_int_equal(store_test_int(st, sql), i);
    }
    kp_stmt_cache_stats after = stats(st);
    assert_true(after.idle <= 96);
    assert_true(after.idle >= 90);
    assert_int_equal(after.misses - before.misses, 300);
    assert_int_equal(after.evictions, before.evictions + 300 - (after.idle - before.idle));
    /* The most recent ones are kept, the oldest went. */
    unsigned long hits = after.hits;
    assert_int_equal(store_test_int(st, "SELECT 299 + 0"), 299);
    assert_int_equal(stats(st).hits, hits + 1);
    assert_int_equal(store_test_int(st, "SELECT 0 + 0"), 0);
    assert_int_equal(stats(st).hits, hits + 1);
    kp_store_close(st);
}

static void test_failed_statement_is_not_kept(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    /* Integer overflow is an error of the step, not of the prepare. */
    const char *sql = "SELECT abs(-9223372036854775807 - 1)";
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, sql, &s), KP_OK);
    assert_int_not_equal(kp_stmt_step(s, &row), KP_OK);
    size_t idle = stats(st).idle;
    kp_stmt_free(s);
    assert_int_equal(stats(st).idle, idle);
    unsigned long misses = stats(st).misses;
    assert_int_equal(kp_store_prepare(st, sql, &s), KP_OK);
    assert_int_equal(stats(st).misses, misses + 1);
    kp_stmt_free(s);
    /* A refusal by a constraint is an answer, not a fault: kept. */
    assert_int_equal(kp_store_exec(st, "CREATE TABLE u(k INTEGER PRIMARY KEY)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "INSERT INTO u VALUES (1)"), KP_OK);
    const char *ins = "INSERT INTO u(k) VALUES (?)";
    assert_int_equal(kp_store_prepare(st, ins, &s), KP_OK);
    assert_int_equal(kp_stmt_bind_int(s, 1, 1), KP_OK);
    assert_int_equal(kp_stmt_exec(s), KP_ECONFLICT);
    kp_stmt_free(s);
    kp_stmt *again = NULL;
    assert_int_equal(kp_store_prepare(st, ins, &again), KP_OK);
    assert_ptr_equal(again, s);
    assert_int_equal(kp_stmt_bind_int(again, 1, 2), KP_OK);
    assert_int_equal(kp_stmt_exec(again), KP_OK);
    kp_stmt_free(again);
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM u"), 2);
    /* Text with a second statement after the first is not kept. */
    idle = stats(st).idle;
    assert_int_equal(kp_store_prepare(st, "SELECT 5; SELECT 6", &s), KP_OK);
    kp_stmt_free(s);
    assert_int_equal(stats(st).idle, idle);
    kp_store_close(st);
}

static void test_schema_change_is_seen(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(a INTEGER)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "INSERT INTO t VALUES (1)"), KP_OK);
    const char *sql = "SELECT * FROM t";
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, sql, &s), KP_OK);
    assert_int_equal(kp_stmt_columns(s), 1);
    kp_stmt_free(s);
    assert_int_equal(kp_store_exec(st, "ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 9"), KP_OK);
    assert_int_equal(kp_store_prepare(st, sql, &s), KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_true(row);
    assert_int_equal(kp_stmt_columns(s), 2);
    assert_int_equal(kp_stmt_int(s, 1), 9);
    kp_stmt_free(s);
    kp_store_close(st);
}

static void test_statistics_kept_by_kopa(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE big(k INTEGER, pad TEXT)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "CREATE INDEX big_k ON big(k)"), KP_OK);
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), 0);
    /* 3000 rows of 2 KiB: more than the 2000 changes and 4 MiB that make
     * Kopā analyse. */
    assert_int_equal(kp_store_begin(st), KP_OK);
    kp_stmt *s = NULL;
    assert_int_equal(kp_store_prepare(st, "INSERT INTO big(k, pad) VALUES (?, zeroblob(2048))", &s), KP_OK);
    for (int i = 0; i < 3000; i++) {
        assert_int_equal(kp_stmt_bind_int(s, 1, i % 30), KP_OK);
        assert_int_equal(kp_stmt_exec(s), KP_OK);
        assert_int_equal(kp_stmt_reset(s), KP_OK);
    }
    kp_stmt_free(s);
    assert_int_equal(kp_store_commit(st), KP_OK);
    kp_store_close(st); /* analyses: it changed 3000 rows */

    st = store_test_open(g_path);
    /* 3000 rows, 100 per value of k: "3000 100" for the index, estimated
     * from a sample of about a thousand rows. */
    kp_stmt *q = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, "SELECT stat FROM sqlite_stat1 WHERE idx = 'big_k'", &q), KP_OK);
    assert_int_equal(kp_stmt_step(q, &row), KP_OK);
    assert_true(row);
    long rows = 0, per_key = 0;
    assert_int_equal(sscanf(kp_stmt_text(q, 0), "%ld %ld", &rows, &per_key), 2);
    assert_in_range(rows, 2000, 4500);
    assert_in_range(per_key, 50, 200);
    kp_stmt_free(q);
    /* Statistics dropped by hand: the next open of this 6 MiB database
     * makes them again. */
    assert_int_equal(kp_store_exec(st, "DROP TABLE sqlite_stat1"), KP_OK);
    kp_store_close(st);
    st = store_test_open(g_path);
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'big_k'"), 1);
    kp_store_close(st);
}

/* The plan of sql mentions `want` and no temporary B-tree (a sort). */
static void assert_plan_uses(kp_store *st, const char *sql, const char *want)
{
    char eqp[1024];
    snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
    kp_stmt *q = NULL;
    bool row = false, used = false, sorted = false;
    assert_int_equal(kp_store_prepare(st, eqp, &q), KP_OK);
    while (kp_stmt_step(q, &row) == KP_OK && row) {
        const char *detail = kp_stmt_text(q, 3);
        used = used || strstr(detail, want) != NULL;
        sorted = sorted || strstr(detail, "TEMP B-TREE") != NULL;
    }
    kp_stmt_free(q);
    assert_true(used);
    assert_false(sorted);
}

static void test_assessments_by_date(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    /* The index of migration 32, its columns in order. */
    assert_int_equal(store_test_int(st, "SELECT group_concat(name, ',') = 'client_id,assessed_on,round' FROM"
                                        " (SELECT name FROM pragma_index_info('assessment_client_date') ORDER BY seqno)"),
                     1);
    /* The evaluation's latest assessment by a date (the needs and the
     * unmet need) and first one (the first assessment place): one seek in
     * date order, no sort of the person's assessments. */
    assert_plan_uses(st,
                     "SELECT a2.id FROM assessment a2 WHERE a2.client_id = ?1 AND a2.assessed_on <= ?2"
                     " ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1",
                     "assessment_client_date");
    assert_plan_uses(st,
                     "SELECT a.place FROM assessment a WHERE a.client_id = ?1 AND a.assessed_on <= ?2"
                     " ORDER BY a.assessed_on, a.round LIMIT 1",
                     "assessment_client_date");
    kp_store_close(st);
}

/* The columns of index `name` in order, comma-separated, is `want`. */
static void assert_index_columns(kp_store *st, const char *name, const char *want)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT group_concat(name, ',') = '%s' FROM (SELECT name FROM pragma_index_info('%s') ORDER BY seqno)",
             want, name);
    assert_int_equal(store_test_int(st, sql), 1);
}

static void test_evaluation_covering_indexes(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    /* Migration 33: the two indexes keep their names and first columns. */
    assert_index_columns(st, "residence_client", "client_id,start_date,end_date,kind");
    assert_index_columns(st, "assignment_client", "client_id,service_code,start_date,esf_funded,cancelled_from");
    /* A person's residence on a date (KP_FIGURE_RESIDENCE_OF) and their
     * ESF-funded assignments not cancelled by a day: read from the index
     * alone, no table row, no sort. */
    assert_plan_uses(st,
                     "SELECT r.kind FROM residence r WHERE r.client_id = ?1 AND r.start_date <= ?2"
                     " AND (r.end_date IS NULL OR r.end_date >= ?2) ORDER BY r.start_date DESC LIMIT 1",
                     "COVERING INDEX residence_client");
    assert_plan_uses(st,
                     "SELECT a.id, a.service_code FROM assignment a WHERE a.client_id = ?1 AND a.esf_funded = 1"
                     " AND (a.cancelled_from IS NULL OR a.cancelled_from > ?2)",
                     "COVERING INDEX assignment_client");
    /* Replaced, not added: residence keeps one index and assignment two
     * (with assignment_provider), so an import writes no more entries. */
    assert_int_equal(store_test_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                        " AND tbl_name = 'residence' AND sql IS NOT NULL"),
                     1);
    assert_int_equal(store_test_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                        " AND tbl_name = 'assignment' AND sql IS NOT NULL"),
                     2);
    kp_store_close(st);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_stmt_cache_stats c;
    assert_int_equal(kp_sqlite_cache_stats(NULL, &c), KP_EINVAL);
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_sqlite_cache_stats(st, NULL), KP_EINVAL);
    /* Flushing twice, and with nothing cached, is fine. */
    kp_sqlite_cache_flush(st);
    kp_sqlite_cache_flush(st);
    assert_int_equal(stats(st).idle, 0);
    assert_int_equal(store_test_int(st, "SELECT 3"), 3);
    assert_int_equal(stats(st).idle, 1);
    kp_sqlite_cache_flush(st);
    assert_int_equal(stats(st).idle, 0);
    /* The page cache: 16 MiB unless set; bounds refused. */
    assert_int_equal(store_test_int(st, "PRAGMA main.cache_size"), -16384);
    assert_int_equal(kp_store_set_cache_kib(NULL, 4096), KP_EINVAL);
    assert_int_equal(kp_store_set_cache_kib(st, 255), KP_EINVAL);
    assert_int_equal(kp_store_set_cache_kib(st, 1024 * 1024 + 1), KP_EINVAL);
    assert_int_equal(store_test_int(st, "PRAGMA main.cache_size"), -16384);
    assert_int_equal(kp_store_set_cache_kib(st, 4096), KP_OK);
    assert_int_equal(store_test_int(st, "PRAGMA main.cache_size"), -4096);
    /* Optimising: not inside a transaction, not without a store. */
    assert_int_equal(kp_store_optimize(NULL), KP_EINVAL);
    assert_int_equal(kp_store_begin(st), KP_OK);
    assert_int_equal(kp_store_optimize(st), KP_ESTATE);
    assert_int_equal(kp_store_rollback(st), KP_OK);
    assert_int_equal(kp_store_optimize(st), KP_OK);
    kp_store_close(st);
}

/* A long-lived connection's queries on a table without statistics make
 * kp_store_optimize analyse it, without closing. */
static void test_optimize_analyses_what_queries_used(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE w(k INTEGER, v INTEGER)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "CREATE INDEX w_k ON w(k)"), KP_OK);
    assert_int_equal(kp_store_exec(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                                       " INSERT INTO w SELECT i % 7, i FROM n"),
                     KP_OK);
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"), 0);
    /* A query whose plan would use the index's statistics:
     * v = 101, 108, ... 500 (101 + 7j for j = 0..57). */
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM w WHERE k = 3 AND v > 100"), 58);
    assert_int_equal(kp_store_optimize(st), KP_OK);
    assert_int_equal(store_test_int(st, "SELECT COUNT(*) FROM sqlite_stat1 WHERE idx = 'w_k'"), 1);
    kp_store_close(st);
}

/* The data stamp changes when the records change (another connection's
 * commit, this one's own change) and not otherwise; a change to the side
 * tables alone does not touch it from another connection. */
static void test_data_stamp(void **state)
{
    (void)state;
    int64_t a[2], b[2];
    assert_int_equal(kp_store_data_stamp(NULL, a), KP_EINVAL);
    kp_store *st = store_test_open(g_path), *other = store_test_open(g_path);
    assert_int_equal(kp_store_data_stamp(st, NULL), KP_EINVAL);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE IF NOT EXISTS stamp_t (x INTEGER)"), KP_OK);
    assert_int_equal(kp_store_data_stamp(st, a), KP_OK);
    assert_int_equal(kp_store_data_stamp(st, b), KP_OK);
    assert_true(a[0] == b[0] && a[1] == b[1]); /* nothing changed */
    assert_int_equal(kp_store_exec(other, "INSERT INTO stamp_t VALUES (1)"), KP_OK);
    assert_int_equal(kp_store_data_stamp(st, b), KP_OK);
    assert_false(a[0] == b[0] && a[1] == b[1]); /* another connection's commit */
    assert_int_equal(kp_store_data_stamp(st, a), KP_OK);
    assert_int_equal(kp_store_exec(st, "UPDATE stamp_t SET x = 2"), KP_OK);
    assert_int_equal(kp_store_data_stamp(st, b), KP_OK);
    assert_false(a[0] == b[0] && a[1] == b[1]); /* its own change */
    assert_int_equal(kp_store_data_stamp(st, a), KP_OK);
    assert_int_equal(kp_store_exec(other, "INSERT INTO live.kp_writer VALUES (1)"), KP_OK);
    assert_int_equal(kp_store_data_stamp(st, b), KP_OK);
    assert_true(a[0] == b[0] && a[1] == b[1]); /* the side tables are not the records */
    kp_store_close(other);
    kp_store_close(st);
}

static int g_freed;
static void count_free(void *p)
{
    g_freed++;
    free(p);
}

/* Values kept with a connection: one per tag, replaced values freed, all
 * freed at close, no more tags than KP_STORE_MEMOS. */
static void test_memo(void **state)
{
    (void)state;
    static const char tags[KP_STORE_MEMOS + 1];
    assert_null(kp_store_memo(NULL, &tags[0]));
    assert_false(kp_store_set_memo(NULL, &tags[0], NULL, NULL));
    kp_store *st = store_test_open(g_path);
    assert_null(kp_store_memo(st, NULL));
    assert_false(kp_store_set_memo(st, NULL, NULL, NULL));
    assert_null(kp_store_memo(st, &tags[0]));
    g_freed = 0;
    int *one = malloc(sizeof *one), *two = malloc(sizeof *two);
    assert_true(kp_store_set_memo(st, &tags[0], one, count_free));
    assert_ptr_equal(kp_store_memo(st, &tags[0]), one);
    assert_null(kp_store_memo(st, &tags[1]));
    assert_true(kp_store_set_memo(st, &tags[0], two, count_free));
    assert_int_equal(g_freed, 1); /* the one it replaced */
    assert_ptr_equal(kp_store_memo(st, &tags[0]), two);
    for (size_t i = 1; i < KP_STORE_MEMOS; i++)
        assert_true(kp_store_set_memo(st, &tags[i], malloc(1), count_free));
    void *extra = malloc(1);
    assert_false(kp_store_set_memo(st, &tags[KP_STORE_MEMOS], extra, count_free)); /* all taken */
    free(extra);
    assert_true(kp_store_set_memo(st, &tags[1], NULL, NULL)); /* dropped: freed, the tag free again */
    assert_int_equal(g_freed, 2);
    assert_null(kp_store_memo(st, &tags[1]));
    kp_store_close(st);
    assert_int_equal(g_freed, 1 + KP_STORE_MEMOS);
}

/* Reads kept by key: found again while the records are unchanged and the
 * key is the same, not after a change of the records (this connection's or
 * another's) nor for another key; a key's newer value replaces its older
 * one; past `ways` keys the way kept longest goes; all freed at close. */
static void test_kept(void **state)
{
    (void)state;
    static const char tag, other_tag;
    int *v = malloc(sizeof *v);
    assert_null(kp_store_kept(NULL, &tag, "k"));
    assert_false(kp_store_keep(NULL, &tag, "k", 1, v, count_free));
    kp_store *st = store_test_open(g_path), *other = store_test_open(g_path);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE IF NOT EXISTS kept_t (x INTEGER)"), KP_OK);
    assert_null(kp_store_kept(st, NULL, "k"));
    assert_null(kp_store_kept(st, &tag, NULL));
    assert_false(kp_store_keep(st, &other_tag, "k", 1, v, count_free)); /* no kp_store_kept before */
    assert_null(kp_store_kept(st, &tag, "a"));
    assert_false(kp_store_keep(st, NULL, "a", 1, v, count_free));
    assert_false(kp_store_keep(st, &tag, NULL, 1, v, count_free));
    assert_false(kp_store_keep(st, &tag, "a", 1, NULL, count_free));
    assert_false(kp_store_keep(st, &tag, "a", 0, v, count_free));
    assert_false(kp_store_keep(st, &tag, "a", KP_STORE_KEPT_WAYS + 1, v, count_free));
    g_freed = 0;
    assert_true(kp_store_keep(st, &tag, "a", 2, v, count_free));
    assert_ptr_equal(kp_store_kept(st, &tag, "a"), v);
    assert_ptr_equal(kp_store_kept(st, &tag, "a"), v);
    assert_null(kp_store_kept(st, &tag, "b")); /* another key */
    /* Another connection's commit: not found any more. */
    assert_int_equal(kp_store_exec(other, "INSERT INTO kept_t VALUES (1)"), KP_OK);
    assert_null(kp_store_kept(st, &tag, "a"));
    int *a2 = malloc(sizeof *a2), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
    assert_true(kp_store_keep(st, &tag, "a", 2, a2, count_free));
    assert_int_equal(g_freed, 1); /* the key's older value */
    assert_ptr_equal(kp_store_kept(st, &tag, "a"), a2);
    /* This connection's own change. */
    assert_int_equal(kp_store_exec(st, "INSERT INTO kept_t VALUES (2)"), KP_OK);
    assert_null(kp_store_kept(st, &tag, "a"));
    assert_null(kp_store_kept(st, &tag, "b"));
    assert_true(kp_store_keep(st, &tag, "b", 2, b, count_free)); /* "a"'s way: its records changed */
    assert_int_equal(g_freed, 2);
    assert_null(kp_store_kept(st, &tag, "c"));
    assert_true(kp_store_keep(st, &tag, "c", 2, c, count_free)); /* the free way */
    assert_int_equal(g_freed, 2);
    assert_null(kp_store_kept(st, &tag, "d"));
    int *d = malloc(sizeof *d);
    assert_true(kp_store_keep(st, &tag, "d", 2, d, count_free)); /* both current: the first way's turn */
    assert_int_equal(g_freed, 3);
    assert_null(kp_store_kept(st, &tag, "b"));
    assert_ptr_equal(kp_store_kept(st, &tag, "c"), c);
    assert_ptr_equal(kp_store_kept(st, &tag, "d"), d);
    kp_store_close(other);
    kp_store_close(st);
    assert_int_equal(g_freed, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reused_statement_is_reset_and_unbound, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_in_use_is_not_handed_out_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_is_the_text_not_its_address, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cache_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_statement_is_not_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_change_is_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statistics_kept_by_kopa, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assessments_by_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evaluation_covering_indexes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_stamp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_optimize_analyses_what_queries_used, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
