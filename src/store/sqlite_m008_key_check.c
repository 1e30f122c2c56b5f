/* Migration 8: the check value of the database's key, so that a key file
 * made for another database is refused before anything is read or written
 * with it (see store/key_check.h). One row at most; never the key itself. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m008[] =
    "CREATE TABLE main.key_check ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  check_value BLOB NOT NULL);";
