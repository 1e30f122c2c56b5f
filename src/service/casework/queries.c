/* Client search, client card data and the audit trail (see queries.h). */
#include "service/casework/queries.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/casework/client_sql.h"
#include "core/mem.h"
#include "core/buf.h"
#include "core/personal_code.h"
#include "core/date.h"
#include "core/fold.h"
#include "store/keyring.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_client_rows_free(kp_client_rows *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

void kp_audit_rows_free(kp_audit_rows *r)
{
    free(r->items);
    memset(r, 0, sizeof *r);
}

static bool sees_clients(const kp_ctx *ctx)
{
    switch (ctx->role) {
    case KP_ROLE_SYSTEM:
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
    case KP_ROLE_PROVIDER:
        return true;
    case KP_ROLE_ADMIN:
    case KP_ROLE_REGION:
    case KP_ROLE_MINISTRY:
        return false;
    }
    return false;
}

/* Appends one code point as UTF-8. */
static size_t put_utf8(unsigned cp, char *out, size_t room)
{
    if (cp < 0x80 && room >= 1) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800 && room >= 2) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    return 0;
}

static unsigned fold_cp(unsigned cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    /* Latin Extended-A: capitals at even code points in these ranges, odd
     * in the others. */
    if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
        return (cp % 2 == 0) ? cp + 1 : cp;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp % 2 == 1) ? cp + 1 : cp;
    return cp;
}

void kp_fold_lv(const char *in, char *out, size_t outlen)
{
    if (!out || outlen == 0)
        return;
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    while (*p && o + 1 < outlen) {
        unsigned cp;
        size_t len;
        if (p[0] < 0x80) {
            cp = p[0];
            len = 1;
        } else if ((p[0] & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            cp = ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            len = 2;
        } else {
            /* Longer or invalid sequences are copied byte by byte. */
            out[o++] = (char)*p++;
            continue;
        }
        size_t w = put_utf8(fold_cp(cp), out + o, outlen - 1 - o);
        if (!w)
            break;
        o += w;
        p += len;
    }
    out[o] = '\0';
}

static void rows_push(kp_client_rows *out, const kp_client_row *r)
{
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    out->items[out->n++] = *r;
}

/* What a search text asks for (kp_client_query.q). */
typedef struct search_q {
    enum { SQ_ALL, SQ_NAME, SQ_BIRTH, SQ_PREFIX } kind;
    char words[8][128]; /* SQ_NAME: folded words, each must occur in the name */
    size_t nwords;
    char birth[11];     /* SQ_BIRTH: ISO */
    int day, month, yy; /* SQ_PREFIX: DDMMYY of an old-format code */
    const char *group;  /* "" = any */
} search_q;

static void search_parse(const char *text, const char *group, search_q *sq)
{
    memset(sq, 0, sizeof *sq);
    sq->group = group ? group : "";
    while (*text == ' ')
        text++;
    if (!*text) {
        sq->kind = SQ_ALL;
        return;
    }
    kp_date d;
    if (kp_date_parse_input(text, &d) == KP_OK) {
        sq->kind = SQ_BIRTH;
        kp_date_format_iso(d, sq->birth);
        return;
    }
    /* "311280", "311280-" or "311280-*****": the part of a personal code a
     * masked code shows. */
    size_t nd = strspn(text, "0123456789");
    if (nd == 6 && (text[6] == '\0' || (text[6] == '-' && strspn(text + 7, "*") == strlen(text + 7)))) {
        sq->kind = SQ_PREFIX;
        sq->day = (text[0] - '0') * 10 + (text[1] - '0');
        sq->month = (text[2] - '0') * 10 + (text[3] - '0');
        sq->yy = (text[4] - '0') * 10 + (text[5] - '0');
        return;
    }
    sq->kind = SQ_NAME;
    char folded[512];
    if (kp_fold_search(text, folded, sizeof folded) != KP_OK)
        kp_fold_lv(text, folded, sizeof folded);
    char *p = folded;
    while (*p && sq->nwords < sizeof sq->words / sizeof sq->words[0]) {
        while (*p == ' ' || *p == ',' || *p == '\t')
            p++;
        size_t n = strcspn(p, " ,\t");
        if (n && n < sizeof sq->words[0]) {
            memcpy(sq->words[sq->nwords], p, n);
            sq->words[sq->nwords][n] = '\0';
            sq->nwords++;
        }
        p += n;
    }
    if (!sq->nwords)
        sq->kind = SQ_ALL;
}

static bool search_matches(const kp_client_row *r, const search_q *sq)
{
    if (sq->group[0] && strcmp(r->target_group, sq->group) != 0)
        return false;
    switch (sq->kind) {
    case SQ_ALL:
        return true;
    case SQ_BIRTH:
        return strcmp(r->birth_date, sq->birth) == 0;
    case SQ_PREFIX: {
        kp_date d;
        int y, m, day;
        if (kp_date_parse_iso(r->birth_date, &d))
            return false;
        kp_date_to_ymd(d, &y, &m, &day);
        return day == sq->day && m == sq->month && y % 100 == sq->yy;
    }
    case SQ_NAME: {
        char name[256], f[512];
        snprintf(name, sizeof name, "%s %s", r->given_name, r->family_name);
        if (kp_fold_search(name, f, sizeof f) != KP_OK)
            kp_fold_lv(name, f, sizeof f);
        for (size_t i = 0; i < sq->nwords; i++)
            if (!strstr(f, sq->words[i]))
                return false;
        return true;
    }
    }
    return false;
}

/* The caller's scope as the client list reads it: the one scope rule of
 * kp_access_client, as SQL (client_sql.c): social workers and heads their
 * municipality and every one that merged into it before today (as
 * kp_municipality_rollup), provider staff the clients referred to them,
 * the system everyone. Others: KP_EDENIED. */
static kp_rc scope_of(kp_ctx *ctx, char today[11], kp_q_scope *sc)
{
    kp_date_format_iso(kp_ctx_today(ctx), today);
    memset(sc, 0, sizeof *sc);
    sc->today = today;
    switch (ctx->role) {
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
        /* From the territory holding the caller's territory's records today
         * (the caller's own, unless it was succeeded, as Madona in 2024). */
        sc->kind = KP_Q_SCOPE_MUNICIPALITY;
        sc->id = ctx->municipality_id;
        return kp_municipality_rollup(ctx, ctx->municipality_id, kp_ctx_today(ctx), &sc->id);
    case KP_ROLE_PROVIDER:
        sc->kind = KP_Q_SCOPE_PROVIDER;
        sc->id = ctx->provider_id;
        return KP_OK;
    case KP_ROLE_SYSTEM:
        sc->kind = KP_Q_SCOPE_ALL;
        return KP_OK;
    default:
        return KP_EDENIED;
    }
}

typedef struct scan_acc {
    const search_q *sq;
    kp_client_rows *out;
} scan_acc;

static kp_rc scan_row(void *row, void *arg)
{
    const kp_client_row *r = row;
    scan_acc *a = arg;
    if (search_matches(r, a->sq))
        rows_push(a->out, r);
    return KP_OK;
}

/* Everyone in scope, filtered by name: the light columns only. */
static kp_rc scoped_clients(kp_ctx *ctx, const search_q *sq, kp_client_rows *out)
{
    char today[11];
    kp_q_scope sc;
    kp_rc rc = scope_of(ctx, today, &sc);
    if (rc)
        return rc;
    scan_acc a = {sq, out};
    return kp_q_client_scan(ctx->db, &sc, scan_row, &a);
}

/* A row being sorted: its name key ("family given") made once, not in
 * every comparison. */
typedef struct sort_item {
    const kp_client_row *r;
    char name[216];
} sort_item;

static int cmp_names(const sort_item *a, const sort_item *b, const kp_client_query *q)
{
    return q->cmp ? q->cmp(a->name, b->name, q->cmp_arg) : strcmp(a->name, b->name);
}

static int cmp_rows(const sort_item *x, const sort_item *y, const kp_client_query *q)
{
    const kp_client_row *a = x->r, *b = y->r;
    int c = 0;
    const char *sort = q->sort ? q->sort : "";
    if (strcmp(sort, "birth") == 0)
        c = strcmp(a->birth_date, b->birth_date);
    else if (strcmp(sort, "municipality") == 0)
        c = q->cmp ? q->cmp(a->municipality_name, b->municipality_name, q->cmp_arg)
                   : strcmp(a->municipality_name, b->municipality_name);
    else if (strcmp(sort, "group") == 0)
        c = strcmp(a->target_group, b->target_group);
    if (!c)
        c = cmp_names(x, y, q);
    if (q->desc)
        c = -c;
    if (c)
        return c;
    return a->id < b->id ? -1 : a->id > b->id;
}

static bool sort_known(const char *sort)
{
    static const char *const S[] = {"", "name", "birth", "municipality", "group"};
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (strcmp(sort ? sort : "", S[i]) == 0)
            return true;
    return false;
}

/* The masked personal code of a client: the first six characters of the
 * current code and "-*****" ("" without the key or a code). */
static kp_rc mask_code(kp_ctx *ctx, int64_t client_id, char *out, size_t outlen)
{
    out[0] = '\0';
    if (!ctx->keys)
        return KP_OK;
    kp_blob sealed = {NULL, 0};
    bool row = false;
    kp_rc rc = kp_q_code_sealed_current(ctx->db, client_id, true, &sealed, &row);
    if (!rc && row) {
        char code[32];
        if (kp_keyring_open(ctx->keys, sealed.b, sealed.n, code, sizeof code) == KP_OK && strlen(code) >= 6)
            snprintf(out, outlen, "%.6s-*****", code);
        sodium_memzero(code, sizeof code);
    }
    free(sealed.b);
    return rc;
}

/* A merge sort (stable): qsort has no context argument in C17, and a
 * static comparator context would not be thread-safe. */
static void merge_sort(sort_item **v, sort_item **tmp, size_t n, const kp_client_query *q)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(v, tmp, h, q);
    merge_sort(v + h, tmp, n - h, q);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp_rows(v[j], v[i], q) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* ---- The sorted order of a search, and the page's rows ---- */

/* A client in a search's sorted order: what the page needs to pick its
 * rows (the group, for the group filter on a kept order). */
typedef struct order_item {
    int64_t id;
    char group[16];
} order_item;

typedef struct order_list {
    order_item *v;
    size_t n;
} order_list;

/* The orders of "everyone in scope" (no text asked) kept with a pooled
 * connection (kp_store_kept): the scan and the sort of a municipality are
 * made once and kept while the records do not change and the day is the
 * same, so that a page costs what it shows. A few (scope, sort) pairs per
 * connection; 20 bytes a client each. */
enum { ORDER_KEPT = 4 };
static const char ORDER_TAG[] = "client-search-order";

static void order_list_free(void *p)
{
    order_list *l = p;
    free(l->v);
    free(l);
}

/* Everyone in scope matching sq, in the order q asks for. */
static kp_rc order_made(kp_ctx *ctx, const kp_client_query *q, const search_q *sq, order_list *out)
{
    kp_client_rows all;
    memset(&all, 0, sizeof all);
    kp_rc rc = scoped_clients(ctx, sq, &all);
    if (rc) {
        kp_client_rows_free(&all);
        return rc;
    }
    out->n = all.n;
    out->v = kp_xmalloc((all.n ? all.n : 1) * sizeof *out->v);
    /* Sorted by keys made once per row. */
    sort_item *items = kp_xmalloc((all.n ? all.n : 1) * sizeof *items);
    sort_item **v = kp_xmalloc((all.n ? 2 * all.n : 1) * sizeof *v);
    for (size_t i = 0; i < all.n; i++) {
        items[i].r = &all.items[i];
        snprintf(items[i].name, sizeof items[i].name, "%s %s", all.items[i].family_name, all.items[i].given_name);
        v[i] = &items[i];
    }
    if (all.n > 1)
        merge_sort(v, v + all.n, all.n, q);
    for (size_t i = 0; i < all.n; i++) {
        out->v[i].id = v[i]->r->id;
        snprintf(out->v[i].group, sizeof out->v[i].group, "%s", v[i]->r->target_group);
    }
    free(v);
    free(items);
    kp_client_rows_free(&all);
    return KP_OK;
}

/* The order of everyone in scope, every group (the caller picks the group
 * asked for from it: the kept order is not keyed by group): the one kept
 * with the connection when it is still good, else made and kept. *kept: the
 * list belongs to the memo. */
static kp_rc order_of_all(kp_ctx *ctx, const kp_client_query *q, order_list *out, bool *kept)
{
    *kept = false;
    char key[128];
    snprintf(key, sizeof key, "%d/%lld/%lld/%lld/%s/%d/%p", (int)ctx->role, (long long)ctx->municipality_id,
             (long long)ctx->provider_id, (long long)kp_ctx_today(ctx), q->sort ? q->sort : "", (int)q->desc,
             (void *)q->cmp);
    const order_list *k = kp_store_kept(ctx->db, ORDER_TAG, key);
    if (k) {
        *out = *k;
        *kept = true;
        return KP_OK;
    }
    search_q everyone;
    search_parse("", NULL, &everyone);
    kp_rc rc = order_made(ctx, q, &everyone, out);
    if (rc)
        return rc;
    order_list *copy = kp_xmalloc(sizeof *copy);
    *copy = *out;
    *kept = kp_store_keep(ctx->db, ORDER_TAG, key, ORDER_KEPT, copy, order_list_free);
    if (!*kept)
        free(copy); /* nothing kept: the caller frees the order */
    return KP_OK;
}

typedef struct page_acc {
    kp_ctx *ctx;
    const int64_t *ids;
    size_t n;
    kp_client_row *rows;
    bool *found;
} page_acc;

/* A row of the page into its place, its code masked. */
static kp_rc page_row(void *row, void *arg)
{
    const kp_q_page_row *q = row;
    page_acc *a = arg;
    for (size_t i = 0; i < a->n; i++)
        if (a->ids[i] == q->r.id && !a->found[i]) {
            a->found[i] = true;
            kp_client_row *r = &a->rows[i];
            *r = q->r;
            r->code_masked[0] = '\0';
            if (a->ctx->keys && q->sealed.b && q->sealed.n) {
                char code[32];
                if (kp_keyring_open(a->ctx->keys, q->sealed.b, q->sealed.n, code, sizeof code) == KP_OK &&
                    strlen(code) >= 6)
                    snprintf(r->code_masked, sizeof r->code_masked, "%.6s-*****", code);
                sodium_memzero(code, sizeof code);
            }
            break;
        }
    return KP_OK;
}

/* The page's rows, whole, in one statement with the scope in it (deny by
 * default: a row the scope does not cover is not read) and the sealed code
 * for the mask; rows[i] gets ids[i]. A row missing: KP_ENOTFOUND. */
static kp_rc page_rows_db(kp_ctx *ctx, const int64_t *ids, size_t n, kp_client_row *rows)
{
    if (!n)
        return KP_OK;
    kp_buf list;
    kp_buf_init(&list, 0);
    kp_buf_puts(&list, "[");
    for (size_t i = 0; i < n; i++)
        kp_buf_printf(&list, i ? ",%lld" : "%lld", (long long)ids[i]);
    kp_buf_puts(&list, "]");
    bool *found = kp_xcalloc(n, sizeof *found);
    char today[11];
    kp_q_scope sc;
    kp_rc rc = scope_of(ctx, today, &sc);
    page_acc a = {ctx, ids, n, rows, found};
    if (!rc)
        rc = kp_q_client_page(ctx->db, &sc, kp_buf_str(&list), page_row, &a);
    for (size_t i = 0; i < n && !rc; i++)
        if (!found[i])
            rc = KP_ENOTFOUND;
    free(found);
    kp_buf_free(&list);
    return rc;
}

/* Rows read by page_rows_db, kept with the connection (kp_store_kept) while
 * the records are unchanged, for the same caller's scope and day (a row is
 * kept only as read through that scope): the same page again is read from
 * memory. By id, in one of ROWS_WAYS places; a masked code ("161175-*****") is kept as
 * the page shows it, never the code. */
enum { ROWS_KEPT = 1024, ROWS_WAYS = 4 };
typedef struct rows_memo {
    kp_client_row v[ROWS_KEPT];
} rows_memo;
static const char ROWS_TAG[] = "client-search-rows";

static kp_rc page_rows(kp_ctx *ctx, const int64_t *ids, size_t n, kp_client_row *rows)
{
    if (!n)
        return KP_OK;
    kp_rc rc = KP_OK;
    char key[96];
    snprintf(key, sizeof key, "%d/%lld/%lld/%.10s/%d", (int)ctx->role, (long long)ctx->municipality_id,
             (long long)ctx->provider_id, ctx->now, ctx->keys != NULL);
    rows_memo *m = kp_store_kept(ctx->db, ROWS_TAG, key);
    if (!m) {
        m = kp_xcalloc(1, sizeof *m);
        if (!kp_store_keep(ctx->db, ROWS_TAG, key, 1, m, free)) {
            free(m);
            return page_rows_db(ctx, ids, n, rows);
        }
    }
    /* The rows not kept are read, in one statement. */
    int64_t *miss = kp_xmalloc(n * sizeof *miss);
    size_t nmiss = 0;
    for (size_t i = 0; i < n; i++) {
        const kp_client_row *k = NULL;
        for (size_t w = 0; w < ROWS_WAYS && !k && ids[i] > 0; w++)
            if (m->v[((size_t)ids[i] + w) % ROWS_KEPT].id == ids[i])
                k = &m->v[((size_t)ids[i] + w) % ROWS_KEPT];
        if (k)
            rows[i] = *k;
        else
            miss[nmiss++] = ids[i];
    }
    if (nmiss) {
        kp_client_row *got = kp_xcalloc(nmiss, sizeof *got);
        rc = page_rows_db(ctx, miss, nmiss, got);
        for (size_t j = 0, i = 0; !rc && i < n; i++)
            if (j < nmiss && ids[i] == miss[j]) {
                rows[i] = got[j];
                /* An empty place of its ROWS_WAYS, else they take turns. */
                size_t at = ((size_t)got[j].id + (size_t)got[j].id / ROWS_KEPT) % ROWS_WAYS;
                for (size_t w = ROWS_WAYS; w-- > 0;)
                    if (!m->v[((size_t)got[j].id + w) % ROWS_KEPT].id)
                        at = w;
                m->v[((size_t)got[j].id + at) % ROWS_KEPT] = got[j];
                j++;
            }
        free(got);
    }
    free(miss);
    return rc;
}

kp_rc kp_client_search(kp_ctx *ctx, const kp_client_query *q, kp_client_rows *out)
{
    if (!ctx || !q || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!sees_clients(ctx))
        return KP_EDENIED;
    size_t limit = q->limit == 0 ? 50 : q->limit;
    if (limit > 500 || !sort_known(q->sort))
        return KP_EINVAL;
    const char *text = q->q ? q->q : "";
    kp_rc rc = KP_OK;
    kp_pc pc;
    bool by_code = text[0] && kp_pc_parse(text, &pc) == KP_OK;
    if (by_code) {
        /* An exact personal code: the keyed hash finds the holder (audited
         * as a search by code inside). */
        int64_t id = 0;
        rc = kp_client_find_by_code(ctx, text, &id);
        if (rc == KP_ENOTFOUND)
            return KP_OK;
        if (rc)
            return rc;
        char today[11];
        kp_date_format_iso(kp_ctx_today(ctx), today);
        kp_client_row r;
        bool row = false;
        rc = kp_q_client_today(ctx->db, id, today, &r, &row);
        if (!rc && row && (!q->target_group || !*q->target_group || strcmp(r.target_group, q->target_group) == 0))
            rows_push(out, &r);
        if (rc)
            goto fail;
        out->total = out->n;
        if (q->offset >= out->n)
            out->n = 0;
        /* Deny by default: the row is checked once more through the one
         * scope rule before it leaves, and its reading is recorded. */
        rc = kp_store_begin_read(ctx->db);
        if (rc)
            goto fail;
        for (size_t i = 0; i < out->n && !rc; i++) {
            rc = kp_access_client(ctx, out->items[i].id, false);
            if (!rc)
                rc = mask_code(ctx, out->items[i].id, out->items[i].code_masked, sizeof out->items[i].code_masked);
        }
    } else {
        /* One read transaction: the order, the page's rows and the kept
         * order's stamp are of the same records. */
        rc = kp_store_begin_read(ctx->db);
        if (rc)
            goto fail;
        search_q *sq = kp_xmalloc(sizeof *sq);
        search_parse(text, q->target_group, sq);
        order_list ord = {0};
        bool kept = false;
        if (sq->kind == SQ_ALL)
            rc = order_of_all(ctx, q, &ord, &kept);
        else
            rc = order_made(ctx, q, sq, &ord);
        /* The page of the rows of the group asked for (a kept order holds
         * every group). */
        const char *group = q->target_group ? q->target_group : "";
        int64_t *ids = kp_xmalloc(limit * sizeof *ids);
        size_t total = 0, count = 0;
        for (size_t i = 0; i < ord.n && !rc; i++) {
            if (group[0] && strcmp(ord.v[i].group, group) != 0)
                continue;
            if (total >= q->offset && count < limit)
                ids[count++] = ord.v[i].id;
            total++;
        }
        if (!kept)
            free(ord.v);
        free(sq);
        if (!rc) {
            out->items = kp_xcalloc(count ? count : 1, sizeof *out->items);
            out->cap = count ? count : 1;
            out->n = count;
            out->total = total;
            rc = page_rows(ctx, ids, count, out->items);
        }
        free(ids);
    }
    /* Recorded once every row has passed: a page that fails leaves no
     * record, also when the records wait in the request's batch. */
    for (size_t i = 0; i < out->n && !rc; i++)
        rc = kp_audit_access(ctx, "list", "client", out->items[i].id, out->items[i].id,
                             out->items[i].code_masked[0] ? "masked code" : "");
    if (rc) {
        kp_store_rollback(ctx->db);
        goto fail;
    }
    rc = kp_store_commit(ctx->db);
    if (rc)
        goto fail;
    return KP_OK;
fail:
    kp_client_rows_free(out);
    return rc == KP_ENOTFOUND ? KP_ESTATE : rc;
}

kp_rc kp_client_get(kp_ctx *ctx, int64_t id, kp_client_row *out)
{
    if (!ctx || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!sees_clients(ctx))
        return KP_EDENIED;
    if (id <= 0)
        return KP_ENOTFOUND;
    kp_rc rc = kp_access_client(ctx, id, false);
    if (rc)
        return rc;
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    bool row = false;
    rc = kp_q_client_today(ctx->db, id, today, out, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_audit_access(ctx, "view", "client", id, id, "");
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

kp_rc kp_audit_query(kp_ctx *ctx, const kp_audit_filter *f, kp_audit_rows *out)
{
    if (!ctx || !f || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (ctx->role != KP_ROLE_ADMIN && ctx->role != KP_ROLE_SYSTEM)
        return KP_EDENIED;
    size_t limit = f->limit == 0 ? 100 : f->limit;
    if (limit > 1000)
        return KP_EINVAL;
    /* `to` is a date: records of that whole day count. */
    char to_end[32] = "";
    if (!kp_blank(f->to))
        snprintf(to_end, sizeof to_end, "%.10sT99", f->to);
    /* Changes (audit, stored with the change) and accesses (access_log, in
     * the side tables) read as one trail. */
    kp_q_trail_filter tf = {.actor = f->actor, .action = f->action, .from = f->from, .to_end = to_end,
                            .client_id = f->client_id, .oldest_first = f->oldest_first, .limit = limit,
                            .offset = f->offset};
    kp_rc rc = kp_q_trail(ctx->db, &tf, &out->total, out);
    if (rc)
        kp_audit_rows_free(out);
    return rc;
}
