/* The report model and its arena (see model.h). */
#include "report/model.h"
#include "report/map.h"
#include "core/mem.h"
#include "core/money.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kp_arena_chunk {
    kp_arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define CHUNK_BYTES ((size_t)64 * 1024)

static void *arena_alloc(kp_doc *d, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    kp_arena_chunk *c = d->arena;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > CHUNK_BYTES ? n : CHUNK_BYTES;
        c = kp_xmalloc(sizeof *c + cap);
        c->next = d->arena;
        c->used = 0;
        c->cap = cap;
        d->arena = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

void kp_doc_init(kp_doc *d)
{
    memset(d, 0, sizeof *d);
    d->created = KP_DATE_NONE;
}

void kp_doc_free(kp_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nsections; i++) {
        kp_section *s = d->sections[i];
        for (size_t b = 0; b < s->nblocks; b++) {
            kp_block *k = &s->blocks[b];
            if (k->table)
                free(k->table->cells);
            if (k->chart) {
                free(k->chart->categories);
                free(k->chart->values);
            }
        }
        free(s->blocks);
    }
    free(d->sections);
    for (kp_arena_chunk *c = d->arena, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    memset(d, 0, sizeof *d);
}

const char *kp_doc_str(kp_doc *d, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = arena_alloc(d, n + 1);
    memcpy(p, s, n + 1);
    return p;
}

const char *kp_doc_printf(kp_doc *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return "";
    char *p = arena_alloc(d, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

kp_section *kp_doc_section(kp_doc *d, const char *title, const char *sheet, bool new_page)
{
    if (d->nsections == d->capsections) {
        d->capsections = d->capsections ? d->capsections * 2 : 16;
        d->sections = kp_xrealloc(d->sections, d->capsections * sizeof *d->sections);
    }
    kp_section *s = arena_alloc(d, sizeof *s);
    s->title = kp_doc_str(d, title);
    s->sheet = kp_doc_str(d, sheet ? sheet : title);
    s->new_page = new_page;
    d->sections[d->nsections++] = s;
    return s;
}

static kp_block *block(kp_section *s, kp_block_kind kind)
{
    if (s->nblocks == s->capblocks) {
        s->capblocks = s->capblocks ? s->capblocks * 2 : 8;
        s->blocks = kp_xrealloc(s->blocks, s->capblocks * sizeof *s->blocks);
    }
    kp_block *b = &s->blocks[s->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void kp_doc_para(kp_doc *d, kp_section *s, const char *text)
{
    block(s, KP_BLOCK_PARA)->text = kp_doc_str(d, text);
}

void kp_doc_heading(kp_doc *d, kp_section *s, const char *text)
{
    block(s, KP_BLOCK_HEADING)->text = kp_doc_str(d, text);
}

kp_table *kp_doc_table(kp_doc *d, kp_section *s, const char *title, size_t ncols, ...)
{
    kp_table *t = arena_alloc(d, sizeof *t);
    t->title = kp_doc_str(d, title);
    t->ncols = ncols;
    t->header = arena_alloc(d, ncols * sizeof *t->header);
    va_list ap;
    va_start(ap, ncols);
    for (size_t i = 0; i < ncols; i++)
        t->header[i] = kp_doc_str(d, va_arg(ap, const char *));
    va_end(ap);
    block(s, KP_BLOCK_TABLE)->table = t;
    return t;
}

kp_table *kp_doc_table_v(kp_doc *d, kp_section *s, const char *title, size_t ncols, const char *const *header)
{
    kp_table *t = arena_alloc(d, sizeof *t);
    t->title = kp_doc_str(d, title);
    t->ncols = ncols;
    t->header = arena_alloc(d, ncols * sizeof *t->header);
    for (size_t i = 0; i < ncols; i++)
        t->header[i] = kp_doc_str(d, header[i]);
    block(s, KP_BLOCK_TABLE)->table = t;
    return t;
}

kp_cell *kp_table_row(kp_doc *d, kp_table *t)
{
    (void)d;
    if (t->nrows == t->caprows) {
        t->caprows = t->caprows ? t->caprows * 2 : 8;
        t->cells = kp_xrealloc(t->cells, t->caprows * t->ncols * sizeof *t->cells);
    }
    kp_cell *row = &t->cells[t->nrows++ * t->ncols];
    memset(row, 0, t->ncols * sizeof *row);
    return row;
}

kp_chart *kp_doc_chart(kp_doc *d, kp_section *s, const char *title, const char *unit, size_t nseries, ...)
{
    kp_chart *c = arena_alloc(d, sizeof *c);
    c->title = kp_doc_str(d, title);
    c->unit = kp_doc_str(d, unit);
    c->nseries = nseries;
    c->series = arena_alloc(d, nseries * sizeof *c->series);
    va_list ap;
    va_start(ap, nseries);
    for (size_t i = 0; i < nseries; i++)
        c->series[i] = kp_doc_str(d, va_arg(ap, const char *));
    va_end(ap);
    block(s, KP_BLOCK_CHART)->chart = c;
    return c;
}

int64_t *kp_chart_category(kp_doc *d, kp_chart *c, const char *name)
{
    if (c->ncat == c->capcat) {
        c->capcat = c->capcat ? c->capcat * 2 : 8;
        c->categories = kp_xrealloc(c->categories, c->capcat * sizeof *c->categories);
        c->values = kp_xrealloc(c->values, c->capcat * c->nseries * sizeof *c->values);
    }
    c->categories[c->ncat] = kp_doc_str(d, name);
    int64_t *v = &c->values[c->ncat * c->nseries];
    memset(v, 0, c->nseries * sizeof *v);
    c->ncat++;
    return v;
}

void kp_chart_value_format(const kp_chart *c, int64_t v, char *out, size_t outlen)
{
    if (!out || !outlen)
        return;
    if (!c || !c->hundredths) {
        snprintf(out, outlen, "%lld", (long long)v);
        return;
    }
    int64_t a = v < 0 ? -v : v;
    snprintf(out, outlen, "%s%lld,%02lld", v < 0 ? "-" : "", (long long)(a / 100), (long long)(a % 100));
}

kp_rc kp_doc_map(kp_doc *d, kp_section *s, const kp_map *m)
{
    double w, h;
    if (!d || !s || kp_map_size(m, &w, &h) != KP_OK) /* the map's own checks: it will draw */
        return KP_EINVAL;
    kp_map *c = arena_alloc(d, sizeof *c);
    kp_map_area *a = arena_alloc(d, m->n * sizeof *a);
    for (size_t i = 0; i < m->n; i++) {
        a[i] = m->areas[i];
        a[i].atvk = m->areas[i].atvk ? kp_doc_str(d, m->areas[i].atvk) : NULL;
        a[i].name = m->areas[i].name ? kp_doc_str(d, m->areas[i].name) : NULL;
        a[i].rings = m->areas[i].rings ? kp_doc_str(d, m->areas[i].rings) : NULL;
    }
    *c = (kp_map){.id = kp_doc_str(d, m->id), .title = kp_doc_str(d, m->title), .desc = kp_doc_str(d, m->desc),
                  .legend = m->legend ? kp_doc_str(d, m->legend) : NULL,
                  .no_value = m->no_value ? kp_doc_str(d, m->no_value) : NULL,
                  .credit = m->credit ? kp_doc_str(d, m->credit) : NULL, .areas = a, .n = m->n,
                  .scale_max = m->scale_max};
    block(s, KP_BLOCK_MAP)->map = c;
    return KP_OK;
}

kp_cell kp_c_text(kp_doc *d, const char *s)
{
    return (kp_cell){.kind = KP_CELL_TEXT, .text = kp_doc_str(d, s ? s : "")};
}

kp_cell kp_c_count(int64_t v) { return (kp_cell){.kind = KP_CELL_COUNT, .v = v}; }
kp_cell kp_c_cents(int64_t v) { return (kp_cell){.kind = KP_CELL_CENTS, .v = v}; }
kp_cell kp_c_pct(int64_t hundredths) { return (kp_cell){.kind = KP_CELL_PCT, .v = hundredths}; }
kp_cell kp_c_date(kp_date v) { return (kp_cell){.kind = KP_CELL_DATE, .v = v}; }
kp_cell kp_c_hundredths(int64_t v) { return (kp_cell){.kind = KP_CELL_HUNDREDTHS, .v = v}; }

/* Copies src into out replacing each ASCII space by `space`. */
static void respace(const char *src, const char *space, char *out, size_t outlen)
{
    size_t o = 0, sl = strlen(space);
    for (const char *p = src; *p && o + 1 < outlen; p++) {
        if (*p == ' ') {
            if (o + sl + 1 >= outlen)
                break;
            memcpy(out + o, space, sl);
            o += sl;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

void kp_cell_format(const kp_cell *c, const char *space, char *out, size_t outlen)
{
    char tmp[64];
    if (!outlen)
        return;
    out[0] = '\0';
    if (!space)
        space = " ";
    switch (c->kind) {
    case KP_CELL_EMPTY:
        return;
    case KP_CELL_TEXT:
        snprintf(out, outlen, "%s", c->text ? c->text : "");
        return;
    case KP_CELL_COUNT:
        snprintf(out, outlen, "%lld", (long long)c->v);
        return;
    case KP_CELL_CENTS: {
        char m[32];
        kp_money_format_lv(c->v, m);
        snprintf(tmp, sizeof tmp, "%s €", m);
        respace(tmp, space, out, outlen);
        return;
    }
    case KP_CELL_PCT: {
        int64_t v = c->v < 0 ? -c->v : c->v;
        snprintf(tmp, sizeof tmp, "%s%lld,%02lld %%", c->v < 0 ? "-" : "", (long long)(v / 100), (long long)(v % 100));
        respace(tmp, space, out, outlen);
        return;
    }
    case KP_CELL_HUNDREDTHS: {
        int64_t v = c->v < 0 ? -c->v : c->v;
        snprintf(out, outlen, "%s%lld,%02lld", c->v < 0 ? "-" : "", (long long)(v / 100), (long long)(v % 100));
        return;
    }
    case KP_CELL_DATE:
        if (c->v == KP_DATE_NONE) {
            return;
        } else {
            char d[12];
            kp_date_format_lv((kp_date)c->v, d);
            snprintf(out, outlen, "%s", d);
        }
        return;
    }
}
