# The evaluation's chapter "Sabiedrībā balstītu sociālo pakalpojumu
# pieejamība" (figures 4-6) over the demo in PDF, HTML and XLSX: the
# region's facilities per service at 31.12.2019. and 31.12.2021. agreeing
# with counts made separately from the records with sqlite3, the maps as
# inline SVG with a title and description, the appendices numbered as seed
# 003 numbers them (1 disability statistics, 2 the DI plan amendments),
# and the national report's chapter without maps.
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
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format pdf --out zpr.pdf
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format html --out zpr.html
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --format xlsx --out zpr.xlsx

# --- counted separately: facilities of Zemgale's territories offering a
# service (a kind counts as its family) on the day --------------------------------
count() { # $1 date, $2 family ('' = any)
    dbq "$D" "SELECT COUNT(DISTINCT f.id) FROM facility_service s JOIN facility f ON f.id = s.facility_id
      JOIN provider p ON p.id = f.provider_id JOIN service_type t ON t.code = s.service_code
      JOIN municipality m ON m.id = f.municipality_id
      WHERE m.region_code = 'ZPR' AND s.valid_from <= '$1' AND (s.valid_to IS NULL OR s.valid_to >= '$1')
      AND f.opened_on <= '$1' AND (f.closed_on IS NULL OR f.closed_on >= '$1')
      AND p.registered_on <= '$1' AND (p.closed_on IS NULL OR p.closed_on >= '$1')
      AND ('$2' = '' OR COALESCE(t.parent_code, t.code) = '$2')"
}
all19=$(count 2019-12-31 '')
all21=$(count 2021-12-31 '')
dc19=$(count 2019-12-31 day_care)
dc21=$(count 2021-12-31 day_care)
[ "$all21" -gt 0 ] || fail "the demo has no facilities"

pdftotext -layout zpr.pdf zpr.txt
grep -q "Sabiedrībā balstītu sociālo pakalpojumu pieejamība" zpr.txt || fail "PDF lacks the chapter"
pdftotext -f 1 -l 2 zpr.pdf - | grep -q "Sabiedrībā balstītu sociālo pakalpojumu pieejamība" ||
    fail "the chapter is not in the contents"
for f in "4. attēls. Zemgales plānošanas reģionā pieejamie sabiedrībā balstītie pakalpojumi 2019. gadā" \
         "5. attēls. Zemgales plānošanas reģionā pieejamie sabiedrībā balstītie pakalpojumi 2021. gadā" \
         "6. attēls. Sabiedrībā balstītu pakalpojumu iestāžu skaita izmaiņas" \
         "4. attēla dati: pakalpojumi pašvaldībās uz 31.12.2019." \
         "5. attēla dati: pakalpojumi pašvaldībās uz 31.12.2021."; do
    grep -q "$f" zpr.txt || fail "PDF lacks: $f"
done
grep -Eq "^Sniegšanas vietas kopā \(katra vienreiz\) +$all19 +$all21 +$((all21 - all19))\$" zpr.txt ||
    fail "PDF's total is not $all19 → $all21: $(grep 'Sniegšanas vietas kopā' zpr.txt)"
grep -Eq "^Dienas aprūpes centrs +$dc19 +$dc21 +$((dc21 - dc19))\$" zpr.txt ||
    fail "PDF's day care row is not $dc19 → $dc21: $(grep -E '^Dienas aprūpes centrs +[0-9]+ +[0-9]+ +-?[0-9]+$' zpr.txt)"
# The legend of the maps and the credit of the boundaries.
grep -q "Pieejamo pakalpojumu veidu skaits" zpr.txt || fail "PDF lacks the maps' legend"

# --- the appendices in the seed's numbers, every one kept -------------------------
pdftotext -f 1 -l 2 zpr.pdf contents.txt
prev=0
for a in "1. pielikums. Personas ar invaliditāti" "2. pielikums. DI plāna grozījumi" \
         "3. pielikums. Pakalpojumu saņēmēji" "4. pielikums. Kompensētie izdevumi pa gadiem" \
         "5. pielikums. Sadalījums pa pašvaldībām"; do
    line=$(grep -n "$a" contents.txt | head -1 | cut -d: -f1)
    [ -n "$line" ] || fail "the contents lack $a"
    [ "$line" -gt "$prev" ] || fail "$a is out of order"
    prev=$line
done
grep -q "6. pielikums" contents.txt && fail "an appendix too many"

# --- HTML: the maps inline, named by title and description ------------------------
[ "$(grep -o '<svg[^>]*class="map"' zpr.html | wc -l)" -eq 2 ] || fail "HTML has not two maps"
grep -q 'aria-labelledby="svc-map-2019-title svc-map-2019-desc"' zpr.html || fail "the 2019 map is not labelled"
grep -q '<title id="svc-map-2021-title">5. attēls.' zpr.html || fail "the 2021 map has no title"
grep -q '<desc id="svc-map-2021-desc">' zpr.html || fail "the 2021 map has no description"
grep -q '<h2>2. pielikums. DI plāna grozījumi</h2>' zpr.html || fail "HTML's appendix 2 is not the amendments"
tidy -q -e zpr.html 2>tidy.txt || [ $? -lt 2 ] || fail "HTML is not valid: $(head -3 tidy.txt)"

# --- XLSX: the tables on their sheet --------------------------------------------
unzip -p zpr.xlsx xl/workbook.xml | grep -q 'name="Pakalpojumu pieejamība"' || fail "XLSX lacks the sheet"
unzip -p zpr.xlsx xl/workbook.xml | grep -q 'name="1. pielikums"' || fail "XLSX lacks appendix 1"

# --- the national report: figure 6 summed, no maps --------------------------------
"$KOPA" report evaluation --db "$D" --region ALL --at 2021-12-31 --format html --out all.html
grep -q "6. attēls. Sabiedrībā balstītu pakalpojumu iestāžu skaita izmaiņas" all.html || fail "national lacks figure 6"
grep -q 'class="map"' all.html && fail "the national report draws a map"

echo "ok: facilities $all19 → $all21, day care $dc19 → $dc21"
