/* Need against places: persons in need and receiving, places and free
 * places per municipality and service family at a date (need_places.h;
 * the rules in docs/figures.md, "Need against places"). Counts are made in
 * SQL per record territory and rolled up to the territory holding its
 * records on the date here, as every figure is (service/territory.h). */
#include "service/programme/need_places.h"
#include "core/buf.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/programme/diplan.h"
#include "service/programme/diplan_sql.h"
#include "service/territory.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_need_free(kp_need *n)
{
    if (!n)
        return;
    free(n->munis);
    free(n->rows);
    free(n->totals);
    memset(n, 0, sizeof *n);
}

void kp_need_total(const kp_need *n, const char *service, kp_need_row *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out);
    if (!n)
        return;
    snprintf(out->service, sizeof out->service, "%s", service ? service : "");
    for (size_t i = 0; i < n->n; i++) {
        const kp_need_row *r = &n->rows[i];
        if (service && service[0] && strcmp(r->service, service) != 0)
            continue;
        out->need += r->need;
        out->receiving += r->receiving;
        out->unmet += r->unmet;
        out->places += r->places;
        out->free_here += r->free_here;
        out->free_neighbours += r->free_neighbours;
        out->free_cooperation += r->free_cooperation;
        out->plan_places += r->plan_places;
        out->shortfall += r->shortfall;
    }
    const char *code = service ? service : "";
    for (size_t i = 0; n->suppressed && i < n->ntotals; i++)
        if (!n->totals[i].municipality_id && !strcmp(n->totals[i].service, code)) {
            out->need_c = n->totals[i].need_c;
            out->receiving_c = n->totals[i].receiving_c;
            out->unmet_c = n->totals[i].unmet_c;
            out->shortfall_c = n->totals[i].shortfall_c;
        }
}

/* ---- open data without small numbers ------------------------------------- */

#define NEED_MEASURES 4 /* need, receiving, unmet, shortfall */

static int64_t measure_of(const kp_need_row *x, int k)
{
    return k == 0 ? x->need : k == 1 ? x->receiving : k == 2 ? x->unmet : x->shortfall;
}

static void mark(kp_need_row *x, const kp_sdc_cell *c)
{
    x->need_c = c[0].suppressed;
    x->receiving_c = c[1].suppressed;
    x->unmet_c = c[2].suppressed;
    x->shortfall_c = c[3].suppressed;
}

/* The totals' entries: each service's (municipality 0), then each
 * municipality's over all services (service ""), then the whole
 * (municipality 0, service ""). */
static void need_totals(kp_need *n, size_t *ns)
{
    free(n->totals);
    n->suppressed = false;
    n->totals = kp_xcalloc(n->n + n->nmunis + 1, sizeof *n->totals);
    n->ntotals = 0;
    for (size_t i = 0; i < n->n; i++) {
        bool seen = false;
        for (size_t k = 0; k < n->ntotals && !seen; k++)
            seen = !strcmp(n->totals[k].service, n->rows[i].service);
        if (!seen)
            kp_need_total(n, n->rows[i].service, &n->totals[n->ntotals++]);
    }
    *ns = n->ntotals;
    for (size_t m = 0; m < n->nmunis; m++) {
        kp_need_row *t = &n->totals[n->ntotals++];
        t->municipality_id = n->munis[m].id;
        for (size_t i = 0; i < n->n; i++)
            if (n->rows[i].municipality_id == t->municipality_id) {
                t->need += n->rows[i].need;
                t->receiving += n->rows[i].receiving;
                t->unmet += n->rows[i].unmet;
                t->shortfall += n->rows[i].shortfall;
            }
    }
    kp_need_total(n, "", &n->totals[n->ntotals++]);
}

/* The cells of the published table suppressed: the rows', each
 * service's total's and the whole's (a municipality's total over the
 * services is published only as the whole of its own table). */
static size_t published_hidden(const kp_need *n)
{
    size_t hidden = 0;
    for (size_t i = 0; i < n->n + n->ntotals; i++) {
        const kp_need_row *x = i < n->n ? &n->rows[i] : &n->totals[i - n->n];
        if (i >= n->n && x->municipality_id)
            continue;
        hidden += (size_t)x->need_c + x->receiving_c + x->unmet_c + x->shortfall_c;
    }
    return hidden;
}

kp_rc kp_need_suppress(const kp_disclosure_rule *rule, kp_need *n)
{
    if (!rule || !n || rule->threshold < 2 || rule->threshold > KP_DISCLOSURE_MAX_THRESHOLD)
        return KP_EINVAL;
    size_t ns = 0;
    need_totals(n, &ns);
    size_t nm = n->nmunis;
    /* Cells: measure k of row i (i*4 + k), then of totals[t] ((n + t)*4 +
     * k): services 0..ns-1, municipalities ns..ns+nm-1, the whole ns+nm. */
    size_t nrows = n->n + n->ntotals, ncells = nrows * NEED_MEASURES, whole = n->n + ns + nm;
    kp_sdc_cell *cells = kp_xcalloc(ncells, sizeof *cells);
    kp_sdc_line *lines = kp_xcalloc((ns + nm + 2) * NEED_MEASURES + n->n + 1, sizeof *lines);
    size_t *parts = kp_xcalloc((2 * n->n + ns + nm) * NEED_MEASURES + 2 * n->n + 1, sizeof *parts);
    for (size_t i = 0; i < nrows; i++) {
        const kp_need_row *x = i < n->n ? &n->rows[i] : &n->totals[i - n->n];
        for (int k = 0; k < NEED_MEASURES; k++)
            cells[i * NEED_MEASURES + (size_t)k] = (kp_sdc_cell){.value = measure_of(x, k), .persons = true};
    }
    size_t nl = 0, np = 0;
    for (size_t k = 0; k < NEED_MEASURES; k++) {
        /* each service's rows → its total; each municipality's → its total */
        for (size_t t = 0; t < ns + nm; t++) {
            const kp_need_row *tot = &n->totals[t];
            size_t start = np;
            for (size_t i = 0; i < n->n; i++)
                if (t < ns ? !strcmp(n->rows[i].service, tot->service)
                           : n->rows[i].municipality_id == tot->municipality_id)
                    parts[np++] = i * NEED_MEASURES + k;
            lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start,
                                        .total = (n->n + t) * NEED_MEASURES + k};
        }
        /* the services' totals → the whole; the municipalities' → the whole */
        for (size_t pass = 0; pass < 2; pass++) {
            size_t start = np, from = pass ? ns : 0, to = pass ? ns + nm : ns;
            for (size_t t = from; t < to; t++)
                parts[np++] = (n->n + t) * NEED_MEASURES + k;
            lines[nl++] = (kp_sdc_line){.parts = parts + start, .n = np - start, .total = whole * NEED_MEASURES + k};
        }
    }
    /* shortfall = unmet − published places when above 0: both or neither. */
    for (size_t i = 0; i < n->n; i++)
        if (n->rows[i].shortfall > 0) {
            parts[np] = i * NEED_MEASURES + 2;
            parts[np + 1] = i * NEED_MEASURES + 3;
            lines[nl++] = (kp_sdc_line){.parts = parts + np, .n = 2, .total = KP_SDC_NO_TOTAL, .equal = true};
            np += 2;
        }
    kp_rc rc = kp_disclosure_suppress(rule, cells, ncells, lines, nl, NULL);
    if (rc)
        goto out;
    for (size_t i = 0; i < nrows; i++)
        mark(i < n->n ? &n->rows[i] : &n->totals[i - n->n], &cells[i * NEED_MEASURES]);
    n->suppressed = true;
    n->rule = *rule;
    n->nsuppressed = published_hidden(n);
out:
    free(cells);
    free(lines);
    free(parts);
    return rc;
}

static void copy_flags(kp_need_row *to, const kp_need_row *from)
{
    to->need_c = from->need_c;
    to->receiving_c = from->receiving_c;
    to->unmet_c = from->unmet_c;
    to->shortfall_c = from->shortfall_c;
}

kp_rc kp_need_suppress_in_region(kp_ctx *ctx, const kp_disclosure_rule *rule, kp_need *n)
{
    if (!ctx || !rule || !n)
        return KP_EINVAL;
    kp_rc rc = kp_need_suppress(rule, n);
    if (rc || n->nmunis != 1)
        return rc;
    kp_date at;
    if (kp_date_parse_iso(n->at, &at))
        return KP_ESTATE;
    kp_need whole;
    /* A caller who may not see the region (a municipal head) has only the
     * one table: it stays suppressed on its own. */
    if (kp_need_places(ctx, n->region, NULL, at, &whole) != KP_OK)
        return KP_OK;
    rc = kp_need_suppress(rule, &whole);
    if (rc)
        goto out;
    for (size_t i = 0; i < n->n; i++) {
        for (size_t k = 0; k < whole.n; k++)
            if (whole.rows[k].municipality_id == n->rows[i].municipality_id &&
                !strcmp(whole.rows[k].service, n->rows[i].service))
                copy_flags(&n->rows[i], &whole.rows[k]);
    }
    /* One municipality: a service's total is its row; the whole is the
     * municipality's total in the region. */
    for (size_t t = 0; t < n->ntotals; t++) {
        kp_need_row *tot = &n->totals[t];
        const kp_need_row *from = NULL;
        if (tot->service[0]) {
            for (size_t i = 0; i < n->n; i++)
                if (!strcmp(n->rows[i].service, tot->service))
                    from = &n->rows[i];
        } else {
            for (size_t k = 0; k < whole.ntotals; k++)
                if (!whole.totals[k].service[0] && whole.totals[k].municipality_id == n->munis[0].id)
                    from = &whole.totals[k];
        }
        if (from)
            copy_flags(tot, from);
    }
    n->nsuppressed = published_hidden(n);
out:
    kp_need_free(&whole);
    return rc;
}

/* ---- working state ----------------------------------------------------- */

typedef struct fam {
    char code[32];   /* a service code */
    char family[32]; /* its family: the parent, or itself */
    char name[208];
    int sort;
    bool top;
} fam;

/* Places of one provider in one territory (as held on the date) and family. */
typedef struct pl {
    int64_t holder, provider;
    int f;
    int64_t places; /* -1 unknown */
    int64_t taken;
} pl;

typedef struct work {
    kp_ctx *ctx;
    const kp_territories *t;
    char d[11];
    fam *fams;
    size_t nfams;
    int *tops; /* indices into fams of the families, catalogue order */
    size_t ntops;
    pl *pls;
    size_t npls, cappls;
    int64_t (*pairs)[2]; /* neighbouring holders on the date, each pair once */
    size_t npairs, cappairs;
    kp_need_row *grid; /* nmunis × ntops */
    const kp_need *out;
} work;

static int fam_index(const work *w, const char *code)
{
    for (size_t i = 0; i < w->nfams; i++)
        if (strcmp(w->fams[i].code, code) == 0)
            return (int)i;
    return -1;
}

/* The index in tops of the family of service `code`; -1 unknown. */
static int top_of(const work *w, const char *code)
{
    int i = fam_index(w, code);
    if (i < 0)
        return -1;
    for (size_t k = 0; k < w->ntops; k++)
        if (strcmp(w->fams[w->tops[k]].code, w->fams[i].family) == 0)
            return (int)k;
    return -1;
}

static int muni_index(const kp_need *n, int64_t id)
{
    for (size_t i = 0; i < n->nmunis; i++)
        if (n->munis[i].id == id)
            return (int)i;
    return -1;
}

static kp_need_row *cell(work *w, int64_t holder, int top)
{
    int m = muni_index(w->out, holder);
    if (m < 0 || top < 0)
        return NULL;
    return &w->grid[(size_t)m * w->ntops + (size_t)top];
}

static kp_rc load_families(work *w)
{
    kp_q_need_family_vec v = {0};
    kp_rc rc = kp_q_need_families(w->ctx->db, w->ctx->lang ? w->ctx->lang : "lv", &v);
    if (!rc && v.n)
        w->fams = kp_xcalloc(v.n, sizeof *w->fams);
    for (size_t i = 0; !rc && i < v.n; i++) {
        fam *f = &w->fams[w->nfams++];
        memcpy(f->code, v.items[i].code, sizeof f->code);
        memcpy(f->family, v.items[i].family, sizeof f->family);
        memcpy(f->name, v.items[i].name, sizeof f->name);
        f->sort = v.items[i].sort;
        f->top = v.items[i].top;
    }
    free(v.items);
    if (rc)
        return rc;
    w->tops = kp_xcalloc(w->nfams ? w->nfams : 1, sizeof *w->tops);
    for (size_t i = 0; i < w->nfams; i++)
        if (w->fams[i].top)
            w->tops[w->ntops++] = (int)i;
    return KP_OK;
}

/* ---- persons ------------------------------------------------------------ */

/* Per record territory (municipality, parish) and service family: persons
 * in need, receiving, in need and not receiving (kp_q_need_persons_each),
 * rolled up to the territory holding the records on the date. */
static kp_rc add_persons(void *row, void *arg)
{
    const kp_q_need_persons *x = row;
    work *w = arg;
    int64_t holder = kp_territories_holder(w->t, x->m, x->p, w->d);
    kp_need_row *r = cell(w, holder, top_of(w, x->family));
    if (!r)
        return KP_OK;
    r->need += x->need;
    r->receiving += x->receiving;
    r->unmet += x->unmet;
    return KP_OK;
}

static kp_rc count_persons(work *w, const char *origins)
{
    return kp_q_need_persons_each(w->ctx->db, w->d, origins, add_persons, w);
}

/* ---- places ------------------------------------------------------------- */


static void add_places(work *w, int64_t holder, int64_t provider, int f, int64_t known, int64_t places, int64_t taken)
{
    for (size_t i = 0; i < w->npls; i++) {
        pl *x = &w->pls[i];
        if (x->holder == holder && x->provider == provider && x->f == f) {
            if (known)
                x->places = (x->places < 0 ? 0 : x->places) + places;
            return;
        }
    }
    if (w->npls == w->cappls) {
        w->cappls = w->cappls ? w->cappls * 2 : 64;
        w->pls = kp_xrealloc(w->pls, w->cappls * sizeof *w->pls);
    }
    w->pls[w->npls++] = (pl){.holder = holder, .provider = provider, .f = f, .places = known ? places : -1, .taken = taken};
}

/* Places per facility territory, provider and family on the date
 * (kp_q_need_places_each: the whole country, as a neighbour or a partner
 * may lie in another region). */
static kp_rc place_row(void *row, void *arg)
{
    const kp_q_need_places *x = row;
    work *w = arg;
    int64_t holder = kp_territories_holder(w->t, x->m, 0, w->d);
    int f = top_of(w, x->family);
    if (holder && f >= 0)
        add_places(w, holder, x->p, f, x->known, x->places, x->taken);
    return KP_OK;
}

static kp_rc load_places(work *w)
{
    return kp_q_need_places_each(w->ctx->db, w->d, place_row, w);
}

/* Free places of family f in territory `holder` (any region). */
static int64_t free_in(const work *w, int64_t holder, int f)
{
    int64_t sum = 0;
    for (size_t i = 0; i < w->npls; i++) {
        const pl *x = &w->pls[i];
        if (x->holder == holder && x->f == f) {
            int64_t fr = kp_free_places(x->places, x->taken);
            if (fr > 0)
                sum += fr;
        }
    }
    return sum;
}

static int64_t places_in(const work *w, int64_t holder, int f)
{
    int64_t sum = 0;
    for (size_t i = 0; i < w->npls; i++)
        if (w->pls[i].holder == holder && w->pls[i].f == f && w->pls[i].places > 0)
            sum += w->pls[i].places;
    return sum;
}

/* ---- neighbours ---------------------------------------------------------- */

static bool neighbours(const work *w, int64_t a, int64_t b)
{
    for (size_t i = 0; i < w->npairs; i++)
        if ((w->pairs[i][0] == a && w->pairs[i][1] == b) || (w->pairs[i][0] == b && w->pairs[i][1] == a))
            return true;
    return false;
}

/* Pairs of data/municipality_neighbours.csv, each territory taken as the
 * one holding its records on the date: after the reform the pre-reform
 * pairs give their successors' borders too; a pair of territories not yet
 * existing on the date gives none. */
static kp_rc neighbour_row(void *row, void *arg)
{
    const kp_q_pair *x = row;
    work *w = arg;
    int64_t a = kp_territories_holder(w->t, x->a, 0, w->d);
    int64_t b = kp_territories_holder(w->t, x->b, 0, w->d);
    if (!a || !b || a == b || neighbours(w, a, b))
        return KP_OK;
    if (w->npairs == w->cappairs) {
        w->cappairs = w->cappairs ? w->cappairs * 2 : 128;
        w->pairs = kp_xrealloc(w->pairs, w->cappairs * sizeof *w->pairs);
    }
    w->pairs[w->npairs][0] = a;
    w->pairs[w->npairs][1] = b;
    w->npairs++;
    return KP_OK;
}

static kp_rc load_neighbours(work *w)
{
    return kp_q_neighbours_each(w->ctx->db, neighbour_row, w);
}

static void fill_neighbours(work *w)
{
    const kp_need *n = w->out;
    for (size_t m = 0; m < n->nmunis; m++)
        for (size_t k = 0; k < w->ntops; k++) {
            kp_need_row *r = &w->grid[m * w->ntops + k];
            r->places = places_in(w, n->munis[m].id, (int)k);
            r->free_here = free_in(w, n->munis[m].id, (int)k);
            for (size_t i = 0; i < w->npairs; i++) {
                int64_t other = w->pairs[i][0] == n->munis[m].id ? w->pairs[i][1]
                                : w->pairs[i][1] == n->munis[m].id ? w->pairs[i][0]
                                                                   : 0;
                if (other)
                    r->free_neighbours += free_in(w, other, (int)k);
            }
        }
}

/* ---- cooperation --------------------------------------------------------- */


typedef struct coop {
    int64_t m, partner;
    int f;
    int64_t places; /* sum of the places agreed */
    bool open;      /* some agreement names no number: the partner's free places */
} coop;

/* The agreements in force on the date (kp_q_coop_in_force_each), summed
 * per municipality, partner and family. */
typedef struct coops {
    work *w;
    coop *c;
    size_t n, cap;
} coops;

static kp_rc coop_row(void *row, void *arg)
{
    const kp_q_coop_in_force *x = row;
    coops *cs = arg;
    work *w = cs->w;
    int64_t m = kp_territories_holder(w->t, x->m, 0, w->d);
    int64_t partner = kp_territories_holder(w->t, x->partner, 0, w->d);
    int f = top_of(w, x->service);
    /* A partner that is the municipality itself (after a merger) or a
     * neighbour is already counted. */
    if (!m || !partner || m == partner || f < 0 || muni_index(w->out, m) < 0 || neighbours(w, m, partner))
        return KP_OK;
    size_t i = 0;
    while (i < cs->n && !(cs->c[i].m == m && cs->c[i].partner == partner && cs->c[i].f == f))
        i++;
    if (i == cs->n) {
        if (cs->n == cs->cap) {
            cs->cap = cs->cap ? cs->cap * 2 : 16;
            cs->c = kp_xrealloc(cs->c, cs->cap * sizeof *cs->c);
        }
        cs->c[cs->n++] = (coop){.m = m, .partner = partner, .f = f};
    }
    if (x->places < 0)
        cs->c[i].open = true;
    else
        cs->c[i].places += x->places;
    return KP_OK;
}

static kp_rc cooperation(work *w)
{
    coops cs = {.w = w};
    kp_rc rc = kp_q_coop_in_force_each(w->ctx->db, w->d, coop_row, &cs);
    coop *c = cs.c;
    size_t nc = cs.n;
    for (size_t i = 0; !rc && i < nc; i++) {
        kp_need_row *r = cell(w, c[i].m, c[i].f);
        if (r)
            r->free_cooperation += c[i].open ? free_in(w, c[i].partner, c[i].f) : c[i].places;
    }
    free(c);
    return rc;
}

/* ---- the DI plan ----------------------------------------------------------- */

/* Places of the plan's objects as it stood on the date, not cancelled and
 * not linked to a facility (a facility's places are counted as such). The
 * plan is read as the ministry reads it when a municipal head asks: the
 * head's scope was checked, and the plan holds no client data. */
static kp_rc plan_places(work *w, const char *region, kp_date at)
{
    kp_ctx reader = *w->ctx;
    if (reader.role == KP_ROLE_MUNICIPAL_HEAD)
        reader.role = KP_ROLE_MINISTRY;
    kp_diplan plan;
    kp_rc rc = kp_diplan_at(&reader, region, at, 0, &plan);
    for (size_t i = 0; !rc && i < plan.n; i++) {
        const kp_diplan_object *o = &plan.objects[i];
        if (o->facility_id || strcmp(o->status, "cancelled") == 0 || o->counted_places <= 0)
            continue;
        kp_need_row *r = cell(w, kp_territories_holder(w->t, o->municipality_id, 0, w->d), top_of(w, o->service));
        if (r)
            r->plan_places += o->counted_places;
    }
    kp_diplan_free(&plan);
    return rc;
}

/* ---- scope and assembly ------------------------------------------------------ */

static bool valid_on(const kp_terr *x, const char *d)
{
    return strcmp(x->valid_from, d) <= 0 && (!x->valid_to[0] || strcmp(x->valid_to, d) >= 0);
}

static int by_name(const void *a, const void *b)
{
    const kp_need_muni *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->atvk, y->atvk);
}

/* Decides the region the caller may see (want_region); for a municipal
 * head also *head = the territory holding their municipality's records
 * today: they see the territories valid on the date whose records it holds
 * today (itself after the reform; before it, the novadi it took). */
static kp_rc scope(kp_ctx *ctx, const kp_territories *t, const char *d, const char *today, const char *region,
                   char want_region[8], int64_t *head)
{
    *head = 0;
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_ADMIN:
    case KP_ROLE_MINISTRY:
        if (kp_blank(region))
            return KP_EINVAL;
        snprintf(want_region, 8, "%s", region);
        return KP_OK;
    case KP_ROLE_REGION:
        if (!kp_blank(region) && strcmp(region, ctx->region) != 0)
            return KP_ENOTFOUND;
        snprintf(want_region, 8, "%s", ctx->region);
        return KP_OK;
    case KP_ROLE_MUNICIPAL_HEAD: {
        int64_t own = kp_territories_holder(t, ctx->municipality_id, 0, today);
        const char *r = NULL;
        for (size_t i = 0; own && i < t->n && !r; i++)
            if (valid_on(&t->t[i], d) && kp_territories_holder(t, t->t[i].id, 0, today) == own)
                r = kp_territories_region(t, t->t[i].id, d);
        if (!r || !r[0] || (!kp_blank(region) && strcmp(region, r) != 0))
            return KP_ENOTFOUND;
        snprintf(want_region, 8, "%s", r);
        *head = own;
        return KP_OK;
    }
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_PROVIDER:
        return KP_EDENIED;
    }
    return KP_EDENIED;
}

static kp_rc build(kp_ctx *ctx, const kp_territories *t, const char *region, const char *atvk, int64_t head,
                   const char *today, kp_date at, kp_need *out)
{
    work w = {.ctx = ctx, .t = t, .out = out};
    kp_date_format_iso(at, w.d);
    snprintf(out->at, sizeof out->at, "%s", w.d);
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    snprintf(out->region, sizeof out->region, "%s", region);
    out->munis = kp_xcalloc(t->n ? t->n : 1, sizeof *out->munis);
    for (size_t i = 0; i < t->n; i++) {
        const kp_terr *x = &t->t[i];
        if (!valid_on(x, w.d) || strcmp(kp_territories_region(t, x->id, w.d), region) != 0)
            continue;
        if (atvk[0] && strcmp(atvk, x->atvk) != 0)
            continue;
        if (head && kp_territories_holder(t, x->id, 0, today) != head)
            continue;
        kp_need_muni *m = &out->munis[out->nmunis++];
        m->id = x->id;
        snprintf(m->atvk, sizeof m->atvk, "%s", x->atvk);
        snprintf(m->name, sizeof m->name, "%s", x->name);
    }
    if ((atvk[0] || head) && out->nmunis == 0)
        return KP_ENOTFOUND;
    if (out->nmunis > 1)
        qsort(out->munis, out->nmunis, sizeof *out->munis, by_name);

    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    rc = load_families(&w);
    if (!rc)
        rc = kp_territories_origins_json(t, region, w.d, &origins);
    if (!rc)
        w.grid = kp_xcalloc(out->nmunis * w.ntops + 1, sizeof *w.grid);
    if (!rc)
        rc = count_persons(&w, kp_buf_str(&origins));
    if (!rc)
        rc = load_places(&w);
    if (!rc)
        rc = load_neighbours(&w);
    if (!rc)
        fill_neighbours(&w);
    if (!rc)
        rc = cooperation(&w);
    if (!rc)
        rc = plan_places(&w, region, at);
    if (!rc) {
        out->rows = kp_xcalloc(out->nmunis * w.ntops + 1, sizeof *out->rows);
        for (size_t m = 0; m < out->nmunis; m++)
            for (size_t k = 0; k < w.ntops; k++) {
                kp_need_row r = w.grid[m * w.ntops + k];
                if (!r.need && !r.receiving && !r.places && !r.free_neighbours && !r.free_cooperation && !r.plan_places)
                    continue;
                r.municipality_id = out->munis[m].id;
                snprintf(r.service, sizeof r.service, "%s", w.fams[w.tops[k]].code);
                snprintf(r.service_name, sizeof r.service_name, "%s", w.fams[w.tops[k]].name);
                r.service_sort = w.fams[w.tops[k]].sort;
                int64_t cover = r.free_here + r.free_neighbours + r.free_cooperation;
                r.shortfall = r.unmet > cover ? r.unmet - cover : 0;
                out->rows[out->n++] = r;
            }
    }
    kp_buf_free(&origins);
    free(w.fams);
    free(w.tops);
    free(w.pls);
    free(w.pairs);
    free(w.grid);
    return rc;
}

kp_rc kp_need_places(kp_ctx *ctx, const char *region, const char *municipality_atvk, kp_date at, kp_need *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    char d[11], today[11], want_region[8] = "";
    int64_t head = 0;
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_date_format_iso(at, d);
    if (d[0] == '\0')
        return KP_EINVAL;
    kp_territories t = {0};
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    rc = kp_territories_load(ctx, &t);
    if (!rc)
        rc = scope(ctx, &t, d, today, region, want_region, &head);
    if (!rc)
        rc = build(ctx, &t, want_region, municipality_atvk ? municipality_atvk : "", head, today, at, out);
    kp_territories_free(&t);
    rc = kp_store_finish(ctx->db, rc);
    if (rc)
        kp_need_free(out);
    return rc;
}
