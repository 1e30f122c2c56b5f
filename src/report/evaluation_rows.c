/* Tidy CSV and JSON renderings of the evaluation's figures. */
#include "report/evaluation_rows.h"
#include "service/transfer/csv_file.h"
#include <jansson.h>

kp_rc kp_rows_write_csv(const kp_figures *f, FILE *out)
{
    fputs("section,municipality,target_group,item,measure,period,value\n", out);
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        char period[12] = "", value[32];
        if (x->period)
            snprintf(period, sizeof period, "%d", x->period);
        kp_figure_value_plain(x, value);
        kp_csv_put(out, x->section, 1);
        kp_csv_put(out, x->municipality, 0);
        kp_csv_put(out, x->target_group, 0);
        kp_csv_put(out, x->item, 0);
        kp_csv_put(out, x->measure, 0);
        kp_csv_put(out, period, 0);
        kp_csv_put(out, value, 0);
        kp_csv_end_row(out);
    }
    return ferror(out) ? KP_EIO : KP_OK;
}

kp_rc kp_rows_write_json(const kp_figures *f, FILE *out)
{
    json_t *rows = json_array();
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        char value[32];
        kp_figure_value_plain(x, value);
        /* Values stay strings, as in the CSV, so cents are never turned
         * into binary floating point on the way. */
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "section", x->section,
                                              "municipality", x->municipality, "target_group", x->target_group, "item",
                                              x->item, "measure", x->measure, "period",
                                              x->period ? json_integer(x->period) : json_null(), "value", value));
    }
    json_t *doc = json_pack("{s:o, s:b}", "rows", rows, "has_data", f->has_data);
    int rc = json_dumpf(doc, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(doc);
    return rc || ferror(out) ? KP_EIO : KP_OK;
}

static bool open_args(const kp_figures *f, const kp_disclosure *d, const char *region, const char *at, FILE *out)
{
    return f && d && region && at && out && d->n == f->n && (d->figure || !f->n);
}

kp_rc kp_rows_write_csv_open(const kp_figures *f, const kp_disclosure *d, const char *region, const char *at,
                             const char *source, FILE *out)
{
    if (!open_args(f, d, region, at, out))
        return KP_EINVAL;
    char en[640], lv[640];
    kp_disclosure_statement(&d->rule, true, en, sizeof en);
    kp_disclosure_statement(&d->rule, false, lv, sizeof lv);
    fprintf(out, "# Kopā open data: DI plan progress evaluation, region %s, on %s%s%s\n", region, at,
            source ? ", " : "", source ? source : "");
    fprintf(out, "# disclosure rule: %s\n", en);
    fprintf(out, "# noteikums: %s\n", lv);
    fprintf(out, "# disclosure threshold: %d\n", d->rule.threshold);
    fprintf(out, "# suppressed cells: %zu\n", d->nsuppressed);
    fputs("section,municipality,target_group,item,measure,period,value,flag\n", out);
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        char period[12] = "", value[32] = "";
        if (x->period)
            snprintf(period, sizeof period, "%d", x->period);
        if (!d->figure[i])
            kp_figure_value_plain(x, value);
        kp_csv_put(out, x->section, 1);
        kp_csv_put(out, x->municipality, 0);
        kp_csv_put(out, x->target_group, 0);
        kp_csv_put(out, x->item, 0);
        kp_csv_put(out, x->measure, 0);
        kp_csv_put(out, period, 0);
        kp_csv_put(out, value, 0);
        kp_csv_put(out, d->figure[i] ? "c" : "", 0);
        kp_csv_end_row(out);
    }
    return ferror(out) ? KP_EIO : KP_OK;
}

kp_rc kp_rows_write_json_open(const kp_figures *f, const kp_disclosure *d, const char *region, const char *at,
                              const char *source, FILE *out)
{
    if (!open_args(f, d, region, at, out))
        return KP_EINVAL;
    char en[640], lv[640];
    kp_disclosure_statement(&d->rule, true, en, sizeof en);
    kp_disclosure_statement(&d->rule, false, lv, sizeof lv);
    json_t *rows = json_array();
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        char value[32];
        kp_figure_value_plain(x, value);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "section", x->section,
                                              "municipality", x->municipality, "target_group", x->target_group, "item",
                                              x->item, "measure", x->measure, "period",
                                              x->period ? json_integer(x->period) : json_null(), "value",
                                              d->figure[i] ? json_null() : json_string(value), "flag",
                                              d->figure[i] ? json_string("c") : json_null()));
    }
    json_t *meta = json_pack("{s:s, s:s, s:s?, s:{s:i, s:s, s:s, s:I}}", "region", region, "at", at, "source", source,
                             "disclosure", "threshold", d->rule.threshold, "rule", en, "noteikums", lv, "suppressed",
                             (json_int_t)d->nsuppressed);
    json_t *doc = json_pack("{s:o, s:o, s:b}", "metadata", meta, "rows", rows, "has_data", f->has_data);
    int rc = json_dumpf(doc, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(doc);
    return rc || ferror(out) ? KP_EIO : KP_OK;
}
