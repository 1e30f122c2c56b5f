# The evaluation's chapter "Izmaksas pēc ES finansējuma beigām" in HTML,
# PDF and XLSX over the demo, its 2021 row agreeing with a count made
# separately from the records with sqlite3 (ESF-funded deliveries of
# assignments not cancelled by the day, claim lines where they exist, else
# units × the unit cost of the day), the national report's chapter per
# region.
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
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format html --out zpr.html
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format pdf --out zpr.pdf
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format xlsx --out zpr.xlsx

# --- the 2021 figures, counted separately -------------------------------------
W="a.esf_funded = 1 AND d.delivered_on BETWEEN '2021-01-01' AND '2021-12-31'
   AND (a.cancelled_from IS NULL OR a.cancelled_from > d.delivered_on)"
units=$(dbq "$D" "SELECT SUM(d.units) FROM delivery d JOIN assignment a ON a.id = d.assignment_id WHERE $W")
cents=$(dbq "$D" "SELECT SUM(COALESCE(
    (SELECT l.amount_cents FROM claim_line l WHERE l.delivery_id = d.id AND l.status IN ('pending', 'accepted')),
    d.units * (SELECT u.amount_cents FROM unit_cost u WHERE u.service_code = COALESCE(st.parent_code, st.code)
               AND u.valid_from <= d.delivered_on AND (u.valid_to IS NULL OR u.valid_to >= d.delivered_on))))
  FROM delivery d JOIN assignment a ON a.id = d.assignment_id JOIN service_type st ON st.code = a.service_code
  WHERE $W")
[ -n "$units" ] && [ "$units" -gt 0 ] || fail "the demo has no ESF deliveries in 2021"
# 107502140 → "1 075 021,40 €"
money=$(python3 -c "import sys; c=int(sys.argv[1]); e=f'{c//100:,}'.replace(',', ' '); print(f'{e},{c%100:02d} €')" "$cents")

pdftotext -layout zpr.pdf zpr.txt
grep -q "Izmaksas pēc ES finansējuma beigām" zpr.txt || fail "PDF lacks the chapter"
pdftotext -f 1 -l 2 zpr.pdf - | grep -q "Izmaksas pēc ES finansējuma beigām" || fail "the chapter is not in the contents"
grep -E "^2021 +projekts +[0-9]+ +$units +$money" zpr.txt >/dev/null ||
    fail "PDF's 2021 row is not $units units, $money: $(grep -E '^2021 +projekts' zpr.txt)"
grep -q "Neapmierināta vajadzība" zpr.txt || fail "PDF lacks the table by municipality and service"
grep -q "Bauskas novads" zpr.txt || fail "PDF's table lacks Bauskas novads"
for y in 2024 2025 2026 2027 2028; do
    grep -Eq "^$y +prognoze" zpr.txt || fail "PDF lacks the projected year $y"
done
grep -q "Pieņēmumi" zpr.txt || fail "PDF does not state the assumptions"

grep -q "<h2[^>]*>Izmaksas pēc ES finansējuma beigām" zpr.html || fail "HTML lacks the chapter heading"
tidy -q -e zpr.html 2>tidy.txt || [ $? -lt 2 ] || fail "HTML is not valid: $(head -3 tidy.txt)"
unzip -p zpr.xlsx xl/workbook.xml | grep -q 'name="Izmaksas pēc ES"' || fail "XLSX lacks the sheet"

# --- the national report: one table per region with records ---------------------
"$KOPA" report evaluation --db "$D" --region ALL --at 2021-12-31 --format pdf --out all.pdf
pdftotext all.pdf - | grep -q "Zemgales plānošanas reģions: izmaksas pa gadiem" ||
    fail "national PDF lacks Zemgale's cost table"

echo "ok: chapter present; 2021: $units units, $money"
