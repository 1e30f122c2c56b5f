/* The language switch: kept on the user's row (and in a cookie for the
 * login page), then back to the page the person was on. */
#include "web/pages.h"
#include "service/accounts/accounts.h"
#include <string.h>

int page_lang(kp_req *r)
{
    const char *lang = kp_in(r, "lang");
    if (!lang || (strcmp(lang, "lv") != 0 && strcmp(lang, "en") != 0)) {
        kp_errors_add(&r->errors, "lang", "", "%s", KP_S(r, S_BAD_FIELD));
        return kp_error(r, 400);
    }
    if (r->session && kp_user_set_lang(&r->ctx, lang))
        return kp_error(r, 500);
    kp_set_cookie(r, KP_COOKIE_LANG, lang, 365L * 86400);
    const char *back = kp_in(r, "back");
    return kp_redirect(r, back && kp_local_path(back) ? back : "/");
}
