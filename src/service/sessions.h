/* Logging in and out: sessions kept in the database (only a hash of the
 * token), CSRF tokens, and login throttling. Every function takes the
 * current time (`now`, Unix seconds) from the caller so tests can move the
 * clock. */
#ifndef KOPA_SERVICE_SESSIONS_H
#define KOPA_SERVICE_SESSIONS_H
#include <stdbool.h>
#include <stdint.h>
#include "service/accounts.h"
#include "service/ctx.h"

/* A session ends after this long without a request … */
#define KP_SESSION_IDLE_SECS (30 * 60)
/* … and in any case this long after logging in. */
#define KP_SESSION_MAX_SECS (10 * 60 * 60)
/* Failed logins allowed per account (and per address, ×4) in a window. */
#define KP_LOGIN_MAX_FAILURES 5
#define KP_LOGIN_WINDOW_SECS 60

/* Session and CSRF tokens: 32 random bytes, base64url without padding. */
#define KP_TOKEN_CHARS 43

typedef struct kp_session {
    int64_t id;
    kp_user user;
    char csrf[KP_TOKEN_CHARS + 1];
    int64_t created_at, expires_at, last_seen;
} kp_session;

/* A fresh random token (out ≥ KP_TOKEN_CHARS + 1 bytes). */
void kp_token_random(char out[KP_TOKEN_CHARS + 1]);

/* Checks the password and opens a session. `address` is the client's IP
 * (for throttling; never logged with the password). On KP_OK, `token`
 * holds the cookie value (shown to nobody else) and *out the session.
 * KP_EDENIED: wrong username or password, or a disabled account (one answer
 * for all, so names cannot be probed). KP_ERULE: too many failures in the
 * window (throttled; the password is not even checked). Audited. */
kp_rc kp_login(kp_ctx *ctx, const char *username, const char *password, const char *address, int64_t now,
               char token[KP_TOKEN_CHARS + 1], kp_session *out);

/* Finds the live session for a cookie token and marks it seen at `now`.
 * KP_ENOTFOUND for an unknown, expired (idle or absolute) session or a
 * disabled account; an expired session is deleted. */
kp_rc kp_session_lookup(kp_ctx *ctx, const char *token, int64_t now, kp_session *out);

/* Ends one session (logout). Unknown tokens are fine (KP_OK). */
kp_rc kp_session_end(kp_ctx *ctx, const char *token);
/* Ends every session of ctx->user_id (log out everywhere). */
kp_rc kp_session_end_all(kp_ctx *ctx);

/* Constant-time comparison of the CSRF token a request carries with the
 * session's. False for NULL or empty `given`. */
bool kp_csrf_ok(const kp_session *s, const char *given);

/* Fills a service context for the session's user (role, scope, actor,
 * language). `db` and `keys` are the caller's; ctx->now is not touched. */
void kp_session_ctx(const kp_session *s, kp_ctx *ctx);

#endif
