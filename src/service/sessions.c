/* Sessions, CSRF tokens and login throttling (see sessions.h). */
#include "service/sessions.h"
#include "service/audit.h"
#include "service/sql.h"
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

static kp_rc failures_since(kp_ctx *ctx, const char *column, const char *value, int64_t since, int64_t *n)
{
    /* `column` is one of two fixed names, never input. */
    const char *sql = strcmp(column, "username") == 0
                          ? "SELECT COUNT(*) FROM login_attempt WHERE username = ? AND at > ? AND ok = 0"
                          : "SELECT COUNT(*) FROM login_attempt WHERE address = ? AND at > ? AND ok = 0";
    kp_param p[] = {KP_PTEXT(value), KP_PINT(since)};
    return kp_sql_int(ctx->db, sql, p, 2, 0, n);
}

static kp_rc record_attempt(kp_ctx *ctx, const char *username, const char *address, int64_t now, bool ok)
{
    kp_param p[] = {KP_PTEXT(username), KP_PTEXT(address), KP_PINT(now), KP_PINT(ok ? 1 : 0)};
    kp_rc rc = kp_sql_exec(ctx->db, "INSERT INTO login_attempt(username, address, at, ok) VALUES (?, ?, ?, ?)", p,
                           KP_NPARAMS(p));
    /* Keep a day of attempts: enough to investigate, not a growing table. */
    kp_param q[] = {KP_PINT(now - 86400)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "DELETE FROM login_attempt WHERE at < ?", q, 1);
    return rc;
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

kp_rc kp_login(kp_ctx *ctx, const char *username, const char *password, const char *address, int64_t now,
               char token[KP_TOKEN_CHARS + 1], kp_session *out)
{
    if (!ctx || !username || !password || !token || !out)
        return KP_EINVAL;
    if (!address)
        address = "";
    token[0] = '\0';
    memset(out, 0, sizeof *out);
    /* The attempt is counted as a failure before the (slow) password check,
     * in a write transaction, so that parallel attempts cannot all pass the
     * throttle; a success turns it into a success afterwards. */
    int64_t by_user = 0, by_addr = 0, attempt = 0;
    kp_rc rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    rc = failures_since(ctx, "username", username, now - KP_LOGIN_WINDOW_SECS, &by_user);
    if (!rc)
        rc = failures_since(ctx, "address", address, now - KP_LOGIN_WINDOW_SECS, &by_addr);
    if (!rc && (by_user >= KP_LOGIN_MAX_FAILURES || by_addr >= 4 * KP_LOGIN_MAX_FAILURES))
        rc = KP_ERULE;
    if (!rc) {
        rc = record_attempt(ctx, username, address, now, false);
        attempt = kp_store_last_id(ctx->db);
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (rc)
        return rc;

    char hash[KP_PWHASH_BYTES] = "";
    int64_t id = 0, disabled = 0;
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db, "SELECT id, password_hash, disabled FROM app_user WHERE username = ?", &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 1, username);
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
    bool ok = kp_password_verify(id ? hash : dummy_hash(), password) && id && !disabled;
    sodium_memzero(hash, sizeof hash);

    rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    if (ok) {
        kp_param a[] = {KP_PINT(attempt)};
        rc = kp_sql_exec(ctx->db, "UPDATE login_attempt SET ok = 1 WHERE id = ?", a, 1);
    }
    if (!rc && ok) {
        kp_token_random(token);
        unsigned char th[32];
        token_hash(token, th);
        kp_token_random(out->csrf);
        kp_param p[] = {KP_PBLOB(th, sizeof th), KP_PINT(id), KP_PTEXT(out->csrf), KP_PINT(now),
                        KP_PINT(now + KP_SESSION_MAX_SECS), KP_PINT(now)};
        rc = kp_sql_insert(ctx->db,
                           "INSERT INTO session(token_hash, user_id, csrf_token, created_at, expires_at, last_seen)"
                           " VALUES (?, ?, ?, ?, ?, ?)",
                           p, KP_NPARAMS(p), &out->id);
        /* Sessions that ended long ago are cleared on the way. */
        kp_param q[] = {KP_PINT(now), KP_PINT(now - KP_SESSION_IDLE_SECS)};
        if (!rc)
            rc = kp_sql_exec(ctx->db, "DELETE FROM session WHERE expires_at <= ? OR last_seen <= ?", q, 2);
        if (!rc)
            rc = kp_user_get(ctx, id, &out->user);
        if (!rc) {
            kp_ctx actx = *ctx;
            kp_session_ctx(out, &actx);
            rc = kp_audit_access(&actx, "login", "app_user", id, 0, "");
        }
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        token[0] = '\0';
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (rc) {
        token[0] = '\0';
        return rc;
    }
    if (!ok) {
        memset(out, 0, sizeof *out);
        return KP_EDENIED;
    }
    out->created_at = now;
    out->expires_at = now + KP_SESSION_MAX_SECS;
    out->last_seen = now;
    return KP_OK;
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
    bool live = false;
    if (!rc && row) {
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
        kp_param p[] = {KP_PINT(out->id)};
        kp_sql_exec(ctx->db, "DELETE FROM session WHERE id = ?", p, 1);
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
