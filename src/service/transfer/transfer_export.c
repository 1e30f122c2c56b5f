/* Export of one kind of record as CSV in exactly the form the import reads. */
#include "service/audit.h"
#include "service/transfer/transfer_sql.h"
#include "service/transfer/transfer.h"
#include "service/transfer/transfer_kinds.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A field as kp_csv_put writes it — quoted when it holds a comma, quote or
 * line break, or starts or ends with a space or tab, which the reader
 * (libcsv) would trim — with KP_TRANSFER_GUARD in front when `guard`. */
static void put_field(FILE *out, const char *v, bool first, bool guard)
{
    size_t n = strlen(v);
    bool edge = n && ((!guard && (v[0] == ' ' || v[0] == '\t')) || v[n - 1] == ' ' || v[n - 1] == '\t');
    bool quote = edge || strpbrk(v, ",\"\r\n") != NULL;
    if (!first)
        fputc(',', out);
    if (quote)
        fputc('"', out);
    if (guard)
        fputc(KP_TRANSFER_GUARD, out);
    for (; *v; v++) {
        if (*v == '"')
            fputc('"', out);
        fputc(*v, out);
    }
    if (quote)
        fputc('"', out);
}

bool kp_transfer_needs_guard(const char *v)
{
    if (!v)
        return false;
    if (v[0] == KP_TRANSFER_GUARD)
        return true; /* so that import, which drops one, gives it back */
    const unsigned char *p = (const unsigned char *)v;
    while (*p == ' ')
        p++; /* " =1+1" is still a formula to some spreadsheets */
    if (*p && strchr("=+-@\t\r\n", *p))
        return true;
    /* Full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which some
     * spreadsheets fold into their ASCII forms. */
    return p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x9D || p[2] == 0x8B || p[2] == 0x8D || p[2] == 0xA0);
}

/* Whether a typed value is a plain number ("-12", "-0.50"), the one kind of
 * typed value that may start with '-'. */
static bool plain_number(const char *v)
{
    if (*v == '-')
        v++;
    if (!isdigit((unsigned char)*v))
        return false;
    while (isdigit((unsigned char)*v))
        v++;
    if (*v == '.') {
        v++;
        if (!isdigit((unsigned char)*v))
            return false;
        while (isdigit((unsigned char)*v))
            v++;
    }
    return *v == '\0';
}

/* Writes a column's text: free text guarded when it needs it, and a typed
 * value that would start a formula (none should: they are validated
 * numbers, dates and codes) guarded all the same, so that no export ever
 * holds a live formula; the import then refuses such a typed value rather
 * than store it changed. */
static void put_value(FILE *out, kp_col_type type, const char *v, bool first)
{
    bool guard = kp_transfer_needs_guard(v) && (type == KP_COL_FREE || (v[0] != KP_TRANSFER_GUARD && !plain_number(v)));
    put_field(out, v, first, guard);
}

/* Turns a cell of a column of type `type` into text in b. */
static kp_rc column_text(kp_ctx *ctx, const kp_q_transfer_cell *c, kp_col_type type, kp_buf *b)
{
    kp_buf_reset(b);
    if (type == KP_COL_BLANK || c->null)
        return kp_buf_puts(b, "");
    switch (type) {
    case KP_COL_MONEY: {
        char m[32];
        kp_money_format_plain(c->i, m);
        return kp_buf_puts(b, m);
    }
    case KP_COL_CODE: {
        char code[32];
        if (!ctx->keys)
            return KP_ECRYPTO;
        kp_rc rc = kp_keyring_open(ctx->keys, c->blob, c->n, code, sizeof code);
        if (!rc)
            rc = kp_buf_puts(b, code);
        memset(code, 0, sizeof code);
        return rc;
    }
    case KP_COL_NEEDS: {
        kp_rc rc = kp_buf_puts(b, "");
        return rc ? rc : kp_q_transfer_needs_of(ctx->db, c->i, b);
    }
    case KP_COL_TEXT:
    case KP_COL_FREE:
    case KP_COL_BLANK:
        break;
    }
    return kp_buf_puts(b, c->text);
}

static kp_q_transfer_cell_kind cell_kind(kp_col_type type)
{
    switch (type) {
    case KP_COL_MONEY:
    case KP_COL_NEEDS: return KP_Q_TRANSFER_CELL_INT;
    case KP_COL_CODE: return KP_Q_TRANSFER_CELL_BLOB;
    case KP_COL_TEXT:
    case KP_COL_FREE:
    case KP_COL_BLANK: break;
    }
    return KP_Q_TRANSFER_CELL_TEXT;
}

static void write_header(const kp_transfer_kind *k, FILE *out)
{
    for (size_t i = 0; i < k->ncols; i++)
        put_field(out, k->cols[i].name, i == 0, false);
    kp_csv_end_row(out);
}

typedef struct export_run {
    kp_ctx *ctx;
    const kp_transfer_kind *k;
    FILE *out;
    kp_buf b;
    size_t rows;
} export_run;

static kp_rc write_row(const kp_q_transfer_cell *cells, size_t n, void *arg)
{
    export_run *x = arg;
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = column_text(x->ctx, &cells[i], x->k->cols[i].type, &x->b);
        if (!rc)
            put_value(x->out, x->k->cols[i].type, kp_buf_str(&x->b), i == 0);
    }
    if (!rc) {
        kp_csv_end_row(x->out);
        x->rows++;
    }
    if (!rc && ferror(x->out))
        rc = KP_EIO;
    return rc;
}

static kp_rc write_rows(kp_ctx *ctx, const kp_transfer_kind *k, FILE *out, size_t *rows)
{
    export_run x = {.ctx = ctx, .k = k, .out = out};
    kp_buf_init(&x.b, KP_BUF_DEFAULT_MAX);
    const char **names = kp_xcalloc(k->ncols ? k->ncols : 1, sizeof *names);
    kp_q_transfer_cell_kind *kinds = kp_xcalloc(k->ncols ? k->ncols : 1, sizeof *kinds);
    for (size_t i = 0; i < k->ncols; i++) {
        names[i] = k->cols[i].name;
        kinds[i] = cell_kind(k->cols[i].type);
    }
    kp_rc rc = kp_q_transfer_export_each(ctx->db, k->name, names, kinds, k->ncols, write_row, &x);
    *rows = x.rows;
    free(names);
    free(kinds);
    /* The buffer may have held a personal code. */
    if (x.b.data)
        memset(x.b.data, 0, x.b.cap);
    kp_buf_free(&x.b);
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
