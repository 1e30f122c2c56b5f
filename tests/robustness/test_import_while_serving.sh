#!/usr/bin/env bash
# A long `kopa import` while `kopa serve` answers: reads (a client card, which
# records its access) and logins keep answering within 1 s at the 99th
# percentile, writes either succeed or answer 503 with Retry-After, and the
# import is stored whole. The import holds the records' write lock for its
# whole transaction; reads, logins and the access log use the side database
# and must not wait for it.
#   ROWS=800000 bash tests/robustness/test_import_while_serving.sh   # the full size
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
T=${KOPA_TMP:-$(mktemp -d)}
ROWS=${ROWS:-60000}
rm -rf "$T" && mkdir -p "$T"
export KOPA_TEST_FAST_PWHASH=1
PW=import-serve-pass-42
pid="" ipid="" probes=()
cleanup() {
  for p in $pid $ipid "${probes[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is needed"

"$KOPA" demo --db "$T/d.db" --demo-password "$PW" >/dev/null

# ROWS adults of Bauskas novads with valid old-format personal codes, none of
# them in the demo (birth years 1930–1939, serials 900–999 are not used there).
awk -v n="$ROWS" 'BEGIN {
  split("10 5 8 4 2 1 6 3 7 9", w, " ")
  print "personal_code,given_name,family_name,birth_date,municipality,target_group,registered_on"
  made = 0
  for (serial = 900; serial <= 999 && made < n; serial++)
    for (y = 1930; y <= 1939 && made < n; y++)
      for (m = 1; m <= 12 && made < n; m++)
        for (d = 1; d <= 28 && made < n; d++) {
          code = sprintf("%02d%02d%02d1%03d", d, m, y % 100, serial)
          s = 0
          for (i = 1; i <= 10; i++) s += w[i] * substr(code, i, 1)
          z = ((1 + s) % 11) % 10
          printf "%s-%s%d,Imp%d,Tests,%04d-%02d-%02d,0025000,grt,2022-01-10\n", substr(code, 1, 6), substr(code, 7, 4), z, made, y, m, d
          made++
        }
}' >"$T/clients.csv"
[ "$(($(wc -l <"$T/clients.csv") - 1))" -eq "$ROWS" ] || fail "could not make $ROWS rows"

"$KOPA" serve --db "$T/d.db" --listen 127.0.0.1:0 >"$T/out" 2>"$T/log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/log")"
B="http://127.0.0.1:$port"
client=$(sqlite3 "$T/d.db" "SELECT c.id FROM client c JOIN municipality m ON m.id = c.municipality_id WHERE m.key = 'bauska' ORDER BY c.id LIMIT 1")
before=$(sqlite3 "$T/d.db" "SELECT COUNT(*) FROM client")

login() { # user jar → CSRF token
  curl -s --max-time 20 -c "$2" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$PW\"}" "$B/api/v1/login" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p'
}
tok=$(login sw-bauska "$T/sw.jar")
[ -n "$tok" ] || fail "login before the import failed"

"$KOPA" import --db "$T/d.db" --kind clients "$T/clients.csv" >"$T/import.out" 2>"$T/import.err" &
ipid=$!
# Wait until the import holds the records' lock (its transaction has begun).
for _ in $(seq 1 200); do
  sqlite3 "$T/d.db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null || break
  sleep 0.05
done

# Probes while the import runs: each writes "kind status seconds [retry-after]".
probe_reads() {
  while kill -0 "$ipid" 2>/dev/null; do
    curl -s -o /dev/null --max-time 10 -b "$T/sw.jar" -w 'read %{http_code} %{time_total}\n' "$B/api/v1/clients/$client" || echo "read 000 10"
    sleep 0.05
  done
}
probe_logins() {
  local i=0
  while kill -0 "$ipid" 2>/dev/null; do
    i=$((i + 1))
    curl -s -o /dev/null --max-time 10 -c "$T/l$i.jar" -H 'Content-Type: application/json' \
      -d "{\"username\":\"head-bauska\",\"password\":\"$PW\"}" -w 'login %{http_code} %{time_total}\n' "$B/api/v1/login" ||
      echo "login 000 10"
    sleep 0.2
  done
}
probe_writes() {
  local i=0
  while kill -0 "$ipid" 2>/dev/null; do
    i=$((i + 1))
    local body code
    code=$(awk -v s="$((900 + i % 100))" -v d="$((1 + i / 100))" 'BEGIN {
      split("10 5 8 4 2 1 6 3 7 9", w, " "); c = sprintf("%02d02291%03d", d, s); t = 0
      for (k = 1; k <= 10; k++) t += w[k] * substr(c, k, 1)
      printf "%s-%s%d", substr(c, 1, 6), substr(c, 7, 4), ((1 + t) % 11) % 10 }')
    body=$(printf '{"given_name":"Write%d","family_name":"During","birth_date":"1929-02-%02d","target_group":"grt","municipality":"0025000","registered_on":"2022-02-01","personal_code":"%s"}' "$i" "$((1 + i / 100))" "$code")
    curl -s -D "$T/w.h" -o /dev/null --max-time 10 -b "$T/sw.jar" -H "X-CSRF-Token: $tok" \
      -H 'Content-Type: application/json' -d "$body" -w 'write %{http_code} %{time_total}' "$B/api/v1/clients" ||
      printf 'write 000 10'
    if grep -qi '^Retry-After:' "$T/w.h" 2>/dev/null; then echo " retry"; else echo; fi
    sleep 0.3
  done
}
probe_reads >"$T/reads.log" & probes+=($!)
probe_logins >"$T/logins.log" & probes+=($!)
probe_writes >"$T/writes.log" & probes+=($!)

wait "$ipid" || fail "the import failed: $(tail -5 "$T/import.err")"
ipid=""
wait "${probes[@]}" 2>/dev/null || true
probes=()

after=$(sqlite3 "$T/d.db" "SELECT COUNT(*) FROM client WHERE family_name = 'Tests'")
[ "$after" -eq "$ROWS" ] || fail "the import stored $after of $ROWS rows"

p99() { # kind → the 99th percentile of its times, and the count
  awk -v k="$1" '$1 == k { print $3 }' "$T"/*.log | sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) { print "none 0"; exit } i = int(NR * 0.99); if (i < 1) i = 1; print a[i], NR }'
}
for kind in read login; do
  set -- $(p99 $kind)
  echo "$kind: p99 $1 s over $2 requests"
  [ "$2" -ge 5 ] || fail "too few $kind probes ($2) — the import ended too soon to tell"
  awk -v v="$1" 'BEGIN { exit !(v < 1.0) }' || fail "$kind p99 $1 s during the import"
  bad=$(awk -v k="$kind" '$1 == k && $2 != 200' "$T"/*.log | wc -l)
  [ "$bad" -eq 0 ] || fail "$bad $kind probes did not answer 200: $(awk -v k="$kind" '$1 == k && $2 != 200' "$T"/*.log | head -3)"
done
# Writes: refused as unavailable (503 with Retry-After), or judged on their
# merits (201, 400 for the made-up check digit) — never a 500 or a hang.
awk '$1 == "write"' "$T/writes.log" | while read -r _ code secs retry; do
  case "$code" in
    503) [ "$retry" = retry ] || fail "503 without Retry-After" ;;
    201 | 400 | 409) ;;
    *) fail "a write during the import answered $code after $secs s" ;;
  esac
done
writes=$(awk '$1 == "write"' "$T/writes.log" | wc -l)
echo "writes during the import: $writes ($(awk '$1 == "write" && $2 == 503' "$T/writes.log" | wc -l) answered 503)"
grep -q 'database is locked' "$T/log" && fail "the server logged 'database is locked'"
# After the import, writes work again.
code=$(curl -s -o /dev/null --max-time 10 -b "$T/sw.jar" -w '%{http_code}' "$B/api/v1/clients/$client")
[ "$code" = 200 ] || fail "a read after the import answered $code"
echo "ok: $ROWS rows imported while serving (clients before: $before)"
