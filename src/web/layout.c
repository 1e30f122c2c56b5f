/* The frame of every page: head, skip link, header with the menu for the
 * user's role and the language switch, footer; and the form helpers that
 * tie labels, hints and errors to fields. */
#include "web/web.h"
#include "web/router.h"
#include <string.h>

/* The menu. A page that belongs in it adds one row; `roles` says who sees it. */
static const struct {
    const char *path;
    kp_str_key label;
    unsigned roles;
} NAV[] = {
    {"/", S_NAV_HOME, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN}, /* others start at their work */
    {"/caseload", S_NAV_CASELOAD, KP_RM_MUNICIPAL},
    {"/clients", S_NAV_CLIENTS, KP_RM_CASEWORK},
    {"/caseloads", S_NAV_CASELOADS, KP_RM_HEAD},
    {"/referrals", S_NAV_REFERRALS, KP_RM_PROVIDER},
    {"/attendance", S_NAV_ATTENDANCE, KP_RM_PROVIDER},
    {"/statement", S_NAV_STATEMENT, KP_RM_PROVIDER},
    {"/claims", S_NAV_CLAIMS, KP_RM_HEAD | KP_RM_REGION},
    {"/indicators", S_NAV_INDICATORS, KP_RM_REGION},
    {"/di-plan", S_NAV_DIPLAN, KP_RM_REGION},
    {"/evaluation", S_NAV_EVALUATION, KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN},
    {"/check", S_NAV_CHECK, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY | KP_RM_ADMIN},
    {"/need", S_NAV_NEED, KP_RM_HEAD | KP_RM_REGION | KP_RM_MINISTRY},
    {"/admin/audit", S_NAV_AUDIT, KP_RM_ADMIN},
    {"/privacy/record", S_NAV_PRIVACY, KP_RM_ADMIN},
};

static kp_str_key role_label(kp_role role)
{
    switch (role) {
    case KP_ROLE_ADMIN: return S_ROLE_ADMIN;
    case KP_ROLE_SOCIAL_WORKER: return S_ROLE_SOCIAL_WORKER;
    case KP_ROLE_MUNICIPAL_HEAD: return S_ROLE_MUNICIPAL_HEAD;
    case KP_ROLE_PROVIDER: return S_ROLE_PROVIDER;
    case KP_ROLE_REGION: return S_ROLE_REGION;
    case KP_ROLE_MINISTRY: return S_ROLE_MINISTRY;
    case KP_ROLE_SYSTEM: return S_ROLE_SYSTEM;
    }
    return S_ROLE_SYSTEM;
}

const char *kp_role_label(kp_req *r, kp_role role)
{
    return KP_S(r, role_label(role));
}

void kp_form_csrf(kp_req *r)
{
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_attr(&r->out, r->form_csrf ? r->form_csrf : "");
    html_raw_trusted(&r->out, "\">");
}

static void lang_switch(kp_req *r)
{
    bool en = strcmp(r->lang, "en") == 0;
    if (r->alt_lang_href) {
        html_raw_trusted(&r->out, "<p class=\"lang\"><a href=\"");
        html_attr(&r->out, r->alt_lang_href);
        html_raw_trusted(&r->out, en ? "\" hreflang=\"lv\" lang=\"lv\">" : "\" hreflang=\"en\" lang=\"en\">");
        html_text(&r->out, en ? "Latviski" : "English");
        html_raw_trusted(&r->out, "</a></p>");
        return;
    }
    html_raw_trusted(&r->out, "<form class=\"lang\" method=\"post\" action=\"/lang\">");
    kp_form_csrf(r);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"lang\" value=\"");
    html_raw_trusted(&r->out, en ? "lv" : "en");
    html_raw_trusted(&r->out, "\"><input type=\"hidden\" name=\"back\" value=\"");
    html_attr(&r->out, strcmp(r->method, "GET") == 0 && r->route ? r->path : "/");
    html_raw_trusted(&r->out, "\"><button type=\"submit\" class=\"link\" lang=\"");
    html_raw_trusted(&r->out, en ? "lv" : "en");
    html_raw_trusted(&r->out, "\" aria-label=\"");
    html_attr(&r->out, KP_S(r, S_LANG_SWITCH));
    html_raw_trusted(&r->out, ": ");
    html_attr(&r->out, KP_S(r, S_LANG_OTHER));
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, KP_S(r, S_LANG_OTHER));
    html_raw_trusted(&r->out, "</button></form>");
}

/* Breadcrumbs: the pages above this one, from the path. Every prefix of
 * the path that is a page of its own (a GET route) and has a name here is
 * a step: the card above its plan, assignment and history pages, the
 * claims above one claim. The last step is this page, by its title. */
static const struct {
    const char *pattern;
    kp_str_key nav;     /* a menu label, or 0 with the words below */
    const char *lv, *en;
} CRUMBS[] = {
    {"/clients", S_NAV_CLIENTS, NULL, NULL},
    {"/clients/{id}", 0, "Klienta kartīte", "Client card"},
    {"/claims", S_NAV_CLAIMS, NULL, NULL},
    {"/caseloads", S_NAV_CASELOADS, NULL, NULL},
    {"/assignments/{id}", 0, "Piešķirtais pakalpojums", "Service granted"},
    {"/evaluation", S_NAV_EVALUATION, NULL, NULL},
    {"/cooperation", 0, "Sadarbības līgumi", "Cooperation agreements"},
};

static void crumbs(kp_req *r, const char *title)
{
    kp_html *h = &r->out;
    const char *path = r->path;
    if (!r->session || !path || strcmp(r->method, "GET") != 0 || r->csrf_stale)
        return;
    size_t len = strlen(path), steps = 0;
    for (size_t end = 1; end < len; end++) {
        if (path[end] != '/')
            continue;
        char *prefix = kp_arena_strndup(&r->arena, path, end);
        const kp_route *route = NULL;
        if (kp_route_find(kp_routes, kp_route_count, "GET", prefix, NULL, &route) != KP_MATCH_OK || !route)
            continue;
        if (route->roles && !(route->roles & KP_ROLE_BIT(r->session->user.role)))
            continue;
        for (size_t i = 0; i < sizeof CRUMBS / sizeof CRUMBS[0]; i++) {
            if (strcmp(CRUMBS[i].pattern, route->pattern) != 0)
                continue;
            html_raw_trusted(h, steps++ ? "<li><a href=\"" : "<nav class=\"crumbs\" aria-label=\"");
            if (steps == 1) {
                html_attr(h, strcmp(r->lang, "en") == 0 ? "Breadcrumbs" : "Navigācijas ceļš");
                html_raw_trusted(h, "\"><ol><li><a href=\"");
            }
            html_url_path(h, prefix);
            html_raw_trusted(h, "\">");
            html_text(h, CRUMBS[i].nav ? KP_S(r, CRUMBS[i].nav)
                                       : strcmp(r->lang, "en") == 0 ? CRUMBS[i].en : CRUMBS[i].lv);
            html_raw_trusted(h, "</a></li>");
        }
    }
    if (!steps)
        return;
    html_raw_trusted(h, "<li aria-current=\"page\">");
    html_text(h, title);
    html_raw_trusted(h, "</li></ol></nav>\n");
}

void kp_page_begin(kp_req *r, const char *title)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<!DOCTYPE html>\n<html lang=\"");
    html_raw_trusted(h, strcmp(r->lang, "en") == 0 ? "en" : "lv");
    html_raw_trusted(h, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_text(h, title);
    html_raw_trusted(h, " — ");
    html_text(h, KP_S(r, S_APP_NAME));
    html_raw_trusted(h, "</title>\n<link rel=\"stylesheet\" href=\"/static/kopa.css\">\n"
                        "<script src=\"/static/kopa.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    html_text(h, KP_S(r, S_SKIP_TO_CONTENT));
    html_raw_trusted(h, "</a>\n<header class=\"top\">\n<div class=\"brand\"><a href=\"/\">");
    html_text(h, KP_S(r, S_APP_NAME));
    html_raw_trusted(h, "</a> <span class=\"tagline\">");
    html_text(h, KP_S(r, S_APP_TAGLINE));
    html_raw_trusted(h, "</span></div>\n");
    if (r->session) {
        html_raw_trusted(h, "<nav aria-label=\"");
        html_attr(h, KP_S(r, S_NAV_MAIN));
        html_raw_trusted(h, "\"><ul>");
        for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
            if (!(NAV[i].roles & KP_ROLE_BIT(r->session->user.role)))
                continue;
            bool here = strcmp(r->path, NAV[i].path) == 0;
            /* At phone width the brand is the way home: the start page's
             * own item gives its row to the others (kopa.css, .home). */
            html_raw_trusted(h, strcmp(NAV[i].path, "/") == 0 ? "<li class=\"home\"><a href=\"" : "<li><a href=\"");
            html_url_path(h, NAV[i].path);
            html_raw_trusted(h, here ? "\" aria-current=\"page\">" : "\">");
            html_text(h, KP_S(r, NAV[i].label));
            html_raw_trusted(h, "</a></li>");
        }
        html_raw_trusted(h, "</ul></nav>\n<div class=\"who\"><span><span class=\"wide\">");
        html_text(h, KP_S(r, S_LOGGED_IN_AS));
        html_raw_trusted(h, ": </span><strong>");
        html_text(h, r->session->user.username);
        html_raw_trusted(h, "</strong><span class=\"wide\"> (");
        html_text(h, kp_role_label(r, r->session->user.role));
        html_raw_trusted(h, ")</span></span> <form method=\"post\" action=\"/logout\">");
        kp_form_csrf(r);
        html_raw_trusted(h, "<button type=\"submit\" class=\"link\">");
        html_text(h, KP_S(r, S_LOGOUT));
        html_raw_trusted(h, "</button></form></div>\n");
    }
    lang_switch(r);
    html_raw_trusted(h, "\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
    crumbs(r, title);
}

void kp_page_end(kp_req *r)
{
    html_raw_trusted(&r->out, "</main>\n<footer class=\"bottom\"><p>");
    html_text(&r->out, KP_S(r, S_FOOTER));
    html_raw_trusted(&r->out, "</p></footer>\n</body>\n</html>\n");
}

void kp_notice(kp_req *r, const char *text)
{
    html_raw_trusted(&r->out, "<p class=\"notice\" role=\"status\">");
    html_text(&r->out, text);
    html_raw_trusted(&r->out, "</p>\n");
}

void kp_form_errors(kp_req *r)
{
    if (r->draft_restored && r->errors.n == 0 && !r->csrf_stale) {
        kp_notice(r, KP_S(r, S_DRAFT_RESTORED));
        return;
    }
    if (r->errors.n == 0 && !r->csrf_stale)
        return;
    html_raw_trusted(&r->out, "<div class=\"errors\" role=\"alert\">");
    if (r->csrf_stale) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_CSRF_STALE));
        html_raw_trusted(&r->out, "</p>");
    }
    if (r->errors.n) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_FIELD_ERRORS));
        html_raw_trusted(&r->out, "</p><ul>");
        for (size_t i = 0; i < r->errors.n; i++) {
            html_raw_trusted(&r->out, "<li><a href=\"#f-");
            html_attr(&r->out, r->errors.items[i].field);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, r->errors.items[i].message);
            html_raw_trusted(&r->out, "</a></li>");
        }
        html_raw_trusted(&r->out, "</ul>");
    }
    html_raw_trusted(&r->out, "</div>\n");
}

void kp_td_value_year(kp_req *r, bool given, int64_t v, int64_t year)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    if (!given) {
        html_raw_trusted(&r->out, "—");
    } else {
        html_int(&r->out, v);
        if (year) {
            html_raw_trusted(&r->out, " (");
            html_int(&r->out, year);
            html_raw_trusted(&r->out, ")");
        }
    }
    html_raw_trusted(&r->out, "</td>");
}

void kp_form_select_open(kp_req *r, const char *name, const char *label, const char *hint, bool required)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, label);
    if (required)
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
    html_raw_trusted(h, "</label>");
    if (hint) {
        html_raw_trusted(h, "<p class=\"hint\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-hint\">");
        html_text(h, hint);
        html_raw_trusted(h, "</p>");
    }
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<select id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    html_raw_trusted(h, required ? "\" required" : "\"");
    if (err || hint) {
        html_raw_trusted(h, err ? " aria-invalid=\"true\" aria-describedby=\"" : " aria-describedby=\"");
        if (hint) {
            html_raw_trusted(h, "f-");
            html_attr(h, name);
            html_raw_trusted(h, err ? "-hint " : "-hint");
        }
        if (err) {
            html_raw_trusted(h, "f-");
            html_attr(h, name);
            html_raw_trusted(h, "-err");
        }
        html_raw_trusted(h, "\"");
    }
    html_raw_trusted(h, ">");
}

void kp_form_option(kp_req *r, const char *value, const char *label, bool selected)
{
    html_raw_trusted(&r->out, "<option value=\"");
    html_attr(&r->out, value);
    html_raw_trusted(&r->out, selected ? "\" selected>" : "\">");
    html_text(&r->out, label);
    html_raw_trusted(&r->out, "</option>");
}

void kp_form_field(kp_req *r, const char *name, const char *label, const char *type, const char *value,
                   const char *hint, bool required)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    bool secret = type && strcmp(type, "password") == 0;
    html_raw_trusted(h, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, label);
    if (required)
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
    html_raw_trusted(h, "</label>");
    if (hint) {
        html_raw_trusted(h, "<p class=\"hint\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-hint\">");
        html_text(h, hint);
        html_raw_trusted(h, "</p>");
    }
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<input id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    /* Dates are typed the Latvian way (dd.mm.gggg.), the same in every
     * browser: a text field that the router reads as a date (ISO too). */
    bool date = type && strcmp(type, "date") == 0;
    html_raw_trusted(h, "\" type=\"");
    html_attr(h, date ? "text" : type ? type : "text");
    html_raw_trusted(h, "\"");
    if (date)
        html_raw_trusted(h, " inputmode=\"numeric\" autocomplete=\"off\" class=\"date\"");
    if (value && !secret) {
        html_raw_trusted(h, " value=\"");
        html_attr(h, date ? kp_fmt_date(r, value) : value);
        html_raw_trusted(h, "\"");
    }
    if (required)
        html_raw_trusted(h, " required");
    if (err)
        html_raw_trusted(h, " aria-invalid=\"true\"");
    if (hint || err) {
        html_raw_trusted(h, " aria-describedby=\"");
        if (hint) {
            html_raw_trusted(h, "f-");
            html_attr(h, name);
            html_raw_trusted(h, "-hint");
        }
        if (err) {
            html_raw_trusted(h, hint ? " f-" : "f-");
            html_attr(h, name);
            html_raw_trusted(h, "-err");
        }
        html_raw_trusted(h, "\"");
    }
    html_raw_trusted(h, "></div>\n");
}
