/* The money aggregate's SQL (see claim_sql.h). */
#include "service/programme/claim_sql.h"
#include "service/rows.h"
#include "service/casework/services.h"
#include "service/territory.h"
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
    kp_param p[] = {KP_PINT(project), KP_PINT(number)};
    return kp_sql_exists(st, "SELECT 1 FROM payment_request WHERE project_id = ? AND number = ?", p, 2, exists);
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

/* ---- claims and their lines ---------------------------------------------------- */

static const kp_field HEAD_F[] = {
    KP_FIELD(kp_q_claim_head, id),     KP_FIELD(kp_q_claim_head, municipality), KP_FIELD(kp_q_claim_head, project),
    KP_FIELD(kp_q_claim_head, month),  KP_FIELD(kp_q_claim_head, status),       KP_FIELD(kp_q_claim_head, region),
    KP_FIELD(kp_q_claim_head, atvk),   KP_FIELD(kp_q_claim_head, project_number)};
static const kp_shape HEAD = KP_SHAPE(kp_q_claim_head, HEAD_F);

kp_rc kp_q_claim_head_of(kp_store *st, int64_t id, kp_q_claim_head *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT k.id, k.municipality_id, k.project_id, k.month, k.status, m.region_code, m.atvk, j.number"
                       " FROM claim k JOIN municipality m ON m.id = k.municipality_id"
                       " JOIN project j ON j.id = k.project_id WHERE k.id = ?",
                       p, 1, &HEAD, out, found);
}

/* The person as on the delivery's date (people.h): a delivery before a move
 * is claimed by the municipality responsible then. Joins as "c" after the
 * delivery d and its assignment a. */
#define CLIENT_ON_DELIVERY                                                                                         \
    "client c0 ON c0.id = a.client_id JOIN client_version c ON c.client_id = c0.id"                               \
    " AND c.valid_from <= (CASE WHEN d.delivered_on > c0.registered_on THEN d.delivered_on"                       \
    "  ELSE c0.registered_on END) AND (c.valid_to IS NULL"                                                         \
    "  OR c.valid_to >= (CASE WHEN d.delivered_on > c0.registered_on THEN d.delivered_on ELSE c0.registered_on END))"

static const kp_field DELIVERY_F[] = {
    KP_FIELD(kp_q_claim_delivery, on),          KP_FIELD(kp_q_claim_delivery, units),
    KP_FIELD(kp_q_claim_delivery, confirmed),   KP_FIELD(kp_q_claim_delivery, assignment),
    KP_FIELD(kp_q_claim_delivery, client),      KP_FIELD(kp_q_claim_delivery, service),
    KP_FIELD(kp_q_claim_delivery, start),       KP_FIELD(kp_q_claim_delivery, end),
    KP_FIELD(kp_q_claim_delivery, granted),     KP_FIELD(kp_q_claim_delivery, esf),
    KP_FIELD(kp_q_claim_delivery, status),      KP_FIELD(kp_q_claim_delivery, client_muni),
    KP_FIELD(kp_q_claim_delivery, client_parish)};
static const kp_shape DELIVERY = KP_SHAPE(kp_q_claim_delivery, DELIVERY_F);

kp_rc kp_q_claim_delivery_of(kp_store *st, int64_t delivery, kp_q_claim_delivery *out, bool *found)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_rows_one(st,
                       "SELECT d.delivered_on, d.units, d.confirmed, a.id, a.client_id, a.service_code,"
                       " a.start_date, a.end_date, a.units, a.esf_funded,"
                       /* A cancellation takes effect from its date: a
                        * delivery before it stands (services.h). */
                       " CASE WHEN " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
                       " THEN 'active' ELSE 'cancelled' END, c.municipality_id,"
                       " COALESCE(c.parish_id, 0) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                       " JOIN " CLIENT_ON_DELIVERY " WHERE d.id = ?",
                       p, 1, &DELIVERY, out, found);
}

kp_rc kp_q_delivered_upto(kp_store *st, int64_t assignment, const char *on, int64_t delivery, int64_t *units)
{
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(on), KP_PINT(delivery)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(units), 0) FROM delivery WHERE assignment_id = ?1"
                      " AND (delivered_on < ?2 OR (delivered_on = ?2 AND id <= ?3))",
                      p, 3, 0, units);
}

static const kp_field RULE_F[] = {KP_FIELD(kp_q_year_rule, service), KP_FIELD(kp_q_year_rule, limit)};
static const kp_shape RULE = KP_SHAPE(kp_q_year_rule, RULE_F);

kp_rc kp_q_year_rules(kp_store *st, const char *service, const char *region, const char *on, kp_q_year_rule_vec *out)
{
    kp_param rp[] = {KP_PTEXT(service), KP_PTEXT(region), KP_PTEXT(on)};
    return KP_ROWS_ALL(st,
                       "SELECT service_code, limit_value FROM service_rule WHERE kind = 'units_per_year'"
                       " AND (service_code = ?1 OR service_code = (SELECT parent_code FROM service_type WHERE code = ?1))"
                       " AND (region_code IS NULL OR region_code = ?2) AND valid_from <= ?3"
                       " AND (valid_to IS NULL OR valid_to >= ?3) ORDER BY id",
                       rp, 3, &RULE, out);
}

kp_rc kp_q_units_in_year(kp_store *st, int64_t client, const char *service, const char *jan1, const char *on,
                         int64_t delivery, int64_t *units)
{
    kp_param q[] = {KP_PINT(client), KP_PTEXT(service), KP_PTEXT(jan1), KP_PTEXT(on), KP_PINT(delivery)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(d.units), 0) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                      " WHERE a.client_id = ?1 AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
                      " AND (a.service_code = ?2 OR a.service_code IN (SELECT code FROM service_type WHERE parent_code = ?2))"
                      " AND d.delivered_on >= ?3 AND (d.delivered_on < ?4 OR (d.delivered_on = ?4 AND d.id <= ?5))",
                      q, 5, 0, units);
}

kp_rc kp_q_unit_cost_on(kp_store *st, const char *service, const char *on, int64_t *cost)
{
    kp_param cp[] = {KP_PTEXT(service), KP_PTEXT(on)};
    *cost = -1;
    return kp_sql_int(st, "SELECT " KP_UNIT_COST_ON_SQL("?1", "?2"), cp, 2, -1, cost);
}

kp_rc kp_q_claim_of_delivery(kp_store *st, int64_t delivery, int64_t *claim)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_sql_int(st,
                      "SELECT claim_id FROM claim_line WHERE delivery_id = ? AND status IN ('pending','accepted','rejected')",
                      p, 1, 0, claim);
}

kp_rc kp_q_claim_line_insert(kp_store *st, int64_t claim, int64_t delivery, int64_t client, const char *service,
                             const char *on, int64_t units, int64_t cost, int64_t amount, const char *status,
                             const char *reason, int64_t *line_no)
{
    int64_t no = 0;
    kp_param q[] = {KP_PINT(claim)};
    kp_rc rc = kp_sql_int(st, "SELECT COALESCE(MAX(line_no), 0) + 1 FROM claim_line WHERE claim_id = ?", q, 1, 1, &no);
    kp_param p[] = {KP_PINT(claim),  KP_PINT(no),   KP_PINT(delivery), KP_PINT(client),  KP_PTEXT(service),
                    KP_PTEXT(on),    KP_PINT(units), KP_PINT(cost),    KP_PINT(amount),  KP_PTEXT(status),
                    {.t = KP_P_TEXT, .s = reason ? reason : ""}};
    if (!rc)
        rc = kp_sql_exec(st,
                         "INSERT INTO claim_line(claim_id, line_no, delivery_id, client_id, service_code, delivered_on,"
                         " units, unit_cost_cents, amount_cents, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
    if (!rc && line_no)
        *line_no = no;
    return rc;
}

kp_rc kp_q_municipality_through(kp_store *st, const char *atvk, const char *from, const char *to, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(atvk), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT id FROM municipality WHERE atvk = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)",
                      p, 3, 0, id);
}

kp_rc kp_q_project_through(kp_store *st, const char *region, const char *from, const char *to, int64_t *id)
{
    kp_param pp[] = {KP_PTEXT(region), KP_PTEXT(to), KP_PTEXT(from)};
    return kp_sql_int(st,
                      "SELECT id FROM project WHERE region_code = ? AND start_date <= ? AND end_date >= ?"
                      " ORDER BY start_date LIMIT 1",
                      pp, 3, 0, id);
}

static const kp_field CANDIDATE_F[] = {KP_FIELD(kp_q_candidate, delivery), KP_FIELD(kp_q_candidate, municipality),
                                       KP_FIELD(kp_q_candidate, parish)};
static const kp_shape CANDIDATE = KP_SHAPE(kp_q_candidate, CANDIDATE_F);

kp_rc kp_q_claim_candidates(kp_store *st, const char *from, const char *to, const char *origins,
                            kp_q_candidate_vec *out)
{
    kp_param q[] = {KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(origins)};
    return KP_ROWS_ALL(st,
                       "SELECT d.id, c.municipality_id, COALESCE(c.parish_id, 0) FROM delivery d"
                       " JOIN assignment a ON a.id = d.assignment_id JOIN " CLIENT_ON_DELIVERY
                       " WHERE d.confirmed = 1 AND d.delivered_on BETWEEN ?1 AND ?2"
                       " AND " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?3))"
                       " AND NOT EXISTS (SELECT 1 FROM claim_line l WHERE l.delivery_id = d.id"
                       "  AND l.status IN ('pending','accepted','rejected'))"
                       " ORDER BY d.delivered_on, d.id",
                       q, 3, &CANDIDATE, out);
}

kp_rc kp_q_project_number(kp_store *st, int64_t project, char *out, size_t outlen)
{
    kp_param jp[] = {KP_PINT(project)};
    return kp_sql_text(st, "SELECT number FROM project WHERE id = ?", jp, 1, out, outlen);
}

kp_rc kp_q_service_type_name(kp_store *st, const char *code, bool en, char *out, size_t outlen)
{
    kp_param sp[] = {KP_PTEXT(code)};
    return kp_sql_text(st, en ? "SELECT name_en FROM service_type WHERE code = ?" : "SELECT name_lv FROM service_type WHERE code = ?",
                       sp, 1, out, outlen);
}

kp_rc kp_q_client_full_name(kp_store *st, int64_t client, char *out, size_t outlen)
{
    kp_param cp[] = {KP_PINT(client)};
    return kp_sql_text(st, "SELECT given_name || ' ' || family_name FROM client WHERE id = ?", cp, 1, out, outlen);
}

kp_rc kp_q_claim_insert(kp_store *st, int64_t municipality, int64_t project, const char *month, const char *built_on,
                        const char *built_by, int64_t *id)
{
    kp_param cp[] = {KP_PINT(municipality), KP_PINT(project), KP_PTEXT(month), KP_PTEXT(built_on), KP_PTEXT(built_by)};
    return kp_sql_insert(st,
                         "INSERT INTO claim(municipality_id, project_id, month, status, built_on, built_by)"
                         " VALUES (?, ?, ?, 'submitted', ?, ?)",
                         cp, KP_NPARAMS(cp), id);
}

kp_rc kp_q_claim_set_status(kp_store *st, int64_t id, const char *status)
{
    kp_param p[] = {KP_PTEXT(status), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE claim SET status = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_claim_line_status(kp_store *st, int64_t claim, int64_t line_no, char status[16])
{
    kp_param p[] = {KP_PINT(claim), KP_PINT(line_no)};
    return kp_sql_text(st, "SELECT status FROM claim_line WHERE claim_id = ? AND line_no = ?", p, 2, status, 16);
}

kp_rc kp_q_claim_line_decide(kp_store *st, int64_t claim, int64_t line_no, const char *status, const char *reason)
{
    kp_param u[] = {KP_PTEXT(status), {.t = KP_P_TEXT, .s = reason ? reason : ""}, KP_PINT(claim), KP_PINT(line_no)};
    return kp_sql_exec(st, "UPDATE claim_line SET status = ?, reason = ? WHERE claim_id = ? AND line_no = ?", u, 4);
}

kp_rc kp_q_claim_pending(kp_store *st, int64_t claim, int64_t *lines, kp_cents *sum)
{
    kp_param q[] = {KP_PINT(claim)};
    kp_rc rc = kp_sql_int(st, "SELECT COUNT(*) FROM claim_line WHERE claim_id = ? AND status = 'pending'", q, 1, 0, lines);
    if (!rc && sum)
        rc = kp_sql_int(st, "SELECT COALESCE(SUM(amount_cents), 0) FROM claim_line WHERE claim_id = ? AND status = 'pending'",
                        q, 1, 0, sum);
    return rc;
}

kp_rc kp_q_claim_accept_pending(kp_store *st, int64_t claim)
{
    kp_param q[] = {KP_PINT(claim)};
    return kp_sql_exec(st, "UPDATE claim_line SET status = 'accepted', reason = '' WHERE claim_id = ?"
                           " AND status = 'pending'",
                       q, 1);
}

kp_rc kp_q_claim_accepted_sum(kp_store *st, int64_t claim, kp_cents *sum)
{
    kp_param p[] = {KP_PINT(claim)};
    return kp_sql_int(st, "SELECT COALESCE(SUM(amount_cents), 0) FROM claim_line WHERE claim_id = ? AND status = 'accepted'",
                      p, 1, 0, sum);
}

kp_rc kp_q_claim_bundle_insert(kp_store *st, const char *region, const char *paid_on, kp_cents total, kp_cents esf,
                               kp_cents state, kp_cents flat_esf, int64_t *id)
{
    kp_param bp[] = {KP_PTEXT(region), KP_PTEXT(paid_on), KP_PINT(total), KP_PINT(esf), KP_PINT(state),
                     KP_PINT(flat_esf)};
    return kp_sql_insert(st,
                         "INSERT INTO claim_bundle(region_code, paid_on, total_cents, esf_cents, state_cents, flat_esf_cents)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         bp, KP_NPARAMS(bp), id);
}

kp_rc kp_q_claim_paid(kp_store *st, int64_t id, int64_t bundle, int64_t payment)
{
    kp_param u[] = {KP_PINT(bundle), KP_PINT(payment), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE claim SET status = 'paid', bundle_id = ?, payment_id = ? WHERE id = ?", u, 3);
}

kp_rc kp_q_municipality_label(kp_store *st, int64_t id, char *name, size_t namelen, bool *confirmed)
{
    kp_param mp[] = {KP_PINT(id)};
    kp_rc rc = kp_sql_text(st, "SELECT name_lv FROM municipality WHERE id = ?", mp, 1, name, namelen);
    kp_rc rc2 = kp_sql_exists(st, "SELECT code_confirmed FROM municipality WHERE id = ?", mp, 1, confirmed);
    return rc ? rc : rc2;
}

static const kp_field LINE_F[] = {
    KP_FIELD(kp_q_claim_line, line_no), KP_FIELD(kp_q_claim_line, delivery), KP_FIELD(kp_q_claim_line, client),
    KP_FIELD(kp_q_claim_line, service), KP_FIELD(kp_q_claim_line, on),       KP_FIELD(kp_q_claim_line, units),
    KP_FIELD(kp_q_claim_line, cost),    KP_FIELD(kp_q_claim_line, amount),   KP_FIELD(kp_q_claim_line, status),
    KP_FIELD(kp_q_claim_line, reason)};
static const kp_shape LINE = KP_SHAPE(kp_q_claim_line, LINE_F);

kp_rc kp_q_claim_lines_of(kp_store *st, int64_t claim, kp_q_claim_line_vec *out)
{
    kp_param p[] = {KP_PINT(claim)};
    return KP_ROWS_ALL(st,
                       "SELECT line_no, delivery_id, client_id, service_code, delivered_on, units, unit_cost_cents,"
                       " amount_cents, status, reason FROM claim_line WHERE claim_id = ? ORDER BY line_no",
                       p, 1, &LINE, out);
}

/* ---- the claims pages ---------------------------------------------------------- */

/* Columns 0–11 of a claim summary. */
#define SUMMARY_SQL                                                                                                  \
    "SELECT k.id, k.month, k.status, k.built_on, k.municipality_id, m.region_code, m.name_lv, m.name_en,"           \
    " (SELECT COUNT(*) FROM claim_line l WHERE l.claim_id = k.id),"                                                  \
    " (SELECT COUNT(*) FROM claim_line l WHERE l.claim_id = k.id AND l.status = 'pending'),"                         \
    " (SELECT COALESCE(SUM(l.amount_cents), 0) FROM claim_line l WHERE l.claim_id = k.id AND l.status <> 'refused'),"\
    " (SELECT COALESCE(SUM(l.amount_cents), 0) FROM claim_line l WHERE l.claim_id = k.id AND l.status = 'accepted')"\
    " FROM claim k JOIN municipality m ON m.id = k.municipality_id"

static const kp_field SUMMARY_F[] = {
    KP_FIELD(kp_q_claim_summary, id),       KP_FIELD(kp_q_claim_summary, month),
    KP_FIELD(kp_q_claim_summary, status),   KP_FIELD(kp_q_claim_summary, built_on),
    KP_FIELD(kp_q_claim_summary, municipality_id), KP_FIELD(kp_q_claim_summary, region),
    KP_FIELD(kp_q_claim_summary, name_lv),  KP_FIELD(kp_q_claim_summary, name_en),
    KP_FIELD(kp_q_claim_summary, lines),    KP_FIELD(kp_q_claim_summary, pending),
    KP_FIELD(kp_q_claim_summary, total),    KP_FIELD(kp_q_claim_summary, accepted),
    KP_FIELD(kp_q_claim_summary, atvk),     KP_FIELD(kp_q_claim_summary, project)};
/* The list reads the first twelve columns, one claim all fourteen. */
static const kp_shape SUMMARY = {SUMMARY_F, 12, sizeof(kp_q_claim_summary)};
static const kp_shape SUMMARY_ONE = KP_SHAPE(kp_q_claim_summary, SUMMARY_F);

kp_rc kp_q_claim_summaries(kp_store *st, const char *region, kp_q_claim_summary_vec *out)
{
    kp_param p[] = {region ? KP_PTEXT(region) : KP_PNULL};
    return KP_ROWS_ALL(st,
                       SUMMARY_SQL " WHERE (CAST(?1 AS TEXT) IS NULL OR (m.region_code = ?1 AND k.status <> 'paid'))"
                                   " ORDER BY k.month DESC, m.name_lv, k.id",
                       p, 1, &SUMMARY, out);
}

kp_rc kp_q_claim_summary_of(kp_store *st, int64_t id, kp_q_claim_summary *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT x.*, m.atvk, j.number FROM (" SUMMARY_SQL " WHERE k.id = ?1) x"
                       " JOIN municipality m ON m.id = x.municipality_id"
                       " JOIN claim k ON k.id = x.id JOIN project j ON j.id = k.project_id",
                       p, 1, &SUMMARY_ONE, out, found);
}

static const kp_field LINE_VIEW_F[] = {
    KP_FIELD(kp_q_claim_line_view, line_no), KP_FIELD(kp_q_claim_line_view, delivery),
    KP_FIELD(kp_q_claim_line_view, client),  KP_FIELD(kp_q_claim_line_view, service),
    KP_FIELD(kp_q_claim_line_view, name_lv), KP_FIELD(kp_q_claim_line_view, name_en),
    KP_FIELD(kp_q_claim_line_view, on),      KP_FIELD(kp_q_claim_line_view, units),
    KP_FIELD(kp_q_claim_line_view, cost),    KP_FIELD(kp_q_claim_line_view, amount),
    KP_FIELD(kp_q_claim_line_view, status),  KP_FIELD(kp_q_claim_line_view, reason)};
static const kp_shape LINE_VIEW = KP_SHAPE(kp_q_claim_line_view, LINE_VIEW_F);

kp_rc kp_q_claim_line_views(kp_store *st, int64_t claim, kp_q_claim_line_view_vec *out)
{
    kp_param p[] = {KP_PINT(claim)};
    return KP_ROWS_ALL(st,
                       "SELECT l.line_no, l.delivery_id, l.client_id, l.service_code,"
                       " COALESCE(t.name_lv, l.service_code), COALESCE(t.name_en, l.service_code),"
                       " l.delivered_on, l.units, l.unit_cost_cents, l.amount_cents, l.status, l.reason"
                       " FROM claim_line l LEFT JOIN service_type t ON t.code = l.service_code"
                       " WHERE l.claim_id = ? ORDER BY l.line_no",
                       p, 1, &LINE_VIEW, out);
}

kp_rc kp_q_client_list_name(kp_store *st, int64_t client, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_text(st, "SELECT family_name || ' ' || given_name FROM client WHERE id = ?", p, 1, out, outlen);
}

static const kp_field BUNDLE_F[] = {KP_FIELD(kp_q_bundle, region), KP_FIELD(kp_q_bundle, paid_on),
                                    KP_FIELD(kp_q_bundle, total),  KP_FIELD(kp_q_bundle, esf),
                                    KP_FIELD(kp_q_bundle, state),  KP_FIELD(kp_q_bundle, flat_esf),
                                    KP_FIELD(kp_q_bundle, claims)};
static const kp_shape BUNDLE = KP_SHAPE(kp_q_bundle, BUNDLE_F);

kp_rc kp_q_bundle_of(kp_store *st, int64_t id, kp_q_bundle *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT region_code, paid_on, total_cents, esf_cents, state_cents, flat_esf_cents,"
                       " (SELECT COUNT(*) FROM claim k WHERE k.bundle_id = b.id) FROM claim_bundle b WHERE id = ?",
                       p, 1, &BUNDLE, out, found);
}
