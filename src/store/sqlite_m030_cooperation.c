/* Migration 30: cooperation agreements on screen (issue 11, /cooperation).
 * An agreement gets the decision that made it: the agreement's or the
 * council decision's number and date as written on it (free text, NULL for none, e.g.
 * "Līgums Nr. 2-15/7, 12.03.2020."). Ending or correcting an agreement
 * changes its row and writes the old and new values to the audit trail
 * (kp_audit_change, entity "cooperation"), so the history is there. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m030[] =
    "ALTER TABLE cooperation ADD COLUMN decision TEXT;";
