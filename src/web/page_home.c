/* The home page: who you are, your scope, and where to go from here; for
 * region coordinators, the ministry and municipal heads, progress at a
 * glance (progress_panel.c). */
#include "web/pages.h"
#include "web/check_panel.h"
#include "web/progress_panel.h"
#include <string.h>

int page_home(kp_req *r)
{
    int status = 500;
    const kp_user *u = &r->session->user;
    /* People who work with cases start where their work is. */
    if (u->role == KP_ROLE_SOCIAL_WORKER)
        return kp_redirect(r, "/caseload");
    if (u->role == KP_ROLE_PROVIDER)
        return kp_redirect(r, "/referrals");
    bool en = strcmp(r->lang, "en") == 0;
    kp_page_begin(r, KP_S(r, S_HOME_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_HOME_WELCOME));
    html_raw_trusted(&r->out, ", ");
    html_text(&r->out, u->username);
    html_raw_trusted(&r->out, "</h1>\n<div class=\"panel\">\n<dl>\n<dt>");
    html_text(&r->out, KP_S(r, S_HOME_ROLE));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, kp_role_label(r, u->role));
    html_raw_trusted(&r->out, "</dd>\n<dt>");
    html_text(&r->out, KP_S(r, S_HOME_SCOPE));
    html_raw_trusted(&r->out, "</dt><dd>");
    switch (u->role) {
    case KP_ROLE_ADMIN:
        html_text(&r->out, KP_S(r, S_SCOPE_INSTALLATION));
        break;
    case KP_ROLE_MINISTRY:
        html_text(&r->out, KP_S(r, S_SCOPE_COUNTRY));
        break;
    case KP_ROLE_PROVIDER:
        html_text(&r->out, KP_S(r, S_SCOPE_PROVIDER));
        html_raw_trusted(&r->out, " ");
        html_int(&r->out, u->provider_id);
        html_raw_trusted(&r->out, ": ");
        html_text(&r->out, u->scope_name_lv);
        break;
    default:
        html_text(&r->out, en ? u->scope_name_en : u->scope_name_lv);
    }
    html_raw_trusted(&r->out, "</dd>\n</dl>\n</div>\n");
    kp_check_panel(r);
    /* The region's, the ministry's and a head's start: progress at a glance. */
    if (u->role == KP_ROLE_REGION || u->role == KP_ROLE_MINISTRY || u->role == KP_ROLE_MUNICIPAL_HEAD) {
        int refused = kp_progress_panel(r);
        if (refused)
            return kp_error(r, refused);
        /* Where the region keeps its cooperation agreements (read by the
         * ministry and the heads concerned). */
        html_raw_trusted(&r->out, "<p><a href=\"/cooperation\">");
        html_text(&r->out, KP_S(r, S_HOME_COOPERATION));
        html_raw_trusted(&r->out, "</a></p>\n");
    }
    html_raw_trusted(&r->out, "<form method=\"post\" action=\"/logout-everywhere\">");
    kp_form_csrf(r);
    html_raw_trusted(&r->out, "<button type=\"submit\" class=\"link\">");
    html_text(&r->out, KP_S(r, S_LOGOUT_EVERYWHERE));
    html_raw_trusted(&r->out, "</button></form>\n");
    kp_page_end(r);
    status = 200;
    return status;
}
