/* kopa plan approve: approves a support plan version as a named user,
 * through the same command as the approval page and
 * POST /api/v1/plans/{id}/approve; without --confirm it only says what
 * approving would do, as the page's confirmation does. */
#include "cli/act.h"
#include "core/date.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include <stdio.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa plan approve --db FILE --as USERNAME --client ID --plan ID\n"
           "         [--approved-on DATE] [--confirm] [--idempotency-key KEY]\n\n"
           "Approves a draft support plan version of the client as the user USERNAME, in\n"
           "that user's scope, exactly as the approval page does. Approving cannot be\n"
           "undone: without --confirm nothing is written and kopa says what approving\n"
           "would do (the version coming into force, the one superseded, the review date,\n"
           "the services). A plan without a review date or without services is refused.\n"
           "--approved-on defaults to today. A plan of another client, or a client outside\n"
           "the user's scope, is 'no such plan'. The same --idempotency-key again writes\n"
           "nothing.\n\n"
           KP_CLI_CONFIG_HELP);
}

static const kp_cli_field FIELDS[] = {
    {"client_id", "client"}, {"plan_id", "plan"}, {"approved_on", "approved-on"}, {"review_on", "plan"},
    {"items", "plan"},
};

/* What approving would do, read from the client's card (an audited view). */
static int preview(kp_cli_as *a, int64_t client, int64_t plan, const char *on)
{
    const char *cmd = "plan approve";
    kp_card c;
    kp_rc rc = kp_card_load(&a->h.ctx, client, &c);
    if (rc) {
        if (rc == KP_ENOTFOUND || rc == KP_EDENIED)
            fprintf(stderr, "kopa %s: no such plan\n", cmd);
        else
            fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        return 1;
    }
    const kp_card_plan *p = NULL, *current = NULL;
    for (size_t i = 0; i < c.n_plans; i++) {
        if (c.plans[i].id == plan)
            p = &c.plans[i];
        if (strcmp(c.plans[i].status, "approved") == 0)
            current = &c.plans[i];
    }
    if (!p) {
        kp_card_free(&c);
        fprintf(stderr, "kopa %s: no such plan\n", cmd);
        return 1;
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&a->h.ctx), today);
    printf("Approving plan %lld (version %d) of client %lld would:\n", (long long)p->id, p->version,
           (long long)client);
    printf("- bring version %d into force on %s;\n", p->version, on ? on : today);
    if (current && current != p)
        printf("- supersede version %d, in force until now (it stays in the history);\n", current->version);
    printf("- freeze the plan: a change needs a new version;\n");
    if (p->review_on[0])
        printf("- have the plan reviewed by %s.\n", p->review_on);
    else
        printf("- (refused) the plan has no review date: fill one in first.\n");
    printf("Services:\n");
    for (size_t i = 0; i < p->n_items; i++) {
        const kp_card_item *it = &p->items[i];
        printf("  %s, %lld %s, %s, %s to %s\n", it->service_name[0] ? it->service_name : it->service,
               (long long)it->volume, it->unit, it->provider[0] ? it->provider : "provider not given",
               it->start_date[0] ? it->start_date : "?", it->end_date[0] ? it->end_date : "?");
    }
    if (!p->n_items)
        printf("  none (refused: a plan needs at least one service)\n");
    kp_card_free(&c);
    fprintf(stderr, "kopa %s: nothing was written: run again with --confirm to approve\n", cmd);
    return 3;
}

static int approve(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},          {"as", false, NULL},      {"client", false, NULL},
                     {"plan", false, NULL},        {"approved-on", false, NULL}, {"confirm", true, NULL},
                     {"idempotency-key", false, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    const char *cmd = "plan approve";
    if (kp_cli_parse("plan", argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        help();
        return 0;
    }
    if (!O("db") || !O("client") || !O("plan")) {
        fprintf(stderr, "kopa %s: --db, --client and --plan are required\n", cmd);
        return 2;
    }
    int64_t client = 0, plan = 0;
    const char *key = O("idempotency-key");
    if (!kp_cli_id(cmd, "client", O("client"), &client) || !kp_cli_id(cmd, "plan", O("plan"), &plan) ||
        !kp_cli_key_ok(cmd, key))
        return 2;
    kp_cli_as a;
    int st = kp_cli_open_as(cmd, O("db"), O("as"), &a);
    if (st)
        return st;
    if (!O("confirm")) {
        st = preview(&a, client, plan, O("approved-on"));
    } else {
        kp_cmd_approve in = {.client_id = client, .plan_id = plan, .approved_on = O("approved-on")};
        bool repeated = false;
        int64_t id = 0;
        st = kp_cli_run_command(cmd, &a, KP_CMD_APPROVE_PLAN, &in, sizeof in, key, FIELDS, sizeof FIELDS / sizeof FIELDS[0],
                        "plan", &id, &repeated);
        if (!st)
            printf(repeated ? "plan %lld (approved before with this idempotency key; nothing written)\n"
                            : "approved plan %lld\n",
                   (long long)id);
    }
#undef O
    kp_cli_close_as(&a);
    return st;
}

int kp_cmd_plan(int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help")) {
        help();
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "approve"))
        return approve(argc - 1, argv + 1);
    fprintf(stderr, "kopa plan: unknown action '%s'; use approve\n", argv[0]);
    return 2;
}
