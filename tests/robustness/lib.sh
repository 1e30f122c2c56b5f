# Shared by the robustness tests (sourced): a database, `kopa serve` on a free
# port of 127.0.0.1, and reading slowclient's key=value output. Every wait
# is bounded; the server is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
SLOWCLIENT=${SLOWCLIENT:-$here/../../build/tests/slowclient}
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
pid=""
helpers=()

fail() { echo "FAIL: $*" >&2; [ -f "$T/log" ] && tail -20 "$T/log" >&2; exit 1; }

stop_server() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

cleanup() {
  for h in "${helpers[@]}"; do kill "$h" 2>/dev/null || true; done
  stop_server
}
trap cleanup EXIT

[ -x "$SLOWCLIENT" ] || fail "slowclient not built ($SLOWCLIENT)"
"$KOPA" init --db "$T/t.db" >/dev/null || fail "kopa init"

# start_server [kopa serve options…] → $pid, $port; the log in $T/log.
start_server() {
  rm -f "$T/out" # so that the port of a previous server is never read
  "$KOPA" serve --db "$T/t.db" --listen 127.0.0.1:0 --quiet "$@" >"$T/out" 2>"$T/log" &
  pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/log")"
}

# val KEY FILE → the value of KEY=… in slowclient's output.
val() { sed -n "s/^$1=//p" "$2" | head -1; }

# VmRSS of the server in KiB.
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
