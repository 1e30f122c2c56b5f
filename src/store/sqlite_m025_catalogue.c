/* Migration 25: the public service catalogue (issue 12, item 1). What a
 * member of the public needs that the records lacked: a facility's opening
 * hours and contact, a provider's contact and whether it publishes its
 * numbers of free places, the municipality's social service contact (with
 * the place where an online application form will be linked), and a data
 * version that every change of what the catalogue shows moves on, so its
 * answers carry a strong ETag without being computed first. */
#include "store/sqlite_migrations.h"

/* A trigger per table and change that moves the version on. */
#define BUMP(table, op)                                                                                             \
    "CREATE TRIGGER public_version_" table "_" op " AFTER " op " ON " table                                        \
    " BEGIN UPDATE public_data_version SET version = version + 1 WHERE id = 1; END;"
#define BUMP3(table) BUMP(table, "INSERT") BUMP(table, "UPDATE") BUMP(table, "DELETE")

const char kp_sqlite_m025[] =
    "ALTER TABLE facility ADD COLUMN opening_hours TEXT;"
    "ALTER TABLE facility ADD COLUMN phone TEXT;"
    "ALTER TABLE facility ADD COLUMN email TEXT;"
    "ALTER TABLE provider ADD COLUMN phone TEXT;"
    "ALTER TABLE provider ADD COLUMN email TEXT;"
    "ALTER TABLE provider ADD COLUMN website TEXT;"
    /* 1: the catalogue shows the number of free places; 0: only whether
     * there are any (ir / nav / rinda). */
    "ALTER TABLE provider ADD COLUMN publish_places INTEGER NOT NULL DEFAULT 1 CHECK (publish_places IN (0,1));"
    /* A municipality's social service (sociālais dienests) as the public
     * reaches it; apply_url is where an online application is made (issue
     * 12, item 2), empty until there is one. */
    "CREATE TABLE municipality_social_service ("
    "  municipality_id INTEGER PRIMARY KEY REFERENCES municipality(id),"
    "  name TEXT NOT NULL,"
    "  address TEXT NOT NULL DEFAULT '',"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  opening_hours TEXT NOT NULL DEFAULT '',"
    "  website TEXT NOT NULL DEFAULT '',"
    "  apply_url TEXT NOT NULL DEFAULT '');"
    "CREATE TABLE public_data_version ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  version INTEGER NOT NULL);"
    "INSERT INTO public_data_version(id, version) VALUES (1, 1);"
    BUMP3("provider") BUMP3("facility") BUMP3("facility_service") BUMP3("municipality")
    BUMP3("municipality_social_service") BUMP3("assignment") BUMP3("assignment_suspension")
    BUMP3("service_type") BUMP3("service_eligibility") BUMP3("service_rule") BUMP3("target_group");
