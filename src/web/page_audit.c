/* The administrator's audit viewer: filter by user, client id, action and
 * dates; newest first, 50 a page. */
#include "web/pages.h"
#include "service/casework/queries.h"
#include "web/listing.h"
#include <stdio.h>
#include <string.h>


static void filter_field(kp_req *r, const char *name, kp_str_key label, const char *type, const char *hint)
{
    kp_form_field(r, name, KP_S(r, label), type, kp_in(r, name), hint, false);
}

static const char *const KEEP[] = {"user", "client", "action", "from", "to", NULL};
static const char *const SORTS[] = {"oldest", NULL};

/* The action filter: a choice of actions in words. */
static void action_field(kp_req *r)
{
    kp_html *h = &r->out;
    const char *cur = kp_in(r, "action");
    html_raw_trusted(h, "<div class=\"field\"><label for=\"f-action\">");
    html_text(h, KP_S(r, S_AUDIT_ACTION));
    html_raw_trusted(h, "</label><select id=\"f-action\" name=\"action\"><option value=\"\"></option>");
    for (size_t i = 0; kp_label_code_at(KP_LABEL_ACTION, i); i++) {
        const char *a = kp_label_code_at(KP_LABEL_ACTION, i);
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, a);
        html_raw_trusted(h, cur && strcmp(cur, a) == 0 ? "\" selected>" : "\">");
        html_text(h, kp_label(r, KP_LABEL_ACTION, a));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>\n");
}

int page_audit(kp_req *r)
{
    int status = 500;
    kp_list l;
    kp_list_init(r, &l, "/admin/audit", KEEP, SORTS);
    /* A long trail: 50 a page unless 100 is asked for. */
    if (l.per == KP_LIST_PER_DEFAULT && !kp_in(r, "per"))
        l.per = 50;
    kp_audit_filter f = {
        .actor = kp_in(r, "user"),
        .client_id = kp_in_int(r, "client", 0),
        .action = kp_in(r, "action"),
        .from = kp_in(r, "from"),
        .to = kp_in(r, "to"),
        .limit = (size_t)l.per,
        .offset = kp_list_offset(&l),
        .oldest_first = strcmp(l.sort, "oldest") == 0,
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
    action_field(r);
    filter_field(r, "from", S_AUDIT_FROM, "date", KP_S(r, S_DATE_HINT));
    filter_field(r, "to", S_AUDIT_TO, "date", KP_S(r, S_DATE_HINT));
    html_raw_trusted(&r->out, "<div class=\"field\"><button type=\"submit\">");
    html_text(&r->out, KP_S(r, S_AUDIT_FILTER));
    html_raw_trusted(&r->out, "</button></div>\n</form>\n");
    l.total = rows.total;
    kp_list_summary(r, &l, rows.n);
    if (rows.n == 0) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_AUDIT_NONE));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        static const kp_str_key HEAD[] = {S_AUDIT_AT,     S_AUDIT_USER,   S_AUDIT_ROLE,  S_AUDIT_ACTION,
                                          S_AUDIT_ENTITY, S_AUDIT_CLIENT, S_AUDIT_DETAIL};
        html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n<caption class=\"skip\">");
        html_text(&r->out, KP_S(r, S_AUDIT_TITLE));
        html_raw_trusted(&r->out, "</caption>\n<thead><tr>");
        for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++) {
            if (i == 0) {
                /* Newest first; the head turns it round. */
                kp_list th = l;
                th.sort = strcmp(l.sort, "oldest") == 0 ? "" : "oldest";
                html_raw_trusted(&r->out, "<th scope=\"col\" aria-sort=\"");
                html_raw_trusted(&r->out, *l.sort ? "ascending" : "descending");
                html_raw_trusted(&r->out, "\"><a href=\"");
                html_attr(&r->out, kp_list_url(r, &th, 1, th.sort, false));
                html_raw_trusted(&r->out, "\">");
                html_text(&r->out, KP_S(r, HEAD[i]));
                html_raw_trusted(&r->out, *l.sort ? " <span aria-hidden=\"true\">▲</span>" : " <span aria-hidden=\"true\">▼</span>");
                html_raw_trusted(&r->out, "</a></th>");
                continue;
            }
            html_raw_trusted(&r->out, "<th scope=\"col\">");
            html_text(&r->out, KP_S(r, HEAD[i]));
            html_raw_trusted(&r->out, "</th>");
        }
        html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < rows.n; i++) {
            const kp_audit_row *a = &rows.items[i];
            html_raw_trusted(&r->out, "<tr><td>");
            /* Local time in Riga, as people read a clock. */
            html_text(&r->out, kp_fmt_time(r, a->at));
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, a->actor);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, kp_label(r, KP_LABEL_ROLE, a->role));
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, kp_label(r, KP_LABEL_ACTION, a->action));
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, kp_label(r, KP_LABEL_ENTITY, a->entity));
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
        html_raw_trusted(&r->out, "</tbody>\n</table>\n</div>\n");
        kp_list_pager(r, &l, NULL);
    }
    kp_audit_rows_free(&rows);
    kp_page_end(r);
    status = 200;
    return status;
}
