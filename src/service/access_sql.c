/* The SQL of the scope rules (see access_sql.h). */
#include "service/access_sql.h"
#include "service/sql.h"

kp_rc kp_q_scope_client_municipality(kp_store *st, int64_t client_id, const char *d, int64_t *municipality)
{
    /* KP_CLIENT_MUNICIPALITY_AT written for one client: as a correlated
     * subquery SQLite sorts the versions in a temporary b-tree for its
     * ORDER BY (about 36 000 instructions, once per client an import
     * touches); at the top it reads the index backwards. No client: no row. */
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(d)};
    return kp_sql_int(st,
                      "SELECT cv.municipality_id FROM client_version cv WHERE cv.client_id = ?1"
                      " AND cv.valid_from <= (SELECT CASE WHEN ?2 > c.registered_on THEN ?2 ELSE c.registered_on END"
                      " FROM client c WHERE c.id = ?1)"
                      " ORDER BY cv.valid_from DESC LIMIT 1",
                      p, 2, 0, municipality);
}

kp_rc kp_q_scope_client_referred(kp_store *st, int64_t client_id, int64_t provider_id, bool *referred)
{
    if (!referred)
        return KP_EINVAL;
    int64_t v = 0;
    kp_param p[] = {KP_PINT(client_id), KP_PINT(provider_id)};
    kp_rc rc = kp_sql_int(st, "SELECT 1 FROM assignment WHERE client_id = ? AND provider_id = ? LIMIT 1", p, 2, 0, &v);
    *referred = !rc && v;
    return rc;
}
