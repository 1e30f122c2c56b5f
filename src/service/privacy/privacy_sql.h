/* The privacy aggregate's SQL (issue 13): restrictions of processing
 * (client_restriction), legal bases and consent (client_legal_basis),
 * pseudonymising closed cases (client_pseudonymised and the fields it
 * clears) and the subject access export's reads. Used by rights.c,
 * retention.c and export.c (and access.c for "is the record restricted"),
 * which hold no SQL and no cursor. No authorisation, audit, transaction or
 * message here. */
#ifndef KOPA_SERVICE_PRIVACY_SQL_H
#define KOPA_SERVICE_PRIVACY_SQL_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/privacy/privacy.h"
#include "store/store.h"

/* ---- restriction (Art. 18) ---- */

/* The restriction in force; *id = 0 when none. */
kp_rc kp_q_restriction_open(kp_store *st, int64_t client_id, int64_t *id);
/* The restriction in force into out (id, reason, at, by; `active` is left
 * to the caller). */
kp_rc kp_q_restriction_of(kp_store *st, int64_t client_id, kp_restriction *out, bool *found);
kp_rc kp_q_restriction_insert(kp_store *st, int64_t client_id, const char *reason, const char *at, const char *by,
                              int64_t *id);
kp_rc kp_q_restriction_lift(kp_store *st, int64_t id, const char *at, const char *by, const char *reason);

/* ---- legal basis and consent ---- */

/* The basis in force for a purpose, as the history needs it ("" for none). */
typedef struct kp_q_basis_prev {
    int64_t id;
    char art6[2], art9[2];
    char consent_given_on[11], consent_withdrawn_on[11];
} kp_q_basis_prev;
kp_rc kp_q_basis_current(kp_store *st, int64_t client_id, const char *purpose, kp_q_basis_prev *out, bool *found);
kp_rc kp_q_basis_supersede(kp_store *st, int64_t id, const char *at);

/* A new basis; blank texts store NULL, except note, stored as "". */
typedef struct kp_q_basis_new {
    int64_t client_id;
    const char *purpose, *art6, *art9, *consent_given_on, *consent_withdrawn_on, *note, *recorded_by, *recorded_at;
} kp_q_basis_new;
kp_rc kp_q_basis_insert(kp_store *st, const kp_q_basis_new *in, int64_t *id);
/* The bases in force by purpose, appended to out (the caller frees). */
kp_rc kp_q_bases_of(kp_store *st, int64_t client_id, kp_bases *out);
/* The restriction in force (restriction->active set) and the bases in
 * force by purpose, in one statement. */
kp_rc kp_q_privacy_card(kp_store *st, int64_t client_id, kp_restriction *restriction, kp_bases *bases);

/* ---- retention ---- */

/* A case whose version in force was closed on or before the cut-off. */
typedef struct kp_q_due {
    int64_t client_id;
    char closed_on[11];
    bool restricted;              /* a restriction is in force */
    bool representative;          /* represents someone whose case is open on the day */
    bool pseudonymised;           /* already */
} kp_q_due;
typedef struct kp_q_dues {
    kp_q_due *items;
    size_t n, cap;
} kp_q_dues;
/* The closed cases due on or before `closed_before`, by client; `at` is
 * the day representation is judged on. The caller frees out->items. */
kp_rc kp_q_retention_due(kp_store *st, const char *closed_before, const char *at, kp_q_dues *out);
/* Replaces and erases the client's identifying texts (names, codes, notes,
 * goals, reasons) and records it pseudonymised under rule closed_case at
 * `at` by `by`. The figures' fields stay. */
kp_rc kp_q_pseudonymise(kp_store *st, int64_t client_id, const char *at, const char *by);

/* ---- the subject access export ---- */

typedef enum kp_q_export_part {
    KP_Q_EXPORT_CLIENT,           /* by client id */
    KP_Q_EXPORT_VERSIONS,
    KP_Q_EXPORT_RESIDENCES,
    KP_Q_EXPORT_ASSESSMENTS,
    KP_Q_EXPORT_NEEDS,            /* by assessment id */
    KP_Q_EXPORT_SUPPORT_PLANS,
    KP_Q_EXPORT_PLAN_ITEMS,       /* by support plan id */
    KP_Q_EXPORT_ASSIGNMENTS,
    KP_Q_EXPORT_SUSPENSIONS,      /* by assignment id */
    KP_Q_EXPORT_DELIVERIES,       /* by assignment id */
    KP_Q_EXPORT_CLAIM_LINES,
    KP_Q_EXPORT_CONTACTS,
    KP_Q_EXPORT_TASKS,
    KP_Q_EXPORT_REPRESENTATIVES,
    KP_Q_EXPORT_REPRESENTED,
    KP_Q_EXPORT_WORKER,
    KP_Q_EXPORT_LEGAL_BASES,
    KP_Q_EXPORT_RESTRICTIONS,
    KP_Q_EXPORT_DOCUMENTS,
    KP_Q_EXPORT_HISTORY,
    KP_Q_EXPORT_ACCESS,
    KP_Q_EXPORT_PARTS
} kp_q_export_part;

/* Appends one JSON object per row of the part for `id` to arr: column
 * name → value (whole numbers for ids and counts, text else, null for
 * NULL). */
kp_rc kp_q_export_rows(kp_store *st, kp_q_export_part part, int64_t id, json_t *arr);

/* A sealed personal code as stored; the pointers live during the call. */
typedef struct kp_q_sealed_code {
    int64_t id;
    const void *sealed;
    size_t sealed_len;
    const char *valid_from;
    const char *valid_to;         /* NULL while in force */
    int64_t check_warning;
} kp_q_sealed_code;
typedef kp_rc (*kp_q_sealed_code_fn)(const kp_q_sealed_code *c, void *arg);
/* Calls fn for each of the client's personal codes by valid_from, id; a
 * non-zero answer of fn stops the walk and is returned. */
kp_rc kp_q_sealed_codes_each(kp_store *st, int64_t client_id, kp_q_sealed_code_fn fn, void *arg);

#endif
