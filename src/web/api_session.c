/* JSON API: logging in and out, and who am I. */
#include "web/pages.h"
#include <sodium.h>
#include <string.h>

static json_t *user_json(const kp_user *u)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(u->id));
    json_object_set_new(o, "username", json_string(u->username));
    json_object_set_new(o, "role", json_string(kp_role_name(u->role)));
    json_object_set_new(o, "municipality_id", u->municipality_id ? json_integer(u->municipality_id) : json_null());
    json_object_set_new(o, "provider_id", u->provider_id ? json_integer(u->provider_id) : json_null());
    json_object_set_new(o, "region", u->region[0] ? json_string(u->region) : json_null());
    json_object_set_new(o, "lang", json_string(u->lang));
    return o;
}

int api_login(kp_req *r)
{
    const char *user = kp_in(r, "username");
    const char *pass = kp_in(r, "password");
    if (!user || !*user)
        kp_errors_add(&r->errors, "username", "", "%s", KP_S(r, S_LOGIN_REQUIRED));
    if (!pass || !*pass)
        kp_errors_add(&r->errors, "password", "", "%s", KP_S(r, S_LOGIN_REQUIRED));
    if (r->errors.n)
        return kp_error(r, 400);
    kp_login_in in = {.username = user, .password = pass, .address = r->address,
                      .device = kp_req_cookie(r, KP_COOKIE_DEVICE), .now = r->now};
    kp_login_out *lo = kp_arena_alloc(&r->arena, sizeof *lo);
    kp_rc rc = kp_login_device(&r->ctx, &in, lo);
    if (rc == KP_ERULE) {
        kp_add_header(r, "Retry-After", kp_arena_printf(&r->arena, "%lld", (long long)lo->retry_after));
        return kp_json_error(r, 429,
                             kp_arena_printf(&r->arena, "%s %lld %s", KP_S(r, S_LOGIN_THROTTLED),
                                             (long long)(lo->retry_after + 59) / 60, KP_S(r, S_LOGIN_MINUTES)));
    }
    if (rc == KP_EDENIED)
        return kp_json_error(r, 401, KP_S(r, S_LOGIN_FAILED));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_set_cookie(r, KP_COOKIE_SESSION, lo->token, -1);
    kp_set_cookie(r, KP_COOKIE_DEVICE, lo->device, KP_DEVICE_MAX_AGE);
    json_t *o = json_object();
    json_object_set_new(o, "csrf", json_string(lo->session.csrf));
    json_object_set_new(o, "user", user_json(&lo->session.user));
    sodium_memzero(lo, sizeof *lo);
    return kp_json(r, 200, o);
}

int api_logout(kp_req *r)
{
    if (kp_session_end(&r->ctx, r->cookie_token))
        return kp_error(r, 500);
    kp_set_cookie(r, KP_COOKIE_SESSION, "gone", 0);
    json_t *o = json_object();
    json_object_set_new(o, "ok", json_true());
    return kp_json(r, 200, o);
}

int api_me(kp_req *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "user", user_json(&r->session->user));
    json_object_set_new(o, "csrf", json_string(r->session->csrf));
    return kp_json(r, 200, o);
}
