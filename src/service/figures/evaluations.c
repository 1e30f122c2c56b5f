/* Approved (frozen) evaluations (see evaluations.h). */
#include "service/figures/evaluations.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/sql.h"
#include "core/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kp_sha256_hex(const void *data, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static bool format_ok(const char *f)
{
    static const char *const ok[] = {"pdf", "xlsx", "html", "csv", "json"};
    for (size_t i = 0; f && i < sizeof ok / sizeof ok[0]; i++)
        if (!strcmp(ok[i], f))
            return true;
    return false;
}

kp_rc kp_evaluation_approve(kp_ctx *ctx, const char *region, kp_date at, const char *format, const void *content,
                            size_t n, const char *figures_csv, char sha_out[65], int64_t *id_out)
{
    if (!ctx || !region || !format_ok(format) || !content || !n || !figures_csv || !sha_out)
        return KP_EINVAL;
    int64_t exists = 0;
    kp_param rp[] = {KP_PTEXT(region)};
    kp_rc rc = kp_sql_int(ctx->db, "SELECT 1 FROM region WHERE code = ?", rp, 1, 0, &exists);
    if (rc)
        return rc;
    if (!exists)
        return KP_ENOTFOUND;
    rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    char d[11], today[11];
    kp_date_format_iso(at, d);
    kp_date_format_iso(kp_ctx_today(ctx), today);
    int64_t dup = 0;
    kp_param q[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(format)};
    rc = kp_sql_int(ctx->db, "SELECT id FROM evaluation_snapshot WHERE region_code = ? AND at_date = ? AND format = ?", q,
                    3, 0, &dup);
    if (rc)
        return rc;
    if (dup)
        return KP_ECONFLICT;
    kp_sha256_hex(content, n, sha_out);
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d),         KP_PTEXT(today),       KP_PTEXT(ctx->actor ? ctx->actor : "unknown"),
                    KP_PTEXT(format), KP_PBLOB(content, n), KP_PTEXT(sha_out), KP_PTEXT(figures_csv)};
    rc = kp_sql_insert(ctx->db,
                       "INSERT INTO evaluation_snapshot(region_code, at_date, status, approved_on, approved_by, format,"
                       " content, sha256, figures_csv) VALUES (?, ?, 'approved', ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p), &id);
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s %s sha256=%s", region, d, format, sha_out);
    if (!rc)
        rc = kp_audit(ctx, "approve", "evaluation_snapshot", id, 0, detail);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && id_out)
        *id_out = id;
    return rc;
}

kp_rc kp_evaluation_approved(kp_ctx *ctx, const char *region, kp_date at, const char *format, kp_buf *content,
                             char sha_out[65])
{
    if (!ctx || !region || !format_ok(format) || !content || !sha_out)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_stmt *s = NULL;
    bool row = false;
    int64_t id = 0;
    rc = kp_store_prepare(ctx->db,
                          "SELECT id, content, sha256 FROM evaluation_snapshot WHERE region_code = ? AND at_date = ?"
                          " AND format = ?",
                          &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(format)};
    if (!rc)
        rc = kp_sql_bind(s, p, 3);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 1, &n);
        char check[65];
        id = kp_stmt_int(s, 0);
        snprintf(sha_out, 65, "%s", kp_stmt_text(s, 2));
        kp_sha256_hex(b, n, check);
        rc = strcmp(check, sha_out) ? KP_ESTATE : kp_buf_append(content, b, n);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "evaluation_snapshot", id, 0, format);
    return rc;
}

/* ---- comparing tidy rows -------------------------------------------------- */

typedef struct row {
    char *key;   /* the first six fields joined by '/' */
    char *value;
} row;

typedef struct rows {
    row *r;
    size_t n, cap;
} rows;

/* Splits CSV text (RFC 4180 quoting) into key/value rows, skipping the
 * header line. */
static void parse_rows(const char *csv, rows *out)
{
    const char *p = csv;
    bool header = true;
    kp_buf field, key;
    kp_buf_init(&field, 0);
    kp_buf_init(&key, 0);
    int nfield = 0;
    while (*p) {
        kp_buf_reset(&field);
        if (*p == '"') {
            for (p++; *p; p++) {
                if (*p == '"' && p[1] == '"') {
                    kp_buf_putc(&field, '"');
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    kp_buf_putc(&field, *p);
                }
            }
        }
        while (*p && *p != ',' && *p != '\n' && *p != '\r')
            kp_buf_putc(&field, *p++);
        if (nfield < 6) {
            kp_buf_printf(&key, "%s%s", nfield ? "/" : "", kp_buf_str(&field));
        } else if (nfield == 6 && !header) {
            if (out->n == out->cap) {
                out->cap = out->cap ? out->cap * 2 : 256;
                out->r = kp_xrealloc(out->r, out->cap * sizeof *out->r);
            }
            out->r[out->n].key = kp_xstrdup(kp_buf_str(&key));
            out->r[out->n].value = kp_xstrdup(kp_buf_str(&field));
            out->n++;
        }
        nfield++;
        if (*p == ',') {
            p++;
            continue;
        }
        while (*p == '\r' || *p == '\n')
            p++;
        nfield = 0;
        header = false;
        kp_buf_reset(&key);
    }
    kp_buf_free(&field);
    kp_buf_free(&key);
}

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->r[i].key);
        free(r->r[i].value);
    }
    free(r->r);
}

static const row *find(const rows *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->r[i].key, key))
            return &r->r[i];
    return NULL;
}

kp_rc kp_evaluation_changes(kp_ctx *ctx, const char *region, kp_date at, const char *fresh_csv, kp_buf *report,
                            size_t *nchanged)
{
    if (!ctx || !region || !fresh_csv || !report || !nchanged)
        return KP_EINVAL;
    *nchanged = 0;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_stmt *s = NULL;
    bool have = false;
    char *old = NULL;
    rc = kp_store_prepare(ctx->db,
                          "SELECT figures_csv FROM evaluation_snapshot WHERE region_code = ? AND at_date = ?"
                          " ORDER BY id DESC LIMIT 1",
                          &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    if (!rc)
        rc = kp_stmt_step(s, &have);
    if (!rc && have)
        old = kp_xstrdup(kp_stmt_text(s, 0));
    kp_stmt_free(s);
    if (!rc && !have)
        rc = KP_ENOTFOUND;
    if (rc)
        return rc;
    rows a = {0}, b = {0};
    parse_rows(old, &a);
    parse_rows(fresh_csv, &b);
    for (size_t i = 0; i < a.n && !rc; i++) {
        const row *x = find(&b, a.r[i].key);
        if (!x) {
            rc = kp_buf_printf(report, "gone %s: %s\n", a.r[i].key, a.r[i].value);
            ++*nchanged;
        } else if (strcmp(x->value, a.r[i].value)) {
            rc = kp_buf_printf(report, "changed %s: %s -> %s\n", a.r[i].key, a.r[i].value, x->value);
            ++*nchanged;
        }
    }
    for (size_t i = 0; i < b.n && !rc; i++)
        if (!find(&a, b.r[i].key)) {
            rc = kp_buf_printf(report, "new %s: %s\n", b.r[i].key, b.r[i].value);
            ++*nchanged;
        }
    rows_free(&a);
    rows_free(&b);
    free(old);
    return rc;
}
