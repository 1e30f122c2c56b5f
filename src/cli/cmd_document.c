/* kopa document: case documents as PDF from the entered data. */
#include "cli/cli.h"
#include "report/documents.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa document support-plan --db FILE --plan ID --out FILE.pdf\n"
           "       kopa document decision     --db FILE --assignment ID --out FILE.pdf\n"
           "       kopa document referral     --db FILE --assignment ID --out FILE.pdf\n"
           "       kopa document statement    --db FILE --provider ID --municipality ATVK\n"
           "                                  --month YYYY-MM --out FILE.pdf\n\n"
           "Makes a case document from the records: a support plan (marked MELNRAKSTS\n"
           "on every page until approved), a decision granting a service, a referral\n"
           "to the provider, or a provider's monthly statement of services delivered\n"
           "to a municipality's clients. Each prints its version and the SHA-256 of\n"
           "its data; the same data always gives the same file.\n\n"
           KP_CLI_CONFIG_HELP);
}

static bool parse_id(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (*end || v <= 0)
        return false;
    *out = v;
    return true;
}

int kp_cmd_document(int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help")) {
        help();
        return argc < 1 ? 2 : 0;
    }
    const char *kind = argv[0];
    bool plan = !strcmp(kind, "support-plan"), decision = !strcmp(kind, "decision"),
         referral = !strcmp(kind, "referral"), statement = !strcmp(kind, "statement");
    if (!plan && !decision && !referral && !statement) {
        fprintf(stderr, "kopa document: unknown document '%s'; use support-plan, decision, referral or statement\n",
                kind);
        return 2;
    }
    kp_opt opts[] = {{"db", false, NULL},       {"plan", false, NULL},  {"assignment", false, NULL},
                     {"provider", false, NULL}, {"municipality", false, NULL}, {"month", false, NULL},
                     {"out", false, NULL},      {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("document", argc - 1, argv + 1, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db"), *outp = kp_cli_get(opts, n, "out");
    if (!db || !outp) {
        fprintf(stderr, "kopa document %s: --db and --out are required\n", kind);
        return 2;
    }
    int64_t id = 0;
    const char *idopt = plan ? "plan" : statement ? "provider" : "assignment";
    if (!parse_id(kp_cli_get(opts, n, idopt), &id)) {
        fprintf(stderr, "kopa document %s: --%s needs a record id (a positive number)\n", kind, idopt);
        return 2;
    }
    const char *atvk = kp_cli_get(opts, n, "municipality"), *month = kp_cli_get(opts, n, "month");
    if (statement && (!atvk || !month)) {
        fprintf(stderr, "kopa document statement: --municipality ATVK and --month YYYY-MM are required\n");
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, !statement, &h))
        return 1;
    kp_buf pdf;
    kp_buf_init(&pdf, 0);
    kp_rc rc = plan       ? kp_document_support_plan(&h.ctx, id, &pdf)
               : decision ? kp_document_decision(&h.ctx, id, &pdf)
               : referral ? kp_document_referral(&h.ctx, id, &pdf)
                          : kp_document_statement(&h.ctx, id, atvk, month, &pdf);
    int status = 0;
    if (rc == KP_ENOTFOUND) {
        fprintf(stderr, "kopa document %s: no such record (%s %lld%s%s)\n", kind, idopt, (long long)id,
                statement ? ", municipality " : "", statement ? atvk : "");
        status = 1;
    } else if (rc == KP_EINVAL && statement) {
        fprintf(stderr, "kopa document statement: --month '%s' is not a month; write YYYY-MM, e.g. 2021-10\n", month);
        status = 2;
    } else if (rc) {
        fprintf(stderr, "kopa document %s: %s\n", kind, kp_strerror(rc));
        status = 1;
    } else {
        FILE *f = kp_cli_create_private(outp);
        if (!f || fwrite(pdf.data, 1, pdf.len, f) != pdf.len) {
            fprintf(stderr, "kopa document %s: cannot write %s\n", kind, outp);
            status = 1;
        }
        if (f && fclose(f) != 0 && !status) {
            fprintf(stderr, "kopa document %s: cannot write %s\n", kind, outp);
            status = 1;
        }
    }
    kp_buf_free(&pdf);
    kp_cli_close(&h);
    return status;
}
