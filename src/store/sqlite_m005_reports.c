/* Migration 5: compensation claims and approved (frozen) evaluations. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m005[] = "SELECT 1;";
