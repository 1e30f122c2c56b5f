/* kopa assign: grants a service to a client as a named user, through the
 * same command as the assign page and POST /api/v1/clients/{id}/assignments. */
#include "cli/act.h"
#include "core/date.h"
#include "service/access.h"
#include <stdio.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa assign --db FILE --as USERNAME --client ID --service CODE --start DATE\n"
           "         [--end DATE] [--provider ID] [--plan-item ID] [--units N]\n"
           "         [--hours-per-week N] [--mode day|night|full] [--decided-on DATE (today)]\n"
           "         [--confirm] [--idempotency-key KEY]\n\n"
           "Grants a service as the user USERNAME, in that user's scope, exactly as the\n"
           "assign page does: eligibility and every rule in force (respite at most 30 days\n"
           "a year, ...) are checked in the same transaction as the write; a refusal names\n"
           "the rule. A client with no needs assessment or no approved support plan, or a\n"
           "plan without a review date, is a warning: nothing is written without --confirm.\n"
           "A client outside the user's scope is 'no such client'. The same\n"
           "--idempotency-key again writes nothing and prints the first assignment.\n\n"
           KP_CLI_CONFIG_HELP);
}

static const kp_cli_field FIELDS[] = {
    {"client_id", "client"},     {"plan_item_id", "plan-item"},   {"service", "service"},
    {"provider_id", "provider"}, {"start_date", "start"},         {"end_date", "end"},
    {"units", "units"},          {"hours_per_week", "hours-per-week"}, {"mode", "mode"},
    {"decided_on", "decided-on"},
};

int kp_cmd_assign_service(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},        {"as", false, NULL},         {"client", false, NULL},
                     {"plan-item", false, NULL}, {"service", false, NULL},    {"provider", false, NULL},
                     {"start", false, NULL},     {"end", false, NULL},        {"units", false, NULL},
                     {"hours-per-week", false, NULL}, {"mode", false, NULL},  {"decided-on", false, NULL},
                     {"confirm", true, NULL},    {"idempotency-key", false, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    const char *cmd = "assign";
    if (argc < 1) {
        help();
        return 2;
    }
    if (kp_cli_parse(cmd, argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        help();
        return 0;
    }
    if (!O("db") || !O("client")) {
        fprintf(stderr, "kopa %s: --db and --client are required\n", cmd);
        return 2;
    }
    int64_t client = 0, item = 0, provider = 0;
    const char *key = O("idempotency-key");
    if (!kp_cli_id(cmd, "client", O("client"), &client) || !kp_cli_id(cmd, "plan-item", O("plan-item"), &item) ||
        !kp_cli_id(cmd, "provider", O("provider"), &provider) || !kp_cli_key_ok(cmd, key))
        return 2;
    kp_cli_as a;
    int st = kp_cli_open_as(cmd, O("db"), O("as"), &a);
    if (st)
        return st;
    /* The form's default: today. */
    char today[11];
    kp_date_format_iso(kp_ctx_today(&a.h.ctx), today);
    kp_cmd_assign in = {
        .assignment = {.client_id = O("client"),
                       .plan_item_id = O("plan-item"),
                       .service = O("service"),
                       .provider_id = O("provider"),
                       .start_date = O("start"),
                       .end_date = O("end"),
                       .units = O("units"),
                       .hours_per_week = O("hours-per-week"),
                       .mode = O("mode"),
                       .decided_on = O("decided-on") ? O("decided-on") : today},
        .confirmed = O("confirm") != NULL,
    };
#undef O
    int64_t id = 0;
    bool repeated = false;
    st = kp_cli_run_command(cmd, &a, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, key, FIELDS, sizeof FIELDS / sizeof FIELDS[0],
                    "client", &id, &repeated);
    if (!st)
        printf(repeated ? "assignment %lld (made before with this idempotency key; nothing written)\n"
                        : "granted: assignment %lld\n",
               (long long)id);
    kp_cli_close_as(&a);
    return st;
}
