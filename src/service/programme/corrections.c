/* Programme records over time: corrected indicator values and money
 * records, closed providers and facilities, places from a date
 * (corrections.h). */
#include "service/programme/corrections.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/programme/catalogue_sql.h"
#include "service/programme/claim_sql.h"
#include "service/programme/diplan_sql.h"
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
    kp_rc rc = kp_q_indicator_owner(ctx->db, indicator, region, source);
    if (rc)
        return rc;
    rc = region[0] ? kp_access_region(ctx, region, true) : KP_ENOTFOUND;
    if (rc)
        return rc;
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
        (void)kp_q_indicator_value_id(ctx->db, indicator, year, &vid);
        if (!vid)
            kp_errors_add(e, "period_year", in->period_year, "%s",
                          KP_TR(ctx, "šim gadam vērtība nav ievadīta: ievadiet to, nevis labojiet",
                                "no value is entered for this year: enter it rather than correct it"));
    }
    if (vid) {
        (void)kp_q_indicator_value_now(ctx->db, vid, &old, entered, last);
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
    rc = kp_q_indicator_value_correct(ctx->db, vid, old, value, on, ctx->actor, in->reason);
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
    rc = kp_q_indicator_corrections(ctx->db, region, out);
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
    kp_rc rc = kp_q_money_region(ctx->db, m->id, payment, m->region);
    if (rc)
        return rc;
    rc = m->region[0] ? kp_access_region(ctx, m->region, true) : KP_ENOTFOUND;
    if (rc)
        return rc;
    kp_q_money now;
    rc = kp_q_money_now(ctx->db, m->id, payment, &now);
    m->municipality = now.municipality;
    memcpy(m->start, now.start, sizeof m->start);
    memcpy(m->end, now.end, sizeof m->end);
    memcpy(m->done, now.done, sizeof m->done);
    memcpy(m->last, now.last, sizeof m->last);
    m->amount = now.amount;
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
    rc = kp_q_compensation_correct(ctx->db, m.id, on, ctx->actor, in->reason, start, end, amount, esf, state);
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
    rc = kp_q_payment_request_correct(ctx->db, m.id, on, ctx->actor, in->reason, start, end, amount);
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
    rc = kp_q_provider_span(ctx->db, id, began, closed, last);
    if (rc)
        return rc;
    if (!began[0])
        return KP_ENOTFOUND;
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
    rc = kp_q_provider_close(ctx->db, id, in->closed_on, in->reason);
    kp_field_change ch[] = {{"closed_on", "", in->closed_on}};
    if (!rc)
        rc = kp_audit_change(ctx, "close", "provider", id, 0, in->closed_on, in->reason, ch, 1);
    return kp_store_finish(ctx->db, rc);
}

/* A facility's provider, scope-checked for a change. */
static kp_rc facility_scope(kp_ctx *ctx, int64_t facility)
{
    int64_t provider = 0;
    kp_rc rc = kp_q_facility_provider(ctx->db, facility, &provider);
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
    (void)kp_q_facility_span(ctx->db, id, began, closed);
    size_t before = e->n;
    check_closure(ctx, in, began, closed, e);
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_facility_close(ctx->db, id, in->closed_on, in->reason);
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
    rc = kp_q_facility_service_facility(ctx->db, row, &facility);
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
    (void)kp_q_facility_service_now(ctx->db, row, from, to, &old);
    (void)kp_q_facility_span(ctx->db, facility, opened, closed);
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
    int64_t created = 0;
    rc = kp_q_facility_places_change(ctx->db, row, id, places, in->valid_from, day_before, to, in->reason, &created);
    char o[24] = "", n[24], svc[64] = "";
    if (old >= 0)
        snprintf(o, sizeof o, "%lld", (long long)old);
    snprintf(n, sizeof n, "%lld", (long long)places);
    (void)kp_q_facility_service_label(ctx->db, row, svc, sizeof svc);
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
