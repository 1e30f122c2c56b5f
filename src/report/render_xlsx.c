/* The XLSX renderer (libxlsxwriter): a title sheet, then one sheet per
 * section; numbers are numeric cells with display formats (the spreadsheet's
 * locale shows Latvian separators), charts are native bar charts over the
 * data written beside them. */
#include "report/render.h"
#include "report/xlsx_lib.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

typedef struct xl {
    lxw_workbook *wb;
    lxw_format *title, *bold, *head, *money, *money_b, *pct, *pct_b, *count, *count_b, *dec2, *date, *wrap, *notice;
    char (*names)[40];
    size_t nnames;
} xl;

static lxw_format *fmt(lxw_workbook *wb, const char *num, bool bold)
{
    lxw_format *f = workbook_add_format(wb);
    if (num)
        format_set_num_format(f, num);
    if (bold)
        format_set_bold(f);
    return f;
}

/* A sheet name Excel accepts: at most 31 characters (not bytes), none of
 * []:*?/\, unique in the workbook. */
static void sheet_name(xl *x, const char *want, char out[40])
{
    char base[40];
    size_t o = 0, chars = 0;
    for (const unsigned char *p = (const unsigned char *)(want && *want ? want : "Lapa"); *p && chars < 28;) {
        size_t len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
        if (o + len >= sizeof base - 1)
            break;
        for (size_t k = 0; k < len && p[k]; k++)
            base[o++] = strchr("[]:*?/\\'", p[k]) ? ' ' : (char)p[k];
        p += len;
        chars++;
    }
    base[o] = '\0';
    snprintf(out, 40, "%s", base);
    for (int n = 2;; n++) {
        bool taken = false;
        for (size_t i = 0; i < x->nnames && !taken; i++)
            taken = strcmp(x->names[i], out) == 0;
        if (!taken)
            break;
        char suffix[16];
        snprintf(suffix, sizeof suffix, " %d", n % 1000);
        size_t keep = strlen(base);
        if (keep > 39 - strlen(suffix))
            keep = 39 - strlen(suffix);
        memcpy(out, base, keep);
        memcpy(out + keep, suffix, strlen(suffix) + 1);
    }
    snprintf(x->names[x->nnames++], 40, "%s", out);
}

static void write_cell(xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const kp_cell *cell)
{
    switch (cell->kind) {
    case KP_CELL_EMPTY:
        return;
    case KP_CELL_TEXT:
        worksheet_write_string(ws, r, c, cell->text ? cell->text : "", cell->strong ? x->bold : x->wrap);
        return;
    case KP_CELL_COUNT:
        worksheet_write_number(ws, r, c, (double)cell->v, cell->strong ? x->count_b : x->count);
        return;
    case KP_CELL_CENTS:
        worksheet_write_number(ws, r, c, (double)cell->v / 100.0, cell->strong ? x->money_b : x->money);
        return;
    case KP_CELL_PCT:
        worksheet_write_number(ws, r, c, (double)cell->v / 10000.0, cell->strong ? x->pct_b : x->pct);
        return;
    case KP_CELL_HUNDREDTHS:
        worksheet_write_number(ws, r, c, (double)cell->v / 100.0, x->dec2);
        return;
    case KP_CELL_DATE: {
        int y, m, d;
        kp_date_to_ymd((kp_date)cell->v, &y, &m, &d);
        lxw_datetime dt = {.year = y, .month = m, .day = d};
        worksheet_write_datetime(ws, r, c, &dt, x->date);
        return;
    }
    }
}

static lxw_row_t table(xl *x, lxw_worksheet *ws, lxw_row_t r, const kp_table *t)
{
    if (t->title)
        worksheet_write_string(ws, r++, 0, t->title, x->bold);
    for (size_t c = 0; c < t->ncols; c++)
        worksheet_write_string(ws, r, (lxw_col_t)c, t->header[c] ? t->header[c] : "", x->head);
    r++;
    for (size_t i = 0; i < t->nrows; i++, r++)
        for (size_t c = 0; c < t->ncols; c++)
            write_cell(x, ws, r, (lxw_col_t)c, &t->cells[i * t->ncols + c]);
    return r + 1;
}

static lxw_row_t chart(xl *x, lxw_worksheet *ws, const char *sheet, lxw_row_t r, const kp_chart *c)
{
    worksheet_write_string(ws, r++, 0, c->title, x->bold);
    lxw_row_t first = r + 1;
    worksheet_write_string(ws, r, 0, c->category_label ? c->category_label : "Pakalpojums", x->head);
    for (size_t s = 0; s < c->nseries; s++)
        worksheet_write_string(ws, r, (lxw_col_t)(1 + s), c->series[s], x->head);
    r++;
    for (size_t i = 0; i < c->ncat; i++, r++) {
        worksheet_write_string(ws, r, 0, c->categories[i], x->wrap);
        for (size_t s = 0; s < c->nseries; s++)
            worksheet_write_number(ws, r, (lxw_col_t)(1 + s),
                                   c->hundredths ? (double)c->values[i * c->nseries + s] / 100.0
                                                 : (double)c->values[i * c->nseries + s],
                                   c->hundredths ? x->dec2 : x->count);
    }
    lxw_row_t last = r - 1;
    lxw_chart *ch = workbook_add_chart(x->wb, LXW_CHART_BAR);
    chart_title_set_name(ch, c->title);
    for (size_t s = 0; s < c->nseries && c->ncat; s++) {
        lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(se, sheet, first, 0, last, 0);
        chart_series_set_values(se, sheet, first, (lxw_col_t)(1 + s), last, (lxw_col_t)(1 + s));
        chart_series_set_name(se, c->series[s]);
        chart_series_set_labels(se);
    }
    if (c->nseries < 2)
        chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    lxw_chart_options opt = {.x_offset = 10, .y_offset = 0, .x_scale = 1.1, .y_scale = 1.0};
    worksheet_insert_chart_opt(ws, first - 2, (lxw_col_t)(c->nseries + 2), ch, &opt);
    /* Leave room for the chart (about 15 rows tall). */
    lxw_row_t end = first - 2 + 16;
    return (r > end ? r : end) + 1;
}

static kp_rc write_book(const kp_doc *d, const char *path)
{
    xl x = {0};
    x.wb = workbook_new(path);
    if (!x.wb)
        return KP_EIO;
    x.names = kp_xcalloc(d->nsections + 2, sizeof *x.names);
    x.title = workbook_add_format(x.wb);
    format_set_bold(x.title);
    format_set_font_size(x.title, 16);
    x.bold = fmt(x.wb, NULL, true);
    x.head = fmt(x.wb, NULL, true);
    format_set_bg_color(x.head, 0xDBE5F1);
    format_set_text_wrap(x.head);
    format_set_align(x.head, LXW_ALIGN_VERTICAL_TOP);
    x.money = fmt(x.wb, "#,##0.00 \"€\"", false);
    x.money_b = fmt(x.wb, "#,##0.00 \"€\"", true);
    x.pct = fmt(x.wb, "0.00%", false);
    x.pct_b = fmt(x.wb, "0.00%", true);
    x.dec2 = fmt(x.wb, "0.00", false);
    x.count = fmt(x.wb, "0", false);
    x.count_b = fmt(x.wb, "0", true);
    x.date = fmt(x.wb, "dd.mm.yyyy.", false);
    x.wrap = workbook_add_format(x.wb);
    format_set_text_wrap(x.wrap);
    format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
    x.notice = fmt(x.wb, NULL, true);
    format_set_font_color(x.notice, 0x8C2608);

    char name[40];
    sheet_name(&x, "Titullapa", name);
    lxw_worksheet *ws = workbook_add_worksheet(x.wb, name);
    worksheet_set_column(ws, 0, 0, 90, NULL);
    lxw_row_t r = 0;
    if (d->subtitle)
        worksheet_write_string(ws, r++, 0, d->subtitle, x.bold);
    worksheet_write_string(ws, r++, 0, d->title ? d->title : "", x.title);
    if (d->state_line)
        worksheet_write_string(ws, r++, 0, d->state_line, NULL);
    if (d->watermark)
        worksheet_write_string(ws, r++, 0, d->watermark, x.notice);
    if (d->notice)
        worksheet_write_string(ws, ++r, 0, d->notice, x.notice);
    if (d->footer)
        worksheet_write_string(ws, r + 2, 0, d->footer, NULL);

    for (size_t i = 0; i < d->nsections; i++) {
        const kp_section *s = d->sections[i];
        sheet_name(&x, s->sheet, name);
        ws = workbook_add_worksheet(x.wb, name);
        worksheet_set_column(ws, 0, 0, 48, NULL);
        worksheet_set_column(ws, 1, 12, 16, NULL);
        r = 0;
        worksheet_write_string(ws, r, 0, s->title, x.title);
        r += 2;
        for (size_t k = 0; k < s->nblocks; k++) {
            const kp_block *b = &s->blocks[k];
            switch (b->kind) {
            case KP_BLOCK_PARA: worksheet_write_string(ws, r, 0, b->text, NULL); r += 2; break;
            case KP_BLOCK_HEADING: worksheet_write_string(ws, r, 0, b->text, x.bold); r += 2; break;
            case KP_BLOCK_TABLE: r = table(&x, ws, r, b->table); break;
            case KP_BLOCK_CHART: r = chart(&x, ws, name, r, b->chart); break;
            case KP_BLOCK_MAP: break; /* the table after it holds its numbers */
            }
        }
    }
    lxw_error err = workbook_close(x.wb);
    free(x.names);
    return err == LXW_NO_ERROR ? KP_OK : KP_EIO;
}

kp_rc kp_render_xlsx(const kp_doc *d, kp_buf *out)
{
    if (!d || !out)
        return KP_EINVAL;
    /* libxlsxwriter is opened here, at the first workbook (xlsx_lib.c). */
    if (kp_xlsx_lib_load())
        return KP_ENOLIB;
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/kopa-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return KP_EIO;
    close(fd);
    kp_rc rc = write_book(d, path);
    FILE *f = rc ? NULL : fopen(path, "rb");
    if (!rc && !f)
        rc = KP_EIO;
    char chunk[65536];
    size_t n;
    while (f && !rc && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = kp_buf_append(out, chunk, n);
    if (f && ferror(f))
        rc = KP_EIO;
    if (f)
        fclose(f);
    unlink(path);
    return rc;
}
