#!/usr/bin/env bash
# The command line's promises: help, usage errors, init's key file and its
# refusal to overwrite, catalogue errors that name file, line and column,
# and the evaluation report's shape and arguments.
set -euo pipefail
KOPA=${KOPA:?} KOPA_SRC=${KOPA_SRC:?}
T=${KOPA_TMP:?}
rm -rf "$T" && mkdir -p "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$KOPA" --help | grep -q 'usage: kopa' || fail "kopa --help"
set +e
"$KOPA" frobnicate 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown command should exit 2, got $rc"
grep -q "unknown command 'frobnicate'" "$T/err" || fail "unknown command message"
for c in init demo import export report; do
  "$KOPA" "$c" --help >/dev/null || fail "kopa $c --help"
done

# init: database and a key readable by its owner only.
"$KOPA" init --db "$T/a.db" >/dev/null
[ -f "$T/a.db" ] || fail "init made no database"
[ "$(stat -c %a "$T/a.db.key")" = 600 ] || fail "key file mode is $(stat -c %a "$T/a.db.key")"
before=$(sha256sum "$T/a.db.key")
set +e
"$KOPA" init --db "$T/a.db" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 1 ] || fail "second init should fail"
grep -q "already exists" "$T/err" || fail "second init message"
[ "$(sha256sum "$T/a.db.key")" = "$before" ] || fail "second init touched the key"

# A key readable by others is refused.
chmod 644 "$T/a.db.key"
set +e
"$KOPA" export --db "$T/a.db" --kind clients --out "$T/c.csv" 2>"$T/err"; rc=$?
set -e
[ "$rc" != 0 ] || fail "a world-readable key should be refused"
grep -q "chmod 600" "$T/err" || fail "key permission message: $(cat "$T/err")"
chmod 600 "$T/a.db.key"

# Accounts: the password policy applies on the command line, in English.
export KOPA_TEST_FAST_PWHASH=1
set +e
echo aaaaaaaaaa | "$KOPA" user add --db "$T/a.db" --username operators --role admin --password-stdin 2>"$T/err"; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "at least 12 characters" "$T/err" || fail "short password: $rc $(cat "$T/err")"
set +e
echo abcdefghijklmn | "$KOPA" user add --db "$T/a.db" --username operators --role admin --password-stdin 2>"$T/err"; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "dictionary word" "$T/err" || fail "dictionary password: $rc $(cat "$T/err")"
grep -q "The password" "$T/err" && fail "pwquality's own text shown: $(cat "$T/err")"
echo 'Plūme-un-ābols-7' | "$KOPA" user add --db "$T/a.db" --username operators --role admin --password-stdin >/dev/null ||
  fail "a good password refused"
set +e
echo Zebra-operators-779 | "$KOPA" user passwd --db "$T/a.db" --username operators --password-stdin 2>"$T/err"; rc=$?
set -e
[ "$rc" = 1 ] && grep -q "username" "$T/err" || fail "password with the username: $rc $(cat "$T/err")"
set +e
"$KOPA" demo --db "$T/d.db" --demo-password password-1234 2>"$T/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "easily guessed" "$T/err" || fail "weak demo password: $rc $(cat "$T/err")"
[ ! -e "$T/d.db" ] || fail "a refused demo password left a database"

# A catalogue with a bad row: nothing is created, the message names file, line, column.
cp -r "$KOPA_SRC/data" "$T/data"
sed -i '5s/,state_city,/,county,/' "$T/data/municipalities.csv"
set +e
"$KOPA" init --db "$T/b.db" --data "$T/data" 2>"$T/err"; rc=$?
set -e
[ "$rc" = 1 ] || fail "init with a bad catalogue should fail"
grep -q "municipalities.csv:5: column 'kind' (value 'county')" "$T/err" || fail "catalogue message: $(cat "$T/err")"
[ ! -e "$T/b.db" ] && [ ! -e "$T/b.db.key" ] || fail "a failed init left files behind"

# Report arguments.
set +e
"$KOPA" report evaluation --db "$T/a.db" --region ZPR 2>"$T/err"; rc=$?
[ "$rc" = 2 ] || fail "report without --at should exit 2"
"$KOPA" report evaluation --db "$T/a.db" --region ZPR --at 2021-02-30 2>"$T/err"; rc=$?
[ "$rc" = 2 ] && grep -q "not a date" "$T/err" || fail "bad --at: $(cat "$T/err")"
"$KOPA" report evaluation --db "$T/a.db" --region XYZ --at 2021-12-31 2>"$T/err"; rc=$?
[ "$rc" = 2 ] && grep -q "unknown region" "$T/err" || fail "unknown region: $(cat "$T/err")"
"$KOPA" report evaluation --db "$T/missing.db" --region ZPR --at 2021-12-31 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && grep -q "kopa init" "$T/err" || fail "missing database: $(cat "$T/err")"
[ ! -e "$T/missing.db" ] || fail "a report created a database"
set -e

# An empty region says so instead of printing zeros as facts.
"$KOPA" report evaluation --db "$T/a.db" --region ZPR --at 2021-12-31 >"$T/empty.csv" 2>"$T/err"
grep -q "no records" "$T/err" || fail "empty region note"
head -1 "$T/empty.csv" | grep -qx 'section,municipality,target_group,item,measure,period,value' || fail "CSV header"
"$KOPA" report evaluation --db "$T/a.db" --region ZPR --at 2021-12-31 --format json 2>/dev/null |
  python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["has_data"] is False, d["has_data"]' || fail "json has_data"
echo "cli basics: ok"
