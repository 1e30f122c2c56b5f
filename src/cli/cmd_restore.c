/* kopa restore: a backup checked, then moved into place atomically. */
#include "cli/cli.h"
#include "service/transfer/catalogue.h"
#include "store/key_check.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: kopa restore --from BACKUP --db FILE [--key KEYFILE] [--force]\n\n"
           "Puts BACKUP (made by kopa backup; BACKUP.S too for a side database S) in\n"
           "place of the database FILE. First BACKUP is copied into a new file next to\n"
           "FILE and checked there: PRAGMA integrity_check, and that the key file\n"
           "belongs to it (the check value the database records). Only then is the copy\n"
           "synced and renamed to FILE, in one step; stale FILE-wal and FILE-shm are\n"
           "removed. BACKUP itself is only read.\n\n"
           "  --key KEYFILE  the key file kept with the backups (default: FILE's own,\n"
           "                 FILE.key or $KOPA_KEY_FILE); when FILE has no key file\n"
           "                 yet, KEYFILE is copied there (mode 0600)\n"
           "  --force        replace an existing FILE; it is kept as\n"
           "                 FILE.before-restore (refused while kopa serve has it open)\n\n"
           "Without --force an existing FILE is never touched.\n\n"
           "Exit status: 0 restored, 1 refused or failed (FILE is as it was), 2 wrong\n"
           "usage.\n\n"
           KP_CLI_CONFIG_HELP);
}

/* Copies the key file to a new owner-only file; refuses an existing one. */
static int copy_key(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[256];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    if (n < 0 || fchmod(out, 0600) != 0 || fsync(out) != 0)
        rc = -1;
    memset(buf, 0, sizeof buf);
    close(in);
    if (close(out) != 0)
        rc = -1;
    if (rc)
        unlink(to);
    return rc;
}

int kp_cmd_restore(int argc, char **argv)
{
    kp_opt opts[] = {{"from", false, NULL}, {"db", false, NULL}, {"key", false, NULL}, {"force", true, NULL},
                     {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("restore", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *from = kp_cli_get(opts, n, "from");
    const char *db = kp_cli_get(opts, n, "db");
    const char *key_opt = kp_cli_get(opts, n, "key");
    bool force = kp_cli_get(opts, n, "force") != NULL;
    if (!from || !db) {
        fprintf(stderr, "kopa restore: --from BACKUP and --db FILE are required (see kopa restore --help)\n");
        return 2;
    }
    if (strcmp(from, db) == 0) {
        fprintf(stderr, "kopa restore: --from and --db name the same file\n");
        return 2;
    }
    struct stat sb;
    if (kp_cli_refuse_foreign_owner(db, lstat(db, &sb) != 0))
        return 1;
    if (!force && lstat(db, &sb) == 0) {
        fprintf(stderr,
                "kopa restore: %s exists; a restore never overwrites a database. Give a new --db, or --force to "
                "replace it (the old one is kept as %s.before-restore)\n",
                db, db);
        return 1;
    }
    size_t dlen = strlen(db);
    char *own_key = kp_keyring_path_for(db);
    const char *key = key_opt ? key_opt : own_key;
    char *tmp = malloc(dlen + 32), *kept = malloc(dlen + 32);
    if (!tmp || !kept) {
        fprintf(stderr, "kopa restore: out of memory\n");
        abort();
    }
    snprintf(tmp, dlen + 32, "%s.restoring-%ld", db, (long)getpid());
    snprintf(kept, dlen + 32, "%s.before-restore", db);
    int status = 1;
    bool key_copied = false;
    kp_store *st = NULL;
    kp_store_files files = {0}, made = {0};
    char err[1024];
    kp_keyring keys;
    bool loaded = false, had_old = false;
    kp_ctx ctx;
    if (access(key, F_OK) != 0) {
        fprintf(stderr, "kopa restore: no key file %s; give the key file kept with the backups: --key FILE\n", key);
        goto out;
    }
    if (lstat(from, &sb) != 0) {
        fprintf(stderr, "kopa restore: backup %s: %s\n", from, strerror(errno));
        goto out;
    }
    /* The copy is made and checked beside FILE, so that putting it in place
     * is one rename on the same file system. */
    if (kp_store_create(tmp, &st, err, sizeof err)) {
        fprintf(stderr, "kopa restore: %s\n", err);
        goto out;
    }
    if (kp_store_list_files(st, &made, err, sizeof err)) {
        fprintf(stderr, "kopa restore: %s\n", err);
        goto out;
    }
    if (kp_store_restore_from(st, from, &files, err, sizeof err)) {
        fprintf(stderr, "kopa restore: %s; nothing was restored\n", err);
        goto out;
    }
    kp_store_close(st);
    st = NULL;
    /* Reopened as any database is: an older backup gets its migrations. */
    if (kp_store_open_existing(tmp, &st, err, sizeof err)) {
        fprintf(stderr, "kopa restore: backup %s cannot be used: %s; nothing was restored\n", from, err);
        goto out;
    }
    if (kp_store_check(st, false, err, sizeof err)) {
        fprintf(stderr,
                "kopa restore: backup %s is damaged (integrity_check: %s); nothing was restored: use an older "
                "backup\n",
                from, err);
        goto out;
    }
    ctx = (kp_ctx){.db = st, .role = KP_ROLE_SYSTEM, .actor = "cli", .lang = "en"};
    kp_ctx_set_now(&ctx);
    if (!kp_catalogue_loaded(&ctx)) {
        fprintf(stderr, "kopa restore: backup %s holds no initialised Kopā database; nothing was restored\n", from);
        goto out;
    }
    if (kp_key_check_load(st, from, key, true, &keys, &loaded, err, sizeof err)) {
        fprintf(stderr, "kopa restore: %s; nothing was restored\n", err);
        goto out;
    }
    /* FILE's own key file, when another was given and it exists, is the one
     * every later command will use: it must belong too. */
    if (key_opt && strcmp(key_opt, own_key) != 0 && access(own_key, F_OK) == 0) {
        kp_keyring other;
        bool other_loaded = false;
        if (kp_key_check_load(st, from, own_key, true, &other, &other_loaded, err, sizeof err)) {
            fprintf(stderr,
                    "kopa restore: %s; it is the key file that %s would be used with: move it away, or restore "
                    "to another --db; nothing was restored\n",
                    err, db);
            goto out;
        }
        kp_keyring_wipe(&other);
    }
    kp_store_close(st);
    st = NULL;
    if (key_opt && strcmp(key_opt, own_key) != 0 && access(own_key, F_OK) != 0) {
        if (copy_key(key_opt, own_key) != 0) {
            fprintf(stderr, "kopa restore: cannot copy the key file %s to %s: %s\n", key_opt, own_key,
                    strerror(errno));
            goto out;
        }
        key_copied = true;
    }
    had_old = lstat(db, &sb) == 0;
    if (kp_store_replace(&made, db, force ? kept : NULL, err, sizeof err)) {
        fprintf(stderr, "kopa restore: %s; nothing was restored\n", err);
        goto out;
    }
    status = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *sep = i ? "." : "", *schema = i ? files.f[i].schema : "";
        if (files.f[i].bytes >= 0)
            printf("restored the %s database from %s%s%s (%lld bytes; integrity_check ok)\n", files.f[i].schema, from,
                   sep, schema, (long long)files.f[i].bytes);
        else
            printf("the backup has no %s%s%s: the %s database starts empty\n", from, sep, schema, files.f[i].schema);
    }
    printf("%s is in place; key file %s belongs to it\n", db, key_copied ? own_key : key);
    if (key_copied)
        printf("the key file %s was copied to %s (mode 0600)\n", key_opt, own_key);
    if (had_old)
        printf("the previous database is kept as %s (remove it when no longer needed)\n", kept);
out:
    if (loaded)
        kp_keyring_wipe(&keys);
    if (st)
        kp_store_close(st);
    if (status) {
        kp_store_remove(tmp);
        if (key_copied)
            unlink(own_key);
    }
    free(tmp);
    free(kept);
    free(own_key);
    return status;
}
