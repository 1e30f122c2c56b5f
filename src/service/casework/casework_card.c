/* The client card (assessments, plan versions, assignments, deliveries) and
 * what changed between two versions of a support plan (see casework.h). */
#include "service/casework/casework.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/client_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_card_free(kp_card *c)
{
    if (!c)
        return;
    free(c->assessments);
    for (size_t i = 0; i < c->n_plans; i++)
        free(c->plans[i].items);
    free(c->plans);
    free(c->assignments);
    kp_cw_deliveries_free(&c->deliveries);
    memset(c, 0, sizeof *c);
}

void kp_plan_diff_free(kp_plan_diff *d)
{
    if (!d)
        return;
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* The latest deliveries shown on a card. */
enum { CARD_DELIVERIES = 200 };

static int newest_first(const void *x, const void *y)
{
    const kp_q_card_delivery *a = x, *b = y;
    int c = strcmp(b->delivered_on, a->delivered_on);
    if (c)
        return c;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static kp_card_assignment *assignment_of(kp_card *c, int64_t id)
{
    for (size_t i = 0; i < c->n_assignments; i++)
        if (c->assignments[i].id == id)
            return &c->assignments[i];
    return NULL;
}

/* The card's deliveries from one read of all the client's delivery rows
 * (issue 10: sorted here, not by SQLite's sorter; no count or sums read
 * again): the latest CARD_DELIVERIES, newest first, named after their
 * assignment; the total; and each assignment's units delivered. A delivery
 * of an assignment the card does not list (its service type missing) is
 * neither shown nor summed, and counted in the total only when the card is
 * full, as when the list and the count were two queries. */
static kp_rc card_deliveries(kp_ctx *ctx, int64_t client_id, int64_t only, kp_card *out)
{
    kp_q_card_deliveries all = {NULL, 0, 0};
    kp_rc rc = kp_q_card_delivery_rows(ctx->db, client_id, only, &all);
    if (rc) {
        free(all.items);
        return rc;
    }
    if (all.n > 1)
        qsort(all.items, all.n, sizeof *all.items, newest_first);
    kp_cw_deliveries *d = &out->deliveries;
    for (size_t i = 0; i < all.n; i++) {
        const kp_q_card_delivery *x = &all.items[i];
        kp_card_assignment *a = assignment_of(out, x->assignment_id);
        if (!a)
            continue;
        a->delivered += x->units;
        if (d->n == CARD_DELIVERIES)
            continue;
        kp_cw_reserve((void **)&d->items, &d->cap, d->n, sizeof *d->items);
        kp_cw_delivery *y = &d->items[d->n++];
        memset(y, 0, sizeof *y);
        y->id = x->id;
        y->assignment_id = a->id;
        memcpy(y->service, a->service, sizeof y->service);
        memcpy(y->service_name, a->service_name, sizeof a->service_name);
        memcpy(y->unit, a->unit, sizeof y->unit);
        memcpy(y->provider, a->provider, sizeof a->provider);
        memcpy(y->delivered_on, x->delivered_on, sizeof y->delivered_on);
        y->units = x->units;
        y->confirmed = x->confirmed;
    }
    d->total = d->n == CARD_DELIVERIES ? all.n : d->n;
    free(all.items);
    return KP_OK;
}

kp_rc kp_card_load(kp_ctx *ctx, int64_t client_id, kp_card *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    /* Scope, role and the "view" audit record: the one rule in queries.c. */
    kp_rc rc = kp_client_get(ctx, client_id, &out->client);
    if (rc)
        return rc;
    bool provider = ctx->role == KP_ROLE_PROVIDER;
    int64_t only = provider ? ctx->provider_id : 0;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    if (!provider) {
        /* This calendar year: today's year, from 1 January to 31 December. */
        char from[11] = "YYYY-01-01", to[11] = "YYYY-12-31";
        memcpy(from, today, 4);
        memcpy(to, today, 4);
        /* The worker, their name and the respite used this year: one
         * statement (issue 10: a card is many small queries). */
        kp_q_card_head head;
        rc = kp_q_card_head_of(ctx->db, client_id, from, to, &head);
        if (!rc) {
            out->worker_id = head.worker_id;
            memcpy(out->worker, head.worker, sizeof out->worker);
            out->respite_used = head.respite_used;
        }
        if (!rc)
            rc = kp_q_card_assessments(ctx->db, client_id, out);
        if (!rc)
            rc = kp_q_card_plans(ctx->db, client_id, kp_cw_lang(ctx), today, out);
    }
    if (!rc)
        rc = kp_q_card_assignments(ctx->db, client_id, only, kp_cw_lang(ctx), today, out);
    if (!rc)
        rc = card_deliveries(ctx, client_id, only, out);
    /* The deliveries are the card's person's. */
    for (size_t i = 0; !rc && i < out->deliveries.n; i++) {
        kp_cw_delivery *x = &out->deliveries.items[i];
        x->client_id = client_id;
        memcpy(x->given_name, out->client.given_name, sizeof x->given_name);
        memcpy(x->family_name, out->client.family_name, sizeof x->family_name);
    }
    if (rc)
        kp_card_free(out);
    return rc;
}

kp_rc kp_card_reads_begin(kp_ctx *ctx)
{
    if (!ctx || !ctx->db)
        return KP_EINVAL;
    return kp_store_begin_read(ctx->db);
}

kp_rc kp_card_reads_end(kp_ctx *ctx, kp_rc rc)
{
    if (!ctx || !ctx->db)
        return KP_EINVAL;
    return kp_store_finish(ctx->db, rc);
}

/* ---- Plan versions compared -------------------------------------------- */

typedef struct version {
    int64_t client;
    int version;
    char goals[4004];
    char review_on[11];
    kp_card_item *items;
    size_t n, cap;
} version;

static kp_rc load_version(kp_ctx *ctx, int64_t plan, version *v)
{
    kp_q_plan_head head;
    kp_q_items items = {NULL, 0, 0};
    bool found = false;
    kp_rc rc = kp_q_plan_version(ctx->db, plan, kp_cw_lang(ctx), &head, &items, &found);
    v->items = items.items;
    v->n = items.n;
    v->cap = items.cap;
    if (rc)
        return rc;
    if (!found || !head.client_id)
        return KP_ENOTFOUND;
    v->client = head.client_id;
    v->version = head.version;
    memcpy(v->goals, head.goals, sizeof v->goals);
    memcpy(v->review_on, head.review_on, sizeof v->review_on);
    return KP_OK;
}

static unsigned differences(const kp_card_item *a, const kp_card_item *b)
{
    unsigned f = 0;
    if (a->volume != b->volume)
        f |= KP_DIFF_VOLUME;
    if (strcmp(a->start_date, b->start_date) != 0)
        f |= KP_DIFF_START;
    if (strcmp(a->end_date, b->end_date) != 0)
        f |= KP_DIFF_END;
    if (a->provider_id != b->provider_id)
        f |= KP_DIFF_PROVIDER;
    if (strcmp(a->goal, b->goal) != 0)
        f |= KP_DIFF_GOAL;
    return f;
}

static void push_change(kp_plan_diff *d, size_t *cap, kp_diff_kind kind, unsigned fields, const kp_card_item *before,
                        const kp_card_item *after)
{
    kp_cw_reserve((void **)&d->items, cap, d->n, sizeof *d->items);
    kp_plan_change *c = &d->items[d->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->fields = fields;
    if (before)
        c->before = *before;
    if (after)
        c->after = *after;
}

static const char *change_service(const kp_plan_change *c)
{
    return c->kind == KP_DIFF_ADDED ? c->after.service : c->before.service;
}

static int by_service(const void *x, const void *y)
{
    const kp_plan_change *a = x, *b = y;
    int c = strcmp(change_service(a), change_service(b));
    if (c)
        return c;
    return (int)a->kind - (int)b->kind;
}

kp_rc kp_plan_diff_load(kp_ctx *ctx, int64_t client_id, int64_t plan_a, int64_t plan_b, kp_plan_diff *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (ctx->role != KP_ROLE_SYSTEM && !kp_cw_is_case_worker(ctx))
        return KP_EDENIED;
    version *a = kp_xcalloc(1, sizeof *a), *b = kp_xcalloc(1, sizeof *b);
    bool *used = NULL;
    kp_rc rc = load_version(ctx, plan_a, a);
    if (!rc)
        rc = load_version(ctx, plan_b, b);
    /* Scope of both before comparing them, so a refusal tells nothing. */
    if (!rc)
        rc = kp_access_client(ctx, a->client, false);
    if (!rc)
        rc = kp_access_client(ctx, b->client, false);
    /* Both must be the named client's: another client's plans answer as
     * unknown ones, whether or not the caller may see them. */
    if (!rc && client_id && (a->client != client_id || b->client != client_id))
        rc = KP_ENOTFOUND;
    if (!rc && a->client != b->client)
        rc = KP_EINVAL;
    if (rc)
        goto out;
    if (a->version > b->version) {
        version *t = a;
        a = b;
        b = t;
    }
    out->version_a = a->version;
    out->version_b = b->version;
    out->goals_changed = strcmp(a->goals, b->goals) != 0;
    out->review_changed = strcmp(a->review_on, b->review_on) != 0;
    snprintf(out->review_a, sizeof out->review_a, "%s", a->review_on);
    snprintf(out->review_b, sizeof out->review_b, "%s", b->review_on);
    size_t cap = 0;
    used = kp_xcalloc(a->n + b->n + 1, sizeof *used);
    bool *used_b = used + a->n;
    /* Identical items first, then the same service in date order. */
    for (size_t i = 0; i < a->n; i++)
        for (size_t k = 0; k < b->n; k++)
            if (!used_b[k] && strcmp(a->items[i].service, b->items[k].service) == 0 &&
                differences(&a->items[i], &b->items[k]) == 0) {
                used[i] = used_b[k] = true;
                break;
            }
    for (size_t i = 0; i < a->n; i++) {
        if (used[i])
            continue;
        for (size_t k = 0; k < b->n; k++)
            if (!used_b[k] && strcmp(a->items[i].service, b->items[k].service) == 0) {
                used[i] = used_b[k] = true;
                push_change(out, &cap, KP_DIFF_CHANGED, differences(&a->items[i], &b->items[k]), &a->items[i],
                            &b->items[k]);
                break;
            }
    }
    for (size_t i = 0; i < a->n; i++)
        if (!used[i])
            push_change(out, &cap, KP_DIFF_REMOVED, 0, &a->items[i], NULL);
    for (size_t k = 0; k < b->n; k++)
        if (!used_b[k])
            push_change(out, &cap, KP_DIFF_ADDED, 0, NULL, &b->items[k]);
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_service);
    char detail[64];
    snprintf(detail, sizeof detail, "plan versions %d and %d compared", a->version, b->version);
    rc = kp_audit_access(ctx, "view", "support_plan", plan_b, a->client, detail);
out:
    free(used);
    free(a->items);
    free(b->items);
    free(a);
    free(b);
    if (rc)
        kp_plan_diff_free(out);
    return rc;
}
