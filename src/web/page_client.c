/* The client card: who the person is, needs assessments, support plan
 * versions (with approval of a draft and a comparison of two versions),
 * services granted and delivered. Approving a draft is POST
 * /clients/{id}/plan/approve (page_plan_approve.c, which asks first). */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "web/person_form.h"
#include "service/casework/services.h"
#include <stdio.h>
#include <string.h>

int page_client(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Klienta kartīte", "Client card")                                                                     \
    X(T_SAVED, "Saglabāts.", "Saved.")                                                                               \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_DISABILITY, "Invaliditātes grupa", "Disability group")                                                       \
    X(T_SPECIAL, "Atzinums par īpašu kopšanu kopš", "Opinion on special care since")                                  \
    X(T_REGISTERED, "Reģistrēts", "Registered")                                                                      \
    X(T_WORKER, "Atbildīgais sociālais darbinieks", "Responsible social worker")                                     \
    X(T_RESPITE, "Atelpas brīdis šogad", "Respite this year")                                                        \
    X(T_DAYS_OF_30, "no 30 diennaktīm", "of 30 days")                                                                \
    X(T_NONE, "nav", "none")                                                                                         \
    X(T_ACTIONS, "Darbības", "Actions")                                                                              \
    X(T_NEW_ASSESSMENT, "Ierakstīt izvērtējumu", "Record an assessment")                                             \
    X(T_PLAN, "Rakstīt vai mainīt atbalsta plānu", "Write or change the support plan")                               \
    X(T_ASSIGN, "Piešķirt pakalpojumu", "Assign a service")                                                          \
    X(T_ASSESSMENTS, "Vajadzību izvērtējumi", "Needs assessments")                                                   \
    X(T_ROUND, "Kārta", "Round")                                                                                     \
    X(T_DATE, "Datums", "Date")                                                                                      \
    X(T_PLACE, "Vieta", "Place")                                                                                     \
    X(T_ASSESSOR, "Izvērtētājs", "Assessor")                                                                         \
    X(T_NEEDS, "Vajadzīgie pakalpojumi", "Services needed")                                                          \
    X(T_PLANS, "Atbalsta plāns", "Support plan")                                                                     \
    X(T_VERSION, "Versija", "Version")                                                                               \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_DRAFT, "melnraksts", "draft")                                                                                \
    X(T_APPROVED, "apstiprināts", "approved")                                                                        \
    X(T_SUPERSEDED, "aizstāts", "superseded")                                                                        \
    X(T_CREATED, "Izveidots", "Created")                                                                             \
    X(T_APPROVED_ON, "Apstiprināts", "Approved on")                                                                  \
    X(T_REVIEW_ON, "Pārskatīt līdz", "Review by")                                                                    \
    X(T_GOALS, "Mērķi", "Goals")                                                                                     \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_VOLUME, "Apjoms", "Volume")                                                                                  \
    X(T_PROVIDER, "Sniedzējs", "Provider")                                                                           \
    X(T_PERIOD, "Periods", "Period")                                                                                 \
    X(T_GOAL, "Mērķis", "Goal")                                                                                      \
    X(T_APPROVE, "Apstiprināt plānu", "Approve the plan")                                                            \
    X(T_APPROVE_ON, "Apstiprināšanas datums", "Approval date")                                                       \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_COMPARE, "Salīdzināt versijas", "Compare versions")                                                          \
    X(T_FROM, "Versija (agrākā)", "Version (earlier)")                                                               \
    X(T_TO, "Versija (vēlākā)", "Version (later)")                                                                   \
    X(T_SHOW_CHANGES, "Rādīt izmaiņas", "Show changes")                                                              \
    X(T_NO_PLAN, "Plāna vēl nav.", "No plan yet.")                                                                   \
    X(T_NO_ASSESSMENT, "Izvērtējumu vēl nav.", "No assessment yet.")                                                 \
    X(T_ASSIGNMENTS, "Piešķirtie pakalpojumi", "Services granted")                                                   \
    X(T_UNITS, "Piešķirts", "Granted")                                                                               \
    X(T_DELIVERED, "Sniegts", "Delivered")                                                                           \
    X(T_HOURS, "h nedēļā", "h a week")                                                                               \
    X(T_NO_ASSIGNMENT, "Pakalpojumi vēl nav piešķirti.", "No service granted yet.")                                  \
    X(T_DELIVERIES, "Sniegtie pakalpojumi", "Services delivered")                                                    \
    X(T_CONFIRMED, "Apstiprināts", "Confirmed")                                                                      \
    X(T_YES, "jā", "yes")                                                                                            \
    X(T_NO, "nē", "no")                                                                                              \
    X(T_NO_DELIVERY, "Sniegto pakalpojumu vēl nav.", "Nothing delivered yet.")                                       \
    X(T_LATEST, "jaunākie", "latest")                                                                                \
    X(T_CANCELLED, "atcelts", "cancelled")                                                                           \
    X(T_ACTIVE, "spēkā", "active")                                                                                   \
    X(T_PLACE_FAMILY, "ģimenē", "with family")                                                                       \
    X(T_PLACE_VSAC, "VSAC", "state care centre")                                                                     \
    X(T_PLACE_INSTITUTION, "bērnu aprūpes iestādē", "children's institution")

KP_PAGE_STRINGS(STRINGS);

static void tag_text(kp_req *r, const char *open, const char *s, const char *close)
{
    html_raw_trusted(&r->out, open);
    html_text(&r->out, s);
    html_raw_trusted(&r->out, close);
}

/* One fact of the person: a row of the facts table. */
static void dt_dd(kp_req *r, int k, const char *v)
{
    tag_text(r, "<tr><th scope=\"row\">", t(r, k), "</th>");
    tag_text(r, "<td>", v && *v ? v : t(r, T_NONE), "</td></tr>\n");
}

/* "Label: value" parts of one line, separated by " · ". */
static void meta(kp_req *r, int k, const char *v, bool first)
{
    if (!first)
        html_raw_trusted(&r->out, " · ");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, ": ");
    html_text(&r->out, v && *v ? v : t(r, T_NONE));
}

static void heads(kp_req *r, const int *keys, size_t n)
{
    html_raw_trusted(&r->out, "<thead><tr>");
    for (size_t i = 0; i < n; i++)
        tag_text(r, "<th scope=\"col\">", t(r, keys[i]), "</th>");
    html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
}

/* a, sep and b in one string of the request's arena (what "%s%s%s"
 * writes, without printf). */
static const char *join3(kp_req *r, const char *a, const char *sep, const char *b)
{
    size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
    char *out = kp_arena_alloc(&r->arena, na + ns + nb + 1);
    memcpy(out, a, na);
    memcpy(out + na, sep, ns);
    memcpy(out + na + ns, b, nb + 1);
    return out;
}

static const char *period(kp_req *r, const char *from, const char *to)
{
    return join3(r, kp_fmt_date(r, from), "–", kp_fmt_date(r, to));
}

static const char *status_label(kp_req *r, const char *s)
{
    if (strcmp(s, "draft") == 0)
        return t(r, T_DRAFT);
    if (strcmp(s, "approved") == 0)
        return t(r, T_APPROVED);
    if (strcmp(s, "superseded") == 0)
        return t(r, T_SUPERSEDED);
    if (strcmp(s, "cancelled") == 0)
        return t(r, T_CANCELLED);
    if (strcmp(s, "active") == 0)
        return t(r, T_ACTIVE);
    kp_assignment_status st; /* an assignment's status today (services.h) */
    if (kp_assignment_status_parse(s, &st) == KP_OK)
        return kp_assignment_status_label(&r->ctx, st);
    return s;
}

static const char *place_label(kp_req *r, const char *place)
{
    if (strcmp(place, "family") == 0)
        return t(r, T_PLACE_FAMILY);
    if (strcmp(place, "vsac") == 0)
        return t(r, T_PLACE_VSAC);
    if (strcmp(place, "institution") == 0)
        return t(r, T_PLACE_INSTITUTION);
    return place;
}

static const char *service_name(const kp_options *o, const char *code)
{
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->items[i].code, code) == 0)
            return o->items[i].name;
    return code;
}

static void person(kp_req *r, const kp_card *c, const kp_options *groups)
{
    const kp_client_row *p = &c->client;
    bool en = strcmp(r->lang, "en") == 0;
    const char *group = p->target_group;
    for (size_t i = 0; i < groups->n; i++)
        if (strcmp(groups->items[i].code, p->target_group) == 0)
            group = groups->items[i].name;
    html_raw_trusted(&r->out, "<table class=\"facts\">\n<caption class=\"skip\">");
    html_text(&r->out, t(r, T_TITLE));
    html_raw_trusted(&r->out, "</caption>\n<tbody>\n");
    dt_dd(r, T_BIRTH, kp_fmt_date(r, p->birth_date));
    dt_dd(r, T_MUNI, en ? p->municipality_name_en : p->municipality_name);
    dt_dd(r, T_GROUP, group);
    static const char *const DG[] = {"", "I", "II", "III"};
    dt_dd(r, T_DISABILITY, p->disability_group >= 1 && p->disability_group <= 3 ? DG[p->disability_group] : "");
    if (p->special_care_from[0])
        dt_dd(r, T_SPECIAL, kp_fmt_date(r, p->special_care_from));
    dt_dd(r, T_REGISTERED, kp_fmt_date(r, p->registered_on));
    if (r->ctx.role != KP_ROLE_PROVIDER) {
        dt_dd(r, T_WORKER, c->worker);
        dt_dd(r, T_RESPITE, kp_arena_printf(&r->arena, "%lld %s", (long long)c->respite_used, t(r, T_DAYS_OF_30)));
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void actions(kp_req *r, int64_t id)
{
    static const struct {
        const char *path;
        int label;
    } A[] = {{"assessment", T_NEW_ASSESSMENT}, {"plan", T_PLAN}, {"assign", T_ASSIGN}};
    html_raw_trusted(&r->out, "<nav aria-label=\"");
    html_attr(&r->out, t(r, T_ACTIONS));
    html_raw_trusted(&r->out, "\"><p>");
    for (size_t i = 0; i < sizeof A / sizeof A[0]; i++) {
        html_raw_trusted(&r->out, i == 0 ? "<a class=\"button\" href=\"/clients/" : " <a class=\"button\" href=\"/clients/");
        html_int(&r->out, id);
        html_raw_trusted(&r->out, "/");
        html_raw_trusted(&r->out, A[i].path);
        html_raw_trusted(&r->out, "\">");
        html_text(&r->out, t(r, A[i].label));
        html_raw_trusted(&r->out, "</a>");
    }
    html_raw_trusted(&r->out, "</p></nav>\n");
}

static void assessments(kp_req *r, const kp_card *c, const kp_options *services)
{
    tag_text(r, "<h2>", t(r, T_ASSESSMENTS), "</h2>\n");
    if (!c->n_assessments) {
        tag_text(r, "<p>", t(r, T_NO_ASSESSMENT), "</p>\n");
        return;
    }
    static const int H[] = {T_ROUND, T_DATE, T_PLACE, T_ASSESSOR, T_NEEDS};
    html_raw_trusted(&r->out, "<table>\n");
    heads(r, H, 5);
    for (size_t i = 0; i < c->n_assessments; i++) {
        const kp_card_assessment *a = &c->assessments[i];
        html_raw_trusted(&r->out, "<tr><td>");
        html_int(&r->out, a->round);
        html_raw_trusted(&r->out, "</td>");
        tag_text(r, "<td>", kp_fmt_date(r, a->assessed_on), "</td>");
        tag_text(r, "<td>", place_label(r, a->place), "</td>");
        tag_text(r, "<td>", a->assessor, "</td><td>");
        for (size_t k = 0; k < a->n_needs; k++) {
            if (k)
                html_raw_trusted(&r->out, "; ");
            html_text(&r->out, service_name(services, a->needs[k]));
        }
        html_raw_trusted(&r->out, "</td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void approve_form(kp_req *r, int64_t client, const kp_card_plan *p)
{
    kp_html *h = &r->out;
    bool again = strcmp(r->method, "POST") == 0 && kp_in(r, "plan_id") && kp_in_int(r, "plan_id", 0) == p->id;
    const char *token = again ? kp_in(r, "form_token") : NULL;
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    const char *on = again ? kp_in(r, "approved_on") : NULL;
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "/plan/approve\" class=\"filters\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"plan_id\" value=\"");
    html_int(h, p->id);
    html_raw_trusted(h, "\">");
    kp_form_field(r, "approved_on", t(r, T_APPROVE_ON), "date", on ? on : today, t(r, T_DATE_HINT), true);
    const char *other = kp_errors_for(&r->errors, "items");
    if (!other)
        other = kp_errors_for(&r->errors, "status");
    if (again && other)
        tag_text(r, "<p class=\"error\">", other, "</p>");
    html_raw_trusted(h, "<div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_APPROVE));
    html_raw_trusted(h, "</button></div></form>\n");
}

static void compare_form(kp_req *r, int64_t client, const kp_card *c)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"get\" action=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "/plans/diff\" class=\"panel filters\">");
    tag_text(r, "<h3>", t(r, T_COMPARE), "</h3>");
    for (int side = 0; side < 2; side++) {
        const char *name = side ? "b" : "a";
        html_raw_trusted(h, "<div class=\"field\"><label for=\"f-");
        html_raw_trusted(h, name);
        html_raw_trusted(h, "\">");
        html_text(h, t(r, side ? T_TO : T_FROM));
        html_raw_trusted(h, "</label><select id=\"f-");
        html_raw_trusted(h, name);
        html_raw_trusted(h, "\" name=\"");
        html_raw_trusted(h, name);
        html_raw_trusted(h, "\">");
        /* Preselect the two newest versions. */
        size_t pick = side ? 0 : 1;
        for (size_t i = 0; i < c->n_plans; i++) {
            html_raw_trusted(h, "<option value=\"");
            html_int(h, c->plans[i].id);
            html_raw_trusted(h, i == pick ? "\" selected>" : "\">");
            html_int(h, c->plans[i].version);
            html_raw_trusted(h, " (");
            html_text(h, status_label(r, c->plans[i].status));
            html_raw_trusted(h, ")</option>");
        }
        html_raw_trusted(h, "</select></div>");
    }
    html_raw_trusted(h, "<div class=\"field\"><button type=\"submit\">");
    html_text(h, t(r, T_SHOW_CHANGES));
    html_raw_trusted(h, "</button></div></form>\n");
}

static void plans(kp_req *r, int64_t client, const kp_card *c)
{
    tag_text(r, "<h2>", t(r, T_PLANS), "</h2>\n");
    if (!c->n_plans) {
        tag_text(r, "<p>", t(r, T_NO_PLAN), "</p>\n");
        return;
    }
    if (c->n_plans > 1)
        compare_form(r, client, c);
    for (size_t i = 0; i < c->n_plans; i++) {
        const kp_card_plan *p = &c->plans[i];
        html_raw_trusted(&r->out, "<section class=\"panel\" aria-labelledby=\"plan-");
        html_int(&r->out, p->id);
        html_raw_trusted(&r->out, "\"><h3 id=\"plan-");
        html_int(&r->out, p->id);
        html_raw_trusted(&r->out, "\">");
        html_text(&r->out, t(r, T_VERSION));
        html_raw_trusted(&r->out, " ");
        html_int(&r->out, p->version);
        html_raw_trusted(&r->out, " — ");
        html_text(&r->out, status_label(r, p->status));
        html_raw_trusted(&r->out, "</h3>\n<p>");
        meta(r, T_CREATED, kp_fmt_date(r, p->created_on), true);
        if (p->approved_on[0])
            meta(r, T_APPROVED_ON, kp_fmt_date(r, p->approved_on), false);
        meta(r, T_REVIEW_ON, p->review_on[0] ? kp_fmt_date(r, p->review_on) : "", false);
        html_raw_trusted(&r->out, "</p>\n<p>");
        meta(r, T_GOALS, p->goals, true);
        html_raw_trusted(&r->out, "</p>\n");
        /* The plan as a document, made from these records (a draft says so). */
        if (r->session->user.role != KP_ROLE_PROVIDER) {
            html_raw_trusted(&r->out, "<p class=\"files\"><a href=\"/plans/");
            html_int(&r->out, p->id);
            html_raw_trusted(&r->out, "/document\">");
            html_text(&r->out, KP_S(r, S_DOC_PLAN));
            html_raw_trusted(&r->out, "</a>");
            if (strcmp(p->status, "approved") == 0) { /* ending a plan: page_assignment.c */
                html_raw_trusted(&r->out, " <a href=\"/plans/");
                html_int(&r->out, p->id);
                html_raw_trusted(&r->out, "/end\">");
                html_text(&r->out, strcmp(r->lang, "en") == 0 ? "End the plan" : "Izbeigt plānu");
                html_raw_trusted(&r->out, "</a>");
            }
            html_raw_trusted(&r->out, "</p>\n");
        }
        if (p->n_items) {
            static const int H[] = {T_SERVICE, T_VOLUME, T_PROVIDER, T_PERIOD, T_GOAL};
            html_raw_trusted(&r->out, "<table>\n");
            heads(r, H, 5);
            for (size_t k = 0; k < p->n_items; k++) {
                const kp_card_item *it = &p->items[k];
                tag_text(r, "<tr><td>", it->service_name, "</td><td class=\"num\">");
                html_int(&r->out, it->volume);
                html_raw_trusted(&r->out, "</td>");
                tag_text(r, "<td>", it->provider, "</td>");
                tag_text(r, "<td>", period(r, it->start_date, it->end_date), "</td>");
                tag_text(r, "<td>", it->goal, "</td></tr>\n");
            }
            html_raw_trusted(&r->out, "</tbody></table>\n");
        }
        if (strcmp(p->status, "draft") == 0)
            approve_form(r, client, p);
        html_raw_trusted(&r->out, "</section>\n");
    }
}

static void assignments(kp_req *r, const kp_card *c)
{
    tag_text(r, "<h2>", t(r, T_ASSIGNMENTS), "</h2>\n");
    if (!c->n_assignments) {
        tag_text(r, "<p>", t(r, T_NO_ASSIGNMENT), "</p>\n");
        return;
    }
    static const int H[] = {T_SERVICE, T_PROVIDER, T_PERIOD, T_UNITS, T_DELIVERED, T_STATUS};
    html_raw_trusted(&r->out, "<table>\n");
    heads(r, H, 6);
    for (size_t i = 0; i < c->n_assignments; i++) {
        const kp_card_assignment *a = &c->assignments[i];
        tag_text(r, "<tr><td>", a->service_name, "");
        if (a->hours_per_week) {
            html_raw_trusted(&r->out, " (");
            html_int(&r->out, a->hours_per_week);
            html_raw_trusted(&r->out, " ");
            html_text(&r->out, t(r, T_HOURS));
            html_raw_trusted(&r->out, ")");
        }
        tag_text(r, "</td><td>", a->provider, "</td>");
        tag_text(r, "<td>", period(r, a->start_date, a->end_date), "</td><td class=\"num\">");
        html_int(&r->out, a->units);
        html_raw_trusted(&r->out, "</td><td class=\"num\">");
        html_int(&r->out, a->delivered);
        tag_text(r, "</td><td>", status_label(r, a->status), "");
        html_raw_trusted(&r->out, "<span class=\"files\">");
        if (r->session->user.role != KP_ROLE_PROVIDER) {
            page_assignment_link(r, a->id);
            html_raw_trusted(&r->out, " <a href=\"/assignments/");
            html_int(&r->out, a->id);
            html_raw_trusted(&r->out, "/decision\">");
            html_text(&r->out, KP_S(r, S_DOC_DECISION));
            html_raw_trusted(&r->out, "</a>");
        }
        if (a->provider_id) {
            html_raw_trusted(&r->out, " <a href=\"/assignments/");
            html_int(&r->out, a->id);
            html_raw_trusted(&r->out, "/referral\">");
            html_text(&r->out, KP_S(r, S_DOC_REFERRAL));
            html_raw_trusted(&r->out, "</a>");
        }
        html_raw_trusted(&r->out, "</span></td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void deliveries(kp_req *r, const kp_card *c)
{
    tag_text(r, "<h2>", t(r, T_DELIVERIES), "</h2>\n");
    const kp_cw_deliveries *d = &c->deliveries;
    if (!d->n) {
        tag_text(r, "<p>", t(r, T_NO_DELIVERY), "</p>\n");
        return;
    }
    if (d->total > d->n) {
        html_raw_trusted(&r->out, "<p>");
        html_int(&r->out, (int64_t)d->n);
        html_raw_trusted(&r->out, " / ");
        html_int(&r->out, (int64_t)d->total);
        tag_text(r, " (", t(r, T_LATEST), ")</p>\n");
    }
    static const int H[] = {T_DATE, T_SERVICE, T_PROVIDER, T_DELIVERED, T_CONFIRMED};
    html_raw_trusted(&r->out, "<table>\n");
    heads(r, H, 5);
    for (size_t i = 0; i < d->n; i++) {
        const kp_cw_delivery *x = &d->items[i];
        tag_text(r, "<tr><td>", kp_fmt_date(r, x->delivered_on), "</td>");
        tag_text(r, "<td>", x->service_name, "</td>");
        tag_text(r, "<td>", x->provider, "</td><td class=\"num\">");
        html_int(&r->out, x->units);
        tag_text(r, "</td><td>", t(r, x->confirmed ? T_YES : T_NO), "</td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

/* The card itself, inside the read transaction page_client holds. */
static kp_rc card(kp_req *r)
{
    kp_card c;
    kp_rc rc = kp_card_load(&r->ctx, r->path_id, &c);
    if (rc)
        return rc;
    kp_options services, groups;
    memset(&groups, 0, sizeof groups);
    rc = kp_cw_service_options(&r->ctx, &services);
    if (!rc)
        rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (rc) {
        kp_options_free(&services);
        kp_card_free(&c);
        return rc;
    }
    const char *title = join3(r, c.client.given_name, " ", c.client.family_name);
    kp_page_begin(r, title);
    tag_text(r, "<h1>", title, "</h1>\n");
    if (strcmp(r->method, "GET") == 0 && kp_in_int(r, "saved", 0) == 1)
        kp_notice(r, t(r, T_SAVED));
    kp_form_errors(r);
    person(r, &c, &groups);
    if (r->ctx.role != KP_ROLE_PROVIDER) {
        actions(r, c.client.id);
        /* The masked code, tasks and contact log (page_client_contacts.c). */
        rc = kp_card_casework_panels(r, c.client.id);
        /* Restriction, legal basis and the export (page_client_privacy.c). */
        if (!rc)
            rc = kp_card_privacy_panel(r, c.client.id);
        /* Case status, representatives, residence and the history of every
         * change (client_history.c). */
        if (!rc)
            rc = kp_client_history_section(r, c.client.id);
        if (rc) {
            kp_options_free(&services);
            kp_options_free(&groups);
            kp_card_free(&c);
            return rc;
        }
        assessments(r, &c, &services);
        plans(r, c.client.id, &c);
    }
    assignments(r, &c);
    deliveries(r, &c);
    kp_options_free(&services);
    kp_options_free(&groups);
    kp_card_free(&c);
    kp_page_end(r);
    return KP_OK;
}

int page_client(kp_req *r)
{
    /* One read transaction for all the card's reads (issue 10), ended here
     * on every path, so before the server waits for the access records'
     * commit. */
    kp_rc rc = kp_card_reads_begin(&r->ctx);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    rc = kp_card_reads_end(&r->ctx, card(r));
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return 200;
}
