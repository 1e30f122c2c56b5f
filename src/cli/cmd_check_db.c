/* kopa check-db: is the database sound, and is its key file the right one? */
#include "cli/cli.h"
#include "store/keyring.h"
#include <stdio.h>
#include <stdlib.h>

static void help(void)
{
    printf("usage: kopa check-db --db FILE [--quick]\n\n"
           "Checks the database FILE: its structure with PRAGMA integrity_check (every\n"
           "page, b-tree and index entry; --quick runs quick_check, faster, without\n"
           "comparing indexes to their tables), and that its key file is the one made\n"
           "with it (the check value the database records). It can run while kopa serve\n"
           "uses the database.\n\n"
           "Exit status: 0 sound, 1 damaged or refused (the message says what to do),\n"
           "2 wrong usage.\n\n"
           KP_CLI_CONFIG_HELP);
}

int kp_cmd_check_db(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"quick", true, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("check-db", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db");
    if (!db) {
        fprintf(stderr, "kopa check-db: --db FILE is required\n");
        return 2;
    }
    bool quick = kp_cli_get(opts, n, "quick") != NULL;
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    char err[1024];
    kp_rc rc = kp_store_check(h.store, quick, err, sizeof err);
    bool keyed = h.have_keys;
    kp_cli_close(&h);
    if (rc) {
        fprintf(stderr,
                "kopa check-db: database %s is damaged (%s: %s); stop using it and restore the last good backup: "
                "kopa restore --from BACKUP --db %s --force\n",
                db, quick ? "quick_check" : "integrity_check", err, db);
        return 1;
    }
    char *kpath = kp_keyring_path_for(db);
    printf("%s: %s ok; key file %s %s\n", db, quick ? "quick_check" : "integrity_check", kpath,
           keyed ? "belongs to it" : "is absent (and the database records no key yet)");
    free(kpath);
    return 0;
}
