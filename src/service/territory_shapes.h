/* Outlines of the territories for maps (data/municipality_shapes.csv: the
 * 2009–2021 municipalities' boundaries from Who's On First / Quattroshapes,
 * the 2021 territories as the unions of their predecessors; see
 * docs/catalogues.md). Geography is public: no scope applies. */
#ifndef KOPA_SERVICE_TERRITORY_SHAPES_H
#define KOPA_SERVICE_TERRITORY_SHAPES_H
#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "service/ctx.h"

typedef struct kp_shape {
    char atvk[8];
    char name[96];
    int label_x, label_y; /* where a label goes, in the rings' units */
    char *rings;          /* "x,y x,y …;x,y …" in 0.1 km, y down (report/map.h); "" when none is known */
} kp_shape;

typedef struct kp_shapes {
    kp_shape *items; /* by name, then ATVK */
    size_t n;
} kp_shapes;

/* Calls fn (may be NULL: only check) for each point of rings as kp_shape
 * holds them ("x,y x,y …;x,y …"), move = the first point of a ring. True
 * when the text is such rings: whole numbers 0–99999, at least three
 * points a ring. The one reading of the format: the catalogue import
 * checks with it, the maps draw with it. */
typedef void (*kp_ring_point_fn)(void *arg, bool move, double x, double y);
bool kp_rings_walk(const char *rings, kp_ring_point_fn fn, void *arg);

/* The territories of `region` valid on `at` (the map of that date, the
 * region membership of that date) with their outlines. KP_EINVAL for NULL
 * arguments or KP_DATE_NONE, KP_ENOTFOUND for an unknown region, KP_EDB on
 * storage failure. *out is empty on failure; free with kp_shapes_free. */
kp_rc kp_region_shapes(kp_ctx *ctx, const char *region, kp_date at, kp_shapes *out);
void kp_shapes_free(kp_shapes *s);
/* The outline of one territory in s (NULL when absent). */
const kp_shape *kp_shapes_find(const kp_shapes *s, const char *atvk);

#endif
