/* kopa user: add, change the password of, disable and list user accounts. */
#include "cli/cli.h"
#include "service/accounts/accounts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: kopa user add --db FILE --username U --role ROLE\n"
           "                     [--municipality ATVK|KEY | --provider ID | --region CODE]\n"
           "                     [--lang lv|en] [--password-stdin]\n"
           "       kopa user passwd --db FILE --username U [--password-stdin]\n"
           "       kopa user disable --db FILE --username U\n"
           "       kopa user enable --db FILE --username U\n"
           "       kopa user list --db FILE\n\n"
           "Roles: admin, social_worker and municipal_head (need --municipality),\n"
           "provider (needs --provider), region (needs --region), ministry.\n"
           "The password is read from standard input with --password-stdin (first\n"
           "line), asked for on a terminal, or else made up and printed once.\n"
           "Passwords are stored only as argon2id hashes; list never shows them.\n\n"
           KP_CLI_CONFIG_HELP);
}

/* Reads a password: first line of stdin, a terminal prompt, or a random one
 * (printed). Returns 0 or prints a message and returns non-zero. */
static int read_password(bool from_stdin, char *out, size_t outlen, bool *generated)
{
    *generated = false;
    if (from_stdin || !isatty(STDIN_FILENO)) {
        if (!from_stdin) {
            kp_password_random(out, outlen);
            *generated = true;
            return 0;
        }
        if (!fgets(out, (int)outlen, stdin)) {
            fprintf(stderr, "kopa user: no password on standard input\n");
            return 1;
        }
        out[strcspn(out, "\r\n")] = '\0';
        return 0;
    }
    fprintf(stderr, "Password (empty: make one up): ");
    struct termios old, quiet;
    bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *ok = fgets(out, (int)outlen, stdin);
    if (tty)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    if (!ok)
        out[0] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    if (!out[0]) {
        kp_password_random(out, outlen);
        *generated = true;
    }
    return 0;
}

static int cmd_add(kp_cli_db *h, const kp_opt *opts, size_t n)
{
    char pw[1100];
    bool generated = false;
    if (read_password(kp_cli_get(opts, n, "password-stdin") != NULL, pw, sizeof pw, &generated))
        return 1;
    kp_user_in in = {
        .username = kp_cli_get(opts, n, "username"),
        .password = pw,
        .role = kp_cli_get(opts, n, "role"),
        .municipality = kp_cli_get(opts, n, "municipality"),
        .provider_id = kp_cli_get(opts, n, "provider"),
        .region = kp_cli_get(opts, n, "region"),
        .lang = kp_cli_get(opts, n, "lang"),
    };
    kp_errors e;
    kp_errors_init(&e);
    int64_t id = 0;
    kp_rc rc = kp_user_add(&h->ctx, &in, &e, &id);
    if (rc) {
        fprintf(stderr, "kopa user add: the account was not created (%s)\n", kp_strerror(rc));
        kp_cli_print_errors(&e);
    } else {
        printf("created user %s (id %lld)\n", in.username, (long long)id);
        if (generated)
            printf("password (shown once): %s\n", pw);
    }
    kp_errors_free(&e);
    memset(pw, 0, sizeof pw);
    return rc ? 1 : 0;
}

static int cmd_passwd(kp_cli_db *h, const kp_opt *opts, size_t n)
{
    char pw[1100];
    bool generated = false;
    if (read_password(kp_cli_get(opts, n, "password-stdin") != NULL, pw, sizeof pw, &generated))
        return 1;
    kp_errors e;
    kp_errors_init(&e);
    const char *user = kp_cli_get(opts, n, "username");
    kp_rc rc = kp_user_set_password(&h->ctx, user, pw, &e);
    if (rc) {
        fprintf(stderr, "kopa user passwd: %s\n", rc == KP_ENOTFOUND ? "no such user" : kp_strerror(rc));
        kp_cli_print_errors(&e);
    } else {
        printf("password changed for %s; their sessions have ended\n", user);
        if (generated)
            printf("password (shown once): %s\n", pw);
    }
    kp_errors_free(&e);
    memset(pw, 0, sizeof pw);
    return rc ? 1 : 0;
}

static int cmd_list(kp_cli_db *h)
{
    kp_users us;
    kp_rc rc = kp_user_list(&h->ctx, &us);
    if (rc) {
        fprintf(stderr, "kopa user list: %s\n", kp_strerror(rc));
        return 1;
    }
    printf("%-6s %-24s %-16s %-20s %-4s %s\n", "id", "username", "role", "scope", "lang", "status");
    for (size_t i = 0; i < us.n; i++) {
        const kp_user *u = &us.items[i];
        printf("%-6lld %-24s %-16s %-20s %-4s %s\n", (long long)u->id, u->username, kp_role_name(u->role),
               u->scope_label[0] ? u->scope_label : "-", u->lang, u->disabled ? "disabled" : "active");
    }
    kp_users_free(&us);
    return 0;
}

int kp_cmd_user(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        help();
        return argc < 1 ? 2 : 0;
    }
    const char *sub = argv[0];
    kp_opt opts[] = {{"db", false, NULL},           {"username", false, NULL}, {"role", false, NULL},
                     {"municipality", false, NULL}, {"provider", false, NULL}, {"region", false, NULL},
                     {"lang", false, NULL},         {"password-stdin", true, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("user", argc - 1, argv + 1, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    bool known = strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0 ||
                 strcmp(sub, "enable") == 0 || strcmp(sub, "list") == 0;
    if (!known) {
        fprintf(stderr, "kopa user: unknown subcommand '%s' (add, passwd, disable, enable, list)\n", sub);
        return 2;
    }
    const char *db = kp_cli_get(opts, n, "db");
    if (!db) {
        fprintf(stderr, "kopa user %s: --db FILE is required\n", sub);
        return 2;
    }
    if (strcmp(sub, "list") != 0 && !kp_cli_get(opts, n, "username")) {
        fprintf(stderr, "kopa user %s: --username U is required\n", sub);
        return 2;
    }
    if (strcmp(sub, "add") == 0 && !kp_cli_get(opts, n, "role")) {
        fprintf(stderr, "kopa user add: --role ROLE is required\n");
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    int ret;
    if (strcmp(sub, "add") == 0) {
        ret = cmd_add(&h, opts, n);
    } else if (strcmp(sub, "passwd") == 0) {
        ret = cmd_passwd(&h, opts, n);
    } else if (strcmp(sub, "list") == 0) {
        ret = cmd_list(&h);
    } else {
        bool disable = strcmp(sub, "disable") == 0;
        const char *user = kp_cli_get(opts, n, "username");
        kp_rc rc = kp_user_set_disabled(&h.ctx, user, disable);
        if (rc)
            fprintf(stderr, "kopa user %s: %s\n", sub, rc == KP_ENOTFOUND ? "no such user" : kp_strerror(rc));
        else
            printf("%s %s%s\n", disable ? "disabled" : "enabled", user, disable ? "; their sessions have ended" : "");
        ret = rc ? 1 : 0;
    }
    kp_cli_close(&h);
    return ret;
}
