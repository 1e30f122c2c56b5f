/* Cooperation agreements between municipalities (issue 11): the clients of
 * `municipality` may use a service of `partner` for a target group, for a
 * period, with the places agreed (or none named) and the decision that
 * made it. `existing` agreements count in need against places on the days
 * of their period (need_places.h), `planned` ones are listed in the
 * evaluation only. Recording, ending and correcting are one use case each,
 * called by the /cooperation pages, the JSON API and the import alike;
 * each writes its history with kp_audit_change (entity "cooperation").
 *
 * Who: a region's coordinator records, ends and corrects the agreements of
 * the municipalities whose records the region holds today (administrators
 * any); reads: the coordinator sees every agreement with a side in the
 * region, the ministry and administrators any region's, a municipal head
 * the agreements of their own municipality (either side). Out of scope and
 * unknown look the same: KP_ENOTFOUND. */
#ifndef KOPA_SERVICE_COOPERATION_H
#define KOPA_SERVICE_COOPERATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/ctx.h"
#include "service/errors.h"
#include "service/programme/programme.h"

typedef struct kp_coop_row {
    int64_t id;
    int64_t municipality_id, partner_id;
    char municipality_atvk[8], municipality[96];
    char partner_atvk[8], partner[96];
    char service[32], service_name[208]; /* names: up to 200 bytes (catalogue import) */
    char target_group[16];
    char kind[16];             /* "existing" or "planned" */
    int64_t places;            /* -1: none named */
    char valid_from[11], valid_to[11]; /* ISO; "" = open */
    char decision[304];
    const char *state;         /* at the date: "in_force", "ended", "not_started" (static) */
    char region[8];            /* the region holding the municipality's records today */
    bool editable;             /* the caller may end or correct it */
} kp_coop_row;

typedef struct kp_coop_list {
    char region[8];
    char at[11];
    kp_coop_row *items;
    size_t n;
} kp_coop_list;

/* What the list is asked for. region: "" for a coordinator's own (the
 * ministry and administrators must name one; a head's is theirs);
 * municipality: an ATVK code (either side of an agreement, its records'
 * holder today included), "" = all; service: a service code (its kinds
 * included), "" = all; all: also the agreements not in force on `at`. */
typedef struct kp_coop_filter {
    const char *region, *municipality, *service;
    kp_date at;
    bool all;
    /* How names compare (the page passes kp_collate_lv: ā after a);
     * NULL: byte order. */
    int (*collate)(const char *a, const char *b, void *arg);
    void *collate_arg;
} kp_coop_filter;

/* The agreements in scope, by municipality, partner, service and id.
 * KP_EINVAL for NULL arguments, no date, or a ministry/admin call without a
 * region; KP_ENOTFOUND for an unknown region, municipality or service or
 * one out of scope; KP_EDENIED for social workers and providers. *out is
 * empty on failure; free with kp_coop_list_free. */
kp_rc kp_cooperation_list(kp_ctx *ctx, const kp_coop_filter *f, kp_coop_list *out);
void kp_coop_list_free(kp_coop_list *l);

/* One agreement, its state at `at`. KP_EINVAL for NULL arguments or no
 * date, KP_ENOTFOUND for an unknown id or one out of the caller's scope. */
kp_rc kp_cooperation_get(kp_ctx *ctx, int64_t id, kp_date at, kp_coop_row *out);

/* Ends an agreement: its last day becomes `ended_on` (required, not before
 * its first day, not after a last day it already has — that is a
 * correction); `reason` required. Field errors go to `e` (KP_EINVAL);
 * KP_ENOTFOUND out of scope; KP_EDENIED for readers only. Audited
 * ("end", effective on ended_on). */
kp_rc kp_cooperation_end(kp_ctx *ctx, int64_t id, const char *ended_on, const char *reason, kp_errors *e);

/* Corrects what was recorded wrongly: the fields of `in` that are given
 * (NULL or "" = as it is; "-" clears places, valid_from, valid_to and
 * decision) under the rules of kp_cooperation_add; the municipality cannot
 * change (end the agreement and record a new one). `reason` required.
 * Nothing changed: KP_OK and no history. Audited ("correct", the fields
 * with old and new values). Errors as kp_cooperation_end. */
kp_rc kp_cooperation_correct(kp_ctx *ctx, int64_t id, const kp_cooperation_in *in, const char *reason, kp_errors *e);

/* "in_force", "ended" or "not_started" for a period at date d (ISO). */
const char *kp_coop_state(const char *valid_from, const char *valid_to, const char *d);

#endif
