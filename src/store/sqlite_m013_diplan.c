/* Migration 13: the DI plan's history as dated events. A change of a plan
 * object is either part of an amendment (it takes effect on the
 * amendment's approval date) or, for the object's status only, an event of
 * its own — a council's decision to stop a project, a register entry — with
 * its own date and reason. Amendments may also remove an object from the
 * plan ('removed') and change its target group. SQLite cannot alter a CHECK
 * or a NOT NULL, so the table is rebuilt with its rows. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m013[] =
    "CREATE TABLE plan_object_change_m013 ("
    "  id INTEGER PRIMARY KEY,"
    "  amendment_id INTEGER REFERENCES plan_amendment(id),"
    "  object_id INTEGER NOT NULL REFERENCES plan_object(id),"
    "  field TEXT NOT NULL CHECK (field IN ('added','removed','places','status','erdf_cents','service_code',"
    "    'target_group')),"
    "  old_value TEXT,"
    "  new_value TEXT,"
    "  effective_on TEXT,"
    "  reason TEXT,"
    "  CHECK (amendment_id IS NOT NULL OR (field = 'status' AND effective_on IS NOT NULL AND reason IS NOT NULL)));"
    "INSERT INTO plan_object_change_m013(id, amendment_id, object_id, field, old_value, new_value)"
    "  SELECT id, amendment_id, object_id, field, old_value, new_value FROM plan_object_change;"
    "DROP TABLE plan_object_change;"
    "ALTER TABLE plan_object_change_m013 RENAME TO plan_object_change;"
    "CREATE INDEX plan_object_change_object ON plan_object_change(object_id);"
    "CREATE INDEX plan_object_region ON plan_object(region_code);";
