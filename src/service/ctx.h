/* The context every service call carries: who is asking, in which role and
 * scope, with which database, key and language. Authorisation and the audit
 * record are decided from it, once, inside service/. */
#ifndef KOPA_SERVICE_CTX_H
#define KOPA_SERVICE_CTX_H
#include <stdbool.h>
#include <stdint.h>
#include "store/keyring.h"
#include "store/store.h"

typedef enum kp_role {
    KP_ROLE_SYSTEM = 0,         /* the command line run by the installation's operator */
    KP_ROLE_ADMIN = 1,
    KP_ROLE_SOCIAL_WORKER = 2,  /* scope: municipality */
    KP_ROLE_MUNICIPAL_HEAD = 3, /* scope: municipality */
    KP_ROLE_PROVIDER = 4,       /* scope: provider */
    KP_ROLE_REGION = 5,         /* scope: region */
    KP_ROLE_MINISTRY = 6,       /* aggregates only */
} kp_role;

const char *kp_role_name(kp_role r);

struct kp_access_batch;

typedef struct kp_ctx {
    kp_store *db;
    const kp_keyring *keys;   /* needed by calls that read or write personal codes */
    kp_role role;
    const char *actor;        /* user name for the audit trail ("cli" on the command line) */
    int64_t user_id;
    int64_t municipality_id;  /* scope of social workers and municipal heads */
    int64_t provider_id;      /* scope of provider staff */
    char region[8];           /* scope of region coordinators */
    char now[24];             /* "YYYY-MM-DDTHH:MM:SSZ" for audit records; set by the caller */
    const char *lang;         /* "lv" or "en": language of messages for people */
    bool restoring;           /* import of exported records: workflow-only checks
                                 (items only on drafts) do not apply */
    struct kp_access_batch *access_batch; /* NULL: each access record is written at once; else
                                 records of reads outside a writing transaction are kept
                                 here until kp_access_batch_flush (audit.h) */
} kp_ctx;

/* Fills ctx->now from the system clock (UTC). */
void kp_ctx_set_now(kp_ctx *ctx);

#endif
