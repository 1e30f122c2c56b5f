/* Import of one CSV file of one kind, all or nothing, through the use cases. */
#include "service/transfer/transfer.h"
#include "service/audit.h"
#include "service/transfer/transfer_kinds.h"
#include "service/transfer/transfer_sql.h"
#include "service/validate.h"
#include "core/mem.h"
#include "core/text.h"
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

/* Unknown, repeated and missing required columns, all reported on line 1.
 * Names from the file are shown only as short escaped pieces, and not at
 * all when none of them is a column of the kind: then the first line is not
 * a header of this kind, and echoing it would only print the file. */
static void check_header(const kp_ctx *ctx, const kp_transfer_kind *k, const kp_csv_row *header, kp_errors *e)
{
    char unknown[256] = "", missing[256] = "", known[512];
    size_t nknown = 0;
    all_columns(k, known, sizeof known);
    for (size_t i = 0; i < header->nkept; i++)
        if (find_col(k, header->fields[i]))
            nknown++;
    if (nknown == 0) {
        kp_errors_add(e, "", "",
                      KP_TR(ctx, "pirmā rinda nav veida %s virsrinda: neviens tās nosaukums nav šī veida kolonna; kolonnas ir: %s",
                            "the first line is not a header of %s: none of its names is a column of this kind; the columns are: %s"),
                      k->name, known);
        return;
    }
    for (size_t i = 0; i < header->nkept; i++) {
        const char *h = header->fields[i];
        if (!find_col(k, h)) {
            char piece[64], quoted[80];
            kp_text_snippet(h, 24, piece, sizeof piece);
            snprintf(quoted, sizeof quoted, "'%s'", piece);
            list_add(unknown, sizeof unknown, quoted);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(header->fields[j], h) == 0)
                kp_errors_add(e, h, "", "%s",
                              KP_TR(ctx, "kolonna virsrindā ir divreiz", "the column appears twice in the header"));
    }
    if (header->n > header->nkept)
        list_add(unknown, sizeof unknown, "…");
    for (size_t i = 0; i < k->ncols; i++)
        if (k->cols[i].required && kp_csv_header_column(header, k->cols[i].name) < 0)
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
    return rc == KP_EDB || rc == KP_EIO || rc == KP_ECRYPTO || rc == KP_ESTATE || rc == KP_EUNAVAIL;
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

/* A use case refused a row as not found (an unknown record and one out of
 * the caller's scope answer alike): the row names its column when one of
 * its references points at no record at all ("no such record", as
 * docs/import.md promises). A record that exists but is out of scope keeps
 * the scope answer (explain). */
static void name_missing_reference(kp_ctx *ctx, const kp_transfer_row *tr, const kp_transfer_kind *k, kp_errors *e)
{
    for (size_t i = 0; i < k->ncols; i++) {
        if (!kp_q_transfer_is_reference(k->cols[i].name))
            continue;
        const char *v = kp_transfer_get(tr, k->cols[i].name, k->cols[i].type);
        if (kp_blank(v))
            continue;
        bool exists = true;
        if (kp_q_transfer_reference_exists(ctx->db, k->cols[i].name, v, &exists) == KP_OK && !exists)
            kp_errors_add(e, k->cols[i].name, v, "%s",
                          KP_TR(ctx, "nav tāda ieraksta: pārbaudiet numuru", "no such record: check the number"));
    }
}

/* Appends a copy of x (its file and line included) to `to`. */
static void copy_entry(kp_errors *to, const kp_field_error *x)
{
    kp_errors_add(to, "", "", "%s", "");
    to->items[to->n - 1] = *x;
}

/* Keeps at most KP_IMPORT_MAX_ERRORS entries of e from `from` on and
 * counts the rest in e->more, so that a file of a million bad rows costs
 * neither memory nor a million lines of output. */
static void cap_list(kp_errors *e, size_t from)
{
    if (e->n - from > KP_IMPORT_MAX_ERRORS) {
        e->more += e->n - from - KP_IMPORT_MAX_ERRORS;
        e->n = from + KP_IMPORT_MAX_ERRORS;
    }
}

/* Moves e->items[from..] to w: a use case that succeeded adds warnings only. */
static void move_warnings(kp_errors *e, size_t from, kp_errors *w)
{
    for (size_t i = from; i < e->n; i++)
        copy_entry(w, &e->items[i]);
    e->n = from;
    cap_list(w, 0);
}

typedef struct run {
    const kp_transfer_kind *kind;
    kp_csv_reader *csv;
    const kp_csv_row *header;
    kp_transfer_refs *refs; /* kinds whose rows may name later rows: the first pass */
    kp_errors *e, warnings;
    size_t first_error; /* e->n when the import began */
    size_t rows;
    kp_transfer_lines lines; /* new ids and their lines, for the kind's finishing check */
    kp_transfer_state *state; /* what the kind keeps between rows */
    int *at;                  /* the file's column of each of the kind's columns */
    const char *path;
} run;

/* A file that cannot be read (further) is reported with its line and the
 * column the value is in. */
static void report_problem(const kp_ctx *ctx, run *r, const kp_csv_problem *p)
{
    kp_csv_problem q = *p;
    const char *column = "";
    if (r->header && q.column > 0 && (size_t)q.column <= r->header->nkept) {
        column = r->header->fields[q.column - 1];
        q.column = 0; /* the column is named: no "value N" */
    }
    char msg[sizeof r->e->items[0].message];
    kp_csv_describe(&q, kp_ctx_is_en(ctx), msg, sizeof msg);
    long saved = r->e->line;
    r->e->line = p->line;
    kp_errors_add(r->e, column, "", "%s", msg);
    r->e->line = saved;
    cap_list(r->e, r->first_error);
}

/* Feeds one row to its use case. Returns non-zero only for a failure that
 * ends the import. */
static kp_rc import_row(kp_ctx *ctx, run *r, const kp_csv_row *row)
{
    r->e->line = row->line;
    if (row->n != r->header->n) {
        kp_errors_add(r->e, "", "",
                      KP_TR(ctx, "rindā ir %zu lauki, virsrindā %zu: pārbaudiet komatus un pēdiņas",
                            "the row has %zu fields but the header has %zu: check the commas and quotes"),
                      row->n, r->header->n);
        cap_list(r->e, r->first_error);
        return KP_OK;
    }
    kp_transfer_row tr = {r->header, row, &r->lines, r->state, r->at};
    size_t before = r->e->n;
    kp_rc rc = r->kind->import_row(ctx, &tr, r->e);
    if (rc == KP_OK) {
        move_warnings(r->e, before, &r->warnings);
        r->rows++;
        return KP_OK;
    }
    if (r->e->n == before && rc == KP_ENOTFOUND)
        name_missing_reference(ctx, &tr, r->kind, r->e);
    if (r->e->n == before)
        explain(ctx, rc, r->e);
    cap_list(r->e, r->first_error);
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

/* First pass over a file whose rows may name a later row of the same file
 * (clients.representative_id): the ids and references of every row, so that
 * the second pass knows which rows must wait. Only two numbers per row are
 * kept. Leaves r->refs NULL when the kind or the file has no such column. */
static kp_rc scan_refs(const kp_ctx *ctx, run *r)
{
    int id_col = kp_csv_header_column(r->header, "id");
    int ref_col = r->kind->self_ref ? kp_csv_header_column(r->header, r->kind->self_ref) : -1;
    if (id_col < 0 || ref_col < 0)
        return KP_OK;
    r->refs = kp_transfer_refs_new();
    const kp_csv_row *row = NULL;
    kp_csv_problem p;
    kp_rc rc;
    while (!(rc = kp_csv_next(r->csv, &row, &p)) && row)
        kp_transfer_refs_add(r->refs, kp_csv_field(row, id_col), kp_csv_field(row, ref_col));
    if (!rc)
        rc = kp_csv_rewind(r->csv, &p);
    if (rc) {
        report_problem(ctx, r, &p);
        return rc;
    }
    kp_transfer_refs_done(r->refs);
    return KP_OK;
}

/* Rows that wait for a later row of the file are kept (the only rows held
 * in memory) and imported at the end, referenced rows first. */
typedef struct waiting {
    kp_csv_row *rows;
    size_t n, cap;
} waiting;

static void wait_row(kp_csv_reader *csv, waiting *w)
{
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->rows = kp_xrealloc(w->rows, w->cap * sizeof *w->rows);
    }
    kp_csv_take(csv, &w->rows[w->n++]);
}

static void drop_waiting(waiting *w)
{
    for (size_t i = 0; i < w->n; i++)
        kp_csv_row_free(&w->rows[i]);
    free(w->rows);
    memset(w, 0, sizeof *w);
}

static kp_rc import_waiting(kp_ctx *ctx, run *r, waiting *w)
{
    kp_rc rc = KP_OK;
    if (w->n) {
        size_t *order = kp_transfer_order(r->kind, r->header, w->rows, w->n);
        for (size_t i = 0; i < w->n && !rc; i++)
            rc = import_row(ctx, r, &w->rows[order[i]]);
        free(order);
    }
    return rc;
}

/* Reads the file row by row and feeds each to its use case: memory stays
 * bounded by the longest row (and the rows that wait), not by the file. */
static kp_rc import_rows(kp_ctx *ctx, run *r)
{
    waiting w = {0};
    const kp_csv_row *row = NULL;
    kp_csv_problem p;
    kp_rc rc = KP_OK;
    for (size_t i = 0; !rc; i++) {
        rc = kp_csv_next(r->csv, &row, &p);
        if (rc) {
            report_problem(ctx, r, &p);
            break;
        }
        if (!row)
            break;
        if (r->refs && kp_transfer_refs_wait(r->refs, i))
            wait_row(r->csv, &w);
        else
            rc = import_row(ctx, r, row);
    }
    if (!rc)
        rc = import_waiting(ctx, r, &w);
    drop_waiting(&w);
    return rc;
}

/* Appends the warnings to e once the import has succeeded. */
static void hand_over_warnings(kp_errors *e, const kp_errors *w)
{
    for (size_t i = 0; i < w->n; i++)
        copy_entry(e, &w->items[i]);
    e->more = w->more;
}

/* "N rows from NAME": NAME is the file's last part, as far as it is
 * plain (letters, digits, . _ -; anything else becomes _) and at most 64
 * bytes; every digit of a run of digits and dashes holding 11 digits or
 * more (a personal code's shape) becomes * — the audit never holds a code. */
static void import_detail(const char *path, size_t rows, char *out, size_t outlen)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[65];
    size_t n = 0;
    for (const char *c = base; *c && n < sizeof name - 1; c++) {
        bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '.' ||
                     *c == '_' || *c == '-';
        name[n++] = plain ? *c : '_';
    }
    name[n] = '\0';
    for (size_t i = 0; i < n;) {
        size_t j = i, digits = 0;
        while (j < n && ((name[j] >= '0' && name[j] <= '9') || name[j] == '-'))
            digits += name[j++] != '-';
        if (digits >= 11)
            for (size_t k = i; k < j; k++)
                if (name[k] != '-')
                    name[k] = '*';
        i = j > i ? j : i + 1;
    }
    snprintf(out, outlen, "%zu rows from %s", rows, name);
}

/* Runs the rows in one transaction and keeps it only if none was refused. */
static kp_rc import_all(kp_ctx *ctx, run *r)
{
    /* A kind that reads every row its rows refer to spares the database the
     * second look-up; if that cannot be switched, the database checks too. */
    bool own_checks = kp_transfer_reads_references(r->kind) && kp_store_check_references(ctx->db, false) == KP_OK;
    kp_rc rc = kp_store_begin(ctx->db);
    if (rc) {
        if (own_checks)
            kp_store_check_references(ctx->db, true);
        return rc;
    }
    /* Restoring records as they were: a plan's items arrive after the plan
     * row that already says it is approved. */
    bool was_restoring = ctx->restoring;
    ctx->restoring = true;
    rc = import_rows(ctx, r);
    /* Rows the kind keeps waiting for one insert of many go in now. */
    if (!rc) {
        size_t before = r->e->n;
        kp_rc sent = kp_transfer_state_flush(ctx, r->state, r->e);
        if (sent && r->e->n == before)
            explain(ctx, sent, r->e);
        cap_list(r->e, r->first_error);
        if (fatal(sent))
            rc = sent;
    }
    /* Checks of the rows together, once each was taken. */
    kp_transfer_finish_fn finish = kp_transfer_finish_of(r->kind);
    if (!rc && finish && r->e->n == r->first_error && !r->e->more) {
        rc = finish(ctx, &r->lines, r->e);
        cap_list(r->e, r->first_error);
    }
    ctx->restoring = was_restoring;
    if (!rc && (r->e->n != r->first_error || r->e->more))
        rc = KP_EINVAL;
    if (!rc) {
        /* The import is the event: one record of the file, its kind (the
         * entity) and the rows it brought, not one per row. */
        char detail[160];
        import_detail(r->path, r->rows, detail, sizeof detail);
        rc = kp_audit(ctx, "import", r->kind->name, 0, 0, detail);
    }
    if (!rc)
        rc = kp_store_commit(ctx->db);
    else
        kp_store_rollback(ctx->db);
    /* Outside the transaction now, which is all switching back needs (on
     * SQLite a flag of the connection: no I/O, no lock). */
    if (own_checks)
        kp_store_check_references(ctx->db, true);
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
    run r = {.kind = kp_transfer_kind_find(kind), .e = e, .first_error = e->n, .path = path};
    kp_errors_init(&r.warnings);
    kp_rc rc = KP_OK;
    e->file = NULL;
    e->line = 0;
    e->more = 0;
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
    if (!path) {
        kp_errors_add(e, "", "", "%s", KP_TR(ctx, "nav norādīts fails", "no file given"));
        rc = KP_EINVAL;
        goto out;
    }
    e->file = file_label(path);
    kp_csv_problem p;
    rc = kp_csv_open(path, KP_CSV_NOFOLLOW, &r.csv, &p);
    if (rc) {
        report_problem(ctx, &r, &p);
        goto out;
    }
    r.header = kp_csv_header(r.csv);
    e->line = 1;
    check_header(ctx, r.kind, r.header, e);
    if (e->n != r.first_error) {
        rc = KP_EINVAL;
        goto out;
    }
    rc = scan_refs(ctx, &r);
    if (rc)
        goto out;
    r.state = kp_transfer_state_new();
    r.at = kp_xcalloc(r.kind->ncols ? r.kind->ncols : 1, sizeof *r.at);
    for (size_t i = 0; i < r.kind->ncols; i++)
        r.at[i] = kp_csv_header_column(r.header, r.kind->cols[i].name);
    rc = import_all(ctx, &r);
    if (rc && e->n == r.first_error && !e->more) {
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
    kp_transfer_lines_free(&r.lines);
    kp_transfer_state_free(r.state);
    free(r.at);
    kp_transfer_refs_free(r.refs);
    kp_csv_close(r.csv);
    return rc;
}
