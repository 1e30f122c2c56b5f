/* The case documents' SQL (case_docs_sql.h). Rows are read whole (their
 * texts as copies) and cut to the document's fields, as printed before. */
#include "service/casework/case_docs_sql.h"
#include "service/casework/services.h"
#include "service/rows.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src ? src : "");
    if (len >= n)
        len = n - 1;
    memcpy(dst, src ? src : "", len);
    dst[len] = '\0';
}

typedef struct client_row {
    char *given, *family, *birth, *municipality, *target_group;
} client_row;
static const kp_field CLIENT_F[] = {KP_FIELD_DUP(client_row, given), KP_FIELD_DUP(client_row, family),
                                    KP_FIELD_DUP(client_row, birth), KP_FIELD_DUP(client_row, municipality),
                                    KP_FIELD_DUP(client_row, target_group)};
static const kp_shape CLIENT = KP_SHAPE(client_row, CLIENT_F);

kp_rc kp_q_case_doc_client(kp_store *st, int64_t client, kp_doc_client *out, bool *found)
{
    client_row r;
    kp_param p[] = {KP_PINT(client)};
    kp_rc rc = kp_rows_one(st,
                           "SELECT c.given_name, c.family_name, c.birth_date, m.name_lv, t.name_lv FROM client c"
                           " JOIN municipality m ON m.id = c.municipality_id"
                           " JOIN target_group t ON t.code = c.target_group WHERE c.id = ?",
                           p, 1, &CLIENT, &r, found);
    if (rc || !*found)
        return rc;
    copy(out->given_name, sizeof out->given_name, r.given);
    copy(out->family_name, sizeof out->family_name, r.family);
    copy(out->birth_date, sizeof out->birth_date, r.birth);
    copy(out->municipality, sizeof out->municipality, r.municipality);
    copy(out->target_group, sizeof out->target_group, r.target_group);
    kp_row_release(&CLIENT, &r);
    return KP_OK;
}

typedef struct plan_row {
    int64_t client, version;
    char *status, *goals, *review_on, *created_on, *approved_on;
} plan_row;
static const kp_field PLAN_F[] = {KP_FIELD(plan_row, client),         KP_FIELD(plan_row, version),
                                  KP_FIELD_DUP(plan_row, status),     KP_FIELD_DUP(plan_row, goals),
                                  KP_FIELD_DUP(plan_row, review_on),  KP_FIELD_DUP(plan_row, created_on),
                                  KP_FIELD_DUP(plan_row, approved_on)};
static const kp_shape PLAN = KP_SHAPE(plan_row, PLAN_F);

kp_rc kp_q_case_doc_plan(kp_store *st, int64_t plan, kp_doc_plan *out, int64_t *client, bool *found)
{
    plan_row r;
    kp_param p[] = {KP_PINT(plan)};
    kp_rc rc = kp_rows_one(st,
                           "SELECT client_id, version, status, goals, COALESCE(review_on, ''), created_on,"
                           " COALESCE(approved_on, '') FROM support_plan WHERE id = ?",
                           p, 1, &PLAN, &r, found);
    if (rc || !*found)
        return rc;
    *client = r.client;
    out->version = r.version;
    copy(out->status, sizeof out->status, r.status);
    copy(out->goals, sizeof out->goals, r.goals);
    copy(out->review_on, sizeof out->review_on, r.review_on);
    copy(out->created_on, sizeof out->created_on, r.created_on);
    copy(out->approved_on, sizeof out->approved_on, r.approved_on);
    kp_row_release(&PLAN, &r);
    return KP_OK;
}

typedef struct item_row {
    char *service, *unit;
    int64_t volume;
    char *provider, *start, *end, *goal;
} item_row;
static const kp_field ITEM_F[] = {KP_FIELD_DUP(item_row, service),  KP_FIELD_DUP(item_row, unit),
                                  KP_FIELD(item_row, volume),       KP_FIELD_DUP(item_row, provider),
                                  KP_FIELD_DUP(item_row, start),    KP_FIELD_DUP(item_row, end),
                                  KP_FIELD_DUP(item_row, goal)};
static const kp_shape ITEM = KP_SHAPE(item_row, ITEM_F);

typedef struct items_arg {
    kp_doc_plan *out;
    size_t cap;
} items_arg;

static kp_rc add_item(void *row, void *arg)
{
    const item_row *r = row;
    items_arg *a = arg;
    kp_doc_plan *out = a->out;
    if (out->nitems == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        out->items = kp_xrealloc(out->items, a->cap * sizeof *out->items);
    }
    kp_doc_plan_item *it = &out->items[out->nitems++];
    memset(it, 0, sizeof *it);
    copy(it->service, sizeof it->service, r->service);
    copy(it->unit, sizeof it->unit, r->unit);
    it->volume = r->volume;
    copy(it->provider, sizeof it->provider, r->provider);
    copy(it->start, sizeof it->start, r->start);
    copy(it->end, sizeof it->end, r->end);
    copy(it->goal, sizeof it->goal, r->goal);
    return KP_OK;
}

kp_rc kp_q_case_doc_plan_items(kp_store *st, int64_t plan, kp_doc_plan *out)
{
    item_row r;
    items_arg a = {.out = out, .cap = out->nitems};
    kp_param p[] = {KP_PINT(plan)};
    return kp_rows_each(st,
                        "SELECT st.name_lv, st.unit, i.volume, COALESCE(p.name, ''), i.start_date, i.end_date, i.goal"
                        " FROM plan_item i JOIN service_type st ON st.code = i.service_code"
                        " LEFT JOIN provider p ON p.id = i.provider_id WHERE i.plan_id = ? ORDER BY i.id",
                        p, 1, &ITEM, &r, add_item, &a);
}

typedef struct assignment_row {
    int64_t client;
    char *service, *unit, *provider, *reg_no, *address, *start, *end, *decided_on;
    int64_t units, hours;
    char *mode;
    int esf;
    char *status;
    int64_t plan_version, provider_id;
    char *cancelled_from, *granted_end;
} assignment_row;
static const kp_field ASSIGNMENT_F[] = {
    KP_FIELD(assignment_row, client),           KP_FIELD_DUP(assignment_row, service),
    KP_FIELD_DUP(assignment_row, unit),         KP_FIELD_DUP(assignment_row, provider),
    KP_FIELD_DUP(assignment_row, reg_no),       KP_FIELD_DUP(assignment_row, address),
    KP_FIELD_DUP(assignment_row, start),        KP_FIELD_DUP(assignment_row, end),
    KP_FIELD_DUP(assignment_row, decided_on),   KP_FIELD(assignment_row, units),
    KP_FIELD(assignment_row, hours),            KP_FIELD_DUP(assignment_row, mode),
    KP_FIELD(assignment_row, esf),              KP_FIELD_DUP(assignment_row, status),
    KP_FIELD(assignment_row, plan_version),     KP_FIELD(assignment_row, provider_id),
    KP_FIELD_DUP(assignment_row, cancelled_from), KP_FIELD_DUP(assignment_row, granted_end)};
static const kp_shape ASSIGNMENT = KP_SHAPE(assignment_row, ASSIGNMENT_F);

kp_rc kp_q_case_doc_assignment(kp_store *st, int64_t assignment, const char *today, kp_doc_assignment *out,
                          int64_t *client, int64_t *provider, bool *found)
{
    assignment_row r;
    kp_param p[] = {KP_PINT(assignment), KP_PTEXT(today)};
    kp_rc rc = kp_rows_one(
        st,
        "SELECT a.client_id, st.name_lv, st.unit, COALESCE(p.name, ''), COALESCE(p.reg_no, ''),"
        " COALESCE((SELECT f.address FROM facility f WHERE f.provider_id = p.id ORDER BY f.id LIMIT 1), ''),"
        " a.start_date, a.end_date, a.decided_on, a.units, COALESCE(a.hours_per_week, 0), COALESCE(a.mode, ''),"
        " a.esf_funded, " KP_ASSIGNMENT_STATUS_SQL("a", "?2") ", COALESCE(sp.version, 0), COALESCE(a.provider_id, 0),"
        " COALESCE(a.cancelled_from, ''), COALESCE(a.granted_end_date, '')"
        " FROM assignment a JOIN service_type st ON st.code = a.service_code"
        " LEFT JOIN provider p ON p.id = a.provider_id LEFT JOIN plan_item i ON i.id = a.plan_item_id"
        " LEFT JOIN support_plan sp ON sp.id = i.plan_id WHERE a.id = ?1",
        p, 2, &ASSIGNMENT, &r, found);
    if (rc || !*found)
        return rc;
    *client = r.client;
    *provider = r.provider_id;
    copy(out->service, sizeof out->service, r.service);
    copy(out->unit, sizeof out->unit, r.unit);
    copy(out->provider, sizeof out->provider, r.provider);
    copy(out->provider_reg_no, sizeof out->provider_reg_no, r.reg_no);
    copy(out->provider_address, sizeof out->provider_address, r.address);
    copy(out->start, sizeof out->start, r.start);
    copy(out->end, sizeof out->end, r.end);
    copy(out->decided_on, sizeof out->decided_on, r.decided_on);
    out->units = r.units;
    out->hours_per_week = r.hours;
    copy(out->mode, sizeof out->mode, r.mode);
    out->esf_funded = r.esf;
    copy(out->status, sizeof out->status, r.status);
    out->plan_version = r.plan_version;
    copy(out->cancelled_from, sizeof out->cancelled_from, r.cancelled_from);
    copy(out->granted_end, sizeof out->granted_end, r.granted_end);
    kp_row_release(&ASSIGNMENT, &r);
    return KP_OK;
}

kp_rc kp_q_case_doc_municipality_by_atvk(kp_store *st, const char *atvk, int64_t *muni)
{
    kp_param mp[] = {KP_PTEXT(atvk)};
    return kp_sql_int(st, "SELECT id FROM municipality WHERE atvk = ?", mp, 1, 0, muni);
}

kp_rc kp_q_case_doc_municipality_name(kp_store *st, int64_t muni, char *out, size_t len)
{
    kp_param p[] = {KP_PINT(muni)};
    return kp_sql_text(st, "SELECT name_lv FROM municipality WHERE id = ?", p, 1, out, len);
}

kp_rc kp_q_case_doc_provider(kp_store *st, int64_t provider, kp_doc_statement *out)
{
    kp_param pp[] = {KP_PINT(provider)};
    kp_rc rc = kp_sql_text(st, "SELECT name FROM provider WHERE id = ?", pp, 1, out->provider, sizeof out->provider);
    if (!rc && out->provider[0])
        rc = kp_sql_text(st, "SELECT reg_no FROM provider WHERE id = ?", pp, 1, out->provider_reg_no,
                         sizeof out->provider_reg_no);
    return rc;
}

typedef struct line_row {
    int64_t municipality;
    char *client, *service, *unit, *delivered_on;
    int64_t units;
    int confirmed;
    int64_t client_id;
} line_row;
static const kp_field LINE_F[] = {KP_FIELD(line_row, municipality),   KP_FIELD_DUP(line_row, client),
                                  KP_FIELD_DUP(line_row, service),     KP_FIELD_DUP(line_row, unit),
                                  KP_FIELD_DUP(line_row, delivered_on), KP_FIELD(line_row, units),
                                  KP_FIELD(line_row, confirmed),       KP_FIELD(line_row, client_id)};
static const kp_shape LINE = KP_SHAPE(line_row, LINE_F);

typedef struct lines_arg {
    kp_q_case_doc_line_fn fn;
    void *arg;
} lines_arg;

static kp_rc each_line(void *row, void *arg)
{
    const line_row *r = row;
    const lines_arg *a = arg;
    kp_doc_statement_line l;
    memset(&l, 0, sizeof l);
    copy(l.client, sizeof l.client, r->client);
    copy(l.service, sizeof l.service, r->service);
    copy(l.unit, sizeof l.unit, r->unit);
    copy(l.delivered_on, sizeof l.delivered_on, r->delivered_on);
    l.units = r->units;
    l.confirmed = r->confirmed;
    l.client_id = r->client_id;
    return a->fn(&l, r->municipality, a->arg);
}

kp_rc kp_q_case_doc_statement_lines(kp_store *st, int64_t provider, const char *from, const char *to, kp_q_case_doc_line_fn fn,
                               void *arg)
{
    if (!fn)
        return KP_EINVAL;
    line_row r;
    lines_arg a = {.fn = fn, .arg = arg};
    kp_param q[] = {KP_PINT(provider), KP_PTEXT(from), KP_PTEXT(to)};
    return kp_rows_each(st,
                        "SELECT c.municipality_id, c.family_name || ' ' || c.given_name, st.name_lv, st.unit,"
                        " d.delivered_on, d.units, d.confirmed, c.id FROM delivery d"
                        " JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id"
                        " JOIN service_type st ON st.code = a.service_code"
                        " WHERE a.provider_id = ? AND d.delivered_on BETWEEN ? AND ?"
                        " ORDER BY d.delivered_on, c.family_name, c.given_name, d.id",
                        q, 3, &LINE, &r, each_line, &a);
}
