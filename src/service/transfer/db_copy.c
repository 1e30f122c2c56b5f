/* kp_db_copy: a whole database into a new one, table by table in
 * foreign-key order, in batches of prepared inserts, then verified. */
#include "service/transfer/db_copy.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many parameters in one insert (SQLite's old limit was 999)
 * and rows per batch. */
enum { COPY_MAX_PARAMS = 900, COPY_MAX_ROWS = 64 };

typedef struct cell {
    kp_sql_type kind;
    int64_t i;
    char *p; /* text (NUL-terminated) or blob bytes */
    size_t n;
} cell;

typedef struct table_copy {
    const kp_store_table *t;
    kp_store *to;
    int ncols;
    char **cols;
    int per_batch;     /* rows per full insert */
    cell *cells;       /* per_batch × ncols */
    int have;          /* rows in cells */
    int64_t first_row; /* position (from 1) in the source of cells' first row */
    cell *later;       /* rows refused by a constraint, tried again at the end */
    int64_t *later_pos;
    int nlater, caplater;
    char *err;
    size_t errlen;
} table_copy;

/* Names come from the databases' own catalogues; they are quoted, and
 * anything but letters, digits and _ is refused rather than trusted. */
static bool plain_name(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static void free_cells(table_copy *c, int rows)
{
    for (int i = 0; i < rows * c->ncols; i++) {
        free(c->cells[i].p);
        c->cells[i].p = NULL;
    }
}

/* INSERT INTO schema."t" ("a", …) VALUES (?, …), … for `rows` rows. */
static kp_rc insert_sql(const table_copy *c, int rows, kp_buf *b)
{
    kp_rc rc = kp_buf_printf(b, "INSERT INTO %s.\"%s\" (", c->t->schema, c->t->name);
    for (int k = 0; !rc && k < c->ncols; k++)
        rc = kp_buf_printf(b, "%s\"%s\"", k ? ", " : "", c->cols[k]);
    if (!rc)
        rc = kp_buf_puts(b, ") VALUES ");
    for (int r = 0; !rc && r < rows; r++) {
        rc = kp_buf_puts(b, r ? ", (" : "(");
        for (int k = 0; !rc && k < c->ncols; k++)
            rc = kp_buf_puts(b, k ? ", ?" : "?");
        if (!rc)
            rc = kp_buf_putc(b, ')');
    }
    return rc;
}

static kp_rc bind_cell(kp_stmt *s, int idx, const cell *x)
{
    switch (x->kind) {
    case KP_SQL_INT:
        return kp_stmt_bind_int(s, idx, x->i);
    case KP_SQL_REAL:
    case KP_SQL_TEXT:
        return kp_stmt_bind_text(s, idx, x->p);
    case KP_SQL_BLOB:
        return kp_stmt_bind_blob(s, idx, x->p ? x->p : "", x->n);
    default:
        return kp_stmt_bind_null(s, idx);
    }
}

/* Inserts `rows` rows of cells with one statement. */
static kp_rc insert_cells(table_copy *c, const cell *cells, int rows)
{
    kp_buf sql;
    kp_buf_init(&sql, 0);
    kp_stmt *s = NULL;
    kp_rc rc = insert_sql(c, rows, &sql);
    if (!rc)
        rc = kp_store_prepare(c->to, kp_buf_str(&sql), &s);
    for (int r = 0; !rc && r < rows; r++)
        for (int k = 0; !rc && k < c->ncols; k++)
            rc = bind_cell(s, r * c->ncols + k + 1, &cells[r * c->ncols + k]);
    if (!rc)
        rc = kp_stmt_exec(s);
    kp_stmt_free(s);
    kp_buf_free(&sql);
    return rc;
}

static void name_row(table_copy *c, const cell *row, int64_t pos)
{
    char idtext[48] = "";
    if (row[0].kind == KP_SQL_INT)
        snprintf(idtext, sizeof idtext, " (%s %lld)", c->cols[0], (long long)row[0].i);
    snprintf(c->err, c->errlen, "table %s.%s, row %lld%s: the target refused it: %s", c->t->schema, c->t->name,
             (long long)pos, idtext, kp_store_errmsg(c->to));
}

/* Keeps row r of the batch (its values move) to be tried again. */
static void keep_for_later(table_copy *c, int r)
{
    if (c->nlater == c->caplater) {
        c->caplater = c->caplater ? c->caplater * 2 : 16;
        c->later = kp_xrealloc(c->later, (size_t)c->caplater * (size_t)c->ncols * sizeof *c->later);
        c->later_pos = kp_xrealloc(c->later_pos, (size_t)c->caplater * sizeof *c->later_pos);
    }
    cell *from = &c->cells[r * c->ncols];
    memcpy(&c->later[c->nlater * c->ncols], from, (size_t)c->ncols * sizeof *from);
    for (int k = 0; k < c->ncols; k++)
        from[k].p = NULL;
    c->later_pos[c->nlater++] = c->first_row + r;
}

/* Writes the rows held. When the batch is refused, inserts them one by one
 * (a refused insert leaves the transaction usable in both backends): a row
 * a constraint refuses is tried again after the table's other rows (it may
 * refer to a row of its own table that comes later, a representative
 * registered after the client); any other failure names the row. */
static kp_rc flush(table_copy *c)
{
    if (c->have == 0)
        return KP_OK;
    kp_rc rc = insert_cells(c, c->cells, c->have);
    if (rc == KP_ECONFLICT) {
        rc = KP_OK;
        for (int r = 0; r < c->have && !rc; r++) {
            kp_rc one = insert_cells(c, &c->cells[r * c->ncols], 1);
            if (one == KP_ECONFLICT)
                keep_for_later(c, r);
            else if (one) {
                name_row(c, &c->cells[r * c->ncols], c->first_row + r);
                rc = one;
            }
        }
    } else if (rc)
        name_row(c, c->cells, c->first_row);
    free_cells(c, c->have);
    c->first_row += c->have;
    c->have = 0;
    return rc;
}

/* Tries the refused rows again until a round inserts none; then the first
 * that is still refused is named. */
static kp_rc retry_later(table_copy *c)
{
    bool progress = true;
    while (c->nlater > 0 && progress) {
        progress = false;
        int kept = 0;
        for (int i = 0; i < c->nlater; i++) {
            cell *row = &c->later[i * c->ncols];
            kp_rc rc = insert_cells(c, row, 1);
            if (rc == KP_OK) {
                for (int k = 0; k < c->ncols; k++)
                    free(row[k].p);
                progress = true;
                continue;
            }
            if (rc != KP_ECONFLICT) {
                name_row(c, row, c->later_pos[i]);
                return rc;
            }
            if (kept != i) {
                memcpy(&c->later[kept * c->ncols], row, (size_t)c->ncols * sizeof *row);
                c->later_pos[kept] = c->later_pos[i];
            }
            kept++;
        }
        c->nlater = kept;
    }
    if (c->nlater == 0)
        return KP_OK;
    kp_rc rc = insert_cells(c, c->later, 1); /* again, for its message */
    name_row(c, c->later, c->later_pos[0]);
    return rc ? rc : KP_ECONFLICT;
}

/* Keeps the current source row in the batch (copies of its values). */
static void hold_row(table_copy *c, kp_stmt *src)
{
    cell *row = &c->cells[c->have * c->ncols];
    for (int k = 0; k < c->ncols; k++) {
        cell *x = &row[k];
        memset(x, 0, sizeof *x);
        x->kind = kp_stmt_type(src, k);
        if (x->kind == KP_SQL_INT)
            x->i = kp_stmt_int(src, k);
        else if (x->kind == KP_SQL_TEXT || x->kind == KP_SQL_REAL)
            x->p = kp_xstrdup(kp_stmt_text(src, k));
        else if (x->kind == KP_SQL_BLOB) {
            const void *b = kp_stmt_blob(src, k, &x->n);
            x->p = kp_xmalloc(x->n ? x->n : 1);
            if (x->n)
                memcpy(x->p, b, x->n);
        }
    }
    c->have++;
}

static kp_rc count_rows(kp_store *st, const kp_store_table *t, int64_t *n)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s.\"%s\"", t->schema, t->name);
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(st, sql, &s);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_EDB;
    if (!rc)
        *n = kp_stmt_int(s, 0);
    kp_stmt_free(s);
    return rc;
}

static kp_rc copy_table(kp_store *from, kp_store *to, const kp_store_table *t, int64_t *copied, char *err,
                        size_t errlen)
{
    table_copy c = {.t = t, .to = to, .first_row = 1, .err = err, .errlen = errlen};
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT * FROM %s.\"%s\" ORDER BY 1", t->schema, t->name);
    kp_stmt *src = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(from, sql, &src);
    if (rc) {
        snprintf(err, errlen, "table %s.%s cannot be read from the source: %s", t->schema, t->name,
                 kp_store_errmsg(from));
        return rc;
    }
    rc = kp_stmt_step(src, &row);
    c.ncols = kp_stmt_columns(src);
    if (!rc && c.ncols <= 0)
        rc = KP_EDB;
    if (rc) {
        snprintf(err, errlen, "table %s.%s cannot be read from the source: %s", t->schema, t->name,
                 kp_store_errmsg(from));
        goto out;
    }
    c.cols = kp_xcalloc((size_t)c.ncols, sizeof *c.cols);
    for (int k = 0; k < c.ncols; k++) {
        const char *name = kp_stmt_column_name(src, k);
        if (!plain_name(name)) {
            snprintf(err, errlen, "table %s.%s: column %d has a name that is not letters, digits and _", t->schema,
                     t->name, k + 1);
            rc = KP_ESTATE;
            goto out;
        }
        c.cols[k] = kp_xstrdup(name);
    }
    c.per_batch = COPY_MAX_PARAMS / c.ncols;
    if (c.per_batch > COPY_MAX_ROWS)
        c.per_batch = COPY_MAX_ROWS;
    if (c.per_batch < 1)
        c.per_batch = 1;
    c.cells = kp_xcalloc((size_t)c.per_batch * (size_t)c.ncols, sizeof *c.cells);
    while (row) {
        hold_row(&c, src);
        (*copied)++;
        if (c.have == c.per_batch && (rc = flush(&c)) != KP_OK)
            goto out;
        rc = kp_stmt_step(src, &row);
        if (rc) {
            snprintf(err, errlen, "table %s.%s, row %lld cannot be read from the source: %s", t->schema, t->name,
                     (long long)(c.first_row + c.have), kp_store_errmsg(from));
            goto out;
        }
    }
    rc = flush(&c);
    if (!rc)
        rc = retry_later(&c);
out:
    if (c.cells)
        free_cells(&c, c.have);
    free(c.cells);
    for (int i = 0; i < c.nlater * c.ncols; i++)
        free(c.later[i].p);
    free(c.later);
    free(c.later_pos);
    for (int k = 0; c.cols && k < c.ncols; k++)
        free(c.cols[k]);
    free(c.cols);
    kp_stmt_free(src);
    return rc;
}

/* The same tables on both sides (they come from the same migrations). */
static kp_rc same_tables(const kp_store_tables *a, const kp_store_tables *b, char *err, size_t errlen)
{
    for (size_t i = 0; i < a->n; i++) {
        bool found = false;
        for (size_t j = 0; !found && j < b->n; j++)
            found = !strcmp(a->t[i].schema, b->t[j].schema) && !strcmp(a->t[i].name, b->t[j].name);
        if (!found) {
            snprintf(err, errlen, "table %s.%s of the source is not in the target", a->t[i].schema, a->t[i].name);
            return KP_ESTATE;
        }
    }
    if (a->n != b->n) {
        snprintf(err, errlen, "the target has %zu tables, the source %zu", b->n, a->n);
        return KP_ESTATE;
    }
    return KP_OK;
}

static kp_rc clear_target(kp_store *to, const kp_store_tables *ts, char *err, size_t errlen)
{
    for (size_t i = ts->n; i-- > 0;) {
        char sql[160];
        snprintf(sql, sizeof sql, "DELETE FROM %s.\"%s\"", ts->t[i].schema, ts->t[i].name);
        kp_rc rc = kp_store_exec(to, sql);
        if (rc) {
            snprintf(err, errlen, "table %s.%s of the target cannot be emptied: %s", ts->t[i].schema,
                     ts->t[i].name, kp_store_errmsg(to));
            return rc;
        }
    }
    return KP_OK;
}

kp_rc kp_db_copy(kp_store *from, kp_store *to, kp_db_copy_verify verify, void *arg, kp_db_copy_report *out,
                 char *err, size_t errlen)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (!from || !to || from == to || !err || errlen == 0)
        return KP_EINVAL;
    kp_store_tables ts = {0}, tt = {0};
    bool read_open = false, write_open = false;
    int vf = kp_store_schema_version(from), vt = kp_store_schema_version(to);
    kp_rc rc = KP_OK;
    if (vf != vt) {
        snprintf(err, errlen, "the source is at schema version %d, the target at %d; both must be current", vf, vt);
        return KP_ESTATE;
    }
    rc = kp_store_begin_read(from);
    if (rc) {
        snprintf(err, errlen, "the source cannot be read: %s", kp_store_errmsg(from));
        goto out;
    }
    read_open = true;
    rc = kp_store_begin(to);
    if (rc) {
        snprintf(err, errlen, "the target cannot be written: %s", kp_store_errmsg(to));
        goto out;
    }
    write_open = true;
    rc = kp_store_tables_list(from, &ts);
    if (!rc)
        rc = kp_store_tables_list(to, &tt);
    if (rc) {
        snprintf(err, errlen, "%s",
                 rc == KP_ESTATE ? "the foreign keys of the schema form a cycle; no order to copy the tables in"
                                 : "the tables of the databases cannot be listed");
        goto out;
    }
    rc = same_tables(&ts, &tt, err, errlen);
    if (!rc)
        rc = clear_target(to, &ts, err, errlen);
    if (rc)
        goto out;
    kp_db_copy_table *rep = kp_xcalloc(ts.n ? ts.n : 1, sizeof *rep);
    if (out) {
        out->t = rep;
        out->n = ts.n;
    }
    int64_t total = 0;
    for (size_t i = 0; !rc && i < ts.n; i++) {
        snprintf(rep[i].schema, sizeof rep[i].schema, "%s", ts.t[i].schema);
        snprintf(rep[i].name, sizeof rep[i].name, "%s", ts.t[i].name);
        rc = copy_table(from, to, &ts.t[i], &rep[i].rows, err, errlen);
        total += rep[i].rows;
    }
    if (out)
        out->rows = total;
    if (!rc && (rc = kp_store_sync_ids(to)) != KP_OK)
        snprintf(err, errlen, "the target's id sequences cannot be moved past the copied ids: %s",
                 kp_store_errmsg(to));
    for (size_t i = 0; !rc && i < ts.n; i++) {
        int64_t a = -1, b = -1;
        kp_store *side = from;
        rc = count_rows(from, &ts.t[i], &a);
        if (!rc)
            rc = count_rows(side = to, &ts.t[i], &b);
        if (rc)
            snprintf(err, errlen, "table %s.%s cannot be counted in the %s: %s", ts.t[i].schema, ts.t[i].name,
                     side == to ? "target" : "source", kp_store_errmsg(side));
        else if (a != b || a != rep[i].rows) {
            snprintf(err, errlen, "table %s.%s has %lld rows in the source and %lld in the target after the copy",
                     ts.t[i].schema, ts.t[i].name, (long long)a, (long long)b);
            rc = KP_EDB;
        }
    }
    if (!out)
        free(rep);
    if (!rc && verify)
        rc = verify(from, to, arg, err, errlen);
    if (rc)
        goto out;
    write_open = false;
    rc = kp_store_commit(to);
    if (rc)
        snprintf(err, errlen, "the copy could not be committed: %s", kp_store_errmsg(to));
out:
    if (write_open)
        kp_store_rollback(to);
    if (read_open)
        kp_store_finish(from, KP_OK);
    kp_store_tables_free(&ts);
    kp_store_tables_free(&tt);
    if (rc && !err[0])
        snprintf(err, errlen, "the copy failed: %s", kp_strerror(rc));
    return rc;
}

void kp_db_copy_report_free(kp_db_copy_report *r)
{
    if (!r)
        return;
    free(r->t);
    r->t = NULL;
    r->n = 0;
}
