/* Read-only details for the progress evaluation (see eval_details.h). */
#include "service/casework/services.h"
#include "service/figures/eval_details.h"
#include "service/figures/figures.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/sql.h"
#include "service/territory.h"
#include "service/programme/diplan.h"
#include "service/programme/corrections.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_eval_list_free(kp_eval_list *l)
{
    if (!l)
        return;
    free(l->items);
    l->items = NULL;
    l->n = 0;
}

/* Grows a list of `size`-byte items by one zeroed item. */
static void *grow(kp_eval_list *l, size_t *cap, size_t size)
{
    if (l->n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        l->items = kp_xrealloc(l->items, *cap * size);
    }
    char *p = (char *)l->items + l->n++ * size;
    memset(p, 0, size);
    return p;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* Runs `sql` with params and calls fn for each row. */
static kp_rc each_row(kp_ctx *ctx, const char *sql, const kp_param *p, size_t n,
                      kp_rc (*fn)(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at), kp_eval_list *l,
                      kp_date at)
{
    kp_stmt *s = NULL;
    size_t cap = 0;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, n);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row)
        rc = fn(ctx, s, l, &cap, at);
    kp_stmt_free(s);
    if (rc)
        kp_eval_list_free(l);
    return rc;
}

static kp_rc start(kp_ctx *ctx, const char *region, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    if (!ctx || !region || !out)
        return KP_EINVAL;
    return kp_access_region(ctx, region, false);
}

static kp_rc project_row(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at)
{
    (void)ctx;
    (void)at;
    kp_eval_project *p = grow(l, cap, sizeof *p);
    copy(p->number, sizeof p->number, kp_stmt_text(s, 0));
    copy(p->name, sizeof p->name, kp_stmt_text(s, 1));
    copy(p->start, sizeof p->start, kp_stmt_text(s, 2));
    copy(p->end, sizeof p->end, kp_stmt_text(s, 3));
    p->budget = kp_stmt_int(s, 4);
    p->esf = kp_stmt_int(s, 5);
    p->state = kp_stmt_int(s, 6);
    return KP_OK;
}

kp_rc kp_eval_projects(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    return each_row(ctx,
                    "SELECT number, name, start_date, end_date, budget_cents, esf_cents, state_cents FROM project"
                    " WHERE region_code = ? AND start_date <= ? ORDER BY start_date, number",
                    p, 2, project_row, out, at);
}

/* grt first, then ft, then bsac (the report's order), by service, by id. */
static int cmp_eval_object(const void *a, const void *b)
{
    const kp_diplan_object *x = a, *y = b;
    int c = strcmp(y->target_group, x->target_group);
    if (c)
        return c;
    if (x->service_sort != y->service_sort)
        return x->service_sort < y->service_sort ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

kp_rc kp_eval_objects(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    /* The plan as it stood on the date (service/programme/diplan.h), with
     * what the figures count: a cancelled object without places or money. */
    kp_diplan plan;
    rc = kp_diplan_at(ctx, region, at, 0, &plan);
    if (rc)
        return rc;
    if (plan.n > 1)
        qsort(plan.objects, plan.n, sizeof *plan.objects, cmp_eval_object);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < plan.n; i++) {
        const kp_diplan_object *p = &plan.objects[i];
        kp_eval_object *o = grow(out, &cap, sizeof *o);
        o->id = p->id;
        rc = kp_municipality_rollup(ctx, p->municipality_id, at, &o->holder_id);
        copy(o->name, sizeof o->name, p->name);
        copy(o->target_group, sizeof o->target_group, p->target_group);
        copy(o->service, sizeof o->service, p->service);
        o->places = p->counted_places;
        o->erdf = p->counted_erdf;
        copy(o->status, sizeof o->status, p->status);
        copy(o->status_since, sizeof o->status_since, p->status_since);
    }
    kp_diplan_free(&plan);
    if (rc)
        kp_eval_list_free(out);
    return rc;
}

static kp_rc coop_row(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at)
{
    kp_eval_coop *c = grow(l, cap, sizeof *c);
    kp_rc rc = kp_municipality_rollup(ctx, kp_stmt_int(s, 0), at, &c->holder_id);
    int64_t partner = 0;
    if (!rc)
        rc = kp_municipality_rollup(ctx, kp_stmt_int(s, 1), at, &partner);
    if (!rc) {
        kp_param p[] = {KP_PINT(partner)};
        rc = kp_sql_text(ctx->db, "SELECT name_lv FROM municipality WHERE id = ?", p, 1, c->partner, sizeof c->partner);
    }
    copy(c->service, sizeof c->service, kp_stmt_text(s, 2));
    copy(c->target_group, sizeof c->target_group, kp_stmt_text(s, 3));
    copy(c->kind, sizeof c->kind, kp_stmt_text(s, 4));
    c->places = kp_stmt_is_null(s, 5) ? -1 : kp_stmt_int(s, 5);
    return rc;
}

kp_rc kp_eval_cooperation(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    /* Cooperation of the territories whose records the region holds on the
     * date (docs/figures.md, "Municipalities and regions at a date"). */
    kp_buf origins;
    rc = kp_region_origins_json(ctx, region, at, &origins);
    kp_param p[] = {KP_PTEXT(kp_buf_str(&origins))};
    if (!rc)
        rc = each_row(ctx,
                      "SELECT c.municipality_id, c.partner_id, c.service_code, c.target_group, c.kind, c.places"
                      " FROM cooperation c WHERE c.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY c.kind, c.id",
                      p, 1, coop_row, out, at);
    kp_buf_free(&origins);
    return rc;
}

static kp_rc pred_row(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at)
{
    int64_t holder = 0;
    kp_rc rc = kp_municipality_rollup(ctx, kp_stmt_int(s, 0), at, &holder);
    if (rc || holder == kp_stmt_int(s, 0))
        return rc;
    kp_eval_predecessor *x = grow(l, cap, sizeof *x);
    x->holder_id = holder;
    copy(x->name, sizeof x->name, kp_stmt_text(s, 1));
    copy(x->valid_to, sizeof x->valid_to, kp_stmt_text(s, 2));
    return KP_OK;
}

kp_rc kp_eval_predecessors(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_buf origins;
    rc = kp_region_origins_json(ctx, region, at, &origins);
    kp_param p[] = {KP_PTEXT(kp_buf_str(&origins)), KP_PTEXT(d)};
    if (!rc)
        rc = each_row(ctx,
                      "SELECT id, name_lv, COALESCE(valid_to, '') FROM municipality"
                      " WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) AND valid_to IS NOT NULL AND valid_to < ? ORDER BY atvk",
                      p, 2, pred_row, out, at);
    kp_buf_free(&origins);
    return rc;
}

static kp_rc record_row(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at)
{
    kp_eval_record_muni *x = grow(l, cap, sizeof *x);
    x->id = kp_stmt_int(s, 0);
    copy(x->name, sizeof x->name, kp_stmt_text(s, 1));
    copy(x->valid_to, sizeof x->valid_to, kp_stmt_text(s, 2));
    return kp_municipality_rollup(ctx, x->id, at, &x->holder_id);
}

static kp_eval_record_muni *record_find(kp_eval_list *l, int64_t id)
{
    kp_eval_record_muni *r = l->items;
    for (size_t i = 0; i < l->n; i++)
        if (r[i].id == id)
            return &r[i];
    return NULL;
}

kp_rc kp_eval_by_record_municipality(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    char d[11], first[11] = "";
    kp_date_format_iso(at, d);
    kp_buf origins;
    rc = kp_region_origins_json(ctx, region, at, &origins);
    kp_param o[] = {KP_PTEXT(kp_buf_str(&origins)), KP_PTEXT(d)};
    if (!rc)
        rc = each_row(ctx,
                      "SELECT id, name_lv, COALESCE(valid_to, '') FROM municipality WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
                      " AND valid_from <= ? ORDER BY atvk",
                      o, 2, record_row, out, at);
    if (rc) {
        kp_buf_free(&origins);
        return rc;
    }
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    rc = kp_region_project_start(ctx, region, first);
    kp_stmt *s = NULL;
    bool row = false;
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT p.municipality_id, SUM(p.amount_cents) FROM " KP_COMPENSATION_AT_SQL("?2") " p"
                              " JOIN project j ON j.id = p.project_id WHERE j.region_code = ?1 AND p.period_end <= ?2"
                              " GROUP BY p.municipality_id",
                              &s);
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_eval_record_muni *x = record_find(out, kp_stmt_int(s, 0));
        if (x)
            x->compensation += kp_stmt_int(s, 1);
    }
    kp_stmt_free(s);
    s = NULL;
    kp_param q[] = {KP_PTEXT(kp_buf_str(&origins)), KP_PTEXT(d), KP_PTEXT(first)};
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT c.municipality_id, c.target_group, COUNT(DISTINCT c.id) FROM " KP_CLIENT_AT("?2") " c"
                              " JOIN assignment a ON a.client_id = c.id AND a.esf_funded = 1"
                              " JOIN delivery dl ON dl.assignment_id = a.id"
                              "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "dl.delivered_on")
                              " WHERE " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?1)) AND dl.delivered_on BETWEEN ?3 AND ?2"
                              " AND c.target_group IN ('grt', 'ft', 'parents')"
                              " GROUP BY c.municipality_id, c.target_group",
                              &s);
    if (!rc)
        rc = kp_sql_bind(s, q, 3);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_eval_record_muni *x = record_find(out, kp_stmt_int(s, 0));
        const char *tg = kp_stmt_text(s, 1);
        int64_t v = kp_stmt_int(s, 2);
        if (!x)
            continue;
        if (strcmp(tg, "grt") == 0)
            x->grt += v;
        else if (strcmp(tg, "ft") == 0)
            x->ft += v;
        else
            x->parents += v;
    }
    kp_stmt_free(s);
    kp_buf_free(&origins);
    if (rc)
        kp_eval_list_free(out);
    return rc;
}

static kp_rc name_row(kp_ctx *ctx, kp_stmt *s, kp_eval_list *l, size_t *cap, kp_date at)
{
    (void)ctx;
    (void)at;
    kp_eval_name *x = grow(l, cap, sizeof *x);
    copy(x->code, sizeof x->code, kp_stmt_text(s, 0));
    copy(x->name, sizeof x->name, kp_stmt_text(s, 1));
    return KP_OK;
}

kp_rc kp_eval_service_names(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return each_row(ctx, "SELECT code, name_lv FROM service_type ORDER BY sort, code", NULL, 0, name_row, out, 0);
}

kp_rc kp_eval_group_names(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return each_row(ctx, "SELECT code, name_lv FROM target_group ORDER BY code", NULL, 0, name_row, out, 0);
}

kp_rc kp_eval_regions(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return each_row(ctx, "SELECT code, name_lv FROM region ORDER BY code", NULL, 0, name_row, out, 0);
}

kp_rc kp_eval_indicator_names(kp_ctx *ctx, const char *region, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    kp_param p[] = {KP_PTEXT(region)};
    return each_row(ctx, "SELECT key, name_lv FROM indicator WHERE region_code = ? ORDER BY sort, id", p, 1, name_row, out,
                    0);
}

kp_rc kp_eval_region_name(kp_ctx *ctx, const char *region, char *out, size_t outlen)
{
    kp_param p[] = {KP_PTEXT(region)};
    return kp_sql_text(ctx->db, "SELECT name_lv FROM region WHERE code = ?", p, 1, out, outlen);
}
