/* The file side of the store: opening only real Kopā databases, creating
 * owner-only files, the structure check, backup/restore/replace, and the key
 * check value (store/key_check.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "store/key_check.h"
#include "store/keyring.h"
#include "store/store.h"

static char g_dir[512];

static const char *path(const char *name)
{
    static char p[8][700];
    static int next;
    char *out = p[next++ % 8];
    snprintf(out, sizeof p[0], "%s/%s", g_dir, name);
    return out;
}

static void rm(const char *p)
{
    const char *suffixes[] = {"", "-wal", "-shm", "-journal", ".key", ".before-restore", ".live"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char q[800];
        snprintf(q, sizeof q, "%s%s", p, suffixes[i]);
        unlink(q);
    }
}

static int mode_of(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 ? (int)(sb.st_mode & 0777) : -1;
}

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s/store-files-%d", KOPA_TEST_TMP, (int)getpid());
    mkdir(g_dir, 0700);
    umask(022); /* what a careless shell gives; files must still be 0600 */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_bad_arguments(void **state)
{
    (void)state;
    kp_store *st = (kp_store *)1;
    char err[256];
    assert_int_equal(kp_store_open_existing(NULL, &st, err, sizeof err), KP_EUSAGE);
    assert_null(st);
    assert_int_equal(kp_store_create("", &st, err, sizeof err), KP_EUSAGE);
    /* A PostgreSQL URL selects that backend: no server there is unavailable. */
    assert_int_equal(kp_store_open_existing("postgresql:///y?host=/nonexistent-kopa-dir", &st, err, sizeof err),
                     KP_EUNAVAIL);
    assert_null(st);
    /* Backups are files: a PostgreSQL target is refused with what to use. */
    kp_store *db = NULL;
    assert_int_equal(kp_store_open(path("pgtarget.db"), &db, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_backup(db, "postgresql:///kopa", NULL, err, sizeof err), KP_EUSAGE);
    assert_non_null(strstr(err, "pg_dump"));
    kp_store_close(db);
    kp_store_remove(path("pgtarget.db"));
    kp_store_files none = {0};
    assert_int_equal(kp_store_replace(&none, path("x.db"), NULL, err, sizeof err), KP_EINVAL);
    assert_int_equal(kp_store_replace(NULL, path("x.db"), NULL, err, sizeof err), KP_EINVAL);
    kp_store_remove(NULL); /* nothing to do, no crash */
}

static void test_open_existing_refuses_what_is_not_a_database(void **state)
{
    (void)state;
    kp_store *st = NULL;
    char err[1024];
    const char *missing = path("missing.db");
    rm(missing);
    assert_int_equal(kp_store_open_existing(missing, &st, err, sizeof err), KP_ENOTFOUND);
    assert_non_null(strstr(err, "no database here"));
    assert_non_null(strstr(err, "kopa init"));
    assert_int_equal(access(missing, F_OK), -1); /* not created */

    const char *empty = path("empty.db");
    rm(empty);
    write_file(empty, "");
    assert_int_equal(kp_store_open_existing(empty, &st, err, sizeof err), KP_ESTATE);
    assert_non_null(strstr(err, "is an empty file (0 bytes)"));
    assert_int_equal(mode_of(empty) >= 0, 1);
    struct stat sb;
    assert_int_equal(stat(empty, &sb), 0);
    assert_int_equal(sb.st_size, 0);

    const char *text = path("text.db");
    write_file(text, "this is not a database, not at all; it is longer than a header\n");
    assert_int_equal(kp_store_open_existing(text, &st, err, sizeof err), KP_ESTATE);
    assert_non_null(strstr(err, "does not begin like an SQLite database"));

    const char *foreign = path("foreign.db");
    rm(foreign);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(foreign, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(kp_store_open_existing(foreign, &st, err, sizeof err), KP_ESTATE);
    assert_non_null(strstr(err, "another program"));
    assert_null(st);
}

static void test_create_is_owner_only_and_never_overwrites(void **state)
{
    (void)state;
    kp_store *st = NULL;
    char err[1024];
    const char *p = path("new.db");
    rm(p);
    assert_int_equal(kp_store_create(p, &st, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"), KP_OK);
    char wal[800], shm[800];
    snprintf(wal, sizeof wal, "%s-wal", p);
    snprintf(shm, sizeof shm, "%s-shm", p);
    assert_int_equal(mode_of(p), 0600);
    assert_int_equal(mode_of(wal), 0600);
    assert_int_equal(mode_of(shm), 0600);
    kp_store_close(st);

    st = NULL;
    assert_int_equal(kp_store_create(p, &st, err, sizeof err), KP_ECONFLICT);
    assert_non_null(strstr(err, "already exists"));
    assert_int_equal(kp_store_open_existing(p, &st, err, sizeof err), KP_OK);
    kp_store_close(st);

    /* A log left by a removed database of the same name is refused. */
    const char *q = path("stale.db");
    rm(q);
    char qwal[800];
    snprintf(qwal, sizeof qwal, "%s-wal", q);
    write_file(qwal, "old frames");
    st = NULL;
    assert_int_equal(kp_store_create(q, &st, err, sizeof err), KP_ECONFLICT);
    assert_non_null(strstr(err, "exists without its database"));
    assert_int_equal(access(q, F_OK), -1);
    rm(q);
}

/* A store with a key file and its recorded check value. */
static kp_store *keyed_db(const char *p, kp_keyring *k)
{
    kp_store *st = NULL;
    char err[512], key[800];
    rm(p);
    snprintf(key, sizeof key, "%s.key", p);
    assert_int_equal(kp_store_create(p, &st, err, sizeof err), KP_OK);
    assert_int_equal(kp_keyring_create(key, err, sizeof err), KP_OK);
    assert_int_equal(kp_keyring_load(key, k, err, sizeof err), KP_OK);
    assert_int_equal(mode_of(key), 0600);
    return st;
}

static void test_key_check(void **state)
{
    (void)state;
    unsetenv("KOPA_KEY_FILE");
    char err[1024];
    kp_keyring ka, kb, got;
    bool loaded = true;
    const char *a = path("a.db"), *b = path("b.db");
    kp_store *sa = keyed_db(a, &ka);
    kp_store *sb = keyed_db(b, &kb);
    assert_int_equal(kp_key_check_record(sa, &ka), KP_OK);
    assert_int_equal(kp_key_check_record(sa, &ka), KP_ECONFLICT); /* one value only */
    assert_int_equal(kp_key_check_record(sb, &kb), KP_OK);
    /* The check value is not the key, nor any subkey. */
    assert_memory_not_equal(ka.check, ka.seal_key, sizeof ka.check);
    assert_memory_not_equal(ka.check, ka.hash_key, sizeof ka.check);
    assert_memory_not_equal(ka.check, kb.check, sizeof ka.check);

    assert_int_equal(kp_key_check_load(sa, a, NULL, true, &got, &loaded, err, sizeof err), KP_OK);
    assert_true(loaded);
    assert_memory_equal(got.seal_key, ka.seal_key, sizeof got.seal_key);
    kp_keyring_wipe(&got);

    /* B's key for A: refused, naming both files. */
    char bkey[800], msg[1600];
    snprintf(bkey, sizeof bkey, "%s.key", b);
    assert_int_equal(kp_key_check_load(sa, a, bkey, false, &got, &loaded, err, sizeof err), KP_ECRYPTO);
    assert_false(loaded);
    snprintf(msg, sizeof msg, "key file %s does not belong to database %s (its check value differs)", bkey, a);
    assert_non_null(strstr(err, msg));
    setenv("KOPA_KEY_FILE", bkey, 1);
    assert_int_equal(kp_key_check_load(sa, a, NULL, true, &got, &loaded, err, sizeof err), KP_ECRYPTO);
    unsetenv("KOPA_KEY_FILE");

    /* A missing key file where a check value is recorded, even when the
     * caller does not need the key. */
    assert_int_equal(kp_key_check_load(sa, a, path("nothere.key"), false, &got, &loaded, err, sizeof err),
                     KP_ECRYPTO);
    assert_non_null(strstr(err, "is missing"));
    assert_false(loaded);

    /* A database made before check values: no key file and none needed is
     * fine; a key that cannot open a stored code is refused; its own key is
     * recorded on first use. */
    assert_int_equal(kp_store_exec(sa, "DELETE FROM key_check"), KP_OK);
    assert_int_equal(kp_key_check_load(sa, a, path("nothere.key"), false, &got, &loaded, err, sizeof err), KP_OK);
    assert_false(loaded);
    assert_int_equal(kp_key_check_load(sa, a, path("nothere.key"), true, &got, &loaded, err, sizeof err),
                     KP_ECRYPTO);
    unsigned char *sealed = NULL;
    size_t n = 0;
    assert_int_equal(kp_keyring_seal(&ka, "161175-19997", &sealed, &n), KP_OK);
    kp_stmt *s = NULL;
    assert_int_equal(kp_store_exec(sa, "PRAGMA foreign_keys=OFF"), KP_OK);
    assert_int_equal(kp_store_prepare(sa,
                                      "INSERT INTO personal_code(client_id, lookup_hash, sealed, valid_from)"
                                      " VALUES (1, x'00', ?, '2020-01-01')",
                                      &s),
                     KP_OK);
    assert_int_equal(kp_stmt_bind_blob(s, 1, sealed, n), KP_OK);
    assert_int_equal(kp_stmt_exec(s), KP_OK);
    kp_stmt_free(s);
    free(sealed);
    assert_int_equal(kp_key_check_load(sa, a, bkey, false, &got, &loaded, err, sizeof err), KP_ECRYPTO);
    assert_non_null(strstr(err, "cannot open the personal codes"));
    assert_int_equal(kp_key_check_load(sa, a, NULL, false, &got, &loaded, err, sizeof err), KP_OK);
    assert_true(loaded);
    kp_keyring_wipe(&got);
    assert_int_equal(kp_key_check_load(sa, a, bkey, false, &got, &loaded, err, sizeof err), KP_ECRYPTO);
    assert_non_null(strstr(err, "its check value differs")); /* recorded now */

    kp_keyring_wipe(&ka);
    kp_keyring_wipe(&kb);
    kp_store_close(sa);
    kp_store_close(sb);
}

static int64_t count_rows(kp_store *st)
{
    kp_stmt *s = NULL;
    bool row = false;
    int64_t n = -1;
    if (kp_store_prepare(st, "SELECT COUNT(*) FROM t", &s) == KP_OK && kp_stmt_step(s, &row) == KP_OK && row)
        n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return n;
}

static void test_backup_restore_replace(void **state)
{
    (void)state;
    char err[1024];
    const char *src = path("src.db"), *bak = path("src.bak"), *tmp = path("tmp.db"), *dst = path("dst.db");
    rm(src), rm(bak), rm(tmp), rm(dst);
    kp_store *st = NULL;
    assert_int_equal(kp_store_create(src, &st, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                       " FROM c WHERE i < 3000) INSERT INTO t SELECT randomblob(100) FROM c;"),
                     KP_OK);
    kp_store_files out;
    assert_int_equal(kp_store_backup(st, bak, &out, err, sizeof err), KP_OK);
    /* The main database and the side database `live`, each its own file. */
    assert_int_equal(out.n, 2);
    assert_string_equal(out.f[0].path, bak);
    assert_string_equal(out.f[1].schema, "live");
    char bak_live[800];
    snprintf(bak_live, sizeof bak_live, "%s.live", bak);
    assert_string_equal(out.f[1].path, bak_live);
    assert_int_equal(mode_of(bak_live), 0600);
    assert_true(out.f[0].bytes > 300000);
    assert_int_equal(mode_of(bak), 0600);
    char bwal[800];
    snprintf(bwal, sizeof bwal, "%s-wal", bak);
    assert_int_equal(access(bwal, F_OK), -1); /* one self-contained file */
    assert_int_equal(kp_store_backup(st, bak, &out, err, sizeof err), KP_ECONFLICT);
    assert_int_equal(kp_store_backup(st, src, &out, err, sizeof err), KP_ECONFLICT);
    /* Inside a transaction a backup is refused (it could not see a snapshot
     * of its own). */
    assert_int_equal(kp_store_begin(st), KP_OK);
    assert_int_equal(kp_store_backup(st, path("in-tx.bak"), &out, err, sizeof err), KP_ESTATE);
    assert_int_equal(kp_store_rollback(st), KP_OK);
    /* Later writes are not in the backup. */
    assert_int_equal(kp_store_exec(st, "INSERT INTO t VALUES (1)"), KP_OK);
    kp_store_close(st);

    kp_store *t = NULL;
    assert_int_equal(kp_store_create(tmp, &t, err, sizeof err), KP_OK);
    kp_store_files made;
    assert_int_equal(kp_store_list_files(t, &made, err, sizeof err), KP_OK);
    assert_string_equal(made.f[0].schema, "main");
    assert_int_equal(kp_store_restore_from(t, path("nothere.bak"), &out, err, sizeof err), KP_ENOTFOUND);
    assert_int_equal(kp_store_restore_from(t, bak, &out, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_check(t, false, err, sizeof err), KP_OK);
    assert_int_equal(count_rows(t), 3000);
    kp_store_close(t);

    /* Into place: a new name, then over an existing file only when told
     * where to keep it. */
    assert_int_equal(kp_store_replace(&made, dst, NULL, err, sizeof err), KP_OK);
    assert_int_equal(access(tmp, F_OK), -1);
    assert_int_equal(mode_of(dst), 0600);
    assert_int_equal(kp_store_open_existing(dst, &t, err, sizeof err), KP_OK);
    assert_int_equal(count_rows(t), 3000);
    kp_store_close(t);
    assert_int_equal(kp_store_replace(&made, src, NULL, err, sizeof err), KP_ECONFLICT);
    assert_int_equal(kp_store_create(tmp, &t, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_restore_from(t, bak, &out, err, sizeof err), KP_OK);
    kp_store_close(t);
    char kept[800];
    snprintf(kept, sizeof kept, "%s.before-restore", src);
    assert_int_equal(kp_store_replace(&made, src, kept, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_open_existing(src, &t, err, sizeof err), KP_OK);
    assert_int_equal(count_rows(t), 3000);
    kp_store_close(t);
    assert_int_equal(kp_store_open_existing(kept, &t, err, sizeof err), KP_OK);
    assert_int_equal(count_rows(t), 3001);
    kp_store_close(t);
    /* While another process has the target open, it is not replaced. */
    int go[2], ready[2];
    assert_int_equal(pipe(go), 0);
    assert_int_equal(pipe(ready), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        kp_store *c = NULL;
        char cerr[256], b = 0;
        int ok = kp_store_open_existing(kept, &c, cerr, sizeof cerr) == KP_OK && count_rows(c) == 3001;
        if (write(ready[1], ok ? "1" : "0", 1) != 1 || read(go[0], &b, 1) < 0)
            ok = 0;
        kp_store_close(c);
        _exit(ok ? 0 : 1);
    }
    char r = 0;
    assert_int_equal(read(ready[0], &r, 1), 1);
    assert_int_equal(r, '1');
    kp_store *t2 = NULL;
    assert_int_equal(kp_store_create(tmp, &t2, err, sizeof err), KP_OK);
    kp_store_close(t2);
    assert_int_equal(kp_store_replace(&made, kept, path("kept2.db"), err, sizeof err), KP_EUNAVAIL);
    assert_non_null(strstr(err, "is in use"));
    assert_int_equal(access(path("kept2.db"), F_OK), -1);
    assert_int_equal(write(go[1], "x", 1), 1);
    int wst = 0;
    assert_int_equal(waitpid(child, &wst, 0), child);
    assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    close(go[0]), close(go[1]), close(ready[0]), close(ready[1]);
    kp_store_remove(tmp);
    assert_int_equal(access(tmp, F_OK), -1);
}

static void test_check_finds_a_damaged_page(void **state)
{
    (void)state;
    char err[1024];
    const char *p = path("damaged.db");
    rm(p);
    kp_store *st = NULL;
    assert_int_equal(kp_store_create(p, &st, err, sizeof err), KP_OK);
    assert_int_equal(kp_store_exec(st, "CREATE TABLE t(x); WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                       " FROM c WHERE i < 3000) INSERT INTO t SELECT randomblob(100) FROM c;"),
                     KP_OK);
    assert_int_equal(kp_store_check(st, true, err, sizeof err), KP_OK);
    kp_store_close(st);
    int fd = open(p, O_WRONLY);
    assert_true(fd >= 0);
    char junk[4096];
    memset(junk, 'A', sizeof junk);
    assert_int_equal(pwrite(fd, junk, sizeof junk, 40 * 4096), (ssize_t)sizeof junk);
    close(fd);
    st = NULL;
    kp_rc rc = kp_store_open_existing(p, &st, err, sizeof err);
    if (rc == KP_OK) {
        assert_int_equal(kp_store_check(st, true, err, sizeof err), KP_EDB);
        assert_true(strlen(err) > 0);
        assert_null(strchr(err, '\n'));
        kp_store_close(st);
    } else {
        assert_non_null(strstr(err, "damaged"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_open_existing_refuses_what_is_not_a_database),
        cmocka_unit_test(test_create_is_owner_only_and_never_overwrites),
        cmocka_unit_test(test_key_check),
        cmocka_unit_test(test_backup_restore_replace),
        cmocka_unit_test(test_check_finds_a_damaged_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
