/* kopa figures: the figure catalogue's drill-down on the command line —
 * the records behind one figure, and a check that every figure of an
 * evaluation equals the total of its records (figure_records.h). */
#include "cli/cli.h"
#include "core/money.h"
#include "service/figures/catalogue.h"
#include "service/figures/figure_records.h"
#include "service/transfer/csv_file.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: kopa figures records --db FILE --region CODE --at YYYY-MM-DD --figure REF\n"
           "                            [--municipality ID]\n"
           "       kopa figures check   --db FILE --region CODE --at YYYY-MM-DD\n\n"
           "records  lists the records behind one figure of the evaluation: REF is\n"
           "         section.target_group.item.measure.period as the HTML report's links\n"
           "         name it (e.g. context.grt.grt_assessed.persons.0); --municipality ID\n"
           "         the territory (default: the whole region). Persons are listed by\n"
           "         pseudonym: names are for the municipality's own staff, on the web.\n"
           "check    lists every figure whose records do not add up to it; exit 1 if any.\n" KP_CLI_CONFIG_HELP);
}

static void value_text(kp_value_kind kind, int64_t v, char out[32])
{
    kp_figure f = {.kind = kind, .value = v};
    kp_figure_value_plain(&f, out);
}

static int records(kp_ctx *ctx, const char *region, kp_date at, const char *ref_s, const char *muni_s)
{
    kp_figure_ref ref;
    if (kp_figure_ref_parse(ref_s, &ref)) {
        fprintf(stderr, "kopa figures records: --figure '%s' names no figure; write section.group.item.measure.period, "
                        "e.g. context.grt.grt_assessed.persons.0\n", ref_s);
        return 2;
    }
    char *end = NULL;
    long long muni = muni_s ? strtoll(muni_s, &end, 10) : 0;
    if (muni_s && (!*muni_s || *end)) {
        fprintf(stderr, "kopa figures records: --municipality '%s' is not a number; give the territory's id (as the"
                        " HTML report's figure links name it), or leave it out for the whole region\n", muni_s);
        return 2;
    }
    kp_figure_records r;
    kp_rc rc = kp_figure_records_list(ctx, region, at, &ref, (int64_t)muni, &r);
    if (rc) {
        fprintf(stderr, "kopa figures records: %s\n",
                rc == KP_ENOTFOUND ? "no such region, or no such territory in it on that date; use RPR, VPR, KPR,"
                                     " LPR, ZPR or ALL and a territory id of that region"
                                   : kp_strerror(rc));
        return rc == KP_ENOTFOUND || rc == KP_EINVAL ? 2 : 1;
    }
    printf("kind,id,pseudonym,municipality,detail,amount\n");
    for (size_t i = 0; i < r.n; i++) {
        const kp_figure_record *x = &r.items[i];
        char v[32];
        value_text(r.kind, x->amount, v);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)x->record_id);
        kp_csv_put(stdout, x->kind, 1);
        kp_csv_put(stdout, id, 0);
        kp_csv_put(stdout, x->pseudonym, 0);
        kp_csv_put(stdout, x->municipality, 0);
        kp_csv_put(stdout, x->detail, 0);
        kp_csv_put(stdout, v, 0);
        kp_csv_end_row(stdout);
    }
    char t[32];
    value_text(r.kind, r.total, t);
    printf("%zu records, total %s%s\n", r.n, t, r.derived ? " (the share's numerator)" : "");
    kp_figure_records_free(&r);
    return 0;
}

/* The value a figure's records must add up to: itself, or for a share the
 * numerator's figure of the same territory (*period: the numerator's). */
static bool expected(const kp_figures *f, const kp_figure *x, const kp_figure_def *def, int64_t *v, int *period)
{
    *period = x->period;
    if (def->fold != KP_FOLD_PERCENT && def->fold != KP_FOLD_PER_1000) {
        *v = x->value;
        return true;
    }
    /* A share's numerator has period 0 (or any); a rate's is of its year. */
    int own = def->fold == KP_FOLD_PER_1000 ? x->period : 0;
    const char *item = !strcmp(def->num[1], "*") ? x->item : def->num[1];
    bool found = false;
    for (size_t j = 0; j < f->n; j++) {
        const kp_figure *y = &f->items[j];
        if (y->municipality_id == x->municipality_id && !strcmp(y->section, def->num[0]) && !strcmp(y->item, item) &&
            !strcmp(y->measure, def->num[2]) && (def->num_any_period || y->period == own)) {
            *v = y->value;
            *period = y->period;
            found = true;
        }
    }
    return found;
}

static int check(kp_ctx *ctx, const char *region, kp_date at)
{
    kp_figures f;
    kp_rc rc = kp_figures_for(ctx, region, at, &f);
    if (rc) {
        fprintf(stderr, "kopa figures check: %s\n", rc == KP_ENOTFOUND ? "no such region; use RPR, VPR, KPR, LPR, ZPR or ALL" : kp_strerror(rc));
        return rc == KP_ENOTFOUND ? 2 : 1;
    }
    size_t bad = 0, checked = 0;
    for (size_t i = 0; i < f.n && !rc; i++) {
        const kp_figure *x = &f.items[i];
        const kp_figure_def *def = kp_catalogue_find(x->section, x->item, x->measure);
        int64_t want = 0;
        int period = 0;
        /* A figure with no records of its own and no numerator (the
         * population of the trends, from data/population.csv) has nothing
         * to add up. */
        if (def && def->records == KP_REC_NONE && !def->num[0])
            continue;
        if (!def || !expected(&f, x, def, &want, &period)) {
            printf("%s.%s.%s.%s.%d %s: not in the catalogue\n", x->section, x->target_group, x->item, x->measure,
                   x->period, x->municipality);
            bad++;
            continue;
        }
        kp_figure y = *x;
        if (def->fold == KP_FOLD_PERCENT || def->fold == KP_FOLD_PER_1000)
            y.period = period;
        char ref_s[KP_FIGURE_REF_MAX];
        kp_figure_ref_format(&y, ref_s);
        kp_figure_ref ref;
        kp_figure_records r;
        rc = kp_figure_ref_parse(ref_s, &ref);
        if (!rc)
            rc = kp_figure_records_list(ctx, region, at, &ref, x->municipality_id, &r);
        if (rc) {
            fprintf(stderr, "kopa figures check: %s (%s)\n", kp_strerror(rc), ref_s);
            break;
        }
        checked++;
        if (r.total != want) {
            char a[32], b[32];
            value_text(r.kind, r.total, a);
            value_text(r.kind, want, b);
            printf("%s %s: %zu records add up to %s, the figure is %s\n", ref_s, x->municipality, r.n, a, b);
            bad++;
        }
        kp_figure_records_free(&r);
    }
    kp_figures_free(&f);
    if (rc)
        return 1;
    printf("%zu figures checked, %zu differ from their records\n", checked, bad);
    return bad ? 1 : 0;
}

int kp_cmd_figures(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        help();
        return argc < 1 ? 2 : 0;
    }
    bool rec = !strcmp(argv[0], "records");
    if (!rec && strcmp(argv[0], "check") != 0) {
        fprintf(stderr, "kopa figures: unknown action '%s'; use records or check\n", argv[0]);
        return 2;
    }
    kp_opt opts[] = {{"db", false, NULL},     {"region", false, NULL},       {"at", false, NULL},
                     {"figure", false, NULL}, {"municipality", false, NULL}, {"help", true, NULL}};
    size_t n = sizeof opts / sizeof opts[0];
    if (kp_cli_parse("figures", argc - 1, argv + 1, opts, n))
        return 2;
    if (kp_cli_get(opts, n, "help")) {
        help();
        return 0;
    }
    const char *db = kp_cli_get(opts, n, "db"), *region = kp_cli_get(opts, n, "region"), *at = kp_cli_get(opts, n, "at");
    const char *figure = kp_cli_get(opts, n, "figure");
    if (!db || !region || !at || (rec && !figure)) {
        fprintf(stderr, "kopa figures %s: --db, --region and --at are required%s\n", argv[0],
                rec ? ", and --figure" : "");
        return 2;
    }
    kp_date date;
    if (kp_date_parse_iso(at, &date)) {
        fprintf(stderr, "kopa figures %s: --at '%s' is not a date; write YYYY-MM-DD, e.g. 2021-12-31\n", argv[0], at);
        return 2;
    }
    kp_cli_db h;
    if (kp_cli_open(db, true, &h))
        return 1;
    int status = rec ? records(&h.ctx, region, date, figure, kp_cli_get(opts, n, "municipality"))
                     : check(&h.ctx, region, date);
    kp_cli_close(&h);
    return status;
}
