/* The evaluation's chapters of text, versioned (see chapters.h). */
#include "service/figures/chapters.h"
#include "service/access.h"
#include "service/territory.h"
#include "service/audit.h"
#include "service/figures/chapters_sql.h"
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

/* The current versions, without a scope check (the caller has made it). */
static kp_rc current(kp_ctx *ctx, const char *region, const char *d, kp_chapter out[KP_CHAPTER_COUNT])
{
    memset(out, 0, KP_CHAPTER_COUNT * sizeof *out);
    for (int i = 0; i < KP_CHAPTER_COUNT; i++)
        copy(out[i].key, sizeof out[i].key, kp_chapter_keys[i]);
    kp_q_chapter_list rows = {0};
    kp_rc rc = kp_q_chapters_current(ctx->db, region, d, &rows);
    for (size_t r = 0; r < rows.n; r++) {
        int i = kp_chapter_index(rows.items[r].key);
        if (!rc && i >= 0 && !out[i].body) {
            out[i] = rows.items[r]; /* the body moves to out[i] */
            rows.items[r].body = NULL;
        }
    }
    kp_chapters_free(rows.items, rows.n);
    free(rows.items);
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
    rc = kp_q_chapter_insert(ctx->db, region, d, chapter, version, text, ctx->actor ? ctx->actor : "unknown",
                             ctx->now[0] ? ctx->now : "1970-01-01T00:00:00Z", &id);
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
    kp_q_chapter_list list = {0};
    rc = kp_q_chapter_versions(ctx->db, region, d, chapter, &list);
    if (rc) {
        kp_chapters_free(list.items, list.n);
        free(list.items);
        return rc;
    }
    for (size_t i = 0; i < list.n; i++)
        if (!list.items[i].body) /* the column is NOT NULL: never, but a body is always text */
            list.items[i].body = kp_xstrdup("");
    *n = list.n;
    *out = list.items;
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
