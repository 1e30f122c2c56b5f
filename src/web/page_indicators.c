/* Region coordinator: the region's indicators (baseline, target, value
 * today, computed or entered) with each entered value's corrections, and a form to enter a
 * year's value of an entered one (POST /indicators/value through
 * kp_indicator_value_add) or, from a value's "correct" link, to correct it
 * with a reason (POST /indicators/correct through
 * kp_indicator_value_correct). */
#include "web/pages.h"
#include "web/figure_request.h"
#include "service/access.h"
#include "service/figures/figures.h"
#include "core/mem.h"
#include <stdlib.h>
#include "service/programme/claims_views.h"
#include "service/programme/corrections.h"
#include "service/programme/programme.h"
#include <stdio.h>
#include <string.h>

/* A declared input of the current route, or NULL. */
static const char *opt_in(const kp_req *r, const char *name)
{
    for (const kp_input *in = r->route ? r->route->inputs : NULL; in && in->name; in++)
        if (strcmp(in->name, name) == 0)
            return kp_in(r, name);
    return NULL;
}

static void th(kp_req *r, kp_str_key k, bool numeric)
{
    html_raw_trusted(&r->out, numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
    html_text(&r->out, KP_S(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static bool entered(const kp_indicator_view *v)
{
    return strcmp(v->source, "entered") == 0;
}

/* The indicator select, labelled, with its error. */
static void indicator_select(kp_req *r, const kp_indicator_views *list, int64_t chosen)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, "indicator_id");
    html_raw_trusted(h, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-indicator_id\">");
    html_text(h, KP_S(r, S_IND_NAME));
    html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-indicator_id-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, err ? "<select id=\"f-indicator_id\" name=\"indicator_id\" required aria-invalid=\"true\""
                              " aria-describedby=\"f-indicator_id-err\">"
                            : "<select id=\"f-indicator_id\" name=\"indicator_id\" required>");
    for (size_t i = 0; i < list->n; i++) {
        const kp_indicator_view *v = &list->items[i];
        if (!entered(v))
            continue;
        html_raw_trusted(h, "<option value=\"");
        html_int(h, v->id);
        html_raw_trusted(h, v->id == chosen ? "\" selected>" : "\">");
        html_text(h, v->name);
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>\n");
}

/* The corrections of one year's value, oldest first: "labots 15.06.2021.:
 * 40 → 45 (who: why)". */
static void corrections_of(kp_req *r, const kp_value_corrections *fixes, int64_t indicator, int year)
{
    kp_html *h = &r->out;
    for (size_t i = 0; i < fixes->n; i++) {
        const kp_value_correction *c = &fixes->items[i];
        if (c->indicator_id != indicator || c->period_year != year)
            continue;
        html_raw_trusted(h, "<br><small>");
        html_text(h, KP_S(r, S_IND_CORRECTED));
        html_raw_trusted(h, " ");
        html_text(h, kp_fmt_date(r, c->on));
        html_raw_trusted(h, ": ");
        html_int(h, c->old_value);
        html_raw_trusted(h, " → ");
        html_int(h, c->new_value);
        html_raw_trusted(h, " (");
        html_text(h, c->actor);
        html_raw_trusted(h, ": ");
        html_text(h, c->reason);
        html_raw_trusted(h, ")</small>");
    }
}

/* The form correcting one year's value of an indicator. */
static void correction_form(kp_req *r, const kp_indicator_views *list, int64_t indicator, int64_t year, bool post)
{
    kp_html *h = &r->out;
    const kp_indicator_view *v = NULL;
    for (size_t i = 0; i < list->n; i++)
        if (list->items[i].id == indicator && entered(&list->items[i]))
            v = &list->items[i];
    if (!v)
        return;
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"value-h\"><h2 id=\"value-h\">");
    html_text(h, KP_S(r, S_IND_CORRECT_TITLE));
    html_raw_trusted(h, "</h2>\n<p>");
    html_text(h, v->name);
    html_raw_trusted(h, ", ");
    html_int(h, year);
    html_raw_trusted(h, "</p>\n<p>");
    html_text(h, KP_S(r, S_IND_CORRECT_HINT));
    html_raw_trusted(h, "</p>\n<form method=\"post\" action=\"/indicators/correct\">");
    kp_form_csrf(r);
    kp_form_errors(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"indicator_id\" value=\"");
    html_int(h, v->id);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"period_year\" value=\"");
    html_int(h, year);
    html_raw_trusted(h, "\">");
    kp_form_field(r, "value", KP_S(r, S_IND_NEW_VALUE), "text", post ? kp_in(r, "value") : NULL, NULL, true);
    kp_form_field(r, "reason", KP_S(r, S_IND_REASON), "text", post ? kp_in(r, "reason") : NULL, NULL, true);
    html_raw_trusted(h, "<button type=\"submit\">");
    html_text(h, KP_S(r, S_IND_CORRECT_SAVE));
    html_raw_trusted(h, "</button></form></section>\n");
}

int page_indicators(kp_req *r)
{
    int status = 500;
    bool post = strcmp(r->method, "POST") == 0;
    kp_indicator_views list;
    kp_rc rc = kp_indicator_list(&r->ctx, r->ctx.region, &list);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_value_corrections fixes;
    rc = kp_indicator_corrections(&r->ctx, r->ctx.region, &fixes);
    if (rc) {
        kp_indicator_views_free(&list);
        return kp_error(r, kp_status_for(rc));
    }
    /* Correcting: the POST of a correction, or a value's "correct" link. */
    bool correcting = post ? opt_in(r, "reason") != NULL : opt_in(r, "correct") && kp_in_int(r, "correct", 0) > 0;
    int64_t correct_year = post && correcting ? kp_in_int(r, "period_year", 0) : correcting ? kp_in_int(r, "correct", 0) : 0;
    int64_t chosen = post ? kp_in_int(r, "indicator_id", 0) : opt_in(r, "indicator") ? kp_in_int(r, "indicator", 0) : 0;
    size_t nentered = 0;
    for (size_t i = 0; i < list.n; i++)
        nentered += entered(&list.items[i]);
    /* Each indicator's value today, by the evaluation's own definition
     * (figures.h); none shown when it cannot be had. */
    kp_indicator_at *now = list.n ? kp_xcalloc(list.n, sizeof *now) : NULL;
    for (size_t i = 0; i < list.n; i++)
        now[i].indicator_id = list.items[i].id;
    kp_date today = kp_ctx_today(&r->ctx);
    if (list.n && kp_indicator_values_at(&r->ctx, r->ctx.region, 0, today, today, now, list.n))
        memset(now, 0, list.n * sizeof *now);
    kp_html *h = &r->out;
    kp_page_begin(r, KP_S(r, S_IND_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, KP_S(r, S_IND_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, KP_S(r, S_IND_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (!post && opt_in(r, "saved"))
        kp_notice(r, KP_S(r, kp_in_int(r, "saved", 0) == 2 ? S_IND_CORRECTED_NOTICE : S_IND_SAVED));
    if (!list.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, KP_S(r, S_IND_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        html_raw_trusted(h, "<table>\n<thead><tr>");
        th(r, S_IND_NAME, false);
        th(r, S_IND_BASELINE, true);
        th(r, S_IND_TARGET, true);
        th(r, S_IND_VALUE_NOW, true);
        th(r, S_IND_SOURCE, false);
        th(r, S_IND_VALUES, false);
        html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < list.n; i++) {
            const kp_indicator_view *v = &list.items[i];
            html_raw_trusted(h, "<tr><td>");
            html_text(h, v->name);
            html_raw_trusted(h, "</td>");
            kp_td_value_year(r, v->has_baseline, v->baseline, v->baseline_year);
            kp_td_value_year(r, true, v->target, v->target_year);
            /* The value today leads to the records it counts. */
            char today_iso[11];
            kp_date_format_iso(today, today_iso);
            kp_td_figure(r, now[i].found, now[i].value, entered(v) ? now[i].year : 0,
                         kp_figure_href(r, "indicator_table", "", v->key, "achieved", 0, r->ctx.region, 0, today_iso));
            html_raw_trusted(h, "<td>");
            if (entered(v)) {
                html_text(h, KP_S(r, S_IND_ENTERED));
                html_raw_trusted(h, ": ");
                html_text(h, v->entered_by_role);
            } else {
                html_text(h, KP_S(r, S_IND_COMPUTED));
            }
            html_raw_trusted(h, "</td><td>");
            for (size_t k = 0; k < v->nvalues; k++) {
                const kp_indicator_year *y = &v->values[k];
                html_raw_trusted(h, k ? "<br>" : "");
                html_int(h, y->year);
                html_raw_trusted(h, ": <strong>");
                html_int(h, y->value);
                html_raw_trusted(h, "</strong> (");
                html_text(h, y->entered_by);
                html_raw_trusted(h, ", ");
                html_text(h, kp_fmt_date(r, y->entered_on));
                html_raw_trusted(h, ") <a href=\"/indicators?indicator=");
                html_int(h, v->id);
                html_raw_trusted(h, "&amp;correct=");
                html_int(h, y->year);
                html_raw_trusted(h, "#value-h\">");
                html_text(h, KP_S(r, S_IND_CORRECT));
                html_raw_trusted(h, "</a>");
                corrections_of(r, &fixes, v->id, y->year);
            }
            if (entered(v)) {
                html_raw_trusted(h, v->nvalues ? "<br><a href=\"/indicators?indicator=" : "<a href=\"/indicators?indicator=");
                html_int(h, v->id);
                html_raw_trusted(h, "#value-h\">");
                html_text(h, KP_S(r, S_IND_ENTER));
                html_raw_trusted(h, "</a>");
            }
            html_raw_trusted(h, "</td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
    }
    if (correcting) {
        correction_form(r, &list, chosen, correct_year, post);
    } else if (nentered) {
        char year[16];
        snprintf(year, sizeof year, "%d", kp_date_year(kp_ctx_today(&r->ctx)) - 1);
        const char *py = post ? kp_in(r, "period_year") : NULL;
        const char *val = post ? kp_in(r, "value") : NULL;
        html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"value-h\"><h2 id=\"value-h\">");
        html_text(h, KP_S(r, S_IND_FORM_TITLE));
        html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/indicators/value\">");
        kp_form_csrf(r);
        kp_form_errors(r);
        indicator_select(r, &list, chosen);
        kp_form_field(r, "period_year", KP_S(r, S_IND_YEAR), "text", py ? py : year, NULL, true);
        kp_form_field(r, "value", KP_S(r, S_IND_VALUE), "text", val, NULL, true);
        html_raw_trusted(h, "<button type=\"submit\">");
        html_text(h, KP_S(r, S_IND_SAVE));
        html_raw_trusted(h, "</button></form></section>\n");
    }
    kp_indicator_views_free(&list);
    free(now);
    kp_value_corrections_free(&fixes);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_indicator_value(kp_req *r)
{
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    kp_indicator_value_in in = {.indicator_id = kp_in(r, "indicator_id"),
                                .period_year = kp_in(r, "period_year"),
                                .value = kp_in(r, "value"),
                                .entered_by = r->session->user.username,
                                .entered_on = today};
    int64_t id = 0;
    kp_rc rc = kp_indicator_value_add(&r->ctx, &in, &r->errors, &id);
    if (rc == KP_EINVAL) {
        int st = page_indicators(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc)); /* another region's indicator: 404 */
    return kp_redirect(r, "/indicators?saved=1");
}

int page_indicator_correct(kp_req *r)
{
    kp_indicator_correction_in in = {.indicator_id = kp_in(r, "indicator_id"),
                                     .period_year = kp_in(r, "period_year"),
                                     .value = kp_in(r, "value"),
                                     .reason = kp_in(r, "reason")};
    kp_rc rc = kp_indicator_value_correct(&r->ctx, &in, &r->errors, NULL);
    if (rc == KP_EINVAL) {
        int st = page_indicators(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc)); /* another region's indicator: 404 */
    return kp_redirect(r, "/indicators?saved=2");
}
