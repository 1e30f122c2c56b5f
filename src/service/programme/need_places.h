/* Need against places (issue 11, item 2): per municipality and service
 * family at a date, the persons whose latest assessment found the need, the
 * persons receiving the service, the places in the municipality, the free
 * places there, in its neighbours and through cooperation agreements, the
 * DI plan's places not yet a facility, and the gap. The rules are in
 * docs/figures.md, "Need against places". */
#ifndef KOPA_SERVICE_NEED_PLACES_H
#define KOPA_SERVICE_NEED_PLACES_H
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/figures/disclosure.h"
#include "service/ctx.h"

/* The persons behind the need and receiving counts, defined once: after
 * this WITH clause (?1 the date, ?2 the region's record origins as a JSON
 * array), c(id, m, p) holds each person of the region as on the date —
 * registered by then, case open — with the territory and parish (0: none)
 * the records were made under, and u(id, fam, need, rcv) a row per person
 * and service family (a top-level service code) whose latest assessment
 * by the date names it (need) or who has an assignment of it in force or
 * suspended on the date (rcv), each 1 or 0. need_places.c counts them; the drill-down
 * (service/figures/figure_records.c, catalogue section "need_places")
 * lists them. Needs service/casework/people.h, services.h and
 * service/territory.h. */
#define KP_NEED_PERSONS_WITH                                                                                       \
    "WITH c AS MATERIALIZED (SELECT c.id, c.municipality_id AS m, COALESCE(c.parish_id, 0) AS p"                    \
    "  FROM " KP_CLIENT_AT("?1") " c WHERE c.registered_on <= ?1 AND c.case_status = 'open'"                         \
    "  AND " KP_ORIGIN("c") " IN (SELECT CAST(value AS INTEGER) FROM json_each(?2))),"                                               \
    " nd AS MATERIALIZED (SELECT DISTINCT c.id AS id, " KP_SERVICE_FAMILY_SQL("n.service_code") " AS fam FROM c"    \
    "  JOIN assessment_need n ON n.assessment_id = (SELECT a2.id FROM assessment a2 WHERE a2.client_id = c.id"      \
    "   AND a2.assessed_on <= ?1 ORDER BY a2.assessed_on DESC, a2.round DESC LIMIT 1)),"                           \
    " rc AS MATERIALIZED (SELECT DISTINCT a.client_id AS id, " KP_SERVICE_FAMILY_SQL("a.service_code") " AS fam"    \
    "  FROM c JOIN assignment a ON a.client_id = c.id WHERE " KP_ASSIGNMENT_HOLDS_PLACE_SQL("a", "?1") "),"         \
    " u AS (SELECT u.id, u.fam,"                                                                                   \
    "  CASE WHEN EXISTS (SELECT 1 FROM nd WHERE nd.id = u.id AND nd.fam = u.fam) THEN 1 ELSE 0 END AS need,"     \
    "  CASE WHEN EXISTS (SELECT 1 FROM rc WHERE rc.id = u.id AND rc.fam = u.fam) THEN 1 ELSE 0 END AS rcv"       \
    "  FROM (SELECT id, fam FROM nd UNION SELECT id, fam FROM rc) u)"

typedef struct kp_need_row {
    int64_t municipality_id; /* a territory valid on the date */
    char service[32];        /* a service family: a top-level service code */
    char service_name[208];  /* its name in ctx->lang (catalogue names: up to 200 bytes) */
    int service_sort;
    int64_t need;            /* persons whose latest assessment names the service (or a kind of it) */
    int64_t receiving;       /* persons with an assignment of the family in force or suspended */
    int64_t unmet;           /* of `need`, those not receiving it: the gap */
    int64_t places;          /* places of facilities in the municipality open on the date */
    int64_t free_here;       /* free places there (kp_free_places per provider) */
    int64_t free_neighbours; /* free places in the neighbouring municipalities */
    int64_t free_cooperation;/* places through cooperation agreements in force (not with a neighbour) */
    int64_t plan_places;     /* DI plan places in the municipality not (yet) a facility */
    int64_t shortfall;       /* unmet − free_here − free_neighbours − free_cooperation, at least 0 */
    /* Set by kp_need_suppress (false without it): not published. */
    bool need_c, receiving_c, unmet_c, shortfall_c;
} kp_need_row;

typedef struct kp_need_muni {
    int64_t id;
    char atvk[8];
    char name[96];
} kp_need_muni;

typedef struct kp_need {
    char region[8];
    char at[11];
    kp_need_muni *munis; /* the region's territories on the date (or the one asked for), by name */
    size_t nmunis;
    kp_need_row *rows;   /* by municipality (as munis), then service catalogue order; rows all zero left out */
    size_t n;
    /* kp_need_suppress: the rule applied (suppressed false = exact
     * figures) and the totals' flags (one row per service, then the
     * whole with service ""; between them each municipality's over every
     * service, municipality_id set), read through kp_need_total. */
    bool suppressed;
    kp_disclosure_rule rule;
    size_t nsuppressed;
    kp_need_row *totals;
    size_t ntotals;
} kp_need;

/* The table for `region` at `at` (municipality_atvk NULL or "" = every
 * territory of the region; else only that territory, which must be one of
 * the region's on the date). Who may: region coordinators for their own
 * region, the ministry and administrators for any, municipal heads for the
 * territories valid on the date whose records their municipality holds
 * today (itself; before the 2021 reform, the novadi it took), region may
 * then be "" — it is theirs. KP_EINVAL for NULL ctx/out or a bad date,
 * KP_ENOTFOUND for an unknown region or territory, or one out of scope,
 * KP_EDENIED for other roles. *out is empty on failure; free with
 * kp_need_free. Counts persons only: no client data leaves. */
kp_rc kp_need_places(kp_ctx *ctx, const char *region, const char *municipality_atvk, kp_date at, kp_need *out);
void kp_need_free(kp_need *n);

/* Sums of the rows of one service family over the table (service "" =
 * every service), into *out (municipality_id 0); after kp_need_suppress
 * with the total's *_c flags. */
void kp_need_total(const kp_need *n, const char *service, kp_need_row *out);

/* Open data without small numbers (disclosure.h) for the table: need,
 * receiving, not receiving (unmet) and short (shortfall) count persons;
 * each service's rows add up to its total and the services' totals to the
 * whole (lines for kp_disclosure_suppress), and a row's shortfall, when
 * above 0, is its unmet minus published free places, so the two are
 * suppressed together. Places are never suppressed. Sets the *_c flags
 * and n->suppressed. KP_EINVAL for NULL arguments or a bad rule; KP_ESTATE
 * as kp_disclosure_suppress. */
kp_rc kp_need_suppress(const kp_disclosure_rule *rule, kp_need *n);

/* kp_need_suppress for what a caller is shown: a table of one
 * municipality takes its flags from the suppression of its whole region
 * (the region's table, as this caller may read it), so that the
 * municipality's table and the region's, both published, cannot be
 * subtracted one from the other; when the caller may not read the region
 * (a municipal head), the table is suppressed on its own. The one
 * municipality's "whole" total is its total in the region. KP_EINVAL for
 * NULL arguments or a bad rule. */
kp_rc kp_need_suppress_in_region(kp_ctx *ctx, const kp_disclosure_rule *rule, kp_need *n);

#endif
