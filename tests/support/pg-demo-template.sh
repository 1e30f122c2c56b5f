#!/usr/bin/env bash
# Builds the demo template on the cluster KOPA_TEST_PG (tests/support/db.sh)
# before the shell tests that copy it: ctest runs this first as the fixture
# kopa_pg_demo (tests/CMakeLists.txt), so that the minutes `kopa demo` takes
# on PostgreSQL hold one ctest slot while the tests that need no demo run in
# the other, instead of every demo test waiting on the lock.
# Environment (set by ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
T=${KOPA_TMP:?}
rm -rf "$T" && mkdir -p "$T"
. "${KOPA_SRC:?}/tests/support/db.sh"
db_setup "$T"
start=$(date +%s)
tmpl=$(db_demo_template) || exit 1
echo "demo template $tmpl ready after $(($(date +%s) - start)) s"
