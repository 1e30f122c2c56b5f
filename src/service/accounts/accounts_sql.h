/* The accounts aggregate's SQL (issue 13): users (app_user), sessions,
 * trusted devices (device_token), login attempts and public-form buckets
 * (login_try), form drafts, one-time form tokens (idempotency) and the
 * request counters shared by every server (rate_count). Used by
 * accounts.c, sessions.c, drafts.c and throttle.c; they hold no SQL and no
 * cursor. The functions take the store, never a context: no authorisation,
 * audit, transaction or message here, the use case does that around them. */
#ifndef KOPA_SERVICE_ACCOUNTS_SQL_H
#define KOPA_SERVICE_ACCOUNTS_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/accounts/accounts.h"
#include "service/accounts/sessions.h"
#include "store/store.h"

/* ---- users ---- */

/* A user as stored: the role as its name (kp_role_parse makes it a kp_role). */
typedef struct kp_q_user {
    int64_t id;
    char username[65];            /* username_ok: 2–64 bytes */
    char role[24];
    int64_t municipality_id, provider_id;
    char region[8];
    char lang[4];
    bool disabled;
    char created_at[24];
    char scope_label[128];
    char scope_name_lv[201], scope_name_en[201]; /* a provider's name: ≤ 200 bytes (providers.c) */
} kp_q_user;

typedef struct kp_q_users {
    kp_q_user *items;
    size_t n, cap;
} kp_q_users;

/* A new app_user row; municipality_id/provider_id 0 and a blank region
 * store NULL. */
typedef struct kp_q_user_new {
    const char *username, *password_hash, *role;
    int64_t municipality_id, provider_id;
    const char *region, *lang, *created_at;
} kp_q_user_new;

/* KP_ECONFLICT when the username is taken. */
kp_rc kp_q_user_insert(kp_store *st, const kp_q_user_new *in, int64_t *id);
/* *id = 0 when there is no such user. */
kp_rc kp_q_user_id_by_name(kp_store *st, const char *username, int64_t *id);
kp_rc kp_q_user_by_id(kp_store *st, int64_t id, kp_q_user *out, bool *found);
/* Every user by username; the caller frees out->items (also on failure). */
kp_rc kp_q_user_list(kp_store *st, kp_q_users *out);
kp_rc kp_q_user_set_password(kp_store *st, int64_t id, const char *password_hash);
kp_rc kp_q_user_set_disabled(kp_store *st, int64_t id, bool disabled);
kp_rc kp_q_user_set_lang(kp_store *st, int64_t id, const char *lang);

/* What a login checks: id 0 when the user is unknown. */
typedef struct kp_q_login_user {
    int64_t id;
    char password_hash[KP_PWHASH_BYTES];
    bool disabled;
} kp_q_login_user;
kp_rc kp_q_user_for_login(kp_store *st, const char *username, kp_q_login_user *out);

/* Up to `max` (≤ 3) providers with assignments, by id, for demo accounts. */
kp_rc kp_q_demo_providers(kp_store *st, int64_t out[3], size_t *n);

/* ---- sessions ---- */

typedef struct kp_q_session {
    int64_t id, user_id;
    char csrf[KP_TOKEN_CHARS + 1]; /* always a kp_token_random */
    int64_t created_at, expires_at, last_seen;
    bool disabled;                /* the user's account */
} kp_q_session;

/* The session whose token hashes to th (32 bytes). */
kp_rc kp_q_session_by_token(kp_store *st, const unsigned char th[32], kp_q_session *out, bool *found);
kp_rc kp_q_session_insert(kp_store *st, const unsigned char th[32], int64_t user_id, const char *csrf, int64_t now,
                          int64_t expires_at, int64_t *id);
kp_rc kp_q_session_touch(kp_store *st, int64_t id, int64_t now);
/* Ended for good: expires_at becomes at most last_seen. */
kp_rc kp_q_session_close(kp_store *st, int64_t id);
kp_rc kp_q_session_delete(kp_store *st, int64_t id);
kp_rc kp_q_session_delete_token(kp_store *st, const unsigned char th[32]);
kp_rc kp_q_sessions_delete_user(kp_store *st, int64_t user_id);
/* Sessions expired on or before `expired`, or last seen on or before `idle`. */
kp_rc kp_q_sessions_prune(kp_store *st, int64_t expired, int64_t idle);
/* The sessions' stamp (live migration 6): moved on by every delete of a
 * session and every change of one other than its last_seen. */
kp_rc kp_q_sessions_stamp(kp_store *st, int64_t *n);
/* Reads both tables once: KP_OK when they are there. */
kp_rc kp_q_sessions_ready(kp_store *st);

/* ---- trusted devices ---- */

/* The device of token hash th that belongs to `username` and was used after
 * `since`; *id = 0 when none. */
kp_rc kp_q_device_find(kp_store *st, const unsigned char th[32], const char *username, int64_t since, int64_t *id);
kp_rc kp_q_device_touch(kp_store *st, int64_t id, int64_t now);
kp_rc kp_q_device_insert(kp_store *st, const unsigned char th[32], int64_t user_id, int64_t now);
/* The user keeps the `keep` most recent devices used after `stale`. */
kp_rc kp_q_devices_prune(kp_store *st, int64_t user_id, int64_t keep, int64_t stale);
kp_rc kp_q_devices_delete_user(kp_store *st, int64_t user_id);

/* ---- login attempts and address buckets (login_try) ---- */

typedef enum kp_q_login_by { KP_Q_BY_DEVICE = 0, KP_Q_BY_ACCOUNT = 1, KP_Q_BY_ADDRESS = 2 } kp_q_login_by;

/* The time of the (skip + 1)-th most recent failure after `since` counted
 * against the device (by device id), the account (username, untrusted
 * attempts) or the address (untrusted attempts); *at = -1 when there are
 * not that many. */
kp_rc kp_q_login_failure_at(kp_store *st, kp_q_login_by by, const char *key, int64_t device, int64_t since,
                            int64_t skip, int64_t *at);
/* An attempt, counted as failed until kp_q_login_try_ok; device 0: none. */
kp_rc kp_q_login_try_insert(kp_store *st, const char *username, const char *address, int64_t at, int64_t device,
                            int64_t *id);
kp_rc kp_q_login_try_ok(kp_store *st, int64_t id);
kp_rc kp_q_login_try_prune(kp_store *st, int64_t before);
/* As kp_q_login_failure_at for a public form's bucket `name` ("@…") and
 * address, counting its (successful) requests. */
kp_rc kp_q_bucket_at(kp_store *st, const char *name, const char *address, int64_t since, int64_t skip, int64_t *at);
kp_rc kp_q_bucket_insert(kp_store *st, const char *name, const char *address, int64_t at);

/* ---- form drafts and one-time tokens ---- */

typedef struct kp_q_draft {
    char *body;                   /* malloc'd; the caller frees */
    int64_t id, updated_at;
} kp_q_draft;

kp_rc kp_q_drafts_prune(kp_store *st, int64_t before);
/* Saves the draft of (user, form, record_key), replacing one there. */
kp_rc kp_q_draft_put(kp_store *st, int64_t user_id, const char *form, const char *record_key, const char *body,
                     int64_t now);
/* The user keeps the `keep` most recently saved drafts. */
kp_rc kp_q_drafts_trim(kp_store *st, int64_t user_id, int64_t keep);
kp_rc kp_q_draft_get(kp_store *st, int64_t user_id, const char *form, const char *record_key, kp_q_draft *out,
                     bool *found);
kp_rc kp_q_draft_delete_id(kp_store *st, int64_t id);
kp_rc kp_q_draft_delete(kp_store *st, int64_t user_id, const char *form, const char *record_key);

/* *created_id: the id recorded (0 for none), -1 when the token is unknown. */
kp_rc kp_q_idem_find(kp_store *st, int64_t user_id, const char *token, int64_t *created_id);
kp_rc kp_q_idem_insert(kp_store *st, const char *token, int64_t user_id, int64_t created_id, int64_t now);
kp_rc kp_q_idem_prune(kp_store *st, int64_t before);

/* ---- request counters (live.rate_count) ---- */

/* Requests of (bucket, client) counted after `since`. */
kp_rc kp_q_rate_used(kp_store *st, const char *bucket, const char *client, int64_t since, int64_t *used);
/* The oldest second counted after `since`; *oldest = dflt when none. */
kp_rc kp_q_rate_oldest(kp_store *st, const char *bucket, const char *client, int64_t since, int64_t dflt,
                       int64_t *oldest);
/* Counts one request in second `now`, kept until `expires`. */
kp_rc kp_q_rate_count(kp_store *st, const char *bucket, const char *client, int64_t now, int64_t expires);
kp_rc kp_q_rate_prune(kp_store *st, int64_t now);

#endif
