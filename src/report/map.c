/* Tile maps of a region and a bar chart, as SVG and with cairo (map.h). */
#include "report/map.h"
#include "report/html_escape.h"
#include "service/territory_shapes.h"
#include <inttypes.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TILE_W 128
#define TILE_H 64
#define GAP 4
#define MARGIN 8
#define LEGEND_H 58
#define CREDIT_H 14 /* a line for the data's credit under the legend */
#define MIN_W 440
#define CLASSES 5

/* Light to dark; text is white on the two darkest (contrast ≥ 4.5:1). */
static const char *const FILL[CLASSES] = {"#eff3ff", "#bdd7e7", "#6baed6", "#2171b5", "#08306b"};
#define RGB(r, g, b) {(r) / 255.0, (g) / 255.0, (b) / 255.0}
static const double FILL_RGB[CLASSES][3] = {RGB(0xef, 0xf3, 0xff), RGB(0xbd, 0xd7, 0xe7), RGB(0x6b, 0xae, 0xd6),
                                            RGB(0x21, 0x71, 0xb5), RGB(0x08, 0x30, 0x6b)};
#define NONE_FILL "#e0e0e0"

typedef struct cell {
    int row, col;
} cell;

typedef struct layout {
    cell *at;   /* per area */
    int rows, cols;
    int64_t max;
    double w, h;
} layout;

static bool has_rings(const kp_map_area *a)
{
    return a->rings && a->rings[0];
}

/* True when every area has an outline: the map draws outlines, else tiles. */
static bool outlined(const kp_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        if (!has_rings(&m->areas[i]))
            return false;
    return true;
}

static bool map_ok(const kp_map *m)
{
    if (!m || !m->areas || m->n == 0 || !m->id || !m->id[0] || !m->title || !m->desc)
        return false;
    for (const char *p = m->id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    for (size_t i = 0; i < m->n; i++) {
        const kp_map_area *a = &m->areas[i];
        if (!a->atvk || !a->name || a->row > 99 || a->col > 99 || (a->row < 0) != (a->col < 0))
            return false;
        if (has_rings(a) && !kp_rings_walk(a->rings, NULL, NULL))
            return false;
    }
    return true;
}

/* Tiles as given; a tile without a place, or on a place taken by an
 * earlier one, goes below the others, row by row. */
static void lay_out(const kp_map *m, layout *L)
{
    L->at = calloc(m->n, sizeof *L->at);
    if (!L->at)
        abort();
    int rows = 0, cols = 0;
    size_t loose = 0;
    for (size_t i = 0; i < m->n; i++) {
        const kp_map_area *a = &m->areas[i];
        bool taken = a->row < 0;
        for (size_t j = 0; j < i && !taken; j++)
            taken = L->at[j].row == a->row && L->at[j].col == a->col;
        if (taken) {
            L->at[i] = (cell){-1, -1};
            loose++;
            continue;
        }
        L->at[i] = (cell){a->row, a->col};
        if (a->row + 1 > rows)
            rows = a->row + 1;
        if (a->col + 1 > cols)
            cols = a->col + 1;
    }
    if (loose) {
        int per = 1;
        while ((size_t)per * (size_t)per < loose)
            per++;
        if (per < cols)
            per = cols;
        int k = 0, first = rows;
        for (size_t i = 0; i < m->n; i++) {
            if (L->at[i].row >= 0)
                continue;
            L->at[i] = (cell){first + k / per, k % per};
            k++;
        }
        rows = first + (k + per - 1) / per;
        if (per > cols)
            cols = per;
    }
    L->rows = rows;
    L->cols = cols;
    L->max = 0;
    for (size_t i = 0; i < m->n; i++)
        if (m->areas[i].value != KP_MAP_NO_VALUE && m->areas[i].value > L->max)
            L->max = m->areas[i].value;
    if (m->scale_max > L->max)
        L->max = m->scale_max;
    double gw = MARGIN * 2 + cols * (TILE_W + GAP);
    L->w = gw < MIN_W ? MIN_W : gw;
    L->h = MARGIN * 2 + rows * (TILE_H + GAP) + LEGEND_H;
}

/* 0 for 0 (and below), 1–4 in equal steps up to max; -1 for no value. */
static int class_of(int64_t v, int64_t max)
{
    if (v == KP_MAP_NO_VALUE)
        return -1;
    if (v <= 0 || max <= 0)
        return 0;
    int64_t c = (v * 4 + max - 1) / max;
    return c > 4 ? 4 : (int)c;
}

/* The values of class c (1–4): lo..hi; lo > hi when the class is empty. */
static void class_range(int c, int64_t max, int64_t *lo, int64_t *hi)
{
    *lo = (c - 1) * max / 4 + 1;
    *hi = c * max / 4;
}

/* The name in at most two lines: split at the last space when long. */
static void split_name(const char *name, char *a, size_t alen, char *b, size_t blen)
{
    const char *sp = strlen(name) > 16 ? strrchr(name, ' ') : NULL;
    if (!sp) {
        snprintf(a, alen, "%s", name);
        b[0] = '\0';
        return;
    }
    snprintf(a, alen, "%.*s", (int)(sp - name), name);
    snprintf(b, blen, "%s", sp + 1);
}

static void value_text(int64_t v, const char *none, char *out, size_t n)
{
    if (v == KP_MAP_NO_VALUE)
        snprintf(out, n, "%s", none ? none : "–");
    else
        snprintf(out, n, "%" PRId64, v);
}

#define P(s)                                                                                                        \
    do {                                                                                                            \
        if (!rc)                                                                                                    \
            rc = kp_html_raw_trusted(out, s);                                                                       \
    } while (0)
#define T(s)                                                                                                        \
    do {                                                                                                            \
        if (!rc)                                                                                                    \
            rc = kp_html_text(out, s);                                                                              \
    } while (0)
#define A(s)                                                                                                        \
    do {                                                                                                            \
        if (!rc)                                                                                                    \
            rc = kp_html_attr(out, s);                                                                              \
    } while (0)
#define F(...)                                                                                                      \
    do {                                                                                                            \
        if (!rc)                                                                                                    \
            rc = kp_buf_printf(out, __VA_ARGS__);                                                                   \
    } while (0)


/* ---- outlines --------------------------------------------------------------- */

#define SHAPE_W 640.0 /* the outlines' width in px, at most */
#define SHAPE_H 520.0 /* and height */

typedef struct bbox {
    double x0, y0, x1, y1;
} bbox;

static void grow(void *arg, bool move, double x, double y)
{
    (void)move;
    bbox *b = arg;
    if (x < b->x0)
        b->x0 = x;
    if (y < b->y0)
        b->y0 = y;
    if (x > b->x1)
        b->x1 = x;
    if (y > b->y1)
        b->y1 = y;
}

typedef struct frame {
    bbox all;
    double s;    /* px per unit */
    double w, h; /* the whole drawing with the legend */
    size_t *order; /* areas, largest first, so small ones (cities) lie on top */
} frame;

static bbox area_box(const kp_map_area *a)
{
    bbox b = {1e9, 1e9, -1e9, -1e9};
    kp_rings_walk(a->rings, grow, &b);
    return b;
}

static void frame_of(const kp_map *m, frame *f)
{
    f->all = (bbox){1e9, 1e9, -1e9, -1e9};
    double *size = calloc(m->n, sizeof *size);
    f->order = calloc(m->n, sizeof *f->order);
    if (!size || !f->order)
        abort();
    for (size_t i = 0; i < m->n; i++) {
        bbox b = area_box(&m->areas[i]);
        grow(&f->all, false, b.x0, b.y0);
        grow(&f->all, false, b.x1, b.y1);
        size[i] = (b.x1 - b.x0) * (b.y1 - b.y0);
        f->order[i] = i;
    }
    for (size_t i = 1; i < m->n; i++) {
        size_t x = f->order[i], j = i;
        while (j > 0 && size[f->order[j - 1]] < size[x]) {
            f->order[j] = f->order[j - 1];
            j--;
        }
        f->order[j] = x;
    }
    free(size);
    double bw = f->all.x1 - f->all.x0, bh = f->all.y1 - f->all.y0;
    if (bw < 1)
        bw = 1;
    if (bh < 1)
        bh = 1;
    f->s = SHAPE_W / bw;
    if (bh * f->s > SHAPE_H)
        f->s = SHAPE_H / bh;
    double gw = bw * f->s + 2 * MARGIN;
    f->w = gw < MIN_W ? MIN_W : gw;
    f->h = bh * f->s + 2 * MARGIN + LEGEND_H;
}

typedef struct svg_path {
    kp_buf *out;
    const frame *f;
    kp_rc rc;
    bool open;
} svg_path;

static void svg_point(void *arg, bool move, double x, double y)
{
    svg_path *p = arg;
    if (p->rc)
        return;
    double px = MARGIN + (x - p->f->all.x0) * p->f->s, py = MARGIN + (y - p->f->all.y0) * p->f->s;
    if (move && p->open)
        p->rc = kp_buf_puts(p->out, "Z");
    if (!p->rc)
        p->rc = kp_buf_printf(p->out, "%s%.1f %.1f", move ? "M" : "L", px, py);
    p->open = true;
}

/* The opening of an SVG figure: its size, and its title and description
 * named as its accessible name. */
static kp_rc svg_open(kp_buf *out, const char *cls, const char *id, const char *title, const char *desc, double w,
                      double h)
{
    kp_rc rc = KP_OK;
    F("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" role=\"img\" viewBox=\"0 0 %.0f %.0f\""
      " width=\"%.0f\" height=\"%.0f\" aria-labelledby=\"",
      cls, w, h, w, h);
    A(id);
    P("-title ");
    A(id);
    P("-desc\"><title id=\"");
    A(id);
    P("-title\">");
    T(title);
    P("</title><desc id=\"");
    A(id);
    P("-desc\">");
    T(desc);
    P("</desc>\n");
    return rc;
}

static kp_rc svg_outlines(const kp_map *m, const frame *f, int64_t max, kp_buf *out)
{
    kp_rc rc = KP_OK;
    for (size_t k = 0; k < m->n && !rc; k++) {
        const kp_map_area *a = &m->areas[f->order[k]];
        int c = class_of(a->value, max);
        char v[32];
        value_text(a->value, m->no_value, v, sizeof v);
        P("<g class=\"area\" data-atvk=\"");
        A(a->atvk);
        P("\"><title>");
        T(a->name);
        P(": ");
        T(v);
        P("</title><path d=\"");
        svg_path sp = {.out = out, .f = f};
        if (!rc)
            kp_rings_walk(a->rings, svg_point, &sp);
        if (!rc)
            rc = sp.rc;
        F("Z\" fill=\"%s\" fill-rule=\"evenodd\" stroke=\"#444\" stroke-width=\"0.7\"/>", c < 0 ? NONE_FILL : FILL[c]);
        F("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"#111\""
          " stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">",
          MARGIN + (a->label_x - f->all.x0) * f->s, MARGIN + (a->label_y - f->all.y0) * f->s + 4);
        T(v);
        P("</text></g>\n");
    }
    return rc;
}

kp_rc kp_map_size(const kp_map *m, double *w, double *h)
{
    if (!w || !h || !map_ok(m))
        return KP_EINVAL;
    layout L;
    lay_out(m, &L);
    *w = L.w;
    *h = L.h;
    if (outlined(m)) {
        frame fr = {0};
        frame_of(m, &fr);
        *w = fr.w;
        *h = fr.h;
        free(fr.order);
    }
    if (m->credit && m->credit[0])
        *h += CREDIT_H;
    free(L.at);
    return KP_OK;
}

kp_rc kp_map_svg(const kp_map *m, kp_buf *out)
{
    if (!out || !map_ok(m))
        return KP_EINVAL;
    layout L;
    lay_out(m, &L);
    bool shapes = outlined(m);
    frame fr = {0};
    double W = L.w, H = L.h, legend_top = MARGIN + L.rows * (TILE_H + GAP);
    if (shapes) {
        frame_of(m, &fr);
        W = fr.w;
        H = fr.h;
        legend_top = fr.h - LEGEND_H;
    }
    if (m->credit && m->credit[0])
        H += CREDIT_H;
    kp_rc rc = svg_open(out, "map", m->id, m->title, m->desc, W, H);
    if (shapes && !rc)
        rc = svg_outlines(m, &fr, L.max, out);
    for (size_t i = 0; i < m->n && !rc && !shapes; i++) {
        const kp_map_area *a = &m->areas[i];
        double x = MARGIN + L.at[i].col * (TILE_W + GAP), y = MARGIN + L.at[i].row * (TILE_H + GAP);
        int c = class_of(a->value, L.max);
        char l1[96], l2[96], v[32];
        split_name(a->name, l1, sizeof l1, l2, sizeof l2);
        value_text(a->value, m->no_value, v, sizeof v);
        P("<g class=\"area\" data-atvk=\"");
        A(a->atvk);
        P("\"><title>");
        T(a->name);
        P(": ");
        T(v);
        F("</title><rect x=\"%.0f\" y=\"%.0f\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\" stroke=\"#555\"/>", x, y,
          TILE_W, TILE_H, c < 0 ? NONE_FILL : FILL[c]);
        const char *ink = c >= 3 ? "#fff" : "#111";
        F("<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"%s\">", x + 6, y + 16, ink);
        T(l1);
        P("</text>");
        if (l2[0]) {
            F("<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"%s\">", x + 6, y + 30, ink);
            T(l2);
            P("</text>");
        }
        F("<text x=\"%.0f\" y=\"%.0f\" font-size=\"14\" font-weight=\"bold\" fill=\"%s\">", x + 6, y + 54, ink);
        T(v);
        P("</text></g>\n");
    }
    /* The legend: the heading, then a swatch per class that has values. */
    double ly = legend_top + 14;
    F("<g class=\"legend\"><text x=\"%d\" y=\"%.0f\" font-size=\"12\" fill=\"#111\">", MARGIN, ly);
    T(m->legend ? m->legend : "");
    P("</text>");
    double lx = MARGIN;
    for (int c = -1; c < CLASSES && !rc; c++) {
        char label[64];
        if (c == -1) {
            bool any = false;
            for (size_t i = 0; i < m->n; i++)
                any = any || m->areas[i].value == KP_MAP_NO_VALUE;
            if (!any)
                continue;
            snprintf(label, sizeof label, "%s", m->no_value ? m->no_value : "–");
        } else if (c == 0) {
            snprintf(label, sizeof label, "0");
        } else {
            int64_t lo, hi;
            class_range(c, L.max, &lo, &hi);
            if (lo > hi)
                continue;
            if (lo == hi)
                snprintf(label, sizeof label, "%" PRId64, lo);
            else
                snprintf(label, sizeof label, "%" PRId64 "–%" PRId64, lo, hi);
        }
        F("<rect class=\"swatch\" x=\"%.0f\" y=\"%.0f\" width=\"18\" height=\"14\" fill=\"%s\" stroke=\"#555\"/>", lx,
          ly + 10, c < 0 ? NONE_FILL : FILL[c]);
        F("<text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#111\">", lx + 22, ly + 21);
        T(label);
        P("</text>");
        lx += 30 + 7.0 * (double)strlen(label);
    }
    P("</g>");
    if (m->credit && m->credit[0]) {
        F("<text class=\"credit\" x=\"%d\" y=\"%.0f\" font-size=\"10\" fill=\"#444\">", MARGIN, legend_top + LEGEND_H + 6);
        T(m->credit);
        P("</text>");
    }
    P("</svg>\n");
    free(L.at);
    free(fr.order);
    return rc;
}

/* ---- cairo ------------------------------------------------------------------ */

static void draw_text(cairo_t *cr, double x, double y, const char *s, double size, bool bold, bool light)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    char font[48];
    snprintf(font, sizeof font, "DejaVu Sans %s%.1f", bold ? "Bold " : "", size);
    PangoFontDescription *fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    cairo_set_source_rgb(cr, light ? 1 : 0.07, light ? 1 : 0.07, light ? 1 : 0.07);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void fill_class(cairo_t *cr, int c)
{
    if (c < 0)
        cairo_set_source_rgb(cr, 0xe0 / 255.0, 0xe0 / 255.0, 0xe0 / 255.0);
    else
        cairo_set_source_rgb(cr, FILL_RGB[c][0], FILL_RGB[c][1], FILL_RGB[c][2]);
}

typedef struct cairo_path_arg {
    cairo_t *cr;
    const frame *f;
} cairo_path_arg;

static void cairo_point(void *arg, bool move, double x, double y)
{
    cairo_path_arg *p = arg;
    double px = MARGIN + (x - p->f->all.x0) * p->f->s, py = MARGIN + (y - p->f->all.y0) * p->f->s;
    if (move) {
        cairo_close_path(p->cr);
        cairo_move_to(p->cr, px, py);
    } else {
        cairo_line_to(p->cr, px, py);
    }
}

/* Text centred on (x, y). */
static void draw_centred(cairo_t *cr, double x, double y, const char *s)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans Bold 8");
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    int tw = 0, th = 0;
    pango_layout_get_pixel_size(l, &tw, &th);
    /* A white halo, then the text: readable on every class. */
    cairo_move_to(cr, x - tw / 2.0, y - th / 2.0);
    pango_cairo_layout_path(cr, l);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 2.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.07, 0.07, 0.07);
    cairo_move_to(cr, x - tw / 2.0, y - th / 2.0);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

static void cairo_outlines(const kp_map *m, const frame *f, int64_t max, cairo_t *cr)
{
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_set_line_width(cr, 0.7);
    for (size_t k = 0; k < m->n; k++) {
        const kp_map_area *a = &m->areas[f->order[k]];
        cairo_new_path(cr);
        cairo_path_arg arg = {cr, f};
        kp_rings_walk(a->rings, cairo_point, &arg);
        cairo_close_path(cr);
        fill_class(cr, class_of(a->value, max));
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.27, 0.27, 0.27);
        cairo_stroke(cr);
    }
    for (size_t k = 0; k < m->n; k++) {
        const kp_map_area *a = &m->areas[f->order[k]];
        char v[32];
        value_text(a->value, m->no_value, v, sizeof v);
        draw_centred(cr, MARGIN + (a->label_x - f->all.x0) * f->s, MARGIN + (a->label_y - f->all.y0) * f->s, v);
    }
}

kp_rc kp_map_cairo(const kp_map *m, cairo_t *cr, double x, double y, double w, double h)
{
    if (!cr || !map_ok(m) || !(w > 0) || !(h > 0))
        return KP_EINVAL;
    layout L;
    lay_out(m, &L);
    bool shapes = outlined(m);
    frame fr = {0};
    double W = L.w, H = L.h, legend_top = MARGIN + L.rows * (TILE_H + GAP);
    if (shapes) {
        frame_of(m, &fr);
        W = fr.w;
        H = fr.h;
        legend_top = fr.h - LEGEND_H;
    }
    if (m->credit && m->credit[0])
        H += CREDIT_H;
    double s = w / W < h / H ? w / W : h / H;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, s, s);
    cairo_set_line_width(cr, 0.8);
    if (shapes)
        cairo_outlines(m, &fr, L.max, cr);
    for (size_t i = 0; i < m->n && !shapes; i++) {
        const kp_map_area *a = &m->areas[i];
        double tx = MARGIN + L.at[i].col * (TILE_W + GAP), ty = MARGIN + L.at[i].row * (TILE_H + GAP);
        int c = class_of(a->value, L.max);
        cairo_rectangle(cr, tx, ty, TILE_W, TILE_H);
        fill_class(cr, c);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.33, 0.33, 0.33);
        cairo_stroke(cr);
        char l1[96], l2[96], v[32];
        split_name(a->name, l1, sizeof l1, l2, sizeof l2);
        value_text(a->value, m->no_value, v, sizeof v);
        draw_text(cr, tx + 6, ty + 4, l1, 8, false, c >= 3);
        if (l2[0])
            draw_text(cr, tx + 6, ty + 18, l2, 8, false, c >= 3);
        draw_text(cr, tx + 6, ty + 38, v, 10, true, c >= 3);
    }
    double ly = legend_top + 2;
    draw_text(cr, MARGIN, ly, m->legend ? m->legend : "", 9, false, false);
    double lx = MARGIN;
    for (int c = 0; c < CLASSES; c++) {
        char label[64];
        if (c == 0) {
            snprintf(label, sizeof label, "0");
        } else {
            int64_t lo, hi;
            class_range(c, L.max, &lo, &hi);
            if (lo > hi)
                continue;
            if (lo == hi)
                snprintf(label, sizeof label, "%" PRId64, lo);
            else
                snprintf(label, sizeof label, "%" PRId64 "–%" PRId64, lo, hi);
        }
        cairo_rectangle(cr, lx, ly + 20, 18, 14);
        fill_class(cr, c);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.33, 0.33, 0.33);
        cairo_stroke(cr);
        draw_text(cr, lx + 22, ly + 20, label, 8, false, false);
        lx += 30 + 7.0 * (double)strlen(label);
    }
    if (m->credit && m->credit[0])
        draw_text(cr, MARGIN, legend_top + LEGEND_H - 4, m->credit, 7, false, false);
    cairo_restore(cr);
    free(L.at);
    free(fr.order);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS ? KP_OK : KP_EIO;
}

/* ---- bar chart ---------------------------------------------------------------- */

#define BAR_LABEL_W 190
#define BAR_H 12
#define BAR_MAX_W 300
static const char *const SERIES_FILL[3] = {"#2171b5", "#e6550d", "#31a354"};

kp_rc kp_bars_svg(const kp_bars *b, kp_buf *out)
{
    if (!b || !out || !b->rows || b->n == 0 || !b->id || !b->id[0] || !b->title || !b->desc || !b->series[0])
        return KP_EINVAL;
    int ns = 1;
    while (ns < 3 && b->series[ns])
        ns++;
    int64_t max = 0;
    for (size_t i = 0; i < b->n; i++)
        for (int k = 0; k < ns; k++) {
            if (b->rows[i].v[k] < 0 || !b->rows[i].label)
                return KP_EINVAL;
            if (b->rows[i].v[k] > max)
                max = b->rows[i].v[k];
        }
    double group = ns * BAR_H + 8;
    double w = BAR_LABEL_W + BAR_MAX_W + 60, h = 30 + b->n * group + 10;
    kp_rc rc = svg_open(out, "bars", b->id, b->title, b->desc, w, h);
    P("<g class=\"legend\">");
    double lx = BAR_LABEL_W;
    for (int k = 0; k < ns; k++) {
        F("<rect x=\"%.0f\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx, SERIES_FILL[k]);
        F("<text x=\"%.0f\" y=\"16\" font-size=\"11\" fill=\"#111\">", lx + 16);
        T(b->series[k]);
        P("</text>");
        lx += 24 + 7.0 * (double)strlen(b->series[k]);
    }
    P("</g>\n");
    for (size_t i = 0; i < b->n && !rc; i++) {
        double y = 30 + i * group;
        F("<text x=\"%d\" y=\"%.0f\" font-size=\"11\" text-anchor=\"end\" fill=\"#111\">", BAR_LABEL_W - 6,
          y + ns * BAR_H / 2.0 + 4);
        T(b->rows[i].label);
        P("</text>");
        for (int k = 0; k < ns && !rc; k++) {
            int64_t v = b->rows[i].v[k];
            double bw = max > 0 ? (double)v * BAR_MAX_W / (double)max : 0;
            F("<rect class=\"bar\" x=\"%d\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>", BAR_LABEL_W,
              y + k * BAR_H, bw, BAR_H - 1, SERIES_FILL[k]);
            T(b->rows[i].label);
            P(", ");
            T(b->series[k]);
            F(": %" PRId64 "</title></rect>", v);
            F("<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" fill=\"#111\">%" PRId64 "</text>", BAR_LABEL_W + bw + 4,
              y + k * BAR_H + 10, v);
        }
    }
    P("</svg>\n");
    return rc;
}
