/* The side database of the SQLite backend, attached to every connection as
 * schema `live`: what the web front end writes on every visit — sessions,
 * login attempts, form drafts and the access log of reads. It is a file of
 * its own (<database>.live) so that its writes never wait for the records'
 * write lock: a long import holds that lock, and reading a client's card or
 * logging in must still work meanwhile. Nothing in it is needed to compute
 * any figure; losing it logs everyone out and forgets drafts and the record
 * of who looked at what, which is why backups copy it too.
 *
 * SQL elsewhere names these tables without the schema: SQLite finds a table
 * in the attached databases when main has none of that name. */
#include "store/sqlite_migrations.h"

static const char L001_SIDE_TABLES[] =
    /* Only a hash of the session token is kept: a copy of the database does
     * not let anyone log in. Times are Unix seconds. user_id is an app_user
     * of the main database (no foreign key can cross files). */
    "CREATE TABLE live.session ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL,"
    "  csrf_token TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL);"
    "CREATE INDEX live.session_user ON session(user_id);"
    "CREATE TABLE live.login_attempt ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL CHECK (ok IN (0,1)));"
    "CREATE INDEX live.login_attempt_user ON login_attempt(username, at);"
    "CREATE INDEX live.login_attempt_address ON login_attempt(address, at);"
    /* What a person typed into a form and has not saved yet. */
    "CREATE TABLE live.form_draft ("
    "  id INTEGER PRIMARY KEY,"
    "  user_id INTEGER NOT NULL,"
    "  form TEXT NOT NULL,"
    "  record_key TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  UNIQUE (user_id, form, record_key));"
    /* Who looked at which client's data (lists, cards, documents, personal
     * codes) and who logged in or out. Changes are audited in the main
     * database's `audit`, in the same transaction as the change itself. */
    "CREATE TABLE live.access_log ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_id INTEGER,"
    "  client_id INTEGER,"
    "  detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX live.access_log_client ON access_log(client_id, at);"
    "CREATE INDEX live.access_log_at ON access_log(at);"
    /* Taking this empty table's write lock claims the side tables at the
     * start of a transaction that reads them and then writes (the login
     * throttle), as main.kp_writer does for the records. */
    "CREATE TABLE live.kp_writer (x INTEGER);"
    /* The identity of the main database this side database belongs to. */
    "CREATE TABLE live.kp_owner (id TEXT NOT NULL);";

/* Login throttling by device (OWASP "Slow Down Online Guessing Attacks with
 * Device Cookies"; src/service/sessions.c is the only reader and writer). */
static const char L002_DEVICES[] =
    /* A browser that has logged in to an account gets a long-lived random
     * device token; only its hash is kept, bound to the account. Failed
     * logins that present it count against that device only, so guesses
     * from elsewhere cannot lock the owner out. Times are Unix seconds. */
    "CREATE TABLE live.device_token ("
    "  id INTEGER PRIMARY KEY,"
    "  token_hash BLOB NOT NULL UNIQUE,"
    "  user_id INTEGER NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  last_used INTEGER NOT NULL);"
    "CREATE INDEX live.device_token_user ON device_token(user_id, last_used);"
    /* Login attempts with the device each presented (NULL: none, an
     * untrusted attempt). It takes over from login_attempt, which stays
     * only because main's migration 7 copies old attempts into it. */
    "CREATE TABLE live.login_try ("
    "  id INTEGER PRIMARY KEY,"
    "  username TEXT NOT NULL,"
    "  address TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  ok INTEGER NOT NULL CHECK (ok IN (0,1)),"
    "  device_id INTEGER);"
    "CREATE INDEX live.login_try_user ON login_try(username, at);"
    "CREATE INDEX live.login_try_address ON login_try(address, at);"
    "CREATE INDEX live.login_try_device ON login_try(device_id, at);"
    "CREATE INDEX live.login_try_at ON login_try(at);"
    /* Drafts expire by age (src/service/drafts.c). */
    "CREATE INDEX live.form_draft_updated ON form_draft(updated_at);";

/* One access record per request and kind of read (issue 10): a page that
 * lists 50 clients writes one record holding their 50 ids instead of 50
 * records, each in three b-trees. `access_record` is what was read, by
 * whom, when; `access_client` the clients it showed (a key of two integers,
 * in the record's order and, for searches by client, the client's).
 * each_client = 1: the record stands for one read of each client it names,
 * the client being the entity read (a list of clients); 0: one read of
 * entity_id, which belongs to the client(s) named, if any.
 * `access_log` stays, as a view of one row per client read, as it was:
 * the records written before keep their ids and read as they did. */
static const char L003_ACCESS_BY_REQUEST[] =
    "CREATE TABLE live.access_record ("
    "  id INTEGER PRIMARY KEY,"
    "  at TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  role TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  entity TEXT NOT NULL,"
    "  entity_id INTEGER,"
    "  detail TEXT NOT NULL DEFAULT '',"
    "  each_client INTEGER NOT NULL DEFAULT 0 CHECK (each_client IN (0,1)));"
    "CREATE TABLE live.access_client ("
    "  access_id INTEGER NOT NULL,"
    "  client_id INTEGER NOT NULL,"
    "  PRIMARY KEY (access_id, client_id)) WITHOUT ROWID;"
    "INSERT INTO live.access_record(id, at, actor, role, action, entity, entity_id, detail, each_client)"
    " SELECT id, at, actor, role, action, entity, entity_id, detail, 0 FROM live.access_log;"
    "INSERT OR IGNORE INTO live.access_client(access_id, client_id)"
    " SELECT id, client_id FROM live.access_log WHERE client_id IS NOT NULL;"
    "DROP TABLE live.access_log;"
    "CREATE INDEX live.access_record_at ON access_record(at);"
    "CREATE INDEX live.access_client_client ON access_client(client_id, access_id);"
    "CREATE VIEW live.access_log(id, at, actor, role, action, entity, entity_id, client_id, detail) AS"
    " SELECT r.id, r.at, r.actor, r.role, r.action, r.entity,"
    "  CASE WHEN r.each_client = 1 THEN c.client_id ELSE r.entity_id END, c.client_id, r.detail"
    " FROM access_record r LEFT JOIN access_client c ON c.access_id = r.id;";

/* Shared request counters (issue 13, several servers): the public
 * catalogue's limit per client address was counted in each server's memory,
 * so N servers behind one address let N times as many through and a
 * refused client got through on the next server. Now every server counts in
 * this table (src/service/accounts/throttle.c is its only reader and
 * writer). One row per bucket ("public"), client (an address or its /64,
 * as text) and second, with the requests counted in that second: a
 * sliding window is the sum of the rows after now - window, at most `max`
 * rows a client, where one row per request would be 60. `expires` (at +
 * the bucket's window) is when the row stops counting, so old rows of any
 * bucket go with one range delete on its index. */
static const char L004_RATE_COUNTS[] =
    "CREATE TABLE live.rate_count ("
    "  bucket TEXT NOT NULL,"
    "  client TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  n INTEGER NOT NULL CHECK (n >= 1),"
    "  expires INTEGER NOT NULL,"
    "  PRIMARY KEY (bucket, client, at)) WITHOUT ROWID;"
    "CREATE INDEX live.rate_count_expires ON rate_count(expires);";

/* One b-tree per client a record showed (issue 10): access_client was two
 * (its key by record and an index by client), about 4 000 instructions a
 * client, a third of a list page's CPU. Now a record holds the clients it
 * showed itself, as a JSON array of their ids in ascending order (NULL:
 * none), and access_client is keyed by client only, for "who saw client
 * X". So: by client, the key; by record, the record's own row and a point
 * look-up per client it names; retention, the old records (by `at`) and
 * the keys their lists name. The view `access_log` reads as before: the
 * IN of its join lets both backends find a record's rows by their whole
 * key (SQLite) and a client's by its prefix. The rows written so far are
 * carried over with their ids. */
static const char L005_ACCESS_BY_CLIENT[] =
    "ALTER TABLE live.access_record ADD COLUMN clients TEXT;"
    "UPDATE live.access_record SET clients = (SELECT '[' || group_concat(s.client_id, ',') || ']'"
    " FROM (SELECT c.client_id FROM live.access_client c WHERE c.access_id = access_record.id"
    " ORDER BY c.client_id) AS s)"
    " WHERE id IN (SELECT access_id FROM live.access_client);"
    "DROP VIEW live.access_log;"
    "CREATE TABLE live.access_by_client ("
    "  client_id INTEGER NOT NULL,"
    "  access_id INTEGER NOT NULL,"
    "  PRIMARY KEY (client_id, access_id)) WITHOUT ROWID;"
    "INSERT INTO live.access_by_client(client_id, access_id)"
    " SELECT client_id, access_id FROM live.access_client ORDER BY client_id, access_id;"
    "DROP TABLE live.access_client;"
    "ALTER TABLE live.access_by_client RENAME TO access_client;"
    "CREATE VIEW live.access_log(id, at, actor, role, action, entity, entity_id, client_id, detail) AS"
    " SELECT r.id, r.at, r.actor, r.role, r.action, r.entity,"
    "  CASE WHEN r.each_client = 1 THEN c.client_id ELSE r.entity_id END, c.client_id, r.detail"
    " FROM access_record r LEFT JOIN access_client c ON c.access_id = r.id"
    "  AND c.client_id IN (SELECT CAST(value AS INTEGER) FROM json_each(r.clients));";

/* A stamp of the sessions alone (issue 10): every request looked its
 * session up (about 15 000 instructions); a connection may keep a session
 * it read while this counter stays as it was. Triggers move it on with
 * every write that ends a session or changes what a lookup answers (a
 * logout, the end of all of a user's sessions, a new password, a disabled
 * account, expiry, pruning), whichever connection or server makes it:
 * nothing that ends a session can forget to. Marking a session seen
 * (last_seen alone) does not move it: a kept session is used only while
 * its own last_seen is under a minute old, after which the lookup reads
 * the row again, as it did before. */
static const char L006_SESSION_STAMP[] =
    "CREATE TABLE live.session_stamp ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  n INTEGER NOT NULL);"
    "INSERT INTO live.session_stamp(id, n) VALUES (1, 0);"
    "CREATE TRIGGER live.session_stamp_delete AFTER DELETE ON session"
    " BEGIN UPDATE session_stamp SET n = n + 1 WHERE id = 1; END;"
    "CREATE TRIGGER live.session_stamp_update AFTER UPDATE OF token_hash, user_id, csrf_token, created_at,"
    " expires_at ON session BEGIN UPDATE session_stamp SET n = n + 1 WHERE id = 1; END;";

/* The clients' keys written after the commit a request waits for (issue
 * 10, p99): a list page's record put one key per client shown into
 * access_client, keyed by client, so its commit rewrote a leaf of that
 * b-tree per client (50 pages of the side database's log for one list),
 * and about ten times a second the commit that took the log past 1 000
 * pages paid the checkpoint's two fdatasyncs while every request of its
 * group waited. Where the access writer defers them (SQLite, whose side
 * writers hold one lock), a new record's id goes into access_pending (one
 * append) and the writer adds the keys of many records at once between
 * group commits (audit.c), deleting their ids in the same transaction.
 * The record itself, its clients included, is durable when the request
 * answers; only the index by client is late. So the view reads a record's
 * clients from the keys where it has them and from the record's own list
 * while it is pending: "who saw client X" is complete at every moment
 * (the pending records are read from access_pending, CROSS JOIN keeping
 * that order: a few, not every record by time).
 * PostgreSQL writes the keys with the record, as before, and leaves
 * access_pending empty. */
static const char L007_ACCESS_KEYS_LATER[] =
    "CREATE TABLE live.access_pending (access_id INTEGER PRIMARY KEY);"
    "DROP VIEW live.access_log;"
    "CREATE VIEW live.access_log(id, at, actor, role, action, entity, entity_id, client_id, detail) AS"
    " SELECT r.id, r.at, r.actor, r.role, r.action, r.entity,"
    "  CASE WHEN r.each_client = 1 THEN c.client_id ELSE r.entity_id END, c.client_id, r.detail"
    " FROM access_record r LEFT JOIN access_client c ON c.access_id = r.id"
    "  AND c.client_id IN (SELECT CAST(value AS INTEGER) FROM json_each(r.clients))"
    " WHERE c.client_id IS NOT NULL OR r.clients IS NULL"
    " UNION ALL"
    " SELECT r.id, r.at, r.actor, r.role, r.action, r.entity,"
    "  CASE WHEN r.each_client = 1 THEN CAST(j.value AS INTEGER) ELSE r.entity_id END, CAST(j.value AS INTEGER),"
    "  r.detail"
    " FROM access_pending p CROSS JOIN access_record r ON r.id = p.access_id, json_each(r.clients) AS j;";

const kp_migration kp_sqlite_live_migrations[] = {
    {1, "side tables: sessions, login attempts, drafts, access log", L001_SIDE_TABLES},
    {2, "login throttling by device; draft expiry", L002_DEVICES},
    {3, "access log: one record per request and kind of read", L003_ACCESS_BY_REQUEST},
    {4, "request counters shared by every server (public rate limit)", L004_RATE_COUNTS},
    {5, "access log: a record's clients in the record, one key per client", L005_ACCESS_BY_CLIENT},
    {6, "a stamp of the sessions, moved on by every change that ends one", L006_SESSION_STAMP},
    {7, "access log: the keys by client written after the record, pending meanwhile", L007_ACCESS_KEYS_LATER},
};
const size_t kp_sqlite_live_migration_count = sizeof kp_sqlite_live_migrations / sizeof kp_sqlite_live_migrations[0];
