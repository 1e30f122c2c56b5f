/* Form parts shared by the pages that change a person's history
 * (page_client_correct.c, page_client_move.c, page_client_case.c,
 * page_client_code.c, page_client_representatives.c,
 * page_client_residence.c) and the card's history section
 * (client_history.c). Everything written goes through the escaping
 * writers; strings are Latvian and English side by side. */
#ifndef KOPA_WEB_PERSON_FORM_H
#define KOPA_WEB_PERSON_FORM_H
#include "web/web.h"
#include "service/casework/casework.h"
#include "service/casework/queries.h"

/* The submitted value of a field (POST), or NULL on a fresh form. */
const char *pf_val(kp_req *r, const char *name);
/* The form's one-time token: the submitted one again, or a fresh one. */
const char *pf_token(kp_req *r);
/* Opens the page: title, the person it is about (a link to the card) and
 * the summary of r->errors. */
void pf_head(kp_req *r, const char *title, const kp_client_row *c);
/* <form method="post" action="/clients/ID/PATH" class="panel"> with the
 * CSRF field and the one-time token. */
void pf_form_open(kp_req *r, int64_t client, const char *path);
/* A <select> of options (blank: a first empty choice with that label). */
void pf_select(kp_req *r, const char *name, const char *label, const kp_options *o, const char *value,
               const char *blank, bool required);
/* A <textarea> (reasons). */
void pf_textarea(kp_req *r, const char *name, const char *label, const char *value, const char *hint, bool required);
/* The submit button, a link back to the card, </form>. */
void pf_form_close(kp_req *r, int64_t client, const char *submit);
/* Fills `o` with fixed codes and names (caller frees with kp_options_free). */
void pf_options(kp_options *o, const char *const *codes, const char *const *names, size_t n);
/* After a use case ran behind a form: a refusal re-renders the form (422)
 * with the messages on their fields, an out-of-scope client is 404, and
 * success goes back to the card (303, "saved"). */
int pf_finish(kp_req *r, kp_rc rc, int (*form)(kp_req *r));
/* "Format: YYYY-MM-DD" in the request's language. */
const char *pf_date_hint(kp_req *r);
/* Today as an ISO date in the request's arena. */
const char *pf_today(kp_req *r);
/* Names of residence kinds and of representatives' kinds, for people. */
const char *pf_residence_kind(kp_req *r, const char *code);
const char *pf_link_kind(kp_req *r, const char *code);
const char *pf_closing_reason(kp_req *r, const char *code);

/* The card's history section (client_history.c): the person's status and
 * changes recorded ahead, representatives, residence, and every change of
 * the person and their records in words, newest first. Writes nothing and
 * returns the failure when the history cannot be read. */
kp_rc kp_client_history_section(kp_req *r, int64_t client_id);

/* The municipal head's notice of people moving in or out (moves_notice.c),
 * on the start page; nothing when there are none. */
kp_rc kp_moves_notice(kp_req *r);

#endif
