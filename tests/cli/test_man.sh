#!/usr/bin/env bash
# The manual kopa(1), docs/kopa.1: groff formats it without a single warning
# (-ww) for a UTF-8 and an ASCII terminal, `man -l` shows it, and it keeps up
# with the program: every command `kopa --help` lists has its section, and
# every option any `kopa COMMAND --help` names is in it.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
PAGE="$SRC/docs/kopa.1"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-man}"
rm -rf "$T" && mkdir -p "$T"
trap '[ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"' EXIT
checks=0
fail() { echo "test_man: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }

command -v groff >/dev/null || fail "groff is missing (Debian: groff-base; scripts/install-deps installs it)"
for dev in utf8 ascii; do
  groff -ww -man -T"$dev" -P -cbou "$PAGE" >"$T/out.$dev" 2>"$T/warn.$dev"
  [ ! -s "$T/warn.$dev" ] || { cat "$T/warn.$dev" >&2; fail "groff -ww -man -T$dev warns"; }
  grep -q "EXIT STATUS" "$T/out.$dev" || fail "groff -T$dev: no EXIT STATUS section in the output"
  ok
done
# a-macron where the terminal has it, a plain a where it has not.
grep -q "Kopā" "$T/out.utf8" || fail "the UTF-8 page does not say Kopā"
grep -aq "Kopa information system" "$T/out.ascii" || fail "the ASCII page lost the a of Kopā"
ok

if command -v man >/dev/null; then
  MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$PAGE" >"$T/man" 2>"$T/man.err" || fail "man -l failed: $(cat "$T/man.err")"
  [ ! -s "$T/man.err" ] || { cat "$T/man.err" >&2; fail "man -l warns"; }
  for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "CONFIGURATION FILE" ENVIRONMENT FILES "EXIT STATUS"; do
    grep -q "^$s" "$T/man" || fail "man -l: no section $s"
    ok
  done
else
  echo "test_man: man is not installed; checked with groff only"
fi

# Every command, and every option of every command.
"$KOPA" --help >"$T/help"
cmds=$(awk '/^commands:/ {f = 1; next} f && /^  [a-z]/ {print $1}' "$T/help")
[ "$(echo "$cmds" | wc -w)" -ge 12 ] || fail "could not read the commands from kopa --help"
for c in $cmds; do
  roff=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
  grep -q "^\.SS \"kopa $roff" "$PAGE" || fail "kopa(1) has no section for kopa $c"
  ok
  "$KOPA" "$c" --help >"$T/help.$c" 2>&1 || true
  for o in $(grep -oE -- '--[a-z][a-z-]*' "$T/help.$c" | sort -u); do
    roff=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
    grep -q -- "$roff" "$PAGE" || fail "kopa(1) does not mention $o of kopa $c"
    ok
  done
done
echo "test_man: $checks checks passed"
