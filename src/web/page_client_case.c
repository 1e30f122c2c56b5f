/* Closing a person's case on a date with a reason, or reopening it (GET/POST
 * /clients/{id}/case). The form offers what fits today's status; a closed
 * case leaves the stock figures from its date and keeps its records. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_case(kp_req *r);
int page_client_case_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_CLOSE, "Slēgt lietu", "Close the case")                                                                      \
    X(T_REOPEN, "Atvērt lietu no jauna", "Reopen the case")                                                          \
    X(T_CLOSE_INTRO, "No slēgšanas dienas persona vairs netiek skaitīta starp iedzīvotājiem pārskatos; izvērtējumi un " \
                     "sniegtie pakalpojumi paliek. Lietu var atvērt no jauna.",                                     \
      "From the day it closes the person is no longer counted among the people living in the municipality; "       \
      "assessments and services delivered stay counted. The case can be reopened.")                                  \
    X(T_CLOSED_NOW, "Lieta slēgta kopš", "The case is closed since")                                                 \
    X(T_ON, "Datums", "Date")                                                                                        \
    X(T_WHY, "Slēgšanas iemesls", "Reason for closing")                                                              \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_TEXT_CLOSE, "Paskaidrojums", "Explanation")                                                                  \
    X(T_TEXT_CLOSE_HINT, "Obligāts, ja iemesls ir „cits iemesls”.", "Required when the reason is \"another reason\".") \
    X(T_TEXT_REOPEN, "Iemesls", "Reason")

KP_PAGE_STRINGS(STRINGS);

int page_client_case(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_person p;
    rc = kp_person_load(&r->ctx, r->path_id, &p);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    /* What the form does: what was asked (a refused submit), else what
     * today's status allows. */
    const char *asked = pf_val(r, "status");
    bool closing = asked ? strcmp(asked, "closed") == 0 : !p.now.closed;
    kp_html *h = &r->out;
    pf_head(r, t(r, closing ? T_CLOSE : T_REOPEN), &c);
    html_raw_trusted(h, "<p>");
    if (p.now.closed) {
        html_text(h, t(r, T_CLOSED_NOW));
        html_raw_trusted(h, " ");
        html_text(h, kp_fmt_date(r, p.status_since));
        html_raw_trusted(h, ": ");
        html_text(h, pf_closing_reason(r, p.now.closed_reason));
    } else {
        html_text(h, t(r, T_CLOSE_INTRO));
    }
    html_raw_trusted(h, "</p>\n");
    pf_form_open(r, c.id, "case");
    html_raw_trusted(h, closing ? "<input type=\"hidden\" name=\"status\" value=\"closed\">\n"
                                : "<input type=\"hidden\" name=\"status\" value=\"open\">\n");
    const char *on = pf_val(r, "effective_on");
    kp_form_field(r, "effective_on", t(r, T_ON), "date", on ? on : pf_today(r), pf_date_hint(r), true);
    if (closing) {
        static const char *const CODES[] = {"moved_away", "died", "not_eligible", "refused", "other"};
        const char *names[5];
        for (size_t i = 0; i < 5; i++)
            names[i] = pf_closing_reason(r, CODES[i]);
        kp_options why;
        pf_options(&why, CODES, names, 5);
        pf_select(r, "closing_reason", t(r, T_WHY), &why, pf_val(r, "closing_reason"), t(r, T_CHOOSE), true);
        kp_options_free(&why);
        pf_textarea(r, "reason", t(r, T_TEXT_CLOSE), pf_val(r, "reason"), t(r, T_TEXT_CLOSE_HINT), false);
    } else {
        pf_textarea(r, "reason", t(r, T_TEXT_REOPEN), pf_val(r, "reason"), NULL, true);
    }
    pf_form_close(r, c.id, t(r, closing ? T_CLOSE : T_REOPEN));
    kp_person_free(&p);
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_case_status_record(ctx, arg, e, id);
}

int page_client_case_submit(kp_req *r)
{
    kp_case_status_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .effective_on = kp_in(r, "effective_on"),
        .status = kp_in(r, "status"),
        .closing_reason = kp_in(r, "closing_reason"),
        .reason = kp_in(r, "reason"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    return pf_finish(r, rc, page_client_case);
}
