#!/usr/bin/env bash
# The install rules (CMakeLists.txt), staged with DESTDIR from this build
# tree: the program, the catalogues exactly as in data/, kopa(1), the docs,
# the units naming the installed program and configuration, and an example
# configuration that kopa accepts; installing again keeps a configuration
# the administrator changed. This tree is configured for the source's data/,
# so the install warns that it is not an install build (make install and
# debian/rules configure one; tests/package/test_deb.sh runs that).
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA="${KOPA:?set KOPA to the kopa binary}"
SRC="${KOPA_SRC:-$here/../..}"
B="$(dirname "$KOPA")"
T="${KOPA_TMP:-${TMPDIR:-/tmp}/kopa-test-install}"
rm -rf "$T" && mkdir -p "$T"
trap '[ "${KOPA_KEEP_TMP:-}" = 1 ] || rm -rf "$T"' EXIT
checks=0
fail() { echo "test_install: FAILED: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }

S="$T/stage"
DESTDIR="$S" cmake --install "$B" >"$T/install.log" 2>&1 || { cat "$T/install.log" >&2; fail "cmake --install"; }
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$B/CMakeCache.txt")
[ -n "$prefix" ] || fail "no CMAKE_INSTALL_PREFIX in $B/CMakeCache.txt"
# Every file the install names (install_manifest.txt, without DESTDIR) is
# under DESTDIR, and nothing else is.
while read -r f || [ -n "$f" ]; do
  [ -f "$S$f" ] || fail "$f is not under DESTDIR"
done <"$B/install_manifest.txt"
[ "$(find "$S" -type f | wc -l)" = "$(grep -c . "$B/install_manifest.txt")" ] ||
  fail "DESTDIR holds other files than the install names"
ok

[ -x "$S$prefix/bin/kopa" ] || fail "no $prefix/bin/kopa"
cmp -s "$KOPA" "$S$prefix/bin/kopa" || fail "$prefix/bin/kopa is not the built program"
ok
diff -r "$SRC/data" "$S$prefix/share/kopa/data" >"$T/diff" || { cat "$T/diff" >&2; fail "the catalogues differ"; }
ok
cmp -s "$SRC/docs/kopa.1" "$S$prefix/share/man/man1/kopa.1" || fail "kopa(1) is not installed"
for d in README.md deploy.md import.md catalogues.md figures.md web.md openapi.yaml; do
  [ -s "$S$prefix/share/doc/kopa/$d" ] || fail "no $prefix/share/doc/kopa/$d"
done
ok

unitdir="$prefix/lib/systemd/system"
unit="$S$unitdir/kopa.service"
[ -f "$unit" ] && [ -f "$S$unitdir/kopa-backup.service" ] && [ -f "$S$unitdir/kopa-backup.timer" ] ||
  fail "the units are not in $unitdir"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
conf=${exec_start##* --config }
[ "$exec_start" = "$prefix/bin/kopa serve --config $conf" ] || fail "kopa.service runs '$exec_start'"
case "$conf" in /*/kopa/kopa.conf) ;; *) fail "the unit's configuration file is $conf" ;; esac
grep -q "^ExecStart=/bin/sh -c 'exec $prefix/bin/kopa backup --config $conf --out /var/backups/kopa/" \
  "$S$unitdir/kopa-backup.service" || fail "kopa-backup.service does not run the installed kopa"
for u in kopa.service kopa-backup.service kopa-backup.timer; do
  grep -q '@[A-Z_]*@' "$S$unitdir/$u" && fail "$u has an unreplaced @VARIABLE@"
done
ok

# The example configuration, as installed, is one kopa accepts: the
# command gets as far as the database, which does not exist here (1, not 2).
[ -f "$S$conf" ] || fail "no example configuration at $conf"
[ "$(stat -c %a "$S$conf")" = 644 ] || fail "$conf has mode $(stat -c %a "$S$conf")"
set +e
"$KOPA" check-db --config "$S$conf" >/dev/null 2>"$T/err"
st=$?
set -e
[ "$st" = 1 ] || { cat "$T/err" >&2; fail "the example configuration: status $st"; }
grep -q "/var/lib/kopa/kopa.db" "$T/err" || { cat "$T/err" >&2; fail "the example does not name /var/lib/kopa/kopa.db"; }
ok

# This tree looks for its catalogues in the source: the install says so.
grep -q "kopa looks for its catalogues in $SRC/data" "$T/install.log" ||
  { cat "$T/install.log" >&2; fail "no warning that this is not an install build"; }
ok

# Again, over a configuration the administrator changed: it is kept.
printf '\n# changed here\n' >>"$S$conf"
DESTDIR="$S" cmake --install "$B" >"$T/install2.log" 2>&1 || fail "cmake --install again"
grep -q '^# changed here$' "$S$conf" || fail "installing again replaced the configuration"
grep -q "Kept: $S$conf" "$T/install2.log" || fail "installing again did not say the configuration is kept"
ok
echo "test_install: $checks checks passed"
