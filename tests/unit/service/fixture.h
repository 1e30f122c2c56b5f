/* A fresh database with the catalogues loaded, for service tests. Included
 * by each test file (each is its own program). */
#ifndef KOPA_TEST_FIXTURE_H
#define KOPA_TEST_FIXTURE_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "demo/demo.h"
#include "service/transfer/catalogue.h"
#include "service/ctx.h"
#include "store/keyring.h"
#include "pg_fixture.h"

typedef struct fixture {
    kp_store *db;
    kp_keyring keys;
    kp_ctx ctx;
    char path[512];
    /* The database: path, or with KOPA_TEST_PG a fresh PostgreSQL
     * database's URL (pg_fixture.h). */
    char uri[1024];
} fixture;

static int fixture_open(fixture *f, const char *name)
{
    memset(f, 0, sizeof *f);
    char err[256], key[600];
    snprintf(f->path, sizeof f->path, "%s/%s-%d.db", KOPA_TEST_TMP, name, (int)getpid());
    snprintf(key, sizeof key, "%s.key", f->path);
    kp_store_remove(f->path);
    unlink(key);
    snprintf(f->uri, sizeof f->uri, "%s", f->path);
    if (pg_test_cluster() && pg_test_create(name, f->uri, sizeof f->uri))
        return -1;
    if (kp_store_open(f->uri, &f->db, err, sizeof err) || kp_keyring_create(key, err, sizeof err) ||
        kp_keyring_load(key, &f->keys, err, sizeof err)) {
        fprintf(stderr, "fixture: %s\n", err);
        return -1;
    }
    f->ctx = (kp_ctx){.db = f->db, .keys = &f->keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = "lv"};
    snprintf(f->ctx.now, sizeof f->ctx.now, "2021-09-01T10:00:00Z");
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_catalogue_load(&f->ctx, KOPA_DEFAULT_DATA_DIR, &e);
    if (!rc)
        rc = kp_store_sync_ids(f->db); /* the catalogues give their ids */
    for (size_t i = 0; i < e.n; i++)
        fprintf(stderr, "fixture: %s:%ld %s %s\n", e.items[i].file, e.items[i].line, e.items[i].field, e.items[i].message);
    kp_errors_free(&e);
    return rc ? -1 : 0;
}

/* The Zemgale demo in a fresh database, the context's clock at `now` and its
 * language `lang`: on SQLite fixture_open and kp_demo_build on that context
 * (actor "test"); on PostgreSQL, where building it takes most of a test's
 * time, a copy of the demo template that `kopa demo` built once for the
 * cluster (pg_test_demo, which says how that demo differs: its audit and
 * chapters are by "demo" at 2022-01-15T09:00:00Z; it has the demo accounts
 * and their caseloads). */
static inline int fixture_open_demo(fixture *f, const char *name, const char *now, const char *lang)
{
    char figures[600];
    snprintf(figures, sizeof figures, "%s/demo/zemgale-2021.json", KOPA_DEFAULT_DATA_DIR);
    if (!pg_test_cluster()) {
        if (fixture_open(f, name))
            return -1;
        snprintf(f->ctx.now, sizeof f->ctx.now, "%s", now);
        f->ctx.lang = lang;
        kp_errors e;
        kp_errors_init(&e);
        kp_rc rc = kp_demo_build(&f->ctx, figures, &e);
        for (size_t i = 0; rc && i < e.n; i++)
            fprintf(stderr, "demo: %s %s\n", e.items[i].field, e.items[i].message);
        kp_errors_free(&e);
        return rc ? -1 : 0;
    }
    memset(f, 0, sizeof *f);
    char err[256], key[600];
    snprintf(f->path, sizeof f->path, "%s/%s-%d.db", KOPA_TEST_TMP, name, (int)getpid());
    snprintf(key, sizeof key, "%s.key", f->path);
    if (pg_test_demo(name, key, f->uri, sizeof f->uri))
        return -1;
    if (kp_store_open(f->uri, &f->db, err, sizeof err) || kp_keyring_load(key, &f->keys, err, sizeof err)) {
        fprintf(stderr, "fixture: %s\n", err);
        return -1;
    }
    f->ctx = (kp_ctx){.db = f->db, .keys = &f->keys, .role = KP_ROLE_SYSTEM, .actor = "test", .lang = lang};
    snprintf(f->ctx.now, sizeof f->ctx.now, "%s", now);
    return 0;
}

static void fixture_close(fixture *f)
{
    char key[600];
    snprintf(key, sizeof key, "%s.key", f->path);
    kp_store_close(f->db);
    kp_keyring_wipe(&f->keys);
    kp_store_remove(f->path);
    if (pg_test_cluster())
        pg_test_drop(f->uri);
    unlink(key);
}

#endif
