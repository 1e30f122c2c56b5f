/* The intake queue of applications made online (GET /applications, GET
 * /applications/{id}, POST …/accept, …/ask, …/refuse): the municipality's
 * social workers and head list and open its applications and accept them
 * (registering the person or linking the client who holds the code), ask
 * the applicant for more, or refuse with a reason. Another municipality's
 * application answers 404 like an unknown one. Also the link with the
 * count of new applications that the caseload start pages show. */
#include "web/pages.h"
#include "web/apply_common.h"
#include "web/page_strings.h"
#include "service/casework/casework.h"
#include "service/intake/applications.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Pieteikumi", "Applications")                                                                         \
    X(T_INTRO, "Pieteikumi sociālajiem pakalpojumiem, kas iesniegti tiešsaistē jūsu pašvaldībai.",                   \
      "Applications for social services made online to your municipality.")                                         \
    X(T_NEW_LINK, "Jauni pieteikumi tiešsaistē", "New applications made online")                                     \
    X(T_SHOW, "Rādīt", "Show")                                                                                       \
    X(T_W_OPEN, "neizskatītie", "open")                                                                              \
    X(T_W_ALL, "visi", "all")                                                                                        \
    X(T_W_ACCEPTED, "pieņemtie", "accepted")                                                                         \
    X(T_W_REFUSED, "atteiktie", "refused")                                                                           \
    X(T_FILTER, "Atlasīt", "Filter")                                                                                 \
    X(T_NONE, "Nav pieteikumu.", "No applications.")                                                                 \
    X(T_REFERENCE, "Numurs", "Reference")                                                                            \
    X(T_SUBMITTED, "Iesniegts", "Submitted")                                                                         \
    X(T_PERSON, "Persona", "Person")                                                                                 \
    X(T_BIRTH, "Dzimšanas datums", "Birth date")                                                                     \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_STATUS, "Statuss", "Status")                                                                                 \
    X(T_SHOWN, "Rādīti", "Shown")                                                                                    \
    X(T_OF, "no", "of")                                                                                              \
    X(T_MORE, "Nākamie", "Next")                                                                                     \
    X(T_APP_TITLE, "Pieteikums", "Application")                                                                      \
    X(T_APPLICANT, "Iesniedzējs", "Applicant")                                                                       \
    X(T_RELATION, "Piesaka", "Applies")                                                                              \
    X(T_PHONE, "Tālrunis", "Phone")                                                                                  \
    X(T_EMAIL, "E-pasts", "E-mail")                                                                                  \
    X(T_MUNICIPALITY, "Pašvaldība", "Municipality")                                                                  \
    X(T_NEED, "Kas ir vajadzīgs", "What is needed")                                                                  \
    X(T_SINCE, "Statuss kopš", "Status since")                                                                       \
    X(T_REASON, "Atteikuma iemesls", "Reason for refusal")                                                           \
    X(T_CLIENT, "Klients", "Client")                                                                                 \
    X(T_CARD, "Klienta kartīte", "Client card")                                                                      \
    X(T_EXISTING, "Jūsu pašvaldībā jau ir klients ar šīs personas kodu:", "Your municipality has a client with this person's code:") \
    X(T_MESSAGES, "Sarakste", "Messages")                                                                            \
    X(T_BY_WORKER, "Sociālais dienests", "Social service")                                                           \
    X(T_BY_APPLICANT, "Iesniedzējs", "Applicant")                                                                    \
    X(T_ACCEPT, "Pieņemt", "Accept")                                                                                 \
    X(T_MODE, "Kā pieņemt", "How to accept")                                                                         \
    X(T_MODE_REGISTER, "reģistrēt jaunu klientu", "register a new client")                                          \
    X(T_MODE_LINK, "sasaistīt ar esošo klientu", "link to the existing client")                                      \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_GROUP_HINT, "Vajadzīga, reģistrējot jaunu klientu.", "Needed when registering a new client.")                \
    X(T_DISABILITY, "Invaliditātes grupa", "Disability group")                                                       \
    X(T_REGISTERED, "Reģistrēts", "Registered on")                                                                   \
    X(T_REGISTERED_HINT, "Tukšs: šodien.", "Empty: today.")                                                         \
    X(T_ASK, "Lūgt papildu informāciju", "Ask for more information")                                                 \
    X(T_QUESTION, "Jautājums iesniedzējam", "Question to the applicant")                                             \
    X(T_QUESTION_HINT, "Iesniedzējs to redzēs statusa lapā un varēs atbildēt.",                                      \
      "The applicant sees it on the status page and can answer there.")                                             \
    X(T_REFUSE, "Atteikt", "Refuse")                                                                                 \
    X(T_REASON_HINT, "Iesniedzējs to redzēs statusa lapā.", "The applicant sees it on the status page.")            \
    X(T_DONE, "Saglabāts.", "Saved.")                                                                                \
    X(T_DECIDED, "Pieteikums jau ir izskatīts.", "The application has been decided already.")                        \
    X(T_BACK, "Visi pieteikumi", "All applications")

KP_PAGE_STRINGS(STRINGS);

int page_intake(kp_req *r);
int page_intake_application(kp_req *r);
int page_intake_accept(kp_req *r);
int page_intake_ask(kp_req *r);
int page_intake_refuse(kp_req *r);

#define PER_PAGE 50

void kp_intake_link(kp_req *r)
{
    int64_t n = 0;
    if (kp_app_count_new(&r->ctx, &n) != KP_OK)
        return;
    html_raw_trusted(&r->out, "<p class=\"intake\"><a href=\"/applications\">");
    html_text(&r->out, t(r, T_NEW_LINK));
    html_raw_trusted(&r->out, ": <strong>");
    html_int(&r->out, n);
    html_raw_trusted(&r->out, "</strong></a></p>\n");
}

static void th(kp_req *r, int k)
{
    html_raw_trusted(&r->out, "<th scope=\"col\">");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</th>");
}

static void td(kp_req *r, int label, const char *text)
{
    html_raw_trusted(&r->out, "<td data-label=\"");
    html_attr(&r->out, t(r, label));
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, text);
    html_raw_trusted(&r->out, "</td>");
}

int page_intake(kp_req *r)
{
    const char *which = kp_in(r, "which");
    if (!which || !*which)
        which = "open";
    int64_t page = kp_in_int(r, "page", 1);
    if (page < 1)
        page = 1;
    kp_app_rows rows;
    kp_rc rc = kp_app_queue(&r->ctx, which, PER_PAGE, (size_t)(page - 1) * PER_PAGE, &rows);
    if (rc == KP_EINVAL) {
        kp_errors_add(&r->errors, "which", which, "%s", strcmp(r->lang, "en") == 0 ? "unknown choice" : "nezināma izvēle");
        return kp_error(r, 400);
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n<form method=\"get\" action=\"/applications\" class=\"filters\">");
    kp_form_select_open(r, "which", t(r, T_SHOW), NULL, false);
    static const struct {
        const char *code;
        int label;
    } W[] = {{"open", T_W_OPEN}, {"all", T_W_ALL}, {"accepted", T_W_ACCEPTED}, {"refused", T_W_REFUSED}};
    for (size_t i = 0; i < 4; i++)
        kp_form_option(r, W[i].code, t(r, W[i].label), strcmp(which, W[i].code) == 0);
    html_raw_trusted(h, "</select></div><p><button type=\"submit\">");
    html_text(h, t(r, T_FILTER));
    html_raw_trusted(h, "</button></p></form>\n");
    if (!rows.n) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_NONE));
        html_raw_trusted(h, "</p>\n");
    } else {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, T_SHOWN));
        html_raw_trusted(h, " ");
        html_int(h, (page - 1) * PER_PAGE + 1);
        html_raw_trusted(h, "–");
        html_int(h, (page - 1) * PER_PAGE + (int64_t)rows.n);
        html_raw_trusted(h, " ");
        html_text(h, t(r, T_OF));
        html_raw_trusted(h, " ");
        html_int(h, (int64_t)rows.total);
        html_raw_trusted(h, "</p>\n<table class=\"stack\"><thead><tr>");
        th(r, T_REFERENCE);
        th(r, T_SUBMITTED);
        th(r, T_PERSON);
        th(r, T_BIRTH);
        th(r, T_SERVICE);
        th(r, T_STATUS);
        html_raw_trusted(h, "</tr></thead><tbody>\n");
        for (size_t i = 0; i < rows.n; i++) {
            const kp_app_row *a = &rows.items[i];
            html_raw_trusted(h, "<tr><td data-label=\"");
            html_attr(h, t(r, T_REFERENCE));
            html_raw_trusted(h, "\"><a href=\"/applications/");
            html_int(h, a->id);
            html_raw_trusted(h, "\">");
            html_text(h, a->reference);
            html_raw_trusted(h, "</a></td>");
            td(r, T_SUBMITTED, kp_fmt_time(r, a->submitted_at));
            td(r, T_PERSON, a->person_name);
            td(r, T_BIRTH, kp_fmt_date(r, a->birth_date));
            td(r, T_SERVICE, a->service);
            td(r, T_STATUS, apply_status_words(r, a->status));
            html_raw_trusted(h, "</tr>\n");
        }
        html_raw_trusted(h, "</tbody></table>\n");
        if ((size_t)page * PER_PAGE < rows.total) {
            html_raw_trusted(h, "<p><a href=\"/applications?which=");
            html_url_arg(h, which);
            html_raw_trusted(h, "&amp;page=");
            html_int(h, page + 1);
            html_raw_trusted(h, "\">");
            html_text(h, t(r, T_MORE));
            html_raw_trusted(h, " →</a></p>\n");
        }
    }
    kp_page_end(r);
    kp_app_rows_free(&rows);
    return 200;
}

static void dt_dd(kp_req *r, int k, const char *v)
{
    html_raw_trusted(&r->out, "<dt>");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</dt><dd>");
    html_text(&r->out, v);
    html_raw_trusted(&r->out, "</dd>");
}

/* A labelled textarea with hint and error. */
static void textarea(kp_req *r, const char *name, int label, int hint)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, label));
    html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label><p class=\"hint\" id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "-hint\">");
    html_text(h, t(r, hint));
    html_raw_trusted(h, "</p>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<textarea id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    html_raw_trusted(h, "\" rows=\"4\" maxlength=\"2000\" required aria-describedby=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "-hint");
    if (err) {
        html_raw_trusted(h, " f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\" aria-invalid=\"true");
    }
    html_raw_trusted(h, "\">");
    const char *v = strcmp(r->method, "POST") == 0 ? kp_in(r, name) : NULL;
    html_text(h, v ? v : "");
    html_raw_trusted(h, "</textarea></div>\n");
}

static void form_open(kp_req *r, int64_t id, const char *action, int legend)
{
    html_raw_trusted(&r->out, "<form method=\"post\" action=\"/applications/");
    html_int(&r->out, id);
    html_raw_trusted(&r->out, "/");
    html_raw_trusted(&r->out, action);
    html_raw_trusted(&r->out, "\" data-nodraft><fieldset><legend>");
    html_text(&r->out, t(r, legend));
    html_raw_trusted(&r->out, "</legend>");
    kp_form_csrf(r);
}

static void form_close(kp_req *r, int button)
{
    html_raw_trusted(&r->out, "<p><button type=\"submit\">");
    html_text(&r->out, t(r, button));
    html_raw_trusted(&r->out, "</button></p></fieldset></form>\n");
}

int page_intake_application(kp_req *r)
{
    kp_app_detail *a = kp_arena_alloc(&r->arena, sizeof *a);
    kp_rc rc = kp_app_get(&r->ctx, r->path_id, a);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options groups;
    memset(&groups, 0, sizeof groups);
    rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_html *h = &r->out;
    bool post = strcmp(r->method, "POST") == 0;
    const char *title = kp_arena_printf(&r->arena, "%s %s", t(r, T_APP_TITLE), a->row.reference);
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n<p><a href=\"/applications\">← ");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n");
    if (!post && kp_in_int(r, "saved", 0))
        kp_notice(r, t(r, T_DONE));
    kp_form_errors(r);
    html_raw_trusted(h, "<dl class=\"sum\">");
    dt_dd(r, T_STATUS, apply_status_words(r, a->row.status));
    dt_dd(r, T_SINCE, kp_fmt_time(r, a->status_at));
    dt_dd(r, T_SUBMITTED, kp_fmt_time(r, a->row.submitted_at));
    dt_dd(r, T_MUNICIPALITY, a->municipality);
    dt_dd(r, T_SERVICE, a->row.service);
    dt_dd(r, T_PERSON, kp_arena_printf(&r->arena, "%s %s", a->person_given_name, a->person_family_name));
    dt_dd(r, T_BIRTH, kp_fmt_date(r, a->row.birth_date));
    dt_dd(r, T_APPLICANT, kp_arena_printf(&r->arena, "%s %s", a->applicant_given_name, a->applicant_family_name));
    dt_dd(r, T_RELATION, apply_relation_words(r, a->relation));
    dt_dd(r, T_PHONE, a->phone[0] ? a->phone : "—");
    dt_dd(r, T_EMAIL, a->email[0] ? a->email : "—");
    if (a->reason[0])
        dt_dd(r, T_REASON, a->reason);
    if (a->client_id) {
        html_raw_trusted(h, "<dt>");
        html_text(h, t(r, T_CLIENT));
        html_raw_trusted(h, "</dt><dd><a href=\"/clients/");
        html_int(h, a->client_id);
        html_raw_trusted(h, "\">");
        html_text(h, t(r, T_CARD));
        html_raw_trusted(h, "</a></dd>");
    }
    html_raw_trusted(h, "</dl>\n<h2>");
    html_text(h, t(r, T_NEED));
    html_raw_trusted(h, "</h2>\n<blockquote class=\"message\"><p class=\"plain\">");
    html_text(h, a->need);
    html_raw_trusted(h, "</p></blockquote>\n");
    if (a->nmessages) {
        html_raw_trusted(h, "<h2>");
        html_text(h, t(r, T_MESSAGES));
        html_raw_trusted(h, "</h2>\n<ol class=\"messages\">");
        for (size_t i = 0; i < a->nmessages; i++) {
            html_raw_trusted(h, "<li><p><strong>");
            html_text(h, t(r, strcmp(a->messages[i].author, "worker") == 0 ? T_BY_WORKER : T_BY_APPLICANT));
            html_raw_trusted(h, "</strong>, ");
            html_text(h, kp_fmt_time(r, a->messages[i].at));
            html_raw_trusted(h, "</p><p class=\"plain\">");
            html_text(h, a->messages[i].body);
            html_raw_trusted(h, "</p></li>");
        }
        html_raw_trusted(h, "</ol>\n");
    }
    bool open = strcmp(a->row.status, "received") == 0 || strcmp(a->row.status, "info_requested") == 0;
    if (open) {
        if (a->existing_client) {
            html_raw_trusted(h, "<p class=\"notice\">");
            html_text(h, t(r, T_EXISTING));
            html_raw_trusted(h, " <a href=\"/clients/");
            html_int(h, a->existing_client);
            html_raw_trusted(h, "\">");
            html_text(h, t(r, T_CARD));
            html_raw_trusted(h, " Nr. ");
            html_int(h, a->existing_client);
            html_raw_trusted(h, "</a></p>\n");
        }
        form_open(r, a->row.id, "accept", T_ACCEPT);
        const char *mode = post ? kp_in(r, "mode") : NULL;
        if (!mode)
            mode = a->existing_client ? "link" : "register";
        kp_form_select_open(r, "mode", t(r, T_MODE), NULL, true);
        kp_form_option(r, "register", t(r, T_MODE_REGISTER), strcmp(mode, "register") == 0);
        kp_form_option(r, "link", t(r, T_MODE_LINK), strcmp(mode, "link") == 0);
        html_raw_trusted(h, "</select></div>\n");
        const char *tg = post && kp_in(r, "target_group") ? kp_in(r, "target_group") : "";
        kp_form_select_open(r, "target_group", t(r, T_GROUP), t(r, T_GROUP_HINT), false);
        kp_form_option(r, "", "—", !*tg);
        for (size_t i = 0; i < groups.n; i++)
            kp_form_option(r, groups.items[i].code, groups.items[i].name, strcmp(tg, groups.items[i].code) == 0);
        html_raw_trusted(h, "</select></div>\n");
        const char *dg = post && kp_in(r, "disability_group") ? kp_in(r, "disability_group") : "";
        kp_form_select_open(r, "disability_group", t(r, T_DISABILITY), NULL, false);
        kp_form_option(r, "", "—", !*dg);
        kp_form_option(r, "1", "I", strcmp(dg, "1") == 0);
        kp_form_option(r, "2", "II", strcmp(dg, "2") == 0);
        kp_form_option(r, "3", "III", strcmp(dg, "3") == 0);
        html_raw_trusted(h, "</select></div>\n");
        kp_form_field(r, "registered_on", t(r, T_REGISTERED), "date", post ? kp_in(r, "registered_on") : NULL,
                      t(r, T_REGISTERED_HINT), false);
        form_close(r, T_ACCEPT);
        form_open(r, a->row.id, "ask", T_ASK);
        textarea(r, "question", T_QUESTION, T_QUESTION_HINT);
        form_close(r, T_ASK);
        form_open(r, a->row.id, "refuse", T_REFUSE);
        textarea(r, "reason", T_REASON, T_REASON_HINT);
        form_close(r, T_REFUSE);
    }
    kp_page_end(r);
    kp_options_free(&groups);
    return 200;
}

/* After an action: back to the application, or the page again with the
 * messages (422), or "decided already" (409). */
static int after(kp_req *r, kp_rc rc)
{
    if (!rc)
        return kp_redirect(r, kp_arena_printf(&r->arena, "/applications/%lld?saved=1", (long long)r->path_id));
    if (rc == KP_EINVAL || rc == KP_ECONFLICT) {
        if (rc == KP_ECONFLICT && !r->errors.n)
            kp_errors_add(&r->errors, "mode", "", "%s", t(r, T_DECIDED));
        int st = page_intake_application(r);
        return st == 200 ? (rc == KP_EINVAL ? 422 : 409) : st;
    }
    return kp_error(r, kp_status_for(rc));
}

int page_intake_accept(kp_req *r)
{
    kp_app_accept_in in = {.mode = kp_in(r, "mode"),
                           .target_group = kp_in(r, "target_group"),
                           .disability_group = kp_in(r, "disability_group"),
                           .registered_on = kp_in(r, "registered_on")};
    int64_t client = 0;
    return after(r, kp_app_accept(&r->ctx, r->path_id, &in, &r->errors, &client));
}

int page_intake_ask(kp_req *r)
{
    return after(r, kp_app_ask(&r->ctx, r->path_id, kp_in(r, "question"), &r->errors));
}

int page_intake_refuse(kp_req *r)
{
    return after(r, kp_app_refuse(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors));
}
