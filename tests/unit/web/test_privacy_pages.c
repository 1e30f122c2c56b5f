/* The data-protection pages and JSON calls over a small hand-made database
 * (server clock 15 June 2022): who may open them (404 outside the scope,
 * 403 for other roles), restricting a record on its page makes every change
 * refuse with a message (form 423, API 423 with the message) while reading
 * still works, lifting it through the API lets changes through again, a
 * legal basis recorded through the form with a field named when wrong, the
 * export as JSON and PDF with the person's code and nothing of another
 * client, the admin's record of processing, every HTML page through tidy. */
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
#include "check_db.h"
#include "http_client.h"
#include "web_fixture.h"
#include "service/casework/cases.h"
#include "web/server.h"

#define PASSWORD "privacy-pass-123"
#define BAUSKA "0025000"
#define DOBELE "0028000"
#define JUNE_15 1655287200LL

static int64_t g_anna, g_otto;

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"sw-b", "social_worker", BAUSKA, NULL},
                                {"head-b", "municipal_head", BAUSKA, NULL},
                                {"sw-d", "social_worker", DOBELE, NULL},
                                {"region-z", "region", NULL, "ZPR"},
                                {"admin-1", "admin", NULL, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    char c1[16], c2[16];
    wf_personal_code(1000, c1);
    wf_personal_code(2000, c2);
    kp_client_in a = {.personal_code = c1, .given_name = "Anna", .family_name = "Ozola", .birth_date = "1980-01-01",
                      .municipality = BAUSKA, .target_group = "grt", .disability_group = "2",
                      .registered_on = "2022-01-10"};
    kp_client_in o = {.personal_code = c2, .given_name = "Otto", .family_name = "Citsklients",
                      .birth_date = "1981-01-01", .municipality = BAUSKA, .target_group = "grt",
                      .disability_group = "2", .registered_on = "2022-01-10"};
    if (!rc)
        rc = kp_client_register(ctx, &a, e, &g_anna);
    if (!rc)
        rc = kp_client_register(ctx, &o, e, &g_otto);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_privacy_pages", .password = PASSWORD, .now = "2022-06-15T10:00:00Z",
                    .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static void test_who_may_open(void **state)
{
    (void)state;
    wf_who swb, swd, head, region;
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    wf_log_in("head-b", &head);
    wf_log_in("region-z", &region);
    static const char *const PAGES[] = {"/clients/%lld/privacy", "/clients/%lld/export?format=json",
                                        "/api/v1/clients/%lld/privacy", "/api/v1/clients/%lld/export"};
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        const char *path = wf_path(PAGES[i], g_anna);
        if (wf_get(&swb, path, NULL) != 200)
            fail_msg("%s as Bauska's worker", path);
        if (wf_get(&head, path, NULL) != 200)
            fail_msg("%s as Bauska's head", path);
        if (wf_get(&swd, path, NULL) != 404)
            fail_msg("%s as Dobele's worker", path);
        if (wf_get(&region, path, NULL) != 403)
            fail_msg("%s as the region", path);
        if (wf_get(&swb, wf_path(PAGES[i], 999999), NULL) != 404)
            fail_msg("%s of no such client", PAGES[i]);
    }
    /* The card has the section with a link to the page. */
    tc_resp r;
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_anna), &r), 200);
    wf_expect_in(&r, "Datu aizsardzība");
    wf_expect_in(&r, "Apstrāde nav ierobežota.");
    wf_expect_in(&r, wf_path("href=\"/clients/%lld/privacy\"", g_anna));
    tc_resp_free(&r);
    /* The record of processing: the administrator and heads. */
    wf_who admin;
    wf_log_in("admin-1", &admin);
    assert_int_equal(wf_get(&admin, "/privacy/record", &r), 200);
    wf_expect_in(&r, "Apstrādes darbību reģistrs");
    wf_expect_in(&r, "Sociālo pakalpojumu un sociālās palīdzības likums");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&admin, "/privacy/record?format=pdf", &r), 200);
    assert_int_equal(memcmp(r.body, "%PDF", 4), 0);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&admin, "/privacy/record?format=doc", NULL), 400);
    assert_int_equal(wf_get(&admin, "/api/v1/privacy/purposes", &r), 200);
    wf_expect_in(&r, "\"code\":\"case_work\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, "/privacy/record", NULL), 403);
}

static void test_restriction_refuses_changes(void **state)
{
    (void)state;
    wf_who swb, swd;
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    tc_resp r;
    const char *rpath = wf_path("/clients/%lld/privacy/restrict", g_anna);
    /* Without a reason: the field is named, nothing is written. */
    const char *empty[] = {"reason", "", NULL};
    assert_int_equal(wf_post_form(&swb, rpath, empty, &r), 422);
    wf_expect_in(&r, "id=\"f-reason-err\"");
    tc_resp_free(&r);
    const char *why[] = {"reason", "Persona apstrīd datu precizitāti", NULL};
    assert_int_equal(wf_post_form(&swd, rpath, why, NULL), 404);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM client_restriction"), 0);
    assert_int_equal(wf_post_form(&swb, rpath, why, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM client_restriction WHERE lifted_at IS NULL"), 1);

    /* The page says so and offers to lift it. */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/privacy", g_anna), &r), 200);
    wf_expect_in(&r, "Ieraksta apstrāde ir ierobežota");
    wf_expect_in(&r, "Persona apstrīd datu precizitāti");
    wf_expect_in(&r, "Atcelt ierobežojumu");
    tc_resp_free(&r);

    /* A change through a page: 423 with the message, nothing written. */
    const char *contact[] = {"kind", "visit", "contact_on", "2022-06-14", "note", "Vizīte", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/contacts", g_anna), contact, &r), 423);
    wf_expect_in(&r, "ierobežota (VDAR 18. pants)");
    tc_resp_free(&r);
    /* Through the API, in English. */
    tc_resp j;
    assert_int_equal(wf_request(swb.auth, "POST", wf_path("/api/v1/clients/%lld/contacts", g_anna),
                                "application/json",
                                "{\"kind\":\"call\",\"contact_on\":\"2022-06-14\",\"note\":\"x\"}", &j),
                     423);
    wf_expect_in(&j, "\"error\"");
    tc_resp_free(&j);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM client_contact"), 0);
    /* Reading works (its access records: test_privacy.c). */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_anna), &r), 200);
    wf_expect_in(&r, "Ieraksta apstrāde ir ierobežota");
    tc_resp_free(&r);

    /* Lifted through the API: changes go through again. */
    int st = wf_post_json(&swb, wf_path("/api/v1/clients/%lld/restriction/lift", g_anna),
                          "{\"reason\":\"Pārbaudīts\"}", &j);
    if (st != 200)
        fprintf(stderr, "lift: %s\n", j.body);
    assert_int_equal(st, 200);
    wf_expect_in(&j, "\"active\":false");
    tc_resp_free(&j);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/restriction/lift", g_anna),
                                  "{\"reason\":\"vēlreiz\"}", NULL),
                     409);
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/contacts", g_anna), contact, NULL), 303);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit WHERE action IN ('privacy_restrict',"
                               " 'privacy_lift_restriction')"),
                     2);
    /* Restricting through the API. */
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/restriction", g_otto),
                                  "{\"reason\":\"Pieprasījums\"}", &j),
                     201);
    wf_expect_in(&j, "\"active\":true");
    tc_resp_free(&j);
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/contacts", g_otto), contact, NULL), 423);
}

static void test_basis_and_export(void **state)
{
    (void)state;
    wf_who swb;
    wf_log_in("sw-b", &swb);
    tc_resp r;
    const char *bpath = wf_path("/clients/%lld/privacy/basis", g_anna);
    const char *bad[] = {"purpose", "information", "art6", "a", NULL};
    assert_int_equal(wf_post_form(&swb, bpath, bad, &r), 422);
    wf_expect_in(&r, "id=\"f-consent_given_on-err\"");
    tc_resp_free(&r);
    const char *good[] = {"purpose", "information", "art6", "a", "consent_given_on", "2022-05-02", NULL};
    assert_int_equal(wf_post_form(&swb, bpath, good, NULL), 303);
    tc_resp j;
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/legal-bases", g_anna),
                                  "{\"purpose\":\"case_work\",\"art6\":\"c\",\"art9\":\"q\"}", &j),
                     400);
    wf_expect_in(&j, "art9");
    tc_resp_free(&j);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/legal-bases", g_anna),
                                  "{\"purpose\":\"case_work\",\"art6\":\"c\",\"art9\":\"b\"}", &j),
                     201);
    tc_resp_free(&j);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/privacy", g_anna), &r), 200);
    wf_expect_in(&r, "Informēšana par jauniem pakalpojumiem");
    wf_expect_in(&r, "02.05.2022.");
    tc_resp_free(&r);
    /* The card shows them too. */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_anna), &r), 200);
    wf_expect_in(&r, "Informēšana par jauniem pakalpojumiem");
    wf_expect_in(&r, "Sociālais darbs ar klientu");
    tc_resp_free(&r);

    /* The export: the person's code, not the other client's. */
    int64_t exports = wf_db_int("SELECT COUNT(*) FROM audit WHERE action = 'privacy_export'");
    char mine[16], other[16];
    wf_personal_code(1000, mine);
    wf_personal_code(2000, other);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/export", g_anna), &j), 200);
    json_t *doc = json_loads(j.body, 0, NULL);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "counts"), "legal_bases")), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "personal_codes"), 0), "personal_code")),
                        mine);
    json_decref(doc);
    assert_null(strstr(j.body, other));
    assert_null(strstr(j.body, "Citsklients"));
    tc_resp_free(&j);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/export?format=pdf", g_anna), &r), 200);
    assert_int_equal(memcmp(r.body, "%PDF", 4), 0);
    assert_non_null(strstr(r.head, "application/pdf"));
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/export?format=xml", g_anna), &r), 400);
    wf_expect_in(&r, "json");
    tc_resp_free(&r);
    /* Every export in the history; the code never in a record of it. */
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit WHERE action = 'privacy_export'"), exports + 2);
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT COUNT(*) FROM audit WHERE (COALESCE(detail, '') || COALESCE(reason, '') || COALESCE(changes, ''))"
             " LIKE '%%%s%%'",
             mine);
    assert_int_equal(wf_db_int(sql), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_may_open),
        cmocka_unit_test(test_restriction_refuses_changes),
        cmocka_unit_test(test_basis_and_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
