/* Figures 1–3 of seed 003: counts at each year's end, population and rates
 * per 1 000 inhabitants (see trends.h). */
#include "service/figures/trends.h"
#include "service/figures/eval_details.h"
#include "service/figures/figure_sql.h"
#include "service/access.h"
#include "service/sql.h"
#include "service/territory.h"
#include "core/buf.h"
#include "core/mem.h"
#include "store/store.h"
#include <stdio.h>
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
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, "SELECT population FROM population WHERE municipality_id = ?1 AND year = ?2",
                                &s);
    for (size_t i = 0; i < t->n && !rc; i++) {
        const kp_terr *m = &t->t[i];
        if (!valid_on(m, d) || strcmp(kp_territories_region(t, m->id, d), region) != 0)
            continue;
        need++;
        kp_param p[] = {KP_PINT(m->id), KP_PINT(year)};
        bool row = false;
        rc = kp_stmt_reset(s);
        if (!rc)
            rc = kp_sql_bind(s, p, 2);
        if (!rc)
            rc = kp_stmt_step(s, &row);
        if (!rc && row) {
            have++;
            sum += kp_stmt_int(s, 0);
        }
    }
    kp_stmt_free(s);
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

/* The counts of one date: one SUM per count entry, under the condition of
 * the context entry it names, over the region's people on the date. */
static kp_rc counts_at(kp_ctx *ctx, const kp_territories *t, const char *region, kp_date at,
                       const kp_figure_def *const *defs, size_t n, int64_t *v)
{
    char d[11], adult[11];
    kp_date_format_iso(at, d);
    kp_figures_years_before(at, 18, adult);
    kp_buf sql, origins;
    kp_buf_init(&sql, KP_BUF_DEFAULT_MAX);
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_territories_origins_json(t, region, d, &origins);
    if (!rc)
        rc = kp_buf_puts(&sql, KP_FIGURE_CONTEXT_COUNT_FROM " SELECT 0");
    for (size_t i = 0; i < n && !rc; i++) {
        const kp_figure_def *c = kp_catalogue_find("context", defs[i]->column, "persons");
        if (!c || !c->condition)
            rc = KP_EINVAL; /* a catalogue defect: a trend of no context figure */
        else
            rc = kp_buf_printf(&sql, ", SUM(CASE WHEN %s THEN 1 ELSE 0 END)", c->condition);
    }
    if (!rc)
        rc = kp_buf_puts(&sql, " FROM x");
    kp_stmt *s = NULL;
    if (!rc)
        rc = kp_store_prepare(ctx->db, kp_buf_str(&sql), &s);
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(adult), KP_PTEXT(kp_buf_str(&origins))};
    if (!rc)
        rc = kp_sql_bind(s, p, 3);
    bool row = false;
    if (!rc)
        rc = kp_stmt_step(s, &row);
    for (size_t i = 0; i < n; i++)
        v[i] = !rc && row ? kp_stmt_int(s, 1 + (int)i) : 0;
    kp_stmt_free(s);
    kp_buf_free(&sql);
    kp_buf_free(&origins);
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

/* One region: counts, population and rates of every year; pop_found[k]
 * and pop[k] receive year k's population. */
static kp_rc one_region(kp_ctx *ctx, const char *region, int first_year, kp_date at, kp_figures *out,
                        bool pop_found[MAX_TREND_YEARS], int64_t pop[MAX_TREND_YEARS])
{
    kp_rc rc = kp_region_known(ctx, region);
    if (!rc)
        rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;
    const kp_figure_def *defs[MAX_TREND_COUNTS];
    size_t n = count_defs(defs);
    const kp_figure_def *popdef = kp_catalogue_find("trends", "population", "inhabitants");
    kp_territories t = {0};
    rc = kp_territories_load(ctx, &t);
    int last = kp_date_year(at);
    for (int y = first_year; y <= last && !rc; y++) {
        int k = y - first_year;
        kp_date d = kp_trend_date(y, at);
        int64_t v[MAX_TREND_COUNTS];
        rc = counts_at(ctx, &t, region, d, defs, n, v);
        for (size_t i = 0; i < n && !rc; i++) {
            push(out, defs[i], y, v[i]);
            out->has_data = out->has_data || v[i] > 0;
        }
        char iso[11];
        kp_date_format_iso(d, iso);
        if (!rc)
            rc = population_of(ctx, &t, region, iso, kp_trend_population_year(d), &pop_found[k], &pop[k]);
        if (!rc && pop_found[k] && popdef) {
            push(out, popdef, y, pop[k]);
            rates(out, y, pop[k]);
        }
    }
    kp_territories_free(&t);
    return rc;
}

kp_rc kp_trends_for(kp_ctx *ctx, const char *region, int first_year, kp_date at, kp_figures *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !region || at == KP_DATE_NONE || first_year < 1990 || first_year > kp_date_year(at) ||
        kp_date_year(at) - first_year >= MAX_TREND_YEARS)
        return KP_EINVAL;
    bool found[MAX_TREND_YEARS] = {0};
    int64_t pop[MAX_TREND_YEARS] = {0};
    if (strcmp(region, KP_REGION_ALL) != 0) {
        kp_rc rc = one_region(ctx, region, first_year, at, out, found, pop);
        if (rc)
            kp_figures_free(out);
        return rc;
    }
    /* The country: the catalogue's fold of kp_figures_for — counts and
     * populations added (a year's population only when every region has
     * it), the rates recomputed from the sums. */
    kp_eval_list regions = {0};
    kp_rc rc = kp_eval_regions(ctx, &regions);
    kp_figures_fold fold = {0};
    for (size_t i = 0; !rc && i < regions.n; i++) {
        kp_figures f = {0};
        rc = one_region(ctx, ((const kp_eval_name *)regions.items)[i].code, first_year, at, &f, found, pop);
        if (!rc)
            kp_figures_fold_add(&fold, &f);
        kp_figures_free(&f);
    }
    kp_eval_list_free(&regions);
    if (rc) {
        kp_figures_fold_free(&fold);
        return rc;
    }
    kp_figures_fold_end(&fold, out);
    return KP_OK;
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
    bool found[MAX_TREND_YEARS] = {0};
    int64_t pop[MAX_TREND_YEARS] = {0};
    kp_rc rc = one_region(ctx, region, kp_trends_first_year(at), at, &f, found, pop);
    for (size_t i = 0; !rc && i < f.n; i++) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        out->items[out->n++] = f.items[i];
    }
    kp_figures_free(&f);
    return rc;
}
