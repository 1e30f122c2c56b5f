/* SQL text the figures (figures.c) and their drill-down (figure_records.c)
 * share, so that a figure and the list of its records select the same
 * people. Private to service/figures/. */
#ifndef KOPA_SERVICE_FIGURE_SQL_H
#define KOPA_SERVICE_FIGURE_SQL_H
#include "service/casework/people.h"
#include "service/territory.h"

#define KP_FIGURE_FIRST_PLACE \
    "(SELECT a.place FROM assessment a WHERE a.client_id = c.id AND a.assessed_on <= ?1 ORDER BY a.assessed_on, a.round LIMIT 1)"
#define KP_FIGURE_RESIDENCE_NOW                                                                               \
    "(SELECT r.kind FROM residence r WHERE r.client_id = c.id AND r.start_date <= ?1"                         \
    " AND (r.end_date IS NULL OR r.end_date >= ?1) ORDER BY r.start_date DESC LIMIT 1)"
/* The records of the region: made under a territory whose records the
 * region holds on the date (the origins with a holder, as a JSON array).
 * Filtering in SQL spares the per-person subqueries of other regions'
 * people; the fold skips their rows anyway. */
#define KP_FIGURE_IN_ORIGINS(param) KP_ORIGIN("c") " IN (SELECT value FROM json_each(" param "))"

/* The people of the context at a date, x(id, origin, target_group,
 * birth_date, special_care_from, case_status, first_place, res): the
 * person as on the date (KP_CLIENT_AT). MATERIALIZED: each person's first
 * place and residence are looked up once. ?1 the date, ?3 the origins; the
 * catalogue's conditions use ?2, the date 18 years before. */
#define KP_FIGURE_CONTEXT_FROM                                                                                      \
    "WITH x AS MATERIALIZED (SELECT c.id, " KP_ORIGIN("c") " AS origin, c.target_group, c.birth_date,"               \
    "  c.special_care_from, c.case_status, " KP_FIGURE_FIRST_PLACE " AS first_place, " KP_FIGURE_RESIDENCE_NOW       \
    " AS res  FROM " KP_CLIENT_AT("?1") " c WHERE c.registered_on <= ?1 AND " KP_FIGURE_IN_ORIGINS("?3") ")"

#endif
