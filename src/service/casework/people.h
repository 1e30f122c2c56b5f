/* A person over time. Every attribute a figure, a rule or a scope depends on
 * (names, birth date, responsible municipality and parish, target group,
 * disability group, special care date, parents working, whether the case is
 * open) is kept in dated versions (client_version, migration 11). A change
 * effective on E splits the version in force on E and applies the changed
 * fields to every later version that did not change that field itself; the
 * `client` row keeps the values in force on the day the last change was
 * recorded, for pages. Figures read the version in force on their date,
 * scope the one in force today, so a move recorded in advance takes effect
 * on its date without a background job. Legal representatives are dated
 * links. Definitions: docs/figures.md, "People at a date".
 *
 * The use cases follow cases.h: string inputs, every field validated with a
 * message naming it (in ctx->lang), scope first (a client outside it is
 * KP_ENOTFOUND, as an unknown one), all or nothing in one transaction, and
 * one kp_audit_change record (effective date, reason, fields; never a
 * personal code's value). They return KP_EINVAL with `e` filled,
 * KP_ENOTFOUND / KP_EDENIED, or KP_OK. */
#ifndef KOPA_SERVICE_PEOPLE_H
#define KOPA_SERVICE_PEOPLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/date.h"
#include "service/casework/casework.h"
#include "service/ctx.h"
#include "service/errors.h"

/* ---- The person at a date, for SQL ------------------------------------ */

/* The client table as it stood on date `d` (an SQL expression such as
 * "?1", used three times): one row per client with the columns of `client`
 * that describe the person — id, registered_on, given_name, family_name,
 * birth_date, municipality_id, parish_id, target_group, disability_group,
 * special_care_from, parents_working — plus case_status ('open'/'closed')
 * and closed_reason, from the version in force on d. For a date before the
 * registration it is the first version: a record dated before the person
 * was registered counts the person as registered. Use it where a query
 * said "client c": "FROM " KP_CLIENT_AT("?1") " c". */
#define KP_CLIENT_AT(d)                                                                                             \
    "(SELECT c0.id AS id, c0.registered_on AS registered_on, cv.given_name AS given_name,"                        \
    " cv.family_name AS family_name, cv.birth_date AS birth_date, cv.municipality_id AS municipality_id,"         \
    " cv.parish_id AS parish_id, cv.target_group AS target_group, cv.disability_group AS disability_group,"       \
    " cv.special_care_from AS special_care_from, cv.parents_working AS parents_working,"                          \
    " cv.case_status AS case_status, cv.closed_reason AS closed_reason"                                           \
    " FROM client c0 JOIN client_version cv ON " KP_CLIENT_VERSION_ON(d) ")"

/* The condition joining client c0 to its version cv in force on date `d`
 * (KP_CLIENT_AT's), for a query over several dates at once. */
#define KP_CLIENT_VERSION_ON(d)                                                                                   \
    "cv.client_id = c0.id AND cv.valid_from <= (CASE WHEN " d " > c0.registered_on THEN " d " ELSE c0.registered_on END)" \
    " AND (cv.valid_to IS NULL OR cv.valid_to >= (CASE WHEN " d " > c0.registered_on THEN " d " ELSE c0.registered_on END))"

/* The municipality responsible for client row `c` (an alias of `client`)
 * on date `d` (an SQL expression), as an SQL scalar. */
#define KP_CLIENT_MUNICIPALITY_AT(c, d)                                                                            \
    "(SELECT cv.municipality_id FROM client_version cv WHERE cv.client_id = " c ".id"                           \
    " AND cv.valid_from <= (CASE WHEN " d " > " c ".registered_on THEN " d " ELSE " c ".registered_on END)"      \
    " ORDER BY cv.valid_from DESC LIMIT 1)"

/* ---- Changes ------------------------------------------------------------ */

/* Reasons are one or more lines of at most this many bytes. */
#define KP_REASON_MAX 500

typedef struct kp_correction_in {
    const char *client_id;
    const char *effective_on;      /* default today; not before the registration, not after today */
    const char *reason;            /* required */
    /* The person's details from the effective date. NULL = unchanged; for
     * the optional ones "" = none. */
    const char *given_name;
    const char *family_name;
    const char *birth_date;        /* must agree with every old-format code the person holds or held */
    const char *target_group;      /* checked against the age on the effective date */
    const char *disability_group;  /* "", 1, 2, 3 */
    const char *special_care_from; /* date of the VDEĀVK opinion */
    const char *parents_working;   /* "", 0, 1 */
} kp_correction_in;
/* Corrects personal details from a date (a wrong birth date, a new family
 * name, a target group or disability group that changed). A correction that
 * changes nothing is refused (field effective_on). *id_out = client id. */
kp_rc kp_client_correct(kp_ctx *ctx, const kp_correction_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_move_in {
    const char *client_id;
    const char *effective_on; /* default today; may lie ahead (the move then takes effect on it) */
    const char *municipality; /* ATVK code of the municipality responsible from then on, valid on that date */
    const char *parish;       /* optional: parish of a territory the reform split */
    const char *reason;       /* required */
} kp_move_in;
/* Records that another municipality is responsible for the person from a
 * date. Only the municipality responsible today records it. From that date
 * the receiving municipality's workers see the client and the old one's no
 * longer do (they keep what the audit trail says); a move in effect today
 * also ends the old responsible worker's assignment. *id_out = client id. */
kp_rc kp_client_move(kp_ctx *ctx, const kp_move_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_case_status_in {
    const char *client_id;
    const char *effective_on;   /* default today */
    const char *status;         /* "closed" or "open" (reopened) */
    const char *closing_reason; /* closing: moved_away, died, not_eligible, refused, other */
    const char *reason;         /* text: required to reopen and with "other"; optional otherwise */
} kp_case_status_in;
/* Closes the case on a date with a reason, or reopens it. A closed case
 * leaves the stock figures from that date (docs/figures.md, "People at a
 * date"); the records stay. *id_out = client id. */
kp_rc kp_case_status_record(kp_ctx *ctx, const kp_case_status_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_code_change_in {
    const char *client_id;
    const char *personal_code; /* the new code */
    const char *since;         /* first day of the new code; after the current code's first day */
    const char *reason;        /* required */
} kp_code_change_in;
/* The person switches to a new personal code on `since`: the current code
 * ends the day before and stays findable. Refused when the new code's
 * period would overlap another code's period of the person, or the code
 * belongs to someone else. The audit names the change, never a code.
 * *id_out = the new code's record id. */
kp_rc kp_client_code_change(kp_ctx *ctx, const kp_code_change_in *in, kp_errors *e, int64_t *id_out);

typedef struct kp_representative_in {
    const char *id;                /* empty = the database chooses */
    const char *client_id;         /* the person represented (a child) */
    const char *representative_id; /* a client: the parent, guardian or foster parent */
    const char *kind;              /* legal_representative, parent, guardian, foster_parent */
    const char *valid_from;        /* required */
    const char *valid_to;          /* "" = still */
} kp_representative_in;
/* Links a legal representative to a person for a period. The same pair may
 * not have overlapping periods; a person is not their own representative.
 * Both must be within the caller's scope (the representative for reading).
 * *id_out = the link's id. */
kp_rc kp_representative_link(kp_ctx *ctx, const kp_representative_in *in, kp_errors *e, int64_t *id_out);
/* Ends link `link_id` (of the person `client_id`, the one in the URL: an
 * other person's link is KP_ENOTFOUND) on `valid_to`, with a reason. */
kp_rc kp_representative_end(kp_ctx *ctx, int64_t client_id, const char *link_id, const char *valid_to,
                            const char *reason, kp_errors *e);

typedef struct kp_residence_move_in {
    const char *client_id;
    const char *moved_on;     /* the first day in the new place; default today */
    const char *kind;         /* as kp_residence_in */
    const char *municipality; /* optional ATVK code of the new place */
    const char *parish;       /* optional */
    const char *reason;       /* required */
} kp_residence_move_in;
/* "Moves to … on …": ends the residence in force the day before and starts
 * the next, open-ended, in one transaction. Refused when a period starts on
 * or after the move date (end or correct it first), or when the current
 * place is the same kind in the same municipality. *id_out = new period. */
kp_rc kp_residence_move(kp_ctx *ctx, const kp_residence_move_in *in, kp_errors *e, int64_t *id_out);

/* ---- Reading ------------------------------------------------------------ */

typedef struct kp_person_version {
    char valid_from[11];
    char valid_to[11];          /* "" = open */
    char given_name[104];
    char family_name[104];
    char birth_date[11];
    int64_t municipality_id;
    int64_t parish_id;          /* 0 = none */
    char municipality[8];       /* ATVK code */
    char municipality_name[96]; /* in ctx->lang */
    char target_group[16];
    int disability_group;       /* 0 = none */
    char special_care_from[11];
    int parents_working;        /* -1 unknown */
    bool closed;
    char closed_reason[16];     /* "" when open */
    char closed_note[KP_REASON_MAX + 4];
} kp_person_version;

typedef struct kp_person_link {
    int64_t id;
    int64_t client_id;          /* the person represented */
    int64_t representative_id;
    int64_t other_id;           /* the other side as seen from the card's person */
    char kind[24];
    char valid_from[11];
    char valid_to[11];          /* "" = open */
    bool in_force;              /* covers today */
    bool visible;               /* the other person is in the caller's scope: names below are filled */
    char given_name[104];
    char family_name[104];
} kp_person_link;

typedef struct kp_person_residence {
    int64_t id;
    char kind[24];
    char municipality_name[96]; /* "" = not given */
    char start_date[11];
    char end_date[11];          /* "" = still */
} kp_person_residence;

typedef struct kp_person {
    kp_person_version now;      /* in force today (the first one before registration) */
    char status_since[11];      /* the first day of today's case status (open or closed) */
    char registered_on[11];
    kp_person_version *later;   /* versions that start after today: changes recorded in advance */
    size_t n_later;
    kp_person_link *representatives; /* the person's, every period, newest first */
    size_t n_representatives;
    kp_person_link *represented;     /* people this person represents, every period */
    size_t n_represented;
    kp_person_residence *residences; /* newest first */
    size_t n_residences;
} kp_person;

void kp_person_free(kp_person *p);
/* The card's person: today's version, changes ahead, representatives and
 * residences. Scoped read (KP_ENOTFOUND outside), one "view" record in the
 * access log and one "list" record per linked person shown by name. */
kp_rc kp_person_load(kp_ctx *ctx, int64_t client_id, kp_person *out);
/* The same inside a read transaction the caller holds (the card's,
 * kp_card_reads_begin), without one of its own. */
kp_rc kp_person_load_in_read(kp_ctx *ctx, int64_t client_id, kp_person *out);

/* Every version of a person, oldest first (caller frees *out). Scoped and
 * recorded as a read. */
kp_rc kp_person_versions(kp_ctx *ctx, int64_t client_id, kp_person_version **out, size_t *n);

/* The person's representatives whose link covers `at` (caller frees
 * *out). Scoped and recorded as a read. */
kp_rc kp_representatives_at(kp_ctx *ctx, int64_t client_id, kp_date at, kp_person_link **out, size_t *n);

typedef struct kp_move_notice {
    int64_t client_id;
    char on[11];                /* the first day of the new municipality's responsibility */
    bool incoming;              /* into the caller's municipality (else out of it) */
    char other[96];             /* the other municipality's name, in ctx->lang */
    bool visible;               /* the client is in the caller's scope today: the name is filled */
    char given_name[104];
    char family_name[104];
} kp_move_notice;

/* Moves into or out of the caller's municipality (municipal heads; the
 * system naming one) that take effect from KP_MOVES_BACK_DAYS ago to
 * KP_MOVES_AHEAD_DAYS ahead, by date. A client who has moved out shows as
 * a number only: the old municipality keeps nothing but what the audit
 * trail says. "list" record per client shown by name. */
#define KP_MOVES_BACK_DAYS 30
#define KP_MOVES_AHEAD_DAYS 90
kp_rc kp_moves_for_head(kp_ctx *ctx, int64_t municipality_id, kp_move_notice **out, size_t *n);

/* Municipalities by ATVK code with their names in ctx->lang, by name: those
 * in force today (today_only: where a person can move to) or every one that
 * ever existed (for naming the codes a history holds). */
kp_rc kp_person_municipality_options(kp_ctx *ctx, bool today_only, kp_options *out);

#endif
