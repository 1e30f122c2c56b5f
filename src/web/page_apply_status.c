/* The status of an application made online (GET/POST /pieteikums/statuss,
 * /en/apply/status): with the reference number and the status code the
 * applicant sees the status — received, more information needed with the
 * worker's question, accepted, refused with the reason — and nothing else;
 * answers the question (POST …/atbilde, …/answer) and downloads the receipt
 * PDF (POST …/kvits, …/receipt). A wrong pair reads exactly as an unknown
 * one; every look-up is throttled per address. */
#include "web/pages.h"
#include "web/apply_common.h"
#include "web/page_strings.h"
#include "report/receipt.h"
#include "service/intake/applications.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Pieteikuma statuss", "Status of an application")                                                     \
    X(T_INTRO, "Ievadiet pieteikuma numuru un statusa kodu no apliecinājuma.",                                       \
      "Enter the reference number and the status code from the receipt.")                                           \
    X(T_REFERENCE, "Pieteikuma numurs", "Reference number")                                                          \
    X(T_REFERENCE_HINT, "Piemēram, ABCD-EFGH-JKMN.", "For example ABCD-EFGH-JKMN.")                                  \
    X(T_CODE, "Statusa kods", "Status code")                                                                         \
    X(T_CODE_HINT, "Piemēram, ABCDE-FGHJK.", "For example ABCDE-FGHJK.")                                             \
    X(T_SHOW, "Rādīt statusu", "Show the status")                                                                    \
    X(T_UNKNOWN, "Nav pieteikuma ar šādu numuru un kodu. Pārbaudiet abus un mēģiniet vēlreiz.",                      \
      "There is no application with this number and code. Check both and try again.")                              \
    X(T_REQUIRED, "obligāts lauks: aizpildiet to", "required: fill it in")                                          \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_SINCE, "Kopš", "Since")                                                                                      \
    X(T_SUBMITTED, "Iesniegts", "Submitted")                                                                         \
    X(T_QUESTION, "Sociālā dienesta jautājums", "The social service's question")                                     \
    X(T_REASON, "Atteikuma iemesls", "Reason for refusal")                                                           \
    X(T_ANSWER, "Jūsu atbilde", "Your answer")                                                                       \
    X(T_ANSWER_HINT, "Neierakstiet šeit personas kodus.", "Do not write personal codes here.")                       \
    X(T_SEND, "Nosūtīt atbildi", "Send the answer")                                                                  \
    X(T_SENT, "Atbilde nosūtīta. Pieteikums atkal gaida izskatīšanu.",                                               \
      "The answer has been sent. The application is waiting to be looked at again.")                               \
    X(T_ANSWERED, "Uz šo pieteikumu atbilde vairs netiek gaidīta.", "No answer is awaited for this application.")   \
    X(T_NEW, "Iesniegt jaunu pieteikumu", "Make a new application")

KP_PAGE_STRINGS(STRINGS);

int page_apply_status(kp_req *r);
int page_apply_status_submit(kp_req *r);
int page_apply_answer(kp_req *r);
int page_apply_receipt(kp_req *r);

static void lookup_form(kp_req *r, bool echo)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"post\" action=\"");
    html_attr(h, apply_path_of(r, AP_STATUS));
    html_raw_trusted(h, "\" data-nodraft>");
    apply_form_token(r, AP_STATUS);
    const char *ref = echo && strcmp(r->method, "POST") == 0 ? kp_in(r, "reference") : NULL;
    kp_form_field(r, "reference", t(r, T_REFERENCE), "text", ref ? ref : "", t(r, T_REFERENCE_HINT), true);
    /* The code is a secret: never written back. */
    kp_form_field(r, "code", t(r, T_CODE), "text", NULL, t(r, T_CODE_HINT), true);
    html_raw_trusted(h, "<p><button type=\"submit\">");
    html_text(h, t(r, T_SHOW));
    html_raw_trusted(h, "</button></p>\n</form>\n<p><a href=\"");
    html_attr(h, apply_path_of(r, AP_FORM));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_NEW));
    html_raw_trusted(h, "</a></p>\n");
}

static void page_head(kp_req *r)
{
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, t(r, T_TITLE));
    html_raw_trusted(&r->out, "</h1>\n");
}

int page_apply_status(kp_req *r)
{
    apply_lang(r, AP_STATUS);
    page_head(r);
    html_raw_trusted(&r->out, "<p>");
    html_text(&r->out, t(r, T_INTRO));
    html_raw_trusted(&r->out, "</p>\n");
    kp_form_errors(r);
    lookup_form(r, true);
    kp_page_end(r);
    return 200;
}

/* Both fields given? Else messages on them (nothing is looked up). */
static bool pair_given(kp_req *r)
{
    const char *f[] = {"reference", "code"};
    int k[] = {T_REFERENCE, T_CODE};
    for (size_t i = 0; i < 2; i++)
        if (!kp_in(r, f[i]) || !*kp_in(r, f[i]))
            kp_errors_add(&r->errors, f[i], "", "%s: %s", t(r, k[i]), t(r, T_REQUIRED));
    return r->errors.n == 0;
}

/* The status, and for a question the answer form. */
static void status_view(kp_req *r, const kp_app_status *st, const char *notice)
{
    kp_html *h = &r->out;
    page_head(r);
    if (notice)
        kp_notice(r, notice);
    kp_form_errors(r);
    html_raw_trusted(h, "<dl class=\"sum\"><dt>");
    html_text(h, t(r, T_REFERENCE));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, st->reference);
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_SUBMITTED));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, kp_fmt_time(r, st->submitted_at));
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_STATUS));
    html_raw_trusted(h, "</dt><dd><strong id=\"status\" data-status=\"");
    html_attr(h, st->status);
    html_raw_trusted(h, "\">");
    html_text(h, apply_status_words(r, st->status));
    html_raw_trusted(h, "</strong></dd><dt>");
    html_text(h, t(r, T_SINCE));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, kp_fmt_time(r, st->status_at));
    html_raw_trusted(h, "</dd></dl>\n");
    bool question = strcmp(st->status, "info_requested") == 0;
    if (question || strcmp(st->status, "refused") == 0) {
        html_raw_trusted(h, "<h2>");
        html_text(h, t(r, question ? T_QUESTION : T_REASON));
        html_raw_trusted(h, "</h2>\n<blockquote class=\"message\"><p class=\"plain\">");
        html_text(h, st->message);
        html_raw_trusted(h, "</p></blockquote>\n");
    }
    if (question) {
        html_raw_trusted(h, "<form method=\"post\" action=\"");
        html_attr(h, apply_path_of(r, AP_ANSWER));
        html_raw_trusted(h, "\" data-nodraft>");
        apply_form_token(r, AP_ANSWER);
        html_raw_trusted(h, "<input type=\"hidden\" name=\"reference\" value=\"");
        html_attr(h, st->reference);
        html_raw_trusted(h, "\"><input type=\"hidden\" name=\"code\" value=\"");
        html_attr(h, kp_in(r, "code") ? kp_in(r, "code") : "");
        const char *err = kp_errors_for(&r->errors, "answer");
        html_raw_trusted(h, err ? "\"><div class=\"field has-error\"><label for=\"f-answer\">"
                                : "\"><div class=\"field\"><label for=\"f-answer\">");
        html_text(h, t(r, T_ANSWER));
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label><p class=\"hint\" id=\"f-answer-hint\">");
        html_text(h, t(r, T_ANSWER_HINT));
        html_raw_trusted(h, "</p>");
        if (err) {
            html_raw_trusted(h, "<p class=\"error\" id=\"f-answer-err\">");
            html_text(h, err);
            html_raw_trusted(h, "</p>");
        }
        html_raw_trusted(h, err ? "<textarea id=\"f-answer\" name=\"answer\" rows=\"6\" maxlength=\"2000\" required"
                                  " aria-invalid=\"true\" aria-describedby=\"f-answer-hint f-answer-err\">"
                                : "<textarea id=\"f-answer\" name=\"answer\" rows=\"6\" maxlength=\"2000\" required"
                                  " aria-describedby=\"f-answer-hint\">");
        const char *a = kp_in(r, "answer");
        html_text(h, err && a ? a : "");
        html_raw_trusted(h, "</textarea></div><p><button type=\"submit\">");
        html_text(h, t(r, T_SEND));
        html_raw_trusted(h, "</button></p></form>\n");
    }
    html_raw_trusted(h, "<p><a href=\"");
    html_attr(h, apply_path_of(r, AP_STATUS));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</a></p>\n");
    kp_page_end(r);
}

/* One answer for an unknown reference and a wrong code: the form again. */
static int unknown(kp_req *r)
{
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    kp_errors_add(&r->errors, "reference", "", "%s", t(r, T_UNKNOWN));
    page_head(r);
    kp_form_errors(r);
    /* Not even what was typed comes back: the page is the same for all. */
    lookup_form(r, false);
    kp_page_end(r);
    return 404;
}

/* The look-up of a pair: the status view, the form with one message for
 * unknown and wrong alike (404), or the 429 page. */
static int show(kp_req *r, const char *notice)
{
    kp_app_status st;
    int64_t retry = 0;
    kp_rc rc = kp_app_status_get(&r->ctx, kp_in(r, "reference"), kp_in(r, "code"), r->address ? r->address : "",
                                 r->now, &st, &retry);
    if (rc == KP_ERULE)
        return apply_too_many(r, retry);
    if (rc == KP_ENOTFOUND)
        return unknown(r);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    status_view(r, &st, notice);
    return 200;
}

int page_apply_status_submit(kp_req *r)
{
    apply_lang(r, AP_STATUS);
    if (!pair_given(r)) {
        int st = page_apply_status(r);
        return st == 200 ? 422 : st;
    }
    return show(r, NULL);
}

int page_apply_answer(kp_req *r)
{
    apply_lang(r, AP_STATUS);
    if (!pair_given(r)) {
        int st = page_apply_status(r);
        return st == 200 ? 422 : st;
    }
    int64_t retry = 0;
    kp_errors e;
    kp_errors_init(&e);
    kp_rc rc = kp_app_answer(&r->ctx, kp_in(r, "reference"), kp_in(r, "code"), kp_in(r, "answer"),
                             r->address ? r->address : "", r->now, &e, &retry);
    int status;
    if (rc == KP_ERULE) {
        status = apply_too_many(r, retry);
    } else if (rc == KP_EINVAL) {
        for (size_t i = 0; i < e.n; i++)
            kp_errors_add(&r->errors, e.items[i].field, "", "%s", e.items[i].message);
        status = show(r, NULL);
        status = status == 200 ? 422 : status;
    } else if (rc == KP_ECONFLICT) {
        status = show(r, t(r, T_ANSWERED));
        status = status == 200 ? 409 : status;
    } else if (rc == KP_ENOTFOUND) {
        status = unknown(r);
    } else if (rc == KP_OK) {
        status = show(r, t(r, T_SENT));
    } else {
        status = kp_error(r, kp_status_for(rc));
    }
    kp_errors_free(&e);
    return status;
}

int page_apply_receipt(kp_req *r)
{
    apply_lang(r, AP_FORM);
    if (!pair_given(r)) {
        int st = page_apply_status(r);
        return st == 200 ? 422 : st;
    }
    kp_buf pdf;
    kp_buf_init(&pdf, 0);
    int64_t retry = 0;
    kp_rc rc = kp_document_application_receipt(&r->ctx, kp_in(r, "reference"), kp_in(r, "code"),
                                               r->address ? r->address : "", r->now, &pdf, &retry);
    int status;
    if (rc == KP_ERULE) {
        status = apply_too_many(r, retry);
    } else if (rc == KP_ENOTFOUND) {
        apply_lang(r, AP_STATUS);
        status = unknown(r);
    } else if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else {
        kp_html_free(&r->out);
        kp_html_init(&r->out);
        status = kp_buf_append(&r->out.buf, pdf.data ? pdf.data : "", pdf.len) ? kp_error(r, 413) : 200;
        r->content_type = "application/pdf";
        kp_add_header(r, "Content-Disposition", strcmp(r->lang, "en") == 0 ? "attachment; filename=\"application-receipt.pdf\""
                                                                            : "attachment; filename=\"pieteikums.pdf\"");
    }
    kp_buf_free(&pdf);
    return status;
}
