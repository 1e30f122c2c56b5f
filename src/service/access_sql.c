/* The SQL of the scope rules (see access_sql.h). */
#include "service/access_sql.h"
#include "service/casework/people.h"
#include "service/sql.h"

kp_rc kp_q_scope_client_municipality(kp_store *st, int64_t client_id, const char *d, int64_t *municipality)
{
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(d)};
    return kp_sql_int(st, "SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " FROM client c WHERE c.id = ?1", p, 2, 0,
                      municipality);
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
