/* The audit trail: who did what to which record, when. */
#ifndef KOPA_SERVICE_AUDIT_H
#define KOPA_SERVICE_AUDIT_H
#include <stddef.h>
#include <stdint.h>
#include "service/ctx.h"

/* Writes one audit record of a change, in the caller's transaction (so the
 * change and its record are stored together or not at all). `detail` must
 * never contain a personal code. client_id 0 = the record is not a client's. */
kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail);

/* Records one read: somebody saw a client's data (a list, a card, a
 * document, a personal code) or logged in or out. It goes to the access
 * log of the side tables, which a long writer holding the records' lock
 * does not block; the read it records must not be shown when this fails.
 * entity_id == client_id (a client read as such, e.g. a row of a list):
 * the reads of one request with the same action, entity and detail are
 * kept as one record naming all their clients (issue 10: a page of 50
 * clients writes one record, not 50); the view `access_log` still reads
 * one row per client read, as before (live migration 3). A record holds
 * its clients itself, and access_client has one key per client, by client
 * (live migration 5). */
kp_rc kp_audit_access(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *detail);

/* The access records of one request, written together (issue 10): with
 * ctx->access_batch set, kp_audit_access called outside a transaction that
 * writes (kp_store_writing false) keeps the record in memory instead of
 * making every read a write transaction of its own; inside a writing
 * transaction (a login, a change) it is written there, with the change.
 * The rule that keeps every read audited: the front end calls
 * kp_access_batch_flush after the use cases and before the answer leaves,
 * and answers with an error instead when the flush fails — no answer is
 * sent whose records are not committed. */
typedef struct kp_access_batch kp_access_batch;
kp_access_batch *kp_access_batch_new(void);
void kp_access_batch_free(kp_access_batch *b);
/* Reads kept and not yet written, one per kp_audit_access (0 for NULL). */
size_t kp_access_batch_count(const kp_access_batch *b);
/* The records they make (a list of clients is one record; 0 for NULL). */
size_t kp_access_batch_records(const kp_access_batch *b);
/* Writes the records kept in ctx->access_batch in one transaction of the
 * side tables and empties the batch (also on failure: the caller must then
 * not send the answer). KP_OK with nothing kept or no batch; KP_EINVAL for
 * a NULL ctx. Inside an open transaction the records join it (a savepoint)
 * and are stored when it commits. */
kp_rc kp_access_batch_flush(kp_ctx *ctx);

/* Group commit of the access log across requests (issue 10): one writer
 * thread, owning a connection of its own, takes the records of every
 * request that flushed meanwhile and commits them in one transaction of the
 * side tables, so that a read is not a write transaction of the pooled
 * connection it ran on. A batch made with kp_access_batch_new_grouped hands
 * its records to the writer in kp_access_batch_flush, which returns only
 * once the transaction holding them has committed (KP_OK) or failed (its
 * error, and the records are not stored: the answer must not leave). Inside
 * a transaction that writes, the flush writes in it as before. */
typedef struct kp_access_writer kp_access_writer;
/* Starts the writer; it owns `st` from then on (closed by stop). KP_EINVAL
 * for NULL arguments, KP_EIO when the thread cannot start (st is then the
 * caller's again). */
kp_rc kp_access_writer_start(kp_store *st, kp_access_writer **out);
/* Commits what is queued (every waiting flush and submission gets its
 * answer) and stops the thread; later flushes and submissions answer
 * KP_EUNAVAIL at once. NULL or again: nothing. */
void kp_access_writer_quiesce(kp_access_writer *w);
/* Quiesces, closes the writer's connection and frees it. Call it only once
 * nothing can flush into it any more (the server: after its daemon stops).
 * NULL: nothing. */
void kp_access_writer_stop(kp_access_writer *w);
/* Hands the records of `b` to the writer without waiting: on_done(arg, rc)
 * is called from the writer's thread once the transaction holding them has
 * committed (KP_OK) or failed; `b` must stay as it is until then (the
 * caller then empties or frees it). The server suspends the connection
 * meanwhile, so that its threads serve other requests and a commit holds
 * as many requests' records as arrived during the one before. KP_EINVAL
 * for NULL arguments, KP_EUNAVAIL when the writer is stopping (on_done is
 * then not called). */
kp_rc kp_access_writer_submit(kp_access_writer *w, const kp_access_batch *b, void (*on_done)(void *arg, kp_rc rc),
                              void *arg);
/* Transactions committed and reads recorded in them so far (NULL: 0). */
void kp_access_writer_counts(kp_access_writer *w, uint64_t *commits, uint64_t *records);
/* A batch whose flush goes through the writer `w` (NULL: as
 * kp_access_batch_new). */
kp_access_batch *kp_access_batch_new_grouped(kp_access_writer *w);

/* One field a change altered. old_value/new_value are the stored text
 * ("" for none); for a personal code pass NULL for both: the history says
 * that it changed, never what it was or became. */
typedef struct kp_field_change {
    const char *field;
    const char *old_value;
    const char *new_value;
} kp_field_change;

/* Writes the audit record of a change to a record's history, in the
 * caller's transaction: `action` (e.g. "correct", "move", "cancel"), the
 * record, the date it takes effect (ISO date, NULL = the day it is recorded),
 * the reason given (required for changes of what happened, may be "" for
 * first entry), and the fields it changed. KP_EINVAL for a NULL ctx/action/
 * entity or n > 0 with NULL changes. */
kp_rc kp_audit_change(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *effective_on, const char *reason, const kp_field_change *changes, size_t n);

/* One entry of a record's history, as the card and the history pages show it. */
typedef struct kp_history_row {
    int64_t id;
    char at[32];           /* when it was recorded (UTC, ISO 8601) */
    char actor[65];        /* a username (≤ 64 bytes) or "cli", "demo" … */
    char role[24];
    char action[40];
    char entity[40];
    int64_t entity_id;
    char effective_on[11]; /* "" when the change took effect when recorded */
    char *reason;          /* owned */
    char *changes;         /* owned: JSON array of {"field","old","new"}, "" for none */
} kp_history_row;

typedef struct kp_history {
    kp_history_row *items;
    size_t n, cap;
} kp_history;

/* A client's history: every change to the client and to the records that
 * belong to them (codes, residence, links, assessments, plans, assignments,
 * deliveries), newest first, at most `limit` (1..1000). The caller must be
 * allowed to read the client; reading it is recorded in the access log. */
kp_rc kp_history_of_client(kp_ctx *ctx, int64_t client_id, size_t limit, kp_history *out);
/* The history of one record that belongs to no client (a provider, a
 * facility, a DI object, a payment, an indicator value). Scope is the
 * caller's concern (region or admin pages). */
kp_rc kp_history_of_record(kp_ctx *ctx, const char *entity, int64_t entity_id, size_t limit, kp_history *out);
void kp_history_free(kp_history *h);

#endif
