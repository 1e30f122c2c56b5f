/* Reading the data of case documents (see case_docs.h). */
#include "service/casework/case_docs.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/case_docs_sql.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kp_rc load_client(kp_ctx *ctx, int64_t id, kp_doc_client *c)
{
    bool found = false;
    kp_rc rc = kp_q_case_doc_client(ctx->db, id, c, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc)
        c->id = id;
    return rc;
}

void kp_doc_plan_free(kp_doc_plan *p)
{
    if (!p)
        return;
    free(p->items);
    p->items = NULL;
    p->nitems = 0;
}

kp_rc kp_doc_plan_load(kp_ctx *ctx, int64_t plan_id, kp_doc_plan *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    bool found = false;
    int64_t client = 0;
    kp_rc rc = kp_q_case_doc_plan(ctx->db, plan_id, out, &client, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc)
        out->id = plan_id;
    if (!rc)
        rc = kp_access_client(ctx, client, false);
    if (!rc)
        rc = load_client(ctx, client, &out->client);
    if (!rc)
        rc = kp_q_case_doc_plan_items(ctx->db, plan_id, out);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "support_plan", plan_id, client, "document");
    if (rc)
        kp_doc_plan_free(out);
    return rc;
}

kp_rc kp_doc_assignment_load(kp_ctx *ctx, int64_t assignment_id, kp_doc_assignment *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    bool found = false;
    int64_t client = 0, provider = 0;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_rc rc = kp_q_case_doc_assignment(ctx->db, assignment_id, today, out, &client, &provider, &found);
    if (!rc && !found)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = assignment_id;
        /* Provider staff see the documents of their own referrals only, not
         * those of another provider for a client they also serve. */
        if (ctx->role == KP_ROLE_PROVIDER && provider != ctx->provider_id)
            rc = KP_ENOTFOUND;
    }
    if (!rc)
        rc = kp_access_client(ctx, client, false);
    if (!rc)
        rc = load_client(ctx, client, &out->client);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "assignment", assignment_id, client, "document");
    return rc;
}

/* Keeps a statement line of a client whose records the municipality holds
 * at the month's end. */
typedef struct statement_arg {
    kp_ctx *ctx;
    kp_doc_statement *out;
    int64_t muni;
    kp_date last;
    size_t cap;
} statement_arg;

static kp_rc add_line(const kp_doc_statement_line *line, int64_t municipality, void *arg)
{
    statement_arg *a = arg;
    int64_t holder = 0;
    kp_rc rc = kp_municipality_rollup(a->ctx, municipality, a->last, &holder);
    if (rc || holder != a->muni)
        return rc;
    kp_doc_statement *out = a->out;
    if (out->nlines == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        out->lines = kp_xrealloc(out->lines, a->cap * sizeof *out->lines);
    }
    out->lines[out->nlines++] = *line;
    return KP_OK;
}

void kp_doc_statement_free(kp_doc_statement *s)
{
    if (!s)
        return;
    free(s->lines);
    s->lines = NULL;
    s->nlines = 0;
}

kp_rc kp_doc_statement_load(kp_ctx *ctx, int64_t provider_id, const char *atvk, const char *month,
                            kp_doc_statement *out)
{
    if (!ctx || !atvk || !month || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    int y = 0, m = 0;
    if (strlen(month) != 7 || sscanf(month, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12 || y < 1900 || y > 2999)
        return KP_EINVAL;
    kp_rc rc = kp_access_provider(ctx, provider_id, false);
    if (rc)
        return rc;
    int days = 31;
    while (days > 28 && !kp_date_valid_ymd(y, m, days))
        days--;
    kp_date last = kp_date_from_ymd(y, m, days);
    char from[11], to[11];
    kp_date_format_iso(kp_date_from_ymd(y, m, 1), from);
    kp_date_format_iso(last, to);
    int64_t muni = 0;
    rc = kp_q_case_doc_municipality_by_atvk(ctx->db, atvk, &muni);
    if (!rc && !muni)
        rc = KP_ENOTFOUND;
    /* The statement names clients: besides the provider's own staff, only
     * those who may read that municipality's records see it. */
    if (!rc && ctx->role != KP_ROLE_PROVIDER)
        rc = kp_access_municipality(ctx, muni, false);
    if (!rc)
        rc = kp_q_case_doc_provider(ctx->db, provider_id, out);
    if (!rc && !out->provider[0])
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_q_case_doc_municipality_name(ctx->db, muni, out->municipality, sizeof out->municipality);
    snprintf(out->month, sizeof out->month, "%s", month);
    statement_arg a = {.ctx = ctx, .out = out, .muni = muni, .last = last};
    if (!rc)
        rc = kp_q_case_doc_statement_lines(ctx->db, provider_id, from, to, add_line, &a);
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "statement %s %s", atvk, month);
        rc = kp_audit_access(ctx, "read", "provider", provider_id, 0, detail);
    }
    /* The statement names people: each one named is a read of their data. */
    for (size_t i = 0; !rc && i < out->nlines; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = out->lines[k].client_id == out->lines[i].client_id;
        if (!seen)
            rc = kp_audit_access(ctx, "list", "client", out->lines[i].client_id, out->lines[i].client_id, "statement");
    }
    if (rc)
        kp_doc_statement_free(out);
    return rc;
}
