/* Route matching and declared-input parsing, shared by the server and the
 * tests. Internal to src/web. */
#ifndef KOPA_WEB_ROUTER_H
#define KOPA_WEB_ROUTER_H
#include "web/web.h"

typedef enum kp_match {
    KP_MATCH_NONE = 0,     /* no pattern fits the path: 404 */
    KP_MATCH_METHOD = 1,   /* a pattern fits, not with this method: 405 */
    KP_MATCH_OK = 2,
} kp_match;

/* Finds the route for method and path; on KP_MATCH_OK fills *route,
 * r->path_id and r->path_name (from r->arena). */
kp_match kp_route_find(const kp_route *routes, size_t n, const char *method, const char *path, kp_req *r,
                       const kp_route **route);

/* The methods the table has for `path` (any route whose pattern fits it),
 * for the Allow header of a 405: "GET, HEAD, POST" (HEAD wherever GET is,
 * as the server answers HEAD as GET). From `a`; "" when none. */
const char *kp_route_allow(const kp_route *routes, size_t n, const char *path, kp_arena *a);

/* Stores one value for a declared input of r->route after checking it.
 * `where` is KP_IN_QUERY or KP_IN_BODY. Undeclared names are ignored
 * (KP_OK, *known false). A bad value: KP_EINVAL with a message naming the
 * field in r->errors. */
kp_rc kp_input_set(kp_req *r, unsigned where, const char *name, const char *value, size_t len, bool *known);

/* Parses an application/x-www-form-urlencoded body (or query string) into
 * the declared inputs. "csrf" is kept aside in *csrf (arena). */
kp_rc kp_parse_urlencoded(kp_req *r, unsigned where, const char *body, size_t len, const char **csrf);

/* Parses a JSON object body: every key must be declared (else KP_EINVAL
 * naming it); values must be strings, whole numbers, booleans or null. */
kp_rc kp_parse_json_body(kp_req *r, const char *body, size_t len);

#endif
