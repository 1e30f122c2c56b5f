/* Read-only details for the progress evaluation (see eval_details.h). */
#include "service/casework/services.h"
#include "service/figures/eval_details.h"
#include "service/figures/figures.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/figures/figures_sql.h"
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

/* Text into a slot, cut to what fits (as these lists always were: an
 * indicator's name of 300 bytes keeps 159 in kp_eval_name). */
static void copy(char *dst, size_t n, const char *src)
{
    size_t len = src ? strnlen(src, n - 1) : 0;
    if (len)
        memcpy(dst, src, len);
    dst[len] = '\0';
}

static kp_rc start(kp_ctx *ctx, const char *region, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    if (!ctx || !region || !out)
        return KP_EINVAL;
    return kp_access_region(ctx, region, false);
}

kp_rc kp_eval_projects(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_q_figures_projects list = {0};
    rc = kp_q_figures_projects_of(ctx->db, region, d, &list);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < list.n; i++) {
        const kp_q_figures_project *q = &list.items[i];
        kp_eval_project *p = grow(out, &cap, sizeof *p);
        copy(p->number, sizeof p->number, q->number);
        copy(p->name, sizeof p->name, q->name);
        copy(p->start, sizeof p->start, q->start);
        copy(p->end, sizeof p->end, q->end);
        p->budget = q->budget;
        p->esf = q->esf;
        p->state = q->state;
    }
    free(list.items);
    if (rc)
        kp_eval_list_free(out);
    return rc;
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

kp_rc kp_eval_cooperation(kp_ctx *ctx, const char *region, kp_date at, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    /* Cooperation of the territories whose records the region holds on the
     * date (docs/figures.md, "Municipalities and regions at a date"). */
    kp_buf origins;
    rc = kp_region_origins_json(ctx, region, at, &origins);
    kp_q_figures_coops list = {0};
    if (!rc)
        rc = kp_q_figures_cooperation_of(ctx->db, kp_buf_str(&origins), &list);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < list.n; i++) {
        const kp_q_figures_coop *q = &list.items[i];
        kp_eval_coop *c = grow(out, &cap, sizeof *c);
        rc = kp_municipality_rollup(ctx, q->municipality_id, at, &c->holder_id);
        int64_t partner = 0;
        if (!rc)
            rc = kp_municipality_rollup(ctx, q->partner_id, at, &partner);
        if (!rc)
            rc = kp_q_figures_territory_name(ctx->db, partner, c->partner, sizeof c->partner);
        copy(c->service, sizeof c->service, q->service);
        copy(c->target_group, sizeof c->target_group, q->tg);
        copy(c->kind, sizeof c->kind, q->kind);
        c->places = q->places;
    }
    free(list.items);
    if (rc)
        kp_eval_list_free(out);
    kp_buf_free(&origins);
    return rc;
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
    kp_q_figures_territories list = {0};
    if (!rc)
        rc = kp_q_figures_territories_of(ctx->db, kp_buf_str(&origins), d, true, &list);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < list.n; i++) {
        const kp_q_figures_territory *q = &list.items[i];
        int64_t holder = 0;
        rc = kp_municipality_rollup(ctx, q->id, at, &holder);
        if (rc || holder == q->id)
            continue;
        kp_eval_predecessor *x = grow(out, &cap, sizeof *x);
        x->holder_id = holder;
        copy(x->name, sizeof x->name, q->name);
        copy(x->valid_to, sizeof x->valid_to, q->valid_to);
    }
    free(list.items);
    if (rc)
        kp_eval_list_free(out);
    kp_buf_free(&origins);
    return rc;
}

static kp_eval_record_muni *record_find(kp_eval_list *l, int64_t id)
{
    kp_eval_record_muni *r = l->items;
    for (size_t i = 0; i < l->n; i++)
        if (r[i].id == id)
            return &r[i];
    return NULL;
}

static kp_rc compensation_row(void *row, void *arg)
{
    const kp_q_figures_period_sum *r = row;
    kp_eval_record_muni *x = record_find(arg, r->origin);
    if (x)
        x->compensation += r->cents;
    return KP_OK;
}

static kp_rc recipients_row(void *row, void *arg)
{
    const kp_q_figures_tg_row *r = row;
    kp_eval_record_muni *x = record_find(arg, r->origin);
    if (!x)
        return KP_OK;
    if (strcmp(r->tg, "grt") == 0)
        x->grt += r->n;
    else if (strcmp(r->tg, "ft") == 0)
        x->ft += r->n;
    else
        x->parents += r->n;
    return KP_OK;
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
    kp_q_figures_territories list = {0};
    if (!rc)
        rc = kp_q_figures_territories_of(ctx->db, kp_buf_str(&origins), d, false, &list);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < list.n; i++) {
        const kp_q_figures_territory *q = &list.items[i];
        kp_eval_record_muni *x = grow(out, &cap, sizeof *x);
        x->id = q->id;
        copy(x->name, sizeof x->name, q->name);
        copy(x->valid_to, sizeof x->valid_to, q->valid_to);
        rc = kp_municipality_rollup(ctx, x->id, at, &x->holder_id);
    }
    free(list.items);
    if (rc) {
        kp_eval_list_free(out);
        kp_buf_free(&origins);
        return rc;
    }
    rc = kp_region_project_start(ctx, region, first);
    if (!rc)
        rc = kp_q_figures_compensation_by_territory_each(ctx->db, region, d, compensation_row, out);
    if (!rc)
        rc = kp_q_figures_recipients_by_territory_each(ctx->db, kp_buf_str(&origins), d, first, recipients_row, out);
    kp_buf_free(&origins);
    if (rc)
        kp_eval_list_free(out);
    return rc;
}

/* Copies a list of codes and names into kp_eval_name rows (each cut to
 * its slot, as the list always was). */
static kp_rc names(kp_ctx *ctx, kp_q_figures_names_of what, const char *region, kp_eval_list *out)
{
    kp_q_figures_names list = {0};
    kp_rc rc = kp_q_figures_names_list(ctx->db, what, region, &list);
    size_t cap = 0;
    for (size_t i = 0; !rc && i < list.n; i++) {
        kp_eval_name *x = grow(out, &cap, sizeof *x);
        copy(x->code, sizeof x->code, list.items[i].code);
        copy(x->name, sizeof x->name, list.items[i].name);
    }
    free(list.items);
    if (rc)
        kp_eval_list_free(out);
    return rc;
}

kp_rc kp_eval_service_names(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return names(ctx, KP_Q_NAMES_SERVICES, NULL, out);
}

kp_rc kp_eval_group_names(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return names(ctx, KP_Q_NAMES_GROUPS, NULL, out);
}

kp_rc kp_eval_regions(kp_ctx *ctx, kp_eval_list *out)
{
    memset(out, 0, sizeof *out);
    return names(ctx, KP_Q_NAMES_REGIONS, NULL, out);
}

kp_rc kp_eval_indicator_names(kp_ctx *ctx, const char *region, kp_eval_list *out)
{
    kp_rc rc = start(ctx, region, out);
    if (rc)
        return rc;
    return names(ctx, KP_Q_NAMES_INDICATORS, region, out);
}

kp_rc kp_eval_region_name(kp_ctx *ctx, const char *region, char *out, size_t outlen)
{
    return kp_q_figures_region_name(ctx->db, region, out, outlen);
}
