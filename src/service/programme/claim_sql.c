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

/* ---- corrections of money records ------------------------------------------- */

kp_rc kp_q_money_region(kp_store *st, int64_t id, bool payment, char region[8])
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st,
                       payment ? "SELECT j.region_code FROM compensation_payment c JOIN project j ON j.id = c.project_id"
                                 " WHERE c.id = ?"
                               : "SELECT j.region_code FROM payment_request r JOIN project j ON j.id = r.project_id"
                                 " WHERE r.id = ?",
                       p, 1, region, 8);
}

kp_rc kp_q_money_now(kp_store *st, int64_t id, bool payment, kp_q_money *m)
{
    memset(m, 0, sizeof *m);
    kp_param p[] = {KP_PINT(id)};
    if (payment) {
        kp_sql_int(st, "SELECT municipality_id FROM compensation_payment WHERE id = ?", p, 1, 0, &m->municipality);
        kp_sql_text(st, "SELECT period_start FROM compensation_payment WHERE id = ?", p, 1, m->start, sizeof m->start);
        kp_sql_text(st, "SELECT period_end FROM compensation_payment WHERE id = ?", p, 1, m->end, sizeof m->end);
        kp_sql_text(st, "SELECT paid_on FROM compensation_payment WHERE id = ?", p, 1, m->done, sizeof m->done);
        kp_sql_int(st, "SELECT amount_cents FROM compensation_payment WHERE id = ?", p, 1, 0, &m->amount);
        return kp_sql_text(st, "SELECT MAX(replaced_on) FROM compensation_payment_version WHERE payment_id = ?", p, 1,
                           m->last, sizeof m->last);
    }
    kp_sql_text(st, "SELECT period_start FROM payment_request WHERE id = ?", p, 1, m->start, sizeof m->start);
    kp_sql_text(st, "SELECT period_end FROM payment_request WHERE id = ?", p, 1, m->end, sizeof m->end);
    kp_sql_text(st, "SELECT submitted_on FROM payment_request WHERE id = ?", p, 1, m->done, sizeof m->done);
    kp_sql_int(st, "SELECT amount_cents FROM payment_request WHERE id = ?", p, 1, 0, &m->amount);
    return kp_sql_text(st, "SELECT MAX(replaced_on) FROM payment_request_version WHERE request_id = ?", p, 1, m->last,
                       sizeof m->last);
}

kp_rc kp_q_compensation_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                const char *start, const char *end, kp_cents amount, kp_cents esf, kp_cents state)
{
    kp_param v[] = {KP_PINT(id), KP_PTEXT(on), KP_PTEXT(actor), KP_PTEXT(reason)};
    kp_rc rc = kp_sql_exec(st,
                           "INSERT INTO compensation_payment_version(payment_id, period_start, period_end, amount_cents,"
                           " esf_cents, state_cents, replaced_on, corrected_by, reason)"
                           " SELECT id, period_start, period_end, amount_cents, esf_cents, state_cents, ?2, COALESCE(?3, ''), ?4"
                           " FROM compensation_payment WHERE id = ?1",
                           v, KP_NPARAMS(v));
    kp_param u[] = {KP_PTEXT(start), KP_PTEXT(end), KP_PINT(amount), KP_PINT(esf), KP_PINT(state), KP_PINT(id)};
    if (!rc)
        rc = kp_sql_exec(st,
                         "UPDATE compensation_payment SET period_start = ?, period_end = ?, amount_cents = ?, esf_cents = ?,"
                         " state_cents = ? WHERE id = ?",
                         u, KP_NPARAMS(u));
    return rc;
}

kp_rc kp_q_payment_request_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                   const char *start, const char *end, kp_cents amount)
{
    kp_param v[] = {KP_PINT(id), KP_PTEXT(on), KP_PTEXT(actor), KP_PTEXT(reason)};
    kp_rc rc = kp_sql_exec(st,
                           "INSERT INTO payment_request_version(request_id, period_start, period_end, amount_cents, replaced_on,"
                           " corrected_by, reason)"
                           " SELECT id, period_start, period_end, amount_cents, ?2, COALESCE(?3, ''), ?4 FROM payment_request"
                           " WHERE id = ?1",
                           v, KP_NPARAMS(v));
    kp_param u[] = {KP_PTEXT(start), KP_PTEXT(end), KP_PINT(amount), KP_PINT(id)};
    if (!rc)
        rc = kp_sql_exec(st, "UPDATE payment_request SET period_start = ?, period_end = ?, amount_cents = ? WHERE id = ?",
                         u, KP_NPARAMS(u));
    return rc;
}
