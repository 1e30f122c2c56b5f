/* What a drill-down request (GET /figures/records and its JSON twin
 * /api/v1/figures/records) asks for: the figure, region, territory and
 * date, read and checked in one place so the page and the API agree. */
#ifndef KOPA_WEB_FIGURE_REQUEST_H
#define KOPA_WEB_FIGURE_REQUEST_H
#include "web/web.h"
#include "core/date.h"
#include "service/figures/figure_records.h"

/* Fills `ref`, `region` (the request's string), `muni` (0 for the whole
 * region) and `at`; false, with a Latvian/English message on each field
 * that is missing or malformed in r->errors, otherwise. */
bool kp_figure_request(kp_req *r, kp_figure_ref *ref, const char **region, int64_t *muni, kp_date *at);

/* The way from a number on a screen page to its records: the local URL of
 * /figures/records for the catalogue's figure (section, target group, item,
 * measure, period; tg "" and period 0 for none) of `region` at `date_iso`,
 * for territory `muni` (0 = the whole region), in r's arena; NULL when
 * they name no figure of the catalogue (an item with other characters than
 * a-z, 0-9 and '_'), so the number is shown without a link. */
const char *kp_figure_href(kp_req *r, const char *section, const char *tg, const char *item, const char *measure,
                           int period, const char *region, int64_t muni, const char *date_iso);

/* A numeric table cell as kp_td_value_year writes it, the number a link to
 * `href` when there is one and the value is given. */
void kp_td_figure(kp_req *r, bool given, int64_t v, int64_t year, const char *href);

/* May a page link a figure of territory `muni` at `date_iso` to its
 * records? The progress and cost figures of a municipality count the
 * records that roll up into today's territory, the drill-down those held
 * by the territory on the date: they agree from the day the territory
 * exists (a 2021 novads from 1 July 2021). A municipal user's drill-down
 * is their own territory's only. True for muni 0 and a non-municipal
 * user. */
bool kp_figure_linkable(kp_req *r, int64_t muni, const char *date_iso);

/* The number `v` as a link to `href` (NULL: the number alone). */
void kp_figure_number(kp_req *r, int64_t v, const char *href);

#endif
