#!/usr/bin/env bash
# The benchmark's synthetic national dataset (bench/gen/kopa_gen.c) imports
# whole through `kopa import`, every kind in the documented order: at
# KOPA_GEN_SCALE (0.1 in the optimised tree: 3 000 clients and about 110 000
# deliveries; less under the sanitizers). Also: the same seed gives the same
# bytes and another seed other data; every territory of the national
# catalogue's five regions is used; records dated before 1 July 2021 name
# territories of 2009-2021 and later ones those of 2021 (the import refuses
# a code not valid on the record's date, so the import itself checks it
# row by row; here we check both kinds occur).
# Environment (set by ctest): KOPA, KOPA_GEN, KOPA_SRC, KOPA_TMP, KOPA_GEN_SCALE.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
KOPA_GEN="${KOPA_GEN:?set KOPA_GEN to the kopa_gen binary}"
SRC="${KOPA_SRC:-$here/../..}"
export KOPA_DATA_DIR="$SRC/data"
SCALE="${KOPA_GEN_SCALE:-0.1}"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-national-import}"
rm -rf "$T"
mkdir -p "$T"
. "$SRC/tests/support/db.sh"
db_setup "$T"
trap 'db_cleanup; rm -rf "$T"' EXIT

checks=0
fail() {
  echo "test_national_import: FAILED: $*" >&2
  exit 1
}
ok() { checks=$((checks + 1)); }

KINDS=(clients former_codes residences assessments providers facilities facility_services support_plans
       plan_items assignments deliveries projects payment_requests compensation_payments plan_objects
       plan_amendments plan_object_changes cooperation indicators indicator_values)

# --------------------------------------------------- usage and determinism
set +e
"$KOPA_GEN" --data "$SRC/data" >/dev/null 2>&1; [ $? = 2 ] || fail "kopa_gen without --out should exit 2"
"$KOPA_GEN" --data "$SRC/data" --out "$T/x" --scale 0 >/dev/null 2>"$T/err"; [ $? = 1 ] || fail "scale 0 accepted"
grep -q -- "--scale" "$T/err" || fail "scale 0: message does not name --scale"
"$KOPA_GEN" --data "$T/nowhere" --out "$T/x" >/dev/null 2>"$T/err"; [ $? = 1 ] || fail "missing data dir accepted"
set -e
ok

"$KOPA_GEN" --data "$SRC/data" --out "$T/a" --scale 0.01 --seed 7 >/dev/null
"$KOPA_GEN" --data "$SRC/data" --out "$T/b" --scale 0.01 --seed 7 >/dev/null
"$KOPA_GEN" --data "$SRC/data" --out "$T/c" --scale 0.01 --seed 8 >/dev/null
for k in "${KINDS[@]}"; do
  cmp -s "$T/a/$k.csv" "$T/b/$k.csv" || fail "seed 7 twice: $k.csv differs"
done
ok
cmp -s "$T/a/clients.csv" "$T/c/clients.csv" && fail "seeds 7 and 8 gave the same clients"
ok
# 30 000 clients at scale 1, so 300 at 0.01.
[ "$(($(wc -l <"$T/a/clients.csv") - 1))" = 300 ] || fail "scale 0.01: expected 300 clients"
ok

# -------------------------------------------------------------- the import
"$KOPA_GEN" --data "$SRC/data" --out "$T/n" --scale "$SCALE" >"$T/gen.out"
db_fresh n
N=$(db n)
"$KOPA" init --db "$N" >/dev/null
for k in "${KINDS[@]}"; do
  "$KOPA" import --db "$N" --kind "$k" "$T/n/$k.csv" >"$T/out" 2>"$T/err" \
    || { head -20 "$T/err" >&2; fail "import of $k refused"; }
  # No value is quoted over two lines: one row a line after the header.
  n=$(($(wc -l <"$T/n/$k.csv") - 1))
  grep -qx "imported $n rows of $k" "$T/out" || fail "import of $k: expected $n rows, got: $(cat "$T/out")"
  [ ! -s "$T/err" ] || { cat "$T/err" >&2; fail "import of $k printed warnings"; }
done
ok

q() { dbq "$N" "$1"; }
clients=$(q "SELECT COUNT(*) FROM client")
want=$(python3 -c "print(max(10, int(30000 * $SCALE + 0.5)))")
[ "$clients" -ge "$want" ] && [ "$clients" -le "$((want + 1))" ] || fail "expected about $want clients, got $clients"
ok
# About 37 deliveries a client at every scale (30 a year of day services
# for those who get them, 1 to 3 years each): between 25 and 50.
deliveries=$(q "SELECT COUNT(*) FROM delivery")
[ "$deliveries" -ge "$((clients * 25))" ] && [ "$deliveries" -le "$((clients * 50))" ] \
  || fail "deliveries per client out of range: $deliveries for $clients clients"
ok
# All five regions, in the records' own territories.
[ "$(q "SELECT COUNT(DISTINCT m.region_code) FROM client c JOIN municipality m ON m.id = c.municipality_id")" = 5 ] \
  || fail "clients are not in all five regions"
ok
# Pre-reform territories before July 2021, the 2021 ones after it.
[ "$(q "SELECT COUNT(*) FROM client c JOIN municipality m ON m.id = c.municipality_id
        WHERE CASE WHEN c.registered_on < '2021-07-01' THEN 1 ELSE 0 END
          <> CASE WHEN m.valid_to = '2021-06-30' THEN 1 ELSE 0 END")" = 0 ] \
  || fail "a client names a territory of the other side of the reform"
[ "$(q "SELECT COUNT(*) FROM client WHERE registered_on < '2021-07-01'")" -gt 0 ] || fail "no client before the reform"
[ "$(q "SELECT COUNT(*) FROM client WHERE registered_on >= '2021-07-01'")" -gt 0 ] || fail "no client after the reform"
ok
# Every target group, and children with their parent as representative.
[ "$(q "SELECT COUNT(DISTINCT target_group) FROM client")" = 4 ] || fail "not every target group"
[ "$(q "SELECT COUNT(*) FROM client c JOIN client p ON p.id = c.representative_id
        WHERE c.target_group = 'ft' AND p.target_group = 'parents'")" -gt 0 ] || fail "no child with a representative"
ok
# Compensation in every region's project; a DI plan in every region.
[ "$(q "SELECT COUNT(DISTINCT j.region_code) FROM compensation_payment p JOIN project j ON j.id = p.project_id")" = 5 ] \
  || fail "compensation not in every region"
[ "$(q "SELECT COUNT(DISTINCT region_code) FROM plan_object")" = 5 ] || fail "plan objects not in every region"
ok
# The evaluation of every region runs on it.
"$KOPA" report evaluation --db "$N" --region ALL --at 2021-12-31 --format csv --out "$T/eval.csv" \
  || fail "the evaluation of ALL failed"
[ -s "$T/eval.csv" ] || fail "the evaluation wrote nothing"
ok

echo "test_national_import: $checks checks passed"
