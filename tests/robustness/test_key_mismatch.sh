#!/usr/bin/env bash
# A key file of another database is refused by every command that opens a
# database, with a message naming both files and exit status 1, and the
# database is left byte for byte as it was; a missing key file is refused when
# the database records a check value; a database made before check values
# records its key on first use, after the key proved it opens a stored code.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
export KOPA_DATA_DIR="${KOPA_SRC:-$here/../..}/data"
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
unset KOPA_KEY_FILE
cleanup() { [ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "test_key_mismatch: FAILED: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); }

A="$T/a.db" B="$T/b.db"
"$KOPA" init --db "$A" >/dev/null
"$KOPA" init --db "$B" >/dev/null
cat >"$T/clients.csv" <<'CSV'
id,personal_code,code_since,given_name,family_name,birth_date,municipality,target_group,representative_id,disability_group,special_care_from,parents_working,registered_on
1,161175-19997,,Anna,Ozola,1975-11-16,0400200,grt,,2,,,2019-03-01
CSV
"$KOPA" import --db "$A" --kind clients "$T/clients.csv" >/dev/null
[ "$(sqlite3 "$A" 'SELECT COUNT(*) FROM key_check')" = 1 ] || fail "kopa init recorded no key check value"
sqlite3 "$A" 'SELECT hex(check_value) FROM key_check' | grep -qv "$(tr -d '\n' <"$A.key" | tr a-f A-F)" ||
  fail "the database holds the key itself"
ok

# expect_refused WHAT CMD...: exit status 1, the message names both files,
# and the database file is unchanged (no log or journal left beside it).
expect_refused() {
  local what=$1 pattern=$2
  shift 2
  local before after st=0
  before=$(sha256sum <"$A")
  timeout 30 "$@" </dev/null >"$T/out" 2>"$T/err" || st=$?
  [ "$st" = 1 ] || { cat "$T/err" >&2; fail "$what: exit status $st, expected 1"; }
  grep -qF -- "$pattern" "$T/err" || { cat "$T/err" >&2; fail "$what: expected '$pattern' in the message above"; }
  after=$(sha256sum <"$A")
  [ "$before" = "$after" ] || fail "$what changed the database"
  [ ! -s "$A-wal" ] || fail "$what left a write-ahead log"
  [ ! -e "$A-journal" ] || fail "$what left a journal"
  ok
}

# Every command that opens a database, with B's key.
export KOPA_KEY_FILE="$B.key"
msg="key file $B.key does not belong to database $A (its check value differs); use the key file made with this database"
expect_refused "serve" "$msg" "$KOPA" serve --db "$A" --listen 127.0.0.1:0 --quiet
expect_refused "import" "$msg" "$KOPA" import --db "$A" --kind clients "$T/clients.csv"
expect_refused "export" "$msg" "$KOPA" export --db "$A" --kind clients --out "$T/x.csv"
[ ! -e "$T/x.csv" ] || fail "a refused export wrote a file"
expect_refused "export to stdout" "$msg" "$KOPA" export --db "$A" --kind clients --out -
expect_refused "report" "$msg" "$KOPA" report evaluation --db "$A" --region ZPR --at 2021-12-31 --format csv
expect_refused "document" "$msg" "$KOPA" document support-plan --db "$A" --plan 1 --out "$T/p.pdf"
expect_refused "document statement" "$msg" "$KOPA" document statement --db "$A" --provider 1 --municipality 0400200 \
  --month 2021-10 --out "$T/s.pdf"
expect_refused "claim show" "$msg" "$KOPA" claim show --db "$A" --claim 1
expect_refused "claim build" "$msg" "$KOPA" claim build --db "$A" --municipality 0400200 --month 2021-10
expect_refused "user list" "$msg" "$KOPA" user list --db "$A"
expect_refused "user add" "$msg" "$KOPA" user add --db "$A" --username x-user --role ministry --password-stdin
expect_refused "check-db" "$msg" "$KOPA" check-db --db "$A"
# A new database is never made with an existing key.
st=0
"$KOPA" init --db "$T/c.db" >/dev/null 2>"$T/err" || st=$?
[ "$st" = 1 ] && [ ! -e "$T/c.db" ] && grep -qF "key file $B.key already exists" "$T/err" ||
  fail "kopa init with an existing KOPA_KEY_FILE: status $st: $(cat "$T/err")"
ok
# restore proves the backup belongs to the key it is given.
unset KOPA_KEY_FILE
"$KOPA" backup --db "$A" --out "$T/a.bak" >/dev/null
st=0
"$KOPA" restore --from "$T/a.bak" --db "$T/r.db" --key "$B.key" >/dev/null 2>"$T/err" || st=$?
[ "$st" = 1 ] && [ ! -e "$T/r.db" ] && [ ! -e "$T/r.db.key" ] &&
  grep -qF "key file $B.key does not belong to database $T/a.bak (its check value differs)" "$T/err" ||
  fail "restore with the wrong key: status $st: $(cat "$T/err")"
[ -z "$(find "$T" -name 'r.db*')" ] || fail "a refused restore left files: $(find "$T" -name 'r.db*')"
ok

# The right key, named the same way, works (the refusals above are the key's).
KOPA_KEY_FILE="$A.key" "$KOPA" export --db "$A" --kind clients --out - | grep -q 161175-19997 ||
  fail "export with the right key lacks the personal code"
"$KOPA" check-db --db "$A" | grep -qF "key file $A.key belongs to it" || fail "check-db with the right key"
ok

# A missing key file, where the database records a check value.
mv "$A.key" "$T/away.key"
expect_refused "serve without its key" "key file $A.key of database $A is missing" \
  "$KOPA" serve --db "$A" --listen 127.0.0.1:0 --quiet
expect_refused "user list without its key" "key file $A.key of database $A is missing" "$KOPA" user list --db "$A"
expect_refused "report without its key" "key file $A.key of database $A is missing" \
  "$KOPA" report evaluation --db "$A" --region ZPR --at 2021-12-31
mv "$T/away.key" "$A.key"

# A database made before check values: refused with a key that cannot open
# its personal codes, then recorded on first use with its own key.
sqlite3 "$A" 'DELETE FROM key_check'
export KOPA_KEY_FILE="$B.key"
expect_refused "export, no check value" \
  "key file $B.key does not belong to database $A (it cannot open the personal codes stored there)" \
  "$KOPA" export --db "$A" --kind clients --out -
[ "$(sqlite3 "$A" 'SELECT COUNT(*) FROM key_check')" = 0 ] || fail "a refused key was recorded"
unset KOPA_KEY_FILE
"$KOPA" export --db "$A" --kind clients --out - | grep -q 161175-19997 || fail "export with the own key"
[ "$(sqlite3 "$A" 'SELECT COUNT(*) FROM key_check')" = 1 ] || fail "the first use did not record the key"
KOPA_KEY_FILE="$B.key" expect_refused "export after recording" "$msg" "$KOPA" export --db "$A" --kind clients --out -

echo "key mismatch: ok ($checks checks)"
