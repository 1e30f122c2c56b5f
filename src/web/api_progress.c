/* JSON API of progress at a glance (GET /api/v1/progress) and of cost after
 * EU funding (GET /api/v1/cost): the same service calls as the start page
 * and /cost (service/figures/progress.h, cost.h), the same scope. */
#include "web/pages.h"
#include "web/progress_panel.h"
#include "service/access.h"
#include "service/figures/cost.h"
#include "service/figures/progress.h"
#include "service/validate.h"
#include <jansson.h>
#include <string.h>

/* The date, region and municipality a request is about, the same for
 * progress and cost: 0, or the status of the refusal already answered
 * (400 for a date that is not one, 404 for an unknown municipality). */
static int scope(kp_req *r, kp_date *at, char iso[11], char region[8], int64_t *muni)
{
    if (!kp_progress_date(r, at, iso))
        return kp_error(r, 400);
    *muni = kp_progress_municipality(r);
    if (*muni < 0)
        return kp_error(r, 404);
    kp_progress_region(r, region);
    return 0;
}

static json_t *date_json(kp_date d)
{
    if (d == KP_DATE_NONE)
        return json_null();
    char iso[11];
    kp_date_format_iso(d, iso);
    return json_string(iso);
}

static json_t *muni_json(kp_req *r, int64_t id, const char *name)
{
    if (!id)
        return json_null();
    char atvk[16] = "";
    kp_municipality_atvk(&r->ctx, id, atvk, sizeof atvk);
    json_t *m = json_object();
    json_object_set_new(m, "atvk", json_string(atvk));
    json_object_set_new(m, "name", json_string(name));
    return m;
}

/* A count, or null when suppressed (its flag says "c"). */
static json_t *nullable(int64_t v, bool hidden)
{
    return hidden ? json_null() : json_integer(v);
}

int api_progress(kp_req *r)
{
    kp_date at;
    char iso[11], region[8];
    int64_t muni = 0;
    int refused = scope(r, &at, iso, region, &muni);
    if (refused)
        return refused;
    kp_progress p;
    kp_rc rc = kp_progress_compute(&r->ctx, region, muni, at, &p);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, p.region, &rule);
    if (open > 0)
        rc = kp_progress_suppress(&rule, &p);
    if (open < 0 || rc) {
        kp_progress_free(&p);
        return kp_error(r, 500);
    }
    json_t *items = json_array();
    for (size_t i = 0; i < p.n; i++) {
        const kp_progress_item *it = &p.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(it->id));
        json_object_set_new(o, "key", json_string(it->key));
        json_object_set_new(o, "kind", json_string(it->kind));
        json_object_set_new(o, "source", json_string(it->source));
        json_object_set_new(o, "name", json_string(it->name));
        json_object_set_new(o, "value", it->found && !it->value_c ? json_integer(it->value) : json_null());
        json_object_set_new(o, "flag", it->value_c ? json_string(KP_OPEN_MARK) : json_null());
        json_object_set_new(o, "value_year", it->found ? json_integer(it->value_year) : json_null());
        json_object_set_new(o, "baseline", it->has_baseline ? json_integer(it->baseline) : json_null());
        json_object_set_new(o, "baseline_year", it->baseline_year ? json_integer(it->baseline_year) : json_null());
        json_object_set_new(o, "target", json_integer(it->target));
        json_object_set_new(o, "target_year", it->target_year ? json_integer(it->target_year) : json_null());
        json_object_set_new(o, "line_start", it->has_line ? date_json(it->line_start) : json_null());
        json_object_set_new(o, "line_end", it->has_line ? date_json(it->line_end) : json_null());
        json_object_set_new(o, "target_line", it->has_line ? json_integer(it->expected) : json_null());
        const char *st = kp_progress_status_code(it->status);
        json_object_set_new(o, "status", st[0] ? json_string(st) : json_null());
        json_t *trend = json_array();
        for (size_t k = 0; k < it->ntrend; k++) {
            json_t *x = json_object();
            json_object_set_new(x, "date", date_json(it->trend[k].on));
            json_object_set_new(x, "year", json_integer(it->trend[k].year));
            bool c = it->trend[k].c;
            json_object_set_new(x, "value", it->trend[k].found && !c ? json_integer(it->trend[k].value) : json_null());
            json_object_set_new(x, "flag", c ? json_string(KP_OPEN_MARK) : json_null());
            json_array_append_new(trend, x);
        }
        json_object_set_new(o, "trend", trend);
        json_array_append_new(items, o);
    }
    json_t *body = json_object();
    json_object_set_new(body, "date", json_string(iso));
    json_object_set_new(body, "region", json_string(p.region));
    json_object_set_new(body, "municipality", muni_json(r, p.municipality, p.municipality_name));
    json_object_set_new(body, "indicators", items);
    json_object_set_new(body, "disclosure", kp_open_json(p.suppressed ? &p.rule : NULL, p.nsuppressed));
    kp_progress_free(&p);
    return kp_json(r, 200, body);
}

int api_cost(kp_req *r)
{
    kp_date at;
    char iso[11], region[8];
    int64_t muni = 0;
    int refused = scope(r, &at, iso, region, &muni);
    if (refused)
        return refused;
    kp_cost c;
    kp_rc rc = kp_cost_compute(&r->ctx, region, muni, at, KP_COST_YEARS_AFTER, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_disclosure_rule rule;
    int open = kp_open_rule(r, c.region, &rule);
    if (open > 0)
        rc = kp_cost_suppress_in_region(&r->ctx, &rule, &c);
    if (open < 0 || rc) {
        kp_cost_free(&c);
        return kp_error(r, 500);
    }
    json_t *rows = json_array();
    char atvk[16] = "";
    int64_t atvk_of = 0; /* rows come municipality by municipality: one look-up each */
    for (size_t i = 0; i < c.n; i++) {
        const kp_cost_row *x = &c.rows[i];
        json_t *o = json_object();
        if (i == 0 || x->municipality != atvk_of) {
            atvk[0] = '\0';
            kp_municipality_atvk(&r->ctx, x->municipality, atvk, sizeof atvk);
            atvk_of = x->municipality;
        }
        json_object_set_new(o, "municipality_atvk", json_string(atvk));
        json_object_set_new(o, "municipality", json_string(x->municipality_name));
        json_object_set_new(o, "service", json_string(x->service));
        json_object_set_new(o, "service_name", json_string(x->service_name));
        json_object_set_new(o, "year", json_integer(x->year));
        json_object_set_new(o, "projected", json_boolean(x->projected));
        json_object_set_new(o, "persons", nullable(x->persons, x->persons_c));
        json_object_set_new(o, "units", nullable(x->units, x->units_c));
        json_object_set_new(o, "cost_cents", nullable(x->cost, x->cost_c));
        if (x->projected) {
            json_object_set_new(o, "unmet_added", nullable(x->unmet_added, x->unmet_added_c));
            json_object_set_new(o, "unit_cost_cents", json_integer(x->unit_cost));
        }
        json_t *flags = json_object();
        static const char *const names[] = {"persons", "units", "cost_cents", "unmet_added"};
        const bool hidden[] = {x->persons_c, x->units_c, x->cost_c, x->unmet_added_c};
        for (size_t k = 0; k < 4; k++)
            if (hidden[k])
                json_object_set_new(flags, names[k], json_string(KP_OPEN_MARK));
        json_object_set_new(o, "flags", flags);
        json_array_append_new(rows, o);
    }
    json_t *totals = json_array();
    for (int y = c.first_year; y <= c.last_year; y++) {
        if (y > kp_date_year(c.at) && y <= c.end_year)
            continue; /* project years after the date: nothing recorded yet */
        int64_t persons = 0, units = 0;
        kp_cents cost = 0;
        kp_cost_year_total(&c, y, &persons, &units, &cost);
        json_t *o = json_object();
        json_object_set_new(o, "year", json_integer(y));
        json_object_set_new(o, "projected", json_boolean(y > c.end_year));
        size_t k = (size_t)(y - c.first_year);
        bool pc = c.suppressed && c.year_persons_c[k], uc = c.suppressed && c.year_units_c[k];
        json_object_set_new(o, "persons", nullable(persons, pc));
        json_object_set_new(o, "units", nullable(units, uc));
        json_object_set_new(o, "cost_cents", nullable(cost, uc));
        json_t *flags = json_object();
        if (pc)
            json_object_set_new(flags, "persons", json_string(KP_OPEN_MARK));
        if (uc) {
            json_object_set_new(flags, "units", json_string(KP_OPEN_MARK));
            json_object_set_new(flags, "cost_cents", json_string(KP_OPEN_MARK));
        }
        json_object_set_new(o, "flags", flags);
        json_array_append_new(totals, o);
    }
    json_t *body = json_object();
    json_object_set_new(body, "date", json_string(iso));
    json_object_set_new(body, "region", json_string(c.region));
    json_object_set_new(body, "municipality", muni_json(r, c.municipality, c.municipality_name));
    json_object_set_new(body, "first_year", json_integer(c.first_year));
    json_object_set_new(body, "base_year", json_integer(c.base_year));
    json_object_set_new(body, "project_end_year", json_integer(c.end_year));
    json_object_set_new(body, "last_year", json_integer(c.last_year));
    json_object_set_new(body, "rows", rows);
    json_object_set_new(body, "totals", totals);
    json_object_set_new(body, "disclosure", kp_open_json(c.suppressed ? &c.rule : NULL, c.nsuppressed));
    kp_cost_free(&c);
    return kp_json(r, 200, body);
}
