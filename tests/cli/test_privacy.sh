#!/usr/bin/env bash
# The data-protection commands on the hand-made Kurzeme records
# (tests/data/kurzeme): kopa subject-export holds every record of client 7
# counted from the CSV files by this script and no other client's personal
# code; no personal code reaches standard error; a restricted record refuses
# an import of a change with a message; kopa retention's dry run leaves the
# database as it was, its apply pseudonymises exactly the case closed on or
# before the rule's date (client 7, closed 2022-02-10) and the evaluation of
# past dates stays byte-identical; kopa privacy record writes the Art. 30
# record; bad arguments name the option.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
export KOPA_DATA_DIR="$SRC/data"
DATA="$SRC/tests/data/kurzeme"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-privacy}"
rm -rf "$T"
mkdir -p "$T"
fail() { echo "test_privacy: FAILED: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }
. "$SRC/tests/support/db.sh"
db_setup "$T"
db_fresh kpr
DB=$(db kpr)

"$KOPA" init --db "$DB" >/dev/null 2>&1 || fail "kopa init"
for k in clients former_codes residences client_corrections client_moves case_status representatives assessments \
         providers facilities facility_services support_plans plan_items assignments deliveries assignment_changes \
         plan_endings projects payment_requests compensation_payments plan_objects plan_amendments \
         plan_object_changes cooperation indicators indicator_values; do
  f="$DATA/$k.csv"
  [ -f "$f" ] || continue
  "$KOPA" import --db "$DB" --kind "$k" "$f" >/dev/null 2>"$T/import.err" || { cat "$T/import.err" >&2; fail "import $k"; }
done

# ---- bad arguments name the option ----
bad() { # expected-exit option-named args...
  local want="$1" name="$2"
  shift 2
  set +e
  "$KOPA" "$@" >"$T/bad.out" 2>"$T/bad.err"
  local st=$?
  set -e
  [ "$st" -eq "$want" ] || { cat "$T/bad.err" >&2; fail "kopa $* exited $st, not $want"; }
  grep -q -- "$name" "$T/bad.err" || { cat "$T/bad.err" >&2; fail "kopa $*: the message does not name $name"; }
  ok
}
bad 2 --client subject-export --db "$DB" --client abc
bad 2 --client subject-export --db "$DB" --client 0
bad 2 --format subject-export --db "$DB" --client 7 --format xml
bad 2 --out subject-export --db "$DB" --client 7 --format pdf
bad 2 --db subject-export --client 7
bad 2 --colour subject-export --db "$DB" --client 7 --colour red
bad 1 --client subject-export --db "$DB" --client 999
bad 2 --at retention --db "$DB" --at 2021-13-01
bad 2 --db retention --at 2021-12-01
bad 2 --reason privacy restrict --db "$DB" --client 7
bad 2 --format privacy record --format doc
bad 2 --lang privacy record --lang de
bad 2 retention.csv retention --db "$DB" --data "$T"   # no such file in that folder

# ---- the export of client 7 ----
"$KOPA" subject-export --db "$DB" --client 7 --out "$T/c7.json" 2>"$T/export.err" || fail "subject-export"
[ "$(stat -c %a "$T/c7.json")" = 600 ] || fail "the export is not 0600"; ok
python3 - "$DATA" "$T/c7.json" <<'EOF' || fail "the export of client 7"
import csv, json, sys, os
data, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
def rows(name):
    p = os.path.join(data, name + ".csv")
    return list(csv.DictReader(open(p, encoding="utf-8"))) if os.path.exists(p) else []
errors = []
c = d["counts"]
def expect(kind, n):
    if c.get(kind) != n:
        errors.append(f"{kind}: {c.get(kind)} in the export, {n} in the files")
# Counted from the files, not from the program.
expect("client", 1)
expect("assessments", sum(1 for r in rows("assessments") if r["client_id"] == "7"))
expect("needs", sum(len(r["needs"].split("|")) for r in rows("assessments") if r["client_id"] == "7"))
expect("assignments", sum(1 for r in rows("assignments") if r["client_id"] == "7"))
asg = {r["id"] for r in rows("assignments") if r["client_id"] == "7"}
expect("deliveries", sum(1 for r in rows("deliveries") if r["assignment_id"] in asg))
expect("support_plans", sum(1 for r in rows("support_plans") if r["client_id"] == "7"))
plans = {r["id"] for r in rows("support_plans") if r["client_id"] == "7"}
expect("plan_items", sum(1 for r in rows("plan_items") if r["plan_id"] in plans))
expect("residences", sum(1 for r in rows("residences") if r["client_id"] == "7"))
expect("representatives", sum(1 for r in rows("representatives") if r["client_id"] == "7"))
expect("personal_codes", 1 + sum(1 for r in rows("former_codes") if r.get("client_id") == "7"))
if c["assessments"] < 1 or c["assignments"] < 1 or c["deliveries"] < 1:
    errors.append("client 7 was meant to have an assessment, an assignment and deliveries")
text = json.dumps(d, ensure_ascii=False)
clients = rows("clients")
for r in clients:
    if r["id"] == "7":
        if r["personal_code"] not in text:
            errors.append("the person's own personal code is missing")
        if d["client"]["family_name"] != r["family_name"]:
            errors.append("the client's name")
    elif r["personal_code"] in text:
        errors.append(f"client {r['id']}'s personal code is in client 7's export")
# The closing of the case is among the versions and the history.
if not any(v["case_status"] == "closed" for v in d["versions"]):
    errors.append("the closed version is missing")
if not d["history"]:
    errors.append("no history")
for e in errors:
    print("test_privacy:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
ok
"$KOPA" subject-export --db "$DB" --client 7 --format pdf --out "$T/c7.pdf" 2>>"$T/export.err" || fail "subject-export pdf"
pdftotext "$T/c7.pdf" "$T/c7.txt" || fail "pdftotext"
grep -q "Vītols" "$T/c7.txt" || fail "the PDF does not name the person"; ok
grep -q "200150-14076" "$T/c7.txt" || fail "the PDF does not hold the personal code"; ok
[ "$(dbq "$DB" "SELECT COUNT(*) FROM audit WHERE action = 'privacy_export' AND client_id = 7")" = 2 ] \
  || fail "the two exports are not in the history"; ok
# No personal code on standard error, in the audit or the access log.
while IFS=, read -r id code rest; do
  [ "$id" = id ] && continue
  grep -q "$code" "$T/export.err" "$T/import.err" && fail "a personal code on standard error"
  [ "$(dbq_live "$DB" "SELECT COUNT(*) FROM access_log WHERE detail LIKE '%$code%'")" = 0 ] || fail "code in the access log"
  [ "$(dbq "$DB" "SELECT COUNT(*) FROM audit WHERE detail || reason || COALESCE(changes, '') LIKE '%$code%'")" = 0 ] \
    || fail "code in the audit"
done <"$DATA/clients.csv"
ok

# ---- restriction: a change is refused, reading works ----
"$KOPA" privacy restrict --db "$DB" --client 1 --reason "Persona apstrīd datus" >/dev/null || fail "restrict"
printf 'id,client_id,kind,municipality,parish,start_date,end_date\n900,1,own_home,,,2022-03-01,\n' >"$T/res.csv"
set +e
"$KOPA" import --db "$DB" --kind residences "$T/res.csv" >"$T/frozen.out" 2>"$T/frozen.err"
st=$?
set -e
[ "$st" -ne 0 ] || fail "an import changed a restricted record"
grep -q "restricted (GDPR Art. 18)" "$T/frozen.err" || { cat "$T/frozen.err" >&2; fail "the refusal does not say the record is restricted"; }
[ "$(dbq "$DB" "SELECT COUNT(*) FROM residence WHERE id = 900")" = 0 ] || fail "the residence was written"; ok
"$KOPA" subject-export --db "$DB" --client 1 --out "$T/c1.json" 2>/dev/null || fail "a restricted record cannot be read"
python3 -c "import json,sys; d=json.load(open('$T/c1.json')); sys.exit(0 if d['restrictions'] and d['restrictions'][0]['lifted_at'] is None else 1)" \
  || fail "the export does not show the restriction"; ok
# A change through a named user's command (as the assign page): refused, with the message.
muni=$(dbq "$DB" "WITH RECURSIVE s(id) AS (SELECT municipality_id FROM client WHERE id = 1 UNION
  SELECT m.successor_id FROM municipality m JOIN s ON m.id = s.id WHERE m.successor_id IS NOT NULL)
  SELECT m.atvk FROM s JOIN municipality m ON m.id = s.id WHERE m.valid_to IS NULL")
echo "Zaļā-Pļava-Rīts-42" | "$KOPA" user add --db "$DB" --username sw-k --role social_worker --municipality "$muni" \
  --password-stdin >/dev/null 2>&1 || fail "user add"
assign=(assign --db "$DB" --as sw-k --client 1 --service day_care --start 2022-03-01 --end 2022-03-31 --units 5 --confirm)
set +e
"$KOPA" "${assign[@]}" >/dev/null 2>"$T/assign.err"
st=$?
set -e
[ "$st" -ne 0 ] || fail "kopa assign changed a restricted record"
grep -q "restricted (GDPR Art. 18)" "$T/assign.err" || { cat "$T/assign.err" >&2; fail "kopa assign: no clear refusal"; }
[ "$(dbq "$DB" "SELECT COUNT(*) FROM assignment WHERE client_id = 1 AND start_date = '2022-03-01'")" = 0 ] \
  || fail "the assignment was written"; ok
"$KOPA" privacy lift --db "$DB" --client 1 --reason "Pārbaudīts" >/dev/null || fail "lift"
"$KOPA" "${assign[@]}" >/dev/null 2>&1 || fail "kopa assign after lifting"
"$KOPA" import --db "$DB" --kind residences "$T/res.csv" >/dev/null 2>&1 || fail "the import after lifting"
[ "$(dbq "$DB" "SELECT COUNT(*) FROM audit WHERE client_id = 1 AND action IN ('privacy_restrict', 'privacy_lift_restriction')")" = 2 ] \
  || fail "restricting and lifting are not in the history"; ok

# ---- retention ----
evaluations() { # suffix
  for at in 2021-12-31 2022-06-30; do
    "$KOPA" report evaluation --db "$DB" --region KPR --at "$at" --format csv --out "$T/eval-$at.$1" >/dev/null 2>&1 \
      || fail "evaluation at $at"
  done
}
dump() { db_dump "$DB" | sha256sum; }
evaluations before
d0=$(dump)
# The day before the rule reaches the case: nothing due.
"$KOPA" retention --db "$DB" --at 2032-02-09 >"$T/ret0.out" 2>/dev/null || fail "retention dry run"
grep -q "would pseudonymise 0 client" "$T/ret0.out" || { cat "$T/ret0.out" >&2; fail "a case was due too early"; }
ok
"$KOPA" retention --db "$DB" --at 2032-02-10 >"$T/ret1.out" 2>"$T/ret1.err" || fail "retention dry run"
grep -q "would pseudonymise 1 client" "$T/ret1.out" || { cat "$T/ret1.out" >&2; fail "dry run count"; }
grep -q "^  client 7 (closed 2022-02-10)" "$T/ret1.out" || fail "dry run: client 7 not listed"
grep -q -- "--apply" "$T/ret1.err" || fail "the dry run does not say how to apply"
[ "$(dump)" = "$d0" ] || fail "the dry run changed the database"; ok
"$KOPA" retention --db "$DB" --at 2032-02-10 --apply >"$T/ret2.out" 2>&1 || fail "retention --apply"
grep -q "pseudonymised 1 client" "$T/ret2.out" || { cat "$T/ret2.out" >&2; fail "apply count"; }
[ "$(dbq "$DB" "SELECT COUNT(*) || ' ' || MIN(client_id) FROM client_pseudonymised")" = "1 7" ] || fail "not exactly client 7"
[ "$(dbq "$DB" "SELECT given_name || ' ' || family_name FROM client WHERE id = 7")" = "Pseidonimizēts P-7" ] \
  || fail "client 7's name"
[ "$(dbq "$DB" "SELECT COUNT(*) FROM personal_code WHERE client_id = 7")" = 0 ] || fail "client 7's code kept"
[ "$(dbq "$DB" "SELECT COUNT(*) FROM client WHERE given_name = 'Pseidonimizēts'")" = 1 ] || fail "others touched"
[ "$(dbq "$DB" "SELECT COUNT(*) FROM client_version WHERE given_name || family_name LIKE '%Vītol%'")" = 0 ] \
  || fail "client 7's name kept in a version"; ok
evaluations after
for at in 2021-12-31 2022-06-30; do
  cmp -s "$T/eval-$at.before" "$T/eval-$at.after" || fail "the evaluation at $at changed"
  ok
done

# ---- the record of processing activities ----
"$KOPA" privacy record --lang en >"$T/record.html" || fail "privacy record"
grep -q "Record of processing activities" "$T/record.html" || fail "record title"
grep -q "Art. 6(1)(c); Art. 9(2)(b)" "$T/record.html" || fail "case work's legal basis"
grep -q "closed_case" "$T/record.html" || fail "retention rules"; ok
"$KOPA" privacy record --format pdf --out "$T/record.pdf" || fail "privacy record pdf"
pdftotext "$T/record.pdf" "$T/record.txt" || fail "pdftotext"
grep -q "Apstrādes darbību reģistrs" "$T/record.txt" || fail "the PDF record"; ok

echo "test_privacy: $checks checks passed"
