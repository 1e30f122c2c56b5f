/* Every count on the screen pages leads to its records (issue 11, item 5):
 * progress at a glance on the start pages, the indicators page, need
 * against places and cost after EU funding, over the tiny region of
 * tests/unit/service/progress_region.h with the server's clock at 15 June
 * 2024. Each test finds the number on the page as a link, follows it to
 * /figures/records and counts the rows; the counts are worked out by hand:
 *
 *   persons (grt, all assessed): Bauska A, B, C; Dobele D, E
 *   A day care 01.03.2022–31.12.2023, delivered 2022 and 2023
 *   B day care 01.06.2023–31.12.2023 (delivered 2023), needs day care and respite
 *   C needs day care, assessed 2023, never served
 *   D workshop 01.02.2023–31.12.2023; E respite 01.07.2023–10.07.2023
 *   centres: Zīle (Bauska), Ozols (Dobele), day care for grt
 *
 * Out of scope the same links answer 404. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "http_client.h"
#include "web_fixture.h"
#include "../service/progress_region.h"
#include "web/server.h"

#define PASSWORD "drilldown-pass-1234"
/* 2024-06-15T10:00:00Z */
#define JUNE_15 1718445600LL
#define FIG "/figures/records?figure="

static int64_t g_bauska;

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    progress_ids ids;
    kp_rc rc = progress_region_make(ctx, &ids);
    static const wf_user U[] = {{"head-b", "municipal_head", BAUSKA, NULL}, {"head-d", "municipal_head", DOBELE, NULL},
                                {"sw-b", "social_worker", BAUSKA, NULL},    {"region-zpr", "region", NULL, "ZPR"},
                                {"region-kpr", "region", NULL, "KPR"},      {"ministry", "ministry", NULL, NULL}};
    if (!rc)
        rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_drilldown_pages", .password = PASSWORD, .now = "2024-06-15T10:00:00Z",
                    .clock = JUNE_15, .build = build};
    int rc = wf_start(&o);
    if (!rc)
        g_bauska = wf_db_int("SELECT id FROM municipality WHERE atvk = '" BAUSKA "'");
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

/* The URL of an href as written in HTML (&amp; → &). */
static void unescape(const char *href, char *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = href; *p && n + 1 < cap;) {
        if (!strncmp(p, "&amp;", 5)) {
            out[n++] = '&';
            p += 5;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* `page` shows `shown` as a link to `href` (as written in the page); the
 * list behind it has `rows` records. Returns the list page (caller frees)
 * when out is given. */
static void follows(const wf_who *w, const tc_resp *page, const char *href, const char *shown, size_t rows,
                    tc_resp *out)
{
    char link[512], url[512];
    snprintf(link, sizeof link, "<a href=\"%s\">%s</a>", href, shown);
    wf_expect_in(page, link);
    unescape(href, url, sizeof url);
    tc_resp r;
    assert_int_equal(wf_get(w, url, &r), 200);
    size_t n = count_of(r.body, "<tr><td>");
    if (n != rows)
        fail_msg("%s: %zu rows, expected %zu", url, n, rows);
    if (out)
        *out = r;
    else
        tc_resp_free(&r);
}

static void test_progress_and_indicators(void **state)
{
    (void)state;
    wf_who w, k;
    wf_log_in("region-zpr", &w);
    wf_log_in("region-kpr", &k);
    tc_resp r, list;
    const char *assessed = FIG "indicator_table..grt_assessed.achieved.0&amp;region=ZPR&amp;date=2024-06-15";
    const char *centres = FIG "indicator_table..day_care_centres_grt.achieved.0&amp;region=ZPR&amp;date=2024-06-15";
    const char *trained = FIG "indicator_table..specialists_trained.achieved.0&amp;region=ZPR&amp;date=2024-06-15";
    assert_int_equal(wf_get(&w, "/", &r), 200);
    /* A–E assessed; the region sees pseudonyms, never names. */
    follows(&w, &r, assessed, "5", 5, &list);
    wf_expect_not_in(&list, "Vārds Uzvārds");
    wf_expect_in(&list, "<code>");
    tc_resp_free(&list);
    follows(&w, &r, centres, "2", 2, NULL);
    /* An entered value: its one record, whose amount is the value. */
    follows(&w, &r, trained, "4", 1, &list);
    wf_expect_in(&list, "<td class=\"num\">4</td>");
    tc_resp_free(&list);
    tc_resp_free(&r);
    /* At a chosen date: 31.12.2022, A, B, D, E assessed (C in 2023). */
    assert_int_equal(wf_get(&w, "/?date=2022-12-31", &r), 200);
    follows(&w, &r, FIG "indicator_table..grt_assessed.achieved.0&amp;region=ZPR&amp;date=2022-12-31", "4", 4, NULL);
    tc_resp_free(&r);
    /* The indicators page: the value today, the same lists. */
    assert_int_equal(wf_get(&w, "/indicators", &r), 200);
    follows(&w, &r, assessed, "5", 5, NULL);
    follows(&w, &r, trained, "4", 1, NULL);
    tc_resp_free(&r);
    /* Another region's coordinator: unknown. */
    char url[512];
    unescape(assessed, url, sizeof url);
    assert_int_equal(wf_get(&k, url, NULL), 404);
}

static void test_head_progress(void **state)
{
    (void)state;
    wf_who b, d;
    wf_log_in("head-b", &b);
    wf_log_in("head-d", &d);
    tc_resp r, list;
    char href[256];
    snprintf(href, sizeof href,
             FIG "indicator_table..grt_assessed.achieved.0&amp;region=ZPR&amp;date=2024-06-15&amp;municipality=%lld",
             (long long)g_bauska);
    assert_int_equal(wf_get(&b, "/", &r), 200);
    /* Bauska's A, B, C, by name for their head, each a link to the card. */
    follows(&b, &r, href, "3", 3, &list);
    assert_int_equal(count_of(list.body, ">Vārds Uzvārds</a>"), 3);
    wf_expect_in(&list, "<a href=\"/clients/");
    tc_resp_free(&list);
    char centres[256];
    snprintf(centres, sizeof centres,
             FIG "indicator_table..day_care_centres_grt.achieved.0&amp;region=ZPR&amp;date=2024-06-15"
                 "&amp;municipality=%lld",
             (long long)g_bauska);
    follows(&b, &r, centres, "1", 1, NULL);
    /* No value of an entered indicator for a municipality: no link. */
    wf_expect_not_in(&r, "indicator_table..specialists_trained");
    tc_resp_free(&r);
    /* Dobele's head following Bauska's link: unknown. */
    char url[256];
    unescape(href, url, sizeof url);
    assert_int_equal(wf_get(&d, url, NULL), 404);
    assert_int_equal(wf_get(&d, "/", &r), 200);
    wf_expect_not_in(&r, "Vārds Uzvārds");
    tc_resp_free(&r);
}

static void test_need(void **state)
{
    (void)state;
    wf_who w, b, d, m;
    wf_log_in("region-zpr", &w);
    wf_log_in("head-b", &b);
    wf_log_in("head-d", &d);
    wf_log_in("ministry", &m);
    tc_resp r;
    char need[256], rcv[256], resp_need[256];
    /* 05.07.2023: Bauska day care needed by A, B, C, received by A, B;
     * respite needed by B, received by none; Dobele's workshop D and
     * respite E, each needed and received. */
    snprintf(need, sizeof need,
             FIG "need_places..day_care.need.0&amp;region=ZPR&amp;date=2023-07-05&amp;municipality=%lld",
             (long long)g_bauska);
    snprintf(rcv, sizeof rcv,
             FIG "need_places..day_care.receiving.0&amp;region=ZPR&amp;date=2023-07-05&amp;municipality=%lld",
             (long long)g_bauska);
    snprintf(resp_need, sizeof resp_need,
             FIG "need_places..respite.need.0&amp;region=ZPR&amp;date=2023-07-05&amp;municipality=%lld",
             (long long)g_bauska);
    assert_int_equal(wf_get(&w, "/need?at=2023-07-05", &r), 200);
    follows(&w, &r, need, "3", 3, NULL);
    follows(&w, &r, rcv, "2", 2, NULL);
    follows(&w, &r, resp_need, "1", 1, NULL);
    tc_resp_free(&r);
    /* One service: its region-wide totals are figures too (respite: B, E
     * in need; E receiving). */
    assert_int_equal(wf_get(&w, "/need?at=2023-07-05&service=respite", &r), 200);
    follows(&w, &r, FIG "need_places..respite.need.0&amp;region=ZPR&amp;date=2023-07-05", "2", 2, NULL);
    follows(&w, &r, FIG "need_places..respite.receiving.0&amp;region=ZPR&amp;date=2023-07-05", "1", 1, NULL);
    tc_resp_free(&r);
    /* The ministry reads the region's without small numbers: Bauska's 3 in
     * need of day care is "c" and leads nowhere (docs/figures.md, "Open
     * data without small numbers"). */
    assert_int_equal(wf_get(&m, "/need?at=2023-07-05&region=ZPR", &r), 200);
    wf_expect_not_in(&r, need);
    wf_expect_not_in(&r, rcv);
    wf_expect_in(&r, ">c</td>");
    tc_resp_free(&r);
    tc_resp list;
    /* Bauska's head: their own rows, by name. */
    assert_int_equal(wf_get(&b, "/need?at=2023-07-05", &r), 200);
    follows(&b, &r, need, "3", 3, &list);
    assert_int_equal(count_of(list.body, ">Vārds Uzvārds</a>"), 3);
    tc_resp_free(&list);
    tc_resp_free(&r);
    /* Dobele's head and another region: unknown. */
    char url[256];
    unescape(need, url, sizeof url);
    assert_int_equal(wf_get(&d, url, NULL), 404);
    wf_who k;
    wf_log_in("region-kpr", &k);
    assert_int_equal(wf_get(&k, url, NULL), 404);
}

static void test_cost(void **state)
{
    (void)state;
    wf_who w, b, d;
    wf_log_in("region-zpr", &w);
    wf_log_in("head-b", &b);
    wf_log_in("head-d", &d);
    tc_resp r;
    /* Persons served: 2022 A's day care; 2023 A and B day care, D workshop,
     * E respite. A forecast year has no records, so no link. */
    assert_int_equal(wf_get(&w, "/cost?date=2024-06-15", &r), 200);
    follows(&w, &r, FIG "cost_history..all.persons.2022&amp;region=ZPR&amp;date=2024-06-15", "1", 1, NULL);
    follows(&w, &r, FIG "cost_history..all.persons.2023&amp;region=ZPR&amp;date=2024-06-15", "4", 4, NULL);
    wf_expect_not_in(&r, "persons.2024");
    tc_resp_free(&r);
    /* Bauska's head: 2023 A and B, by name. */
    char href[256];
    snprintf(href, sizeof href,
             FIG "cost_history..all.persons.2023&amp;region=ZPR&amp;date=2024-06-15&amp;municipality=%lld",
             (long long)g_bauska);
    assert_int_equal(wf_get(&b, "/cost", &r), 200);
    tc_resp list;
    follows(&b, &r, href, "2", 2, &list);
    assert_int_equal(count_of(list.body, ">Vārds Uzvārds</a>"), 2);
    tc_resp_free(&list);
    tc_resp_free(&r);
    char url[256];
    unescape(href, url, sizeof url);
    assert_int_equal(wf_get(&d, url, NULL), 404);
    /* One service of a year: Bauska's day care in 2023 (A, B) through the
     * API, which answers the same list. */
    char api[256];
    snprintf(api, sizeof api,
             "/api/v1/figures/records?figure=cost_history..day_care.persons.2023&region=ZPR&date=2024-06-15"
             "&municipality=%lld",
             (long long)g_bauska);
    assert_int_equal(wf_get(&b, api, &r), 200);
    wf_expect_in(&r, "\"count\":2,\"total\":2,");
    tc_resp_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress_and_indicators),
        cmocka_unit_test(test_head_progress),
        cmocka_unit_test(test_need),
        cmocka_unit_test(test_cost),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
