/* My caseload (a social worker's own clients): plan reviews due, services
 * ending soon, respite used this year, deliveries awaiting confirmation
 * (with the confirm buttons, POST /caseload/confirm). */
#include "web/pages.h"
#include "service/casework/casework.h"
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
    X(T_SHOWN_OF, "parādīti", "shown")

#define T_ENUM(k, lv, en) k,
#define T_LV(k, lv, en) lv,
#define T_EN(k, lv, en) en,
enum { STRINGS(T_ENUM) T_COUNT };
static const char *const TEXT_LV[] = {STRINGS(T_LV)};
static const char *const TEXT_EN[] = {STRINGS(T_EN)};

static const char *t(const kp_req *r, int k)
{
    return strcmp(r->lang, "en") == 0 ? TEXT_EN[k] : TEXT_LV[k];
}

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

static void reviews(kp_req *r, const kp_cw_dues *d)
{
    heading(r, "h2", T_REVIEWS);
    if (!d->n) {
        para(r, T_REVIEWS_NONE);
        return;
    }
    static const int HEAD[] = {T_NAME, T_VERSION, T_REVIEW_ON};
    html_raw_trusted(&r->out, "<table>\n");
    th_row(r, HEAD, 3, 2u);
    for (size_t i = 0; i < d->n; i++) {
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
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void ending(kp_req *r, const kp_cw_dues *d)
{
    heading(r, "h2", T_ENDING);
    if (!d->n) {
        para(r, T_ENDING_NONE);
        return;
    }
    static const int HEAD[] = {T_NAME, T_SERVICE, T_ENDS};
    html_raw_trusted(&r->out, "<table>\n");
    th_row(r, HEAD, 3, 0);
    for (size_t i = 0; i < d->n; i++) {
        const kp_cw_due *x = &d->items[i];
        html_raw_trusted(&r->out, "<tr><td>");
        client_link(r, x->client_id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_text(r, x->service_name);
        td_text(r, kp_fmt_date(r, x->date));
        html_raw_trusted(&r->out, "</tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void unconfirmed(kp_req *r, const kp_cw_deliveries *d)
{
    heading(r, "h2", T_UNCONFIRMED);
    if (!d->n) {
        para(r, T_UNCONFIRMED_NONE);
        return;
    }
    if (d->total > d->n) {
        html_raw_trusted(&r->out, "<p>");
        html_int(&r->out, (int64_t)d->n);
        html_raw_trusted(&r->out, " / ");
        html_int(&r->out, (int64_t)d->total);
        html_raw_trusted(&r->out, " ");
        html_text(&r->out, t(r, T_SHOWN_OF));
        html_raw_trusted(&r->out, "</p>\n");
    }
    static const int HEAD[] = {T_DATE, T_NAME, T_SERVICE, T_PROVIDER, T_UNITS, T_ACTIONS};
    html_raw_trusted(&r->out, "<table>\n");
    th_row(r, HEAD, 6, 16u);
    for (size_t i = 0; i < d->n; i++) {
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
    html_raw_trusted(&r->out, "</tbody></table>\n<form method=\"post\" action=\"/caseload/confirm\">");
    kp_form_csrf(r);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"all\" value=\"1\"><p><button type=\"submit\">");
    html_text(&r->out, t(r, T_CONFIRM_ALL));
    html_raw_trusted(&r->out, "</button></p></form>\n");
}

static const char *group_name(const kp_options *groups, const char *code)
{
    for (size_t i = 0; i < groups->n; i++)
        if (strcmp(groups->items[i].code, code) == 0)
            return groups->items[i].name;
    return code;
}

static void clients(kp_req *r, const kp_cw_clients *c, const kp_options *groups)
{
    heading(r, "h2", T_CLIENTS);
    if (!c->n) {
        para(r, T_CLIENTS_NONE);
        return;
    }
    static const int HEAD[] = {T_NAME, T_BIRTH, T_GROUP, T_RESPITE};
    html_raw_trusted(&r->out, "<table>\n");
    th_row(r, HEAD, 4, 8u);
    for (size_t i = 0; i < c->n; i++) {
        const kp_cw_client *x = &c->items[i];
        html_raw_trusted(&r->out, "<tr><td>");
        client_link(r, x->id, x->given_name, x->family_name);
        html_raw_trusted(&r->out, "</td>");
        td_text(r, kp_fmt_date(r, x->birth_date));
        td_text(r, group_name(groups, x->target_group));
        td_num(r, x->respite_used);
        html_raw_trusted(&r->out, "</tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static int by_name(const void *a, const void *b, void *collator)
{
    const kp_cw_client *x = a, *y = b;
    int c = kp_collate_lv(x->family_name, y->family_name, collator);
    return c ? c : kp_collate_lv(x->given_name, y->given_name, collator);
}

/* Insertion sort: a caseload is a few dozen people, and it keeps equal
 * names in the order the database gave them. */
static void sort_clients(kp_cw_client *c, size_t n, void *collator)
{
    for (size_t i = 1; i < n; i++) {
        kp_cw_client x = c[i];
        size_t j = i;
        while (j > 0 && by_name(&c[j - 1], &x, collator) > 0) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = x;
    }
}

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    kp_caseload cl;
    kp_rc rc = kp_caseload_mine(&r->ctx, &cl);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* Names in Latvian order (ā after a, č after c …), which SQL's byte
     * order does not give. */
    void *collator = kp_collator_open();
    sort_clients(cl.clients.items, cl.clients.n, collator);
    kp_collator_close(collator);
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
    kp_home_tasks_panel(r); /* my tasks: count and the first ones (page_client_contacts.c) */
    reviews(r, &cl.reviews);
    ending(r, &cl.ending);
    unconfirmed(r, &cl.unconfirmed);
    clients(r, &cl.clients, &groups);
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
