/* Looking at a database the way the next run of the program would: a fresh
 * connection through the plain VFS (no injected faults), for tests. `path`
 * may also be a postgresql:// URL (KOPA_TEST_PG): then through the store,
 * on one connection kept for the test's life (see check_db_close). */
#ifndef KOPA_TESTS_CHECK_DB_H
#define KOPA_TESTS_CHECK_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Runs PRAGMA integrity_check on a fresh connection to `path` without the
 * faulty VFS, and on its side database `path`.live when there is one; true
 * when each answers exactly "ok". On false, `why` holds the first message. */
bool check_db_integrity(const char *path, char *why, size_t whylen);
/* The first column of the first row of `sql` (no parameters) as an integer,
 * on a fresh connection without faults; -1 when the query fails. */
int64_t check_db_int(const char *path, const char *sql);
/* Same with one text parameter bound to ?1. */
int64_t check_db_int_text(const char *path, const char *sql, const char *arg);
/* Closes the connection kept to a PostgreSQL database (runs at exit; call
 * it before dropping that database). Nothing to do otherwise. */
void check_db_close(void);
/* Deletes the database file, its -wal, -shm, -journal and .key files and
 * its side database `.live` with its own. */
void check_db_remove(const char *path);

#endif
