#!/usr/bin/env bash
# The public catalogue end to end (issue 12, item 1): `kopa demo`, `kopa
# serve`, curl without a login. Every demo facility open today is listed
# (a count made apart with sqlite3); the JSON of /api/v1/public/services
# (lv, en, filtered) and its 404 validate against docs/openapi.yaml (OpenAPI
# 3.0's `nullable` read as JSON Schema); no client's name appears on any
# public answer; the ETag answers 304; /clients still redirects to the login.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KOPA=${KOPA:-$here/../../build/kopa}
SRC=${KOPA_SRC:-$here/../..}
T=${KOPA_TMP:-$(mktemp -d)}
rm -rf "$T" && mkdir -p "$T"
. "$SRC/tests/support/db.sh"
db_setup "$T"
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi; db_cleanup; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v curl >/dev/null || fail "curl is needed"
python3 -c 'import yaml, jsonschema' 2>/dev/null || fail "python3-yaml and python3-jsonschema are needed (scripts/install-deps)"

db_demo demo
D=$(db demo)
"$KOPA" serve --db "$D" --listen 127.0.0.1:0 >"$T/out" 2>"$T/log" &
pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$T/out" 2>/dev/null || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "kopa serve did not start: $(cat "$T/log")"
B="http://127.0.0.1:$port"
C=(curl -s --max-time 20)

"${C[@]}" -o "$T/all.json" -D "$T/all.head" "$B/api/v1/public/services"
"${C[@]}" -o "$T/en.json" "$B/api/v1/public/services?lang=en&service=social_rehab"
"${C[@]}" -o "$T/bauska.json" "$B/api/v1/public/services?municipality=0025000&target_group=ft"
code=$("${C[@]}" -o "$T/404.json" -w '%{http_code}' "$B/api/v1/public/services?municipality=0000001")
[ "$code" = 404 ] || fail "unknown municipality answered $code"
"${C[@]}" -o "$T/page.html" "$B/pakalpojumi"
"${C[@]}" -o "$T/page-en.html" "$B/en/services"

python3 - "$SRC/docs/openapi.yaml" "$T" <<'PY'
import json, sys, yaml, jsonschema
spec = yaml.safe_load(open(sys.argv[1]))
schemas = spec["components"]["schemas"]

def conv(node):
    """OpenAPI 3.0 schema → JSON Schema: nullable → a null type, refs inlined."""
    if isinstance(node, list):
        return [conv(x) for x in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return conv(schemas[node["$ref"].split("/")[-1]])
    out = {k: conv(v) for k, v in node.items() if k not in ("nullable", "example", "format")}
    if node.get("nullable"):
        t = out.get("type")
        if t:
            out["type"] = [t, "null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    return out

op = spec["paths"]["/api/v1/public/services"]["get"]["responses"]
ok = conv(op["200"]["content"]["application/json"]["schema"])
nf = conv(op["404"]["content"]["application/json"]["schema"])
for name in ("all", "en", "bauska"):
    doc = json.load(open(f"{sys.argv[2]}/{name}.json"))
    jsonschema.Draft7Validator(ok).validate(doc)
jsonschema.Draft7Validator(nf).validate(json.load(open(f"{sys.argv[2]}/404.json")))
# The schema is not vacuous: a wrong type is caught.
bad = json.load(open(f"{sys.argv[2]}/all.json"))
bad["entries"][0]["free_places"] = "many"
try:
    jsonschema.Draft7Validator(ok).validate(bad)
    sys.exit("a wrong free_places passed the schema")
except jsonschema.ValidationError:
    pass
en = json.load(open(f"{sys.argv[2]}/en.json"))
assert en["lang"] == "en" and en["entries"], "English, social rehabilitation"
assert all(e["service"] in ("social_rehab",) or e["service"] in [s["code"] for s in en["services"] if s["parent"] == "social_rehab"] for e in en["entries"])
b = json.load(open(f"{sys.argv[2]}/bauska.json"))
assert b["entries"] and all(e["municipality"] == "0025000" and "ft" in e["target_groups"] for e in b["entries"])
PY

# Every demo facility open today, each (facility, service) once: counted apart.
today=$(date -u +%F)
want=$(dbq "$D" "SELECT COUNT(*) FROM (SELECT DISTINCT fs.facility_id, fs.service_code FROM facility_service fs
  JOIN facility f ON f.id = fs.facility_id JOIN provider p ON p.id = f.provider_id
  WHERE fs.valid_from <= '$today' AND (fs.valid_to IS NULL OR fs.valid_to >= '$today')
  AND f.opened_on <= '$today' AND (f.closed_on IS NULL OR f.closed_on >= '$today')
  AND p.registered_on <= '$today' AND (p.closed_on IS NULL OR p.closed_on >= '$today')) AS offers")
got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["entries"]))' "$T/all.json")
[ "$got" = "$want" ] || fail "entries $got, facilities' offers open today $want"
[ "$want" -gt 50 ] || fail "the demo has only $want offers open today"
facilities=$(dbq "$D" "SELECT name FROM facility WHERE closed_on IS NULL OR closed_on >= '$today'")
while IFS= read -r name; do
  grep -qF "$(printf '%s' "$name" | sed 's/&/\&amp;/g')" "$T/page.html" || fail "facility not on /pakalpojumi: $name"
done <<<"$facilities"

# No personal data: no client's name on any public answer.
dbq "$D" "SELECT DISTINCT family_name FROM client" >"$T/names"
[ -s "$T/names" ] || fail "the demo has no clients"
for f in all.json en.json bauska.json page.html page-en.html; do
  if grep -qwFf "$T/names" <(python3 -c 'import sys,json
t=open(sys.argv[1]).read()
try: print(json.dumps(json.loads(t), ensure_ascii=False))
except ValueError: print(t)' "$T/$f"); then
    fail "$f holds a client's family name: $(grep -owFf "$T/names" "$T/$f" | head -3 | tr '\n' ' ')"
  fi
done

# The ETag: 304 on If-None-Match.
etag=$(sed -n 's/^ETag: \(.*\)\r$/\1/Ip' "$T/all.head")
[ -n "$etag" ] || fail "no ETag"
code=$("${C[@]}" -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$B/api/v1/public/services")
[ "$code" = 304 ] || fail "If-None-Match answered $code"

# Everything else stays closed.
code=$("${C[@]}" -o /dev/null -w '%{http_code}' "$B/clients")
[ "$code" = 303 ] || fail "/clients without a login answered $code"
code=$("${C[@]}" -o /dev/null -w '%{http_code}' "$B/api/v1/clients")
[ "$code" = 401 ] || fail "/api/v1/clients without a login answered $code"
echo "ok: $got entries; JSON valid against openapi.yaml; no client names; ETag 304; /clients closed"
