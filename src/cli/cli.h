/* Shared pieces of the `kopa` subcommands: option parsing, opening the
 * database with its key, printing validation errors. */
#ifndef KOPA_CLI_CLI_H
#define KOPA_CLI_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "service/ctx.h"
#include "service/errors.h"

typedef struct kp_cli_cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} kp_cli_cmd;

/* Subcommands, one file each. Each returns the process exit status. */
int kp_cmd_init(int argc, char **argv);
int kp_cmd_demo(int argc, char **argv);
int kp_cmd_import(int argc, char **argv);
int kp_cmd_export(int argc, char **argv);
int kp_cmd_report(int argc, char **argv);
int kp_cmd_serve(int argc, char **argv);
int kp_cmd_user(int argc, char **argv);
int kp_cmd_document(int argc, char **argv);
int kp_cmd_claim(int argc, char **argv);
int kp_cmd_backup(int argc, char **argv);
int kp_cmd_restore(int argc, char **argv);
int kp_cmd_migrate(int argc, char **argv);
int kp_cmd_check_db(int argc, char **argv);
int kp_cmd_check(int argc, char **argv);
int kp_cmd_figures(int argc, char **argv);
int kp_cmd_client(int argc, char **argv);
int kp_cmd_assign_service(int argc, char **argv);
int kp_cmd_plan(int argc, char **argv);
int kp_cmd_subject_export(int argc, char **argv);
int kp_cmd_retention(int argc, char **argv);
int kp_cmd_privacy(int argc, char **argv);

/* Long options as "--name value" pairs. Spec: NULL-terminated list of option
 * names; flags (no value) end in '!' ("--help!"). Values are pointers into
 * argv. Unknown options, missing values and stray words are usage errors. */
typedef struct kp_opt {
    const char *name;   /* without the dashes */
    bool flag;
    const char *value;  /* NULL when absent; "1" for a given flag */
} kp_opt;

/* Returns 0, or prints a message naming the bad argument and returns 2.
 * Every command also takes --config FILE (not in the spec), else
 * $KOPA_CONFIG: the configuration file (cli/config.h) is read whole and
 * checked, and gives the options the command line left open; a mistake in
 * it is printed with file and line, and returns 2. Not read for --help.
 * Values from the file stay valid until kp_cli_release. */
int kp_cli_parse(const char *cmd, int argc, char **argv, kp_opt *opts, size_t nopts);
/* What kp_cli_parse does with --config, for a command that parses its own
 * arguments: reads the file at path (NULL: $KOPA_CONFIG; neither: nothing
 * to do, 0) and fills the options still NULL. Returns 0, or 2 after
 * printing what is wrong with the file. */
int kp_cli_config(const char *cmd, const char *path, kp_opt *opts, size_t nopts);
/* Frees the configuration file kp_cli_parse read (its option values die). */
void kp_cli_release(void);
/* One line for each command's --help. */
#define KP_CLI_CONFIG_HELP \
    "  --config FILE  take --db (and the key file, the catalogue folder, kopa serve's\n" \
    "                 options) from a configuration file, else $KOPA_CONFIG; the\n" \
    "                 command line wins. See kopa(1).\n"
const char *kp_cli_get(const kp_opt *opts, size_t nopts, const char *name);

/* An open database with its key and a context for the operator. */
typedef struct kp_cli_db {
    kp_store *store;
    kp_keyring keys;
    bool have_keys;
    kp_ctx ctx;
} kp_cli_db;

/* Opens an existing, initialised database (a missing, empty or foreign file
 * is refused) and proves that its key file belongs to it
 * (store/key_check.h): a key of another database is always refused, a
 * missing one when the database records a check value or need_keys. The
 * key is given to ctx when need_keys. Prints a message and returns
 * non-zero on failure. */
int kp_cli_open(const char *db_path, bool need_keys, kp_cli_db *out);
/* The same without the key at all (kopa backup copies what is there). */
int kp_cli_open_without_key(const char *db_path, kp_cli_db *out);
void kp_cli_close(kp_cli_db *db);

/* A command run as root on the files of another user (the service's
 * database in /var/lib/kopa, owned by kopa) would create files that user
 * cannot open (the database's -wal and -shm, a restored copy): when this
 * process is root and `path` (the database, or with `parent` true the
 * directory it is or will be in) belongs to another user, prints a
 * message naming the user and how to run the command as that user, and
 * returns 1; else 0 (also when path does not exist). */
int kp_cli_refuse_foreign_owner(const char *path, bool parent);

/* Opens `path` for writing a file that holds personal data: created or
 * truncated, with mode 0600 whatever the umask or an old file's mode. NULL
 * with errno on failure; the caller fcloses. */
FILE *kp_cli_create_private(const char *path);

/* Prints each error as "file:line: column 'x' (value 'v'): message". */
void kp_cli_print_errors(const kp_errors *e);

#endif
