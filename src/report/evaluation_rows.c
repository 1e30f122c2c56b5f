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
