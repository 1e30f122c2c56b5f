/* Export of one kind of record as CSV in exactly the form the import reads. */
#include "service/audit.h"
#include "service/sql.h"
#include "service/transfer.h"
#include "service/transfer_kinds.h"
#include "core/buf.h"
#include "core/money.h"
#include <stdio.h>
#include <string.h>

/* A field as kp_csv_put writes it, but also quoted when it starts or ends
 * with a space or tab: the reader (libcsv) trims those from unquoted
 * fields, and the round trip must keep the value as it was. */
static void put_field(FILE *out, const char *v, bool first)
{
    size_t n = strlen(v);
    bool edge = n && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t');
    if (!edge) {
        kp_csv_put(out, v, first);
        return;
    }
    if (!first)
        fputc(',', out);
    fputc('"', out);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', out);
        fputc(*v, out);
    }
    fputc('"', out);
}

/* The assessment's needed services in code order, joined with '|'. */
static kp_rc needs_of(kp_ctx *ctx, int64_t assessment, kp_buf *b)
{
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT service_code FROM assessment_need WHERE assessment_id = ? ORDER BY service_code", &s);
    if (!rc)
        rc = kp_stmt_bind_int(s, 1, assessment);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        if (b->len)
            rc = kp_buf_putc(b, '|');
        if (!rc)
            rc = kp_buf_puts(b, kp_stmt_text(s, 0));
    }
    kp_stmt_free(s);
    return rc;
}

/* Turns column `col` of the current row into text in b. */
static kp_rc column_text(kp_ctx *ctx, kp_stmt *s, int col, kp_col_type type, kp_buf *b)
{
    kp_buf_reset(b);
    if (type == KP_COL_BLANK || kp_stmt_is_null(s, col))
        return kp_buf_puts(b, "");
    switch (type) {
    case KP_COL_MONEY: {
        char m[32];
        kp_money_format_plain(kp_stmt_int(s, col), m);
        return kp_buf_puts(b, m);
    }
    case KP_COL_CODE: {
        char code[32];
        size_t n = 0;
        const void *sealed = kp_stmt_blob(s, col, &n);
        if (!ctx->keys)
            return KP_ECRYPTO;
        kp_rc rc = kp_keyring_open(ctx->keys, sealed, n, code, sizeof code);
        if (!rc)
            rc = kp_buf_puts(b, code);
        memset(code, 0, sizeof code);
        return rc;
    }
    case KP_COL_NEEDS: {
        kp_rc rc = kp_buf_puts(b, "");
        return rc ? rc : needs_of(ctx, kp_stmt_int(s, col), b);
    }
    case KP_COL_TEXT:
    case KP_COL_BLANK:
        break;
    }
    return kp_buf_puts(b, kp_stmt_text(s, col));
}

static void write_header(const kp_transfer_kind *k, FILE *out)
{
    for (size_t i = 0; i < k->ncols; i++)
        put_field(out, k->cols[i].name, i == 0);
    kp_csv_end_row(out);
}

/* The query must give the kind's columns, named, in order: a mismatch is
 * a programming error caught here rather than a wrong file. */
static kp_rc check_shape(const kp_transfer_kind *k, kp_stmt *s)
{
    if ((size_t)kp_stmt_columns(s) != k->ncols)
        return KP_ESTATE;
    for (size_t i = 0; i < k->ncols; i++)
        if (strcmp(kp_stmt_column_name(s, (int)i), k->cols[i].name) != 0)
            return KP_ESTATE;
    return KP_OK;
}

static kp_rc write_rows(kp_ctx *ctx, const kp_transfer_kind *k, FILE *out, size_t *rows)
{
    kp_stmt *s = NULL;
    kp_buf b;
    bool row = false;
    kp_buf_init(&b, KP_BUF_DEFAULT_MAX);
    kp_rc rc = kp_store_prepare(ctx->db, k->select_sql, &s);
    if (!rc)
        rc = check_shape(k, s);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        for (size_t i = 0; i < k->ncols && !rc; i++) {
            rc = column_text(ctx, s, (int)i, k->cols[i].type, &b);
            if (!rc)
                put_field(out, kp_buf_str(&b), i == 0);
        }
        if (!rc) {
            kp_csv_end_row(out);
            (*rows)++;
        }
        if (!rc && ferror(out))
            rc = KP_EIO;
    }
    kp_stmt_free(s);
    /* The buffer may have held a personal code. */
    if (b.data)
        memset(b.data, 0, b.cap);
    kp_buf_free(&b);
    return rc;
}

kp_rc kp_export_kind(kp_ctx *ctx, const char *kind, FILE *out)
{
    const kp_transfer_kind *k = kp_transfer_kind_find(kind);
    if (!k)
        return KP_EINVAL;
    kp_rc rc = kp_transfer_allowed(ctx);
    if (rc)
        return rc;
    size_t rows = 0;
    /* One transaction: the file shows one moment, and the audit record is
     * written with it. */
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    write_header(k, out);
    rc = write_rows(ctx, k, out, &rows);
    if (!rc && (fflush(out) != 0 || ferror(out)))
        rc = KP_EIO;
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "%zu rows", rows);
        rc = kp_audit(ctx, "export", k->name, 0, 0, detail);
    }
    if (!rc)
        rc = kp_store_commit(ctx->db);
    else
        kp_store_rollback(ctx->db);
    return rc;
}
