/* Migration 27: data-protection rights (GDPR Art. 6, 9, 18, 5(1)(e)): the
 * legal basis and consent of each client per processing purpose (every
 * change a new row, the old one closed), restrictions of processing (a
 * record frozen, with its reason, and the lifting of it), and the clients
 * a retention rule has pseudonymised. Purposes and retention rules are
 * configuration (data/processing_purposes.csv, data/retention.csv). */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m027[] =
    /* One version of the legal basis of processing one client's data for
     * one purpose; the version in force has superseded_at NULL. */
    "CREATE TABLE client_legal_basis ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  purpose TEXT NOT NULL,"
    "  art6 TEXT NOT NULL CHECK (art6 IN ('a','b','c','d','e','f')),"
    "  art9 TEXT CHECK (art9 IS NULL OR art9 IN ('a','b','c','d','e','f','g','h','i','j')),"
    "  consent_given_on TEXT,"
    "  consent_withdrawn_on TEXT,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  recorded_by TEXT NOT NULL,"
    "  recorded_at TEXT NOT NULL,"
    "  superseded_at TEXT,"
    "  CHECK (consent_withdrawn_on IS NULL OR consent_given_on IS NOT NULL),"
    "  CHECK (consent_withdrawn_on IS NULL OR consent_withdrawn_on >= consent_given_on));"
    "CREATE UNIQUE INDEX client_legal_basis_now ON client_legal_basis(client_id, purpose)"
    "  WHERE superseded_at IS NULL;"
    /* A restriction of processing: while lifted_at is NULL every change of
     * the client's records is refused (service/audit.c). */
    "CREATE TABLE client_restriction ("
    "  id INTEGER PRIMARY KEY,"
    "  client_id INTEGER NOT NULL REFERENCES client(id),"
    "  reason TEXT NOT NULL CHECK (reason <> ''),"
    "  restricted_at TEXT NOT NULL,"
    "  restricted_by TEXT NOT NULL,"
    "  lifted_at TEXT,"
    "  lifted_by TEXT,"
    "  lift_reason TEXT,"
    "  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL)));"
    "CREATE UNIQUE INDEX client_restriction_open ON client_restriction(client_id) WHERE lifted_at IS NULL;"
    /* A client whose identifying data a retention rule replaced. */
    "CREATE TABLE client_pseudonymised ("
    "  client_id INTEGER PRIMARY KEY REFERENCES client(id),"
    "  rule TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  by TEXT NOT NULL);";
