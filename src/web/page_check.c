/* The data-quality findings (GET /check): for a municipal head, their
 * municipality's with client names; for a region coordinator, the
 * region's with client numbers only; for the ministry, counts per region;
 * for administrators every finding with client numbers. Filters: the date
 * the records stood on, one check, a region or a territory. Scope, names,
 * which cards may be opened and the access record are decided in
 * service/quality; this file only writes them. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/figures/eval_details.h"
#include "service/quality/checks.h"
#include <stdio.h>
#include <string.h>

/* Findings listed per check on the overview; one check is paged by PAGE. */
#define PER_CHECK 50
#define PAGE 200

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Datu kvalitāte", "Data quality")                                                                     \
    X(T_INTRO_HEAD, "Ieraksti jūsu pašvaldībā (arī apvienoto pašvaldību ieraksti), kas neatbilst kādam noteikumam, un " \
                    "kas jādara.",                                                                                   \
      "Records of your municipality (those of the municipalities merged into it included) that break a rule, and "   \
      "what to do.")                                                                                                 \
    X(T_INTRO_REGION, "Reģiona ieraksti, kas neatbilst kādam noteikumam. Klienti norādīti ar numuru, bez vārdiem.",    \
      "Records of the region that break a rule. Clients are given by number, without names.")                       \
    X(T_INTRO_ALL, "Atradumu skaits pa reģioniem; atsevišķi ieraksti netiek rādīti.",                                 \
      "Findings counted by region; records are not listed.")                                                        \
    X(T_INTRO_ADMIN, "Visu ierakstu atradumi. Klienti norādīti ar numuru, bez vārdiem.",                              \
      "Findings of all records. Clients are given by number, without names.")                                       \
    X(T_AT, "Datums", "Date")                                                                                        \
    X(T_AT_HINT, "Ieraksti, kādi tie bija šajā datumā.", "The records as they stood on this date.")                  \
    X(T_REGION_ALL, "Visi reģioni", "All regions")                                                                   \
    X(T_MUNICIPALITY, "Pašvaldība (ATVK kods)", "Municipality (ATVK code)")                                          \
    X(T_MUNICIPALITY_HINT, "Piemēram, 0025000; tukšs — visas.", "For example 0025000; empty for all.")              \
    X(T_SHOW, "Parādīt", "Show")                                                                                     \
    X(T_SUMMARY, "Kopsavilkums", "Summary")                                                                          \
    X(T_CHECK, "Pārbaude", "Check")                                                                                  \
    X(T_SEVERITY, "Nozīmīgums", "Severity")                                                                          \
    X(T_FINDINGS, "Atradumi", "Findings")                                                                            \
    X(T_REGION, "Reģions", "Region")                                                                                 \
    X(T_ERROR, "kļūda", "error")                                                                                     \
    X(T_WARNING, "brīdinājums", "warning")                                                                           \
    X(T_INFO, "informācijai", "information")                                                                         \
    X(T_TODO, "Kas jādara", "What to do")                                                                            \
    X(T_RECORD, "Ieraksts", "Record")                                                                                \
    X(T_TERRITORY, "Teritorija", "Territory")                                                                        \
    X(T_CLIENT, "Klients", "Client")                                                                                 \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_WRONG, "Kas nav kārtībā", "What is wrong")                                                                   \
    X(T_CLIENT_NO, "klients Nr.", "client no.")                                                                      \
    X(T_UNCONFIRMED, "ATVK kods nav apstiprināts", "ATVK code not confirmed")                                        \
    X(T_RECORDED, "ierakstīts", "recorded under")                                                                    \
    X(T_NONE, "Atradumu nav: ieraksti atbilst visiem noteikumiem.", "No findings: the records keep every rule.")     \
    X(T_MORE, "Parādīt visus", "Show all")                                                                           \
    X(T_SHOWN, "Parādīti", "Shown")                                                                                  \
    X(T_OF, "no", "of")                                                                                              \
    X(T_PREV, "Iepriekšējie", "Previous")                                                                            \
    X(T_NEXT, "Nākamie", "Next")                                                                                     \
    X(T_ALL_CHECKS, "Visas pārbaudes", "All checks")                                                                 \
    X(T_K_CLIENT, "klients", "client")                                                                               \
    X(T_K_ASSIGNMENT, "piešķīrums", "assignment")                                                                    \
    X(T_K_DELIVERY, "sniegtais pakalpojums", "delivery")                                                             \
    X(T_K_PLAN, "atbalsta plāns", "support plan")                                                                    \
    X(T_K_PAYMENT, "kompensācijas maksājums", "compensation payment")                                                \
    X(T_K_REQUEST, "maksājuma pieprasījums", "payment request")                                                      \
    X(T_K_PROJECT, "projekts", "project")                                                                            \
    X(T_K_OBJECT, "DI plāna objekts", "DI plan object")                                                              \
    X(T_K_RESIDENCE, "dzīvesvieta", "residence")                                                                     \
    X(T_K_PROVIDER, "sniedzējs", "provider")                                                                         \
    X(T_K_FACILITY, "pakalpojuma sniegšanas vieta", "facility")                                                      \
    X(T_K_CLAIM, "kompensācijas pieprasījums", "claim")                                                              \
    X(T_K_CODE, "personas koda ieraksts", "personal code record")                                                    \
    X(T_K_RECORD, "ieraksts", "record")

KP_PAGE_STRINGS(STRINGS);

static bool en(const kp_req *r)
{
    return strcmp(r->lang, "en") == 0;
}

static const char *severity(const kp_req *r, kp_check_severity s)
{
    return t(r, s == KP_CHECK_ERROR ? T_ERROR : s == KP_CHECK_WARNING ? T_WARNING : T_INFO);
}

static const char *kind_label(const kp_req *r, const char *kind)
{
    static const struct {
        const char *kind;
        int key;
    } KINDS[] = {{"client", T_K_CLIENT},
                 {"assignment", T_K_ASSIGNMENT},
                 {"delivery", T_K_DELIVERY},
                 {"support_plan", T_K_PLAN},
                 {"compensation_payment", T_K_PAYMENT},
                 {"payment_request", T_K_REQUEST},
                 {"project", T_K_PROJECT},
                 {"plan_object", T_K_OBJECT},
                 {"residence", T_K_RESIDENCE},
                 {"provider", T_K_PROVIDER},
                 {"facility", T_K_FACILITY},
                 {"claim", T_K_CLAIM},
                 {"personal_code", T_K_CODE}};
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return t(r, KINDS[i].key);
    return t(r, T_K_RECORD);
}

static void th(kp_req *r, int k, bool numeric)
{
    html_raw_trusted(&r->out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

/* A cell that names its column when a narrow screen stacks the table. */
static void td(kp_req *r, int label)
{
    html_raw_trusted(&r->out, "<td data-label=\"");
    html_attr(&r->out, t(r, label));
    html_raw_trusted(&r->out, "\">");
}

static bool blank(const char *s)
{
    return !s || !*s;
}

/* "/check?…" keeping the page's filters (date, region, territory), with the
 * check `id` (NULL: none) and `offset` (0: none). */
static void check_href(kp_req *r, const char *id, size_t offset)
{
    static const char *const KEEP[] = {"at", "region", "municipality"};
    const char *sep = "?";
    html_raw_trusted(&r->out, "/check");
    for (size_t i = 0; i < sizeof KEEP / sizeof KEEP[0]; i++) {
        const char *v = kp_in(r, KEEP[i]);
        if (blank(v))
            continue;
        html_raw_trusted(&r->out, sep);
        html_raw_trusted(&r->out, KEEP[i]);
        html_raw_trusted(&r->out, "=");
        html_url_arg(&r->out, v);
        sep = "&amp;";
    }
    if (id) {
        html_raw_trusted(&r->out, sep);
        html_raw_trusted(&r->out, "check=");
        html_url_arg(&r->out, id);
        sep = "&amp;";
    }
    if (offset) {
        html_raw_trusted(&r->out, sep);
        html_raw_trusted(&r->out, "offset=");
        html_int(&r->out, (int64_t)offset);
    }
}

/* Client cards are pages of the people who work with cases; the service
 * says, client by client, whether this caller may open the card. */
static bool card_link(const kp_req *r, const kp_finding *f)
{
    bool casework = r->ctx.role == KP_ROLE_MUNICIPAL_HEAD || r->ctx.role == KP_ROLE_SOCIAL_WORKER;
    return casework && f->client_id && f->client_open;
}

static void record_cell(kp_req *r, const kp_finding *f)
{
    kp_html *h = &r->out;
    td(r, T_RECORD);
    /* A link where the caller has a page for the record: the client card,
     * and a head's claim (the findings a head sees are of records their
     * municipality holds, the rule of the claim page too). */
    bool client_link = card_link(r, f) && strcmp(f->kind, "client") == 0;
    bool claim_link = strcmp(f->kind, "claim") == 0 && r->ctx.role == KP_ROLE_MUNICIPAL_HEAD;
    if (client_link || claim_link) {
        html_raw_trusted(h, client_link ? "<a href=\"/clients/" : "<a href=\"/claims/");
        html_int(h, f->record_id);
        html_raw_trusted(h, "\">");
    }
    html_text(h, kind_label(r, f->kind));
    html_raw_trusted(h, " ");
    html_int(h, f->record_id);
    if (client_link || claim_link)
        html_raw_trusted(h, "</a>");
    html_raw_trusted(h, "</td>");
}

static void territory_cell(kp_req *r, const kp_finding *f)
{
    kp_html *h = &r->out;
    td(r, T_TERRITORY);
    if (!f->holder_id) {
        html_text(h, f->region);
    } else {
        html_text(h, f->municipality);
        html_raw_trusted(h, " ");
        html_text(h, f->atvk);
        if (!f->atvk_confirmed) {
            html_raw_trusted(h, " <small>(");
            html_text(h, t(r, T_UNCONFIRMED));
            html_raw_trusted(h, ")</small>");
        }
        if (f->recorded_atvk[0] && strcmp(f->recorded_atvk, f->atvk) != 0) {
            html_raw_trusted(h, "<br><small>");
            html_text(h, t(r, T_RECORDED));
            html_raw_trusted(h, " ");
            html_text(h, f->recorded_atvk);
            html_raw_trusted(h, "</small>");
        }
    }
    html_raw_trusted(h, "</td>");
}

static void client_cell(kp_req *r, const kp_finding *f)
{
    kp_html *h = &r->out;
    td(r, T_CLIENT);
    bool link = card_link(r, f);
    if (link) {
        html_raw_trusted(h, "<a href=\"/clients/");
        html_int(h, f->client_id);
        html_raw_trusted(h, "\">");
    }
    if (f->client_id && f->client_name[0]) {
        html_text(h, f->client_name);
    } else if (f->client_id) {
        html_text(h, t(r, T_CLIENT_NO));
        html_raw_trusted(h, " ");
        html_int(h, f->client_id);
    }
    if (link)
        html_raw_trusted(h, "</a>");
    html_raw_trusted(h, "</td>");
}

static void summary(kp_req *r, const kp_check_report *rep)
{
    kp_html *h = &r->out;
    size_t n = 0;
    const kp_check_def *tab = kp_checks(&n);
    html_raw_trusted(h, "<table class=\"stack\">\n<caption>");
    html_text(h, t(r, T_SUMMARY));
    html_raw_trusted(h, "</caption>\n<thead><tr>");
    th(r, T_CHECK, false);
    th(r, T_SEVERITY, false);
    th(r, T_FINDINGS, true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n && i < rep->checks; i++) {
        html_raw_trusted(h, "<tr>");
        td(r, T_CHECK);
        bool link = rep->details && rep->per_check[i];
        if (link) {
            html_raw_trusted(h, "<a href=\"");
            check_href(r, tab[i].id, 0);
            html_raw_trusted(h, "\">");
        }
        html_text(h, en(r) ? tab[i].title_en : tab[i].title_lv);
        if (link)
            html_raw_trusted(h, "</a>");
        html_raw_trusted(h, "</td>");
        td(r, T_SEVERITY);
        html_text(h, severity(r, tab[i].severity));
        html_raw_trusted(h, "</td>");
        html_raw_trusted(h, "<td class=\"num\" data-label=\"");
        html_attr(h, t(r, T_FINDINGS));
        html_raw_trusted(h, "\">");
        html_int(h, (int64_t)rep->per_check[i]);
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
}

/* The ministry's view: findings per region and check. */
static void by_region(kp_req *r, const kp_check_report *rep)
{
    kp_html *h = &r->out;
    size_t n = 0;
    const kp_check_def *tab = kp_checks(&n);
    html_raw_trusted(h, "<table class=\"stack\">\n<thead><tr>");
    th(r, T_REGION, false);
    th(r, T_CHECK, false);
    th(r, T_FINDINGS, true);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rep->ntotals; i++) {
        const kp_check_total *x = &rep->totals[i];
        if (x->check >= n)
            continue;
        html_raw_trusted(h, "<tr>");
        td(r, T_REGION);
        html_text(h, x->region);
        html_raw_trusted(h, "</td>");
        td(r, T_CHECK);
        html_text(h, en(r) ? tab[x->check].title_en : tab[x->check].title_lv);
        html_raw_trusted(h, "</td><td class=\"num\" data-label=\"");
        html_attr(h, t(r, T_FINDINGS));
        html_raw_trusted(h, "\">");
        html_int(h, (int64_t)x->n);
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
}

/* "Shown 201–400 of 1234." with links to the pages before and after. */
static void pager(kp_req *r, const kp_check_def *d, size_t offset, size_t shown, size_t total)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_SHOWN));
    html_raw_trusted(h, " ");
    html_int(h, (int64_t)(shown ? offset + 1 : 0));
    html_raw_trusted(h, "–");
    html_int(h, (int64_t)(offset + shown));
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_OF));
    html_raw_trusted(h, " ");
    html_int(h, (int64_t)total);
    html_raw_trusted(h, ".</p>\n<nav class=\"pager\">");
    if (offset) {
        html_raw_trusted(h, "<a href=\"");
        check_href(r, d->id, offset > PAGE ? offset - PAGE : 0);
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_PREV));
        html_raw_trusted(h, "</a>");
    }
    if (offset + shown < total) {
        html_raw_trusted(h, "<a href=\"");
        check_href(r, d->id, offset + shown);
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_NEXT));
        html_raw_trusted(h, "</a>");
    }
    html_raw_trusted(h, "</nav>\n");
}

/* The listed findings grouped by check: what to do, then one row per
 * record. `one`: a single check, paged from `offset`. */
static void findings(kp_req *r, const kp_check_report *rep, bool one, size_t offset)
{
    kp_html *h = &r->out;
    size_t n = 0;
    const kp_check_def *tab = kp_checks(&n);
    for (size_t i = 0; i < n && i < rep->checks; i++) {
        if (!rep->per_check[i])
            continue;
        const kp_check_def *d = &tab[i];
        html_raw_trusted(h, "<section>\n<h2 id=\"c-");
        html_attr(h, d->id);
        html_raw_trusted(h, "\">");
        html_text(h, en(r) ? d->title_en : d->title_lv);
        html_raw_trusted(h, " (");
        html_int(h, (int64_t)rep->per_check[i]);
        html_raw_trusted(h, ")</h2>\n<p>");
        html_text(h, severity(r, d->severity));
        html_raw_trusted(h, ". <strong>");
        html_text(h, t(r, T_TODO));
        html_raw_trusted(h, ":</strong> ");
        html_text(h, en(r) ? d->todo_en : d->todo_lv);
        html_raw_trusted(h, "</p>\n<table class=\"stack\">\n<thead><tr>");
        th(r, T_RECORD, false);
        th(r, T_TERRITORY, false);
        th(r, T_CLIENT, false);
        th(r, T_DATE, false);
        th(r, T_WRONG, false);
        html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
        size_t shown = 0;
        for (size_t k = 0; k < rep->n; k++) {
            const kp_finding *f = &rep->items[k];
            if (f->check != d)
                continue;
            shown++;
            html_raw_trusted(h, "<tr>");
            record_cell(r, f);
            territory_cell(r, f);
            client_cell(r, f);
            td(r, T_DATE);
            html_text(h, f->date[0] ? kp_fmt_date(r, f->date) : "");
            html_raw_trusted(h, "</td>");
            td(r, T_WRONG);
            html_text(h, f->message);
            html_raw_trusted(h, "</td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
        if (one) {
            pager(r, d, offset, shown, rep->per_check[i]);
        } else if (shown < rep->per_check[i]) {
            html_raw_trusted(h, "<p><a href=\"");
            check_href(r, d->id, 0);
            html_raw_trusted(h, "\">");
            html_text(h, t(r, T_MORE));
            html_raw_trusted(h, " (");
            html_int(h, (int64_t)rep->per_check[i]);
            html_raw_trusted(h, ")</a></p>\n");
        }
        html_raw_trusted(h, "</section>\n");
    }
}

/* The filters: date, check, and for those who see more than one
 * territory a region (ministry, administrators) and a territory. */
static void filters(kp_req *r, const char *at)
{
    kp_html *h = &r->out;
    kp_role role = r->ctx.role;
    const char *check = kp_in(r, "check"), *region = kp_in(r, "region");
    html_raw_trusted(h, "<form method=\"get\" action=\"/check\" class=\"panel filters\">\n");
    kp_form_field(r, "at", t(r, T_AT), "date", at, t(r, T_AT_HINT), false);
    kp_form_select_open(r, "check", t(r, T_CHECK), NULL, false);
    kp_form_option(r, "", t(r, T_ALL_CHECKS), blank(check));
    size_t n = 0;
    const kp_check_def *tab = kp_checks(&n);
    for (size_t i = 0; i < n; i++)
        kp_form_option(r, tab[i].id, en(r) ? tab[i].title_en : tab[i].title_lv, check && strcmp(check, tab[i].id) == 0);
    html_raw_trusted(h, "</select></div>\n");
    if (role == KP_ROLE_MINISTRY || role == KP_ROLE_ADMIN) {
        kp_eval_list regions;
        if (kp_eval_regions(&r->ctx, &regions) == KP_OK) {
            kp_form_select_open(r, "region", t(r, T_REGION), NULL, false);
            kp_form_option(r, "", t(r, T_REGION_ALL), blank(region));
            const kp_eval_name *names = regions.items;
            for (size_t i = 0; i < regions.n; i++)
                kp_form_option(r, names[i].code, names[i].name, region && strcmp(region, names[i].code) == 0);
            html_raw_trusted(h, "</select></div>\n");
        }
        kp_eval_list_free(&regions);
    }
    if (role == KP_ROLE_REGION || role == KP_ROLE_MINISTRY || role == KP_ROLE_ADMIN)
        kp_form_field(r, "municipality", t(r, T_MUNICIPALITY), "text", kp_in(r, "municipality"),
                      t(r, T_MUNICIPALITY_HINT), false);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button>\n</form>\n");
}

int page_check(kp_req *r)
{
    int status = 500;
    const char *check = kp_in(r, "check");
    if (blank(check))
        check = NULL;
    int64_t offset = kp_in_int(r, "offset", 0);
    if (offset < 0)
        offset = 0;
    kp_check_opts o = {.at = kp_in(r, "at"),
                       .check = check,
                       .region = kp_in(r, "region"),
                       .municipality = kp_in(r, "municipality"),
                       .per_check = check ? 0 : PER_CHECK,
                       .offset = check ? (size_t)offset : 0,
                       .limit = check ? PAGE : 0};
    kp_check_report rep;
    kp_rc rc = kp_check_run(&r->ctx, &o, &r->errors, &rep);
    /* A bad filter is answered on the page, next to its field. */
    if (rc && !(rc == KP_EINVAL && r->errors.n)) {
        kp_check_report_free(&rep);
        return kp_error(r, kp_status_for(rc));
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    if (!rc) {
        html_raw_trusted(h, " — ");
        html_text(h, kp_fmt_date(r, rep.at));
    }
    html_raw_trusted(h, "</h1>\n<p>");
    int intro = T_INTRO_ADMIN;
    if (r->ctx.role == KP_ROLE_MUNICIPAL_HEAD || r->ctx.role == KP_ROLE_SOCIAL_WORKER)
        intro = T_INTRO_HEAD;
    else if (r->ctx.role == KP_ROLE_REGION)
        intro = T_INTRO_REGION;
    else if (r->ctx.role == KP_ROLE_MINISTRY)
        intro = T_INTRO_ALL;
    html_text(h, t(r, intro));
    html_raw_trusted(h, "</p>\n");
    kp_form_errors(r);
    filters(r, rc ? kp_in(r, "at") : rep.at);
    if (rc) {
        kp_page_end(r);
        kp_check_report_free(&rep);
        return 400;
    }
    if (check) {
        html_raw_trusted(h, "<p><a href=\"");
        check_href(r, NULL, 0);
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_ALL_CHECKS));
        html_raw_trusted(h, "</a></p>\n");
    }
    if (!rep.total) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    }
    if (!check)
        summary(r, &rep);
    if (!rep.details && rep.total)
        by_region(r, &rep);
    if (rep.details)
        findings(r, &rep, check != NULL, (size_t)offset);
    kp_page_end(r);
    kp_check_report_free(&rep);
    status = 200;
    return status;
}
