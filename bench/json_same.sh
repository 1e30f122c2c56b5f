#!/usr/bin/env bash
# Byte-compares the JSON answers of two builds (issue 10: the client list
# written straight into the answer must say exactly what jansson wrote):
# both servers on their own copy of the demo (bench/run.sh's BENCH_DIR, as
# for bench/ab_cpu.sh), the same GETs to each, `cmp` of the bodies and of
# the status lines. Exit 1 at the first difference.
#
#   bench/json_same.sh OLD_KOPA OLD_BENCH_DIR NEW_KOPA NEW_BENCH_DIR
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,8p "$0" >&2; exit 2; }
OLD=$1 OLD_DIR=$2 NEW=$3 NEW_DIR=$4
PW='Zvaigzne-Lauva-4417-Mezs'
export KOPA_DATA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/data"
"$OLD" serve --db "$OLD_DIR/demo.db" --listen 127.0.0.1:18811 --quiet >/dev/null 2>&1 &
p_old=$!
"$NEW" serve --db "$NEW_DIR/demo.db" --listen 127.0.0.1:18812 --quiet >/dev/null 2>&1 &
p_new=$!
tmp=$(mktemp -d)
trap 'kill $p_old $p_new 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null http://127.0.0.1:18811/ && curl -s -o /dev/null http://127.0.0.1:18812/ && break
  sleep 0.2
done
login() {
  curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$PW\"}" "http://127.0.0.1:$1/api/v1/login" |
    tr -d '\r' | awk -F'[: ;]+' 'tolower($1) == "set-cookie" && $2 ~ /^kopa_session=/ {print $2; exit}'
}
n=0
for user in sw-bauska head-dobele provider-1 sw-jelgava-city; do
  c_old=$(login 18811 $user) c_new=$(login 18812 $user)
  [ -n "$c_old" ] && [ -n "$c_new" ] || { echo "json_same: could not log in as $user" >&2; exit 1; }
  for q in '' 'limit=1' 'limit=500' 'limit=7&offset=3' 'offset=10000' 'q=B%C4%93rzi' 'q=an' 'q=%C5%A0' \
           'q=1975' 'target_group=grt' 'q=%22%5C' 'limit=0' 'limit=abc'; do
    for port in 18811 18812; do
      ck=$c_old; [ $port = 18812 ] && ck=$c_new
      curl -s -o "$tmp/$port.body" -w '%{http_code} %{content_type}\n' -H "Cookie: $ck" \
        "http://127.0.0.1:$port/api/v1/clients?$q" >"$tmp/$port.head"
    done
    if ! cmp -s "$tmp/18811.body" "$tmp/18812.body" || ! cmp -s "$tmp/18811.head" "$tmp/18812.head"; then
      echo "json_same: $user ?$q differs:" >&2
      head -c 400 "$tmp/18811.body" >&2; echo >&2; head -c 400 "$tmp/18812.body" >&2; echo >&2
      exit 1
    fi
    echo "same: $user ?$q ($(cat "$tmp/18812.head" | tr -d '\n'), $(wc -c <"$tmp/18812.body") bytes)"
    n=$((n + 1))
  done
done
echo "json_same: $n answers byte for byte the same"
