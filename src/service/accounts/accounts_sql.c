/* The accounts aggregate's SQL (see accounts_sql.h). */
#include "service/accounts/accounts_sql.h"
#include "service/rows.h"
#include "service/sql.h"
#include <stdlib.h>
#include <string.h>

/* ---- users ---- */

#define USER_COLUMNS                                                                                              \
    "u.id, u.username, u.role, COALESCE(u.municipality_id, 0), COALESCE(u.provider_id, 0),"                       \
    " COALESCE(u.region_code, ''), u.lang, u.disabled, u.created_at,"                                            \
    " COALESCE(m.key, CAST(u.provider_id AS TEXT), u.region_code, ''),"                                         \
    " COALESCE(m.name_lv, p.name, g.name_lv, ''), COALESCE(m.name_en, p.name, g.name_en, '')"                   \
    " FROM app_user u LEFT JOIN municipality m ON m.id = u.municipality_id"                                      \
    " LEFT JOIN provider p ON p.id = u.provider_id LEFT JOIN region g ON g.code = u.region_code"

static const kp_field USER_F[] = {
    KP_FIELD(kp_q_user, id),          KP_FIELD(kp_q_user, username),      KP_FIELD(kp_q_user, role),
    KP_FIELD(kp_q_user, municipality_id), KP_FIELD(kp_q_user, provider_id), KP_FIELD(kp_q_user, region),
    KP_FIELD(kp_q_user, lang),        KP_FIELD(kp_q_user, disabled),      KP_FIELD(kp_q_user, created_at),
    KP_FIELD(kp_q_user, scope_label), KP_FIELD(kp_q_user, scope_name_lv), KP_FIELD(kp_q_user, scope_name_en),
};
static const kp_shape USER = KP_SHAPE(kp_q_user, USER_F);

kp_rc kp_q_user_insert(kp_store *st, const kp_q_user_new *in, int64_t *id)
{
    if (!in)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(in->username), KP_PTEXT(in->password_hash), KP_PTEXT(in->role),
                    KP_PREF(in->municipality_id), KP_PREF(in->provider_id), KP_PTEXT(in->region),
                    KP_PTEXT(in->lang), KP_PTEXT(in->created_at)};
    return kp_sql_insert(st,
                         "INSERT INTO app_user(username, password_hash, role, municipality_id, provider_id, region_code,"
                         " lang, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                         p, KP_NPARAMS(p), id);
}

kp_rc kp_q_user_id_by_name(kp_store *st, const char *username, int64_t *id)
{
    kp_param p[] = {KP_PTEXT(username)};
    return kp_sql_int(st, "SELECT id FROM app_user WHERE username = ?", p, 1, 0, id);
}

kp_rc kp_q_user_by_id(kp_store *st, int64_t id, kp_q_user *out, bool *found)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_rows_one(st, "SELECT " USER_COLUMNS " WHERE u.id = ?", p, 1, &USER, out, found);
}

kp_rc kp_q_user_list(kp_store *st, kp_q_users *out)
{
    if (!out)
        return KP_EINVAL;
    return KP_ROWS_ALL(st, "SELECT " USER_COLUMNS " ORDER BY u.username", NULL, 0, &USER, out);
}

kp_rc kp_q_user_set_password(kp_store *st, int64_t id, const char *password_hash)
{
    kp_param p[] = {KP_PTEXT(password_hash), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE app_user SET password_hash = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_user_set_disabled(kp_store *st, int64_t id, bool disabled)
{
    kp_param p[] = {KP_PINT(disabled ? 1 : 0), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE app_user SET disabled = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_user_set_lang(kp_store *st, int64_t id, const char *lang)
{
    kp_param p[] = {KP_PTEXT(lang), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE app_user SET lang = ? WHERE id = ?", p, 2);
}

static const kp_field LOGIN_F[] = {KP_FIELD(kp_q_login_user, id), KP_FIELD(kp_q_login_user, password_hash),
                                   KP_FIELD(kp_q_login_user, disabled)};
static const kp_shape LOGIN = KP_SHAPE(kp_q_login_user, LOGIN_F);

kp_rc kp_q_user_for_login(kp_store *st, const char *username, kp_q_login_user *out)
{
    if (!username)
        return KP_EINVAL;
    bool found = false;
    kp_param p[] = {{.t = KP_P_TEXT, .s = username}};
    return kp_rows_one(st, "SELECT id, password_hash, disabled FROM app_user WHERE username = ?", p, 1, &LOGIN, out,
                       &found);
}

typedef struct id_row {
    int64_t id;
} id_row;
typedef struct id_rows {
    id_row *items;
    size_t n, cap;
} id_rows;
static const kp_field ID_F[] = {KP_FIELD(id_row, id)};
static const kp_shape ID = KP_SHAPE(id_row, ID_F);

kp_rc kp_q_demo_providers(kp_store *st, int64_t out[3], size_t *n)
{
    if (!out || !n)
        return KP_EINVAL;
    *n = 0;
    id_rows v = {0};
    kp_rc rc = KP_ROWS_ALL(st,
                           "SELECT DISTINCT provider_id FROM assignment WHERE provider_id IS NOT NULL"
                           " ORDER BY provider_id LIMIT 3",
                           NULL, 0, &ID, &v);
    for (size_t i = 0; !rc && i < v.n && i < 3; i++)
        out[(*n)++] = v.items[i].id;
    free(v.items);
    return rc;
}

/* ---- sessions ---- */

static const kp_field SESSION_F[] = {
    KP_FIELD(kp_q_session, id),         KP_FIELD(kp_q_session, user_id),   KP_FIELD(kp_q_session, csrf),
    KP_FIELD(kp_q_session, created_at), KP_FIELD(kp_q_session, expires_at), KP_FIELD(kp_q_session, last_seen),
    KP_FIELD(kp_q_session, disabled),
};
static const kp_shape SESSION = KP_SHAPE(kp_q_session, SESSION_F);

kp_rc kp_q_session_by_token(kp_store *st, const unsigned char th[32], kp_q_session *out, bool *found)
{
    if (!th)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(th, 32)};
    return kp_rows_one(st,
                       "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.expires_at, s.last_seen,"
                       " u.disabled FROM session s JOIN app_user u ON u.id = s.user_id"
                       " WHERE s.token_hash = ?",
                       p, 1, &SESSION, out, found);
}

kp_rc kp_q_session_insert(kp_store *st, const unsigned char th[32], int64_t user_id, const char *csrf, int64_t now,
                          int64_t expires_at, int64_t *id)
{
    if (!th)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(th, 32), KP_PINT(user_id), KP_PTEXT(csrf), KP_PINT(now), KP_PINT(expires_at),
                    KP_PINT(now)};
    return kp_sql_insert(st,
                         "INSERT INTO session(token_hash, user_id, csrf_token, created_at, expires_at, last_seen)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p), id);
}

kp_rc kp_q_session_touch(kp_store *st, int64_t id, int64_t now)
{
    kp_param p[] = {KP_PINT(now), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE session SET last_seen = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_session_close(kp_store *st, int64_t id)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_exec(st,
                       "UPDATE session SET expires_at = CASE WHEN expires_at < last_seen THEN expires_at ELSE last_seen"
                       " END WHERE id = ?",
                       p, 1);
}

kp_rc kp_q_session_delete(kp_store *st, int64_t id)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_exec(st, "DELETE FROM session WHERE id = ?", p, 1);
}

kp_rc kp_q_session_delete_token(kp_store *st, const unsigned char th[32])
{
    if (!th)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(th, 32)};
    return kp_sql_exec(st, "DELETE FROM session WHERE token_hash = ?", p, 1);
}

kp_rc kp_q_sessions_delete_user(kp_store *st, int64_t user_id)
{
    kp_param p[] = {KP_PINT(user_id)};
    return kp_sql_exec(st, "DELETE FROM session WHERE user_id = ?", p, 1);
}

kp_rc kp_q_sessions_prune(kp_store *st, int64_t expired, int64_t idle)
{
    kp_param p[] = {KP_PINT(expired), KP_PINT(idle)};
    return kp_sql_exec(st, "DELETE FROM session WHERE expires_at <= ? OR last_seen <= ?", p, 2);
}

kp_rc kp_q_sessions_stamp(kp_store *st, int64_t *n)
{
    return kp_sql_int(st, "SELECT n FROM session_stamp WHERE id = 1", NULL, 0, -1, n);
}

kp_rc kp_q_sessions_ready(kp_store *st)
{
    int64_t n = 0;
    kp_rc rc = kp_sql_int(st, "SELECT COUNT(*) FROM app_user WHERE id = 0", NULL, 0, 0, &n);
    if (!rc)
        rc = kp_sql_int(st, "SELECT COUNT(*) FROM session WHERE id = 0", NULL, 0, 0, &n);
    return rc;
}

/* ---- trusted devices ---- */

kp_rc kp_q_device_find(kp_store *st, const unsigned char th[32], const char *username, int64_t since, int64_t *id)
{
    if (!th || !username)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(th, 32), {.t = KP_P_TEXT, .s = username}, KP_PINT(since)};
    return kp_sql_int(st,
                      "SELECT d.id FROM device_token d JOIN app_user u ON u.id = d.user_id"
                      " WHERE d.token_hash = ? AND u.username = ? AND d.last_used > ?",
                      p, 3, 0, id);
}

kp_rc kp_q_device_touch(kp_store *st, int64_t id, int64_t now)
{
    kp_param p[] = {KP_PINT(now), KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE device_token SET last_used = ? WHERE id = ?", p, 2);
}

kp_rc kp_q_device_insert(kp_store *st, const unsigned char th[32], int64_t user_id, int64_t now)
{
    if (!th)
        return KP_EINVAL;
    kp_param p[] = {KP_PBLOB(th, 32), KP_PINT(user_id), KP_PINT(now), KP_PINT(now)};
    return kp_sql_exec(st, "INSERT INTO device_token(token_hash, user_id, created_at, last_used) VALUES (?, ?, ?, ?)",
                       p, 4);
}

kp_rc kp_q_devices_prune(kp_store *st, int64_t user_id, int64_t keep, int64_t stale)
{
    kp_param p[] = {KP_PINT(user_id), KP_PINT(keep), KP_PINT(stale)};
    return kp_sql_exec(st,
                       "DELETE FROM device_token WHERE user_id = ?1 AND (last_used <= ?3 OR id NOT IN"
                       " (SELECT id FROM device_token WHERE user_id = ?1 ORDER BY last_used DESC, id DESC LIMIT ?2))",
                       p, 3);
}

kp_rc kp_q_devices_delete_user(kp_store *st, int64_t user_id)
{
    kp_param p[] = {KP_PINT(user_id)};
    return kp_sql_exec(st, "DELETE FROM device_token WHERE user_id = ?", p, 1);
}

/* ---- login attempts ---- */

kp_rc kp_q_login_failure_at(kp_store *st, kp_q_login_by by, const char *key, int64_t device, int64_t since,
                            int64_t skip, int64_t *at)
{
    static const char *const SQL[] = {
        "SELECT at FROM login_try WHERE device_id = ?1 AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
        "SELECT at FROM login_try WHERE username = ?1 AND device_id IS NULL AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
        "SELECT at FROM login_try WHERE address = ?1 AND device_id IS NULL AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
    };
    if ((int)by < 0 || (size_t)by >= sizeof SQL / sizeof SQL[0] || (by != KP_Q_BY_DEVICE && !key))
        return KP_EINVAL;
    kp_param p[] = {by == KP_Q_BY_DEVICE ? KP_PINT(device) : (kp_param){.t = KP_P_TEXT, .s = key}, KP_PINT(since),
                    KP_PINT(skip)};
    return kp_sql_int(st, SQL[by], p, 3, -1, at);
}

kp_rc kp_q_login_try_insert(kp_store *st, const char *username, const char *address, int64_t at, int64_t device,
                            int64_t *id)
{
    if (!username || !address)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = username}, {.t = KP_P_TEXT, .s = address}, KP_PINT(at), KP_PREF(device)};
    return kp_sql_insert(st, "INSERT INTO login_try(username, address, at, ok, device_id) VALUES (?, ?, ?, 0, ?)", p,
                         KP_NPARAMS(p), id);
}

kp_rc kp_q_login_try_ok(kp_store *st, int64_t id)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE login_try SET ok = 1 WHERE id = ?", p, 1);
}

kp_rc kp_q_login_try_prune(kp_store *st, int64_t before)
{
    kp_param p[] = {KP_PINT(before)};
    return kp_sql_exec(st, "DELETE FROM login_try WHERE at < ?", p, 1);
}

kp_rc kp_q_bucket_at(kp_store *st, const char *name, const char *address, int64_t since, int64_t skip, int64_t *at)
{
    if (!address)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(name), {.t = KP_P_TEXT, .s = address}, KP_PINT(since), KP_PINT(skip)};
    return kp_sql_int(st,
                      "SELECT at FROM login_try WHERE username = ?1 AND address = ?2 AND at > ?3 AND ok = 1"
                      " ORDER BY at DESC LIMIT 1 OFFSET ?4",
                      p, 4, -1, at);
}

kp_rc kp_q_bucket_insert(kp_store *st, const char *name, const char *address, int64_t at)
{
    if (!address)
        return KP_EINVAL;
    kp_param p[] = {KP_PTEXT(name), {.t = KP_P_TEXT, .s = address}, KP_PINT(at)};
    return kp_sql_exec(st, "INSERT INTO login_try(username, address, at, ok) VALUES (?, ?, ?, 1)", p, 3);
}

/* ---- form drafts and one-time tokens ---- */

kp_rc kp_q_drafts_prune(kp_store *st, int64_t before)
{
    kp_param p[] = {KP_PINT(before)};
    return kp_sql_exec(st, "DELETE FROM form_draft WHERE updated_at < ?", p, 1);
}

kp_rc kp_q_draft_put(kp_store *st, int64_t user_id, const char *form, const char *record_key, const char *body,
                     int64_t now)
{
    if (!body)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(user_id), KP_PTEXT(form), {.t = KP_P_TEXT, .s = record_key ? record_key : ""},
                    {.t = KP_P_TEXT, .s = body}, KP_PINT(now)};
    return kp_sql_exec(st,
                       "INSERT INTO form_draft(user_id, form, record_key, body, updated_at) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (user_id, form, record_key) DO UPDATE SET body = excluded.body,"
                       " updated_at = excluded.updated_at",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_drafts_trim(kp_store *st, int64_t user_id, int64_t keep)
{
    kp_param p[] = {KP_PINT(user_id), KP_PINT(keep)};
    return kp_sql_exec(st,
                       "DELETE FROM form_draft WHERE user_id = ?1 AND id NOT IN (SELECT id FROM form_draft"
                       " WHERE user_id = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2)",
                       p, 2);
}

static const kp_field DRAFT_F[] = {KP_FIELD_DUP(kp_q_draft, body), KP_FIELD(kp_q_draft, id),
                                   KP_FIELD(kp_q_draft, updated_at)};
static const kp_shape DRAFT = KP_SHAPE(kp_q_draft, DRAFT_F);

kp_rc kp_q_draft_get(kp_store *st, int64_t user_id, const char *form, const char *record_key, kp_q_draft *out,
                     bool *found)
{
    if (!form)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(user_id), {.t = KP_P_TEXT, .s = form}, {.t = KP_P_TEXT, .s = record_key ? record_key : ""}};
    return kp_rows_one(st, "SELECT body, id, updated_at FROM form_draft WHERE user_id = ? AND form = ? AND record_key = ?",
                       p, 3, &DRAFT, out, found);
}

kp_rc kp_q_draft_delete_id(kp_store *st, int64_t id)
{
    kp_param p[] = {KP_PINT(id)};
    return kp_sql_exec(st, "DELETE FROM form_draft WHERE id = ?", p, 1);
}

kp_rc kp_q_draft_delete(kp_store *st, int64_t user_id, const char *form, const char *record_key)
{
    kp_param p[] = {KP_PINT(user_id), KP_PTEXT(form), {.t = KP_P_TEXT, .s = record_key ? record_key : ""}};
    return kp_sql_exec(st, "DELETE FROM form_draft WHERE user_id = ? AND form = ? AND record_key = ?", p, 3);
}

kp_rc kp_q_idem_find(kp_store *st, int64_t user_id, const char *token, int64_t *created_id)
{
    kp_param p[] = {KP_PINT(user_id), KP_PTEXT(token)};
    return kp_sql_int(st, "SELECT COALESCE(created_id, 0) FROM idempotency WHERE user_id = ? AND token = ?", p, 2, -1,
                      created_id);
}

kp_rc kp_q_idem_insert(kp_store *st, const char *token, int64_t user_id, int64_t created_id, int64_t now)
{
    kp_param p[] = {KP_PTEXT(token), KP_PINT(user_id), KP_PREF(created_id), KP_PINT(now)};
    return kp_sql_exec(st, "INSERT INTO idempotency(token, user_id, created_id, at) VALUES (?, ?, ?, ?)", p,
                       KP_NPARAMS(p));
}

kp_rc kp_q_idem_prune(kp_store *st, int64_t before)
{
    kp_param p[] = {KP_PINT(before)};
    return kp_sql_exec(st, "DELETE FROM idempotency WHERE at < ?", p, 1);
}

/* ---- request counters ---- */

kp_rc kp_q_rate_used(kp_store *st, const char *bucket, const char *client, int64_t since, int64_t *used)
{
    kp_param p[] = {KP_PTEXT(bucket), KP_PTEXT(client), KP_PINT(since)};
    return kp_sql_int(st, "SELECT COALESCE(SUM(n), 0) FROM rate_count WHERE bucket = ? AND client = ? AND at > ?", p, 3,
                      0, used);
}

kp_rc kp_q_rate_oldest(kp_store *st, const char *bucket, const char *client, int64_t since, int64_t dflt,
                       int64_t *oldest)
{
    kp_param p[] = {KP_PTEXT(bucket), KP_PTEXT(client), KP_PINT(since)};
    return kp_sql_int(st, "SELECT MIN(at) FROM rate_count WHERE bucket = ? AND client = ? AND at > ?", p, 3, dflt,
                      oldest);
}

kp_rc kp_q_rate_count(kp_store *st, const char *bucket, const char *client, int64_t now, int64_t expires)
{
    kp_param p[] = {KP_PTEXT(bucket), KP_PTEXT(client), KP_PINT(now), KP_PINT(expires)};
    return kp_sql_exec(st,
                       "INSERT INTO rate_count(bucket, client, at, n, expires) VALUES (?1, ?2, ?3, 1, ?4)"
                       " ON CONFLICT (bucket, client, at) DO UPDATE SET n = rate_count.n + 1",
                       p, 4);
}

kp_rc kp_q_rate_prune(kp_store *st, int64_t now)
{
    kp_param p[] = {KP_PINT(now)};
    return kp_sql_exec(st, "DELETE FROM rate_count WHERE expires <= ?", p, 1);
}
