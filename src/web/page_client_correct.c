/* Correcting a person's details from a date (GET/POST
 * /clients/{id}/correct): names, birth date, target group, disability group,
 * special care date, parents working, with the date the correction takes
 * effect and its reason. The form starts from today's details and sends
 * the use case only the fields that were changed in it (the values shown
 * travel along as orig_*), so a correction from an earlier date does not
 * carry today's other details back to that date. */
#include "web/pages.h"
#include "web/page_strings.h"
#include "web/person_form.h"
#include "service/casework/people.h"
#include <stdio.h>
#include <string.h>

int page_client_correct(kp_req *r);
int page_client_correct_submit(kp_req *r);

#define STRINGS(X)                                                                                                   \
    X(T_TITLE, "Labot personas datus", "Correct personal details")                                                   \
    X(T_INTRO, "Mainiet tikai to, kas jālabo. Labojums stājas spēkā norādītajā datumā; agrāki pārskati nemainās.",     \
      "Change only what needs correcting. The correction takes effect on the date given; earlier reports stay as they were.") \
    X(T_EFFECTIVE, "Spēkā no", "Effective from")                                                                     \
    X(T_REASON, "Iemesls", "Reason")                                                                                 \
    X(T_REASON_HINT, "Piemēram: laulība, kļūda reģistrējot, jauns VDEĀVK atzinums.",                                 \
      "For example: marriage, a mistake at registration, a new VDEĀVK opinion.")                                    \
    X(T_GIVEN, "Vārds", "Given name")                                                                                \
    X(T_FAMILY, "Uzvārds", "Family name")                                                                            \
    X(T_BIRTH, "Dzimšanas datums", "Date of birth")                                                                  \
    X(T_BIRTH_HINT, "Vecā formāta personas kodā ir dzimšanas datums: tam jāsakrīt.",                                 \
      "An old-format personal code holds the birth date: they must agree.")                                         \
    X(T_GROUP, "Mērķa grupa", "Target group")                                                                        \
    X(T_DISABILITY, "Invaliditātes grupa", "Disability group")                                                       \
    X(T_SPECIAL, "VDEĀVK atzinums par īpašu kopšanu (datums)", "VDEĀVK opinion on special care (date)")               \
    X(T_PARENTS, "Vecāki strādā vai mācās (bērna aprūpei)", "Parents work or study (for child care)")                 \
    X(T_NONE, "nav", "none")                                                                                         \
    X(T_UNKNOWN, "nav zināms", "unknown")                                                                            \
    X(T_YES, "jā", "yes")                                                                                            \
    X(T_NO, "nē", "no")                                                                                              \
    X(T_SAVE, "Saglabāt labojumu", "Save the correction")

KP_PAGE_STRINGS(STRINGS);

static const char *const FIELDS[] = {"given_name",       "family_name",       "birth_date",     "target_group",
                                     "disability_group", "special_care_from", "parents_working"};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])

/* Today's value of a field as the form shows it. */
static const char *current(kp_req *r, const kp_client_row *c, size_t i)
{
    switch (i) {
    case 0:
        return c->given_name;
    case 1:
        return c->family_name;
    case 2:
        return c->birth_date;
    case 3:
        return c->target_group;
    case 4:
        return c->disability_group ? kp_arena_printf(&r->arena, "%d", c->disability_group) : "";
    case 5:
        return c->special_care_from;
    case 6:
        return c->parents_working < 0 ? "" : c->parents_working ? "1" : "0";
    }
    return "";
}

int page_client_correct(kp_req *r)
{
    int status = 500;
    kp_client_row c;
    kp_rc rc = kp_client_get(&r->ctx, r->path_id, &c);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    kp_options groups, dg, pw;
    rc = kp_cw_target_group_options(&r->ctx, &groups);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    static const char *const DG[] = {"1", "2", "3"};
    static const char *const DG_NAMES[] = {"I", "II", "III"};
    pf_options(&dg, DG, DG_NAMES, 3);
    static const char *const PW[] = {"1", "0"};
    const char *pw_names[] = {t(r, T_YES), t(r, T_NO)};
    pf_options(&pw, PW, pw_names, 2);
    /* The values shown: what was typed, else today's. */
    const char *shown[NFIELDS];
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *v = pf_val(r, FIELDS[i]);
        shown[i] = v ? v : current(r, &c, i);
    }
    kp_html *h = &r->out;
    pf_head(r, t(r, T_TITLE), &c);
    html_raw_trusted(h, "<p>");
    html_text(h, t(r, T_INTRO));
    html_raw_trusted(h, "</p>\n");
    pf_form_open(r, c.id, "correct");
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *orig = pf_val(r, kp_arena_printf(&r->arena, "orig_%s", FIELDS[i]));
        html_raw_trusted(h, "<input type=\"hidden\" name=\"orig_");
        html_attr(h, FIELDS[i]);
        html_raw_trusted(h, "\" value=\"");
        html_attr(h, orig ? orig : current(r, &c, i));
        html_raw_trusted(h, "\">");
    }
    const char *on = pf_val(r, "effective_on");
    kp_form_field(r, "effective_on", t(r, T_EFFECTIVE), "date", on ? on : pf_today(r), pf_date_hint(r), true);
    pf_textarea(r, "reason", t(r, T_REASON), pf_val(r, "reason"), t(r, T_REASON_HINT), true);
    kp_form_field(r, "given_name", t(r, T_GIVEN), "text", shown[0], NULL, true);
    kp_form_field(r, "family_name", t(r, T_FAMILY), "text", shown[1], NULL, true);
    kp_form_field(r, "birth_date", t(r, T_BIRTH), "date", shown[2], t(r, T_BIRTH_HINT), true);
    pf_select(r, "target_group", t(r, T_GROUP), &groups, shown[3], NULL, true);
    pf_select(r, "disability_group", t(r, T_DISABILITY), &dg, shown[4], t(r, T_NONE), false);
    kp_form_field(r, "special_care_from", t(r, T_SPECIAL), "date", shown[5], pf_date_hint(r), false);
    pf_select(r, "parents_working", t(r, T_PARENTS), &pw, shown[6], t(r, T_UNKNOWN), false);
    pf_form_close(r, c.id, t(r, T_SAVE));
    kp_options_free(&groups);
    kp_options_free(&dg);
    kp_options_free(&pw);
    kp_page_end(r);
    status = 200;
    return status;
}

static kp_rc run(kp_ctx *ctx, void *arg, kp_errors *e, int64_t *id)
{
    return kp_client_correct(ctx, arg, e, id);
}

/* A field the person changed in the form, or NULL (unchanged). */
static const char *edited(kp_req *r, const char *field)
{
    const char *v = kp_in(r, field);
    const char *orig = kp_in(r, kp_arena_printf(&r->arena, "orig_%s", field));
    if (!v || (orig && strcmp(v, orig) == 0))
        return NULL;
    return v;
}

int page_client_correct_submit(kp_req *r)
{
    kp_correction_in in = {
        .client_id = kp_arena_printf(&r->arena, "%lld", (long long)r->path_id),
        .effective_on = kp_in(r, "effective_on"),
        .reason = kp_in(r, "reason"),
        .given_name = edited(r, "given_name"),
        .family_name = edited(r, "family_name"),
        .birth_date = edited(r, "birth_date"),
        .target_group = edited(r, "target_group"),
        .disability_group = edited(r, "disability_group"),
        .special_care_from = edited(r, "special_care_from"),
        .parents_working = edited(r, "parents_working"),
    };
    kp_rc rc = kp_cw_once(&r->ctx, kp_in(r, "form_token"), r->now, run, &in, &r->errors, NULL, NULL);
    return pf_finish(r, rc, page_client_correct);
}
