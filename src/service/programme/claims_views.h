/* Reads for the claims and indicator pages that claims.h and programme.h
 * lack: the claims a caller may see, one claim with its lines, a payment
 * bundle's split, and a region's indicators with their entered values.
 * Scope is decided here (access.h): municipal staff see their
 * municipality's claims (predecessors included), region coordinators their
 * region's; anyone else is refused. A claim outside the caller's scope is
 * KP_ENOTFOUND. Every client named in a result is audited ("list").
 *
 * Ownership: each *_free releases what the matching read filled; the
 * structures are the caller's, zeroed by the read before it fills them. */
#ifndef KOPA_SERVICE_CLAIMS_VIEWS_H
#define KOPA_SERVICE_CLAIMS_VIEWS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/money.h"
#include "service/ctx.h"
#include "service/errors.h"

typedef struct kp_claim_summary {
    int64_t id;
    char month[8];           /* "YYYY-MM" */
    char status[16];         /* submitted, verified, paid */
    char municipality[96];   /* name in the context's language */
    char built_on[11];
    size_t lines;            /* all lines, refused ones included */
    size_t pending;          /* lines waiting for the region's verdict */
    kp_cents total;          /* sum of the claimable (not refused) amounts */
    kp_cents accepted;       /* sum of the accepted amounts */
} kp_claim_summary;

typedef struct kp_claim_list {
    kp_claim_summary *items;
    size_t n;
} kp_claim_list;

/* The claims the caller may see, newest month first. Municipal staff: all
 * of their municipality's; region coordinators: their region's not yet
 * paid (submitted and verified). Administrators and the operator: all.
 * Other roles: KP_EDENIED. NULL arguments: KP_EINVAL. */
kp_rc kp_claim_list_scoped(kp_ctx *ctx, kp_claim_list *out);
void kp_claim_list_free(kp_claim_list *l);

typedef struct kp_claim_line_view {
    int64_t line_no, delivery_id, client_id;
    char client_name[208];   /* "" when the caller may not read the client's records (region) */
    char service[32], service_name[208], delivered_on[11], status[16], reason[320]; /* names: up to 200 bytes */
    int64_t units;
    kp_cents unit_cost, amount;
} kp_claim_line_view;

typedef struct kp_claim_view {
    kp_claim_summary head;
    char atvk[16], region[8], project[48];
    kp_claim_line_view *lines;
    size_t nlines;
} kp_claim_view;

/* One claim with its lines in order. Client names are filled only for
 * callers who may read the client (kp_access_client), each audited "list"
 * once. KP_ENOTFOUND for an unknown claim or one outside the scope. */
kp_rc kp_claim_view_get(kp_ctx *ctx, int64_t claim_id, kp_claim_view *out);
void kp_claim_view_free(kp_claim_view *v);

typedef struct kp_bundle_view {
    int64_t id;
    char region[8], paid_on[11];
    kp_cents total, esf, state, flat_esf, difference;
    size_t claims;
} kp_bundle_view;

/* A payment bundle of the caller's region (region coordinators,
 * administrators, the operator). KP_ENOTFOUND outside the scope. */
kp_rc kp_bundle_view_get(kp_ctx *ctx, int64_t bundle_id, kp_bundle_view *out);

typedef struct kp_indicator_year {
    int64_t year, value;
    char entered_by[101], entered_on[11];
} kp_indicator_year;

typedef struct kp_indicator_view {
    int64_t id;
    char key[65], kind[16], source[16], entered_by_role[65];
    char name[304];              /* in the context's language */
    bool has_baseline;
    int64_t baseline, baseline_year, target, target_year; /* years 0 when not given */
    kp_indicator_year *values;   /* entered values by year; none for computed ones */
    size_t nvalues;
} kp_indicator_view;

typedef struct kp_indicator_views {
    kp_indicator_view *items;
    size_t n;
} kp_indicator_views;

/* A region's indicators in their order, with the values entered so far.
 * kp_access_region (read) decides: KP_ENOTFOUND for another region. */
kp_rc kp_indicator_list(kp_ctx *ctx, const char *region, kp_indicator_views *out);
void kp_indicator_views_free(kp_indicator_views *v);

#endif
