/* Registering a client: the form (GET /clients/new) and its submit (POST),
 * through KP_CMD_REGISTER_CLIENT (commands.h) as the API. The form
 * re-displays with everything that was typed — the personal code too, only
 * in this answer to the person who typed it (never in drafts, URLs or logs)
 * — and a message on each wrong field; a second submit of the same form
 * creates no second client. A blank birth date is taken from an old-format
 * code; a new-format code whose check digit fails is a warning the worker
 * confirms, never a refusal; a person already registered in the worker's
 * scope is linked from the message. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/casework/casework.h"
#include "service/casework/commands.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int page_client_new(kp_req *r);
int page_client_new_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Reģistrēt klientu", "Register a client")                                                             \
    X(T_INTRO, "Lauki ar * ir obligāti. Personas kods tiek glabāts šifrēts un netiek rādīts sarakstos.",              \
      "Fields marked * are required. The personal code is stored encrypted and never shown in lists.")             \
    X(T_CODE, "Personas kods", "Personal code")                                                                      \
    X(T_CODE_HINT, "Vecais (DDMMGG-CNNNN) vai jaunais (32NNNN-NNNNN) formāts; defise nav obligāta.",                \
      "Old (DDMMYY-CNNNN) or new (32NNNN-NNNNN) format; the hyphen is optional.")                                 \
    X(T_BIRTH_HINT, "Formāts: GGGG-MM-DD. Ja personas kods ir vecajā formātā, var atstāt tukšu: datumu ņem no koda.", \
      "Format: YYYY-MM-DD. With an old-format personal code you may leave it blank: the date is taken from the code.") \
    X(T_WARN, "Pārbaudiet personas kodu:", "Check the personal code:")                                               \
    X(T_CONFIRM, "Esmu pārbaudījis personas kodu: tas ir pareizs", "I have checked the personal code: it is right")    \
    X(T_CONFIRM_NEEDED, "Klients vēl nav reģistrēts: pārbaudiet kodu, atzīmējiet apstiprinājumu un reģistrējiet vēlreiz.", \
      "The client is not registered yet: check the code, tick the confirmation and register again.")              \
    X(T_GIVEN, "Vārds", "Given name")                                                                                \
    X(T_FAMILY, "Uzvārds", "Family name")                                                                            \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_MUNI, "Pašvaldība", "Municipality")                                                                          \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_DISABILITY, "Invaliditātes grupa", "Disability group")                                                       \
    X(T_NONE, "nav", "none")                                                                                         \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_SPECIAL, "VDEĀVK atzinums par īpašu kopšanu (datums)", "VDEĀVK opinion on special care (date)")               \
    X(T_PARENTS, "Vecāki strādā vai mācās (bērna aprūpei)", "Parents work or study (for child care)")                 \
    X(T_UNKNOWN, "nav zināms", "unknown")                                                                            \
    X(T_YES, "jā", "yes")                                                                                            \
    X(T_NO, "nē", "no")                                                                                              \
    X(T_REGISTERED, "Reģistrēšanas datums", "Registration date")                                                     \
    X(T_OPEN_EXISTING, "Atvērt jau reģistrētā klienta kartīti", "Open the card of the client already registered") \
    X(T_SAVE, "Reģistrēt", "Register")                                                                               \
    X(T_CANCEL, "Atcelt", "Cancel")

KP_PAGE_STRINGS(STRINGS);

/* The submitted value of a field, or NULL on a fresh form. */
static const char *val(kp_req *r, const char *name)
{
    return strcmp(r->method, "POST") == 0 ? kp_in(r, name) : NULL;
}

static void field_open(kp_req *r, const char *name, const char *label, const char *hint, bool required)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, label);
    if (required)
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
    html_raw_trusted(h, "</label>");
    if (hint) {
        html_raw_trusted(h, "<p class=\"hint\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-hint\">");
        html_text(h, hint);
        html_raw_trusted(h, "</p>");
    }
    if (err) {
        html_raw_trusted(h, "<p class=\"error\" id=\"f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err\">");
        html_text(h, err);
        html_raw_trusted(h, "</p>");
    }
}

static void described_by(kp_req *r, const char *name, bool hint)
{
    bool err = kp_errors_for(&r->errors, name) != NULL;
    if (err)
        html_raw_trusted(&r->out, " aria-invalid=\"true\"");
    if (!hint && !err)
        return;
    html_raw_trusted(&r->out, " aria-describedby=\"");
    if (hint) {
        html_raw_trusted(&r->out, "f-");
        html_attr(&r->out, name);
        html_raw_trusted(&r->out, "-hint");
    }
    if (err) {
        html_raw_trusted(&r->out, hint ? " f-" : "f-");
        html_attr(&r->out, name);
        html_raw_trusted(&r->out, "-err");
    }
    html_raw_trusted(&r->out, "\"");
}

static void option(kp_req *r, const char *code, const char *name, const char *value)
{
    html_raw_trusted(&r->out, "<option value=\"");
    html_attr(&r->out, code);
    html_raw_trusted(&r->out, value && strcmp(value, code) == 0 ? "\" selected>" : "\">");
    html_text(&r->out, name);
    html_raw_trusted(&r->out, "</option>");
}

static void select_field(kp_req *r, const char *name, const char *label, const kp_options *o, const char *value,
                         const char *blank, bool required)
{
    field_open(r, name, label, NULL, required);
    html_raw_trusted(&r->out, "<select id=\"f-");
    html_attr(&r->out, name);
    html_raw_trusted(&r->out, "\" name=\"");
    html_attr(&r->out, name);
    html_raw_trusted(&r->out, required ? "\" required" : "\"");
    described_by(r, name, false);
    html_raw_trusted(&r->out, ">");
    if (blank)
        option(r, "", blank, value);
    for (size_t i = 0; i < o->n; i++)
        option(r, o->items[i].code, o->items[i].name, value);
    html_raw_trusted(&r->out, "</select></div>\n");
}

static void fixed_options(kp_options *o, const char *const *codes, const char *const *names, size_t n)
{
    memset(o, 0, sizeof *o);
    o->items = kp_xcalloc(n ? n : 1, sizeof *o->items);
    o->n = o->cap = n;
    for (size_t i = 0; i < n; i++) {
        snprintf(o->items[i].code, sizeof o->items[i].code, "%s", codes[i]);
        snprintf(o->items[i].name, sizeof o->items[i].name, "%s", names[i]);
    }
}

static int render(kp_req *r, const kp_errors *warnings);

int page_client_new(kp_req *r)
{
    return render(r, NULL);
}

static int render(kp_req *r, const kp_errors *warnings)
{
    int status = 500;
    kp_options munis, groups, tmp;
    kp_rc rc = kp_cw_municipality_options(&r->ctx, &munis);
    if (!rc)
        rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (rc) {
        kp_options_free(&munis);
        return kp_error(r, kp_status_for(rc));
    }
    char today[11];
    kp_date_format_iso(kp_ctx_today(&r->ctx), today);
    const char *token = val(r, "form_token");
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    bool again = strcmp(r->method, "POST") == 0;
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    if (warnings && warnings->n) {
        html_raw_trusted(h, "<div class=\"notice warning\" role=\"status\"><p>");
        html_text(h, t(r, T_CONFIRM_NEEDED));
        html_raw_trusted(h, "</p><ul>");
        for (size_t i = 0; i < warnings->n; i++) {
            html_raw_trusted(h, "<li>");
            html_text(h, warnings->items[i].message);
            html_raw_trusted(h, "</li>");
        }
        html_raw_trusted(h, "</ul></div>\n");
    }
    kp_form_errors(r);
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/new\" class=\"panel\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, token);
    html_raw_trusted(h, "\">\n");
    /* The personal code: kept in this answer to the person who typed it
     * (nothing typed is lost), left out of drafts (data-secret). */
    field_open(r, "personal_code", t(r, T_CODE), t(r, T_CODE_HINT), true);
    html_raw_trusted(h, "<input id=\"f-personal_code\" name=\"personal_code\" type=\"text\" inputmode=\"numeric\""
                        " autocomplete=\"off\" data-secret required");
    described_by(r, "personal_code", true);
    const char *code = again ? kp_in(r, "personal_code") : NULL;
    if (code && *code) {
        html_raw_trusted(h, " value=\"");
        html_attr(h, code);
        html_raw_trusted(h, "\"");
    }
    html_raw_trusted(h, ">");
    if (warnings && warnings->n) {
        html_raw_trusted(h, "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\"> ");
        html_text(h, t(r, T_CONFIRM));
        html_raw_trusted(h, "</label></p>");
    }
    /* Already a client in the caller's scope: the service names the record. */
    for (size_t i = 0; i < r->errors.n; i++) {
        const kp_field_error *fe = &r->errors.items[i];
        char *end = NULL;
        long long holder = strcmp(fe->field, "personal_code") == 0 && fe->value[0] ? strtoll(fe->value, &end, 10) : 0;
        if (holder > 0 && end && !*end) {
            html_raw_trusted(h, "<p><a href=\"/clients/");
            html_int(h, holder);
            html_raw_trusted(h, "\">");
            html_text(h, t(r, T_OPEN_EXISTING));
            html_raw_trusted(h, "</a></p>");
            break;
        }
    }
    html_raw_trusted(h, "</div>\n");
    kp_form_field(r, "given_name", t(r, T_GIVEN), "text", val(r, "given_name"), NULL, true);
    kp_form_field(r, "family_name", t(r, T_FAMILY), "text", val(r, "family_name"), NULL, true);
    kp_form_field(r, "birth_date", t(r, T_BIRTH), "date", val(r, "birth_date"), t(r, T_BIRTH_HINT), false);
    const char *muni = val(r, "municipality");
    select_field(r, "municipality", t(r, T_MUNI), &munis, muni ? muni : (munis.n == 1 ? munis.items[0].code : NULL),
                 munis.n == 1 ? NULL : t(r, T_CHOOSE), true);
    select_field(r, "target_group", t(r, T_GROUP), &groups, val(r, "target_group"), t(r, T_CHOOSE), true);
    static const char *const DG[] = {"1", "2", "3"};
    static const char *const DG_NAMES[] = {"I", "II", "III"};
    fixed_options(&tmp, DG, DG_NAMES, 3);
    select_field(r, "disability_group", t(r, T_DISABILITY), &tmp, val(r, "disability_group"), t(r, T_NONE), false);
    kp_options_free(&tmp);
    kp_form_field(r, "special_care_from", t(r, T_SPECIAL), "date", val(r, "special_care_from"), t(r, T_DATE_HINT),
                  false);
    static const char *const PW[] = {"1", "0"};
    const char *pw_names[] = {t(r, T_YES), t(r, T_NO)};
    fixed_options(&tmp, PW, pw_names, 2);
    select_field(r, "parents_working", t(r, T_PARENTS), &tmp, val(r, "parents_working"), t(r, T_UNKNOWN), false);
    kp_options_free(&tmp);
    const char *reg = val(r, "registered_on");
    kp_form_field(r, "registered_on", t(r, T_REGISTERED), "date", reg ? reg : today, t(r, T_DATE_HINT), true);
    html_raw_trusted(h, "<p><button type=\"submit\">");
    html_text(h, t(r, T_SAVE));
    html_raw_trusted(h, "</button> <a href=\"/caseload\">");
    html_text(h, t(r, T_CANCEL));
    html_raw_trusted(h, "</a></p>\n</form>\n");
    kp_options_free(&munis);
    kp_options_free(&groups);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_client_new_submit(kp_req *r)
{
    kp_client_in in = {
        .personal_code = kp_in(r, "personal_code"),
        .given_name = kp_in(r, "given_name"),
        .family_name = kp_in(r, "family_name"),
        .birth_date = kp_in(r, "birth_date"),
        .municipality = kp_in(r, "municipality"),
        .target_group = kp_in(r, "target_group"),
        .disability_group = kp_in(r, "disability_group"),
        .special_care_from = kp_in(r, "special_care_from"),
        .parents_working = kp_in(r, "parents_working"),
        .registered_on = kp_in(r, "registered_on"),
    };
    const char *confirm = kp_in(r, "confirm");
    kp_cmd_register cmd = {.client = in, .confirmed = confirm && strcmp(confirm, "1") == 0};
    kp_errors w;
    kp_errors_init(&w);
    kp_cmd_out out;
    kp_rc rc = kp_cmd_run(&r->ctx, KP_CMD_REGISTER_CLIENT, &cmd, sizeof cmd, kp_in(r, "form_token"), r->now,
                          &r->errors, &w, &out);
    int st;
    if (rc == KP_ECONFLICT && out.needs_confirm) {
        st = render(r, &w); /* not registered: confirm the code */
    } else if (rc == KP_EINVAL) {
        st = render(r, NULL);
        st = st == 200 ? 422 : st;
    } else if (rc) {
        st = kp_error(r, kp_status_for(rc));
    } else {
        st = kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)out.id));
    }
    kp_errors_free(&w);
    return st;
}
