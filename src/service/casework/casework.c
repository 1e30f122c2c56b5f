/* Case work for the browser: choices for forms, form submits that are safe
 * to repeat, and the write use cases behind the daily forms (see casework.h). */
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/accounts/drafts.h"
#include "service/casework/assignment_sql.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_cw_reserve(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return;
    size_t next = *cap ? *cap * 2 : 16;
    *items = kp_xrealloc(*items, next * size);
    *cap = next;
}

const char *kp_cw_lang(const kp_ctx *ctx)
{
    return kp_ctx_is_en(ctx) ? "en" : "lv";
}

bool kp_cw_is_case_worker(const kp_ctx *ctx)
{
    return ctx->role == KP_ROLE_SOCIAL_WORKER || ctx->role == KP_ROLE_MUNICIPAL_HEAD;
}

void kp_options_free(kp_options *o)
{
    if (!o)
        return;
    free(o->items);
    memset(o, 0, sizeof *o);
}

/* The catalogue's choices (service types, target groups), kept with the
 * connection (kp_store_kept) per language while the records are unchanged:
 * every card and form lists them (issue 10). */
enum { CATALOGUE_OPTIONS_KEPT = 4 };
static const char CATALOGUE_OPTIONS_TAG[] = "catalogue-options";

static void kept_options_free(void *p)
{
    kp_options_free(p);
    free(p);
}

static void options_copy(kp_options *to, const kp_options *from)
{
    to->n = from->n;
    to->cap = from->n ? from->n : 1;
    to->items = kp_xmalloc(to->cap * sizeof *to->items);
    if (from->n)
        memcpy(to->items, from->items, from->n * sizeof *from->items);
}

typedef kp_rc (*options_fn)(kp_store *st, const char *lang, kp_options *out);

static kp_rc kept_options(kp_ctx *ctx, const char *which, options_fn read, kp_options *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char key[16];
    snprintf(key, sizeof key, "%s/%s", which, kp_cw_lang(ctx));
    const kp_options *k = kp_store_kept(ctx->db, CATALOGUE_OPTIONS_TAG, key);
    if (k) {
        options_copy(out, k);
        return KP_OK;
    }
    kp_rc rc = read(ctx->db, kp_cw_lang(ctx), out);
    if (rc) {
        kp_options_free(out);
        return rc;
    }
    kp_options *copy = kp_xcalloc(1, sizeof *copy);
    options_copy(copy, out);
    if (!kp_store_keep(ctx->db, CATALOGUE_OPTIONS_TAG, key, CATALOGUE_OPTIONS_KEPT, copy, kept_options_free))
        kept_options_free(copy);
    return KP_OK;
}

kp_rc kp_cw_service_options(kp_ctx *ctx, kp_options *out)
{
    return kept_options(ctx, "service", kp_q_assignment_service_options, out);
}

kp_rc kp_cw_target_group_options(kp_ctx *ctx, kp_options *out)
{
    return kept_options(ctx, "group", kp_q_assignment_group_options, out);
}

kp_rc kp_cw_municipality_options(kp_ctx *ctx, kp_options *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    int64_t only = kp_cw_is_case_worker(ctx) ? ctx->municipality_id : 0;
    kp_rc rc = kp_q_assignment_municipality_options(ctx->db, kp_cw_lang(ctx), today, only, out);
    if (rc)
        kp_options_free(out);
    return rc;
}

kp_rc kp_cw_provider_options(kp_ctx *ctx, const char *service, kp_options *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    const char *svc = kp_blank(service) ? NULL : service;
    kp_rc rc = kp_q_assignment_provider_options(ctx->db, today, svc, out);
    if (rc)
        kp_options_free(out);
    return rc;
}

/* ---- Repeat-safe submits ---------------------------------------------- */

kp_rc kp_cw_once(kp_ctx *ctx, const char *token, int64_t now, kp_cw_write_fn fn, void *arg, kp_errors *e,
                 int64_t *id_out, bool *repeated)
{
    if (!ctx || !fn || !e)
        return KP_EINVAL;
    if (repeated)
        *repeated = false;
    int64_t id = 0;
    bool once = !kp_blank(token) && ctx->user_id > 0;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    if (!once) {
        rc = fn(ctx, arg, e, &id);
        rc = kp_store_finish(ctx->db, rc);
        if (!rc && id_out)
            *id_out = id;
        return rc;
    }
    int64_t first = 0;
    rc = kp_idem_find(ctx, token, &first);
    if (rc == KP_OK) {
        /* Submitted before: the first submit's record stands. */
        kp_store_rollback(ctx->db);
        if (repeated)
            *repeated = true;
        if (id_out)
            *id_out = first;
        return KP_OK;
    }
    if (rc != KP_ENOTFOUND)
        goto fail;
    rc = fn(ctx, arg, e, &id);
    if (!rc)
        rc = kp_idem_record(ctx, token, id, now);
    if (rc)
        goto fail;
    rc = kp_store_commit(ctx->db);
    if (!rc && id_out)
        *id_out = id;
    return rc;
fail:
    kp_store_rollback(ctx->db);
    return rc;
}

kp_rc kp_cw_client_register(kp_ctx *ctx, const kp_client_in *in, const char *token, int64_t now, kp_errors *e,
                            int64_t *id_out, bool *repeated)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    /* Through the command table; the check-digit warning comes back in e
     * after the record is written (confirmed). */
    kp_cmd_register c = {.client = *in, .confirmed = true};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(ctx, KP_CMD_REGISTER_CLIENT, &c, sizeof c, token, now, e, e, &out);
    if (!rc && id_out)
        *id_out = out.id;
    if (repeated)
        *repeated = out.repeated;
    return rc;
}

static kp_rc do_assessment(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    return kp_assessment_record(ctx, arg, e, id_out);
}

kp_rc kp_cw_assessment_record(kp_ctx *ctx, const kp_assessment_in *in, const char *token, int64_t now, kp_errors *e,
                              int64_t *id_out, bool *repeated)
{
    if (!in)
        return KP_EINVAL;
    return kp_cw_once(ctx, token, now, do_assessment, (void *)in, e, id_out, repeated);
}

kp_rc kp_cw_assignment_create(kp_ctx *ctx, const kp_assignment_in *in, const char *token, int64_t now, kp_errors *e,
                              int64_t *id_out, bool *repeated)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    kp_cmd_assign c = {.assignment = *in, .confirmed = true};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(ctx, KP_CMD_ASSIGN_SERVICE, &c, sizeof c, token, now, e, NULL, &out);
    if (!rc && id_out)
        *id_out = out.id;
    if (repeated)
        *repeated = out.repeated;
    return rc;
}

/* ---- Support plans in one form ---------------------------------------- */

static bool item_blank(const kp_cw_item_in *it)
{
    return kp_blank(it->service) && kp_blank(it->volume) && kp_blank(it->provider_id) && kp_blank(it->start_date) &&
           kp_blank(it->end_date) && kp_blank(it->goal);
}

/* The same checks kp_plan_add_item makes, before anything is written, so
 * that a form shows every wrong row at once. */
static void check_items(kp_ctx *ctx, const kp_cw_plan_in *in, kp_errors *e)
{
    long saved = e->line;
    for (size_t i = 0; i < in->n_items; i++) {
        const kp_cw_item_in *it = &in->items[i];
        if (item_blank(it))
            continue;
        e->line = (long)i + 1;
        kp_v_service(ctx, e, "service", it->service);
        kp_v_int(ctx, e, "volume", it->volume, 1, 100000, true, 0);
        kp_v_ref(ctx, e, "provider_id", it->provider_id, "provider", false);
        kp_date start = kp_v_date(ctx, e, "start_date", it->start_date, true);
        kp_date end = kp_v_date(ctx, e, "end_date", it->end_date, true);
        kp_v_period(ctx, e, "end_date", start, end);
        kp_v_text_lines(ctx, e, "goal", it->goal, 2000, false);
    }
    e->line = saved;
}

/* Changes a draft's own fields and drops its services (added again by the
 * caller). KP_EINVAL with a message when it is not a draft of this client
 * or when a service of it was already granted. */
static kp_rc reset_draft(kp_ctx *ctx, const kp_cw_plan_in *in, int64_t client, int64_t plan, kp_errors *e)
{
    kp_q_plan row;
    int64_t used = 0;
    kp_rc rc = kp_q_plan_by_id(ctx->db, plan, &row);
    if (!rc)
        rc = kp_q_assignment_count_of_plan(ctx->db, plan, &used);
    if (rc)
        return rc;
    if (row.client != client || strcmp(row.status, "draft") != 0) {
        kp_errors_add(e, "plan_id", in->plan_id, "%s",
                      KP_TR(ctx, "mainīt var tikai šī klienta plāna melnrakstu; apstiprinātam plānam izveidojiet jaunu versiju",
                            "only a draft of this client's plan can be changed; make a new version of an approved plan"));
        return KP_EINVAL;
    }
    if (used) {
        kp_errors_add(e, "plan_id", in->plan_id, "%s",
                      KP_TR(ctx, "šī melnraksta pakalpojumi jau ir piešķirti; izveidojiet jaunu versiju",
                            "services of this draft are already granted; make a new version"));
        return KP_EINVAL;
    }
    size_t before = e->n;
    kp_v_text_lines(ctx, e, "goals", in->goals, 4000, false);
    kp_date review = kp_v_date(ctx, e, "review_on", in->review_on, false);
    kp_date made = KP_DATE_NONE;
    kp_date_parse_iso(row.created_on, &made);
    kp_v_period(ctx, e, "review_on", made, review);
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_access_client(ctx, client, true);
    if (rc)
        return rc;
    rc = kp_q_plan_update_draft(ctx->db, plan, in->goals, in->review_on);
    if (!rc)
        rc = kp_q_plan_items_delete(ctx->db, plan);
    if (!rc)
        rc = kp_audit(ctx, "update", "support_plan", plan, client, "draft changed");
    return rc;
}

static kp_rc do_plan_save(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    const kp_cw_plan_in *in = arg;
    size_t before = e->n;
    /* Scope first: nothing about a plan or person outside it may show. */
    int64_t client = 0;
    kp_rc scope = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (scope)
        return scope;
    int64_t plan = kp_blank(in->plan_id) ? 0 : kp_v_int(ctx, e, "plan_id", in->plan_id, 1, INT64_MAX, true, 0);
    if (plan) {
        int64_t owner = 0;
        kp_q_plan_client(ctx->db, plan, &owner);
        if (owner != client) {
            e->n = before;
            return KP_ENOTFOUND;
        }
    }
    check_items(ctx, in, e);
    if (e->n != before) {
        /* The plan's own fields are checked too, so every message shows at
         * once; nothing is written. */
        if (!plan) {
            kp_v_text_lines(ctx, e, "goals", in->goals, 4000, false);
            kp_v_date(ctx, e, "review_on", in->review_on, false);
            kp_v_date(ctx, e, "created_on", in->created_on, true);
        }
        return KP_EINVAL;
    }
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    if (plan) {
        rc = reset_draft(ctx, in, client, plan, e);
    } else {
        kp_plan_in p = {.client_id = in->client_id, .goals = in->goals, .review_on = in->review_on,
                        .created_on = in->created_on};
        rc = kp_plan_create(ctx, &p, e, &plan);
    }
    char pid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)plan);
    long saved = e->line;
    for (size_t i = 0; !rc && i < in->n_items; i++) {
        const kp_cw_item_in *it = &in->items[i];
        if (item_blank(it))
            continue;
        e->line = (long)i + 1;
        kp_plan_item_in pi = {.plan_id = pid, .service = it->service, .volume = it->volume,
                              .provider_id = it->provider_id, .start_date = it->start_date,
                              .end_date = it->end_date, .goal = it->goal};
        rc = kp_plan_add_item(ctx, &pi, e, NULL);
    }
    e->line = saved;
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc)
        *id_out = plan;
    return rc;
}

kp_rc kp_cw_plan_save(kp_ctx *ctx, const kp_cw_plan_in *in, const char *token, int64_t now, kp_errors *e,
                      int64_t *id_out, bool *repeated)
{
    if (!in || (in->n_items && !in->items))
        return KP_EINVAL;
    return kp_cw_once(ctx, token, now, do_plan_save, (void *)in, e, id_out, repeated);
}

kp_rc kp_cw_plan_approve(kp_ctx *ctx, int64_t client_id, int64_t plan_id, const char *approved_on, const char *token,
                         int64_t now, kp_errors *e, bool *repeated)
{
    if (!ctx || !e)
        return KP_EINVAL;
    if (client_id <= 0)
        return KP_ENOTFOUND;
    kp_cmd_approve c = {.client_id = client_id, .plan_id = plan_id, .approved_on = approved_on};
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(ctx, KP_CMD_APPROVE_PLAN, &c, sizeof c, token, now, e, NULL, &out);
    if (repeated)
        *repeated = out.repeated;
    return rc;
}
