/* One assigned service over time: its status today or on any date, its
 * suspensions, and the forms that cancel it, suspend it (and lift a
 * suspension) or end it early — each with its date and reason. Also the
 * form that ends a support plan. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/casework/services.h"
#include "service/access.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Piešķirtais pakalpojums", "Assigned service")                                                        \
    X(T_CLIENT, "Klients", "Client")                                                                                 \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_GRANTED_END, "Sākotnēji piešķirts līdz", "First granted until")                                              \
    X(T_END_REASON, "Izbeigšanas iemesls", "Reason for ending")                                                      \
    X(T_CANCELLED_FROM, "Atcelts no", "Cancelled from")                                                              \
    X(T_CANCEL_REASON, "Atcelšanas iemesls", "Reason for cancelling")                                                \
    X(T_UNITS, "Piešķirtais apjoms", "Units granted")                                                                \
    X(T_DELIVERED, "Sniegts", "Delivered")                                                                           \
    X(T_LAST, "Pēdējais sniegtais", "Last delivered")                                                                \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_STATUS_ON, "Statuss datumā", "Status on a date")                                                             \
    X(T_SHOW, "Rādīt", "Show")                                                                                       \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_SUSPENSIONS, "Apturēšanas", "Suspensions")                                                                   \
    X(T_NO_SUSPENSION, "Pakalpojums nav apturēts.", "The service has not been suspended.")                          \
    X(T_FROM, "No", "From")                                                                                          \
    X(T_TO, "Līdz", "To")                                                                                            \
    X(T_UNTIL_RESUMED, "līdz atjaunošanai", "until resumed")                                                         \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_SUSPEND, "Apturēt pakalpojumu", "Suspend the service")                                                       \
    X(T_SUSPEND_HINT, "Piemēram, epidemioloģisko ierobežojumu laikā. Beigu datumu var atstāt tukšu: tad līdz atjaunošanai.", \
      "For example during epidemic restrictions. The end may be left empty: then until resumed.")                 \
    X(T_SUSPEND_BTN, "Apturēt", "Suspend")                                                                           \
    X(T_RESUME, "Atjaunot pakalpojumu", "Resume the service")                                                        \
    X(T_RESUME_HINT, "Pirmā diena, kad pakalpojumu atkal sniedz. Ja tā ir apturēšanas pirmā diena, apturēšana tiek atsaukta.", \
      "The first day the service is given again. On the suspension's first day the suspension is withdrawn.")       \
    X(T_WHICH, "Apturēšana", "Suspension")                                                                           \
    X(T_RESUME_ON, "Atjaunot no", "Resume on")                                                                       \
    X(T_RESUME_BTN, "Atjaunot", "Resume")                                                                            \
    X(T_END, "Izbeigt pirms termiņa", "End early")                                                                   \
    X(T_END_DATE, "Pēdējā diena", "Last day")                                                                        \
    X(T_END_BTN, "Izbeigt", "End")                                                                                   \
    X(T_CANCEL, "Atcelt lēmumu", "Cancel the decision")                                                              \
    X(T_CANCEL_HINT, "Pirmā diena, kad lēmums vairs nav spēkā. Ja tā ir sākuma diena vai agrāk, lēmums nekad nav bijis spēkā; līdz tai sniegtie pakalpojumi paliek.", \
      "The first day the decision no longer holds. On the start date or earlier it never held; services delivered before it stand.") \
    X(T_CANCEL_BTN, "Atcelt", "Cancel")                                                                              \
    X(T_SAVED, "Saglabāts.", "Saved.")                                                                               \
    X(T_BACK, "Atpakaļ uz klienta kartīti", "Back to the client card")                                               \
    X(T_MANAGE, "Statuss un izmaiņas", "Status and changes")                                                         \
    X(T_PLAN_TITLE, "Izbeigt atbalsta plānu", "End the support plan")                                                \
    X(T_PLAN_VERSION, "Plāna versija", "Plan version")                                                               \
    X(T_PLAN_INTRO, "Izbeigtam plānam vairs nav jāpārskata. Norādiet pirmo dienu, kad plāns vairs nav spēkā, un iemeslu.", \
      "An ended plan is no longer due for review. Give the first day it no longer holds and the reason.")          \
    X(T_ENDED_ON, "Beidzas no", "Ends from")                                                                         \
    X(T_PLAN_BTN, "Izbeigt plānu", "End the plan")

KP_PAGE_STRINGS(STRINGS);

/* A value of this request's own declared inputs (a page shown again after a
 * POST reads the fields of that POST only). */
static const char *val(kp_req *r, const char *name)
{
    if (!r->route || !r->route->inputs)
        return NULL;
    for (const kp_input *in = r->route->inputs; in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

void page_assignment_link(kp_req *r, int64_t assignment_id)
{
    html_raw_trusted(&r->out, " <a href=\"/assignments/");
    html_int(&r->out, assignment_id);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, t(r, T_MANAGE));
    html_raw_trusted(&r->out, "</a>");
}

static void row(kp_req *r, int label, const char *value)
{
    html_raw_trusted(&r->out, "<tr><th scope=\"row\">");
    html_text(&r->out, t(r, label));
    html_raw_trusted(&r->out, "</th><td>");
    html_text(&r->out, value);
    html_raw_trusted(&r->out, "</td></tr>\n");
}

static void form_open(kp_req *r, int64_t id, const char *action, int title)
{
    html_raw_trusted(&r->out, "<h2>");
    html_text(&r->out, t(r, title));
    html_raw_trusted(&r->out, "</h2>\n<form method=\"post\" action=\"/assignments/");
    html_int(&r->out, id);
    html_raw_trusted(&r->out, "/");
    html_attr(&r->out, action);
    html_raw_trusted(&r->out, "\" class=\"panel\">");
    kp_form_csrf(r);
}

static void form_close(kp_req *r, int button)
{
    html_raw_trusted(&r->out, "<p><button type=\"submit\">");
    html_text(&r->out, t(r, button));
    html_raw_trusted(&r->out, "</button></p></form>\n");
}

static void hint(kp_req *r, int k)
{
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</p>\n");
}

int page_assignment(kp_req *r)
{
    const char *at = strcmp(r->method, "GET") == 0 ? val(r, "at") : NULL;
    kp_assignment_view v;
    kp_rc rc = kp_assignment_view_load(&r->ctx, r->path_id, at, &v);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_suspensions sus;
    rc = kp_assignment_suspensions(&r->ctx, r->path_id, &sus);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    kp_html *h = &r->out;
    const char *title = kp_arena_printf(&r->arena, "%s Nr. %lld", t(r, T_TITLE), (long long)v.id);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n<p><a href=\"/clients/");
    html_int(h, v.client_id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n");
    if (strcmp(r->method, "GET") == 0 && kp_in_int(r, "saved", 0) == 1)
        kp_notice(r, t(r, T_SAVED));
    kp_form_errors(r);

    html_raw_trusted(h, "<table class=\"facts\">\n");
    row(r, T_SERVICE, v.service_name);
    row(r, T_PERIOD, kp_arena_printf(&r->arena, "%s–%s", kp_fmt_date(r, v.start_date), kp_fmt_date(r, v.end_date)));
    if (v.granted_end_date[0]) {
        row(r, T_GRANTED_END, kp_fmt_date(r, v.granted_end_date));
        row(r, T_END_REASON, v.end_reason);
    }
    if (v.cancelled_from[0]) {
        row(r, T_CANCELLED_FROM, kp_fmt_date(r, v.cancelled_from));
        row(r, T_CANCEL_REASON, v.cancel_reason);
    }
    row(r, T_UNITS, kp_arena_printf(&r->arena, "%lld", (long long)v.units));
    row(r, T_DELIVERED, kp_arena_printf(&r->arena, "%lld", (long long)v.delivered));
    if (v.last_delivery[0])
        row(r, T_LAST, kp_fmt_date(r, v.last_delivery));
    row(r, T_STATUS, kp_arena_printf(&r->arena, "%s (%s)", kp_assignment_status_label(&r->ctx, v.status),
                                     kp_fmt_date(r, v.status_on)));
    html_raw_trusted(h, "</table>\n");

    /* The status on another date: a plain GET form. */
    html_raw_trusted(h, "<form method=\"get\" action=\"/assignments/");
    html_int(h, v.id);
    html_raw_trusted(h, "\" class=\"inline\"><div class=\"field\"><label for=\"f-at\">");
    html_text(h, t(r, T_STATUS_ON));
    html_raw_trusted(h, "</label><input id=\"f-at\" name=\"at\" type=\"date\" value=\"");
    html_attr(h, v.status_on);
    html_raw_trusted(h, "\"></div><div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button></div></form>\n");

    html_raw_trusted(h, "<h2>");
    html_text(h, t(r, T_SUSPENSIONS));
    html_raw_trusted(h, "</h2>\n");
    if (!sus.n) {
        hint(r, T_NO_SUSPENSION);
    } else {
        html_raw_trusted(h, "<table>\n<thead><tr><th scope=\"col\">");
        html_text(h, t(r, T_FROM));
        html_raw_trusted(h, "</th><th scope=\"col\">");
        html_text(h, t(r, T_TO));
        html_raw_trusted(h, "</th><th scope=\"col\">");
        html_text(h, t(r, T_REASON));
        html_raw_trusted(h, "</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < sus.n; i++) {
            html_raw_trusted(h, "<tr><td>");
            html_text(h, kp_fmt_date(r, sus.items[i].start_date));
            html_raw_trusted(h, "</td><td>");
            html_text(h, sus.items[i].end_date[0] ? kp_fmt_date(r, sus.items[i].end_date) : t(r, T_UNTIL_RESUMED));
            html_raw_trusted(h, "</td><td>");
            html_text(h, sus.items[i].reason);
            html_raw_trusted(h, "</td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
    }

    if (!v.cancelled_from[0]) {
        /* Lifting: the suspensions not over by today. */
        size_t open = 0;
        for (size_t i = 0; i < sus.n; i++)
            if (!sus.items[i].end_date[0] || strcmp(sus.items[i].end_date, today) >= 0)
                open++;
        if (open) {
            form_open(r, v.id, "resume", T_RESUME);
            hint(r, T_RESUME_HINT);
            const char *pick = val(r, "suspension_id");
            html_raw_trusted(h, "<div class=\"field\"><label for=\"f-suspension_id\">");
            html_text(h, t(r, T_WHICH));
            html_raw_trusted(h, "</label><select id=\"f-suspension_id\" name=\"suspension_id\">");
            for (size_t i = 0; i < sus.n; i++) {
                const kp_suspension *x = &sus.items[i];
                if (x->end_date[0] && strcmp(x->end_date, today) < 0)
                    continue;
                const char *id = kp_arena_printf(&r->arena, "%lld", (long long)x->id);
                html_raw_trusted(h, "<option value=\"");
                html_attr(h, id);
                html_raw_trusted(h, pick && strcmp(pick, id) == 0 ? "\" selected>" : "\">");
                html_text(h, kp_arena_printf(&r->arena, "%s–%s", kp_fmt_date(r, x->start_date),
                                             x->end_date[0] ? kp_fmt_date(r, x->end_date) : t(r, T_UNTIL_RESUMED)));
                html_raw_trusted(h, "</option>");
            }
            html_raw_trusted(h, "</select></div>\n");
            kp_form_field(r, "resume_on", t(r, T_RESUME_ON), "date", val(r, "resume_on"), t(r, T_DATE_HINT), true);
            kp_form_field(r, "resume_reason", t(r, T_REASON), "text", val(r, "resume_reason"), NULL, true);
            form_close(r, T_RESUME_BTN);
        }
        form_open(r, v.id, "suspend", T_SUSPEND);
        hint(r, T_SUSPEND_HINT);
        kp_form_field(r, "suspended_from", t(r, T_FROM), "date", val(r, "suspended_from"), t(r, T_DATE_HINT), true);
        kp_form_field(r, "suspended_to", t(r, T_TO), "date", val(r, "suspended_to"), t(r, T_DATE_HINT), false);
        kp_form_field(r, "suspend_reason", t(r, T_REASON), "text", val(r, "suspend_reason"), NULL, true);
        form_close(r, T_SUSPEND_BTN);

        form_open(r, v.id, "end", T_END);
        kp_form_field(r, "end_date", t(r, T_END_DATE), "date", val(r, "end_date"), t(r, T_DATE_HINT), true);
        kp_form_field(r, "end_reason", t(r, T_REASON), "text", val(r, "end_reason"), NULL, true);
        form_close(r, T_END_BTN);

        form_open(r, v.id, "cancel", T_CANCEL);
        hint(r, T_CANCEL_HINT);
        kp_form_field(r, "cancelled_from", t(r, T_CANCELLED_FROM), "date", val(r, "cancelled_from"), t(r, T_DATE_HINT),
                      true);
        kp_form_field(r, "cancel_reason", t(r, T_REASON), "text", val(r, "cancel_reason"), NULL, true);
        form_close(r, T_CANCEL_BTN);
    }
    kp_suspensions_free(&sus);
    kp_page_end(r);
    return 200;
}

/* The service names the reason "reason"; each form has its own field. */
static void rename_reason(kp_req *r, const char *field)
{
    for (size_t i = 0; i < r->errors.n; i++)
        if (strcmp(r->errors.items[i].field, "reason") == 0)
            snprintf(r->errors.items[i].field, sizeof r->errors.items[i].field, "%s", field);
}

static int after(kp_req *r, kp_rc rc, const char *reason_field)
{
    if (rc == KP_EINVAL) {
        rename_reason(r, reason_field);
        int st = page_assignment(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/assignments/%lld?saved=1", (long long)r->path_id));
}

int page_assignment_cancel(kp_req *r)
{
    return after(r, kp_assignment_cancel(&r->ctx, r->path_id, kp_in(r, "cancelled_from"), kp_in(r, "cancel_reason"),
                                         &r->errors),
                 "cancel_reason");
}

int page_assignment_suspend(kp_req *r)
{
    return after(r,
                 kp_assignment_suspend(&r->ctx, r->path_id, kp_in(r, "suspended_from"), kp_in(r, "suspended_to"),
                                       kp_in(r, "suspend_reason"), &r->errors, NULL),
                 "suspend_reason");
}

int page_assignment_end(kp_req *r)
{
    return after(r, kp_assignment_end(&r->ctx, r->path_id, kp_in(r, "end_date"), kp_in(r, "end_reason"), &r->errors),
                 "end_reason");
}

int page_assignment_resume(kp_req *r)
{
    /* The suspension must be this assignment's: another one answers as unknown. */
    int64_t sid = kp_in_int(r, "suspension_id", 0);
    kp_suspensions sus;
    kp_rc rc = kp_assignment_suspensions(&r->ctx, r->path_id, &sus);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    bool mine = false;
    for (size_t i = 0; i < sus.n; i++)
        mine = mine || sus.items[i].id == sid;
    kp_suspensions_free(&sus);
    if (!mine) {
        kp_errors_add(&r->errors, "suspension_id", "", "%s",
                      strcmp(r->lang, "en") == 0 ? "no such suspension of this service: choose one from the list"
                                                 : "šim pakalpojumam nav tādas apturēšanas: izvēlieties no saraksta");
        return after(r, KP_EINVAL, "resume_reason");
    }
    rc = kp_assignment_resume(&r->ctx, sid, kp_in(r, "resume_on"), kp_in(r, "resume_reason"), &r->errors);
    return after(r, rc, "resume_reason");
}

/* ---- ending a support plan --------------------------------------------- */

int page_plan_end(kp_req *r)
{
    kp_plan_status st;
    kp_rc rc = kp_plan_status_on(&r->ctx, r->path_id, NULL, &st);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_PLAN_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_PLAN_TITLE));
    html_raw_trusted(h, "</h1>\n");
    hint(r, T_PLAN_INTRO);
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_STATUS));
    html_raw_trusted(h, ": ");
    html_text(h, kp_plan_status_label(&r->ctx, st));
    html_raw_trusted(h, "</p>\n");
    kp_form_errors(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/plans/");
    html_int(h, r->path_id);
    html_raw_trusted(h, "/end\" class=\"panel\">");
    kp_form_csrf(r);
    kp_form_field(r, "ended_on", t(r, T_ENDED_ON), "date", val(r, "ended_on"), t(r, T_DATE_HINT), true);
    kp_form_field(r, "reason", t(r, T_REASON), "text", val(r, "reason"), NULL, true);
    form_close(r, T_PLAN_BTN);
    kp_page_end(r);
    return 200;
}

int page_plan_end_submit(kp_req *r)
{
    int64_t client = 0;
    kp_rc rc = kp_plan_end(&r->ctx, r->path_id, kp_in(r, "ended_on"), kp_in(r, "reason"), &r->errors);
    if (rc == KP_EINVAL) {
        int st = page_plan_end(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_plan_client(&r->ctx, r->path_id, &client);
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)client));
}
