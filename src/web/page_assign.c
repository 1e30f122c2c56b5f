/* Assigning a service to a client. The plan drives it: choosing a plan
 * item (or arriving from one, ?plan_item=N) fills service, provider, dates
 * and units from it; the provider choice is filtered to the service and the
 * client's area, sorted in Latvian order, with free places. The rules in
 * force are checked in the same transaction as the write; a refusal says
 * which rule, the limit, what is used and what was asked, next to the field
 * to change. Warnings (no assessment, no approved plan, no review date) are
 * confirmed with a checkbox, never refused. All through KP_CMD_ASSIGN_SERVICE
 * (commands.h), as the API. No JavaScript: "fill" and "show providers" are
 * submit buttons that re-render the form without saving. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_assign(kp_req *r);
int page_assign_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Piešķirt pakalpojumu", "Assign a service")                                                           \
    X(T_FOR, "Klients", "Client")                                                                                    \
    X(T_INTRO, "Pirms saglabāšanas tiek pārbaudīti spēkā esošie noteikumi (piemēram, atelpas brīdis — ne vairāk kā 30 diennaktis gadā).", \
      "The rules in force are checked before saving (for example, respite: at most 30 days a year).")            \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_ITEM, "Atbalsta plāna pozīcija", "Support plan item")                                                        \
    X(T_ITEM_NONE, "— bez plāna pozīcijas —", "— no plan item —")                                                   \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                           \
    X(T_PROVIDER_NONE, "— nav norādīts —", "— not given —")                                                          \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_START, "Sākuma datums", "Start date")                                                                        \
    X(T_END, "Beigu datums", "End date")                                                                             \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_UNITS, "Apjoms visam periodam", "Units for the whole period")                                                \
    X(T_UNITS_HINT, "Dienas, diennaktis, stundas vai nodarbības — pēc pakalpojuma veida.",                          \
      "Days, nights, hours or sessions, as the service counts them.")                                              \
    X(T_HOURS, "Stundas nedēļā", "Hours a week")                                                                     \
    X(T_HOURS_HINT, "Tikai aprūpes pakalpojumam bērniem.", "Only for the child care service.")                       \
    X(T_MODE, "Atelpas brīža veids", "Respite mode")                                                                 \
    X(T_MODE_NONE, "— nav —", "— none —")                                                                            \
    X(T_DAY, "dienas laikā", "daytime")                                                                              \
    X(T_NIGHT, "naktī (20:00–08:00)", "night (20:00–08:00)")                                                         \
    X(T_FULL, "diennakts", "24 hours")                                                                               \
    X(T_DECIDED, "Lēmuma datums", "Decision date")                                                                   \
    X(T_RESPITE_USED, "Atelpas brīdis šogad jau piešķirts", "Respite already granted this year")                      \
    X(T_DAYS, "diennaktis", "days")                                                                                  \
    X(T_SAVE, "Piešķirt", "Assign")                                                                                  \
    X(T_FILL, "Aizpildīt no plāna pozīcijas", "Fill in from the plan item")                                          \
    X(T_FILL_HINT, "Pakalpojums, sniedzējs, datumi un apjoms tiek ņemti no izvēlētās plāna pozīcijas; tos var mainīt.", \
      "Service, provider, dates and units are taken from the chosen plan item; you can change them.")             \
    X(T_FILLED, "Aizpildīts no atbalsta plāna pozīcijas. Pārbaudiet un piešķiriet.",                                 \
      "Filled in from the support plan item. Check and assign.")                                                   \
    X(T_REFRESH, "Rādīt sniedzējus šim pakalpojumam", "Show providers for this service")                             \
    X(T_PROVIDER_HINT, "Sniedzēji ar vietu klienta pašvaldībā vai tās sadarbības (kaimiņu) pašvaldībās; brīvās vietas sākuma datumā.", \
      "Providers with a place in the client's municipality or a municipality it cooperates with (a neighbour); free places on the start date.") \
    X(T_PROVIDER_WIDE, "Tuvumā šo pakalpojumu neviens nesniedz: parādīti visi sniedzēji, kas to sniedz.",            \
      "Nobody nearby provides this service: every provider that does is shown.")                                   \
    X(T_FREE, "brīvas vietas", "free places")                                                                       \
    X(T_OF, "no", "of")                                                                                              \
    X(T_PLACES_UNKNOWN, "vietu skaits nav zināms", "places not known")                                               \
    X(T_WARN_HEAD, "Pirms piešķiršanas pārbaudiet:", "Check before assigning:")                                      \
    X(T_CONFIRM, "Esmu izlasījis brīdinājumus un tomēr piešķiru pakalpojumu", "I have read the warnings and assign the service anyway") \
    X(T_CONFIRM_NEEDED, "Pakalpojums vēl nav piešķirts: apstipriniet, ka esat izlasījis brīdinājumus, un piešķiriet vēlreiz.", \
      "The service is not assigned yet: confirm that you have read the warnings and assign again.")               \
    X(T_CANCEL, "Atpakaļ uz klienta kartīti", "Back to the client card")

KP_PAGE_STRINGS(STRINGS);

static void option(kp_req *r, const char *code, const char *name, const char *value)
{
    html_raw_trusted(&r->out, "<option value=\"");
    html_attr(&r->out, code);
    html_raw_trusted(&r->out, value && strcmp(value, code) == 0 ? "\" selected>" : "\">");
    html_text(&r->out, name);
    html_raw_trusted(&r->out, "</option>");
}

/* The form's values: what was posted, overlaid by a plan item chosen with
 * "fill" (POST) or arriving with ?plan_item=N (GET). */
typedef struct form {
    const kp_card_item *item; /* the plan item to fill from, or NULL */
    const char *service, *provider, *start, *end, *units, *hours, *mode, *decided, *plan_item;
} form;

static const kp_card_item *find_item(const kp_card *c, int64_t id)
{
    for (size_t i = 0; id > 0 && i < c->n_plans; i++)
        for (size_t k = 0; k < c->plans[i].n_items; k++)
            if (c->plans[i].items[k].id == id)
                return &c->plans[i].items[k];
    return NULL;
}

static void form_values(kp_req *r, const kp_card *c, form *f)
{
    bool post = strcmp(r->method, "POST") == 0;
    const char *action = post ? kp_in(r, "action") : NULL;
    memset(f, 0, sizeof *f);
    if (post) {
        f->service = kp_in(r, "service");
        f->provider = kp_in(r, "provider_id");
        f->start = kp_in(r, "start_date");
        f->end = kp_in(r, "end_date");
        f->units = kp_in(r, "units");
        f->hours = kp_in(r, "hours_per_week");
        f->mode = kp_in(r, "mode");
        f->decided = kp_in(r, "decided_on");
        f->plan_item = kp_in(r, "plan_item_id");
    }
    int64_t item = 0;
    if (!post)
        item = kp_in_int(r, "plan_item", 0);
    else if (action && strcmp(action, "fill") == 0 && f->plan_item)
        item = strtoll(f->plan_item, NULL, 10);
    if (!post && kp_in(r, "service"))
        f->service = kp_in(r, "service");
    f->item = find_item(c, item);
    if (f->item) {
        const kp_card_item *it = f->item;
        f->plan_item = kp_arena_printf(&r->arena, "%lld", (long long)it->id);
        f->service = it->service;
        f->provider = it->provider_id ? kp_arena_printf(&r->arena, "%lld", (long long)it->provider_id) : "";
        f->start = it->start_date;
        f->end = it->end_date;
        f->units = kp_arena_printf(&r->arena, "%lld", (long long)it->volume);
    }
}

static void provider_select(kp_req *r, const kp_card *c, const form *f)
{
    kp_html *h = &r->out;
    kp_provider_choices pc;
    void *coll = kp_collator_open();
    kp_date d = KP_DATE_NONE;
    const char *on = f->start && kp_date_parse_iso(f->start, &d) == KP_OK ? f->start : NULL;
    kp_rc rc = kp_cw_provider_choices(&r->ctx, c->client.id, f->service, on, kp_collate_lv, coll, &pc);
    kp_collator_close(coll);
    kp_form_select_open(r, "provider_id", t(r, T_PROVIDER), rc == KP_OK && pc.widened ? t(r, T_PROVIDER_WIDE) : t(r, T_PROVIDER_HINT),
                false);
    option(r, "", t(r, T_PROVIDER_NONE), f->provider);
    bool shown = !f->provider || !*f->provider;
    for (size_t i = 0; rc == KP_OK && i < pc.n; i++) {
        const kp_provider_choice *p = &pc.items[i];
        const char *id = kp_arena_printf(&r->arena, "%lld", (long long)p->id);
        const char *label = p->free_places >= 0
                                ? kp_arena_printf(&r->arena, "%s — %s: %lld %s %s %lld", p->name, p->where,
                                                  (long long)p->free_places, t(r, T_FREE), t(r, T_OF), (long long)p->places)
                                : kp_arena_printf(&r->arena, "%s — %s", p->name, p->where);
        option(r, id, label, f->provider);
        if (f->provider && strcmp(f->provider, id) == 0)
            shown = true;
    }
    /* The plan item's (or typed) provider stays choosable even when it is
     * not among those nearby. */
    if (!shown)
        option(r, f->provider, f->item && f->item->provider[0] ? f->item->provider : f->provider, f->provider);
    html_raw_trusted(h, "</select></div>\n");
    kp_provider_choices_free(&pc);
}

static void warnings_box(kp_req *r, const kp_errors *w, bool ask)
{
    if (!w || !w->n)
        return;
    kp_html *h = &r->out;
    html_raw_trusted(h, "<div class=\"notice warning\" role=\"status\"><p>");
    html_text(h, ask ? t(r, T_CONFIRM_NEEDED) : t(r, T_WARN_HEAD));
    html_raw_trusted(h, "</p><ul>");
    for (size_t i = 0; i < w->n; i++) {
        html_raw_trusted(h, "<li>");
        html_text(h, w->items[i].message);
        html_raw_trusted(h, "</li>");
    }
    html_raw_trusted(h, "</ul></div>\n");
}

static int render(kp_req *r, const kp_errors *warnings_in, bool ask)
{
    int status = 500;
    kp_card c;
    kp_rc rc = kp_card_load(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options services;
    rc = kp_cw_service_options(&r->ctx, &services);
    if (rc) {
        kp_card_free(&c);
        return kp_error(r, kp_status_for(rc));
    }
    kp_errors w;
    kp_errors_init(&w);
    if (!warnings_in && kp_assignment_warnings(&r->ctx, c.client.id, &w) == KP_OK)
        warnings_in = &w;
    form f;
    form_values(r, &c, &f);
    const char *token = strcmp(r->method, "POST") == 0 ? kp_in(r, "form_token") : NULL;
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
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
    html_raw_trusted(h, "</a>. ");
    html_text(h, t(r, T_RESPITE_USED));
    html_raw_trusted(h, ": ");
    html_int(h, c.respite_used);
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_DAYS));
    html_raw_trusted(h, ".</p>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (f.item)
        kp_notice(r, t(r, T_FILLED));
    warnings_box(r, warnings_in, ask);
    kp_form_errors(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "/assign\" class=\"panel\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\">\n");
    /* Items of the approved plan, first: they fill the rest. */
    kp_form_select_open(r, "plan_item_id", t(r, T_ITEM), t(r, T_FILL_HINT), false);
    option(r, "", t(r, T_ITEM_NONE), f.plan_item);
    for (size_t i = 0; i < c.n_plans; i++) {
        const kp_card_plan *p = &c.plans[i];
        if (strcmp(p->status, "approved") != 0)
            continue;
        for (size_t k = 0; k < p->n_items; k++) {
            const kp_card_item *it = &p->items[k];
            option(r, kp_arena_printf(&r->arena, "%lld", (long long)it->id),
                   kp_arena_printf(&r->arena, "%s, %lld (%s–%s)", it->service_name, (long long)it->volume,
                                   kp_fmt_date(r, it->start_date), kp_fmt_date(r, it->end_date)),
                   f.plan_item);
        }
    }
    html_raw_trusted(h, "</select> <button type=\"submit\" name=\"action\" value=\"fill\" class=\"link\" formnovalidate>");
    html_text(h, t(r, T_FILL));
    html_raw_trusted(h, "</button></div>\n");
    kp_form_select_open(r, "service", t(r, T_SERVICE), NULL, true);
    option(r, "", t(r, T_CHOOSE), f.service);
    for (size_t i = 0; i < services.n; i++) {
        const kp_option *o = &services.items[i];
        option(r, o->code, o->parent[0] ? kp_arena_printf(&r->arena, "— %s", o->name) : o->name, f.service);
    }
    html_raw_trusted(h, "</select> <button type=\"submit\" name=\"action\" value=\"refresh\" class=\"link\" formnovalidate>");
    html_text(h, t(r, T_REFRESH));
    html_raw_trusted(h, "</button></div>\n");
    provider_select(r, &c, &f);
    kp_form_field(r, "start_date", t(r, T_START), "date", f.start, t(r, T_DATE_HINT), true);
    kp_form_field(r, "end_date", t(r, T_END), "date", f.end, t(r, T_DATE_HINT), true);
    kp_form_field(r, "units", t(r, T_UNITS), "text", f.units, t(r, T_UNITS_HINT), true);
    kp_form_field(r, "hours_per_week", t(r, T_HOURS), "text", f.hours, t(r, T_HOURS_HINT), false);
    kp_form_select_open(r, "mode", t(r, T_MODE), NULL, false);
    option(r, "", t(r, T_MODE_NONE), f.mode);
    option(r, "day", t(r, T_DAY), f.mode);
    option(r, "night", t(r, T_NIGHT), f.mode);
    option(r, "full", t(r, T_FULL), f.mode);
    html_raw_trusted(h, "</select></div>\n");
    kp_form_field(r, "decided_on", t(r, T_DECIDED), "date", f.decided ? f.decided : today, t(r, T_DATE_HINT), true);
    if (warnings_in && warnings_in->n) {
        html_raw_trusted(h, "<div class=\"field\"><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> ");
        html_text(h, t(r, T_CONFIRM));
        html_raw_trusted(h, "</label></div>\n");
    }
    html_raw_trusted(h, "<p><button type=\"submit\" name=\"action\" value=\"save\">");
    html_text(h, t(r, T_SAVE));
    html_raw_trusted(h, "</button> <a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_errors_free(&w);
    kp_options_free(&services);
    kp_card_free(&c);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_assign(kp_req *r)
{
    return render(r, NULL, false);
}

int page_assign_submit(kp_req *r)
{
    const char *action = kp_in(r, "action");
    /* "fill" and "show providers" only re-render the form. */
    if (action && (strcmp(action, "fill") == 0 || strcmp(action, "refresh") == 0))
        return render(r, NULL, false);
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)r->path_id);
    const char *confirm = kp_in(r, "confirm");
    kp_cmd_assign in = {
        .assignment = {.client_id = cid,
                       .plan_item_id = kp_in(r, "plan_item_id"),
                       .service = kp_in(r, "service"),
                       .provider_id = kp_in(r, "provider_id"),
                       .start_date = kp_in(r, "start_date"),
                       .end_date = kp_in(r, "end_date"),
                       .units = kp_in(r, "units"),
                       .hours_per_week = kp_in(r, "hours_per_week"),
                       .mode = kp_in(r, "mode"),
                       .decided_on = kp_in(r, "decided_on")},
        .confirmed = confirm && strcmp(confirm, "1") == 0,
    };
    kp_errors w;
    kp_errors_init(&w);
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_ASSIGN_SERVICE, &in, sizeof in, kp_in(r, "form_token"), r->now, &r->errors,
                          &w, &out);
    int st;
    if (rc == KP_ECONFLICT && out.needs_confirm)
        st = render(r, &w, true); /* not saved: confirm the warnings */
    else if (rc == KP_EINVAL || rc == KP_ERULE) {
        st = render(r, &w, false);
        st = st == 200 ? 422 : st;
    } else if (rc)
        st = kp_error(r, kp_status_for(rc));
    else
        st = kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
    kp_errors_free(&w);
    return st;
}
