#!/bin/sh
# Runs a test on PostgreSQL only: skipped (77, SKIP_RETURN_CODE) unless
# KOPA_TEST_PG names a cluster (make check-pg starts one).
if [ -z "${KOPA_TEST_PG:-}" ]; then
  echo "skipped: KOPA_TEST_PG names no PostgreSQL cluster (make check-pg)"
  exit 77
fi
exec "$@"
