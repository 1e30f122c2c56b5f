/* Fresh-connection checks of a database for tests (see check_db.h). */
#include "check_db.h"
#include "faulty_vfs.h"
#include "store/store.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sqlite3 *open_plain(const char *path)
{
    sqlite3 *db = NULL;
    /* The plain VFS when the faulty one is installed, else the default. */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, faulty_vfs_base_name()) != SQLITE_OK) {
        fprintf(stderr, "check_db: cannot open %s: %s\n", path, db ? sqlite3_errmsg(db) : "no memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* A PostgreSQL database (KOPA_TEST_PG): looked at through the store, which
 * translates the SQL as for the program, on one connection kept for the
 * test's life (opening one runs the store's checks each time): opened on
 * first use and again for another URL, closed by check_db_close, which
 * runs at exit. Outside a transaction each statement sees every commit
 * made before it, as a fresh connection would. A forked process opens its
 * own and leaves its parent's alone. */
static bool is_url(const char *path) { return strncmp(path, "postgres", 8) == 0; }

static struct {
    pthread_mutex_t mu;
    kp_store *st;
    char url[1024];
    pid_t pid;
    bool at_exit;
} g_pg = {.mu = PTHREAD_MUTEX_INITIALIZER};

static void pg_forget(void)
{
    if (g_pg.st && g_pg.pid == getpid())
        kp_store_close(g_pg.st);
    g_pg.st = NULL;
    g_pg.url[0] = '\0';
}

void check_db_close(void)
{
    pthread_mutex_lock(&g_pg.mu);
    pg_forget();
    pthread_mutex_unlock(&g_pg.mu);
}

/* The kept connection to `url` (g_pg.mu held), or NULL. */
static kp_store *pg_store_for(const char *url)
{
    if (g_pg.st && (g_pg.pid != getpid() || strcmp(g_pg.url, url) != 0))
        pg_forget();
    if (g_pg.st)
        return g_pg.st;
    char err[256] = "";
    if (kp_store_open_existing(url, &g_pg.st, err, sizeof err) != KP_OK) {
        fprintf(stderr, "check_db: cannot open %s: %s\n", url, err);
        g_pg.st = NULL;
        return NULL;
    }
    snprintf(g_pg.url, sizeof g_pg.url, "%s", url);
    g_pg.pid = getpid();
    if (!g_pg.at_exit)
        g_pg.at_exit = atexit(check_db_close) == 0;
    return g_pg.st;
}

/* One query on the kept connection; KP_OK with *v, or the failure with
 * its message in err. */
static kp_rc pg_query(kp_store *st, const char *sql, const char *arg, int64_t *v, char *err, size_t errlen)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, sql, &s);
    if (!rc && arg)
        rc = kp_stmt_bind_text(s, 1, arg);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        *v = kp_stmt_int(s, 0);
    else
        snprintf(err, errlen, "%s", kp_store_errmsg(st));
    kp_stmt_free(s);
    return rc;
}

static int64_t url_int_text(const char *path, const char *sql, const char *arg)
{
    /* The side database ("<path>.live" in SQLite) is the schema live of
     * the same PostgreSQL database, on its search path. */
    char url[1024];
    snprintf(url, sizeof url, "%s", path);
    size_t n = strlen(url);
    if (n > 5 && strcmp(url + n - 5, ".live") == 0)
        url[n - 5] = '\0';
    int64_t v = -1;
    char err[512] = "";
    pthread_mutex_lock(&g_pg.mu);
    kp_store *st = pg_store_for(url);
    kp_rc rc = st ? pg_query(st, sql, arg, &v, err, sizeof err) : KP_EUNAVAIL;
    if (rc == KP_EUNAVAIL && st) {
        /* The kept connection is gone (a database dropped and made anew
         * under the same name ends its connections): once more on a new
         * one. */
        pg_forget();
        st = pg_store_for(url);
        rc = st ? pg_query(st, sql, arg, &v, err, sizeof err) : KP_EUNAVAIL;
    }
    pthread_mutex_unlock(&g_pg.mu);
    if (rc) {
        if (st)
            fprintf(stderr, "check_db: %s: %s\n", sql, err);
        v = -1;
    }
    return v;
}

static bool integrity_of(const char *path, char *why, size_t whylen)
{
    snprintf(why, whylen, "cannot open %s", path);
    sqlite3 *db = open_plain(path);
    if (!db)
        return false;
    sqlite3_stmt *s = NULL;
    bool ok = false;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        snprintf(why, whylen, "%s", t ? t : "(null)");
        ok = t && strcmp(t, "ok") == 0 && sqlite3_step(s) == SQLITE_DONE;
    } else {
        snprintf(why, whylen, "%s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return ok;
}

bool check_db_integrity(const char *path, char *why, size_t whylen)
{
    if (is_url(path)) {
        /* PostgreSQL checks its own pages; what is left to see is that a
         * fresh connection reads the records. */
        snprintf(why, whylen, "cannot read %s", path);
        return url_int_text(path, "SELECT COUNT(*) FROM schema_migration", NULL) > 0;
    }
    if (!integrity_of(path, why, whylen))
        return false;
    /* The side database (sessions, drafts, the access log), when there is one. */
    char side[1024];
    snprintf(side, sizeof side, "%s.live", path);
    return access(side, F_OK) != 0 || integrity_of(side, why, whylen);
}

int64_t check_db_int_text(const char *path, const char *sql, const char *arg)
{
    if (is_url(path))
        return url_int_text(path, sql, arg);
    sqlite3 *db = open_plain(path);
    if (!db)
        return -1;
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
        (!arg || sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT) == SQLITE_OK) && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    else
        fprintf(stderr, "check_db: %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

int64_t check_db_int(const char *path, const char *sql) { return check_db_int_text(path, sql, NULL); }

void check_db_remove(const char *path)
{
    static const char *const SUFFIX[] = {"",      "-wal",      "-shm",      "-journal",      ".key",
                                         ".live", ".live-wal", ".live-shm", ".live-journal"};
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
        unlink(p);
    }
}
