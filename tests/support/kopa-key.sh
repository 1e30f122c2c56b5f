#!/bin/sh
# kopa ($KOPA_REAL) with the key file of the PostgreSQL database it is run
# on: a database on a server has no folder to keep its key beside, as a
# SQLite file does (FILE.key), so the shell tests keep it in
# $KOPA_TEST_KEYS/DATABASE.key (tests/support/db.sh) and this sets
# KOPA_KEY_FILE to it for the database named by --db or --from, unless
# KOPA_KEY_FILE is set already. Everything else goes to kopa unchanged.
if [ -z "${KOPA_KEY_FILE:-}" ] && [ -n "${KOPA_TEST_KEYS:-}" ]; then
  prev=""
  for a in "$@"; do
    case "$prev" in
      --db | --from)
        case "$a" in
          postgres://* | postgresql://*)
            d=${a#*://*/}
            KOPA_KEY_FILE="$KOPA_TEST_KEYS/${d%%\?*}.key"
            export KOPA_KEY_FILE
            break ;;
        esac ;;
    esac
    prev=$a
  done
fi
exec "${KOPA_REAL:?}" "$@"
