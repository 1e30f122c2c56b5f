/* Loading the catalogues (regions, municipalities, target groups, service
 * types, rules, unit costs) from the CSV files under data/. */
#ifndef KOPA_SERVICE_CATALOGUE_H
#define KOPA_SERVICE_CATALOGUE_H
#include <stdbool.h>
#include "service/ctx.h"
#include "service/errors.h"

/* Directory of the catalogue files: $KOPA_DATA_DIR, else the build's default. */
const char *kp_catalogue_dir(void);

/* Loads every catalogue file from `dir` in one transaction. Any bad row
 * (reported in `e` with file, line, column) loads nothing. Only the system
 * operator and administrators may load catalogues. */
kp_rc kp_catalogue_load(kp_ctx *ctx, const char *dir, kp_errors *e);

/* True when the catalogues are already loaded. */
bool kp_catalogue_loaded(kp_ctx *ctx);

#endif
