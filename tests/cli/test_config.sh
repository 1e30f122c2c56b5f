#!/usr/bin/env bash
# kopa COMMAND --config FILE: the database, key file and catalogue folder of
# every command, and kopa serve's options, come from the file; the command
# line wins over it, KOPA_KEY_FILE/KOPA_DATA_DIR over its key-file/data-dir,
# --config over KOPA_CONFIG; a mistake in it stops the command with status 2
# naming file, line and key, before anything is touched. Every command's
# --help names --config. Run as root on another user's database (the
# service's), a command is refused before it makes files that user cannot
# open.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
export KOPA_TEST_FAST_PWHASH=1
unset KOPA_KEY_FILE KOPA_DATA_DIR KOPA_CONFIG
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-config}"
rm -rf "$T" && mkdir -p "$T/state" "$T/keys"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"
}
trap cleanup EXIT
checks=0
fail() { echo "test_config: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }
expect_in() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$3: expected '$2' above"; }; ok; }

# A copy of the catalogues elsewhere, so that it is the file's data-dir
# that init uses.
cp -r "$SRC/data" "$T/catalogues"
C="$T/kopa.conf"
cat >"$C" <<EOF
# as /etc/kopa/kopa.conf, with this test's paths
[database]
db = $T/state/kopa.db
key-file = $T/keys/kopa.key
data-dir = $T/catalogues

[serve]
listen = 127.0.0.1:0
threads = 3
access-log = no
header-timeout = 7
keepalive-timeout = 4
body-timeout = 21
max-connections = 300
max-per-address = 40
EOF

# ---- init and user through the file; the key goes where it says.
"$KOPA" init --config "$C" >"$T/init.out" 2>&1 || { cat "$T/init.out" >&2; fail "kopa init --config"; }
expect_in "$T/init.out" "created $T/state/kopa.db (key: $T/keys/kopa.key)" "init"
[ -f "$T/keys/kopa.key" ] && [ ! -e "$T/state/kopa.db.key" ] || fail "the key file is not where key-file says"
ok
[ "$(sqlite3 "$T/state/kopa.db" 'SELECT COUNT(*) FROM region')" = 5 ] || fail "catalogues not loaded from data-dir"
ok
echo 'Zemgale-Tilts-Kr4sts' | "$KOPA" user add --config "$C" --username admin --role admin --password-stdin \
  >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "kopa user add --config"; }
"$KOPA" user list --config "$C" >"$T/users"
expect_in "$T/users" "admin" "user list --config"
"$KOPA" check-db --config "$C" --quick >/dev/null 2>"$T/err" || { cat "$T/err" >&2; fail "check-db --config"; }
ok
# KOPA_CONFIG when no --config is given.
KOPA_CONFIG="$C" "$KOPA" user list >"$T/users2"
cmp -s "$T/users" "$T/users2" || fail "KOPA_CONFIG gave another list"
ok
# claim pay parses its own arguments and takes --config too: the database
# is opened and answers that there is no such claim (not that --db is
# missing).
"$KOPA" claim pay --config "$C" --claim 999 --paid-on 2021-12-31 >/dev/null 2>"$T/err" &&
  fail "claim pay of a claim that does not exist succeeded"
expect_in "$T/err" "no such claim" "claim pay --config"
# The database of the file is backed up; the key file is not copied.
"$KOPA" backup --config "$C" --out "$T/b.db" >/dev/null
[ -s "$T/b.db" ] && [ ! -e "$T/b.db.key" ] || fail "backup --config"
ok

# ---- the environment wins over key-file: a key of another database is
# refused by name.
"$KOPA" init --db "$T/other.db" --data "$SRC/data" >/dev/null
set +e
KOPA_KEY_FILE="$T/other.db.key" "$KOPA" check-db --config "$C" >/dev/null 2>"$T/err"
st=$?
set -e
[ "$st" = 1 ] || fail "a key of another database through KOPA_KEY_FILE: status $st"
expect_in "$T/err" "$T/other.db.key" "KOPA_KEY_FILE over key-file"
# --db on the command line wins over db.
"$KOPA" user list --config "$C" --db "$T/other.db" >"$T/users3"
grep -q admin "$T/users3" && fail "--db did not win over the file"
ok

# ---- kopa serve takes [serve]; the limits it prints are the file's.
"$KOPA" serve --config "$C" >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve --config did not start: $(cat "$T/serve.err")"
expect_in "$T/serve.err" "up to 300 connections (40 per address;" "serve limits from the file"
expect_in "$T/serve.err" "request head within 7 s, body 21 s, keep-alive 4 s" "serve deadlines from the file"
code=$(curl -s --max-time 20 -o "$T/login.html" -w '%{http_code}' "http://127.0.0.1:$port/login")
[ "$code" = 200 ] || fail "GET /login through the configured server: $code"
ok
code=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Zemgale-Tilts-Kr4sts"}' "http://127.0.0.1:$port/api/v1/login")
[ "$code" = 200 ] || fail "login as the user added through --config: $code"
ok
# access-log = no: no request line on standard error.
grep -q 'path=/login' "$T/serve.err" && fail "access-log = no still logs requests"
ok
kill "$pid"
wait "$pid" || true
pid=""

# Command-line options win over [serve]; access-log = yes logs each request.
sed 's/^access-log = no$/access-log = yes/' "$C" >"$T/log.conf"
# The earlier server's output goes first: the background child truncates the
# files only once it runs, and until then the loop below would read the old port.
rm -f "$T/serve.out" "$T/serve.err"
"$KOPA" serve --config "$T/log.conf" --header-timeout 9 --max-per-address 0 >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out" 2>/dev/null || true)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve --config log.conf did not start: $(cat "$T/serve.err")"
expect_in "$T/serve.err" "up to 300 connections (no limit per address;" "--max-per-address over the file"
expect_in "$T/serve.err" "request head within 9 s, body 21 s" "--header-timeout over the file"
curl -s --max-time 20 -o /dev/null "http://127.0.0.1:$port/login"
for _ in $(seq 1 50); do grep -q 'path=/login' "$T/serve.err" && break; sleep 0.1; done
expect_in "$T/serve.err" "method=GET path=/login status=200" "access-log = yes"
kill "$pid"
wait "$pid" || true
pid=""

# ---- a mistake: status 2, file:line and key named, nothing touched.
cp "$C" "$T/bad.conf"
printf 'threads = 1\nmax-conections = 5\n' >>"$T/bad.conf"
lines=$(wc -l <"$C")
before=$(sha256sum "$T/state/kopa.db" | cut -d' ' -f1)
for cmd in "serve" "user list" "backup --out $T/never.db" "check-db" "init"; do
  set +e
  # shellcheck disable=SC2086
  "$KOPA" $cmd --config "$T/bad.conf" >"$T/out" 2>"$T/err"
  st=$?
  set -e
  [ "$st" = 2 ] || { cat "$T/err" >&2; fail "kopa $cmd with a bad file: status $st, expected 2"; }
  expect_in "$T/err" "$T/bad.conf:$((lines + 1)): key 'threads' in [serve]: given twice (first on line 9)" "$cmd: twice"
  expect_in "$T/err" "$T/bad.conf:$((lines + 2)): key 'max-conections' in [serve]: unknown key;" "$cmd: unknown key"
done
[ ! -e "$T/never.db" ] || fail "backup wrote with a bad configuration file"
[ "$(sha256sum "$T/state/kopa.db" | cut -d' ' -f1)" = "$before" ] || fail "the database changed"
ok
set +e
"$KOPA" check-db --config "$T/missing.conf" >/dev/null 2>"$T/err"
st=$?
set -e
[ "$st" = 2 ] || fail "a missing configuration file: status $st"
expect_in "$T/err" "$T/missing.conf: cannot read the configuration file: No such file or directory" "missing file"
# --help reads no file (it may be the mistake one is looking for).
"$KOPA" serve --config "$T/missing.conf" --help >/dev/null || fail "--help read the configuration file"
ok

# ---- as root on the files of another user (the service's, in
# /var/lib/kopa): refused, naming the user, before anything is created.
if [ "$(id -u)" = 0 ] && getent passwd nobody >/dev/null; then
  mkdir -p "$T/svc"
  "$KOPA" init --db "$T/svc/k.db" --data "$SRC/data" >/dev/null
  "$KOPA" backup --db "$T/svc/k.db" --out "$T/svc-backup.db" >/dev/null
  chown -R nobody: "$T/svc"
  chmod 700 "$T/svc"
  before=$(ls "$T/svc")
  for cmd in "check-db --db $T/svc/k.db" "user list --db $T/svc/k.db" "serve --db $T/svc/k.db --listen 127.0.0.1:0" \
    "init --db $T/svc/new.db" "restore --from $T/svc-backup.db --db $T/svc/k.db --force" \
    "restore --from $T/svc-backup.db --db $T/svc/other.db --key $T/svc/k.db.key"; do
    set +e
    # shellcheck disable=SC2086
    "$KOPA" $cmd >/dev/null 2>"$T/err"
    st=$?
    set -e
    [ "$st" = 1 ] || { cat "$T/err" >&2; fail "kopa $cmd as root on nobody's files: status $st"; }
    expect_in "$T/err" "kopa: $T/svc" "kopa $cmd as root"
    expect_in "$T/err" " belongs to the user nobody; run as root," "kopa $cmd as root"
    expect_in "$T/err" "runuser -u nobody -- kopa" "kopa $cmd as root"
  done
  [ "$(ls "$T/svc")" = "$before" ] || fail "files were made as root: $(ls -l "$T/svc")"
  [ -z "$(find "$T/svc" -user root)" ] || fail "root-owned files in nobody's folder"
  ok
  # As that user it works.
  runuser -u nobody -- "$KOPA" check-db --db "$T/svc/k.db" --quick >/dev/null 2>"$T/err" ||
    { cat "$T/err" >&2; fail "check-db as the owner"; }
  ok
fi

# ---- every command says so in its --help.
for cmd in init demo import export report serve user document claim backup restore check-db; do
  "$KOPA" $cmd --help >"$T/help" 2>&1 || true
  expect_in "$T/help" "--config FILE" "kopa $cmd --help"
done

echo "test_config: $checks checks passed"
