/* My caseload (a social worker's own clients): plan reviews due, services
 * ending soon, respite used this year, deliveries awaiting confirmation
 * (with the confirm buttons, POST /caseload/confirm). */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/casework/casework.h"
#include "web/listing.h"
#include "core/date.h"
#include "core/fold.h"
#include <string.h>

int page_caseload(kp_req *r);
int page_caseload_confirm(kp_req *r);

/* Texts of this page, Latvian and English side by side (to move into
 * strings.h). */
#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Mani klienti", "My caseload")                                                                        \
    X(T_INTRO, "Jūsu klienti un tas, kam drīzumā jāpievērš uzmanība.", "Your clients and what needs attention soon.") \
    X(T_ACTIONS, "Darbības", "Actions")                                                                              \
    X(T_NEW_CLIENT, "Reģistrēt klientu", "Register a client")                                                        \
    X(T_SEARCH, "Meklēt klientu", "Find a client")                                                                   \
    X(T_REVIEWS, "Plāni, kas jāpārskata", "Plans due for review")                                                    \
    X(T_REVIEWS_NONE, "Tuvāko 30 dienu laikā nav jāpārskata neviens plāns.", "No plan is due for review in the next 30 days.") \
    X(T_ENDING, "Pakalpojumi, kas beidzas 30 dienu laikā", "Services ending within 30 days")                          \
    X(T_ENDING_NONE, "Tuvāko 30 dienu laikā nebeidzas neviens pakalpojums.", "No service ends in the next 30 days.") \
    X(T_UNCONFIRMED, "Sniegtie pakalpojumi, kas jāapstiprina", "Deliveries awaiting confirmation")                   \
    X(T_UNCONFIRMED_NONE, "Nav neapstiprinātu ierakstu.", "Nothing awaits confirmation.")                            \
    X(T_CLIENTS, "Klienti", "Clients")                                                                               \
    X(T_CLIENTS_NONE, "Jums vēl nav klientu. Reģistrējiet klientu vai lūdziet vadītājam tos piešķirt.",              \
      "You have no clients yet. Register one, or ask your head of service to assign them.")                        \
    X(T_NAME, "Vārds, uzvārds", "Name")                                                                              \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_RESPITE, "Atelpas brīdis šogad (diennaktis)", "Respite this year (days)")                                   \
    X(T_VERSION, "Versija", "Version")                                                                               \
    X(T_REVIEW_ON, "Pārskatīt līdz", "Review by")                                                                    \
    X(T_OVERDUE, "nokavēts", "overdue")                                                                              \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_ENDS, "Beidzas", "Ends")                                                                                     \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                           \
    X(T_UNITS, "Apjoms", "Units")                                                                                    \
    X(T_CONFIRM, "Apstiprināt", "Confirm")                                                                           \
    X(T_CONFIRM_ALL, "Apstiprināt visus redzamos", "Confirm all shown")                                              \
    X(T_CONFIRMED, "Apstiprināti ieraksti", "Records confirmed")                                                     \
    X(T_SHOWN_OF, "parādīti", "shown")                                                                               \
    X(T_CONFIRM_EVERY, "Apstiprināt visus neapstiprinātos", "Confirm every unconfirmed record")                      \
    X(T_FILTER, "Atlasīt", "Filter")                                                                                 \
    X(T_FILTER_Q, "Vārds, uzvārds vai dzimšanas datums", "Name or date of birth")                                   \
    X(T_FILTER_Q_HINT, "Var rakstīt bez garumzīmēm: ozolins atrod Ozoliņš", "Diacritics are optional: ozolins finds Ozoliņš") \
    X(T_ALL_GROUPS, "Visas mērķa grupas", "All target groups")                                                       \
    X(T_PER_PAGE, "Rindas lapā", "Rows per page")                                                                    \
    X(T_BACK, "Atpakaļ uz sākumu", "Back to the start page")                                                         \
    X(T_AT_A_GLANCE, "Kopsavilkums", "At a glance")

KP_PAGE_STRINGS(STRINGS);

static void heading(kp_req *r, const char *tag, int k)
{
    html_raw_trusted(&r->out, tag[1] == '1' ? "<h1>" : "<h2>");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, tag[1] == '1' ? "</h1>\n" : "</h2>\n");
}

static void para(kp_req *r, int k)
{
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</p>\n");
}

static void th_row(kp_req *r, const int *keys, size_t n, unsigned numeric_mask)
{
    html_raw_trusted(&r->out, "<thead><tr>");
    for (size_t i = 0; i < n; i++) {
        html_raw_trusted(&r->out, numeric_mask & (1u << i) ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
        html_text(&r->out, t(r, keys[i]));
        html_raw_trusted(&r->out, "</th>");
    }
    html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
}

static void client_link(kp_req *r, int64_t id, const char *given, const char *family)
{
    html_raw_trusted(&r->out, "<a href=\"/clients/");
    html_int(&r->out, id);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, family);
    html_raw_trusted(&r->out, " ");
    html_text(&r->out, given);
    html_raw_trusted(&r->out, "</a>");
}

static void td_text(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, "<td>");
    html_text(&r->out, s);
    html_raw_trusted(&r->out, "</td>");
}

static void td_num(kp_req *r, int64_t v)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    html_int(&r->out, v);
    html_raw_trusted(&r->out, "</td>");
}

/* Rows of a section shown on the start page; the rest behind "all". */
#define TOP_ROWS 5
/* Clients shown on the start page. */
#define TOP_CLIENTS 10

/* Which part of the caseload a page shows: the start page (all sections,
 * the top of each) or one whole section, paged. */
typedef enum { V_START, V_REVIEWS, V_ENDING, V_UNCONFIRMED, V_CLIENTS } view;

static const char *const SHOW[] = {"", "reviews", "ending", "unconfirmed", "clients"};
static const char *const KEEP[] = {"show", "q", "group", NULL};

/* The rows of a section come from the service already cut to what this
 * view shows (kp_caseload_view_of); the pager needs the section's size. */
static void window(view v, size_t all, kp_list *l)
{
    if (v != V_START)
        l->total = all;
}

static void section_foot(kp_req *r, view v, view mine, const kp_list *l, size_t shown, size_t total)
{
    if (v == V_START) {
        if (total > shown)
            kp_list_all_link(r, kp_arena_printf(&r->arena, "/caseload?show=%s", SHOW[mine]), total);
        return;
    }
    kp_list_pager(r, l, NULL);
}

static void reviews(kp_req *r, const kp_cw_dues *d, view v, kp_list *l)
{
    heading(r, "h2", T_REVIEWS);
    if (!d->total) {
        para(r, T_REVIEWS_NONE);
        return;
    }
    size_t n = d->n;
    window(v, d->total, l);
    if (v != V_START)
        kp_list_summary(r, l, n);
    static const int HEAD[] = {T_NAME, T_VERSION, T_REVIEW_ON};
    html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n");
    th_row(r, HEAD, 3, 2u);
    for (size_t i = 0; i < n; i++) {
        const kp_cw_due *x = &d->items[i];
        html_raw_trusted(&r->out, "<tr><td>");
        client_link(r, x->client_id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_num(r, x->version);
        html_raw_trusted(&r->out, "<td>");
        html_text(&r->out, kp_fmt_date(r, x->date));
        if (x->overdue) {
            html_raw_trusted(&r->out, " <strong>(");
            html_text(&r->out, t(r, T_OVERDUE));
            html_raw_trusted(&r->out, ")</strong>");
        }
        html_raw_trusted(&r->out, "</td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table></div>\n");
    section_foot(r, v, V_REVIEWS, l, n, d->total);
}

static void ending(kp_req *r, const kp_cw_dues *d, view v, kp_list *l)
{
    heading(r, "h2", T_ENDING);
    if (!d->total) {
        para(r, T_ENDING_NONE);
        return;
    }
    size_t n = d->n;
    window(v, d->total, l);
    if (v != V_START)
        kp_list_summary(r, l, n);
    static const int HEAD[] = {T_NAME, T_SERVICE, T_ENDS};
    html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n");
    th_row(r, HEAD, 3, 0);
    for (size_t i = 0; i < n; i++) {
        const kp_cw_due *x = &d->items[i];
        html_raw_trusted(&r->out, "<tr><td>");
        client_link(r, x->client_id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_text(r, x->service_name);
        td_text(r, kp_fmt_date(r, x->date));
        html_raw_trusted(&r->out, "</tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table></div>\n");
    section_foot(r, v, V_ENDING, l, n, d->total);
}

static void unconfirmed(kp_req *r, const kp_cw_deliveries *d, view v, kp_list *l)
{
    heading(r, "h2", T_UNCONFIRMED);
    if (!d->total) {
        para(r, T_UNCONFIRMED_NONE);
        return;
    }
    size_t n = d->n;
    size_t all = d->total < KP_CASELOAD_UNCONFIRMED_MAX ? d->total : KP_CASELOAD_UNCONFIRMED_MAX;
    window(v, all, l);
    if (v != V_START)
        kp_list_summary(r, l, n);
    if (d->total > all) {
        html_raw_trusted(&r->out, "<p>");
        html_int(&r->out, (int64_t)all);
        html_raw_trusted(&r->out, " / ");
        html_int(&r->out, (int64_t)d->total);
        html_raw_trusted(&r->out, " ");
        html_text(&r->out, t(r, T_SHOWN_OF));
        html_raw_trusted(&r->out, "</p>\n");
    }
    static const int HEAD[] = {T_DATE, T_NAME, T_SERVICE, T_PROVIDER, T_UNITS, T_ACTIONS};
    html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n");
    th_row(r, HEAD, 6, 16u);
    for (size_t i = 0; i < n; i++) {
        const kp_cw_delivery *x = &d->items[i];
        html_raw_trusted(&r->out, "<tr>");
        td_text(r, kp_fmt_date(r, x->delivered_on));
        html_raw_trusted(&r->out, "<td>");
        client_link(r, x->client_id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_text(r, x->service_name);
        td_text(r, x->provider);
        td_num(r, x->units);
        html_raw_trusted(&r->out, "<td><form method=\"post\" action=\"/caseload/confirm\">");
        kp_form_csrf(r);
        html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"delivery_id\" value=\"");
        html_int(&r->out, x->id);
        html_raw_trusted(&r->out, "\"><button type=\"submit\" aria-label=\"");
        html_attr(&r->out, t(r, T_CONFIRM));
        html_raw_trusted(&r->out, ": ");
        html_attr(&r->out, x->family_name);
        html_raw_trusted(&r->out, " ");
        html_attr(&r->out, kp_fmt_date(r, x->delivered_on));
        html_raw_trusted(&r->out, "\">");
        html_text(&r->out, t(r, T_CONFIRM));
        html_raw_trusted(&r->out, "</button></form></td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table></div>\n");
    section_foot(r, v, V_UNCONFIRMED, l, n, all);
    /* One button for all of them, saying so: not "all shown", as a page
     * shows only some. */
    html_raw_trusted(&r->out, "<form method=\"post\" action=\"/caseload/confirm\">");
    kp_form_csrf(r);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"all\" value=\"1\"><p><button type=\"submit\">");
    html_text(&r->out, t(r, T_CONFIRM_EVERY));
    html_raw_trusted(&r->out, " (");
    html_int(&r->out, (int64_t)all);
    html_raw_trusted(&r->out, ")</button></p></form>\n");
}

static const char *const CLIENT_SORTS[] = {"name", "birth", "group", "respite", NULL};

static void client_filters(kp_req *r, const kp_options *groups, const kp_list *l)
{
    kp_html *h = &r->out;
    const char *q = kp_in(r, "q");
    const char *g = kp_in(r, "group");
    html_raw_trusted(h, "<form method=\"get\" action=\"/caseload\" class=\"panel filters\" role=\"search\">"
                        "<input type=\"hidden\" name=\"show\" value=\"clients\">");
    kp_form_field(r, "q", t(r, T_FILTER_Q), "search", q, t(r, T_FILTER_Q_HINT), false);
    html_raw_trusted(h, "<div class=\"field\"><label for=\"f-group\">");
    html_text(h, t(r, T_GROUP));
    html_raw_trusted(h, "</label><select id=\"f-group\" name=\"group\"><option value=\"\">");
    html_text(h, t(r, T_ALL_GROUPS));
    html_raw_trusted(h, "</option>");
    for (size_t i = 0; i < groups->n; i++) {
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, groups->items[i].code);
        html_raw_trusted(h, g && strcmp(g, groups->items[i].code) == 0 ? "\" selected>" : "\">");
        html_text(h, kp_label(r, KP_LABEL_GROUP, groups->items[i].code));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div><div class=\"field\"><label for=\"f-per\">");
    html_text(h, t(r, T_PER_PAGE));
    html_raw_trusted(h, "</label><select id=\"f-per\" name=\"per\">");
    static const int PER[] = {25, 50, 100};
    for (size_t i = 0; i < 3; i++) {
        html_raw_trusted(h, l->per == PER[i] ? "<option selected>" : "<option>");
        html_int(h, PER[i]);
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>");
    if (*l->sort) {
        html_raw_trusted(h, "<input type=\"hidden\" name=\"sort\" value=\"");
        html_attr(h, l->sort);
        html_raw_trusted(h, "\">");
    }
    if (l->desc)
        html_raw_trusted(h, "<input type=\"hidden\" name=\"dir\" value=\"desc\">");
    html_raw_trusted(h, "<div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_FILTER));
    html_raw_trusted(h, "</button></div></form>\n");
}

static void clients(kp_req *r, const kp_cw_clients *c, size_t matched, view v, kp_list *l,
                    const kp_options *groups)
{
    heading(r, "h2", T_CLIENTS);
    if (v == V_CLIENTS)
        client_filters(r, groups, l);
    if (!matched) {
        if (v == V_CLIENTS && c->total)
            kp_list_summary(r, l, 0);
        else
            para(r, T_CLIENTS_NONE);
        return;
    }
    size_t n = c->n;
    window(v, matched, l);
    if (v != V_START)
        kp_list_summary(r, l, n);
    html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n<thead><tr>");
    kp_list th = *l;
    if (v == V_START)
        th.post = true; /* plain heads on the start page */
    kp_list_th(r, &th, "name", t(r, T_NAME), false);
    kp_list_th(r, &th, "birth", t(r, T_BIRTH), false);
    kp_list_th(r, &th, "group", t(r, T_GROUP), false);
    kp_list_th(r, &th, "respite", t(r, T_RESPITE), true);
    html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const kp_cw_client *x = &c->items[i];
        html_raw_trusted(&r->out, "<tr><td>");
        client_link(r, x->id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_text(r, kp_fmt_date(r, x->birth_date));
        td_text(r, kp_label(r, KP_LABEL_GROUP, x->target_group));
        td_num(r, x->respite_used);
        html_raw_trusted(&r->out, "</tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table></div>\n");
    section_foot(r, v, V_CLIENTS, l, n, matched);
}

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    view v = V_START;
    const char *show = strcmp(r->method, "GET") == 0 ? kp_in(r, "show") : NULL;
    for (size_t i = 1; show && i < sizeof SHOW / sizeof SHOW[0]; i++)
        if (strcmp(show, SHOW[i]) == 0)
            v = (view)i;
    kp_list l;
    kp_list_init(r, &l, "/caseload", KEEP, v == V_CLIENTS ? CLIENT_SORTS : NULL);
    /* Paged in the service: only the rows shown leave it, and only the
     * clients they name get a "list" access record. */
    static const kp_caseload_list LIST[] = {KP_CASELOAD_ALL, KP_CASELOAD_REVIEWS, KP_CASELOAD_ENDING,
                                            KP_CASELOAD_UNCONFIRMED, KP_CASELOAD_CLIENTS};
    void *collator = kp_collator_open();
    kp_caseload_view cv = {.list = LIST[v],
                           .offset = v == V_START ? 0 : kp_list_offset(&l),
                           .limit = v == V_START ? TOP_ROWS : (size_t)l.per,
                           .top_clients = TOP_CLIENTS,
                           .q = v == V_CLIENTS ? kp_in(r, "q") : NULL,
                           .group = v == V_CLIENTS ? kp_in(r, "group") : NULL,
                           .sort = v == V_CLIENTS ? l.sort : NULL,
                           .desc = v == V_CLIENTS && l.desc,
                           .collate = kp_collate_lv,
                           .collate_arg = collator};
    kp_caseload cl;
    size_t matched = 0;
    kp_rc rc = kp_caseload_view_of(&r->ctx, &cv, &cl, &matched);
    kp_collator_close(collator);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options groups;
    rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (rc) {
        kp_caseload_free(&cl);
        return kp_error(r, kp_status_for(rc));
    }
    kp_page_begin(r, t(r, T_TITLE));
    heading(r, "h1", T_TITLE);
    para(r, T_INTRO);
    if (notice)
        kp_notice(r, notice);
    kp_form_errors(r);
    html_raw_trusted(&r->out, "<p><a class=\"button\" href=\"/clients/new\">");
    html_text(&r->out, t(r, T_NEW_CLIENT));
    html_raw_trusted(&r->out, "</a> <a href=\"/clients\">");
    html_text(&r->out, t(r, T_SEARCH));
    html_raw_trusted(&r->out, "</a></p>\n");
    if (v == V_START)
        kp_intake_link(r); /* new applications made online (page_intake.c) */
    if (v == V_START) {
        /* Counts first, each a link to its whole list. */
        static const struct {
            view v;
            int label;
        } GLANCE[] = {{V_REVIEWS, T_REVIEWS}, {V_ENDING, T_ENDING}, {V_UNCONFIRMED, T_UNCONFIRMED}, {V_CLIENTS, T_CLIENTS}};
        size_t counts[] = {cl.reviews.total, cl.ending.total, cl.unconfirmed.total, cl.clients.total};
        html_raw_trusted(&r->out, "<section class=\"panel\" aria-labelledby=\"glance\"><h2 id=\"glance\">");
        html_text(&r->out, t(r, T_AT_A_GLANCE));
        html_raw_trusted(&r->out, "</h2><ul class=\"counts\">");
        for (size_t i = 0; i < 4; i++) {
            html_raw_trusted(&r->out, "<li><a href=\"/caseload?show=");
            html_raw_trusted(&r->out, SHOW[GLANCE[i].v]);
            html_raw_trusted(&r->out, "\"><strong>");
            html_int(&r->out, (int64_t)counts[i]);
            html_raw_trusted(&r->out, "</strong> ");
            html_text(&r->out, t(r, GLANCE[i].label));
            html_raw_trusted(&r->out, "</a></li>");
        }
        html_raw_trusted(&r->out, "</ul></section>\n");
        kp_home_tasks_panel(r); /* my tasks: count and the first ones (page_client_contacts.c) */
    } else {
        html_raw_trusted(&r->out, "<p><a href=\"/caseload\">← ");
        html_text(&r->out, t(r, T_BACK));
        html_raw_trusted(&r->out, "</a></p>\n");
    }
    if (v == V_START || v == V_REVIEWS)
        reviews(r, &cl.reviews, v, &l);
    if (v == V_START || v == V_ENDING)
        ending(r, &cl.ending, v, &l);
    if (v == V_START || v == V_UNCONFIRMED)
        unconfirmed(r, &cl.unconfirmed, v, &l);
    if (v == V_START || v == V_CLIENTS)
        clients(r, &cl.clients, matched, v, &l, &groups);
    kp_options_free(&groups);
    kp_caseload_free(&cl);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_caseload(kp_req *r)
{
    const char *done = strcmp(r->method, "GET") == 0 ? kp_in(r, "confirmed") : NULL;
    if (done && *done)
        return render(r, kp_arena_printf(&r->arena, "%s: %s", t(r, T_CONFIRMED), done));
    return render(r, NULL);
}

int page_caseload_confirm(kp_req *r)
{
    size_t done = 0;
    kp_rc rc = KP_OK;
    if (kp_in_int(r, "all", 0) == 1) {
        /* Everything the page showed: this worker's unconfirmed deliveries. */
        kp_caseload cl;
        rc = kp_caseload_mine(&r->ctx, &cl);
        if (!rc) {
            int64_t *ids = kp_arena_alloc(&r->arena, (cl.unconfirmed.n + 1) * sizeof *ids);
            for (size_t i = 0; i < cl.unconfirmed.n; i++)
                ids[i] = cl.unconfirmed.items[i].id;
            rc = kp_deliveries_confirm(&r->ctx, ids, cl.unconfirmed.n, &done);
            kp_caseload_free(&cl);
        }
    } else {
        int64_t id = kp_in_int(r, "delivery_id", 0);
        rc = id > 0 ? kp_deliveries_confirm(&r->ctx, &id, 1, &done) : KP_EINVAL;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/caseload?confirmed=%zu", done));
}
