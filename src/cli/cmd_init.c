/* kopa init: a new database, its key file, and the catalogues. */
#include "cli/cli.h"
#include "cli/init_db.h"
#include "service/transfer/catalogue.h"
#include "store/key_check.h"
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: kopa init --db FILE [--data DIR]\n\n"
           "Creates the database FILE with its schema, a new key file FILE.key (mode 0600,\n"
           "or $KOPA_KEY_FILE) that protects personal codes, and loads the catalogues\n"
           "(regions, municipalities, target groups, service types, rules, unit costs)\n"
           "from DIR (default: $KOPA_DATA_DIR or the installed data/ folder).\n"
           "The files are readable by their owner only (mode 0600). The database\n"
           "records a check value of its key, so a key file of another database is\n"
           "refused by every command. Keep the key file: without it personal codes\n"
           "cannot be read. FILE must not exist yet (not even as an empty file).\n\n"
           KP_CLI_CONFIG_HELP);
}

int kp_init_db(const char *db, const char *data_dir, kp_cli_db *out)
{
    if (kp_cli_refuse_foreign_owner(db, true))
        return 1;
    struct stat sb;
    if (lstat(db, &sb) == 0) {
        fprintf(stderr, "kopa: %s already exists; choose a new file (kopa init never overwrites a file%s)\n", db,
                sb.st_size == 0 ? ", even an empty one" : "");
        return 1;
    }
    char *kpath = kp_keyring_path_for(db);
    char err[512];
    if (access(kpath, F_OK) == 0) {
        fprintf(stderr, "kopa: key file %s already exists but its database does not; move the old key away first\n",
                kpath);
        free(kpath);
        return 1;
    }
    memset(out, 0, sizeof *out);
    int status = 1;
    bool key_made = false;
    if (kp_store_create(db, &out->store, err, sizeof err)) {
        fprintf(stderr, "kopa: %s\n", err);
        goto fail;
    }
    if (kp_keyring_create(kpath, err, sizeof err)) {
        fprintf(stderr, "kopa: %s\n", err);
        goto fail;
    }
    key_made = true;
    if (kp_keyring_load(kpath, &out->keys, err, sizeof err)) {
        fprintf(stderr, "kopa: %s\n", err);
        goto fail;
    }
    out->have_keys = true;
    if (kp_key_check_record(out->store, &out->keys)) {
        fprintf(stderr, "kopa: cannot record the key check value in %s\n", db);
        goto fail;
    }
    out->ctx.db = out->store;
    out->ctx.keys = &out->keys;
    out->ctx.role = KP_ROLE_SYSTEM;
    out->ctx.actor = "cli";
    out->ctx.lang = "en";
    kp_ctx_set_now(&out->ctx);
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_catalogue_load(&out->ctx, data_dir, &e);
    if (rc) {
        fprintf(stderr, "kopa: the catalogues in %s could not be loaded; nothing was created:\n", data_dir);
        kp_cli_print_errors(&e);
        if (!e.n)
            fprintf(stderr, "kopa: %s\n", kp_strerror(rc));
        kp_errors_free(&e);
        goto fail;
    }
    kp_errors_free(&e);
    status = 0;
fail:
    if (status) {
        bool made = out->store != NULL;
        kp_cli_close(out);
        if (made)
            kp_store_remove(db);
        if (key_made)
            unlink(kpath);
    }
    free(kpath);
    return status;
}

int kp_cmd_init(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"data", false, NULL}, {"help", true, NULL}};
    if (kp_cli_parse("init", argc, argv, opts, 3))
        return 2;
    if (kp_cli_get(opts, 3, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, 3, "db");
    if (!db) {
        fprintf(stderr, "kopa init: --db FILE is required\n");
        return 2;
    }
    const char *data = kp_cli_get(opts, 3, "data");
    kp_cli_db h;
    int status = kp_init_db(db, data ? data : kp_catalogue_dir(), &h);
    if (status)
        return status;
    char *kpath = kp_keyring_path_for(db);
    printf("created %s (key: %s)\n", db, kpath);
    free(kpath);
    kp_cli_close(&h);
    return 0;
}
