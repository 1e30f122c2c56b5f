#!/usr/bin/env bash
# CPU per request of two builds side by side (docs/performance.md): on a
# machine others share, a server's rate follows the load, but the CPU time a
# request costs hardly does. Both servers run at once, each on its own copy
# of a benchmark database made by bench/run.sh (BENCH_DIR of each build),
# and wrk hits them alternately, page by page, ROUNDS times; the server's
# user + system time comes from /proc/<pid>/stat (the access writer's
# thread included).
#
#   bench/ab_cpu.sh OLD_KOPA OLD_BENCH_DIR NEW_KOPA NEW_BENCH_DIR [demo|national] [ROUNDS]
#
# Environment: AB_CONNECTIONS (100), AB_SECONDS (3). Prints one line per
# run: data, round, page, build, req/s, p99, CPU µs per request, requests.
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,13p "$0" >&2; exit 2; }
OLD=$1 OLD_DIR=$2 NEW=$3 NEW_DIR=$4 DS=${5:-demo} ROUNDS=${6:-3}
CONN=${AB_CONNECTIONS:-100} SECS=${AB_SECONDS:-3}
PW='Zvaigzne-Lauva-4417-Mezs'
export KOPA_DATA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/data"
if [ "$DS" = demo ]; then user=sw-bauska codes="'0025000', '0400200'"; else user=bench-sw-riga codes="'0001000', '0010000'"; fi
client=$(sqlite3 "$NEW_DIR/$DS.db" "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id
  WHERE m.atvk IN ($codes) ORDER BY c.id LIMIT 1")
"$OLD" serve --db "$OLD_DIR/$DS.db" --listen 127.0.0.1:18801 --quiet >/dev/null 2>&1 &
p_old=$!
"$NEW" serve --db "$NEW_DIR/$DS.db" --listen 127.0.0.1:18802 --quiet >/dev/null 2>&1 &
p_new=$!
trap 'kill $p_old $p_new 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null http://127.0.0.1:18801/ && curl -s -o /dev/null http://127.0.0.1:18802/ && break
  sleep 0.2
done
login() {
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$PW\"}" "http://127.0.0.1:$1/api/v1/login" |
    tr -d '\r' | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && $2 ~ /^kopa_session=/ {print $2; exit}'
}
c_old=$(login 18801) c_new=$(login 18802)
[ -n "$c_old" ] && [ -n "$c_new" ] || { echo "ab_cpu: could not log in as $user" >&2; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for r in $(seq 1 "$ROUNDS"); do
  for path in /api/v1/clients /caseload "/clients/$client"; do
    for side in old new; do
      if [ $side = old ]; then port=18801 ck=$c_old pid=$p_old; else port=18802 ck=$c_new pid=$p_new; fi
      t0=$(cpu_ticks "$pid")
      out=$(wrk -t2 -c"$CONN" -d"${SECS}s" --latency -H "Cookie: $ck" "http://127.0.0.1:$port$path" 2>&1)
      sleep 0.3 # the last commits of the access writer
      t1=$(cpu_ticks "$pid")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
      us=$(python3 -c "print(round(($t1 - $t0) * 1e6 / $hz / max($n, 1)))")
      echo "$DS $r $path $side ${rps} req/s p99 ${p99} cpu ${us} us/req n=${n}"
    done
  done
done
