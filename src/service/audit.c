/* Audit records and the history they make (see audit.h). */
#include "service/audit.h"
#include "service/access.h"
#include "service/audit_sql.h"
#include "core/mem.h"
#include <jansson.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A change of a client's records is refused while the record is
 * restricted (GDPR Art. 18). The privacy use cases themselves ("privacy_…":
 * restricting, lifting, consent, exports, pseudonymising) and the note that
 * a registration found the person elsewhere are not such changes. */
static kp_rc refuse_restricted(kp_ctx *ctx, const char *action, int64_t client_id)
{
    if (client_id <= 0 || strncmp(action, "privacy_", 8) == 0 || strncmp(action, "register_duplicate", 18) == 0)
        return KP_OK;
    return kp_client_unrestricted(ctx, client_id);
}

kp_rc kp_audit(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
               const char *detail)
{
    if (!ctx || !action || !entity)
        return KP_EINVAL;
    kp_rc rc = refuse_restricted(ctx, action, client_id);
    if (rc)
        return rc;
    kp_q_audit_rec r = {.at = ctx->now, .actor = ctx->actor ? ctx->actor : "unknown", .role = kp_role_name(ctx->role),
                        .action = action, .entity = entity, .entity_id = entity_id, .client_id = client_id,
                        .detail = detail};
    return kp_q_audit_insert(ctx->db, &r);
}

/* An access record (issue 10): one per request and kind of read, with the
 * clients it showed. A list of clients is one record with each_client set
 * (each client is an entity read); any other read names its entity and
 * the client it belongs to. See live migration 3 (sqlite_live.c).
 *
 * The records of a batch go in with multi-row VALUES statements the
 * connection keeps (kp_q_access_insert, audit_sql.c): a JSON array read
 * with json_each and ->> per column cost about 40 000 instructions per
 * record (issue 10). */

typedef kp_q_access_rec access_rec; /* owns its texts and clients */

struct kp_access_batch {
    access_rec *v;
    size_t n, cap;
    size_t reads; /* reads recorded (one per client of a list) */
    kp_access_writer *writer; /* NULL: the flush writes on the request's connection */
};

/* A batch handed to the writer (kp_access_writer_submit): on_done is
 * called with the outcome from the writer's thread; the node is the
 * writer's. A waiting flush is a submission whose on_done wakes it. */
typedef struct access_wait {
    const kp_access_batch *b;
    void (*on_done)(void *arg, kp_rc rc);
    void *arg;
    struct access_wait *next;
} access_wait;

struct kp_access_writer {
    kp_store *st;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work; /* the writer waits for submissions */
    access_wait *head, **tail;
    bool stopping, joined;
    uint64_t commits, records;
    /* Records whose keys by client are still to write (SQLite: see
     * catch_up), as far as the writer knows; at least 1 until it has
     * looked, for what others or an earlier run left pending. */
    size_t pending;
};

kp_access_batch *kp_access_batch_new(void) { return kp_xcalloc(1, sizeof(kp_access_batch)); }

kp_access_batch *kp_access_batch_new_grouped(kp_access_writer *w)
{
    kp_access_batch *b = kp_access_batch_new();
    b->writer = w;
    return b;
}

static void rec_free(access_rec *a)
{
    free(a->at);
    free(a->actor);
    free(a->role);
    free(a->action);
    free(a->entity);
    free(a->detail);
    free(a->clients);
}

static void batch_clear(kp_access_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        rec_free(&b->v[i]);
    b->n = 0;
    b->reads = 0;
}

void kp_access_batch_free(kp_access_batch *b)
{
    if (!b)
        return;
    batch_clear(b);
    free(b->v);
    free(b);
}

size_t kp_access_batch_count(const kp_access_batch *b) { return b ? b->reads : 0; }

size_t kp_access_batch_records(const kp_access_batch *b) { return b ? b->n : 0; }

static void rec_add_client(access_rec *a, int64_t client_id)
{
    if (a->n_clients == a->cap_clients) {
        a->cap_clients = a->cap_clients ? a->cap_clients * 2 : 4;
        a->clients = kp_xrealloc(a->clients, a->cap_clients * sizeof *a->clients);
    }
    a->clients[a->n_clients++] = client_id;
}

/* A read of client `client_id` as an entity of its own joins a record of
 * the same request that lists clients the same way (the same action,
 * entity, detail, time and person). */
static access_rec *rec_same_list(kp_access_batch *b, const kp_ctx *ctx, const char *action, const char *entity,
                                 const char *detail)
{
    for (size_t i = b->n; i-- > 0;) {
        access_rec *a = &b->v[i];
        if (a->each_client && strcmp(a->action, action) == 0 && strcmp(a->entity, entity) == 0 &&
            strcmp(a->detail, detail) == 0 && strcmp(a->at, ctx->now) == 0 &&
            strcmp(a->actor, ctx->actor ? ctx->actor : "unknown") == 0 &&
            strcmp(a->role, kp_role_name(ctx->role)) == 0)
            return a;
    }
    return NULL;
}

static void rec_fill(access_rec *a, const kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id,
                     int64_t client_id, const char *detail)
{
    memset(a, 0, sizeof *a);
    a->at = kp_xstrdup(ctx->now);
    a->actor = kp_xstrdup(ctx->actor ? ctx->actor : "unknown");
    a->role = kp_xstrdup(kp_role_name(ctx->role));
    a->action = kp_xstrdup(action);
    a->entity = kp_xstrdup(entity);
    a->detail = kp_xstrdup(detail ? detail : "");
    a->each_client = client_id != 0 && entity_id == client_id;
    a->entity_id = a->each_client ? 0 : entity_id;
    if (client_id)
        rec_add_client(a, client_id);
}

kp_rc kp_audit_access(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *detail)
{
    if (!ctx || !action || !entity)
        return KP_EINVAL;
    if (!detail)
        detail = "";
    kp_access_batch *b = ctx->access_batch;
    if (!b || kp_store_writing(ctx->db)) {
        /* The record and its client together or not at all (in the
         * caller's transaction, if any, as a savepoint). */
        access_rec one;
        rec_fill(&one, ctx, action, entity, entity_id, client_id, detail);
        kp_rc rc = kp_store_begin_side(ctx->db);
        if (!rc)
            rc = kp_q_access_insert(ctx->db, &one, 1);
        rc = kp_store_finish(ctx->db, rc);
        rec_free(&one);
        return rc;
    }
    b->reads++;
    access_rec *same = client_id != 0 && entity_id == client_id ? rec_same_list(b, ctx, action, entity, detail) : NULL;
    if (same) {
        rec_add_client(same, client_id);
        return KP_OK;
    }
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->v = kp_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    rec_fill(&b->v[b->n++], ctx, action, entity, entity_id, client_id, detail);
    return KP_OK;
}

/* The keys by client of the records pending (kp_q_access_index_pending),
 * up to `max` records in one transaction of their own, which no request
 * waits for. A group commit wrote a leaf of access_client per client it
 * showed (about 50 pages for a list page), and the commit that took the
 * side database's log past its checkpoint size paid the checkpoint's
 * fdatasyncs while its requests waited (issue 10, p99). Written for many
 * records at once, a client's leaf is written once for all of them. */
enum {
    CATCH_UP_BUSY = 256,     /* pending records that make the writer catch up between group commits */
    CATCH_UP_BUSY_MAX = 16,  /* records a catch-up takes then at least: a short pause for the next
                                group, but never fewer than the last commit added, so that under
                                load that never idles the backlog stays near CATCH_UP_BUSY */
    CATCH_UP_IDLE_MS = 20,   /* no submission for this long: the writer catches up on everything */
    CATCH_UP_IDLE_MAX = 256, /* records a catch-up takes while idle (checking for work between) */
};

/* Called without the lock; returns the records indexed (0: none pending,
 * or a failure, left for the next time). */
static size_t catch_up(kp_access_writer *w, size_t max)
{
    size_t done = 0;
    kp_rc rc = kp_store_begin_side(w->st);
    if (!rc)
        rc = kp_q_access_index_pending(w->st, max, &done);
    rc = kp_store_finish(w->st, rc);
    if (rc) {
        kp_store_reset(w->st);
        done = 0;
        /* Nobody waits for a catch-up to answer; the records stay pending
         * (and complete through the view) until one succeeds. Said once,
         * for the service's journal. */
        static atomic_flag told = ATOMIC_FLAG_INIT;
        if (!atomic_flag_test_and_set(&told))
            fprintf(stderr, "kopa: access log: writing the keys by client failed (%s); the records stay "
                            "pending and are read from their own list of clients\n",
                    kp_strerror(rc));
    }
    pthread_mutex_lock(&w->mu);
    w->pending = done < max ? 0 : (w->pending > done ? w->pending - done : 1);
    pthread_mutex_unlock(&w->mu);
    return done;
}

/* One idle catch-up, called and returning with the lock held. Nothing
 * done (nothing pending, or a failure) ends the idle catching up: the next
 * commit tries again. */
static void catch_up_idle(kp_access_writer *w)
{
    pthread_mutex_unlock(&w->mu);
    size_t done = catch_up(w, CATCH_UP_IDLE_MAX);
    pthread_mutex_lock(&w->mu);
    if (done == 0)
        w->pending = 0;
}

/* The writer's thread: takes everything queued, commits it in one
 * transaction, answers every flush in it, and again, until stopped with
 * nothing left. Between group commits, and when idle, it writes the keys
 * of pending records (catch_up); when stopping, all of them. */
static void *writer_main(void *arg)
{
    kp_access_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stopping) {
            if (w->pending == 0) {
                pthread_cond_wait(&w->work, &w->mu);
                continue;
            }
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until); /* the condition's clock: see start */
            until.tv_nsec += CATCH_UP_IDLE_MS * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            int wrc = 0;
            while (!w->head && !w->stopping && wrc != ETIMEDOUT)
                wrc = pthread_cond_timedwait(&w->work, &w->mu, &until);
            if (w->head || w->stopping)
                break;
            catch_up_idle(w);
        }
        if (!w->head) {
            /* Stopping, and nothing left to commit: the keys of whatever
             * is pending, so that a stopped server leaves none. */
            while (w->pending)
                catch_up_idle(w);
            break;
        }
        access_wait *take = w->head;
        w->head = NULL;
        w->tail = &w->head;
        pthread_mutex_unlock(&w->mu);
        /* The records of every request taken, as one array (shallow
         * copies: the batches stay their requests'), go in with the same
         * two statements as one request's would. */
        size_t n = 0, nrec = 0;
        for (access_wait *x = take; x; x = x->next)
            nrec += x->b->n;
        access_rec *all = kp_xmalloc((nrec ? nrec : 1) * sizeof *all);
        nrec = 0;
        size_t with_clients = 0;
        for (access_wait *x = take; x; x = x->next) {
            if (x->b->n)
                memcpy(all + nrec, x->b->v, x->b->n * sizeof *all);
            nrec += x->b->n;
            n += x->b->reads;
            for (size_t i = 0; i < x->b->n; i++)
                with_clients += x->b->v[i].n_clients > 0;
        }
        bool keys_later = kp_q_access_keys_later(w->st);
        kp_rc rc = kp_store_begin_side(w->st);
        if (!rc)
            rc = kp_q_access_insert(w->st, all, nrec);
        free(all);
        rc = kp_store_finish(w->st, rc);
        if (rc)
            kp_store_reset(w->st);
        pthread_mutex_lock(&w->mu);
        if (!rc) {
            w->commits++;
            w->records += n;
            if (keys_later)
                w->pending += with_clients;
        }
        bool busy_catch_up = w->pending >= CATCH_UP_BUSY;
        pthread_mutex_unlock(&w->mu);
        /* Told outside the lock (a callback may take other locks). */
        for (access_wait *x = take, *next; x; x = next) {
            next = x->next;
            x->on_done(x->arg, rc);
            free(x);
        }
        if (busy_catch_up)
            catch_up(w, with_clients > CATCH_UP_BUSY_MAX ? with_clients : CATCH_UP_BUSY_MAX);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

kp_rc kp_access_writer_start(kp_store *st, kp_access_writer **out)
{
    if (!st || !out)
        return KP_EINVAL;
    *out = NULL;
    kp_access_writer *w = kp_xcalloc(1, sizeof *w);
    w->st = st;
    w->tail = &w->head;
    w->pending = 1;
    pthread_mutex_init(&w->mu, NULL);
    /* The idle wait is timed on the monotonic clock: a step of the wall
     * clock (NTP, an administrator) neither delays nor hurries it. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->work, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->work);
        free(w);
        return KP_EIO;
    }
    *out = w;
    return KP_OK;
}

void kp_access_writer_quiesce(kp_access_writer *w)
{
    if (!w || w->joined)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    w->joined = true;
}

void kp_access_writer_stop(kp_access_writer *w)
{
    if (!w)
        return;
    kp_access_writer_quiesce(w);
    kp_store_close(w->st);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->work);
    free(w);
}

kp_rc kp_access_writer_submit(kp_access_writer *w, const kp_access_batch *b, void (*on_done)(void *arg, kp_rc rc),
                              void *arg)
{
    if (!w || !b || !on_done)
        return KP_EINVAL;
    access_wait *x = kp_xcalloc(1, sizeof *x);
    x->b = b;
    x->on_done = on_done;
    x->arg = arg;
    pthread_mutex_lock(&w->mu);
    if (w->stopping) {
        pthread_mutex_unlock(&w->mu);
        free(x);
        return KP_EUNAVAIL;
    }
    *w->tail = x;
    w->tail = &x->next;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    return KP_OK;
}

void kp_access_writer_counts(kp_access_writer *w, uint64_t *commits, uint64_t *records)
{
    uint64_t c = 0, r = 0;
    if (w) {
        pthread_mutex_lock(&w->mu);
        c = w->commits;
        r = w->records;
        pthread_mutex_unlock(&w->mu);
    }
    if (commits)
        *commits = c;
    if (records)
        *records = r;
}

/* A flush waiting for the writer (kp_access_batch_flush): its thread
 * sleeps until the writer's on_done says how the commit went. */
typedef struct flush_wait {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
    kp_rc rc;
} flush_wait;

static void flush_done(void *arg, kp_rc rc)
{
    flush_wait *f = arg;
    pthread_mutex_lock(&f->mu);
    f->rc = rc;
    f->done = true;
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

/* Hands the batch to the writer and waits until its transaction ends. */
static kp_rc writer_flush(kp_access_writer *w, const kp_access_batch *b)
{
    flush_wait f = {.done = false, .rc = KP_OK};
    pthread_mutex_init(&f.mu, NULL);
    pthread_cond_init(&f.cv, NULL);
    kp_rc rc = kp_access_writer_submit(w, b, flush_done, &f);
    if (!rc) {
        pthread_mutex_lock(&f.mu);
        while (!f.done)
            pthread_cond_wait(&f.cv, &f.mu);
        rc = f.rc;
        pthread_mutex_unlock(&f.mu);
    }
    pthread_cond_destroy(&f.cv);
    pthread_mutex_destroy(&f.mu);
    return rc;
}

kp_rc kp_access_batch_flush(kp_ctx *ctx)
{
    if (!ctx)
        return KP_EINVAL;
    kp_access_batch *b = ctx->access_batch;
    if (!b || b->n == 0)
        return KP_OK;
    kp_rc rc;
    if (b->writer && !kp_store_writing(ctx->db)) {
        rc = writer_flush(b->writer, b);
    } else {
        rc = kp_store_begin_side(ctx->db);
        if (!rc)
            rc = kp_q_access_insert(ctx->db, b->v, b->n);
        rc = kp_store_finish(ctx->db, rc);
    }
    batch_clear(b);
    return rc;
}

kp_rc kp_audit_change(kp_ctx *ctx, const char *action, const char *entity, int64_t entity_id, int64_t client_id,
                      const char *effective_on, const char *reason, const kp_field_change *changes, size_t n)
{
    if (!ctx || !action || !entity || (n && !changes))
        return KP_EINVAL;
    kp_rc frozen = refuse_restricted(ctx, action, client_id);
    if (frozen)
        return frozen;
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "field", json_string(changes[i].field ? changes[i].field : ""));
        /* A value that is not valid UTF-8 (it cannot be: validated text) is
         * left out rather than failing the change. */
        if (changes[i].old_value || changes[i].new_value) {
            json_object_set_new(o, "old", changes[i].old_value ? json_string(changes[i].old_value) : json_null());
            json_object_set_new(o, "new", changes[i].new_value ? json_string(changes[i].new_value) : json_null());
        }
        json_array_append_new(list, o);
    }
    char *text = n ? json_dumps(list, JSON_COMPACT) : NULL;
    json_decref(list);
    kp_q_audit_rec r = {.at = ctx->now, .actor = ctx->actor ? ctx->actor : "unknown", .role = kp_role_name(ctx->role),
                        .action = action, .entity = entity, .entity_id = entity_id, .client_id = client_id};
    kp_rc rc = kp_q_audit_change_insert(ctx->db, &r, effective_on, reason, text);
    free(text);
    return rc;
}

void kp_history_free(kp_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->items[i].reason);
        free(h->items[i].changes);
    }
    free(h->items);
    memset(h, 0, sizeof *h);
}

kp_rc kp_history_of_client(kp_ctx *ctx, int64_t client_id, size_t limit, kp_history *out)
{
    if (!ctx || !out || client_id <= 0 || limit < 1 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    rc = kp_q_history(ctx->db, KP_Q_HISTORY_CLIENT, NULL, client_id, limit, out);
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client_history", client_id, client_id, "");
    if (rc)
        kp_history_free(out);
    return rc;
}

kp_rc kp_history_of_record(kp_ctx *ctx, const char *entity, int64_t entity_id, size_t limit, kp_history *out)
{
    if (!ctx || !out || !entity || !*entity || entity_id <= 0 || limit < 1 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_q_history(ctx->db, KP_Q_HISTORY_RECORD, entity, entity_id, limit, out);
    if (rc)
        kp_history_free(out);
    return rc;
}
