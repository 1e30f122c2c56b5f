/* The data behind case documents (support plan, service assignment
 * decision, referral, a provider's monthly statement), read with the same
 * scope checks as any other read of a client's records and audited. No
 * personal code here: documents that print one ask kp_client_personal_code
 * (audited as a read of personal data). */
#ifndef KOPA_SERVICE_CASE_DOCS_H
#define KOPA_SERVICE_CASE_DOCS_H
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"

typedef struct kp_doc_client {
    int64_t id;
    char given_name[96], family_name[96];
    char birth_date[11];
    char municipality[96];     /* where the record was made */
    char target_group[160];    /* Latvian name */
} kp_doc_client;

typedef struct kp_doc_plan_item {
    char service[160];         /* Latvian name */
    char unit[16];             /* hour, day, night, session, month */
    int64_t volume;
    char provider[208];
    char start[11], end[11];
    char goal[2048];
} kp_doc_plan_item;

typedef struct kp_doc_plan {
    int64_t id;
    kp_doc_client client;
    int64_t version;
    char status[16];           /* draft, approved, superseded */
    char goals[4096];
    char review_on[11], created_on[11], approved_on[11];
    kp_doc_plan_item *items;   /* owned; kp_doc_plan_free */
    size_t nitems;
} kp_doc_plan;

typedef struct kp_doc_assignment {
    int64_t id;
    kp_doc_client client;
    char service[160], unit[16];
    char provider[208], provider_reg_no[48], provider_address[208];
    char start[11], end[11], decided_on[11];
    int64_t units, hours_per_week;  /* hours_per_week 0 = none */
    char mode[16];
    int esf_funded;
    char status[16];                /* on the day printed: planned, in_force, suspended, ended, cancelled */
    int64_t plan_version;           /* 0 = not from a plan */
    char cancelled_from[11];        /* "" unless cancelled */
    char granted_end[11];           /* "" unless ended early: the end first decided */
} kp_doc_assignment;

typedef struct kp_doc_statement_line {
    char client[200];          /* "Family Given" */
    char service[160], unit[16];
    char delivered_on[11];
    int64_t units;
    int confirmed;
    int64_t client_id;         /* for the audit trail; not printed */
} kp_doc_statement_line;

typedef struct kp_doc_statement {
    char provider[208], provider_reg_no[48];
    char municipality[96];
    char month[8];             /* YYYY-MM */
    kp_doc_statement_line *lines; /* owned; kp_doc_statement_free */
    size_t nlines;
} kp_doc_statement;

/* Each call: KP_ENOTFOUND for an unknown record or one outside the caller's
 * scope, KP_EINVAL for a bad argument, KP_EDB on storage failure. */
kp_rc kp_doc_plan_load(kp_ctx *ctx, int64_t plan_id, kp_doc_plan *out);
void kp_doc_plan_free(kp_doc_plan *p);
kp_rc kp_doc_assignment_load(kp_ctx *ctx, int64_t assignment_id, kp_doc_assignment *out);
/* Deliveries of a provider in a month to clients of a municipality (ATVK;
 * records of its predecessors included), by date and client. */
kp_rc kp_doc_statement_load(kp_ctx *ctx, int64_t provider_id, const char *atvk, const char *month,
                            kp_doc_statement *out);
void kp_doc_statement_free(kp_doc_statement *s);

#endif
