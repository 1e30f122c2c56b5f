/* Provider staff: referrals received (services assigned to this provider),
 * with what is granted and what is delivered so far. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/casework/casework.h"
#include "service/casework/services.h"
#include <string.h>

int page_referrals(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Saņemtie nosūtījumi", "Referrals received")                                                          \
    X(T_INTRO, "Pakalpojumi, ko pašvaldības piešķīrušas jūsu iestādē.", "Services municipalities have assigned to you.") \
    X(T_ALL, "Rādīt arī beigušos un atceltos", "Show ended and cancelled ones too")                                 \
    X(T_ACTIVE_ONLY, "Rādīt tikai spēkā esošos", "Show active ones only")                                            \
    X(T_ATTENDANCE, "Ierakstīt grupas apmeklējumu", "Record a group's attendance")                                   \
    X(T_STATEMENT, "Mēneša pārskats", "Monthly statement")                                                           \
    X(T_NONE, "Nosūtījumu nav.", "No referrals.")                                                                    \
    X(T_NAME, "Klients", "Client")                                                                                   \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_DECIDED, "Lēmums", "Decision")                                                                               \
    X(T_UNITS, "Piešķirts", "Granted")                                                                               \
    X(T_DELIVERED, "Sniegts", "Delivered")                                                                           \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_ACTIVE, "spēkā", "active")                                                                                   \
    X(T_CANCELLED, "atcelts", "cancelled")

KP_PAGE_STRINGS(STRINGS);

static void td(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, "<td>");
    html_text(&r->out, s);
    html_raw_trusted(&r->out, "</td>");
}

static void td_num(kp_req *r, int64_t v)
{
    html_raw_trusted(&r->out, "<td class=\"num\">");
    html_int(&r->out, v);
    html_raw_trusted(&r->out, "</td>");
}

int page_referrals(kp_req *r)
{
    int status = 500;
    bool all = kp_in_int(r, "all", 0) == 1;
    kp_referrals list;
    kp_rc rc = kp_referrals_list(&r->ctx, 0, !all, &list);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n<p><a class=\"button\" href=\"/attendance\">");
    html_text(h, t(r, T_ATTENDANCE));
    html_raw_trusted(h, "</a> <a href=\"/statement\">");
    html_text(h, t(r, T_STATEMENT));
    html_raw_trusted(h, all ? "</a> · <a href=\"/referrals\">" : "</a> · <a href=\"/referrals?all=1\">");
    html_text(h, t(r, all ? T_ACTIVE_ONLY : T_ALL));
    html_raw_trusted(h, "</a></p>\n");
    if (!list.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        static const int H[] = {T_NAME, T_MUNI, T_SERVICE, T_PERIOD, T_DECIDED, T_UNITS, T_DELIVERED, T_STATUS};
        html_raw_trusted(h, "<table>\n<thead><tr>");
        for (size_t i = 0; i < sizeof H / sizeof H[0]; i++) {
            html_raw_trusted(h, i == 5 || i == 6 ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
            html_text(h, t(r, H[i]));
            html_raw_trusted(h, "</th>");
        }
        html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < list.n; i++) {
            const kp_referral *x = &list.items[i];
            html_raw_trusted(h, "<tr><td><a href=\"/clients/");
            html_int(h, x->client_id);
            html_raw_trusted(h, "\">");
            html_text(h, x->family_name);
            html_raw_trusted(h, " ");
            html_text(h, x->given_name);
            html_raw_trusted(h, "</a></td>");
            td(r, x->municipality);
            td(r, x->service_name);
            td(r, kp_arena_printf(&r->arena, "%s–%s", kp_fmt_date(r, x->start_date), kp_fmt_date(r, x->end_date)));
            td(r, kp_fmt_date(r, x->decided_on));
            td_num(r, x->units);
            td_num(r, x->delivered);
            kp_assignment_status st; /* the status today (services.h) */
            td(r, kp_assignment_status_parse(x->status, &st) == KP_OK ? kp_assignment_status_label(&r->ctx, st)
                  : strcmp(x->status, "active") == 0                  ? t(r, T_ACTIVE)
                                                                      : t(r, T_CANCELLED));
            html_raw_trusted(h, "</tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
    }
    kp_referrals_free(&list);
    kp_page_end(r);
    status = 200;
    return status;
}
