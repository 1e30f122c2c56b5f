/* Where a person lives over time (GET /clients/{id}/residence) and "moves
 * to … on …" (POST): into or out of an institution, a return. The move ends
 * the place the person leaves the day before and starts the next, together;
 * a period that would overlap is refused. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_residence(kp_req *r);
int page_client_residence_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Dzīvesvieta", "Residence")                                                                           \
    X(T_PLACE, "Kur", "Where")                                                                                       \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_NONE, "Dzīvesvieta nav ierakstīta.", "No residence recorded.")                                               \
    X(T_UNTIL_NOW, "līdz šim", "to date")                                                                            \
    X(T_MOVE, "Persona pārceļas", "The person moves")                                                                \
    X(T_KIND, "Uz", "To")                                                                                            \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_ON, "Pirmā diena jaunajā vietā", "First day in the new place")                                               \
    X(T_WHERE, "Vietas pašvaldība (ja zināma)", "Municipality of the place (if known)")                             \
    X(T_NOT_GIVEN, "nav norādīta", "not given")                                                                      \
    X(T_PARISH, "Pagasts vai pilsēta (ja teritorija reformā sadalīta)", "Parish or town (if the reform split the territory)") \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_SAVE, "Ierakstīt pārcelšanos", "Record the move")

KP_PAGE_STRINGS(STRINGS);

int page_client_residence(kp_req *r)
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
    kp_options munis;
    rc = kp_person_municipality_options(&r->ctx, true, &munis);
    if (rc) {
        kp_person_free(&p);
        return kp_error(r, kp_status_for(rc));
    }
    kp_html *h = &r->out;
    pf_head(r, t(r, T_TITLE), &c);
    if (!p.n_residences) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        html_raw_trusted(h, "<table>\n<thead><tr><th scope=\"col\">");
        html_text(h, t(r, T_PLACE));
        html_raw_trusted(h, "</th><th scope=\"col\">");
        html_text(h, t(r, T_MUNI));
        html_raw_trusted(h, "</th><th scope=\"col\">");
        html_text(h, t(r, T_PERIOD));
        html_raw_trusted(h, "</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < p.n_residences; i++) {
            const kp_person_residence *x = &p.residences[i];
            html_raw_trusted(h, "<tr><td>");
            html_text(h, pf_residence_kind(r, x->kind));
            html_raw_trusted(h, "</td><td>");
            html_text(h, x->municipality_name[0] ? x->municipality_name : t(r, T_NOT_GIVEN));
            html_raw_trusted(h, "</td><td>");
            html_text(h, kp_fmt_date(r, x->start_date));
            html_raw_trusted(h, " – ");
            html_text(h, x->end_date[0] ? kp_fmt_date(r, x->end_date) : t(r, T_UNTIL_NOW));
            html_raw_trusted(h, "</td></tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
    }
    html_raw_trusted(h, "<h2>");
    html_text(h, t(r, T_MOVE));
    html_raw_trusted(h, "</h2>\n");
    pf_form_open(r, c.id, "residence");
    static const char *const KINDS[] = {"family",           "own_home", "group_home",          "foster_family",
                                        "guardianship",     "family_like_care", "vsac", "children_institution"};
    const char *names[8];
    for (size_t i = 0; i < 8; i++)
        names[i] = pf_residence_kind(r, KINDS[i]);
    kp_options kinds;
    pf_options(&kinds, KINDS, names, 8);
    pf_select(r, "kind", t(r, T_KIND), &kinds, pf_val(r, "kind"), t(r, T_CHOOSE), true);
    kp_options_free(&kinds);
    const char *on = pf_val(r, "moved_on");
    kp_form_field(r, "moved_on", t(r, T_ON), "date", on ? on : pf_today(r), pf_date_hint(r), true);
    pf_select(r, "municipality", t(r, T_WHERE), &munis, pf_val(r, "municipality"), t(r, T_NOT_GIVEN), false);
    kp_form_field(r, "parish", t(r, T_PARISH), "text", pf_val(r, "parish"), NULL, false);
    pf_textarea(r, "reason", t(r, T_REASON), pf_val(r, "reason"), NULL, true);
    pf_form_close(r, c.id, t(r, T_SAVE));
    kp_options_free(&munis);
    kp_person_free(&p);
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_residence_move(ctx, arg, e, id);
}

int page_client_residence_submit(kp_req *r)
{
    kp_residence_move_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .moved_on = kp_in(r, "moved_on"),
        .kind = kp_in(r, "kind"),
        .municipality = kp_in(r, "municipality"),
        .parish = kp_in(r, "parish"),
        .reason = kp_in(r, "reason"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    if (rc == KP_OK)
        return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld/residence", (long long)r->path_id));
    return pf_finish(r, rc, page_client_residence);
}
