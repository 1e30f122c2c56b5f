/* Small cmocka helpers for tests that talk to a store directly: open one,
 * run a statement that must succeed, read one number. Header-only (static
 * inline) because they assert with cmocka, which the support library does
 * not link; include after <cmocka.h>. */
#ifndef KOPA_TESTS_STORE_TEST_H
#define KOPA_TESTS_STORE_TEST_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "store/store.h"

/* Opens (creating and migrating) the database at uri: a path or a
 * postgresql:// URL. */
static inline kp_store *store_test_open(const char *uri)
{
    kp_store *st = NULL;
    char err[512] = "";
    kp_rc rc = kp_store_open(uri, &st, err, sizeof err);
    if (rc)
        fprintf(stderr, "open: %s\n", err);
    assert_int_equal(rc, KP_OK);
    return st;
}

/* Runs SQL without parameters that must succeed (the backend's message on
 * stderr when it does not). */
static inline void store_test_exec(kp_store *st, const char *sql)
{
    kp_rc rc = kp_store_exec(st, sql);
    if (rc)
        fprintf(stderr, "%s: %s\n", sql, kp_store_errmsg(st));
    assert_int_equal(rc, KP_OK);
}

/* The first column of the first row of sql, which must return one. */
static inline int64_t store_test_int(kp_store *st, const char *sql)
{
    kp_stmt *s = NULL;
    bool row = false;
    assert_int_equal(kp_store_prepare(st, sql, &s), KP_OK);
    assert_int_equal(kp_stmt_step(s, &row), KP_OK);
    assert_true(row);
    int64_t n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return n;
}

#endif
