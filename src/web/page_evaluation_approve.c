/* Approving the evaluation in the browser: a page saying which version
 * approving makes and what changed since the last (figures: old → new;
 * chapters: their versions), with one button that sends the same form with
 * confirm=1; then the version is stored (report/eval_chapters.h,
 * kp_eval_publish) and its page shown. */
#include "web/eval_pages.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void eval_changes_table(kp_req *r, const kp_eval_changes *c)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<table class=\"stack changes\"><thead><tr><th scope=\"col\">");
    html_text(h, eval_s(r, E_KIND));
    html_raw_trusted(h, "</th><th scope=\"col\">");
    html_text(h, eval_s(r, E_ITEM));
    html_raw_trusted(h, "</th><th scope=\"col\">");
    html_text(h, eval_s(r, E_OLD));
    html_raw_trusted(h, "</th><th scope=\"col\">");
    html_text(h, eval_s(r, E_NEW));
    html_raw_trusted(h, "</th></tr></thead><tbody>\n");
    for (size_t i = 0; i < c->n; i++) {
        const kp_eval_change *x = &c->items[i];
        bool chapter = !strcmp(x->kind, "chapter");
        html_raw_trusted(h, "<tr><td data-label=\"");
        html_attr(h, eval_s(r, E_KIND));
        html_raw_trusted(h, "\">");
        html_text(h, eval_s(r, chapter ? E_CHAPTER : E_FIGURE));
        html_raw_trusted(h, "</td><td data-label=\"");
        html_attr(h, eval_s(r, E_ITEM));
        html_raw_trusted(h, "\">");
        html_text(h, chapter ? eval_chapter_title(r, x->item) : x->item);
        html_raw_trusted(h, "</td><td class=\"num\" data-label=\"");
        html_attr(h, eval_s(r, E_OLD));
        html_raw_trusted(h, "\">");
        if (chapter && x->old_value[0])
            html_textf(h, "%s %s", eval_s(r, E_CH_VERSION), x->old_value);
        else
            html_text(h, x->old_value[0] ? x->old_value : "—");
        html_raw_trusted(h, "</td><td class=\"num\" data-label=\"");
        html_attr(h, eval_s(r, E_NEW));
        html_raw_trusted(h, "\">");
        if (chapter && x->new_value[0])
            html_textf(h, "%s %s", eval_s(r, E_CH_VERSION), x->new_value);
        else
            html_text(h, x->new_value[0] ? x->new_value : "—");
        html_raw_trusted(h, "</td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
}

static kp_rc pending(kp_req *r, const char *region, kp_date at, int64_t *last, kp_eval_changes *changes)
{
    kp_figures figs;
    kp_chapter ch[KP_CHAPTER_COUNT];
    kp_rc rc = kp_eval_figures(&r->ctx, region, at, &figs);
    if (rc)
        return rc;
    kp_buf csv;
    kp_buf_init(&csv, 0);
    rc = kp_eval_render(&r->ctx, region, at, "csv", &figs, NULL, NULL, &csv);
    kp_figures_free(&figs);
    if (!rc)
        rc = kp_chapters_current(&r->ctx, region, at, ch);
    if (!rc) {
        rc = kp_evaluation_pending(&r->ctx, region, at, kp_buf_str(&csv), ch, last, changes);
        kp_chapters_free(ch, KP_CHAPTER_COUNT);
    }
    kp_buf_free(&csv);
    return rc;
}

static int show(kp_req *r, int status)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    if (!strcmp(region, KP_REGION_ALL))
        return kp_error(r, 404); /* only a planning region approves */
    int64_t last = 0;
    kp_eval_changes changes = {0};
    kp_rc rc = pending(r, region, at, &last, &changes);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    char title[160];
    snprintf(title, sizeof title, "%s: %s %lld", eval_s(r, E_APPROVE), eval_s(r, E_CH_VERSION), (long long)(last + 1));
    kp_page_begin(r, title);
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, title);
    html_raw_trusted(&r->out, "</h1>\n");
    eval_subnav(r, region, at_iso, E_APPROVE);
    if (status == 409)
        kp_notice(r, eval_s(r, E_AP_CONFLICT));
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, eval_s(r, E_AP_WILL));
    html_textf(&r->out, " %lld (%s, %s): ", (long long)(last + 1), region, kp_fmt_date(r, at_iso));
    html_text(&r->out, eval_s(r, E_AP_WHAT));
    html_raw_trusted(&r->out, "</p>\n");
    if (!last) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, eval_s(r, E_AP_FIRST));
        html_raw_trusted(&r->out, "</p>\n");
    } else {
        html_raw_trusted(&r->out, "<h2>");
        html_text(&r->out, eval_s(r, E_AP_SINCE));
        html_textf(&r->out, " %lld (%zu)", (long long)last, changes.n);
        html_raw_trusted(&r->out, "</h2>\n");
        if (changes.n)
            eval_changes_table(r, &changes);
        else {
            html_raw_trusted(&r->out, "<p>");
            html_text(&r->out, eval_s(r, E_AP_NOCHANGE));
            html_raw_trusted(&r->out, "</p>\n");
        }
    }
    kp_eval_changes_free(&changes);
    html_raw_trusted(&r->out, "<form method=\"post\" action=\"/evaluation/approve\" class=\"panel\" data-nodraft>\n");
    kp_form_csrf(r);
    kp_form_errors(r);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"region\" value=\"");
    html_attr(&r->out, region);
    html_raw_trusted(&r->out, "\"><input type=\"hidden\" name=\"at\" value=\"");
    html_attr(&r->out, at_iso);
    html_raw_trusted(&r->out, "\"><input type=\"hidden\" name=\"expect\" value=\"");
    html_int(&r->out, last + 1);
    html_raw_trusted(&r->out, "\"><input type=\"hidden\" name=\"confirm\" value=\"1\">\n<p><button type=\"submit\">");
    html_text(&r->out, eval_s(r, E_AP_CONFIRM));
    html_textf(&r->out, " %lld", (long long)(last + 1));
    html_raw_trusted(&r->out, "</button></p>\n</form>\n");
    kp_page_end(r);
    return status;
}

/* Also the POST's rerender when its CSRF token is stale (the server then
 * answers 403 with this page). */
int page_evaluation_approve(kp_req *r)
{
    return show(r, 200);
}

int page_evaluation_approve_submit(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    if (kp_in_int(r, "confirm", 0) != 1)
        return show(r, 200); /* asks first */
    kp_eval_version v;
    kp_rc rc = kp_eval_publish(&r->ctx, region, at, EVAL_FORMATS, EVAL_NFORMATS,
                               kp_in_int(r, "expect", 0), &v, NULL);
    if (rc == KP_ECONFLICT)
        return show(r, 409);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/evaluation/versions/%lld", (long long)v.id));
}
