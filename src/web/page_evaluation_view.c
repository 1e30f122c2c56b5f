/* The evaluation in the browser, one chapter a page: the document's
 * contents, the chapter asked for (page=N; page=0 is the whole document,
 * for printing), links to the previous and next chapter and the downloads.
 * The same document model as the files (report/eval_chapters.h). */
#include "web/eval_pages.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "report/eval_open.h"
#include "service/figures/open_data.h"
#include "report/render.h"
#include <stdio.h>

static void page_link(kp_req *r, const char *region, const char *at, int64_t page)
{
    eval_link(r, "/evaluation/view", region, at);
    html_raw_trusted(&r->out, "&amp;page=");
    html_int(&r->out, page);
}

static void downloads(kp_req *r, const char *region, const char *at)
{
    static const char *const formats[][2] = {{"pdf", "PDF"}, {"xlsx", "XLSX"}, {"html", "HTML"}, {"csv", "CSV"}};
    html_raw_trusted(&r->out, "<p class=\"noprint\">");
    html_text(&r->out, eval_s(r, E_DOWNLOADS));
    html_raw_trusted(&r->out, ":");
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        html_raw_trusted(&r->out, " <a href=\"");
        eval_link(r, "/evaluation/file", region, at);
        html_raw_trusted(&r->out, "&amp;format=");
        html_url_arg(&r->out, formats[i][0]);
        html_raw_trusted(&r->out, "\">");
        html_text(&r->out, formats[i][1]);
        html_raw_trusted(&r->out, "</a>");
    }
    html_raw_trusted(&r->out, "</p>\n");
}

int page_evaluation_view(kp_req *r)
{
    const char *region = NULL;
    kp_date at;
    char at_iso[11];
    if (!eval_target(r, &region, &at, at_iso))
        return kp_error(r, 400);
    kp_figures figs;
    kp_rc rc = kp_eval_figures(&r->ctx, region, at, &figs);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_doc doc;
    kp_doc_init(&doc);
    kp_buf body;
    kp_buf_init(&body, 0);
    rc = kp_eval_document(&r->ctx, region, at, &figs, NULL, NULL, &doc);
    /* Beyond the region's own officials (the ministry): small numbers
     * suppressed, as in its downloads (report/eval_open.h). */
    if (!rc && kp_disclosure_needed(&r->ctx, region)) {
        kp_disclosure_rule rule;
        kp_disclosure d = {0};
        rc = kp_disclosure_current(&rule, NULL, 0);
        if (!rc)
            rc = kp_disclosure_figures(&rule, &figs, &d);
        if (!rc)
            rc = kp_doc_disclose(&doc, &figs, &d);
        kp_disclosure_free(&d);
    }
    kp_figures_free(&figs);
    int64_t page = kp_in_int(r, "page", 1);
    if (!rc && (page < 0 || (size_t)page > doc.nsections))
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = page == 0 ? kp_render_html_sections(&doc, 0, doc.nsections, &body)
                       : kp_render_html_sections(&doc, (size_t)page - 1, (size_t)page, &body);
    if (rc) {
        kp_doc_free(&doc);
        kp_buf_free(&body);
        return kp_error(r, kp_status_for(rc));
    }
    char title[256];
    snprintf(title, sizeof title, "%s: %s", doc.title, doc.subtitle ? doc.subtitle : region);
    kp_page_begin(r, title);
    html_raw_trusted(&r->out, "<div class=\"eval-doc\">\n<h1>");
    html_text(&r->out, doc.title);
    html_raw_trusted(&r->out, "</h1>\n<p class=\"subtitle\">");
    html_text(&r->out, doc.subtitle ? doc.subtitle : region);
    html_raw_trusted(&r->out, "</p>\n");
    if (doc.state_line) {
        html_raw_trusted(&r->out, "<p>");
        html_text(&r->out, doc.state_line);
        html_raw_trusted(&r->out, "</p>\n");
    }
    eval_subnav(r, region, at_iso, E_VIEW);
    if (doc.notice)
        kp_notice(r, doc.notice);
    html_raw_trusted(&r->out, "<nav class=\"toc noprint\" aria-labelledby=\"toc-h\"><h2 id=\"toc-h\">");
    html_text(&r->out, eval_s(r, E_CONTENTS));
    html_raw_trusted(&r->out, "</h2>\n<ol>\n");
    for (size_t i = 0; i < doc.nsections; i++) {
        html_raw_trusted(&r->out, "<li><a href=\"");
        page_link(r, region, at_iso, (int64_t)i + 1);
        html_raw_trusted(&r->out, (int64_t)i + 1 == page ? "\" aria-current=\"page\">" : "\">");
        html_text(&r->out, doc.sections[i]->title);
        html_raw_trusted(&r->out, "</a></li>\n");
    }
    html_raw_trusted(&r->out, "</ol>\n<p><a href=\"");
    page_link(r, region, at_iso, 0);
    html_raw_trusted(&r->out, page == 0 ? "\" aria-current=\"page\">" : "\">");
    html_text(&r->out, eval_s(r, E_WHOLE));
    html_raw_trusted(&r->out, "</a></p>\n</nav>\n");
    downloads(r, region, at_iso);
    /* The chapter, drawn by the report's escaping renderer (every text of
     * the document passes kp_html_text there). */
    html_raw_trusted(&r->out, "<div class=\"doc-body\">\n");
    html_raw_trusted(&r->out, kp_buf_str(&body));
    html_raw_trusted(&r->out, "</div>\n");
    if (page > 0) {
        html_raw_trusted(&r->out, "<nav class=\"pager noprint\" aria-label=\"");
        html_attr(&r->out, eval_s(r, E_PAGER));
        html_raw_trusted(&r->out, "\"><ul>");
        if (page > 1) {
            html_raw_trusted(&r->out, "<li><a rel=\"prev\" href=\"");
            page_link(r, region, at_iso, page - 1);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, eval_s(r, E_PREV));
            html_raw_trusted(&r->out, ": ");
            html_text(&r->out, doc.sections[page - 2]->title);
            html_raw_trusted(&r->out, "</a></li>");
        }
        if ((size_t)page < doc.nsections) {
            html_raw_trusted(&r->out, "<li><a rel=\"next\" href=\"");
            page_link(r, region, at_iso, page + 1);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, eval_s(r, E_NEXT));
            html_raw_trusted(&r->out, ": ");
            html_text(&r->out, doc.sections[page]->title);
            html_raw_trusted(&r->out, "</a></li>");
        }
        html_raw_trusted(&r->out, "</ul></nav>\n");
    }
    if (doc.footer) {
        html_raw_trusted(&r->out, "<p class=\"doc-footer\">");
        html_text(&r->out, doc.footer);
        html_raw_trusted(&r->out, "</p>\n");
    }
    html_raw_trusted(&r->out, "</div>\n");
    kp_page_end(r);
    kp_doc_free(&doc);
    kp_buf_free(&body);
    return 200;
}
