#!/usr/bin/env bash
# kopa import of services over time: assignment changes (end, suspend,
# cancel) and plan endings go in and come back out byte for byte; a row
# naming a record that does not exist is refused on that column ("no such
# record"), for every reference column tried; a delivery during a
# suspension, after a cancellation or an end, or above its
# assignment is refused with file, line and column.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-import-services}"
rm -rf "$T"
mkdir -p "$T/in" "$T/e1" "$T/e2"
fail() { echo "test_import_services: FAILED: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }
. "${KOPA_SRC:-$here/../..}/tests/support/db.sh"
db_setup "$T"
new_db() { db_fresh "$1"; "$KOPA" init --db "$(db "$1")" >/dev/null; } # NAME (tests/support/db.sh)
KINDS=(clients providers support_plans plan_items assignments deliveries assignment_changes plan_endings)

cat >"$T/in/clients.csv" <<'EOF'
id,personal_code,given_name,family_name,birth_date,municipality,target_group,registered_on
1,161175-19997,Anna,Ozola,1975-11-16,0406400,grt,2019-03-01
2,121282-11210,Ilze,Bērziņa,1982-12-12,0406400,grt,2019-03-01
EOF
cat >"$T/in/providers.csv" <<'EOF'
id,name,reg_no,municipality,registered_on
1,Dienas centrs,40008000001,0406400,2015-01-01
EOF
cat >"$T/in/support_plans.csv" <<'EOF'
id,client_id,version,status,goals,review_on,created_on,approved_on
1,1,1,approved,Dienas aprūpe,2021-01-01,2020-01-05,2020-01-10
EOF
cat >"$T/in/plan_items.csv" <<'EOF'
id,plan_id,service,volume,provider_id,start_date,end_date,goal
1,1,day_care,200,1,2020-01-15,2020-12-31,
EOF
cat >"$T/in/assignments.csv" <<'EOF'
id,client_id,plan_item_id,service,provider_id,start_date,end_date,units,hours_per_week,mode,decided_on,esf_funded
1,1,1,day_care,1,2020-01-15,2020-12-31,200,,,2020-01-10,1
2,2,,respite,1,2020-07-01,2020-07-10,10,,full,2020-06-15,1
3,2,,respite,1,2020-08-01,2020-08-20,20,,full,2020-07-15,1
EOF
cat >"$T/in/deliveries.csv" <<'EOF'
id,assignment_id,delivered_on,units,confirmed
1,1,2020-02-03,1,1
2,2,2020-07-01,5,1
3,3,2020-08-01,20,1
EOF
cat >"$T/in/assignment_changes.csv" <<'EOF'
assignment_id,action,from_date,to_date,reason
1,end,,2020-10-31,goals reached
1,suspend,2020-03-13,2020-05-31,COVID-19: services stopped
2,cancel,2020-07-06,,"client refused, after 5 days"
EOF
cat >"$T/in/plan_endings.csv" <<'EOF'
plan_id,ended_on,reason
1,2020-11-01,moved to another municipality
EOF

import_all() {
  for k in "${KINDS[@]}"; do
    "$KOPA" import --db "$1" --kind "$k" "$2/$k.csv" >"$T/stdout" 2>"$T/stderr" \
      || { cat "$T/stderr" >&2; fail "import of $2/$k.csv failed"; }
  done
}
export_all() {
  for k in "${KINDS[@]}"; do "$KOPA" export --db "$1" --kind "$k" --out "$2/$k.csv"; done
}
new_db a
import_all "$(db a)" "$T/in"
export_all "$(db a)" "$T/e1"
# The assignment is exported with the end first decided; the early end comes back as a change.
grep -q '^1,1,1,day_care,1,2020-01-15,2020-12-31,' "$T/e1/assignments.csv" || fail "assignment export lost the decided end"
cmp -s "$T/in/assignment_changes.csv" "$T/e1/assignment_changes.csv" || { diff "$T/in/assignment_changes.csv" "$T/e1/assignment_changes.csv" >&2; fail "assignment_changes export differs from what went in"; }
cmp -s "$T/in/plan_endings.csv" "$T/e1/plan_endings.csv" || fail "plan_endings export differs"
ok
new_db b
import_all "$(db b)" "$T/e1"
export_all "$(db b)" "$T/e2"
diff -r "$T/e1" "$T/e2" >&2 || fail "export → import → export is not byte-identical"
ok

# refused KIND CONTENT EXPECTED: the file is refused, naming EXPECTED.
refused() {
  printf '%s\n' "$2" >"$T/bad.csv"
  local status=0
  "$KOPA" import --db "$(db a)" --kind "$1" "$T/bad.csv" >"$T/stdout" 2>"$T/stderr" || status=$?
  [ "$status" = 1 ] || { cat "$T/stderr" >&2; fail "$1: exited $status, expected 1"; }
  grep -qF -- "$3" "$T/stderr" || { cat "$T/stderr" >&2; fail "$1: expected '$3'"; }
  ok
}
NSR="no such record: check the number"
refused residences $'id,client_id,kind,start_date\n,99,family,2020-01-01' "bad.csv:2: column 'client_id' (value '99'): $NSR"
refused assessments $'id,client_id,round,assessed_on,place\n,99,1,2020-01-01,family' "bad.csv:2: column 'client_id' (value '99'): $NSR"
refused support_plans $'id,client_id,created_on\n,99,2020-01-01' "bad.csv:2: column 'client_id' (value '99'): $NSR"
refused plan_items $'id,plan_id,service,volume,start_date,end_date\n,99,day_care,1,2020-01-01,2020-01-02' "bad.csv:2: column 'plan_id' (value '99'): $NSR"
refused assignments $'id,client_id,service,start_date,end_date,units,decided_on\n,99,day_care,2020-01-01,2020-01-02,1,2020-01-01' "bad.csv:2: column 'client_id' (value '99'): $NSR"
refused assignments $'id,client_id,plan_item_id,service,start_date,end_date,units,decided_on\n,1,99,day_care,2020-01-01,2020-01-02,1,2020-01-01' "bad.csv:2: column 'plan_item_id' (value '99'): $NSR"
refused deliveries $'id,assignment_id,delivered_on,units\n,99,2020-01-01,1' "bad.csv:2: column 'assignment_id' (value '99'): $NSR"
refused assignment_changes $'assignment_id,action,from_date,to_date,reason\n99,cancel,2020-01-01,,x' "bad.csv:2: column 'assignment_id' (value '99'): $NSR"
refused plan_endings $'plan_id,ended_on,reason\n99,2020-01-01,x' "bad.csv:2: column 'plan_id' (value '99'): $NSR"
refused former_codes $'id,client_id,personal_code,valid_from,valid_to\n,99,290156-11605,2019-01-01,2019-12-31' "bad.csv:2: column 'client_id' (value '99'): $NSR"
refused facilities $'id,provider_id,name,address,municipality,opened_on\n,99,X,Y,0406400,2020-01-01' "bad.csv:2: column 'provider_id' (value '99'): $NSR"
# Deliveries on a suspended day, after a cancellation, above the yearly rule.
refused deliveries $'id,assignment_id,delivered_on,units\n,1,2020-04-01,1' "bad.csv:2: column 'delivered_on' (value '2020-04-01'): the assignment is suspended from 13.03.2020 until 31.05.2020 (COVID-19: services stopped)"
refused deliveries $'id,assignment_id,delivered_on,units\n,2,2020-07-07,1' "bad.csv:2: column 'delivered_on' (value '2020-07-07'): the assignment is cancelled from 06.07.2020"
refused deliveries $'id,assignment_id,delivered_on,units\n,1,2020-11-02,1' "bad.csv:2: column 'delivered_on' (value '2020-11-02'): the date is outside the assignment"
# Above the assignment: 5 granted, 6 asked; then 5 and 1 more in one file (the first row counts for the second).
printf 'id,client_id,service,start_date,end_date,units,mode,decided_on\n4,2,respite,2020-12-01,2020-12-05,5,full,2020-11-20\n' >"$T/a4.csv"
"$KOPA" import --db "$(db a)" --kind assignments "$T/a4.csv" >/dev/null 2>"$T/stderr" || { cat "$T/stderr" >&2; fail "assignment 4"; }
refused deliveries $'id,assignment_id,delivered_on,units\n,4,2020-12-01,6' "bad.csv:2: column 'units' (value '6'): more than granted"
refused deliveries $'id,assignment_id,delivered_on,units\n,4,2020-12-01,5\n,4,2020-12-02,1' "column 'units' (value '1'): more than granted"
ok
echo "test_import_services: $checks checks passed"
