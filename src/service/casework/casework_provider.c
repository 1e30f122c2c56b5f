/* Provider staff's work: referrals received, a day's attendance of a group
 * recorded in one form, and the monthly statement per municipality (see
 * casework.h). */
#include "service/casework/casework.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/assignment_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_referrals_free(kp_referrals *r)
{
    if (!r)
        return;
    free(r->items);
    memset(r, 0, sizeof *r);
}

void kp_attendance_free(kp_attendance *a)
{
    if (!a)
        return;
    free(a->items);
    memset(a, 0, sizeof *a);
}

void kp_statement_free(kp_statement *s)
{
    if (!s)
        return;
    free(s->items);
    memset(s, 0, sizeof *s);
}

/* The provider whose records the caller works on: provider staff their
 * own, the system the one it names. Lists name clients of many
 * municipalities, so nobody else reads them. */
static kp_rc provider_scope(kp_ctx *ctx, int64_t asked, int64_t *out)
{
    if (ctx->role == KP_ROLE_PROVIDER) {
        if (asked && asked != ctx->provider_id)
            return KP_ENOTFOUND;
        *out = ctx->provider_id;
        return KP_OK;
    }
    if (ctx->role == KP_ROLE_SYSTEM) {
        if (asked <= 0)
            return KP_EINVAL;
        *out = asked;
        return KP_OK;
    }
    return KP_EDENIED;
}

static int cmp_id(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* One "list" audit record per distinct client in ids[0..n) (sorted here). */
static kp_rc audit_clients(kp_ctx *ctx, int64_t *ids, size_t n)
{
    if (!n)
        return KP_OK;
    qsort(ids, n, sizeof *ids, cmp_id);
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++)
        if (i == 0 || ids[i] != ids[i - 1])
            rc = kp_audit_access(ctx, "list", "client", ids[i], ids[i], "");
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_referrals_list(kp_ctx *ctx, int64_t provider_id, bool only_active, kp_referrals *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    int64_t pid = 0;
    kp_rc rc = provider_scope(ctx, provider_id, &pid);
    if (rc)
        return rc;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    rc = kp_q_assignment_referrals(ctx->db, pid, only_active, today, kp_cw_lang(ctx), out);
    if (!rc && out->n) {
        int64_t *ids = kp_xmalloc(out->n * sizeof *ids);
        for (size_t i = 0; i < out->n; i++)
            ids[i] = out->items[i].client_id;
        rc = audit_clients(ctx, ids, out->n);
        free(ids);
    }
    if (rc)
        kp_referrals_free(out);
    return rc;
}

kp_rc kp_attendance_group(kp_ctx *ctx, int64_t provider_id, const char *service, const char *on, kp_errors *e,
                          kp_attendance *out)
{
    if (!ctx || !out || !e)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    int64_t pid = 0;
    kp_rc rc = provider_scope(ctx, provider_id, &pid);
    if (rc)
        return rc;
    size_t before = e->n;
    kp_v_service(ctx, e, "service", service);
    kp_v_date(ctx, e, "delivered_on", on, true);
    if (e->n != before)
        return KP_EINVAL;
    snprintf(out->service, sizeof out->service, "%s", service);
    snprintf(out->on, sizeof out->on, "%s", on);
    rc = kp_q_assignment_attendance(ctx->db, pid, service, on, out);
    if (!rc && out->n) {
        int64_t *ids = kp_xmalloc(out->n * sizeof *ids);
        for (size_t i = 0; i < out->n; i++)
            ids[i] = out->items[i].client_id;
        rc = audit_clients(ctx, ids, out->n);
        free(ids);
    }
    if (rc)
        kp_attendance_free(out);
    return rc;
}

typedef struct attendance_arg {
    int64_t provider;
    const char *on;
    const kp_attendance_in *rows;
    size_t n;
    size_t recorded;
} attendance_arg;

/* Checks what kp_delivery_record does not: the row is this provider's and
 * the date is not recorded yet. Adds messages; true when fine. */
static bool row_ok(kp_ctx *ctx, const attendance_arg *a, const kp_attendance_in *r, kp_errors *e)
{
    int64_t id = kp_v_int(ctx, e, "assignment_id", r->assignment_id, 1, INT64_MAX, true, 0);
    if (!id)
        return false;
    int64_t provider = 0, already = 0;
    kp_q_assignment_provider(ctx->db, id, &provider);
    if (provider != a->provider) {
        kp_errors_add(e, "assignment_id", r->assignment_id, "%s",
                      KP_TR(ctx, "šis nosūtījums nav uz jūsu iestādi", "this referral is not to your provider"));
        return false;
    }
    kp_q_assignment_delivery_count_on(ctx->db, id, a->on, &already);
    if (already) {
        kp_errors_add(e, "units", r->units, "%s",
                      KP_TR(ctx, "šai dienai apmeklējums jau ir ierakstīts", "attendance on this date is already recorded"));
        return false;
    }
    return true;
}

static kp_rc do_attendance(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id_out)
{
    attendance_arg *a = arg;
    size_t before = e->n;
    a->recorded = 0;
    kp_v_date(ctx, e, "delivered_on", a->on, true);
    size_t given = 0;
    for (size_t i = 0; i < a->n; i++)
        if (!kp_blank(a->rows[i].units))
            given++;
    if (!given)
        kp_errors_add(e, "rows", "", "%s",
                      KP_TR(ctx, "ierakstiet apmeklējumu vismaz vienai personai", "enter attendance for at least one person"));
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    long saved = e->line;
    int64_t first = 0;
    bool refused = false;
    for (size_t i = 0; i < a->n && !rc; i++) {
        const kp_attendance_in *r = &a->rows[i];
        if (kp_blank(r->units))
            continue;
        e->line = (long)i + 1;
        if (!row_ok(ctx, a, r, e)) {
            refused = true;
            continue;
        }
        kp_delivery_in d = {.assignment_id = r->assignment_id, .delivered_on = a->on, .units = r->units};
        int64_t id = 0;
        kp_rc one = kp_delivery_record(ctx, &d, e, &id);
        if (one == KP_EINVAL) {
            refused = true; /* every row is still checked, so all show */
            continue;
        }
        rc = one;
        if (!rc && !first)
            first = id;
        if (!rc)
            a->recorded++;
    }
    if (!rc && refused)
        rc = KP_EINVAL;
    e->line = saved;
    if (rc) {
        kp_store_rollback(ctx->db);
        a->recorded = 0;
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (rc)
        a->recorded = 0;
    else
        *id_out = first;
    return rc;
}

kp_rc kp_attendance_record(kp_ctx *ctx, int64_t provider_id, const char *on, const kp_attendance_in *rows, size_t n,
                           const char *token, int64_t now, kp_errors *e, size_t *recorded, bool *repeated)
{
    if (!ctx || !e || (n && !rows))
        return KP_EINVAL;
    if (recorded)
        *recorded = 0;
    int64_t pid = 0;
    kp_rc rc = provider_scope(ctx, provider_id, &pid);
    if (rc)
        return rc;
    rc = kp_access_provider(ctx, pid, true);
    if (rc)
        return rc;
    attendance_arg a = {.provider = pid, .on = on, .rows = rows, .n = n};
    rc = kp_cw_once(ctx, token, now, do_attendance, &a, e, NULL, repeated);
    if (!rc && recorded)
        *recorded = a.recorded;
    return rc;
}

static int by_place(const void *x, const void *y)
{
    const kp_statement_row *a = x, *b = y;
    int c = strcmp(a->municipality, b->municipality);
    if (!c)
        c = strcmp(a->family_name, b->family_name);
    if (!c)
        c = strcmp(a->given_name, b->given_name);
    if (!c)
        c = (a->client_id > b->client_id) - (a->client_id < b->client_id);
    if (!c)
        c = strcmp(a->service, b->service);
    return c;
}

kp_rc kp_provider_statement(kp_ctx *ctx, int64_t provider_id, const char *month, int64_t municipality_id,
                            kp_errors *e, kp_statement *out)
{
    if (!ctx || !out || !e)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    int64_t pid = 0;
    kp_rc rc = provider_scope(ctx, provider_id, &pid);
    if (rc)
        return rc;
    char from[16] = "", to[16] = "";
    kp_date first = 0;
    if (month && strlen(month) == 7)
        snprintf(from, sizeof from, "%s-01", month);
    if (kp_date_parse_iso(from, &first) != KP_OK) {
        kp_errors_add(e, "month", month ? month : "", "%s",
                      KP_TR(ctx, "norādiet mēnesi formā GGGG-MM, piemēram, 2021-09",
                            "give the month as YYYY-MM, e.g. 2021-09"));
        return KP_EINVAL;
    }
    snprintf(to, sizeof to, "%s-31", month);
    int y, m, d;
    kp_date_to_ymd(first, &y, &m, &d);
    kp_date last = (m == 12 ? kp_date_from_ymd(y + 1, 1, 1) : kp_date_from_ymd(y, m + 1, 1)) - 1;
    snprintf(out->month, sizeof out->month, "%s", month);
    out->provider_id = pid;
    rc = kp_q_assignment_provider_name(ctx->db, pid, out->provider, sizeof out->provider);
    if (rc)
        return rc;
    rc = kp_q_assignment_statement_rows(ctx->db, pid, from, to, kp_cw_lang(ctx), out);
    /* The municipality that pays is the one holding the records at the
     * month's end (records made before a reform roll up). */
    size_t kept = 0;
    for (size_t i = 0; i < out->n && !rc; i++) {
        kp_statement_row *r = &out->items[i];
        int64_t holder = 0;
        rc = kp_municipality_rollup(ctx, r->municipality_id, last, &holder);
        if (rc)
            break;
        if (municipality_id && holder != municipality_id)
            continue;
        r->municipality_id = holder;
        rc = kp_q_assignment_municipality_name(ctx->db, holder, kp_cw_lang(ctx), r->municipality, sizeof r->municipality);
        if (kept != i)
            out->items[kept] = *r;
        kept++;
    }
    out->n = kept;
    if (!rc && out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_place);
    if (!rc && out->n) {
        int64_t *ids = kp_xmalloc(out->n * sizeof *ids);
        for (size_t i = 0; i < out->n; i++)
            ids[i] = out->items[i].client_id;
        rc = audit_clients(ctx, ids, out->n);
        free(ids);
    }
    if (rc)
        kp_statement_free(out);
    return rc;
}
