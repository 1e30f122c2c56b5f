/* Migration 21: need against places (issue 11). Cooperation agreements get
 * a period: municipality_id's clients may use partner_id's service from
 * valid_from to valid_to (both inclusive; empty = open; rows recorded
 * before had none and hold on every date). Neighbouring municipalities are
 * data (data/municipality_neighbours.csv), one row per pair with the lower
 * id first; a territory's place on its region's tile map likewise
 * (data/municipality_tiles.csv). docs/figures.md, "Need against places". */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m021[] =
    "ALTER TABLE cooperation ADD COLUMN valid_from TEXT;"
    "ALTER TABLE cooperation ADD COLUMN valid_to TEXT;"
    "CREATE TABLE municipality_neighbour ("
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  neighbour_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  PRIMARY KEY (municipality_id, neighbour_id),"
    "  CHECK (municipality_id < neighbour_id));"
    /* Where a territory's tile lies on its region's tile map
     * (data/municipality_tiles.csv, report/map.h). */
    "CREATE TABLE municipality_tile ("
    "  municipality_id INTEGER PRIMARY KEY REFERENCES municipality(id),"
    "  tile_row INTEGER NOT NULL CHECK (tile_row BETWEEN 0 AND 99),"
    "  tile_col INTEGER NOT NULL CHECK (tile_col BETWEEN 0 AND 99));";
