/* kopa report: the progress evaluation as tidy CSV/JSON rows or as a
 * document (PDF, XLSX, HTML); approving, reprinting and comparing it. */
#include "cli/cli.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "report/eval_open.h"
#include "report/evaluation_rows.h"
#include "service/figures/open_data.h"
#include "service/figures/evaluations.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa report evaluation --db FILE --region CODE --at YYYY-MM-DD\n"
           "                              [--format csv|json|pdf|xlsx|html] [--out FILE]\n"
           "                              [--approve | --approved [--version N] | --changes]\n"
           "                              [--open-data]\n\n"
           "Computes the DI plan progress evaluation for a planning region (RPR, VPR,\n"
           "KPR, LPR, ZPR) from the records as they stood on the date. Records of\n"
           "merged municipalities count under their successor. --region ALL is the\n"
           "national roll-up of the five regions (regions instead of municipality\n"
           "chapters).\n\n"
           "  csv, json   one row per figure: section,municipality,target_group,item,\n"
           "              measure,period,value (default csv, to standard output)\n"
           "  pdf, xlsx   the evaluation document; --out FILE is required\n"
           "  html        a standalone web page\n\n"
           "  --approve   the region approves this evaluation as its next version (1, 2,\n"
           "              ...): the file, its figures and chapter texts are frozen in\n"
           "              the database with what changed since the previous version;\n"
           "              prints the version and the file's SHA-256\n"
           "  --approved  writes the latest approved file back, unchanged, even if\n"
           "              records changed since; --version N: that version's file\n"
           "  --changes   lists the figures and chapters that changed since the latest\n"
           "              approved version\n"
           "  --open-data the version to publish: counts of persons from 1 to 4 are\n"
           "              suppressed, and other cells so that no total gives one away;\n"
           "              the rule and threshold (data/disclosure.csv, default 5) are\n"
           "              stated in the file. With --approved: the latest approved\n"
           "              figures, as csv or json\n\n"
           KP_CLI_CONFIG_HELP);
}

static const char *const FORMATS[] = {"csv", "json", "pdf", "xlsx", "html"};

static kp_rc render(kp_ctx *ctx, const char *region, kp_date at, const char *format, const kp_figures *f, kp_buf *out)
{
    return kp_eval_render(ctx, region, at, format, f, NULL, NULL, out);
}

/* The open-data version of the latest approval (csv or json). */
static kp_rc approved_open(kp_ctx *ctx, const char *region, kp_date at, const char *format,
                           const kp_disclosure_rule *rule, kp_buf *out)
{
    kp_open_evaluation e = {0};
    kp_rc rc = kp_open_evaluation_latest(ctx, region, at, rule, &e);
    if (rc)
        return rc;
    char iso[11], source[64];
    kp_date_format_iso(at, iso);
    snprintf(source, sizeof source, "approved version %lld of %s", (long long)e.version, e.approved_on);
    char *mem = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&mem, &n);
    rc = !m ? KP_EIO
         : !strcmp(format, "json") ? kp_rows_write_json_open(&e.figures, &e.disclosure, region, iso, source, m)
                                   : kp_rows_write_csv_open(&e.figures, &e.disclosure, region, iso, source, m);
    if (m && fclose(m) != 0 && !rc)
        rc = KP_EIO;
    if (!rc)
        rc = kp_buf_append(out, mem ? mem : "", n);
    free(mem);
    kp_open_evaluation_free(&e);
    return rc;
}

static int write_out(const char *path, const kp_buf *b)
{
    FILE *f = path ? kp_cli_create_private(path) : stdout;
    if (!f) {
        fprintf(stderr, "kopa report evaluation: cannot write %s\n", path);
        return 1;
    }
    size_t n = b->len ? fwrite(b->data, 1, b->len, f) : 0;
    int bad = n != b->len;
    if (f != stdout)
        bad |= fclose(f) != 0;
    else
        bad |= fflush(f) != 0;
    if (bad)
        fprintf(stderr, "kopa report evaluation: could not write the report%s%s\n", path ? " to " : "", path ? path : "");
    return bad;
}

static int fail(kp_rc rc, const char *region)
{
    if (rc == KP_ENOTFOUND)
        fprintf(stderr, "kopa report evaluation: unknown region '%s'; use RPR, VPR, KPR, LPR, ZPR or ALL\n", region);
    else
        fprintf(stderr, "kopa report evaluation: %s\n", kp_strerror(rc));
    return rc == KP_ENOTFOUND ? 2 : 1;
}

/* The file of approval number `version` of region at date. */
static kp_rc approved_file(kp_ctx *ctx, const char *region, kp_date at, const char *format, int64_t version,
                           kp_buf *out, char sha[65])
{
    kp_eval_version *list = NULL;
    size_t n = 0;
    kp_rc rc = kp_evaluation_versions(ctx, region, at, &list, &n);
    int64_t id = 0;
    for (size_t i = 0; !rc && i < n; i++)
        if (list[i].version == version)
            id = list[i].id;
    free(list);
    if (!rc && !id)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_evaluation_version_file(ctx, id, format, out, sha);
    return rc;
}

static int run(kp_cli_db *h, const char *region, kp_date date, const char *at, const char *format, const char *outp,
               bool approve, bool approved, int64_t approved_version, bool changes, const kp_disclosure_rule *open)
{
    kp_ctx *ctx = &h->ctx;
    kp_buf out, csv;
    kp_buf_init(&out, 0);
    kp_buf_init(&csv, 0);
    kp_figures figs = {0};
    int status = 0;
    char sha[65];
    int64_t version = 0;
    size_t nchanges = 0;
    kp_rc rc;
    if (approved && open) {
        rc = approved_open(ctx, region, date, format, open, &out);
        if (rc == KP_ENOTFOUND) {
            fprintf(stderr, "kopa report evaluation: no approved evaluation for %s on %s (or no such region)\n", region,
                    at);
            status = 1;
        } else if (rc) {
            status = fail(rc, region);
        } else {
            status = write_out(outp, &out);
        }
        goto out;
    }
    if (approved) {
        rc = approved_version ? approved_file(ctx, region, date, format, approved_version, &out, sha)
                              : kp_evaluation_approved(ctx, region, date, format, &out, sha);
        if (rc == KP_ENOTFOUND) {
            fprintf(stderr, "kopa report evaluation: no approved %s evaluation for %s on %s%s\n", format, region, at,
                    approved_version ? " in that version" : "");
            status = 1;
        } else if (rc == KP_ESTATE) {
            fprintf(stderr, "kopa report evaluation: the stored evaluation does not match its SHA-256; not written\n");
            status = 1;
        } else if (rc) {
            status = fail(rc, region);
        } else if (!(status = write_out(outp, &out))) {
            fprintf(stderr, "approved evaluation, sha256 %s\n", sha);
        }
        goto out;
    }
    rc = kp_eval_figures(ctx, region, date, &figs);
    if (rc) {
        status = fail(rc, region);
        goto out;
    }
    if (!figs.has_data)
        fprintf(stderr, "kopa report evaluation: note: region %s has no records on %s; the figures are not facts\n",
                region, at);
    if (changes) {
        kp_buf report;
        kp_buf_init(&report, 0);
        size_t n = 0;
        rc = render(ctx, region, date, "csv", &figs, &csv);
        if (!rc)
            rc = kp_evaluation_changes(ctx, region, date, kp_buf_str(&csv), &report, &n);
        if (rc == KP_ENOTFOUND) {
            fprintf(stderr, "kopa report evaluation: no approved evaluation for %s on %s to compare with\n", region, at);
            status = 1;
        } else if (rc) {
            status = fail(rc, region);
        } else {
            fputs(kp_buf_str(&report), stdout);
            printf("%zu figure%s changed since the approved evaluation\n", n, n == 1 ? "" : "s");
        }
        kp_buf_free(&report);
        if (status || !outp)
            goto out;
    }
    rc = approve ? KP_OK /* approving renders it itself */
         : open  ? kp_eval_render_open(ctx, region, date, format, &figs, open, NULL, NULL, NULL, &out)
                 : render(ctx, region, date, format, &figs, &out);
    if (rc) {
        status = fail(rc, region);
        goto out;
    }
    if (approve) {
        kp_eval_version v;
        rc = kp_eval_publish(ctx, region, date, &format, 1, 0, &v, &out);
        if (rc == KP_ENOTFOUND) {
            fprintf(stderr, "kopa report evaluation: only a planning region approves its evaluation, not '%s'\n", region);
            status = 2;
            goto out;
        }
        if (rc == KP_ECONFLICT) {
            fprintf(stderr, "kopa report evaluation: another approval or a chapter was saved meanwhile; run again\n");
            status = 1;
            goto out;
        }
        if (rc) {
            status = fail(rc, region);
            goto out;
        }
        memcpy(sha, v.files[0].sha256, sizeof sha);
        version = v.version;
        nchanges = v.nchanges;
    }
    status = write_out(outp, &out);
    if (!status && approve) {
        printf("version %lld\n", (long long)version);
        printf("sha256 %s\n", sha);
        if (version > 1)
            printf("%zu figure%s and chapter%s changed since version %lld (kopa serve: /evaluation/versions)\n",
                   nchanges, nchanges == 1 ? "" : "s", nchanges == 1 ? "" : "s", (long long)(version - 1));
    }
out:
    kp_figures_free(&figs);
    kp_buf_free(&out);
    kp_buf_free(&csv);
    return status;
}

int kp_cmd_report(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        help();
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "evaluation") != 0) {
        fprintf(stderr, "kopa report: unknown report '%s'; the report is 'evaluation'\n", argv[0]);
        return 2;
    }
    kp_opt opts[] = {{"db", false, NULL},     {"region", false, NULL}, {"at", false, NULL},
                     {"format", false, NULL}, {"out", false, NULL},    {"approve", true, NULL},
                     {"approved", true, NULL}, {"changes", true, NULL}, {"help", true, NULL},
                     {"version", false, NULL}, {"open-data", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("report", argc - 1, argv + 1, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db"), *region = kp_cli_get(opts, n, "region"), *at = kp_cli_get(opts, n, "at");
    const char *format = kp_cli_get(opts, n, "format"), *outp = kp_cli_get(opts, n, "out");
    bool approve = kp_cli_get(opts, n, "approve"), approved = kp_cli_get(opts, n, "approved"),
         changes = kp_cli_get(opts, n, "changes");
    const char *vtext = kp_cli_get(opts, n, "version");
    int64_t approved_version = 0;
    if (vtext) {
        char *end = NULL;
        long long v = strtoll(vtext, &end, 10);
        if (!approved || !end || *end || v < 1 || v > 1000000) {
            fprintf(stderr, "kopa report evaluation: --version N (a whole number from 1) goes with --approved\n");
            return 2;
        }
        approved_version = v;
    }
    if (!db || !region || !at) {
        fprintf(stderr, "kopa report evaluation: --db, --region and --at are required\n");
        return 2;
    }
    kp_date date;
    if (kp_date_parse_iso(at, &date)) {
        fprintf(stderr, "kopa report evaluation: --at '%s' is not a date; write YYYY-MM-DD, e.g. 2021-12-31\n", at);
        return 2;
    }
    if (!format)
        format = "csv";
    bool known = false;
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        known = known || !strcmp(FORMATS[i], format);
    if (!known) {
        fprintf(stderr, "kopa report evaluation: --format '%s' is not known; use csv, json, pdf, xlsx or html\n", format);
        return 2;
    }
    if ((!strcmp(format, "pdf") || !strcmp(format, "xlsx")) && !outp && !(changes && !approve)) {
        fprintf(stderr, "kopa report evaluation: --format %s needs --out FILE\n", format);
        return 2;
    }
    if (approve + approved + changes > 1) {
        fprintf(stderr, "kopa report evaluation: give only one of --approve, --approved and --changes\n");
        return 2;
    }
    if (approve && !outp) {
        fprintf(stderr, "kopa report evaluation: --approve needs --out FILE (the approved file is written there)\n");
        return 2;
    }
    bool open_data = kp_cli_get(opts, n, "open-data");
    kp_disclosure_rule rule;
    if (open_data) {
        if (approve || changes) {
            fprintf(stderr, "kopa report evaluation: --open-data cannot go with --approve or --changes; it writes the "
                            "suppressed version of the figures or of the latest approval (--approved)\n");
            return 2;
        }
        if (approved && (approved_version || (strcmp(format, "csv") && strcmp(format, "json")))) {
            fprintf(stderr, "kopa report evaluation: --open-data with --approved writes the latest approval's figures "
                            "as --format csv or json (no --version)\n");
            return 2;
        }
        char err[640];
        if (kp_disclosure_current(&rule, err, sizeof err)) {
            fprintf(stderr, "kopa report evaluation: --open-data: the disclosure rule cannot be read: %s\n", err);
            return 2;
        }
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    int status = run(&h, region, date, at, format, outp, approve, approved, approved_version, changes,
                     open_data ? &rule : NULL);
    kp_cli_close(&h);
    return status;
}
