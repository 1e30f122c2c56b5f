/* The evaluation's chapters of text, versioned (see chapters.h). */
#include "service/figures/chapters.h"
#include "service/access.h"
#include "service/territory.h"
#include "service/audit.h"
#include "service/sql.h"
#include "service/validate.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const kp_chapter_keys[KP_CHAPTER_COUNT] = {"introduction",    "deviations",       "findings",
                                                       "recommendations", "opinions_workers", "opinions_clients"};

int kp_chapter_index(const char *key)
{
    for (int i = 0; key && i < KP_CHAPTER_COUNT; i++)
        if (!strcmp(kp_chapter_keys[i], key))
            return i;
    return -1;
}

void kp_chapters_free(kp_chapter *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++) {
        free(c[i].body);
        c[i].body = NULL;
    }
}

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

/* Is `region` a planning region (not "ALL", not unknown)? */
static void read_row(kp_stmt *s, kp_chapter *c)
{
    copy(c->key, sizeof c->key, kp_stmt_text(s, 0));
    c->id = kp_stmt_int(s, 1);
    c->version = kp_stmt_int(s, 2);
    copy(c->author, sizeof c->author, kp_stmt_text(s, 3));
    copy(c->saved_at, sizeof c->saved_at, kp_stmt_text(s, 4));
    const char *b = kp_stmt_text(s, 5);
    c->body = kp_xstrdup(b ? b : "");
}

/* The current versions, without a scope check (the caller has made it). */
static kp_rc current(kp_ctx *ctx, const char *region, const char *d, kp_chapter out[KP_CHAPTER_COUNT])
{
    memset(out, 0, KP_CHAPTER_COUNT * sizeof *out);
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        copy(out[i].key, sizeof out[i].key, kp_chapter_keys[i]);
    kp_stmt *s = NULL;
    kp_rc rc = kp_store_prepare(ctx->db,
                                "SELECT chapter, id, version, author, saved_at, body FROM evaluation_chapter c"
                                " WHERE region_code = ? AND at_date = ? AND version = (SELECT MAX(version)"
                                " FROM evaluation_chapter x WHERE x.region_code = c.region_code"
                                " AND x.at_date = c.at_date AND x.chapter = c.chapter)",
                                &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d)};
    if (!rc)
        rc = kp_sql_bind(s, p, 2);
    bool row = false;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        int i = kp_chapter_index(kp_stmt_text(s, 0));
        if (i >= 0 && !out[i].body)
            read_row(s, &out[i]);
    }
    kp_stmt_free(s);
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        if (!out[i].body)
            out[i].body = kp_xstrdup("");
    if (rc)
        kp_chapters_free(out, KP_CHAPTER_COUNT);
    return rc;
}

kp_rc kp_chapters_current(kp_ctx *ctx, const char *region, kp_date at, kp_chapter out[KP_CHAPTER_COUNT])
{
    if (!ctx || !region || !out)
        return KP_EINVAL;
    memset(out, 0, KP_CHAPTER_COUNT * sizeof *out);
    kp_rc rc = kp_access_region(ctx, region, false);
    if (!rc && strcmp(region, "ALL") != 0)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    if (!strcmp(region, "ALL")) /* the national roll-up: no chapters */
        return current(ctx, "", d, out);
    return current(ctx, region, d, out);
}

/* The text as stored: line ends as LF, no trailing blank lines or spaces. */
static char *normalise(const char *body)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    for (const char *p = body; *p; p++)
        if (!(*p == '\r' && p[1] == '\n'))
            kp_buf_putc(&b, *p);
    while (b.len && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
        b.len--;
    char *s = kp_xstrdup(b.len ? kp_buf_str(&b) : "");
    if (b.len)
        s[b.len] = '\0';
    kp_buf_free(&b);
    return s;
}

kp_rc kp_chapter_save(kp_ctx *ctx, const char *region, kp_date at, const char *chapter, const char *body,
                      kp_errors *e, int64_t *version_out)
{
    if (!ctx || !region || !e)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    size_t before = e->n;
    int idx = kp_chapter_index(chapter);
    if (idx < 0)
        kp_errors_add(e, "chapter", chapter, "%s",
                      KP_TR(ctx, "nezināma nodaļa: izvēlieties ievadu, atkāpes, secinājumus, ieteikumus vai viedokļus",
                            "unknown chapter: use introduction, deviations, findings, recommendations, "
                            "opinions_workers or opinions_clients"));
    if (!body)
        kp_errors_add(e, "body", NULL, "%s", KP_TR(ctx, "nodaļas teksts nav dots", "the chapter's text is missing"));
    else
        kp_v_text_lines(ctx, e, "body", body, KP_CHAPTER_MAX, false);
    if (e->n != before)
        return KP_EINVAL;
    char d[11];
    kp_date_format_iso(at, d);
    char *text = normalise(body);
    kp_chapter cur[KP_CHAPTER_COUNT];
    rc = kp_store_begin(ctx->db);
    if (rc) {
        free(text);
        return rc;
    }
    rc = current(ctx, region, d, cur);
    if (rc)
        goto out;
    if (!strcmp(cur[idx].body, text)) { /* the same text: not a new version */
        if (version_out)
            *version_out = cur[idx].version;
        kp_chapters_free(cur, KP_CHAPTER_COUNT);
        rc = kp_store_commit(ctx->db);
        free(text);
        return rc;
    }
    int64_t id = 0, version = cur[idx].version + 1;
    kp_param p[] = {KP_PTEXT(region),
                    KP_PTEXT(d),
                    KP_PTEXT(chapter),
                    KP_PINT(version),
                    (kp_param){.t = KP_P_TEXT, .s = text},
                    KP_PTEXT(ctx->actor ? ctx->actor : "unknown"),
                    KP_PTEXT(ctx->now[0] ? ctx->now : "1970-01-01T00:00:00Z")};
    rc = kp_sql_insert(ctx->db,
                       "INSERT INTO evaluation_chapter(region_code, at_date, chapter, version, body, author, saved_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)",
                       p, KP_NPARAMS(p), &id);
    char ov[24], nv[24], ol[24], nl[24];
    snprintf(ov, sizeof ov, "%lld", (long long)cur[idx].version);
    snprintf(nv, sizeof nv, "%lld", (long long)version);
    snprintf(ol, sizeof ol, "%zu", strlen(cur[idx].body));
    snprintf(nl, sizeof nl, "%zu", strlen(text));
    kp_field_change ch[] = {{"chapter", cur[idx].version ? chapter : "", chapter},
                            {"version", cur[idx].version ? ov : "", nv},
                            {"length", cur[idx].version ? ol : "", nl}};
    if (!rc)
        rc = kp_audit_change(ctx, cur[idx].version ? "edit" : "write", "evaluation_chapter", id, 0, d, "", ch, 3);
    kp_chapters_free(cur, KP_CHAPTER_COUNT);
out:
    free(text);
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && version_out)
        *version_out = version;
    return rc;
}

kp_rc kp_chapter_history(kp_ctx *ctx, const char *region, kp_date at, const char *chapter, kp_chapter **out,
                         size_t *n)
{
    if (!ctx || !region || !out || !n)
        return KP_EINVAL;
    *out = NULL;
    *n = 0;
    if (kp_chapter_index(chapter) < 0)
        return KP_EINVAL;
    kp_rc rc = kp_access_region(ctx, region, false);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (rc)
        return rc;
    char d[11];
    kp_date_format_iso(at, d);
    kp_stmt *s = NULL;
    rc = kp_store_prepare(ctx->db,
                          "SELECT chapter, id, version, author, saved_at, body FROM evaluation_chapter"
                          " WHERE region_code = ? AND at_date = ? AND chapter = ? ORDER BY version DESC",
                          &s);
    kp_param p[] = {KP_PTEXT(region), KP_PTEXT(d), KP_PTEXT(chapter)};
    if (!rc)
        rc = kp_sql_bind(s, p, 3);
    bool row = false;
    size_t cap = 0;
    kp_chapter *list = NULL;
    while (!rc && !(rc = kp_stmt_step(s, &row)) && row) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            list = kp_xrealloc(list, cap * sizeof *list);
        }
        memset(&list[*n], 0, sizeof list[*n]);
        read_row(s, &list[(*n)++]);
    }
    kp_stmt_free(s);
    if (rc) {
        kp_chapters_free(list, *n);
        free(list);
        *n = 0;
        return rc;
    }
    *out = list;
    return KP_OK;
}

kp_rc kp_chapters_save_all(kp_ctx *ctx, const char *region, kp_date at, const char *const bodies[KP_CHAPTER_COUNT],
                           kp_errors *e, size_t *saved)
{
    if (!ctx || !region || !bodies || !e)
        return KP_EINVAL;
    if (saved)
        *saved = 0;
    kp_rc rc = kp_access_region(ctx, region, true);
    if (!rc)
        rc = kp_region_known(ctx, region);
    if (!rc)
        rc = kp_store_begin(ctx->db);
    if (rc)
        return rc;
    size_t n = 0;
    for (int i = 0; i < KP_CHAPTER_COUNT && !rc; i++) {
        if (!bodies[i])
            continue;
        kp_errors one;
        kp_errors_init(&one);
        int64_t before = 0, after = 0;
        kp_chapter cur[KP_CHAPTER_COUNT];
        char d[11];
        kp_date_format_iso(at, d);
        rc = current(ctx, region, d, cur);
        if (!rc) {
            before = cur[i].version;
            kp_chapters_free(cur, KP_CHAPTER_COUNT);
            kp_rc r1 = kp_chapter_save(ctx, region, at, kp_chapter_keys[i], bodies[i], &one, &after);
            for (size_t k = 0; k < one.n; k++) /* the message on the chapter's own field */
                kp_errors_add(e, kp_chapter_keys[i], NULL, "%s", one.items[k].message);
            if (r1 != KP_EINVAL)
                rc = r1;
            if (!r1 && after != before)
                n++;
        }
        kp_errors_free(&one);
    }
    if (!rc && e->n)
        rc = KP_EINVAL;
    if (rc) {
        kp_store_rollback(ctx->db);
        return rc;
    }
    rc = kp_store_commit(ctx->db);
    if (!rc && saved)
        *saved = n;
    return rc;
}
