/* The shared parts of the public application pages (apply_common.h). */
#include "web/apply_common.h"
#include "web/page_strings.h"
#include "service/intake/applications.h"
#include <stdio.h>
#include <string.h>

static const char *const PATHS[AP_COUNT][2] = {
    {"/pieteikums", "/en/apply"},
    {"/pieteikums/statuss", "/en/apply/status"},
    {"/pieteikums/atbilde", "/en/apply/answer"},
    {"/pieteikums/kvits", "/en/apply/receipt"},
    {"/pieteikums/privatums", "/en/apply/privacy"},
};

#define STRINGS(X)                                                                                                   \
    X(T_429_TITLE, "Pārāk daudz mēģinājumu", "Too many attempts")                                                    \
    X(T_429_TEXT, "No jūsu interneta adreses pēdējā laikā ir nosūtīts pārāk daudz pieprasījumu. Tas ir aizsardzībai pret " \
                  "minēšanu. Mēģiniet vēlreiz pēc", "Too many requests have come from your internet address lately. This " \
                  "protects against guessing. Try again in")                                                         \
    X(T_MINUTES, "minūtēm.", "minutes.")                                                                             \
    X(T_429_HELP, "Ja steidzami vajadzīga palīdzība, sazinieties ar savas pašvaldības sociālo dienestu.",            \
      "If you need help urgently, contact your municipality's social service.")                                     \
    X(T_BACK, "Atpakaļ uz pieteikumu", "Back to the application form")                                               \
    X(T_ST_RECEIVED, "Saņemts: pieteikums gaida izskatīšanu", "Received: the application is waiting to be looked at") \
    X(T_ST_INFO, "Vajadzīga papildu informācija", "More information is needed")                                      \
    X(T_ST_ACCEPTED, "Pieņemts: sociālais dienests sazināsies ar jums", "Accepted: the social service will contact you") \
    X(T_ST_REFUSED, "Atteikts", "Refused")                                                                           \
    X(T_REL_SELF, "sev", "for myself")                                                                               \
    X(T_REL_PARENT, "bērnam (esmu vecāks)", "for my child (I am a parent)")                                          \
    X(T_REL_GUARDIAN, "aizbilstamajam (esmu aizbildnis)", "for my ward (I am a guardian)")                           \
    X(T_REL_REPR, "pārstāvamajai personai (esmu likumiskais pārstāvis)", "for a person I represent (legal representative)")

KP_PAGE_STRINGS(STRINGS);

void apply_lang(kp_req *r, apply_path self)
{
    bool en = strncmp(r->path, "/en/", 4) == 0;
    r->lang = en ? "en" : "lv";
    r->ctx.lang = r->lang;
    r->alt_lang_href = PATHS[self][en ? 0 : 1];
}

const char *apply_path_of(const kp_req *r, apply_path p)
{
    return PATHS[p][strcmp(r->lang, "en") == 0 ? 1 : 0];
}

void apply_form_token(kp_req *r, apply_path p)
{
    char tok[KP_FORM_TOKEN_CHARS + 1] = "";
    /* The route's pattern is the path itself (no parameters). */
    if (r->ctx.keys)
        kp_form_token_make(r->ctx.keys, apply_path_of(r, p), r->now, tok);
    html_raw_trusted(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"");
    html_attr(&r->out, tok);
    html_raw_trusted(&r->out, "\">");
}

int apply_too_many(kp_req *r, int64_t retry_after)
{
    if (retry_after < 1)
        retry_after = 1;
    kp_add_header(r, "Retry-After", kp_arena_printf(&r->arena, "%lld", (long long)retry_after));
    kp_html_free(&r->out);
    kp_html_init(&r->out);
    kp_page_begin(r, t(r, T_429_TITLE));
    html_raw_trusted(&r->out, "<h1>");
    html_text(&r->out, t(r, T_429_TITLE));
    html_raw_trusted(&r->out, "</h1>\n<p role=\"alert\">");
    html_text(&r->out, t(r, T_429_TEXT));
    html_raw_trusted(&r->out, " ");
    html_int(&r->out, (retry_after + 59) / 60);
    html_raw_trusted(&r->out, " ");
    html_text(&r->out, t(r, T_MINUTES));
    html_raw_trusted(&r->out, "</p>\n<p>");
    html_text(&r->out, t(r, T_429_HELP));
    html_raw_trusted(&r->out, "</p>\n<p><a href=\"");
    html_attr(&r->out, apply_path_of(r, AP_FORM));
    html_raw_trusted(&r->out, "\">");
    html_text(&r->out, t(r, T_BACK));
    html_raw_trusted(&r->out, "</a></p>\n");
    kp_page_end(r);
    return 429;
}

const char *apply_status_words(const kp_req *r, const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, "received") == 0)
        return t(r, T_ST_RECEIVED);
    if (strcmp(status, "info_requested") == 0)
        return t(r, T_ST_INFO);
    if (strcmp(status, "accepted") == 0)
        return t(r, T_ST_ACCEPTED);
    if (strcmp(status, "refused") == 0)
        return t(r, T_ST_REFUSED);
    return status;
}

const char *apply_relation_words(const kp_req *r, const char *relation)
{
    if (!relation)
        return "";
    if (strcmp(relation, "self") == 0)
        return t(r, T_REL_SELF);
    if (strcmp(relation, "parent") == 0)
        return t(r, T_REL_PARENT);
    if (strcmp(relation, "guardian") == 0)
        return t(r, T_REL_GUARDIAN);
    if (strcmp(relation, "representative") == 0)
        return t(r, T_REL_REPR);
    return relation;
}
