#!/bin/sh
# Usage: bench/eval-identical.sh KOPA_BEFORE KOPA_AFTER DB...
# The evaluation of each database by two builds of kopa compared: --region
# ALL and each region of the database, at 2021-12-31 and 2019-06-30, CSV
# byte for byte and PDF by its text (pdftotext). Prints each difference;
# exits 1 when there is one. For a change that must not change the report.
set -u
a=$1 b=$2
shift 2
out=$(mktemp -d /tmp/eval-identical.XXXXXX)
bad=0 n=0
for db in "$@"; do
  regions="ALL $(sqlite3 "$db" 'SELECT code FROM region ORDER BY code')"
  for at in 2021-12-31 2019-06-30; do
    for region in $regions; do
      for fmt in csv pdf; do
        for side in a b; do
          eval k=\$$side
          if ! "$k" report evaluation --db "$db" --region "$region" --at "$at" --format "$fmt" \
            --out "$out/$side.$fmt" >"$out/$side.log" 2>&1; then
            echo "FAILED: $k $db $region $at $fmt: $(head -c 300 "$out/$side.log")"
            bad=1
          fi
          [ "$fmt" = pdf ] && pdftotext -q "$out/$side.pdf" "$out/$side.txt" && mv "$out/$side.txt" "$out/$side.$fmt"
        done
        n=$((n + 1))
        if ! cmp -s "$out/a.$fmt" "$out/b.$fmt"; then
          echo "DIFFERS: $db $region $at $fmt"
          diff "$out/a.$fmt" "$out/b.$fmt" | head -10
          bad=1
        fi
      done
    done
  done
done
echo "$n comparisons, $([ $bad = 0 ] && echo all identical || echo SOME DIFFER)"
rm -rf "$out"
exit $bad
