/* Cooperation agreements between municipalities (GET /cooperation, one
 * agreement at /cooperation/{id}): the list at a date with filters by
 * municipality and service, and for the region's coordinator the forms
 * that record, end and correct an agreement — the use cases of
 * service/programme/cooperation.h, the same the JSON API calls. The
 * ministry and the municipal heads concerned read them. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/casework.h"
#include "service/casework/people.h"
#include "service/figures/eval_details.h"
#include "service/programme/cooperation.h"
#include "service/validate.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Sadarbības līgumi", "Cooperation agreements")                                                        \
    X(T_INTRO, "Pašvaldības klienti var saņemt citas pašvaldības pakalpojumu pēc sadarbības līguma. Spēkā esošie "   \
               "līgumi tiek skaitīti lapā „Vajadzības un vietas”; plānotie ir tikai izvērtējumā.",                    \
      "A municipality's clients may use another municipality's service under a cooperation agreement. Agreements "  \
      "in force count on the page “Need and places”; planned ones appear in the evaluation only.")                  \
    X(T_ONE, "Sadarbības līgums", "Cooperation agreement")                                                           \
    X(T_AT, "Datums", "Date")                                                                                        \
    X(T_AT_HINT, "Līgumi, kas šajā datumā ir spēkā.", "The agreements in force on this date.")                      \
    X(T_REGION, "Reģions", "Region")                                                                                 \
    X(T_MUNICIPALITY, "Pašvaldība", "Municipality")                                                                  \
    X(T_MUNICIPALITY_HINT, "Pašvaldība, kuras klienti izmanto pakalpojumu.",                                          \
      "The municipality whose clients use the service.")                                                            \
    X(T_ANY_MUNICIPALITY, "Visas pašvaldības", "Every municipality")                                                 \
    X(T_PARTNER, "Partneris (sniedz pakalpojumu)", "Partner (provides the service)")                                \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_ANY_SERVICE, "Visi pakalpojumi", "All services")                                                             \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_PLACES, "Vietas", "Places")                                                                                  \
    X(T_PLACES_HINT, "Cik vietu līgumā paredzēts; tukšs — skaits nav noteikts (skaita partnera brīvās vietas).",     \
      "Places agreed; empty — no number (the partner's free places count).")                                        \
    X(T_FROM, "Spēkā no", "In force from")                                                                           \
    X(T_TO, "Spēkā līdz", "In force until")                                                                          \
    X(T_OPEN_HINT, "Tukšs — bez ierobežojuma.", "Empty — no limit.")                                                 \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_DECISION, "Lēmums vai līgums (numurs, datums)", "Decision or agreement (number, date)")                     \
    X(T_KIND, "Statuss", "Status")                                                                                   \
    X(T_EXISTING, "noslēgts", "concluded")                                                                           \
    X(T_PLANNED, "plānots", "planned")                                                                               \
    X(T_STATE, "Datumā", "On the date")                                                                              \
    X(T_IN_FORCE, "spēkā", "in force")                                                                               \
    X(T_ENDED, "beidzies", "ended")                                                                                  \
    X(T_NOT_STARTED, "vēl nav sācies", "not yet started")                                                            \
    X(T_ALL, "Rādīt arī beigušos un vēl nesākušos", "Also those ended or not yet started")                          \
    X(T_SHOW, "Parādīt", "Show")                                                                                     \
    X(T_NONE, "Nav neviena līguma, kas atbilst izvēlei.", "No agreement matches the choice.")                       \
    X(T_OPEN, "Atvērt", "Open")                                                                                      \
    X(T_NEW, "Ierakstīt sadarbības līgumu", "Record a cooperation agreement")                                       \
    X(T_SAVE, "Saglabāt", "Save")                                                                                    \
    X(T_SAVED, "Saglabāts.", "Saved.")                                                                               \
    X(T_NEED_LINK, "Vajadzības un vietas šajā datumā", "Need and places on this date")                              \
    X(T_BACK, "Atpakaļ uz sarakstu", "Back to the list")                                                             \
    X(T_END, "Izbeigt līgumu", "End the agreement")                                                                  \
    X(T_END_ON, "Pēdējā spēkā esamības diena", "Last day in force")                                                 \
    X(T_REASON, "Pamatojums", "Reason")                                                                              \
    X(T_CORRECT, "Labot ierakstīto", "Correct what was recorded")                                                   \
    X(T_CORRECT_HINT, "Labojums maina ierakstu; vecās un jaunās vērtības paliek vēsturē.",                           \
      "A correction changes the record; the old and new values stay in its history.")                              \
    X(T_HISTORY, "Vēsture", "History")                                                                               \
    X(T_NO_HISTORY, "Vēstures ierakstu nav.", "No history.")                                                         \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_NOT_GIVEN, "nav noteikts", "not set")

KP_PAGE_STRINGS(STRINGS);

static bool blank(const char *s)
{
    return !s || !*s;
}

/* A declared input of the current route, or NULL (the page is the
 * rerender of three forms: each reads only its own fields). */
static const char *field(const kp_req *r, const char *name)
{
    for (const kp_input *in = r->route ? r->route->inputs : NULL; in && in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

static const char *state_word(kp_req *r, const char *state)
{
    return t(r, strcmp(state, "ended") == 0 ? T_ENDED : strcmp(state, "not_started") == 0 ? T_NOT_STARTED : T_IN_FORCE);
}

static const char *kind_word(kp_req *r, const char *kind)
{
    return t(r, strcmp(kind, "planned") == 0 ? T_PLANNED : T_EXISTING);
}

static void period(kp_req *r, const kp_coop_row *x)
{
    kp_html *h = &r->out;
    html_text(h, x->valid_from[0] ? kp_fmt_date(r, x->valid_from) : "…");
    html_raw_trusted(h, " – ");
    html_text(h, x->valid_to[0] ? kp_fmt_date(r, x->valid_to) : "…");
}

static void td(kp_req *r, int label, const char *text, bool num)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, num ? "<td class=\"num\" data-label=\"" : "<td data-label=\"");
    html_attr(h, t(r, label));
    html_raw_trusted(h, "\">");
    html_text(h, text);
    html_raw_trusted(h, "</td>");
}

static const char *places_text(kp_req *r, int64_t places)
{
    return places < 0 ? t(r, T_NOT_GIVEN) : kp_arena_printf(&r->arena, "%lld", (long long)places);
}

/* ---- the choices of the forms ------------------------------------------- */

typedef struct choices {
    kp_options munis, services, groups, kinds;
} choices;

static kp_rc choices_load(kp_req *r, choices *c)
{
    memset(c, 0, sizeof *c);
    kp_rc rc = kp_person_municipality_options(&r->ctx, true, &c->munis);
    if (!rc)
        rc = kp_cw_service_options(&r->ctx, &c->services);
    if (!rc)
        rc = kp_cw_target_group_options(&r->ctx, &c->groups);
    const char *codes[] = {"existing", "planned"};
    const char *names[] = {t(r, T_EXISTING), t(r, T_PLANNED)};
    pf_options(&c->kinds, codes, names, 2);
    return rc;
}

static void choices_free(choices *c)
{
    kp_options_free(&c->munis);
    kp_options_free(&c->services);
    kp_options_free(&c->groups);
    kp_options_free(&c->kinds);
}

/* The agreement's fields; `x` the values to start from (NULL: empty),
 * with_municipality: the municipality can be chosen (new ones only). */
static void agreement_fields(kp_req *r, const choices *c, const kp_coop_row *x, bool with_municipality, bool typed)
{
#define VAL(name, now) (typed ? field(r, name) : (now))
    if (with_municipality)
        pf_select(r, "municipality", t(r, T_MUNICIPALITY), &c->munis, VAL("municipality", x ? x->municipality_atvk : NULL),
                  t(r, T_CHOOSE), true);
    pf_select(r, "partner", t(r, T_PARTNER), &c->munis, VAL("partner", x ? x->partner_atvk : NULL), t(r, T_CHOOSE), true);
    pf_select(r, "service", t(r, T_SERVICE), &c->services, VAL("service", x ? x->service : NULL), t(r, T_CHOOSE), true);
    pf_select(r, "target_group", t(r, T_GROUP), &c->groups, VAL("target_group", x ? x->target_group : NULL),
              t(r, T_CHOOSE), true);
    pf_select(r, "kind", t(r, T_KIND), &c->kinds, VAL("kind", x ? x->kind : "existing"), NULL, true);
    const char *places = x && x->places >= 0 ? kp_arena_printf(&r->arena, "%lld", (long long)x->places) : "";
    kp_form_field(r, "places", t(r, T_PLACES), "text", VAL("places", places), t(r, T_PLACES_HINT), false);
    kp_form_field(r, "valid_from", t(r, T_FROM), "date", VAL("valid_from", x ? x->valid_from : ""), t(r, T_OPEN_HINT),
                  false);
    kp_form_field(r, "valid_to", t(r, T_TO), "date", VAL("valid_to", x ? x->valid_to : ""), t(r, T_OPEN_HINT), false);
    kp_form_field(r, "decision", t(r, T_DECISION), "text", VAL("decision", x ? x->decision : ""), NULL, false);
#undef VAL
}

static kp_date page_at(kp_req *r, char iso[11])
{
    kp_date at = kp_ctx_today(&r->ctx);
    const char *in = strcmp(r->method, "GET") == 0 ? kp_in(r, "at") : NULL;
    if (!blank(in) && kp_date_parse_iso(in, &at))
        at = kp_ctx_today(&r->ctx);
    kp_date_format_iso(at, iso);
    return at;
}

static bool may_record(const kp_req *r)
{
    return r->ctx.role == KP_ROLE_REGION || r->ctx.role == KP_ROLE_ADMIN;
}

/* ---- the list ------------------------------------------------------------- */

static void filters(kp_req *r, const char *at, const kp_coop_list *l, const choices *c, const kp_coop_filter *f)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"get\" action=\"/cooperation\" class=\"panel filters\">\n");
    kp_form_field(r, "at", t(r, T_AT), "date", at, t(r, T_AT_HINT), false);
    if (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN) {
        kp_eval_list regions;
        if (kp_eval_regions(&r->ctx, &regions) == KP_OK) {
            kp_form_select_open(r, "region", t(r, T_REGION), NULL, false);
            const kp_eval_name *names = regions.items;
            for (size_t i = 0; i < regions.n; i++)
                kp_form_option(r, names[i].code, names[i].name, strcmp(l->region, names[i].code) == 0);
            html_raw_trusted(h, "</select></div>\n");
        }
        kp_eval_list_free(&regions);
    }
    kp_form_select_open(r, "municipality", t(r, T_MUNICIPALITY), NULL, false);
    kp_form_option(r, "", t(r, T_ANY_MUNICIPALITY), blank(f->municipality));
    for (size_t i = 0; i < c->munis.n; i++)
        kp_form_option(r, c->munis.items[i].code, c->munis.items[i].name,
                       f->municipality && strcmp(f->municipality, c->munis.items[i].code) == 0);
    html_raw_trusted(h, "</select></div>\n");
    kp_form_select_open(r, "service", t(r, T_SERVICE), NULL, false);
    kp_form_option(r, "", t(r, T_ANY_SERVICE), blank(f->service));
    for (size_t i = 0; i < c->services.n; i++)
        if (!c->services.items[i].parent[0])
            kp_form_option(r, c->services.items[i].code, c->services.items[i].name,
                           f->service && strcmp(f->service, c->services.items[i].code) == 0);
    html_raw_trusted(h, "</select></div>\n<div class=\"field\"><label><input type=\"checkbox\" name=\"all\" value=\"1\"");
    if (f->all)
        html_raw_trusted(h, " checked");
    html_raw_trusted(h, "> ");
    html_text(h, t(r, T_ALL));
    html_raw_trusted(h, "</label></div>\n<button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button>\n</form>\n");
}

static void th(kp_req *r, int k, bool num)
{
    html_raw_trusted(&r->out, num ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static void list_table(kp_req *r, const kp_coop_list *l)
{
    kp_html *h = &r->out;
    if (!l->n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
        return;
    }
    html_raw_trusted(h, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"coop-caption\">"
                        "<table class=\"stack\" id=\"coop-table\"><caption id=\"coop-caption\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, " — ");
    html_text(h, kp_fmt_date(r, l->at));
    html_raw_trusted(h, "</caption>\n<thead><tr>");
    th(r, T_MUNICIPALITY, false);
    th(r, T_PARTNER, false);
    th(r, T_SERVICE, false);
    th(r, T_GROUP, false);
    th(r, T_PLACES, true);
    th(r, T_PERIOD, false);
    th(r, T_DECISION, false);
    th(r, T_KIND, false);
    th(r, T_STATE, false);
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < l->n; i++) {
        const kp_coop_row *x = &l->items[i];
        html_raw_trusted(h, "<tr><th scope=\"row\" data-label=\"");
        html_attr(h, t(r, T_MUNICIPALITY));
        html_raw_trusted(h, "\"><a href=\"/cooperation/");
        html_int(h, x->id);
        html_raw_trusted(h, "\">");
        html_text(h, x->municipality);
        html_raw_trusted(h, "</a></th>");
        td(r, T_PARTNER, x->partner, false);
        td(r, T_SERVICE, x->service_name, false);
        td(r, T_GROUP, kp_label(r, KP_LABEL_GROUP, x->target_group), false);
        td(r, T_PLACES, places_text(r, x->places), true);
        html_raw_trusted(h, "<td data-label=\"");
        html_attr(h, t(r, T_PERIOD));
        html_raw_trusted(h, "\">");
        period(r, x);
        html_raw_trusted(h, "</td>");
        td(r, T_DECISION, x->decision, false);
        td(r, T_KIND, kind_word(r, x->kind), false);
        td(r, T_STATE, state_word(r, x->state), false);
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></div>\n");
}

int page_cooperation(kp_req *r)
{
    int status = 500;
    char iso[11];
    bool get = strcmp(r->method, "GET") == 0;
    kp_coop_filter f = {.region = get ? kp_in(r, "region") : NULL,
                        .municipality = get ? kp_in(r, "municipality") : NULL,
                        .service = get ? kp_in(r, "service") : NULL,
                        .at = page_at(r, iso),
                        .all = get && kp_in_int(r, "all", 0) == 1,
                        .collate = kp_collate_lv};
    char first[8] = "";
    if (blank(f.region) && (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN)) {
        kp_eval_list regions;
        if (kp_eval_regions(&r->ctx, &regions) == KP_OK && regions.n)
            snprintf(first, sizeof first, "%.7s", ((const kp_eval_name *)regions.items)[0].code);
        kp_eval_list_free(&regions);
        f.region = first;
    }
    kp_coop_list l;
    kp_rc rc = kp_cooperation_list(&r->ctx, &f, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    choices c;
    rc = choices_load(r, &c);
    if (rc) {
        choices_free(&c);
        kp_coop_list_free(&l);
        return kp_error(r, kp_status_for(rc));
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, " — ");
    html_text(h, kp_fmt_date(r, l.at));
    html_raw_trusted(h, "</h1>\n");
    if (get && kp_in(r, "saved")) {
        html_raw_trusted(h, "<p class=\"notice\" role=\"status\">");
        html_text(h, t(r, T_SAVED));
        html_raw_trusted(h, "</p>\n");
    }
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    filters(r, l.at, &l, &c, &f);
    list_table(r, &l);
    html_raw_trusted(h, "<p><a href=\"/need?at=");
    html_url_arg(h, l.at);
    if (r->ctx.role == KP_ROLE_MINISTRY || r->ctx.role == KP_ROLE_ADMIN) {
        html_raw_trusted(h, "&amp;region=");
        html_url_arg(h, l.region);
    }
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_NEED_LINK));
    html_raw_trusted(h, "</a></p>\n");
    if (may_record(r)) {
        html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"coop-new\"><h2 id=\"coop-new\">");
        html_text(h, t(r, T_NEW));
        html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/cooperation/new\">");
        kp_form_csrf(r);
        if (!get)
            kp_form_errors(r);
        agreement_fields(r, &c, NULL, true, !get);
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, t(r, T_SAVE));
        html_raw_trusted(h, "</button></form></section>\n");
    }
    kp_page_end(r);
    choices_free(&c);
    kp_coop_list_free(&l);
    status = 200;
    return status;
}

static kp_cooperation_in form_in(kp_req *r)
{
    return (kp_cooperation_in){.municipality = field(r, "municipality"),
                               .partner = kp_in(r, "partner"),
                               .service = kp_in(r, "service"),
                               .target_group = kp_in(r, "target_group"),
                               .kind = kp_in(r, "kind"),
                               .places = kp_in(r, "places"),
                               .valid_from = kp_in(r, "valid_from"),
                               .valid_to = kp_in(r, "valid_to"),
                               .decision = kp_in(r, "decision")};
}

int page_cooperation_create(kp_req *r)
{
    kp_cooperation_in in = form_in(r);
    int64_t id = 0;
    kp_rc rc = kp_cooperation_add(&r->ctx, &in, &r->errors, &id);
    if (rc == KP_EINVAL) {
        int st = page_cooperation(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/cooperation/%lld?saved=1", (long long)id));
}

/* ---- one agreement ---------------------------------------------------------- */

static void dl_row(kp_req *r, int label, const char *value)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<dt>");
    html_text(h, t(r, label));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, value);
    html_raw_trusted(h, "</dd>\n");
}

static void history(kp_req *r, int64_t id)
{
    kp_html *h = &r->out;
    kp_history hs;
    memset(&hs, 0, sizeof hs);
    html_raw_trusted(h, "<section aria-labelledby=\"coop-history\"><h2 id=\"coop-history\">");
    html_text(h, t(r, T_HISTORY));
    html_raw_trusted(h, "</h2>\n");
    if (kp_history_of_record(&r->ctx, "cooperation", id, 100, &hs) != KP_OK || !hs.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NO_HISTORY));
        html_raw_trusted(h, "</p></section>\n");
        kp_history_free(&hs);
        return;
    }
    html_raw_trusted(h, "<ol class=\"history\">\n");
    for (size_t i = 0; i < hs.n; i++) {
        const kp_history_row *x = &hs.items[i];
        html_raw_trusted(h, "<li><strong>");
        html_text(h, kp_fmt_time(r, x->at));
        html_raw_trusted(h, "</strong> ");
        html_text(h, x->actor);
        html_raw_trusted(h, ": ");
        html_text(h, kp_label(r, KP_LABEL_ACTION, x->action));
        if (x->effective_on[0]) {
            html_raw_trusted(h, " (");
            html_text(h, kp_fmt_date(r, x->effective_on));
            html_raw_trusted(h, ")");
        }
        if (x->reason && x->reason[0]) {
            html_raw_trusted(h, " — ");
            html_text(h, x->reason);
        }
        json_t *changes = x->changes && x->changes[0] ? json_loads(x->changes, 0, NULL) : NULL;
        if (json_is_array(changes) && json_array_size(changes)) {
            html_raw_trusted(h, "<ul>");
            size_t k;
            json_t *c;
            json_array_foreach(changes, k, c)
            {
                const char *field = json_string_value(json_object_get(c, "field"));
                const char *o = json_string_value(json_object_get(c, "old"));
                const char *n = json_string_value(json_object_get(c, "new"));
                html_raw_trusted(h, "<li>");
                html_text(h, field ? field : "");
                html_raw_trusted(h, ": ");
                html_text(h, o && o[0] ? o : "—");
                html_raw_trusted(h, " → ");
                html_text(h, n && n[0] ? n : "—");
                html_raw_trusted(h, "</li>");
            }
            html_raw_trusted(h, "</ul>");
        }
        json_decref(changes);
        html_raw_trusted(h, "</li>\n");
    }
    html_raw_trusted(h, "</ol></section>\n");
    kp_history_free(&hs);
}

int page_cooperation_one(kp_req *r)
{
    int status = 500;
    char iso[11];
    kp_date at = page_at(r, iso);
    kp_coop_row x;
    kp_rc rc = kp_cooperation_get(&r->ctx, r->path_id, at, &x);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    choices c;
    memset(&c, 0, sizeof c);
    if (x.editable) {
        rc = choices_load(r, &c);
        if (rc) {
            choices_free(&c);
            return kp_error(r, kp_status_for(rc));
        }
    }
    kp_html *h = &r->out;
    bool get = strcmp(r->method, "GET") == 0;
    const char *title = kp_arena_printf(&r->arena, "%s: %s — %s", t(r, T_ONE), x.municipality, x.partner);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n");
    if (get && kp_in(r, "saved")) {
        html_raw_trusted(h, "<p class=\"notice\" role=\"status\">");
        html_text(h, t(r, T_SAVED));
        html_raw_trusted(h, "</p>\n");
    }
    if (!get)
        kp_form_errors(r);
    html_raw_trusted(h, "<dl class=\"facts\">\n");
    dl_row(r, T_MUNICIPALITY, x.municipality);
    dl_row(r, T_PARTNER, x.partner);
    dl_row(r, T_SERVICE, x.service_name);
    dl_row(r, T_GROUP, kp_label(r, KP_LABEL_GROUP, x.target_group));
    dl_row(r, T_PLACES, places_text(r, x.places));
    html_raw_trusted(h, "<dt>");
    html_text(h, t(r, T_PERIOD));
    html_raw_trusted(h, "</dt><dd>");
    period(r, &x);
    html_raw_trusted(h, "</dd>\n");
    dl_row(r, T_DECISION, x.decision[0] ? x.decision : t(r, T_NOT_GIVEN));
    dl_row(r, T_KIND, kind_word(r, x.kind));
    dl_row(r, T_STATE, kp_arena_printf(&r->arena, "%s (%s)", state_word(r, x.state), kp_fmt_date(r, iso)));
    html_raw_trusted(h, "</dl>\n");
    if (x.editable) {
        html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"coop-end\"><h2 id=\"coop-end\">");
        html_text(h, t(r, T_END));
        html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/cooperation/");
        html_int(h, x.id);
        html_raw_trusted(h, "/end\">");
        kp_form_csrf(r);
        bool ending = !get && field(r, "ended_on");
        kp_form_field(r, "ended_on", t(r, T_END_ON), "date", ending ? field(r, "ended_on") : NULL, NULL, true);
        pf_textarea(r, "reason", t(r, T_REASON), ending ? field(r, "reason") : NULL, NULL, true);
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, t(r, T_END));
        html_raw_trusted(h, "</button></form></section>\n");
        html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"coop-correct\"><h2 id=\"coop-correct\">");
        html_text(h, t(r, T_CORRECT));
        html_raw_trusted(h, "</h2>\n<p class=\"hint\">");
        html_text(h, t(r, T_CORRECT_HINT));
        html_raw_trusted(h, "</p>\n<form method=\"post\" action=\"/cooperation/");
        html_int(h, x.id);
        html_raw_trusted(h, "/correct\">");
        kp_form_csrf(r);
        /* The end form's fields are not this form's: start from the record. */
        bool mine = !get && !ending;
        agreement_fields(r, &c, &x, false, mine);
        pf_textarea(r, "correct_reason", t(r, T_REASON), mine ? field(r, "correct_reason") : NULL, NULL, true);
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, t(r, T_SAVE));
        html_raw_trusted(h, "</button></form></section>\n");
    }
    history(r, x.id);
    html_raw_trusted(h, "<p><a href=\"/cooperation\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n");
    kp_page_end(r);
    choices_free(&c);
    status = 200;
    return status;
}

static int after(kp_req *r, kp_rc rc)
{
    if (rc == KP_EINVAL) {
        int st = page_cooperation_one(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/cooperation/%lld?saved=1", (long long)r->path_id));
}

int page_cooperation_end(kp_req *r)
{
    return after(r, kp_cooperation_end(&r->ctx, r->path_id, kp_in(r, "ended_on"), kp_in(r, "reason"), &r->errors));
}

/* A field the form showed filled and the user emptied: cleared ("-"). */
static const char *cleared(kp_req *r, const char *name)
{
    const char *v = field(r, name);
    return blank(v) ? "-" : v;
}

int page_cooperation_correct(kp_req *r)
{
    kp_cooperation_in in = form_in(r);
    in.municipality = NULL;
    in.places = cleared(r, "places");
    in.valid_from = cleared(r, "valid_from");
    in.valid_to = cleared(r, "valid_to");
    in.decision = cleared(r, "decision");
    kp_rc rc = kp_cooperation_correct(&r->ctx, r->path_id, &in, kp_in(r, "correct_reason"), &r->errors);
    /* The form's reason field is named apart from the end form's. */
    for (size_t i = 0; i < r->errors.n; i++)
        if (strcmp(r->errors.items[i].field, "reason") == 0)
            snprintf(r->errors.items[i].field, sizeof r->errors.items[i].field, "%s", "correct_reason");
    return after(r, rc);
}
