#!/usr/bin/env bash
# kopa backup while kopa serve takes a storm of writes: two writers register
# clients through the JSON API and note each one acknowledged (201); the
# backup starts while they write and they go on during it. Restored to a new
# path, the copy passes integrity_check, its key is proven, and every write
# acknowledged before the backup began is in it (by a unique family name, and
# by its personal code, decrypted by kopa export). Also: backup and restore
# refusals (existing target, database in use, --force keeping the old one),
# and usage errors. Every wait and loop is bounded.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
export KOPA_TEST_FAST_PWHASH=1
unset KOPA_KEY_FILE
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
PW=storm-pass-42
pid="" writers=()
cleanup() {
  for w in "${writers[@]}"; do kill "$w" 2>/dev/null || true; done
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "test_backup_restore: FAILED: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is needed"
checks=0
ok() { checks=$((checks + 1)); }

# ---- usage
for args in "" "--db $T/x.db" "--out $T/x.bak" "--db $T/x.db --out $T/x.bak --bogus" "--db"; do
  st=0; "$KOPA" backup $args >/dev/null 2>&1 || st=$?
  [ "$st" = 2 ] || fail "kopa backup $args: status $st, expected 2"
done
for args in "" "--from $T/x.bak" "--db $T/x.db" "--from $T/x.db --db $T/x.db" "--from a --db b --force=1"; do
  st=0; "$KOPA" restore $args >/dev/null 2>&1 || st=$?
  [ "$st" = 2 ] || fail "kopa restore $args: status $st, expected 2"
done
"$KOPA" backup --help | grep -q "The key file is NOT copied" || fail "kopa backup --help"
"$KOPA" restore --help | grep -q -- "--force" || fail "kopa restore --help"
"$KOPA" --help | grep -q "^  backup " || fail "kopa --help lacks backup"
"$KOPA" --help | grep -q "^  restore " || fail "kopa --help lacks restore"
ok

DB="$T/live.db"
"$KOPA" demo --db "$DB" --demo-password "$PW" >/dev/null
"$KOPA" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/serve.err")"
URL="http://127.0.0.1:$port"
atvk=$(sqlite3 "$DB" "SELECT atvk FROM municipality WHERE key = 'bauska'")

# writer N: logs in as sw-bauska, registers up to 1500 clients or until
# $T/stop appears (at most 60 s); appends "family-name code" to acked.N for
# every 201, in one write, after the answer came.
writer() {
  local n=$1 jar="$T/w$1.jar" tok i code name st deadline=$((SECONDS + 60))
  tok=$(curl -s --max-time 10 -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"sw-bauska\",\"password\":\"$PW\"}" "$URL/api/v1/login" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["csrf"])')
  for i in $(seq 1 1500); do
    [ -e "$T/stop" ] || [ $SECONDS -ge $deadline ] && break
    code=$(sed -n "${i}p" "$T/codes.$n")
    name="Storm-$n-$i"
    st=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -b "$jar" -H "X-CSRF-Token: $tok" \
      -H 'Content-Type: application/json' \
      -d "{\"personal_code\":\"$code\",\"given_name\":\"Vētra\",\"family_name\":\"$name\",\"birth_date\":\"1980-01-01\",\"municipality\":\"$atvk\",\"target_group\":\"grt\",\"disability_group\":\"2\",\"registered_on\":\"2022-01-10\"}" \
      "$URL/api/v1/clients" || true)
    [ "$st" = 201 ] && echo "$name $code" >>"$T/acked.$n"
    echo "$st" >>"$T/status.$n"
  done
}
# Valid new-format personal codes, distinct per writer (32NNNN-NNNNC).
python3 - "$T" <<'PY'
import sys
w = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
for n in (1, 2):
    with open(f"{sys.argv[1]}/codes.{n}", "w") as f:
        for i in range(1, 1501):
            d = f"32{n}{i:07d}"
            c = (1101 - sum(a * int(b) for a, b in zip(w, d))) % 11 % 10
            f.write(f"{d[:6]}-{d[6:]}{c}\n")
PY
: >"$T/acked.1"; : >"$T/acked.2"
writer 1 & writers+=($!)
writer 2 & writers+=($!)
# Let the storm build up (bounded), then take the backup while it goes on.
for _ in $(seq 1 200); do
  [ "$(cat "$T/acked.1" "$T/acked.2" | wc -l)" -ge 40 ] && break
  sleep 0.05
done
cat "$T/acked.1" "$T/acked.2" >"$T/before"
nbefore=$(wc -l <"$T/before")
[ "$nbefore" -ge 1 ] || fail "no write was acknowledged before the backup: $(sort "$T/status.1" | uniq -c)"
start=$(date +%s.%N)
"$KOPA" backup --db "$DB" --out "$T/storm.bak" >"$T/backup.out" 2>"$T/backup.err" ||
  fail "kopa backup during writes failed: $(cat "$T/backup.err")"
end=$(date +%s.%N)
cat "$T/acked.1" "$T/acked.2" >"$T/after-backup"
nduring=$(($(wc -l <"$T/after-backup") - nbefore))
# The writers go on for a moment after the backup, then stop.
sleep 0.3
touch "$T/stop"
for w in "${writers[@]}"; do wait "$w" || true; done
writers=()
ntotal=$(cat "$T/acked.1" "$T/acked.2" | wc -l)
grep -q "^backup written: $T/storm.bak ([0-9]* bytes, main database, integrity_check ok)" "$T/backup.out" ||
  fail "kopa backup printed: $(cat "$T/backup.out")"
grep -q "key file $DB.key was not copied" "$T/backup.out" || fail "kopa backup does not say the key stays apart"
[ ! -e "$T/storm.bak.key" ] || fail "kopa backup copied the key file next to the backup"
grep -q "^backup written: $T/storm.bak.live ([0-9]* bytes, live database, integrity_check ok)" "$T/backup.out" ||
  fail "kopa backup did not copy the side database: $(cat "$T/backup.out")"
[ "$(stat -c %a "$T/storm.bak")" = 600 ] && [ "$(stat -c %a "$T/storm.bak.live")" = 600 ] ||
  fail "the backup is not mode 600"
# The server answered nothing but 201 (no write refused or failed).
bad=$(cat "$T/status.1" "$T/status.2" | grep -vc '^201$' || true)
[ "$bad" = 0 ] || fail "$bad writes were not acknowledged: $(sort "$T/status."* | uniq -c | tr '\n' ' ')"
ok

# Restore to a new path: the copy is sound, belongs to the key, and holds
# every write acknowledged before the backup began.
"$KOPA" restore --from "$T/storm.bak" --db "$T/restored.db" --key "$DB.key" >"$T/restore.out" 2>"$T/restore.err" ||
  fail "kopa restore failed: $(cat "$T/restore.err")"
[ "$(sqlite3 "$T/restored.db" 'PRAGMA integrity_check')" = ok ] || fail "the restored database is damaged"
[ "$(sqlite3 "$T/restored.db.live" 'PRAGMA integrity_check')" = ok ] || fail "the restored side database is damaged"
# The writers' sessions were in the side database when the backup began.
[ "$(sqlite3 "$T/restored.db.live" 'SELECT COUNT(*) >= 2 FROM session')" = 1 ] ||
  fail "the restored side database lacks the sessions"
sqlite3 "$T/restored.db" "SELECT family_name FROM client WHERE family_name LIKE 'Storm-%'" | sort >"$T/restored.names"
cut -d' ' -f1 "$T/before" | sort >"$T/before.names"
missing=$(comm -23 "$T/before.names" "$T/restored.names" | head -5)
[ -z "$missing" ] || fail "writes acknowledged before the backup are missing from it: $missing"
nrestored=$(wc -l <"$T/restored.names")
# Nothing in the backup that the server never acknowledged.
cat "$T/acked.1" "$T/acked.2" | cut -d' ' -f1 | sort >"$T/all.names"
extra=$(comm -13 "$T/all.names" "$T/restored.names" | head -5)
[ -z "$extra" ] || fail "the backup holds writes never acknowledged: $extra"
"$KOPA" export --db "$T/restored.db" --kind clients --out "$T/restored.csv"
while read -r name code; do
  grep -q "^[0-9]*,$code," "$T/restored.csv" || fail "personal code of $name is not in the restored export"
done <"$T/before"
ok

# Refusals: an existing backup target; restoring over the database in use;
# without --force an existing database is never touched.
st=0; "$KOPA" backup --db "$DB" --out "$T/storm.bak" >/dev/null 2>"$T/err" || st=$?
[ "$st" = 1 ] && grep -qF "$T/storm.bak already exists; a backup never overwrites a file" "$T/err" ||
  fail "backup over an existing file: status $st: $(cat "$T/err")"
st=0; "$KOPA" restore --from "$T/storm.bak" --db "$DB" --force >/dev/null 2>"$T/err" || st=$?
[ "$st" = 1 ] && grep -qF "database $DB is in use (is kopa serve running on it?)" "$T/err" ||
  fail "restore over a served database: status $st: $(cat "$T/err")"
[ ! -e "$DB.before-restore" ] && [ -s "$DB-wal" ] || fail "a refused restore moved the served database or its log"
[ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' -b "$T/w1.jar" "$URL/api/v1/me")" = 200 ] ||
  fail "the server stopped answering after a refused restore"
kill "$pid"; wait "$pid" || true; pid=""
[ ! -e "$DB-wal" ] || fail "kopa serve left its log at a clean stop"
sum=$(sha256sum <"$DB")
st=0; "$KOPA" restore --from "$T/storm.bak" --db "$DB" >/dev/null 2>"$T/err" || st=$?
[ "$st" = 1 ] && grep -qF "$DB exists; a restore never overwrites a database" "$T/err" ||
  fail "restore over an existing database without --force: status $st: $(cat "$T/err")"
[ "$(sha256sum <"$DB")" = "$sum" ] || fail "a refused restore changed the database"
ok

# --force: the old database (all $ntotal writes) is kept as .before-restore,
# the restored one has the backup's; no stale log is left beside it.
"$KOPA" restore --from "$T/storm.bak" --db "$DB" --force >"$T/restore.out" 2>"$T/restore.err" ||
  fail "kopa restore --force failed: $(cat "$T/restore.err")"
grep -qF "the previous database is kept as $DB.before-restore" "$T/restore.out" || fail "restore --force printed: $(cat "$T/restore.out")"
[ ! -e "$DB-wal" ] && [ ! -e "$DB-shm" ] || fail "restore left a -wal or -shm beside the database"
[ -e "$DB.before-restore.live" ] && [ -e "$DB.live" ] || fail "restore --force did not keep and replace the side file"
[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM client WHERE family_name LIKE 'Storm-%'")" = "$nrestored" ] ||
  fail "the restored database does not hold the backup's clients"
[ "$(sqlite3 "$DB.before-restore" "SELECT COUNT(*) FROM client WHERE family_name LIKE 'Storm-%'")" = "$ntotal" ] ||
  fail "the kept database lacks writes"
"$KOPA" check-db --db "$DB" >/dev/null || fail "check-db on the restored database"
ok

secs=$(python3 -c "print(f'{$end - $start:.2f}')")
size=$(stat -c %s "$T/storm.bak")
echo "backup during writes: $nbefore acknowledged before, $nduring during ($secs s, $size bytes), $ntotal in all;" \
  "$nrestored in the backup"
echo "backup and restore: ok ($checks checks)"
