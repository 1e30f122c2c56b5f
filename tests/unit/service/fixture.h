/* A fresh database with the catalogues loaded, for service tests. Included
 * by each test file (each is its own program). */
#ifndef KOPA_TEST_FIXTURE_H
#define KOPA_TEST_FIXTURE_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>
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
