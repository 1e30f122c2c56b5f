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

#endif
