#!/usr/bin/env bash
# make bench: every figure of issue 10 against its floor, side by side, in one
# run on this machine, on the demo and on the synthetic national data.
#
#   evaluation  kopa report evaluation (--region ALL as CSV and PDF, and one
#               region as CSV) against the same kind of figures as plain SQL
#               in sqlite3 over the same file (bench/floor/evaluation.sql)
#   import      kopa import of the deliveries (rows/s, peak RSS from
#               /usr/bin/time -v) against sqlite3 .import of the same file
#               into the same table with the same indexes; also as rows per
#               CPU second of each, which the machine's other load leaves
#               alone (the wall-clock rate of one run does not)
#   pages       GET /api/v1/clients, /caseload and a client card with wrk at
#               100 and 200 connections against a bare libmicrohttpd page
#               server (bench/floor/floor_server.c) with the same settings
#
# Kopā and its floor run interleaved (Kopā, floor, Kopā, floor …) and the
# table shows medians of BENCH_RUNS runs. The benchmark never runs ANALYZE:
# whatever statistics the database has, Kopā made itself.
#
# Environment: BENCH_SCALE (national data scale, default 1: ~30 000 clients,
# ~1 M deliveries), BENCH_RUNS (3), BENCH_IMPORT_RUNS (BENCH_RUNS),
# BENCH_WRK_SECONDS (5), BENCH_CONNECTIONS ("100 200"), BENCH_BUILD
# (build-bench), BENCH_DIR (where the data and results go; default
# $BENCH_BUILD/bench), BENCH_DATASETS ("demo national"), BENCH_PARTS
# ("import evaluation pages"). Needs wrk and /usr/bin/time (scripts/install-deps --bench).
# Writes the table to $BENCH_DIR/results.md and prints it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
BUILD=${BENCH_BUILD:-$root/build-bench}
SCALE=${BENCH_SCALE:-1}
RUNS=${BENCH_RUNS:-3}
IMPORT_RUNS=${BENCH_IMPORT_RUNS:-$RUNS}
WRK_SECONDS=${BENCH_WRK_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-"100 200"}
DATASETS=${BENCH_DATASETS:-"demo national"}
PARTS=${BENCH_PARTS:-"import evaluation pages"}
WORK=${BENCH_DIR:-$BUILD/bench}
AT=2021-12-31
REGION=ZPR
PW='Zvaigzne-Lauva-4417-Mezs'
export KOPA_DATA_DIR="$root/data"

for tool in wrk sqlite3 python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (scripts/install-deps --bench)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (scripts/install-deps --bench)" >&2; exit 2; }

# ------------------------------------------------------------------ build
echo "== build ($BUILD)"
cmake -S "$root" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target kopa kopa_gen kopa_floor_server >/dev/null
KOPA=$BUILD/kopa
mkdir -p "$WORK"
RES=$WORK/results.tsv
: >"$RES"
# record DATASET WHAT KOPA_VALUE FLOOR_VALUE UNIT
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }

now_ns() { date +%s%N; }

remove_db() { rm -f "$1" "$1"-wal "$1"-shm "$1".live "$1".live-wal "$1".live-shm "$1".key; }
copy_db() {
  remove_db "$2"
  for s in "" .key .live; do cp "$1$s" "$2$s"; done
}

KINDS_BEFORE=(clients former_codes residences assessments providers facilities facility_services support_plans
              plan_items assignments)
KINDS_AFTER=(projects payment_requests compensation_payments plan_objects plan_amendments plan_object_changes
             cooperation indicators indicator_values)

# --------------------------------------------------------------- datasets
datasets_ready() {
  echo "== datasets"
  if [[ " $DATASETS " == *" demo "* ]]; then
    remove_db "$WORK/demo.db"
    "$KOPA" demo --db "$WORK/demo.db" --demo-password "$PW" >/dev/null
  fi
  if [[ " $DATASETS " == *" national "* ]]; then
    rm -rf "$WORK/national-csv"
    "$BUILD/kopa_gen" --data "$root/data" --out "$WORK/national-csv" --scale "$SCALE" >"$WORK/gen.txt"
    remove_db "$WORK/base.db"
    "$KOPA" init --db "$WORK/base.db" >/dev/null
    for k in "${KINDS_BEFORE[@]}"; do
      local t0 t1 n cpu
      t0=$(now_ns)
      /usr/bin/time -f "%U %S" -o "$WORK/import.cpu" \
        "$KOPA" import --db "$WORK/base.db" --kind "$k" "$WORK/national-csv/$k.csv" >"$WORK/import.out"
      t1=$(now_ns)
      n=$(awk '{print $2}' "$WORK/import.out")
      cpu=$(awk '{print $1 + $2}' "$WORK/import.cpu")
      echo "   $k: $n rows in $(( (t1 - t0) / 1000000 )) ms (CPU ${cpu}s)"
      if [ "$k" = clients ]; then
        record national "import clients (rows/s)" "$(python3 -c "print(round($n / (($t1 - $t0) / 1e9)))")" "" "rows/s"
        record national "import clients (rows per CPU s)" "$(python3 -c "print(round($n / max($cpu, 0.01)))")" "" \
          "rows/s"
      fi
    done
  fi
}

# ----------------------------------------------------------------- import
bench_import() {
  echo "== import of deliveries ($IMPORT_RUNS runs, interleaved with sqlite3 .import)"
  local csv=$WORK/national-csv/deliveries.csv rows
  rows=$(($(wc -l <"$csv") - 1))
  # The floor's table: the delivery table and its indexes as Kopā made them.
  sqlite3 "$WORK/base.db" ".schema delivery" >"$WORK/delivery-schema.sql"
  for r in $(seq 1 "$IMPORT_RUNS"); do
    copy_db "$WORK/base.db" "$WORK/national.db"
    /usr/bin/time -v -o "$WORK/import.time" "$KOPA" import --db "$WORK/national.db" --kind deliveries "$csv" \
      >"$WORK/import.out"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/import.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/import.time")
    local cpu
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/import.time")
    rm -f "$WORK/floor-import.db"
    local fl
    timed fl sqlite3 "$WORK/floor-import.db" ".read $WORK/delivery-schema.sql" ".import --csv --skip 1 $csv delivery"
    fl=($fl)
    local fwall=${fl[0]}
    echo "   run $r: kopa ${wall}s (CPU ${cpu}s, max RSS $((rss / 1024)) MiB), sqlite3 ${fwall}s (CPU ${fl[1]}s)"
    record national "import deliveries (s)" "$wall" "$fwall" s
    record national "import deliveries (CPU s)" "$cpu" "${fl[1]}" s
    record national "import deliveries (rows/s)" "$(python3 -c "print(round($rows / $wall))")" \
      "$(python3 -c "print(round($rows / $fwall))")" "rows/s"
    # Rows per CPU second: what a shared machine's load does not change
    # (the wall-clock rate falls with every other process on the cores).
    record national "import deliveries (rows per CPU s)" "$(python3 -c "print(round($rows / $cpu))")" \
      "$(python3 -c "print(round($rows / ${fl[1]}))")" "rows/s"
    record national "import deliveries peak RSS (MiB)" "$((rss / 1024))" "" MiB
  done
  rm -f "$WORK/floor-import.db"
  for k in "${KINDS_AFTER[@]}"; do
    "$KOPA" import --db "$WORK/national.db" --kind "$k" "$WORK/national-csv/$k.csv" >/dev/null
  done
  echo "   national.db: $(sqlite3 "$WORK/national.db" "SELECT (SELECT COUNT(*) FROM client) || ' clients, ' ||
    (SELECT COUNT(*) FROM delivery) || ' deliveries, ' || (SELECT COUNT(*) FROM assignment) || ' assignments'")"
}

# ------------------------------------------------------------- evaluation
# timed VAR CMD…: runs CMD; VAR gets "WALL CPU" in seconds, CPU being user
# plus system time of CMD and its children. On a machine others share, the
# CPU time is the steadier measure; the table shows both.
timed() {
  local __var=$1 t0 t1 cpu
  shift
  t0=$(now_ns)
  /usr/bin/time -f "%U %S" -o "$WORK/timed.cpu" "$@"
  t1=$(now_ns)
  cpu=$(awk '{print $1 + $2}' "$WORK/timed.cpu")
  printf -v "$__var" '%s %s' "$(python3 -c "print(($t1 - $t0) / 1e9)")" "$cpu"
}

# eval_pair DS WHAT REGION FORMAT: Kopā then the floor, one run each.
eval_pair() {
  local ds=$1 what=$2 region=$3 format=$4 db=$WORK/$1.db k f
  timed k "$KOPA" report evaluation --db "$db" --region "$region" --at "$AT" --format "$format" \
    --out "$WORK/eval.$format"
  timed f sqlite3 -bail "$db" '.parameter init' ".parameter set @at \"'$AT'\"" \
    ".parameter set @region \"'$region'\"" ".output /dev/null" ".read $here/floor/evaluation.sql"
  k=($k)
  f=($f)
  record "$ds" "$what (s)" "${k[0]}" "${f[0]}" s
  record "$ds" "$what (CPU s)" "${k[1]}" "${f[1]}" s
  echo "   $what: kopa ${k[0]}s (CPU ${k[1]}s), floor ${f[0]}s (CPU ${f[1]}s)"
}

bench_evaluation() {
  local ds=$1
  echo "== evaluation on $ds ($RUNS runs, interleaved with bench/floor/evaluation.sql)"
  for r in $(seq 1 "$RUNS"); do
    echo "   run $r"
    eval_pair "$ds" "evaluation ALL, CSV" ALL csv
    eval_pair "$ds" "evaluation ALL, PDF" ALL pdf
    eval_pair "$ds" "evaluation $REGION, CSV" "$REGION" csv
  done
}

# ------------------------------------------------------------------ pages
PORT_KOPA=${BENCH_PORT:-18480}
PORT_FLOOR=$((PORT_KOPA + 1))
SERVER_PIDS=()
stop_servers() {
  for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${SERVER_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  SERVER_PIDS=()
}
trap stop_servers EXIT

wait_port() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "bench: nothing answers on port $1" >&2
  return 1
}

# After a run the server may still be working through requests that wrk
# gave up on; the next run must not pay for them. Waits (at most 2 minutes)
# until the server process uses no CPU for a quarter of a second.
settle() { # PID
  local a b
  for _ in $(seq 1 480); do
    a=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    sleep 0.25
    b=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    [ "$a" = "$b" ] && return 0
  done
}

wrk_run() { # URL CONNECTIONS → "rps p99 timeouts errors non2xx"
  wrk -t2 -c"$2" -d"${WRK_SECONDS}s" --timeout 2s -s "$here/floor/session.lua" "$1" 2>&1 |
    awk '/^BENCH/ {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]}
                   print v["rps"], v["p99_ms"], v["timeouts"], v["errors"], v["non2xx"]}'
}

bench_pages() {
  local ds=$1 db=$WORK/$1.db user client
  echo "== pages on $ds (wrk ${WRK_SECONDS}s, $RUNS runs, interleaved with the bare server)"
  local codes
  if [ "$ds" = demo ]; then
    user=sw-bauska
    codes="'0025000', '0400200'"
  else
    codes="'0001000', '0010000'"
    user=bench-sw-riga
    "$KOPA" user add --db "$db" --username "$user" --role social_worker --municipality 0001000 --password-stdin \
      <<<"$PW" >/dev/null 2>&1 || true
  fi
  # A client of the worker's municipality (its records held there today).
  client=$(sqlite3 "$db" "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id
    WHERE m.atvk IN ($codes) ORDER BY c.id LIMIT 1")
  ulimit -n 65536 2>/dev/null || true
  "$KOPA" serve --db "$db" --listen "127.0.0.1:$PORT_KOPA" --quiet >"$WORK/serve.log" 2>&1 &
  local kpid=$!
  SERVER_PIDS+=("$kpid")
  "$BUILD/kopa_floor_server" "$PORT_FLOOR" 4 >/dev/null &
  local fpid=$!
  SERVER_PIDS+=("$fpid")
  wait_port "$PORT_KOPA"
  wait_port "$PORT_FLOOR"
  local cookie
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$PW\"}" "http://127.0.0.1:$PORT_KOPA/api/v1/login" |
    tr -d '\r' | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && $2 ~ /^kopa_session=/ {print $2; exit}')
  [ -n "$cookie" ] || { echo "bench: could not log in as $user" >&2; return 1; }
  export KOPA_COOKIE=$cookie
  for path in /api/v1/clients /caseload "/clients/$client"; do
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$PORT_KOPA$path")
    [ "$code" = 200 ] || { echo "bench: $path answered $code on $ds" >&2; return 1; }
  done
  for c in $CONNECTIONS; do
    for r in $(seq 1 "$RUNS"); do
      for path in /api/v1/clients /caseload "/clients/$client"; do
        local name=$path k f
        [ "$path" = "/clients/$client" ] && name="/clients/{id}"
        read -r -a k <<<"$(wrk_run "http://127.0.0.1:$PORT_KOPA$path" "$c")"
        settle "$kpid"
        read -r -a f <<<"$(wrk_run "http://127.0.0.1:$PORT_FLOOR$path" "$c")"
        settle "$fpid"
        record "$ds" "GET $name, $c conn. (req/s)" "${k[0]}" "${f[0]}" req/s
        # p99 -1: no request answered within wrk's 2 s timeout.
        record "$ds" "GET $name, $c conn. (p99 ms)" "${k[1]/#-1/2000}" "${f[1]/#-1/2000}" ms
        record "$ds" "GET $name, $c conn. (timeouts+errors+non-2xx)" "$((k[2] + k[3] + k[4]))" \
          "$((f[2] + f[3] + f[4]))" count
        echo "   $c conn. run $r $name: kopa ${k[0]} req/s p99 ${k[1]} ms (timeouts ${k[2]}, errors ${k[3]}," \
          "non-2xx ${k[4]}); floor ${f[0]} req/s p99 ${f[1]} ms"
      done
    done
  done
  # Resident memory after the load, and the peak; the peak includes the
  # password hash's working memory of the one login (64 MiB, freed after).
  local rss hwm
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$kpid/status")
  hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$kpid/status")
  record "$ds" "kopa serve resident after the load (MiB)" "$rss" "" MiB
  record "$ds" "kopa serve peak resident, login included (MiB)" "$hwm" "" MiB
  stop_servers
}

# ------------------------------------------------------------------- main
datasets_ready
if [[ " $PARTS " == *" import "* && " $DATASETS " == *" national "* ]]; then
  bench_import
elif [[ " $DATASETS " == *" national "* ]]; then
  copy_db "$WORK/base.db" "$WORK/national.db"
  for k in deliveries "${KINDS_AFTER[@]}"; do
    "$KOPA" import --db "$WORK/national.db" --kind "$k" "$WORK/national-csv/$k.csv" >/dev/null
  done
fi
for ds in $DATASETS; do
  [[ " $PARTS " == *" evaluation "* ]] && bench_evaluation "$ds"
  [[ " $PARTS " == *" pages "* ]] && bench_pages "$ds"
done

python3 - "$RES" "$WORK/results.md" "$SCALE" "$RUNS" <<'EOF'
import statistics, sys, collections, subprocess
res, out, scale, runs = sys.argv[1:5]
rows = collections.OrderedDict()
for line in open(res):
    ds, what, k, f, unit = line.rstrip("\n").split("\t")
    rows.setdefault((ds, what, unit), []).append((k, f))
def med(xs):
    xs = [float(x) for x in xs if x != ""]
    return statistics.median(xs) if xs else None
def fmt(v, unit):
    if v is None:
        return ""
    if unit == "s":
        return "%.3f s" % v
    if unit == "ms":
        return "%.2f ms" % v
    return "{:,.0f}".format(v).replace(",", " ")
lines = ["| data | what | Kopā | floor | ratio |", "|---|---|---|---|---|"]
for (ds, what, unit), vals in rows.items():
    k = med([v[0] for v in vals]); f = med([v[1] for v in vals])
    ratio = ""
    if k is not None and f:
        if unit in ("req/s", "rows/s"):
            ratio = "%.0f %%" % (100.0 * k / f)
        elif unit in ("s", "ms"):
            ratio = "%.1f×" % (k / f)
    lines.append("| %s | %s | %s | %s | %s |" % (ds, what, fmt(k, unit), fmt(f, unit), ratio))
cpu = ""
for l in open("/proc/cpuinfo"):
    if l.startswith("model name"):
        cpu = l.split(":", 1)[1].strip(); break
mem = ""
for l in open("/proc/meminfo"):
    if l.startswith("MemTotal"):
        mem = "%.1f GiB" % (int(l.split()[1]) / 1048576); break
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
head = ["Machine: %s, %s cores (nproc), %s RAM. National data at scale %s; medians of %s runs "
        "(ratios: time Kopā/floor, rate Kopā as a share of the floor)." % (cpu, nproc, mem, scale, runs), ""]
text = "\n".join(head + lines) + "\n"
open(out, "w").write(text)
print(text)
EOF
