/* Finding a client by name or personal code. The search is sent with POST
 * so that a personal code never appears in a URL; a code is matched
 * exactly (current and former codes), a name as a part of a name. */
#include "web/pages.h"
#include "core/personal_code.h"
#include "service/casework/queries.h"
#include <string.h>

int page_clients(kp_req *r);
int page_clients_search(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Klienti", "Clients")                                                                                 \
    X(T_INTRO, "Meklējiet pēc vārda, uzvārda vai personas koda. Personas kodu meklē precīzi, arī iepriekšējos kodus.", \
      "Search by name or personal code. A personal code is matched exactly, former codes included.")               \
    X(T_Q, "Vārds, uzvārds vai personas kods", "Name or personal code")                                              \
    X(T_Q_HINT, "Piemēram, Bērziņa vai 161175-19997", "For example Bērziņa or 161175-19997")                         \
    X(T_SEARCH, "Meklēt", "Search")                                                                                  \
    X(T_NEW_CLIENT, "Reģistrēt klientu", "Register a client")                                                        \
    X(T_RESULTS, "Atrastie klienti", "Clients found")                                                                \
    X(T_NONE, "Neviens klients neatbilst meklētajam jūsu darbības jomā.", "No client in your scope matches.")        \
    X(T_NAME, "Vārds, uzvārds", "Name")                                                                              \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_MORE, "Parādīti pirmie 100; precizējiet meklēto.", "The first 100 are shown; narrow the search.")

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

static void search_form(kp_req *r, const char *q)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/search\" class=\"panel filters\" role=\"search\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<div class=\"field\"><label for=\"f-q\">");
    html_text(h, t(r, T_Q));
    html_raw_trusted(h, "</label><p class=\"hint\" id=\"f-q-hint\">");
    html_text(h, t(r, T_Q_HINT));
    html_raw_trusted(h, "</p><input id=\"f-q\" name=\"q\" type=\"search\" autocomplete=\"off\" data-secret"
                        " aria-describedby=\"f-q-hint\"");
    if (q && *q) {
        html_raw_trusted(h, " value=\"");
        html_attr(h, q);
        html_raw_trusted(h, "\"");
    }
    html_raw_trusted(h, "></div><div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_SEARCH));
    html_raw_trusted(h, "</button></div></form>\n");
}

static void page_top(kp_req *r, const char *q)
{
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, t(r, T_TITLE));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, t(r, T_INTRO));
    html_raw_trusted(&r->out, "</p>\n");
    kp_form_errors(r);
    search_form(r, q);
    if (r->session && r->session->user.role != KP_ROLE_PROVIDER) {
        html_raw_trusted(&r->out, "<p><a href=\"/clients/new\">");
        html_text(&r->out, t(r, T_NEW_CLIENT));
        html_raw_trusted(&r->out, "</a></p>\n");
    }
}

int page_clients(kp_req *r)
{
    int status = 500;
    page_top(r, NULL);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_clients_search(kp_req *r)
{
    int status = 500;
    const char *q = kp_in(r, "q");
    kp_client_rows rows;
    memset(&rows, 0, sizeof rows);
    void *coll = kp_collator_open();
    kp_client_query query = {.q = q ? q : "", .limit = 100, .cmp = kp_collate_lv, .cmp_arg = coll};
    kp_rc rc = kp_client_search(&r->ctx, &query, &rows);
    kp_collator_close(coll);
    if (rc) {
        kp_client_rows_free(&rows);
        return kp_error(r, kp_status_for(rc));
    }
    /* A personal code is not written back into the page. */
    kp_pc pc;
    bool is_code = q && kp_pc_parse(q, &pc) == KP_OK;
    page_top(r, is_code ? NULL : q);
    html_raw_trusted(&r->out, "<h2>");
    html_text(&r->out, t(r, T_RESULTS));
    html_raw_trusted(&r->out, "</h2>\n");
    if (!rows.n) {
        html_raw_trusted(&r->out, "<p role=\"status\">");
        html_text(&r->out, t(r, T_NONE));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        bool en = strcmp(r->lang, "en") == 0;
        static const int HEAD[] = {T_NAME, T_BIRTH, T_MUNI, T_GROUP};
        html_raw_trusted(&r->out, "<table>\n<thead><tr>");
        for (size_t i = 0; i < 4; i++) {
            html_raw_trusted(&r->out, "<th scope=\"col\">");
            html_text(&r->out, t(r, HEAD[i]));
            html_raw_trusted(&r->out, "</th>");
        }
        html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < rows.n; i++) {
            const kp_client_row *c = &rows.items[i];
            html_raw_trusted(&r->out, "<tr><td><a href=\"/clients/");
            html_int(&r->out, c->id);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, c->family_name);
            html_raw_trusted(&r->out, " ");
            html_text(&r->out, c->given_name);
            html_raw_trusted(&r->out, "</a></td><td>");
            html_text(&r->out, kp_fmt_date(r, c->birth_date));
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, en ? c->municipality_name_en : c->municipality_name);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, c->target_group);
            html_raw_trusted(&r->out, "</td></tr>\n");
        }
        html_raw_trusted(&r->out, "</tbody></table>\n");
        if (rows.total > rows.n) {
            html_raw_trusted(&r->out, "<p>");
            html_text(&r->out, t(r, T_MORE));
            html_raw_trusted(&r->out, "</p>\n");
        }
    }
    kp_client_rows_free(&rows);
    kp_page_end(r);
    status = 200;
    return status;
}
