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
#include "service/figures/figures_published.h"
#include "service/figures/service_availability.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/programme/diplan.h"
#include "service/programme/corrections.h"
#include "service/sql.h"
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

/* Parameters of every computation: ?1 region, ?2 the date, ?3 the first day
 * of the date's year, ?4 the start of the region's project, ?5 the record
 * origins whose holder is in the region on the date (a JSON array, see
 * territory.h): a record counts where its territory's records are held on
 * the date, in the region that territory belongs to then. */
#define IN_REGION " WHERE " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?5)) "
#define FACILITY_AT \
    " FROM facility_service s JOIN facility f ON f.id = s.facility_id JOIN provider p ON p.id = f.provider_id" \
    " WHERE f.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?5))"                                            \
    " AND " KP_FACILITY_SERVICE_AT_SQL("s", "f", "p", "?2")
/* A person counts once if any ESF-funded delivery of theirs falls in the
 * year: EXISTS stops at the first one (a join would visit every delivery). */
/* The region's people of the target group are found first (MATERIALIZED),
 * so the EXISTS runs for them only, not for every person in the country. */
#define RECEIVING(tg)                                                                                      \
    "WITH c AS MATERIALIZED (SELECT c.id FROM " KP_CLIENT_AT("?2") " c" IN_REGION                            \
    " AND c.target_group = '" tg "')"                                                                         \
    "SELECT COUNT(DISTINCT c.id) FROM c"                                                                      \
    " WHERE EXISTS (SELECT 1 FROM assignment a JOIN delivery d ON d.assignment_id = a.id"                    \
    "  WHERE a.client_id = c.id AND a.esf_funded = 1 AND d.delivered_on BETWEEN ?3 AND ?2"                   \
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on") ")"

static const struct {
    const char *name;
    const char *sql;
} COMPUTATIONS[] = {
    /* Persons with an individual needs assessment by the date: counted by
     * the context's query (CONTEXT_SQL, see ASSESSED_FROM_CONTEXT), the one
     * definition of "assessed" behind the context, the output indicators
     * and their detail (docs/figures.md, "One definition per concept"). */
    {"grt_assessed", NULL},
    {"ft_assessed", NULL},
    {"bsac_assessed", NULL},
    /* Persons who received ESF-paid services in the date's year ("receive",
     * as the indicator says, not "ever received"). */
    {"grt_receiving_esf_services", RECEIVING("grt")},
    {"ft_receiving_esf_services", RECEIVING("ft")},
    /* Result indicator: adults who left a state care institution during the
     * project and live in the community on the date; a return to the
     * institution takes them out of the count. */
    {"grt_started_independent_life",
     "SELECT COUNT(DISTINCT c.id) FROM " KP_CLIENT_AT("?2") " c"
     " JOIN residence v ON v.client_id = c.id AND v.kind = 'vsac' AND v.end_date BETWEEN ?4 AND ?2"
     " JOIN residence r ON r.client_id = c.id AND r.kind IN ('family','own_home','group_home')"
     "  AND r.start_date > v.end_date AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date >= ?2)" IN_REGION
     " AND c.target_group = 'grt' AND c.case_status = 'open'"},
    /* Providers and centres operating on the date. */
    {"community_service_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT},
    {"day_care_centres_grt", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'day_care' AND s.target_group = 'grt'"},
    {"day_care_centres_ft", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'day_care' AND s.target_group = 'ft'"},
    {"group_homes", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'group_home'"},
    {"specialised_workshops", "SELECT COUNT(DISTINCT f.id)" FACILITY_AT " AND s.service_code = 'workshop'"},
    {"respite_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT " AND s.service_code = 'respite'"},
    {"social_rehab_providers",
     "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT
     " AND (s.service_code = 'social_rehab' OR s.service_code IN (SELECT code FROM service_type WHERE parent_code = 'social_rehab'))"},
    {"family_like_care_providers", "SELECT COUNT(DISTINCT f.provider_id)" FACILITY_AT " AND s.service_code = 'family_like_care'"},
};

bool kp_indicator_computation_known(const char *name)
{
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof COMPUTATIONS / sizeof COMPUTATIONS[0]; i++)
        if (strcmp(COMPUTATIONS[i].name, name) == 0)
            return true;
    return false;
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
    kp_param p[] = {KP_PINT(indicator), KP_PINT(year), KP_PTEXT(day)};
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT v.id, v.period_year, " KP_INDICATOR_VALUE_AT_SQL("v", "?3") " FROM indicator_value v"
                                " WHERE v.indicator_id = ?1 AND v.period_year <= ?2 ORDER BY v.period_year DESC LIMIT 1",
                                &s);
    if (!rc)
        rc = kp_sql_bind(s, p, 3);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        *found = true;
        if (row_id)
            *row_id = kp_stmt_int(s, 0);
        *year_out = (int)kp_stmt_int(s, 1);
        *value = kp_stmt_int(s, 2);
    }
    kp_stmt_free(s);
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
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT COALESCE(MIN(start_date), ''), COALESCE(MAX(end_date), '') FROM project"
                                " WHERE region_code = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, region);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        snprintf(start, 11, "%s", kp_stmt_text(s, 0));
        snprintf(end, 11, "%s", kp_stmt_text(s, 1));
    }
    kp_stmt_free(s);
    return rc;
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
    char *origins; /* JSON array of the ids (origins) with a holder: the region's records */
    kp_territories t; /* the territories they were made from (figures_published.c uses them too) */
} munis;

static void munis_free(munis *ms)
{
    free(ms->m);
    free(ms->origins);
    kp_territories_free(&ms->t);
    memset(ms, 0, sizeof *ms);
}

static muni *muni_find(munis *ms, int64_t id)
{
    for (size_t i = 0; i < ms->n; i++)
        if (ms->m[i].id == id)
            return &ms->m[i];
    return NULL;
}

/* Every territory, and every parish of a split territory as an entry of
 * its own (id = minus the parish id, as KP_ORIGIN gives it), each with the
 * territory holding its records on the date if that one is in the region
 * then (docs/figures.md, "Municipalities and regions at a date"). */
static kp_rc load_munis(kp_ctx *ctx, const char *region, const char *d, munis *ms)
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
        m->holder = h && strcmp(kp_territories_region(&t, h, d), region) == 0 ? h : 0;
    }
    for (size_t i = 0; i < t.np; i++) {
        muni *m = &ms->m[ms->n++];
        m->id = -t.p[i].id;
        int64_t h = kp_territories_holder(&t, t.p[i].municipality, t.p[i].id, d);
        m->holder = h && strcmp(kp_territories_region(&t, h, d), region) == 0 ? h : 0;
    }
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

/* Runs a grouped query whose first column is a municipality id, then tg,
 * item, period and value columns as described by `shape`, folding rows into
 * the accumulator under their holder. Rows outside the region are skipped. */
static kp_rc fold(kp_ctx *ctx, munis *ms, const char *sql, const kp_param *p, size_t n, acc *a,
                  void (*row_fn)(kp_stmt *s, int64_t holder, acc *a))
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, n);
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        muni *m = muni_find(ms, kp_stmt_int(s, 0));
        if (m && m->holder)
            row_fn(s, m->holder, a);
    }
    kp_stmt_free(s);
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

static void context_row(kp_stmt *s, int64_t holder, acc *a)
{
    const kp_figure_def *cols[MAX_CONTEXT_COLUMNS];
    size_t n = context_columns(cols);
    for (size_t i = 0; i < n; i++)
        acc_add(a, holder, "", cols[i]->item, 0, kp_stmt_int(s, 1 + (int)i));
}

static void tg_item_row(kp_stmt *s, int64_t holder, acc *a)
{
    const char *tg = kp_stmt_text(s, 1);
    const char *item = kp_stmt_text(s, 2);
    const char *parent = kp_stmt_text(s, 3);
    int64_t v = kp_stmt_int(s, 4);
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

static void year_row(kp_stmt *s, int64_t holder, acc *a)
{
    acc_add(a, holder, "", "total", year_of(kp_stmt_text(s, 1)), kp_stmt_int(s, 2));
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

/* The context query: one SUM per catalogue condition over the people of
 * the region at the date (KP_FIGURE_CONTEXT_FROM, figure_sql.h). */
static kp_rc context_sql(kp_buf *b)
{
    const kp_figure_def *cols[MAX_CONTEXT_COLUMNS];
    size_t n = context_columns(cols);
    kp_rc rc = kp_buf_puts(b, KP_FIGURE_CONTEXT_COUNT_FROM " SELECT x.origin");
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_buf_printf(b, ", SUM(CASE WHEN %s THEN 1 ELSE 0 END)", cols[i]->condition);
    if (!rc)
        rc = kp_buf_puts(b, " FROM x GROUP BY x.origin");
    return rc;
}

/* The context's counts of every territory the region holds on the date
 * (CONTEXT_SQL: people living, assessed, in out-of-family care). The
 * output indicators and their detail take their "assessed" numbers from
 * here too, so the report has one number for one thing. */
static kp_rc fold_context(kp_ctx *ctx, munis *ms, kp_date at, acc *out)
{
    char d[11], adult[11], senior[11];
    kp_date_format_iso(at, d);
    adult_cutoff(at, adult);
    kp_figures_years_before(at, 65, senior);
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(adult), KP_PTEXT(ms->origins), KP_PTEXT(senior)};
    kp_buf sql;
    kp_buf_init(&sql, KP_BUF_DEFAULT_MAX);
    kp_rc rc = context_sql(&sql);
    if (!rc)
        rc = fold(ctx, ms, kp_buf_str(&sql), p, 4, out, context_row);
    kp_buf_free(&sql);
    return rc;
}

/* Needs from each person's latest assessment, for the people the context
 * counts as assessed in the municipality (not those assessed in a VSAC). */
static const char NEEDS_SQL[] =
    KP_FIGURE_NEEDS_PEOPLE("c.target_group IN ('grt', 'ft')")
    " SELECT c.origin, c.target_group, n.service_code, COALESCE(st.parent_code, ''), COUNT(*)"
    " FROM c" KP_FIGURE_NEEDS_JOIN
    " GROUP BY 1, c.target_group, n.service_code, st.parent_code";

/* Each person who received ESF-paid services, once, under the service of
 * their first delivery in the project (kinds folded into their parent). */
static const char PROVIDED_SQL[] =
    "SELECT " KP_ORIGIN("c") ", c.target_group, COALESCE(st.parent_code, st.code), '', COUNT(*)"
    " FROM " KP_CLIENT_AT("?1") " c" KP_FIGURE_PROVIDED_JOIN
    " WHERE c.target_group IN ('grt', 'ft', 'parents') AND " KP_FIGURE_IN_ORIGINS("?3")
    " GROUP BY 1, c.target_group, COALESCE(st.parent_code, st.code)";

/* Compensation paid to municipalities, by the period it is for: a payment
 * whose period ends by the date counts, whenever it was paid, in the year
 * its period starts (seed 003 counts the money "par periodu līdz
 * 31.12.2021" and lists it by the year of the services; docs/figures.md,
 * "Money"). */
static const char COMPENSATION_SQL[] =
    "SELECT p.municipality_id, p.period_start, SUM(p.amount_cents) FROM " KP_COMPENSATION_AT_SQL("?2") " p"
    " JOIN project j ON j.id = p.project_id WHERE j.region_code = ?1 AND p.period_end <= ?2"
    " GROUP BY p.municipality_id, p.period_start";


typedef struct eval {
    kp_ctx *ctx;
    const char *region;
    kp_date at;
    char d[11];
    munis ms;
    kp_figures *out;
    char (*codes)[32]; /* service codes in catalogue order */
    size_t ncodes;
    acc *context;      /* the context's counts at `at` (fold_context) */
    char start[11];    /* the start of the region's project */
    kp_date other_at;  /* the date `other` is for (KP_DATE_NONE: none yet) */
    munis other;       /* the region's territories at another date (indicator_value) */
    acc other_context; /* the context's counts at other_at, once counted */
    bool other_counted;
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

/* Services in catalogue order, so rows come out in a stable order. */
static kp_rc service_codes(kp_ctx *ctx, char (**codes)[32], size_t *n)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, "SELECT code FROM service_type ORDER BY sort, code", &s);
    bool row = false;
    size_t cap = 0;
    *codes = NULL;
    *n = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            *codes = kp_xrealloc(*codes, cap * sizeof **codes);
        }
        snprintf((*codes)[(*n)++], 32, "%s", kp_stmt_text(s, 0));
    }
    kp_stmt_free(s);
    return rc;
}

static void emit_tg_items(eval *ev, const muni *m, void *arg)
{
    tg_items *t = arg;
    static const char *const groups[] = {"grt", "ft", "parents"};
    for (size_t g = 0; g < 3; g++)
        for (size_t i = 0; i < ev->ncodes; i++)
            if (acc_has(t->a, m->id, groups[g], ev->codes[i], 0))
                add(ev->out, t->section, m, groups[g], ev->codes[i], "persons", 0, KP_VAL_COUNT,
                    acc_get(t->a, m->id, groups[g], ev->codes[i], 0));
}

static void emit_recipients(eval *ev, const muni *m, void *arg)
{
    acc *a = arg;
    const kp_figure_def *r = NULL;
    size_t n = kp_catalogue_section("recipients", &r);
    for (size_t g = 0; g < n; g++) {
        int64_t total = 0;
        for (size_t i = 0; i < ev->ncodes; i++)
            total += acc_get(a, m->id, r[g].target_group, ev->codes[i], 0);
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
static kp_rc compute_in(kp_ctx *ctx, const char *sql, const char *column, const char *region, kp_date at,
                        munis *ms, const char *start, int64_t *value)
{
    char d[11], jan1[11];
    kp_date_format_iso(at, d);
    if (column) {
        /* The region's total of the context's column: one definition. */
        acc context = {0};
        kp_rc rc = fold_context(ctx, ms, at, &context);
        if (!rc)
            *value = acc_sum(&context, "", column, 0);
        free(context.e);
        return rc;
    }
    snprintf(jan1, sizeof jan1, "%.4s-01-01", d);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(jan1), KP_PTEXT(start), KP_PTEXT(ms->origins)};
    /* Every computation takes the same five parameters but may use fewer. */
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc) {
        int used = kp_stmt_param_count(s);
        rc = kp_sql_bind(s, p, (size_t)(used < 5 ? used : 5));
    }
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row)
        *value = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return rc;
}

const char *kp_figures_computation_sql(const char *name)
{
    for (size_t i = 0; name && i < sizeof COMPUTATIONS / sizeof COMPUTATIONS[0]; i++)
        if (strcmp(COMPUTATIONS[i].name, name) == 0)
            return COMPUTATIONS[i].sql;
    return NULL;
}

/* Which computation `name` is; false when none. */
static bool computation_sql(const char *name, const char **sql)
{
    for (size_t i = 0; i < sizeof COMPUTATIONS / sizeof COMPUTATIONS[0]; i++)
        if (strcmp(COMPUTATIONS[i].name, name) == 0) {
            *sql = COMPUTATIONS[i].sql;
            return true;
        }
    return false;
}

kp_rc kp_indicator_compute(kp_ctx *ctx, const char *computation, const char *region, kp_date at, int64_t *value)
{
    if (value)
        *value = 0;
    if (!ctx || !computation || !region || !value || at == KP_DATE_NONE)
        return KP_EINVAL;
    const char *sql = NULL;
    if (!computation_sql(computation, &sql))
        return KP_EINVAL;
    char d[11], start[11];
    kp_date_format_iso(at, d);
    munis ms = {0};
    kp_rc rc = kp_region_project_start(ctx, region, start);
    if (!rc)
        rc = load_munis(ctx, region, d, &ms);
    if (!rc)
        rc = compute_in(ctx, sql, assessed_column(computation), region, at, &ms, start, value);
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
        char source[16] = "", computation[64] = "", owner[8] = "";
        kp_param p[] = {KP_PINT(it->indicator_id)};
        rc = kp_sql_text(ctx->db, "SELECT region_code FROM indicator WHERE id = ?", p, 1, owner, sizeof owner);
        if (!rc && strcmp(owner, region) != 0)
            rc = KP_ENOTFOUND;
        if (!rc)
            rc = kp_sql_text(ctx->db, "SELECT source FROM indicator WHERE id = ?", p, 1, source, sizeof source);
        if (!rc)
            rc = kp_sql_text(ctx->db, "SELECT COALESCE(computation, '') FROM indicator WHERE id = ?", p, 1,
                             computation, sizeof computation);
        if (rc)
            break;
        if (strcmp(source, "computed") != 0) {
            /* Entered values are the region's: no municipality has one. */
            if (!municipality)
                rc = indicator_value(&ev, it->indicator_id, source, computation, at, &it->value, &it->year,
                                     &it->found);
            continue;
        }
        const char *sql = NULL;
        if (!computation_sql(computation, &sql)) {
            rc = KP_EINVAL;
            break;
        }
        const char *column = assessed_column(computation);
        if (column) {
            /* The context is counted once for every "assessed" one. */
            if (!have_context)
                rc = fold_context(ctx, &ev.ms, at, &context);
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
                rc = compute_in(ctx, sql, NULL, region, at, &ev.ms, ev.start, &it->value);
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
    kp_param p[] = {KP_PTEXT(ev->region), KP_PTEXT(ev->d)};
    int64_t esf = 0, state = 0, requested = 0;
    kp_rc rc = kp_sql_int(ev->ctx->db, "SELECT SUM(budget_cents) FROM project WHERE region_code = ?1 AND start_date <= ?2",
                          p, 2, 0, budget);
    if (!rc)
        rc = kp_sql_int(ev->ctx->db, "SELECT SUM(esf_cents) FROM project WHERE region_code = ?1 AND start_date <= ?2", p,
                        2, 0, &esf);
    if (!rc)
        rc = kp_sql_int(ev->ctx->db, "SELECT SUM(state_cents) FROM project WHERE region_code = ?1 AND start_date <= ?2",
                        p, 2, 0, &state);
    if (!rc)
        rc = kp_sql_int(ev->ctx->db,
                        "SELECT SUM(r.amount_cents) FROM " KP_PAYMENT_REQUEST_AT_SQL("?2") " r"
                        " JOIN project j ON j.id = r.project_id"
                        " WHERE j.region_code = ?1 AND r.period_end <= ?2",
                        p, 2, 0, &requested);
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
        const char *sql = NULL;
        if (!computation_sql(computation, &sql))
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
                    kp_rc rc = fold_context(ev->ctx, ms, at, &ev->other_context);
                    if (rc)
                        return rc;
                    ev->other_counted = true;
                }
                *value = acc_sum(&ev->other_context, "", column, 0);
                return KP_OK;
            }
        }
        return compute_in(ev->ctx, sql, column, ev->region, at, ms, ev->start, value);
    }
    /* Each value as it stood on the evaluation's date (also for the
     * column two years before): a correction made after it does not change
     * the figure ("Entered values"). */
    return kp_indicator_entered_at(ev->ctx, id, kp_last_ended_year(at), ev->at, found, NULL, year, value);
}

static kp_rc compute_indicators(eval *ev)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ev->ctx->db,
                                "SELECT id, key, kind, source, COALESCE(computation, ''), COALESCE(baseline_year, 0),"
                                " COALESCE(baseline, -1), COALESCE(target_year, 0), target FROM indicator"
                                " WHERE region_code = ? ORDER BY sort, id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, ev->region);
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        int64_t id = kp_stmt_int(s, 0);
        char key[48], kind[16], source[16], computation[64];
        snprintf(key, sizeof key, "%s", kp_stmt_text(s, 1));
        snprintf(kind, sizeof kind, "%s", kp_stmt_text(s, 2));
        snprintf(source, sizeof source, "%s", kp_stmt_text(s, 3));
        snprintf(computation, sizeof computation, "%s", kp_stmt_text(s, 4));
        int baseline_year = (int)kp_stmt_int(s, 5);
        int64_t baseline = kp_stmt_int(s, 6);
        int target_year = (int)kp_stmt_int(s, 7);
        int64_t target = kp_stmt_int(s, 8);
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
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_figures_compute(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out)
{
    return kp_figures_compute_with_trends(ctx, region, at, NULL, out);
}

kp_rc kp_figures_compute_with_trends(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *trends,
                                     kp_figures *out)
{
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;

    acc context = {0}, needs = {0}, provided = {0}, comp = {0}, erdf = {0};
    eval ev = {.ctx = ctx, .region = region, .at = at, .out = out, .context = &context, .other_at = KP_DATE_NONE};
    kp_date_format_iso(at, ev.d);
    const char *start = ev.start;
    kp_diplan plan = {0};

    rc = kp_region_project_start(ctx, region, ev.start);
    if (!rc)
        rc = load_munis(ctx, region, ev.d, &ev.ms);
    if (!rc)
        rc = service_codes(ctx, &ev.codes, &ev.ncodes);
    kp_param p_needs[] = {KP_PTEXT(ev.d), KP_PTEXT(ev.ms.origins)};
    kp_param p_prov[] = {KP_PTEXT(ev.d), KP_PTEXT(start), KP_PTEXT(ev.ms.origins)};
    kp_param p_reg[] = {KP_PTEXT(region), KP_PTEXT(ev.d)};
    if (!rc)
        rc = fold_context(ctx, &ev.ms, at, &context);
    if (!rc)
        rc = fold(ctx, &ev.ms, NEEDS_SQL, p_needs, 2, &needs, tg_item_row);
    if (!rc)
        rc = fold(ctx, &ev.ms, PROVIDED_SQL, p_prov, 3, &provided, tg_item_row);
    if (!rc)
        rc = fold(ctx, &ev.ms, COMPENSATION_SQL, p_reg, 2, &comp, year_row);
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
            for (size_t i = 0; i < ev.ncodes; i++)
                total += acc_sum(&provided, rd[g].target_group, ev.codes[i], 0);
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
    free(ev.codes);
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
