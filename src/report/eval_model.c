/* Building the progress evaluation's report model (see eval_model.h). */
#include "report/eval_model.h"
#include "report/eval_amendments.h"
#include "report/eval_cost.h"
#include "report/eval_published.h"
#include "report/eval_trends.h"
#include "report/eval_service_maps.h"
#include "service/access.h"
#include "service/figures/eval_details.h"
#include "service/figures/catalogue.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- figures ------------------------------------------------------------ */

/* Looks a figure up; tg NULL matches any target group. */
static bool fig_get(const kp_figures *f, const char *section, int64_t muni, const char *tg, const char *item,
                    const char *measure, int period, int64_t *v)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == muni && x->period == period && !strcmp(x->section, section) &&
            (!tg || !strcmp(x->target_group, tg)) && !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            *v = x->value;
            return true;
        }
    }
    return false;
}

kp_rc kp_eval_figures(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out)
{
    return kp_figures_for(ctx, region, at, out);
}

/* ---- labels -------------------------------------------------------------- */

static const char *group_label(const char *tg)
{
    if (!strcmp(tg, "grt"))
        return "Pieaugušie ar GRT";
    if (!strcmp(tg, "ft"))
        return "Bērni ar FT";
    if (!strcmp(tg, "parents"))
        return "Bērnu ar FT vecāki";
    if (!strcmp(tg, "bsac"))
        return "Bērni ārpusģimenes aprūpē";
    return tg;
}

static const char *status_label(const char *s)
{
    static const char *const map[][2] = {{"planned", "plānots"},       {"building", "būvniecībā"},
                                         {"registered", "reģistrēts"}, {"operating", "darbojas"},
                                         {"cancelled", "atcelts"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], s))
            return map[i][1];
    return s;
}

typedef struct names {
    kp_eval_list services, indicators;
} names;

static const char *lookup(const kp_eval_list *l, const char *code)
{
    const kp_eval_name *n = l->items;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(n[i].code, code))
            return n[i].name;
    return code;
}

/* ---- building ------------------------------------------------------------ */

typedef struct unit {
    int64_t id;
    const char *name;
} unit;

typedef struct builder {
    kp_ctx *ctx;
    const char *region;
    kp_date at;
    const kp_figures *f;
    kp_doc *doc;
    names nm;
    unit *units;
    size_t nunits;
    int years[32];
    size_t nyears;
    bool national;
} builder;

static bool get(builder *b, const char *section, int64_t muni, const char *tg, const char *item, const char *measure,
                int period, int64_t *v)
{
    return fig_get(b->f, section, muni, tg, item, measure, period, v);
}

static void collect_units(builder *b)
{
    b->units = kp_xcalloc(b->f->n + 1, sizeof *b->units);
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "context") != 0 || x->municipality_id == 0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < b->nunits && !seen; j++)
            seen = b->units[j].id == x->municipality_id;
        if (!seen)
            b->units[b->nunits++] = (unit){x->municipality_id, kp_doc_str(b->doc, x->municipality)};
    }
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "compensation") != 0 || !x->period || x->municipality_id != 0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < b->nyears && !seen; j++)
            seen = b->years[j] == x->period;
        if (!seen && b->nyears < 32)
            b->years[b->nyears++] = x->period;
    }
}

/* The figure as a cell of its kind, naming the figure (for the links to
 * its records); empty when there is no such figure, or with zero_if_none
 * a zero of the catalogue's kind (not linked). */
static kp_cell fig_cell_or(builder *b, const char *section, int64_t muni, const char *tg, const char *item,
                           const char *measure, int period, bool zero_if_none)
{
    const kp_figure *f = b->f->items;
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &f[i];
        if (x->municipality_id == muni && x->period == period && !strcmp(x->section, section) &&
            (!tg || !strcmp(x->target_group, tg)) && !strcmp(x->item, item) && !strcmp(x->measure, measure)) {
            kp_cell c = x->kind == KP_VAL_CENTS        ? kp_c_cents(x->value)
                        : x->kind == KP_VAL_HUNDREDTHS ? kp_c_pct(x->value)
                                                       : kp_c_count(x->value);
            c.figure = kp_doc_printf(b->doc, "%s.%s.%s.%s.%d", x->section, x->target_group, x->item, x->measure,
                                     x->period);
            c.unit = x->municipality_id;
            return c;
        }
    }
    if (!zero_if_none)
        return (kp_cell){0};
    const kp_figure_def *def = kp_catalogue_find(section, item, measure);
    kp_value_kind kind = def ? def->kind : KP_VAL_COUNT;
    return kind == KP_VAL_CENTS ? kp_c_cents(0) : kind == KP_VAL_HUNDREDTHS ? kp_c_pct(0) : kp_c_count(0);
}

static kp_cell fig_cell(builder *b, const char *section, int64_t muni, const char *tg, const char *item,
                        const char *measure, int period)
{
    return fig_cell_or(b, section, muni, tg, item, measure, period, false);
}

static kp_cell fig_cell0(builder *b, const char *section, int64_t muni, const char *tg, const char *item,
                         const char *measure, int period)
{
    return fig_cell_or(b, section, muni, tg, item, measure, period, true);
}

static kp_cell count_or_empty(builder *b, const char *section, int64_t muni, const char *tg, const char *item,
                              const char *measure, int period)
{
    return fig_cell(b, section, muni, tg, item, measure, period);
}

static void project_section(builder *b)
{
    kp_doc *d = b->doc;
    kp_section *s = kp_doc_section(d, "Projekts un budžets", "Projekts", true);
    kp_eval_list projects = {0};
    if (!b->national && kp_eval_projects(b->ctx, b->region, b->at, &projects) == KP_OK && projects.n) {
        kp_table *t = kp_doc_table(d, s, "ESF projekts", 6, "Numurs", "Nosaukums", "Periods", "Budžets", "ESF",
                                   "Valsts budžets");
        const kp_eval_project *p = projects.items;
        for (size_t i = 0; i < projects.n; i++) {
            kp_cell *row = kp_table_row(d, t);
            kp_date from = 0, to = 0;
            char a[12] = "", z[12] = "";
            if (!kp_date_parse_iso(p[i].start, &from))
                kp_date_format_lv(from, a);
            if (!kp_date_parse_iso(p[i].end, &to))
                kp_date_format_lv(to, z);
            row[0] = kp_c_text(d, p[i].number);
            row[1] = kp_c_text(d, p[i].name);
            row[2] = kp_c_text(d, kp_doc_printf(d, "%s–%s", a, z));
            row[3] = kp_c_cents(p[i].budget);
            row[4] = kp_c_cents(p[i].esf);
            row[5] = kp_c_cents(p[i].state);
        }
    }
    kp_eval_list_free(&projects);
    char at[12];
    kp_date_format_lv(b->at, at);
    kp_table *t = kp_doc_table(d, s, "Finansējums un tā apguve", 2, "Rādītājs", "Vērtība");
    const kp_figure_def *pd = NULL;
    size_t npd = kp_catalogue_section("project", &pd);
    for (size_t i = 0; i < npd; i++) {
        int64_t v = 0;
        if (!get(b, "project", 0, "", pd[i].item, pd[i].measure, 0, &v))
            continue;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, kp_catalogue_label(&pd[i], "lv", false));
        row[1] = fig_cell(b, "project", 0, "", pd[i].item, pd[i].measure, 0);
    }
    int64_t total = 0, pct = 0;
    if (get(b, "compensation", 0, "", "total", "eur", 0, &total)) {
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, "Pašvaldībām kompensētie izdevumi kopā");
        row[1] = fig_cell(b, "compensation", 0, "", "total", "eur", 0);
    }
    if (get(b, "compensation", 0, "", "total", "pct", 0, &pct)) {
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, "Kompensēto izdevumu daļa no budžeta");
        row[1] = fig_cell(b, "compensation", 0, "", "total", "pct", 0);
    }
    if (b->nyears) {
        kp_table *y = kp_doc_table(d, s, "Pašvaldībām kompensētie izdevumi pa gadiem", 2, "Gads", "Summa");
        for (size_t i = 0; i < b->nyears; i++) {
            int64_t v = 0;
            get(b, "compensation", 0, "", "total", "eur", b->years[i], &v);
            kp_cell *row = kp_table_row(d, y);
            row[0] = kp_c_text(d, kp_doc_printf(d, "%d. gads", b->years[i]));
            row[1] = fig_cell0(b, "compensation", 0, "", "total", "eur", b->years[i]);
        }
        kp_cell *row = kp_table_row(d, y);
        row[0] = kp_c_text(d, "Kopā");
        row[0].strong = true;
        row[1] = fig_cell0(b, "compensation", 0, "", "total", "eur", 0);
        row[1].strong = true;
    }
}

static void context_section(builder *b)
{
    kp_doc *d = b->doc;
    kp_section *s = kp_doc_section(d, b->national ? "Mērķa grupas reģionos" : "Mērķa grupas reģionā", "Mērķa grupas", true);
    const kp_figure_def *cd = NULL;
    size_t ncd = kp_catalogue_section("context", &cd);
    const char **hdr = kp_xcalloc(ncd + 1, sizeof *hdr);
    hdr[0] = b->national ? "Reģions" : "Pašvaldība";
    for (size_t i = 0; i < ncd; i++)
        hdr[1 + i] = kp_catalogue_label(&cd[i], "lv", false);
    kp_table *t = kp_doc_table_v(d, s, "Mērķa grupu personu skaits", ncd + 1, hdr);
    free(hdr);
    for (size_t u = 0; u <= b->nunits; u++) {
        bool total = u == b->nunits;
        int64_t id = total ? 0 : b->units[u].id;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, total ? (b->national ? "Latvija kopā" : "Reģionā kopā") : b->units[u].name);
        row[0].strong = total;
        for (size_t i = 0; i < ncd; i++) {
            row[1 + i] = count_or_empty(b, "context", id, NULL, cd[i].item, "persons", 0);
            row[1 + i].strong = total;
        }
    }
    /* The decomposition of the assessed, in the catalogue's order. */
    const kp_figure_def *dd = NULL;
    size_t ndd = kp_catalogue_section("output_indicators_detail", &dd);
    int64_t v = 0;
    /* The table's order: the adults and their parts, then the children. */
    static const char *const shown[] = {"grt_assessed_total", "grt_assessed_in_municipalities",
                                        "grt_assessed_living_in_vsac", "ft_children_assessed", "bsac_children_assessed"};
    if (ndd && get(b, "output_indicators_detail", 0, NULL, dd[0].item, "persons", 0, &v)) {
        kp_table *x = kp_doc_table(d, s, "Projektā izvērtētās personas", 2, "Mērķa grupa", "Personas");
        for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
            v = 0;
            get(b, "output_indicators_detail", 0, NULL, shown[i], "persons", 0, &v);
            kp_cell *row = kp_table_row(d, x);
            row[0] = kp_c_text(d, kp_catalogue_label(kp_catalogue_find("output_indicators_detail", shown[i], "persons"),
                                                     "lv", false));
            row[1] = fig_cell0(b, "output_indicators_detail", 0, NULL, shown[i], "persons", 0);
        }
    }
}

/* Services present for a municipality in a section ("assessed_needs",
 * "services_provided") for any of the groups, in catalogue order. */
static bool has_service(builder *b, const char *section, int64_t muni, const char *tg, const char *code, int64_t *v)
{
    return get(b, section, muni, tg, code, "persons", 0, v);
}

static bool is_kind(builder *b, const char *code)
{
    (void)b;
    static const char *const kinds[] = {"adapted_pool", "montessori",   "hippotherapy",         "music_therapy",
                                        "physiotherapy", "occupational_therapy", "multisensory", "warm_sand"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i], code))
            return true;
    return false;
}

static void municipality_chapter(builder *b, const unit *u, const kp_eval_list *preds, const kp_eval_list *objects,
                                 const kp_eval_list *coop)
{
    kp_doc *d = b->doc;
    kp_section *s = kp_doc_section(d, u->name, u->name, true);
    /* Which pre-reform municipalities it holds. */
    const kp_eval_predecessor *p = preds->items;
    kp_buf list;
    kp_buf_init(&list, 0);
    for (size_t i = 0; i < preds->n; i++)
        if (p[i].holder_id == u->id)
            kp_buf_printf(&list, "%s%s", list.len ? ", " : "", p[i].name);
    if (list.len)
        kp_doc_para(d, s, kp_doc_printf(d, "Pēc administratīvi teritoriālās reformas ietver: %s. Ieraksti, kas veikti "
                                           "šo pašvaldību laikā, ir ieskaitīti šeit.",
                                        kp_buf_str(&list)));
    kp_buf_free(&list);

    kp_table *t = kp_doc_table(d, s, "Mērķa grupas pašvaldībā", 2, "Rādītājs", "Personas");
    const kp_figure_def *cd = NULL;
    size_t ncd = kp_catalogue_section("context", &cd);
    for (size_t i = 0; i < ncd; i++) {
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, kp_catalogue_label(&cd[i], "lv", true));
        row[1] = count_or_empty(b, "context", u->id, NULL, cd[i].item, "persons", 0);
    }

    const kp_eval_name *svc = b->nm.services.items;
    kp_table *n = NULL;
    for (size_t i = 0; i < b->nm.services.n; i++) {
        int64_t g = 0, f = 0;
        bool hg = has_service(b, "assessed_needs", u->id, "grt", svc[i].code, &g);
        bool hf = has_service(b, "assessed_needs", u->id, "ft", svc[i].code, &f);
        if (!hg && !hf)
            continue;
        if (!n)
            n = kp_doc_table(d, s, "Izvērtētās vajadzības pēc pakalpojumiem", 3, "Pakalpojums", "Pieaugušie ar GRT",
                             "Bērni ar FT");
        kp_cell *row = kp_table_row(d, n);
        row[0] = kp_c_text(d, is_kind(b, svc[i].code) ? kp_doc_printf(d, "t. sk. %s", svc[i].name) : svc[i].name);
        if (hg)
            row[1] = fig_cell(b, "assessed_needs", u->id, "grt", svc[i].code, "persons", 0);
        if (hf)
            row[2] = fig_cell(b, "assessed_needs", u->id, "ft", svc[i].code, "persons", 0);
    }
    if (!n)
        kp_doc_para(d, s, "Izvērtēto vajadzību ierakstu nav.");

    kp_doc_heading(d, s, "Sniegtie pakalpojumi DI projekta ietvaros");
    const kp_figure_def *rd = NULL;
    size_t nrd = kp_catalogue_section("recipients", &rd);
    bool any = false;
    for (size_t g = 0; g < nrd; g++) {
        kp_chart *c = NULL;
        for (size_t i = 0; i < b->nm.services.n; i++) {
            int64_t v = 0;
            if (!has_service(b, "services_provided", u->id, rd[g].target_group, svc[i].code, &v))
                continue;
            if (!c)
                c = kp_doc_chart(d, s, kp_doc_printf(d, "Sniegtie pakalpojumi: %s", group_label(rd[g].target_group)), "personas",
                                 1, "Personas");
            kp_chart_category(d, c, svc[i].name)[0] = v;
            any = true;
        }
    }
    if (!any)
        kp_doc_para(d, s, "ESF apmaksātu pakalpojumu saņēmēju nav.");
    kp_table *r = kp_doc_table(d, s, "Pakalpojumu saņēmēji (personas)", 4, "Pieaugušie ar GRT", "Bērni ar FT",
                               "Bērnu ar FT vecāki", "Kopā");
    kp_cell *row = kp_table_row(d, r);
    int64_t sum = 0;
    for (size_t g = 0; g < nrd; g++) {
        int64_t v = 0;
        get(b, "recipients", u->id, rd[g].target_group, rd[g].item, "persons", 0, &v);
        row[g] = fig_cell0(b, "recipients", u->id, rd[g].target_group, rd[g].item, "persons", 0);
        sum += v;
    }
    row[3] = kp_c_count(sum);
    row[3].persons = true;

    int64_t total = 0, pct = 0;
    if (get(b, "compensation", u->id, "", "total", "eur", 0, &total)) {
        kp_table *c = kp_doc_table(d, s, "ESF projektā kompensētie izdevumi pa gadiem", 2, "Gads", "Summa");
        for (size_t i = 0; i < b->nyears; i++) {
            int64_t v = 0;
            if (!get(b, "compensation", u->id, "", "total", "eur", b->years[i], &v))
                continue;
            kp_cell *x = kp_table_row(d, c);
            x[0] = kp_c_text(d, kp_doc_printf(d, "%d. gads", b->years[i]));
            x[1] = fig_cell(b, "compensation", u->id, "", "total", "eur", b->years[i]);
        }
        kp_cell *x = kp_table_row(d, c);
        x[0] = kp_c_text(d, "Kopā");
        x[0].strong = true;
        x[1] = fig_cell(b, "compensation", u->id, "", "total", "eur", 0);
        x[1].strong = true;
        if (get(b, "compensation", u->id, "", "total", "pct", 0, &pct)) {
            x = kp_table_row(d, c);
            x[0] = kp_c_text(d, "Daļa no projekta kopējās summas");
            x[1] = fig_cell(b, "compensation", u->id, "", "total", "pct", 0);
        }
    } else {
        kp_doc_para(d, s, "Kompensēto izdevumu ierakstu nav.");
    }

    kp_doc_heading(d, s, "ERAF 9.3.1.1. pasākuma infrastruktūra");
    int64_t erdf = 0;
    char at[12];
    kp_date_format_lv(b->at, at);
    if (get(b, "erdf_funding", u->id, "", "total", "eur", 0, &erdf)) {
        kp_table *e = kp_doc_table(d, s, NULL, 2, "Rādītājs", "Summa");
        kp_cell *x = kp_table_row(d, e);
        x[0] = kp_c_text(d, kp_doc_printf(d, "ERAF finansējums uz %s", at));
        x[1] = fig_cell(b, "erdf_funding", u->id, "", "total", "eur", 0);
    }
    const kp_eval_object *o = objects->items;
    kp_table *ot = NULL;
    for (size_t i = 0; i < objects->n; i++) {
        if (o[i].holder_id != u->id)
            continue;
        if (!ot)
            ot = kp_doc_table(d, s, "DI plāna infrastruktūras objekti", 6, "Objekts", "Mērķa grupa", "Pakalpojums",
                              "Vietas", "Statuss", "ERAF");
        kp_cell *x = kp_table_row(d, ot);
        x[0] = kp_c_text(d, o[i].name);
        x[1] = kp_c_text(d, group_label(o[i].target_group));
        x[2] = kp_c_text(d, lookup(&b->nm.services, o[i].service));
        if (o[i].places >= 0)
            x[3] = kp_c_count(o[i].places);
        kp_date since = 0;
        char lv_since[12] = "";
        if (o[i].status_since[0] && !kp_date_parse_iso(o[i].status_since, &since))
            kp_date_format_lv(since, lv_since);
        x[4] = kp_c_text(d, lv_since[0] ? kp_doc_printf(d, "%s no %s", status_label(o[i].status), lv_since)
                                        : status_label(o[i].status));
        x[5] = kp_c_cents(o[i].erdf);
    }
    if (!ot)
        kp_doc_para(d, s, "DI plānā šai pašvaldībai infrastruktūras objektu nav.");

    const kp_eval_coop *c = coop->items;
    kp_table *ct = NULL;
    for (size_t i = 0; i < coop->n; i++) {
        if (c[i].holder_id != u->id)
            continue;
        if (!ct)
            ct = kp_doc_table(d, s, "Sadarbība ar kaimiņu / reģiona pašvaldībām", 5, "Partneris", "Pakalpojums",
                              "Mērķa grupa", "Sadarbība", "Vietas");
        kp_cell *x = kp_table_row(d, ct);
        x[0] = kp_c_text(d, c[i].partner);
        x[1] = kp_c_text(d, lookup(&b->nm.services, c[i].service));
        x[2] = kp_c_text(d, group_label(c[i].target_group));
        x[3] = kp_c_text(d, !strcmp(c[i].kind, "existing") ? "esošā" : "plānotā");
        if (c[i].places >= 0)
            x[4] = kp_c_count(c[i].places);
    }
    if (!ct)
        kp_doc_para(d, s, "Sadarbības ierakstu nav.");
}

static void infrastructure_section(builder *b)
{
    kp_doc *d = b->doc;
    kp_section *s = kp_doc_section(d, "DI plāna infrastruktūra", "DI plāns", true);
    kp_table *t = kp_doc_table(d, s, "Pakalpojumu infrastruktūra DI plānā", 4, "Mērķa grupa", "Pakalpojums", "Objekti",
                               "Vietas");
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "di_plan_infrastructure") || x->municipality_id || strcmp(x->measure, "objects"))
            continue;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, group_label(x->target_group));
        row[1] = kp_c_text(d, lookup(&b->nm.services, x->item));
        row[2] = fig_cell(b, "di_plan_infrastructure", 0, x->target_group, x->item, "objects", 0);
        row[3] = count_or_empty(b, "di_plan_infrastructure", 0, x->target_group, x->item, "places", 0);
    }
    int64_t n = 0;
    char at[12];
    kp_date_format_lv(b->at, at);
    if (get(b, "di_plan_amendments_to_date", 0, "", "amendments", "count", 0, &n)) {
        kp_table *a = kp_doc_table(d, s, NULL, 2, "Rādītājs", "Skaits");
        kp_cell *row = kp_table_row(d, a);
        row[0] = kp_c_text(d, kp_doc_printf(d, "DI plāna grozījumi līdz %s", at));
        row[1] = fig_cell(b, "di_plan_amendments_to_date", 0, "", "amendments", "count", 0);
    }
}

/* The years the indicator table's "achieved" values are labelled with, in
 * order: the evaluation's year and the one two years before for computed
 * values, and the year of an entered (survey) value, which is the last
 * calendar year ended by each date (docs/figures.md, "Entered values"). */
static size_t achieved_years(builder *b, int years[8])
{
    size_t n = 0;
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "indicator_table") || strcmp(x->measure, "achieved"))
            continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = years[j] == x->period;
        if (!seen && n < 8)
            years[n++] = x->period;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int t = years[j];
            years[j] = years[j - 1];
            years[j - 1] = t;
        }
    return n;
}

static void indicators_section(builder *b)
{
    kp_doc *d = b->doc;
    kp_section *s = kp_doc_section(d, "Secinājumi: rādītāju izpilde", "Rādītāji", true);
    int years[8];
    size_t ny = achieved_years(b, years);
    size_t ncols = 6 + ny;
    const char **hdr = kp_xcalloc(ncols, sizeof *hdr);
    hdr[0] = "Nr.";
    hdr[1] = "Rādītājs";
    hdr[2] = "Bāzes gads";
    hdr[3] = "Bāzes vērtība";
    hdr[4] = "Plānots";
    for (size_t i = 0; i < ny; i++)
        hdr[5 + i] = kp_doc_printf(d, "Sasniegts %d", years[i]);
    hdr[ncols - 1] = "Tendence";
    kp_table *t = kp_doc_table_v(d, s, "Sasniedzamo rezultātu un rādītāju izpilde", ncols, hdr);
    free(hdr);
    int nr = 0;
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "indicator_table") || strcmp(x->measure, "target"))
            continue;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, kp_doc_printf(d, "%d.", ++nr));
        row[1] = kp_c_text(d, lookup(&b->nm.indicators, x->item));
        for (size_t j = 0; j < b->f->n; j++) {
            const kp_figure *z = &b->f->items[j];
            if (!strcmp(z->section, "indicator_table") && !strcmp(z->item, x->item) && !strcmp(z->measure, "baseline")) {
                row[2] = kp_c_text(d, kp_doc_printf(d, "%d", z->period));
                row[3] = fig_cell(b, "indicator_table", 0, "", z->item, "baseline", z->period);
            }
        }
        row[4] = fig_cell(b, "indicator_table", 0, "", x->item, "target", x->period);
        /* The trend compares the indicator's last two values. */
        int64_t prev = 0, last = 0;
        int have = 0;
        for (size_t k = 0; k < ny; k++) {
            int64_t v = 0;
            if (!get(b, "indicator_table", 0, "", x->item, "achieved", years[k], &v))
                continue;
            row[5 + k] = fig_cell(b, "indicator_table", 0, "", x->item, "achieved", years[k]);
            prev = last;
            last = v;
            have++;
        }
        row[ncols - 1] = kp_c_text(d, have >= 2 ? (last > prev ? "↑" : last < prev ? "↓" : "→") : "–");
    }
    kp_table *o = kp_doc_table(d, s, "Iznākuma un rezultāta rādītāji", 4, "Rādītājs", "Sasniegts", "Plānots", "Izpilde");
    for (size_t i = 0; i < b->f->n; i++) {
        const kp_figure *x = &b->f->items[i];
        if (strcmp(x->section, "output_indicators") || strcmp(x->measure, "achieved"))
            continue;
        kp_cell *row = kp_table_row(d, o);
        /* An entered value is that of the last year ended by the date. */
        row[0] = kp_c_text(d, x->period ? kp_doc_printf(d, "%s (%d. gada vērtība)", lookup(&b->nm.indicators, x->item),
                                                        x->period)
                                        : lookup(&b->nm.indicators, x->item));
        row[1] = fig_cell(b, "output_indicators", 0, "", x->item, "achieved", x->period);
        row[2] = fig_cell(b, "output_indicators", 0, "", x->item, "target", 0);
        row[3] = fig_cell(b, "output_indicators", 0, "", x->item, "pct", 0);
    }
}

/* The appendices of tables, numbered from `first` (after the seed's own:
 * 1 disability statistics, 2 the DI plan amendments). */
static void annexes(builder *b, int first)
{
    kp_doc *d = b->doc;
    const char *unit_label = b->national ? "Reģions" : "Pašvaldība";
    kp_section *s = kp_doc_section(d, kp_doc_printf(d, "%d. pielikums. Pakalpojumu saņēmēji", first),
                                   kp_doc_printf(d, "%d. pielikums", first), true);
    kp_table *t = kp_doc_table(d, s, "Personas, kas saņēmušas ESF apmaksātus pakalpojumus", 5, unit_label,
                               "Pieaugušie ar GRT", "Bērni ar FT", "Bērnu ar FT vecāki", "Kopā");
    const kp_figure_def *rd = NULL;
    size_t nrd = kp_catalogue_section("recipients", &rd);
    for (size_t u = 0; u <= b->nunits; u++) {
        bool total = u == b->nunits;
        int64_t id = total ? 0 : b->units[u].id, sum = 0;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, total ? "Kopā" : b->units[u].name);
        for (size_t g = 0; g < nrd; g++) {
            int64_t v = 0;
            get(b, "recipients", id, rd[g].target_group, rd[g].item, "persons", 0, &v);
            row[1 + g] = fig_cell0(b, "recipients", id, rd[g].target_group, rd[g].item, "persons", 0);
            sum += v;
        }
        row[4] = kp_c_count(sum);
        row[4].persons = true;
        for (int c = 0; c < 5; c++)
            row[c].strong = total;
    }

    s = kp_doc_section(d, kp_doc_printf(d, "%d. pielikums. Kompensētie izdevumi pa gadiem", first + 1),
                       kp_doc_printf(d, "%d. pielikums", first + 1), true);
    size_t ncols = b->nyears + 3;
    const char **hdr = kp_xcalloc(ncols, sizeof *hdr);
    hdr[0] = unit_label;
    for (size_t i = 0; i < b->nyears; i++)
        hdr[1 + i] = kp_doc_printf(d, "%d", b->years[i]);
    hdr[ncols - 2] = "Kopā";
    hdr[ncols - 1] = "Daļa no budžeta";
    kp_table *c = kp_doc_table_v(d, s, "Pašvaldībām kompensētie izdevumi", ncols, hdr);
    free(hdr);
    for (size_t u = 0; u <= b->nunits; u++) {
        bool total = u == b->nunits;
        int64_t id = total ? 0 : b->units[u].id;
        kp_cell *row = kp_table_row(d, c);
        row[0] = kp_c_text(d, total ? "Kopā" : b->units[u].name);
        for (size_t i = 0; i < b->nyears; i++)
            row[1 + i] = fig_cell(b, "compensation", id, "", "total", "eur", b->years[i]);
        row[ncols - 2] = fig_cell(b, "compensation", id, "", "total", "eur", 0);
        row[ncols - 1] = fig_cell(b, "compensation", id, "", "total", "pct", 0);
        for (size_t k = 0; k < ncols; k++)
            row[k].strong = total;
    }

    if (b->national)
        return;
    kp_eval_list recs = {0};
    if (kp_eval_by_record_municipality(b->ctx, b->region, b->at, &recs) != KP_OK)
        return;
    s = kp_doc_section(d,
                       kp_doc_printf(d, "%d. pielikums. Sadalījums pa pašvaldībām, kurās ieraksti veikti", first + 2),
                       kp_doc_printf(d, "%d. pielikums", first + 2), true);
    kp_doc_para(d, s, "Kompensācija un pakalpojumu saņēmēji pēc pašvaldības, kuras laikā ieraksts veikts (arī "
                      "pirms 2021. gada 1. jūlija reformas), un teritorija, kurā tā ietilpst vērtēšanas datumā.");
    kp_table *p = kp_doc_table(d, s, "Ieraksti pēc to pašvaldības", 6, "Ieraksta pašvaldība", "Ietilpst",
                               "Kompensācija", "Pieaugušie ar GRT", "Bērni ar FT", "Bērnu ar FT vecāki");
    const kp_eval_record_muni *r = recs.items;
    for (size_t i = 0; i < recs.n; i++) {
        if (!r[i].compensation && !r[i].grt && !r[i].ft && !r[i].parents)
            continue;
        const char *holder = "";
        for (size_t u = 0; u < b->nunits; u++)
            if (b->units[u].id == r[i].holder_id)
                holder = b->units[u].name;
        kp_cell *row = kp_table_row(d, p);
        kp_date to = 0;
        char lv[12] = "";
        if (r[i].valid_to[0] && !kp_date_parse_iso(r[i].valid_to, &to))
            kp_date_format_lv(to, lv);
        row[0] = kp_c_text(d, lv[0] ? kp_doc_printf(d, "%s (līdz %s)", r[i].name, lv) : r[i].name);
        row[1] = kp_c_text(d, holder);
        row[2] = kp_c_cents(r[i].compensation);
        row[3] = kp_c_count(r[i].grt);
        row[4] = kp_c_count(r[i].ft);
        row[5] = kp_c_count(r[i].parents);
        /* The records of a territory's former municipalities add up to its
         * recipients. */
        static const char *const parts[3] = {"recipients.grt.grt_adults.persons.0",
                                             "recipients.ft.ft_children.persons.0",
                                             "recipients.parents.parents.persons.0"};
        for (int k = 0; k < 3; k++) {
            row[3 + k].persons = true;
            row[3 + k].part_of = parts[k];
            row[3 + k].unit = r[i].holder_id;
        }
    }
    kp_eval_list_free(&recs);
}

kp_rc kp_eval_build(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc)
{
    if (!ctx || !region || !figs || !doc)
        return KP_EINVAL;
    builder b = {.ctx = ctx, .region = region, .at = at, .f = figs, .doc = doc,
                 .national = strcmp(region, KP_REGION_ALL) == 0};
    char name[128] = "", lv[12];
    kp_rc rc = KP_OK;
    if (b.national)
        snprintf(name, sizeof name, "Latvija: visi plānošanas reģioni");
    else
        rc = kp_eval_region_name(ctx, region, name, sizeof name);
    if (rc)
        return rc;
    kp_date_format_lv(at, lv);
    doc->title = kp_doc_str(doc, "DI plāna izvērtējums");
    doc->subtitle = kp_doc_str(doc, name[0] ? name : region);
    doc->state_line = kp_doc_printf(doc, "Stāvoklis uz %s", lv);
    doc->footer = kp_doc_printf(doc, "%s · DI plāna izvērtējums · %s", name[0] ? name : region, lv);
    doc->contents = true;
    doc->created = at;
    if (!figs->has_data) {
        doc->notice = kp_doc_printf(doc, "Par šo reģionu un datumu ierakstu nav: %s sistēmā līdz %s nav neviena klienta, "
                                         "projekta vai kompensācijas ieraksta. Izvērtējums nav sagatavots, un nulles "
                                         "netiek uzrādītas kā fakti.",
                                    name[0] ? name : region, lv);
        kp_section *s = kp_doc_section(doc, "Ierakstu nav", "Ierakstu nav", false);
        kp_doc_para(doc, s, doc->notice);
        return KP_OK;
    }
    rc = kp_eval_service_names(ctx, &b.nm.services);
    if (!rc) {
        if (b.national) {
            kp_eval_list regions = {0};
            rc = kp_eval_regions(ctx, &regions);
            const kp_eval_name *r = regions.items;
            for (size_t k = 0; !rc && k < regions.n && !b.nm.indicators.n; k++)
                rc = kp_eval_indicator_names(ctx, r[k].code, &b.nm.indicators);
            kp_eval_list_free(&regions);
        } else {
            rc = kp_eval_indicator_names(ctx, region, &b.nm.indicators);
        }
    }
    kp_eval_list preds = {0}, objects = {0}, coop = {0};
    if (!rc && !b.national) {
        rc = kp_eval_predecessors(ctx, region, at, &preds);
        if (!rc)
            rc = kp_eval_objects(ctx, region, at, &objects);
        if (!rc)
            rc = kp_eval_cooperation(ctx, region, at, &coop);
    }
    if (!rc) {
        collect_units(&b);
        project_section(&b);
        context_section(&b);
        rc = kp_eval_trends_chapter(ctx, region, at, figs, doc);
        if (!rc)
            rc = kp_eval_service_maps(ctx, region, at, figs, doc);
        for (size_t u = 0; u < b.nunits && !b.national; u++)
            municipality_chapter(&b, &b.units[u], &preds, &objects, &coop);
        infrastructure_section(&b);
        if (!rc)
            rc = kp_eval_new_services(ctx, region, at, figs, doc);
    }
    if (!rc) {
        indicators_section(&b);
        rc = kp_eval_cost_chapter(ctx, region, at, doc);
        /* The seed's appendices first: 1 disability, 2 amendments (a
         * region's only); then the tables. */
        if (!rc)
            rc = kp_eval_appendix_disability(figs, b.national, 1, doc);
        if (!rc)
            rc = kp_eval_amendments_appendix(ctx, region, at, doc);
        if (!rc)
            annexes(&b, b.national ? 2 : 3);
    }
    kp_eval_list_free(&preds);
    kp_eval_list_free(&objects);
    kp_eval_list_free(&coop);
    kp_eval_list_free(&b.nm.services);
    kp_eval_list_free(&b.nm.indicators);
    free(b.units);
    return rc;
}
