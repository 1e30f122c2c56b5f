/* The assignment aggregate's SQL (assignment_sql.h): assignments,
 * deliveries, events, rules, and the caseload, provider and choice views. */
#include "service/casework/assignment_sql.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/rows.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- catalogue choices ---- */

static const kp_field OPTION2_F[] = {KP_FIELD(kp_option, code), KP_FIELD(kp_option, name)};
static const kp_shape OPTION2 = KP_SHAPE(kp_option, OPTION2_F);
static const kp_field OPTION4_F[] = {KP_FIELD(kp_option, code), KP_FIELD(kp_option, name), KP_FIELD(kp_option, unit),
                                     KP_FIELD(kp_option, parent)};
static const kp_shape OPTION4 = KP_SHAPE(kp_option, OPTION4_F);

kp_rc kp_q_options_services(kp_store *st, const char *lang, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang)};
    return KP_ROWS_ALL(st,
                       "SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END, unit,"
                       " COALESCE(parent_code, '') FROM service_type ORDER BY sort, code",
                       p, 1, &OPTION4, out);
}

kp_rc kp_q_options_target_groups(kp_store *st, const char *lang, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang)};
    return KP_ROWS_ALL(st, "SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END FROM target_group ORDER BY code",
                       p, 1, &OPTION2, out);
}

kp_rc kp_q_options_municipalities(kp_store *st, const char *lang, const char *today, int64_t only, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PTEXT(today), KP_PTEXT(today), KP_PINT(only), KP_PINT(only)};
    return KP_ROWS_ALL(st,
                       "SELECT atvk, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END FROM municipality"
                       " WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) AND (? = 0 OR id = ?)"
                       " ORDER BY name_lv",
                       p, KP_NPARAMS(p), &OPTION2, out);
}

kp_rc kp_q_options_providers(kp_store *st, const char *today, const char *service, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(today), KP_PTEXT(service), KP_PTEXT(service)};
    return KP_ROWS_ALL(st,
                       "SELECT CAST(p.id AS TEXT), p.name FROM provider p"
                       " WHERE (p.closed_on IS NULL OR p.closed_on >= ?1)"
                       " AND (CAST(?2 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM facility f JOIN facility_service fs ON fs.facility_id = f.id"
                       "   WHERE f.provider_id = p.id AND (fs.service_code = ?3"
                       "   OR fs.service_code = (SELECT parent_code FROM service_type WHERE code = ?3))))"
                       " ORDER BY p.name, p.id",
                       p, KP_NPARAMS(p), &OPTION2, out);
}

/* ---- providers a worker may choose ---- */

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

/* The list of municipalities has no bound of its own: read whole, cut to
 * the choice's field (as shown). */
typedef struct choice_row {
    int64_t id;
    char name[sizeof ((kp_provider_choice *)0)->name];
    char *where;
    int64_t places, taken;
} choice_row;
static const kp_field CHOICE_F[] = {KP_FIELD(choice_row, id), KP_FIELD(choice_row, name),
                                    KP_FIELD_DUP(choice_row, where), KP_FIELD(choice_row, places),
                                    KP_FIELD(choice_row, taken)};
static const kp_shape CHOICE = KP_SHAPE(choice_row, CHOICE_F);

static kp_rc add_choice(void *row, void *arg)
{
    const choice_row *r = row;
    kp_provider_choices *out = arg;
    kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
    kp_provider_choice *c = &out->items[out->n++];
    memset(c, 0, sizeof *c);
    c->id = r->id;
    memcpy(c->name, r->name, sizeof c->name);
    snprintf(c->where, sizeof c->where, "%s", r->where ? r->where : "");
    c->places = r->places;
    c->taken = r->taken;
    return KP_OK;
}

kp_rc kp_q_provider_choices(kp_store *st, int64_t client, const char *service, const char *day, bool area,
                            const char *lang, kp_provider_choices *out)
{
    choice_row row;
    kp_param p[] = {KP_PINT(client), KP_PTEXT(day), KP_PTEXT(service), KP_PINT(area ? 1 : 0), KP_PTEXT(lang)};
    return kp_rows_each(st, CHOICES_SQL, p, KP_NPARAMS(p), &CHOICE, &row, add_choice, out);
}

/* ---- caseloads ---- */

/* Municipalities whose records a municipality holds today: itself and,
 * through reforms, those that merged into it (as kp_municipality_rollup).
 * Takes ?1 = municipality id, ?2 = today. */
#define SCOPE_CTE                                                                                                     \
    "WITH RECURSIVE scope(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT m.id FROM municipality m JOIN scope s"                      \
    " ON m.successor_id = s.id WHERE m.valid_to IS NOT NULL AND m.valid_to < ?2) "

/* Columns of CLIENT; ?3/?4 = the calendar year's first and last day
 * (respite used). */
#define CLIENT_COLS                                                                                                   \
    "c.id, c.given_name, c.family_name, c.birth_date, c.target_group,"                                              \
    " (SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a WHERE a.client_id = c.id"           \
    "  AND a.service_code = 'respite' AND a.start_date BETWEEN ?3 AND ?4), COALESCE(w.user_id, 0)"

static const kp_field CLIENT_F[] = {KP_FIELD(kp_cw_client, id),           KP_FIELD(kp_cw_client, given_name),
                                    KP_FIELD(kp_cw_client, family_name),  KP_FIELD(kp_cw_client, birth_date),
                                    KP_FIELD(kp_cw_client, target_group), KP_FIELD(kp_cw_client, respite_used),
                                    KP_FIELD(kp_cw_client, worker_id)};
static const kp_shape CLIENT = KP_SHAPE(kp_cw_client, CLIENT_F);

/* client id, given, family, record id, version, service, service name, date */
static const kp_field DUE_F[] = {KP_FIELD(kp_cw_due, client_id),   KP_FIELD(kp_cw_due, given_name),
                                 KP_FIELD(kp_cw_due, family_name), KP_FIELD(kp_cw_due, record_id),
                                 KP_FIELD(kp_cw_due, version),     KP_FIELD(kp_cw_due, service),
                                 KP_FIELD(kp_cw_due, service_name), KP_FIELD(kp_cw_due, date)};
static const kp_shape DUE = KP_SHAPE(kp_cw_due, DUE_F);

static const kp_field DELIVERY_F[] = {
    KP_FIELD(kp_cw_delivery, id),           KP_FIELD(kp_cw_delivery, assignment_id),
    KP_FIELD(kp_cw_delivery, client_id),    KP_FIELD(kp_cw_delivery, given_name),
    KP_FIELD(kp_cw_delivery, family_name),  KP_FIELD(kp_cw_delivery, service),
    KP_FIELD(kp_cw_delivery, service_name), KP_FIELD(kp_cw_delivery, unit),
    KP_FIELD(kp_cw_delivery, provider),     KP_FIELD(kp_cw_delivery, delivered_on),
    KP_FIELD(kp_cw_delivery, units),        KP_FIELD(kp_cw_delivery, confirmed)};
static const kp_shape DELIVERY = KP_SHAPE(kp_cw_delivery, DELIVERY_F);

kp_rc kp_q_caseload_clients_of(kp_store *st, int64_t muni, const char *today, const char *year_from,
                               const char *year_to, int64_t user, kp_cw_clients *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PTEXT(year_from), KP_PTEXT(year_to), KP_PINT(user)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE "SELECT " CLIENT_COLS " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                 " WHERE w.user_id = ?5 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                 " ORDER BY c.family_name, c.given_name, c.id",
                       p, KP_NPARAMS(p), &CLIENT, out);
}

kp_rc kp_q_caseload_reviews(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                            kp_cw_dues *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user), KP_PTEXT(soon)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE "SELECT c.id, c.given_name, c.family_name, p.id, p.version, '', '', p.review_on"
                                 " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                 " JOIN support_plan p ON p.client_id = c.id"
                                 " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                 " AND p.status = 'approved' AND p.review_on IS NOT NULL AND p.review_on <= ?4"
                                 " AND (p.ended_on IS NULL OR p.ended_on > ?2)"
                                 " ORDER BY p.review_on, c.family_name, c.given_name",
                       p, KP_NPARAMS(p), &DUE, out);
}

kp_rc kp_q_caseload_ending(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
                           const char *lang, kp_cw_dues *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user), KP_PTEXT(soon), KP_PTEXT(lang)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE "SELECT c.id, c.given_name, c.family_name, a.id, 0, a.service_code,"
                                 " CASE WHEN ?5 = 'en' THEN t.name_en ELSE t.name_lv END, a.end_date"
                                 " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                 " JOIN assignment a ON a.client_id = c.id JOIN service_type t ON t.code = a.service_code"
                                 " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                 " AND " KP_ASSIGNMENT_STATUS_SQL("a", "?2") " IN ('in_force', 'suspended')"
                                 " AND a.end_date BETWEEN ?2 AND ?4"
                                 " ORDER BY a.end_date, c.family_name, c.given_name",
                       p, KP_NPARAMS(p), &DUE, out);
}

kp_rc kp_q_caseload_unconfirmed_count(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t *n)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user)};
    return kp_sql_int(st,
                      SCOPE_CTE "SELECT COUNT(*) FROM client_worker w JOIN client c ON c.id = w.client_id"
                                " JOIN assignment a ON a.client_id = c.id JOIN delivery d ON d.assignment_id = a.id"
                                " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope) AND d.confirmed = 0",
                      p, 3, 0, n);
}

kp_rc kp_q_caseload_unconfirmed(kp_store *st, int64_t muni, const char *today, int64_t user, const char *lang,
                                int64_t limit, kp_cw_deliveries *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user), KP_PTEXT(lang), KP_PINT(limit)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE
                       "SELECT d.id, a.id, c.id, c.given_name, c.family_name, a.service_code,"
                       " CASE WHEN ?4 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, COALESCE(p.name, ''),"
                       " d.delivered_on, d.units, d.confirmed"
                       " FROM client_worker w JOIN client c ON c.id = w.client_id"
                       " JOIN assignment a ON a.client_id = c.id JOIN delivery d ON d.assignment_id = a.id"
                       " JOIN service_type t ON t.code = a.service_code LEFT JOIN provider p ON p.id = a.provider_id"
                       " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope) AND d.confirmed = 0"
                       " ORDER BY d.delivered_on DESC, d.id DESC LIMIT ?5",
                       p, KP_NPARAMS(p), &DELIVERY, out);
}

static const kp_field LOAD_F[] = {KP_FIELD(kp_worker_load, user_id), KP_FIELD(kp_worker_load, username),
                                  KP_FIELD(kp_worker_load, disabled), KP_FIELD(kp_worker_load, clients),
                                  KP_FIELD(kp_worker_load, reviews_due)};
static const kp_shape LOAD = KP_SHAPE(kp_worker_load, LOAD_F);

kp_rc kp_q_caseload_worker_loads(kp_store *st, int64_t muni, const char *soon, kp_worker_loads *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(soon)};
    return KP_ROWS_ALL(st,
                       "SELECT u.id, u.username, u.disabled,"
                       " (SELECT COUNT(*) FROM client_worker w WHERE w.user_id = u.id),"
                       " (SELECT COUNT(*) FROM client_worker w JOIN support_plan p ON p.client_id = w.client_id"
                       "  WHERE w.user_id = u.id AND p.status = 'approved' AND p.review_on IS NOT NULL"
                       "  AND p.review_on <= ?2)"
                       " FROM app_user u WHERE u.role = 'social_worker' AND u.municipality_id = ?1"
                       " ORDER BY u.username",
                       p, KP_NPARAMS(p), &LOAD, out);
}

kp_rc kp_q_caseload_unassigned_count(kp_store *st, int64_t muni, const char *today, int64_t *n)
{
    kp_param q[] = {KP_PINT(muni), KP_PTEXT(today)};
    return kp_sql_int(st,
                      SCOPE_CTE "SELECT COUNT(*) FROM client c WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                " AND NOT EXISTS (SELECT 1 FROM client_worker w JOIN app_user u ON u.id = w.user_id"
                                "  WHERE w.client_id = c.id AND u.municipality_id = ?1)",
                      q, 2, 0, n);
}

/* ?5 = worker (0: nobody), ?6/?7 = page. */
#define WORKER_CLIENTS                                                                                              \
    " FROM client c LEFT JOIN client_worker w ON w.client_id = c.id"                                               \
    " WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"                                     \
    " AND ((?5 = 0 AND (w.user_id IS NULL OR w.user_id NOT IN (SELECT id FROM app_user WHERE municipality_id = ?1)))" \
    "  OR w.user_id = ?5)"

kp_rc kp_q_caseload_clients_count(kp_store *st, int64_t muni, const char *today, int64_t worker, int64_t *n)
{
    /* ?3/?4 (the year, for the page's columns) are not in this text; they
     * are bound a text all the same, as the page binds them. */
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PTEXT(today), KP_PTEXT(today), KP_PINT(worker)};
    return kp_sql_int(st, SCOPE_CTE "SELECT COUNT(*)" WORKER_CLIENTS, p, 5, 0, n);
}

kp_rc kp_q_caseload_clients_page(kp_store *st, int64_t muni, const char *today, const char *year_from,
                                 const char *year_to, int64_t worker, int64_t limit, int64_t offset,
                                 kp_cw_clients *out)
{
    kp_param p[] = {KP_PINT(muni),   KP_PTEXT(today), KP_PTEXT(year_from), KP_PTEXT(year_to),
                    KP_PINT(worker), KP_PINT(limit),  KP_PINT(offset)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE "SELECT " CLIENT_COLS WORKER_CLIENTS
                                 " ORDER BY c.family_name, c.given_name, c.id LIMIT ?6 OFFSET ?7",
                       p, KP_NPARAMS(p), &CLIENT, out);
}

kp_rc kp_q_client_municipality_at(kp_store *st, int64_t client, const char *day, int64_t *muni)
{
    kp_param pm[] = {KP_PINT(client), KP_PTEXT(day)};
    return kp_sql_int(st, "SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " FROM client c WHERE c.id = ?1", pm, 2, 0,
                      muni);
}

kp_rc kp_q_worker_is_active_of(kp_store *st, int64_t worker, int64_t muni, bool *ok)
{
    int64_t one = 0;
    kp_param q[] = {KP_PINT(worker), KP_PINT(muni)};
    kp_rc rc = kp_sql_int(st,
                          "SELECT 1 FROM app_user WHERE id = ? AND role = 'social_worker' AND municipality_id = ?"
                          " AND disabled = 0",
                          q, 2, 0, &one);
    *ok = one != 0;
    return rc;
}

kp_rc kp_q_client_worker_of(kp_store *st, int64_t client, int64_t *worker)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st, "SELECT user_id FROM client_worker WHERE client_id = ?", p, 1, 0, worker);
}

kp_rc kp_q_client_worker_set(kp_store *st, int64_t client, int64_t worker, const char *since)
{
    kp_param r[] = {KP_PINT(client), KP_PINT(worker), KP_PTEXT(since)};
    return kp_sql_exec(st,
                       "INSERT INTO client_worker(client_id, user_id, since) VALUES (?, ?, ?)"
                       " ON CONFLICT (client_id) DO UPDATE SET user_id = excluded.user_id, since = excluded.since",
                       r, 3);
}

kp_rc kp_q_client_worker_add(kp_store *st, int64_t client, int64_t worker, const char *since)
{
    kp_param p[] = {KP_PINT(client), KP_PINT(worker), KP_PTEXT(since)};
    return kp_sql_exec(st, "INSERT INTO client_worker(client_id, user_id, since) VALUES (?, ?, ?)", p, 3);
}

typedef struct demo_worker {
    int64_t user, muni;
} demo_worker;
static const kp_field DEMO_WORKER_F[] = {KP_FIELD(demo_worker, user), KP_FIELD(demo_worker, muni)};
static const kp_shape DEMO_WORKER = KP_SHAPE(demo_worker, DEMO_WORKER_F);

typedef struct demo_workers {
    demo_worker *items;
    size_t n, cap;
} demo_workers;

kp_rc kp_q_caseload_demo_workers(kp_store *st, int64_t *users, int64_t *munis, size_t max, size_t *n)
{
    demo_workers w = {0};
    kp_rc rc = KP_ROWS_ALL(st,
                           "SELECT u.id, u.municipality_id FROM app_user u JOIN municipality m ON m.id = u.municipality_id"
                           " WHERE u.role = 'social_worker' AND u.username = 'sw-' || m.key ORDER BY u.id",
                           NULL, 0, &DEMO_WORKER, &w);
    *n = 0;
    for (size_t i = 0; !rc && i < w.n && i < max; i++) {
        users[i] = w.items[i].user;
        munis[i] = w.items[i].muni;
        *n = i + 1;
    }
    free(w.items);
    return rc;
}

kp_rc kp_q_caseload_demo_assign(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t per_worker)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user), KP_PINT(per_worker)};
    return kp_sql_exec(st,
                       SCOPE_CTE "INSERT INTO client_worker(client_id, user_id, since)"
                                 " SELECT c.id, ?3, ?2 FROM client c WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                 " AND NOT EXISTS (SELECT 1 FROM client_worker w WHERE w.client_id = c.id)"
                                 " ORDER BY (SELECT COUNT(*) FROM support_plan p WHERE p.client_id = c.id"
                                 "  AND p.status = 'approved') DESC, c.id LIMIT ?4",
                       p, KP_NPARAMS(p));
}

/* ---- deliveries ---- */

kp_rc kp_q_delivery_client(kp_store *st, int64_t delivery, int64_t *client)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_sql_int(st, "SELECT a.client_id FROM delivery d JOIN assignment a ON a.id = d.assignment_id WHERE d.id = ?",
                      p, 1, 0, client);
}

kp_rc kp_q_delivery_confirmed(kp_store *st, int64_t delivery, bool *confirmed)
{
    int64_t v = 0;
    kp_param p[] = {KP_PINT(delivery)};
    kp_rc rc = kp_sql_int(st, "SELECT confirmed FROM delivery WHERE id = ?", p, 1, 0, &v);
    *confirmed = v != 0;
    return rc;
}

kp_rc kp_q_delivery_confirm(kp_store *st, int64_t delivery)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_sql_exec(st, "UPDATE delivery SET confirmed = 1 WHERE id = ?", p, 1);
}

/* ---- the provider's views ---- */

static const kp_field REFERRAL_F[] = {
    KP_FIELD(kp_referral, assignment_id), KP_FIELD(kp_referral, client_id),   KP_FIELD(kp_referral, given_name),
    KP_FIELD(kp_referral, family_name),   KP_FIELD(kp_referral, municipality), KP_FIELD(kp_referral, service),
    KP_FIELD(kp_referral, service_name),  KP_FIELD(kp_referral, unit),        KP_FIELD(kp_referral, start_date),
    KP_FIELD(kp_referral, end_date),      KP_FIELD(kp_referral, decided_on),  KP_FIELD(kp_referral, mode),
    KP_FIELD(kp_referral, status),        KP_FIELD(kp_referral, units),       KP_FIELD(kp_referral, hours_per_week),
    KP_FIELD(kp_referral, delivered)};
static const kp_shape REFERRAL = KP_SHAPE(kp_referral, REFERRAL_F);

kp_rc kp_q_referrals_of(kp_store *st, int64_t provider, bool only_active, const char *today, const char *lang,
                        kp_referrals *out)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(provider), KP_PINT(only_active ? 1 : 0), KP_PTEXT(today)};
    return KP_ROWS_ALL(st,
                       "SELECT a.id, c.id, c.given_name, c.family_name,"
                       " CASE WHEN ?1 = 'en' THEN m.name_en ELSE m.name_lv END, a.service_code,"
                       " CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, a.start_date, a.end_date,"
                       " a.decided_on, COALESCE(a.mode, ''), " KP_ASSIGNMENT_STATUS_SQL("a", "?4") ", a.units,"
                       " COALESCE(a.hours_per_week, 0),"
                       " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id)"
                       " FROM assignment a JOIN client c ON c.id = a.client_id"
                       " JOIN municipality m ON m.id = c.municipality_id JOIN service_type t ON t.code = a.service_code"
                       " WHERE a.provider_id = ?2 AND (?3 = 0 OR " KP_ASSIGNMENT_STATUS_SQL("a", "?4")
                       "  IN ('planned', 'in_force', 'suspended'))"
                       " ORDER BY a.decided_on DESC, a.id DESC LIMIT 2000",
                       p, KP_NPARAMS(p), &REFERRAL, out);
}

static const kp_field ATTENDANCE_F[] = {
    KP_FIELD(kp_attendance_row, assignment_id), KP_FIELD(kp_attendance_row, client_id),
    KP_FIELD(kp_attendance_row, given_name),    KP_FIELD(kp_attendance_row, family_name),
    KP_FIELD(kp_attendance_row, units_left),    KP_FIELD(kp_attendance_row, recorded)};
static const kp_shape ATTENDANCE = KP_SHAPE(kp_attendance_row, ATTENDANCE_F);

kp_rc kp_q_attendance_of(kp_store *st, int64_t provider, const char *service, const char *on, kp_attendance *out)
{
    kp_param p[] = {KP_PINT(provider), KP_PTEXT(service), KP_PTEXT(on)};
    return KP_ROWS_ALL(st,
                       "SELECT a.id, c.id, c.given_name, c.family_name,"
                       " a.units - (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id),"
                       " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id"
                       "  AND d.delivered_on = ?3)"
                       " FROM assignment a JOIN client c ON c.id = a.client_id"
                       " WHERE a.provider_id = ?1 AND a.service_code = ?2"
                       " AND " KP_ASSIGNMENT_STATUS_SQL("a", "?3") " = 'in_force'"
                       " ORDER BY c.family_name, c.given_name, a.id",
                       p, KP_NPARAMS(p), &ATTENDANCE, out);
}

kp_rc kp_q_assignment_provider(kp_store *st, int64_t assignment, int64_t *provider)
{
    kp_param p[] = {KP_PINT(assignment)};
    return kp_sql_int(st, "SELECT COALESCE(provider_id, 0) FROM assignment WHERE id = ?", p, 1, 0, provider);
}

kp_rc kp_q_delivery_count_on(kp_store *st, int64_t assignment, const char *day, int64_t *n)
{
    kp_param q[] = {KP_PINT(assignment), KP_PTEXT(day)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM delivery WHERE assignment_id = ? AND delivered_on = ?", q, 2, 0, n);
}

kp_rc kp_q_provider_name(kp_store *st, int64_t provider, char *out, size_t len)
{
    kp_param pp[] = {KP_PINT(provider)};
    return kp_sql_text(st, "SELECT name FROM provider WHERE id = ?", pp, 1, out, len);
}

kp_rc kp_q_municipality_name(kp_store *st, int64_t muni, const char *lang, char *out, size_t len)
{
    kp_param q[] = {KP_PTEXT(lang), KP_PINT(muni)};
    return kp_sql_text(st, "SELECT CASE WHEN ? = 'en' THEN name_en ELSE name_lv END FROM municipality WHERE id = ?", q,
                       2, out, len);
}

static const kp_field STATEMENT_F[] = {
    KP_FIELD(kp_statement_row, municipality_id), KP_FIELD(kp_statement_row, client_id),
    KP_FIELD(kp_statement_row, given_name),      KP_FIELD(kp_statement_row, family_name),
    KP_FIELD(kp_statement_row, service),         KP_FIELD(kp_statement_row, service_name),
    KP_FIELD(kp_statement_row, unit),            KP_FIELD(kp_statement_row, units),
    KP_FIELD(kp_statement_row, confirmed_units), KP_FIELD(kp_statement_row, days)};
static const kp_shape STATEMENT = KP_SHAPE(kp_statement_row, STATEMENT_F);

kp_rc kp_q_statement_rows(kp_store *st, int64_t provider, const char *from, const char *to, const char *lang,
                          kp_statement *out)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(provider), KP_PTEXT(from), KP_PTEXT(to)};
    return KP_ROWS_ALL(st,
                       "SELECT c.municipality_id, c.id, c.given_name, c.family_name, a.service_code,"
                       " CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, SUM(d.units),"
                       " SUM(CASE WHEN d.confirmed = 1 THEN d.units ELSE 0 END), COUNT(DISTINCT d.delivered_on)"
                       " FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
                       " JOIN service_type t ON t.code = a.service_code"
                       " WHERE a.provider_id = ?2 AND d.delivered_on BETWEEN ?3 AND ?4"
                       " GROUP BY c.municipality_id, c.id, c.given_name, c.family_name, a.service_code, t.name_lv,"
                       " t.name_en, t.unit",
                       p, KP_NPARAMS(p), &STATEMENT, out);
}

kp_rc kp_q_assignment_count_of_plan(kp_store *st, int64_t plan, int64_t *n)
{
    kp_param p[] = {KP_PINT(plan)};
    return kp_sql_int(st,
                      "SELECT COUNT(*) FROM assignment a JOIN plan_item i ON i.id = a.plan_item_id WHERE i.plan_id = ?",
                      p, 1, 0, n);
}
