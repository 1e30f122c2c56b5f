/* Projects, their payment requests, and compensation paid to
 * municipalities with the ESF/state split rounded per payment. */
#include "service/access.h"
#include "service/insert.h"
#include "service/territory.h"
#include "service/programme/programme.h"
#include "service/programme/claim_sql.h"
#include "service/validate.h"
#include "core/money.h"
#include <string.h>

static int64_t project_by_number(kp_ctx *ctx, kp_errors *e, const char *field, const char *number, char region[8])
{
    if (kp_blank(number)) {
        kp_errors_add(e, field, "", "%s", KP_TR(ctx, "obligāts lauks: aizpildiet to", "required: fill it in"));
        return 0;
    }
    int64_t id = 0;
    (void)kp_q_project_by_number(ctx->db, number, &id, region);
    if (!id)
        kp_errors_add(e, field, number, "%s",
                      KP_TR(ctx, "nav tāda projekta: norādiet projekta numuru, piemēram, 9.2.2.1/15/I/001",
                            "no such project: give the project number, e.g. 9.2.2.1/15/I/001"));
    return id;
}

kp_rc kp_project_add(kp_ctx *ctx, const kp_project_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "project");
    if (kp_v_text(ctx, e, "number", in->number, 40, true) && !kp_blank(in->number)) {
        int64_t dup = 0;
        char dup_region[8];
        (void)kp_q_project_by_number(ctx->db, in->number, &dup, dup_region);
        if (dup)
            kp_errors_add(e, "number", in->number, "%s", KP_TR(ctx, "projekts ar šo numuru jau ir", "a project with this number exists"));
    }
    kp_v_text(ctx, e, "name", in->name, 200, true);
    kp_v_region(ctx, e, "region", in->region);
    kp_date start = kp_v_date(ctx, e, "start_date", in->start_date, true);
    kp_date end = kp_v_date(ctx, e, "end_date", in->end_date, true);
    kp_v_period(ctx, e, "end_date", start, end);
    kp_cents budget = kp_v_money(ctx, e, "budget", in->budget, true);
    kp_cents esf = kp_v_money(ctx, e, "esf", in->esf, true);
    kp_cents state = kp_v_money(ctx, e, "state", in->state, true);
    if (budget >= 0 && esf >= 0 && state >= 0 && esf + state != budget)
        kp_errors_add(e, "state", in->state, "%s",
                      KP_TR(ctx, "ESF un valsts daļa kopā nav vienāda ar budžetu", "the ESF and state parts do not add up to the budget"));
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, in->region, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_project_insert(ctx->db, id, in, budget, esf, state, &new_id);
    return kp_insert_audited_end(ctx, rc, "project", new_id, 0, id_out);
}

kp_rc kp_payment_request_add(kp_ctx *ctx, const kp_payment_request_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    char region[8] = "";
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "payment_request");
    int64_t project = project_by_number(ctx, e, "project", in->project, region);
    int64_t number = kp_v_int(ctx, e, "number", in->number, 1, 9999, true, 0);
    kp_date from = kp_v_date(ctx, e, "period_start", in->period_start, true);
    kp_date to = kp_v_date(ctx, e, "period_end", in->period_end, true);
    kp_v_period(ctx, e, "period_end", from, to);
    kp_v_date(ctx, e, "submitted_on", in->submitted_on, true);
    kp_cents amount = kp_v_money(ctx, e, "amount", in->amount, true);
    if (project && number) {
        bool dup = false;
        (void)kp_q_payment_request_taken(ctx->db, project, number, &dup);
        if (dup)
            kp_errors_add(e, "number", in->number, "%s",
                          KP_TR(ctx, "maksājuma pieprasījums ar šo numuru jau ir", "a payment request with this number exists"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_payment_request_insert(ctx->db, id, project, number, in, amount, &new_id);
    return kp_insert_audited_end(ctx, rc, "payment_request", new_id, 0, id_out);
}

kp_rc kp_compensation_add(kp_ctx *ctx, const kp_compensation_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    char region[8] = "";
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "compensation_payment");
    int64_t project = project_by_number(ctx, e, "project", in->project, region);
    kp_date from = kp_v_date(ctx, e, "period_start", in->period_start, true);
    kp_date to = kp_v_date(ctx, e, "period_end", in->period_end, true);
    kp_v_period(ctx, e, "period_end", from, to);
    kp_date paid = kp_v_date(ctx, e, "paid_on", in->paid_on, true);
    (void)paid;
    int64_t municipality = kp_v_municipality(ctx, e, "municipality", in->municipality, from, true);
    kp_cents amount = kp_v_money(ctx, e, "amount", in->amount, true);
    if (amount == 0)
        kp_errors_add(e, "amount", in->amount, "%s", KP_TR(ctx, "summai jābūt lielākai par nulli", "the amount must be above zero"));
    kp_cents esf = 0, state = 0;
    if (amount > 0) {
        kp_money_split_esf(amount, &esf, &state);
        kp_cents given_esf = kp_blank(in->esf) ? esf : kp_v_money(ctx, e, "esf", in->esf, false);
        kp_cents given_state = kp_blank(in->state) ? state : kp_v_money(ctx, e, "state", in->state, false);
        if (given_esf >= 0 && given_esf != esf)
            kp_errors_add(e, "esf", in->esf, "%s",
                          KP_TR(ctx, "ESF daļa nav 85 % no maksājuma, noapaļota līdz centam",
                                "the ESF part is not 85 % of the payment rounded to the cent"));
        if (given_state >= 0 && given_state != state)
            kp_errors_add(e, "state", in->state, "%s",
                          KP_TR(ctx, "valsts daļa nav maksājums mīnus ESF daļa", "the state part is not the payment minus the ESF part"));
    }
    if (project && municipality) {
        /* The region it belonged to in the period paid for. */
        char mregion[8] = "";
        kp_territory_region_at(ctx, municipality, from, mregion);
        if (strcmp(mregion, region) != 0)
            kp_errors_add(e, "municipality", in->municipality, "%s",
                          KP_TR(ctx, "pašvaldība nav projekta reģionā", "the municipality is not in the project's region"));
    }
    if (e->n != before)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t new_id = 0;
    rc = kp_q_compensation_insert(ctx->db, id, project, municipality, in, amount, esf, state, &new_id);
    return kp_insert_audited_end(ctx, rc, "compensation_payment", new_id, 0, id_out);
}
