#!/usr/bin/env bash
# The drill-down adds up (issue 11, item 5): every figure of the evaluation
# equals the total of the records `kopa figures records` lists behind it —
# the number of persons, the sum of the payments, places or values — on the
# demo (Zemgale at two dates, the country) and on the hand-made Kurzeme data
# (tests/data/kurzeme, every date of its expected.csv, and the country). And
# for the Kurzeme region's figures the list's total is the value counted by
# hand in expected.csv, not the program's own figure.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
export KOPA_DATA_DIR="$SRC/data"
DATA="$SRC/tests/data/kurzeme"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-figure-records}"
rm -rf "$T"
mkdir -p "$T"
fail() { echo "test_figure_records: FAILED: $*" >&2; exit 1; }

. "$SRC/tests/support/db.sh"
db_setup "$T"
db_demo demo >/dev/null 2>&1 || fail "kopa demo"
db_fresh kpr
"$KOPA" init --db "$(db kpr)" >/dev/null 2>&1 || fail "kopa init"
for k in clients former_codes residences client_corrections client_moves case_status representatives assessments \
         providers facilities facility_services support_plans plan_items assignments deliveries assignment_changes \
         plan_endings projects payment_requests compensation_payments plan_objects plan_amendments \
         plan_object_changes cooperation indicators indicator_values; do
  f="$DATA/$k.csv"
  [ -f "$f" ] || continue
  "$KOPA" import --db "$(db kpr)" --kind "$k" "$f" >/dev/null 2>"$T/import.err" || { cat "$T/import.err" >&2; fail "import $k"; }
done

check() { # db region date
  "$KOPA" figures check --db "$1" --region "$2" --at "$3" >"$T/check.out" 2>&1 \
    || { cat "$T/check.out" >&2; fail "figures of $2 at $3 differ from their records"; }
  grep -Eq '^[0-9]+ figures checked, 0 differ' "$T/check.out" || { cat "$T/check.out" >&2; fail "check output"; }
  n=$(awk '/figures checked/ {print $1}' "$T/check.out")
  [ "$n" -ge 100 ] || fail "only $n figures of $2 at $3 checked"
}
check "$(db demo)" ZPR 2021-12-31
check "$(db demo)" ZPR 2019-06-30
check "$(db demo)" ALL 2021-12-31
dates=$(tail -n +2 "$DATA/expected.csv" | cut -d, -f1 | sort -u)
for d in $dates; do check "$(db kpr)" KPR "$d"; done
check "$(db kpr)" ALL 2021-12-31

# The region's hand-counted figures (territory empty in expected.csv; shares
# and rates are not lists): the list behind each adds up to the hand count.
compared=0
while IFS=, read -r date section territory tg item measure period value _; do
  [ "$date" = date ] && continue
  [ -z "$territory" ] || continue
  # Shares and rates per 1 000 list their count's records (compared as the
  # count); a population has no records (data/population.csv).
  case "$measure" in pct | per_1000 | inhabitants) continue ;; esac
  # An expected 0 may be a figure the report leaves out (no list then).
  [ -f "$T/report-$date.csv" ] || "$KOPA" report evaluation --db "$(db kpr)" --region KPR --at "$date" \
    --format csv >"$T/report-$date.csv" 2>/dev/null
  if [[ "$value" =~ ^0(\.00)?$ ]] && ! grep -q "^$section,,$tg,$item,$measure,$period," "$T/report-$date.csv"; then
    continue
  fi
  ref="$section.$tg.$item.$measure.${period:-0}"
  out=$("$KOPA" figures records --db "$(db kpr)" --region KPR --at "$date" --figure "$ref" 2>&1) \
    || fail "figures records $ref at $date: $out"
  total=$(echo "$out" | tail -1 | sed -E 's/^[0-9]+ records, total ([^ ]+).*/\1/')
  [ "$total" = "$value" ] || fail "$ref at $date: the records add up to $total, counted by hand $value"
  if [ "$measure" = persons ]; then
    rows=$(echo "$out" | tail -1 | awk '{print $1}')
    [ "$rows" = "$value" ] || fail "$ref at $date: $rows persons listed, counted by hand $value"
    # Persons are listed by pseudonym on the command line, never by id.
    echo "$out" | awk -F, 'NR > 1 && $1 == "person" && ($2 != "0" || length($3) != 16 || $3 ~ /[^0-9a-f]/) {bad = 1} END {exit bad}' \
      || fail "$ref at $date: a person listed without a pseudonym or with an id"
  fi
  compared=$((compared + 1))
done <"$DATA/expected.csv"
[ "$compared" -ge 150 ] || fail "only $compared hand-counted figures compared"

# Bad input is named.
set +e
"$KOPA" figures records --db "$(db kpr)" --region KPR --at 2021-12-31 --figure nonsense >/dev/null 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q -- "--figure 'nonsense' names no figure" "$T/err" || fail "bad --figure not refused"
set +e
"$KOPA" figures check --db "$(db kpr)" --region XXX --at 2021-12-31 >/dev/null 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown region not refused"
echo "test_figure_records: ok ($compared hand-counted figures)"
