/* The SQL of the data-quality checks (see checks_sql.h). ?1 is the check
 * date: a record counts when its own date is on or before it. */
#include "service/quality/checks_sql.h"
#include "service/quality/checks.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/rows.h"
#include <stdio.h>
#include <string.h>

/* A person's municipality and parish on date d (SQL text; c the client
 * table's alias): the version in force then, the first one before the
 * registration (docs/figures.md, "People at a date"). All of a person's
 * records count under the municipality responsible for them on the date. */
#define KP_CHECK_PARISH_AT(c, d)                                                                                     \
    "(SELECT cv.parish_id FROM client_version cv WHERE cv.client_id = " c ".id"                                     \
    " AND cv.valid_from <= (CASE WHEN " d " > " c ".registered_on THEN " d " ELSE " c ".registered_on END)"      \
    " ORDER BY cv.valid_from DESC LIMIT 1)"
#define KP_CHECK_PERSON_AT(c, d) KP_CLIENT_MUNICIPALITY_AT(c, d) ", " KP_CHECK_PARISH_AT(c, d)

/* Assessments that count for a person by the check date: their own, and
 * for a parent (legal representative) those of a child they represent. */
#define ASSESSED_BY_DATE                                                                                            \
    "ass AS (SELECT client_id AS cid, assessed_on FROM assessment WHERE assessed_on <= ?1"                          \
    " UNION ALL SELECT k.representative_id, s.assessed_on FROM assessment s JOIN client k ON k.id = s.client_id"     \
    "  WHERE k.representative_id IS NOT NULL AND s.assessed_on <= ?1),"                                             \
    " first_ass AS (SELECT cid, MIN(assessed_on) AS on_ FROM ass GROUP BY cid)"

/* The support plan version in force on the check date: approved by then and
 * not followed by a later version approved by then. */
#define PLAN_IN_FORCE(p)                                                                                            \
    p ".approved_on IS NOT NULL AND " p ".approved_on <= ?1 AND NOT EXISTS (SELECT 1 FROM support_plan q"          \
    " WHERE q.client_id = " p ".client_id AND q.version > " p ".version AND q.approved_on IS NOT NULL"              \
    " AND q.approved_on <= ?1)"

static const struct {
    const char *id, *sql;
} CHECK_SQL[] = {
    {"compensation_twice",
     "SELECT 'compensation_payment', b.id, b.municipality_id, NULL, NULL, NULL, b.period_start,"
     " b.amount_cents, a.id, a.amount_cents, NULL,"
     " CASE WHEN a.period_start > b.period_start THEN a.period_start ELSE b.period_start END,"
     " CASE WHEN a.period_end < b.period_end THEN a.period_end ELSE b.period_end END, NULL, NULL"
     " FROM compensation_payment a JOIN compensation_payment b ON b.municipality_id = a.municipality_id"
     "  AND b.id > a.id AND a.period_start <= b.period_end AND b.period_start <= a.period_end"
     " WHERE a.paid_on <= ?1 AND b.paid_on <= ?1"},
    {"esf_split_payment",
     "SELECT 'compensation_payment', id, municipality_id, NULL, NULL, NULL, period_start,"
     " amount_cents, esf_cents, (amount_cents * 85 + 50) / 100, esf_cents - (amount_cents * 85 + 50) / 100,"
     " period_start, period_end, NULL, NULL"
     " FROM compensation_payment WHERE paid_on <= ?1 AND ABS(esf_cents * 100 - amount_cents * 85) > 100"},
    {"esf_split_project",
     "SELECT 'project', id, NULL, NULL, region_code, NULL, start_date,"
     " budget_cents, esf_cents, (budget_cents * 85 + 50) / 100, esf_cents - (budget_cents * 85 + 50) / 100,"
     " number, NULL, NULL, NULL"
     " FROM project WHERE start_date <= ?1 AND ABS(esf_cents * 100 - budget_cents * 85) > 100"},
    {"payment_requests_above_budget",
     "SELECT 'payment_request', r.id, NULL, NULL, j.region_code, NULL, r.submitted_on,"
     " r.upto, j.budget_cents, r.upto - j.budget_cents, r.number, j.number, NULL, NULL, NULL"
     " FROM (SELECT x.id, x.project_id, x.number, x.submitted_on, x.amount_cents,"
     "  SUM(x.amount_cents) OVER (PARTITION BY x.project_id ORDER BY x.number) AS upto"
     "  FROM payment_request x WHERE x.submitted_on <= ?1) r JOIN project j ON j.id = r.project_id"
     " WHERE r.upto > j.budget_cents AND r.upto - r.amount_cents <= j.budget_cents"},
    {"services_without_assessment",
     "WITH " ASSESSED_BY_DATE ","
     " bad AS (SELECT a.client_id AS cid, MIN(a.decided_on) AS first_on, COUNT(*) AS n FROM assignment a"
     "  LEFT JOIN first_ass f ON f.cid = a.client_id"
     "  WHERE a.status = 'active' AND a.decided_on <= ?1 AND f.cid IS NULL GROUP BY a.client_id)"
     " SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, b.first_on, b.n, NULL, NULL, NULL,"
     " b.first_on, NULL, NULL, NULL FROM bad b JOIN client c ON c.id = b.cid"},
    {"service_before_assessment",
     "WITH " ASSESSED_BY_DATE ","
     " bad AS (SELECT a.client_id AS cid, MIN(a.decided_on) AS first_on, COUNT(*) AS n, f.on_ AS assessed"
     "  FROM assignment a JOIN first_ass f ON f.cid = a.client_id"
     "  WHERE a.status = 'active' AND a.decided_on <= ?1 AND a.decided_on < f.on_ GROUP BY a.client_id, f.on_)"
     " SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, b.first_on, b.n, NULL, NULL, NULL,"
     " b.first_on, b.assessed, NULL, NULL FROM bad b JOIN client c ON c.id = b.cid"},
    {"assignment_without_plan",
     "SELECT 'assignment', a.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, a.decided_on, NULL, NULL, NULL, NULL,"
     " a.decided_on, t.name_lv, t.name_en, NULL"
     " FROM assignment a JOIN client c ON c.id = a.client_id JOIN service_type t ON t.code = a.service_code"
     " WHERE a.status = 'active' AND a.decided_on <= ?1 AND NOT EXISTS (SELECT 1 FROM support_plan p"
     "  WHERE p.client_id = a.client_id AND p.approved_on IS NOT NULL AND p.approved_on <= a.decided_on)"},
    {"plan_without_review",
     "SELECT 'support_plan', p.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, p.approved_on, p.version, NULL, NULL,"
     " NULL, p.approved_on, NULL, NULL, NULL FROM support_plan p JOIN client c ON c.id = p.client_id"
     " WHERE p.review_on IS NULL AND " PLAN_IN_FORCE("p")},
    {"plan_review_overdue",
     "SELECT 'support_plan', p.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, p.review_on, p.version, NULL, NULL,"
     " NULL, p.review_on, p.approved_on, NULL, NULL FROM support_plan p JOIN client c ON c.id = p.client_id"
     " WHERE p.review_on IS NOT NULL AND p.review_on < ?1 AND " PLAN_IN_FORCE("p")
     " AND p.id IN (SELECT i.plan_id FROM plan_item i WHERE i.end_date >= ?1)"},
    {"personal_codes_overlap",
     "SELECT 'client', c.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id,"
     " CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END, p.id, q.id, NULL, NULL,"
     " CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END,"
     " CASE WHEN p.valid_to IS NULL THEN q.valid_to WHEN q.valid_to IS NULL THEN p.valid_to"
     "  WHEN p.valid_to < q.valid_to THEN p.valid_to ELSE q.valid_to END, NULL, NULL"
     " FROM personal_code p JOIN personal_code q ON q.client_id = p.client_id AND q.id > p.id"
     "  AND p.valid_from <= COALESCE(q.valid_to, '9999-12-31') AND q.valid_from <= COALESCE(p.valid_to, '9999-12-31')"
     " JOIN client c ON c.id = p.client_id"
     " WHERE (CASE WHEN p.valid_from > q.valid_from THEN p.valid_from ELSE q.valid_from END) <= ?1"},
    {"record_outside_municipality",
     "SELECT r.kind, r.id, r.municipality_id, r.parish_id, NULL, r.client_id, r.on_, NULL, NULL, NULL, NULL,"
     " r.on_, m.valid_from, m.valid_to, NULL FROM ("
     /* A person names a territory when registered and when they move: the
      * versions where the municipality changes, each on its own date. */
     " SELECT 'client' AS kind, client_id AS id, municipality_id, parish_id, client_id, valid_from AS on_"
     "  FROM (SELECT client_id, municipality_id, parish_id, valid_from,"
     "   LAG(municipality_id) OVER (PARTITION BY client_id ORDER BY valid_from) AS before FROM client_version) v"
     "  WHERE before IS NULL OR before <> municipality_id"
     " UNION ALL SELECT 'residence', id, municipality_id, parish_id, client_id, start_date FROM residence"
     "  WHERE municipality_id IS NOT NULL"
     " UNION ALL SELECT 'provider', id, municipality_id, NULL, NULL, registered_on FROM provider"
     " UNION ALL SELECT 'facility', id, municipality_id, NULL, NULL, opened_on FROM facility"
     " UNION ALL SELECT 'compensation_payment', id, municipality_id, NULL, NULL, period_start FROM compensation_payment"
     " UNION ALL SELECT 'plan_object', id, municipality_id, NULL, NULL, added_on FROM plan_object"
     " UNION ALL SELECT 'claim', id, municipality_id, NULL, NULL, month || '-01' FROM claim"
     ") r JOIN municipality m ON m.id = r.municipality_id"
     " WHERE r.on_ <= ?1 AND (r.on_ < m.valid_from OR (m.valid_to IS NOT NULL AND r.on_ > m.valid_to))"},
    {"delivery_outside_assignment",
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, d.units, NULL, NULL,"
     " d.delivered_on, a.start_date, a.end_date, NULL"
     " FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
     " WHERE d.delivered_on <= ?1 AND a.status = 'active'"
     "  AND (d.delivered_on < a.start_date OR d.delivered_on > a.end_date)"},
    {"delivery_cancelled_assignment",
     /* Few assignments are cancelled: start from them. */
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, d.units, NULL, NULL,"
     " d.delivered_on, NULL, NULL, NULL"
     " FROM assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE a.status <> 'active' AND d.assignment_id = a.id AND c.id = a.client_id AND d.delivered_on <= ?1"},
    {"delivery_above_granted",
     "SELECT 'assignment', a.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, a.decided_on, a.units, s.delivered,"
     " s.delivered - a.units, NULL, a.start_date, a.end_date, t.name_lv, t.name_en"
     " FROM (SELECT assignment_id, SUM(units) AS delivered FROM delivery WHERE delivered_on <= ?1"
     "  GROUP BY assignment_id) s JOIN assignment a ON a.id = s.assignment_id"
     " JOIN client c ON c.id = a.client_id JOIN service_type t ON t.code = a.service_code"
     " WHERE s.delivered > a.units"},
    {"delivery_provider_closed",
     /* Per provider and assignment, the deliveries before its registration
      * and after its closing: two ranges of the delivery index. */
     "SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, p.id, NULL, NULL,"
     " d.delivered_on, p.registered_on, p.closed_on, p.name"
     " FROM provider p CROSS JOIN assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE a.provider_id = p.id AND d.assignment_id = a.id AND c.id = a.client_id AND d.delivered_on <= ?1"
     "  AND d.delivered_on < p.registered_on"
     " UNION ALL"
     " SELECT 'delivery', d.id, " KP_CHECK_PERSON_AT("c", "?1") ", NULL, c.id, d.delivered_on, a.id, p.id, NULL, NULL,"
     " d.delivered_on, p.registered_on, p.closed_on, p.name"
     " FROM provider p CROSS JOIN assignment a CROSS JOIN delivery d CROSS JOIN client c"
     " WHERE p.closed_on IS NOT NULL AND a.provider_id = p.id AND d.assignment_id = a.id AND c.id = a.client_id"
     "  AND d.delivered_on <= ?1 AND d.delivered_on > p.closed_on"},
    {"facility_places_exceeded",
     "WITH cap AS (SELECT f.provider_id, s.service_code, s.target_group, SUM(s.places) AS places,"
     /* Places of the facilities offering the service on the check date, as
      * every figure counts them (KP_FACILITY_SERVICE_AT_SQL). */
     "  MIN(f.id) AS fid FROM facility_service s JOIN facility f ON f.id = s.facility_id"
     "  JOIN provider p ON p.id = f.provider_id"
     "  WHERE s.places IS NOT NULL AND " KP_FACILITY_SERVICE_AT_SQL("s", "f", "p", "?1")
     "  GROUP BY f.provider_id, s.service_code, s.target_group),"
     " used AS (SELECT a.provider_id, COALESCE(t.parent_code, a.service_code) AS svc, c.target_group AS tg,"
     "  COUNT(DISTINCT a.client_id) AS n FROM assignment a JOIN client c ON c.id = a.client_id"
     "  JOIN service_type t ON t.code = a.service_code"
     "  WHERE a.status = 'active' AND a.provider_id IS NOT NULL AND a.start_date <= ?1 AND a.end_date >= ?1"
     "  GROUP BY a.provider_id, COALESCE(t.parent_code, a.service_code), c.target_group)"
     " SELECT 'facility', cap.fid, f.municipality_id, NULL, NULL, NULL, f.opened_on, cap.places, used.n,"
     " used.n - cap.places, cap.provider_id, t.name_lv, t.name_en, f.name, cap.target_group"
     " FROM cap JOIN used ON used.provider_id = cap.provider_id AND used.svc = cap.service_code"
     "  AND used.tg = cap.target_group JOIN facility f ON f.id = cap.fid"
     " JOIN service_type t ON t.code = cap.service_code WHERE used.n > cap.places"},
};

static const char *check_sql(const char *id)
{
    for (size_t i = 0; id && i < sizeof CHECK_SQL / sizeof CHECK_SQL[0]; i++)
        if (strcmp(CHECK_SQL[i].id, id) == 0)
            return CHECK_SQL[i].sql;
    return NULL;
}

bool kp_q_check_has_query(const char *id)
{
    return check_sql(id) != NULL;
}

static const kp_field HIT_F[] = {
    KP_FIELD(kp_q_check_row, kind),       KP_FIELD(kp_q_check_row, record_id), KP_FIELD(kp_q_check_row, municipality_id),
    KP_FIELD(kp_q_check_row, parish_id),  KP_FIELD(kp_q_check_row, region),    KP_FIELD(kp_q_check_row, client_id),
    KP_FIELD(kp_q_check_row, date),       KP_FIELD(kp_q_check_row, n[0]),      KP_FIELD(kp_q_check_row, n[1]),
    KP_FIELD(kp_q_check_row, n[2]),       KP_FIELD(kp_q_check_row, n[3]),      KP_FIELD_DUP(kp_q_check_row, t[0]),
    KP_FIELD_DUP(kp_q_check_row, t[1]),   KP_FIELD_DUP(kp_q_check_row, t[2]),  KP_FIELD_DUP(kp_q_check_row, t[3])};
static const kp_shape HIT = KP_SHAPE(kp_q_check_row, HIT_F);
_Static_assert(sizeof HIT_F / sizeof HIT_F[0] == KP_CHECK_COLUMNS, "a check's row has KP_CHECK_COLUMNS columns");

/* A typed walk: kp_rows_each hands each row to fn(row, arg) of its type. */
#define WALKER(NAME, ROW, FN)                                                                                     \
    typedef struct NAME##_walk {                                                                                  \
        FN fn;                                                                                                    \
        void *arg;                                                                                                \
    } NAME##_walk;                                                                                                \
    static kp_rc NAME##_row(void *row, void *arg)                                                                 \
    {                                                                                                             \
        const NAME##_walk *w = arg;                                                                               \
        return w->fn((const ROW *)row, w->arg);                                                                   \
    }

WALKER(hit, kp_q_check_row, kp_q_check_fn)
WALKER(day_value, kp_q_check_day_value, kp_q_check_day_value_fn)
WALKER(payment, kp_q_check_payment, kp_q_check_payment_fn)
WALKER(change, kp_q_check_change, kp_q_check_change_fn)
WALKER(rule, kp_q_check_rule, kp_q_check_rule_fn)
WALKER(service_name, kp_q_check_service, kp_q_check_service_fn)
WALKER(rule_delivery, kp_q_check_delivery, kp_q_check_delivery_fn)
WALKER(person, kp_q_check_person, kp_q_check_person_fn)

kp_rc kp_q_check_hits(kp_store *st, const char *id, const char *at, kp_q_check_fn fn, void *arg)
{
    const char *sql = check_sql(id);
    if (!st || !sql || !at || !fn)
        return KP_EINVAL;
    hit_walk w = {fn, arg};
    kp_q_check_row row;
    kp_param p[] = {KP_PTEXT(at)};
    return kp_rows_each(st, sql, p, 1, &HIT, &row, hit_row, &w);
}

/* ---- the run ---- */

typedef struct person_at {
    int64_t municipality, parish;
} person_at;
static const kp_field PERSON_AT_F[] = {KP_FIELD(person_at, municipality), KP_FIELD(person_at, parish)};
static const kp_shape PERSON_AT = KP_SHAPE(person_at, PERSON_AT_F);

kp_rc kp_q_check_person_at(kp_store *st, int64_t client, const char *on, int64_t *municipality, int64_t *parish,
                           bool *found)
{
    if (!municipality || !parish || !found)
        return KP_EINVAL;
    person_at row;
    kp_param p[] = {KP_PINT(client), KP_PTEXT(on)};
    kp_rc rc = kp_rows_one(st, "SELECT " KP_CHECK_PERSON_AT("c", "?2") " FROM client c WHERE c.id = ?1", p, 2,
                           &PERSON_AT, &row, found);
    *municipality = rc ? 0 : row.municipality;
    *parish = rc ? 0 : row.parish;
    return rc;
}

typedef struct client_name {
    char *given, *family;
} client_name;
static const kp_field CLIENT_NAME_F[] = {KP_FIELD_DUP(client_name, given), KP_FIELD_DUP(client_name, family)};
static const kp_shape CLIENT_NAME = KP_SHAPE(client_name, CLIENT_NAME_F);

kp_rc kp_q_check_client_name(kp_store *st, int64_t id, char *out, size_t outlen)
{
    if (!out || !outlen)
        return KP_EINVAL;
    out[0] = '\0';
    client_name row;
    bool found = false;
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_rows_one(st, "SELECT given_name, family_name FROM client WHERE id = ?", p, 1, &CLIENT_NAME, &row,
                           &found);
    if (!rc && found)
        snprintf(out, outlen, "%.100s %.100s", row.given ? row.given : "", row.family ? row.family : "");
    if (!rc)
        kp_row_release(&CLIENT_NAME, &row);
    return rc;
}

/* ---- compensation above the confirmed deliveries × unit cost ---- */

static const kp_field DAY_VALUE_F[] = {KP_FIELD(kp_q_check_day_value, municipality), KP_FIELD(kp_q_check_day_value, parish),
                                       KP_FIELD(kp_q_check_day_value, on), KP_FIELD(kp_q_check_day_value, cents),
                                       KP_FIELD(kp_q_check_day_value, count)};
static const kp_shape DAY_VALUE = KP_SHAPE(kp_q_check_day_value, DAY_VALUE_F);

kp_rc kp_q_check_delivery_values(kp_store *st, const char *at, kp_q_check_day_value_fn fn, void *arg)
{
    if (!at || !fn)
        return KP_EINVAL;
    day_value_walk w = {fn, arg};
    kp_q_check_day_value row;
    kp_param p[] = {KP_PTEXT(at)};
    return kp_rows_each(
        st,
        /* Units per origin, day and costed service first; the unit cost is
         * then looked up once per group rather than once per delivery. */
        "SELECT g.m, g.p, g.on_, SUM(g.units * COALESCE((SELECT u.amount_cents FROM unit_cost u"
        "  WHERE u.service_code = g.svc AND u.valid_from <= g.on_ AND (u.valid_to IS NULL OR u.valid_to >= g.on_)"
        "  ORDER BY u.valid_from DESC LIMIT 1), 0)), SUM(g.n)"
        /* A delivery is the municipality's that was responsible for the person on its date. */
        " FROM (SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "d.delivered_on") " AS m,"
        "  COALESCE(" KP_CHECK_PARISH_AT("c", "d.delivered_on") ", 0) AS p, d.delivered_on AS on_,"
        "  COALESCE(t.parent_code, a.service_code) AS svc, SUM(d.units) AS units, COUNT(*) AS n"
        "  FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
        "  JOIN service_type t ON t.code = a.service_code"
        "  WHERE d.confirmed = 1 AND a.esf_funded = 1 AND a.status = 'active' AND d.delivered_on <= ?1"
        "  AND d.delivered_on >= a.start_date AND d.delivered_on <= a.end_date"
        "  GROUP BY m, p, d.delivered_on, COALESCE(t.parent_code, a.service_code)) g"
        " GROUP BY g.m, g.p, g.on_ ORDER BY g.on_",
        p, 1, &DAY_VALUE, &row, day_value_row, &w);
}

static const kp_field PAYMENT_F[] = {KP_FIELD(kp_q_check_payment, id), KP_FIELD(kp_q_check_payment, municipality),
                                     KP_FIELD(kp_q_check_payment, period_start), KP_FIELD(kp_q_check_payment, period_end),
                                     KP_FIELD(kp_q_check_payment, amount)};
static const kp_shape PAYMENT = KP_SHAPE(kp_q_check_payment, PAYMENT_F);

kp_rc kp_q_check_payments(kp_store *st, const char *at, kp_q_check_payment_fn fn, void *arg)
{
    if (!at || !fn)
        return KP_EINVAL;
    payment_walk w = {fn, arg};
    kp_q_check_payment row;
    kp_param p[] = {KP_PTEXT(at)};
    return kp_rows_each(st,
                        "SELECT id, municipality_id, period_start, period_end, amount_cents FROM compensation_payment"
                        " WHERE paid_on <= ?1 ORDER BY id",
                        p, 1, &PAYMENT, &row, payment_row, &w);
}

/* ---- a DI object's chain of changes ---- */

static const kp_field CHANGE_F[] = {
    KP_FIELD(kp_q_check_change, id),           KP_FIELD(kp_q_check_change, object),
    KP_FIELD_DUP(kp_q_check_change, field),    KP_FIELD_DUP(kp_q_check_change, old_value),
    KP_FIELD_DUP(kp_q_check_change, new_value), KP_FIELD(kp_q_check_change, amendment_no),
    KP_FIELD(kp_q_check_change, effective_on)};
static const kp_shape CHANGE = KP_SHAPE(kp_q_check_change, CHANGE_F);

kp_rc kp_q_check_object_changes(kp_store *st, kp_q_check_change_fn fn, void *arg)
{
    if (!fn)
        return KP_EINVAL;
    change_walk w = {fn, arg};
    kp_q_check_change row;
    return kp_rows_each(st,
                        /* A status may change by an event of its own (no amendment, its own
                         * date); adding and removing an object carry no values. */
                        "SELECT ch.id, ch.object_id, ch.field, COALESCE(ch.old_value, ''), COALESCE(ch.new_value, ''),"
                        " COALESCE(am.number, 0), COALESCE(ch.effective_on, am.approved_on) AS eff"
                        " FROM plan_object_change ch LEFT JOIN plan_amendment am ON am.id = ch.amendment_id"
                        " WHERE ch.field NOT IN ('added', 'removed') AND COALESCE(ch.effective_on, am.approved_on) IS NOT NULL"
                        " ORDER BY ch.object_id, ch.field, eff, COALESCE(am.number, 0), ch.id",
                        NULL, 0, &CHANGE, &row, change_row, &w);
}

/* The column a change's field names, from a fixed list, never from the data;
 * a field not in it reads places (as before). */
static const struct {
    const char *field, *sql;
} OBJECT_VALUE[] = {
    {"status", "SELECT status, municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"erdf_cents", "SELECT CAST(erdf_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"service_code", "SELECT service_code, municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"target_group", "SELECT target_group, municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"name", "SELECT name, municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"address", "SELECT address, municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"state_cents", "SELECT CAST(state_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"municipal_cents",
     "SELECT CAST(municipal_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"other_cents", "SELECT CAST(other_cents AS TEXT), municipality_id, region_code FROM plan_object WHERE id = ?"},
    {"planned_completion",
     "SELECT COALESCE(planned_completion, ''), municipality_id, region_code FROM plan_object WHERE id = ?"},
};

static const kp_field OBJECT_VALUE_F[] = {KP_FIELD_DUP(kp_q_check_object, value),
                                          KP_FIELD(kp_q_check_object, municipality),
                                          KP_FIELD(kp_q_check_object, region)};
static const kp_shape OBJECT_VALUE_SHAPE = KP_SHAPE(kp_q_check_object, OBJECT_VALUE_F);

kp_rc kp_q_check_object_value(kp_store *st, int64_t object, const char *field, kp_q_check_object *out)
{
    if (!field || !out)
        return KP_EINVAL;
    const char *sql =
        "SELECT COALESCE(CAST(places AS TEXT), ''), municipality_id, region_code FROM plan_object WHERE id = ?";
    for (size_t i = 0; i < sizeof OBJECT_VALUE / sizeof OBJECT_VALUE[0]; i++)
        if (strcmp(field, OBJECT_VALUE[i].field) == 0)
            sql = OBJECT_VALUE[i].sql;
    bool found = false;
    kp_param p[] = {KP_PINT(object)};
    return kp_rows_one(st, sql, p, 1, &OBJECT_VALUE_SHAPE, out, &found);
}

/* ---- rule limits over what was delivered ---- */

static const kp_field RULE_F[] = {
    KP_FIELD(kp_q_check_rule, id),          KP_FIELD_DUP(kp_q_check_rule, service),    KP_FIELD_DUP(kp_q_check_rule, region),
    KP_FIELD_DUP(kp_q_check_rule, target_group), KP_FIELD(kp_q_check_rule, limit),     KP_FIELD_OPT(kp_q_check_rule, age_min),
    KP_FIELD_OPT(kp_q_check_rule, age_max), KP_FIELD_OPT(kp_q_check_rule, parents_working), KP_FIELD(kp_q_check_rule, valid_from),
    KP_FIELD(kp_q_check_rule, valid_to),    KP_FIELD_DUP(kp_q_check_rule, source)};
static const kp_shape RULE = KP_SHAPE(kp_q_check_rule, RULE_F);

kp_rc kp_q_check_rules(kp_store *st, const char *kind, kp_q_check_rule_fn fn, void *arg)
{
    if (!kind || !fn)
        return KP_EINVAL;
    rule_walk w = {fn, arg};
    kp_q_check_rule row;
    kp_param p[] = {KP_PTEXT(kind)};
    return kp_rows_each(st,
                        "SELECT id, service_code, COALESCE(region_code, ''), COALESCE(target_group, ''), limit_value,"
                        " age_min, age_max, parents_working, valid_from, COALESCE(valid_to, ''), source FROM service_rule"
                        " WHERE kind = ?1 ORDER BY id",
                        p, 1, &RULE, &row, rule_row, &w);
}

static const kp_field SERVICE_NAME_F[] = {KP_FIELD_DUP(kp_q_check_service, code),
                                          KP_FIELD_DUP(kp_q_check_service, name_lv),
                                          KP_FIELD_DUP(kp_q_check_service, name_en)};
static const kp_shape SERVICE_NAME = KP_SHAPE(kp_q_check_service, SERVICE_NAME_F);

kp_rc kp_q_check_service_names(kp_store *st, kp_q_check_service_fn fn, void *arg)
{
    if (!fn)
        return KP_EINVAL;
    service_name_walk w = {fn, arg};
    kp_q_check_service row;
    return kp_rows_each(st, "SELECT code, name_lv, name_en FROM service_type ORDER BY code", NULL, 0, &SERVICE_NAME,
                        &row, service_name_row, &w);
}

static const kp_field RULE_DELIVERY_F[] = {
    KP_FIELD(kp_q_check_delivery, client),          KP_FIELD(kp_q_check_delivery, municipality),
    KP_FIELD(kp_q_check_delivery, parish),          KP_FIELD(kp_q_check_delivery, birth_date),
    KP_FIELD(kp_q_check_delivery, target_group),    KP_FIELD(kp_q_check_delivery, parents_working),
    KP_FIELD(kp_q_check_delivery, service),         KP_FIELD(kp_q_check_delivery, parent),
    KP_FIELD(kp_q_check_delivery, on),              KP_FIELD(kp_q_check_delivery, units)};
static const kp_shape RULE_DELIVERY = KP_SHAPE(kp_q_check_delivery, RULE_DELIVERY_F);

kp_rc kp_q_check_rule_deliveries(kp_store *st, const char *at, const char *kind, kp_q_check_delivery_fn fn, void *arg)
{
    if (!at || !kind || !fn)
        return KP_EINVAL;
    rule_delivery_walk w = {fn, arg};
    kp_q_check_delivery row;
    kp_param p[] = {KP_PTEXT(at), KP_PTEXT(kind)};
    return kp_rows_each(st,
                        "SELECT a.client_id, " KP_CLIENT_MUNICIPALITY_AT("c", "?1") ","
                        " COALESCE(" KP_CHECK_PARISH_AT("c", "?1") ", 0), c.birth_date, c.target_group,"
                        " COALESCE(c.parents_working, -1), a.service_code, COALESCE(t.parent_code, ''),"
                        " d.delivered_on, d.units"
                        " FROM assignment a JOIN service_type t ON t.code = a.service_code"
                        " JOIN delivery d ON d.assignment_id = a.id JOIN client c ON c.id = a.client_id"
                        " WHERE a.status = 'active' AND d.delivered_on <= ?1"
                        " AND (a.service_code IN (SELECT service_code FROM service_rule WHERE kind = ?2)"
                        "  OR t.parent_code IN (SELECT service_code FROM service_rule WHERE kind = ?2))"
                        " ORDER BY a.client_id, d.delivered_on, d.id",
                        p, 2, &RULE_DELIVERY, &row, rule_delivery_row, &w);
}

/* ---- one person in two client records ---- */

static const kp_field PERSON_F[] = {KP_FIELD(kp_q_check_person, id),           KP_FIELD_DUP(kp_q_check_person, given_name),
                                    KP_FIELD_DUP(kp_q_check_person, family_name), KP_FIELD(kp_q_check_person, birth_date),
                                    KP_FIELD(kp_q_check_person, municipality), KP_FIELD(kp_q_check_person, parish)};
static const kp_shape PERSON = KP_SHAPE(kp_q_check_person, PERSON_F);

kp_rc kp_q_check_people(kp_store *st, const char *at, kp_q_check_person_fn fn, void *arg)
{
    if (!at || !fn)
        return KP_EINVAL;
    person_walk w = {fn, arg};
    kp_q_check_person row;
    kp_param p[] = {KP_PTEXT(at)};
    return kp_rows_each(st,
                        "SELECT id, given_name, family_name, birth_date, municipality_id, COALESCE(parish_id, 0)"
                        " FROM client WHERE registered_on <= ?1",
                        p, 1, &PERSON, &row, person_row, &w);
}
