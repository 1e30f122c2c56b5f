/* kopa migrate: moves a database from its SQLite file into a new PostgreSQL
 * database, and verifies the copy. */
#include "cli/cli.h"
#include "store/store_copy.h"
#include "store/keyring.h"
#include <stdio.h>
#include <stdlib.h>

static void help(void)
{
    printf("usage: kopa migrate --from FILE.db --to postgresql://…\n\n"
           "Copies every table of the SQLite database FILE.db (and its side database\n"
           "FILE.db.live: sessions, drafts, access records) into the PostgreSQL database\n"
           "the URL names, which must be empty: Kopā's tables are created there first by\n"
           "the same migrations. Rows keep their ids; the id sequences are moved past\n"
           "them; then the number of rows of every table is compared on both sides and\n"
           "any difference undoes the whole copy. Stop kopa serve on FILE.db first.\n\n"
           "The copy is read with the key file of FILE.db: keep using that key file with\n"
           "the new database (KOPA_KEY_FILE or the configuration file's key-file).\n\n"
           "Exit status: 0 copied and verified, 1 refused or failed (nothing kept),\n"
           "2 wrong usage.\n");
}

int kp_cmd_migrate(int argc, char **argv)
{
    kp_opt opts[] = {{"from", false, NULL}, {"to", false, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("migrate", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *from = kp_cli_get(opts, n, "from"), *to = kp_cli_get(opts, n, "to");
    if (!from || !to) {
        fprintf(stderr, "kopa migrate: --from FILE.db and --to postgresql://… are both required\n");
        return 2;
    }
    char err[1024];
    kp_store *src = NULL, *dst = NULL;
    kp_rc rc = kp_store_open_existing(from, &src, err, sizeof err);
    if (rc) {
        fprintf(stderr, "kopa migrate: %s\n", err);
        return 1;
    }
    rc = kp_store_create(to, &dst, err, sizeof err);
    if (rc) {
        fprintf(stderr, "kopa migrate: %s\n", err);
        kp_store_close(src);
        return 1;
    }
    kp_store_copy_report *rep = calloc(1, sizeof *rep);
    if (!rep)
        abort();
    rc = kp_store_copy(src, dst, rep, err, sizeof err);
    kp_store_close(dst);
    kp_store_close(src);
    if (rc) {
        fprintf(stderr, "kopa migrate: %s; nothing was kept in the target (its empty tables stay)\n", err);
        free(rep);
        return 1;
    }
    int64_t rows = 0;
    for (size_t i = 0; i < rep->n; i++)
        rows += rep->t[i].rows;
    char *kpath = kp_keyring_path_for(from);
    printf("kopa migrate: %zu tables, %lld rows copied and counted again on both sides; use the key file %s with "
           "the new database\n",
           rep->n, (long long)rows, kpath);
    free(kpath);
    free(rep);
    return 0;
}
