/* The evaluation and case documents as files: a form for the region's
 * evaluation (PDF, XLSX, HTML, CSV) and the PDF documents made from a
 * person's records. Scope is checked by the service calls underneath. */
#include "web/pages.h"
#include "web/eval_pages.h"
#include "report/documents.h"
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "report/eval_open.h"
#include "report/evaluation_rows.h"
#include "service/figures/open_data.h"
#include "report/render.h"
#include "service/access.h"
#include "service/figures/eval_details.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *format, *type, *label;
} FORMATS[] = {
    {"pdf", "application/pdf", "PDF"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"},
    {"html", "text/html; charset=utf-8", "HTML"},
    {"csv", "text/csv; charset=utf-8", "CSV (atvērtie dati)"},
};

static void label_for(kp_req *r, const char *id, kp_str_key key)
{
    html_raw_trusted(&r->out, "<div class=\"field\"><label for=\"");
    html_attr(&r->out, id);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, KP_S(r, key));
    html_raw_trusted(&r->out, "</label>");
}

int page_evaluation(kp_req *r)
{
    const kp_user *u = &r->session->user;
    kp_eval_list regions;
    kp_rc rc = kp_eval_regions(&r->ctx, &regions);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_page_begin(r, KP_S(r, S_EVAL_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, KP_S(r, S_EVAL_TITLE));
    html_raw_trusted(&r->out, "</h1>\n<p>");
    html_text(&r->out, KP_S(r, S_EVAL_INTRO));
    html_raw_trusted(&r->out, "</p>\n<form method=\"get\" action=\"/evaluation/file\" class=\"panel\">\n");
    label_for(r, "f-region", S_EVAL_REGION);
    html_raw_trusted(&r->out, "<select id=\"f-region\" name=\"region\">");
    const kp_eval_name *names = regions.items;
    for (size_t i = 0; i < regions.n; i++) {
        /* A region's coordinator makes the evaluation of that region only. */
        if (u->role == KP_ROLE_REGION && strcmp(names[i].code, r->ctx.region) != 0)
            continue;
        kp_form_option(r, names[i].code, names[i].name, i == regions.n - 1);
    }
    if (u->role != KP_ROLE_REGION)
        kp_form_option(r, KP_REGION_ALL, KP_S(r, S_EVAL_ALL), false);
    html_raw_trusted(&r->out, "</select></div>\n");
    kp_form_field(r, "at", KP_S(r, S_EVAL_AT), "date", kp_in(r, "at") ? kp_in(r, "at") : EVAL_DEFAULT_AT, NULL, true);
    label_for(r, "f-format", S_EVAL_FORMAT);
    html_raw_trusted(&r->out, "<select id=\"f-format\" name=\"format\">");
    for (size_t i = 0; i < sizeof FORMATS / sizeof FORMATS[0]; i++)
        kp_form_option(r, FORMATS[i].format, FORMATS[i].label, i == 0);
    html_raw_trusted(&r->out, "</select></div>\n<button type=\"submit\">");
    html_text(&r->out, KP_S(r, S_EVAL_MAKE));
    html_raw_trusted(&r->out, "</button>\n<button type=\"submit\" formaction=\"/evaluation/view\">");
    html_text(&r->out, eval_s(r, E_VIEW_BUTTON));
    html_raw_trusted(&r->out, "</button>\n</form>\n");
    if (u->role == KP_ROLE_REGION) /* the coordinator's chapters, approval and versions */
        eval_subnav(r, r->ctx.region, kp_in(r, "at") ? kp_in(r, "at") : EVAL_DEFAULT_AT, -1);
    kp_page_end(r);
    kp_eval_list_free(&regions);
    return 200;
}

/* Sends `bytes` as a download named `filename` (ASCII). */
static int send_file(kp_req *r, const char *type, const char *filename, const kp_buf *bytes)
{
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    if (kp_buf_append(&r->out.buf, bytes->data ? bytes->data : "", bytes->len))
        return kp_error(r, 413);
    r->content_type = type;
    char disposition[160];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
    kp_add_header(r, "Content-Disposition", kp_arena_strdup(&r->arena, disposition));
    return 200;
}

int page_evaluation_file(kp_req *r)
{
    const char *region = kp_in(r, "region"), *at = kp_in(r, "at"), *format = kp_in(r, "format");
    kp_date date;
    size_t f = 0;
    while (f < sizeof FORMATS / sizeof FORMATS[0] && (!format || strcmp(format, FORMATS[f].format) != 0))
        f++;
    if (!region || !at || kp_date_parse_iso(at, &date) || f == sizeof FORMATS / sizeof FORMATS[0])
        return kp_error(r, 400);
    /* Exact figures only for the officials of the area (the region's
     * coordinator, the administrator); the ministry's downloads and an asked
     * open-data file (open_data=1) are the suppressed version
     * (docs/figures.md, "Open data without small numbers"). */
    const char *want_open = kp_in(r, "open_data");
    if (want_open && strcmp(want_open, "1") && strcmp(want_open, "0"))
        return kp_error(r, 400);
    bool open = kp_disclosure_needed(&r->ctx, region) || (want_open && !strcmp(want_open, "1"));
    kp_disclosure_rule rule;
    if (open && kp_disclosure_current(&rule, NULL, 0))
        return kp_error(r, 500);
    kp_figures figs;
    kp_rc rc = kp_eval_figures(&r->ctx, region, date, &figs);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_buf out;
    kp_buf_init(&out, 0);
    /* The document with the region's chapters of text, as approved; in the
     * browser every figure of the HTML report leads to its records. */
    if (open) {
        rc = kp_eval_render_open(&r->ctx, region, date, format, &figs, &rule, NULL, NULL, NULL, &out);
    } else if (!strcmp(format, "html")) {
        kp_doc doc;
        kp_doc_init(&doc);
        rc = kp_eval_document(&r->ctx, region, date, &figs, NULL, NULL, &doc);
        if (!rc) {
            doc.figure_links = kp_doc_printf(&doc, "/figures/records?region=%s&date=%s", region, at);
            rc = kp_render_html(&doc, &out);
        }
        kp_doc_free(&doc);
    } else {
        rc = kp_eval_render(&r->ctx, region, date, format, &figs, NULL, NULL, &out);
    }
    kp_figures_free(&figs);
    int status;
    if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else {
        char name[96];
        snprintf(name, sizeof name, "izvertejums-%.8s-%.10s%s.%s", region, at, open ? "-atvertie-dati" : "", format);
        status = send_file(r, FORMATS[f].type, name, &out);
    }
    kp_buf_free(&out);
    return status;
}

typedef kp_rc (*doc_fn)(kp_ctx *ctx, int64_t id, kp_buf *pdf_out);

static int document(kp_req *r, doc_fn fn, const char *prefix)
{
    kp_buf out;
    kp_buf_init(&out, 0);
    kp_rc rc = fn(&r->ctx, r->path_id, &out);
    int status;
    if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else {
        char name[64];
        snprintf(name, sizeof name, "%s-%lld.pdf", prefix, (long long)r->path_id);
        status = send_file(r, "application/pdf", name, &out);
    }
    kp_buf_free(&out);
    return status;
}

int page_plan_document(kp_req *r)
{
    return document(r, kp_document_support_plan, "atbalsta-plans");
}

int page_decision_document(kp_req *r)
{
    return document(r, kp_document_decision, "lemums");
}

int page_referral_document(kp_req *r)
{
    return document(r, kp_document_referral, "nosutijums");
}

int page_statement_document(kp_req *r)
{
    const char *month = kp_in(r, "month");
    char atvk[16];
    if (!month || !kp_in(r, "municipality"))
        return kp_error(r, 400);
    kp_rc rc = kp_municipality_atvk(&r->ctx, kp_in_int(r, "municipality", 0), atvk, sizeof atvk);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_buf out;
    kp_buf_init(&out, 0);
    rc = kp_document_statement(&r->ctx, r->ctx.provider_id, atvk, month, &out);
    int status;
    if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else {
        char name[64];
        snprintf(name, sizeof name, "parskats-%.7s-%.7s.pdf", atvk, month);
        status = send_file(r, "application/pdf", name, &out);
    }
    kp_buf_free(&out);
    return status;
}
