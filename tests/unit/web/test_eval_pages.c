/* The evaluation as the published document, in-process over the Zemgale
 * demo: read chapter by chapter (contents, print view), the coordinator's
 * chapters saved as versions (CSRF, escaping, all or none), approval after
 * a confirmation page, a record changed, approval again: version 2 lists
 * the changed figure (Jelgava city's compensation, 398 161,28 € + 100,00 €,
 * worked out by hand) and the chapter; files served byte for byte with
 * their SHA-256; another region's coordinator gets 404 everywhere. Every
 * HTML answer goes through tidy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_db.h"
#include "http_client.h"
#include "pg_fixture.h"
#include "web_fixture.h"
#include "service/figures/evaluations.h"
#include "web/server.h"

#define PASSWORD "eval-pages-pass-8812"

/* The test's records, after the catalogue and the demo (wf_options.demo,
 * tests/support/web_fixture.c). */
static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"coord-zpr", "region", NULL, "ZPR"},
                                {"coord-lpr", "region", NULL, "LPR"},
                                {"analyst", "ministry", NULL, NULL},
                                {"sw-x", "social_worker", "0025000", NULL}};
    return wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_eval_pages", .password = PASSWORD,
                    .now = "2022-06-15T10:00:00Z", .demo = true, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

#define VIEW "/evaluation/view?region=ZPR&at=2021-12-31"

static void test_view_pages_and_scope(void **state)
{
    (void)state;
    wf_who zpr, lpr, min, sw;
    wf_log_in("coord-zpr", &zpr);
    wf_log_in("coord-lpr", &lpr);
    wf_log_in("analyst", &min);
    wf_log_in("sw-x", &sw);
    tc_resp r;
    /* Page 1 is the introduction the demo wrote (seed 003 starts with it);
     * the contents list every chapter, ending with the appendices. */
    assert_int_equal(wf_get(&zpr, VIEW, &r), 200);
    const char *toc = strstr(r.body, "<ol>");
    assert_non_null(toc);
    const char *first = strstr(toc, "<li>");
    assert_non_null(first);
    assert_non_null(strstr(first, "Ievads un tiesiskais pamats"));
    assert_true(strstr(first, "Ievads un tiesiskais pamats") < strstr(first, "Projekts un budžets"));
    assert_true(strstr(toc, "Ieteikumi") < strstr(toc, "1. pielikums"));
    wf_expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    wf_expect_in(&r, "MK noteikumu Nr. 313");
    wf_expect_in(&r, "rel=\"next\"");
    wf_expect_in(&r, "/evaluation/file?region=ZPR&amp;at=2021-12-31&amp;format=pdf");
    wf_expect_not_in(&r, "style=\""); /* the page's CSP forbids inline styles */
    tc_resp_free(&r);
    /* Page 2: the project, with a link back. */
    assert_int_equal(wf_get(&zpr, VIEW "&page=2", &r), 200);
    wf_expect_in(&r, "<h2>Projekts un budžets</h2>");
    wf_expect_in(&r, "rel=\"prev\"");
    wf_expect_not_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    tc_resp_free(&r);
    /* page=0: the whole document (print). */
    assert_int_equal(wf_get(&zpr, VIEW "&page=0", &r), 200);
    wf_expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    wf_expect_in(&r, "<h2>Projekts un budžets</h2>");
    wf_expect_in(&r, "<h3>Pakalpojumu saņēmēju viedoklis</h3>");
    /* Figures 4-5 as inline SVG named by their title and description. */
    wf_expect_in(&r, "<h2>Sabiedrībā balstītu sociālo pakalpojumu pieejamība</h2>");
    wf_expect_in(&r, "aria-labelledby=\"svc-map-2019-title svc-map-2019-desc\"");
    wf_expect_in(&r, "<title id=\"svc-map-2021-title\">5. attēls. Zemgales plānošanas reģionā pieejamie");
    wf_expect_in(&r, "<desc id=\"svc-map-2021-desc\">");
    tc_resp_free(&r);
    /* The downloads carry the chapters too. */
    assert_int_equal(wf_get(&zpr, "/evaluation/file?region=ZPR&at=2021-12-31&format=html", &r), 200);
    wf_expect_in(&r, "<h2>Ievads un tiesiskais pamats</h2>");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, VIEW "&page=999", NULL), 404);
    assert_int_equal(wf_get(&zpr, "/evaluation/view?at=2021-12-31", NULL), 200); /* the coordinator's own region */
    /* Another region's coordinator: as unknown; the ministry reads;
     * case workers have no evaluation. */
    assert_int_equal(wf_get(&lpr, VIEW, NULL), 404);
    assert_int_equal(wf_get(&lpr, "/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(wf_get(&lpr, "/evaluation/approve?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(wf_get(&lpr, "/evaluation/versions?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(wf_get(&lpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=findings", NULL), 404);
    assert_int_equal(wf_get(&lpr, "/api/v1/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 404);
    assert_int_equal(wf_get(&min, VIEW, NULL), 200);
    assert_int_equal(wf_get(&min, "/evaluation/view?region=ALL&at=2021-12-31", NULL), 200);
    assert_int_equal(wf_get(&min, "/evaluation/chapters?region=ZPR&at=2021-12-31", NULL), 403);
    assert_int_equal(wf_get(&sw, VIEW, NULL), 403);
    assert_int_equal(wf_get(&zpr, "/evaluation/view?region=ZPR&at=31.13.2021", NULL), 400);
    assert_int_equal(wf_get(&zpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=preface", &r), 400);
    wf_expect_in(&r, "tādas nodaļas nav: izvēlieties nodaļu");
    tc_resp_free(&r);
    /* The ministry must name the region: the page says so. */
    assert_int_equal(wf_get(&min, "/evaluation/versions?at=2021-12-31", &r), 400);
    wf_expect_in(&r, "nav norādīts plānošanas reģions");
    tc_resp_free(&r);
}

static void test_chapters_saved_as_versions(void **state)
{
    (void)state;
    wf_who zpr, lpr;
    wf_log_in("coord-zpr", &zpr);
    wf_log_in("coord-lpr", &lpr);
    wf_who bare = wf_without_token(&zpr); /* a form without its CSRF token */
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/evaluation/chapters?region=ZPR&at=2021-12-31", &r), 200);
    wf_expect_in(&r, "<textarea");
    wf_expect_in(&r, "name=\"recommendations\"");
    /* The demo's chapters are by whoever built it: the fixture's "test" on
     * SQLite, `kopa demo` ("demo") for the template copied on PostgreSQL. */
    wf_expect_in(&r, pg_test_cluster() ? "versija 1, demo" : "versija 1, test");
    tc_resp_free(&r);
    const char *form[] = {"region", "ZPR", "at", "2021-12-31", "findings",
                          "Jauns secinājums <script>alert(1)</script>.\n\n- pirmais punkts", NULL};
    /* Without the CSRF token: refused, nothing written. */
    assert_int_equal(wf_post_form(&bare, "/evaluation/chapters", form, NULL), 403);
    assert_int_equal(check_db_int(wf.db, "SELECT MAX(version) FROM evaluation_chapter WHERE chapter = 'findings'"), 1);
    /* Another region's coordinator posting for Zemgale: 404. */
    assert_int_equal(wf_post_form(&lpr, "/evaluation/chapters", form, NULL), 404);
    assert_int_equal(wf_post_form(&zpr, "/evaluation/chapters", form, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(check_db_int(wf.db, "SELECT MAX(version) FROM evaluation_chapter WHERE chapter = 'findings'"), 2);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM evaluation_chapter WHERE chapter = 'introduction'"), 1);
    /* The text is escaped in the document, the list item a bullet. */
    assert_int_equal(wf_get(&zpr, VIEW "&page=0", &r), 200);
    wf_expect_in(&r, "Jauns secinājums &lt;script&gt;alert(1)&lt;/script&gt;.");
    wf_expect_not_in(&r, "<script>alert");
    wf_expect_in(&r, "\xe2\x80\xa2 pirmais punkts");
    tc_resp_free(&r);
    /* History, newest first. */
    assert_int_equal(wf_get(&zpr, "/evaluation/chapters/history?region=ZPR&at=2021-12-31&chapter=findings", &r), 200);
    const char *v2 = strstr(r.body, "Versija 2"), *v1 = strstr(r.body, "Versija 1");
    assert_non_null(v2);
    assert_non_null(v1);
    assert_true(v2 < v1);
    wf_expect_in(&r, "coord-zpr");
    tc_resp_free(&r);
    /* The API: a new version, then the same text is none. */
    const char *js = "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"chapter\":\"recommendations\",\"body\":\"Ieteikums.\"}";
    assert_int_equal(wf_post_json(&zpr, "/api/v1/evaluation/chapters", js, &r), 200);
    wf_expect_in(&r, "\"version\":2");
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&zpr, "/api/v1/evaluation/chapters", js, &r), 200);
    wf_expect_in(&r, "\"version\":2");
    tc_resp_free(&r);
    const char *bad = "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"chapter\":\"preface\",\"body\":\"x\"}";
    assert_int_equal(wf_post_json(&zpr, "/api/v1/evaluation/chapters", bad, &r), 400);
    wf_expect_in(&r, "chapter");
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&lpr, "/api/v1/evaluation/chapters", js, NULL), 404);
}

static int64_t approve(const wf_who *w, const char *expect)
{
    const char *yes[] = {"region", "ZPR", "at", "2021-12-31", "expect", expect, "confirm", "1", NULL};
    tc_resp r;
    assert_int_equal(wf_post_form(w, "/evaluation/approve", yes, &r), 303);
    char *loc = tc_header(&r, "Location");
    assert_non_null(loc);
    const char *p = strstr(loc, "/evaluation/versions/");
    assert_non_null(p);
    int64_t id = strtoll(p + strlen("/evaluation/versions/"), NULL, 10);
    free(loc);
    tc_resp_free(&r);
    return id;
}

static void test_approve_change_approve(void **state)
{
    (void)state;
    wf_who zpr, lpr;
    wf_log_in("coord-zpr", &zpr);
    wf_log_in("coord-lpr", &lpr);
    wf_who bare = wf_without_token(&zpr); /* a form without its CSRF token */
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/evaluation/approve?region=ZPR&at=2021-12-31", &r), 200);
    wf_expect_in(&r, "Apstiprināt versiju 1");
    wf_expect_in(&r, "name=\"csrf\"");
    tc_resp_free(&r);
    /* Without confirm=1 the page asks; without the token it is refused. */
    const char *ask[] = {"region", "ZPR", "at", "2021-12-31", "expect", "1", NULL};
    assert_int_equal(wf_post_form(&zpr, "/evaluation/approve", ask, NULL), 200);
    const char *yes[] = {"region", "ZPR", "at", "2021-12-31", "expect", "1", "confirm", "1", NULL};
    assert_int_equal(wf_post_form(&bare, "/evaluation/approve", yes, NULL), 403);
    assert_int_equal(wf_post_form(&lpr, "/evaluation/approve", yes, NULL), 404);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM evaluation_version"), 0);
    int64_t v1 = approve(&zpr, "1");
    /* The same form again: another approval came first. */
    assert_int_equal(wf_post_form(&zpr, "/evaluation/approve", yes, &r), 409);
    tc_resp_free(&r);
    /* A record changes: one more payment of 100,00 € to Jelgava city. */
    assert_int_equal(check_db_int(wf.db, "INSERT INTO compensation_payment(project_id, municipality_id, period_start,"
                                        " period_end, paid_on, amount_cents, esf_cents, state_cents) SELECT 1, id,"
                                        " '2021-10-01', '2021-12-31', '2022-01-10', 10000, 8500, 1500 FROM municipality"
                                        " WHERE atvk = '0003000' RETURNING 1"),
                     1);
    assert_int_equal(wf_get(&zpr, "/evaluation/approve?region=ZPR&at=2021-12-31", &r), 200);
    wf_expect_in(&r, "Izmaiņas kopš versijas 1");
    wf_expect_in(&r, "compensation/Jelgavas valstspilsēta//total/eur/</td><td class=\"num\" data-label=\"Bija\">398161.28"
                  "</td><td class=\"num\" data-label=\"Ir\">398261.28</td>");
    tc_resp_free(&r);
    int64_t v2 = approve(&zpr, "2");
    char path[96];
    snprintf(path, sizeof path, "/evaluation/versions/%lld", (long long)v2);
    assert_int_equal(wf_get(&zpr, path, &r), 200);
    wf_expect_in(&r, "Apstiprinātā versija 2");
    wf_expect_in(&r, "398161.28");
    wf_expect_in(&r, "398261.28");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&lpr, path, NULL), 404);
    /* The list has both, newest first, with their hashes. */
    assert_int_equal(wf_get(&zpr, "/evaluation/versions?region=ZPR&at=2021-12-31", &r), 200);
    snprintf(path, sizeof path, "href=\"/evaluation/versions/%lld\">2<", (long long)v2);
    const char *row2 = strstr(r.body, path);
    snprintf(path, sizeof path, "href=\"/evaluation/versions/%lld\">1<", (long long)v1);
    const char *row1 = strstr(r.body, path);
    assert_non_null(row2);
    assert_non_null(row1);
    assert_true(row2 < row1);
    tc_resp_free(&r);
    /* The approved PDF byte for byte, its hash the stored one. */
    snprintf(path, sizeof path, "/evaluation/versions/%lld/file?format=pdf", (long long)v1);
    assert_int_equal(wf_get(&zpr, path, &r), 200);
    char sha[65];
    kp_sha256_hex(r.body, r.body_len, sha);
    char *hdr = tc_header(&r, "X-Content-SHA256");
    assert_non_null(hdr);
    assert_string_equal(hdr, sha);
    free(hdr);
    assert_int_equal(check_db_int_text(wf.db, "SELECT COUNT(*) FROM evaluation_snapshot WHERE sha256 = ?", sha), 1);
    assert_memory_equal(r.body, "%PDF", 4);
    tc_resp_free(&r);
    assert_int_equal(wf_get(&lpr, path, NULL), 404);
    snprintf(path, sizeof path, "/evaluation/versions/%lld/file?format=docx", (long long)v1);
    assert_int_equal(wf_get(&zpr, path, NULL), 400);
    /* The API: version 2 lists the change; a stale expected version is 409. */
    snprintf(path, sizeof path, "/api/v1/evaluation/versions/%lld", (long long)v2);
    assert_int_equal(wf_get(&zpr, path, &r), 200);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 2);
    json_t *changes = json_object_get(j, "changes");
    bool found = false;
    for (size_t i = 0; i < json_array_size(changes); i++) {
        json_t *c = json_array_get(changes, i);
        if (!strcmp(json_string_value(json_object_get(c, "item")), "compensation/Jelgavas valstspilsēta//total/eur/")) {
            assert_string_equal(json_string_value(json_object_get(c, "old")), "398161.28");
            assert_string_equal(json_string_value(json_object_get(c, "new")), "398261.28");
            found = true;
        }
    }
    assert_true(found);
    json_decref(j);
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&zpr, "/api/v1/evaluation/approve",
                                  "{\"region\":\"ZPR\",\"at\":\"2021-12-31\",\"expect_version\":2}", NULL),
                     409);
    assert_int_equal(
        wf_post_json(&lpr, "/api/v1/evaluation/approve", "{\"region\":\"ZPR\",\"at\":\"2021-12-31\"}", NULL), 404);
    assert_int_equal(check_db_int(wf.db, "SELECT COUNT(*) FROM evaluation_version"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_pages_and_scope),
        cmocka_unit_test(test_chapters_saved_as_versions),
        cmocka_unit_test(test_approve_change_approve),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
