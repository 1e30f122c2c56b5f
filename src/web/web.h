/* The web layer's request, response and route table. A page or API handler
 * is one function `int h(kp_req *r)` that reads its declared inputs, calls
 * service/ through r->ctx, writes its body through the escaping writers
 * (html.h) or jansson, and returns the HTTP status. It starts from 500 and
 * returns 200 only at the end.
 *
 * Ownership: everything a handler allocates for the request comes from
 * r->arena and dies with the request; the response body r->out is owned by
 * the request and copied into the HTTP response (MHD_RESPMEM_MUST_COPY). */
#ifndef KOPA_WEB_WEB_H
#define KOPA_WEB_WEB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "service/ctx.h"
#include "service/errors.h"
#include "service/accounts/sessions.h"
#include "web/arena.h"
#include "web/html.h"
#include "web/json_out.h"
#include "web/strings.h"

/* The role of a request without a session: no access rule names it, so
 * every scope check refuses it (deny by default; never KP_ROLE_SYSTEM). */
#define KP_ROLE_ANONYMOUS ((kp_role)99)

/* Largest request body accepted (413 beyond). */
#define KP_WEB_BODY_MAX ((size_t)1024 * 1024)

/* Cookie names. */
#define KP_COOKIE_SESSION "kopa_session"
#define KP_COOKIE_PRELOGIN "kopa_pre"
#define KP_COOKIE_LANG "kopa_lang"
/* A browser that has logged in to an account (login throttling, sessions.h). */
#define KP_COOKIE_DEVICE "kopa_device"

typedef struct kp_req kp_req;
typedef struct kp_web_app kp_web_app;
typedef int (*kp_handler)(kp_req *r);

/* ---- Route table ---------------------------------------------------- */

/* Scope rule flags: every route has exactly one of PUBLIC or NEEDS_LOGIN
 * (the route check refuses to start a server otherwise). */
#define KP_R_PUBLIC 0x01u         /* anyone, logged in or not */
#define KP_R_NEEDS_LOGIN 0x02u    /* a session, and the role in `roles` */
#define KP_R_STATE_CHANGING 0x04u /* POST: a valid CSRF token is required */
#define KP_R_NO_CSRF 0x08u        /* POST without CSRF: only JSON login (a cross-site form cannot send JSON) */
#define KP_R_API 0x10u            /* answers JSON; errors are JSON */
#define KP_R_JSON_BODY 0x20u      /* body is a JSON object of declared fields (unknown ones: 400) */
#define KP_R_SIGNED_FORM 0x40u    /* POST of a public form without a session: its `csrf` field must be a
                                     signed per-form token made for the route's pattern
                                     (service/intake/applications.h, kp_form_token_make) */

/* Role masks for `roles`. */
#define KP_ROLE_BIT(r) (1u << (unsigned)(r))
#define KP_RM_ADMIN KP_ROLE_BIT(KP_ROLE_ADMIN)
#define KP_RM_SW KP_ROLE_BIT(KP_ROLE_SOCIAL_WORKER)
#define KP_RM_HEAD KP_ROLE_BIT(KP_ROLE_MUNICIPAL_HEAD)
#define KP_RM_PROVIDER KP_ROLE_BIT(KP_ROLE_PROVIDER)
#define KP_RM_REGION KP_ROLE_BIT(KP_ROLE_REGION)
#define KP_RM_MINISTRY KP_ROLE_BIT(KP_ROLE_MINISTRY)
#define KP_RM_MUNICIPAL (KP_RM_SW | KP_RM_HEAD)
#define KP_RM_CASEWORK (KP_RM_SW | KP_RM_HEAD | KP_RM_PROVIDER) /* who sees client data */
#define KP_RM_ANY (KP_RM_ADMIN | KP_RM_SW | KP_RM_HEAD | KP_RM_PROVIDER | KP_RM_REGION | KP_RM_MINISTRY)

/* Declared inputs: a route names every query/form/JSON field it reads and
 * how to check it. Undeclared fields never reach the handler (forms: they
 * are dropped; JSON: 400 naming the field). A value that fails its check
 * answers 400 naming the field. */
typedef enum kp_in_kind {
    KP_IN_TEXT = 1, /* UTF-8, no control characters but \n \r \t, at most `max` bytes */
    KP_IN_INT,      /* a whole number 0 … 2^53 */
    KP_IN_DATE,     /* YYYY-MM-DD */
    KP_IN_SECRET,   /* like TEXT, but never echoed back into a form (passwords, personal codes) */
} kp_in_kind;

#define KP_IN_QUERY 0x1u /* from the URL's query string */
#define KP_IN_BODY 0x2u  /* from the form or JSON body */

typedef struct kp_input {
    const char *name;
    kp_in_kind kind;
    unsigned where;
    size_t max;        /* bytes; 0 = 200 */
} kp_input;

/* Forms with repeated rows (plan items, a group's attendance) declare one
 * input per row and column. */
#define KP_MAX_INPUTS 64

typedef struct kp_route {
    const char *method;       /* "GET" or "POST" */
    const char *pattern;      /* "/clients/{id}": {id} a positive number, {name} [A-Za-z0-9._-]{1,64} */
    kp_handler handler;
    unsigned flags;
    unsigned roles;           /* who may call it when NEEDS_LOGIN; 0 for PUBLIC */
    const kp_input *inputs;   /* terminated by {NULL}; NULL = none */
    kp_handler rerender;      /* POST forms: shows the form again with the values when the CSRF token is stale */
} kp_route;

/* One row of the table (see routes.c). */
#define KP_ROUTE(method, pattern, handler, flags, roles, inputs, rerender)                                     \
    {method, pattern, handler, flags, roles, inputs, rerender}

extern const kp_route kp_routes[];
extern const size_t kp_route_count;

/* Checks the invariants of a route table: a declared scope rule on every
 * row, roles on NEEDS_LOGIN rows, CSRF on every POST, unique method+pattern,
 * well-formed patterns and inputs. Writes the first problem into err.
 * KP_OK or KP_EINVAL. */
kp_rc kp_routes_check(const kp_route *routes, size_t n, char *err, size_t errlen);

/* ---- Request -------------------------------------------------------- */

typedef struct kp_header {
    const char *name, *value;
} kp_header;

struct kp_req {
    kp_web_app *app;
    const kp_route *route;
    kp_arena arena;
    const char *method;
    const char *path;          /* without the query string */
    int64_t path_id;           /* {id} in the pattern, else 0 */
    const char *path_name;     /* {name} in the pattern, else NULL */
    const char *path_code;     /* {code} in the pattern (a segment of at most 16 name characters), else NULL */
    const char *values[KP_MAX_INPUTS]; /* declared inputs by index; NULL when absent */
    const char *address;       /* client IP (for throttling only) */
    int64_t now;               /* Unix seconds (the app's clock) */
    bool secure;               /* cookies get Secure */
    const char *lang;          /* "lv" or "en" */
    const char *alt_lang_href; /* a page with one URL per language (the public catalogue): the
                                  language switch links there instead of posting to /lang */

    kp_session *session;       /* NULL when not logged in */
    const char *form_csrf;     /* the CSRF token forms carry (session's, or the pre-login one) */
    const char *cookie_token;  /* the session cookie as received */
    bool csrf_stale;           /* a form is shown again because its token was stale */
    char form_nonce[33];       /* KP_R_SIGNED_FORM: the checked token's nonce (hex), one per form shown */
    bool draft_restored;       /* a form is shown with what the person typed before (a draft) */
    kp_ctx ctx;                /* service context: db, keys, role and scope, now, lang */
    kp_errors errors;          /* field errors to show with a form */

    /* Response. */
    kp_html out;
    const char *content_type;  /* default text/html; charset=utf-8 */
    kp_header headers[8];
    size_t nheaders;
    const char *cookies[6];    /* Set-Cookie values */
    size_t ncookies;
    const char *location;      /* for 302/303 */
    void *conn;                /* the HTTP connection (server.c only) */
};

/* Value of a declared input, or NULL when absent. Asking for an undeclared
 * name is a programming error: NULL, and a message on stderr. */
const char *kp_in(const kp_req *r, const char *name);
/* Value as a number; `dflt` when absent (inputs are checked already). */
int64_t kp_in_int(const kp_req *r, const char *name, int64_t dflt);
/* The value of `name` in an urlencoded body kept aside (a saved draft),
 * decoded into the request's arena; NULL when absent, malformed or not
 * UTF-8. */
const char *kp_urlencoded_value(kp_req *r, const char *body, const char *name);
/* Appends "name=value" (with '&' before all but the first) to an
 * urlencoded body being built, e.g. a draft; skips an empty value. The
 * inverse of kp_urlencoded_value. */
void kp_urlencoded_put(kp_html *b, const char *name, const char *value);
/* After a login from the form shown in place of a POST whose session had
 * ended: sends that POST again (kept as the draft "form:<path>" of the user
 * who is now logged in; nobody else's) through the route's checks under the
 * new session `s`, and forgets the draft when it succeeds. Returns the
 * status to answer, or 0 when there is nothing to send again. */
int kp_replay_after_login(kp_req *r, const char *path, const kp_session *s);
/* A request header (e.g. "Idempotency-Key"), or NULL. */
const char *kp_req_header(const kp_req *r, const char *name);

/* Message in the request's language. */
#define KP_S(r, key) kp_str((r)->lang, key)

/* Response helpers. Each returns the status to return from the handler. */
void kp_add_header(kp_req *r, const char *name, const char *value);
/* Sets a cookie with HttpOnly; SameSite=Strict; Path=/ (and Secure behind
 * TLS). max_age < 0: a session cookie; 0: delete it. */
void kp_set_cookie(kp_req *r, const char *name, const char *value, long max_age);
/* A cookie the request carries, or NULL. */
const char *kp_req_cookie(const kp_req *r, const char *name);
/* 303 See Other to a local path (anything else becomes "/"). */
int kp_redirect(kp_req *r, const char *local_path);
/* An error page (HTML) or {"error": …} (API) for a status. */
int kp_error(kp_req *r, int status);
/* JSON body: takes the reference to `body`. */
int kp_json(kp_req *r, int status, json_t *body);
/* A JSON body written with kp_jw (json_out.h) straight into the answer,
 * without jansson objects (issue 10: the client list): empties what was
 * written, sets the type and starts `w` on the answer. The handler then
 * writes one document and returns its status. */
void kp_json_start(kp_req *r, kp_jw *w);
/* {"error": message, "fields": {field: message}} from r->errors. */
int kp_json_error(kp_req *r, int status, const char *message);
/* Maps a service result to an HTTP status (KP_ENOTFOUND 404, KP_EDENIED
 * 403, KP_EINVAL 400, KP_ECONFLICT 409, KP_ERULE 409, KP_ETOOBIG 413,
 * else 500). */
int kp_status_for(kp_rc rc);

/* Is `path` a safe local redirect target ("/…", not "//…")? */
bool kp_local_path(const char *path);

/* ---- Formatting for people ------------------------------------------ */

/* "2021-12-31" → "31.12.2021." (lv) or "31.12.2021" (en); other input as is. */
const char *kp_fmt_date(kp_req *r, const char *iso);
/* "1 821 776,78 €" from cents. */
const char *kp_fmt_money(kp_req *r, int64_t cents);
/* Compares two names by ICU's Latvian collation (ā after a, č after c …);
 * fits kp_name_cmp. `arg` is a UCollator from kp_collator_open. */
int kp_collate_lv(const char *a, const char *b, void *arg);
void *kp_collator_open(void);
void kp_collator_close(void *c);

/* "2021-10" → "2021. gada oktobris" (lv) or "October 2021" (en); other
 * input as is. */
const char *kp_fmt_month(kp_req *r, const char *yyyy_mm);
/* A moment stored in UTC ("2021-10-05T09:30:00Z", or "2021-10-05 09:30:00")
 * in local time in Riga (Europe/Riga, summer time included):
 * "05.10.2021. 12:30"; other input as is. */
const char *kp_fmt_time(kp_req *r, const char *utc_iso);
/* Fills yyyy-mm-dd hh:mm of Riga's local time for a Unix time (ICU's time
 * zone data). KP_OK or KP_EINVAL. */
kp_rc kp_riga_local(int64_t unix_secs, int *y, int *mo, int *d, int *h, int *mi);

/* ---- Words for codes (labels.c) ---------------------------------------- */

typedef enum kp_label_kind {
    KP_LABEL_GROUP = 1, /* target groups: grt, ft, bsac, parents */
    KP_LABEL_ROLE,      /* social_worker, municipal_head … */
    KP_LABEL_ACTION,    /* audit actions: read_personal_code … */
    KP_LABEL_ENTITY,    /* kinds of records in the audit trail */
    KP_LABEL_STATUS,    /* in_force, ended, submitted … */
} kp_label_kind;

/* The words for a code in the request's language; an unknown code with its
 * underscores as spaces (from r->arena); "" for NULL or "". */
const char *kp_label(kp_req *r, kp_label_kind kind, const char *code);
/* Whether the table has the code. */
bool kp_label_known(kp_label_kind kind, const char *code);
/* The i-th code of a kind in table order, NULL past the end (for choices
 * and tests). */
const char *kp_label_code_at(kp_label_kind kind, size_t i);

/* ---- Page layout (layout.c) ------------------------------------------ */

/* Writes the document head, the skip link, the header with the menu for the
 * user's role and the language switch, and opens <main id="main">. */
void kp_page_begin(kp_req *r, const char *title);
/* Closes <main>, writes the footer and ends the document. */
void kp_page_end(kp_req *r);
/* <input type="hidden" name="csrf" …> for the current form. */
void kp_form_csrf(kp_req *r);
/* A labelled input with its error tied by aria-describedby. `value` is
 * shown unless the field is secret; `type` e.g. "text", "date", "password". */
void kp_form_field(kp_req *r, const char *name, const char *label, const char *type, const char *value,
                   const char *hint, bool required);
/* A numeric table cell: "1234 (2019)", "1234" when `year` is 0, "—" when
 * not `given`. */
void kp_td_value_year(kp_req *r, bool given, int64_t v, int64_t year);
/* The start of a labelled <select>, its hint and error tied by
 * aria-describedby as kp_form_field does for inputs; the caller writes the
 * options (kp_form_option) and then "</select></div>". */
void kp_form_select_open(kp_req *r, const char *name, const char *label, const char *hint, bool required);
/* One <option>, value and label escaped. */
void kp_form_option(kp_req *r, const char *value, const char *label, bool selected);
/* A summary of r->errors at the top of a form (role="alert"), if any. */
void kp_form_errors(kp_req *r);
/* The role's name for people. */
const char *kp_role_label(kp_req *r, kp_role role);
/* A notice box (role="status"). */
void kp_notice(kp_req *r, const char *text);

#endif
