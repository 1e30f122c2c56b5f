/* Legal representatives as dated links between two clients: a parent,
 * guardian or foster parent represents a person (a child) for a period
 * (see people.h). The single client.representative_id of before is kept,
 * for compatibility, as the representative in force when a link last
 * changed. */
#include "service/casework/people.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

static const char *const KINDS[] = {"legal_representative", "parent", "guardian", "foster_parent", NULL};

/* client.representative_id := the representative in force today (the
 * longest-standing link), for readers of the old column. */
static kp_rc sync_column(kp_ctx *ctx, int64_t client)
{
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    kp_param p[] = {KP_PTEXT(today), KP_PINT(client)};
    return kp_sql_exec(ctx->db,
                       "UPDATE client SET representative_id = (SELECT l.representative_id FROM client_representative l"
                       " WHERE l.client_id = ?2 AND l.valid_from <= ?1 AND (l.valid_to IS NULL OR l.valid_to >= ?1)"
                       " ORDER BY l.valid_from, l.id LIMIT 1) WHERE id = ?2",
                       p, 2);
}

kp_rc kp_representative_link(kp_ctx *ctx, const kp_representative_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc || !client)
        return rc ? rc : KP_EINVAL;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "client_representative");
    int64_t rep = kp_v_int(ctx, e, "representative_id", in->representative_id, 1, INT64_MAX, true, 0);
    /* Out of scope and unknown look the same. */
    if (rep && kp_access_client(ctx, rep, false) != KP_OK) {
        kp_errors_add(e, "representative_id", in->representative_id, "%s",
                      KP_TR(ctx, "nav tāda ieraksta: pārbaudiet klienta numuru", "no such record: check the client number"));
        rep = 0;
    }
    if (rep && rep == client)
        kp_errors_add(e, "representative_id", in->representative_id, "%s",
                      KP_TR(ctx, "persona nevar būt pati savs likumiskais pārstāvis",
                            "a person is not their own legal representative"));
    const char *kind = kp_v_enum(ctx, e, "kind", in->kind, KINDS, true);
    kp_date from = kp_v_date(ctx, e, "valid_from", in->valid_from, true);
    kp_date to = kp_v_date(ctx, e, "valid_to", in->valid_to, false);
    kp_v_period(ctx, e, "valid_to", from, to);
    if (e->n == before) {
        /* One link per pair at a time. */
        char both[24] = "", a[11] = "", b[11] = "";
        kp_param p[] = {KP_PINT(client), KP_PINT(rep), KP_PTEXT(in->valid_from),
                        {.t = KP_P_TEXT, .s = kp_blank(in->valid_to) ? "9999-12-31" : in->valid_to}};
        rc = kp_sql_text(ctx->db,
                         "SELECT valid_from || ' ' || COALESCE(valid_to, '') FROM client_representative"
                         " WHERE client_id = ?1 AND representative_id = ?2 AND valid_from <= ?4"
                         " AND COALESCE(valid_to, '9999-12-31') >= ?3 ORDER BY valid_from LIMIT 1",
                         p, KP_NPARAMS(p), both, sizeof both);
        if (rc)
            return rc;
        if (both[0]) {
            snprintf(a, sizeof a, "%.10s", both);
            snprintf(b, sizeof b, "%.10s", strlen(both) > 11 ? both + 11 : "");
            kp_errors_add(e, "valid_from", in->valid_from, "%s: %s – %s",
                          KP_TR(ctx, "pārklājas ar šī paša pārstāvja saiti", "overlaps this representative's link"), a,
                          b[0] ? b : KP_TR(ctx, "šodien", "now"));
        }
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param q[] = {KP_PREF(id), KP_PINT(client), KP_PINT(rep), KP_PTEXT(kind), KP_PTEXT(in->valid_from),
                    KP_PTEXT(in->valid_to)};
    rc = kp_sql_insert(ctx->db,
                       "INSERT INTO client_representative(id, client_id, representative_id, kind, valid_from, valid_to)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       q, KP_NPARAMS(q), &id);
    char rep_text[24];
    snprintf(rep_text, sizeof rep_text, "%lld", (long long)rep);
    kp_field_change ch[] = {{"representative_id", "", rep_text},
                            {"kind", "", kind},
                            {"valid_to", "", kp_blank(in->valid_to) ? "" : in->valid_to}};
    if (!rc)
        rc = sync_column(ctx, client);
    /* On both people's history. */
    if (!rc)
        rc = kp_audit_change(ctx, "link_representative", "client_representative", id, client, in->valid_from, "", ch,
                             kp_blank(in->valid_to) ? 2 : 3);
    if (!rc)
        rc = kp_audit_change(ctx, "link_represented", "client_representative", id, rep, in->valid_from, "", ch,
                             kp_blank(in->valid_to) ? 2 : 3);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_representative_end(kp_ctx *ctx, int64_t client_id, const char *link_id, const char *valid_to,
                            const char *reason, kp_errors *e)
{
    if (!ctx || !e || client_id <= 0)
        return KP_EINVAL;
    size_t before = e->n;
    kp_rc rc = kp_access_client(ctx, client_id, true);
    if (rc)
        return rc;
    int64_t link = kp_v_int(ctx, e, "link_id", link_id, 1, INT64_MAX, true, 0);
    kp_date to = kp_v_date(ctx, e, "valid_to", valid_to, true);
    kp_v_text_lines(ctx, e, "reason", reason, KP_REASON_MAX, true);
    if (!link)
        return KP_EINVAL;
    char from[11] = "", old_to[11] = "";
    int64_t rep = 0;
    kp_param p[] = {KP_PINT(link), KP_PINT(client_id)};
    rc = kp_sql_int(ctx->db, "SELECT representative_id FROM client_representative WHERE id = ? AND client_id = ?", p, 2,
                    0, &rep);
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT valid_from FROM client_representative WHERE id = ? AND client_id = ?", p, 2,
                         from, sizeof from);
    if (!rc)
        rc = kp_sql_text(ctx->db, "SELECT COALESCE(valid_to, '') FROM client_representative WHERE id = ? AND client_id = ?",
                         p, 2, old_to, sizeof old_to);
    if (rc)
        return rc;
    if (!rep)
        return KP_ENOTFOUND; /* another person's link looks like none */
    kp_date start = KP_DATE_NONE;
    kp_date_parse_iso(from, &start);
    kp_v_period(ctx, e, "valid_to", start, to);
    char iso[11] = "";
    if (to != KP_DATE_NONE)
        kp_date_format_iso(to, iso);
    if (e->n == before && old_to[0] && strcmp(old_to, iso) == 0)
        kp_errors_add(e, "valid_to", valid_to, "%s",
                      KP_TR(ctx, "saite jau beidzas šajā datumā", "the link already ends on that date"));
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param q[] = {KP_PTEXT(iso), KP_PINT(link)};
    rc = kp_sql_exec(ctx->db, "UPDATE client_representative SET valid_to = ? WHERE id = ?", q, 2);
    if (!rc)
        rc = sync_column(ctx, client_id);
    kp_field_change ch[] = {{"valid_to", old_to, iso}};
    if (!rc)
        rc = kp_audit_change(ctx, "end_representative", "client_representative", link, client_id, iso, reason, ch, 1);
    if (!rc)
        rc = kp_audit_change(ctx, "end_represented", "client_representative", link, rep, iso, reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}
