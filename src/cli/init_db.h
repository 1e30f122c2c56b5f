/* Creating a database from nothing, shared by `init` and `demo`. */
#ifndef KOPA_CLI_INIT_DB_H
#define KOPA_CLI_INIT_DB_H
#include "cli/cli.h"

/* Creates db, its key file and loads the catalogues from data_dir; leaves
 * the database open in *out. On failure removes whatever it created. */
int kp_init_db(const char *db, const char *data_dir, kp_cli_db *out);

#endif
