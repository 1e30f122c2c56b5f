/* The table of case-work commands (commands.h): register a client, assign
 * a service, approve a support plan — each with its typed input, run once
 * per token inside one transaction by kp_cw_once, whatever the front end. */
#include "service/casework/commands.h"
#include "service/casework/casework.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/assignment_sql.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

/* What a command's body gets: its input, where warnings go, and the flag it
 * raises when they need confirming. */
typedef struct cmd_call {
    const void *in;
    kp_errors *w;
    bool needs_confirm;
} cmd_call;

typedef kp_rc (*cmd_screen_fn)(kp_ctx *ctx, const void *in, kp_errors *e);

/* Moves the errors e gained since `before` into w (they were warnings). */
static void move_warnings(kp_errors *e, size_t before, kp_errors *w)
{
    for (size_t i = before; w && i < e->n; i++)
        kp_errors_add(w, e->items[i].field, e->items[i].value, "%s", e->items[i].message);
    e->n = before;
}

/* ---- register_client ---------------------------------------------------- */

static kp_rc register_screen(kp_ctx *ctx, const void *in, kp_errors *e)
{
    /* A refusal that must be audited for good is made before the
     * transaction that would roll its audit record back. */
    return kp_client_register_screen(ctx, &((const kp_cmd_register *)in)->client, e);
}

/* Registers the client and, when the caller is a social worker, makes them
 * the client's responsible worker — the same for the form and the API. */
static kp_rc register_run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    cmd_call *c = arg;
    const kp_cmd_register *in = c->in;
    size_t before = e->n;
    int64_t id = 0;
    kp_rc rc = kp_client_register(ctx, &in->client, e, &id);
    if (rc)
        return rc;
    /* What kp_client_register adds after success is its warning. */
    bool warned = e->n > before;
    move_warnings(e, before, c->w);
    if (warned && !in->confirmed) {
        c->needs_confirm = true;
        return KP_ECONFLICT;
    }
    if (ctx->role == KP_ROLE_SOCIAL_WORKER && ctx->user_id > 0) {
        char today[11];
        kp_date_format_iso(kp_ctx_today(ctx), today);
        rc = kp_q_assignment_worker_add(ctx->db, id, ctx->user_id, today);
        if (!rc)
            rc = kp_audit(ctx, "assign_worker", "client", id, id, "registered by the worker");
    }
    if (!rc)
        *id_out = id;
    return rc;
}

/* ---- assign_service ----------------------------------------------------- */

static kp_rc assign_run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    cmd_call *c = arg;
    const kp_cmd_assign *in = c->in;
    size_t before = e->n;
    int64_t client = 0;
    /* Scope first: nothing about a client outside it may show, not even
     * that a warning would apply. */
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->assignment.client_id, true, &client);
    if (rc)
        return rc;
    if (e->n != before)
        return KP_EINVAL;
    kp_errors w;
    kp_errors_init(&w);
    rc = kp_assignment_warnings(ctx, client, &w);
    if (!rc)
        rc = kp_assignment_create(ctx, &in->assignment, e, id_out);
    /* Field errors first; the warnings are asked about once the request is
     * otherwise fine, and come back with the record when confirmed. */
    if ((!rc || rc == KP_EINVAL || rc == KP_ERULE) && c->w)
        for (size_t i = 0; i < w.n; i++)
            kp_errors_add(c->w, w.items[i].field, "", "%s", w.items[i].message);
    if (!rc && w.n && !in->confirmed) {
        c->needs_confirm = true;
        rc = KP_ECONFLICT; /* rolled back by kp_cw_once */
    }
    kp_errors_free(&w);
    return rc;
}

/* ---- approve_plan ------------------------------------------------------- */

static kp_rc approve_screen(kp_ctx *ctx, const void *arg, kp_errors *e)
{
    (void)e;
    const kp_cmd_approve *in = arg;
    int64_t owner = 0;
    if (in->plan_id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_q_plan_client(ctx->db, in->plan_id, &owner);
    if (rc)
        return rc;
    /* The client the request names first, then the plan must be that
     * client's: another client's plan, even one the caller may see,
     * answers as an unknown one. */
    int64_t client = in->client_id ? in->client_id : owner;
    if (!client)
        return KP_ENOTFOUND;
    rc = kp_access_client(ctx, client, true);
    if (rc)
        return rc;
    return owner == client ? KP_OK : KP_ENOTFOUND;
}

static kp_rc approve_run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    const kp_cmd_approve *in = ((cmd_call *)arg)->in;
    kp_rc rc = kp_plan_approve(ctx, in->plan_id, in->approved_on, e);
    if (!rc)
        *id_out = in->plan_id;
    return rc;
}

/* ---- the table ---------------------------------------------------------- */

typedef struct cmd_row {
    kp_cmd_def def;
    cmd_screen_fn screen; /* outside the transaction; may be NULL */
    kp_cw_write_fn run;   /* inside it, once per token */
} cmd_row;

static const cmd_row COMMANDS[KP_CMD_COUNT] = {
    {{KP_CMD_REGISTER_CLIENT, "register_client", sizeof(kp_cmd_register)}, register_screen, register_run},
    {{KP_CMD_ASSIGN_SERVICE, "assign_service", sizeof(kp_cmd_assign)}, NULL, assign_run},
    {{KP_CMD_APPROVE_PLAN, "approve_plan", sizeof(kp_cmd_approve)}, approve_screen, approve_run},
};

const kp_cmd_def *kp_cmd_find(kp_cmd_id id)
{
    if ((int)id < 0 || id >= KP_CMD_COUNT)
        return NULL;
    return &COMMANDS[id].def;
}

kp_rc kp_cmd_run(kp_ctx *ctx, kp_cmd_id id, const void *in, size_t in_size, const char *token, int64_t now,
                 kp_errors *e, kp_errors *w, kp_cmd_out *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    const kp_cmd_def *def = kp_cmd_find(id);
    if (!ctx || !in || !e || !def || def->in_size != in_size)
        return KP_EINVAL;
    const cmd_row *row = &COMMANDS[id];
    kp_rc rc = row->screen ? row->screen(ctx, in, e) : KP_OK;
    if (rc)
        return rc;
    cmd_call call = {.in = in, .w = w};
    int64_t rid = 0;
    bool repeated = false;
    rc = kp_cw_once(ctx, token, now, row->run, &call, e, &rid, &repeated);
    if (out) {
        out->id = rc ? 0 : rid;
        out->repeated = repeated;
        out->needs_confirm = call.needs_confirm && rc == KP_ECONFLICT;
    }
    return rc;
}
