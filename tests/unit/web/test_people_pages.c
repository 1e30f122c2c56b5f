/* The pages and JSON calls of a person's history, in-process over a small
 * hand-made database, with the server's clock set to 15 June 2022: who may
 * open each page (404 outside the scope, 403 for other roles), CSRF on every
 * change, a refused form that keeps what was typed (422), a repeated submit
 * that writes once, the card's history in words, a move recorded ahead that
 * changes who sees the client on its date and is announced to both heads,
 * and every HTML answer through tidy. */
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

#define PASSWORD "people-pass-123"
#define BAUSKA "0025000"
#define DOBELE "0028000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL
#define DAY_S 86400LL

static int64_t g_adult, g_child, g_parent; /* Bauska's clients */

/* The test's records, after the catalogue (tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"sw-b", "social_worker", BAUSKA, NULL},
                                {"head-b", "municipal_head", BAUSKA, NULL},
                                {"sw-d", "social_worker", DOBELE, NULL},
                                {"head-d", "municipal_head", DOBELE, NULL},
                                {"region-z", "region", NULL, "ZPR"}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    char c1[16], c2[16], c3[16];
    wf_personal_code(1000, c1);
    wf_personal_code(2000, c2);
    wf_personal_code(3000, c3);
    kp_client_in a = {.personal_code = c1, .given_name = "Ilze", .family_name = "Ozola", .birth_date = "1980-01-01",
                      .municipality = BAUSKA, .target_group = "grt", .disability_group = "2",
                      .registered_on = "2022-01-10"};
    kp_client_in p = {.personal_code = c2, .given_name = "Inese", .family_name = "Liepa", .birth_date = "1985-01-01",
                      .municipality = BAUSKA, .target_group = "parents", .registered_on = "2022-01-10"};
    kp_client_in c = {.personal_code = c3, .given_name = "Roberts", .family_name = "Liepa", .birth_date = "2015-01-01",
                      .municipality = BAUSKA, .target_group = "ft", .registered_on = "2022-01-10"};
    if (!rc)
        rc = kp_client_register(ctx, &a, e, &g_adult);
    if (!rc)
        rc = kp_client_register(ctx, &p, e, &g_parent);
    if (!rc)
        rc = kp_client_register(ctx, &c, e, &g_child);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)g_adult);
    kp_residence_in home = {.client_id = id, .kind = "family", .start_date = "2022-01-10"};
    if (!rc)
        rc = kp_residence_add(ctx, &home, e, NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_people_pages", .password = PASSWORD,
                    .now = "2022-06-15T10:00:00Z", .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static int64_t audit(const char *action, int64_t client)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE client_id = %lld AND action = ?1", (long long)client);
    return check_db_int_text(wf.db, sql, action);
}

/* ---- tests ------------------------------------------------------------------- */

static void test_who_may_open_the_pages(void **state)
{
    (void)state;
    wf_who swb, swd, head, region;
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    wf_log_in("head-b", &head);
    wf_log_in("region-z", &region);
    static const char *const PAGES[] = {"/clients/%lld",      "/clients/%lld/correct",         "/clients/%lld/move",
                                        "/clients/%lld/case", "/clients/%lld/code",            "/clients/%lld/representatives",
                                        "/clients/%lld/residence", "/api/v1/clients/%lld/history",
                                        "/api/v1/clients/%lld/versions", "/api/v1/clients/%lld/representatives"};
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        const char *path = wf_path(PAGES[i], g_adult);
        if (wf_get(&swb, path, NULL) != 200)
            fail_msg("%s as Bauska's worker", path);
        if (wf_get(&head, path, NULL) != 200)
            fail_msg("%s as Bauska's head", path);
        if (wf_get(&swd, path, NULL) != 404)
            fail_msg("%s as Dobele's worker: out of scope looks like no such client", path);
        if (wf_get(&region, path, NULL) != 403)
            fail_msg("%s as a region coordinator", path);
        if (wf_get(&swb, wf_path(PAGES[i], 999999), NULL) != 404)
            fail_msg("%s of no such client", PAGES[i]);
        tc_resp r;
        int st = wf_get(NULL, path, &r);
        if (st != (strncmp(path, "/api/", 5) == 0 ? 401 : 303))
            fail_msg("%s without a login: %d", path, st);
        tc_resp_free(&r);
    }
    /* The card shows the new section, in Latvian and words. */
    tc_resp r;
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_adult), &r), 200);
    wf_expect_in(&r, "Personas dati un vēsture");
    wf_expect_in(&r, "ģimenē (10.01.2022. – līdz šim)");
    tc_resp_free(&r);
}

/* The card's contact log, tasks and masked code: who may open and change
 * them (404 outside the scope, 403 for other roles), CSRF, refused input
 * kept and named, the whole code only by an audited POST, the JSON calls,
 * and every page through tidy. Roberts Liepa (g_child) is used. */
static void test_contacts_tasks_code(void **state)
{
    (void)state;
    wf_who swb, swd, head, region;
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    wf_log_in("head-b", &head);
    wf_log_in("region-z", &region);
    tc_resp r;
    static const char *const PAGES[] = {"/clients/%lld/contacts", "/clients/%lld/tasks", "/api/v1/clients/%lld/contacts",
                                        "/api/v1/clients/%lld/tasks"};
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        const char *path = wf_path(PAGES[i], g_child);
        if (wf_get(&swb, path, NULL) != 200)
            fail_msg("%s as Bauska's worker", path);
        if (wf_get(&swd, path, NULL) != 404)
            fail_msg("%s as Dobele's worker", path);
        if (wf_get(&region, path, NULL) != 403)
            fail_msg("%s as the region", path);
        if (wf_get(&swb, wf_path(PAGES[i], 999999), NULL) != 404)
            fail_msg("%s of no such client", PAGES[i]);
    }
    /* The card: the code masked, never whole; the empty log and tasks. */
    char code[16];
    wf_personal_code(3000, code);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_child), &r), 200);
    wf_expect_in(&r, "320000-*****");
    assert_null(strstr(r.body, code));
    wf_expect_in(&r, "Kontaktu žurnāls (0)");
    wf_expect_in(&r, "Uzdevumi un atgādinājumi (0 atvērti)");
    tc_resp_free(&r);

    /* A contact: without CSRF refused; a bad one kept and named; then saved. */
    const char *cpath = wf_path("/clients/%lld/contacts", g_child);
    assert_int_equal(tc_request(&wf.conn, "POST", cpath, swb.cookie, "application/x-www-form-urlencoded",
                                "kind=call&contact_on=2022-06-14&note=x", 38, &r),
                     0);
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    const char *bad[] = {"kind", "call", "contact_on", "2022-07-01", "note", "Zvans <b>mātei</b>", NULL};
    assert_int_equal(wf_post_form(&swb, cpath, bad, &r), 422);
    wf_expect_in(&r, "id=\"f-contact_on-err\"");
    wf_expect_in(&r, "Zvans &lt;b&gt;mātei&lt;/b&gt;");
    tc_resp_free(&r);
    assert_int_equal(wf_post_form(&swd, cpath, bad, NULL), 404);
    const char *ok[] = {"kind", "visit", "contact_on", "2022-06-14", "note", "Mājas vizīte", NULL};
    assert_int_equal(wf_post_form(&swb, cpath, ok, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(audit("add_contact", g_child), 1);

    /* A task for the head, one overdue for oneself; the head's is marked done. */
    const char *tpath = wf_path("/clients/%lld/tasks", g_child);
    const char *nobody[] = {"what", "Parakstīt", "due_on", "2022-06-20", "assigned_to", "sw-d", NULL};
    assert_int_equal(wf_post_form(&swb, tpath, nobody, &r), 422);
    wf_expect_in(&r, "id=\"f-assigned_to-err\"");
    wf_expect_in(&r, "value=\"Parakstīt\"");
    tc_resp_free(&r);
    const char *t1[] = {"what", "Parakstīt lēmumu", "due_on", "2022-06-20", "assigned_to", "head-b", NULL};
    const char *t2[] = {"what", "Piezvanīt ģimenei", "due_on", "2022-06-01", NULL};
    assert_int_equal(wf_post_form(&swb, tpath, t1, NULL), 303);
    assert_int_equal(wf_post_form(&swb, tpath, t2, NULL), 303);
    assert_int_equal(audit("add_task", g_child), 2);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_child), &r), 200);
    wf_expect_in(&r, "Uzdevumi un atgādinājumi (2 atvērti, <span class=\"overdue\">1 nokavēti</span>)");
    wf_expect_in(&r, "<strong>14.06.2022.</strong> · apmeklējums");
    tc_resp_free(&r);
    /* The worker's start page counts their own open tasks. */
    assert_int_equal(wf_get(&swb, "/caseload", &r), 200);
    wf_expect_in(&r, "Mani uzdevumi: 1, <span class=\"overdue\">1 nokavēti</span>");
    wf_expect_in(&r, "Piezvanīt ģimenei");
    tc_resp_free(&r);
    int64_t task = check_db_int_text(wf.db, "SELECT id FROM client_task WHERE what = ?1", "Parakstīt lēmumu");
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)task);
    const char *done[] = {"task_id", id, NULL};
    assert_int_equal(wf_post_form(&swd, wf_path("/clients/%lld/tasks/done", g_child), done, NULL), 404);
    assert_int_equal(wf_post_form(&head, wf_path("/clients/%lld/tasks/done", g_child), done, NULL), 303);
    assert_int_equal(wf_post_form(&head, wf_path("/clients/%lld/tasks/done", g_child), done, &r), 422);
    wf_expect_in(&r, "uzdevums jau izpildīts");
    tc_resp_free(&r);
    /* The nested pages have breadcrumbs back to the card. */
    assert_int_equal(wf_get(&swb, tpath, &r), 200);
    wf_expect_in(&r, "<nav class=\"crumbs\"");
    wf_expect_in(&r, wf_path("<a href=\"/clients/%lld\">Klienta kartīte</a>", g_child));
    tc_resp_free(&r);

    /* The whole code: only by POST, audited, never to Dobele. */
    char side[600], sql[160];
    snprintf(side, sizeof side, "%s.live", wf.db);
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM access_log WHERE action = ?1 AND client_id = %lld", (long long)g_child);
    int64_t reads = check_db_int_text(side, sql, "read_personal_code");
    const char *none[] = {NULL};
    assert_int_equal(wf_post_form(&swd, wf_path("/clients/%lld/code/show", g_child), none, NULL), 404);
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/code/show", g_child), none, &r), 200);
    wf_expect_in(&r, code);
    tc_resp_free(&r);
    assert_int_equal(check_db_int_text(side, sql, "read_personal_code"), reads + 1);

    /* JSON: the same use cases. */
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/contacts", g_child),
                               "{\"kind\":\"letter\",\"contact_on\":\"2022-06-15\",\"note\":\"Vēstule\"}", NULL),
                     201);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/contacts", g_child), "{\"kind\":\"fax\",\"note\":\"\"}", &r),
                     400);
    wf_expect_in(&r, "\"kind\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/contacts", g_child), &r), 200);
    wf_expect_in(&r, "\"total\":2");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, "/api/v1/tasks", &r), 200);
    wf_expect_in(&r, "\"open\":1");
    tc_resp_free(&r);
}

static void test_correction_form(void **state)
{
    (void)state;
    wf_who swb;
    wf_log_in("sw-b", &swb);
    const char *path = wf_path("/clients/%lld/correct", g_adult);
    /* No CSRF token: refused before anything is read. */
    tc_resp r;
    assert_int_equal(tc_request(&wf.conn, "POST", path, swb.cookie, "application/x-www-form-urlencoded",
                                "reason=x&given_name=Z", 21, &r),
                     0);
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    /* A refused form keeps what was typed and names the field. */
    const char *bad[] = {"effective_on", "2022-03-01", "reason", "", "family_name", "Kalniņa", "orig_family_name", "Ozola",
                         "form_token", "tok-correct-1", NULL};
    assert_int_equal(wf_post_form(&swb, path, bad, &r), 422);
    wf_expect_in(&r, "obligāts lauks");
    wf_expect_in(&r, "value=\"Kalniņa\"");
    tc_resp_free(&r);
    /* Today's other details go along unchanged (orig_* equal): only the
     * family name is corrected from 2022-03-01. */
    const char *ok[] = {"effective_on", "2022-03-01", "reason", "laulība", "given_name", "Ilze", "orig_given_name", "Ilze",
                        "family_name", "Kalniņa", "orig_family_name", "Ozola", "disability_group", "2",
                        "orig_disability_group", "2", "form_token", "tok-correct-2", NULL};
    assert_int_equal(wf_post_form(&swb, path, ok, &r), 303);
    char *loc = tc_header(&r, "Location");
    assert_string_equal(loc, wf_path("/clients/%lld?saved=1", g_adult));
    free(loc);
    tc_resp_free(&r);
    /* The same form sent again writes nothing more. */
    assert_int_equal(wf_post_form(&swb, path, ok, NULL), 303);
    assert_int_equal(audit("correct", g_adult), 1);
    /* The card tells it in words, with the date, reason and who. */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_adult), &r), 200);
    wf_expect_in(&r, "<strong>01.03.2022.</strong> laboti personas dati: uzvārds Ozola → Kalniņa — iemesls: laulība");
    wf_expect_in(&r, "ierakstīja sw-b, 15.06.2022.");
    tc_resp_free(&r);
}

static void test_move_ahead_changes_scope_on_its_date(void **state)
{
    (void)state;
    wf_who swb, swd, hb, hd;
    wf_log_in("sw-b", &swb);
    wf_log_in("head-b", &hb);
    wf_log_in("head-d", &hd);
    const char *path = wf_path("/clients/%lld/move", g_adult);
    tc_resp r;
    const char *bad[] = {"municipality", "0999999", "effective_on", "2022-07-01", "reason", "", "form_token", "tok-move-1",
                         NULL};
    assert_int_equal(wf_post_form(&swb, path, bad, &r), 422);
    wf_expect_in(&r, "nezināma pašvaldība");
    tc_resp_free(&r);
    const char *ok[] = {"municipality", DOBELE, "effective_on", "2022-07-01", "reason", "pārceļas pie dēla",
                        "form_token", "tok-move-2", NULL};
    assert_int_equal(wf_post_form(&swb, path, ok, NULL), 303);
    /* Both heads are told; Dobele's sees a number until the date. */
    assert_int_equal(wf_get(&hb, "/caseloads", &r), 200);
    wf_expect_in(&r, "Pārcelšanās starp pašvaldībām");
    wf_expect_in(&r, "Ilze Kalniņa</a></td><td>pārceļas uz Dobeles novads");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&hd, "/caseloads", &r), 200);
    wf_expect_in(&r, wf_path("klients Nr. %lld</td><td>pārceļas pie jums no Bauskas novads", g_adult));
    tc_resp_free(&r);
    /* The card shows the move ahead; the history names it. */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_adult), &r), 200);
    wf_expect_in(&r, "no 01.07.2022. atbild Dobeles novads");
    wf_expect_in(&r, "pārcelts uz citu pašvaldību: Bauskas novads → Dobeles novads — iemesls: pārceļas pie dēla");
    wf_expect_in(&r, "<strong>10.01.2022.</strong> reģistrēts");
    tc_resp_free(&r);

    /* On 1 July, with nothing run in between. */
    atomic_store(&wf.clock, JUNE_15 + 16 * DAY_S);
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    wf_log_in("head-d", &hd);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_adult), NULL), 404);
    assert_int_equal(wf_get(&swd, wf_path("/clients/%lld", g_adult), &r), 200);
    wf_expect_in(&r, "Ilze Kalniņa");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&hd, "/caseloads", &r), 200);
    wf_expect_in(&r, "Ilze Kalniņa</a></td><td>pārceļas pie jums no Bauskas novads");
    tc_resp_free(&r);
    atomic_store(&wf.clock, JUNE_15);
}

static void test_case_code_representatives_residence(void **state)
{
    (void)state;
    wf_who swb;
    wf_log_in("sw-b", &swb);
    tc_resp r;
    /* Closing: "other" needs a text; then closed; the card says since when. */
    const char *vague[] = {"status", "closed", "effective_on", "2022-06-01", "closing_reason", "other", "reason", "",
                           "form_token", "tok-case-1", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/case", g_parent), vague, &r), 422);
    tc_resp_free(&r);
    const char *close[] = {"status", "closed", "effective_on", "2022-06-01", "closing_reason", "refused", "reason", "",
                           "form_token", "tok-case-2", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/case", g_parent), close, NULL), 303);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_parent), &r), 200);
    wf_expect_in(&r, "slēgta kopš 01.06.2022.: atteicās no pakalpojumiem");
    wf_expect_in(&r, "Atvērt lietu no jauna");
    tc_resp_free(&r);
    /* The reopening form is offered now. */
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/case", g_parent), &r), 200);
    wf_expect_in(&r, "name=\"status\" value=\"open\"");
    tc_resp_free(&r);

    /* A new code: never echoed, never in the history. */
    char code[16];
    wf_personal_code(4000, code);
    const char *cc[] = {"personal_code", code, "since", "2022-06-01", "reason", "", "form_token", "tok-code-1", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/code", g_child), cc, &r), 422);
    assert_null(strstr(r.body, code));
    tc_resp_free(&r);
    cc[5] = "jaunā formāta kods";
    cc[7] = "tok-code-2";
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/code", g_child), cc, NULL), 303);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld", g_child), &r), 200);
    wf_expect_in(&r, "personas kods nomainīts");
    assert_null(strstr(r.body, code));
    tc_resp_free(&r);
    assert_int_equal(check_db_int_text(wf.db, "SELECT COUNT(*) FROM audit WHERE changes LIKE ?1",
                                       "%320000%"),
                     0);

    /* A representative from a date, then ended. */
    char rep[24];
    snprintf(rep, sizeof rep, "%lld", (long long)g_parent);
    const char *link[] = {"representative_id", rep, "kind", "parent", "valid_from", "2022-01-10", "valid_to", "",
                          "form_token", "tok-rep-1", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/representatives", g_child), link, NULL), 303);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/representatives", g_child), &r), 200);
    wf_expect_in(&r, "Inese Liepa");
    tc_resp_free(&r);
    int64_t link_id = check_db_int(wf.db, "SELECT MAX(id) FROM client_representative");
    char lid[24];
    snprintf(lid, sizeof lid, "%lld", (long long)link_id);
    const char *end_bad[] = {"link_id", lid, "ends_on", "2021-01-01", "end_reason", "", "form_token", "tok-rep-2", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/representatives/end", g_child), end_bad, &r), 422);
    wf_expect_in(&r, "id=\"f-ends_on-err\"");
    wf_expect_in(&r, "id=\"f-end_reason-err\"");
    tc_resp_free(&r);
    const char *end_ok[] = {"link_id", lid, "ends_on", "2022-05-31", "end_reason", "aizbildnība", "form_token",
                            "tok-rep-3", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/representatives/end", g_child), end_ok, NULL), 303);
    assert_int_equal(audit("end_representative", g_child), 1);
    assert_int_equal(audit("end_represented", g_parent), 1);

    /* Residence: into a children's institution, atomically. */
    const char *res[] = {"kind", "children_institution", "moved_on", "2022-06-01", "municipality", "", "parish", "",
                         "reason", "bāriņtiesas lēmums", "form_token", "tok-res-1", NULL};
    assert_int_equal(wf_post_form(&swb, wf_path("/clients/%lld/residence", g_child), res, NULL), 303);
    assert_int_equal(wf_get(&swb, wf_path("/clients/%lld/residence", g_child), &r), 200);
    wf_expect_in(&r, "bērnu aprūpes iestādē");
    tc_resp_free(&r);
}

static void test_json_api(void **state)
{
    (void)state;
    wf_who swb, swd;
    wf_log_in("sw-b", &swb);
    wf_log_in("sw-d", &swd);
    tc_resp r;
    const char *path = wf_path("/api/v1/clients/%lld/corrections", g_child);
    /* Absent fields are unchanged; a wrong one is named. */
    assert_int_equal(wf_post_json(&swb, path, "{\"reason\":\"\",\"disability_group\":\"7\"}", &r), 400);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(json_object_get(json_object_get(j, "fields"), "reason"));
    assert_non_null(json_object_get(json_object_get(j, "fields"), "disability_group"));
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&swd, path, "{\"reason\":\"x\",\"given_name\":\"Z\"}", NULL), 404);
    assert_int_equal(tc_request(&wf.conn, "POST", path, swb.cookie, "application/json", "{}", 2, &r), 0);
    assert_int_equal(r.status, 403);
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&swb, path, "{\"effective_on\":\"2022-02-01\",\"reason\":\"atzinums\","
                                           "\"special_care_from\":\"2022-02-01\"}",
                               &r),
                     200);
    wf_expect_in(&r, "\"client_id\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/versions", g_child), &r), 200);
    j = json_loads(r.body, 0, NULL);
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "valid_from")), "2022-02-01");
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "special_care_from")), "2022-02-01");
    assert_true(json_is_null(json_object_get(json_array_get(items, 0), "special_care_from")));
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/history", g_child), &r), 200);
    j = json_loads(r.body, 0, NULL);
    json_t *first = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "action")), "correct");
    assert_string_equal(json_string_value(json_object_get(first, "effective_on")), "2022-02-01");
    assert_true(json_is_array(json_object_get(first, "changes")));
    json_decref(j);
    tc_resp_free(&r);

    /* Representatives at a date, linking and ending. */
    char body[200];
    snprintf(body, sizeof body,
             "{\"representative_id\":%lld,\"kind\":\"guardian\",\"valid_from\":\"2022-06-01\"}", (long long)g_parent);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/representatives", g_child), body, &r), 201);
    j = json_loads(r.body, 0, NULL);
    int64_t link = json_integer_value(json_object_get(j, "id"));
    assert_true(link > 0);
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/representatives?at=2022-06-02", g_child), &r), 200);
    wf_expect_in(&r, "\"kind\":\"guardian\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/representatives?at=2022-13-01", g_child), NULL), 400);
    snprintf(body, sizeof body, "{\"link_id\":%lld,\"valid_to\":\"2022-06-10\",\"reason\":\"beidzās\"}", (long long)link);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/representatives/end", g_child), body, NULL), 200);
    assert_int_equal(wf_get(&swb, wf_path("/api/v1/clients/%lld/representatives?at=2022-06-11", g_child), &r), 200);
    assert_null(strstr(r.body, "guardian"));
    tc_resp_free(&r);

    /* Closing and reopening; a move; a residence move; a new code. */
    const char *cs = wf_path("/api/v1/clients/%lld/case-status", g_child);
    assert_int_equal(wf_post_json(&swb, cs, "{\"status\":\"closed\",\"closing_reason\":\"bored\"}", NULL), 400);
    assert_int_equal(wf_post_json(&swb, cs, "{\"status\":\"closed\",\"closing_reason\":\"not_eligible\",\"effective_on\":"
                                         "\"2022-06-05\"}",
                               NULL),
                     200);
    assert_int_equal(wf_post_json(&swb, cs, "{\"status\":\"open\",\"reason\":\"kļūda\",\"effective_on\":\"2022-06-06\"}", NULL),
                     200);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/residence-moves", g_child),
                               "{\"kind\":\"foster_family\",\"moved_on\":\"2022-06-10\",\"reason\":\"audžuģimene\"}", &r),
                     201);
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/residence-moves", g_child),
                               "{\"kind\":\"family\",\"moved_on\":\"2022-06-09\",\"reason\":\"x\"}", NULL),
                     400);
    char code[16], json[200];
    wf_personal_code(5000, code);
    snprintf(json, sizeof json, "{\"personal_code\":\"%s\",\"since\":\"2022-06-12\",\"reason\":\"maiņa\"}", code);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/personal-code", g_child), json, &r), 200);
    assert_null(strstr(r.body, code));
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&swb, wf_path("/api/v1/clients/%lld/moves", g_child),
                               "{\"municipality\":\"" BAUSKA "\",\"reason\":\"x\"}", NULL),
                     400); /* already responsible */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_who_may_open_the_pages),
        cmocka_unit_test(test_contacts_tasks_code),
        cmocka_unit_test(test_correction_form),
        cmocka_unit_test(test_move_ahead_changes_scope_on_its_date),
        cmocka_unit_test(test_case_code_representatives_residence),
        cmocka_unit_test(test_json_api),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
