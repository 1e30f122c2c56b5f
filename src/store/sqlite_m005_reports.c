/* Migration 5: compensation claims and approved (frozen) evaluations. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m005[] =
    /* An approved evaluation: the rendered bytes and the tidy figures they
     * were drawn from, frozen, with the SHA-256 of the bytes. */
    "CREATE TABLE evaluation_snapshot ("
    "  id INTEGER PRIMARY KEY,"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  at_date TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved')),"
    "  approved_on TEXT NOT NULL,"
    "  approved_by TEXT NOT NULL,"
    "  format TEXT NOT NULL CHECK (format IN ('pdf','xlsx','html','csv','json')),"
    "  content BLOB NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  figures_csv TEXT NOT NULL,"
    "  UNIQUE (region_code, at_date, format));"
    /* Verified claims the region paid together: the ESF part is the sum of
     * the per-payment parts; the flat 85 % of the total is kept beside it so
     * the rounding difference is shown, not hidden. */
    "CREATE TABLE claim_bundle ("
    "  id INTEGER PRIMARY KEY,"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  paid_on TEXT NOT NULL,"
    "  total_cents INTEGER NOT NULL,"
    "  esf_cents INTEGER NOT NULL,"
    "  state_cents INTEGER NOT NULL,"
    "  flat_esf_cents INTEGER NOT NULL,"
    "  CHECK (esf_cents + state_cents = total_cents));"
    /* A municipality's claim for one month of confirmed deliveries. */
    "CREATE TABLE claim ("
    "  id INTEGER PRIMARY KEY,"
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  project_id INTEGER NOT NULL REFERENCES project(id),"
    "  month TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('submitted','verified','paid')),"
    "  built_on TEXT NOT NULL,"
    "  built_by TEXT NOT NULL,"
    "  bundle_id INTEGER REFERENCES claim_bundle(id),"
    "  payment_id INTEGER REFERENCES compensation_payment(id));"
    "CREATE INDEX claim_municipality ON claim(municipality_id, month);"
    "CREATE TABLE claim_line ("
    "  id INTEGER PRIMARY KEY,"
    "  claim_id INTEGER NOT NULL REFERENCES claim(id),"
    "  line_no INTEGER NOT NULL,"
    "  delivery_id INTEGER NOT NULL REFERENCES delivery(id),"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  service_code TEXT NOT NULL REFERENCES service_type(code),"
    "  delivered_on TEXT NOT NULL,"
    "  units INTEGER NOT NULL,"
    "  unit_cost_cents INTEGER NOT NULL CHECK (unit_cost_cents >= 0),"
    "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
    "  status TEXT NOT NULL CHECK (status IN ('pending','accepted','rejected','correction','refused')),"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (claim_id, line_no));"
    /* A delivery is claimed once: a pending, accepted or rejected line holds
     * it; a line sent back for correction or refused when built does not. */
    "CREATE UNIQUE INDEX claim_line_delivery ON claim_line(delivery_id)"
    "  WHERE status IN ('pending','accepted','rejected');";
