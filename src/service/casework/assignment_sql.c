/* The assignment aggregate's SQL (assignment_sql.h): assignments,
 * deliveries, events, rules, and the caseload, provider and choice views. */
#include "service/casework/assignment_sql.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/rows.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- catalogue choices ---- */

static const kp_field OPTION2_F[] = {KP_FIELD(kp_option, code), KP_FIELD(kp_option, name)};
static const kp_shape OPTION2 = KP_SHAPE(kp_option, OPTION2_F);
static const kp_field OPTION4_F[] = {KP_FIELD(kp_option, code), KP_FIELD(kp_option, name), KP_FIELD(kp_option, unit),
                                     KP_FIELD(kp_option, parent)};
static const kp_shape OPTION4 = KP_SHAPE(kp_option, OPTION4_F);

kp_rc kp_q_assignment_service_options(kp_store *st, const char *lang, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang)};
    return KP_ROWS_ALL(st,
                       "SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END, unit,"
                       " COALESCE(parent_code, '') FROM service_type ORDER BY sort, code",
                       p, 1, &OPTION4, out);
}

kp_rc kp_q_assignment_group_options(kp_store *st, const char *lang, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang)};
    return KP_ROWS_ALL(st, "SELECT code, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END FROM target_group ORDER BY code",
                       p, 1, &OPTION2, out);
}

kp_rc kp_q_assignment_municipality_options(kp_store *st, const char *lang, const char *today, int64_t only, kp_options *out)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PTEXT(today), KP_PTEXT(today), KP_PINT(only), KP_PINT(only)};
    return KP_ROWS_ALL(st,
                       "SELECT atvk, CASE WHEN ? = 'en' THEN name_en ELSE name_lv END FROM municipality"
                       " WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) AND (? = 0 OR id = ?)"
                       " ORDER BY name_lv",
                       p, KP_NPARAMS(p), &OPTION2, out);
}

kp_rc kp_q_assignment_provider_options(kp_store *st, const char *today, const char *service, kp_options *out)
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

kp_rc kp_q_assignment_provider_choices(kp_store *st, int64_t client, const char *service, const char *day, bool area,
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

kp_rc kp_q_assignment_caseload_clients_of(kp_store *st, int64_t muni, const char *today, const char *year_from,
                               const char *year_to, int64_t user, kp_cw_clients *out)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PTEXT(year_from), KP_PTEXT(year_to), KP_PINT(user)};
    return KP_ROWS_ALL(st,
                       SCOPE_CTE "SELECT " CLIENT_COLS " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                 " WHERE w.user_id = ?5 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                 " ORDER BY c.family_name, c.given_name, c.id",
                       p, KP_NPARAMS(p), &CLIENT, out);
}

kp_rc kp_q_assignment_caseload_reviews(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
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

kp_rc kp_q_assignment_caseload_ending(kp_store *st, int64_t muni, const char *today, int64_t user, const char *soon,
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

kp_rc kp_q_assignment_caseload_unconfirmed_count(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t *n)
{
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PINT(user)};
    return kp_sql_int(st,
                      SCOPE_CTE "SELECT COUNT(*) FROM client_worker w JOIN client c ON c.id = w.client_id"
                                " JOIN assignment a ON a.client_id = c.id JOIN delivery d ON d.assignment_id = a.id"
                                " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope) AND d.confirmed = 0",
                      p, 3, 0, n);
}

kp_rc kp_q_assignment_caseload_unconfirmed(kp_store *st, int64_t muni, const char *today, int64_t user, const char *lang,
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

kp_rc kp_q_assignment_caseload_worker_loads(kp_store *st, int64_t muni, const char *soon, kp_worker_loads *out)
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

kp_rc kp_q_assignment_caseload_unassigned_count(kp_store *st, int64_t muni, const char *today, int64_t *n)
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

kp_rc kp_q_assignment_caseload_clients_count(kp_store *st, int64_t muni, const char *today, int64_t worker, int64_t *n)
{
    /* ?3/?4 (the year, for the page's columns) are not in this text; they
     * are bound a text all the same, as the page binds them. */
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(today), KP_PTEXT(today), KP_PTEXT(today), KP_PINT(worker)};
    return kp_sql_int(st, SCOPE_CTE "SELECT COUNT(*)" WORKER_CLIENTS, p, 5, 0, n);
}

kp_rc kp_q_assignment_caseload_clients_page(kp_store *st, int64_t muni, const char *today, const char *year_from,
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

kp_rc kp_q_assignment_client_municipality_at(kp_store *st, int64_t client, const char *day, int64_t *muni)
{
    kp_param pm[] = {KP_PINT(client), KP_PTEXT(day)};
    return kp_sql_int(st, "SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " FROM client c WHERE c.id = ?1", pm, 2, 0,
                      muni);
}

kp_rc kp_q_assignment_worker_active(kp_store *st, int64_t worker, int64_t muni, bool *ok)
{
    kp_param q[] = {KP_PINT(worker), KP_PINT(muni)};
    return kp_sql_exists(st,
                  "SELECT 1 FROM app_user WHERE id = ? AND role = 'social_worker' AND municipality_id = ?"
                  " AND disabled = 0",
                  q, 2, ok);
}

kp_rc kp_q_assignment_worker_of(kp_store *st, int64_t client, int64_t *worker)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st, "SELECT user_id FROM client_worker WHERE client_id = ?", p, 1, 0, worker);
}

kp_rc kp_q_assignment_worker_set(kp_store *st, int64_t client, int64_t worker, const char *since)
{
    kp_param r[] = {KP_PINT(client), KP_PINT(worker), KP_PTEXT(since)};
    return kp_sql_exec(st,
                       "INSERT INTO client_worker(client_id, user_id, since) VALUES (?, ?, ?)"
                       " ON CONFLICT (client_id) DO UPDATE SET user_id = excluded.user_id, since = excluded.since",
                       r, 3);
}

kp_rc kp_q_assignment_worker_add(kp_store *st, int64_t client, int64_t worker, const char *since)
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

kp_rc kp_q_assignment_caseload_demo_workers(kp_store *st, int64_t *users, int64_t *munis, size_t max, size_t *n)
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

kp_rc kp_q_assignment_caseload_demo_assign(kp_store *st, int64_t muni, const char *today, int64_t user, int64_t per_worker)
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

kp_rc kp_q_assignment_delivery_client(kp_store *st, int64_t delivery, int64_t *client)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_sql_int(st, "SELECT a.client_id FROM delivery d JOIN assignment a ON a.id = d.assignment_id WHERE d.id = ?",
                      p, 1, 0, client);
}

kp_rc kp_q_assignment_delivery_confirmed(kp_store *st, int64_t delivery, bool *confirmed)
{
    kp_param p[] = {KP_PINT(delivery)};
    return kp_sql_exists(st, "SELECT confirmed FROM delivery WHERE id = ?", p, 1, confirmed);
}

kp_rc kp_q_assignment_delivery_confirm(kp_store *st, int64_t delivery)
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

kp_rc kp_q_assignment_referrals(kp_store *st, int64_t provider, bool only_active, const char *today, const char *lang,
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

kp_rc kp_q_assignment_attendance(kp_store *st, int64_t provider, const char *service, const char *on, kp_attendance *out)
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

kp_rc kp_q_assignment_delivery_count_on(kp_store *st, int64_t assignment, const char *day, int64_t *n)
{
    kp_param q[] = {KP_PINT(assignment), KP_PTEXT(day)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM delivery WHERE assignment_id = ? AND delivered_on = ?", q, 2, 0, n);
}

kp_rc kp_q_assignment_provider_name(kp_store *st, int64_t provider, char *out, size_t len)
{
    kp_param pp[] = {KP_PINT(provider)};
    return kp_sql_text(st, "SELECT name FROM provider WHERE id = ?", pp, 1, out, len);
}

kp_rc kp_q_assignment_municipality_name(kp_store *st, int64_t muni, const char *lang, char *out, size_t len)
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

kp_rc kp_q_assignment_statement_rows(kp_store *st, int64_t provider, const char *from, const char *to, const char *lang,
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

/* ---- assignment events ---- */

static const kp_field FACTS_F[] = {
    KP_FIELD(kp_q_assignment_facts, client),         KP_FIELD(kp_q_assignment_facts, provider),
    KP_FIELD(kp_q_assignment_facts, units),          KP_FIELD(kp_q_assignment_facts, start),
    KP_FIELD(kp_q_assignment_facts, end),            KP_FIELD(kp_q_assignment_facts, granted_end),
    KP_FIELD(kp_q_assignment_facts, cancelled_from), KP_FIELD(kp_q_assignment_facts, last_delivery)};
static const kp_shape FACTS = KP_SHAPE(kp_q_assignment_facts, FACTS_F);

kp_rc kp_q_assignment_facts_of(kp_store *st, int64_t id, kp_q_assignment_facts *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT client_id, COALESCE(provider_id, 0), units, start_date, end_date,"
                       " COALESCE(granted_end_date, ''), COALESCE(cancelled_from, ''),"
                       " COALESCE((SELECT MAX(delivered_on) FROM delivery WHERE assignment_id = a.id), '')"
                       " FROM assignment a WHERE id = ?",
                       p, 1, &FACTS, out, found);
}

kp_rc kp_q_assignment_status_text(kp_store *st, int64_t id, const char *day, char *out, size_t len)
{
    kp_param p[] = {KP_PTEXT(day), KP_PINT(id)};
    return kp_sql_text(st, "SELECT " KP_ASSIGNMENT_STATUS_SQL("a", "?1") " FROM assignment a WHERE a.id = ?2", p, 2,
                       out, len);
}

static const kp_field VIEW_F[] = {
    KP_FIELD(kp_assignment_view, client_id),        KP_FIELD(kp_assignment_view, service),
    KP_FIELD(kp_assignment_view, service_name),     KP_FIELD(kp_assignment_view, unit),
    KP_FIELD(kp_assignment_view, start_date),       KP_FIELD(kp_assignment_view, end_date),
    KP_FIELD(kp_assignment_view, granted_end_date), KP_FIELD(kp_assignment_view, end_reason),
    KP_FIELD(kp_assignment_view, cancelled_from),   KP_FIELD(kp_assignment_view, cancel_reason),
    KP_FIELD(kp_assignment_view, decided_on),       KP_FIELD(kp_assignment_view, units),
    KP_FIELD(kp_assignment_view, delivered)};
static const kp_shape VIEW = KP_SHAPE(kp_assignment_view, VIEW_F);

kp_rc kp_q_assignment_view(kp_store *st, int64_t id, const char *lang, kp_assignment_view *out, bool *found)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT a.client_id, a.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END,"
                       " t.unit, a.start_date, a.end_date, COALESCE(a.granted_end_date, ''), COALESCE(a.end_reason, ''),"
                       " COALESCE(a.cancelled_from, ''), COALESCE(a.cancel_reason, ''), a.decided_on, a.units,"
                       " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id)"
                       " FROM assignment a JOIN service_type t ON t.code = a.service_code WHERE a.id = ?2",
                       p, 2, &VIEW, out, found);
}

static const kp_field SUSPENSION_F[] = {KP_FIELD(kp_suspension, id), KP_FIELD(kp_suspension, start_date),
                                        KP_FIELD(kp_suspension, end_date), KP_FIELD(kp_suspension, reason)};
static const kp_shape SUSPENSION = KP_SHAPE(kp_suspension, SUSPENSION_F);

kp_rc kp_q_assignment_suspensions(kp_store *st, int64_t assignment, kp_suspensions *out)
{
    kp_param p[] = {KP_PINT(assignment)};
    return KP_ROWS_ALL(st,
                       "SELECT id, start_date, COALESCE(end_date, ''), reason FROM assignment_suspension"
                       " WHERE assignment_id = ? AND withdrawn = 0 ORDER BY start_date, id",
                       p, 1, &SUSPENSION, out);
}

kp_rc kp_q_assignment_cancel(kp_store *st, int64_t id, const char *from, const char *reason)
{
    kp_param p[] = {KP_PTEXT(from), KP_PTEXT(reason), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE assignment SET cancelled_from = ?, cancel_reason = ?, status = 'cancelled' WHERE id = ?",
                       p, 3);
}

kp_rc kp_q_assignment_end_early(kp_store *st, int64_t id, const char *last_day, const char *reason)
{
    kp_param p[] = {KP_PTEXT(last_day), KP_PTEXT(reason), KP_PINT(id)};
    return kp_sql_exec(st,
                       "UPDATE assignment SET granted_end_date = COALESCE(granted_end_date, end_date), end_date = ?,"
                       " end_reason = ? WHERE id = ?",
                       p, 3);
}

kp_rc kp_q_assignment_suspension_overlapping(kp_store *st, int64_t assignment, const char *from, const char *to, char *out,
                                  size_t len)
{
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(to), KP_PTEXT(from)};
    return kp_sql_text(st,
                       "SELECT start_date FROM assignment_suspension WHERE assignment_id = ? AND withdrawn = 0"
                       " AND start_date <= ? AND COALESCE(end_date, '9999-12-31') >= ? ORDER BY start_date LIMIT 1",
                       p, 3, out, len);
}

kp_rc kp_q_assignment_delivery_first_in(kp_store *st, int64_t assignment, const char *from, const char *to, char *out,
                             size_t len)
{
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(to), KP_PTEXT(from)};
    return kp_sql_text(st,
                       "SELECT MIN(delivered_on) FROM delivery WHERE assignment_id = ?1 AND delivered_on <= ?2"
                       " AND delivered_on >= ?3",
                       p, 3, out, len);
}

kp_rc kp_q_assignment_suspension_insert(kp_store *st, int64_t assignment, const char *from, const char *to, const char *reason,
                             int64_t *id_out)
{
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(reason)};
    return kp_sql_insert(st,
                         "INSERT INTO assignment_suspension(assignment_id, start_date, end_date, reason) VALUES (?, ?, ?, ?)",
                         p, 4, id_out);
}

kp_rc kp_q_assignment_suspension_assignment(kp_store *st, int64_t suspension, int64_t *assignment)
{
    kp_param q[] = {KP_PINT(suspension)};
    return kp_sql_int(st, "SELECT assignment_id FROM assignment_suspension WHERE id = ? AND withdrawn = 0", q, 1, 0,
                      assignment);
}

static const kp_field PERIOD_F[] = {KP_FIELD(kp_q_assignment_suspension_period, start), KP_FIELD(kp_q_assignment_suspension_period, end)};
static const kp_shape PERIOD = KP_SHAPE(kp_q_assignment_suspension_period, PERIOD_F);

kp_rc kp_q_assignment_suspension_period_of(kp_store *st, int64_t suspension, kp_q_assignment_suspension_period *out)
{
    bool found = false;
    kp_param q[] = {KP_PINT(suspension)};
    return kp_rows_one(st, "SELECT start_date, COALESCE(end_date, '') FROM assignment_suspension WHERE id = ?", q, 1,
                       &PERIOD, out, &found);
}

kp_rc kp_q_assignment_suspension_withdraw(kp_store *st, int64_t suspension)
{
    kp_param q[] = {KP_PINT(suspension)};
    return kp_sql_exec(st, "UPDATE assignment_suspension SET withdrawn = 1 WHERE id = ?", q, 1);
}

kp_rc kp_q_assignment_suspension_end_on(kp_store *st, int64_t suspension, const char *last)
{
    kp_param p[] = {KP_PTEXT(last), KP_PINT(suspension)};
    return kp_sql_exec(st, "UPDATE assignment_suspension SET end_date = ? WHERE id = ?", p, 2);
}

/* ---- granting ---- */

static const kp_field CLIENT_FACTS_F[] = {
    KP_FIELD(kp_q_assignment_client_row, birth),           KP_FIELD(kp_q_assignment_client_row, target_group),
    KP_FIELD(kp_q_assignment_client_row, region),          KP_FIELD(kp_q_assignment_client_row, parents_working),
    KP_FIELD(kp_q_assignment_client_row, municipality),    KP_FIELD(kp_q_assignment_client_row, parish)};
static const kp_shape CLIENT_FACTS = KP_SHAPE(kp_q_assignment_client_row, CLIENT_FACTS_F);

kp_rc kp_q_assignment_client_facts(kp_store *st, int64_t client, const char *day, kp_q_assignment_client_row *out, bool *found)
{
    kp_param p[] = {KP_PINT(client), KP_PTEXT(day)};
    return kp_rows_one(st,
                       "SELECT c.birth_date, c.target_group, m.region_code, COALESCE(c.parents_working, -1),"
                       " c.municipality_id, COALESCE(c.parish_id, 0)"
                       " FROM " KP_CLIENT_AT("?2") " c JOIN municipality m ON m.id = c.municipality_id"
                       " WHERE c.id = ?1",
                       p, 2, &CLIENT_FACTS, out, found);
}

static const kp_field RULE_F[] = {
    KP_FIELD(kp_q_assignment_rule, id),           KP_FIELD(kp_q_assignment_rule, service),         KP_FIELD(kp_q_assignment_rule, region),
    KP_FIELD(kp_q_assignment_rule, target_group), KP_FIELD(kp_q_assignment_rule, kind),            KP_FIELD(kp_q_assignment_rule, limit),
    KP_FIELD_OPT(kp_q_assignment_rule, age_min),  KP_FIELD_OPT(kp_q_assignment_rule, age_max),     KP_FIELD_OPT(kp_q_assignment_rule, parents_working),
    KP_FIELD(kp_q_assignment_rule, valid_from),   KP_FIELD(kp_q_assignment_rule, valid_to),        KP_FIELD(kp_q_assignment_rule, period)};
static const kp_shape RULE = KP_SHAPE(kp_q_assignment_rule, RULE_F);

kp_rc kp_q_assignment_rules(kp_store *st, const char *service, kp_q_assignment_rule_list *out)
{
    kp_param p[] = {KP_PTEXT(service)};
    return KP_ROWS_ALL(st,
                       "SELECT id, service_code, COALESCE(region_code, ''), COALESCE(target_group, ''), kind,"
                       " limit_value, age_min, age_max, parents_working, valid_from, valid_to, period FROM service_rule"
                       " WHERE service_code = ?1 OR service_code = (SELECT parent_code FROM service_type WHERE code = ?1)"
                       " ORDER BY id",
                       p, 1, &RULE, out);
}

/* Assignments of the rule's service or of its kinds (social rehabilitation
 * rules cover pool, Montessori … sessions alike), of the client, not voided
 * by a cancellation from their first day. */
#define FAMILY "(a.service_code = ?1 OR a.service_code IN (SELECT code FROM service_type WHERE parent_code = ?1))"
#define COUNTS " AND NOT (a.cancelled_from IS NOT NULL AND a.cancelled_from <= a.start_date)"
/* ?3/?4: the period's first and last day (an open period passes the widest). */
#define IN_PERIOD " AND a.start_date BETWEEN ?3 AND ?4"

kp_rc kp_q_assignment_units_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(rule_service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a WHERE " FAMILY
                      " AND a.client_id = ?2" COUNTS IN_PERIOD,
                      p, 4, 0, used);
}

kp_rc kp_q_assignment_hours_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(rule_service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(a.hours_per_week), 0) FROM assignment a WHERE " FAMILY
                      " AND a.client_id = ?2" COUNTS " AND a.start_date <= ?4 AND a.end_date >= ?3"
                      " AND (a.cancelled_from IS NULL OR a.cancelled_from > ?3)",
                      p, 4, 0, used);
}

kp_rc kp_q_assignment_sessions_used(kp_store *st, const char *service, int64_t client, const char *from,
                                    const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a"
                      " WHERE a.service_code = ?1 AND a.client_id = ?2" COUNTS IN_PERIOD,
                      p, 4, 0, used);
}

kp_rc kp_q_assignment_kinds_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                 const char *to, const char *service, int64_t *used, bool *held)
{
    kp_param p[] = {KP_PTEXT(rule_service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(service)};
    *held = false;
    kp_rc rc = kp_sql_int(st,
                          "SELECT COUNT(DISTINCT a.service_code) FROM assignment a WHERE " FAMILY
                          " AND a.client_id = ?2" COUNTS IN_PERIOD " AND a.service_code <> ?5",
                          p, 5, 0, used);
    if (!rc)
        rc = kp_sql_exists(st,
                           "SELECT 1 FROM assignment a WHERE a.service_code = ?5 AND a.client_id = ?2" COUNTS IN_PERIOD
                           " AND CAST(?1 AS TEXT) IS NOT NULL LIMIT 1",
                           p, 5, held);
    return rc;
}

kp_rc kp_q_assignment_amount_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                  const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(rule_service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") " * (SELECT u.amount_cents FROM unit_cost u"
                      "  WHERE u.service_code = COALESCE((SELECT parent_code FROM service_type WHERE code = a.service_code), a.service_code)"
                      "  AND u.valid_from <= a.start_date AND (u.valid_to IS NULL OR u.valid_to >= a.start_date))), 0)"
                      " FROM assignment a WHERE " FAMILY " AND a.client_id = ?2" COUNTS IN_PERIOD,
                      p, 4, 0, used);
}

kp_rc kp_q_assignment_unit_cost(kp_store *st, const char *service, const char *day, int64_t *cents)
{
    kp_param r[] = {KP_PTEXT(service), KP_PTEXT(day)};
    return kp_sql_int(st,
                      "SELECT u.amount_cents FROM unit_cost u WHERE u.service_code ="
                      " COALESCE((SELECT parent_code FROM service_type WHERE code = ?1), ?1)"
                      " AND u.valid_from <= ?2 AND (u.valid_to IS NULL OR u.valid_to >= ?2)",
                      r, 2, 0, cents);
}

kp_rc kp_q_assignment_service_name(kp_store *st, const char *code, bool en, char *out, size_t len)
{
    kp_param p[] = {KP_PTEXT(code)};
    return kp_sql_text(st, en ? "SELECT name_en FROM service_type WHERE code = ?" : "SELECT name_lv FROM service_type WHERE code = ?",
                       p, 1, out, len);
}

kp_rc kp_q_assignment_service_eligible(kp_store *st, const char *service, const char *target_group, bool *ok)
{
    kp_param p[] = {KP_PTEXT(service), KP_PTEXT(target_group)};
    return kp_sql_exists(st, "SELECT 1 FROM service_eligibility WHERE service_code = ? AND target_group = ?", p, 2, ok);
}

kp_rc kp_q_assignment_insert(kp_store *st, const kp_q_assignment_new *a, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(a->id),           KP_PINT(a->client),          KP_PREF(a->plan_item),
                    KP_PTEXT(a->service),     KP_PREF(a->provider),        KP_PTEXT(a->start_date),
                    KP_PTEXT(a->end_date),    KP_PINT(a->units),           KP_PREF(a->hours_per_week),
                    KP_PTEXT(a->mode),        KP_PTEXT(a->decided_on),     KP_PINT(a->esf_funded)};
    return kp_sql_insert(st,
                         "INSERT INTO assignment(id, client_id, plan_item_id, service_code, provider_id, start_date,"
                         " end_date, units, hours_per_week, mode, decided_on, esf_funded)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

/* ---- delivering ---- */

static const kp_field RFACTS_F[] = {
    KP_FIELD(kp_q_assignment_record_facts, client), KP_FIELD(kp_q_assignment_record_facts, provider),
    KP_FIELD(kp_q_assignment_record_facts, units), KP_FIELD(kp_q_assignment_record_facts, delivered),
    KP_FIELD(kp_q_assignment_record_facts, service)};
static const kp_shape RFACTS = KP_SHAPE(kp_q_assignment_record_facts, RFACTS_F);

kp_rc kp_q_assignment_record_facts_of(kp_store *st, int64_t assignment, kp_q_assignment_record_facts *out,
                                        bool *found)
{
    kp_param p[] = {KP_PINT(assignment)};
    return kp_rows_one(st,
                       "SELECT a.client_id, COALESCE(a.provider_id, 0), a.units,"
                       " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id),"
                       " a.service_code FROM assignment a WHERE a.id = ?",
                       p, 1, &RFACTS, out, found);
}

static const kp_field APERIOD_F[] = {
    KP_FIELD(kp_q_assignment_period, start), KP_FIELD(kp_q_assignment_period, end),
    KP_FIELD(kp_q_assignment_period, cancelled_from), KP_FIELD(kp_q_assignment_period, cancel_reason)};
static const kp_shape APERIOD = KP_SHAPE(kp_q_assignment_period, APERIOD_F);

kp_rc kp_q_assignment_period_of(kp_store *st, int64_t assignment, kp_q_assignment_period *out)
{
    bool found = false;
    kp_param p[] = {KP_PINT(assignment)};
    return kp_rows_one(st,
                       "SELECT start_date, end_date, COALESCE(cancelled_from, ''), COALESCE(cancel_reason, '')"
                       " FROM assignment WHERE id = ?",
                       p, 1, &APERIOD, out, &found);
}

static const kp_field SUSP_ROW_F[] = {KP_FIELD(kp_q_assignment_suspension_row, start), KP_FIELD(kp_q_assignment_suspension_row, end),
                                      KP_FIELD(kp_q_assignment_suspension_row, reason)};
static const kp_shape SUSP_ROW = KP_SHAPE(kp_q_assignment_suspension_row, SUSP_ROW_F);

kp_rc kp_q_assignment_suspension_on(kp_store *st, int64_t assignment, const char *day, kp_q_assignment_suspension_row *out, bool *found)
{
    kp_param p[] = {KP_PTEXT(day), KP_PINT(assignment)};
    return kp_rows_one(st,
                       "SELECT start_date, COALESCE(end_date, ''), reason FROM assignment_suspension"
                       " WHERE assignment_id = ?2 AND withdrawn = 0 AND start_date <= ?1"
                       " AND (end_date IS NULL OR end_date >= ?1) LIMIT 1",
                       p, 2, &SUSP_ROW, out, found);
}

kp_rc kp_q_assignment_suspension_holds_on(kp_store *st, int64_t assignment, const char *day, bool *held)
{
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(day)};
    return kp_sql_exists(st,
                  "SELECT EXISTS (SELECT 1 FROM assignment_suspension WHERE assignment_id = ?1 AND withdrawn = 0"
                  " AND start_date <= ?2 AND (end_date IS NULL OR end_date >= ?2))",
                  p, 2, held);
}

kp_rc kp_q_assignment_delivery_units_of(kp_store *st, int64_t assignment, int64_t *units)
{
    kp_param p[] = {KP_PINT(assignment)};
    return kp_sql_int(st, "SELECT COALESCE(SUM(units), 0) FROM delivery WHERE assignment_id = ?", p, 1, 0, units);
}

kp_rc kp_q_assignment_delivery_sessions_used(kp_store *st, const char *service, int64_t client, const char *from,
                                  const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(d.units), 0) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                      " WHERE a.service_code = ?1 AND a.client_id = ?2 AND d.delivered_on BETWEEN ?3 AND ?4",
                      p, 4, 0, used);
}

kp_rc kp_q_assignment_delivery_family_used(kp_store *st, const char *rule_service, int64_t client, const char *from,
                                const char *to, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(rule_service), KP_PINT(client), KP_PTEXT(from), KP_PTEXT(to)};
    /* FAMILY with EXISTS: the same rows, each of the client's few
     * assignments looked up in the catalogue by its code, instead of the
     * family's codes gathered into a list every time (a scan of the
     * catalogue; 46 000 instructions a call, once per delivery a respite
     * rule counts in an import). */
    return kp_sql_int(st,
                      "SELECT COALESCE(SUM(d.units), 0) FROM delivery d JOIN assignment a ON a.id = d.assignment_id"
                      " WHERE (a.service_code = ?1 OR EXISTS (SELECT 1 FROM service_type s"
                      " WHERE s.code = a.service_code AND s.parent_code = ?1))"
                      " AND a.client_id = ?2 AND d.delivered_on BETWEEN ?3 AND ?4",
                      p, 4, 0, used);
}

/* A delivery with its id (the writer's too). */
static const char DELIVERY_INSERT_ID[] =
    "INSERT INTO delivery(id, assignment_id, delivered_on, units, confirmed) VALUES (?, ?, ?, ?, ?)";

kp_rc kp_q_assignment_delivery_insert(kp_store *st, int64_t id, int64_t assignment, const char *day, int64_t units,
                           int64_t confirmed, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(assignment), KP_PTEXT(day), KP_PINT(units), KP_PINT(confirmed)};
    return kp_sql_insert(st, DELIVERY_INSERT_ID, p, KP_NPARAMS(p), id_out);
}

static const kp_field DFACTS_F[] = {
    KP_FIELD(kp_q_assignment_delivery_facts, client),         KP_FIELD(kp_q_assignment_delivery_facts, provider),
    KP_FIELD(kp_q_assignment_delivery_facts, units),          KP_FIELD_DUP(kp_q_assignment_delivery_facts, start),
    KP_FIELD_DUP(kp_q_assignment_delivery_facts, end),        KP_FIELD_DUP(kp_q_assignment_delivery_facts, cancelled),
    KP_FIELD_DUP(kp_q_assignment_delivery_facts, service),    KP_FIELD(kp_q_assignment_delivery_facts, cancelled_set),
    KP_FIELD(kp_q_assignment_delivery_facts, suspensions),    KP_FIELD(kp_q_assignment_delivery_facts, delivered)};
static const kp_shape DFACTS = KP_SHAPE(kp_q_assignment_delivery_facts, DFACTS_F);

#define DFACTS_COLUMNS                                                                                             \
    "a.client_id, COALESCE(a.provider_id, 0), a.units, a.start_date, a.end_date,"                                  \
    " COALESCE(a.cancelled_from, ''), a.service_code, a.cancelled_from IS NOT NULL,"                               \
    " EXISTS (SELECT 1 FROM assignment_suspension sus WHERE sus.assignment_id = a.id AND sus.withdrawn = 0),"       \
    " (SELECT COALESCE(SUM(d.units), 0) FROM delivery d WHERE d.assignment_id = a.id)"

kp_rc kp_q_assignment_delivery_facts_of(kp_store *st, int64_t assignment, kp_q_assignment_delivery_facts *out, bool *found)
{
    kp_param p[] = {KP_PINT(assignment)};
    return kp_rows_one(st, "SELECT " DFACTS_COLUMNS " FROM assignment a WHERE a.id = ?", p, 1, &DFACTS, out, found);
}

typedef struct dfacts_row {
    int64_t id;
    kp_q_assignment_delivery_facts f;
} dfacts_row;
static const kp_field DFACTS_ROW_F[] = {
    KP_FIELD(dfacts_row, id),              KP_FIELD(dfacts_row, f.client),        KP_FIELD(dfacts_row, f.provider),
    KP_FIELD(dfacts_row, f.units),         KP_FIELD_DUP(dfacts_row, f.start),     KP_FIELD_DUP(dfacts_row, f.end),
    KP_FIELD_DUP(dfacts_row, f.cancelled), KP_FIELD_DUP(dfacts_row, f.service),   KP_FIELD(dfacts_row, f.cancelled_set),
    KP_FIELD(dfacts_row, f.suspensions),   KP_FIELD(dfacts_row, f.delivered)};
static const kp_shape DFACTS_ROW = KP_SHAPE(dfacts_row, DFACTS_ROW_F);

typedef struct dfacts_walk {
    kp_q_assignment_delivery_facts_fn fn;
    void *arg;
} dfacts_walk;

static kp_rc dfacts_each(void *row, void *arg)
{
    const dfacts_row *r = row;
    const dfacts_walk *w = arg;
    return w->fn(r->id, &r->f, w->arg);
}

kp_rc kp_q_assignment_delivery_facts_range(kp_store *st, int64_t first, int64_t last,
                                           kp_q_assignment_delivery_facts_fn fn, void *arg)
{
    if (!fn)
        return KP_EINVAL;
    dfacts_walk w = {fn, arg};
    dfacts_row row;
    kp_param p[] = {KP_PINT(first), KP_PINT(last)};
    return kp_rows_each(st, "SELECT a.id, " DFACTS_COLUMNS " FROM assignment a WHERE a.id BETWEEN ? AND ? ORDER BY a.id",
                        p, 2, &DFACTS_ROW, &row, dfacts_each, &w);
}

void kp_q_assignment_delivery_facts_release(kp_q_assignment_delivery_facts *f)
{
    if (f)
        kp_row_release(&DFACTS, f);
}

struct kp_q_assignment_delivery_writer {
    kp_store *st;
    kp_stmt *numbered; /* the database numbers the row; prepared at its first put */
    kp_stmt *given;    /* the row's own id; likewise */
    kp_stmt *full[2];  /* KP_Q_ASSIGNMENT_DELIVERY_ROWS rows at once: [0] numbered, [1] given */
};

kp_q_assignment_delivery_writer *kp_q_assignment_delivery_writer_new(kp_store *st)
{
    kp_q_assignment_delivery_writer *w = kp_xcalloc(1, sizeof *w);
    w->st = st;
    return w;
}

void kp_q_assignment_delivery_writer_free(kp_q_assignment_delivery_writer *w)
{
    if (!w)
        return;
    kp_stmt_free(w->numbered);
    kp_stmt_free(w->given);
    kp_stmt_free(w->full[0]);
    kp_stmt_free(w->full[1]);
    free(w);
}

/* "INSERT OR FAIL INTO delivery(…) VALUES (…), (…)" for n rows; parameters
 * only. OR FAIL: a refused row ends the statement, keeping the rows before
 * it on SQLite, which then needs no statement journal to undo them. */
static char *delivery_insert_many(bool given, size_t n)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    kp_buf_puts(&b, given ? "INSERT OR FAIL INTO delivery(id, assignment_id, delivered_on, units, confirmed) VALUES "
                          : "INSERT OR FAIL INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES ");
    for (size_t i = 0; i < n; i++)
        kp_buf_puts(&b, i == 0 ? (given ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?)")
                               : (given ? ", (?, ?, ?, ?, ?)" : ", (?, ?, ?, ?)"));
    return kp_buf_take(&b);
}

kp_rc kp_q_assignment_delivery_writer_send(kp_q_assignment_delivery_writer *w, const kp_q_assignment_delivery_row *rows,
                                           size_t n, size_t *kept)
{
    if (!w || !w->st || (n && !rows) || n > KP_Q_ASSIGNMENT_DELIVERY_ROWS || !kept)
        return KP_EINVAL;
    *kept = 0;
    if (n == 0)
        return KP_OK;
    bool given = rows[0].id > 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].id < 0 || (rows[i].id > 0) != given || !memchr(rows[i].day, '\0', sizeof rows[i].day))
            return KP_EINVAL;
    /* A shorter set (the file's last rows, or rows sent early) goes in row
     * by row where a statement is no round trip; elsewhere its statement is
     * prepared for the occasion. */
    if (n == 1 || (n < KP_Q_ASSIGNMENT_DELIVERY_ROWS && !kp_store_round_trips(w->st))) {
        kp_rc rc = KP_OK;
        for (size_t i = 0; i < n && !rc; i++) {
            int64_t id = 0;
            rc = kp_q_assignment_delivery_writer_put(w, rows[i].id, rows[i].assignment, rows[i].day, rows[i].units,
                                                     rows[i].confirmed, &id);
            if (!rc)
                *kept = i + 1;
        }
        return rc;
    }
    /* A full set's statement is kept. */
    kp_stmt *s = n == KP_Q_ASSIGNMENT_DELIVERY_ROWS ? w->full[given] : NULL;
    kp_rc rc = KP_OK;
    int64_t before = kp_store_changes(w->st);
    if (!s) {
        char *sql = delivery_insert_many(given, n);
        rc = kp_store_prepare(w->st, sql, &s);
        free(sql);
        if (!rc && n == KP_Q_ASSIGNMENT_DELIVERY_ROWS)
            w->full[given] = s;
    }
    int at = 1;
    for (size_t i = 0; !rc && i < n; i++) {
        const kp_q_assignment_delivery_row *q = &rows[i];
        if (given)
            rc = kp_stmt_bind_int(s, at++, q->id);
        if (!rc)
            rc = kp_stmt_bind_int(s, at++, q->assignment);
        if (!rc)
            rc = kp_stmt_bind_text(s, at++, q->day);
        if (!rc)
            rc = kp_stmt_bind_int(s, at++, q->units);
        if (!rc)
            rc = kp_stmt_bind_int(s, at++, q->confirmed);
    }
    if (!rc)
        rc = kp_stmt_exec(s);
    if (s) {
        kp_stmt_reset(s);
        if (s != w->full[given])
            kp_stmt_free(s);
    }
    /* The rows this statement kept. SQLite's count takes in rows written by
     * triggers too: delivery has none (a trigger that writes would need the
     * statement's own count here). */
    int64_t in = kp_store_changes(w->st) - before;
    *kept = rc ? (in > 0 && (uint64_t)in < n ? (size_t)in : 0) : n;
    return rc;
}

kp_rc kp_q_assignment_delivery_writer_put(kp_q_assignment_delivery_writer *w, int64_t id, int64_t assignment,
                                          const char *day, int64_t units, int64_t confirmed, int64_t *id_out)
{
    if (!w || !w->st || !day || !id_out || id < 0)
        return KP_EINVAL;
    kp_stmt **s = id ? &w->given : &w->numbered;
    kp_rc rc = KP_OK;
    if (!*s)
        rc = kp_store_prepare(w->st,
                              id ? DELIVERY_INSERT_ID
                                 : "INSERT INTO delivery(assignment_id, delivered_on, units, confirmed) VALUES (?, ?, ?, ?)",
                              s);
    int at = id ? 2 : 1;
    if (!rc && id)
        rc = kp_stmt_bind_int(*s, 1, id);
    if (!rc)
        rc = kp_stmt_bind_int(*s, at, assignment);
    if (!rc)
        rc = kp_stmt_bind_text(*s, at + 1, day);
    if (!rc)
        rc = kp_stmt_bind_int(*s, at + 2, units);
    if (!rc)
        rc = kp_stmt_bind_int(*s, at + 3, confirmed);
    if (!rc)
        rc = kp_stmt_exec(*s);
    if (!rc)
        *id_out = id ? id : kp_store_last_id(w->st);
    if (*s)
        kp_stmt_reset(*s);
    return rc;
}
