/* The administrator's audit viewer: filter by user, client id, action and
 * dates; newest first, 50 a page. */
#include "web/pages.h"
#include "service/casework/queries.h"
#include <stdio.h>
#include <string.h>

#define PER_PAGE 50

static void filter_field(kp_req *r, const char *name, kp_str_key label, const char *type, const char *hint)
{
    kp_form_field(r, name, KP_S(r, label), type, kp_in(r, name), hint, false);
}

/* A link to another page of the same filter. */
static void page_link(kp_req *r, int64_t page, kp_str_key label)
{
    static const char *const KEYS[] = {"user", "client", "action", "from", "to"};
    html_raw_trusted(&r->out, "<a href=\"/admin/audit?page=");
    html_int(&r->out, page);
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        const char *v = kp_in(r, KEYS[i]);
        if (!v || !*v)
            continue;
        html_raw_trusted(&r->out, "&amp;");
        html_raw_trusted(&r->out, KEYS[i]);
        html_raw_trusted(&r->out, "=");
        html_url_arg(&r->out, v);
    }
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, KP_S(r, label));
    html_raw_trusted(&r->out, "</a>");
}

int page_audit(kp_req *r)
{
    int status = 500;
    int64_t page = kp_in_int(r, "page", 1);
    if (page < 1)
        page = 1;
    kp_audit_filter f = {
        .actor = kp_in(r, "user"),
        .client_id = kp_in_int(r, "client", 0),
        .action = kp_in(r, "action"),
        .from = kp_in(r, "from"),
        .to = kp_in(r, "to"),
        .limit = PER_PAGE,
        .offset = (size_t)(page - 1) * PER_PAGE,
    };
    kp_audit_rows rows;
    kp_rc rc = kp_audit_query(&r->ctx, &f, &rows);
    if (rc)
        return kp_error(r, kp_status_for(rc));

    kp_page_begin(r, KP_S(r, S_AUDIT_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_AUDIT_TITLE));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, KP_S(r, S_AUDIT_INTRO));
    html_raw_trusted(&r->out, "</p>\n<form method=\"get\" action=\"/admin/audit\" class=\"panel filters\">\n");
    filter_field(r, "user", S_AUDIT_USER, "text", NULL);
    filter_field(r, "client", S_AUDIT_CLIENT, "text", NULL);
    filter_field(r, "action", S_AUDIT_ACTION, "text", NULL);
    filter_field(r, "from", S_AUDIT_FROM, "date", KP_S(r, S_DATE_HINT));
    filter_field(r, "to", S_AUDIT_TO, "date", KP_S(r, S_DATE_HINT));
    html_raw_trusted(&r->out, "<div class=\"field\"><button type=\"submit\">");
    html_text(&r->out, KP_S(r, S_AUDIT_FILTER));
    html_raw_trusted(&r->out, "</button></div>\n</form>\n<p role=\"status\">");
    html_text(&r->out, KP_S(r, S_AUDIT_COUNT));
    html_raw_trusted(&r->out, ": ");
    html_int(&r->out, (int64_t)rows.total);
    html_raw_trusted(&r->out, "</p>\n");
    if (rows.n == 0) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_AUDIT_NONE));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        static const kp_str_key HEAD[] = {S_AUDIT_AT,     S_AUDIT_USER,   S_AUDIT_ROLE,  S_AUDIT_ACTION,
                                          S_AUDIT_ENTITY, S_AUDIT_CLIENT, S_AUDIT_DETAIL};
        html_raw_trusted(&r->out, "<table>\n<caption class=\"skip\">");
        html_text(&r->out, KP_S(r, S_AUDIT_TITLE));
        html_raw_trusted(&r->out, "</caption>\n<thead><tr>");
        for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++) {
            html_raw_trusted(&r->out, "<th scope=\"col\">");
            html_text(&r->out, KP_S(r, HEAD[i]));
            html_raw_trusted(&r->out, "</th>");
        }
        html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < rows.n; i++) {
            const kp_audit_row *a = &rows.items[i];
            html_raw_trusted(&r->out, "<tr><td>");
            html_text(&r->out, kp_fmt_date(r, a->at));
            html_raw_trusted(&r->out, " ");
            html_text(&r->out, strlen(a->at) >= 19 ? kp_arena_strndup(&r->arena, a->at + 11, 8) : "");
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->actor);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->role);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->action);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->entity);
            if (a->entity_id) {
                html_raw_trusted(&r->out, " ");
                html_int(&r->out, a->entity_id);
            }
            html_raw_trusted(&r->out, "</td><td class=\"num\">");
            if (a->client_id) {
                html_raw_trusted(&r->out, "<a href=\"/admin/audit?client=");
                html_int(&r->out, a->client_id);
                html_raw_trusted(&r->out, "\">");
                html_int(&r->out, a->client_id);
                html_raw_trusted(&r->out, "</a>");
            }
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->detail);
            html_raw_trusted(&r->out, "</td></tr>\n");
        }
        html_raw_trusted(&r->out, "</tbody>\n</table>\n<nav class=\"pager\" aria-label=\"");
        html_attr(&r->out, KP_S(r, S_AUDIT_TITLE));
        html_raw_trusted(&r->out, "\">");
        if (page > 1)
            page_link(r, page - 1, S_PREV_PAGE);
        if ((size_t)page * PER_PAGE < rows.total)
            page_link(r, page + 1, S_NEXT_PAGE);
        html_raw_trusted(&r->out, "</nav>\n");
    }
    kp_audit_rows_free(&rows);
    kp_page_end(r);
    status = 200;
    return status;
}
