/* Municipal head: how clients are spread among the social workers, one
 * worker's (or the unassigned) clients, and reassigning a client to another
 * worker of the municipality (POST /caseloads/reassign). */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/check_panel.h"
#include "web/listing.h"
#include "service/casework/casework.h"
#include "web/person_form.h"
#include <stdio.h>
#include <string.h>

int page_caseloads(kp_req *r);
int page_caseloads_reassign(kp_req *r);

#define PER_PAGE 50

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Darba slodze", "Caseloads")                                                                          \
    X(T_INTRO, "Klienti pa sociālajiem darbiniekiem. Izvēlieties darbinieku, lai redzētu un pārdalītu viņa klientus.", \
      "Clients by social worker. Choose a worker to see and reassign their clients.")                              \
    X(T_WORKER, "Sociālais darbinieks", "Social worker")                                                             \
    X(T_CLIENTS, "Klienti", "Clients")                                                                               \
    X(T_REVIEWS, "Plāni jāpārskata (30 dienās)", "Plans to review (30 days)")                                         \
    X(T_UNASSIGNED, "Bez atbildīgā darbinieka", "Without a responsible worker")                                      \
    X(T_DISABLED, "(atspējots)", "(disabled)")                                                                       \
    X(T_NONE, "Šajā sarakstā klientu nav.", "No clients in this list.")                                              \
    X(T_NAME, "Klients", "Client")                                                                                   \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_MOVE, "Nodot darbiniekam", "Hand over to")                                                                   \
    X(T_MOVE_BUTTON, "Nodot", "Hand over")                                                                           \
    X(T_MOVED, "Klients nodots citam darbiniekam.", "The client was handed over.")                                  \
    X(T_PREV, "Iepriekšējā lapa", "Previous page")                                                                   \
    X(T_NEXT, "Nākamā lapa", "Next page")

KP_PAGE_STRINGS(STRINGS);

static void th(kp_req *r, int k, bool numeric)
{
    html_raw_trusted(&r->out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static void worker_link(kp_req *r, int64_t id, const char *label, bool here)
{
    html_raw_trusted(&r->out, "<a href=\"/caseloads?worker=");
    html_int(&r->out, id);
    html_raw_trusted(&r->out, here ? "\" aria-current=\"true\"><strong>" : "\">");
    html_text(&r->out, label);
    html_raw_trusted(&r->out, here ? "</strong></a>" : "</a>");
}

static const char *const LIST_KEEP[] = {"worker", NULL};

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    bool get = strcmp(r->method, "GET") == 0;
    int64_t worker = get ? kp_in_int(r, "worker", -1) : kp_in_int(r, "back", -1);
    kp_list l;
    kp_list_init(r, &l, "/caseloads", LIST_KEEP, NULL);
    if (!get)
        l.page = 1;
    if (l.per == KP_LIST_PER_DEFAULT && !(get && kp_in(r, "per")))
        l.per = PER_PAGE;
    kp_worker_loads loads;
    kp_rc rc = kp_caseload_by_worker(&r->ctx, 0, &loads);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_cw_clients list;
    memset(&list, 0, sizeof list);
    if (worker >= 0) {
        rc = kp_caseload_clients(&r->ctx, 0, worker, (size_t)l.per, kp_list_offset(&l), &list);
        if (rc) {
            kp_worker_loads_free(&loads);
            return kp_error(r, kp_status_for(rc));
        }
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (notice)
        kp_notice(r, notice);
    kp_form_errors(r);
    /* People moving in or out (moves_notice.c). */
    rc = kp_moves_notice(r);
    if (rc) {
        kp_cw_clients_free(&list);
        kp_worker_loads_free(&loads);
        return kp_error(r, kp_status_for(rc));
    }
    kp_check_panel(r);
    kp_intake_link(r); /* new applications made online (page_intake.c) */
    html_raw_trusted(h, "<table>\n<thead><tr>");
    th(r, T_WORKER, false);
    th(r, T_CLIENTS, true);
    th(r, T_REVIEWS, true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < loads.n; i++) {
        const kp_worker_load *w = &loads.items[i];
        html_raw_trusted(h, "<tr><td>");
        worker_link(r, w->user_id, w->username, worker == w->user_id);
        if (w->disabled) {
            html_raw_trusted(h, " ");
            html_text(h, t(r, T_DISABLED));
        }
        html_raw_trusted(h, "</td><td class=\"num\">");
        html_int(h, w->clients);
        html_raw_trusted(h, "</td><td class=\"num\">");
        html_int(h, w->reviews_due);
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "<tr><td>");
    worker_link(r, 0, t(r, T_UNASSIGNED), worker == 0);
    html_raw_trusted(h, "</td><td class=\"num\">");
    html_int(h, loads.unassigned);
    html_raw_trusted(h, "</td><td></td></tr>\n</tbody></table>\n");

    if (worker >= 0) {
        const char *who = t(r, T_UNASSIGNED);
        for (size_t i = 0; i < loads.n; i++)
            if (loads.items[i].user_id == worker)
                who = loads.items[i].username;
        html_raw_trusted(h, "<h2>");
        html_text(h, who);
        html_raw_trusted(h, "</h2>\n");
        l.total = list.total;
        kp_list_summary(r, &l, list.n);
        if (!list.n) {
            html_raw_trusted(h, "<p>");
            html_text(h, t(r, T_NONE));
            html_raw_trusted(h, "</p>\n");
        } else {
            html_raw_trusted(h, "<div class=\"table-wrap\"><table>\n<thead><tr>");
            th(r, T_NAME, false);
            th(r, T_BIRTH, false);
            th(r, T_MOVE, false);
            html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
            for (size_t i = 0; i < list.n; i++) {
                const kp_cw_client *c = &list.items[i];
                html_raw_trusted(h, "<tr><td><a href=\"/clients/");
                html_int(h, c->id);
                html_raw_trusted(h, "\">");
                html_text(h, c->family_name);
                html_raw_trusted(h, " ");
                html_text(h, c->given_name);
                html_raw_trusted(h, "</a></td><td>");
                html_text(h, kp_fmt_date(r, c->birth_date));
                html_raw_trusted(h, "</td><td><form method=\"post\" action=\"/caseloads/reassign\" class=\"filters\">");
                kp_form_csrf(r);
                html_raw_trusted(h, "<input type=\"hidden\" name=\"client_id\" value=\"");
                html_int(h, c->id);
                html_raw_trusted(h, "\"><input type=\"hidden\" name=\"back\" value=\"");
                html_int(h, worker);
                html_raw_trusted(h, "\"><select name=\"worker_id\" aria-label=\"");
                html_attr(h, t(r, T_MOVE));
                html_raw_trusted(h, ": ");
                html_attr(h, c->family_name);
                html_raw_trusted(h, " ");
                html_attr(h, c->given_name);
                html_raw_trusted(h, "\">");
                for (size_t k = 0; k < loads.n; k++) {
                    const kp_worker_load *w = &loads.items[k];
                    if (w->user_id == worker || w->disabled)
                        continue;
                    html_raw_trusted(h, "<option value=\"");
                    html_int(h, w->user_id);
                    html_raw_trusted(h, "\">");
                    html_text(h, w->username);
                    html_raw_trusted(h, "</option>");
                }
                html_raw_trusted(h, "</select> <button type=\"submit\">");
                html_text(h, t(r, T_MOVE_BUTTON));
                html_raw_trusted(h, "</button></form></td></tr>\n");
            }
            html_raw_trusted(h, "</tbody></table></div>\n");
            kp_list_pager(r, &l, NULL);
        }
    }
    kp_cw_clients_free(&list);
    kp_worker_loads_free(&loads);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_caseloads(kp_req *r)
{
    const char *moved = strcmp(r->method, "GET") == 0 ? kp_in(r, "moved") : NULL;
    return render(r, moved && *moved ? t(r, T_MOVED) : NULL);
}

/* Before a client changes worker: who, to whom, and what follows, with
 * the one button that does it (confirm=1). Nothing is written here. */
static int confirm_reassign(kp_req *r)
{
    int status = 500;
    bool en = strcmp(r->lang, "en") == 0;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, kp_in_int(r, "client_id", 0), &c);
    kp_worker_loads loads;
    memset(&loads, 0, sizeof loads);
    if (!rc)
        rc = kp_caseload_by_worker(&r->ctx, 0, &loads);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    const char *to = NULL;
    for (size_t k = 0; k < loads.n; k++)
        if (loads.items[k].user_id == kp_in_int(r, "worker_id", -1) && !loads.items[k].disabled)
            to = kp_arena_strdup(&r->arena, loads.items[k].username);
    kp_worker_loads_free(&loads);
    if (!to) { /* not a worker of this municipality: the use case says so by the field */
        rc = kp_caseload_reassign(&r->ctx, kp_in(r, "client_id"), kp_in(r, "worker_id"), &r->errors);
        int st = rc == KP_EINVAL ? render(r, NULL) : kp_error(r, kp_status_for(rc ? rc : KP_EINVAL));
        return st == 200 ? 422 : st;
    }
    kp_html *h = &r->out;
    const char *title = en ? "Reassign a client?" : "Nodot klientu citam darbiniekam?";
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n<section class=\"confirm\"><p>");
    html_textf(h, en ? "%s %s will become a client of social worker %s. The current worker no longer has the client in "
                       "their caseload; the change is kept in the client's history."
                     : "%s %s kļūs par sociālā darbinieka %s klientu. Līdzšinējā darbinieka klientu sarakstā klients "
                       "vairs nebūs; izmaiņa paliek klienta vēsturē.",
               c.given_name, c.family_name, to);
    html_raw_trusted(h, "</p>\n<form method=\"post\" action=\"/caseloads/reassign\">");
    kp_form_csrf(r);
    static const char *const KEEP[] = {"client_id", "worker_id", "back"};
    for (size_t i = 0; i < 3; i++) {
        html_raw_trusted(h, "<input type=\"hidden\" name=\"");
        html_raw_trusted(h, KEEP[i]);
        html_raw_trusted(h, "\" value=\"");
        html_attr(h, kp_in(r, KEEP[i]) ? kp_in(r, KEEP[i]) : "");
        html_raw_trusted(h, "\">");
    }
    html_raw_trusted(h, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><button type=\"submit\">");
    html_text(h, en ? "Confirm and reassign" : "Apstiprināt un nodot");
    html_raw_trusted(h, "</button><a class=\"button secondary\" href=\"");
    html_attr(h, kp_arena_printf(&r->arena, "/caseloads?worker=%lld", (long long)kp_in_int(r, "back", 0)));
    html_raw_trusted(h, "\">");
    html_text(h, en ? "Cancel" : "Atcelt");
    html_raw_trusted(h, "</a></form></section>\n");
    kp_page_end(r);
    status = 200;
    return status;
}

int page_caseloads_reassign(kp_req *r)
{
    if (kp_in_int(r, "confirm", 0) != 1)
        return confirm_reassign(r);
    kp_rc rc = kp_caseload_reassign(&r->ctx, kp_in(r, "client_id"), kp_in(r, "worker_id"), &r->errors);
    if (rc == KP_EINVAL) {
        int st = render(r, NULL);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/caseloads?worker=%lld&moved=1",
                                          (long long)kp_in_int(r, "back", 0)));
}
