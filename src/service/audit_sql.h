/* The audit aggregate's SQL (issue 13): the change history (audit) and the
 * access records of reads (access_record, access_client; read through the
 * access_log view). Used by audit.c (kp_audit, kp_audit_change, the history
 * reads and the access writer) and privacy/retention.c (clearing change
 * values, deleting old access records), which hold no SQL and no cursor.
 * No authorisation, transaction or message here. */
#ifndef KOPA_SERVICE_AUDIT_SQL_H
#define KOPA_SERVICE_AUDIT_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/audit.h"
#include "store/store.h"

/* One audit record. entity_id/client_id 0 store NULL; detail NULL stores "". */
typedef struct kp_q_audit_rec {
    const char *at, *actor, *role, *action, *entity;
    int64_t entity_id, client_id;
    const char *detail;
} kp_q_audit_rec;
kp_rc kp_q_audit_insert(kp_store *st, const kp_q_audit_rec *r);
/* A change: detail "", effective_on NULL/"" stores NULL, reason and
 * changes (a JSON array, NULL for none) "" when NULL. */
kp_rc kp_q_audit_change_insert(kp_store *st, const kp_q_audit_rec *r, const char *effective_on, const char *reason,
                               const char *changes);

typedef enum kp_q_history_of { KP_Q_HISTORY_CLIENT, KP_Q_HISTORY_RECORD } kp_q_history_of;
/* The changes of a client (entity unused) or of one record, newest first,
 * at most `limit`, appended to out (the caller frees it with
 * kp_history_free, also on failure). */
kp_rc kp_q_history(kp_store *st, kp_q_history_of of, const char *entity, int64_t id, size_t limit, kp_history *out);

/* The client's history records that name changed fields. */
typedef struct kp_q_change_text {
    int64_t id;
    char *changes;                /* malloc'd */
} kp_q_change_text;
typedef struct kp_q_changes {
    kp_q_change_text *items;
    size_t n, cap;
} kp_q_changes;
kp_rc kp_q_audit_changes_of(kp_store *st, int64_t client_id, kp_q_changes *out);
void kp_q_changes_free(kp_q_changes *c);
kp_rc kp_q_audit_set_changes(kp_store *st, int64_t id, const char *changes);

/* ---- access records ---- */

/* A record of reads (audit.c's batches): a list of clients is one record
 * with each_client set, any other read names its entity and client. */
typedef struct kp_q_access_rec {
    char *at, *actor, *role, *action, *entity, *detail;
    int64_t entity_id;   /* unused when each_client */
    bool each_client;
    int64_t *clients;    /* n_clients ids, in the order they were read */
    size_t n_clients, cap_clients;
} kp_q_access_rec;
/* Inserts the records and their clients with multi-row statements the
 * connection keeps (inside the caller's transaction). On SQLite a record's
 * keys by client are left for kp_q_access_index_pending (the record is
 * pending meanwhile, and access_log reads its clients from the record). */
kp_rc kp_q_access_insert(kp_store *st, const kp_q_access_rec *v, size_t n);
/* Whether kp_q_access_insert leaves the keys for later (SQLite). */
bool kp_q_access_keys_later(kp_store *st);
/* Writes the keys of up to `max` pending records, the oldest first (inside
 * the caller's transaction); *done: how many (0: none was pending). */
kp_rc kp_q_access_index_pending(kp_store *st, size_t max, size_t *done);
/* Rows of access_log (one per client read) before `before`. */
kp_rc kp_q_access_log_count_before(kp_store *st, const char *before, int64_t *n);
/* Deletes the access records before `before` and their clients. */
kp_rc kp_q_access_delete_before(kp_store *st, const char *before);

#endif
