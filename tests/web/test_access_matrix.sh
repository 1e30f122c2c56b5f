#!/usr/bin/env bash
# End to end through the real commands: `kopa demo --demo-password`, `kopa serve`
# on 127.0.0.1 (a free port), curl. Checks a role × route × own/foreign scope table,
# that sw-bauska and sw-dobele each see only their own clients with an audit record
# for every client read, CSRF, throttling by device cookie, the access log (no query strings, no
# personal codes), and a clean stop on SIGTERM. Every wait is bounded.
# (The in-process C test tests/unit/web/test_server.c covers the same and more.)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
export KOPA_TEST_FAST_PWHASH=1
. "${KOPA_SRC:-$here/../..}/tests/support/db.sh"
db_setup "$T"
PW=$DEMO_PW
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi; db_cleanup; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is needed"

db_demo demo
D=$(db demo)
"$KOPA" user list --db "$D" | grep -q 'sw-bauska' || fail "kopa user list lacks sw-bauska"
"$KOPA" user list --db "$D" | grep -q 'argon2' && fail "kopa user list shows a hash"

"$KOPA" serve --db "$D" --listen 127.0.0.1:0 >"$T/out" 2>"$T/log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/log")"
B="http://127.0.0.1:$port"
C=(curl -s --max-time 20)

login() { # user → cookie jar $T/$1.jar, prints the CSRF token
  "${C[@]}" -c "$T/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$PW\"}" "$B/api/v1/login" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["csrf"])'
}
status() { # jar method path [csrf] → status code
  local jar=$1 m=$2 p=$3 tok=${4:-}
  local args=(-o /dev/null -w '%{http_code}' -X "$m")
  [ -n "$jar" ] && args+=(-b "$T/$jar.jar")
  [ -n "$tok" ] && args+=(-H "X-CSRF-Token: $tok")
  [ "$m" = POST ] && args+=(-H 'Content-Type: application/json' -d '{}')
  "${C[@]}" "${args[@]}" "$B$p"
}

users=(sw-bauska head-bauska provider-1 region-zpr ministry admin)
declare -A tok
for u in "${users[@]}"; do tok[$u]=$(login "$u"); done

own=$(dbq "$D" "SELECT c.id FROM client c JOIN municipality m ON m.id=c.municipality_id WHERE m.key='bauska' ORDER BY c.id LIMIT 1")
foreign=$(dbq "$D" "SELECT c.id FROM client c JOIN municipality m ON m.id=c.municipality_id WHERE m.key='dobele' ORDER BY c.id LIMIT 1")
pown=$(dbq "$D" "SELECT MIN(client_id) FROM assignment WHERE provider_id=1")
pforeign=$(dbq "$D" "SELECT MIN(id) FROM client WHERE id NOT IN (SELECT client_id FROM assignment WHERE provider_id=1)")

# method path(OWN/FOREIGN substituted)  sw head prov region ministry admin anonymous
matrix='
GET / 303 200 303 200 200 200 302
GET /cost 403 200 403 200 200 403 302
GET /api/v1/progress 403 200 403 200 200 403 401
GET /api/v1/cost 403 200 403 200 200 403 401
GET /caseload 200 200 403 403 403 403 302
GET /clients/OWN 200 200 200 403 403 403 302
GET /clients/FOREIGN 404 404 404 403 403 403 302
GET /caseloads 403 200 403 403 403 403 302
GET /referrals 403 403 200 403 403 403 302
GET /evaluation 403 403 403 200 200 200 302
GET /claims 403 200 403 200 403 403 302
GET /indicators 403 403 403 200 403 403 302
GET /admin/audit 403 403 403 403 403 200 302
GET /api/v1/me 200 200 200 200 200 200 401
GET /api/v1/clients 200 200 200 403 403 403 401
GET /api/v1/clients/OWN 200 200 200 403 403 403 401
GET /api/v1/clients/FOREIGN 404 404 404 403 403 403 401
GET /api/v1/audit?client=OWN 403 403 403 403 403 200 401
POST /api/v1/clients 400 400 403 403 403 403 401
'
while read -r m p e1 e2 e3 e4 e5 e6 e7; do
  [ -z "$m" ] && continue
  want=($e1 $e2 $e3 $e4 $e5 $e6 $e7)
  for i in 0 1 2 3 4 5 6; do
    u=${users[$i]:-}
    o=$own f=$foreign
    [ "$u" = provider-1 ] && o=$pown f=$pforeign
    path=${p//OWN/$o}; path=${path//FOREIGN/$f}
    if [ -n "$u" ]; then got=$(status "$u" "$m" "$path" "${tok[$u]}"); else got=$(status "" "$m" "$path"); fi
    # curl reports 303 for a See Other; the table says 302 for "a redirect".
    [ "$got" = 303 ] && [ "${want[$i]}" = 302 ] && got=302
    [ "$got" = "${want[$i]}" ] || fail "$m $path as ${u:-anonymous}: $got, expected ${want[$i]}"
  done
done <<<"$matrix"

# Each of two social workers sees only their own clients; every read is audited.
for pair in "sw-bauska sw-dobele" "sw-dobele sw-bauska"; do
  set -- $pair
  [ -n "${tok[$1]:-}" ] || tok[$1]=$(login "$1")
  [ -n "${tok[$2]:-}" ] || tok[$2]=$(login "$2")
  ids=$("${C[@]}" -b "$T/$1.jar" "$B/api/v1/clients?limit=10" |
        python3 -c 'import sys,json; print(" ".join(str(i["id"]) for i in json.load(sys.stdin)["items"]))')
  [ -n "$ids" ] || fail "$1 sees no clients"
  for id in $ids; do
    [ "$(status "$1" GET "/api/v1/clients/$id")" = 200 ] || fail "$1 cannot read own client $id"
    [ "$(status "$2" GET "/api/v1/clients/$id")" = 404 ] || fail "$2 can read $1's client $id"
    "${C[@]}" -b "$T/admin.jar" "$B/api/v1/audit?client=$id&limit=1000" |
      python3 -c 'import sys,json
items=json.load(sys.stdin)["items"]
who=sys.argv[1]
acts={i["action"] for i in items if i["actor"]==who}
sys.exit(0 if {"list","view"} <= acts else 1)' "$1" || fail "no list+view audit records of $1 for client $id"
  done
done

# CSRF: a stale token is refused.
[ "$(status sw-bauska POST /api/v1/clients stale-token)" = 403 ] || fail "stale CSRF token accepted"

# Throttling: without the account's device cookie, the 11th bad login in 15
# minutes answers 429 with Retry-After; the owner's browser, which has the
# device cookie from logging in, still gets in.
"${C[@]}" -o /dev/null -c "$T/owner.jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"head-dobele\",\"password\":\"$PW\"}" "$B/api/v1/login"
grep -q kopa_device "$T/owner.jar" || fail "no device cookie after a login"
for i in $(seq 1 10); do
  s=$("${C[@]}" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"username":"head-dobele","password":"wrong-wrong"}' "$B/api/v1/login")
  [ "$s" = 401 ] || fail "bad login $i: $s"
done
"${C[@]}" -D "$T/h429" -o "$T/b429" -H 'Content-Type: application/json' \
  -d "{\"username\":\"head-dobele\",\"password\":\"$PW\"}" "$B/api/v1/login"
grep -q '^HTTP/1.1 429' "$T/h429" || fail "11th login: $(head -1 "$T/h429"), expected 429"
grep -qi '^Retry-After: [0-9]' "$T/h429" || fail "429 without Retry-After"
s=$("${C[@]}" -o /dev/null -w '%{http_code}' -b "$T/owner.jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"head-dobele\",\"password\":\"$PW\"}" "$B/api/v1/login")
[ "$s" = 200 ] || fail "the owner's device was locked out: $s"

# A page through tidy.
"${C[@]}" -b "$T/admin.jar" "$B/admin/audit?client=$own" >"$T/audit.html"
set +e; tidy -q -e "$T/audit.html" 2>"$T/tidy.txt"; rc=$?; set -e
[ "$rc" -lt 2 ] || fail "tidy: $(cat "$T/tidy.txt")"

# A personal code where a {name} goes: the route matches (404 from the page),
# and the log must not print it.
s=$("${C[@]}" -o /dev/null -w '%{http_code}' "$B/static/161175-19997")
[ "$s" = 404 ] || fail "/static/<code>: $s, expected 404"

# Stop: SIGTERM, a clean exit, and a log without query strings or personal codes.
kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "kopa serve did not stop on SIGTERM"
wait "$pid" || fail "kopa serve exited with an error"
pid=""
grep -q 'stopped' "$T/log" || fail "no clean stop in the log"
grep -q 'method=GET path=/api/v1/clients status=200' "$T/log" || fail "no access log lines"
grep -q '?' "$T/log" && fail "a query string in the access log"
grep -Eq '[0-9]{6}-?[0-9]{5}' "$T/log" && fail "something like a personal code in the access log"
echo "access matrix: ok"
