/* What the case-work subcommands (kopa client register, kopa assign, kopa
 * plan approve) share: acting as a named user (--as), running a command of
 * the one command table (service/casework/commands.h) with --confirm and
 * --idempotency-key, and printing its errors and warnings in English with
 * the option each one is about. */
#ifndef KOPA_CLI_ACT_H
#define KOPA_CLI_ACT_H
#include <stdbool.h>
#include <stddef.h>
#include "cli/cli.h"
#include "service/accounts/accounts.h"
#include "service/casework/commands.h"

/* The database opened for a user: h.ctx is scoped as that user's web
 * session would be (kp_user_act_as) and speaks English. */
typedef struct kp_cli_as {
    kp_cli_db h;
    kp_user user;
} kp_cli_as;

/* Opens `db` (with its key: personal codes are read and written) and acts
 * as `username`. Prints a message naming --as (unknown or disabled
 * account) and returns non-zero on failure; then nothing is open. */
int kp_cli_open_as(const char *cmd, const char *db, const char *username, kp_cli_as *out);
void kp_cli_close_as(kp_cli_as *a);

/* Which option of the command line a service field comes from. */
typedef struct kp_cli_field {
    const char *field;  /* as the service names it: "start_date" */
    const char *option; /* without dashes: "start" */
} kp_cli_field;

/* Runs command `id` with its typed input through kp_cmd_run — the same
 * path as the page and the API — once per `key` (--idempotency-key, may
 * be NULL) and prints what happened: field errors as "kopa CMD: --option
 * (value 'v'): message" (never a personal code's value), warnings as
 * "kopa CMD: warning: message", an out-of-scope or unknown record as
 * "kopa CMD: no such <notfound>". Warnings not confirmed: nothing is
 * written, and the hint names --confirm. On success *id_out (may be NULL)
 * is the record written, *repeated whether the key was used before.
 * Returns the exit status: 0, 1 (not found, denied, failure), 2 (bad
 * input, a rule refuses), 3 (confirmation needed). */
int kp_cli_run_command(const char *cmd, kp_cli_as *a, kp_cmd_id id, const void *in, size_t in_size, const char *key,
               const kp_cli_field *fields, size_t nfields, const char *notfound, int64_t *id_out, bool *repeated);

/* Parses a positive record id given to --option; prints a message naming
 * the option and returns false when s is not one. NULL s: true, *out 0. */
bool kp_cli_id(const char *cmd, const char *option, const char *s, int64_t *out);

/* An --idempotency-key value is 1–128 bytes of printable ASCII; prints a
 * message naming the option and returns false otherwise. NULL is fine. */
bool kp_cli_key_ok(const char *cmd, const char *key);

#endif
