/* Computing the evaluation's figures from records (see figures.h). Each
 * query groups by the municipality a record was made under — for people,
 * the municipality responsible for the person on the date, with every
 * attribute of the person as it stood then (people.h, KP_CLIENT_AT) — and
 * the grouping is then folded into the territory that holds it on the
 * date, in C, so that any chain of reforms rolls up without special SQL. */
#include "service/figures/figures.h"
#include "service/figures/catalogue.h"
#include "service/figures/trends.h"
#include "service/figures/figure_sql.h"
#include "service/figures/figures_sql.h"
#include "service/figures/figures_published.h"
#include "service/figures/service_availability.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/programme/diplan.h"
#include "service/programme/corrections.h"
#include "service/territory.h"
#include "service/casework/services.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_figures_free(kp_figures *f)
{
    free(f->items);
    memset(f, 0, sizeof *f);
}

/* ---- indicator computations ------------------------------------------- */

bool kp_indicator_computation_known(const char *name)
{
    return kp_q_figures_computation_known(name);
}

kp_rc kp_indicator_entered_at(kp_ctx *ctx, int64_t indicator, int year, kp_date on, bool *found, int64_t *row_id,
                              int *year_out, int64_t *value)
{
    if (found)
        *found = false;
    if (row_id)
        *row_id = 0;
    if (!ctx || !found || !year_out || !value || on == KP_DATE_NONE)
        return KP_EINVAL;
    char day[11];
    kp_date_format_iso(on, day);
    kp_q_figures_entered row;
    bool have = false;
    kp_rc rc = kp_q_figures_indicator_entered(ctx->db, indicator, year, day, &row, &have);
    if (!rc && have) {
        *found = true;
        if (row_id)
            *row_id = row.id;
        *year_out = row.year;
        *value = row.value;
    }
    return rc;
}

kp_rc kp_region_project_period(kp_ctx *ctx, const char *region, char start[11], char end[11])
{
    if (start)
        start[0] = '\0';
    if (end)
        end[0] = '\0';
    if (!ctx || !region || !start || !end)
        return KP_EINVAL;
    return kp_q_figures_project_period(ctx->db, region, start, end);
}

kp_rc kp_region_project_start(kp_ctx *ctx, const char *region, char start[11])
{
    char end[11];
    kp_rc rc = kp_region_project_period(ctx, region, start, end);
    if (!rc && !start[0])
        snprintf(start, 11, "1900-01-01");
    return rc;
}

/* ---- municipalities and roll-up ---------------------------------------- */

typedef struct muni {
    int64_t id;
    int64_t successor;
    char valid_from[11], valid_to[11];
    char region[8];
    char name[96];
    int64_t holder; /* territory holding its records on the date, 0 = outside the region */
} muni;

typedef struct munis {
    muni *m;
    size_t n;
    muni **byid;   /* m by id, for the folds' look-up of every row */
    char *origins; /* JSON array of the ids (origins) with a holder: the region's records */
    kp_territories t; /* the territories they were made from (figures_published.c uses them too) */
} munis;

static void munis_free(munis *ms)
{
    free(ms->m);
    free(ms->byid);
    free(ms->origins);
    kp_territories_free(&ms->t);
    memset(ms, 0, sizeof *ms);
}

static int muni_cmp(const void *a, const void *b)
{
    int64_t x = (*(muni *const *)a)->id, y = (*(muni *const *)b)->id;
    return x < y ? -1 : x > y;
}

/* Ids are unique: territories' and (negative) parishes' own. */
static muni *muni_find(munis *ms, int64_t id)
{
    muni key = {.id = id}, *k = &key;
    muni **hit = ms->n ? bsearch(&k, ms->byid, ms->n, sizeof *ms->byid, muni_cmp) : NULL;
    return hit ? *hit : NULL;
}

/* Every territory, and every parish of a split territory as an entry of
 * its own (id = minus the parish id, as KP_ORIGIN gives it), each with the
 * territory holding its records on the date if that one is in the region
 * then (docs/figures.md, "Municipalities and regions at a date"). */
static bool in_regions(const char *r, const char (*regions)[8], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r, regions[i]) == 0)
            return true;
    return false;
}

/* load_munis for any of several regions at once: a territory's records
 * have their holder when it is in one of them on the date (the national
 * pass reads the records of every region together). */
static kp_rc load_munis_in(kp_ctx *ctx, const char (*regions)[8], size_t nregions, const char *d, munis *ms)
{
    kp_rc rc = kp_territories_load(ctx, &ms->t);
    if (rc)
        return rc;
    const kp_territories t = ms->t;
    ms->m = kp_xcalloc(t.n + t.np + 1, sizeof *ms->m);
    for (size_t i = 0; i < t.n; i++) {
        muni *m = &ms->m[ms->n++];
        m->id = t.t[i].id;
        m->successor = t.t[i].successor;
        snprintf(m->valid_from, sizeof m->valid_from, "%s", t.t[i].valid_from);
        snprintf(m->valid_to, sizeof m->valid_to, "%s", t.t[i].valid_to);
        snprintf(m->region, sizeof m->region, "%s", kp_territories_region(&t, m->id, d));
        snprintf(m->name, sizeof m->name, "%s", t.t[i].name);
        int64_t h = kp_territories_holder(&t, m->id, 0, d);
        m->holder = h && in_regions(kp_territories_region(&t, h, d), regions, nregions) ? h : 0;
    }
    for (size_t i = 0; i < t.np; i++) {
        muni *m = &ms->m[ms->n++];
        m->id = -t.p[i].id;
        int64_t h = kp_territories_holder(&t, t.p[i].municipality, t.p[i].id, d);
        m->holder = h && in_regions(kp_territories_region(&t, h, d), regions, nregions) ? h : 0;
    }
    ms->byid = kp_xcalloc(ms->n + 1, sizeof *ms->byid);
    for (size_t i = 0; i < ms->n; i++)
        ms->byid[i] = &ms->m[i];
    if (ms->n > 1)
        qsort(ms->byid, ms->n, sizeof *ms->byid, muni_cmp);
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    rc = kp_buf_putc(&b, '[');
    bool first = true;
    for (size_t i = 0; i < ms->n && !rc; i++)
        if (ms->m[i].holder) {
            rc = kp_buf_printf(&b, "%s%lld", first ? "" : ",", (long long)ms->m[i].id);
            first = false;
        }
    if (!rc)
        rc = kp_buf_putc(&b, ']');
    if (!rc)
        ms->origins = kp_buf_take(&b);
    kp_buf_free(&b);
    return rc;
}

static kp_rc load_munis(kp_ctx *ctx, const char *region, const char *d, munis *ms)
{
    char one[1][8];
    snprintf(one[0], sizeof one[0], "%s", region);
    return load_munis_in(ctx, (const char(*)[8])one, 1, d, ms);
}

/* ---- building rows ------------------------------------------------------ */

static kp_figure *add(kp_figures *f, const char *section, const muni *m, const char *tg, const char *item,
                      const char *measure, int period, kp_value_kind kind, int64_t value)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->items = kp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    kp_figure *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    snprintf(x->section, sizeof x->section, "%s", section);
    if (m) {
        x->municipality_id = m->id;
        snprintf(x->municipality, sizeof x->municipality, "%s", m->name);
    }
    snprintf(x->target_group, sizeof x->target_group, "%s", tg ? tg : "");
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->measure, sizeof x->measure, "%s", measure);
    x->period = period;
    x->kind = kind;
    x->value = value;
    return x;
}

/* A small keyed accumulator: (holder, tg, item, period) → sum. */
typedef struct acc_entry {
    int64_t holder;
    char tg[16];
    char item[48];
    int period;
    int64_t value;
} acc_entry;

typedef struct acc {
    acc_entry *e;
    size_t n, cap;
} acc;

static void acc_add(acc *a, int64_t holder, const char *tg, const char *item, int period, int64_t v)
{
    for (size_t i = 0; i < a->n; i++) {
        acc_entry *x = &a->e[i];
        if (x->holder == holder && x->period == period && strcmp(x->tg, tg) == 0 && strcmp(x->item, item) == 0) {
            x->value += v;
            return;
        }
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->e = kp_xrealloc(a->e, a->cap * sizeof *a->e);
    }
    acc_entry *x = &a->e[a->n++];
    memset(x, 0, sizeof *x);
    x->holder = holder;
    snprintf(x->tg, sizeof x->tg, "%s", tg);
    snprintf(x->item, sizeof x->item, "%s", item);
    x->period = period;
    x->value = v;
}

static int64_t acc_get(const acc *a, int64_t holder, const char *tg, const char *item, int period)
{
    for (size_t i = 0; i < a->n; i++) {
        const acc_entry *x = &a->e[i];
        if (x->holder == holder && x->period == period && strcmp(x->tg, tg) == 0 && strcmp(x->item, item) == 0)
            return x->value;
    }
    return 0;
}

static bool acc_has(const acc *a, int64_t holder, const char *tg, const char *item, int period)
{
    for (size_t i = 0; i < a->n; i++) {
        const acc_entry *x = &a->e[i];
        if (x->holder == holder && x->period == period && strcmp(x->tg, tg) == 0 && strcmp(x->item, item) == 0)
            return true;
    }
    return false;
}

/* A grouped read folded into an accumulator: each row (whose first field
 * is the record origin, a municipality id) goes under its holder by
 * row_fn; rows outside the region are skipped. */
typedef struct folder folder;
struct folder {
    munis *ms;
    acc *a;
    void (*row_fn)(const void *row, int64_t holder, const folder *f);
    const kp_figure_def *const *cols; /* the context's columns (context_row) */
    size_t ncols;
};

static kp_rc fold_row(void *row, void *arg)
{
    folder *f = arg;
    muni *m = muni_find(f->ms, *(const int64_t *)row);
    if (m && m->holder)
        f->row_fn(row, m->holder, f);
    return KP_OK;
}

/* ---- the national pass (kp_figures_for "ALL") ---------------------------
 * A grouped read over the records of every region at once, its rows kept
 * and given to each region's fold: fold_row keeps a region's own origins
 * and skips the others, so a region folds the same rows it would have
 * read alone (every read here groups by the record's origin, or lists
 * each record with its origin), and the country's people are read once
 * instead of once per region. */
typedef struct kept {
    char key[96];         /* what was read: the query, its date and, if it reads one, the project's start */
    unsigned char *rows;  /* n rows of `size` bytes */
    size_t n, cap, size;
} kept;

struct kp_figures_pass {
    size_t nregions;
    char (*regions)[8];  /* the regions read together */
    char (*starts)[11];  /* each one's project start (kp_region_project_start) */
    kept *k;
    size_t nk;
    struct pass_origins {
        char key[24];    /* the date and the start ("" for all regions) */
        char *origins;   /* JSON array of their origins with a holder */
    } *o;                /* the territories are loaded once per date and start */
    size_t no;
};

kp_rc kp_figures_pass_new(kp_ctx *ctx, const char *const *regions, size_t n, kp_figures_pass **out)
{
    if (out)
        *out = NULL;
    if (!ctx || (n && !regions) || !out)
        return KP_EINVAL;
    kp_figures_pass *p = kp_xcalloc(1, sizeof *p);
    p->regions = kp_xcalloc(n + 1, sizeof *p->regions);
    p->starts = kp_xcalloc(n + 1, sizeof *p->starts);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (!regions[i] || strlen(regions[i]) >= sizeof p->regions[i]) {
            rc = KP_EINVAL;
            break;
        }
        snprintf(p->regions[i], sizeof p->regions[i], "%s", regions[i]);
        rc = kp_region_project_start(ctx, regions[i], p->starts[i]);
        p->nregions++;
    }
    if (rc) {
        kp_figures_pass_free(p);
        return rc;
    }
    *out = p;
    return KP_OK;
}

void kp_figures_pass_free(kp_figures_pass *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nk; i++)
        free(p->k[i].rows);
    free(p->k);
    for (size_t i = 0; i < p->no; i++)
        free(p->o[i].origins);
    free(p->o);
    free(p->regions);
    free(p->starts);
    free(p);
}

/* Is `region` one the pass reads (so its rows are among the kept)? */
static bool pass_covers(const kp_figures_pass *p, const char *region)
{
    return p && in_regions(region, (const char(*)[8])p->regions, p->nregions);
}

static kp_rc keep_row(void *row, void *arg)
{
    kept *k = arg;
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 64;
        k->rows = kp_xrealloc(k->rows, k->cap * k->size);
    }
    memcpy(k->rows + k->n * k->size, row, k->size);
    k->n++;
    return KP_OK;
}

/* The origins (JSON) of the pass's regions at `d`, all of them or (start
 * not NULL) those whose project starts on `start`. */
static kp_rc pass_origins(kp_ctx *ctx, kp_figures_pass *p, const char *d, const char *start, const char **out)
{
    char key[24];
    snprintf(key, sizeof key, "%s %s", d, start ? start : "");
    for (size_t i = 0; i < p->no; i++)
        if (strcmp(p->o[i].key, key) == 0) {
            *out = p->o[i].origins;
            return KP_OK;
        }
    char (*sel)[8] = kp_xcalloc(p->nregions + 1, sizeof *sel);
    size_t n = 0;
    for (size_t i = 0; i < p->nregions; i++)
        if (!start || strcmp(p->starts[i], start) == 0)
            memcpy(sel[n++], p->regions[i], sizeof *sel);
    munis all = {0};
    kp_rc rc = load_munis_in(ctx, (const char(*)[8])sel, n, d, &all);
    free(sel);
    if (!rc) {
        p->o = kp_xrealloc(p->o, (p->no + 1) * sizeof *p->o);
        snprintf(p->o[p->no].key, sizeof p->o[p->no].key, "%s", key);
        p->o[p->no].origins = all.origins;
        all.origins = NULL;
        *out = p->o[p->no++].origins;
    }
    munis_free(&all);
    return rc;
}

/* What one national read is: the query behind `key`, run over the
 * origins the pass gives it, its rows (of `size` bytes) going to keep_row. */
typedef kp_rc (*pass_read_fn)(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k);

/* The rows kept under `key`, read first if they are not yet (start: only
 * the regions whose project starts then, NULL for all). */
static kp_rc pass_rows(kp_ctx *ctx, kp_figures_pass *p, const char *key, const char *d, const char *start,
                       size_t size, pass_read_fn read, const void *arg, const kept **out)
{
    for (size_t i = 0; i < p->nk; i++)
        if (strcmp(p->k[i].key, key) == 0) {
            *out = &p->k[i];
            return KP_OK;
        }
    const char *origins = NULL;
    kept k = {.size = size};
    snprintf(k.key, sizeof k.key, "%s", key);
    kp_rc rc = pass_origins(ctx, p, d, start, &origins);
    if (!rc)
        rc = read(ctx, origins, arg, keep_row, &k);
    if (rc) {
        free(k.rows);
        return rc;
    }
    p->k = kp_xrealloc(p->k, (p->nk + 1) * sizeof *p->k);
    p->k[p->nk] = k;
    *out = &p->k[p->nk++];
    return KP_OK;
}

/* Each kept row to a region's fold (fold_row skips other regions'). */
static kp_rc replay(const kept *k, folder *f)
{
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < k->n && !rc; i++)
        rc = fold_row(k->rows + i * k->size, f);
    return rc;
}

/* The context query's own columns: the catalogue's entries that carry a
 * condition, in catalogue order (the context's eight, then the detail's). */
#define MAX_CONTEXT_COLUMNS 24
static size_t context_columns(const kp_figure_def *cols[MAX_CONTEXT_COLUMNS])
{
    size_t n = 0, nc = 0;
    const kp_figure_def *c = kp_catalogue(&nc);
    for (size_t i = 0; i < nc && n < MAX_CONTEXT_COLUMNS; i++)
        if ((c[i].query == KP_Q_CONTEXT || c[i].query == KP_Q_DISABILITY) && c[i].condition)
            cols[n++] = &c[i];
    return n;
}

static void context_row(const void *row, int64_t holder, const folder *f)
{
    const kp_q_figures_counts *r = row;
    for (size_t i = 0; i < f->ncols; i++)
        acc_add(f->a, holder, "", f->cols[i]->item, 0, r->v[i]);
}

static void tg_item_row(const void *row, int64_t holder, const folder *f)
{
    acc *a = f->a;
    const kp_q_figures_tg_row *r = row;
    const char *tg = r->tg;
    const char *item = r->item;
    const char *parent = r->parent;
    int64_t v = r->n;
    acc_add(a, holder, tg, item, 0, v);
    /* Kinds of a service (pool, Montessori …) also count in their parent. */
    if (parent[0])
        acc_add(a, holder, tg, parent, 0, v);
}

static int year_of(const char *iso)
{
    int y = 0;
    for (int i = 0; i < 4 && iso[i] >= '0' && iso[i] <= '9'; i++)
        y = y * 10 + (iso[i] - '0');
    return y;
}

static void year_row(const void *row, int64_t holder, const folder *f)
{
    const kp_q_figures_period_sum *r = row;
    acc_add(f->a, holder, "", "total", year_of(r->from), r->cents);
}

void kp_figures_years_before(kp_date at, int years, char out[11])
{
    int y, m, d;
    kp_date_to_ymd(at, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    kp_date_format_iso(kp_date_from_ymd(y - years, m, d), out);
}

/* Date minus 18 years: born on or before it = adult on the date. */
static void adult_cutoff(kp_date at, char out[11])
{
    kp_figures_years_before(at, 18, out);
}

/* The context's counts of every territory the region holds on the date
 * (CONTEXT_SQL: people living, assessed, in out-of-family care). The
 * output indicators and their detail take their "assessed" numbers from
 * here too, so the report has one number for one thing. */
typedef struct context_args {
    const char *const *conds;
    size_t n;
    const char *d, *adult, *senior;
} context_args;

static kp_rc read_context(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k)
{
    const context_args *a = arg;
    return kp_q_figures_context_each(ctx->db, a->conds, a->n, a->d, a->adult, origins, a->senior, fn, k);
}

static kp_rc fold_context(kp_ctx *ctx, kp_figures_pass *pass, munis *ms, kp_date at, acc *out)
{
    char d[11], adult[11], senior[11];
    kp_date_format_iso(at, d);
    adult_cutoff(at, adult);
    kp_figures_years_before(at, 65, senior);
    /* One SUM per catalogue condition over the people of the region at
     * the date (KP_FIGURE_CONTEXT_FROM, figure_sql.h). */
    const kp_figure_def *cols[MAX_CONTEXT_COLUMNS];
    const char *conds[MAX_CONTEXT_COLUMNS];
    size_t n = context_columns(cols);
    for (size_t i = 0; i < n; i++)
        conds[i] = cols[i]->condition;
    folder f = {ms, out, context_row, cols, n};
    if (!pass)
        return kp_q_figures_context_each(ctx->db, conds, n, d, adult, ms->origins, senior, fold_row, &f);
    char key[96];
    snprintf(key, sizeof key, "context %s", d);
    context_args a = {conds, n, d, adult, senior};
    const kept *k = NULL;
    kp_rc rc = pass_rows(ctx, pass, key, d, NULL, sizeof(kp_q_figures_counts), read_context, &a, &k);
    return rc ? rc : replay(k, &f);
}

typedef struct eval {
    kp_ctx *ctx;
    const char *region;
    kp_date at;
    char d[11];
    munis ms;
    kp_figures *out;
    kp_q_figures_codes codes; /* service codes in catalogue order */
    acc *context;      /* the context's counts at `at` (fold_context) */
    char start[11];    /* the start of the region's project */
    kp_date other_at;  /* the date `other` is for (KP_DATE_NONE: none yet) */
    munis other;       /* the region's territories at another date (indicator_value) */
    acc other_context; /* the context's counts at other_at, once counted */
    bool other_counted;
    kp_figures_pass *pass; /* the national pass this region's reads come from, or NULL */
} eval;

/* The territories reported, in a stable order: those valid on the date in
 * the region, by id (the catalogue's order). */
static void each_holder(eval *ev, void (*fn)(eval *ev, const muni *m, void *arg), void *arg)
{
    for (size_t i = 0; i < ev->ms.n; i++)
        if (ev->ms.m[i].holder == ev->ms.m[i].id)
            fn(ev, &ev->ms.m[i], arg);
}

static void emit_disability(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    const kp_figure_def *c = NULL;
    size_t n = kp_catalogue_section("disability", &c);
    for (size_t i = 0; i < n; i++)
        add(ev->out, "disability", m, "", c[i].item, "persons", 0, KP_VAL_COUNT, acc_get(a, m->id, "", c[i].item, 0));
}

static void emit_context(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    const kp_figure_def *c = NULL;
    size_t n = kp_catalogue_section("context", &c);
    for (size_t i = 0; i < n; i++)
        add(ev->out, "context", m, c[i].target_group, c[i].item, "persons", 0, KP_VAL_COUNT,
            acc_get(a, m->id, "", c[i].item, 0));
}

typedef struct tg_items {
    acc *a;
    const char *section;
} tg_items;

static void emit_tg_items(eval *ev, const muni *m, void *arg)
{
    tg_items *t = arg;
    static const char *const groups[] = {"grt", "ft", "parents"};
    for (size_t g = 0; g < 3; g++)
        for (size_t i = 0; i < ev->codes.n; i++)
            if (acc_has(t->a, m->id, groups[g], ev->codes.items[i].code, 0))
                add(ev->out, t->section, m, groups[g], ev->codes.items[i].code, "persons", 0, KP_VAL_COUNT,
                    acc_get(t->a, m->id, groups[g], ev->codes.items[i].code, 0));
}

static void emit_recipients(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    const kp_figure_def *r = NULL;
    size_t n = kp_catalogue_section("recipients", &r);
    for (size_t g = 0; g < n; g++) {
        int64_t total = 0;
        for (size_t i = 0; i < ev->codes.n; i++)
            total += acc_get(a, m->id, r[g].target_group, ev->codes.items[i].code, 0);
        add(ev->out, "recipients", m, r[g].target_group, r[g].item, "persons", 0, KP_VAL_COUNT, total);
    }
}

static void emit_compensation(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    int64_t total = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].holder == m->id)
            total += a->e[i].value;
    if (!total)
        return;
    int first = 9999, last = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].holder == m->id && a->e[i].period) {
            first = a->e[i].period < first ? a->e[i].period : first;
            last = a->e[i].period > last ? a->e[i].period : last;
        }
    for (int y = first; y <= last; y++)
        add(ev->out, "compensation", m, "", "total", "eur", y, KP_VAL_CENTS, acc_get(a, m->id, "", "total", y));
    add(ev->out, "compensation", m, "", "total", "eur", 0, KP_VAL_CENTS, total);
}

static void emit_erdf(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    if (acc_has(a, m->id, "", "total", 0))
        add(ev->out, "erdf_funding", m, "", "total", "eur", 0, KP_VAL_CENTS, acc_get(a, m->id, "", "total", 0));
}

/* Region totals of an accumulator: sums over all holders. */
static int64_t acc_sum(const acc *a, const char *tg, const char *item, int period)
{
    int64_t v = 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->e[i].period == period && strcmp(a->e[i].tg, tg) == 0 && strcmp(a->e[i].item, item) == 0)
            v += a->e[i].value;
    return v;
}

/* Which column of the context's query an "assessed" computation is. */
static const struct {
    const char *computation, *column;
} ASSESSED_FROM_CONTEXT[] = {
    {"grt_assessed", "grt_assessed_total"}, {"ft_assessed", "ft_assessed"}, {"bsac_assessed", "bsac_children_assessed"}};

static const char *assessed_column(const char *computation)
{
    for (size_t i = 0; i < sizeof ASSESSED_FROM_CONTEXT / sizeof ASSESSED_FROM_CONTEXT[0]; i++)
        if (strcmp(ASSESSED_FROM_CONTEXT[i].computation, computation) == 0)
            return ASSESSED_FROM_CONTEXT[i].column;
    return NULL;
}

/* A computation for the region at a date, with the region's territories
 * at that date (load_munis) and the start of its project given: the
 * evaluation computes a dozen at one date and loads them once. */
typedef struct computed_args {
    const char *computation, *d, *jan1, *start;
} computed_args;

static kp_rc read_computed(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k)
{
    const computed_args *a = arg;
    return kp_q_figures_computed_by_origin_each(ctx->db, a->computation, a->d, a->jan1, a->start, origins, fn, k);
}

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The region's count of a computation from the pass's list of every
 * region's records with their origins: the distinct records among the
 * region's origins (the query's COUNT(DISTINCT …) over the region). */
static kp_rc computed_from_pass(kp_ctx *ctx, kp_figures_pass *pass, const char *computation, const char *d,
                                const char *jan1, const char *start, munis *ms, int64_t *value)
{
    bool by_start = kp_q_figures_computed_uses_start(computation);
    char key[96];
    snprintf(key, sizeof key, "%s %s %s", computation, d, by_start ? start : "");
    computed_args a = {computation, d, jan1, start};
    const kept *k = NULL;
    kp_rc rc = pass_rows(ctx, pass, key, d, by_start ? start : NULL, sizeof(kp_q_figures_origin_id), read_computed,
                         &a, &k);
    if (rc)
        return rc;
    int64_t *ids = kp_xcalloc(k->n + 1, sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < k->n; i++) {
        const kp_q_figures_origin_id *r = (const void *)(k->rows + i * k->size);
        const muni *m = muni_find(ms, r->origin);
        if (m && m->holder)
            ids[n++] = r->id;
    }
    if (n > 1)
        qsort(ids, n, sizeof *ids, id_cmp);
    int64_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || ids[i] != ids[i - 1])
            distinct++;
    free(ids);
    *value = distinct;
    return KP_OK;
}

static kp_rc compute_in(kp_ctx *ctx, kp_figures_pass *pass, const char *computation, const char *column,
                        const char *region, kp_date at, munis *ms, const char *start, int64_t *value)
{
    char d[11], jan1[11];
    kp_date_format_iso(at, d);
    if (column) {
        /* The region's total of the context's column: one definition. */
        acc context = {0};
        kp_rc rc = fold_context(ctx, pass, ms, at, &context);
        if (!rc)
            *value = acc_sum(&context, "", column, 0);
        free(context.e);
        return rc;
    }
    snprintf(jan1, sizeof jan1, "%.4s-01-01", d);
    if (pass) {
        kp_rc rc = computed_from_pass(ctx, pass, computation, d, jan1, start, ms, value);
        if (rc != KP_EINVAL) /* EINVAL: a computation without a list by origin */
            return rc;
    }
    return kp_q_figures_compute(ctx->db, computation, region, d, jan1, start, ms->origins, value);
}

kp_rc kp_indicator_compute(kp_ctx *ctx, const char *computation, const char *region, kp_date at, int64_t *value)
{
    if (value)
        *value = 0;
    if (!ctx || !computation || !region || !value || at == KP_DATE_NONE)
        return KP_EINVAL;
    if (!kp_q_figures_computation_known(computation))
        return KP_EINVAL;
    char d[11], start[11];
    kp_date_format_iso(at, d);
    munis ms = {0};
    kp_rc rc = kp_region_project_start(ctx, region, start);
    if (!rc)
        rc = load_munis(ctx, region, d, &ms);
    if (!rc)
        rc = compute_in(ctx, NULL, computation, assessed_column(computation), region, at, &ms, start, value);
    munis_free(&ms);
    return rc;
}

/* Keeps only the origins held by `municipality` (a territory holding
 * records on the munis' date) and rebuilds the JSON array: every
 * computation then counts that municipality's records alone. */
static kp_rc munis_only(munis *ms, int64_t municipality)
{
    kp_buf b;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_putc(&b, '[');
    bool first = true;
    for (size_t i = 0; i < ms->n && !rc; i++) {
        if (ms->m[i].holder != municipality)
            ms->m[i].holder = 0;
        if (ms->m[i].holder) {
            rc = kp_buf_printf(&b, "%s%lld", first ? "" : ",", (long long)ms->m[i].id);
            first = false;
        }
    }
    if (!rc)
        rc = kp_buf_putc(&b, ']');
    if (!rc) {
        free(ms->origins);
        ms->origins = kp_buf_take(&b);
    }
    kp_buf_free(&b);
    return rc;
}

static kp_rc indicator_value(struct eval *ev, int64_t id, const char *source, const char *computation, kp_date at,
                             int64_t *value, int *year, bool *found);

kp_rc kp_indicator_values_at(kp_ctx *ctx, const char *region, int64_t municipality, kp_date territories_on,
                             kp_date at, kp_indicator_at *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++) {
        items[i].value = 0;
        items[i].year = 0;
        items[i].found = false;
    }
    if (!ctx || !region || (!items && n) || municipality < 0 || at == KP_DATE_NONE || territories_on == KP_DATE_NONE)
        return KP_EINVAL;
    eval ev = {.ctx = ctx, .region = region, .at = at, .other_at = KP_DATE_NONE};
    kp_date_format_iso(at, ev.d);
    char d[11];
    kp_date_format_iso(territories_on, d);
    acc context = {0};
    bool have_context = false;
    char (*computed)[64] = n ? kp_xcalloc(n, sizeof *computed) : NULL; /* each item's computation, "" if entered */
    kp_rc rc = kp_region_project_start(ctx, region, ev.start);
    if (!rc)
        rc = load_munis(ctx, region, d, &ev.ms);
    if (!rc && municipality)
        rc = munis_only(&ev.ms, municipality);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_indicator_at *it = &items[i];
        kp_q_figures_indicator ind;
        bool known = false;
        rc = kp_q_figures_indicator_by_id(ctx->db, it->indicator_id, &ind, &known);
        if (!rc && (!known || strcmp(ind.region, region) != 0))
            rc = KP_ENOTFOUND;
        if (rc)
            break;
        const char *source = ind.source, *computation = ind.computation;
        if (strcmp(source, "computed") != 0) {
            /* Entered values are the region's: no municipality has one. */
            if (!municipality)
                rc = indicator_value(&ev, it->indicator_id, source, computation, at, &it->value, &it->year,
                                     &it->found);
            continue;
        }
        if (!kp_q_figures_computation_known(computation)) {
            rc = KP_EINVAL;
            break;
        }
        const char *column = assessed_column(computation);
        if (column) {
            /* The context is counted once for every "assessed" one. */
            if (!have_context)
                rc = fold_context(ctx, NULL, &ev.ms, at, &context);
            have_context = !rc;
            if (!rc)
                it->value = acc_sum(&context, "", column, 0);
        } else {
            /* Two indicators may name one computation (an output indicator
             * and its row of the indicator table): run it once. */
            const kp_indicator_at *same = NULL;
            for (size_t k = 0; k < i && !same; k++)
                if (items[k].found && !strcmp(computed[k], computation))
                    same = &items[k];
            if (same)
                it->value = same->value;
            else
                rc = compute_in(ctx, NULL, computation, NULL, region, at, &ev.ms, ev.start, &it->value);
        }
        snprintf(computed[i], sizeof computed[i], "%s", computation);
        if (!rc) {
            it->found = true;
            it->year = kp_date_year(at);
        }
    }
    free(context.e);
    free(computed);
    munis_free(&ev.ms);
    return rc;
}

/* The DI plan as it stood on the date (service/programme/diplan.h):
 * objects and places per target group and service, ERDF money per
 * territory, and the amendments approved by then. A cancelled object counts
 * as an object, without places or money; an object the plan gives no
 * number of places (a therapy room) is not counted as zero places. */
static void emit_infrastructure(eval *ev, const kp_diplan *plan)
{
    for (size_t i = 0; i < plan->n;) {
        const kp_diplan_object *o = &plan->objects[i];
        int64_t objects = 0, places = 0;
        bool any_places = false;
        size_t j = i;
        for (; j < plan->n && !strcmp(plan->objects[j].target_group, o->target_group) &&
               !strcmp(plan->objects[j].service, o->service);
             j++) {
            objects++;
            if (plan->objects[j].counted_places >= 0) {
                places += plan->objects[j].counted_places;
                any_places = true;
            }
        }
        add(ev->out, "di_plan_infrastructure", NULL, o->target_group, o->service, "objects", 0, KP_VAL_COUNT, objects);
        if (any_places)
            add(ev->out, "di_plan_infrastructure", NULL, o->target_group, o->service, "places", 0, KP_VAL_COUNT, places);
        i = j;
    }
    add(ev->out, "di_plan_amendments_to_date", NULL, "", "amendments", "count", 0, KP_VAL_COUNT,
        (int64_t)plan->namendments);
}

/* ERDF money of the plan's objects under the territory that holds each
 * object's territory on the date. */
static void fold_erdf(eval *ev, const kp_diplan *plan, acc *erdf)
{
    for (size_t i = 0; i < plan->n; i++) {
        muni *m = muni_find(&ev->ms, plan->objects[i].municipality_id);
        if (m && m->holder)
            acc_add(erdf, m->holder, "", "total", 0, plan->objects[i].counted_erdf);
    }
}

/* The project's money. Payment requests count by the period they are for:
 * a request whose period ends by the date counts, whenever it was submitted
 * (seed 003, line 349: "Par periodu līdz 31.12.2021 (ieskaitot 27.01.2022.
 * iesniegto MP Nr.26) pieprasīti izdevumi …"; docs/figures.md, "Money"). */
static kp_rc compute_project(eval *ev, int64_t *budget)
{
    kp_q_figures_money m;
    kp_rc rc = kp_q_figures_project_money(ev->ctx->db, ev->region, ev->d, &m);
    *budget = rc ? 0 : m.budget;
    int64_t esf = m.esf, state = m.state, requested = m.requested;
    if (rc || !*budget)
        return rc;
    add(ev->out, "project", NULL, "", "budget", "eur", 0, KP_VAL_CENTS, *budget);
    add(ev->out, "project", NULL, "", "esf", "eur", 0, KP_VAL_CENTS, esf);
    add(ev->out, "project", NULL, "", "state", "eur", 0, KP_VAL_CENTS, state);
    add(ev->out, "project", NULL, "", "requested_to_date", "eur", 0, KP_VAL_CENTS, requested);
    add(ev->out, "project", NULL, "", "requested_to_date", "pct", 0, KP_VAL_HUNDREDTHS,
        kp_percent_hundredths(requested, *budget));
    return KP_OK;
}

int kp_last_ended_year(kp_date at)
{
    int y, m, d;
    kp_date_to_ymd(at, &y, &m, &d);
    return m == 12 && d == 31 ? y : y - 1;
}

/* The value of one indicator at a date and the year it is labelled with.
 * A computed one: computed at the date, labelled with the date's year. An
 * entered one (a survey value per calendar year): the value of the last
 * year ended by the date, labelled with that year — a value entered for a
 * year that has not ended is not shown (docs/figures.md, "Entered values").
 * *found is false when there is none. */
static kp_rc indicator_value(eval *ev, int64_t id, const char *source, const char *computation, kp_date at,
                             int64_t *value, int *year, bool *found)
{
    *found = false;
    *year = kp_date_year(at);
    if (strcmp(source, "computed") == 0) {
        const char *column = assessed_column(computation);
        *found = true;
        /* The evaluation's own date: the context is already counted. */
        if (column && at == ev->at && ev->context) {
            *value = acc_sum(ev->context, "", column, 0);
            return KP_OK;
        }
        if (!kp_q_figures_computation_known(computation))
            return KP_EINVAL;
        munis *ms = &ev->ms;
        if (at != ev->at) {
            if (ev->other_at != at) {
                char d[11];
                kp_date_format_iso(at, d);
                munis_free(&ev->other);
                free(ev->other_context.e);
                memset(&ev->other_context, 0, sizeof ev->other_context);
                ev->other_counted = false;
                ev->other_at = KP_DATE_NONE;
                kp_rc rc = load_munis(ev->ctx, ev->region, d, &ev->other);
                if (rc)
                    return rc;
                ev->other_at = at;
            }
            ms = &ev->other;
            /* The "assessed" indicators at the other date share one count
             * of its context. */
            if (column) {
                if (!ev->other_counted) {
                    kp_rc rc = fold_context(ev->ctx, ev->pass, ms, at, &ev->other_context);
                    if (rc)
                        return rc;
                    ev->other_counted = true;
                }
                *value = acc_sum(&ev->other_context, "", column, 0);
                return KP_OK;
            }
        }
        return compute_in(ev->ctx, ev->pass, computation, column, ev->region, at, ms, ev->start, value);
    }
    /* Each value as it stood on the evaluation's date (also for the
     * column two years before): a correction made after it does not change
     * the figure ("Entered values"). */
    return kp_indicator_entered_at(ev->ctx, id, kp_last_ended_year(at), ev->at, found, NULL, year, value);
}

static kp_rc compute_indicators(eval *ev)
{
    kp_q_figures_indicators list = {0};
    kp_rc rc = kp_q_figures_indicators_of(ev->ctx->db, ev->region, "lv", &list);
    for (size_t k = 0; k < list.n && !rc; k++) {
        const kp_q_figures_indicator *ind = &list.items[k];
        int64_t id = ind->id;
        const char *key = ind->key; /* the figure's item (add() cuts it to the slot, as before) */
        const char *kind = ind->kind, *source = ind->source, *computation = ind->computation;
        int baseline_year = ind->baseline_year;
        int64_t baseline = ind->baseline;
        int target_year = ind->target_year;
        int64_t target = ind->target;
        int64_t value = 0;
        int year = 0;
        bool found = false;
        bool entered = strcmp(source, "entered") == 0;
        if (strcmp(kind, "di_plan") != 0) {
            rc = indicator_value(ev, id, source, computation, ev->at, &value, &year, &found);
            if (rc || !found)
                continue;
            /* An entered value says which year it is (period); a computed
             * one is at the date (period 0). */
            add(ev->out, "output_indicators", NULL, "", key, "achieved", entered ? year : 0, KP_VAL_COUNT, value);
            add(ev->out, "output_indicators", NULL, "", key, "target", 0, KP_VAL_COUNT, target);
            if (target > 0)
                add(ev->out, "output_indicators", NULL, "", key, "pct", 0, KP_VAL_HUNDREDTHS,
                    kp_percent_hundredths(value, target));
            continue;
        }
        if (baseline >= 0)
            add(ev->out, "indicator_table", NULL, "", key, "baseline", baseline_year, KP_VAL_COUNT, baseline);
        add(ev->out, "indicator_table", NULL, "", key, "target", target_year, KP_VAL_COUNT, target);
        /* Achieved at this evaluation and at the one two years before, each
         * labelled with its year; an entered value that two dates share
         * (the last year ended by both) is shown once. */
        int y, m, d;
        kp_date_to_ymd(ev->at, &y, &m, &d);
        if (m == 2 && d == 29)
            d = 28;
        kp_date previous = kp_date_from_ymd(y - 2, m, d);
        kp_date dates[2] = {previous, ev->at};
        int shown = 0;
        for (int i = 0; i < 2 && !rc; i++) {
            rc = indicator_value(ev, id, source, computation, dates[i], &value, &year, &found);
            if (rc || !found || (baseline_year && year <= baseline_year) || year == shown)
                continue;
            add(ev->out, "indicator_table", NULL, "", key, "achieved", year, KP_VAL_COUNT, value);
            shown = year;
        }
    }
    free(list.items);
    return rc;
}

kp_rc kp_figures_compute(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out)
{
    return kp_figures_compute_with_trends(ctx, region, at, NULL, out);
}

typedef struct region_args {
    const char *d, *start;
} region_args;

static kp_rc read_needs(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k)
{
    const region_args *a = arg;
    return kp_q_figures_needs_each(ctx->db, a->d, origins, fn, k);
}

static kp_rc read_provided(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k)
{
    const region_args *a = arg;
    return kp_q_figures_provided_each(ctx->db, a->d, a->start, origins, fn, k);
}

/* Needs and services provided at the evaluation's date: the region's own
 * read, or the pass's rows of every region. */
static kp_rc fold_needs(eval *ev, folder *f)
{
    if (!ev->pass)
        return kp_q_figures_needs_each(ev->ctx->db, ev->d, ev->ms.origins, fold_row, f);
    char key[96];
    snprintf(key, sizeof key, "needs %s", ev->d);
    region_args a = {ev->d, ev->start};
    const kept *k = NULL;
    kp_rc rc = pass_rows(ev->ctx, ev->pass, key, ev->d, NULL, sizeof(kp_q_figures_tg_row), read_needs, &a, &k);
    return rc ? rc : replay(k, f);
}

static kp_rc fold_provided(eval *ev, folder *f)
{
    if (!ev->pass)
        return kp_q_figures_provided_each(ev->ctx->db, ev->d, ev->start, ev->ms.origins, fold_row, f);
    /* "Since the project began": regions whose projects start on the
     * same day are read together. */
    char key[96];
    snprintf(key, sizeof key, "provided %s %s", ev->d, ev->start);
    region_args a = {ev->d, ev->start};
    const kept *k = NULL;
    kp_rc rc = pass_rows(ev->ctx, ev->pass, key, ev->d, ev->start, sizeof(kp_q_figures_tg_row), read_provided, &a, &k);
    return rc ? rc : replay(k, f);
}

static kp_rc read_compensation(kp_ctx *ctx, const char *origins, const void *arg, kp_row_fn fn, kept *k)
{
    (void)origins; /* the projects' region is in each row */
    const region_args *a = arg;
    return kp_q_figures_compensation_regions_each(ctx->db, a->d, fn, k);
}

/* Compensation paid under the region's projects: its own read, or its
 * rows of the pass's read of every region's. */
static kp_rc fold_compensation(eval *ev, folder *f)
{
    if (!ev->pass)
        return kp_q_figures_compensation_each(ev->ctx->db, ev->region, ev->d, fold_row, f);
    char key[96];
    snprintf(key, sizeof key, "compensation %s", ev->d);
    region_args a = {ev->d, ev->start};
    const kept *k = NULL;
    kp_rc rc = pass_rows(ev->ctx, ev->pass, key, ev->d, NULL, sizeof(kp_q_figures_region_period_sum),
                         read_compensation, &a, &k);
    for (size_t i = 0; i < (rc ? 0 : k->n) && !rc; i++) {
        const kp_q_figures_region_period_sum *r = (const void *)(k->rows + i * k->size);
        if (strcmp(r->region, ev->region) != 0)
            continue;
        kp_q_figures_period_sum row;
        memset(&row, 0, sizeof row);
        row.origin = r->origin;
        memcpy(row.from, r->from, sizeof row.from);
        row.cents = r->cents;
        rc = fold_row(&row, f);
    }
    return rc;
}

kp_rc kp_figures_compute_with_trends(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *trends,
                                     kp_figures *out)
{
    return kp_figures_compute_in_pass(ctx, region, at, trends, NULL, out);
}

kp_rc kp_figures_compute_in_pass(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *trends,
                                 kp_figures_pass *pass, kp_figures *out)
{
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;

    acc context = {0}, needs = {0}, provided = {0}, comp = {0}, erdf = {0};
    eval ev = {.ctx = ctx, .region = region, .at = at, .out = out, .context = &context, .other_at = KP_DATE_NONE,
               .pass = pass_covers(pass, region) ? pass : NULL};
    kp_date_format_iso(at, ev.d);
    kp_diplan plan = {0};

    rc = kp_region_project_start(ctx, region, ev.start);
    if (!rc)
        rc = load_munis(ctx, region, ev.d, &ev.ms);
    if (!rc)
        rc = kp_q_figures_service_codes(ctx->db, false, &ev.codes);
    folder f_needs = {&ev.ms, &needs, tg_item_row, NULL, 0}, f_prov = {&ev.ms, &provided, tg_item_row, NULL, 0},
           f_comp = {&ev.ms, &comp, year_row, NULL, 0};
    if (!rc)
        rc = fold_context(ctx, ev.pass, &ev.ms, at, &context);
    if (!rc)
        rc = fold_needs(&ev, &f_needs);
    if (!rc)
        rc = fold_provided(&ev, &f_prov);
    if (!rc)
        rc = fold_compensation(&ev, &f_comp);
    if (!rc)
        rc = kp_diplan_at(ctx, region, at, 0, &plan);
    if (!rc)
        fold_erdf(&ev, &plan, &erdf);
    int64_t budget = 0;
    if (!rc)
        rc = compute_project(&ev, &budget);
    if (!rc) {
        each_holder(&ev, emit_context, &context);
        const kp_figure_def *cd = NULL;
        size_t ncd = kp_catalogue_section("context", &cd);
        for (size_t i = 0; i < ncd; i++)
            add(out, "context", NULL, cd[i].target_group, cd[i].item, "persons", 0, KP_VAL_COUNT,
                acc_sum(&context, "", cd[i].item, 0));
        tg_items tn = {&needs, "assessed_needs"};
        each_holder(&ev, emit_tg_items, &tn);
        tg_items tp = {&provided, "services_provided"};
        each_holder(&ev, emit_tg_items, &tp);
        each_holder(&ev, emit_recipients, &provided);
        const kp_figure_def *rd = NULL;
        size_t nrd = kp_catalogue_section("recipients", &rd);
        for (size_t g = 0; g < nrd; g++) {
            int64_t total = 0;
            for (size_t i = 0; i < ev.codes.n; i++)
                total += acc_sum(&provided, rd[g].target_group, ev.codes.items[i].code, 0);
            add(out, "recipients", NULL, rd[g].target_group, rd[g].item, "persons", 0, KP_VAL_COUNT, total);
        }
        each_holder(&ev, emit_compensation, &comp);
        int64_t comp_total = 0;
        int first = 9999, last = 0;
        for (size_t i = 0; i < comp.n; i++) {
            comp_total += comp.e[i].value;
            first = comp.e[i].period < first ? comp.e[i].period : first;
            last = comp.e[i].period > last ? comp.e[i].period : last;
        }
        for (int y = first; y <= last; y++)
            add(out, "compensation", NULL, "", "total", "eur", y, KP_VAL_CENTS, acc_sum(&comp, "", "total", y));
        if (comp.n)
            add(out, "compensation", NULL, "", "total", "eur", 0, KP_VAL_CENTS, comp_total);
        /* Shares of the project budget, per municipality and in all. */
        if (budget > 0) {
            size_t n = out->n;
            for (size_t i = 0; i < n; i++) {
                kp_figure f = out->items[i];
                if (strcmp(f.section, "compensation") == 0 && f.period == 0) {
                    kp_figure *x = add(out, "compensation", NULL, "", "total", "pct", 0, KP_VAL_HUNDREDTHS,
                                       kp_percent_hundredths(f.value, budget));
                    x->municipality_id = f.municipality_id;
                    snprintf(x->municipality, sizeof x->municipality, "%s", f.municipality);
                }
            }
        }
        each_holder(&ev, emit_erdf, &erdf);
        /* How the assessed decompose: the same counts as the context's
         * columns and the output indicators (one definition each). Item
         * names carry no region: "living in a VSAC" is any state social care
         * centre's branch in the region. */
        const kp_figure_def *dd = NULL;
        size_t ndd = kp_catalogue_section("output_indicators_detail", &dd);
        for (size_t i = 0; i < ndd; i++)
            add(out, "output_indicators_detail", NULL, dd[i].target_group, dd[i].item, "persons", 0, KP_VAL_COUNT,
                acc_sum(&context, "", dd[i].column ? dd[i].column : dd[i].item, 0));
        emit_infrastructure(&ev, &plan);
    }
    if (!rc)
        rc = compute_indicators(&ev);
    /* Seed 003's further figures: Appendix 1 (a part of the context's
     * query), ERDF centres, services outside the plan (figures_published.c). */
    if (!rc) {
        each_holder(&ev, emit_disability, &context);
        const kp_figure_def *dd = NULL;
        size_t ndd = kp_catalogue_section("disability", &dd);
        for (size_t i = 0; i < ndd; i++)
            add(out, "disability", NULL, "", dd[i].item, "persons", 0, KP_VAL_COUNT, acc_sum(&context, "", dd[i].item, 0));
        rc = kp_figures_add_published(ctx, region, at, &plan, &ev.ms.t, ev.ms.origins, out);
    }
    if (!rc) /* figures 4-6 (service_availability.c) */
        rc = kp_figures_add_availability(ctx, region, at, &ev.ms.t, out);
    if (!rc && trends) /* figures 1-3 (trends.c), last: the rows before them keep their order */
        kp_figures_append_rows(out, trends);
    else if (!rc)
        rc = kp_figures_add_trends(ctx, region, at, out);
    /* People of the context's own columns (Appendix 1's are counted in
     * the same query but do not make a region's data). */
    int64_t clients = 0;
    for (size_t i = 0; i < context.n; i++) {
        const kp_figure_def *d = kp_catalogue_find("disability", context.e[i].item, "persons");
        if (!d)
            clients += context.e[i].value;
    }
    out->has_data = clients > 0 || budget > 0 || comp.n > 0;
    free(context.e);
    free(needs.e);
    free(provided.e);
    free(comp.e);
    free(erdf.e);
    kp_diplan_free(&plan);
    munis_free(&ev.ms);
    munis_free(&ev.other);
    free(ev.other_context.e);
    free(ev.codes.items);
    if (rc)
        kp_figures_free(out);
    return rc;
}

void kp_figure_value_plain(const kp_figure *f, char out[32])
{
    switch (f->kind) {
    case KP_VAL_CENTS:
        kp_money_format_plain(f->value, out);
        return;
    case KP_VAL_HUNDREDTHS: {
        char tmp[24];
        kp_percent_format_plain(f->value, tmp);
        snprintf(out, 32, "%s", tmp);
        return;
    }
    case KP_VAL_COUNT:
        break;
    }
    snprintf(out, 32, "%lld", (long long)f->value);
}
