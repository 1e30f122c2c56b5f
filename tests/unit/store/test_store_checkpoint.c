/* Checkpoints of the side database's log taken off the committing
 * connection (issue 10: the access writer synced the log and the file in the
 * middle of a group commit, several times a second under load). A
 * connection told kp_store_manual_checkpoints commits past SQLite's
 * 1 000-page mark without copying the log into the side file; another
 * connection's kp_store_checkpoint_side copies it; a connection left as it
 * was still checkpoints by itself. Seen from the side file's size: the rows
 * reach it only through a checkpoint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"
#include "store_test.h"

static char g_path[512], g_live[520];

static int setup(void **state)
{
    (void)state;
    snprintf(g_path, sizeof g_path, "%s/test_store_checkpoint-%d.db", KOPA_TEST_TMP, (int)getpid());
    snprintf(g_live, sizeof g_live, "%s.live", g_path);
    kp_store_remove(g_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    kp_store_remove(g_path);
    return 0;
}

static long long side_file_size(void)
{
    struct stat sb;
    assert_int_equal(stat(g_live, &sb), 0);
    return (long long)sb.st_size;
}

/* About 6 MB of access records (1 500 pages of 4 KiB) in one side
 * transaction: past the 1 000 pages at which SQLite checkpoints. */
static void write_six_megabytes(kp_store *st)
{
    assert_int_equal(kp_store_begin_side(st), KP_OK);
    store_test_exec(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)"
                        " INSERT INTO access_record(at, actor, role, action, entity, detail)"
                        " SELECT 't', 'a', 'r', 'view', 'client', printf('%.4000c', 'x') FROM n");
    assert_int_equal(kp_store_commit(st), KP_OK);
}

static void test_manual_checkpoints(void **state)
{
    (void)state;
    kp_store *writer = store_test_open(g_path);
    kp_store *sweeper = store_test_open(g_path);
    long long empty = side_file_size();
    assert_true(empty < 1000000);

    kp_store_manual_checkpoints(writer);
    write_six_megabytes(writer);
    /* Committed (another connection reads it), not copied into the file. */
    assert_int_equal(store_test_int(sweeper, "SELECT COUNT(*) FROM access_record"), 1500);
    assert_int_equal(side_file_size(), empty);

    assert_int_equal(kp_store_checkpoint_side(sweeper), KP_OK);
    assert_true(side_file_size() > 5000000);
    assert_int_equal(store_test_int(writer, "SELECT COUNT(*) FROM access_record"), 1500);
    kp_store_close(sweeper);
    kp_store_close(writer);
}

static void test_default_still_checkpoints(void **state)
{
    (void)state;
    kp_store *st = store_test_open(g_path);
    long long empty = side_file_size();
    write_six_megabytes(st);
    assert_true(side_file_size() > empty + 5000000);
    kp_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_manual_checkpoints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_default_still_checkpoints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
