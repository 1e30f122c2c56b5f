#!/usr/bin/env bash
# The daily-work pages in a real browser (tests/browser/run.sh): playwright-core
# driving Debian's chromium against `kopa serve` on a demo database. Skips
# only when chromium is not installed. Env (from ctest): KOPA, KOPA_SRC, KOPA_TMP.
set -euo pipefail
exec bash "${KOPA_SRC:?}/tests/browser/run.sh"
