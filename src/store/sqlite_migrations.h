/* The SQLite schema as numbered migrations, oldest first. A released
 * migration is never edited; changes come as a new one. */
#ifndef KOPA_STORE_SQLITE_MIGRATIONS_H
#define KOPA_STORE_SQLITE_MIGRATIONS_H
#include <stddef.h>

typedef struct kp_migration {
    int version;
    const char *name;
    const char *sql;
} kp_migration;

extern const kp_migration kp_sqlite_migrations[];
/* Later migrations live in files of their own (sqlite_mNNN_*.c). */
extern const char kp_sqlite_m004[];
extern const char kp_sqlite_m005[];
extern const char kp_sqlite_m006[];
extern const char kp_sqlite_m007[];
extern const char kp_sqlite_m008[];
extern const char kp_sqlite_m009[];
extern const char kp_sqlite_m010[];
extern const char kp_sqlite_m011[];
extern const char kp_sqlite_m012[];
extern const char kp_sqlite_m013[];
extern const char kp_sqlite_m016[];
extern const char kp_sqlite_m017[];
extern const char kp_sqlite_m019[];
extern const char kp_sqlite_m020[];
extern const char kp_sqlite_m021[];
extern const char kp_sqlite_m023[];
extern const char kp_sqlite_m025[];
extern const char kp_sqlite_m027[];
extern const char kp_sqlite_m030[];
extern const char kp_sqlite_m031[];
extern const char kp_sqlite_m032[];
extern const char kp_sqlite_m033[];
extern const size_t kp_sqlite_migration_count;

/* The side database `live` has migrations of its own (sqlite_live.c). */
extern const kp_migration kp_sqlite_live_migrations[];
extern const size_t kp_sqlite_live_migration_count;

#endif
