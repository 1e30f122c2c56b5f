/* Community-based services available per territory at two dates and the
 * change in the region's facilities (see service_availability.h). */
#include "service/figures/service_availability.h"
#include "service/figures/catalogue.h"
#include "service/figures/figure_sql.h"
#include "service/casework/services.h"
#include "service/figures/figures_sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kp_rc kp_availability_dates(kp_date at, kp_date out[2])
{
    if (!out || at == KP_DATE_NONE)
        return KP_EINVAL;
    int y, m, d;
    kp_date_to_ymd(at, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    out[0] = kp_date_from_ymd(y - 2, m, d);
    out[1] = at;
    return out[0] == KP_DATE_NONE ? KP_EINVAL : KP_OK;
}

typedef struct each_walk {
    const kp_territories *t;
    const char *region;
    const char *iso;
    kp_availability_fn fn;
    void *arg;
} each_walk;

static kp_rc each_row(void *row, void *arg)
{
    const kp_q_figures_facility *r = row;
    each_walk *w = arg;
    int64_t h = kp_figures_holder(w->t, r->origin, w->iso, w->region);
    if (h)
        w->fn(w->arg, h, r->id, r->name, r->family);
    return KP_OK;
}

kp_rc kp_availability_each(kp_ctx *ctx, const kp_territories *t, const char *region, kp_date d, kp_availability_fn fn,
                           void *arg)
{
    if (!ctx || !t || !region || !fn || d == KP_DATE_NONE)
        return KP_EINVAL;
    char iso[11];
    kp_date_format_iso(d, iso);
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_territories_origins_json(t, region, iso, &origins);
    each_walk w = {t, region, iso, fn, arg};
    if (!rc)
        rc = kp_q_figures_facility_families_each(ctx->db, iso, kp_buf_str(&origins), each_row, &w);
    kp_buf_free(&origins);
    return rc;
}

/* ---- counting -------------------------------------------------------------- */

/* One facility × family on a date, as the walk gives them. */
typedef struct hit {
    int64_t holder, facility;
    int fam; /* index into the families */
} hit;

typedef struct walk {
    char (*fams)[32]; /* the top-level services, catalogue order */
    size_t nfams;
    hit *hits;
    size_t n, cap;
} walk;

static void on_hit(void *arg, int64_t holder, int64_t facility, const char *name, const char *family)
{
    (void)name;
    walk *w = arg;
    int f = -1;
    for (size_t i = 0; i < w->nfams && f < 0; i++)
        if (!strcmp(w->fams[i], family))
            f = (int)i;
    if (f < 0)
        return;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->hits = kp_xrealloc(w->hits, w->cap * sizeof *w->hits);
    }
    w->hits[w->n++] = (hit){holder, facility, f};
}

static kp_rc load_families(kp_ctx *ctx, walk *w)
{
    kp_q_figures_codes c = {0};
    kp_rc rc = kp_q_figures_service_codes(ctx->db, true, &c);
    if (!rc && c.n) {
        w->fams = kp_xcalloc(c.n, sizeof *w->fams);
        for (size_t i = 0; i < c.n; i++)
            memcpy(w->fams[w->nfams++], c.items[i].code, sizeof w->fams[0]);
    }
    free(c.items);
    return rc;
}

typedef struct adder {
    const kp_territories *t;
    kp_figures *out;
} adder;

static void add(adder *a, int64_t holder, const char *item, const char *measure, int period, int64_t v)
{
    kp_figures *f = a->out;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->items = kp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    kp_figure *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", KP_AVAILABILITY_SECTION);
    x->municipality_id = holder;
    const kp_terr *t = holder ? kp_territories_find(a->t, holder) : NULL;
    snprintf(x->municipality, sizeof x->municipality, "%s", t ? t->name : "");
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->measure, sizeof x->measure, "%s", measure);
    x->period = period;
    x->kind = KP_VAL_COUNT;
    x->value = v;
}

/* Distinct facilities among the hits of `holder` (0 = all) and family
 * `fam` (-1 = any). The walk gives each facility and family once, a
 * facility's families one after another (ordered by facility). */
static int64_t facilities(const walk *w, int64_t holder, int fam)
{
    int64_t n = 0, last = 0;
    for (size_t i = 0; i < w->n; i++) {
        const hit *h = &w->hits[i];
        if ((holder && h->holder != holder) || (fam >= 0 && h->fam != fam))
            continue;
        if (fam >= 0 || h->facility != last)
            n++;
        last = h->facility;
    }
    return n;
}

static bool valid_on(const kp_terr *x, const char *d)
{
    return strcmp(x->valid_from, d) <= 0 && (!x->valid_to[0] || strcmp(x->valid_to, d) >= 0);
}

/* The figures of one date's territories (period = the date's year). */
static void per_territory(adder *a, const walk *w, const char *region, kp_date d)
{
    char iso[11];
    kp_date_format_iso(d, iso);
    int y, m, dd;
    kp_date_to_ymd(d, &y, &m, &dd);
    for (size_t i = 0; i < a->t->n; i++) {
        const kp_terr *x = &a->t->t[i];
        if (!valid_on(x, iso) || strcmp(kp_territories_region(a->t, x->id, iso), region) != 0)
            continue;
        int64_t kinds = 0;
        for (size_t f = 0; f < w->nfams; f++) {
            int64_t n = facilities(w, x->id, (int)f);
            if (!n)
                continue;
            kinds++;
            add(a, x->id, w->fams[f], "facilities", y, n);
        }
        add(a, x->id, "all", "kinds", y, kinds);
        add(a, x->id, "all", "facilities", y, facilities(w, x->id, -1));
    }
}

kp_rc kp_figures_add_availability(kp_ctx *ctx, const char *region, kp_date at, const kp_territories *t,
                                  kp_figures *out)
{
    if (!ctx || !region || !t || !out)
        return KP_EINVAL;
    kp_date dates[2];
    kp_rc rc = kp_availability_dates(at, dates);
    if (rc)
        return rc;
    size_t n0 = out->n;
    walk w[2] = {{0}, {0}};
    rc = load_families(ctx, &w[0]);
    for (int k = 0; !rc && k < 2; k++) {
        if (k == 1) {
            w[1].fams = w[0].fams;
            w[1].nfams = w[0].nfams;
        }
        rc = kp_availability_each(ctx, t, region, dates[k], on_hit, &w[k]);
    }
    adder a = {.t = t, .out = out};
    int years[2];
    for (int k = 0; k < 2; k++) {
        int m, d;
        kp_date_to_ymd(dates[k], &years[k], &m, &d);
    }
    for (int k = 0; !rc && k < 2; k++)
        per_territory(&a, &w[k], region, dates[k]);
    /* The region: every family offered at either date, then all. */
    for (size_t f = 0; !rc && f <= w[0].nfams; f++) {
        int fam = f < w[0].nfams ? (int)f : -1;
        const char *item = fam >= 0 ? w[0].fams[f] : "all";
        int64_t before = facilities(&w[0], 0, fam), now = facilities(&w[1], 0, fam);
        if (fam >= 0 && !before && !now)
            continue;
        add(&a, 0, item, "facilities", years[0], before);
        add(&a, 0, item, "facilities", years[1], now);
        add(&a, 0, item, "change", 0, now - before);
    }
    free(w[0].fams);
    free(w[0].hits);
    free(w[1].hits);
    if (rc)
        out->n = n0;
    return rc;
}
