#!/usr/bin/env bash
# The Debian package end to end (`make check` runs it in a throwaway root,
# about 2 minutes; `make package-test` alone): builds it with scripts/build-deb, installs it in a
# throwaway Debian 12 root booted with systemd (systemd-nspawn --boot, its
# own network), runs tests/package/inside.sh there (the service enabled,
# started and hardened, /login answering, the journal, a first account,
# `man kopa`, a reinstall, the purge) and throws the root away.
#
# Where a root cannot be booted: the same root without systemd (nspawn
# without --boot, else a chroot), kopa serve started by hand as kopa. Where
# no root can be made (no debootstrap or no network): dpkg -i on this
# machine, which is left as it was (the package purged; the kopa user and
# group and /var/lib/kopa removed when the test made them).
# KOPA_PACKAGE_TEST_MODE: auto (that order), root (a root, booted or not,
# else skipped with status 77: what `make check` runs, never touching this
# machine), boot (only a booted root), plain (a root without systemd),
# host. The debootstrapped base
# (with systemd, curl, man-db) is kept in KOPA_PACKAGE_CACHE
# (~/.cache/kopa-package) for the next run. Needs root and what
# scripts/package-deps installs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$(cd "$here/../.." && pwd)"
MODE=${KOPA_PACKAGE_TEST_MODE:-auto}
SUITE=bookworm
MIRROR=${KOPA_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${KOPA_PACKAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kopa-package}
PATH_IN=/usr/sbin:/usr/bin:/sbin:/bin
t0=$(date +%s)
say() { echo "test_deb: $* [$(($(date +%s) - t0)) s]"; }
fail() { echo "test_deb: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || { echo "test_deb: needs root (debootstrap, systemd-nspawn, dpkg -i); skipped"; exit 77; }
W=$(mktemp -d "${TMPDIR:-/tmp}/kopa-package-test.XXXXXX")
ROOT="$W/root"
nspawn_pid=""
proc_mounted=0
host_installed=0
user_made=0
group_made=0

stop_container() {
  [ -n "$nspawn_pid" ] || return 0
  kill -TERM "$nspawn_pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$nspawn_pid" 2>/dev/null || true
  wait "$nspawn_pid" 2>/dev/null || true
  nspawn_pid=""
}

cleanup() {
  stop_container
  if [ "$proc_mounted" = 1 ]; then umount "$ROOT/proc" 2>/dev/null || umount -l "$ROOT/proc" || true; fi
  if [ "$host_installed" = 1 ]; then
    dpkg --purge kopa >/dev/null 2>&1 || true
    rm -rf /var/lib/kopa /var/backups/kopa
    if [ "$user_made" = 1 ]; then userdel kopa 2>/dev/null || true; fi
    if [ "$group_made" = 1 ]; then groupdel kopa 2>/dev/null || true; fi
  fi
  # Never remove a tree that still has something mounted in it.
  if [ -n "$(findmnt -rn -o TARGET | grep -F "$W" || true)" ]; then
    echo "test_deb: $W still has mounts; left in place" >&2
  else
    rm -rf "$W"
  fi
}
trap cleanup EXIT

# ---- the package
deb=$("$SRC/scripts/build-deb" "$W/out" | tail -1)
[ -f "$deb" ] || fail "no package built"
say "built $(basename "$deb"), $(stat -c %s "$deb") bytes"
cp "$here/inside.sh" "$W/inside.sh"

# ---- a throwaway root
nspawn_works() {
  command -v systemd-nspawn >/dev/null &&
    systemd-nspawn -q --register=no --keep-unit -D "$ROOT" /bin/true >/dev/null 2>&1
}
# in_root CMD…: run in the root, not booted (nspawn, else chroot).
in_root() {
  if nspawn_works; then
    systemd-nspawn -q --register=no --keep-unit -D "$ROOT" --setenv=DEBIAN_FRONTEND=noninteractive \
      --setenv=LC_ALL=C.UTF-8 "$@" 2> >(grep -v 'Attempted to remove disk file system' >&2)
  else
    if [ "$proc_mounted" = 0 ]; then mount -t proc proc "$ROOT/proc" && proc_mounted=1; fi
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
    chroot "$ROOT" env -i PATH=$PATH_IN DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
  fi
}

make_root() {
  command -v debootstrap >/dev/null || return 1
  mkdir -p "$ROOT" "$CACHE"
  local base="$CACHE/$SUITE-base.tar"
  if [ -s "$base" ]; then
    tar -C "$ROOT" -xpf "$base" || return 1
    say "root from the cached base $base"
  else
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$W/debootstrap.log" 2>&1 || {
      tail -5 "$W/debootstrap.log" >&2
      return 1
    }
    in_root sh -c 'apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends systemd systemd-sysv dbus curl man-db >/dev/null' ||
      return 1
    in_root apt-get clean
    tar -C "$ROOT" -cpf "$base.tmp" . && mv "$base.tmp" "$base"
    say "debootstrapped $SUITE (kept as $base)"
  fi
  # The package's dependencies, so that dpkg -i inside needs no network.
  in_root sh -c "apt-get update -q >/dev/null && apt-get satisfy -y -q --no-install-recommends '$(dpkg-deb -f "$deb" Depends)' >/dev/null" ||
    return 1
  cp "$deb" "$ROOT/root/kopa.deb"
  cp "$W/inside.sh" "$ROOT/root/inside.sh"
  say "root ready with the package's dependencies"
}

# boot: systemd as PID 1 in the root, its own network namespace (port 8080
# of this machine may be taken); the checks run in it through nsenter.
boot_and_test() {
  nspawn_works || return 2
  systemd-nspawn -q --register=no --keep-unit --private-network -D "$ROOT" --boot >"$W/boot.log" 2>&1 &
  nspawn_pid=$!
  local init=""
  for _ in $(seq 1 100); do
    for p in $(ps --ppid "$nspawn_pid" -o pid= 2>/dev/null); do
      [ "$(cat "/proc/$p/comm" 2>/dev/null)" = systemd ] && init=$p
    done
    [ -n "$init" ] && break
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$init" ] || { tail -20 "$W/boot.log" >&2; return 2; }
  in_boot() { nsenter --target "$init" --all env -i PATH=$PATH_IN LC_ALL=C.UTF-8 TERM=dumb "$@"; }
  local state=""
  for _ in $(seq 1 180); do
    state=$(in_boot systemctl is-system-running 2>/dev/null || true)
    case "$state" in running | degraded) break ;; esac
    sleep 0.5
  done
  case "$state" in
    running | degraded) ;;
    *) tail -20 "$W/boot.log" >&2; echo "test_deb: the root did not boot ($state)" >&2; return 2 ;;
  esac
  say "booted the root with systemd ($state)"
  in_boot bash /root/inside.sh /root/kopa.deb systemd || return 1
  stop_container
}

if [ "$MODE" != host ]; then
  if make_root; then
    st=2
    if [ "$MODE" != plain ]; then
      set +e
      boot_and_test
      st=$?
      set -e
      [ "$st" = 1 ] && fail "in the booted root"
      [ "$st" = 2 ] && [ "$MODE" = boot ] && fail "cannot boot a root here"
    fi
    if [ "$st" = 2 ]; then
      stop_container
      say "no systemd in the root: kopa serve by hand"
      in_root bash /root/inside.sh /root/kopa.deb plain || fail "in the root"
    fi
    say "passed"
    exit 0
  fi
  case "$MODE" in boot | plain) fail "cannot make a Debian root here (debootstrap, network)" ;; esac
  if [ "$MODE" = root ]; then
    echo "test_deb: cannot make a Debian root here (debootstrap needs the network); skipped"
    exit 77
  fi
  say "no throwaway root here: installing on this machine"
fi

# ---- this machine: only when nothing of kopa is here, and left as it was.
if dpkg-query -W -f='${Status}' kopa 2>/dev/null | grep -q 'installed'; then
  fail "kopa is installed on this machine; the test would replace it"
fi
for f in /etc/kopa /var/lib/kopa /var/backups/kopa; do [ ! -e "$f" ] || fail "$f exists; the test would use it"; done
getent passwd kopa >/dev/null || user_made=1
getent group kopa >/dev/null || group_made=1
host_installed=1
mode=plain
[ -d /run/systemd/system ] && mode=systemd
bash "$W/inside.sh" "$deb" "$mode" || fail "on this machine"
cleanup_check() {
  for f in /usr/bin/kopa /etc/kopa /lib/systemd/system/kopa.service /usr/share/kopa; do
    [ ! -e "$f" ] || fail "$f is left on this machine"
  done
}
cleanup_check
say "passed (on this machine; it is left as it was)"
