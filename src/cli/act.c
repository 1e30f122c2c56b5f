/* The case-work subcommands' shared part (act.h): --as, running a command
 * of the one table, and its messages naming the options. */
#include "cli/act.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int kp_cli_open_as(const char *cmd, const char *db, const char *username, kp_cli_as *out)
{
    memset(out, 0, sizeof *out);
    if (!username || !*username) {
        fprintf(stderr, "kopa %s: --as USERNAME is required: the command runs as that user, in their scope\n", cmd);
        return 2;
    }
    if (kp_cli_open(db, true, &out->h))
        return 1;
    kp_rc rc = kp_user_act_as(&out->h.ctx, username, &out->user);
    if (rc) {
        if (rc == KP_ENOTFOUND)
            fprintf(stderr, "kopa %s: --as: no user account '%s' (see kopa user list)\n", cmd, username);
        else if (rc == KP_EDENIED)
            fprintf(stderr, "kopa %s: --as: the account '%s' is disabled\n", cmd, username);
        else
            fprintf(stderr, "kopa %s: --as: %s\n", cmd, kp_strerror(rc));
        kp_cli_close(&out->h);
        return 1;
    }
    out->h.ctx.lang = "en";
    return 0;
}

void kp_cli_close_as(kp_cli_as *a)
{
    kp_cli_close(&a->h);
    memset(&a->user, 0, sizeof a->user);
}

/* The option a field comes from: the table's, else the field's own name
 * with dashes; NULL for a field no option gives (a warning's topic). */
static const char *option_of(const kp_cli_field *fields, size_t n, const char *field, char *buf, size_t cap)
{
    if (!field || !*field)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i].field, field) == 0) {
            snprintf(buf, cap, "--%s", fields[i].option);
            return buf;
        }
    return NULL;
}

static void print_list(const char *cmd, const kp_errors *e, const kp_cli_field *fields, size_t n, const char *lead)
{
    for (size_t i = 0; i < e->n; i++) {
        const kp_field_error *x = &e->items[i];
        char opt[80];
        const char *o = option_of(fields, n, x->field, opt, sizeof opt);
        fprintf(stderr, "kopa %s: %s", cmd, lead);
        if (o)
            fprintf(stderr, "%s", o);
        else if (x->field[0] && !*lead)
            fprintf(stderr, "%s", x->field);
        /* A personal code is never echoed, even back to its writer. */
        if (x->value[0] && (o || !*lead) && strcmp(x->field, "personal_code") != 0)
            fprintf(stderr, " (value '%s')", x->value);
        const char *msg = x->message;
        /* A warning's own text may already say so. */
        if (*lead && strncmp(msg, lead, strlen(lead)) == 0)
            msg += strlen(lead);
        fprintf(stderr, "%s%s\n", (o || (x->field[0] && !*lead)) ? ": " : "", msg);
    }
}

int kp_cli_run_command(const char *cmd, kp_cli_as *a, kp_cmd_id id, const void *in, size_t in_size, const char *key,
               const kp_cli_field *fields, size_t nfields, const char *notfound, int64_t *id_out, bool *repeated)
{
    if (id_out)
        *id_out = 0;
    if (repeated)
        *repeated = false;
    kp_errors e, w;
    kp_errors_init(&e);
    kp_errors_init(&w);
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&a->h.ctx, id, in, in_size, key, (int64_t)time(NULL), &e, &w, &out);
    int st = 0;
    print_list(cmd, &w, fields, nfields, "warning: ");
    if (rc == KP_ECONFLICT && out.needs_confirm) {
        fprintf(stderr, "kopa %s: nothing was written: run again with --confirm to go ahead despite the warning%s\n",
                cmd, w.n == 1 ? "" : "s");
        st = 3;
    } else if (rc) {
        print_list(cmd, &e, fields, nfields, "");
        if (rc == KP_ENOTFOUND)
            fprintf(stderr, "kopa %s: no such %s\n", cmd, notfound);
        else if (rc == KP_EDENIED)
            fprintf(stderr, "kopa %s: the user %s may not do this (role %s)\n", cmd, a->user.username,
                    kp_role_name(a->user.role));
        else if (!e.n)
            fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        fprintf(stderr, "kopa %s: nothing was written\n", cmd);
        st = 1;
    } else {
        if (id_out)
            *id_out = out.id;
        if (repeated)
            *repeated = out.repeated;
    }
    kp_errors_free(&e);
    kp_errors_free(&w);
    return st;
}

bool kp_cli_id(const char *cmd, const char *option, const char *s, int64_t *out)
{
    *out = 0;
    if (!s)
        return true;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0) {
        fprintf(stderr, "kopa %s: --%s '%s' is not a record id (a whole number from 1)\n", cmd, option, s);
        return false;
    }
    *out = v;
    return true;
}

bool kp_cli_key_ok(const char *cmd, const char *key)
{
    if (!key)
        return true;
    size_t n = strlen(key);
    bool ok = n >= 1 && n <= 128;
    for (size_t i = 0; ok && i < n; i++)
        ok = key[i] > 0x20 && key[i] < 0x7f;
    if (!ok)
        fprintf(stderr, "kopa %s: --idempotency-key must be 1 to 128 printable characters without spaces\n", cmd);
    return ok;
}
