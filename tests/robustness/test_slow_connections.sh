#!/usr/bin/env bash
# Slow and idle connections do not take the server offline.
#  1. 600 connections from 127.0.0.1 for 20 s: 250 send nothing, 300 trickle
#     a header line every 2 s (which resets libmicrohttpd's own inactivity
#     timer), 50 trickle a body. Meanwhile a probe asks for /login every
#     200 ms from the same address: every probe gets 200 within 1 s. The
#     header deadline (10 s) ends the idle and trickling ones, the body
#     deadline (--body-timeout 6) the slow bodies; the server logs it and
#     still answers afterwards.
#  2. Over a limit a request is answered 503 with Retry-After, Connection:
#     close and the security headers, not left hanging: per address
#     (--max-per-address 20, 20 connections held) and in all
#     (--max-connections 20, per address unlimited). Once the held
#     connections have had the grace time (2 s) to send a request, a new
#     request makes room and gets 200.
# About 45 s. Latencies are printed for the record.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- 0. The options: bad values are refused as usage errors ----
for bad in "--max-per-address -1" "--max-connections 0" "--header-timeout 0" "--keepalive-timeout x" \
           "--body-timeout 99999"; do
  set +e
  # shellcheck disable=SC2086
  "$KOPA" serve --db "$T/t.db" --listen 127.0.0.1:0 $bad >/dev/null 2>"$T/usage"
  rc=$?
  set -e
  [ $rc = 2 ] || fail "kopa serve $bad: exit $rc, expected 2"
  grep -q "must be a number" "$T/usage" || fail "kopa serve $bad: $(cat "$T/usage")"
done
set +e
"$KOPA" serve --db "$T/t.db" --listen 127.0.0.1:0 --max-connections 4000000 >/dev/null 2>"$T/usage"
rc=$?
set -e
[ $rc = 1 ] && grep -q "open-file limit" "$T/usage" || fail "--max-connections beyond the open-file limit: $(cat "$T/usage")"
"$KOPA" serve --help | grep -q -- "--max-per-address N" || fail "kopa serve --help lacks the limits"

# ---- 1. The attack ----
start_server --body-timeout 6
"$SLOWCLIENT" hold --port "$port" --idle 250 --trickle 300 --slow-body 50 --interval-ms 2000 \
  --duration 20 --probe-ms 200 >"$T/hold" || fail "slowclient hold failed"
cat "$T/hold" | grep -v statuses
[ "$(val opened "$T/hold")" = 600 ] || fail "could not open 600 connections: $(val connect_failed "$T/hold") refused"

probes=$(val probes "$T/hold")
[ "$probes" -ge 80 ] || fail "only $probes probes in 20 s"
[ "$(val probe_200 "$T/hold")" = "$probes" ] || fail "not every probe got 200: $(val probe_statuses "$T/hold")"
max=$(val probe_max_ms "$T/hold")
[ "$max" -lt 1000 ] || fail "a probe took $max ms"
echo "probe latency under attack: p50 $(val probe_p50_ms "$T/hold") ms, p99 $(val probe_p99_ms "$T/hold") ms, max $max ms"

for kind in idle trickle; do
  [ "$(val ${kind}_closed "$T/hold")" = "$(val ${kind}_open "$T/hold")" ] ||
    fail "$kind connections left open after 20 s: $(val ${kind}_closed "$T/hold") of $(val ${kind}_open "$T/hold") closed"
  lo=$(val ${kind}_close_min_ms "$T/hold") hi=$(val ${kind}_close_max_ms "$T/hold")
  [ "$lo" -ge 9500 ] && [ "$hi" -le 13000 ] ||
    fail "$kind connections closed after $lo-$hi ms, not by the 10 s header deadline"
done
[ "$(val body_closed "$T/hold")" = 50 ] || fail "slow bodies left open: $(val body_closed "$T/hold") of 50 closed"
lo=$(val body_close_min_ms "$T/hold") hi=$(val body_close_max_ms "$T/hold")
[ "$lo" -ge 5500 ] && [ "$hi" -le 9000 ] || fail "slow bodies closed after $lo-$hi ms, not by the 6 s body deadline"

grep -q 'past their deadline (headers [0-9]*, body [0-9]*' "$T/log" || fail "the server did not log the ended connections"
ended=$(grep -o 'ended [0-9]* past their deadline' "$T/log" | awk '{s += $2} END {print s}')
[ "$ended" -ge 600 ] || fail "the server logged $ended connections ended, expected 600"

"$SLOWCLIENT" probe --port "$port" --count 5 --probe-ms 100 >"$T/after"
[ "$(val probe_200 "$T/after")" = 5 ] || fail "the server is not healthy after the attack: $(val probe_statuses "$T/after")"
kill -0 "$pid" || fail "the server died"
stop_server

# ---- 2. Over a limit: 503, then room is made ----
check_limit() { # what, kopa serve options…
  local what=$1
  shift
  start_server "$@"
  # 25 idle connections; probes from 0.5 s after they are open, every 1 s.
  "$SLOWCLIENT" hold --port "$port" --idle 25 --duration 5 --probe-ms 1000 --probe-delay-ms 500 \
    --heads "$T/heads" >"$T/limit"
  local st
  st=$(val probe_statuses "$T/limit")
  echo "$what: probe statuses $st"
  case "$st" in
    503,*,200) ;;
    *) fail "$what: expected 503 while the held connections are new, then 200; got $st" ;;
  esac
  # The 503's header block.
  awk 'BEGIN {RS = "\r\n\r\n"} NR == 1' "$T/heads" | tr -d '\r' >"$T/head503"
  for h in 'HTTP/1.1 503' 'Retry-After: 5' 'Connection: close' "Content-Security-Policy: default-src 'none'" \
           'X-Content-Type-Options: nosniff' 'Referrer-Policy: same-origin' 'X-Frame-Options: DENY' \
           'Cache-Control: no-store'; do
    grep -qF "$h" "$T/head503" || fail "$what: the 503 lacks '$h': $(cat "$T/head503")"
  done
  # Room was made by ending held connections that had sent nothing for 2 s.
  local closed lo
  closed=$(val idle_closed "$T/limit") lo=$(val idle_close_min_ms "$T/limit")
  [ "$closed" -ge 1 ] || fail "$what: no held connection was ended to make room"
  [ "$lo" -ge 1900 ] || fail "$what: a held connection was ended after $lo ms, before the grace time"
  stop_server
}
check_limit "per address" --max-per-address 20
check_limit "in all" --max-connections 20 --max-per-address 0

echo "test_slow_connections: ok"
