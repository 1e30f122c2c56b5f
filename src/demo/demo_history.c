/* A few changes of people after the evaluation date, through the use cases,
 * so that the demo's client cards show a history: a family name corrected
 * after a marriage, a move to another municipality, a case closed on a
 * death. All take effect in January 2022, after the evaluation's 31 December
 * 2021, and touch adults without services, so the reference figures and the
 * claims stay as they are. */
#include "demo/demo_plan.h"
#include "service/casework/people.h"
#include "service/sql.h"
#include <stdio.h>
#include <string.h>

/* The newest adults registered before 2021 with no service and no stay in an
 * institution, in a stable order. */
static kp_rc pick(demo *d, int64_t ids[3])
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(d->ctx->db,
                                "SELECT c.id FROM client c WHERE c.target_group = 'grt' AND c.registered_on < '2021-01-01'"
                                " AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.client_id = c.id)"
                                " AND NOT EXISTS (SELECT 1 FROM residence r WHERE r.client_id = c.id)"
                                " AND NOT EXISTS (SELECT 1 FROM client_representative l WHERE l.representative_id = c.id)"
                                " ORDER BY c.id DESC LIMIT 3",
                                &s);
    bool row = false;
    int n = 0;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row)
        ids[n++] = kp_stmt_int(s, 0);
    kp_stmt_free(s);
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
    kp_param p0[] = {KP_PINT(ids[0])};
    rc = kp_sql_text(d->ctx->db, "SELECT family_name FROM client WHERE id = ?", p0, 1, family, sizeof family);
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
    kp_param p1[] = {KP_PINT(ids[1])};
    if (!rc)
        rc = kp_sql_text(d->ctx->db,
                         "SELECT m.atvk FROM municipality m WHERE m.region_code = 'ZPR' AND m.valid_to IS NULL"
                         " AND m.id <> COALESCE((SELECT successor_id FROM municipality WHERE id ="
                         "  (SELECT municipality_id FROM client WHERE id = ?1) AND valid_to IS NOT NULL),"
                         "  (SELECT municipality_id FROM client WHERE id = ?1))"
                         " ORDER BY m.atvk LIMIT 1",
                         p1, 1, to, sizeof to);
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
