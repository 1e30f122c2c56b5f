/* Cost after EU funding (see cost.h): the project's years from the
 * delivery records, then a projection under the documented assumptions. */
#include "service/figures/cost.h"
#include "service/figures/figures.h"
#include "service/figures/progress.h"
#include "service/figures/figure_sql.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/sql.h"
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

/* ESF-funded deliveries of the region's people (as on ?1, origins ?2)
 * from ?3 to ?4, by origin, parent service and year; a claimed delivery
 * costs its claim line's amount, any other units × the unit cost of its
 * day.
 *
 * The unit cost is looked up once per service and stretch of days, not
 * once per delivery (that was most of the PDF evaluation's time): a
 * service's unit cost (KP_UNIT_COST_ON_SQL, the one definition) can only
 * change on a day some unit-cost row of its family begins or the day after
 * one ends, so u holds, for each service code, the stretches between those
 * days (together every day from 0000-01-01) with the cost of the stretch's
 * first day. Each assignment's deliveries are then read stretch by stretch
 * through the index on (assignment, day): the same deliveries as
 * KP_COST_DELIVERIES_JOIN, each once. The claim line is found through the
 * partial index claim_line_delivery, whose condition is repeated so that
 * SQLite uses it (at most one line of a delivery is pending, accepted or
 * rejected; a rejected one costs as no line). */
static const char HISTORY_SQL[] =
    KP_COST_DELIVERIES_WITH
    ", b(code, day) AS (SELECT code, '0000-01-01' FROM service_type"
    "  UNION SELECT st.code, uc.valid_from FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code)"
    "  UNION SELECT st.code, date(uc.valid_to, '+1 day') FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code) WHERE uc.valid_to IS NOT NULL)"
    ", u AS MATERIALIZED (SELECT b.code AS code, b.day AS first_day,"
    "  COALESCE(date(LEAD(b.day) OVER (PARTITION BY b.code ORDER BY b.day), '-1 day'), '9999-12-31') AS last_day,"
    "  COALESCE(" KP_UNIT_COST_ON_SQL("b.code", "b.day") ", 0) AS cents FROM b WHERE b.day IS NOT NULL)"
    " SELECT c.origin, COALESCE(st.parent_code, st.code), CAST(substr(d.delivered_on, 1, 4) AS INTEGER),"
    " COUNT(DISTINCT c.id), SUM(d.units),"
    " SUM(COALESCE((SELECT CASE WHEN l.status IN ('pending', 'accepted') THEN l.amount_cents END"
    "   FROM claim_line l WHERE l.delivery_id = d.id AND l.status IN ('pending', 'accepted', 'rejected')),"
    "  d.units * u.cents))"
    " FROM c JOIN assignment a ON a.client_id = c.id AND a.esf_funded = 1"
    " JOIN service_type st ON st.code = a.service_code"
    " CROSS JOIN u ON u.code = st.code"
    " CROSS JOIN delivery d ON d.assignment_id = a.id AND d.delivered_on BETWEEN MAX(?3, u.first_day) AND MIN(?4, u.last_day)"
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
    " GROUP BY 1, 2, 3";

/* People with an open case on ?1 whose latest assessment by then names a
 * service (folded into its parent) and who received none of it (any
 * funding) from ?3 to ?4, by origin and parent service. */
static const char UNMET_SQL[] =
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin FROM " KP_CLIENT_AT("?1") " c"
    "  WHERE c.registered_on <= ?1 AND c.case_status = 'open' AND " KP_ORIGIN("c")
    "  IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
    " SELECT c.origin, COALESCE(st.parent_code, st.code), COUNT(DISTINCT c.id) FROM c"
    " JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id AND a2.assessed_on <= ?1"
    "   ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)"
    " JOIN assessment_need n ON n.assessment_id = a.id"
    " JOIN service_type st ON st.code = n.service_code"
    " WHERE NOT EXISTS (SELECT 1 FROM assignment x JOIN delivery d ON d.assignment_id = x.id"
    "   JOIN service_type s2 ON s2.code = x.service_code WHERE x.client_id = c.id"
    "   AND COALESCE(s2.parent_code, s2.code) = COALESCE(st.parent_code, st.code)"
    "   AND d.delivered_on BETWEEN ?3 AND ?4 AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("x", "d.delivered_on") ")"
    " GROUP BY 1, 2";

typedef struct svc {
    char code[32], name[160];
    int64_t sort;
} svc;

typedef struct work {
    kp_ctx *ctx;
    kp_cost *out;
    kp_territories t;
    char d[11];   /* the date */
    char map[11]; /* the date of the territories' map */
    svc *svcs;
    size_t nsvcs;
    size_t cap;
    /* need not yet served, per (holder, service) */
    struct unmet {
        int64_t holder;
        char service[32];
        int64_t persons;
    } *unmet;
    size_t nunmet, capunmet;
} work;

/* The territory holding an origin's records on the date, if it is in the
 * region then; 0 otherwise. */
static int64_t holder_of(work *w, int64_t origin)
{
    int64_t h = 0;
    if (origin > 0) {
        h = kp_territories_holder(&w->t, origin, 0, w->map);
    } else {
        for (size_t i = 0; i < w->t.np; i++)
            if (w->t.p[i].id == -origin) {
                h = kp_territories_holder(&w->t, w->t.p[i].municipality, -origin, w->map);
                break;
            }
    }
    /* The whole region is counted, also for one municipality: a
     * municipality without a service's base year takes the region's units
     * per person (project()); the others' rows are dropped after. */
    if (!h || strcmp(kp_territories_region(&w->t, h, w->map), w->out->region) != 0)
        return 0;
    return h;
}

static const svc *svc_find(const work *w, const char *code)
{
    for (size_t i = 0; i < w->nsvcs; i++)
        if (!strcmp(w->svcs[i].code, code))
            return &w->svcs[i];
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
    const svc *v = svc_find(w, service);
    r->service_sort = v ? (int)v->sort : (int)w->nsvcs;
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

static kp_rc load_services(work *w)
{
    bool en = w->ctx->lang && strcmp(w->ctx->lang, "en") == 0;
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(w->ctx->db,
                                en ? "SELECT code, name_en, sort FROM service_type ORDER BY sort, code"
                                   : "SELECT code, name_lv, sort FROM service_type ORDER BY sort, code",
                                &s);
    bool row = false;
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (w->nsvcs == cap) {
            cap = cap ? cap * 2 : 32;
            w->svcs = kp_xrealloc(w->svcs, cap * sizeof *w->svcs);
        }
        svc *v = &w->svcs[w->nsvcs];
        snprintf(v->code, sizeof v->code, "%s", kp_stmt_text(s, 0));
        snprintf(v->name, sizeof v->name, "%s", kp_stmt_text(s, 1));
        v->sort = (int64_t)w->nsvcs;
        w->nsvcs++;
    }
    kp_stmt_free(s);
    return rc;
}

static kp_rc run(work *w, const char *sql, const kp_param *p, size_t np, bool history)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(w->ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        int64_t h = holder_of(w, kp_stmt_int(s, 0));
        if (!h)
            continue;
        const char *service = kp_stmt_text(s, 1);
        if (!history) {
            unmet_add(w, h, service, kp_stmt_int(s, 2));
            continue;
        }
        kp_cost_row *r = row_for(w, h, service, (int)kp_stmt_int(s, 2), false);
        r->persons += kp_stmt_int(s, 3);
        r->units += kp_stmt_int(s, 4);
        r->cost += kp_stmt_int(s, 5);
    }
    kp_stmt_free(s);
    return rc;
}

static kp_cents unit_cost_on(work *w, const char *service, int year)
{
    char d[11];
    kp_date_format_iso(kp_date_from_ymd(year, 1, 1), d);
    int64_t v = 0;
    kp_param p[] = {KP_PTEXT(service), KP_PTEXT(d)};
    if (kp_sql_int(w->ctx->db, "SELECT " KP_UNIT_COST_ON_SQL("?1", "?2"), p, 2, 0, &v))
        return 0;
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
            kp_cents rate = unit_cost_on(w, pairs[k].service, year);
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

/* The year of an ISO date. */
static int year_of(const char *iso)
{
    int y = 0;
    for (int i = 0; i < 4 && iso[i] >= '0' && iso[i] <= '9'; i++)
        y = y * 10 + (iso[i] - '0');
    return y;
}

kp_rc kp_cost_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, int years_after,
                      kp_cost *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || at == KP_DATE_NONE || years_after < 1 || years_after > 20)
        return KP_EINVAL;
    kp_rc rc = kp_figures_scope(ctx, region, municipality, at, out->region, &out->municipality);
    if (rc)
        return rc;
    out->at = at;
    work w = {.ctx = ctx, .out = out};
    kp_date_format_iso(at, w.d);
    /* A municipality's records are those that roll up into it today; the
     * region's, those held in it on the date (kp_figures_scope). */
    kp_date_format_iso(out->municipality ? kp_ctx_today(ctx) : at, w.map);
    char start[11] = "", end[11] = "";
    rc = kp_region_project_period(ctx, out->region, start, end);
    if (rc)
        return rc;
    int y = kp_date_year(at), last_ended = kp_last_ended_year(at);
    out->first_year = start[0] ? year_of(start) : y;
    out->end_year = end[0] ? year_of(end) : y;
    out->base_year = last_ended < out->end_year ? last_ended : out->end_year;
    out->last_year = out->end_year + years_after;
    /* Deliveries up to the date or the project's end, whichever is first. */
    char until[11];
    snprintf(until, sizeof until, "%s", end[0] && strcmp(end, w.d) < 0 ? end : w.d);
    if (!start[0])
        snprintf(start, sizeof start, "%s", w.d);
    char base_from[11], base_to[11];
    kp_date_format_iso(kp_date_from_ymd(out->base_year, 1, 1), base_from);
    kp_date_format_iso(kp_date_from_ymd(out->base_year, 12, 31), base_to);
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    rc = kp_territories_load(ctx, &w.t);
    if (!rc)
        rc = kp_territories_origins_json(&w.t, out->region, w.map, &origins);
    if (!rc)
        rc = load_services(&w);
    const char *oj = kp_buf_str(&origins);
    kp_param hp[] = {KP_PTEXT(w.d), KP_PTEXT(oj), KP_PTEXT(start), KP_PTEXT(until)};
    kp_param up[] = {KP_PTEXT(w.d), KP_PTEXT(oj), KP_PTEXT(base_from), KP_PTEXT(base_to)};
    if (!rc)
        rc = run(&w, HISTORY_SQL, hp, 4, true);
    if (!rc)
        rc = run(&w, UNMET_SQL, up, 4, false);
    if (!rc)
        rc = project(&w, years_after);
    if (!rc && out->municipality) {
        size_t keep = 0;
        for (size_t i = 0; i < out->n; i++)
            if (out->rows[i].municipality == out->municipality)
                out->rows[keep++] = out->rows[i];
        out->n = keep;
    }
    if (!rc) {
        if (out->n > 1) /* qsort takes no NULL array, even empty */
            qsort(out->rows, out->n, sizeof *out->rows, row_cmp);
        if (out->municipality)
            rc = kp_territory_name(ctx, out->municipality, out->municipality_name, sizeof out->municipality_name);
        /* Rows come by municipality: its name is read once for its rows. */
        for (size_t i = 0; i < out->n && !rc; i++) {
            kp_cost_row *r = &out->rows[i];
            const kp_terr *t = kp_territories_find(&w.t, r->municipality);
            snprintf(r->municipality_atvk, sizeof r->municipality_atvk, "%s", t ? t->atvk : "");
            if (i && r->municipality == out->rows[i - 1].municipality)
                memcpy(r->municipality_name, out->rows[i - 1].municipality_name, sizeof r->municipality_name);
            else
                rc = kp_territory_name(ctx, r->municipality, r->municipality_name, sizeof r->municipality_name);
            const svc *v = svc_find(&w, r->service);
            snprintf(r->service_name, sizeof r->service_name, "%s", v ? v->name : r->service);
        }
    }
    kp_buf_free(&origins);
    kp_territories_free(&w.t);
    free(w.svcs);
    free(w.unmet);
    if (rc)
        kp_cost_free(out);
    return rc;
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
