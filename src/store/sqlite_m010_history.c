/* Migration 10: the audit trail becomes the history of every record. A
 * change carries the date it takes effect (which may differ from the day it
 * was recorded, `at`), the reason given, and what it changed field by field
 * (a JSON array of {"field","old","new"}; a personal code is named, never
 * written). The client card and the history pages read it; figures never do:
 * they read the records' own dated rows. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m010[] =
    "ALTER TABLE audit ADD COLUMN effective_on TEXT;"
    "ALTER TABLE audit ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE audit ADD COLUMN changes TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX audit_entity ON audit(entity, entity_id, at);";
