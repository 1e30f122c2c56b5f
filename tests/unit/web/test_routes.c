/* The route table: every route declares a scope rule (checked at start-up),
 * matching, and declared inputs from forms and JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "web/pages.h"
#include "web/router.h"

static void test_real_table_passes(void **state)
{
    (void)state;
    char err[256] = "";
    kp_rc rc = kp_routes_check(kp_routes, kp_route_count, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    /* And, spelled out: every row has exactly one scope rule, and every
     * POST checks CSRF unless it is the JSON login, a public JSON call
     * (which a cross-site form cannot send) or a public form with a signed
     * token (applying online). */
    for (size_t i = 0; i < kp_route_count; i++) {
        unsigned scope = kp_routes[i].flags & (KP_R_PUBLIC | KP_R_NEEDS_LOGIN);
        assert_true(scope == KP_R_PUBLIC || scope == KP_R_NEEDS_LOGIN);
        if (scope == KP_R_NEEDS_LOGIN)
            assert_true(kp_routes[i].roles != 0);
        unsigned f = kp_routes[i].flags;
        if (strcmp(kp_routes[i].method, "POST") == 0 && !(f & KP_R_STATE_CHANGING)) {
            if (f & KP_R_SIGNED_FORM)
                assert_true(scope == KP_R_PUBLIC && !(f & KP_R_API));
            else if (strcmp(kp_routes[i].pattern, "/api/v1/login") != 0)
                assert_true(scope == KP_R_PUBLIC && (f & KP_R_NO_CSRF) && (f & KP_R_JSON_BODY) &&
                            strncmp(kp_routes[i].pattern, "/api/v1/public/", 15) == 0);
        }
    }
}

/* The routes anyone may call without logging in are exactly these: the
 * login, the language, static files, the public catalogue, applying
 * online (issue 12) and the load balancer's health check (issue 13). */
static void test_public_routes_listed(void **state)
{
    (void)state;
    static const char *const OPEN[] = {"GET /static/{name}", "GET /login", "POST /login", "POST /lang",
                                       "POST /api/v1/login", "GET /pakalpojumi", "GET /en/services",
                                       "GET /api/v1/public/services",
                                       "GET /pieteikums", "POST /pieteikums", "GET /pieteikums/privatums",
                                       "GET /pieteikums/statuss", "POST /pieteikums/statuss",
                                       "POST /pieteikums/atbilde", "POST /pieteikums/kvits", "GET /en/apply",
                                       "POST /en/apply", "GET /en/apply/privacy", "GET /en/apply/status",
                                       "POST /en/apply/status", "POST /en/apply/answer", "POST /en/apply/receipt",
                                       "POST /api/v1/public/applications", "POST /api/v1/public/applications/status",
                                       "POST /api/v1/public/applications/answer",
                                       "GET /open-data/evaluation/{code}/{name}", "GET /healthz"};
    size_t found = 0;
    for (size_t i = 0; i < kp_route_count; i++) {
        if (!(kp_routes[i].flags & KP_R_PUBLIC))
            continue;
        char what[128];
        snprintf(what, sizeof what, "%s %s", kp_routes[i].method, kp_routes[i].pattern);
        bool listed = false;
        for (size_t k = 0; k < sizeof OPEN / sizeof OPEN[0]; k++)
            listed = listed || strcmp(OPEN[k], what) == 0;
        if (!listed)
            fail_msg("public route not in the list: %s", what);
        found++;
    }
    assert_int_equal(found, sizeof OPEN / sizeof OPEN[0]);
}

static void test_bad_tables_refused(void **state)
{
    (void)state;
    char err[256];
    const kp_route no_rule[] = {KP_ROUTE("GET", "/x", page_home, 0, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(no_rule, 1, err, sizeof err), KP_EINVAL);
    assert_non_null(strstr(err, "scope rule"));
    const kp_route both[] = {KP_ROUTE("GET", "/x", page_home, KP_R_PUBLIC | KP_R_NEEDS_LOGIN, KP_RM_ANY, NULL, NULL)};
    assert_int_equal(kp_routes_check(both, 1, err, sizeof err), KP_EINVAL);
    const kp_route no_roles[] = {KP_ROUTE("GET", "/x", page_home, KP_R_NEEDS_LOGIN, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(no_roles, 1, err, sizeof err), KP_EINVAL);
    const kp_route post_no_csrf[] = {KP_ROUTE("POST", "/x", page_home, KP_R_NEEDS_LOGIN, KP_RM_ANY, NULL, NULL)};
    assert_int_equal(kp_routes_check(post_no_csrf, 1, err, sizeof err), KP_EINVAL);
    const kp_route html_no_csrf[] = {
        KP_ROUTE("POST", "/x", page_home, KP_R_PUBLIC | KP_R_NO_CSRF, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(html_no_csrf, 1, err, sizeof err), KP_EINVAL);
    /* A signed form token is for a public HTML form's POST only. */
    const kp_route signed_login[] = {
        KP_ROUTE("POST", "/x", page_home, KP_R_NEEDS_LOGIN | KP_R_SIGNED_FORM, KP_RM_ANY, NULL, NULL)};
    assert_int_equal(kp_routes_check(signed_login, 1, err, sizeof err), KP_EINVAL);
    assert_non_null(strstr(err, "KP_R_SIGNED_FORM"));
    const kp_route signed_get[] = {KP_ROUTE("GET", "/x", page_home, KP_R_PUBLIC | KP_R_SIGNED_FORM, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(signed_get, 1, err, sizeof err), KP_EINVAL);
    const kp_route signed_api[] = {
        KP_ROUTE("POST", "/x", page_home, KP_R_PUBLIC | KP_R_SIGNED_FORM | KP_R_API, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(signed_api, 1, err, sizeof err), KP_EINVAL);
    const kp_route signed_ok[] = {KP_ROUTE("POST", "/x", page_home, KP_R_PUBLIC | KP_R_SIGNED_FORM, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(signed_ok, 1, err, sizeof err), KP_OK);
    const kp_route dup[] = {KP_ROUTE("GET", "/x", page_home, KP_R_PUBLIC, 0, NULL, NULL),
                            KP_ROUTE("GET", "/x", page_home, KP_R_PUBLIC, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(dup, 2, err, sizeof err), KP_EINVAL);
    const kp_route bad_pattern[] = {KP_ROUTE("GET", "/x/{who}", page_home, KP_R_PUBLIC, 0, NULL, NULL)};
    assert_int_equal(kp_routes_check(bad_pattern, 1, err, sizeof err), KP_EINVAL);
    static const kp_input csrf_in[] = {{"csrf", KP_IN_TEXT, KP_IN_BODY, 10}, {NULL, 0, 0, 0}};
    const kp_route declares_csrf[] = {
        KP_ROUTE("POST", "/x", page_home, KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING, KP_RM_ANY, csrf_in, NULL)};
    assert_int_equal(kp_routes_check(declares_csrf, 1, err, sizeof err), KP_EINVAL);
    const kp_route roles_public[] = {KP_ROUTE("GET", "/x", page_home, KP_R_PUBLIC, KP_RM_ADMIN, NULL, NULL)};
    assert_int_equal(kp_routes_check(roles_public, 1, err, sizeof err), KP_EINVAL);
}

static void req_init(kp_req *r, const kp_route *rt)
{
    memset(r, 0, sizeof *r);
    kp_arena_init(&r->arena);
    kp_errors_init(&r->errors);
    r->lang = "en";
    r->route = rt;
}

static void req_free(kp_req *r)
{
    kp_errors_free(&r->errors);
    kp_arena_free(&r->arena);
}

static void test_matching(void **state)
{
    (void)state;
    kp_req r;
    const kp_route *rt = NULL;
    req_init(&r, NULL);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/api/v1/clients/42", &r, &rt), KP_MATCH_OK);
    assert_string_equal(rt->pattern, "/api/v1/clients/{id}");
    assert_int_equal(r.path_id, 42);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/api/v1/clients/042", &r, &rt), KP_MATCH_NONE);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/api/v1/clients/x", &r, &rt), KP_MATCH_NONE);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/api/v1/clients/42/", &r, &rt), KP_MATCH_NONE);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "DELETE", "/api/v1/clients/42", &r, &rt),
                     KP_MATCH_METHOD);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/static/kopa.css", &r, &rt), KP_MATCH_OK);
    assert_string_equal(r.path_name, "kopa.css");
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/static/..", &r, &rt), KP_MATCH_NONE);
    assert_int_equal(kp_route_find(kp_routes, kp_route_count, "GET", "/static/a%2Fb", &r, &rt), KP_MATCH_NONE);
    req_free(&r);
}

/* The Allow header of a 405 lists the methods the table has for the path. */
static void test_allow(void **state)
{
    (void)state;
    kp_arena a;
    kp_arena_init(&a);
    const kp_route t[] = {KP_ROUTE("POST", "/x/{id}", page_home, KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING, KP_RM_ANY,
                                   NULL, NULL),
                          KP_ROUTE("GET", "/x/{id}", page_home, KP_R_PUBLIC, 0, NULL, NULL),
                          KP_ROUTE("GET", "/x/new", page_home, KP_R_PUBLIC, 0, NULL, NULL),
                          KP_ROUTE("POST", "/y", page_home, KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING, KP_RM_ANY, NULL,
                                   NULL)};
    size_t n = sizeof t / sizeof t[0];
    assert_string_equal(kp_route_allow(t, n, "/x/7", &a), "GET, HEAD, POST");
    assert_string_equal(kp_route_allow(t, n, "/x/new", &a), "GET, HEAD");
    assert_string_equal(kp_route_allow(t, n, "/y", &a), "POST");
    assert_string_equal(kp_route_allow(t, n, "/z", &a), "");
    assert_string_equal(kp_route_allow(t, n, NULL, &a), "");
    /* The real table. */
    assert_string_equal(kp_route_allow(kp_routes, kp_route_count, "/login", &a), "GET, HEAD, POST");
    assert_string_equal(kp_route_allow(kp_routes, kp_route_count, "/api/v1/clients/42", &a), "GET, HEAD");
    kp_arena_free(&a);
}

static const kp_input IN[] = {{"name", KP_IN_TEXT, KP_IN_BODY, 10},
                              {"n", KP_IN_INT, KP_IN_BODY | KP_IN_QUERY, 5},
                              {"d", KP_IN_DATE, KP_IN_BODY, 12},
                              {NULL, 0, 0, 0}};
static const kp_route RT = KP_ROUTE("POST", "/t", page_home, KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING, KP_RM_ANY, IN,
                                    NULL);
static const kp_route RTJ = KP_ROUTE("POST", "/api/t", page_home,
                                     KP_R_NEEDS_LOGIN | KP_R_STATE_CHANGING | KP_R_API | KP_R_JSON_BODY, KP_RM_ANY, IN,
                                     NULL);

static void test_form_inputs(void **state)
{
    (void)state;
    kp_req r;
    req_init(&r, &RT);
    const char *csrf = NULL;
    const char body[] = "name=J%C4%81nis+B&n=12&csrf=tok&undeclared=x&d=2021-12-31";
    assert_int_equal(kp_parse_urlencoded(&r, KP_IN_BODY, body, strlen(body), &csrf), KP_OK);
    assert_string_equal(kp_in(&r, "name"), "Jānis B");
    assert_int_equal(kp_in_int(&r, "n", 0), 12);
    assert_string_equal(kp_in(&r, "d"), "2021-12-31");
    assert_string_equal(csrf, "tok");
    assert_null(kp_in(&r, "undeclared"));
    req_free(&r);

    /* Dates as people type them are read as ISO. */
    const char *typed[] = {"d=31.12.2021.", "d=31.12.2021", "d=1.2.2021", "d=2021-12-31"};
    const char *want[] = {"2021-12-31", "2021-12-31", "2021-02-01", "2021-12-31"};
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        req_init(&r, &RT);
        assert_int_equal(kp_parse_urlencoded(&r, KP_IN_BODY, typed[i], strlen(typed[i]), &csrf), KP_OK);
        assert_string_equal(kp_in(&r, "d"), want[i]);
        req_free(&r);
    }

    const char *bad[] = {"n=12x", "d=31.02.2021", "d=12%2F31%2F2021", "name=%ff", "name=abcdefghijkl", "name=%0a%01", "n=1&n=2",
                         "name=%zz"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        req_init(&r, &RT);
        assert_int_equal(kp_parse_urlencoded(&r, KP_IN_BODY, bad[i], strlen(bad[i]), &csrf), KP_EINVAL);
        assert_true(r.errors.n >= 1);
        req_free(&r);
    }
}

static void test_json_inputs(void **state)
{
    (void)state;
    kp_req r;
    req_init(&r, &RTJ);
    const char ok[] = "{\"name\":\"Anna\",\"n\":7,\"d\":null}";
    assert_int_equal(kp_parse_json_body(&r, ok, strlen(ok)), KP_OK);
    assert_string_equal(kp_in(&r, "name"), "Anna");
    assert_int_equal(kp_in_int(&r, "n", 0), 7);
    req_free(&r);

    struct {
        const char *body, *field;
    } bad[] = {
        {"{\"name\":\"Anna\",\"extra\":1}", "extra"},
        {"{\"name\":", "body"},
        {"[1,2]", "body"},
        {"{\"name\":\"\xff\"}", "body"},
        {"{\"name\":{\"a\":1}}", "name"},
        {"{\"name\":\"a\\u0000b\"}", "body"},
        {"{\"n\":-1}", "n"},
        {"{\"name\":\"x\",\"name\":\"y\"}", "body"},
        {"{\"name\":\"abcdefghijklmnop\"}", "name"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        req_init(&r, &RTJ);
        assert_int_equal(kp_parse_json_body(&r, bad[i].body, strlen(bad[i].body)), KP_EINVAL);
        assert_non_null(kp_errors_for(&r.errors, bad[i].field));
        req_free(&r);
    }
}

/* An unknown key longer than an error's field name is cut at a character,
 * not inside one: the API sends the field as a JSON key, which must be UTF-8
 * (found by tests/fuzz/fuzz_json_body). */
static void test_long_key_cut_at_a_character(void **state)
{
    (void)state;
    kp_req r;
    req_init(&r, &RTJ);
    char body[128] = "{\"";
    size_t n = 2;
    for (int i = 0; i < 30; i++, n += 2)
        memcpy(body + n, "\xC4\x81", 2); /* ā: the 48-byte field ends inside the 24th */
    memcpy(body + n, "\":1}", 5);
    assert_int_equal(kp_parse_json_body(&r, body, strlen(body)), KP_EINVAL);
    assert_int_equal(r.errors.n, 1);
    const char *field = r.errors.items[0].field;
    assert_int_equal(strlen(field), 46); /* 23 whole characters */
    assert_true(kp_utf8_valid(field, strlen(field)));
    assert_memory_equal(field, body + 2, 46);
    req_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_table_passes), cmocka_unit_test(test_bad_tables_refused),
        cmocka_unit_test(test_public_routes_listed),
        cmocka_unit_test(test_matching),          cmocka_unit_test(test_form_inputs),
        cmocka_unit_test(test_json_inputs),       cmocka_unit_test(test_allow),
        cmocka_unit_test(test_long_key_cut_at_a_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
