#!/usr/bin/env bash
# Two `kopa serve` on one database behind one address (issue 13, item 3).
#
# The database is KOPA_TEST_DB when set (a path or a database URL), else
# with KOPA_TEST_PG (a PostgreSQL cluster's URL: make check-pg runs this as
# pg/robustness/test_two_servers) a fresh database of its own on that
# cluster, dropped at the end, else an SQLite file in the test's folder
# (WAL: several processes on one machine). Servers A and B run with --trust-proxy, so a test request picks
# its client address with X-Forwarded-For.
#
# 1. Across the two directly: log in through A, read and write through B
#    with the same cookie and CSRF token; a request without the token is
#    refused on B; B's kept list shows a client written through A; a
#    draft saved through A is restored by B's form; the
#    public limit (60 a minute per address) counts requests on both; the
#    application status throttle (20 per 15 minutes) too; a public form's
#    one-use token sent through A is refused through B; logging out through
#    B ends the session on A at once, though A keeps sessions it has read.
# 2. Behind HAProxy (Debian's, docs/examples/haproxy.cfg's defaults and
#    backend sections as they are; without haproxy, storms on both ports
#    with one login): kopa_storm writes over 4 connections, A is killed
#    with -9 mid-storm, B keeps serving (writes acknowledged after the
#    kill, a final storm of 20 all acknowledged); then every write
#    acknowledged (201) is stored with its personal code, none half, and the
#    files pass integrity_check.
# Bounded: every wait has a limit; about half a minute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="${KOPA_SRC:-$here/../..}"
KOPA=${KOPA:-$here/../../build/kopa}
STORM=${KOPA_STORM:-$here/../../build/tests/kopa_storm}
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
export KOPA_TEST_FAST_PWHASH=1
PW=two-servers-pass-4821
DB=${KOPA_TEST_DB:-$T/two.db}
own_db="" # the database this test created on the cluster, dropped at the end
if [ -z "${KOPA_TEST_DB:-}" ] && [ -n "${KOPA_TEST_PG:-}" ]; then
  command -v psql >/dev/null || { echo "FAIL: psql is needed for KOPA_TEST_PG" >&2; exit 1; }
  own_db=kopa_two_servers_$$
  # The cluster's URL with this database's name in its path.
  DB=$(printf '%s' "$KOPA_TEST_PG" | sed "s,^\(postgres[a-z]*://[^/?]*/\)[^?]*,\1$own_db,")
  case "$DB" in *"/$own_db"*) ;; *) echo "FAIL: no database name to replace in KOPA_TEST_PG: $KOPA_TEST_PG" >&2; exit 1 ;; esac
  psql "$KOPA_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS $own_db WITH (FORCE)" \
    -c "CREATE DATABASE $own_db TEMPLATE template0 ENCODING 'UTF8'" >"$T/createdb.out" 2>&1 ||
    { echo "FAIL: cannot create $own_db on the cluster KOPA_TEST_PG: $(cat "$T/createdb.out")" >&2; exit 1; }
  echo "on PostgreSQL: database $own_db of KOPA_TEST_PG"
fi

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$own_db" ]; then
    psql "$KOPA_TEST_PG" -X -q -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $own_db WITH (FORCE)" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$T"/log.a "$T"/log.b "$T"/haproxy.log; do
    [ -s "$f" ] && { echo "--- $f" >&2; grep -v ' status=20[014] \| status=303 ' "$f" | tail -8 >&2; }
  done
  echo "(files kept in $T)" >&2
  exit 1
}
[ -x "$STORM" ] || fail "kopa_storm not built: $STORM"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps)"

# q SQL → the rows, one per line, columns separated by |.
case "$DB" in
  postgres://* | postgresql://*)
    command -v psql >/dev/null || fail "psql is needed for a PostgreSQL database"
    q() { psql "$DB" -X -A -t -q -c "$1"; }
    export KOPA_KEY_FILE="$T/kopa.key" ;;
  *)
    command -v sqlite3 >/dev/null || fail "the sqlite3 command is needed (scripts/install-deps)"
    q() { sqlite3 "$DB" "$1"; } ;;
esac

if ! "$KOPA" init --db "$DB" >"$T/init.out" 2>&1; then
  if grep -q "not built" "$T/init.out"; then
    echo "SKIP: this kopa has no backend for $DB: $(cat "$T/init.out")"
    exit 77
  fi
  fail "kopa init: $(cat "$T/init.out")"
fi
echo "$PW" | "$KOPA" user add --db "$DB" --username two --role social_worker \
  --municipality 0025000 --password-stdin >/dev/null
user_id=$(q "SELECT id FROM app_user WHERE username = 'two'")

# start NAME → server NAME (a or b) on a free port: $port_NAME, $pid_NAME.
start() {
  local name=$1 out="$T/out.$1" port="" pid
  : >"$out"
  "$KOPA" serve --db "$DB" --listen 127.0.0.1:0 --trust-proxy --threads 4 >"$out" 2>>"$T/log.$name" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 200); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$out" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$port" ] || fail "server $name did not start"
  printf -v "port_$name" '%s' "$port"
  printf -v "pid_$name" '%s' "$pid"
}
start a
start b
A=http://127.0.0.1:$port_a
B=http://127.0.0.1:$port_b

# req URL [curl options…] → the status; the body in $T/body, headers in $T/head.
req() {
  local url=$1
  shift
  curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' --max-time 20 "$@" "$url"
}
expect() { # expect STATUS WHAT URL [curl options…]
  local want=$1 what=$2 got
  shift 2
  got=$(req "$@")
  [ "$got" = "$want" ] || fail "$what: $got, expected $want: $(head -c 300 "$T/body")"
}

# A personal code with its check digit: DDMMYYCNNN → DDMMYY-CNNNZ.
code_of() { # DDMMYYCNNN → DDMMYY-CNNNZ
  local d=$1 w=(1 6 3 7 9 10 5 8 4 2) s=0 i
  for i in $(seq 0 9); do s=$((s + w[i] * ${d:i:1})); done
  echo "${d:0:6}-${d:6:4}$(((1101 - s) % 11 % 10))"
}

# ---- 1. One session on two servers ----
expect 200 "health of A" "$A/healthz"
expect 200 "health of B" "$B/healthz"
[ "$(cat "$T/body")" = ok ] || fail "/healthz says '$(cat "$T/body")', not ok"

expect 200 "login through A" "$A/api/v1/login" -H 'Content-Type: application/json' \
  --data "{\"username\":\"two\",\"password\":\"$PW\"}"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(kopa_session=[^;]*\).*/\1/p' "$T/head" | tr -d '\r')
csrf=$(sed -n 's/.*"csrf": *"\([^"]*\)".*/\1/p' "$T/body")
[ -n "$cookie" ] && [ -n "$csrf" ] || fail "no session cookie or CSRF token from the login: $(cat "$T/head")"

expect 200 "the session on B" "$B/api/v1/me" -H "Cookie: $cookie"
grep -q '"two"' "$T/body" || fail "B's /api/v1/me does not name the user: $(cat "$T/body")"
client='{"personal_code":"'"$(code_of 3200000000)"'","given_name":"Anna","family_name":"Abi-Serveri","birth_date":"1970-01-01","municipality":"0025000","target_group":"grt","registered_on":"2022-01-03"}'
expect 403 "a write on B without the CSRF token" "$B/api/v1/clients" -H "Cookie: $cookie" \
  -H 'Content-Type: application/json' --data "$client"
expect 201 "a write on B with A's CSRF token" "$B/api/v1/clients" -H "Cookie: $cookie" \
  -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' --data "$client"
[ "$(q "SELECT COUNT(*) FROM client WHERE family_name = 'Abi-Serveri'")" = 1 ] || fail "B's write is not stored"

# Reads B keeps between requests (the client list's order) see A's writes.
expect 200 "the client list on B" "$B/api/v1/clients" -H "Cookie: $cookie"
grep -q 'Abi-Serveri' "$T/body" || fail "B's client list lacks B's own write: $(head -c 300 "$T/body")"
client2='{"personal_code":"'"$(code_of 3200000001)"'","given_name":"Otto","family_name":"Otrs-Serveris","birth_date":"1971-01-01","municipality":"0025000","target_group":"grt","registered_on":"2022-01-03"}'
expect 201 "a write on A" "$A/api/v1/clients" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' --data "$client2"
expect 200 "the client list on B again" "$B/api/v1/clients" -H "Cookie: $cookie"
grep -q 'Otrs-Serveris' "$T/body" || fail "B's client list does not show the client written through A"

# A draft typed on A (autosave) is what B's form shows.
expect 204 "a draft saved through A" "$A/drafts" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  --data-urlencode 'form=form:/clients/new' --data-urlencode 'body=given_name=Melnraksts&family_name=Divserveru'
expect 200 "the form on B" "$B/clients/new" -H "Cookie: $cookie"
grep -q 'value="Divserveru"' "$T/body" || fail "B's form does not show the draft saved through A"

# The public limit: 60 a minute per address, counted on both servers.
for i in $(seq 1 60); do
  if [ $((i % 2)) -eq 0 ]; then s=$A; else s=$B; fi
  expect 200 "public request $i" "$s/api/v1/public/services" -H 'X-Forwarded-For: 198.51.100.7'
done
expect 429 "the 61st public request, on A" "$A/api/v1/public/services" -H 'X-Forwarded-For: 198.51.100.7'
expect 429 "the 61st public request, on B" "$B/api/v1/public/services" -H 'X-Forwarded-For: 198.51.100.7'
grep -qi '^Retry-After: [1-9]' "$T/head" || fail "no Retry-After on the 429"
expect 200 "another address" "$B/api/v1/public/services" -H 'X-Forwarded-For: 198.51.100.8'

# The application status throttle: 20 look-ups per 15 minutes per address, on both.
pair='{"reference":"0000-0000-0000","code":"00000-00000"}'
for i in $(seq 1 20); do
  if [ $((i % 2)) -eq 0 ]; then s=$A; else s=$B; fi
  got=$(req "$s/api/v1/public/applications/status" -H 'X-Forwarded-For: 198.51.100.9' \
    -H 'Content-Type: application/json' --data "$pair")
  [ "$got" = 404 ] || fail "status look-up $i: $got, expected 404 (unknown pair): $(cat "$T/body")"
done
expect 429 "the 21st status look-up, on A" "$A/api/v1/public/applications/status" \
  -H 'X-Forwarded-For: 198.51.100.9' -H 'Content-Type: application/json' --data "$pair"

# A public form's one-use token: used through A, refused through B.
# An old-format personal code of 15.06.1990.
pc=$(code_of 1506901234)
expect 200 "the application form on A" "$A/pieteikums?municipality=0025000&service=respite"
token=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
[ -n "$token" ] || fail "no signed form token on /pieteikums"
form=(--data-urlencode "csrf=$token" --data-urlencode relation=self
  --data-urlencode applicant_given_name=Līga --data-urlencode applicant_family_name=Ozola
  --data-urlencode "applicant_personal_code=$pc" --data-urlencode email=liga@example.lv
  --data-urlencode municipality=0025000 --data-urlencode service=respite
  --data-urlencode need=Atelpa --data-urlencode consent=1 -H 'X-Forwarded-For: 198.51.100.10')
expect 200 "the application through A" "$A/pieteikums" "${form[@]}"
grep -q 'Pieteikums saņemts' "$T/body" || fail "no receipt from A: $(head -c 300 "$T/body")"
expect 409 "the same form again through B" "$B/pieteikums" "${form[@]}"
[ "$(q "SELECT COUNT(*) FROM application WHERE applicant_family_name = 'Ozola'")" = 1 ] ||
  fail "the application is not stored exactly once"

# Logging out through B ends the session on A at once, although A keeps the
# sessions it read with its pooled connections (live migration 6): seen on
# A several times first (each pooled connection keeps it), then refused on
# A every time after the logout.
for i in $(seq 1 8); do
  expect 200 "the session on A before the logout ($i)" "$A/api/v1/me" -H "Cookie: $cookie"
done
expect 200 "logout through B" "$B/api/v1/logout" -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf"
for i in $(seq 1 8); do
  expect 401 "the ended session on A ($i)" "$A/api/v1/me" -H "Cookie: $cookie"
done
echo "one session on two servers: ok"

# ---- 2. Behind one address, one server killed mid-storm ----
if command -v haproxy >/dev/null 2>&1; then
  front=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  {
    printf 'global\n    maxconn 256\n\n'
    # The example's defaults and backend, its servers replaced by A and B.
    awk '/^(defaults|backend)/ {on = 1} /^(global|frontend)/ {on = 0} on' "$src/docs/examples/haproxy.cfg" |
      sed -e '/^ *log global/d' -e '/^ *option httplog/d' -e '/^ *server /d'
    printf '    server a 127.0.0.1:%s check\n    server b 127.0.0.1:%s check\n\n' "$port_a" "$port_b"
    printf 'frontend kopa\n    bind 127.0.0.1:%s\n    option forwardfor\n    default_backend kopa\n' "$front"
  } >"$T/haproxy.cfg"
  haproxy -c -q -f "$T/haproxy.cfg" >"$T/haproxy.log" 2>&1 || fail "haproxy -c: $(cat "$T/haproxy.log")"
  haproxy -db -f "$T/haproxy.cfg" >>"$T/haproxy.log" 2>&1 &
  pids+=("$!")
  ok=""
  for _ in $(seq 1 100); do
    [ "$(curl -s --max-time 2 "http://127.0.0.1:$front/healthz" 2>/dev/null)" = ok ] && { ok=1; break; }
    sleep 0.05
  done
  [ -n "$ok" ] || fail "haproxy did not answer on $front"
  ports=("$front")
  echo "behind haproxy on port $front (round robin over $port_a and $port_b)"
else
  # No proxy: a storm on each server, with one login (made through A).
  ports=("$port_a" "$port_b")
  echo "haproxy not installed: a storm on each server's port, one login"
fi

# Log in through A (the session saved for every storm), then storm through the address.
"$STORM" --port "$port_a" --user two --password "$PW" --session "$T/session" --series 5 --conns 1 --max 1 \
  --acked "$T/acked" >"$T/storm.5" 2>&1 || fail "login storm on A: $(cat "$T/storm.5")"
grep -q " ok=1 " "$T/storm.5" || fail "the write after logging in through A: $(cat "$T/storm.5")"
storms=()
series=1
for p in "${ports[@]}"; do
  "$STORM" --port "$p" --session "$T/session" --series "$series" --conns 4 \
    --seconds 8 --acked "$T/acked" >"$T/storm.$series" 2>&1 &
  storms+=("$!")
  pids+=("$!")
  series=$((series + 1))
done
sleep 2
acked_at_kill=$(wc -l <"$T/acked")
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null || true
for s in "${storms[@]}"; do
  for _ in $(seq 1 400); do kill -0 "$s" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$s" 2>/dev/null && fail "kopa_storm still running after 20 s"
  wait "$s" || fail "kopa_storm exited $?: $(cat "$T"/storm.*)"
done
acked_end=$(wc -l <"$T/acked")
echo "storm: $(sed -n 's/^storm: //p' "$T"/storm.* | cut -d' ' -f2-6 | tr '\n' ' ')"
echo "acknowledged: $acked_at_kill before the kill of A, $acked_end in all"
[ "$acked_at_kill" -gt 0 ] || fail "nothing was acknowledged before the kill: the storm did not storm"
[ "$acked_end" -gt $((acked_at_kill + 20)) ] || fail "B did not keep serving: $acked_at_kill acknowledged at the kill, $acked_end at the end"
if [ "${#ports[@]}" -eq 1 ]; then
  # Both servers took writes of the one session before the kill.
  for n in a b; do
    w=$(grep -c "method=POST path=/api/v1/clients status=201 .*user=$user_id\$" "$T/log.$n" || true)
    [ "$w" -gt 0 ] || fail "server $n took none of the storm's writes: not round robin"
    echo "server $n acknowledged $w writes"
  done
fi

# After the kill: B serves, through the same address.
kill -0 "$pid_b" 2>/dev/null || fail "server B is gone"
"$STORM" --port "${ports[-1]}" --session "$T/session" --series 9 --conns 1 --max 20 --seconds 15 \
  --acked "$T/acked" >"$T/storm.9" 2>&1 || fail "final storm: $(cat "$T/storm.9")"
grep -q ' ok=20 ' "$T/storm.9" || fail "final storm after the kill: $(cat "$T/storm.9")"
kill -TERM "$pid_b"
for _ in $(seq 1 300); do kill -0 "$pid_b" 2>/dev/null || break; sleep 0.05; done
kill -0 "$pid_b" 2>/dev/null && fail "server B did not stop on SIGTERM"

# ---- 3. Nothing acknowledged lost, nothing half written ----
case "$DB" in
  postgres://* | postgresql://*) ;;
  *)
    for f in "$DB" "$DB.live"; do
      r=$(sqlite3 "$f" "PRAGMA integrity_check")
      [ "$r" = ok ] || fail "integrity_check of $f: $r"
    done ;;
esac
sort -u "$T/acked" >"$T/acked.unique"
[ "$(wc -l <"$T/acked.unique")" -eq "$(wc -l <"$T/acked")" ] || fail "a key was acknowledged twice"
q "SELECT family_name FROM client WHERE family_name LIKE 'Storm-%'" | sort >"$T/stored"
missing=$(comm -23 "$T/acked.unique" "$T/stored" | wc -l)
[ "$missing" -eq 0 ] || fail "$missing acknowledged writes are not stored, e.g. $(comm -23 "$T/acked.unique" "$T/stored" | head -3 | tr '\n' ' ')"
halves=$(q "SELECT COUNT(*) FROM client c WHERE family_name LIKE 'Storm-%'
  AND NOT EXISTS (SELECT 1 FROM personal_code p WHERE p.client_id = c.id)")
[ "$halves" -eq 0 ] || fail "$halves stored clients lack their personal code (half a write)"
dups=$(q "SELECT COUNT(*) FROM (SELECT family_name FROM client WHERE family_name LIKE 'Storm-%'
  GROUP BY family_name HAVING COUNT(*) > 1) d")
[ "$dups" -eq 0 ] || fail "$dups keys stored twice"
echo "$(wc -l <"$T/acked.unique") acknowledged writes, all stored, none half: ok"
