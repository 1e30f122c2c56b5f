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

/* ESF-funded deliveries of the region's people (as on ?1, origins ?2)
 * from ?3 to ?4, one row each with the person, origin, parent service,
 * year, units and cost; a claimed delivery costs its claim line's amount,
 * any other units × the unit cost of its day. Not grouped here: SQLite's
 * GROUP BY with COUNT(DISTINCT) sorted every delivery of the country (three
 * quarters of the query's time); cost.c folds the rows as they come.
 *
 * The unit cost is looked up once per service and stretch of days, not
 * once per delivery (that was most of the PDF evaluation's time): a
 * service's unit cost (KP_UNIT_COST_ON_SQL, the one definition) can only
 * change on a day some unit-cost row of its family begins or the day after
 * one ends, so u holds, for each service code, the stretches between those
 * days (together every day from 0000-01-01) with the cost of the stretch's
 * first day. Each assignment's deliveries are then read stretch by stretch
 * through the index on (assignment, day): the same deliveries as
 * KP_COST_DELIVERIES_JOIN, each once. The claim line is found through the
 * unique partial index claim_line_delivery, whose condition is repeated so
 * that SQLite uses it: at most one line of a delivery is pending, accepted
 * or rejected, so the LEFT JOIN gives each delivery once (a join, not a
 * scalar subquery per delivery: half of that lookup's cost); a rejected
 * line costs as no line. */
static const char HISTORY_SQL[] =
    KP_COST_DELIVERIES_WITH
    ", b(code, day) AS (SELECT code, '0000-01-01' FROM service_type"
    "  UNION SELECT st.code, uc.valid_from FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code)"
    "  UNION SELECT st.code, date(uc.valid_to, '+1 day') FROM service_type st"
    "   JOIN unit_cost uc ON uc.service_code = COALESCE(st.parent_code, st.code) WHERE uc.valid_to IS NOT NULL)"
    ", u AS MATERIALIZED (SELECT b.code AS code, b.day AS first_day,"
    "  COALESCE(date(LEAD(b.day) OVER (PARTITION BY b.code ORDER BY b.day), '-1 day'), '9999-12-31') AS last_day,"
    "  COALESCE(" KP_UNIT_COST_ON_SQL("b.code", "b.day") ", 0) AS cents FROM b WHERE b.day IS NOT NULL)"
    " SELECT c.id, c.origin, COALESCE(st.parent_code, st.code), CAST(substr(d.delivered_on, 1, 4) AS INTEGER),"
    " d.units,"
    " COALESCE(CASE WHEN l.status IN ('pending', 'accepted') THEN l.amount_cents END, d.units * u.cents)"
    " FROM c JOIN assignment a ON a.client_id = c.id AND a.esf_funded = 1"
    " JOIN service_type st ON st.code = a.service_code"
    " CROSS JOIN u ON u.code = st.code"
    " CROSS JOIN delivery d ON d.assignment_id = a.id AND d.delivered_on BETWEEN MAX(?3, u.first_day) AND MIN(?4, u.last_day)"
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")
    " LEFT JOIN claim_line l ON l.delivery_id = d.id AND l.status IN ('pending', 'accepted', 'rejected')";

static const kp_field DELIVERY_F[] = {
    KP_FIELD(kp_q_cost_delivery, client), KP_FIELD(kp_q_cost_delivery, origin), KP_FIELD(kp_q_cost_delivery, service),
    KP_FIELD(kp_q_cost_delivery, year),   KP_FIELD(kp_q_cost_delivery, units),  KP_FIELD(kp_q_cost_delivery, cost)};
static const kp_shape DELIVERY = KP_SHAPE(kp_q_cost_delivery, DELIVERY_F);

kp_rc kp_q_cost_deliveries_each(kp_store *st, const char *d, const char *origins, const char *from, const char *to,
                             kp_row_fn fn, void *arg)
{
    if (!st || !d || !origins || !from || !to || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins), KP_PTEXT(from), KP_PTEXT(to)};
    kp_q_cost_delivery row;
    return kp_rows_each(st, HISTORY_SQL, p, KP_NPARAMS(p), &DELIVERY, &row, fn, arg);
}

/* People with an open case on ?1 whose latest assessment by then names a
 * service (folded into its parent) and who received none of it (any
 * funding) from ?3 to ?4, by origin and parent service. */
static const char UNMET_SQL[] =
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin FROM " KP_CLIENT_AT("?1") " c"
    "  WHERE c.registered_on <= ?1 AND c.case_status = 'open' AND " KP_ORIGIN("c")
    "  IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
    " SELECT c.origin, COALESCE(st.parent_code, st.code), COUNT(DISTINCT c.id) FROM c"
    " JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id AND a2.assessed_on <= ?1"
    "   ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)"
    " JOIN assessment_need n ON n.assessment_id = a.id"
    " JOIN service_type st ON st.code = n.service_code"
    " WHERE NOT EXISTS (SELECT 1 FROM assignment x JOIN delivery d ON d.assignment_id = x.id"
    "   JOIN service_type s2 ON s2.code = x.service_code WHERE x.client_id = c.id"
    "   AND COALESCE(s2.parent_code, s2.code) = COALESCE(st.parent_code, st.code)"
    "   AND d.delivered_on BETWEEN ?3 AND ?4 AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("x", "d.delivered_on") ")"
    " GROUP BY 1, 2";

static const kp_field UNMET_F[] = {KP_FIELD(kp_q_cost_unmet, origin), KP_FIELD(kp_q_cost_unmet, service),
                                   KP_FIELD(kp_q_cost_unmet, persons)};
static const kp_shape UNMET = KP_SHAPE(kp_q_cost_unmet, UNMET_F);

kp_rc kp_q_cost_unmet_each(kp_store *st, const char *d, const char *origins, const char *from, const char *to,
                           kp_row_fn fn, void *arg)
{
    if (!st || !d || !origins || !from || !to || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(d), KP_PTEXT(origins), KP_PTEXT(from), KP_PTEXT(to)};
    kp_q_cost_unmet row;
    return kp_rows_each(st, UNMET_SQL, p, KP_NPARAMS(p), &UNMET, &row, fn, arg);
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
