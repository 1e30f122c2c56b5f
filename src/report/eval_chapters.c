/* The coordinator's chapters in the evaluation document, rendering and
 * approving it (see eval_chapters.h). */
#include "report/eval_chapters.h"
#include "report/eval_model.h"
#include "report/evaluation_rows.h"
#include "report/render.h"
#include "core/mem.h"
#include "service/access.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *key, *title, *section, *sheet;
} CHAPTERS[KP_CHAPTER_COUNT] = {
    {"introduction", "Ievads un tiesiskais pamats", "Ievads un tiesiskais pamats", "Ievads"},
    {"deviations", "Faktori, kas ietekmējuši DI plāna īstenošanu", "Atkāpes no plānotā", "Atkāpes"},
    {"findings", "Pētījumā konstatētais", "Pētījumā konstatētais", "Konstatētais"},
    {"recommendations", "Ieteikumi", "Ieteikumi", "Ieteikumi"},
    {"opinions_workers", "Sociālo darbinieku viedoklis", "Iegūtie viedokļi", "Viedokļi"},
    {"opinions_clients", "Pakalpojumu saņēmēju viedoklis", "Iegūtie viedokļi", "Viedokļi"},
};

const char *kp_eval_chapter_title(const char *key)
{
    int i = kp_chapter_index(key);
    return i < 0 ? NULL : CHAPTERS[i].title;
}

static bool list_item(const char *line, size_t len, size_t *skip)
{
    static const char *const marks[] = {"- ", "* ", "\xe2\x80\xa2 "};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t m = strlen(marks[i]);
        if (len >= m && !memcmp(line, marks[i], m)) {
            *skip = m;
            return true;
        }
    }
    return false;
}

/* The paragraphs and list items of a plain text into section s. */
static void text_blocks(kp_doc *doc, kp_section *s, const char *text)
{
    kp_buf para;
    kp_buf_init(&para, 0);
    const char *p = text;
    for (;;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
            len--;
        size_t lead = 0;
        while (lead < len && (p[lead] == ' ' || p[lead] == '\t'))
            lead++;
        size_t skip = 0;
        bool blank = lead == len, starts_item = !blank && list_item(p + lead, len - lead, &skip);
        if ((blank || starts_item) && para.len) {
            kp_doc_para(doc, s, kp_buf_str(&para));
            kp_buf_reset(&para);
        }
        if (!blank) {
            if (starts_item) {
                kp_buf_puts(&para, "\xe2\x80\xa2 ");
                lead += skip;
            } else if (para.len) {
                kp_buf_putc(&para, ' ');
            }
            kp_buf_append(&para, p + lead, len - lead);
        }
        if (!e)
            break;
        p = e + 1;
    }
    if (para.len)
        kp_doc_para(doc, s, kp_buf_str(&para));
    kp_buf_free(&para);
}

/* Moves the last section to index `at`. */
static void move_last(kp_doc *doc, size_t at)
{
    kp_section *s = doc->sections[doc->nsections - 1];
    memmove(&doc->sections[at + 1], &doc->sections[at], (doc->nsections - 1 - at) * sizeof *doc->sections);
    doc->sections[at] = s;
}

static bool is_appendix(const kp_section *s)
{
    return s->title && (strstr(s->title, "pielikums") || strstr(s->title, "Pielikums") || strstr(s->title, "PIELIKUMS"));
}

kp_rc kp_eval_add_chapters(kp_doc *doc, const kp_chapter chapters[KP_CHAPTER_COUNT])
{
    if (!doc || !chapters)
        return KP_EINVAL;
    size_t appendix = doc->nsections;
    for (size_t i = 0; i < doc->nsections; i++)
        if (is_appendix(doc->sections[i])) {
            appendix = i;
            break;
        }
    size_t placed = 0;
    kp_section *last = NULL;
    const char *last_title = NULL;
    for (int i = 0; i < KP_CHAPTER_COUNT; i++) {
        const char *body = chapters[i].body;
        if (!body || !body[0])
            continue;
        kp_section *s = last;
        if (!last_title || strcmp(last_title, CHAPTERS[i].section) != 0) {
            s = kp_doc_section(doc, CHAPTERS[i].section, CHAPTERS[i].sheet, i == 0 || placed == 0);
            last_title = CHAPTERS[i].section;
            last = s;
            if (i == 0) {
                move_last(doc, 0);
                appendix++;
            } else {
                move_last(doc, appendix + placed);
                placed++;
            }
        }
        if (strcmp(CHAPTERS[i].title, CHAPTERS[i].section) != 0)
            kp_doc_heading(doc, s, CHAPTERS[i].title);
        text_blocks(doc, s, body);
    }
    return KP_OK;
}

kp_rc kp_eval_document(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs,
                       const kp_chapter *chapters, const char *version_line, kp_doc *doc)
{
    if (!ctx || !region || !figs || !doc)
        return KP_EINVAL;
    kp_chapter own[KP_CHAPTER_COUNT];
    bool national = strcmp(region, KP_REGION_ALL) == 0;
    kp_rc rc = kp_eval_build(ctx, region, at, figs, doc);
    if (!rc && !chapters && !national) {
        rc = kp_chapters_current(ctx, region, at, own);
        if (!rc) {
            rc = kp_eval_add_chapters(doc, own);
            kp_chapters_free(own, KP_CHAPTER_COUNT);
        }
    } else if (!rc && chapters && !national) {
        rc = kp_eval_add_chapters(doc, chapters);
    }
    if (!rc && version_line) {
        doc->state_line = kp_doc_printf(doc, "%s · %s", doc->state_line ? doc->state_line : "", version_line);
        doc->footer = kp_doc_printf(doc, "%s · %s", doc->footer ? doc->footer : "", version_line);
    }
    return rc;
}

static kp_rc rows(const kp_figures *f, bool json, kp_buf *out)
{
    char *mem = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&mem, &n);
    if (!m)
        return KP_EIO;
    kp_rc rc = json ? kp_rows_write_json(f, m) : kp_rows_write_csv(f, m);
    if (fclose(m) != 0 && !rc)
        rc = KP_EIO;
    if (!rc)
        rc = kp_buf_append(out, mem ? mem : "", n);
    free(mem);
    return rc;
}

kp_rc kp_eval_render(kp_ctx *ctx, const char *region, kp_date at, const char *format, const kp_figures *figs,
                     const kp_chapter *chapters, const char *version_line, kp_buf *out)
{
    if (!ctx || !region || !format || !figs || !out)
        return KP_EINVAL;
    if (!strcmp(format, "csv") || !strcmp(format, "json"))
        return rows(figs, !strcmp(format, "json"), out);
    if (strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "html"))
        return KP_EINVAL;
    kp_doc doc;
    kp_doc_init(&doc);
    kp_rc rc = kp_eval_document(ctx, region, at, figs, chapters, version_line, &doc);
    if (!rc)
        rc = !strcmp(format, "pdf") ? kp_render_pdf(&doc, out)
             : !strcmp(format, "xlsx") ? kp_render_xlsx(&doc, out)
                                       : kp_render_html(&doc, out);
    kp_doc_free(&doc);
    return rc;
}

kp_rc kp_eval_publish(kp_ctx *ctx, const char *region, kp_date at, const char *const *formats, size_t nformats,
                      int64_t expect_version, kp_eval_version *out, kp_buf *first)
{
    if (!ctx || !region || !formats || !nformats || nformats > KP_EVAL_MAX_FILES || expect_version < 0 || !out)
        return KP_EINVAL;
    if (!strcmp(region, KP_REGION_ALL))
        return KP_ENOTFOUND; /* only a planning region approves its evaluation */
    int64_t next = 0;
    kp_rc rc = kp_evaluation_next_version(ctx, region, at, &next);
    if (!rc && expect_version && expect_version != next)
        rc = KP_ECONFLICT;
    if (rc)
        return rc;
    kp_figures figs = {0};
    kp_chapter ch[KP_CHAPTER_COUNT];
    bool have_ch = false;
    kp_buf files[KP_EVAL_MAX_FILES], csv;
    kp_eval_file_in in[KP_EVAL_MAX_FILES];
    for (size_t i = 0; i < nformats; i++)
        kp_buf_init(&files[i], 0);
    kp_buf_init(&csv, 0);
    rc = kp_eval_figures(ctx, region, at, &figs);
    if (!rc)
        rc = kp_chapters_current(ctx, region, at, ch);
    have_ch = !rc;
    if (!rc)
        rc = rows(&figs, false, &csv);
    char today[12], line[96];
    kp_date_format_lv(kp_ctx_today(ctx), today);
    snprintf(line, sizeof line, "apstiprināta versija %lld, %s", (long long)next, today);
    for (size_t i = 0; i < nformats && !rc; i++) {
        rc = kp_eval_render(ctx, region, at, formats[i], &figs, ch, line, &files[i]);
        in[i] = (kp_eval_file_in){formats[i], files[i].data, files[i].len};
    }
    if (!rc)
        rc = kp_evaluation_approve_version(ctx, region, at, in, nformats, kp_buf_str(&csv), ch, next, out);
    if (!rc && first)
        rc = kp_buf_append(first, files[0].data, files[0].len);
    if (have_ch)
        kp_chapters_free(ch, KP_CHAPTER_COUNT);
    kp_figures_free(&figs);
    for (size_t i = 0; i < nformats; i++)
        kp_buf_free(&files[i]);
    kp_buf_free(&csv);
    return rc;
}
