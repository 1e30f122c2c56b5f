/* Migration 7: sessions, login attempts and drafts move to the side
 * database `live` (see sqlite_live.c), which is migrated first. What they
 * hold is carried over, so nobody is logged out and no draft is lost; the
 * access log starts empty there, the reads recorded so far stay in `audit`. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m007[] =
    "INSERT OR IGNORE INTO live.session(id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen)"
    " SELECT id, token_hash, user_id, csrf_token, created_at, expires_at, last_seen FROM main.session;"
    "INSERT OR IGNORE INTO live.form_draft(id, user_id, form, record_key, body, updated_at)"
    " SELECT id, user_id, form, record_key, body, updated_at FROM main.form_draft;"
    "INSERT OR IGNORE INTO live.login_attempt(id, username, address, at, ok)"
    " SELECT id, username, address, at, ok FROM main.login_attempt;"
    "DROP TABLE main.session;"
    "DROP TABLE main.form_draft;"
    "DROP TABLE main.login_attempt;"
    /* Taking this table's write lock is how a transaction that changes
     * records claims the records at its start without locking `live`. It
     * stays empty. */
    "CREATE TABLE main.kp_writer (x INTEGER);"
    /* A random name of this database, which its side database records, so
     * that a side file left from another database is never used with it. */
    "CREATE TABLE main.kp_identity (id TEXT NOT NULL);"
    "INSERT INTO main.kp_identity VALUES (lower(hex(randomblob(16))));";
