/* The records behind one figure of the evaluation (GET /figures/records):
 * the drill-down the HTML report and the screen pages link every figure
 * to. Scope, names and the audit are decided in the service
 * (service/figures/figure_records.h). */
#include "web/pages.h"
#include "web/figure_request.h"
#include "service/figures/figure_records.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *amount_text(kp_req *r, kp_value_kind kind, int64_t v)
{
    if (kind == KP_VAL_CENTS)
        return kp_fmt_money(r, v);
    char s[32];
    snprintf(s, sizeof s, "%lld", (long long)v);
    return kp_arena_strdup(&r->arena, s);
}

static void th(kp_req *r, kp_str_key key)
{
    html_raw_trusted(&r->out, "<th scope=\"col\">");
    html_text(&r->out, KP_S(r, key));
    html_raw_trusted(&r->out, "</th>");
}

int page_figures_records(kp_req *r)
{
    kp_figure_ref ref;
    const char *region = NULL;
    int64_t muni = 0;
    kp_date at = 0;
    if (!kp_figure_request(r, &ref, &region, &muni, &at))
        return kp_error(r, 400);
    kp_figure_records rec;
    kp_rc rc = kp_figure_records_list(&r->ctx, region, at, &ref, muni, &rec);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    const char *label = kp_catalogue_label(rec.def, r->lang, true);
    kp_page_begin(r, KP_S(r, S_FIGREC_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_FIGREC_TITLE));
    html_raw_trusted(&r->out, "</h1>\n<p class=\"lead\">");
    html_text(&r->out, label);
    if (ref.item[0] && strcmp(rec.def->item, "*") == 0) {
        html_raw_trusted(&r->out, " — ");
        html_text(&r->out, ref.item);
    }
    if (ref.target_group[0]) {
        html_raw_trusted(&r->out, " (");
        html_text(&r->out, ref.target_group);
        html_raw_trusted(&r->out, ")");
    }
    if (ref.period) {
        char y[16];
        snprintf(y, sizeof y, ", %d", ref.period);
        html_text(&r->out, y);
    }
    html_raw_trusted(&r->out, "</p>\n<dl class=\"facts\"><dt>");
    html_text(&r->out, KP_S(r, S_FIGREC_REGION));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, region);
    if (muni && rec.n) {
        html_raw_trusted(&r->out, " · ");
        html_text(&r->out, rec.items[0].municipality);
    }
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, KP_S(r, S_FIGREC_DATE));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, kp_fmt_date(r, kp_in(r, "date")));
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, KP_S(r, S_FIGREC_COUNT));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_int(&r->out, (int64_t)rec.n);
    html_raw_trusted(&r->out, "</dd><dt>");
    html_text(&r->out, KP_S(r, rec.derived ? S_FIGREC_NUMERATOR : S_FIGREC_TOTAL));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, amount_text(r, rec.kind, rec.total));
    html_raw_trusted(&r->out, "</dd></dl>\n");
    if (!rec.n) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_FIGREC_NONE));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        html_raw_trusted(&r->out, "<div class=\"table-wrap\"><table>\n<thead><tr>");
        th(r, S_FIGREC_NR);
        th(r, S_FIGREC_RECORD);
        th(r, S_FIGREC_MUNI);
        th(r, S_FIGREC_DETAIL);
        th(r, S_FIGREC_AMOUNT);
        html_raw_trusted(&r->out, "</tr></thead><tbody>\n");
        for (size_t i = 0; i < rec.n; i++) {
            const kp_figure_record *x = &rec.items[i];
            html_raw_trusted(&r->out, "<tr><td>");
            html_int(&r->out, (int64_t)(i + 1));
            html_raw_trusted(&r->out, "</td><td>");
            if (x->named) {
                char href[48];
                snprintf(href, sizeof href, "/clients/%lld", (long long)x->client_id);
                html_raw_trusted(&r->out, "<a href=\"");
                html_attr(&r->out, href);
                html_raw_trusted(&r->out, "\">");
                html_text(&r->out, x->name);
                html_raw_trusted(&r->out, "</a>");
            } else if (x->pseudonym[0]) {
                html_raw_trusted(&r->out, "<code>");
                html_text(&r->out, x->pseudonym);
                html_raw_trusted(&r->out, "</code>");
            } else {
                html_text(&r->out, x->name[0] ? x->name : x->kind);
                if (x->record_id) {
                    char id[32];
                    snprintf(id, sizeof id, " #%lld", (long long)x->record_id);
                    html_text(&r->out, id);
                }
            }
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, x->municipality);
            html_raw_trusted(&r->out, "</td><td>");
            html_text(&r->out, x->detail);
            html_raw_trusted(&r->out, "</td><td class=\"num\">");
            html_text(&r->out, amount_text(r, rec.kind, x->amount));
            html_raw_trusted(&r->out, "</td></tr>\n");
        }
        html_raw_trusted(&r->out, "</tbody></table></div>\n");
    }
    if (rec.derived) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, KP_S(r, S_FIGREC_DERIVED));
        html_raw_trusted(&r->out, "</p>\n");
    }
    kp_page_end(r);
    kp_figure_records_free(&rec);
    return 200;
}
