/* The client card (assessments, plan versions, assignments, deliveries) and
 * what changed between two versions of a support plan (see casework.h). */
#include "service/casework/casework.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
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

static void text(kp_stmt *s, int col, char *out, size_t n)
{
    snprintf(out, n, "%s", kp_stmt_text(s, col));
}

/* Columns of a plan item, from `col` on: id, plan id, service, name, unit,
 * volume, provider id, provider name, start, end, goal. ?1 = language. */
#define ITEM_COLS                                                                                                     \
    "i.id, i.plan_id, i.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, i.volume,"     \
    " COALESCE(i.provider_id, 0), COALESCE(p.name, ''), i.start_date, i.end_date, i.goal"                           \
    " FROM plan_item i JOIN service_type t ON t.code = i.service_code LEFT JOIN provider p ON p.id = i.provider_id"

/* A plan item whose ITEM_COLS start at column `b`. */
static void read_item_at(kp_stmt *s, int b, kp_card_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = kp_stmt_int(s, b);
    text(s, b + 2, it->service, sizeof it->service);
    text(s, b + 3, it->service_name, sizeof it->service_name);
    text(s, b + 4, it->unit, sizeof it->unit);
    it->volume = kp_stmt_int(s, b + 5);
    it->provider_id = kp_stmt_int(s, b + 6);
    text(s, b + 7, it->provider, sizeof it->provider);
    text(s, b + 8, it->start_date, sizeof it->start_date);
    text(s, b + 9, it->end_date, sizeof it->end_date);
    text(s, b + 10, it->goal, sizeof it->goal);
}

static void read_item(kp_stmt *s, kp_card_item *it) { read_item_at(s, 0, it); }

/* Assessments with their needs, newest round first, in one statement
 * (a need's service type always exists: a foreign key). */
static kp_rc load_assessments(kp_ctx *ctx, int64_t client, kp_card *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT a.id, a.round, a.assessed_on, a.place, a.assessor, n.service_code"
                                " FROM assessment a LEFT JOIN assessment_need n ON n.assessment_id = a.id"
                                " LEFT JOIN service_type t ON t.code = n.service_code"
                                " WHERE a.client_id = ? ORDER BY a.round DESC, a.id DESC, t.sort",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client);
    kp_card_assessment *a = NULL;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int64_t id = kp_stmt_int(s, 0);
        if (!a || a->id != id) {
            kp_cw_reserve((void **)&out->assessments, &cap, out->n_assessments, sizeof *out->assessments);
            a = &out->assessments[out->n_assessments++];
            memset(a, 0, sizeof *a);
            a->id = id;
            a->round = (int)kp_stmt_int(s, 1);
            text(s, 2, a->assessed_on, sizeof a->assessed_on);
            text(s, 3, a->place, sizeof a->place);
            text(s, 4, a->assessor, sizeof a->assessor);
        }
        if (!kp_stmt_is_null(s, 5) && a->n_needs < sizeof a->needs / sizeof a->needs[0])
            text(s, 5, a->needs[a->n_needs++], sizeof a->needs[0]);
    }
    kp_stmt_free(s);
    return rc;
}

/* Plan versions, newest first, with their items, in one statement. */
static kp_rc load_plans(kp_ctx *ctx, int64_t client, kp_card *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0, item_cap = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT sp.id, sp.version,"
                                " CASE WHEN sp.ended_on IS NOT NULL AND sp.ended_on <= ?3 THEN 'ended' ELSE sp.status END,"
                                " sp.goals, COALESCE(sp.review_on, ''), sp.created_on, COALESCE(sp.approved_on, ''),"
                                " i.id, i.plan_id, i.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END,"
                                " t.unit, i.volume, COALESCE(i.provider_id, 0), COALESCE(p.name, ''), i.start_date,"
                                " i.end_date, i.goal"
                                " FROM support_plan sp LEFT JOIN plan_item i ON i.plan_id = sp.id"
                                " LEFT JOIN service_type t ON t.code = i.service_code"
                                " LEFT JOIN provider p ON p.id = i.provider_id"
                                " WHERE sp.client_id = ?2 ORDER BY sp.version DESC, sp.id, i.start_date, t.sort, i.id",
                                &s);
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_param p[] = {KP_PTEXT(kp_cw_lang(ctx)), KP_PINT(client), KP_PTEXT(today)};
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    kp_card_plan *pl = NULL;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int64_t id = kp_stmt_int(s, 0);
        if (!pl || pl->id != id) {
            kp_cw_reserve((void **)&out->plans, &cap, out->n_plans, sizeof *out->plans);
            pl = &out->plans[out->n_plans++];
            memset(pl, 0, sizeof *pl);
            item_cap = 0;
            pl->id = id;
            pl->version = (int)kp_stmt_int(s, 1);
            text(s, 2, pl->status, sizeof pl->status);
            text(s, 3, pl->goals, sizeof pl->goals);
            text(s, 4, pl->review_on, sizeof pl->review_on);
            text(s, 5, pl->created_on, sizeof pl->created_on);
            text(s, 6, pl->approved_on, sizeof pl->approved_on);
        }
        if (kp_stmt_is_null(s, 7))
            continue;
        kp_cw_reserve((void **)&pl->items, &item_cap, pl->n_items, sizeof *pl->items);
        read_item_at(s, 7, &pl->items[pl->n_items++]);
    }
    kp_stmt_free(s);
    return rc;
}

static kp_rc load_assignments(kp_ctx *ctx, int64_t client, int64_t only_provider, kp_card *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT a.id, COALESCE(a.plan_item_id, 0), COALESCE(a.provider_id, 0), a.service_code,"
                                " CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, COALESCE(p.name, ''),"
                                " a.start_date, a.end_date, a.decided_on, COALESCE(a.mode, ''),"
                                " " KP_ASSIGNMENT_STATUS_SQL("a", "?4") ", a.units,"
                                " COALESCE(a.hours_per_week, 0),"
                                " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id)"
                                " FROM assignment a JOIN service_type t ON t.code = a.service_code"
                                " LEFT JOIN provider p ON p.id = a.provider_id"
                                " WHERE a.client_id = ?2 AND (?3 = 0 OR a.provider_id = ?3)"
                                " ORDER BY a.start_date DESC, a.id DESC",
                                &s);
    /* The status today, from the assignment's dates and events (services.h). */
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_param p[] = {KP_PTEXT(kp_cw_lang(ctx)), KP_PINT(client), KP_PINT(only_provider), KP_PTEXT(today)};
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&out->assignments, &cap, out->n_assignments, sizeof *out->assignments);
        kp_card_assignment *a = &out->assignments[out->n_assignments++];
        memset(a, 0, sizeof *a);
        a->id = kp_stmt_int(s, 0);
        a->plan_item_id = kp_stmt_int(s, 1);
        a->provider_id = kp_stmt_int(s, 2);
        text(s, 3, a->service, sizeof a->service);
        text(s, 4, a->service_name, sizeof a->service_name);
        text(s, 5, a->unit, sizeof a->unit);
        text(s, 6, a->provider, sizeof a->provider);
        text(s, 7, a->start_date, sizeof a->start_date);
        text(s, 8, a->end_date, sizeof a->end_date);
        text(s, 9, a->decided_on, sizeof a->decided_on);
        text(s, 10, a->mode, sizeof a->mode);
        text(s, 11, a->status, sizeof a->status);
        a->units = kp_stmt_int(s, 12);
        a->hours_per_week = kp_stmt_int(s, 13);
        a->delivered = kp_stmt_int(s, 14);
    }
    kp_stmt_free(s);
    return rc;
}

static kp_rc load_deliveries(kp_ctx *ctx, int64_t client, int64_t only_provider, kp_card *out)
{
    kp_param p[] = {KP_PTEXT(kp_cw_lang(ctx)), KP_PINT(client), KP_PINT(only_provider)};
    /* The latest 200 and how many there are in all, in one statement (the
     * window counts before the LIMIT). */
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                          "SELECT d.id, a.id, a.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END,"
                          " t.unit, COALESCE(p.name, ''), d.delivered_on, d.units, d.confirmed, COUNT(*) OVER ()"
                          " FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                          " JOIN service_type t ON t.code = a.service_code LEFT JOIN provider p ON p.id = a.provider_id"
                          " WHERE a.client_id = ?2 AND (?3 = 0 OR a.provider_id = ?3)"
                          " ORDER BY d.delivered_on DESC, d.id DESC LIMIT 200",
                          &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_deliveries *d = &out->deliveries;
        kp_cw_reserve((void **)&d->items, &d->cap, d->n, sizeof *d->items);
        kp_cw_delivery *x = &d->items[d->n++];
        memset(x, 0, sizeof *x);
        x->id = kp_stmt_int(s, 0);
        x->assignment_id = kp_stmt_int(s, 1);
        x->client_id = client;
        snprintf(x->given_name, sizeof x->given_name, "%s", out->client.given_name);
        snprintf(x->family_name, sizeof x->family_name, "%s", out->client.family_name);
        text(s, 2, x->service, sizeof x->service);
        text(s, 3, x->service_name, sizeof x->service_name);
        text(s, 4, x->unit, sizeof x->unit);
        text(s, 5, x->provider, sizeof x->provider);
        text(s, 6, x->delivered_on, sizeof x->delivered_on);
        x->units = kp_stmt_int(s, 7);
        x->confirmed = kp_stmt_int(s, 8) != 0;
        out->deliveries.total = (size_t)kp_stmt_int(s, 9);
    }
    kp_stmt_free(s);
    return rc;
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
    if (!provider) {
        char today[11], from[11], to[11];
        kp_date_format_iso(kp_ctx_today(ctx), today);
        snprintf(from, sizeof from, "%.4s-01-01", today);
        snprintf(to, sizeof to, "%.4s-12-31", today);
        /* The worker, their name and the respite used this year: one
         * statement (issue 10: a card is many small queries). */
        kp_stmt *s = NULL;
        bool row = false;
        rc = kp_store_prepare(ctx->db,
                              "SELECT COALESCE((SELECT w.user_id FROM client_worker w WHERE w.client_id = ?1), 0),"
                              " COALESCE((SELECT u.username FROM client_worker w JOIN app_user u ON u.id = w.user_id"
                              "  WHERE w.client_id = ?1), ''),"
                              " (SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a"
                              "  WHERE a.client_id = ?1 AND a.service_code = 'respite' AND a.start_date BETWEEN ?2 AND ?3)",
                              &s);
        kp_param q[] = {KP_PINT(client_id), KP_PTEXT(from), KP_PTEXT(to)};
        if (!rc)
            rc = kp_sql_bind(s, q, KP_NPARAMS(q));
        if (!rc)
            rc = kp_stmt_step(s, &row);
        if (!rc && row) {
            out->worker_id = kp_stmt_int(s, 0);
            snprintf(out->worker, sizeof out->worker, "%s", kp_stmt_text(s, 1));
            out->respite_used = kp_stmt_int(s, 2);
        }
        kp_stmt_free(s);
        if (!rc)
            rc = load_assessments(ctx, client_id, out);
        if (!rc)
            rc = load_plans(ctx, client_id, out);
    }
    if (!rc)
        rc = load_assignments(ctx, client_id, only, out);
    if (!rc)
        rc = load_deliveries(ctx, client_id, only, out);
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
    kp_param p[] = {KP_PINT(plan)};
    int64_t ver = 0;
    kp_rc rc = kp_sql_int(ctx->db, "SELECT client_id FROM support_plan WHERE id = ?", p, 1, 0, &v->client);
    if (!rc)
        rc = kp_sql_int(ctx->db, "SELECT version FROM support_plan WHERE id = ?", p, 1, 0, &ver);
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT goals FROM support_plan WHERE id = ?", p, 1, v->goals, sizeof v->goals);
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT COALESCE(review_on, '') FROM support_plan WHERE id = ?", p, 1, v->review_on,
                         sizeof v->review_on);
    if (rc)
        return rc;
    if (!v->client)
        return KP_ENOTFOUND;
    v->version = (int)ver;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db, "SELECT " ITEM_COLS " WHERE i.plan_id = ?2 ORDER BY i.start_date, t.sort, i.id", &s);
    kp_param q[] = {KP_PTEXT(kp_cw_lang(ctx)), KP_PINT(plan)};
    if (!rc)
        rc = kp_sql_bind(s, q, 2);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&v->items, &v->cap, v->n, sizeof *v->items);
        read_item(s, &v->items[v->n++]);
    }
    kp_stmt_free(s);
    return rc;
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
