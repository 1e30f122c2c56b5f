/* Access records by request (issue 10, live migration 3): the reads of one
 * request that list clients the same way are one record naming them all;
 * other reads stay records of their own; the view `access_log` reads one
 * row per client read, as before; the records written one per client
 * before migration 3 are carried over with their ids and read the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "service/audit.h"
#include "service/audit_sql.h"
#include "service/sql.h"
#include "pg_fixture.h"
#include "store/store_backend.h"

/* The database: a file, or with KOPA_TEST_PG a PostgreSQL database of the
 * cluster (pg_fixture.h), made anew by each open_fresh. */
static char g_path[512];
static char g_uri[1024];

static kp_store *open_fresh(void)
{
    kp_store_remove(g_path);
    snprintf(g_uri, sizeof g_uri, "%s", g_path);
    if (pg_test_cluster() && pg_test_create("access-records", g_uri, sizeof g_uri))
        return NULL;
    kp_store *st = NULL;
    char err[256];
    if (kp_store_open(g_uri, &st, err, sizeof err)) {
        fprintf(stderr, "open: %s\n", err);
        return NULL;
    }
    return st;
}

static int64_t count(kp_store *st, const char *sql)
{
    int64_t n = -1;
    assert_int_equal(kp_sql_int(st, sql, NULL, 0, -1, &n), KP_OK);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_path, sizeof g_path, "%s/access-records-%d.db", KOPA_TEST_TMP, (int)getpid());
    snprintf(g_uri, sizeof g_uri, "%s", g_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_remove(g_path);
    if (pg_test_cluster())
        pg_test_drop(g_uri);
    return 0;
}

static void test_batch_merges_lists(void **state)
{
    (void)state;
    kp_store *st = open_fresh();
    assert_non_null(st);
    kp_ctx ctx = {.db = st, .role = KP_ROLE_SOCIAL_WORKER, .actor = "sw", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    ctx.access_batch = kp_access_batch_new();
    /* A page of three clients (one shown twice), a card view of client 7,
     * the plan of client 7 (its entity is the plan), the same three clients
     * listed with another detail, and a login (no client). */
    static const int64_t PAGE[] = {7, 9, 8, 9};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(kp_audit_access(&ctx, "list", "client", PAGE[i], PAGE[i], ""), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "view", "client", 7, 7, ""), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "view", "support_plan", 41, 7, "v1"), KP_OK);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(kp_audit_access(&ctx, "list", "client", PAGE[i], PAGE[i], "tasks"), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "login", "app_user", 3, 0, NULL), KP_OK);
    assert_int_equal(kp_access_batch_count(ctx.access_batch), 10);
    /* list "", view client, view plan, list "tasks", login. */
    assert_int_equal(kp_access_batch_records(ctx.access_batch), 5);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record"), 0);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    assert_int_equal(kp_access_batch_count(ctx.access_batch), 0);
    assert_int_equal(kp_access_batch_records(ctx.access_batch), 0);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record"), 5);
    /* The page's record names 7, 8 and 9 once each. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE action = 'list' AND detail = ''"), 3);
    assert_int_equal(count(st, "SELECT COUNT(DISTINCT id) FROM access_log WHERE action = 'list' AND detail = ''"), 1);
    assert_int_equal(count(st, "SELECT SUM(client_id) FROM access_log WHERE action = 'list' AND detail = ''"), 24);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE action = 'list' AND entity_id = client_id"
                               " AND entity = 'client' AND actor = 'sw' AND role = 'social_worker'"
                               " AND at = '2022-06-15T10:00:00Z'"),
                     6);
    /* The plan's read keeps its entity and names its client. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE entity = 'support_plan' AND entity_id = 41"
                               " AND client_id = 7 AND detail = 'v1'"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND client_id = 7"), 2);
    /* The login: no client, its entity kept. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE action = 'login' AND entity_id = 3"
                               " AND client_id IS NULL"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 9);
    kp_access_batch_free(ctx.access_batch);

    /* Without a batch (the command line): one record at once. */
    kp_ctx cli = {.db = st, .role = KP_ROLE_ADMIN, .actor = "cli", .lang = "en"};
    snprintf(cli.now, sizeof cli.now, "2022-06-15T11:00:00Z");
    assert_int_equal(kp_audit_access(&cli, "list", "client", 8, 8, ""), KP_OK);
    assert_int_equal(kp_audit_access(&cli, "list", "client", 9, 9, ""), KP_OK);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record WHERE actor = 'cli'"), 2);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE actor = 'cli' AND entity_id = client_id"), 2);
    kp_store_close(st);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(kp_access_batch_records(NULL), 0);
    assert_int_equal(kp_audit_access(NULL, "view", "client", 1, 1, ""), KP_EINVAL);
    kp_ctx ctx = {.role = KP_ROLE_SYSTEM, .actor = "x", .lang = "lv"};
    assert_int_equal(kp_audit_access(&ctx, NULL, "client", 1, 1, ""), KP_EINVAL);
    assert_int_equal(kp_audit_access(&ctx, "view", NULL, 1, 1, ""), KP_EINVAL);
}

/* A side database as it was before migration 3 (one row per client read)
 * is carried over: the same rows through the view, ids kept, and new
 * records numbered after them. */
static void test_old_records_carried_over(void **state)
{
    (void)state;
    /* SQLite's side database only: PostgreSQL's schema live began after
     * migration 3 and never held the old table. */
    if (pg_test_cluster())
        skip();
    kp_store *st = open_fresh();
    assert_non_null(st);
    sqlite3 *db = kp_sqlite_db(st);
    static const char OLD[] =
        "DROP VIEW live.access_log; DROP TABLE live.access_record; DROP TABLE live.access_client;"
        "CREATE TABLE live.access_log (id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
        " role TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER, client_id INTEGER,"
        " detail TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX live.access_log_client ON access_log(client_id, at);"
        "CREATE INDEX live.access_log_at ON access_log(at);"
        "INSERT INTO live.access_log VALUES (10, '2021-01-01T08:00:00Z', 'sw', 'social_worker', 'list', 'client',"
        " 5, 5, 'masked code');"
        "INSERT INTO live.access_log VALUES (11, '2021-01-01T08:00:00Z', 'sw', 'social_worker', 'list', 'client',"
        " 6, 6, '');"
        "INSERT INTO live.access_log VALUES (12, '2021-01-01T08:01:00Z', 'sw', 'social_worker', 'view',"
        " 'support_plan', 40, 5, 'v2');"
        "INSERT INTO live.access_log VALUES (13, '2021-01-01T09:00:00Z', 'sw', 'social_worker', 'login', 'app_user',"
        " 2, NULL, 'new device');"
        /* Migrations 5 (the clients in the record, keyed by client) and
         * 7 (their keys written later) run again after it. */
        "DROP TABLE live.access_pending;"
        "DELETE FROM live.schema_migration WHERE version IN (3, 5, 7);";
    assert_int_equal(sqlite3_exec(db, OLD, NULL, NULL, NULL), SQLITE_OK);
    kp_store_close(st);
    char err[256];
    st = NULL;
    assert_int_equal(kp_store_open_existing(g_path, &st, err, sizeof err), KP_OK);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 4);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 10 AND entity_id = 5 AND client_id = 5"
                               " AND detail = 'masked code' AND action = 'list' AND at = '2021-01-01T08:00:00Z'"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 11 AND entity_id = 6 AND client_id = 6"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 12 AND entity = 'support_plan'"
                               " AND entity_id = 40 AND client_id = 5 AND detail = 'v2'"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 13 AND entity_id = 2"
                               " AND client_id IS NULL AND detail = 'new device'"),
                     1);
    kp_ctx ctx = {.db = st, .role = KP_ROLE_SOCIAL_WORKER, .actor = "sw", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    assert_int_equal(kp_audit_access(&ctx, "view", "client", 5, 5, ""), KP_OK);
    assert_int_equal(count(st, "SELECT MAX(id) FROM access_record"), 14);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE client_id = 5"), 3);
    kp_store_close(st);
}

/* Live migration 5: access_client as migration 3 made it (keyed by
 * record, with an index by client) becomes the record's own list of
 * clients and one key per client; every question reads as before, and the
 * rows written afterwards the same way (issue 10). */
static void test_clients_moved_into_records(void **state)
{
    (void)state;
    kp_store *st = open_fresh();
    assert_non_null(st);
    bool pg = pg_test_cluster();
    /* Back to live 4's layout, with three records: a list of 5 and 6, the
     * plan 40 of client 5, a login. */
    const char *old[] = {
        "DROP VIEW live.access_log",
        "DROP TABLE live.access_client",
        "ALTER TABLE live.access_record DROP COLUMN clients",
        pg ? "CREATE TABLE live.access_client (access_id BIGINT NOT NULL, client_id BIGINT NOT NULL,"
             " PRIMARY KEY (access_id, client_id))"
           : "CREATE TABLE live.access_client (access_id INTEGER NOT NULL, client_id INTEGER NOT NULL,"
             " PRIMARY KEY (access_id, client_id)) WITHOUT ROWID",
        pg ? "CREATE INDEX access_client_client ON live.access_client(client_id, access_id)"
           : "CREATE INDEX live.access_client_client ON access_client(client_id, access_id)",
        "CREATE VIEW live.access_log(id, at, actor, role, action, entity, entity_id, client_id, detail) AS"
        " SELECT r.id, r.at, r.actor, r.role, r.action, r.entity,"
        "  CASE WHEN r.each_client = 1 THEN c.client_id ELSE r.entity_id END, c.client_id, r.detail"
        " FROM access_record r LEFT JOIN access_client c ON c.access_id = r.id",
        "INSERT INTO live.access_record(id, at, actor, role, action, entity, entity_id, detail, each_client)"
        " VALUES (20, '2021-01-01T08:00:00Z', 'sw', 'social_worker', 'list', 'client', NULL, 'masked', 1),"
        " (21, '2021-01-01T08:01:00Z', 'sw', 'social_worker', 'view', 'support_plan', 40, 'v2', 0),"
        " (22, '2023-01-01T09:00:00Z', 'sw', 'social_worker', 'login', 'app_user', 2, '', 0)",
        "INSERT INTO live.access_client(access_id, client_id) VALUES (20, 6), (20, 5), (21, 5)",
        "DELETE FROM live.schema_migration WHERE version = 5",
        /* Migration 7 again after it: its view over 5's layout. */
        "DROP TABLE live.access_pending",
        "DELETE FROM live.schema_migration WHERE version = 7",
    };
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        if (kp_store_exec(st, old[i]) != KP_OK)
            fail_msg("%s: %s", old[i], kp_store_errmsg(st));
    }
    kp_store_close(st);
    char err[256];
    st = NULL;
    if (kp_store_open_existing(g_uri, &st, err, sizeof err) != KP_OK)
        fail_msg("reopen: %s", err);
    /* Each record holds its clients, ascending; the keys are by client. */
    kp_param p20[] = {KP_PINT(20)}, p21[] = {KP_PINT(21)}, p22[] = {KP_PINT(22)};
    char text[64];
    assert_int_equal(kp_sql_text(st, "SELECT clients FROM access_record WHERE id = ?", p20, 1, text, sizeof text),
                     KP_OK);
    assert_string_equal(text, "[5,6]");
    assert_int_equal(kp_sql_text(st, "SELECT clients FROM access_record WHERE id = ?", p21, 1, text, sizeof text),
                     KP_OK);
    assert_string_equal(text, "[5]");
    int64_t none = 0;
    assert_int_equal(kp_sql_int(st, "SELECT COUNT(*) FROM access_record WHERE id = ? AND clients IS NULL", p22, 1, -1,
                                &none),
                     KP_OK);
    assert_int_equal(none, 1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client"), 3);
    /* The view: one row per client read, as before. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 4);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 20 AND entity_id = client_id"
                               " AND detail = 'masked'"),
                     2);
    assert_int_equal(count(st, "SELECT SUM(client_id) FROM access_log WHERE id = 20"), 11);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE client_id = 5"), 2);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE client_id = 5 AND entity = 'support_plan'"
                               " AND entity_id = 40"),
                     1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE id = 22 AND client_id IS NULL"), 1);

    /* New records the same way: a list of 9, 7, 9 and a card of 6. */
    kp_ctx ctx = {.db = st, .role = KP_ROLE_SOCIAL_WORKER, .actor = "sw2", .lang = "lv"};
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    ctx.access_batch = kp_access_batch_new();
    static const int64_t PAGE[] = {9, 7, 9};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(kp_audit_access(&ctx, "list", "client", PAGE[i], PAGE[i], ""), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "view", "client", 6, 6, ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    kp_access_batch_free(ctx.access_batch);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record WHERE actor = 'sw2' AND clients = '[7,9]'"), 1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record WHERE actor = 'sw2' AND clients = '[6]'"), 1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE actor = 'sw2'"), 3);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE client_id = 6"), 2);
    /* SQLite leaves the new records' keys for later (live migration 7):
     * the two records with clients are pending; PostgreSQL wrote them. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client"), pg ? 6 : 3);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), pg ? 0 : 2);

    /* Retention: the records before 2022 and their keys go, the rest stay
     * (pending or not). */
    assert_int_equal(kp_q_access_delete_before(st, "2022-01-01"), KP_OK);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record"), 3);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client"), pg ? 3 : 0);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), pg ? 0 : 2);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client WHERE client_id = 5"), 0);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log WHERE client_id = 6"), 1);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 4);
    kp_store_close(st);
}


/* The keys by client written after the records (live migration 7): on
 * SQLite a record with clients is pending until kp_q_access_index_pending
 * writes its keys; "who saw client X" (the view by client) and a record's
 * rows read the same before, during and after; retention deletes a pending
 * record's mark with it. PostgreSQL writes the keys with the records. */
static int64_t count1(kp_store *st, const char *sql, int64_t x)
{
    kp_param p[] = {KP_PINT(x)};
    int64_t n = -1;
    assert_int_equal(kp_sql_int(st, sql, p, 1, -1, &n), KP_OK);
    return n;
}

/* The view's rows for client X, as "id:entity:entity_id" in id order. */
static void who_saw(kp_store *st, int64_t client, char *out, size_t size)
{
    kp_param p[] = {KP_PINT(client)};
    out[0] = '\0';
    assert_int_equal(kp_sql_text(st,
                                 "SELECT COALESCE(group_concat(x, ' '), '') FROM (SELECT CAST(id AS TEXT) || ':' ||"
                                 " entity || ':' || CAST(entity_id AS TEXT) AS x FROM access_log WHERE client_id = ?"
                                 " ORDER BY id) AS t",
                                 p, 1, out, size),
                     KP_OK);
}

static void test_keys_later(void **state)
{
    (void)state;
    kp_store *st = open_fresh();
    assert_non_null(st);
    bool pg = pg_test_cluster();
    /* Three requests: a list of 4, 2, 3; a card of client 3 with its plan
     * 50; a login (no client). Then a list of 3 and 5 the next day. */
    kp_ctx ctx = {.db = st, .role = KP_ROLE_SOCIAL_WORKER, .actor = "sw", .lang = "lv"};
    ctx.access_batch = kp_access_batch_new();
    snprintf(ctx.now, sizeof ctx.now, "2022-06-15T10:00:00Z");
    static const int64_t PAGE[] = {4, 2, 3};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(kp_audit_access(&ctx, "list", "client", PAGE[i], PAGE[i], ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "view", "client", 3, 3, ""), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "view", "support_plan", 50, 3, ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "login", "app_user", 1, 0, ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    snprintf(ctx.now, sizeof ctx.now, "2022-06-16T10:00:00Z");
    assert_int_equal(kp_audit_access(&ctx, "list", "client", 5, 5, ""), KP_OK);
    assert_int_equal(kp_audit_access(&ctx, "list", "client", 3, 3, ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    kp_access_batch_free(ctx.access_batch);
    /* Records 1 (list 2,3,4), 2 (card 3), 3 (plan 50 of 3), 4 (login), 5
     * (list 3,5). Four have clients: 3 + 1 + 1 + 2 = 7 keys. */
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_record"), 5);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), pg ? 0 : 4);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client"), pg ? 7 : 0);
    const char *saw3 = "1:client:3 2:client:3 3:support_plan:50 5:client:3";
    char got[256];
    for (int step = 0; step < 3; step++) {
        /* Before any keys, after the first two records' and after all. */
        who_saw(st, 3, got, sizeof got);
        assert_string_equal(got, saw3);
        who_saw(st, 2, got, sizeof got);
        assert_string_equal(got, "1:client:2");
        who_saw(st, 5, got, sizeof got);
        assert_string_equal(got, "5:client:5");
        who_saw(st, 6, got, sizeof got);
        assert_string_equal(got, "");
        assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 8);
        assert_int_equal(count1(st, "SELECT COUNT(*) FROM access_log WHERE id = ?", 1), 3);
        assert_int_equal(count1(st, "SELECT SUM(client_id) FROM access_log WHERE id = ?", 1), 9);
        assert_int_equal(count1(st, "SELECT COUNT(*) FROM access_log WHERE id = ? AND client_id IS NULL", 4), 1);
        size_t done = 99;
        kp_rc rc = kp_store_begin_side(st);
        if (!rc)
            rc = kp_q_access_index_pending(st, step == 0 ? 2 : 10, &done);
        assert_int_equal(kp_store_finish(st, rc), KP_OK);
        if (pg)
            assert_int_equal(done, 0);
        else
            assert_int_equal(done, step == 0 ? 2 : step == 1 ? 2 : 0);
        /* Records 1 and 2 first (the oldest), then 3 and 5. */
        assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), pg ? 0 : step == 0 ? 2 : 0);
        assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client"), pg ? 7 : step == 0 ? 4 : 7);
    }
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_client WHERE client_id = 3"), 4);
    assert_int_equal(count1(st, "SELECT COUNT(*) FROM access_client WHERE access_id = ?", 5), 2);
    size_t done = 9;
    assert_int_equal(kp_q_access_index_pending(st, 0, &done), KP_EINVAL);
    assert_int_equal(kp_q_access_index_pending(NULL, 1, &done), KP_EINVAL);

    /* A pending record goes with retention, its mark with it. */
    ctx.access_batch = kp_access_batch_new();
    snprintf(ctx.now, sizeof ctx.now, "2022-06-14T10:00:00Z");
    assert_int_equal(kp_audit_access(&ctx, "list", "client", 6, 6, ""), KP_OK);
    assert_int_equal(kp_access_batch_flush(&ctx), KP_OK);
    kp_access_batch_free(ctx.access_batch);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), pg ? 0 : 1);
    who_saw(st, 6, got, sizeof got);
    assert_string_equal(got, "6:client:6");
    assert_int_equal(kp_q_access_delete_before(st, "2022-06-15"), KP_OK);
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_pending"), 0);
    who_saw(st, 6, got, sizeof got);
    assert_string_equal(got, "");
    assert_int_equal(count(st, "SELECT COUNT(*) FROM access_log"), 8);
    kp_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_merges_lists),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_old_records_carried_over),
        cmocka_unit_test(test_clients_moved_into_records),
        cmocka_unit_test(test_keys_later),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
