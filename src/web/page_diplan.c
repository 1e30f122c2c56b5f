/* The DI plan of a region as it stood on a date (GET /di-plan): its objects
 * with address, municipality, target group, service, places, status, the
 * money of every source, the cost per place and completion, and its
 * amendments with their decisions and texts. The coordinator keeps it
 * (links to the forms); the ministry and administrators read any region's. */
#include "web/pages.h"
#include "web/diplan_view.h"
#include "service/territory.h"
#include <stdio.h>
#include <string.h>

static void raw(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, s);
}

static void th(kp_req *r, const char *label, bool numeric)
{
    raw(r, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, label);
    raw(r, "</th>");
}

/* A cell that names its column when a narrow screen stacks the table. */
static void td(kp_req *r, const char *label, const char *text, bool numeric)
{
    raw(r, numeric ? "<td class=\"num\" data-label=\"" : "<td data-label=\"");
    html_attr(&r->out, label);
    raw(r, "\">");
    html_text(&r->out, text && text[0] ? text : "—");
    raw(r, "</td>");
}

static const char *service_name(const kp_options *o, const char *code)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->items[i].code, code) == 0)
            return o->items[i].name;
    return code;
}

/* Text with its line breaks as paragraphs. */
static void paragraphs(kp_req *r, const char *text)
{
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n) {
            raw(r, "<p>");
            html_text(&r->out, kp_arena_printf(&r->arena, "%.*s", (int)n, p));
            raw(r, "</p>");
        }
        p = nl ? nl + 1 : NULL;
    }
}

static void date_form(kp_req *r, const char *region, const char *at)
{
    raw(r, "<form method=\"get\" action=\"/di-plan\" class=\"panel\">");
    if (r->ctx.role != KP_ROLE_REGION) {
        kp_form_field(r, "region", dp_s(r, DP_REGION), "text", region, NULL, true);
    }
    kp_form_field(r, "at", dp_s(r, DP_AT), "date", at, NULL, true);
    raw(r, "<button type=\"submit\">");
    html_text(&r->out, dp_s(r, DP_SHOW));
    raw(r, "</button></form>\n");
}

static void objects_table(kp_req *r, const kp_diplan *p, const kp_options *services, const kp_territories *t,
                          const char *at)
{
    kp_html *h = &r->out;
    int64_t places = 0;
    kp_cents erdf = 0, all = 0;
    for (size_t i = 0; i < p->n; i++) {
        const kp_diplan_object *o = &p->objects[i];
        places += o->places > 0 ? o->places : 0;
        erdf += o->erdf;
        all += o->erdf + o->state + o->municipal + o->other;
    }
    raw(r, "<p>");
    html_text(h, kp_arena_printf(&r->arena, DP_F(r, SUMMARY), p->n, (long long)places, kp_fmt_money(r, erdf),
                                 kp_fmt_money(r, all)));
    raw(r, "</p>\n<div class=\"scroll\" tabindex=\"0\"><table class=\"stack\" id=\"di-objects\">\n<thead><tr>");
    static const dp_key COLS[] = {DP_NAME,  DP_ADDRESS, DP_MUNICIPALITY, DP_GROUP, DP_SERVICE,       DP_PLACES,
                                  DP_STATUS, DP_ERDF,   DP_OTHER,        DP_COST_PER_PLACE, DP_PLANNED, DP_ACTUAL};
    for (size_t c = 0; c < sizeof COLS / sizeof COLS[0]; c++)
        th(r, dp_s(r, COLS[c]), c == 5 || c == 7 || c == 8 || c == 9);
    raw(r, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < p->n; i++) {
        const kp_diplan_object *o = &p->objects[i];
        raw(r, "<tr><td data-label=\"");
        html_attr(h, dp_s(r, DP_NAME));
        raw(r, "\"><a href=\"/di-plan/objects/");
        html_int(h, o->id);
        raw(r, "?at=");
        html_url_arg(h, at);
        raw(r, "\">");
        html_text(h, o->name);
        raw(r, "</a></td>");
        td(r, dp_s(r, DP_ADDRESS), o->address, false);
        const kp_terr *m = kp_territories_find(t, o->municipality_id);
        td(r, dp_s(r, DP_MUNICIPALITY), m ? m->name : "", false);
        td(r, dp_s(r, DP_GROUP), kp_label(r, KP_LABEL_GROUP, o->target_group), false);
        td(r, dp_s(r, DP_SERVICE), service_name(services, o->service), false);
        td(r, dp_s(r, DP_PLACES), o->places >= 0 ? kp_arena_printf(&r->arena, "%lld", (long long)o->places) : "",
           true);
        td(r, dp_s(r, DP_STATUS), dp_status(r, o->status), false);
        td(r, dp_s(r, DP_ERDF), kp_fmt_money(r, o->erdf), true);
        td(r, dp_s(r, DP_OTHER), kp_fmt_money(r, o->state + o->municipal + o->other), true);
        td(r, dp_s(r, DP_COST_PER_PLACE), o->cost_per_place >= 0 ? kp_fmt_money(r, o->cost_per_place) : "", true);
        td(r, dp_s(r, DP_PLANNED), o->planned_completion[0] ? kp_fmt_date(r, o->planned_completion) : "", false);
        td(r, dp_s(r, DP_ACTUAL), o->actual_completion[0] ? kp_fmt_date(r, o->actual_completion) : "", false);
        raw(r, "</tr>\n");
    }
    raw(r, "</tbody></table></div>\n<p class=\"hint\">");
    html_text(h, dp_s(r, DP_COST_PER_PLACE));
    raw(r, ": ");
    html_text(h, dp_s(r, DP_COST_HINT));
    raw(r, "</p>\n");
}

static void amendments(kp_req *r, const kp_diplan *p)
{
    kp_html *h = &r->out;
    raw(r, "<section aria-labelledby=\"amendments-h\"><h2 id=\"amendments-h\">");
    html_text(h, dp_s(r, DP_AMENDMENTS_LIST));
    raw(r, "</h2>\n");
    if (!p->namendments) {
        raw(r, "<p>");
        html_text(h, dp_s(r, DP_NO_AMENDMENTS));
        raw(r, "</p>\n");
    }
    for (size_t i = 0; i < p->namendments; i++) {
        const kp_diplan_amendment *a = &p->amendments[i];
        raw(r, "<article class=\"panel amendment\" id=\"amendment-");
        html_int(h, a->number);
        raw(r, "\"><h3>");
        html_text(h, kp_arena_printf(&r->arena, DP_F(r, AMENDMENT_NO), a->number));
        raw(r, "</h3>\n<dl><dt>");
        html_text(h, dp_s(r, DP_FROM));
        raw(r, "</dt><dd>");
        html_text(h, kp_fmt_date(r, a->approved_on));
        raw(r, "</dd>");
        if (a->decision_no[0] || a->decision_on[0]) {
            raw(r, "<dt>");
            html_text(h, dp_s(r, DP_DECISION));
            raw(r, "</dt><dd>");
            html_text(h, a->decision_no);
            if (a->decision_on[0]) {
                raw(r, a->decision_no[0] ? ", " : "");
                html_text(h, kp_fmt_date(r, a->decision_on));
            }
            raw(r, "</dd>");
        }
        raw(r, "<dt>");
        html_text(h, dp_s(r, DP_REASON));
        raw(r, "</dt><dd>");
        html_text(h, a->reason);
        raw(r, "</dd><dt>");
        html_text(h, dp_s(r, DP_OBJECTS));
        raw(r, "</dt><dd>");
        html_text(h, kp_arena_printf(&r->arena, DP_F(r, CHANGES_N), a->nchanges));
        raw(r, "</dd></dl>\n");
        if (a->text && a->text[0]) {
            raw(r, "<div class=\"amendment-text\">");
            paragraphs(r, a->text);
            raw(r, "</div>\n");
        }
        raw(r, "</article>\n");
    }
    raw(r, "</section>\n");
}

int page_diplan(kp_req *r)
{
    int status = 500;
    const char *region = dp_region(r);
    if (!region)
        return kp_error(r, 404);
    char at[11];
    kp_date d = dp_at(r, at);
    kp_diplan p;
    kp_rc rc = kp_diplan_at(&r->ctx, region, d, 0, &p);
    if (rc)
        return kp_error(r, kp_status_for(rc)); /* another region: 404 */
    kp_options services;
    kp_territories terr;
    rc = kp_cw_service_options(&r->ctx, &services);
    if (!rc) {
        rc = kp_territories_load(&r->ctx, &terr);
        if (rc)
            kp_options_free(&services);
    }
    if (rc) {
        kp_diplan_free(&p);
        return kp_error(r, kp_status_for(rc));
    }
    kp_html *h = &r->out;
    kp_page_begin(r, dp_s(r, DP_TITLE));
    raw(r, "<h1>");
    html_text(h, dp_s(r, DP_TITLE));
    raw(r, " — ");
    html_text(h, region);
    raw(r, "</h1>\n<p>");
    html_text(h, dp_s(r, DP_INTRO));
    raw(r, "</p>\n");
    if (kp_in(r, "saved"))
        kp_notice(r, dp_s(r, DP_SAVED));
    date_form(r, region, at);
    if (r->ctx.role == KP_ROLE_REGION) {
        raw(r, "<p><a class=\"button\" href=\"/di-plan/objects/new\">");
        html_text(h, dp_s(r, DP_NEW_OBJECT));
        raw(r, "</a> <a class=\"button\" href=\"/di-plan/amendments/new\">");
        html_text(h, dp_s(r, DP_NEW_AMENDMENT));
        raw(r, "</a></p>\n");
    }
    raw(r, "<section aria-labelledby=\"objects-h\"><h2 id=\"objects-h\">");
    html_text(h, dp_s(r, DP_OBJECTS));
    raw(r, "</h2>\n");
    if (!p.n) {
        raw(r, "<p>");
        html_text(h, dp_s(r, DP_NO_OBJECTS));
        raw(r, "</p>\n");
    } else {
        objects_table(r, &p, &services, &terr, at);
    }
    raw(r, "</section>\n");
    amendments(r, &p);
    kp_options_free(&services);
    kp_territories_free(&terr);
    kp_diplan_free(&p);
    kp_page_end(r);
    status = 200;
    return status;
}
