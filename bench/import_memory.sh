#!/usr/bin/env bash
# Memory and output of `kopa import` on a large file: a deliveries file of
# SIZE_MB (default 64) MiB of good rows, and one of the same size where every
# row is bad (two wrong values per row). Prints wall and CPU time, maximum resident
# memory (from /usr/bin/time -v, Debian package "time"), and for the bad
# file how many lines and bytes the import wrote to standard error.
# Expected: peak RSS far below the file size (the file is read as a stream),
# and a few hundred KiB of messages for the bad file (the first 1000
# problems are listed, the rest counted).
# Not run by `make check` (the good import alone takes minutes).
# Usage: bench/import_memory.sh [path/to/kopa] [SIZE_MB]
set -euo pipefail
KOPA=${1:-build/kopa}
SIZE_MB=${2:-64}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export KOPA_DATA_DIR="${KOPA_DATA_DIR:-$here/../data}"
[ -x /usr/bin/time ] || { echo "bench/import_memory.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---- the files: DELIVERIES_PER assignments' worth of rows per assignment,
# dates inside the assignment's year, one unit each (the good file); the bad
# file has the same shape with units 0 and an impossible month.
DELIVERIES_PER=100
bytes=$((SIZE_MB * 1024 * 1024))
awk -v limit="$bytes" -v per="$DELIVERIES_PER" -v good="$TMP/good.csv" -v bad="$TMP/bad.csv" 'BEGIN {
    h = "id,assignment_id,delivered_on,units,confirmed"
    print h > good; print h > bad
    size = length(h) + 1
    for (id = 1; size < limit; id++) {
        a = int((id - 1) / per) + 1; k = (id - 1) % per
        date = sprintf("2020-%02d-%02d", 1 + int(k / 28), 1 + k % 28)
        line = id "," a "," date ",1," (id % 2)
        print line > good
        print id "," a ",2020-13-" sprintf("%02d", 1 + k % 28) ",0," (id % 2) > bad
        size += length(line) + 1
    }
    print id - 1 > "/dev/stderr"
}' 2>"$TMP/rows"
rows=$(cat "$TMP/rows")
assignments=$(((rows + DELIVERIES_PER - 1) / DELIVERIES_PER))

# ---- the database: one client (through the import) and the assignments the
# deliveries go to (directly, as setup: they are not what is measured).
"$KOPA" init --db "$TMP/base.db" >/dev/null
cat >"$TMP/clients.csv" <<'EOF'
id,personal_code,code_since,given_name,family_name,birth_date,municipality,target_group,representative_id,disability_group,special_care_from,parents_working,registered_on
1,161175-19997,,Anna,Ozola,1975-11-16,0400200,grt,,2,,,2019-03-01
EOF
"$KOPA" import --db "$TMP/base.db" --kind clients "$TMP/clients.csv" >/dev/null
sqlite3 "$TMP/base.db" <<SQL
WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $assignments)
INSERT INTO assignment(id, client_id, service_code, start_date, end_date, units, decided_on, esf_funded, status)
SELECT n, 1, 'day_care', '2020-01-01', '2020-12-31', 100000, '2019-12-15', 1, 'active' FROM s;
SQL

printf 'files: %s rows each, good %s bytes, bad %s bytes; %s assignments\n' "$rows" \
  "$(stat -c %s "$TMP/good.csv")" "$(stat -c %s "$TMP/bad.csv")" "$assignments"

# measure NAME FILE EXPECTED_STATUS: one import into a copy of the base.
measure() {
  local name=$1 file=$2 want=$3 status=0
  cp "$TMP/base.db" "$TMP/$name.db"
  cp "$TMP/base.db.key" "$TMP/$name.db.key"
  /usr/bin/time -v -o "$TMP/$name.time" "$KOPA" import --db "$TMP/$name.db" --kind deliveries "$file" \
    >"$TMP/$name.out" 2>"$TMP/$name.err" || status=$?
  [ "$status" = "$want" ] || { head -c 2000 "$TMP/$name.err" >&2; echo "$name: exit $status, expected $want" >&2; exit 1; }
  local rss wall cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/$name.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/$name.time")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$TMP/$name.time")
  printf '%-5s wall %s  CPU %ss  max RSS %.1f MiB  stdout %s  stderr %s lines, %s bytes\n' "$name" "$wall" "$cpu" \
    "$(awk -v k="$rss" 'BEGIN {print k / 1024}')" "$(head -c 80 "$TMP/$name.out" | tr -d '\n')" \
    "$(wc -l <"$TMP/$name.err")" "$(wc -c <"$TMP/$name.err")"
}
measure good "$TMP/good.csv" 0
measure bad "$TMP/bad.csv" 1
tail -n 2 "$TMP/bad.err"
