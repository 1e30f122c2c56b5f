/* The handlers the route table (routes.c) points at: one file per page or
 * API resource, one exported function per route. A new page adds its line
 * here and its row in routes.c. */
#ifndef KOPA_WEB_PAGES_H
#define KOPA_WEB_PAGES_H
#include "web/web.h"

/* static.c: GET /static/{name} */
int page_static(kp_req *r);
/* page_login.c: GET /login, POST /login (rerender: page_login) */
int page_login(kp_req *r);
int page_login_submit(kp_req *r);
/* page_logout.c: POST /logout, POST /logout-everywhere */
int page_logout(kp_req *r);
int page_logout_everywhere(kp_req *r);
/* page_lang.c: POST /lang */
int page_lang(kp_req *r);
/* page_home.c: GET / */
int page_home(kp_req *r);
/* page_audit.c: GET /admin/audit */
int page_audit(kp_req *r);
/* page_drafts.c: POST /drafts (autosave) */
int page_drafts_save(kp_req *r);

/* api_session.c: POST /api/v1/login, POST /api/v1/logout, GET /api/v1/me */
int api_login(kp_req *r);
int api_logout(kp_req *r);
int api_me(kp_req *r);
/* api_clients.c: GET /api/v1/clients, GET /api/v1/clients/{id}, POST /api/v1/clients */
int api_clients_list(kp_req *r);
int api_client_get(kp_req *r);
int api_client_create(kp_req *r);
/* api_audit.c: GET /api/v1/audit */
int api_audit(kp_req *r);

#endif
