/* Which providers a worker can choose for a client's service: those with a
 * facility offering it in the client's municipality or a neighbour, with
 * the places free on a date (casework.h, kp_cw_provider_choices). */
#include "service/casework/casework.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t kp_free_places(int64_t places, int64_t taken)
{
    if (places < 0)
        return -1;
    return places > taken ? places - taken : 0;
}

void kp_provider_choices_free(kp_provider_choices *c)
{
    if (!c)
        return;
    free(c->items);
    memset(c, 0, sizeof *c);
}

/* The client's municipality on `on` and its neighbours: the municipalities
 * it has a cooperation row with in force on the date, in either direction
 * (DI plan section 9), and its neighbours (municipality_neighbour,
 * data/municipality_neighbours.csv). Every
 * municipality is taken as the one holding its records on the date (held:
 * a pre-2021 Rundāles novads is Bauskas novads after the reform, as
 * kp_municipality_rollup), so facilities recorded before a reform still
 * count. ?1 is the client, ?2 the date. */
/* A cooperation row `co` whose period (if it has one) holds ?2. */
#define CO_IN_FORCE "(co.valid_from IS NULL OR co.valid_from <= ?2) AND (co.valid_to IS NULL OR co.valid_to >= ?2)"
#define AREA_SQL                                                                                                   \
    "WITH RECURSIVE roll(id, holder, hops) AS (SELECT id, id, 0 FROM municipality"                                 \
    "  UNION ALL SELECT roll.id, m.successor_id, roll.hops + 1 FROM roll JOIN municipality m ON m.id = roll.holder" \
    "  WHERE m.valid_to IS NOT NULL AND m.valid_to < ?2 AND m.successor_id IS NOT NULL AND roll.hops < 16),"      \
    " held(id, holder) AS (SELECT r.id, r.holder FROM roll r"                                                      \
    "  WHERE NOT EXISTS (SELECT 1 FROM roll r2 WHERE r2.id = r.id AND r2.hops > r.hops)),"                        \
    " home(m) AS (SELECT h.holder FROM " KP_CLIENT_AT("?2") " c JOIN held h ON h.id = c.municipality_id WHERE c.id = ?1)," \
    " area(m) AS (SELECT m FROM home"                                                                              \
    "  UNION SELECT hp.holder FROM cooperation co JOIN held hm ON hm.id = co.municipality_id"                       \
    "   JOIN held hp ON hp.id = co.partner_id JOIN home ON home.m = hm.holder WHERE " CO_IN_FORCE                  \
    "  UNION SELECT hm.holder FROM cooperation co JOIN held hm ON hm.id = co.municipality_id"                      \
    "   JOIN held hp ON hp.id = co.partner_id JOIN home ON home.m = hp.holder WHERE " CO_IN_FORCE                  \
    "  UNION SELECT hb.holder FROM municipality_neighbour nb JOIN held ha ON ha.id = nb.municipality_id"           \
    "   JOIN held hb ON hb.id = nb.neighbour_id JOIN home ON home.m = ha.holder"                                   \
    "  UNION SELECT ha.holder FROM municipality_neighbour nb JOIN held ha ON ha.id = nb.municipality_id"           \
    "   JOIN held hb ON hb.id = nb.neighbour_id JOIN home ON home.m = hb.holder) "
/* Whether facility alias f lies in the area (or ?4 = 0: anywhere). */
#define IN_AREA(f) "(?4 = 0 OR " f ".municipality_id IN (SELECT id FROM held WHERE holder IN (SELECT m FROM area)))"

/* One row per provider: id, name, the names of the municipalities of its
 * facilities that count, places (-1 unknown), places taken on the date.
 * ?3 the service (NULL = any: KP_PTEXT binds "" as NULL), ?4 1 = only the area, ?5 the language. */
#define CHOICES_SQL                                                                                                \
    AREA_SQL                                                                                                       \
    "SELECT p.id, p.name,"                                                                                         \
    " (SELECT GROUP_CONCAT(n, ', ') FROM (SELECT DISTINCT CASE WHEN ?5 = 'en' THEN m.name_en ELSE m.name_lv END AS n" \
    "   FROM facility f2 JOIN facility_service fs2 ON fs2.facility_id = f2.id JOIN municipality m ON m.id = f2.municipality_id" \
    "   WHERE f2.provider_id = p.id AND " OPEN("f2", "fs2") " AND " SERVES("fs2")                                  \
    "   AND " IN_AREA("f2") " ORDER BY n) AS ns),"                                  \
    " (SELECT CASE WHEN COUNT(fs3.places) = 0 THEN -1 ELSE SUM(fs3.places) END"                                     \
    "   FROM facility f3 JOIN facility_service fs3 ON fs3.facility_id = f3.id"                                    \
    "   WHERE f3.provider_id = p.id AND " OPEN("f3", "fs3") " AND " SERVES("fs3")                                  \
    "   AND " IN_AREA("f3") "),"                                              \
    " CASE WHEN CAST(?3 AS TEXT) IS NULL THEN 0 ELSE " KP_PLACES_TAKEN_SQL("p.id", KP_SERVICE_FAMILY_SQL("?3"), "?2") " END"       \
    " FROM provider p WHERE (p.closed_on IS NULL OR p.closed_on >= ?2)"                                            \
    " AND EXISTS (SELECT 1 FROM facility f JOIN facility_service fs ON fs.facility_id = f.id"                     \
    "   WHERE f.provider_id = p.id AND " OPEN("f", "fs") " AND " SERVES("fs")                                      \
    "   AND " IN_AREA("f") ")"

/* A facility and its service offer open on ?2. */
#define OPEN(f, fs)                                                                                                \
    "(" f ".opened_on <= ?2 AND (" f ".closed_on IS NULL OR " f ".closed_on >= ?2) AND " fs ".valid_from <= ?2"   \
    " AND (" fs ".valid_to IS NULL OR " fs ".valid_to >= ?2))"
/* Offers the service ?3 or its parent ("" = any service). */
#define SERVES(fs)                                                                                                 \
    "(CAST(?3 AS TEXT) IS NULL OR " fs ".service_code = ?3 OR " fs ".service_code = (SELECT parent_code FROM service_type WHERE code = ?3))"

static kp_rc load(kp_ctx *ctx, int64_t client, const char *svc, const char *day, bool area, kp_provider_choices *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_param p[] = {KP_PINT(client), KP_PTEXT(day), KP_PTEXT(svc), KP_PINT(area ? 1 : 0), KP_PTEXT(kp_cw_lang(ctx))};
    kp_rc rc = kp_store_prepare(ctx->db, CHOICES_SQL, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        kp_provider_choice *c = &out->items[out->n++];
        memset(c, 0, sizeof *c);
        c->id = kp_stmt_int(s, 0);
        snprintf(c->name, sizeof c->name, "%s", kp_stmt_text(s, 1));
        snprintf(c->where, sizeof c->where, "%s", kp_stmt_text(s, 2));
        c->places = kp_stmt_int(s, 3);
        c->taken = kp_stmt_int(s, 4);
        c->free_places = svc[0] ? kp_free_places(c->places, c->taken) : -1;
        c->nearby = area;
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_cw_provider_choices(kp_ctx *ctx, int64_t client_id, const char *service, const char *on, kp_name_cmp cmp,
                             void *cmp_arg, kp_provider_choices *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || client_id <= 0)
        return KP_EINVAL;
    char day[11];
    kp_date d = KP_DATE_NONE;
    if (kp_blank(on))
        d = kp_ctx_today(ctx);
    else if (kp_date_parse_iso(on, &d))
        return KP_EINVAL;
    kp_date_format_iso(d, day);
    const char *svc = kp_blank(service) ? "" : service;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (!rc)
        rc = load(ctx, client_id, svc, day, true, out);
    /* Nobody nearby offers it: every provider that does, marked as not
     * nearby, so the worker still has a choice (cooperation with a
     * municipality further away is possible). */
    if (!rc && out->n == 0) {
        out->widened = true;
        rc = load(ctx, client_id, svc, day, false, out);
    }
    if (rc) {
        kp_provider_choices_free(out);
        return rc;
    }
    /* By name in the caller's collation (Latvian: "Ābele" before "Zīle"),
     * then by id; a few dozen rows, so insertion sort. */
    for (size_t i = 1; i < out->n; i++) {
        kp_provider_choice x = out->items[i];
        size_t j = i;
        while (j > 0) {
            const kp_provider_choice *y = &out->items[j - 1];
            int c = cmp ? cmp(y->name, x.name, cmp_arg) : strcmp(y->name, x.name);
            if (c < 0 || (c == 0 && y->id < x.id))
                break;
            out->items[j] = out->items[j - 1];
            j--;
        }
        out->items[j] = x;
    }
    return KP_OK;
}
