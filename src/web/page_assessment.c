/* Recording a needs assessment: round, date, place, assessor and the
 * services the person needs (checkboxes). A draft is kept as the person
 * types (kopa.js) or with the "save draft" button, and offered again. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/accounts/drafts.h"
#include "service/casework/queries.h"
#include "core/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_assessment(kp_req *r);
int page_assessment_submit(kp_req *r);

#define MAX_NEEDS 24

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Vajadzību izvērtējums", "Needs assessment")                                                          \
    X(T_FOR, "Klients", "Client")                                                                                    \
    X(T_ROUND, "Izvērtēšanas kārta", "Assessment round")                                                             \
    X(T_ROUND_HINT, "Kārtas numurs: 1, 2, 3 …", "Round number: 1, 2, 3 …")                                          \
    X(T_DATE, "Izvērtēšanas datums", "Date of the assessment")                                                       \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_PLACE, "Kur persona dzīvo", "Where the person lives")                                                        \
    X(T_FAMILY, "ģimenē", "with family")                                                                             \
    X(T_VSAC, "valsts sociālās aprūpes centrā", "in a state social care centre")                                     \
    X(T_INSTITUTION, "bērnu aprūpes iestādē", "in a children's institution")                                         \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_ASSESSOR, "Izvērtētājs", "Assessor")                                                                         \
    X(T_NEEDS, "Vajadzīgie pakalpojumi", "Services needed")                                                          \
    X(T_NEEDS_HINT, "Atzīmējiet visus, ko izvērtējums atzina par vajadzīgiem.",                                      \
      "Tick every service the assessment found the person needs.")                                                  \
    X(T_SAVE, "Saglabāt izvērtējumu", "Save the assessment")                                                         \
    X(T_DRAFT, "Saglabāt melnrakstu", "Save draft")                                                                  \
    X(T_DRAFT_SAVED, "Melnraksts saglabāts. Izvērtējums vēl nav ierakstīts.",                                        \
      "Draft saved. The assessment is not recorded yet.")                                                           \
    X(T_DRAFT_LOADED, "Parādīts jūsu saglabātais melnraksts.", "Your saved draft is shown.")                         \
    X(T_CANCEL, "Atpakaļ uz klienta kartīti", "Back to the client card")

KP_PAGE_STRINGS(STRINGS);

static const char *const FIELDS[] = {"round", "assessed_on", "place", "assessor"};

typedef struct form {
    const char *draft;   /* loaded draft body, or NULL */
    bool posted;
} form;

static const char *val(kp_req *r, const form *f, const char *name)
{
    if (f->posted)
        return kp_in(r, name);
    return f->draft ? kp_urlencoded_value(r, f->draft, name) : NULL;
}

static void needs_field(kp_req *r, const form *f, const kp_options *services)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, "needs");
    html_raw_trusted(h, err ? "<fieldset id=\"f-needs\" class=\"field has-error\" aria-describedby=\"f-needs-hint f-needs-err\">"
                            : "<fieldset id=\"f-needs\" class=\"field\" aria-describedby=\"f-needs-hint\">");
    html_raw_trusted(h, "<legend>");
    html_text(h, t(r, T_NEEDS));
    html_raw_trusted(h, "</legend><p class=\"hint\" id=\"f-needs-hint\">");
    html_text(h, t(r, T_NEEDS_HINT));
    html_raw_trusted(h, "</p>");
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-needs-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, "<table><tbody>\n");
    for (size_t i = 0; i < services->n && i < MAX_NEEDS; i++) {
        const kp_option *o = &services->items[i];
        char name[16];
        snprintf(name, sizeof name, "need_%zu", i + 1);
        const char *v = val(r, f, name);
        bool on = v && strcmp(v, o->code) == 0;
        html_raw_trusted(h, "<tr><td><input type=\"checkbox\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "\" name=\"");
        html_attr(h, name);
        html_raw_trusted(h, "\" value=\"");
        html_attr(h, o->code);
        html_raw_trusted(h, on ? "\" checked></td><td><label for=\"f-" : "\"></td><td><label for=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "\">");
        if (o->parent[0])
            html_raw_trusted(h, "— ");
        html_text(h, o->name);
        html_raw_trusted(h, "</label></td></tr>\n");
    }
    html_raw_trusted(h, "</tbody></table></fieldset>\n");
}

static int render(kp_req *r, const char *notice)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options services;
    rc = kp_cw_service_options(&r->ctx, &services);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    form f = {.posted = strcmp(r->method, "POST") == 0};
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)r->path_id);
    char *draft = NULL;
    if (!f.posted && kp_draft_load(&r->ctx, "assessment", key, r->now, &draft) == KP_OK) {
        f.draft = kp_arena_strdup(&r->arena, draft);
        free(draft);
        notice = t(r, T_DRAFT_LOADED);
    }
    const char *token = f.posted ? kp_in(r, "form_token") : NULL;
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_FOR));
    html_raw_trusted(h, ": <a href=\"/clients/");
    html_int(h, c.id);
    html_raw_trusted(h, "\">");
    html_text(h, c.given_name);
    html_raw_trusted(h, " ");
    html_text(h, c.family_name);
    html_raw_trusted(h, "</a></p>\n");
    if (notice)
        kp_notice(r, notice);
    kp_form_errors(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, c.id);
    html_raw_trusted(h, "/assessment\" class=\"panel\" data-draft=\"assessment\" data-draft-key=\"");
    html_attr(h, key);
    html_raw_trusted(h, "\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\">\n");
    kp_form_field(r, "round", t(r, T_ROUND), "text", val(r, &f, "round"), t(r, T_ROUND_HINT), true);
    const char *on = val(r, &f, "assessed_on");
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    kp_form_field(r, "assessed_on", t(r, T_DATE), "date", on ? on : today, t(r, T_DATE_HINT), true);
    /* Place. */
    const char *place = val(r, &f, "place");
    const char *perr = kp_errors_for(&r->errors, "place");
    html_raw_trusted(h, perr ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    html_raw_trusted(h, "<label for=\"f-place\">");
    html_text(h, t(r, T_PLACE));
    html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label>");
    if (perr) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-place-err\">");
        html_text(h, perr);
        html_raw_trusted(h, "</p>");
    }
    html_raw_trusted(h, perr ? "<select id=\"f-place\" name=\"place\" required aria-invalid=\"true\" aria-describedby=\"f-place-err\">"
                             : "<select id=\"f-place\" name=\"place\" required>");
    static const char *const PLACES[] = {"", "family", "vsac", "institution"};
    const int names[] = {T_CHOOSE, T_FAMILY, T_VSAC, T_INSTITUTION};
    for (size_t i = 0; i < 4; i++) {
        html_raw_trusted(h, "<option value=\"");
        html_attr(h, PLACES[i]);
        html_raw_trusted(h, place && strcmp(place, PLACES[i]) == 0 ? "\" selected>" : "\">");
        html_text(h, t(r, names[i]));
        html_raw_trusted(h, "</option>");
    }
    html_raw_trusted(h, "</select></div>\n");
    kp_form_field(r, "assessor", t(r, T_ASSESSOR), "text", val(r, &f, "assessor"), NULL, false);
    needs_field(r, &f, &services);
    html_raw_trusted(h, "<p><button type=\"submit\" name=\"action\" value=\"save\">");
    html_text(h, t(r, T_SAVE));
    html_raw_trusted(h, "</button> <button type=\"submit\" name=\"action\" value=\"draft\" class=\"link\">");
    html_text(h, t(r, T_DRAFT));
    html_raw_trusted(h, "</button> <a href=\"/clients/");
    html_int(h, c.id);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_options_free(&services);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_assessment(kp_req *r)
{
    return render(r, NULL);
}

/* The fields as an urlencoded body, as kopa.js sends them. */
static const char *encode(kp_req *r)
{
    kp_html b;
    kp_html_init(&b);
    char name[16];
    for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0] + MAX_NEEDS; i++) {
        const char *n = FIELDS[i < 4 ? i : 0];
        if (i >= 4) {
            snprintf(name, sizeof name, "need_%zu", i - 3);
            n = name;
        }
        kp_urlencoded_put(&b, n, kp_in(r, n));
    }
    const char *out = kp_arena_strdup(&r->arena, kp_html_str(&b));
    kp_html_free(&b);
    return out;
}

int page_assessment_submit(kp_req *r)
{
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)r->path_id);
    const char *action = kp_in(r, "action");
    if (action && strcmp(action, "draft") == 0) {
        kp_rc rc = kp_access_client(&r->ctx, r->path_id, true);
        if (!rc)
            rc = kp_draft_save(&r->ctx, "assessment", key, encode(r), r->now);
        if (rc)
            return kp_error(r, kp_status_for(rc));
        return render(r, t(r, T_DRAFT_SAVED));
    }
    /* Needs: the ticked boxes, as the "a|b|c" list the use case takes. */
    kp_buf needs;
    kp_buf_init(&needs, 4096);
    char name[16];
    for (size_t i = 1; i <= MAX_NEEDS; i++) {
        snprintf(name, sizeof name, "need_%zu", i);
        const char *v = kp_in(r, name);
        if (!v || !*v)
            continue;
        if (needs.len)
            kp_buf_putc(&needs, '|');
        kp_buf_puts(&needs, v);
    }
    kp_assessment_in in = {
        .client_id = key,
        .round = kp_in(r, "round"),
        .assessed_on = kp_in(r, "assessed_on"),
        .place = kp_in(r, "place"),
        .assessor = kp_in(r, "assessor"),
        .needs = kp_arena_strdup(&r->arena, kp_buf_str(&needs)),
    };
    kp_buf_free(&needs);
    kp_rc rc = kp_cw_assessment_record(&r->ctx, &in, kp_in(r, "form_token"), r->now, &r->errors, NULL, NULL);
    if (rc == KP_EINVAL) {
        int st = render(r, NULL);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_draft_delete(&r->ctx, "assessment", key);
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
}
