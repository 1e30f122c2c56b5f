/* Reading the data of case documents (see case_docs.h). */
#include "service/casework/case_docs.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src ? src : "");
    if (len >= n)
        len = n - 1;
    memcpy(dst, src ? src : "", len);
    dst[len] = '\0';
}

static kp_rc load_client(kp_ctx *ctx, int64_t id, kp_doc_client *c)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT c.given_name, c.family_name, c.birth_date, m.name_lv, t.name_lv FROM client c"
                                " JOIN municipality m ON m.id = c.municipality_id"
                                " JOIN target_group t ON t.code = c.target_group WHERE c.id = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        c->id = id;
        copy(c->given_name, sizeof c->given_name, kp_stmt_text(s, 0));
        copy(c->family_name, sizeof c->family_name, kp_stmt_text(s, 1));
        copy(c->birth_date, sizeof c->birth_date, kp_stmt_text(s, 2));
        copy(c->municipality, sizeof c->municipality, kp_stmt_text(s, 3));
        copy(c->target_group, sizeof c->target_group, kp_stmt_text(s, 4));
    }
    kp_stmt_free(s);
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
    kp_stmt *s = NULL;
    bool row = false;
    int64_t client = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT client_id, version, status, goals, COALESCE(review_on, ''), created_on,"
                                " COALESCE(approved_on, '') FROM support_plan WHERE id = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, plan_id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = plan_id;
        client = kp_stmt_int(s, 0);
        out->version = kp_stmt_int(s, 1);
        copy(out->status, sizeof out->status, kp_stmt_text(s, 2));
        copy(out->goals, sizeof out->goals, kp_stmt_text(s, 3));
        copy(out->review_on, sizeof out->review_on, kp_stmt_text(s, 4));
        copy(out->created_on, sizeof out->created_on, kp_stmt_text(s, 5));
        copy(out->approved_on, sizeof out->approved_on, kp_stmt_text(s, 6));
    }
    kp_stmt_free(s);
    s = NULL;
    if (!rc)
        rc = kp_access_client(ctx, client, false);
    if (!rc)
        rc = load_client(ctx, client, &out->client);
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT st.name_lv, st.unit, i.volume, COALESCE(p.name, ''), i.start_date, i.end_date, i.goal"
                              " FROM plan_item i JOIN service_type st ON st.code = i.service_code"
                              " LEFT JOIN provider p ON p.id = i.provider_id WHERE i.plan_id = ? ORDER BY i.id",
                              &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, plan_id);
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->nitems == cap) {
            cap = cap ? cap * 2 : 8;
            out->items = kp_xrealloc(out->items, cap * sizeof *out->items);
        }
        kp_doc_plan_item *it = &out->items[out->nitems++];
        memset(it, 0, sizeof *it);
        copy(it->service, sizeof it->service, kp_stmt_text(s, 0));
        copy(it->unit, sizeof it->unit, kp_stmt_text(s, 1));
        it->volume = kp_stmt_int(s, 2);
        copy(it->provider, sizeof it->provider, kp_stmt_text(s, 3));
        copy(it->start, sizeof it->start, kp_stmt_text(s, 4));
        copy(it->end, sizeof it->end, kp_stmt_text(s, 5));
        copy(it->goal, sizeof it->goal, kp_stmt_text(s, 6));
    }
    kp_stmt_free(s);
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
    kp_stmt *s = NULL;
    bool row = false;
    int64_t client = 0;
    kp_rc rc = kp_store_prepare(
        ctx->db,
        "SELECT a.client_id, st.name_lv, st.unit, COALESCE(p.name, ''), COALESCE(p.reg_no, ''),"
        " COALESCE((SELECT f.address FROM facility f WHERE f.provider_id = p.id ORDER BY f.id LIMIT 1), ''),"
        " a.start_date, a.end_date, a.decided_on, a.units, COALESCE(a.hours_per_week, 0), COALESCE(a.mode, ''),"
        " a.esf_funded, " KP_ASSIGNMENT_STATUS_SQL("a", "?2") ", COALESCE(sp.version, 0), COALESCE(a.provider_id, 0),"
        " COALESCE(a.cancelled_from, ''), COALESCE(a.granted_end_date, '')"
        " FROM assignment a JOIN service_type st ON st.code = a.service_code"
        " LEFT JOIN provider p ON p.id = a.provider_id LEFT JOIN plan_item i ON i.id = a.plan_item_id"
        " LEFT JOIN support_plan sp ON sp.id = i.plan_id WHERE a.id = ?1",
        &s);
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, assignment_id);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, today);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        out->id = assignment_id;
        client = kp_stmt_int(s, 0);
        copy(out->service, sizeof out->service, kp_stmt_text(s, 1));
        copy(out->unit, sizeof out->unit, kp_stmt_text(s, 2));
        copy(out->provider, sizeof out->provider, kp_stmt_text(s, 3));
        copy(out->provider_reg_no, sizeof out->provider_reg_no, kp_stmt_text(s, 4));
        copy(out->provider_address, sizeof out->provider_address, kp_stmt_text(s, 5));
        copy(out->start, sizeof out->start, kp_stmt_text(s, 6));
        copy(out->end, sizeof out->end, kp_stmt_text(s, 7));
        copy(out->decided_on, sizeof out->decided_on, kp_stmt_text(s, 8));
        out->units = kp_stmt_int(s, 9);
        out->hours_per_week = kp_stmt_int(s, 10);
        copy(out->mode, sizeof out->mode, kp_stmt_text(s, 11));
        out->esf_funded = (int)kp_stmt_int(s, 12);
        copy(out->status, sizeof out->status, kp_stmt_text(s, 13));
        out->plan_version = kp_stmt_int(s, 14);
        copy(out->cancelled_from, sizeof out->cancelled_from, kp_stmt_text(s, 16));
        copy(out->granted_end, sizeof out->granted_end, kp_stmt_text(s, 17));
        /* Provider staff see the documents of their own referrals only, not
         * those of another provider for a client they also serve. */
        if (ctx->role == KP_ROLE_PROVIDER && kp_stmt_int(s, 15) != ctx->provider_id)
            rc = KP_ENOTFOUND;
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_access_client(ctx, client, false);
    if (!rc)
        rc = load_client(ctx, client, &out->client);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "assignment", assignment_id, client, "document");
    return rc;
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
    kp_param mp[] = {KP_PTEXT(atvk)};
    rc = kp_sql_int(ctx->db, "SELECT id FROM municipality WHERE atvk = ?", mp, 1, 0, &muni);
    if (!rc && !muni)
        rc = KP_ENOTFOUND;
    /* The statement names clients: besides the provider's own staff, only
     * those who may read that municipality's records see it. */
    if (!rc && ctx->role != KP_ROLE_PROVIDER)
        rc = kp_access_municipality(ctx, muni, false);
    kp_param pp[] = {KP_PINT(provider_id)};
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT name FROM provider WHERE id = ?", pp, 1, out->provider, sizeof out->provider);
    if (!rc && !out->provider[0])
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT reg_no FROM provider WHERE id = ?", pp, 1, out->provider_reg_no,
                         sizeof out->provider_reg_no);
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT name_lv FROM municipality WHERE id = ?", (kp_param[]){KP_PINT(muni)}, 1,
                         out->municipality, sizeof out->municipality);
    copy(out->month, sizeof out->month, month);
    kp_stmt *s = NULL;
    bool row = false;
    if (!rc)
        rc = kp_store_prepare(ctx->db,
                              "SELECT c.municipality_id, c.family_name || ' ' || c.given_name, st.name_lv, st.unit,"
                              " d.delivered_on, d.units, d.confirmed, c.id FROM delivery d"
                              " JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
                              " JOIN service_type st ON st.code = a.service_code"
                              " WHERE a.provider_id = ? AND d.delivered_on BETWEEN ? AND ?"
                              " ORDER BY d.delivered_on, c.family_name, c.given_name, d.id",
                              &s);
    kp_param q[] = {KP_PINT(provider_id), KP_PTEXT(from), KP_PTEXT(to)};
    if (!rc)
        rc = kp_sql_bind(s, q, 3);
    size_t cap = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        int64_t holder = 0;
        rc = kp_municipality_rollup(ctx, kp_stmt_int(s, 0), last, &holder);
        if (rc || holder != muni)
            continue;
        if (out->nlines == cap) {
            cap = cap ? cap * 2 : 16;
            out->lines = kp_xrealloc(out->lines, cap * sizeof *out->lines);
        }
        kp_doc_statement_line *l = &out->lines[out->nlines++];
        memset(l, 0, sizeof *l);
        copy(l->client, sizeof l->client, kp_stmt_text(s, 1));
        copy(l->service, sizeof l->service, kp_stmt_text(s, 2));
        copy(l->unit, sizeof l->unit, kp_stmt_text(s, 3));
        copy(l->delivered_on, sizeof l->delivered_on, kp_stmt_text(s, 4));
        l->units = kp_stmt_int(s, 5);
        l->confirmed = (int)kp_stmt_int(s, 6);
        l->client_id = kp_stmt_int(s, 7);
    }
    kp_stmt_free(s);
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
