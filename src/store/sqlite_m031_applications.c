/* Migration 31: applications for a service made online by a person or a
 * parent (issue 12, item 2). An application belongs to the municipality it
 * is made to and waits in its intake queue; the personal codes in it are
 * sealed with a keyed hash exactly as clients' codes are (keyring.h); the
 * applicant checks its status with the reference number and a code of
 * which only a keyed hash is kept. The worker's questions and the
 * applicant's answers are messages; every change is in the audit trail. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m031[] =
    "CREATE TABLE application ("
    "  id INTEGER PRIMARY KEY,"
    "  reference TEXT NOT NULL UNIQUE,"
    "  code_hash BLOB NOT NULL,"
    "  form_nonce TEXT UNIQUE,"
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  service_code TEXT NOT NULL REFERENCES service_type(code),"
    "  relation TEXT NOT NULL CHECK (relation IN ('self','parent','guardian','representative')),"
    "  applicant_given_name TEXT NOT NULL,"
    "  applicant_family_name TEXT NOT NULL,"
    "  applicant_code_hash BLOB NOT NULL,"
    "  applicant_code_sealed BLOB NOT NULL,"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  person_given_name TEXT NOT NULL,"
    "  person_family_name TEXT NOT NULL,"
    "  person_code_hash BLOB NOT NULL,"
    "  person_code_sealed BLOB NOT NULL,"
    "  person_birth_date TEXT NOT NULL,"
    "  need TEXT NOT NULL,"
    "  consent_at TEXT NOT NULL,"
    "  submitted_at TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'received'"
    "    CHECK (status IN ('received','info_requested','accepted','refused')),"
    "  status_at TEXT NOT NULL,"
    "  client_id INTEGER REFERENCES client(id),"
    "  reason TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX application_queue ON application(municipality_id, status, submitted_at);"
    "CREATE TABLE application_message ("
    "  id INTEGER PRIMARY KEY,"
    "  application_id INTEGER NOT NULL REFERENCES application(id),"
    "  at TEXT NOT NULL,"
    "  author TEXT NOT NULL CHECK (author IN ('worker','applicant')),"
    "  user_id INTEGER,"
    "  body TEXT NOT NULL);"
    "CREATE INDEX application_message_app ON application_message(application_id, id);";
