/* The territory aggregate's SQL (issue 13): municipalities, their
 * successors, parishes, region membership and outlines, and the catalogue
 * lookups that validation makes (service types, target groups, regions,
 * references by id). Used by territory.c, territory_shapes.c, validate.c,
 * access.c and accounts.c, which hold no SQL and no cursor. No
 * authorisation, audit, transaction or message here. */
#ifndef KOPA_SERVICE_TERRITORY_SQL_H
#define KOPA_SERVICE_TERRITORY_SQL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "service/territory.h"
#include "store/store.h"

/* Every municipality (by id), split parish (by id) and region membership
 * (by municipality and start) into out (zeroed first; the caller frees it
 * with kp_territories_free, also on failure). */
kp_rc kp_q_territories_load(kp_store *st, kp_territories *out);

/* Municipality by ATVK code or catalogue key; *id = 0 when unknown. */
kp_rc kp_q_municipality_by_code(kp_store *st, const char *code, int64_t *id);
/* The successor of municipality `id` if it had ended before day `d`
 * (ISO); *next = 0 when none. */
kp_rc kp_q_municipality_successor_before(kp_store *st, int64_t id, const char *d, int64_t *next);
/* Whether municipality `id` is in force on day `d`. */
kp_rc kp_q_municipality_valid_on(kp_store *st, int64_t id, const char *d, bool *valid);
kp_rc kp_q_municipality_exists(kp_store *st, int64_t id, bool *exists);
/* The ATVK code ("" when unknown), cut to outlen. */
kp_rc kp_q_municipality_atvk(kp_store *st, int64_t id, char *out, size_t outlen);
/* The name in `lang` ("en" or else Latvian), "" when unknown, cut to outlen. */
kp_rc kp_q_municipality_name(kp_store *st, int64_t id, const char *lang, char *out, size_t outlen);
/* The region of municipality `id` on day `d`: its membership then; none
 * when it has memberships but none then; municipality.region_code when it
 * has none at all. */
kp_rc kp_q_municipality_region_on(kp_store *st, int64_t id, const char *d, char region[8]);
kp_rc kp_q_region_exists(kp_store *st, const char *code, bool *exists);

typedef struct kp_q_atvk_name {
    char atvk[8];
    char name[96];                /* catalogue.c: ≤ 95 bytes */
} kp_q_atvk_name;
typedef struct kp_q_atvk_names {
    kp_q_atvk_name *items;
    size_t n, cap;
} kp_q_atvk_names;
/* The municipalities whose code is not confirmed among those an export of
 * `kind` prints (clients, client_moves, residences, providers, facilities,
 * compensation_payments, plan_objects, cooperation), by ATVK; nothing for
 * another kind. The caller frees out->items. */
kp_rc kp_q_unconfirmed_codes(kp_store *st, const char *kind, kp_q_atvk_names *out);

/* A territory's outline: label point and rings ("x,y x,y …;…", malloc'd,
 * the caller frees; "" when it has none). */
typedef struct kp_q_outline {
    int label_x, label_y;
    char *rings;
} kp_q_outline;
kp_rc kp_q_outline_of(kp_store *st, int64_t municipality_id, kp_q_outline *out);

/* ---- validation lookups ---- */

typedef enum kp_q_code_kind { KP_Q_SERVICE_TYPE, KP_Q_TARGET_GROUP, KP_Q_REGION } kp_q_code_kind;
/* Whether the catalogue has the code (false also when it cannot be read). */
bool kp_q_code_known(kp_store *st, kp_q_code_kind kind, const char *code);
/* Whether table `table` (one of those validate.c references) has row id;
 * false for another table or when it cannot be read. */
bool kp_q_record_exists(kp_store *st, const char *table, int64_t id);

typedef struct kp_q_municipality_span {
    int64_t id;                   /* 0: no such ATVK code */
    char valid_from[11], valid_to[11];
} kp_q_municipality_span;
/* Never fails: a read that fails answers id 0. */
void kp_q_municipality_by_atvk(kp_store *st, const char *atvk, kp_q_municipality_span *out);

typedef struct kp_q_hint {
    char name[96], atvk[8];
    char parish[96];              /* catalogue.c: ≤ 95 bytes */
    bool confirmed;
} kp_q_hint;
typedef struct kp_q_hints {
    kp_q_hint *items;
    size_t n, cap;
} kp_q_hints;
/* The territories valid on `d` that a record naming territory `id` should
 * name instead: its predecessors (and parishes of split predecessors)
 * when `predecessors`, else the territory holding its records. The caller
 * frees out->items. */
kp_rc kp_q_territory_hints(kp_store *st, int64_t id, const char *d, bool predecessors, kp_q_hints *out);
/* The parish of the municipality by ATVK code or Latvian name; 0 when none. */
kp_rc kp_q_parish_find(kp_store *st, int64_t municipality, const char *parish, int64_t *id);
/* The municipality's parish names joined with ", " ("" when none), cut to outlen. */
kp_rc kp_q_parish_names(kp_store *st, int64_t municipality, char *out, size_t outlen);

#endif
