/* Tests on PostgreSQL: when KOPA_TEST_PG holds a cluster's URL (make
 * check-pg starts one with scripts/pg-test-cluster), each test gets a
 * database of its own, created fresh and dropped at the end. */
#ifndef KOPA_TESTS_PG_FIXTURE_H
#define KOPA_TESTS_PG_FIXTURE_H
#include <stdbool.h>
#include <stddef.h>

/* The cluster's URL from KOPA_TEST_PG, or NULL when the tests run on SQLite. */
const char *pg_test_cluster(void);
/* Creates an empty database named after `name` and this process (any
 * earlier one of that name dropped) and writes its URL into url. 0 on
 * success; -1 with a message on stderr. */
int pg_test_create(const char *name, char *url, size_t urllen);
/* Drops the database whose URL pg_test_create gave (closing its other
 * connections). */
void pg_test_drop(const char *url);
/* A fresh copy of the Zemgale demo, as `kopa demo` builds it, named after
 * `name` and this process like pg_test_create's database: CREATE DATABASE
 * … TEMPLATE of the demo template the shell tests copy (db_demo_template in
 * tests/support/db.sh, which this runs, so that the template has one name,
 * one lock and one way of being built for both: by the first test that asks,
 * or by ctest's fixture kopa_pg_demo first). Writes the copy's URL into url
 * and the template's key file (the key of its personal codes) to key_path
 * (mode 600, any earlier file replaced). 0 on success; -1 with a message on
 * stderr. The demo differs from kp_demo_build on a test's context in what
 * `kopa demo` adds and stamps: its audit records and evaluation chapters are
 * by "demo" at 2022-01-15T09:00:00Z, the catalogues were loaded by "cli" at
 * the time of building, and it has the demo accounts (password
 * demo-test-pass-4821) with a caseload of 40 clients each. */
int pg_test_demo(const char *name, const char *key_path, char *url, size_t urllen);
/* The exit code ctest reads as "skipped" (SKIP_RETURN_CODE in CMake). */
#define PG_TEST_SKIP 77

#endif
