/* A client's data-protection page (GET/POST /clients/{id}/privacy…): the
 * restriction of processing (GDPR Art. 18) with its restrict and lift
 * forms, the legal basis and consent per purpose (Art. 6, 9) with its
 * form, and the subject access export (Art. 15) as JSON or PDF
 * (/clients/{id}/export); and the card's privacy section. Scope, history
 * and access records are decided by service/privacy/privacy.h. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "report/privacy_docs.h"
#include "report/render.h"
#include "service/access.h"
#include "service/privacy/privacy.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Datu aizsardzība", "Data protection")                                                                \
    X(T_RESTRICTION, "Apstrādes ierobežojums (VDAR 18. pants)", "Restriction of processing (GDPR Art. 18)")         \
    X(T_FROZEN, "Ieraksta apstrāde ir ierobežota: to var skatīt, bet nevar mainīt.",                                \
      "The record is restricted: it can be read but not changed.")                                                  \
    X(T_NOT_FROZEN, "Apstrāde nav ierobežota.", "Processing is not restricted.")                                     \
    X(T_SINCE, "kopš", "since")                                                                                      \
    X(T_BY, "ierobežoja", "by")                                                                                      \
    X(T_REASON, "Pamatojums", "Reason")                                                                              \
    X(T_RESTRICT, "Ierobežot apstrādi", "Restrict processing")                                                       \
    X(T_LIFT, "Atcelt ierobežojumu", "Lift the restriction")                                                         \
    X(T_BASES, "Tiesiskais pamats un piekrišana", "Legal basis and consent")                                         \
    X(T_NO_BASES, "Tiesiskais pamats vēl nav ierakstīts.", "No legal basis recorded yet.")                           \
    X(T_PURPOSE, "Nolūks", "Purpose")                                                                                \
    X(T_ART6, "VDAR 6. panta 1. punkta apakšpunkts", "GDPR Art. 6(1) point")                                         \
    X(T_ART9, "VDAR 9. panta 2. punkta apakšpunkts (īpašas kategorijas dati)",                                     \
      "GDPR Art. 9(2) point (special categories)")                                                                  \
    X(T_CONSENT_GIVEN, "Piekrišana dota", "Consent given on")                                                        \
    X(T_CONSENT_WITHDRAWN, "Piekrišana atsaukta", "Consent withdrawn on")                                            \
    X(T_NOTE, "Piezīme", "Note")                                                                                     \
    X(T_RECORDED, "Ierakstīja", "Recorded by")                                                                       \
    X(T_SAVE_BASIS, "Saglabāt tiesisko pamatu", "Save the legal basis")                                              \
    X(T_NONE, "—", "—")                                                                                              \
    X(T_EXPORT, "Datu izraksts personai (VDAR 15. pants)", "Export for the person (GDPR Art. 15)")                  \
    X(T_EXPORT_NOTE, "Izrakstā ir viss, kas par personu glabājas, arī personas kods un kas datus skatīja; "          \
                     "izraksta sagatavošana tiek ierakstīta vēsturē.",                                               \
      "The export holds everything kept about the person, the personal code and who viewed the data included; "     \
      "making it is recorded in the history.")                                                                      \
    X(T_EXPORT_JSON, "Lejupielādēt JSON", "Download JSON")                                                           \
    X(T_EXPORT_PDF, "Lejupielādēt PDF", "Download PDF")                                                              \
    X(T_OPEN_PAGE, "Datu aizsardzība: pamats, piekrišana, ierobežojums, izraksts",                                  \
      "Data protection: basis, consent, restriction, export")

KP_PAGE_STRINGS(STRINGS);

static void tag(kp_req *r, const char *open, const char *s, const char *close)
{
    html_raw_trusted(&r->out, open);
    html_text(&r->out, s);
    html_raw_trusted(&r->out, close);
}

/* With cfg NULL (the card), the one name from the kept configuration. */
static const char *purpose_name(kp_req *r, const kp_privacy_config *cfg, const char *code)
{
    bool en = strcmp(r->lang, "en") == 0;
    if (!cfg) {
        char *name = kp_arena_alloc(&r->arena, sizeof ((kp_purpose *)0)->name_lv);
        return kp_privacy_purpose_name(code, en, name, sizeof ((kp_purpose *)0)->name_lv) ? name : code;
    }
    const kp_purpose *p = kp_privacy_purpose(cfg, code);
    if (!p)
        return code;
    return en ? p->name_en : p->name_lv;
}

static void restriction_line(kp_req *r, const kp_restriction *x)
{
    if (!x->active) {
        tag(r, "<p>", t(r, T_NOT_FROZEN), "</p>\n");
        return;
    }
    html_raw_trusted(&r->out, "<p class=\"notice\" role=\"status\"><strong>");
    html_text(&r->out, t(r, T_FROZEN));
    html_raw_trusted(&r->out, "</strong> ");
    html_text(&r->out, t(r, T_SINCE));
    html_raw_trusted(&r->out, " ");
    char day[11];
    snprintf(day, sizeof day, "%.10s", x->at);
    html_text(&r->out, kp_fmt_date(r, day));
    html_raw_trusted(&r->out, " (");
    html_text(&r->out, t(r, T_BY));
    html_raw_trusted(&r->out, " ");
    html_text(&r->out, x->by);
    html_raw_trusted(&r->out, "). ");
    html_text(&r->out, t(r, T_REASON));
    html_raw_trusted(&r->out, ": ");
    html_text(&r->out, x->reason);
    html_raw_trusted(&r->out, "</p>\n");
}

static void bases_table(kp_req *r, const kp_privacy_config *cfg, const kp_bases *b);

/* ---- on the card ---- */

kp_rc kp_card_privacy_panel(kp_req *r, int64_t client)
{
    if (r->ctx.role != KP_ROLE_SOCIAL_WORKER && r->ctx.role != KP_ROLE_MUNICIPAL_HEAD)
        return KP_OK;
    kp_restriction x;
    kp_bases b;
    kp_rc rc = kp_privacy_card(&r->ctx, client, &x, &b);
    if (rc)
        return rc;
    html_raw_trusted(&r->out, "<section aria-labelledby=\"privacy-h\"><h2 id=\"privacy-h\">");
    html_text(&r->out, t(r, T_TITLE));
    html_raw_trusted(&r->out, "</h2>\n");
    restriction_line(r, &x);
    tag(r, "<h3>", t(r, T_BASES), "</h3>\n");
    /* The purposes' names, one by one from the kept configuration (no copy
     * of it, and nothing read when there is no basis); their codes when the
     * files cannot be read. */
    bases_table(r, NULL, &b);
    kp_bases_free(&b);
    html_raw_trusted(&r->out, "<p class=\"files\"><a href=\"/clients/");
    html_int(&r->out, client);
    html_raw_trusted(&r->out, "/privacy\">");
    html_text(&r->out, t(r, T_OPEN_PAGE));
    html_raw_trusted(&r->out, "</a></p></section>\n");
    return KP_OK;
}

/* ---- the page ---- */

/* A cell with its column's name for narrow screens (table.stack). */
static void cell(kp_req *r, int label, const char *text)
{
    html_raw_trusted(&r->out, "<td data-label=\"");
    html_attr(&r->out, t(r, label));
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, text);
}

static void bases_table(kp_req *r, const kp_privacy_config *cfg, const kp_bases *b)
{
    if (!b->n) {
        tag(r, "<p>", t(r, T_NO_BASES), "</p>\n");
        return;
    }
    html_raw_trusted(&r->out, "<table class=\"stack\">\n<thead><tr>");
    static const int H[] = {T_PURPOSE, T_ART6, T_ART9, T_CONSENT_GIVEN, T_CONSENT_WITHDRAWN, T_RECORDED};
    for (size_t i = 0; i < sizeof H / sizeof H[0]; i++)
        tag(r, "<th scope=\"col\">", t(r, H[i]), "</th>");
    html_raw_trusted(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < b->n; i++) {
        const kp_basis *x = &b->items[i];
        html_raw_trusted(&r->out, "<tr>");
        cell(r, T_PURPOSE, purpose_name(r, cfg, x->purpose));
        html_raw_trusted(&r->out, "</td>");
        cell(r, T_ART6, x->art6);
        html_raw_trusted(&r->out, "</td>");
        cell(r, T_ART9, x->art9[0] ? x->art9 : t(r, T_NONE));
        html_raw_trusted(&r->out, "</td>");
        cell(r, T_CONSENT_GIVEN, x->consent_given_on[0] ? kp_fmt_date(r, x->consent_given_on) : t(r, T_NONE));
        html_raw_trusted(&r->out, "</td>");
        cell(r, T_CONSENT_WITHDRAWN,
             x->consent_withdrawn_on[0] ? kp_fmt_date(r, x->consent_withdrawn_on) : t(r, T_NONE));
        html_raw_trusted(&r->out, "</td>");
        cell(r, T_RECORDED, x->recorded_by);
        if (x->note[0])
            tag(r, "<br><span class=\"muted\">", x->note, "</span>");
        html_raw_trusted(&r->out, "</td></tr>\n");
    }
    html_raw_trusted(&r->out, "</tbody></table>\n");
}

static void letters(kp_options *o, const char *last)
{
    static const char *const L[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    size_t n = (size_t)(last[0] - 'a' + 1);
    pf_options(o, L, L, n);
}

static void basis_form(kp_req *r, const kp_privacy_config *cfg, int64_t client)
{
    pf_form_open(r, client, "privacy/basis");
    tag(r, "<h2>", t(r, T_SAVE_BASIS), "</h2>\n");
    kp_options purposes;
    memset(&purposes, 0, sizeof purposes);
    const char *codes[32], *names[32];
    size_t n = cfg->npurposes < 32 ? cfg->npurposes : 32;
    for (size_t i = 0; i < n; i++) {
        codes[i] = cfg->purposes[i].code;
        names[i] = strcmp(r->lang, "en") == 0 ? cfg->purposes[i].name_en : cfg->purposes[i].name_lv;
    }
    pf_options(&purposes, codes, names, n);
    pf_select(r, "purpose", t(r, T_PURPOSE), &purposes, pf_val(r, "purpose"), "", true);
    kp_options_free(&purposes);
    kp_options l6, l9;
    letters(&l6, "f");
    letters(&l9, "j");
    pf_select(r, "art6", t(r, T_ART6), &l6, pf_val(r, "art6"), "", true);
    pf_select(r, "art9", t(r, T_ART9), &l9, pf_val(r, "art9"), t(r, T_NONE), false);
    kp_options_free(&l6);
    kp_options_free(&l9);
    kp_form_field(r, "consent_given_on", t(r, T_CONSENT_GIVEN), "date", pf_val(r, "consent_given_on"),
                  pf_date_hint(r), false);
    kp_form_field(r, "consent_withdrawn_on", t(r, T_CONSENT_WITHDRAWN), "date", pf_val(r, "consent_withdrawn_on"),
                  pf_date_hint(r), false);
    pf_textarea(r, "note", t(r, T_NOTE), pf_val(r, "note"), NULL, false);
    pf_form_close(r, client, t(r, T_SAVE_BASIS));
}

static void restriction_form(kp_req *r, int64_t client, bool lift)
{
    pf_form_open(r, client, lift ? "privacy/lift" : "privacy/restrict");
    tag(r, "<h2>", t(r, lift ? T_LIFT : T_RESTRICT), "</h2>\n");
    pf_textarea(r, "reason", t(r, T_REASON), pf_val(r, "reason"), NULL, true);
    pf_form_close(r, client, t(r, lift ? T_LIFT : T_RESTRICT));
}

int page_client_privacy(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_restriction x;
    kp_bases b;
    memset(&b, 0, sizeof b);
    kp_privacy_config cfg;
    memset(&cfg, 0, sizeof cfg);
    kp_errors ce;
    kp_errors_init(&ce);
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (!rc)
        rc = kp_privacy_restriction(&r->ctx, r->path_id, &x);
    if (!rc)
        rc = kp_privacy_bases(&r->ctx, r->path_id, &b);
    if (!rc && kp_privacy_config_load(NULL, &cfg, &ce))
        rc = KP_EIO;
    kp_errors_free(&ce);
    if (rc) {
        kp_bases_free(&b);
        kp_privacy_config_free(&cfg);
        return kp_error(r, kp_status_for(rc));
    }
    pf_head(r, t(r, T_TITLE), &c);
    html_raw_trusted(&r->out, "<section aria-labelledby=\"restr-h\"><h2 id=\"restr-h\">");
    html_text(&r->out, t(r, T_RESTRICTION));
    html_raw_trusted(&r->out, "</h2>\n");
    restriction_line(r, &x);
    html_raw_trusted(&r->out, "</section>\n");
    restriction_form(r, c.id, x.active);
    html_raw_trusted(&r->out, "<section aria-labelledby=\"bases-h\"><h2 id=\"bases-h\">");
    html_text(&r->out, t(r, T_BASES));
    html_raw_trusted(&r->out, "</h2>\n");
    bases_table(r, &cfg, &b);
    html_raw_trusted(&r->out, "</section>\n");
    basis_form(r, &cfg, c.id);
    html_raw_trusted(&r->out, "<section aria-labelledby=\"export-h\"><h2 id=\"export-h\">");
    html_text(&r->out, t(r, T_EXPORT));
    html_raw_trusted(&r->out, "</h2>\n");
    tag(r, "<p>", t(r, T_EXPORT_NOTE), "</p>\n<p class=\"files\">");
    html_raw_trusted(&r->out, "<a href=\"/clients/");
    html_int(&r->out, c.id);
    html_raw_trusted(&r->out, "/export?format=json\">");
    html_text(&r->out, t(r, T_EXPORT_JSON));
    html_raw_trusted(&r->out, "</a> · <a href=\"/clients/");
    html_int(&r->out, c.id);
    html_raw_trusted(&r->out, "/export?format=pdf\">");
    html_text(&r->out, t(r, T_EXPORT_PDF));
    html_raw_trusted(&r->out, "</a></p></section>\n");
    kp_bases_free(&b);
    kp_privacy_config_free(&cfg);
    kp_page_end(r);
    status = 200;
    return status;
}

int page_client_privacy_restrict(kp_req *r)
{
    kp_rc rc = kp_privacy_restrict(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors);
    return pf_finish(r, rc, page_client_privacy);
}

int page_client_privacy_lift(kp_req *r)
{
    kp_rc rc = kp_privacy_lift(&r->ctx, r->path_id, kp_in(r, "reason"), &r->errors);
    return pf_finish(r, rc, page_client_privacy);
}

int page_client_privacy_basis(kp_req *r)
{
    kp_privacy_config cfg;
    kp_errors ce;
    kp_errors_init(&ce);
    kp_rc rc = kp_privacy_config_load(NULL, &cfg, &ce);
    kp_errors_free(&ce);
    if (rc)
        return kp_error(r, 500);
    kp_basis_in in = {.purpose = kp_in(r, "purpose"),
                      .art6 = kp_in(r, "art6"),
                      .art9 = kp_in(r, "art9"),
                      .consent_given_on = kp_in(r, "consent_given_on"),
                      .consent_withdrawn_on = kp_in(r, "consent_withdrawn_on"),
                      .note = kp_in(r, "note")};
    rc = kp_privacy_basis_set(&r->ctx, &cfg, r->path_id, &in, &r->errors, NULL);
    kp_privacy_config_free(&cfg);
    return pf_finish(r, rc, page_client_privacy);
}

/* The export as a file: JSON, or the same as a PDF document. */
int page_client_export(kp_req *r)
{
    const char *format = kp_in(r, "format");
    if (!format)
        format = "json";
    if (strcmp(format, "json") != 0 && strcmp(format, "pdf") != 0) {
        kp_errors_add(&r->errors, "format", format,
                      strcmp(r->lang, "en") == 0 ? "Choose json or pdf." : "Izvēlieties json vai pdf.");
        return kp_error(r, 400);
    }
    json_t *doc = NULL;
    kp_rc rc = kp_subject_export(&r->ctx, r->path_id, format, &doc);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_buf out;
    kp_buf_init(&out, 0);
    if (strcmp(format, "json") == 0) {
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS);
        rc = text ? kp_buf_puts(&out, text) : KP_ETOOBIG;
        free(text);
    } else {
        kp_doc d;
        kp_doc_init(&d);
        d.created = kp_ctx_today(&r->ctx);
        rc = kp_privacy_export_doc(doc, &d);
        if (!rc)
            rc = kp_render_pdf(&d, &out);
        kp_doc_free(&d);
    }
    json_decref(doc);
    int status;
    if (rc) {
        status = kp_error(r, kp_status_for(rc));
    } else {
        kp_html_free(&r->out);
        kp_html_init(&r->out);
        if (kp_buf_append(&r->out.buf, out.data ? out.data : "", out.len)) {
            status = kp_error(r, 413);
        } else {
            r->content_type = strcmp(format, "json") == 0 ? "application/json" : "application/pdf";
            kp_add_header(r, "Content-Disposition",
                          kp_arena_printf(&r->arena, "attachment; filename=\"izraksts-%lld.%s\"",
                                          (long long)r->path_id, format));
            status = 200;
        }
    }
    kp_buf_free(&out);
    return status;
}
