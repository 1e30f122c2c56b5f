/* The demo region: synthetic individual records for Zemgale whose
 * aggregates reproduce the figures of the real 2017–2021 evaluation. */
#ifndef KOPA_SERVICE_DEMO_H
#define KOPA_SERVICE_DEMO_H
#include "service/ctx.h"
#include "service/errors.h"

/* Builds the demo records through the ordinary use cases (so every record
 * passes the same validation and rules as a person's would) in one
 * transaction. `figures_path` is the JSON file of figures to reproduce
 * (data/demo/zemgale-2021.json). Deterministic: the same catalogues and
 * figures give the same records. ctx->now should be fixed by the caller so
 * audit records are deterministic too. */
kp_rc kp_demo_build(kp_ctx *ctx, const char *figures_path, kp_errors *e);

#endif
