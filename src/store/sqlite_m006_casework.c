/* Migration 6: case work in the browser (caseload assignment of clients to
 * social workers, confirmations). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m006[] = "SELECT 1;";
