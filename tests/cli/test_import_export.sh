#!/usr/bin/env bash
# kopa export / kopa import: a hand-written fixture of every kind goes in; the
# export of every kind imported into a fresh database exports byte for byte
# the same; a file with a bad row is refused whole, naming file, line and
# column, and leaves the database as it was; usage errors exit 2.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_SHARED, KOPA_TMP.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-import-export}"
rm -rf "$T"
mkdir -p "$T"
. "${KOPA_SRC:-$here/../..}/tests/support/db.sh"
db_setup "$T"

KINDS=(clients former_codes residences client_corrections client_moves case_status representatives
       assessments providers facilities facility_services support_plans
       plan_items assignments deliveries projects payment_requests compensation_payments plan_objects
       plan_amendments plan_object_changes cooperation indicators indicator_values)

checks=0
fail() {
  echo "test_import_export: FAILED: $*" >&2
  exit 1
}
ok() { checks=$((checks + 1)); }

# expect_in FILE TEXT WHAT: FILE contains TEXT (fixed string).
expect_in() {
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$3: expected '$2' in the output above"; }
  ok
}

# new_db NAME: an empty database, initialised (tests/support/db.sh).
new_db() {
  db_fresh "$1"
  "$KOPA" init --db "$(db "$1")" >/dev/null
}

# export_all DB DIR: every kind into DIR/KIND.csv; nothing on stdout.
export_all() {
  mkdir -p "$2"
  for k in "${KINDS[@]}"; do
    "$KOPA" export --db "$1" --kind "$k" --out "$2/$k.csv" >"$T/stdout" \
      || fail "export of $k from $1 failed"
    [ ! -s "$T/stdout" ] || fail "export of $k printed to stdout: $(head -c 200 "$T/stdout")"
  done
}

# import_all DB DIR: every kind from DIR, in dependency order.
import_all() {
  for k in "${KINDS[@]}"; do
    "$KOPA" import --db "$1" --kind "$k" "$2/$k.csv" >"$T/stdout" 2>"$T/stderr" \
      || { cat "$T/stderr" >&2; fail "import of $2/$k.csv into $1 failed"; }
    grep -qx "imported [0-9]* rows of $k" "$T/stdout" || fail "import of $k printed: $(cat "$T/stdout")"
    # Without quotes every line after the header is one row.
    if ! grep -qF '"' "$2/$k.csv"; then
      local n=$(($(wc -l <"$2/$k.csv") - 1))
      grep -qx "imported $n rows of $k" "$T/stdout" || fail "import of $k: expected $n rows, got: $(cat "$T/stdout")"
    fi
  done
}

# ---------------------------------------------------------------- fixture
F="$T/fixture"
mkdir -p "$F"
# Client 2 (a child) names client 3, later in the file, as representative.
# Client 5 changed from an old-format code to a new one in 2020.
cat >"$F/clients.csv" <<'EOF'
id,personal_code,code_since,given_name,family_name,birth_date,municipality,parish,target_group,representative_id,disability_group,special_care_from,parents_working,registered_on
1,161175-19997,,Anna,Ozola,1975-11-16,0400200,,grt,,2,,,2019-03-01
2,328673-00679,,Jānis,"Bērziņš, jaunākais",2012-05-04,0400200,,ft,3,,2018-01-10,1,2019-04-02
3,121282-11210,,Ilze,Bērziņa,1982-12-12,0400200,,parents,,,,,2019-04-02
4,280794-12344,,Pēteris,Kalniņš,1994-07-28,0003000,,grt,,1,,,2021-09-01
5,323691-93794,2020-01-01,Marta,Liepiņa,1956-01-29,0460200,,grt,,2,,,2019-05-05
EOF
cat >"$F/former_codes.csv" <<'EOF'
id,client_id,personal_code,valid_from,valid_to
,5,290156-11605,2019-05-05,2019-12-31
EOF
cat >"$F/residences.csv" <<'EOF'
id,client_id,kind,municipality,parish,start_date,end_date
1,1,vsac,0400200,,2015-01-01,2019-12-31
2,1,group_home,0400200,,2020-01-01,
3,2,family,,,2012-05-04,
EOF
# A person's history: client 1 married in 2020 and moved to Dobele in 2021
# and back to Bauska in 2022; client 2's opinion on special care was renewed;
# client 4 left and came back; client 5 died. Client 2's representative of
# registration (client 3) is link 1; client 1 was its guardian before.
cat >"$F/client_corrections.csv" <<'EOF'
client_id,effective_on,reason,given_name,family_name,birth_date,target_group,disability_group,special_care_from,parents_working
1,2020-06-01,Laulība,Anna,Kalniņa,1975-11-16,grt,1,,
2,2021-01-15,"Jauns atzinums, 2020",Jānis,"Bērziņš, jaunākais",2012-05-04,ft,,2020-12-01,1
EOF
cat >"$F/client_moves.csv" <<'EOF'
client_id,effective_on,municipality,parish,reason
1,2021-03-01,0460200,,Pārcēlās pie meitas uz Dobeli
1,2022-02-01,0025000,,Atgriezās Bauskā
EOF
cat >"$F/case_status.csv" <<'EOF'
client_id,effective_on,status,closing_reason,reason
4,2021-12-31,closed,moved_away,Aizbrauca uz ārzemēm
4,2022-01-20,open,,Atgriezās
5,2021-10-01,closed,died,
EOF
cat >"$F/representatives.csv" <<'EOF'
id,client_id,representative_id,kind,valid_from,valid_to
2,2,1,guardian,2019-04-02,2020-12-31
EOF
cat >"$F/assessments.csv" <<'EOF'
id,client_id,round,assessed_on,place,assessor,needs
1,1,1,2016-05-10,vsac,Dr. Liepa,day_care|group_home
2,2,2,2019-06-01,family,,care|respite|day_care
3,5,2,2019-06-10,family,"Ozols ",
EOF
cat >"$F/providers.csv" <<'EOF'
id,name,reg_no,municipality,registered_on,closed_on
1,SIA Aprūpe,40003000001,0400200,2010-01-01,
2,"Biedrība ""Saulīte""",40008000002,0028000,2021-08-01,
EOF
cat >"$F/facilities.csv" <<'EOF'
id,provider_id,name,address,municipality,opened_on,closed_on
1,1,DAC Bauska,"Rīgas iela 1, Bauska",0400200,2016-01-01,
2,2,Grupu māja,Skolas iela 2,0028000,2021-09-01,2023-12-31
EOF
cat >"$F/facility_services.csv" <<'EOF'
id,facility_id,service,target_group,places,valid_from,valid_to
1,1,day_care,grt,20,2016-01-01,
2,2,group_home,grt,,2021-09-01,2023-12-31
EOF
cat >"$F/support_plans.csv" <<'EOF'
id,client_id,version,status,goals,review_on,created_on,approved_on
1,1,1,superseded,Dienas aprūpe,2020-03-01,2019-03-05,2019-03-10
2,1,2,approved,"Goals with ""quotes"", commas
and a second line",2021-06-01,2020-01-10,2020-01-15
3,2,1,draft,,,2019-05-01,
EOF
cat >"$F/plan_items.csv" <<'EOF'
id,plan_id,service,volume,provider_id,start_date,end_date,goal
1,1,day_care,200,1,2019-03-10,2019-12-31,attend
2,2,day_care,220,1,2020-01-15,2020-12-31,
3,3,care,100,,2019-05-01,2019-12-31,daily care
EOF
cat >"$F/assignments.csv" <<'EOF'
id,client_id,plan_item_id,service,provider_id,start_date,end_date,units,hours_per_week,mode,decided_on,esf_funded
1,1,2,day_care,1,2020-01-15,2020-12-31,200,,,2020-01-10,1
2,2,3,care,,2019-05-01,2019-12-31,300,10,,2019-04-20,1
3,1,,respite,1,2020-07-01,2020-07-10,10,,full,2020-06-15,0
EOF
cat >"$F/deliveries.csv" <<'EOF'
id,assignment_id,delivered_on,units,confirmed
1,1,2020-02-03,1,1
2,1,2020-02-04,1,0
3,3,2020-07-01,5,1
EOF
cat >"$F/projects.csv" <<'EOF'
id,number,name,region,start_date,end_date,budget,esf,state
1,9.2.2.1/15/I/002,"Zemgales reģions: Ģimenei, sabiedrībai",ZPR,2016-01-01,2023-12-31,9412350.00,8000497.50,1411852.50
EOF
cat >"$F/payment_requests.csv" <<'EOF'
id,project,number,period_start,period_end,submitted_on,amount
1,9.2.2.1/15/I/002,1,2016-01-01,2016-06-30,2016-07-15,398161.28
2,9.2.2.1/15/I/002,2,2016-07-01,2016-12-31,2017-01-20,3592.19
EOF
cat >"$F/compensation_payments.csv" <<'EOF'
id,project,municipality,period_start,period_end,paid_on,amount,esf,state
1,9.2.2.1/15/I/002,0400200,2019-01-01,2019-03-31,2019-04-20,1000.01,,
2,9.2.2.1/15/I/002,0025000,2021-07-01,2021-09-30,2021-10-15,3592.19,3053.36,538.83
EOF
cat >"$F/plan_objects.csv" <<'EOF'
id,region,municipality,name,target_group,service,places,erdf,status,added_on,facility_id,address,state,municipal,other,other_sources,planned_completion,actual_completion
1,ZPR,0400200,DAC Bauskā,grt,day_care,20,156584.49,operating,2017-06-01,1,"Rūpniecības iela 9, Bauska",1000.00,27632.56,500.00,Biedrības ziedojums,2019-12-31,2020-02-03
2,ZPR,0028000,Grupu māja Dobelē,grt,group_home,8,,planned,2021-09-01,,,,,,,,
EOF
cat >"$F/plan_amendments.csv" <<'EOF'
id,region,number,approved_on,reason,decision_no,decision_on,text
1,ZPR,1,2018-05-01,Grozījumi Nr. 1: vietu skaits,SPAP protokols Nr. 5,2018-04-24,"Bauskas novadā DAC 20 vietas (iepriekš 16)."
EOF
cat >"$F/plan_object_changes.csv" <<'EOF'
id,amendment_id,object_id,field,old_value,new_value,effective_on,reason
1,1,1,places,16,20,,
2,1,1,added,,,,
3,,1,status,building,operating,2019-06-03,Reģistrēts sociālo pakalpojumu sniedzēju reģistrā
EOF
cat >"$F/cooperation.csv" <<'EOF'
id,municipality,partner,service,target_group,kind,places,valid_from,valid_to,decision
1,0400200,0460200,day_care,grt,existing,5,2019-01-01,2020-12-31,"Līgums Nr. 2-15/7, 12.12.2018."
2,0025000,0028000,group_home,grt,planned,,,,
EOF
cat >"$F/indicators.csv" <<'EOF'
id,region,key,kind,name_lv,name_en,source,computation,entered_by_role,baseline_year,baseline,target_year,target,sort
1,ZPR,places_created,output,Izveidotās vietas,Places created,entered,,region,2016,0,2023,120,1
2,ZPR,grt_assessed,output,Izvērtētie pieaugušie ar GRT,Adults with mental disorders assessed,computed,grt_assessed,,,,2023,300,2
EOF
cat >"$F/indicator_values.csv" <<'EOF'
id,indicator_id,period_year,value,entered_by,entered_on
1,1,2019,35,Koordinatore,2020-01-15
EOF

# ------------------------------------------------- (1) round trip is exact
new_db a
import_all "$(db a)" "$F"
export_all "$(db a)" "$T/e1"
for k in "${KINDS[@]}"; do
  [ "$(wc -l <"$T/e1/$k.csv")" -ge 2 ] || fail "export of $k has no rows"
  [ "$(stat -c %a "$T/e1/$k.csv")" = 600 ] || fail "export of $k is not mode 0600"
  head -n1 "$T/e1/$k.csv" | cmp -s - <(head -n1 "$F/$k.csv") || fail "export of $k: header differs from the fixture"
done
ok
# Values the database derives or normalises come out as documented.
expect_in "$T/e1/clients.csv" "5,323691-93794,2020-01-01,Marta" "current code and its date"
expect_in "$T/e1/clients.csv" "3,121282-11210,2019-04-02," "code_since defaults to registered_on"
expect_in "$T/e1/former_codes.csv" ",5,290156-11605,2019-05-05,2019-12-31" "former code"
expect_in "$T/e1/assessments.csv" "care|day_care|respite" "needs in code order"
expect_in "$T/e1/assessments.csv" '"Ozols "' "a trailing space is kept by quoting"
expect_in "$T/e1/compensation_payments.csv" "1000.01,850.01,150.00" "ESF/state split per payment"
expect_in "$T/e1/plan_objects.csv" ",8,0.00,planned," "an empty ERDF amount is 0.00"
expect_in "$T/e1/plan_objects.csv" '"Rūpniecības iela 9, Bauska",1000.00,27632.56,500.00,Biedrības ziedojums,2019-12-31,2020-02-03' \
  "plan_objects: address, other funding and completion"
expect_in "$T/e1/plan_amendments.csv" "SPAP protokols Nr. 5,2018-04-24,Bauskas novadā DAC 20 vietas (iepriekš 16)." \
  "plan_amendments: decision and text"
expect_in "$T/e1/support_plans.csv" '"Goals with ""quotes"", commas' "quoted multi-line text"
[ "$(grep -c . "$T/e1/clients.csv")" = 6 ] || fail "clients export should have 5 rows"
# The person as registered goes out with the client; later changes as their
# own kinds, in date order; the representative of registration as link 1.
expect_in "$T/e1/clients.csv" "1,161175-19997,2019-03-01,Anna,Ozola,1975-11-16,0400200,,grt,,2,,,2019-03-01" \
  "clients: as registered"
expect_in "$T/e1/clients.csv" "2,328673-00679,2019-04-02,Jānis,\"Bērziņš, jaunākais\",2012-05-04,0400200,,ft,,," \
  "clients: representative_id left to representatives"
expect_in "$T/e1/client_corrections.csv" "1,2020-06-01,Laulība,Anna,Kalniņa,1975-11-16,grt,1,," "correction"
expect_in "$T/e1/client_moves.csv" "1,2021-03-01,0460200,,Pārcēlās pie meitas uz Dobeli" "move"
expect_in "$T/e1/client_moves.csv" "1,2022-02-01,0025000,,Atgriezās Bauskā" "move back"
expect_in "$T/e1/case_status.csv" "4,2021-12-31,closed,moved_away,Aizbrauca uz ārzemēm" "closure"
expect_in "$T/e1/case_status.csv" "4,2022-01-20,open,,Atgriezās" "reopening"
expect_in "$T/e1/case_status.csv" "5,2021-10-01,closed,died," "closure without a text"
expect_in "$T/e1/representatives.csv" "1,2,3,legal_representative,2019-04-02," "link of registration"
expect_in "$T/e1/representatives.csv" "2,2,1,guardian,2019-04-02,2020-12-31" "link with an end"

new_db b
import_all "$(db b)" "$T/e1"
export_all "$(db b)" "$T/e2"
diff -r "$T/e1" "$T/e2" >&2 || fail "export → import → export is not byte-identical"
ok

if db_is_pg || command -v sqlite3 >/dev/null; then
  # The history is the same in both databases: versions and their reasons.
  q="SELECT client_id, valid_from, COALESCE(valid_to, ''), given_name, family_name, municipality_id, case_status,
     COALESCE(closed_reason, ''), correct_reason, move_reason, reopen_reason FROM client_version
     ORDER BY client_id, valid_from"
  [ "$(dbq "$(db a)" "$q")" = "$(dbq "$(db b)" "$q")" ] || fail "the versions differ after a round trip"
  [ "$(dbq "$(db b)" "SELECT COUNT(*) FROM client_version WHERE client_id = 1")" = 4 ] \
    || fail "client 1 should have four versions (registered, married, moved, back)"
  [ "$(dbq "$(db b)" "SELECT family_name FROM client WHERE id = 1")" = "Kalniņa" ] \
    || fail "the client row should hold today's family name"
  ok
fi

# --out - writes the same CSV to stdout.
"$KOPA" export --db "$(db a)" --kind clients --out - >"$T/stdout.csv"
cmp -s "$T/stdout.csv" "$T/e1/clients.csv" || fail "--out - differs from the file export"
ok
# An existing file with a looser mode is replaced by a 0600 one.
echo old >"$T/loose.csv"
chmod 644 "$T/loose.csv"
"$KOPA" export --db "$(db a)" --kind former_codes --out "$T/loose.csv"
[ "$(stat -c %a "$T/loose.csv")" = 600 ] || fail "export over an existing file is not mode 0600"
ok

if db_is_pg || command -v sqlite3 >/dev/null; then
  [ "$(dbq "$(db b)" "SELECT detail FROM audit WHERE action = 'import' AND entity = 'clients'")" = \
    "5 rows from clients.csv" ] || fail "no audit record for the clients import"
  # The import is the event: one record for the file, none per delivery.
  [ "$(dbq "$(db b)" "SELECT COUNT(*) FROM audit WHERE action = 'import' AND entity = 'deliveries'")" = 1 ] \
    || fail "not one audit record for the deliveries import"
  [ "$(dbq "$(db b)" "SELECT COUNT(*) FROM audit WHERE entity = 'delivery'")" = 0 ] \
    || fail "imported deliveries have audit records of their own"
  # A file named with a personal code's shape: the name is kept, the code is not.
  cp "$T/e1/providers.csv" "$T/010190-12345.csv"
  new_db named
  "$KOPA" import --db "$(db named)" --kind providers "$T/010190-12345.csv" >/dev/null || fail "import of a renamed file"
  [ "$(dbq "$(db named)" "SELECT detail FROM audit WHERE action = 'import'")" = \
    "$(dbq "$(db named)" "SELECT COUNT(*) FROM provider") rows from ******-*****.csv" ] \
    || fail "the import's audit record shows a personal code"
  [ "$(dbq "$(db a)" "SELECT COUNT(*) FROM audit WHERE action = 'export' AND entity = 'clients'")" -ge 1 ] \
    || fail "no audit record for the clients export"
  ! dbq "$(db a)" "SELECT detail FROM audit" | grep -qE '[0-9]{6}-[0-9]{5}' || fail "a personal code in the audit"
  ok
fi

# ------------------------------------ (2)–(4) refused files change nothing
# c.db holds records of kinds that need no clients; a clients file is new to
# it, so only the damage makes an import fail.
new_db c
for k in providers facilities facility_services projects; do
  "$KOPA" import --db "$(db c)" --kind "$k" "$T/e1/$k.csv" >/dev/null
done
export_all "$(db c)" "$T/c-before"
mkdir -p "$T/bad"

# refused KIND FILE: import must exit 1 and leave c.db as it was.
refused() {
  local status=0
  "$KOPA" import --db "$(db c)" --kind "$1" "$2" >"$T/stdout" 2>"$T/stderr" || status=$?
  [ "$status" = 1 ] || { cat "$T/stderr" >&2; fail "import of $2 exited $status, expected 1"; }
  [ ! -s "$T/stdout" ] || fail "refused import printed to stdout: $(cat "$T/stdout")"
  rm -rf "$T/c-after"
  export_all "$(db c)" "$T/c-after"
  diff -r "$T/c-before" "$T/c-after" >&2 || fail "refused import of $2 changed the database"
  ok
}

# corrupt KIND LINE 'PATTERN/REPLACEMENT' NAME: a copy of the exported file
# with one line edited.
corrupt() {
  sed "$2s/$3/" "$T/e1/$1.csv" >"$T/bad/$4"
  cmp -s "$T/e1/$1.csv" "$T/bad/$4" && fail "corrupt: '$3' changed nothing in $1.csv"
  return 0
}

corrupt clients 2 "161175-19997/161175-19996" check_digit.csv
refused clients "$T/bad/check_digit.csv"
expect_in "$T/stderr" "$T/bad/check_digit.csv:2: column 'personal_code'" "bad check digit"
grep -qF 161175-1999 "$T/stderr" && fail "a personal code appears in an error message"
ok

corrupt clients 3 "0400200/0999999" municipality.csv
refused clients "$T/bad/municipality.csv"
expect_in "$T/stderr" "$T/bad/municipality.csv:3: column 'municipality' (value '0999999'): unknown municipality" \
  "unknown municipality"

corrupt clients 4 "2019-04-02\$/2021-02-30" date.csv
refused clients "$T/bad/date.csv"
expect_in "$T/stderr" "$T/bad/date.csv:4: column 'registered_on' (value '2021-02-30'): not a valid date" "bad date"

corrupt payment_requests 2 "398161.28/\"156,584,49\"" amount.csv
refused payment_requests "$T/bad/amount.csv"
expect_in "$T/stderr" "$T/bad/amount.csv:2: column 'amount' (value '156,584,49'): not a valid amount" "bad amount"

# (3) two bad rows: both are reported, in line order.
sed -e '2s/161175-19997/161175-19996/' -e '6s/2019-05-05$/2019-13-01/' "$T/e1/clients.csv" >"$T/bad/two.csv"
refused clients "$T/bad/two.csv"
expect_in "$T/stderr" "$T/bad/two.csv:2: column 'personal_code'" "first of two bad rows"
expect_in "$T/stderr" "$T/bad/two.csv:6: column 'registered_on' (value '2019-13-01')" "second of two bad rows"
[ "$(grep -n "two.csv:2:" "$T/stderr" | head -1 | cut -d: -f1)" -lt "$(grep -n "two.csv:6:" "$T/stderr" | head -1 | cut -d: -f1)" ] \
  || fail "errors are not in line order"
ok

# (4) the same personal code twice in one file.
sed '3s/328673-00679/161175-19997/; 3s/2012-05-04/1975-11-16/; 3s/,ft,,/,grt,,/; 3s/,1,2019-04-02$/,,2019-04-02/' \
  "$T/e1/clients.csv" >"$T/bad/duplicate.csv"
refused clients "$T/bad/duplicate.csv"
expect_in "$T/stderr" "$T/bad/duplicate.csv:3: column 'personal_code'" "duplicate personal code"
expect_in "$T/stderr" "already registered" "duplicate personal code"
grep -qF 161175-19997 "$T/stderr" && fail "a personal code appears in an error message"
ok

# The file itself is wrong: header, field count, quoting, encoding.
{ head -n1 "$T/e1/clients.csv" | sed 's/$/,nickname,shoe_size/'; tail -n +2 "$T/e1/clients.csv" | sed 's/$/,x,42/'; } \
  >"$T/bad/columns.csv"
refused clients "$T/bad/columns.csv"
expect_in "$T/stderr" "$T/bad/columns.csv:1: unknown columns: 'nickname', 'shoe_size'" "unknown columns"

cut -d, -f1-4 "$T/e1/providers.csv" >"$T/bad/missing.csv"
refused providers "$T/bad/missing.csv"
expect_in "$T/stderr" "$T/bad/missing.csv:1: required columns are missing: registered_on" "missing column"

sed '5s/,0003000,/,/' "$T/e1/clients.csv" >"$T/bad/short.csv"
refused clients "$T/bad/short.csv"
expect_in "$T/stderr" "$T/bad/short.csv:5: the row has 13 fields but the header has 14" "short row"

printf 'id,name,reg_no,municipality,registered_on,closed_on\n9,"Unclosed,40003000009,0400200,2010-01-01,\n' \
  >"$T/bad/quote.csv"
refused providers "$T/bad/quote.csv"
expect_in "$T/stderr" "$T/bad/quote.csv" "unclosed quote"

printf 'id,name,reg_no,municipality,registered_on,closed_on\n9,SIA \xe2ana,40003000009,0400200,2010-01-01,\n' \
  >"$T/bad/latin.csv"
refused providers "$T/bad/latin.csv"
expect_in "$T/stderr" "not UTF-8" "not UTF-8"

# UTF-16 without a byte-order mark: ASCII with NUL bytes between (found by
# tests/fuzz/fuzz_csv; the reader used to cut every field at the first NUL).
printf 'i\0d\0,\0n\0a\0m\0e\0\n\0' >"$T/bad/utf16.csv"
refused providers "$T/bad/utf16.csv"
expect_in "$T/stderr" "utf16.csv:1: not UTF-8 text (byte 2 is NUL: UTF-16?)" "NUL bytes"

: >"$T/bad/empty.csv"
refused providers "$T/bad/empty.csv"
expect_in "$T/stderr" "empty" "empty file"

# A person's history that does not hold together: an overlapping former
# code (two valid codes at once), a move to where the person already is, a
# correction before registration, a second closure, a link to oneself.
new_db h
"$KOPA" import --db "$(db h)" --kind clients "$T/e1/clients.csv" >/dev/null
counts() {
  if db_is_pg || command -v sqlite3 >/dev/null; then
    dbq "$(db h)" "SELECT COUNT(*) FROM client_version; SELECT COUNT(*) FROM personal_code;
                       SELECT COUNT(*) FROM client_representative; SELECT COUNT(*) FROM audit"
  fi
}
hist_refused() { # KIND FILE EXPECTED-MESSAGE
  local status=0 before after
  before="$(counts)"
  "$KOPA" import --db "$(db h)" --kind "$1" "$2" >"$T/stdout" 2>"$T/stderr" || status=$?
  [ "$status" = 1 ] || { cat "$T/stderr" >&2; fail "import of $2 exited $status, expected 1"; }
  expect_in "$T/stderr" "$3" "$1 refused"
  after="$(counts)"
  [ "$before" = "$after" ] || fail "refused import of $2 changed the database"
}
printf 'id,client_id,personal_code,valid_from,valid_to\n,5,290156-11605,2019-05-05,2020-02-01\n' >"$T/bad/overlap.csv"
hist_refused former_codes "$T/bad/overlap.csv" \
  "overlap.csv:2: column 'valid_from' (value '2019-05-05'): overlaps the period of another code"
grep -qF 290156-11605 "$T/stderr" && fail "a personal code appears in an error message"
printf 'client_id,effective_on,municipality,parish,reason\n1,2020-01-01,0400200,,x\n' >"$T/bad/same.csv"
hist_refused client_moves "$T/bad/same.csv" "same.csv:2: column 'municipality' (value '0400200')"
head -n1 "$F/client_corrections.csv" >"$T/bad/early.csv"
echo '1,2019-01-01,x,Anna,Ozola,1975-11-16,grt,2,,' >>"$T/bad/early.csv"
hist_refused client_corrections "$T/bad/early.csv" "early.csv:2: column 'effective_on' (value '2019-01-01')"
printf 'client_id,effective_on,status,closing_reason,reason\n5,2021-10-01,closed,died,\n5,2021-11-01,closed,died,\n' \
  >"$T/bad/twice.csv"
hist_refused case_status "$T/bad/twice.csv" "twice.csv:3: column 'status'"
printf 'id,client_id,representative_id,kind,valid_from,valid_to\n,2,2,parent,2019-04-02,\n' >"$T/bad/self.csv"
hist_refused representatives "$T/bad/self.csv" "self.csv:2: column 'representative_id'"
ok

# The good file still goes in after all that.
"$KOPA" import --db "$(db c)" --kind clients "$T/e1/clients.csv" >"$T/stdout"
expect_in "$T/stdout" "imported 5 rows of clients" "good file after refused ones"

# A new-format code whose check digit fails is a warning, not a refusal.
new_db w
printf '%s\n%s\n' "$(head -n1 "$F/clients.csv")" "1,328673-00677,,Test,Brīdinājums,1990-01-01,0025000,,grt,,1,,,2022-01-01" \
  >"$T/bad/warning.csv"
"$KOPA" import --db "$(db w)" --kind clients "$T/bad/warning.csv" >"$T/stdout" 2>"$T/stderr" \
  || { cat "$T/stderr" >&2; fail "a check-digit warning refused the import"; }
expect_in "$T/stdout" "imported 1 rows of clients" "import with a warning"
expect_in "$T/stderr" "warning: $T/bad/warning.csv:2: column 'personal_code'" "warning printed"
grep -qF 328673-00677 "$T/stderr" && fail "a personal code appears in a warning"
ok

# ------------------------------------------------------- (5) usage errors
usage() { # usage EXPECTED_STATUS ARGS...
  local want=$1 status=0
  shift
  "$KOPA" "$@" >"$T/stdout" 2>"$T/stderr" || status=$?
  [ "$status" = "$want" ] || { cat "$T/stderr" >&2; fail "kopa $* exited $status, expected $want"; }
  ok
}
for cmd in import export; do
  usage 0 "$cmd" --help
  expect_in "$T/stdout" "usage: kopa $cmd" "$cmd --help"
  expect_in "$T/stdout" "clients, former_codes, residences" "$cmd --help lists the kinds"
  expect_in "$T/stdout" "indicator_values" "$cmd --help lists the kinds"
done
usage 2 import --db "$(db a)" --kind patients "$T/e1/clients.csv"
expect_in "$T/stderr" "unknown kind 'patients'" "import unknown kind"
expect_in "$T/stderr" "clients, former_codes" "import unknown kind lists the kinds"
usage 2 export --db "$(db a)" --kind patients --out "$T/x.csv"
expect_in "$T/stderr" "unknown kind 'patients'" "export unknown kind"
expect_in "$T/stderr" "indicator_values" "export unknown kind lists the kinds"
[ ! -e "$T/x.csv" ] || fail "export with a usage error wrote a file"
usage 2 import --db "$(db a)" --kind clients
usage 2 import --db "$(db a)" --kind clients "$T/e1/clients.csv" "$T/e1/clients.csv"
usage 2 import --db "$(db a)" --kind clients --bogus "$T/e1/clients.csv"
usage 2 export --db "$(db a)" --kind clients
usage 1 import --db "$(db nonexistent)" --kind clients "$T/e1/clients.csv"
usage 1 import --db "$(db c)" --kind clients "$T/no-such-file.csv"
expect_in "$T/stderr" "no-such-file.csv" "missing file named"

# --------------------------------------- the demo database, when there is one
if "$KOPA" demo --help >/dev/null 2>&1; then
  db_demo demo
  export_all "$(db demo)" "$T/d1"
  new_db d
  import_all "$(db d)" "$T/d1"
  export_all "$(db d)" "$T/d2"
  diff -r "$T/d1" "$T/d2" >&2 || fail "demo: export → import → export is not byte-identical"
  ok
  echo "test_import_export: demo round trip ok ($(cat "$T"/d1/*.csv | wc -l) lines)"
else
  echo "test_import_export: kopa demo not available; demo round trip skipped"
fi

echo "test_import_export: ok ($checks checks)"
