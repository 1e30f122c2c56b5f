/* kopa report: the progress evaluation's figures as tidy CSV or JSON. */
#include "cli/cli.h"
#include "report/evaluation_rows.h"
#include <stdio.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa report evaluation --db FILE --region CODE --at YYYY-MM-DD [--format csv|json] [--out FILE]\n\n"
           "Computes every figure of the DI progress evaluation for a planning region\n"
           "(RPR, VPR, KPR, LPR, ZPR) from the records as they stood on the date, one\n"
           "row per figure: section,municipality,target_group,item,measure,period,value.\n"
           "Records of merged municipalities count under their successor.\n");
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
                     {"format", false, NULL}, {"out", false, NULL},    {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("report", argc - 1, argv + 1, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db"), *region = kp_cli_get(opts, n, "region"), *at = kp_cli_get(opts, n, "at");
    const char *format = kp_cli_get(opts, n, "format"), *outp = kp_cli_get(opts, n, "out");
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
    if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0) {
        fprintf(stderr, "kopa report evaluation: --format '%s' is not known; use csv or json\n", format);
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, false, &h))
        return 1;
    kp_figures figs;
    kp_rc rc = kp_figures_compute(&h.ctx, region, date, &figs);
    if (rc == KP_ENOTFOUND) {
        fprintf(stderr, "kopa report evaluation: unknown region '%s'; use RPR, VPR, KPR, LPR or ZPR\n", region);
        kp_cli_close(&h);
        return 2;
    }
    if (rc) {
        fprintf(stderr, "kopa report evaluation: %s\n", kp_strerror(rc));
        kp_cli_close(&h);
        return 1;
    }
    if (!figs.has_data)
        fprintf(stderr, "kopa report evaluation: note: region %s has no records on %s; the figures below are not facts\n",
                region, at);
    FILE *f = stdout;
    if (outp && !(f = fopen(outp, "w"))) {
        fprintf(stderr, "kopa report evaluation: cannot write %s\n", outp);
        kp_figures_free(&figs);
        kp_cli_close(&h);
        return 1;
    }
    rc = strcmp(format, "json") == 0 ? kp_rows_write_json(&figs, f) : kp_rows_write_csv(&figs, f);
    if (f != stdout && fclose(f) != 0)
        rc = KP_EIO;
    kp_figures_free(&figs);
    kp_cli_close(&h);
    if (rc) {
        fprintf(stderr, "kopa report evaluation: could not write the report\n");
        return 1;
    }
    return 0;
}
