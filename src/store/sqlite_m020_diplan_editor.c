/* Migration 20: the DI plan as the region's coordinator keeps it on screen
 * (issue 11, item 1). An object gets its address, the money beside ERDF
 * (state budget, the municipality's own and other sources, with the names
 * of the other sources) and its planned and actual completion; an
 * amendment gets the decision that approved it (number and date) and its
 * full text (seed 003, Appendix 2), beside the short reason it had. The
 * history stays the one table of migration 13: an amendment may now also
 * change an object's name, address, other funding and planned completion
 * from its date, so the plan at a date shows them as they stood. SQLite
 * cannot alter a CHECK, so that table is rebuilt with its rows. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m020[] =
    "ALTER TABLE plan_object ADD COLUMN address TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE plan_object ADD COLUMN state_cents INTEGER NOT NULL DEFAULT 0 CHECK (state_cents >= 0);"
    "ALTER TABLE plan_object ADD COLUMN municipal_cents INTEGER NOT NULL DEFAULT 0 CHECK (municipal_cents >= 0);"
    "ALTER TABLE plan_object ADD COLUMN other_cents INTEGER NOT NULL DEFAULT 0 CHECK (other_cents >= 0);"
    "ALTER TABLE plan_object ADD COLUMN other_sources TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE plan_object ADD COLUMN planned_completion TEXT;"
    "ALTER TABLE plan_object ADD COLUMN actual_completion TEXT;"
    "ALTER TABLE plan_amendment ADD COLUMN decision_no TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE plan_amendment ADD COLUMN decision_on TEXT;"
    "ALTER TABLE plan_amendment ADD COLUMN text TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE plan_object_change_m020 ("
    "  id INTEGER PRIMARY KEY,"
    "  amendment_id INTEGER REFERENCES plan_amendment(id),"
    "  object_id INTEGER NOT NULL REFERENCES plan_object(id),"
    "  field TEXT NOT NULL CHECK (field IN ('added','removed','places','status','erdf_cents','service_code',"
    "    'target_group','name','address','state_cents','municipal_cents','other_cents','planned_completion')),"
    "  old_value TEXT,"
    "  new_value TEXT,"
    "  effective_on TEXT,"
    "  reason TEXT,"
    "  CHECK (amendment_id IS NOT NULL OR (field = 'status' AND effective_on IS NOT NULL AND reason IS NOT NULL)));"
    "INSERT INTO plan_object_change_m020(id, amendment_id, object_id, field, old_value, new_value, effective_on, reason)"
    "  SELECT id, amendment_id, object_id, field, old_value, new_value, effective_on, reason FROM plan_object_change;"
    "DROP TABLE plan_object_change;"
    "ALTER TABLE plan_object_change_m020 RENAME TO plan_object_change;"
    "CREATE INDEX plan_object_change_object ON plan_object_change(object_id);"
    "CREATE INDEX plan_amendment_region ON plan_amendment(region_code, approved_on);";
