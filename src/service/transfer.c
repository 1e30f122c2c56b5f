/* Import of one CSV file of one kind, all or nothing, through the use cases. */
#include "service/transfer.h"
#include "service/audit.h"
#include "service/transfer_kinds.h"
#include "service/validate.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kp_rc kp_transfer_allowed(const kp_ctx *ctx)
{
    return ctx->role == KP_ROLE_SYSTEM || ctx->role == KP_ROLE_ADMIN ? KP_OK : KP_EDENIED;
}

static const kp_transfer_col *find_col(const kp_transfer_kind *k, const char *name)
{
    for (size_t i = 0; i < k->ncols; i++)
        if (strcmp(k->cols[i].name, name) == 0)
            return &k->cols[i];
    return NULL;
}

/* Appends `name` to a comma-separated list in out (truncated when full). */
static void list_add(char *out, size_t outlen, const char *name)
{
    size_t used = strlen(out);
    if (used < outlen)
        snprintf(out + used, outlen - used, "%s%s", used ? ", " : "", name);
}

static void all_columns(const kp_transfer_kind *k, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < k->ncols; i++)
        list_add(out, outlen, k->cols[i].name);
}

/* Unknown, repeated and missing required columns, all reported on line 1. */
static void check_header(const kp_ctx *ctx, const kp_transfer_kind *k, const kp_csv *csv, kp_errors *e)
{
    char unknown[256] = "", missing[256] = "", known[512];
    all_columns(k, known, sizeof known);
    for (size_t i = 0; i < csv->header.n; i++) {
        const char *h = csv->header.fields[i];
        if (!find_col(k, h)) {
            char quoted[80];
            snprintf(quoted, sizeof quoted, "'%s'", h);
            list_add(unknown, sizeof unknown, quoted);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(csv->header.fields[j], h) == 0)
                kp_errors_add(e, h, "", "%s",
                              KP_TR(ctx, "kolonna virsrindā ir divreiz", "the column appears twice in the header"));
    }
    for (size_t i = 0; i < k->ncols; i++)
        if (k->cols[i].required && kp_csv_column(csv, k->cols[i].name) < 0)
            list_add(missing, sizeof missing, k->cols[i].name);
    if (unknown[0])
        kp_errors_add(e, "", "",
                      KP_TR(ctx, "nezināmas kolonnas: %s; veidam %s kolonnas ir: %s",
                            "unknown columns: %s; the columns of %s are: %s"),
                      unknown, k->name, known);
    if (missing[0])
        kp_errors_add(e, "", "",
                      KP_TR(ctx, "trūkst obligāto kolonnu: %s", "required columns are missing: %s"), missing);
}

/* Storage failures end the import: going on would only repeat them. */
static bool fatal(kp_rc rc)
{
    return rc == KP_EDB || rc == KP_EIO || rc == KP_ECRYPTO || rc == KP_ESTATE;
}

/* A use case that refused a row without saying why still gets a line. */
static void explain(const kp_ctx *ctx, kp_rc rc, kp_errors *e)
{
    if (rc == KP_ECONFLICT)
        kp_errors_add(e, "", "", "%s",
                      KP_TR(ctx, "ieraksts konfliktē ar esošu (tāds pats numurs vai unikāla vērtība)",
                            "the record conflicts with an existing one (the same id or another value that must be unique)"));
    else if (rc == KP_EDENIED || rc == KP_ENOTFOUND)
        kp_errors_add(e, "", "", "%s",
                      KP_TR(ctx, "jums nav tiesību ierakstīt šo ierakstu", "you may not write this record"));
    else
        kp_errors_add(e, "", "", KP_TR(ctx, "rindu nevarēja saglabāt: %s", "the row could not be stored: %s"),
                      kp_strerror(rc));
}

/* Appends a copy of x (its file and line included) to `to`. */
static void copy_entry(kp_errors *to, const kp_field_error *x)
{
    kp_errors_add(to, "", "", "%s", "");
    to->items[to->n - 1] = *x;
}

/* Moves e->items[from..] to w: a use case that succeeded adds warnings only. */
static void move_warnings(kp_errors *e, size_t from, kp_errors *w)
{
    for (size_t i = from; i < e->n; i++)
        copy_entry(w, &e->items[i]);
    e->n = from;
}

typedef struct run {
    const kp_transfer_kind *kind;
    const kp_csv *csv;
    kp_errors *e, warnings;
    size_t first_error; /* e->n when the import began */
    size_t rows;
} run;

/* Feeds one row to its use case. Returns non-zero only for a failure that
 * ends the import. */
static kp_rc import_row(kp_ctx *ctx, run *r, const kp_csv_row *row)
{
    r->e->line = row->line;
    if (row->n != r->csv->header.n) {
        kp_errors_add(r->e, "", "",
                      KP_TR(ctx, "rindā ir %zu lauki, virsrindā %zu: pārbaudiet komatus un pēdiņas",
                            "the row has %zu fields but the header has %zu: check the commas and quotes"),
                      row->n, r->csv->header.n);
        return KP_OK;
    }
    kp_transfer_row tr = {r->csv, row};
    size_t before = r->e->n;
    kp_rc rc = r->kind->import_row(ctx, &tr, r->e);
    if (rc == KP_OK) {
        move_warnings(r->e, before, &r->warnings);
        r->rows++;
        return KP_OK;
    }
    if (r->e->n == before)
        explain(ctx, rc, r->e);
    return fatal(rc) ? rc : KP_OK;
}

typedef struct line_ref {
    long line;
    size_t at;
} line_ref;

static int cmp_line(const void *a, const void *b)
{
    const line_ref *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Errors in file order, whatever order the rows were taken in; errors of
 * one line keep the order the use case gave them. */
static void sort_by_line(kp_errors *e, size_t from)
{
    size_t n = e->n - from;
    kp_field_error *a = e->items + from;
    line_ref *refs = kp_xmalloc((n ? n : 1) * sizeof *refs);
    for (size_t i = 0; i < n; i++)
        refs[i] = (line_ref){a[i].line, i};
    qsort(refs, n, sizeof *refs, cmp_line);
    kp_field_error *sorted = kp_xmalloc((n ? n : 1) * sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = a[refs[i].at];
    if (n)
        memcpy(a, sorted, n * sizeof *a);
    free(sorted);
    free(refs);
}

static kp_rc import_rows(kp_ctx *ctx, run *r)
{
    size_t *order = kp_transfer_order(r->kind, r->csv);
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < r->csv->n && !rc; i++)
        rc = import_row(ctx, r, &r->csv->rows[order[i]]);
    free(order);
    return rc;
}

/* Appends the warnings to e once the import has succeeded. */
static void hand_over_warnings(kp_errors *e, const kp_errors *w)
{
    for (size_t i = 0; i < w->n; i++)
        copy_entry(e, &w->items[i]);
}

/* Runs the rows in one transaction and keeps it only if none was refused. */
static kp_rc import_all(kp_ctx *ctx, run *r)
{
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    /* Restoring records as they were: a plan's items arrive after the plan
     * row that already says it is approved. */
    bool was_restoring = ctx->restoring;
    ctx->restoring = true;
    rc = import_rows(ctx, r);
    ctx->restoring = was_restoring;
    if (!rc && r->e->n != r->first_error)
        rc = KP_EINVAL;
    if (!rc) {
        char detail[64];
        snprintf(detail, sizeof detail, "%zu rows", r->rows);
        rc = kp_audit(ctx, "import", r->kind->name, 0, 0, detail);
    }
    if (!rc)
        rc = kp_store_commit(ctx->db);
    else
        kp_store_rollback(ctx->db);
    return rc;
}

/* The name errors carry: the path as given, or its last part when the
 * path is too long for an error record. */
static const char *file_label(const char *path)
{
    if (strlen(path) < sizeof((kp_field_error *)0)->file)
        return path;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

kp_rc kp_import_kind(kp_ctx *ctx, const char *kind, const char *path, kp_errors *e, size_t *rows_out)
{
    if (rows_out)
        *rows_out = 0;
    const char *saved_file = e->file;
    long saved_line = e->line;
    run r = {.kind = kp_transfer_kind_find(kind), .e = e, .first_error = e->n};
    kp_errors_init(&r.warnings);
    kp_csv csv = {0};
    kp_rc rc = KP_OK;
    e->file = NULL;
    e->line = 0;
    if (!r.kind) {
        kp_errors_add(e, "kind", kind ? kind : "", "%s", KP_TR(ctx, "nezināms ierakstu veids", "unknown kind of record"));
        rc = KP_EINVAL;
        goto out;
    }
    rc = kp_transfer_allowed(ctx);
    if (rc) {
        explain(ctx, rc, e);
        goto out;
    }
    char err[512];
    rc = kp_csv_read(path, &csv, err, sizeof err);
    if (rc) {
        /* The reader's message already names the file and line. */
        kp_errors_add(e, "", "", "%s", err);
        goto out;
    }
    r.csv = &csv;
    e->file = file_label(path);
    e->line = 1;
    check_header(ctx, r.kind, &csv, e);
    if (e->n != r.first_error) {
        rc = KP_EINVAL;
        goto out;
    }
    rc = import_all(ctx, &r);
    if (rc && e->n == r.first_error) {
        /* The transaction itself failed (the database is busy or broken). */
        e->line = 0;
        kp_errors_add(e, "", "", KP_TR(ctx, "importu nevarēja saglabāt: %s", "the import could not be stored: %s"),
                      kp_strerror(rc));
    }
    sort_by_line(e, r.first_error);
    if (!rc) {
        hand_over_warnings(e, &r.warnings);
        if (rows_out)
            *rows_out = r.rows;
    }
out:
    e->file = saved_file;
    e->line = saved_line;
    kp_errors_free(&r.warnings);
    kp_csv_free(&csv);
    return rc;
}
