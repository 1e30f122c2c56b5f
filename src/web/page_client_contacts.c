/* The case worker's contact log and tasks of a client (GET/POST
 * /clients/{id}/contacts, /clients/{id}/tasks, POST /clients/{id}/tasks/done),
 * the panel the card shows them in with the masked personal code, the
 * explicit and audited "show the whole code" (POST /clients/{id}/code/show),
 * and the worker's own tasks on the start page. Scope, history and access
 * records are decided by service/casework/contacts.h. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/contacts.h"
#include "service/casework/cases.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_CONTACTS, "Kontaktu žurnāls", "Contact log")                                                                 \
    X(T_TASKS, "Uzdevumi un atgādinājumi", "Tasks and reminders")                                                    \
    X(T_KIND, "Veids", "Kind")                                                                                       \
    X(T_ON, "Datums", "Date")                                                                                        \
    X(T_NOTE, "Piezīme", "Note")                                                                                     \
    X(T_WHO, "Ierakstīja", "Recorded by")                                                                            \
    X(T_ADD_CONTACT, "Ierakstīt kontaktu", "Record a contact")                                                       \
    X(T_NO_CONTACTS, "Kontaktu vēl nav.", "No contacts yet.")                                                        \
    X(T_ALL_CONTACTS, "Visi kontakti", "All contacts")                                                               \
    X(T_WHAT, "Kas jādara", "What to do")                                                                            \
    X(T_DUE, "Termiņš", "Due")                                                                                       \
    X(T_FOR, "Kam (lietotājvārds)", "For whom (user name)")                                                          \
    X(T_FOR_HINT, "Tukšs: jums pašam.", "Empty: yourself.")                                                          \
    X(T_ADD_TASK, "Pievienot uzdevumu", "Add a task")                                                                \
    X(T_NO_TASKS, "Uzdevumu nav.", "No tasks.")                                                                      \
    X(T_ALL_TASKS, "Visi uzdevumi", "All tasks")                                                                     \
    X(T_DONE, "Izpildīts", "Done")                                                                                   \
    X(T_MARK_DONE, "Atzīmēt kā izpildītu", "Mark as done")                                                           \
    X(T_OPEN, "atvērti", "open")                                                                                     \
    X(T_OVERDUE, "nokavēts", "overdue")                                                                              \
    X(T_OVERDUE_N, "nokavēti", "overdue")                                                                            \
    X(T_CODE, "Personas kods", "Personal code")                                                                      \
    X(T_CODE_SHOW, "Rādīt visu kodu", "Show the whole code")                                                         \
    X(T_CODE_NOTE, "Pilna koda apskate tiek ierakstīta piekļuves žurnālā.",                                          \
      "Seeing the whole code is recorded in the access log.")                                                       \
    X(T_CODE_NONE, "nav ierakstīts", "not recorded")                                                                 \
    X(T_BACK, "Atpakaļ uz klienta kartīti", "Back to the client card")                                               \
    X(T_MY_TASKS, "Mani uzdevumi", "My tasks")                                                                       \
    X(T_CLIENT, "Klients", "Client")                                                                                 \
    X(T_SHOWN_OF, "rādīti", "shown")                                                                                 \
    X(T_SAVED, "Saglabāts.", "Saved.")

KP_PAGE_STRINGS(STRINGS);

/* Lists shown on the card; the pages of their own show up to 500. */
#define CARD_ITEMS 5
#define PAGE_ITEMS 500

static void tag(kp_req *r, const char *open, const char *s, const char *close)
{
    html_raw_trusted(&r->out, open);
    html_text(&r->out, s);
    html_raw_trusted(&r->out, close);
}

static void link_to(kp_req *r, int64_t client, const char *sub, const char *label)
{
    html_raw_trusted(&r->out, "<a href=\"/clients/");
    html_int(&r->out, client);
    html_raw_trusted(&r->out, sub);
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, label);
    html_raw_trusted(&r->out, "</a>");
}

static void contacts_list(kp_req *r, const kp_contacts *l)
{
    if (!l->n) {
        tag(r, "<p>", t(r, T_NO_CONTACTS), "</p>\n");
        return;
    }
    html_raw_trusted(&r->out, "<ul class=\"items\">\n");
    for (size_t i = 0; i < l->n; i++) {
        const kp_contact *c = &l->items[i];
        tag(r, "<li><strong>", kp_fmt_date(r, c->contact_on), "</strong> · ");
        html_text(&r->out, kp_contact_kind_label(&r->ctx, c->kind));
        tag(r, " · <span class=\"muted\">", c->recorded_by, "</span>");
        tag(r, "<br>", c->note, "</li>\n");
    }
    html_raw_trusted(&r->out, "</ul>\n");
}

static void done_form(kp_req *r, int64_t client, const kp_task *x)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, " <form method=\"post\" action=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "/tasks/done\" class=\"inline\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"task_id\" value=\"");
    html_int(h, x->id);
    html_raw_trusted(h, "\"><button type=\"submit\" class=\"link\" aria-label=\"");
    html_attr(h, t(r, T_MARK_DONE));
    html_raw_trusted(h, ": ");
    html_attr(h, x->what);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_MARK_DONE));
    html_raw_trusted(h, "</button></form>");
}

static void tasks_list(kp_req *r, int64_t client, const kp_tasks *l, bool with_client)
{
    if (!l->n) {
        tag(r, "<p>", t(r, T_NO_TASKS), "</p>\n");
        return;
    }
    html_raw_trusted(&r->out, "<ul class=\"items\">\n");
    for (size_t i = 0; i < l->n; i++) {
        const kp_task *x = &l->items[i];
        html_raw_trusted(&r->out, "<li>");
        if (with_client) {
            html_raw_trusted(&r->out, "<a href=\"/clients/");
            html_int(&r->out, x->client_id);
            html_raw_trusted(&r->out, "\">");
            html_text(&r->out, x->client_name);
            html_raw_trusted(&r->out, "</a>: ");
        }
        html_text(&r->out, x->what);
        html_raw_trusted(&r->out, " · ");
        html_raw_trusted(&r->out, x->overdue ? "<span class=\"overdue\">" : "<span>");
        html_text(&r->out, t(r, T_DUE));
        html_raw_trusted(&r->out, " ");
        html_text(&r->out, kp_fmt_date(r, x->due_on));
        if (x->overdue) {
            html_raw_trusted(&r->out, " (");
            html_text(&r->out, t(r, T_OVERDUE));
            html_raw_trusted(&r->out, ")");
        }
        html_raw_trusted(&r->out, "</span>");
        if (!with_client)
            tag(r, " · <span class=\"muted\">", x->assigned_to, "</span>");
        if (x->done_on[0]) {
            tag(r, " · ", t(r, T_DONE), " ");
            html_text(&r->out, kp_fmt_date(r, x->done_on));
            tag(r, " (", x->done_by, ")");
        } else if (!with_client) {
            done_form(r, client, x);
        }
        html_raw_trusted(&r->out, "</li>\n");
    }
    html_raw_trusted(&r->out, "</ul>\n");
}

static void kind_select(kp_req *r)
{
    kp_html *h = &r->out;
    const char *v = pf_val(r, "kind");
    const char *err = kp_errors_for(&r->errors, "kind");
    html_raw_trusted(h, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    tag(r, "<label for=\"f-kind\">", t(r, T_KIND), " <span class=\"req\" aria-hidden=\"true\">*</span></label>");
    if (err)
        tag(r, "<p class=\"error\" id=\"f-kind-err\">", err, "</p>");
    html_raw_trusted(h, err ? "<select id=\"f-kind\" name=\"kind\" required aria-invalid=\"true\" "
                              "aria-describedby=\"f-kind-err\">"
                            : "<select id=\"f-kind\" name=\"kind\" required>");
    for (size_t i = 0; KP_CONTACT_KINDS[i]; i++) {
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, KP_CONTACT_KINDS[i]);
        html_raw_trusted(h, v && strcmp(v, KP_CONTACT_KINDS[i]) == 0 ? "\" selected>" : "\">");
        html_text(h, kp_contact_kind_label(&r->ctx, KP_CONTACT_KINDS[i]));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>\n");
}

static void contact_form(kp_req *r, int64_t client)
{
    html_raw_trusted(&r->out, "<form method=\"post\" class=\"panel\" action=\"/clients/");
    html_int(&r->out, client);
    html_raw_trusted(&r->out, "/contacts\" data-draft=\"contact\" data-draft-key=\"");
    html_int(&r->out, client);
    html_raw_trusted(&r->out, "\">");
    kp_form_csrf(r);
    tag(r, "<h2>", t(r, T_ADD_CONTACT), "</h2>\n");
    kind_select(r);
    const char *on = pf_val(r, "contact_on");
    kp_form_field(r, "contact_on", t(r, T_ON), "date", on ? on : pf_today(r), pf_date_hint(r), true);
    pf_textarea(r, "note", t(r, T_NOTE), pf_val(r, "note"), NULL, true);
    pf_form_close(r, client, t(r, T_ADD_CONTACT));
}

static void task_form(kp_req *r, int64_t client)
{
    html_raw_trusted(&r->out, "<form method=\"post\" class=\"panel\" action=\"/clients/");
    html_int(&r->out, client);
    html_raw_trusted(&r->out, "/tasks\">");
    kp_form_csrf(r);
    tag(r, "<h2>", t(r, T_ADD_TASK), "</h2>\n");
    kp_form_field(r, "what", t(r, T_WHAT), "text", pf_val(r, "what"), NULL, true);
    kp_form_field(r, "due_on", t(r, T_DUE), "date", pf_val(r, "due_on"), pf_date_hint(r), true);
    kp_form_field(r, "assigned_to", t(r, T_FOR), "text", pf_val(r, "assigned_to"), t(r, T_FOR_HINT), false);
    pf_form_close(r, client, t(r, T_ADD_TASK));
}

/* ---- on the card --------------------------------------------------------- */

kp_rc kp_card_casework_panels(kp_req *r, int64_t client)
{
    if (r->ctx.role != KP_ROLE_SOCIAL_WORKER && r->ctx.role != KP_ROLE_MUNICIPAL_HEAD)
        return KP_OK;
    kp_html *h = &r->out;
    char masked[16] = "";
    kp_rc rc = kp_client_code_masked(&r->ctx, client, masked, sizeof masked);
    if (rc && rc != KP_ENOTFOUND)
        return rc;
    html_raw_trusted(h, "<form method=\"post\" class=\"code-line\" action=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "/code/show\"><p>");
    kp_form_csrf(r);
    tag(r, "<strong>", t(r, T_CODE), ":</strong> ");
    html_text(h, masked[0] ? masked : t(r, T_CODE_NONE));
    if (masked[0]) {
        html_raw_trusted(h, " <button type=\"submit\" class=\"link\">");
        html_text(h, t(r, T_CODE_SHOW));
        html_raw_trusted(h, "</button>");
    }
    html_raw_trusted(h, "</p></form>\n");

    kp_tasks tl;
    rc = kp_task_list(&r->ctx, client, CARD_ITEMS, &tl);
    if (rc)
        return rc;
    html_raw_trusted(h, "<section aria-labelledby=\"tasks-h\"><h2 id=\"tasks-h\">");
    html_text(h, t(r, T_TASKS));
    html_raw_trusted(h, " (");
    html_int(h, (int64_t)tl.open);
    html_raw_trusted(h, " ");
    html_text(h, t(r, T_OPEN));
    if (tl.overdue) {
        html_raw_trusted(h, ", <span class=\"overdue\">");
        html_int(h, (int64_t)tl.overdue);
        html_raw_trusted(h, " ");
        html_text(h, t(r, T_OVERDUE_N));
        html_raw_trusted(h, "</span>");
    }
    html_raw_trusted(h, ")</h2>\n");
    tasks_list(r, client, &tl, false);
    kp_tasks_free(&tl);
    html_raw_trusted(h, "<p class=\"files\">");
    link_to(r, client, "/tasks", t(r, T_ADD_TASK));
    html_raw_trusted(h, "</p></section>\n");

    kp_contacts cl;
    rc = kp_contact_list(&r->ctx, client, CARD_ITEMS, &cl);
    if (rc)
        return rc;
    html_raw_trusted(h, "<section aria-labelledby=\"contacts-h\"><h2 id=\"contacts-h\">");
    html_text(h, t(r, T_CONTACTS));
    html_raw_trusted(h, " (");
    html_int(h, (int64_t)cl.total);
    html_raw_trusted(h, ")</h2>\n");
    contacts_list(r, &cl);
    html_raw_trusted(h, "<p class=\"files\">");
    link_to(r, client, "/contacts", cl.total > cl.n ? t(r, T_ALL_CONTACTS) : t(r, T_ADD_CONTACT));
    html_raw_trusted(h, "</p></section>\n");
    kp_contacts_free(&cl);
    return KP_OK;
}

/* ---- the pages ------------------------------------------------------------- */

int page_client_contacts(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    kp_contacts l;
    memset(&l, 0, sizeof l);
    if (!rc)
        rc = kp_contact_list(&r->ctx, r->path_id, PAGE_ITEMS, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    pf_head(r, t(r, T_CONTACTS), &c);
    contact_form(r, c.id);
    tag(r, "<h2>", t(r, T_CONTACTS), "</h2>\n");
    contacts_list(r, &l);
    kp_contacts_free(&l);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_client_contacts_submit(kp_req *r)
{
    kp_contact_in in = {.kind = kp_in(r, "kind"), .contact_on = kp_in(r, "contact_on"), .note = kp_in(r, "note")};
    kp_rc rc = kp_contact_add(&r->ctx, r->path_id, &in, &r->errors, NULL);
    return pf_finish(r, rc, page_client_contacts);
}

int page_client_tasks(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    kp_tasks l;
    memset(&l, 0, sizeof l);
    if (!rc)
        rc = kp_task_list(&r->ctx, r->path_id, PAGE_ITEMS, &l);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    pf_head(r, t(r, T_TASKS), &c);
    const char *err = kp_errors_for(&r->errors, "task");
    if (err)
        tag(r, "<p class=\"error\" id=\"f-task\">", err, "</p>\n");
    task_form(r, c.id);
    tag(r, "<h2>", t(r, T_TASKS), "</h2>\n");
    tasks_list(r, c.id, &l, false);
    kp_tasks_free(&l);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_client_tasks_submit(kp_req *r)
{
    kp_task_in in = {.what = kp_in(r, "what"), .due_on = kp_in(r, "due_on"), .assigned_to = kp_in(r, "assigned_to")};
    kp_rc rc = kp_task_add(&r->ctx, r->path_id, &in, &r->errors, NULL);
    return pf_finish(r, rc, page_client_tasks);
}

int page_client_task_done(kp_req *r)
{
    kp_rc rc = kp_task_done(&r->ctx, r->path_id, kp_in_int(r, "task_id", 0), &r->errors);
    return pf_finish(r, rc, page_client_tasks);
}

int page_client_code_show(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    char code[32] = "";
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (!rc && r->ctx.role != KP_ROLE_SOCIAL_WORKER && r->ctx.role != KP_ROLE_MUNICIPAL_HEAD)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_client_personal_code(&r->ctx, r->path_id, code, sizeof code); /* audited: read_personal_code */
    if (rc)
        return kp_error(r, kp_status_for(rc));
    pf_head(r, t(r, T_CODE), &c);
    tag(r, "<p class=\"panel\"><strong>", t(r, T_CODE), ":</strong> ");
    html_text(&r->out, code);
    tag(r, "</p>\n<p class=\"muted\">", t(r, T_CODE_NOTE), "</p>\n<p>");
    link_to(r, c.id, "", t(r, T_BACK));
    html_raw_trusted(&r->out, "</p>\n");
    memset(code, 0, sizeof code);
    kp_page_end(r);
    status = 200;
    return status;
}

/* ---- the worker's start page ---------------------------------------------- */

void kp_home_tasks_panel(kp_req *r)
{
    if (!r->session || (r->ctx.role != KP_ROLE_SOCIAL_WORKER && r->ctx.role != KP_ROLE_MUNICIPAL_HEAD))
        return;
    kp_tasks l;
    if (kp_task_list_mine(&r->ctx, CARD_ITEMS, &l) != KP_OK)
        return; /* the start page stands without its reminders */
    kp_html *h = &r->out;
    html_raw_trusted(h, "<section class=\"panel\" aria-labelledby=\"mytasks-h\"><h2 id=\"mytasks-h\">");
    html_text(h, t(r, T_MY_TASKS));
    html_raw_trusted(h, ": ");
    html_int(h, (int64_t)l.open);
    if (l.overdue) {
        html_raw_trusted(h, ", <span class=\"overdue\">");
        html_int(h, (int64_t)l.overdue);
        html_raw_trusted(h, " ");
        html_text(h, t(r, T_OVERDUE_N));
        html_raw_trusted(h, "</span>");
    }
    html_raw_trusted(h, "</h2>\n");
    tasks_list(r, 0, &l, true);
    if (l.open > l.n) {
        html_raw_trusted(h, "<p class=\"muted\">");
        html_int(h, (int64_t)l.n);
        html_raw_trusted(h, " / ");
        html_int(h, (int64_t)l.open);
        html_raw_trusted(h, " ");
        html_text(h, t(r, T_SHOWN_OF));
        html_raw_trusted(h, "</p>\n");
    }
    html_raw_trusted(h, "</section>\n");
    kp_tasks_free(&l);
}
