/* Migration 23: the evaluation as a published document: the coordinator's
 * chapters of text, each save a version, and numbered approval versions of
 * the evaluation with their texts, files and what changed since the last. */
#include "store/sqlite_migrations.h"

const char kp_sqlite_m023[] =
    /* One version of one chapter of a region's evaluation at a date; a save
     * adds a row, nothing is overwritten. */
    "CREATE TABLE evaluation_chapter ("
    "  id INTEGER PRIMARY KEY,"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  at_date TEXT NOT NULL,"
    "  chapter TEXT NOT NULL CHECK (chapter IN ('introduction','deviations','findings','recommendations',"
    "    'opinions_workers','opinions_clients')),"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  body TEXT NOT NULL,"
    "  author TEXT NOT NULL,"
    "  saved_at TEXT NOT NULL,"
    "  UNIQUE (region_code, at_date, chapter, version));"
    /* An approval: version N of the region's evaluation at a date, with the
     * tidy figures it was drawn from. */
    "CREATE TABLE evaluation_version ("
    "  id INTEGER PRIMARY KEY,"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  at_date TEXT NOT NULL,"
    "  version INTEGER NOT NULL CHECK (version >= 1),"
    "  approved_on TEXT NOT NULL,"
    "  approved_at TEXT NOT NULL,"
    "  approved_by TEXT NOT NULL,"
    "  figures_csv TEXT NOT NULL,"
    "  UNIQUE (region_code, at_date, version));"
    /* The chapter texts an approval printed (a copy: the approved version
     * reads the same whatever is saved later). */
    "CREATE TABLE evaluation_version_text ("
    "  version_id INTEGER NOT NULL REFERENCES evaluation_version(id),"
    "  chapter TEXT NOT NULL,"
    "  chapter_version INTEGER NOT NULL,"
    "  body TEXT NOT NULL,"
    "  PRIMARY KEY (version_id, chapter));"
    /* What changed since the previous approval: a figure (its key, old and
     * new value; '' for none) or a chapter (old and new chapter version). */
    "CREATE TABLE evaluation_version_change ("
    "  id INTEGER PRIMARY KEY,"
    "  version_id INTEGER NOT NULL REFERENCES evaluation_version(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('figure','chapter')),"
    "  item TEXT NOT NULL,"
    "  old_value TEXT NOT NULL,"
    "  new_value TEXT NOT NULL);"
    "CREATE INDEX evaluation_version_change_version ON evaluation_version_change(version_id, id);"
    /* Approvals made before versions: every region and date approved
     * becomes version 1 (its earliest figures), and each of its files a file
     * of that version. */
    "INSERT INTO evaluation_version(region_code, at_date, version, approved_on, approved_at, approved_by, figures_csv)"
    "  SELECT region_code, at_date, 1, approved_on, approved_on || 'T00:00:00Z', approved_by, figures_csv"
    "  FROM evaluation_snapshot WHERE id IN (SELECT MIN(id) FROM evaluation_snapshot GROUP BY region_code, at_date);"
    /* The files of an approval: one per format, the bytes served unchanged
     * with their SHA-256. The table is rebuilt because its old key allowed
     * one approval per region, date and format. */
    "CREATE TABLE evaluation_snapshot_v ("
    "  id INTEGER PRIMARY KEY,"
    "  version_id INTEGER NOT NULL REFERENCES evaluation_version(id),"
    "  region_code TEXT NOT NULL REFERENCES region(code),"
    "  at_date TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('approved')),"
    "  approved_on TEXT NOT NULL,"
    "  approved_by TEXT NOT NULL,"
    "  format TEXT NOT NULL CHECK (format IN ('pdf','xlsx','html','csv','json')),"
    "  content BLOB NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  figures_csv TEXT NOT NULL,"
    "  UNIQUE (version_id, format));"
    "INSERT INTO evaluation_snapshot_v(id, version_id, region_code, at_date, status, approved_on, approved_by, format,"
    "  content, sha256, figures_csv)"
    "  SELECT s.id, v.id, s.region_code, s.at_date, s.status, s.approved_on, s.approved_by, s.format, s.content,"
    "    s.sha256, s.figures_csv"
    "  FROM evaluation_snapshot s JOIN evaluation_version v ON v.region_code = s.region_code AND v.at_date = s.at_date;"
    "DROP TABLE evaluation_snapshot;"
    "ALTER TABLE evaluation_snapshot_v RENAME TO evaluation_snapshot;"
    "CREATE INDEX evaluation_snapshot_region ON evaluation_snapshot(region_code, at_date);";
