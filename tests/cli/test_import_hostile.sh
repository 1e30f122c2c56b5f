#!/usr/bin/env bash
# kopa import / export against hostile files: values a spreadsheet would run
# as formulas come out guarded and go back in exactly; NUL, CR, U+202E and
# bytes that are not UTF-8 in a field are refused naming file, line and
# column, with nothing written; symbolic links, directories and FIFOs are
# refused without echoing what they point at; after 1000 problems the rest
# are counted; a huge value is refused with a short message. When
# LibreOffice is installed, an export converted to XLSX holds no formula.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-import-hostile}"
rm -rf "$T"
mkdir -p "$T"
. "${KOPA_SRC:-$here/../..}/tests/support/db.sh"
db_setup "$T"
cleanup() { rm -rf "$T/lo-profile" "$T/fifo.csv"; db_cleanup; }
trap cleanup EXIT

checks=0
fail() {
  echo "test_import_hostile: FAILED: $*" >&2
  exit 1
}
ok() { checks=$((checks + 1)); }
expect_in() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$3: expected '$2' in the output above"; }
  ok
}
# new_db NAME: an empty database, initialised (tests/support/db.sh).
new_db() {
  db_fresh "$1"
  "$KOPA" init --db "$(db "$1")" >/dev/null
}

# refused DB KIND FILE: exit 1, nothing on stdout, and the kind's export is
# the same as before.
refused() {
  local status=0 before
  before=$("$KOPA" export --db "$1" --kind "$2" --out -)
  timeout 20 "$KOPA" import --db "$1" --kind "$2" "$3" >"$T/stdout" 2>"$T/stderr" || status=$?
  [ "$status" = 1 ] || { cat "$T/stderr" >&2; fail "import of $3 exited $status, expected 1"; }
  [ ! -s "$T/stdout" ] || fail "refused import printed to stdout: $(cat "$T/stdout")"
  [ "$("$KOPA" export --db "$1" --kind "$2" --out -)" = "$before" ] || fail "refused import of $3 changed $2"
  ok
}

H_PROVIDERS='id,name,reg_no,municipality,registered_on,closed_on'
H_CLIENTS='id,personal_code,code_since,given_name,family_name,birth_date,municipality,target_group,representative_id,disability_group,special_care_from,parents_working,registered_on'

# ------------------------------------------------ (1) formulas round trip
F="$T/formulas"
mkdir -p "$F"
# What a hand-written file says: ' in front is dropped on import (row 5
# keeps one of two), so these are the values stored.
cat >"$F/providers.csv" <<'EOF'
id,name,reg_no,municipality,registered_on,closed_on
1,"=HYPERLINK(""http://x"",""y"")",40003000001,0400200,2010-01-01,
2,+1,'+40003000002,0400200,2010-01-01,
3,-2,40003000003,0400200,2010-01-01,
4,@SUM(A1),40003000004,0400200,2010-01-01,
5,''starts with the guard,40003000005,0400200,2010-01-01,
6,"=cmd|' /C calc'!A0",40003000006,0400200,2010-01-01,
7,＝1+1,40003000007,0400200,2010-01-01,
8,SIA Parasts,40003000008,0400200,2010-01-01,
EOF
printf '%s\n%s\n%s\n' "$H_CLIENTS" \
  "1,161175-19997,,=1+1,@Ozola,1975-11-16,0400200,grt,,2,,,2019-03-01" \
  "2,121282-11210,,-Ilze,+Bērziņa,1982-12-12,0400200,grt,,,,,2019-04-02" >"$F/clients.csv"
cat >"$F/plan_amendments.csv" <<'EOF'
id,region,number,approved_on,reason
1,ZPR,1,2018-05-01,"-places
=SUM(1+1)"
EOF
new_db a
for k in providers clients plan_amendments; do
  "$KOPA" import --db "$(db a)" --kind "$k" "$F/$k.csv" >/dev/null 2>"$T/stderr" \
    || { cat "$T/stderr" >&2; fail "import of hostile $k"; }
  "$KOPA" export --db "$(db a)" --kind "$k" --out "$T/e1-$k.csv"
done
expect_in "$T/e1-providers.csv" "1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",40003000001," "formula guarded"
expect_in "$T/e1-providers.csv" "2,'+1,'+40003000002," "plus guarded"
expect_in "$T/e1-providers.csv" "3,'-2," "minus guarded"
expect_in "$T/e1-providers.csv" "4,'@SUM(A1)," "at guarded"
expect_in "$T/e1-providers.csv" "5,''starts with the guard," "the guard itself guarded"
expect_in "$T/e1-providers.csv" "6,'=cmd|' /C calc'!A0," "DDE guarded"
expect_in "$T/e1-providers.csv" "7,'＝1+1," "full-width equals guarded"
expect_in "$T/e1-providers.csv" "8,SIA Parasts,40003000008," "plain text unchanged"
expect_in "$T/e1-clients.csv" "1,161175-19997,2019-03-01,'=1+1,'@Ozola,1975-11-16," "client names guarded"
expect_in "$T/e1-clients.csv" "2,121282-11210,2019-04-02,'-Ilze,'+Bērziņa," "client names guarded"
expect_in "$T/e1-plan_amendments.csv" "1,ZPR,1,2018-05-01,\"'-places" "multi-line reason guarded"
# The values stored are the ones written (one ' dropped).
if db_is_pg || command -v sqlite3 >/dev/null; then
  [ "$(dbq "$(db a)" "SELECT name FROM provider WHERE id = 5")" = "'starts with the guard" ] || fail "row 5 name"
  [ "$(dbq "$(db a)" "SELECT reg_no FROM provider WHERE id = 2")" = "+40003000002" ] || fail "row 2 reg_no"
  [ "$(dbq "$(db a)" "SELECT name FROM provider WHERE id = 1")" = '=HYPERLINK("http://x","y")' ] || fail "row 1 name"
  ok
fi
# No cell of any export starts with a character a spreadsheet runs (line by
# line: the amendment's second line is inside its quoted cell).
for k in providers clients; do
  ! grep -qE '(^|,)"?[=+@-]' "$T/e1-$k.csv" || { grep -nE '(^|,)"?[=+@-]' "$T/e1-$k.csv" >&2; fail "live formula in $k"; }
done
ok
# export → import → export is byte for byte the same.
new_db b
for k in providers clients plan_amendments; do
  "$KOPA" import --db "$(db b)" --kind "$k" "$T/e1-$k.csv" >/dev/null
  "$KOPA" export --db "$(db b)" --kind "$k" --out "$T/e2-$k.csv"
  cmp "$T/e1-$k.csv" "$T/e2-$k.csv" || fail "round trip of hostile $k is not exact"
done
ok

# Optional: LibreOffice (not installed by scripts/install-deps) opens the
# export; the XLSX it writes must hold no formula, while the same file
# without the guards does (so the check can fail).
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -n "$soffice" ] && command -v unzip >/dev/null; then
  mkdir -p "$T/lo"
  sed "s/'//" "$T/e1-providers.csv" >"$T/lo/unguarded.csv"
  cp "$T/e1-providers.csv" "$T/lo/guarded.csv"
  for f in guarded unguarded; do
    timeout 120 "$soffice" -env:UserInstallation="file://$T/lo-profile" --headless --convert-to xlsx \
      --infilter='CSV:44,34,76,1' --outdir "$T/lo" "$T/lo/$f.csv" >/dev/null 2>&1 \
      || fail "LibreOffice could not convert $f.csv"
    unzip -p "$T/lo/$f.xlsx" 'xl/worksheets/*.xml' >"$T/lo/$f.xml"
  done
  ! grep -q '<f[ >]' "$T/lo/guarded.xml" || fail "LibreOffice found a formula in the guarded export"
  grep -q '<f[ >]' "$T/lo/unguarded.xml" || fail "LibreOffice found no formula even without the guards (check is blind)"
  ok
  echo "test_import_hostile: LibreOffice opened the export: no formula"
else
  echo "test_import_hostile: LibreOffice not installed; spreadsheet check skipped"
fi

# -------------------------------- (2) bad characters in a field: refused
new_db c
printf '%s\n9,SIA \0Nul,40003000009,0400200,2010-01-01,\n' "$H_PROVIDERS" >"$T/nul.csv"
refused "$(db c)" providers "$T/nul.csv"
expect_in "$T/stderr" "$T/nul.csv:2: column 'name': not UTF-8 text (byte 7 is NUL: UTF-16?)" "NUL named"
printf '%s\n9,"SIA\rCR",40003000009,0400200,2010-01-01,\n' "$H_PROVIDERS" >"$T/cr.csv"
refused "$(db c)" providers "$T/cr.csv"
expect_in "$T/stderr" "$T/cr.csv:2: column 'name' (value 'SIA\\x0DCR'): contains a line break or tab" "CR named"
printf '%s\n9,SIA \xe2\x80\xaeevil,40003000009,0400200,2010-01-01,\n' "$H_PROVIDERS" >"$T/rlo.csv"
refused "$(db c)" providers "$T/rlo.csv"
expect_in "$T/stderr" "$T/rlo.csv:2: column 'name' (value 'SIA \\u202Eevil'): contains the invisible formatting character U+202E (right-to-left override) at character 5" "U+202E named"
printf '%s\n9,SIA \xc3\x28,40003000009,0400200,2010-01-01,\n' "$H_PROVIDERS" >"$T/utf8.csv"
refused "$(db c)" providers "$T/utf8.csv"
expect_in "$T/stderr" "$T/utf8.csv:2: column 'name': not UTF-8 text (byte 7)" "bad UTF-8 named"
printf '%s\n1,161175-19997,,Anna,"Ozola\r\n",1975-11-16,0400200,grt,,2,,,2019-03-01\n' "$H_CLIENTS" >"$T/crlf.csv"
refused "$(db c)" clients "$T/crlf.csv"
expect_in "$T/stderr" "$T/crlf.csv:2: column 'family_name'" "CR LF in a name"
# Nothing of the hostile bytes reaches the terminal raw.
for f in cr rlo utf8 nul; do
  refused "$(db c)" providers "$T/$f.csv"
  ! LC_ALL=C grep -aqP '[\x00-\x08\x0B-\x1F\x7F]|\xE2\x80\xAE' "$T/stderr" || fail "raw control or bidi character printed for $f.csv"
done
ok

# --------------------------- (3) not a regular file: refused, no echo
printf 'root:SECRET-FIRST-LINE:0:0\nname,SECRET-SECOND\n' >"$T/secret.txt"
ln -s "$T/secret.txt" "$T/link.csv"
refused "$(db c)" providers "$T/link.csv"
expect_in "$T/stderr" "$T/link.csv: is a symbolic link" "symlink"
mkdir -p "$T/dir.csv"
refused "$(db c)" providers "$T/dir.csv"
expect_in "$T/stderr" "$T/dir.csv: is not a regular file (it is a directory)" "directory"
mkfifo "$T/fifo.csv"
refused "$(db c)" providers "$T/fifo.csv" # a FIFO without a writer must not block
expect_in "$T/stderr" "$T/fifo.csv: is not a regular file (it is a FIFO)" "FIFO"
refused "$(db c)" providers /dev/zero
expect_in "$T/stderr" "/dev/zero: is not a regular file (it is a character device)" "device"
refused "$(db c)" providers "$T/secret.txt"
expect_in "$T/stderr" "the first line is not a header of providers" "not a header"
for f in link.csv dir.csv fifo.csv secret.txt; do
  refused "$(db c)" providers "$T/$f"
  ! grep -q SECRET "$T/stderr" || fail "content of $f echoed"
done
ok

# -------------------------- (4) 1500 bad rows: 1000 listed, the rest counted
awk -v h="$H_PROVIDERS" 'BEGIN { print h; for (i = 1; i <= 1500; i++) printf "%d,SIA %d,4000%07d,0000000,2010-13-01,\n", i, i, i }' \
  >"$T/many.csv"
refused "$(db c)" providers "$T/many.csv"
[ "$(grep -c "^$T/many.csv:" "$T/stderr")" = 1000 ] || fail "expected 1000 listed problems"
expect_in "$T/stderr" "kopa import: … and 2000 more problems, not listed (the first 1000 are above)" "the count of the rest"
expect_in "$T/stderr" "$T/many.csv was refused (3000 problems); nothing was imported" "the total"
[ "$(wc -l <"$T/stderr")" -le 1002 ] || fail "more than 1002 lines of output"
ok

# ------------------------------------ (5) a huge value: a short refusal
{ printf '%s\n9,' "$H_PROVIDERS"; head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'A'; printf ',40003000009,0400200,2010-01-01,\n'; } \
  >"$T/huge.csv"
refused "$(db c)" providers "$T/huge.csv"
expect_in "$T/stderr" "$T/huge.csv:2: column 'name': a value longer than 1048576 bytes" "huge value"
[ "$(wc -c <"$T/stderr")" -lt 1000 ] || fail "the refusal of a huge value is not short"
ok

echo "test_import_hostile: ok ($checks checks)"
