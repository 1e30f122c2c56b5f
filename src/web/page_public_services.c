/* The public catalogue of community-based services, without logging in:
 * /pakalpojumi in Latvian, /en/services in English — per municipality what
 * each service is, for whom, where, free places now, how to apply and the
 * social service's contact; filters by GET (no JavaScript), a print style. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/public_common.h"
#include <string.h>

#define STRINGS(X)                                                                                                  \
    X(T_TITLE, "Sociālie pakalpojumi sabiedrībā", "Community-based social services")                               \
    X(T_LEAD, "Kādi sabiedrībā balstīti sociālie pakalpojumi ir pieejami katrā pašvaldībā, kam tie paredzēti, kur " \
              "tos sniedz un cik vietu ir brīvas šodien.",                                                          \
      "Which community-based social services each municipality has, whom they are for, where they are provided "  \
      "and how many places are free today.")                                                                        \
    X(T_AS_OF, "Brīvās vietas", "Free places as of")                                                               \
    X(T_FREE_HOW, "Brīvās vietas = vietas mīnus šodien spēkā esošie piešķirtie pakalpojumi. Ja sniedzējs skaitu "  \
                  "nepublicē, rādām tikai: ir, nav vai rinda.",                                                     \
      "Free places = places minus the services granted and in force today. Where a provider does not publish the " \
      "number, we show only: available, none or waiting list.")                                                     \
    X(T_SEARCH, "Meklēt pakalpojumus", "Find services")                                                             \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                         \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                          \
    X(T_GROUP, "Kam (mērķa grupa)", "For whom (target group)")                                                      \
    X(T_ALL, "Visas", "All")                                                                                        \
    X(T_ALL_SERVICES, "Visi", "All")                                                                                \
    X(T_SHOW, "Rādīt", "Show")                                                                                      \
    X(T_CLEAR, "Notīrīt filtrus", "Clear the filters")                                                              \
    X(T_FOUND, "Atrasti pakalpojumi", "Services found")                                                            \
    X(T_IN_MUNIS, "pašvaldībās", "in municipalities")                                                               \
    X(T_PRINT, "Sarakstu var izdrukāt: pārlūka drukas izvēlnē tiek drukāts tikai saraksts.",                       \
      "The list prints as it is: the browser's print command prints the list only.")                              \
    X(T_NOTHING, "Ar šiem filtriem pakalpojumu nav. Jautājiet pašvaldības sociālajā dienestā.",                    \
      "No services with these filters. Ask the municipality's social service.")                                   \
    X(T_OFFICE, "Sociālais dienests", "Social service")                                                             \
    X(T_NO_OFFICE, "Sociālā dienesta kontakti vēl nav ievadīti; jautājiet pašvaldībā.",                            \
      "The social service's contact is not entered yet; ask the municipality.")                                    \
    X(T_HOW, "Kā pieteikties", "How to apply")                                                                      \
    X(T_APPLY_ONLINE, "Pieteikties tiešsaistē", "Apply online")                                                     \
    X(T_SERVICES_HERE, "Pakalpojumi", "Services")                                                                   \
    X(T_FOR, "Kam", "For whom")                                                                                     \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                          \
    X(T_ADDRESS, "Adrese", "Address")                                                                               \
    X(T_HOURS, "Darba laiks", "Opening hours")                                                                      \
    X(T_CONTACT, "Kontakti", "Contact")                                                                             \
    X(T_FREE, "Brīvas vietas šodien", "Free places today")                                                          \
    X(T_OF, "no", "of")                                                                                             \
    X(T_SHARED, "(kopā visās sniedzēja vietās)", "(across all the provider's sites)")                              \
    X(T_NOT_GIVEN, "nav norādīts", "not given")                                                                     \
    X(T_ABOUT, "Par pakalpojumiem", "About the services")                                                           \
    X(T_ELIGIBLE, "Kam paredzēts", "Who is eligible")                                                               \
    X(T_LIMITS, "Apjoms", "How much")                                                                               \
    X(T_API, "Tie paši dati JSON formātā", "The same data as JSON")                                                 \
    X(T_PHONE, "Tālrunis", "Phone")                                                                                 \
    X(T_EMAIL, "E-pasts", "E-mail")                                                                                 \
    X(T_WEB, "Tīmekļa vietne", "Website")
KP_PAGE_STRINGS(STRINGS);

static void split_groups(kp_req *r, const char *groups)
{
    bool first = true;
    for (const char *p = groups; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char *code = kp_arena_strndup(&r->arena, p, len);
        if (!first)
            html_raw_trusted(&r->out, "; ");
        html_text(&r->out, kp_public_group(r, code));
        first = false;
        p = bar ? bar + 1 : NULL;
    }
}

static const kp_pub_service *svc_of(const kp_pub_catalogue *c, const char *code)
{
    for (size_t i = 0; i < c->nservices; i++)
        if (strcmp(c->services[i].code, code) == 0)
            return &c->services[i];
    return NULL;
}

static void contact_items(kp_req *r, const char *phone, const char *email, const char *web)
{
    kp_html *h = &r->out;
    bool any = false;
    if (phone && *phone) {
        html_raw_trusted(h, "<span>");
        html_text(h, t(r, T_PHONE));
        html_raw_trusted(h, ": <a href=\"tel:");
        html_url_arg(h, phone);
        html_raw_trusted(h, "\">");
        html_text(h, phone);
        html_raw_trusted(h, "</a></span> ");
        any = true;
    }
    if (email && *email) {
        html_raw_trusted(h, "<span>");
        html_text(h, t(r, T_EMAIL));
        html_raw_trusted(h, ": <a href=\"mailto:");
        html_attr(h, email);
        html_raw_trusted(h, "\">");
        html_text(h, email);
        html_raw_trusted(h, "</a></span> ");
        any = true;
    }
    if (web && *web) {
        html_raw_trusted(h, "<span>");
        html_text(h, t(r, T_WEB));
        html_raw_trusted(h, ": <a href=\"");
        html_attr(h, web);
        html_raw_trusted(h, "\">");
        html_text(h, web);
        html_raw_trusted(h, "</a></span>");
        any = true;
    }
    if (!any)
        html_text(h, t(r, T_NOT_GIVEN));
}

static void dt(kp_req *r, int key)
{
    html_raw_trusted(&r->out, "<dt>");
    html_text(&r->out, t(r, key));
    html_raw_trusted(&r->out, "</dt><dd>");
}

static void office(kp_req *r, const kp_pub_muni *m)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<div class=\"office\"><h3>");
    html_text(h, t(r, T_OFFICE));
    html_raw_trusted(h, "</h3>");
    if (!m->has_office) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NO_OFFICE));
        html_raw_trusted(h, "</p></div>\n");
    } else {
        html_raw_trusted(h, "<p><strong>");
        html_text(h, m->office);
        html_raw_trusted(h, "</strong></p><dl class=\"facts\">");
        if (m->address[0]) {
            dt(r, T_ADDRESS);
            html_text(h, m->address);
            html_raw_trusted(h, "</dd>");
        }
        if (m->opening_hours[0]) {
            dt(r, T_HOURS);
            html_text(h, m->opening_hours);
            html_raw_trusted(h, "</dd>");
        }
        dt(r, T_CONTACT);
        contact_items(r, m->phone, m->email, m->website);
        html_raw_trusted(h, "</dd></dl></div>\n");
    }
    /* The place an online application form links to (issue 12, item 2):
     * #apply-<ATVK>, with the municipality's apply_url when it has one. */
    html_raw_trusted(h, "<div class=\"apply\"><h3 id=\"apply-");
    html_attr(h, m->atvk);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_HOW));
    html_raw_trusted(h, "</h3><p>");
    html_text(h, kp_public_how_to_apply(r, m));
    html_raw_trusted(h, "</p>");
    /* Kopā's own form (page_apply.c), for the municipality, unless it
     * names a form of its own. */
    {
        html_raw_trusted(h, "<p><a class=\"button\" href=\"");
        if (m->apply_url[0]) {
            html_attr(h, m->apply_url);
        } else {
            html_attr(h, strcmp(r->lang, "en") == 0 ? "/en/apply?municipality=" : "/pieteikums?municipality=");
            html_attr(h, m->atvk);
        }
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_APPLY_ONLINE));
        html_raw_trusted(h, "</a></p>");
    }
    html_raw_trusted(h, "</div>\n");
}

static void entry(kp_req *r, const kp_pub_catalogue *c, const kp_pub_entry *e)
{
    kp_html *h = &r->out;
    const kp_pub_service *s = svc_of(c, e->service);
    html_raw_trusted(h, "<li class=\"entry\"><h4>");
    html_text(h, s ? s->name : e->service);
    html_raw_trusted(h, " — ");
    html_text(h, e->facility);
    html_raw_trusted(h, "</h4><dl class=\"facts\">");
    dt(r, T_FOR);
    split_groups(r, e->groups);
    html_raw_trusted(h, "</dd>");
    dt(r, T_PROVIDER);
    html_text(h, e->provider);
    html_raw_trusted(h, "</dd>");
    dt(r, T_ADDRESS);
    html_text(h, e->address);
    html_raw_trusted(h, "</dd>");
    dt(r, T_HOURS);
    html_text(h, e->opening_hours[0] ? e->opening_hours : t(r, T_NOT_GIVEN));
    html_raw_trusted(h, "</dd>");
    dt(r, T_CONTACT);
    contact_items(r, e->phone, e->email, e->website);
    html_raw_trusted(h, "</dd>");
    dt(r, T_FREE);
    html_raw_trusted(h, "<span class=\"avail avail-");
    html_attr(h, e->availability);
    html_raw_trusted(h, "\">");
    if (e->published && e->free_places >= 0) {
        html_raw_trusted(h, "<strong>");
        html_int(h, e->free_places);
        html_raw_trusted(h, "</strong>");
        if (e->places >= 0 && !e->shared) {
            html_raw_trusted(h, " ");
            html_text(h, t(r, T_OF));
            html_raw_trusted(h, " ");
            html_int(h, e->places);
        }
        if (e->shared) {
            html_raw_trusted(h, " ");
            html_text(h, t(r, T_SHARED));
        }
        if (strcmp(e->availability, "waiting_list") == 0) {
            html_raw_trusted(h, " (");
            html_text(h, kp_public_availability(r, e->availability));
            html_raw_trusted(h, ")");
        }
    } else {
        html_text(h, kp_public_availability(r, e->availability));
    }
    html_raw_trusted(h, "</span></dd></dl></li>\n");
}

static void select_filter(kp_req *r, const kp_pub_catalogue *c, int which)
{
    const kp_pub_filter f = kp_public_filter(r);
    if (which == 0) {
        kp_form_select_open(r, "municipality", t(r, T_MUNI), NULL, false);
        kp_form_option(r, "", t(r, T_ALL), !f.municipality || !*f.municipality);
        for (size_t i = 0; i < c->nmunis; i++)
            kp_form_option(r, c->munis[i].atvk, c->munis[i].name,
                           f.municipality && strcmp(f.municipality, c->munis[i].atvk) == 0);
    } else if (which == 1) {
        kp_form_select_open(r, "service", t(r, T_SERVICE), NULL, false);
        kp_form_option(r, "", t(r, T_ALL_SERVICES), !f.service || !*f.service);
        for (size_t i = 0; i < c->nservices; i++) {
            const char *label = c->services[i].parent[0]
                                    ? kp_arena_printf(&r->arena, "– %s", c->services[i].name)
                                    : c->services[i].name;
            kp_form_option(r, c->services[i].code, label, f.service && strcmp(f.service, c->services[i].code) == 0);
        }
    } else {
        kp_form_select_open(r, "target_group", t(r, T_GROUP), NULL, false);
        kp_form_option(r, "", t(r, T_ALL), !f.target_group || !*f.target_group);
        for (size_t i = 0; kp_label_code_at(KP_LABEL_GROUP, i); i++) {
            const char *g = kp_label_code_at(KP_LABEL_GROUP, i);
            kp_form_option(r, g, kp_public_group(r, g), f.target_group && strcmp(f.target_group, g) == 0);
        }
    }
    html_raw_trusted(&r->out, "</select></div>");
}

static void about(kp_req *r, const kp_pub_catalogue *c)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<section class=\"about\" aria-labelledby=\"about\"><h2 id=\"about\">");
    html_text(h, t(r, T_ABOUT));
    html_raw_trusted(h, "</h2>\n");
    for (size_t i = 0; i < c->nservices; i++) {
        const kp_pub_service *s = &c->services[i];
        bool shown = false;
        for (size_t k = 0; k < c->n && !shown; k++)
            shown = strcmp(c->entries[k].service, s->code) == 0;
        if (!shown)
            continue;
        html_raw_trusted(h, "<h3>");
        html_text(h, s->name);
        html_raw_trusted(h, "</h3><p>");
        html_text(h, kp_public_about(r, s->parent[0] ? s->parent : s->code));
        html_raw_trusted(h, "</p><dl class=\"facts\">");
        dt(r, T_ELIGIBLE);
        split_groups(r, s->groups);
        html_raw_trusted(h, "</dd>");
        const kp_pub_service *fam = s->parent[0] ? svc_of(c, s->parent) : NULL;
        size_t nr = s->nrules + (fam ? fam->nrules : 0);
        if (nr) {
            dt(r, T_LIMITS);
            html_raw_trusted(h, "<ul>");
            for (size_t k = 0; k < nr; k++) {
                const kp_pub_rule *u = k < s->nrules ? &s->rules[k] : &fam->rules[k - s->nrules];
                html_raw_trusted(h, "<li>");
                html_text(h, kp_public_rule(r, u));
                html_raw_trusted(h, "</li>");
            }
            html_raw_trusted(h, "</ul></dd>");
        }
        html_raw_trusted(h, "</dl>\n");
    }
    html_raw_trusted(h, "</section>\n");
}

int page_public_services(kp_req *r)
{
    int status = 500;
    bool en = r->route && strcmp(r->route->pattern, "/en/services") == 0;
    r->lang = en ? "en" : "lv";
    r->ctx.lang = r->lang;
    const char *self = en ? "/en/services" : "/pakalpojumi";
    const char *other = en ? "/pakalpojumi" : "/en/services";
    int gate = kp_public_gate(r);
    if (gate)
        return gate;
    int st = 0;
    if (kp_public_etag(r, "html", "no-cache", &st))
        return 304;
    if (st)
        return st;

    /* The other language keeps the filters. */
    kp_pub_filter f = kp_public_filter(r);
    kp_html q;
    kp_html_init(&q);
    const char *names[] = {"municipality", "service", "target_group"};
    const char *vals[] = {f.municipality, f.service, f.target_group};
    bool first = true;
    for (int i = 0; i < 3; i++) {
        if (!vals[i] || !*vals[i])
            continue;
        html_raw_trusted(&q, first ? "?" : "&");
        html_raw_trusted(&q, names[i]);
        html_raw_trusted(&q, "=");
        html_url_arg(&q, vals[i]);
        first = false;
    }
    const char *query = kp_arena_strdup(&r->arena, kp_html_str(&q));
    kp_html_free(&q);
    r->alt_lang_href = kp_arena_printf(&r->arena, "%s%s", other, query);

    void *coll = kp_collator_open();
    kp_pub_catalogue c;
    kp_rc rc = kp_public_catalogue(&r->ctx, &f, kp_collate_lv, coll, &r->errors, &c);
    if (rc == KP_ENOTFOUND || rc == KP_EINVAL) {
        status = rc == KP_ENOTFOUND ? 404 : 400;
        /* Show the form with the message, and every municipality to choose
         * from: the catalogue without filters gives the lists. */
        kp_errors keep = r->errors;
        kp_errors_init(&r->errors);
        kp_pub_filter none = {0};
        rc = kp_public_catalogue(&r->ctx, &none, kp_collate_lv, coll, NULL, &c);
        kp_collator_close(coll);
        kp_errors_free(&r->errors);
        r->errors = keep;
        if (rc)
            return kp_error(r, kp_status_for(rc));
        c.n = 0; /* nothing listed: only the form and the message */
        kp_public_no_store(r);
    } else if (rc) {
        kp_collator_close(coll);
        return kp_error(r, kp_status_for(rc));
    } else {
        kp_collator_close(coll);
        status = 200;
    }

    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p class=\"lead\">");
    html_text(h, t(r, T_LEAD));
    html_raw_trusted(h, "</p>\n<p>");
    html_text(h, t(r, T_AS_OF));
    html_raw_trusted(h, ": <strong>");
    html_text(h, kp_fmt_date(r, c.on));
    html_raw_trusted(h, "</strong>. ");
    html_text(h, t(r, T_FREE_HOW));
    html_raw_trusted(h, "</p>\n<form method=\"get\" action=\"");
    html_url_path(h, self);
    html_raw_trusted(h, "\" role=\"search\" class=\"filters\" aria-labelledby=\"search-h\"><h2 id=\"search-h\">");
    html_text(h, t(r, T_SEARCH));
    html_raw_trusted(h, "</h2>");
    kp_form_errors(r);
    select_filter(r, &c, 0);
    select_filter(r, &c, 1);
    select_filter(r, &c, 2);
    html_raw_trusted(h, "<div class=\"actions\"><button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button> <a href=\"");
    html_url_path(h, self);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CLEAR));
    html_raw_trusted(h, "</a></div></form>\n");

    size_t shown_munis = 0;
    for (size_t i = 0; i < c.nmunis; i++)
        if (c.munis[i].entries)
            shown_munis++;
    if (status == 200) {
        html_raw_trusted(h, "<p role=\"status\">");
        html_text(h, kp_arena_printf(&r->arena, "%s: %zu, %s: %zu.", t(r, T_FOUND), c.n, t(r, T_IN_MUNIS), shown_munis));
        html_raw_trusted(h, " <span class=\"noprint\">");
        html_text(h, t(r, T_PRINT));
        html_raw_trusted(h, "</span></p>\n");
    }
    if (status == 200 && c.n == 0)
        kp_notice(r, t(r, T_NOTHING));

    for (size_t i = 0; i < c.nmunis; i++) {
        const kp_pub_muni *m = &c.munis[i];
        bool asked = f.municipality && strcmp(f.municipality, m->atvk) == 0;
        if (!m->entries && !(asked && status == 200))
            continue;
        html_raw_trusted(h, "<section class=\"muni\" aria-labelledby=\"m-");
        html_attr(h, m->atvk);
        html_raw_trusted(h, "\"><h2 id=\"m-");
        html_attr(h, m->atvk);
        html_raw_trusted(h, "\">");
        html_text(h, m->name);
        html_raw_trusted(h, "</h2>\n");
        office(r, m);
        if (m->entries) {
            html_raw_trusted(h, "<h3>");
            html_text(h, t(r, T_SERVICES_HERE));
            html_raw_trusted(h, "</h3>\n<ul class=\"entries\">");
            for (size_t k = 0; k < c.n; k++)
                if (c.entries[k].municipality_id == m->id)
                    entry(r, &c, &c.entries[k]);
            html_raw_trusted(h, "</ul>\n");
        }
        html_raw_trusted(h, "</section>\n");
    }
    if (c.n)
        about(r, &c);
    html_raw_trusted(h, "<p class=\"noprint\"><a href=\"/api/v1/public/services");
    html_attr(h, query);
    html_raw_trusted(h, query[0] ? "&amp;lang=" : "?lang=");
    html_raw_trusted(h, en ? "en" : "lv");
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_API));
    html_raw_trusted(h, "</a></p>\n");
    kp_page_end(r);
    kp_pub_catalogue_free(&c);
    return status;
}
