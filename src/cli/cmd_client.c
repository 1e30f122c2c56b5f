/* kopa client register: registers a client as a named user, through the
 * same command as the registration page and POST /api/v1/clients. */
#include "cli/act.h"
#include "core/date.h"
#include "service/access.h"
#include <stdio.h>
#include <string.h>
#include <sodium.h>

static void help(void)
{
    printf("usage: kopa client register --db FILE --as USERNAME --personal-code CODE|-\n"
           "         --given-name NAME --family-name NAME --municipality ATVK --target-group GROUP\n"
           "         [--birth-date DATE] [--code-since DATE] [--registered-on DATE]\n"
           "         [--disability-group 1|2|3] [--representative CLIENT] [--special-care-from DATE]\n"
           "         [--parents-working 0|1] [--parish PARISH] [--confirm] [--idempotency-key KEY]\n\n"
           "Registers a client as the user USERNAME, in that user's scope, exactly as the\n"
           "registration page does: a social worker becomes the client's worker, the audit\n"
           "names the user. GROUP is grt, ft, parents or bsac. --personal-code - reads the\n"
           "code from the first line of standard input (so it stays out of the shell's\n"
           "history); the birth date may be left out with an old-format code. A new-format\n"
           "code whose check digit fails is a warning: nothing is written without --confirm.\n"
           "The same --idempotency-key again writes nothing and prints the first client.\n\n"
           KP_CLI_CONFIG_HELP);
}

static const kp_cli_field FIELDS[] = {
    {"personal_code", "personal-code"},     {"code_since", "code-since"},
    {"given_name", "given-name"},           {"family_name", "family-name"},
    {"birth_date", "birth-date"},           {"municipality", "municipality"},
    {"target_group", "target-group"},       {"representative_id", "representative"},
    {"disability_group", "disability-group"}, {"special_care_from", "special-care-from"},
    {"parents_working", "parents-working"}, {"registered_on", "registered-on"},
    {"parish", "parish"},
};

/* The first line of standard input, without its newline, in buf. */
static bool read_code(char *buf, size_t cap)
{
    if (!fgets(buf, (int)cap, stdin))
        return false;
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf[0] != '\0';
}

static int do_register(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},           {"as", false, NULL},
                     {"personal-code", false, NULL}, {"code-since", false, NULL},
                     {"given-name", false, NULL},    {"family-name", false, NULL},
                     {"birth-date", false, NULL},    {"municipality", false, NULL},
                     {"target-group", false, NULL},  {"representative", false, NULL},
                     {"disability-group", false, NULL}, {"special-care-from", false, NULL},
                     {"parents-working", false, NULL}, {"registered-on", false, NULL},
                     {"parish", false, NULL},        {"confirm", true, NULL},
                     {"idempotency-key", false, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    const char *cmd = "client register";
    if (kp_cli_parse("client", argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        help();
        return 0;
    }
    if (!O("db")) {
        fprintf(stderr, "kopa %s: --db is required\n", cmd);
        return 2;
    }
    const char *key = O("idempotency-key");
    int64_t rep = 0;
    if (!kp_cli_key_ok(cmd, key) || !kp_cli_id(cmd, "representative", O("representative"), &rep))
        return 2;
    char code[64] = "";
    const char *pc = O("personal-code");
    if (pc && strcmp(pc, "-") == 0) {
        if (!read_code(code, sizeof code)) {
            fprintf(stderr, "kopa %s: --personal-code -: no code on the first line of standard input\n", cmd);
            return 2;
        }
        pc = code;
    }
    kp_cli_as a;
    int st = kp_cli_open_as(cmd, O("db"), O("as"), &a);
    if (st) {
        sodium_memzero(code, sizeof code);
        return st;
    }
    /* The form's default: today. */
    char today[11];
    kp_date_format_iso(kp_ctx_today(&a.h.ctx), today);
    kp_cmd_register in = {
        .client = {.personal_code = pc,
                   .code_since = O("code-since"),
                   .given_name = O("given-name"),
                   .family_name = O("family-name"),
                   .birth_date = O("birth-date"),
                   .municipality = O("municipality"),
                   .target_group = O("target-group"),
                   .representative_id = O("representative"),
                   .disability_group = O("disability-group"),
                   .special_care_from = O("special-care-from"),
                   .parents_working = O("parents-working"),
                   .registered_on = O("registered-on") ? O("registered-on") : today,
                   .parish = O("parish")},
        .confirmed = O("confirm") != NULL,
    };
#undef O
    int64_t id = 0;
    bool repeated = false;
    st = kp_cli_run_command(cmd, &a, KP_CMD_REGISTER_CLIENT, &in, sizeof in, key, FIELDS, sizeof FIELDS / sizeof FIELDS[0],
                    "client", &id, &repeated);
    sodium_memzero(code, sizeof code);
    if (!st)
        printf(repeated ? "client %lld (registered before with this idempotency key; nothing written)\n"
                        : "registered client %lld\n",
               (long long)id);
    kp_cli_close_as(&a);
    return st;
}

int kp_cmd_client(int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help")) {
        help();
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "register"))
        return do_register(argc - 1, argv + 1);
    fprintf(stderr, "kopa client: unknown action '%s'; use register\n", argv[0]);
    return 2;
}
