/* The published evaluation's further chapters (see eval_published.h). */
#include "report/eval_published.h"
#include "service/figures/catalogue.h"
#include "service/figures/eval_details.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const kp_figure *find(const kp_figures *f, const char *section, int64_t muni, const char *tg, const char *item,
                             const char *measure)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == muni && x->period == 0 && !strcmp(x->section, section) &&
            !strcmp(x->target_group, tg) && !strcmp(x->item, item) && !strcmp(x->measure, measure))
            return x;
    }
    return NULL;
}

/* The figure as a count cell naming it; a zero (unlinked) when absent. */
static kp_cell cell(kp_doc *d, const kp_figures *f, const char *section, int64_t muni, const char *tg, const char *item,
                    const char *measure)
{
    const kp_figure *x = find(f, section, muni, tg, item, measure);
    if (!x)
        return kp_c_count(0);
    kp_cell c = kp_c_count(x->value);
    c.figure = kp_doc_printf(d, "%s.%s.%s.%s.%d", x->section, x->target_group, x->item, x->measure, x->period);
    c.unit = x->municipality_id;
    return c;
}

typedef struct unit {
    int64_t id;
    const char *name;
} unit;

/* The territories (or regions) a section has rows of, in the rows' order. */
static size_t units_of(kp_doc *d, const kp_figures *f, const char *section, unit **out)
{
    *out = kp_xcalloc(f->n + 1, sizeof **out);
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (strcmp(x->section, section) || x->municipality_id == 0)
            continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = (*out)[j].id == x->municipality_id;
        if (!seen)
            (*out)[n++] = (unit){x->municipality_id, kp_doc_str(d, x->municipality)};
    }
    return n;
}

static const char *name_of(const kp_eval_list *l, const char *code)
{
    const kp_eval_name *n = l->items;
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(n[i].code, code))
            return n[i].name;
    return code;
}

static const char *group_label(const char *tg)
{
    static const char *const map[][2] = {{"grt", "Pieaugušie ar GRT"},
                                         {"ft", "Bērni ar FT"},
                                         {"parents", "Bērnu ar FT vecāki"},
                                         {"bsac", "Bērni ārpusģimenes aprūpē"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], tg))
            return map[i][1];
    return tg;
}

kp_rc kp_eval_new_services(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc)
{
    if (!ctx || !region || !figs || !doc)
        return KP_EINVAL;
    bool national = !strcmp(region, KP_REGION_ALL);
    kp_eval_list services = {0}, objects = {0};
    kp_rc rc = kp_eval_service_names(ctx, &services);
    if (!rc && !national)
        rc = kp_eval_objects(ctx, region, at, &objects);
    if (rc) {
        kp_eval_list_free(&services);
        return rc;
    }
    kp_section *s = kp_doc_section(doc, "Atvērtie ERAF centri un pakalpojumi ārpus DI plāna", "ERAF centri", true);
    const kp_figure_def *od = kp_catalogue_find("erdf_centres", "opened", "objects");
    const kp_figure_def *pd = kp_catalogue_find("erdf_centres", "opened", "places");
    kp_doc_para(doc, s, "Atvērts ir DI plāna objekts, kura statuss datumā ir “reģistrēts” vai “darbojas”. Ārpus DI "
                        "plāna izveidots ir pakalpojums, ko sniedzējs sāka sniegt projekta laikā (no projekta "
                        "sākuma) un kura sniegšanas vietu nenosauc neviens DI plāna objekts.");
    unit *u = NULL;
    size_t nu = units_of(doc, figs, "erdf_centres", &u);
    kp_table *t = kp_doc_table(doc, s, "Atvērtie ERAF centri", 3, national ? "Reģions" : "Pašvaldība",
                               kp_catalogue_label(od, "lv", false), kp_catalogue_label(pd, "lv", false));
    for (size_t i = 0; i <= nu; i++) {
        bool total = i == nu;
        int64_t id = total ? 0 : u[i].id;
        kp_cell *row = kp_table_row(doc, t);
        row[0] = kp_c_text(doc, total ? "Kopā" : u[i].name);
        row[1] = cell(doc, figs, "erdf_centres", id, "", "opened", "objects");
        row[2] = cell(doc, figs, "erdf_centres", id, "", "opened", "places");
        for (int c = 0; c < 3; c++)
            row[c].strong = total;
    }
    free(u);
    const kp_eval_object *o = objects.items;
    kp_table *ot = NULL;
    for (size_t i = 0; i < objects.n; i++) {
        if (strcmp(o[i].status, "registered") && strcmp(o[i].status, "operating"))
            continue;
        if (!ot)
            ot = kp_doc_table(doc, s, "Atvērto ERAF centru saraksts", 5, "Objekts", "Mērķa grupa", "Pakalpojums",
                              "Vietas", "Atvērts");
        kp_cell *row = kp_table_row(doc, ot);
        row[0] = kp_c_text(doc, o[i].name);
        row[1] = kp_c_text(doc, group_label(o[i].target_group));
        row[2] = kp_c_text(doc, name_of(&services, o[i].service));
        if (o[i].places >= 0)
            row[3] = kp_c_count(o[i].places);
        kp_date since = 0;
        if (o[i].status_since[0] && !kp_date_parse_iso(o[i].status_since, &since))
            row[4] = kp_c_date(since);
    }
    if (!ot && !national)
        kp_doc_para(doc, s, "Datumā atvērtu DI plāna objektu nav.");

    kp_table *x = NULL;
    for (size_t i = 0; i < figs->n; i++) {
        const kp_figure *f = &figs->items[i];
        if (strcmp(f->section, "services_outside_plan") || f->municipality_id != 0)
            continue;
        if (!x)
            x = kp_doc_table(doc, s, "Ārpus DI plāna izveidotie pakalpojumi", 3, "Mērķa grupa", "Pakalpojums",
                             "Sniegšanas vietas");
        kp_cell *row = kp_table_row(doc, x);
        row[0] = kp_c_text(doc, group_label(f->target_group));
        row[1] = kp_c_text(doc, name_of(&services, f->item));
        row[2] = cell(doc, figs, "services_outside_plan", 0, f->target_group, f->item, "facilities");
    }
    if (!x)
        kp_doc_para(doc, s, "Ārpus DI plāna izveidotu pakalpojumu nav.");
    kp_eval_list_free(&services);
    kp_eval_list_free(&objects);
    return KP_OK;
}

kp_rc kp_eval_appendix_disability(const kp_figures *figs, bool national, int number, kp_doc *doc)
{
    if (!figs || !doc)
        return KP_EINVAL;
    const kp_figure_def *c = NULL;
    size_t nc = kp_catalogue_section("disability", &c);
    kp_section *s = kp_doc_section(doc, kp_doc_printf(doc, "%d. pielikums. Personas ar invaliditāti", number),
                                   kp_doc_printf(doc, "%d. pielikums", number), true);
    kp_doc_para(doc, s, "Personas ar atvērtu lietu datumā pēc invaliditātes grupas un vecuma datumā: pieaugušie pēc "
                        "grupas (18–64 gadi, 65 un vairāk gadu) un bērni līdz 17 gadiem ar funkcionāliem "
                        "traucējumiem vai noteiktu invaliditāti. Avots: klientu ieraksti.");
    const char **hdr = kp_xcalloc(nc + 1, sizeof *hdr);
    hdr[0] = national ? "Reģions" : "Pašvaldība";
    for (size_t i = 0; i < nc; i++)
        hdr[1 + i] = kp_catalogue_label(&c[i], "lv", false);
    kp_table *t = kp_doc_table_v(doc, s, "Personas ar invaliditāti pēc grupas un vecuma", nc + 1, hdr);
    free(hdr);
    unit *u = NULL;
    size_t nu = units_of(doc, figs, "disability", &u);
    for (size_t k = 0; k <= nu; k++) {
        bool total = k == nu;
        kp_cell *row = kp_table_row(doc, t);
        row[0] = kp_c_text(doc, total ? "Kopā" : u[k].name);
        for (size_t i = 0; i < nc; i++)
            row[1 + i] = cell(doc, figs, "disability", total ? 0 : u[k].id, "", c[i].item, "persons");
        for (size_t i = 0; i <= nc; i++)
            row[i].strong = total;
    }
    free(u);
    return KP_OK;
}
