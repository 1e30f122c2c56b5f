/* Migration 17: programme records over time. An entered indicator value,
 * a compensation payment and a payment request can be corrected: the value
 * that stood until a correction is kept in a version row with the day the
 * correction took effect (replaced_on) and its reason, so that a figure at
 * a date reads each record as it stood on that date. A provider and a
 * facility are closed on a date with a reason; a facility's places for a
 * service change from a date by ending its row the day before and opening
 * one that names the row it replaces. docs/figures.md, "Entered values",
 * "Money", "Providers and facilities at a date". */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m017[] =
    "CREATE TABLE indicator_value_version ("
    "  id INTEGER PRIMARY KEY,"
    "  indicator_value_id INTEGER NOT NULL REFERENCES indicator_value(id),"
    "  value INTEGER NOT NULL,"
    "  replaced_on TEXT NOT NULL,"
    "  corrected_by TEXT NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE INDEX indicator_value_version_of ON indicator_value_version(indicator_value_id, replaced_on);"
    "CREATE TABLE compensation_payment_version ("
    "  id INTEGER PRIMARY KEY,"
    "  payment_id INTEGER NOT NULL REFERENCES compensation_payment(id),"
    "  period_start TEXT NOT NULL,"
    "  period_end TEXT NOT NULL,"
    "  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),"
    "  esf_cents INTEGER NOT NULL,"
    "  state_cents INTEGER NOT NULL,"
    "  replaced_on TEXT NOT NULL,"
    "  corrected_by TEXT NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  CHECK (esf_cents + state_cents = amount_cents));"
    "CREATE INDEX compensation_payment_version_of ON compensation_payment_version(payment_id, replaced_on);"
    "CREATE TABLE payment_request_version ("
    "  id INTEGER PRIMARY KEY,"
    "  request_id INTEGER NOT NULL REFERENCES payment_request(id),"
    "  period_start TEXT NOT NULL,"
    "  period_end TEXT NOT NULL,"
    "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
    "  replaced_on TEXT NOT NULL,"
    "  corrected_by TEXT NOT NULL,"
    "  reason TEXT NOT NULL);"
    "CREATE INDEX payment_request_version_of ON payment_request_version(request_id, replaced_on);"
    "ALTER TABLE provider ADD COLUMN closed_reason TEXT;"
    "ALTER TABLE facility ADD COLUMN closed_reason TEXT;"
    "ALTER TABLE facility_service ADD COLUMN replaces_id INTEGER REFERENCES facility_service(id);"
    "ALTER TABLE facility_service ADD COLUMN change_reason TEXT;";
