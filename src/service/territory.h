/* Municipalities and regions at a date: which territory holds the records
 * made under another on a date (following successors through reforms, and
 * for a territory split between successors the successor of the record's
 * parish), and which planning region a territory belongs to on a date.
 * The rule is described in docs/figures.md ("Municipalities and regions at
 * a date"); every date-aware "in region R" test uses it. */
#ifndef KOPA_SERVICE_TERRITORY_H
#define KOPA_SERVICE_TERRITORY_H
#include <stdbool.h>
#include <stdint.h>
#include "core/buf.h"
#include "core/date.h"
#include "service/ctx.h"

typedef struct kp_terr {
    int64_t id, successor;
    char atvk[8];
    char valid_from[11], valid_to[11]; /* ISO; valid_to "" while in force */
    char region[8];                    /* municipality.region_code: used when no membership row exists */
    char name[96];
    bool confirmed;
} kp_terr;

typedef struct kp_terr_parish {
    int64_t id, municipality, successor;
} kp_terr_parish;

typedef struct kp_terr_member {
    int64_t municipality;
    char region[8], from[11], to[11];
} kp_terr_member;

typedef struct kp_territories {
    kp_terr *t;
    size_t n;
    kp_terr_parish *p;
    size_t np;
    kp_terr_member *r;
    size_t nr;
} kp_territories;

/* Loads every territory, split parish and region membership. */
kp_rc kp_territories_load(kp_ctx *ctx, kp_territories *out);
void kp_territories_free(kp_territories *t);
const kp_terr *kp_territories_find(const kp_territories *t, int64_t id);

/* The territory holding, on `d` (ISO), the records made under `municipality`
 * (and `parish`, 0 = none named): the territory itself while valid, else its
 * successor (the parish's successor for a split territory when the record
 * names a parish), followed until one valid on `d`. 0 when none is valid
 * on `d` (the record's territory did not exist yet). */
int64_t kp_territories_holder(const kp_territories *t, int64_t municipality, int64_t parish, const char *d);

/* The planning region of territory `id` on `d`; "" when it has none then. */
const char *kp_territories_region(const kp_territories *t, int64_t id, const char *d);

/* The record origins whose holder on `d` is in `region` on `d`, as a JSON
 * array for SQL's json_each: territory ids, and for split parishes the
 * negated parish id (see KP_ORIGIN). */
kp_rc kp_territories_origins_json(const kp_territories *t, const char *region, const char *d, kp_buf *out);

/* Loads the territories and writes the JSON array above (kp_buf_free it). */
kp_rc kp_region_origins_json(kp_ctx *ctx, const char *region, kp_date at, kp_buf *out);

/* The origin of a record with municipality and parish columns, as SQL:
 * the municipality id, or the negated parish id when a parish is named. */
#define KP_ORIGIN(t) "(CASE WHEN " t ".parish_id IS NULL THEN " t ".municipality_id ELSE -" t ".parish_id END)"

/* A territory's name in the caller's language (name_en when ctx->lang is
 * "en", else name_lv) into out; KP_ENOTFOUND for an unknown id, KP_EINVAL
 * for NULL or an empty buffer. */
kp_rc kp_territory_name(kp_ctx *ctx, int64_t id, char *out, size_t outlen);

/* KP_OK when `code` names a planning region, KP_ENOTFOUND when it does
 * not (KP_EINVAL for NULL). The one check every region-level read starts
 * with, before its scope check. */
kp_rc kp_region_known(kp_ctx *ctx, const char *code);

/* The planning region of one territory on a date (membership table, else
 * municipality.region_code). */
kp_rc kp_territory_region_at(kp_ctx *ctx, int64_t municipality, kp_date at, char region[8]);

/* kp_municipality_rollup with the record's parish (0 = none). */
kp_rc kp_municipality_rollup_parish(kp_ctx *ctx, int64_t municipality, int64_t parish, kp_date at, int64_t *out);

/* The ATVK codes an export of `kind` prints that are not confirmed against
 * the official classifier (municipality.code_confirmed = 0), as
 * "0400200 Bauskas novads, …" in `out` (kp_buf_init'ed by the caller), and
 * how many there are in *n. Kinds without municipality columns give none. */
kp_rc kp_export_unconfirmed_codes(kp_ctx *ctx, const char *kind, kp_buf *out, size_t *n);

#endif
