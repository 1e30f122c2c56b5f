#!/usr/bin/env bash
# A full disk under a running server: writes are refused with 503 and
# Retry-After and never acknowledged unless stored; client cards are not
# shown unaudited; once space is freed, writes are stored again — without
# a restart.
#
# The database lives on a real 12 MB filesystem: a tmpfs mounted in a
# private mount namespace (`unshare -rm`, or `unshare -m` as root), so the
# server, its database and the checks all see it and nothing else does.
# Where the machine allows neither, the test is skipped (exit 77).
# Phases: storm with room to spare; fill the disk with a filler file and
# storm while full, reading a client card too; delete the filler and storm
# again; stop the server. Then: every acknowledged key is stored, no
# refused one is, every card shown has its audit record, integrity ok.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
STORM=${KOPA_STORM:-$here/../../build/tests/kopa_storm}
T=${KOPA_TMP:-$(mktemp -d)}
SIZE=12m

# ---- Into a private mount namespace, once ----
if [ -z "${KOPA_DISK_FULL_NS:-}" ]; then
  rm -rf "$T" && mkdir -p "$T/disk"
  for how in "-rm" "-m"; do
    if unshare $how sh -c "mount -t tmpfs -o size=1m tmpfs '$T/disk'" 2>/dev/null; then
      KOPA_DISK_FULL_NS=1 KOPA="$KOPA" KOPA_STORM="$STORM" KOPA_TMP="$T" \
        exec unshare $how bash "${BASH_SOURCE[0]}"
    fi
  done
  echo "SKIP: cannot mount a small filesystem here (unshare -rm / unshare -m with tmpfs refused);" \
    "this machine does not allow the disk-full test" >&2
  rm -rf "$T"
  exit 77
fi

# ---- Inside: the mount is ours alone and ends with this namespace ----
export KOPA_TEST_FAST_PWHASH=1
PW=robust-pass-4821  # the password policy refuses one with the user name (storm) in it
DISK="$T/disk"
DB="$DISK/kopa.db"
mount -t tmpfs -o "size=$SIZE" tmpfs "$DISK"

server=""
cleanup() {
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "(logs kept in $T; the database went with the test's private filesystem)" >&2
  exit 1
}
command -v sqlite3 >/dev/null || fail "the sqlite3 command is needed (scripts/install-deps)"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps)"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"; } # key file → value from a storm summary

"$KOPA" init --db "$DB" >/dev/null
echo "$PW" | "$KOPA" user add --db "$DB" --username storm --role social_worker \
  --municipality 0025000 --password-stdin >/dev/null

"$KOPA" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/out" 2>"$T/server.log" &
server=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
[ -n "$port" ] || fail "kopa serve did not start: $(tail -5 "$T/server.log")"
storm() { # series connections seconds max [extra…] → summary in $T/storm.<series>
  local series=$1 conns=$2 secs=$3 max=$4
  shift 4
  "$STORM" --port "$port" --user storm --password "$PW" --session "$T/session" --series "$series" \
    --conns "$conns" --seconds "$secs" --max "$max" --acked "$T/acked" --refused "$T/refused" "$@" \
    >"$T/storm.$series" 2>&1 || fail "kopa_storm (series $series): $(cat "$T/storm.$series")"
  echo "series $series: $(sed -n 's/^storm: //p' "$T/storm.$series")"
}

# 1. Room to spare: every write is stored. (One connection: parallel
# writers may rightly get a 503 when a lock wait runs out on a busy machine.)
: >"$T/acked"
: >"$T/refused"
storm 1 1 30 200
[ "$(field ok "$T/storm.1")" = 200 ] || fail "with room to spare not every write answered 201"
card=$(sqlite3 "$DB" "SELECT MIN(id) FROM client WHERE family_name LIKE 'Storm-%'")
[ -n "$card" ] || fail "no client to read"

# 2. The disk full. The WAL is emptied first so that every write needs new
# space (SQLite reuses WAL space it already has, and a write that fits there
# is stored and rightly answered 201).
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || true
cat /dev/zero >"$DISK/filler" 2>/dev/null || true
avail=$(df -k --output=avail "$DISK" | tail -1 | tr -d ' ')
[ "$avail" -eq 0 ] || fail "the filesystem is not full ($avail KiB left)"
login=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H 'Content-Type: application/json' \
  -d "{\"username\":\"storm\",\"password\":\"$PW\"}" "http://127.0.0.1:$port/api/v1/login")
storm 2 4 2 100000 --get-id "$card" --get-every 4
refused_full=$(field refused "$T/storm.2")
ok_full=$(field ok "$T/storm.2")
[ "$refused_full" -gt 0 ] || fail "no write was refused while the disk was full"
[ "$(field other "$T/storm.2")" = 0 ] || fail "answers other than 201/503 while full: $(field other_statuses "$T/storm.2")"
[ "$(field get_other "$T/storm.2")" = 0 ] || fail "card reads answered other than 200/503 while full"
[ "$(field get_refused "$T/storm.2")" -gt 0 ] || fail "no card read was refused while the disk was full"
[ "$(field no_retry_after "$T/storm.2")" = 0 ] || fail "503 without Retry-After"
[ "$login" = 503 ] || fail "a login while the disk was full answered $login, not 503"

# 3. Space again: the same server stores writes at once.
rm -f "$DISK/filler"
storm 3 1 30 200
recovery=$(field first_ok_ms "$T/storm.3")
[ "$recovery" -ge 0 ] || fail "no write was stored after space was freed"
[ "$(field ok "$T/storm.3")" = 200 ] || fail "after space was freed not every write answered 201"
kill -0 "$server" 2>/dev/null || fail "the server did not survive the full disk"
kill -TERM "$server"
for _ in $(seq 1 300); do kill -0 "$server" 2>/dev/null || break; sleep 0.05; done
kill -0 "$server" 2>/dev/null && fail "kopa serve did not stop on SIGTERM"
wait "$server" || fail "kopa serve exited with an error after the full disk"
server=""

# What the database holds (and its side database: sessions, access log).
for f in "$DB" "$DB.live"; do
  [ -e "$f" ] || continue
  integrity=$(sqlite3 "$f" "PRAGMA integrity_check")
  [ "$integrity" = ok ] || fail "integrity_check of $f: $integrity"
done
sqlite3 "$DB" "SELECT family_name FROM client WHERE family_name LIKE 'Storm-%'" | sort >"$T/stored"
sort -u "$T/acked" >"$T/acked.unique"
sort -u "$T/refused" >"$T/refused.unique"
missing=$(comm -23 "$T/acked.unique" "$T/stored" | wc -l)
[ "$missing" -eq 0 ] || fail "$missing acknowledged writes are not stored: $(comm -23 "$T/acked.unique" "$T/stored" | head -3 | tr '\n' ' ')"
ghosts=$(comm -12 "$T/refused.unique" "$T/stored" | wc -l)
[ "$ghosts" -eq 0 ] || fail "$ghosts writes answered 503 were stored"
get_ok=$(($(field get_ok "$T/storm.2") + 0))
# Reads of a client are recorded in the side database's access log (or,
# without one, in the audit trail).
if [ -e "$DB.live" ]; then
  views=$(sqlite3 "$DB.live" "SELECT COUNT(*) FROM access_log WHERE action = 'view' AND client_id = $card")
else
  views=$(sqlite3 "$DB" "SELECT COUNT(*) FROM audit WHERE action = 'view' AND client_id = $card")
fi
[ "$views" -ge "$get_ok" ] || fail "$get_ok cards shown while full, only $views view records"

echo "disk full ($SIZE): $refused_full writes refused with 503 + Retry-After while full" \
  "($ok_full stored and acknowledged), $(field get_refused "$T/storm.2") card reads refused," \
  "$get_ok shown (audited); login 503; first write stored ${recovery} ms after space was freed," \
  "no restart; $(wc -l <"$T/acked.unique") acknowledged writes all stored, none of" \
  "$(wc -l <"$T/refused.unique") refused stored; integrity ok"
umount "$DISK"
rm -rf "$T"
