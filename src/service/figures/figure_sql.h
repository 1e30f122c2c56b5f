/* The SQL fragments that define the evaluation's figures, each once: the
 * people of the context and the conditions of its figures (KP_FIGURE_IS_*,
 * named by the catalogue), needs, services provided, services outside the
 * DI plan, cost after EU funding. The statements built from them are in
 * the query file figures_sql.c (the figures, their drill-down and the
 * trends, so that a figure and the list of its records select the same
 * people) and in cost.c. Private to service/figures/. */
#ifndef KOPA_SERVICE_FIGURE_SQL_H
#define KOPA_SERVICE_FIGURE_SQL_H
#include "service/casework/people.h"
#include "service/territory.h"
#include "service/casework/services.h"

/* Person `id`'s first assessment place by date `d`, and residence on `d`
 * (SQL expressions); the context's with c.id and ?1. */
#define KP_FIGURE_FIRST_PLACE_OF(id, d)                                                                       \
    "(SELECT a.place FROM assessment a WHERE a.client_id = " id " AND a.assessed_on <= " d                      \
    " ORDER BY a.assessed_on, a.round LIMIT 1)"
#define KP_FIGURE_RESIDENCE_OF(id, d)                                                                         \
    "(SELECT r.kind FROM residence r WHERE r.client_id = " id " AND r.start_date <= " d                         \
    " AND (r.end_date IS NULL OR r.end_date >= " d ") ORDER BY r.start_date DESC LIMIT 1)"
#define KP_FIGURE_FIRST_PLACE KP_FIGURE_FIRST_PLACE_OF("c.id", "?1")
#define KP_FIGURE_RESIDENCE_NOW KP_FIGURE_RESIDENCE_OF("c.id", "?1")
/* The records of the region: made under a territory whose records the
 * region holds on the date (the origins with a holder, as a JSON array).
 * Filtering in SQL spares the per-person subqueries of other regions'
 * people; the fold skips their rows anyway. */
#define KP_FIGURE_IN_ORIGINS(param) KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(" param "))"

/* The people of the context at a date, x(id, origin, target_group,
 * birth_date, special_care_from, case_status, disability_group,
 * first_place, res): the person as on the date (KP_CLIENT_AT).
 * MATERIALIZED: each person's first place and residence are looked up
 * once. ?1 the date, ?3 the origins; the catalogue's conditions use ?2, the
 * date 18 years before, and (Appendix 1) ?4, the date 65 years before. */
#define KP_FIGURE_CONTEXT_FROM_WITH(id)                                                                             \
    "WITH x AS MATERIALIZED (SELECT " id KP_ORIGIN("c") " AS origin, c.target_group, c.birth_date, c.disability_group," \
    "  c.special_care_from, c.case_status, " KP_FIGURE_FIRST_PLACE " AS first_place, " KP_FIGURE_RESIDENCE_NOW       \
    " AS res  FROM " KP_CLIENT_AT("?1") " c WHERE c.registered_on <= ?1 AND " KP_FIGURE_IN_ORIGINS("?3") ")"
/* With the person's id, for the lists; without it, for the counts. */
#define KP_FIGURE_CONTEXT_FROM KP_FIGURE_CONTEXT_FROM_WITH("c.id, ")
#define KP_FIGURE_CONTEXT_COUNT_FROM KP_FIGURE_CONTEXT_FROM_WITH("")

/* ---- the context's figures (catalogue.c) ---------------------------------
 * Each figure counted by the context's query, defined once: the condition
 * a person x of KP_FIGURE_CONTEXT_FROM meets (?1 the date, ?2 the date 18
 * years before, ?4 65 years before). The catalogue names them; figures.c
 * counts them in one query, figure_records.c lists their people, trends.c
 * counts them at each year's end. Stock counts ("living", "in …" on the
 * date) leave out a case closed by then; cumulative ones ("assessed" by the
 * date) keep it (docs/figures.md, "People at a date"). */
#define KP_FIGURE_OPEN "x.case_status = 'open' AND "
#define KP_FIGURE_ADULT "x.birth_date <= ?2"
#define KP_FIGURE_CHILD "x.birth_date > ?2"
#define KP_FIGURE_IS_GRT_ADULTS_LIVING \
    KP_FIGURE_OPEN "x.target_group = 'grt' AND " KP_FIGURE_ADULT " AND COALESCE(x.res, '') <> 'vsac'"
#define KP_FIGURE_IS_FT_CHILDREN_LIVING \
    KP_FIGURE_OPEN "x.target_group = 'ft' AND " KP_FIGURE_CHILD " AND COALESCE(x.res, '') <> 'children_institution'"
#define KP_FIGURE_IS_GRT_ASSESSED "x.target_group = 'grt' AND x.first_place IS NOT NULL AND x.first_place <> 'vsac'"
#define KP_FIGURE_IS_FT_ASSESSED "x.target_group = 'ft' AND x.first_place IS NOT NULL"
#define KP_FIGURE_IS_FOSTER_FAMILY \
    KP_FIGURE_OPEN "x.target_group = 'bsac' AND " KP_FIGURE_CHILD " AND x.res = 'foster_family'"
#define KP_FIGURE_IS_GUARDIANSHIP \
    KP_FIGURE_OPEN "x.target_group = 'bsac' AND " KP_FIGURE_CHILD " AND x.res = 'guardianship'"
#define KP_FIGURE_IS_IN_INSTITUTIONS \
    KP_FIGURE_OPEN "x.target_group = 'bsac' AND " KP_FIGURE_CHILD " AND x.res = 'children_institution'"
#define KP_FIGURE_IS_CHILDREN_SPECIAL_CARE \
    KP_FIGURE_OPEN "x.target_group = 'ft' AND " KP_FIGURE_CHILD " AND x.special_care_from <= ?1"
#define KP_FIGURE_IS_GRT_ASSESSED_TOTAL "x.target_group = 'grt' AND x.first_place IS NOT NULL"
#define KP_FIGURE_IS_GRT_ASSESSED_IN_VSAC "x.target_group = 'grt' AND x.first_place = 'vsac'"
#define KP_FIGURE_IS_BSAC_ASSESSED "x.target_group = 'bsac' AND x.first_place IS NOT NULL"
#define KP_FIGURE_IS_GROUP_1_AGE_18_64 \
    KP_FIGURE_OPEN "x.disability_group = 1 AND " KP_FIGURE_ADULT " AND x.birth_date > ?4"
#define KP_FIGURE_IS_GROUP_1_AGE_65_PLUS KP_FIGURE_OPEN "x.disability_group = 1 AND x.birth_date <= ?4"
#define KP_FIGURE_IS_GROUP_2_AGE_18_64 \
    KP_FIGURE_OPEN "x.disability_group = 2 AND " KP_FIGURE_ADULT " AND x.birth_date > ?4"
#define KP_FIGURE_IS_GROUP_2_AGE_65_PLUS KP_FIGURE_OPEN "x.disability_group = 2 AND x.birth_date <= ?4"
#define KP_FIGURE_IS_GROUP_3_AGE_18_64 \
    KP_FIGURE_OPEN "x.disability_group = 3 AND " KP_FIGURE_ADULT " AND x.birth_date > ?4"
#define KP_FIGURE_IS_GROUP_3_AGE_65_PLUS KP_FIGURE_OPEN "x.disability_group = 3 AND x.birth_date <= ?4"
#define KP_FIGURE_IS_CHILDREN_DISABILITY \
    KP_FIGURE_OPEN KP_FIGURE_CHILD " AND (x.target_group = 'ft' OR x.disability_group IS NOT NULL)"

/* Services created outside the DI plan: a facility's service operating on
 * the date ?1 that began on or after the project's start ?2, at a facility
 * no DI plan object of the region ?3 names; in the region's territories
 * ?4. Columns: the facility's territory, its id, name, service's target
 * group and service code. */
#define KP_FIGURE_OUTSIDE_PLAN_SQL                                                                                 \
    "SELECT f.municipality_id, f.id, f.name, s.target_group, s.service_code FROM facility_service s"                  \
    " JOIN facility f ON f.id = s.facility_id JOIN provider p ON p.id = f.provider_id"                                \
    " WHERE f.municipality_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?4))"                                                 \
    " AND " KP_FACILITY_SERVICE_AT_SQL("s", "f", "p", "?1") " AND s.valid_from >= ?2"                            \
    " AND f.id NOT IN (SELECT o.facility_id FROM plan_object o WHERE o.region_code = ?3"                          \
    "  AND o.facility_id IS NOT NULL)"                                                                               \
    " ORDER BY f.municipality_id, s.target_group, s.service_code, f.id"

/* Cost after EU funding (cost.h): the ESF-funded deliveries of the
 * region's people (as on ?1, record origins ?2) from ?3 to ?4, not of an
 * assignment cancelled by the day; c(id, origin), a, d and st (the
 * assignment's service). cost.c counts persons, units and cost per
 * origin, service family and year; the drill-down (catalogue section
 * "cost_history") lists the persons of one. */
#define KP_COST_DELIVERIES_WITH                                                                                     \
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin FROM " KP_CLIENT_AT("?1") " c"                \
    "  WHERE " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?2)))"
#define KP_COST_DELIVERIES_JOIN                                                                                     \
    " FROM c JOIN assignment a ON a.client_id = c.id AND a.esf_funded = 1"                                          \
    " JOIN delivery d ON d.assignment_id = a.id AND d.delivered_on BETWEEN ?3 AND ?4"                               \
    "  AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a", "d.delivered_on")                                              \
    " JOIN service_type st ON st.code = a.service_code"

/* The territory holding, on `d`, the records made under `origin` (a
 * territory id, or minus a split parish's id), if it is in `region` then;
 * 0 otherwise (figure_records.c). */
int64_t kp_figures_holder(const kp_territories *t, int64_t origin, const char *d, const char *region);

/* The date `years` years before `at` (29 February: the 28th), as ISO. */
void kp_figures_years_before(kp_date at, int years, char out[11]);

/* Needs from each person's latest assessment, for the people the context
 * counts as assessed in the municipality (not those assessed in a VSAC):
 * the region's people first (MATERIALIZED, c(id, origin, target_group);
 * ?1 the date, ?2 the origins), so the per-person subqueries run for them
 * only; then " FROM c" KP_FIGURE_NEEDS_JOIN gives a row per need (n, st). */
#define KP_FIGURE_NEEDS_PEOPLE(group_condition)                                                                  \
    "WITH c AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin, c.target_group FROM " KP_CLIENT_AT("?1") \
    " c  WHERE c.registered_on <= ?1 AND " group_condition " AND " KP_FIGURE_IN_ORIGINS("?2") ")"
#define KP_FIGURE_NEEDS_JOIN                                                                                     \
    " JOIN assessment a ON a.id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id AND a2.assessed_on <= ?1" \
    "   ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)"                                                      \
    " JOIN assessment_need n ON n.assessment_id = a.id"                                                          \
    " JOIN service_type st ON st.code = n.service_code"                                                          \
    " WHERE " KP_FIGURE_FIRST_PLACE " <> 'vsac'"

/* Each person who received ESF-paid services, once, under the service of
 * their first delivery in the project (kinds folded into their parent):
 * after "FROM client-at-?1 c", joins a (the assignment of the first
 * delivery) and st (its service). ?1 the date, ?2 the project's start.
 * The assignment of the person's first delivery (ties: the lower id): each
 * assignment's first delivery in the period before its cancellation is one
 * look-up in delivery(assignment_id, delivered_on), instead of sorting all
 * the person's deliveries. The LIMIT on f, far above any person's number
 * of assignments, keeps f a subquery of its own: SQLite does not merge a
 * subquery with a LIMIT into an outer query with one, and merged, f.first_on
 * (named twice, in WHERE and ORDER BY) was the MIN look-up made twice per
 * assignment (a sixth of the query). */
#define KP_FIGURE_PROVIDED_JOIN                                                                                  \
    " JOIN assignment a ON a.id = (SELECT f.id FROM (SELECT a2.id AS id, (SELECT MIN(d2.delivered_on) FROM delivery d2" \
    "     WHERE d2.assignment_id = a2.id AND d2.delivered_on BETWEEN ?2 AND ?1"                                  \
    "     AND " KP_ASSIGNMENT_NOT_CANCELLED_ON_SQL("a2", "d2.delivered_on") ") AS first_on"                         \
    "   FROM assignment a2 WHERE a2.client_id = c.id AND a2.esf_funded = 1 LIMIT 1000000000) f"                  \
    "   WHERE f.first_on IS NOT NULL ORDER BY f.first_on, f.id LIMIT 1)"                                         \
    " JOIN service_type st ON st.code = a.service_code"


#endif
