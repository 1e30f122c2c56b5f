/* Data-protection rights (GDPR Art. 6, 9, 15, 18, 30, 5(1)(e)): the legal
 * basis and consent of a client's data per processing purpose, the subject
 * access export, restriction of processing (a frozen record), retention
 * (pseudonymising closed cases, deleting old access records) and the
 * configuration the record of processing activities is made from.
 *
 * Every call takes a kp_ctx and checks scope here; out of scope and unknown
 * answer the same (KP_ENOTFOUND). Every change is audited with
 * kp_audit_change in its transaction, under an action named "privacy_…"
 * (audit.c lets those through while a record is restricted). Lists
 * returned are the caller's and released with their _free function, also
 * after a failure. Personal codes appear only in the subject export (it is
 * for the person) and never in an audit or access record. */
#ifndef KOPA_SERVICE_PRIVACY_H
#define KOPA_SERVICE_PRIVACY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"
#include "service/errors.h"

/* ---- Configuration: data/processing_purposes.csv, data/retention.csv ---- */

typedef struct kp_purpose {
    char code[32];
    char name_lv[200], name_en[200];
    char art6[2];                 /* GDPR Art. 6(1) point: a–f */
    char art9[2];                 /* Art. 9(2) point: a–j, "" when no special category */
    char law[300];                /* the Latvian law that gives the task */
    char categories_lv[600], categories_en[600];
    char recipients_lv[600], recipients_en[600];
    char retention[32];           /* a rule of retention.csv */
    bool consent;                 /* the purpose rests on the person's consent */
} kp_purpose;

typedef struct kp_retention_rule {
    char rule[32];                /* closed_case, access_log */
    char action[16];              /* pseudonymise, delete */
    int years;                    /* 1..100 */
    char what_lv[400], what_en[400];
} kp_retention_rule;

typedef struct kp_privacy_config {
    kp_purpose *purposes;
    size_t npurposes;
    kp_retention_rule *rules;
    size_t nrules;
} kp_privacy_config;

/* Reads both files from `dir` (NULL: kp_catalogue_dir()). A bad value is
 * an error in e naming the file, line and column: KP_EINVAL; a missing or
 * unreadable file KP_EIO with a message in e. Known retention rules are
 * closed_case (pseudonymise) and access_log (delete); each purpose's
 * retention must be one of the file's rules. */
kp_rc kp_privacy_config_load(const char *dir, kp_privacy_config *out, kp_errors *e);
void kp_privacy_config_free(kp_privacy_config *c);
const kp_purpose *kp_privacy_purpose(const kp_privacy_config *c, const char *code);
const kp_retention_rule *kp_privacy_rule(const kp_privacy_config *c, const char *rule);
/* The name (English with en, else Latvian) of the purpose `code` in the
 * configuration of kp_catalogue_dir(), as kp_privacy_config_load(NULL, …)
 * would give it (read again as soon as either file changes), copied into
 * out; false, out "", when the purpose is unknown, the files cannot be read
 * or the name does not fit. Copies only the name (the client card). */
bool kp_privacy_purpose_name(const char *code, bool en, char *out, size_t outlen);

/* ---- Restriction of processing (Art. 18) ------------------------------ */

typedef struct kp_restriction {
    bool active;
    int64_t id;
    char reason[1024];
    char at[24], by[65];          /* when and by whom (an actor: a username ≤ 64 bytes) */
} kp_restriction;

/* Freezes the client's record: until lifted, every change of it is refused
 * with KP_ERESTRICTED (reads still work and are recorded). `reason` is
 * required (field "reason", ≤ 1000 bytes). KP_ECONFLICT when already
 * restricted; KP_ENOTFOUND outside the caller's write scope. */
kp_rc kp_privacy_restrict(kp_ctx *ctx, int64_t client_id, const char *reason, kp_errors *e);
/* Lifts the restriction in force, with a reason (field "reason").
 * KP_ECONFLICT when there is none. */
kp_rc kp_privacy_lift(kp_ctx *ctx, int64_t client_id, const char *reason, kp_errors *e);
/* The restriction in force (out->active false when none); a read of the
 * client's data, recorded in the access log. */
kp_rc kp_privacy_restriction(kp_ctx *ctx, int64_t client_id, kp_restriction *out);

/* ---- Legal basis and consent per purpose ------------------------------ */

typedef struct kp_basis_in {
    const char *purpose;              /* a purpose of the configuration */
    const char *art6;                 /* a–f */
    const char *art9;                 /* a–j or ""/NULL */
    const char *consent_given_on;     /* ISO date; required when art6 or art9 is "a" */
    const char *consent_withdrawn_on; /* ISO date or ""/NULL */
    const char *note;                 /* ≤ 1000 bytes */
} kp_basis_in;

typedef struct kp_basis {
    int64_t id;
    char purpose[32];
    char art6[2], art9[2];
    char consent_given_on[11], consent_withdrawn_on[11];
    char note[1024];
    char recorded_by[65], recorded_at[24];
} kp_basis;

typedef struct kp_bases {
    kp_basis *items;              /* in force, by purpose */
    size_t n, cap;
} kp_bases;

/* Records the legal basis of processing the client's data for a purpose:
 * a new version, the one before closed (the history keeps both). Errors
 * name the field (purpose, art6, art9, consent_given_on,
 * consent_withdrawn_on, note). Allowed while the record is restricted
 * (withdrawing consent is the person's right). *id_out may be NULL. */
kp_rc kp_privacy_basis_set(kp_ctx *ctx, const kp_privacy_config *cfg, int64_t client_id, const kp_basis_in *in,
                           kp_errors *e, int64_t *id_out);
/* The bases in force for a client; an audited read. */
kp_rc kp_privacy_bases(kp_ctx *ctx, int64_t client_id, kp_bases *out);
void kp_bases_free(kp_bases *b);
/* Both of the above in one statement, for the client card (whose
 * statement count is bounded, issue 10); the same two access records. */
kp_rc kp_privacy_card(kp_ctx *ctx, int64_t client_id, kp_restriction *restriction, kp_bases *bases);

/* ---- Subject access export (Art. 15) ---------------------------------- */

/* Everything held about the client, as one JSON object (the caller owns
 * it, json_decref): "client" (with every personal code held), "versions",
 * "personal_codes", "residences", "assessments" (with "needs"),
 * "support_plans" (with "items"), "assignments" (with "suspensions" and
 * "deliveries"), "claim_lines", "contacts", "tasks", "representatives",
 * "represented", "legal_bases" (every version), "restrictions",
 * "documents" (documents made from the records, from the access log),
 * "history" (every change, kp_history_of_client's rows) and "access" (who
 * viewed what), plus "counts" (rows per kind) and "generated_at". The
 * export is audited ("privacy_export", with `format` in the detail) in a
 * transaction of its own: when that fails, nothing is returned.
 * Municipal staff in scope, administrators and the operator only (a
 * provider's staff: KP_ENOTFOUND). `format` is "json" or "pdf". */
kp_rc kp_subject_export(kp_ctx *ctx, int64_t client_id, const char *format, json_t **out);

/* ---- Retention (Art. 5(1)(e)) ---------------------------------------- */

typedef struct kp_retention_item {
    int64_t client_id;
    char closed_on[11];           /* the day the case was closed */
} kp_retention_item;

typedef struct kp_retention_result {
    char at[11];                  /* reference date */
    char closed_before[11];       /* cases closed on or before it are due */
    kp_retention_item *items;     /* due and pseudonymised (or to be) */
    size_t n, cap;
    size_t held_restricted;       /* due but restricted: kept (Art. 18) */
    size_t held_representative;   /* due but representing an open case: kept */
    size_t already;               /* pseudonymised before */
    char access_before[24];       /* access records before this are due */
    int64_t access_rows;          /* due (deleted when applied) */
    bool applied;
} kp_retention_result;

/* Applies the rules of cfg at date `at` (ISO; NULL/"" = today): cases
 * closed at least closed_case.years before `at` are pseudonymised (names,
 * personal codes, contact notes, task texts, plan goals and free-text
 * reasons replaced or erased; the figures' records — dates, services,
 * municipalities, target groups — kept), access records older than
 * access_log.years deleted. Dry run unless `apply`: nothing is written.
 * Applied: one transaction, all or nothing. The operator and
 * administrators only (KP_EDENIED). KP_EINVAL for a bad date. */
kp_rc kp_retention_run(kp_ctx *ctx, const kp_privacy_config *cfg, const char *at, bool apply,
                       kp_retention_result *out);
void kp_retention_result_free(kp_retention_result *r);

#endif
