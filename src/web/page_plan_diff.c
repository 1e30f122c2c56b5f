/* What changed between two versions of a client's support plan: services
 * added, removed and changed (volume, dates, provider, goal), the review
 * date and the goals. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/casework/casework.h"
#include <string.h>

int page_plan_diff(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Atbalsta plāna izmaiņas", "Changes in the support plan")                                             \
    X(T_VERSION, "Versija", "Version")                                                                               \
    X(T_BACK, "Atpakaļ uz klienta kartīti", "Back to the client card")                                               \
    X(T_SAME, "Pakalpojumi abās versijās ir vienādi.", "The services are the same in both versions.")              \
    X(T_GOALS_CHANGED, "Mērķi ir mainīti.", "The goals have changed.")                                               \
    X(T_REVIEW, "Pārskatīšanas datums", "Review date")                                                               \
    X(T_CHANGE, "Izmaiņa", "Change")                                                                                 \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_BEFORE, "Bija", "Before")                                                                                    \
    X(T_AFTER, "Kļuva", "After")                                                                                     \
    X(T_ADDED, "pievienots", "added")                                                                                \
    X(T_REMOVED, "izņemts", "removed")                                                                               \
    X(T_CHANGED, "mainīts", "changed")                                                                               \
    X(T_VOLUME, "apjoms", "volume")                                                                                  \
    X(T_PERIOD, "periods", "period")                                                                                 \
    X(T_PROVIDER, "sniedzējs", "provider")                                                                           \
    X(T_GOAL, "mērķis", "goal")                                                                                      \
    X(T_NONE, "nav", "none")                                                                                         \
    X(T_CHOOSE, "Izvēlieties divas versijas klienta kartītē.", "Choose two versions on the client card.")

KP_PAGE_STRINGS(STRINGS);

/* One item as a short list: volume, period, provider, goal; the parts that
 * changed are marked. */
static void item(kp_req *r, const kp_card_item *it, unsigned changed)
{
    kp_html *h = &r->out;
    struct {
        unsigned bit;
        int label;
        const char *value;
    } parts[] = {
        {KP_DIFF_VOLUME, T_VOLUME, kp_arena_printf(&r->arena, "%lld", (long long)it->volume)},
        {KP_DIFF_START | KP_DIFF_END, T_PERIOD,
         kp_arena_printf(&r->arena, "%s–%s", kp_fmt_date(r, it->start_date), kp_fmt_date(r, it->end_date))},
        {KP_DIFF_PROVIDER, T_PROVIDER, it->provider[0] ? it->provider : t(r, T_NONE)},
        {KP_DIFF_GOAL, T_GOAL, it->goal[0] ? it->goal : t(r, T_NONE)},
    };
    html_raw_trusted(h, "<ul>");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        bool mark = (changed & parts[i].bit) != 0;
        html_raw_trusted(h, mark ? "<li><strong>" : "<li>");
        html_text(h, t(r, parts[i].label));
        html_raw_trusted(h, ": ");
        html_text(h, parts[i].value);
        html_raw_trusted(h, mark ? "</strong></li>" : "</li>");
    }
    html_raw_trusted(h, "</ul>");
}

int page_plan_diff(kp_req *r)
{
    int status = 500;
    int64_t a = kp_in_int(r, "a", 0), b = kp_in_int(r, "b", 0);
    kp_html *h = &r->out;
    if (a <= 0 || b <= 0) {
        kp_page_begin(r, t(r, T_TITLE));
        html_raw_trusted(h, "<h1>");
        html_text(h, t(r, T_TITLE));
        html_raw_trusted(h, "</h1>\n<p>");
        html_text(h, t(r, T_CHOOSE));
        html_raw_trusted(h, "</p>\n");
        kp_page_end(r);
        return 200;
    }
    kp_plan_diff d;
    kp_rc rc = kp_plan_diff_load(&r->ctx, r->path_id, a, b, &d);
    if (rc == KP_EINVAL)
        rc = KP_ENOTFOUND; /* plans of different clients: not this card's */
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_VERSION));
    html_raw_trusted(h, " ");
    html_int(h, d.version_a);
    html_raw_trusted(h, " → ");
    html_text(h, t(r, T_VERSION));
    html_raw_trusted(h, " ");
    html_int(h, d.version_b);
    html_raw_trusted(h, "</p>\n<p><a href=\"/clients/");
    html_int(h, r->path_id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n");
    if (d.review_changed) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_REVIEW));
        html_raw_trusted(h, ": ");
        html_text(h, d.review_a[0] ? kp_fmt_date(r, d.review_a) : t(r, T_NONE));
        html_raw_trusted(h, " → <strong>");
        html_text(h, d.review_b[0] ? kp_fmt_date(r, d.review_b) : t(r, T_NONE));
        html_raw_trusted(h, "</strong></p>\n");
    }
    if (d.goals_changed) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_GOALS_CHANGED));
        html_raw_trusted(h, "</p>\n");
    }
    if (!d.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_SAME));
        html_raw_trusted(h, "</p>\n");
    } else {
        static const int H[] = {T_SERVICE, T_CHANGE, T_BEFORE, T_AFTER};
        html_raw_trusted(h, "<table>\n<thead><tr>");
        for (size_t i = 0; i < 4; i++) {
            html_raw_trusted(h, "<th scope=\"col\">");
            html_text(h, t(r, H[i]));
            html_raw_trusted(h, "</th>");
        }
        html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < d.n; i++) {
            const kp_plan_change *c = &d.items[i];
            html_raw_trusted(h, "<tr><th scope=\"row\">");
            html_text(h, c->kind == KP_DIFF_ADDED ? c->after.service_name : c->before.service_name);
            html_raw_trusted(h, "</th><td>");
            html_text(h, t(r, c->kind == KP_DIFF_ADDED ? T_ADDED : c->kind == KP_DIFF_REMOVED ? T_REMOVED : T_CHANGED));
            html_raw_trusted(h, "</td><td>");
            if (c->kind != KP_DIFF_ADDED)
                item(r, &c->before, c->kind == KP_DIFF_CHANGED ? c->fields : 0);
            html_raw_trusted(h, "</td><td>");
            if (c->kind != KP_DIFF_REMOVED)
                item(r, &c->after, c->kind == KP_DIFF_CHANGED ? c->fields : 0);
            html_raw_trusted(h, "</td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
    }
    kp_plan_diff_free(&d);
    kp_page_end(r);
    status = 200;
    return status;
}
