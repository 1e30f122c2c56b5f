/* The login page: GET shows the form, POST checks the password, opens a
 * session and goes where the person was heading. */
#include "web/pages.h"
#include <sodium.h>
#include <string.h>

static const char *safe_next(kp_req *r)
{
    const char *next = kp_in(r, "next");
    return next && kp_local_path(next) && strncmp(next, "/login", 6) != 0 ? next : NULL;
}

int page_login(kp_req *r)
{
    int status = 500;
    bool post = strcmp(r->method, "POST") == 0;
    if (r->session && !post)
        return kp_redirect(r, "/");
    const char *next = safe_next(r);
    kp_page_begin(r, KP_S(r, S_LOGIN_TITLE));
    html_raw_trusted(&r->out, "<div class=\"panel narrow\">\n<h1>");
    html_text(&r->out, KP_S(r, S_LOGIN_TITLE));
    html_raw_trusted(&r->out, "</h1>\n");
    if (!post && kp_in_int(r, "expired", 0) == 1)
        kp_notice(r, KP_S(r, S_SESSION_ENDED));
    kp_form_errors(r);
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, KP_S(r, S_LOGIN_INTRO));
    html_raw_trusted(&r->out, "</p>\n<form method=\"post\" action=\"/login\" novalidate>");
    kp_form_csrf(r);
    if (next) {
        html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"next\" value=\"");
        html_attr(&r->out, next);
        html_raw_trusted(&r->out, "\">");
    }
    html_raw_trusted(&r->out, "\n");
    kp_form_field(r, "username", KP_S(r, S_USERNAME), "text", post ? kp_in(r, "username") : NULL, NULL, true);
    kp_form_field(r, "password", KP_S(r, S_PASSWORD), "password", NULL, NULL, true);
    html_raw_trusted(&r->out, "<button type=\"submit\">");
    html_text(&r->out, KP_S(r, S_LOGIN_BUTTON));
    html_raw_trusted(&r->out, "</button>\n</form>\n</div>\n");
    kp_page_end(r);
    status = 200;
    return status;
}

int page_login_submit(kp_req *r)
{
    int status = 500;
    const char *user = kp_in(r, "username");
    const char *pass = kp_in(r, "password");
    if (!user || !*user)
        kp_errors_add(&r->errors, "username", "", "%s", KP_S(r, S_LOGIN_REQUIRED));
    if (!pass || !*pass)
        kp_errors_add(&r->errors, "password", "", "%s", KP_S(r, S_LOGIN_REQUIRED));
    if (r->errors.n) {
        status = page_login(r);
        return status == 200 ? 400 : status;
    }
    kp_login_in in = {.username = user, .password = pass, .address = r->address,
                      .device = kp_req_cookie(r, KP_COOKIE_DEVICE), .now = r->now};
    kp_login_out *o = kp_arena_alloc(&r->arena, sizeof *o);
    kp_rc rc = kp_login_device(&r->ctx, &in, o);
    if (rc == KP_ERULE || rc == KP_EDENIED) {
        if (rc == KP_ERULE) {
            kp_add_header(r, "Retry-After", kp_arena_printf(&r->arena, "%lld", (long long)o->retry_after));
            kp_errors_add(&r->errors, "password", "", "%s %lld %s", KP_S(r, S_LOGIN_THROTTLED),
                          (long long)(o->retry_after + 59) / 60, KP_S(r, S_LOGIN_MINUTES));
        } else {
            kp_errors_add(&r->errors, "password", "", "%s", KP_S(r, S_LOGIN_FAILED));
        }
        status = page_login(r);
        return status == 200 ? (rc == KP_ERULE ? 429 : 401) : status;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_set_cookie(r, KP_COOKIE_SESSION, o->token, -1);
    kp_set_cookie(r, KP_COOKIE_DEVICE, o->device, KP_DEVICE_MAX_AGE);
    kp_set_cookie(r, KP_COOKIE_PRELOGIN, "gone", 0);
    kp_set_cookie(r, KP_COOKIE_LANG, o->session.user.lang, 365L * 86400);
    sodium_memzero(o, sizeof *o);
    const char *next = safe_next(r);
    status = kp_redirect(r, next ? next : "/");
    return status;
}
