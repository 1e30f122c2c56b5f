/* Query file of the transfer aggregate: the SQL of import and export
 * (transfer.c, transfer_kinds.c, transfer_export.c) and of the catalogue
 * load (catalogue.c: territories, memberships, parishes, population,
 * services, rules, unit costs, neighbours, outlines). Every SQL text of
 * those use cases is here; they call these functions inside their own
 * transactions and hold no cursor. No authorisation, audit or messages
 * here. The records an import writes go through the use cases of their
 * aggregates (casework, programme), not through this file.
 * kopa migrate (db_copy.c) copies tables by the store's table list and has
 * no SQL of an aggregate. */
#ifndef KOPA_SERVICE_TRANSFER_TRANSFER_SQL_H
#define KOPA_SERVICE_TRANSFER_TRANSFER_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"
#include "service/sql.h"

/* ---- import ---- */

/* Whether `column` of an import file names a record of another table
 * (client_id, plan_id, …). */
bool kp_q_transfer_is_reference(const char *column);
/* *exists: whether the record reference column `column` names by `value`
 * (text as in the file: only a plain number can match) is there at all,
 * whatever the caller's scope. KP_EINVAL for a column that is not a
 * reference. */
kp_rc kp_q_transfer_reference_exists(kp_store *st, const char *column, const char *value, bool *exists);

/* The DI objects the plan object changes `change_ids` belong to, in id
 * order, each once: *objects (malloc'd, the caller frees; NULL when none)
 * and *n. */
kp_rc kp_q_transfer_objects_of_changes(kp_store *st, const int64_t *change_ids, size_t nchanges, int64_t **objects,
                                       size_t *n);

/* ---- export ---- */

/* How a cell of an export row is read. */
typedef enum kp_q_transfer_cell_kind { KP_Q_TRANSFER_CELL_TEXT, KP_Q_TRANSFER_CELL_INT, KP_Q_TRANSFER_CELL_BLOB } kp_q_transfer_cell_kind;

/* One value of an export row: `null`, else the text, number or bytes as
 * the column's kind asks (valid only during the callback). */
typedef struct kp_q_transfer_cell {
    bool null;
    const char *text;
    int64_t i;
    const void *blob;
    size_t n;
} kp_q_transfer_cell;

typedef kp_rc (*kp_q_transfer_cells_fn)(const kp_q_transfer_cell *cells, size_t n, void *arg);

/* Runs the export query of `kind` (one of kp_transfer_kinds(), ordered by
 * id) and calls fn with each row's ncols cells, read as kinds[i] says; a
 * non-zero result of fn stops the walk and is returned. The query's columns
 * must be `names`, in order (else KP_ESTATE: a query that does not match
 * its kind is a programming error); KP_EINVAL for an unknown kind. */
kp_rc kp_q_transfer_export_each(kp_store *st, const char *kind, const char *const *names, const kp_q_transfer_cell_kind *kinds,
                                size_t ncols, kp_q_transfer_cells_fn fn, void *arg);

/* Appends the service codes an assessment found needed, in code order,
 * joined with '|', to b. */
kp_rc kp_q_transfer_needs_of(kp_store *st, int64_t assessment, kp_buf *b);

/* ---- catalogues ---- */

/* Whether any planning region is stored (the catalogues are loaded). */
kp_rc kp_q_catalogue_loaded(kp_store *st, bool *loaded);

typedef enum kp_q_catalogue_code_table { KP_Q_CATALOGUE_REGIONS, KP_Q_CATALOGUE_TARGET_GROUPS } kp_q_catalogue_code_table;
/* A code with its Latvian and English names; KP_ECONFLICT for a code there already. */
kp_rc kp_q_catalogue_code_add(kp_store *st, kp_q_catalogue_code_table table, const char *code, const char *name_lv,
                              const char *name_en);

typedef struct kp_q_catalogue_municipality_in {
    const char *atvk, *key, *name_lv, *name_en, *kind, *region, *valid_from, *valid_to;
    int code_confirmed;
    const char *source;
} kp_q_catalogue_municipality_in;
/* KP_ECONFLICT for an ATVK code or key there already. */
kp_rc kp_q_catalogue_municipality_add(kp_store *st, const kp_q_catalogue_municipality_in *in);

/* A territory by ATVK code: its id (0 when none) and validity (to "" when open). */
typedef struct kp_q_catalogue_territory {
    int64_t id;
    char valid_from[11], valid_to[11];
} kp_q_catalogue_territory;
kp_rc kp_q_catalogue_territory_by_atvk(kp_store *st, const char *atvk, kp_q_catalogue_territory *out);
/* *valid: territory `atvk` exists on date `on`. */
kp_rc kp_q_catalogue_territory_valid_on(kp_store *st, const char *atvk, const char *on, bool *valid);
kp_rc kp_q_catalogue_set_successor(kp_store *st, const char *atvk, int64_t successor);

/* *overlaps: a region membership of territory `id` meets `from`–`to` (to NULL or "" = open). */
kp_rc kp_q_catalogue_membership_overlaps(kp_store *st, int64_t id, const char *from, const char *to, bool *overlaps);
kp_rc kp_q_catalogue_membership_add(kp_store *st, int64_t id, const char *region, const char *from, const char *to,
                          const char *source);

/* Every territory with its region memberships in date order (a territory
 * without one: one row with `none`). */
typedef struct kp_q_catalogue_membership_row {
    char atvk[8], valid_from[11], valid_to[11]; /* the territory's; valid_to "" when open */
    bool none;
    char from[11], to[11]; /* the membership's; to "" when open */
} kp_q_catalogue_membership_row;
typedef kp_rc (*kp_q_catalogue_membership_fn)(const kp_q_catalogue_membership_row *row, void *arg);
kp_rc kp_q_catalogue_memberships_each(kp_store *st, kp_q_catalogue_membership_fn fn, void *arg);

/* KP_ECONFLICT when the territory lists the parish already. atvk NULL or "" = none. */
kp_rc kp_q_catalogue_parish_add(kp_store *st, int64_t territory, const char *atvk, const char *name_lv, int64_t successor,
                      int code_confirmed, const char *source);
/* KP_ECONFLICT for a second figure of the territory and year. */
kp_rc kp_q_catalogue_population_add(kp_store *st, int64_t territory, int64_t year, int64_t population, const char *source);

/* KP_ECONFLICT for a code there already. */
kp_rc kp_q_catalogue_service_type_add(kp_store *st, const char *code, const char *name_lv, const char *name_en, const char *unit,
                            int64_t sort);
kp_rc kp_q_catalogue_service_parent(kp_store *st, const char *code, const char *parent);
/* KP_ECONFLICT when listed already. */
kp_rc kp_q_catalogue_eligibility_add(kp_store *st, const char *service, const char *target_group);

/* A rule of service_rules.csv; age_min, age_max, parents_working < 0 = none. */
typedef struct kp_q_catalogue_rule_in {
    int64_t id;
    const char *service, *region, *target_group, *kind, *period;
    int64_t limit, age_min, age_max, parents_working;
    const char *valid_from, *valid_to, *source;
} kp_q_catalogue_rule_in;
/* KP_ECONFLICT for an id there already. */
kp_rc kp_q_catalogue_rule_add(kp_store *st, const kp_q_catalogue_rule_in *in);

/* KP_ECONFLICT for a pair there already (a < b). */
kp_rc kp_q_catalogue_neighbour_add(kp_store *st, int64_t a, int64_t b);
/* KP_ECONFLICT when the territory has an outline already. */
kp_rc kp_q_catalogue_shape_add(kp_store *st, int64_t territory, int64_t label_x, int64_t label_y, const char *rings);

/* *overlaps: a unit cost of `service` meets `from`–`to` (to NULL or "" = open). */
kp_rc kp_q_catalogue_unit_cost_overlaps(kp_store *st, const char *service, const char *from, const char *to, bool *overlaps);
kp_rc kp_q_catalogue_unit_cost_add(kp_store *st, const char *service, int64_t cents, const char *from, const char *to,
                         const char *source);

#endif
