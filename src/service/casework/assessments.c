/* Individual needs assessments and the services they find a person needs. */
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/plan_sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <string.h>

static const char *const PLACES[] = {"family", "vsac", "institution", NULL};

#define MAX_NEEDS 32

/* Splits "a|b|c" into codes, checking each against the catalogue. */
static size_t parse_needs(const kp_ctx *ctx, kp_errors *e, const char *needs, char codes[MAX_NEEDS][32])
{
    size_t n = 0;
    if (kp_blank(needs))
        return 0;
    const char *p = needs;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (n == MAX_NEEDS || len == 0 || len >= 32) {
            kp_errors_add(e, "needs", "", "%s",
                          KP_TR(ctx, "pakalpojumu saraksts: kodi, atdalīti ar |, ne vairāk kā 32",
                                "list of services: codes separated by |, at most 32"));
            return 0;
        }
        memcpy(codes[n], p, len);
        codes[n][len] = '\0';
        for (size_t k = 0; k < n; k++)
            if (strcmp(codes[k], codes[n]) == 0) {
                kp_errors_add(e, "needs", codes[n], "%s", KP_TR(ctx, "pakalpojums norādīts divreiz", "service listed twice"));
                return 0;
            }
        if (!kp_v_service(ctx, e, "needs", codes[n]))
            return 0;
        n++;
        p += len;
        if (*p == '|')
            p++;
    }
    return n;
}

kp_rc kp_assessment_record(kp_ctx *ctx, const kp_assessment_in *in, kp_errors *e, int64_t *id_out)
{
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", in->client_id, true, &client);
    if (rc)
        return rc;
    int64_t id = kp_v_new_id(ctx, e, "id", in->id, "assessment");
    int64_t round = kp_v_int(ctx, e, "round", in->round, 1, 99, true, 0);
    kp_date on = kp_v_date(ctx, e, "assessed_on", in->assessed_on, true);
    bool place_ok = false;
    for (size_t k = 0; in->place && PLACES[k]; k++)
        place_ok = place_ok || strcmp(in->place, PLACES[k]) == 0;
    if (!place_ok)
        kp_errors_add(e, "place", in->place ? in->place : "", "%s",
                      KP_TR(ctx, "norādiet, kur persona dzīvo: ģimenē, VSAC vai institūcijā",
                            "say where the person lives: with family, in a state care centre or in an institution"));
    kp_v_text(ctx, e, "assessor", in->assessor, 200, false);
    char codes[MAX_NEEDS][32];
    size_t n = parse_needs(ctx, e, in->needs, codes);
    if (client && on != KP_DATE_NONE) {
        char birth[11] = "";
        kp_q_plan_assessment_client_birth(ctx->db, client, birth, sizeof birth);
        if (strcmp(in->assessed_on, birth) < 0)
            kp_errors_add(e, "assessed_on", in->assessed_on, "%s",
                          KP_TR(ctx, "izvērtējuma datums ir pirms dzimšanas datuma", "the assessment date is before the birth date"));
    }
    if (client && round) {
        bool dup = false;
        kp_q_plan_assessment_round_taken(ctx->db, client, round, &dup);
        if (dup)
            kp_errors_add(e, "round", in->round, "%s",
                          KP_TR(ctx, "šai personai šīs kārtas izvērtējums jau ir ierakstīts",
                                "this person's assessment of this round is already recorded"));
    }
    if (e->n != before)
        return KP_EINVAL;
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = kp_q_plan_assessment_insert(ctx->db, id, client, round, in->assessed_on, in->place, in->assessor, &id);
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_q_plan_assessment_need_insert(ctx->db, id, codes[i]);
    if (!rc)
        rc = kp_audit(ctx, "create", "assessment", id, client, "");
    rc = kp_store_finish(ctx->db, rc);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}
