/* Fuzz target: the router (kp_route_find over the real route table,
 * src/web/routes.c) and the matched route's declared query inputs. Input:
 * "METHOD PATH?QUERY" (without a space: GET PATH).
 *
 * Whatever the bytes: a match is a route of that method whose pattern,
 * filled in with the parsed {id} and {name}, is exactly the path, so the
 * path holds only the table's plain characters;
 * 405 only where another method matches, 404 only where none does; and a
 * query value that reaches the handler is what the route declares. */
#include "fuzz_web.h"
#include "core/buf.h"

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}

/* The pattern with {id} and {name} filled in. */
static void fill(kp_buf *b, const char *pattern, int64_t id, const char *name)
{
    for (const char *p = pattern; *p; p++) {
        if (strncmp(p, "{id}", 4) == 0) {
            FUZZ_CHECK(kp_buf_printf(b, "%lld", (long long)id) == KP_OK);
            p += 3;
        } else if (strncmp(p, "{name}", 6) == 0) {
            FUZZ_CHECK(kp_buf_puts(b, name) == KP_OK);
            p += 5;
        } else {
            FUZZ_CHECK(kp_buf_putc(b, *p) == KP_OK);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[1024];
    size_t n = fuzz_cstr(s, sizeof s, data, size);
    const char *method = "GET", *path = s;
    char *sp = memchr(s, ' ', n);
    if (sp) {
        *sp = '\0';
        method = s;
        path = sp + 1;
    }
    char *query = strchr(path, '?');
    if (query)
        *query++ = '\0';

    kp_req r;
    fuzz_req_init(&r, NULL, "lv");
    const kp_route *rt = NULL, *rt2 = NULL;
    kp_match m = kp_route_find(kp_routes, kp_route_count, method, path, &r, &rt);
    FUZZ_CHECK(kp_route_find(kp_routes, kp_route_count, method, path, NULL, &rt2) == m && rt2 == rt);

    if (m == KP_MATCH_OK) {
        FUZZ_CHECK(rt && strcmp(rt->method, method) == 0);
        bool has_id = strstr(rt->pattern, "{id}") != NULL, has_name = strstr(rt->pattern, "{name}") != NULL;
        FUZZ_CHECK(has_id ? r.path_id > 0 : r.path_id == 0);
        FUZZ_CHECK(has_name == (r.path_name != NULL));
        if (r.path_name) {
            size_t nl = strlen(r.path_name);
            FUZZ_CHECK(nl >= 1 && nl <= 64 && strcmp(r.path_name, ".") != 0 && strcmp(r.path_name, "..") != 0);
            for (size_t i = 0; i < nl; i++)
                FUZZ_CHECK(name_char(r.path_name[i]));
        }
        kp_buf b;
        kp_buf_init(&b, 4096);
        fill(&b, rt->pattern, r.path_id, r.path_name);
        FUZZ_CHECK(strcmp(kp_buf_str(&b), path) == 0);
        kp_buf_free(&b);
        for (const char *p = path; *p; p++)
            FUZZ_CHECK(*p == '/' || name_char(*p));
        r.route = rt;
        if (query) {
            kp_rc rc = kp_parse_urlencoded(&r, KP_IN_QUERY, query, strlen(query), NULL);
            fuzz_check_errors(&r, rc);
            fuzz_check_values(&r, KP_IN_QUERY);
        }
    } else {
        FUZZ_CHECK(rt == NULL);
        /* 405 exactly when the path is some route's under another method. */
        bool other = false;
        for (size_t i = 0; i < kp_route_count && !other; i++) {
            const kp_route *x = NULL;
            other = strcmp(kp_routes[i].method, method) != 0 &&
                    kp_route_find(kp_routes, kp_route_count, kp_routes[i].method, path, NULL, &x) == KP_MATCH_OK;
        }
        FUZZ_CHECK((m == KP_MATCH_METHOD) == other);
    }
    fuzz_req_free(&r);
    return 0;
}
