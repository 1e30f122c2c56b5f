/* The demo builder's reads (see demo_sql.h). */
#include "demo/demo_sql.h"
#include "service/rows.h"
#include <string.h>

typedef struct territory_row {
    int64_t id;
    char atvk[8];
} territory_row;
static const kp_field TERRITORY_F[] = {KP_FIELD(territory_row, id), KP_FIELD(territory_row, atvk)};
static const kp_shape TERRITORY = KP_SHAPE(territory_row, TERRITORY_F);

kp_rc kp_q_demo_territory_by_key(kp_store *st, const char *key, int64_t *id, char atvk[8])
{
    if (!id || !atvk)
        return KP_EINVAL;
    territory_row row;
    bool found = false;
    kp_param p[] = {KP_PTEXT(key)};
    kp_rc rc = kp_rows_one(st, "SELECT id, atvk FROM municipality WHERE key = ?", p, 1, &TERRITORY, &row, &found);
    *id = rc ? 0 : row.id;
    memcpy(atvk, rc ? "" : row.atvk, rc ? 1 : sizeof row.atvk);
    return rc;
}

kp_rc kp_q_demo_territory_id(kp_store *st, const char *atvk, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(atvk)};
    return kp_sql_int(st, "SELECT id FROM municipality WHERE atvk = ?", p, 1, 0, id);
}

typedef struct atvk_row {
    char atvk[8];
} atvk_row;
static const kp_field ATVK_F[] = {KP_FIELD(atvk_row, atvk)};
static const kp_shape ATVK = KP_SHAPE(atvk_row, ATVK_F);

typedef struct atvk_list {
    char (*pre)[8];
    size_t max, *n;
} atvk_list;

static kp_rc keep_atvk(void *row, void *arg)
{
    atvk_list *l = arg;
    if (*l->n < l->max)
        memcpy(l->pre[(*l->n)++], ((const atvk_row *)row)->atvk, 8);
    return KP_OK;
}

kp_rc kp_q_demo_predecessors(kp_store *st, int64_t id, char (*pre)[8], size_t max, size_t *n)
{
    if (!pre || !n)
        return KP_EINVAL;
    *n = 0;
    atvk_list l = {pre, max, n};
    atvk_row row;
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_each(st,
                        "SELECT atvk FROM municipality WHERE successor_id = ? AND key <> 'jaunjelgava-pre2021'"
                        " ORDER BY atvk",
                        p, 1, &ATVK, &row, keep_atvk, &l);
}

typedef struct id_row {
    int64_t id;
} id_row;
static const kp_field ID_F[] = {KP_FIELD(id_row, id)};
static const kp_shape ID = KP_SHAPE(id_row, ID_F);

typedef struct id_list {
    int64_t *ids;
    size_t max, *n;
} id_list;

static kp_rc keep_id(void *row, void *arg)
{
    id_list *l = arg;
    if (*l->n < l->max)
        l->ids[(*l->n)++] = ((const id_row *)row)->id;
    return KP_OK;
}

kp_rc kp_q_demo_quiet_adults(kp_store *st, int64_t ids[3], size_t *n)
{
    if (!ids || !n)
        return KP_EINVAL;
    *n = 0;
    id_list l = {ids, 3, n};
    id_row row;
    return kp_rows_each(st,
                        "SELECT c.id FROM client c WHERE c.target_group = 'grt' AND c.registered_on < '2021-01-01'"
                        " AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.client_id = c.id)"
                        " AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.client_id = c.id)"
                        " AND NOT EXISTS (SELECT 1 FROM client_representative l WHERE l.representative_id = c.id)"
                        " ORDER BY c.id DESC LIMIT 3",
                        NULL, 0, &ID, &row, keep_id, &l);
}

kp_rc kp_q_demo_family_name(kp_store *st, int64_t id, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, "SELECT family_name FROM client WHERE id = ?", p, 1, out, outlen);
}

kp_rc kp_q_demo_move_target(kp_store *st, int64_t id, char atvk[8])
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st,
                       "SELECT m.atvk FROM municipality m WHERE m.region_code = 'ZPR' AND m.valid_to IS NULL"
                       " AND m.id <> COALESCE((SELECT successor_id FROM municipality WHERE id ="
                       "  (SELECT municipality_id FROM client WHERE id = ?1) AND valid_to IS NOT NULL),"
                       "  (SELECT municipality_id FROM client WHERE id = ?1))"
                       " ORDER BY m.atvk LIMIT 1",
                       p, 1, atvk, 8);
}

kp_rc kp_q_demo_delivered_value(kp_store *st, int64_t territory, const char *from, const char *to, int64_t *cents)
{
    kp_param p[] = {KP_PINT(territory), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(d.units * COALESCE((SELECT u.amount_cents FROM unit_cost u"
                      "  WHERE u.service_code = COALESCE(t.parent_code, a.service_code) AND u.valid_from <= d.delivered_on"
                      "  AND (u.valid_to IS NULL OR u.valid_to >= d.delivered_on) ORDER BY u.valid_from DESC LIMIT 1), 0)), 0)"
                      " FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
                      " JOIN service_type t ON t.code = a.service_code"
                      " WHERE c.municipality_id = ?1 AND d.delivered_on BETWEEN ?2 AND ?3 AND d.confirmed = 1"
                      " AND a.esf_funded = 1 AND a.status = 'active'"
                      " AND d.delivered_on BETWEEN a.start_date AND a.end_date",
                      p, 3, 0, cents);
}
