/* Assigning a service to a client. The rules in force are checked before
 * anything is saved; a refusal says which rule, the limit, what is used and
 * what was asked, next to the field to change. */
#include "web/pages.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include <stdio.h>
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
    X(T_CANCEL, "Atpakaļ uz klienta kartīti", "Back to the client card")

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

static const char *val(kp_req *r, const char *name)
{
    return strcmp(r->method, "POST") == 0 ? kp_in(r, name) : NULL;
}

/* A labelled select with its error, like kp_form_field. */
static void select_open(kp_req *r, const char *name, const char *label, bool required)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, label);
    if (required)
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
    html_raw_trusted(h, "</label>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<select id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    html_raw_trusted(h, required ? "\" required" : "\"");
    if (err) {
        html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\"");
    }
    html_raw_trusted(h, ">");
}

static void option(kp_req *r, const char *code, const char *name, const char *value)
{
    html_raw_trusted(&r->out, "<option value=\"");
    html_attr(&r->out, code);
    html_raw_trusted(&r->out, value && strcmp(value, code) == 0 ? "\" selected>" : "\">");
    html_text(&r->out, name);
    html_raw_trusted(&r->out, "</option>");
}

static void select_options(kp_req *r, const char *name, const char *label, const kp_options *o, const char *blank,
                           bool required, bool indent)
{
    const char *v = val(r, name);
    select_open(r, name, label, required);
    option(r, "", blank, v);
    for (size_t i = 0; i < o->n; i++) {
        const char *n = indent && o->items[i].parent[0] ? kp_arena_printf(&r->arena, "— %s", o->items[i].name)
                                                        : o->items[i].name;
        option(r, o->items[i].code, n, v);
    }
    html_raw_trusted(&r->out, "</select></div>\n");
}

int page_assign(kp_req *r)
{
    int status = 500;
    kp_card c;
    kp_rc rc = kp_card_load(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options services, providers;
    memset(&providers, 0, sizeof providers);
    rc = kp_cw_service_options(&r->ctx, &services);
    if (!rc)
        rc = kp_cw_provider_options(&r->ctx, NULL, &providers);
    if (rc) {
        kp_options_free(&services);
        kp_card_free(&c);
        return kp_error(r, kp_status_for(rc));
    }
    const char *token = val(r, "form_token");
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
    kp_form_errors(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "/assign\" class=\"panel\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\">\n");
    select_options(r, "service", t(r, T_SERVICE), &services, t(r, T_CHOOSE), true, true);
    /* Items of the approved plan. */
    const char *item = val(r, "plan_item_id");
    select_open(r, "plan_item_id", t(r, T_ITEM), false);
    option(r, "", t(r, T_ITEM_NONE), item);
    for (size_t i = 0; i < c.n_plans; i++) {
        const kp_card_plan *p = &c.plans[i];
        if (strcmp(p->status, "approved") != 0)
            continue;
        for (size_t k = 0; k < p->n_items; k++) {
            const kp_card_item *it = &p->items[k];
            option(r, kp_arena_printf(&r->arena, "%lld", (long long)it->id),
                   kp_arena_printf(&r->arena, "%s, %lld (%s–%s)", it->service_name, (long long)it->volume,
                                   kp_fmt_date(r, it->start_date), kp_fmt_date(r, it->end_date)),
                   item);
        }
    }
    html_raw_trusted(h, "</select></div>\n");
    select_options(r, "provider_id", t(r, T_PROVIDER), &providers, t(r, T_PROVIDER_NONE), false, false);
    kp_form_field(r, "start_date", t(r, T_START), "date", val(r, "start_date"), t(r, T_DATE_HINT), true);
    kp_form_field(r, "end_date", t(r, T_END), "date", val(r, "end_date"), t(r, T_DATE_HINT), true);
    kp_form_field(r, "units", t(r, T_UNITS), "text", val(r, "units"), t(r, T_UNITS_HINT), true);
    kp_form_field(r, "hours_per_week", t(r, T_HOURS), "text", val(r, "hours_per_week"), t(r, T_HOURS_HINT), false);
    const char *mode = val(r, "mode");
    select_open(r, "mode", t(r, T_MODE), false);
    option(r, "", t(r, T_MODE_NONE), mode);
    option(r, "day", t(r, T_DAY), mode);
    option(r, "night", t(r, T_NIGHT), mode);
    option(r, "full", t(r, T_FULL), mode);
    html_raw_trusted(h, "</select></div>\n");
    const char *decided = val(r, "decided_on");
    kp_form_field(r, "decided_on", t(r, T_DECIDED), "date", decided ? decided : today, t(r, T_DATE_HINT), true);
    html_raw_trusted(h, "<p><button type=\"submit\">");
    html_text(h, t(r, T_SAVE));
    html_raw_trusted(h, "</button> <a href=\"/clients/");
    html_int(h, c.client.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_options_free(&services);
    kp_options_free(&providers);
    kp_card_free(&c);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_assign_submit(kp_req *r)
{
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)r->path_id);
    kp_assignment_in in = {
        .client_id = cid,
        .plan_item_id = kp_in(r, "plan_item_id"),
        .service = kp_in(r, "service"),
        .provider_id = kp_in(r, "provider_id"),
        .start_date = kp_in(r, "start_date"),
        .end_date = kp_in(r, "end_date"),
        .units = kp_in(r, "units"),
        .hours_per_week = kp_in(r, "hours_per_week"),
        .mode = kp_in(r, "mode"),
        .decided_on = kp_in(r, "decided_on"),
    };
    kp_rc rc = kp_cw_assignment_create(&r->ctx, &in, kp_in(r, "form_token"), r->now, &r->errors, NULL, NULL);
    if (rc == KP_EINVAL || rc == KP_ERULE) {
        int st = page_assign(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
}
