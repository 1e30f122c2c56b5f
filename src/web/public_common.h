/* What the public catalogue's page and JSON share (page_public_services.c,
 * api_public.c): the rate limit, the ETag from the data version, the
 * filters, and the words for target groups, availability and rules. */
#ifndef KOPA_WEB_PUBLIC_COMMON_H
#define KOPA_WEB_PUBLIC_COMMON_H
#include "web/web.h"
#include "service/programme/public_catalogue.h"

/* Counts the request against its address's public budget (ratelimit.h).
 * 0: go on. Otherwise the status to return (429, with Retry-After and a
 * message in HTML or JSON as the route answers). */
int kp_public_gate(kp_req *r);

/* The filters from the declared inputs municipality, service, target_group. */
kp_pub_filter kp_public_filter(kp_req *r);

/* Sets a strong ETag naming what the answer shows — the data version, the
 * date, the language, the filters, the representation (`kind`) and, for
 * HTML, who is logged in (the header differs) — and `cache_control`.
 * true when the request's If-None-Match matches it: answer 304. On a
 * failure to read the data version, *status is set (else 0). */
bool kp_public_etag(kp_req *r, const char *kind, const char *cache_control, int *status);

/* An answer that must not be cached after all (an error): Cache-Control
 * set by kp_public_etag becomes no-store. */
void kp_public_no_store(kp_req *r);

/* The words for an availability ("available" …), a target group code, a
 * rule's limit (e.g. "ne vairāk kā 30 dienas kalendārajā gadā"), a service
 * family's description; all in r->lang, from r->arena or static. */
const char *kp_public_availability(kp_req *r, const char *availability);
const char *kp_public_group(kp_req *r, const char *code);
const char *kp_public_rule(kp_req *r, const kp_pub_rule *u);
const char *kp_public_about(kp_req *r, const char *family);
/* The text on how to apply, for a municipality (its office named or not). */
const char *kp_public_how_to_apply(kp_req *r, const kp_pub_muni *m);

#endif
