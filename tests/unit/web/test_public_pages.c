/* The public catalogue over HTTP without logging in (issue 12, item 1), on
 * a hand-made database with the server's clock at 1 March 2022, 10:00 UTC:
 *
 *   "DAC Saulstari", Bauskas novads: day care, 10 places, one person's
 *     service in force → 9 free ("9 no 10");
 *   "DAC Zīle", Dobeles novads: day care, 1 place, taken; its provider
 *     publishes no numbers → "nav brīvu vietu" and no number.
 *
 * The person receiving the service is named "Slepenvārds Noslēpumiņš":
 * that name appears on no public answer. Then the JSON's shape, the ETag
 * (304, and a new one after an edit), unknown filters (404/400 with the
 * message), the public facts edited through the API by whom may, the other
 * routes still closed without a login, and the rate limit (429 with
 * Retry-After, then through again after waiting). */
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
#include "service/sql.h"
#include "web/ratelimit.h"
#include "service/accounts/throttle.h"
#include "service/accounts/sessions.h"
#include "store/store.h"

#define PASSWORD "public-pass-1234"
/* 2022-03-01T10:00:00Z */
#define MARCH_1 1646128800LL

static int64_t g_fac_saulstari;

static kp_rc add_place(kp_ctx *ctx, kp_errors *e, const char *name, const char *atvk, const char *reg, const char *places,
                       int64_t *provider, int64_t *facility)
{
    kp_provider_in p = {.name = name, .reg_no = reg, .municipality = atvk, .registered_on = "2021-07-01"};
    kp_rc rc = kp_provider_add(ctx, &p, e, provider);
    char pid[24], fid[24];
    snprintf(pid, sizeof pid, "%lld", (long long)*provider);
    kp_facility_in f = {.provider_id = pid, .name = name, .address = "Skolas iela 1", .municipality = atvk,
                        .opened_on = "2021-07-01"};
    if (!rc)
        rc = kp_facility_add(ctx, &f, e, facility);
    snprintf(fid, sizeof fid, "%lld", (long long)*facility);
    kp_facility_service_in s = {.facility_id = fid, .service = "day_care", .target_group = "grt", .places = places,
                                .valid_from = "2021-07-01"};
    if (!rc)
        rc = kp_facility_service_add(ctx, &s, e, NULL);
    return rc;
}

static kp_rc taken_by(kp_ctx *ctx, int64_t client, int64_t provider, int64_t municipality)
{
    kp_param c[] = {KP_PINT(client), KP_PINT(municipality)};
    kp_rc rc = kp_sql_exec(ctx->db,
                           "INSERT INTO client(id, given_name, family_name, birth_date, municipality_id, target_group,"
                           " registered_on) VALUES (?1, 'Slepenvārds', 'Noslēpumiņš', '1980-01-01', ?2, 'grt', '2021-07-10')",
                           c, 2);
    kp_param a[] = {KP_PINT(client), KP_PINT(provider)};
    if (!rc)
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO assignment(client_id, service_code, provider_id, start_date, end_date, units,"
                         " decided_on) VALUES (?1, 'day_care', ?2, '2022-01-01', '2022-12-31', 20, '2021-12-15')",
                         a, 2);
    return rc;
}

static kp_rc build(kp_ctx *ctx, kp_errors *e)
{
    static const wf_user U[] = {{"admin", "admin", NULL, NULL}, {"head-bauska", "municipal_head", "0025000", NULL}};
    kp_rc rc = wf_add_users(ctx, e, U, sizeof U / sizeof U[0], NULL);
    int64_t p1 = 0, p2 = 0, f2 = 0, bauska = 0, dobele = 0;
    if (!rc)
        rc = add_place(ctx, e, "DAC Saulstari", "0025000", "40003000001", "10", &p1, &g_fac_saulstari);
    if (!rc)
        rc = add_place(ctx, e, "DAC Zīle", "0028000", "40003000002", "1", &p2, &f2);
    if (!rc)
        rc = kp_sql_int(ctx->db, "SELECT id FROM municipality WHERE atvk = '0025000'", NULL, 0, 0, &bauska);
    if (!rc)
        rc = kp_sql_int(ctx->db, "SELECT id FROM municipality WHERE atvk = '0028000'", NULL, 0, 0, &dobele);
    if (!rc)
        rc = taken_by(ctx, 1, p1, bauska);
    if (!rc)
        rc = taken_by(ctx, 2, p2, dobele);
    kp_param q[] = {KP_PINT(p2)};
    if (!rc)
        rc = kp_sql_exec(ctx->db, "UPDATE provider SET publish_places = 0 WHERE id = ?", q, 1);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    wf_options o = {.name = "test_public_pages", .password = PASSWORD, .now = "2022-03-01T09:00:00Z",
                    .clock = MARCH_1, .build = build};
    return wf_start(&o);
}

static int teardown(void **state)
{
    (void)state;
    return wf_stop();
}

/* Each test starts with a fresh minute, so the rate limit of earlier tests
 * does not spill over. */
static void next_minute(void)
{
    atomic_fetch_add(&wf.clock, KP_PUBLIC_RATE_WINDOW + 1);
}

static void test_page_lv(void **state)
{
    (void)state;
    next_minute();
    tc_resp r;
    assert_int_equal(wf_get(NULL, "/pakalpojumi", &r), 200); /* tidy inside */
    wf_expect_in(&r, "<html lang=\"lv\">");
    wf_expect_in(&r, "class=\"skip\" href=\"#main\"");
    wf_expect_in(&r, "<h1>Sociālie pakalpojumi sabiedrībā</h1>");
    wf_expect_in(&r, "href=\"/en/services\" hreflang=\"en\" lang=\"en\"");
    wf_expect_in(&r, "<label for=\"f-municipality\">Pašvaldība</label>");
    wf_expect_in(&r, "DAC Saulstari");
    wf_expect_in(&r, "<strong>9</strong> no 10");
    wf_expect_in(&r, "DAC Zīle");
    wf_expect_in(&r, "nav brīvu vietu");
    wf_expect_in(&r, "id=\"apply-0025000\"");
    wf_expect_not_in(&r, "Slepenvārds");
    wf_expect_not_in(&r, "Noslēpumiņš");
    /* Headings in order: h1 before the first h2, no h4 before an h3. */
    const char *h1 = wf_find(r.body, "<h1>");
    assert_true(h1 < wf_find(r.body, "<h2"));
    assert_true(wf_find(r.body, "<h3") < wf_find(r.body, "<h4"));
    /* Dobele's entry shows no number of places at all. */
    const char *zile = wf_find(r.body, "DAC Zīle</h4>");
    const char *end = strstr(zile, "</li>");
    assert_non_null(end);
    char *item = strndup(zile, (size_t)(end - zile));
    assert_null(strstr(item, "<strong>"));
    free(item);
    char *cc = tc_header(&r, "Cache-Control");
    assert_string_equal(cc, "no-cache");
    free(cc);
    tc_resp_free(&r);
}

static void test_page_en_and_filters(void **state)
{
    (void)state;
    next_minute();
    tc_resp r;
    assert_int_equal(wf_get(NULL, "/en/services?municipality=0028000", &r), 200);
    wf_expect_in(&r, "<html lang=\"en\">");
    wf_expect_in(&r, "Free places today");
    wf_expect_in(&r, "href=\"/pakalpojumi?municipality=0028000\" hreflang=\"lv\" lang=\"lv\"");
    wf_expect_in(&r, "DAC Zīle");
    wf_expect_not_in(&r, "DAC Saulstari");
    wf_expect_in(&r, "<option value=\"0028000\" selected>");
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/pakalpojumi?target_group=ft", &r), 200);
    wf_expect_not_in(&r, "DAC Saulstari");
    tc_resp_free(&r);
    /* An unknown municipality: 404 with the message on the field. */
    assert_int_equal(wf_get(NULL, "/pakalpojumi?municipality=9999999", &r), 404);
    wf_tidy_ok(r.body, "404 page");
    wf_expect_in(&r, "tādas pašvaldības nav");
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/pakalpojumi?service=nope", &r), 400);
    wf_tidy_ok(r.body, "400 page");
    wf_expect_in(&r, "tāda pakalpojuma nav katalogā");
    tc_resp_free(&r);
}

static json_t *entry_named(json_t *entries, const char *name)
{
    size_t i;
    json_t *x;
    json_array_foreach(entries, i, x)
    {
        if (strcmp(json_string_value(json_object_get(json_object_get(x, "facility"), "name")), name) == 0)
            return x;
    }
    fail_msg("no entry %s", name);
    return NULL;
}

static void test_json_shape(void **state)
{
    (void)state;
    next_minute();
    tc_resp r;
    assert_int_equal(wf_get(NULL, "/api/v1/public/services", &r), 200);
    char *ct = tc_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "application/json"));
    free(ct);
    wf_expect_not_in(&r, "Slep");
    json_error_t err;
    json_t *o = json_loads(r.body, 0, &err);
    assert_non_null(o);
    assert_string_equal(json_string_value(json_object_get(o, "date")), "2022-03-01");
    assert_true(json_is_integer(json_object_get(o, "data_version")));
    json_t *munis = json_object_get(o, "municipalities");
    assert_true(json_array_size(munis) >= 40); /* every municipality of today, for the filter */
    json_t *m0 = json_array_get(munis, 0);
    assert_true(json_is_string(json_object_get(m0, "atvk")));
    assert_non_null(json_object_get(m0, "social_service"));
    assert_true(json_is_string(json_object_get(json_object_get(m0, "how_to_apply"), "text")));
    json_t *services = json_object_get(o, "services");
    assert_true(json_array_size(services) >= 10);
    json_t *entries = json_object_get(o, "entries");
    assert_int_equal(json_array_size(entries), 2);
    json_t *s = entry_named(entries, "DAC Saulstari");
    assert_string_equal(json_string_value(json_object_get(s, "municipality")), "0025000");
    assert_string_equal(json_string_value(json_object_get(s, "service")), "day_care");
    assert_int_equal(json_integer_value(json_object_get(s, "places")), 10);
    assert_int_equal(json_integer_value(json_object_get(s, "free_places")), 9);
    assert_string_equal(json_string_value(json_object_get(s, "availability")), "available");
    assert_true(json_is_false(json_object_get(s, "shared")));
    assert_string_equal(json_string_value(json_array_get(json_object_get(s, "target_groups"), 0)), "grt");
    json_t *z = entry_named(entries, "DAC Zīle");
    assert_true(json_is_null(json_object_get(z, "free_places")));
    assert_true(json_is_null(json_object_get(z, "places")));
    assert_true(json_is_false(json_object_get(z, "published")));
    assert_string_equal(json_string_value(json_object_get(z, "availability")), "none");
    json_decref(o);
    char *cc = tc_header(&r, "Cache-Control");
    assert_string_equal(cc, "public, max-age=60");
    free(cc);
    tc_resp_free(&r);
    /* Unknown municipality: 404 with a message naming the field. */
    assert_int_equal(wf_get(NULL, "/api/v1/public/services?municipality=9999999", &r), 404);
    wf_expect_in(&r, "\"municipality\"");
    cc = tc_header(&r, "Cache-Control");
    assert_string_equal(cc, "no-store");
    free(cc);
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/api/v1/public/services?lang=de", &r), 400);
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/api/v1/public/services?municipality=0025000&lang=en", &r), 200);
    wf_expect_in(&r, "\"lang\":\"en\"");
    wf_expect_in(&r, "places available");
    tc_resp_free(&r);
}

static char *etag_of(const char *path)
{
    tc_resp r;
    assert_int_equal(wf_get(NULL, path, &r), 200);
    char *e = tc_header(&r, "ETag");
    assert_non_null(e);
    assert_true(e[0] == '"'); /* strong */
    tc_resp_free(&r);
    return e;
}

static void test_etag(void **state)
{
    (void)state;
    next_minute();
    char *e1 = etag_of("/api/v1/public/services");
    char hdr[200];
    snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", e1);
    tc_resp r;
    assert_int_equal(wf_request(hdr, "GET", "/api/v1/public/services", NULL, NULL, &r), 304);
    assert_int_equal(r.body_len, 0);
    tc_resp_free(&r);
    snprintf(hdr, sizeof hdr, "If-None-Match: \"x\", W/%s\r\n", e1);
    assert_int_equal(wf_request(hdr, "GET", "/api/v1/public/services", NULL, NULL, &r), 304);
    tc_resp_free(&r);
    /* Another filter, another representation. */
    snprintf(hdr, sizeof hdr, "If-None-Match: %s\r\n", e1);
    assert_int_equal(wf_request(hdr, "GET", "/api/v1/public/services?municipality=0025000", NULL, NULL, &r), 200);
    tc_resp_free(&r);
    /* The page has its own. */
    char *p1 = etag_of("/pakalpojumi");
    assert_string_not_equal(p1, e1);
    /* An edit moves the data version: a new ETag, the new hours shown. */
    wf_who admin;
    wf_log_in("admin", &admin);
    assert_int_equal(wf_post_json(&admin, wf_path("/api/v1/facilities/%lld/public", g_fac_saulstari),
                                  "{\"opening_hours\":\"P.–Pk. 8.00–17.00\",\"phone\":\"+371 63900001\"}", &r),
                     200);
    tc_resp_free(&r);
    assert_int_equal(wf_request(hdr, "GET", "/api/v1/public/services", NULL, NULL, &r), 200);
    wf_expect_in(&r, "+371 63900001");
    char *e2 = tc_header(&r, "ETag");
    assert_string_not_equal(e1, e2);
    tc_resp_free(&r);
    free(e1);
    free(e2);
    free(p1);
}

static void test_edit_api(void **state)
{
    (void)state;
    tc_resp r;
    wf_who admin, head;
    wf_log_in("admin", &admin);
    wf_log_in("head-bauska", &head);
    /* Bad values: 400 naming the field. */
    assert_int_equal(wf_post_json(&admin, wf_path("/api/v1/facilities/%lld/public", g_fac_saulstari),
                                  "{\"phone\":\"zvaniet\"}", &r),
                     400);
    wf_expect_in(&r, "\"phone\"");
    tc_resp_free(&r);
    /* The head writes Bauska's social service, not Dobele's. */
    assert_int_equal(wf_post_json(&head, "/api/v1/municipalities/0025000/social-service",
                                  "{\"name\":\"Bauskas novada Sociālais dienests\",\"phone\":\"+371 63900002\"}", &r),
                     200);
    tc_resp_free(&r);
    assert_int_equal(wf_post_json(&head, "/api/v1/municipalities/0028000/social-service",
                                  "{\"name\":\"Cits\"}", &r),
                     404);
    tc_resp_free(&r);
    /* The head may not change a facility; without the CSRF token: refused. */
    assert_int_equal(wf_post_json(&head, wf_path("/api/v1/facilities/%lld/public", g_fac_saulstari), "{}", &r), 403);
    tc_resp_free(&r);
    wf_who forged = wf_without_token(&admin);
    assert_int_equal(wf_post_json(&forged, wf_path("/api/v1/providers/%lld/public", 1), "{\"publish_places\":\"0\"}", &r),
                     403);
    tc_resp_free(&r);
    assert_int_equal(wf_db_int("SELECT COUNT(*) FROM audit WHERE entity = 'social_service' AND actor = 'head-bauska'"), 1);
    next_minute();
    assert_int_equal(wf_get(NULL, "/pakalpojumi?municipality=0025000", &r), 200);
    wf_expect_in(&r, "Bauskas novada Sociālais dienests");
    wf_expect_in(&r, "href=\"tel:");
    tc_resp_free(&r);
}

/* Without a login only the public routes answer; every other stays closed. */
static void test_closed_without_login(void **state)
{
    (void)state;
    static const char *const PAGES[] = {"/", "/clients", "/caseload", "/need", "/admin/audit", "/di-plan", "/cost"};
    tc_resp r;
    for (size_t i = 0; i < sizeof PAGES / sizeof PAGES[0]; i++) {
        assert_int_equal(wf_get(NULL, PAGES[i], &r), 303);
        char *loc = tc_header(&r, "Location");
        assert_non_null(loc);
        assert_true(strncmp(loc, "/login", 6) == 0);
        free(loc);
        tc_resp_free(&r);
    }
    static const char *const API[] = {"/api/v1/clients", "/api/v1/me", "/api/v1/need", "/api/v1/audit"};
    for (size_t i = 0; i < sizeof API / sizeof API[0]; i++) {
        int st = wf_get(NULL, API[i], &r);
        assert_true(st == 401 || st == 404);
        if (strcmp(API[i], "/api/v1/clients") == 0 || strcmp(API[i], "/api/v1/me") == 0)
            assert_int_equal(st, 401);
        tc_resp_free(&r);
    }
    assert_int_equal(wf_post_json(NULL, wf_path("/api/v1/facilities/%lld/public", g_fac_saulstari),
                                  "{\"phone\":\"+371 63900003\"}", &r),
                     401);
    tc_resp_free(&r);
    assert_int_equal(wf_request(NULL, "POST", "/pakalpojumi", "application/x-www-form-urlencoded", "x=1", &r), 405);
    tc_resp_free(&r);
}

static void test_rate_limit(void **state)
{
    (void)state;
    next_minute();
    tc_resp r;
    for (int i = 0; i < KP_PUBLIC_RATE_MAX; i++) {
        int st = wf_request(NULL, "GET", i % 2 ? "/api/v1/public/services?municipality=0028000" : "/pakalpojumi?service=respite",
                            NULL, NULL, &r);
        assert_int_equal(st, 200);
        tc_resp_free(&r);
    }
    assert_int_equal(wf_get(NULL, "/api/v1/public/services", &r), 429);
    char *ra = tc_header(&r, "Retry-After");
    assert_string_equal(ra, "60"); /* all in the same second: the oldest leaves after the window */
    free(ra);
    wf_expect_in(&r, "\"error\"");
    tc_resp_free(&r);
    assert_int_equal(wf_get(NULL, "/pakalpojumi", &r), 429);
    wf_tidy_ok(r.body, "429 page");
    wf_expect_in(&r, "Pārāk daudz pieprasījumu");
    tc_resp_free(&r);
    /* Logged-in pages are not counted against it. */
    wf_who admin;
    wf_log_in("admin", &admin);
    assert_int_equal(wf_get(&admin, "/check", &r), 200);
    tc_resp_free(&r);
    /* Waiting as told lets the next one through. */
    atomic_fetch_add(&wf.clock, 60);
    assert_int_equal(wf_get(NULL, "/api/v1/public/services", &r), 200);
    tc_resp_free(&r);
}

/* The health check a load balancer asks: plain "ok", never cached, and
 * not counted against the public limit (a check every second must not
 * use up the proxy's address's budget). */
static void test_healthz(void **state)
{
    (void)state;
    next_minute();
    tc_resp r;
    for (int i = 0; i < KP_PUBLIC_RATE_MAX + 5; i++) {
        assert_int_equal(wf_get(NULL, "/healthz", &r), 200);
        if (i == 0) {
            assert_string_equal(r.body, "ok\n");
            char *ct = tc_header(&r, "Content-Type");
            assert_non_null(ct);
            assert_string_equal(ct, "text/plain; charset=utf-8");
            free(ct);
            char *cc = tc_header(&r, "Cache-Control");
            assert_non_null(cc);
            assert_string_equal(cc, "no-store");
            free(cc);
        }
        tc_resp_free(&r);
    }
    assert_int_equal(wf_get(NULL, "/api/v1/public/services", &r), 200);
    tc_resp_free(&r);
    char err[256];
    kp_store *st = NULL;
    assert_int_equal(kp_store_open(wf.db, &st, err, sizeof err), 0);
    kp_ctx ctx = {.db = st}, none = {0};
    assert_int_equal(kp_sessions_ready(&ctx), KP_OK);
    assert_int_equal(kp_sessions_ready(NULL), KP_EINVAL);
    assert_int_equal(kp_sessions_ready(&none), KP_EINVAL);
    kp_store_close(st);
}

/* The limiter on its own, through two connections of their own to the
 * server's database, as two servers on one database count: what one
 * counted the other sees. Limit 2 per 10 s in the bucket "unit". */
static void test_limiter_unit(void **state)
{
    (void)state;
    char err[256];
    kp_store *a = NULL, *b = NULL;
    assert_int_equal(kp_store_open(wf.db, &a, err, sizeof err), 0);
    assert_int_equal(kp_store_open(wf.db, &b, err, sizeof err), 0);
    kp_ctx ca = {.db = a}, cb = {.db = b};
    int64_t retry = 0;
    /* Bad arguments: let through (the limiter never takes the catalogue down). */
    assert_true(kp_rate_allow(NULL, "unit", "1.2.3.4", 0, 2, 10, &retry));
    assert_true(kp_rate_allow(&ca, NULL, "1.2.3.4", 0, 2, 10, &retry));
    assert_true(kp_rate_allow(&ca, "unit", "1.2.3.4", 0, 0, 10, &retry)); /* max 0: refused by the store */
    assert_int_equal(retry, 0);
    /* 10.0.0.1: one through each server, the third refused on either. */
    assert_true(kp_rate_allow(&ca, "unit", "10.0.0.1", 100, 2, 10, &retry));
    assert_true(kp_rate_allow(&cb, "unit", "10.0.0.1", 103, 2, 10, &retry));
    assert_false(kp_rate_allow(&ca, "unit", "10.0.0.1", 105, 2, 10, &retry));
    assert_int_equal(retry, 5); /* the first leaves at 110 */
    assert_false(kp_rate_allow(&cb, "unit", "10.0.0.1", 106, 2, 10, &retry));
    assert_int_equal(retry, 4);
    /* Another bucket counts apart. */
    assert_true(kp_rate_allow(&cb, "other", "10.0.0.1", 106, 2, 10, &retry));
    assert_true(kp_rate_allow(&ca, "unit", "10.0.0.2", 105, 2, 10, &retry));      /* another address */
    assert_true(kp_rate_allow(&cb, "unit", "::ffff:10.0.0.2", 105, 2, 10, &retry)); /* the same, mapped: its second */
    assert_false(kp_rate_allow(&ca, "unit", "10.0.0.2", 105, 2, 10, &retry));
    assert_true(kp_rate_allow(&ca, "unit", "2001:db8:1:2::1", 105, 2, 10, NULL));
    assert_true(kp_rate_allow(&cb, "unit", "2001:db8:1:2::ffff", 105, 2, 10, NULL)); /* the same /64 */
    assert_false(kp_rate_allow(&ca, "unit", "2001:db8:1:2:aaaa::1", 105, 2, 10, &retry));
    assert_true(kp_rate_allow(&cb, "unit", "2001:db8:1:3::1", 105, 2, 10, NULL)); /* the next /64 */
    assert_true(kp_rate_allow(&cb, "unit", "10.0.0.1", 110, 2, 10, &retry)); /* the one of 100 has left */
    assert_false(kp_rate_allow(&ca, "unit", "10.0.0.1", 110, 2, 10, &retry)); /* 103 and 110 count */
    assert_int_equal(retry, 3);
    /* Two requests in one second are one row of two; both count. */
    assert_true(kp_rate_allow(&ca, "unit", "10.0.0.9", 200, 2, 10, NULL));
    assert_true(kp_rate_allow(&cb, "unit", "10.0.0.9", 200, 2, 10, NULL));
    assert_false(kp_rate_allow(&ca, "unit", "10.0.0.9", 209, 2, 10, &retry));
    assert_int_equal(retry, 1);
    assert_true(kp_rate_allow(&ca, "unit", "10.0.0.9", 210, 2, 10, NULL));
    int64_t n = -1;
    kp_param p[] = {KP_PTEXT("4:10.0.0.9")};
    assert_int_equal(kp_sql_int(a, "SELECT SUM(n) FROM rate_count WHERE bucket = 'unit' AND client = ?", p, 1, -1, &n), 0);
    assert_int_equal(n, 1); /* the rows of 200 have expired and are gone */
    /* Unparsable and missing addresses share one group. */
    assert_true(kp_rate_allow(&ca, "unit", NULL, 300, 2, 10, NULL));
    assert_true(kp_rate_allow(&cb, "unit", "not an address", 300, 2, 10, NULL));
    assert_false(kp_rate_allow(&ca, "unit", "", 300, 2, 10, NULL));

    /* The service call itself. */
    assert_int_equal(kp_rate_take(NULL, "unit", "x", 1, 2, 10, &retry), KP_EINVAL);
    kp_ctx none = {0};
    assert_int_equal(kp_rate_take(&none, "unit", "x", 1, 2, 10, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, NULL, "x", 1, 2, 10, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "", "x", 1, 2, 10, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", NULL, 1, 2, 10, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", "x", 1, 2, 10, NULL), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", "x", 1, 0, 10, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", "x", 1, 2, 0, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", "x", 1, 2, KP_RATE_WINDOW_MAX + 1, &retry), KP_EINVAL);
    assert_int_equal(kp_rate_take(&ca, "unit", "x", 1, 1, 10, &retry), KP_OK);
    assert_int_equal(retry, 0);
    assert_int_equal(kp_rate_take(&cb, "unit", "x", 4, 1, 10, &retry), KP_ERULE);
    assert_int_equal(retry, 7);

    /* The groups as text. */
    char key[KP_RATE_KEY_CHARS + 1];
    kp_rate_key("192.0.2.7", key);
    assert_string_equal(key, "4:192.0.2.7");
    kp_rate_key("::ffff:192.0.2.7", key);
    assert_string_equal(key, "4:192.0.2.7");
    kp_rate_key("2001:db8:aa:bb:cc:dd:ee:ff", key);
    assert_string_equal(key, "6:2001:db8:aa:bb::/64");
    kp_rate_key("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", key); /* the longest */
    assert_string_equal(key, "6:ffff:ffff:ffff:ffff::/64");
    kp_rate_key(NULL, key);
    assert_string_equal(key, "-");
    kp_rate_key("1.2.3", key);
    assert_string_equal(key, "-");
    kp_rate_key("1.2.3.4", NULL); /* nothing to write to */
    kp_store_close(a);
    kp_store_close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_lv),      cmocka_unit_test(test_page_en_and_filters),
        cmocka_unit_test(test_json_shape),   cmocka_unit_test(test_etag),
        cmocka_unit_test(test_edit_api),     cmocka_unit_test(test_closed_without_login),
        cmocka_unit_test(test_rate_limit),   cmocka_unit_test(test_limiter_unit),
        cmocka_unit_test(test_healthz),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
