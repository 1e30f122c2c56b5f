/* Applying online (issue 12, item 2), in-process over a small hand-made
 * database with the server's clock at 15 June 2022: the public form in
 * Latvian and English (tidy-valid, fields named in the messages, the signed
 * form token), an application landing in its municipality's queue and in no
 * other (404 for another municipality's worker, 403 for the region), accept
 * registering or linking the client, ask-for-more and refuse shown on the
 * status page with the answer back, a wrong code reading as an unknown
 * reference, the throttle's 429, and no personal code in the server's log,
 * the audit trail or the access log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include "check_db.h"
#include "http_client.h"
#include "web_fixture.h"
#include "core/personal_code.h"
#include "store/store.h"
#include "service/casework/cases.h"
#include "service/intake/applications.h"

#define PASSWORD "apply-pass-1234"
#define BAUSKA "0025000"
#define DOBELE "0028000"
#define JUNE_15 1655287200LL /* 2022-06-15T10:00:00Z */
#define HOUR_S 3600LL

static int64_t g_existing; /* Bauska's client whose code an application names */
static char g_log[600];    /* the server's stderr during the tests */
static int g_saved_stderr = -1;

/* Every personal code the tests type, to look for in the log and audit. */
static char g_codes[16][16];
static size_t g_ncodes;

static const char *remember(const char *code)
{
    if (g_ncodes < 16)
        snprintf(g_codes[g_ncodes++], 16, "%s", code);
    return code;
}

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"sw-b", "social_worker", BAUSKA, NULL},
                                {"head-b", "municipal_head", BAUSKA, NULL},
                                {"sw-d", "social_worker", DOBELE, NULL},
                                {"region-z", "region", NULL, "ZPR"}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    char c[16];
    wf_personal_code(5000, c);
    kp_client_in a = {.personal_code = c, .given_name = "Anna", .family_name = "Kalna", .birth_date = "1979-03-02",
                      .municipality = BAUSKA, .target_group = "grt", .disability_group = "2",
                      .registered_on = "2021-10-01"};
    if (!rc)
        rc = kp_client_register(ctx, &a, e, &g_existing);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    /* The server logs to stderr: keep it in a file to search. */
    snprintf(g_log, sizeof g_log, "%s/test_apply_pages.log", KOPA_TEST_TMP);
    fflush(stderr);
    g_saved_stderr = dup(2);
    int fd = open(g_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        dup2(fd, 2);
        close(fd);
    }
    wf_options o = {.name = "test_apply_pages", .password = PASSWORD, .now = "2022-06-15T10:00:00Z",
                    .clock = JUNE_15, .build = build, .access_log = true};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    int rc = wf_stop();
    fflush(stderr);
    if (g_saved_stderr >= 0) {
        dup2(g_saved_stderr, 2);
        close(g_saved_stderr);
    }
    return rc;
}

/* A valid old-format code for a birth date "DDMMYY" with the century
 * digit (1: the 1900s, 2: the 2000s), the first from serial n. */
static void old_code(const char *ddmmyy, int century, int n, char out[16])
{
    for (int k = n;; k++) {
        char d[16];
        snprintf(d, sizeof d, "%.6s%d%03d", ddmmyy, century, k % 1000);
        int c = kp_pc_check_digit(d);
        if (c >= 0 && c <= 9) {
            snprintf(out, 16, "%.6s-%.4s%d", d, d + 6, c);
            return;
        }
    }
}

/* The value of the first `name="csrf" value="…"` in a page. */
static void token_of(const char *html, char out[128])
{
    const char *p = wf_find(html, "name=\"csrf\" value=\"");
    p += strlen("name=\"csrf\" value=\"");
    size_t n = strcspn(p, "\"");
    assert_true(n < 128);
    memcpy(out, p, n);
    out[n] = '\0';
}

/* A fresh token for the form of page `path`. */
static void fresh_token(const char *path, char out[128])
{
    tc_resp r;
    assert_int_equal(wf_get(NULL, path, &r), 200);
    token_of(r.body, out);
    tc_resp_free(&r);
}

/* The text of the n-th <strong class="code"> (0: reference, 1: code). */
static void strong_code(const char *html, int n, char *out, size_t len)
{
    const char *p = html;
    for (int i = 0; i <= n; i++) {
        p = wf_find(p, "<strong class=\"code\">");
        p += strlen("<strong class=\"code\">");
    }
    size_t k = strcspn(p, "<");
    assert_true(k < len);
    memcpy(out, p, k);
    out[k] = '\0';
}

typedef struct app {
    char ref[32], code[32];
    char receipt_token[128]; /* the receipt page's form: the PDF */
    int64_t id;
} app;

/* Submits the Latvian form for a parent applying for a child (new-format
 * code: the birth date is typed) to `atvk`; fills *a from the receipt. */
static void apply_for_child(const char *atvk, int n, app *a, const char *child_code)
{
    char tok[128], parent[16];
    fresh_token("/pieteikums", tok);
    old_code("020385", 1, n, parent);
    remember(parent);
    remember(child_code);
    const char *kv[] = {"csrf", tok, "relation", "parent", "applicant_given_name", "Inese",
                        "applicant_family_name", "Liepa", "applicant_personal_code", parent, "phone", "+371 20000000",
                        "person_given_name", "Roberts", "person_family_name", "Liepa", "person_personal_code",
                        child_code, "person_birth_date", "01.02.2015.", "municipality", atvk, "service", "day_care",
                        "need", "Dienas aprūpe darba dienās", "consent", "1", NULL};
    tc_resp r;
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, &r), 200);
    wf_expect_in(&r, "Pieteikums saņemts");
    strong_code(r.body, 0, a->ref, sizeof a->ref);
    strong_code(r.body, 1, a->code, sizeof a->code);
    token_of(wf_find(r.body, "action=\"/pieteikums/kvits\""), a->receipt_token);
    assert_int_equal(strlen(a->ref), KP_APP_REF_LEN);
    assert_int_equal(strlen(a->code), KP_APP_CODE_LEN);
    assert_null(strstr(r.body, parent));
    assert_null(strstr(r.body, child_code));
    tc_resp_free(&r);
    a->id = check_db_int_text(wf.db, "SELECT id FROM application WHERE reference = ?1", a->ref);
    assert_true(a->id > 0);
}

/* POST /pieteikums/statuss with a pair; the response in *r. */
static int status_of(const char *ref, const char *code, tc_resp *r)
{
    char tok[128];
    fresh_token("/pieteikums/statuss", tok);
    const char *kv[] = {"csrf", tok, "reference", ref, "code", code, NULL};
    return wf_post_form(NULL, "/pieteikums/statuss", kv, r);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_public_pages(void **state)
{
    (void)state;
    tc_resp r;
    /* Latvian and English, the other language linked, no login needed. */
    assert_int_equal(wf_get(NULL, "/pieteikums?municipality=" BAUSKA "&service=respite", &r), 200);
    wf_expect_in(&r, "<html lang=\"lv\">");
    wf_expect_in(&r, "href=\"/en/apply\" hreflang=\"en\" lang=\"en\"");
    wf_expect_in(&r, "<option value=\"" BAUSKA "\" selected>");
    wf_expect_in(&r, "<option value=\"respite\" selected>");
    wf_expect_in(&r, "<label for=\"f-applicant_personal_code\">Personas kods");
    wf_expect_in(&r, "href=\"/pieteikums/privatums\"");
    /* Municipalities in force today, in Latvian order (byte order would put
     * Ā after B); those that ended with the 2021 reform are not offered. */
    int64_t old = check_db_int(wf.db, "SELECT COUNT(*) FROM municipality WHERE valid_to < '2022-06-15'");
    assert_true(old > 0);
    assert_true(wf_find(r.body, ">Ādažu novads<") < wf_find(r.body, ">Bauskas novads<"));
    int64_t offered = 0;
    for (const char *p = strstr(r.body, "id=\"f-municipality\""); p && (p = strstr(p + 1, "<option value=\"")) &&
                                                               p < strstr(r.body, "id=\"f-service\"");)
        offered++;
    assert_int_equal(offered - 1, check_db_int(wf.db, "SELECT COUNT(*) FROM municipality WHERE valid_from <= '2022-06-15'"
                                                      " AND (valid_to IS NULL OR valid_to >= '2022-06-15')"));
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/en/apply", &r), 200);
    wf_expect_in(&r, "<html lang=\"en\">");
    wf_expect_in(&r, "Apply for a social service");
    wf_expect_in(&r, "href=\"/pieteikums\" hreflang=\"lv\" lang=\"lv\"");
    tc_resp_free(&r);
    static const char *const PAGES[] = {"/pieteikums/statuss", "/en/apply/status", "/pieteikums/privatums",
                                        "/en/apply/privacy"};
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++)
        if (wf_get(NULL, PAGES[i], NULL) != 200)
            fail_msg("%s", PAGES[i]);
    /* The queue is not public. */
    assert_int_equal(wf_get(NULL, "/applications", NULL), 303);
    assert_int_equal(wf_get(NULL, "/api/v1/applications", NULL), 401);
}

static void test_bad_input_names_the_field(void **state)
{
    (void)state;
    int64_t before = check_db_int(wf.db, "SELECT COUNT(*) FROM application");
    char tok[128];
    fresh_token("/pieteikums", tok);
    const char *kv[] = {"csrf", tok, "relation", "self", "applicant_given_name", "Jānis", "applicant_family_name",
                        "Bērziņš", "applicant_personal_code", "123", "email", "janis-at-example", "municipality", "",
                        "service", "day_care", "need", "Palīdzība", NULL};
    tc_resp r;
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, &r), 422);
    wf_expect_in(&r, "href=\"#f-applicant_personal_code\">Iesniedzēja personas kods: ");
    wf_expect_in(&r, "href=\"#f-municipality\">Pašvaldība: ");
    wf_expect_in(&r, "href=\"#f-email\">E-pasts: ");
    wf_expect_in(&r, "href=\"#f-consent\">Datu apstrāde: ");
    wf_expect_in(&r, "id=\"f-applicant_personal_code-err\"");
    wf_expect_in(&r, "value=\"Bērziņš\""); /* what was typed stays … */
    assert_null(strstr(r.body, "value=\"123\"")); /* … but no personal code */
    tc_resp_free(&r);
    /* English: the same fields in English; a new-format code needs the birth date. */
    fresh_token("/en/apply", tok);
    char child[16];
    wf_personal_code(7000, child);
    remember(child);
    const char *en[] = {"csrf", tok, "relation", "parent", "applicant_given_name", "John", "applicant_family_name",
                        "Smith", "applicant_personal_code", "", "phone", "12", "person_given_name", "Tom",
                        "person_family_name", "Smith", "person_personal_code", child, "municipality", BAUSKA,
                        "service", "no-such", "need", "Help", "consent", "1", NULL};
    assert_int_equal(wf_post_form(NULL, "/en/apply", en, &r), 422);
    wf_expect_in(&r, "Applicant&#39;s personal code: required");
    wf_expect_in(&r, "Phone: type a phone number");
    wf_expect_in(&r, "Birth date of the person the service is for: ");
    wf_expect_in(&r, "href=\"#f-service\">Service: ");
    tc_resp_free(&r);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM application"), before);
}

static void test_signed_form_token(void **state)
{
    (void)state;
    char tok[128], code[16];
    old_code("150690", 1, 100, code);
    remember(code);
    const char *fields[] = {"relation", "self", "applicant_given_name", "Līga", "applicant_family_name", "Ozola",
                            "applicant_personal_code", code, "email", "liga@example.lv", "municipality", BAUSKA,
                            "service", "respite", "need", "Atelpa", "consent", "1", NULL};
    const char *kv[32];
    size_t n = 0;
    kv[n++] = "csrf";
    kv[n++] = tok;
    for (size_t i = 0; fields[i]; i++)
        kv[n++] = fields[i];
    kv[n] = NULL;
    /* No token, a forged one, one made for another form: 403, the form again. */
    tc_resp r;
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv + 2, &r), 403);
    tc_resp_free(&r);
    snprintf(tok, sizeof tok, "%s", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, NULL), 403);
    fresh_token("/pieteikums/statuss", tok);
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, NULL), 403);
    /* An old token: refused after KP_FORM_TOKEN_MAX_AGE. */
    fresh_token("/pieteikums", tok);
    atomic_fetch_add(&wf.clock, KP_FORM_TOKEN_MAX_AGE + 1);
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, NULL), 403);
    atomic_fetch_sub(&wf.clock, KP_FORM_TOKEN_MAX_AGE + 1);
    int64_t before = check_db_int(wf.db, "SELECT COUNT(*) FROM application");
    /* The right one: stored once; the same form again is refused (409). */
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, &r), 200);
    tc_resp_free(&r);
    assert_int_equal(wf_post_form(NULL, "/pieteikums", kv, &r), 409);
    wf_expect_in(&r, "jau ir iesniegta");
    tc_resp_free(&r);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM application"), before + 1);
    /* For oneself: the person is the applicant, the birth date from the old-format code. */
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM application WHERE id = (SELECT MAX(id) FROM application)"
                                         " AND person_birth_date = '1990-06-15' AND person_given_name = 'Līga'"
                                         " AND relation = 'self'"),
                     1);
}

static void test_queue_scope(void **state)
{
    (void)state;
    char child[16];
    wf_personal_code(8000, child);
    app a;
    apply_for_child(BAUSKA, 200, &a, child);
    wf_who swb, headb, swd, region;
    wf_log_in("sw-b", &swb);
    wf_log_in("head-b", &headb);
    wf_log_in("sw-d", &swd);
    wf_log_in("region-z", &region);
    tc_resp r;
    /* Bauska's queue has it (page and JSON), with a count on the start pages. */
    assert_int_equal(wf_get(&swb, "/applications", &r), 200);
    wf_expect_in(&r, a.ref);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&headb, "/api/v1/applications", &r), 200);
    wf_expect_in(&r, a.ref);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, "/caseload", &r), 200);
    wf_expect_in(&r, "href=\"/applications\">Jauni pieteikumi tiešsaistē: <strong>");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&headb, "/caseloads", &r), 200);
    wf_expect_in(&r, "href=\"/applications\">");
    tc_resp_free(&r);
    const char *one = wf_path("/applications/%lld", a.id);
    assert_int_equal(wf_get(&swb, one, &r), 200);
    wf_expect_in(&r, "Roberts Liepa");
    wf_expect_in(&r, "01.02.2015.");
    assert_null(strstr(r.body, child));
    tc_resp_free(&r);
    /* Dobele's worker: not in the queue, 404 for it as for no such one. */
    assert_int_equal(wf_get(&swd, "/applications", &r), 200);
    wf_expect_not_in(&r, a.ref);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swd, "/api/v1/applications?which=all", &r), 200);
    wf_expect_not_in(&r, a.ref);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swd, one, NULL), 404);
    assert_int_equal(wf_get(&swd, wf_path("/api/v1/applications/%lld", a.id), NULL), 404);
    assert_int_equal(wf_get(&swb, "/applications/999999", NULL), 404);
    const char *refuse[] = {"reason", "nē", NULL};
    assert_int_equal(wf_post_form(&swd, wf_path("/applications/%lld/refuse", a.id), refuse, NULL), 404);
    assert_int_equal(wf_post_json(&swd, wf_path("/api/v1/applications/%lld/refuse", a.id), "{\"reason\":\"nē\"}", NULL),
                     404);
    /* The region and the ministry have no queue and see no personal data. */
    assert_int_equal(wf_get(&region, "/applications", NULL), 403);
    assert_int_equal(wf_get(&region, one, NULL), 403);
    assert_int_equal(wf_get(&region, "/api/v1/applications", NULL), 403);
    /* Reads are in the access log, the out-of-scope ones not. */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_log WHERE entity = 'application' AND entity_id = %lld"
             " AND action = ?1 AND actor = 'sw-b'", (long long)a.id);
    char live[600];
    snprintf(live, sizeof live, "%s.live", wf.db);
    assert_true(check_db_int_text(live, sql, "read") >= 1);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_log WHERE entity = 'application' AND entity_id = %lld"
             " AND actor = ?1", (long long)a.id);
    assert_int_equal(check_db_int_text(live, sql, "sw-d"), 0);
    /* CSRF on the actions. */
    wf_who forged = wf_without_token(&swb);
    assert_int_equal(wf_post_form(&forged, wf_path("/applications/%lld/refuse", a.id), refuse, NULL), 403);
    assert_int_equal(check_db_int_text(wf.db, "SELECT COUNT(*) FROM application WHERE reference = ?1 AND status = 'received'",
                                       a.ref),
                     1);
}

static void test_ask_answer_refuse_on_status_page(void **state)
{
    (void)state;
    atomic_fetch_add(&wf.clock, KP_APPLY_STATUS_WINDOW + 1); /* a fresh window of look-ups */
    char child[16];
    wf_personal_code(9000, child);
    app a;
    apply_for_child(BAUSKA, 300, &a, child);
    tc_resp r;
    assert_int_equal(status_of(a.ref, a.code, &r), 200);
    wf_expect_in(&r, "data-status=\"received\"");
    wf_expect_not_in(&r, "Roberts"); /* nothing but the status */
    tc_resp_free(&r);
    /* Typed loosely: lower case, without hyphens. */
    char loose[32];
    size_t k = 0;
    for (const char *p = a.code; *p; p++)
        if (*p != '-')
            loose[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    loose[k] = '\0';
    assert_int_equal(status_of(a.ref, loose, NULL), 200);

    wf_who swb;
    wf_log_in("sw-b", &swb);
    const char *empty[] = {"question", "", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/ask", a.id), empty, &r), 422);
    wf_expect_in(&r, "href=\"#f-question\">Jautājums iesniedzējam: ");
    tc_resp_free(&r);
    const char *ask[] = {"question", "Vai bērnam ir VDEĀVK atzinums?", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/ask", a.id), ask, NULL), 303);
    assert_int_equal(status_of(a.ref, a.code, &r), 200);
    wf_expect_in(&r, "data-status=\"info_requested\"");
    wf_expect_in(&r, "Vai bērnam ir VDEĀVK atzinums?");
    wf_expect_in(&r, "action=\"/pieteikums/atbilde\"");
    char tok[128];
    token_of(strstr(r.body, "action=\"/pieteikums/atbilde\""), tok);
    tc_resp_free(&r);
    const char *answer[] = {"csrf", tok, "reference", a.ref, "code", a.code, "answer", "Jā, no 2021. gada.", NULL};
    assert_int_equal(wf_post_form(NULL, "/pieteikums/atbilde", answer, &r), 200);
    wf_expect_in(&r, "Atbilde nosūtīta");
    wf_expect_in(&r, "data-status=\"received\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/applications/%lld", a.id), &r), 200);
    wf_expect_in(&r, "Jā, no 2021. gada.");
    tc_resp_free(&r);
    /* Refused with a reason: on the status page, in English too. */
    const char *refuse[] = {"reason", "Pakalpojumu sniedz dzīvesvietas pašvaldība.", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/refuse", a.id), refuse, NULL), 303);
    assert_int_equal(status_of(a.ref, a.code, &r), 200);
    wf_expect_in(&r, "data-status=\"refused\"");
    wf_expect_in(&r, "Atteikts");
    wf_expect_in(&r, "Pakalpojumu sniedz dzīvesvietas pašvaldība.");
    wf_expect_not_in(&r, "action=\"/pieteikums/atbilde\"");
    tc_resp_free(&r);
    json_t *q = json_pack("{ssss}", "reference", a.ref, "code", a.code);
    char *body = json_dumps(q, JSON_COMPACT);
    json_decref(q);
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications/status", body, &r), 200);
    wf_expect_in(&r, "\"status\":\"refused\"");
    wf_expect_in(&r, "\"message\":\"Pakalpojumu sniedz dz\\u012Bvesvietas");
    tc_resp_free(&r);
    free(body);
    /* Decided: no second decision. */
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/ask", a.id), ask, NULL), 409);
    /* The applicant's look-ups are in the access log too (as the public). */
    char live[600];
    snprintf(live, sizeof live, "%s.live", wf.db);
    char acc[200];
    snprintf(acc, sizeof acc, "SELECT COUNT(*) FROM access_log WHERE entity = 'application' AND entity_id = %lld"
             " AND action = ?1 AND actor = 'anonymous'", (long long)a.id);
    assert_true(check_db_int_text(live, acc, "status_check") >= 4);
    /* Every change is in the history of the record, without codes. */
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE entity = 'application' AND entity_id = %lld"
             " AND action IN ('apply', 'ask_more', 'answer', 'refuse') AND ?1 = ?1", (long long)a.id);
    assert_int_equal(check_db_int_text(wf.db, sql, "x"), 4);
}

static void test_wrong_code_is_unknown(void **state)
{
    (void)state;
    atomic_fetch_add(&wf.clock, KP_APPLY_STATUS_WINDOW + 1);
    char child[16];
    wf_personal_code(10000, child);
    app a;
    apply_for_child(BAUSKA, 400, &a, child);
    tc_resp wrong, unknown;
    char bad[32];
    snprintf(bad, sizeof bad, "%s", a.code);
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    assert_int_equal(status_of(a.ref, bad, &wrong), 404);
    assert_int_equal(status_of("ZZZZ-ZZZZ-ZZZZ", a.code, &unknown), 404);
    wf_tidy_ok(wrong.body, "wrong code");
    /* The same page but for the form's fresh token. */
    char tw[128], tu[128];
    token_of(wrong.body, tw);
    token_of(unknown.body, tu);
    char *w = strstr(wrong.body, tw), *u = strstr(unknown.body, tu);
    assert_int_equal((int)(w - wrong.body), (int)(u - unknown.body));
    assert_int_equal(strncmp(wrong.body, unknown.body, (size_t)(w - wrong.body)), 0);
    assert_string_equal(w + strlen(tw), u + strlen(tu));
    wf_expect_in(&wrong, "Nav pieteikuma ar šādu numuru un kodu");
    tc_resp_free(&wrong);
    tc_resp_free(&unknown);
    /* The API likewise, and the receipt PDF only for the right pair. */
    char body[200];
    snprintf(body, sizeof body, "{\"reference\":\"%s\",\"code\":\"%s\"}", a.ref, bad);
    tc_resp r;
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications/status", body, &r), 404);
    tc_resp_free(&r);
    char tok[128];
    fresh_token("/pieteikums", tok); /* the receipt form is on the receipt page: another form's token is refused */
    const char *pdf[] = {"csrf", tok, "reference", a.ref, "code", a.code, NULL};
    assert_int_equal(wf_post_form(NULL, "/pieteikums/kvits", pdf, NULL), 403);
    /* The receipt page's own form gives the PDF; with a wrong code, the unknown page. */
    const char *wrong_pdf[] = {"csrf", a.receipt_token, "reference", a.ref, "code", bad, NULL};
    assert_int_equal(wf_post_form(NULL, "/pieteikums/kvits", wrong_pdf, NULL), 404);
    pdf[1] = a.receipt_token;
    assert_int_equal(wf_post_form(NULL, "/pieteikums/kvits", pdf, &r), 200);
    char *ct = tc_header(&r, "Content-Type");
    assert_non_null(ct);
    assert_string_equal(ct, "application/pdf");
    free(ct);
    assert_true(r.body_len > 1000);
    assert_memory_equal(r.body, "%PDF-", 5);
    tc_resp_free(&r);
}

static void test_accept_registers_or_links(void **state)
{
    (void)state;
    wf_who swb;
    wf_log_in("sw-b", &swb);
    /* A new person: accepted by registering them as Bauska's client. */
    char child[16];
    wf_personal_code(11000, child);
    app a;
    apply_for_child(BAUSKA, 500, &a, child);
    int64_t clients = check_db_int(wf.db, "SELECT COUNT(*) FROM client");
    const char *nogroup[] = {"mode", "register", NULL};
    tc_resp r;
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/accept", a.id), nogroup, &r), 422);
    wf_expect_in(&r, "href=\"#f-target_group\">Mērķa grupa: ");
    tc_resp_free(&r);
    const char *link[] = {"mode", "link", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/accept", a.id), link, &r), 422);
    wf_expect_in(&r, "href=\"#f-mode\">Kā pieņemt: jūsu pašvaldībā nav klienta");
    tc_resp_free(&r);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM client"), clients);
    const char *reg[] = {"mode", "register", "target_group", "ft", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/applications/%lld/accept", a.id), reg, NULL), 303);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM client"), clients + 1);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM application a JOIN client c ON c.id = a.client_id JOIN municipality m"
             " ON m.id = c.municipality_id WHERE a.id = %lld AND a.status = 'accepted' AND m.atvk = ?1"
             " AND c.given_name = 'Roberts' AND c.birth_date = '2015-02-01' AND c.target_group = 'ft'",
             (long long)a.id);
    assert_int_equal(check_db_int_text(wf.db, sql, BAUSKA), 1);
    /* The registering worker is the responsible one, as the registration command does. */
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM client_worker w JOIN app_user u ON u.id = w.user_id WHERE w.client_id ="
             " (SELECT client_id FROM application WHERE id = %lld) AND u.username = ?1",
             (long long)a.id);
    assert_int_equal(check_db_int_text(wf.db, sql, "sw-b"), 1);
    assert_int_equal(status_of(a.ref, a.code, &r), 200);
    wf_expect_in(&r, "data-status=\"accepted\"");
    tc_resp_free(&r);
    /* The new client's card says, in words, where the record came from. */
    snprintf(sql, sizeof sql, "SELECT client_id FROM application WHERE id = %lld AND ?1 = ?1", (long long)a.id);
    int64_t made = check_db_int_text(wf.db, sql, "x");
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", made), &r), 200);
    wf_expect_in(&r, "pieņēma pieteikumu");
    tc_resp_free(&r);
    /* The person registered: the code finds the client, a new application links. */
    char existing[16];
    wf_personal_code(5000, existing);
    app b;
    apply_for_child(BAUSKA, 600, &b, existing);
    assert_int_equal(wf_get(&swb, wf_path("/applications/%lld", b.id), &r), 200);
    wf_expect_in(&r, wf_path("href=\"/clients/%lld\"", g_existing));
    tc_resp_free(&r);
    char path[80];
    snprintf(path, sizeof path, "/api/v1/applications/%lld/accept", (long long)b.id);
    assert_int_equal(wf_post_json(&swb, path, "{\"mode\":\"link\"}", &r), 200);
    wf_expect_in(&r, "\"status\":\"accepted\"");
    tc_resp_free(&r);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM client"), clients + 1);
    snprintf(sql, sizeof sql, "SELECT client_id FROM application WHERE id = %lld AND ?1 = ?1", (long long)b.id);
    assert_int_equal(check_db_int_text(wf.db, sql, "x"), g_existing);
    /* The accept is in the client's history. */
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE client_id = %lld AND action = ?1", (long long)g_existing);
    assert_int_equal(check_db_int_text(wf.db, sql, "accept"), 1);
}

static void test_public_api_submit(void **state)
{
    (void)state;
    char code[16];
    old_code("241288", 1, 700, code);
    remember(code);
    char body[900];
    snprintf(body, sizeof body,
             "{\"relation\":\"self\",\"applicant_given_name\":\"Pēteris\",\"applicant_family_name\":\"Kalns\","
             "\"applicant_personal_code\":\"%s\",\"phone\":\"29999999\",\"municipality\":\"%s\","
             "\"service\":\"workshop\",\"need\":\"Darbnīca\",\"consent\":\"1\"}",
             code, DOBELE);
    tc_resp r;
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications", body, &r), 201);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(j);
    const char *ref = json_string_value(json_object_get(j, "reference"));
    assert_non_null(ref);
    assert_non_null(json_string_value(json_object_get(j, "status_code")));
    /* Dobele's queue, not Bauska's. */
    assert_int_equal(check_db_int_text(wf.db,
                                       "SELECT COUNT(*) FROM application a JOIN municipality m ON m.id = a.municipality_id"
                                       " WHERE a.reference = ?1 AND m.atvk = '" DOBELE "'",
                                       ref),
                     1);
    wf_who swb;
    wf_log_in("sw-b", &swb);
    tc_resp q;
    assert_int_equal(wf_get(&swb, "/api/v1/applications?which=all", &q), 200);
    wf_expect_not_in(&q, ref);
    tc_resp_free(&q);
    json_decref(j);
    tc_resp_free(&r);
    /* Bad input: 400 naming the fields. */
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications", "{\"relation\":\"self\"}", &r), 400);
    wf_expect_in(&r, "\"applicant_personal_code\"");
    wf_expect_in(&r, "Iesniedz\\u0113ja personas kods: ");
    tc_resp_free(&r);
}

static void test_throttle(void **state)
{
    (void)state;
    /* A fresh window. */
    atomic_fetch_add(&wf.clock, 2 * HOUR_S);
    tc_resp r;
    int st = 0, n = 0;
    while (n < KP_APPLY_STATUS_MAX + 5 && (st = status_of("ABCD-EFGH-JKMN", "ABCDE-FGHJK", &r)) == 404) {
        n++;
        tc_resp_free(&r);
    }
    assert_int_equal(n, KP_APPLY_STATUS_MAX);
    assert_int_equal(st, 429);
    wf_expect_in(&r, "Pārāk daudz mēģinājumu");
    char *ra = tc_header(&r, "Retry-After");
    assert_non_null(ra);
    long secs = strtol(ra, NULL, 10);
    assert_true(secs >= 1 && secs <= KP_APPLY_STATUS_WINDOW);
    free(ra);
    wf_tidy_ok(r.body, "429 page");
    tc_resp_free(&r);
    /* Also for the right pair and the API, until the window has passed. */
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications/status",
                                  "{\"reference\":\"ABCD-EFGH-JKMN\",\"code\":\"ABCDE-FGHJK\"}", NULL),
                     429);
    atomic_fetch_add(&wf.clock, KP_APPLY_STATUS_WINDOW + 1);
    assert_int_equal(status_of("ABCD-EFGH-JKMN", "ABCDE-FGHJK", NULL), 404);
    /* Submissions: KP_APPLY_SUBMIT_MAX an hour from one address. */
    atomic_fetch_add(&wf.clock, 2 * HOUR_S);
    char code[16], body[900];
    old_code("111111", 1, 800, code);
    remember(code);
    snprintf(body, sizeof body,
             "{\"relation\":\"self\",\"applicant_given_name\":\"Ģirts\",\"applicant_family_name\":\"Ērglis\","
             "\"applicant_personal_code\":\"%s\",\"email\":\"g@example.lv\",\"municipality\":\"%s\","
             "\"service\":\"respite\",\"need\":\"Atelpa\",\"consent\":\"1\"}",
             code, BAUSKA);
    for (int i = 0; i < KP_APPLY_SUBMIT_MAX; i++)
        assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications", body, NULL), 201);
    assert_int_equal(wf_post_json(NULL, "/api/v1/public/applications", body, &r), 429);
    ra = tc_header(&r, "Retry-After");
    assert_non_null(ra);
    free(ra);
    tc_resp_free(&r);
    atomic_fetch_add(&wf.clock, 2 * HOUR_S);
}

static bool bytes_hold(const void *hay, size_t n, const char *needle, size_t k)
{
    const unsigned char *h = hay;
    for (size_t i = 0; h && k <= n && i <= n - k; i++)
        if (memcmp(h + i, needle, k) == 0)
            return true;
    return false;
}

/* Whether any stored application holds `text` in clear: in its sealed codes'
 * bytes (read whole: a cast to text would stop at a NUL in SQLite and show
 * hex in PostgreSQL), its need or its reference. */
static bool application_holds(const char *text)
{
    kp_store *st = NULL;
    char err[256];
    assert_int_equal(kp_store_open_existing(wf.db, &st, err, sizeof err), KP_OK);
    kp_stmt *s = NULL;
    assert_int_equal(
        kp_store_prepare(st, "SELECT applicant_code_sealed, person_code_sealed, need, reference FROM application", &s),
        KP_OK);
    bool row = false, found = false;
    size_t rows = 0, tn = strlen(text);
    while (!found && kp_stmt_step(s, &row) == KP_OK && row) {
        rows++;
        for (int c = 0; c < 4 && !found; c++) {
            size_t n = 0;
            const void *b = c < 2 ? kp_stmt_blob(s, c, &n) : kp_stmt_text(s, c);
            if (c >= 2)
                n = strlen(b);
            found = bytes_hold(b, n, text, tn);
        }
    }
    kp_stmt_free(s);
    kp_store_close(st);
    assert_true(rows > 0); /* the tests above stored applications */
    return found;
}

/* Runs last: every code typed above is in neither the server's log, the
 * audit trail, the access log nor the stored application in clear. */
static void test_no_personal_code_in_log_or_audit(void **state)
{
    (void)state;
    assert_true(g_ncodes >= 8);
    assert_true(application_holds("Atelpa")); /* the reader sees what is stored in clear */
    fflush(stderr);
    FILE *f = fopen(g_log, "r");
    assert_non_null(f);
    static char log[1 << 20];
    size_t n = fread(log, 1, sizeof log - 1, f);
    log[n] = '\0';
    fclose(f);
    assert_non_null(strstr(log, "path=/pieteikums status=200")); /* the log is this one */
    for (size_t i = 0; i < g_ncodes; i++) {
        char flat[16];
        snprintf(flat, sizeof flat, "%.6s%.5s", g_codes[i], g_codes[i] + 7);
        if (strstr(log, g_codes[i]) || strstr(log, flat))
            fail_msg("personal code %zu in the server's log", i);
        /* LIKE, portable: a code is digits and '-', no wildcards. */
        static const char *const Q[] = {
            "SELECT COUNT(*) FROM audit WHERE (COALESCE(detail, '') || COALESCE(reason, '') ||"
            " COALESCE(changes, '')) LIKE '%' || ?1 || '%'",
            "SELECT COUNT(*) FROM access_log WHERE COALESCE(detail, '') LIKE '%' || ?1 || '%'",
        };
        char live[600];
        snprintf(live, sizeof live, "%s.live", wf.db);
        for (size_t q = 0; q < sizeof Q / sizeof Q[0]; q++) {
            const char *db = q == 1 ? live : wf.db;
            if (check_db_int_text(db, Q[q], g_codes[i]) || check_db_int_text(db, Q[q], flat))
                fail_msg("personal code %zu found by query %zu", i, q);
        }
        if (application_holds(g_codes[i]) || application_holds(flat))
            fail_msg("personal code %zu in a stored application", i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_pages),
        cmocka_unit_test(test_bad_input_names_the_field),
        cmocka_unit_test(test_signed_form_token),
        cmocka_unit_test(test_queue_scope),
        cmocka_unit_test(test_ask_answer_refuse_on_status_page),
        cmocka_unit_test(test_wrong_code_is_unknown),
        cmocka_unit_test(test_accept_registers_or_links),
        cmocka_unit_test(test_public_api_submit),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_no_personal_code_in_log_or_audit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
