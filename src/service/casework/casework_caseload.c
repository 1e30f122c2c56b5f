/* Caseloads: a social worker's own clients and what is due for them, the
 * municipal head's distribution of clients among workers, reassignment and
 * confirmation of deliveries (see casework.h). */
#include "service/casework/casework.h"
#include "service/casework/people.h"
#include "service/casework/services.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/assignment_sql.h"
#include "service/validate.h"
#include "core/fold.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    kp_rc rc = kp_q_assignment_caseload_clients_of(ctx->db, ctx->municipality_id, d.today, d.year_from, d.year_to, ctx->user_id,
                                        &out->clients);
    out->clients.total = out->clients.n;
    if (!rc)
        rc = kp_q_assignment_caseload_reviews(ctx->db, ctx->municipality_id, d.today, ctx->user_id, d.soon, &out->reviews);
    if (!rc)
        rc = kp_q_assignment_caseload_ending(ctx->db, ctx->municipality_id, d.today, ctx->user_id, d.soon, lang, &out->ending);
    for (size_t i = 0; !rc && i < out->reviews.n; i++)
        out->reviews.items[i].overdue = strcmp(out->reviews.items[i].date, d.today) < 0;
    for (size_t i = 0; !rc && i < out->ending.n; i++)
        out->ending.items[i].overdue = strcmp(out->ending.items[i].date, d.today) < 0;
    int64_t total = 0;
    if (!rc)
        rc = kp_q_assignment_caseload_unconfirmed_count(ctx->db, ctx->municipality_id, d.today, ctx->user_id, &total);
    if (!rc) {
        rc = kp_q_assignment_caseload_unconfirmed(ctx->db, ctx->municipality_id, d.today, ctx->user_id, lang,
                                       KP_CASELOAD_UNCONFIRMED_MAX, &out->unconfirmed);
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
        int64_t client = 0;
        bool confirmed = false;
        rc = kp_q_assignment_delivery_client(ctx->db, ids[i], &client);
        if (!rc && !client)
            rc = KP_ENOTFOUND;
        if (!rc)
            rc = kp_access_client(ctx, client, true);
        if (!rc)
            rc = kp_q_assignment_delivery_confirmed(ctx->db, ids[i], &confirmed);
        if (!rc && !confirmed) {
            rc = kp_q_assignment_delivery_confirm(ctx->db, ids[i]);
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
    rc = kp_q_assignment_caseload_worker_loads(ctx->db, muni, d.soon, out);
    if (!rc)
        rc = kp_q_assignment_caseload_unassigned_count(ctx->db, muni, d.today, &out->unassigned);
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
    int64_t total = 0;
    rc = kp_q_assignment_caseload_clients_count(ctx->db, muni, d.today, worker_id, &total);
    if (rc)
        return rc;
    rc = kp_q_assignment_caseload_clients_page(ctx->db, muni, d.today, d.year_from, d.year_to, worker_id, (int64_t)limit,
                                    (int64_t)offset, out);
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
    char day[11];
    kp_date_format_iso(kp_ctx_today(ctx), day);
    rc = kp_q_assignment_client_municipality_at(ctx->db, client, day, &muni);
    if (!rc)
        rc = kp_municipality_rollup(ctx, muni, kp_ctx_today(ctx), &holder);
    if (rc)
        return rc;
    int64_t previous = 0;
    bool ok = false;
    rc = kp_q_assignment_worker_active(ctx->db, worker, holder, &ok);
    if (!rc)
        rc = kp_q_assignment_worker_of(ctx->db, client, &previous);
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
    rc = kp_q_assignment_worker_set(ctx->db, client, worker, today);
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
    int64_t users[64], munis[64];
    size_t n = 0;
    rc = kp_q_assignment_caseload_demo_workers(ctx->db, users, munis, 64, &n);
    for (size_t i = 0; i < n && !rc; i++)
        rc = kp_q_assignment_caseload_demo_assign(ctx->db, munis[i], d.today, users[i], (int64_t)per_worker);
    if (!rc)
        rc = kp_audit(ctx, "seed_demo_caseloads", "client_worker", 0, 0, "");
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    return kp_store_commit(ctx->db);
}
