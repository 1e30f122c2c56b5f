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

/* The form; `resume` and `in_place` for the login shown in place of a
 * form sent after the session ended. */
static int login_form(kp_req *r, bool post, const char *next, const char *resume, int in_place)
{
    int status = 500;
    kp_page_begin(r, KP_S(r, S_LOGIN_TITLE));
    html_raw_trusted(&r->out, "<div class=\"panel narrow\">\n<h1>");
    html_text(&r->out, KP_S(r, S_LOGIN_TITLE));
    html_raw_trusted(&r->out, "</h1>\n");
    if (in_place == 1)
        kp_notice(r, KP_S(r, S_RESUME_KEPT));
    else if (in_place == 3)
        kp_notice(r, KP_S(r, S_RESUME_KEPT_CODE));
    else if (in_place == 2)
        kp_notice(r, KP_S(r, S_RESUME_LOST));
    else if (!post && kp_in_int(r, "expired", 0) == 1)
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
    if (resume) {
        html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"resume\" value=\"");
        html_attr(&r->out, resume);
        html_raw_trusted(&r->out, "\">");
    }
    html_raw_trusted(&r->out, "\n");
    kp_form_field(r, "username", KP_S(r, S_USERNAME), "text", post && !in_place ? kp_in(r, "username") : NULL, NULL,
                  true);
    kp_form_field(r, "password", KP_S(r, S_PASSWORD), "password", NULL, NULL, true);
    html_raw_trusted(&r->out, "<button type=\"submit\">");
    html_text(&r->out, KP_S(r, S_LOGIN_BUTTON));
    html_raw_trusted(&r->out, "</button>\n</form>\n</div>\n");
    kp_page_end(r);
    status = 200;
    return status;
}

static const char *safe_resume(kp_req *r)
{
    const char *p = kp_in(r, "resume");
    return p && kp_local_path(p) && strncmp(p, "/login", 6) != 0 && strlen(p) < 200 ? p : NULL;
}

int page_login(kp_req *r)
{
    bool post = strcmp(r->method, "POST") == 0;
    if (r->session && !post)
        return kp_redirect(r, "/");
    return login_form(r, post, safe_next(r), post ? safe_resume(r) : NULL, 0);
}

int page_login_in_place(kp_req *r, const char *resume, bool kept, bool retype_secret)
{
    return login_form(r, true, NULL, resume, !kept ? 2 : retype_secret ? 3 : 1);
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
    kp_session *ses = kp_arena_alloc(&r->arena, sizeof *ses);
    *ses = o->session;
    sodium_memzero(o, sizeof *o);
    /* The form that was sent when the session had ended: sent again now,
     * for this user only. */
    const char *resume = safe_resume(r);
    if (resume) {
        int st = kp_replay_after_login(r, resume, ses);
        if (st)
            return st;
    }
    const char *next = safe_next(r);
    status = kp_redirect(r, next ? next : "/");
    return status;
}
