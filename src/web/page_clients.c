/* Finding a client by name or personal code. The search is sent with POST
 * so that a personal code never appears in a URL; a code is matched
 * exactly (current and former codes), a name as a part of a name. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "core/personal_code.h"
#include "service/casework/queries.h"
#include "web/listing.h"
#include <string.h>

int page_clients(kp_req *r);
int page_clients_search(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Klienti", "Clients")                                                                                 \
    X(T_INTRO, "Meklējiet pēc vārda, uzvārda (var bez garumzīmēm: ozolins atrod Ozoliņš), dzimšanas datuma, personas koda pirmajiem sešiem cipariem vai visa personas koda (arī iepriekšējā).", \
      "Search by name (diacritics optional: ozolins finds Ozoliņš), date of birth, the first six digits of the personal code, or the whole personal code (former codes too).") \
    X(T_Q, "Vārds, uzvārds, dzimšanas datums vai personas kods", "Name, date of birth or personal code")            \
    X(T_Q_HINT, "Piemēram, Berzina, 16.11.1975. vai 161175", "For example Berzina, 16.11.1975 or 161175")             \
    X(T_SEARCH, "Meklēt", "Search")                                                                                  \
    X(T_NEW_CLIENT, "Reģistrēt klientu", "Register a client")                                                        \
    X(T_RESULTS, "Atrastie klienti", "Clients found")                                                                \
    X(T_NONE, "Neviens klients neatbilst meklētajam jūsu darbības jomā.", "No client in your scope matches.")        \
    X(T_NAME, "Vārds, uzvārds", "Name")                                                                              \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_CODE, "Personas kods", "Personal code")                                                                      \
    X(T_SORT, "Kārtot pēc", "Sort by")                                                                               \
    X(T_SORT_NAME, "uzvārda un vārda", "name")                                                                       \
    X(T_SORT_BIRTH, "dzimšanas datuma", "date of birth")                                                             \
    X(T_SORT_MUNI, "pašvaldības", "municipality")                                                                    \
    X(T_SORT_GROUP, "mērķa grupas", "target group")                                                                  \
    X(T_ALL_GROUPS, "Visas mērķa grupas", "All target groups")

KP_PAGE_STRINGS(STRINGS);

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
    html_raw_trusted(h, "></div>");
    const char *group = strcmp(r->method, "POST") == 0 ? kp_in(r, "group") : NULL;
    const char *sort = strcmp(r->method, "POST") == 0 ? kp_in(r, "sort") : NULL;
    html_raw_trusted(h, "<div class=\"field\"><label for=\"f-group\">");
    html_text(h, t(r, T_GROUP));
    html_raw_trusted(h, "</label><select id=\"f-group\" name=\"group\"><option value=\"\">");
    html_text(h, t(r, T_ALL_GROUPS));
    html_raw_trusted(h, "</option>");
    for (size_t i = 0; kp_label_code_at(KP_LABEL_GROUP, i); i++) {
        const char *g = kp_label_code_at(KP_LABEL_GROUP, i);
        if (strcmp(g, "parent") == 0)
            continue; /* the same group as "parents" under its other spelling */
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, g);
        html_raw_trusted(h, group && strcmp(group, g) == 0 ? "\" selected>" : "\">");
        html_text(h, kp_label(r, KP_LABEL_GROUP, g));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div><div class=\"field\"><label for=\"f-sort\">");
    html_text(h, t(r, T_SORT));
    html_raw_trusted(h, "</label><select id=\"f-sort\" name=\"sort\">");
    static const struct {
        const char *key;
        int label;
    } SORTS[] = {{"name", T_SORT_NAME}, {"birth", T_SORT_BIRTH}, {"municipality", T_SORT_MUNI}, {"group", T_SORT_GROUP}};
    for (size_t i = 0; i < sizeof SORTS / sizeof SORTS[0]; i++) {
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, SORTS[i].key);
        html_raw_trusted(h, sort && strcmp(sort, SORTS[i].key) == 0 ? "\" selected>" : "\">");
        html_text(h, t(r, SORTS[i].label));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div><div class=\"field\"><button type=\"submit\">");
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

static const char *const SORT_KEYS[] = {"name", "birth", "municipality", "group", NULL};

int page_clients_search(kp_req *r)
{
    int status = 500;
    const char *q = kp_in(r, "q");
    kp_list l;
    kp_list_init(r, &l, "/clients/search", NULL, SORT_KEYS);
    l.post = true;
    kp_client_rows rows;
    memset(&rows, 0, sizeof rows);
    void *coll = kp_collator_open();
    kp_client_query query = {.q = q ? q : "", .limit = (size_t)l.per, .offset = kp_list_offset(&l),
                             .cmp = kp_collate_lv, .cmp_arg = coll, .sort = l.sort, .desc = l.desc,
                             .target_group = kp_in(r, "group")};
    kp_rc rc = kp_client_search(&r->ctx, &query, &rows);
    kp_collator_close(coll);
    if (rc) {
        kp_client_rows_free(&rows);
        return kp_error(r, kp_status_for(rc));
    }
    l.total = rows.total;
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
        kp_list_summary(r, &l, rows.n);
        bool en = strcmp(r->lang, "en") == 0;
        static const int HEAD[] = {T_NAME, T_BIRTH, T_CODE, T_MUNI, T_GROUP};
        html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n<thead><tr>");
        for (size_t i = 0; i < sizeof HEAD / sizeof HEAD[0]; i++) {
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
            html_text(&r->out, c->code_masked);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, en ? c->municipality_name_en : c->municipality_name);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, kp_label(r, KP_LABEL_GROUP, c->target_group));
            html_raw_trusted(&r->out, "</td></tr>\n");
        }
        html_raw_trusted(&r->out, "</tbody></table></div>\n");
        /* Pages of a name search; a code finds one person and needs none. */
        const char *hidden[] = {"q", is_code ? "" : (q ? q : ""), "group", kp_in(r, "group") ? kp_in(r, "group") : "",
                                NULL, NULL};
        kp_list_pager(r, &l, hidden);
    }
    kp_client_rows_free(&rows);
    kp_page_end(r);
    status = 200;
    return status;
}
