/* Progress at a glance (see progress.h): indicators at a date with their
 * trend and status against the target line. */
#include "service/figures/progress.h"
#include "service/access.h"
#include "service/figures/figures.h"
#include "service/figures/catalogue.h"
#include "service/figures/figures_sql.h"
#include "service/territory.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_progress_free(kp_progress *p)
{
    if (!p)
        return;
    free(p->items);
    memset(p, 0, sizeof *p);
}

const char *kp_progress_status_code(kp_progress_status s)
{
    switch (s) {
    case KP_PROGRESS_BEHIND:
        return "behind";
    case KP_PROGRESS_ON_TRACK:
        return "on_track";
    case KP_PROGRESS_REACHED:
        return "reached";
    case KP_PROGRESS_NONE:
        break;
    }
    return "";
}

kp_progress_status kp_progress_status_of(int64_t value, int64_t baseline, kp_date start, int64_t target,
                                         kp_date end, kp_date at, int64_t *expected)
{
    if (expected)
        *expected = 0;
    if (end <= start || start == KP_DATE_NONE || end == KP_DATE_NONE || at == KP_DATE_NONE)
        return KP_PROGRESS_NONE;
    int64_t span = (int64_t)end - start;
    int64_t done = at < start ? 0 : at > end ? span : (int64_t)at - start;
    /* line(at) = baseline + (target - baseline) × done / span; compared as
     * value × span against baseline × span + (target - baseline) × done. */
    int64_t line_x_span = baseline * span + (target - baseline) * done;
    if (expected) {
        int64_t half = span / 2;
        *expected = line_x_span >= 0 ? (line_x_span + half) / span : -((-line_x_span + half) / span);
    }
    bool fall = target < baseline;
    if (fall ? value <= target : value >= target)
        return KP_PROGRESS_REACHED;
    if (fall ? value * span <= line_x_span : value * span >= line_x_span)
        return KP_PROGRESS_ON_TRACK;
    return KP_PROGRESS_BEHIND;
}

kp_rc kp_figures_scope(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, char region_out[8],
                       int64_t *municipality_out)
{
    if (region_out)
        region_out[0] = '\0';
    if (municipality_out)
        *municipality_out = 0;
    if (!ctx || !region_out || !municipality_out || municipality < 0 || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_rc rc = KP_OK;
    const char *want = region ? region : "";
    /* A municipality is today's territory, its predecessors' records
     * included, at any date (the map of /check's scope). */
    kp_date today = kp_ctx_today(ctx);
    switch (ctx->role) {
    case KP_ROLE_MUNICIPAL_HEAD: {
        /* Their own municipality, whatever else is asked. */
        if (municipality) {
            rc = kp_access_municipality(ctx, municipality, false);
            if (rc)
                return rc;
        }
        int64_t own = 0;
        rc = kp_municipality_rollup(ctx, ctx->municipality_id, today, &own);
        if (!rc && !own)
            rc = KP_ENOTFOUND;
        if (rc)
            return rc;
        char r[8] = "";
        rc = kp_territory_region_at(ctx, own, today, r);
        if (rc)
            return rc;
        if (want[0] && strcmp(want, r) != 0)
            return KP_ENOTFOUND;
        snprintf(region_out, 8, "%s", r);
        *municipality_out = own;
        return KP_OK;
    }
    case KP_ROLE_REGION:
        if (!want[0])
            want = ctx->region;
        break;
    case KP_ROLE_MINISTRY:
    case KP_ROLE_ADMIN:
    case KP_ROLE_SYSTEM:
        if (!want[0])
            return KP_EINVAL;
        break;
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_PROVIDER:
        return KP_EDENIED;
    }
    rc = kp_region_known(ctx, want);
    if (rc)
        return rc;
    rc = kp_access_region(ctx, want, false);
    if (rc)
        return rc;
    if (municipality) {
        int64_t holder = 0;
        char r[8] = "";
        rc = kp_municipality_rollup(ctx, municipality, today, &holder);
        if (!rc && holder)
            rc = kp_territory_region_at(ctx, holder, today, r);
        if (rc == KP_ENOTFOUND || (!rc && (!holder || strcmp(r, want) != 0)))
            return KP_ENOTFOUND;
        if (rc)
            return rc;
        *municipality_out = holder;
    }
    snprintf(region_out, 8, "%s", want);
    return KP_OK;
}

/* 31 December of a year. */
static kp_date year_end(int y)
{
    return kp_date_from_ymd(y, 12, 31);
}

static kp_rc project_dates(kp_ctx *ctx, const char *region, kp_date *start, kp_date *end)
{
    char s[11] = "", e[11] = "";
    kp_rc rc = kp_region_project_period(ctx, region, s, e);
    *start = *end = KP_DATE_NONE;
    if (!rc && s[0])
        kp_date_parse_iso(s, start);
    if (!rc && e[0])
        kp_date_parse_iso(e, end);
    return rc;
}

static kp_rc load_items(kp_ctx *ctx, kp_progress *out)
{
    kp_q_figures_indicators list = {0};
    kp_rc rc = kp_q_figures_indicators_of(ctx->db, out->region, kp_ctx_is_en(ctx) ? "en" : "lv", &list);
    if (!rc && list.n)
        out->items = kp_xcalloc(list.n, sizeof *out->items);
    for (size_t i = 0; !rc && i < list.n; i++) {
        const kp_q_figures_indicator *ind = &list.items[i];
        kp_progress_item *it = &out->items[out->n++];
        it->id = ind->id;
        memcpy(it->key, ind->key, sizeof it->key);
        memcpy(it->kind, ind->kind, sizeof it->kind);
        memcpy(it->source, ind->source, sizeof it->source);
        memcpy(it->name, ind->name, sizeof it->name);
        it->has_baseline = ind->baseline >= 0;
        it->baseline = ind->baseline >= 0 ? ind->baseline : 0;
        it->baseline_year = ind->baseline_year;
        it->target = ind->target;
        it->target_year = ind->target_year;
    }
    free(list.items);
    return rc;
}

/* The trend's dates: the end of each year from the line's start year (the
 * baseline year, else the project's first year) that ended before `at`,
 * the latest KP_PROGRESS_TREND_MAX - 1 of them, then `at`. */
static void trend_dates(kp_progress_item *it, int first_year, kp_date at)
{
    int last = kp_date_year(at);
    if (year_end(last) >= at)
        last--;
    if (last - first_year + 1 > KP_PROGRESS_TREND_MAX - 1)
        first_year = last - (KP_PROGRESS_TREND_MAX - 1) + 1;
    for (int y = first_year; y <= last; y++)
        it->trend[it->ntrend++].on = year_end(y);
    it->trend[it->ntrend++].on = at;
}

kp_rc kp_progress_compute(kp_ctx *ctx, const char *region, int64_t municipality, kp_date at, kp_progress *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!ctx || !out || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_rc rc = kp_figures_scope(ctx, region, municipality, at, out->region, &out->municipality);
    if (rc)
        return rc;
    out->at = at;
    if (out->municipality)
        rc = kp_territory_name(ctx, out->municipality, out->municipality_name, sizeof out->municipality_name);
    kp_date pstart = KP_DATE_NONE, pend = KP_DATE_NONE;
    if (!rc)
        rc = project_dates(ctx, out->region, &pstart, &pend);
    if (!rc)
        rc = load_items(ctx, out);
    /* The dates asked: each indicator's trend dates; all indicators are
     * computed together at each date (territories and context once). */
    kp_date dates[64];
    size_t ndates = 0;
    for (size_t i = 0; i < out->n && !rc; i++) {
        kp_progress_item *it = &out->items[i];
        it->line_start = it->baseline_year ? year_end(it->baseline_year) : pstart;
        it->line_end = it->target_year ? year_end(it->target_year) : pend;
        int first = it->baseline_year ? it->baseline_year
                    : pstart != KP_DATE_NONE ? kp_date_year(pstart)
                                             : kp_date_year(at);
        trend_dates(it, first, at);
        for (size_t k = 0; k < it->ntrend; k++) {
            bool seen = false;
            for (size_t j = 0; j < ndates && !seen; j++)
                seen = dates[j] == it->trend[k].on;
            if (!seen && ndates < sizeof dates / sizeof dates[0])
                dates[ndates++] = it->trend[k].on;
        }
    }
    kp_indicator_at *vals = out->n ? kp_xcalloc(out->n, sizeof *vals) : NULL;
    for (size_t j = 0; j < ndates && !rc; j++) {
        /* Only the indicators whose trend has this date. */
        size_t nv = 0;
        for (size_t i = 0; i < out->n; i++)
            for (size_t k = 0; k < out->items[i].ntrend; k++)
                if (out->items[i].trend[k].on == dates[j])
                    vals[nv++].indicator_id = out->items[i].id;
        rc = kp_indicator_values_at(ctx, out->region, out->municipality,
                                    out->municipality ? kp_ctx_today(ctx) : at, dates[j], vals, nv);
        for (size_t i = 0, v = 0; !rc && i < out->n; i++)
            for (size_t k = 0; k < out->items[i].ntrend; k++)
                if (out->items[i].trend[k].on == dates[j]) {
                    kp_progress_point *pt = &out->items[i].trend[k];
                    pt->value = vals[v].value;
                    pt->year = vals[v].year;
                    pt->found = vals[v].found;
                    v++;
                }
    }
    free(vals);
    for (size_t i = 0; i < out->n && !rc; i++) {
        kp_progress_item *it = &out->items[i];
        const kp_progress_point *now = &it->trend[it->ntrend - 1];
        it->found = now->found;
        it->value = now->value;
        it->value_year = now->year;
        it->has_line = !out->municipality && it->line_start != KP_DATE_NONE && it->line_end != KP_DATE_NONE &&
                       it->line_end > it->line_start;
        if (it->has_line && it->found)
            it->status = kp_progress_status_of(it->value, it->baseline, it->line_start, it->target, it->line_end, at,
                                               &it->expected);
        else if (it->has_line)
            kp_progress_status_of(0, it->baseline, it->line_start, it->target, it->line_end, at, &it->expected);
    }
    if (rc)
        kp_progress_free(out);
    return rc;
}

kp_rc kp_progress_suppress(const kp_disclosure_rule *rule, kp_progress *p)
{
    if (!rule || !p || rule->threshold < 2 || rule->threshold > KP_DISCLOSURE_MAX_THRESHOLD)
        return KP_EINVAL;
    /* Cells: the value (k = 0) and the trend points (1 + k) of each item. */
    size_t per = 1 + KP_PROGRESS_TREND_MAX, ncells = p->n * per, hidden = 0;
    /* (ntrend cells of an item are used; the rest stay 0, never hidden) */
    kp_sdc_cell *cells = kp_xcalloc(ncells + 1, sizeof *cells);
    for (size_t i = 0; i < p->n; i++) {
        kp_progress_item *it = &p->items[i];
        it->persons = kp_catalogue_counts_persons(
            strcmp(it->kind, "di_plan") == 0 ? "indicator_table" : "output_indicators", "achieved");
        cells[i * per] = (kp_sdc_cell){.value = it->found ? it->value : 0, .persons = it->persons};
        for (size_t k = 0; k < it->ntrend && k < KP_PROGRESS_TREND_MAX; k++)
            cells[i * per + 1 + k] =
                (kp_sdc_cell){.value = it->trend[k].found ? it->trend[k].value : 0, .persons = it->persons};
    }
    kp_rc rc = kp_disclosure_suppress(rule, cells, ncells, NULL, 0, &hidden);
    if (!rc) {
        for (size_t i = 0; i < p->n; i++) {
            kp_progress_item *it = &p->items[i];
            it->value_c = cells[i * per].suppressed;
            for (size_t k = 0; k < it->ntrend && k < KP_PROGRESS_TREND_MAX; k++)
                it->trend[k].c = cells[i * per + 1 + k].suppressed;
        }
        p->suppressed = true;
        p->rule = *rule;
        p->nsuppressed = hidden;
    }
    free(cells);
    return rc;
}
