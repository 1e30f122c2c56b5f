/* Migration 16: the case worker's contact log and tasks on a client's card.
 * A contact is something that happened (a visit, a call, a meeting, a
 * letter) on a date, with a note and who recorded it; a task is something
 * to do for a client by a date, for one member of the municipality's staff,
 * done once. Both are client data: their reads are access-logged and their
 * writes are in the client's history (the audit trail). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m016[] =
    "CREATE TABLE client_contact ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('visit','call','meeting','letter')),"
    "  contact_on TEXT NOT NULL,"
    "  note TEXT NOT NULL,"
    "  recorded_by TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL);"
    "CREATE INDEX client_contact_client ON client_contact(client_id, contact_on);"
    "CREATE TABLE client_task ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  what TEXT NOT NULL,"
    "  due_on TEXT NOT NULL,"
    "  assigned_to TEXT NOT NULL,"
    "  created_by TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  done_on TEXT,"
    "  done_by TEXT,"
    "  CHECK ((done_on IS NULL) = (done_by IS NULL)));"
    "CREATE INDEX client_task_client ON client_task(client_id, due_on);"
    "CREATE INDEX client_task_open ON client_task(assigned_to, due_on) WHERE done_on IS NULL;";
