# Case documents: the same data gives the same bytes for every document; a
# draft plan says MELNRAKSTS on every page; version and data hash printed.
set -eu
: "${KOPA:?}" "${KOPA_TMP:?}"
rm -rf "$KOPA_TMP"
mkdir -p "$KOPA_TMP"
cd "$KOPA_TMP"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "${KOPA_SRC:?}/tests/support/db.sh"
db_setup .

db_demo demo
D=$(db demo)

twice() { # name, args…
    name=$1
    shift
    "$KOPA" document "$@" --db "$D" --out "$name-1.pdf"
    "$KOPA" document "$@" --db "$D" --out "$name-2.pdf"
    cmp -s "$name-1.pdf" "$name-2.pdf" || fail "$name: two runs gave different bytes"
    pdftotext "$name-1.pdf" "$name.txt"
    grep -q "SHA-256" "$name.txt" || fail "$name: no data hash printed"
    grep -q "versija" "$name.txt" || fail "$name: no version printed"
}

twice plan support-plan --plan 1
twice decision decision --assignment 1
twice referral referral --assignment 1
grep -q "Personas kods" plan.txt || fail "the plan does not show the person's code"
grep -q "MELNRAKSTS" plan.txt && fail "an approved plan is marked as a draft"

# A statement for a provider, the post-reform municipality and a month with
# deliveries to clients registered under its predecessor.
set -- $(dbq "$D" "SELECT a.provider_id, substr(d.delivered_on, 1, 7) FROM delivery d
  JOIN assignment a ON a.id = d.assignment_id JOIN client c ON c.id = a.client_id
  JOIN municipality m ON m.id = c.municipality_id
  WHERE a.provider_id IS NOT NULL AND m.atvk = '0090000' ORDER BY d.id LIMIT 1" | tr '|' ' ')
twice statement statement --provider "$1" --municipality 0003000 --month "$2"
grep -q "Jelgavas valstspilsēta" statement.txt || fail "statement names no municipality"
grep -q "Ierakstīts" statement.txt || fail "statement has no totals"

# A new plan version, still a draft, long enough for several pages.
dbq "$D" "INSERT INTO support_plan(id, client_id, version, status, goals, review_on, created_on)
  SELECT 900001, client_id, version + 1, 'draft', 'Jauni mērķi: patstāvīga dzīve', '2022-12-01', '2022-01-10'
  FROM support_plan WHERE id = 1;
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
  INSERT INTO plan_item(plan_id, service_code, volume, start_date, end_date, goal)
  SELECT 900001, 'home_care', 10 + i, '2022-02-01', '2022-12-31', 'Mērķis Nr. ' || i || ': ikdienas prasmju attīstīšana' FROM n;"
twice draft support-plan --plan 900001
pages=$(pdfinfo draft-1.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ] || fail "the draft plan should span pages (got $pages)"
for p in $(seq 1 "$pages"); do
    pdftotext -f "$p" -l "$p" draft-1.pdf - | grep -q MELNRAKSTS || fail "draft page $p lacks MELNRAKSTS"
done

# Refusals name the record, never a personal code.
if "$KOPA" document support-plan --db "$D" --plan 99999999 --out x.pdf 2>err.txt; then
    fail "a missing plan gave a document"
fi
grep -q "no such record" err.txt || fail "missing plan: unclear message"
echo ok
