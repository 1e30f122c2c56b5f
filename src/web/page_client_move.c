/* Moving a person to another municipality on a date (GET/POST
 * /clients/{id}/move): from that date the receiving municipality is
 * responsible and sees the client, and this one no longer does. Recorded by
 * the municipality responsible today, also in advance. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/access.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_move(kp_req *r);
int page_client_move_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Pārcelt uz citu pašvaldību", "Move to another municipality")                                         \
    X(T_NOW, "Šodien atbild", "Responsible today")                                                                   \
    X(T_INTRO, "No norādītās dienas par personu atbild otra pašvaldība: tās darbinieki redz klientu, bet jūsu pašvaldība " \
               "vairs ne (paliek tikai audita ieraksti). Pārcelšanos var ierakstīt arī iepriekš.",                       \
      "From the date given the other municipality is responsible: its workers see the client and yours no longer do " \
      "(only the audit trail keeps what happened). A move can be recorded in advance.")                             \
    X(T_TO, "Pašvaldība, kas atbildēs", "Municipality responsible from then on")                                    \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_PARISH, "Pagasts vai pilsēta (ja teritorija reformā sadalīta)", "Parish or town (if the reform split the territory)") \
    X(T_ON, "Pārcelšanās diena", "Day of the move")                                                                  \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_SAVE, "Ierakstīt pārcelšanos", "Record the move")

KP_PAGE_STRINGS(STRINGS);

int page_client_move(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options munis;
    rc = kp_person_municipality_options(&r->ctx, true, &munis);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    pf_head(r, t(r, T_TITLE), &c);
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_NOW));
    html_raw_trusted(h, ": <strong>");
    html_text(h, strcmp(r->lang, "en") == 0 ? c.municipality_name_en : c.municipality_name);
    html_raw_trusted(h, "</strong></p>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    pf_form_open(r, c.id, "move");
    pf_select(r, "municipality", t(r, T_TO), &munis, pf_val(r, "municipality"), t(r, T_CHOOSE), true);
    kp_form_field(r, "parish", t(r, T_PARISH), "text", pf_val(r, "parish"), NULL, false);
    const char *on = pf_val(r, "effective_on");
    kp_form_field(r, "effective_on", t(r, T_ON), "date", on ? on : pf_today(r), pf_date_hint(r), true);
    pf_textarea(r, "reason", t(r, T_REASON), pf_val(r, "reason"), NULL, true);
    pf_form_close(r, c.id, t(r, T_SAVE));
    kp_options_free(&munis);
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_client_move(ctx, arg, e, id);
}

int page_client_move_submit(kp_req *r)
{
    kp_move_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .effective_on = kp_in(r, "effective_on"),
        .municipality = kp_in(r, "municipality"),
        .parish = kp_in(r, "parish"),
        .reason = kp_in(r, "reason"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    /* Moved out today or before: the card is no longer ours to show. */
    if (rc == KP_OK && kp_access_client(&r->ctx, r->path_id, false) != KP_OK)
        return kp_redirect(r, "/clients");
    return pf_finish(r, rc, page_client_move);
}
