/* User accounts: who may log in, in which role and scope, and their
 * password (argon2id through libsodium). Managing accounts is for the
 * installation's operator (the command line) and administrators. */
#ifndef KOPA_SERVICE_ACCOUNTS_H
#define KOPA_SERVICE_ACCOUNTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* Room for an argon2id hash string (crypto_pwhash_STRBYTES). */
#define KP_PWHASH_BYTES 128

typedef struct kp_user {
    int64_t id;
    char username[65];
    kp_role role;
    int64_t municipality_id;  /* social workers and heads, else 0 */
    int64_t provider_id;      /* provider staff, else 0 */
    char region[8];           /* region coordinators, else "" */
    char scope_label[128];    /* municipality key, provider id or region code, for lists */
    char scope_name_lv[201];  /* municipality, provider (≤ 200 bytes) or region name for people; "" for none */
    char scope_name_en[201];
    char lang[4];             /* "lv" or "en" */
    bool disabled;
    char created_at[24];
} kp_user;

typedef struct kp_users {
    kp_user *items;
    size_t n, cap;
} kp_users;

void kp_users_free(kp_users *u);

/* Parses a role name as kp_role_name writes it ("social_worker", …);
 * "system" is not a role anyone logs in with: KP_EINVAL. */
kp_rc kp_role_parse(const char *name, kp_role *out);

/* Tests: hash with the minimum argon2id limits instead of the interactive
 * ones (also on when the environment has KOPA_TEST_FAST_PWHASH=1). Hashes
 * made either way verify the same way. */
void kp_password_fast_for_tests(bool on);
/* Hashes a password into out (NUL-terminated, ≤ KP_PWHASH_BYTES).
 * KP_EINVAL for NULL/empty input, KP_ECRYPTO when hashing fails. */
kp_rc kp_password_hash(const char *password, char out[KP_PWHASH_BYTES]);
/* True when `password` matches `hash`. False for NULL input. */
bool kp_password_verify(const char *hash, const char *password);
/* A random password of 20 letters and digits (out ≥ 21 bytes) that
 * passes kp_password_check. */
void kp_password_random(char *out, size_t outlen);
/* Minimum length of a password a person chooses, in characters (ASVS 2.1.1). */
#define KP_PASSWORD_MIN 12
/* Longest password accepted, in bytes (ASVS 2.1.2 asks that at least 64
 * characters be allowed). */
#define KP_PASSWORD_MAX 1024
/* The password policy, for every password a person chooses (kopa user
 * add/passwd, the demo password, any password change): at least
 * KP_PASSWORD_MIN characters, at most KP_PASSWORD_MAX bytes, and
 * libpwquality's checks (cracklib dictionary, palindrome, the user name,
 * easily guessed words). `username` may be NULL. On failure adds one
 * message on field "password" in ctx->lang to `e` (never pwquality's own
 * English text) and returns KP_EINVAL. Thread-safe. */
kp_rc kp_password_check(const kp_ctx *ctx, const char *username, const char *password, kp_errors *e);

typedef struct kp_user_in {
    const char *username;     /* 2–64 of a-z 0-9 . _ - */
    const char *password;     /* passes kp_password_check */
    const char *role;         /* admin, social_worker, municipal_head, provider, region, ministry */
    const char *municipality; /* ATVK code or key; social workers and heads only */
    const char *provider_id;  /* provider staff only */
    const char *region;       /* region coordinators only */
    const char *lang;         /* "", lv, en */
} kp_user_in;

/* Creates an account (admin or system only, else KP_EDENIED). Validation
 * problems go to `e` (KP_EINVAL); an existing username is KP_ECONFLICT. */
kp_rc kp_user_add(kp_ctx *ctx, const kp_user_in *in, kp_errors *e, int64_t *id_out);
/* Sets a new password and ends the user's sessions. */
kp_rc kp_user_set_password(kp_ctx *ctx, const char *username, const char *password, kp_errors *e);
/* Disables (or enables) an account; disabling ends its sessions. */
kp_rc kp_user_set_disabled(kp_ctx *ctx, const char *username, bool disabled);
/* The caller's own interface language ("lv" or "en"), kept on their row. */
kp_rc kp_user_set_lang(kp_ctx *ctx, const char *lang);
/* One account by id (no password hash). KP_ENOTFOUND when none. */
kp_rc kp_user_get(kp_ctx *ctx, int64_t id, kp_user *out);
/* Every account, by username (admin or system only). Caller frees `out`. */
kp_rc kp_user_list(kp_ctx *ctx, kp_users *out);

/* The command line's --as: makes ctx act as the account `username` — role,
 * scope, user id and actor exactly as that user's web session would have
 * them (kp_session_ctx), so a command run this way is scoped and audited
 * as that user. Only the installation's operator (KP_ROLE_SYSTEM) may
 * (else KP_EDENIED, ctx untouched); a disabled account is KP_EDENIED, an
 * unknown one KP_ENOTFOUND. `user` receives the account and must outlive
 * ctx (ctx->actor points into it); ctx->db, keys, lang and now are kept.
 * KP_EINVAL for NULL arguments. */
kp_rc kp_user_act_as(kp_ctx *ctx, const char *username, kp_user *user);

/* The demo's accounts, all with `password`: sw-/head-<key> for the six
 * Zemgale municipalities, provider-<id> for the first three providers
 * that have referrals, region-zpr, ministry and admin. System only. */
kp_rc kp_accounts_create_demo(kp_ctx *ctx, const char *password, kp_errors *e);

#endif
