/* The PostgreSQL backend's text-level SQL work (pg_sql.c: statements the
 * services give; pg_migrate.c: the SQLite migrations). Only pg_*.c see it. */
#ifndef KOPA_STORE_PG_SQL_H
#define KOPA_STORE_PG_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>
#include "core/result.h"

/* Parameters up to this number are tracked one by one (used or not). */
enum { KP_PG_TRACKED_PARAMS = 256 };

/* What kp_pg_translate learnt about a statement. */
typedef struct kp_pg_sql_info {
    int nparams;       /* the largest parameter number ($N) */
    /* Bit n-1: $n appears in the text. A number below nparams that does
     * not (`?3` given, `?2` never) has no type PostgreSQL could infer:
     * kp_pg_param_used tells the backend to declare it. */
    uint64_t used[KP_PG_TRACKED_PARAMS / 64];
    bool is_write;     /* begins with INSERT, UPDATE, DELETE or REPLACE */
    bool is_insert;    /* begins with INSERT */
    bool returning;    /* has a RETURNING clause of its own (at the top level) */
    bool upsert;       /* ON CONFLICT … DO UPDATE (at the top level) */
    char target[64];   /* the table it writes ("live.x", "x"; "" if unknown) */
} kp_pg_sql_info;

/* Portable SQL (as the SQLite backend takes it) into PostgreSQL's:
 * placeholders ?NNN → $NNN and bare ? → the next number as SQLite numbers
 * them (one more than the largest so far), and the rewrites listed in
 * pg_sql.c; string literals, quoted names and comments are copied as they
 * are. Returns a new string (caller frees); info may be NULL. */
char *kp_pg_translate(const char *sql, kp_pg_sql_info *info);

/* sql with `tail` put at its end, before trailing blanks and semicolons
 * (a clause added to a statement). Returns a new string (caller frees). */
char *kp_pg_with_tail(const char *sql, const char *tail);

/* Whether $n appears in the statement info describes; true for a number
 * above KP_PG_TRACKED_PARAMS (up to nparams: not tracked, taken as used),
 * false for no info or n outside 1..nparams. */
bool kp_pg_param_used(const kp_pg_sql_info *info, int n);

/* The SQLite migration text (DDL, several statements) into PostgreSQL's
 * (pg_migrate.c); then kp_pg_translate applies. Caller frees. */
char *kp_pg_translate_ddl(const char *sql);

/* Scanning helpers shared by pg_sql.c and pg_migrate.c: the end of a
 * '…' literal, "…" name or comment starting at p (p when none does);
 * whether `word` (case-insensitive) starts at p as a whole word (a word
 * ending in '(' or '.' needs no boundary after it). */
const char *kp_pg_skip_quoted(const char *p);
bool kp_pg_word_at(const char *start, const char *p, const char *word);
bool kp_pg_ident_char(char c);

/* pg_migrate.c, on a connection whose search_path is set: the schema
 * `live`, the backend's own tables (schema_migration of each schema, the
 * data stamp, kp_last_id()), then every migration not yet recorded, each in
 * its own transaction, one connection at a time (an advisory lock). */
kp_rc kp_pg_migrate(PGconn *c, char *err, size_t errlen);
/* Moves every identity column's sequence of the schemas public and live up
 * to the largest id in its table (never down): after rows were written
 * with explicit ids (migrations, copies, bulk loads). */
kp_rc kp_pg_sync_ids(PGconn *c, char *err, size_t errlen);

/* Advisory lock keys (pg_advisory_xact_lock(KP_PG_LOCK_KEY, n)). */
#define KP_PG_LOCK_KEY 1265594465 /* "Kopa" */
enum { KP_PG_LOCK_RECORDS = 1, KP_PG_LOCK_SIDE = 2, KP_PG_LOCK_MIGRATE = 3 };

#endif
