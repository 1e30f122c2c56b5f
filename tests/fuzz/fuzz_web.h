/* What the web fuzz targets (form, JSON body, router) share: a bare request
 * for the parsers, and the checks that hold for every request whatever its
 * bytes. Header-only, like fuzz.h. */
#ifndef KOPA_TESTS_FUZZ_WEB_H
#define KOPA_TESTS_FUZZ_WEB_H
#include "fuzz.h"
#include "core/date.h"
#include "web/router.h"

/* A request with only what the parsers use: an arena, the error list, the
 * language and the route. */
static inline void fuzz_req_init(kp_req *r, const kp_route *route, const char *lang)
{
    memset(r, 0, sizeof *r);
    kp_arena_init(&r->arena);
    kp_errors_init(&r->errors);
    r->lang = lang;
    r->route = route;
}

static inline void fuzz_req_free(kp_req *r)
{
    kp_errors_free(&r->errors);
    kp_arena_free(&r->arena);
}

/* KP_EINVAL exactly when there is a message; field names and messages are
 * UTF-8 (the API sends them as JSON keys and strings; an empty name, for the
 * JSON key "", is sent as "body"). */
static inline void fuzz_check_errors(const kp_req *r, kp_rc rc)
{
    FUZZ_CHECK(rc == KP_OK || rc == KP_EINVAL);
    FUZZ_CHECK((rc == KP_EINVAL) == (r->errors.n > 0));
    for (size_t i = 0; i < r->errors.n; i++) {
        const kp_field_error *e = &r->errors.items[i];
        FUZZ_CHECK(e->message[0]);
        FUZZ_CHECK(kp_utf8_valid(e->field, strlen(e->field)) && kp_utf8_valid(e->message, strlen(e->message)));
    }
}

/* Every value a handler can read is what its declaration allows: from a
 * source it is declared for, UTF-8 without NUL or control characters other
 * than tab and line breaks, within its length, a whole number 0…2^53 or a
 * real date where declared so. */
static inline void fuzz_check_values(const kp_req *r, unsigned where)
{
    const kp_input *in = r->route->inputs;
    for (size_t i = 0; in && in[i].name; i++) {
        const char *v = r->values[i];
        if (!v)
            continue;
        FUZZ_CHECK(in[i].where & where);
        size_t len = strlen(v);
        FUZZ_CHECK(len <= (in[i].max ? in[i].max : 200));
        FUZZ_CHECK(kp_utf8_valid(v, len));
        for (size_t k = 0; k < len; k++) {
            unsigned char c = (unsigned char)v[k];
            FUZZ_CHECK((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n' || c == '\r');
        }
        if (in[i].kind == KP_IN_INT && len) {
            FUZZ_CHECK(len <= 16 && strspn(v, "0123456789") == len);
            FUZZ_CHECK(kp_in_int(r, in[i].name, -1) >= 0 && kp_in_int(r, in[i].name, -1) <= (1LL << 53));
        }
        if (in[i].kind == KP_IN_DATE && len) {
            kp_date d;
            FUZZ_CHECK(kp_date_parse_iso(v, &d) == KP_OK);
        }
    }
}

/* The routes of the real table whose flags include all of `with` and none
 * of `without`, as indexes; returns how many (at most cap). */
static inline size_t fuzz_routes_with(unsigned with, unsigned without, const char *method, const kp_route **out,
                                      size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < kp_route_count && n < cap; i++)
        if ((kp_routes[i].flags & with) == with && !(kp_routes[i].flags & without) &&
            strcmp(kp_routes[i].method, method) == 0 && kp_routes[i].inputs)
            out[n++] = &kp_routes[i];
    return n;
}

#endif
