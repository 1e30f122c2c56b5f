/* Client search, client card data and the audit trail (see queries.h). */
#include "service/casework/queries.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/casework/cases.h"
#include "service/casework/people.h"
#include "service/sql.h"
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

/* The person as they are today (?9, bound by every query that uses it):
 * the version in force, and the representative whose link covers today. */
#define CLIENT_COLUMNS                                                                                            \
    "c.id, c.given_name, c.family_name, c.birth_date, mu.atvk, mu.name_lv, mu.name_en, c.target_group,"          \
    " c.registered_on, COALESCE(c.disability_group, 0), COALESCE(c.special_care_from, ''),"                      \
    " COALESCE(c.parents_working, -1),"                                                                          \
    " COALESCE((SELECT l.representative_id FROM client_representative l WHERE l.client_id = c.id"               \
    "  AND l.valid_from <= ?9 AND (l.valid_to IS NULL OR l.valid_to >= ?9) ORDER BY l.valid_from, l.id LIMIT 1), 0)," \
    " mu.code_confirmed, c.case_status" CLIENT_FROM

/* A listed row: the whole row and the sealed current personal code (for
 * its mask), in one statement for the page's rows. */
#define PAGE_COLUMNS                                                                                              \
    "c.id, c.given_name, c.family_name, c.birth_date, mu.atvk, mu.name_lv, mu.name_en, c.target_group,"          \
    " c.registered_on, COALESCE(c.disability_group, 0), COALESCE(c.special_care_from, ''),"                      \
    " COALESCE(c.parents_working, -1),"                                                                          \
    " COALESCE((SELECT l.representative_id FROM client_representative l WHERE l.client_id = c.id"               \
    "  AND l.valid_from <= ?9 AND (l.valid_to IS NULL OR l.valid_to >= ?9) ORDER BY l.valid_from, l.id LIMIT 1), 0)," \
    " mu.code_confirmed, c.case_status,"                                                                         \
    " (SELECT pc.sealed FROM personal_code pc WHERE pc.client_id = c.id AND pc.valid_to IS NULL"                 \
    "  ORDER BY pc.valid_from DESC, pc.id DESC LIMIT 1)" CLIENT_FROM

#define CLIENT_FROM " FROM " KP_CLIENT_AT("?9") " c JOIN municipality mu ON mu.id = c.municipality_id"

/* What a search filters and sorts on (read_light): the rest of a row is read
 * only for the page shown (issue 10: a page costs what it shows). */
#define LIGHT_COLUMNS "c.id, c.given_name, c.family_name, c.birth_date, mu.name_lv, c.target_group" CLIENT_FROM

static void read_client(kp_stmt *s, kp_client_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = kp_stmt_int(s, 0);
    snprintf(r->given_name, sizeof r->given_name, "%s", kp_stmt_text(s, 1));
    snprintf(r->family_name, sizeof r->family_name, "%s", kp_stmt_text(s, 2));
    snprintf(r->birth_date, sizeof r->birth_date, "%s", kp_stmt_text(s, 3));
    snprintf(r->municipality, sizeof r->municipality, "%s", kp_stmt_text(s, 4));
    r->municipality_confirmed = kp_stmt_int(s, 13) != 0;
    snprintf(r->municipality_name, sizeof r->municipality_name, "%s", kp_stmt_text(s, 5));
    snprintf(r->municipality_name_en, sizeof r->municipality_name_en, "%s", kp_stmt_text(s, 6));
    snprintf(r->target_group, sizeof r->target_group, "%s", kp_stmt_text(s, 7));
    snprintf(r->registered_on, sizeof r->registered_on, "%s", kp_stmt_text(s, 8));
    r->disability_group = (int)kp_stmt_int(s, 9);
    snprintf(r->special_care_from, sizeof r->special_care_from, "%s", kp_stmt_text(s, 10));
    r->parents_working = (int)kp_stmt_int(s, 11);
    r->representative_id = kp_stmt_int(s, 12);
    r->closed = strcmp(kp_stmt_text(s, 14), "closed") == 0;
}

static void read_light(kp_stmt *s, kp_client_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = kp_stmt_int(s, 0);
    snprintf(r->given_name, sizeof r->given_name, "%s", kp_stmt_text(s, 1));
    snprintf(r->family_name, sizeof r->family_name, "%s", kp_stmt_text(s, 2));
    snprintf(r->birth_date, sizeof r->birth_date, "%s", kp_stmt_text(s, 3));
    snprintf(r->municipality_name, sizeof r->municipality_name, "%s", kp_stmt_text(s, 4));
    snprintf(r->target_group, sizeof r->target_group, "%s", kp_stmt_text(s, 5));
}

/* Binds today as ?9 (CLIENT_COLUMNS). */
static kp_rc bind_today(kp_ctx *ctx, kp_stmt *s)
{
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    return kp_stmt_bind_text(s, 9, today);
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

/* Prepares "SELECT <cols> … WHERE <the caller's scope> <extra>" with the
 * scope bound: ?1 the scope's id, ?2 and ?9 today; `extra` may use ?3 on.
 * The one scope rule of kp_access_client, as SQL: social workers and heads
 * their municipality and every one that merged into it before today (as
 * kp_municipality_rollup), provider staff the clients referred to them,
 * the system everyone. Others: KP_EDENIED. */
static kp_rc prepare_scoped(kp_ctx *ctx, const char *cols, const char *extra, kp_stmt **out)
{
    char today[11];
    kp_date_format_iso(kp_ctx_today(ctx), today);
    char sql[4096];
    int64_t scope = 0;
    kp_rc rc = KP_OK;
    switch (ctx->role) {
    case KP_ROLE_SOCIAL_WORKER:
    case KP_ROLE_MUNICIPAL_HEAD:
        snprintf(sql, sizeof sql,
                 "WITH RECURSIVE m(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT x.id FROM municipality x JOIN m"
                 " ON x.successor_id = m.id WHERE x.valid_to IS NOT NULL AND x.valid_to < ?2)"
                 " SELECT %s WHERE c.municipality_id IN (SELECT id FROM m)%s",
                 cols, extra);
        /* From the territory holding the caller's territory's records today
         * (the caller's own, unless it was succeeded, as Madona in 2024). */
        scope = ctx->municipality_id;
        rc = kp_municipality_rollup(ctx, ctx->municipality_id, kp_ctx_today(ctx), &scope);
        break;
    case KP_ROLE_PROVIDER:
        snprintf(sql, sizeof sql,
                 "SELECT %s WHERE c.id IN (SELECT client_id FROM assignment WHERE provider_id = ?1) AND ?2 = ?2%s",
                 cols, extra);
        scope = ctx->provider_id;
        break;
    case KP_ROLE_SYSTEM:
        snprintf(sql, sizeof sql, "SELECT %s WHERE ?1 = ?1 AND ?2 = ?2%s", cols, extra);
        break;
    default:
        return KP_EDENIED;
    }
    kp_stmt *s = NULL;
    if (!rc)
        rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, scope);
    if (!rc)
        rc = kp_stmt_bind_text(s, 2, today);
    if (!rc)
        rc = bind_today(ctx, s);
    if (rc) {
        kp_stmt_free(s);
        return rc;
    }
    *out = s;
    return KP_OK;
}

/* Everyone in scope, filtered by name: the light columns only (read_light). */
static kp_rc scoped_clients(kp_ctx *ctx, const search_q *sq, kp_client_rows *out)
{
    kp_stmt *s = NULL;
    kp_rc rc = prepare_scoped(ctx, LIGHT_COLUMNS, "", &s);
    bool row = false;
    kp_client_row r;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        read_light(s, &r);
        if (search_matches(&r, sq))
            rows_push(out, &r);
    }
    kp_stmt_free(s);
    return rc;
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
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, "SELECT sealed FROM personal_code WHERE client_id = ? AND valid_to IS NULL"
                                         " ORDER BY valid_from DESC, id DESC LIMIT 1",
                                &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, client_id);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 0, &n);
        char code[32];
        if (kp_keyring_open(ctx->keys, b, n, code, sizeof code) == KP_OK && strlen(code) >= 6)
            snprintf(out, outlen, "%.6s-*****", code);
        sodium_memzero(code, sizeof code);
    }
    kp_stmt_free(s);
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
    kp_stmt *s = NULL;
    kp_rc rc = prepare_scoped(ctx, PAGE_COLUMNS, " AND c.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?3))", &s);
    if (!rc)
        rc = kp_stmt_bind_text(s, 3, kp_buf_str(&list));
    bool row = false;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int64_t id = kp_stmt_int(s, 0);
        for (size_t i = 0; i < n; i++)
            if (ids[i] == id && !found[i]) {
                found[i] = true;
                kp_client_row *r = &rows[i];
                read_client(s, r);
                r->code_masked[0] = '\0';
                size_t len = 0;
                const void *b = kp_stmt_blob(s, 15, &len);
                if (ctx->keys && b && len) {
                    char code[32];
                    if (kp_keyring_open(ctx->keys, b, len, code, sizeof code) == KP_OK && strlen(code) >= 6)
                        snprintf(r->code_masked, sizeof r->code_masked, "%.6s-*****", code);
                    sodium_memzero(code, sizeof code);
                }
                break;
            }
    }
    kp_stmt_free(s);
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
        kp_stmt *s = NULL;
        bool row = false;
        rc = kp_store_prepare(ctx->db, "SELECT " CLIENT_COLUMNS " WHERE c.id = ?1", &s);
        if (!rc)
            rc = kp_stmt_bind_int(s, 1, id);
        if (!rc)
            rc = bind_today(ctx, s);
        if (!rc)
            rc = kp_stmt_step(s, &row);
        if (!rc && row) {
            kp_client_row r;
            read_client(s, &r);
            if (!q->target_group || !*q->target_group || strcmp(r.target_group, q->target_group) == 0)
                rows_push(out, &r);
        }
        kp_stmt_free(s);
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
    kp_stmt *s = NULL;
    bool row = false;
    rc = kp_store_prepare(ctx->db, "SELECT " CLIENT_COLUMNS " WHERE c.id = ?1", &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, id);
    if (!rc)
        rc = bind_today(ctx, s);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        read_client(s, out);
    kp_stmt_free(s);
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
    static const char WHERE[] =
        " FROM (SELECT id, at, actor, role, action, entity, entity_id, client_id, detail, 0 AS side FROM audit"
        " UNION ALL SELECT id, at, actor, role, action, entity, entity_id, client_id, detail, 1 FROM access_log) AS trail"
        " WHERE (CAST(? AS TEXT) IS NULL OR actor = ?) AND (CAST(? AS INTEGER) IS NULL OR client_id = ?)"
        " AND (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS TEXT) IS NULL OR at >= ?) AND (CAST(? AS TEXT) IS NULL OR at <= ?)";
    kp_param p[] = {KP_PTEXT(f->actor),  KP_PTEXT(f->actor),  KP_PREF(f->client_id), KP_PREF(f->client_id),
                    KP_PTEXT(f->action), KP_PTEXT(f->action), KP_PTEXT(f->from),     KP_PTEXT(f->from),
                    KP_PTEXT(to_end),    KP_PTEXT(to_end),    KP_PINT((int64_t)limit), KP_PINT((int64_t)f->offset)};
    int64_t total = 0;
    char sql[768];
    snprintf(sql, sizeof sql, "SELECT COUNT(*)%s", WHERE);
    kp_rc rc = kp_sql_int(ctx->db, sql, p, 10, 0, &total);
    if (rc)
        return rc;
    out->total = (size_t)total;
    kp_stmt *s = NULL;
    snprintf(sql, sizeof sql,
             "SELECT id, at, actor, role, action, entity, COALESCE(entity_id, 0), COALESCE(client_id, 0), detail%s"
             " ORDER BY %s LIMIT ? OFFSET ?",
             WHERE, f->oldest_first ? "at, side, id, client_id" : "at DESC, side DESC, id DESC, client_id DESC");
    rc = kp_store_prepare(ctx->db, sql, &s);
    if (!rc)
        rc = kp_sql_bind(s, p, KP_NPARAMS(p));
    bool row = false;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 64;
            out->items = kp_xrealloc(out->items, out->cap * sizeof *out->items);
        }
        kp_audit_row *a = &out->items[out->n++];
        memset(a, 0, sizeof *a);
        a->id = kp_stmt_int(s, 0);
        snprintf(a->at, sizeof a->at, "%s", kp_stmt_text(s, 1));
        snprintf(a->actor, sizeof a->actor, "%s", kp_stmt_text(s, 2));
        snprintf(a->role, sizeof a->role, "%s", kp_stmt_text(s, 3));
        snprintf(a->action, sizeof a->action, "%s", kp_stmt_text(s, 4));
        snprintf(a->entity, sizeof a->entity, "%s", kp_stmt_text(s, 5));
        a->entity_id = kp_stmt_int(s, 6);
        a->client_id = kp_stmt_int(s, 7);
        snprintf(a->detail, sizeof a->detail, "%s", kp_stmt_text(s, 8));
    }
    kp_stmt_free(s);
    if (rc)
        kp_audit_rows_free(out);
    return rc;
}
