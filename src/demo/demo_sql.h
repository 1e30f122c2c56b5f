/* Query file of the demo builder (src/demo/): the few reads the demo makes
 * to find the records it then changes through the use cases — territories
 * by their catalogue key, quiet adults to give a history, what deliveries
 * are worth for the compensation it pays. Used by demo.c, demo_history.c,
 * demo_programme.c and demo_diplan.c, which hold no SQL. Reads only: every
 * write of the demo goes through a use case. */
#ifndef KOPA_DEMO_DEMO_SQL_H
#define KOPA_DEMO_DEMO_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/sql.h"

/* The territory with catalogue key `key`: its id (0 when none) and ATVK code. */
kp_rc kp_q_demo_territory_by_key(kp_store *st, const char *key, int64_t *id, char atvk[8]);
/* The territory with ATVK code `atvk`: its id (0 when none). */
kp_rc kp_q_demo_territory_id(kp_store *st, const char *atvk, int64_t *id);
/* The ATVK codes of the territories whose successor is `id`, in code order,
 * but for Jaunjelgavas novads before the reform (it took no part in the
 * project): at most max into pre, *n of them. */
kp_rc kp_q_demo_predecessors(kp_store *st, int64_t id, char (*pre)[8], size_t max, size_t *n);
/* The newest three adults (target group grt) registered before 2021 with no
 * service, no stay in an institution and represented by nobody; *n found. */
kp_rc kp_q_demo_quiet_adults(kp_store *st, int64_t ids[3], size_t *n);
/* Client `id`'s family name as registered ("" when none). */
kp_rc kp_q_demo_family_name(kp_store *st, int64_t id, char *out, size_t outlen);
/* The first territory of region ZPR in force today, in code order, that
 * is not the one client `id` lives in (nor its successor). */
kp_rc kp_q_demo_move_target(kp_store *st, int64_t id, char atvk[8]);
/* What the confirmed ESF deliveries to clients recorded under territory
 * `territory` between `from` and `to` are worth in cents: units × the unit
 * cost on the day (the rule kopa check applies to compensation). */
kp_rc kp_q_demo_delivered_value(kp_store *st, int64_t territory, const char *from, const char *to, int64_t *cents);

#endif
