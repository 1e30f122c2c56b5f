/* The coordinator's chapters of the evaluation: one textarea per chapter
 * with its current version, author and time and a link to its history;
 * saving writes a new version of each chapter whose text changed, all of
 * them or none (service/figures/chapters.h). */
#include "web/eval_pages.h"
#include "service/figures/chapters.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void textarea(kp_req *r, const kp_chapter *c, const char *value)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, c->key);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, c->key);
    html_raw_trusted(h, "\">");
    html_text(h, eval_chapter_title(r, c->key));
    html_raw_trusted(h, "</label><p class=\"hint\" id=\"f-");
    html_attr(h, c->key);
    html_raw_trusted(h, "-hint\">");
    if (c->version) {
        html_text(h, eval_s(r, E_CH_VERSION));
        html_raw_trusted(h, " ");
        html_int(h, c->version);
        html_raw_trusted(h, ", ");
        html_text(h, c->author);
        html_raw_trusted(h, ", ");
        html_text(h, kp_fmt_time(r, c->saved_at));
    } else {
        html_text(h, eval_s(r, E_CH_NONE));
    }
    html_raw_trusted(h, "</p>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, c->key);
        html_raw_trusted(h, "-error\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<textarea rows=\"10\" cols=\"80\" id=\"f-");
    html_attr(h, c->key);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, c->key);
    html_raw_trusted(h, "\" aria-describedby=\"f-");
    html_attr(h, c->key);
    html_raw_trusted(h, err ? "-hint f-" : "-hint");
    if (err) {
        html_attr(h, c->key);
        html_raw_trusted(h, "-error\" aria-invalid=\"true\">");
    } else {
        html_raw_trusted(h, "\">");
    }
    html_text(h, value);
    html_raw_trusted(h, "</textarea></div>\n");
}

int page_evaluation_chapters(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    kp_chapter ch[KP_CHAPTER_COUNT];
    kp_rc rc = kp_chapters_current(&r->ctx, region, at, ch);
    if (!rc && !strcmp(region, "ALL"))
        rc = KP_ENOTFOUND; /* the national roll-up has no chapters */
    if (rc) {
        kp_chapters_free(ch, KP_CHAPTER_COUNT);
        return kp_error(r, kp_status_for(rc));
    }
    bool posted = strcmp(r->method, "POST") == 0;
    kp_page_begin(r, eval_s(r, E_CHAPTERS));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, eval_s(r, E_CHAPTERS));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, KP_S(r, S_EVAL_TITLE));
    html_raw_trusted(&r->out, ", ");
    html_text(&r->out, region);
    html_raw_trusted(&r->out, ", ");
    html_text(&r->out, eval_s(r, E_FOR));
    html_raw_trusted(&r->out, " ");
    html_text(&r->out, kp_fmt_date(r, at_iso));
    html_raw_trusted(&r->out, "</p>\n");
    eval_subnav(r, region, at_iso, E_CHAPTERS);
    if (!posted && kp_in_int(r, "saved", 0))
        kp_notice(r, eval_s(r, E_CH_SAVED));
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, eval_s(r, E_CH_INTRO));
    html_raw_trusted(&r->out, "</p>\n<form method=\"post\" action=\"/evaluation/chapters\" class=\"panel chapters\">\n");
    kp_form_csrf(r);
    kp_form_errors(r);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"region\" value=\"");
    html_attr(&r->out, region);
    html_raw_trusted(&r->out, "\"><input type=\"hidden\" name=\"at\" value=\"");
    html_attr(&r->out, at_iso);
    html_raw_trusted(&r->out, "\">\n");
    for (int i = 0; i < KP_CHAPTER_COUNT; i++) {
        const char *typed = posted ? kp_in(r, ch[i].key) : NULL;
        textarea(r, &ch[i], typed ? typed : ch[i].body);
        if (ch[i].version) {
            html_raw_trusted(&r->out, "<p class=\"noprint\"><a href=\"");
            eval_link(r, "/evaluation/chapters/history", region, at_iso);
            html_raw_trusted(&r->out, "&amp;chapter=");
            html_url_arg(&r->out, ch[i].key);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, eval_chapter_title(r, ch[i].key));
            html_raw_trusted(&r->out, ": ");
            html_text(&r->out, eval_s(r, E_CH_HISTORY));
            html_raw_trusted(&r->out, "</a></p>\n");
        }
    }
    html_raw_trusted(&r->out, "<p><button type=\"submit\">");
    html_text(&r->out, eval_s(r, E_CH_SAVE));
    html_raw_trusted(&r->out, "</button></p>\n</form>\n");
    kp_page_end(r);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    return posted && !r->csrf_stale ? 422 : 200; /* a stale token: the server answers 403 */
}

int page_evaluation_chapters_save(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    const char *bodies[KP_CHAPTER_COUNT];
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        bodies[i] = kp_in(r, kp_chapter_keys[i]);
    kp_rc rc = kp_chapters_save_all(&r->ctx, region, at, bodies, &r->errors, NULL);
    if (rc == KP_EINVAL)
        return page_evaluation_chapters(r);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    char *loc = kp_arena_printf(&r->arena, "/evaluation/chapters?region=%s&at=%s&saved=1", region, at_iso);
    return kp_redirect(r, loc);
}

int page_evaluation_chapter_history(kp_req *r)
{
    const char *region = NULL, *chapter = kp_in(r, "chapter");
    kp_date at;
    char at_iso[11];
    bool known = eval_target(r, &region, &at, at_iso);
    if (!eval_chapter_known(r, chapter) || !known)
        return kp_error(r, 400);
    kp_chapter *list = NULL;
    size_t n = 0;
    kp_rc rc = kp_chapter_history(&r->ctx, region, at, chapter, &list, &n);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    char title[200];
    snprintf(title, sizeof title, "%s: %s", eval_s(r, E_CH_HISTORY_TITLE), eval_chapter_title(r, chapter));
    kp_page_begin(r, title);
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, title);
    html_raw_trusted(&r->out, "</h1>\n");
    eval_subnav(r, region, at_iso, E_CHAPTERS);
    if (!n) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, eval_s(r, E_CH_NONE));
        html_raw_trusted(&r->out, "</p>\n");
    }
    for (size_t i = 0; i < n; i++) {
        html_raw_trusted(&r->out, "<section class=\"panel\"><h2>");
        html_text(&r->out, eval_s(r, E_VERSION));
        html_raw_trusted(&r->out, " ");
        html_int(&r->out, list[i].version);
        html_raw_trusted(&r->out, "</h2>\n<p class=\"hint\">");
        html_text(&r->out, list[i].author);
        html_raw_trusted(&r->out, ", ");
        html_text(&r->out, kp_fmt_time(r, list[i].saved_at));
        html_raw_trusted(&r->out, "</p>\n");
        if (list[i].body[0])
            eval_plain_text(r, list[i].body);
        else {
            html_raw_trusted(&r->out, "<p>");
            html_text(&r->out, eval_s(r, E_CH_EMPTY));
            html_raw_trusted(&r->out, "</p>\n");
        }
        html_raw_trusted(&r->out, "</section>\n");
    }
    kp_page_end(r);
    kp_chapters_free(list, n);
    free(list);
    return 200;
}
