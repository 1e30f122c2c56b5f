/* The data-quality counts a start page shows (municipal heads' caseloads,
 * the home page of region coordinators, the ministry and administrators),
 * with a link to the findings (/check). */
#ifndef KOPA_WEB_CHECK_PANEL_H
#define KOPA_WEB_CHECK_PANEL_H
#include "web/web.h"

/* Writes the panel for the caller's scope, counted from the server's cache
 * of today's findings (at most KP_WEB_CHECK_CACHE_SECONDS old). Writes
 * nothing when the counts cannot be had (the start page still shows). */
void kp_check_panel(kp_req *r);

#endif
