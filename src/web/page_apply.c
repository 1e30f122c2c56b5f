/* The public application form (GET/POST /pieteikums, /en/apply): a person
 * or a parent applies for a community-based service without an account;
 * the answer is the receipt with the reference number and the status code,
 * shown this once. Also the privacy text the form links to. No JavaScript
 * is needed; a personal code is never written back into the page. */
#include "web/pages.h"
#include "web/apply_common.h"
#include "web/page_strings.h"
#include "service/intake/applications.h"
#include <stdio.h>
#include <string.h>

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Pieteikties sociālajam pakalpojumam", "Apply for a social service")                                  \
    X(T_INTRO, "Ar šo veidlapu varat pieteikt sev vai savam bērnam (aizbilstamajam, pārstāvamajai personai) "         \
               "sabiedrībā balstītu sociālo pakalpojumu. Pieteikums nonāks izvēlētās pašvaldības sociālajā dienestā. " \
               "Lauki ar * ir obligāti.",                                                                            \
      "With this form you can apply for a community-based social service for yourself or your child (ward, a "     \
      "person you represent). The application goes to the social service of the municipality you choose. Fields "  \
      "marked * are required.")                                                                                     \
    X(T_STATUS_LINK, "Jau pieteicāties? Skatīt pieteikuma statusu", "Applied already? See the status")               \
    X(T_SERVICE_LEGEND, "Pakalpojums", "Service")                                                                    \
    X(T_MUNICIPALITY, "Pašvaldība", "Municipality")                                                                  \
    X(T_MUNICIPALITY_HINT, "Pašvaldība, kurā persona dzīvo.", "The municipality where the person lives.")            \
    X(T_SERVICE, "Pakalpojums", "Service")                                                                           \
    X(T_CHOOSE, "— izvēlieties —", "— choose —")                                                                     \
    X(T_NEED, "Kas ir vajadzīgs", "What is needed")                                                                  \
    X(T_NEED_HINT, "Īsi aprakstiet situāciju un kāds atbalsts vajadzīgs. Neierakstiet šeit personas kodus.",         \
      "Describe briefly the situation and what support is needed. Do not write personal codes here.")               \
    X(T_APPLICANT_LEGEND, "Iesniedzējs", "Applicant")                                                                \
    X(T_RELATION, "Piesaku pakalpojumu", "I apply")                                                                  \
    X(T_GIVEN, "Vārds", "Given name")                                                                                \
    X(T_FAMILY, "Uzvārds", "Family name")                                                                            \
    X(T_CODE, "Personas kods", "Personal code")                                                                      \
    X(T_CODE_HINT, "Formātā DDMMGG-NNNNN vai 32NNNN-NNNNN.", "As DDMMYY-NNNNN or 32NNNN-NNNNN.")                       \
    X(T_CODE_AGAIN, "Drošības dēļ personas kodi netiek parādīti atkārtoti: ievadiet tos vēlreiz.",                   \
      "For safety personal codes are not shown again: enter them once more.")                                       \
    X(T_PHONE, "Tālrunis", "Phone")                                                                                  \
    X(T_EMAIL, "E-pasts", "E-mail")                                                                                  \
    X(T_CONTACT_HINT, "Norādiet tālruni, e-pastu vai abus.", "Give a phone number, an e-mail address or both.")     \
    X(T_PERSON_LEGEND, "Persona, kurai vajadzīgs pakalpojums", "The person the service is for")                      \
    X(T_PERSON_HINT, "Aizpildiet, ja piesakāt citu personu (bērnu, aizbilstamo, pārstāvamo).",                       \
      "Fill in when you apply for someone else (a child, a ward, a person you represent).")                         \
    X(T_BIRTH, "Dzimšanas datums", "Birth date")                                                                     \
    X(T_BIRTH_HINT, "dd.mm.gggg. Ja personas kods sākas ar dzimšanas datumu, var neaizpildīt.",                      \
      "dd.mm.yyyy. May be left empty when the personal code starts with the birth date.")                          \
    X(T_CONSENT_LEGEND, "Personas datu apstrāde", "Processing of personal data")                                     \
    X(T_CONSENT, "Esmu iepazinies ar to, kā pašvaldības sociālais dienests apstrādās pieteikuma datus",              \
      "I have read how the municipality's social service will process the data of this application")               \
    X(T_PRIVACY_LINK, "Kā tiek apstrādāti dati", "How the data are processed")                                       \
    X(T_SUBMIT, "Iesniegt pieteikumu", "Submit the application")                                                     \
    X(T_DONE_TITLE, "Pieteikums saņemts", "Application received")                                                    \
    X(T_DONE_INTRO, "Pieteikums ir nosūtīts pašvaldības sociālajam dienestam. Pierakstiet vai saglabājiet pieteikuma " \
                    "numuru un statusa kodu: ar tiem varēsiet redzēt pieteikuma statusu. Statusa kods vairs netiks " \
                    "parādīts.",                                                                                     \
      "The application has been sent to the municipality's social service. Write down or save the reference "     \
      "number and the status code: with them you can see the status of the application. The status code will not " \
      "be shown again.")                                                                                             \
    X(T_REFERENCE, "Pieteikuma numurs", "Reference number")                                                          \
    X(T_STATUS_CODE, "Statusa kods", "Status code")                                                                  \
    X(T_SUBMITTED, "Iesniegts", "Submitted")                                                                         \
    X(T_PDF, "Lejupielādēt apliecinājumu (PDF)", "Download the receipt (PDF)")                                       \
    X(T_SEE_STATUS, "Skatīt statusu", "See the status")                                                              \
    X(T_TWICE, "Šī veidlapa jau ir iesniegta. Pieteikuma numurs un statusa kods tika parādīti pēc pirmās iesniegšanas.", \
      "This form has been submitted already. The reference number and status code were shown after the first "    \
      "submission.")                                                                                                 \
    X(T_PRIVACY_TITLE, "Kā tiek apstrādāti pieteikuma dati", "How the data of an application are processed")         \
    X(T_PRIVACY_1, "Pārzinis ir tā pašvaldība, kurai iesniedzat pieteikumu (tās sociālais dienests). Dati tiek "      \
                   "apstrādāti, lai izvērtētu tiesības uz sociālo pakalpojumu un to piešķirtu (Sociālo pakalpojumu un " \
                   "sociālās palīdzības likums; VDAR 6. panta 1. punkta c) un e) apakšpunkts, 9. panta 2. punkta h) " \
                   "apakšpunkts).",                                                                                 \
      "The controller is the municipality you apply to (its social service). The data are processed to assess "   \
      "and grant the right to a social service (Law on Social Services and Social Assistance; GDPR Article 6(1)(c) " \
      "and (e), Article 9(2)(h)).")                                                                                 \
    X(T_PRIVACY_2, "Pieteikumu redz tikai šīs pašvaldības sociālie darbinieki un sociālā dienesta vadītājs. Personas " \
                   "kodi tiek glabāti šifrēti un netiek rādīti ne adresē, ne žurnālos. Katra pieteikuma skatīšana un " \
                   "izmaiņa tiek reģistrēta.",                                                                      \
      "Only the social workers and the head of the social service of that municipality see the application. "     \
      "Personal codes are stored encrypted and never shown in an address or a log. Every view and change of an "   \
      "application is recorded.")                                                                                    \
    X(T_PRIVACY_3, "Jums ir tiesības piekļūt saviem datiem, lūgt tos labot, ierobežot to apstrādi un iesniegt sūdzību " \
                   "Datu valsts inspekcijā. Jautājumus uzdodiet pašvaldības sociālajam dienestam.",                  \
      "You have the right to access your data, to have them corrected, to restrict their processing and to "       \
      "complain to the Data State Inspectorate. Ask the municipality's social service.")

KP_PAGE_STRINGS(STRINGS);

int page_apply(kp_req *r);
int page_apply_submit(kp_req *r);
int page_apply_privacy(kp_req *r);

/* A value to show again after a refused submit, or the prefill. */
static const char *val(kp_req *r, const char *name)
{
    /* The page's GET declares only the prefill. */
    if (strcmp(r->method, "POST") != 0 && strcmp(name, "municipality") != 0 && strcmp(name, "service") != 0)
        return "";
    const char *v = kp_in(r, name);
    return v ? v : "";
}

static void legend(kp_req *r, int k)
{
    html_raw_trusted(&r->out, "<fieldset><legend>");
    html_text(&r->out, t(r, k));
    html_raw_trusted(&r->out, "</legend>\n");
}

static void field_error(kp_req *r, const char *name, const char *err)
{
    if (!err)
        return;
    html_raw_trusted(&r->out, "<p class=\"error\" id=\"f-");
    html_attr(&r->out, name);
    html_raw_trusted(&r->out, "-err\">");
    html_text(&r->out, err);
    html_raw_trusted(&r->out, "</p>");
}

static void textarea(kp_req *r, const char *name, int label, int hint, bool required)
{
    kp_html *h = &r->out;
    const char *err = kp_errors_for(&r->errors, name);
    html_raw_trusted(h, err ? "<div class=\"field has-error\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\">");
    html_text(h, t(r, label));
    if (required)
        html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span>");
    html_raw_trusted(h, "</label><p class=\"hint\" id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "-hint\">");
    html_text(h, t(r, hint));
    html_raw_trusted(h, "</p>");
    field_error(r, name, err);
    html_raw_trusted(h, "<textarea id=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "\" name=\"");
    html_attr(h, name);
    html_raw_trusted(h, "\" rows=\"6\" maxlength=\"4000\"");
    html_raw_trusted(h, required ? " required" : "");
    html_raw_trusted(h, err ? " aria-invalid=\"true\" aria-describedby=\"f-" : " aria-describedby=\"f-");
    html_attr(h, name);
    html_raw_trusted(h, "-hint");
    if (err) {
        html_raw_trusted(h, " f-");
        html_attr(h, name);
        html_raw_trusted(h, "-err");
    }
    html_raw_trusted(h, "\">");
    html_text(h, val(r, name));
    html_raw_trusted(h, "</textarea></div>\n");
}

static void choices(kp_req *r, const char *name, int label, const char *hint, const kp_app_choice *c, size_t n)
{
    const char *sel = val(r, name);
    kp_form_select_open(r, name, t(r, label), hint, true);
    kp_form_option(r, "", t(r, T_CHOOSE), !*sel);
    for (size_t i = 0; i < n; i++)
        kp_form_option(r, c[i].code, c[i].name, strcmp(sel, c[i].code) == 0);
    html_raw_trusted(&r->out, "</select></div>\n");
}

/* A personal code: shown as typed, never written back into a page. */
static void code_field(kp_req *r, const char *name)
{
    kp_form_field(r, name, t(r, T_CODE), "text", NULL, t(r, T_CODE_HINT), strcmp(name, "applicant_personal_code") == 0);
}

/* Municipalities in Latvian alphabetical order (ICU's collation, as lists elsewhere). */
static void sort_names(kp_app_choice *c, size_t n)
{
    void *coll = kp_collator_open();
    for (size_t i = 1; i < n; i++) {
        kp_app_choice x = c[i];
        size_t j = i;
        for (; j > 0 && kp_collate_lv(c[j - 1].name, x.name, coll) > 0; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
    kp_collator_close(coll);
}

int page_apply(kp_req *r)
{
    apply_lang(r, AP_FORM);
    kp_app_choices c;
    kp_rc rc = kp_app_choices_load(&r->ctx, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    sort_names(c.municipalities, c.nmunicipalities);
    kp_html *h = &r->out;
    bool again = strcmp(r->method, "POST") == 0;
    kp_page_begin(r, t(r, T_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</h1>\n<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n<p><a href=\"");
    html_attr(h, apply_path_of(r, AP_STATUS));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_STATUS_LINK));
    html_raw_trusted(h, "</a></p>\n");
    kp_form_errors(r);
    if (again)
        kp_notice(r, t(r, T_CODE_AGAIN));
    html_raw_trusted(h, "<form method=\"post\" action=\"");
    html_attr(h, apply_path_of(r, AP_FORM));
    html_raw_trusted(h, "\" data-nodraft>");
    apply_form_token(r, AP_FORM);

    legend(r, T_SERVICE_LEGEND);
    choices(r, "municipality", T_MUNICIPALITY, t(r, T_MUNICIPALITY_HINT), c.municipalities, c.nmunicipalities);
    choices(r, "service", T_SERVICE, NULL, c.services, c.nservices);
    textarea(r, "need", T_NEED, T_NEED_HINT, true);
    html_raw_trusted(h, "</fieldset>\n");

    legend(r, T_APPLICANT_LEGEND);
    static const char *const REL[] = {"self", "parent", "guardian", "representative"};
    const char *rel = val(r, "relation");
    kp_form_select_open(r, "relation", t(r, T_RELATION), NULL, true);
    for (size_t i = 0; i < 4; i++)
        kp_form_option(r, REL[i], apply_relation_words(r, REL[i]), strcmp(rel, REL[i]) == 0);
    html_raw_trusted(h, "</select></div>\n");
    kp_form_field(r, "applicant_given_name", t(r, T_GIVEN), "text", val(r, "applicant_given_name"), NULL, true);
    kp_form_field(r, "applicant_family_name", t(r, T_FAMILY), "text", val(r, "applicant_family_name"), NULL, true);
    code_field(r, "applicant_personal_code");
    kp_form_field(r, "phone", t(r, T_PHONE), "tel", val(r, "phone"), t(r, T_CONTACT_HINT), false);
    kp_form_field(r, "email", t(r, T_EMAIL), "email", val(r, "email"), NULL, false);
    html_raw_trusted(h, "</fieldset>\n");

    legend(r, T_PERSON_LEGEND);
    html_raw_trusted(h, "<p class=\"hint\">");
    html_text(h, t(r, T_PERSON_HINT));
    html_raw_trusted(h, "</p>\n");
    kp_form_field(r, "person_given_name", t(r, T_GIVEN), "text", val(r, "person_given_name"), NULL, false);
    kp_form_field(r, "person_family_name", t(r, T_FAMILY), "text", val(r, "person_family_name"), NULL, false);
    code_field(r, "person_personal_code");
    kp_form_field(r, "person_birth_date", t(r, T_BIRTH), "date", val(r, "person_birth_date"), t(r, T_BIRTH_HINT),
                  false);
    html_raw_trusted(h, "</fieldset>\n");

    legend(r, T_CONSENT_LEGEND);
    const char *err = kp_errors_for(&r->errors, "consent");
    html_raw_trusted(h, err ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    field_error(r, "consent", err);
    html_raw_trusted(h, "<input type=\"checkbox\" id=\"f-consent\" name=\"consent\" value=\"1\" required");
    if (err)
        html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"f-consent-err\"");
    if (strcmp(val(r, "consent"), "1") == 0)
        html_raw_trusted(h, " checked");
    html_raw_trusted(h, "> <label for=\"f-consent\">");
    html_text(h, t(r, T_CONSENT));
    html_raw_trusted(h, " <span class=\"req\" aria-hidden=\"true\">*</span></label> <a href=\"");
    html_attr(h, apply_path_of(r, AP_PRIVACY));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_PRIVACY_LINK));
    html_raw_trusted(h, "</a></div>\n</fieldset>\n<p><button type=\"submit\">");
    html_text(h, t(r, T_SUBMIT));
    html_raw_trusted(h, "</button></p>\n</form>\n");
    kp_page_end(r);
    kp_app_choices_free(&c);
    return 200;
}

static void receipt(kp_req *r, const kp_app_receipt *rc)
{
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_DONE_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_DONE_TITLE));
    html_raw_trusted(h, "</h1>\n<p role=\"status\">");
    html_text(h, t(r, T_DONE_INTRO));
    html_raw_trusted(h, "</p>\n<dl class=\"sum\"><dt>");
    html_text(h, t(r, T_REFERENCE));
    html_raw_trusted(h, "</dt><dd><strong class=\"code\">");
    html_text(h, rc->reference);
    html_raw_trusted(h, "</strong></dd><dt>");
    html_text(h, t(r, T_STATUS_CODE));
    html_raw_trusted(h, "</dt><dd><strong class=\"code\">");
    html_text(h, rc->code);
    html_raw_trusted(h, "</strong></dd><dt>");
    html_text(h, t(r, T_SUBMITTED));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, kp_fmt_time(r, rc->submitted_at));
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_MUNICIPALITY));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, rc->municipality);
    html_raw_trusted(h, "</dd><dt>");
    html_text(h, t(r, T_SERVICE));
    html_raw_trusted(h, "</dt><dd>");
    html_text(h, rc->service);
    html_raw_trusted(h, "</dd></dl>\n");
    /* The PDF is asked for with the pair, by POST: neither goes into a URL. */
    html_raw_trusted(h, "<form method=\"post\" action=\"");
    html_attr(h, apply_path_of(r, AP_RECEIPT));
    html_raw_trusted(h, "\" data-nodraft>");
    apply_form_token(r, AP_RECEIPT);
    html_raw_trusted(h, "<input type=\"hidden\" name=\"reference\" value=\"");
    html_attr(h, rc->reference);
    html_raw_trusted(h, "\"><input type=\"hidden\" name=\"code\" value=\"");
    html_attr(h, rc->code);
    html_raw_trusted(h, "\"><button type=\"submit\">");
    html_text(h, t(r, T_PDF));
    html_raw_trusted(h, "</button></form>\n<p><a href=\"");
    html_attr(h, apply_path_of(r, AP_STATUS));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_SEE_STATUS));
    html_raw_trusted(h, "</a></p>\n");
    kp_page_end(r);
}

int page_apply_submit(kp_req *r)
{
    apply_lang(r, AP_FORM);
    kp_app_in in = {.relation = kp_in(r, "relation"),
                    .applicant_given_name = kp_in(r, "applicant_given_name"),
                    .applicant_family_name = kp_in(r, "applicant_family_name"),
                    .applicant_personal_code = kp_in(r, "applicant_personal_code"),
                    .phone = kp_in(r, "phone"),
                    .email = kp_in(r, "email"),
                    .person_given_name = kp_in(r, "person_given_name"),
                    .person_family_name = kp_in(r, "person_family_name"),
                    .person_personal_code = kp_in(r, "person_personal_code"),
                    .person_birth_date = kp_in(r, "person_birth_date"),
                    .municipality = kp_in(r, "municipality"),
                    .service = kp_in(r, "service"),
                    .need = kp_in(r, "need"),
                    .consent = kp_in(r, "consent")};
    /* The signed token was checked by the server; its nonce makes this
     * form's submit happen once. */
    kp_app_receipt out;
    int64_t retry = 0;
    kp_rc rc = kp_app_submit(&r->ctx, &in, r->address ? r->address : "", r->now, r->form_nonce, &r->errors, &out,
                             &retry);
    if (rc == KP_ERULE)
        return apply_too_many(r, retry);
    if (rc == KP_ECONFLICT) {
        kp_errors_add(&r->errors, "relation", "", "%s", t(r, T_TWICE));
        int st = page_apply(r);
        return st == 200 ? 409 : st;
    }
    if (rc == KP_EINVAL) {
        int st = page_apply(r);
        return st == 200 ? 422 : st;
    }
    if (rc)
        return kp_error(r, kp_status_for(rc));
    receipt(r, &out);
    memset(out.code, 0, sizeof out.code);
    return 200;
}

int page_apply_privacy(kp_req *r)
{
    apply_lang(r, AP_PRIVACY);
    kp_html *h = &r->out;
    kp_page_begin(r, t(r, T_PRIVACY_TITLE));
    html_raw_trusted(h, "<h1>");
    html_text(h, t(r, T_PRIVACY_TITLE));
    html_raw_trusted(h, "</h1>\n");
    static const int P[] = {T_PRIVACY_1, T_PRIVACY_2, T_PRIVACY_3};
    for (size_t i = 0; i < 3; i++) {
        html_raw_trusted(h, "<p>");
        html_text(h, t(r, P[i]));
        html_raw_trusted(h, "</p>\n");
    }
    html_raw_trusted(h, "<p><a href=\"");
    html_attr(h, apply_path_of(r, AP_FORM));
    html_raw_trusted(h, "\">");
    html_text(h, t(r, T_TITLE));
    html_raw_trusted(h, "</a></p>\n");
    kp_page_end(r);
    return 200;
}
