/* The queries of the cost after EU funding (see cost_sql.h). */
#include "service/figures/cost_sql.h"
#include "service/figures/figure_sql.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/territory.h"

static const kp_field SERVICE_F[] = {KP_FIELD(kp_q_cost_service, code), KP_FIELD(kp_q_cost_service, name)};
static const kp_shape SERVICE = KP_SHAPE(kp_q_cost_service, SERVICE_F);

kp_rc kp_q_cost_services(kp_store *st, bool en, kp_q_cost_service_list *out)
{
    if (!st || !out)
        return KP_EINVAL;
    return KP_ROWS_ALL(st,
                       en ? "SELECT code, name_en, sort FROM service_type ORDER BY sort, code"
                          : "SELECT code, name_lv, sort FROM service_type ORDER BY sort, code",
                       NULL, 0, &SERVICE, out);
}

/* The unit cost of every service in stretches of days (see
 * kp_q_cost_rates): a service's unit cost (KP_UNIT_COST_ON_SQL, the one
 * definition) can only change on a day some unit-cost row of its family
 * begins or the day after one ends, so u holds, for each service code, the
 * stretches between those days (together every day from 0000-01-01) with
 * the cost of the stretch's first day. */
static const char RATES_SQL[] =
    "WITH b(code, day) AS (SELECT code, '0000-01-01' FROM service_type"
    "  UNION SELECT st.code, uc.valid_from FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code)"
    "  UNION SELECT st.code, date(uc.valid_to, '+1 day') FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code) WHERE uc.valid_to IS NOT NULL)"
    ", u AS (SELECT b.code AS code, b.day AS first_day,"
    "  COALESCE(date(LEAD(b.day) OVER (PARTITION BY b.code ORDER BY b.day), '-1 day'), '9999-12-31') AS last_day,"
    "  COALESCE(" KP_UNIT_COST_ON_SQL("b.code", "b.day") ", 0) AS cents FROM b WHERE b.day IS NOT NULL)"
    " SELECT code, first_day, last_day, cents FROM u ORDER BY code, first_day";

static const kp_field RATE_F[] = {KP_FIELD(kp_q_cost_rate, code), KP_FIELD(kp_q_cost_rate, first_day),
                                  KP_FIELD(kp_q_cost_rate, last_day), KP_FIELD(kp_q_cost_rate, cents)};
static const kp_shape RATE = KP_SHAPE(kp_q_cost_rate, RATE_F);

kp_rc kp_q_cost_rates(kp_store *st, kp_q_cost_rate_list *out)
{
    if (!st || !out)
        return KP_EINVAL;
    return KP_ROWS_ALL(st, RATES_SQL, NULL, 0, &RATE, out);
}

/* The ESF-funded assignments of the region's people (as on ?1, origins
 * ?2): the people of KP_COST_DELIVERIES_WITH and the assignments of
 * KP_COST_DELIVERIES_JOIN, one row each with the person, origin, service
 * and its parent service. */
static const char ASSIGNMENTS_SQL[] =
    KP_COST_DELIVERIES_WITH
    " SELECT a.id, c.id, c.origin, st.code, COALESCE(st.parent_code, st.code)"
    " FROM c JOIN assignment a ON a.client_id = c.id AND a.esf_funded = 1"
    " JOIN service_type st ON st.code = a.service_code";

static const kp_field ASSIGNMENT_F[] = {
    KP_FIELD(kp_q_cost_assignment, id),      KP_FIELD(kp_q_cost_assignment, client),
    KP_FIELD(kp_q_cost_assignment, origin),  KP_FIELD(kp_q_cost_assignment, service),
    KP_FIELD(kp_q_cost_assignment, family)};
static const kp_shape ASSIGNMENT = KP_SHAPE(kp_q_cost_assignment, ASSIGNMENT_F);

kp_rc kp_q_cost_assignments_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg)
{
    if (!st || !d || !origins || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins)};
    kp_q_cost_assignment row;
    return kp_rows_each(st, ASSIGNMENTS_SQL, p, KP_NPARAMS(p), &ASSIGNMENT, &row, fn, arg);
}

/* The deliveries of the assignments ?1 (a JSON array of ids) from ?2 to
 * ?3, not of an assignment cancelled by the day (KP_COST_DELIVERIES_JOIN's
 * deliveries of those assignments): one row each with the assignment, day
 * and units, nothing else, so that a row costs little to read. The
 * assignment's person, service and unit cost are the caller's (read once
 * per assignment, not once per delivery): joining the unit costs' stretches
 * and the claim lines here, and reading a person's and service's columns
 * with every delivery, made most of the cost chapter's time. */
static const char DELIVERIES_SQL[] =
    "SELECT a.id, d.delivered_on, d.units FROM assignment a"
    " JOIN delivery d ON d.assignment_id = a.id AND d.delivered_on BETWEEN ?2 AND ?3"
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
    " WHERE a.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?1))";

static const kp_field DELIVERY_F[] = {KP_FIELD(kp_q_cost_delivery, assignment), KP_FIELD(kp_q_cost_delivery, day),
                                      KP_FIELD(kp_q_cost_delivery, units)};
static const kp_shape DELIVERY = KP_SHAPE(kp_q_cost_delivery, DELIVERY_F);

kp_rc kp_q_cost_deliveries_each(kp_store *st, const char *assignments, const char *from, const char *to,
                                kp_row_fn fn, void *arg)
{
    if (!st || !assignments || !from || !to || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(assignments), KP_PTEXT(from), KP_PTEXT(to)};
    kp_q_cost_delivery row;
    return kp_rows_each(st, DELIVERIES_SQL, p, KP_NPARAMS(p), &DELIVERY, &row, fn, arg);
}

/* The claim lines pending or accepted of ESF-funded deliveries from ?1 to
 * ?2 not of an assignment cancelled by the day, each with its delivery's
 * assignment, day, units and the line's amount. The lines come first
 * (CROSS JOIN keeps SQLite's order): the query costs what the claims hold,
 * not a look-up per delivery. At most one line of a delivery is pending,
 * accepted or rejected (the unique partial index claim_line_delivery); a
 * rejected line costs as no line. */
static const char CLAIMS_SQL[] =
    "SELECT a.id, d.delivered_on, d.units, l.amount_cents FROM claim_line l"
    " CROSS JOIN delivery d ON d.id = l.delivery_id AND d.delivered_on BETWEEN ?1 AND ?2"
    " CROSS JOIN assignment a ON a.id = d.assignment_id AND a.esf_funded = 1"
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
    " WHERE l.status IN ('pending', 'accepted')";

static const kp_field CLAIM_F[] = {KP_FIELD(kp_q_cost_claim, assignment), KP_FIELD(kp_q_cost_claim, day),
                                   KP_FIELD(kp_q_cost_claim, units), KP_FIELD(kp_q_cost_claim, amount)};
static const kp_shape CLAIM = KP_SHAPE(kp_q_cost_claim, CLAIM_F);

kp_rc kp_q_cost_claims_each(kp_store *st, const char *from, const char *to, kp_row_fn fn, void *arg)
{
    if (!st || !from || !to || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(from), KP_PTEXT(to)};
    kp_q_cost_claim row;
    return kp_rows_each(st, CLAIMS_SQL, p, KP_NPARAMS(p), &CLAIM, &row, fn, arg);
}

/* People with an open case on ?1 (origins ?2): the parent service of each
 * need of their latest assessment by then (served 0), and the parent
 * service of each of their assignments (any funding) with a delivery from
 * ?3 to ?4 not cancelled by the day (served 1). cost.c counts, per origin
 * and parent service, the persons with a need and none of it served. Not
 * a NOT EXISTS per need with COUNT(DISTINCT): that looked at every
 * assignment of the person once per need (half the query) and sorted the
 * rows twice. */
static const char NEEDS_SQL[] =
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin FROM " KP_CLIENT_AT("?1") " c"
    "  WHERE c.registered_on <= ?1 AND c.case_status = 'open' AND " KP_ORIGIN("c")
    "  IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
    " SELECT 0, c.origin, c.id, COALESCE(st.parent_code, st.code) FROM c"
    " JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id AND a2.assessed_on <= ?1"
    "   ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)"
    " JOIN assessment_need n ON n.assessment_id = a.id"
    " JOIN service_type st ON st.code = n.service_code"
    " UNION ALL SELECT 1, c.origin, c.id, COALESCE(s2.parent_code, s2.code) FROM c"
    " JOIN assignment x ON x.client_id = c.id JOIN service_type s2 ON s2.code = x.service_code"
    " WHERE EXISTS (SELECT 1 FROM delivery d WHERE d.assignment_id = x.id AND d.delivered_on BETWEEN ?3 AND ?4"
    "   AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("x", "d.delivered_on") ")";

static const kp_field NEED_F[] = {KP_FIELD(kp_q_cost_need, served), KP_FIELD(kp_q_cost_need, origin),
                                  KP_FIELD(kp_q_cost_need, client), KP_FIELD(kp_q_cost_need, service)};
static const kp_shape NEED = KP_SHAPE(kp_q_cost_need, NEED_F);

kp_rc kp_q_cost_needs_each(kp_store *st, const char *d, const char *origins, const char *from, const char *to,
                           kp_row_fn fn, void *arg)
{
    if (!st || !d || !origins || !from || !to || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins), KP_PTEXT(from), KP_PTEXT(to)};
    kp_q_cost_need row;
    return kp_rows_each(st, NEEDS_SQL, p, KP_NPARAMS(p), &NEED, &row, fn, arg);
}

kp_rc kp_q_cost_unit_cost_on(kp_store *st, const char *service, const char *day, kp_cents *out)
{
    if (out)
        *out = 0;
    if (!st || !service || !day || !out)
        return KP_EINVAL;
    int64_t v = 0;
    kp_param p[] = {KP_PTEXT(service), KP_PTEXT(day)};
    kp_rc rc = kp_sql_int(st, "SELECT " KP_UNIT_COST_ON_SQL("?1", "?2"), p, 2, 0, &v);
    if (!rc)
        *out = v;
    return rc;
}
