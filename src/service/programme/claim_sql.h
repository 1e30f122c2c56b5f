/* The money aggregate's SQL: ESF projects, payment requests and
 * compensation payments, municipalities' monthly claims and their lines,
 * delivery corrections and unit costs. Used by projects.c, claims.c,
 * claims_views.c and corrections.c. Query functions do no authorisation,
 * audit or transaction control: the use case does. */
#ifndef KOPA_SERVICE_PROGRAMME_CLAIM_SQL_H
#define KOPA_SERVICE_PROGRAMME_CLAIM_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "core/money.h"
#include "service/programme/programme.h"
#include "service/sql.h"

/* ---- projects and payments (projects.c) ---- */

/* The project numbered `number`: *id (0 when none) and its region (8 bytes). */
kp_rc kp_q_project_by_number(kp_store *st, const char *number, int64_t *id, char region[8]);
kp_rc kp_q_project_insert(kp_store *st, int64_t id, const kp_project_in *in, kp_cents budget, kp_cents esf,
                          kp_cents state, int64_t *id_out);
/* *exists: the project has a payment request numbered `number`. */
kp_rc kp_q_payment_request_taken(kp_store *st, int64_t project, int64_t number, bool *exists);
kp_rc kp_q_payment_request_insert(kp_store *st, int64_t id, int64_t project, int64_t number,
                                  const kp_payment_request_in *in, kp_cents amount, int64_t *id_out);
kp_rc kp_q_compensation_insert(kp_store *st, int64_t id, int64_t project, int64_t municipality,
                               const kp_compensation_in *in, kp_cents amount, kp_cents esf, kp_cents state,
                               int64_t *id_out);

/* ---- corrections of money records (corrections.c) ---- */

/* The region of the project of a compensation payment (payment) or a
 * payment request ("" when none). */
kp_rc kp_q_money_region(kp_store *st, int64_t id, bool payment, char region[8]);
/* A money record as it is now. */
typedef struct kp_q_money {
    int64_t municipality;             /* of a payment; 0 for a request */
    char start[11], end[11];          /* the period */
    char done[11];                    /* paid on / submitted on */
    char last[11];                    /* the last correction, "" when none */
    kp_cents amount;
} kp_q_money;
kp_rc kp_q_money_now(kp_store *st, int64_t id, bool payment, kp_q_money *out);
/* Keeps the record as a version replaced on `on` by `actor` for `reason`,
 * and sets the new period and amount (with its split for a payment). */
kp_rc kp_q_compensation_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                const char *start, const char *end, kp_cents amount, kp_cents esf, kp_cents state);
kp_rc kp_q_payment_request_correct(kp_store *st, int64_t id, const char *on, const char *actor, const char *reason,
                                   const char *start, const char *end, kp_cents amount);

/* ---- claims and their lines (claims.c) ---- */

/* A claim with its municipality, region (today's record of the
 * municipality) and project. */
typedef struct kp_q_claim_head {
    int64_t id, municipality, project;
    char month[8], status[16], region[8], atvk[16], project_number[48];
} kp_q_claim_head;
/* Claim `id` (*found false when none). */
kp_rc kp_q_claim_head_of(kp_store *st, int64_t id, kp_q_claim_head *out, bool *found);

/* A delivery as a claim checks it: its assignment, whether that was
 * cancelled by the day ("active"/"cancelled") and the client's record
 * territory on the day. */
typedef struct kp_q_claim_delivery {
    char on[11];
    int64_t units;
    bool confirmed;
    int64_t assignment, client;
    char service[32], start[11], end[11];
    int64_t granted;
    bool esf;
    char status[16];
    int64_t client_muni, client_parish;
} kp_q_claim_delivery;
kp_rc kp_q_claim_delivery_of(kp_store *st, int64_t delivery, kp_q_claim_delivery *out, bool *found);
/* Units delivered under `assignment` up to delivery `delivery` on `on`
 * (that one included). */
kp_rc kp_q_delivered_upto(kp_store *st, int64_t assignment, const char *on, int64_t delivery, int64_t *units);
/* A yearly units limit of a service rule valid on a day. */
typedef struct kp_q_year_rule {
    char service[32];
    int64_t limit;
} kp_q_year_rule;
typedef struct kp_q_year_rule_vec {
    kp_q_year_rule *items;
    size_t n, cap;
} kp_q_year_rule_vec;
/* The units-per-year rules of `service` (or its parent) in force for
 * `region` on `on`, by id. */
kp_rc kp_q_year_rules(kp_store *st, const char *service, const char *region, const char *on, kp_q_year_rule_vec *out);
/* Units delivered to `client` of `service` (or its kinds) from `jan1` up to
 * delivery `delivery` on `on`, under assignments not cancelled by the day. */
kp_rc kp_q_units_in_year(kp_store *st, int64_t client, const char *service, const char *jan1, const char *on,
                         int64_t delivery, int64_t *units);
/* The unit cost of `service` on `on`: -1 when none (KP_UNIT_COST_ON_SQL). */
kp_rc kp_q_unit_cost_on(kp_store *st, const char *service, const char *on, int64_t *cost);
/* The claim holding delivery `delivery` as pending, accepted or rejected
 * (0 when none). */
kp_rc kp_q_claim_of_delivery(kp_store *st, int64_t delivery, int64_t *claim);
/* Appends a line to claim `claim` (the next number; *line_no gets it, may
 * be NULL). */
kp_rc kp_q_claim_line_insert(kp_store *st, int64_t claim, int64_t delivery, int64_t client, const char *service,
                             const char *on, int64_t units, int64_t cost, int64_t amount, const char *status,
                             const char *reason, int64_t *line_no);
/* The municipality with ATVK code `atvk` valid from `from` through `to`
 * (0 when none). */
kp_rc kp_q_municipality_through(kp_store *st, const char *atvk, const char *from, const char *to, int64_t *id);
/* The region's first project running from `from` through `to` (0 when none). */
kp_rc kp_q_project_through(kp_store *st, const char *region, const char *from, const char *to, int64_t *id);
/* A confirmed delivery of a month not yet claimed, with the record
 * territory of its client on the day. */
typedef struct kp_q_candidate {
    int64_t delivery, municipality, parish;
} kp_q_candidate;
typedef struct kp_q_candidate_vec {
    kp_q_candidate *items;
    size_t n, cap;
} kp_q_candidate_vec;
/* Candidates delivered from `from` through `to` to clients of the record
 * territories in `origins` (a JSON array of KP_ORIGIN ids), by day and id. */
kp_rc kp_q_claim_candidates(kp_store *st, const char *from, const char *to, const char *origins,
                            kp_q_candidate_vec *out);
kp_rc kp_q_project_number(kp_store *st, int64_t project, char *out, size_t outlen);
/* The name of service type `code` in English (en) or Latvian. */
kp_rc kp_q_service_type_name(kp_store *st, const char *code, bool en, char *out, size_t outlen);
/* "given family" of client `client` ("" when none). */
kp_rc kp_q_client_full_name(kp_store *st, int64_t client, char *out, size_t outlen);
/* A new claim, submitted; *id its id. */
kp_rc kp_q_claim_insert(kp_store *st, int64_t municipality, int64_t project, const char *month, const char *built_on,
                        const char *built_by, int64_t *id);
/* Sets claim `id`'s status ("submitted", "verified"). */
kp_rc kp_q_claim_set_status(kp_store *st, int64_t id, const char *status);
/* The status of line `line_no` of claim `claim` ("" when none). */
kp_rc kp_q_claim_line_status(kp_store *st, int64_t claim, int64_t line_no, char status[16]);
kp_rc kp_q_claim_line_decide(kp_store *st, int64_t claim, int64_t line_no, const char *status, const char *reason);
/* How many lines of the claim are pending and their sum. */
kp_rc kp_q_claim_pending(kp_store *st, int64_t claim, int64_t *lines, kp_cents *sum);
/* Accepts every pending line of the claim. */
kp_rc kp_q_claim_accept_pending(kp_store *st, int64_t claim);
/* The sum of the claim's accepted lines. */
kp_rc kp_q_claim_accepted_sum(kp_store *st, int64_t claim, kp_cents *sum);
kp_rc kp_q_claim_bundle_insert(kp_store *st, const char *region, const char *paid_on, kp_cents total, kp_cents esf,
                               kp_cents state, kp_cents flat_esf, int64_t *id);
/* Marks claim `id` paid in `bundle` by compensation payment `payment`. */
kp_rc kp_q_claim_paid(kp_store *st, int64_t id, int64_t bundle, int64_t payment);
/* Municipality `id`'s Latvian name and whether its code is confirmed. */
kp_rc kp_q_municipality_label(kp_store *st, int64_t id, char *name, size_t namelen, bool *confirmed);
/* A line of a claim. */
typedef struct kp_q_claim_line {
    int64_t line_no, delivery, client;
    char service[32], on[11];
    int64_t units, cost, amount;
    char status[16];
    char reason[320];  /* a verdict's reason (at most 300 bytes) or why it was refused */
} kp_q_claim_line;
typedef struct kp_q_claim_line_vec {
    kp_q_claim_line *items;
    size_t n, cap;
} kp_q_claim_line_vec;
/* The claim's lines by number. */
kp_rc kp_q_claim_lines_of(kp_store *st, int64_t claim, kp_q_claim_line_vec *out);

/* ---- the claims pages (claims_views.c) ---- */

/* A claim's summary: its municipality (both names) and region, counts and
 * sums of its lines; atvk and project only from kp_q_claim_summary_of. */
typedef struct kp_q_claim_summary {
    int64_t id;
    char month[8], status[16], built_on[11];
    int64_t municipality_id;
    char region[8], name_lv[96], name_en[96];
    int64_t lines, pending;
    kp_cents total, accepted;
    char atvk[16], project[48];
} kp_q_claim_summary;
typedef struct kp_q_claim_summary_vec {
    kp_q_claim_summary *items;
    size_t n, cap;
} kp_q_claim_summary_vec;
/* Every claim (region NULL) or the region's not yet paid, newest month
 * first, then by Latvian name and id. */
kp_rc kp_q_claim_summaries(kp_store *st, const char *region, kp_q_claim_summary_vec *out);
/* One claim's summary with its ATVK code and project number. */
kp_rc kp_q_claim_summary_of(kp_store *st, int64_t id, kp_q_claim_summary *out, bool *found);
/* A claim's line with both names of its service (the code when unknown). */
typedef struct kp_q_claim_line_view {
    int64_t line_no, delivery, client;
    char service[32], name_lv[208], name_en[208], on[11];
    int64_t units, cost, amount;
    char status[16], reason[320];
} kp_q_claim_line_view;
typedef struct kp_q_claim_line_view_vec {
    kp_q_claim_line_view *items;
    size_t n, cap;
} kp_q_claim_line_view_vec;
kp_rc kp_q_claim_line_views(kp_store *st, int64_t claim, kp_q_claim_line_view_vec *out);
/* "family given" of client `client` ("" when none). */
kp_rc kp_q_client_list_name(kp_store *st, int64_t client, char *out, size_t outlen);
/* A payment bundle and how many claims it paid. */
typedef struct kp_q_bundle {
    char region[8], paid_on[11];
    kp_cents total, esf, state, flat_esf;
    int64_t claims;
} kp_q_bundle;
kp_rc kp_q_bundle_of(kp_store *st, int64_t id, kp_q_bundle *out, bool *found);

#endif
