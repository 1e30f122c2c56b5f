/* The client aggregate's SQL: every statement of the person, codes,
 * residences, representatives, client list, card, contacts and tasks (see
 * client_sql.h). */
#include "service/casework/client_sql.h"
#include "service/casework/services.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NP KP_NPARAMS
#define TEXT_OR_EMPTY(v) ((kp_param){.t = KP_P_TEXT, .s = (v) ? (v) : ""})

/* ---- Versions ------------------------------------------------------------ */

typedef struct q_version {
    kp_pv v;
    char case_status[16];
    char registered_on[11];
} q_version;

static const kp_field VERSION_F[] = {
    KP_FIELD(q_version, v.p.valid_from),        KP_FIELD(q_version, v.p.valid_to),
    KP_FIELD(q_version, v.p.given_name),        KP_FIELD(q_version, v.p.family_name),
    KP_FIELD(q_version, v.p.birth_date),        KP_FIELD(q_version, v.p.municipality_id),
    KP_FIELD(q_version, v.p.parish_id),         KP_FIELD(q_version, v.p.target_group),
    KP_FIELD(q_version, v.p.disability_group),  KP_FIELD(q_version, v.p.special_care_from),
    KP_FIELD(q_version, v.p.parents_working),   KP_FIELD(q_version, case_status),
    KP_FIELD(q_version, v.p.closed_reason),     KP_FIELD(q_version, v.p.closed_note),
    KP_FIELD(q_version, v.correct_reason),      KP_FIELD(q_version, v.move_reason),
    KP_FIELD(q_version, v.reopen_reason),       KP_FIELD(q_version, v.p.municipality),
    KP_FIELD(q_version, v.p.municipality_name), KP_FIELD(q_version, registered_on),
};
static const kp_shape VERSION = KP_SHAPE(q_version, VERSION_F);

typedef struct versions_acc {
    kp_pv_list *l;
    size_t cap;
    bool first;
} versions_acc;

static kp_rc version_row(void *row, void *arg)
{
    q_version *q = row;
    versions_acc *a = arg;
    if (!a->first) {
        memcpy(a->l->registered, q->registered_on, sizeof a->l->registered);
        a->first = true;
    }
    /* A client without versions comes as one row of NULLs (valid_from is
     * NOT NULL in a version). */
    if (!q->v.p.valid_from[0])
        return KP_OK;
    if (a->l->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 4;
        a->l->v = kp_xrealloc(a->l->v, a->cap * sizeof *a->l->v);
    }
    q->v.p.closed = strcmp(q->case_status, "closed") == 0;
    a->l->v[a->l->n++] = q->v;
    return KP_OK;
}

kp_rc kp_q_client_versions(kp_store *st, int64_t client_id, bool en, kp_pv_list *out)
{
    if (!st || !out)
        return KP_EINVAL;
    /* The client's registration date and its versions in one statement:
     * no row at all = no such client (a version's municipality always
     * exists: a foreign key). */
    static const char SQL[] =
        "SELECT v.valid_from, COALESCE(v.valid_to, ''), v.given_name, v.family_name, v.birth_date,"
        " v.municipality_id, COALESCE(v.parish_id, 0), v.target_group,"
        " COALESCE(v.disability_group, 0), COALESCE(v.special_care_from, ''),"
        " COALESCE(v.parents_working, -1), v.case_status, COALESCE(v.closed_reason, ''),"
        " v.closed_note, v.correct_reason, v.move_reason, v.reopen_reason, m.atvk,"
        " CASE WHEN ?2 = 'en' THEN m.name_en ELSE m.name_lv END, c.registered_on"
        " FROM client c LEFT JOIN client_version v ON v.client_id = c.id"
        " LEFT JOIN municipality m ON m.id = v.municipality_id"
        " WHERE c.id = ?1 ORDER BY v.valid_from";
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(en ? "en" : "lv")};
    versions_acc a = {out, out->n, false};
    q_version *row = kp_xmalloc(sizeof *row);
    kp_rc rc = kp_rows_each(st, SQL, p, NP(p), &VERSION, row, version_row, &a);
    free(row);
    return rc;
}

kp_rc kp_q_client_versions_delete(kp_store *st, int64_t client_id)
{
    kp_param d[] = {KP_PINT(client_id)};
    return kp_sql_exec(st, "DELETE FROM client_version WHERE client_id = ?", d, 1);
}

kp_rc kp_q_client_version_add(kp_store *st, int64_t client_id, const kp_pv *v)
{
    if (!st || !v)
        return KP_EINVAL;
    const kp_person_version *p = &v->p;
    kp_param q[] = {KP_PINT(client_id),
                    KP_PTEXT(p->valid_from),
                    KP_PTEXT(p->valid_to),
                    KP_PTEXT(p->given_name),
                    KP_PTEXT(p->family_name),
                    KP_PTEXT(p->birth_date),
                    KP_PINT(p->municipality_id),
                    KP_PREF(p->parish_id),
                    KP_PTEXT(p->target_group),
                    KP_PREF(p->disability_group),
                    KP_PTEXT(p->special_care_from),
                    p->parents_working < 0 ? KP_PNULL : KP_PINT(p->parents_working),
                    {.t = KP_P_TEXT, .s = p->closed ? "closed" : "open"},
                    KP_PTEXT(p->closed ? p->closed_reason : NULL),
                    {.t = KP_P_TEXT, .s = p->closed ? p->closed_note : ""},
                    {.t = KP_P_TEXT, .s = v->correct_reason},
                    {.t = KP_P_TEXT, .s = v->move_reason},
                    {.t = KP_P_TEXT, .s = v->reopen_reason}};
    return kp_sql_exec(st,
                       "INSERT INTO client_version(client_id, valid_from, valid_to, given_name, family_name,"
                       " birth_date, municipality_id, parish_id, target_group, disability_group, special_care_from,"
                       " parents_working, case_status, closed_reason, closed_note, correct_reason, move_reason,"
                       " reopen_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       q, NP(q));
}

kp_rc kp_q_client_set_current(kp_store *st, int64_t client_id, const kp_person_version *now)
{
    if (!st || !now)
        return KP_EINVAL;
    kp_param u[] = {KP_PTEXT(now->given_name),
                    KP_PTEXT(now->family_name),
                    KP_PTEXT(now->birth_date),
                    KP_PINT(now->municipality_id),
                    KP_PREF(now->parish_id),
                    KP_PTEXT(now->target_group),
                    KP_PREF(now->disability_group),
                    KP_PTEXT(now->special_care_from),
                    now->parents_working < 0 ? KP_PNULL : KP_PINT(now->parents_working),
                    KP_PINT(client_id)};
    return kp_sql_exec(st,
                       "UPDATE client SET given_name = ?, family_name = ?, birth_date = ?, municipality_id = ?,"
                       " parish_id = ?, target_group = ?, disability_group = ?, special_care_from = ?,"
                       " parents_working = ? WHERE id = ?",
                       u, NP(u));
}

kp_rc kp_q_client_version_first(kp_store *st, int64_t client_id)
{
    kp_param p[] = {KP_PINT(client_id)};
    return kp_sql_exec(st,
                       "INSERT INTO client_version(client_id, valid_from, given_name, family_name, birth_date,"
                       " municipality_id, parish_id, target_group, disability_group, special_care_from, parents_working)"
                       " SELECT id, registered_on, given_name, family_name, birth_date, municipality_id, parish_id,"
                       " target_group, disability_group, special_care_from, parents_working FROM client WHERE id = ?",
                       p, 1);
}

/* ---- The client row ------------------------------------------------------ */

kp_rc kp_q_client_insert(kp_store *st, const kp_q_client_new *in, int64_t *id)
{
    if (!st || !in || !id)
        return KP_EINVAL;
    kp_param p[] = {KP_PREF(in->id),
                    KP_PTEXT(in->given_name),
                    KP_PTEXT(in->family_name),
                    KP_PTEXT(in->birth_date),
                    KP_PINT(in->municipality_id),
                    KP_PTEXT(in->target_group),
                    KP_PREF(in->representative_id),
                    KP_PREF(in->disability_group),
                    KP_PTEXT(in->special_care_from),
                    in->parents_working < 0 ? KP_PNULL : KP_PINT(in->parents_working),
                    KP_PTEXT(in->registered_on),
                    KP_PREF(in->parish_id)};
    *id = in->id;
    return kp_sql_insert(st,
                         "INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group,"
                         " representative_id, disability_group, special_care_from, parents_working, registered_on,"
                         " parish_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         p, NP(p), id);
}

static const kp_field NAME_F[] = {KP_FIELD(kp_q_name, given_name), KP_FIELD(kp_q_name, family_name)};
static const kp_shape NAME = KP_SHAPE(kp_q_name, NAME_F);

kp_rc kp_q_client_name(kp_store *st, int64_t client_id, kp_q_name *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    return kp_rows_one(st, "SELECT given_name, family_name FROM client WHERE id = ?", p, 1, &NAME, out, found);
}

/* The person as they are today (?9, bound by every query that uses it):
 * the version in force, and the representative whose link covers today. */
#define CLIENT_FROM " FROM " KP_CLIENT_AT("?9") " c JOIN municipality mu ON mu.id = c.municipality_id"
#define CLIENT_COLUMNS                                                                                            \
    "c.id, c.given_name, c.family_name, c.birth_date, mu.atvk, mu.name_lv, mu.name_en, c.target_group,"          \
    " c.registered_on, COALESCE(c.disability_group, 0), COALESCE(c.special_care_from, ''),"                      \
    " COALESCE(c.parents_working, -1),"                                                                          \
    " COALESCE((SELECT l.representative_id FROM client_representative l WHERE l.client_id = c.id"               \
    "  AND l.valid_from <= ?9 AND (l.valid_to IS NULL OR l.valid_to >= ?9) ORDER BY l.valid_from, l.id LIMIT 1), 0)," \
    " mu.code_confirmed, c.case_status" CLIENT_FROM
/* A listed row: the whole row and the sealed current personal code (for
 * its mask), in one statement for the page's rows. */
#define PAGE_COLUMNS                                                                                              \
    "c.id, c.given_name, c.family_name, c.birth_date, mu.atvk, mu.name_lv, mu.name_en, c.target_group,"          \
    " c.registered_on, COALESCE(c.disability_group, 0), COALESCE(c.special_care_from, ''),"                      \
    " COALESCE(c.parents_working, -1),"                                                                          \
    " COALESCE((SELECT l.representative_id FROM client_representative l WHERE l.client_id = c.id"               \
    "  AND l.valid_from <= ?9 AND (l.valid_to IS NULL OR l.valid_to >= ?9) ORDER BY l.valid_from, l.id LIMIT 1), 0)," \
    " mu.code_confirmed, c.case_status,"                                                                         \
    " (SELECT pc.sealed FROM personal_code pc WHERE pc.client_id = c.id AND pc.valid_to IS NULL"                 \
    "  ORDER BY pc.valid_from DESC, pc.id DESC LIMIT 1)" CLIENT_FROM
/* What a search filters and sorts on: the rest of a row is read only for
 * the page shown (issue 10: a page costs what it shows). */
#define LIGHT_COLUMNS "c.id, c.given_name, c.family_name, c.birth_date, mu.name_lv, c.target_group" CLIENT_FROM

typedef struct q_client {
    kp_q_page_row p;
    char case_status[16];
} q_client;

#define CLIENT_FIELDS                                                                                  \
    KP_FIELD(q_client, p.r.id), KP_FIELD(q_client, p.r.given_name), KP_FIELD(q_client, p.r.family_name), \
        KP_FIELD(q_client, p.r.birth_date), KP_FIELD(q_client, p.r.municipality),                        \
        KP_FIELD(q_client, p.r.municipality_name), KP_FIELD(q_client, p.r.municipality_name_en),         \
        KP_FIELD(q_client, p.r.target_group), KP_FIELD(q_client, p.r.registered_on),                     \
        KP_FIELD(q_client, p.r.disability_group), KP_FIELD(q_client, p.r.special_care_from),             \
        KP_FIELD(q_client, p.r.parents_working), KP_FIELD(q_client, p.r.representative_id),              \
        KP_FIELD(q_client, p.r.municipality_confirmed), KP_FIELD(q_client, case_status)
static const kp_field CLIENT_F[] = {CLIENT_FIELDS};
static const kp_shape CLIENT = KP_SHAPE(q_client, CLIENT_F);
static const kp_field PAGE_F[] = {CLIENT_FIELDS, KP_FIELD_BLOB(q_client, p.sealed)};
static const kp_shape PAGE = KP_SHAPE(q_client, PAGE_F);

static const kp_field LIGHT_F[] = {
    KP_FIELD(kp_client_row, id),         KP_FIELD(kp_client_row, given_name),
    KP_FIELD(kp_client_row, family_name), KP_FIELD(kp_client_row, birth_date),
    KP_FIELD(kp_client_row, municipality_name), KP_FIELD(kp_client_row, target_group),
};
static const kp_shape LIGHT = KP_SHAPE(kp_client_row, LIGHT_F);

kp_rc kp_q_client_today(kp_store *st, int64_t client_id, const char *today, kp_client_row *out, bool *found)
{
    if (!st || !today || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PNULL, KP_PNULL, KP_PNULL, KP_PNULL,
                    KP_PNULL,           KP_PNULL, KP_PNULL, KP_PTEXT(today)};
    q_client q;
    kp_rc rc = kp_rows_one(st, "SELECT " CLIENT_COLUMNS " WHERE c.id = ?1", p, NP(p), &CLIENT, &q, found);
    q.p.r.closed = strcmp(q.case_status, "closed") == 0;
    *out = q.p.r;
    return rc;
}

kp_rc kp_q_client_worker_name(kp_store *st, int64_t client_id, char out[72])
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    return kp_sql_text(st, "SELECT u.username FROM client_worker w JOIN app_user u ON u.id = w.user_id"
                           " WHERE w.client_id = ?",
                       p, 1, out, 72);
}

kp_rc kp_q_client_worker_remove(kp_store *st, int64_t client_id)
{
    kp_param p[] = {KP_PINT(client_id)};
    return kp_sql_exec(st, "DELETE FROM client_worker WHERE client_id = ?", p, 1);
}

kp_rc kp_q_register_elsewhere_count(kp_store *st, const char *actor, const char *day, const char *next, int64_t *n)
{
    if (!st || !n)
        return KP_EINVAL;
    kp_param p[] = {TEXT_OR_EMPTY(actor), KP_PTEXT(day), KP_PTEXT(next)};
    return kp_sql_int(st,
                      "SELECT COUNT(*) FROM audit WHERE action = 'register_duplicate_elsewhere' AND actor = ?"
                      " AND at >= ? AND at < ?",
                      p, 3, 0, n);
}

/* ---- Personal codes ------------------------------------------------------ */

kp_rc kp_q_code_holder(kp_store *st, const unsigned char hash[KP_LOOKUP_HASH_BYTES], int64_t *holder)
{
    if (!st || !hash || !holder)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(hash, KP_LOOKUP_HASH_BYTES)};
    return kp_sql_int(st, "SELECT client_id FROM personal_code WHERE lookup_hash = ?", p, 1, 0, holder);
}

kp_rc kp_q_code_add(kp_store *st, const kp_q_code_new *in, int64_t *id)
{
    if (!st || !in || !in->hash || !in->sealed)
        return KP_EINVAL;
    kp_param p[] = {KP_PREF(in->id),
                    KP_PINT(in->client_id),
                    KP_PBLOB(in->hash, KP_LOOKUP_HASH_BYTES),
                    KP_PBLOB(in->sealed, in->sealed_len),
                    KP_PTEXT(in->valid_from),
                    KP_PTEXT(in->valid_to),
                    KP_PINT(in->warning)};
    int64_t got = in->id;
    kp_rc rc = kp_sql_insert(st,
                             "INSERT INTO personal_code(id, client_id, lookup_hash, sealed, valid_from, valid_to,"
                             " check_warning) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             p, NP(p), &got);
    if (!rc && id)
        *id = got;
    return rc;
}

static const kp_field PERIOD_F[] = {KP_FIELD(kp_q_period, from), KP_FIELD(kp_q_period, to)};
static const kp_shape PERIOD = KP_SHAPE(kp_q_period, PERIOD_F);

kp_rc kp_q_code_overlap(kp_store *st, int64_t client_id, const char *from, const char *to, int64_t except,
                        kp_q_period *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PINT(except), KP_PTEXT(from),
                    {.t = KP_P_TEXT, .s = to && *to ? to : "9999-12-31"}};
    return kp_rows_one(st,
                       "SELECT valid_from, COALESCE(valid_to, '') FROM personal_code WHERE client_id = ?1"
                       " AND id <> ?2 AND valid_from <= ?4 AND COALESCE(valid_to, '9999-12-31') >= ?3"
                       " ORDER BY valid_from LIMIT 1",
                       p, NP(p), &PERIOD, out, found);
}

typedef struct q_current {
    int64_t id;
    char from[11];
} q_current;
static const kp_field CURRENT_F[] = {KP_FIELD(q_current, id), KP_FIELD(q_current, from)};
static const kp_shape CURRENT = KP_SHAPE(q_current, CURRENT_F);

kp_rc kp_q_code_current(kp_store *st, int64_t client_id, int64_t *id, char from[11])
{
    if (!st || !id || !from)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    q_current q;
    bool found = false;
    kp_rc rc = kp_rows_one(st, "SELECT id, valid_from FROM personal_code WHERE client_id = ? AND valid_to IS NULL", p,
                           1, &CURRENT, &q, &found);
    *id = q.id;
    memcpy(from, q.from, sizeof q.from);
    return rc;
}

kp_rc kp_q_code_close(kp_store *st, int64_t client_id, const char *to)
{
    kp_param p[] = {KP_PTEXT(to), KP_PINT(client_id)};
    return kp_sql_exec(st, "UPDATE personal_code SET valid_to = ? WHERE client_id = ? AND valid_to IS NULL", p, 2);
}

typedef struct q_sealed {
    kp_blob b;
} q_sealed;
static const kp_field SEALED_F[] = {KP_FIELD_BLOB(q_sealed, b)};
static const kp_shape SEALED = KP_SHAPE(q_sealed, SEALED_F);

kp_rc kp_q_code_sealed_current(kp_store *st, int64_t client_id, bool newest, kp_blob *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    q_sealed q;
    kp_rc rc = kp_rows_one(st,
                           newest ? "SELECT sealed FROM personal_code WHERE client_id = ? AND valid_to IS NULL"
                                    " ORDER BY valid_from DESC, id DESC LIMIT 1"
                                  : "SELECT sealed FROM personal_code WHERE client_id = ? AND valid_to IS NULL",
                           p, 1, &SEALED, &q, found);
    *out = q.b;
    return rc;
}

kp_rc kp_q_code_sealed_all(kp_store *st, int64_t client_id, kp_q_sealed_list *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    return KP_ROWS_ALL(st, "SELECT sealed FROM personal_code WHERE client_id = ?", p, 1, &SEALED, out);
}

void kp_q_sealed_list_free(kp_q_sealed_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].b);
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- Residences ---------------------------------------------------------- */

bool kp_q_residence_overlaps(kp_store *st, int64_t client_id, const char *start, const char *end)
{
    if (!st)
        return false;
    bool overlap = false;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(kp_blank(end) ? "9999-12-31" : end), KP_PTEXT(start)};
    kp_sql_exists(st,
                  "SELECT 1 FROM residence WHERE client_id = ? AND start_date <= ?"
                  " AND COALESCE(end_date, '9999-12-31') >= ? LIMIT 1",
                  p, NP(p), &overlap);
    return overlap;
}

kp_rc kp_q_residence_insert(kp_store *st, const kp_q_residence_new *in, int64_t *id)
{
    if (!st || !in || !id)
        return KP_EINVAL;
    kp_param p[] = {KP_PREF(in->id),         KP_PINT(in->client_id),  KP_PTEXT(in->kind), KP_PREF(in->municipality_id),
                    KP_PTEXT(in->start_date), KP_PTEXT(in->end_date), KP_PREF(in->parish_id)};
    *id = in->id;
    return kp_sql_insert(st,
                         "INSERT INTO residence(id, client_id, kind, municipality_id, start_date, end_date, parish_id)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
                         p, NP(p), id);
}

kp_rc kp_q_residence_first_from(kp_store *st, int64_t client_id, const char *on, char out[11])
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(on)};
    return kp_sql_text(st, "SELECT MIN(start_date) FROM residence WHERE client_id = ? AND start_date >= ?", p, 2, out,
                       11);
}

static const kp_field RESIDENCE_F[] = {KP_FIELD(kp_q_residence, id), KP_FIELD(kp_q_residence, kind),
                                       KP_FIELD(kp_q_residence, municipality_id), KP_FIELD(kp_q_residence, end_date),
                                       KP_FIELD(kp_q_residence, atvk)};
static const kp_shape RESIDENCE = KP_SHAPE(kp_q_residence, RESIDENCE_F);

kp_rc kp_q_residence_at(kp_store *st, int64_t client_id, const char *on, kp_q_residence *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(on)};
    return kp_rows_one(st,
                       "SELECT r.id, r.kind, COALESCE(r.municipality_id, 0), COALESCE(r.end_date, ''),"
                       " COALESCE(m.atvk, '')"
                       " FROM residence r LEFT JOIN municipality m ON m.id = r.municipality_id"
                       " WHERE r.client_id = ?1 AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date >= ?2)",
                       p, NP(p), &RESIDENCE, out, found);
}

kp_rc kp_q_residence_end(kp_store *st, int64_t residence_id, const char *end)
{
    kp_param p[] = {KP_PTEXT(end), KP_PINT(residence_id)};
    return kp_sql_exec(st, "UPDATE residence SET end_date = ? WHERE id = ?", p, 2);
}

static const kp_field RESIDENCE_OF_F[] = {
    KP_FIELD(kp_person_residence, id), KP_FIELD(kp_person_residence, kind),
    KP_FIELD(kp_person_residence, municipality_name), KP_FIELD(kp_person_residence, start_date),
    KP_FIELD(kp_person_residence, end_date)};
static const kp_shape RESIDENCE_OF = KP_SHAPE(kp_person_residence, RESIDENCE_OF_F);

kp_rc kp_q_residences_of(kp_store *st, int64_t client_id, bool en, kp_person *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(en ? "en" : "lv")};
    size_t cap = out->n_residences;
    return kp_rows_all(st,
                       "SELECT r.id, r.kind, COALESCE(CASE WHEN ?2 = 'en' THEN m.name_en ELSE m.name_lv END, ''),"
                       " r.start_date, COALESCE(r.end_date, '') FROM residence r"
                       " LEFT JOIN municipality m ON m.id = r.municipality_id WHERE r.client_id = ?1"
                       " ORDER BY r.start_date DESC, r.id DESC",
                       p, NP(p), &RESIDENCE_OF, (void **)&out->residences, &out->n_residences, &cap);
}

/* ---- Representatives ----------------------------------------------------- */

kp_rc kp_q_client_sync_representative(kp_store *st, int64_t client_id, const char *today)
{
    kp_param p[] = {KP_PTEXT(today), KP_PINT(client_id)};
    return kp_sql_exec(st,
                       "UPDATE client SET representative_id = (SELECT l.representative_id FROM client_representative l"
                       " WHERE l.client_id = ?2 AND l.valid_from <= ?1 AND (l.valid_to IS NULL OR l.valid_to >= ?1)"
                       " ORDER BY l.valid_from, l.id LIMIT 1) WHERE id = ?2",
                       p, 2);
}

kp_rc kp_q_link_add(kp_store *st, int64_t id, int64_t client_id, int64_t rep, const char *kind, const char *valid_from,
                    const char *valid_to, int64_t *id_out)
{
    if (!st)
        return KP_EINVAL;
    kp_param q[] = {KP_PREF(id), KP_PINT(client_id), KP_PINT(rep), KP_PTEXT(kind), KP_PTEXT(valid_from),
                    KP_PTEXT(valid_to)};
    int64_t got = id;
    kp_rc rc = kp_sql_insert(st,
                             "INSERT INTO client_representative(id, client_id, representative_id, kind, valid_from,"
                             " valid_to) VALUES (?, ?, ?, ?, ?, ?)",
                             q, NP(q), &got);
    if (!rc && id_out)
        *id_out = got;
    return rc;
}

kp_rc kp_q_link_overlap(kp_store *st, int64_t client_id, int64_t rep, const char *from, const char *to,
                        kp_q_period *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), KP_PINT(rep), KP_PTEXT(from),
                    {.t = KP_P_TEXT, .s = kp_blank(to) ? "9999-12-31" : to}};
    return kp_rows_one(st,
                       "SELECT valid_from, COALESCE(valid_to, '') FROM client_representative"
                       " WHERE client_id = ?1 AND representative_id = ?2 AND valid_from <= ?4"
                       " AND COALESCE(valid_to, '9999-12-31') >= ?3 ORDER BY valid_from LIMIT 1",
                       p, NP(p), &PERIOD, out, found);
}

static const kp_field LINK_F[] = {KP_FIELD(kp_q_link, representative_id), KP_FIELD(kp_q_link, p.from),
                                  KP_FIELD(kp_q_link, p.to)};
static const kp_shape LINK = KP_SHAPE(kp_q_link, LINK_F);

kp_rc kp_q_link_get(kp_store *st, int64_t link_id, int64_t client_id, kp_q_link *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(link_id), KP_PINT(client_id)};
    return kp_rows_one(st,
                       "SELECT representative_id, valid_from, COALESCE(valid_to, '') FROM client_representative"
                       " WHERE id = ? AND client_id = ?",
                       p, 2, &LINK, out, found);
}

kp_rc kp_q_link_end(kp_store *st, int64_t link_id, const char *valid_to)
{
    kp_param q[] = {KP_PTEXT(valid_to), KP_PINT(link_id)};
    return kp_sql_exec(st, "UPDATE client_representative SET valid_to = ? WHERE id = ?", q, 2);
}

#define LINK_FIELDS(T, l)                                                                                  \
    KP_FIELD(T, l id), KP_FIELD(T, l client_id), KP_FIELD(T, l representative_id), KP_FIELD(T, l kind), \
        KP_FIELD(T, l valid_from), KP_FIELD(T, l valid_to), KP_FIELD(T, l other_id)
static const kp_field PERSON_LINK_F[] = {LINK_FIELDS(kp_person_link, )};
static const kp_shape PERSON_LINK = KP_SHAPE(kp_person_link, PERSON_LINK_F);

kp_rc kp_q_links_represented(kp_store *st, int64_t client_id, const char *at, kp_q_links *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), TEXT_OR_EMPTY(at)};
    return KP_ROWS_ALL(st,
                       "SELECT l.id, l.client_id, l.representative_id, l.kind, l.valid_from,"
                       " COALESCE(l.valid_to, ''), l.representative_id FROM client_representative l"
                       " WHERE l.client_id = ?1 AND (?2 = '' OR (l.valid_from <= ?2"
                       " AND (l.valid_to IS NULL OR l.valid_to >= ?2)))"
                       " ORDER BY l.valid_from DESC, l.id DESC",
                       p, NP(p), &PERSON_LINK, out);
}

typedef struct q_side_link {
    bool represented;
    kp_person_link l;
} q_side_link;
static const kp_field SIDE_LINK_F[] = {KP_FIELD(q_side_link, represented), LINK_FIELDS(q_side_link, l.)};
static const kp_shape SIDE_LINK = KP_SHAPE(q_side_link, SIDE_LINK_F);

typedef struct links_acc {
    kp_person *out;
    size_t cap[2];
} links_acc;

static kp_rc side_link_row(void *row, void *arg)
{
    q_side_link *q = row;
    links_acc *a = arg;
    kp_person_link **v = q->represented ? &a->out->representatives : &a->out->represented;
    size_t *n = q->represented ? &a->out->n_representatives : &a->out->n_represented;
    size_t *c = &a->cap[q->represented];
    if (*n == *c) {
        *c = *c ? *c * 2 : 4;
        *v = kp_xrealloc(*v, *c * sizeof **v);
    }
    (*v)[(*n)++] = q->l;
    return KP_OK;
}

kp_rc kp_q_links_both(kp_store *st, int64_t client_id, kp_person *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    links_acc a = {out, {out->n_represented, out->n_representatives}};
    q_side_link row;
    return kp_rows_each(
        st,
        "SELECT x.* FROM ("
        " SELECT 1 AS side, l.id AS id, l.client_id, l.representative_id, l.kind, l.valid_from AS valid_from,"
        "  COALESCE(l.valid_to, ''), l.representative_id AS other FROM client_representative l"
        "  WHERE l.client_id = ?1"
        " UNION ALL"
        " SELECT 0, l.id, l.client_id, l.representative_id, l.kind, l.valid_from, COALESCE(l.valid_to, ''),"
        "  l.client_id FROM client_representative l WHERE l.representative_id = ?1) x"
        " ORDER BY x.side DESC, x.valid_from DESC, x.id DESC",
        p, 1, &SIDE_LINK, &row, side_link_row, &a);
}

/* ---- Moves and municipality choices --------------------------------------- */

typedef struct q_move {
    int64_t client_id;
    char on[11];
    bool incoming;
    char from_name[96];
    char to_name[96];
} q_move;
static const kp_field MOVE_F[] = {KP_FIELD(q_move, client_id), KP_FIELD(q_move, on), KP_FIELD(q_move, incoming),
                                  KP_FIELD(q_move, from_name), KP_FIELD(q_move, to_name)};
static const kp_shape MOVE = KP_SHAPE(q_move, MOVE_F);

typedef struct moves_acc {
    kp_move_notice **out;
    size_t *n, *cap;
} moves_acc;

static kp_rc move_row(void *row, void *arg)
{
    q_move *q = row;
    moves_acc *a = arg;
    if (*a->n == *a->cap) {
        *a->cap = *a->cap ? *a->cap * 2 : 8;
        *a->out = kp_xrealloc(*a->out, *a->cap * sizeof **a->out);
    }
    kp_move_notice *x = &(*a->out)[(*a->n)++];
    memset(x, 0, sizeof *x);
    x->client_id = q->client_id;
    memcpy(x->on, q->on, sizeof x->on);
    x->incoming = q->incoming;
    memcpy(x->other, q->incoming ? q->from_name : q->to_name, sizeof x->other);
    return KP_OK;
}

kp_rc kp_q_moves(kp_store *st, int64_t own, const char *today, const char *from, const char *to, bool en,
                 kp_move_notice **out, size_t *n, size_t *cap)
{
    if (!st || !out || !n || !cap)
        return KP_EINVAL;
    /* ?1 own territory, ?2 today; scope: it and what merged into it. A move
     * is a version whose municipality differs from the one before it. */
    kp_param p[] = {KP_PINT(own), KP_PTEXT(today), KP_PTEXT(from), KP_PTEXT(to), KP_PTEXT(en ? "en" : "lv")};
    moves_acc a = {out, n, cap};
    q_move row;
    return kp_rows_each(
        st,
        "WITH RECURSIVE scope(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT m.id FROM municipality m JOIN scope s"
        " ON m.successor_id = s.id WHERE m.valid_to IS NOT NULL AND m.valid_to < ?2)"
        " SELECT v.client_id, v.valid_from, v.municipality_id IN (SELECT id FROM scope),"
        " CASE WHEN ?5 = 'en' THEN mo.name_en ELSE mo.name_lv END,"
        " CASE WHEN ?5 = 'en' THEN mn.name_en ELSE mn.name_lv END"
        " FROM client_version v JOIN client_version p ON p.client_id = v.client_id"
        "  AND p.valid_to = (SELECT MAX(q.valid_to) FROM client_version q"
        "   WHERE q.client_id = v.client_id AND q.valid_to < v.valid_from)"
        " JOIN municipality mo ON mo.id = p.municipality_id JOIN municipality mn ON mn.id = v.municipality_id"
        " WHERE v.valid_from BETWEEN ?3 AND ?4 AND v.municipality_id <> p.municipality_id"
        " AND (v.municipality_id IN (SELECT id FROM scope) OR p.municipality_id IN (SELECT id FROM scope))"
        " ORDER BY v.valid_from, v.client_id",
        p, NP(p), &MOVE, &row, move_row, &a);
}

static const kp_field OPTION_F[] = {KP_FIELD(kp_option, code), KP_FIELD(kp_option, name)};
static const kp_shape OPTION = KP_SHAPE(kp_option, OPTION_F);

kp_rc kp_q_municipality_options(kp_store *st, bool en, const char *today, bool today_only, kp_options *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(en ? "en" : "lv"), KP_PTEXT(today), KP_PINT(today_only ? 1 : 0)};
    return KP_ROWS_ALL(st,
                       "SELECT atvk, CASE WHEN ?1 = 'en' THEN name_en ELSE name_lv END FROM municipality"
                       " WHERE ?3 = 0 OR (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2))"
                       " ORDER BY name_lv, atvk",
                       p, NP(p), &OPTION, out);
}

/* ---- The client list ----------------------------------------------------- */

/* "SELECT <cols> … WHERE <the scope> <extra>": ?1 the scope's id, ?2 and ?9
 * today; `extra` may use ?3 on. Social workers and heads: their
 * municipality and every one that merged into it before today; provider
 * staff: the clients referred to them; the system: everyone. */
#define SCOPED_MUNICIPALITY(cols, extra)                                                              \
    "WITH RECURSIVE m(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT x.id FROM municipality x JOIN m" \
    " ON x.successor_id = m.id WHERE x.valid_to IS NOT NULL AND x.valid_to < ?2)"                      \
    " SELECT " cols " WHERE c.municipality_id IN (SELECT id FROM m)" extra
#define SCOPED_PROVIDER(cols, extra) \
    "SELECT " cols " WHERE c.id IN (SELECT client_id FROM assignment WHERE provider_id = ?1) AND ?2 = ?2" extra
#define SCOPED_ALL(cols, extra) "SELECT " cols " WHERE ?1 = ?1 AND ?2 = ?2" extra

#define PAGE_IDS " AND c.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?3))"
static const char *const SCAN_SQL[] = {
    [KP_Q_SCOPE_MUNICIPALITY] = SCOPED_MUNICIPALITY(LIGHT_COLUMNS, ""),
    [KP_Q_SCOPE_PROVIDER] = SCOPED_PROVIDER(LIGHT_COLUMNS, ""),
    [KP_Q_SCOPE_ALL] = SCOPED_ALL(LIGHT_COLUMNS, ""),
};
static const char *const PAGE_SQL[] = {
    [KP_Q_SCOPE_MUNICIPALITY] = SCOPED_MUNICIPALITY(PAGE_COLUMNS, PAGE_IDS),
    [KP_Q_SCOPE_PROVIDER] = SCOPED_PROVIDER(PAGE_COLUMNS, PAGE_IDS),
    [KP_Q_SCOPE_ALL] = SCOPED_ALL(PAGE_COLUMNS, PAGE_IDS),
};

static bool scope_ok(const kp_q_scope *sc)
{
    return sc && sc->today && (sc->kind == KP_Q_SCOPE_MUNICIPALITY || sc->kind == KP_Q_SCOPE_PROVIDER ||
                               sc->kind == KP_Q_SCOPE_ALL);
}

kp_rc kp_q_client_scan(kp_store *st, const kp_q_scope *sc, kp_row_fn fn, void *arg)
{
    if (!st || !scope_ok(sc) || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(sc->kind == KP_Q_SCOPE_ALL ? 0 : sc->id), KP_PTEXT(sc->today), KP_PNULL, KP_PNULL,
                    KP_PNULL, KP_PNULL, KP_PNULL, KP_PNULL, KP_PTEXT(sc->today)};
    kp_client_row row;
    return kp_rows_each(st, SCAN_SQL[sc->kind], p, NP(p), &LIGHT, &row, fn, arg);
}

typedef struct page_acc {
    kp_row_fn fn;
    void *arg;
} page_acc;

static kp_rc page_row(void *row, void *arg)
{
    q_client *q = row;
    page_acc *a = arg;
    q->p.r.closed = strcmp(q->case_status, "closed") == 0;
    return a->fn(&q->p, a->arg);
}

kp_rc kp_q_client_page(kp_store *st, const kp_q_scope *sc, const char *ids_json, kp_row_fn fn, void *arg)
{
    if (!st || !scope_ok(sc) || !ids_json || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(sc->kind == KP_Q_SCOPE_ALL ? 0 : sc->id), KP_PTEXT(sc->today), KP_PTEXT(ids_json),
                    KP_PNULL, KP_PNULL, KP_PNULL, KP_PNULL, KP_PNULL, KP_PTEXT(sc->today)};
    page_acc a = {fn, arg};
    q_client row;
    return kp_rows_each(st, PAGE_SQL[sc->kind], p, NP(p), &PAGE, &row, page_row, &a);
}

/* ---- The card ------------------------------------------------------------ */

static const kp_field CARD_HEAD_F[] = {KP_FIELD(kp_q_card_head, worker_id), KP_FIELD(kp_q_card_head, worker),
                                       KP_FIELD(kp_q_card_head, respite_used)};
static const kp_shape CARD_HEAD = KP_SHAPE(kp_q_card_head, CARD_HEAD_F);

kp_rc kp_q_card_head_of(kp_store *st, int64_t client_id, const char *from, const char *to, kp_q_card_head *out)
{
    if (!st || !out)
        return KP_EINVAL;
    /* The worker, their name and the respite used: one statement (issue
     * 10: a card is many small queries). */
    kp_param q[] = {KP_PINT(client_id), KP_PTEXT(from), KP_PTEXT(to)};
    bool found = false;
    return kp_rows_one(st,
                       "SELECT COALESCE((SELECT w.user_id FROM client_worker w WHERE w.client_id = ?1), 0),"
                       " COALESCE((SELECT u.username FROM client_worker w JOIN app_user u ON u.id = w.user_id"
                       "  WHERE w.client_id = ?1), ''),"
                       " (SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a"
                       "  WHERE a.client_id = ?1 AND a.service_code = 'respite' AND a.start_date BETWEEN ?2 AND ?3)",
                       q, NP(q), &CARD_HEAD, out, &found);
}

typedef struct q_assessment {
    int64_t id;
    int round;
    char assessed_on[11];
    char place[16];
    char assessor[208];
    char need[32];
    int sort; /* the need's service type's place in the catalogue */
} q_assessment;
static const kp_field ASSESSMENT_F[] = {KP_FIELD(q_assessment, id),          KP_FIELD(q_assessment, round),
                                        KP_FIELD(q_assessment, assessed_on), KP_FIELD(q_assessment, place),
                                        KP_FIELD(q_assessment, assessor),    KP_FIELD(q_assessment, need),
                                        KP_FIELD(q_assessment, sort)};
static const kp_shape ASSESSMENT = KP_SHAPE(q_assessment, ASSESSMENT_F);

typedef struct assessments_acc {
    kp_card *out;
    size_t cap;
    size_t from;  /* the first assessment of this read */
    int sort[32]; /* of the last assessment's needs */
} assessments_acc;

/* The last assessment's needs in catalogue order (an insertion sort: a
 * handful of needs). */
static void sort_needs(assessments_acc *acc)
{
    if (acc->out->n_assessments <= acc->from)
        return;
    kp_card_assessment *a = &acc->out->assessments[acc->out->n_assessments - 1];
    for (size_t i = 1; i < a->n_needs; i++) {
        char need[32];
        int key = acc->sort[i];
        memcpy(need, a->needs[i], sizeof need);
        size_t k = i;
        while (k > 0 && (acc->sort[k - 1] > key || (acc->sort[k - 1] == key && strcmp(a->needs[k - 1], need) > 0))) {
            acc->sort[k] = acc->sort[k - 1];
            memcpy(a->needs[k], a->needs[k - 1], sizeof need);
            k--;
        }
        acc->sort[k] = key;
        memcpy(a->needs[k], need, sizeof need);
    }
}

static kp_rc assessment_row(void *row, void *arg)
{
    q_assessment *q = row;
    assessments_acc *acc = arg;
    kp_card *out = acc->out;
    kp_card_assessment *a = out->n_assessments ? &out->assessments[out->n_assessments - 1] : NULL;
    if (!a || a->id != q->id) {
        sort_needs(acc);
        kp_cw_reserve((void **)&out->assessments, &acc->cap, out->n_assessments, sizeof *out->assessments);
        a = &out->assessments[out->n_assessments++];
        memset(a, 0, sizeof *a);
        a->id = q->id;
        a->round = q->round;
        memcpy(a->assessed_on, q->assessed_on, sizeof a->assessed_on);
        memcpy(a->place, q->place, sizeof a->place);
        memcpy(a->assessor, q->assessor, sizeof a->assessor);
    }
    /* A need's service type always exists (a foreign key): no need = NULL. */
    if (q->need[0] && a->n_needs < sizeof a->needs / sizeof a->needs[0]) {
        acc->sort[a->n_needs] = q->sort;
        memcpy(a->needs[a->n_needs++], q->need, sizeof a->needs[0]);
    }
    return KP_OK;
}

kp_rc kp_q_card_assessments(kp_store *st, int64_t client_id, kp_card *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    assessments_acc a = {out, out->n_assessments, out->n_assessments, {0}};
    q_assessment row;
    /* Newest round first, by the (client_id, round) key a round is unique
     * in, so each assessment's rows come together; its needs are put in
     * catalogue order here. Sorting the rows by the catalogue's order in
     * SQL took SQLite's sorter, which cost more than the rows (issue 10). */
    kp_rc rc = kp_rows_each(st,
                            "SELECT a.id, a.round, a.assessed_on, a.place, a.assessor, n.service_code, t.sort"
                            " FROM assessment a LEFT JOIN assessment_need n ON n.assessment_id = a.id"
                            " LEFT JOIN service_type t ON t.code = n.service_code"
                            " WHERE a.client_id = ? ORDER BY a.round DESC",
                            p, 1, &ASSESSMENT, &row, assessment_row, &a);
    if (!rc)
        sort_needs(&a);
    return rc;
}

/* Columns of a plan item: id, plan id, service, name, unit, volume,
 * provider id, provider name, start, end, goal. ?1 = language. */
#define ITEM_FIELDS(T, i)                                                                                      \
    KP_FIELD(T, i id), KP_FIELD_SKIP, KP_FIELD(T, i service), KP_FIELD(T, i service_name), KP_FIELD(T, i unit), \
        KP_FIELD(T, i volume), KP_FIELD(T, i provider_id), KP_FIELD(T, i provider), KP_FIELD(T, i start_date),  \
        KP_FIELD(T, i end_date), KP_FIELD(T, i goal)

typedef struct q_plan {
    kp_card_plan plan;
    kp_card_item item;
    int sort; /* the item's service type's place in the catalogue */
} q_plan;
static const kp_field PLAN_F[] = {
    KP_FIELD(q_plan, plan.id),          KP_FIELD(q_plan, plan.version),    KP_FIELD(q_plan, plan.status),
    KP_FIELD(q_plan, plan.goals),       KP_FIELD(q_plan, plan.review_on),  KP_FIELD(q_plan, plan.created_on),
    KP_FIELD(q_plan, plan.approved_on), ITEM_FIELDS(q_plan, item.),        KP_FIELD(q_plan, sort)};
static const kp_shape PLAN = KP_SHAPE(q_plan, PLAN_F);

typedef struct plans_acc {
    kp_card *out;
    size_t cap, item_cap;
    size_t from;     /* the first plan of this read */
    int *sort;       /* of the last plan's items */
    size_t sort_cap;
} plans_acc;

/* Whether item x (sort key kx) comes after item y: start day, the service
 * type's place in the catalogue, then id. */
static bool item_after(const kp_card_item *x, int kx, const kp_card_item *y, int ky)
{
    int c = strcmp(x->start_date, y->start_date);
    if (c)
        return c > 0;
    if (kx != ky)
        return kx > ky;
    return x->id > y->id;
}

/* The last plan's items in order: an insertion sort of their positions (a
 * plan has a handful of items), then each item copied once into place. */
static void sort_items(plans_acc *a)
{
    if (a->out->n_plans <= a->from)
        return;
    kp_card_plan *pl = &a->out->plans[a->out->n_plans - 1];
    size_t n = pl->n_items;
    if (n < 2)
        return;
    size_t *at = kp_xmalloc(n * sizeof *at);
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        while (k > 0 && item_after(&pl->items[at[k - 1]], a->sort[at[k - 1]], &pl->items[i], a->sort[i])) {
            at[k] = at[k - 1];
            k--;
        }
        at[k] = i;
        sorted = sorted && k == i;
    }
    if (!sorted) {
        kp_card_item *in_order = kp_xmalloc(n * sizeof *in_order);
        for (size_t i = 0; i < n; i++)
            in_order[i] = pl->items[at[i]];
        free(pl->items);
        pl->items = in_order;
        a->item_cap = n;
    }
    free(at);
}

static kp_rc plan_row(void *row, void *arg)
{
    q_plan *q = row;
    plans_acc *a = arg;
    kp_card *out = a->out;
    kp_card_plan *pl = out->n_plans ? &out->plans[out->n_plans - 1] : NULL;
    if (!pl || pl->id != q->plan.id) {
        sort_items(a);
        kp_cw_reserve((void **)&out->plans, &a->cap, out->n_plans, sizeof *out->plans);
        pl = &out->plans[out->n_plans++];
        *pl = q->plan;
        pl->items = NULL;
        pl->n_items = 0;
        a->item_cap = 0;
    }
    /* A plan without items comes as one row with NULL item columns (an
     * item's id is never 0). */
    if (!q->item.id)
        return KP_OK;
    size_t cap = a->sort_cap;
    kp_cw_reserve((void **)&a->sort, &cap, pl->n_items, sizeof *a->sort);
    a->sort_cap = cap;
    a->sort[pl->n_items] = q->sort;
    kp_cw_reserve((void **)&pl->items, &a->item_cap, pl->n_items, sizeof *pl->items);
    pl->items[pl->n_items++] = q->item;
    return KP_OK;
}

kp_rc kp_q_card_plans(kp_store *st, int64_t client_id, const char *lang, const char *today, kp_card *out)
{
    if (!st || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(client_id), KP_PTEXT(today)};
    plans_acc a = {out, out->n_plans, 0, out->n_plans, NULL, 0};
    q_plan *row = kp_xmalloc(sizeof *row);
    /* Newest version first, by the (client_id, version) key a version is
     * unique in, so each plan's rows come together; its items are put in
     * order here. Sorting the items in SQL took SQLite's sorter, which cost
     * more than the rows (issue 10). */
    kp_rc rc = kp_rows_each(st,
                            "SELECT sp.id, sp.version,"
                            " CASE WHEN sp.ended_on IS NOT NULL AND sp.ended_on <= ?3 THEN 'ended' ELSE sp.status END,"
                            " sp.goals, COALESCE(sp.review_on, ''), sp.created_on, COALESCE(sp.approved_on, ''),"
                            " i.id, i.plan_id, i.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END,"
                            " t.unit, i.volume, COALESCE(i.provider_id, 0), COALESCE(p.name, ''), i.start_date,"
                            " i.end_date, i.goal, t.sort"
                            " FROM support_plan sp LEFT JOIN plan_item i ON i.plan_id = sp.id"
                            " LEFT JOIN service_type t ON t.code = i.service_code"
                            " LEFT JOIN provider p ON p.id = i.provider_id"
                            " WHERE sp.client_id = ?2 ORDER BY sp.version DESC",
                            p, NP(p), &PLAN, row, plan_row, &a);
    if (!rc)
        sort_items(&a);
    free(a.sort);
    free(row);
    return rc;
}

static const kp_field CARD_ASSIGNMENT_F[] = {
    KP_FIELD(kp_card_assignment, id),           KP_FIELD(kp_card_assignment, plan_item_id),
    KP_FIELD(kp_card_assignment, provider_id),  KP_FIELD(kp_card_assignment, service),
    KP_FIELD(kp_card_assignment, service_name), KP_FIELD(kp_card_assignment, unit),
    KP_FIELD(kp_card_assignment, provider),     KP_FIELD(kp_card_assignment, start_date),
    KP_FIELD(kp_card_assignment, end_date),     KP_FIELD(kp_card_assignment, decided_on),
    KP_FIELD(kp_card_assignment, mode),         KP_FIELD(kp_card_assignment, status),
    KP_FIELD(kp_card_assignment, units),        KP_FIELD(kp_card_assignment, hours_per_week),
    KP_FIELD(kp_card_assignment, delivered)};
static const kp_shape CARD_ASSIGNMENT = KP_SHAPE(kp_card_assignment, CARD_ASSIGNMENT_F);

/* Newest start first, then the newest id. */
static int newest_start_first(const void *x, const void *y)
{
    const kp_card_assignment *a = x, *b = y;
    int c = strcmp(b->start_date, a->start_date);
    if (c)
        return c;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

kp_rc kp_q_card_assignments(kp_store *st, int64_t client_id, int64_t only_provider, const char *lang,
                            const char *today, kp_card *out)
{
    if (!st || !out)
        return KP_EINVAL;
    /* The status today, from the assignment's dates and events (services.h).
     * The units delivered are not read here: a correlated SUM read every
     * delivery again beside the card's own read of the same rows (one
     * delivery-table look-up each, issue 10). */
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(client_id), KP_PINT(only_provider), KP_PTEXT(today)};
    size_t cap = out->n_assignments, from = out->n_assignments;
    kp_rc rc = kp_rows_all(st,
                           "SELECT a.id, COALESCE(a.plan_item_id, 0), COALESCE(a.provider_id, 0), a.service_code,"
                           " CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, COALESCE(p.name, ''),"
                           " a.start_date, a.end_date, a.decided_on, COALESCE(a.mode, ''),"
                           " " KP_ASSIGNMENT_STATUS_SQL("a", "?4") ", a.units,"
                           " COALESCE(a.hours_per_week, 0), 0"
                           " FROM assignment a JOIN service_type t ON t.code = a.service_code"
                           " LEFT JOIN provider p ON p.id = a.provider_id"
                           " WHERE a.client_id = ?2 AND (?3 = 0 OR a.provider_id = ?3)",
                           p, NP(p), &CARD_ASSIGNMENT, (void **)&out->assignments, &out->n_assignments, &cap);
    /* Sorted here, not by SQLite's sorter (which cost more than the rows). */
    if (!rc && out->n_assignments - from > 1)
        qsort(out->assignments + from, out->n_assignments - from, sizeof *out->assignments, newest_start_first);
    return rc;
}

static const kp_field CARD_DELIVERY_F[] = {
    KP_FIELD(kp_q_card_delivery, id), KP_FIELD(kp_q_card_delivery, assignment_id),
    KP_FIELD(kp_q_card_delivery, delivered_on), KP_FIELD(kp_q_card_delivery, units),
    KP_FIELD(kp_q_card_delivery, confirmed)};
static const kp_shape CARD_DELIVERY = KP_SHAPE(kp_q_card_delivery, CARD_DELIVERY_F);

kp_rc kp_q_card_delivery_rows(kp_store *st, int64_t client_id, int64_t only_provider, kp_q_card_deliveries *out)
{
    if (!st || !out)
        return KP_EINVAL;
    /* No ORDER BY and no LIMIT, no names: SQLite's sorter (and, with a
     * LIMIT, a temporary b-tree) cost more than the rows on every card, and
     * the service's and provider's names are the assignment's, which the
     * card has read already (issue 10). The index on (assignment_id,
     * delivered_on) finds the rows; the card sorts them. */
    kp_param p[] = {KP_PINT(client_id), KP_PINT(only_provider)};
    return KP_ROWS_ALL(st,
                       "SELECT d.id, d.assignment_id, d.delivered_on, d.units, d.confirmed"
                       " FROM assignment a JOIN delivery d ON d.assignment_id = a.id"
                       " WHERE a.client_id = ?1 AND (?2 = 0 OR a.provider_id = ?2)",
                       p, NP(p), &CARD_DELIVERY, out);
}

static const kp_field PLAN_HEAD_F[] = {KP_FIELD(kp_q_plan_head, client_id), KP_FIELD(kp_q_plan_head, version),
                                       KP_FIELD(kp_q_plan_head, goals), KP_FIELD(kp_q_plan_head, review_on)};
static const kp_shape PLAN_HEAD = KP_SHAPE(kp_q_plan_head, PLAN_HEAD_F);
static const kp_field ITEM_F[] = {ITEM_FIELDS(kp_card_item, )};
static const kp_shape ITEM = KP_SHAPE(kp_card_item, ITEM_F);

kp_rc kp_q_plan_version(kp_store *st, int64_t plan_id, const char *lang, kp_q_plan_head *head, kp_q_items *items,
                        bool *found)
{
    if (!st || !head || !items || !found)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(plan_id)};
    kp_rc rc = kp_rows_one(st, "SELECT client_id, version, goals, COALESCE(review_on, '') FROM support_plan WHERE id = ?",
                           p, 1, &PLAN_HEAD, head, found);
    if (rc || !*found)
        return rc;
    kp_param q[] = {KP_PTEXT(lang), KP_PINT(plan_id)};
    return KP_ROWS_ALL(st,
                       "SELECT i.id, i.plan_id, i.service_code, CASE WHEN ?1 = 'en' THEN t.name_en ELSE t.name_lv END,"
                       " t.unit, i.volume, COALESCE(i.provider_id, 0), COALESCE(p.name, ''), i.start_date,"
                       " i.end_date, i.goal"
                       " FROM plan_item i JOIN service_type t ON t.code = i.service_code"
                       " LEFT JOIN provider p ON p.id = i.provider_id"
                       " WHERE i.plan_id = ?2 ORDER BY i.start_date, t.sort, i.id",
                       q, NP(q), &ITEM, items);
}

/* ---- Contacts and tasks -------------------------------------------------- */

kp_rc kp_q_contact_add(kp_store *st, const kp_q_contact_new *in, int64_t *id)
{
    if (!st || !in || !id)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(in->client_id),     KP_PTEXT(in->kind),        KP_PTEXT(in->contact_on),
                    TEXT_OR_EMPTY(in->note),    KP_PTEXT(in->recorded_by), KP_PTEXT(in->recorded_at)};
    *id = 0;
    return kp_sql_insert(st,
                         "INSERT INTO client_contact(client_id, kind, contact_on, note, recorded_by, recorded_at)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, NP(p), id);
}

static const kp_field CONTACT_F[] = {KP_FIELD(kp_contact, id),          KP_FIELD(kp_contact, kind),
                                     KP_FIELD(kp_contact, contact_on),  KP_FIELD_DUP(kp_contact, note),
                                     KP_FIELD(kp_contact, recorded_by), KP_FIELD(kp_contact, recorded_at)};
static const kp_shape CONTACT = KP_SHAPE(kp_contact, CONTACT_F);

typedef struct contacts_acc {
    kp_contacts *out;
    size_t cap;
    int64_t client_id;
} contacts_acc;

static kp_rc contact_row(void *row, void *arg)
{
    kp_contact *q = row;
    contacts_acc *a = arg;
    kp_cw_reserve((void **)&a->out->items, &a->cap, a->out->n, sizeof *a->out->items);
    kp_contact *c = &a->out->items[a->out->n++];
    *c = *q;
    c->client_id = a->client_id;
    if (!c->note)
        c->note = kp_xstrdup("");
    q->note = NULL; /* now the list's */
    return KP_OK;
}

kp_rc kp_q_contacts_of(kp_store *st, int64_t client_id, size_t limit, kp_contacts *out, size_t *total)
{
    if (!st || !out || !total || !limit)
        return KP_EINVAL;
    /* The newest `limit`; how many there are in all is counted only when
     * there are that many (no window over all of them, and the list grows
     * with its rows instead of `limit` empty ones made first). */
    *total = 0;
    out->items = NULL;
    out->n = 0;
    kp_param p[] = {KP_PINT(client_id), KP_PINT((int64_t)limit)};
    contacts_acc a = {out, 0, client_id};
    kp_contact row;
    kp_rc rc = kp_rows_each(st,
                            "SELECT id, kind, contact_on, note, recorded_by, recorded_at"
                            " FROM client_contact WHERE client_id = ? ORDER BY contact_on DESC, id DESC LIMIT ?",
                            p, 2, &CONTACT, &row, contact_row, &a);
    *total = out->n;
    if (rc || out->n < limit)
        return rc;
    int64_t n = 0;
    rc = kp_sql_int(st, "SELECT COUNT(*) FROM client_contact WHERE client_id = ?", p, 1, 0, &n);
    if (!rc)
        *total = (size_t)n;
    return rc;
}

static const kp_field STAFF_F[] = {KP_FIELD(kp_q_staff, role), KP_FIELD(kp_q_staff, municipality_id)};
static const kp_shape STAFF = KP_SHAPE(kp_q_staff, STAFF_F);

kp_rc kp_q_staff_by_name(kp_store *st, const char *username, kp_q_staff *out, bool *found)
{
    if (!st || !out || !found)
        return KP_EINVAL;
    kp_param p[] = {TEXT_OR_EMPTY(username)};
    return kp_rows_one(st,
                       "SELECT role, municipality_id FROM app_user WHERE username = ? AND disabled = 0"
                       " AND role IN ('social_worker','municipal_head')",
                       p, 1, &STAFF, out, found);
}

kp_rc kp_q_task_add(kp_store *st, const kp_q_task_new *in, int64_t *id)
{
    if (!st || !in || !id)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(in->client_id),   KP_PTEXT(in->what),       KP_PTEXT(in->due_on),
                    KP_PTEXT(in->assigned_to), KP_PTEXT(in->created_by), KP_PTEXT(in->created_at)};
    *id = 0;
    return kp_sql_insert(st,
                         "INSERT INTO client_task(client_id, what, due_on, assigned_to, created_by, created_at)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, NP(p), id);
}

typedef struct q_task_state {
    int64_t id;
    char done_on[11];
} q_task_state;
static const kp_field TASK_STATE_F[] = {KP_FIELD(q_task_state, id), KP_FIELD(q_task_state, done_on)};
static const kp_shape TASK_STATE = KP_SHAPE(q_task_state, TASK_STATE_F);

kp_rc kp_q_task_state(kp_store *st, int64_t task_id, int64_t client_id, bool *found, char done_on[11])
{
    if (!st || !found || !done_on)
        return KP_EINVAL;
    kp_param q[] = {KP_PINT(task_id), KP_PINT(client_id)};
    q_task_state s;
    kp_rc rc = kp_rows_one(st, "SELECT id, COALESCE(done_on, '') FROM client_task WHERE id = ? AND client_id = ?", q,
                           2, &TASK_STATE, &s, found);
    memcpy(done_on, s.done_on, sizeof s.done_on);
    return rc;
}

kp_rc kp_q_task_done(kp_store *st, int64_t task_id, const char *on, const char *by)
{
    kp_param u[] = {KP_PTEXT(on), KP_PTEXT(by), KP_PINT(task_id)};
    return kp_sql_exec(st, "UPDATE client_task SET done_on = ?, done_by = ? WHERE id = ? AND done_on IS NULL", u, 3);
}

#define TASK_COLUMNS "t.id, t.client_id, t.what, t.due_on, t.assigned_to, t.created_by, t.done_on, t.done_by"
#define TASK_FIELDS                                                                                       \
    KP_FIELD(kp_task, id), KP_FIELD(kp_task, client_id), KP_FIELD(kp_task, what), KP_FIELD(kp_task, due_on), \
        KP_FIELD(kp_task, assigned_to), KP_FIELD(kp_task, created_by), KP_FIELD(kp_task, done_on),          \
        KP_FIELD(kp_task, done_by)
static const kp_field TASK_F[] = {TASK_FIELDS};
static const kp_shape TASK = KP_SHAPE(kp_task, TASK_F);
static const kp_field TASK_NAMED_F[] = {TASK_FIELDS, KP_FIELD(kp_task, client_name)};
static const kp_shape TASK_NAMED = KP_SHAPE(kp_task, TASK_NAMED_F);

kp_rc kp_q_tasks_of(kp_store *st, int64_t client_id, kp_row_fn fn, void *arg)
{
    if (!st || !fn)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    kp_task row;
    return kp_rows_each(st,
                        "SELECT " TASK_COLUMNS " FROM client_task t WHERE t.client_id = ?"
                        " ORDER BY t.done_on IS NOT NULL, CASE WHEN t.done_on IS NULL THEN t.due_on END,"
                        " t.done_on DESC, t.id",
                        p, 1, &TASK, &row, fn, arg);
}

kp_rc kp_q_tasks_assigned(kp_store *st, const char *username, kp_row_fn fn, void *arg)
{
    if (!st || !fn)
        return KP_EINVAL;
    kp_param p[] = {TEXT_OR_EMPTY(username)};
    kp_task row;
    return kp_rows_each(st,
                        "SELECT " TASK_COLUMNS ", c.given_name || ' ' || c.family_name FROM client_task t"
                        " JOIN client c ON c.id = t.client_id"
                        " WHERE t.assigned_to = ? AND t.done_on IS NULL ORDER BY t.due_on, t.id",
                        p, 1, &TASK_NAMED, &row, fn, arg);
}

/* ---- The audit trail ----------------------------------------------------- */

/* The actor and detail are free text of any length, read whole and shown
 * cut to the row's slots as before. */
typedef struct q_trail {
    kp_audit_row a;
    char *actor;
    char *detail;
} q_trail;
static const kp_field TRAIL_F[] = {
    KP_FIELD(q_trail, a.id),     KP_FIELD(q_trail, a.at),        KP_FIELD_DUP(q_trail, actor),
    KP_FIELD(q_trail, a.role),   KP_FIELD(q_trail, a.action),    KP_FIELD(q_trail, a.entity),
    KP_FIELD(q_trail, a.entity_id), KP_FIELD(q_trail, a.client_id), KP_FIELD_DUP(q_trail, detail)};
static const kp_shape TRAIL = KP_SHAPE(q_trail, TRAIL_F);

static kp_rc trail_row(void *row, void *arg)
{
    q_trail *q = row;
    kp_audit_rows *out = arg;
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    kp_audit_row *a = &out->items[out->n++];
    *a = q->a;
    snprintf(a->actor, sizeof a->actor, "%s", q->actor ? q->actor : "");
    snprintf(a->detail, sizeof a->detail, "%s", q->detail ? q->detail : "");
    return KP_OK;
}

#define TRAIL_WHERE                                                                                                \
    " FROM (SELECT id, at, actor, role, action, entity, entity_id, client_id, detail, 0 AS side FROM audit"        \
    " UNION ALL SELECT id, at, actor, role, action, entity, entity_id, client_id, detail, 1 FROM access_log) AS trail" \
    " WHERE (CAST(? AS TEXT) IS NULL OR actor = ?) AND (CAST(? AS INTEGER) IS NULL OR client_id = ?)"              \
    " AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?)"                        \
    " AND (CAST(? AS TEXT) IS NULL OR at <= ?)"
#define TRAIL_ROWS                                                                                    \
    "SELECT id, at, actor, role, action, entity, COALESCE(entity_id, 0), COALESCE(client_id, 0), detail" \
    TRAIL_WHERE " ORDER BY "

kp_rc kp_q_trail(kp_store *st, const kp_q_trail_filter *f, size_t *total, kp_audit_rows *out)
{
    if (!st || !f || !total || !out)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(f->actor),  KP_PTEXT(f->actor),  KP_PREF(f->client_id), KP_PREF(f->client_id),
                    KP_PTEXT(f->action), KP_PTEXT(f->action), KP_PTEXT(f->from),     KP_PTEXT(f->from),
                    KP_PTEXT(f->to_end), KP_PTEXT(f->to_end), KP_PINT((int64_t)f->limit), KP_PINT((int64_t)f->offset)};
    int64_t n = 0;
    kp_rc rc = kp_sql_int(st, "SELECT COUNT(*)" TRAIL_WHERE, p, 10, 0, &n);
    *total = (size_t)n;
    if (rc)
        return rc;
    q_trail row;
    return kp_rows_each(st,
                        f->oldest_first ? TRAIL_ROWS "at, side, id, client_id LIMIT ? OFFSET ?"
                                        : TRAIL_ROWS "at DESC, side DESC, id DESC, client_id DESC LIMIT ? OFFSET ?",
                        p, NP(p), &TRAIL, &row, trail_row, out);
}
