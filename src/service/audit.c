/* Audit records and the history they make (see audit.h). */
#include "service/audit.h"
#include "service/access.h"
#include "service/sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kp_rc write_record(kp_ctx *ctx, const char *sql, const char *action, const char *entity, int64_t entity_id,
                   int64_t client_id, const char *detail)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (rc)
        return rc;
    kp_stmt_bind_text(s, 1, ctx->now);
    kp_stmt_bind_text(s, 2, ctx->actor ? ctx->actor : "unknown");
    kp_stmt_bind_text(s, 3, kp_role_name(ctx->role));
    kp_stmt_bind_text(s, 4, action);
    kp_stmt_bind_text(s, 5, entity);
    if (entity_id)
        kp_stmt_bind_int(s, 6, entity_id);
    if (client_id)
        kp_stmt_bind_int(s, 7, client_id);
    kp_stmt_bind_text(s, 8, detail ? detail : "");
    rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    return rc;
}

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
    return write_record(ctx,
                 "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 action, entity, entity_id, client_id, detail);
}

/* An access record (issue 10): one per request and kind of read, with the
 * clients it showed. A list of clients is one record with each_client set
 * (each client is an entity read); any other read names its entity and
 * the client it belongs to. See live migration 3 (sqlite_live.c).
 *
 * The records of a batch go in with multi-row VALUES statements the
 * connection keeps (insert_records): a JSON array read with json_each and
 * ->> per column cost about 40 000 instructions per record (issue 10). */

typedef struct access_rec {
    char *at, *actor, *role, *action, *entity, *detail;
    int64_t entity_id;   /* unused when each_client */
    bool each_client;
    int64_t *clients;    /* owned; n_clients ids, in the order they were read */
    size_t n_clients, cap_clients;
} access_rec;

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

typedef struct client_pair {
    int64_t access_id, client_id;
} client_pair;

static int pair_cmp(const void *a, const void *b)
{
    int64_t x = ((const client_pair *)a)->client_id, y = ((const client_pair *)b)->client_id;
    return (x > y) - (x < y);
}

/* Records go in up to REC_CHUNK at a time and clients CLIENT_CHUNK at a
 * time, each chunk one statement with that many rows of VALUES, kept by the
 * connection (one text per record count; the clients' text is always
 * CLIENT_CHUNK rows, the last chunk padded by repeating its last row, which
 * OR IGNORE makes a no-op). A card's five records are two statements, a
 * list page's 50 clients three; no JSON is parsed for them. */
enum { REC_CHUNK = 8, REC_COLS = 8, CLIENT_CHUNK = 32 };

static void values_sql(kp_buf *b, const char *head, int cols, int rows, const char *tail)
{
    kp_buf_puts(b, head);
    kp_buf_puts(b, " VALUES ");
    for (int r = 0; r < rows; r++) {
        kp_buf_puts(b, r ? ",(" : "(");
        for (int c = 0; c < cols; c++)
            kp_buf_puts(b, c ? ",?" : "?");
        kp_buf_putc(b, ')');
    }
    kp_buf_puts(b, tail);
}

/* Inserts records with the statements of `st` (inside its transaction). */
static kp_rc insert_records(kp_store *st, const access_rec *v, size_t n)
{
    if (n == 0)
        return KP_OK;
    kp_rc rc = KP_OK;
    size_t npairs = 0;
    for (size_t i = 0; i < n; i++)
        npairs += v[i].n_clients;
    client_pair *pairs = kp_xmalloc((npairs ? npairs : 1) * sizeof *pairs);
    npairs = 0;
    kp_buf sql;
    kp_buf_init(&sql, 0);
    for (size_t i = 0; i < n && !rc; i += REC_CHUNK) {
        int k = (int)(n - i < REC_CHUNK ? n - i : REC_CHUNK);
        kp_buf_reset(&sql);
        values_sql(&sql, "INSERT INTO access_record(at, actor, role, action, entity, entity_id, detail, each_client)",
                   REC_COLS, k, " RETURNING id");
        kp_stmt *s = NULL;
        rc = kp_store_prepare(st, kp_buf_str(&sql), &s);
        for (int r = 0; r < k && !rc; r++) {
            const access_rec *a = &v[i + (size_t)r];
            int at = r * REC_COLS;
            rc = kp_stmt_bind_text(s, at + 1, a->at);
            if (!rc)
                rc = kp_stmt_bind_text(s, at + 2, a->actor);
            if (!rc)
                rc = kp_stmt_bind_text(s, at + 3, a->role);
            if (!rc)
                rc = kp_stmt_bind_text(s, at + 4, a->action);
            if (!rc)
                rc = kp_stmt_bind_text(s, at + 5, a->entity);
            if (!rc)
                rc = a->entity_id ? kp_stmt_bind_int(s, at + 6, a->entity_id) : kp_stmt_bind_null(s, at + 6);
            if (!rc)
                rc = kp_stmt_bind_text(s, at + 7, a->detail);
            if (!rc)
                rc = kp_stmt_bind_int(s, at + 8, a->each_client ? 1 : 0);
        }
        int64_t lo = INT64_MAX, hi = 0;
        int got = 0;
        bool row = false;
        while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
            int64_t id = kp_stmt_int(s, 0);
            lo = id < lo ? id : lo;
            hi = id > hi ? id : hi;
            got++;
        }
        kp_stmt_free(s);
        /* The rows are inserted in the order of VALUES, so their ids are
         * consecutive and a record's is the first plus its place. */
        if (!rc && (got != k || hi - lo + 1 != k))
            rc = KP_EDB;
        for (int r = 0; r < k && !rc; r++) {
            const access_rec *a = &v[i + (size_t)r];
            /* In ascending order: access_client's key is (record, client),
             * so the rows are appended at the end of its b-tree instead of
             * splitting its last page in the middle (the order of a
             * record's clients means nothing; the table keeps them by id). */
            size_t from = npairs;
            for (size_t c = 0; c < a->n_clients; c++)
                pairs[npairs++] = (client_pair){lo + r, a->clients[c]};
            qsort(pairs + from, npairs - from, sizeof *pairs, pair_cmp);
        }
    }
    if (!rc && npairs) {
        kp_buf_reset(&sql);
        values_sql(&sql, "INSERT OR IGNORE INTO access_client(access_id, client_id)", 2, CLIENT_CHUNK, "");
    }
    for (size_t i = 0; i < npairs && !rc; i += CLIENT_CHUNK) {
        kp_stmt *s = NULL;
        rc = kp_store_prepare(st, kp_buf_str(&sql), &s);
        for (size_t r = 0; r < CLIENT_CHUNK && !rc; r++) {
            const client_pair *pr = &pairs[i + r < npairs ? i + r : npairs - 1];
            rc = kp_stmt_bind_int(s, (int)(2 * r + 1), pr->access_id);
            if (!rc)
                rc = kp_stmt_bind_int(s, (int)(2 * r + 2), pr->client_id);
        }
        if (!rc)
            rc = kp_stmt_exec(s);
        kp_stmt_free(s);
    }
    kp_buf_free(&sql);
    free(pairs);
    return rc;
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
            rc = insert_records(ctx->db, &one, 1);
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

/* The writer's thread: takes everything queued, commits it in one
 * transaction, answers every flush in it, and again, until stopped with
 * nothing left. */
static void *writer_main(void *arg)
{
    kp_access_writer *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (!w->head && !w->stopping)
            pthread_cond_wait(&w->work, &w->mu);
        if (!w->head)
            break; /* stopping, and nothing left */
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
        for (access_wait *x = take; x; x = x->next) {
            if (x->b->n)
                memcpy(all + nrec, x->b->v, x->b->n * sizeof *all);
            nrec += x->b->n;
            n += x->b->reads;
        }
        kp_rc rc = kp_store_begin_side(w->st);
        if (!rc)
            rc = insert_records(w->st, all, nrec);
        free(all);
        rc = kp_store_finish(w->st, rc);
        if (rc)
            kp_store_reset(w->st);
        pthread_mutex_lock(&w->mu);
        if (!rc) {
            w->commits++;
            w->records += n;
        }
        pthread_mutex_unlock(&w->mu);
        /* Told outside the lock (a callback may take other locks). */
        for (access_wait *x = take, *next; x; x = next) {
            next = x->next;
            x->on_done(x->arg, rc);
            free(x);
        }
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
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->work, NULL);
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
            rc = insert_records(ctx->db, b->v, b->n);
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
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail,"
                                " effective_on, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                                &s);
    if (!rc) {
        kp_stmt_bind_text(s, 1, ctx->now);
        kp_stmt_bind_text(s, 2, ctx->actor ? ctx->actor : "unknown");
        kp_stmt_bind_text(s, 3, kp_role_name(ctx->role));
        kp_stmt_bind_text(s, 4, action);
        kp_stmt_bind_text(s, 5, entity);
        if (entity_id)
            kp_stmt_bind_int(s, 6, entity_id);
        if (client_id)
            kp_stmt_bind_int(s, 7, client_id);
        kp_stmt_bind_text(s, 8, effective_on && *effective_on ? effective_on : NULL);
        kp_stmt_bind_text(s, 9, reason ? reason : "");
        kp_stmt_bind_text(s, 10, text ? text : "");
        rc = kp_stmt_exec(s);
    }
    kp_stmt_free(s);
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

/* Changes only: reads (the access log) are not history. */
static kp_rc read_history(kp_ctx *ctx, const char *where, const kp_param *p, size_t np, size_t limit, kp_history *out)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT id, at, actor, role, action, entity, COALESCE(entity_id, 0), COALESCE(effective_on, ''),"
             " reason, changes FROM audit WHERE %s ORDER BY at DESC, id DESC LIMIT %zu",
             where, limit);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    bool row = false;
    while (!rc && (rc = kp_stmt_step(s, &row)) == KP_OK && row) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 32;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        kp_history_row *h = &out->items[out->n++];
        memset(h, 0, sizeof *h);
        h->id = kp_stmt_int(s, 0);
        snprintf(h->at, sizeof h->at, "%s", kp_stmt_text(s, 1));
        snprintf(h->actor, sizeof h->actor, "%s", kp_stmt_text(s, 2));
        snprintf(h->role, sizeof h->role, "%s", kp_stmt_text(s, 3));
        snprintf(h->action, sizeof h->action, "%s", kp_stmt_text(s, 4));
        snprintf(h->entity, sizeof h->entity, "%s", kp_stmt_text(s, 5));
        h->entity_id = kp_stmt_int(s, 6);
        snprintf(h->effective_on, sizeof h->effective_on, "%s", kp_stmt_text(s, 7));
        h->reason = kp_xstrdup(kp_stmt_text(s, 8));
        h->changes = kp_xstrdup(kp_stmt_text(s, 9));
    }
    kp_stmt_free(s);
    if (rc)
        kp_history_free(out);
    return rc;
}

kp_rc kp_history_of_client(kp_ctx *ctx, int64_t client_id, size_t limit, kp_history *out)
{
    if (!ctx || !out || client_id <= 0 || limit < 1 || limit > 1000)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = kp_access_client(ctx, client_id, false);
    if (rc)
        return rc;
    kp_param p[] = {KP_PINT(client_id)};
    rc = read_history(ctx, "client_id = ?", p, 1, limit, out);
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
    kp_param p[] = {KP_PTEXT(entity), KP_PINT(entity_id)};
    return read_history(ctx, "entity = ? AND entity_id = ?", p, 2, limit, out);
}
