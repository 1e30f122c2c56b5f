#!/usr/bin/env bash
# kopa migrate (label pg; skipped unless KOPA_TEST_PG names a cluster, see
# make check-pg): a SQLite database copied into an empty PostgreSQL
# database keeps every table's rows and their ids, new ids follow the
# copied ones, and a database that is not empty is refused.
set -euo pipefail
if [ -z "${KOPA_TEST_PG:-}" ]; then
  echo "skipped: KOPA_TEST_PG names no PostgreSQL cluster (make check-pg)"
  exit 77
fi
tmp="${KOPA_TMP:?}"
rm -rf "$tmp"
mkdir -p "$tmp"
db="kopa_cli_migrate_$$"
psql -X -q "$KOPA_TEST_PG" -c "CREATE DATABASE $db"
trap 'psql -X -q "$KOPA_TEST_PG" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1' EXIT
# The cluster URL names the database postgres (scripts/pg-test-cluster).
url="${KOPA_TEST_PG/\/postgres\?/\/$db?}"

fail() { echo "test_pg_migrate: $*" >&2; exit 1; }

"$KOPA" init --db "$tmp/a.db" >/dev/null
# Rows the copy must keep (the side tables too): a user and its session.
sqlite3 "$tmp/a.db.live" "INSERT INTO session(token_hash, user_id, csrf_token, created_at, expires_at, last_seen)
  VALUES (x'0102', 7, 'c', 1, 2, 3);"

# What the source holds, counted by sqlite3 itself: every table but the
# backend's own.
expected=0
tables=0
for schema in main live; do
  file="$tmp/a.db"
  [ "$schema" = live ] && file="$tmp/a.db.live"
  for t in $(sqlite3 "$file" "SELECT name FROM sqlite_master WHERE type = 'table'
      AND name NOT IN ('schema_migration', 'kp_writer') AND name NOT LIKE 'sqlite_%'"); do
    n=$(sqlite3 "$file" "SELECT count(*) FROM \"$t\"")
    expected=$((expected + n))
    tables=$((tables + 1))
  done
done

out=$("$KOPA" migrate --from "$tmp/a.db" --to "$url")
echo "$out" | grep -q "^kopa migrate: $tables tables, $expected rows copied" ||
  fail "expected $tables tables and $expected rows, got: $out"

q() { psql -X -q -At "$url" -c "$1"; }
[ "$(q "SELECT count(*) FROM municipality")" = "$(sqlite3 "$tmp/a.db" "SELECT count(*) FROM municipality")" ] ||
  fail "municipality counts differ"
[ "$(q "SELECT encode(token_hash, 'hex') || ',' || user_id FROM live.session")" = "0102,7" ] ||
  fail "the session was not copied as it was"
[ "$(q "SELECT id FROM public.kp_identity")" = "$(sqlite3 "$tmp/a.db" "SELECT id FROM kp_identity")" ] ||
  fail "the database's identity was not kept"
# A new municipality gets the id after the largest copied one.
max=$(sqlite3 "$tmp/a.db" "SELECT max(id) FROM municipality")
got=$(q "INSERT INTO municipality(atvk, key, name_lv, name_en, kind, region_code, valid_from)
  VALUES ('9999999', 'test-new', 'T', 'T', 'city', 'ZPR', '2024-01-01') RETURNING id")
[ "$got" = "$((max + 1))" ] || fail "new id $got, expected $((max + 1))"

# Not into a database that already holds tables.
if "$KOPA" migrate --from "$tmp/a.db" --to "$url" 2>"$tmp/err"; then
  fail "a second copy into the same database was accepted"
fi
grep -q "not empty" "$tmp/err" || fail "unexpected refusal: $(cat "$tmp/err")"
echo "test_pg_migrate: ok"
