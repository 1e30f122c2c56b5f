/* Caseloads: a social worker's own clients and what is due for them, the
 * municipal head's distribution of clients among workers, reassignment and
 * confirmation of deliveries (see casework.h). */
#include "service/casework/casework.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include "core/fold.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Municipalities whose records a municipality holds today: itself and,
 * through reforms, those that merged into it (as kp_municipality_rollup).
 * Takes ?1 = municipality id, ?2 = today. */
#define SCOPE_CTE                                                                                                     \
    "WITH RECURSIVE scope(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT m.id FROM municipality m JOIN scope s"                      \
    " ON m.successor_id = s.id WHERE m.valid_to IS NOT NULL AND m.valid_to < ?2) "

/* Columns read by read_client(); ?3/?4 = the calendar year's first and
 * last day (respite used). */
#define CLIENT_COLS                                                                                                   \
    "c.id, c.given_name, c.family_name, c.birth_date, c.target_group,"                                              \
    " (SELECT COALESCE(SUM(" KP_ASSIGNMENT_USES_SQL("a") "), 0) FROM assignment a WHERE a.client_id = c.id"           \
    "  AND a.service_code = 'respite' AND a.start_date BETWEEN ?3 AND ?4), COALESCE(w.user_id, 0)"

void kp_cw_clients_free(kp_cw_clients *c)
{
    if (!c)
        return;
    free(c->items);
    memset(c, 0, sizeof *c);
}

void kp_cw_deliveries_free(kp_cw_deliveries *d)
{
    if (!d)
        return;
    free(d->items);
    memset(d, 0, sizeof *d);
}

static void dues_free(kp_cw_dues *d)
{
    free(d->items);
    memset(d, 0, sizeof *d);
}

void kp_caseload_free(kp_caseload *c)
{
    if (!c)
        return;
    kp_cw_clients_free(&c->clients);
    dues_free(&c->reviews);
    dues_free(&c->ending);
    kp_cw_deliveries_free(&c->unconfirmed);
}

void kp_worker_loads_free(kp_worker_loads *w)
{
    if (!w)
        return;
    free(w->items);
    memset(w, 0, sizeof *w);
}

typedef struct dates {
    char today[11], soon[11], year_from[11], year_to[11];
} dates;

static void dates_of(const kp_ctx *ctx, dates *d)
{
    kp_date today = kp_ctx_today(ctx);
    kp_date_format_iso(today, d->today);
    kp_date_format_iso(today + KP_CASEWORK_SOON_DAYS, d->soon);
    snprintf(d->year_from, sizeof d->year_from, "%.4s-01-01", d->today);
    snprintf(d->year_to, sizeof d->year_to, "%.4s-12-31", d->today);
}

static void read_client(kp_stmt *s, kp_cw_client *c)
{
    memset(c, 0, sizeof *c);
    c->id = kp_stmt_int(s, 0);
    snprintf(c->given_name, sizeof c->given_name, "%s", kp_stmt_text(s, 1));
    snprintf(c->family_name, sizeof c->family_name, "%s", kp_stmt_text(s, 2));
    snprintf(c->birth_date, sizeof c->birth_date, "%s", kp_stmt_text(s, 3));
    snprintf(c->target_group, sizeof c->target_group, "%s", kp_stmt_text(s, 4));
    c->respite_used = kp_stmt_int(s, 5);
    c->worker_id = kp_stmt_int(s, 6);
}

static kp_rc query_clients(kp_ctx *ctx, const char *sql, const kp_param *p, size_t np, kp_cw_clients *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        read_client(s, &out->items[out->n++]);
    }
    kp_stmt_free(s);
    return rc;
}

/* Columns: client id, given, family, record id, version, service, service
 * name, date. */
static kp_rc query_dues(kp_ctx *ctx, const char *sql, const kp_param *p, size_t np, const char *today, kp_cw_dues *out)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, np);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        kp_cw_due *d = &out->items[out->n++];
        memset(d, 0, sizeof *d);
        d->client_id = kp_stmt_int(s, 0);
        snprintf(d->given_name, sizeof d->given_name, "%s", kp_stmt_text(s, 1));
        snprintf(d->family_name, sizeof d->family_name, "%s", kp_stmt_text(s, 2));
        d->record_id = kp_stmt_int(s, 3);
        d->version = (int)kp_stmt_int(s, 4);
        snprintf(d->service, sizeof d->service, "%s", kp_stmt_text(s, 5));
        snprintf(d->service_name, sizeof d->service_name, "%s", kp_stmt_text(s, 6));
        snprintf(d->date, sizeof d->date, "%s", kp_stmt_text(s, 7));
        d->overdue = strcmp(d->date, today) < 0;
    }
    kp_stmt_free(s);
    return rc;
}

/* Records one "list" audit per client, in one transaction. The rows come
 * from queries that hold the caller's scope in SQL (SCOPE_CTE: the
 * caller's municipality and those merged into it, a subset of what
 * kp_access_client allows), so no row is checked again one by one: a page
 * costs what it shows (issue 10). */
static kp_rc audit_list(kp_ctx *ctx, const kp_cw_client *items, size_t n)
{
    if (!n)
        return KP_OK;
    kp_rc rc = kp_store_begin_read(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t id = items[i].id;
        rc = kp_audit_access(ctx, "list", "client", id, id, "");
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

/* Reads the whole caseload of ctx's user; audits nothing. */
static kp_rc read_caseload_db(kp_ctx *ctx, kp_caseload *out)
{
    if (!kp_cw_is_case_worker(ctx) || ctx->user_id <= 0)
        return KP_EDENIED;
    dates d;
    dates_of(ctx, &d);
    const char *lang = kp_cw_lang(ctx);
    kp_param pc[] = {KP_PINT(ctx->municipality_id), KP_PTEXT(d.today), KP_PTEXT(d.year_from), KP_PTEXT(d.year_to),
                     KP_PINT(ctx->user_id)};
    kp_rc rc = query_clients(ctx,
                             SCOPE_CTE "SELECT " CLIENT_COLS " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                       " WHERE w.user_id = ?5 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                       " ORDER BY c.family_name, c.given_name, c.id",
                             pc, KP_NPARAMS(pc), &out->clients);
    out->clients.total = out->clients.n;
    kp_param pr[] = {KP_PINT(ctx->municipality_id), KP_PTEXT(d.today), KP_PINT(ctx->user_id), KP_PTEXT(d.soon)};
    if (!rc)
        rc = query_dues(ctx,
                        SCOPE_CTE "SELECT c.id, c.given_name, c.family_name, p.id, p.version, '', '', p.review_on"
                                  " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                  " JOIN support_plan p ON p.client_id = c.id"
                                  " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                  " AND p.status = 'approved' AND p.review_on IS NOT NULL AND p.review_on <= ?4"
                                  " AND (p.ended_on IS NULL OR p.ended_on > ?2)"
                                  " ORDER BY p.review_on, c.family_name, c.given_name",
                        pr, KP_NPARAMS(pr), d.today, &out->reviews);
    kp_param pe[] = {KP_PINT(ctx->municipality_id), KP_PTEXT(d.today), KP_PINT(ctx->user_id), KP_PTEXT(d.soon),
                     KP_PTEXT(lang)};
    if (!rc)
        rc = query_dues(ctx,
                        SCOPE_CTE "SELECT c.id, c.given_name, c.family_name, a.id, 0, a.service_code,"
                                  " CASE WHEN ?5 = 'en' THEN t.name_en ELSE t.name_lv END, a.end_date"
                                  " FROM client_worker w JOIN client c ON c.id = w.client_id"
                                  " JOIN assignment a ON a.client_id = c.id JOIN service_type t ON t.code = a.service_code"
                                  " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                  " AND " KP_ASSIGNMENT_STATUS_SQL("a", "?2") " IN ('in_force', 'suspended')"
                                  " AND a.end_date BETWEEN ?2 AND ?4"
                                  " ORDER BY a.end_date, c.family_name, c.given_name",
                        pe, KP_NPARAMS(pe), d.today, &out->ending);
    kp_param pd[] = {KP_PINT(ctx->municipality_id), KP_PTEXT(d.today), KP_PINT(ctx->user_id), KP_PTEXT(lang),
                     KP_PINT(KP_CASELOAD_UNCONFIRMED_MAX)};
    int64_t total = 0;
    if (!rc)
        rc = kp_sql_int(ctx->db,
                        SCOPE_CTE "SELECT COUNT(*) FROM client_worker w JOIN client c ON c.id = w.client_id"
                                  " JOIN assignment a ON a.client_id = c.id JOIN delivery d ON d.assignment_id = a.id"
                                  " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope) AND d.confirmed = 0",
                        pd, 3, 0, &total);
    if (!rc) {
        kp_stmt *s = NULL;
        bool row = false;
        rc = kp_store_prepare(ctx->db,
                              SCOPE_CTE
                              "SELECT d.id, a.id, c.id, c.given_name, c.family_name, a.service_code,"
                              " CASE WHEN ?4 = 'en' THEN t.name_en ELSE t.name_lv END, t.unit, COALESCE(p.name, ''),"
                              " d.delivered_on, d.units, d.confirmed"
                              " FROM client_worker w JOIN client c ON c.id = w.client_id"
                              " JOIN assignment a ON a.client_id = c.id JOIN delivery d ON d.assignment_id = a.id"
                              " JOIN service_type t ON t.code = a.service_code LEFT JOIN provider p ON p.id = a.provider_id"
                              " WHERE w.user_id = ?3 AND " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope) AND d.confirmed = 0"
                              " ORDER BY d.delivered_on DESC, d.id DESC LIMIT ?5",
                              &s);
        if (!rc)
            rc = kp_sql_bind(s, pd, KP_NPARAMS(pd));
        while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
            kp_cw_deliveries *u = &out->unconfirmed;
            kp_cw_reserve((void **)&u->items, &u->cap, u->n, sizeof *u->items);
            kp_cw_delivery *x = &u->items[u->n++];
            memset(x, 0, sizeof *x);
            x->id = kp_stmt_int(s, 0);
            x->assignment_id = kp_stmt_int(s, 1);
            x->client_id = kp_stmt_int(s, 2);
            snprintf(x->given_name, sizeof x->given_name, "%s", kp_stmt_text(s, 3));
            snprintf(x->family_name, sizeof x->family_name, "%s", kp_stmt_text(s, 4));
            snprintf(x->service, sizeof x->service, "%s", kp_stmt_text(s, 5));
            snprintf(x->service_name, sizeof x->service_name, "%s", kp_stmt_text(s, 6));
            snprintf(x->unit, sizeof x->unit, "%s", kp_stmt_text(s, 7));
            snprintf(x->provider, sizeof x->provider, "%s", kp_stmt_text(s, 8));
            snprintf(x->delivered_on, sizeof x->delivered_on, "%s", kp_stmt_text(s, 9));
            x->units = kp_stmt_int(s, 10);
            x->confirmed = kp_stmt_int(s, 11) != 0;
        }
        kp_stmt_free(s);
        out->unconfirmed.total = (size_t)total;
    }
    out->reviews.total = out->reviews.n;
    out->ending.total = out->ending.n;
    if (rc)
        kp_caseload_free(out);
    return rc;
}

/* The caseloads read on a pooled connection are kept with it (kp_store_kept)
 * while the records do not change and the day, the user and the language
 * are the same: opening the caseload again costs what it shows, not the
 * queries over the worker's clients (issue 10). */
enum { CASELOADS_KEPT = 4 };
static const char CASELOAD_TAG[] = "caseload";

static void kept_caseload_free(void *p)
{
    kp_caseload_free(p);
    free(p);
}

static void *dup_items(const void *items, size_t n, size_t size)
{
    void *v = kp_xmalloc((n ? n : 1) * size);
    if (n)
        memcpy(v, items, n * size);
    return v;
}

static void caseload_copy(kp_caseload *to, const kp_caseload *from)
{
    *to = *from;
    to->clients.items = dup_items(from->clients.items, from->clients.n, sizeof *from->clients.items);
    to->clients.cap = from->clients.n ? from->clients.n : 1;
    to->reviews.items = dup_items(from->reviews.items, from->reviews.n, sizeof *from->reviews.items);
    to->reviews.cap = from->reviews.n ? from->reviews.n : 1;
    to->ending.items = dup_items(from->ending.items, from->ending.n, sizeof *from->ending.items);
    to->ending.cap = from->ending.n ? from->ending.n : 1;
    to->unconfirmed.items = dup_items(from->unconfirmed.items, from->unconfirmed.n, sizeof *from->unconfirmed.items);
    to->unconfirmed.cap = from->unconfirmed.n ? from->unconfirmed.n : 1;
}

/* What a caseload is kept under: the caller, the day, the language. */
static void caseload_key(kp_ctx *ctx, char *key, size_t size)
{
    snprintf(key, size, "%d/%lld/%lld/%lld/%s", (int)ctx->role, (long long)ctx->user_id,
             (long long)ctx->municipality_id, (long long)kp_ctx_today(ctx), kp_cw_lang(ctx));
}

/* Reads the whole caseload of ctx's user (kept or from the records);
 * audits nothing. Call inside a read transaction: the stamp and what was
 * read must be of the same records. */
static kp_rc read_caseload(kp_ctx *ctx, kp_caseload *out)
{
    if (!kp_cw_is_case_worker(ctx) || ctx->user_id <= 0)
        return KP_EDENIED;
    char key[96];
    caseload_key(ctx, key, sizeof key);
    const kp_caseload *k = kp_store_kept(ctx->db, CASELOAD_TAG, key);
    if (k) {
        caseload_copy(out, k);
        return KP_OK;
    }
    kp_rc rc = read_caseload_db(ctx, out);
    if (rc)
        return rc;
    kp_caseload *copy = kp_xcalloc(1, sizeof *copy);
    caseload_copy(copy, out);
    if (!kp_store_keep(ctx->db, CASELOAD_TAG, key, CASELOADS_KEPT, copy, kept_caseload_free))
        kept_caseload_free(copy);
    return KP_OK;
}

kp_rc kp_caseload_mine(kp_ctx *ctx, kp_caseload *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    kp_rc rc = read_caseload(ctx, out);
    /* Every other list names only clients of this list. */
    if (!rc)
        rc = audit_list(ctx, out->clients.items, out->clients.n);
    if (rc)
        kp_caseload_free(out);
    return rc;
}

/* Keeps the clients whose name holds every word of q (case and diacritics
 * aside), or whose birth date q is, and of the group. */
static void filter_clients(kp_cw_clients *c, const char *q, const char *group)
{
    kp_date d;
    char born[11] = "";
    char fq[256] = "";
    if (q && *q && kp_date_parse_input(q, &d) == KP_OK)
        kp_date_format_iso(d, born);
    else if (q && *q)
        kp_fold_search(q, fq, sizeof fq);
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        const kp_cw_client *x = &c->items[i];
        bool keep = !group || !*group || strcmp(x->target_group, group) == 0;
        if (keep && born[0])
            keep = strcmp(x->birth_date, born) == 0;
        if (keep && fq[0]) {
            char name[256], fn[512];
            snprintf(name, sizeof name, "%s %s", x->given_name, x->family_name);
            kp_fold_search(name, fn, sizeof fn);
            for (const char *w = fq; *w && keep;) {
                size_t len = strcspn(w, " ");
                if (len) {
                    char word[256];
                    snprintf(word, sizeof word, "%.*s", (int)len, w);
                    keep = strstr(fn, word) != NULL;
                }
                w += len;
                while (*w == ' ')
                    w++;
            }
        }
        if (keep)
            c->items[k++] = *x;
    }
    c->n = k;
}

static int name_cmp(const kp_caseload_view *v, const char *a, const char *b)
{
    return v->collate ? v->collate(a, b, v->collate_arg) : strcmp(a, b);
}

static int by_sort(const kp_cw_client *x, const kp_cw_client *y, const kp_caseload_view *v)
{
    const char *sort = v->sort ? v->sort : "name";
    int c = 0;
    if (strcmp(sort, "birth") == 0)
        c = strcmp(x->birth_date, y->birth_date);
    else if (strcmp(sort, "group") == 0)
        c = strcmp(x->target_group, y->target_group);
    else if (strcmp(sort, "respite") == 0)
        c = x->respite_used < y->respite_used ? -1 : x->respite_used > y->respite_used;
    if (!c)
        c = name_cmp(v, x->family_name, y->family_name);
    if (!c)
        c = name_cmp(v, x->given_name, y->given_name);
    return v->desc ? -c : c;
}

/* Insertion sort: a caseload is a few dozen people (a few hundred at
 * most), and it keeps equal rows in the order the database gave them. */
static void sort_clients(kp_cw_client *c, size_t n, const kp_caseload_view *v)
{
    for (size_t i = 1; i < n; i++) {
        kp_cw_client x = c[i];
        size_t j = i;
        while (j > 0 && by_sort(&c[j - 1], &x, v) > 0) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = x;
    }
}

/* The order of a kept caseload's clients under one sort (issue 10): the
 * place, in the caseload as read, of each client in sorted order, kept with
 * the connection under the caseload's key and the sort (field, direction,
 * collation), so that showing the caseload again does not compare names
 * through the collation again. Kept and dropped with the records' stamp
 * like the caseload itself (kp_store_kept). */
static const char ORDER_TAG[] = "caseload-order";
typedef struct kept_order {
    size_t n;
    size_t at[];
} kept_order;

static void sort_kept(kp_ctx *ctx, kp_cw_clients *c, const kp_caseload_view *v)
{
    char key[200];
    uintptr_t fn = 0;
    memcpy(&fn, &v->collate, sizeof fn < sizeof v->collate ? sizeof fn : sizeof v->collate);
    caseload_key(ctx, key, sizeof key);
    size_t used = strlen(key);
    snprintf(key + used, sizeof key - used, "/%s/%d/%llx", v->sort ? v->sort : "name", v->desc ? 1 : 0,
             (unsigned long long)fn);
    kp_cw_client *tmp = c->n ? kp_xmalloc(c->n * sizeof *tmp) : NULL;
    const kept_order *k = kp_store_kept(ctx->db, ORDER_TAG, key);
    if (k && k->n == c->n) {
        for (size_t i = 0; i < c->n; i++)
            tmp[i] = c->items[k->at[i]];
        if (c->n)
            memcpy(c->items, tmp, c->n * sizeof *tmp);
        free(tmp);
        return;
    }
    if (c->n)
        memcpy(tmp, c->items, c->n * sizeof *tmp);
    sort_clients(c->items, c->n, v);
    /* Each client's place as read (ids are unique in a caseload's clients;
     * when they are not, nothing is kept). */
    kept_order *o = kp_xmalloc(sizeof *o + (c->n ? c->n : 1) * sizeof o->at[0]);
    o->n = c->n;
    bool ok = true;
    for (size_t i = 0; i < c->n && ok; i++) {
        size_t found = c->n;
        for (size_t j = 0; j < c->n; j++)
            if (tmp[j].id == c->items[i].id) {
                if (found != c->n)
                    ok = false;
                found = j;
            }
        ok = ok && found < c->n;
        o->at[i] = found;
    }
    free(tmp);
    if (!ok || !kp_store_keep(ctx->db, ORDER_TAG, key, CASELOADS_KEPT, o, free))
        free(o);
}

/* Keeps rows [offset, offset + limit) of an array of n items of `size`
 * bytes when `mine`, none otherwise; returns the new n. */
static size_t cut(void *items, size_t n, size_t size, bool mine, size_t offset, size_t limit)
{
    if (!mine || offset >= n)
        return 0;
    size_t k = n - offset;
    if (limit && k > limit)
        k = limit;
    if (offset)
        memmove(items, (char *)items + offset * size, k * size);
    return k;
}

static void add_id(int64_t **ids, size_t *n, size_t *cap, int64_t id)
{
    for (size_t i = 0; i < *n; i++)
        if ((*ids)[i] == id)
            return;
    kp_cw_reserve((void **)ids, cap, *n, sizeof **ids);
    (*ids)[(*n)++] = id;
}

kp_rc kp_caseload_view_of(kp_ctx *ctx, const kp_caseload_view *v, kp_caseload *out, size_t *clients_matched)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (clients_matched)
        *clients_matched = 0;
    if (!ctx || !v || !out || (int)v->list < KP_CASELOAD_ALL || v->list > KP_CASELOAD_UNCONFIRMED)
        return KP_EINVAL;
    kp_rc rc = read_caseload(ctx, out);
    if (rc)
        return rc;
    kp_caseload_list l = v->list;
    out->clients.total = out->clients.n;
    /* Sorted before filtering: the sort is stable, so the clients a filter
     * keeps come in the order sorting them alone would give. */
    sort_kept(ctx, &out->clients, v);
    filter_clients(&out->clients, v->q, v->group);
    if (clients_matched)
        *clients_matched = out->clients.n;
    out->clients.n = cut(out->clients.items, out->clients.n, sizeof *out->clients.items,
                         l == KP_CASELOAD_ALL || l == KP_CASELOAD_CLIENTS, v->offset,
                         l == KP_CASELOAD_ALL && v->top_clients ? v->top_clients : v->limit);
    out->reviews.n = cut(out->reviews.items, out->reviews.n, sizeof *out->reviews.items,
                         l == KP_CASELOAD_ALL || l == KP_CASELOAD_REVIEWS, v->offset, v->limit);
    out->ending.n = cut(out->ending.items, out->ending.n, sizeof *out->ending.items,
                        l == KP_CASELOAD_ALL || l == KP_CASELOAD_ENDING, v->offset, v->limit);
    out->unconfirmed.n = cut(out->unconfirmed.items, out->unconfirmed.n, sizeof *out->unconfirmed.items,
                             l == KP_CASELOAD_ALL || l == KP_CASELOAD_UNCONFIRMED, v->offset, v->limit);
    /* The access record is of the clients named in what is shown. */
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < out->clients.n; i++)
        add_id(&ids, &n, &cap, out->clients.items[i].id);
    for (size_t i = 0; i < out->reviews.n; i++)
        add_id(&ids, &n, &cap, out->reviews.items[i].client_id);
    for (size_t i = 0; i < out->ending.n; i++)
        add_id(&ids, &n, &cap, out->ending.items[i].client_id);
    for (size_t i = 0; i < out->unconfirmed.n; i++)
        add_id(&ids, &n, &cap, out->unconfirmed.items[i].client_id);
    kp_cw_client *shown = n ? kp_xcalloc(n, sizeof *shown) : NULL;
    for (size_t i = 0; i < n; i++)
        shown[i].id = ids[i];
    rc = audit_list(ctx, shown, n);
    free(shown);
    free(ids);
    if (rc) {
        kp_caseload_free(out);
        if (clients_matched)
            *clients_matched = 0;
    }
    return rc;
}

kp_rc kp_deliveries_confirm(kp_ctx *ctx, const int64_t *ids, size_t n, size_t *done)
{
    if (!ctx || (n && !ids))
        return KP_EINVAL;
    if (done)
        *done = 0;
    if (!kp_cw_is_case_worker(ctx) && ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    size_t count = 0;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        int64_t client = 0, confirmed = 0;
        kp_param p[] = {KP_PINT(ids[i])};
        rc = kp_sql_int(ctx->db,
                        "SELECT a.client_id FROM delivery d JOIN assignment a ON a.id = d.assignment_id WHERE d.id = ?", p,
                        1, 0, &client);
        if (!rc && !client)
            rc = KP_ENOTFOUND;
        if (!rc)
            rc = kp_access_client(ctx, client, true);
        if (!rc)
            rc = kp_sql_int(ctx->db, "SELECT confirmed FROM delivery WHERE id = ?", p, 1, 0, &confirmed);
        if (!rc && !confirmed) {
            rc = kp_sql_exec(ctx->db, "UPDATE delivery SET confirmed = 1 WHERE id = ?", p, 1);
            if (!rc)
                rc = kp_audit(ctx, "confirm", "delivery", ids[i], client, "");
            count++;
        }
    }
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && done)
        *done = count;
    return rc;
}

/* The municipality a head (or the system, naming one) works for. */
static kp_rc head_scope(kp_ctx *ctx, int64_t asked, int64_t *muni)
{
    if (ctx->role == KP_ROLE_MUNICIPAL_HEAD) {
        *muni = ctx->municipality_id;
        return KP_OK;
    }
    if (ctx->role == KP_ROLE_SYSTEM && asked > 0) {
        *muni = asked;
        return KP_OK;
    }
    return ctx->role == KP_ROLE_SYSTEM ? KP_EINVAL : KP_EDENIED;
}

kp_rc kp_caseload_by_worker(kp_ctx *ctx, int64_t municipality_id, kp_worker_loads *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    int64_t muni = 0;
    kp_rc rc = head_scope(ctx, municipality_id, &muni);
    if (rc)
        return rc;
    dates d;
    dates_of(ctx, &d);
    kp_param p[] = {KP_PINT(muni), KP_PTEXT(d.soon)};
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db,
                          "SELECT u.id, u.username, u.disabled,"
                          " (SELECT COUNT(*) FROM client_worker w WHERE w.user_id = u.id),"
                          " (SELECT COUNT(*) FROM client_worker w JOIN support_plan p ON p.client_id = w.client_id"
                          "  WHERE w.user_id = u.id AND p.status = 'approved' AND p.review_on IS NOT NULL"
                          "  AND p.review_on <= ?2)"
                          " FROM app_user u WHERE u.role = 'social_worker' AND u.municipality_id = ?1"
                          " ORDER BY u.username",
                          &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        kp_cw_reserve((void **)&out->items, &out->cap, out->n, sizeof *out->items);
        kp_worker_load *w = &out->items[out->n++];
        memset(w, 0, sizeof *w);
        w->user_id = kp_stmt_int(s, 0);
        snprintf(w->username, sizeof w->username, "%s", kp_stmt_text(s, 1));
        w->disabled = kp_stmt_int(s, 2) != 0;
        w->clients = kp_stmt_int(s, 3);
        w->reviews_due = kp_stmt_int(s, 4);
    }
    kp_stmt_free(s);
    kp_param q[] = {KP_PINT(muni), KP_PTEXT(d.today)};
    if (!rc)
        rc = kp_sql_int(ctx->db,
                        SCOPE_CTE "SELECT COUNT(*) FROM client c WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                  " AND NOT EXISTS (SELECT 1 FROM client_worker w JOIN app_user u ON u.id = w.user_id"
                                  "  WHERE w.client_id = c.id AND u.municipality_id = ?1)",
                        q, 2, 0, &out->unassigned);
    if (rc)
        kp_worker_loads_free(out);
    return rc;
}

kp_rc kp_caseload_clients(kp_ctx *ctx, int64_t municipality_id, int64_t worker_id, size_t limit, size_t offset,
                          kp_cw_clients *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (limit == 0)
        limit = 50;
    if (limit > 500 || offset > (size_t)INT32_MAX || worker_id < 0)
        return KP_EINVAL;
    int64_t muni = 0;
    kp_rc rc = head_scope(ctx, municipality_id, &muni);
    if (rc)
        return rc;
    dates d;
    dates_of(ctx, &d);
    /* ?5 = worker (0: nobody), ?6/?7 = page. */
    static const char WHERE[] =
        " FROM client c LEFT JOIN client_worker w ON w.client_id = c.id"
        " WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
        " AND ((?5 = 0 AND (w.user_id IS NULL OR w.user_id NOT IN (SELECT id FROM app_user WHERE municipality_id = ?1)))"
        "  OR w.user_id = ?5)";
    kp_param p[] = {KP_PINT(muni),          KP_PTEXT(d.today),      KP_PTEXT(d.year_from), KP_PTEXT(d.year_to),
                    KP_PINT(worker_id),     KP_PINT((int64_t)limit), KP_PINT((int64_t)offset)};
    char sql[1400];
    int64_t total = 0;
    snprintf(sql, sizeof sql, SCOPE_CTE "SELECT COUNT(*)%s", WHERE);
    rc = kp_sql_int(ctx->db, sql, p, 5, 0, &total);
    if (rc)
        return rc;
    snprintf(sql, sizeof sql,
             SCOPE_CTE "SELECT " CLIENT_COLS "%s ORDER BY c.family_name, c.given_name, c.id LIMIT ?6 OFFSET ?7", WHERE);
    rc = query_clients(ctx, sql, p, KP_NPARAMS(p), out);
    out->total = (size_t)total;
    if (!rc)
        rc = audit_list(ctx, out->items, out->n);
    if (rc)
        kp_cw_clients_free(out);
    return rc;
}

kp_rc kp_caseload_reassign(kp_ctx *ctx, const char *client_id, const char *worker_id, kp_errors *e)
{
    if (!ctx || !e)
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_MUNICIPAL_HEAD && ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    size_t before = e->n;
    int64_t client = 0;
    kp_rc rc = kp_scope_client_field(ctx, e, "client_id", client_id, true, &client);
    if (rc)
        return rc;
    int64_t worker = kp_v_int(ctx, e, "worker_id", worker_id, 1, INT64_MAX, true, 0);
    if (e->n != before)
        return KP_EINVAL;
    /* The municipality that holds the client's records today. */
    int64_t muni = 0, holder = 0;
    kp_param p[] = {KP_PINT(client)};
    char day[11];
    kp_date_format_iso(kp_ctx_today(ctx), day);
    kp_param pm[] = {KP_PINT(client), KP_PTEXT(day)};
    rc = kp_sql_int(ctx->db, "SELECT " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " FROM client c WHERE c.id = ?1", pm, 2, 0,
                    &muni);
    if (!rc)
        rc = kp_municipality_rollup(ctx, muni, kp_ctx_today(ctx), &holder);
    if (rc)
        return rc;
    int64_t ok = 0, previous = 0;
    kp_param q[] = {KP_PINT(worker), KP_PINT(holder)};
    rc = kp_sql_int(ctx->db,
                    "SELECT 1 FROM app_user WHERE id = ? AND role = 'social_worker' AND municipality_id = ?"
                    " AND disabled = 0",
                    q, 2, 0, &ok);
    if (!rc)
        rc = kp_sql_int(ctx->db, "SELECT user_id FROM client_worker WHERE client_id = ?", p, 1, 0, &previous);
    if (rc)
        return rc;
    if (!ok) {
        kp_errors_add(e, "worker_id", worker_id, "%s",
                      KP_TR(ctx, "izvēlieties šīs pašvaldības aktīvu sociālo darbinieku",
                            "choose an active social worker of this municipality"));
        return KP_EINVAL;
    }
    if (previous == worker)
        return KP_OK;
    char today[11], detail[96];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    snprintf(detail, sizeof detail, "worker %lld -> %lld", (long long)previous, (long long)worker);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_param r[] = {KP_PINT(client), KP_PINT(worker), KP_PTEXT(today)};
    rc = kp_sql_exec(ctx->db,
                     "INSERT INTO client_worker(client_id, user_id, since) VALUES (?, ?, ?)"
                     " ON CONFLICT (client_id) DO UPDATE SET user_id = excluded.user_id, since = excluded.since",
                     r, 3);
    if (!rc)
        rc = kp_audit(ctx, "reassign", "client", client, client, detail);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}

kp_rc kp_caseload_seed_demo(kp_ctx *ctx, size_t per_worker)
{
    if (!ctx)
        return KP_EINVAL;
    if (ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    if (per_worker > 100000)
        return KP_EINVAL;
    dates d;
    dates_of(ctx, &d);
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    int64_t users[64], munis[64];
    size_t n = 0;
    rc = kp_store_prepare(ctx->db,
                          "SELECT u.id, u.municipality_id FROM app_user u JOIN municipality m ON m.id = u.municipality_id"
                          " WHERE u.role = 'social_worker' AND u.username = 'sw-' || m.key ORDER BY u.id",
                          &s);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row && n < 64) {
        users[n] = kp_stmt_int(s, 0);
        munis[n++] = kp_stmt_int(s, 1);
    }
    kp_stmt_free(s);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_param p[] = {KP_PINT(munis[i]), KP_PTEXT(d.today), KP_PINT(users[i]), KP_PINT((int64_t)per_worker)};
        rc = kp_sql_exec(ctx->db,
                         SCOPE_CTE "INSERT INTO client_worker(client_id, user_id, since)"
                                   " SELECT c.id, ?3, ?2 FROM client c WHERE " KP_CLIENT_MUNICIPALITY_AT("c", "?2") " IN (SELECT id FROM scope)"
                                   " AND NOT EXISTS (SELECT 1 FROM client_worker w WHERE w.client_id = c.id)"
                                   " ORDER BY (SELECT COUNT(*) FROM support_plan p WHERE p.client_id = c.id"
                                   "  AND p.status = 'approved') DESC, c.id LIMIT ?4",
                         p, KP_NPARAMS(p));
    }
    if (!rc)
        rc = kp_audit(ctx, "seed_demo_caseloads", "client_worker", 0, 0, "");
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}
