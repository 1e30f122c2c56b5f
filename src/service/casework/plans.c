/* Support plans: versioned; a change makes a new version, approval
 * supersedes the previous approved one. */
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

static const char *const STATUSES[] = {"draft", "approved", "superseded", NULL};

kp_rc kp_plan_create(kp_ctx *ctx, const kp_plan_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t client = 0;
    kp_rc scope = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (scope)
        return scope;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "support_plan");
    int64_t version = kp_v_int(ctx, e, "version", in->version, 1, 999, false, 0);
    const char *status = kp_v_enum(ctx, e, "status", in->status, STATUSES, false);
    kp_v_text_lines(ctx, e, "goals", in->goals, 4000, false);
    kp_date created = kp_v_date(ctx, e, "created_on", in->created_on, true);
    kp_date review = kp_v_date(ctx, e, "review_on", in->review_on, false);
    kp_date approved = kp_v_date(ctx, e, "approved_on", in->approved_on, false);
    kp_v_period(ctx, e, "review_on", created, review);
    kp_v_period(ctx, e, "approved_on", created, approved);
    if (!status)
        status = "draft";
    if (strcmp(status, "draft") != 0 && approved == KP_DATE_NONE && e->n == before)
        kp_errors_add(e, "approved_on", "", "%s",
                      KP_TR(ctx, "apstiprinātam plānam vajag apstiprināšanas datumu", "an approved plan needs its approval date"));
    if (client && version) {
        bool dup = false;
        kp_q_plan_version_taken(ctx->db, client, version, &dup);
        if (dup)
            kp_errors_add(e, "version", in->version, "%s",
                          KP_TR(ctx, "šāda plāna versija jau ir", "this plan version already exists"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc;
    if (!version)
        kp_q_plan_next_version(ctx->db, client, &version);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_insert(ctx->db, id, client, version, status, in->goals, in->review_on, in->created_on,
                          in->approved_on, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", "support_plan", id, client, status);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_plan_add_item(kp_ctx *ctx, const kp_plan_item_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    /* The plan's client is scope-checked before anything about the plan is
     * looked at; an unknown plan and one out of scope answer the same. */
    int64_t plan = kp_v_int(ctx, e, "plan_id", in->plan_id, 1, INT64_MAX, true, 0);
    int64_t client = 0;
    if (plan) {
        kp_q_plan_client(ctx->db, plan, &client);
        kp_rc scope = client ? kp_access_client(ctx, client, true) : KP_ENOTFOUND;
        if (scope) {
            e->n = before;
            return scope;
        }
    }
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "plan_item");
    kp_v_service(ctx, e, "service", in->service);
    kp_v_int(ctx, e, "volume", in->volume, 1, 100000, true, 0);
    int64_t provider = kp_v_ref(ctx, e, "provider_id", in->provider_id, "provider", false);
    kp_date start = kp_v_date(ctx, e, "start_date", in->start_date, true);
    kp_date end = kp_v_date(ctx, e, "end_date", in->end_date, true);
    kp_v_period(ctx, e, "end_date", start, end);
    kp_v_text_lines(ctx, e, "goal", in->goal, 2000, false);
    if (plan) {
        kp_q_plan row = {0};
        kp_q_plan_by_id(ctx->db, plan, &row);
        if (strcmp(row.status, "draft") != 0 && !ctx->restoring)
            kp_errors_add(e, "plan_id", in->plan_id, "%s",
                          KP_TR(ctx, "apstiprinātu plānu maina, izveidojot jaunu versiju",
                                "an approved plan changes only by a new version"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_item_insert(ctx->db, id, plan, in->service, in->volume, provider, in->start_date, in->end_date,
                               in->goal, &id);
    if (!rc)
        rc = kp_audit(ctx, "create", "plan_item", id, client, in->service);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_plan_approve(kp_ctx *ctx, int64_t plan_id, const char *approved_on, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    size_t before = e->n;
    kp_date on = kp_v_date(ctx, e, "approved_on", approved_on, true);
    kp_q_plan plan = {0};
    kp_q_plan_by_id(ctx->db, plan_id, &plan);
    const char *status = plan.status;
    int64_t client = plan.client;
    if (!client)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, client, true);
    if (rc)
        return rc;
    if (strcmp(status, "draft") != 0)
        kp_errors_add(e, "status", status, "%s",
                      KP_TR(ctx, "apstiprināt var tikai melnrakstu; izmaiņām izveidojiet jaunu versiju",
                            "only a draft can be approved; make a new version to change an approved plan"));
    int64_t items = 0;
    kp_q_plan_item_count(ctx->db, plan_id, &items);
    if (!items)
        kp_errors_add(e, "items", "", "%s",
                      KP_TR(ctx, "plānā nav neviena pakalpojuma", "the plan has no services yet"));
    (void)on;
    if (!plan.review_on[0] && !strcmp(status, "draft"))
        kp_errors_add(e, "review_on", "", "%s",
                      KP_TR(ctx, "plānam nav pārskatīšanas datuma: ierakstiet lauku \"Pārskatīt līdz\" un tikai tad apstipriniet"
                                 " (plāns bez tā nekad netiktu pārskatīts)",
                            "the plan has no review date: fill in \"Review by\" before approving"
                            " (a plan without one would never come due for review)"));
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_supersede_approved(ctx->db, client);
    if (!rc)
        rc = kp_q_plan_set_approved(ctx->db, plan_id, approved_on);
    if (!rc)
        rc = kp_audit(ctx, "approve", "support_plan", plan_id, client, "");
    return kp_store_finish(ctx->db, rc);
}
