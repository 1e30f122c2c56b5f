# kopa report evaluation --open-data: the demo's open-data CSV states its
# rule and has no count of persons from 1 to 4 (the exact CSV has some);
# the approved version's open data; PDF, HTML and XLSX; a bad rule file and
# bad option combinations give English messages naming the option.
set -eu
: "${KOPA:?}" "${KOPA_TMP:?}" "${KOPA_SRC:?}"
rm -rf "$KOPA_TMP"
mkdir -p "$KOPA_TMP"
cd "$KOPA_TMP"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "${KOPA_SRC:?}/tests/support/db.sh"
db_setup .

db_demo demo
D=$(db demo)
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 >exact.csv
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data >open.csv

# Counts of persons: measure persons, and the output indicators achieved.
small() { awk -F, '!/^#/ && NR > 1 && ($5 == "persons" || ($1 == "output_indicators" && $5 == "achieved")) &&
                   $7 != "" && $7 + 0 >= 1 && $7 + 0 <= 4' "$1" | wc -l; }
[ "$(small exact.csv)" -gt 0 ] || fail "the exact figures have no small counts: the test would prove nothing"
[ "$(small open.csv)" -eq 0 ] || { awk -F, '$7 >= 1 && $7 <= 4' open.csv | head >&2; fail "open data has small counts"; }
grep -q '^# disclosure threshold: 5$' open.csv || fail "the threshold is not stated"
grep -q '^# disclosure rule: .*counts of persons from 1 to 4 are suppressed' open.csv || fail "the rule is not stated"
grep -q '^section,municipality,target_group,item,measure,period,value,flag$' open.csv || fail "header"
n=$(grep -c ',c$' open.csv)
grep -q "^# suppressed cells: $n\$" open.csv || fail "the stated count is not the flagged cells ($n)"
# Euros are not suppressed: the rows of money are the same in both files.
diff <(grep ',eur,' exact.csv) <(grep ',eur,' open.csv | sed 's/,$//') >/dev/null || fail "money changed"

# A threshold of 10 from the rule file (KOPA_DATA_DIR): more is suppressed.
mkdir data
cp "$KOPA_SRC/data/"*.csv data/
printf 'setting,value\nthreshold,10\n' >data/disclosure.csv
KOPA_DATA_DIR="$PWD/data" "$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data >open10.csv
grep -q '^# disclosure threshold: 10$' open10.csv || fail "threshold 10 not stated"
[ "$(grep -c ',c$' open10.csv)" -gt "$n" ] || fail "threshold 10 suppresses no more than 5"
awk -F, '!/^#/ && $5 == "persons" && $7 != "" && $7 + 0 >= 1 && $7 + 0 <= 9 { bad = 1 } END { exit bad }' open10.csv ||
  fail "threshold 10 leaves counts from 1 to 9"
printf 'setting,value\nthreshold,1\n' >data/disclosure.csv
if KOPA_DATA_DIR="$PWD/data" "$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data \
  >/dev/null 2>err.txt; then fail "threshold 1 accepted"; fi
grep -q "open-data: the disclosure rule cannot be read: .*disclosure.csv: line 2, column 2: threshold '1'" err.txt ||
  { cat err.txt >&2; fail "the message does not name the file, line and column"; }

# The documents state the rule.
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data --format html --out open.html
grep -q 'Atvērtie dati bez mazajiem skaitļiem' open.html || fail "html: no rule"
grep -q '>c</td>' open.html || fail "html: nothing suppressed"
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data --format pdf --out open.pdf
if command -v pdftotext >/dev/null; then
  pdftotext open.pdf - | grep -q 'Atvērtie dati bez mazajiem skaitļiem' || fail "pdf: no rule"
fi
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --open-data --format xlsx --out open.xlsx
unzip -p open.xlsx xl/sharedStrings.xml | grep -q 'Atvērtie dati bez mazajiem skaitļiem' || fail "xlsx: no rule"
"$KOPA" report evaluation --db "$D" --region ALL --at 2021-12-31 --open-data --format json >all.json
python3 -c 'import json,sys; d=json.load(open("all.json")); assert d["metadata"]["disclosure"]["threshold"] == 5' ||
  fail "json metadata"

# The approved version as open data.
if "$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --approved --open-data >/dev/null 2>err.txt; then
  fail "open data of nothing approved"
fi
grep -q "no approved evaluation for ZPR on 2021-12-31" err.txt || fail "message for nothing approved"
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --approve --out approved.csv >/dev/null
"$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 --approved --open-data >approved-open.csv
grep -q '^# Kopā open data: .*approved version 1' approved-open.csv || fail "approved version not named"
diff <(grep -v '^#' approved-open.csv) <(grep -v '^#' open.csv) >/dev/null || fail "approved open data differs"

# Bad combinations name the option.
expect_usage() {
  if "$KOPA" report evaluation --db "$D" --region ZPR --at 2021-12-31 "$@" >/dev/null 2>err.txt; then
    fail "accepted: $*"
  fi
  grep -q -- "--open-data" err.txt || { cat err.txt >&2; fail "message does not name --open-data: $*"; }
}
expect_usage --open-data --approve --out x.csv
expect_usage --open-data --changes
expect_usage --open-data --approved --format pdf --out x.pdf
expect_usage --open-data --approved --version 1
echo "test_open_data: ok"
