/* Which providers a worker can choose for a client's service: those with a
 * facility offering it in the client's municipality or a neighbour, with
 * the places free on a date (casework.h, kp_cw_provider_choices). */
#include "service/casework/casework.h"
#include "service/access.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/casework/assignment_sql.h"
#include "service/validate.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t kp_free_places(int64_t places, int64_t taken)
{
    if (places < 0)
        return -1;
    return places > taken ? places - taken : 0;
}

void kp_provider_choices_free(kp_provider_choices *c)
{
    if (!c)
        return;
    free(c->items);
    memset(c, 0, sizeof *c);
}

static kp_rc load(kp_ctx *ctx, int64_t client, const char *svc, const char *day, bool area, kp_provider_choices *out)
{
    size_t from = out->n;
    kp_rc rc = kp_q_assignment_provider_choices(ctx->db, client, svc, day, area, kp_cw_lang(ctx), out);
    for (size_t i = from; i < out->n; i++) {
        kp_provider_choice *c = &out->items[i];
        c->free_places = svc[0] ? kp_free_places(c->places, c->taken) : -1;
        c->nearby = area;
    }
    return rc;
}

kp_rc kp_cw_provider_choices(kp_ctx *ctx, int64_t client_id, const char *service, const char *on, kp_name_cmp cmp,
                             void *cmp_arg, kp_provider_choices *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || client_id <= 0)
        return KP_EINVAL;
    char day[11];
    kp_date d = KP_DATE_NONE;
    if (kp_blank(on))
        d = kp_ctx_today(ctx);
    else if (kp_date_parse_iso(on, &d))
        return KP_EINVAL;
    kp_date_format_iso(d, day);
    const char *svc = kp_blank(service) ? "" : service;
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (!rc)
        rc = load(ctx, client_id, svc, day, true, out);
    /* Nobody nearby offers it: every provider that does, marked as not
     * nearby, so the worker still has a choice (cooperation with a
     * municipality further away is possible). */
    if (!rc && out->n == 0) {
        out->widened = true;
        rc = load(ctx, client_id, svc, day, false, out);
    }
    if (rc) {
        kp_provider_choices_free(out);
        return rc;
    }
    /* By name in the caller's collation (Latvian: "Ābele" before "Zīle"),
     * then by id; a few dozen rows, so insertion sort. */
    for (size_t i = 1; i < out->n; i++) {
        kp_provider_choice x = out->items[i];
        size_t j = i;
        while (j > 0) {
            const kp_provider_choice *y = &out->items[j - 1];
            int c = cmp ? cmp(y->name, x.name, cmp_arg) : strcmp(y->name, x.name);
            if (c < 0 || (c == 0 && y->id < x.id))
                break;
            out->items[j] = out->items[j - 1];
            j--;
        }
        out->items[j] = x;
    }
    return KP_OK;
}
