/* Migration 21: need against places (issue 11). Cooperation agreements get
 * a period: municipality_id's clients may use partner_id's service from
 * valid_from to valid_to (both inclusive; empty = open; rows recorded
 * before had none and hold on every date). Neighbouring municipalities are
 * data (data/municipality_neighbours.csv), one row per pair with the lower
 * id first; a territory's outline for the maps likewise
 * (data/municipality_shapes.csv). docs/figures.md, "Need against places". */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m021[] =
    "ALTER TABLE cooperation ADD COLUMN valid_from TEXT;"
    "ALTER TABLE cooperation ADD COLUMN valid_to TEXT;"
    "CREATE TABLE municipality_neighbour ("
    "  municipality_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  neighbour_id INTEGER NOT NULL REFERENCES municipality(id),"
    "  PRIMARY KEY (municipality_id, neighbour_id),"
    "  CHECK (municipality_id < neighbour_id));"
    /* A territory's outline for the maps (data/municipality_shapes.csv,
     * report/map.h): rings of x,y points in 0.1 km, y down, and where its
     * label goes. */
    "CREATE TABLE municipality_shape ("
    "  municipality_id INTEGER PRIMARY KEY REFERENCES municipality(id),"
    "  label_x INTEGER NOT NULL,"
    "  label_y INTEGER NOT NULL,"
    "  rings TEXT NOT NULL);";
