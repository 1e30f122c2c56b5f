/* Accounts and sessions: password hashing, login, idle and absolute expiry
 * with an injected clock, throttling, CSRF tokens, logout everywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "service/accounts/accounts.h"
#include "service/transfer/catalogue.h"
#include "service/accounts/sessions.h"
#include "service/accounts/accounts_sql.h"
#include "pg_fixture.h"

typedef struct fixture {
    kp_store *st;
    kp_ctx ctx;
    /* The database: a file, or with KOPA_TEST_PG a fresh PostgreSQL
     * database's URL (pg_fixture.h). */
    char path[1024];
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    kp_password_fast_for_tests(true);
    snprintf(f.path, sizeof f.path, "%s/test_sessions.db", KOPA_TEST_TMP);
    kp_store_remove(f.path);
    if (pg_test_cluster() && pg_test_create("test_sessions", f.path, sizeof f.path))
        return -1;
    char err[256];
    if (kp_store_open(f.path, &f.st, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    f.ctx.db = f.st;
    f.ctx.role = KP_ROLE_SYSTEM;
    f.ctx.actor = "test";
    f.ctx.lang = "en";
    kp_ctx_set_now(&f.ctx);
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_catalogue_load(&f.ctx, kp_catalogue_dir(), &e);
    if (!rc)
        rc = kp_store_sync_ids(f.st); /* the catalogues give their ids */
    kp_errors_free(&e);
    if (rc)
        return -1;
    kp_user_in sw = {.username = "sw-test", .password = "correct-horse-1", .role = "social_worker",
                     .municipality = "bauska"};
    kp_user_in ad = {.username = "admin", .password = "correct-horse-2", .role = "admin"};
    kp_errors_init(&e);
    rc = kp_user_add(&f.ctx, &sw, &e, NULL);
    if (!rc)
        rc = kp_user_add(&f.ctx, &ad, &e, NULL);
    kp_errors_free(&e);
    if (rc)
        return -1;
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f) /* the setup failed */
        return 0;
    kp_store_close(f->st);
    if (pg_test_cluster())
        pg_test_drop(f->path);
    else
        kp_store_remove(f->path);
    return 0;
}

static void test_password_hash(void **state)
{
    (void)state;
    char h[KP_PWHASH_BYTES];
    assert_int_equal(kp_password_hash("Sālsmaize-42", h), KP_OK);
    assert_non_null(strstr(h, "$argon2id$"));
    assert_null(strstr(h, "Sālsmaize"));
    assert_true(kp_password_verify(h, "Sālsmaize-42"));
    assert_false(kp_password_verify(h, "sālsmaize-42"));
    assert_false(kp_password_verify(h, ""));
    assert_false(kp_password_verify(NULL, "x"));
    assert_false(kp_password_verify(h, NULL));
    assert_int_equal(kp_password_hash("", h), KP_EINVAL);
    assert_int_equal(kp_password_hash(NULL, h), KP_EINVAL);
    char h2[KP_PWHASH_BYTES];
    assert_int_equal(kp_password_hash("Sālsmaize-42", h2), KP_OK);
    assert_string_not_equal(h, h2); /* salted */
    char pw[32];
    kp_password_random(pw, sizeof pw);
    assert_int_equal(strlen(pw), 20);
}

/* The password policy (ASVS 2.1): length in characters, libpwquality's
 * checks, and our own messages in the person's language. */
static void test_password_policy(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *user, *pw;
        const char *lv_part; /* a piece of the Latvian message, "" when accepted */
    } cases[] = {
        {NULL, "aaaaaaaaaa", "vismaz 12"},                 /* the example: too short */
        {NULL, "ĀāĀāĀāĀāĀāĀ", "vismaz 12"},               /* 11 characters in 22 bytes */
        {NULL, "aaaaaaaaaaaa", "abiem galiem"},            /* long enough, a palindrome */
        {NULL, "abcdefghijkl", "vārdnīcas"},               /* cracklib: systematic */
        {NULL, "123456789012", "vārdnīcas"},
        {NULL, "Password1234", "viegli uzminams"},         /* our bad words */
        {NULL, "kopa-demo-2024", "viegli uzminams"},
        {"sw-test", "sw-test-778899", "lietotājvārds"},    /* the user name in it */
        {NULL, "", "obligāts"},
        {NULL, "Sālsmaize-42", ""},                        /* 12 characters, 13 bytes */
        {NULL, "correct-horse-1", ""},
        {"admin", "matrix-pass-42", ""},
    };
    kp_ctx lv = f->ctx;
    lv.lang = "lv";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kp_errors e;
        kp_errors_init(&e);
        kp_rc rc = kp_password_check(&lv, cases[i].user, cases[i].pw, &e);
        if (!*cases[i].lv_part) {
            if (rc != KP_OK)
                fail_msg("'%s' refused: %s", cases[i].pw, e.n ? e.items[0].message : "?");
        } else {
            assert_int_equal(rc, KP_EINVAL);
            assert_int_equal(e.n, 1);
            assert_string_equal(e.items[0].field, "password");
            if (!strstr(e.items[0].message, cases[i].lv_part))
                fail_msg("'%s': message '%s' lacks '%s'", cases[i].pw, e.items[0].message, cases[i].lv_part);
            /* pwquality's English never reaches the Latvian interface. */
            assert_null(strstr(e.items[0].message, "The password"));
            assert_null(strstr(e.items[0].message, "dictionary"));
        }
        kp_errors_free(&e);
    }
    /* The same refusal in English for an English-speaking user. */
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_password_check(&f->ctx, NULL, "abcdefghijkl", &e), KP_EINVAL);
    assert_non_null(strstr(e.items[0].message, "dictionary word"));
    kp_errors_free(&e);
    /* Every way of setting a password applies it. */
    kp_errors_init(&e);
    kp_user_in weak = {.username = "weakling", .password = "aaaaaaaaaa", .role = "admin"};
    assert_int_equal(kp_user_add(&f->ctx, &weak, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "password"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "admin", "password1234", &e), KP_EINVAL);
    kp_errors_free(&e);
    kp_errors_init(&e);
    assert_int_equal(kp_accounts_create_demo(&f->ctx, "qwertyuiop12", &e), KP_EINVAL);
    kp_errors_free(&e);
    /* Made-up passwords always pass. */
    for (int i = 0; i < 20; i++) {
        char pw[32];
        kp_password_random(pw, sizeof pw);
        kp_errors_init(&e);
        assert_int_equal(kp_password_check(&f->ctx, "admin", pw, &e), KP_OK);
        kp_errors_free(&e);
    }
}

static void test_user_validation(void **state)
{
    fixture *f = *state;
    kp_errors e;
    kp_errors_init(&e);
    kp_user_in bad = {.username = "Bad Name", .password = "short", .role = "wizard", .region = "ZPR"};
    assert_int_equal(kp_user_add(&f->ctx, &bad, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "username"));
    assert_non_null(kp_errors_for(&e, "password"));
    assert_non_null(kp_errors_for(&e, "role"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_user_in nomuni = {.username = "sw2", .password = "long-enough-1", .role = "social_worker"};
    assert_int_equal(kp_user_add(&f->ctx, &nomuni, &e, NULL), KP_EINVAL);
    assert_non_null(kp_errors_for(&e, "municipality"));
    kp_errors_free(&e);
    kp_errors_init(&e);
    kp_user_in dup = {.username = "admin", .password = "long-enough-1", .role = "admin"};
    assert_int_equal(kp_user_add(&f->ctx, &dup, &e, NULL), KP_ECONFLICT);
    kp_errors_free(&e);
    /* Only administrators and the operator manage accounts. */
    kp_ctx sw = f->ctx;
    sw.role = KP_ROLE_SOCIAL_WORKER;
    kp_errors_init(&e);
    kp_user_in ok = {.username = "x1", .password = "long-enough-1", .role = "admin"};
    assert_int_equal(kp_user_add(&sw, &ok, &e, NULL), KP_EDENIED);
    kp_users us;
    assert_int_equal(kp_user_list(&sw, &us), KP_EDENIED);
    kp_errors_free(&e);
}

static void test_login_and_expiry(void **state)
{
    fixture *f = *state;
    const int64_t t0 = 1700000000;
    char tok[KP_TOKEN_CHARS + 1];
    kp_session s, s2;
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.0.0.1", t0, tok, &s), KP_OK);
    assert_int_equal(strlen(tok), KP_TOKEN_CHARS);
    assert_int_equal(s.user.role, KP_ROLE_SOCIAL_WORKER);
    assert_true(s.user.municipality_id > 0);
    /* Seen within the idle limit: alive, and the idle clock restarts. */
    assert_int_equal(kp_session_lookup(&f->ctx, tok, t0 + 20 * 60, &s2), KP_OK);
    assert_string_equal(s2.csrf, s.csrf);
    assert_int_equal(kp_session_lookup(&f->ctx, tok, t0 + 45 * 60, &s2), KP_OK);
    /* Idle too long: gone, and stays gone. */
    assert_int_equal(kp_session_lookup(&f->ctx, tok, t0 + 45 * 60 + KP_SESSION_IDLE_SECS, &s2), KP_ENOTFOUND);
    assert_int_equal(kp_session_lookup(&f->ctx, tok, t0 + 46 * 60, &s2), KP_ENOTFOUND);

    /* Absolute expiry, even when used every few minutes. */
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.0.0.1", t0, tok, &s), KP_OK);
    int64_t t = t0;
    for (; t < t0 + KP_SESSION_MAX_SECS - 600; t += 600)
        assert_int_equal(kp_session_lookup(&f->ctx, tok, t, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&f->ctx, tok, t0 + KP_SESSION_MAX_SECS, &s2), KP_ENOTFOUND);

    /* Garbage tokens. */
    assert_int_equal(kp_session_lookup(&f->ctx, "nope", t0, &s2), KP_ENOTFOUND);
    assert_int_equal(kp_session_lookup(&f->ctx, NULL, t0, &s2), KP_ENOTFOUND);
    assert_int_equal(kp_login(&f->ctx, "sw-test", "wrong", "10.0.0.1", t0, tok, &s), KP_EDENIED);
    assert_string_equal(tok, "");
    assert_int_equal(kp_login(&f->ctx, "nobody", "wrong", "10.0.0.1", t0, tok, &s), KP_EDENIED);
}

static void test_csrf(void **state)
{
    fixture *f = *state;
    char tok[KP_TOKEN_CHARS + 1];
    kp_session s;
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.0.0.2", 1800000000, tok, &s), KP_OK);
    assert_true(kp_csrf_ok(&s, s.csrf));
    assert_false(kp_csrf_ok(&s, ""));
    assert_false(kp_csrf_ok(&s, NULL));
    assert_false(kp_csrf_ok(&s, tok)); /* the session token is not the CSRF token */
    char other[KP_TOKEN_CHARS + 1];
    memcpy(other, s.csrf, sizeof other);
    other[0] = other[0] == 'A' ? 'B' : 'A';
    assert_false(kp_csrf_ok(&s, other));
    other[KP_TOKEN_CHARS - 1] = '\0';
    assert_false(kp_csrf_ok(&s, other));
    assert_false(kp_csrf_ok(NULL, s.csrf));
}

static kp_rc try_login(fixture *f, const char *user, const char *pw, const char *addr, const char *device, int64_t now,
                       kp_login_out *o)
{
    kp_login_in in = {.username = user, .password = pw, .address = addr, .device = device, .now = now};
    return kp_login_device(&f->ctx, &in, o);
}

/* ASVS 2.2.1: 300 guesses in an hour are cut to well under 100, and the
 * guessing does not lock out the owner, whose browser has the device
 * cookie. */
static void test_throttling(void **state)
{
    fixture *f = *state;
    const int64_t t0 = 1900000000;
    static kp_login_out o;
    /* The owner logs in from their browser, which gets a device cookie. */
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.3", NULL, t0, &o), KP_OK);
    char device[KP_TOKEN_CHARS + 1];
    assert_int_equal(strlen(o.device), KP_TOKEN_CHARS);
    memcpy(device, o.device, sizeof device);
    assert_string_not_equal(device, o.token);

    /* 300 guesses in an hour, each from another address (a botnet). */
    int checked = 0, refused = 0, owner_ok = 0;
    char addr[32], guess[32];
    for (int i = 0; i < 300; i++) {
        int64_t now = t0 + 1 + i * 12;
        snprintf(addr, sizeof addr, "10.2.%d.%d", i / 200, i % 200);
        snprintf(guess, sizeof guess, "guess-%d", i);
        kp_rc rc = try_login(f, "sw-test", guess, addr, NULL, now, &o);
        if (rc == KP_EDENIED) {
            checked++;
        } else {
            assert_int_equal(rc, KP_ERULE);
            assert_true(o.retry_after >= 1 && o.retry_after <= KP_LOGIN_UNTRUSTED_WINDOW);
            refused++;
        }
        /* Meanwhile the owner's device logs in as usual … */
        if (i % 50 == 49) {
            assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.3", device, now, &o), KP_OK);
            assert_string_equal(o.device, device); /* the same device, remembered */
            owner_ok++;
        }
    }
    if (checked > 100 || checked < KP_LOGIN_UNTRUSTED_MAX)
        fail_msg("%d of 300 guesses were checked in an hour", checked);
    assert_true(checked <= 4 * KP_LOGIN_UNTRUSTED_MAX); /* a sliding 15-minute window */
    assert_int_equal(checked + refused, 300);
    assert_int_equal(owner_ok, 6);
    /* … while without it even the right password waits, unchecked. */
    int64_t t1 = t0 + 1 + 299 * 12;
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.9", NULL, t1, &o), KP_ERULE);
    /* A made-up device cookie, or another account's, is no device. */
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.9", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                               t1, &o),
                     KP_ERULE);
    static kp_login_out adm;
    assert_int_equal(try_login(f, "admin", "correct-horse-2", "10.0.0.5", NULL, t1, &adm), KP_OK); /* not affected */
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.9", adm.device, t1, &o), KP_ERULE);
    /* After the window all is well again. */
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.9", NULL, t1 + KP_LOGIN_UNTRUSTED_WINDOW, &o),
                     KP_OK);

    /* Guesses from the owner's own device count against that device only. */
    int64_t t2 = t1 + 2 * KP_LOGIN_UNTRUSTED_WINDOW;
    for (int i = 0; i < KP_LOGIN_DEVICE_MAX; i++)
        assert_int_equal(try_login(f, "sw-test", "typo-typo", "10.0.0.3", device, t2 + i, &o), KP_EDENIED);
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.3", device, t2 + 20, &o), KP_ERULE);
    assert_true(o.retry_after > 0 && o.retry_after <= KP_LOGIN_DEVICE_WINDOW);
    assert_int_equal(try_login(f, "sw-test", "correct-horse-1", "10.0.0.4", NULL, t2 + 21, &o), KP_OK);

    /* Per address: many accounts (existing or not) from one address. */
    int64_t t3 = t2 + 10000;
    char name[32];
    for (int i = 0; i < KP_LOGIN_ADDRESS_MAX; i++) {
        snprintf(name, sizeof name, "ghost%d", i);
        assert_int_equal(try_login(f, name, "x", "10.9.9.9", NULL, t3, &o), KP_EDENIED);
    }
    assert_int_equal(try_login(f, "admin", "correct-horse-2", "10.9.9.9", NULL, t3, &o), KP_ERULE);
    /* … but not the owner's device behind the same address. */
    assert_int_equal(try_login(f, "admin", "correct-horse-2", "10.9.9.9", adm.device, t3, &o), KP_OK);
    /* The classic entry point behaves the same. */
    char tok[KP_TOKEN_CHARS + 1];
    kp_session s;
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.9.9.9", t3, tok, &s), KP_ERULE);
    /* A new password forgets the devices trusted under the old one. */
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "admin", "another-pass-9", &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(try_login(f, "admin", "another-pass-9", "10.9.9.9", adm.device, t3, &o), KP_ERULE);
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "admin", "correct-horse-2", &e), KP_OK);
    kp_errors_free(&e);
}

static void test_logout_everywhere_and_disable(void **state)
{
    fixture *f = *state;
    const int64_t t0 = 2000000000;
    char a[KP_TOKEN_CHARS + 1], b[KP_TOKEN_CHARS + 1];
    kp_session s, s2;
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.1.0.1", t0, a, &s), KP_OK);
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.1.0.2", t0, b, &s2), KP_OK);
    assert_string_not_equal(a, b);
    kp_ctx uc = f->ctx;
    kp_session_ctx(&s, &uc);
    assert_int_equal(kp_session_end(&uc, a), KP_OK);
    assert_int_equal(kp_session_lookup(&f->ctx, a, t0 + 1, &s), KP_ENOTFOUND);
    assert_int_equal(kp_session_lookup(&f->ctx, b, t0 + 1, &s), KP_OK);
    assert_int_equal(kp_session_end_all(&uc), KP_OK);
    assert_int_equal(kp_session_lookup(&f->ctx, b, t0 + 1, &s), KP_ENOTFOUND);
    /* A disabled account cannot log in; enabling it again lets it. */
    assert_int_equal(kp_user_set_disabled(&f->ctx, "admin", true), KP_OK);
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.1.0.1", t0 + 2, a, &s), KP_EDENIED);
    assert_int_equal(kp_user_set_disabled(&f->ctx, "admin", false), KP_OK);
    assert_int_equal(kp_login(&f->ctx, "admin", "correct-horse-2", "10.1.0.1", t0 + 3, a, &s), KP_OK);
    /* A new password ends the sessions. */
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "admin", "another-pass-9", &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_session_lookup(&f->ctx, a, t0 + 4, &s), KP_ENOTFOUND);
    assert_int_equal(kp_login(&f->ctx, "admin", "another-pass-9", "10.1.0.1", t0 + 5, a, &s), KP_OK);
}

/* A session kept by one connection (issue 10: its row is not read on every
 * request) ends there as soon as another connection — another server on
 * the same database — logs it out, ends all the user's sessions, sets a
 * new password or disables the account (live migration 6's stamp). */
static void test_kept_session_ends_everywhere(void **state)
{
    fixture *f = *state;
    const int64_t t0 = 2100000000;
    kp_store *other = NULL;
    char err[256];
    assert_int_equal(kp_store_open_existing(f->path, &other, err, sizeof err), KP_OK);
    kp_ctx b = f->ctx;
    b.db = other;
    char tok[KP_TOKEN_CHARS + 1], tok2[KP_TOKEN_CHARS + 1];
    kp_session s, s2;
    int64_t stamp0 = -1, stamp = -1;
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.2.0.1", t0, tok, &s), KP_OK);
    assert_int_equal(kp_q_sessions_stamp(f->st, &stamp0), KP_OK);
    /* Server B reads it and keeps it; seen again within the minute it
     * answers the same session, without a write (the stamp stays). */
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 1, &s2), KP_OK);
    assert_string_equal(s2.csrf, s.csrf);
    assert_int_equal(s2.id, s.id);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 30, &s2), KP_OK);
    assert_int_equal(s2.user.id, s.user.id);
    assert_int_equal(s2.last_seen, t0);
    /* A minute on: the row is read again and marked seen, as before; a
     * touch does not move the stamp. */
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 61, &s2), KP_OK);
    assert_int_equal(s2.last_seen, t0 + 61);
    assert_int_equal(kp_q_sessions_stamp(f->st, &stamp), KP_OK);
    assert_int_equal(stamp, stamp0);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 62, &s2), KP_OK);
    assert_int_equal(s2.last_seen, t0 + 61);
    /* Logged out through A: gone on B at once, and the stamp moved on by
     * the one deleted row. */
    kp_ctx uc = f->ctx;
    kp_session_ctx(&s, &uc);
    assert_int_equal(kp_session_end(&uc, tok), KP_OK);
    assert_int_equal(kp_q_sessions_stamp(other, &stamp), KP_OK);
    assert_int_equal(stamp, stamp0 + 1);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 63, &s2), KP_ENOTFOUND);

    /* All of a user's sessions ended through A. */
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.2.0.1", t0 + 100, tok, &s), KP_OK);
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.2.0.1", t0 + 100, tok2, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 101, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok2, t0 + 101, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok2, t0 + 102, &s2), KP_OK);
    kp_session_ctx(&s, &uc);
    assert_int_equal(kp_session_end_all(&uc), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 103, &s2), KP_ENOTFOUND);
    assert_int_equal(kp_session_lookup(&b, tok2, t0 + 103, &s2), KP_ENOTFOUND);

    /* A new password set through A. */
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-1", "10.2.0.1", t0 + 200, tok, &s), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 201, &s2), KP_OK);
    kp_errors e;
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "sw-test", "correct-horse-7", &e), KP_OK);
    kp_errors_free(&e);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 202, &s2), KP_ENOTFOUND);

    /* The account disabled through A. */
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-7", "10.2.0.1", t0 + 300, tok, &s), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 301, &s2), KP_OK);
    assert_int_equal(kp_user_set_disabled(&f->ctx, "sw-test", true), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 302, &s2), KP_ENOTFOUND);
    assert_int_equal(kp_user_set_disabled(&f->ctx, "sw-test", false), KP_OK);

    /* Idle and absolute expiry still end a kept session. */
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-7", "10.2.0.1", t0 + 400, tok, &s), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 401, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t0 + 401 + KP_SESSION_IDLE_SECS, &s2), KP_ENOTFOUND);
    /* Seen every 50 s (every other look-up from what B keeps) up to its
     * absolute end, where it ends. */
    const int64_t t1 = t0 + 500;
    assert_int_equal(kp_login(&f->ctx, "sw-test", "correct-horse-7", "10.2.0.1", t1, tok, &s), KP_OK);
    int64_t t = t1 + 1;
    for (; t < t1 + KP_SESSION_MAX_SECS; t += 50)
        assert_int_equal(kp_session_lookup(&b, tok, t, &s2), KP_OK);
    assert_int_equal(kp_session_lookup(&b, tok, t1 + KP_SESSION_MAX_SECS, &s2), KP_ENOTFOUND);
    kp_errors_init(&e);
    assert_int_equal(kp_user_set_password(&f->ctx, "sw-test", "correct-horse-1", &e), KP_OK);
    kp_errors_free(&e);
    kp_store_close(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash), cmocka_unit_test(test_password_policy),
        cmocka_unit_test(test_user_validation),
        cmocka_unit_test(test_login_and_expiry), cmocka_unit_test(test_csrf),
        cmocka_unit_test(test_throttling), cmocka_unit_test(test_logout_everywhere_and_disable),
        cmocka_unit_test(test_kept_session_ends_everywhere),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
