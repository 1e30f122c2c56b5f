/* The chapter of service availability, figures 4–6 (see eval_service_maps.h). */
#include "report/eval_service_maps.h"
#include "report/map.h"
#include "service/figures/catalogue.h"
#include "service/figures/eval_details.h"
#include "service/figures/service_availability.h"
#include "service/territory.h"
#include "service/territory_shapes.h"
#include "core/buf.h"
#include "core/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEC KP_AVAILABILITY_SECTION
#define CREDIT "Robežas: Who's On First, Quattroshapes (CC BY); 2021. gada novadi — to priekšteču apvienojums."

static const kp_figure *find(const kp_figures *f, int64_t muni, const char *item, const char *measure, int period)
{
    for (size_t i = 0; i < f->n; i++) {
        const kp_figure *x = &f->items[i];
        if (x->municipality_id == muni && x->period == period && !strcmp(x->section, SEC) && !strcmp(x->item, item) &&
            !strcmp(x->measure, measure))
            return x;
    }
    return NULL;
}

/* The figure's value as a count; naming the figure (for the links to its
 * records) when the catalogue lists records for it. */
static kp_cell cell(kp_doc *d, const kp_figure *x)
{
    kp_cell c = kp_c_count(x ? x->value : 0);
    const kp_figure_def *def = x ? kp_catalogue_find(x->section, x->item, x->measure) : NULL;
    if (def && def->records != KP_REC_NONE) {
        c.figure = kp_doc_printf(d, "%s.%s.%s.%s.%d", x->section, x->target_group, x->item, x->measure, x->period);
        c.unit = x->municipality_id;
    }
    return c;
}

static int year_of(kp_date d)
{
    int y = 0, m, dd;
    kp_date_to_ymd(d, &y, &m, &dd);
    return y;
}

/* "Zemgales plānošanas reģions" → "Zemgales plānošanas reģionā". */
static const char *locative(kp_doc *d, const char *name)
{
    static const char nom[] = "reģions";
    size_t n = strlen(name), k = sizeof nom - 1;
    if (n >= k && !strcmp(name + n - k, nom))
        return kp_doc_printf(d, "%.*sreģionā", (int)(n - k), name);
    return kp_doc_printf(d, "%s:", name);
}

typedef struct unit {
    int64_t id;
    const char *name, *atvk;
    size_t order; /* position among the outlines (by name); past them when none */
} unit;

static int by_order(const void *a, const void *b)
{
    const unit *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

typedef struct chapter {
    kp_ctx *ctx;
    const char *region;
    const kp_figures *f;
    kp_doc *doc;
    kp_section *s;
    const kp_eval_list *svc;
    const kp_territories *t;
    const char *where; /* "Zemgales plānošanas reģionā" */
    int64_t top;       /* the most kinds in a territory at either date: both maps' scale */
} chapter;

/* The services offered in territory `muni` at `period`, with their
 * facilities: "Dienas aprūpes centrs (2), Atelpas brīdis (1)". */
static const char *services_of(chapter *c, int64_t muni, int period)
{
    kp_buf b;
    kp_buf_init(&b, 0);
    const kp_eval_name *n = c->svc->items;
    for (size_t i = 0; i < c->svc->n; i++) {
        const kp_figure *x = find(c->f, muni, n[i].code, "facilities", period);
        if (x && x->value > 0)
            kp_buf_printf(&b, "%s%s (%lld)", b.len ? ", " : "", n[i].name, (long long)x->value);
    }
    const char *out = kp_doc_str(c->doc, b.len ? kp_buf_str(&b) : "—");
    kp_buf_free(&b);
    return out;
}

/* Figure `no`: the map of the territories at `date` and its table. */
static kp_rc date_map(chapter *c, int no, kp_date date)
{
    kp_doc *d = c->doc;
    int y = year_of(date);
    char lv[12];
    kp_date_format_lv(date, lv);
    const char *caption = kp_doc_printf(d, "%d. attēls. %s pieejamie sabiedrībā balstītie pakalpojumi %d. gadā "
                                           "(stāvoklis uz %s)",
                                        no, c->where, y, lv);
    kp_shapes shapes;
    kp_rc rc = kp_region_shapes(c->ctx, c->region, date, &shapes);
    if (rc)
        return rc;
    unit *u = kp_xcalloc(c->f->n + 1, sizeof *u);
    size_t nu = 0;
    for (size_t i = 0; i < c->f->n; i++) {
        const kp_figure *x = &c->f->items[i];
        if (x->municipality_id <= 0 || x->period != y || strcmp(x->section, SEC) || strcmp(x->item, "all") ||
            strcmp(x->measure, "kinds"))
            continue;
        const kp_terr *t = kp_territories_find(c->t, x->municipality_id);
        u[nu] = (unit){.id = x->municipality_id, .name = x->municipality, .atvk = t ? t->atvk : "", .order = shapes.n};
        for (size_t k = 0; k < shapes.n; k++)
            if (!strcmp(shapes.items[k].atvk, u[nu].atvk))
                u[nu].order = k;
        nu++;
    }
    qsort(u, nu, sizeof *u, by_order);
    if (!nu) {
        kp_doc_heading(d, c->s, caption);
        kp_doc_para(d, c->s, kp_doc_printf(d, "Reģionam uz %s nav pašvaldību, ko attēlot.", lv));
        free(u);
        kp_shapes_free(&shapes);
        return KP_OK;
    }
    kp_map_area *areas = kp_xcalloc(nu, sizeof *areas);
    for (size_t i = 0; i < nu; i++) {
        const kp_shape *sh = kp_shapes_find(&shapes, u[i].atvk);
        const kp_figure *k = find(c->f, u[i].id, "all", "kinds", y);
        areas[i] = (kp_map_area){.atvk = u[i].atvk, .name = u[i].name, .row = -1, .col = -1,
                                 .value = k ? k->value : 0, .rings = sh ? sh->rings : NULL,
                                 .label_x = sh ? sh->label_x : 0, .label_y = sh ? sh->label_y : 0};
    }
    kp_map m = {.id = kp_doc_printf(d, "svc-map-%d", y), .title = caption,
                .desc = kp_doc_printf(d, "Pašvaldības pēc to robežām uz %s, iekrāsotas pēc tajās pieejamo sabiedrībā "
                                         "balstīto pakalpojumu veidu skaita; skaitlis pašvaldībā ir šis skaits. "
                                         "Katras pašvaldības pakalpojumi ir tabulā aiz kartes.",
                                      lv),
                .legend = "Pieejamo pakalpojumu veidu skaits", .no_value = "–", .credit = CREDIT, .areas = areas,
                .n = nu, .scale_max = c->top};
    rc = kp_doc_map(d, c->s, &m);
    free(areas);
    if (!rc) {
        /* Short headers leave the names room; the text before says what they count. */
    kp_table *t = kp_doc_table(d, c->s, kp_doc_printf(d, "%d. attēla dati: pakalpojumi pašvaldībās uz %s", no, lv),
                                   4, "Pašvaldība", "Veidi", "Vietas",
                                   "Pieejamie pakalpojumi (sniegšanas vietu skaits)");
        for (size_t i = 0; i < nu; i++) {
            kp_cell *row = kp_table_row(d, t);
            row[0] = kp_c_text(d, u[i].name);
            row[1] = cell(d, find(c->f, u[i].id, "all", "kinds", y));
            row[2] = cell(d, find(c->f, u[i].id, "all", "facilities", y));
            row[3] = kp_c_text(d, services_of(c, u[i].id, y));
        }
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, "Reģionā kopā");
        row[2] = cell(d, find(c->f, 0, "all", "facilities", y));
        row[3] = kp_c_text(d, services_of(c, 0, y));
        for (int k = 0; k < 4; k++)
            row[k].strong = true;
    }
    free(u);
    kp_shapes_free(&shapes);
    return rc;
}

/* Figure 6: the facilities per service at both dates and the change. */
static void change(chapter *c, const kp_date dates[2])
{
    kp_doc *d = c->doc;
    int y0 = year_of(dates[0]), y1 = year_of(dates[1]);
    char lv0[12], lv1[12];
    kp_date_format_lv(dates[0], lv0);
    kp_date_format_lv(dates[1], lv1);
    const char *caption = kp_doc_printf(d, "6. attēls. Sabiedrībā balstītu pakalpojumu iestāžu skaita izmaiņas "
                                           "(%s–%s)",
                                        lv0, lv1);
    const kp_eval_name *n = c->svc->items;
    size_t shown = 0;
    for (size_t i = 0; i < c->svc->n; i++)
        shown += find(c->f, 0, n[i].code, "change", 0) != NULL;
    if (!shown) {
        kp_doc_heading(d, c->s, caption);
        kp_doc_para(d, c->s, kp_doc_printf(d, "Ne uz %s, ne uz %s reģionā nav reģistrētu pakalpojumu sniegšanas vietu.",
                                           lv0, lv1));
        return;
    }
    kp_chart *ch = kp_doc_chart(d, c->s, caption, "sniegšanas vietas", 2, lv0, lv1);
    kp_table *t = kp_doc_table(d, c->s, "6. attēla dati: pakalpojumu sniegšanas vietas (iestādes)", 4, "Pakalpojums",
                               kp_doc_printf(d, "Uz %s", lv0), kp_doc_printf(d, "Uz %s", lv1), "Izmaiņas");
    for (size_t i = 0; i < c->svc->n; i++) {
        const kp_figure *delta = find(c->f, 0, n[i].code, "change", 0);
        if (!delta)
            continue;
        const kp_figure *a = find(c->f, 0, n[i].code, "facilities", y0), *b = find(c->f, 0, n[i].code, "facilities", y1);
        int64_t *v = kp_chart_category(d, ch, n[i].name);
        v[0] = a ? a->value : 0;
        v[1] = b ? b->value : 0;
        kp_cell *row = kp_table_row(d, t);
        row[0] = kp_c_text(d, n[i].name);
        row[1] = cell(d, a);
        row[2] = cell(d, b);
        row[3] = cell(d, delta);
    }
    kp_cell *row = kp_table_row(d, t);
    row[0] = kp_c_text(d, "Sniegšanas vietas kopā (katra vienreiz)");
    row[1] = cell(d, find(c->f, 0, "all", "facilities", y0));
    row[2] = cell(d, find(c->f, 0, "all", "facilities", y1));
    row[3] = cell(d, find(c->f, 0, "all", "change", 0));
    for (int k = 0; k < 4; k++)
        row[k].strong = true;
}

kp_rc kp_eval_service_maps(kp_ctx *ctx, const char *region, kp_date at, const kp_figures *figs, kp_doc *doc)
{
    if (!ctx || !region || !figs || !doc || at == KP_DATE_NONE)
        return KP_EINVAL;
    kp_date dates[2];
    kp_rc rc = kp_availability_dates(at, dates);
    if (rc)
        return rc;
    bool national = strcmp(region, KP_REGION_ALL) == 0;
    char name[128] = "";
    if (!national)
        rc = kp_region_known(ctx, region);
    if (!rc && !national)
        rc = kp_eval_region_name(ctx, region, name, sizeof name);
    kp_eval_list svc = {0};
    if (!rc)
        rc = kp_eval_service_names(ctx, &svc);
    kp_territories t = {0};
    if (!rc && !national)
        rc = kp_territories_load(ctx, &t);
    if (rc) {
        kp_eval_list_free(&svc);
        return rc;
    }
    kp_section *s = kp_doc_section(doc, "Sabiedrībā balstītu sociālo pakalpojumu pieejamība", "Pakalpojumu pieejamība",
                                   true);
    chapter c = {.ctx = ctx, .region = region, .f = figs, .doc = doc, .s = s, .svc = &svc, .t = &t,
                 .where = national ? "Latvijā" : locative(doc, name[0] ? name : region)};
    char lv0[12], lv1[12];
    kp_date_format_lv(dates[0], lv0);
    kp_date_format_lv(dates[1], lv1);
    kp_doc_para(doc, s, kp_doc_printf(doc, "Pakalpojums pašvaldībā ir pieejams, ja tajā uz attiecīgo datumu darbojas "
                                           "vismaz viena pakalpojuma sniegšanas vieta (iestāde), kas to sniedz: vieta "
                                           "atvērta, tās pakalpojums spēkā un sniedzējs reģistrēts. Salīdzināti divi "
                                           "datumi: %s un divus gadus agrāk %s, katrs ar pašvaldībām, kādas tās "
                                           "bija tajā dienā; pakalpojuma veidi (piem., hipoterapija) ieskaitīti to "
                                           "pakalpojumā (sociālā rehabilitācija). Kartēs un tabulās „veidi” ir "
                                           "pieejamo pakalpojumu skaits, „vietas” — sniegšanas vietu skaits; vieta, "
                                           "kas sniedz vairākus pakalpojumus, kopsummā skaitīta vienreiz.",
                                      lv1, lv0));
    if (national)
        kp_doc_para(doc, s, "Pašvaldību kartes (4. un 5. attēls) ir katra plānošanas reģiona izvērtējumā.");
    for (size_t i = 0; i < figs->n; i++) {
        const kp_figure *x = &figs->items[i];
        if (x->municipality_id > 0 && !strcmp(x->section, SEC) && !strcmp(x->measure, "kinds") && x->value > c.top)
            c.top = x->value;
    }
    for (int k = 0; !rc && !national && k < 2; k++)
        rc = date_map(&c, 4 + k, dates[k]);
    if (!rc)
        change(&c, dates);
    kp_territories_free(&t);
    kp_eval_list_free(&svc);
    return rc;
}
