/* kopa demo: a new database with the synthetic Zemgale demo records. */
#include "cli/cli.h"
#include "cli/init_db.h"
#include "service/accounts/accounts.h"
#include "service/transfer/catalogue.h"
#include "service/casework/casework.h"
#include "demo/demo.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: kopa demo --db FILE [--data DIR] [--demo-password PW]\n\n"
           "Creates the database FILE (like kopa init) and fills it with synthetic\n"
           "records for the Zemgale planning region: clients with synthetic names and\n"
           "valid synthetic personal codes, their assessments, plans, services,\n"
           "providers, compensation, the DI plan and indicators. Computed by\n"
           "`kopa report evaluation --region ZPR --at 2021-12-31`, they give every\n"
           "figure of the real 2017-2021 evaluation. The same command always gives\n"
           "the same records.\n\n"
           "It also creates one login per role, all with the password PW (at least\n"
           "12 characters, not a dictionary word nor easy to guess: the policy of\n"
           "kopa user; without --demo-password one is made up and printed once):\n"
           "sw-<municipality> and head-<municipality> for jelgava-city, aizkraukle,\n"
           "bauska, dobele, jelgava-county and jekabpils; provider-<id> for the first\n"
           "three providers with referrals; region-zpr; ministry; admin.\n\n"
           KP_CLI_CONFIG_HELP);
}

int kp_cmd_demo(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL}, {"data", false, NULL}, {"demo-password", false, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("demo", argc, argv, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db");
    if (!db) {
        fprintf(stderr, "kopa demo: --db FILE is required\n");
        return 2;
    }
    char password[64];
    const char *given = kp_cli_get(opts, n, "demo-password");
    if (given) {
        /* Checked before the minutes the demo takes to build. */
        kp_ctx pc = {.role = KP_ROLE_SYSTEM, .lang = "en"};
        kp_errors pe;
        kp_errors_init(&pe);
        kp_rc prc = kp_password_check(&pc, NULL, given, &pe);
        if (prc)
            fprintf(stderr, "kopa demo: --demo-password: %s\n", pe.n ? pe.items[0].message : kp_strerror(prc));
        kp_errors_free(&pe);
        if (prc)
            return 2;
    }
    if (!given)
        kp_password_random(password, sizeof password);
    const char *data = kp_cli_get(opts, n, "data");
    if (!data)
        data = kp_catalogue_dir();
    kp_cli_db h;
    if (kp_init_db(db, data, &h))
        return 1;
    /* A fixed clock for the audit records the demo's use cases write, so
     * that the same command gives the same database content. */
    snprintf(h.ctx.now, sizeof h.ctx.now, "2022-01-15T09:00:00Z");
    h.ctx.actor = "demo";
    char figures[4096];
    snprintf(figures, sizeof figures, "%s/demo/zemgale-2021.json", data);
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_demo_build(&h.ctx, figures, &e);
    if (!rc)
        rc = kp_accounts_create_demo(&h.ctx, given ? given : password, &e);
    /* Each demo social worker starts with a caseload of their own. */
    if (!rc)
        rc = kp_caseload_seed_demo(&h.ctx, 40);
    if (rc) {
        fprintf(stderr, "kopa demo: the demo records could not be built (%s); no database was left behind:\n",
                kp_strerror(rc));
        kp_cli_print_errors(&e);
    }
    kp_errors_free(&e);
    char *kpath = kp_keyring_path_for(db);
    kp_cli_close(&h);
    if (rc) {
        kp_store_remove(db);
        unlink(kpath);
        free(kpath);
        return 1;
    }
    printf("created the Zemgale demo in %s (key: %s)\n", db, kpath);
    printf("demo logins: sw-bauska, head-bauska, … provider-N, region-zpr, ministry, admin (kopa user list)\n");
    if (!given)
        printf("demo password (shown once): %s\n", password);
    free(kpath);
    return 0;
}
