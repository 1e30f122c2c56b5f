/* A person's legal representatives over time (GET
 * /clients/{id}/representatives): the links with their periods, a form to
 * link a representative (POST …/representatives) and one to end a link on a
 * date with a reason (POST …/representatives/end). The representative is
 * another client (a parent, guardian or foster parent) named by number. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_representatives(kp_req *r);
int page_client_representatives_submit(kp_req *r);
int page_client_representatives_end(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Likumiskie pārstāvji", "Legal representatives")                                                      \
    X(T_REPS, "Personas likumiskie pārstāvji", "The person's legal representatives")                                 \
    X(T_REPRESENTS, "Personas, ko šī persona pārstāv", "People this person represents")                             \
    X(T_WHO, "Persona", "Person")                                                                                    \
    X(T_KIND, "Statuss", "Capacity")                                                                                 \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_NOW, "Spēkā šodien", "In force today")                                                                       \
    X(T_YES, "jā", "yes")                                                                                            \
    X(T_NO, "nē", "no")                                                                                              \
    X(T_NONE, "Nav ierakstīts.", "None recorded.")                                                                   \
    X(T_CLIENT_NO, "klients Nr.", "client no.")                                                                      \
    X(T_UNTIL_NOW, "līdz šim", "to date")                                                                            \
    X(T_ADD, "Piesaistīt likumisko pārstāvi", "Link a legal representative")                                         \
    X(T_REP_ID, "Pārstāvja klienta numurs", "The representative's client number")                                    \
    X(T_REP_ID_HINT, "Pārstāvim jābūt reģistrētam klientam (piemēram, mērķa grupā „vecāki”).",                       \
      "The representative must be a registered client (for example in the \"parents\" group).")                    \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_FROM, "No", "From")                                                                                          \
    X(T_TO, "Līdz (ja zināms)", "Until (if known)")                                                                  \
    X(T_SAVE_LINK, "Piesaistīt", "Link")                                                                             \
    X(T_END, "Izbeigt pārstāvību", "End a representation")                                                           \
    X(T_LINK, "Saite", "Link")                                                                                       \
    X(T_ENDS_ON, "Pēdējā diena", "Last day")                                                                         \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_SAVE_END, "Izbeigt", "End it")

KP_PAGE_STRINGS(STRINGS);

static void cell(kp_req *r, const char *s)
{
    html_raw_trusted(&r->out, "<td>");
    html_text(&r->out, s);
    html_raw_trusted(&r->out, "</td>");
}

static const char *who(kp_req *r, const kp_person_link *l)
{
    if (l->visible)
        return kp_arena_printf(&r->arena, "%s %s (%s %lld)", l->given_name, l->family_name, t(r, T_CLIENT_NO),
                               (long long)l->other_id);
    return kp_arena_printf(&r->arena, "%s %lld", t(r, T_CLIENT_NO), (long long)l->other_id);
}

static void table(kp_req *r, int title, const kp_person_link *l, size_t n)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<h2>");
    html_text(h, t(r, title));
    html_raw_trusted(h, "</h2>\n");
    if (!n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
        return;
    }
    html_raw_trusted(h, "<table>\n<thead><tr>");
    static const int H[] = {T_WHO, T_KIND, T_PERIOD, T_NOW};
    for (size_t i = 0; i < 4; i++) {
        html_raw_trusted(h, "<th scope=\"col\">");
        html_text(h, t(r, H[i]));
        html_raw_trusted(h, "</th>");
    }
    html_raw_trusted(h, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        html_raw_trusted(h, "<tr>");
        cell(r, who(r, &l[i]));
        cell(r, pf_link_kind(r, l[i].kind));
        cell(r, kp_arena_printf(&r->arena, "%s – %s", kp_fmt_date(r, l[i].valid_from),
                                l[i].valid_to[0] ? kp_fmt_date(r, l[i].valid_to) : t(r, T_UNTIL_NOW)));
        cell(r, t(r, l[i].in_force ? T_YES : T_NO));
        html_raw_trusted(h, "</tr>\n");
    }
    html_raw_trusted(h, "</tbody></table>\n");
}

int page_client_representatives(kp_req *r)
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
    kp_html *h = &r->out;
    pf_head(r, t(r, T_TITLE), &c);
    table(r, T_REPS, p.representatives, p.n_representatives);
    table(r, T_REPRESENTS, p.represented, p.n_represented);
    /* Which form was sent decides where its values go back. */
    bool ending = strcmp(r->method, "POST") == 0 && kp_in(r, "link_id") != NULL;
    html_raw_trusted(h, "<h2>");
    html_text(h, t(r, T_ADD));
    html_raw_trusted(h, "</h2>\n");
    pf_form_open(r, c.id, "representatives");
    kp_form_field(r, "representative_id", t(r, T_REP_ID), "text", ending ? NULL : pf_val(r, "representative_id"),
                  t(r, T_REP_ID_HINT), true);
    static const char *const KINDS[] = {"parent", "guardian", "foster_parent", "legal_representative"};
    const char *names[4];
    for (size_t i = 0; i < 4; i++)
        names[i] = pf_link_kind(r, KINDS[i]);
    kp_options kinds;
    pf_options(&kinds, KINDS, names, 4);
    pf_select(r, "kind", t(r, T_KIND), &kinds, ending ? NULL : pf_val(r, "kind"), t(r, T_CHOOSE), true);
    kp_options_free(&kinds);
    const char *from = ending ? NULL : pf_val(r, "valid_from");
    kp_form_field(r, "valid_from", t(r, T_FROM), "date", from ? from : pf_today(r), pf_date_hint(r), true);
    kp_form_field(r, "valid_to", t(r, T_TO), "date", ending ? NULL : pf_val(r, "valid_to"), pf_date_hint(r), false);
    pf_form_close(r, c.id, t(r, T_SAVE_LINK));
    /* Ending a link still open (or ending later than it does). */
    kp_options open;
    memset(&open, 0, sizeof open);
    for (size_t i = 0; i < p.n_representatives; i++) {
        const kp_person_link *l = &p.representatives[i];
        kp_cw_reserve((void **)&open.items, &open.cap, open.n, sizeof *open.items);
        kp_option *o = &open.items[open.n++];
        memset(o, 0, sizeof *o);
        snprintf(o->code, sizeof o->code, "%lld", (long long)l->id);
        snprintf(o->name, sizeof o->name, "%s, %s, %s", who(r, l), pf_link_kind(r, l->kind), kp_fmt_date(r, l->valid_from));
    }
    if (open.n) {
        html_raw_trusted(h, "<h2>");
        html_text(h, t(r, T_END));
        html_raw_trusted(h, "</h2>\n");
        pf_form_open(r, c.id, "representatives/end");
        pf_select(r, "link_id", t(r, T_LINK), &open, ending ? pf_val(r, "link_id") : NULL, NULL, true);
        const char *on = ending ? pf_val(r, "ends_on") : NULL;
        kp_form_field(r, "ends_on", t(r, T_ENDS_ON), "date", on ? on : pf_today(r), pf_date_hint(r), true);
        pf_textarea(r, "end_reason", t(r, T_REASON), ending ? pf_val(r, "end_reason") : NULL, NULL, true);
        pf_form_close(r, c.id, t(r, T_SAVE_END));
    }
    kp_options_free(&open);
    kp_person_free(&p);
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_representative_link(ctx, arg, e, id);
}

int page_client_representatives_submit(kp_req *r)
{
    kp_representative_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .representative_id = kp_in(r, "representative_id"),
        .kind = kp_in(r, "kind"),
        .valid_from = kp_in(r, "valid_from"),
        .valid_to = kp_in(r, "valid_to"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    if (rc == KP_OK)
        return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld/representatives", (long long)r->path_id));
    return pf_finish(r, rc, page_client_representatives);
}

int page_client_representatives_end(kp_req *r)
{
    kp_rc rc = kp_representative_end(&r->ctx, r->path_id, kp_in(r, "link_id"), kp_in(r, "ends_on"),
                                     kp_in(r, "end_reason"), &r->errors);
    /* The use case names its fields; this form calls two of them otherwise
     * (the link form above has its own valid_to and reason). */
    for (size_t i = 0; i < r->errors.n; i++) {
        kp_field_error *fe = &r->errors.items[i];
        if (strcmp(fe->field, "valid_to") == 0)
            snprintf(fe->field, sizeof fe->field, "ends_on");
        else if (strcmp(fe->field, "reason") == 0)
            snprintf(fe->field, sizeof fe->field, "end_reason");
    }
    if (rc == KP_OK)
        return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld/representatives", (long long)r->path_id));
    return pf_finish(r, rc, page_client_representatives);
}
