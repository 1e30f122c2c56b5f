/* The DI plan aggregate's SQL: a region's deinstitutionalisation plan as
 * amended (its objects, amendments and changes), need against places,
 * indicators and their entered values, and cooperation agreements. Used by
 * diplan.c, diplan_at.c, need_places.c, indicators.c and cooperation.c.
 * Query functions do no authorisation, audit or transaction control: the
 * use case does. */
#ifndef KOPA_SERVICE_PROGRAMME_DIPLAN_SQL_H
#define KOPA_SERVICE_PROGRAMME_DIPLAN_SQL_H
#include <stdbool.h>
#include <stdint.h>
#include "service/programme/programme.h"
#include "service/rows.h"
#include "service/sql.h"

/* ---- indicators (indicators.c) ---- */

/* *exists: the region has an indicator with this key. */
kp_rc kp_q_indicator_key_taken(kp_store *st, const char *region, const char *key, bool *exists);
/* baseline < 0: not known (NULL). */
kp_rc kp_q_indicator_insert(kp_store *st, int64_t id, const kp_indicator_in *in, int64_t baseline, int64_t target,
                            int64_t sort, int64_t *id_out);
/* Indicator `id`'s region and source ("" when there is no such indicator). */
kp_rc kp_q_indicator_owner(kp_store *st, int64_t id, char region[8], char source[16]);
/* *exists: the indicator has a value for `year`. */
kp_rc kp_q_indicator_value_taken(kp_store *st, int64_t indicator, int64_t year, bool *exists);
kp_rc kp_q_indicator_value_insert(kp_store *st, int64_t id, int64_t indicator, int64_t year, int64_t value,
                                  const kp_indicator_value_in *in, int64_t *id_out);
/* The value of `indicator` for `year`: its id (0 when none). */
kp_rc kp_q_indicator_value_id(kp_store *st, int64_t indicator, int64_t year, int64_t *vid);
/* Value `vid` now: the value (-1 when none), the day it was entered and
 * the day of its last correction ("" when none). */
kp_rc kp_q_indicator_value_now(kp_store *st, int64_t vid, int64_t *value, char entered[11], char last[11]);
/* Keeps value `vid`'s old value as a version replaced on `on` by `actor`
 * for `reason`, and sets the new one. */
kp_rc kp_q_indicator_value_correct(kp_store *st, int64_t vid, int64_t old, int64_t value, const char *on,
                                   const char *actor, const char *reason);
/* The corrections of the region's indicator values, by day and id, each
 * with the value it replaced and the one after it (out->items and the
 * reasons are the caller's: kp_value_corrections_free). */
struct kp_value_corrections;
kp_rc kp_q_indicator_corrections(kp_store *st, const char *region, struct kp_value_corrections *out);
/* An indicator as the indicators page shows it (both names). */
typedef struct kp_q_indicator {
    int64_t id;
    char key[65], kind[16], source[16], entered_by_role[65];
    char name_lv[304], name_en[304];
    bool has_baseline;
    int64_t baseline, baseline_year, target, target_year; /* years 0 when not given */
} kp_q_indicator;
typedef struct kp_q_indicator_vec {
    kp_q_indicator *items;
    size_t n, cap;
} kp_q_indicator_vec;
/* The region's indicators by sort and id. */
kp_rc kp_q_indicators_of(kp_store *st, const char *region, kp_q_indicator_vec *out);
/* An entered value of an indicator. */
typedef struct kp_q_indicator_value {
    int64_t indicator_id, year, value;
    char entered_by[101], entered_on[11];
} kp_q_indicator_value;
typedef struct kp_q_indicator_value_vec {
    kp_q_indicator_value *items;
    size_t n, cap;
} kp_q_indicator_value_vec;
/* The values of the region's indicators by indicator and year. */
kp_rc kp_q_indicator_values_of(kp_store *st, const char *region, kp_q_indicator_value_vec *out);

/* ---- the DI plan's objects, amendments and changes (diplan.c) ---- */

/* places < 0: not given (NULL); money already checked, below 0 stored as 0;
 * facility 0: none. */
kp_rc kp_q_plan_object_insert(kp_store *st, int64_t id, const kp_plan_object_in *in, int64_t municipality,
                              int64_t places, int64_t erdf, int64_t state, int64_t municipal, int64_t other,
                              int64_t facility, int64_t *id_out);
/* The region of plan object `object` ("" when none). */
kp_rc kp_q_plan_object_region(kp_store *st, int64_t object, char region[8]);
/* The id of the plan object whose id is the text `id` (0 when none). */
kp_rc kp_q_plan_object_by_text(kp_store *st, const char *id, int64_t *object);
/* *exists: the region has an amendment numbered `number`. */
kp_rc kp_q_amendment_number_taken(kp_store *st, const char *region, int64_t number, bool *exists);
/* The nearest amendment of the region numbered against the order of
 * approval of one numbered `number` approved on `approved_on`: *other its
 * number (0 when none) and other_on its approval date. */
kp_rc kp_q_amendment_out_of_order(kp_store *st, const char *region, int64_t number, const char *approved_on,
                                  int64_t *other, char other_on[11]);
kp_rc kp_q_amendment_insert(kp_store *st, int64_t id, const kp_amendment_in *in, int64_t number, int64_t *id_out);
/* Amendment `id`'s region, approval date and reason ("" when none). */
kp_rc kp_q_amendment_head(kp_store *st, int64_t id, char region[8], char on[11], char *reason, size_t reasonlen);
/* A change of plan object `object`: by amendment (amendment != 0; no date
 * or reason of its own) or on `on` for `reason`. */
kp_rc kp_q_object_change_insert(kp_store *st, int64_t id, int64_t amendment, int64_t object, const char *field,
                                const char *old_value, const char *new_value, const char *on, const char *reason,
                                int64_t *id_out);
/* What orders the history of an object for a change of `field` on `on`:
 * the day it entered the plan, the day it was removed ("" when not), the
 * nearest change that conflicts (for "added" any earlier change, else a
 * later change of the field, of any field for "removed"), and whether it
 * was already added by an amendment. */
typedef struct kp_q_object_order {
    char entered[11], gone[11], later[11];
    bool added;
} kp_q_object_order;
kp_rc kp_q_plan_object_order(kp_store *st, int64_t object, const char *field, const char *on, kp_q_object_order *out);
/* Whether `field` is a column of plan_object a change replaces (added and
 * removed are history only). */
bool kp_q_plan_object_has_column(const char *field);
/* The value of column `field` of the object as text ("" when NULL);
 * KP_EINVAL for a field that is not a column. */
kp_rc kp_q_plan_object_value(kp_store *st, int64_t object, const char *field, char *out, size_t outlen);
/* Sets column `field` of the object from its text. */
kp_rc kp_q_plan_object_set(kp_store *st, int64_t object, const char *field, const char *value);
/* Clients holding a place of the object's service at its facility's
 * provider on `d`. */
kp_rc kp_q_plan_object_clients(kp_store *st, int64_t object, const char *d, int64_t *out);
/* The object's actual completion ("" when none) and other sources. */
kp_rc kp_q_plan_object_completion(kp_store *st, int64_t object, char done[11], char *sources, size_t sourceslen);
/* done "": none. */
kp_rc kp_q_plan_object_set_completion(kp_store *st, int64_t object, const char *done, const char *sources);

/* ---- cooperation agreements (cooperation.c) ---- */

/* The days municipality `id` existed: from, and to ("9999-12-31" while it
 * does); "" when there is no such municipality. */
kp_rc kp_q_municipality_span(kp_store *st, int64_t id, char from[11], char to[11]);
/* *known: `code` is a service type. */
kp_rc kp_q_service_type_known(kp_store *st, const char *code, bool *known);

/* An agreement as stored (names of the municipalities are the caller's). */
typedef struct kp_q_coop {
    int64_t id, municipality_id, partner_id;
    char service[32], service_name[208];   /* the name in the language asked for */
    char target_group[16], kind[16];
    int64_t places;                        /* -1: none named */
    char valid_from[11], valid_to[11];     /* "" = open */
    char decision[304];                    /* validated: at most 300 bytes */
} kp_q_coop;
typedef struct kp_q_coop_vec {
    kp_q_coop *items;
    size_t n, cap;
} kp_q_coop_vec;

/* Agreement `id` (*found false when none); en: service names in English. */
kp_rc kp_q_coop_get(kp_store *st, bool en, int64_t id, kp_q_coop *out, bool *found);
/* Every agreement of service `service` or of its kinds ("" or NULL: all),
 * by id, appended to *out (the caller frees out->items). */
kp_rc kp_q_coop_all(kp_store *st, bool en, const char *service, kp_q_coop_vec *out);
/* from, to "": open; places < 0: none named. */
kp_rc kp_q_coop_insert(kp_store *st, int64_t id, int64_t municipality, int64_t partner, const char *service,
                       const char *target_group, const char *kind, int64_t places, const char *from, const char *to,
                       const char *decision, int64_t *id_out);
kp_rc kp_q_coop_update(kp_store *st, int64_t id, int64_t partner, const char *service, const char *target_group,
                       const char *kind, int64_t places, const char *from, const char *to, const char *decision);
kp_rc kp_q_coop_end(kp_store *st, int64_t id, const char *ended_on);

/* ---- need against places (need_places.c) ---- */

/* A service type with its family, in catalogue order. */
typedef struct kp_q_need_family {
    char code[32];   /* a service code */
    char family[32]; /* its family: the parent, or itself */
    int sort;
    bool top;
    char name[208];  /* in the language asked for; catalogue names have up to 200 bytes */
} kp_q_need_family;
typedef struct kp_q_need_family_vec {
    kp_q_need_family *items;
    size_t n, cap;
} kp_q_need_family_vec;
/* Every service type by sort and code; lang "en" or "lv". */
kp_rc kp_q_need_families(kp_store *st, const char *lang, kp_q_need_family_vec *out);

/* Persons in need, receiving, and in need but not receiving a family, per
 * record territory (municipality m, parish p) on `d` among the territories
 * listed in `origins` (a JSON array of ids): KP_NEED_PERSONS_WITH. */
typedef struct kp_q_need_persons {
    int64_t m, p;
    char family[32];
    int64_t need, receiving, unmet;
} kp_q_need_persons;
kp_rc kp_q_need_persons_each(kp_store *st, const char *d, const char *origins, kp_row_fn fn, void *arg);

/* Places on `d` per facility territory m, provider p and family: how many
 * offers name a number (known), their sum and the provider's taken places
 * of the family (KP_FACILITY_SERVICE_AT_SQL, KP_PLACES_TAKEN_SQL). */
typedef struct kp_q_need_places {
    int64_t m, p;
    char family[32];
    int64_t known, places, taken;
} kp_q_need_places;
kp_rc kp_q_need_places_each(kp_store *st, const char *d, kp_row_fn fn, void *arg);

/* The pairs of neighbouring territories (kp_q_pair rows). */
typedef struct kp_q_pair {
    int64_t a, b;
} kp_q_pair;
kp_rc kp_q_neighbours_each(kp_store *st, kp_row_fn fn, void *arg);

/* Agreements of kind "existing" in force on `d`, by municipality, partner,
 * service and id. */
typedef struct kp_q_coop_in_force {
    int64_t m, partner;
    char service[32];
    int places;      /* -1: none named */
} kp_q_coop_in_force;
kp_rc kp_q_coop_in_force_each(kp_store *st, const char *d, kp_row_fn fn, void *arg);

/* ---- the DI plan as it stood on a date (diplan_at.c) ---- */

/* A plan object as it is now; amounts and places as text ("" places: none
 * given). Text fields hold what validation lets in. */
typedef struct kp_q_plan_object {
    int64_t id, municipality_id, facility_id; /* facility 0: none */
    char name[304];
    char tg[16], service[32];
    char places[24], erdf[24];
    char status[16];
    char added_on[11];
    char address[304], other_sources[304];
    char state[24], municipal[24], other[24];
    char planned[11], actual[11];              /* "" when none */
} kp_q_plan_object;
/* The objects of `region` (every region when NULL) by id, each passed to fn. */
kp_rc kp_q_plan_objects_each(kp_store *st, const char *region, kp_row_fn fn, void *arg);

/* A change of an object, in the order changes took effect: date, then
 * amendment number (an event after the amendments of its day), then within
 * one amendment its adding first and its removing last, then record id. */
typedef struct kp_q_plan_change {
    int64_t id, object_id, amendment_id; /* amendment 0: an event of its own */
    int64_t number;                      /* the amendment's number; 2147483647 for an event */
    char field[24];
    char old_v[208], new_v[208];         /* "" when none */
    char on[11];                         /* the date it took effect */
} kp_q_plan_change;
/* The changes of the objects of `region` (all when NULL), grouped by
 * object, each passed to fn. */
kp_rc kp_q_plan_changes_each(kp_store *st, const char *region, kp_row_fn fn, void *arg);

/* A service type's catalogue order. */
typedef struct kp_q_service_sort {
    char code[32];
    int sort;
} kp_q_service_sort;
typedef struct kp_q_service_sort_vec {
    kp_q_service_sort *items;
    size_t n, cap;
} kp_q_service_sort_vec;
kp_rc kp_q_service_sorts(kp_store *st, kp_q_service_sort_vec *out);

/* An amendment of a region approved by a date, with how many object
 * changes it made; reason and text are the caller's to free. */
typedef struct kp_q_amendment {
    int64_t id;
    int number;
    char approved_on[11], decision_no[64], decision_on[11];
    char *reason, *text;
    int64_t nchanges;
} kp_q_amendment;
typedef struct kp_q_amendment_vec {
    kp_q_amendment *items;
    size_t n, cap;
} kp_q_amendment_vec;
/* The region's amendments approved on or before `d`, by number and id. */
kp_rc kp_q_amendments_by(kp_store *st, const char *region, const char *d, kp_q_amendment_vec *out);

/* One object's changes in the order they took effect, with the event's
 * reason or else the amendment's (the caller's to free). */
typedef struct kp_q_object_history {
    int64_t id;
    int amendment_number;   /* 0: an event of its own */
    char on[11];
    char field[24];
    char old_value[208], new_value[208];
    char *reason;
} kp_q_object_history;
typedef struct kp_q_object_history_vec {
    kp_q_object_history *items;
    size_t n, cap;
} kp_q_object_history_vec;
kp_rc kp_q_object_history_of(kp_store *st, int64_t object, kp_q_object_history_vec *out);
/* Frees the reasons of the rows and the rows. */
void kp_q_object_history_free(kp_q_object_history_vec *v);

#endif
