/* Internal to the person's history (people*.c, clients.c): a client's
 * versions in memory, with the reasons that started them. Not for front
 * ends; use people.h. */
#ifndef KOPA_SERVICE_PEOPLE_VERSIONS_H
#define KOPA_SERVICE_PEOPLE_VERSIONS_H
#include "service/casework/people.h"

/* Which reason column a change fills. */
enum { KP_PV_NONE = 0, KP_PV_CORRECT = 1, KP_PV_MOVE = 2, KP_PV_REOPEN = 3 };

typedef struct kp_pv {
    kp_person_version p;
    char correct_reason[KP_REASON_MAX + 4];
    char move_reason[KP_REASON_MAX + 4];
    char reopen_reason[KP_REASON_MAX + 4];
} kp_pv;

typedef struct kp_pv_list {
    kp_pv *v;          /* oldest first; contiguous, the last one open */
    size_t n;
    char registered[11];
} kp_pv_list;

/* Loads every version of a client (no scope check: the caller's).
 * KP_ENOTFOUND for no such client. Municipality names in ctx->lang. */
kp_rc kp_pv_load(kp_ctx *ctx, int64_t client_id, kp_pv_list *out);
void kp_pv_free(kp_pv_list *l);
/* Index of the version in force on ISO date `on` (the first one for a
 * date before it). */
size_t kp_pv_find(const kp_pv_list *l, const char *on);
/* Replaces the client's stored versions by l's and sets the client row to
 * the version in force today. In the caller's transaction. */
kp_rc kp_pv_save(kp_ctx *ctx, int64_t client_id, const kp_pv_list *l);
/* Writes a new client's first version from its row (registration). */
kp_rc kp_pv_first(kp_ctx *ctx, int64_t client_id);

#endif
