/* Migration 4: user accounts, sessions, login throttling and form drafts
 * (the web front end). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m004[] =
    /* One row per person who logs in. The scope columns say what they may
     * see: municipality (social workers, heads), provider (provider staff),
     * region (coordinators); none for the ministry and administrators. */
    "CREATE TABLE app_user ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL UNIQUE,"
    "  password_hash TEXT NOT NULL,"
    "  role TEXT NOT NULL CHECK (role IN ('admin','social_worker','municipal_head','provider','region','ministry')),"
    "  municipality_id INTEGER REFERENCES municipality(id),"
    "  provider_id INTEGER REFERENCES provider(id),"
    "  region_code TEXT REFERENCES region(code),"
    "  lang TEXT NOT NULL DEFAULT 'lv' CHECK (lang IN ('lv','en')),"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),"
    "  created_at TEXT NOT NULL,"
    "  CHECK ((role IN ('social_worker','municipal_head')) = (municipality_id IS NOT NULL)),"
    "  CHECK ((role = 'provider') = (provider_id IS NOT NULL)),"
    "  CHECK ((role = 'region') = (region_code IS NOT NULL)));"
    /* Only a hash of the session token is kept: a copy of the database
     * does not let anyone log in. Times are Unix seconds. */
    "CREATE TABLE session ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL);"
    "CREATE INDEX session_user ON session(user_id);"
    "CREATE TABLE login_attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL CHECK (ok IN (0,1)));"
    "CREATE INDEX login_attempt_user ON login_attempt(username, at);"
    "CREATE INDEX login_attempt_address ON login_attempt(address, at);"
    /* What a person typed into a form and has not saved yet. */
    "CREATE TABLE form_draft ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  form TEXT NOT NULL,"
    "  record_key TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  UNIQUE (user_id, form, record_key));"
    /* A form's one-time token: a second submit of the same form finds the
     * record the first one created instead of creating another. */
    "CREATE TABLE idempotency ("
    "  token TEXT NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES app_user(id),"
    "  created_id INTEGER,"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (user_id, token));";
