/* Logging out of this browser, or of every device at once. */
#include "web/pages.h"

int page_logout(kp_req *r)
{
    if (kp_session_end(&r->ctx, r->cookie_token))
        return kp_error(r, 500);
    kp_set_cookie(r, KP_COOKIE_SESSION, "gone", 0);
    return kp_redirect(r, "/login");
}

int page_logout_everywhere(kp_req *r)
{
    if (kp_session_end_all(&r->ctx))
        return kp_error(r, 500);
    kp_set_cookie(r, KP_COOKIE_SESSION, "gone", 0);
    return kp_redirect(r, "/login");
}
