/* User accounts and password hashing (see accounts.h). */
#include "service/accounts/accounts.h"
#include "service/accounts/accounts_sql.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/territory_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include <pthread.h>
#include <pwquality.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(KP_PWHASH_BYTES >= crypto_pwhash_STRBYTES, "room for an argon2id hash string");

static atomic_int g_fast = -1; /* -1: not decided yet (read the environment) */

void kp_password_fast_for_tests(bool on)
{
    atomic_store(&g_fast, on ? 1 : 0);
}

static bool fast_hashing(void)
{
    int v = atomic_load(&g_fast);
    if (v < 0) {
        const char *env = getenv("KOPA_TEST_FAST_PWHASH");
        v = env && strcmp(env, "1") == 0 ? 1 : 0;
        atomic_store(&g_fast, v);
    }
    return v == 1;
}

kp_rc kp_password_hash(const char *password, char out[KP_PWHASH_BYTES])
{
    if (!password || !*password)
        return KP_EINVAL;
    if (sodium_init() < 0)
        return KP_ECRYPTO;
    unsigned long long ops = fast_hashing() ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = fast_hashing() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
        return KP_ECRYPTO;
    return KP_OK;
}

bool kp_password_verify(const char *hash, const char *password)
{
    if (!hash || !password || !*hash)
        return false;
    if (sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* ---- The password policy (OWASP ASVS 4.0, 2.1) ---------------------------
 * At least KP_PASSWORD_MIN characters (Unicode code points, not bytes), at
 * most KP_PASSWORD_MAX bytes, no composition rules; then libpwquality:
 * cracklib's dictionary check, palindromes, the user name in the password,
 * and a few words that are anyone's first guess here. pwquality's own
 * (English) texts are never shown: its codes map to our messages. The
 * settings are fixed here, not read from /etc/security/pwquality.conf, so
 * every machine applies the same policy. */

/* Words a password may not contain, in any case (pwquality's badwords). */
static const char BAD_WORDS[] = "password parole kopa qwerty letmein";

/* cracklib keeps static state: one check at a time. */
static pthread_mutex_t g_pwq_lock = PTHREAD_MUTEX_INITIALIZER;

/* Why a password fails the policy, as one of ours. */
typedef enum pw_problem {
    PW_OK = 0,
    PW_EMPTY,
    PW_SHORT,
    PW_LONG,
    PW_DICTIONARY,
    PW_NO_DICTIONARY, /* cracklib's word list is missing: the operator must install it */
    PW_PALINDROME,
    PW_USER,
    PW_BAD_WORD,
    PW_REPEATS,
    PW_WEAK,
    PW_UNCHECKED,     /* pwquality failed (memory, settings) */
} pw_problem;

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static pw_problem pw_check(const char *user, const char *pw)
{
    if (!pw || !*pw)
        return PW_EMPTY;
    if (strlen(pw) > KP_PASSWORD_MAX)
        return PW_LONG;
    if (utf8_chars(pw) < KP_PASSWORD_MIN)
        return PW_SHORT;
    pw_problem out = PW_UNCHECKED;
    pthread_mutex_lock(&g_pwq_lock);
    pwquality_settings_t *q = pwquality_default_settings();
    if (q && pwquality_set_int_value(q, PWQ_SETTING_MIN_LENGTH, KP_PASSWORD_MIN) == 0 &&
        pwquality_set_int_value(q, PWQ_SETTING_DICT_CHECK, 1) == 0 &&
        pwquality_set_int_value(q, PWQ_SETTING_USER_CHECK, 1) == 0 &&
        pwquality_set_str_value(q, PWQ_SETTING_BAD_WORDS, BAD_WORDS) == 0) {
        void *aux = NULL;
        int score = pwquality_check(q, pw, NULL, user && *user ? user : NULL, &aux);
        switch (score) {
        case PWQ_ERROR_MIN_LENGTH: out = PW_SHORT; break;
        case PWQ_ERROR_EMPTY_PASSWORD: out = PW_EMPTY; break;
        case PWQ_ERROR_CRACKLIB_CHECK:
            /* cracklib says why in English; the one reason that is not the
             * password's fault is a missing word list ("error loading
             * dictionary"). */
            out = aux && strstr((const char *)aux, "error loading") ? PW_NO_DICTIONARY : PW_DICTIONARY;
            break;
        case PWQ_ERROR_PALINDROME: out = PW_PALINDROME; break;
        case PWQ_ERROR_USER_CHECK:
        case PWQ_ERROR_GECOS_CHECK: out = PW_USER; break;
        case PWQ_ERROR_BAD_WORDS: out = PW_BAD_WORD; break;
        case PWQ_ERROR_MAX_CONSECUTIVE:
        case PWQ_ERROR_MAX_CLASS_REPEAT:
        case PWQ_ERROR_MAX_SEQUENCE: out = PW_REPEATS; break;
        case PWQ_ERROR_FATAL_FAILURE:
        case PWQ_ERROR_INTEGER:
        case PWQ_ERROR_CFGFILE_OPEN:
        case PWQ_ERROR_CFGFILE_MALFORMED:
        case PWQ_ERROR_UNKNOWN_SETTING:
        case PWQ_ERROR_NON_INT_SETTING:
        case PWQ_ERROR_NON_STR_SETTING:
        case PWQ_ERROR_MEM_ALLOC:
        case PWQ_ERROR_RNG:
        case PWQ_ERROR_GENERATION_FAILED: out = PW_UNCHECKED; break;
        default: out = score >= 0 ? PW_OK : PW_WEAK; break;
        }
    }
    pwquality_free_settings(q);
    pthread_mutex_unlock(&g_pwq_lock);
    return out;
}

kp_rc kp_password_check(const kp_ctx *ctx, const char *username, const char *password, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    const char *msg = NULL;
    switch (pw_check(username, password)) {
    case PW_OK:
        return KP_OK;
    case PW_EMPTY:
        msg = KP_TR(ctx, "obligāts lauks: ievadiet paroli", "required: enter a password");
        break;
    case PW_SHORT:
        kp_errors_add(e, "password", "",
                      KP_TR(ctx, "parolei jābūt vismaz %d rakstzīmes garai", "the password must be at least %d characters long"),
                      KP_PASSWORD_MIN);
        return KP_EINVAL;
    case PW_LONG:
        msg = KP_TR(ctx, "parole ir pārāk gara", "the password is too long");
        break;
    case PW_DICTIONARY:
        msg = KP_TR(ctx, "parole ir pārāk vienkārša vai veidota no vārdnīcas vārda: izvēlieties garāku frāzi",
                    "the password is too simple or based on a dictionary word: choose a longer phrase");
        break;
    case PW_NO_DICTIONARY:
        msg = KP_TR(ctx, "paroli nevar pārbaudīt: nav uzstādīta paroļu vārdnīca (cracklib-runtime); sazinieties ar administratoru",
                    "the password cannot be checked: the password dictionary (cracklib-runtime) is not installed;"
                    " contact the administrator");
        break;
    case PW_PALINDROME:
        msg = KP_TR(ctx, "parole nedrīkst būt vienāda, lasot no abiem galiem", "the password may not read the same backwards");
        break;
    case PW_USER:
        msg = KP_TR(ctx, "parolē nedrīkst būt lietotājvārds", "the password may not contain the username");
        break;
    case PW_BAD_WORD:
        msg = KP_TR(ctx, "parolē ir viegli uzminams vārds (piemēram, „parole” vai sistēmas nosaukums)",
                    "the password contains an easily guessed word (such as \"password\" or the system's name)");
        break;
    case PW_REPEATS:
        msg = KP_TR(ctx, "parolē ir pārāk daudz vienādu vai secīgu rakstzīmju pēc kārtas",
                    "the password has too many repeated or sequential characters in a row");
        break;
    case PW_WEAK:
        msg = KP_TR(ctx, "parole ir pārāk vāja: izvēlieties garāku frāzi", "the password is too weak: choose a longer phrase");
        break;
    case PW_UNCHECKED:
        msg = KP_TR(ctx, "paroli neizdevās pārbaudīt: mēģiniet vēlreiz", "the password could not be checked: try again");
        break;
    }
    kp_errors_add(e, "password", "", "%s", msg);
    return KP_EINVAL;
}

void kp_password_random(char *out, size_t outlen)
{
    /* No 0/O, 1/l/I: a password read off a screen is typed right. */
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    if (!out || outlen == 0)
        return;
    if (sodium_init() < 0)
        abort();
    size_t n = outlen - 1 < 20 ? outlen - 1 : 20;
    /* 20 of 56 symbols: about 116 bits. The policy is asked all the same,
     * so a made-up password is always one a person may choose. */
    for (int tries = 0; tries < 16; tries++) {
        for (size_t i = 0; i < n; i++)
            out[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
        out[n] = '\0';
        pw_problem p = pw_check(NULL, out);
        if (p == PW_OK || p == PW_NO_DICTIONARY || p == PW_UNCHECKED || n < KP_PASSWORD_MIN)
            break;
    }
}

static const char *const ROLES[] = {"admin", "social_worker", "municipal_head", "provider", "region", "ministry", NULL};

kp_rc kp_role_parse(const char *name, kp_role *out)
{
    static const kp_role values[] = {KP_ROLE_ADMIN,    KP_ROLE_SOCIAL_WORKER, KP_ROLE_MUNICIPAL_HEAD,
                                     KP_ROLE_PROVIDER, KP_ROLE_REGION,        KP_ROLE_MINISTRY};
    if (!name || !out)
        return KP_EINVAL;
    for (size_t i = 0; ROLES[i]; i++)
        if (strcmp(ROLES[i], name) == 0) {
            *out = values[i];
            return KP_OK;
        }
    return KP_EINVAL;
}

void kp_users_free(kp_users *u)
{
    free(u->items);
    memset(u, 0, sizeof *u);
}

static bool may_manage(const kp_ctx *ctx)
{
    return ctx->role == KP_ROLE_SYSTEM || ctx->role == KP_ROLE_ADMIN;
}

static bool username_ok(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 2 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* Municipality by ATVK code or catalogue key; 0 when unknown. */
static int64_t municipality_id(kp_ctx *ctx, const char *v)
{
    int64_t id = 0;
    kp_q_municipality_by_code(ctx->db, v, &id);
    return id;
}

kp_rc kp_user_add(kp_ctx *ctx, const kp_user_in *in, kp_errors *e, int64_t *id_out)
{
    if (!ctx || !in || !e)
        return KP_EINVAL;
    if (!may_manage(ctx))
        return KP_EDENIED;
    size_t before = e->n;
    if (!username_ok(in->username))
        kp_errors_add(e, "username", "", "%s",
                      KP_TR(ctx, "lietotājvārds: 2–64 rakstzīmes no a–z, 0–9, '.', '_', '-'",
                            "username: 2–64 characters of a–z, 0–9, '.', '_', '-'"));
    kp_password_check(ctx, in->username, in->password, e);
    kp_role role = KP_ROLE_SYSTEM;
    bool role_ok = kp_role_parse(in->role, &role) == KP_OK;
    if (!role_ok)
        kp_errors_add(e, "role", in->role ? in->role : "", "%s",
                      KP_TR(ctx, "loma: admin, social_worker, municipal_head, provider, region vai ministry",
                            "role: admin, social_worker, municipal_head, provider, region or ministry"));
    int64_t muni = 0, provider = 0;
    const char *region = NULL;
    bool wants_muni = role == KP_ROLE_SOCIAL_WORKER || role == KP_ROLE_MUNICIPAL_HEAD;
    if (role_ok && wants_muni) {
        muni = kp_blank(in->municipality) ? 0 : municipality_id(ctx, in->municipality);
        if (!muni)
            kp_errors_add(e, "municipality", in->municipality ? in->municipality : "", "%s",
                          KP_TR(ctx, "šai lomai vajag pašvaldību (ATVK kods vai atslēga)",
                                "this role needs a municipality (ATVK code or key)"));
    } else if (!kp_blank(in->municipality)) {
        kp_errors_add(e, "municipality", in->municipality, "%s",
                      KP_TR(ctx, "pašvaldība der tikai sociālajam darbiniekam un vadītājam",
                            "a municipality belongs only to social workers and heads"));
    }
    if (role_ok && role == KP_ROLE_PROVIDER) {
        provider = kp_v_ref(ctx, e, "provider_id", in->provider_id, "provider", true);
    } else if (!kp_blank(in->provider_id)) {
        kp_errors_add(e, "provider_id", in->provider_id, "%s",
                      KP_TR(ctx, "sniedzējs der tikai sniedzēja lomai", "a provider belongs only to the provider role"));
    }
    if (role_ok && role == KP_ROLE_REGION) {
        if (kp_v_region(ctx, e, "region", in->region))
            region = in->region;
    } else if (!kp_blank(in->region)) {
        kp_errors_add(e, "region", in->region, "%s",
                      KP_TR(ctx, "reģions der tikai reģiona lomai", "a region belongs only to the region role"));
    }
    const char *lang = kp_blank(in->lang) ? "lv" : in->lang;
    if (strcmp(lang, "lv") != 0 && strcmp(lang, "en") != 0)
        kp_errors_add(e, "lang", lang, "%s", KP_TR(ctx, "valoda: lv vai en", "language: lv or en"));
    if (e->n != before)
        return KP_EINVAL;

    char hash[KP_PWHASH_BYTES];
    kp_rc rc = kp_password_hash(in->password, hash);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = kp_store_begin(ctx->db);
    if (rc)
        goto out;
    kp_q_user_new row = {.username = in->username, .password_hash = hash, .role = in->role,
                         .municipality_id = muni, .provider_id = provider, .region = region, .lang = lang,
                         .created_at = ctx->now};
    rc = kp_q_user_insert(ctx->db, &row, &id);
    if (rc == KP_ECONFLICT)
        kp_errors_add(e, "username", in->username, "%s",
                      KP_TR(ctx, "šāds lietotājvārds jau ir", "this username is already taken"));
    if (!rc)
        rc = kp_audit(ctx, "create", "app_user", id, 0, in->role);
    if (rc) {
        kp_store_rollback(ctx->db);
        goto out;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && id_out)
        *id_out = id;
out:
    sodium_memzero(hash, sizeof hash);
    return rc;
}

static kp_rc user_id_by_name(kp_ctx *ctx, const char *username, int64_t *id)
{
    kp_rc rc = kp_q_user_id_by_name(ctx->db, username, id);
    if (!rc && !*id)
        rc = KP_ENOTFOUND;
    return rc;
}

kp_rc kp_user_set_password(kp_ctx *ctx, const char *username, const char *password, kp_errors *e)
{
    if (!ctx || !username || !e)
        return KP_EINVAL;
    if (!may_manage(ctx))
        return KP_EDENIED;
    if (kp_password_check(ctx, username, password, e))
        return KP_EINVAL;
    int64_t id = 0;
    kp_rc rc = user_id_by_name(ctx, username, &id);
    if (rc)
        return rc;
    char hash[KP_PWHASH_BYTES];
    rc = kp_password_hash(password, hash);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        goto out;
    rc = kp_q_user_set_password(ctx->db, id, hash);
    if (!rc)
        rc = kp_q_sessions_delete_user(ctx->db, id);
    /* Browsers trusted under the old password start over (sessions.h). */
    if (!rc)
        rc = kp_q_devices_delete_user(ctx->db, id);
    if (!rc)
        rc = kp_audit(ctx, "set_password", "app_user", id, 0, "");
    if (rc) {
        kp_store_rollback(ctx->db);
        goto out;
    }
    rc = kp_store_commit(ctx->db);
out:
    sodium_memzero(hash, sizeof hash);
    return rc;
}

kp_rc kp_user_set_disabled(kp_ctx *ctx, const char *username, bool disabled)
{
    if (!ctx || !username)
        return KP_EINVAL;
    if (!may_manage(ctx))
        return KP_EDENIED;
    int64_t id = 0;
    kp_rc rc = user_id_by_name(ctx, username, &id);
    if (rc)
        return rc;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_user_set_disabled(ctx->db, id, disabled);
    if (!rc && disabled)
        rc = kp_q_sessions_delete_user(ctx->db, id);
    if (!rc)
        rc = kp_audit(ctx, disabled ? "disable" : "enable", "app_user", id, 0, "");
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_user_set_lang(kp_ctx *ctx, const char *lang)
{
    if (!ctx || !lang || (strcmp(lang, "lv") != 0 && strcmp(lang, "en") != 0))
        return KP_EINVAL;
    if (!ctx->user_id)
        return KP_ENOTFOUND;
    return kp_q_user_set_lang(ctx->db, ctx->user_id, lang);
}

/* A stored user as the use cases see it. */
static void user_from_row(const kp_q_user *r, kp_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = r->id;
    memcpy(u->username, r->username, sizeof u->username);
    if (kp_role_parse(r->role, &u->role))
        u->role = KP_ROLE_SYSTEM; /* cannot happen: the CHECK constraint */
    u->municipality_id = r->municipality_id;
    u->provider_id = r->provider_id;
    memcpy(u->region, r->region, sizeof u->region);
    memcpy(u->lang, r->lang, sizeof u->lang);
    u->disabled = r->disabled;
    memcpy(u->created_at, r->created_at, sizeof u->created_at);
    memcpy(u->scope_label, r->scope_label, sizeof u->scope_label);
    memcpy(u->scope_name_lv, r->scope_name_lv, sizeof u->scope_name_lv);
    memcpy(u->scope_name_en, r->scope_name_en, sizeof u->scope_name_en);
}

kp_rc kp_user_get(kp_ctx *ctx, int64_t id, kp_user *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    kp_q_user r;
    kp_rc rc = kp_q_user_by_id(ctx->db, id, &r, NULL);
    if (!rc)
        user_from_row(&r, out);
    return rc;
}

kp_rc kp_user_act_as(kp_ctx *ctx, const char *username, kp_user *user)
{
    if (!ctx || !username || !user)
        return KP_EINVAL;
    memset(user, 0, sizeof *user);
    if (ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    int64_t id = 0;
    kp_rc rc = user_id_by_name(ctx, username, &id);
    if (!rc)
        rc = kp_user_get(ctx, id, user);
    if (!rc && user->disabled)
        rc = KP_EDENIED;
    if (rc) {
        memset(user, 0, sizeof *user);
        return rc;
    }
    ctx->role = user->role;
    ctx->actor = user->username;
    ctx->user_id = user->id;
    ctx->municipality_id = user->municipality_id;
    ctx->provider_id = user->provider_id;
    snprintf(ctx->region, sizeof ctx->region, "%s", user->region);
    return KP_OK;
}

kp_rc kp_user_list(kp_ctx *ctx, kp_users *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!may_manage(ctx))
        return KP_EDENIED;
    kp_q_users rows = {0};
    kp_rc rc = kp_q_user_list(ctx->db, &rows);
    if (!rc && rows.n) {
        out->items = kp_xmalloc(rows.n * sizeof *out->items);
        out->cap = rows.n;
        for (; out->n < rows.n; out->n++)
            user_from_row(&rows.items[out->n], &out->items[out->n]);
    }
    free(rows.items);
    return rc;
}

kp_rc kp_accounts_create_demo(kp_ctx *ctx, const char *password, kp_errors *e)
{
    static const char *const MUNIS[] = {"jelgava-city", "aizkraukle", "bauska", "dobele", "jelgava-county", "jekabpils"};
    if (!ctx || !e)
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    /* Shared by every demo account, so checked against no one user name. */
    if (kp_password_check(ctx, NULL, password, e))
        return KP_EINVAL;
    /* One hash for every demo account: they share the password by design,
     * so one salt reveals nothing more, and the demo is built in seconds. */
    char hash[KP_PWHASH_BYTES];
    kp_rc rc = kp_password_hash(password, hash);
    if (rc)
        return rc;
    int64_t providers[3] = {0, 0, 0};
    size_t nprov = 0;
    rc = kp_q_demo_providers(ctx->db, providers, &nprov);
    if (rc)
        goto out;
    rc = kp_store_begin(ctx->db);
    if (rc)
        goto out;
    char name[80];
    for (size_t i = 0; !rc && i < sizeof MUNIS / sizeof MUNIS[0]; i++) {
        int64_t muni = municipality_id(ctx, MUNIS[i]);
        if (!muni) {
            kp_errors_add(e, "municipality", MUNIS[i], "%s", "unknown demo municipality");
            rc = KP_ESTATE;
            break;
        }
        static const char *const PREFIX[] = {"sw", "head"};
        static const char *const ROLE[] = {"social_worker", "municipal_head"};
        for (size_t k = 0; !rc && k < 2; k++) {
            snprintf(name, sizeof name, "%s-%s", PREFIX[k], MUNIS[i]);
            kp_q_user_new u = {.username = name, .password_hash = hash, .role = ROLE[k], .municipality_id = muni,
                               .lang = "lv", .created_at = ctx->now};
            rc = kp_q_user_insert(ctx->db, &u, NULL);
        }
    }
    for (size_t i = 0; !rc && i < nprov; i++) {
        snprintf(name, sizeof name, "provider-%lld", (long long)providers[i]);
        kp_q_user_new u = {.username = name, .password_hash = hash, .role = "provider", .provider_id = providers[i],
                           .lang = "lv", .created_at = ctx->now};
        rc = kp_q_user_insert(ctx->db, &u, NULL);
    }
    if (!rc) {
        kp_q_user_new u = {.username = "region-zpr", .password_hash = hash, .role = "region", .region = "ZPR",
                           .lang = "lv", .created_at = ctx->now};
        rc = kp_q_user_insert(ctx->db, &u, NULL);
    }
    for (size_t i = 0; !rc && i < 2; i++) {
        const char *r = i == 0 ? "ministry" : "admin";
        kp_q_user_new u = {.username = r, .password_hash = hash, .role = r, .lang = "lv", .created_at = ctx->now};
        rc = kp_q_user_insert(ctx->db, &u, NULL);
    }
    if (!rc)
        rc = kp_audit(ctx, "create_demo_accounts", "app_user", 0, 0, "");
    if (rc) {
        kp_store_rollback(ctx->db);
        goto out;
    }
    rc = kp_store_commit(ctx->db);
out:
    sodium_memzero(hash, sizeof hash);
    return rc;
}
