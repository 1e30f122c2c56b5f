/* The audit aggregate's SQL (see audit_sql.h). */
#include "service/audit_sql.h"
#include "service/rows.h"
#include "service/sql.h"
#include "core/buf.h"
#include "core/mem.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kp_rc kp_q_audit_insert(kp_store *st, const kp_q_audit_rec *r)
{
    if (!r || !r->at || !r->actor || !r->role || !r->action || !r->entity)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = r->at},     {.t = KP_P_TEXT, .s = r->actor},
                    {.t = KP_P_TEXT, .s = r->role},   {.t = KP_P_TEXT, .s = r->action},
                    {.t = KP_P_TEXT, .s = r->entity}, KP_PREF(r->entity_id),
                    KP_PREF(r->client_id),            {.t = KP_P_TEXT, .s = r->detail ? r->detail : ""}};
    return kp_sql_exec(st,
                       "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

kp_rc kp_q_audit_change_insert(kp_store *st, const kp_q_audit_rec *r, const char *effective_on, const char *reason,
                               const char *changes)
{
    if (!r || !r->at || !r->actor || !r->role || !r->action || !r->entity)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = r->at},
                    {.t = KP_P_TEXT, .s = r->actor},
                    {.t = KP_P_TEXT, .s = r->role},
                    {.t = KP_P_TEXT, .s = r->action},
                    {.t = KP_P_TEXT, .s = r->entity},
                    KP_PREF(r->entity_id),
                    KP_PREF(r->client_id),
                    effective_on && *effective_on ? (kp_param){.t = KP_P_TEXT, .s = effective_on} : KP_PNULL,
                    {.t = KP_P_TEXT, .s = reason ? reason : ""},
                    {.t = KP_P_TEXT, .s = changes ? changes : ""}};
    return kp_sql_exec(st,
                       "INSERT INTO audit(at, actor, role, action, entity, entity_id, client_id, detail,"
                       " effective_on, reason, changes) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                       p, KP_NPARAMS(p));
}

static const kp_field HISTORY_F[] = {
    KP_FIELD(kp_history_row, id),           KP_FIELD(kp_history_row, at),        KP_FIELD(kp_history_row, actor),
    KP_FIELD(kp_history_row, role),         KP_FIELD(kp_history_row, action),    KP_FIELD(kp_history_row, entity),
    KP_FIELD(kp_history_row, entity_id),    KP_FIELD(kp_history_row, effective_on),
    KP_FIELD_DUP(kp_history_row, reason),   KP_FIELD_DUP(kp_history_row, changes),
};
static const kp_shape HISTORY = KP_SHAPE(kp_history_row, HISTORY_F);

/* Changes only: reads (the access log) are not history. */
kp_rc kp_q_history(kp_store *st, kp_q_history_of of, const char *entity, int64_t id, size_t limit, kp_history *out)
{
    if (!out || (of != KP_Q_HISTORY_CLIENT && of != KP_Q_HISTORY_RECORD) || (of == KP_Q_HISTORY_RECORD && !entity))
        return KP_EINVAL;
    /* The filter is one of two fixed texts; the limit a number. */
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT id, at, actor, role, action, entity, COALESCE(entity_id, 0), COALESCE(effective_on, ''),"
             " reason, changes FROM audit WHERE %s ORDER BY at DESC, id DESC LIMIT %zu",
             of == KP_Q_HISTORY_CLIENT ? "client_id = ?" : "entity = ? AND entity_id = ?", limit);
    kp_param p[2];
    size_t np = 0;
    if (of == KP_Q_HISTORY_RECORD)
        p[np++] = KP_PTEXT(entity);
    p[np++] = KP_PINT(id);
    size_t from = out->n;
    kp_rc rc = KP_ROWS_ALL(st, sql, p, np, &HISTORY, out);
    /* NULL reads as "" for the callers, as the texts always did. */
    for (size_t i = from; i < out->n; i++) {
        if (!out->items[i].reason)
            out->items[i].reason = kp_xstrdup("");
        if (!out->items[i].changes)
            out->items[i].changes = kp_xstrdup("");
    }
    return rc;
}

static const kp_field CHANGE_F[] = {KP_FIELD(kp_q_change_text, id), KP_FIELD_DUP(kp_q_change_text, changes)};
static const kp_shape CHANGE = KP_SHAPE(kp_q_change_text, CHANGE_F);

kp_rc kp_q_audit_changes_of(kp_store *st, int64_t client_id, kp_q_changes *out)
{
    if (!out)
        return KP_EINVAL;
    kp_param p[] = {KP_PINT(client_id)};
    return KP_ROWS_ALL(st,
                       "SELECT id, changes FROM audit WHERE client_id = ?1 AND changes IS NOT NULL"
                       " AND changes <> '' ORDER BY id",
                       p, 1, &CHANGE, out);
}

void kp_q_changes_free(kp_q_changes *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].changes);
    free(c->items);
    memset(c, 0, sizeof *c);
}

kp_rc kp_q_audit_set_changes(kp_store *st, int64_t id, const char *changes)
{
    if (!changes)
        return KP_EINVAL;
    kp_param p[] = {{.t = KP_P_TEXT, .s = changes}, KP_PINT(id)};
    return kp_sql_exec(st, "UPDATE audit SET changes = ?1 WHERE id = ?2", p, 2);
}

/* ---- access records ---- */

typedef struct client_pair {
    int64_t client_id, access_id;
} client_pair;

static int id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Ascending; up to a list page's few dozen by insertion, where qsort's
 * calls through a comparison cost more than the moves (issue 10). */
static void ids_sort(int64_t *v, size_t n)
{
    if (n > 64) {
        qsort(v, n, sizeof *v, id_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        int64_t x = v[i];
        size_t j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

static int pair_cmp(const void *a, const void *b)
{
    const client_pair *x = a, *y = b;
    if (x->client_id != y->client_id)
        return (x->client_id > y->client_id) - (x->client_id < y->client_id);
    return (x->access_id > y->access_id) - (x->access_id < y->access_id);
}

/* Records go in up to AR_MAX at a time and clients up to AC_MAX at a
 * time, each chunk one statement with exactly that many rows of VALUES
 * (a statement's start costs as much as a dozen rows, and a row written
 * only to pad one costs as much as a real one): a card's seven records are
 * one statement, a list page's 50 clients another. The texts are made once
 * per process, so the connection's statement cache finds them by address.
 * A record holds its clients (live migration 5) as a JSON array of their
 * ids, ascending and each once; access_client has one key per client and
 * record, by client. */
enum { REC_COLS = 9, AR_MAX = 8, AC_MAX = 64 };
/* No OR IGNORE: a record's clients are each once and its id is new, so no
 * key can be there already (and the check cost a second seek a row). */
#define AC_HEAD "INSERT INTO access_client(client_id, access_id) VALUES "
#define AR_HEAD                                                                                                  \
    "INSERT INTO access_record(at, actor, role, action, entity, entity_id, detail, each_client, clients) VALUES "
#define AR_ROW "(?,?,?,?,?,?,?,?,?)"
#define AR_TAIL " RETURNING id"
static char ac_sql[AC_MAX + 1][sizeof AC_HEAD + AC_MAX * sizeof ",(?,?)"];
static char ar_sql[AR_MAX + 1][sizeof AR_HEAD + AR_MAX * sizeof "," AR_ROW + sizeof AR_TAIL];
/* The same without RETURNING, where the store numbers the rows of one
 * statement in VALUES order (kp_store_ids_in_values_order: SQLite). There
 * RETURNING put every row in a temporary table first: about 16 000
 * instructions a statement and 7 500 a row, a tenth of a card (issue 10). */
static char ar_sql_plain[AR_MAX + 1][sizeof AR_HEAD + AR_MAX * sizeof "," AR_ROW];
static pthread_once_t texts_once = PTHREAD_ONCE_INIT;

static void rows_text(char *out, size_t size, const char *head, const char *row, int n, const char *tail)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    kp_buf_puts(&b, head);
    for (int r = 0; r < n; r++) {
        if (r)
            kp_buf_putc(&b, ',');
        kp_buf_puts(&b, row);
    }
    kp_buf_puts(&b, tail);
    size_t len = strlen(kp_buf_str(&b));
    if (len < size)
        memcpy(out, kp_buf_str(&b), len + 1);
    kp_buf_free(&b);
}

static void texts_make(void)
{
    for (int n = 1; n <= AC_MAX; n++)
        rows_text(ac_sql[n], sizeof ac_sql[n], AC_HEAD, "(?,?)", n, "");
    for (int n = 1; n <= AR_MAX; n++) {
        rows_text(ar_sql[n], sizeof ar_sql[n], AR_HEAD, AR_ROW, n, AR_TAIL);
        rows_text(ar_sql_plain[n], sizeof ar_sql_plain[n], AR_HEAD, AR_ROW, n, "");
    }
}

/* The keys (client, record) of `pairs`, in key order: neighbouring keys go
 * in one after the other instead of moving about the b-tree. Nothing is
 * written when rc is already an error; returns the outcome. */
static kp_rc insert_keys(kp_store *st, client_pair *pairs, size_t npairs, kp_rc rc)
{
    bool sorted = true; /* one record's: its clients ascending */
    for (size_t i = 1; i < npairs && sorted; i++)
        sorted = pair_cmp(&pairs[i - 1], &pairs[i]) < 0;
    if (!sorted)
        qsort(pairs, npairs, sizeof *pairs, pair_cmp);
    for (size_t i = 0; i < npairs && !rc;) {
        size_t k = npairs - i < AC_MAX ? npairs - i : AC_MAX;
        kp_stmt *s = NULL;
        rc = kp_store_prepare(st, ac_sql[k], &s);
        for (size_t r = 0; r < k && !rc; r++) {
            rc = kp_stmt_bind_int(s, (int)(2 * r + 1), pairs[i + r].client_id);
            if (!rc)
                rc = kp_stmt_bind_int(s, (int)(2 * r + 2), pairs[i + r].access_id);
        }
        if (!rc)
            rc = kp_stmt_exec(s);
        kp_stmt_free(s);
        i += k;
    }
    return rc;
}

/* The ids v[0..n) as a JSON array ("[3,17,20]") at the end of b, digits
 * placed by hand (a list page has 50). */
static void ids_json(kp_buf *b, const int64_t *v, size_t n)
{
    kp_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        char d[24];
        size_t k = sizeof d;
        int64_t x = v[i];
        bool neg = x < 0;
        uint64_t u = neg ? (uint64_t)0 - (uint64_t)x : (uint64_t)x;
        do {
            d[--k] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (neg)
            d[--k] = '-';
        if (i)
            kp_buf_putc(b, ',');
        kp_buf_append(b, d + k, sizeof d - k);
    }
    kp_buf_putc(b, ']');
}

kp_rc kp_q_access_insert(kp_store *st, const kp_q_access_rec *v, size_t n)
{
    if (n == 0)
        return KP_OK;
    if (!v)
        return KP_EINVAL;
    pthread_once(&texts_once, texts_make);
    kp_rc rc = KP_OK;
    size_t npairs = 0, nids = 0;
    for (size_t i = 0; i < n; i++)
        npairs += v[i].n_clients;
    client_pair *pairs = kp_xmalloc((npairs ? npairs : 1) * sizeof *pairs);
    /* Each record's clients, ascending and each once, one after another. */
    int64_t *ids = kp_xmalloc((npairs ? npairs : 1) * sizeof *ids);
    size_t *from = kp_xmalloc((n + 1) * sizeof *from);
    for (size_t i = 0; i < n; i++) {
        from[i] = nids;
        if (v[i].n_clients)
            memcpy(ids + nids, v[i].clients, v[i].n_clients * sizeof *ids);
        ids_sort(ids + nids, v[i].n_clients);
        size_t w = nids;
        for (size_t x = nids; x < nids + v[i].n_clients; x++)
            if (w == nids || ids[w - 1] != ids[x])
                ids[w++] = ids[x];
        nids = w;
    }
    from[n] = nids;
    kp_buf texts;
    kp_buf_init(&texts, 0);
    size_t *text_at = kp_xmalloc((n + 1) * sizeof *text_at);
    for (size_t i = 0; i < n; i++) {
        text_at[i] = texts.len;
        if (from[i + 1] > from[i])
            ids_json(&texts, ids + from[i], from[i + 1] - from[i]);
        kp_buf_putc(&texts, '\0');
    }
    npairs = 0;
    /* SQLite: the ids in VALUES order, and the keys by client later. Every
     * writer of the side tables there holds its one write lock, so the
     * writer's catch-up (kp_q_access_index_pending) sees every pending
     * record it deletes from access_pending. PostgreSQL writes the keys
     * here, in the record's transaction, as before. */
    bool in_order = kp_store_ids_in_values_order(st);
    bool keys_later = kp_q_access_keys_later(st);
    int64_t first_id = 0, last_id = 0;
    for (size_t i = 0; i < n && !rc;) {
        size_t k = n - i < AR_MAX ? n - i : AR_MAX;
        kp_stmt *s = NULL;
        rc = kp_store_prepare(st, in_order ? ar_sql_plain[k] : ar_sql[k], &s);
        for (size_t r = 0; r < k && !rc; r++) {
            const kp_q_access_rec *a = &v[i + r];
            int at = (int)r * REC_COLS;
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
            if (!rc)
                rc = from[i + r + 1] > from[i + r] ? kp_stmt_bind_text(s, at + 9, texts.data + text_at[i + r])
                                                  : kp_stmt_bind_null(s, at + 9);
        }
        int64_t lo = INT64_MAX, hi = 0;
        if (in_order) {
            /* The statement inserts its k rows or fails, numbered in
             * VALUES order up to kp_store_last_id; what is checked is that
             * it wrote k rows. */
            int64_t before = kp_store_changes(st);
            if (!rc)
                rc = kp_stmt_exec(s);
            if (!rc && kp_store_changes(st) - before != (int64_t)k)
                rc = KP_EDB;
            if (!rc) {
                hi = kp_store_last_id(st);
                lo = hi - (int64_t)k + 1;
            }
        } else {
            /* RETURNING: the ids as the server numbered them, which must
             * be consecutive (VALUES order) for a record's to be the first
             * plus its place. */
            size_t got = 0;
            bool row = false;
            while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
                int64_t id = kp_stmt_int(s, 0);
                lo = id < lo ? id : lo;
                hi = id > hi ? id : hi;
                got++;
            }
            if (!rc && (got != k || hi - lo + 1 != (int64_t)k))
                rc = KP_EDB;
        }
        kp_stmt_free(s);
        if (!rc && i == 0)
            first_id = lo;
        last_id = hi;
        for (size_t r = 0; r < k && !rc && !keys_later; r++)
            for (size_t c = from[i + r]; c < from[i + r + 1]; c++)
                pairs[npairs++] = (client_pair){ids[c], lo + (int64_t)r};
        i += k;
    }
    /* The records with clients are pending until their keys are written:
     * one statement for the whole batch, whose ids are consecutive (one
     * transaction under the side database's write lock). */
    if (!rc && keys_later && nids > 0) {
        kp_param p[] = {KP_PINT(first_id), KP_PINT(last_id)};
        rc = kp_sql_exec(st,
                         "INSERT INTO access_pending(access_id) SELECT id FROM access_record"
                         " WHERE id BETWEEN ?1 AND ?2 AND clients IS NOT NULL",
                         p, 2);
    }
    kp_buf_free(&texts);
    free(text_at);
    free(from);
    free(ids);
    rc = insert_keys(st, pairs, npairs, rc);
    free(pairs);
    return rc;
}

/* Up to `max` pending records (the oldest) get their keys in access_client
 * and leave access_pending, inside the caller's transaction. CROSS JOIN
 * keeps the pending ids first: otherwise SQLite reads every record below
 * the last one taken (rowid < ?) and looks each up in access_pending, a
 * scan of the whole log per catch-up. OR IGNORE: a key already there (a
 * side database restored or repaired by hand) must not stop every later
 * catch-up at the oldest pending record. Sorted by key,
 * a catch-up of many records writes each client's leaf once for all of
 * them, where a group commit wrote it once per commit. */
bool kp_q_access_keys_later(kp_store *st) { return kp_store_ids_in_values_order(st); }

typedef struct pending_window {
    int64_t n, upto;
} pending_window;
static const kp_field WINDOW_F[] = {KP_FIELD(pending_window, n), KP_FIELD(pending_window, upto)};
static const kp_shape WINDOW = KP_SHAPE(pending_window, WINDOW_F);

kp_rc kp_q_access_index_pending(kp_store *st, size_t max, size_t *done)
{
    if (!st || !done || max == 0)
        return KP_EINVAL;
    *done = 0;
    /* How many of the oldest `max` there are and the last one's id, in one
     * read of the window. */
    pending_window w;
    kp_param lim[] = {KP_PINT((int64_t)max)};
    kp_rc rc = kp_rows_one(st,
                           "SELECT COUNT(*), COALESCE(MAX(access_id), 0) FROM (SELECT access_id FROM access_pending"
                           " ORDER BY access_id LIMIT ?1) AS t",
                           lim, 1, &WINDOW, &w, NULL);
    if (rc || w.n == 0)
        return rc;
    int64_t n = w.n, upto = w.upto;
    kp_param p[] = {KP_PINT(upto)};
    rc = kp_sql_exec(st,
                     "INSERT OR IGNORE INTO access_client(client_id, access_id)"
                     " SELECT CAST(j.value AS INTEGER), r.id FROM access_pending p CROSS JOIN access_record r"
                     " ON r.id = p.access_id, json_each(r.clients) AS j WHERE p.access_id <= ?1 ORDER BY 1, 2",
                     p, 1);
    if (!rc)
        rc = kp_sql_exec(st, "DELETE FROM access_pending WHERE access_id <= ?1", p, 1);
    if (!rc)
        *done = (size_t)n;
    return rc;
}

kp_rc kp_q_access_log_count_before(kp_store *st, const char *before, int64_t *n)
{
    kp_param p[] = {KP_PTEXT(before)};
    return kp_sql_int(st, "SELECT COUNT(*) FROM access_log WHERE at < ?", p, 1, 0, n);
}

kp_rc kp_q_access_delete_before(kp_store *st, const char *before)
{
    kp_param p[] = {KP_PTEXT(before)};
    /* access_log is a view (one row per client read) over the records and
     * the clients each showed (sqlite_live.c). access_client is keyed by
     * client: the old records' own lists name the keys to delete (none yet
     * for a record still pending). */
    kp_rc rc = kp_sql_exec(st, "DELETE FROM access_pending WHERE access_id IN (SELECT id FROM access_record WHERE at < ?)",
                           p, 1);
    if (!rc)
        rc = kp_sql_exec(st,
                         "DELETE FROM access_client WHERE (client_id, access_id) IN"
                         " (SELECT CAST(j.value AS INTEGER), r.id FROM access_record r, json_each(r.clients) AS j"
                         " WHERE r.at < ?)",
                         p, 1);
    if (!rc)
        rc = kp_sql_exec(st, "DELETE FROM access_record WHERE at < ?", p, 1);
    return rc;
}
