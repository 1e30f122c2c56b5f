/* Approved (frozen) evaluations (see evaluations.h). */
#include "service/figures/evaluations.h"
#include "service/access.h"
#include "service/territory.h"
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

/* ---- comparing tidy rows -------------------------------------------------- */

typedef struct csv_row {
    char *key;   /* the first six fields joined by '/' */
    char *value;
} csv_row;

typedef struct rows {
    csv_row *r;
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

static int row_cmp(const void *a, const void *b)
{
    return strcmp(((const csv_row *)a)->key, ((const csv_row *)b)->key);
}

void kp_eval_changes_free(kp_eval_changes *c)
{
    if (!c)
        return;
    free(c->items);
    memset(c, 0, sizeof *c);
}

static void add_change(kp_eval_changes *c, const char *kind, const char *item, const char *old, const char *new)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->items = kp_xrealloc(c->items, c->cap * sizeof *c->items);
    }
    kp_eval_change *x = &c->items[c->n++];
    snprintf(x->kind, sizeof x->kind, "%s", kind);
    snprintf(x->item, sizeof x->item, "%s", item);
    snprintf(x->old_value, sizeof x->old_value, "%s", old);
    snprintf(x->new_value, sizeof x->new_value, "%s", new);
}

/* Figures that differ between two tidy-row texts, in key order. */
static void diff_figures(const char *old_csv, const char *new_csv, kp_eval_changes *out)
{
    rows a = {0}, b = {0};
    parse_rows(old_csv, &a);
    parse_rows(new_csv, &b);
    if (a.n)
        qsort(a.r, a.n, sizeof *a.r, row_cmp);
    if (b.n)
        qsort(b.r, b.n, sizeof *b.r, row_cmp);
    size_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        int c = i == a.n ? 1 : j == b.n ? -1 : strcmp(a.r[i].key, b.r[j].key);
        if (c < 0) {
            add_change(out, "figure", a.r[i].key, a.r[i].value, "");
            i++;
        } else if (c > 0) {
            add_change(out, "figure", b.r[j].key, "", b.r[j].value);
            j++;
        } else {
            if (strcmp(a.r[i].value, b.r[j].value))
                add_change(out, "figure", a.r[i].key, a.r[i].value, b.r[j].value);
            i++;
            j++;
        }
    }
    rows_free(&a);
    rows_free(&b);
}

/* Chapters whose version differs: old[i] and chapters[i].version (0 = none). */
static void diff_chapters(const int64_t old[KP_CHAPTER_COUNT], const kp_chapter *chapters, kp_eval_changes *out)
{
    for (int i = 0; i < KP_CHAPTER_COUNT; i++) {
        if (old[i] == chapters[i].version)
            continue;
        char o[24] = "", n[24] = "";
        if (old[i])
            snprintf(o, sizeof o, "%lld", (long long)old[i]);
        if (chapters[i].version)
            snprintf(n, sizeof n, "%lld", (long long)chapters[i].version);
        add_change(out, "chapter", kp_chapter_keys[i], o, n);
    }
}

/* The latest approval of region at d: id, number, figures and chapter
 * versions; *id 0 when none. */
static kp_rc latest(kp_ctx *ctx, const char *region, const char *d, int64_t *id, int64_t *version, char **figures,
                    int64_t texts[KP_CHAPTER_COUNT])
{
    *id = *version = 0;
    *figures = NULL;
    memset(texts, 0, KP_CHAPTER_COUNT * sizeof *texts);
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT id, version, figures_csv FROM evaluation_version WHERE region_code = ?"
                                " AND at_date = ? ORDER BY version DESC LIMIT 1",
                                &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && row) {
        *id = kp_stmt_int(s, 0);
        *version = kp_stmt_int(s, 1);
        *figures = kp_xstrdup(kp_stmt_text(s, 2));
    }
    kp_stmt_free(s);
    if (rc || !*id)
        return rc;
    rc = kp_store_prepare(ctx->db, "SELECT chapter, chapter_version FROM evaluation_version_text WHERE version_id = ?",
                          &s);
    kp_param q[] = {KP_PINT(*id)};
    if (!rc)
        rc = kp_sql_bind(s, q, 1);
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int i = kp_chapter_index(kp_stmt_text(s, 0));
        if (i >= 0)
            texts[i] = kp_stmt_int(s, 1);
    }
    kp_stmt_free(s);
    return rc;
}

static bool files_ok(const kp_eval_file_in *files, size_t nfiles)
{
    if (!files || !nfiles || nfiles > KP_EVAL_MAX_FILES)
        return false;
    for (size_t i = 0; i < nfiles; i++) {
        if (!format_ok(files[i].format) || !files[i].content || !files[i].n)
            return false;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(files[i].format, files[j].format))
                return false;
    }
    return true;
}

kp_rc kp_evaluation_approve_version(kp_ctx *ctx, const char *region, kp_date at, const kp_eval_file_in *files,
                                    size_t nfiles, const char *figures_csv, const kp_chapter *chapters,
                                    int64_t expect_version, kp_eval_version *out)
{
    if (!ctx || !region || !files_ok(files, nfiles) || !figures_csv || !chapters || expect_version < 0 || !out)
        return KP_EINVAL;
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        if (strcmp(chapters[i].key, kp_chapter_keys[i]) || !chapters[i].body || chapters[i].version < 0)
            return KP_EINVAL;
    kp_rc rc = kp_region_known(ctx, region);
    if (!rc)
        rc = kp_access_region(ctx, region, true);
    if (rc)
        return rc;
    char d[11], today[11];
    kp_date_format_iso(at, d);
    kp_date_format_iso(kp_ctx_today(ctx), today);
    int64_t prev_id = 0, prev = 0, old_texts[KP_CHAPTER_COUNT], id = 0;
    char *prev_figures = NULL;
    kp_eval_changes ch = {0};
    rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    rc = latest(ctx, region, d, &prev_id, &prev, &prev_figures, old_texts);
    if (!rc && expect_version && expect_version != prev + 1)
        rc = KP_ECONFLICT;
    /* The texts drawn must be the chapters' current versions. */
    for (int i = 0; i < KP_CHAPTER_COUNT && !rc; i++) {
        int64_t v = 0;
        kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(kp_chapter_keys[i])};
        rc = kp_sql_int(ctx->db,
                        "SELECT COALESCE(MAX(version), 0) FROM evaluation_chapter WHERE region_code = ? AND at_date = ?"
                        " AND chapter = ?",
                        p, 3, 0, &v);
        if (!rc && v != chapters[i].version)
            rc = KP_ECONFLICT;
    }
    if (!rc && prev_id) {
        diff_figures(prev_figures, figures_csv, &ch);
        diff_chapters(old_texts, chapters, &ch);
    }
    kp_param vp[] = {KP_PTEXT(region),  KP_PTEXT(d), KP_PINT(prev + 1), KP_PTEXT(today),
                     KP_PTEXT(ctx->now[0] ? ctx->now : "1970-01-01T00:00:00Z"),
                     KP_PTEXT(ctx->actor ? ctx->actor : "unknown"), (kp_param){.t = KP_P_TEXT, .s = figures_csv}};
    if (!rc)
        rc = kp_sql_insert(ctx->db,
                           "INSERT INTO evaluation_version(region_code, at_date, version, approved_on, approved_at,"
                           " approved_by, figures_csv) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           vp, KP_NPARAMS(vp), &id);
    for (int i = 0; i < KP_CHAPTER_COUNT && !rc; i++) {
        if (!chapters[i].version)
            continue;
        kp_param p[] = {KP_PINT(id), KP_PTEXT(kp_chapter_keys[i]), KP_PINT(chapters[i].version),
                        (kp_param){.t = KP_P_TEXT, .s = chapters[i].body}};
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO evaluation_version_text(version_id, chapter, chapter_version, body)"
                         " VALUES (?, ?, ?, ?)",
                         p, 4);
    }
    for (size_t i = 0; i < ch.n && !rc; i++) {
        const kp_eval_change *c = &ch.items[i];
        kp_param p[] = {KP_PINT(id), KP_PTEXT(c->kind), KP_PTEXT(c->item), (kp_param){.t = KP_P_TEXT, .s = c->old_value},
                        (kp_param){.t = KP_P_TEXT, .s = c->new_value}};
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO evaluation_version_change(version_id, kind, item, old_value, new_value)"
                         " VALUES (?, ?, ?, ?, ?)",
                         p, 5);
    }
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < nfiles && !rc; i++) {
        char sha[65];
        kp_sha256_hex(files[i].content, files[i].n, sha);
        kp_param p[] = {KP_PINT(id),          KP_PTEXT(region),       KP_PTEXT(d),
                        KP_PTEXT(today),      KP_PTEXT(ctx->actor ? ctx->actor : "unknown"),
                        KP_PTEXT(files[i].format), KP_PBLOB(files[i].content, files[i].n),
                        KP_PTEXT(sha),        (kp_param){.t = KP_P_TEXT, .s = figures_csv}};
        rc = kp_sql_exec(ctx->db,
                         "INSERT INTO evaluation_snapshot(version_id, region_code, at_date, status, approved_on,"
                         " approved_by, format, content, sha256, figures_csv)"
                         " VALUES (?, ?, ?, 'approved', ?, ?, ?, ?, ?, ?)",
                         p, KP_NPARAMS(p));
        snprintf(out->files[i].format, sizeof out->files[i].format, "%s", files[i].format);
        memcpy(out->files[i].sha256, sha, sizeof sha);
        out->files[i].bytes = (int64_t)files[i].n;
    }
    char nv[24], nc[24];
    snprintf(nv, sizeof nv, "%lld", (long long)(prev + 1));
    snprintf(nc, sizeof nc, "%zu", ch.n);
    kp_field_change fc[] = {{"version", "", nv}, {"changes", "", nc}, {"sha256", "", out->files[0].sha256}};
    if (!rc)
        rc = kp_audit_change(ctx, "approve", "evaluation_version", id, 0, d, "", fc, 3);
    free(prev_figures);
    if (rc) {
        kp_eval_changes_free(&ch);
        kp_store_rollback(ctx->db);
        memset(out, 0, sizeof *out);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc) {
        out->id = id;
        out->version = prev + 1;
        snprintf(out->region, sizeof out->region, "%s", region);
        memcpy(out->at, d, sizeof d);
        memcpy(out->approved_on, today, sizeof today);
        snprintf(out->approved_at, sizeof out->approved_at, "%s", ctx->now);
        snprintf(out->approved_by, sizeof out->approved_by, "%s", ctx->actor ? ctx->actor : "unknown");
        out->nfiles = nfiles;
        out->nchanges = ch.n;
    }
    kp_eval_changes_free(&ch);
    return rc;
}

kp_rc kp_evaluation_approve(kp_ctx *ctx, const char *region, kp_date at, const char *format, const void *content,
                            size_t n, const char *figures_csv, char sha_out[65], int64_t *id_out)
{
    if (!ctx || !region || !format_ok(format) || !content || !n || !figures_csv || !sha_out)
        return KP_EINVAL;
    kp_chapter ch[KP_CHAPTER_COUNT];
    kp_rc rc = kp_region_known(ctx, region);
    if (!rc)
        rc = kp_access_region(ctx, region, true);
    if (!rc)
        rc = kp_chapters_current(ctx, region, at, ch);
    if (rc)
        return rc;
    kp_eval_file_in f = {format, content, n};
    kp_eval_version v;
    rc = kp_evaluation_approve_version(ctx, region, at, &f, 1, figures_csv, ch, 0, &v);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    if (!rc) {
        memcpy(sha_out, v.files[0].sha256, 65);
        if (id_out)
            *id_out = v.id;
    }
    return rc;
}

kp_rc kp_evaluation_next_version(kp_ctx *ctx, const char *region, kp_date at, int64_t *next)
{
    if (!ctx || !region || !next)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    rc = kp_sql_int(ctx->db, "SELECT COALESCE(MAX(version), 0) + 1 FROM evaluation_version WHERE region_code = ?"
                             " AND at_date = ?", p, 2, 1, next);
    return rc;
}

static void version_row(kp_stmt *s, kp_eval_version *v)
{
    memset(v, 0, sizeof *v);
    v->id = kp_stmt_int(s, 0);
    v->version = kp_stmt_int(s, 1);
    snprintf(v->region, sizeof v->region, "%s", kp_stmt_text(s, 2));
    snprintf(v->at, sizeof v->at, "%s", kp_stmt_text(s, 3));
    snprintf(v->approved_on, sizeof v->approved_on, "%s", kp_stmt_text(s, 4));
    snprintf(v->approved_at, sizeof v->approved_at, "%s", kp_stmt_text(s, 5));
    snprintf(v->approved_by, sizeof v->approved_by, "%s", kp_stmt_text(s, 6));
    v->nchanges = (size_t)kp_stmt_int(s, 7);
}

#define VERSION_COLS                                                                                                   \
    "SELECT id, version, region_code, at_date, approved_on, approved_at, approved_by,"                                 \
    " (SELECT COUNT(*) FROM evaluation_version_change c WHERE c.version_id = v.id) FROM evaluation_version v"

/* The files of each version in list[0..n). */
static kp_rc attach_files(kp_ctx *ctx, kp_eval_version *list, size_t n)
{
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT format, sha256, length(content) FROM evaluation_snapshot WHERE version_id = ?"
                                " ORDER BY id",
                                &s);
    for (size_t i = 0; i < n && !rc; i++) {
        kp_param p[] = {KP_PINT(list[i].id)};
        rc = kp_stmt_reset(s);
        if (!rc)
            rc = kp_sql_bind(s, p, 1);
        bool row = false;
        while (!rc && !(rc = kp_stmt_step(s, &row)) && row && list[i].nfiles < KP_EVAL_MAX_FILES) {
            size_t k = list[i].nfiles++;
            snprintf(list[i].files[k].format, sizeof list[i].files[k].format, "%s", kp_stmt_text(s, 0));
            snprintf(list[i].files[k].sha256, sizeof list[i].files[k].sha256, "%s", kp_stmt_text(s, 1));
            list[i].files[k].bytes = kp_stmt_int(s, 2);
        }
    }
    kp_stmt_free(s);
    return rc;
}

kp_rc kp_evaluation_versions(kp_ctx *ctx, const char *region, kp_date at, kp_eval_version **out, size_t *n)
{
    if (!ctx || !region || !out || !n)
        return KP_EINVAL;
    *out = NULL;
    *n = 0;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_stmt *s = NULL;
    rc = kp_store_prepare(ctx->db, VERSION_COLS " WHERE region_code = ? AND at_date = ? ORDER BY version", &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    size_t cap = 0;
    kp_eval_version *list = NULL;
    bool row = false;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            list = kp_xrealloc(list, cap * sizeof *list);
        }
        version_row(s, &list[(*n)++]);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = attach_files(ctx, list, *n);
    if (rc) {
        free(list);
        *n = 0;
        return rc;
    }
    *out = list;
    return KP_OK;
}

kp_rc kp_evaluation_version_get(kp_ctx *ctx, int64_t id, kp_eval_version *out, kp_eval_changes *changes)
{
    if (!ctx || id <= 0 || !out)
        return KP_EINVAL;
    if (changes)
        memset(changes, 0, sizeof *changes);
    kp_stmt *s = NULL;
    bool row = false;
    kp_rc rc = kp_store_prepare(ctx->db, VERSION_COLS " WHERE id = ?", &s);
    kp_param p[] = {KP_PINT(id)};
    if (!rc)
        rc = kp_sql_bind(s, p, 1);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        version_row(s, out);
    kp_stmt_free(s);
    if (!rc && kp_access_region(ctx, out->region, false))
        rc = KP_ENOTFOUND; /* another region's approval is as unknown */
    if (!rc)
        rc = attach_files(ctx, out, 1);
    if (!rc && changes) {
        rc = kp_store_prepare(ctx->db,
                              "SELECT kind, item, old_value, new_value FROM evaluation_version_change"
                              " WHERE version_id = ? ORDER BY id",
                              &s);
        if (!rc)
            rc = kp_sql_bind(s, p, 1);
        while (!rc && !(rc = kp_stmt_step(s, &row)) && row)
            add_change(changes, kp_stmt_text(s, 0), kp_stmt_text(s, 1), kp_stmt_text(s, 2), kp_stmt_text(s, 3));
        kp_stmt_free(s);
    }
    if (rc) {
        memset(out, 0, sizeof *out);
        kp_eval_changes_free(changes);
    }
    return rc;
}

kp_rc kp_evaluation_version_file(kp_ctx *ctx, int64_t id, const char *format, kp_buf *content, char sha_out[65])
{
    if (!ctx || id <= 0 || !format_ok(format) || !content || !sha_out)
        return KP_EINVAL;
    kp_eval_version v;
    kp_rc rc = kp_evaluation_version_get(ctx, id, &v, NULL);
    if (rc)
        return rc;
    kp_stmt *s = NULL;
    bool row = false;
    int64_t file_id = 0;
    rc = kp_store_prepare(ctx->db, "SELECT id, content, sha256 FROM evaluation_snapshot WHERE version_id = ? AND format = ?",
                          &s);
    kp_param p[] = {KP_PINT(id), KP_PTEXT(format)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    if (!rc)
        rc = kp_stmt_step(s, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc) {
        size_t n = 0;
        const void *b = kp_stmt_blob(s, 1, &n);
        char check[65];
        file_id = kp_stmt_int(s, 0);
        snprintf(sha_out, 65, "%s", kp_stmt_text(s, 2));
        kp_sha256_hex(b, n, check);
        rc = strcmp(check, sha_out) ? KP_ESTATE : kp_buf_append(content, b, n);
    }
    kp_stmt_free(s);
    if (!rc)
        rc = kp_audit_access(ctx, "read", "evaluation_snapshot", file_id, 0, format);
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
    int64_t id = 0;
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(format)};
    rc = kp_sql_int(ctx->db,
                    "SELECT v.id FROM evaluation_version v JOIN evaluation_snapshot s ON s.version_id = v.id"
                    " WHERE v.region_code = ? AND v.at_date = ? AND s.format = ? ORDER BY v.version DESC LIMIT 1",
                    p, 3, 0, &id);
    if (!rc && !id)
        rc = KP_ENOTFOUND;
    if (!rc)
        rc = kp_evaluation_version_file(ctx, id, format, content, sha_out);
    return rc;
}

kp_rc kp_evaluation_pending(kp_ctx *ctx, const char *region, kp_date at, const char *fresh_csv,
                            const kp_chapter *chapters, int64_t *last, kp_eval_changes *out)
{
    if (!ctx || !region || !fresh_csv || !chapters || !last || !out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    *last = 0;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    int64_t id = 0, texts[KP_CHAPTER_COUNT];
    char *figures = NULL;
    rc = latest(ctx, region, d, &id, last, &figures, texts);
    if (!rc && id) {
        diff_figures(figures, fresh_csv, out);
        diff_chapters(texts, chapters, out);
    }
    free(figures);
    return rc;
}

kp_rc kp_evaluation_changes(kp_ctx *ctx, const char *region, kp_date at, const char *fresh_csv, kp_buf *report,
                            size_t *nchanged)
{
    if (!ctx || !region || !fresh_csv || !report || !nchanged)
        return KP_EINVAL;
    *nchanged = 0;
    kp_chapter ch[KP_CHAPTER_COUNT];
    kp_rc rc = kp_chapters_current(ctx, region, at, ch);
    if (rc)
        return rc;
    kp_eval_changes c;
    int64_t last = 0;
    rc = kp_evaluation_pending(ctx, region, at, fresh_csv, ch, &last, &c);
    kp_chapters_free(ch, KP_CHAPTER_COUNT);
    if (!rc && !last)
        rc = KP_ENOTFOUND;
    for (size_t i = 0; i < c.n && !rc; i++) {
        const kp_eval_change *x = &c.items[i];
        if (!strcmp(x->kind, "chapter"))
            rc = kp_buf_printf(report, "chapter %s: version %s -> %s\n", x->item, x->old_value[0] ? x->old_value : "-",
                               x->new_value[0] ? x->new_value : "-");
        else if (!x->old_value[0])
            rc = kp_buf_printf(report, "new %s: %s\n", x->item, x->new_value);
        else if (!x->new_value[0])
            rc = kp_buf_printf(report, "gone %s: %s\n", x->item, x->old_value);
        else
            rc = kp_buf_printf(report, "changed %s: %s -> %s\n", x->item, x->old_value, x->new_value);
    }
    if (!rc)
        *nchanged = c.n;
    kp_eval_changes_free(&c);
    return rc;
}
