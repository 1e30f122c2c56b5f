/* Figures 1–3 of seed 003: counts at each year's end, population and rates
 * per 1 000 inhabitants (see trends.h). */
#include "service/figures/trends.h"
#include "service/figures/eval_details.h"
#include "service/figures/figure_sql.h"
#include "service/access.h"
#include "service/figures/figures_sql.h"
#include "service/territory.h"
#include "core/buf.h"
#include "core/mem.h"
#include "store/store.h"
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TREND_YEARS 30
#define MAX_TREND_COUNTS 16

kp_date kp_trend_date(int year, kp_date at)
{
    kp_date end = kp_date_from_ymd(year, 12, 31);
    return at < end ? at : end;
}

int kp_trend_population_year(kp_date d)
{
    return kp_date_year(d + 1);
}

int64_t kp_per_1000_hundredths(int64_t persons, int64_t population)
{
    if (population <= 0 || persons < 0)
        return 0;
    /* persons × 100 000 / population, half up; counts of people stay far
     * below the range where the product could overflow. */
    return (persons * 200000 + population) / (2 * population);
}

/* The catalogue's count entries of the section, in order. */
static size_t count_defs(const kp_figure_def *out[MAX_TREND_COUNTS])
{
    const kp_figure_def *d = NULL;
    size_t n = kp_catalogue_section("trends", &d), k = 0;
    for (size_t i = 0; i < n && k < MAX_TREND_COUNTS; i++)
        if (d[i].query == KP_Q_TRENDS && !strcmp(d[i].measure, "persons"))
            out[k++] = &d[i];
    return k;
}

static kp_figure *push(kp_figures *f, const kp_figure_def *def, int year, int64_t value)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 64;
        f->items = kp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    kp_figure *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", def->section);
    snprintf(x->target_group, sizeof x->target_group, "%s", def->target_group);
    snprintf(x->item, sizeof x->item, "%s", def->item);
    snprintf(x->measure, sizeof x->measure, "%s", def->measure);
    x->period = year;
    x->kind = def->kind;
    x->value = value;
    return x;
}

static bool valid_on(const kp_terr *t, const char *d)
{
    return strcmp(t->valid_from, d) <= 0 && (!t->valid_to[0] || strcmp(t->valid_to, d) >= 0);
}

static kp_rc population_of(kp_ctx *ctx, const kp_territories *t, const char *region, const char *d, int year,
                           bool *found, int64_t *value)
{
    *found = false;
    *value = 0;
    size_t need = 0, have = 0;
    int64_t sum = 0;
    int64_t *ids = kp_xcalloc(t->n ? t->n : 1, sizeof *ids);
    for (size_t i = 0; i < t->n; i++) {
        const kp_terr *m = &t->t[i];
        if (valid_on(m, d) && strcmp(kp_territories_region(t, m->id, d), region) == 0)
            ids[need++] = m->id;
    }
    kp_rc rc = kp_q_figures_population(ctx->db, ids, need, year, &sum, &have);
    free(ids);
    if (!rc && need && have == need) {
        *found = true;
        *value = sum;
    }
    return rc;
}

kp_rc kp_trend_population(kp_ctx *ctx, const char *region, kp_date d, int year, bool *found, int64_t *value)
{
    if (found)
        *found = false;
    if (value)
        *value = 0;
    if (!ctx || !region || !found || !value || d == KP_DATE_NONE)
        return KP_EINVAL;
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    kp_territories t = {0};
    char iso[11];
    kp_date_format_iso(d, iso);
    rc = kp_territories_load(ctx, &t);
    if (!rc)
        rc = population_of(ctx, &t, region, iso, year, found, value);
    kp_territories_free(&t);
    return rc;
}

/* One date of the pass. */
typedef struct pass_date {
    kp_date at;
    char d[11];
} pass_date;

/* A record origin of a date and the index of the region holding it. */
typedef struct origin_at {
    int64_t k, origin;
    size_t region;
} origin_at;

static int origin_cmp(const void *a, const void *b)
{
    const origin_at *x = a, *y = b;
    if (x->k != y->k)
        return x->k < y->k ? -1 : 1;
    return x->origin < y->origin ? -1 : x->origin > y->origin;
}

static void origin_push(origin_at **o, size_t *n, size_t *cap, int64_t k, int64_t origin, size_t region)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *o = kp_xrealloc(*o, *cap * sizeof **o);
    }
    (*o)[(*n)++] = (origin_at){k, origin, region};
}

/* The region (index into regions) holding records of `origin` (a
 * territory, or minus a split parish) on d, if one of them; SIZE_MAX
 * otherwise. The test of kp_territories_origins_json. */
static size_t origin_region(const kp_territories *t, int64_t municipality, int64_t parish, const char *d,
                            const char *const *regions, size_t nr)
{
    int64_t h = kp_territories_holder(t, municipality, parish, d);
    if (!h)
        return SIZE_MAX;
    const char *r = kp_territories_region(t, h, d);
    for (size_t i = 0; i < nr; i++)
        if (!strcmp(r, regions[i]))
            return i;
    return SIZE_MAX;
}

/* Adds a row of the pass (kp_q_figures_counts) to its region and date. */
typedef struct pass_fold {
    const origin_at *o;
    size_t no, nd, n;
    int64_t *v;
    const char *const *regions;
} pass_fold;

static kp_rc pass_row(void *row, void *arg)
{
    const kp_q_figures_counts *r = row;
    pass_fold *f = arg;
    origin_at key = {.k = r->k, .origin = r->origin};
    const origin_at *hit = f->no ? bsearch(&key, f->o, f->no, sizeof *f->o, origin_cmp) : NULL;
    if (!hit || key.k < 0 || (size_t)key.k >= f->nd)
        return KP_OK; /* not asked for: the filter in SQL keeps none */
    int64_t *dst = &f->v[(hit->region * f->nd + (size_t)key.k) * f->n];
    for (size_t i = 0; i < f->n; i++)
        dst[i] += r->v[i];
    return KP_OK;
}

/* The counts of every date and region in one query: v[(r * nd + k) * n + i]
 * is count entry i of region r on date k, each the SUM of the condition of
 * the context entry it names over the region's people on the date (as
 * counts_at did one date and region at a time). */
static kp_rc counts_pass(kp_ctx *ctx, const kp_territories *t, const char *const *regions, size_t nr,
                         const pass_date *dates, size_t nd, const kp_figure_def *const *defs, size_t n, int64_t *v)
{
    memset(v, 0, nr * nd * n * sizeof *v);
    if (!nd)
        return KP_OK; /* no date: no count */
    origin_at *o = NULL;
    size_t no = 0, cap = 0;
    kp_buf oj;
    kp_buf_init(&oj, KP_BUF_DEFAULT_MAX);
    char(*d)[11] = kp_xcalloc(nd, sizeof *d);
    char(*adult)[11] = kp_xcalloc(nd, sizeof *adult);
    const char *conds[MAX_TREND_COUNTS];
    kp_rc rc = KP_OK;
    for (size_t k = 0; k < nd; k++) {
        memcpy(d[k], dates[k].d, sizeof d[k]);
        kp_figures_years_before(dates[k].at, 18, adult[k]);
        for (size_t i = 0; i < t->n; i++) {
            size_t r = origin_region(t, t->t[i].id, 0, dates[k].d, regions, nr);
            if (r != SIZE_MAX)
                origin_push(&o, &no, &cap, (int64_t)k, t->t[i].id, r);
        }
        for (size_t i = 0; i < t->np; i++) {
            size_t r = origin_region(t, t->p[i].municipality, t->p[i].id, dates[k].d, regions, nr);
            if (r != SIZE_MAX)
                origin_push(&o, &no, &cap, (int64_t)k, -t->p[i].id, r);
        }
    }
    rc = kp_buf_putc(&oj, '[');
    for (size_t i = 0; i < no && !rc; i++)
        rc = kp_buf_printf(&oj, "%s%lld", i ? "," : "", (long long)o[i].origin * (long long)nd + (long long)o[i].k);
    if (!rc)
        rc = kp_buf_putc(&oj, ']');
    if (no > 1)
        qsort(o, no, sizeof *o, origin_cmp);
    for (size_t i = 0; i < n && i < MAX_TREND_COUNTS && !rc; i++) {
        const kp_figure_def *c = kp_catalogue_find("context", defs[i]->column, "persons");
        if (!c || !c->condition)
            rc = KP_EINVAL; /* a catalogue defect: a trend of no context figure */
        else
            conds[i] = c->condition;
    }
    pass_fold f = {o, no, nd, n, v, regions};
    if (!rc)
        rc = kp_q_figures_trend_counts_each(ctx->db, conds, n, (const char(*)[11])d, (const char(*)[11])adult, nd,
                                            kp_buf_str(&oj), pass_row, &f);
    free(o);
    free(d);
    free(adult);
    kp_buf_free(&oj);
    return rc;
}

/* The rate rows of a year from its count rows and population. */
static void rates(kp_figures *f, int year, int64_t population)
{
    const kp_figure_def *d = NULL;
    size_t n = kp_catalogue_section("trends", &d);
    for (size_t i = 0; i < n; i++) {
        if (d[i].fold != KP_FOLD_PER_1000)
            continue;
        const kp_figure_def *num = kp_catalogue_find(d[i].num[0], d[i].num[1], d[i].num[2]);
        for (size_t j = 0; num && j < f->n; j++) {
            const kp_figure *x = &f->items[j];
            if (x->period == year && !strcmp(x->item, num->item) && !strcmp(x->measure, num->measure)) {
                push(f, &d[i], year, kp_per_1000_hundredths(x->value, population));
                break;
            }
        }
    }
}

/* Regions' rows: counts of every year from one pass over the dates,
 * then each year's population and rates (a population row and the rates
 * only for a year whose population is known). out[r] receives region r's
 * rows. */
static kp_rc regions_rows(kp_ctx *ctx, const char *const *regions, size_t nr, int first_year, kp_date at,
                          kp_figures *out)
{
    kp_rc rc = KP_OK;
    for (size_t r = 0; r < nr && !rc; r++) {
        rc = kp_region_known(ctx, regions[r]);
        if (!rc)
            rc = kp_access_region(ctx, regions[r], false);
    }
    if (rc)
        return rc;
    const kp_figure_def *defs[MAX_TREND_COUNTS];
    size_t n = count_defs(defs);
    const kp_figure_def *popdef = kp_catalogue_find("trends", "population", "inhabitants");
    int last = kp_date_year(at);
    size_t nd = (size_t)(last - first_year + 1);
    pass_date dates[MAX_TREND_YEARS];
    for (size_t k = 0; k < nd; k++) {
        dates[k].at = kp_trend_date(first_year + (int)k, at);
        kp_date_format_iso(dates[k].at, dates[k].d);
    }
    int64_t *v = kp_xcalloc(nr * nd * (n ? n : 1), sizeof *v);
    kp_territories t = {0};
    rc = kp_territories_load(ctx, &t);
    if (!rc)
        rc = counts_pass(ctx, &t, regions, nr, dates, nd, defs, n, v);
    for (size_t r = 0; r < nr && !rc; r++) {
        for (size_t k = 0; k < nd && !rc; k++) {
            int y = first_year + (int)k;
            const int64_t *c = &v[(r * nd + k) * n];
            for (size_t i = 0; i < n; i++) {
                push(&out[r], defs[i], y, c[i]);
                out[r].has_data = out[r].has_data || c[i] > 0;
            }
            bool found = false;
            int64_t pop = 0;
            rc = population_of(ctx, &t, regions[r], dates[k].d, kp_trend_population_year(dates[k].at), &found, &pop);
            if (!rc && found && popdef) {
                push(&out[r], popdef, y, pop);
                rates(&out[r], y, pop);
            }
        }
    }
    free(v);
    kp_territories_free(&t);
    return rc;
}

static bool years_valid(int first_year, kp_date at)
{
    return at != KP_DATE_NONE && first_year >= 1990 && first_year <= kp_date_year(at) &&
           kp_date_year(at) - first_year < MAX_TREND_YEARS;
}

kp_rc kp_trends_for(kp_ctx *ctx, const char *region, int first_year, kp_date at, kp_figures *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !region || !years_valid(first_year, at))
        return KP_EINVAL;
    if (strcmp(region, KP_REGION_ALL) != 0) {
        kp_rc rc = regions_rows(ctx, &region, 1, first_year, at, out);
        if (rc)
            kp_figures_free(out);
        return rc;
    }
    /* The country: the catalogue's fold of kp_figures_for — counts and
     * populations added (a year's population only when every region has
     * it), the rates recomputed from the sums — over the regions' rows of
     * one pass. */
    kp_trends_by_region by = {0};
    kp_rc rc = kp_trends_regions(ctx, first_year, at, &by);
    if (rc)
        return rc;
    kp_figures_fold fold = {0};
    for (size_t i = 0; i < by.n; i++)
        kp_figures_fold_add(&fold, &by.rows[i]);
    kp_trends_by_region_free(&by);
    kp_figures_fold_end(&fold, out);
    return KP_OK;
}

kp_rc kp_trends_regions(kp_ctx *ctx, int first_year, kp_date at, kp_trends_by_region *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !years_valid(first_year, at))
        return KP_EINVAL;
    kp_eval_list regions = {0};
    kp_rc rc = kp_eval_regions(ctx, &regions);
    const kp_eval_name *r = regions.items;
    if (!rc && regions.n) {
        const char **codes = kp_xcalloc(regions.n, sizeof *codes);
        out->n = regions.n;
        out->rows = kp_xcalloc(regions.n, sizeof *out->rows);
        out->regions = kp_xcalloc(regions.n, sizeof *out->regions);
        for (size_t i = 0; i < regions.n && !rc; i++) {
            /* Region codes are short (ZPR); a longer one is a catalogue
             * error, refused rather than cut. */
            size_t len = strnlen(r[i].code, sizeof out->regions[i]);
            if (len == sizeof out->regions[i])
                rc = KP_ESTATE;
            else
                memcpy(out->regions[i], r[i].code, len);
            codes[i] = r[i].code;
        }
        if (!rc)
            rc = regions_rows(ctx, codes, regions.n, first_year, at, out->rows);
        free(codes);
    }
    kp_eval_list_free(&regions);
    if (rc)
        kp_trends_by_region_free(out);
    return rc;
}

void kp_trends_by_region_free(kp_trends_by_region *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        kp_figures_free(&b->rows[i]);
    free(b->rows);
    free(b->regions);
    memset(b, 0, sizeof *b);
}

int kp_trends_first_year(kp_date at)
{
    return kp_date_year(at) - 5;
}

kp_rc kp_figures_add_trends(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out)
{
    if (!ctx || !region || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_figures f = {0};
    kp_rc rc = regions_rows(ctx, &region, 1, kp_trends_first_year(at), at, &f);
    if (!rc)
        kp_figures_append_rows(out, &f);
    kp_figures_free(&f);
    return rc;
}

void kp_figures_append_rows(kp_figures *out, const kp_figures *rows)
{
    if (!out || !rows)
        return;
    for (size_t i = 0; i < rows->n; i++) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        out->items[out->n++] = rows->items[i];
    }
}
