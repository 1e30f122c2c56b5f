#!/usr/bin/env bash
# SQL lives in the store and in one query file per aggregate
# (src/service/**/*_sql.c, DESIGN.md "As it grows"); use cases, the demo,
# reports, pages and the CLI hold no SQL and no cursor, whatever the
# backend. Lists every other file that prepares, runs or reads a statement
# and fails.
#
# The one exception: kopa migrate's copier (transfer/db_copy.c) copies
# every table the store lists with statements built from the table names;
# it belongs to no aggregate.
set -u
cd "$(dirname "$0")/.."
pattern='\b(kp_stmt_[a-z_]+|kp_store_prepare|kp_store_exec|kp_sql_(exec|insert|int|text|bind)|kp_rows_(one|all|each)|KP_ROWS_ALL)[[:space:]]*\('
hits=$(grep -rlE "$pattern" src --include='*.c' |
  grep -vE '^src/store/|_sql\.c$|^src/service/(sql|rows)\.c$|^src/service/transfer/db_copy\.c$' | sort)
if [ -n "$hits" ]; then
  echo "SQL or a cursor outside the store and the query files; move it into its aggregate's *_sql.c:"
  echo "$hits"
  exit 1
fi
echo "check-sql-places: SQL only in the store and the query files"
