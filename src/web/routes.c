/* The one route table: method, pattern, handler, scope rule (flags and the
 * roles allowed), declared inputs, and for forms what to show again when the
 * CSRF token is stale. Adding a page means adding a row here. */
#include "web/pages.h"

#define Q KP_IN_QUERY
#define B KP_IN_BODY

static const kp_input IN_LOGIN_PAGE[] = {{"next", KP_IN_TEXT, Q, 200}, {"expired", KP_IN_INT, Q, 1}, {NULL, 0, 0, 0}};
static const kp_input IN_LOGIN[] = {{"username", KP_IN_TEXT, B, 64},
                                    {"password", KP_IN_SECRET, B, 1024},
                                    {"next", KP_IN_TEXT, Q | B, 200},
                                    {"expired", KP_IN_INT, Q, 1},
                                    {NULL, 0, 0, 0}};
static const kp_input IN_LANG[] = {{"lang", KP_IN_TEXT, B, 2}, {"back", KP_IN_TEXT, B, 200}, {NULL, 0, 0, 0}};
static const kp_input IN_AUDIT[] = {{"user", KP_IN_TEXT, Q, 64},   {"client", KP_IN_INT, Q, 16},
                                    {"action", KP_IN_TEXT, Q, 48}, {"from", KP_IN_DATE, Q, 10},
                                    {"to", KP_IN_DATE, Q, 10},     {"page", KP_IN_INT, Q, 6},
                                    {NULL, 0, 0, 0}};
static const kp_input IN_DRAFT[] = {{"form", KP_IN_TEXT, B, 64},
                                    {"record_key", KP_IN_TEXT, B, 64},
                                    {"body", KP_IN_TEXT, B, 64 * 1024},
                                    {NULL, 0, 0, 0}};

static const kp_input IN_API_LOGIN[] = {{"username", KP_IN_TEXT, B, 64}, {"password", KP_IN_SECRET, B, 1024}, {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENTS[] = {{"q", KP_IN_SECRET, Q, 200},
                                          {"limit", KP_IN_INT, Q, 4},
                                          {"offset", KP_IN_INT, Q, 9},
                                          {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENT[] = {{"include", KP_IN_TEXT, Q, 32}, {NULL, 0, 0, 0}};
static const kp_input IN_API_CLIENT_NEW[] = {{"id", KP_IN_TEXT, B, 20},
                                             {"personal_code", KP_IN_SECRET, B, 20},
                                             {"code_since", KP_IN_TEXT, B, 10},
                                             {"given_name", KP_IN_TEXT, B, 100},
                                             {"family_name", KP_IN_TEXT, B, 100},
                                             {"birth_date", KP_IN_TEXT, B, 10},
                                             {"municipality", KP_IN_TEXT, B, 7},
                                             {"target_group", KP_IN_TEXT, B, 16},
                                             {"representative_id", KP_IN_TEXT, B, 20},
                                             {"disability_group", KP_IN_TEXT, B, 1},
                                             {"special_care_from", KP_IN_TEXT, B, 10},
                                             {"parents_working", KP_IN_TEXT, B, 1},
                                             {"registered_on", KP_IN_TEXT, B, 10},
                                             {NULL, 0, 0, 0}};
static const kp_input IN_API_AUDIT[] = {{"client", KP_IN_INT, Q, 16}, {"user", KP_IN_TEXT, Q, 64},
                                        {"action", KP_IN_TEXT, Q, 48}, {"from", KP_IN_DATE, Q, 10},
                                        {"to", KP_IN_DATE, Q, 10},     {"limit", KP_IN_INT, Q, 4},
                                        {"offset", KP_IN_INT, Q, 9},   {NULL, 0, 0, 0}};

#define PUB KP_R_PUBLIC
#define LOGIN KP_R_NEEDS_LOGIN
#define CHANGE KP_R_STATE_CHANGING
#define API KP_R_API
#define JSON KP_R_JSON_BODY

const kp_route kp_routes[] = {
    /* Pages */
    KP_ROUTE("GET", "/static/{name}", page_static, PUB, 0, NULL, NULL),
    KP_ROUTE("GET", "/login", page_login, PUB, 0, IN_LOGIN_PAGE, NULL),
    KP_ROUTE("POST", "/login", page_login_submit, PUB | CHANGE, 0, IN_LOGIN, page_login),
    KP_ROUTE("POST", "/logout", page_logout, LOGIN | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("POST", "/logout-everywhere", page_logout_everywhere, LOGIN | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("POST", "/lang", page_lang, PUB | CHANGE, 0, IN_LANG, NULL),
    KP_ROUTE("GET", "/", page_home, LOGIN, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("GET", "/admin/audit", page_audit, LOGIN, KP_RM_ADMIN, IN_AUDIT, NULL),
    KP_ROUTE("POST", "/drafts", page_drafts_save, LOGIN | CHANGE, KP_RM_ANY, IN_DRAFT, NULL),

    /* JSON API (docs/openapi.yaml) */
    KP_ROUTE("POST", "/api/v1/login", api_login, PUB | API | JSON | KP_R_NO_CSRF, 0, IN_API_LOGIN, NULL),
    KP_ROUTE("POST", "/api/v1/logout", api_logout, LOGIN | API | CHANGE, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/me", api_me, LOGIN | API, KP_RM_ANY, NULL, NULL),
    KP_ROUTE("GET", "/api/v1/clients", api_clients_list, LOGIN | API, KP_RM_CASEWORK, IN_API_CLIENTS, NULL),
    KP_ROUTE("GET", "/api/v1/clients/{id}", api_client_get, LOGIN | API, KP_RM_CASEWORK, IN_API_CLIENT, NULL),
    KP_ROUTE("POST", "/api/v1/clients", api_client_create, LOGIN | API | CHANGE | JSON, KP_RM_MUNICIPAL,
             IN_API_CLIENT_NEW, NULL),
    KP_ROUTE("GET", "/api/v1/audit", api_audit, LOGIN | API, KP_RM_ADMIN, IN_API_AUDIT, NULL),
};

const size_t kp_route_count = sizeof kp_routes / sizeof kp_routes[0];
