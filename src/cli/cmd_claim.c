/* kopa claim: compensation claims — build, verify line by line, pay, show. */
#include "cli/cli.h"
#include "service/programme/claims.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa claim build  --db FILE --municipality ATVK --month YYYY-MM\n"
           "       kopa claim verify --db FILE --claim ID --line N (--accept | --reject REASON | --correct REASON)\n"
           "       kopa claim pay    --db FILE --claim ID [--claim ID ...] --paid-on YYYY-MM-DD\n"
           "       kopa claim show   --db FILE --claim ID\n\n"
           "A municipality claims a month of confirmed deliveries at the unit cost valid\n"
           "on each delivery's date; deliveries outside their assignment, beyond a limit\n"
           "or already claimed are refused with the reason. The region accepts, rejects\n"
           "or sends back each line, then pays verified claims together: one payment per\n"
           "claim, split ESF 85 %% / state 15 %% and rounded per payment; the difference\n"
           "to a flat 85 %% of the total is shown.\n\n"
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

static int report(const char *what, kp_rc rc, const kp_errors *e)
{
    if (!rc)
        return 0;
    if (e->n)
        kp_cli_print_errors(e);
    else if (rc == KP_ENOTFOUND)
        fprintf(stderr, "kopa claim %s: no such claim (or not in your scope)\n", what);
    else
        fprintf(stderr, "kopa claim %s: %s\n", what, kp_strerror(rc));
    return rc == KP_EINVAL || rc == KP_ERULE ? 2 : 1;
}

static int show(kp_cli_db *h, int64_t id)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    kp_rc rc = kp_claim_show(&h->ctx, id, &b);
    if (!rc)
        fputs(kp_buf_str(&b), stdout);
    kp_buf_free(&b);
    kp_errors e;
    kp_errors_init(&e);
    int st = report("show", rc, &e);
    kp_errors_free(&e);
    return st;
}

static int pay(int argc, char **argv)
{
    const char *db = NULL, *paid_on = NULL, *config = NULL;
    int64_t ids[64];
    size_t n = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help")) {
            help();
            return 0;
        }
        if (i + 1 >= argc ||
            (strcmp(a, "--db") && strcmp(a, "--claim") && strcmp(a, "--paid-on") && strcmp(a, "--config"))) {
            fprintf(stderr, "kopa claim pay: unexpected argument '%s' (see kopa claim --help)\n", a);
            return 2;
        }
        const char *v = argv[++i];
        if (!strcmp(a, "--db"))
            db = v;
        else if (!strcmp(a, "--config"))
            config = v;
        else if (!strcmp(a, "--paid-on"))
            paid_on = v;
        else if (n == 64 || !parse_id(v, &ids[n++])) {
            fprintf(stderr, "kopa claim pay: --claim '%s' is not a claim id (at most 64 claims)\n", v);
            return 2;
        }
    }
    kp_opt from_file[] = {{"db", false, db}};
    if (kp_cli_config("claim", config, from_file, 1))
        return 2;
    db = from_file[0].value;
    if (!db || !paid_on || !n) {
        fprintf(stderr, "kopa claim pay: --db, --paid-on and at least one --claim are required\n");
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    kp_errors e;
    kp_errors_init(&e);
    kp_split_summary s;
    int64_t bundle = 0;
    kp_rc rc = kp_claim_pay(&h.ctx, ids, n, paid_on, &e, &bundle, &s);
    int st = report("pay", rc, &e);
    if (!rc) {
        char t[32], esf[32], state[32], flat[32];
        kp_money_format_lv(s.total, t);
        kp_money_format_lv(s.esf, esf);
        kp_money_format_lv(s.state, state);
        kp_money_format_lv(s.flat_esf, flat);
        printf("payment bundle %lld: %zu claim%s, total %s EUR\n", (long long)bundle, n, n == 1 ? "" : "s", t);
        printf("ESF (sum of per-payment parts) %s EUR, state %s EUR\n", esf, state);
        printf("85 %% of the total rounded once: %s EUR; rounding difference %+lld cent%s\n", flat,
               (long long)s.difference, s.difference == 1 || s.difference == -1 ? "" : "s");
    }
    kp_errors_free(&e);
    kp_cli_close(&h);
    return st;
}

int kp_cmd_claim(int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help")) {
        help();
        return argc < 1 ? 2 : 0;
    }
    const char *sub = argv[0];
    if (!strcmp(sub, "pay"))
        return pay(argc - 1, argv + 1);
    if (strcmp(sub, "build") && strcmp(sub, "verify") && strcmp(sub, "show")) {
        fprintf(stderr, "kopa claim: unknown action '%s'; use build, verify, pay or show\n", sub);
        return 2;
    }
    kp_opt opts[] = {{"db", false, NULL},     {"municipality", false, NULL}, {"month", false, NULL},
                     {"claim", false, NULL},  {"line", false, NULL},         {"accept", true, NULL},
                     {"reject", false, NULL}, {"correct", false, NULL},      {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("claim", argc - 1, argv + 1, opts, no))
        return 2;
    if (kp_cli_get(opts, no, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, no, "db");
    if (!db) {
        fprintf(stderr, "kopa claim %s: --db is required\n", sub);
        return 2;
    }
    int64_t claim = 0, line = 0;
    const char *accept = kp_cli_get(opts, no, "accept"), *reject = kp_cli_get(opts, no, "reject"),
               *correct = kp_cli_get(opts, no, "correct");
    if (strcmp(sub, "build") && !parse_id(kp_cli_get(opts, no, "claim"), &claim)) {
        fprintf(stderr, "kopa claim %s: --claim needs a claim id\n", sub);
        return 2;
    }
    if (!strcmp(sub, "verify") &&
        (!parse_id(kp_cli_get(opts, no, "line"), &line) || (!!accept + !!reject + !!correct) != 1)) {
        fprintf(stderr, "kopa claim verify: give --line N and one of --accept, --reject REASON, --correct REASON\n");
        return 2;
    }
    const char *atvk = kp_cli_get(opts, no, "municipality"), *month = kp_cli_get(opts, no, "month");
    if (!strcmp(sub, "build") && (!atvk || !month)) {
        fprintf(stderr, "kopa claim build: --municipality ATVK and --month YYYY-MM are required\n");
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    kp_errors e;
    kp_errors_init(&e);
    int st = 0;
    if (!strcmp(sub, "build")) {
        int64_t id = 0;
        size_t lines = 0, refused = 0;
        kp_rc rc = kp_claim_build(&h.ctx, atvk, month, &e, &id, &lines, &refused);
        st = report("build", rc, &e);
        if (!rc && !id)
            printf("nothing to claim: no confirmed, unclaimed deliveries for %s in %s\n", atvk, month);
        else if (!rc) {
            printf("claim %lld: %zu line%s to verify, %zu refused\n", (long long)id, lines, lines == 1 ? "" : "s",
                   refused);
            st = show(&h, id);
        }
    } else if (!strcmp(sub, "verify")) {
        kp_rc rc = kp_claim_verify(&h.ctx, claim, line, accept ? "accept" : reject ? "reject" : "correct",
                                   reject ? reject : correct, &e);
        st = report("verify", rc, &e);
        if (!rc)
            st = show(&h, claim);
    } else {
        st = show(&h, claim);
    }
    kp_errors_free(&e);
    kp_cli_close(&h);
    return st;
}
