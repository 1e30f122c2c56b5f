/* Sessions, CSRF tokens and login throttling (see sessions.h). */
#include "service/accounts/sessions.h"
#include "service/audit.h"
#include "service/sql.h"
#include "core/mem.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_token_random(char out[KP_TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    if (sodium_init() < 0)
        abort();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, KP_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

static void token_hash(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* ---- Throttling: the only SQL on login_try and device_token ------------ */

/* The budgets an attempt can count against (sessions.h). */
typedef enum budget { BY_DEVICE = 0, BY_ACCOUNT = 1, BY_ADDRESS = 2 } budget;

/* Is the budget spent: are there `max` failures in (now - window, now]?
 * Then *retry = seconds until the oldest of them leaves the window, else 0. */
static kp_rc budget_spent(kp_ctx *ctx, budget b, const char *key, int64_t device, int64_t now, int64_t window,
                          int64_t max, int64_t *retry)
{
    static const char *const SQL[] = {
        "SELECT at FROM login_try WHERE device_id = ?1 AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
        "SELECT at FROM login_try WHERE username = ?1 AND device_id IS NULL AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
        "SELECT at FROM login_try WHERE address = ?1 AND device_id IS NULL AND at > ?2 AND ok = 0"
        " ORDER BY at DESC LIMIT 1 OFFSET ?3",
    };
    kp_param p[] = {b == BY_DEVICE ? KP_PINT(device) : (kp_param){.t = KP_P_TEXT, .s = key}, KP_PINT(now - window),
                    KP_PINT(max - 1)};
    int64_t at = -1;
    kp_rc rc = kp_sql_int(ctx->db, SQL[b], p, 3, -1, &at);
    *retry = 0;
    if (!rc && at >= 0)
        *retry = at + window - now > 0 ? at + window - now : 1;
    return rc;
}

/* The device the cookie names, if it belongs to `username` and is not
 * stale; 0 otherwise (an untrusted attempt). */
static kp_rc device_for(kp_ctx *ctx, const char *device, const char *username, int64_t now, int64_t *id)
{
    *id = 0;
    if (!device || strlen(device) != KP_TOKEN_CHARS)
        return KP_OK;
    unsigned char th[32];
    token_hash(device, th);
    kp_param p[] = {KP_PBLOB(th, sizeof th), {.t = KP_P_TEXT, .s = username}, KP_PINT(now - KP_DEVICE_MAX_AGE)};
    return kp_sql_int(ctx->db,
                      "SELECT d.id FROM device_token d JOIN app_user u ON u.id = d.user_id"
                      " WHERE d.token_hash = ? AND u.username = ? AND d.last_used > ?",
                      p, 3, 0, id);
}

/* After a good password: the device presented is used again, or the
 * browser gets a new one; the account keeps its KP_DEVICE_PER_USER most
 * recent devices. */
static kp_rc device_remember(kp_ctx *ctx, int64_t user_id, int64_t device, const char *presented, int64_t now,
                             char out[KP_TOKEN_CHARS + 1])
{
    kp_rc rc;
    if (device) {
        kp_param p[] = {KP_PINT(now), KP_PINT(device)};
        rc = kp_sql_exec(ctx->db, "UPDATE device_token SET last_used = ? WHERE id = ?", p, 2);
        snprintf(out, KP_TOKEN_CHARS + 1, "%s", presented);
        return rc;
    }
    kp_token_random(out);
    unsigned char th[32];
    token_hash(out, th);
    kp_param p[] = {KP_PBLOB(th, sizeof th), KP_PINT(user_id), KP_PINT(now), KP_PINT(now)};
    rc = kp_sql_exec(ctx->db, "INSERT INTO device_token(token_hash, user_id, created_at, last_used) VALUES (?, ?, ?, ?)",
                     p, 4);
    kp_param q[] = {KP_PINT(user_id), KP_PINT(KP_DEVICE_PER_USER), KP_PINT(now - KP_DEVICE_MAX_AGE)};
    if (!rc)
        rc = kp_sql_exec(ctx->db,
                         "DELETE FROM device_token WHERE user_id = ?1 AND (last_used <= ?3 OR id NOT IN"
                         " (SELECT id FROM device_token WHERE user_id = ?1 ORDER BY last_used DESC, id DESC LIMIT ?2))",
                         q, 3);
    if (rc)
        out[0] = '\0';
    return rc;
}

static kp_rc record_attempt(kp_ctx *ctx, const char *username, const char *address, int64_t device, int64_t now,
                            int64_t *id)
{
    kp_param p[] = {{.t = KP_P_TEXT, .s = username}, {.t = KP_P_TEXT, .s = address}, KP_PINT(now), KP_PREF(device)};
    kp_rc rc = kp_sql_insert(ctx->db, "INSERT INTO login_try(username, address, at, ok, device_id) VALUES (?, ?, ?, 0, ?)",
                             p, KP_NPARAMS(p), id);
    /* Keep a day of attempts: enough to investigate, not a growing table. */
    kp_param q[] = {KP_PINT(now - 86400)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "DELETE FROM login_try WHERE at < ?", q, 1);
    return rc;
}

/* Counts the attempt (as a failure until the password proves otherwise)
 * unless the budget it counts against is spent: then KP_ERULE and *retry.
 * One write transaction, so parallel attempts cannot all pass. */
static kp_rc throttle(kp_ctx *ctx, const kp_login_in *in, const char *address, int64_t *device, int64_t *attempt,
                      int64_t *retry)
{
    kp_rc rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    rc = device_for(ctx, in->device, in->username, in->now, device);
    if (!rc && *device) {
        rc = budget_spent(ctx, BY_DEVICE, NULL, *device, in->now, KP_LOGIN_DEVICE_WINDOW, KP_LOGIN_DEVICE_MAX, retry);
    } else if (!rc) {
        int64_t by_addr = 0;
        rc = budget_spent(ctx, BY_ACCOUNT, in->username, 0, in->now, KP_LOGIN_UNTRUSTED_WINDOW, KP_LOGIN_UNTRUSTED_MAX,
                          retry);
        if (!rc)
            rc = budget_spent(ctx, BY_ADDRESS, address, 0, in->now, KP_LOGIN_ADDRESS_WINDOW, KP_LOGIN_ADDRESS_MAX,
                              &by_addr);
        if (by_addr > *retry)
            *retry = by_addr;
    }
    if (!rc && *retry)
        rc = KP_ERULE;
    if (!rc)
        rc = record_attempt(ctx, in->username, address, *device, in->now, attempt);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_throttle_address(kp_ctx *ctx, const char *bucket, const char *address, int64_t now, int64_t max,
                          int64_t window, int64_t *retry)
{
    if (!ctx || !bucket || !*bucket || !address || !retry || max < 1 || window < 1)
        return KP_EINVAL;
    *retry = 0;
    char name[64];
    snprintf(name, sizeof name, "@%s", bucket);
    kp_rc rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    kp_param p[] = {KP_PTEXT(name), {.t = KP_P_TEXT, .s = address}, KP_PINT(now - window), KP_PINT(max - 1)};
    int64_t at = -1;
    rc = kp_sql_int(ctx->db,
                    "SELECT at FROM login_try WHERE username = ?1 AND address = ?2 AND at > ?3 AND ok = 1"
                    " ORDER BY at DESC LIMIT 1 OFFSET ?4",
                    p, 4, -1, &at);
    if (!rc && at >= 0) {
        *retry = at + window - now > 0 ? at + window - now : 1;
        rc = KP_ERULE;
    }
    if (!rc) {
        kp_param q[] = {KP_PTEXT(name), {.t = KP_P_TEXT, .s = address}, KP_PINT(now)};
        rc = kp_sql_exec(ctx->db, "INSERT INTO login_try(username, address, at, ok) VALUES (?, ?, ?, 1)", q, 3);
    }
    kp_param d[] = {KP_PINT(now - 86400)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "DELETE FROM login_try WHERE at < ?", d, 1);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

/* A hash to verify against when the user does not exist, so an unknown name
 * takes as long as a wrong password. Made once. */
static char g_dummy_hash[KP_PWHASH_BYTES];
static pthread_once_t g_dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    if (kp_password_hash("kopa-no-such-user", g_dummy_hash) != KP_OK)
        g_dummy_hash[0] = '\0';
}

static const char *dummy_hash(void)
{
    pthread_once(&g_dummy_once, make_dummy_hash);
    return g_dummy_hash;
}

kp_rc kp_login_device(kp_ctx *ctx, const kp_login_in *in, kp_login_out *out)
{
    if (!ctx || !in || !in->username || !in->password || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    const char *address = in->address ? in->address : "";
    int64_t device = 0, attempt = 0;
    kp_rc rc = throttle(ctx, in, address, &device, &attempt, &out->retry_after);
    if (rc)
        return rc;

    char hash[KP_PWHASH_BYTES] = "";
    int64_t id = 0, disabled = 0;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db, "SELECT id, password_hash, disabled FROM app_user WHERE username = ?", &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, in->username);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        id = kp_stmt_int(s, 0);
        snprintf(hash, sizeof hash, "%s", kp_stmt_text(s, 1));
        disabled = kp_stmt_int(s, 2);
    }
    kp_stmt_free(s);
    if (rc)
        return rc;
    /* The same work whether the user exists or not. */
    bool ok = kp_password_verify(id ? hash : dummy_hash(), in->password) && id && !disabled;
    sodium_memzero(hash, sizeof hash);
    if (!ok)
        return KP_EDENIED;

    kp_session *ses = &out->session;
    rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    kp_param a[] = {KP_PINT(attempt)};
    rc = kp_sql_exec(ctx->db, "UPDATE login_try SET ok = 1 WHERE id = ?", a, 1);
    if (!rc)
        rc = device_remember(ctx, id, device, in->device, in->now, out->device);
    if (!rc) {
        kp_token_random(out->token);
        unsigned char th[32];
        token_hash(out->token, th);
        kp_token_random(ses->csrf);
        kp_param p[] = {KP_PBLOB(th, sizeof th), KP_PINT(id), KP_PTEXT(ses->csrf), KP_PINT(in->now),
                        KP_PINT(in->now + KP_SESSION_MAX_SECS), KP_PINT(in->now)};
        rc = kp_sql_insert(ctx->db,
                           "INSERT INTO session(token_hash, user_id, csrf_token, created_at, expires_at, last_seen)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           p, KP_NPARAMS(p), &ses->id);
    }
    /* Sessions that ended long ago are cleared on the way. */
    kp_param q[] = {KP_PINT(in->now - KP_SESSION_RESUME_SECS),
                    KP_PINT(in->now - KP_SESSION_IDLE_SECS - KP_SESSION_RESUME_SECS)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "DELETE FROM session WHERE expires_at <= ? OR last_seen <= ?", q, 2);
    if (!rc)
        rc = kp_user_get(ctx, id, &ses->user);
    if (!rc) {
        kp_ctx actx = *ctx;
        kp_session_ctx(ses, &actx);
        rc = kp_audit_access(&actx, "login", "app_user", id, 0, device ? "known device" : "new device");
    }
    rc = kp_store_finish(ctx->db, rc);
    if (rc) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    ses->created_at = in->now;
    ses->expires_at = in->now + KP_SESSION_MAX_SECS;
    ses->last_seen = in->now;
    return KP_OK;
}

kp_rc kp_login(kp_ctx *ctx, const char *username, const char *password, const char *address, int64_t now,
               char token[KP_TOKEN_CHARS + 1], kp_session *out)
{
    if (!ctx || !username || !password || !token || !out)
        return KP_EINVAL;
    token[0] = '\0';
    memset(out, 0, sizeof *out);
    kp_login_in in = {.username = username, .password = password, .address = address, .now = now};
    kp_login_out *o = kp_xcalloc(1, sizeof *o);
    kp_rc rc = kp_login_device(ctx, &in, o);
    if (!rc) {
        memcpy(token, o->token, KP_TOKEN_CHARS + 1);
        *out = o->session;
    }
    sodium_memzero(o, sizeof *o);
    free(o);
    return rc;
}

kp_rc kp_session_lookup(kp_ctx *ctx, const char *token, int64_t now, kp_session *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!token || strlen(token) != KP_TOKEN_CHARS)
        return KP_ENOTFOUND;
    unsigned char th[32];
    token_hash(token, th);
    kp_stmt *s = NULL;
    bool row = false;
    int64_t user_id = 0;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.expires_at, s.last_seen,"
                                " u.disabled FROM session s JOIN app_user u ON u.id = s.user_id"
                                " WHERE s.token_hash = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_blob(s, 1, th, sizeof th);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    bool live = false, disabled = false;
    if (!rc && row) {
        disabled = kp_stmt_int(s, 6) != 0;
        out->id = kp_stmt_int(s, 0);
        user_id = kp_stmt_int(s, 1);
        snprintf(out->csrf, sizeof out->csrf, "%s", kp_stmt_text(s, 2));
        out->created_at = kp_stmt_int(s, 3);
        out->expires_at = kp_stmt_int(s, 4);
        out->last_seen = kp_stmt_int(s, 5);
        live = kp_stmt_int(s, 6) == 0 && now < out->expires_at && now - out->last_seen < KP_SESSION_IDLE_SECS;
    }
    kp_stmt_free(s);
    if (rc)
        return rc;
    if (!row)
        return KP_ENOTFOUND;
    if (!live) {
        /* An ended session is kept a while (not live) so that a form sent
         * after it ended can be kept for its owner (kp_session_expired_owner);
         * a disabled account's goes at once. */
        if (disabled || now - out->last_seen >= KP_SESSION_IDLE_SECS + KP_SESSION_RESUME_SECS ||
            now >= out->expires_at + KP_SESSION_RESUME_SECS) {
            kp_param p[] = {KP_PINT(out->id)};
            kp_sql_exec(ctx->db, "DELETE FROM session WHERE id = ?", p, 1);
        } else {
            /* Ended for good: it never becomes live again, whatever the
             * clock says later. */
            kp_param p[] = {KP_PINT(out->id)};
            kp_sql_exec(ctx->db, "UPDATE session SET expires_at = CASE WHEN expires_at < last_seen THEN expires_at ELSE last_seen END WHERE id = ?", p, 1);
        }
        memset(out, 0, sizeof *out);
        return KP_ENOTFOUND;
    }
    /* Mark it seen, but write at most once a minute per session. */
    if (now - out->last_seen >= 60) {
        kp_param p[] = {KP_PINT(now), KP_PINT(out->id)};
        rc = kp_sql_exec(ctx->db, "UPDATE session SET last_seen = ? WHERE id = ?", p, 2);
        if (rc)
            return rc;
        out->last_seen = now;
    }
    return kp_user_get(ctx, user_id, &out->user);
}

kp_rc kp_session_expired_owner(kp_ctx *ctx, const char *token, int64_t now, int64_t *user_id,
                               char csrf[KP_TOKEN_CHARS + 1])
{
    if (!ctx || !user_id || !csrf)
        return KP_EINVAL;
    *user_id = 0;
    csrf[0] = '\0';
    if (!token || strlen(token) != KP_TOKEN_CHARS)
        return KP_ENOTFOUND;
    unsigned char th[32];
    token_hash(token, th);
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen, u.disabled FROM session s"
                                " JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_blob(s, 1, th, sizeof th);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        int64_t exp = kp_stmt_int(s, 2), seen = kp_stmt_int(s, 3);
        bool live = now < exp && now - seen < KP_SESSION_IDLE_SECS;
        bool recent = now < exp + KP_SESSION_RESUME_SECS && now - seen < KP_SESSION_IDLE_SECS + KP_SESSION_RESUME_SECS;
        if (!live && recent && kp_stmt_int(s, 4) == 0) {
            *user_id = kp_stmt_int(s, 0);
            snprintf(csrf, KP_TOKEN_CHARS + 1, "%s", kp_stmt_text(s, 1));
        }
    }
    kp_stmt_free(s);
    if (!rc && !*user_id)
        rc = KP_ENOTFOUND;
    return rc;
}

kp_rc kp_sessions_ready(kp_ctx *ctx)
{
    if (!ctx || !ctx->db)
        return KP_EINVAL;
    int64_t n = 0;
    kp_rc rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM app_user WHERE id = 0", NULL, 0, 0, &n);
    if (!rc)
        rc = kp_sql_int(ctx->db, "SELECT COUNT(*) FROM session WHERE id = 0", NULL, 0, 0, &n);
    return rc;
}

kp_rc kp_session_end(kp_ctx *ctx, const char *token)
{
    if (!ctx)
        return KP_EINVAL;
    if (!token || !*token)
        return KP_OK;
    unsigned char th[32];
    token_hash(token, th);
    kp_param p[] = {KP_PBLOB(th, sizeof th)};
    kp_rc rc = kp_sql_exec(ctx->db, "DELETE FROM session WHERE token_hash = ?", p, 1);
    if (!rc && ctx->user_id)
        rc = kp_audit_access(ctx, "logout", "app_user", ctx->user_id, 0, "");
    return rc;
}

kp_rc kp_session_end_all(kp_ctx *ctx)
{
    if (!ctx || !ctx->user_id)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(ctx->user_id)};
    kp_rc rc = kp_sql_exec(ctx->db, "DELETE FROM session WHERE user_id = ?", p, 1);
    if (!rc)
        rc = kp_audit_access(ctx, "logout_everywhere", "app_user", ctx->user_id, 0, "");
    return rc;
}

bool kp_csrf_ok(const kp_session *s, const char *given)
{
    if (!s || !given || !*given || !s->csrf[0])
        return false;
    size_t n = strlen(s->csrf);
    if (strlen(given) != n)
        return false;
    return sodium_memcmp(s->csrf, given, n) == 0;
}

void kp_session_ctx(const kp_session *s, kp_ctx *ctx)
{
    ctx->role = s->user.role;
    ctx->actor = s->user.username;
    ctx->user_id = s->user.id;
    ctx->municipality_id = s->user.municipality_id;
    ctx->provider_id = s->user.provider_id;
    snprintf(ctx->region, sizeof ctx->region, "%s", s->user.region);
    ctx->lang = strcmp(s->user.lang, "en") == 0 ? "en" : "lv";
}
