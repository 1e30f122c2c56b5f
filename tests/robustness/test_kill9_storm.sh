#!/usr/bin/env bash
# Kill -9 in the middle of a write storm, again and again: every write the
# server acknowledged (201) survives, and the database stays sound.
#
# `kopa init` and one social worker on a temporary database, then ROUNDS
# (default 20) times: start `kopa serve`, storm it with kopa_storm (several
# connections registering clients, each 201's key logged the moment it
# arrives), and `kill -9` the server after a random 0.2–1.5 s. At the end
# a last server takes a short storm and stops on SIGTERM; then every
# acknowledged key must be a stored client with its personal code, no key
# acknowledged twice, and PRAGMA integrity_check says ok. Bounded: each
# wait has a limit, the whole test takes well under two minutes.
# KILL9_ROUNDS and KILL9_SEED change the rounds and the random delays.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
STORM=${KOPA_STORM:-$here/../../build/tests/kopa_storm}
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
export KOPA_TEST_FAST_PWHASH=1
PW=robust-pass-4821  # the password policy refuses one with the user name (storm) in it
ROUNDS=${KILL9_ROUNDS:-20}
SEED=${KILL9_SEED:-$$}
RANDOM=$SEED
DB="$T/storm.db"

server=""
storm=""
cleanup() {
  [ -n "$storm" ] && kill "$storm" 2>/dev/null || true
  [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "(files kept in $T; seed $SEED)" >&2
  exit 1
}
command -v sqlite3 >/dev/null || fail "the sqlite3 command is needed (scripts/install-deps)"
[ -x "$STORM" ] || fail "kopa_storm not built: $STORM"

"$KOPA" init --db "$DB" >/dev/null
echo "$PW" | "$KOPA" user add --db "$DB" --username storm --role social_worker \
  --municipality 0025000 --password-stdin >/dev/null

# Starts kopa serve on a free port; sets $server and $port.
start_server() {
  : >"$T/out"
  "$KOPA" serve --db "$DB" --listen 127.0.0.1:0 --quiet >"$T/out" 2>>"$T/server.log" &
  server=$!
  port=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
    [ -n "$port" ] && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.05
  done
  fail "kopa serve did not start: $(tail -5 "$T/server.log")"
}

# Waits up to $2 seconds for process $1 to end; fails if it does not.
wait_for() {
  local pid=$1 limit=$2 i
  for i in $(seq 1 $((limit * 20))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return $?; }
    sleep 0.05
  done
  fail "process $pid still running after ${limit}s"
}

started=$(date +%s%N)
: >"$T/acked"
for round in $(seq 1 "$ROUNDS"); do
  start_server
  "$STORM" --port "$port" --user storm --password "$PW" --series "$round" --conns 4 \
    --seconds 10 --acked "$T/acked" >"$T/storm.$round" 2>&1 &
  storm=$!
  ms=$((200 + RANDOM % 1301))
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
  kill -9 "$server"
  wait "$server" 2>/dev/null || true
  server=""
  rc=0
  wait_for "$storm" 20 || rc=$?
  storm=""
  [ "$rc" -eq 0 ] || fail "round $round: kopa_storm exited $rc: $(cat "$T/storm.$round")"
  grep -q '^storm: ' "$T/storm.$round" || fail "round $round: no summary from kopa_storm"
  echo "round $round (${ms} ms): $(sed -n 's/^storm: //p' "$T/storm.$round" | cut -d' ' -f2-6)"
done

# After all the kills the server still starts, works and stops cleanly.
start_server
"$STORM" --port "$port" --user storm --password "$PW" --series 0 --conns 1 --max 20 \
  --seconds 20 --acked "$T/acked" >"$T/storm.0" 2>&1 || fail "final storm: $(cat "$T/storm.0")"
grep -q ' ok=20 ' "$T/storm.0" || fail "final storm after the kills: $(cat "$T/storm.0")"
kill -TERM "$server"
wait_for "$server" 15 || fail "kopa serve did not stop cleanly on SIGTERM"
server=""

# Every acknowledged write is stored, whole; the database is sound.
for f in "$DB" "$DB.live"; do # the side database holds sessions and the access log
  [ -e "$f" ] || continue
  integrity=$(sqlite3 "$f" "PRAGMA integrity_check")
  [ "$integrity" = ok ] || fail "integrity_check of $f: $integrity"
done
sort "$T/acked" >"$T/acked.sorted"
sort -u "$T/acked" >"$T/acked.unique"
cmp -s "$T/acked.sorted" "$T/acked.unique" || fail "a key was acknowledged twice"
sqlite3 "$DB" "SELECT family_name FROM client WHERE family_name LIKE 'Storm-%'" | sort >"$T/stored"
missing=$(comm -23 "$T/acked.unique" "$T/stored" | wc -l)
acked=$(wc -l <"$T/acked.unique")
stored=$(wc -l <"$T/stored")
[ "$missing" -eq 0 ] || fail "$missing of $acked acknowledged writes are not stored, e.g. $(comm -23 "$T/acked.unique" "$T/stored" | head -3 | tr '\n' ' ')"
halves=$(sqlite3 "$DB" "SELECT COUNT(*) FROM client c WHERE family_name LIKE 'Storm-%'
  AND NOT EXISTS (SELECT 1 FROM personal_code p WHERE p.client_id = c.id)")
[ "$halves" -eq 0 ] || fail "$halves stored clients lack their personal code (half a write)"
[ "$acked" -gt "$ROUNDS" ] || fail "only $acked writes were acknowledged in $ROUNDS rounds: the storm did not storm"

lost=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' "$T"/storm.* | awk '{s += $1} END {print s + 0}')
elapsed=$((($(date +%s%N) - started) / 1000000))
echo "kill -9 storm: $ROUNDS rounds in ${elapsed} ms, $acked writes acknowledged, all stored;" \
  "$((stored - acked)) more stored whose answer was cut off by the kill; $lost requests without an answer;" \
  "integrity ok (seed $SEED)"
rm -rf "$T"
