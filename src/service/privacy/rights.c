/* Restriction of processing (Art. 18) and the legal basis and consent of a
 * client's data per purpose (Art. 6, 7, 9): privacy.h. */
#include "service/privacy/privacy.h"
#include "core/date.h"
#include "core/mem.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/privacy/privacy_sql.h"
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
    const char *actor = ctx->actor ? ctx->actor : "unknown";
    rc = kp_q_restriction_open(ctx->db, client_id, &open);
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
    if (lift)
        rc = kp_q_restriction_lift(ctx->db, open, ctx->now, actor, reason);
    else
        rc = kp_q_restriction_insert(ctx->db, client_id, reason, ctx->now, actor, &id);
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
    bool row = false;
    rc = kp_q_restriction_of(ctx->db, client_id, out, &row);
    if (!rc)
        out->active = row;
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
    kp_q_basis_prev old;
    bool row = false;
    rc = kp_q_basis_current(ctx->db, client_id, p->code, &old, &row);
    if (rc)
        goto out;
    const char *old6 = old.art6, *old9 = old.art9, *oldg = old.consent_given_on, *oldw = old.consent_withdrawn_on;
    if (old.id) {
        rc = kp_q_basis_supersede(ctx->db, old.id, ctx->now);
        if (rc)
            goto out;
    }
    char g[11] = "", w[11] = "";
    if (given != KP_DATE_NONE)
        kp_date_format_iso(given, g);
    if (withdrawn != KP_DATE_NONE)
        kp_date_format_iso(withdrawn, w);
    int64_t id = 0;
    kp_q_basis_new row_in = {.client_id = client_id, .purpose = p->code, .art6 = a6, .art9 = a9 ? a9 : "",
                             .consent_given_on = g, .consent_withdrawn_on = w, .note = in->note ? in->note : "",
                             .recorded_by = ctx->actor ? ctx->actor : "unknown", .recorded_at = ctx->now};
    rc = kp_q_basis_insert(ctx->db, &row_in, &id);
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
    rc = kp_q_bases_of(ctx->db, client_id, out);
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
    rc = kp_q_privacy_card(ctx->db, client_id, restriction, bases);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_restriction", restriction->id, client_id, "");
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_legal_basis", 0, client_id, "");
    if (rc)
        kp_bases_free(bases);
    return rc;
}
