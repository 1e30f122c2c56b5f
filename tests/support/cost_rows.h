/* Looking up and checking rows of a cost table (kp_cost,
 * service/figures/cost.h) in the cost tests; include after <cmocka.h>. */
#ifndef KOPA_TEST_COST_ROWS_H
#define KOPA_TEST_COST_ROWS_H
#include <string.h>
#include "service/figures/cost.h"

/* The row of municipality `muni`, service `svc` and `year`, or NULL. */
static inline const kp_cost_row *cost_row(const kp_cost *c, int64_t muni, const char *svc, int year)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->rows[i].municipality == muni && c->rows[i].year == year && !strcmp(c->rows[i].service, svc))
            return &c->rows[i];
    return NULL;
}

/* Fails the test, naming the row, unless the row is there with these
 * persons, units and cost (cents). */
static inline void expect_row(const kp_cost *c, int64_t muni, const char *svc, int year, int64_t persons,
                              int64_t units, kp_cents cost)
{
    const kp_cost_row *r = cost_row(c, muni, svc, year);
    if (!r)
        fail_msg("no row %lld %s %d", (long long)muni, svc, year);
    else if (r->persons != persons || r->units != units || r->cost != cost)
        fail_msg("row %lld %s %d: %lld persons, %lld units, %lld cents; expected %lld, %lld, %lld", (long long)muni,
                 svc, year, (long long)r->persons, (long long)r->units, (long long)r->cost, (long long)persons,
                 (long long)units, (long long)cost);
}

#endif
