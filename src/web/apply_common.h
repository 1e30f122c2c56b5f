/* What the public application pages share (page_apply.c,
 * page_apply_status.c): the language the URL decides, the paths in both
 * languages, the signed token of a form, the 429 page and the words for a
 * status. */
#ifndef KOPA_WEB_APPLY_COMMON_H
#define KOPA_WEB_APPLY_COMMON_H
#include <stdint.h>
#include "web/web.h"

typedef enum apply_path {
    AP_FORM = 0,    /* /pieteikums, /en/apply */
    AP_STATUS,      /* /pieteikums/statuss, /en/apply/status */
    AP_ANSWER,      /* /pieteikums/atbilde, /en/apply/answer */
    AP_RECEIPT,     /* /pieteikums/kvits, /en/apply/receipt (PDF) */
    AP_PRIVACY,     /* /pieteikums/privatums, /en/apply/privacy */
    AP_COUNT
} apply_path;

/* Sets r->lang (and the service context's) from the path: "/en/…" English,
 * else Latvian; r->alt_lang_href to the page `self` in the other language. */
void apply_lang(kp_req *r, apply_path self);
/* The path of a page in the request's language. */
const char *apply_path_of(const kp_req *r, apply_path p);
/* <input type="hidden" name="csrf"> with a token signed for the POST route
 * of page p (KP_R_SIGNED_FORM). */
void apply_form_token(kp_req *r, apply_path p);
/* The 429 page: how long to wait (Retry-After) and what happened. */
int apply_too_many(kp_req *r, int64_t retry_after);
/* Words for an application's status for the applicant and the worker. */
const char *apply_status_words(const kp_req *r, const char *status);
/* Words for the applicant's relation to the person. */
const char *apply_relation_words(const kp_req *r, const char *relation);

#endif
