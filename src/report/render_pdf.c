/* The PDF renderer: A4 pages drawn with cairo, text laid out by pango in
 * DejaVu Sans (full Latvian coverage). Laid out twice: the first pass only
 * learns on which page each section starts, the second draws the contents
 * page with those numbers. */
#include "report/render.h"
#include "report/map.h"
#include "report/pdf_lib.h"
#include "core/mem.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 46.0
#define MARGIN_TOP 56.0
#define MARGIN_BOTTOM 64.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define BOTTOM (PAGE_H - MARGIN_BOTTOM)
#define FONT "DejaVu Sans"
#define NBSP "\xc2\xa0"
#define PAD 3.0

/* Measured text: both passes measure the same cells, and a row is measured
 * before it is drawn; shaping a text once per size, weight and width is
 * enough (the measure is the same each time: the output does not change). */
typedef struct measure {
    struct measure *next;
    double size, width, w, h;
    bool bold;
    /* Its layouts by alignment (left, centre, right), made when first
     * needed and kept: the first pass's left one is what the second pass
     * draws for a left-aligned text, and a text drawn again (a repeated
     * cell, a header on every page) is not laid out again. */
    PangoLayout *l[3];
    /* A single line that fits its width: the measure of the same text
     * unwrapped, whose layout draws it too when it is left-aligned (other
     * alignments get a layout of their own in l[], made when drawn). */
    struct measure *flat;
    char text[];
} measure;

#define MEASURE_BUCKETS 4096

/* Font descriptions kept by size and weight (few of each in a document). */
#define FONTS 32

typedef struct pdf {
    measure **measured; /* MEASURE_BUCKETS chains */
    /* One pango context for all layouts drawn without a transformation
     * (pango_cairo_create_layout made a context per layout), updated from
     * each pass's cairo context. */
    PangoContext *pc;
    struct font {
        double size;
        bool bold;
        PangoFontDescription *fd;
    } fonts[FONTS];
    size_t nfonts;
    const kp_doc *doc;
    cairo_t *cr;
    double y;
    int page;
    int total;          /* pages in all (known in the second pass) */
    int *section_page;  /* page on which each section starts */
    bool final;         /* second pass: draw page numbers for real */
} pdf;

/* fontconfig keeps its font cache until exit by design; LeakSanitizer
 * (the sanitizer build) reads this hook to leave that cache out of its
 * report. Unused in other builds. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

/* ---- text ---------------------------------------------------------------- */

/* DejaVu Sans of `size` points, bold or not: kept in p (not freed by the
 * caller). */
static const PangoFontDescription *font(pdf *p, double size, bool bold)
{
    for (size_t i = 0; i < p->nfonts; i++)
        if (p->fonts[i].size == size && p->fonts[i].bold == bold)
            return p->fonts[i].fd;
    PangoFontDescription *fd = pango_font_description_from_string(FONT);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    if (p->nfonts == FONTS) { /* never in practice: the oldest gives way */
        pango_font_description_free(p->fonts[0].fd);
        memmove(p->fonts, p->fonts + 1, (FONTS - 1) * sizeof p->fonts[0]);
        p->nfonts--;
    }
    p->fonts[p->nfonts++] = (struct font){.size = size, .bold = bold, .fd = fd};
    return fd;
}

/* Sets up layout l for the text (pango_layout_set_font_description copies
 * the description). */
static PangoLayout *set_up(pdf *p, PangoLayout *l, const char *text, double size, bool bold, double width,
                           PangoAlignment align)
{
    pango_layout_set_font_description(l, font(p, size, bold));
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l, align);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static PangoLayout *layout(pdf *p, const char *text, double size, bool bold, double width, PangoAlignment align)
{
    return set_up(p, pango_layout_new(p->pc), text, size, bold, width, align);
}

static void extent(PangoLayout *l, double *w, double *h)
{
    int iw = 0, ih = 0;
    pango_layout_get_size(l, &iw, &ih);
    if (w)
        *w = (double)iw / PANGO_SCALE;
    if (h)
        *h = (double)ih / PANGO_SCALE;
}

/* The first pass only measures (page numbers for the contents): text
 * drawn there would be shaped, subset and compressed for nothing. */
static void draw_layout(pdf *p, PangoLayout *l, double x, double y)
{
    if (!p->final)
        return;
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
}


/* Draws layout l as if it were `shift` pango units further right (a
 * right-aligned layout's offset). pango starts a layout at cairo's current
 * point, which cairo keeps in 24.8 fixed point, and adds its own offsets to
 * it in pango units: moving to x + shift would round the sum to 1/256 pt
 * and the text would be up to 1/512 pt off; the same sum is made here with
 * the current point as cairo rounds it and the shift added to it. */
static void draw_shifted(pdf *p, PangoLayout *l, double x, double y, int shift)
{
    if (!p->final)
        return;
    double cx = 0, cy = 0;
    cairo_move_to(p->cr, x, y);
    cairo_get_current_point(p->cr, &cx, &cy);
    cairo_new_path(p->cr);
    cairo_save(p->cr);
    /* With no current point pango draws at the origin: here. */
    cairo_translate(p->cr, cx + (double)shift / PANGO_SCALE, cy);
    pango_cairo_show_layout(p->cr, l);
    cairo_restore(p->cr);
}

/* The measure of the text made already, or NULL; *bucket its chain. */
static measure *find_measure(pdf *p, const char *text, double size, bool bold, double width, size_t *bucket)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        h = (h ^ *c) * 1099511628211ULL;
    *bucket = (size_t)(h % MEASURE_BUCKETS);
    for (measure *m = p->measured[*bucket]; m; m = m->next)
        if (m->size == size && m->width == width && m->bold == bold && !strcmp(m->text, text))
            return m;
    return NULL;
}

/* Pango units of a measured extent (a multiple of 1/PANGO_SCALE: exact). */
static int units(double v)
{
    return (int)(v * PANGO_SCALE + (v < 0 ? -0.5 : 0.5));
}

/* The extent of a left-aligned text (width 0: unwrapped), measured once. A
 * text of one line measured unwrapped already (a table's cells are, to
 * choose the columns' widths) that is narrower than `width` is not wrapped
 * at that width: it takes that measure and layout instead of another. */
static measure *measured(pdf *p, const char *text, double size, bool bold, double width)
{
    if (!text)
        text = "";
    size_t b = 0, b0 = 0;
    measure *m = find_measure(p, text, size, bold, width, &b);
    if (m)
        return m;
    measure *flat = NULL;
    if (width > 0 && !strpbrk(text, "\n\r") && !strstr(text, "\xe2\x80\xa9") /* no paragraph break */) {
        flat = find_measure(p, text, size, bold, 0, &b0);
        if (flat && units(flat->w) >= (int)(width * PANGO_SCALE))
            flat = NULL;
    }
    size_t n = strlen(text);
    m = kp_xmalloc(sizeof *m + n + 1);
    memcpy(m->text, text, n + 1);
    m->size = size;
    m->width = width;
    m->bold = bold;
    memset(m->l, 0, sizeof m->l);
    m->flat = flat;
    if (flat) {
        m->w = flat->w;
        m->h = flat->h;
    } else {
        m->l[PANGO_ALIGN_LEFT] = layout(p, text, size, bold, width, PANGO_ALIGN_LEFT);
        extent(m->l[PANGO_ALIGN_LEFT], &m->w, &m->h);
    }
    m->next = p->measured[b];
    p->measured[b] = m;
    return m;
}

static double text_height(pdf *p, const char *text, double size, bool bold, double width)
{
    return measured(p, text, size, bold, width)->h;
}

static double text_width(pdf *p, const char *text, double size, bool bold)
{
    return measured(p, text, size, bold, 0)->w;
}

/* Draws text and returns its height (the first pass only measures: the
 * height does not depend on the alignment). */
static double text_at(pdf *p, const char *text, double x, double y, double size, bool bold, double width,
                      PangoAlignment align)
{
    measure *m = measured(p, text, size, bold, width);
    if (!p->final)
        return m->h;
    if ((unsigned)align > PANGO_ALIGN_RIGHT)
        align = PANGO_ALIGN_LEFT;
    if (m->flat && align == PANGO_ALIGN_LEFT) {
        draw_layout(p, m->flat->l[PANGO_ALIGN_LEFT], x, y);
        return m->h;
    }
    /* One line, right-aligned: pango would shift it by the layout's width
     * less the line's, both in pango units; the unwrapped layout drawn
     * that much further right is the same text in the same place, without
     * laying it out again (a table's number cells). */
    if (m->flat && align == PANGO_ALIGN_RIGHT) {
        int shift = (int)(width * PANGO_SCALE) - units(m->flat->w);
        draw_shifted(p, m->flat->l[PANGO_ALIGN_LEFT], x, y, shift);
        return m->h;
    }
    if (!m->l[align])
        m->l[align] = layout(p, text, size, bold, width, align);
    double h = 0;
    extent(m->l[align], NULL, &h);
    draw_layout(p, m->l[align], x, y);
    return h;
}

/* ---- pages --------------------------------------------------------------- */

static void page_furniture(pdf *p)
{
    /* The first pass draws nothing, and nothing here moves the text. */
    if (!p->final)
        return;
    cairo_t *cr = p->cr;
    const kp_doc *d = p->doc;
    if (d->watermark) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.93, 0.80, 0.80);
        cairo_translate(cr, PAGE_W / 2, PAGE_H / 2);
        cairo_rotate(cr, -0.9);
        /* Under a rotation: a context of its own, set up for it. */
        PangoLayout *l = set_up(p, pango_cairo_create_layout(cr), d->watermark, 72, true, 0, PANGO_ALIGN_CENTER);
        double w = 0, h = 0;
        extent(l, &w, &h);
        draw_layout(p, l, -w / 2, -h / 2);
        g_object_unref(l);
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
        text_at(p, d->watermark, MARGIN_X, 24, 10, true, CONTENT_W, PANGO_ALIGN_RIGHT);
    }
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, PAGE_H - 44);
    cairo_line_to(cr, PAGE_W - MARGIN_X, PAGE_H - 44);
    cairo_stroke(cr);
    char num[64];
    snprintf(num, sizeof num, "%d. lpp. no %d", p->page, p->total);
    text_at(p, num, PAGE_W - MARGIN_X - 90, PAGE_H - 40, 7.5, false, 90, PANGO_ALIGN_RIGHT);
    if (d->footer)
        text_at(p, d->footer, MARGIN_X, PAGE_H - 40, 7, false, CONTENT_W - 100, PANGO_ALIGN_LEFT);
    cairo_set_source_rgb(cr, 0, 0, 0);
}

static void new_page(pdf *p)
{
    if (p->page > 0)
        cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN_TOP;
    page_furniture(p);
}

/* Starts a new page unless h more points fit on this one. */
static void ensure(pdf *p, double h)
{
    if (p->y + h > BOTTOM && p->y > MARGIN_TOP)
        new_page(p);
}

/* ---- blocks -------------------------------------------------------------- */

static void para(pdf *p, const char *text)
{
    double h = text_height(p, text, 9.5, false, CONTENT_W);
    ensure(p, h);
    text_at(p, text, MARGIN_X, p->y, 9.5, false, CONTENT_W, PANGO_ALIGN_LEFT);
    p->y += h + 6;
}

static void heading(pdf *p, const char *text, double size, double keep)
{
    double h = text_height(p, text, size, true, CONTENT_W);
    ensure(p, h + keep);
    p->y += 4;
    cairo_set_source_rgb(p->cr, 0.10, 0.25, 0.45);
    text_at(p, text, MARGIN_X, p->y, size, true, CONTENT_W, PANGO_ALIGN_LEFT);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    p->y += h + 5;
}

typedef struct tlayout {
    double size;
    double *w;      /* column widths */
    bool *num;      /* right-aligned column */
} tlayout;

/* The natural width of column c: its widest cell at the size, or its
 * header (`hw`) when wider. */
static double column_width(pdf *p, const kp_table *t, const tlayout *tl, size_t c, double hw)
{
    double nat = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const kp_cell *cell = &t->cells[r * t->ncols + c];
        char buf[512];
        kp_cell_format(cell, NBSP, buf, sizeof buf);
        double w = text_width(p, buf, tl->size, cell->strong) + 2 * PAD;
        nat = w > nat ? w : nat;
    }
    return nat > hw ? nat : hw;
}

/* Chooses column widths (and the font size) so the table fits the page:
 * number columns keep their natural width, text columns share the rest.
 * A size is given up as soon as the number columns and the text columns'
 * minimums overflow the page: the cells of a size not chosen are measured
 * no further (each text measured is a text shaped). */
static void table_widths(pdf *p, const kp_table *t, tlayout *tl)
{
    size_t n = t->ncols;
    double *nat = kp_xcalloc(n, sizeof *nat), *minw = kp_xcalloc(n, sizeof *minw);
    double *hws = kp_xcalloc(n, sizeof *hws);
    /* A column with a text in it is a text column, whatever the size. */
    for (size_t c = 0; c < n; c++) {
        tl->num[c] = t->nrows > 0;
        for (size_t r = 0; r < t->nrows && tl->num[c]; r++) {
            const kp_cell *cell = &t->cells[r * n + c];
            if (cell->kind == KP_CELL_TEXT && cell->text && cell->text[0])
                tl->num[c] = false;
        }
    }
    for (tl->size = 8.5; tl->size >= 6.0; tl->size -= 0.5) {
        double fixed = 0, flex = 0, flexmin = 0;
        for (size_t c = 0; c < n; c++) {
            /* The longest word of a header sets a column's minimum. */
            char word[256];
            const char *h = t->header[c] ? t->header[c] : "";
            minw[c] = 24;
            while (*h) {
                size_t k = strcspn(h, " ");
                snprintf(word, sizeof word, "%.*s", (int)(k < 255 ? k : 255), h);
                double ww = text_width(p, word, tl->size, true) + 2 * PAD;
                minw[c] = ww > minw[c] ? ww : minw[c];
                h += k;
                while (*h == ' ')
                    h++;
            }
            hws[c] = text_width(p, t->header[c], tl->size, true) + 2 * PAD;
            if (!tl->num[c])
                flexmin += minw[c] > 60 ? minw[c] : 60;
        }
        bool overflow = false;
        for (size_t c = 0; c < n && !overflow; c++) {
            if (!tl->num[c])
                continue;
            double w = column_width(p, t, tl, c, 0);
            w = w > minw[c] ? w : minw[c];
            /* A short header stays on one line when there is room. */
            if (hws[c] < w * 1.6)
                w = hws[c] > w ? hws[c] : w;
            tl->w[c] = w;
            fixed += w;
            overflow = fixed + flexmin > CONTENT_W && tl->size > 6.0;
        }
        if (overflow)
            continue;
        for (size_t c = 0; c < n; c++)
            if (!tl->num[c]) {
                nat[c] = column_width(p, t, tl, c, hws[c]);
                flex += nat[c];
            }
        /* This size fits (or is the smallest): the text columns share the rest. */
        double room = CONTENT_W - fixed;
        double used = 0;
        size_t ntext = 0;
        for (size_t c = 0; c < n; c++) {
            if (tl->num[c])
                continue;
            double w = flex > 0 ? (flex <= room ? nat[c] : room * nat[c] / flex) : 0;
            tl->w[c] = w < minw[c] ? minw[c] : w;
            used += tl->w[c];
            ntext++;
        }
        /* Raising narrow columns to their minimum may overshoot: take
         * the excess from the columns above their minimum. */
        double over = used - room, slack = 0;
        for (size_t c = 0; c < n; c++)
            if (!tl->num[c])
                slack += tl->w[c] - minw[c];
        if (over > 0 && slack > 0)
            for (size_t c = 0; c < n; c++)
                if (!tl->num[c])
                    tl->w[c] -= over * (tl->w[c] - minw[c]) / slack;
        used = 0;
        for (size_t c = 0; c < n; c++)
            used += tl->w[c];
        /* Spread what is left over the text columns (or all). */
        double extra = CONTENT_W - used;
        if (extra > 0)
            for (size_t c = 0; c < n; c++)
                if (!tl->num[c] || !ntext)
                    tl->w[c] += extra / (double)(ntext ? ntext : n);
        break;
    }
    free(nat);
    free(minw);
    free(hws);
}

static double row_height(pdf *p, const kp_table *t, const tlayout *tl, size_t r, bool header)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        char buf[512];
        bool bold = header;
        if (header) {
            snprintf(buf, sizeof buf, "%s", t->header[c] ? t->header[c] : "");
        } else {
            const kp_cell *cell = &t->cells[r * t->ncols + c];
            kp_cell_format(cell, NBSP, buf, sizeof buf);
            bold = cell->strong;
        }
        double ch = text_height(p, buf, tl->size, bold, tl->w[c] - 2 * PAD);
        h = ch > h ? ch : h;
    }
    return h + 2 * PAD;
}

static void draw_row(pdf *p, const kp_table *t, const tlayout *tl, size_t r, bool header, double h)
{
    cairo_t *cr = p->cr;
    double x = MARGIN_X;
    if (header) {
        cairo_set_source_rgb(cr, 0.86, 0.90, 0.95);
        cairo_rectangle(cr, MARGIN_X, p->y, CONTENT_W, h);
        cairo_fill(cr);
    } else if (r % 2 == 1) {
        cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
        cairo_rectangle(cr, MARGIN_X, p->y, CONTENT_W, h);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (size_t c = 0; c < t->ncols; c++) {
        char buf[512];
        bool bold = header;
        if (header) {
            snprintf(buf, sizeof buf, "%s", t->header[c] ? t->header[c] : "");
        } else {
            const kp_cell *cell = &t->cells[r * t->ncols + c];
            kp_cell_format(cell, NBSP, buf, sizeof buf);
            bold = cell->strong;
        }
        PangoAlignment a = tl->num[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
        text_at(p, buf, x + PAD, p->y + PAD, tl->size, bold, tl->w[c] - 2 * PAD, a);
        x += tl->w[c];
    }
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, header ? 0.8 : 0.3);
    cairo_move_to(cr, MARGIN_X, p->y + h);
    cairo_line_to(cr, MARGIN_X + CONTENT_W, p->y + h);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    p->y += h;
}

static void table(pdf *p, const kp_table *t)
{
    tlayout tl = {.w = kp_xcalloc(t->ncols, sizeof(double)), .num = kp_xcalloc(t->ncols, sizeof(bool))};
    table_widths(p, t, &tl);
    double hh = row_height(p, t, &tl, 0, true);
    double first = t->nrows ? row_height(p, t, &tl, 0, false) : 0;
    double th = t->title ? text_height(p, t->title, 9.5, true, CONTENT_W) + 4 : 0;
    /* The title, the header and the first row stay together. */
    ensure(p, th + hh + first);
    if (t->title) {
        text_at(p, t->title, MARGIN_X, p->y, 9.5, true, CONTENT_W, PANGO_ALIGN_LEFT);
        p->y += th;
    }
    draw_row(p, t, &tl, 0, true, hh);
    for (size_t r = 0; r < t->nrows; r++) {
        double h = row_height(p, t, &tl, r, false);
        /* A row never splits: it moves to the next page whole, under a
         * repeated header. */
        if (p->y + h > BOTTOM) {
            new_page(p);
            if (t->title) {
                char cont[600];
                snprintf(cont, sizeof cont, "%s (turpinājums)", t->title);
                p->y += text_at(p, cont, MARGIN_X, p->y, 9.5, true, CONTENT_W, PANGO_ALIGN_LEFT) + 4;
            }
            draw_row(p, t, &tl, 0, true, hh);
        }
        draw_row(p, t, &tl, r, false, h);
    }
    p->y += 12;
    free(tl.w);
    free(tl.num);
}

static const double SERIES_RGB[][3] = {{0.16, 0.38, 0.62}, {0.85, 0.45, 0.13}, {0.30, 0.60, 0.30}, {0.55, 0.35, 0.65}};

static void chart(pdf *p, const kp_chart *c)
{
    const double size = 8.5, bar = 11, gap = 5;
    double labelw = 0;
    for (size_t i = 0; i < c->ncat; i++) {
        double w = text_width(p, c->categories[i], size, false);
        labelw = w > labelw ? w : labelw;
    }
    /* The same label width in every chart, so charts line up. */
    (void)labelw;
    labelw = CONTENT_W * 0.36;
    int64_t max = 1;
    for (size_t i = 0; i < c->ncat * c->nseries; i++)
        max = c->values[i] > max ? c->values[i] : max;
    double valw = text_width(p, "00000", size, false) + 6;
    double area = CONTENT_W - labelw - valw;
    double *rowh = kp_xcalloc(c->ncat ? c->ncat : 1, sizeof *rowh);
    double total = text_height(p, c->title, 9.5, true, CONTENT_W) + 8;
    for (size_t i = 0; i < c->ncat; i++) {
        double lh = text_height(p, c->categories[i], size, false, labelw - 8);
        double bh = (double)c->nseries * bar;
        rowh[i] = (lh > bh ? lh : bh) + gap;
        total += rowh[i];
    }
    if (c->nseries > 1)
        total += 16;
    /* A chart is never split across pages. */
    ensure(p, total + 10);
    cairo_t *cr = p->cr;
    p->y += text_at(p, c->title, MARGIN_X, p->y, 9.5, true, CONTENT_W, PANGO_ALIGN_LEFT) + 8;
    double x0 = MARGIN_X + labelw;
    double top = p->y;
    for (size_t i = 0; i < c->ncat; i++) {
        double lh = text_height(p, c->categories[i], size, false, labelw - 8);
        double bh = (double)c->nseries * bar;
        double mid = p->y + (rowh[i] - gap) / 2;
        text_at(p, c->categories[i], MARGIN_X, mid - lh / 2, size, false, labelw - 8, PANGO_ALIGN_RIGHT);
        for (size_t s = 0; s < c->nseries; s++) {
            int64_t v = c->values[i * c->nseries + s];
            double w = area * (double)v / (double)max;
            double by = mid - bh / 2 + (double)s * bar;
            const double *rgb = SERIES_RGB[s % 4];
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_rectangle(cr, x0, by + 1, w, bar - 2);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            char num[32];
            kp_chart_value_format(c, v, num, sizeof num);
            double th = text_height(p, num, size, true, 0);
            text_at(p, num, x0 + w + 4, by + (bar - th) / 2, size, true, 0, PANGO_ALIGN_LEFT);
        }
        p->y += rowh[i];
    }
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.6);
    cairo_move_to(cr, x0, top - 2);
    cairo_line_to(cr, x0, p->y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    if (c->nseries > 1) {
        double x = x0;
        for (size_t s = 0; s < c->nseries; s++) {
            const double *rgb = SERIES_RGB[s % 4];
            cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
            cairo_rectangle(cr, x, p->y + 3, 8, 8);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            text_at(p, c->series[s], x + 11, p->y + 2, size, false, 0, PANGO_ALIGN_LEFT);
            x += text_width(p, c->series[s], size, false) + 26;
        }
        p->y += 16;
    }
    p->y += 12;
    free(rowh);
}

/* A map (report/map.h) in its proportions, at most the content's width
 * and MAP_H high, never split across pages; its title above it. Drawn in
 * the second pass only. */
#define MAP_H 400.0

static void map(pdf *p, const kp_map *m)
{
    double w = 1, h = 1;
    if (kp_map_size(m, &w, &h) != KP_OK)
        return;
    /* The content's width, or less when the map would be taller than MAP_H. */
    double bw = CONTENT_W, bh = CONTENT_W * h / w;
    if (bh > MAP_H) {
        bw *= MAP_H / bh;
        bh = MAP_H;
    }
    double th = text_height(p, m->title, 9.5, true, CONTENT_W) + 8;
    ensure(p, th + bh + 10);
    p->y += text_at(p, m->title, MARGIN_X, p->y, 9.5, true, CONTENT_W, PANGO_ALIGN_LEFT) + 8;
    if (p->final)
        kp_map_cairo(m, p->cr, MARGIN_X, p->y, bw, bh);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    p->y += bh + 12;
}

/* ---- the document -------------------------------------------------------- */

static void title_page(pdf *p)
{
    const kp_doc *d = p->doc;
    new_page(p);
    p->y = 250;
    cairo_set_source_rgb(p->cr, 0.10, 0.25, 0.45);
    p->y += text_at(p, d->subtitle, MARGIN_X, p->y, 18, true, CONTENT_W, PANGO_ALIGN_CENTER) + 14;
    p->y += text_at(p, d->title, MARGIN_X, p->y, 26, true, CONTENT_W, PANGO_ALIGN_CENTER) + 18;
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    if (d->state_line)
        p->y += text_at(p, d->state_line, MARGIN_X, p->y, 13, false, CONTENT_W, PANGO_ALIGN_CENTER) + 30;
    if (d->notice) {
        double h = text_height(p, d->notice, 11, true, CONTENT_W - 40);
        cairo_set_source_rgb(p->cr, 0.99, 0.93, 0.85);
        cairo_rectangle(p->cr, MARGIN_X + 10, p->y - 10, CONTENT_W - 20, h + 20);
        cairo_fill(p->cr);
        cairo_set_source_rgb(p->cr, 0.55, 0.15, 0.05);
        text_at(p, d->notice, MARGIN_X + 20, p->y, 11, true, CONTENT_W - 40, PANGO_ALIGN_LEFT);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        p->y += h + 30;
    }
}

static void contents_page(pdf *p)
{
    const kp_doc *d = p->doc;
    new_page(p);
    heading(p, "Saturs", 16, 0);
    p->y += 6;
    for (size_t i = 0; i < d->nsections; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", p->section_page[i]);
        double h = text_height(p, d->sections[i]->title, 10, false, CONTENT_W - 50);
        ensure(p, h + 6);
        text_at(p, d->sections[i]->title, MARGIN_X, p->y, 10, false, CONTENT_W - 50, PANGO_ALIGN_LEFT);
        text_at(p, num, MARGIN_X + CONTENT_W - 40, p->y, 10, false, 40, PANGO_ALIGN_RIGHT);
        cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
        cairo_set_line_width(p->cr, 0.3);
        cairo_move_to(p->cr, MARGIN_X, p->y + h + 2);
        cairo_line_to(p->cr, MARGIN_X + CONTENT_W, p->y + h + 2);
        cairo_stroke(p->cr);
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        p->y += h + 7;
    }
}

static void body(pdf *p)
{
    const kp_doc *d = p->doc;
    if (d->contents) {
        title_page(p);
        contents_page(p);
    } else {
        new_page(p);
        cairo_set_source_rgb(p->cr, 0.10, 0.25, 0.45);
        p->y += text_at(p, d->title, MARGIN_X, p->y, 16, true, CONTENT_W, PANGO_ALIGN_LEFT) + 4;
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        if (d->subtitle)
            p->y += text_at(p, d->subtitle, MARGIN_X, p->y, 11, false, CONTENT_W, PANGO_ALIGN_LEFT) + 2;
        if (d->state_line)
            p->y += text_at(p, d->state_line, MARGIN_X, p->y, 9.5, false, CONTENT_W, PANGO_ALIGN_LEFT) + 2;
        p->y += 10;
        if (d->notice)
            para(p, d->notice);
    }
    for (size_t i = 0; i < d->nsections; i++) {
        const kp_section *s = d->sections[i];
        if (s->new_page && !(p->y == MARGIN_TOP))
            new_page(p);
        heading(p, s->title, d->contents ? 15 : 12, 60);
        p->section_page[i] = p->page;
        for (size_t b = 0; b < s->nblocks; b++) {
            const kp_block *k = &s->blocks[b];
            switch (k->kind) {
            case KP_BLOCK_PARA: para(p, k->text); break;
            case KP_BLOCK_HEADING: heading(p, k->text, 11, 80); break;
            case KP_BLOCK_TABLE: table(p, k->table); break;
            case KP_BLOCK_CHART: chart(p, k->chart); break;
            case KP_BLOCK_MAP: map(p, k->map); break;
            }
        }
    }
    cairo_show_page(p->cr);
}

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length)
{
    return kp_buf_append(closure, (const char *)data, length) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Lays the document out on p->cr: the first pass on a cairo context in an
 * error state, on which every drawing call does nothing (the pages it
 * would show were formatted, compressed and thrown away), the second on
 * the PDF surface. */
static void pass(pdf *p, cairo_t *cr)
{
    p->cr = cr;
    p->page = 0;
    p->y = MARGIN_TOP;
    body(p);
    p->cr = NULL;
}

kp_rc kp_render_pdf(const kp_doc *d, kp_buf *out)
{
    if (!d || !out)
        return KP_EINVAL;
    /* pango and cairo are opened here, at the first PDF (pdf_lib.c). */
    if (kp_pdf_lib_load())
        return KP_ENOLIB;
    pdf p = {.doc = d, .section_page = kp_xcalloc(d->nsections + 1, sizeof(int)),
             .measured = kp_xcalloc(MEASURE_BUCKETS, sizeof(measure *))};
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    char date[40];
    if (d->created != KP_DATE_NONE) {
        char iso[11];
        kp_date_format_iso(d->created, iso);
        snprintf(date, sizeof date, "%sT00:00:00Z", iso);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title ? d->title : "");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "Kopā");
    cairo_t *cr = cairo_create(surf);
    /* One pango context for both passes, made from the PDF surface's
     * context (its font options: no hinting of metrics). */
    p.pc = pango_cairo_create_context(cr);
    /* cairo_create(NULL) gives cairo's inert context (status
     * CAIRO_STATUS_NULL_POINTER): drawing on it is a no-op. */
    cairo_t *none = cairo_create(NULL);
    pass(&p, none);
    cairo_destroy(none);
    p.total = p.page;
    p.final = true;
    pass(&p, cr);
    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    kp_rc rc = st == CAIRO_STATUS_SUCCESS ? KP_OK : (st == CAIRO_STATUS_WRITE_ERROR ? KP_ETOOBIG : KP_EIO);
    for (size_t b = 0; b < MEASURE_BUCKETS; b++)
        for (measure *m = p.measured[b], *next; m; m = next) {
            next = m->next;
            for (size_t a = 0; a < 3; a++)
                if (m->l[a])
                    g_object_unref(m->l[a]);
            free(m);
        }
    free(p.measured);
    for (size_t i = 0; i < p.nfonts; i++)
        pango_font_description_free(p.fonts[i].fd);
    if (p.pc)
        g_object_unref(p.pc);
    free(p.section_page);
    return rc;
}
