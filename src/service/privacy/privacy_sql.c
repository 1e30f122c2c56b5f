/* The privacy aggregate's SQL (see privacy_sql.h). */
#include "service/privacy/privacy_sql.h"
#include "service/rows.h"
#include "service/sql.h"
#include "core/mem.h"
#include <stdlib.h>
#include <string.h>

/* ---- restriction ---- */

kp_rc kp_q_restriction_open(kp_store *st, int64_t client_id, int64_t *id)
{
    kp_param p[] = {KP_PINT(client_id)};
    return kp_sql_int(st, "SELECT id FROM client_restriction WHERE client_id = ? AND lifted_at IS NULL", p, 1, 0, id);
}

static const kp_field RESTRICTION_F[] = {KP_FIELD(kp_restriction, id), KP_FIELD(kp_restriction, reason),
                                         KP_FIELD(kp_restriction, at), KP_FIELD(kp_restriction, by)};
static const kp_shape RESTRICTION = KP_SHAPE(kp_restriction, RESTRICTION_F);

kp_rc kp_q_restriction_of(kp_store *st, int64_t client_id, kp_restriction *out, bool *found)
{
    kp_param p[] = {KP_PINT(client_id)};
    return kp_rows_one(st,
                       "SELECT id, reason, restricted_at, restricted_by FROM client_restriction"
                       " WHERE client_id = ? AND lifted_at IS NULL",
                       p, 1, &RESTRICTION, out, found);
}

kp_rc kp_q_restriction_insert(kp_store *st, int64_t client_id, const char *reason, const char *at, const char *by,
                              int64_t *id)
{
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(reason), KP_PTEXT(at), KP_PTEXT(by)};
    return kp_sql_insert(st,
                         "INSERT INTO client_restriction(client_id, reason, restricted_at, restricted_by)"
                         " VALUES (?, ?, ?, ?)",
                         p, 4, id);
}

kp_rc kp_q_restriction_lift(kp_store *st, int64_t id, const char *at, const char *by, const char *reason)
{
    kp_param p[] = {KP_PTEXT(at), KP_PTEXT(by), KP_PTEXT(reason), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE client_restriction SET lifted_at = ?, lifted_by = ?, lift_reason = ?"
                           " WHERE id = ?",
                       p, 4);
}

/* ---- legal basis and consent ---- */

static const kp_field PREV_F[] = {
    KP_FIELD(kp_q_basis_prev, id), KP_FIELD(kp_q_basis_prev, art6), KP_FIELD(kp_q_basis_prev, art9),
    KP_FIELD(kp_q_basis_prev, consent_given_on), KP_FIELD(kp_q_basis_prev, consent_withdrawn_on)};
static const kp_shape PREV = KP_SHAPE(kp_q_basis_prev, PREV_F);

kp_rc kp_q_basis_current(kp_store *st, int64_t client_id, const char *purpose, kp_q_basis_prev *out, bool *found)
{
    if (!purpose)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id), {.t = KP_P_TEXT, .s = purpose}};
    return kp_rows_one(st,
                       "SELECT id, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                       " COALESCE(consent_withdrawn_on, '') FROM client_legal_basis"
                       " WHERE client_id = ? AND purpose = ? AND superseded_at IS NULL",
                       p, 2, &PREV, out, found);
}

kp_rc kp_q_basis_supersede(kp_store *st, int64_t id, const char *at)
{
    kp_param p[] = {KP_PTEXT(at), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE client_legal_basis SET superseded_at = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_basis_insert(kp_store *st, const kp_q_basis_new *in, int64_t *id)
{
    if (!in)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(in->client_id),         KP_PTEXT(in->purpose),     KP_PTEXT(in->art6),
                    KP_PTEXT(in->art9),             KP_PTEXT(in->consent_given_on), KP_PTEXT(in->consent_withdrawn_on),
                    KP_PTEXT(in->note),             KP_PTEXT(in->recorded_by), KP_PTEXT(in->recorded_at)};
    /* KP_PTEXT binds NULL for blank text: note is NOT NULL, hence COALESCE. */
    return kp_sql_insert(st,
                         "INSERT INTO client_legal_basis(client_id, purpose, art6, art9, consent_given_on,"
                         " consent_withdrawn_on, note, recorded_by, recorded_at)"
                         " VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?, ?)",
                         p, 9, id);
}

static const kp_field BASIS_F[] = {
    KP_FIELD(kp_basis, id),          KP_FIELD(kp_basis, purpose),          KP_FIELD(kp_basis, art6),
    KP_FIELD(kp_basis, art9),        KP_FIELD(kp_basis, consent_given_on), KP_FIELD(kp_basis, consent_withdrawn_on),
    KP_FIELD(kp_basis, note),        KP_FIELD(kp_basis, recorded_by),      KP_FIELD(kp_basis, recorded_at),
};
static const kp_shape BASIS = KP_SHAPE(kp_basis, BASIS_F);

kp_rc kp_q_bases_of(kp_store *st, int64_t client_id, kp_bases *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    return KP_ROWS_ALL(st,
                       "SELECT id, purpose, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                       " COALESCE(consent_withdrawn_on, ''), note, recorded_by, recorded_at"
                       " FROM client_legal_basis WHERE client_id = ? AND superseded_at IS NULL ORDER BY purpose",
                       p, 1, &BASIS, out);
}

/* A row of the card's statement: kind 'r' (the restriction: id, reason,
 * at, by) or 'b' (a basis: its nine columns). */
typedef struct card_row {
    char kind[2];
    int64_t id;
    char c2[1024];                /* reason (≤ 1000) or purpose */
    char c3[24];                  /* restricted_at or art6 */
    char c4[65];                  /* restricted_by or art9 */
    char c5[11], c6[11];          /* consent given and withdrawn */
    char note[1024];
    char recorded_by[65], recorded_at[24];
} card_row;
static const kp_field CARD_F[] = {
    KP_FIELD(card_row, kind), KP_FIELD(card_row, id), KP_FIELD(card_row, c2),          KP_FIELD(card_row, c3),
    KP_FIELD(card_row, c4),   KP_FIELD(card_row, c5), KP_FIELD(card_row, c6),          KP_FIELD(card_row, note),
    KP_FIELD(card_row, recorded_by), KP_FIELD(card_row, recorded_at),
};
static const kp_shape CARD = KP_SHAPE(card_row, CARD_F);

typedef struct card_out {
    kp_restriction *restriction;
    kp_bases *bases;
} card_out;

/* Copies src into a field of n bytes; a value too long for it is refused. */
static kp_rc put(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n)
        return KP_ETOOBIG;
    memcpy(dst, src, len + 1);
    return KP_OK;
}

static kp_rc card_add(void *row, void *arg)
{
    const card_row *r = row;
    card_out *o = arg;
    kp_rc rc = KP_OK;
    if (strcmp(r->kind, "r") == 0) {
        kp_restriction *x = o->restriction;
        x->active = true;
        x->id = r->id;
        rc = put(x->reason, sizeof x->reason, r->c2);
        if (!rc)
            rc = put(x->at, sizeof x->at, r->c3);
        if (!rc)
            rc = put(x->by, sizeof x->by, r->c4);
        return rc;
    }
    kp_bases *out = o->bases;
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 8;
        out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    kp_basis *b = &out->items[out->n];
    memset(b, 0, sizeof *b);
    b->id = r->id;
    rc = put(b->purpose, sizeof b->purpose, r->c2);
    if (!rc)
        rc = put(b->art6, sizeof b->art6, r->c3);
    if (!rc)
        rc = put(b->art9, sizeof b->art9, r->c4);
    if (!rc)
        rc = put(b->consent_given_on, sizeof b->consent_given_on, r->c5);
    if (!rc)
        rc = put(b->consent_withdrawn_on, sizeof b->consent_withdrawn_on, r->c6);
    if (!rc)
        rc = put(b->note, sizeof b->note, r->note);
    if (!rc)
        rc = put(b->recorded_by, sizeof b->recorded_by, r->recorded_by);
    if (!rc)
        rc = put(b->recorded_at, sizeof b->recorded_at, r->recorded_at);
    if (!rc)
        out->n++;
    return rc;
}

kp_rc kp_q_privacy_card(kp_store *st, int64_t client_id, kp_restriction *restriction, kp_bases *bases)
{
    if (!restriction || !bases)
        return KP_EINVAL;
    card_out o = {restriction, bases};
    card_row *row = kp_xmalloc(sizeof *row);
    kp_param p[] = {KP_PINT(client_id)};
    kp_rc rc = kp_rows_each(st,
                            "SELECT 'r', id, reason, restricted_at, restricted_by, '', '', '', '', '', ''"
                            " FROM client_restriction WHERE client_id = ?1 AND lifted_at IS NULL"
                            " UNION ALL"
                            " SELECT 'b', id, purpose, art6, COALESCE(art9, ''), COALESCE(consent_given_on, ''),"
                            " COALESCE(consent_withdrawn_on, ''), note, recorded_by, recorded_at, purpose"
                            " FROM client_legal_basis WHERE client_id = ?1 AND superseded_at IS NULL"
                            " ORDER BY 1 DESC, 11",
                            p, 1, &CARD, row, card_add, &o);
    free(row);
    return rc;
}

/* ---- retention ---- */

static const kp_field DUE_F[] = {KP_FIELD(kp_q_due, client_id), KP_FIELD(kp_q_due, closed_on),
                                 KP_FIELD(kp_q_due, restricted), KP_FIELD(kp_q_due, representative),
                                 KP_FIELD(kp_q_due, pseudonymised)};
static const kp_shape DUE = KP_SHAPE(kp_q_due, DUE_F);

kp_rc kp_q_retention_due(kp_store *st, const char *closed_before, const char *at, kp_q_dues *out)
{
    if (!closed_before || !at || !out)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = closed_before}, {.t = KP_P_TEXT, .s = at}};
    return KP_ROWS_ALL(st,
                       "SELECT v.client_id, v.valid_from,"
                       " EXISTS (SELECT 1 FROM client_restriction r WHERE r.client_id = v.client_id AND r.lifted_at IS NULL),"
                       " EXISTS (SELECT 1 FROM client_representative cr JOIN client_version o ON o.client_id = cr.client_id"
                       "   AND o.valid_to IS NULL AND o.case_status = 'open'"
                       "   WHERE cr.representative_id = v.client_id AND (cr.valid_to IS NULL OR cr.valid_to >= ?2)),"
                       " EXISTS (SELECT 1 FROM client_pseudonymised p WHERE p.client_id = v.client_id)"
                       " FROM client_version v WHERE v.valid_to IS NULL AND v.case_status = 'closed' AND v.valid_from <= ?1"
                       " ORDER BY v.client_id",
                       p, 2, &DUE, out);
}

/* What pseudonymising one client replaces and erases; the records the
 * figures count (dates, services, municipalities, target groups, units)
 * stay as they were. */
static const char *const PSEUDONYMISE[] = {
    "UPDATE client SET given_name = 'Pseidonimizēts', family_name = 'P-' || id WHERE id = ?1",
    "UPDATE client_version SET given_name = 'Pseidonimizēts', family_name = 'P-' || client_id, closed_note = '',"
    " correct_reason = '', move_reason = '', reopen_reason = '' WHERE client_id = ?1",
    "DELETE FROM personal_code WHERE client_id = ?1",
    "UPDATE client_contact SET note = '' WHERE client_id = ?1",
    "UPDATE client_task SET what = '' WHERE client_id = ?1",
    "UPDATE support_plan SET goals = '' WHERE client_id = ?1",
    "UPDATE plan_item SET goal = '' WHERE plan_id IN (SELECT id FROM support_plan WHERE client_id = ?1)",
    "UPDATE assignment_suspension SET reason = '' WHERE assignment_id IN"
    " (SELECT id FROM assignment WHERE client_id = ?1)",
    "UPDATE client_legal_basis SET note = '' WHERE client_id = ?1",
    /* The history keeps what happened and which fields changed, not the
     * values or the free-text reasons. */
    "UPDATE audit SET reason = '' WHERE client_id = ?1",
    "INSERT INTO client_pseudonymised(client_id, rule, at, by) VALUES (?1, 'closed_case', ?2, ?3)",
};

kp_rc kp_q_pseudonymise(kp_store *st, int64_t client_id, const char *at, const char *by)
{
    kp_rc rc = KP_OK;
    kp_param p[] = {KP_PINT(client_id), KP_PTEXT(at), KP_PTEXT(by)};
    size_t n = sizeof PSEUDONYMISE / sizeof PSEUDONYMISE[0];
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_sql_exec(st, PSEUDONYMISE[i], p, i + 1 == n ? 3 : 1);
    return rc;
}

/* ---- the subject access export ---- */

static const char *const EXPORT_SQL[KP_Q_EXPORT_PARTS] = {
    [KP_Q_EXPORT_CLIENT] =
        "SELECT c.id, c.given_name, c.family_name, c.birth_date, m.atvk AS municipality_atvk,"
        " m.name_lv AS municipality, c.target_group, c.disability_group, c.special_care_from, c.parents_working,"
        " c.registered_on FROM client c JOIN municipality m ON m.id = c.municipality_id WHERE c.id = ?",
    [KP_Q_EXPORT_VERSIONS] =
        "SELECT v.id, v.valid_from, v.valid_to, v.given_name, v.family_name, v.birth_date, m.name_lv AS"
        " municipality, v.target_group, v.disability_group, v.special_care_from, v.parents_working,"
        " v.case_status, v.closed_reason, v.closed_note, v.correct_reason, v.move_reason, v.reopen_reason"
        " FROM client_version v JOIN municipality m ON m.id = v.municipality_id WHERE v.client_id = ?"
        " ORDER BY v.valid_from, v.id",
    [KP_Q_EXPORT_RESIDENCES] =
        "SELECT r.id, r.kind, m.name_lv AS municipality, r.start_date, r.end_date FROM residence r"
        " LEFT JOIN municipality m ON m.id = r.municipality_id WHERE r.client_id = ?"
        " ORDER BY r.start_date, r.id",
    [KP_Q_EXPORT_ASSESSMENTS] = "SELECT id, round, assessed_on, place, assessor FROM assessment WHERE client_id = ?"
                                " ORDER BY assessed_on, id",
    [KP_Q_EXPORT_NEEDS] = "SELECT service_code FROM assessment_need WHERE assessment_id = ? ORDER BY service_code",
    [KP_Q_EXPORT_SUPPORT_PLANS] =
        "SELECT id, version, status, goals, review_on, created_on, approved_on FROM support_plan"
        " WHERE client_id = ? ORDER BY version",
    [KP_Q_EXPORT_PLAN_ITEMS] =
        "SELECT i.id, i.service_code, i.volume, p.name AS provider, i.start_date, i.end_date, i.goal"
        " FROM plan_item i LEFT JOIN provider p ON p.id = i.provider_id WHERE i.plan_id = ?"
        " ORDER BY i.id",
    [KP_Q_EXPORT_ASSIGNMENTS] =
        "SELECT a.id, a.plan_item_id, a.service_code, p.name AS provider, a.start_date,"
        " a.end_date, a.units, a.hours_per_week, a.mode, a.decided_on, a.esf_funded, a.status"
        " FROM assignment a LEFT JOIN provider p ON p.id = a.provider_id WHERE a.client_id = ?"
        " ORDER BY a.start_date, a.id",
    [KP_Q_EXPORT_SUSPENSIONS] = "SELECT id, start_date, end_date, reason, withdrawn FROM assignment_suspension"
                                " WHERE assignment_id = ? ORDER BY start_date, id",
    [KP_Q_EXPORT_DELIVERIES] = "SELECT id, delivered_on, units, confirmed FROM delivery WHERE assignment_id = ?"
                               " ORDER BY delivered_on, id",
    [KP_Q_EXPORT_CLAIM_LINES] =
        "SELECT id, claim_id, delivery_id, service_code, delivered_on, units, amount_cents, status"
        " FROM claim_line WHERE client_id = ? ORDER BY delivered_on, id",
    [KP_Q_EXPORT_CONTACTS] = "SELECT id, kind, contact_on, note, recorded_by, recorded_at FROM client_contact"
                             " WHERE client_id = ? ORDER BY contact_on, id",
    [KP_Q_EXPORT_TASKS] =
        "SELECT id, what, due_on, assigned_to, created_by, created_at, done_on, done_by FROM client_task"
        " WHERE client_id = ? ORDER BY due_on, id",
    [KP_Q_EXPORT_REPRESENTATIVES] =
        "SELECT r.id, r.representative_id, r.kind, r.valid_from, r.valid_to, c.given_name, c.family_name"
        " FROM client_representative r JOIN client c ON c.id = r.representative_id WHERE r.client_id = ?"
        " ORDER BY r.valid_from, r.id",
    [KP_Q_EXPORT_REPRESENTED] =
        "SELECT r.id, r.client_id AS represented_id, r.kind, r.valid_from, r.valid_to, c.given_name, c.family_name"
        " FROM client_representative r JOIN client c ON c.id = r.client_id WHERE r.representative_id = ?"
        " ORDER BY r.valid_from, r.id",
    [KP_Q_EXPORT_WORKER] = "SELECT w.* FROM client_worker w WHERE w.client_id = ?",
    [KP_Q_EXPORT_LEGAL_BASES] =
        "SELECT id, purpose, art6, art9, consent_given_on, consent_withdrawn_on, note, recorded_by,"
        " recorded_at, superseded_at FROM client_legal_basis WHERE client_id = ?"
        " ORDER BY purpose, id",
    [KP_Q_EXPORT_RESTRICTIONS] = "SELECT id, reason, restricted_at, restricted_by, lifted_at, lifted_by, lift_reason"
                                 " FROM client_restriction WHERE client_id = ? ORDER BY id",
    [KP_Q_EXPORT_DOCUMENTS] = "SELECT at, actor, role, entity, entity_id FROM access_log WHERE client_id = ?"
                              " AND detail = 'document' ORDER BY at, id",
    [KP_Q_EXPORT_HISTORY] =
        "SELECT id, at, actor, role, action, entity, entity_id, effective_on, reason, changes, detail"
        " FROM audit WHERE client_id = ? ORDER BY at, id",
    [KP_Q_EXPORT_ACCESS] = "SELECT at, actor, role, action, entity, entity_id, detail FROM access_log WHERE client_id = ?"
                           " ORDER BY at, id",
};

/* Columns whose values are whole numbers; every other column is text. */
static bool int_column(const char *name)
{
    static const char *const INTS[] = {"units", "volume", "version", "round", "hours_per_week", "disability_group",
                                       "parents_working", "esf_funded", "confirmed", "check_warning", "line_no",
                                       "unit_cost_cents", "amount_cents", "withdrawn", NULL};
    size_t n = strlen(name);
    if (strcmp(name, "id") == 0 || (n > 3 && strcmp(name + n - 3, "_id") == 0))
        return true;
    for (size_t i = 0; INTS[i]; i++)
        if (strcmp(name, INTS[i]) == 0)
            return true;
    return false;
}

kp_rc kp_q_export_rows(kp_store *st, kp_q_export_part part, int64_t id, json_t *arr)
{
    if ((int)part < 0 || part >= KP_Q_EXPORT_PARTS || !arr)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    bool row = false;
    kp_param p[] = {KP_PINT(id)};
    kp_rc rc = kp_store_prepare(st, EXPORT_SQL[part], &s);
    if (!rc)
        rc = kp_sql_bind(s, p, 1);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        json_t *o = json_object();
        int nc = kp_stmt_columns(s);
        for (int c = 0; c < nc; c++) {
            const char *name = kp_stmt_column_name(s, c);
            json_t *v;
            if (kp_stmt_is_null(s, c))
                v = json_null();
            else if (int_column(name))
                v = json_integer(kp_stmt_int(s, c));
            else
                v = json_string(kp_stmt_text(s, c));
            json_object_set_new(o, name, v ? v : json_null());
        }
        json_array_append_new(arr, o);
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_q_sealed_codes_each(kp_store *st, int64_t client_id, kp_q_sealed_code_fn fn, void *arg)
{
    if (!fn)
        return KP_EINVAL;
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st,
                                "SELECT id, sealed, valid_from, valid_to, check_warning FROM personal_code"
                                " WHERE client_id = ? ORDER BY valid_from, id",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        kp_q_sealed_code c = {.id = kp_stmt_int(s, 0)};
        c.sealed = kp_stmt_blob(s, 1, &c.sealed_len);
        c.valid_from = kp_stmt_text(s, 2);
        c.valid_to = kp_stmt_is_null(s, 3) ? NULL : kp_stmt_text(s, 3);
        c.check_warning = kp_stmt_int(s, 4);
        rc = fn(&c, arg);
    }
    kp_stmt_free(s);
    return rc;
}
