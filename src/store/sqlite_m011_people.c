/* Migration 11: a person's history. Every attribute a figure, a rule or a
 * scope depends on is kept in dated versions (client_version: valid_from,
 * valid_to NULL = open), so that a figure at date D reads the person as they
 * were on D and a move recorded in advance takes effect on its date. The
 * `client` row keeps the values in force when the last change was recorded,
 * for pages; the versions are the truth. Legal representatives become dated
 * links (client_representative) instead of the single
 * client.representative_id, which stays readable for compatibility.
 *
 * A database made before gets one open version per client from its row,
 * starting on registered_on, and one open link per representative_id. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m011[] =
    "CREATE TABLE client_version ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  valid_from TEXT NOT NULL,"
    "  valid_to TEXT,"
    "  given_name TEXT NOT NULL,"
    "  family_name TEXT NOT NULL,"
    "  birth_date TEXT NOT NULL,"
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  parish_id INTEGER REFERENCES parish(id),"
    "  target_group TEXT NOT NULL REFERENCES target_group(code),"
    "  disability_group INTEGER CHECK (disability_group IN (1,2,3)),"
    "  special_care_from TEXT,"
    "  parents_working INTEGER CHECK (parents_working IN (0,1)),"
    "  case_status TEXT NOT NULL DEFAULT 'open' CHECK (case_status IN ('open','closed')),"
    "  closed_reason TEXT CHECK (closed_reason IN ('moved_away','died','not_eligible','refused','other')),"
    "  closed_note TEXT NOT NULL DEFAULT '',"
    /* Why the version differs from the one before, per kind of change: the
     * reason given for a correction, a move, a reopening ("" = none). */
    "  correct_reason TEXT NOT NULL DEFAULT '',"
    "  move_reason TEXT NOT NULL DEFAULT '',"
    "  reopen_reason TEXT NOT NULL DEFAULT '',"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from),"
    "  CHECK ((case_status = 'closed') = (closed_reason IS NOT NULL)),"
    "  UNIQUE (client_id, valid_from));"
    "CREATE INDEX client_version_municipality ON client_version(municipality_id, valid_from);"
    "INSERT INTO client_version(client_id, valid_from, given_name, family_name, birth_date, municipality_id,"
    " parish_id, target_group, disability_group, special_care_from, parents_working)"
    " SELECT id, registered_on, given_name, family_name, birth_date, municipality_id, parish_id, target_group,"
    " disability_group, special_care_from, parents_working FROM client;"
    "CREATE TABLE client_representative ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  representative_id INTEGER NOT NULL REFERENCES client(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('legal_representative','parent','guardian','foster_parent')),"
    "  valid_from TEXT NOT NULL,"
    "  valid_to TEXT,"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from),"
    "  CHECK (client_id <> representative_id));"
    "CREATE INDEX client_representative_client ON client_representative(client_id, valid_from);"
    "CREATE INDEX client_representative_rep ON client_representative(representative_id, valid_from);"
    "INSERT INTO client_representative(client_id, representative_id, kind, valid_from)"
    " SELECT id, representative_id, 'legal_representative', registered_on FROM client"
    " WHERE representative_id IS NOT NULL AND representative_id <> id;";
