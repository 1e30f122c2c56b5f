/* The cooperation agreements' pages and JSON calls (/cooperation), in
 * process over two hand-made agreements with the server's clock at 15 June
 * 2022:
 *
 *   C1 Bauska → Dobele    day_care grt existing 4 places from 01.01.2022, "Līgums Nr. 12"
 *   C2 Jelgavas nov.→Dobele workshop grt planned  from 01.01.2023
 *
 * The coordinator of ZPR lists them (C2 only with the ended and future
 * ones), records a third (Bauska → Aizkraukle), ends C1 and corrects it; bad
 * input comes back with the message on its field (422), a form without its
 * CSRF token is refused (403). The head of Bauska reads C1 and not C2, the
 * head of Aizkraukle finds C1 unknown (404), another region's coordinator
 * too, the ministry reads and cannot write. The start page and /need lead
 * here. Every HTML answer goes through tidy (wf_get, wf_post_form). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http_client.h"
#include "web_fixture.h"
#include "service/programme/programme.h"
#include "web/server.h"

#define PASSWORD "sadarbiba-pass-1234"
#define BAUSKA "0025000"
#define DOBELE "0028000"
#define AIZKRAUKLE "0020000"
#define JELGAVA_NOV "0030000"
/* 2022-06-15T10:00:00Z */
#define JUNE_15 1655287200LL

static int64_t C1, C2;

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"region-zpr", "region", NULL, "ZPR"},      {"region-kpr", "region", NULL, "KPR"},
                                {"ministry", "ministry", NULL, NULL},       {"head-b", "municipal_head", BAUSKA, NULL},
                                {"head-a", "municipal_head", AIZKRAUKLE, NULL}, {"sw-b", "social_worker", BAUSKA, NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    kp_cooperation_in c1 = {.municipality = BAUSKA, .partner = DOBELE, .service = "day_care", .target_group = "grt",
                            .kind = "existing", .places = "4", .valid_from = "2022-01-01", .decision = "Līgums Nr. 12"};
    if (!rc)
        rc = kp_cooperation_add(ctx, &c1, e, &C1);
    kp_cooperation_in c2 = {.municipality = JELGAVA_NOV, .partner = DOBELE, .service = "workshop",
                            .target_group = "grt", .kind = "planned", .valid_from = "2023-01-01"};
    if (!rc)
        rc = kp_cooperation_add(ctx, &c2, e, &C2);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_cooperation_pages", .password = PASSWORD, .now = "2022-06-15T10:00:00Z",
                    .clock = JUNE_15, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

static const char *one(int64_t id, const char *tail)
{
    static char path[96];
    snprintf(path, sizeof path, "/cooperation/%lld%s", (long long)id, tail);
    return path;
}

static void test_list_and_links(void **state)
{
    (void)state;
    wf_who zpr;
    wf_log_in("region-zpr", &zpr);
    tc_resp r;
    assert_int_equal(wf_get(&zpr, "/cooperation", &r), 200);
    wf_expect_in(&r, "<h1>Sadarbības līgumi — 15.06.2022.</h1>");
    wf_expect_in(&r, "Līgums Nr. 12");
    wf_expect_in(&r, "Dobeles novads");
    wf_expect_in(&r, "01.01.2022. – …");
    wf_expect_not_in(&r, one(C2, "\""));      /* planned from 2023: not in force on the date */
    wf_expect_in(&r, "Ierakstīt sadarbības līgumu");
    wf_expect_in(&r, "name=\"csrf\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/cooperation?all=1", &r), 200);
    wf_expect_in(&r, one(C2, "\""));
    wf_expect_in(&r, "plānots");
    tc_resp_free(&r);
    /* Filters: Aizkraukle has none; workshops only C2 (with all). */
    assert_int_equal(wf_get(&zpr, "/cooperation?municipality=" AIZKRAUKLE, &r), 200);
    wf_expect_in(&r, "Nav neviena līguma, kas atbilst izvēlei.");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/cooperation?all=1&service=workshop", &r), 200);
    wf_expect_in(&r, one(C2, "\""));
    wf_expect_not_in(&r, one(C1, "\""));
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/cooperation?at=31.12.2021.", &r), 200);
    wf_expect_in(&r, "Nav neviena līguma");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/cooperation?at=31.02.2021.", NULL), 400);
    /* Reached from the start page and from /need. */
    assert_int_equal(wf_get(&zpr, "/", &r), 200);
    wf_expect_in(&r, "<a href=\"/cooperation\">Sadarbības līgumi starp pašvaldībām</a>");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/need?at=2022-06-15", &r), 200);
    wf_expect_in(&r, "<a href=\"/cooperation?at=2022-06-15\">Sadarbības līgumi šajā datumā</a>");
    tc_resp_free(&r);
    /* English. */
    const char *en[] = {"lang", "en", "back", "/cooperation", NULL};
    assert_int_equal(wf_post_form(&zpr, "/lang", en, NULL), 303);
    assert_int_equal(wf_get(&zpr, "/cooperation", &r), 200);
    wf_expect_in(&r, "<h1>Cooperation agreements — 15.06.2022</h1>");
    wf_expect_in(&r, "Record a cooperation agreement");
    tc_resp_free(&r);
    const char *lv[] = {"lang", "lv", "back", "/", NULL};
    assert_int_equal(wf_post_form(&zpr, "/lang", lv, NULL), 303);
}

static void test_record_end_correct(void **state)
{
    (void)state;
    wf_who zpr;
    wf_log_in("region-zpr", &zpr);
    tc_resp r;
    int64_t before = wf_db_int("SELECT COUNT(*) FROM cooperation");
    /* The same municipality on both sides, and places that are no number. */
    const char *bad[] = {"municipality", BAUSKA, "partner", BAUSKA, "service", "day_care", "target_group", "grt",
                         "kind", "existing", "places", "daudz", "valid_from", "01.02.2022.", "decision", "Nr. 3",
                         NULL};
    assert_int_equal(wf_post_form(&zpr, "/cooperation/new", bad, &r), 422);
    wf_expect_in(&r, "id=\"f-partner-err\"");
    wf_expect_in(&r, "sadarbības partnerim jābūt citai pašvaldībai");
    wf_expect_in(&r, "id=\"f-places-err\"");
    wf_expect_in(&r, "value=\"Nr. 3\""); /* what was typed stays */
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation"), before);
    /* Without the CSRF token: refused. */
    const char *good[] = {"municipality", BAUSKA, "partner", AIZKRAUKLE, "service", "respite", "target_group", "grt",
                          "kind", "existing", "places", "2", "valid_from", "01.02.2022.", "valid_to", "31.12.2022.",
                          "decision", "Līgums Nr. 3, 20.01.2022.", NULL};
    wf_who bare = wf_without_token(&zpr);
    assert_int_equal(wf_post_form(&bare, "/cooperation/new", good, NULL), 403);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation"), before);
    assert_int_equal(wf_post_form(&zpr, "/cooperation/new", good, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation WHERE service_code = 'respite' AND places = 2"
                               " AND valid_from = '2022-02-01' AND valid_to = '2022-12-31'"
                               " AND decision = 'Līgums Nr. 3, 20.01.2022.'"),
                     1);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit a JOIN cooperation c ON c.id = a.entity_id"
                               " WHERE a.entity = 'cooperation' AND a.action = 'create' AND c.service_code = 'respite'"),
                     1);

    /* One agreement: its facts, the forms, its history. */
    assert_int_equal(wf_get(&zpr, one(C1, ""), &r), 200);
    wf_expect_in(&r, "Līgums Nr. 12");
    wf_expect_in(&r, "Izbeigt līgumu");
    wf_expect_in(&r, "Labot ierakstīto");
    wf_expect_in(&r, "izveidoja");
    tc_resp_free(&r);
    /* Ending: a date before its start names the field. */
    const char *early[] = {"ended_on", "31.12.2021.", "reason", "Slēgts", NULL};
    assert_int_equal(wf_post_form(&zpr, one(C1, "/end"), early, &r), 422);
    wf_expect_in(&r, "id=\"f-ended_on-err\"");
    tc_resp_free(&r);
    const char *end[] = {"ended_on", "31.05.2022.", "reason", "Dobeles centrs slēgts", NULL};
    assert_int_equal(wf_post_form(&zpr, one(C1, "/end"), end, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation WHERE valid_to = '2022-05-31'"), 1);
    assert_int_equal(wf_get(&zpr, one(C1, ""), &r), 200);
    wf_expect_in(&r, "beidzies");
    wf_expect_in(&r, "izbeidza");
    wf_expect_in(&r, "Dobeles centrs slēgts");
    tc_resp_free(&r);
    /* Correcting: no reason names its field; then places 4 → 6 and the
     * decision emptied (cleared), the rest as it was. */
    const char *fix0[] = {"partner", DOBELE, "service", "day_care", "target_group", "grt", "kind", "existing",
                          "places", "6", "valid_from", "01.01.2022.", "valid_to", "31.05.2022.", "decision", "",
                          "correct_reason", "", NULL};
    assert_int_equal(wf_post_form(&zpr, one(C1, "/correct"), fix0, &r), 422);
    wf_expect_in(&r, "id=\"f-correct_reason-err\"");
    tc_resp_free(&r);
    const char *fix[] = {"partner", DOBELE, "service", "day_care", "target_group", "grt", "kind", "existing",
                         "places", "6", "valid_from", "01.01.2022.", "valid_to", "31.05.2022.", "decision", "",
                         "correct_reason", "Vietu skaits pārrakstīts nepareizi", NULL};
    assert_int_equal(wf_post_form(&zpr, one(C1, "/correct"), fix, &r), 303);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation WHERE places = 6 AND decision IS NULL"
                               " AND valid_to = '2022-05-31' AND service_code = 'day_care'"),
                     1);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit WHERE entity = 'cooperation' AND action = 'correct'"
                               " AND reason = 'Vietu skaits pārrakstīts nepareizi'"),
                     1);

    /* The JSON API runs the same use cases. */
    char body[400];
    snprintf(body, sizeof body, "{\"places\":\"7\",\"reason\":\"API labojums\"}");
    char path[96];
    snprintf(path, sizeof path, "/api/v1/cooperation/%lld/corrections", (long long)C1);
    assert_int_equal(wf_post_json(&zpr, path, body, &r), 200);
    json_t *j = json_loads(r.body, 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "places")), 7);
    assert_string_equal(json_string_value(json_object_get(j, "state")), "ended");
    json_decref(j);
    tc_resp_free(&r);
    snprintf(path, sizeof path, "/api/v1/cooperation/%lld/end", (long long)C1);
    assert_int_equal(wf_post_json(&zpr, path, "{\"ended_on\":\"2022-06-30\",\"reason\":\"\"}", &r), 400);
    wf_expect_in(&r, "reason");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&zpr, "/api/v1/cooperation?all=1", &r), 200);
    j = json_loads(r.body, 0, NULL);
    assert_int_equal(json_array_size(json_object_get(j, "agreements")), 3);
    json_decref(j);
    tc_resp_free(&r);
}

static void test_who_reads_and_writes(void **state)
{
    (void)state;
    wf_who w;
    tc_resp r;
    const char *end[] = {"ended_on", "01.06.2022.", "reason", "x", NULL};
    /* The head of Bauska reads C1, not C2, and changes nothing. */
    wf_log_in("head-b", &w);
    assert_int_equal(wf_get(&w, "/cooperation?all=1", &r), 200);
    wf_expect_in(&r, one(C1, "\""));
    wf_expect_not_in(&r, one(C2, "\""));
    wf_expect_not_in(&r, "Ierakstīt sadarbības līgumu");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, one(C1, ""), &r), 200);
    wf_expect_not_in(&r, "Izbeigt līgumu");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, one(C2, ""), NULL), 404);
    assert_int_equal(wf_post_form(&w, one(C1, "/end"), end, NULL), 403);
    /* The head of Aizkraukle and another region's coordinator: unknown. */
    wf_log_in("head-a", &w);
    assert_int_equal(wf_get(&w, one(C1, ""), NULL), 404);
    assert_int_equal(wf_get(&w, "/api/v1/cooperation/999999", NULL), 404);
    wf_log_in("region-kpr", &w);
    assert_int_equal(wf_get(&w, one(C1, ""), NULL), 404);
    assert_int_equal(wf_get(&w, "/cooperation?region=ZPR", NULL), 404);
    assert_int_equal(wf_post_form(&w, one(C1, "/end"), end, NULL), 404);
    /* The ministry reads any region, without forms; writing is refused. */
    wf_log_in("ministry", &w);
    assert_int_equal(wf_get(&w, "/cooperation?region=ZPR&all=1", &r), 200);
    wf_expect_in(&r, one(C1, "\""));
    wf_expect_not_in(&r, "Ierakstīt sadarbības līgumu");
    tc_resp_free(&r);
    assert_int_equal(wf_get(&w, "/api/v1/cooperation", NULL), 400);
    assert_int_equal(wf_post_form(&w, one(C1, "/end"), end, NULL), 403);
    /* Social workers: not their page. */
    wf_log_in("sw-b", &w);
    assert_int_equal(wf_get(&w, "/cooperation", NULL), 403);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM cooperation WHERE valid_to = '2022-06-01'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_and_links),
        cmocka_unit_test(test_record_end_correct),
        cmocka_unit_test(test_who_reads_and_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
