/* Draft autosave: kopa.js posts what a person has typed into a form with
 * data-draft, so that nothing is lost when a session ends. */
#include "web/pages.h"
#include "service/accounts/drafts.h"

int page_drafts_save(kp_req *r)
{
    const char *form = kp_in(r, "form");
    const char *body = kp_in(r, "body");
    if (!form || !*form || !body) {
        kp_errors_add(&r->errors, "form", "", "%s", KP_S(r, S_BAD_FIELD));
        return kp_error(r, 400);
    }
    kp_rc rc = kp_draft_save(&r->ctx, form, kp_in(r, "record_key"), body, r->now);
    if (rc)
        return kp_error(r, kp_status_for(rc));
    return 204;
}
