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
# PostgreSQL (BENCH_BACKENDS="sqlite pg", make bench-pg): the same rows on
# a throwaway cluster (scripts/pg-test-cluster, durable settings: fsync and
# synchronous commit on, as SQLite's synchronous=FULL), stopped whatever
# happens. The demo moves there with kopa migrate, the national data is
# loaded with kopa import as on SQLite; the floors are the same plain SQL in
# psql (bench/floor/evaluation-pg.sql) and COPY of the same CSV into a table
# made LIKE delivery INCLUDING ALL (its indexes). The table has a backend
# column; each row's SQLite and PostgreSQL lines sit together. On
# PostgreSQL a CPU time is the client's plus the server processes' that
# served it (the postmaster's reaped children; autovacuum's work then
# counts too); the statistics are autovacuum's, as in production.
#
# Environment: BENCH_SCALE (national data scale, default 1: ~30 000 clients,
# ~1 M deliveries), BENCH_RUNS (3), BENCH_IMPORT_RUNS (BENCH_RUNS),
# BENCH_WRK_SECONDS (5), BENCH_CONNECTIONS ("100 200"), BENCH_BUILD
# (build-bench), BENCH_DIR (where the data and results go; default
# $BENCH_BUILD/bench), BENCH_DATASETS ("demo national"), BENCH_PARTS
# ("import evaluation pages"), BENCH_BACKENDS ("sqlite"; "sqlite pg" or
# "pg" add PostgreSQL). Needs wrk and /usr/bin/time, and for pg Debian's
# postgresql and postgresql-client (scripts/install-deps --bench).
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
BACKENDS=${BENCH_BACKENDS:-sqlite}
WORK=${BENCH_DIR:-$BUILD/bench}
AT=2021-12-31
REGION=ZPR
PW='Zvaigzne-Lauva-4417-Mezs'
export KOPA_DATA_DIR="$root/data"

for tool in wrk sqlite3 python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: needs $tool (scripts/install-deps --bench)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (scripts/install-deps --bench)" >&2; exit 2; }
on() { [[ " $BACKENDS " == *" $1 "* ]]; }
if on pg; then
  command -v psql >/dev/null || { echo "bench: needs psql (scripts/install-deps --bench)" >&2; exit 2; }
fi

# ------------------------------------------------------------------ build
echo "== build ($BUILD)"
cmake -S "$root" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target kopa kopa_gen kopa_floor_server >/dev/null
KOPA=$BUILD/kopa
mkdir -p "$WORK"
RES=$WORK/results.tsv
: >"$RES"
# record DATASET BACKEND WHAT KOPA_VALUE FLOOR_VALUE UNIT
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RES"; }

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

# ------------------------------------------------------------- PostgreSQL
# The throwaway cluster (BENCH_BACKENDS with pg): a database per dataset
# (demo, national), nat_base (the national data before the deliveries, the
# template of each import run) and floor (the COPY floor's).
PGDIR=""
PGURL=""
pg_url() { printf '%s' "${PGURL/\/postgres\?/\/$1?}"; }
pg_psql() { # DATABASE psql-arguments…
  local db=$1
  shift
  PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_url "$db")" "$@"
}
pg_fresh() { # NAME [TEMPLATE]: the database NAME, empty or a copy of TEMPLATE
  pg_psql postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1${2:+ TEMPLATE $2}"
}
pg_start() {
  echo "== PostgreSQL: a throwaway cluster"
  PGDIR=$(mktemp -d /tmp/kopa-bench-pg.XXXXXX)
  PGURL=$(PG_TEST_CLUSTER_DURABLE=1 "$root/scripts/pg-test-cluster" start "$PGDIR")
  echo "   $PGURL ($(pg_psql postgres -At -c 'SHOW server_version'))"
}
pg_stop() {
  [ -z "$PGDIR" ] || "$root/scripts/pg-test-cluster" stop "$PGDIR" || true
  PGDIR=""
}
# CPU seconds of the cluster's processes that have ended (each session's
# server process is the postmaster's child, reaped when its client leaves).
pg_server_cpu() {
  local pid
  pid=$(head -1 "$PGDIR/data/postmaster.pid")
  awk -v hz="$(getconf CLK_TCK)" '{print ($16 + $17) / hz}' "/proc/$pid/stat"
}

# The database a dataset lives in on a backend (--db), and its key file.
db_of() { # DATASET BACKEND
  if [ "$2" = pg ]; then pg_url "$1"; else printf '%s' "$WORK/$1.db"; fi
}
key_of() { # DATASET
  if [ "$1" = demo ]; then printf '%s' "$WORK/demo.db.key"; else printf '%s' "$WORK/pg-national.key"; fi
}
# kopa_on DATASET BACKEND ARGS…: kopa with the dataset's key file (a
# PostgreSQL database has none beside it: KOPA_KEY_FILE names it).
kopa_on() {
  local ds=$1 be=$2
  shift 2
  if [ "$be" = pg ]; then
    env KOPA_KEY_FILE="$(key_of "$ds")" "$KOPA" "$@"
  else
    "$KOPA" "$@"
  fi
}

# --------------------------------------------------------------- datasets
# load_kinds BACKEND DB KIND…: kopa import of each kind into DB (the
# national key), timing the clients.
load_kinds() {
  local be=$1 db=$2
  shift 2
  for k in "$@"; do
    local t0 t1 n cpu s0=0 s1=0
    if [ "$be" = pg ]; then s0=$(pg_server_cpu); fi
    t0=$(now_ns)
    local cmd=("$KOPA")
    [ "$be" = pg ] && cmd=(env KOPA_KEY_FILE="$(key_of national)" "$KOPA")
    /usr/bin/time -f "%U %S" -o "$WORK/import.cpu" \
      "${cmd[@]}" import --db "$db" --kind "$k" "$WORK/national-csv/$k.csv" >"$WORK/import.out"
    t1=$(now_ns)
    if [ "$be" = pg ]; then
      sleep 0.3
      s1=$(pg_server_cpu)
    fi
    n=$(awk '{print $2}' "$WORK/import.out")
    cpu=$(python3 -c "print(round($(awk '{print $1 + $2}' "$WORK/import.cpu") + $s1 - $s0, 2))")
    echo "   $be $k: $n rows in $(( (t1 - t0) / 1000000 )) ms (CPU ${cpu}s)"
    if [ "$k" = clients ]; then
      record national "$be" "import clients (rows/s)" "$(python3 -c "print(round($n / (($t1 - $t0) / 1e9)))")" "" "rows/s"
      record national "$be" "import clients (rows per CPU s)" "$(python3 -c "print(round($n / max($cpu, 0.01)))")" "" \
        "rows/s"
    fi
  done
}

datasets_ready() {
  echo "== datasets"
  on pg && pg_start
  if [[ " $DATASETS " == *" demo "* ]]; then
    remove_db "$WORK/demo.db"
    "$KOPA" demo --db "$WORK/demo.db" --demo-password "$PW" >/dev/null
    if on pg; then
      pg_fresh demo
      kopa_on demo pg migrate --from "$WORK/demo.db" --to "$(pg_url demo)" >"$WORK/migrate-demo.txt"
      echo "   demo on PostgreSQL: $(grep -c . "$WORK/migrate-demo.txt") lines of kopa migrate's report in $WORK/migrate-demo.txt"
    fi
  fi
  if [[ " $DATASETS " == *" national "* ]]; then
    rm -rf "$WORK/national-csv"
    "$BUILD/kopa_gen" --data "$root/data" --out "$WORK/national-csv" --scale "$SCALE" >"$WORK/gen.txt"
    if on sqlite; then
      remove_db "$WORK/base.db"
      "$KOPA" init --db "$WORK/base.db" >/dev/null
      load_kinds sqlite "$WORK/base.db" "${KINDS_BEFORE[@]}"
    fi
    if on pg; then
      pg_fresh nat_base
      rm -f "$(key_of national)"
      kopa_on national pg init --db "$(pg_url nat_base)" >/dev/null
      load_kinds pg "$(pg_url nat_base)" "${KINDS_BEFORE[@]}"
    fi
  fi
}

# ----------------------------------------------------------------- import
# wall/RSS/CPU of the /usr/bin/time -v report in $WORK/import.time
time_field() {
  case $1 in
  wall) awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/import.time" ;;
  rss) awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/import.time" ;;
  cpu) awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$WORK/import.time" ;;
  esac
}

record_import() { # BACKEND ROWS WALL CPU RSS_KIB FLOOR_WALL FLOOR_CPU
  local be=$1 rows=$2 wall=$3 cpu=$4 rss=$5 fwall=$6 fcpu=$7
  record national "$be" "import deliveries (s)" "$wall" "$fwall" s
  record national "$be" "import deliveries (CPU s)" "$cpu" "$fcpu" s
  record national "$be" "import deliveries (rows/s)" "$(python3 -c "print(round($rows / $wall))")" \
    "$(python3 -c "print(round($rows / $fwall))")" "rows/s"
  # Rows per CPU second: what a shared machine's load does not change
  # (the wall-clock rate falls with every other process on the cores).
  record national "$be" "import deliveries (rows per CPU s)" "$(python3 -c "print(round($rows / $cpu))")" \
    "$(python3 -c "print(round($rows / $fcpu))")" "rows/s"
  record national "$be" "import deliveries peak RSS (MiB)" "$((rss / 1024))" "" MiB
}

import_sqlite() { # RUN
  local csv=$WORK/national-csv/deliveries.csv rows wall rss cpu fl
  rows=$(($(wc -l <"$csv") - 1))
  copy_db "$WORK/base.db" "$WORK/national.db"
  /usr/bin/time -v -o "$WORK/import.time" "$KOPA" import --db "$WORK/national.db" --kind deliveries "$csv" \
    >"$WORK/import.out"
  wall=$(time_field wall)
  rss=$(time_field rss)
  cpu=$(time_field cpu)
  rm -f "$WORK/floor-import.db"
  timed fl sqlite3 "$WORK/floor-import.db" ".read $WORK/delivery-schema.sql" ".import --csv --skip 1 $csv delivery"
  fl=($fl)
  rm -f "$WORK/floor-import.db"
  echo "   run $1 SQLite: kopa ${wall}s (CPU ${cpu}s, max RSS $((rss / 1024)) MiB), sqlite3 ${fl[0]}s (CPU ${fl[1]}s)"
  record_import sqlite "$rows" "$wall" "$cpu" "$rss" "${fl[0]}" "${fl[1]}"
}

# PostgreSQL: each run imports into a fresh copy of nat_base; the floor is
# psql's \copy of the same file into a table LIKE delivery INCLUDING ALL
# (columns, defaults, identity, checks and indexes; no foreign key, as
# sqlite3 enforces none) in another copy.
import_pg() { # RUN
  local csv=$WORK/national-csv/deliveries.csv rows wall rss cpu fl s0 s1
  rows=$(($(wc -l <"$csv") - 1))
  pg_fresh national nat_base
  s0=$(pg_server_cpu)
  /usr/bin/time -v -o "$WORK/import.time" env KOPA_KEY_FILE="$(key_of national)" \
    "$KOPA" import --db "$(pg_url national)" --kind deliveries "$csv" >"$WORK/import.out"
  sleep 0.3
  s1=$(pg_server_cpu)
  wall=$(time_field wall)
  rss=$(time_field rss)
  cpu=$(python3 -c "print(round($(time_field cpu) + $s1 - $s0, 2))")
  pg_fresh floor nat_base
  pg_psql floor -c "CREATE TABLE floor_delivery (LIKE delivery INCLUDING ALL)"
  timed_pg fl psql -X -q -v ON_ERROR_STOP=1 -d "$(pg_url floor)" \
    -c "\\copy floor_delivery ($(head -1 "$csv")) FROM '$csv' WITH (FORMAT csv, HEADER true)"
  fl=($fl)
  pg_psql postgres -c "DROP DATABASE floor"
  echo "   run $1 PostgreSQL: kopa ${wall}s (CPU ${cpu}s with the server's, max RSS $((rss / 1024)) MiB)," \
    "COPY ${fl[0]}s (CPU ${fl[1]}s)"
  record_import pg "$rows" "$wall" "$cpu" "$rss" "${fl[0]}" "${fl[1]}"
}

bench_import() {
  echo "== import of deliveries ($IMPORT_RUNS runs, interleaved with sqlite3 .import / COPY)"
  # The SQLite floor's table: the delivery table and its indexes as Kopā made them.
  on sqlite && sqlite3 "$WORK/base.db" ".schema delivery" >"$WORK/delivery-schema.sql"
  for r in $(seq 1 "$IMPORT_RUNS"); do
    on sqlite && import_sqlite "$r"
    on pg && import_pg "$r"
  done
  after_deliveries
}

# The rest of the national data, after the deliveries.
after_deliveries() {
  for k in "${KINDS_AFTER[@]}"; do
    on sqlite && "$KOPA" import --db "$WORK/national.db" --kind "$k" "$WORK/national-csv/$k.csv" >/dev/null
    on pg && kopa_on national pg import --db "$(pg_url national)" --kind "$k" "$WORK/national-csv/$k.csv" >/dev/null
  done
  local q="SELECT (SELECT COUNT(*) FROM client) || ' clients, ' || (SELECT COUNT(*) FROM delivery) || ' deliveries, ' ||
    (SELECT COUNT(*) FROM assignment) || ' assignments'"
  on sqlite && echo "   national.db: $(sqlite3 "$WORK/national.db" "$q")"
  on pg && echo "   national on PostgreSQL: $(pg_psql national -At -c "$q")"
  return 0
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
# timed_pg VAR CMD…: as timed, the CPU time of the server processes that
# served CMD added.
timed_pg() {
  local __pvar=$1 s0 s1 w
  shift
  s0=$(pg_server_cpu)
  timed w "$@"
  sleep 0.3
  s1=$(pg_server_cpu)
  w=($w)
  printf -v "$__pvar" '%s %s' "${w[0]}" "$(python3 -c "print(round(${w[1]} + $s1 - $s0, 2))")"
}

# eval_pair DS BACKEND WHAT REGION FORMAT: Kopā then the floor, one run each.
eval_pair() {
  local ds=$1 be=$2 what=$3 region=$4 format=$5 k f
  if [ "$be" = pg ]; then
    timed_pg k env KOPA_KEY_FILE="$(key_of "$ds")" "$KOPA" report evaluation --db "$(pg_url "$ds")" \
      --region "$region" --at "$AT" --format "$format" --out "$WORK/eval.$format"
    timed_pg f psql -X -q -v ON_ERROR_STOP=1 -v at="$AT" -v region="$region" -o /dev/null \
      -f "$here/floor/evaluation-pg.sql" -d "$(pg_url "$ds")"
  else
    local db=$WORK/$ds.db
    timed k "$KOPA" report evaluation --db "$db" --region "$region" --at "$AT" --format "$format" \
      --out "$WORK/eval.$format"
    timed f sqlite3 -bail "$db" '.parameter init' ".parameter set @at \"'$AT'\"" \
      ".parameter set @region \"'$region'\"" ".output /dev/null" ".read $here/floor/evaluation.sql"
  fi
  k=($k)
  f=($f)
  record "$ds" "$be" "$what (s)" "${k[0]}" "${f[0]}" s
  record "$ds" "$be" "$what (CPU s)" "${k[1]}" "${f[1]}" s
  echo "   $be $what: kopa ${k[0]}s (CPU ${k[1]}s), floor ${f[0]}s (CPU ${f[1]}s)"
}

bench_evaluation() {
  local ds=$1
  echo "== evaluation on $ds ($RUNS runs, interleaved with the plain-SQL floor)"
  for r in $(seq 1 "$RUNS"); do
    echo "   run $r"
    for be in $BACKENDS; do
      eval_pair "$ds" "$be" "evaluation ALL, CSV" ALL csv
      eval_pair "$ds" "$be" "evaluation ALL, PDF" ALL pdf
      eval_pair "$ds" "$be" "evaluation $REGION, CSV" "$REGION" csv
    done
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
cleanup() {
  stop_servers
  pg_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
  local ds=$1 be=$2 db user client
  db=$(db_of "$ds" "$be")
  echo "== pages on $ds, $be (wrk ${WRK_SECONDS}s, $RUNS runs, interleaved with the bare server)"
  local codes
  if [ "$ds" = demo ]; then
    user=sw-bauska
    codes="'0025000', '0400200'"
  else
    codes="'0001000', '0010000'"
    user=bench-sw-riga
    kopa_on "$ds" "$be" user add --db "$db" --username "$user" --role social_worker --municipality 0001000 \
      --password-stdin <<<"$PW" >/dev/null 2>&1 || true
  fi
  # A client of the worker's municipality (its records held there today).
  local q="SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id
    WHERE m.atvk IN ($codes) ORDER BY c.id LIMIT 1"
  if [ "$be" = pg ]; then client=$(pg_psql "$ds" -At -c "$q"); else client=$(sqlite3 "$db" "$q"); fi
  ulimit -n 65536 2>/dev/null || true
  # A simple command (no function, no subshell) so that $! is kopa serve
  # itself: env replaces itself with it.
  local run=("$KOPA")
  [ "$be" = pg ] && run=(env KOPA_KEY_FILE="$(key_of "$ds")" "$KOPA")
  "${run[@]}" serve --db "$db" --listen "127.0.0.1:$PORT_KOPA" --quiet >"$WORK/serve-$be.log" 2>&1 &
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
    [ "$code" = 200 ] || { echo "bench: $path answered $code on $ds ($be)" >&2; return 1; }
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
        record "$ds" "$be" "GET $name, $c conn. (req/s)" "${k[0]}" "${f[0]}" req/s
        # p99 -1: no request answered within wrk's 2 s timeout.
        record "$ds" "$be" "GET $name, $c conn. (p99 ms)" "${k[1]/#-1/2000}" "${f[1]/#-1/2000}" ms
        record "$ds" "$be" "GET $name, $c conn. (timeouts+errors+non-2xx)" "$((k[2] + k[3] + k[4]))" \
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
  record "$ds" "$be" "kopa serve resident after the load (MiB)" "$rss" "" MiB
  record "$ds" "$be" "kopa serve peak resident, login included (MiB)" "$hwm" "" MiB
  stop_servers
}

# ------------------------------------------------------------------- main
datasets_ready
if [[ " $DATASETS " == *" national "* ]]; then
  if [[ " $PARTS " == *" import "* ]]; then
    bench_import
  else
    if on sqlite; then
      copy_db "$WORK/base.db" "$WORK/national.db"
      "$KOPA" import --db "$WORK/national.db" --kind deliveries "$WORK/national-csv/deliveries.csv" >/dev/null
    fi
    if on pg; then
      pg_fresh national nat_base
      kopa_on national pg import --db "$(pg_url national)" --kind deliveries "$WORK/national-csv/deliveries.csv" \
        >/dev/null
    fi
    after_deliveries
  fi
fi
for ds in $DATASETS; do
  [[ " $PARTS " == *" evaluation "* ]] && bench_evaluation "$ds"
  if [[ " $PARTS " == *" pages "* ]]; then
    for be in $BACKENDS; do bench_pages "$ds" "$be"; done
  fi
done

python3 - "$RES" "$WORK/results.md" "$SCALE" "$RUNS" "$BACKENDS" <<'PYEOF'
import statistics, sys, collections, subprocess
res, out, scale, runs, backends = sys.argv[1:6]
names = {"sqlite": "SQLite", "pg": "PostgreSQL"}
order = {b: i for i, b in enumerate(["sqlite", "pg"])}
# (data, what, unit) in the order first measured; within each, the backends
# side by side.
rows = collections.OrderedDict()
for line in open(res):
    ds, be, what, k, f, unit = line.rstrip("\n").split("\t")
    rows.setdefault((ds, what, unit), {}).setdefault(be, []).append((k, f))
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
several = len(backends.split()) > 1
lines = ["| data | what | backend | Kopā | floor | ratio |", "|---|---|---|---|---|---|"]
for (ds, what, unit), per in rows.items():
    for be in sorted(per, key=lambda b: order.get(b, 9)):
        vals = per[be]
        k = med([v[0] for v in vals]); f = med([v[1] for v in vals])
        ratio = ""
        if k is not None and f:
            if unit in ("req/s", "rows/s"):
                ratio = "%.0f %%" % (100.0 * k / f)
            elif unit in ("s", "ms"):
                ratio = "%.1f×" % (k / f)
        lines.append("| %s | %s | %s | %s | %s | %s |" % (ds, what, names.get(be, be), fmt(k, unit), fmt(f, unit), ratio))
cpu = ""
for l in open("/proc/cpuinfo"):
    if l.startswith("model name"):
        cpu = l.split(":", 1)[1].strip(); break
mem = ""
for l in open("/proc/meminfo"):
    if l.startswith("MemTotal"):
        mem = "%.1f GiB" % (int(l.split()[1]) / 1048576); break
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[:3]
floors = "floors: sqlite3 for SQLite"
if "pg" in backends.split():
    floors += ", psql and COPY for PostgreSQL"
head = ["Machine: %s, %s cores (nproc), %s RAM, load average at the end %s. National data at scale %s; "
        "medians of %s runs (ratios: time Kopā/floor, rate Kopā as a share of the floor; %s)."
        % (cpu, nproc, mem, " ".join(load), scale, runs, floors), ""]
text = "\n".join(head + lines) + "\n"
open(out, "w").write(text)
print(text)
PYEOF
