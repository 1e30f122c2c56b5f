/* kopa subject-export, kopa retention and kopa privacy: the data-protection
 * rights from the command line (service/privacy/privacy.h). */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/date.h"
#include "report/privacy_docs.h"
#include "report/render.h"
#include "service/access.h"
#include "service/privacy/privacy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_id(const char *cmd, const char *option, const char *s, int64_t *out)
{
    char *end = NULL;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || v <= 0) {
        fprintf(stderr, "kopa %s: --%s '%s' is not a record id: give a positive number\n", cmd, option,
                s ? s : "");
        return false;
    }
    *out = v;
    return true;
}

/* Writes `data` to `path` (0600), or to standard output when path is NULL or "-". */
static int write_out(const char *cmd, const char *path, const char *data, size_t n)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, n, stdout) != n || fflush(stdout) != 0) {
            fprintf(stderr, "kopa %s: cannot write the standard output\n", cmd);
            return 1;
        }
        return 0;
    }
    FILE *f = kp_cli_create_private(path);
    int st = 0;
    if (!f || fwrite(data, 1, n, f) != n)
        st = 1;
    if (f && fclose(f) != 0)
        st = 1;
    if (st)
        fprintf(stderr, "kopa %s: cannot write %s\n", cmd, path);
    return st;
}

static void print_errors(const char *cmd, const kp_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        const kp_field_error *x = &e->items[i];
        if (x->file[0])
            fprintf(stderr, "kopa %s: %s:%ld: column '%s'%s%s%s: %s\n", cmd, x->file, x->line, x->field,
                    x->value[0] ? " (value '" : "", x->value, x->value[0] ? "')" : "", x->message);
        else if (x->field[0])
            fprintf(stderr, "kopa %s: --%s: %s\n", cmd, x->field, x->message);
        else
            fprintf(stderr, "kopa %s: %s\n", cmd, x->message);
    }
}

static int load_config(const char *cmd, const char *dir, kp_privacy_config *cfg)
{
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_privacy_config_load(dir, cfg, &e);
    if (rc)
        print_errors(cmd, &e);
    kp_errors_free(&e);
    return rc ? 1 : 0;
}

/* ---- kopa subject-export ---- */

static void export_help(void)
{
    printf("usage: kopa subject-export --db FILE --client ID [--format json|pdf] [--out FILE]\n\n"
           "Writes everything the database holds about one person (GDPR Art. 15): the client\n"
           "record with every personal code, its versions, residences, needs assessments, support\n"
           "plans, services granted and delivered, claim lines, contacts, tasks, representatives,\n"
           "legal bases and consents, restrictions, documents made, the history of changes and\n"
           "who viewed the data. JSON (the default) or PDF; to standard output without --out\n"
           "(JSON only). The file is readable by its owner only. The export is recorded in the\n"
           "client's history.\n\n" KP_CLI_CONFIG_HELP);
}

int kp_cmd_subject_export(int argc, char **argv)
{
    const char *cmd = "subject-export";
    kp_opt opts[] = {{"db", false, NULL}, {"client", false, NULL}, {"format", false, NULL},
                     {"out", false, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    if (kp_cli_parse(cmd, argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        export_help();
        return 0;
    }
    if (!O("db") || !O("client")) {
        fprintf(stderr, "kopa %s: --db and --client are required\n", cmd);
        return 2;
    }
    int64_t client = 0;
    if (!parse_id(cmd, "client", O("client"), &client))
        return 2;
    const char *format = O("format") ? O("format") : "json";
    if (strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0) {
        fprintf(stderr, "kopa %s: --format '%s' is not known: use json or pdf\n", cmd, format);
        return 2;
    }
    if (strcmp(format, "pdf") == 0 && (!O("out") || strcmp(O("out"), "-") == 0)) {
        fprintf(stderr, "kopa %s: --out FILE is required with --format pdf\n", cmd);
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(O("db"), true, &h))
        return 1;
    json_t *doc = NULL;
    int st = 0;
    kp_rc rc = kp_subject_export(&h.ctx, client, format, &doc);
    if (rc == KP_ENOTFOUND) {
        fprintf(stderr, "kopa %s: --client: no such client (%lld)\n", cmd, (long long)client);
        st = 1;
    } else if (rc) {
        fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        st = 1;
    } else if (strcmp(format, "json") == 0) {
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
        size_t n = text ? strlen(text) : 0;
        st = text ? write_out(cmd, O("out"), text, n) : 1;
        free(text);
    } else {
        kp_doc d;
        kp_doc_init(&d);
        d.created = kp_ctx_today(&h.ctx);
        kp_buf pdf;
        kp_buf_init(&pdf, 0);
        rc = kp_privacy_export_doc(doc, &d);
        if (!rc)
            rc = kp_render_pdf(&d, &pdf);
        if (rc) {
            fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
            st = 1;
        } else {
            st = write_out(cmd, O("out"), pdf.data, pdf.len);
        }
        kp_buf_free(&pdf);
        kp_doc_free(&d);
    }
    json_decref(doc);
    kp_cli_close(&h);
#undef O
    return st;
}

/* ---- kopa retention ---- */

static void retention_help(void)
{
    printf("usage: kopa retention --db FILE [--at DATE] [--data DIR] [--apply]\n\n"
           "Applies the retention rules of DIR/retention.csv (default: the catalogue folder):\n"
           "closed cases older than the closed_case rule are pseudonymised (names, personal\n"
           "codes, contact notes, task texts, plan goals and free-text reasons replaced or\n"
           "erased; dates, services, municipalities and target groups kept, so the figures of\n"
           "past periods stay the same), access records older than the access_log rule are\n"
           "deleted. Without --apply nothing is written: it lists what would change. With\n"
           "--apply it is done in one transaction. --at (YYYY-MM-DD, default today) is the\n"
           "date the years are counted back from. A restricted record (GDPR Art. 18) and the\n"
           "representative of an open case are kept.\n\n" KP_CLI_CONFIG_HELP);
}

int kp_cmd_retention(int argc, char **argv)
{
    const char *cmd = "retention";
    kp_opt opts[] = {{"db", false, NULL},   {"at", false, NULL},   {"data", false, NULL},
                     {"apply", true, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    if (kp_cli_parse(cmd, argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        retention_help();
        return 0;
    }
    if (!O("db")) {
        fprintf(stderr, "kopa %s: --db is required\n", cmd);
        return 2;
    }
    kp_date at;
    if (O("at") && kp_date_parse_iso(O("at"), &at)) {
        fprintf(stderr, "kopa %s: --at '%s' is not a date: write YYYY-MM-DD, e.g. 2031-12-31\n", cmd, O("at"));
        return 2;
    }
    kp_privacy_config cfg;
    if (load_config(cmd, O("data"), &cfg))
        return 2;
    kp_cli_db h;
    if (kp_cli_open(O("db"), false, &h)) {
        kp_privacy_config_free(&cfg);
        return 1;
    }
    kp_retention_result r;
    bool apply = O("apply") != NULL;
    kp_rc rc = kp_retention_run(&h.ctx, &cfg, O("at"), apply, &r);
    int st = 0;
    if (rc) {
        fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        st = 1;
    } else {
        const char *verb = apply ? "pseudonymised" : "would pseudonymise";
        printf("retention at %s (%s)\n", r.at, apply ? "applied" : "dry run: nothing written");
        if (r.closed_before[0])
            printf("closed_case: cases closed on or before %s: %s %zu client(s)\n", r.closed_before, verb, r.n);
        for (size_t i = 0; i < r.n; i++)
            printf("  client %lld (closed %s)\n", (long long)r.items[i].client_id, r.items[i].closed_on);
        if (r.closed_before[0])
            printf("closed_case: kept %zu restricted, %zu representing an open case; %zu pseudonymised before\n",
                   r.held_restricted, r.held_representative, r.already);
        if (r.access_before[0])
            printf("access_log: records before %s: %s %lld\n", r.access_before, apply ? "deleted" : "would delete",
                   (long long)r.access_rows);
        if (!apply)
            fprintf(stderr, "kopa %s: nothing was written: run again with --apply to do it\n", cmd);
    }
    kp_retention_result_free(&r);
    kp_privacy_config_free(&cfg);
    kp_cli_close(&h);
#undef O
    return st;
}

/* ---- kopa privacy ---- */

static void privacy_help(void)
{
    printf("usage: kopa privacy record [--format html|pdf] [--lang lv|en] [--data DIR] [--out FILE]\n"
           "       kopa privacy restrict --db FILE --client ID --reason TEXT\n"
           "       kopa privacy lift --db FILE --client ID --reason TEXT\n\n"
           "record: the record of processing activities (GDPR Art. 30) made from the purposes\n"
           "(DIR/processing_purposes.csv) and retention rules (DIR/retention.csv); HTML to\n"
           "standard output by default, PDF needs --out.\n"
           "restrict: freezes a client's record (GDPR Art. 18): every change is refused until\n"
           "lifted; reading still works and is recorded. lift: ends the restriction. Both are\n"
           "recorded in the client's history with the reason.\n\n" KP_CLI_CONFIG_HELP);
}

static int privacy_record(int argc, char **argv)
{
    const char *cmd = "privacy record";
    kp_opt opts[] = {{"format", false, NULL}, {"lang", false, NULL}, {"data", false, NULL},
                     {"out", false, NULL},    {"db", false, NULL},   {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("privacy", argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        privacy_help();
        return 0;
    }
    const char *format = O("format") ? O("format") : "html";
    if (strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0) {
        fprintf(stderr, "kopa %s: --format '%s' is not known: use html or pdf\n", cmd, format);
        return 2;
    }
    const char *lang = O("lang") ? O("lang") : "lv";
    if (strcmp(lang, "lv") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "kopa %s: --lang '%s' is not known: use lv or en\n", cmd, lang);
        return 2;
    }
    if (strcmp(format, "pdf") == 0 && (!O("out") || strcmp(O("out"), "-") == 0)) {
        fprintf(stderr, "kopa %s: --out FILE is required with --format pdf\n", cmd);
        return 2;
    }
    kp_privacy_config cfg;
    if (load_config(cmd, O("data"), &cfg))
        return 2;
    kp_doc d;
    kp_doc_init(&d);
    kp_buf out;
    kp_buf_init(&out, 0);
    /* The document's date is fixed (the same configuration gives the same
     * bytes). */
    kp_rc rc = kp_privacy_record_doc(&cfg, strcmp(lang, "en") == 0, kp_date_from_ymd(2026, 1, 1), &d);
    if (!rc)
        rc = strcmp(format, "pdf") == 0 ? kp_render_pdf(&d, &out) : kp_render_html(&d, &out);
    int st = 0;
    if (rc) {
        fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        st = 1;
    } else {
        st = write_out(cmd, O("out"), out.data, out.len);
    }
    kp_buf_free(&out);
    kp_doc_free(&d);
    kp_privacy_config_free(&cfg);
#undef O
    return st;
}

static int privacy_restrict(int argc, char **argv, bool lift)
{
    const char *cmd = lift ? "privacy lift" : "privacy restrict";
    kp_opt opts[] = {{"db", false, NULL}, {"client", false, NULL}, {"reason", false, NULL}, {"help", true, NULL}};
    size_t no = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("privacy", argc, argv, opts, no))
        return 2;
#define O(name) kp_cli_get(opts, no, name)
    if (O("help")) {
        privacy_help();
        return 0;
    }
    if (!O("db") || !O("client") || !O("reason")) {
        fprintf(stderr, "kopa %s: --db, --client and --reason are required\n", cmd);
        return 2;
    }
    int64_t client = 0;
    if (!parse_id(cmd, "client", O("client"), &client))
        return 2;
    kp_cli_db h;
    if (kp_cli_open(O("db"), false, &h))
        return 1;
    h.ctx.lang = "en";
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = lift ? kp_privacy_lift(&h.ctx, client, O("reason"), &e) : kp_privacy_restrict(&h.ctx, client, O("reason"), &e);
    int st = 0;
    if (rc == KP_ENOTFOUND) {
        fprintf(stderr, "kopa %s: --client: no such client (%lld)\n", cmd, (long long)client);
        st = 1;
    } else if (rc == KP_EINVAL || rc == KP_ECONFLICT) {
        print_errors(cmd, &e);
        st = 2;
    } else if (rc) {
        fprintf(stderr, "kopa %s: %s\n", cmd, kp_strerror(rc));
        st = 1;
    } else {
        printf(lift ? "lifted the restriction of client %lld\n" : "restricted client %lld\n", (long long)client);
    }
    kp_errors_free(&e);
    kp_cli_close(&h);
#undef O
    return st;
}

int kp_cmd_privacy(int argc, char **argv)
{
    if (argc < 1 || !strcmp(argv[0], "--help")) {
        privacy_help();
        return argc < 1 ? 2 : 0;
    }
    if (!strcmp(argv[0], "record"))
        return privacy_record(argc - 1, argv + 1);
    if (!strcmp(argv[0], "restrict"))
        return privacy_restrict(argc - 1, argv + 1, false);
    if (!strcmp(argv[0], "lift"))
        return privacy_restrict(argc - 1, argv + 1, true);
    fprintf(stderr, "kopa privacy: unknown action '%s'; use record, restrict or lift\n", argv[0]);
    return 2;
}
