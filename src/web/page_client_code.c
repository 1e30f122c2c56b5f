/* Changing a person's personal code (GET/POST /clients/{id}/code): the new
 * code from a date, with a reason. The current code ends the day before and
 * still finds the person; no code is ever written back into a page, a URL,
 * a log or the history. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_code(kp_req *r);
int page_client_code_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Mainīt personas kodu", "Change the personal code")                                                   \
    X(T_INTRO, "Jaunais kods derīgs no norādītās dienas; līdzšinējais beidzas dienu iepriekš un joprojām atrod personu. " \
               "Personai vienlaikus ir viens kods.",                                                                 \
      "The new code holds from the day given; the current one ends the day before and still finds the person. "     \
      "A person holds one code at a time.")                                                                          \
    X(T_CODE, "Jaunais personas kods", "New personal code")                                                          \
    X(T_CODE_HINT, "Vecais (DDMMGG-CNNNN) vai jaunais (32NNNN-NNNNN) formāts.",                                      \
      "Old (DDMMYY-CNNNN) or new (32NNNN-NNNNN) format.")                                                          \
    X(T_CODE_AGAIN, "Drošības dēļ personas kods netiek parādīts atkārtoti: ievadiet to vēlreiz.",                    \
      "For safety the personal code is not shown again: enter it once more.")                                       \
    X(T_SINCE, "Derīgs no", "Valid from")                                                                            \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_SAVE, "Mainīt kodu", "Change the code")

KP_PAGE_STRINGS(STRINGS);

int page_client_code(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    bool again = strcmp(r->method, "POST") == 0;
    kp_html *h = &r->out;
    pf_head(r, t(r, T_TITLE), &c);
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    pf_form_open(r, c.id, "code");
    /* Never echoed, left out of drafts (data-secret). */
    const char *err = kp_errors_for(&r->errors, "personal_code");
    html_raw_trusted(h, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-personal_code\">");
    html_text(h, t(r, T_CODE));
    html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label><p class=\"hint\" id=\"f-personal_code-hint\">");
    html_text(h, t(r, again ? T_CODE_AGAIN : T_CODE_HINT));
    html_raw_trusted(h, "</p>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-personal_code-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, err ? "<input id=\"f-personal_code\" name=\"personal_code\" type=\"text\" inputmode=\"numeric\""
                              " autocomplete=\"off\" data-secret required aria-invalid=\"true\""
                              " aria-describedby=\"f-personal_code-hint f-personal_code-err\"></div>\n"
                            : "<input id=\"f-personal_code\" name=\"personal_code\" type=\"text\" inputmode=\"numeric\""
                              " autocomplete=\"off\" data-secret required aria-describedby=\"f-personal_code-hint\"></div>\n");
    const char *since = pf_val(r, "since");
    kp_form_field(r, "since", t(r, T_SINCE), "date", since ? since : pf_today(r), pf_date_hint(r), true);
    pf_textarea(r, "reason", t(r, T_REASON), pf_val(r, "reason"), NULL, true);
    pf_form_close(r, c.id, t(r, T_SAVE));
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_client_code_change(ctx, arg, e, id);
}

int page_client_code_submit(kp_req *r)
{
    kp_code_change_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .personal_code = kp_in(r, "personal_code"),
        .since = kp_in(r, "since"),
        .reason = kp_in(r, "reason"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    return pf_finish(r, rc, page_client_code);
}
