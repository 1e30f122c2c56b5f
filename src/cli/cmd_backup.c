/* kopa backup: a verified copy of a database in use, without its key. */
#include "cli/cli.h"
#include "store/keyring.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void help(void)
{
    printf("usage: kopa backup --db FILE --out BACKUP\n\n"
           "Copies the database FILE into the new file BACKUP while kopa serve and other\n"
           "commands go on using and writing it: SQLite's online backup of one\n"
           "consistent snapshot (the records as they stood when the copy began),\n"
           "copied in small steps; writers never wait for it. A side database that\n"
           "the store attaches (schema S) is copied too, as BACKUP.S. Each copy is\n"
           "created with mode 0600, synced to disk and checked with\n"
           "PRAGMA integrity_check; its size is printed. BACKUP must not exist.\n\n"
           "The key file is NOT copied. A backup cannot be read without its key, and\n"
           "a key kept beside its backups protects nothing: keep a copy of the key\n"
           "file with your backups, but in a separate place. Put a backup back with\n"
           "kopa restore.\n\n"
           "Exit status: 0 written and verified, 1 refused or failed (nothing is left\n"
           "behind), 2 wrong usage.\n\n"
           KP_CLI_CONFIG_HELP);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int kp_cmd_backup(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"out", false, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("backup", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db");
    const char *out = kp_cli_get(opts, n, "out");
    if (!db || !out) {
        fprintf(stderr, "kopa backup: --db FILE and --out BACKUP are required (see kopa backup --help)\n");
        return 2;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* Copying needs no key: a backup can be taken even when the key is away. */
    kp_cli_db h;
    if (kp_cli_open_without_key(db, &h))
        return 1;
    kp_store_files files;
    char err[1024];
    kp_rc rc = kp_store_backup(h.store, out, &files, err, sizeof err);
    kp_cli_close(&h);
    if (rc) {
        fprintf(stderr, "kopa backup: %s\n", err);
        return 1;
    }
    double secs = seconds_since(&t0);
    for (size_t i = 0; i < files.n; i++)
        printf("backup written: %s (%lld bytes, %s database, integrity_check ok)\n", files.f[i].path,
               (long long)files.f[i].bytes, files.f[i].schema);
    printf("took %.2f s\n", secs);
    char *kpath = kp_keyring_path_for(db);
    printf("the key file %s was not copied: keep a copy of it with your backups, but in a separate place\n"
           "(kopa restore needs it; without it the personal codes in the backup cannot be read)\n",
           kpath);
    free(kpath);
    return 0;
}
