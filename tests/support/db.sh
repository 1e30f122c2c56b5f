# Databases for the shell tests (tests/cli, tests/web), on either backend.
# Sourced (bash) by a test after it has made its folder:
#
#   . "$KOPA_SRC/tests/support/db.sh"
#   db_setup "$T"                 # the folder for SQLite files and key files
#
# Without KOPA_TEST_PG every database is a SQLite file DIR/NAME.db with its
# key beside it (NAME.db.key), as kopa makes them. With KOPA_TEST_PG (the
# URL of a cluster; make check-pg starts one and runs the tests labelled pg)
# each NAME is a database of its own on that cluster, named after the test,
# NAME and this shell's pid, dropped when the test ends (db_cleanup, on
# EXIT). Such a database has no file to keep its key beside, so KOPA is
# pointed at tests/support/kopa-key.sh, which runs kopa with KOPA_KEY_FILE
# set to DIR/pg-keys/DATABASE.key for the database named by --db (or
# --from) unless KOPA_KEY_FILE is set.
#
#   db NAME            the database's location (path or URL); nothing made
#   db_fresh NAME      the same, empty (the files removed; the database created)
#   db_key NAME|DB     its key file
#   db_demo NAME       a fresh `kopa demo`, its accounts' password $DEMO_PW; on
#                      PostgreSQL a copy of one built once per cluster (below)
#   db_copy FROM TO    a copy of database FROM (and its key) as TO
#   dbq DB SQL         the rows of SQL (one or more statements), as sqlite3
#                      prints them: one a line, columns joined by |, NULL empty
#   dbq_live DB SQL    the same in the side tables (FILE.db.live; the live schema)
#   db_dump DB         the whole content as text (sqlite3 .dump; pg_dump)
#   db_is_pg           true on PostgreSQL
#
# SQL given to dbq must run on both: no instr, group_concat, PRAGMA, a
# subquery in FROM has an alias, booleans are not numbers (CASE WHEN).
#
# The demo on PostgreSQL takes minutes, so it is built once per cluster and
# kopa binary (a template database kt_demo_<hash of kopa and data/>, under
# a lock file, so that tests running in parallel wait for the one building
# it) and each test gets CREATE DATABASE … TEMPLATE of it: a file copy.

DEMO_PW=demo-test-pass-4821

db_is_pg() { [ -n "${KOPA_TEST_PG:-}" ]; }

db_setup() {
  _db_dir=$(cd "$1" && pwd)
  _db_made=()
  if db_is_pg; then
    command -v psql >/dev/null || { echo "FAIL: psql is needed for KOPA_TEST_PG" >&2; exit 1; }
    _db_test=$(basename "$0" .sh)
    _db_test=${_db_test#test_}
    export KOPA_TEST_KEYS="$_db_dir/pg-keys"
    mkdir -p "$KOPA_TEST_KEYS"
    chmod 700 "$KOPA_TEST_KEYS"
    if [ -z "${KOPA_REAL:-}" ]; then
      export KOPA_REAL="$KOPA"
      KOPA="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/kopa-key.sh"
      export KOPA
    fi
    trap db_cleanup EXIT
  fi
}

# The database name of NAME on the cluster: kt_TEST_NAME_PID, lower case.
_db_name() {
  local n
  n=$(printf 'kt_%s_%s' "$_db_test" "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_\n' '_' | cut -c1-50)
  printf '%s_%s' "$n" "$$"
}

# The cluster's URL with database D in its path.
_db_url() {
  printf '%s' "$KOPA_TEST_PG" | sed "s,^\(postgres[a-z]*://[^/?]*/\)[^?]*,\1$1,"
}

_db_admin() { # SQL… on the cluster's maintenance database
  local a=()
  for s in "$@"; do a+=(-c "$s"); done
  psql "$KOPA_TEST_PG" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" "${a[@]}" >/dev/null
}

db() {
  if db_is_pg; then _db_url "$(_db_name "$1")"; else printf '%s/%s.db' "$_db_dir" "$1"; fi
}

db_key() {
  case "$1" in
    postgres://* | postgresql://*)
      local d=${1#*://*/}
      printf '%s/%s.key' "$KOPA_TEST_KEYS" "${d%%\?*}" ;;
    */* | *.db) printf '%s.key' "$1" ;;
    *) db_key "$(db "$1")" ;;
  esac
}

_db_remember() { # database name → dropped at the end
  local d
  for d in "${_db_made[@]}"; do [ "$d" = "$1" ] && return 0; done
  _db_made+=("$1")
}

db_fresh() {
  local p
  p=$(db "$1")
  if db_is_pg; then
    local n
    n=$(_db_name "$1")
    _db_admin "DROP DATABASE IF EXISTS $n WITH (FORCE)" "CREATE DATABASE $n TEMPLATE template0 ENCODING 'UTF8'" ||
      { echo "FAIL: cannot create the database $n on KOPA_TEST_PG" >&2; exit 1; }
    _db_remember "$n"
    rm -f "$(db_key "$p")"
  else
    rm -f "$p" "$p"-wal "$p"-shm "$p".key "$p".live "$p".live-wal "$p".live-shm
  fi
}

db_cleanup() {
  [ "${KOPA_KEEP_TMP:-}" = 1 ] && return 0
  local n
  for n in "${_db_made[@]}"; do
    _db_admin "DROP DATABASE IF EXISTS $n WITH (FORCE)" 2>/dev/null || true
  done
  _db_made=()
}

dbq() {
  case "$1" in
    postgres://* | postgresql://*)
      printf '%s;\n' "$2" | psql "$1" -X -A -t -q -v ON_ERROR_STOP=1 -f - ;;
    *) sqlite3 "$1" "$2" ;;
  esac
}

dbq_live() {
  case "$1" in
    postgres://* | postgresql://*)
      printf 'SET search_path = live, public;\n%s;\n' "$2" | psql "$1" -X -A -t -q -v ON_ERROR_STOP=1 -f - ;;
    *) sqlite3 "$1.live" "$2" ;;
  esac
}

db_dump() {
  case "$1" in
    # (without the random key of pg_dump's \restrict line, new in each dump)
    postgres://* | postgresql://*) pg_dump --no-owner -n public "$1" | grep -v '^\\\(un\)\?restrict ' ;;
    *) sqlite3 "$1" .dump ;;
  esac
}

# The folder for state shared by the tests of one cluster: its socket
# directory when the URL names one (removed with the cluster), else /tmp.
_db_shared_dir() {
  local h
  h=$(printf '%s' "$KOPA_TEST_PG" | sed -n 's/.*[?&]host=\([^&]*\).*/\1/p')
  h=$(printf '%b' "${h//%/\\x}")
  if [ -n "$h" ] && [ -d "$h" ] && [ -w "$h" ]; then
    printf '%s/kopa-test' "$h"
  else
    printf '%s/kopa-test-%s' "${TMPDIR:-/tmp}" "$(printf '%s' "$KOPA_TEST_PG" | sha256sum | cut -c1-12)"
  fi
}

# The demo template of this kopa and these catalogues on the cluster: built
# by the first test that asks, under a lock; prints its name.
db_demo_template() {
  local shared hash tmpl lock
  shared=$(_db_shared_dir)
  mkdir -p "$shared"
  hash=$(cat "${KOPA_REAL:-$KOPA}" "${KOPA_DATA_DIR:-$KOPA_SRC/data}"/*.csv 2>/dev/null | sha256sum | cut -c1-12)
  tmpl=kt_demo_$hash
  lock="$shared/$tmpl.lock"
  (
    flock -w 1200 9 || { echo "FAIL: waited 20 minutes for the demo template $tmpl" >&2; exit 1; }
    have=$(psql "$KOPA_TEST_PG" -X -A -t -q -c "SELECT 1 FROM pg_database WHERE datname = '$tmpl'")
    [ "$have" = 1 ] && [ -f "$shared/$tmpl.key" ] && exit 0
    echo "building the demo on PostgreSQL once for this cluster: $tmpl" >&2
    _db_admin "DROP DATABASE IF EXISTS ${tmpl}_build WITH (FORCE)" "DROP DATABASE IF EXISTS $tmpl WITH (FORCE)" \
      "CREATE DATABASE ${tmpl}_build TEMPLATE template0 ENCODING 'UTF8'" || exit 1
    rm -f "$shared/${tmpl}_build.key"
    KOPA_TEST_FAST_PWHASH=1 KOPA_KEY_FILE="$shared/${tmpl}_build.key" "${KOPA_REAL:-$KOPA}" demo \
      --db "$(_db_url "${tmpl}_build")" --demo-password "$DEMO_PW" >"$shared/$tmpl.out" 2>&1 ||
      { cat "$shared/$tmpl.out" >&2; echo "FAIL: kopa demo on PostgreSQL" >&2; exit 1; }
    mv "$shared/${tmpl}_build.key" "$shared/$tmpl.key"
    _db_admin "ALTER DATABASE ${tmpl}_build RENAME TO $tmpl" || exit 1
  ) 9>"$lock" || return 1
  printf '%s' "$tmpl"
}

db_demo() {
  local p
  p=$(db "$1")
  if db_is_pg; then
    local tmpl n
    tmpl=$(db_demo_template) || { echo "FAIL: no demo template on KOPA_TEST_PG" >&2; return 1; }
    n=$(_db_name "$1")
    _db_admin "DROP DATABASE IF EXISTS $n WITH (FORCE)" "CREATE DATABASE $n TEMPLATE $tmpl" ||
      { echo "FAIL: cannot copy the demo template $tmpl to $n" >&2; return 1; }
    _db_remember "$n"
    cp "$(_db_shared_dir)/$tmpl.key" "$(db_key "$p")"
    chmod 600 "$(db_key "$p")"
  else
    db_fresh "$1"
    "$KOPA" demo --db "$p" --demo-password "$DEMO_PW" >/dev/null
  fi
}

db_copy() {
  local from to
  from=$(db "$1")
  to=$(db "$2")
  if db_is_pg; then
    local n
    n=$(_db_name "$2")
    _db_admin "DROP DATABASE IF EXISTS $n WITH (FORCE)" "CREATE DATABASE $n TEMPLATE $(_db_name "$1")" ||
      { echo "FAIL: cannot copy $1 to $2 on KOPA_TEST_PG" >&2; return 1; }
    _db_remember "$n"
  else
    db_fresh "$2"
    cp "$from" "$to"
    [ ! -e "$from.live" ] || cp "$from.live" "$to.live"
  fi
  cp "$(db_key "$from")" "$(db_key "$to")"
}
