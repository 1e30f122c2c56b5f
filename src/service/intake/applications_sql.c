/* The SQL of applications made online (see applications_sql.h). */
#include "service/intake/applications_sql.h"
#include "service/rows.h"
#include <sodium.h>
#include <string.h>

kp_rc kp_q_app_municipality_name(kp_store *st, int64_t id, bool en, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, en ? "SELECT name_en FROM municipality WHERE id = ?" : "SELECT name_lv FROM municipality WHERE id = ?",
                       p, 1, out, outlen);
}

kp_rc kp_q_app_service_name(kp_store *st, const char *code, bool en, char *out, size_t outlen)
{
    kp_param q[] = {KP_PTEXT(code)};
    return kp_sql_text(st, en ? "SELECT name_en FROM service_type WHERE code = ?" : "SELECT name_lv FROM service_type WHERE code = ?",
                       q, 1, out, outlen);
}

kp_rc kp_q_app_nonce_used(kp_store *st, const char *once, bool *used)
{
    if (!used)
        return KP_EINVAL;
    kp_param q[] = {KP_PTEXT(once)};
    return kp_sql_exists(st, "SELECT COUNT(*) FROM application WHERE form_nonce = ?", q, 1, used);
}

kp_rc kp_q_app_insert(kp_store *st, const kp_q_app_new *in, int64_t *id)
{
    if (!in || !in->code_hash || !in->applicant_code_hash || !in->person_code_hash)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(in->reference),
                    KP_PBLOB(in->code_hash, 32),
                    KP_PTEXT(in->form_nonce),
                    KP_PINT(in->municipality),
                    KP_PTEXT(in->service),
                    KP_PTEXT(in->relation),
                    KP_PTEXT(in->applicant_given_name),
                    KP_PTEXT(in->applicant_family_name),
                    KP_PBLOB(in->applicant_code_hash, KP_LOOKUP_HASH_BYTES),
                    KP_PBLOB(in->applicant_code_sealed, in->applicant_code_sealed_len),
                    {.t = KP_P_TEXT, .s = in->phone ? in->phone : ""},
                    {.t = KP_P_TEXT, .s = in->email ? in->email : ""},
                    KP_PTEXT(in->person_given_name),
                    KP_PTEXT(in->person_family_name),
                    KP_PBLOB(in->person_code_hash, KP_LOOKUP_HASH_BYTES),
                    KP_PBLOB(in->person_code_sealed, in->person_code_sealed_len),
                    KP_PTEXT(in->person_birth_date),
                    KP_PTEXT(in->need),
                    KP_PTEXT(in->now),
                    KP_PTEXT(in->now),
                    KP_PTEXT(in->now)};
    return kp_sql_insert(st,
                         "INSERT INTO application(reference, code_hash, form_nonce, municipality_id, service_code,"
                         " relation, applicant_given_name, applicant_family_name, applicant_code_hash,"
                         " applicant_code_sealed, phone, email, person_given_name, person_family_name,"
                         " person_code_hash, person_code_sealed, person_birth_date, need, consent_at,"
                         " submitted_at, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                         " ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id);
}

static const kp_field KEY_F[] = {KP_FIELD(kp_q_app_key, id), KP_FIELD(kp_q_app_key, code_hash),
                                 KP_FIELD(kp_q_app_key, status)};
static const kp_shape KEY = KP_SHAPE(kp_q_app_key, KEY_F);

kp_rc kp_q_app_by_reference(kp_store *st, const char *reference, kp_q_app_key *out, bool *found)
{
    kp_param p[] = {KP_PTEXT(reference)};
    return kp_rows_one(st, "SELECT id, code_hash, status FROM application WHERE reference = ?", p, 1, &KEY, out, found);
}

static const kp_field STATUS_F[] = {KP_FIELD(kp_app_status, reference),    KP_FIELD(kp_app_status, status),
                                    KP_FIELD(kp_app_status, submitted_at), KP_FIELD(kp_app_status, status_at),
                                    KP_FIELD(kp_app_status, message),      KP_FIELD(kp_app_status, municipality),
                                    KP_FIELD(kp_app_status, service)};
static const kp_shape STATUS = KP_SHAPE(kp_app_status, STATUS_F);

kp_rc kp_q_app_status_of(kp_store *st, int64_t id, bool en, kp_app_status *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       en ? "SELECT a.reference, a.status, a.submitted_at, a.status_at, a.reason, m.name_en, st.name_en"
                            " FROM application a JOIN municipality m ON m.id = a.municipality_id"
                            " JOIN service_type st ON st.code = a.service_code WHERE a.id = ?"
                          : "SELECT a.reference, a.status, a.submitted_at, a.status_at, a.reason, m.name_lv, st.name_lv"
                            " FROM application a JOIN municipality m ON m.id = a.municipality_id"
                            " JOIN service_type st ON st.code = a.service_code WHERE a.id = ?",
                       p, 1, &STATUS, out, found);
}

kp_rc kp_q_app_last_question(kp_store *st, int64_t id, char *out, size_t outlen)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st,
                       "SELECT body FROM application_message WHERE application_id = ? AND author = 'worker'"
                       " ORDER BY id DESC LIMIT 1",
                       p, 1, out, outlen);
}

kp_rc kp_q_app_status(kp_store *st, int64_t id, char status[16])
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_text(st, "SELECT status FROM application WHERE id = ?", p, 1, status, 16);
}

kp_rc kp_q_app_message_add(kp_store *st, int64_t id, const char *at, bool worker, int64_t user_id, const char *body)
{
    if (!worker) {
        kp_param q[] = {KP_PINT(id), KP_PTEXT(at), KP_PTEXT(body)};
        return kp_sql_exec(st,
                           "INSERT INTO application_message(application_id, at, author, body) VALUES (?, ?, 'applicant', ?)",
                           q, 3);
    }
    kp_param q[] = {KP_PINT(id), KP_PTEXT(at), KP_PINT(user_id), KP_PTEXT(body)};
    return kp_sql_exec(st,
                       "INSERT INTO application_message(application_id, at, author, user_id, body)"
                       " VALUES (?, ?, 'worker', ?, ?)",
                       q, 4);
}

kp_rc kp_q_app_set_received(kp_store *st, int64_t id, const char *at)
{
    kp_param q[] = {KP_PTEXT(at), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE application SET status = 'received', status_at = ? WHERE id = ?", q, 2);
}

kp_rc kp_q_app_set_info_requested(kp_store *st, int64_t id, const char *at)
{
    kp_param u[] = {KP_PTEXT(at), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE application SET status = 'info_requested', status_at = ? WHERE id = ?", u, 2);
}

kp_rc kp_q_app_set_refused(kp_store *st, int64_t id, const char *reason, const char *at)
{
    kp_param q[] = {KP_PTEXT(reason), KP_PTEXT(at), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE application SET status = 'refused', reason = ?, status_at = ? WHERE id = ?", q, 3);
}

kp_rc kp_q_app_set_accepted(kp_store *st, int64_t id, int64_t client, const char *at)
{
    kp_param p[] = {KP_PINT(client), KP_PTEXT(at), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE application SET status = 'accepted', client_id = ?, status_at = ? WHERE id = ?", p, 3);
}

/* The queue: ?2 is one status, or the open ones, or every one. */
#define QUEUE_FROM                                                                                                   \
    " FROM application a JOIN service_type st ON st.code = a.service_code"                                        \
    " WHERE a.municipality_id = ?1 AND (?2 = 'all' OR a.status = ?2 OR"                                           \
    " (?2 = 'open' AND a.status IN ('received', 'info_requested')))"
#define ROW_COLUMNS(service_name)                                                                                    \
    "a.id, a.reference, a.status, a.submitted_at, a.service_code, " service_name ", a.person_given_name || ' ' ||"   \
    " a.person_family_name, a.person_birth_date, a.relation"

static const kp_field ROW_F[] = {KP_FIELD(kp_app_row, id),           KP_FIELD(kp_app_row, reference),
                                 KP_FIELD(kp_app_row, status),       KP_FIELD(kp_app_row, submitted_at),
                                 KP_FIELD(kp_app_row, service_code), KP_FIELD(kp_app_row, service),
                                 KP_FIELD(kp_app_row, person_name),  KP_FIELD(kp_app_row, birth_date),
                                 KP_FIELD(kp_app_row, relation)};
static const kp_shape ROW = KP_SHAPE(kp_app_row, ROW_F);

kp_rc kp_q_app_queue_count(kp_store *st, int64_t municipality, const char *which, int64_t *total)
{
    kp_param p[] = {KP_PINT(municipality), KP_PTEXT(which)};
    return kp_sql_int(st, "SELECT COUNT(*)" QUEUE_FROM, p, 2, 0, total);
}

kp_rc kp_q_app_queue_page(kp_store *st, int64_t municipality, const char *which, bool en, size_t limit, size_t offset,
                          kp_app_rows *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(municipality), KP_PTEXT(which), KP_PINT((int64_t)limit), KP_PINT((int64_t)offset)};
    size_t cap = out->n;
    return kp_rows_all(st,
                       en ? "SELECT " ROW_COLUMNS("st.name_en") QUEUE_FROM
                            " ORDER BY a.submitted_at DESC, a.id DESC LIMIT ?3 OFFSET ?4"
                          : "SELECT " ROW_COLUMNS("st.name_lv") QUEUE_FROM
                            " ORDER BY a.submitted_at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
                       p, 4, &ROW, (void **)&out->items, &out->n, &cap);
}

kp_rc kp_q_app_count_received(kp_store *st, int64_t municipality, int64_t *n)
{
    kp_param p[] = {KP_PINT(municipality)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM application WHERE municipality_id = ? AND status = 'received'", p, 1,
                      0, n);
}

static const kp_field SCOPE_F[] = {KP_FIELD(kp_q_app_scope, status), KP_FIELD(kp_q_app_scope, person_code_hash),
                                   KP_FIELD(kp_q_app_scope, client)};
static const kp_shape SCOPE = KP_SHAPE(kp_q_app_scope, SCOPE_F);

kp_rc kp_q_app_scoped(kp_store *st, int64_t id, int64_t municipality, kp_q_app_scope *out, bool *found)
{
    kp_param p[] = {KP_PINT(id), KP_PINT(municipality)};
    return kp_rows_one(st,
                       "SELECT status, person_code_hash, COALESCE(client_id, 0) FROM application"
                       " WHERE id = ? AND municipality_id = ?",
                       p, 2, &SCOPE, out, found);
}

kp_rc kp_q_app_code_holder(kp_store *st, const unsigned char hash[KP_LOOKUP_HASH_BYTES], int64_t *client)
{
    if (!hash)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(hash, KP_LOOKUP_HASH_BYTES)};
    return kp_sql_int(st, "SELECT client_id FROM personal_code WHERE lookup_hash = ?", p, 1, 0, client);
}

static const kp_field DETAIL_F[] = {
    KP_FIELD(kp_app_detail, row.id),           KP_FIELD(kp_app_detail, row.reference),
    KP_FIELD(kp_app_detail, row.status),       KP_FIELD(kp_app_detail, row.submitted_at),
    KP_FIELD(kp_app_detail, row.service_code), KP_FIELD(kp_app_detail, row.service),
    KP_FIELD(kp_app_detail, row.person_name),  KP_FIELD(kp_app_detail, row.birth_date),
    KP_FIELD(kp_app_detail, row.relation),     KP_FIELD(kp_app_detail, applicant_given_name),
    KP_FIELD(kp_app_detail, applicant_family_name), KP_FIELD(kp_app_detail, phone),
    KP_FIELD(kp_app_detail, email),            KP_FIELD(kp_app_detail, person_given_name),
    KP_FIELD(kp_app_detail, person_family_name), KP_FIELD(kp_app_detail, municipality),
    KP_FIELD(kp_app_detail, need),             KP_FIELD(kp_app_detail, status_at),
    KP_FIELD(kp_app_detail, reason)};
static const kp_shape DETAIL = KP_SHAPE(kp_app_detail, DETAIL_F);

#define DETAIL_SQL(service_name, municipality_name)                                                                  \
    "SELECT " ROW_COLUMNS(service_name) ", a.applicant_given_name, a.applicant_family_name, a.phone, a.email,"      \
    " a.person_given_name, a.person_family_name, " municipality_name ", a.need, a.status_at, a.reason"              \
    " FROM application a JOIN service_type st ON st.code = a.service_code"                                         \
    " JOIN municipality m ON m.id = a.municipality_id WHERE a.id = ?"

kp_rc kp_q_app_detail(kp_store *st, int64_t id, bool en, kp_app_detail *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, en ? DETAIL_SQL("st.name_en", "m.name_en") : DETAIL_SQL("st.name_lv", "m.name_lv"), p, 1,
                       &DETAIL, out, found);
}

static const kp_field MESSAGE_F[] = {KP_FIELD(kp_app_message, at), KP_FIELD(kp_app_message, author),
                                     KP_FIELD(kp_app_message, body)};
static const kp_shape MESSAGE = KP_SHAPE(kp_app_message, MESSAGE_F);

static kp_rc keep_message(void *row, void *arg)
{
    kp_app_detail *d = arg;
    if (d->nmessages < sizeof d->messages / sizeof d->messages[0])
        d->messages[d->nmessages++] = *(const kp_app_message *)row;
    return KP_OK;
}

kp_rc kp_q_app_messages(kp_store *st, int64_t id, kp_app_detail *out)
{
    if (!out)
        return KP_EINVAL;
    kp_app_message row;
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_each(st,
                        "SELECT at, author, body FROM (SELECT id, at, author, body FROM application_message"
                        " WHERE application_id = ? ORDER BY id DESC LIMIT 16) AS m ORDER BY id",
                        p, 1, &MESSAGE, &row, keep_message, out);
}

static const kp_field PERSON_F[] = {KP_FIELD_BLOB(kp_q_app_person, sealed), KP_FIELD(kp_q_app_person, given_name),
                                   KP_FIELD(kp_q_app_person, family_name), KP_FIELD(kp_q_app_person, birth_date)};
static const kp_shape PERSON = KP_SHAPE(kp_q_app_person, PERSON_F);

kp_rc kp_q_app_person_of(kp_store *st, int64_t id, kp_q_app_person *out, bool *found)
{
    if (!out || !found)
        return KP_EINVAL;
    memset(out, 0, sizeof *out); /* released whatever the outcome */
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st,
                       "SELECT person_code_sealed, person_given_name, person_family_name, person_birth_date"
                       " FROM application WHERE id = ?",
                       p, 1, &PERSON, out, found);
}

void kp_q_app_person_release(kp_q_app_person *p)
{
    if (!p)
        return;
    if (p->sealed.b)
        sodium_memzero(p->sealed.b, p->sealed.n);
    kp_row_release(&PERSON, p);
    sodium_memzero(p, sizeof *p);
}

static const kp_field CHOICE_F[] = {KP_FIELD(kp_app_choice, code), KP_FIELD(kp_app_choice, name)};
static const kp_shape CHOICE = KP_SHAPE(kp_app_choice, CHOICE_F);

kp_rc kp_q_app_municipality_choices(kp_store *st, bool en, const char *today, kp_app_choice **out, size_t *n)
{
    if (!out || !n)
        return KP_EINVAL;
    size_t cap = *n;
    kp_param p[] = {KP_PTEXT(today)};
    return kp_rows_all(st,
                       en ? "SELECT atvk, name_en FROM municipality WHERE valid_from <= ?1 AND"
                            " (valid_to IS NULL OR valid_to >= ?1) ORDER BY name_en"
                          : "SELECT atvk, name_lv FROM municipality WHERE valid_from <= ?1 AND"
                            " (valid_to IS NULL OR valid_to >= ?1) ORDER BY name_lv",
                       p, 1, &CHOICE, (void **)out, n, &cap);
}

kp_rc kp_q_app_service_choices(kp_store *st, bool en, kp_app_choice **out, size_t *n)
{
    if (!out || !n)
        return KP_EINVAL;
    size_t cap = *n;
    return kp_rows_all(st,
                       en ? "SELECT code, name_en FROM service_type ORDER BY sort, code"
                          : "SELECT code, name_lv FROM service_type ORDER BY sort, code",
                       NULL, 0, &CHOICE, (void **)out, n, &cap);
}
