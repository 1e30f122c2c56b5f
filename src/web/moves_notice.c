/* The municipal head's notice of people moving in or out (on the start
 * page, /caseloads): moves that took effect in the last
 * KP_MOVES_BACK_DAYS days or take effect in the next KP_MOVES_AHEAD_DAYS.
 * A person who has moved out shows as a client number only. */
#include "web/person_form.h"
#include "web/page_strings.h"
#include "service/casework/people.h"
#include <stdlib.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Pārcelšanās starp pašvaldībām", "Moves between municipalities")                                      \
    X(T_DATE, "No", "From")                                                                                          \
    X(T_CLIENT, "Klients", "Client")                                                                                 \
    X(T_WHAT, "Kas notiek", "What happens")                                                                          \
    X(T_IN, "pārceļas pie jums no", "moves to you from")                                                            \
    X(T_OUT, "pārceļas uz", "moves to")                                                                              \
    X(T_CLIENT_NO, "klients Nr.", "client no.")

KP_PAGE_STRINGS(STRINGS);

kp_rc kp_moves_notice(kp_req *r)
{
    kp_move_notice *m = NULL;
    size_t n = 0;
    kp_rc rc = kp_moves_for_head(&r->ctx, 0, &m, &n);
    if (rc || !n) {
        free(m);
        return rc;
    }
    kp_html *h = &r->out;
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"moves\"><h2 id=\"moves\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h2>\n<table>\n<thead><tr><th scope=\"col\">");
    html_text(h, t(r, T_DATE));
    html_raw_trusted(h, "</th><th scope=\"col\">");
    html_text(h, t(r, T_CLIENT));
    html_raw_trusted(h, "</th><th scope=\"col\">");
    html_text(h, t(r, T_WHAT));
    html_raw_trusted(h, "</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        html_raw_trusted(h, "<tr><td>");
        html_text(h, kp_fmt_date(r, m[i].on));
        html_raw_trusted(h, "</td><td>");
        if (m[i].visible) {
            html_raw_trusted(h, "<a href=\"/clients/");
            html_int(h, m[i].client_id);
            html_raw_trusted(h, "\">");
            html_text(h, m[i].given_name);
            html_raw_trusted(h, " ");
            html_text(h, m[i].family_name);
            html_raw_trusted(h, "</a>");
        } else {
            html_text(h, t(r, T_CLIENT_NO));
            html_raw_trusted(h, " ");
            html_int(h, m[i].client_id);
        }
        html_raw_trusted(h, "</td><td>");
        html_text(h, t(r, m[i].incoming ? T_IN : T_OUT));
        html_raw_trusted(h, " ");
        html_text(h, m[i].other);
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></section>\n");
    free(m);
    return KP_OK;
}
