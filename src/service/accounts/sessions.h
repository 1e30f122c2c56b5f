/* Logging in and out: sessions kept in the database (only a hash of the
 * token), CSRF tokens, and login throttling. Every function takes the
 * current time (`now`, Unix seconds) from the caller so tests can move the
 * clock. */
#ifndef KOPA_SERVICE_SESSIONS_H
#define KOPA_SERVICE_SESSIONS_H
#include <stdbool.h>
#include <stdint.h>
#include "service/accounts/accounts.h"
#include "service/ctx.h"

/* A session ends after this long without a request … */
#define KP_SESSION_IDLE_SECS (30 * 60)
/* … and in any case this long after logging in. */
#define KP_SESSION_MAX_SECS (10 * 60 * 60)
/* An ended session is remembered (not live) this much longer, so that a
 * form sent after it ended can be kept for the same person to send again
 * after logging in (kp_session_expired_owner). */
#define KP_SESSION_RESUME_SECS (12 * 60 * 60)
/* Login throttling (OWASP ASVS 4.0 2.2.1; OWASP "Slow Down Online Guessing
 * Attacks with Device Cookies"). A browser that logged in to an account
 * holds that account's device cookie. Failed logins are counted in sliding
 * windows against one of two budgets:
 * - with a valid device cookie for the account: that device's own budget;
 * - without one (untrusted): the account's untrusted budget, shared by
 *   every such attempt from anywhere (≤ 10 per 15 minutes, so at most 40
 *   guesses an hour, well under ASVS's 100), and the address's.
 * A spent untrusted budget does not stop the owner's device, so guessing
 * cannot lock the owner out. A refused attempt is not counted and the
 * password is not looked at. */
#define KP_LOGIN_DEVICE_MAX 10
#define KP_LOGIN_DEVICE_WINDOW (15 * 60)
#define KP_LOGIN_UNTRUSTED_MAX 10
#define KP_LOGIN_UNTRUSTED_WINDOW (15 * 60)
#define KP_LOGIN_ADDRESS_MAX 30
#define KP_LOGIN_ADDRESS_WINDOW (15 * 60)
/* The budget of attempts without a device cookie, under the old names. */
#define KP_LOGIN_MAX_FAILURES KP_LOGIN_UNTRUSTED_MAX
#define KP_LOGIN_WINDOW_SECS KP_LOGIN_UNTRUSTED_WINDOW
/* A device cookie lives this long after its last login, and an account
 * remembers at most this many devices (the least recently used go). */
#define KP_DEVICE_MAX_AGE (180L * 86400)
#define KP_DEVICE_PER_USER 10

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

typedef struct kp_login_in {
    const char *username;
    const char *password;
    const char *address;      /* the client's IP, for the address budget */
    const char *device;       /* the device cookie as received, or NULL */
    int64_t now;              /* Unix seconds */
} kp_login_in;

typedef struct kp_login_out {
    char token[KP_TOKEN_CHARS + 1];  /* KP_OK: the session cookie's value */
    char device[KP_TOKEN_CHARS + 1]; /* KP_OK: the device cookie to set (the one presented, or a new one) */
    int64_t retry_after;             /* KP_ERULE: seconds until a try is counted again (≥ 1) */
    kp_session session;              /* KP_OK: the new session */
} kp_login_out;

/* Checks the throttle, then the password, and opens a session. KP_ERULE
 * when the budget the attempt counts against is spent (out->retry_after
 * says for how long; the password is not checked); KP_EDENIED for a wrong
 * username or password or a disabled account, one answer for all and in
 * the same time (an unknown user's attempt verifies a dummy hash); KP_OK
 * with out filled. Counting happens before the slow hash, in a write
 * transaction, so parallel attempts cannot all pass. Audited on success. */
kp_rc kp_login_device(kp_ctx *ctx, const kp_login_in *in, kp_login_out *out);

/* Checks the password and opens a session. `address` is the client's IP
 * (for throttling; never logged with the password). On KP_OK, `token`
 * holds the cookie value (shown to nobody else) and *out the session.
 * KP_EDENIED: wrong username or password, or a disabled account (one answer
 * for all, so names cannot be probed). KP_ERULE: too many failures in the
 * window (throttled; the password is not even checked). Audited.
 * kp_login_device without a device cookie. */
kp_rc kp_login(kp_ctx *ctx, const char *username, const char *password, const char *address, int64_t now,
               char token[KP_TOKEN_CHARS + 1], kp_session *out);

/* Finds the live session for a cookie token and marks it seen at `now`.
 * KP_ENOTFOUND for an unknown, expired (idle or absolute) session or a
 * disabled account; an expired session is deleted. */
kp_rc kp_session_lookup(kp_ctx *ctx, const char *token, int64_t now, kp_session *out);

/* The owner of a session that has ended by time (idle or absolute) within
 * the last KP_SESSION_RESUME_SECS: *user_id and the session's CSRF token,
 * so that a form sent with that token can be kept for that user only.
 * KP_ENOTFOUND for a live, unknown, logged-out or older session or a
 * disabled account. */
kp_rc kp_session_expired_owner(kp_ctx *ctx, const char *token, int64_t now, int64_t *user_id,
                               char csrf[KP_TOKEN_CHARS + 1]);

/* The login throttle's table used for public forms (issue 12): counts one
 * request of kind `bucket` (a short name: "apply", "apply-status") from
 * `address` at `now`, unless `max` of them were counted in the `window`
 * seconds before: then KP_ERULE and *retry = seconds until one leaves the
 * window (≥ 1), and nothing is counted. The rows are login_try's with the
 * username "@bucket" (never an account's: names have no '@') and ok = 1,
 * so the login budgets, which count failures, never see them; they go
 * with the day's attempts. One transaction of the side tables, so parallel
 * requests cannot all pass. KP_EINVAL for NULL arguments or max < 1. */
kp_rc kp_throttle_address(kp_ctx *ctx, const char *bucket, const char *address, int64_t now, int64_t max,
                          int64_t window, int64_t *retry);

/* Whether this server can serve logged-in users now (the health check of
 * a load balancer, GET /healthz): one read of the accounts in the records
 * and one of the sessions in the side tables. KP_OK, KP_EINVAL for a NULL
 * ctx or ctx->db, else the store's error. Reads no personal data. */
kp_rc kp_sessions_ready(kp_ctx *ctx);

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
