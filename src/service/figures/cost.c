/* Cost after EU funding (see cost.h): the project's years from the
 * delivery records, then a projection under the documented assumptions. */
#include "service/figures/cost.h"
#include "service/figures/figures.h"
#include "service/figures/progress.h"
#include "service/figures/cost_sql.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/territory.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_cost_free(kp_cost *c)
{
    if (!c)
        return;
    free(c->rows);
    memset(c, 0, sizeof *c);
}

void kp_cost_year_total(const kp_cost *c, int year, int64_t *persons, int64_t *units, kp_cents *cost)
{
    int64_t p = 0, u = 0;
    kp_cents k = 0;
    for (size_t i = 0; c && i < c->n; i++)
        if (c->rows[i].year == year) {
            p += c->rows[i].persons;
            u += c->rows[i].units;
            k += c->rows[i].cost;
        }
    if (persons)
        *persons = p;
    if (units)
        *units = u;
    if (cost)
        *cost = k;
}

/* What the tables computed together share: the territories, the catalogue
 * and the unit costs in force on 1 January of the projected years. */
typedef struct shared {
    kp_ctx *ctx;
    kp_territories t;
    kp_q_cost_service_list svcs;
    kp_q_cost_rate_list stretches; /* the unit costs by service and stretch of days */
    struct rate {
        char service[32];
        int year;
        kp_cents cents;
    } *rates;
    size_t nrates, caprates;
} shared;

/* One table being computed. */
typedef struct work {
    shared *sh;
    kp_cost *out;
    char d[11];                      /* the date */
    char map[11];                    /* the date of the territories' map */
    char start[11], until[11];       /* the deliveries counted */
    char base_from[11], base_to[11]; /* the base year */
    bool read;                       /* its records are read (with its group) */
    size_t cap;
    /* need not yet served, per (holder, service) */
    struct unmet {
        int64_t holder;
        char service[32];
        int64_t persons;
    } *unmet;
    size_t nunmet, capunmet;
} work;

/* Tables whose records are read by one query each: the same dates, so
 * the rows of the union of their origins are each one table's rows. */
typedef struct group {
    work **w;
    size_t n;
} group;

/* The territory holding an origin's records on `map` (0: none). */
static int64_t holder_of(const kp_territories *t, int64_t origin, const char *map)
{
    if (origin > 0)
        return kp_territories_holder(t, origin, 0, map);
    for (size_t i = 0; i < t->np; i++)
        if (t->p[i].id == -origin)
            return kp_territories_holder(t, t->p[i].municipality, -origin, map);
    return 0;
}

/* The table of the group whose region holds an origin's records on the
 * date, and *holder the territory holding them; NULL when no table's does.
 * The whole region is counted, also for one municipality: a municipality
 * without a service's base year takes the region's units per person
 * (project()); the others' rows are dropped after. */
static work *table_of(const group *g, int64_t origin, int64_t *holder)
{
    const shared *sh = g->w[0]->sh;
    const char *map = g->w[0]->map;
    int64_t h = holder_of(&sh->t, origin, map);
    if (!h)
        return NULL;
    const char *region = kp_territories_region(&sh->t, h, map);
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(region, g->w[i]->out->region)) {
            *holder = h;
            return g->w[i];
        }
    return NULL;
}

static const kp_q_cost_service *svc_find(const shared *sh, const char *code)
{
    for (size_t i = 0; i < sh->svcs.n; i++)
        if (!strcmp(sh->svcs.items[i].code, code))
            return &sh->svcs.items[i];
    return NULL;
}

static kp_cost_row *row_for(work *w, int64_t holder, const char *service, int year, bool projected)
{
    for (size_t i = 0; i < w->out->n; i++) {
        kp_cost_row *r = &w->out->rows[i];
        if (r->municipality == holder && r->year == year && !strcmp(r->service, service))
            return r;
    }
    if (w->out->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->out->rows = kp_xrealloc(w->out->rows, w->cap * sizeof *w->out->rows);
    }
    kp_cost_row *r = &w->out->rows[w->out->n++];
    memset(r, 0, sizeof *r);
    r->municipality = holder;
    snprintf(r->service, sizeof r->service, "%s", service);
    r->year = year;
    r->projected = projected;
    const kp_q_cost_service *v = svc_find(w->sh, service);
    /* The catalogue's order: services come by sort, then code. */
    r->service_sort = v ? (int)(v - w->sh->svcs.items) : (int)w->sh->svcs.n;
    return r;
}

static const kp_cost_row *find(const kp_cost *c, int64_t holder, const char *service, int year)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->rows[i].municipality == holder && c->rows[i].year == year && !strcmp(c->rows[i].service, service))
            return &c->rows[i];
    return NULL;
}

static void unmet_add(work *w, int64_t holder, const char *service, int64_t n)
{
    for (size_t i = 0; i < w->nunmet; i++)
        if (w->unmet[i].holder == holder && !strcmp(w->unmet[i].service, service)) {
            w->unmet[i].persons += n;
            return;
        }
    if (w->nunmet == w->capunmet) {
        w->capunmet = w->capunmet ? w->capunmet * 2 : 32;
        w->unmet = kp_xrealloc(w->unmet, w->capunmet * sizeof *w->unmet);
    }
    w->unmet[w->nunmet].holder = holder;
    snprintf(w->unmet[w->nunmet].service, sizeof w->unmet[w->nunmet].service, "%s", service);
    w->unmet[w->nunmet++].persons = n;
}

static int64_t unmet_of(const work *w, int64_t holder, const char *service)
{
    for (size_t i = 0; i < w->nunmet; i++)
        if (w->unmet[i].holder == holder && !strcmp(w->unmet[i].service, service))
            return w->unmet[i].persons;
    return 0;
}

/* The year of an ISO date. */
static int year_of(const char *iso)
{
    int y = 0;
    for (int i = 0; i < 4 && iso[i] >= '0' && iso[i] <= '9'; i++)
        y = y * 10 + (iso[i] - '0');
    return y;
}

/* ---- the deliveries folded as they come -------------------------------- */

/* An open-addressing table of keys of three numbers, each with a number
 * (the fold's cells, and the persons already counted). */
typedef struct slot {
    int64_t a, b, c;
    size_t v;
    bool used;
} slot;
typedef struct table {
    slot *s;
    size_t cap, n; /* cap a power of two */
} table;

static size_t slot_of(const table *t, int64_t a, int64_t b, int64_t c)
{
    uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15u;
    h = (h ^ (h >> 29) ^ (uint64_t)b) * 0xBF58476D1CE4E5B9u;
    h = (h ^ (h >> 32) ^ (uint64_t)c) * 0x94D049BB133111EBu;
    h ^= h >> 31;
    size_t i = (size_t)h & (t->cap - 1);
    while (t->s[i].used && !(t->s[i].a == a && t->s[i].b == b && t->s[i].c == c))
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* The slot of (a, b, c), made (*fresh) when it was not there. */
static slot *table_get(table *t, int64_t a, int64_t b, int64_t c, bool *fresh)
{
    if ((t->n + 1) * 2 > t->cap) {
        table old = *t;
        t->cap = old.cap ? old.cap * 2 : 1024;
        t->s = kp_xcalloc(t->cap, sizeof *t->s);
        for (size_t i = 0; i < old.cap; i++)
            if (old.s[i].used)
                t->s[slot_of(t, old.s[i].a, old.s[i].b, old.s[i].c)] = old.s[i];
        free(old.s);
    }
    slot *x = &t->s[slot_of(t, a, b, c)];
    *fresh = !x->used;
    if (*fresh) {
        *x = (slot){.a = a, .b = b, .c = c, .used = true};
        t->n++;
    }
    return x;
}

/* Per origin, service and year: the persons (each once), units and cost
 * of the deliveries, as SQL's GROUP BY with COUNT(DISTINCT) would give;
 * and the assignments whose deliveries are read, each with its person and
 * its service's unit-cost stretches. */
typedef struct fold {
    const shared *sh;
    struct cell {
        int64_t origin;
        int service; /* index in names */
        int year;
        int64_t persons, units, cost;
    } *cells;
    size_t ncells, capcells;
    table at;      /* (origin, service, year) → cell */
    table counted; /* (person, origin, service << 16 | year) */
    char (*names)[32];
    size_t nnames, capnames, last;
    struct asg {
        int64_t client, origin;
        int family;    /* index in names */
        size_t r0, r1; /* its service's stretches in sh->stretches */
    } *asg;
    size_t nasg, capasg;
    table byid;    /* (assignment id, 0, 0) → asg */
    kp_buf ids;    /* the assignments as a JSON array */
    /* The last service code's stretches (an assignment's are found once). */
    char code[32];
    size_t code_r0, code_r1;
    /* The last delivery's assignment, year and cell: an assignment's
     * deliveries come together, by day, so the next one is mostly in the
     * same cell, its person counted there already. */
    int64_t last_id;
    int last_year;
    size_t last_cell;
    bool have_last;
    int64_t asg_id;   /* the assignment looked up last, at asg[asg_at] */
    size_t asg_at;
    bool have_asg;
} fold;

/* The index of a service code in f->names, added when new (a person's
 * deliveries come together, so the last one is tried first). */
static int name_of(fold *f, const char *service)
{
    if (f->last < f->nnames && !strcmp(f->names[f->last], service))
        return (int)f->last;
    for (size_t i = 0; i < f->nnames; i++)
        if (!strcmp(f->names[i], service))
            return (int)(f->last = i);
    if (f->nnames == f->capnames) {
        f->capnames = f->capnames ? f->capnames * 2 : 32;
        f->names = kp_xrealloc(f->names, f->capnames * sizeof *f->names);
    }
    snprintf(f->names[f->nnames], sizeof f->names[f->nnames], "%s", service);
    return (int)(f->last = f->nnames++);
}

/* Adds units and cost to the cell of (origin, service s, year), and the
 * person to its persons once when `person`. */
static kp_rc fold_add(fold *f, int64_t client, int64_t origin, int s, int year, int64_t units, int64_t cost,
                      bool person)
{
    bool fresh = false;
    slot *at = table_get(&f->at, origin, s, year, &fresh);
    if (fresh) {
        if (f->ncells == f->capcells) {
            f->capcells = f->capcells ? f->capcells * 2 : 256;
            f->cells = kp_xrealloc(f->cells, f->capcells * sizeof *f->cells);
        }
        f->cells[f->ncells] = (struct cell){.origin = origin, .service = s, .year = year};
        at->v = f->ncells++;
    }
    struct cell *k = &f->cells[at->v];
    if (person) {
        table_get(&f->counted, client, origin, ((int64_t)s << 16) | (year & 0xffff), &fresh);
        if (fresh)
            k->persons++;
    }
    if (__builtin_add_overflow(k->units, units, &k->units) || __builtin_add_overflow(k->cost, cost, &k->cost))
        return KP_ETOOBIG;
    return KP_OK;
}

static kp_rc assignment_row(void *row, void *arg)
{
    const kp_q_cost_assignment *x = row;
    fold *f = arg;
    const kp_q_cost_rate_list *r = &f->sh->stretches;
    bool fresh = false;
    slot *id = table_get(&f->byid, x->id, 0, 0, &fresh);
    if (!fresh)
        return KP_OK;
    if (f->nasg == f->capasg) {
        f->capasg = f->capasg ? f->capasg * 2 : 256;
        f->asg = kp_xrealloc(f->asg, f->capasg * sizeof *f->asg);
    }
    struct asg *a = &f->asg[f->nasg];
    *a = (struct asg){.client = x->client, .origin = x->origin, .family = name_of(f, x->family)};
    if (strcmp(f->code, x->service)) {
        /* A code's stretches come together. */
        size_t r0 = 0, r1;
        while (r0 < r->n && strcmp(r->items[r0].code, x->service))
            r0++;
        for (r1 = r0; r1 < r->n && !strcmp(r->items[r1].code, x->service);)
            r1++;
        snprintf(f->code, sizeof f->code, "%s", x->service);
        f->code_r0 = r0;
        f->code_r1 = r1;
    }
    a->r0 = f->code_r0;
    a->r1 = f->code_r1;
    id->v = f->nasg++;
    /* The id into the JSON array, its digits written here (a printf per
     * assignment was a tenth of this read). */
    char digits[24];
    size_t nd = 0;
    uint64_t v = x->id < 0 ? (uint64_t)0 - (uint64_t)x->id : (uint64_t)x->id;
    do
        digits[sizeof digits - 1 - nd++] = (char)('0' + v % 10);
    while ((v /= 10) && nd < sizeof digits - 1);
    if (x->id < 0)
        digits[sizeof digits - 1 - nd++] = '-';
    kp_rc rc = f->nasg > 1 ? kp_buf_putc(&f->ids, ',') : KP_OK;
    return rc ? rc : kp_buf_append(&f->ids, digits + sizeof digits - nd, nd);
}

/* The assignment of a delivery or claim line read (NULL: not one of the
 * tables', e.g. a claim of another region), and the unit cost of its
 * service on `day` in *cents (0 when none is in force). */
static const struct asg *asg_on(fold *f, int64_t id, const char *day, int64_t *cents)
{
    if (!f->byid.cap)
        return NULL;
    if (!f->have_asg || f->asg_id != id) {
        size_t i = slot_of(&f->byid, id, 0, 0);
        if (!f->byid.s[i].used)
            return NULL;
        f->asg_id = id;
        f->asg_at = f->byid.s[i].v;
        f->have_asg = true;
    }
    const struct asg *a = &f->asg[f->asg_at];
    const kp_q_cost_rate_list *r = &f->sh->stretches;
    *cents = 0;
    for (size_t k = a->r0; k < a->r1; k++)
        if (strcmp(r->items[k].first_day, day) <= 0 && strcmp(day, r->items[k].last_day) <= 0) {
            *cents = r->items[k].cents;
            break;
        }
    return a;
}

static kp_rc delivery_row(void *row, void *arg)
{
    const kp_q_cost_delivery *x = row;
    fold *f = arg;
    int64_t cents = 0, cost = 0;
    const struct asg *a = asg_on(f, x->assignment, x->day, &cents);
    if (!a)
        return KP_OK;
    if (__builtin_mul_overflow(x->units, cents, &cost))
        return KP_ETOOBIG;
    int year = year_of(x->day);
    if (f->have_last && f->last_id == x->assignment && f->last_year == year) {
        struct cell *k = &f->cells[f->last_cell];
        if (__builtin_add_overflow(k->units, x->units, &k->units) || __builtin_add_overflow(k->cost, cost, &k->cost))
            return KP_ETOOBIG;
        return KP_OK;
    }
    kp_rc rc = fold_add(f, a->client, a->origin, a->family, year, x->units, cost, true);
    if (!rc) {
        bool fresh = false;
        f->last_cell = table_get(&f->at, a->origin, a->family, year, &fresh)->v;
        f->last_id = x->assignment;
        f->last_year = year;
        f->have_last = true;
    }
    return rc;
}

/* A claimed delivery costs its line's amount: the difference to units ×
 * the unit cost, which delivery_row counted. */
static kp_rc claim_row(void *row, void *arg)
{
    const kp_q_cost_claim *x = row;
    fold *f = arg;
    int64_t cents = 0, cost = 0, delta = 0;
    const struct asg *a = asg_on(f, x->assignment, x->day, &cents);
    if (!a)
        return KP_OK;
    if (__builtin_mul_overflow(x->units, cents, &cost) || __builtin_sub_overflow(x->amount, cost, &delta))
        return KP_ETOOBIG;
    return fold_add(f, a->client, a->origin, a->family, year_of(x->day), 0, delta, false);
}

/* Each cell of the fold to the table of the region holding its origin. */
static void fold_to_tables(const fold *f, const group *g)
{
    for (size_t i = 0; i < f->ncells; i++) {
        const struct cell *k = &f->cells[i];
        int64_t h = 0;
        work *w = table_of(g, k->origin, &h);
        if (!w)
            continue;
        kp_cost_row *r = row_for(w, h, f->names[k->service], k->year, false);
        r->persons += k->persons;
        r->units += k->units;
        r->cost += k->cost;
    }
}

static void fold_free(fold *f)
{
    free(f->asg);
    free(f->byid.s);
    kp_buf_free(&f->ids);
    free(f->cells);
    free(f->at.s);
    free(f->counted.s);
    free(f->names);
}

/* The needs read (kp_q_cost_needs_each): each person's needs, and the
 * services each was given in the base year. */
typedef struct needs {
    fold f;        /* names, and the tables below */
    table served;  /* (person, service, 0) given in the base year */
    struct need {
        int64_t origin, client;
        int service;
    } *need;
    size_t n, cap;
} needs;

static kp_rc need_row(void *row, void *arg)
{
    const kp_q_cost_need *x = row;
    needs *u = arg;
    int s = name_of(&u->f, x->service);
    if (x->served) {
        bool fresh = false;
        table_get(&u->served, x->client, s, 0, &fresh);
        return KP_OK;
    }
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 256;
        u->need = kp_xrealloc(u->need, u->cap * sizeof *u->need);
    }
    u->need[u->n++] = (struct need){.origin = x->origin, .client = x->client, .service = s};
    return KP_OK;
}

/* The persons with a need not served, each once per origin and service,
 * to the table of the region holding the origin: per (origin, service)
 * in the order first met (f.at counts them in the cells' persons). */
static kp_rc needs_to_tables(needs *u, const group *g)
{
    fold *f = &u->f;
    for (size_t i = 0; i < u->n; i++) {
        const struct need *x = &u->need[i];
        if (u->served.cap && u->served.s[slot_of(&u->served, x->client, x->service, 0)].used)
            continue;
        kp_rc rc = fold_add(f, x->client, x->origin, x->service, 0, 0, 0, true);
        if (rc)
            return rc;
    }
    for (size_t i = 0; i < f->ncells; i++) {
        const struct cell *k = &f->cells[i];
        int64_t h = 0;
        work *w = table_of(g, k->origin, &h);
        if (w && k->persons)
            unmet_add(w, h, f->names[k->service], k->persons);
    }
    return KP_OK;
}

/* The unit cost of a service on 1 January of `year` (0 when none is in
 * force, or it cannot be read), read once per service and year. */
static kp_cents unit_cost_on(shared *sh, const char *service, int year)
{
    for (size_t i = 0; i < sh->nrates; i++)
        if (sh->rates[i].year == year && !strcmp(sh->rates[i].service, service))
            return sh->rates[i].cents;
    char d[11];
    kp_date_format_iso(kp_date_from_ymd(year, 1, 1), d);
    kp_cents v = 0;
    if (kp_q_cost_unit_cost_on(sh->ctx->db, service, d, &v))
        return 0;
    if (sh->nrates == sh->caprates) {
        sh->caprates = sh->caprates ? sh->caprates * 2 : 32;
        sh->rates = kp_xrealloc(sh->rates, sh->caprates * sizeof *sh->rates);
    }
    struct rate *r = &sh->rates[sh->nrates++];
    snprintf(r->service, sizeof r->service, "%s", service);
    r->year = year;
    r->cents = v;
    return v;
}

/* The projection of each (municipality, service) seen in the project or
 * with a need not yet served. */
static kp_rc project(work *w, int years_after)
{
    kp_cost *c = w->out;
    size_t n_hist = c->n;
    /* The pairs: history first, then needs without history. */
    typedef struct pair {
        int64_t holder;
        char service[32];
    } pair;
    pair *pairs = kp_xcalloc(n_hist + w->nunmet + 1, sizeof *pairs);
    size_t np = 0;
    for (size_t i = 0; i < n_hist + w->nunmet; i++) {
        int64_t h = i < n_hist ? c->rows[i].municipality : w->unmet[i - n_hist].holder;
        const char *s = i < n_hist ? c->rows[i].service : w->unmet[i - n_hist].service;
        bool seen = false;
        for (size_t k = 0; k < np && !seen; k++)
            seen = pairs[k].holder == h && !strcmp(pairs[k].service, s);
        if (!seen) {
            pairs[np].holder = h;
            snprintf(pairs[np].service, sizeof pairs[np].service, "%s", s);
            np++;
        }
    }
    kp_rc rc = KP_OK;
    for (size_t k = 0; k < np && !rc; k++) {
        const kp_cost_row *b = find(c, pairs[k].holder, pairs[k].service, c->base_year);
        int64_t bp = b ? b->persons : 0, bu = b ? b->units : 0;
        int64_t unmet = unmet_of(w, pairs[k].holder, pairs[k].service);
        if (!bp && !unmet)
            continue;
        /* Units per person where the municipality has none: the scope's. */
        int64_t rp = 0, ru = 0;
        for (size_t i = 0; i < n_hist; i++)
            if (c->rows[i].year == c->base_year && !strcmp(c->rows[i].service, pairs[k].service)) {
                rp += c->rows[i].persons;
                ru += c->rows[i].units;
            }
        for (int y = 1; y <= years_after; y++) {
            int year = c->end_year + y;
            int64_t added = unmet * y / years_after;
            int64_t units = bp ? bu + added * bu / bp : rp ? added * ru / rp : 0;
            kp_cents rate = unit_cost_on(w->sh, pairs[k].service, year);
            if (rate > 0 && units > KP_CENTS_MAX / rate) {
                rc = KP_ETOOBIG;
                break;
            }
            kp_cost_row *r = row_for(w, pairs[k].holder, pairs[k].service, year, true);
            r->persons = bp + added;
            r->unmet_added = added;
            r->units = units;
            r->unit_cost = rate;
            r->cost = units * rate;
        }
    }
    free(pairs);
    return rc;
}

static int row_cmp(const void *a, const void *b)
{
    const kp_cost_row *x = a, *y = b;
    if (x->municipality != y->municipality)
        return x->municipality < y->municipality ? -1 : 1;
    if (x->service_sort != y->service_sort)
        return x->service_sort < y->service_sort ? -1 : 1;
    return (x->year > y->year) - (x->year < y->year);
}

/* The scope, years and dates of one table (w->out zeroed). */
static kp_rc prepare(work *w, const char *region, int64_t municipality, kp_date at, int years_after)
{
    kp_ctx *ctx = w->sh->ctx;
    kp_cost *out = w->out;
    kp_rc rc = kp_figures_scope(ctx, region, municipality, at, out->region, &out->municipality);
    if (rc)
        return rc;
    out->at = at;
    kp_date_format_iso(at, w->d);
    /* A municipality's records are those that roll up into it today; the
     * region's, those held in it on the date (kp_figures_scope). */
    kp_date_format_iso(out->municipality ? kp_ctx_today(ctx) : at, w->map);
    char end[11] = "";
    rc = kp_region_project_period(ctx, out->region, w->start, end);
    if (rc)
        return rc;
    int y = kp_date_year(at), last_ended = kp_last_ended_year(at);
    out->first_year = w->start[0] ? year_of(w->start) : y;
    out->end_year = end[0] ? year_of(end) : y;
    out->base_year = last_ended < out->end_year ? last_ended : out->end_year;
    out->last_year = out->end_year + years_after;
    /* Deliveries up to the date or the project's end, whichever is first. */
    snprintf(w->until, sizeof w->until, "%s", end[0] && strcmp(end, w->d) < 0 ? end : w->d);
    if (!w->start[0])
        snprintf(w->start, sizeof w->start, "%s", w->d);
    kp_date_format_iso(kp_date_from_ymd(out->base_year, 1, 1), w->base_from);
    kp_date_format_iso(kp_date_from_ymd(out->base_year, 12, 31), w->base_to);
    return KP_OK;
}

static bool same_dates(const work *a, const work *b)
{
    return !strcmp(a->d, b->d) && !strcmp(a->map, b->map) && !strcmp(a->start, b->start) &&
           !strcmp(a->until, b->until) && !strcmp(a->base_from, b->base_from) && !strcmp(a->base_to, b->base_to);
}

/* Reads the records of works[first] and of every later table with the
 * same dates: the deliveries once, the needs once, for the union of their
 * regions' origins, each row to the table of the region holding it. */
static kp_rc read_group(work *works, size_t n, size_t first)
{
    shared *sh = works[first].sh;
    group g = {.w = kp_xcalloc(n, sizeof *g.w)};
    kp_buf origins, one;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    kp_buf_init(&one, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_buf_putc(&origins, '[');
    for (size_t i = first; i < n && !rc; i++) {
        if (works[i].read || !same_dates(&works[first], &works[i]))
            continue;
        works[i].read = true;
        g.w[g.n++] = &works[i];
        /* Each region's origins as a JSON array: its elements joined. */
        kp_buf_reset(&one);
        rc = kp_territories_origins_json(&sh->t, works[i].out->region, works[i].map, &one);
        if (!rc && one.len > 2)
            rc = kp_buf_printf(&origins, "%s%.*s", origins.len > 1 ? "," : "", (int)(one.len - 2), one.data + 1);
    }
    if (!rc)
        rc = kp_buf_putc(&origins, ']');
    const work *w = &works[first];
    const char *oj = kp_buf_str(&origins);
    /* The assignments first (a person's origin and service read once per
     * assignment), then their deliveries, then the claims' amounts. */
    fold f = {.sh = sh};
    kp_buf_init(&f.ids, KP_BUF_DEFAULT_MAX);
    if (!rc)
        rc = kp_buf_putc(&f.ids, '[');
    if (!rc)
        rc = kp_q_cost_assignments_each(sh->ctx->db, w->d, oj, assignment_row, &f);
    if (!rc)
        rc = kp_buf_putc(&f.ids, ']');
    if (!rc)
        rc = kp_q_cost_deliveries_each(sh->ctx->db, kp_buf_str(&f.ids), w->start, w->until, delivery_row, &f);
    if (!rc)
        rc = kp_q_cost_claims_each(sh->ctx->db, w->start, w->until, claim_row, &f);
    if (!rc)
        fold_to_tables(&f, &g);
    fold_free(&f);
    needs u = {.f = {.sh = sh}};
    if (!rc)
        rc = kp_q_cost_needs_each(sh->ctx->db, w->d, oj, w->base_from, w->base_to, need_row, &u);
    if (!rc)
        rc = needs_to_tables(&u, &g);
    free(u.served.s);
    free(u.need);
    fold_free(&u.f);
    kp_buf_free(&one);
    kp_buf_free(&origins);
    free(g.w);
    return rc;
}

/* A table's last steps: one municipality's rows kept, the order, the
 * names. */
static kp_rc finish(work *w)
{
    kp_ctx *ctx = w->sh->ctx;
    kp_cost *out = w->out;
    kp_rc rc = KP_OK;
    if (out->municipality) {
        size_t keep = 0;
        for (size_t i = 0; i < out->n; i++)
            if (out->rows[i].municipality == out->municipality)
                out->rows[keep++] = out->rows[i];
        out->n = keep;
    }
    if (out->n > 1) /* qsort takes no NULL array, even empty */
        qsort(out->rows, out->n, sizeof *out->rows, row_cmp);
    if (out->municipality)
        rc = kp_territory_name(ctx, out->municipality, out->municipality_name, sizeof out->municipality_name);
    /* Rows come by municipality: its name is read once for its rows. */
    for (size_t i = 0; i < out->n && !rc; i++) {
        kp_cost_row *r = &out->rows[i];
        const kp_terr *t = kp_territories_find(&w->sh->t, r->municipality);
        snprintf(r->municipality_atvk, sizeof r->municipality_atvk, "%s", t ? t->atvk : "");
        if (i && r->municipality == out->rows[i - 1].municipality)
            memcpy(r->municipality_name, out->rows[i - 1].municipality_name, sizeof r->municipality_name);
        else
            rc = kp_territory_name(ctx, r->municipality, r->municipality_name, sizeof r->municipality_name);
        const kp_q_cost_service *v = svc_find(w->sh, r->service);
        snprintf(r->service_name, sizeof r->service_name, "%s", v ? v->name : r->service);
    }
    return rc;
}

/* The tables of n scopes (regions[i], and municipality for a single one)
 * computed together. */
static kp_rc compute(kp_ctx *ctx, const char *const *regions, int64_t municipality, size_t n, kp_date at,
                     int years_after, kp_cost *out)
{
    shared sh = {.ctx = ctx};
    work *works = kp_xcalloc(n + 1, sizeof *works);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        works[i] = (work){.sh = &sh, .out = &out[i]};
        rc = prepare(&works[i], regions[i], municipality, at, years_after);
    }
    if (!rc)
        rc = kp_territories_load(ctx, &sh.t);
    if (!rc)
        rc = kp_q_cost_services(ctx->db, ctx->lang && strcmp(ctx->lang, "en") == 0, &sh.svcs);
    if (!rc)
        rc = kp_q_cost_rates(ctx->db, &sh.stretches);
    for (size_t i = 0; i < n && !rc; i++)
        if (!works[i].read)
            rc = read_group(works, n, i);
    for (size_t i = 0; i < n && !rc; i++)
        rc = project(&works[i], years_after);
    for (size_t i = 0; i < n && !rc; i++)
        rc = finish(&works[i]);
    for (size_t i = 0; i < n; i++)
        free(works[i].unmet);
    free(works);
    kp_territories_free(&sh.t);
    free(sh.svcs.items);
    free(sh.stretches.items);
    free(sh.rates);
    if (rc)
        for (size_t i = 0; i < n; i++)
            kp_cost_free(&out[i]);
    return rc;
}

kp_rc kp_cost_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, int years_after,
                      kp_cost *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || at == KP_DATE_NONE || years_after < 1 || years_after > 20)
        return KP_EINVAL;
    return compute(ctx, &region, municipality, 1, at, years_after, out);
}

kp_rc kp_cost_compute_regions(kp_ctx *ctx, const char *const *regions, size_t n, kp_date at, int years_after,
                              kp_cost *out)
{
    if (out)
        memset(out, 0, n * sizeof *out);
    if (!ctx || !regions || !out || !n || at == KP_DATE_NONE || years_after < 1 || years_after > 20)
        return KP_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!regions[i])
            return KP_EINVAL;
    return compute(ctx, regions, 0, n, at, years_after, out);
}

/* ---- open data without small numbers ------------------------------------- */

/* The row of the same municipality and service in `year`, or SIZE_MAX. */
static size_t row_of(const kp_cost *c, const kp_cost_row *x, int year)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->rows[i].year == year && c->rows[i].municipality == x->municipality &&
            !strcmp(c->rows[i].service, x->service))
            return i;
    return SIZE_MAX;
}

/* The municipalities of the rows, in order of first appearance; returns
 * their number (at most c->n). */
static size_t munis_of(const kp_cost *c, int64_t *munis)
{
    size_t nm = 0;
    for (size_t i = 0; i < c->n; i++) {
        bool seen = false;
        for (size_t k = 0; k < nm && !seen; k++)
            seen = munis[k] == c->rows[i].municipality;
        if (!seen)
            munis[nm++] = c->rows[i].municipality;
    }
    return nm;
}

static size_t muni_index(const int64_t *munis, size_t nm, int64_t id)
{
    for (size_t k = 0; k < nm; k++)
        if (munis[k] == id)
            return k;
    return 0;
}

/* Lines over the totals: the rows of each year (cells 0..n-1) add up to
 * the year's cell (totals + y − first_year), the rows of a municipality in
 * a year to its cell (mtotals + m*ny + y − first_year), and the
 * municipalities' cells of a year to the year's. Fills lines[] and parts
 * (3n + nm*ny entries); returns the number of lines. */
static size_t year_lines(const kp_cost *c, const int64_t *munis, size_t nm, size_t totals, size_t mtotals,
                         kp_sdc_line *lines, size_t *parts, size_t *np_out)
{
    size_t nl = 0, np = 0, ny = (size_t)(c->last_year - c->first_year + 1);
    for (int y = c->first_year; y <= c->last_year; y++) {
        size_t yi = (size_t)(y - c->first_year), start = np;
        for (size_t i = 0; i < c->n; i++)
            if (c->rows[i].year == y)
                parts[np++] = i;
        lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start, .total = totals + yi};
        for (size_t m = 0; m < nm; m++) {
            start = np;
            for (size_t i = 0; i < c->n; i++)
                if (c->rows[i].year == y && c->rows[i].municipality == munis[m])
                    parts[np++] = i;
            lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start, .total = mtotals + m * ny + yi};
        }
        start = np;
        for (size_t m = 0; m < nm; m++)
            parts[np++] = mtotals + m * ny + yi;
        lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start, .total = totals + yi};
    }
    *np_out = np;
    return nl;
}

/* The cells of the published table suppressed: each row's persons,
 * unmet_added, units and cost, each year's persons, units and cost. */
static size_t published_hidden(const kp_cost *c)
{
    size_t hidden = 0;
    for (size_t i = 0; i < c->n; i++)
        hidden += (size_t)c->rows[i].persons_c + c->rows[i].unmet_added_c + c->rows[i].units_c + c->rows[i].cost_c;
    for (int y = c->first_year; y <= c->last_year; y++)
        hidden += (size_t)c->year_persons_c[y - c->first_year] + 2 * (size_t)c->year_units_c[y - c->first_year];
    return hidden;
}

/* The suppression; with my_persons/my_units (nm*ny entries each, may be
 * NULL) the flags of each municipality's year totals. */
static kp_rc cost_suppress(const kp_disclosure_rule *rule, kp_cost *c, bool *my_persons, bool *my_units)
{
    if (!rule || !c || rule->threshold < 2 || rule->threshold > KP_DISCLOSURE_MAX_THRESHOLD ||
        c->last_year < c->first_year || c->last_year - c->first_year >= KP_COST_MAX_YEARS)
        return KP_EINVAL;
    size_t n = c->n, ny = (size_t)(c->last_year - c->first_year + 1);
    int64_t *munis = kp_xcalloc(n + 1, sizeof *munis);
    size_t nm = munis_of(c, munis);
    /* Cells: persons of row i (i), unmet_added of row i (n + i), the
     * persons of year y (2n + y − first_year), of municipality m in year y
     * (2n + ny + m*ny + y − first_year). */
    size_t totals = 2 * n, mtotals = 2 * n + ny, ncells = 2 * n + ny + nm * ny;
    kp_sdc_cell *cells = kp_xcalloc(ncells, sizeof *cells);
    kp_sdc_line *lines = kp_xcalloc(ny * (nm + 2) + n + 1, sizeof *lines);
    size_t *parts = kp_xcalloc(4 * n + nm * ny + 1, sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        const kp_cost_row *x = &c->rows[i];
        size_t yi = (size_t)(x->year - c->first_year), m = muni_index(munis, nm, x->municipality);
        cells[i] = (kp_sdc_cell){.value = x->persons, .persons = true};
        cells[n + i] = (kp_sdc_cell){.value = x->unmet_added, .persons = x->projected};
        cells[totals + yi].value += x->persons;
        cells[mtotals + m * ny + yi].value += x->persons;
    }
    for (size_t k = totals; k < ncells; k++)
        cells[k].persons = true;
    size_t np = 0, nl = year_lines(c, munis, nm, totals, mtotals, lines, parts, &np);
    /* A projected row: the base year's persons of the row + unmet_added =
     * its persons. */
    for (size_t i = 0; i < n; i++) {
        if (!c->rows[i].projected)
            continue;
        size_t b = row_of(c, &c->rows[i], c->base_year), start = np;
        if (b != SIZE_MAX)
            parts[np++] = b;
        parts[np++] = n + i;
        lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start, .total = i};
    }
    kp_rc rc = kp_disclosure_suppress(rule, cells, ncells, lines, nl, NULL);
    if (rc)
        goto out;
    for (size_t i = 0; i < n; i++) {
        c->rows[i].persons_c = cells[i].suppressed;
        c->rows[i].unmet_added_c = c->rows[i].projected && cells[n + i].suppressed;
    }
    for (size_t y = 0; y < ny; y++)
        c->year_persons_c[y] = cells[totals + y].suppressed;
    for (size_t k = 0; my_persons && k < nm * ny; k++)
        my_persons[k] = cells[mtotals + k].suppressed;
    /* Units: a projected row with added persons over suppressed base
     * persons is hidden beforehand; the cells count as persons only so that
     * kp_disclosure_suppress may take them as the second cell of a line,
     * their values raised to the threshold so none is small itself. */
    memset(cells, 0, ncells * sizeof *cells);
    for (size_t i = 0; i < n; i++) {
        const kp_cost_row *x = &c->rows[i];
        size_t yi = (size_t)(x->year - c->first_year), m = muni_index(munis, nm, x->municipality);
        size_t b = x->projected ? row_of(c, x, c->base_year) : SIZE_MAX;
        bool pre = b != SIZE_MAX && c->rows[b].persons_c && x->unmet_added > 0;
        cells[i] = (kp_sdc_cell){.value = x->units, .persons = true, .suppressed = pre};
        cells[totals + yi].value += x->units;
        cells[mtotals + m * ny + yi].value += x->units;
    }
    for (size_t k = 0; k < ncells; k++) {
        cells[k].persons = k < n || k >= totals;
        if (cells[k].value < rule->threshold)
            cells[k].value = rule->threshold;
    }
    nl = year_lines(c, munis, nm, totals, mtotals, lines, parts, &np);
    rc = kp_disclosure_suppress(rule, cells, ncells, lines, nl, NULL);
    if (rc)
        goto out;
    for (size_t i = 0; i < n; i++)
        c->rows[i].units_c = c->rows[i].cost_c = cells[i].suppressed;
    for (size_t y = 0; y < ny; y++)
        c->year_units_c[y] = cells[totals + y].suppressed;
    for (size_t k = 0; my_units && k < nm * ny; k++)
        my_units[k] = cells[mtotals + k].suppressed;
    c->suppressed = true;
    c->rule = *rule;
    c->nsuppressed = published_hidden(c);
out:
    free(munis);
    free(cells);
    free(lines);
    free(parts);
    return rc;
}

kp_rc kp_cost_suppress(const kp_disclosure_rule *rule, kp_cost *c)
{
    return cost_suppress(rule, c, NULL, NULL);
}

kp_rc kp_cost_suppress_in_region(kp_ctx *ctx, const kp_disclosure_rule *rule, kp_cost *c)
{
    if (!ctx)
        return KP_EINVAL;
    kp_rc rc = cost_suppress(rule, c, NULL, NULL);
    if (rc || !c->municipality)
        return rc;
    kp_cost whole;
    /* A caller who may not see the region (a municipal head) has only the
     * one table: it stays suppressed on its own. */
    if (kp_cost_compute(ctx, c->region, 0, c->at, c->last_year - c->end_year, &whole) != KP_OK)
        return KP_OK;
    size_t ny = (size_t)(whole.last_year - whole.first_year + 1);
    int64_t *munis = kp_xcalloc(whole.n + 1, sizeof *munis);
    size_t nm = munis_of(&whole, munis), k = 0;
    bool *mp = kp_xcalloc(nm * ny + 1, sizeof *mp), *mu = kp_xcalloc(nm * ny + 1, sizeof *mu);
    rc = cost_suppress(rule, &whole, mp, mu);
    /* The region's rows of this municipality are the table's rows (the
     * same territory, service and year; before a territory's reform the
     * region's rows are its predecessors', and the table keeps its own
     * suppression). */
    for (k = 0; k < nm && munis[k] != c->municipality; k++)
        ;
    if (!rc && k < nm && whole.first_year == c->first_year && whole.last_year == c->last_year) {
        for (size_t i = 0; i < c->n; i++) {
            kp_cost_row *x = &c->rows[i];
            for (size_t j = 0; j < whole.n; j++) {
                const kp_cost_row *w = &whole.rows[j];
                if (w->municipality == x->municipality && w->year == x->year && !strcmp(w->service, x->service)) {
                    x->persons_c = w->persons_c;
                    x->unmet_added_c = w->unmet_added_c;
                    x->units_c = w->units_c;
                    x->cost_c = w->cost_c;
                }
            }
        }
        for (size_t y = 0; y < ny; y++) {
            c->year_persons_c[y] = mp[k * ny + y];
            c->year_units_c[y] = mu[k * ny + y];
        }
        c->nsuppressed = published_hidden(c);
    }
    free(munis);
    free(mp);
    free(mu);
    kp_cost_free(&whole);
    return rc;
}
