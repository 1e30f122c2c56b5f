/* kopa check: the data-quality report — which records break which rule,
 * with the numbers and what to do (service/quality/checks.h). */
#include "cli/cli.h"
#include "report/check_render.h"
#include "service/quality/checks.h"
#include <stdio.h>
#include <string.h>

static void list_checks(FILE *f)
{
    size_t n = 0;
    const kp_check_def *t = kp_checks(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "  %-32s %-8s %s\n", t[i].id, kp_check_severity_name(t[i].severity), t[i].title_en);
}

static void help(void)
{
    printf("usage: kopa check --db FILE [--region R] [--municipality ATVK] [--at DATE]\n"
           "                  [--format text|csv|html] [--out FILE] [--lang en|lv] [--check ID]\n"
           "       kopa check --list\n\n"
           "Checks the records as they stood on DATE (default: today) against the rules\n"
           "below and reports every record that breaks one: the record (kind, id,\n"
           "territory; for people the client id and name, never a personal code), what\n"
           "is wrong with the numbers, and what to do. --region keeps the findings of\n"
           "that planning region on DATE (records of merged municipalities count under\n"
           "their successor, as in the evaluation); --municipality those held by or\n"
           "recorded under that territory; --check one check. Text groups the findings\n"
           "by check with counts; csv gives one row per finding (text a spreadsheet\n"
           "would run as a formula gets a ' in front); html a standalone page. The\n"
           "output names clients: the file is created readable by its owner only, and\n"
           "each client named leaves an access record. Definitions: docs/checks.md.\n\n"
           "Exit status: 0 no finding of severity error, 1 at least one, 2 wrong usage,\n"
           "3 the check could not run (the message says why).\n\n"
           "checks:\n");
    list_checks(stdout);
}

static int write_out(const char *path, const kp_buf *b)
{
    FILE *f = path && strcmp(path, "-") != 0 ? kp_cli_create_private(path) : stdout;
    if (!f) {
        fprintf(stderr, "kopa check: cannot create %s\n", path);
        return 3;
    }
    bool ok = fwrite(kp_buf_str(b), 1, b->len, f) == b->len;
    if (f != stdout)
        ok = fclose(f) == 0 && ok;
    else
        ok = fflush(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "kopa check: writing %s failed\n", path && strcmp(path, "-") ? path : "standard output");
        return 3;
    }
    return 0;
}

int kp_cmd_check(int argc, char **argv)
{
    kp_opt opts[] = {{"db", false, NULL},     {"region", false, NULL}, {"municipality", false, NULL},
                     {"at", false, NULL},     {"format", false, NULL}, {"out", false, NULL},
                     {"lang", false, NULL},   {"check", false, NULL},  {"list", true, NULL},
                     {"help", true, NULL}};
    size_t nopts = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("check", argc, argv, opts, nopts))
        return 2;
    if (kp_cli_get(opts, nopts, "help")) {
        help();
        return 0;
    }
    if (kp_cli_get(opts, nopts, "list")) {
        list_checks(stdout);
        return 0;
    }
    const char *db = kp_cli_get(opts, nopts, "db");
    const char *format = kp_cli_get(opts, nopts, "format");
    const char *lang = kp_cli_get(opts, nopts, "lang");
    if (!db) {
        fprintf(stderr, "kopa check: --db FILE is required\n");
        return 2;
    }
    if (!format)
        format = "text";
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "html") != 0) {
        fprintf(stderr, "kopa check: --format must be text, csv or html, not '%s'\n", format);
        return 2;
    }
    if (!lang)
        lang = "en";
    if (strcmp(lang, "en") != 0 && strcmp(lang, "lv") != 0) {
        fprintf(stderr, "kopa check: --lang must be en or lv, not '%s'\n", lang);
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 3;
    h.ctx.lang = lang;
    kp_check_opts o = {.at = kp_cli_get(opts, nopts, "at"),
                       .region = kp_cli_get(opts, nopts, "region"),
                       .municipality = kp_cli_get(opts, nopts, "municipality"),
                       .check = kp_cli_get(opts, nopts, "check")};
    kp_errors e;
    kp_errors_init(&e);
    kp_check_report r;
    kp_rc rc = kp_check_run(&h.ctx, &o, &e, &r);
    int status = 0;
    if (rc == KP_EINVAL && e.n) {
        for (size_t i = 0; i < e.n; i++)
            fprintf(stderr, "kopa check: --%s '%s': %s%s\n", e.items[i].field, e.items[i].value, e.items[i].message,
                    strcmp(e.items[i].field, "check") == 0 ? " (kopa check --list)" : "");
        status = 2;
    } else if (rc) {
        fprintf(stderr, "kopa check: the check could not run: %s\n", kp_strerror(rc));
        status = 3;
    }
    if (!status) {
        char scope[96] = "";
        if (o.region && o.municipality)
            snprintf(scope, sizeof scope, "%s %s, %s %s", strcmp(lang, "lv") ? "region" : "reģions", o.region,
                     strcmp(lang, "lv") ? "municipality" : "pašvaldība", o.municipality);
        else if (o.region)
            snprintf(scope, sizeof scope, "%s %s", strcmp(lang, "lv") ? "region" : "reģions", o.region);
        else if (o.municipality)
            snprintf(scope, sizeof scope, "%s %s", strcmp(lang, "lv") ? "municipality" : "pašvaldība", o.municipality);
        kp_buf out;
        kp_buf_init(&out, KP_BUF_DEFAULT_MAX);
        rc = strcmp(format, "csv") == 0    ? kp_check_render_csv(&r, lang, &out)
             : strcmp(format, "html") == 0 ? kp_check_render_html(&r, lang, scope, &out)
                                           : kp_check_render_text(&r, lang, scope, &out);
        if (rc) {
            fprintf(stderr, "kopa check: the report could not be written: %s\n", kp_strerror(rc));
            status = 3;
        } else {
            status = write_out(kp_cli_get(opts, nopts, "out"), &out);
        }
        kp_buf_free(&out);
        if (!status && r.severity[KP_CHECK_ERROR])
            status = 1;
        if (!status || status == 1)
            fprintf(stderr, "kopa check: %zu errors, %zu warnings, %zu for information at %s\n",
                    r.severity[KP_CHECK_ERROR], r.severity[KP_CHECK_WARNING], r.severity[KP_CHECK_INFO], r.at);
    }
    kp_check_report_free(&r);
    kp_errors_free(&e);
    kp_cli_close(&h);
    return status;
}
