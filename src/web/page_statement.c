/* Provider staff: the monthly statement of services delivered, per
 * municipality (the one that holds the client's records), client and
 * service, with totals per service for each municipality. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include <stdio.h>
#include <string.h>

int page_statement(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Mēneša pārskats", "Monthly statement")                                                               \
    X(T_INTRO, "Sniegtie pakalpojumi mēnesī pa pašvaldībām.", "Services delivered in a month, by municipality.")     \
    X(T_MONTH, "Mēnesis", "Month")                                                                                   \
    X(T_MONTH_HINT, "Formāts: mm.gggg. (piemēram, 10.2021.)", "Format: mm.yyyy (for example 10.2021)")                                                           \
    X(T_SHOW, "Rādīt", "Show")                                                                                       \
    X(T_NONE, "Šajā mēnesī nav ierakstītu sniegto pakalpojumu.", "Nothing was recorded as delivered in this month.") \
    X(T_NAME, "Klients", "Client")                                                                                   \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_DAYS, "Dienas", "Days")                                                                                      \
    X(T_UNITS, "Vienības", "Units")                                                                                  \
    X(T_CONFIRMED, "T. sk. apstiprinātas", "Of which confirmed")                                                     \
    X(T_TOTAL, "Kopā", "Total")                                                                                      \
    X(T_BACK, "Saņemtie nosūtījumi", "Referrals received")

KP_PAGE_STRINGS(STRINGS);

static void num(kp_req *r, int64_t v, bool strong)
{
    html_raw_trusted(&r->out, strong ? "<td class=\"num\"><strong>" : "<td class=\"num\">");
    html_int(&r->out, v);
    html_raw_trusted(&r->out, strong ? "</strong></td>" : "</td>");
}

/* Totals per service of rows [from, to). */
static void totals(kp_req *r, const kp_statement *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        bool first = true;
        for (size_t k = from; k < i; k++)
            first = first && strcmp(s->items[k].service, s->items[i].service) != 0;
        if (!first)
            continue;
        int64_t units = 0, confirmed = 0, days = 0;
        for (size_t k = i; k < to; k++)
            if (strcmp(s->items[k].service, s->items[i].service) == 0) {
                units += s->items[k].units;
                confirmed += s->items[k].confirmed_units;
                days += s->items[k].days;
            }
        html_raw_trusted(&r->out, "<tr><th scope=\"row\">");
        html_text(&r->out, t(r, T_TOTAL));
        html_raw_trusted(&r->out, "</th><td>");
        html_text(&r->out, s->items[i].service_name);
        html_raw_trusted(&r->out, "</td>");
        num(r, days, true);
        num(r, units, true);
        num(r, confirmed, true);
        html_raw_trusted(&r->out, "</tr>\n");
    }
}

/* A month as people type it — "10.2021.", "10.2021", "1.2022" — or as
 * links carry it ("2021-10"): into `out` as YYYY-MM. Anything else is left
 * as it came, for the use case to refuse by name. */
static const char *month_iso(const char *in, char out[8])
{
    unsigned m = 0, y = 0;
    int used = 0;
    size_t n = strlen(in);
    if (n >= 6 && n <= 8 && sscanf(in, "%2u.%4u%n", &m, &y, &used) == 2 && (in[used] == '\0' || strcmp(in + used, ".") == 0) &&
        m >= 1 && m <= 12 && y >= 1000 && y <= 9999) {
        snprintf(out, 8, "%04u-%02u", y % 10000u, m % 100u);
        return out;
    }
    return in;
}

int page_statement(kp_req *r)
{
    int status = 500;
    const char *month = kp_in(r, "month");
    char current[8], typed[8];
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    snprintf(current, sizeof current, "%.7s", today);
    if (!month || !*month)
        month = current;
    month = month_iso(month, typed);
    kp_statement s;
    memset(&s, 0, sizeof s);
    kp_rc rc = kp_provider_statement(&r->ctx, 0, month, kp_in_int(r, "municipality", 0), &r->errors, &s);
    if (rc && rc != KP_EINVAL)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    if (!rc) {
        html_raw_trusted(h, ": ");
        html_text(h, s.provider);
        html_raw_trusted(h, ", ");
        html_text(h, kp_fmt_month(r, month));
    }
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, " <a href=\"/referrals\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n<form method=\"get\" action=\"/statement\" class=\"panel filters\">");
    char shown[12];
    if (strlen(month) == 7 && month[4] == '-')
        snprintf(shown, sizeof shown, "%.2s.%.4s.", month + 5, month); /* as people write it: 10.2021. */
    else
        snprintf(shown, sizeof shown, "%.11s", month);
    kp_form_field(r, "month", t(r, T_MONTH), "text", shown, t(r, T_MONTH_HINT), true);
    html_raw_trusted(h, "<div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button></div></form>\n");
    if (!rc && !s.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    }
    for (size_t i = 0; !rc && i < s.n;) {
        size_t end = i;
        while (end < s.n && s.items[end].municipality_id == s.items[i].municipality_id)
            end++;
        html_raw_trusted(h, "<h2>");
        html_text(h, s.items[i].municipality);
        html_raw_trusted(h, "</h2>\n<p class=\"files\"><a href=\"/statement/document?municipality=");
        html_int(h, s.items[i].municipality_id);
        html_raw_trusted(h, "&amp;month=");
        html_url_arg(h, month);
        html_raw_trusted(h, "\">");
        html_text(h, KP_S(r, S_DOC_STATEMENT));
        html_raw_trusted(h, "</a></p>\n<table>\n<thead><tr>");
        static const int H[] = {T_NAME, T_SERVICE, T_DAYS, T_UNITS, T_CONFIRMED};
        for (size_t k = 0; k < 5; k++) {
            html_raw_trusted(h, k >= 2 ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
            html_text(h, t(r, H[k]));
            html_raw_trusted(h, "</th>");
        }
        html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
        for (size_t k = i; k < end; k++) {
            const kp_statement_row *x = &s.items[k];
            html_raw_trusted(h, "<tr><td><a href=\"/clients/");
            html_int(h, x->client_id);
            html_raw_trusted(h, "\">");
            html_text(h, x->family_name);
            html_raw_trusted(h, " ");
            html_text(h, x->given_name);
            html_raw_trusted(h, "</a></td><td>");
            html_text(h, x->service_name);
            html_raw_trusted(h, "</td>");
            num(r, x->days, false);
            num(r, x->units, false);
            num(r, x->confirmed_units, false);
            html_raw_trusted(h, "</tr>\n");
        }
        html_raw_trusted(h, "</tbody><tfoot>\n");
        totals(r, &s, i, end);
        html_raw_trusted(h, "</tfoot></table>\n");
        i = end;
    }
    kp_statement_free(&s);
    kp_page_end(r);
    status = rc == KP_EINVAL ? 422 : 200; /* a month that is none: the form says which */
    return status;
}
