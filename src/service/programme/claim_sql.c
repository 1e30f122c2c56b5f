/* The money aggregate's SQL (see claim_sql.h). */
#include "service/programme/claim_sql.h"
#include "service/rows.h"
#include <string.h>

/* ---- projects and payments ----------------------------------------------- */

kp_rc kp_q_project_by_number(kp_store *st, const char *number, int64_t *id, char region[8])
{
    *id = 0;
    region[0] = '\0';
    kp_param p[] = {KP_PTEXT(number)};
    kp_rc rc = kp_sql_int(st, "SELECT id FROM project WHERE number = ?", p, 1, 0, id);
    if (!rc && *id)
        rc = kp_sql_text(st, "SELECT region_code FROM project WHERE number = ?", p, 1, region, 8);
    return rc;
}

kp_rc kp_q_project_insert(kp_store *st, int64_t id, const kp_project_in *in, kp_cents budget, kp_cents esf,
                          kp_cents state, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),          KP_PTEXT(in->number),   KP_PTEXT(in->name), KP_PTEXT(in->region),
                    KP_PTEXT(in->start_date), KP_PTEXT(in->end_date), KP_PINT(budget),    KP_PINT(esf),
                    KP_PINT(state)};
    return kp_sql_insert(st,
                         "INSERT INTO project(id, number, name, region_code, start_date, end_date, budget_cents,"
                         " esf_cents, state_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_payment_request_taken(kp_store *st, int64_t project, int64_t number, bool *exists)
{
    int64_t one = 0;
    kp_param p[] = {KP_PINT(project), KP_PINT(number)};
    kp_rc rc = kp_sql_int(st, "SELECT 1 FROM payment_request WHERE project_id = ? AND number = ?", p, 2, 0, &one);
    *exists = one != 0;
    return rc;
}

kp_rc kp_q_payment_request_insert(kp_store *st, int64_t id, int64_t project, int64_t number,
                                  const kp_payment_request_in *in, kp_cents amount, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),           KP_PINT(project),        KP_PINT(number), KP_PTEXT(in->period_start),
                    KP_PTEXT(in->period_end), KP_PTEXT(in->submitted_on), KP_PINT(amount)};
    return kp_sql_insert(st,
                         "INSERT INTO payment_request(id, project_id, number, period_start, period_end, submitted_on,"
                         " amount_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_compensation_insert(kp_store *st, int64_t id, int64_t project, int64_t municipality,
                               const kp_compensation_in *in, kp_cents amount, kp_cents esf, kp_cents state,
                               int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),         KP_PINT(project),   KP_PINT(municipality), KP_PTEXT(in->period_start),
                    KP_PTEXT(in->period_end), KP_PTEXT(in->paid_on), KP_PINT(amount), KP_PINT(esf),
                    KP_PINT(state)};
    return kp_sql_insert(st,
                         "INSERT INTO compensation_payment(id, project_id, municipality_id, period_start, period_end,"
                         " paid_on, amount_cents, esf_cents, state_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}
