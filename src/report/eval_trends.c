/* The chapter of figures 1–3 (see eval_trends.h). */
#include "report/eval_trends.h"
#include "core/buf.h"
#include "core/mem.h"
#include "service/figures/figure_records.h"
#include <stdio.h>
#include <string.h>

int kp_eval_trends_first_year(kp_date at)
{
    return kp_trends_first_year(at);
}

static const char *noun(int64_t n, const char *one, const char *many)
{
    int64_t a = n < 0 ? -n : n;
    return a % 10 == 1 && a % 100 != 11 ? one : many;
}

kp_rc kp_eval_trend_sentence(const char *subject, const char *one, const char *many, int first_year, int last_year,
                             int64_t first, int64_t last, kp_buf *out)
{
    if (!subject || !one || !many || !out)
        return KP_EINVAL;
    int64_t diff = last - first;
    if (!diff)
        return kp_buf_printf(out, "%s %d.–%d. gadā nav mainījies (%lld).", subject, first_year, last_year,
                             (long long)last);
    int64_t a = diff < 0 ? -diff : diff;
    kp_rc rc = kp_buf_printf(out, "%s %d.–%d. gadā %s par %lld %s", subject, first_year, last_year,
                             diff > 0 ? "pieaudzis" : "samazinājies", (long long)a, noun(a, one, many));
    if (!rc && first > 0) {
        /* The change as a share of the first year, in tenths, half up. */
        int64_t tenths = (a * 2000 + first) / (2 * first);
        rc = kp_buf_printf(out, " jeb %lld,%lld %%", (long long)(tenths / 10), (long long)(tenths % 10));
    }
    if (!rc)
        rc = kp_buf_printf(out, " (no %lld līdz %lld).", (long long)first, (long long)last);
    return rc;
}

/* ---- building ------------------------------------------------------------ */

typedef struct tb {
    kp_doc *doc;
    kp_section *s;
    const kp_figures *f;
    int first, last;
    kp_date at;
} tb;

static bool value(const tb *t, const char *item, const char *measure, int year, int64_t *v)
{
    for (size_t i = 0; i < t->f->n; i++) {
        const kp_figure *x = &t->f->items[i];
        if (x->municipality_id == 0 && x->period == year && !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            *v = x->value;
            return true;
        }
    }
    *v = 0;
    return false;
}

/* The cell of a figure, linked to its records (kp_figure_ref_format). */
static kp_cell cell(const tb *t, kp_cell c, const char *item, const char *measure, int year)
{
    for (size_t i = 0; i < t->f->n; i++) {
        const kp_figure *x = &t->f->items[i];
        if (x->municipality_id == 0 && x->period == year && !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            char ref[KP_FIGURE_REF_MAX];
            kp_figure_ref_format(x, ref);
            c.figure = kp_doc_str(t->doc, ref);
            break;
        }
    }
    return c;
}

static const char *label(const char *item, const char *measure)
{
    return kp_catalogue_label(kp_catalogue_find("trends", item, measure), "lv", false);
}


static void sentence(tb *t, const char *subject, const char *one, const char *many, const char *item)
{
    int64_t a = 0, b = 0;
    if (!value(t, item, "persons", t->first, &a) || !value(t, item, "persons", t->last, &b))
        return;
    kp_buf s;
    kp_buf_init(&s, 4096);
    if (!kp_eval_trend_sentence(subject, one, many, t->first, t->last, a, b, &s))
        kp_doc_para(t->doc, t->s, kp_buf_str(&s));
    kp_buf_free(&s);
}

/* A chart and its table of counts: one series (and column) per item, and
 * with `total` a column of their sum. */
static void counts(tb *t, const char *title, const char *const items[3], bool total)
{
    kp_doc *d = t->doc;
    const char *l0 = label(items[0], "persons"), *l1 = label(items[1], "persons"), *l2 = label(items[2], "persons");
    kp_chart *c = kp_doc_chart(d, t->s, title, "personas", 3, l0, l1, l2);
    c->category_label = "Gads";
    const char *hdr[5] = {"Stāvoklis uz", l0, l1, l2, "Kopā"};
    size_t ncols = total ? 5 : 4;
    kp_table *tab = kp_doc_table_v(d, t->s, kp_doc_printf(d, "%s: skaitļi", title), ncols, hdr);
    for (int y = t->first; y <= t->last; y++) {
        int64_t *v = kp_chart_category(d, c, kp_doc_printf(d, "%d", y));
        kp_cell *row = kp_table_row(d, tab);
        row[0] = kp_c_date(kp_trend_date(y, t->at));
        int64_t sum = 0;
        for (size_t i = 0; i < 3; i++) {
            value(t, items[i], "persons", y, &v[i]);
            row[1 + i] = cell(t, kp_c_count(v[i]), items[i], "persons", y);
            sum += v[i];
        }
        if (total)
            row[4] = kp_c_count(sum);
    }
}

static void rates(tb *t, const char *title)
{
    kp_doc *d = t->doc;
    static const char *const items[] = {"grt_adults_living", "ft_children_living"};
    const char *l0 = label(items[0], "per_1000"), *l1 = label(items[1], "per_1000");
    int64_t pop = 0;
    kp_chart *c = NULL;
    /* The chart (years with a population only) first, then the table of
     * every year. */
    for (int y = t->first; y <= t->last; y++) {
        if (!value(t, "population", "inhabitants", y, &pop))
            continue;
        if (!c) {
            c = kp_doc_chart(d, t->s, title, "uz 1000 iedzīvotājiem", 2, label(items[0], "persons"),
                             label(items[1], "persons"));
            c->hundredths = true;
            c->category_label = "Gads";
        }
        int64_t *v = kp_chart_category(d, c, kp_doc_printf(d, "%d", y));
        value(t, items[0], "per_1000", y, &v[0]);
        value(t, items[1], "per_1000", y, &v[1]);
    }
    kp_buf missing;
    kp_buf_init(&missing, 1024);
    kp_table *tab = kp_doc_table(d, t->s, kp_doc_printf(d, "%s: skaitļi", title), 4, "Stāvoklis uz",
                                 "Iedzīvotāji gada sākumā", l0, l1);
    for (int y = t->first; y <= t->last; y++) {
        kp_cell *row = kp_table_row(d, tab);
        row[0] = kp_c_date(kp_trend_date(y, t->at));
        if (!value(t, "population", "inhabitants", y, &pop)) {
            /* Unknown, and no rate: the sentence below names the years. */
            (void)kp_buf_printf(&missing, "%s%d", missing.len ? ", " : "", y);
            row[1] = kp_c_text(d, "nav datu");
            continue;
        }
        row[1] = kp_c_count(pop);
        for (int k = 0; k < 2; k++) {
            int64_t r = 0;
            value(t, items[k], "per_1000", y, &r);
            row[2 + k] = cell(t, kp_c_hundredths(r), items[k], "per_1000", y);
        }
    }
    if (missing.len)
        kp_doc_para(d, t->s,
                    kp_doc_printf(d, "Iedzīvotāju skaits nav zināms visām teritorijām, kas reģionā ietilpa, šiem "
                                     "gadiem: %s. Rādītājs uz 1000 iedzīvotājiem tiem nav aprēķināts (data/population.csv, "
                                     "docs/catalogues.md).",
                                  kp_buf_str(&missing)));
    kp_buf_free(&missing);
}

/* The rates of the first and the last year with a population, compared. */
static void rate_sentence(tb *t)
{
    int a = 0, b = 0;
    int64_t pop = 0;
    for (int y = t->first; y <= t->last; y++)
        if (value(t, "population", "inhabitants", y, &pop)) {
            if (!a)
                a = y;
            b = y;
        }
    if (!a || a == b)
        return;
    int64_t g0 = 0, g1 = 0, f0 = 0, f1 = 0;
    value(t, "grt_adults_living", "per_1000", a, &g0);
    value(t, "grt_adults_living", "per_1000", b, &g1);
    value(t, "ft_children_living", "per_1000", a, &f0);
    value(t, "ft_children_living", "per_1000", b, &f1);
    kp_doc_para(t->doc, t->s,
                kp_doc_printf(t->doc,
                              "Uz 1000 iedzīvotājiem: pilngadīgas personas ar GRT %d. gadā %lld,%02lld, %d. gadā "
                              "%lld,%02lld (%s); bērni ar FT %d. gadā %lld,%02lld, %d. gadā %lld,%02lld (%s).",
                              a, (long long)(g0 / 100), (long long)(g0 % 100), b, (long long)(g1 / 100),
                              (long long)(g1 % 100), g1 > g0 ? "pieaug" : g1 < g0 ? "samazinās" : "nemainās", a,
                              (long long)(f0 / 100), (long long)(f0 % 100), b, (long long)(f1 / 100),
                              (long long)(f1 % 100), f1 > f0 ? "pieaug" : f1 < f0 ? "samazinās" : "nemainās"));
}

kp_rc kp_eval_trends_chapter(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc)
{
    if (!ctx || !region || !doc || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_figures f = {0};
    tb t = {.doc = doc, .f = &f, .first = kp_eval_trends_first_year(at), .last = kp_date_year(at), .at = at};
    kp_rc rc = KP_OK;
    if (figs) {
        /* The evaluation's own trend rows (the region's, or the country's
         * fold): the same numbers as kp_trends_for, not counted again. */
        for (size_t i = 0; i < figs->n; i++) {
            const kp_figure *x = &figs->items[i];
            if (x->municipality_id != 0 || strcmp(x->section, "trends") != 0)
                continue;
            if (f.n == f.cap) {
                f.cap = f.cap ? f.cap * 2 : 64;
                f.items = kp_xrealloc(f.items, f.cap * sizeof *f.items);
            }
            f.items[f.n++] = *x;
        }
    } else {
        rc = kp_trends_for(ctx, region, t.first, at, &f);
    }
    if (rc)
        return rc;
    char end[12];
    kp_date_format_lv(kp_trend_date(t.last, at), end);
    t.s = kp_doc_section(doc, kp_doc_printf(doc, "Mērķa grupas personu skaita izmaiņas (%d–%d)", t.first, t.last),
                         "Izmaiņas", true);
    kp_doc_para(doc, t.s,
                kp_doc_printf(doc,
                              "Personas, kas reģistrētas reģiona pašvaldībās, katra gada 31. decembrī (%d. gadā — "
                              "%s), pēc tām pašām definīcijām kā konteksta tabulā: pieaugušie ar GRT, kas dzīvo "
                              "pašvaldībā (ne VSAC), bērni ar FT, kas dzīvo ģimenēs, bērni ārpusģimenes aprūpē pēc "
                              "dzīvesvietas; slēgtas lietas netiek skaitītas. Reģiona teritorijas — tās, kas tajā "
                              "ietilpa attiecīgajā datumā (līdz 2021. gada 30. jūnijam — pirms reformas).",
                              t.last, end));
    static const char *const fig1[] = {"grt_adults_living", "ft_children_living", "children_disability_special_care"};
    counts(&t, "1. attēls. Pilngadīgu personu ar GRT un bērnu ar FT skaita izmaiņas", fig1, false);
    sentence(&t, "Bērnu ar FT skaits", "bērnu", "bērniem", "ft_children_living");
    sentence(&t, "Tai skaitā bērnu ar īpašas kopšanas nepieciešamību skaits", "bērnu", "bērniem",
             "children_disability_special_care");
    sentence(&t, "Pilngadīgu personu ar GRT skaits", "personu", "personām", "grt_adults_living");
    static const char *const fig2[] = {"foster_family", "guardianship", "in_institutions"};
    counts(&t, "2. attēls. Ārpusģimenes aprūpē esošie bērni", fig2, true);
    sentence(&t, "Bērnu skaits BSAC", "bērnu", "bērniem", "in_institutions");
    sentence(&t, "Bērnu skaits audžuģimenēs", "bērnu", "bērniem", "foster_family");
    sentence(&t, "Bērnu skaits aizbildnībā", "bērnu", "bērniem", "guardianship");
    rates(&t, kp_doc_printf(doc, "3. attēls. Bērnu ar FT un pilngadīgu personu ar GRT īpatsvars uz 1000 iedzīvotājiem "
                                 "(%d–%d)", t.first, t.last));
    rate_sentence(&t);
    kp_doc_para(doc, t.s,
                "Rādītājs uz 1000 iedzīvotājiem: 31. decembra personu skaits, dalīts ar nākamā gada 1. janvāra "
                "iedzīvotāju skaitu to teritoriju, kas reģionā ietilpa 31. decembrī (ja datums ir gada vidū — ar "
                "šī gada 1. janvāra skaitu); katra iedzīvotāju skaitļa avots norādīts data/population.csv.");
    kp_figures_free(&f);
    return KP_OK;
}
