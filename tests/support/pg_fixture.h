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
/* The exit code ctest reads as "skipped" (SKIP_RETURN_CODE in CMake). */
#define PG_TEST_SKIP 77

#endif
