/* Approving a support plan version asks first: a confirmation page says
 * what will happen (this version comes into force on the date, the one in
 * force is superseded, the approved plan is changed only by a new version)
 * and a POSTed confirm approves it through KP_CMD_APPROVE_PLAN (commands.h),
 * as the API does. The card's approve button leads here. No JavaScript. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include <stdio.h>
#include <string.h>

int page_plan_approve(kp_req *r);
int page_plan_approve_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Apstiprināt atbalsta plānu?", "Approve the support plan?")                                           \
    X(T_FOR, "Klients", "Client")                                                                                    \
    X(T_WHAT, "Kas notiks, apstiprinot:", "What approving does:")                                                    \
    X(T_IN_FORCE, "plāna versija %s stāsies spēkā ar %s;", "plan version %s comes into force on %s;")                 \
    X(T_SUPERSEDES, "līdz šim spēkā esošā versija %s tiks aizstāta un paliks vēsturē;",                              \
      "version %s, in force until now, is superseded and stays in the history;")                                   \
    X(T_FROZEN, "apstiprinātu plānu vairs nevar mainīt: izmaiņām būs jāizveido jauna versija;",                       \
      "an approved plan cannot be changed any more: a change needs a new version;")                               \
    X(T_REVIEW, "plāns jāpārskata līdz %s.", "the plan is to be reviewed by %s.")                                    \
    X(T_NO_REVIEW, "plānam nav pārskatīšanas datuma: to nevar apstiprināt, kamēr datums nav ierakstīts.",             \
      "the plan has no review date: it cannot be approved until one is filled in.")                               \
    X(T_SERVICES, "Plāna pakalpojumi", "Services of the plan")                                                       \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_VOLUME, "Apjoms", "Volume")                                                                                  \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                           \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_NONE, "nav norādīts", "not given")                                                                           \
    X(T_APPROVE_ON, "Apstiprināšanas datums", "Approval date")                                                       \
    X(T_DATE_HINT, "Formāts: GGGG-MM-DD", "Format: YYYY-MM-DD")                                                      \
    X(T_CONFIRM, "Jā, apstiprināt plānu", "Yes, approve the plan")                                                   \
    X(T_EDIT, "Labot plānu (pārskatīšanas datums)", "Edit the plan (review date)")                                  \
    X(T_CANCEL, "Nē, atpakaļ uz klienta kartīti", "No, back to the client card")

KP_PAGE_STRINGS(STRINGS);

/* A sentence with "%s" holes filled by a and b, as text. */
static void sentence(kp_req *r, int k, const char *a, const char *b)
{
    const char *msg = t(r, k);
    const char *p1 = strstr(msg, "%s");
    kp_html *h = &r->out;
    html_raw_trusted(h, "<li>");
    if (!p1) {
        html_text(h, msg);
    } else {
        html_text(h, kp_arena_strndup(&r->arena, msg, (size_t)(p1 - msg)));
        html_text(h, a);
        const char *p2 = strstr(p1 + 2, "%s");
        if (p2) {
            html_text(h, kp_arena_strndup(&r->arena, p1 + 2, (size_t)(p2 - p1 - 2)));
            html_text(h, b);
            html_text(h, p2 + 2);
        } else {
            html_text(h, p1 + 2);
        }
    }
    html_raw_trusted(h, "</li>");
}

static void cell(kp_req *r, const char *text)
{
    html_raw_trusted(&r->out, "<td>");
    html_text(&r->out, text);
    html_raw_trusted(&r->out, "</td>");
}

static int render(kp_req *r)
{
    int64_t plan_id = kp_in_int(r, "plan_id", 0);
    kp_card c;
    kp_rc rc = kp_card_load(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    const kp_card_plan *p = NULL, *current = NULL;
    for (size_t i = 0; i < c.n_plans; i++) {
        if (c.plans[i].id == plan_id)
            p = &c.plans[i];
        if (strcmp(c.plans[i].status, "approved") == 0)
            current = &c.plans[i];
    }
    /* Another client's plan answers as an unknown one. */
    if (!p) {
        kp_card_free(&c);
        return kp_error(r, 404);
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    bool post = strcmp(r->method, "POST") == 0;
    const char *on = post ? kp_in(r, "approved_on") : NULL;
    if (!on || !*on)
        on = today;
    const char *token = post ? kp_in(r, "form_token") : NULL;
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_FOR));
    html_raw_trusted(h, ": <a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, c.client.given_name);
    html_raw_trusted(h, " ");
    html_text(h, c.client.family_name);
    html_raw_trusted(h, "</a></p>\n");
    kp_form_errors(r);
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_WHAT));
    html_raw_trusted(h, "</p><ul>");
    const char *version = kp_arena_printf(&r->arena, "%d", p->version);
    sentence(r, T_IN_FORCE, version, kp_fmt_date(r, on));
    if (current && current != p)
        sentence(r, T_SUPERSEDES, kp_arena_printf(&r->arena, "%d", current->version), NULL);
    sentence(r, T_FROZEN, NULL, NULL);
    if (p->review_on[0])
        sentence(r, T_REVIEW, kp_fmt_date(r, p->review_on), NULL);
    else
        sentence(r, T_NO_REVIEW, NULL, NULL);
    html_raw_trusted(h, "</ul>\n<h2>");
    html_text(h, t(r, T_SERVICES));
    html_raw_trusted(h, "</h2>\n<div class=\"table-scroll\"><table><thead><tr>");
    static const int HEAD[] = {T_SERVICE, T_VOLUME, T_PROVIDER, T_PERIOD};
    for (size_t i = 0; i < 4; i++) {
        html_raw_trusted(h, "<th scope=\"col\">");
        html_text(h, t(r, HEAD[i]));
        html_raw_trusted(h, "</th>");
    }
    html_raw_trusted(h, "</tr></thead><tbody>\n");
    for (size_t k = 0; k < p->n_items; k++) {
        const kp_card_item *it = &p->items[k];
        html_raw_trusted(h, "<tr>");
        cell(r, it->service_name);
        cell(r, kp_arena_printf(&r->arena, "%lld", (long long)it->volume));
        cell(r, it->provider[0] ? it->provider : t(r, T_NONE));
        cell(r, kp_arena_printf(&r->arena, "%s – %s", kp_fmt_date(r, it->start_date), kp_fmt_date(r, it->end_date)));
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></div>\n<form method=\"post\" action=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "/plan/approve\" class=\"panel\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"plan_id\" value=\"");
    html_int(h, p->id);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"confirm\" value=\"1\">\n");
    kp_form_field(r, "approved_on", t(r, T_APPROVE_ON), "date", on, t(r, T_DATE_HINT), true);
    html_raw_trusted(h, "<p>");
    if (p->review_on[0]) {
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, t(r, T_CONFIRM));
        html_raw_trusted(h, "</button> ");
    } else {
        html_raw_trusted(h, "<a href=\"/clients/");
        html_int(h, c.client.id);
        html_raw_trusted(h, "/plan\">");
        html_text(h, t(r, T_EDIT));
        html_raw_trusted(h, "</a> ");
    }
    html_raw_trusted(h, "<a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_card_free(&c);
    kp_page_end(r);
    return 200;
}

int page_plan_approve(kp_req *r)
{
    return render(r);
}

int page_plan_approve_submit(kp_req *r)
{
    const char *confirm = kp_in(r, "confirm");
    if (!confirm || strcmp(confirm, "1") != 0)
        return render(r); /* from the card: ask first */
    kp_cmd_approve in = {.client_id = r->path_id, .plan_id = kp_in_int(r, "plan_id", 0),
                         .approved_on = kp_in(r, "approved_on")};
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_APPROVE_PLAN, &in, sizeof in, kp_in(r, "form_token"), r->now, &r->errors,
                          NULL, NULL);
    if (rc == KP_EINVAL) {
        int st = render(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
}
