/* Migration 9: the country's map of municipalities over time. A territory
 * keeps one row in `municipality` (its region_code stays the current or
 * last membership, for compatibility); planning-region membership over
 * time, the parishes of territories the 2021 reform split between
 * successors, and population by year get tables of their own. Records may
 * name the parish they were made in, so that a split territory's records
 * roll up to the successor that took that parish.
 *
 * Databases initialised before this migration carry placeholder codes for
 * the pre-reform Zemgale territories (099…) and for the six novadi after
 * Smiltenes novads (shifted by one: the 2021 classifier skips 0050000, the
 * old code of Daugavpils). They are renumbered here, by key, so that records
 * keep their territory and files with official codes import. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m009[] =
    "ALTER TABLE municipality ADD COLUMN source TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE municipality_region ("
    "  id INTEGER PRIMARY KEY,"
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  valid_from TEXT NOT NULL,"
    "  valid_to TEXT,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  CHECK (valid_to IS NULL OR valid_to >= valid_from));"
    "CREATE INDEX municipality_region_at ON municipality_region(municipality_id, valid_from);"
    "CREATE INDEX municipality_region_region ON municipality_region(region_code, valid_from);"
    "CREATE TABLE parish ("
    "  id INTEGER PRIMARY KEY,"
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  atvk TEXT,"
    "  name_lv TEXT NOT NULL,"
    "  successor_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  code_confirmed INTEGER NOT NULL DEFAULT 0,"
    "  source TEXT NOT NULL DEFAULT '',"
    "  UNIQUE (municipality_id, name_lv));"
    "CREATE TABLE population ("
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  year INTEGER NOT NULL,"
    "  population INTEGER NOT NULL CHECK (population >= 0),"
    "  source TEXT NOT NULL,"
    "  PRIMARY KEY (municipality_id, year));"
    "ALTER TABLE client ADD COLUMN parish_id INTEGER REFERENCES parish(id);"
    "ALTER TABLE residence ADD COLUMN parish_id INTEGER REFERENCES parish(id);"
    /* Placeholder codes → the codes of the 2009 and 2021 classifiers. */
    "UPDATE municipality SET atvk = '0056000' WHERE key = 'ventspils-county' AND atvk = '0055000';"
    "UPDATE municipality SET atvk = '0055000' WHERE key = 'varaklani' AND atvk = '0054000';"
    "UPDATE municipality SET atvk = '0054000' WHERE key = 'valmiera' AND atvk = '0053000';"
    "UPDATE municipality SET atvk = '0053000' WHERE key = 'valka' AND atvk = '0052000';"
    "UPDATE municipality SET atvk = '0052000' WHERE key = 'tukums' AND atvk = '0051000';"
    "UPDATE municipality SET atvk = '0051000' WHERE key = 'talsi' AND atvk = '0050000';"
    "UPDATE municipality SET atvk = '0320200' WHERE key = 'aizkraukle-pre2021' AND atvk = '0992010';"
    "UPDATE municipality SET atvk = '0321000' WHERE key = 'jaunjelgava-pre2021' AND atvk = '0992020';"
    "UPDATE municipality SET atvk = '0326100' WHERE key = 'koknese-pre2021' AND atvk = '0992030';"
    "UPDATE municipality SET atvk = '0327100' WHERE key = 'nereta-pre2021' AND atvk = '0992040';"
    "UPDATE municipality SET atvk = '0321400' WHERE key = 'plavinas-pre2021' AND atvk = '0992050';"
    "UPDATE municipality SET atvk = '0328200' WHERE key = 'skriveri-pre2021' AND atvk = '0992060';"
    "UPDATE municipality SET atvk = '0400200' WHERE key = 'bauska-pre2021' AND atvk = '0992510';"
    "UPDATE municipality SET atvk = '0406400' WHERE key = 'iecava-pre2021' AND atvk = '0992520';"
    "UPDATE municipality SET atvk = '0407700' WHERE key = 'rundale-pre2021' AND atvk = '0992530';"
    "UPDATE municipality SET atvk = '0409500' WHERE key = 'vecumnieki-pre2021' AND atvk = '0992540';"
    "UPDATE municipality SET atvk = '0460800' WHERE key = 'auce-pre2021' AND atvk = '0992810';"
    "UPDATE municipality SET atvk = '0460200' WHERE key = 'dobele-pre2021' AND atvk = '0992820';"
    "UPDATE municipality SET atvk = '0468900' WHERE key = 'tervete-pre2021' AND atvk = '0992830';"
    "UPDATE municipality SET atvk = '0540200' WHERE key = 'jelgava-county-pre2021' AND atvk = '0993010';"
    "UPDATE municipality SET atvk = '0546701' WHERE key = 'ozolnieki-pre2021' AND atvk = '0993020';"
    "UPDATE municipality SET atvk = '0560800' WHERE key = 'akniste-pre2021' AND atvk = '0993110';"
    "UPDATE municipality SET atvk = '0560200' WHERE key = 'jekabpils-county-pre2021' AND atvk = '0993120';"
    "UPDATE municipality SET atvk = '0566900' WHERE key = 'krustpils-pre2021' AND atvk = '0993130';"
    "UPDATE municipality SET atvk = '0568700' WHERE key = 'sala-pre2021' AND atvk = '0993140';"
    "UPDATE municipality SET atvk = '0561800' WHERE key = 'viesite-pre2021' AND atvk = '0993150';"
    /* A database loaded before: one membership per territory, as it had. */
    "INSERT INTO municipality_region(municipality_id, region_code, valid_from, valid_to, source)"
    " SELECT id, region_code, valid_from, valid_to, 'migration 9: municipality.region_code' FROM municipality;";
