/* The evaluation as open data (see eval_open.h). */
#include "report/eval_open.h"
#include "report/eval_chapters.h"
#include "report/evaluation_rows.h"
#include "report/render.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The figure `ref` ("section.group.item.measure.period") of territory
 * `unit`, or SIZE_MAX. */
static size_t figure_at(const kp_figures *f, const char *ref_in, int64_t unit)
{
    char ref[160];
    if (!ref_in || snprintf(ref, sizeof ref, "%s", ref_in) >= (int)sizeof ref)
        return SIZE_MAX;
    char *part[5];
    char *p = ref;
    for (int k = 0; k < 5; k++) {
        part[k] = p;
        char *dot = k < 4 ? strchr(p, '.') : NULL;
        if (k < 4 && !dot)
            return SIZE_MAX;
        if (dot) {
            *dot = '\0';
            p = dot + 1;
        }
    }
    char *end = NULL;
    long period = strtol(part[4], &end, 10);
    if (!end || *end)
        return SIZE_MAX;
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == unit && x->period == period && !strcmp(x->section, part[0]) &&
            !strcmp(x->target_group, part[1]) && !strcmp(x->item, part[2]) && !strcmp(x->measure, part[3]))
            return i;
    }
    return SIZE_MAX;
}

static size_t cell_figure(const kp_figures *f, const kp_cell *c)
{
    return figure_at(f, c->figure, c->unit);
}

static void hide(kp_doc *doc, kp_cell *c)
{
    bool strong = c->strong;
    *c = kp_c_text(doc, KP_SUPPRESSED_MARK);
    c->strong = strong;
}

/* The counts of persons the report computed in a table that are not row
 * sums of figures: primary suppression, and lines down each column: the
 * cells that are parts of the same figure (part_of, unit) with that figure
 * as their total (suppressed or not as the figures are), the others of the
 * column with a total that may be published elsewhere (a total by year),
 * never printed. */
static kp_rc computed_cells(kp_doc *doc, kp_table *t, const kp_figures *f, const kp_disclosure *d, const bool *own)
{
    size_t n = t->nrows * t->ncols;
    kp_sdc_cell *cells = kp_xcalloc(2 * n + 1, sizeof *cells);
    size_t *parts = kp_xcalloc(n + 1, sizeof *parts);
    kp_sdc_line *lines = kp_xcalloc(n + 1, sizeof *lines);
    bool *done = kp_xcalloc(n + 1, sizeof *done);
    size_t nparts = 0, nlines = 0;
    for (size_t i = 0; i < n; i++)
        if (own[i])
            cells[i] = (kp_sdc_cell){.value = t->cells[i].v, .persons = true};
    for (size_t col = 0; col < t->ncols; col++) {
        for (size_t row = 0; row < t->nrows; row++) {
            size_t i = row * t->ncols + col;
            if (!own[i] || done[i])
                continue;
            const kp_cell *c = &t->cells[i];
            size_t from = nparts;
            for (size_t r2 = row; r2 < t->nrows; r2++) {
                size_t j = r2 * t->ncols + col;
                const kp_cell *o = &t->cells[j];
                if (!own[j] || done[j] || (c->part_of == NULL) != (o->part_of == NULL) ||
                    (c->part_of && (strcmp(c->part_of, o->part_of) || c->unit != o->unit)))
                    continue;
                done[j] = true;
                parts[nparts++] = j;
            }
            /* The line's total: the figure the parts make, or one standing
             * for a sum printed elsewhere. */
            size_t total = n + i;
            cells[total] = (kp_sdc_cell){.value = 0, .persons = true};
            if (c->part_of) {
                size_t fi = figure_at(f, c->part_of, c->unit);
                if (fi != SIZE_MAX)
                    cells[total] = (kp_sdc_cell){.value = f->items[fi].value, .persons = true,
                                                 .suppressed = d->figure[fi]};
            }
            lines[nlines++] = (kp_sdc_line){parts + from, nparts - from, total, false};
        }
    }
    /* A stand-in total is never printed here: if a line takes it, nothing
     * is hidden for it (a figure's own state is the figures'). */
    kp_rc rc = kp_disclosure_suppress(&d->rule, cells, 2 * n, lines, nlines, NULL);
    for (size_t i = 0; !rc && i < n; i++)
        if (own[i] && cells[i].suppressed)
            hide(doc, &t->cells[i]);
    free(cells);
    free(parts);
    free(lines);
    free(done);
    return rc;
}

static kp_rc table_disclose(kp_doc *doc, kp_table *t, const kp_figures *f, const kp_disclosure *d)
{
    size_t n = t->nrows * t->ncols;
    bool *own = kp_xcalloc(n + 1, sizeof *own);
    bool any_own = false;
    for (size_t row = 0; row < t->nrows; row++) {
        kp_cell *r = &t->cells[row * t->ncols];
        /* The recipients of a unit in this row, if any: the row's sum. */
        bool recipients = false;
        int64_t unit = 0;
        for (size_t col = 0; col < t->ncols; col++)
            if (r[col].figure && !strncmp(r[col].figure, "recipients.", 11)) {
                recipients = true;
                unit = r[col].unit;
            }
        for (size_t col = 0; col < t->ncols; col++) {
            kp_cell *c = &r[col];
            if (c->figure) {
                size_t i = cell_figure(f, c);
                if (i != SIZE_MAX && d->figure[i])
                    hide(doc, c);
                continue;
            }
            if (c->kind != KP_CELL_COUNT || !c->persons)
                continue;
            const kp_disclosure_sum *s = recipients ? kp_disclosure_sum_of(d, "recipients", unit) : NULL;
            if (s) {
                if (s->suppressed)
                    hide(doc, c);
                continue;
            }
            own[row * t->ncols + col] = true;
            any_own = true;
        }
    }
    kp_rc rc = any_own ? computed_cells(doc, t, f, d, own) : KP_OK;
    free(own);
    return rc;
}

kp_rc kp_doc_disclose(kp_doc *doc, const kp_figures *f, const kp_disclosure *d)
{
    if (!doc || !f || !d || d->n != f->n || (!d->figure && f->n))
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    for (size_t s = 0; !rc && s < doc->nsections; s++) {
        kp_section *sec = doc->sections[s];
        for (size_t b = 0; !rc && b < sec->nblocks; b++) {
            kp_block *k = &sec->blocks[b];
            if (k->kind == KP_BLOCK_TABLE && k->table) {
                rc = table_disclose(doc, k->table, f, d);
            } else if (k->kind == KP_BLOCK_CHART && k->chart && k->chart->unit &&
                       !strcmp(k->chart->unit, "personas")) {
                /* Bars cannot say "suppressed": the chart of persons gives way
                 * to a sentence; its figures are in the tables and the CSV. */
                const char *title = k->chart->title ? k->chart->title : "";
                free(k->chart->categories);
                free(k->chart->values);
                k->chart = NULL;
                k->kind = KP_BLOCK_PARA;
                k->text = kp_doc_printf(doc, "%s: diagramma atklātajos datos netiek rādīta (mazie skaitļi); skaitļi ir "
                                             "tabulās un CSV datnē.",
                                        title);
            }
        }
    }
    if (rc)
        return rc;
    char lv[640];
    kp_disclosure_statement(&d->rule, false, lv, sizeof lv);
    doc->notice = doc->notice ? kp_doc_printf(doc, "%s %s", doc->notice, lv) : kp_doc_str(doc, lv);
    return KP_OK;
}

static kp_rc open_rows(const kp_figures *f, const kp_disclosure *d, const char *region, kp_date at, bool json,
                       const char *source, kp_buf *out)
{
    char iso[11];
    kp_date_format_iso(at, iso);
    char *mem = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&mem, &n);
    if (!m)
        return KP_EIO;
    kp_rc rc = json ? kp_rows_write_json_open(f, d, region, iso, source, m)
                    : kp_rows_write_csv_open(f, d, region, iso, source, m);
    if (fclose(m) != 0 && !rc)
        rc = KP_EIO;
    if (!rc)
        rc = kp_buf_append(out, mem ? mem : "", n);
    free(mem);
    return rc;
}

kp_rc kp_eval_render_open(kp_ctx *ctx, const char *region, kp_date at, const char *format, const kp_figures *figs,
                          const kp_disclosure_rule *rule, const kp_chapter *chapters, const char *version_line,
                          const char *source, kp_buf *out)
{
    if (!ctx || !region || !format || !figs || !rule || !out)
        return KP_EINVAL;
    bool rows = !strcmp(format, "csv") || !strcmp(format, "json");
    if (!rows && strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "html"))
        return KP_EINVAL;
    kp_disclosure d = {0};
    kp_rc rc = kp_disclosure_figures(rule, figs, &d);
    if (rc)
        return rc;
    if (rows) {
        rc = open_rows(figs, &d, region, at, !strcmp(format, "json"), source, out);
    } else {
        kp_doc doc;
        kp_doc_init(&doc);
        rc = kp_eval_document(ctx, region, at, figs, chapters, version_line, &doc);
        if (!rc)
            rc = kp_doc_disclose(&doc, figs, &d);
        if (!rc)
            rc = !strcmp(format, "pdf") ? kp_render_pdf(&doc, out)
                 : !strcmp(format, "xlsx") ? kp_render_xlsx(&doc, out)
                                           : kp_render_html(&doc, out);
        kp_doc_free(&doc);
    }
    kp_disclosure_free(&d);
    return rc;
}
