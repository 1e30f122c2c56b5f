/* The figure catalogue: every figure of the evaluation defined once — its
 * section, item, measure and target group, the query that computes it, how
 * the regions fold into the national total, the records behind it (the
 * drill-down) and its labels in Latvian and English. figures.c computes
 * from it, the national roll-up (kp_figures_for "ALL") folds by it, the
 * report layer takes its labels from it and the drill-down
 * (figure_records.h) lists the records of each entry. Read-only, static. */
#ifndef KOPA_SERVICE_FIGURES_CATALOGUE_H
#define KOPA_SERVICE_FIGURES_CATALOGUE_H
#include <stdbool.h>
#include <stddef.h>
#include "service/figures/figures.h"

/* How a figure of the country comes from the figures of its regions. */
typedef enum kp_fold {
    KP_FOLD_SUM = 0,     /* counts and money: the regions' values added */
    KP_FOLD_PERCENT = 1, /* a share: recomputed from the summed numerator and denominator, never added */
    KP_FOLD_PER_1000 = 2,/* a rate per 1 000 (hundredths): recomputed from the summed numerator and denominator */
} kp_fold;

/* Which query computes a figure (figures.c). */
typedef enum kp_query {
    KP_Q_CONTEXT = 1,     /* people at the date, one column of the context query each */
    KP_Q_NEEDS = 2,       /* needs from the latest assessment */
    KP_Q_PROVIDED = 3,    /* ESF-paid services received, by the first delivery's service */
    KP_Q_COMPENSATION = 4,/* compensation paid to municipalities */
    KP_Q_DIPLAN = 5,      /* the DI plan as it stood on the date */
    KP_Q_PROJECT = 6,     /* the ESF project and its payment requests */
    KP_Q_INDICATORS = 7,  /* the region's indicators (computed or entered) */
    KP_Q_POPULATION = 8,  /* data/population.csv with the context's people */
    KP_Q_DISABILITY = 9,  /* persons with a disability group, by age band */
    KP_Q_FACILITIES = 10, /* facility services operating on the date */
    KP_Q_TRENDS = 11,     /* a context count at each year's end (trends.h) */
    KP_Q_AVAILABILITY = 12,/* facilities per service at the date and two years before (figures 4-6) */
    KP_Q_NEED_PLACES = 13,/* need against places (programme/need_places.h): persons in need, receiving */
    KP_Q_COST = 14,       /* cost after EU funding (cost.h): persons served with ESF funding in a year */
} kp_query;

/* What the drill-down lists for a figure (figure_records.h). */
typedef enum kp_record_kind {
    KP_REC_NONE = 0,     /* a derived figure: its numerator's records are listed */
    KP_REC_PERSONS = 1,  /* clients (one row each; a need row per need) */
    KP_REC_PAYMENTS = 2, /* compensation payments; amounts add up to the figure */
    KP_REC_OBJECTS = 3,  /* DI plan objects; their places or ERDF sums add up */
    KP_REC_PROJECTS = 4, /* ESF projects; their sums add up */
    KP_REC_REQUESTS = 5, /* payment requests of the project */
    KP_REC_AMENDMENTS = 6,/* DI plan amendments */
    KP_REC_VALUES = 7,   /* an indicator's definition or entered value */
    KP_REC_FACILITIES = 8,/* facilities or providers operating on the date */
} kp_record_kind;

typedef struct kp_figure_def {
    const char *section;
    const char *item;         /* "*" = any (a service code, an indicator key, a year) */
    const char *measure;
    const char *target_group; /* the group the figure is of; "*" = given by the row */
    kp_value_kind kind;
    kp_query query;
    /* KP_Q_CONTEXT: the SQL condition a person of the context query (alias
     * x: origin, target_group, birth_date, special_care_from, case_status,
     * first_place, res; ?1 the date, ?2 the date 18 years before) meets to
     * be counted; the same text selects the drill-down's rows. */
    const char *condition;
    const char *column;       /* the context column a figure takes its value from (NULL: its item) */
    kp_fold fold;
    /* KP_FOLD_PERCENT: numerator and denominator (section, item, measure;
     * item "*" = the figure's own item); the numerator of any period when
     * num_any_period (an entered value carries its year). */
    const char *num[3];
    bool num_any_period;
    const char *den[3];
    bool region_unit;         /* the national tables list the regions as units of this section */
    kp_record_kind records;
    const char *label_lv, *label_en;       /* a column or row label */
    const char *long_lv, *long_en;         /* a full sentence label (NULL: the label) */
} kp_figure_def;

/* The catalogue in its order; *n receives its length. */
const kp_figure_def *kp_catalogue(size_t *n);

/* The entry defining a figure: exact item first, then "*"; NULL if the
 * catalogue has none (NULL arguments give NULL). */
const kp_figure_def *kp_catalogue_find(const char *section, const char *item, const char *measure);

/* The consecutive entries of a section in catalogue order: *first and the
 * count returned (0 and NULL for an unknown section or NULL). */
size_t kp_catalogue_section(const char *section, const kp_figure_def **first);

/* A label in a language ("lv", anything else English); long_form for the
 * sentence form. Never NULL for a non-NULL def. */
const char *kp_catalogue_label(const kp_figure_def *def, const char *lang, bool long_form);

/* Does the figure count persons? Only such figures are suppressed when
 * published (service/figures/disclosure.h). The catalogue's list: measure
 * "persons" in every section, and the achieved values of the output
 * indicators (each counts persons: assessed, receiving services, moved
 * out); not euros, shares, places, objects, facilities, amendments, or the
 * indicator table (providers and centres). False for NULL. */
bool kp_catalogue_counts_persons(const char *section, const char *measure);

/* Figures of a region, or of the country for region KP_REGION_ALL: each
 * region computed on its own and folded by the catalogue (sums added,
 * shares recomputed from the sums), then the regions themselves as units
 * of the sections marked region_unit (municipality_id = -(k+1), their name
 * in `municipality`). Same contract as kp_figures_compute. */
#define KP_REGION_ALL "ALL"
kp_rc kp_figures_for(kp_ctx *ctx, const char *region, kp_date at, kp_figures *out);

/* The national fold of kp_figures_for, for any set of region rows (the
 * trends, trends.h, fold theirs with it): zero a kp_figures_fold, add
 * each region's figures (rows of municipality 0 only; equal keys added),
 * then kp_figures_fold_end moves the country's rows to *out — shares
 * recomputed from the summed numerator and denominator (KP_FOLD_PERCENT),
 * rates per 1 000 likewise (KP_FOLD_PER_1000), never added; a rate's
 * denominator that not every region added (a year some region has no
 * population for) is dropped with its rates, as a partial sum is no
 * country's. The fold is empty afterwards; kp_figures_fold_free frees one
 * not ended. NULL arguments do nothing. */
typedef struct kp_figures_fold {
    kp_figures sums;
    int *seen;     /* per row of sums: how many regions gave it */
    int nregions;  /* regions added */
} kp_figures_fold;
void kp_figures_fold_add(kp_figures_fold *fold, const kp_figures *region);
void kp_figures_fold_end(kp_figures_fold *fold, kp_figures *out);
void kp_figures_fold_free(kp_figures_fold *fold);

#endif
