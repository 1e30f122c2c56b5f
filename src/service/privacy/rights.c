/* Restriction of processing (Art. 18) and the legal basis and consent of a
 * client's data per purpose (Art. 6, 7, 9): privacy.h. */
#include "service/privacy/privacy.h"
#include "core/date.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Municipal staff in write scope, administrators and the operator. */
static kp_rc change_scope(kp_ctx *ctx, int64_t client_id)
{
    if (client_id <= 0)
        return KP_ENOTFOUND;
    return kp_access_client(ctx, client_id, true);
}

static kp_rc restriction_change(kp_ctx *ctx, int64_t client_id, const char *reason, kp_errors *e, bool lift)
{
    if (!ctx || !e)
        return KP_EINVAL;
    size_t before = e->n;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = change_scope(ctx, client_id);
    if (rc)
        goto out;
    if (!kp_v_text_lines(ctx, e, "reason", reason, 1000, true)) {
        rc = KP_EINVAL;
        goto out;
    }
    int64_t open = 0;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(reason), KP_PTEXT(ctx->now),
                    KP_PTEXT(ctx->actor ? ctx->actor : "unknown")};
    rc = kp_sql_int(ctx->db, "SELECT id FROM client_restriction WHERE client_id = ? AND lifted_at IS NULL", p, 1, 0,
                    &open);
    if (rc)
        goto out;
    if (!lift && open) {
        kp_errors_add(e, "", NULL,
                      kp_ctx_is_en(ctx) ? "The record is restricted already; lift the restriction first."
                                        : "Ieraksta apstrāde jau ir ierobežota; vispirms atceliet ierobežojumu.");
        rc = KP_ECONFLICT;
        goto out;
    }
    if (lift && !open) {
        kp_errors_add(e, "", NULL,
                      kp_ctx_is_en(ctx) ? "The record is not restricted." : "Ieraksta apstrāde nav ierobežota.");
        rc = KP_ECONFLICT;
        goto out;
    }
    int64_t id = open;
    if (lift) {
        kp_param q[] = {KP_PTEXT(ctx->now), KP_PTEXT(ctx->actor ? ctx->actor : "unknown"), KP_PTEXT(reason),
                        KP_PINT(open)};
        rc = kp_sql_exec(ctx->db, "UPDATE client_restriction SET lifted_at = ?, lifted_by = ?, lift_reason = ?"
                                  " WHERE id = ?",
                         q, 4);
    } else {
        rc = kp_sql_insert(ctx->db,
                           "INSERT INTO client_restriction(client_id, reason, restricted_at, restricted_by)"
                           " VALUES (?, ?, ?, ?)",
                           p, 4, &id);
    }
    if (rc)
        goto out;
    kp_field_change ch[] = {{"restricted", lift ? "1" : "0", lift ? "0" : "1"}};
    rc = kp_audit_change(ctx, lift ? "privacy_lift_restriction" : "privacy_restrict", "client_restriction", id,
                         client_id, NULL, reason, ch, 1);
out:
    rc = kp_store_finish(ctx->db, rc);
    if (rc && rc != KP_EINVAL && rc != KP_ECONFLICT)
        e->n = before;
    return rc;
}

kp_rc kp_privacy_restrict(kp_ctx *ctx, int64_t client_id, const char *reason, kp_errors *e)
{
    return restriction_change(ctx, client_id, reason, e, false);
}

kp_rc kp_privacy_lift(kp_ctx *ctx, int64_t client_id, const char *reason, kp_errors *e)
{
    return restriction_change(ctx, client_id, reason, e, true);
}

kp_rc kp_privacy_restriction(kp_ctx *ctx, int64_t client_id, kp_restriction *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (client_id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db,
                          "SELECT id, reason, restricted_at, restricted_by FROM client_restriction"
                          " WHERE client_id = ? AND lifted_at IS NULL",
                          &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        out->active = true;
        out->id = kp_stmt_int(s, 0);
        snprintf(out->reason, sizeof out->reason, "%s", kp_stmt_text(s, 1));
        snprintf(out->at, sizeof out->at, "%s", kp_stmt_text(s, 2));
        snprintf(out->by, sizeof out->by, "%s", kp_stmt_text(s, 3));
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_restriction", out->id, client_id, "");
    return rc;
}

/* ---- legal basis and consent ---- */

void kp_bases_free(kp_bases *b)
{
    if (!b)
        return;
    free(b->items);
    memset(b, 0, sizeof *b);
}

static const char *const ART6[] = {"a", "b", "c", "d", "e", "f", NULL};
static const char *const ART9[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", NULL};

kp_rc kp_privacy_basis_set(kp_ctx *ctx, const kp_privacy_config *cfg, int64_t client_id, const kp_basis_in *in,
                           kp_errors *e, int64_t *id_out)
{
    if (!ctx || !cfg || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    bool en = kp_ctx_is_en(ctx);
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = change_scope(ctx, client_id);
    if (rc)
        goto out;
    const kp_purpose *p = NULL;
    if (kp_blank(in->purpose))
        kp_errors_add(e, "purpose", NULL, en ? "Choose the purpose." : "Izvēlieties nolūku.");
    else if (!(p = kp_privacy_purpose(cfg, in->purpose)))
        kp_errors_add(e, "purpose", in->purpose,
                      en ? "No such purpose in the configuration (data/processing_purposes.csv)."
                         : "Konfigurācijā (data/processing_purposes.csv) tāda nolūka nav.");
    const char *a6 = kp_v_enum(ctx, e, "art6", in->art6, ART6, true);
    const char *a9 = kp_v_enum(ctx, e, "art9", in->art9, ART9, false);
    kp_date given = kp_v_date(ctx, e, "consent_given_on", in->consent_given_on, false);
    kp_date withdrawn = kp_v_date(ctx, e, "consent_withdrawn_on", in->consent_withdrawn_on, false);
    kp_v_text_lines(ctx, e, "note", in->note, 1000, false);
    bool consent_basis = (a6 && a6[0] == 'a') || (a9 && a9[0] == 'a');
    if (consent_basis && given == KP_DATE_NONE && kp_blank(in->consent_given_on))
        kp_errors_add(e, "consent_given_on", NULL,
                      en ? "Processing based on consent (point a) needs the date the consent was given."
                         : "Apstrādei uz piekrišanas pamata (a) apakšpunkts) norādiet piekrišanas datumu.");
    if (withdrawn != KP_DATE_NONE && given == KP_DATE_NONE && !kp_blank(in->consent_withdrawn_on) &&
        kp_blank(in->consent_given_on))
        kp_errors_add(e, "consent_withdrawn_on", in->consent_withdrawn_on,
                      en ? "A consent can be withdrawn only after it was given: fill in the date it was given."
                         : "Piekrišanu var atsaukt tikai pēc tās došanas: norādiet piekrišanas datumu.");
    if (withdrawn != KP_DATE_NONE && given != KP_DATE_NONE && withdrawn < given)
        kp_errors_add(e, "consent_withdrawn_on", in->consent_withdrawn_on,
                      en ? "The consent cannot be withdrawn before it was given."
                         : "Piekrišanu nevar atsaukt agrāk, nekā tā dota.");
    if (e->n > before) {
        rc = KP_EINVAL;
        goto out;
    }
    /* The version before, for the history. */
    char old6[2] = "", old9[2] = "", oldg[11] = "", oldw[11] = "";
    int64_t old_id = 0;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db,
                          "SELECT id, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                          " COALESCE(consent_withdrawn_on, '') FROM client_legal_basis"
                          " WHERE client_id = ? AND purpose = ? AND superseded_at IS NULL",
                          &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, p->code);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        old_id = kp_stmt_int(s, 0);
        snprintf(old6, sizeof old6, "%s", kp_stmt_text(s, 1));
        snprintf(old9, sizeof old9, "%s", kp_stmt_text(s, 2));
        snprintf(oldg, sizeof oldg, "%s", kp_stmt_text(s, 3));
        snprintf(oldw, sizeof oldw, "%s", kp_stmt_text(s, 4));
    }
    kp_stmt_free(s);
    if (rc)
        goto out;
    if (old_id) {
        kp_param q[] = {KP_PTEXT(ctx->now), KP_PINT(old_id)};
        rc = kp_sql_exec(ctx->db, "UPDATE client_legal_basis SET superseded_at = ? WHERE id = ?", q, 2);
        if (rc)
            goto out;
    }
    char g[11] = "", w[11] = "";
    if (given != KP_DATE_NONE)
        kp_date_format_iso(given, g);
    if (withdrawn != KP_DATE_NONE)
        kp_date_format_iso(withdrawn, w);
    int64_t id = 0;
    kp_param ins[] = {KP_PINT(client_id), KP_PTEXT(p->code), KP_PTEXT(a6), KP_PTEXT(a9 ? a9 : ""),
                      KP_PTEXT(g), KP_PTEXT(w), KP_PTEXT(in->note ? in->note : ""),
                      KP_PTEXT(ctx->actor ? ctx->actor : "unknown"), KP_PTEXT(ctx->now)};
    /* KP_PTEXT binds NULL for blank text: note is NOT NULL, hence COALESCE. */
    rc = kp_sql_insert(ctx->db,
                       "INSERT INTO client_legal_basis(client_id, purpose, art6, art9, consent_given_on,"
                       " consent_withdrawn_on, note, recorded_by, recorded_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?, ?)",
                       ins, 9, &id);
    if (rc)
        goto out;
    kp_field_change ch[] = {{"purpose", p->code, p->code},
                            {"art6", old6, a6},
                            {"art9", old9, a9 ? a9 : ""},
                            {"consent_given_on", oldg, g},
                            {"consent_withdrawn_on", oldw, w}};
    rc = kp_audit_change(ctx, "privacy_legal_basis", "client_legal_basis", id, client_id, NULL,
                         in->note ? in->note : "", ch, 5);
    if (!rc && id_out)
        *id_out = id;
out:
    rc = kp_store_finish(ctx->db, rc);
    if (rc && rc != KP_EINVAL)
        e->n = before;
    return rc;
}

/* Appends the basis whose nine columns start at column `first` of the
 * current row (id, purpose, art6, art9, consent given and withdrawn, note,
 * recorded by and at). */
static void basis_push(kp_bases *out, kp_stmt *s, int first)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 8;
        out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    kp_basis *b = &out->items[out->n++];
    memset(b, 0, sizeof *b);
    b->id = kp_stmt_int(s, first);
    snprintf(b->purpose, sizeof b->purpose, "%s", kp_stmt_text(s, first + 1));
    snprintf(b->art6, sizeof b->art6, "%s", kp_stmt_text(s, first + 2));
    snprintf(b->art9, sizeof b->art9, "%s", kp_stmt_text(s, first + 3));
    snprintf(b->consent_given_on, sizeof b->consent_given_on, "%s", kp_stmt_text(s, first + 4));
    snprintf(b->consent_withdrawn_on, sizeof b->consent_withdrawn_on, "%s", kp_stmt_text(s, first + 5));
    snprintf(b->note, sizeof b->note, "%s", kp_stmt_text(s, first + 6));
    snprintf(b->recorded_by, sizeof b->recorded_by, "%s", kp_stmt_text(s, first + 7));
    snprintf(b->recorded_at, sizeof b->recorded_at, "%s", kp_stmt_text(s, first + 8));
}

kp_rc kp_privacy_bases(kp_ctx *ctx, int64_t client_id, kp_bases *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (client_id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db,
                          "SELECT id, purpose, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                          " COALESCE(consent_withdrawn_on, ''), note, recorded_by, recorded_at"
                          " FROM client_legal_basis WHERE client_id = ? AND superseded_at IS NULL ORDER BY purpose",
                          &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        basis_push(out, s, 0);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_legal_basis", 0, client_id, "");
    if (rc)
        kp_bases_free(out);
    return rc;
}

/* The restriction in force (kind 'r') and the bases in force (kind 'b',
 * by purpose) as the rows of one statement. */
kp_rc kp_privacy_card(kp_ctx *ctx, int64_t client_id, kp_restriction *restriction, kp_bases *bases)
{
    if (!ctx || !restriction || !bases)
        return KP_EINVAL;
    memset(restriction, 0, sizeof *restriction);
    memset(bases, 0, sizeof *bases);
    if (client_id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db,
                          "SELECT 'r', id, reason, restricted_at, restricted_by, '', '', '', '', '', ''"
                          " FROM client_restriction WHERE client_id = ?1 AND lifted_at IS NULL"
                          " UNION ALL"
                          " SELECT 'b', id, purpose, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                          " COALESCE(consent_withdrawn_on, ''), note, recorded_by, recorded_at, purpose"
                          " FROM client_legal_basis WHERE client_id = ?1 AND superseded_at IS NULL"
                          " ORDER BY 1 DESC, 11",
                          &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (strcmp(kp_stmt_text(s, 0), "r") == 0) {
            restriction->active = true;
            restriction->id = kp_stmt_int(s, 1);
            snprintf(restriction->reason, sizeof restriction->reason, "%s", kp_stmt_text(s, 2));
            snprintf(restriction->at, sizeof restriction->at, "%s", kp_stmt_text(s, 3));
            snprintf(restriction->by, sizeof restriction->by, "%s", kp_stmt_text(s, 4));
            continue;
        }
        basis_push(bases, s, 1);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_restriction", restriction->id, client_id, "");
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_legal_basis", 0, client_id, "");
    if (rc)
        kp_bases_free(bases);
    return rc;
}
