/* A few changes of people after the evaluation date, through the use cases,
 * so that the demo's client cards show a history: a family name corrected
 * after a marriage, a move to another municipality, a case closed on a
 * death. All take effect in January 2022, after the evaluation's 31 December
 * 2021, and touch adults without services, so the reference figures and the
 * claims stay as they are. */
#include "demo/demo_plan.h"
#include "service/casework/people.h"
#include "demo/demo_sql.h"
#include <stdio.h>
#include <string.h>

/* The newest adults registered before 2021 with no service and no stay in an
 * institution, in a stable order. */
static kp_rc pick(demo *d, int64_t ids[3])
{
    size_t n = 0;
    kp_rc rc = kp_q_demo_quiet_adults(d->ctx->db, ids, &n);
    if (!rc && n < 3)
        rc = demo_check(d, KP_ESTATE, "people to give a history");
    return rc;
}

kp_rc demo_build_history(demo *d)
{
    int64_t ids[3] = {0, 0, 0};
    kp_rc rc = pick(d, ids);
    if (rc)
        return rc;
    char id[3][24];
    for (int i = 0; i < 3; i++)
        snprintf(id[i], sizeof id[i], "%lld", (long long)ids[i]);
    /* Married: a new family name of the same form (-a/-e feminine). */
    char family[104] = "";
    rc = kp_q_demo_family_name(d->ctx->db, ids[0], family, sizeof family);
    size_t len = strlen(family);
    bool feminine = len && (family[len - 1] == 'a' || family[len - 1] == 'e');
    const char *married = feminine ? (strcmp(family, "Vītola") ? "Vītola" : "Vanaga")
                                   : (strcmp(family, "Vītols") ? "Vītols" : "Vanags");
    kp_correction_in c = {.client_id = id[0], .effective_on = "2022-01-10", .reason = "laulība",
                          .family_name = married};
    if (!rc)
        rc = demo_check(d, kp_client_correct(d->ctx, &c, d->e, NULL), "history: correction");
    /* Moved to the next municipality of the region in the catalogue. */
    char to[8] = "";
    if (!rc)
        rc = kp_q_demo_move_target(d->ctx->db, ids[1], to);
    kp_move_in m = {.client_id = id[1], .effective_on = "2022-01-05", .municipality = to,
                    .reason = "pārcēlās dzīvot pie meitas"};
    if (!rc)
        rc = demo_check(d, kp_client_move(d->ctx, &m, d->e, NULL), "history: move");
    kp_case_status_in x = {.client_id = id[2], .effective_on = "2022-01-12", .status = "closed",
                           .closing_reason = "died"};
    if (!rc)
        rc = demo_check(d, kp_case_status_record(d->ctx, &x, d->e, NULL), "history: closing a case");
    return rc;
}
