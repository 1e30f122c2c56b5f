/* The plan aggregate's SQL (plan_sql.h): assessments, support plans, plan
 * items. */
#include "service/casework/plan_sql.h"
#include "service/rows.h"
#include "service/casework/services.h"

kp_rc kp_q_plan_assessment_client_birth(kp_store *st, int64_t client, char *out, size_t len)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_text(st, "SELECT birth_date FROM client WHERE id = ?", p, 1, out, len);
}

kp_rc kp_q_plan_assessment_round_taken(kp_store *st, int64_t client, int64_t round, bool *taken)
{
    kp_param p[] = {KP_PINT(client), KP_PINT(round)};
    return kp_sql_exists(st, "SELECT 1 FROM assessment WHERE client_id = ? AND round = ?", p, 2, taken);
}

kp_rc kp_q_plan_assessment_insert(kp_store *st, int64_t id, int64_t client, int64_t round, const char *assessed_on,
                             const char *place, const char *assessor, int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(client), KP_PINT(round), KP_PTEXT(assessed_on), KP_PTEXT(place),
                    KP_PTEXT(assessor ? assessor : "")};
    return kp_sql_insert(st,
                         "INSERT INTO assessment(id, client_id, round, assessed_on, place, assessor)"
                         " VALUES (?, ?, ?, ?, ?, COALESCE(?, ''))",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_plan_assessment_need_insert(kp_store *st, int64_t assessment, const char *service)
{
    kp_param q[] = {KP_PINT(assessment), KP_PTEXT(service)};
    return kp_sql_exec(st, "INSERT INTO assessment_need(assessment_id, service_code) VALUES (?, ?)", q, 2);
}

kp_rc kp_q_plan_assessment_count(kp_store *st, int64_t client, int64_t *n)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM assessment WHERE client_id = ?", p, 1, 0, n);
}

static const kp_field PLAN_F[] = {KP_FIELD(kp_q_plan, client), KP_FIELD(kp_q_plan, status),
                                  KP_FIELD(kp_q_plan, review_on), KP_FIELD(kp_q_plan, created_on)};
static const kp_shape PLAN = KP_SHAPE(kp_q_plan, PLAN_F);

kp_rc kp_q_plan_by_id(kp_store *st, int64_t plan, kp_q_plan *out)
{
    bool found = false;
    kp_param p[] = {KP_PINT(plan)};
    return kp_rows_one(st, "SELECT client_id, status, COALESCE(review_on, ''), created_on FROM support_plan WHERE id = ?", p, 1,
                       &PLAN, out, &found);
}

kp_rc kp_q_plan_client(kp_store *st, int64_t plan, int64_t *client)
{
    kp_param p[] = {KP_PINT(plan)};
    return kp_sql_int(st, "SELECT client_id FROM support_plan WHERE id = ?", p, 1, 0, client);
}

kp_rc kp_q_plan_version_taken(kp_store *st, int64_t client, int64_t version, bool *taken)
{
    kp_param p[] = {KP_PINT(client), KP_PINT(version)};
    return kp_sql_exists(st, "SELECT 1 FROM support_plan WHERE client_id = ? AND version = ?", p, 2, taken);
}

kp_rc kp_q_plan_next_version(kp_store *st, int64_t client, int64_t *version)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st, "SELECT COALESCE(MAX(version), 0) + 1 FROM support_plan WHERE client_id = ?", p, 1, 1,
                      version);
}

kp_rc kp_q_plan_insert(kp_store *st, int64_t id, int64_t client, int64_t version, const char *status,
                       const char *goals, const char *review_on, const char *created_on, const char *approved_on,
                       int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id),       KP_PINT(client),       KP_PINT(version),
                    KP_PTEXT(status),  KP_PTEXT(goals),       KP_PTEXT(review_on),
                    KP_PTEXT(created_on), KP_PTEXT(approved_on)};
    return kp_sql_insert(st,
                         "INSERT INTO support_plan(id, client_id, version, status, goals, review_on, created_on, approved_on)"
                         " VALUES (?, ?, ?, ?, COALESCE(?, ''), ?, ?, ?)",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_plan_count_approved(kp_store *st, int64_t client, int64_t *n)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM support_plan WHERE client_id = ? AND status = 'approved'", p, 1, 0, n);
}

kp_rc kp_q_plan_count_approved_undated(kp_store *st, int64_t client, int64_t *n)
{
    kp_param p[] = {KP_PINT(client)};
    return kp_sql_int(st,
                      "SELECT COUNT(*) FROM support_plan WHERE client_id = ? AND status = 'approved'"
                      " AND COALESCE(review_on, '') = ''",
                      p, 1, 0, n);
}

kp_rc kp_q_plan_supersede_approved(kp_store *st, int64_t client)
{
    kp_param q[] = {KP_PINT(client)};
    return kp_sql_exec(st, "UPDATE support_plan SET status = 'superseded' WHERE client_id = ? AND status = 'approved'",
                       q, 1);
}

kp_rc kp_q_plan_set_approved(kp_store *st, int64_t plan, const char *approved_on)
{
    kp_param r[] = {KP_PTEXT(approved_on), KP_PINT(plan)};
    return kp_sql_exec(st, "UPDATE support_plan SET status = 'approved', approved_on = ? WHERE id = ?", r, 2);
}

kp_rc kp_q_plan_item_insert(kp_store *st, int64_t id, int64_t plan, const char *service, const char *volume,
                            int64_t provider, const char *start_date, const char *end_date, const char *goal,
                            int64_t *id_out)
{
    kp_param p[] = {KP_PREF(id), KP_PINT(plan), KP_PTEXT(service), KP_PTEXT(volume), KP_PREF(provider),
                    KP_PTEXT(start_date), KP_PTEXT(end_date), KP_PTEXT(goal)};
    return kp_sql_insert(st,
                         "INSERT INTO plan_item(id, plan_id, service_code, volume, provider_id, start_date, end_date, goal)"
                         " VALUES (?, ?, ?, CAST(? AS INTEGER), ?, ?, ?, COALESCE(?, ''))",
                         p, KP_NPARAMS(p), id_out);
}

kp_rc kp_q_plan_item_count(kp_store *st, int64_t plan, int64_t *n)
{
    kp_param p[] = {KP_PINT(plan)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM plan_item WHERE plan_id = ?", p, 1, 0, n);
}

kp_rc kp_q_plan_item_client(kp_store *st, int64_t item, int64_t *client)
{
    kp_param p[] = {KP_PINT(item)};
    return kp_sql_int(st, "SELECT p.client_id FROM plan_item i JOIN support_plan p ON p.id = i.plan_id WHERE i.id = ?",
                      p, 1, 0, client);
}

kp_rc kp_q_plan_update_draft(kp_store *st, int64_t plan, const char *goals, const char *review_on)
{
    kp_param q[] = {KP_PTEXT(goals), KP_PTEXT(review_on), KP_PINT(plan)};
    return kp_sql_exec(st, "UPDATE support_plan SET goals = COALESCE(?, ''), review_on = ? WHERE id = ?", q, 3);
}

kp_rc kp_q_plan_items_delete(kp_store *st, int64_t plan)
{
    kp_param p[] = {KP_PINT(plan)};
    return kp_sql_exec(st, "DELETE FROM plan_item WHERE plan_id = ?", p, 1);
}

kp_rc kp_q_plan_status_text(kp_store *st, int64_t plan, const char *day, char *out, size_t len)
{
    kp_param p[] = {KP_PTEXT(day), KP_PINT(plan)};
    return kp_sql_text(st, "SELECT COALESCE(" KP_PLAN_STATUS_SQL("p", "?1") ", '') FROM support_plan p WHERE p.id = ?2",
                       p, 2, out, len);
}

static const kp_field ENDING_F[] = {KP_FIELD(kp_q_plan_ending, status), KP_FIELD(kp_q_plan_ending, approved_on),
                                    KP_FIELD(kp_q_plan_ending, ended_on)};
static const kp_shape ENDING = KP_SHAPE(kp_q_plan_ending, ENDING_F);

kp_rc kp_q_plan_ending_of(kp_store *st, int64_t plan, kp_q_plan_ending *out)
{
    bool found = false;
    kp_param p[] = {KP_PINT(plan)};
    return kp_rows_one(st,
                       "SELECT status, COALESCE(approved_on, ''), COALESCE(ended_on, '') FROM support_plan WHERE id = ?",
                       p, 1, &ENDING, out, &found);
}

kp_rc kp_q_plan_set_ended(kp_store *st, int64_t plan, const char *on, const char *reason)
{
    kp_param q[] = {KP_PTEXT(on), KP_PTEXT(reason), KP_PINT(plan)};
    return kp_sql_exec(st, "UPDATE support_plan SET ended_on = ?, end_reason = ? WHERE id = ?", q, 3);
}
