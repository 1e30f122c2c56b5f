# kopa client register, kopa assign and kopa plan approve: the command line
# runs the same commands as the pages and the API (kp_cmd_run), as a named
# user (--as) in that user's scope. Expected values worked out by hand from
# the demo's accounts: sw-bauska works in Bauska (0025000), sw-dobele in
# Dobele; a client registered here by sw-bauska is outside sw-dobele's scope.
set -u
: "${KOPA:?}" "${KOPA_TMP:?}"
rm -rf "$KOPA_TMP"
mkdir -p "$KOPA_TMP"
cd "$KOPA_TMP"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "${KOPA_SRC:?}/tests/support/db.sh"
db_setup .
q() { dbq "$D" "$1"; }
# run EXPECTED_STATUS command…: runs kopa, output in out.txt / err.txt.
run() {
    want=$1
    shift
    "$KOPA" "$@" >out.txt 2>err.txt
    got=$?
    [ "$got" = "$want" ] || { cat out.txt err.txt >&2; fail "kopa $*: exit $got, expected $want"; }
}

db_demo demo || fail "demo"
D=$(db demo)
DB="--db $D"
clients=$(q "SELECT COUNT(*) FROM client")
sw_bauska=$(q "SELECT id FROM app_user WHERE username = 'sw-bauska'")

# --- register ---------------------------------------------------------------
# Refused input: the message names the option; nothing is written.
run 1 client register $DB --as sw-bauska --personal-code 121282-11210 --given-name Ilze --family-name Ozola \
    --municipality 0025000 --target-group xyz --disability-group 2
grep -q -- "--target-group (value 'xyz')" err.txt || fail "a bad target group does not name --target-group"
grep -q "nothing was written" err.txt || fail "refusal does not say nothing was written"
[ "$(q "SELECT COUNT(*) FROM client")" = "$clients" ] || fail "a refused registration wrote a client"
# A personal code never comes back on the terminal, even in an error.
run 1 client register $DB --as sw-bauska --personal-code 121282-11219 --given-name Ilze --family-name Ozola \
    --municipality 0025000 --target-group grt --disability-group 2
grep -q -- "--personal-code" err.txt || fail "a bad code does not name --personal-code"
grep -q "121282" err.txt && fail "the personal code was echoed"

# Success: registered as sw-bauska, who becomes the client's worker; the
# birth date comes from the old-format code (12.12.1982).
run 0 client register $DB --as sw-bauska --personal-code 121282-11210 --given-name Ilze --family-name Ozola \
    --municipality 0025000 --target-group grt --disability-group 2 --registered-on 2022-01-10
c1=$(sed -n 's/^registered client \([0-9]*\)$/\1/p' out.txt)
[ -n "$c1" ] || fail "no client id printed: $(cat out.txt)"
[ "$(q "SELECT birth_date FROM client WHERE id = $c1")" = "1982-12-12" ] || fail "birth date not from the code"
[ "$(q "SELECT user_id FROM client_worker WHERE client_id = $c1")" = "$sw_bauska" ] ||
    fail "the registering worker is not the client's worker"
[ "$(q "SELECT actor FROM audit WHERE action = 'create' AND entity = 'client' AND entity_id = $c1")" = "sw-bauska" ] ||
    fail "the audit does not name sw-bauska"

# A new-format code whose check digit fails (reference/latvia.md's own
# example, 328673-00677) is a warning: nothing written without --confirm;
# the code read from standard input.
clients=$(q "SELECT COUNT(*) FROM client")
echo 328673-00677 | run 3 client register $DB --as sw-bauska --personal-code - --given-name Jānis \
    --family-name Bērziņš --municipality 0025000 --target-group grt --birth-date 1980-05-05 --disability-group 2
grep -q "warning: --personal-code: the check digit" err.txt || fail "no check-digit warning: $(cat err.txt)"
grep -q -- "--confirm" err.txt || fail "the warning does not name --confirm"
[ "$(q "SELECT COUNT(*) FROM client")" = "$clients" ] || fail "an unconfirmed warning wrote a client"
# Confirmed, with an idempotency key twice: one client.
ids=
for i in 1 2; do
    echo 328673-00677 | run 0 client register $DB --as sw-bauska --personal-code - --given-name Jānis \
        --family-name Bērziņš --municipality 0025000 --target-group grt --birth-date 1980-05-05 \
        --disability-group 2 --confirm --idempotency-key reg-1
    ids="$ids $(grep -o '[0-9][0-9]*' out.txt | head -1)"
done
[ "$(q "SELECT COUNT(*) FROM client")" = $((clients + 1)) ] || fail "a repeated key registered twice"
set -- $ids
[ "$1" = "$2" ] || fail "the repeat gave another id ($1, $2)"
grep -q "nothing written" out.txt || fail "the repeat does not say nothing was written"

# --- assign -----------------------------------------------------------------
assignments=$(q "SELECT COUNT(*) FROM assignment")
# Scope: a worker of another municipality gets "no such client".
run 1 assign $DB --as sw-dobele --client "$c1" --service day_care --start 2022-02-01 --end 2022-02-28 --units 20 --confirm
grep -q "no such client" err.txt || fail "out of scope: $(cat err.txt)"
grep -q "assessment" err.txt && fail "out of scope leaks the client's warnings"
# A client not there at all answers the same.
run 1 assign $DB --as sw-bauska --client 99999999 --service day_care --start 2022-02-01 --end 2022-02-28 --units 20
grep -q "no such client" err.txt || fail "unknown client: $(cat err.txt)"
# No assessment, no plan: two warnings, nothing written without --confirm.
run 3 assign $DB --as sw-bauska --client "$c1" --service day_care --start 2022-02-01 --end 2022-02-28 --units 20
[ "$(grep -c '^kopa assign: warning: ' err.txt)" = 2 ] || fail "expected two warnings: $(cat err.txt)"
[ "$(q "SELECT COUNT(*) FROM assignment")" = "$assignments" ] || fail "an unconfirmed warning wrote an assignment"
# Refused input names the option.
run 1 assign $DB --as sw-bauska --client "$c1" --service day_care --start 2022-02-30 --end 2022-02-28 --units 20 --confirm
grep -q -- "--start (value '2022-02-30')" err.txt || fail "a bad start date does not name --start: $(cat err.txt)"
# A rule refuses: respite at most 30 days a year, 31 asked.
run 1 assign $DB --as sw-bauska --client "$c1" --service respite --mode full --start 2022-03-01 --end 2022-03-31 \
    --units 31 --confirm
grep -q -- "--units: Respite: at most 30 days in calendar year 2022; used 0, requested 31" err.txt ||
    fail "the respite rule's refusal: $(cat err.txt)"
[ "$(q "SELECT COUNT(*) FROM assignment")" = "$assignments" ] || fail "a refused assignment was written"
run 2 assign $DB --as sw-bauska --client 12x --service day_care
grep -q -- "--client '12x'" err.txt || fail "a bad id does not name --client"
# Confirmed with a key, twice: one assignment, by sw-bauska.
run 0 assign $DB --as sw-bauska --client "$c1" --service day_care --start 2022-02-01 --end 2022-02-28 --units 20 \
    --confirm --idempotency-key as-1
a1=$(sed -n 's/^granted: assignment \([0-9]*\)$/\1/p' out.txt)
[ -n "$a1" ] || fail "no assignment id printed: $(cat out.txt)"
run 0 assign $DB --as sw-bauska --client "$c1" --service day_care --start 2022-02-01 --end 2022-02-28 --units 20 \
    --confirm --idempotency-key as-1
grep -q "^assignment $a1 " out.txt || fail "the repeat did not give the first assignment"
[ "$(q "SELECT COUNT(*) FROM assignment")" = $((assignments + 1)) ] || fail "a repeated key assigned twice"
[ "$(q "SELECT client_id || ' ' || service_code || ' ' || start_date || ' ' || end_date || ' ' || units
       FROM assignment WHERE id = $a1")" = "$c1 day_care 2022-02-01 2022-02-28 20" ] || fail "assignment fields"
[ "$(q "SELECT actor FROM audit WHERE entity = 'assignment' AND entity_id = $a1 ORDER BY id LIMIT 1")" = "sw-bauska" ] ||
    fail "the assignment's audit does not name sw-bauska"

# --- plan approve -----------------------------------------------------------
q "INSERT INTO support_plan(id, client_id, version, status, goals, review_on, created_on)
     VALUES (900001, $c1, 1, 'draft', 'Patstāvīga dzīve', '2022-12-01', '2022-01-20');
   INSERT INTO plan_item(plan_id, service_code, volume, start_date, end_date, goal)
     VALUES (900001, 'day_care', 20, '2022-02-01', '2022-11-30', 'Ikdienas prasmes');"
# Without --confirm: what would happen, nothing written.
run 3 plan approve $DB --as sw-bauska --client "$c1" --plan 900001 --approved-on 2022-01-25
grep -q "bring version 1 into force on 2022-01-25" out.txt || fail "no preview: $(cat out.txt)"
grep -q "reviewed by 2022-12-01" out.txt || fail "the preview has no review date"
[ "$(q "SELECT status FROM support_plan WHERE id = 900001")" = draft ] || fail "approved without --confirm"
# Another municipality's worker, and a plan named under another client.
run 1 plan approve $DB --as sw-dobele --client "$c1" --plan 900001 --confirm
grep -q "no such plan" err.txt || fail "out of scope plan: $(cat err.txt)"
other=$(q "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id
           WHERE m.atvk = '0025000' AND c.id <> $c1 ORDER BY c.id LIMIT 1")
run 1 plan approve $DB --as sw-bauska --client "$other" --plan 900001 --confirm
grep -q "no such plan" err.txt || fail "another client's plan: $(cat err.txt)"
run 1 plan approve $DB --as sw-bauska --client "$c1" --plan 900001 --confirm --approved-on 2022-13-01
grep -q -- "--approved-on" err.txt || fail "a bad date does not name --approved-on: $(cat err.txt)"
[ "$(q "SELECT status FROM support_plan WHERE id = 900001")" = draft ] || fail "a refused approval wrote"
run 0 plan approve $DB --as sw-bauska --client "$c1" --plan 900001 --confirm --approved-on 2022-01-25
grep -q "approved plan 900001" out.txt || fail "approval: $(cat out.txt)"
[ "$(q "SELECT status || ' ' || approved_on FROM support_plan WHERE id = 900001")" = "approved 2022-01-25" ] ||
    fail "the plan is not approved on the date"
[ "$(q "SELECT actor FROM audit WHERE action = 'approve' AND entity_id = 900001")" = "sw-bauska" ] ||
    fail "the approval's audit does not name sw-bauska"

# --- --as -------------------------------------------------------------------
run 2 assign $DB --client "$c1" --service day_care
grep -q -- "--as USERNAME is required" err.txt || fail "missing --as: $(cat err.txt)"
run 1 assign $DB --as nobody --client "$c1" --service day_care
grep -q -- "--as: no user account 'nobody'" err.txt || fail "unknown --as: $(cat err.txt)"
"$KOPA" user disable $DB --username sw-jekabpils >/dev/null || fail "disable"
run 1 assign $DB --as sw-jekabpils --client "$c1" --service day_care
grep -q "disabled" err.txt || fail "disabled --as: $(cat err.txt)"
# Provider staff may not register clients.
# (010101-10006: (1 + 0·10 + 1·5 + 0·8 + 1·4 + 0·2 + 1·1 + 1·6) mod 11 = 6.)
run 1 client register $DB --as provider-1 --personal-code 010101-10006 --given-name A --family-name B \
    --municipality 0025000 --target-group grt --disability-group 2
grep -q "the user provider-1 may not do this" err.txt || fail "provider registering: $(cat err.txt)"
echo ok
