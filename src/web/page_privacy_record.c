/* The record of processing activities (GDPR Art. 30) for the administrator
 * (GET /privacy/record, ?format=pdf for the file): made from the purposes and
 * retention rules of the catalogue folder (report/privacy_docs.h). */
#include "web/pages.h"
#include "report/privacy_docs.h"
#include "report/render.h"
#include "service/privacy/privacy.h"
#include <string.h>

int page_privacy_record(kp_req *r)
{
    const char *format = kp_in(r, "format");
    if (format && strcmp(format, "html") != 0 && strcmp(format, "pdf") != 0) {
        kp_errors_add(&r->errors, "format", format,
                      strcmp(r->lang, "en") == 0 ? "Choose html or pdf." : "Izvēlieties html vai pdf.");
        return kp_error(r, 400);
    }
    bool pdf = format && strcmp(format, "pdf") == 0;
    kp_privacy_config cfg;
    kp_errors ce;
    kp_errors_init(&ce);
    kp_rc rc = kp_privacy_config_load(NULL, &cfg, &ce);
    kp_errors_free(&ce);
    if (rc)
        return kp_error(r, 500);
    kp_doc d;
    kp_doc_init(&d);
    kp_buf body;
    kp_buf_init(&body, 0);
    rc = kp_privacy_record_doc(&cfg, strcmp(r->lang, "en") == 0, kp_date_from_ymd(2026, 1, 1), &d);
    if (!rc)
        rc = pdf ? kp_render_pdf(&d, &body) : kp_render_html_sections(&d, 0, d.nsections, &body);
    int status = 500;
    if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else if (pdf) {
        kp_html_free(&r->out);
        kp_html_init(&r->out);
        if (kp_buf_append(&r->out.buf, body.data ? body.data : "", body.len)) {
            status = kp_error(r, 413);
        } else {
            r->content_type = "application/pdf";
            kp_add_header(r, "Content-Disposition", "attachment; filename=\"apstrades-registrs.pdf\"");
            status = 200;
        }
    } else {
        kp_page_begin(r, d.title);
        html_raw_trusted(&r->out, "<div class=\"eval-doc\">\n<h1>");
        html_text(&r->out, d.title);
        html_raw_trusted(&r->out, "</h1>\n<p class=\"subtitle\">");
        html_text(&r->out, d.subtitle);
        html_raw_trusted(&r->out, "</p>\n<p class=\"files\"><a href=\"/privacy/record?format=pdf\">PDF</a></p>\n");
        /* Sections made by the report renderer: every text escaped there. */
        html_raw_trusted(&r->out, kp_buf_str(&body));
        html_raw_trusted(&r->out, "</div>\n");
        kp_page_end(r);
        status = 200;
    }
    kp_buf_free(&body);
    kp_doc_free(&d);
    kp_privacy_config_free(&cfg);
    return status;
}
