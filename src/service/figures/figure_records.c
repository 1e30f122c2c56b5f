/* The records behind a figure (see figure_records.h). Each list is the
 * figure's own query (catalogue.h, figure_sql.h) selecting rows instead of
 * counting them, folded into the territory that holds each record on the
 * date as figures.c folds them. */
#include "service/figures/figure_records.h"
#include "service/figures/trends.h"
#include "service/figures/figures.h"
#include "service/figures/figure_sql.h"
#include "service/figures/figures_sql.h"
#include "service/figures/service_availability.h"
#include "service/figures/eval_details.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/territory.h"
#include "service/programme/diplan.h"
#include "service/programme/corrections.h"
#include "service/programme/need_places.h"
#include "core/buf.h"
#include "core/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_figure_records_free(kp_figure_records *r)
{
    if (!r)
        return;
    free(r->items);
    memset(r, 0, sizeof *r);
}

void kp_figure_ref_format(const kp_figure *f, char out[KP_FIGURE_REF_MAX])
{
    if (!out)
        return;
    out[0] = '\0';
    if (!f)
        return;
    snprintf(out, KP_FIGURE_REF_MAX, "%s.%s.%s.%s.%d", f->section, f->target_group, f->item, f->measure, f->period);
}

/* Copies the next dot-separated part of *s (letters, digits, '_') into
 * out; false when it is too long or holds another character. */
static bool ref_part(const char **s, char *out, size_t cap, bool last)
{
    size_t n = 0;
    const char *p = *s;
    for (; *p && *p != '.'; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') || n + 1 >= cap)
            return false;
        out[n++] = c;
    }
    out[n] = '\0';
    if (last ? *p != '\0' : *p != '.')
        return false;
    *s = last ? p : p + 1;
    return true;
}

kp_rc kp_figure_ref_parse(const char *s, kp_figure_ref *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!s)
        return KP_EINVAL;
    char period[8];
    if (!ref_part(&s, out->section, sizeof out->section, false) ||
        !ref_part(&s, out->target_group, sizeof out->target_group, false) ||
        !ref_part(&s, out->item, sizeof out->item, false) || !ref_part(&s, out->measure, sizeof out->measure, false) ||
        !ref_part(&s, period, sizeof period, true) || !period[0] || !out->section[0] || !out->item[0])
        goto bad;
    for (const char *p = period; *p; p++)
        if (*p < '0' || *p > '9')
            goto bad;
    out->period = (int)strtol(period, NULL, 10);
    if (out->period != 0 && (out->period < 1900 || out->period > 2200))
        goto bad;
    if (!kp_catalogue_find(out->section, out->item, out->measure))
        goto bad;
    return KP_OK;
bad:
    memset(out, 0, sizeof *out);
    return KP_EINVAL;
}

/* ---- building the list --------------------------------------------------- */

typedef struct lister {
    kp_ctx *ctx;
    const char *region;
    kp_date at;
    char d[11];
    const kp_figure_ref *ref;
    int64_t muni;             /* 0 = the whole region */
    kp_territories t;
    char *origins;            /* JSON array of the region's record origins at `d` */
    bool may_name;            /* the caller's role sees names of its own municipality's clients */
    char refkey[KP_FIGURE_REF_MAX];
    kp_figure_records *out;
} lister;

static kp_figure_record *push(lister *l, const char *kind)
{
    kp_figure_records *r = l->out;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->items = kp_xrealloc(r->items, r->cap * sizeof *r->items);
    }
    kp_figure_record *x = &r->items[r->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    return x;
}

int64_t kp_figures_holder(const kp_territories *t, int64_t origin, const char *d, const char *region)
{
    int64_t h = 0;
    if (origin >= 0) {
        h = kp_territories_holder(t, origin, 0, d);
    } else {
        for (size_t i = 0; i < t->np; i++)
            if (t->p[i].id == -origin)
                h = kp_territories_holder(t, t->p[i].municipality, t->p[i].id, d);
    }
    if (h && strcmp(kp_territories_region(t, h, d), region) != 0)
        h = 0;
    return h;
}

/* The territory that holds records made under `origin` on the date, if it
 * is in the region then; 0 otherwise (load_munis of figures.c). */
static int64_t holder_of(const lister *l, int64_t origin)
{
    return kp_figures_holder(&l->t, origin, l->d, l->region);
}

/* The record origins held by the territory asked for (l->muni) on `d`, as
 * kp_territories_origins_json writes a region's. */
static kp_rc muni_origins_json(const lister *l, const char *d, kp_buf *out)
{
    kp_rc rc = kp_buf_putc(out, '[');
    bool first = true;
    for (size_t i = 0; i < l->t.n && !rc; i++)
        if (kp_figures_holder(&l->t, l->t.t[i].id, d, l->region) == l->muni) {
            rc = kp_buf_printf(out, "%s%lld", first ? "" : ",", (long long)l->t.t[i].id);
            first = false;
        }
    for (size_t i = 0; i < l->t.np && !rc; i++)
        if (kp_figures_holder(&l->t, -l->t.p[i].id, d, l->region) == l->muni) {
            rc = kp_buf_printf(out, "%s%lld", first ? "" : ",", -(long long)l->t.p[i].id);
            first = false;
        }
    if (!rc)
        rc = kp_buf_putc(out, ']');
    return rc;
}

/* Is the holder one the caller asked for? Sets the row's territory. */
static bool wanted(const lister *l, int64_t holder, kp_figure_record *x)
{
    if (!holder || (l->muni && holder != l->muni))
        return false;
    x->municipality_id = holder;
    const kp_terr *t = kp_territories_find(&l->t, holder);
    snprintf(x->municipality, sizeof x->municipality, "%s", t ? t->name : "");
    return true;
}

/* A person of the list: named (and the read audited) when the caller may
 * see the client, else the keyed pseudonym of the person under the figure. */
static kp_rc person(lister *l, int64_t client_id, const char *given, const char *family, kp_figure_record *x)
{
    unsigned char h[8];
    char msg[64 + KP_FIGURE_REF_MAX];
    int n = snprintf(msg, sizeof msg, "kopa-figure-records|%s|%lld", l->refkey, (long long)client_id);
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, (size_t)n, l->ctx->keys->hash_key,
                       sizeof l->ctx->keys->hash_key);
    sodium_bin2hex(x->pseudonym, sizeof x->pseudonym, h, sizeof h);
    x->amount = 1;
    if (!l->may_name || kp_access_client(l->ctx, client_id, false) != KP_OK)
        return KP_OK;
    x->named = true;
    x->client_id = client_id;
    snprintf(x->name, sizeof x->name, "%s %s", given, family);
    return kp_audit_access(l->ctx, "figure_records", "client", client_id, client_id, l->refkey);
}

/* A row of a person list (kp_q_figures_person): listed when its holder is
 * one asked for. */
static kp_rc person_row(void *row, void *arg)
{
    const kp_q_figures_person *r = row;
    lister *l = arg;
    kp_figure_record x = {.kind = "person"};
    if (!wanted(l, holder_of(l, r->origin), &x))
        return KP_OK;
    snprintf(x.detail, sizeof x.detail, "%s", r->detail);
    kp_rc rc = person(l, r->id, r->given, r->family, &x);
    *push(l, "person") = x;
    return rc;
}

static void adult_cutoff(kp_date at, char out[11])
{
    kp_figures_years_before(at, 18, out);
}

/* The context's people meeting a catalogue condition at the date. */
static kp_rc context_people(lister *l, const char *condition, const char *origins, kp_date at)
{
    char d[11], adult[11], senior[11];
    kp_date_format_iso(at, d);
    adult_cutoff(at, adult);
    kp_figures_years_before(at, 65, senior);
    return kp_q_figures_context_people_each(l->ctx->db, condition, d, adult, origins, senior, person_row, l);
}

static kp_rc project_start(lister *l, char out[11])
{
    return kp_region_project_start(l->ctx, l->region, out);
}

static kp_rc payment_row(void *row, void *arg)
{
    const kp_q_figures_payment *r = row;
    lister *l = arg;
    kp_figure_record x = {.kind = "payment"};
    if (l->ref->period && strtol(r->from, NULL, 10) != l->ref->period)
        return KP_OK;
    if (!wanted(l, holder_of(l, r->origin), &x))
        return KP_OK;
    x.record_id = r->id;
    snprintf(x.detail, sizeof x.detail, "%s–%s", r->from, r->to);
    x.amount = r->cents;
    *push(l, "payment") = x;
    return KP_OK;
}

static kp_rc payments(lister *l)
{
    return kp_q_figures_payments_each(l->ctx->db, l->region, l->d, payment_row, l);
}

static kp_rc plan_records(lister *l, const kp_figure_def *def)
{
    kp_diplan plan = {0};
    kp_rc rc = kp_diplan_at(l->ctx, l->region, l->at, 0, &plan);
    if (!rc && def->records == KP_REC_AMENDMENTS) {
        for (size_t i = 0; i < plan.namendments && !l->muni; i++) {
            kp_figure_record *x = push(l, "amendment");
            x->record_id = plan.amendments[i].id;
            snprintf(x->name, sizeof x->name, "%d", plan.amendments[i].number);
            snprintf(x->detail, sizeof x->detail, "%s", plan.amendments[i].approved_on);
            x->amount = 1;
        }
    }
    for (size_t i = 0; !rc && def->records == KP_REC_OBJECTS && i < plan.n; i++) {
        const kp_diplan_object *o = &plan.objects[i];
        kp_figure_record x = {.kind = "object"};
        bool erdf = !strcmp(def->section, "erdf_funding");
        bool opened = !strcmp(def->section, "erdf_centres");
        if (opened && strcmp(o->status, "registered") && strcmp(o->status, "operating"))
            continue;
        if (!erdf && !opened && (strcmp(o->target_group, l->ref->target_group) || strcmp(o->service, l->ref->item)))
            continue;
        if (!strcmp(def->measure, "places") && o->counted_places < 0)
            continue;
        int64_t h = holder_of(l, o->municipality_id);
        /* Infrastructure counts the region's plan; ERDF money by territory. */
        if (erdf || opened || l->muni) {
            if (!wanted(l, h, &x))
                continue;
        } else if (h) {
            wanted(l, h, &x);
        }
        x.record_id = o->id;
        snprintf(x.name, sizeof x.name, "%s", o->name);
        snprintf(x.detail, sizeof x.detail, "%s", o->status);
        x.amount = erdf ? o->counted_erdf : !strcmp(def->measure, "places") ? o->counted_places : 1;
        *push(l, "object") = x;
    }
    kp_diplan_free(&plan);
    return rc;
}

typedef struct money_list {
    lister *l;
    const char *kind;
} money_list;

static kp_rc money_row(void *row, void *arg)
{
    const kp_q_figures_money_row *r = row;
    money_list *m = arg;
    kp_figure_record *x = push(m->l, m->kind);
    x->record_id = r->id;
    snprintf(x->name, sizeof x->name, "%s", r->name);
    /* A project's name runs to 200 bytes: the detail keeps what fits, as
     * it always did. */
    size_t n = strnlen(r->detail, sizeof x->detail - 1);
    memcpy(x->detail, r->detail, n);
    x->detail[n] = '\0';
    x->amount = r->cents;
    return KP_OK;
}

static kp_rc project_records(lister *l, const kp_figure_def *def)
{
    if (l->muni)
        return KP_OK;
    kp_q_figures_money_of what = def->records == KP_REC_REQUESTS ? KP_Q_MONEY_REQUESTS
                                 : !strcmp(def->item, "esf")     ? KP_Q_MONEY_ESF
                                 : !strcmp(def->item, "state")   ? KP_Q_MONEY_STATE
                                                                 : KP_Q_MONEY_BUDGET;
    money_list m = {l, what == KP_Q_MONEY_REQUESTS ? "request" : "project"};
    return kp_q_figures_money_each(l->ctx->db, what, l->region, l->d, money_row, &m);
}

/* Which context column an "assessed" computation counts (figures.c). */
static const char *assessed_condition(const char *computation)
{
    static const char *const map[][2] = {
        {"grt_assessed", "grt_assessed_total"}, {"ft_assessed", "ft_assessed"}, {"bsac_assessed", "bsac_children_assessed"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], computation)) {
            const kp_figure_def *d = kp_catalogue_find("context", map[i][1], "persons");
            if (!d)
                d = kp_catalogue_find("output_indicators_detail", map[i][1], "persons");
            return d ? d->condition : NULL;
        }
    return NULL;
}

/* A computed indicator's records at a date: its COUNT(DISTINCT e) turned
 * into a list of e (persons, facilities or providers). */
typedef struct computed_list {
    lister *l;
    const char *kind; /* person, provider or facility */
    const char *d;
} computed_list;

static kp_rc computed_row(void *row, void *arg)
{
    const kp_q_figures_id *r = row;
    computed_list *c = arg;
    lister *l = c->l;
    kp_figure_record *x = push(l, c->kind);
    int64_t id = r->id;
    if (l->muni) {
        /* The query ran over this territory's origins only. */
        x->municipality_id = l->muni;
        const kp_terr *t = kp_territories_find(&l->t, l->muni);
        snprintf(x->municipality, sizeof x->municipality, "%s", t ? t->name : "");
    }
    if (strcmp(c->kind, "person") != 0) {
        x->record_id = id;
        x->amount = 1;
        return KP_OK;
    }
    if (!l->may_name) /* Region-wide or a region's reader: nobody is named. */
        return person(l, id, "", "", x);
    /* A municipality's own user: the person by name (person() checks the
     * client and records the read). */
    char given[152] = "", family[152] = "";
    kp_rc rc = kp_q_figures_client_names(l->ctx->db, id, c->d, given, family);
    if (!rc)
        rc = person(l, id, given, family, x);
    return rc;
}

static kp_rc computed_records(lister *l, const char *computation, kp_date at)
{
    char d[11], jan1[11], start[11];
    kp_date_format_iso(at, d);
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_territories_origins_json(&l->t, l->region, d, &origins);
    const char *cond = assessed_condition(computation);
    /* One territory: the computation's own query over its origins only,
     * as kp_indicator_values_at counts a municipality. */
    if (!rc && !cond && l->muni) {
        kp_buf_reset(&origins);
        rc = muni_origins_json(l, d, &origins);
    }
    if (!rc && cond) {
        rc = context_people(l, cond, kp_buf_str(&origins), at);
        kp_buf_free(&origins);
        return rc;
    }
    const char *kind = kp_q_figures_computed_kind(computation);
    if (rc || !kind) {
        kp_buf_free(&origins);
        return rc ? rc : KP_EINVAL;
    }
    snprintf(jan1, sizeof jan1, "%.4s-01-01", d);
    rc = project_start(l, start);
    computed_list c = {l, kind, d};
    if (!rc)
        rc = kp_q_figures_computed_each(l->ctx->db, computation, l->region, d, jan1, start, kp_buf_str(&origins),
                                        computed_row, &c);
    kp_buf_free(&origins);
    return rc;
}

static kp_rc indicator_records(lister *l, const kp_figure_def *def)
{
    kp_q_figures_indicator ind;
    bool row = false;
    kp_rc rc = kp_q_figures_indicator_by_key(l->ctx->db, l->region, l->ref->item, &ind, &row);
    if (rc || !row)
        return rc;
    int64_t id = ind.id, baseline = ind.baseline, target = ind.target;
    const char *source = ind.source, *computation = ind.computation;
    /* A territory has computed values only: the baseline, the target and
     * entered values are the region's (kp_indicator_values_at). */
    if (l->muni && (strcmp(def->measure, "achieved") != 0 || strcmp(source, "computed") != 0))
        return KP_OK;
    if (strcmp(def->measure, "achieved") != 0) {
        kp_figure_record *x = push(l, "value");
        x->record_id = id;
        snprintf(x->name, sizeof x->name, "%s", l->ref->item);
        snprintf(x->detail, sizeof x->detail, "%s", def->measure);
        x->amount = !strcmp(def->measure, "baseline") ? baseline : target;
        return KP_OK;
    }
    if (!strcmp(source, "entered")) {
        /* The value of the figure's year as it stood on the date; without
         * a year, that of the last year ended by the date (figures.c). */
        int year = l->ref->period ? l->ref->period : kp_last_ended_year(l->at);
        bool found = false;
        int64_t value_id = 0, value = 0;
        int value_year = 0;
        rc = kp_indicator_entered_at(l->ctx, id, year, l->at, &found, &value_id, &value_year, &value);
        if (!rc && found) {
            kp_figure_record *x = push(l, "value");
            x->record_id = value_id;
            snprintf(x->name, sizeof x->name, "%s", l->ref->item);
            snprintf(x->detail, sizeof x->detail, "%d", value_year);
            x->amount = value;
        }
        return rc;
    }
    /* A computed value: at the date, or for the indicator table's earlier
     * column at the date two years before (figures.c). */
    kp_date at = l->at;
    int y, m, d;
    kp_date_to_ymd(l->at, &y, &m, &d);
    if (l->ref->period && l->ref->period != y) {
        if (m == 2 && d == 29)
            d = 28;
        at = kp_date_from_ymd(y - 2, m, d);
    }
    return computed_records(l, computation, at);
}

static kp_rc outside_row(void *row, void *arg)
{
    const kp_q_figures_facility *r = row;
    lister *l = arg;
    kp_figure_record x = {.kind = "facility"};
    if (strcmp(r->tg, l->ref->target_group) || strcmp(r->family, l->ref->item))
        return KP_OK;
    if (!wanted(l, holder_of(l, r->origin), &x))
        return KP_OK;
    x.record_id = r->id;
    snprintf(x.name, sizeof x.name, "%s", r->name);
    snprintf(x.detail, sizeof x.detail, "%s", r->family);
    x.amount = 1;
    *push(l, "facility") = x;
    return KP_OK;
}

/* The facilities behind "services created outside the DI plan". */
static kp_rc outside_plan(lister *l)
{
    char start[11];
    kp_rc rc = project_start(l, start);
    if (!rc)
        rc = kp_q_figures_outside_plan_each(l->ctx->db, l->d, start, l->region, l->origins, outside_row, l);
    return rc;
}

/* A trend count's people (trends.h): the context figure the entry names,
 * at the end of the figure's year, in the territories the region had
 * then (the holders of that day, so l->d moves to it for the list). */
static kp_rc trend_people(lister *l, const kp_figure_def *def)
{
    const kp_figure_def *c = def->column ? kp_catalogue_find("context", def->column, "persons") : NULL;
    if (!c || !c->condition || strcmp(def->measure, "persons") != 0 || l->ref->period < 1990 ||
        l->ref->period > kp_date_year(l->at))
        return KP_EINVAL;
    kp_date at = kp_trend_date(l->ref->period, l->at);
    char saved[11];
    memcpy(saved, l->d, sizeof saved);
    kp_date_format_iso(at, l->d);
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_territories_origins_json(&l->t, l->region, l->d, &origins);
    if (!rc)
        rc = context_people(l, c->condition, kp_buf_str(&origins), at);
    kp_buf_free(&origins);
    memcpy(l->d, saved, sizeof saved);
    return rc;
}

/* The facilities behind figures 4-6: those offering the figure's family
 * (item "all": any, each facility once) on the date of the figure's
 * period (the evaluation's date or two years before,
 * service_availability.h). For the number of kinds, each facility and
 * family is a row and the first facility of a family adds 1; for the
 * change (period 0), the facilities of the later date add 1 and those of
 * the earlier one −1. */
typedef struct avail_list {
    lister *l;
    bool kinds;
    int64_t sign;       /* what a row adds: 1, or −1 for the earlier date of a change */
    int year;           /* the date's year, in the row's detail */
    int64_t last;       /* the last facility listed on this date (item "all") */
    char seen[32][32];  /* families counted (kinds) */
    size_t nseen;
} avail_list;

static void avail_row(void *arg, int64_t holder, int64_t facility, const char *name, const char *family)
{
    avail_list *a = arg;
    lister *l = a->l;
    bool all = !strcmp(l->ref->item, "all");
    if (!a->kinds && !all && strcmp(l->ref->item, family))
        return;
    if (!holder || (l->muni && holder != l->muni))
        return;
    if (!a->kinds && all && a->last == facility)
        return; /* one row per facility */
    a->last = facility;
    kp_figure_record *x = push(l, "facility");
    x->record_id = facility;
    x->municipality_id = holder;
    const kp_terr *t = kp_territories_find(&l->t, holder);
    snprintf(x->municipality, sizeof x->municipality, "%s", t ? t->name : "");
    snprintf(x->name, sizeof x->name, "%s", name);
    snprintf(x->detail, sizeof x->detail, "%s %d", family, a->year);
    x->amount = a->sign;
    if (a->kinds) {
        for (size_t i = 0; i < a->nseen && x->amount; i++)
            if (!strcmp(a->seen[i], family))
                x->amount = 0;
        if (x->amount && a->nseen < 32)
            snprintf(a->seen[a->nseen++], sizeof a->seen[0], "%s", family);
    }
}

static kp_rc availability(lister *l)
{
    kp_date dates[2];
    kp_rc rc = kp_availability_dates(l->at, dates);
    if (rc)
        return rc;
    int years[2], m, d;
    kp_date_to_ymd(dates[0], &years[0], &m, &d);
    kp_date_to_ymd(dates[1], &years[1], &m, &d);
    bool change = !strcmp(l->ref->measure, "change");
    if (change ? l->ref->period != 0 : l->ref->period != years[0] && l->ref->period != years[1])
        return KP_EINVAL;
    for (int k = 1; k >= 0 && !rc; k--) {
        if (!change && l->ref->period != years[k])
            continue;
        avail_list a = {.l = l, .kinds = !strcmp(l->ref->measure, "kinds"), .sign = change && k == 0 ? -1 : 1,
                        .year = years[k]};
        rc = kp_availability_each(l->ctx, &l->t, l->region, dates[k], avail_row, &a);
    }
    return rc;
}

static kp_rc list_region(lister *l, const kp_figure_def *def)
{
    const kp_figure_ref *r = l->ref;
    switch (def->query) {
    case KP_Q_CONTEXT: {
        const char *cond = def->condition;
        if (!cond && def->column) {
            const kp_figure_def *c = kp_catalogue_find("context", def->column, "persons");
            cond = c ? c->condition : NULL;
        }
        return cond ? context_people(l, cond, l->origins, l->at) : KP_EINVAL;
    }
    case KP_Q_NEEDS: {
        return kp_q_figures_needs_people_each(l->ctx->db, l->d, l->origins, r->target_group, r->item, person_row, l);
    }
    case KP_Q_PROVIDED: {
        char start[11];
        kp_rc rc = project_start(l, start);
        const char *service = !strcmp(def->section, "recipients") ? "" : r->item;
        const char *tg = !strcmp(def->target_group, "*") ? r->target_group : def->target_group;
        return rc ? rc
                  : kp_q_figures_provided_people_each(l->ctx->db, l->d, start, l->origins, tg, service, person_row, l);
    }
    case KP_Q_DISABILITY:
        return context_people(l, def->condition, l->origins, l->at);
    case KP_Q_FACILITIES:
        return outside_plan(l);
    case KP_Q_AVAILABILITY:
        return availability(l);
    case KP_Q_COMPENSATION:
        return payments(l);
    case KP_Q_DIPLAN:
        return plan_records(l, def);
    case KP_Q_PROJECT:
        return project_records(l, def);
    case KP_Q_INDICATORS:
        return indicator_records(l, def);
    case KP_Q_TRENDS:
        return trend_people(l, def);
    case KP_Q_NEED_PLACES: {
        return kp_q_figures_need_places_people_each(l->ctx->db, l->d, l->origins, r->item, def->measure, person_row,
                                                    l);
    }
    case KP_Q_COST: {
        /* cost.c: deliveries from the project's start up to the date or
         * its end, whichever is first. */
        char start[11] = "", end[11] = "";
        kp_rc rc = kp_region_project_period(l->ctx, l->region, start, end);
        const char *until = end[0] && strcmp(end, l->d) < 0 ? end : l->d;
        return rc ? rc
                  : kp_q_figures_cost_people_each(l->ctx->db, l->d, l->origins, start[0] ? start : l->d, until, r->item,
                                                  r->period, person_row, l);
    }
    default:
        return KP_EINVAL;
    }
}

/* May the caller drill into this region and territory? Municipal users:
 * their own territory only (and it must be in the region on the date). */
static kp_rc scope(lister *l)
{
    kp_ctx *ctx = l->ctx;
    if (ctx->role == KP_ROLE_SOCIAL_WORKER || ctx->role == KP_ROLE_MUNICIPAL_HEAD) {
        if (!l->muni || l->muni != ctx->municipality_id ||
            strcmp(kp_territories_region(&l->t, l->muni, l->d), l->region) != 0)
            return KP_ENOTFOUND;
        l->may_name = true;
        return KP_OK;
    }
    if (ctx->role == KP_ROLE_PROVIDER)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_region(ctx, l->region, false);
    return rc == KP_EDENIED ? KP_ENOTFOUND : rc;
}

static kp_rc list_one(kp_ctx *ctx, const char *region, kp_date at, const kp_figure_ref *ref, int64_t muni,
                      const kp_figure_def *def, kp_figure_records *out)
{
    kp_rc rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    lister l = {.ctx = ctx, .region = region, .at = at, .ref = ref, .muni = muni, .out = out};
    kp_date_format_iso(at, l.d);
    snprintf(l.refkey, sizeof l.refkey, "%s.%s.%s.%s", ref->section, ref->target_group, ref->item, ref->measure);
    rc = kp_territories_load(ctx, &l.t);
    if (rc)
        return rc;
    rc = scope(&l);
    kp_buf origins;
    kp_buf_init(&origins, KP_BUF_DEFAULT_MAX);
    if (!rc)
        rc = kp_territories_origins_json(&l.t, region, l.d, &origins);
    if (!rc) {
        l.origins = (char *)kp_buf_str(&origins);
        rc = list_region(&l, def);
    }
    kp_buf_free(&origins);
    kp_territories_free(&l.t);
    return rc;
}

kp_rc kp_figure_records_list(kp_ctx *ctx, const char *region, kp_date at, const kp_figure_ref *ref,
                             int64_t municipality_id, kp_figure_records *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !region || !ref || at == KP_DATE_NONE)
        return KP_EINVAL;
    const kp_figure_def *def = kp_catalogue_find(ref->section, ref->item, ref->measure);
    if (!def)
        return KP_EINVAL;
    if (!ctx->keys)
        return KP_ECRYPTO;
    out->def = def;
    out->kind = def->kind;
    kp_figure_ref num = *ref;
    const kp_figure_def *listed = def;
    if (def->fold == KP_FOLD_PERCENT || def->fold == KP_FOLD_PER_1000) {
        /* A share or a rate: its numerator's records. */
        out->derived = true;
        snprintf(num.section, sizeof num.section, "%s", def->num[0]);
        if (strcmp(def->num[1], "*"))
            snprintf(num.item, sizeof num.item, "%s", def->num[1]);
        snprintf(num.measure, sizeof num.measure, "%s", def->num[2]);
        listed = kp_catalogue_find(num.section, num.item, num.measure);
        if (!listed)
            return KP_EINVAL;
        out->kind = listed->kind;
    }
    kp_rc rc = KP_OK;
    if (!strcmp(region, KP_REGION_ALL)) {
        /* The country: every region's list, or one region's as a unit. */
        if (ctx->role == KP_ROLE_SOCIAL_WORKER || ctx->role == KP_ROLE_MUNICIPAL_HEAD ||
            ctx->role == KP_ROLE_PROVIDER || ctx->role == KP_ROLE_REGION)
            rc = KP_ENOTFOUND;
        kp_eval_list regions = {0};
        if (!rc)
            rc = kp_eval_regions(ctx, &regions);
        const kp_eval_name *r = regions.items;
        for (size_t k = 0; !rc && k < regions.n; k++)
            if (municipality_id == 0 || municipality_id == -(int64_t)(k + 1))
                rc = list_one(ctx, r[k].code, at, &num, 0, listed, out);
        if (!rc && municipality_id > 0)
            rc = KP_ENOTFOUND;
        kp_eval_list_free(&regions);
    } else {
        rc = list_one(ctx, region, at, &num, municipality_id, listed, out);
    }
    if (!rc) {
        char detail[64 + KP_FIGURE_REF_MAX + 16];
        char ref_s[KP_FIGURE_REF_MAX], d[11];
        kp_date_format_iso(at, d);
        snprintf(ref_s, sizeof ref_s, "%s.%s.%s.%s.%d", ref->section, ref->target_group, ref->item, ref->measure,
                 ref->period);
        snprintf(detail, sizeof detail, "%s %s %lld %s rows=%zu", region, ref_s, (long long)municipality_id, d, out->n);
        rc = kp_audit_access(ctx, "figure_records", "figure", 0, 0, detail);
    }
    for (size_t i = 0; !rc && i < out->n; i++)
        out->total += out->items[i].amount;
    if (rc)
        kp_figure_records_free(out);
    return rc;
}
