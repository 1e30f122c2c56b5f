/* Programme records over time: corrected indicator values and money
 * records, closed providers and facilities, places from a date
 * (corrections.h). */
#include "service/programme/corrections.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/territory.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A date for messages: "31.12.2021." in Latvian, "31.12.2021" in English. */
static void show_date(const kp_ctx *ctx, const char *iso, char out[12])
{
    kp_date d = 0;
    out[0] = '\0';
    if (kp_date_parse_iso(iso, &d) == KP_OK)
        kp_date_format_lv(d, out);
    size_t n = strlen(out);
    if (n && kp_ctx_is_en(ctx) && out[n - 1] == '.')
        out[n - 1] = '\0';
}

static void need_reason(kp_ctx *ctx, kp_errors *e, const char *reason)
{
    kp_v_text_lines(ctx, e, "reason", reason, 500, true);
}

/* The day a correction takes effect into out: today when not given; a
 * given day must be today unless the operator records a history. Never
 * after today, never before `not_before` (ISO, may be ""). */
static void effective_day(kp_ctx *ctx, kp_errors *e, const char *given, const char *not_before, const char *what,
                          char out[11])
{
    kp_date today = kp_ctx_today(ctx);
    out[0] = '\0';
    kp_date d = today;
    if (!kp_blank(given)) {
        size_t before = e->n;
        d = kp_v_date(ctx, e, "corrected_on", given, true);
        if (e->n != before)
            return;
        if (d > today) {
            kp_errors_add(e, "corrected_on", given, "%s",
                          KP_TR(ctx, "labojuma diena ir nākotnē: labojums stājas spēkā dienā, kad to ieraksta",
                                "the correction's day is in the future: a correction takes effect on the day it is recorded"));
            return;
        }
        if (d != today && ctx->role != KP_ROLE_SYSTEM) {
            kp_errors_add(e, "corrected_on", given, "%s",
                          KP_TR(ctx, "labojums stājas spēkā šodien: atstājiet šo lauku tukšu",
                                "a correction takes effect today: leave this field empty"));
            return;
        }
    }
    kp_date_format_iso(d, out);
    if (not_before && not_before[0] && strcmp(out, not_before) < 0) {
        char shown[12];
        show_date(ctx, not_before, shown);
        kp_errors_add(e, "corrected_on", given ? given : out,
                      KP_TR(ctx, "labojums nevar būt pirms %s (%s)", "a correction cannot come before %s (%s)"), shown,
                      what);
        out[0] = '\0';
    }
}

/* The later of two ISO dates ("" counts as none). */
static const char *later(const char *a, const char *b)
{
    return strcmp(a, b) >= 0 ? a : b;
}

/* ---- indicator values ------------------------------------------------- */

kp_rc kp_indicator_value_correct(kp_ctx *ctx, const kp_indicator_correction_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    size_t before = e->n;
    /* Scope first: another region's indicator and an unknown one answer
     * the same. */
    int64_t indicator = kp_v_int(ctx, e, "indicator_id", in->indicator_id, 1, INT64_MAX, true, 0);
    if (e->n != before)
        return KP_EINVAL;
    char region[8] = "", source[16] = "";
    kp_param p[] = {KP_PINT(indicator)};
    kp_rc rc = kp_sql_text(ctx->db, "SELECT region_code FROM indicator WHERE id = ?", p, 1, region, sizeof region);
    if (rc)
        return rc;
    rc = region[0] ? kp_access_region(ctx, region, true) : KP_ENOTFOUND;
    if (rc)
        return rc;
    kp_sql_text(ctx->db, "SELECT source FROM indicator WHERE id = ?", p, 1, source, sizeof source);
    if (strcmp(source, "entered") != 0)
        kp_errors_add(e, "indicator_id", in->indicator_id, "%s",
                      KP_TR(ctx, "šo rādītāju aprēķina no ierakstiem; to nelabo",
                            "this indicator is computed from records; it is not corrected"));
    int64_t year = kp_v_int(ctx, e, "period_year", in->period_year, 2000, 2100, true, 0);
    int64_t value = kp_v_int(ctx, e, "value", in->value, 0, INT32_MAX, true, -1);
    need_reason(ctx, e, in->reason);
    int64_t vid = 0, old = -1;
    char entered[11] = "", last[11] = "", on[11] = "";
    if (year && !strcmp(source, "entered")) {
        kp_param q[] = {KP_PINT(indicator), KP_PINT(year)};
        kp_sql_int(ctx->db, "SELECT id FROM indicator_value WHERE indicator_id = ? AND period_year = ?", q, 2, 0, &vid);
        if (!vid)
            kp_errors_add(e, "period_year", in->period_year, "%s",
                          KP_TR(ctx, "šim gadam vērtība nav ievadīta: ievadiet to, nevis labojiet",
                                "no value is entered for this year: enter it rather than correct it"));
    }
    if (vid) {
        kp_param q[] = {KP_PINT(vid)};
        kp_sql_int(ctx->db, "SELECT value FROM indicator_value WHERE id = ?", q, 1, -1, &old);
        kp_sql_text(ctx->db, "SELECT entered_on FROM indicator_value WHERE id = ?", q, 1, entered, sizeof entered);
        kp_sql_text(ctx->db, "SELECT MAX(replaced_on) FROM indicator_value_version WHERE indicator_value_id = ?", q, 1,
                    last, sizeof last);
        if (value >= 0 && value == old)
            kp_errors_add(e, "value", in->value, "%s",
                          KP_TR(ctx, "vērtība jau ir tāda: labojums to nemaina", "the value already is this: the correction changes nothing"));
        effective_day(ctx, e, in->corrected_on, later(entered, last),
                      KP_TR(ctx, "vērtības ievadīšana vai iepriekšējais labojums",
                            "the value's entry or its previous correction"),
                      on);
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param v[] = {KP_PINT(vid), KP_PINT(old), KP_PTEXT(on), KP_PTEXT(ctx->actor), KP_PTEXT(in->reason)};
    rc = kp_sql_exec(ctx->db,
                     "INSERT INTO indicator_value_version(indicator_value_id, value, replaced_on, corrected_by, reason)"
                     " VALUES (?, ?, ?, COALESCE(?4, ''), ?5)",
                     v, KP_NPARAMS(v));
    kp_param u[] = {KP_PINT(value), KP_PINT(vid)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "UPDATE indicator_value SET value = ? WHERE id = ?", u, 2);
    char o[24], n[24];
    snprintf(o, sizeof o, "%lld", (long long)old);
    snprintf(n, sizeof n, "%lld", (long long)value);
    kp_field_change ch[] = {{"value", o, n}};
    if (!rc)
        rc = kp_audit_change(ctx, "correct", "indicator_value", vid, 0, on, in->reason, ch, 1);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = vid;
    return rc;
}

kp_rc kp_indicator_corrections(kp_ctx *ctx, const char *region, kp_value_corrections *out)
{
    if (!ctx || !region || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    size_t cap = 0;
    rc = kp_store_prepare(ctx->db,
                          "SELECT v.indicator_id, v.period_year, h.value,"
                          " COALESCE(LEAD(h.value) OVER (PARTITION BY h.indicator_value_id ORDER BY h.replaced_on, h.id),"
                          "  v.value), h.replaced_on, h.corrected_by, h.reason"
                          " FROM indicator_value_version h JOIN indicator_value v ON v.id = h.indicator_value_id"
                          " JOIN indicator i ON i.id = v.indicator_id WHERE i.region_code = ?"
                          " ORDER BY h.replaced_on, h.id",
                          &s);
    kp_param p[] = {KP_PTEXT(region)};
    if (!rc)
        rc = kp_sql_bind(s, p, 1);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            out->items = kp_xrealloc(out->items, cap * sizeof *out->items);
        }
        kp_value_correction *c = &out->items[out->n++];
        memset(c, 0, sizeof *c);
        c->indicator_id = kp_stmt_int(s, 0);
        c->period_year = (int)kp_stmt_int(s, 1);
        c->old_value = kp_stmt_int(s, 2);
        c->new_value = kp_stmt_int(s, 3);
        snprintf(c->on, sizeof c->on, "%.10s", kp_stmt_text(s, 4));
        snprintf(c->actor, sizeof c->actor, "%.63s", kp_stmt_text(s, 5));
        c->reason = kp_xstrdup(kp_stmt_text(s, 6));
    }
    kp_stmt_free(s);
    if (rc)
        kp_value_corrections_free(out);
    return rc;
}

void kp_value_corrections_free(kp_value_corrections *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].reason);
    free(c->items);
    memset(c, 0, sizeof *c);
}

/* ---- money -------------------------------------------------------------- */

/* A money record as it is now, and the checks both kinds share. */
typedef struct money_now {
    int64_t id, project, municipality;
    char region[8], start[11], end[11], done[11], last[11];
    kp_cents amount;
} money_now;

/* Validates the fields of a correction against the record now; new_* get
 * the values after it. */
static void check_money(kp_ctx *ctx, const kp_payment_correction_in *in, const money_now *m, bool payment, kp_errors *e,
                        char new_start[11], char new_end[11], kp_cents *new_amount, char on[11])
{
    size_t before = e->n;
    kp_date from = kp_v_date(ctx, e, "period_start", in->period_start, false);
    kp_date to = kp_v_date(ctx, e, "period_end", in->period_end, false);
    kp_cents amount = kp_v_money(ctx, e, "amount", in->amount, false);
    need_reason(ctx, e, in->reason);
    snprintf(new_start, 11, "%s", from == KP_DATE_NONE ? m->start : in->period_start);
    snprintf(new_end, 11, "%s", to == KP_DATE_NONE ? m->end : in->period_end);
    *new_amount = amount < 0 ? m->amount : amount;
    if (payment && amount == 0)
        kp_errors_add(e, "amount", in->amount, "%s",
                      KP_TR(ctx, "summai jābūt lielākai par nulli", "the amount must be above zero"));
    if (e->n == before && strcmp(new_end, new_start) < 0)
        kp_errors_add(e, "period_end", kp_blank(in->period_end) ? new_end : in->period_end, "%s",
                      KP_TR(ctx, "perioda beigas ir pirms tā sākuma", "the period ends before it starts"));
    if (e->n == before && !strcmp(new_start, m->start) && !strcmp(new_end, m->end) && *new_amount == m->amount)
        kp_errors_add(e, "amount", in->amount ? in->amount : "", "%s",
                      KP_TR(ctx, "labojums neko nemaina: norādiet jauno summu vai periodu",
                            "the correction changes nothing: give the new amount or period"));
    if (payment && e->n == before && from != KP_DATE_NONE) {
        /* The municipality must belong to the project's region in the
         * period paid for, as when the payment was recorded. */
        char mregion[8] = "";
        kp_territory_region_at(ctx, m->municipality, from, mregion);
        if (strcmp(mregion, m->region) != 0)
            kp_errors_add(e, "period_start", in->period_start, "%s",
                          KP_TR(ctx, "šajā periodā pašvaldība nebija projekta reģionā",
                                "in this period the municipality was not in the project's region"));
    }
    effective_day(ctx, e, in->corrected_on, later(m->done, m->last),
                  payment ? KP_TR(ctx, "maksājums vai tā iepriekšējais labojums", "the payment or its previous correction")
                          : KP_TR(ctx, "iesniegšana vai iepriekšējais labojums", "the submission or its previous correction"),
                  on);
}

/* Loads the record (scope first: project's region); KP_ENOTFOUND when
 * unknown or out of scope. */
static kp_rc load_money(kp_ctx *ctx, kp_errors *e, const char *id_text, bool payment, money_now *m)
{
    memset(m, 0, sizeof *m);
    size_t before = e->n;
    m->id = kp_v_int(ctx, e, "id", id_text, 1, INT64_MAX, true, 0);
    if (e->n != before)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(m->id)};
    kp_rc rc = kp_sql_text(ctx->db,
                           payment ? "SELECT j.region_code FROM compensation_payment c JOIN project j ON j.id = c.project_id"
                                     " WHERE c.id = ?"
                                   : "SELECT j.region_code FROM payment_request r JOIN project j ON j.id = r.project_id"
                                     " WHERE r.id = ?",
                           p, 1, m->region, sizeof m->region);
    if (rc)
        return rc;
    rc = m->region[0] ? kp_access_region(ctx, m->region, true) : KP_ENOTFOUND;
    if (rc)
        return rc;
    if (payment) {
        kp_sql_int(ctx->db, "SELECT municipality_id FROM compensation_payment WHERE id = ?", p, 1, 0, &m->municipality);
        kp_sql_text(ctx->db, "SELECT period_start FROM compensation_payment WHERE id = ?", p, 1, m->start, sizeof m->start);
        kp_sql_text(ctx->db, "SELECT period_end FROM compensation_payment WHERE id = ?", p, 1, m->end, sizeof m->end);
        kp_sql_text(ctx->db, "SELECT paid_on FROM compensation_payment WHERE id = ?", p, 1, m->done, sizeof m->done);
        kp_sql_int(ctx->db, "SELECT amount_cents FROM compensation_payment WHERE id = ?", p, 1, 0, &m->amount);
        rc = kp_sql_text(ctx->db, "SELECT MAX(replaced_on) FROM compensation_payment_version WHERE payment_id = ?", p, 1,
                         m->last, sizeof m->last);
    } else {
        kp_sql_text(ctx->db, "SELECT period_start FROM payment_request WHERE id = ?", p, 1, m->start, sizeof m->start);
        kp_sql_text(ctx->db, "SELECT period_end FROM payment_request WHERE id = ?", p, 1, m->end, sizeof m->end);
        kp_sql_text(ctx->db, "SELECT submitted_on FROM payment_request WHERE id = ?", p, 1, m->done, sizeof m->done);
        kp_sql_int(ctx->db, "SELECT amount_cents FROM payment_request WHERE id = ?", p, 1, 0, &m->amount);
        rc = kp_sql_text(ctx->db, "SELECT MAX(replaced_on) FROM payment_request_version WHERE request_id = ?", p, 1,
                         m->last, sizeof m->last);
    }
    return rc;
}

/* The audit's field changes of a money correction: only what changed. */
static size_t money_changes(const money_now *m, const char *start, const char *end, kp_cents amount, char bufs[2][24],
                            kp_field_change ch[3])
{
    size_t n = 0;
    if (strcmp(start, m->start))
        ch[n++] = (kp_field_change){"period_start", m->start, start};
    if (strcmp(end, m->end))
        ch[n++] = (kp_field_change){"period_end", m->end, end};
    if (amount != m->amount) {
        snprintf(bufs[0], 24, "%lld", (long long)m->amount);
        snprintf(bufs[1], 24, "%lld", (long long)amount);
        ch[n++] = (kp_field_change){"amount_cents", bufs[0], bufs[1]};
    }
    return n;
}

kp_rc kp_compensation_correct(kp_ctx *ctx, const kp_payment_correction_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    money_now m;
    kp_rc rc = load_money(ctx, e, in->id, true, &m);
    if (rc)
        return rc;
    size_t before = e->n;
    char start[11], end[11], on[11];
    kp_cents amount = 0;
    check_money(ctx, in, &m, true, e, start, end, &amount, on);
    if (e->n != before)
        return KP_EINVAL;
    kp_cents esf = 0, state = 0;
    kp_money_split_esf(amount, &esf, &state);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param v[] = {KP_PINT(m.id), KP_PTEXT(on), KP_PTEXT(ctx->actor), KP_PTEXT(in->reason)};
    rc = kp_sql_exec(ctx->db,
                     "INSERT INTO compensation_payment_version(payment_id, period_start, period_end, amount_cents,"
                     " esf_cents, state_cents, replaced_on, corrected_by, reason)"
                     " SELECT id, period_start, period_end, amount_cents, esf_cents, state_cents, ?2, COALESCE(?3, ''), ?4"
                     " FROM compensation_payment WHERE id = ?1",
                     v, KP_NPARAMS(v));
    kp_param u[] = {KP_PTEXT(start), KP_PTEXT(end), KP_PINT(amount), KP_PINT(esf), KP_PINT(state), KP_PINT(m.id)};
    if (!rc)
        rc = kp_sql_exec(ctx->db,
                         "UPDATE compensation_payment SET period_start = ?, period_end = ?, amount_cents = ?, esf_cents = ?,"
                         " state_cents = ? WHERE id = ?",
                         u, KP_NPARAMS(u));
    char bufs[2][24];
    kp_field_change ch[3];
    size_t n = money_changes(&m, start, end, amount, bufs, ch);
    if (!rc)
        rc = kp_audit_change(ctx, "correct", "compensation_payment", m.id, 0, on, in->reason, ch, n);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_payment_request_correct(kp_ctx *ctx, const kp_payment_correction_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    money_now m;
    kp_rc rc = load_money(ctx, e, in->id, false, &m);
    if (rc)
        return rc;
    size_t before = e->n;
    char start[11], end[11], on[11];
    kp_cents amount = 0;
    check_money(ctx, in, &m, false, e, start, end, &amount, on);
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param v[] = {KP_PINT(m.id), KP_PTEXT(on), KP_PTEXT(ctx->actor), KP_PTEXT(in->reason)};
    rc = kp_sql_exec(ctx->db,
                     "INSERT INTO payment_request_version(request_id, period_start, period_end, amount_cents, replaced_on,"
                     " corrected_by, reason)"
                     " SELECT id, period_start, period_end, amount_cents, ?2, COALESCE(?3, ''), ?4 FROM payment_request"
                     " WHERE id = ?1",
                     v, KP_NPARAMS(v));
    kp_param u[] = {KP_PTEXT(start), KP_PTEXT(end), KP_PINT(amount), KP_PINT(m.id)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "UPDATE payment_request SET period_start = ?, period_end = ?, amount_cents = ? WHERE id = ?",
                         u, KP_NPARAMS(u));
    char bufs[2][24];
    kp_field_change ch[3];
    size_t n = money_changes(&m, start, end, amount, bufs, ch);
    if (!rc)
        rc = kp_audit_change(ctx, "correct", "payment_request", m.id, 0, on, in->reason, ch, n);
    return kp_store_finish(ctx->db, rc);
}

/* ---- providers and facilities ------------------------------------------ */

/* The record's id from the input; KP_EINVAL (message on "id") when not a
 * number. */
static kp_rc record_id(kp_ctx *ctx, kp_errors *e, const char *field, const char *v, int64_t *id)
{
    size_t before = e->n;
    *id = kp_v_int(ctx, e, field, v, 1, INT64_MAX, true, 0);
    return e->n == before ? KP_OK : KP_EINVAL;
}

/* Shared by the two closures: the day and reason, not already closed, not
 * before it began. */
static void check_closure(kp_ctx *ctx, const kp_closure_in *in, const char *began, const char *closed, kp_errors *e)
{
    size_t before = e->n;
    kp_v_date(ctx, e, "closed_on", in->closed_on, true);
    need_reason(ctx, e, in->reason);
    char shown[12];
    if (closed[0]) {
        show_date(ctx, closed, shown);
        kp_errors_add(e, "closed_on", in->closed_on ? in->closed_on : "",
                      KP_TR(ctx, "jau slēgts %s", "already closed on %s"), shown);
    } else if (e->n == before && strcmp(in->closed_on, began) < 0) {
        show_date(ctx, began, shown);
        kp_errors_add(e, "closed_on", in->closed_on,
                      KP_TR(ctx, "slēgšanas diena ir pirms darbības sākuma (%s)", "the closing day comes before it began (%s)"),
                      shown);
    }
}

kp_rc kp_provider_close(kp_ctx *ctx, const kp_closure_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    /* Scope first: only administrators (and the operator) change the
     * register of providers. */
    if (ctx->role != KP_ROLE_SYSTEM && ctx->role != KP_ROLE_ADMIN)
        return KP_EDENIED;
    int64_t id = 0;
    kp_rc rc = record_id(ctx, e, "id", in->id, &id);
    if (rc)
        return rc;
    char began[11] = "", closed[11] = "", last[11] = "";
    kp_param p[] = {KP_PINT(id)};
    rc = kp_sql_text(ctx->db, "SELECT registered_on FROM provider WHERE id = ?", p, 1, began, sizeof began);
    if (rc)
        return rc;
    if (!began[0])
        return KP_ENOTFOUND;
    kp_sql_text(ctx->db, "SELECT COALESCE(closed_on, '') FROM provider WHERE id = ?", p, 1, closed, sizeof closed);
    kp_sql_text(ctx->db,
                "SELECT MAX(d.delivered_on) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                " WHERE a.provider_id = ?",
                p, 1, last, sizeof last);
    size_t before = e->n;
    check_closure(ctx, in, began, closed, e);
    if (e->n == before && last[0] && strcmp(in->closed_on, last) < 0) {
        char shown[12];
        show_date(ctx, last, shown);
        kp_errors_add(e, "closed_on", in->closed_on,
                      KP_TR(ctx, "sniedzējam ir ierakstīti sniegtie pakalpojumi līdz %s: slēdziet ne agrāk",
                            "services are recorded for this provider up to %s: close it on that day or later"),
                      shown);
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param u[] = {KP_PTEXT(in->closed_on), KP_PTEXT(in->reason), KP_PINT(id)};
    rc = kp_sql_exec(ctx->db, "UPDATE provider SET closed_on = ?, closed_reason = ? WHERE id = ?", u, 3);
    kp_field_change ch[] = {{"closed_on", "", in->closed_on}};
    if (!rc)
        rc = kp_audit_change(ctx, "close", "provider", id, 0, in->closed_on, in->reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}

/* A facility's provider, scope-checked for a change. */
static kp_rc facility_scope(kp_ctx *ctx, int64_t facility)
{
    int64_t provider = 0;
    kp_param p[] = {KP_PINT(facility)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT provider_id FROM facility WHERE id = ?", p, 1, 0, &provider);
    if (rc)
        return rc;
    if (!provider)
        return KP_ENOTFOUND;
    rc = kp_access_provider(ctx, provider, true);
    /* Others may read providers but change none: the same answer as for
     * an unknown facility would tell them nothing new, so say denied. */
    return rc;
}

kp_rc kp_facility_close(kp_ctx *ctx, const kp_closure_in *in, kp_errors *e)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    int64_t id = 0;
    kp_rc rc = record_id(ctx, e, "id", in->id, &id);
    if (rc)
        return rc;
    rc = facility_scope(ctx, id);
    if (rc)
        return rc;
    char began[11] = "", closed[11] = "";
    kp_param p[] = {KP_PINT(id)};
    kp_sql_text(ctx->db, "SELECT opened_on FROM facility WHERE id = ?", p, 1, began, sizeof began);
    kp_sql_text(ctx->db, "SELECT COALESCE(closed_on, '') FROM facility WHERE id = ?", p, 1, closed, sizeof closed);
    size_t before = e->n;
    check_closure(ctx, in, began, closed, e);
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param u[] = {KP_PTEXT(in->closed_on), KP_PTEXT(in->reason), KP_PINT(id)};
    rc = kp_sql_exec(ctx->db, "UPDATE facility SET closed_on = ?, closed_reason = ? WHERE id = ?", u, 3);
    kp_field_change ch[] = {{"closed_on", "", in->closed_on}};
    if (!rc)
        rc = kp_audit_change(ctx, "close", "facility", id, 0, in->closed_on, in->reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}

kp_rc kp_facility_places_change(kp_ctx *ctx, const kp_places_change_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    int64_t row = 0;
    kp_rc rc = record_id(ctx, e, "facility_service_id", in->facility_service_id, &row);
    if (rc)
        return rc;
    int64_t facility = 0;
    kp_param p[] = {KP_PINT(row)};
    rc = kp_sql_int(ctx->db, "SELECT facility_id FROM facility_service WHERE id = ?", p, 1, 0, &facility);
    if (rc)
        return rc;
    if (!facility)
        return KP_ENOTFOUND;
    rc = facility_scope(ctx, facility);
    if (rc)
        return rc;
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "facility_service");
    int64_t places = kp_v_int(ctx, e, "places", in->places, 0, 100000, true, -1);
    kp_v_date(ctx, e, "valid_from", in->valid_from, true);
    need_reason(ctx, e, in->reason);
    char from[11] = "", to[11] = "", opened[11] = "", closed[11] = "", shown[12];
    int64_t old = -1;
    kp_sql_text(ctx->db, "SELECT valid_from FROM facility_service WHERE id = ?", p, 1, from, sizeof from);
    kp_sql_text(ctx->db, "SELECT COALESCE(valid_to, '') FROM facility_service WHERE id = ?", p, 1, to, sizeof to);
    kp_sql_int(ctx->db, "SELECT places FROM facility_service WHERE id = ?", p, 1, -1, &old);
    kp_param f[] = {KP_PINT(facility)};
    kp_sql_text(ctx->db, "SELECT opened_on FROM facility WHERE id = ?", f, 1, opened, sizeof opened);
    kp_sql_text(ctx->db, "SELECT COALESCE(closed_on, '') FROM facility WHERE id = ?", f, 1, closed, sizeof closed);
    if (e->n == before) {
        if (strcmp(in->valid_from, from) <= 0) {
            show_date(ctx, from, shown);
            kp_errors_add(e, "valid_from", in->valid_from,
                          KP_TR(ctx, "jāsākas pēc %s, kad sākās pašreizējais vietu skaits",
                                "must come after %s, when the present number of places began"),
                          shown);
        } else if (to[0] && strcmp(in->valid_from, to) > 0) {
            show_date(ctx, to, shown);
            kp_errors_add(e, "valid_from", in->valid_from,
                          KP_TR(ctx, "šis pakalpojums šajā vietā beidzās %s: pēc tam vietu nav",
                                "this service ended at this facility on %s: there are no places after it"),
                          shown);
        } else if (closed[0] && strcmp(in->valid_from, closed) > 0) {
            show_date(ctx, closed, shown);
            kp_errors_add(e, "valid_from", in->valid_from,
                          KP_TR(ctx, "vieta slēgta %s", "the facility closed on %s"), shown);
        } else if (places == old) {
            kp_errors_add(e, "places", in->places, "%s",
                          KP_TR(ctx, "vietu skaits jau ir tāds: izmaiņa neko nemaina",
                                "the number of places already is this: the change changes nothing"));
        }
    }
    (void)opened;
    if (e->n != before)
        return KP_EINVAL;
    kp_date start = 0;
    kp_date_parse_iso(in->valid_from, &start);
    char day_before[11];
    kp_date_format_iso(start - 1, day_before);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param u[] = {KP_PTEXT(day_before), KP_PINT(row)};
    rc = kp_sql_exec(ctx->db, "UPDATE facility_service SET valid_to = ? WHERE id = ?", u, 2);
    kp_param q[] = {KP_PREF(id), KP_PINT(places), KP_PTEXT(in->valid_from), KP_PTEXT(to), KP_PINT(row),
                    KP_PTEXT(in->reason)};
    int64_t created = 0;
    if (!rc)
        rc = kp_sql_insert(ctx->db,
                           "INSERT INTO facility_service(id, facility_id, service_code, target_group, places, valid_from,"
                           " valid_to, replaces_id, change_reason)"
                           " SELECT ?1, facility_id, service_code, target_group, ?2, ?3, ?4, id, ?6 FROM facility_service"
                           " WHERE id = ?5",
                           q, KP_NPARAMS(q), &created);
    char o[24] = "", n[24], svc[64] = "";
    if (old >= 0)
        snprintf(o, sizeof o, "%lld", (long long)old);
    snprintf(n, sizeof n, "%lld", (long long)places);
    kp_sql_text(ctx->db, "SELECT service_code || '/' || target_group FROM facility_service WHERE id = ?", p, 1, svc,
                sizeof svc);
    char field[80];
    snprintf(field, sizeof field, "places %s", svc);
    kp_field_change ch[] = {{field, o, n}};
    if (!rc)
        rc = kp_audit_change(ctx, "places", "facility", facility, 0, in->valid_from, in->reason, ch, 1);
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = created;
    return rc;
}
