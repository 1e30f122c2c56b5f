/* Maps of a region: each municipality's outline (data/municipality_shapes.csv,
 * from open boundary data; service/territory_shapes.h gives them per
 * region and date) shaded by a value per municipality, with the value on
 * it and a legend (issue 11, item 4). When an area has no outline, the map
 * falls back to one tile per municipality in a grid. Drawn as SVG for HTML
 * pages and reports, and with cairo (+ pango for the Latvian letters) for
 * PDF. Also a horizontal bar chart in SVG for the pages.
 *
 * Use: kp_region_shapes(ctx, "ZPR", at, &shapes); one kp_map_area per shape
 * with its rings, label point and your value; kp_map_svg or kp_map_cairo. */
#ifndef KOPA_REPORT_MAP_H
#define KOPA_REPORT_MAP_H
#include <cairo.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"

#define KP_MAP_NO_VALUE INT64_MIN

typedef struct kp_map_area {
    const char *atvk;  /* the key (7 digits); written as data-atvk */
    const char *name;  /* in the area's <title> (and on a tile) */
    int row, col;      /* a tile, when the map has no outlines; -1 = laid out below the others */
    int64_t value;     /* what is shaded; KP_MAP_NO_VALUE = no value */
    const char *rings; /* the outline: "x,y x,y …;x,y …" (0.1 km, y down, even-odd); NULL or "" = none */
    int label_x, label_y; /* where the value is written, in the rings' units */
} kp_map_area;

typedef struct kp_map {
    const char *id;       /* prefix of the SVG's element ids, unique in the page ([A-Za-z0-9-]) */
    const char *title;    /* the map's <title> */
    const char *desc;     /* its <desc>: what is shaded and where the numbers are as a table */
    const char *legend;   /* the legend's heading: the value and its unit */
    const char *no_value; /* the legend's label for a tile without a value */
    const char *credit;   /* written under the legend (the boundaries' source and licence); NULL = none */
    const kp_map_area *areas;
    size_t n;
    int64_t scale_max;    /* the top of the scale when above the largest value (maps compared on one
                             scale); 0 = the largest value */
} kp_map;

/* Appends one <svg> element (role="img", labelled by its title and desc):
 * a <g class="area" data-atvk=…> per area with a <title>, its outline as
 * one <path> (or, when some area has no outline, a tile: one <rect> with
 * the name) and its value, then the legend. Five classes: 0, and four
 * equal steps up to the largest value. Every text is escaped. KP_EINVAL for
 * NULL arguments, n == 0, a missing id/title/desc, an area without atvk or
 * name, a tile outside 0–99, or rings that are not "x,y" whole numbers with
 * at least three points a ring; KP_ETOOBIG past out's cap. */
kp_rc kp_map_svg(const kp_map *m, kp_buf *out);

/* The map's natural size in px (as kp_map_svg draws it), for a layout
 * that keeps its proportions. KP_EINVAL as kp_map_svg or NULL w/h. */
kp_rc kp_map_size(const kp_map *m, double *w, double *h);

/* The same map drawn with cairo into the box (x, y, w, h) of cr, scaled to
 * fit, with pango text. KP_EINVAL as kp_map_svg, and for a box not larger
 * than 0; KP_EIO when cairo reports an error afterwards. */
kp_rc kp_map_cairo(const kp_map *m, cairo_t *cr, double x, double y, double w, double h);

/* A horizontal bar chart: per label, up to three series drawn as bars side
 * by side, the values written beside them. */
typedef struct kp_bar_row {
    const char *label;
    int64_t v[3];
} kp_bar_row;

typedef struct kp_bars {
    const char *id, *title, *desc;
    const char *series[3]; /* names in the legend; NULL = series unused (at least the first) */
    const kp_bar_row *rows;
    size_t n;
} kp_bars;

/* Appends one <svg> element (role="img", title and desc, a <rect
 * class="bar"> per row and series with a <title>). KP_EINVAL for NULL
 * arguments, n == 0, a missing id/title/desc/first series, a negative
 * value; KP_ETOOBIG past out's cap. */
kp_rc kp_bars_svg(const kp_bars *b, kp_buf *out);

#endif
