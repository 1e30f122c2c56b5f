#!/usr/bin/env bash
# Run by test_deb.sh as root inside the machine that gets the package: a
# throwaway Debian root booted with systemd (MODE=systemd), one without
# systemd (MODE=plain: a chroot, or this machine). Installs DEB with dpkg,
# checks the user, files and modes, the service answering /login (under
# systemd: the unit itself, enabled and started by the package, its
# hardening in force, its log in the journal; else kopa serve as kopa with
# the installed configuration), a first account, `man kopa`, a verified
# backup (kopa-backup.service), a reinstall that keeps the database, and
# the purge. Prints one line per check.
# Usage: inside.sh DEB systemd|plain
set -euo pipefail
DEB=$1
MODE=$2
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive
CONF=/etc/kopa/kopa.conf
STATE=/var/lib/kopa
T=$(mktemp -d)
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$T"
}
trap cleanup EXIT
checks=0
fail() { echo "inside: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "  ok: $*"; }

# mode_owner PATH MODE OWNER
mode_owner() {
  local got
  got=$(stat -c '%a %U:%G' "$1") || fail "$1 is missing"
  [ "$got" = "$2 $3" ] || fail "$1 is $got, expected $2 $3"
  ok "$1 $2 $3"
}

# last_mount_options PID PATH: the options of the mount in force on PATH
# for the process (empty when nothing is mounted there).
last_mount_options() { awk -v m="$2" '$5 == m {o = $6} END {print o}' "/proc/$1/mountinfo"; }

# wait_login URL: GET URL/login answers 200 within 30 s.
wait_login() {
  local code=""
  for _ in $(seq 1 60); do
    code=$(curl -s --max-time 5 -o "$T/login.html" -w '%{http_code}' "$1/login" || true)
    [ "$code" = 200 ] && break
    sleep 0.5
  done
  [ "$code" = 200 ] || fail "GET $1/login answered '$code'"
  grep -q '<form' "$T/login.html" || fail "GET $1/login is not the login page"
}

# ---- install
dpkg -i "$DEB" >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "dpkg -i"; }
grep -q "created the database $STATE/kopa.db" "$T/install.log" || { cat "$T/install.log" >&2; fail "no first database"; }
ok "dpkg -i: installed, first database made"
getent passwd kopa | grep -q ":$STATE:" || fail "no system user kopa with home $STATE"
[ "$(id -u kopa)" -lt 1000 ] || fail "kopa is not a system user (uid $(id -u kopa))"
ok "system user kopa (uid $(id -u kopa))"
mode_owner "$STATE" 700 kopa:kopa
mode_owner "$STATE/kopa.db" 600 kopa:kopa
mode_owner "$STATE/kopa.db.key" 600 kopa:kopa
mode_owner "$CONF" 644 root:root
dpkg-query -W -f='${Conffiles}\n' kopa | grep -q "^ $CONF " || fail "$CONF is not a conffile"
ok "$CONF is a conffile"
[ "$(kopa --help | head -1)" = "usage: kopa COMMAND [OPTIONS]" ] || fail "kopa --help"
# The installed binary finds its installed catalogues by itself.
runuser -u kopa -- kopa init --db "$STATE/probe.db" >/dev/null || fail "kopa init with the compiled catalogue folder"
rm -f "$STATE"/probe.db*
ok "kopa init finds /usr/share/kopa/data"

# ---- the manual
man -w kopa | grep -q '^/usr/share/man/man1/kopa.1.gz$' || fail "man -w kopa: $(man -w kopa 2>&1)"
MANWIDTH=80 man kopa >"$T/man" 2>"$T/man.err" || fail "man kopa: $(cat "$T/man.err")"
[ ! -s "$T/man.err" ] || fail "man kopa warns: $(cat "$T/man.err")"
grep -q "^CONFIGURATION FILE" "$T/man" && grep -q "^EXIT STATUS" "$T/man" || fail "man kopa: not the manual"
ok "man kopa opens ($(wc -l <"$T/man") lines)"

# ---- the service
if [ "$MODE" = systemd ]; then
  out=$(systemd-analyze verify /lib/systemd/system/kopa.service 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify: $out"
  ok "systemd-analyze verify kopa.service: clean"
  [ "$(systemctl is-enabled kopa)" = enabled ] || fail "kopa.service is not enabled"
  for _ in $(seq 1 60); do [ "$(systemctl is-active kopa)" = active ] && break; sleep 0.5; done
  [ "$(systemctl is-active kopa)" = active ] || { journalctl -u kopa --no-pager >&2; fail "kopa.service is not active"; }
  ok "kopa.service enabled and started by the package"
  wait_login http://127.0.0.1:8080
  ok "the service answers GET /login (200)"
  pid=$(systemctl show -p MainPID --value kopa)
  [ "$(stat -c %U "/proc/$pid")" = kopa ] || fail "the service runs as $(stat -c %U "/proc/$pid")"
  grep -q '^NoNewPrivs:[[:space:]]*1$' "/proc/$pid/status" || fail "NoNewPrivs is not set"
  grep -q '^CapEff:[[:space:]]*0000000000000000$' "/proc/$pid/status" || fail "the service has capabilities"
  grep -q '^Seccomp:[[:space:]]*2$' "/proc/$pid/status" || fail "no system call filter"
  # ProtectSystem=strict: / (and /usr, /etc when mounted apart) read-only
  # for it, the state directory not. The last mount on a path is the one
  # in force.
  for m in / /usr /etc; do
    o=$(last_mount_options "$pid" "$m")
    [ -z "$o" ] && [ "$m" != / ] && continue
    case "$o" in ro*) ;; *) fail "$m is mounted '$o' for the service, not read-only" ;; esac
  done
  case "$(last_mount_options "$pid" "$STATE")" in
    rw*) ;;
    *) fail "$STATE is not mounted writable for the service" ;;
  esac
  ok "runs as kopa; NoNewPrivs, no capabilities, seccomp, read-only / and /usr, writable $STATE"
  exposure=$(systemd-analyze security kopa.service 2>/dev/null | sed -n 's/.*Overall exposure level for kopa.service: //p')
  echo "  systemd-analyze security: $exposure"
  journalctl -u kopa --no-pager >"$T/journal"
  grep -q 'kopa serve: listening on http://127.0.0.1:8080/' "$T/journal" || fail "no start-up line in the journal"
  grep -q 'method=GET path=/login status=200' "$T/journal" || fail "no access log line in the journal"
  ok "start-up and access log in the journal"
  URL=http://127.0.0.1:8080
else
  # No systemd here: kopa serve as kopa with the installed configuration;
  # another port than the file's, as this machine's 8080 may be taken
  # (the command line wins over the file).
  setpriv --reuid=kopa --regid=kopa --init-groups -- kopa serve --config "$CONF" --listen 127.0.0.1:0 \
    >"$T/serve.out" 2>"$T/serve.err" &
  serve_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/serve.out" 2>/dev/null || true)
    [ -n "$port" ] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || fail "kopa serve --config $CONF did not start: $(cat "$T/serve.err")"
  URL=http://127.0.0.1:$port
  wait_login "$URL"
  [ "$(stat -c %U "/proc/$serve_pid")" = kopa ] || fail "kopa serve does not run as kopa"
  ok "kopa serve --config $CONF as kopa answers GET /login (200)"
fi

# ---- the first account, as the service's user, and a login with it
pw='Zemgale-Tilts-Kr4sts'
echo "$pw" | runuser -u kopa -- kopa user add --config "$CONF" --username admin --role admin --password-stdin \
  >/dev/null 2>"$T/err" || fail "kopa user add --config: $(cat "$T/err")"
code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$URL/api/v1/login")
[ "$code" = 200 ] || fail "login as the first account: $code"
ok "first account added with --config, logs in through the server"
# The evaluation as PDF and XLSX through the service: cairo, pango,
# fontconfig and libxlsxwriter work inside its sandbox.
curl -s --max-time 30 -c "$T/cookies" -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$URL/api/v1/login"
for f in pdf xlsx; do
  code=$(curl -s --max-time 60 -b "$T/cookies" -o "$T/evaluation.$f" -w '%{http_code}' \
    "$URL/evaluation/file?region=ZPR&at=2021-12-31&format=$f")
  [ "$code" = 200 ] || fail "GET /evaluation/file as $f: $code"
done
[ "$(head -c 5 "$T/evaluation.pdf")" = "%PDF-" ] || fail "the evaluation is not a PDF"
[ "$(head -c 2 "$T/evaluation.xlsx")" = "PK" ] || fail "the evaluation is not an XLSX (zip) file"
ok "the evaluation as PDF ($(stat -c %s "$T/evaluation.pdf") bytes) and XLSX from the service"
mode_owner "$STATE/kopa.db" 600 kopa:kopa
[ -z "$(find "$STATE" ! -user kopa)" ] || fail "files in $STATE not owned by kopa: $(find "$STATE" ! -user kopa)"
ok "every file in $STATE is kopa's"

# ---- a backup: kopa-backup.service (its timer is the administrator's to
# enable), else its command by hand; verified with its key.
BACKUPS=/var/backups/kopa
mode_owner "$BACKUPS" 700 kopa:kopa
if [ "$MODE" = systemd ]; then
  for u in kopa-backup.service kopa-backup.timer; do
    out=$(systemd-analyze verify "/lib/systemd/system/$u" 2>&1) && [ -z "$out" ] || fail "systemd-analyze verify $u: $out"
  done
  [ "$(systemctl is-enabled kopa-backup.timer)" = disabled ] || fail "the package enabled kopa-backup.timer"
  ok "kopa-backup.service and .timer verify clean; the timer is left disabled"
  systemctl start kopa-backup.service || { journalctl -u kopa-backup --no-pager >&2; fail "kopa-backup.service"; }
  systemctl enable --now kopa-backup.timer 2>/dev/null
  [ "$(systemctl is-active kopa-backup.timer)" = active ] || fail "kopa-backup.timer does not start"
  ok "kopa-backup.service made a backup; the timer can be enabled"
else
  runuser -u kopa -- kopa backup --config "$CONF" --out "$BACKUPS/kopa-by-hand.db" >/dev/null || fail "kopa backup"
fi
backup=$(find "$BACKUPS" -maxdepth 1 -name 'kopa-*.db' | head -1)
[ -n "$backup" ] || fail "no backup in $BACKUPS"
mode_owner "$backup" 600 kopa:kopa
[ ! -e "$backup.key" ] || fail "the key file was copied beside the backup"
runuser -u kopa -- env KOPA_KEY_FILE="$STATE/kopa.db.key" kopa check-db --db "$backup" >/dev/null 2>"$T/err" ||
  fail "the backup does not check: $(cat "$T/err")"
ok "the backup is sound and belongs to the key"
if [ "$MODE" = systemd ]; then
  # Restoring as docs/deploy.md says: stop, restore --force, start.
  systemctl stop kopa
  runuser -u kopa -- kopa restore --config "$CONF" --from "$backup" --force >/dev/null 2>"$T/err" ||
    fail "kopa restore --config: $(cat "$T/err")"
  [ -f "$STATE/kopa.db.before-restore" ] || fail "the replaced database was not kept"
  systemctl start kopa
  wait_login http://127.0.0.1:8080
  code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$pw\"}" "$URL/api/v1/login")
  [ "$code" = 200 ] || fail "login after the restore: $code"
  ok "restored from the backup with the service stopped; it serves the account again"
fi

if [ -n "$serve_pid" ]; then
  kill "$serve_pid"
  wait "$serve_pid" || true
  serve_pid=""
fi

# ---- reinstalling keeps the database and the account
dpkg -i "$DEB" >"$T/reinstall.log" 2>&1 || { cat "$T/reinstall.log" >&2; fail "dpkg -i again"; }
grep -q "created the database" "$T/reinstall.log" && fail "a reinstall made a new database"
runuser -u kopa -- kopa user list --config "$CONF" | grep -q admin || fail "the account is gone after a reinstall"
ok "reinstall keeps the database and its accounts"
if [ "$MODE" = systemd ]; then
  for _ in $(seq 1 60); do [ "$(systemctl is-active kopa)" = active ] && break; sleep 0.5; done
  wait_login http://127.0.0.1:8080
  ok "the service is back after the reinstall"
  systemctl stop kopa
  journalctl -u kopa --no-pager | grep -q 'kopa serve: stopped' || fail "no clean stop in the journal"
  ok "systemctl stop: kopa stops cleanly"
fi

# ---- purge
dpkg --purge kopa >"$T/purge.log" 2>&1 || { cat "$T/purge.log" >&2; fail "dpkg --purge"; }
for f in /usr/bin/kopa /etc/kopa /lib/systemd/system/kopa.service /lib/systemd/system/kopa-backup.service \
  /lib/systemd/system/kopa-backup.timer /usr/share/kopa /usr/share/man/man1/kopa.1.gz /usr/share/doc/kopa \
  /etc/systemd/system/multi-user.target.wants/kopa.service /etc/systemd/system/timers.target.wants/kopa-backup.timer; do
  [ ! -e "$f" ] || fail "$f is left after the purge"
done
ok "purge removes the program, configuration, unit, manual and docs"
if [ "$MODE" = systemd ]; then
  systemctl daemon-reload
  for u in kopa.service kopa-backup.service kopa-backup.timer; do
    [ "$(systemctl show -p LoadState --value "$u")" = not-found ] || fail "systemd still knows $u"
  done
  ok "systemd no longer knows kopa.service, kopa-backup.service, kopa-backup.timer"
fi
# The database (personal data) is kept, and the purge says so.
[ -f "$STATE/kopa.db" ] || fail "the purge removed the database"
grep -q "$STATE is kept" "$T/purge.log" || fail "the purge did not say the database is kept"
[ -f "$backup" ] && grep -q "$BACKUPS is kept" "$T/purge.log" || fail "the purge did not keep the backups, saying so"
ok "purge keeps $STATE and $BACKUPS (personal data) and says how to remove them"
echo "inside: $checks checks passed ($MODE)"
