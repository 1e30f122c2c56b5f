/* Legal representatives as dated links between two clients: a parent,
 * guardian or foster parent represents a person (a child) for a period
 * (see people.h). The single client.representative_id of before is kept,
 * for compatibility, as the representative in force when a link last
 * changed. */
#include "service/casework/people.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/client_sql.h"
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
    return kp_q_client_sync_representative(ctx->db, client, today);
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
        kp_q_period o;
        bool found = false;
        rc = kp_q_link_overlap(ctx->db, client, rep, in->valid_from, in->valid_to, &o, &found);
        if (rc)
            return rc;
        if (found)
            kp_errors_add(e, "valid_from", in->valid_from, "%s: %s – %s",
                          KP_TR(ctx, "pārklājas ar šī paša pārstāvja saiti", "overlaps this representative's link"),
                          o.from, o.to[0] ? o.to : KP_TR(ctx, "šodien", "now"));
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_link_add(ctx->db, id, client, rep, kind, in->valid_from, in->valid_to, &id);
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
    kp_q_link l;
    bool found = false;
    rc = kp_q_link_get(ctx->db, link, client_id, &l, &found);
    if (rc)
        return rc;
    int64_t rep = l.representative_id;
    const char *from = l.p.from, *old_to = l.p.to;
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
    rc = kp_q_link_end(ctx->db, link, iso);
    if (!rc)
        rc = sync_column(ctx, client_id);
    kp_field_change ch[] = {{"valid_to", old_to, iso}};
    if (!rc)
        rc = kp_audit_change(ctx, "end_representative", "client_representative", link, client_id, iso, reason, ch, 1);
    if (!rc)
        rc = kp_audit_change(ctx, "end_represented", "client_representative", link, rep, iso, reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}
