/* The published evaluation's further figures (see figures_published.h):
 * each grouped by the territory a record was made under and folded into
 * the territory that holds it on the date, as figures.c does. */
#include "service/figures/figures_published.h"
#include "service/figures/figures.h"
#include "service/figures/catalogue.h"
#include "service/figures/figure_sql.h"
#include "service/figures/figures_sql.h"
#include "service/territory.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pub {
    kp_ctx *ctx;
    const char *region;
    char d[11];
    const kp_territories *t;
    kp_figures *out;
    size_t n0;          /* out->n on entry: rows before it are not ours */
} pub;

static kp_figure *add(pub *p, const char *section, int64_t holder, const char *tg, const char *item, const char *measure,
                      int64_t v)
{
    kp_figures *f = p->out;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->items = kp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    kp_figure *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", section);
    x->municipality_id = holder;
    const kp_terr *t = holder ? kp_territories_find(p->t, holder) : NULL;
    snprintf(x->municipality, sizeof x->municipality, "%s", t ? t->name : "");
    snprintf(x->target_group, sizeof x->target_group, "%s", tg);
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->measure, sizeof x->measure, "%s", measure);
    x->kind = KP_VAL_COUNT;
    x->value = v;
    return x;
}

/* Adds v to our row of (section, holder, tg, item, measure), making it. */
static void bump(pub *p, const char *section, int64_t holder, const char *tg, const char *item, const char *measure,
                 int64_t v)
{
    for (size_t i = p->n0; i < p->out->n; i++) {
        kp_figure *x = &p->out->items[i];
        if (x->municipality_id == holder && !strcmp(x->section, section) && !strcmp(x->target_group, tg) &&
            !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            x->value += v;
            return;
        }
    }
    add(p, section, holder, tg, item, measure, v);
}

/* The DI plan's objects opened by the date (registered or operating), and
 * their places, by the territory holding each. */
static void erdf_centres(pub *p, const kp_diplan *plan)
{
    int64_t objects = 0, places = 0;
    for (size_t i = 0; i < plan->n; i++) {
        const kp_diplan_object *o = &plan->objects[i];
        if (strcmp(o->status, "registered") && strcmp(o->status, "operating"))
            continue;
        int64_t h = kp_figures_holder(p->t, o->municipality_id, p->d, p->region);
        if (!h)
            continue;
        int64_t pl = o->counted_places > 0 ? o->counted_places : 0;
        bump(p, "erdf_centres", h, "", "opened", "objects", 1);
        bump(p, "erdf_centres", h, "", "opened", "places", pl);
        objects++;
        places += pl;
    }
    add(p, "erdf_centres", 0, "", "opened", "objects", objects);
    add(p, "erdf_centres", 0, "", "opened", "places", places);
}

static kp_rc outside_row(void *row, void *arg)
{
    const kp_q_figures_facility *r = row;
    pub *p = arg;
    int64_t h = kp_figures_holder(p->t, r->origin, p->d, p->region);
    if (h)
        bump(p, "services_outside_plan", h, r->tg, r->family, "facilities", 1);
    return KP_OK;
}

/* Facility services begun in the project at facilities the DI plan does
 * not name, by territory, target group and service; the region's total
 * per group and service after them. */
static kp_rc outside_plan(pub *p, const char *origins)
{
    char start[11] = "";
    kp_rc rc = kp_region_project_start(p->ctx, p->region, start);
    size_t first = p->out->n;
    if (!rc)
        rc = kp_q_figures_outside_plan_each(p->ctx->db, p->d, start, p->region, origins, outside_row, p);
    size_t last = p->out->n;
    for (size_t i = first; !rc && i < last; i++) {
        kp_figure x = p->out->items[i];
        bump(p, "services_outside_plan", 0, x.target_group, x.item, "facilities", x.value);
    }
    return rc;
}

kp_rc kp_figures_add_published(kp_ctx *ctx, const char *region, kp_date at, const kp_diplan *plan,
                               const kp_territories *t, const char *origins, kp_figures *out)
{
    if (!ctx || !region || !plan || !t || !origins || !out)
        return KP_EINVAL;
    pub p = {.ctx = ctx, .region = region, .t = t, .out = out, .n0 = out->n};
    kp_date_format_iso(at, p.d);
    erdf_centres(&p, plan);
    kp_rc rc = outside_plan(&p, origins);
    if (rc)
        out->n = p.n0;
    return rc;
}
