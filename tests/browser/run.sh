#!/usr/bin/env bash
# Browser tests of the daily-work pages: a fresh demo database, `kopa serve`
# on a free port, then every tests/browser/*.spec.mjs under node's own test
# runner, driving Debian's chromium through playwright-core (no browser is
# ever downloaded). Environment: KOPA (the binary), KOPA_TMP (scratch dir).
# Skips (exit 0) only when /usr/bin/chromium is not installed.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
: "${KOPA:?set KOPA to the kopa binary}"
KOPA_TMP="${KOPA_TMP:-$(mktemp -d)}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "$CHROMIUM" ]; then
  echo "skipped: chromium not installed ($CHROMIUM); scripts/install-deps installs it"
  exit 0
fi
command -v node >/dev/null || { echo "browser tests: node is missing (scripts/install-deps)" >&2; exit 1; }

# (a) playwright-core, axe-core and swagger-parser from the lock file, once.
# A registry hiccup gets one more try before the test fails.
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -f "$here/node_modules/axe-core/axe.min.js" ] ||
   [ ! -d "$here/node_modules/@apidevtools/swagger-parser" ]; then
  (cd "$here" && { npm ci --no-audit --no-fund >/dev/null || { sleep 5; npm ci --no-audit --no-fund >/dev/null; }; })
fi

# (b) a fresh demo database.
mkdir -p "$KOPA_TMP"
db="$KOPA_TMP/browser-demo.db"
rm -f "$db" "$db"-wal "$db"-shm "$db".key "$db".live "$db".live-wal "$db".live-shm "$KOPA_TMP"/*.png
password="browser-run-$$-Kq7w"
"$KOPA" demo --db "$db" --demo-password "$password" >/dev/null

# (c) the server on a free port (the kernel picks it; kopa prints it).
log="$KOPA_TMP/server.log"
"$KOPA" serve --db "$db" --listen 127.0.0.1:0 >"$log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop EXIT
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's|^kopa serve: listening on \(http://[^ ]*\)/$|\1|p' "$log" | head -n 1)
  if [ -n "$base" ] && curl -s -o /dev/null "$base/login"; then
    break
  fi
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; echo "browser tests: the server did not start" >&2; exit 1; }
  base=""
  sleep 0.1
done
[ -n "$base" ] || { cat "$log" >&2; echo "browser tests: the server did not answer in 10 s" >&2; exit 1; }

# (d) the specs.
status=0
KOPA_BASE="$base" KOPA_PASSWORD="$password" KOPA_TMP="$KOPA_TMP" CHROMIUM="$CHROMIUM" \
  NODE_PATH="$here/node_modules" node --test --test-concurrency=1 "$here"/*.spec.mjs || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines) ---" >&2
  tail -n 40 "$log" >&2
fi
# (e) the server stops with the trap.
exit "$status"
