/* Long lists the same way on every page: a page of 25, 50 or 100 rows,
 * "1–25 no 312", "lapa 2 no 13", links (or, for lists found by POST,
 * buttons) to the first, previous, next and last page, and column heads
 * that sort. The page reads "page", "per", "sort" and "dir" from its
 * declared inputs (KP_LIST_INPUTS in its route). Internal to src/web. */
#ifndef KOPA_WEB_LISTING_H
#define KOPA_WEB_LISTING_H
#include "web/web.h"

/* The inputs every list route declares (query string). */
#define KP_LIST_INPUTS                                                                                                \
    {"page", KP_IN_INT, KP_IN_QUERY | KP_IN_BODY, 6}, {"per", KP_IN_INT, KP_IN_QUERY | KP_IN_BODY, 3},               \
        {"sort", KP_IN_TEXT, KP_IN_QUERY | KP_IN_BODY, 24}, {"dir", KP_IN_TEXT, KP_IN_QUERY | KP_IN_BODY, 4}

/* Rows on a page unless the person chose 50 or 100. */
#define KP_LIST_PER_DEFAULT 25

typedef struct kp_list {
    const char *base;        /* the page's path, "/caseload" */
    const char *const *keep; /* other query inputs that links carry (filters), NULL-terminated; may be NULL */
    const char *sort;        /* the sort key in force ("" = the list's default) */
    bool desc;               /* dir=desc */
    int64_t page;            /* from 1 */
    int64_t per;             /* 25, 50 or 100 */
    size_t total;            /* rows in the whole list (set after the query) */
    bool post;               /* pages are asked for with POST buttons (a search) */
} kp_list;

/* Reads page, per, sort and dir. `sorts` lists the keys the page knows
 * (NULL-terminated); any other sort is the default "". */
void kp_list_init(kp_req *r, kp_list *l, const char *base, const char *const *keep, const char *const *sorts);
/* First row of the page (0-based). */
size_t kp_list_offset(const kp_list *l);
/* Pages in the list (at least 1). */
int64_t kp_list_pages(const kp_list *l);
/* The link to page `page` with sort/dir (NULL: the current ones). From r->arena. */
const char *kp_list_url(kp_req *r, const kp_list *l, int64_t page, const char *sort, bool desc);
/* A column head: a link that sorts by `key` (the other way when it is the
 * sort in force), with aria-sort. key NULL: a plain head. */
void kp_list_th(kp_req *r, const kp_list *l, const char *key, const char *label, bool numeric);
/* "Rādīti 26–50 no 312 · lapa 2 no 13" (role=status), or the empty text. */
void kp_list_summary(kp_req *r, const kp_list *l, size_t shown);
/* The pager (nothing when everything fits on one page). With l->post, a
 * form of buttons whose hidden fields are `hidden` (name, value pairs,
 * NULL-terminated; never a personal code) and the CSRF token. */
void kp_list_pager(kp_req *r, const kp_list *l, const char *const *hidden);
/* "Visi (42)" linking to `href`: the "all" link of a start page's section. */
void kp_list_all_link(kp_req *r, const char *href, size_t total);

#endif
