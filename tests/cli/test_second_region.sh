#!/usr/bin/env bash
# A second region, written by hand: tests/data/kurzeme/ holds a small
# Kurzeme dataset (31 people, both sides of the 2021 reform and of three
# DI-plan amendments, a move, a death, a cancelled and a suspended
# assignment, an ended plan, a cancelled DI object, entered indicator
# values) in the import format, and expected.csv the figures of
# `kopa report evaluation` at four dates, counted by hand from the rows
# (tests/data/kurzeme/README.md says how). Not from the demo builder and
# not from the program's output: this is the test that is not circular.
#
# A fresh database gets the stock catalogues (`kopa init`), the files go in
# through `kopa import` in the documented order (docs/import.md), and for
# every date the CSV report must give every expected figure — an expected 0
# may be a row the report leaves out — and no figure other than 0 that is
# not expected. Every difference is listed with its date, section,
# territory, item and measure. The JSON and HTML renderings of the same
# report must succeed too.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
export KOPA_DATA_DIR="$SRC/data"
DATA="$SRC/tests/data/kurzeme"
REGION=KPR
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-second-region}"
rm -rf "$T"
mkdir -p "$T/out"
fail() { echo "test_second_region: FAILED: $*" >&2; exit 1; }

# The order of docs/import.md ("The order of import"); kinds without a file
# are skipped.
KINDS=(clients former_codes residences client_corrections client_moves case_status
       representatives assessments providers facilities facility_services
       support_plans plan_items assignments deliveries assignment_changes plan_endings
       projects payment_requests compensation_payments plan_objects plan_amendments
       plan_object_changes cooperation indicators indicator_values)

. "$SRC/tests/support/db.sh"
db_setup "$T"
db_fresh kurzeme
DB=$(db kurzeme)
"$KOPA" init --db "$DB" >"$T/init.out" 2>&1 || { cat "$T/init.out" >&2; fail "kopa init"; }
imported=0
for k in "${KINDS[@]}"; do
  f="$DATA/$k.csv"
  [ -f "$f" ] || continue
  "$KOPA" import --db "$DB" --kind "$k" "$f" >"$T/import.out" 2>"$T/import.err" \
    || { cat "$T/import.err" >&2; fail "kopa import --kind $k $f was refused"; }
  rows=$(($(wc -l <"$f") - 1))
  grep -q "imported $rows rows of $k" "$T/import.out" \
    || { cat "$T/import.out" >&2; fail "$k: expected 'imported $rows rows of $k'"; }
  imported=$((imported + 1))
done
[ "$imported" -ge 25 ] || fail "only $imported kinds imported from $DATA"

# The dates of expected.csv, each reported once.
dates=$(tail -n +2 "$DATA/expected.csv" | cut -d, -f1 | sort -u)
[ "$(echo "$dates" | wc -l)" -ge 4 ] || fail "expected.csv has fewer than 4 dates"
for d in $dates; do
  "$KOPA" report evaluation --db "$DB" --region "$REGION" --at "$d" --format csv \
    >"$T/out/$d.csv" 2>"$T/out/$d.err" || { cat "$T/out/$d.err" >&2; fail "report at $d"; }
done

# compare EXPECTED: every figure of EXPECTED against the reports in $T/out.
compare() { python3 - "$1" "$T/out" <<'EOF'
import csv, os, sys
expected_file, outdir = sys.argv[1], sys.argv[2]
KEY = ("section", "municipality", "target_group", "item", "measure", "period")

def is_zero(v):
    try:
        return float(v) == 0
    except ValueError:
        return False

expected = {}
with open(expected_file, encoding="utf-8", newline="") as f:
    for line, r in enumerate(csv.DictReader(f), start=2):
        k = (r["date"], r["section"], r["territory"], r["target_group"], r["item"], r["measure"], r["period"])
        if k in expected:
            sys.exit(f"expected.csv:{line}: figure listed twice: {k}")
        expected[k] = (r["value"], line)

dates = sorted({k[0] for k in expected})
problems, checked = [], 0
for d in dates:
    got = {}
    with open(os.path.join(outdir, d + ".csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or list(rows[0].keys())[:7] != list(KEY) + ["value"]:
        problems.append(f"{d}: the report's CSV header is not {','.join(KEY)},value")
        continue
    for r in rows:
        k = (d,) + tuple(r[c] for c in KEY)
        if k in got:
            problems.append(f"{d}: the report prints {k[1:]} twice ({got[k]} and {r['value']})")
        got[k] = r["value"]
    for k, (want, line) in expected.items():
        if k[0] != d:
            continue
        checked += 1
        have = got.get(k)
        if have is None and is_zero(want):
            continue  # an expected 0 the report leaves out
        if have != want:
            where = k[2] or "region"
            period = f" period {k[6]}" if k[6] else ""
            problems.append(f"{d} {k[1]} [{where}] {k[3] or '-'}/{k[4]} {k[5]}{period}: expected {want}, "
                            f"report says {have if have is not None else '(no row)'} (expected.csv:{line})")
    for k, have in got.items():
        if k not in expected and not is_zero(have):
            where = k[2] or "region"
            period = f" period {k[6]}" if k[6] else ""
            problems.append(f"{d} {k[1]} [{where}] {k[3] or '-'}/{k[4]} {k[5]}{period}: "
                            f"report says {have}, expected.csv has no such figure")
if problems:
    print(f"{len(problems)} figure(s) differ from expected.csv:", file=sys.stderr)
    for p in problems:
        print("  " + p, file=sys.stderr)
    sys.exit(1)
print(f"test_second_region: {checked} expected figures at {len(dates)} dates match")
EOF
}

# The comparison can fail: a changed value and a figure left out of a copy
# of expected.csv are both named.
awk -F, 'BEGIN { OFS = "," }
  $1 == "2021-12-31" && $2 == "erdf_funding" && $3 == "Kuldīgas novads" { $8 = "1.00" }
  $1 == "2022-06-30" && $2 == "context" && $3 == "" && $5 == "grt_adults_living" { next }
  { print }' "$DATA/expected.csv" >"$T/mutated.csv"
if compare "$T/mutated.csv" >/dev/null 2>"$T/mutated.err"; then fail "a changed expected.csv still matched"; fi
grep -qF "2021-12-31 erdf_funding [Kuldīgas novads] -/total eur: expected 1.00, report says 380000.00" "$T/mutated.err" \
  || { cat "$T/mutated.err" >&2; fail "the changed value was not named"; }
grep -qE "^  2022-06-30 context \[region\] grt/grt_adults_living persons: report says [0-9]+, expected.csv has no such figure" "$T/mutated.err" \
  || { cat "$T/mutated.err" >&2; fail "the figure left out was not named"; }

compare "$DATA/expected.csv"

# The same report in other formats does not fail on this data.
last=$(echo "$dates" | tail -n 1)
"$KOPA" report evaluation --db "$DB" --region "$REGION" --at "$last" --format json >"$T/out/report.json" 2>"$T/out/json.err" \
  || { cat "$T/out/json.err" >&2; fail "report --format json"; }
python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/out/report.json" \
  || fail "report --format json is not valid JSON"
"$KOPA" report evaluation --db "$DB" --region "$REGION" --at "$last" --format html --out "$T/out/report.html" \
  >/dev/null 2>"$T/out/html.err" || { cat "$T/out/html.err" >&2; fail "report --format html"; }
grep -q "Liepājas valstspilsēta" "$T/out/report.html" || fail "the HTML report does not name Liepājas valstspilsēta"
echo "test_second_region: passed"
