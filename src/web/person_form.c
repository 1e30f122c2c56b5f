/* Form parts shared by the pages of a person's history (see person_form.h). */
#include "web/person_form.h"
#include "web/page_strings.h"
#include "service/access.h"
#include "service/accounts/sessions.h"
#include "core/mem.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_FOR, "Klients", "Client")                                                                                    \
    X(T_BACK, "Atpakaļ uz klienta kartīti", "Back to the client card")                                              \
    X(T_DATE_HINT, "Formāts: dd.mm.gggg., piemēram, 31.12.2021.", "Format: dd.mm.yyyy, for example 31.12.2021")                                                      \
    X(T_FAMILY, "ģimenē", "with family")                                                                             \
    X(T_OWN_HOME, "savā mājoklī", "in own home")                                                                     \
    X(T_GROUP_HOME, "grupu dzīvoklī", "in a group home")                                                             \
    X(T_FOSTER, "audžuģimenē", "in a foster family")                                                                 \
    X(T_GUARDIANSHIP, "aizbildņa ģimenē", "with a guardian")                                                         \
    X(T_FLC, "ģimeniskai videi pietuvinātā pakalpojumā", "in family-like care")                                      \
    X(T_VSAC, "valsts sociālās aprūpes centrā (VSAC)", "in a state social care centre (VSAC)")                       \
    X(T_CHILDREN_INST, "bērnu aprūpes iestādē", "in a children's institution")                                       \
    X(T_LEGAL_REP, "likumiskais pārstāvis", "legal representative")                                                  \
    X(T_PARENT, "vecāks", "parent")                                                                                  \
    X(T_GUARDIAN, "aizbildnis", "guardian")                                                                          \
    X(T_FOSTER_PARENT, "audžuvecāks", "foster parent")                                                               \
    X(T_MOVED_AWAY, "pārcēlās prom", "moved away")                                                                   \
    X(T_DIED, "miris", "died")                                                                                       \
    X(T_NOT_ELIGIBLE, "vairs neatbilst mērķa grupai", "no longer eligible")                                          \
    X(T_REFUSED, "atteicās no pakalpojumiem", "refused the services")                                               \
    X(T_OTHER, "cits iemesls", "another reason")

KP_PAGE_STRINGS(STRINGS);

const char *pf_val(kp_req *r, const char *name)
{
    return strcmp(r->method, "POST") == 0 ? kp_in(r, name) : NULL;
}

const char *pf_token(kp_req *r)
{
    const char *token = pf_val(r, "form_token");
    if (!token || !*token) {
        char *fresh = kp_arena_alloc(&r->arena, KP_TOKEN_CHARS + 1);
        kp_token_random(fresh);
        token = fresh;
    }
    return token;
}

const char *pf_date_hint(kp_req *r)
{
    return t(r, T_DATE_HINT);
}

const char *pf_today(kp_req *r)
{
    char *d = kp_arena_alloc(&r->arena, 11);
    kp_date_format_iso(kp_ctx_today(&r->ctx), d);
    return d;
}

void pf_head(kp_req *r, const char *title, const kp_client_row *c)
{
    kp_html *h = &r->out;
    kp_page_begin(r, title);
    html_raw_trusted(h, "<h1>");
    html_text(h, title);
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_FOR));
    html_raw_trusted(h, ": <a href=\"/clients/");
    html_int(h, c->id);
    html_raw_trusted(h, "\">");
    html_text(h, c->given_name);
    html_raw_trusted(h, " ");
    html_text(h, c->family_name);
    html_raw_trusted(h, "</a></p>\n");
    kp_form_errors(r);
}

void pf_form_open(kp_req *r, int64_t client, const char *path)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "/");
    html_url_path(h, path);
    html_raw_trusted(h, "\" class=\"panel\">");
    kp_form_csrf(r);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"form_token\" value=\"");
    html_attr(h, pf_token(r));
    html_raw_trusted(h, "\">\n");
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

static void control_attrs(kp_req *r, const char *name, bool hint, bool required)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, " id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    html_raw_trusted(h, required ? "\" required" : "\"");
    bool err = kp_errors_for(&r->errors, name) != NULL;
    if (err)
        html_raw_trusted(h, " aria-invalid=\"true\"");
    if (hint || err) {
        html_raw_trusted(h, " aria-describedby=\"");
        if (hint) {
            html_raw_trusted(h, "f-");
            html_attr(h, name);
            html_raw_trusted(h, "-hint");
        }
        if (err) {
            html_raw_trusted(h, hint ? " f-" : "f-");
            html_attr(h, name);
            html_raw_trusted(h, "-err");
        }
        html_raw_trusted(h, "\"");
    }
}

static void option(kp_req *r, const char *code, const char *name, const char *value)
{
    html_raw_trusted(&r->out, "<option value=\"");
    html_attr(&r->out, code);
    html_raw_trusted(&r->out, value && strcmp(value, code) == 0 ? "\" selected>" : "\">");
    html_text(&r->out, name);
    html_raw_trusted(&r->out, "</option>");
}

void pf_select(kp_req *r, const char *name, const char *label, const kp_options *o, const char *value,
               const char *blank, bool required)
{
    field_open(r, name, label, NULL, required);
    html_raw_trusted(&r->out, "<select");
    control_attrs(r, name, false, required);
    html_raw_trusted(&r->out, ">");
    if (blank)
        option(r, "", blank, value ? value : "");
    for (size_t i = 0; i < o->n; i++)
        option(r, o->items[i].code, o->items[i].name, value);
    html_raw_trusted(&r->out, "</select></div>\n");
}

void pf_textarea(kp_req *r, const char *name, const char *label, const char *value, const char *hint, bool required)
{
    field_open(r, name, label, hint, required);
    html_raw_trusted(&r->out, "<textarea rows=\"3\" cols=\"60\"");
    control_attrs(r, name, hint != NULL, required);
    html_raw_trusted(&r->out, ">");
    html_text(&r->out, value);
    html_raw_trusted(&r->out, "</textarea></div>\n");
}

void pf_form_close(kp_req *r, int64_t client, const char *submit)
{
    kp_html *h = &r->out;
    html_raw_trusted(h, "<p><button type=\"submit\">");
    html_text(h, submit);
    html_raw_trusted(h, "</button> <a href=\"/clients/");
    html_int(h, client);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_BACK));
    html_raw_trusted(h, "</a></p>\n</form>\n");
}

void pf_options(kp_options *o, const char *const *codes, const char *const *names, size_t n)
{
    memset(o, 0, sizeof *o);
    o->items = kp_xcalloc(n ? n : 1, sizeof *o->items);
    o->n = o->cap = n;
    for (size_t i = 0; i < n; i++) {
        snprintf(o->items[i].code, sizeof o->items[i].code, "%s", codes[i]);
        snprintf(o->items[i].name, sizeof o->items[i].name, "%s", names[i]);
    }
}

int pf_finish(kp_req *r, kp_rc rc, int (*form)(kp_req *r))
{
    if (rc == KP_EINVAL || rc == KP_ECONFLICT || rc == KP_ECRYPTO) {
        int st = form(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return kp_redirect(r, kp_arena_printf(&r->arena, "/clients/%lld?saved=1", (long long)r->path_id));
}

static const char *lookup(kp_req *r, const char *code, const char *const *codes, const int *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (code && strcmp(code, codes[i]) == 0)
            return t(r, keys[i]);
    return code ? code : "";
}

const char *pf_residence_kind(kp_req *r, const char *code)
{
    static const char *const C[] = {"family", "own_home", "group_home", "foster_family", "guardianship",
                                    "family_like_care", "vsac", "children_institution"};
    static const int K[] = {T_FAMILY, T_OWN_HOME, T_GROUP_HOME, T_FOSTER, T_GUARDIANSHIP, T_FLC, T_VSAC, T_CHILDREN_INST};
    return lookup(r, code, C, K, 8);
}

const char *pf_link_kind(kp_req *r, const char *code)
{
    static const char *const C[] = {"legal_representative", "parent", "guardian", "foster_parent"};
    static const int K[] = {T_LEGAL_REP, T_PARENT, T_GUARDIAN, T_FOSTER_PARENT};
    return lookup(r, code, C, K, 4);
}

const char *pf_closing_reason(kp_req *r, const char *code)
{
    static const char *const C[] = {"moved_away", "died", "not_eligible", "refused", "other"};
    static const int K[] = {T_MOVED_AWAY, T_DIED, T_NOT_ELIGIBLE, T_REFUSED, T_OTHER};
    return lookup(r, code, C, K, 5);
}
