/* The figure catalogue and the national fold (see catalogue.h). */
#include "service/figures/catalogue.h"
#include "service/figures/figure_sql.h"
#include "service/figures/eval_details.h"
#include "service/figures/trends.h"
#include "service/access.h"
#include <stdint.h>
#include "core/mem.h"
#include "core/money.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The conditions of the context's figures (KP_FIGURE_IS_*) are SQL
 * fragments: they live with the other fragments that define a figure in
 * figure_sql.h. */

#define COUNT(sec, it, tg, q, rec, lv, en) \
    {sec, it, "persons", tg, KP_VAL_COUNT, q, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, false, rec, lv, en, NULL, NULL}
#define CTX(it, tg, cond, lv, en, llv, len) \
    {"context", it, "persons", tg, KP_VAL_COUNT, KP_Q_CONTEXT, cond, NULL, KP_FOLD_SUM, {0}, false, {0}, true, \
     KP_REC_PERSONS, lv, en, llv, len}
#define DETAIL(it, tg, cond, col, lv, en) \
    {"output_indicators_detail", it, "persons", tg, KP_VAL_COUNT, KP_Q_CONTEXT, cond, col, KP_FOLD_SUM, {0}, false, \
     {0}, false, KP_REC_PERSONS, lv, en, NULL, NULL}
/* The sections the national tables list region by region (region_unit). */
#define UNIT_COUNT(sec, it, tg, q, rec, lv, en) \
    {sec, it, "persons", tg, KP_VAL_COUNT, q, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, true, rec, lv, en, NULL, NULL}
#define UNIT_MONEY(sec, it, q, rec, lv, en) \
    {sec, it, "eur", "", KP_VAL_CENTS, q, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, true, rec, lv, en, NULL, NULL}
#define UNIT_PCT(sec, it, n0, n1, n2, any, d0, d1, d2, lv, en) \
    {sec, it, "pct", "", KP_VAL_HUNDREDTHS, 0, NULL, NULL, KP_FOLD_PERCENT, {n0, n1, n2}, any, {d0, d1, d2}, true, \
     KP_REC_NONE, lv, en, NULL, NULL}
/* Appendix 1: persons with a disability, open cases at the date; counted by
 * the context's query (x of KP_FIGURE_CONTEXT_FROM; ?2 the date 18 years
 * before, ?4 65 years before). */
#define DISABILITY(it, cond, lv, en) \
    {"disability", it, "persons", "", KP_VAL_COUNT, KP_Q_DISABILITY, cond, NULL, KP_FOLD_SUM, {0}, false, {0}, true, \
     KP_REC_PERSONS, lv, en, NULL, NULL}
#define MONEY(sec, it, q, rec, lv, en) \
    {sec, it, "eur", "", KP_VAL_CENTS, q, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, false, rec, lv, en, NULL, NULL}
#define PLAIN(sec, it, me, tg, q, rec, lv, en) \
    {sec, it, me, tg, KP_VAL_COUNT, q, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, false, rec, lv, en, NULL, NULL}
#define PCT(sec, it, n0, n1, n2, any, d0, d1, d2, lv, en) \
    {sec, it, "pct", "", KP_VAL_HUNDREDTHS, 0, NULL, NULL, KP_FOLD_PERCENT, {n0, n1, n2}, any, {d0, d1, d2}, false, \
     KP_REC_NONE, lv, en, NULL, NULL}

/* Figures 1–3 of seed 003 (trends.h): a context count (its condition is the
 * context entry's, named in column) at each year's end, the population the
 * region's territories had then, and the count per 1 000 inhabitants. */
#define TREND(it, tg, lv, en) \
    {"trends", it, "persons", tg, KP_VAL_COUNT, KP_Q_TRENDS, NULL, it, KP_FOLD_SUM, {0}, false, {0}, false, \
     KP_REC_PERSONS, lv, en, NULL, NULL}
#define PER_1000(it, tg, lv, en) \
    {"trends", it, "per_1000", tg, KP_VAL_HUNDREDTHS, KP_Q_TRENDS, NULL, it, KP_FOLD_PER_1000, \
     {"trends", it, "persons"}, false, {"trends", "population", "inhabitants"}, false, KP_REC_NONE, lv, en, NULL, NULL}

static const kp_figure_def CATALOGUE[] = {
    MONEY("project", "budget", KP_Q_PROJECT, KP_REC_PROJECTS, "Projekta kopējās izmaksas", "Total cost of the project"),
    MONEY("project", "esf", KP_Q_PROJECT, KP_REC_PROJECTS, "ESF finansējums", "ESF funding"),
    MONEY("project", "state", KP_Q_PROJECT, KP_REC_PROJECTS, "Valsts budžeta finansējums", "State budget funding"),
    MONEY("project", "requested_to_date", KP_Q_PROJECT, KP_REC_REQUESTS, "Pieprasīti izdevumi līdz datumam",
          "Expenditure requested by the date"),
    PCT("project", "requested_to_date", "project", "requested_to_date", "eur", false, "project", "budget", "eur",
        "Pieprasīto izdevumu daļa no budžeta", "Requested expenditure as a share of the budget"),

    CTX("grt_adults_living", "grt", KP_FIGURE_IS_GRT_ADULTS_LIVING,
        "Pieaugušie ar GRT", "Adults with mental disabilities", "Pieaugušie ar GRT, kas dzīvo pašvaldībā",
        "Adults with mental disabilities living in the municipality"),
    CTX("ft_children_living", "ft",
        KP_FIGURE_IS_FT_CHILDREN_LIVING, "Bērni ar FT",
        "Children with functional impairments", "Bērni ar FT, kas dzīvo ģimenēs",
        "Children with functional impairments living in families"),
    CTX("grt_assessed", "grt", KP_FIGURE_IS_GRT_ASSESSED,
        "GRT izvērtēti", "Adults assessed", "Pieaugušie ar GRT ar vajadzību izvērtējumu",
        "Adults with mental disabilities with a needs assessment"),
    CTX("ft_assessed", "ft", KP_FIGURE_IS_FT_ASSESSED, "FT izvērtēti", "Children assessed",
        "Bērni ar FT ar vajadzību izvērtējumu", "Children with functional impairments with a needs assessment"),
    CTX("foster_family", "bsac", KP_FIGURE_IS_FOSTER_FAMILY,
        "Audžuģimenēs", "In foster families", "Bērni ārpusģimenes aprūpē: audžuģimenēs",
        "Children in out-of-family care: in foster families"),
    CTX("guardianship", "bsac", KP_FIGURE_IS_GUARDIANSHIP, "Aizbildnībā",
        "Under guardianship", "Bērni ārpusģimenes aprūpē: aizbildnībā",
        "Children in out-of-family care: under guardianship"),
    CTX("in_institutions", "bsac", KP_FIGURE_IS_IN_INSTITUTIONS,
        "Institūcijās", "In institutions", "Bērni ārpusģimenes aprūpē: institūcijās",
        "Children in out-of-family care: in institutions"),
    CTX("children_disability_special_care", "ft",
        KP_FIGURE_IS_CHILDREN_SPECIAL_CARE,
        "Bērni ar invaliditāti un īpašu kopšanu", "Children with a disability and special care",
        "Bērni ar invaliditāti un īpašas kopšanas nepieciešamību",
        "Children with a disability who need special care"),

    COUNT("assessed_needs", "*", "*", KP_Q_NEEDS, KP_REC_PERSONS, "Izvērtētās vajadzības", "Assessed needs"),
    COUNT("services_provided", "*", "*", KP_Q_PROVIDED, KP_REC_PERSONS, "Sniegtie pakalpojumi", "Services provided"),
    UNIT_COUNT("recipients", "grt_adults", "grt", KP_Q_PROVIDED, KP_REC_PERSONS, "Pieaugušie ar GRT",
          "Adults with mental disabilities"),
    UNIT_COUNT("recipients", "ft_children", "ft", KP_Q_PROVIDED, KP_REC_PERSONS, "Bērni ar FT",
          "Children with functional impairments"),
    UNIT_COUNT("recipients", "parents", "parents", KP_Q_PROVIDED, KP_REC_PERSONS, "Bērnu ar FT vecāki",
          "Parents of children with functional impairments"),

    UNIT_MONEY("compensation", "total", KP_Q_COMPENSATION, KP_REC_PAYMENTS, "Pašvaldībām kompensētie izdevumi",
          "Expenditure compensated to municipalities"),
    UNIT_PCT("compensation", "total", "compensation", "total", "eur", false, "project", "budget", "eur",
        "Kompensēto izdevumu daļa no budžeta", "Compensated expenditure as a share of the budget"),
    MONEY("erdf_funding", "total", KP_Q_DIPLAN, KP_REC_OBJECTS, "ERAF finansējums", "ERDF funding"),

    DETAIL("grt_assessed_total", "grt", KP_FIGURE_IS_GRT_ASSESSED_TOTAL, NULL,
           "Personas ar GRT kopā", "Adults with mental disabilities assessed, in all"),
    DETAIL("grt_assessed_in_municipalities", "grt", NULL, "grt_assessed", "t. sk. dzīvo pašvaldībās",
           "of whom living in municipalities"),
    DETAIL("grt_assessed_living_in_vsac", "grt", KP_FIGURE_IS_GRT_ASSESSED_IN_VSAC, NULL,
           "t. sk. dzīvo VSAC (reģiona VSAC filiālēs)", "of whom living in a state social care centre"),
    DETAIL("bsac_children_assessed", "bsac", KP_FIGURE_IS_BSAC_ASSESSED, NULL,
           "Bērni, kas atrodas BSAC", "Children in childcare institutions"),
    DETAIL("ft_children_assessed", "ft", NULL, "ft_assessed", "Bērni ar FT, kas dzīvo ģimenēs",
           "Children with functional impairments living in families"),

    PLAIN("di_plan_infrastructure", "*", "objects", "*", KP_Q_DIPLAN, KP_REC_OBJECTS, "Objekti", "Objects"),
    PLAIN("di_plan_infrastructure", "*", "places", "*", KP_Q_DIPLAN, KP_REC_OBJECTS, "Vietas", "Places"),
    PLAIN("di_plan_amendments_to_date", "amendments", "count", "", KP_Q_DIPLAN, KP_REC_AMENDMENTS,
          "DI plāna grozījumi", "Amendments of the DI plan"),

    /* Seed 003 beyond the progress tables (figures_published.c). */
    {"erdf_centres", "opened", "objects", "", KP_VAL_COUNT, KP_Q_DIPLAN, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, true,
     KP_REC_OBJECTS, "Atvērtie ERAF centri", "ERDF centres opened", NULL, NULL},
    {"erdf_centres", "opened", "places", "", KP_VAL_COUNT, KP_Q_DIPLAN, NULL, NULL, KP_FOLD_SUM, {0}, false, {0}, true,
     KP_REC_OBJECTS, "Vietas atvērtajos ERAF centros", "Places in the ERDF centres opened", NULL, NULL},
    PLAIN("services_outside_plan", "*", "facilities", "*", KP_Q_FACILITIES, KP_REC_FACILITIES,
          "Ārpus DI plāna izveidotie pakalpojumi", "Services created outside the DI plan"),
    DISABILITY("group_1_age_18_64", KP_FIGURE_IS_GROUP_1_AGE_18_64,
               "1. grupa, 18–64", "Group 1, 18–64"),
    DISABILITY("group_1_age_65_plus", KP_FIGURE_IS_GROUP_1_AGE_65_PLUS, "1. grupa, 65+",
               "Group 1, 65+"),
    DISABILITY("group_2_age_18_64", KP_FIGURE_IS_GROUP_2_AGE_18_64,
               "2. grupa, 18–64", "Group 2, 18–64"),
    DISABILITY("group_2_age_65_plus", KP_FIGURE_IS_GROUP_2_AGE_65_PLUS, "2. grupa, 65+",
               "Group 2, 65+"),
    DISABILITY("group_3_age_18_64", KP_FIGURE_IS_GROUP_3_AGE_18_64,
               "3. grupa, 18–64", "Group 3, 18–64"),
    DISABILITY("group_3_age_65_plus", KP_FIGURE_IS_GROUP_3_AGE_65_PLUS, "3. grupa, 65+",
               "Group 3, 65+"),
    DISABILITY("children_age_0_17", KP_FIGURE_IS_CHILDREN_DISABILITY,
               "Bērni ar invaliditāti, 0–17", "Children with a disability, 0–17"),

    /* Figures 4-6 (service_availability.c): per territory at the date and
     * two years before (period: the date's year), the facilities offering
     * each service family and the number of families; the region's
     * facilities per family and their change (the later date's
     * facilities listed +1, the earlier's −1). */
    PLAIN("service_availability", "*", "facilities", "", KP_Q_AVAILABILITY, KP_REC_FACILITIES,
          "Pakalpojumu sniegšanas vietas", "Service facilities"),
    PLAIN("service_availability", "all", "kinds", "", KP_Q_AVAILABILITY, KP_REC_FACILITIES,
          "Pieejamo pakalpojumu veidu skaits", "Kinds of service available"),
    PLAIN("service_availability", "*", "change", "", KP_Q_AVAILABILITY, KP_REC_FACILITIES, "Izmaiņas", "Change"),

    PLAIN("output_indicators", "*", "achieved", "", KP_Q_INDICATORS, KP_REC_VALUES, "Sasniegts", "Achieved"),
    PLAIN("output_indicators", "*", "target", "", KP_Q_INDICATORS, KP_REC_VALUES, "Plānots", "Target"),
    PCT("output_indicators", "*", "output_indicators", "*", "achieved", true, "output_indicators", "*", "target",
        "Izpilde", "Attainment"),
    PLAIN("indicator_table", "*", "baseline", "", KP_Q_INDICATORS, KP_REC_VALUES, "Bāzes vērtība", "Baseline"),
    PLAIN("indicator_table", "*", "target", "", KP_Q_INDICATORS, KP_REC_VALUES, "Plānots", "Target"),
    PLAIN("indicator_table", "*", "achieved", "", KP_Q_INDICATORS, KP_REC_VALUES, "Sasniegts", "Achieved"),

    TREND("grt_adults_living", "grt", "Pilngadīgas personas ar GRT", "Adults with mental disabilities"),
    TREND("ft_children_living", "ft", "Bērni ar FT", "Children with functional impairments"),
    TREND("children_disability_special_care", "ft", "t. sk. ar īpašu kopšanu", "of whom needing special care"),
    TREND("foster_family", "bsac", "Audžuģimenēs", "In foster families"),
    TREND("guardianship", "bsac", "Aizbildnībā", "Under guardianship"),
    TREND("in_institutions", "bsac", "Institūcijās (BSAC)", "In institutions"),
    {"trends", "population", "inhabitants", "", KP_VAL_COUNT, KP_Q_POPULATION, NULL, NULL, KP_FOLD_SUM, {0}, false,
     {0}, false, KP_REC_NONE, "Iedzīvotāji", "Inhabitants", NULL, NULL},
    PER_1000("grt_adults_living", "grt", "Pilngadīgas personas ar GRT uz 1000 iedzīvotājiem",
             "Adults with mental disabilities per 1 000 inhabitants"),
    PER_1000("ft_children_living", "ft", "Bērni ar FT uz 1000 iedzīvotājiem",
             "Children with functional impairments per 1 000 inhabitants"),
    /* The screen pages' counts beyond the evaluation's tables: need against
     * places (/need; item a service family) and the persons served in a
     * year of cost after EU funding (/cost; item a service family or
     * "all" — a person once per family, as the year's total adds them —
     * the period the year). need_places.c and cost.c count them with the same
     * SQL the drill-down lists them with (KP_NEED_PERSONS_WITH,
     * KP_COST_DELIVERIES_WITH). */
    PLAIN("need_places", "*", "need", "", KP_Q_NEED_PLACES, KP_REC_PERSONS, "Personas, kam izvērtējums atzinis vajadzību",
          "Persons whose assessment found the need"),
    PLAIN("need_places", "*", "receiving", "", KP_Q_NEED_PLACES, KP_REC_PERSONS, "Personas, kas pakalpojumu saņem",
          "Persons receiving the service"),
    PLAIN("cost_history", "*", "persons", "", KP_Q_COST, KP_REC_PERSONS,
          "Personas, kam gadā sniegts ESF finansēts pakalpojums", "Persons served with ESF funding in the year"),
};

const kp_figure_def *kp_catalogue(size_t *n)
{
    if (n)
        *n = sizeof CATALOGUE / sizeof CATALOGUE[0];
    return CATALOGUE;
}

const kp_figure_def *kp_catalogue_find(const char *section, const char *item, const char *measure)
{
    if (!section || !item || !measure)
        return NULL;
    const kp_figure_def *any = NULL;
    for (size_t i = 0; i < sizeof CATALOGUE / sizeof CATALOGUE[0]; i++) {
        const kp_figure_def *d = &CATALOGUE[i];
        if (strcmp(d->section, section) || strcmp(d->measure, measure))
            continue;
        if (!strcmp(d->item, item))
            return d;
        if (!any && !strcmp(d->item, "*"))
            any = d;
    }
    return any;
}

size_t kp_catalogue_section(const char *section, const kp_figure_def **first)
{
    if (first)
        *first = NULL;
    if (!section)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < sizeof CATALOGUE / sizeof CATALOGUE[0]; i++) {
        if (strcmp(CATALOGUE[i].section, section))
            continue;
        if (!n && first)
            *first = &CATALOGUE[i];
        n++;
    }
    return n;
}

const char *kp_catalogue_label(const kp_figure_def *def, const char *lang, bool long_form)
{
    if (!def)
        return "";
    bool lv = lang && !strcmp(lang, "lv");
    if (long_form && (lv ? def->long_lv : def->long_en))
        return lv ? def->long_lv : def->long_en;
    return lv ? def->label_lv : def->label_en;
}

/* The measures that count persons: {section ("*" = any), measure}. */
static const char *const PERSON_COUNTS[][2] = {
    {"*", "persons"},
    {"output_indicators", "achieved"},
};

bool kp_catalogue_counts_persons(const char *section, const char *measure)
{
    if (!section || !measure)
        return false;
    for (size_t i = 0; i < sizeof PERSON_COUNTS / sizeof PERSON_COUNTS[0]; i++)
        if ((!strcmp(PERSON_COUNTS[i][0], "*") || !strcmp(PERSON_COUNTS[i][0], section)) &&
            !strcmp(PERSON_COUNTS[i][1], measure))
            return true;
    return false;
}

/* ---- the national fold --------------------------------------------------- */

static kp_figure *fig_append(kp_figures *f, const kp_figure *x)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->items = kp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    f->items[f->n] = *x;
    return &f->items[f->n++];
}

static bool same_key(const kp_figure *a, const kp_figure *b)
{
    return a->municipality_id == b->municipality_id && a->period == b->period && !strcmp(a->section, b->section) &&
           !strcmp(a->target_group, b->target_group) && !strcmp(a->item, b->item) && !strcmp(a->measure, b->measure);
}

/* The country's value of a share's part: the whole's row (municipality 0)
 * of `part` (item "*" = `item`), of period 0 or, with any_period, the last
 * such row of any period. */
static int64_t part_value(const kp_figures *f, const char *const part[3], const char *item, bool any_period)
{
    const char *it = !strcmp(part[1], "*") ? item : part[1];
    int64_t v = 0;
    for (size_t j = 0; j < f->n; j++) {
        const kp_figure *y = &f->items[j];
        if (y->municipality_id == 0 && (any_period || y->period == 0) && !strcmp(y->section, part[0]) &&
            !strcmp(y->item, it) && !strcmp(y->measure, part[2])) {
            v = y->value;
            if (!any_period)
                break;
        }
    }
    return v;
}

static void fold_shares(kp_figures *f)
{
    for (size_t i = 0; i < f->n; i++) {
        kp_figure *x = &f->items[i];
        if (x->municipality_id != 0)
            continue;
        const kp_figure_def *d = kp_catalogue_find(x->section, x->item, x->measure);
        if (!d || d->fold != KP_FOLD_PERCENT)
            continue;
        int64_t num = part_value(f, d->num, x->item, d->num_any_period);
        int64_t den = part_value(f, d->den, x->item, false);
        x->value = den > 0 ? kp_percent_hundredths(num, den) : 0;
    }
}

/* A rate per 1 000 of the country: recomputed from the summed numerator
 * and denominator of its period; a denominator not every region gave (a
 * year some region has no population for) is no country's, so it and its
 * rates are dropped (rows marked by period -1, removed below). */
static void fold_rates(kp_figures *f, const int *seen, int nregions)
{
    for (size_t i = 0; i < f->n; i++) {
        kp_figure *x = &f->items[i];
        if (x->municipality_id != 0)
            continue;
        const kp_figure_def *d = kp_catalogue_find(x->section, x->item, x->measure);
        if (!d || d->fold != KP_FOLD_PER_1000)
            continue;
        const char *nit = !strcmp(d->num[1], "*") ? x->item : d->num[1];
        const char *dit = !strcmp(d->den[1], "*") ? x->item : d->den[1];
        size_t num = SIZE_MAX, den = SIZE_MAX;
        for (size_t j = 0; j < f->n; j++) {
            const kp_figure *y = &f->items[j];
            if (y->municipality_id != 0 || y->period != x->period)
                continue;
            if (!strcmp(y->section, d->num[0]) && !strcmp(y->item, nit) && !strcmp(y->measure, d->num[2]))
                num = j;
            if (!strcmp(y->section, d->den[0]) && !strcmp(y->item, dit) && !strcmp(y->measure, d->den[2]))
                den = j;
        }
        if (den == SIZE_MAX || num == SIZE_MAX || seen[den] < nregions) {
            if (den != SIZE_MAX)
                f->items[den].period = -1;
            x->period = -1;
            continue;
        }
        x->value = kp_per_1000_hundredths(f->items[num].value, f->items[den].value);
    }
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].period != -1)
            f->items[k++] = f->items[i];
    f->n = k;
}

void kp_figures_fold_add(kp_figures_fold *fold, const kp_figures *region)
{
    if (!fold || !region)
        return;
    kp_figures *sums = &fold->sums;
    fold->nregions++;
    sums->has_data = sums->has_data || region->has_data;
    for (size_t i = 0; i < region->n; i++) {
        const kp_figure *x = &region->items[i];
        if (x->municipality_id != 0)
            continue;
        bool found = false;
        /* Every fold starts from the sum; shares and rates are recomputed
         * by kp_figures_fold_end. */
        for (size_t j = 0; j < sums->n && !found; j++)
            if (same_key(&sums->items[j], x)) {
                sums->items[j].value += x->value;
                fold->seen[j]++;
                found = true;
            }
        if (!found) {
            size_t cap = sums->cap;
            fig_append(sums, x);
            if (sums->cap != cap)
                fold->seen = kp_xrealloc(fold->seen, sums->cap * sizeof *fold->seen);
            fold->seen[sums->n - 1] = 1;
        }
    }
}

void kp_figures_fold_end(kp_figures_fold *fold, kp_figures *out)
{
    if (!fold || !out)
        return;
    fold_shares(&fold->sums);
    if (fold->sums.n)
        fold_rates(&fold->sums, fold->seen, fold->nregions);
    *out = fold->sums;
    free(fold->seen);
    memset(fold, 0, sizeof *fold);
}

void kp_figures_fold_free(kp_figures_fold *fold)
{
    if (!fold)
        return;
    kp_figures_free(&fold->sums);
    free(fold->seen);
    memset(fold, 0, sizeof *fold);
}

kp_rc kp_figures_for(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out)
{
    if (!out)
        return KP_EINVAL;
    memset(out, 0, sizeof *out);
    if (!ctx || !region)
        return KP_EINVAL;
    if (strcmp(region, KP_REGION_ALL) != 0)
        return kp_figures_compute(ctx, region, at, out);
    /* Authorised before the country's records are read (each region's own
     * check follows, as when it is asked alone). */
    kp_rc rc = kp_access_region(ctx, KP_REGION_ALL, false);
    if (rc)
        return rc;
    kp_eval_list regions;
    rc = kp_eval_regions(ctx, &regions);
    const kp_eval_name *r = regions.items;
    kp_figures_fold fold = {0};
    kp_figures units = {0};
    /* The trends of every region from one pass over the six dates (the
     * regions' own rows, as kp_figures_compute would count them). */
    kp_trends_by_region trends = {0};
    if (!rc && kp_trends_regions(ctx, kp_trends_first_year(at), at, &trends) != KP_OK)
        trends.n = 0; /* empty: each region counts its own and reports its own error */
    /* The other figures' reads once for every region, each region folding
     * its own rows of them (kp_figures_pass). Without one, each region
     * reads its own. */
    kp_figures_pass *pass = NULL;
    if (!rc) {
        const char **codes = kp_xcalloc(regions.n + 1, sizeof *codes);
        for (size_t k = 0; k < regions.n; k++)
            codes[k] = r[k].code;
        if (kp_figures_pass_new(ctx, codes, regions.n, &pass) != KP_OK)
            pass = NULL;
        free(codes);
    }
    for (size_t k = 0; !rc && k < regions.n; k++) {
        kp_figures f;
        const kp_figures *tr = k < trends.n && !strcmp(trends.regions[k], r[k].code) ? &trends.rows[k] : NULL;
        rc = kp_figures_compute_in_pass(ctx, r[k].code, at, tr, pass, &f);
        if (rc)
            break;
        kp_figures_fold_add(&fold, &f);
        for (size_t i = 0; i < f.n; i++) {
            kp_figure *x = &f.items[i];
            if (x->municipality_id != 0)
                continue;
            const kp_figure_def *d = kp_catalogue_find(x->section, x->item, x->measure);
            if (d && d->region_unit) {
                kp_figure *u = fig_append(&units, x);
                u->municipality_id = -(int64_t)(k + 1);
                /* Region names are far shorter than the field; a longer one
                 * would be cut, never overrun. */
                int n = snprintf(u->municipality, sizeof u->municipality, "%s", r[k].name);
                if (n < 0)
                    u->municipality[0] = '\0';
            }
        }
        kp_figures_free(&f);
    }
    kp_figures_pass_free(pass);
    kp_trends_by_region_free(&trends);
    kp_eval_list_free(&regions);
    if (rc) {
        kp_figures_fold_free(&fold);
        kp_figures_free(&units);
        return rc;
    }
    kp_figures sums;
    kp_figures_fold_end(&fold, &sums);
    for (size_t i = 0; i < units.n; i++)
        fig_append(&sums, &units.items[i]);
    kp_figures_free(&units);
    *out = sums;
    return KP_OK;
}
