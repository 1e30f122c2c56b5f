/* Lists that scale, words not codes, nothing typed lost — in-process over a
 * small hand-made database with the clock at 15 June 2022 10:00 UTC
 * (13:00 in Riga): a worker's start page shows counts and the top rows
 * with "all" links; whole lists page (25 a page, "lapa N no M") and sort;
 * search finds "Ozoliņš" from "ozolins", by birth date and by the first six
 * digits of the code, telling namesakes apart by birth date and masked
 * code; no page shows a raw code; dates are typed dd.mm.gggg.; a form sent
 * after the session ended shows the login in place and is saved after the
 * same user logs in (not another, not without the session's CSRF token);
 * a form page opened again shows its draft. Every HTML answer through tidy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "check_db.h"
#include "http_client.h"
#include "web_fixture.h"
#include "core/buf.h"
#include "service/casework/casework.h"
#include "service/casework/cases.h"
#include "web/server.h"

#define PASSWORD "people-pass-123"
#define BAUSKA "0025000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL
#define NCLIENTS 60

static int64_t g_ids[NCLIENTS];
static char g_code0[16], g_code1[16]; /* the two Jānis Ozoliņš */

/* The test's records, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"sw-b", "social_worker", BAUSKA, NULL},
                                {"sw-b2", "social_worker", BAUSKA, NULL},
                                {"admin", "admin", NULL, NULL}};
    int64_t uid[sizeof U / sizeof U[0]];
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], uid);
    /* 60 clients of sw-b: two namesakes "Jānis Ozoliņš" (born 1980 and
     * 1990), "Ilze Ozola", and 57 others; birth dates one year apart. */
    for (int i = 0; i < NCLIENTS && !rc; i++) {
        char code[16], given[32], family[32], born[11];
        wf_personal_code(1000 + i * 37, code);
        if (i == 0)
            memcpy(g_code0, code, sizeof code);
        if (i == 1)
            memcpy(g_code1, code, sizeof code);
        snprintf(given, sizeof given, "%s", i < 2 ? "Jānis" : i == 2 ? "Ilze" : "Anna");
        snprintf(family, sizeof family, "%s", i < 2 ? "Ozoliņš" : i == 2 ? "Ozola" : "Kalne");
        if (i >= 3)
            snprintf(family, sizeof family, "Kalne%c%c", 'a' + i / 26, 'a' + i % 26);
        snprintf(born, sizeof born, "%04d-03-12", i == 1 ? 1990 : 1940 + i);
        kp_client_in c = {.personal_code = code, .given_name = given, .family_name = family, .birth_date = born,
                          .municipality = BAUSKA, .target_group = "grt", .disability_group = "2",
                          .registered_on = "2022-01-10"};
        rc = kp_client_register(ctx, &c, e, &g_ids[i]);
        char cid[24], wid[24];
        snprintf(cid, sizeof cid, "%lld", (long long)g_ids[i]);
        snprintf(wid, sizeof wid, "%lld", (long long)uid[0]); /* sw-b */
        if (!rc)
            rc = kp_caseload_reassign(ctx, cid, wid, e);
    }
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_lists", .password = PASSWORD,
                    .now = "2022-06-15T10:00:00Z", .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* The text people read (tags removed), for the scan for raw codes. */
static char *text_of(const char *html)
{
    size_t n = strlen(html);
    char *out = malloc(n + 1);
    size_t k = 0;
    bool tag = false;
    for (size_t i = 0; i < n; i++) {
        if (html[i] == '<')
            tag = true;
        else if (html[i] == '>') {
            tag = false;
            out[k++] = ' ';
        } else if (!tag)
            out[k++] = html[i];
    }
    out[k] = '\0';
    return out;
}

static void no_raw_codes(const tc_resp *r, const char *what)
{
    static const char *const CODES[] = {"grt", "ft", "bsac", "parents", "social_worker", "municipal_head",
                                        "read_personal_code", "search_by_code", "app_user", "GGGG-MM-DD", NULL};
    char *t = text_of(r->body);
    for (size_t i = 0; CODES[i]; i++) {
        size_t len = strlen(CODES[i]);
        for (const char *p = strstr(t, CODES[i]); p; p = strstr(p + 1, CODES[i])) {
            bool left = p == t || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
            bool right = !(isalnum((unsigned char)p[len]) || p[len] == '_');
            if (left && right)
                fail_msg("%s shows the raw code '%s'", what, CODES[i]);
        }
    }
    free(t);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_start_page_counts_and_top(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    tc_resp r;
    assert_int_equal(wf_get(&sw, "/caseload", &r), 200);
    wf_expect_in(&r, "<strong>60</strong> Klienti");
    wf_expect_in(&r, "Visi (60)");
    /* 10 client rows, not 60: each row has one client link in the client table. */
    const char *tbl = strstr(r.body, "<h2>Klienti</h2>");
    assert_non_null(tbl);
    assert_int_equal(count_of(tbl, "<tr><td><a href=\"/clients/"), 10);
    no_raw_codes(&r, "/caseload");
    tc_resp_free(&r);
}

static void test_whole_list_pages_and_sorts(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    tc_resp r;
    assert_int_equal(wf_get(&sw, "/caseload?show=clients", &r), 200);
    wf_expect_in(&r, "Rādīti 1–25 no 60 · lapa 1 no 3");
    assert_int_equal(count_of(strstr(r.body, "<tbody>"), "<tr>"), 25);
    no_raw_codes(&r, "/caseload?show=clients");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&sw, "/caseload?show=clients&page=3", &r), 200);
    wf_expect_in(&r, "Rādīti 51–60 no 60 · lapa 3 no 3");
    wf_expect_in(&r, "Iepriekšējā lapa");
    wf_expect_not_in(&r, "Nākamā lapa");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&sw, "/caseload?show=clients&per=50&page=2", &r), 200);
    wf_expect_in(&r, "Rādīti 51–60 no 60 · lapa 2 no 2");
    tc_resp_free(&r);
    /* Youngest first: born 1998 (i = 58: Kalnec?); the 1990 Ozoliņš is
     * after every 1990s-born Kalne; oldest first: Jānis Ozoliņš of 1940. */
    assert_int_equal(wf_get(&sw, "/caseload?show=clients&sort=birth", &r), 200);
    const char *first = strstr(strstr(r.body, "<tbody>"), "<a href=\"/clients/");
    assert_non_null(first);
    assert_true(strncmp(strstr(first, "\">") + 2, "Ozoliņš Jānis</a></td><td>12.03.1940.", 37) == 0);
    wf_expect_in(&r, "aria-sort=\"ascending\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&sw, "/caseload?show=clients&sort=birth&dir=desc", &r), 200);
    first = strstr(strstr(r.body, "<tbody>"), "<a href=\"/clients/");
    assert_true(strstr(first, "12.03.1999.") && strstr(first, "12.03.1999.") < strstr(first, "12.03.1998."));
    tc_resp_free(&r);
    /* Filter without diacritics. */
    assert_int_equal(wf_get(&sw, "/caseload?show=clients&q=ozolins", &r), 200);
    wf_expect_in(&r, "Rādīti 1–2 no 2 · lapa 1 no 1");
    tc_resp_free(&r);
}

static void test_search_accent_birth_code(void **state)
{
    (void)state;
    wf_who sw;
    wf_log_in("sw-b", &sw);
    tc_resp r;
    const char *q1[] = {"q", "ozolins", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q1, &r), 200);
    wf_expect_in(&r, "Rādīti 1–2 no 2");
    /* Namesakes told apart by birth date and masked code. */
    wf_expect_in(&r, "12.03.1940.");
    wf_expect_in(&r, "12.03.1990.");
    char m0[16], m1[16];
    snprintf(m0, sizeof m0, "%.6s-*****", g_code0);
    snprintf(m1, sizeof m1, "%.6s-*****", g_code1);
    wf_expect_in(&r, m0);
    wf_expect_in(&r, m1);
    wf_expect_not_in(&r, g_code0 + 7); /* never the rest of the code */
    no_raw_codes(&r, "search results");
    tc_resp_free(&r);
    const char *q2[] = {"q", "OZOLIŅŠ jānis", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q2, &r), 200);
    wf_expect_in(&r, "Rādīti 1–2 no 2");
    tc_resp_free(&r);
    /* Two born that day: the younger Jānis and one Kalne (1940 + 50). */
    const char *q3[] = {"q", "12.03.1990.", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q3, &r), 200);
    wf_expect_in(&r, "Rādīti 1–2 no 2");
    wf_expect_in(&r, "Ozoliņš Jānis");
    tc_resp_free(&r);
    /* The first six digits of an old-format code are the birth date. */
    const char *q4[] = {"q", "120390", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q4, &r), 200);
    wf_expect_in(&r, "Rādīti 1–2 no 2");
    tc_resp_free(&r);
    const char *q6[] = {"q", "120342-", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q6, &r), 200);
    wf_expect_in(&r, "Rādīti 1–1 no 1");
    tc_resp_free(&r);
    /* Everyone, paged with buttons (no 100 limit). */
    const char *q5[] = {"q", "", "page", "3", NULL};
    assert_int_equal(wf_post_form(&sw, "/clients/search", q5, &r), 200);
    wf_expect_in(&r, "Rādīti 51–60 no 60 · lapa 3 no 3");
    tc_resp_free(&r);
}

static void test_audit_in_words_and_local_time(void **state)
{
    (void)state;
    wf_who ad;
    wf_log_in("admin", &ad);
    tc_resp r;
    assert_int_equal(wf_get(&ad, "/admin/audit?action=login", &r), 200);
    /* 10:00 UTC on 15 June is 13:00 in Riga (summer time). */
    wf_expect_in(&r, "15.06.2022. 13:00");
    wf_expect_not_in(&r, "T10:00");
    wf_expect_in(&r, "pieteicās");
    no_raw_codes(&r, "/admin/audit");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&ad, "/admin/audit", &r), 200);
    wf_expect_in(&r, "lapa 1 no ");
    wf_expect_in(&r, "sociālais darbinieks");
    no_raw_codes(&r, "/admin/audit (all)");
    tc_resp_free(&r);
}

/* Logs in through the form; `pre` is the pre-login token (cookie and field). */
static int form_login(const char *pre, const char *user, const char *resume, tc_resp *out)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    wf_form_add(&b, "csrf", pre);
    wf_form_add(&b, "username", user);
    wf_form_add(&b, "password", PASSWORD);
    if (resume)
        wf_form_add(&b, "resume", resume);
    char hdr[200];
    snprintf(hdr, sizeof hdr, "Cookie: kopa_pre=%s\r\n", pre);
    int rc = tc_request(&wf.conn, "POST", "/login", hdr, "application/x-www-form-urlencoded", kp_buf_str(&b), b.len, out);
    kp_buf_free(&b);
    assert_int_equal(rc, 0);
    return out->status;
}

static int64_t corrections(int64_t client)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE client_id = %lld AND action = ?1", (long long)client);
    return check_db_int_text(wf.db, sql, "correct");
}

static void test_expired_post_kept_for_the_same_user(void **state)
{
    (void)state;
    int64_t client = g_ids[2];
    const char *path = wf_path("/clients/%lld/correct", client);
    wf_who sw;
    wf_log_in("sw-b", &sw);
    /* The session's CSRF token, as the form carried it. */
    const char *tok = strstr(sw.auth, "X-CSRF-Token: ") + 14;
    char csrf[64];
    snprintf(csrf, sizeof csrf, "%.*s", (int)strcspn(tok, "\r"), tok);
    /* 31 minutes idle. */
    atomic_store(&wf.clock, JUNE_15 + 31 * 60);
    kp_buf b;
    kp_buf_init(&b, 0);
    wf_form_add(&b, "csrf", "wrong-token");
    wf_form_add(&b, "effective_on", "01.03.2022.");
    wf_form_add(&b, "reason", "laulība");
    wf_form_add(&b, "family_name", "Bērziņa");
    wf_form_add(&b, "orig_family_name", "Ozola");
    wf_form_add(&b, "form_token", "tok-lists-0");
    tc_resp r;
    /* Without the session's token: the login in place, nothing kept. */
    assert_int_equal(tc_request(&wf.conn, "POST", path, sw.cookie, "application/x-www-form-urlencoded", kp_buf_str(&b),
                                b.len, &r),
                     0);
    assert_int_equal(r.status, 401);
    wf_expect_in(&r, "action=\"/login\"");
    wf_expect_in(&r, "Piesakieties un nosūtiet formu vēlreiz");
    wf_expect_not_in(&r, "Kļūda 401");
    wf_expect_not_in(&r, "name=\"resume\"");
    wf_tidy_ok(r.body, "login in place");
    tc_resp_free(&r);
    kp_buf_free(&b);
    kp_buf_init(&b, 0);
    wf_form_add(&b, "csrf", csrf);
    wf_form_add(&b, "effective_on", "01.03.2022.");
    wf_form_add(&b, "reason", "laulība");
    wf_form_add(&b, "given_name", "Ilze");
    wf_form_add(&b, "orig_given_name", "Ilze");
    wf_form_add(&b, "family_name", "Kalniņa");
    wf_form_add(&b, "orig_family_name", "Ozola");
    wf_form_add(&b, "form_token", "tok-lists-1");
    assert_int_equal(tc_request(&wf.conn, "POST", path, sw.cookie, "application/x-www-form-urlencoded", kp_buf_str(&b),
                                b.len, &r),
                     0);
    kp_buf_free(&b);
    assert_int_equal(r.status, 401);
    wf_expect_in(&r, "Jūsu sesija ir beigusies");
    /* A correction of a name carries no personal code: nothing to retype. */
    wf_expect_not_in(&r, "personas kods");
    wf_expect_in(&r, "name=\"resume\"");
    wf_tidy_ok(r.body, "login in place, form kept");
    char *pre_c = tc_set_cookie(&r, "kopa_pre");
    assert_non_null(pre_c);
    char pre[64];
    snprintf(pre, sizeof pre, "%s", pre_c + strlen("kopa_pre="));
    free(pre_c);
    wf_expect_in(&r, pre); /* the login form carries it */
    tc_resp_free(&r);
    assert_int_equal(corrections(client), 0);
    /* Another worker logs in on that browser: the form is not theirs. */
    assert_int_equal(form_login(pre, "sw-b2", path, &r), 303);
    char *loc = tc_header(&r, "Location");
    assert_string_equal(loc, "/");
    free(loc);
    tc_resp_free(&r);
    assert_int_equal(corrections(client), 0);
    /* Its owner logs in: saved, and on to where the form goes. */
    if (form_login(pre, "sw-b", path, &r) != 303)
        fail_msg("replay: %d\n%.6000s", r.status, strstr(r.body, "<main") ? strstr(r.body, "<main") : r.body);
    loc = tc_header(&r, "Location");
    assert_string_equal(loc, wf_path("/clients/%lld?saved=1", client));
    free(loc);
    char *sc = tc_set_cookie(&r, "kopa_session");
    assert_non_null(sc);
    free(sc);
    tc_resp_free(&r);
    assert_int_equal(corrections(client), 1);
    /* Once only: the kept form is gone. */
    assert_int_equal(form_login(pre, "sw-b", path, &r), 303);
    loc = tc_header(&r, "Location");
    assert_string_equal(loc, "/");
    free(loc);
    tc_resp_free(&r);
    assert_int_equal(corrections(client), 1);
    atomic_store(&wf.clock, JUNE_15);
}

static void test_form_page_shows_its_draft(void **state)
{
    (void)state;
    int64_t client = g_ids[3];
    wf_who sw;
    wf_log_in("sw-b", &sw);
    char form[80];
    snprintf(form, sizeof form, "form:/clients/%lld/correct", (long long)client);
    const char *d[] = {"form", form, "record_key", "", "body", "reason=rakst%C4%ABts+iepriek%C5%A1&given_name=Anna", NULL};
    assert_int_equal(wf_post_form(&sw, "/drafts", d, NULL), 204);
    tc_resp r;
    assert_int_equal(wf_get(&sw, wf_path("/clients/%lld/correct", client), &r), 200);
    wf_expect_in(&r, ">rakstīts iepriekš<"); /* the reason is a textarea */
    wf_expect_in(&r, "ko iepriekš ierakstījāt");
    /* Dates typed the Latvian way, with a Latvian hint. */
    wf_expect_in(&r, "dd.mm.gggg.");
    wf_expect_not_in(&r, "GGGG-MM-DD");
    wf_expect_in(&r, "value=\"15.06.2022.\"");
    tc_resp_free(&r);
    /* Another user does not see it. */
    wf_who sw2;
    wf_log_in("sw-b2", &sw2);
    assert_int_equal(wf_get(&sw2, wf_path("/clients/%lld/correct", client), &r), 200);
    wf_expect_not_in(&r, "rakstīts iepriekš");
    tc_resp_free(&r);
    /* A bad date comes back in the form, with what was typed. */
    const char *bad[] = {"effective_on", "31.02.2022.", "reason", "x", "given_name", "Anna", NULL};
    assert_int_equal(wf_post_form(&sw, wf_path("/clients/%lld/correct", client), bad, &r), 400);
    wf_expect_in(&r, "dd.mm.gggg.");
    wf_expect_in(&r, "datums jānorāda formā dd.mm.gggg.");
    wf_expect_in(&r, ">x<"); /* the rest of the form is kept */
    tc_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_page_counts_and_top),
        cmocka_unit_test(test_whole_list_pages_and_sorts),
        cmocka_unit_test(test_search_accent_birth_code),
        cmocka_unit_test(test_audit_in_words_and_local_time),
        cmocka_unit_test(test_expired_post_kept_for_the_same_user),
        cmocka_unit_test(test_form_page_shows_its_draft),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
