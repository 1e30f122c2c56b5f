#!/usr/bin/env bash
# Under umask 022 every file kopa creates is mode 0600: database, -wal, -shm,
# key, backups, restored databases, exports, documents, reports. At start-up
# a missing, empty, foreign or damaged database is refused with a message
# naming the file and what to do, and it is left as it was; init refuses any
# existing file. Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
export KOPA_TEST_FAST_PWHASH=1
unset KOPA_KEY_FILE
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "test_startup_files: FAILED: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }
umask 022

# mode FILE...: each exists with mode 600.
mode() {
  for f in "$@"; do
    [ -e "$f" ] || fail "$f was not created"
    m=$(stat -c %a "$f")
    [ "$m" = 600 ] || fail "$f has mode $m, expected 600"
    ok
  done
}

# start_serve DB: kopa serve on a free port; sets pid and B (base URL).
start_serve() {
  "$KOPA" serve --db "$1" --listen 127.0.0.1:0 --quiet >"$T/serve.out" 2>"$T/serve.err" &
  pid=$!
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/serve.err")"
  B="http://127.0.0.1:$port"
}
stop_serve() {
  kill "$pid"
  wait "$pid" || true
  pid=""
}

# ---- modes
"$KOPA" init --db "$T/init.db" >/dev/null
mode "$T/init.db" "$T/init.db.key" "$T/init.db.live"
"$KOPA" demo --db "$T/demo.db" --demo-password modes-pass-42 >/dev/null
mode "$T/demo.db" "$T/demo.db.key" "$T/demo.db.live"
start_serve "$T/demo.db"
# A login writes (a session, in the side database): the logs and their
# indexes exist while serving.
curl -s --max-time 20 -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"sw-bauska","password":"modes-pass-42"}' "$B/api/v1/login"
[ -s "$T/demo.db.live-wal" ] || fail "no write-ahead log of the side database while serving"
mode "$T/demo.db-wal" "$T/demo.db-shm" "$T/demo.db.live-wal" "$T/demo.db.live-shm"
"$KOPA" backup --db "$T/demo.db" --out "$T/demo.bak" >/dev/null
mode "$T/demo.bak" "$T/demo.bak.live"
stop_serve
"$KOPA" export --db "$T/demo.db" --kind clients --out "$T/clients.csv"
mode "$T/clients.csv"
# A report over an old file of a looser mode: the file is 0600 afterwards.
touch "$T/report.csv" && chmod 644 "$T/report.csv"
"$KOPA" report evaluation --db "$T/demo.db" --region ZPR --at 2021-12-31 --format csv --out "$T/report.csv"
mode "$T/report.csv"
plan=$(sqlite3 "$T/demo.db" 'SELECT MIN(id) FROM support_plan')
"$KOPA" document support-plan --db "$T/demo.db" --plan "$plan" --out "$T/plan.pdf" >/dev/null
mode "$T/plan.pdf"
"$KOPA" restore --from "$T/demo.bak" --db "$T/restored.db" --key "$T/demo.db.key" >/dev/null
mode "$T/restored.db" "$T/restored.db.key" "$T/restored.db.live"
# Nothing kopa made in the folder is readable by others.
loose=$(find "$T" -type f -perm /077 ! -name 'serve.*' ! -name report.csv -newer "$T/init.db.key" -print)
[ -z "$loose" ] || fail "files readable by others: $loose"
ok

# ---- start-up refusals
# refused WHAT PATTERN CMD...: exit status 1 and the message.
refused() {
  local what=$1 pattern=$2
  shift 2
  local st=0
  timeout 30 "$@" </dev/null >"$T/out" 2>"$T/err" || st=$?
  [ "$st" = 1 ] || { cat "$T/err" >&2; fail "$what: exit status $st, expected 1"; }
  grep -qF -- "$pattern" "$T/err" || { cat "$T/err" >&2; fail "$what: expected '$pattern' in the message above"; }
  ok
}
every_command() { # PATTERN DB: serve, import, export, report, user, check-db, backup all refuse DB
  refused "serve $2" "$1" "$KOPA" serve --db "$2" --listen 127.0.0.1:0 --quiet
  refused "import $2" "$1" "$KOPA" import --db "$2" --kind clients "$T/clients.csv"
  refused "export $2" "$1" "$KOPA" export --db "$2" --kind clients --out -
  refused "report $2" "$1" "$KOPA" report evaluation --db "$2" --region ZPR --at 2021-12-31
  refused "user $2" "$1" "$KOPA" user list --db "$2"
  refused "check-db $2" "$1" "$KOPA" check-db --db "$2"
  refused "backup $2" "$1" "$KOPA" backup --db "$2" --out "$T/never.bak"
  [ ! -e "$T/never.bak" ] || fail "a refused backup of $2 wrote a file"
}

# A missing file: nothing is created.
every_command "no database here: $T/none.db does not exist; create it with kopa init --db $T/none.db" "$T/none.db"
[ -z "$(find "$T" -name 'none.db*')" ] || fail "a refused command created $(find "$T" -name 'none.db*')"

# A zero-byte file: refused, and still zero bytes; init refuses it too.
: >"$T/empty.db"
every_command "no database here: $T/empty.db is an empty file (0 bytes), not a Kopā database" "$T/empty.db"
[ ! -s "$T/empty.db" ] || fail "a refused command wrote into the empty file"
[ -z "$(find "$T" -name 'empty.db?*')" ] || fail "a refused command left $(find "$T" -name 'empty.db?*')"
refused "init over an empty file" "$T/empty.db already exists; choose a new file" "$KOPA" init --db "$T/empty.db"
refused "demo over an empty file" "$T/empty.db already exists; choose a new file" "$KOPA" demo --db "$T/empty.db"
[ ! -s "$T/empty.db" ] && [ ! -e "$T/empty.db.key" ] || fail "init wrote over the empty file"

# Not a database at all, and some other program's SQLite database.
printf 'name,value\nx,1\n' >"$T/text.db"
every_command "$T/text.db is not a Kopā database (it does not begin like an SQLite database)" "$T/text.db"
sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
sum=$(sha256sum <"$T/other.db")
every_command "$T/other.db is an SQLite database of another program, not a Kopā database" "$T/other.db"
[ "$(sha256sum <"$T/other.db")" = "$sum" ] || fail "a refused command changed another program's database"

# A stale log without its database is never played into a new one.
cp "$T/clients.csv" "$T/stale.db-wal"
refused "init beside a stale -wal" "$T/stale.db-wal exists without its database" "$KOPA" init --db "$T/stale.db"
[ ! -e "$T/stale.db" ] || fail "init created a database beside a stale -wal"

# A damaged page in the middle of the file: serve and check-db refuse it,
# naming the file and the way back.
cp "$T/demo.db" "$T/damaged.db" && cp "$T/demo.db.key" "$T/damaged.db.key"
pages=$(($(stat -c %s "$T/damaged.db") / 4096))
head -c 16384 /dev/zero | tr '\0' 'A' | dd of="$T/damaged.db" bs=4096 seek=$((pages / 2)) conv=notrunc status=none
refused "serve on a damaged page" "database $T/damaged.db is damaged (quick_check:" \
  "$KOPA" serve --db "$T/damaged.db" --listen 127.0.0.1:0 --quiet
grep -qF "restore the last good backup: kopa restore --from BACKUP --db $T/damaged.db --force" "$T/err" ||
  fail "the damaged-database message does not say how to restore: $(cat "$T/err")"
refused "check-db on a damaged page" "database $T/damaged.db is damaged (integrity_check:" \
  "$KOPA" check-db --db "$T/damaged.db"
# The same database undamaged is served (the refusal above is the damage's).
start_serve "$T/demo.db"
stop_serve
ok

echo "startup files: ok ($checks checks)"
