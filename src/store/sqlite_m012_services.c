/* Migration 12: services over time. An assignment can be cancelled from a
 * date (cancelled_from: the first day it no longer holds; on or before its
 * start it never held), ended early (end_date becomes the new last day and
 * granted_end_date keeps the one decided) and suspended for periods of its
 * own (assignment_suspension; an open end lasts until it is lifted, a
 * withdrawn one never took effect). A support plan can be ended (ended_on).
 * A service rule says over what it counts (period). Assignments cancelled
 * before this migration carried no date: they never held, so they count as
 * cancelled from their start. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m012[] =
    "ALTER TABLE assignment ADD COLUMN cancelled_from TEXT;"
    "ALTER TABLE assignment ADD COLUMN cancel_reason TEXT;"
    "ALTER TABLE assignment ADD COLUMN granted_end_date TEXT;"
    "ALTER TABLE assignment ADD COLUMN end_reason TEXT;"
    "UPDATE assignment SET cancelled_from = start_date,"
    " cancel_reason = 'atcelts pirms atcelšanas datumiem / cancelled before cancellations had dates'"
    " WHERE status = 'cancelled' AND cancelled_from IS NULL;"
    "CREATE TABLE assignment_suspension ("
    "  id INTEGER PRIMARY KEY,"
    "  assignment_id INTEGER NOT NULL REFERENCES assignment(id),"
    "  start_date TEXT NOT NULL,"
    "  end_date TEXT,"
    "  reason TEXT NOT NULL,"
    "  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0,1)),"
    "  CHECK (end_date IS NULL OR end_date >= start_date));"
    "CREATE INDEX assignment_suspension_assignment ON assignment_suspension(assignment_id, start_date);"
    "ALTER TABLE support_plan ADD COLUMN ended_on TEXT;"
    "ALTER TABLE support_plan ADD COLUMN end_reason TEXT;"
    "ALTER TABLE service_rule ADD COLUMN period TEXT NOT NULL DEFAULT '';"
    /* What the catalogue of this release says for the rules it shipped; a
     * rule added by hand keeps the period it counted over before. */
    "UPDATE service_rule SET period = CASE kind"
    "  WHEN 'units_per_year' THEN 'calendar_year'"
    "  WHEN 'hours_per_week' THEN 'week'"
    "  WHEN 'sessions_per_service' THEN 'course'"
    "  WHEN 'services_per_person' THEN 'calendar_year'"
    "  ELSE 'lifetime' END;";
