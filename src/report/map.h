/* Maps of a region: one tile per municipality, laid out in a grid shaped
 * like the region (data/municipality_tiles.csv), shaded by a value per
 * municipality with a legend. No open-data boundary file was at hand, so
 * every region is drawn as the same kind of tile map (issue 11, item 4).
 * Drawn as SVG for HTML pages and reports, and with cairo (+ pango for the
 * Latvian letters) for PDF. The caller gives values per ATVK code; the
 * service layer gives the tiles (need_places.h: kp_region_tiles). Also a
 * horizontal bar chart in SVG for the pages. */
#ifndef KOPA_REPORT_MAP_H
#define KOPA_REPORT_MAP_H
#include <cairo.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"

#define KP_MAP_NO_VALUE INT64_MIN

typedef struct kp_map_area {
    const char *atvk;  /* the key (7 digits); written as data-atvk */
    const char *name;  /* shown on the tile */
    int row, col;      /* the tile; -1 = none: laid out below the others, by the order given */
    int64_t value;     /* what is shaded; KP_MAP_NO_VALUE = no value */
} kp_map_area;

typedef struct kp_map {
    const char *id;       /* prefix of the SVG's element ids, unique in the page ([A-Za-z0-9-]) */
    const char *title;    /* the map's <title> */
    const char *desc;     /* its <desc>: what is shaded and where the numbers are as a table */
    const char *legend;   /* the legend's heading: the value and its unit */
    const char *no_value; /* the legend's label for a tile without a value */
    const kp_map_area *areas;
    size_t n;
} kp_map;

/* Appends one <svg> element (role="img", labelled by its title and desc):
 * a <g class="area" data-atvk=…> per area with a <title>, one rect and the
 * name and value, then the legend. Five classes: 0, and four equal steps up
 * to the largest value. Every text is escaped. KP_EINVAL for NULL
 * arguments, n == 0, a missing id/title/desc or an area without atvk or
 * name, or a tile outside 0–99; KP_ETOOBIG past out's cap. */
kp_rc kp_map_svg(const kp_map *m, kp_buf *out);

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
