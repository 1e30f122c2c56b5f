#!/usr/bin/env bash
# kopa migrate: the demo copied SQLite → SQLite (always) and SQLite →
# PostgreSQL → SQLite (on a throwaway cluster: KOPA_TEST_PG, else one started
# with scripts/pg-test-cluster; that part is skipped, exit 77, without
# PostgreSQL). What is checked comes from outside kopa migrate: row counts by
# sqlite3 and psql, the whole content by sqlite3 .dump, the evaluation by
# kopa report evaluation; a DST that is not empty is refused with nothing
# written; a row the target refuses is named and nothing is left; bad
# arguments.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-migrate}"
rm -rf "$T" && mkdir -p "$T"
cluster=""
cleanup() {
  [ -z "$cluster" ] || "$SRC/scripts/pg-test-cluster" stop "$cluster" >/dev/null 2>&1 || true
  [ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT
checks=0
fail() { echo "test_migrate: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (Debian: sqlite3)"
cd "$T"

# ---- bad arguments: exit 2, nothing created ----
expect_usage() {
  set +e
  "$KOPA" migrate "$@" >out 2>err
  local rc=$?
  set -e
  [ "$rc" = 2 ] || fail "kopa migrate $* exited $rc, not 2"
  grep -q -- "$want" err || fail "kopa migrate $*: no '$want' in: $(cat err)"
  ok
}
want="--from SRC and --to DST are required" expect_usage
want="--from SRC and --to DST are required" expect_usage --from a.db
want="--from SRC and --to DST are required" expect_usage --to b.db
want="unknown option '--db'" expect_usage --db a.db --to b.db
want="needs a value" expect_usage --from a.db --to
want="the same database" expect_usage --from a.db --to a.db
! ls ./*.db >/dev/null 2>&1 || fail "bad arguments left files: $(ls)"
"$KOPA" migrate --help >help
grep -q "usage: kopa migrate --from SRC --to DST" help || fail "--help has no usage line"
grep -q "SAME key file" help || fail "--help does not say the key file stays the same"
ok

# A missing source: exit 1, the target is not created.
set +e
"$KOPA" migrate --from missing.db --to new.db >out 2>err
rc=$?
set -e
[ "$rc" = 1 ] || fail "a missing source exited $rc, not 1"
grep -q "the source missing.db" err || fail "a missing source: $(cat err)"
[ ! -e new.db ] || fail "a missing source left new.db"
ok

"$KOPA" demo --db demo.db >/dev/null 2>&1 || fail "kopa demo failed"
today=$(date -u +%F)

# The data tables of a SQLite database file: name<TAB>rows, sorted.
tables() { sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
  AND name NOT IN ('schema_migration', 'kp_identity', 'kp_owner') ORDER BY name"; }
counts() {
  local f=$1 t
  for t in $(tables "$f"); do printf '%s\t%s\n' "$t" "$(sqlite3 "$f" "SELECT COUNT(*) FROM \"$t\"")"; done
}
# Everything in a database file but its own identity, in a fixed order.
content() { sqlite3 "$1" .dump | grep -v -e '^INSERT INTO kp_identity' -e '^INSERT INTO kp_owner' | sort; }
evaluation() { # DB REGION → the CSV kopa report evaluation writes
  KOPA_KEY_FILE="$T/demo.db.key" "$KOPA" report evaluation --db "$1" --region "$2" --at "$today" --format csv 2>/dev/null
}

# ---- SQLite → SQLite ----
"$KOPA" migrate --from demo.db --to copy.db >out 2>err || fail "SQLite → SQLite failed: $(cat err)"
grep -q "row counts equal in every table" out || fail "no row-count line: $(cat out)"
grep -q "the evaluation on $today of 5 regions and ALL is the same in both" out || fail "no evaluation line: $(cat out)"
ok
counts demo.db >c.src
counts copy.db >c.dst
counts demo.db.live >>c.src
counts copy.db.live >>c.dst
[ "$(wc -l <c.src)" -ge 60 ] || fail "the demo has only $(wc -l <c.src) tables?"
diff c.src c.dst >/dev/null || fail "row counts differ: $(diff c.src c.dst | head -5)"
# The demo's own numbers, as kopa demo makes them: clients and personal codes.
[ "$(sqlite3 copy.db 'SELECT COUNT(*) FROM client')" = "$(sqlite3 demo.db 'SELECT COUNT(*) FROM client')" ] ||
  fail "client counts differ"
[ "$(sqlite3 copy.db 'SELECT COUNT(*) FROM client')" -gt 1000 ] || fail "the copy has few clients"
ok
content demo.db >d.src
content copy.db >d.dst
diff d.src d.dst >/dev/null || fail "the copy's content differs: $(diff d.src d.dst | head -5)"
content demo.db.live >l.src
content copy.db.live >l.dst
diff l.src l.dst >/dev/null || fail "the side tables differ: $(diff l.src l.dst | head -5)"
# Sealed personal codes are the same bytes (the dumps above hold them as hex).
grep -q "^INSERT INTO personal_code VALUES(.*X'" d.dst || fail "no sealed personal codes in the copy"
ok
# The identity is the copy's own, not the source's.
[ "$(sqlite3 demo.db 'SELECT id FROM kp_identity')" != "$(sqlite3 copy.db 'SELECT id FROM kp_identity')" ] ||
  fail "the copy took the source's identity"
ok
# The same key file opens the copy; the evaluation is the same CSV.
cp demo.db.key copy.db.key
"$KOPA" check-db --db copy.db >out 2>err || fail "check-db of the copy with the source's key: $(cat err)"
ok
for r in ZPR RPR ALL; do
  evaluation demo.db $r >e.src || fail "report evaluation $r of the demo failed"
  evaluation copy.db $r >e.dst || fail "report evaluation $r of the copy failed"
  [ "$(wc -l <e.src)" -gt 10 ] || fail "the evaluation of $r has $(wc -l <e.src) lines"
  cmp -s e.src e.dst || fail "the evaluation of $r differs"
  ok
done

# ---- a DST that is not empty: refused, nothing written ----
before=$(sha256sum copy.db copy.db.live)
set +e
"$KOPA" migrate --from demo.db --to copy.db >out 2>err
rc=$?
set -e
[ "$rc" = 1 ] || fail "a second migrate into copy.db exited $rc, not 1"
grep -q "DST must be empty" err || fail "a non-empty DST: $(cat err)"
grep -q "nothing was written" err || fail "a non-empty DST: $(cat err)"
[ "$before" = "$(sha256sum copy.db copy.db.live)" ] || fail "the refused migrate changed copy.db"
ok

# ---- a target that cannot be reached: refused, its password never printed ----
set +e
"$KOPA" migrate --from demo.db --to 'postgresql://kopa:s3cret@127.0.0.1:1/kopa' >out 2>err
rc=$?
set -e
[ "$rc" = 1 ] || fail "an unreachable target exited $rc, not 1"
grep -q "the target postgresql://kopa:\*\*\*@127.0.0.1:1/kopa: cannot connect" err || fail "unreachable target: $(cat err)"
! grep -q s3cret out err || fail "the password was printed"
ok

# ---- a row the target refuses: named, nothing left ----
cp demo.db bad.db
cp demo.db.live bad.db.live
cp demo.db.key bad.db.key
n=$(sqlite3 bad.db 'SELECT COUNT(*) FROM municipality_social_service')
sqlite3 bad.db "PRAGMA foreign_keys = OFF; INSERT INTO municipality_social_service(municipality_id, name) VALUES (999999, 'x')"
set +e
"$KOPA" migrate --from bad.db --to bad-copy.db >out 2>err
rc=$?
set -e
[ "$rc" = 1 ] || fail "a refused row exited $rc, not 1"
grep -q "table main.municipality_social_service, row $((n + 1)) (municipality_id 999999): the target refused it" err ||
  fail "a refused row is not named: $(cat err)"
grep -q "the new file bad-copy.db was removed" err || fail "no word of the removed file: $(cat err)"
[ ! -e bad-copy.db ] && [ ! -e bad-copy.db.live ] || fail "a failed migrate left bad-copy.db"
ok

# ---- PostgreSQL ----
url="${KOPA_TEST_PG:-}"
if [ -z "$url" ]; then
  if url=$("$SRC/scripts/pg-test-cluster" start "$T/pg" 2>"$T/pg.err"); then
    cluster="$T/pg"
  else
    echo "test_migrate: $checks checks passed on SQLite; PostgreSQL skipped: $(tail -1 "$T/pg.err")"
    exit 77
  fi
fi
psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
[ -n "$psql" ] || { echo "test_migrate: no psql; PostgreSQL skipped"; exit 77; }
db_url() { printf '%s' "$url" | sed "s,/postgres?,/$1?,"; }
mkdb() { "$psql" -qX "$url" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }
q() { "$psql" -qXAt "$1" -c "SET search_path = public, live" -c "$2"; }
name=kopa_migrate_$$
mkdb "$name"
pg=$(db_url "$name")
set +e
"$KOPA" migrate --from demo.db --to "$pg" >out 2>err
rc=$?
set -e
[ "$rc" = 0 ] || fail "SQLite → PostgreSQL failed: $(cat err)"
ok
for t in $(cut -f1 c.src | sort -u); do
  s=$(grep -P "^$t\t" c.src | cut -f2 | head -1)
  p=$(q "$pg" "SELECT COUNT(*) FROM \"$t\"")
  [ "$s" = "$p" ] || fail "table $t: $s rows in SQLite, $p in PostgreSQL"
done
ok
# Ids handed out after the copy come after the copied ones.
[ "$(q "$pg" "SELECT last_value FROM client_id_seq")" = "$(sqlite3 demo.db 'SELECT MAX(id) FROM client')" ] ||
  fail "the client id sequence was not moved past the copied ids"
ok
for r in ZPR ALL; do
  evaluation demo.db $r >e.src
  evaluation "$pg" $r >e.dst || fail "report evaluation $r on PostgreSQL failed"
  cmp -s e.src e.dst || fail "the evaluation of $r differs on PostgreSQL"
  ok
done
# A second migrate into the same PostgreSQL database: refused, nothing written.
before=$(q "$pg" 'SELECT n FROM kp_data_stamp')
set +e
"$KOPA" migrate --from demo.db --to "$pg" >out 2>err
rc=$?
set -e
[ "$rc" = 1 ] || fail "a second migrate into PostgreSQL exited $rc, not 1"
grep -q "is not empty" err && grep -q "nothing was written" err || fail "a non-empty PostgreSQL DST: $(cat err)"
[ "$before" = "$(q "$pg" 'SELECT n FROM kp_data_stamp')" ] || fail "the refused migrate wrote to PostgreSQL"
ok
# And back: PostgreSQL → SQLite gives the demo's content again.
"$KOPA" migrate --from "$pg" --to back.db >out 2>err || fail "PostgreSQL → SQLite failed: $(cat err)"
content back.db >d.back
diff d.src d.back >/dev/null || fail "the round trip changed the content: $(diff d.src d.back | head -5)"
ok
"$psql" -qX "$url" -c "DROP DATABASE $name" >/dev/null
echo "test_migrate: $checks checks passed"
