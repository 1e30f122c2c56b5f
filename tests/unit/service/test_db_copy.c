/* kp_db_copy (kopa migrate) and what it stands on: kp_stmt_type and
 * kp_store_tables_list. The source is the fixture's database (SQLite, or
 * PostgreSQL with KOPA_TEST_PG), the target a new SQLite file: rows, ids
 * and blob bytes arrive unchanged; a row the target refuses is named and
 * nothing is kept; a verify that fails rolls the copy back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "fixture.h"
#include "service/transfer/db_copy.h"
#include "store_test.h"

static fixture g_f;
static char g_target[600];

/* Two clients (one the other's representative, ids given), a personal
 * code with bytes that are not text. */
static const char *const ROWS[] = {
    "INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group, registered_on)"
    " VALUES (3, 'Anna', 'Bērziņa', '1970-01-02', (SELECT MIN(id) FROM municipality), 'grt', '2020-01-01')",
    "INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group, representative_id,"
    " registered_on) VALUES (7, 'Jānis', 'Ozols', '1990-03-04', (SELECT MIN(id) FROM municipality), 'grt', 3,"
    " '2020-02-01')",
};

static int setup(void **state)
{
    (void)state;
    if (fixture_open(&g_f, "db_copy"))
        return -1;
    for (size_t i = 0; i < sizeof ROWS / sizeof ROWS[0]; i++)
        if (kp_store_exec(g_f.db, ROWS[i]))
            return -1;
    kp_stmt *s = NULL;
    static const unsigned char sealed[] = {0x00, 0xff, 0x27, 0x00, 0x5c, 0x78};
    if (kp_store_prepare(g_f.db,
                         "INSERT INTO personal_code(id, client_id, lookup_hash, sealed, valid_from)"
                         " VALUES (11, 3, ?, ?, '2020-01-01')",
                         &s) ||
        kp_stmt_bind_blob(s, 1, "\x01\x02", 2) || kp_stmt_bind_blob(s, 2, sealed, sizeof sealed) || kp_stmt_exec(s))
        return -1;
    kp_stmt_free(s);
    snprintf(g_target, sizeof g_target, "%s/db_copy-target-%d.db", KOPA_TEST_TMP, (int)getpid());
    kp_store_remove(g_target);
    return kp_store_sync_ids(g_f.db) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_remove(g_target);
    fixture_close(&g_f);
    return 0;
}

static kp_store *new_target(void)
{
    kp_store_remove(g_target);
    kp_store *t = NULL;
    char err[256];
    assert_int_equal(kp_store_create(g_target, &t, err, sizeof err), KP_OK);
    return t;
}

static void test_value_types(void **state)
{
    (void)state;
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(g_f.db,
                                      "SELECT id, family_name, representative_id FROM client WHERE id = 7", &s),
                     KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_true(row);
    assert_int_equal(kp_stmt_type(s, 0), KP_SQL_INT);
    assert_int_equal(kp_stmt_type(s, 1), KP_SQL_TEXT);
    assert_int_equal(kp_stmt_type(s, 2), KP_SQL_INT);
    assert_int_equal(kp_stmt_type(s, 9), KP_SQL_NULL); /* out of range */
    kp_stmt_free(s);
    assert_int_equal(kp_store_prepare(g_f.db, "SELECT sealed, valid_to FROM personal_code WHERE id = 11", &s), KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_int_equal(kp_stmt_type(s, 0), KP_SQL_BLOB);
    assert_int_equal(kp_stmt_type(s, 1), KP_SQL_NULL);
    kp_stmt_free(s);
    assert_int_equal(kp_stmt_type(NULL, 0), KP_SQL_NULL);
}

static size_t position(const kp_store_tables *t, const char *schema, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->t[i].schema, schema) && !strcmp(t->t[i].name, name))
            return i;
    return (size_t)-1;
}

static void test_tables_in_foreign_key_order(void **state)
{
    (void)state;
    kp_store_tables t = {0};
    assert_int_equal(kp_store_tables_list(NULL, &t), KP_EINVAL);
    assert_int_equal(kp_store_tables_list(g_f.db, NULL), KP_EINVAL);
    assert_int_equal(kp_store_tables_list(g_f.db, &t), KP_OK);
    /* Parents before children, as the migrations declare them. */
    assert_true(position(&t, "main", "municipality") < position(&t, "main", "client"));
    assert_true(position(&t, "main", "target_group") < position(&t, "main", "client"));
    assert_true(position(&t, "main", "client") < position(&t, "main", "personal_code"));
    assert_true(position(&t, "main", "region") < position(&t, "main", "municipality_region"));
    /* Written by the catalogue's triggers: after the tables that fire them. */
    assert_true(position(&t, "main", "provider") < position(&t, "main", "public_data_version"));
    assert_true(position(&t, "live", "session") != (size_t)-1);
    /* Bookkeeping is not data. */
    assert_int_equal(position(&t, "main", "schema_migration"), (size_t)-1);
    assert_int_equal(position(&t, "main", "kp_identity"), (size_t)-1);
    assert_int_equal(position(&t, "live", "kp_owner"), (size_t)-1);
    assert_int_equal(position(&t, "main", "kp_writer"), (size_t)-1);
    /* Every reference is to a table listed earlier. */
    for (size_t i = 0; i < t.n; i++)
        for (size_t j = i + 1; j < t.n; j++) {
            char key[96];
            snprintf(key, sizeof key, ",%s.%s,", t.t[j].schema, t.t[j].name);
            assert_null(strstr(t.t[i].refs, key));
        }
    kp_store_tables_free(&t);
    assert_int_equal(t.n, 0);
    kp_store_tables_free(NULL);
}

static kp_rc refuse(kp_store *from, kp_store *to, void *arg, char *err, size_t errlen)
{
    (void)from;
    *(int64_t *)arg = store_test_int(to, "SELECT COUNT(*) FROM client"); /* the copy is visible to verify */
    snprintf(err, errlen, "no");
    return KP_EDB;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    char err[256];
    kp_db_copy_report r;
    assert_int_equal(kp_db_copy(NULL, g_f.db, NULL, NULL, &r, err, sizeof err), KP_EINVAL);
    assert_int_equal(kp_db_copy(g_f.db, NULL, NULL, NULL, &r, err, sizeof err), KP_EINVAL);
    assert_int_equal(kp_db_copy(g_f.db, g_f.db, NULL, NULL, &r, err, sizeof err), KP_EINVAL);
    assert_int_equal(kp_db_copy(g_f.db, g_f.db, NULL, NULL, &r, NULL, 0), KP_EINVAL);
    assert_int_equal(r.n, 0);
    kp_db_copy_report_free(NULL);
}

static void test_copy_keeps_rows_ids_and_bytes(void **state)
{
    (void)state;
    kp_store *to = new_target();
    char err[512];
    kp_db_copy_report r;
    assert_int_equal(kp_db_copy(g_f.db, to, NULL, NULL, &r, err, sizeof err), KP_OK);
    int64_t sum = 0;
    bool saw_client = false;
    for (size_t i = 0; i < r.n; i++) {
        sum += r.t[i].rows;
        if (!strcmp(r.t[i].name, "client")) {
            assert_int_equal(r.t[i].rows, 2);
            saw_client = true;
        }
    }
    assert_true(saw_client);
    assert_int_equal(sum, r.rows);
    kp_db_copy_report_free(&r);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM client WHERE id = 7 AND representative_id = 3"
                               " AND family_name = 'Ozols'"),
                     1);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM municipality"), store_test_int(g_f.db, "SELECT COUNT(*) FROM municipality"));
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(to, "SELECT sealed FROM personal_code WHERE id = 11", &s), KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_true(row);
    size_t n = 0;
    const unsigned char *b = kp_stmt_blob(s, 0, &n);
    assert_int_equal(n, 6);
    assert_memory_equal(b, "\x00\xff\x27\x00\x5c\x78", 6);
    kp_stmt_free(s);
    /* A new client after the copy gets an id past the copied ones. */
    assert_int_equal(kp_store_exec(to, "INSERT INTO client(given_name, family_name, birth_date, municipality_id,"
                                       " target_group, registered_on) VALUES ('A', 'B', '2000-01-01',"
                                       " (SELECT MIN(id) FROM municipality), 'grt', '2021-01-01')"),
                     KP_OK);
    assert_int_equal(kp_store_last_id(to), 8);
    kp_store_close(to);
}

static void test_refused_row_is_named_and_nothing_kept(void **state)
{
    (void)state;
    kp_store *to = new_target();
    /* A trigger of the target refuses client 7 (the second row). */
    assert_int_equal(kp_store_exec(to, "CREATE TRIGGER no_seven BEFORE INSERT ON client WHEN NEW.id = 7"
                                       " BEGIN SELECT RAISE(ABORT, 'seven refused'); END"),
                     KP_OK);
    char err[512];
    kp_db_copy_report r;
    assert_int_equal(kp_db_copy(g_f.db, to, NULL, NULL, &r, err, sizeof err), KP_ECONFLICT);
    assert_non_null(strstr(err, "table main.client, row 2 (id 7): the target refused it"));
    assert_non_null(strstr(err, "seven refused"));
    kp_db_copy_report_free(&r);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM client"), 0);
    /* The migrations' own rows are back: nothing of the copy is kept. */
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM public_data_version"), 1);
    kp_store_close(to);
}

/* A client whose representative has a larger id, in a later batch (the
 * batches of client are 64 rows): refused at first, in at the end. */
static void test_forward_reference_within_a_table(void **state)
{
    (void)state;
    kp_stmt *s = NULL;
    assert_int_equal(kp_store_prepare(g_f.db,
                                      "INSERT INTO client(id, given_name, family_name, birth_date, municipality_id,"
                                      " target_group, representative_id, registered_on) VALUES (?, 'P', 'Q',"
                                      " '1980-01-01', (SELECT MIN(id) FROM municipality), 'grt', ?, '2020-01-01')",
                                      &s),
                     KP_OK);
    for (int id = 170; id >= 100; id--) {
        assert_int_equal(kp_stmt_bind_int(s, 1, id), KP_OK);
        if (id == 100)
            assert_int_equal(kp_stmt_bind_int(s, 2, 170), KP_OK);
        else
            assert_int_equal(kp_stmt_bind_null(s, 2), KP_OK);
        assert_int_equal(kp_stmt_exec(s), KP_OK);
        assert_int_equal(kp_stmt_reset(s), KP_OK);
    }
    kp_stmt_free(s);
    kp_store *to = new_target();
    char err[512];
    assert_int_equal(kp_db_copy(g_f.db, to, NULL, NULL, NULL, err, sizeof err), KP_OK);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM client"), 2 + 71);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM client WHERE id = 100 AND representative_id = 170"), 1);
    kp_store_close(to);
    assert_int_equal(kp_store_exec(g_f.db, "DELETE FROM client WHERE id >= 100 AND representative_id IS NOT NULL"),
                     KP_OK);
    assert_int_equal(kp_store_exec(g_f.db, "DELETE FROM client WHERE id >= 100"), KP_OK);
}

static void test_failed_verify_rolls_back(void **state)
{
    (void)state;
    kp_store *to = new_target();
    char err[512];
    int64_t seen = -1;
    assert_int_equal(kp_db_copy(g_f.db, to, refuse, &seen, NULL, err, sizeof err), KP_EDB);
    assert_string_equal(err, "no");
    assert_int_equal(seen, 2);
    assert_int_equal(store_test_int(to, "SELECT COUNT(*) FROM client"), 0);
    kp_store_close(to);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_types),
        cmocka_unit_test(test_tables_in_foreign_key_order),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_copy_keeps_rows_ids_and_bytes),
        cmocka_unit_test(test_refused_row_is_named_and_nothing_kept),
        cmocka_unit_test(test_forward_reference_within_a_table),
        cmocka_unit_test(test_failed_verify_rolls_back),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
