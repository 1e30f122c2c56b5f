/* The access log's group commit (audit.h, issue 10): flushes from many
 * threads at once are all stored, several of them in one transaction; a
 * flush returns only once its records are committed; a commit that fails
 * (the side tables' write lock held elsewhere past the writer's wait) fails
 * every flush that was in it and stores none of their records; stopping
 * commits what is queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "service/audit.h"
#include "service/sql.h"
#include "pg_fixture.h"

enum { THREADS = 8, ROUNDS = 5, PER_FLUSH = 3 };

/* The database: a file, or with KOPA_TEST_PG a fresh PostgreSQL database of
 * the cluster (pg_fixture.h). */
static char g_path[512];
static char g_uri[1024];
/* Connections are opened before a test locks the side tables: opening one
 * writes the side database's owner, which would wait for that lock. */
static kp_store *g_reader;
static kp_store *g_conns[8];

static kp_store *open_db(void)
{
    kp_store *st = NULL;
    char err[256];
    if (kp_store_open_existing(g_uri, &st, err, sizeof err)) {
        fprintf(stderr, "open: %s\n", err);
        return NULL;
    }
    return st;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_path, sizeof g_path, "%s/access-writer-%d.db", KOPA_TEST_TMP, (int)getpid());
    kp_store_remove(g_path);
    snprintf(g_uri, sizeof g_uri, "%s", g_path);
    if (pg_test_cluster() && pg_test_create("access-writer", g_uri, sizeof g_uri))
        return -1;
    kp_store *st = NULL;
    char err[256];
    if (kp_store_open(g_uri, &st, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    kp_store_close(st);
    g_reader = open_db();
    for (size_t i = 0; i < sizeof g_conns / sizeof g_conns[0]; i++)
        if (!(g_conns[i] = open_db()))
            return -1;
    return g_reader ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_close(g_reader);
    for (size_t i = 0; i < sizeof g_conns / sizeof g_conns[0]; i++)
        kp_store_close(g_conns[i]);
    kp_store_remove(g_path);
    if (pg_test_cluster())
        pg_test_drop(g_uri);
    return 0;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    kp_sql_int(g_reader, sql, NULL, 0, -1, &n);
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

typedef struct worker {
    kp_access_writer *w;
    pthread_barrier_t *start;
    int id;
    const char *actor;
    int rounds;
    kp_rc rc[ROUNDS];   /* each flush's answer */
    size_t left[ROUNDS]; /* records still in the batch after each flush */
} worker;

/* One "request" thread: its own connection, a grouped batch, PER_FLUSH
 * reads per flush. */
static void *worker_main(void *arg)
{
    worker *k = arg;
    kp_ctx ctx = {.db = g_conns[k->id], .role = KP_ROLE_SOCIAL_WORKER, .actor = k->actor, .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2021-09-01T10:00:00Z");
    ctx.access_batch = kp_access_batch_new_grouped(k->w);
    pthread_barrier_wait(k->start);
    for (int r = 0; r < k->rounds; r++) {
        for (int i = 0; i < PER_FLUSH; i++) {
            char detail[48];
            snprintf(detail, sizeof detail, "t%d-r%d-i%d", k->id, r, i);
            kp_audit_access(&ctx, "view", "client", 1000 + k->id, 1000 + k->id, detail);
        }
        k->rc[r] = kp_access_batch_flush(&ctx);
        k->left[r] = kp_access_batch_count(ctx.access_batch);
    }
    kp_access_batch_free(ctx.access_batch);
    return NULL;
}

static void run_workers(kp_access_writer *w, const char *actor, int rounds, worker *k)
{
    pthread_t t[THREADS];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        k[i] = (worker){.w = w, .start = &start, .id = i, .actor = actor, .rounds = rounds};
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &k[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&start);
}

typedef struct run_arg {
    kp_access_writer *w;
    worker *k;
} run_arg;

static void *run_main(void *arg)
{
    run_arg *ra = arg;
    run_workers(ra->w, "group", ROUNDS, ra->k);
    return NULL;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_access_writer *w = NULL;
    assert_int_equal(kp_access_writer_start(NULL, &w), KP_EINVAL);
    assert_null(w);
    kp_store *st = open_db();
    assert_non_null(st);
    assert_int_equal(kp_access_writer_start(st, NULL), KP_EINVAL);
    kp_access_writer_stop(NULL);
    uint64_t c = 7, r = 7;
    kp_access_writer_counts(NULL, &c, &r);
    assert_int_equal(c, 0);
    assert_int_equal(r, 0);
    /* A grouped batch without a writer writes on the caller's connection. */
    kp_ctx ctx = {.db = st, .role = KP_ROLE_SYSTEM, .actor = "nowriter", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2021-09-01T10:00:00Z");
    ctx.access_batch = kp_access_batch_new_grouped(NULL);
    assert_int_equal(kp_audit_access(&ctx, "view", "client", 5, 5, ""), KP_OK);
    assert_int_equal(kp_access_batch_count(ctx.access_batch), 1);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    assert_int_equal(kp_access_batch_count(ctx.access_batch), 0);
    kp_access_batch_free(ctx.access_batch);
    kp_store_close(st);
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'nowriter'"), 1);
}

/* THREADS threads flush ROUNDS times each, PER_FLUSH records a time: every
 * record is there once, each flush said KP_OK, and while the side tables
 * were locked for a moment the flushes waiting meanwhile went in together. */
static void test_concurrent_flushes_all_stored(void **state)
{
    (void)state;
    kp_access_writer *w = NULL;
    kp_store *wst = open_db();
    assert_non_null(wst);
    kp_store_set_busy_ms(wst, 5000);
    assert_int_equal(kp_access_writer_start(wst, &w), KP_OK);
    /* Everyone's first flush finds the side tables locked for 400 ms: the
     * writer's first transaction waits, the others queue behind it and go
     * in with the next one. */
    kp_store *blocker = open_db();
    assert_int_equal(kp_store_begin_side(blocker), KP_OK);
    worker k[THREADS];
    /* The workers run from a helper so that this thread can release the
     * lock once they are queued. */
    pthread_t runner;
    run_arg ra = {w, k};
    assert_int_equal(pthread_create(&runner, NULL, run_main, &ra), 0);
    sleep_ms(400);
    uint64_t commits = 9, records = 9;
    kp_access_writer_counts(w, &commits, &records);
    assert_int_equal(commits, 0); /* nothing committed while locked: nobody answered */
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'group'"), 0);
    assert_int_equal(kp_store_commit(blocker), KP_OK);
    pthread_join(runner, NULL);
    kp_store_close(blocker);
    for (int i = 0; i < THREADS; i++)
        for (int r = 0; r < ROUNDS; r++) {
            assert_int_equal(k[i].rc[r], KP_OK);
            assert_int_equal(k[i].left[r], 0);
        }
    const int64_t n = (int64_t)THREADS * ROUNDS * PER_FLUSH;
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'group'"), n);
    assert_int_equal(count("SELECT COUNT(DISTINCT detail) FROM access_log WHERE actor = 'group'"), n);
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'group' AND role = 'social_worker'"
                           " AND action = 'view' AND entity = 'client' AND entity_id = client_id"
                           " AND entity_id BETWEEN 1000 AND 1007 AND at = '2021-09-01T10:00:00Z'"),
                     n);
    kp_access_writer_counts(w, &commits, &records);
    assert_int_equal(records, (uint64_t)n);
    /* THREADS × ROUNDS flushes; the first round alone took at most two
     * transactions (the one waiting on the lock, and everyone else's). */
    assert_true(commits >= 2);
    assert_true(commits <= (uint64_t)THREADS * ROUNDS - (THREADS - 2));
    kp_access_writer_stop(w);
}

/* A commit that fails fails every flush in it: each answers the failure,
 * none of its records is stored, and the batch is emptied (the request
 * answers 503 and sends nothing). Once the lock is free, flushes work again
 * with the same writer. */
static void test_failed_commit_fails_waiting_flushes(void **state)
{
    (void)state;
    kp_access_writer *w = NULL;
    kp_store *wst = open_db();
    assert_non_null(wst);
    kp_store_set_busy_ms(wst, 100);
    assert_int_equal(kp_access_writer_start(wst, &w), KP_OK);
    kp_store *blocker = open_db();
    assert_int_equal(kp_store_begin_side(blocker), KP_OK);
    worker k[THREADS];
    run_workers(w, "refused", 1, k);
    for (int i = 0; i < THREADS; i++) {
        assert_int_not_equal(k[i].rc[0], KP_OK);
        assert_int_equal(k[i].rc[0], KP_EUNAVAIL);
        assert_int_equal(k[i].left[0], 0);
    }
    assert_int_equal(kp_store_rollback(blocker), KP_OK);
    kp_store_close(blocker);
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'refused'"), 0);
    uint64_t commits = 9, records = 9;
    kp_access_writer_counts(w, &commits, &records);
    assert_int_equal(records, 0);
    /* The same writer, the lock free again. */
    run_workers(w, "after", 1, k);
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(k[i].rc[0], KP_OK);
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'after'"), THREADS * PER_FLUSH);
    kp_access_writer_stop(w);
}

/* Stopping answers every flush already queued, with its records stored. */
typedef struct late {
    kp_access_writer *w;
    kp_rc rc;
} late;

static void *late_main(void *arg)
{
    late *l = arg;
    kp_ctx ctx = {.db = NULL, .role = KP_ROLE_SYSTEM, .actor = "drained", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2021-09-01T10:00:00Z");
    ctx.access_batch = kp_access_batch_new_grouped(l->w);
    kp_audit_access(&ctx, "view", "client", 9, 9, "");
    l->rc = kp_access_batch_flush(&ctx);
    kp_access_batch_free(ctx.access_batch);
    return NULL;
}

static void test_stop_drains_the_queue(void **state)
{
    (void)state;
    kp_access_writer *w = NULL;
    kp_store *wst = open_db();
    kp_store_set_busy_ms(wst, 5000);
    assert_int_equal(kp_access_writer_start(wst, &w), KP_OK);
    kp_store *blocker = open_db();
    assert_int_equal(kp_store_begin_side(blocker), KP_OK);
    late l[4];
    pthread_t t[4];
    for (int i = 0; i < 4; i++) {
        l[i] = (late){.w = w, .rc = KP_EIO};
        assert_int_equal(pthread_create(&t[i], NULL, late_main, &l[i]), 0);
    }
    sleep_ms(1000); /* all four queued (the first waiting on the lock) */
    assert_int_equal(kp_store_rollback(blocker), KP_OK);
    kp_store_close(blocker);
    kp_access_writer_stop(w); /* returns once the queue is committed */
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(l[i].rc, KP_OK);
    }
    assert_int_equal(count("SELECT COUNT(*) FROM access_log WHERE actor = 'drained'"), 4);
}

/* The records of several requests committed together are one array in the
 * writer: each list record keeps its own clients (filed under its own id),
 * whatever the order they were read in and whichever request they came
 * from. */
static atomic_int g_done;
static atomic_int g_done_rc;
static void on_done(void *arg, kp_rc rc)
{
    (void)arg;
    if (rc)
        atomic_store(&g_done_rc, (int)rc);
    atomic_fetch_add(&g_done, 1);
}

static kp_access_batch *list_batch(kp_access_writer *w, const char *detail, const int64_t *ids, size_t n,
                                   int64_t plan_client)
{
    kp_ctx ctx = {.db = g_reader, .role = KP_ROLE_SOCIAL_WORKER, .actor = "merged", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2021-09-02T10:00:00Z");
    ctx.access_batch = kp_access_batch_new_grouped(w);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(kp_audit_access(&ctx, "list", "client", ids[i], ids[i], detail), KP_OK);
    if (plan_client)
        assert_int_equal(kp_audit_access(&ctx, "view", "plan", 5, plan_client, detail), KP_OK);
    return ctx.access_batch;
}

static int64_t text_is(const char *sql, const char *want)
{
    kp_stmt *s = NULL;
    bool row = false;
    int64_t same = 0;
    if (!kp_store_prepare(g_reader, sql, &s) && !kp_stmt_step(s, &row) && row)
        same = strcmp(kp_stmt_text(s, 0), want) == 0;
    if (!same && row)
        fprintf(stderr, "%s\n  got  %s\n  want %s\n", sql, kp_stmt_text(s, 0), want);
    kp_stmt_free(s);
    return same;
}

static void test_requests_in_one_commit_keep_their_clients(void **state)
{
    (void)state;
    kp_access_writer *w = NULL;
    kp_store *wst = open_db();
    kp_store_set_busy_ms(wst, 5000);
    assert_int_equal(kp_access_writer_start(wst, &w), KP_OK);
    kp_store *blocker = open_db();
    assert_int_equal(kp_store_begin_side(blocker), KP_OK);
    const int64_t a[] = {30, 10, 20}, b[] = {12, 11}, c[] = {40};
    kp_access_batch *ba = list_batch(w, "lA", a, 3, 10);
    kp_access_batch *bb = list_batch(w, "lB", b, 2, 0);
    kp_access_batch *bc = list_batch(w, "lC", c, 1, 40);
    atomic_store(&g_done, 0);
    atomic_store(&g_done_rc, 0);
    /* A is taken and waits on the lock; B and C queue behind it and go in
     * with the next transaction, together. */
    assert_int_equal(kp_access_writer_submit(w, ba, on_done, NULL), KP_OK);
    sleep_ms(300);
    assert_int_equal(kp_access_writer_submit(w, bb, on_done, NULL), KP_OK);
    assert_int_equal(kp_access_writer_submit(w, bc, on_done, NULL), KP_OK);
    sleep_ms(100);
    assert_int_equal(atomic_load(&g_done), 0);
    assert_int_equal(kp_store_commit(blocker), KP_OK);
    kp_store_close(blocker);
    for (int i = 0; i < 500 && atomic_load(&g_done) < 3; i++)
        sleep_ms(10);
    assert_int_equal(atomic_load(&g_done), 3);
    assert_int_equal(atomic_load(&g_done_rc), 0);
    uint64_t commits = 0, records = 0;
    kp_access_writer_counts(w, &commits, &records);
    assert_int_equal(commits, 2);
    assert_int_equal(records, 3 + 1 + 2 + 1 + 1);
    /* One record per list (its clients in ascending order) and one per plan read. */
    assert_int_equal(count("SELECT COUNT(*) FROM access_record WHERE actor = 'merged'"), 5);
    assert_true(text_is("SELECT group_concat(detail || ':' || entity || ':' || client_id, ' ') FROM"
                        " (SELECT detail, entity, client_id FROM access_log WHERE actor = 'merged'"
                        " ORDER BY detail, entity, client_id) AS m",
                        "lA:client:10 lA:client:20 lA:client:30 lA:plan:10 lB:client:11 lB:client:12"
                        " lC:client:40 lC:plan:40"));
    /* Each list's clients are filed under its own record. */
    assert_int_equal(count("SELECT COUNT(DISTINCT id) FROM access_log WHERE actor = 'merged' AND entity = 'client'"), 3);
    assert_int_equal(count("SELECT COUNT(*) FROM (SELECT id FROM access_log WHERE actor = 'merged'"
                           " AND entity = 'client' GROUP BY id HAVING COUNT(DISTINCT detail) > 1) AS g"),
                     0);
    kp_access_writer_stop(w);
    kp_access_batch_free(ba);
    kp_access_batch_free(bb);
    kp_access_batch_free(bc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_concurrent_flushes_all_stored),
        cmocka_unit_test(test_stop_drains_the_queue),
        cmocka_unit_test(test_requests_in_one_commit_keep_their_clients),
        /* Last: after a lock wait runs out, this process's waits are short
         * for 2 s (store.h), which the tests above must not meet. */
        cmocka_unit_test(test_failed_commit_fails_waiting_flushes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
