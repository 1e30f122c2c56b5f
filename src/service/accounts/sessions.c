/* Sessions, CSRF tokens and login throttling (see sessions.h). */
#include "service/accounts/sessions.h"
#include "service/accounts/accounts_sql.h"
#include "service/audit.h"
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

/* ---- Throttling: login_try and device_token (accounts_sql.c) ----------- */

/* The budgets an attempt can count against (sessions.h). */
typedef kp_q_login_by budget;
#define BY_DEVICE KP_Q_BY_DEVICE
#define BY_ACCOUNT KP_Q_BY_ACCOUNT
#define BY_ADDRESS KP_Q_BY_ADDRESS

/* Is the budget spent: are there `max` failures in (now - window, now]?
 * Then *retry = seconds until the oldest of them leaves the window, else 0. */
static kp_rc budget_spent(kp_ctx *ctx, budget b, const char *key, int64_t device, int64_t now, int64_t window,
                          int64_t max, int64_t *retry)
{
    int64_t at = -1;
    kp_rc rc = kp_q_login_failure_at(ctx->db, b, key, device, now - window, max - 1, &at);
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
    return kp_q_device_find(ctx->db, th, username, now - KP_DEVICE_MAX_AGE, id);
}

/* After a good password: the device presented is used again, or the
 * browser gets a new one; the account keeps its KP_DEVICE_PER_USER most
 * recent devices. */
static kp_rc device_remember(kp_ctx *ctx, int64_t user_id, int64_t device, const char *presented, int64_t now,
                             char out[KP_TOKEN_CHARS + 1])
{
    kp_rc rc;
    if (device) {
        rc = kp_q_device_touch(ctx->db, device, now);
        snprintf(out, KP_TOKEN_CHARS + 1, "%s", presented);
        return rc;
    }
    kp_token_random(out);
    unsigned char th[32];
    token_hash(out, th);
    rc = kp_q_device_insert(ctx->db, th, user_id, now);
    if (!rc)
        rc = kp_q_devices_prune(ctx->db, user_id, KP_DEVICE_PER_USER, now - KP_DEVICE_MAX_AGE);
    if (rc)
        out[0] = '\0';
    return rc;
}

static kp_rc record_attempt(kp_ctx *ctx, const char *username, const char *address, int64_t device, int64_t now,
                            int64_t *id)
{
    kp_rc rc = kp_q_login_try_insert(ctx->db, username, address, now, device, id);
    /* Keep a day of attempts: enough to investigate, not a growing table. */
    if (!rc)
        rc = kp_q_login_try_prune(ctx->db, now - 86400);
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
    int64_t at = -1;
    rc = kp_q_bucket_at(ctx->db, name, address, now - window, max - 1, &at);
    if (!rc && at >= 0) {
        *retry = at + window - now > 0 ? at + window - now : 1;
        rc = KP_ERULE;
    }
    if (!rc)
        rc = kp_q_bucket_insert(ctx->db, name, address, now);
    if (!rc)
        rc = kp_q_login_try_prune(ctx->db, now - 86400);
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

    kp_q_login_user u;
    rc = kp_q_user_for_login(ctx->db, in->username, &u);
    if (rc) {
        sodium_memzero(&u, sizeof u);
        return rc;
    }
    int64_t id = u.id;
    /* The same work whether the user exists or not. */
    bool ok = kp_password_verify(id ? u.password_hash : dummy_hash(), in->password) && id && !u.disabled;
    sodium_memzero(&u, sizeof u);
    if (!ok)
        return KP_EDENIED;

    kp_session *ses = &out->session;
    rc = kp_store_begin_side(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_login_try_ok(ctx->db, attempt);
    if (!rc)
        rc = device_remember(ctx, id, device, in->device, in->now, out->device);
    if (!rc) {
        kp_token_random(out->token);
        unsigned char th[32];
        token_hash(out->token, th);
        kp_token_random(ses->csrf);
        rc = kp_q_session_insert(ctx->db, th, id, ses->csrf, in->now, in->now + KP_SESSION_MAX_SECS, &ses->id);
    }
    /* Sessions that ended long ago are cleared on the way. */
    if (!rc)
        rc = kp_q_sessions_prune(ctx->db, in->now - KP_SESSION_RESUME_SECS,
                                 in->now - KP_SESSION_IDLE_SECS - KP_SESSION_RESUME_SECS);
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

/* The account of a session, kept with the connection while the records
 * (app_user is one of them) stay as they were (kp_store_kept): every
 * request looks its session up, and the account changes seldom (issue 10).
 * Whether it is disabled comes with the session's own row, read afresh. */
static const char SESSION_USER_TAG[] = "session-user";
enum { SESSION_USERS_KEPT = 8 };

static kp_rc session_user(kp_ctx *ctx, int64_t user_id, kp_user *out)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)user_id);
    const kp_user *k = kp_store_kept(ctx->db, SESSION_USER_TAG, key);
    if (k) {
        *out = *k;
        return KP_OK;
    }
    kp_rc rc = kp_user_get(ctx, user_id, out);
    if (rc)
        return rc;
    kp_user *copy = kp_xmalloc(sizeof *copy);
    *copy = *out;
    if (!kp_store_keep(ctx->db, SESSION_USER_TAG, key, SESSION_USERS_KEPT, copy, free))
        free(copy);
    return KP_OK;
}

/* Sessions kept with the connection (issue 10): reading the session's row
 * on every request cost about 15 000 instructions. A session read from the
 * row is kept under its token's hash with the sessions' stamp read before
 * the row (live migration 6: every delete of a session and every change
 * other than its last_seen moves it on, on any connection or server), and
 * is used again only while that stamp is unchanged — so a logout, the end
 * of all of a user's sessions, a new password or a disabled account ends
 * it everywhere at the next request — and while its last_seen is under a
 * minute old. Past that the row is read again and marked seen exactly as
 * before (at most once a minute per session), so sliding expiry and the
 * last-seen cadence stay as they were. Whether the account is disabled
 * comes with the account, kept while the records are unchanged. */
static const char SESSIONS_KEPT_TAG[] = "sessions-kept";
enum { KEPT_SESSIONS = 16, KEPT_SEEN_SECS = 60 };

typedef struct kept_session {
    bool used;
    unsigned char th[32];
    int64_t stamp;
    int64_t id, user_id, created_at, expires_at, last_seen;
    char csrf[KP_TOKEN_CHARS + 1];
} kept_session;

typedef struct kept_sessions {
    kept_session v[KEPT_SESSIONS];
} kept_sessions;

static void kept_sessions_free(void *p)
{
    if (!p)
        return;
    sodium_memzero(p, sizeof(kept_sessions));
    free(p);
}

/* The place for th on this connection, made on first use; NULL when the
 * connection has no room for it (nothing is kept then). */
static kept_session *kept_place(kp_store *db, const unsigned char th[32])
{
    kept_sessions *ks = kp_store_memo(db, SESSIONS_KEPT_TAG);
    if (!ks) {
        ks = kp_xcalloc(1, sizeof *ks);
        if (!kp_store_set_memo(db, SESSIONS_KEPT_TAG, ks, kept_sessions_free)) {
            free(ks);
            return NULL;
        }
    }
    return &ks->v[th[0] % KEPT_SESSIONS];
}

static void kept_forget(kp_store *db, const unsigned char th[32])
{
    kept_sessions *ks = kp_store_memo(db, SESSIONS_KEPT_TAG);
    kept_session *k = ks ? &ks->v[th[0] % KEPT_SESSIONS] : NULL;
    if (k && k->used && sodium_memcmp(k->th, th, 32) == 0)
        sodium_memzero(k, sizeof *k);
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
    /* The stamp before the row: a change committed after it was read
     * moves it on, so what is kept below is never newer than its stamp. */
    int64_t stamp = -1;
    bool stamped = kp_q_sessions_stamp(ctx->db, &stamp) == KP_OK && stamp >= 0;
    kept_session *k = stamped ? kept_place(ctx->db, th) : NULL;
    if (k && k->used && k->stamp == stamp && sodium_memcmp(k->th, th, 32) == 0 && now < k->expires_at &&
        now - k->last_seen < KEPT_SEEN_SECS) {
        out->id = k->id;
        memcpy(out->csrf, k->csrf, sizeof out->csrf);
        out->created_at = k->created_at;
        out->expires_at = k->expires_at;
        out->last_seen = k->last_seen;
        kp_rc rc = session_user(ctx, k->user_id, &out->user);
        if (!rc && !out->user.disabled)
            return KP_OK;
        memset(out, 0, sizeof *out);
        if (rc)
            return rc;
        /* Disabled since: the row decides, as below. */
    }
    if (k && k->used && sodium_memcmp(k->th, th, 32) == 0)
        sodium_memzero(k, sizeof *k);
    kp_q_session q;
    bool row = false;
    int64_t user_id = 0;
    kp_rc rc = kp_q_session_by_token(ctx->db, th, &q, &row);
    if (rc)
        return rc;
    bool live = false, disabled = false;
    if (row) {
        disabled = q.disabled;
        out->id = q.id;
        user_id = q.user_id;
        memcpy(out->csrf, q.csrf, sizeof out->csrf);
        out->created_at = q.created_at;
        out->expires_at = q.expires_at;
        out->last_seen = q.last_seen;
        live = !q.disabled && now < out->expires_at && now - out->last_seen < KP_SESSION_IDLE_SECS;
    }
    sodium_memzero(&q, sizeof q);
    if (!row)
        return KP_ENOTFOUND;
    if (!live) {
        /* An ended session is kept a while (not live) so that a form sent
         * after it ended can be kept for its owner (kp_session_expired_owner);
         * a disabled account's goes at once. */
        if (disabled || now - out->last_seen >= KP_SESSION_IDLE_SECS + KP_SESSION_RESUME_SECS ||
            now >= out->expires_at + KP_SESSION_RESUME_SECS) {
            kp_q_session_delete(ctx->db, out->id);
        } else {
            /* Ended for good: it never becomes live again, whatever the
             * clock says later. */
            kp_q_session_close(ctx->db, out->id);
        }
        memset(out, 0, sizeof *out);
        return KP_ENOTFOUND;
    }
    /* Mark it seen, but write at most once a minute per session. */
    if (now - out->last_seen >= 60) {
        rc = kp_q_session_touch(ctx->db, out->id, now);
        if (rc)
            return rc;
        out->last_seen = now;
    }
    rc = session_user(ctx, user_id, &out->user);
    if (!rc && k) {
        k->used = true;
        memcpy(k->th, th, sizeof k->th);
        k->stamp = stamp;
        k->id = out->id;
        k->user_id = user_id;
        k->created_at = out->created_at;
        k->expires_at = out->expires_at;
        k->last_seen = out->last_seen;
        memcpy(k->csrf, out->csrf, sizeof k->csrf);
    }
    return rc;
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
    kp_q_session q;
    bool row = false;
    kp_rc rc = kp_q_session_by_token(ctx->db, th, &q, &row);
    if (!rc && row) {
        int64_t exp = q.expires_at, seen = q.last_seen;
        bool live = now < exp && now - seen < KP_SESSION_IDLE_SECS;
        bool recent = now < exp + KP_SESSION_RESUME_SECS && now - seen < KP_SESSION_IDLE_SECS + KP_SESSION_RESUME_SECS;
        if (!live && recent && !q.disabled) {
            *user_id = q.user_id;
            memcpy(csrf, q.csrf, KP_TOKEN_CHARS + 1);
        }
    }
    if (!rc && !*user_id)
        rc = KP_ENOTFOUND;
    return rc;
}

kp_rc kp_sessions_ready(kp_ctx *ctx)
{
    if (!ctx || !ctx->db)
        return KP_EINVAL;
    return kp_q_sessions_ready(ctx->db);
}

kp_rc kp_session_end(kp_ctx *ctx, const char *token)
{
    if (!ctx)
        return KP_EINVAL;
    if (!token || !*token)
        return KP_OK;
    unsigned char th[32];
    token_hash(token, th);
    kept_forget(ctx->db, th);
    kp_rc rc = kp_q_session_delete_token(ctx->db, th);
    if (!rc && ctx->user_id)
        rc = kp_audit_access(ctx, "logout", "app_user", ctx->user_id, 0, "");
    return rc;
}

kp_rc kp_session_end_all(kp_ctx *ctx)
{
    if (!ctx || !ctx->user_id)
        return KP_EINVAL;
    kp_rc rc = kp_q_sessions_delete_user(ctx->db, ctx->user_id);
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
