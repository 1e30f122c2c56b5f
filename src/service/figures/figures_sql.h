/* The figures' query file: every read the evaluation's figures and their
 * drill-downs make of the records, as typed rows (service/rows.h). The
 * aggregate is "the figures of a region at a date": people as on the date
 * (the context and its conditions), needs, services provided, money of
 * the project, indicators and their computations, facilities, population,
 * cooperation and territories' names. The SQL fragments that define a
 * figure once are in figure_sql.h (shared with cost.c) and the catalogue's
 * conditions in catalogue.c; the statements built from them are here.
 *
 * Also the stored evaluations: approved versions, their chapter texts,
 * changes and files (the end of this file).
 *
 * Used by figures.c, figure_records.c, eval_details.c,
 * figures_published.c, progress.c, service_availability.c, trends.c,
 * evaluations.c and open_data.c.
 * The functions take the store, do no scope check, no audit and no
 * transaction control (the use cases do). Reads of many rows are folded
 * row by row: fn(row, arg) gets each row in the struct named (kp_rows_each);
 * a non-zero result stops the walk and is returned. */
#ifndef KOPA_SERVICE_FIGURES_SQL_H
#define KOPA_SERVICE_FIGURES_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/rows.h"

/* Counts of one record origin: v[i] is the SUM of condition i (k: the
 * date's index in a trend pass, else 0). */
#define KP_Q_FIGURES_MAX_COUNTS 24
typedef struct kp_q_figures_counts {
    int64_t origin, k; /* origin first: every grouped row begins with it */
    int64_t v[KP_Q_FIGURES_MAX_COUNTS];
} kp_q_figures_counts;

/* The context query (KP_FIGURE_CONTEXT_COUNT_FROM): one SUM per condition
 * conds[0..n) (the catalogue's, over x) per record origin; rows
 * kp_q_figures_counts. d the date, adult 18 and senior 65 years before it,
 * origins the region's record origins (JSON). */
kp_rc kp_q_figures_context_each(kp_store *st, const char *const *conds, size_t n, const char *d, const char *adult,
                                const char *origins, const char *senior, kp_row_fn fn, void *arg);

/* The counts of figures 1-3 at many dates in one pass (trends.c): the
 * conditions conds[0..n) (of x of one date: ?1 the date, ?2 18 years
 * before) per date k and record origin; rows kp_q_figures_counts, one per
 * person and date (each v 1 or 0), which the caller adds up. dates
 * and adults hold nd ISO dates; pairs is the JSON array of origin * nd + k
 * of the origins asked. KP_EINVAL for a condition with another parameter. */
kp_rc kp_q_figures_trend_counts_each(kp_store *st, const char *const *conds, size_t n, const char (*dates)[11],
                                     const char (*adults)[11], size_t nd, const char *pairs, kp_row_fn fn, void *arg);

/* Per record origin, target group and service: needs from the latest
 * assessment (NEEDS) or persons served, by their first delivery's service
 * (PROVIDED). item is the service; parent its parent ("" if none). */
typedef struct kp_q_figures_tg_row {
    int64_t origin;
    char tg[32];
    char item[32];
    char parent[32];
    int64_t n;
} kp_q_figures_tg_row;
kp_rc kp_q_figures_needs_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg);
kp_rc kp_q_figures_provided_each(kp_store *st, const char *d, const char *start, const char *origins, kp_row_fn fn,
                                 void *arg);

/* Compensation paid per territory and period start (its year counts). */
typedef struct kp_q_figures_period_sum {
    int64_t origin;
    char from[32];
    int64_t cents;
} kp_q_figures_period_sum;
kp_rc kp_q_figures_compensation_each(kp_store *st, const char *region, const char *d, kp_row_fn fn, void *arg);
/* The same rows for the projects of every region, each with its project's
 * region. */
typedef struct kp_q_figures_region_period_sum {
    char region[8];
    int64_t origin;
    char from[32];
    int64_t cents;
} kp_q_figures_region_period_sum;
kp_rc kp_q_figures_compensation_regions_each(kp_store *st, const char *d, kp_row_fn fn, void *arg);

/* The region's projects begun by the date and the payment requests for
 * periods ended by it. */
typedef struct kp_q_figures_money {
    int64_t budget, esf, state, requested;
} kp_q_figures_money;
kp_rc kp_q_figures_project_money(kp_store *st, const char *region, const char *d, kp_q_figures_money *out);
/* First start and last end of the region's projects ("" when none). */
kp_rc kp_q_figures_project_period(kp_store *st, const char *region, char start[11], char end[11]);

/* Service codes: all (ORDER BY sort, code) or the families (no parent). */
typedef struct kp_q_figures_code {
    char code[32];
} kp_q_figures_code;
typedef struct kp_q_figures_codes {
    kp_q_figures_code *items;
    size_t n, cap;
} kp_q_figures_codes;
kp_rc kp_q_figures_service_codes(kp_store *st, bool families_only, kp_q_figures_codes *out);

/* Indicator computations (docs/import.md): known names; the value of one
 * at a date (region, d, jan1 the first day of its year, start the
 * project's start, origins the record origins); KP_EINVAL for an unknown
 * name or one counted by the context query (kp_q_figures_computed_by_query
 * false). */
bool kp_q_figures_computation_known(const char *name);
bool kp_q_figures_computed_by_query(const char *name);
kp_rc kp_q_figures_compute(kp_store *st, const char *name, const char *region, const char *d, const char *jan1,
                           const char *start, const char *origins, int64_t *value);
/* The records a computation counts (its COUNT(DISTINCT e) as a list of
 * e): "person", "provider" or "facility", NULL when it has none; the rows
 * are kp_q_figures_id. */
const char *kp_q_figures_computed_kind(const char *name);
typedef struct kp_q_figures_id {
    int64_t id;
} kp_q_figures_id;
kp_rc kp_q_figures_computed_each(kp_store *st, const char *name, const char *region, const char *d, const char *jan1,
                                 const char *start, const char *origins, kp_row_fn fn, void *arg);

/* The records a computation counts with the origin each was made under,
 * for every origin of `origins` at once (a region's count is then the
 * number of distinct ids among its origins' rows): rows
 * kp_q_figures_origin_id. KP_EINVAL for a computation without such a
 * list (one counted by the context query, or one that reads the region
 * itself). uses_start: whether the computation reads the project's start
 * (which differs by region). */
typedef struct kp_q_figures_origin_id {
    int64_t origin;
    int64_t id;
} kp_q_figures_origin_id;
kp_rc kp_q_figures_computed_by_origin_each(kp_store *st, const char *name, const char *d, const char *jan1,
                                           const char *start, const char *origins, kp_row_fn fn, void *arg);
bool kp_q_figures_computed_uses_start(const char *name);

/* The region's indicators (ORDER BY sort, id); name in lang "en" or "lv". */
typedef struct kp_q_figures_indicator {
    int64_t id;
    char key[65], kind[16], source[16], computation[64];
    int baseline_year;
    int64_t baseline; /* -1: none */
    int target_year;
    int64_t target;
    char name[304];
    char region[8];
} kp_q_figures_indicator;
typedef struct kp_q_figures_indicators {
    kp_q_figures_indicator *items;
    size_t n, cap;
} kp_q_figures_indicators;
kp_rc kp_q_figures_indicators_of(kp_store *st, const char *region, const char *lang, kp_q_figures_indicators *out);
/* One indicator by id or by (region, key): id, key, kind, source,
 * computation, region, baseline (0 when none here), target. */
kp_rc kp_q_figures_indicator_by_id(kp_store *st, int64_t id, kp_q_figures_indicator *out, bool *found);
kp_rc kp_q_figures_indicator_by_key(kp_store *st, const char *region, const char *key, kp_q_figures_indicator *out,
                                    bool *found);
/* The entered value of the indicator's last year up to `year`, as it stood
 * on `day`. */
typedef struct kp_q_figures_entered {
    int64_t id;
    int year;
    int64_t value;
} kp_q_figures_entered;
kp_rc kp_q_figures_indicator_entered(kp_store *st, int64_t indicator, int year, const char *day,
                                     kp_q_figures_entered *out, bool *found);

/* Facility services begun on or after `start` at facilities the region's
 * DI plan does not name (KP_FIGURE_OUTSIDE_PLAN_SQL); rows
 * kp_q_figures_facility (family: the service code). */
typedef struct kp_q_figures_facility {
    int64_t origin, id;
    char name[208];
    char tg[32];
    char family[32];
} kp_q_figures_facility;
kp_rc kp_q_figures_outside_plan_each(kp_store *st, const char *d, const char *start, const char *region,
                                     const char *origins, kp_row_fn fn, void *arg);
/* Each facility and service family operating on d in the territories
 * origins, ordered by territory, facility and family (tg unused). */
kp_rc kp_q_figures_facility_families_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg);

/* Population: the sum over the territories ids[0..n) in `year` and how many
 * of them have a number. */
kp_rc kp_q_figures_population(kp_store *st, const int64_t *ids, size_t n, int year, int64_t *sum, size_t *have);

/* ---- the drill-down's lists (figure_records.c) ---------------------------- */

/* A person of a list: record origin, client id, names as on the date and
 * what the row is (a target group or a service). */
typedef struct kp_q_figures_person {
    int64_t origin, id;
    char given[152], family[152];
    char detail[64];
} kp_q_figures_person;
/* The context's people meeting a catalogue condition (?1 d, ?2 adult, ?3
 * origins, ?4 senior), by name. */
kp_rc kp_q_figures_context_people_each(kp_store *st, const char *condition, const char *d, const char *adult,
                                       const char *origins, const char *senior, kp_row_fn fn, void *arg);
/* Needs of the target group tg for the service (or a kind of it). */
kp_rc kp_q_figures_needs_people_each(kp_store *st, const char *d, const char *origins, const char *tg,
                                     const char *service, kp_row_fn fn, void *arg);
/* Persons of tg served with ESF funding, under service family (""/NULL: any). */
kp_rc kp_q_figures_provided_people_each(kp_store *st, const char *d, const char *start, const char *origins,
                                        const char *tg, const char *service, kp_row_fn fn, void *arg);
/* Need against places: persons of the family in need or receiving (which). */
kp_rc kp_q_figures_need_places_people_each(kp_store *st, const char *d, const char *origins, const char *family,
                                           const char *which, kp_row_fn fn, void *arg);
/* Cost after EU funding: persons served in `year` with the family ("all"). */
kp_rc kp_q_figures_cost_people_each(kp_store *st, const char *d, const char *origins, const char *start,
                                    const char *until, const char *family, int year, kp_row_fn fn, void *arg);
/* A client's names as on d (cut to the slots, "" when none). */
kp_rc kp_q_figures_client_names(kp_store *st, int64_t id, const char *d, char given[152], char family[152]);

/* Compensation payments for periods ended by d (ORDER BY period start). */
typedef struct kp_q_figures_payment {
    int64_t origin, id;
    char from[32], to[32];
    int64_t cents;
} kp_q_figures_payment;
kp_rc kp_q_figures_payments_each(kp_store *st, const char *region, const char *d, kp_row_fn fn, void *arg);

/* The records of the project's money: the payment requests, or the
 * projects with their budget, ESF or state money. */
typedef enum kp_q_figures_money_of {
    KP_Q_MONEY_REQUESTS = 1,
    KP_Q_MONEY_BUDGET,
    KP_Q_MONEY_ESF,
    KP_Q_MONEY_STATE,
} kp_q_figures_money_of;
typedef struct kp_q_figures_money_row {
    int64_t id;
    char name[208];   /* a project's number ("MP " and a request's number) */
    char detail[208]; /* a project's name or a request's period */
    int64_t cents;
} kp_q_figures_money_row;
kp_rc kp_q_figures_money_each(kp_store *st, kp_q_figures_money_of what, const char *region, const char *d,
                              kp_row_fn fn, void *arg);

/* ---- the evaluation's details (eval_details.c) ---------------------------- */

/* A code and its Latvian name. */
typedef struct kp_q_figures_name {
    char code[65];
    char name[304];
} kp_q_figures_name;
typedef struct kp_q_figures_names {
    kp_q_figures_name *items;
    size_t n, cap;
} kp_q_figures_names;
typedef enum kp_q_figures_names_of {
    KP_Q_NAMES_SERVICES = 1,
    KP_Q_NAMES_GROUPS,
    KP_Q_NAMES_REGIONS,
    KP_Q_NAMES_INDICATORS, /* of a region */
} kp_q_figures_names_of;
kp_rc kp_q_figures_names_list(kp_store *st, kp_q_figures_names_of what, const char *region, kp_q_figures_names *out);
/* A region's or a territory's Latvian name ("" when none). */
kp_rc kp_q_figures_region_name(kp_store *st, const char *region, char *out, size_t outlen);
kp_rc kp_q_figures_territory_name(kp_store *st, int64_t id, char *out, size_t outlen);

/* The region's projects begun by the date, by start and number. */
typedef struct kp_q_figures_project {
    char number[48];
    char name[208];
    char start[11], end[11];
    int64_t budget, esf, state;
} kp_q_figures_project;
typedef struct kp_q_figures_projects {
    kp_q_figures_project *items;
    size_t n, cap;
} kp_q_figures_projects;
kp_rc kp_q_figures_projects_of(kp_store *st, const char *region, const char *d, kp_q_figures_projects *out);

/* Cooperation of the territories in origins, by kind and id. */
typedef struct kp_q_figures_coop {
    int64_t municipality_id, partner_id;
    char service[32], tg[32], kind[16];
    int places; /* -1: none */
} kp_q_figures_coop;
typedef struct kp_q_figures_coops {
    kp_q_figures_coop *items;
    size_t n, cap;
} kp_q_figures_coops;
kp_rc kp_q_figures_cooperation_of(kp_store *st, const char *origins, kp_q_figures_coops *out);

/* Territories of origins: those ended before d (predecessors, ended
 * true) or those begun by d; by ATVK code. */
typedef struct kp_q_figures_territory {
    int64_t id;
    char name[96];
    char valid_to[11];
} kp_q_figures_territory;
typedef struct kp_q_figures_territories {
    kp_q_figures_territory *items;
    size_t n, cap;
} kp_q_figures_territories;
kp_rc kp_q_figures_territories_of(kp_store *st, const char *origins, const char *d, bool ended,
                                  kp_q_figures_territories *out);

/* Compensation per territory (kp_q_figures_period_sum, from ""), and ESF
 * recipients per territory and target group from start to d
 * (kp_q_figures_tg_row, item and parent ""). */
kp_rc kp_q_figures_compensation_by_territory_each(kp_store *st, const char *region, const char *d, kp_row_fn fn,
                                                  void *arg);
kp_rc kp_q_figures_recipients_by_territory_each(kp_store *st, const char *origins, const char *d, const char *start,
                                                kp_row_fn fn, void *arg);

/* ---- stored evaluations (evaluations.c, open_data.c) ---------------------
 * Approved versions of a region's evaluation at a date
 * (evaluation_version), the chapter texts drawn into them, the figures
 * changed since the previous version, the files approved
 * (evaluation_snapshot), and the chapters' latest versions they check
 * against: reads and the writes of an approval (in the caller's
 * transaction). */

/* A version's own columns. approved_by: a user name (64 characters at
 * most) or "cli"/"unknown". */
typedef struct kp_q_figures_approved_version {
    int64_t id, version;
    char region[8];
    char at[11], approved_on[11];
    char approved_at[32];
    char approved_by[65];
    int64_t nchanges;
    char *figures_csv; /* kp_q_figures_approved_latest and _figures only; the caller frees */
} kp_q_figures_approved_version;
typedef struct kp_q_figures_approved_versions {
    kp_q_figures_approved_version *items;
    size_t n, cap;
} kp_q_figures_approved_versions;

/* The latest version of region at d: id, version and figures (*found). */
kp_rc kp_q_figures_approved_latest(kp_store *st, const char *region, const char *d, kp_q_figures_approved_version *out,
                             bool *found);
/* The versions of region at d, in order; one version by id (*found). */
kp_rc kp_q_figures_approved_versions_of(kp_store *st, const char *region, const char *d,
                                        kp_q_figures_approved_versions *out);
kp_rc kp_q_figures_approved_version_by_id(kp_store *st, int64_t id, kp_q_figures_approved_version *out, bool *found);
/* COALESCE(MAX(version), 0) + 1 of region at d. */
kp_rc kp_q_figures_approved_next_version(kp_store *st, const char *region, const char *d, int64_t *next);
/* version, approved_on and figures of the latest approval of region at d
 * (of a known region), or of approval id; *found false when none. */
kp_rc kp_q_figures_approved_figures_latest(kp_store *st, const char *region, const char *d,
                                           kp_q_figures_approved_version *out,
                                     bool *found);
kp_rc kp_q_figures_approved_figures_of(kp_store *st, int64_t id, kp_q_figures_approved_version *out, bool *found);

/* The chapter versions drawn into version id. */
typedef struct kp_q_figures_approved_text {
    char chapter[32];
    int64_t version;
} kp_q_figures_approved_text;
typedef struct kp_q_figures_approved_texts {
    kp_q_figures_approved_text *items;
    size_t n, cap;
} kp_q_figures_approved_texts;
kp_rc kp_q_figures_approved_texts_of(kp_store *st, int64_t id, kp_q_figures_approved_texts *out);
/* The latest version of a chapter of region at d (0: none). */
kp_rc kp_q_figures_approved_chapter_latest(kp_store *st, const char *region, const char *d, const char *chapter,
                                     int64_t *version);

/* The changes recorded with version id, in order. */
typedef struct kp_q_figures_approved_change {
    char kind[8];
    char item[256];
    char old_value[48], new_value[48];
} kp_q_figures_approved_change;
typedef struct kp_q_figures_approved_changes {
    kp_q_figures_approved_change *items;
    size_t n, cap;
} kp_q_figures_approved_changes;
kp_rc kp_q_figures_approved_changes_of(kp_store *st, int64_t id, kp_q_figures_approved_changes *out);

/* The files of a version: format, SHA-256 and size, in order. */
typedef struct kp_q_figures_approved_file {
    char format[8];
    char sha256[65];
    int64_t bytes;
} kp_q_figures_approved_file;
typedef struct kp_q_figures_approved_files {
    kp_q_figures_approved_file *items;
    size_t n, cap;
} kp_q_figures_approved_files;
kp_rc kp_q_figures_approved_files_of(kp_store *st, int64_t id, kp_q_figures_approved_files *out);
/* One file of version id: its row id, content (the caller frees
 * content.b) and recorded SHA-256 (*found false when none); the caller
 * checks the two agree. */
typedef struct kp_q_figures_approved_content {
    int64_t file_id;
    kp_blob content;
    char sha256[65];
} kp_q_figures_approved_content;
kp_rc kp_q_figures_approved_file_content(kp_store *st, int64_t id, const char *format,
                                         kp_q_figures_approved_content *out, bool *found);
/* The version of region at d with a file of format, latest first (0: none). */
kp_rc kp_q_figures_approved_with_file(kp_store *st, const char *region, const char *d, const char *format, int64_t *id);

/* Writes of an approval (inside the caller's transaction). */
typedef struct kp_q_figures_approved_new {
    const char *region, *at, *approved_on, *approved_at, *approved_by, *figures_csv;
    int64_t version;
} kp_q_figures_approved_new;
kp_rc kp_q_figures_approved_insert_version(kp_store *st, const kp_q_figures_approved_new *v, int64_t *id);
kp_rc kp_q_figures_approved_insert_text(kp_store *st, int64_t id, const char *chapter, int64_t chapter_version,
                                  const char *body);
kp_rc kp_q_figures_approved_insert_change(kp_store *st, int64_t id, const char *kind, const char *item,
                                          const char *old_value,
                                    const char *new_value);
kp_rc kp_q_figures_approved_insert_snapshot(kp_store *st, int64_t id, const kp_q_figures_approved_new *v,
                                            const char *format,
                                      const void *content, size_t n, const char *sha256);

#endif
