/* Approved (frozen) evaluations (see evaluations.h). */
#include "service/figures/evaluations.h"
#include "service/access.h"
#include "service/territory.h"
#include "service/audit.h"
#include "service/figures/figures_sql.h"
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

/* Copies text into a slot of n bytes, cut to what fits (as the lists
 * always were: a user name of 64 characters has 63 in approved_by). */
static void cut(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* The latest approval of region at d: id, number, figures and chapter
 * versions; *id 0 when none. */
static kp_rc latest(kp_ctx *ctx, const char *region, const char *d, int64_t *id, int64_t *version, char **figures,
                    int64_t texts[KP_CHAPTER_COUNT])
{
    *id = *version = 0;
    *figures = NULL;
    memset(texts, 0, KP_CHAPTER_COUNT * sizeof *texts);
    kp_q_figures_approved_version v;
    bool found = false;
    kp_rc rc = kp_q_figures_approved_latest(ctx->db, region, d, &v, &found);
    if (!rc && found) {
        *id = v.id;
        *version = v.version;
        *figures = v.figures_csv ? v.figures_csv : kp_xstrdup("");
    }
    if (rc || !*id)
        return rc;
    kp_q_figures_approved_texts t = {0};
    rc = kp_q_figures_approved_texts_of(ctx->db, *id, &t);
    for (size_t k = 0; !rc && k < t.n; k++) {
        int i = kp_chapter_index(t.items[k].chapter);
        if (i >= 0)
            texts[i] = t.items[k].version;
    }
    free(t.items);
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
        rc = kp_q_figures_approved_chapter_latest(ctx->db, region, d, kp_chapter_keys[i], &v);
        if (!rc && v != chapters[i].version)
            rc = KP_ECONFLICT;
    }
    if (!rc && prev_id) {
        diff_figures(prev_figures, figures_csv, &ch);
        diff_chapters(old_texts, chapters, &ch);
    }
    kp_q_figures_approved_new row = {.region = region,
                              .at = d,
                              .approved_on = today,
                              .approved_at = ctx->now[0] ? ctx->now : "1970-01-01T00:00:00Z",
                              .approved_by = ctx->actor ? ctx->actor : "unknown",
                              .figures_csv = figures_csv,
                              .version = prev + 1};
    if (!rc)
        rc = kp_q_figures_approved_insert_version(ctx->db, &row, &id);
    for (int i = 0; i < KP_CHAPTER_COUNT && !rc; i++) {
        if (!chapters[i].version)
            continue;
        rc = kp_q_figures_approved_insert_text(ctx->db, id, kp_chapter_keys[i], chapters[i].version, chapters[i].body);
    }
    for (size_t i = 0; i < ch.n && !rc; i++) {
        const kp_eval_change *c = &ch.items[i];
        rc = kp_q_figures_approved_insert_change(ctx->db, id, c->kind, c->item, c->old_value, c->new_value);
    }
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < nfiles && !rc; i++) {
        char sha[65];
        kp_sha256_hex(files[i].content, files[i].n, sha);
        rc = kp_q_figures_approved_insert_snapshot(ctx->db, id, &row, files[i].format, files[i].content, files[i].n,
                                                   sha);
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
    return kp_q_figures_approved_next_version(ctx->db, region, d, next);
}

static void version_row(const kp_q_figures_approved_version *q, kp_eval_version *v)
{
    memset(v, 0, sizeof *v);
    v->id = q->id;
    v->version = q->version;
    memcpy(v->region, q->region, sizeof v->region);
    memcpy(v->at, q->at, sizeof v->at);
    memcpy(v->approved_on, q->approved_on, sizeof v->approved_on);
    cut(v->approved_at, sizeof v->approved_at, q->approved_at);
    cut(v->approved_by, sizeof v->approved_by, q->approved_by);
    v->nchanges = (size_t)q->nchanges;
}

/* The files of each version in list[0..n). */
static kp_rc attach_files(kp_ctx *ctx, kp_eval_version *list, size_t n)
{
    kp_rc rc = KP_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        kp_q_figures_approved_files f = {0};
        rc = kp_q_figures_approved_files_of(ctx->db, list[i].id, &f);
        for (size_t k = 0; !rc && k < f.n && list[i].nfiles < KP_EVAL_MAX_FILES; k++) {
            size_t x = list[i].nfiles++;
            memcpy(list[i].files[x].format, f.items[k].format, sizeof list[i].files[x].format);
            memcpy(list[i].files[x].sha256, f.items[k].sha256, sizeof list[i].files[x].sha256);
            list[i].files[x].bytes = f.items[k].bytes;
        }
        free(f.items);
    }
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
    kp_q_figures_approved_versions q = {0};
    rc = kp_q_figures_approved_versions_of(ctx->db, region, d, &q);
    kp_eval_version *list = !rc && q.n ? kp_xcalloc(q.n, sizeof *list) : NULL;
    for (size_t i = 0; !rc && i < q.n; i++)
        version_row(&q.items[i], &list[(*n)++]);
    free(q.items);
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
    kp_q_figures_approved_version q;
    bool row = false;
    kp_rc rc = kp_q_figures_approved_version_by_id(ctx->db, id, &q, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    if (!rc)
        version_row(&q, out);
    if (!rc && kp_access_region(ctx, out->region, false))
        rc = KP_ENOTFOUND; /* another region's approval is as unknown */
    if (!rc)
        rc = attach_files(ctx, out, 1);
    if (!rc && changes) {
        kp_q_figures_approved_changes c = {0};
        rc = kp_q_figures_approved_changes_of(ctx->db, id, &c);
        for (size_t i = 0; !rc && i < c.n; i++)
            add_change(changes, c.items[i].kind, c.items[i].item, c.items[i].old_value, c.items[i].new_value);
        free(c.items);
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
    bool row = false;
    kp_q_figures_approved_content file;
    rc = kp_q_figures_approved_file_content(ctx->db, id, format, &file, &row);
    if (!rc && !row)
        rc = KP_ENOTFOUND;
    int64_t file_id = rc ? 0 : file.file_id;
    if (!rc) {
        /* The file as approved, or nothing: its hash must still agree. */
        char check[65];
        memcpy(sha_out, file.sha256, 65);
        kp_sha256_hex(file.content.b, file.content.n, check);
        rc = strcmp(check, sha_out) ? KP_ESTATE : kp_buf_append(content, (const char *)file.content.b, file.content.n);
        free(file.content.b);
    }
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
    rc = kp_q_figures_approved_with_file(ctx->db, region, d, format, &id);
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
