/* Provider staff: a day's attendance of a whole group (e.g. a day care
 * centre) in one form. Choose the service and date (GET), then enter units
 * for everyone who came and save once (POST); one wrong row saves nothing,
 * and the message stands next to that row. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_attendance(kp_req *r);
int page_attendance_submit(kp_req *r);

/* Rows one form carries (the route declares u_1 … u_25). */
#define ROWS 25

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Grupas apmeklējums", "Group attendance")                                                             \
    X(T_INTRO, "Ierakstiet vienas dienas apmeklējumu visai grupai. Tukšs lauks nozīmē, ka persona neieradās.",        \
      "Record one day's attendance for the whole group. An empty field means the person did not come.")           \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_SHOW, "Rādīt grupu", "Show the group")                                                                       \
    X(T_GROUP, "Grupa", "Group")                                                                                     \
    X(T_NONE, "Šajā datumā šim pakalpojumam nav spēkā esošu nosūtījumu.",                                             \
      "No referral for this service is in force on this date.")                                                     \
    X(T_NAME, "Klients", "Client")                                                                                   \
    X(T_LEFT, "Atlikušais apjoms", "Units left")                                                                     \
    X(T_ALREADY, "Jau ierakstīts šajā dienā", "Already recorded that day")                                           \
    X(T_UNITS, "Apmeklējums (vienības)", "Attendance (units)")                                                       \
    X(T_SAVE, "Saglabāt apmeklējumu", "Save attendance")                                                             \
    X(T_SAVED, "Apmeklējums saglabāts. Ierakstu skaits", "Attendance saved. Records")                                \
    X(T_MORE, "Grupā ir vairāk personu, nekā ietilpst vienā veidlapā; pārējos ierakstiet pēc saglabāšanas.",          \
      "The group has more people than one form holds; record the rest after saving.")                              \
    X(T_ERRORS, "Nekas netika saglabāts. Izlabojiet norādītās rindas.", "Nothing was saved. Correct the rows shown.") \
    X(T_BACK, "Saņemtie nosūtījumi", "Referrals received")

KP_PAGE_STRINGS(STRINGS);

/* Posted rows: the assignment ids in form order. */
typedef struct posted {
    int64_t ids[ROWS];
    size_t n;
} posted;

static void parse_ids(const char *s, posted *p)
{
    p->n = 0;
    while (s && *s && p->n < ROWS) {
        char *end = NULL;
        long long v = strtoll(s, &end, 10);
        if (end == s)
            break;
        p->ids[p->n++] = v;
        s = *end == ',' ? end + 1 : end;
    }
}

static const char *row_error(kp_req *r, size_t line)
{
    for (size_t i = 0; i < r->errors.n; i++)
        if (r->errors.items[i].line == (long)line)
            return r->errors.items[i].message;
    return NULL;
}

static const char *unit_name(size_t i)
{
    static const char *const N[ROWS] = {"u_1",  "u_2",  "u_3",  "u_4",  "u_5",  "u_6",  "u_7",  "u_8",  "u_9",
                                        "u_10", "u_11", "u_12", "u_13", "u_14", "u_15", "u_16", "u_17", "u_18",
                                        "u_19", "u_20", "u_21", "u_22", "u_23", "u_24", "u_25"};
    return N[i];
}

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    bool post = strcmp(r->method, "POST") == 0;
    const char *service = kp_in(r, "service");
    const char *date = kp_in(r, "date");
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    if (!service || !*service)
        service = "day_care";
    if (!date || !*date)
        date = today;
    kp_options services;
    kp_rc rc = kp_cw_service_options(&r->ctx, &services);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_errors pick;
    kp_errors_init(&pick);
    kp_attendance g;
    memset(&g, 0, sizeof g);
    rc = kp_attendance_group(&r->ctx, 0, service, date, &pick, &g);
    if (rc && rc != KP_EINVAL) {
        kp_errors_free(&pick);
        kp_options_free(&services);
        return kp_error(r, kp_status_for(rc));
    }
    /* Errors of the choice (service, date) show on those fields. */
    for (size_t i = 0; i < pick.n; i++)
        if (!kp_errors_for(&r->errors, pick.items[i].field))
            kp_errors_add(&r->errors, pick.items[i].field, "", "%s", pick.items[i].message);
    kp_errors_free(&pick);
    posted p = {0};
    if (post)
        parse_ids(kp_in(r, "ids"), &p);
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, " <a href=\"/referrals\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n");
    if (notice)
        kp_notice(r, notice);
    if (r->csrf_stale) {
        kp_form_errors(r);
    } else if (r->errors.n) {
        html_raw_trusted(h, "<div class=\"errors\" role=\"alert\"><p>");
        html_text(h, t(r, T_ERRORS));
        html_raw_trusted(h, "</p></div>\n");
    }
    /* The choice of service and date. */
    html_raw_trusted(h, "<form method=\"get\" action=\"/attendance\" class=\"panel filters\">");
    const char *serr = kp_errors_for(&r->errors, "service");
    html_raw_trusted(h, serr ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-service\">");
    html_text(h, t(r, T_SERVICE));
    html_raw_trusted(h, "</label>");
    if (serr) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-service-err\">");
        html_text(h, serr);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<select id=\"f-service\" name=\"service\">");
    for (size_t i = 0; i < services.n; i++) {
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, services.items[i].code);
        html_raw_trusted(h, strcmp(services.items[i].code, service) == 0 ? "\" selected>" : "\">");
        html_text(h, services.items[i].name);
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>");
    const char *derr = kp_errors_for(&r->errors, "delivered_on");
    html_raw_trusted(h, derr ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-date\">");
    html_text(h, t(r, T_DATE));
    html_raw_trusted(h, "</label><p class=\"hint\" id=\"f-date-hint\">");
    html_text(h, t(r, T_DATE_HINT));
    html_raw_trusted(h, "</p>");
    if (derr) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-date-err\">");
        html_text(h, derr);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, derr ? "<input id=\"f-date\" name=\"date\" type=\"date\" aria-invalid=\"true\""
                               " aria-describedby=\"f-date-hint f-date-err\" value=\""
                             : "<input id=\"f-date\" name=\"date\" type=\"date\" aria-describedby=\"f-date-hint\" value=\"");
    html_attr(h, date);
    html_raw_trusted(h, "\"></div><div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button></div></form>\n");

    if (!rc) {
        html_raw_trusted(h, "<h2>");
        html_text(h, t(r, T_GROUP));
        html_raw_trusted(h, ": ");
        for (size_t i = 0; i < services.n; i++)
            if (strcmp(services.items[i].code, service) == 0)
                html_text(h, services.items[i].name);
        html_raw_trusted(h, ", ");
        html_text(h, kp_fmt_date(r, date));
        html_raw_trusted(h, "</h2>\n");
    }
    if (!rc && !g.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else if (!rc) {
        const char *token = post ? kp_in(r, "form_token") : NULL;
        if (!token || !*token) {
            char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
            kp_token_random(fresh);
            token = fresh;
        }
        size_t shown = g.n < ROWS ? g.n : ROWS;
        html_raw_trusted(h, "<form method=\"post\" action=\"/attendance\" class=\"panel\">");
        kp_form_csrf(r);
        html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
        html_attr(h, token);
        html_raw_trusted(h, "\"><input type=\"hidden\" name=\"service\" value=\"");
        html_attr(h, service);
        html_raw_trusted(h, "\"><input type=\"hidden\" name=\"date\" value=\"");
        html_attr(h, date);
        html_raw_trusted(h, "\"><input type=\"hidden\" name=\"ids\" value=\"");
        for (size_t i = 0; i < shown; i++) {
            if (i)
                html_raw_trusted(h, ",");
            html_int(h, g.items[i].assignment_id);
        }
        html_raw_trusted(h, "\">\n<table>\n<thead><tr><th scope=\"col\">");
        html_text(h, t(r, T_NAME));
        html_raw_trusted(h, "</th><th scope=\"col\" class=\"num\">");
        html_text(h, t(r, T_LEFT));
        html_raw_trusted(h, "</th><th scope=\"col\" class=\"num\">");
        html_text(h, t(r, T_ALREADY));
        html_raw_trusted(h, "</th><th scope=\"col\">");
        html_text(h, t(r, T_UNITS));
        html_raw_trusted(h, "</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < shown; i++) {
            const kp_attendance_row *x = &g.items[i];
            /* What was typed for this person, and its message, by id. */
            const char *typed = NULL, *err = NULL;
            for (size_t k = 0; k < p.n; k++)
                if (p.ids[k] == x->assignment_id) {
                    typed = kp_in(r, unit_name(k));
                    err = row_error(r, k + 1);
                }
            const char *name = unit_name(i);
            html_raw_trusted(h, "<tr><th scope=\"row\"><label for=\"f-");
            html_raw_trusted(h, name);
            html_raw_trusted(h, "\">");
            html_text(h, x->family_name);
            html_raw_trusted(h, " ");
            html_text(h, x->given_name);
            html_raw_trusted(h, "</label></th><td class=\"num\">");
            html_int(h, x->units_left);
            html_raw_trusted(h, "</td><td class=\"num\">");
            html_int(h, x->recorded);
            html_raw_trusted(h, err ? "</td><td class=\"has-error\">" : "</td><td>");
            if (err) {
                html_raw_trusted(h, "<p class=\"error\" id=\"f-");
                html_raw_trusted(h, name);
                html_raw_trusted(h, "-err\">");
                html_text(h, err);
                html_raw_trusted(h, "</p>");
            }
            html_raw_trusted(h, "<input id=\"f-");
            html_raw_trusted(h, name);
            html_raw_trusted(h, "\" name=\"");
            html_raw_trusted(h, name);
            html_raw_trusted(h, "\" type=\"text\" inputmode=\"numeric\" size=\"4\"");
            if (err) {
                html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"f-");
                html_raw_trusted(h, name);
                html_raw_trusted(h, "-err\"");
            }
            if (typed && *typed) {
                html_raw_trusted(h, " value=\"");
                html_attr(h, typed);
                html_raw_trusted(h, "\"");
            }
            html_raw_trusted(h, "></td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
        const char *rerr = kp_errors_for(&r->errors, "rows");
        if (rerr) {
            html_raw_trusted(h, "<p class=\"error\">");
            html_text(h, rerr);
            html_raw_trusted(h, "</p>");
        }
        if (g.n > ROWS) {
            html_raw_trusted(h, "<p>");
            html_text(h, t(r, T_MORE));
            html_raw_trusted(h, "</p>");
        }
        html_raw_trusted(h, "<p><button type=\"submit\">");
        html_text(h, t(r, T_SAVE));
        html_raw_trusted(h, "</button></p></form>\n");
    }
    kp_attendance_free(&g);
    kp_options_free(&services);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_attendance(kp_req *r)
{
    const char *saved = strcmp(r->method, "GET") == 0 ? kp_in(r, "saved") : NULL;
    if (saved && *saved)
        return render(r, kp_arena_printf(&r->arena, "%s: %s", t(r, T_SAVED), saved));
    return render(r, NULL);
}

int page_attendance_submit(kp_req *r)
{
    posted p;
    parse_ids(kp_in(r, "ids"), &p);
    kp_attendance_in rows[ROWS];
    char ids[ROWS][24];
    for (size_t i = 0; i < p.n; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)p.ids[i]);
        rows[i].assignment_id = ids[i];
        rows[i].units = kp_in(r, unit_name(i));
    }
    size_t recorded = 0;
    const char *date = kp_in(r, "date");
    kp_rc rc = kp_attendance_record(&r->ctx, 0, date, rows, p.n, kp_in(r, "form_token"), r->now, &r->errors,
                                    &recorded, NULL);
    if (rc == KP_EINVAL) {
        int st = render(r, NULL);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html q;
    kp_html_init(&q);
    html_raw_trusted(&q, "/attendance?service=");
    html_url_arg(&q, kp_in(r, "service"));
    html_raw_trusted(&q, "&date=");
    html_url_arg(&q, date);
    html_raw_trusted(&q, "&saved=");
    html_int(&q, (int64_t)recorded);
    const char *where = kp_arena_strdup(&r->arena, kp_html_str(&q));
    kp_html_free(&q);
    return kp_redirect(r, where);
}
